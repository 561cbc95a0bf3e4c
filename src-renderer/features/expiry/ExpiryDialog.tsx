// Entering when a credential expires: app metadata kept in main by tenant and credential id, never
// sent to the tenant. The time is typed in this computer's time zone and stored as an instant.
import { showFailure } from '../../app/failures';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { toLocalInput } from '../../components/time';
import { useExpiryStore } from './expiry-store';

export interface ExpiryTarget {
  tenantId: string;
  tenantName: string;
  credentialId: string;
  credentialName: string;
  expiresAt: string | null;
}

export function ExpiryDialog({ target, onClose }: { target: ExpiryTarget; onClose(): void }) {
  const save = useExpiryStore((s) => s.set);
  const [text, setText] = useState(target.expiresAt ? toLocalInput(target.expiresAt) : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const write = async (expiresAt: string | null) => {
    setBusy(true);
    try {
      await save({ tenantId: target.tenantId, credentialId: target.credentialId, credentialName: target.credentialName }, expiresAt);
      onClose();
    } catch (failure) {
      showFailure(failure, (e) => setError(e.message));
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    const at = new Date(text);
    if (!text.trim() || Number.isNaN(at.getTime())) {
      setError('Enter the date and time the key stops working, or clear the expiry.');
      return;
    }
    void write(at.toISOString());
  };

  return (
    <ConfirmDialog
      title={`Expiry of “${target.credentialName}”`}
      busy={busy}
      onEscape={onClose}
      text={
        <form
          className="expiry-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <p>
            On {target.tenantName}. BYOM Desk reminds you before it expires: on start, here in the inventory, and as a notification in the
            desktop app. It is kept on this computer only, never on the tenant.
          </p>
          <Field label="Expires" error={error ?? undefined} hint="In this computer’s time zone.">
            {(p) => <input {...p} type="datetime-local" value={text} data-autofocus onChange={(e) => setText(e.target.value)} />}
          </Field>
        </form>
      }
    >
      <button type="button" className="button primary" onClick={submit} disabled={busy}>
        Save
      </button>
      {target.expiresAt && (
        <button type="button" className="button" onClick={() => void write(null)} disabled={busy}>
          Clear expiry
        </button>
      )}
      <button type="button" className="button" onClick={onClose} disabled={busy}>
        Cancel
      </button>
    </ConfirmDialog>
  );
}
