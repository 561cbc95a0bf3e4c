// The one rule for what a sweep found that is new, by comparing each tenant's sweep with the one
// before it: a key that started failing (it was fine, or not known, and the provider now refuses
// it), and a model a config uses that its credential no longer lists (and listed, or was not known
// to list, before). A finding that was already there last time is no alert: it was said then.
import type { SweepStatus, TenantSweep } from '../../src-shared/inventory';
import type { SweepAlert } from '../../src-shared/sweep-alerts';

/** The verdicts that say the provider refuses the key: 401 (rejected) and 403 (forbidden). */
const failing: ReadonlySet<SweepStatus> = new Set(['rejected', 'forbidden']);

export interface TenantSweepChange {
  tenantId: string;
  tenantName: string;
  /** The tenant's last sweep before this one; absent when it was never swept. */
  before?: TenantSweep | undefined;
  /** This sweep; absent (or the same as before) when the tenant could not be swept. */
  after?: TenantSweep | undefined;
  /** The tenant's credentials, for their names. */
  credentials: readonly { id: string; name: string }[];
}

export function findSweepAlerts(change: TenantSweepChange): SweepAlert[] {
  const { before, after } = change;
  if (!after || (before && before.sweptAt === after.sweptAt)) return [];
  const earlier = new Map((before?.credentials ?? []).map((c) => [c.credentialId, c]));
  const alerts: SweepAlert[] = [];
  for (const now of after.credentials) {
    const then = earlier.get(now.credentialId);
    const base = {
      tenantId: change.tenantId,
      tenantName: change.tenantName,
      credentialId: now.credentialId,
      credentialName: change.credentials.find((c) => c.id === now.credentialId)?.name ?? now.credentialId,
      at: after.sweptAt,
    };
    if (failing.has(now.status)) {
      if (!then || !failing.has(then.status)) alerts.push({ ...base, kind: 'key_failing' });
      continue;
    }
    if (now.status !== 'ok') continue;
    // Missing before only counts when the provider listed then: otherwise it was not known.
    const missingBefore = new Set(then?.status === 'ok' ? then.missingModels : []);
    for (const model of now.missingModels) {
      if (!missingBefore.has(model)) alerts.push({ ...base, kind: 'model_missing', model });
    }
  }
  return alerts;
}
