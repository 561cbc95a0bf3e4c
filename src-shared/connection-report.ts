import type { AppErrorShape } from './errors';

export type ConnectionStep = 'dns' | 'tls' | 'auth' | 'api';

export interface ConnectionStepResult {
  step: ConnectionStep;
  label: string;
  status: 'ok' | 'failed' | 'skipped';
  ms: number;
  error?: AppErrorShape;
}

/** "Test connection": each step in turn; the first failure stops the rest. */
export interface ConnectionTestReport {
  ok: boolean;
  steps: ConnectionStepResult[];
  /** The AI API's answer time, when every step passed. */
  latencyMs?: number;
}

/** One tenant's part of a connection-tests job: the report, and when it was made. */
export interface ConnectionTestResult {
  testedAt: string;
  report: ConnectionTestReport;
}
