import { join } from 'node:path';

/** `BYOM_DESK_DATA_DIR` (or the harness's --data-dir) wins over the platform's default. */
export function resolveDataDir(defaultDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.BYOM_DESK_DATA_DIR?.trim();
  return fromEnv ? fromEnv : defaultDir;
}

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'main.log');
}
