// @vitest-environment jsdom
// Choosing rows of a filtered list (plan targets, rotation matches): only the rows shown are ever
// the chosen ones; a row hidden by the filter keeps its choice for when it shows again; "all" means
// all of the rows shown.
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useRowChoice } from '../../src-renderer/components/row-choice';

type Tenant = { id: string; labels: string[] };
const tenants: Tenant[] = [
  { id: 'a', labels: ['eu'] },
  { id: 'b', labels: ['us'] },
  { id: 'c', labels: ['eu'] },
];
const ids = (rows: Tenant[]) => rows.map((r) => r.id);

describe('choosing rows of a filtered list', () => {
  it('counts only the rows shown, and keeps a hidden row’s choice for when it shows again', () => {
    const { result, rerender } = renderHook(({ rows }) => useRowChoice(rows, (t) => t.id), { initialProps: { rows: tenants } });
    expect(result.current.chosen).toEqual([]);
    act(() => result.current.chooseOnly(['b', 'c']));
    expect(ids(result.current.chosen)).toEqual(['b', 'c']);
    expect(result.current.someChosen).toBe(true);
    expect(result.current.allChosen).toBe(false);

    // Filtered to eu: b is hidden, so only c is chosen; all eu rows chosen once a is too.
    rerender({ rows: tenants.filter((t) => t.labels.includes('eu')) });
    expect(ids(result.current.chosen)).toEqual(['c']);
    act(() => result.current.set('a', true));
    expect(result.current.allChosen).toBe(true);
    expect(result.current.someChosen).toBe(false);

    // "None" clears the rows shown; the hidden b is still chosen when the filter goes.
    act(() => result.current.setAll(false));
    expect(result.current.chosen).toEqual([]);
    rerender({ rows: tenants });
    expect(ids(result.current.chosen)).toEqual(['b']);
    expect(result.current.isChosen('b')).toBe(true);
    act(() => result.current.set('b', false));
    expect(result.current.isChosen('b')).toBe(false);
    act(() => result.current.setAll(true));
    expect(ids(result.current.chosen)).toEqual(['a', 'b', 'c']);
  });

  it('is never "all chosen" with no rows to choose', () => {
    const { result } = renderHook(() => useRowChoice<Tenant>([], (t) => t.id));
    act(() => result.current.setAll(true));
    expect(result.current.allChosen).toBe(false);
  });
});
