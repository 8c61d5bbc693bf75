#!/usr/bin/env bash
# Installs Debian's prometheus package, which brings both the server and promtool, when promtool is missing.
# The alert-rule tests and the end-to-end metrics test drive these real binaries.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  echo "promtool already installed: $(command -v promtool)"
  exit 0
fi

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "promtool is missing and installing it needs root or sudo" >&2
    exit 1
  fi
  as_root=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends prometheus

# The package starts the server as a service where an init system runs; the tests start their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  "${as_root[@]}" systemctl stop prometheus
  "${as_root[@]}" systemctl disable prometheus
fi

promtool --version
