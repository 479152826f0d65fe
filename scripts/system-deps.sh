#!/usr/bin/env bash
# The Debian packages this project needs on top of a bare Debian 12 with python3: make, venv
# support, Qt's libraries (offscreen and under Xvfb), pdftotext/pdftoppm, what PyInstaller
# needs for the bundle; with the argument `tests` (make test), LibreOffice Calc without its
# desktop, which the tests use to save files as LibreOffice really saves them; with the
# argument `postgresql` or under CI, also the PostgreSQL server the tests use. Installs the
# missing ones as root (or through `sudo -n` when allowed without a password); otherwise
# names them all in one `apt install` line and exits 1, before anything else is done.
# Nothing missing: silent, about 0.1 s.
# Usage: scripts/system-deps.sh [tests] [postgresql]
set -euo pipefail
py=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3.11)
packages=(
  python3 make "python$py-venv"                           # the Makefile; python3 -m venv
  libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6  # Qt, offscreen (the tests)
  libfontconfig1 libdbus-1-3 fonts-dejavu-core
  xvfb xauth libxkbcommon-x11-0 libxcb-cursor0            # Qt on a display or under Xvfb
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0
  libxcb-randr0 libxcb-xinerama0
  poppler-utils                                           # pdftotext, pdftoppm
  binutils "libpython$py"                                 # PyInstaller (make bundle)
)
case "${CI:-}" in ""|0|false|no) ;; *) set -- tests postgresql "$@" ;; esac   # the tests' needs
for extra in "$@"; do
  case "$extra" in
    postgresql) [[ " ${packages[*]} " == *" postgresql "* ]] || packages+=(postgresql) ;;
    tests) [[ " ${packages[*]} " == *" libreoffice-calc-nogui "* ]] || packages+=(libreoffice-calc-nogui) ;;
    *) echo "system-deps.sh: unknown argument '$extra' (expected: tests, postgresql)" >&2; exit 2 ;;
  esac
done

command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian or Ubuntu: nothing to check
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  prefix=""
  command -v sudo >/dev/null 2>&1 && prefix="sudo "
  {
    echo "Missing system packages. Install them as root, then run the same command again:"
    echo "    ${prefix}apt install --no-install-recommends ${missing[*]}"
  } >&2
  exit 1
fi
echo "Installing system packages (about a minute the first time): ${missing[*]}" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
       && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 15 "$log" >&2
  echo "system-deps.sh: apt-get could not install: ${missing[*]} (its last lines are above)" >&2
  exit 1
fi
