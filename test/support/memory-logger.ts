import type { LogFields, Logger } from '../../src-main/log/logger';

export interface RecordedLog {
  level: string;
  event: string;
  fields?: LogFields;
}

export function memoryLogger(): Logger & { entries: RecordedLog[] } {
  const entries: RecordedLog[] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => void entries.push({ level, event, fields });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
