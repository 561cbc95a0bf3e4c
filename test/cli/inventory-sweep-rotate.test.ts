// `byom-desk inventory`, `sweep` and `rotate` as a person or a nightly job runs them: the table
// and its exports, a sweep that exits 3 when one tenant's key is rejected, and a rotation whose new
// key comes on stdin, is refused by one tenant (exit 3) and appears in no output and no file.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredential, createConfig, fakeTenantPerTest } from '../fake-tenant/test-helpers';
import type { FakeTenant } from '../fake-tenant/server';
import { addTenant, cliInstall } from './cli-process';

const fake = fakeTenantPerTest();

/** A tenant holding "Team key" (an OpenAI key) with one config on it. */
async function withTeamKey(key: string, options: Parameters<typeof fake>[0] = {}): Promise<FakeTenant> {
  const tenant = await fake({ builtInConfigs: false, ...options });
  const credential = await createCredential(tenant, { name: 'Team key', creds_type: 'API_KEY', api_key: key });
  await createConfig(tenant, { name: 'GPT-4o', provider: 'openai', llm_credentials_id: credential, model_name: 'gpt-4o' });
  return tenant;
}

describe('byom-desk inventory, sweep and rotate', () => {
  it(
    'lists the inventory as a table, CSV and JSON Lines; a sweep exits 3 when one tenant’s key is rejected',
    { timeout: 60_000 },
    async () => {
      const cli = cliInstall();
      const key = `sk-proj-${randomUUID()}`;
      const good = await withTeamKey(key);
      const refusing = await withTeamKey(key, { rejectedSecrets: [key] });
      await addTenant(cli, 'Alpha', good);
      await addTenant(cli, 'Beta', refusing);

      const table = await cli.run(['inventory']);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout.split('\n')[0]).toMatch(/^TENANT\s+CREDENTIAL\s+TYPE\s+CONFIG\s+MODEL/);
      expect(table.stdout).toMatch(/Alpha\s+Team key\s+API_KEY\s+GPT-4o\s+gpt-4o\s+completion/);
      const csv = await cli.run(['inventory', '--format', 'csv', '--tenant', 'Beta']);
      expect(csv.stdout.split('\r\n').slice(0, 2)).toEqual([
        'tenant,environment,credential,credsType,credentialDetails,config,provider,model,kind,dimensions,builtIn,default,overrides,' +
          'agents,health,modelListed,readStale',
        'Beta,staging,Team key,API_KEY,,GPT-4o,openai,gpt-4o,completion,,false,,,,,,false',
      ]);

      const swept = await cli.run(['--json', 'sweep']);
      expect(swept.code).toBe(3);
      expect(swept.records.filter((r) => r.type === 'sweep-credential').map((r) => [r.tenant, r.credential, r.status])).toEqual([
        ['Alpha', 'Team key', 'ok'],
        ['Beta', 'Team key', 'rejected'],
      ]);
      expect(swept.records.at(-1)).toMatchObject({ type: 'summary', command: 'sweep', exitCode: 3, tenants: 2, failed: 1, rejected: 1 });
      const human = await cli.run(['sweep', '--tenant', 'Beta']);
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/Beta\s+Team key\s+Key rejected/);

      // Offline, from the last read on disk: the sweep's verdicts are there too.
      await good.stop();
      const offline = await cli.run(['--json', 'inventory', '--offline']);
      expect(offline.code).toBe(0);
      expect(offline.records.filter((r) => r.type === 'inventory-row').map((r) => [r.tenant, r.health, r.readStale])).toEqual([
        ['Alpha', 'ok', true],
        ['Beta', 'rejected', true],
      ]);
      // Read now, with Alpha gone: Beta's rows, Alpha's last read marked stale, and a partial failure.
      const partial = await cli.run(['inventory']);
      expect(partial.code).toBe(3);
      expect(partial.stderr).toMatch(/^Alpha: could not be read now: .*Showing its read of/m);
    },
  );

  it(
    'rotates a key on each tenant from stdin; a tenant that refuses the new key makes it exit 3; the key is nowhere',
    { timeout: 60_000 },
    async () => {
      const cli = cliInstall();
      const oldKey = `sk-proj-old-${randomUUID()}`;
      const newKey = `sk-proj-new-${randomUUID()}`;
      const alpha = await withTeamKey(oldKey);
      const beta = await withTeamKey(oldKey, { rejectedSecrets: [newKey] });
      await addTenant(cli, 'Alpha', alpha, ['--label', 'team']);
      await addTenant(cli, 'Beta', beta, ['--label', 'team']);

      // Without --yes and no terminal to ask on, nothing changes.
      const unasked = await cli.run(['rotate', 'Team key', '--label', 'team', '--from-stdin'], { stdin: newKey });
      expect(unasked.code).toBe(1);
      expect(unasked.stderr).toContain('Add --yes to go ahead without a prompt.');
      expect(alpha.state().credentials[0]!.secrets.api_key).toBe(oldKey);

      const rotated = await cli.run(
        ['--json', 'rotate', 'team key', '--label', 'team', '--from-stdin', '--yes', '--expires', '2030-01-01T00:00:00Z'],
        { stdin: `${newKey}\n` },
      );
      expect(rotated.code, rotated.stdout + rotated.stderr).toBe(3);
      const reports = rotated.records.filter((r) => r.type === 'rotation');
      expect(reports.map((r) => [r.tenant, r.outcome, r.targets.map((t: { outcome: string }) => t.outcome)])).toEqual([
        ['Alpha', 'done', ['rotated']],
        ['Beta', 'failed', ['rejected']],
      ]);
      expect(alpha.state().credentials[0]!.secrets.api_key).toBe(newKey);
      // Both keys were replaced; Beta's provider then refused the new one.
      const audit = await cli.run([
        '--json',
        'audit',
        '--action',
        'credential.rotate',
        '--action',
        'credential.validate',
        '--outcome',
        'failed',
      ]);
      expect(audit.records.filter((r) => r.type === 'audit-entry').map((r) => [r.tenantName, r.action, r.errorCode])).toEqual([
        ['Beta', 'credential.validate', 'rejected'],
      ]);
      for (const r of [unasked, rotated, audit]) expect(r.stdout + r.stderr).not.toContain(newKey);
      for (const file of cli.files()) expect(file.text, file.path).not.toContain(newKey);
    },
  );
});
