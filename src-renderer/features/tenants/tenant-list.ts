// The Tenants screen at scale, as pure functions: what the search box matches, how each column
// sorts, and what the "Last test" column says. The screen keeps the search in its own state, the
// sort in its table (tenants-table.ts); nothing here touches the DOM or a store.
import { authMethodLabels, type TenantProfileView } from '../../../src-shared/tenant-profile';
import type { ConnectionTestState } from './connection-tests';

export type TenantSortColumn = 'name' | 'address' | 'auth' | 'secret' | 'lastTest';

/** Everything the search box looks at, lower-cased: name, address, environment and labels. */
export function tenantSearchText(p: TenantProfileView): string {
  return [p.name, p.baseUrl, p.environment.label, ...p.labels].join('\n').toLowerCase();
}

/** Every word of the query is somewhere in the tenant's text ("staging eu" finds staging tenants labelled eu). */
export function matchesTenantSearch(searchText: string, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => searchText.includes(word));
}

/**
 * The tenant's latest connection test as far as its current connection goes: a report from before
 * the profile's last edit may describe another address or secret, so it is not shown as this one's.
 */
export function currentTestState(profile: TenantProfileView, latest: ConnectionTestState | undefined): ConnectionTestState | undefined {
  if (latest && !latest.running && 'result' in latest && latest.result.testedAt < profile.updatedAt) return undefined;
  return latest;
}

export type LastTest =
  | { kind: 'never' }
  | { kind: 'running' }
  | { kind: 'connected'; at: string }
  | { kind: 'failed'; at: string }
  /** The job could not test it at all (no report): a locked keychain, a removed profile... */
  | { kind: 'error'; message: string }
  | { kind: 'cancelled' };

export function lastTestOf(state: ConnectionTestState | undefined): LastTest {
  if (!state) return { kind: 'never' };
  if (state.running) return { kind: 'running' };
  if ('result' in state) return { kind: state.result.report.ok ? 'connected' : 'failed', at: state.result.testedAt };
  return state.error.code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'error', message: state.error.message };
}

export const lastTestLabels: Record<LastTest['kind'], string> = {
  never: 'Never',
  running: 'Testing…',
  connected: 'Connected',
  failed: 'Failed',
  error: 'Failed',
  cancelled: 'Cancelled',
};

/** Ascending puts what needs a look first: failures, then untested, then the ones that passed. */
const lastTestRank: Record<LastTest['kind'], number> = { failed: 0, error: 1, cancelled: 2, never: 3, running: 4, connected: 5 };
const secretRank = { missing: 0, unreadable: 1, stored: 2 } as const;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export interface TenantListEntry {
  profile: TenantProfileView;
  lastTest: LastTest;
}

function compare(a: TenantListEntry, b: TenantListEntry, column: TenantSortColumn): number {
  const pa = a.profile;
  const pb = b.profile;
  switch (column) {
    case 'name':
      return collator.compare(pa.name, pb.name) || collator.compare(pa.environment.label, pb.environment.label);
    case 'address':
      return collator.compare(pa.baseUrl, pb.baseUrl);
    case 'auth':
      return collator.compare(authMethodLabels[pa.auth.method], authMethodLabels[pb.auth.method]);
    case 'secret':
      return secretRank[pa.secret.state] - secretRank[pb.secret.state];
    case 'lastTest': {
      const rank = lastTestRank[a.lastTest.kind] - lastTestRank[b.lastTest.kind];
      if (rank !== 0) return rank;
      // Within a kind, the one tested longest ago first.
      const at = (t: LastTest) => ('at' in t ? t.at : '');
      return at(a.lastTest).localeCompare(at(b.lastTest));
    }
  }
}

/** Ascending order on a column; ties in name order, then by id, so the order is total. */
export function compareTenants(a: TenantListEntry, b: TenantListEntry, column: TenantSortColumn): number {
  return compare(a, b, column) || compare(a, b, 'name') || collator.compare(a.profile.id, b.profile.id);
}

/**
 * Whether a browser sign-in is needed: `first` before any (or after the tenant's client changed),
 * `again` when a call found the refresh token refused or expired: main said so, or the latest test did.
 */
export function signInNeed(profile: TenantProfileView, state: ConnectionTestState | undefined): 'none' | 'first' | 'again' {
  if (profile.auth.method !== 'browser') return 'none';
  if (profile.secret.state === 'missing') return 'first';
  if (profile.auth.signInRequired) return 'again';
  if (!state || state.running) return 'none';
  const code = 'result' in state ? state.result.report.steps.find((s) => s.status === 'failed')?.error?.code : state.error.code;
  return code === 'sign_in_required' ? 'again' : 'none';
}
