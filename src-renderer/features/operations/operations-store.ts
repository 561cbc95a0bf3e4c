// Operations on tenants that a quit or a crash cut short, as the page holds them: the offer to
// resume or roll back each, asked of main on start and again when a resume or roll back started
// here ends. One call per operation at a time: its buttons are disabled while one is in flight.
import type { BridgeApi } from '../../../src-shared/contract';
import { create } from 'zustand';
import type { OperationKind, UnfinishedOperation } from '../../../src-shared/tenant-operation';
import { asAppError, bridge } from '../../bridge';
import { useAppStore } from '../../app/app-store';

export type OperationAction = 'resume' | 'roll-back';

interface OperationsState {
  unfinished: UnfinishedOperation[];
  /** Operations with a Resume or Roll back call under way. */
  inFlight: Record<string, OperationAction>;
  /** Resumes and roll backs started here: operation id → its job and kind. */
  started: Record<string, { jobId: string; kind: OperationKind; action: OperationAction }>;
  load(): Promise<void>;
  act(operation: UnfinishedOperation, action: OperationAction, confirmations: Record<string, string>): Promise<void>;
  /** The report of a resume or roll back that has ended is put away. */
  dismiss(operationId: string): void;
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createOperationsStore(api: () => BridgeApi = bridge) {
  return create<OperationsState>((set, get) => ({
    unfinished: [],
    inFlight: {},
    started: {},
    async load() {
      try {
        set({ unfinished: await api().listUnfinishedOperations() });
      } catch (error) {
        useAppStore.getState().showError(asAppError(error));
      }
    },
    dismiss: (operationId) =>
      set((s) => {
        const { [operationId]: _gone, ...rest } = s.started;
        return { started: rest };
      }),
    async act(operation, action, confirmations) {
      const id = operation.id;
      // A second click (or the other button) while the first call is under way does nothing.
      if (get().inFlight[id]) return;
      set((s) => ({ inFlight: { ...s.inFlight, [id]: action } }));
      try {
        const input = { operationId: id, confirmations };
        const { jobId } = action === 'resume' ? await api().resumeOperation(input) : await api().rollBackOperation(input);
        set((s) => ({ started: { ...s.started, [id]: { jobId, kind: operation.kind, action } } }));
      } catch (error) {
        useAppStore.getState().showError(asAppError(error));
      } finally {
        set((s) => {
          const { [id]: _done, ...rest } = s.inFlight;
          return { inFlight: rest };
        });
      }
    },
  }));
}

export const useOperationsStore = createOperationsStore();
