// One draft, written with no network: the provider's fields from the catalog (secrets go to the
// keychain when saved, and leave the page), the models, the defaults, an expiry, notes. Saving
// checks it as main will; what is missing is said, and the draft is saved anyway.
import { useEffect, useMemo, useRef, useState } from 'react';
import { modelSuggestions } from '../../../src-shared/draft-from-inventory';
import type { DraftView } from '../../../src-shared/drafts';
import { providerCatalog, providerVariant, type ProviderId } from '../../../src-shared/providers/catalog';
import { isSecretField, parseServiceAccount } from '../../../src-shared/providers/credential-schema';
import { providerWarnings } from '../../../src-shared/providers/warnings';
import { asAppError } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { download, exportStamp } from '../../components/download';
import { focusIsLost, rememberFocus } from '../../components/focus';
import { Field } from '../../components/Field';
import { ProviderFieldInput } from '../setup/ProviderForm';
import { useAppStore } from '../../app/app-store';
import { useDraftsStore } from './drafts-store';
import { useInventoryStore } from '../inventory/inventory-store';
import { emptyForm, formOf, saveInputOf, withoutSecrets, type DraftForm, type FormErrors } from './draft-form';
import { ModelsEditor } from './ModelsEditor';

const storedText = 'Stored in the keychain. Type to replace it.';

