// The selected row, whole: its credential and config, where it is used (each a link to where that is
// set), its history from the audit log, the same model and the same key on other tenants, and its
// actions. A region beside the table (below it on a narrow window) that follows the selection.
import { useAuditStore } from '../audit/audit-store';
import { useEffect, useState } from 'react';
import { auditActionLabels, type AuditEntry } from '../../../src-shared/audit';
import { expiryPhrase } from '../../../src-shared/expiry';
import { modelKey } from '../../../src-shared/drift';
import {
  credentialDetailsText,
  healthLabels,
  type ExpiryClock,
  type InventoryRow,
  type InventoryTenant,
} from '../../../src-shared/inventory-rows';
import type { TenantInventoryState } from '../../../src-shared/inventory';
import { findRotationMatches } from '../../../src-shared/rotation';
import { kindText } from './inventory-columns';
import type { RowAction } from './RowMenu';

interface Props {
  row: InventoryRow;
  rows: readonly InventoryRow[];
  states: readonly TenantInventoryState[];
  tenants: readonly InventoryTenant[];
  clock: ExpiryClock;
  actions: RowAction[];
  /** Shows another row's details (a link to the same model or key elsewhere). */
  onShowRow(key: string): void;
  /** Opens the tenant's defaults and overrides, where they (and agents' configs) are set. */
  onShowSettings(tenantId: string): void;
  onClose(): void;
}

/** The audit entries that name this row's config or credential on its tenant, newest first. */
function useHistory(row: InventoryRow): AuditEntry[] | null {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const configId = row.config?.id;
  const credentialId = row.credential?.id;
  useEffect(() => {
    let current = true;
    const ids = [configId, credentialId].filter((id): id is string => Boolean(id));
    const load = async () => {
      const list = await useAuditStore.getState().listEntries({ tenantIds: [row.tenant.id], objectIds: ids, limit: 200 });
      // Config and credential ids are counted apart by the tenant: keep only this row's kinds.
      const mine = list.entries.filter((e) =>
        e.objects.some((o) => (o.kind === 'config' && o.id === configId) || (o.kind === 'credential' && o.id === credentialId)),
      );
      if (current) setEntries(mine);
    };
    void load().catch(() => current && setEntries([]));
    const stop = useAuditStore.getState().onAppended(() => void load().catch(() => undefined));
    return () => {
      current = false;
      stop();
    };
  }, [row.tenant.id, configId, credentialId]);
  return entries;
}

function Link({ children, href, onFollow }: { children: React.ReactNode; href: string; onFollow(): void }) {
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        onFollow();
      }}
    >
      {children}
    </a>
  );
}

