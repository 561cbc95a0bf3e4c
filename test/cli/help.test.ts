// Every subcommand answers --help with its usage and options, and a mistyped one is refused with
// the help pointed to: found from the top-level help, so a subcommand added later is covered too.
import { describe, expect, it } from 'vitest';
import { cliInstall } from './cli-process';

/** The subcommands a help text lists under "Commands:" (not `help` itself). */
const commandsOf = (help: string) =>
  [...(help.split('\nCommands:\n')[1] ?? '').matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');

describe('byom-desk --help', () => {
  it('has a help text for every subcommand, and refuses an unknown one', { timeout: 60_000 }, async () => {
    const cli = cliInstall();
    const top = await cli.run(['--help']);
    expect(top.code).toBe(0);
    const commands = commandsOf(top.stdout);
    expect(commands).toEqual(['tenants', 'inventory', 'sweep', 'drafts', 'plan', 'apply', 'rotate', 'audit']);
    const groups = await Promise.all(commands.map(async (name) => ({ name, ran: await cli.run([name, '--help']) })));
    const nested = groups.flatMap(({ name, ran }) => commandsOf(ran.stdout).map((sub) => [name, sub]));
    expect(nested).toEqual([
      ['tenants', 'list'],
      ['tenants', 'test'],
      ['tenants', 'add'],
      ['tenants', 'import'],
      ['tenants', 'export'],
      ['tenants', 'login'],
      ['drafts', 'list'],
      ['drafts', 'show'],
      ['drafts', 'export'],
      ['drafts', 'import'],
    ]);
    const subs = await Promise.all(nested.map(async (words) => ({ words, ran: await cli.run([...words, '--help']) })));
    for (const { words, ran } of [...groups.map((g) => ({ words: [g.name], ran: g.ran })), ...subs]) {
      expect(ran.code, words.join(' ')).toBe(0);
      expect(ran.stdout, words.join(' ')).toMatch(new RegExp(`^Usage: byom-desk ${words.join(' ')} `));
    }
    expect(subs.find((s) => s.words.join(' ') === 'tenants add')!.ran.stdout).toContain('--from-stdin');
    const unknown = await cli.run(['sweeep']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: unknown command 'sweeep'");
  });
});
