// Plan and apply, as the page starts them: each a job.
import type { HandlerSlice } from '../ipc/handlers';
import type { ApplyService } from './apply-service';

export function applyHandlers(apply: ApplyService) {
  return {
    startPlan: (input) => apply.startPlan(input),
    startApply: (input) => apply.startApply(input),
  } satisfies HandlerSlice;
}
