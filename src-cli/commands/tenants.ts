// `byom-desk tenants list|test|add|import|export|login`: the Tenants screen from a terminal.
import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import type { ConnectionTestResult } from '../../src-shared/connection-report';
import { AppError } from '../../src-shared/errors';
import { isJobOfKind } from '../../src-shared/job-results';
import { authMethods, type TenantProfileView } from '../../src-shared/tenant-profile';
import { readSecrets, secretFromEnv } from '../input';
import { openInSystemBrowser } from '../open-browser';
import { exitCodeOf, exitCodes } from '../output';
import { runner, type CommandContext } from '../run';
import { errorShapeOfFailure } from '../session';
import { chooseTenants, chosenTenants, findTenant, listProfiles } from '../select';
import { parseYamlFile, readTextFile } from '../yaml-file';
import {
  baseDirOf,
  entryOf,
  needsSecret,
  profileInputOf,
  secretLabels,
  tenantsFileFormat,
  tenantsFileSchema,
  type TenantEntry,
} from '../tenants-file';
import { collect, emitFile, runJob, tenantOptions } from './common';

export function tenantsCommand(): Command {
  const tenants = new Command('tenants').description('tenant profiles: list, test, add, import, export, sign in');

  tenantOptions(tenants.command('list').description('every tenant profile, with its secret state and last connection test')).action(
    runner({ writes: false }, list),
  );

  tenantOptions(
    tenants.command('test').description('test each chosen tenant’s connection (DNS, TLS, authentication, AI API), as one job'),
  ).action(runner({ writes: true }, test));

  tenants
    .command('add')
    .description(
      'add a tenant profile; its secret comes from stdin (--from-stdin), an environment variable (--secret-env) or a hidden prompt',
    )
    .requiredOption('--name <name>', 'what to call the tenant')
    .requiredOption('--url <address>', 'any address of the tenant (https; http only on this computer)')
    .requiredOption('--environment <env>', 'production, staging, sandbox, or your own label')
    .option('--label <label>', 'a label to group tenants by (repeatable)', collect)
    .addOption(new Option('--auth <method>', 'how it signs in').choices(authMethods).default('browser'))
    .option('--client-id <id>', 'the OAuth client ID (browser, oauth)')
    .option('--redirect-port <port>', 'browser sign-in: the loopback port registered in Alation', (v) => Number(v))
    .option('--confidential', 'browser sign-in: the OAuth client is confidential (it has a secret)')
    .option('--user-id <id>', 'refreshToken: the user ID shown with the refresh token')
    .option('--ca-file <file>', 'a PEM file of the tenant’s private CA')
    .option('--from-stdin', 'read the secret from stdin')
    .option('--secret-env <name>', 'read the secret from this environment variable (read once, never printed)')
    .action(runner({ writes: true }, add));

  tenants
    .command('import')
    .description('add or update the tenants of a tenants file (format byom-desk-tenants, as `tenants export` writes)')
    .argument('<file>', 'a YAML or JSON tenants file')
    .action(runner({ writes: true }, importFile));

  tenantOptions(tenants.command('export').description('the chosen tenants as a tenants file, without secrets'))
    .option('--output <file>', 'write to this file instead of stdout')
    .addOption(new Option('--format <format>', 'file format').choices(['json', 'yaml']).default('json'))
    .action(runner({ writes: false }, exportFile));

  tenants
    .command('login')
    .description('browser sign-in for a tenant: opens its sign-in page and waits on the loopback redirect, as the app does')
    .argument('<tenant>', 'the tenant’s name or id')
    .option('--no-browser', 'do not open a browser: print the address to open')
    .action((...args: unknown[]) => {
      const options = (args.at(-1) as Command).optsWithGlobals<{ browser: boolean }>();
      const opener = options.browser ? (url: string) => openInSystemBrowser(url) : undefined;
      return runner({ writes: true, ...(opener ? { openSignInPage: opener } : {}) }, login)(...args);
    });
  return tenants;
}