export function DetailsPanel({ row, rows, states, tenants, clock, actions, onShowRow, onShowSettings, onClose }: Props) {
  const history = useHistory(row);
  const { credential, config, tenant } = row;
  const title = config ? `Config ${config.name}` : `Credential ${credential?.name ?? ''}`;
  const settingsHref = `#/inventory?tab=settings&baseline=${encodeURIComponent(tenant.id)}`;
  const showSettings = () => onShowSettings(tenant.id);
  const rowHref = (key: string) => `#/inventory?row=${encodeURIComponent(key)}`;
  // The same model by the coverage rule (provider and model name), on the other tenants.
  const sameModel = config?.modelName
    ? rows.filter((r) => r.tenant.id !== tenant.id && r.config && modelKey(r.config) === modelKey(config))
    : [];
  // The same key by the rotation's matching rule.
  const sameKey = credential
    ? findRotationMatches({ tenantId: tenant.id, credentialId: credential.id }, states, tenants).filter(
        (m) => m.strength === 'same-key' || m.strength === 'same-identity',
      )
    : [];
  const headingId = `details-${row.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <section
      className="details-panel"
      role="region"
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="details-head">
        <h2 id={headingId}>
          {title} <span className="muted">on {tenant.name}</span>
        </h2>
        <button type="button" className="button subtle" onClick={onClose} aria-label="Close the details">
          <span aria-hidden="true">✕</span>
        </button>
      </header>

      <div className="details-actions">
        {actions.map((a) => (
          <button key={a.label} type="button" className={`button ${a.danger ? 'danger-text' : ''}`} onClick={a.run} aria-label={a.name}>
            {a.label}
          </button>
        ))}
      </div>

      <h3>Credential</h3>
      {credential ? (
        <dl className="details-list">
          <dt>Name</dt>
          <dd>{credential.name}</dd>
          <dt>Type</dt>
          <dd>{credential.credsType}</dd>
          {credentialDetailsText(credential) && (
            <>
              <dt>Settings</dt>
              <dd>{credentialDetailsText(credential)}</dd>
            </>
          )}
          {Object.entries(credential.masked).map(([field, value]) => (
            <div key={field} className="details-pair">
              <dt>{field}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </div>
          ))}
          <dt>Expires</dt>
          <dd>{row.expiresAt ? `${new Date(row.expiresAt).toLocaleString()} (${expiryPhrase(row.expiresAt, clock.now)})` : 'Not set'}</dd>
          <dt>Last sweep</dt>
          <dd>
            {row.health ? (
              <>
                <span className={`pill health-${row.health.status}`}>{healthLabels[row.health.status]}</span> {row.health.message}
                {row.health.advice && (
                  <span className="details-advice">
                    {row.health.advice.cause}. What to do: {row.health.advice.solution}
                  </span>
                )}
                {row.health.providerAssumed && (
                  <span className="details-advice">Checked as {row.health.provider}: no config says which provider this key is for.</span>
                )}
              </>
            ) : (
              'Not swept yet'
            )}
          </dd>
        </dl>
      ) : (
        <p className="muted">Built-in: the tenant provides it.</p>
      )}

      <h3>Config</h3>
      {config ? (
        <dl className="details-list">
          <dt>Model</dt>
          <dd>
            <code>{config.modelName ?? '(none)'}</code> ({config.provider})
            {row.modelMissing && <span className="pill danger">not listed</span>}
          </dd>
          <dt>Kind</dt>
          <dd>{kindText(row)}</dd>
          {config.isEmbedding && (
            <>
              <dt>Dimensions</dt>
              <dd>{config.dimensions ?? 'not set'}</dd>
            </>
          )}
          <dt>Extra config</dt>
          <dd>
            {config.extraConfig && Object.keys(config.extraConfig).length ? (
              <pre className="details-json">{JSON.stringify(config.extraConfig, null, 2)}</pre>
            ) : (
              'None'
            )}
          </dd>
        </dl>
      ) : (
        <p className="muted">No config uses this credential.</p>
      )}

      <h3>Where it is used</h3>
      {row.defaultFor.length + row.overrides.length + (row.agents?.length ?? 0) === 0 ? (
        <p className="muted">{config ? 'Not a default, an override or an agent’s config.' : 'Nowhere: no config uses it.'}</p>
      ) : (
        <ul className="details-links">
          {row.defaultFor.map((d) => (
            <li key={d}>
              <Link href={settingsHref} onFollow={showSettings}>
                {d === 'llm' ? 'Default LLM' : 'Default embedding'} of {tenant.name}
              </Link>
            </li>
          ))}
          {row.overrides.map((o) => (
            <li key={o}>
              <Link href={settingsHref} onFollow={showSettings}>
                Override for {o}
              </Link>
            </li>
          ))}
          {(row.agents ?? []).map((a) => (
            <li key={a.id}>
              <Link href={settingsHref} onFollow={showSettings}>
                Agent {a.name || a.id}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {row.agents === null && config && <p className="muted">This tenant’s agents are not known.</p>}

      <h3>On other tenants</h3>
      {sameModel.length + sameKey.length === 0 ? (
        <p className="muted">Neither this model nor this key is on another tenant.</p>
      ) : (
        <ul className="details-links">
          {sameModel.map((r) => (
            <li key={r.key}>
              <Link href={rowHref(r.key)} onFollow={() => onShowRow(r.key)}>
                Same model: {r.config!.name} on {r.tenant.name}
              </Link>
            </li>
          ))}
          {sameKey.map((m) => {
            const key = `${m.tenantId}:credential:${m.credentialId}`;
            const target = rows.find((r) => r.tenant.id === m.tenantId && r.credential?.id === m.credentialId);
            const name = tenants.find((t) => t.id === m.tenantId)?.name ?? m.tenantId;
            return (
              <li key={key}>
                <Link href={rowHref(target?.key ?? key)} onFollow={() => onShowRow(target?.key ?? key)}>
                  Same key: {m.credentialName} on {name}
                </Link>
              </li>
            );
          })}
        </ul>
      )}

      <h3>History</h3>
      {history === null ? (
        <p className="muted">Reading the audit log…</p>
      ) : history.length === 0 ? (
        <p className="muted">No change to it is in the audit log.</p>
      ) : (
        <ol className="details-history" aria-label="History, newest first">
          {history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> {auditActionLabels[e.action]}
              {e.outcome !== 'ok' && <span className={`pill ${e.outcome === 'failed' ? 'danger' : ''}`}>{e.outcome}</span>}
              {e.message && <span className="muted"> {e.message}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
