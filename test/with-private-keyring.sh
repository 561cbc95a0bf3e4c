#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly unlocked gnome-keyring and a
# temporary HOME, so tests use a real Secret Service and never touch the person's own keyring.
#
# The session's bus starts the keyring itself (D-Bus activation), unlocked, and starts it again if
# it dies. GNOME Keyring 42 crashes (SIGTRAP after a GLib assertion) when a client is killed while
# its calls are in flight, and the crash tests kill apps on purpose; with the stock service file, D-Bus
# would then start a locked daemon and every later keychain test would fail as "locked".
set -euo pipefail
if [[ "${BYOM_DESK_PRIVATE_KEYRING:-}" == 1 ]]; then exec "$@"; fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-private-keyring: $tool is missing (Debian: apt-get install dbus dbus-x11 gnome-keyring)" >&2; exit 2; }
done
test_home=$(mktemp -d -t byom-desk-test-home-XXXXXX)
trap 'rm -rf "$test_home"' EXIT
export BYOM_DESK_REAL_HOME="$HOME"
export HOME="$test_home" BYOM_DESK_PRIVATE_KEYRING=1
# Unset, the keyring's control socket goes under each daemon's own HOME (~/.cache): the tests' and
# the locked-keychain tests' daemons (each with a HOME of its own) never take one another's.
unset XDG_DATA_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
# npm keeps its cache under the real HOME: a fresh one would make `npx` fetch again.
export npm_config_cache="${npm_config_cache:-$BYOM_DESK_REAL_HOME/.npm}"

bus="$test_home/.test-bus"
mkdir -p "$bus/services"
# Every start is counted, so a run can say how often the keyring had to be started again.
cat >"$bus/start-keyring" <<SCRIPT
#!/bin/sh
echo started >>"$bus/starts"
printf %s byom-desk-test | exec gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>>"$bus/keyring.log"
SCRIPT
chmod +x "$bus/start-keyring"
# Through /bin/sh: a /tmp mounted noexec must not stop it.
printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/bin/sh %s\n' "$bus/start-keyring" >"$bus/services/org.freedesktop.secrets.service"
# The stock session bus, its service directories replaced by this one.
stock=/usr/share/dbus-1/session.conf
grep -q '<standard_session_servicedirs */>' "$stock" || { echo "with-private-keyring: $stock does not list <standard_session_servicedirs/>" >&2; exit 2; }
sed "s#<standard_session_servicedirs */>#<servicedir>$bus/services</servicedir>#" "$stock" >"$bus/session.conf"

dbus-run-session --config-file="$bus/session.conf" -- bash -c '
  # Started now, so the first test does not wait for it (and the login keyring is made).
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.StartServiceByName \
    string:org.freedesktop.secrets uint32:0 >/dev/null
  "$@"' bash "$@" || status=$?
starts=0
[[ -f "$bus/starts" ]] && starts=$(wc -l <"$bus/starts")
if ((starts > 1)); then
  echo "with-private-keyring: the session keyring daemon died $((starts - 1)) time(s) under the tests and was started again (unlocked). Its last words:" >&2
  grep -v '^\s*$' "$bus/keyring.log" | tail -4 >&2 || true
fi
exit "${status:-0}"
