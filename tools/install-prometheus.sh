#!/usr/bin/env bash
# Installs Debian's prometheus package, which brings both the server and promtool, when promtool is missing.
# The alert-rule tests and the end-to-end metrics test drive these real binaries.
set -euo pipefail
source "$(dirname "$0")/lib/apt.sh"

ensure_command promtool prometheus

# The package starts the server as a service where an init system runs; the tests start their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  as_root=()
  [[ "$(id -u)" -eq 0 ]] || as_root=(sudo)
  "${as_root[@]}" systemctl stop prometheus
  "${as_root[@]}" systemctl disable prometheus
fi

promtool --version
