// The navigation bar's count of unseen scheduled-sweep alerts, on the Inventory item, whose name
// then reads "Inventory, 2 alerts". The hook reads the alerts when the page starts and follows them.
import { useEffect } from 'react';
import { plural } from '../../../src-shared/plural';
import { asAppError } from '../../bridge';
import { useAppStore } from '../../app/app-store';
import { useSweepAlertsStore } from './sweep-alerts-store';
import './sweep-alerts.css';

/** How many alerts are unseen; starts following them. */
export function useSweepAlertCount(): number {
  const count = useSweepAlertsStore((s) => s.alerts.length);
  useEffect(() => {
    useSweepAlertsStore
      .getState()
      .attach()
      .catch((error: unknown) => useAppStore.getState().showError(asAppError(error)));
  }, []);
  return count;
}

/** The item's name with its count: "Inventory, 2 alerts"; undefined (its text) when there are none. */
export const withAlertCount = (label: string, count: number) => (count > 0 ? `${label}, ${plural(count, 'alert')}` : undefined);

/** The count shown on the item (its name says it in words). */
export function SweepAlertCount({ count }: { count: number }) {
  if (count === 0) return null;
  // The space keeps "Inventory 2" two words, as the name says them.
  return (
    <>
      {' '}
      <span className="nav-count" aria-hidden="true">
        {count}
      </span>
    </>
  );
}
