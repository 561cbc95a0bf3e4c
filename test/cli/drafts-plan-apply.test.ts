// `byom-desk drafts …`, `plan` and `apply` as a person runs them: a draft imported with its key on
// stdin, listed, shown and exported without it; a plan that exits 2, an apply with --yes (a
// production tenant's name typed with --confirm), a plan that then exits 0; the audit log after.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { draftFileSchema } from '../../src-shared/drafts';
import { fakeTenantPerTest } from '../fake-tenant/test-helpers';
import { addTenant, cliInstall } from './cli-process';
import { rollout, writeDraftFile } from './drafts';

const fake = fakeTenantPerTest();

describe('byom-desk drafts, plan and apply', () => {
  it(
    'imports a draft with its key on stdin, plans (exit 2), applies with --yes, plans again (exit 0); the key is nowhere',
    { timeout: 60_000 },
    async () => {
      const cli = cliInstall();
      const [alpha, beta] = [await fake({ builtInConfigs: false }), await fake({ builtInConfigs: false })];
      await addTenant(cli, 'Alpha', alpha, ['--label', 'rollout']);
      await addTenant(cli, 'Beta', beta, ['--label', 'rollout', '--environment', 'production']);
      const apiKey = `sk-proj-${randomUUID().replaceAll('-', '')}`;
      const ran = [];

      const imported = await cli.run(['--json', 'drafts', 'import', writeDraftFile(cli, rollout), '--from-stdin'], {
        stdin: `${apiKey}\n`,
      });
      ran.push(imported);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.records[0]).toMatchObject({ type: 'draft', title: 'OpenAI rollout', secrets: { api_key: 'stored' }, problems: [] });
      const listed = await cli.run(['drafts', 'list']);
      ran.push(listed);
      expect(listed.stdout).toMatch(/OpenAI rollout\s+OpenAI\s+Team OpenAI\s+2\s+yes/);
      const shown = await cli.run(['drafts', 'show', 'openai rollout']);
      ran.push(shown);
      expect(shown.stdout).toContain('gpt-4o  “GPT-4o (team)” (completion, default LLM)');
      expect(shown.stdout).toContain('api_key     (secret: stored)');
      const exported = await cli.run(['drafts', 'export', 'OpenAI rollout']);
      ran.push(exported);
      expect(draftFileSchema.parse(JSON.parse(exported.stdout)).draft.values).toEqual({ name: 'Team OpenAI' });

      const planned = await cli.run(['plan', 'OpenAI rollout', '--label', 'rollout']);
      ran.push(planned);
      expect(planned.code, planned.stderr).toBe(2);
      expect(planned.stdout).toContain('Alpha (staging): 3 to create, defaults to set');
      expect(planned.stdout).toContain('  + credential “Team OpenAI”');
      expect(planned.stdout).toContain('  + config “Team embeddings” text-embedding-3-small (embedding)');
      expect(planned.stdout).toContain('  ~ default LLM: Alation’s → gpt-4o');

      // Beta is production: --yes alone does not change it, and nothing is written anywhere.
      const unconfirmed = await cli.run(['apply', 'OpenAI rollout', '--label', 'rollout', '--yes']);
      ran.push(unconfirmed);
      expect(unconfirmed.code).toBe(1);
      expect(unconfirmed.stderr).toContain('“Beta” is a production tenant: add --confirm "Beta" to change it.');
      expect(alpha.state().credentials).toHaveLength(0);

      const applied = await cli.run(['--json', 'apply', 'OpenAI rollout', '--label', 'rollout', '--yes', '--confirm', 'Beta']);
      ran.push(applied);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(applied.records.filter((r) => r.type === 'apply').map((r) => [r.tenant, r.outcome])).toEqual([
        ['Alpha', 'done'],
        ['Beta', 'done'],
      ]);
      expect(applied.records.at(-1)).toMatchObject({ type: 'summary', command: 'apply', exitCode: 0, applied: 2, failed: 0 });
      for (const f of [alpha, beta]) {
        expect(f.state().credentials.map((c) => c.name)).toEqual(['Team OpenAI']);
        expect(
          f
            .state()
            .configs.map((c) => c.name)
            .sort(),
        ).toEqual(['GPT-4o (team)', 'Team embeddings']);
      }

      const again = await cli.run(['--json', 'plan', 'OpenAI rollout', '--tenant', 'Alpha', '--tenant', 'Beta']);
      ran.push(again);
      expect(again.code).toBe(0);
      expect(again.records.filter((r) => r.type === 'plan').map((r) => r.status)).toEqual(['in-sync', 'in-sync']);

      const audit = await cli.run(['--json', 'audit', '--since', '1h', '--tenant', 'Beta', '--action', 'config.create']);
      ran.push(audit);
      expect(audit.records.filter((r) => r.type === 'audit-entry').map((r) => [r.tenantName, r.outcome, r.source])).toEqual([
        ['Beta', 'ok', 'apply'],
        ['Beta', 'ok', 'apply'],
      ]);
      const csv = await cli.run(['audit', '--format', 'csv', '--outcome', 'ok']);
      expect(csv.stdout.split('\r\n')[0]).toBe('at,tenant,tenantId,environment,action,objects,outcome,errorCode,message,source,jobId,id');

      // The key went from stdin to the keychain, and to the tenants: never to the output or a file.
      for (const r of [...ran, csv]) expect(r.stdout + r.stderr).not.toContain(apiKey);
      for (const file of cli.files()) expect(file.text, file.path).not.toContain(apiKey);
      expect(alpha.state().credentials[0]).toMatchObject({ secrets: { api_key: apiKey } });
    },
  );
});
