// A web harness whose keychain is locked: its own D-Bus session, with a GNOME login keyring that
// was made (and filled) in an earlier session and that nobody has unlocked in this one, as after
// a log-in where the keyring did not open. `unlock()` unlocks it while the harness keeps running.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const password = 'byom-desk-locked-test';

/** A HOME with a login keyring holding `entries` (account -> secret) under `service`. */
export async function lockedHome(service: string, entries: Record<string, string>): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'byom-locked-home-'));
  // The daemon runs in the foreground and is stopped once the entries are in, so none outlives this.
  const script = `printf %s "$PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 & k=$!
    until [ -f "$HOME/.local/share/keyrings/login.keyring" ]; do sleep 0.1; done
    node --import tsx test/support/store-secrets.ts "$SERVICE" "$ENTRIES"; status=$?
    kill $k; wait $k; exit $status`;
  await run('dbus-run-session', ['--', 'bash', '-c', script], {
    env: { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: '', PASSWORD: password, SERVICE: service, ENTRIES: JSON.stringify(entries) },
    timeout: 60_000,
  });
  return home;
}

export interface LockedHarness {
  url: string;
  unlock(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLockedHarness(home: string, dataDir: string, service: string): Promise<LockedHarness> {
  const child: ChildProcess = spawn(
    'dbus-run-session',
    // The bus address goes to stdout, which only this echo and then the harness write: on stderr,
    // dbus-daemon's own warnings were seen cut in two by it, so the line was not found.
    ['--', 'bash', '-c', 'echo "bus=$DBUS_SESSION_BUS_ADDRESS"; exec node --import tsx tools/web-harness.ts --data-dir "$1"', 'bash', dataDir],
    { env: { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: '', BYOM_DESK_KEYCHAIN_SERVICE: service }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let out = '';
  let err = '';
  const started = await new Promise<{ url: string; bus: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the locked harness did not get ready:\n${out}\n${err}`)), 30_000);
    const check = () => {
      const url = /^ready (\S+)$/m.exec(out)?.[1];
      const bus = /^bus=(\S+)$/m.exec(out)?.[1];
      if (url && bus) {
        clearTimeout(timer);
        resolve({ url, bus });
      }
    };
    child.stdout!.on('data', (c: Buffer) => ((out += c.toString()), check()));
    child.stderr!.on('data', (c: Buffer) => ((err += c.toString()), check()));
    child.once('exit', (code) => reject(new Error(`the locked harness exited (${code}):\n${out}\n${err}`)));
  });
  return {
    url: started.url,
    // What a person does in Passwords and Keys, done the way a script can: the login password,
    // given to a keyring daemon that takes over the running one's directory and unlocks it.
    unlock: async () => {
      await run('bash', ['-c', 'printf %s "$PASSWORD" | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null'], {
        env: { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: started.bus, PASSWORD: password },
        timeout: 30_000,
      });
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The whole group: dbus-run-session, its bus, the keyring daemons on it and the harness.
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}