async function list({ session, out, options }: CommandContext) {
  const profiles = chooseTenants(await listProfiles(session), options, true);
  const tests = await session.call('listConnectionTests');
  const lastTest = (p: TenantProfileView) => {
    const t = tests[p.id];
    // A result from before the profile's last edit is not the current connection's.
    return t && t.testedAt >= p.updatedAt ? { at: t.testedAt, ok: t.report.ok } : null;
  };
  for (const p of profiles) {
    out.record('tenant', {
      tenantId: p.id,
      tenant: p.name,
      url: p.baseUrl,
      environment: p.environment.label,
      labels: p.labels,
      auth: p.auth.method,
      secret: p.secret.state,
      signInRequired: p.auth.method === 'browser' ? p.auth.signInRequired : false,
      lastTest: lastTest(p),
    });
  }
  out.table(
    ['NAME', 'ENVIRONMENT', 'LABELS', 'ADDRESS', 'AUTH', 'SECRET', 'LAST TEST'],
    profiles.map((p) => {
      const t = lastTest(p);
      const signIn = p.auth.method === 'browser' && p.auth.signInRequired ? ' (sign in again)' : '';
      return [
        p.name,
        p.environment.label,
        p.labels.join(','),
        p.baseUrl,
        p.auth.method,
        `${p.secret.state}${signIn}`,
        t ? `${t.ok ? 'Connected' : 'Failed'} ${t.at}` : 'Never',
      ];
    }),
  );
  if (profiles.length === 0) out.note('No tenants yet: add one with byom-desk tenants add, or byom-desk tenants import FILE.');
  return { code: exitCodes.ok, summary: { tenants: profiles.length } };
}

async function test({ session, out, options }: CommandContext) {
  const profiles = await chosenTenants(session, options, true);
  const job = await runJob(session, out, profiles, () => session.call('startConnectionTests', { tenantIds: profiles.map((p) => p.id) }));
  if (!isJobOfKind(job, 'connection-tests')) throw new AppError('internal', 'The connection tests ended as another kind of job.');
  let failed = 0;
  const rows: string[][] = [];
  for (const p of profiles) {
    const part = job.tenants[p.id];
    const result: ConnectionTestResult | undefined = part?.result;
    const failedStep = result?.report.steps.find((s) => s.status === 'failed');
    const error = failedStep?.error ?? part?.error;
    const ok = Boolean(result?.report.ok);
    if (!ok) failed++;
    out.record('connection-test', {
      tenantId: p.id,
      tenant: p.name,
      ok,
      latencyMs: result?.report.latencyMs ?? null,
      steps: result?.report.steps.map((s) => ({ step: s.step, status: s.status, ms: s.ms, ...(s.error ? { error: s.error } : {}) })) ?? [],
      ...(error ? { error } : {}),
    });
    rows.push([
      p.name,
      ok ? 'Connected' : 'Failed',
      ok ? `${result?.report.latencyMs ?? '?'} ms` : `${failedStep ? `${failedStep.label}: ` : ''}${error?.message ?? part?.status ?? ''}`,
    ]);
  }
  out.table(['TENANT', 'RESULT', 'DETAILS'], rows);
  return { code: exitCodeOf(failed, profiles.length), summary: { tenants: profiles.length, failed } };
}

/** The method's secret: from the named environment variable, stdin, or a hidden prompt. */
async function secretFor(entry: TenantEntry, fromStdin: boolean): Promise<string | undefined> {
  if (!needsSecret(entry.auth.method, entry.auth.confidential ?? false)) return undefined;
  if (entry.auth.secretEnv) return secretFromEnv(entry.auth.secretEnv);
  const label = secretLabels[entry.auth.method];
  const values = await readSecrets([{ key: 'secret', label }], fromStdin, `“${entry.name}”`);
  return values.secret;
}

async function add({ session, out, options }: CommandContext) {
  const o = options as Record<string, string | string[] | boolean | number | undefined>;
  const entry: TenantEntry = {
    name: String(o.name),
    url: String(o.url),
    environment: String(o.environment),
    labels: (o.label as string[]) ?? [],
    auth: {
      method: o.auth as TenantEntry['auth']['method'],
      ...(o.clientId ? { clientId: String(o.clientId) } : {}),
      ...(o.redirectPort !== undefined ? { redirectPort: Number(o.redirectPort) } : {}),
      confidential: Boolean(o.confidential),
      ...(o.userId ? { userId: String(o.userId) } : {}),
      ...(o.secretEnv ? { secretEnv: String(o.secretEnv) } : {}),
    },
    ...(o.caFile ? { caFile: String(o.caFile) } : {}),
  };
  const secret = await secretFor(entry, Boolean(o.fromStdin));
  const view = await session.call('createTenantProfile', profileInputOf(entry, secret, process.cwd()));
  out.record('tenant-saved', { action: 'created', tenantId: view.id, tenant: view.name, secret: view.secret.state });
  out.line(`Added “${view.name}” (${view.id}).`);
  if (view.auth.method === 'browser') out.line(`Sign in with: byom-desk tenants login "${view.name}"`);
  return exitCodes.ok;
}

