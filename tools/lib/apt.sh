#!/usr/bin/env bash
# Sourced by the install scripts: installs a Debian package when its command is missing, as root or through sudo.

# ensure_command COMMAND PACKAGE: does nothing when COMMAND is on PATH; otherwise apt-get installs PACKAGE.
ensure_command() {
  local command=$1 package=$2
  if command -v "$command" >/dev/null 2>&1; then
    echo "$command already installed: $(command -v "$command")"
    return 0
  fi

  local as_root=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "$command is missing and installing $package needs root or sudo" >&2
      return 1
    fi
    as_root=(sudo)
  fi

  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends "$package"
}
