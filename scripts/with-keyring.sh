#!/usr/bin/env bash
# Runs a command against a private, unlocked Secret Service (gnome-keyring on its own D-Bus
# session bus, keyrings in a throwaway directory), so tests use a real keychain and never touch
# the developer's own. Usage: scripts/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail

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
  exec "$@"
' with-keyring "$@"
