// The scheduled sweep's alerts as the page reads them (the Inventory's badge and notice) and marks them seen.
import type { HandlerSlice } from '../ipc/handlers';
import type { SweepScheduleStore } from './sweep-schedule-store';

export function sweepAlertHandlers(store: SweepScheduleStore) {
  return {
    listSweepAlerts: async () => store.alerts(),
    dismissSweepAlerts: async () => store.dismiss(),
  } satisfies HandlerSlice;
}
