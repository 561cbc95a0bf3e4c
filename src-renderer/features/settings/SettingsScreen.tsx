// Settings: the theme, the request caps, which environments need a typed name, the expiry reminder,
// the health sweep schedule, and where data and secrets are kept. Saved to main, all or nothing.
import { useEffect, useState } from 'react';
import { appSettingsSchema, themeChoices, type ThemeChoice } from '../../../src-shared/app-settings';
import type { AppErrorShape } from '../../../src-shared/errors';
import { asAppError } from '../../bridge';
import { Field } from '../../components/Field';
import { LeadTimeControl } from '../expiry/LeadTimeControl';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useAppStore } from '../../app/app-store';
import { useExpiryStore } from '../expiry/expiry-store';
import { CopyField } from '../tenants/CopyField';
import { InlineError } from '../tenants/ConnectionReport';
import { changeFromForm, formFromSettings, type SettingsForm } from './settings-form';
import { useSettingsStore } from './settings-store';
import './settings.css';

const themeLabels: Record<ThemeChoice, string> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };
const sweepChoices = [1, 2, 4, 6, 12, 24, 48, 168];
const hoursLabel = (h: number) => (h === 1 ? 'Every hour' : h === 168 ? 'Every week' : `Every ${h} hours`);

export function SettingsScreen() {
  const settings = useSettingsStore((s) => s.settings);
  const save = useSettingsStore((s) => s.save);
  const appInfo = useAppStore((s) => s.appInfo);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<AppErrorShape | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // Unsaved edits: until then, a change made elsewhere (another window, the command line) is shown.
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    void useSettingsStore
      .getState()
      .attach()
      .catch((error: unknown) => setFailure(asAppError(error)));
    void useExpiryStore.getState().attach();
  }, []);
  useEffect(() => {
    if (settings && (form === null || !dirty)) setForm(formFromSettings(settings));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on new settings only; the form's own edits set dirty
  }, [settings, dirty]);

  if (!form) {
    return (
      <>
        <ScreenHeader title="Settings" subtitle="How BYOM Desk looks and works, on this computer." />
        {failure ? <InlineError error={failure} /> : <p className="muted">Reading the settings…</p>}
      </>
    );
  }

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    setDirty(true);
    setSaved(false);
  };

  const submit = async () => {
    const change = changeFromForm(form);
    // Checked here first with main's own schema, so each field says what is wrong; main checks again.
    const checked = appSettingsSchema.safeParse({ ...settings, ...change });
    if (!checked.success) {
      // Keyed by field: an item of a list ("typedNameEnvironments.0") is its list's error; the first one stays.
      const byField: Record<string, string> = {};
      for (const issue of checked.error.issues) {
        const field = issue.path.filter((part) => typeof part !== 'number').join('.');
        byField[field] ??= issue.message;
      }
      setErrors(byField);
      setSaved(false);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setForm(formFromSettings(await save(change)));
      setDirty(false);
      setFailure(null);
      setSaved(true);
    } catch (error) {
      setFailure(asAppError(error));
    } finally {
      setBusy(false);
    }
  };

  const sweepHours = Number(form.sweepEveryHours);
  const sweepOptions = form.sweepEveryHours && !sweepChoices.includes(sweepHours) ? [...sweepChoices, sweepHours] : sweepChoices;

  return (
    <>
      <ScreenHeader title="Settings" subtitle="How BYOM Desk looks and works, on this computer." />
      <form
        className="settings-form"
        aria-label="Settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <section className="panel" aria-labelledby="settings-look">
          <h2 id="settings-look">Appearance</h2>
          <Field label="Theme" error={errors.theme}>
            {(p) => (
              <select {...p} value={form.theme} onChange={(e) => set('theme', e.target.value as ThemeChoice)}>
                {themeChoices.map((t) => (
                  <option key={t} value={t}>
                    {themeLabels[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>

        <section className="panel" aria-labelledby="settings-requests">
          <h2 id="settings-requests">Requests to tenants</h2>
          <div className="field-row">
            <Field
              label="Requests in flight, all tenants together"
              error={errors.globalRequestCap}
              hint="Keeps your network from being flooded: 100 lets 25 tenants use their own limit at once."
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={1024}
                  value={form.globalRequestCap}
                  onChange={(e) => set('globalRequestCap', e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Requests in flight, per tenant"
              error={errors.tenantRequestCap}
              hint="What protects each tenant. Applied at once, to requests already waiting too."
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={16}
                  value={form.tenantRequestCap}
                  onChange={(e) => set('tenantRequestCap', e.target.value)}
                />
              )}
            </Field>
          </div>
        </section>

        <section className="panel" aria-labelledby="settings-changes">
          <h2 id="settings-changes">Changes to tenants</h2>
          <Field
            label="Environments whose tenants need their name typed before a change"
            error={errors.typedNameEnvironments}
            hint="Comma-separated, any case. Applying a draft, rotating a key, deleting and resuming all ask for the tenant's name."
          >
            {(p) => (
              <input
                {...p}
                value={form.typedNameEnvironments}
                onChange={(e) => set('typedNameEnvironments', e.target.value)}
                placeholder="production"
                spellCheck={false}
              />
            )}
          </Field>
        </section>

        <section className="panel" aria-labelledby="settings-sweep">
          <h2 id="settings-sweep">Scheduled health sweep</h2>
          <p className="muted">
            While BYOM Desk runs, it checks every credential (no billed call) and tells you, with a notification, when a key starts failing
            or a configured model is no longer listed.
          </p>
          <div className="field-row">
            <Field label="How often" error={errors['healthSweep.everyHours']}>
              {(p) => (
                <select {...p} value={form.sweepEveryHours} onChange={(e) => set('sweepEveryHours', e.target.value)}>
                  <option value="">Off</option>
                  {sweepOptions.map((h) => (
                    <option key={h} value={String(h)}>
                      {hoursLabel(h)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Only tenants with these labels" error={errors['healthSweep.labels']} hint="Comma-separated. Empty: every tenant.">
              {(p) => (
                <input
                  {...p}
                  value={form.sweepLabels}
                  onChange={(e) => set('sweepLabels', e.target.value)}
                  placeholder="emea, acme"
                  spellCheck={false}
                />
              )}
            </Field>
          </div>
        </section>

        <div className="toolbar settings-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" className="muted">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
        {failure && <InlineError error={failure} />}
      </form>

      <section className="panel" aria-labelledby="settings-reminders">
        <h2 id="settings-reminders">Expiry reminders</h2>
        <p className="muted">Saved as soon as you leave the field.</p>
        <LeadTimeControl />
      </section>

      <section className="panel" aria-labelledby="settings-where">
        <h2 id="settings-where">Where your data is</h2>
        {appInfo ? (
          <>
            <CopyField label="Data folder (profiles, drafts, the cache, journals, the audit log)" value={appInfo.dataDir} />
            <p>
              Secrets (keys, tokens, client secrets) are never in that folder: they are in your OS keychain,{' '}
              <strong>{appInfo.keychain.backend}</strong>
              {appInfo.keychain.available ? ', which is ready.' : `, which cannot be used now: ${appInfo.keychain.message}`}
            </p>
          </>
        ) : (
          <p className="muted">Asking the app where it keeps its data…</p>
        )}
      </section>
    </>
  );
}
