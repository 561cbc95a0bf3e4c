// Logging is best effort: a log file on a full disk (Linux's /dev/full answers every write with
// ENOSPC) must never change what the app does. A POST whose answer was lost is still looked up and
// adopted; a job still ends and sends its final state; nothing becomes an unhandled rejection.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlationClient } from '../../src-main/alation/client';
import { createCredentialSafely } from '../../src-main/alation/safe-writes';
import { createEventHub } from '../../src-main/ipc/events';
import { JobRunner } from '../../src-main/jobs/job-runner';
import { createFileLogger, SecretRedactor } from '../../src-main/log/logger';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';

const fullDisk = '/dev/full';
const tenantId = '6b1a0f6e-0000-4000-8000-00000000f011';

let tenant: FakeTenant;
beforeAll(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
});
afterAll(() => tenant.stop());

/** A log file that is fine until `fill()`: then every write to it meets a full disk. */
function logFileThatFills() {
  const dir = mkdtempSync(join(tmpdir(), 'byom-full-log-'));
  const real = join(dir, 'real.log');
  writeFileSync(real, '');
  const path = join(dir, 'main.log');
  symlinkSync(real, path);
  return {
    path,
    fill: () => {
      rmSync(path);
      symlinkSync(fullDisk, path);
    },
  };
}

describe('a log on a full disk', () => {
  it('leaves the typed error of a lost POST answer in place, so what landed is found and adopted', async () => {
    const client = createAlationClient({
      baseUrl: tenant.baseUrl,
      auth: { method: 'apiToken', token: tenant.apiAccessToken },
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
      log: createFileLogger(fullDisk, new SecretRedactor()),
    });
    try {
      tenant.setFaults([{ kind: 'reset', path: '/ai/api/v1/llm_credentials', method: 'POST', phase: 'after', times: 1 }]);
      const body = { name: 'Lost answer', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` };
      const { value, adopted } = await createCredentialSafely(client, body);
      expect(adopted).toBe(true);
      expect(tenant.state().credentials.map((c) => c.id)).toEqual([value.id]);
    } finally {
      await client.close();
    }
  });

  it('lets a job start, end and send its final state', async () => {
    const log = createFileLogger(fullDisk, new SecretRedactor());
    const hub = createEventHub(log);
    const sent: JobView[] = [];
    hub.subscribe((name, payload) => void (name === 'job.updated' && sent.push(payload as JobView)));
    const jobs = new JobRunner({ events: hub, log, throttleMs: 0 });
    const job = jobs.start({ kind: 'connection-tests', title: 'Test one', tenantIds: [tenantId], run: async () => ({}) });
    expect(await jobs.settled(job.id)).toMatchObject({ status: 'succeeded', result: {} });
    expect(sent.at(-1)).toMatchObject({ id: job.id, status: 'succeeded' });
  });

  it('when the disk fills while a job runs, its end is sent and no promise is left rejected', async () => {
    const file = logFileThatFills();
    const log = createFileLogger(file.path, new SecretRedactor());
    const hub = createEventHub(log);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The job's final state, or an unhandled rejection: whichever comes first says how it ended.
    const ended = new Promise<string>((resolve) => {
      const onUnhandled = (reason: unknown) => resolve(`unhandled rejection: ${String(reason)}`);
      process.once('unhandledRejection', onUnhandled);
      hub.subscribe((name, payload) => {
        const view = payload as JobView;
        if (name !== 'job.updated' || view.status === 'running') return;
        process.off('unhandledRejection', onUnhandled);
        resolve(view.status);
      });
    });
    const jobs = new JobRunner({ events: hub, log, throttleMs: 0 });
    jobs.start({ kind: 'connection-tests', title: 'Test one', tenantIds: [tenantId], run: () => held });
    file.fill();
    release();
    expect(await ended).toBe('succeeded');
  });
});
