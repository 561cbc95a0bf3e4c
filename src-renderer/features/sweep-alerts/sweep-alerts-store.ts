// The scheduled health sweep's unseen alerts as the page holds them: read from main when the page
// starts, kept current by `sweep.alerts`, dismissed in main (so every window, and the page after a
// reload, agrees). Made with the bridge passed in, so a test can give it a fake one.
import { create } from 'zustand';
import type { BridgeApi } from '../../../src-shared/contract';
import type { SweepAlert, SweepAlertList } from '../../../src-shared/sweep-alerts';
import { bridge } from '../../bridge';

type SweepAlertsBridge = Pick<BridgeApi, 'listSweepAlerts' | 'dismissSweepAlerts' | 'on'>;

export interface SweepAlertsState {
  alerts: SweepAlert[];
  /** Reads the alerts and follows their changes. Throws what main refused. */
  attach(): Promise<void>;
  /** Marks every alert seen. Throws what main refused. */
  dismiss(): Promise<void>;
}

export function createSweepAlertsStore(api: () => SweepAlertsBridge) {
  let following = false;
  return create<SweepAlertsState>((set) => {
    const put = (list: SweepAlertList) => set({ alerts: list.alerts });
    return {
      alerts: [],
      attach: async () => {
        if (!following) {
          following = true;
          api().on('sweep.alerts', put);
        }
        put(await api().listSweepAlerts());
      },
      dismiss: async () => put(await api().dismissSweepAlerts()),
    };
  });
}

export const useSweepAlertsStore = createSweepAlertsStore(bridge);
