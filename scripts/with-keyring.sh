#!/usr/bin/env bash
# Runs a command against a private, unlocked Secret Service (gnome-keyring on its own D-Bus
# session bus, keyrings in a throwaway directory), so tests use a real keychain and never touch
# the developer's own. Usage: scripts/with-keyring.sh [--revive] COMMAND [ARGS...]
#
# --revive (the test suites' outer session only): gnome-keyring-daemon now and then aborts under
# the suites' load (libglib's trap int3); D-Bus then starts a new one whose login keyring is
# locked, since no unlock prompt can be shown, and every later test meets a locked keychain.
# With --revive a watchdog replaces a daemon that is not the one started here with an unlocked
# one over the same keyring files, and says so on stderr; the tests in flight at the abort still
# see it. Not for the nested sessions tests start to lock or kill a keychain on purpose: they do
# not pass it, and an environment variable would have been inherited by them.
set -euo pipefail

revive=0
if [ "${1:-}" = "--revive" ]; then
  revive=1
  shift
fi

if [ "${TOKENDESK_IN_PRIVATE_KEYRING:-}" = 1 ]; then
  exec "$@"
fi

for bin in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "with-keyring: '$bin' is missing. On Debian/Ubuntu: apt-get install dbus gnome-keyring libsecret-tools" >&2
    exit 1
  fi
done

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/tokendesk-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export TOKENDESK_IN_PRIVATE_KEYRING=1
# Read by the inner shell only, then taken out of the tests' environment (see --revive above).
export TOKENDESK_KEYRING_REVIVE=$revive

# The inner shell starts the daemon on the private bus, unlocks a fresh login keyring with a
# throwaway password, then runs the command. dbus-run-session ends the bus (and daemon) after.
dbus-run-session -- bash -c '
  set -euo pipefail
  printf "tokendesk-test" | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  # The daemon answers on the bus a moment after it forks; wait until the service is there.
  for _ in $(seq 1 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      break
    fi
    sleep 0.1
  done
  revive=$TOKENDESK_KEYRING_REVIVE
  unset TOKENDESK_KEYRING_REVIVE
  if [ "$revive" != 1 ]; then exec "$@"; fi
  # Empty when nobody owns the name (the daemon died and the bus has not started another yet).
  owner() { dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk "/uint32/ {print \$2}" || true; }
  ours=$(owner)
  (
    # Not under errexit: one failed poll must not end the watchdog (it did, on the first poll
    # after an abort that found the name unowned, and the next call started a locked daemon).
    set +e
    while sleep 1; do
      now=$(owner)
      if [ -n "$ours" ] && [ "$now" != "$ours" ]; then
        printf "tokendesk-test" | gnome-keyring-daemon --replace --unlock --components=secrets --daemonize >/dev/null 2>&1 || true
        for _ in $(seq 1 50); do
          ours=$(owner)
          [ -n "$ours" ] && [ "$ours" != "$now" ] && break
          sleep 0.1
        done
        echo "with-keyring: gnome-keyring-daemon ${now:+(pid $now, started by D-Bus) }was not the one started here; replaced it with an unlocked one (pid ${ours:-?})" >&2
      fi
    done
  ) &
  watchdog=$!
  set +e
  "$@"
  rc=$?
  kill "$watchdog" 2>/dev/null
  exit "$rc"
' with-keyring "$@"
