// The Audit screen's view as CSV or JSON: the entries as filtered, newest first. An entry never
// holds a secret, so an export cannot either.
import { auditObjectText, type AuditEntry, type AuditFilter } from './audit';
import { csvText } from './csv';

export interface AuditExportRecord {
  at: string;
  tenant: string;
  tenantId: string;
  environment: string;
  action: string;
  objects: string;
  outcome: string;
  errorCode: string;
  message: string;
  source: string;
  jobId: string;
  id: string;
}

const columns: (keyof AuditExportRecord)[] = [
  'at',
  'tenant',
  'tenantId',
  'environment',
  'action',
  'objects',
  'outcome',
  'errorCode',
  'message',
  'source',
  'jobId',
  'id',
];

export function auditExportRecord(entry: AuditEntry): AuditExportRecord {
  return {
    at: entry.at,
    tenant: entry.tenantName,
    tenantId: entry.tenantId,
    environment: entry.environment,
    action: entry.action,
    objects: entry.objects.map(auditObjectText).join('; '),
    outcome: entry.outcome,
    errorCode: entry.errorCode ?? '',
    message: entry.message ?? '',
    source: entry.source,
    jobId: entry.jobId ?? '',
    id: entry.id,
  };
}

export function auditToCsv(entries: readonly AuditEntry[]): string {
  return csvText(columns, entries.map(auditExportRecord));
}

/** The entries whole (objects as a list), with the filter that chose them. */
export function auditToJson(entries: readonly AuditEntry[], filter: AuditFilter, exportedAt: string): string {
  return `${JSON.stringify({ exportedAt, filter, entries }, null, 2)}\n`;
}
