#!/usr/bin/env bash
# Installs Debian's chromium when it is missing: the replay's HTML report test renders the report headless and
# checks that its charts drew.
set -euo pipefail
source "$(dirname "$0")/lib/apt.sh"

ensure_command chromium chromium
chromium --version
