// The alert rule of the scheduled health sweep: what a sweep found that is new since the one before.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSweepAlerts, type TenantSweepChange } from '../../src-main/sweep-schedule/find-alerts';
import { sweepStatuses, type CredentialHealth, type SweepStatus, type TenantSweep } from '../../src-shared/inventory';

const tenantId = randomUUID();
const credentials = [
  { id: 'cred-1', name: 'Team OpenAI' },
  { id: 'cred-2', name: 'Team Anthropic' },
];

function health(credentialId: string, status: SweepStatus, missingModels: string[] = []): CredentialHealth {
  return {
    credentialId,
    status,
    provider: 'openai',
    providerAssumed: false,
    modelCount: status === 'ok' ? 10 : null,
    missingModels: status === 'ok' ? missingModels : [],
    listedModels: [],
    message: null,
    advice: null,
  };
}

const sweep = (sweptAt: string, ...healths: CredentialHealth[]): TenantSweep => ({ tenantId, sweptAt, credentials: healths });
const change = (before: TenantSweep | undefined, after: TenantSweep | undefined): TenantSweepChange => ({
  tenantId,
  tenantName: 'Acme',
  before,
  after,
  credentials,
});
const t1 = '2026-03-01T10:00:00.000Z';
const t2 = '2026-03-01T11:00:00.000Z';

describe('the scheduled sweep’s alerts', () => {
  it('a key that was fine and is now refused is an alert naming the tenant and the credential', () => {
    const alerts = findSweepAlerts(
      change(sweep(t1, health('cred-1', 'ok'), health('cred-2', 'ok')), sweep(t2, health('cred-1', 'rejected'), health('cred-2', 'ok'))),
    );
    expect(alerts).toEqual([
      { tenantId, tenantName: 'Acme', credentialId: 'cred-1', credentialName: 'Team OpenAI', kind: 'key_failing', at: t2 },
    ]);
  });

  it.each<[string, TenantSweep | undefined, SweepStatus]>([
    ['never swept before', undefined, 'rejected'],
    ['an error before (not known)', sweep(t1, health('cred-1', 'error')), 'rejected'],
    ['not listed before', sweep(t1, health('cred-1', 'unlisted')), 'forbidden'],
  ])('a key refused now is an alert when it was %s', (_, before, now) => {
    expect(findSweepAlerts(change(before, sweep(t2, health('cred-1', now)))).map((a) => a.kind)).toEqual(['key_failing']);
  });

  it('a key refused last time too is no new alert', () => {
    expect(findSweepAlerts(change(sweep(t1, health('cred-1', 'rejected')), sweep(t2, health('cred-1', 'forbidden'))))).toEqual([]);
  });

  it('a model a config uses that the credential stopped listing is an alert naming the model', () => {
    const alerts = findSweepAlerts(
      change(sweep(t1, health('cred-2', 'ok', ['a'])), sweep(t2, health('cred-2', 'ok', ['a', 'claude-old']))),
    );
    expect(alerts).toEqual([
      {
        tenantId,
        tenantName: 'Acme',
        credentialId: 'cred-2',
        credentialName: 'Team Anthropic',
        kind: 'model_missing',
        model: 'claude-old',
        at: t2,
      },
    ]);
  });

  it('a missing model is new when the provider did not list before (the key was refused then)', () => {
    const alerts = findSweepAlerts(change(sweep(t1, health('cred-2', 'rejected')), sweep(t2, health('cred-2', 'ok', ['m']))));
    expect(alerts.map((a) => [a.kind, a.model])).toEqual([['model_missing', 'm']]);
  });

  it('a tenant that could not be swept (its sweep is the one before, or none) has no alert', () => {
    const before = sweep(t1, health('cred-1', 'rejected'));
    expect(findSweepAlerts(change(before, before))).toEqual([]);
    expect(findSweepAlerts(change(before, undefined))).toEqual([]);
  });

  it('a credential not in the listing any more is named by its id', () => {
    const alerts = findSweepAlerts({ ...change(undefined, sweep(t2, health('gone', 'rejected'))), credentials: [] });
    expect(alerts.map((a) => a.credentialName)).toEqual(['gone']);
  });

  const healthArb = fc
    .record({
      id: fc.constantFrom('cred-1', 'cred-2', 'cred-3'),
      status: fc.constantFrom(...sweepStatuses),
      missing: fc.uniqueArray(fc.constantFrom('m1', 'm2', 'm3'), { maxLength: 3 }),
    })
    .map((h) => health(h.id, h.status, h.missing));
  const healthsArb = fc.uniqueArray(healthArb, { selector: (h) => h.credentialId, maxLength: 3 });

  it('a sweep that finds what the one before found says nothing new', () => {
    fc.assert(
      fc.property(healthsArb, (healths) => {
        expect(findSweepAlerts(change(sweep(t1, ...healths), sweep(t2, ...healths)))).toEqual([]);
      }),
    );
  });

  it('every alert is something wrong now that was not wrong, or not known, before', () => {
    fc.assert(
      fc.property(fc.option(healthsArb, { nil: undefined }), healthsArb, (before, after) => {
        const then = before ? sweep(t1, ...before) : undefined;
        for (const alert of findSweepAlerts(change(then, sweep(t2, ...after)))) {
          const now = after.find((h) => h.credentialId === alert.credentialId)!;
          const earlier = before?.find((h) => h.credentialId === alert.credentialId);
          if (alert.kind === 'key_failing') {
            expect(['rejected', 'forbidden']).toContain(now.status);
            expect(['rejected', 'forbidden']).not.toContain(earlier?.status);
          } else {
            expect(now.status).toBe('ok');
            expect(now.missingModels).toContain(alert.model);
            if (earlier?.status === 'ok') expect(earlier.missingModels).not.toContain(alert.model);
          }
        }
      }),
    );
  });
});
