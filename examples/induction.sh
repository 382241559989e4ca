#!/usr/bin/env bash
# A whole induction, from registration to a notified decision, with --today moving on.
# Run it against a scratch database:  bash examples/induction.sh /tmp/induction.db
set -euo pipefail
export ECTRACK_DB="${1:-induction.db}" ECTRACK_USER=a.officer
rm -f "$ECTRACK_DB" "$ECTRACK_DB-wal" "$ECTRACK_DB-shm"
t() { ectrack --today "$1" "${@:2}"; }
set -x
t 2025-09-01 school add 100001 --name "Hillside Primary School"
t 2025-09-01 ect register 1234567 --first-name Amy --last-name Shah --dob 02/04/1998 \
  --qts-date 2025-07-18 --school 100001 --start 2025-09-01 --mentor "Tom Reed" --tutor "Jo Ellis"
t 2025-12-15 review record 1234567 --term 2025-autumn --date 2025-12-10 --on-track yes
t 2026-04-02 review record 1234567 --term 2026-spring --date 2026-03-20 --on-track no --support-plan
t 2026-04-02 review record 1234567 --term 2026-summer --date 2026-04-01 --on-track yes || true
t 2026-05-20 ect absence 1234567 --from 2026-05-04 --to 2026-06-19 --days 33 --kind sickness
# the absence took part 1 past 3.0 terms: summer is now a review, the first assessment moves on
t 2026-07-15 assessment record 1234567 --kind first --date 2026-07-10 --overall satisfactory || true
t 2026-07-15 review record 1234567 --term 2026-summer --date 2026-07-10 --on-track yes
t 2026-11-22 ect show 1234567
t 2026-12-10 checkpoints --status due
