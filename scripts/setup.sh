#!/usr/bin/env bash
# Install what policykit needs on a fresh Debian/Ubuntu machine, idempotently:
#  - system libraries and fonts for WeasyPrint (Pango; libharfbuzz-subset0, without which WeasyPrint
#    silently falls back to fontTools and renders PDFs about 2x slower; Liberation Serif, metric-
#    compatible with Times New Roman; DejaVu for accents and Vietnamese; WenQuanYi Micro Hei for
#    CJK names; Noto Serif CJK for documents in Traditional Chinese and Korean) and python3-venv;
#  - a virtual environment in .venv (Debian's own Python refuses system-wide pip installs), with
#    policykit installed in editable mode, plus the test tools when called as `setup.sh test`;
#  - for `setup.sh test` only, Debian's chromium, which the web app's browser tests drive through
#    Playwright (nothing downloads a browser of its own), and LibreOffice Writer without its GUI,
#    which lays out the Word files so that a test can compare their pages with the PDF's (about
#    85 MB to download; 11 s to download and install on the development machine).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
          fonts-dejavu-core fonts-wqy-microhei fonts-noto-cjk python3-venv)
[ "${1:-}" = "test" ] && packages+=(chromium libreoffice-writer-nogui)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
# apt-get, waiting up to five minutes while another package manager (a desktop's automatic
# updates, say) holds the dpkg or apt lock, instead of failing at once.
apt_wait() {
  local sudo="" log waited=0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log=$(mktemp)
  until DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=10 "$@" \
      >/dev/null 2>"$log"; do
    if ! grep -qiE "could not get lock|unable to (acquire|lock)" "$log" || ((waited >= 300)); then
      cat "$log" >&2
      rm -f "$log"
      return 1
    fi
    echo "Another package manager is running (automatic updates?); waiting for it..." >&2
    sleep 5
    waited=$((waited + 15))
  done
  rm -f "$log"
}

if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}" >&2
  apt_wait update -qq
  apt_wait install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
extras=""
[ "${1:-}" = "test" ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
