// What the Audit screen shows (its filters), kept in the address's hash like the Inventory's, so a
// reload or a link keeps it. Parsed defensively: a hand-edited address falls back to no filter.
import { create } from 'zustand';
import { auditActions, auditOutcomes, type AuditAction, type AuditFilter, type AuditOutcome } from '../../../src-shared/audit';
import { withAnyLabel } from '../../../src-shared/tenant-labels';
import { addressQuery, writeAddress } from '../../app/address';

export interface AuditView {
  tenantIds: string[];
  /** Entries of tenants carrying any of these labels (compared without case); main is sent their ids. */
  labels: string[];
  actions: AuditAction[];
  outcomes: AuditOutcome[];
  /** As a `datetime-local` input holds it (`2025-03-01T10:00`, local time); '' for no bound. */
  from: string;
  to: string;
  query: string;
}

export const noAuditFilter: AuditView = { tenantIds: [], labels: [], actions: [], outcomes: [], from: '', to: '', query: '' };

const localMinute = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const words = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const known = <T extends string>(values: readonly T[], v: string | null): T[] => words(v).filter((w): w is T => values.includes(w as T));
const minute = (v: string | null) => (v && localMinute.test(v) && !Number.isNaN(Date.parse(v)) ? v : '');

export function parseAuditView(query: string): AuditView {
  const p = new URLSearchParams(query);
  return {
    tenantIds: words(p.get('tenants')),
    // One `label=` each: a label is free text and may hold a comma.
    labels: [...new Set(p.getAll('label').map((l) => l.trim()))].filter(Boolean),
    actions: known(auditActions, p.get('actions')),
    outcomes: known(auditOutcomes, p.get('outcomes')),
    from: minute(p.get('from')),
    to: minute(p.get('to')),
    query: p.get('q') ?? '',
  };
}

export function serializeAuditView(view: AuditView): string {
  const p = new URLSearchParams();
  if (view.query) p.set('q', view.query);
  for (const [key, values] of [
    ['tenants', view.tenantIds],
    ['actions', view.actions],
    ['outcomes', view.outcomes],
  ] as const) {
    if (values.length) p.set(key, values.join(','));
  }
  for (const label of view.labels) p.append('label', label);
  if (view.from) p.set('from', view.from);
  if (view.to) p.set('to', view.to);
  return p.toString();
}

/**
 * The filter main applies. A `to` minute is inclusive: it runs to the end of that minute. Chosen
 * labels become the ids of the tenants (of `tenants`, the profiles) that carry any of them, within
 * the chosen tenants if any: possibly none, and then no entry matches.
 */
export function auditFilterOf(view: AuditView, tenants: readonly { id: string; labels: readonly string[] }[] = []): AuditFilter {
  const at = (local: string, plusMs: number) => new Date(Date.parse(local) + plusMs).toISOString();
  const tenantIds = view.labels.length
    ? withAnyLabel(tenants, view.labels)
        .map((t) => t.id)
        .filter((id) => view.tenantIds.length === 0 || view.tenantIds.includes(id))
    : view.tenantIds;
  return {
    ...(view.tenantIds.length || view.labels.length ? { tenantIds } : {}),
    ...(view.actions.length ? { actions: view.actions } : {}),
    ...(view.outcomes.length ? { outcomes: view.outcomes } : {}),
    ...(view.from ? { from: at(view.from, 0) } : {}),
    ...(view.to ? { to: at(view.to, 59_999) } : {}),
    ...(view.query.trim() ? { query: view.query.trim() } : {}),
  };
}

export function isFiltered(view: AuditView): boolean {
  return serializeAuditView(view) !== '';
}

interface AuditViewStore extends AuditView {
  update(change: Partial<AuditView>): void;
}

function viewOf(store: AuditViewStore): AuditView {
  const { tenantIds, labels, actions, outcomes, from, to, query } = store;
  return { tenantIds, labels, actions, outcomes, from, to, query };
}

export const useAuditView = create<AuditViewStore>((set, get) => ({
  ...parseAuditView(addressQuery('audit') ?? ''),
  update(change) {
    set(change);
    writeAddress('audit', serializeAuditView(viewOf(get())));
  },
}));

/** The view now, for the address when the screen is opened. */
export const currentAuditView = () => viewOf(useAuditView.getState());