async function importFile({ session, out }: CommandContext, file: string) {
  const { value } = parseYamlFile(file, readTextFile(file), tenantsFileSchema);
  let failed = 0;
  for (const entry of value.tenants) {
    const existing = (await listProfiles(session)).find((p) => p.name.trim().toLowerCase() === entry.name.trim().toLowerCase());
    try {
      // An existing profile keeps its stored secret unless the file names one.
      const secret = existing && !entry.auth.secretEnv ? undefined : await secretFor(entry, false);
      const input = profileInputOf(entry, secret, baseDirOf(file));
      const view = existing
        ? await session.call('updateTenantProfile', { id: existing.id, profile: { ...input, revision: existing.revision } })
        : await session.call('createTenantProfile', input);
      const action = existing ? 'updated' : 'created';
      out.record('tenant-saved', { action, tenantId: view.id, tenant: view.name, secret: view.secret.state });
      out.line(`${existing ? 'Updated' : 'Added'} “${view.name}”.`);
    } catch (error) {
      failed++;
      const shape = errorShapeOfFailure(error);
      out.record('tenant-saved', { action: 'failed', tenant: entry.name, error: shape });
      out.note(`“${entry.name}” was not saved: ${shape.message}`);
    }
  }
  return { code: exitCodeOf(failed, value.tenants.length), summary: { tenants: value.tenants.length, failed } };
}

async function exportFile({ session, out, options }: CommandContext) {
  const profiles = chooseTenants(await listProfiles(session), options, true);
  const document = { format: tenantsFileFormat, version: 1, tenants: profiles.map(entryOf) };
  const text = options.format === 'yaml' ? stringify(document) : `${JSON.stringify(document, null, 2)}\n`;
  for (const p of profiles.filter((x) => x.caCertificate))
    out.note(`“${p.name}” has a custom CA: add its caFile to the file (a CA is not exported).`);
  emitFile(
    out,
    options.output,
    text,
    'tenants-file',
    { file: document },
    `Wrote ${profiles.length} tenants to {output} (no secret is in it).`,
  );
  return { code: exitCodes.ok, summary: { tenants: profiles.length } };
}

async function login({ session, out }: CommandContext, name: string) {
  const profile = findTenant(await listProfiles(session), name);
  if (profile.auth.method !== 'browser') {
    throw new AppError('validation', `“${profile.name}” signs in with ${profile.auth.method}, not the browser: nothing to sign in to.`);
  }
  const operationId = randomUUID();
  const outcome = session.signInFinished(operationId);
  const started = await session.call('startBrowserSignIn', { id: profile.id, operationId });
  session.onCancel(() => session.call('cancelBrowserSignIn', { operationId }));
  out.record('signin', {
    tenantId: profile.id,
    tenant: profile.name,
    authorizationUrl: started.authorizationUrl,
    redirectUri: started.redirectUri,
    openedBrowser: started.openedByMain,
  });
  out.line(
    started.openedByMain
      ? `Your browser opened the sign-in page of “${profile.name}”. If it did not, open this address:`
      : `Open this address in a browser to sign in to “${profile.name}”:`,
  );
  out.line(`  ${started.authorizationUrl}`);
  out.note(`Waiting for the browser to come back to ${started.redirectUri} (Ctrl+C cancels)…`);
  const finished = await outcome;
  out.record('signin.finished', {
    tenantId: profile.id,
    tenant: profile.name,
    outcome: finished.outcome,
    ...(finished.outcome === 'failed' ? { error: finished.error } : {}),
  });
  if (finished.outcome === 'signed-in') {
    out.line(`Signed in to “${profile.name}”.`);
    return exitCodes.ok;
  }
  if (finished.outcome === 'failed') throw new AppError(finished.error.code, finished.error.message);
  throw new AppError('cancelled', 'The sign-in was cancelled.');
}
