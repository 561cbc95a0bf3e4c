// Key rotation as the page starts it: one job over the chosen credentials.
import type { HandlerSlice } from '../ipc/handlers';
import type { RotationService } from './rotation-service';

export function rotationHandlers(rotation: RotationService) {
  return {
    startRotation: async (input) => rotation.start(input),
  } satisfies HandlerSlice;
}
