#!/usr/bin/env bash
# The README's tour: two schools, one ECT, a move, an FTE change, a release; the
# officer names people and schools as they would on the phone, not by code.
# Run it against a scratch database:  bash examples/tour.sh /tmp/tour.db
set -euo pipefail
export ECTRACK_DB="${1:-tour.db}" ECTRACK_TODAY=2026-11-22 ECTRACK_USER=a.officer
rm -f "$ECTRACK_DB" "$ECTRACK_DB-wal" "$ECTRACK_DB-shm"
set -x
ectrack school add 100001 --name "Hillside Primary School" --local-authority Leeds --town Leeds \
  --laestab 383/2001 --phase primary --headteacher "Ruth Ackroyd" --email induction@hillside.example.sch.uk
ectrack school add 100002 --name "Oakwood Academy" --local-authority Leeds --town Leeds --phase secondary
ectrack ect register "RP 12/34567" --first-name Amy --last-name Shah --dob 02/04/1998 \
  --qts-date 18/07/2025 --school Hillside --start "1 Sep 2025" --fte 0.8 --programme FIP \
  --mentor "Tom Reed" --tutor "Jo Ellis" --tutor-email jo.ellis@hillside.example.sch.uk
ectrack ect move "Amy Shah" --school Oakwood --on 5/1/2026 --mentor "Sam Lee"
ectrack ect change-fte "Amy Shah" --fte 1.0 --on 20/4/2026
ectrack ect release "Amy Shah" --on 22/7/2026 --terms 1.0
ectrack find amy
ectrack ect show "Amy Shah"
ectrack audit --trn "Amy Shah" --limit 3
