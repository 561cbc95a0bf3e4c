// Tenant labels as a filter: one rule ("carries any of these labels", without case or the spaces
// around them) for the Inventory, plan targets, rotation, the audit log and the scheduled sweep;
// the Inventory's and the audit log's label choice kept in the address, over a reload.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditFilterMatcher, type AuditEntry } from '../../src-shared/audit';
import { emptyFilters, filterRows, inventoryRows } from '../../src-shared/inventory-rows';
import { hasAnyLabel, labelChoices, withAnyLabel } from '../../src-shared/tenant-labels';
import { auditFilterOf, noAuditFilter, parseAuditView, serializeAuditView } from '../../src-renderer/features/audit/view-state';
import { defaultView, parseView, serializeView } from '../../src-renderer/features/inventory/view-state';
import { tenantsToSweep } from '../../src-main/sweep-schedule/scheduled-sweep';
import { config, inventory, state } from './drift-fixtures';

/** The same label as a person might type it: any letter's case changed, spaces and tabs around it. */
const retyped = (label: string) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: [...label].length, maxLength: [...label].length }),
      fc.constantFrom('', ' ', '  ', '\t', ' \u00a0'),
      fc.constantFrom('', ' ', '\t ', '\n'),
    )
    .map(([upper, before, after]) => before + [...label].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('') + after);

const label = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((l) => l.trim() !== '');
const labels = fc.array(label, { maxLength: 5 });

describe('hasAnyLabel', () => {
  it('is the same however the chosen labels are cased or spaced', () => {
    fc.assert(
      fc.property(
        // The tenant's labels and the chosen ones drawn from one small pool, so they often meet.
        fc
          .array(label, { minLength: 1, maxLength: 6 })
          .chain((pool) => fc.tuple(fc.subarray(pool), fc.subarray(pool)))
          .chain(([tenant, chosen]) => fc.tuple(fc.constant(tenant), fc.constant(chosen), fc.tuple(...chosen.map(retyped)))),
        ([tenant, chosen, typed]) => {
          expect(hasAnyLabel(tenant, typed)).toBe(hasAnyLabel(tenant, chosen));
          // And the tenant's own labels, too.
          expect(hasAnyLabel(typed, tenant)).toBe(hasAnyLabel(chosen, tenant));
        },
      ),
    );
  });

  it('finds a tenant by any of its labels, retyped', () => {
    fc.assert(
      fc.property(
        fc
          .array(label, { minLength: 1, maxLength: 5 })
          .chain((tenant) => fc.tuple(fc.constant(tenant), fc.constantFrom(...tenant).chain(retyped))),
        labels,
        ([tenant, typed], others) => {
          expect(hasAnyLabel(tenant, [...others, typed])).toBe(true);
        },
      ),
    );
  });

  it('keeps every tenant when no label (or only blank ones) is chosen', () => {
    fc.assert(
      fc.property(labels, fc.array(fc.constantFrom('', ' ', '\t'), { maxLength: 3 }), (tenant, blanks) => {
        expect(hasAnyLabel(tenant, [])).toBe(true);
        expect(hasAnyLabel(tenant, blanks)).toBe(true);
      }),
    );
  });

  it('leaves out a tenant with none of the labels', () => {
    expect(hasAnyLabel(['emea', 'acme'], ['amer'])).toBe(false);
    expect(hasAnyLabel([], ['amer'])).toBe(false);
    expect(hasAnyLabel(['Straße'], ['STRASSE'])).toBe(true);
    expect(hasAnyLabel(['north america'], ['North  America'])).toBe(false);
  });

  it('is the rule of the scheduled sweep too', () => {
    const tenants = [
      { id: 'a', name: 'Alpha', labels: ['EMEA', 'acme'] },
      { id: 'b', name: 'Beta', labels: ['emea'] },
      { id: 'g', name: 'Gamma', labels: ['amer'] },
    ];
    fc.assert(
      fc.property(fc.subarray(['emea', ' Acme', 'AMER', 'apac']), (chosen) => {
        expect(tenantsToSweep(tenants, chosen)).toEqual(withAnyLabel(tenants, chosen).map((t) => t.id));
      }),
    );
    expect(tenantsToSweep(tenants, [' eMeA '])).toEqual(['a', 'b']);
  });
});

