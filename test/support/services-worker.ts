// The app's main-process services as a child process that answers contract calls on stdin/stdout,
// one JSON line each way: `node --import tsx test/support/services-worker.ts <dataDir>`. It lets a
// test run the real services inside another D-Bus session (a locked keyring) than its own, the same
// composition as the web harness (the dispatcher with its zod checks), with no renderer to build.
import { createInterface } from 'node:readline';
import { composeNodeServices } from '../../tools/harness/compose';

export const workerOrigin = 'worker://byom-desk-test';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: services-worker.ts <dataDir>');
const node = composeNodeServices(dataDir, [{ protocol: 'worker:', host: 'byom-desk-test' }], 'test');
const write = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
node.events.subscribe((name, payload) => write({ event: name, payload }));

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, channel, input } = JSON.parse(line) as { id: number; channel: string; input: unknown };
  void node.dispatcher.dispatch(channel, input, `${workerOrigin}/`).then((result) => write({ id, result }));
});
process.on('SIGTERM', () => void node.dispose().finally(() => process.exit(0)));
write({ ready: true });
