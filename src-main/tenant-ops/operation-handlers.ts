// Operations a quit or a crash cut short, as the page offers them: listed, then resumed or rolled back.
import type { HandlerSlice } from '../ipc/handlers';
import type { TenantOperations } from './operations';

export function operationHandlers(operations: TenantOperations) {
  return {
    listUnfinishedOperations: () => operations.unfinished(),
    resumeOperation: (input) => operations.resume(input),
    rollBackOperation: (input) => operations.rollBack(input),
  } satisfies HandlerSlice;
}
