// `use-sync-external-store/shim/with-selector` as an ES module over `useSyncExternalStore`, with
// React's own semantics (its MIT code, in TypeScript): a selection is computed again only when the
// store's snapshot changes, and an equal one keeps its identity, so a component re-renders only when
// what it selected changed. TanStack Table's store takes it from there.
//
// Why a copy: the package is CommonJS that `require`s React. With Preact in React's place (see
// electron.vite.config.ts), that one `require` makes the bundler wrap Preact itself in lazily
// started CommonJS modules, and the first render never happened; under Vitest, the `require` reaches
// the real React instead of the Preact the components run on.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';

export function useSyncExternalStoreWithSelector<Snapshot, Selection>(
  subscribe: (onStoreChange: () => void) => () => void,
  getSnapshot: () => Snapshot,
  getServerSnapshot: (() => Snapshot) | undefined | null,
  selector: (snapshot: Snapshot) => Selection,
  isEqual?: (a: Selection, b: Selection) => boolean,
): Selection {
  // The selection last rendered: an equal new one is answered with it.
  const rendered = useRef<{ hasValue: boolean; value: Selection | null }>({ hasValue: false, value: null }).current;
  const [getSelection, getServerSelection] = useMemo(() => {
    let hasMemo = false;
    let memoSnapshot: Snapshot;
    let memoSelection: Selection;
    const select = (snapshot: Snapshot): Selection => {
      if (!hasMemo) {
        hasMemo = true;
        memoSnapshot = snapshot;
        const selection = selector(snapshot);
        if (isEqual !== undefined && rendered.hasValue && isEqual(rendered.value as Selection, selection)) {
          return (memoSelection = rendered.value as Selection);
        }
        return (memoSelection = selection);
      }
      if (Object.is(memoSnapshot, snapshot)) return memoSelection;
      const selection = selector(snapshot);
      memoSnapshot = snapshot;
      if (isEqual !== undefined && isEqual(memoSelection, selection)) return memoSelection;
      return (memoSelection = selection);
    };
    const server = getServerSnapshot ?? undefined;
    return [() => select(getSnapshot()), server === undefined ? undefined : () => select(server())] as const;
  }, [getSnapshot, getServerSnapshot, selector, isEqual, rendered]);
  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection);
  useEffect(() => {
    rendered.hasValue = true;
    rendered.value = value;
  }, [value, rendered]);
  return value;
}
