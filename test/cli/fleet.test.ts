// A fleet file, as a team keeps it in version control and applies it from CI: planned (exit 2),
// applied, planned again (exit 0), with drift reported and kept until --prune removes it; the key
// from an environment variable named in the file, or from the keychain's draft of the same title;
// a file that does not fit names its line and path.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, createCredential, fakeTenantPerTest } from '../fake-tenant/test-helpers';
import { addTenant, cliInstall } from './cli-process';
import { rollout, writeDraftFile } from './drafts';

const fake = fakeTenantPerTest();

const fleetYaml = (draftFile: string, secrets: string) => `# The team's BYOM setup, reviewed in pull requests.
version: 1
drafts:
  openai:
    file: ${draftFile}
${secrets}
labels:
  eu:
    drafts: [openai]
    defaults: { llm: gpt-4o, embedding: null }
tenants:
  Gamma:
    drafts: [openai]
`;

describe('byom-desk plan and apply --fleet', () => {
  it(
    'plans a fleet file (exit 2), applies it, plans again (exit 0); drift is reported and only --prune removes it',
    { timeout: 90_000 },
    async () => {
      const cli = cliInstall();
      const [alpha, beta, gamma] = [
        await fake({ builtInConfigs: false }),
        await fake({ builtInConfigs: false }),
        await fake({ builtInConfigs: false }),
      ];
      // Gamma has a key from before the fleet file: drift.
      const old = await createCredential(gamma, { name: 'Old key', creds_type: 'API_KEY', api_key: `sk-old-${randomUUID()}` });
      await createConfig(gamma, { name: 'Legacy GPT', provider: 'openai', llm_credentials_id: old, model_name: 'gpt-4o-mini' });
      await addTenant(cli, 'Alpha', alpha, ['--label', 'eu']);
      await addTenant(cli, 'Beta', beta, ['--label', 'eu']);
      await addTenant(cli, 'Gamma', gamma);
      const draftFile = writeDraftFile(cli, rollout, 'openai.json');
      const fleet = join(dirname(draftFile), `fleet-${randomUUID()}.yaml`);
      writeFileSync(fleet, fleetYaml(draftFile.split('/').at(-1)!, '    secrets:\n      api_key: { env: FLEET_OPENAI_KEY }'));
      const key = `sk-proj-${randomUUID().replaceAll('-', '')}`;
      const env = { FLEET_OPENAI_KEY: key };
      const ran = [];

      const planned = await cli.run(['--json', 'plan', '--fleet', fleet], { env });
      ran.push(planned);
      expect(planned.code, planned.stdout + planned.stderr).toBe(2);
      const plans = planned.records.filter((r) => r.type === 'plan');
      expect(plans.map((r) => [r.tenant, r.status])).toEqual([
        ['Alpha', 'changes'],
        ['Beta', 'changes'],
        ['Gamma', 'changes'],
      ]);
      // The label's defaults: gpt-4o, and no default embedding; Gamma keeps the draft's own.
      const defaultsOf = (tenant: string) =>
        plans.find((r) => r.tenant === tenant).defaults.map((d: { kind: string; modelId: string }) => `${d.kind} ${d.modelId}`);
      expect(defaultsOf('Alpha')).toEqual(['llm gpt-4o']);
      expect(defaultsOf('Gamma')).toEqual(['llm gpt-4o', 'embedding text-embedding-3-small']);
      const drift = planned.records.filter((r) => r.type === 'drift');
      expect(drift.map((r) => [r.tenant, r.kind, r.name, r.configs.map((c: { name: string }) => c.name)])).toEqual([
        ['Gamma', 'credential', 'Old key', ['Legacy GPT']],
      ]);

      const applied = await cli.run(['apply', '--fleet', fleet, '--yes'], { env });
      ran.push(applied);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(applied.stdout).toContain(
        'Drift (not in the fleet file), kept (--prune deletes it):\n  Gamma: credential “Old key” (API_KEY, 1 config)',
      );
      for (const f of [alpha, beta]) expect(f.state().preference).toMatchObject({ default_embedding_config_id: null });
      expect(
        gamma
          .state()
          .credentials.map((c) => c.name)
          .sort(),
      ).toEqual(['Old key', 'Team OpenAI']);

      const inSync = await cli.run(['--json', 'plan', '--fleet', fleet], { env });
      ran.push(inSync);
      expect(inSync.code).toBe(0);
      expect(inSync.records.filter((r) => r.type === 'plan').map((r) => r.status)).toEqual(['in-sync', 'in-sync', 'in-sync']);
      expect(inSync.records.filter((r) => r.type === 'drift')).toHaveLength(1);
      // With --prune, the drift is a change to make.
      const prunePlan = await cli.run(['plan', '--fleet', fleet, '--prune'], { env });
      ran.push(prunePlan);
      expect(prunePlan.code).toBe(2);
      expect(prunePlan.stdout).toContain('  Gamma: - credential “Old key”');

      const pruned = await cli.run(['--json', 'apply', '--fleet', fleet, '--prune', '--yes'], { env });
      ran.push(pruned);
      expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
      expect(
        pruned.records
          .filter((r) => r.type === 'prune')
          .map((r) => [r.tenant, r.outcome, r.targets.map((t: { name: string; outcome: string }) => `${t.name} ${t.outcome}`)]),
      ).toEqual([['Gamma', 'done', ['Legacy GPT deleted', 'Old key deleted']]]);
      expect(gamma.state().credentials.map((c) => c.name)).toEqual(['Team OpenAI']);
      const clean = await cli.run(['--json', 'plan', '--fleet', fleet, '--prune'], { env });
      ran.push(clean);
      expect(clean.code).toBe(0);
      expect(clean.records.filter((r) => r.type === 'drift')).toEqual([]);

      // The same file without secrets: the key comes from the keychain's draft of the same title.
      await cli.run(['drafts', 'import', draftFile, '--from-stdin'], { stdin: key });
      writeFileSync(fleet, fleetYaml(draftFile.split('/').at(-1)!, ''));
      const fromKeychain = await cli.run(['--json', 'plan', '--fleet', fleet]);
      ran.push(fromKeychain);
      expect(fromKeychain.code, fromKeychain.stdout + fromKeychain.stderr).toBe(0);
      // The drafts a run makes are gone after it: only the imported one is left.
      const drafts = await cli.run(['--json', 'drafts', 'list']);
      expect(drafts.records.filter((r) => r.type === 'draft').map((r) => r.title)).toEqual(['OpenAI rollout']);

      for (const r of ran) expect(r.stdout + r.stderr).not.toContain(key);
      for (const file of cli.files()) expect(file.text, file.path).not.toContain(key);
    },
  );

  it('refuses a fleet file that does not fit, naming the line and the path of each problem', { timeout: 60_000 }, async () => {
    const cli = cliInstall();
    const tenant = await fake({ builtInConfigs: false });
    await addTenant(cli, 'Alpha', tenant, ['--label', 'eu']);
    const draftFile = writeDraftFile(cli, rollout, 'openai.json');
    const fleet = join(dirname(draftFile), `fleet-${randomUUID()}.yaml`);
    writeFileSync(
      fleet,
      fleetYaml(draftFile.split('/').at(-1)!, '')
        .replace('defaults: { llm: gpt-4o', 'defaults: { llm: o1-pro')
        .replace('Gamma:\n    drafts: [openai]', 'Gamma:\n    drafts: [anthropic]'),
    );
    const refused = await cli.run(['plan', '--fleet', fleet]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/fleet-[\w-]+\.yaml:13:14 tenants\.Gamma\.drafts\.0: no draft “anthropic” under drafts/);
    writeFileSync(
      fleet,
      fleetYaml(draftFile.split('/').at(-1)!, '')
        .replace('defaults: { llm: gpt-4o', 'defaults: { llm: o1-pro')
        .replace('  Gamma:\n    drafts: [openai]\n', ''),
    );
    const unknownModel = await cli.run(['plan', '--fleet', fleet]);
    expect(unknownModel.code).toBe(1);
    expect(unknownModel.stderr).toMatch(
      /fleet-[\w-]+\.yaml:10:22 labels\.eu\.defaults\.llm: “Alpha” gets no draft with the completion model o1-pro/,
    );
    expect(tenant.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
