import { AppError } from '../../src-shared/errors';

/**
 * Long operations the page may cancel. An AbortSignal cannot cross IPC, so the page names an
 * operation with an id of its choosing, and a second call aborts it by that id; the signal then
 * travels down to the socket.
 */
export class CancellableOperations {
  private readonly running = new Map<string, AbortController>();

  async run<T>(operationId: string | undefined, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (!operationId) return work(undefined);
    if (this.running.has(operationId)) throw new AppError('conflict', 'An operation with this id is already running.');
    const controller = new AbortController();
    this.running.set(operationId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.running.delete(operationId);
    }
  }

  /** True when the operation was running and is now cancelled. */
  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    if (!controller) return false;
    controller.abort();
    return true;
  }
}