describe('labelChoices', () => {
  it('offers every label once, whatever its case, sorted', () => {
    expect(labelChoices([{ labels: ['emea', 'acme'] }, { labels: ['EMEA '] }, { labels: ['Amer'] }, { labels: [] }])).toEqual([
      'acme',
      'Amer',
      'emea',
    ]);
  });
});

describe('the Inventory', () => {
  const acme = { id: 'acme', name: 'Acme', environment: { label: 'staging', color: '#bf8700' }, labels: ['emea', 'acme'] };
  const beta = { id: 'beta', name: 'Beta', environment: { label: 'staging', color: '#bf8700' }, labels: ['amer'] };
  const rows = inventoryRows(
    [
      state(inventory(acme, [config('a-1', 'Acme GPT', 'openai', 'gpt-4o')])),
      state(inventory(beta, [config('b-1', 'Beta GPT', 'openai', 'gpt-4o')])),
    ],
    [acme, beta],
  );

  it('shows the rows of tenants carrying a chosen label', () => {
    const names = (chosen: string[]) => filterRows(rows, { ...emptyFilters, labels: chosen }).map((r) => r.tenant.name);
    expect(names([])).toEqual(['Acme', 'Beta']);
    expect(names(['EMEA'])).toEqual(['Acme']);
    expect(names(['acme', 'amer'])).toEqual(['Acme', 'Beta']);
    expect(names(['apac'])).toEqual([]);
  });

  it('keeps the chosen labels in the address: any text, in order, back as they were', () => {
    fc.assert(
      fc.property(fc.uniqueArray(label.map((l) => l.trim())), fc.array(fc.uuid(), { maxLength: 2 }), (chosen, tenantIds) => {
        const view = { ...defaultView, filters: { ...emptyFilters, labels: chosen, tenantIds, expiringOnly: true } };
        expect(parseView(serializeView(view))).toEqual(view);
      }),
    );
    expect(serializeView({ ...defaultView, filters: { ...emptyFilters, labels: ['emea', 'a, b'] } })).toBe('label=emea&label=a%2C+b');
    expect(parseView('').filters.labels).toEqual([]);
  });
});

describe('the audit log', () => {
  const tenants = [
    { id: 'a', labels: ['emea', 'acme'] },
    { id: 'b', labels: ['EMEA'] },
    { id: 'g', labels: ['amer'] },
  ];
  const entry = (tenantId: string) => ({ tenantId, objects: [], action: 'preference.set', outcome: 'ok', at: '2030-01-01T00:00:00Z' });
  const shown = (filter: ReturnType<typeof auditFilterOf>) =>
    ['a', 'b', 'g', 'removed'].filter((id) => auditFilterMatcher(filter)(entry(id) as unknown as AuditEntry));

  it('lists the entries of tenants carrying a chosen label, within the chosen tenants', () => {
    expect(shown(auditFilterOf(noAuditFilter, tenants))).toEqual(['a', 'b', 'g', 'removed']);
    expect(shown(auditFilterOf({ ...noAuditFilter, labels: ['emea'] }, tenants))).toEqual(['a', 'b']);
    expect(shown(auditFilterOf({ ...noAuditFilter, labels: ['emea'], tenantIds: ['b', 'g'] }, tenants))).toEqual(['b']);
    // No tenant carries it: nothing, not everything.
    expect(auditFilterOf({ ...noAuditFilter, labels: ['apac'] }, tenants).tenantIds).toEqual([]);
    expect(shown(auditFilterOf({ ...noAuditFilter, labels: ['apac'] }, tenants))).toEqual([]);
  });

  it('keeps the chosen labels in the address', () => {
    fc.assert(
      fc.property(fc.uniqueArray(label.map((l) => l.trim())), (chosen) => {
        const view = { ...noAuditFilter, labels: chosen, query: 'gpt' };
        expect(parseAuditView(serializeAuditView(view))).toEqual(view);
      }),
    );
  });
});
