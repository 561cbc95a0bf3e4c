import { useShallow } from 'zustand/react/shallow';
// A tenant's browser sign-in while it runs: where to sign in, the address to open or copy when no
// browser tab came up, and Cancel; or why it failed, with Try again.
import { InlineError } from './ConnectionReport';
import { CopyField } from './CopyField';
import { useSignInStore, type SignInEntry } from './signin-store';

export function SignInPanel({ tenantId, tenantName, entry }: { tenantId: string; tenantName: string; entry: SignInEntry }) {
  const { start, cancel, dismiss } = useSignInStore(useShallow((s) => ({ start: s.start, cancel: s.cancel, dismiss: s.dismiss })));
  if (entry.status === 'failed') {
    return (
      <div className="signin-panel failed" role="group" aria-label={`Sign-in to ${tenantName}`}>
        <InlineError error={entry.error} />
        <div className="button-row">
          <button type="button" className="button primary" onClick={() => void start(tenantId)}>
            Try again
          </button>
          <button type="button" className="button subtle" onClick={() => dismiss(tenantId)}>
            Dismiss
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="signin-panel" role="group" aria-label={`Sign-in to ${tenantName}`}>
      <p role="status">
        {entry.status === 'starting'
          ? `Preparing the sign-in to ${tenantName}…`
          : entry.openedByMain
            ? `Sign in to ${tenantName} in your browser: BYOM Desk opened the sign-in page there and is waiting for you (up to 5 minutes).`
            : `Sign in to ${tenantName} in the new browser tab: BYOM Desk is waiting for you (up to 5 minutes).`}
      </p>
      {entry.status === 'waiting' && (
        <>
          <p className="hint">
            No sign-in page? {/* A link the person clicks is never stopped by a popup blocker. */}
            <a href={entry.authorizationUrl} target="_blank" rel="noopener noreferrer">
              Open the sign-in page
            </a>
            , or copy its address into the browser where you use Alation.
          </p>
          <CopyField label="Sign-in address" value={entry.authorizationUrl} />
        </>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void cancel(tenantId)} aria-label={`Cancel the sign-in to ${tenantName}`}>
          Cancel sign-in
        </button>
      </div>
    </div>
  );
}
