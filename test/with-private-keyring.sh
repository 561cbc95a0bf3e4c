#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly unlocked gnome-keyring and a
# temporary HOME, so tests use a real Secret Service and never touch the person's own keyring.
set -euo pipefail
if [[ "${BYOM_DESK_PRIVATE_KEYRING:-}" == 1 ]]; then exec "$@"; fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-private-keyring: $tool is missing (Debian: apt-get install dbus dbus-x11 gnome-keyring)" >&2; exit 2; }
done
test_home=$(mktemp -d -t byom-desk-test-home-XXXXXX)
trap 'rm -rf "$test_home"' EXIT
export BYOM_DESK_REAL_HOME="$HOME"
export HOME="$test_home" BYOM_DESK_PRIVATE_KEYRING=1
# npm keeps its cache under the real HOME: a fresh one would make `npx` fetch again.
export npm_config_cache="${npm_config_cache:-$BYOM_DESK_REAL_HOME/.npm}"
dbus-run-session -- bash -c '
  # In the foreground, so it can be stopped when the command ends and holds none of our pipes.
  printf %s "byom-desk-test" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring=$!
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.1
  done
  status=0
  "$@" || status=$?
  # A daemon that died under the tests leaves D-Bus to start a locked one: every later keychain call
  # then fails as "locked". Say so, so that such a run is not read as a failure of the app.
  if ! kill -0 "$keyring" 2>/dev/null; then
    wait "$keyring"; echo "with-private-keyring: the session keyring daemon exited (status $?) before the tests ended" >&2
  fi
  kill "$keyring" 2>/dev/null || true
  exit "$status"' bash "$@"
