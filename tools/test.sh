#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs the tools the tests drive, builds with
# warnings as errors, runs all test projects and prints one summary line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

for installer in tools/install-*.sh; do
  [ -e "$installer" ] && bash "$installer"
done
export PATH="$PWD/.tools/bin:$PATH"

dotnet build ClusterOperator.sln --configuration Release -warnaserror -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
dotnet test ClusterOperator.sln --configuration Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# Each test assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T"; add them up.
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
rm -f "$log"
exit "$status"
