// The browser sign-in's fields of the tenant form: the client ID, the exact redirect URI to register
// (with Copy), the loopback port, and a client secret only for a confidential client.
import { redirectUriFor, type TenantProfileView } from '../../../src-shared/tenant-profile';
import { Field, SecretInput } from '../../components/Field';
import { CopyField } from './CopyField';
import type { FieldErrors, TenantFormState } from './tenant-form-model';

export type SetField = <K extends keyof TenantFormState>(key: K, value: TenantFormState[K]) => void;

/** The browser sign-in's client: its ID, the exact redirect URI to register (with Copy), the port, and a secret only if confidential. */
interface BrowserFieldsProps {
  form: TenantFormState;
  set: SetField;
  errors: FieldErrors;
  editing: TenantProfileView | null;
}

export function BrowserFields({ form, set, errors, editing }: BrowserFieldsProps) {
  const port = /^\d+$/.test(form.redirectPort.trim()) ? Number(form.redirectPort.trim()) : null;
  const storedSecret = editing?.auth.method === 'browser' && editing.auth.confidential;
  return (
    <>
      <Field
        label="Client ID"
        required
        error={errors['auth.clientId']}
        hint="In Alation: Admin Settings → OAuth Client Applications → Create, Client Type Public, PKCE Required on."
      >
        {(p) => <input {...p} value={form.clientId} onChange={(e) => set('clientId', e.target.value)} spellCheck={false} />}
      </Field>
      <CopyField
        label="Redirect URI"
        value={port !== null ? redirectUriFor(port) : redirectUriFor(0).replace(':0/', ':<port>/')}
        hint="Register exactly this address as a Redirect URI of the OAuth client in Alation."
      />
      <Field
        label="Redirect port"
        required
        error={errors['auth.redirectPort']}
        hint={
          'The port on this computer that receives the sign-in. ' +
          'Change it only if another program uses it, then register the new redirect URI.'
        }
      >
        {(p) => <input {...p} value={form.redirectPort} inputMode="numeric" onChange={(e) => set('redirectPort', e.target.value)} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={form.confidential} onChange={(e) => set('confidential', e.target.checked)} />
        Confidential client (the admin made it with a client secret)
      </label>
      {form.confidential && (
        <Field label="Client secret" required={!storedSecret} error={errors['auth.clientSecret']}>
          {(p) => (
            <SecretInput
              {...p}
              value={form.clientSecret}
              onChange={(v) => set('clientSecret', v)}
              placeholder={storedSecret ? 'Stored in the keychain. Leave blank to keep it.' : ''}
              revealLabel="Show client secret"
            />
          )}
        </Field>
      )}
    </>
  );
}
