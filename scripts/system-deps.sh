#!/usr/bin/env bash
# System packages the test suite and `kiji-digest preview` use: Debian's Chromium (headless
# screenshots of the digest) and a CJK font so Japanese renders in those screenshots.
# Also the compilers Ghost's native modules (better-sqlite3, re2) build with, since no prebuilt
# binaries can be downloaded. Installs them when missing and we may (root + apt-get); otherwise says what to install.
set -euo pipefail
missing=()
command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "kiji: installing ${missing[*]} (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "kiji: please install ${missing[*]} (e.g. sudo apt-get install ${missing[*]}); the digest screenshot tests need them." >&2
  exit 1
fi
