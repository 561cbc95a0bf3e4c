// `byom-desk tenants …` as a person runs it: profiles added with their secret on stdin, listed,
// tested, exported and imported (a secret named by an environment variable), and a browser sign-in
// from the terminal; the secrets appear in no output and no file.
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { redirectUriFor } from '../../src-shared/tenant-profile';
import { fakeTenantPerTest } from '../fake-tenant/test-helpers';
import { addTenant, cliInstall } from './cli-process';

const fake = fakeTenantPerTest();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('byom-desk tenants', () => {
  it(
    'adds tenants with the secret on stdin, lists and tests them (exit 3 when one fails), and never shows a secret',
    { timeout: 60_000 },
    async () => {
      const cli = cliInstall();
      const [good, down] = [await fake({ builtInConfigs: false }), await fake({ builtInConfigs: false })];
      const goodId = await addTenant(cli, 'Alpha', good, ['--label', 'eu']);
      const clientSecret = `cli-oauth-secret-${goodId.slice(0, 8)}`;
      const added = await cli.run(
        [
          'tenants',
          'add',
          '--name',
          'Beta',
          '--url',
          down.baseUrl,
          '--environment',
          'production',
          '--auth',
          'oauth',
          '--client-id',
          'ci-client',
          '--from-stdin',
        ],
        {
          stdin: clientSecret,
        },
      );
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/^Added “Beta” \(/);

      const listed = await cli.run(['--json', 'tenants', 'list']);
      expect(listed.code).toBe(0);
      expect(
        listed.records.filter((r) => r.type === 'tenant').map((r) => [r.tenant, r.environment, r.labels, r.auth, r.secret, r.lastTest]),
      ).toEqual([
        ['Alpha', 'staging', ['eu'], 'apiToken', 'stored', null],
        ['Beta', 'production', [], 'oauth', 'stored', null],
      ]);
      expect(listed.records.at(-1)).toEqual({ type: 'summary', command: 'tenants list', exitCode: 0, tenants: 2 });
      const byLabel = await cli.run(['tenants', 'list', '--label', 'eu']);
      expect(byLabel.stdout.split('\n')[0]).toMatch(/^NAME\s+ENVIRONMENT\s+LABELS\s+ADDRESS/);
      expect(byLabel.stdout).toContain('Alpha');
      expect(byLabel.stdout).not.toContain('Beta');

      // Beta's OAuth client is refused: one tenant of two fails, which is a partial failure.
      const tested = await cli.run(['--json', 'tenants', 'test']);
      expect(tested.code).toBe(3);
      const reports = tested.records.filter((r) => r.type === 'connection-test');
      expect(reports.map((r) => [r.tenant, r.ok])).toEqual([
        ['Alpha', true],
        ['Beta', false],
      ]);
      expect(reports[1].error.code).toBe('unauthorized');
      const again = await cli.run(['--json', 'tenants', 'list', '--tenant', 'Alpha']);
      expect(again.records[0].lastTest).toMatchObject({ ok: true });

      // The secrets went to the keychain alone: not an argument, not the output, not the data folder.
      for (const secret of [good.apiAccessToken, clientSecret]) {
        for (const ran of [added, listed, byLabel, tested, again]) expect(ran.stdout + ran.stderr).not.toContain(secret);
        for (const file of cli.files()) expect(file.text, file.path).not.toContain(secret);
      }
    },
  );

  it(
    'exports tenants without secrets and imports them elsewhere, each secret from the environment variable the file names',
    { timeout: 60_000 },
    async () => {
      const from = cliInstall();
      const tenant = await fake({ builtInConfigs: false });
      await addTenant(from, 'Alpha', tenant, ['--label', 'eu']);
      const exported = await from.run(['tenants', 'export', '--format', 'yaml']);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('format: byom-desk-tenants');
      expect(exported.stdout).not.toContain(tenant.apiAccessToken);

      // The file, reviewed and committed, names where its secret is: an environment variable.
      const file = join(from.dataDir, '..', `tenants-${tenant.port}.yaml`);
      writeFileSync(file, exported.stdout.replace('method: apiToken', 'method: apiToken\n      secretEnv: ALPHA_TOKEN'));
      const to = cliInstall();
      const imported = await to.run(['--json', 'tenants', 'import', file], { env: { ALPHA_TOKEN: tenant.apiAccessToken } });
      expect(imported.code, imported.stdout + imported.stderr).toBe(0);
      expect(imported.records[0]).toMatchObject({ type: 'tenant-saved', action: 'created', tenant: 'Alpha', secret: 'stored' });
      const tested = await to.run(['--json', 'tenants', 'test', '--tenant', 'alpha']);
      expect(tested.records[0]).toMatchObject({ type: 'connection-test', tenant: 'Alpha', ok: true });

      // Imported again, without the variable: it updates the profile and keeps the stored secret.
      writeFileSync(file, exported.stdout.replace('environment: staging', 'environment: sandbox'));
      const updated = await to.run(['--json', 'tenants', 'import', file]);
      expect(updated.records[0]).toMatchObject({ action: 'updated', secret: 'stored' });
      expect((await to.run(['--json', 'tenants', 'list'])).records[0]).toMatchObject({ environment: 'sandbox', secret: 'stored' });

      // A file that does not fit says where: the line and the path.
      writeFileSync(
        file,
        'format: byom-desk-tenants\nversion: 1\ntenants:\n' +
          '  - name: Gamma\n    url: https://gamma.example\n    environment: staging\n    auth: { method: magic }\n',
      );
      const refused = await to.run(['tenants', 'import', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/tenants-\d+\.yaml:7:\d+ tenants\.0\.auth\.method: /);
    },
  );

  it(
    'signs in with the browser from the terminal: prints the address, hands it to the OS opener where there is one',
    { timeout: 60_000 },
    async () => {
      const cli = cliInstall();
      const tenant = await fake({ builtInConfigs: false });
      const port = await freePort();
      const app = tenant.registerOAuthApp({ redirectUris: [redirectUriFor(port)] });
      const added = await cli.run([
        'tenants',
        'add',
        '--name',
        'Acme',
        '--url',
        tenant.baseUrl,
        '--environment',
        'staging',
        '--client-id',
        app.clientId,
        '--redirect-port',
        String(port),
      ]);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain('byom-desk tenants login "Acme"');

      const login = cli.start(['tenants', 'login', 'Acme', '--no-browser']);
      const url = (await login.line(/^\s+http/)).trim();
      expect(`${new URL(url).origin}${new URL(url).pathname}`).toBe(`${tenant.baseUrl}/oauth/v1/authorize/`);
      const consent = await tenant.answerConsent(url, 'allow');
      expect(consent.location?.startsWith(`${redirectUriFor(port)}?`)).toBe(true);
      const page = await fetch(consent.location!);
      expect(page.status).toBe(200);
      const ran = await login.exit;
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stdout).toContain('Signed in to “Acme”.');
      const listed = await cli.run(['--json', 'tenants', 'list']);
      expect(listed.records[0]).toMatchObject({ tenant: 'Acme', auth: 'browser', secret: 'stored', signInRequired: false });
      const tested = await cli.run(['--json', 'tenants', 'test']);
      expect(tested.records[0]).toMatchObject({ ok: true });

      // With a display, the OS's opener gets the address: here an xdg-open of the test's, first on PATH.
      const bin = mkdtempSync(join(tmpdir(), 'byom-opener-'));
      const opened = join(bin, 'opened-url');
      writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
      const again = cli.start(['--json', 'tenants', 'login', 'acme'], { env: { PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':99' } });
      const started = JSON.parse(await again.line(/"type":"signin"/));
      expect(started).toMatchObject({ tenant: 'Acme', openedBrowser: true, redirectUri: redirectUriFor(port) });
      await vi.waitFor(() => expect(readFileSync(opened, 'utf8')).toBe(started.authorizationUrl));
      await fetch((await tenant.answerConsent(started.authorizationUrl, 'allow')).location!);
      const signedIn = await again.exit;
      expect(signedIn.code, signedIn.stderr).toBe(0);
      expect(signedIn.records.find((r) => r.type === 'signin.finished')).toMatchObject({ outcome: 'signed-in' });
    },
  );
});
