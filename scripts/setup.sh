#!/usr/bin/env bash
# Install what policykit needs on a fresh Debian/Ubuntu machine, idempotently:
#  - system libraries and fonts for WeasyPrint (Pango; libharfbuzz-subset0, without which WeasyPrint
#    silently falls back to fontTools and renders PDFs about 2x slower; Liberation Serif, metric-
#    compatible with Times New Roman; DejaVu for accents; WenQuanYi Micro Hei for CJK text) and
#    python3-venv;
#  - a virtual environment in .venv (Debian's own Python refuses system-wide pip installs), with
#    policykit installed in editable mode, plus the test tools when called as `setup.sh test`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
          fonts-dejavu-core fonts-wqy-microhei python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
extras=""
[ "${1:-}" = "test" ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
