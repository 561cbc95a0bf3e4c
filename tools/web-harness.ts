// `npm run web -- [--port P] [--data-dir DIR]`: the app in any browser, see tools/harness/server.ts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { lockDataFolder } from '../src-main/storage/data-folder-lock';
import { startHarness } from './harness/server';
import { TestClock } from './harness/test-clock';

const root = resolve(import.meta.dirname, '..');

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(0),
  'data-dir': z.string().min(1).optional(),
});

function fail(message: string): never {
  console.error(`npm run web: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
  strict: true,
}) as { values: Record<string, string | undefined> };
const parsed = argsSchema.safeParse(values);
if (!parsed.success) fail(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));

const dataDir = resolve(parsed.data['data-dir'] ?? process.env.BYOM_DESK_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'byom-desk-harness-')));
// One writer per data folder: a second harness, or the app, on this folder is refused here.
try {
  lockDataFolder(dataDir, { holder: 'the web harness', releaseOnExit: true });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const rendererDir = join(root, 'out', 'renderer');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

try {
  readFileSync(join(rendererDir, 'index.html'));
} catch {
  fail('the renderer is not built. Run `npm run build` first (`npm run web` does this for you).');
}

// End-to-end tests only: the scheduled health sweep on a clock the test moves (see harness/test-clock.ts).
const testClock = process.env.BYOM_DESK_HARNESS_TEST_CLOCK === '1' ? { testClock: new TestClock() } : {};
if (testClock.testClock) console.error('BYOM Desk harness: test clock on (POST /__harness/test-clock moves it)');
const harness = await startHarness({ port: parsed.data.port, dataDir, rendererDir, version, ...testClock }).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error)),
);
console.error(`BYOM Desk harness: data in ${dataDir}`);
console.log(`ready ${harness.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void harness.close().then(() => process.exit(0));
  });
}
