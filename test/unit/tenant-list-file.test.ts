// The tenant list file's rules, with no keychain: what an export holds (never a secret), what an
// import refuses (not JSON, another kind of file, a damaged tenant, an address twice, a secret, two
// tenants of one name), and how each tenant of a file is matched (by its normalised address) to be
// added, updated or left as it is.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoredProfile } from '../../src-main/profiles/profile-store';
import { planTenantList, readTenantList, tenantListFileOf } from '../../src-main/profiles/tenant-list-file';
import { AppError } from '../../src-shared/errors';
import { secretNeedPhrase, type TenantListFile } from '../../src-shared/tenant-list-file';
import type { SecretState } from '../../src-shared/tenant-profile';
import { testCaPem } from '../support/test-ca';

const production = { label: 'production', color: '#cf222e' };
const staging = { label: 'staging', color: '#bf8700' };
const at = '2025-03-01T10:00:00.000Z';

function stored(name: string, baseUrl: string, auth: StoredProfile['auth'], more: Partial<StoredProfile> = {}): StoredProfile {
  return {
    id: randomUUID(),
    name,
    baseUrl,
    environment: production,
    labels: [],
    auth,
    caPem: null,
    revision: 3,
    createdAt: at,
    updatedAt: at,
    ...more,
  };
}

const acme = stored(
  'Acme',
  'https://acme.alationcloud.com',
  { method: 'oauth', clientId: 'acme-client' },
  { labels: ['eu'], caPem: testCaPem },
);
const beta = stored('Beta', 'https://beta.alationcloud.com', {
  method: 'browser',
  clientId: 'beta-app',
  redirectPort: 47613,
  confidential: true,
});
const token = stored('Token', 'https://token.alationcloud.com', { method: 'bearer', expiresAt: '2030-01-01T00:00:00.000Z' });

const fileText = (tenants: unknown[], more: Record<string, unknown> = {}) =>
  JSON.stringify({ kind: 'byom-desk-tenant-list', version: 1, exportedAt: at, tenants, ...more });
const entry = (
  name: string,
  baseUrl: string,
  auth: Record<string, unknown> = { method: 'apiToken' },
  more: Record<string, unknown> = {},
) => ({
  name,
  baseUrl,
  environment: staging,
  labels: [],
  auth,
  ...more,
});

/** The AppError `run` throws; anything else fails the test. */
function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const stamp = { now: new Date('2025-04-01T08:00:00.000Z'), newId: randomUUID };
const noStates = new Map<string, SecretState>();

describe('exporting the tenant list', () => {
  it('holds every setting of each tenant, no id or revision, and no pasted token’s expiry', () => {
    const file = tenantListFileOf([acme, beta, token], at);
    expect(file).toEqual({
      kind: 'byom-desk-tenant-list',
      version: 1,
      exportedAt: at,
      tenants: [
        { name: 'Acme', baseUrl: acme.baseUrl, environment: production, labels: ['eu'], auth: acme.auth, caPem: testCaPem },
        { name: 'Beta', baseUrl: beta.baseUrl, environment: production, labels: [], auth: beta.auth, caPem: null },
        { name: 'Token', baseUrl: token.baseUrl, environment: production, labels: [], auth: { method: 'bearer' }, caPem: null },
      ],
    });
  });

  it('reads back as the same tenants, each an unchanged update of the profile it came from', () => {
    const entries = readTenantList(JSON.stringify(tenantListFileOf([acme, beta, token], at)));
    const plan = planTenantList(entries, [acme, beta, token], noStates, stamp);
    expect(plan.preview.tenants.map((t) => [t.name, t.action, t.changes])).toEqual([
      ['Acme', 'unchanged', []],
      ['Beta', 'unchanged', []],
      ['Token', 'unchanged', []],
    ]);
    expect(plan.updated).toEqual([]);
    expect(plan.added).toBe(0);
    expect(plan.profiles).toEqual([acme, beta, token]);
  });
});

