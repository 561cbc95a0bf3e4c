// The audit log as the page reads it: entries filtered in main.
import type { HandlerSlice } from '../ipc/handlers';
import type { AuditLog } from './audit-log';

export function auditHandlers(auditLog: AuditLog) {
  return {
    listAuditEntries: (filter) => auditLog.list(filter),
  } satisfies HandlerSlice;
}
