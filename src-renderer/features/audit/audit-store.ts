// The audit log as the Audit screen holds it: main filters, the page shows. Each `audit.appended`
// event asks again with the filter in use; a burst of them (a sweep of many credentials) is folded
// into one request at a time, so the page never queues a hundred lists.
import type { BridgeApi } from '../../../src-shared/contract';
import { create } from 'zustand';
import type { AuditFilter, AuditList } from '../../../src-shared/audit';
import type { AppErrorShape } from '../../../src-shared/errors';
import { asAppError, bridge } from '../../bridge';

interface AuditState {
  list: AuditList | null;
  error: AppErrorShape | null;
  /** Lists what matches `filter`, and keeps it as the filter live updates use. */
  load(filter: AuditFilter): Promise<void>;
  /** Follows new entries while the screen is open; answers the function that stops. */
  follow(): () => void;
  /** Entries as main lists them, without keeping them (the export, a row's history). */
  listEntries: BridgeApi['listAuditEntries'];
  /** Calls `listener` on each new entry; answers the function that stops. */
  onAppended(listener: () => void): () => void;
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createAuditStore(api: () => BridgeApi = bridge) {
  return create<AuditState>((set, get) => {
    let filter: AuditFilter = {};
    /** Only the newest request's answer is shown: a slower, older one never overwrites it. */
    let asked = 0;
    let refreshing = false;
    let missed = false;

    const appended = async () => {
      if (refreshing) {
        missed = true;
        return;
      }
      refreshing = true;
      try {
        do {
          missed = false;
          await get().load(filter);
        } while (missed);
      } finally {
        refreshing = false;
      }
    };

    return {
      listEntries: (filter) => api().listAuditEntries(filter),
      onAppended: (listener) => api().on('audit.appended', () => listener()),
      list: null,
      error: null,
      async load(next) {
        filter = next;
        const mine = ++asked;
        try {
          const list = await api().listAuditEntries(next);
          if (mine === asked) set({ list, error: null });
        } catch (error) {
          if (mine === asked) set({ error: asAppError(error) });
        }
      },
      follow: () => api().on('audit.appended', () => void appended()),
    };
  });
}

export const useAuditStore = createAuditStore();
