#!/usr/bin/env bash
# The README's "whole life of an induction": an ECT arriving from another AB, a late
# decision, an appeal, two posts, and a transfer file to the next AB.
# Run it in a scratch folder:  bash examples/whole-life.sh /tmp/whole-life
set -euo pipefail
dir="${1:-whole-life}"
mkdir -p "$dir" && cd "$dir" && rm -f ab.db* next.db* 7000001-transfer.xlsx
export ECTRACK_DB=ab.db ECTRACK_USER=a.officer
t() { ectrack --today "$1" "${@:2}"; }
set -x
t 2025-09-01 school add 100001 --name "Hillside Primary School"
t 2025-09-01 school add 100002 --name "Oakwood Academy"
# Two terms with another AB, then here from the summer term
t 2026-04-13 ect register 7000001 --first-name Amy --last-name Shah --dob 02/04/1998 \
  --qts-date 2025-07-18 --school 100001 --start 2026-04-13
t 2026-04-13 ect prior add 7000001 --ab "Pennine Teaching School Hub" --institution "Moor Lane Primary" \
  --from 2025-09-01 --to 2026-03-27 --terms 2.0 --absence-part1 6
t 2026-11-22 ect show 7000001
# Full time since September 2024: the final in summer 2026, decided in September
t 2024-09-02 ect register 7000002 --first-name Ben --last-name Cole --dob 1997-01-30 \
  --qts-date 2024-07-19 --school 100002 --start 2024-09-02
t 2026-07-17 assessment record 7000002 --kind final --date 2026-07-10 --overall unsatisfactory \
  --recommendation unsatisfactory
t 2026-09-21 ect show 7000002 --json | grep -E '^  "(status|fte_terms_served|end_of_induction)"'
t 2026-09-21 decision record 7000002 --outcome fail --on 2026-09-21
t 2026-09-22 decision notify 7000002 --on 2026-09-22 --fail-notice-sent 2026-09-22
t 2026-10-02 decision appeal 7000002 --lodged 2026-10-02
t 2026-12-04 decision appeal 7000002 --result extended --terms 1.0 --result-on 2026-12-04
t 2026-12-04 ect show 7000002 --json | grep -E '^  "(status|fte_terms_required|end_of_induction)"'
# 0.6 at Hillside and 0.4 at Oakwood at once
t 2025-09-01 ect register 7000003 --first-name Cara --last-name Dunn --dob 1999-05-05 \
  --qts-date 2025-07-18 --school 100001 --start 2025-09-01 --fte 0.6
t 2026-01-05 ect add-post 7000003 --school 100002 --on 2026-01-05 --fte 0.4
t 2026-01-05 ect move 7000003 --school 100001 --on 2026-02-02 || true
# Amy leaves for another AB: release, then the transfer file
t 2026-12-04 ect release 7000001 --on 2026-12-04
t 2026-12-04 ect transfer-out 7000001 -o 7000001-transfer.xlsx --ab "Calder Teaching School Hub"
t 2026-12-04 --db next.db school add 100009 --name "Moor End Academy"
t 2026-12-04 --db next.db import 7000001-transfer.xlsx
t 2026-12-04 --db next.db ect move 7000001 --school 100009 --on 2027-01-04 --fte 1.0 --programme provider-led
t 2027-01-04 --db next.db ect show 7000001 --json | grep -E '^  "(fte_terms_served|fte_terms_required|end_of_induction)"'
