// `byom-desk`: BYOM Desk on the command line. A second shell over the same core as the desktop app
// and the web harness (README: "Command line"); `bin.mjs` starts it.
import { Command } from 'commander';
import { auditCommand } from './commands/audit';
import { draftsCommand } from './commands/drafts';
import { inventoryCommand, sweepCommand } from './commands/inventory';
import { applyCommand, planCommand } from './commands/plan-apply';
import { rotateCommand } from './commands/rotate';
import { tenantsCommand } from './commands/tenants';
import { setVersion } from './run';

export async function runCli(argv: readonly string[], version: string): Promise<void> {
  setVersion(version);
  const program = new Command('byom-desk')
    .description('BYOM Desk on the command line: the same tenants, keychain, drafts, plans and audit log as the app')
    .version(version)
    .option('--json', 'JSON Lines on stdout, one record per line (README: "JSON output")')
    .option('--data-dir <dir>', 'the data folder (default: the app’s, or BYOM_DESK_DATA_DIR)')
    .option('--wait <seconds>', 'when another BYOM Desk holds the data folder, wait this long for it', (v) => Number(v), 0)
    .showHelpAfterError()
    .addCommand(tenantsCommand())
    .addCommand(inventoryCommand())
    .addCommand(sweepCommand())
    .addCommand(draftsCommand())
    .addCommand(planCommand())
    .addCommand(applyCommand())
    .addCommand(rotateCommand())
    .addCommand(auditCommand());
  await program.parseAsync([...argv]);
}
