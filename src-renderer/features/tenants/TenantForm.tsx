import { useId, useState, type FormEvent } from 'react';
import type { ConnectionTestReport } from '../../../src-shared/connection-report';
import type { AppErrorShape } from '../../../src-shared/errors';
import {
  addressMoved,
  authMethodHints,
  authMethodLabels,
  authMethods,
  environmentPresets,
  type TenantProfileView,
} from '../../../src-shared/tenant-profile';
import { normalizeTenantUrl } from '../../../src-shared/tenant-url';
import { asAppError } from '../../bridge';
import { Field, SecretInput } from '../../components/Field';
import { FileButton } from '../../components/FileButton';
import { focusWhenShown } from '../../components/focus';
import { useTenantsStore } from './tenants-store';
import { ConnectionReport, InlineError } from './ConnectionReport';
import { BrowserFields } from './BrowserFields';
import { useSignInStore } from './signin-store';
import {
  emptyForm,
  fieldErrorsFrom,
  formFromProfile,
  hasStoredSecret,
  toProfileInput,
  validateForm,
  type FieldErrors,
  type TenantFormState,
} from './tenant-form-model';

interface TenantFormProps {
  editing: TenantProfileView | null;
  /** `signIn`: the tenant was added with browser sign-in, whose sign-in starts now. */
  onDone(saved: TenantProfileView | null, options?: { signIn: boolean }): void;
}

