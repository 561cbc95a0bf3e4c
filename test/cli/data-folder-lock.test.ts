// The command line and the web harness on one data folder: while the harness holds it for writing,
// a command that writes is refused with the holder named (or waits for it with --wait), and one
// that only reads goes on.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarnessProcess, type HarnessProcess } from '../support/harness-process';
import { fakeTenantPerTest } from '../fake-tenant/test-helpers';
import { addTenant, cliInstall } from './cli-process';

const fake = fakeTenantPerTest();
let harness: HarnessProcess | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

describe('byom-desk and the data folder', () => {
  it(
    'is refused while the harness holds the data folder, naming it; reads go on; --wait takes the folder once it is free',
    { timeout: 90_000 },
    async () => {
      const cli = cliInstall();
      const tenant = await fake({ builtInConfigs: false });
      await addTenant(cli, 'Alpha', tenant);
      // A keychain service of its own: its stop() empties it, and the command line's entries must stay.
      harness = await startHarnessProcess(undefined, {
        dataDir: cli.dataDir,
        keychainService: `BYOM Desk cli lock test ${randomUUID()}`,
      });
      const holder = /BYOM Desk is already using this data folder: process (\d+) since \S+ \(the web harness\)/;

      const refused = await cli.run(
        ['tenants', 'add', '--name', 'Beta', '--url', tenant.baseUrl, '--environment', 'staging', '--auth', 'apiToken', '--from-stdin'],
        {
          stdin: tenant.apiAccessToken,
        },
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(holder);
      expect(refused.stderr).toContain('Or add --wait SECONDS to wait for it.');
      const asJson = await cli.run(['--json', 'sweep']);
      expect(asJson.code).toBe(1);
      expect(asJson.records[0]).toMatchObject({
        type: 'error',
        code: 'conflict',
        message: expect.stringMatching(holder),
        details: { pid: expect.any(Number) },
      });
      expect(tenant.requests()).toEqual([]);

      // Reading needs no lock: the list is there while the harness runs.
      const listed = await cli.run(['--json', 'tenants', 'list']);
      expect(listed.code).toBe(0);
      expect(listed.records.filter((r) => r.type === 'tenant').map((r) => r.tenant)).toEqual(['Alpha']);

      // --wait: it says what it waits for, and goes on once the harness has quit.
      const waiting = cli.start(['inventory', '--wait', '120']);
      expect(
        await waiting.line(/^Waiting up to 120 s for the data folder: BYOM Desk is already using this data folder: process \d+/, 'stderr'),
      ).toContain('(the web harness)');
      await harness.stop();
      harness = null;
      const ran = await waiting.exit;
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stdout).toMatch(/^TENANT\s+CREDENTIAL/);
    },
  );
});
