#!/usr/bin/env bash
# Installs the system packages sitegen needs where they are missing:
#   a CJK font (posters must embed real Chinese glyphs, never boxes),
#   Debian's Chromium (browser tests drive it through Playwright),
#   poppler-utils (tests read PDFs back with pdffonts/pdfinfo).
# Runs apt-get only when something is missing, so a second run is instant.
set -euo pipefail
missing=()
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: please install ${missing[*]} with your system's package manager" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
fc-cache -f >/dev/null 2>&1 || true
