// One tenant's settings, changed in place: default LLM, default embedding, hide_default_models and
// feature overrides. Every change goes to the tenant at once through the inventory store, and its
// progress and outcome are shown next to the control that made it (never in an alert()).
import { useRef, useState, type FormEvent } from 'react';
import type { InventoryConfig, TenantInventory, TenantInventoryState } from '../../../src-shared/inventory';
import { featureTypes } from '../../../src-shared/inventory-actions';
import type { InventoryTenant } from '../../../src-shared/inventory-rows';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { TenantBadge } from '../../components/TenantBadge';
import { useInventoryStore } from './inventory-store';
import { configLabel, SaveButton, SaveResult, useSave } from './settings-controls';
import './drift.css';

type FeatureType = (typeof featureTypes)[number];

export function TenantSettings(props: { tenant: InventoryTenant; state: TenantInventoryState; onClose(): void }) {
  // Keyed by tenant: switching tenants drops the drafts, results and errors of the previous one.
  return <TenantSettingsPanel key={props.tenant.id} {...props} />;
}

function TenantSettingsPanel({ tenant, state, onClose }: { tenant: InventoryTenant; state: TenantInventoryState; onClose(): void }) {
  const inventory = state.inventory;
  return (
    <section className="panel tenant-settings" aria-label={`Settings of ${tenant.name}`}>
      <header className="tenant-settings-head">
        <h2>
          Settings of <TenantBadge name={tenant.name} environment={tenant.environment} />
        </h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </header>
      {!inventory ? (
        <p className="muted">{tenant.name} has not been read yet. Refresh its inventory to see and change its settings.</p>
      ) : (
        <>
          {state.stale && (
            <p className="notice">
              Shown as read at {new Date(inventory.readAt).toLocaleString()}: {tenant.name} could not be read just now. Changes still go to
              the tenant.
            </p>
          )}
          <Defaults tenant={tenant} inventory={inventory} />
          <HideBuiltIns tenant={tenant} inventory={inventory} />
          <Overrides tenant={tenant} inventory={inventory} />
        </>
      )}
    </section>
  );
}

// --- Defaults ------------------------------------------------------------------------------------

function Defaults({ tenant, inventory }: { tenant: InventoryTenant; inventory: TenantInventory }) {
  const setPreference = useInventoryStore((s) => s.setPreference);
  return (
    <div className="settings-section">
      <h3>Defaults</h3>
      <div className="settings-defaults">
        <DefaultSetting
          label="Default LLM"
          saveLabel="Save default LLM"
          configs={inventory.configs.filter((c) => !c.isEmbedding)}
          current={inventory.preference.defaultLlmConfigId}
          onSave={(id) => setPreference({ tenantId: tenant.id, defaultLlmConfigId: id })}
        />
        <DefaultSetting
          label="Default embedding"
          saveLabel="Save default embedding"
          configs={inventory.configs.filter((c) => c.isEmbedding)}
          current={inventory.preference.defaultEmbeddingConfigId}
          // The tenant deletes and rebuilds its search indexes when this changes: ask first.
          confirm={{
            title: 'Change the default embedding?',
            text:
              `Changing the default embedding deletes and rebuilds ${tenant.name}’s ` +
              `search indexes. Search results are incomplete until the rebuild ends.`,
            action: 'Change and rebuild indexes',
          }}
          onSave={(id) => setPreference({ tenantId: tenant.id, defaultEmbeddingConfigId: id })}
        />
      </div>
    </div>
  );
}

