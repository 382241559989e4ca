#!/usr/bin/env bash
# The README's tour: one school, one ECT, a move, an FTE change, a release.
# Run it against a scratch database:  bash examples/tour.sh /tmp/tour.db
set -euo pipefail
export ECTRACK_DB="${1:-tour.db}" ECTRACK_TODAY=2026-11-22 ECTRACK_USER=a.officer
rm -f "$ECTRACK_DB" "$ECTRACK_DB-wal" "$ECTRACK_DB-shm"
set -x
ectrack school add 100001 --name "Hillside Primary School" --local-authority Leeds \
  --laestab 383/2001 --phase primary --headteacher "Ruth Ackroyd" --email induction@hillside.example.sch.uk
ectrack school add 100002 --name "Oakwood Academy" --local-authority Leeds --phase secondary
ectrack ect register "RP 12/34567" --first-name Amy --last-name Shah --dob 02/04/1998 \
  --qts-date 2025-07-18 --school 100001 --start 2025-09-01 --fte 0.8 --programme FIP \
  --mentor "Tom Reed" --tutor "Jo Ellis" --tutor-email jo.ellis@hillside.example.sch.uk
ectrack ect move 1234567 --school 100002 --on 2026-01-05 --mentor "Sam Lee"
ectrack ect change-fte 1234567 --fte 1.0 --on 2026-04-20
ectrack ect release 1234567 --on 2026-07-22 --terms 1.0
ectrack ect show 1234567
ectrack audit --trn 1234567 --limit 5