describe('reading a tenant list', () => {
  it('refuses a file that is not JSON, another kind of file, or one from a newer version, saying what it is', () => {
    const cases: [string, RegExp][] = [
      ['{"kind": "byom-desk-tenant-list", "tenants": [', /^This file is not JSON: choose a tenant list exported from BYOM Desk/],
      [
        JSON.stringify({ format: 'byom-desk-draft', version: 1 }),
        /^This is a draft file, not a tenant list: import it on the Drafts screen/,
      ],
      [JSON.stringify({ format: 'byom-desk-tenants', version: 1, tenants: [] }), /byom-desk tenants import/],
      [JSON.stringify({ hello: 'world' }), /not a BYOM Desk tenant list \(its "kind" must be "byom-desk-tenant-list"\)/],
      [
        fileText([entry('A', 'https://a.example.com')], { version: 2 }),
        /exported by a newer BYOM Desk \(file version 2; this one reads up to 1\)/,
      ],
      [fileText([]), /the list holds no tenant/],
    ];
    for (const [text, message] of cases) {
      const error = refusal(() => readTenantList(text));
      expect(error.code, text).toBe('validation');
      expect(error.message, text).toMatch(message);
      expect(error.message, text).toMatch(/Nothing was imported\.$/);
    }
  });

  it('names the damaged tenant by its place and name, and the field, and counts the other problems', () => {
    const text = fileText([entry('Good', 'https://good.example.com'), entry('Broken', 'ftp://broken.example.com', { method: 'oauth' })]);
    const error = refusal(() => readTenantList(text));
    expect(error.message).toBe(
      'The tenant list cannot be imported: tenant 2 (“Broken”), baseUrl: The address must start with https:// (found ftp://). ' +
        '(and 1 more). Nothing was imported.',
    );
    expect(error.details?.fields).toEqual([
      { path: 'tenants.1.baseUrl', message: 'The address must start with https:// (found ftp://).' },
      { path: 'tenants.1.auth.clientId', message: expect.any(String) },
    ]);
  });

  it('refuses a field it does not know, so a misspelt one is never dropped unseen', () => {
    const error = refusal(() => readTenantList(fileText([{ ...entry('A', 'https://a.example.com'), lables: ['eu'] }])));
    expect(error.message).toMatch(/tenant 1 \(“A”\)/);
    expect(error.message).toMatch(/lables/);
  });

  it('refuses the same address twice, however it is written, naming it and both tenants', () => {
    const text = fileText([
      entry('Acme', 'acme.alationcloud.com/app/studio/models'),
      entry('Other', 'https://other.alationcloud.com'),
      entry('Acme again', 'HTTPS://ACME.alationcloud.com:443/'),
    ]);
    expect(refusal(() => readTenantList(text)).message).toBe(
      'The file holds https://acme.alationcloud.com twice (“Acme” and “Acme again”): each tenant once, as an address has one tenant. ' +
        'Remove one and import the file again. Nothing was imported.',
    );
  });

  it('refuses a secret written into the file by hand, for every method, naming the tenant and the field', () => {
    const secrets: [Record<string, unknown>, string][] = [
      [{ method: 'oauth', clientId: 'c', clientSecret: 'hand-written-secret' }, 'client secret (auth.clientSecret)'],
      [
        { method: 'browser', clientId: 'c', redirectPort: 47613, confidential: true, clientSecret: 'x-secret' },
        'client secret (auth.clientSecret)',
      ],
      [{ method: 'bearer', bearerToken: 'pasted-token' }, 'Bearer token (auth.bearerToken)'],
      [{ method: 'apiToken', apiToken: 'api-token-value' }, 'API access token (auth.apiToken)'],
      [{ method: 'refreshToken', userId: '7', refreshToken: 'refresh-value' }, 'refresh token (auth.refreshToken)'],
    ];
    for (const [auth, named] of secrets) {
      const error = refusal(() => readTenantList(fileText([entry('Hand edited', 'https://h.example.com', auth)])));
      expect(error.message).toContain(`“Hand edited” carries a ${named}: a tenant list holds no secret, and none is imported.`);
      expect(JSON.stringify(error)).not.toContain(String(Object.values(auth).at(-1)));
    }
  });

  it('refuses a CA file with a private key in it, as the form does', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----\n';
    const error = refusal(() =>
      readTenantList(fileText([entry('A', 'https://a.example.com', undefined, { caPem: `${testCaPem}${key}` })])),
    );
    expect(error.message).toMatch(/tenant 1 \(“A”\), caPem: the file has a PRIVATE KEY block/);
    expect(error.message).not.toContain('MIIEabc');
  });
});

