// A web harness (or the bare services, for integration tests) whose keychain is locked: its own D-Bus
// session, with a GNOME login keyring that was made (and filled) in an earlier session and that nobody
// has unlocked in this one, as after a log-in where the keyring did not open. `unlock()` unlocks it
// while the app keeps running. Or one with no keychain at all (`startHarnessWithoutKeychain`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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
    env: {
      ...process.env,
      HOME: home,
      DBUS_SESSION_BUS_ADDRESS: '',
      PASSWORD: password,
      SERVICE: service,
      ENTRIES: JSON.stringify(entries),
    },
    timeout: 60_000,
  });
  return home;
}

export interface LockedHarness {
  url: string;
  unlock(): Promise<void>;
  stop(): Promise<void>;
}

/** A node script in a D-Bus session of its own, HOME the locked one: its bus, its output, unlock and stop. */
interface LockedSession {
  child: ChildProcess;
  /** What the script printed on stdout so far. */
  out(): string;
  unlock(): Promise<void>;
  stop(): Promise<void>;
}

async function startInLockedSession(
  home: string,
  service: string,
  script: string[],
  ready: RegExp,
  /** A D-Bus configuration of its own (the missing keychain's); the session default otherwise. */
  busConfig?: string,
): Promise<LockedSession> {
  const child: ChildProcess = spawn(
    'dbus-run-session',
    // The bus address goes to stdout, which only this echo and then the script write: on stderr,
    // dbus-daemon's own warnings were seen cut in two by it, so the line was not found.
    [
      ...(busConfig ? [`--config-file=${busConfig}`] : []),
      '--',
      'bash',
      '-c',
      'echo "bus=$DBUS_SESSION_BUS_ADDRESS"; exec node --import tsx "$@"',
      'bash',
      ...script,
    ],
    {
      env: { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: '', BYOM_DESK_KEYCHAIN_SERVICE: service },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  let err = '';
  const bus = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the locked session did not get ready:\n${out}\n${err}`)), 30_000);
    const check = () => {
      const address = /^bus=(\S+)$/m.exec(out)?.[1];
      if (address && ready.test(out)) {
        clearTimeout(timer);
        resolve(address);
      }
    };
    child.stdout!.on('data', (c: Buffer) => ((out += c.toString()), check()));
    child.stderr!.on('data', (c: Buffer) => ((err += c.toString()), check()));
    child.once('exit', (code) => reject(new Error(`the locked session exited (${code}):\n${out}\n${err}`)));
  });
  return {
    child,
    out: () => out,
    // What a person does in Passwords and Keys, done the way a script can: the login password,
    // given to a keyring daemon that takes over the running one's directory and unlocks it.
    unlock: async () => {
      // The replacing daemon answers before it owns the bus name with the keyring open: wait until the
      // default collection says it is unlocked (a condition, bounded; never a fixed wait).
      const unlockAndWait = [
        'printf %s "$PASSWORD" | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null',
        'for _ in $(seq 300); do',
        '  dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default ' +
          'org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null ' +
          '| grep -q "boolean false" && exit 0',
        '  sleep 0.1',
        'done',
        'echo "the keyring did not report itself unlocked" >&2; exit 1',
      ].join('\n');
      await run('bash', ['-c', unlockAndWait], {
        env: { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: bus, PASSWORD: password },
        timeout: 30_000,
      });
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The whole group: dbus-run-session, its bus, the keyring daemons on it and the script.
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

export async function startLockedHarness(home: string, dataDir: string, service: string): Promise<LockedHarness> {
  const session = await startInLockedSession(home, service, ['tools/web-harness.ts', '--data-dir', dataDir], /^ready \S+$/m);
  return { url: /^ready (\S+)$/m.exec(session.out())![1]!, unlock: session.unlock, stop: session.stop };
}

/**
 * A web harness with no keychain at all: a D-Bus session where no Secret Service runs and none can
 * be started (the bus knows no service files), as in a desktop session where GNOME Keyring did not
 * start. `unlock()` starts it then, on the same bus, with `home`'s login keyring unlocked (the fix
 * the app asks for: start and unlock the keyring).
 */
export async function startHarnessWithoutKeychain(home: string, dataDir: string, service: string): Promise<LockedHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'byom-no-keychain-'));
  const busConfig = join(dir, 'session.conf');
  // The session bus's own configuration without <standard_session_servicedirs/>: nothing is activatable.
  writeFileSync(
    busConfig,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`,
  );
  const session = await startInLockedSession(home, service, ['tools/web-harness.ts', '--data-dir', dataDir], /^ready \S+$/m, busConfig);
  return { url: /^ready (\S+)$/m.exec(session.out())![1]!, unlock: session.unlock, stop: session.stop };
}

/** The answer of one contract call: its value, or the error the page would get. */
export type WorkerResult<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export interface LockedServices {
  /** Calls one contract channel, checked by the same dispatcher as the app's. */
  call<T = unknown>(channel: string, input?: unknown): Promise<WorkerResult<T>>;
  /** Every event the services sent, in order. */
  events: { event: string; payload: unknown }[];
  unlock(): Promise<void>;
  stop(): Promise<void>;
}

/** The real services (no renderer, no HTTP) on `dataDir`, with the locked keyring of `home`. */
export async function startLockedServices(home: string, dataDir: string, service: string): Promise<LockedServices> {
  const session = await startInLockedSession(home, service, ['test/support/services-worker.ts', dataDir], /^\{"ready":true\}$/m);
  const pending = new Map<number, (result: WorkerResult) => void>();
  const events: LockedServices['events'] = [];
  let nextId = 1;
  createInterface({ input: session.child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as { id?: number; result?: WorkerResult; event?: string; payload?: unknown };
    if (message.event) events.push({ event: message.event, payload: message.payload });
    if (message.id !== undefined) {
      pending.get(message.id)?.(message.result!);
      pending.delete(message.id);
    }
  });
  return {
    call: <T>(channel: string, input?: unknown) =>
      new Promise<WorkerResult<T>>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve as (result: WorkerResult) => void);
        session.child.stdin!.write(`${JSON.stringify({ id, channel, input })}\n`);
      }),
    events,
    unlock: session.unlock,
    stop: session.stop,
  };
}
