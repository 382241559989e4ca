#!/usr/bin/env bash
# Renders the Summary sheet of the demo's termly report to docs/termly-report.png,
# the picture in the README. It is the real workbook that `ectrack demo` writes,
# printed by LibreOffice (one page wide, landscape, as the sheet is set up) and
# turned into a PNG by pdftoppm.
#
# Needs ectrack installed, and LibreOffice Calc and poppler-utils:
#   apt-get install --no-install-recommends libreoffice-calc poppler-utils
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
today=${ECTRACK_TODAY:-2026-11-22}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
ectrack --today "$today" demo > /dev/null
report=$(ls ectrack-demo-report-*.xlsx)
soffice --headless --convert-to pdf "$report" > /dev/null
pdftoppm -png -r 110 -f 1 -l 1 -singlefile "${report%.xlsx}.pdf" "$repo/docs/termly-report"
echo "wrote $repo/docs/termly-report.png from $report (as of $today)" >&2
