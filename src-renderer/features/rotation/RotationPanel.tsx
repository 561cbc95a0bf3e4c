// Rotate a key once, everywhere: the credential to rotate, every credential on every tenant that
// holds the same key (the user confirms which), the new key (every secret field of its type), its
// expiry, then one job. A tenant that refuses the new key is said plainly, with the guide's advice,
// and can be retried with a corrected key; a tenant without PATCH is offered the fallback.
import { useEffect, useMemo, useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors';
import { providerVariant } from '../../../src-shared/providers/catalog';
import {
  findRotationMatches,
  keyAfterRotation,
  rotationFields,
  type RotationMatch,
  type RotationTarget,
} from '../../../src-shared/rotation';
import { asAppError } from '../../bridge';
import { Field } from '../../components/Field';
import { focusIsLost } from '../../components/focus';
import { ProductionNames, productionNames, useTypedNameEnvironments } from '../../components/ProductionNames';
import { TenantBadge } from '../../components/TenantBadge';
import { ProviderFieldInput } from '../setup/ProviderForm';
import { useExpiryStore } from '../expiry/expiry-store';
import { useInventoryStore } from '../inventory/inventory-store';
import { useJobOf, useJobsStore } from '../../app/jobs-store';
import { targetKey, useRotationStore, type StartedKey } from './rotation-store';
import { useTenantsStore } from '../tenants/tenants-store';
import { EmptyState } from '../../components/ScreenHeader';
import { FallbackImpact } from './FallbackImpact';
import { RotationProgress, rotationTargets } from './RotationReport';
import './rotation.css';
import { plural } from '../../../src-shared/plural';
import { hasAnyLabel } from '../../../src-shared/tenant-labels';
import { LabelFilter } from '../../components/LabelFilter';
import { showFailureOf } from '../../app/failures';
import { useRowChoice } from '../../components/row-choice';

const strengthLabels: Record<RotationMatch['strength'], string> = {
  source: 'This credential',
  'same-key': 'Same key',
  'same-identity': 'Same account',
  'type-only': 'Same provider only',
};

export function RotationPanel() {
  const source = useRotationStore((s) => s.source);
  const openSource = useRotationStore((s) => s.open);
  const states = useInventoryStore((s) => s.tenants);
  const attachInventory = useInventoryStore((s) => s.attach);
  const profiles = useTenantsStore((s) => s.profiles);
  const loadTenants = useTenantsStore((s) => s.load);
  const expiries = useExpiryStore((s) => s.expiries);
  const [labels, setLabels] = useState<string[]>([]);
  const typedNameEnvironments = useTypedNameEnvironments();
  const [values, setValues] = useState<Record<string, string>>({});
  const [expiresAt, setExpiresAt] = useState('');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const jobId = useRotationStore((s) => s.jobId);
  const jobWasFallback = useRotationStore((s) => s.fallback);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void attachInventory();
    showFailureOf(loadTenants());
    void useExpiryStore.getState().attach();
  }, [attachInventory, loadTenants]);

  const tenants = useMemo(() => profiles.map((p) => ({ id: p.id, name: p.name, environment: p.environment })), [profiles]);
  const liveMatches = useMemo(() => (source ? findRotationMatches(source, Object.values(states), tenants) : []), [source, states, tenants]);
  // Once a rotation starts, the screen shows the matches it started on: the inventory is read again
  // after it, and a fallback deletes the very credential this screen was opened from, yet the
  // report must stay on screen.
  const startedOn = useRotationStore((s) => s.startedOn);
  const matches = startedOn ?? liveMatches;
  // The label filter narrows the matches to tenants carrying a chosen label; only those shown are rotated.
  const shown = useMemo(
    () => matches.filter((m) => hasAnyLabel(profiles.find((p) => p.id === m.tenantId)?.labels ?? [], labels)),
    [matches, profiles, labels],
  );
  const choice = useRowChoice(shown, targetKey);
  // A new source: the form starts empty, and once its matches are known (the inventory may still be
  // loading), the strong ones are chosen and the weak ones offered.
  const sourceKey = source ? targetKey(source) : null;
  const [initializedFor, setInitializedFor] = useState<string | null>(null);
  useEffect(() => {
    setValues({});
    setError(null);
    setInitializedFor(null);
  }, [sourceKey]);
  useEffect(() => {
    if (!source || initializedFor === sourceKey || matches.length === 0) return;
    choice.chooseOnly(matches.filter((m) => m.strength !== 'type-only').map(targetKey));
    // The new key's expiry starts blank: the old key's date (often the reminder that brought the
    // user here) given to the new key would remind again at once. The old one is shown beside it.
    setExpiresAt('');
    setInitializedFor(sourceKey);
    // `choice` is new at every render; its chooseOnly only sets state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, sourceKey, initializedFor, matches]);
  const currentExpiry = source ? expiries.find((e) => e.tenantId === source.tenantId && e.credentialId === source.credentialId) : undefined;

  const startedKeys = useRotationStore((s) => s.keys);
  const job = useJobOf(jobId, 'rotation');
  const reports = rotationTargets(job);
  // The page forgets the new key once nothing on screen would send it again (a retry of a refused
  // key, the fallback for a tenant without PATCH): a secret is not kept in the renderer.
  const rotationOver = job !== undefined && job.status !== 'running';
  const keyStillOffered = reports.some((r) => r.outcome === 'rejected' || r.outcome === 'failed' || r.outcome === 'no-patch');
  useEffect(() => {
    if (rotationOver && !keyStillOffered) setValues({});
  }, [rotationOver, keyStillOffered, jobId]);
  // The button that started it is disabled while it runs, which drops focus: it goes to the report.
  useEffect(() => {
    if (job && focusIsLost()) document.querySelector<HTMLElement>('.rotation-progress')?.focus();
  }, [job?.id, job?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!source) return <SourcePicker states={states} profiles={profiles} onPick={openSource} />;
  const sourceMatch = matches.find((m) => m.strength === 'source');
  if (!sourceMatch) {
    return (
      <EmptyState heading="That credential is not in the inventory">
        <p>Refresh the inventory of its tenant, then choose Rotate on the credential again.</p>
      </EmptyState>
    );
  }
  const providerId = sourceMatch.providerId;
  const fields = rotationFields(providerId);
  const targets = choice.chosen;
  const {
    production,
    ready: namesTyped,
    confirmations,
  } = productionNames(
    [...new Set(targets.map((t) => t.tenantId))].map((id) => profiles.find((p) => p.id === id)),
    typed,
    typedNameEnvironments,
  );
  const missing = fields.filter((f) => f.required && !(values[f.key] ?? '').trim());

  /**
   * Starts a rotation on these targets, each with the key main must find it holding: the source's
   * as matched, or, for a retry of a key this screen set in place (a PATCH the provider refused),
   * the key it sent (its visible end only, as the listing shows it).
   */
  const start = async (on: RotationTarget[], fallback: boolean, retry = false) => {
    setBusy(true);
    setError(null);
    const keyOf = (t: RotationTarget): StartedKey['before'] => {
      const before = startedKeys[targetKey(t)];
      const refusedInPlace = retry && !jobWasFallback && reports.some((r) => targetKey(r) === targetKey(t) && r.outcome === 'rejected');
      return (refusedInPlace ? before?.after : before?.before) ?? sourceMatch.key;
    };
    const chosenTargets = on.map(({ tenantId, credentialId }) => ({ tenantId, credentialId, key: keyOf({ tenantId, credentialId }) }));
    try {
      const started = await useRotationStore.getState().startRotation({
        providerId,
        values,
        targets: chosenTargets,
        expiresAt: expiresAt.trim() ? new Date(expiresAt).toISOString() : null,
        confirmations,
        fallback,
      });
      useJobsStore.getState().track(started);
      const keys = Object.fromEntries(
        chosenTargets.map((t) => [targetKey(t), { before: t.key, after: keyAfterRotation(providerId, t.key, values) }]),
      );
      useRotationStore.getState().started(started.id, matches, fallback, keys);
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };

  const rejected = reports.filter((r) => r.outcome === 'rejected' || r.outcome === 'failed');
  // In place, a refused new key was set first: the old one is gone. A fallback's refused successor is taken back.
  const keyGone = jobWasFallback ? [] : rejected.filter((r) => r.outcome === 'rejected');
  const noPatch = reports.filter((r) => r.outcome === 'no-patch');
  const running = job?.status === 'running';

  return (
    <div className="rotation">
      <section className="panel" aria-labelledby="rotation-matches">
        <h2 id="rotation-matches">Where this key is used</h2>
        <p className="muted">
          {providerVariant(providerId).label} key of “{sourceMatch.credentialName}”. Found from the last inventory of each tenant: refresh
          the inventory first if it is old.
        </p>
        <div className="filters-bar">
          <LabelFilter chosen={labels} onChange={setLabels} />
          <span className="muted" role="status">
            {shown.length < matches.length &&
              `${shown.length} of ${plural(matches.length, 'match', 'matches')} shown: ` +
                'the others’ tenants carry none of the chosen labels.'}
          </span>
        </div>
        <table className="data-table rotation-matches">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Rotate</span>
              </th>
              <th scope="col">Tenant</th>
              <th scope="col">Credential</th>
              <th scope="col">Match</th>
              <th scope="col">Why</th>
              <th scope="col">Configs</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => {
              const tenant = tenants.find((t) => t.id === m.tenantId)!;
              return (
                <tr key={targetKey(m)}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Rotate ${m.credentialName} on ${tenant.name}`}
                      checked={choice.isChosen(targetKey(m))}
                      onChange={(e) => choice.set(targetKey(m), e.target.checked)}
                    />
                  </td>
                  <td>
                    <TenantBadge name={tenant.name} environment={tenant.environment} />
                  </td>
                  <td>{m.credentialName}</td>
                  <td>
                    <span className={`pill ${m.strength === 'type-only' ? 'warn' : ''}`}>{strengthLabels[m.strength]}</span>
                  </td>
                  <td className="muted">{m.reasons.join('; ')}</td>
                  <td>{m.configs.length}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="rotation-new-key">
        <h2 id="rotation-new-key">The new key</h2>
        <div className="form-grid">
          {fields.map((field) => (
            <div key={field.key} className={field.kind === 'service-account-json' ? 'wide' : undefined}>
              <ProviderFieldInput
                field={field}
                value={values[field.key] ?? ''}
                error={undefined}
                warning={undefined}
                held={false}
                onChange={(v) => setValues((x) => ({ ...x, [field.key]: v }))}
                onServiceAccount={() => undefined}
              />
            </div>
          ))}
          <Field
            label="New key expires"
            hint={
              `For an STS session token, an Azure client secret, any key with an end date: you are reminded before. ` +
              `Blank: it does not expire.` +
              (currentExpiry ? ` The key now in place expires ${new Date(currentExpiry.expiresAt).toLocaleString()}.` : '')
            }
          >
            {(p) => <input {...p} type="datetime-local" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />}
          </Field>
        </div>
        <ProductionNames
          tenants={production}
          typed={typed}
          onType={(id, text) => setTyped((x) => ({ ...x, [id]: text }))}
          what="rotate its key"
        />
        <div className="button-row">
          <button
            type="button"
            className="button primary"
            disabled={busy || running || targets.length === 0 || missing.length > 0 || !namesTyped}
            onClick={() => void start(targets, false)}
          >
            Rotate on {plural(targets.length, 'credential')}
          </button>
          {missing.length > 0 && <span className="muted">Enter the new {missing.map((f) => f.label).join(' and ')}.</span>}
        </div>
        {error && <p className="inline-error">{error.message}</p>}
      </section>

      {job && <RotationProgress job={job} fallback={jobWasFallback} />}
      {job && running && (
        <div className="button-row">
          <button type="button" className="button" onClick={() => void useJobsStore.getState().cancel(job.id)}>
            Cancel rotation
          </button>
          <span className="muted">
            {jobWasFallback
              ? 'What the replacement made so far is taken back; a credential already replaced stays replaced.'
              : 'A credential already patched keeps its new key; the rest are left as they are.'}
          </span>
        </div>
      )}

      {job && !running && rejected.length > 0 && (
        <div className="notice rotation-retry" role="status">
          <p>
            {keyGone.length > 0
              ? `The old key is no longer on ${keyGone.length === 1 ? 'that tenant' : 'those tenants'}: ` +
                `agents that use ${keyGone.length === 1 ? 'it' : 'them'} fail until a working key is set. `
              : 'Nothing was changed where the rotation failed: those credentials keep their old key. '}
            Correct the key above, then retry.
          </p>
          <button
            type="button"
            className="button"
            disabled={busy || missing.length > 0 || !namesTyped}
            onClick={() => void start(rejected, jobWasFallback, true)}
          >
            Retry on {rejected.length} with the corrected key
          </button>
        </div>
      )}

      {job && !running && noPatch.length > 0 && (
        <div className="notice rotation-fallback" role="status">
          <p>
            <strong>{noPatch.length === 1 ? 'One tenant cannot' : `${noPatch.length} tenants cannot`} update a key in place</strong> (PATCH
            answered 404 or 405). The fallback makes a successor credential with the new key, recreates each config on it, moves the
            tenant’s defaults and feature overrides to them, deletes the old configs and credential, and gives the new configs their old
            names where the tenant can rename.
          </p>
          <p className="warning">
            The configs get new ids. Each agent that uses one of them is re-pointed to its new config before the old one is deleted, and
            moved back if the replacement stops before that:
          </p>
          <ul className="rotation-fallback-impact">
            {noPatch.map((r) => (
              <FallbackImpact
                key={targetKey(r)}
                report={r}
                match={matches.find((m) => targetKey(m) === targetKey(r))}
                inventory={states[r.tenantId]?.inventory ?? null}
                tenantName={tenants.find((t) => t.id === r.tenantId)?.name ?? r.tenantId}
              />
            ))}
          </ul>
          <button
            type="button"
            className="button"
            disabled={busy || missing.length > 0 || !namesTyped}
            onClick={() => void start(noPatch, true)}
          >
            Replace on {plural(noPatch.length, 'tenant')} with a successor credential
          </button>
        </div>
      )}
    </div>
  );
}

/** No key chosen yet: every credential of the last inventory, to pick from. */
function SourcePicker({
  states,
  profiles,
  onPick,
}: {
  states: ReturnType<typeof useInventoryStore.getState>['tenants'];
  profiles: ReturnType<typeof useTenantsStore.getState>['profiles'];
  onPick(t: RotationTarget): void;
}) {
  const options = profiles.flatMap((p) =>
    (states[p.id]?.inventory?.credentials ?? []).map((c) => ({ value: `${p.id}:${c.id}`, label: `${p.name}: ${c.name} (${c.credsType})` })),
  );
  return (
    <EmptyState heading="Choose a key to rotate">
      <p>Use Rotate on a credential in the Inventory, or choose one here. BYOM Desk then finds every tenant that holds the same key.</p>
      {options.length === 0 ? (
        <p className="muted">The inventory has no credentials yet: refresh it first.</p>
      ) : (
        <label className="rotation-source">
          Credential{' '}
          <select
            defaultValue=""
            onChange={(e) => {
              const [tenantId, credentialId] = e.target.value.split(':');
              if (tenantId && credentialId) onPick({ tenantId, credentialId });
            }}
          >
            <option value="">Choose…</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </EmptyState>
  );
}
