#!/usr/bin/env bash
# Builds the one-folder bundle (dist/pscp-training/) and proves it works on its own:
# a fresh empty database is migrated, a small register imported, the workforce report
# produced, a certificate generated, and the desktop window opened offscreen and closed.
# Usage (from the repository root): bash packaging/build-linux.sh   (or: make bundle)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY packaging/make_icons.py >/dev/null
$PY -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/pscp-training.spec
install -m 0644 packaging/linux/pscp-training.desktop dist/pscp-training/
install -m 0644 resources/icons/pscp-training.svg dist/pscp-training/
du -sh dist/pscp-training | sed 's/^/bundle size: /'

# --- smoke test of the frozen build, with no Python and no source tree in reach ---------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r dist/pscp-training "$work/app"
cp packaging/smoke/register.csv "$work/"
cd "$work"
export QT_QPA_PLATFORM=offscreen PSCP_TRAINING_HOME="$work/home"
CLI="env -u PYTHONPATH -u VIRTUAL_ENV $work/app/pscp-training-cli --db sqlite:///$work/smoke.sqlite3"
$work/app/pscp-training-cli --version
$CLI db upgrade
$CLI import register register.csv
$CLI report workforce --year 2022-23 --format json --out report.json
python3 - report.json <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
multi, single = report["multi_agency"]["2022-23"], report["single_agency"]["2022-23"]
assert (multi["courses_run"], multi["bookings"], multi["attendances"]) == (1, 3, 2), multi
assert (single["courses_run"], single["booking_attendances"]) == (1, 42), single
PY
$CLI report workforce --year 2022-23 --format pdf --out report.pdf
session=$($CLI sessions --year 2022-23 --format json | python3 -c \
  'import json, sys; print(next(s["id"] for s in json.load(sys.stdin) if s["agency"] == "multi"))')
$CLI certificates --session "$session" --out certificates
count=$(ls certificates/*.pdf | wc -l)
[ "$count" -eq 2 ] || { echo "expected 2 certificates, got $count"; exit 1; }
PSCP_TRAINING_QUIT_AFTER_START_MS=1500 $work/app/pscp-training --db "sqlite:///$work/smoke.sqlite3"
echo "frozen build OK: migrated, imported, reported, printed 2 certificates, opened the window"
