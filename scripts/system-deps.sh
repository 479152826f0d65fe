#!/usr/bin/env bash
# Installs the Debian packages Qt needs (offscreen and under Xvfb), pdftotext/pdftoppm and
# PyInstaller's objdump (binutils) when they are missing.
# As root it installs them; otherwise it names them and carries on (the tests will say
# what is missing).
set -euo pipefail
packages=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3
          fonts-dejavu-core xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
          libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0
          libxcb-xinerama0 poppler-utils binutils)
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: nothing to check
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for Qt: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages (install them with apt-get as root): ${missing[*]}" >&2
fi