function DefaultSetting({
  label,
  saveLabel,
  configs,
  current,
  confirm,
  onSave,
}: {
  label: string;
  saveLabel: string;
  configs: InventoryConfig[];
  current: string | null;
  confirm?: { title: string; text: string; action: string };
  onSave(configId: string | null): Promise<void>;
}) {
  // undefined: not edited, so the select follows the tenant's value as the store updates it.
  const [draft, setDraft] = useState<string>();
  const [asking, setAsking] = useState(false);
  const [save, run] = useSave();
  const currentValue = current ?? '';
  const value = draft ?? currentValue;
  const changed = value !== currentValue;
  const saving = save.status === 'saving';

  const send = async () => {
    setAsking(false);
    const error = await run(() => onSave(value || null), `${label} saved.`);
    if (!error) setDraft(undefined);
  };

  return (
    <div className="settings-default">
      <Field label={label}>
        {(field) => (
          <select {...field} value={value} onChange={(e) => setDraft(e.target.value)}>
            <option value="">Alation’s default</option>
            {/* A default the inventory does not list (deleted since it was read) stays visible. */}
            {current && !configs.some((c) => c.id === current) && (
              <option value={current}>a config not in the inventory ({current})</option>
            )}
            {configs.map((c) => (
              <option key={c.id} value={c.id}>
                {configLabel(c)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="button-row">
        <SaveButton label={saveLabel} saving={saving} blocked={!changed} onSave={() => (confirm ? setAsking(true) : void send())} />
        <SaveResult state={save} />
      </div>
      {asking && confirm && (
        <ConfirmDialog title={confirm.title} text={<p>{confirm.text}</p>} busy={false} onEscape={() => setAsking(false)}>
          <button type="button" className="button" data-autofocus onClick={() => setAsking(false)}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={() => void send()}>
            {confirm.action}
          </button>
        </ConfirmDialog>
      )}
    </div>
  );
}

// --- hide_default_models -------------------------------------------------------------------------

function HideBuiltIns({ tenant, inventory }: { tenant: InventoryTenant; inventory: TenantInventory }) {
  const setPreference = useInventoryStore((s) => s.setPreference);
  const [pending, setPending] = useState<boolean>();
  const [save, run] = useSave();
  const saving = save.status === 'saving';

  const change = async (hide: boolean) => {
    if (saving) return;
    setPending(hide);
    await run(
      () => setPreference({ tenantId: tenant.id, hideDefaultModels: hide }),
      hide ? 'Built-in models are hidden from agents.' : 'Agents can use built-in models.',
    );
    // Saved or not, show what the tenant has now (the store holds it after a save).
    setPending(undefined);
  };

  return (
    <div className="settings-section">
      <div className="button-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={pending ?? inventory.preference.hideDefaultModels}
            aria-disabled={saving || undefined}
            onChange={(e) => void change(e.target.checked)}
          />
          Hide built-in models from agents
        </label>
        {saving && <span className="muted">Saving…</span>}
        <SaveResult state={save} />
      </div>
    </div>
  );
}

// --- Feature overrides ---------------------------------------------------------------------------

function Overrides({ tenant, inventory }: { tenant: InventoryTenant; inventory: TenantInventory }) {
  const clearOverride = useInventoryStore((s) => s.clearOverride);
  const [clearing, setClearing] = useState<string | null>(null);
  const [cleared, runClear] = useSave();
  const heading = useRef<HTMLHeadingElement>(null);
  const configName = (id: string) => inventory.configs.find((c) => c.id === id)?.name ?? `a config not in the inventory (${id})`;

  const clear = async (featureType: string, featureKey: string) => {
    if (clearing) return;
    const key = `${featureType}/${featureKey}`;
    setClearing(key);
    const error = await runClear(
      () => clearOverride({ tenantId: tenant.id, featureType: featureType as FeatureType, featureKey }),
      `Override ${key} cleared.`,
    );
    setClearing(null);
    // Its row is gone, and with it the focused button: keep the keyboard user in this section.
    if (!error) heading.current?.focus();
  };

  return (
    <div className="settings-section">
      <h3 ref={heading} tabIndex={-1}>
        Feature overrides
      </h3>
      {inventory.overrides.length === 0 ? (
        <p className="muted">No feature overrides: every feature uses the default LLM.</p>
      ) : (
        <table className="data-table overrides-table">
          <thead>
            <tr>
              <th scope="col">Feature type</th>
              <th scope="col">Feature key</th>
              <th scope="col">Config</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {inventory.overrides.map((o) => {
              const key = `${o.featureType}/${o.featureKey}`;
              return (
                <tr key={key}>
                  <td>{o.featureType}</td>
                  <td>
                    <code>{o.featureKey}</code>
                  </td>
                  <td>{configName(o.configId)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Clear override ${key}`}
                      aria-disabled={clearing !== null || undefined}
                      onClick={() => void clear(o.featureType, o.featureKey)}
                    >
                      {clearing === key ? 'Clearing…' : 'Clear'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <SaveResult state={cleared} />
      <OverrideForm tenant={tenant} inventory={inventory} configName={configName} />
    </div>
  );
}

function OverrideForm({
  tenant,
  inventory,
  configName,
}: {
  tenant: InventoryTenant;
  inventory: TenantInventory;
  configName(id: string): string;
}) {
  const setOverride = useInventoryStore((s) => s.setOverride);
  const [featureType, setFeatureType] = useState<FeatureType>('DEFAULT_AGENT');
  const [featureKey, setFeatureKey] = useState('');
  const [configId, setConfigId] = useState('');
  const [missing, setMissing] = useState<{ key?: string; config?: string }>({});
  const [save, run] = useSave();
  const keyInput = useRef<HTMLInputElement>(null);
  const completions = inventory.configs.filter((c) => !c.isEmbedding);
  const key = featureKey.trim();
  const existing = inventory.overrides.find((o) => o.featureType === featureType && o.featureKey === key);
  // When the tenant refuses the key it may say which keys it accepts: offer them.
  const allowed = save.status === 'failed' ? (save.error.details?.fields?.find((f) => f.allowed?.length)?.allowed ?? []) : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.status === 'saving') return;
    const problems = {
      key: key ? undefined : 'Enter the feature key.',
      config: configId ? undefined : 'Choose the config this feature should use.',
    };
    setMissing(problems);
    if (problems.key || problems.config) return;
    const error = await run(
      () => setOverride({ tenantId: tenant.id, featureType, featureKey: key, configId }),
      `Override ${featureType}/${key} set.`,
    );
    if (!error) setFeatureKey('');
  };

  const suggest = (value: string) => {
    setFeatureKey(value);
    setMissing((m) => ({ ...m, key: undefined }));
    keyInput.current?.focus();
  };

  return (
    <form className="override-form" aria-label="Set a feature override" onSubmit={(e) => void submit(e)} noValidate>
      <h4>Set an override</h4>
      <div className="override-fields">
        <Field label="Feature type">
          {(field) => (
            <select {...field} value={featureType} onChange={(e) => setFeatureType(e.target.value as FeatureType)}>
              {featureTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Feature key"
          required
          error={missing.key}
          warning={existing && `Replaces the current override, which uses ${configName(existing.configId)}.`}
        >
          {(field) => (
            <input
              {...field}
              ref={keyInput}
              type="text"
              value={featureKey}
              placeholder="sql_query_agent"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setFeatureKey(e.target.value)}
            />
          )}
        </Field>
        <Field label="Config" required error={missing.config}>
          {(field) => (
            <select {...field} value={configId} onChange={(e) => setConfigId(e.target.value)}>
              <option value="">Choose a config</option>
              {completions.map((c) => (
                <option key={c.id} value={c.id}>
                  {configLabel(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="button-row">
        <SaveButton type="submit" label="Set override" saving={save.status === 'saving'} />
        <SaveResult state={save} />
      </div>
      {allowed.length > 0 && (
        <div className="key-suggestions">
          <span id={`${tenant.id}-accepts`}>This tenant accepts:</span>
          <ul aria-labelledby={`${tenant.id}-accepts`}>
            {allowed.map((k) => (
              <li key={k}>
                <button type="button" className="button subtle" aria-label={`Use feature key ${k}`} onClick={() => suggest(k)}>
                  <code>{k}</code>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
