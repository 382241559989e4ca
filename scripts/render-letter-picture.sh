#!/usr/bin/env bash
# Renders a real letter to docs/letter-fail-ect.png, the picture in the README: the
# demo AB fails Freya Taylor (TRN 5659611, awaiting a decision), and `ectrack letter
# decision` writes the notices from ectrack's own templates; the ECT's notice, with
# the right of appeal and its last day, is printed by LibreOffice and turned into a
# PNG by pdftoppm.
#
# Needs ectrack installed, and LibreOffice Writer and poppler-utils:
#   apt-get install --no-install-recommends libreoffice-writer poppler-utils
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
today=${ECTRACK_TODAY:-2026-12-04}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export ECTRACK_DB="$work/demo.db"  # never the officer's own database
ectrack --today "$today" demo > /dev/null
ectrack --today "$today" letter settings --ab-name "Calder Teaching School Hub" \
  --ab-email "induction@calder-tsh.example" --signed-by "Jo Khan, Induction Manager" > /dev/null
ectrack --today "$today" decision record 5659611 --outcome fail --on 2026-12-03
ectrack --today "$today" letter decision 5659611 -o letters
letter=letters/5659611-freya-taylor/decision-fail-ect.docx
HOME="$work" soffice --headless --convert-to pdf --outdir "$work" "$letter" > /dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/decision-fail-ect.pdf" "$repo/docs/letter-fail-ect"
echo "wrote $repo/docs/letter-fail-ect.png from $letter (as of $today)" >&2
