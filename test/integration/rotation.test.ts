// Rotating a key through the real services: the credentials that hold it on every tenant are found
// from the inventory, patched in place and validated again; a tenant that refuses the new key is
// said plainly and no other is touched; a tenant without PATCH goes through the fallback, its
// default and override moved, nothing orphaned. Every change is in the audit log.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { JobView } from '../../src-shared/jobs';
import { findRotationMatches, type RotationMatch } from '../../src-shared/rotation';
import type { OperationTarget, TenantOperationReport } from '../../src-shared/tenant-operation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential, GUIDE_CREDENTIALS } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk rotation test ${randomUUID()}`);
const oldKey = `sk-old-${randomUUID().slice(0, 8)}a1b2`;
const newKey = `sk-new-${randomUUID().slice(0, 8)}c3d4`;
const baseUrl = 'https://api.groq.com/openai/v1';
const fakes: FakeTenant[] = [];
const running: Services[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

async function tenantWithKey(options: Parameters<typeof startFakeTenant>[0] = {}) {
  const f = await startFakeTenant({ builtInConfigs: false, ...options });
  fakes.push(f);
  const credentialId = await createCredential(f, { name: 'Groq team', creds_type: 'API_KEY', api_key: oldKey, base_url: baseUrl });
  const configs = [
    await createConfig(f, { name: 'Llama', provider: 'openai', llm_credentials_id: credentialId, model_name: 'llama-3.3-70b-versatile' }),
    await createConfig(f, { name: 'Qwen', provider: 'openai', llm_credentials_id: credentialId, model_name: 'qwen/qwen3-32b' }),
  ];
  return { fake: f, credentialId, configs };
}

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

async function setUp(tenants: Awaited<ReturnType<typeof tenantWithKey>>[]) {
  const started = startServices(secrets);
  running.push(started.services);
  const ids: string[] = [];
  for (const [i, t] of tenants.entries()) ids.push((await addApiTokenProfile(started.handlers, `Tenant ${i + 1}`, t.fake)).id);
  await finished(started.seen, (await started.handlers.startInventoryRefresh({ tenantIds: ids })).id);
  const states = await started.handlers.getInventory({ tenantIds: ids });
  const profiles = (await started.handlers.listTenantProfiles(undefined)).profiles;
  const matches = findRotationMatches(
    { tenantId: ids[0]!, credentialId: tenants[0]!.credentialId },
    states,
    profiles.map((p) => ({ id: p.id, name: p.name, environment: p.environment })),
  );
  return { ...started, ids, matches };
}

/** A tenant's part of the rotation: the report every operation makes. */
const reportOf = (job: JobView, tenantId: string) => job.tenants[tenantId]!.result as TenantOperationReport;
/** How each credential of the tenant ended. */
const reportsOf = (job: JobView, tenantId: string): OperationTarget[] => reportOf(job, tenantId).targets ?? [];
/** What the page sends for each match: the credential, and the key it holds as the page saw it. */
const targetsOf = (matches: RotationMatch[]) => matches.map(({ tenantId, credentialId, key }) => ({ tenantId, credentialId, key }));

/** The fallback on every match, the new key for all, to its end. */
async function replaceAll(handlers: Services['handlers'], seen: { jobs: JobView[] }, matches: RotationMatch[]) {
  const started = await handlers.startRotation({
    providerId: 'openai_compatible',
    values: { api_key: newKey },
    targets: targetsOf(matches),
    confirmations: {},
    fallback: true,
  });
  return finished(seen, started.id);
}

describe('rotating a key', () => {
  it('finds the key on every tenant, patches it in place, validates again and leaves the configs alone', async () => {
    const tenants = [await tenantWithKey(), await tenantWithKey(), await tenantWithKey()];
    // Another key of the same provider on the first tenant is not the same key.
    await createCredential(tenants[0]!.fake, {
      name: 'Groq other',
      creds_type: 'API_KEY',
      api_key: 'sk-another-key-zz99',
      base_url: baseUrl,
    });
    const { handlers, seen, ids, matches } = await setUp(tenants);
    expect(matches.map((m) => [m.tenantId, m.strength])).toEqual([
      [ids[0], 'source'],
      [ids[1], 'same-key'],
      [ids[2], 'same-key'],
    ]);
    expect(matches[1]!.reasons).toEqual([`same Base URL ${baseUrl}`, 'API Key ends a1b2']);
    const configsBefore = tenants.map((t) => t.fake.state().configs);
    for (const t of tenants) t.fake.clearRequests();

    const job = await finished(
      seen,
      (
        await handlers.startRotation({
          providerId: 'openai_compatible',
          values: { api_key: newKey },
          targets: targetsOf(matches),
          confirmations: {},
          fallback: false,
        })
      ).id,
    );
    for (const [i, t] of tenants.entries()) {
      expect(job.tenants[ids[i]!]!.status).toBe('ok');
      expect(reportsOf(job, ids[i]!)).toMatchObject([{ outcome: 'rotated' }]);
      expect(reportOf(job, ids[i]!).steps.map((x) => x.label)).toContain('Every config’s model is listed');
      const credential = t.fake.state().credentials.find((c) => c.id === t.credentialId)!;
      expect(credential.secrets.api_key).toBe(newKey);
      expect(t.fake.state().configs).toEqual(configsBefore[i]);
      // The new key went in first, then it was validated.
      const calls = t.fake
        .requests()
        .filter((r) => r.path.startsWith(`/ai/api/v1/llm_credentials/${t.credentialId}`))
        .map((r) => `${r.method} ${r.path.endsWith('/validate') ? 'validate' : 'credential'}`);
      expect(calls.slice(0, 2)).toEqual(['PATCH credential', 'POST validate']);
    }
    expect(tenants[0]!.fake.state().credentials.find((c) => c.name === 'Groq other')!.secrets.api_key).toBe('sk-another-key-zz99');
    const { entries } = await handlers.listAuditEntries({ actions: ['credential.rotate'] });
    expect(entries.map((e) => e.tenantId).sort()).toEqual([...ids].sort());
    expect(JSON.stringify(entries)).not.toContain(newKey);
  });

  it('says plainly when one tenant refuses the new key, and touches no other', async () => {
    const tenants = [await tenantWithKey(), await tenantWithKey({ rejectedSecrets: [newKey] })];
    const { handlers, seen, ids, matches } = await setUp(tenants);
    const job = await finished(
      seen,
      (
        await handlers.startRotation({
          providerId: 'openai_compatible',
          values: { api_key: newKey },
          targets: targetsOf(matches),
          confirmations: {},
          fallback: false,
        })
      ).id,
    );
    expect(reportsOf(job, ids[0]!)[0]!.outcome).toBe('rotated');
    expect(job.tenants[ids[1]!]).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('The old key is no longer on this tenant') },
    });
    expect(reportsOf(job, ids[1]!)[0]).toMatchObject({ outcome: 'rejected' });
    expect(reportOf(job, ids[1]!).advice).toMatchObject({ cause: 'Invalid API key or credentials' });
    expect(tenants[0]!.fake.state().credentials[0]!.secrets.api_key).toBe(newKey);
  });

  it(
    'replaces the credential where the tenant has no PATCH: successor, ' +
      'configs recreated, default and override moved, nothing orphaned',
    async () => {
      const t = await tenantWithKey({ patchRoutes: '405' });
      const [llama, qwen] = t.configs;
      t.fake.mutate((s) => {
        s.preference.default_llm_config_id = llama!;
        s.featureOverrides.push({ feature_type: 'DEFAULT_AGENT', feature_key: 'sql_query_agent', llm_config_id: qwen! } as never);
      });
      const { handlers, seen, ids, matches } = await setUp([t]);
      const targets = targetsOf(matches);
      const tried = await finished(
        seen,
        (
          await handlers.startRotation({
            providerId: 'openai_compatible',
            values: { api_key: newKey },
            targets,
            confirmations: {},
            fallback: false,
          })
        ).id,
      );
      expect(reportsOf(tried, ids[0]!)[0]!.outcome).toBe('no-patch');
      expect(t.fake.state().credentials[0]!.secrets.api_key).toBe(oldKey);

      const replaced = await finished(
        seen,
        (
          await handlers.startRotation({
            providerId: 'openai_compatible',
            values: { api_key: newKey },
            targets,
            confirmations: {},
            fallback: true,
          })
        ).id,
      );
      expect(reportsOf(replaced, ids[0]!)[0]!.outcome).toBe('replaced');
      const state = t.fake.state();
      expect(state.credentials).toHaveLength(1);
      const successorId = state.credentials[0]!.id;
      expect(successorId).not.toBe(t.credentialId);
      expect(state.credentials[0]).toMatchObject({ base_url: baseUrl, secrets: { api_key: newKey } });
      // The tenant cannot rename either (no PATCH at all): the new configs keep their temporary names.
      expect(state.configs.map((c) => [c.name, c.model_name, c.llm_credentials_id]).sort()).toEqual([
        ['Llama (new)', 'llama-3.3-70b-versatile', successorId],
        ['Qwen (new)', 'qwen/qwen3-32b', successorId],
      ]);
      expect(reportOf(replaced, ids[0]!).steps.map((x) => x.label)).toContain(
        'The tenant cannot rename configs: Llama (new), Qwen (new) keep their temporary names',
      );
      const byName = (n: string) => state.configs.find((c) => c.name === n)!.id;
      expect(state.preference.default_llm_config_id).toBe(byName('Llama (new)'));
      expect(state.featureOverrides).toEqual([
        expect.objectContaining({ feature_key: 'sql_query_agent', llm_config_id: byName('Qwen (new)') }),
      ]);
      const { entries } = await handlers.listAuditEntries({ tenantIds: [ids[0]!] });
      expect(entries.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          'credential.create',
          'config.create',
          'preference.set',
          'override.set',
          'config.delete',
          'credential.delete',
        ]),
      );
    },
  );

  it('keeps the report when the tenant cannot check the new key: set, not checked, never called refused', async () => {
    const t = await tenantWithKey();
    const { handlers, seen, ids, matches } = await setUp([t]);
    t.fake.setFaults([{ kind: '503', path: `/ai/api/v1/llm_credentials/${t.credentialId}/validate`, method: 'POST', times: 1 }]);
    const job = await finished(
      seen,
      (
        await handlers.startRotation({
          providerId: 'openai_compatible',
          values: { api_key: newKey },
          targets: targetsOf(matches),
          confirmations: {},
          fallback: false,
        })
      ).id,
    );
    expect(t.fake.state().credentials[0]!.secrets.api_key).toBe(newKey);
    expect(reportsOf(job, ids[0]!)).toMatchObject([{ outcome: 'unverified' }]);
    expect(job.tenants[ids[0]!]!.error?.message).toContain('could not be checked: run a health sweep');
    expect(job.tenants[ids[0]!]!.error?.message).not.toContain('refuses');
  });

  it('rotates an STS key pair to a long-term one: the old session token is cleared, not left to spoil the new pair', async () => {
    const f = await startFakeTenant({ builtInConfigs: false });
    fakes.push(f);
    const credentialId = await createCredential(f, {
      ...GUIDE_CREDENTIALS.bedrock,
      aws_access_key_id: 'ASIAOLDOLDOLDOLD1111',
      aws_session_token: 'session-token-old-9999',
    });
    await createConfig(f, {
      name: 'Claude',
      provider: 'bedrock_us-west-2',
      llm_credentials_id: credentialId,
      model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    const { handlers, seen, ids, matches } = await setUp([{ fake: f, credentialId, configs: [] }]);
    const values = { aws_access_key_id: 'AKIANEWNEWNEWNEW2222', aws_secret_access_key: 'new-secret-access-key-3333' };
    const job = await finished(
      seen,
      (await handlers.startRotation({ providerId: 'bedrock', values, targets: targetsOf(matches), confirmations: {}, fallback: false })).id,
    );
    expect(reportsOf(job, ids[0]!)[0]!.outcome).toBe('rotated');
    expect(f.state().credentials[0]!.secrets).toEqual(values);
  });

  it('replaces two credentials of one key on one tenant, each default moved to its own new config', async () => {
    const t = await tenantWithKey({ patchRoutes: '405' });
    const embedCredential = await createCredential(t.fake, {
      name: 'Groq embeddings',
      creds_type: 'API_KEY',
      api_key: oldKey,
      base_url: baseUrl,
    });
    const embed = await createConfig(t.fake, {
      name: 'Embed',
      provider: 'openai',
      llm_credentials_id: embedCredential,
      model_name: 'nomic-embed-text',
      is_embedding: true,
      embedding_dimensions: 768,
    });
    t.fake.mutate((s) => {
      s.preference.default_llm_config_id = t.configs[0]!;
      s.preference.default_embedding_config_id = embed;
    });
    const { handlers, seen, ids, matches } = await setUp([t]);
    expect(matches.map((m) => m.credentialName)).toEqual(['Groq team', 'Groq embeddings']);
    const job = await finished(
      seen,
      (
        await handlers.startRotation({
          providerId: 'openai_compatible',
          values: { api_key: newKey },
          targets: targetsOf(matches),
          confirmations: {},
          fallback: true,
        })
      ).id,
    );
    expect(reportsOf(job, ids[0]!).map((r) => r.outcome)).toEqual(['replaced', 'replaced']);
    const state = t.fake.state();
    const idOf = (n: string) => state.configs.find((c) => c.name === n)?.id;
    expect(state.preference.default_llm_config_id).toBe(idOf('Llama (new)'));
    expect(state.preference.default_embedding_config_id).toBe(idOf('Embed (new)'));
    expect(state.credentials.every((c) => c.secrets.api_key === newKey)).toBe(true);
  });

  it('takes back a successor the provider refuses: the old credential is untouched and said to be, the take-back audited', async () => {
    const t = await tenantWithKey({ patchRoutes: '405', rejectedSecrets: [newKey] });
    const [llama] = t.configs;
    t.fake.mutate((s) => {
      s.preference.default_llm_config_id = llama!;
    });
    const before = t.fake.state();
    const { handlers, seen, ids, matches } = await setUp([t]);
    const job = await finished(
      seen,
      (
        await handlers.startRotation({
          providerId: 'openai_compatible',
          values: { api_key: newKey },
          targets: targetsOf(matches),
          confirmations: {},
          fallback: true,
        })
      ).id,
    );
    expect(reportsOf(job, ids[0]!)).toMatchObject([{ outcome: 'rejected' }]);
    expect(reportOf(job, ids[0]!).leftOnTenant).toEqual([]);
    expect(job.tenants[ids[0]!]!.error?.message).toContain('the credential keeps its old key');
    const after = t.fake.state();
    expect(after.credentials).toEqual(before.credentials);
    expect(after.configs).toEqual(before.configs);
    expect(after.preference).toEqual(before.preference);
    const { entries } = await handlers.listAuditEntries({ tenantIds: [ids[0]!], actions: ['credential.delete'] });
    expect(entries).toMatchObject([{ outcome: 'ok', message: 'Taken back by a roll back' }]);
  });

  it('drops the expiry of a credential that a later read no longer finds, and keeps the others', async () => {
    const t = await tenantWithKey();
    const other = await createCredential(t.fake, {
      name: 'Groq other',
      creds_type: 'API_KEY',
      api_key: 'sk-another-key-zz99',
      base_url: baseUrl,
    });
    const { handlers, seen, ids } = await setUp([t]);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    await handlers.setCredentialExpiry({ tenantId: ids[0]!, credentialId: t.credentialId, credentialName: 'Groq team', expiresAt: at });
    await handlers.setCredentialExpiry({ tenantId: ids[0]!, credentialId: other, credentialName: 'Groq other', expiresAt: at });
    // Deleted behind the app's back (in Alation's own UI): the next read drops its reminder.
    t.fake.mutate((s) => {
      s.credentials = s.credentials.filter((c) => c.id !== other);
    });
    await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: ids })).id);
    expect((await handlers.listCredentialExpiries(undefined)).expiries.map((e) => e.credentialName)).toEqual(['Groq team']);
  });

  it('re-points every agent from each old config to its new twin before the old configs go, and lists them in the report', async () => {
    const t = await tenantWithKey({ patchRoutes: '405' });
    const [llama, qwen] = t.configs as [string, string];
    const analyst = t.fake.addAgent({ name: 'Revenue analyst', llm_config_id: llama });
    const triage = t.fake.addAgent({ name: 'Ticket triage', llm_config_id: qwen });
    const { handlers, seen, ids, matches } = await setUp([t]);
    // An agent made after the inventory was read moves too: the rotation reads the agents itself.
    const late = t.fake.addAgent({ name: 'Late arrival', llm_config_id: llama });
    t.fake.clearRequests();
    const job = await replaceAll(handlers, seen, matches);
    expect(reportsOf(job, ids[0]!)[0]!.outcome).toBe('replaced');
    const report = reportOf(job, ids[0]!);
    const state = t.fake.state();
    const idOf = (n: string) => state.configs.find((c) => c.name === n)!.id;
    expect(state.agents.map((a) => [a.name, a.llm_config_id])).toEqual([
      ['Revenue analyst', idOf('Llama (new)')],
      ['Ticket triage', idOf('Qwen (new)')],
      ['Late arrival', idOf('Llama (new)')],
    ]);
    // Every agent moved before the first old config was deleted.
    const writes = t.fake
      .requests()
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path}`);
    const lastMove = writes.findLastIndex((w) => w.startsWith('PATCH /ai/api/v1/config/agent/'));
    expect(lastMove).toBeGreaterThan(-1);
    expect(lastMove).toBeLessThan(writes.indexOf(`DELETE /ai/api/v1/config/llm/${llama}`));
    const labels = report.steps.map((s) => s.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Agents now on “Llama (new)”: “Revenue analyst”, “Late arrival”',
        'Agents now on “Qwen (new)”: “Ticket triage”',
      ]),
    );
    expect(labels).toContain('Moved 3 agents to the new configs: “Revenue analyst”, “Ticket triage”, “Late arrival”');
    const { entries } = await handlers.listAuditEntries({ tenantIds: [ids[0]!], actions: ['agent.repoint'] });
    const moves: [{ id: string }, string, string][] = [
      [late, llama, 'Llama (new)'],
      [triage, qwen, 'Qwen (new)'],
      [analyst, llama, 'Llama (new)'],
    ];
    expect(entries.map((e) => [e.source, e.outcome, e.objects[0]!.id, e.objects[1]!.id, e.objects[2]!.id])).toEqual(
      moves.map(([agent, from, to]) => ['rotation', 'ok', agent.id, from, idOf(to)]),
    );
  });

  it('puts the agents back when the fallback stops before the old configs go, and takes back the rest', async () => {
    const t = await tenantWithKey({ patchRoutes: '405' });
    const [llama, qwen] = t.configs as [string, string];
    t.fake.mutate((s) => {
      s.preference.default_llm_config_id = llama;
    });
    t.fake.addAgent({ name: 'Revenue analyst', llm_config_id: llama });
    t.fake.addAgent({ name: 'Ticket triage', llm_config_id: qwen });
    const before = t.fake.state();
    const { handlers, seen, ids, matches } = await setUp([t]);
    // The defaults move after the agents: the tenant refuses it.
    t.fake.setFaults([{ kind: '500', path: '/ai/api/v1/config/llm_preference', method: 'PUT', times: 1 }]);
    const job = await replaceAll(handlers, seen, matches);
    expect(reportsOf(job, ids[0]!)).toMatchObject([{ outcome: 'failed' }]);
    const report = reportOf(job, ids[0]!);
    expect(report.leftOnTenant).toEqual([]);
    expect(report.steps.some((x) => x.label.startsWith('Agents now on'))).toBe(false);
    expect(report.steps.map((s) => s.label)).toEqual(
      expect.arrayContaining([
        'Moved 2 agents to the new configs: “Revenue analyst”, “Ticket triage”',
        'Moved 2 agents back to the old configs: “Revenue analyst”, “Ticket triage”',
      ]),
    );
    const after = t.fake.state();
    expect(after.agents.map((a) => [a.name, a.llm_config_id])).toEqual(before.agents.map((a) => [a.name, a.llm_config_id]));
    expect(after.configs).toEqual(before.configs);
    expect(after.credentials).toEqual(before.credentials);
    const { entries } = await handlers.listAuditEntries({ tenantIds: [ids[0]!], actions: ['agent.repoint'] });
    expect(entries).toHaveLength(4);
    expect(
      entries
        .slice(0, 2)
        .map((e) => e.objects[2]!.id)
        .sort(),
    ).toEqual([llama, qwen].sort());
    expect(entries[0]!.message).toBe('Taken back by a roll back');
  });
});
