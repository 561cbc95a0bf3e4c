// @vitest-environment jsdom
// The Tenants table's sorting (a TanStack Table): the saved order until a header is clicked, a new
// column ascending first, the same column flipping, ties in name order, and what needs a look
// (failed tests, missing secrets) first when ascending.
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import type { LastTest, TenantListEntry } from '../../src-renderer/features/tenants/tenant-list';
import { useSortedTenants } from '../../src-renderer/features/tenants/tenants-table';

function entry(id: string, name: string, secret: TenantProfileView['secret']['state'], lastTest: LastTest): TenantListEntry {
  const profile = {
    id,
    name,
    baseUrl: `https://${id}.example.com`,
    environment: { label: 'production', color: '#cf222e' },
    labels: [],
    auth: { method: 'apiToken' },
    secret: secret === 'unreadable' ? { state: secret, code: 'keychain_locked', message: 'locked' } : { state: secret },
  } as unknown as TenantProfileView;
  return { profile, lastTest };
}

const saved = [
  entry('c', 'Gamma', 'stored', { kind: 'connected', at: '2026-12-07T10:00:00Z' }),
  entry('a', 'alpha 10', 'missing', { kind: 'never' }),
  entry('b', 'Alpha 9', 'stored', { kind: 'failed', at: '2026-12-07T09:00:00Z' }),
  entry('d', 'Delta', 'stored', { kind: 'failed', at: '2026-12-07T08:00:00Z' }),
];

const names = (rows: TenantListEntry[]) => rows.map((r) => r.profile.name);

describe('the Tenants table’s sort', () => {
  it('keeps the saved order, then sorts by the clicked column, ascending first, flipping on a second click', () => {
    const { result } = renderHook(() => useSortedTenants(saved));
    expect(names(result.current.rows)).toEqual(['Gamma', 'alpha 10', 'Alpha 9', 'Delta']);
    expect(result.current.headers.every((h) => h.sorted === undefined)).toBe(true);

    act(() => result.current.headers.find((h) => h.id === 'name')!.toggle());
    // Numbers in names sort as numbers, case aside.
    expect(names(result.current.rows)).toEqual(['Alpha 9', 'alpha 10', 'Delta', 'Gamma']);
    expect(result.current.headers.find((h) => h.id === 'name')!.sorted).toBe('ascending');

    act(() => result.current.headers.find((h) => h.id === 'name')!.toggle());
    expect(names(result.current.rows)).toEqual(['Gamma', 'Delta', 'alpha 10', 'Alpha 9']);
    expect(result.current.headers.find((h) => h.id === 'name')!.sorted).toBe('descending');
  });

  it('puts what needs a look first: failed tests (longest ago first), untested, then connected; a missing secret first', () => {
    const { result } = renderHook(() => useSortedTenants(saved));
    act(() => result.current.headers.find((h) => h.id === 'lastTest')!.toggle());
    expect(names(result.current.rows)).toEqual(['Delta', 'Alpha 9', 'alpha 10', 'Gamma']);
    expect(result.current.headers.find((h) => h.id === 'name')!.sorted).toBeUndefined();

    act(() => result.current.headers.find((h) => h.id === 'secret')!.toggle());
    // Ties (three stored) keep name order.
    expect(names(result.current.rows)).toEqual(['alpha 10', 'Alpha 9', 'Delta', 'Gamma']);
  });
});
