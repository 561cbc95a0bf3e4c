// Browser sign-in as the page and main agree on it: the page starts and cancels one, main answers
// the URL to open and tells how it ended. No token ever crosses: only the tenant and the outcome.
import { z } from 'zod';
import { appErrorShapeSchema } from './jobs';
import { profileIdSchema } from './tenant-profile';

/** Chosen by the page, so it can cancel the sign-in and tell its outcome from an older one's. */
export const signInOperationIdSchema = z.uuid('not an operation id');

export const startBrowserSignInInputSchema = z.strictObject({ id: profileIdSchema, operationId: signInOperationIdSchema });
export const cancelBrowserSignInInputSchema = z.strictObject({ operationId: signInOperationIdSchema });

export interface SignInStarted {
  /** The tenant's sign-in page, to open in the browser (or copy, when none opened). */
  authorizationUrl: string;
  /** The redirect URI the sign-in waits on, as registered in Alation's OAuth client. */
  redirectUri: string;
  /** True when main opened the system browser (the desktop app); false: the page opens the URL itself. */
  openedByMain: boolean;
}

const which = { tenantId: profileIdSchema, operationId: signInOperationIdSchema };
export const signInFinishedSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ ...which, outcome: z.literal('signed-in') }),
  z.strictObject({ ...which, outcome: z.literal('cancelled') }),
  z.strictObject({ ...which, outcome: z.literal('failed'), error: appErrorShapeSchema }),
]);
export type SignInFinished = z.infer<typeof signInFinishedSchema>;
