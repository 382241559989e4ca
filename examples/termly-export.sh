#!/usr/bin/env bash
# The AB's termly export, ready for cron: the termly report, one report per school,
# and the DfE bulk-upload files, written into one folder named by the date.
#
#   examples/termly-export.sh OUTPUT_FOLDER [TERM]
#
#   OUTPUT_FOLDER/2026-12-18/termly-report.xlsx     the AB's report (summary, chart, sheets)
#                            schools/*.xlsx          one workbook per school, ready to send
#                            riab-claims-*.csv       new claims for the DfE service
#                            riab-actions-*.csv      new releases and passes
#                            *.json                  what each step wrote (fails to record
#                                                    by hand are in actions.json)
#
# The database is $ECTRACK_DB; "today" is $ECTRACK_TODAY or the real date. It fails
# loudly: the first error stops it with ectrack's message on stderr and a non-zero
# exit, which cron mails to the job's owner. Everything it writes is owner-only.
#
# Example crontab line (08:00 on the last day of each term; adjust to your calendar):
#   0 8 18 12 * ECTRACK_DB=/srv/ab/ectrack.db /opt/ectrack/examples/termly-export.sh /srv/ab/exports
set -euo pipefail
umask 077

out_root=${1:?usage: termly-export.sh OUTPUT_FOLDER [TERM]}
term=${2:-}
today=${ECTRACK_TODAY:-$(date +%F)}
folder="$out_root/$today"
mkdir -p "$folder"

run() { ectrack --today "$today" "$@"; }

term_option=()
if [[ -n "$term" ]]; then term_option=(--term "$term"); fi

run report termly "${term_option[@]}" -o "$folder/termly-report.xlsx" \
    --per-school "$folder/schools" --json > "$folder/report.json"
run export riab claims -o "$folder" --json > "$folder/claims.json"
run export riab actions -o "$folder" --json > "$folder/actions.json"

echo "termly export written to $folder" >&2