export function DraftEditor({ draft, onDirtyChange }: { draft: DraftView | null; onDirtyChange(dirty: boolean): void }) {
  const store = useDraftsStore();
  const showError = useAppStore((s) => s.showError);
  const inventory = useInventoryStore((s) => s.tenants);
  const [form, setForm] = useState<DraftForm>(() => (draft ? formOf(draft) : emptyForm()));
  const [errors, setErrors] = useState<FormErrors>({});
  const [status, setStatus] = useState<string>('');
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  // The fields are disabled while a save runs, which drops focus (Ctrl+S is pressed in one): it comes back after.
  const giveFocusBack = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (busy) return;
    if (focusIsLost()) giveFocusBack.current?.();
    giveFocusBack.current = null;
  }, [busy]);

  /** The draft and revision this editor just saved: that one arriving is not "another draft". */
  const justSaved = useRef<string | null>(null);
  // Another draft opened (or a new one started): the form shows it, from a clean slate.
  useEffect(() => {
    if (draft && justSaved.current === `${draft.id}:${draft.revision}`) return;
    setForm(draft ? formOf(draft) : emptyForm());
    setErrors({});
    setDirty(false);
    setStatus('');
  }, [draft?.id, draft?.revision]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const variant = providerVariant(form.providerId);
  const suggestions = useMemo(() => modelSuggestions(form.providerId, Object.values(inventory)), [form.providerId, inventory]);
  const warnings = providerWarnings(variant, form.values);
  const problems = draft && !dirty ? draft.problems : [];
  const problemFor = (path: string) => problems.find((p) => p.path === path)?.message;
  const shownErrors: FormErrors = { ...Object.fromEntries(problems.map((p) => [p.path, p.message])), ...errors };

  const change = (next: Partial<DraftForm>) => {
    setForm((f) => ({ ...f, ...next }));
    setDirty(true);
    setStatus('');
  };
  const setValue = (key: string, value: string) => change({ values: { ...form.values, [key]: value } });

  const save = async () => {
    // One save at a time: what is typed meanwhile would be replaced by the saved draft.
    if (busy) return;
    const built = saveInputOf(form, draft);
    if (!built.ok) {
      setErrors(built.errors);
      setStatus('Fix the fields marked below, then save again.');
      return;
    }
    giveFocusBack.current = rememberFocus();
    setBusy(true);
    try {
      const saved = await store.save(built.input);
      justSaved.current = `${saved.id}:${saved.revision}`;
      setForm(withoutSecrets(formOf(saved)));
      setErrors({});
      setDirty(false);
      setStatus(
        saved.problems.length
          ? `Saved. Before it can be applied: ${saved.problems.map((p) => p.message).join('; ')}.`
          : 'Saved. Ready to plan.',
      );
    } catch (error) {
      // The form keeps everything typed: nothing is lost.
      const e = asAppError(error);
      setErrors(
        Object.fromEntries(
          (e.details?.fields ?? []).map((f) => [f.path.replace(/^secrets\./, 'values.').replace(/^content\./, ''), f.message]),
        ),
      );
      setStatus(`Not saved: ${e.message}`);
    } finally {
      setBusy(false);
    }
  };

  // Ctrl+S / Cmd+S saves, as in every editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const exportDraft = async () => {
    if (!draft) return;
    try {
      const file = await useDraftsStore.getState().exportDraft({ id: draft.id });
      download(
        `${draft.title.replace(/[^\w.-]+/g, '-')}-${exportStamp()}.byom-draft.json`,
        'application/json',
        `${JSON.stringify(file, null, 2)}\n`,
      );
      setStatus('Exported without its secrets.');
    } catch (error) {
      showError(asAppError(error));
    }
  };
  const duplicate = async () => {
    if (!draft) return;
    try {
      const { secretsCopied } = await store.duplicate(draft.id);
      if (!secretsCopied) setStatus('Duplicated. Its secrets could not be copied from the keychain: enter them in the copy.');
    } catch (error) {
      showError(asAppError(error));
    }
  };
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = async () => {
    if (!draft) return;
    try {
      await store.remove(draft.id);
    } catch (error) {
      showError(asAppError(error));
    } finally {
      setConfirmDelete(false);
    }
  };

  return (
    <form
      className="draft-editor"
      aria-label={draft ? `Draft ${draft.title}` : 'New draft'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="draft-fields" disabled={busy}>
        <section className="panel" aria-label="Draft">
          <div className="form-grid">
            <Field label="Title" required hint="What you call this setup; tenants never see it." error={shownErrors.title}>
              {(p) => (
                <input {...p} value={form.title} onChange={(e) => change({ title: e.target.value })} placeholder="EU Bedrock rollout" />
              )}
            </Field>
            <Field label="Provider" required hint={variant.description}>
              {(p) => (
                <select
                  {...p}
                  value={form.providerId}
                  onChange={(e) =>
                    change({ providerId: e.target.value as ProviderId, models: form.models.map((m) => ({ ...m, extra: {} })) })
                  }
                >
                  {providerCatalog.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {variant.note && <p className="provider-note">{variant.note}</p>}
          <div className="form-grid">
            {variant.fields.map((field) => {
              const stored =
                draft?.providerId === form.providerId && draft.secrets[field.key] === 'stored' && !form.clearSecrets.includes(field.key);
              const missing = isSecretField(field) && !stored && !(form.values[field.key] ?? '').trim();
              return (
                <div key={`${form.providerId}:${field.key}`} className={field.kind === 'service-account-json' ? 'wide' : undefined}>
                  <ProviderFieldInput
                    field={field}
                    value={form.values[field.key] ?? ''}
                    error={shownErrors[`values.${field.key}`]}
                    warning={
                      warnings
                        .filter((w) => w.field === field.key)
                        .map((w) => w.message)
                        .join(' ') ||
                      (missing && field.required
                        ? 'Not given yet: the draft can be saved, and asks for it before it is applied.'
                        : undefined)
                    }
                    held={stored}
                    heldText={storedText}
                    onChange={(v) => setValue(field.key, v)}
                    onServiceAccount={(projectId) => {
                      if (!form.values.gcp_project?.trim()) setValue('gcp_project', projectId);
                    }}
                  />
                  {stored && isSecretField(field) && (
                    <button
                      type="button"
                      className="button subtle"
                      onClick={() => change({ clearSecrets: [...form.clearSecrets, field.key] })}
                    >
                      Forget the stored {field.label}
                    </button>
                  )}
                </div>
              );
            })}
          </div>
          {problemFor('values.gcp_service_account') === undefined &&
            form.values.gcp_service_account &&
            !parseServiceAccount(form.values.gcp_service_account).ok && (
              <p className="warning">The service account JSON does not look whole yet.</p>
            )}
        </section>

        <ModelsEditor form={form} errors={shownErrors} suggestions={suggestions} onChange={change} />

        <section className="panel" aria-label="Expiry and notes">
          <div className="form-grid">
            <Field
              label="Secret expires"
              hint="For STS session tokens, Azure client secrets or any key with an end date: BYOM Desk reminds you before."
              error={shownErrors.expiresAt}
            >
              {(p) => <input {...p} type="datetime-local" value={form.expiresAt} onChange={(e) => change({ expiresAt: e.target.value })} />}
            </Field>
            <Field label="Notes" hint="For you and your team; never sent to a tenant.">
              {(p) => <textarea {...p} rows={2} value={form.notes} onChange={(e) => change({ notes: e.target.value })} />}
            </Field>
          </div>
        </section>
      </fieldset>

      <div className="button-row draft-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save draft'}
        </button>
        <span className="muted">Ctrl+S</span>
        {draft && (
          <>
            <button type="button" className="button" onClick={() => void duplicate()}>
              Duplicate
            </button>
            <button type="button" className="button" onClick={() => void exportDraft()}>
              Export…
            </button>
            <button type="button" className="button subtle danger-text" onClick={() => setConfirmDelete(true)}>
              Delete draft
            </button>
          </>
        )}
        <p className="draft-status" role="status">
          {/* A save that failed says why until the next edit: the form is still unsaved, and the user must know why. */}
          {status || (dirty ? 'Unsaved changes.' : '')}
        </p>
      </div>
      {confirmDelete && draft && (
        <ConfirmDialog
          title={`Delete “${draft.title}”?`}
          text={<p>The draft and its secrets in the keychain are deleted. Nothing on any tenant changes.</p>}
          busy={false}
          onEscape={() => setConfirmDelete(false)}
        >
          <button type="button" className="button danger" onClick={() => void remove()}>
            Delete draft
          </button>
          <button type="button" className="button" data-autofocus onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
        </ConfirmDialog>
      )}
    </form>
  );
}
