// The current view as CSV or JSON: the same rows the table shows, filtered. Never a secret, nor
// the masked hint of one: `credential.masked` is not read here at all.
import { csvText } from './csv';
import { credentialDetailsText, type InventoryRow } from './inventory-rows';

export interface ExportRecord {
  tenant: string;
  environment: string;
  credential: string;
  credsType: string;
  credentialDetails: string;
  config: string;
  provider: string;
  model: string;
  kind: string;
  dimensions: number | null;
  builtIn: boolean;
  default: string;
  overrides: string;
  /** The names of the agents that use the config, `; ` between them; empty when none or not known. */
  agents: string;
  health: string;
  modelListed: boolean | null;
  readStale: boolean;
}

export function exportRecord(row: InventoryRow): ExportRecord {
  return {
    tenant: row.tenant.name,
    environment: row.tenant.environment.label,
    credential: row.credential?.name ?? '',
    credsType: row.credential?.credsType ?? '',
    credentialDetails: credentialDetailsText(row.credential),
    config: row.config?.name ?? '',
    provider: row.config?.provider ?? '',
    model: row.config?.modelName ?? '',
    kind: row.config ? (row.config.isEmbedding ? 'embedding' : 'completion') : 'unused credential',
    dimensions: row.config?.dimensions ?? null,
    builtIn: row.config?.builtIn ?? false,
    default: row.defaultFor.join(' '),
    overrides: row.overrides.join(' '),
    agents: row.agents?.map((a) => a.name).join('; ') ?? '',
    health: row.health?.status ?? '',
    modelListed: row.health?.status === 'ok' && row.config ? !row.modelMissing : null,
    readStale: row.stale,
  };
}

const columns: (keyof ExportRecord)[] = [
  'tenant',
  'environment',
  'credential',
  'credsType',
  'credentialDetails',
  'config',
  'provider',
  'model',
  'kind',
  'dimensions',
  'builtIn',
  'default',
  'overrides',
  'agents',
  'health',
  'modelListed',
  'readStale',
];

export function toCsv(rows: readonly InventoryRow[]): string {
  return csvText(columns, rows.map(exportRecord));
}

export function toJson(rows: readonly InventoryRow[], exportedAt: string): string {
  return `${JSON.stringify({ exportedAt, rows: rows.map(exportRecord) }, null, 2)}\n`;
}