describe('planning an import', () => {
  it('adds a tenant whose address is new and updates the one whose address matches, after normalising both', () => {
    const text = fileText([
      entry(
        'Acme EU',
        'acme.alationcloud.com/app/studio/models?x=1',
        { method: 'oauth', clientId: 'acme-client' },
        { labels: ['eu', 'gold'] },
      ),
      entry('Gamma', 'https://gamma.alationcloud.com/', { method: 'browser', clientId: 'g', redirectPort: 47613, confidential: false }),
    ]);
    const plan = planTenantList(readTenantList(text), [acme, beta], new Map([[acme.id, { state: 'stored' }]]), stamp);
    expect(plan.preview.tenants).toEqual([
      {
        action: 'update',
        name: 'Acme EU',
        baseUrl: 'https://acme.alationcloud.com',
        environment: staging,
        current: { id: acme.id, name: 'Acme' },
        changes: [
          { field: 'Name', from: 'Acme', to: 'Acme EU' },
          { field: 'Environment', from: 'production (#cf222e)', to: 'staging (#bf8700)' },
          { field: 'Labels', from: 'eu', to: 'eu, gold' },
        ],
        secret: { state: 'kept' },
      },
      {
        action: 'add',
        name: 'Gamma',
        baseUrl: 'https://gamma.alationcloud.com',
        environment: staging,
        current: null,
        changes: [],
        secret: { state: 'needed', needs: ['sign-in'] },
      },
    ]);
    expect(plan.preview.basis).toEqual([{ id: acme.id, revision: 3 }]);
    const [before, after] = plan.updated[0]!;
    // Kept: id, address, creation, the CA the file did not mention; the revision moves on.
    expect(after).toEqual({
      ...before,
      name: 'Acme EU',
      environment: staging,
      labels: ['eu', 'gold'],
      revision: 4,
      updatedAt: stamp.now.toISOString(),
    });
    expect(plan.profiles.map((p) => p.name)).toEqual(['Acme EU', 'Beta', 'Gamma']);
    expect(plan.profiles[2]).toMatchObject({ revision: 1, caPem: null, auth: { method: 'browser', clientId: 'g' } });
  });

  it('says what an update costs in secrets: kept when the method stays, needed when it changes or the sign-in no longer belongs', () => {
    const sameMethod = entry(
      'Acme',
      acme.baseUrl,
      { method: 'oauth', clientId: 'acme-client' },
      { environment: production, labels: ['x'] },
    );
    const newMethod = entry('Acme', acme.baseUrl, { method: 'apiToken' }, { environment: production, labels: ['eu'] });
    const newClient = entry('Beta', beta.baseUrl, { method: 'browser', clientId: 'other-app', redirectPort: 47613, confidential: true });
    const secrets = new Map<string, SecretState>([
      [acme.id, { state: 'stored' }],
      [beta.id, { state: 'stored' }],
    ]);
    const secretOf = (e: unknown) => planTenantList(readTenantList(fileText([e])), [acme, beta], secrets, stamp).preview.tenants[0]!.secret;
    expect(secretOf(sameMethod)).toEqual({ state: 'kept' });
    expect(secretOf(newMethod)).toEqual({ state: 'needed', needs: ['API access token'] });
    expect(secretOf(newClient)).toEqual({ state: 'needed', needs: ['sign-in'] });
    expect(secretNeedPhrase(['client secret', 'sign-in'])).toBe('needs its client secret and a sign-in');
    const changes = planTenantList(readTenantList(fileText([newMethod])), [acme], secrets, stamp).preview.tenants[0]!.changes;
    expect(changes).toEqual([
      { field: 'Authentication', from: 'OAuth client credentials', to: 'API access token (legacy)' },
      { field: 'Client ID', from: 'acme-client', to: '—' },
    ]);
  });

  it('names a CA change by its subject, and keeps a pasted token’s expiry when the method stays', () => {
    const noCa = entry(
      'Acme',
      acme.baseUrl,
      { method: 'oauth', clientId: 'acme-client' },
      { environment: production, labels: ['eu'], caPem: null },
    );
    const plan = planTenantList(
      readTenantList(fileText([noCa, entry('Token', token.baseUrl, { method: 'bearer' }, { environment: production })])),
      [acme, token],
      noStates,
      stamp,
    );
    expect(plan.preview.tenants[0]!.changes).toEqual([
      { field: 'CA certificate', from: expect.stringMatching(/^CN=BYOM Desk Test CA \(SHA-256 /), to: 'none' },
    ]);
    expect(plan.preview.tenants[1]!.action).toBe('unchanged');
  });

  it('refuses a file that would give two tenants one name, naming both addresses', () => {
    const clash = fileText([entry('beta', 'https://new.alationcloud.com')]);
    expect(refusal(() => planTenantList(readTenantList(clash), [acme, beta], noStates, stamp)).message).toBe(
      '“beta” would name two tenants: https://beta.alationcloud.com, already here and https://new.alationcloud.com in the file. ' +
        'Tenant names are unique: rename one in the file (or on the Tenants screen) and import it again. Nothing was imported.',
    );
    // Two tenants trading names is no clash: the names are unique once both are saved.
    const swap = fileText([
      entry('Beta', acme.baseUrl, { method: 'oauth', clientId: 'acme-client' }),
      entry('Acme', beta.baseUrl, { method: 'browser', clientId: 'beta-app', redirectPort: 47613, confidential: true }),
    ]);
    const plan = planTenantList(readTenantList(swap), [acme, beta], noStates, stamp);
    expect(plan.profiles.map((p) => p.name)).toEqual(['Beta', 'Acme']);
  });

  it('names no secret field and no token expiry in an exported file', () => {
    const file: TenantListFile = tenantListFileOf([acme, beta, token], at);
    const text = JSON.stringify(file);
    for (const word of ['secret', 'token"', 'refreshToken', 'bearerToken', 'apiToken', 'expiresAt']) expect(text).not.toContain(word);
  });
});
