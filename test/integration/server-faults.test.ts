// Server faults, table-driven: each flow (setup, inventory, sweep, apply, rotation) × each way a
// tenant's server can fail (500, 502, 503, 429 with Retry-After, a hang past the timeout, an HTML
// body, truncated JSON, a reset connection, an untrusted certificate, the token revoked mid-job),
// through the real services and keychain, on two tenants in one job: a healthy one and a faulty one.
// Each row asserts: a clear error on the faulty tenant (its code, and a message that says what to
// do), the healthy one finished, and nothing half-made on the faulty one (its state as before, or
// what is left said and taken back by the app's own roll back). The README's "Server faults" table
// is the table these rows give: the last test compares it (BYOM_WRITE_FAULT_TABLE=1 rewrites it).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { TenantClientOptions } from '../../src-main/profiles/tenant-clients';
import { pathMatches, type FaultRule } from '../fake-tenant/faults';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { startLatchedProxy, type Latch, type LatchedProxy } from '../support/latched-proxy';
import { startServices, type TestServices } from '../support/node-services';
import { drivers, flows, type Flow, type World } from './server-faults-flows';

const faults = ['500', '502', '503', '429', 'hang', 'html', 'truncated', 'reset', 'tls', 'revoked'] as const;
type Fault = (typeof faults)[number];

/** Short, so a hang costs little; far above what a healthy loopback answer takes. Retries wait a few ms. */
const clientOptions: TenantClientOptions = {
  requestTimeoutMs: 1_500,
  retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 4 },
};

interface FaultSpec {
  /** The fake's rule (path and method are the flow's target); none for tls and revoked. */
  rule?: Pick<FaultRule, 'kind' | 'retryAfter'>;
  /** The AppError code the app must give. */
  code: string;
  /** What the message must say: the cause, in words. */
  says: RegExp;
  /** Retried by the client when the method allows it (GET, PUT, PATCH, DELETE; never POST). */
  retried: boolean;
}

const spec: Record<Fault, FaultSpec> = {
  '500': { rule: { kind: '500' }, code: 'server', says: /failed to handle \S+ \S+ \(500\)/, retried: false },
  '502': { rule: { kind: '502' }, code: 'server', says: /failed to handle \S+ \S+ \(502\)/, retried: true },
  '503': { rule: { kind: '503', retryAfter: 1 }, code: 'server', says: /failed to handle \S+ \S+ \(503\)/, retried: true },
  '429': { rule: { kind: '429', retryAfter: 1 }, code: 'server', says: /limiting requests \(429 Too Many Requests\)/, retried: true },
  hang: { rule: { kind: 'hang' }, code: 'timeout', says: /did not answer \S+ \S+ within \d+ s/, retried: false },
  // The fake's nginx page has status 502: a GET is retried before the page is read.
  html: { rule: { kind: 'html' }, code: 'bad_response', says: /HTML page/, retried: true },
  truncated: { rule: { kind: 'truncated' }, code: 'bad_response', says: /not valid JSON \(it may have been cut off\)/, retried: false },
  reset: { rule: { kind: 'reset' }, code: 'network', says: /connection to \S+ was closed before the answer arrived/, retried: true },
  tls: { code: 'tls', says: /TLS certificate of 127\.0\.0\.1 is not trusted/, retried: false },
  revoked: { code: 'unauthorized', says: /refused the API access token .*Token revoked/, retried: false },
};

/** The Setup screen reads a failure's cause, not its code: which cause each code is. */
const setupCause: Record<string, string> = {
  server: 'tenant-error',
  bad_response: 'tenant-error',
  timeout: 'unreachable',
  network: 'unreachable',
  tls: 'unreachable',
  unauthorized: 'refused',
};

/** The code a flow gives for a fault: the setup names a cause, the sweep its verdict on the credential. */
function expectedCode(flow: Flow, fault: Fault): string {
  const code = spec[fault].code;
  if (flow === 'setup') return setupCause[code]!;
  if (flow === 'sweep') return 'error';
  return code;
}

/** Every message says what to do, not only what went wrong. */
const actionable = /\b(try again|check|add that CA|wait a minute|switch this profile|rotate again|run a health sweep)\b/i;
const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const secrets = createKeyringSecretStore(`BYOM Desk server faults ${randomUUID()}`);
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

/** One small tenant: one credential, one config. */
async function fakeTenant(tls: boolean): Promise<FakeTenant> {
  const fake = await startFakeTenant({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 1, tls });
  cleanup.push(() => fake.stop());
  return fake;
}

function profileInput(name: string, baseUrl: string, auth: { method: 'apiToken'; apiToken?: string }, caPem: string | null) {
  return { name, baseUrl, environment: { label: 'staging', color: '#bf8700' }, labels: [], auth, caPem };
}

/** The table's cells, by flow and fault, as the rows found them. */
const cells = new Map<string, string>();
const cellKey = (flow: Flow, fault: Fault) => `${flow}/${fault}`;

