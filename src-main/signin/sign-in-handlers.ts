// Browser sign-in as the page drives it: start one for a tenant, cancel it by the id the page gave.
import type { HandlerSlice } from '../ipc/handlers';
import type { BrowserSignIns } from './sign-ins';

export function signInHandlers(signIns: BrowserSignIns) {
  return {
    startBrowserSignIn: ({ id, operationId }) => signIns.start(id, operationId),
    cancelBrowserSignIn: async ({ operationId }) => ({ cancelled: await signIns.cancel(operationId) }),
  } satisfies HandlerSlice;
}
