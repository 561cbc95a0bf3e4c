// `npm run fake-tenant -- [options]`: starts the fake tenant, prints one JSON line, runs until SIGINT/SIGTERM.
import { CLI_HELP, parseCliArgs } from './cli-args';
import { startFakeTenant } from './server';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fake-tenant: ${e instanceof Error ? e.message : String(e)}\n\n${CLI_HELP}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(CLI_HELP);
    return;
  }
  const tenant = await startFakeTenant(parsed.options);
  process.stdout.write(`${JSON.stringify(tenant.readyInfo())}\n`);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    tenant.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`fake-tenant: stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`fake-tenant: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