async function runRow(flow: Flow, fault: Fault): Promise<string> {
  const driver = drivers[flow];
  const [healthyFake, faultyFake] = [await fakeTenant(false), await fakeTenant(fault === 'tls')];
  let proxy: LatchedProxy | undefined;
  if (fault === 'revoked') {
    proxy = await startLatchedProxy(faultyFake.baseUrl);
    cleanup.push(() => proxy!.stop());
  }
  const app: TestServices = startServices(secrets, { clientOptions });
  cleanup.push(() => app.services.dispose());
  const { handlers } = app;
  const faultyAuth = { method: 'apiToken' as const, apiToken: faultyFake.apiAccessToken };
  const faultyInput = profileInput('Faulty', proxy?.baseUrl ?? faultyFake.baseUrl, faultyAuth, faultyFake.caPem ?? null);
  const healthyInput = profileInput('Healthy', healthyFake.baseUrl, { method: 'apiToken', apiToken: healthyFake.apiAccessToken }, null);
  const world: World = {
    app,
    healthy: { fake: healthyFake, id: (await handlers.createTenantProfile(healthyInput)).id },
    faulty: { fake: faultyFake, id: (await handlers.createTenantProfile(faultyInput)).id },
  };
  await driver.prepare(world);

  // The faulty tenant breaks now, after what the flow needed from it before.
  const { method, path } = driver.target;
  let latch: Latch | undefined;
  if (fault === 'tls') {
    // Its certificate is no longer one the app trusts (a CA it was never given, as for a new one).
    await handlers.updateTenantProfile({ id: world.faulty.id, profile: { ...faultyInput, auth: { method: 'apiToken' }, caPem: null } });
  } else if (fault === 'revoked') {
    latch = proxy!.hold({ method, path });
  } else {
    faultyFake.setFaults([{ ...spec[fault].rule!, method, path }]);
  }
  const before = faultyFake.state();
  faultyFake.clearRequests();
  const running = driver.run(world);
  if (latch) {
    // Mid-job: the flow's request is on its way when the token is revoked.
    await Promise.race([latch.arrived(), running.then(() => Promise.reject(new Error('the flow ended before the held request')))]);
    expect(faultyFake.revokeToken(faultyFake.apiAccessToken)).toBe(true);
    latch.release();
  }
  const { faulty } = await running;
  faultyFake.clearFaults();

  // A clear error on that tenant: its code, the cause in words, and what to do.
  expect(faulty.code, faulty.message).toBe(expectedCode(flow, fault));
  expect(faulty.message).toMatch(spec[fault].says);
  expect(faulty.message).toMatch(actionable);
  // The client retried what it may (never a POST), Retry-After included, then gave up.
  const hits = faultyFake.requests().filter((r) => r.method === method && pathMatches(path, r.path) && r.fault !== null);
  if (spec[fault].rule) expect(hits).toHaveLength(spec[fault].retried && method !== 'POST' ? 1 + clientOptions.retry!.retries : 1);
  // The other tenant, in the same job, finished.
  await driver.expectHealthyDone(world);

  // Nothing half-made: the tenant is as before, or what is left is said and taken back on request.
  const madeThenTakenBack = faultyFake
    .requests()
    .some((r) => writes.has(r.method) && !r.path.endsWith('/validate') && r.fault === null && r.status !== null && r.status < 300);
  const tries = hits.length > 1 ? ` (${hits.length} tries)` : '';
  if (sameState(faultyFake, before)) {
    expect(faulty.left).toEqual([]);
    return `\`${faulty.code}\`${tries}; ${madeThenTakenBack ? 'rolled back' : 'unchanged'}`;
  }
  const added = [...newNames(before.credentials, faultyFake.state().credentials), ...newNames(before.configs, faultyFake.state().configs)];
  expect(added.length).toBeGreaterThan(0);
  for (const name of added) expect(faulty.left.join('\n'), 'what is left is named').toContain(name);
  expect(faulty.rollBack, 'what is left is offered for roll back').toBeDefined();
  if (fault === 'revoked') {
    // The fix the message asks for: a new token in the profile. Then the app's own roll back.
    const apiToken = faultyFake.issueApiAccessToken();
    await handlers.updateTenantProfile({ id: world.faulty.id, profile: { ...faultyInput, auth: { method: 'apiToken', apiToken } } });
  }
  await faulty.rollBack!();
  expect(faultyFake.state()).toEqual(before);
  return `\`${faulty.code}\`${tries}; left, named, rolled back on request`;
}

const sameState = (fake: FakeTenant, before: ReturnType<FakeTenant['state']>) => JSON.stringify(fake.state()) === JSON.stringify(before);
const newNames = (before: { id: string }[], after: { id: string; name: string }[]) =>
  after.filter((a) => !before.some((b) => b.id === a.id)).map((a) => a.name);

describe('server faults: every flow on a faulty tenant beside a healthy one', () => {
  const rows = flows.flatMap((flow) => faults.map((fault) => [flow, fault] as const));
  it.each(rows)('%s × %s: a clear error there, the other tenant done, nothing half-made', async (flow, fault) => {
    cells.set(cellKey(flow, fault), await runRow(flow, fault));
  });

  // The README's table is the one these rows give: checked once every row has run, whatever their order
  // (a run of some rows only, or one with a failed row, has no whole table to compare).
  afterAll(() => {
    if (cells.size !== rows.length) return;
    const table = faultTable();
    const readme = readFileSync('README.md', 'utf8');
    const block = /(<!-- server-faults:begin -->\n)([\s\S]*?)(<!-- server-faults:end -->)/;
    expect(readme).toMatch(block);
    if (process.env.BYOM_WRITE_FAULT_TABLE === '1') writeFileSync('README.md', readme.replace(block, `$1${table}$3`));
    else expect(block.exec(readme)![2], 'run with BYOM_WRITE_FAULT_TABLE=1 to write it').toBe(table);
  });
});

function faultTable(): string {
  const label: Record<Fault, string> = {
    '500': '500',
    '502': '502',
    '503': '503',
    '429': '429 + Retry-After',
    hang: 'hang',
    html: 'HTML body',
    truncated: 'truncated JSON',
    reset: 'reset',
    tls: 'untrusted TLS',
    revoked: 'token revoked mid-job',
  };
  const lines = [`| fault | ${flows.join(' | ')} |`, `| --- | ${flows.map(() => '---').join(' | ')} |`];
  for (const fault of faults) lines.push(`| ${label[fault]} | ${flows.map((flow) => cells.get(cellKey(flow, fault))).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