export function TenantForm({ editing, onDone }: TenantFormProps) {
  const [form, setForm] = useState<TenantFormState>(() => (editing ? formFromProfile(editing) : emptyForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [report, setReport] = useState<ConnectionTestReport | null>(null);
  const [testOperation, setTestOperation] = useState<string | null>(null);
  const create = useTenantsStore((s) => s.create);
  const update = useTenantsStore((s) => s.update);
  const hintId = useId();
  /** A new browser tenant is tested once signed in: its primary button adds it and starts the sign-in. */
  const addAndSignIn = editing === null && form.method === 'browser';

  const set = <K extends keyof TenantFormState>(key: K, value: TenantFormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const url = form.baseUrl.trim() ? normalizeTenantUrl(form.baseUrl) : null;
  // A stored secret is kept only at the address it was saved for: a moved address asks for it again.
  const moved = editing !== null && addressMoved(editing.baseUrl, form.baseUrl);
  const editingSecret = editing !== null && editing.auth.method === form.method && hasStoredSecret(editing);
  const keepHint = moved ? 'The address changed: enter it again.' : 'Stored in the keychain. Leave blank to keep it.';
  const secretPlaceholder = editingSecret ? keepHint : '';
  const storedCa = editing?.caCertificate && !form.removeCa ? editing.caCertificate : null;

  /** The saved tenant's sign-in, from its test report: the form closes, the row follows the sign-in. */
  const signInAgain = (id: string) => {
    void useSignInStore.getState().start(id);
    onDone(null);
  };

  const check = (): boolean => {
    const found = validateForm(form, editing);
    setErrors(found);
    setSubmitError(null);
    return Object.keys(found).length === 0;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!check()) return;
    setBusy('saving');
    try {
      const input = toProfileInput(form);
      const saved = editing ? await update(editing.id, input) : await create(input);
      onDone(saved, { signIn: addAndSignIn });
    } catch (error) {
      const e = asAppError(error);
      setErrors(fieldErrorsFrom(e));
      setSubmitError(e);
      setBusy(null);
    }
  };

  const test = async () => {
    if (!check()) return;
    setBusy('testing');
    setReport(null);
    const operationId = crypto.randomUUID();
    setTestOperation(operationId);
    try {
      const draft = toProfileInput(form);
      setReport(await useTenantsStore.getState().testConnection(editing ? { draft, id: editing.id, operationId } : { draft, operationId }));
    } catch (error) {
      const e = asAppError(error);
      if (e.code !== 'cancelled') {
        setErrors(fieldErrorsFrom(e));
        setSubmitError(e);
      }
    } finally {
      setBusy(null);
      setTestOperation(null);
    }
  };

  const loadCaFile = async (file: File) => {
    if (file.size > 256 * 1024) {
      setErrors((e) => ({ ...e, caPem: 'the certificate file is larger than 256 KB' }));
      return;
    }
    const text = await file.text();
    setForm((f) => ({ ...f, caPem: text, removeCa: false }));
  };

  const choosePreset = (value: string) => {
    const preset = environmentPresets.find((p) => p.label === value);
    setForm((f) =>
      preset
        ? { ...f, environmentPreset: preset.label, environmentLabel: preset.label, environmentColor: preset.color }
        : { ...f, environmentPreset: 'other', environmentLabel: f.environmentPreset === 'other' ? f.environmentLabel : '' },
    );
  };

  return (
    <form className="panel tenant-form" aria-label={editing ? `Edit ${editing.name}` : 'Add a tenant'} onSubmit={save} noValidate>
      <h2>{editing ? `Edit ${editing.name}` : 'Add a tenant'}</h2>
      <div className="form-grid">
        <Field label="Name" required error={errors.name}>
          {/* Opened by a button (Add tenant, Edit): typing starts here, not back at that button. */}
          {(p) => (
            <input
              {...p}
              value={form.name}
              onChange={(e) => set('name', e.target.value)}
              placeholder="Acme production"
              ref={focusWhenShown}
            />
          )}
        </Field>
        <Field
          label="Tenant address"
          required
          error={errors.baseUrl}
          hint={
            url?.ok ? `Saved as ${url.baseUrl}` : 'Paste any address of the tenant, such as https://acme.alationcloud.com/app/studio/models'
          }
          warning={
            url?.ok && url.insecureLoopback
              ? 'Plain http: accepted only because this tenant is on this computer. Anything sent to it is unencrypted.'
              : undefined
          }
        >
          {(p) => <input {...p} value={form.baseUrl} onChange={(e) => set('baseUrl', e.target.value)} spellCheck={false} />}
        </Field>
        <Field label="Environment" required error={errors['environment.label']}>
          {(p) => (
            <select {...p} value={form.environmentPreset} onChange={(e) => choosePreset(e.target.value)}>
              {environmentPresets.map((preset) => (
                <option key={preset.label} value={preset.label}>
                  {preset.label}
                </option>
              ))}
              <option value="other">other…</option>
            </select>
          )}
        </Field>
        <Field
          label="Labels"
          error={errors.labels}
          hint="Optional, separated by commas: region, customer, team. Used to find and group tenants."
        >
          {(p) => (
            <input {...p} value={form.labels} onChange={(e) => set('labels', e.target.value)} placeholder="emea, acme" spellCheck={false} />
          )}
        </Field>
        {form.environmentPreset === 'other' && (
          <div className="field-row">
            <Field label="Environment name" required error={errors['environment.label']}>
              {(p) => (
                <input {...p} value={form.environmentLabel} onChange={(e) => set('environmentLabel', e.target.value)} placeholder="qa" />
              )}
            </Field>
            <Field label="Environment colour" error={errors['environment.color']}>
              {(p) => <input {...p} type="color" value={form.environmentColor} onChange={(e) => set('environmentColor', e.target.value)} />}
            </Field>
          </div>
        )}
      </div>

      <fieldset className="auth-methods">
        <legend>Authentication</legend>
        {authMethods.map((method) => (
          <div key={method} className="auth-method">
            <label className="radio">
              <input
                type="radio"
                name="auth-method"
                value={method}
                checked={form.method === method}
                onChange={() => set('method', method)}
                aria-describedby={`${hintId}-${method}`}
              />
              {authMethodLabels[method]}
            </label>
            <span className="hint" id={`${hintId}-${method}`}>
              {authMethodHints[method]}
            </span>
          </div>
        ))}
      </fieldset>

      <div className="form-grid">
        {form.method === 'browser' && <BrowserFields form={form} set={set} errors={errors} editing={editing} />}
        {form.method === 'bearer' && (
          <Field label="Bearer token" required={!editingSecret} error={errors['auth.bearerToken']} hint={bearerHint(editing)}>
            {(p) => (
              <SecretInput
                {...p}
                value={form.bearerToken}
                onChange={(v) => set('bearerToken', v)}
                placeholder={secretPlaceholder}
                revealLabel="Show Bearer token"
              />
            )}
          </Field>
        )}
        {form.method === 'oauth' && (
          <>
            <Field
              label="Client ID"
              required
              error={errors['auth.clientId']}
              hint="From the tenant's OAuth client application (Admin Settings → OAuth Client Applications)."
            >
              {(p) => <input {...p} value={form.clientId} onChange={(e) => set('clientId', e.target.value)} spellCheck={false} />}
            </Field>
            <Field label="Client secret" required={!editingSecret} error={errors['auth.clientSecret']}>
              {(p) => (
                <SecretInput
                  {...p}
                  value={form.clientSecret}
                  onChange={(v) => set('clientSecret', v)}
                  placeholder={secretPlaceholder}
                  revealLabel="Show client secret"
                />
              )}
            </Field>
          </>
        )}
        {form.method === 'apiToken' && (
          <Field
            label="API access token"
            required={!editingSecret}
            error={errors['auth.apiToken']}
            hint="Created under the tenant's account settings; it expires (24 hours by default)."
          >
            {(p) => (
              <SecretInput
                {...p}
                value={form.apiToken}
                onChange={(v) => set('apiToken', v)}
                placeholder={secretPlaceholder}
                revealLabel="Show API access token"
              />
            )}
          </Field>
        )}
        {form.method === 'refreshToken' && (
          <>
            <Field label="Refresh token" required={!editingSecret} error={errors['auth.refreshToken']}>
              {(p) => (
                <SecretInput
                  {...p}
                  value={form.refreshToken}
                  onChange={(v) => set('refreshToken', v)}
                  placeholder={secretPlaceholder}
                  revealLabel="Show refresh token"
                />
              )}
            </Field>
            <Field label="User ID" required error={errors['auth.userId']} hint="The number shown with the refresh token.">
              {(p) => <input {...p} value={form.userId} inputMode="numeric" onChange={(e) => set('userId', e.target.value)} />}
            </Field>
          </>
        )}
      </div>

      <fieldset className="ca-certificate">
        <legend>Custom CA certificate (optional)</legend>
        <p className="hint">
          For a tenant behind a private certificate authority. Your system's trusted certificates are used as well; TLS checks are never
          turned off.
        </p>
        <p className="ca-state" role="status">
          {form.caPem.trim()
            ? `A PEM certificate is loaded (${(form.caPem.match(/BEGIN CERTIFICATE/g) ?? []).length} ` +
              `certificate(s))${storedCa ? '; it replaces the stored one when you save' : ''}.`
            : storedCa
              ? `Using ${storedCa.subject} (valid until ${storedCa.validTo.slice(0, 10)}).`
              : form.removeCa
                ? 'The stored certificate will be removed when you save.'
                : 'None.'}
        </p>
        <div className="button-row">
          <FileButton
            label="Load PEM file…"
            fileLabel="CA certificate file"
            accept=".pem,.crt,.cer,application/x-pem-file"
            onFile={(file) => void loadCaFile(file)}
          />
          {(form.caPem.trim() || storedCa) && (
            <button
              type="button"
              className="button"
              onClick={() => setForm((f) => ({ ...f, caPem: '', removeCa: Boolean(editing?.caCertificate) }))}
            >
              Remove certificate
            </button>
          )}
          {form.removeCa && (
            <button type="button" className="button subtle" onClick={() => set('removeCa', false)}>
              Keep the stored certificate
            </button>
          )}
        </div>
        <Field label="Or paste the certificate (PEM)" error={errors.caPem}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              spellCheck={false}
              value={form.caPem}
              placeholder="-----BEGIN CERTIFICATE-----"
              onChange={(e) => set('caPem', e.target.value)}
            />
          )}
        </Field>
      </fieldset>

      {submitError && <InlineError error={submitError} />}
      {report && (
        <ConnectionReport report={report} {...(editing?.auth.method === 'browser' ? { onSignIn: () => signInAgain(editing.id) } : {})} />
      )}

      <div className="button-row form-actions">
        <button type="submit" className="button primary" disabled={busy !== null}>
          {busy === 'saving' ? 'Saving…' : editing ? 'Save changes' : addAndSignIn ? 'Add and sign in' : 'Add tenant'}
        </button>
        {addAndSignIn ? null : busy === 'testing' && testOperation ? (
          <button
            type="button"
            className="button"
            onClick={() => void useTenantsStore.getState().cancelOperation({ operationId: testOperation })}
          >
            Cancel test
          </button>
        ) : (
          <button type="button" className="button" onClick={() => void test()} disabled={busy !== null}>
            Test connection
          </button>
        )}
        <button type="button" className="button" onClick={() => onDone(null)} disabled={busy === 'saving'}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function bearerHint(editing: TenantProfileView | null): string {
  const base = 'Paste the token, with or without "Bearer " in front. Where it is a JWT, BYOM Desk shows when it expires and reminds you.';
  if (editing?.auth.method !== 'bearer' || editing.auth.expiresAt === null) return base;
  return `${base} The stored token expires ${new Date(editing.auth.expiresAt).toLocaleString()}.`;
}
