// The tenant list as a file, on the Tenants screen: "Export list…" saves every tenant's settings
// (never a secret); "Import list…" reads a file, shows what it would add and update (matched by
// address) and imports it once confirmed. No secret comes with a list: the dialog then asks for each
// tenant's secret or sign-in (ImportedSecrets), and what is left for later its row says it needs.
import { useState } from 'react';
import { plural } from '../../../src-shared/plural';
import { secretNeedPhrase, type TenantListPreview, type TenantListPreviewEntry } from '../../../src-shared/tenant-list-file';
import { asAppError } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { download, exportStamp } from '../../components/download';
import { FileButton } from '../../components/FileButton';
import { TenantBadge } from '../../components/TenantBadge';
import { useAppStore } from '../../app/app-store';
import { ImportedSecrets, stillNeeding, stillNeedingPhrase, type ImportedNeed } from './ImportedSecrets';
import { useTenantsStore } from './tenants-store';

interface Pending {
  text: string;
  fileName: string;
  preview: TenantListPreview;
}

/** The two toolbar buttons and, once a file is read, its preview. `onDone` tells the screen what happened. */
export function TenantListFileActions({ tenantCount, onDone }: { tenantCount: number; onDone(message: string): void }) {
  const showError = useAppStore((s) => s.showError);
  const [pending, setPending] = useState<Pending | null>(null);

  const exportList = async () => {
    try {
      const { text, tenants } = await useTenantsStore.getState().exportList();
      download(`byom-tenants-${exportStamp()}.json`, 'application/json', text);
      onDone(`Exported ${plural(tenants, 'tenant')} to a file, without their secrets.`);
    } catch (error) {
      showError(asAppError(error));
    }
  };

  const read = async (file: File) => {
    try {
      const text = await file.text();
      setPending({ text, fileName: file.name, preview: await useTenantsStore.getState().previewImport({ text }) });
    } catch (error) {
      showError(asAppError(error));
    }
  };

  return (
    <>
      <button type="button" className="button" onClick={() => void exportList()} disabled={tenantCount === 0}>
        Export list…
      </button>
      <FileButton
        label="Import list…"
        fileLabel="Tenant list file to import"
        accept=".json,application/json"
        onFile={(f) => void read(f)}
      />
      {pending && (
        <ImportPreviewDialog
          pending={pending}
          onClose={(message) => {
            setPending(null);
            if (message) onDone(message);
          }}
        />
      )}
    </>
  );
}

const actionLabels: Record<TenantListPreviewEntry['action'], string> = { add: 'Add', update: 'Update', unchanged: 'Unchanged' };

function ImportPreviewDialog({ pending, onClose }: { pending: Pending; onClose(message: string | null): void }) {
  const showError = useAppStore((s) => s.showError);
  const [busy, setBusy] = useState(false);
  /** After the import: what it did, and the tenants that came without their secret. */
  const [imported, setImported] = useState<{ summary: string; needs: ImportedNeed[] } | null>(null);
  const profiles = useTenantsStore((s) => s.profiles);
  const { tenants } = pending.preview;
  const count = (action: TenantListPreviewEntry['action']) => tenants.filter((t) => t.action === action).length;
  const [adds, updates, unchanged] = [count('add'), count('update'), count('unchanged')];
  const changing = adds + updates;

  const confirm = async () => {
    setBusy(true);
    try {
      const done = await useTenantsStore.getState().importList({ text: pending.text, basis: pending.preview.basis });
      useTenantsStore.setState({ profiles: done.profiles });
      const needs = tenants.flatMap((t): ImportedNeed[] => {
        if (t.action === 'unchanged' || t.secret.state !== 'needed') return [];
        // An update keeps the tenant's id (its stored address may be written differently from the file's).
        const profile = done.profiles.find((p) => (t.current ? p.id === t.current.id : p.baseUrl === t.baseUrl));
        return profile ? [{ tenantId: profile.id, needs: t.secret.needs }] : [];
      });
      const summary = `Imported ${pending.fileName}: ${done.added} added, ${done.updated} updated, ${done.unchanged} unchanged.`;
      if (needs.length === 0) onClose(summary);
      else setImported({ summary, needs });
    } catch (error) {
      showError(asAppError(error));
      onClose(null);
    } finally {
      setBusy(false);
    }
  };

  if (imported) {
    const waiting = stillNeeding(imported.needs, profiles).length;
    const finish = () => onClose(imported.summary + stillNeedingPhrase(waiting));
    return (
      <ConfirmDialog
        title={`Secrets for ${plural(imported.needs.length, 'imported tenant')}`}
        busy={false}
        onEscape={finish}
        text={
          <>
            <p>
              {imported.summary} No secret comes with a list: give each tenant its secret or sign-in now, or leave it for later (its row on
              the Tenants screen says what it needs).
            </p>
            <ImportedSecrets needs={imported.needs} />
          </>
        }
      >
        <button type="button" className="button primary" onClick={finish}>
          {waiting === 0 ? 'Done' : 'Done (the rest later)'}
        </button>
      </ConfirmDialog>
    );
  }

  const summary = [adds > 0 && `${adds} to add`, updates > 0 && `${updates} to update`, unchanged > 0 && `${unchanged} unchanged`]
    .filter(Boolean)
    .join(', ');
  return (
    <ConfirmDialog
      title={changing > 0 ? `Import ${plural(changing, 'tenant')}?` : 'Nothing to import'}
      busy={busy}
      onEscape={() => onClose(null)}
      text={
        <>
          <p>
            {pending.fileName}: {summary}. Tenants are matched by address.
            {adds > 0 && ' No secret comes with a list: after the import, each new tenant asks for its secret or a sign-in.'}
          </p>
          {/* Scrolls when long: focusable, so a keyboard can scroll it too. */}
          <div className="tenant-list-preview" role="region" aria-label="Tenants in the file" tabIndex={0}>
            <ul>
              {tenants.map((t) => (
                <PreviewEntry key={t.baseUrl} entry={t} />
              ))}
            </ul>
          </div>
        </>
      }
    >
      {changing > 0 && (
        <button type="button" className="button primary" onClick={() => void confirm()} disabled={busy} data-autofocus>
          {busy ? 'Importing…' : `Import ${plural(changing, 'tenant')}`}
        </button>
      )}
      <button type="button" className="button" onClick={() => onClose(null)} disabled={busy}>
        {changing > 0 ? 'Cancel' : 'Close'}
      </button>
    </ConfirmDialog>
  );
}

function PreviewEntry({ entry }: { entry: TenantListPreviewEntry }) {
  return (
    <li className={`tenant-list-entry ${entry.action}`}>
      <div className="tenant-list-entry-head">
        <span className={`pill action-${entry.action}`}>{actionLabels[entry.action]}</span>
        <TenantBadge name={entry.name} environment={entry.environment} />
        <code>{entry.baseUrl}</code>
      </div>
      {entry.changes.length > 0 && (
        <ul className="tenant-list-changes">
          {entry.changes.map((c) => (
            <li key={c.field}>
              {c.field}: <span className="muted">{c.from}</span> → {c.to}
            </li>
          ))}
        </ul>
      )}
      {entry.action !== 'unchanged' && (
        <p className={entry.secret.state === 'needed' ? 'text-warn' : 'muted'}>
          {entry.secret.state === 'needed' ? `Then ${secretNeedPhrase(entry.secret.needs)}.` : 'Keeps its stored secret.'}
        </p>
      )}
    </li>
  );
}
