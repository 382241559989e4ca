"""The schema, built by numbered migrations (``sqlite_utils.Migrations``).

Each migration is a function named ``mNNN_what_it_does`` appended to
``MIGRATIONS``; later issues add tables by adding a function here, never by
editing an applied one. ``migrate`` applies whatever is pending each time a
command opens the file. Checking that nothing is pending needs only the
standard library, so read-only commands do not pay for importing sqlite_utils.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ectrack.errors import DatabaseUnusable, ReadOnlyLogin
from ectrack.store.db import is_postgres, table_names, transaction

MIGRATION_SET = "ectrack"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.Migrations' own table

MIGRATIONS: list[Callable] = []


def migration(fn: Callable) -> Callable:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_core_records(db) -> None:
    """Schools, ECTs, their mentors and tutors, induction periods, audit events."""
    db.executescript(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE schools (
            urn TEXT PRIMARY KEY CHECK (length(urn) = 6 AND urn NOT GLOB '*[^0-9]*'),
            name TEXT NOT NULL CHECK (name <> ''),
            local_authority TEXT,
            laestab TEXT,
            phase TEXT,
            headteacher TEXT,
            email TEXT
        );
        CREATE TABLE ects (
            trn TEXT PRIMARY KEY CHECK (length(trn) = 7 AND trn NOT GLOB '*[^0-9]*'),
            first_name TEXT NOT NULL CHECK (first_name <> ''),
            last_name TEXT NOT NULL CHECK (last_name <> ''),
            date_of_birth TEXT NOT NULL CHECK (date_of_birth = date(date_of_birth, '+0 days')),
            qts_date TEXT NOT NULL CHECK (qts_date = date(qts_date, '+0 days')),
            email TEXT
        );
        -- Mentors and induction tutors, each belonging to one school.
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            school_urn TEXT NOT NULL REFERENCES schools(urn),
            name TEXT NOT NULL CHECK (name <> ''),
            email TEXT
        );
        CREATE UNIQUE INDEX staff_identity
            ON staff (school_urn, lower(name), ifnull(lower(email), ''));
        -- FTE in whole percent (80 = 0.8); FTE terms in integer tenths (26 = 2.6).
        -- A period ends by move, FTE change or release (closed_by), or with
        -- the induction's outcome; never both.
        CREATE TABLE induction_periods (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            school_urn TEXT NOT NULL REFERENCES schools(urn),
            started_on TEXT NOT NULL CHECK (started_on = date(started_on, '+0 days')),
            finished_on TEXT CHECK (
                finished_on = date(finished_on, '+0 days') AND finished_on >= started_on
            ),
            fte_percent INTEGER NOT NULL CHECK (fte_percent BETWEEN 10 AND 100),
            programme TEXT NOT NULL CHECK (programme IN ('provider_led', 'school_led')),
            mentor_id INTEGER REFERENCES staff(id),
            tutor_id INTEGER REFERENCES staff(id),
            fte_terms_tenths INTEGER CHECK (fte_terms_tenths BETWEEN 0 AND 160),
            closed_by TEXT CHECK (closed_by IN ('move', 'fte_change', 'release')),
            outcome TEXT CHECK (outcome IN ('pass', 'fail')),
            CHECK (closed_by IS NULL OR outcome IS NULL),
            CHECK ((finished_on IS NULL) = (closed_by IS NULL AND outcome IS NULL))
        );
        CREATE UNIQUE INDEX one_open_period_per_ect
            ON induction_periods (trn) WHERE finished_on IS NULL;
        CREATE INDEX induction_periods_by_ect ON induction_periods (trn, started_on);
        CREATE INDEX induction_periods_by_school ON induction_periods (school_urn);
        -- One row per change: who, when (UTC), which command, what changed.
        CREATE TABLE audit_events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            command TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            trn TEXT,
            action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_events_by_trn ON audit_events (trn);
        """
    )


@migration
def m002_induction_records(db) -> None:
    """Term calendar, reductions, absences, checkpoint records and decisions."""
    db.executescript(
        """
        -- FTE terms of a reduced induction, in tenths (SG 3.2-3.4: at least 1.0).
        ALTER TABLE ects ADD COLUMN reduced_to_tenths INTEGER
            CHECK (reduced_to_tenths BETWEEN 10 AND 60);
        -- The AB's own term dates; terms not here follow the default calendar.
        CREATE TABLE terms (
            term TEXT PRIMARY KEY CHECK (term GLOB '[0-9][0-9][0-9][0-9]-*'),
            starts_on TEXT NOT NULL CHECK (starts_on = date(starts_on, '+0 days')),
            ends_on TEXT NOT NULL CHECK (ends_on = date(ends_on, '+0 days')),
            deadline_on TEXT CHECK (deadline_on = date(deadline_on, '+0 days')),
            CHECK (ends_on > starts_on)
        );
        CREATE TABLE absences (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            starts_on TEXT NOT NULL CHECK (starts_on = date(starts_on, '+0 days')),
            ends_on TEXT NOT NULL
                CHECK (ends_on = date(ends_on, '+0 days') AND ends_on >= starts_on),
            days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 1000),
            kind TEXT NOT NULL CHECK (kind IN ('sickness', 'maternity', 'paternity', 'adoption',
                'shared_parental', 'parental_bereavement', 'carers', 'other')),
            extend INTEGER NOT NULL DEFAULT 0 CHECK (extend IN (0, 1)),
            CHECK (extend = 0 OR kind NOT IN ('sickness', 'other'))
        );
        CREATE INDEX absences_by_ect ON absences (trn, starts_on);
        -- Progress reviews and assessments as the school returned them.
        CREATE TABLE checkpoint_records (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            kind TEXT NOT NULL CHECK (kind IN ('progress_review', 'first_formal_assessment',
                'final_formal_assessment', 'interim_assessment')),
            term TEXT NOT NULL,
            held_on TEXT NOT NULL CHECK (held_on = date(held_on, '+0 days')),
            received_on TEXT NOT NULL CHECK (received_on = date(received_on, '+0 days')),
            on_track INTEGER CHECK (on_track IN (0, 1)),
            support_plan INTEGER CHECK (support_plan IN (0, 1)),
            overall TEXT CHECK (overall IN ('satisfactory', 'unsatisfactory')),
            ts1 TEXT CHECK (ts1 IN ('meeting', 'not_yet_meeting')),
            ts2 TEXT CHECK (ts2 IN ('meeting', 'not_yet_meeting')),
            ts3 TEXT CHECK (ts3 IN ('meeting', 'not_yet_meeting')),
            ts4 TEXT CHECK (ts4 IN ('meeting', 'not_yet_meeting')),
            ts5 TEXT CHECK (ts5 IN ('meeting', 'not_yet_meeting')),
            ts6 TEXT CHECK (ts6 IN ('meeting', 'not_yet_meeting')),
            ts7 TEXT CHECK (ts7 IN ('meeting', 'not_yet_meeting')),
            ts8 TEXT CHECK (ts8 IN ('meeting', 'not_yet_meeting')),
            pt2 TEXT CHECK (pt2 IN ('meeting', 'not_yet_meeting')),
            recommendation TEXT
                CHECK (recommendation IN ('satisfactory', 'unsatisfactory', 'extend')),
            absence_days INTEGER CHECK (absence_days BETWEEN 0 AND 1000),
            summary TEXT,
            UNIQUE (trn, kind, term)
        );
        CREATE INDEX checkpoint_records_by_term ON checkpoint_records (term);
        -- The AB's decisions: pass, fail, or extend (several extends may precede the last).
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'extend')),
            decided_on TEXT NOT NULL CHECK (decided_on = date(decided_on, '+0 days')),
            extension_tenths INTEGER CHECK (extension_tenths BETWEEN 1 AND 160),
            override_reason TEXT,
            ect_notified_on TEXT CHECK (ect_notified_on = date(ect_notified_on, '+0 days')),
            headteacher_notified_on TEXT
                CHECK (headteacher_notified_on = date(headteacher_notified_on, '+0 days')),
            tra_notified_on TEXT CHECK (tra_notified_on = date(tra_notified_on, '+0 days')),
            fail_notice_sent_on TEXT
                CHECK (fail_notice_sent_on = date(fail_notice_sent_on, '+0 days')),
            appeal_lodged_on TEXT CHECK (appeal_lodged_on = date(appeal_lodged_on, '+0 days')),
            appeal_result TEXT CHECK (appeal_result IN ('allowed', 'dismissed', 'varied')),
            appeal_result_on TEXT CHECK (appeal_result_on = date(appeal_result_on, '+0 days')),
            CHECK ((outcome = 'extend') = (extension_tenths IS NOT NULL))
        );
        CREATE INDEX decisions_by_ect ON decisions (trn, decided_on);
        """
    )


@migration
def m003_bank_holidays(db) -> None:
    """England-and-Wales bank holidays, copied from the ``holidays`` package on first
    need so that everyday commands do not pay for importing it."""
    db.executescript(
        """
        CREATE TABLE bank_holidays (
            day TEXT PRIMARY KEY CHECK (day = date(day, '+0 days')),
            name TEXT NOT NULL
        );
        """
    )


@migration
def m004_absence_half_days(db) -> None:
    """Absence days in exact half days (schools report 2.5 days): ``half_days`` replaces
    ``days``, every recorded absence carried over (days x 2)."""
    db.executescript(
        """
        CREATE TABLE absences_new (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            starts_on TEXT NOT NULL CHECK (starts_on = date(starts_on, '+0 days')),
            ends_on TEXT NOT NULL
                CHECK (ends_on = date(ends_on, '+0 days') AND ends_on >= starts_on),
            half_days INTEGER NOT NULL CHECK (half_days BETWEEN 1 AND 2000),
            kind TEXT NOT NULL CHECK (kind IN ('sickness', 'maternity', 'paternity', 'adoption',
                'shared_parental', 'parental_bereavement', 'carers', 'other')),
            extend INTEGER NOT NULL DEFAULT 0 CHECK (extend IN (0, 1)),
            CHECK (extend = 0 OR kind NOT IN ('sickness', 'other'))
        );
        INSERT INTO absences_new (id, trn, starts_on, ends_on, half_days, kind, extend)
            SELECT id, trn, starts_on, ends_on, days * 2, kind, extend FROM absences;
        DROP TABLE absences;
        ALTER TABLE absences_new RENAME TO absences;
        CREATE INDEX absences_by_ect ON absences (trn, starts_on);
        """
    )


@migration
def m005_riab_exports(db) -> None:
    """What has been exported to the DfE's bulk upload, so the next export holds only
    what is new. ``key`` names the claim or action (TRN and its date)."""
    db.executescript(
        """
        CREATE TABLE riab_exports (
            kind TEXT NOT NULL CHECK (kind IN ('claim', 'action', 'fail')),
            key TEXT NOT NULL,
            trn TEXT NOT NULL,
            exported_on TEXT NOT NULL CHECK (exported_on = date(exported_on, '+0 days')),
            file TEXT,
            PRIMARY KEY (kind, key)
        );
        CREATE INDEX riab_exports_by_ect ON riab_exports (trn);
        """
    )


@migration
def m006_checkpoint_absence_half_days(db) -> None:
    """Days absent on a review or assessment in exact half days, as absences are
    (a school reports 1.5): ``absence_half_days`` replaces ``absence_days``."""
    db.executescript(
        """
        ALTER TABLE checkpoint_records RENAME COLUMN absence_days TO absence_half_days;
        UPDATE checkpoint_records SET absence_half_days = absence_half_days * 2;
        """
    )


@migration
def m007_audit_chain(db) -> None:
    """Hash-chain the audit log (see ``store.audit``): every event recorded so far is
    chained in id order, as if it had been chained when recorded."""
    from ectrack.store.audit import HEAD_KEY, data_digest, link_hash

    for column in (
        "data_digest TEXT",
        "hash TEXT",
        "erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1))",
    ):
        db.execute(f"ALTER TABLE audit_events ADD COLUMN {column}")
    previous, chained = "0" * 64, []
    rows = db.execute(
        "SELECT id, at, actor, command, entity, entity_id, trn, action, before, after "
        "FROM audit_events ORDER BY id"
    ).fetchall()
    for id_, at, actor, command, entity, entity_id, trn, action, before, after in rows:
        digest = data_digest(entity_id, trn, before, after)
        previous = link_hash(previous, id_, at, actor, command, entity, action, digest)
        chained.append((digest, previous, id_))
    db.conn.executemany("UPDATE audit_events SET data_digest = ?, hash = ? WHERE id = ?", chained)
    if chained:
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [HEAD_KEY, f"{chained[-1][2]}:{previous}"],
        )


@migration
def m008_entitlement(db) -> None:
    """The ECT's statutory entitlement (SG 2.18-2.28): mentors' and tutors' QTS, a school
    in special measures, and per induction period the reduced timetable, the post's
    suitability, the fidelity check of a school-led programme, and why one person is
    both mentor and tutor. ``entitlement_seen`` keeps the day (as of ``--today``) each
    gap in those records was first seen."""
    db.executescript(
        """
        ALTER TABLE staff ADD COLUMN qts INTEGER CHECK (qts IN (0, 1));
        ALTER TABLE schools ADD COLUMN special_measures INTEGER
            CHECK (special_measures IN (0, 1));
        ALTER TABLE schools ADD COLUMN induction_permitted INTEGER
            CHECK (induction_permitted IN (0, 1));
        ALTER TABLE induction_periods ADD COLUMN timetable_part1 INTEGER
            CHECK (timetable_part1 BETWEEN 1 AND 100);
        ALTER TABLE induction_periods ADD COLUMN timetable_part2 INTEGER
            CHECK (timetable_part2 BETWEEN 1 AND 100);
        ALTER TABLE induction_periods ADD COLUMN post_suitable INTEGER
            CHECK (post_suitable IN (0, 1));
        ALTER TABLE induction_periods ADD COLUMN same_person_reason TEXT
            CHECK (same_person_reason <> '');
        ALTER TABLE induction_periods ADD COLUMN fidelity_checked_on TEXT
            CHECK (fidelity_checked_on = date(fidelity_checked_on, '+0 days'));
        ALTER TABLE induction_periods ADD COLUMN fidelity_result TEXT
            CHECK (fidelity_result IN ('met', 'not_met'));
        ALTER TABLE induction_periods ADD COLUMN fidelity_next_due TEXT
            CHECK (fidelity_next_due = date(fidelity_next_due, '+0 days'));
        CREATE TABLE entitlement_seen (
            trn TEXT NOT NULL REFERENCES ects(trn),
            period_id INTEGER NOT NULL REFERENCES induction_periods(id),
            gap TEXT NOT NULL,
            seen_on TEXT CHECK (seen_on = date(seen_on, '+0 days')),
            PRIMARY KEY (period_id, gap)
        );
        CREATE INDEX entitlement_seen_by_ect ON entitlement_seen (trn);
        """
    )


@migration
def m009_whole_life(db) -> None:
    """The whole life of an induction.

    - ``induction_periods`` may hold periods served **elsewhere**, with another AB
      (``appropriate_body``; NULL is this AB), at an ``institution`` that need not be
      one of this AB's schools, with the FTE terms the DfE holds for them, the days
      absent they bring to each part and any extension the other AB decided; and
      **two posts at once** (``lead``: 1 the lead post, 0 the second post, NULL a post
      held alone). The table is rebuilt (school, FTE and programme may now be NULL for
      a period elsewhere; one open *lead* post per ECT replaces one open period),
      every row and id kept.
    - ``checkpoint_records`` may hold reviews and assessments made by another AB
      (``appropriate_body``, '' for this AB, part of the record's key).
    - ``decisions``: an appeal may end ``extended`` (by ``appeal_extension_tenths``);
      the old ``varied`` becomes ``extended``.
    - ``ects``: a teacher recorded as **exempt** from induction, with the reason.
    """
    entitlement = ", ".join(ENTITLEMENT_COLUMNS_M008)
    db.executescript(
        f"""
        -- entitlement_seen refers to periods: set aside while they are rebuilt
        CREATE TEMP TABLE entitlement_seen_kept AS SELECT * FROM entitlement_seen;
        DROP TABLE entitlement_seen;
        CREATE TABLE induction_periods_new (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            school_urn TEXT REFERENCES schools(urn),
            started_on TEXT NOT NULL CHECK (started_on = date(started_on, '+0 days')),
            finished_on TEXT CHECK (
                finished_on = date(finished_on, '+0 days') AND finished_on >= started_on
            ),
            fte_percent INTEGER CHECK (fte_percent BETWEEN 10 AND 100),
            programme TEXT CHECK (programme IN ('provider_led', 'school_led')),
            mentor_id INTEGER REFERENCES staff(id),
            tutor_id INTEGER REFERENCES staff(id),
            fte_terms_tenths INTEGER CHECK (fte_terms_tenths BETWEEN 0 AND 160),
            closed_by TEXT CHECK (closed_by IN ('move', 'fte_change', 'release')),
            outcome TEXT CHECK (outcome IN ('pass', 'fail')),
            timetable_part1 INTEGER CHECK (timetable_part1 BETWEEN 1 AND 100),
            timetable_part2 INTEGER CHECK (timetable_part2 BETWEEN 1 AND 100),
            post_suitable INTEGER CHECK (post_suitable IN (0, 1)),
            same_person_reason TEXT CHECK (same_person_reason <> ''),
            fidelity_checked_on TEXT
                CHECK (fidelity_checked_on = date(fidelity_checked_on, '+0 days')),
            fidelity_result TEXT CHECK (fidelity_result IN ('met', 'not_met')),
            fidelity_next_due TEXT
                CHECK (fidelity_next_due = date(fidelity_next_due, '+0 days')),
            appropriate_body TEXT CHECK (appropriate_body <> ''),
            institution TEXT CHECK (institution <> ''),
            absence_part1_half_days INTEGER CHECK (absence_part1_half_days BETWEEN 0 AND 2000),
            absence_part2_half_days INTEGER CHECK (absence_part2_half_days BETWEEN 0 AND 2000),
            extension_tenths INTEGER CHECK (extension_tenths BETWEEN 1 AND 160),
            lead INTEGER CHECK (lead IN (0, 1)),
            CHECK (closed_by IS NULL OR outcome IS NULL),
            CHECK ((finished_on IS NULL) = (closed_by IS NULL AND outcome IS NULL)),
            -- a period with this AB is at one of its schools, at an FTE, on a programme
            CHECK (appropriate_body IS NOT NULL OR (school_urn IS NOT NULL
                AND fte_percent IS NOT NULL AND programme IS NOT NULL)),
            -- a period elsewhere is over, with the terms the DfE holds, and no outcome here
            CHECK (appropriate_body IS NULL OR (finished_on IS NOT NULL
                AND fte_terms_tenths IS NOT NULL AND outcome IS NULL AND lead IS NULL)),
            CHECK (appropriate_body IS NOT NULL OR (institution IS NULL
                AND absence_part1_half_days IS NULL AND absence_part2_half_days IS NULL
                AND extension_tenths IS NULL))
        );
        INSERT INTO induction_periods_new (id, trn, school_urn, started_on, finished_on,
            fte_percent, programme, mentor_id, tutor_id, fte_terms_tenths, closed_by, outcome,
            {entitlement})
        SELECT id, trn, school_urn, started_on, finished_on, fte_percent, programme,
            mentor_id, tutor_id, fte_terms_tenths, closed_by, outcome, {entitlement}
        FROM induction_periods;
        DROP TABLE induction_periods;
        ALTER TABLE induction_periods_new RENAME TO induction_periods;
        CREATE UNIQUE INDEX one_open_lead_post_per_ect
            ON induction_periods (trn) WHERE finished_on IS NULL AND ifnull(lead, 1) = 1;
        CREATE INDEX induction_periods_by_ect ON induction_periods (trn, started_on);
        CREATE INDEX induction_periods_by_school ON induction_periods (school_urn);
        CREATE TABLE entitlement_seen (
            trn TEXT NOT NULL REFERENCES ects(trn),
            period_id INTEGER NOT NULL REFERENCES induction_periods(id),
            gap TEXT NOT NULL,
            seen_on TEXT CHECK (seen_on = date(seen_on, '+0 days')),
            PRIMARY KEY (period_id, gap)
        );
        INSERT INTO entitlement_seen SELECT * FROM entitlement_seen_kept;
        DROP TABLE entitlement_seen_kept;
        CREATE INDEX entitlement_seen_by_ect ON entitlement_seen (trn);

        CREATE TABLE checkpoint_records_new (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            kind TEXT NOT NULL CHECK (kind IN ('progress_review', 'first_formal_assessment',
                'final_formal_assessment', 'interim_assessment')),
            term TEXT NOT NULL,
            held_on TEXT NOT NULL CHECK (held_on = date(held_on, '+0 days')),
            received_on TEXT NOT NULL CHECK (received_on = date(received_on, '+0 days')),
            on_track INTEGER CHECK (on_track IN (0, 1)),
            support_plan INTEGER CHECK (support_plan IN (0, 1)),
            overall TEXT CHECK (overall IN ('satisfactory', 'unsatisfactory')),
            {_STANDARD_CHECKS}
            recommendation TEXT
                CHECK (recommendation IN ('satisfactory', 'unsatisfactory', 'extend')),
            absence_half_days INTEGER CHECK (absence_half_days BETWEEN 0 AND 2000),
            summary TEXT,
            appropriate_body TEXT NOT NULL DEFAULT '',
            UNIQUE (trn, kind, term, appropriate_body)
        );
        INSERT INTO checkpoint_records_new (id, trn, kind, term, held_on, received_on,
            on_track, support_plan, overall, ts1, ts2, ts3, ts4, ts5, ts6, ts7, ts8, pt2,
            recommendation, absence_half_days, summary)
        SELECT id, trn, kind, term, held_on, received_on, on_track, support_plan, overall,
            ts1, ts2, ts3, ts4, ts5, ts6, ts7, ts8, pt2, recommendation, absence_half_days,
            summary
        FROM checkpoint_records;
        DROP TABLE checkpoint_records;
        ALTER TABLE checkpoint_records_new RENAME TO checkpoint_records;
        CREATE INDEX checkpoint_records_by_term ON checkpoint_records (term);

        CREATE TABLE decisions_new (
            id INTEGER PRIMARY KEY,
            trn TEXT NOT NULL REFERENCES ects(trn),
            outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'extend')),
            decided_on TEXT NOT NULL CHECK (decided_on = date(decided_on, '+0 days')),
            extension_tenths INTEGER CHECK (extension_tenths BETWEEN 1 AND 160),
            override_reason TEXT,
            ect_notified_on TEXT CHECK (ect_notified_on = date(ect_notified_on, '+0 days')),
            headteacher_notified_on TEXT
                CHECK (headteacher_notified_on = date(headteacher_notified_on, '+0 days')),
            tra_notified_on TEXT CHECK (tra_notified_on = date(tra_notified_on, '+0 days')),
            fail_notice_sent_on TEXT
                CHECK (fail_notice_sent_on = date(fail_notice_sent_on, '+0 days')),
            appeal_lodged_on TEXT CHECK (appeal_lodged_on = date(appeal_lodged_on, '+0 days')),
            appeal_result TEXT CHECK (appeal_result IN ('allowed', 'dismissed', 'extended')),
            appeal_result_on TEXT CHECK (appeal_result_on = date(appeal_result_on, '+0 days')),
            appeal_extension_tenths INTEGER
                CHECK (appeal_extension_tenths BETWEEN 1 AND 160),
            CHECK ((outcome = 'extend') = (extension_tenths IS NOT NULL)),
            CHECK (appeal_extension_tenths IS NULL OR appeal_result = 'extended')
        );
        INSERT INTO decisions_new (id, trn, outcome, decided_on, extension_tenths,
            override_reason, ect_notified_on, headteacher_notified_on, tra_notified_on,
            fail_notice_sent_on, appeal_lodged_on, appeal_result, appeal_result_on)
        SELECT id, trn, outcome, decided_on, extension_tenths, override_reason,
            ect_notified_on, headteacher_notified_on, tra_notified_on, fail_notice_sent_on,
            appeal_lodged_on,
            CASE appeal_result WHEN 'varied' THEN 'extended' ELSE appeal_result END,
            appeal_result_on
        FROM decisions;
        DROP TABLE decisions;
        ALTER TABLE decisions_new RENAME TO decisions;
        CREATE INDEX decisions_by_ect ON decisions (trn, decided_on);

        ALTER TABLE ects ADD COLUMN exempt_reason TEXT CHECK (exempt_reason <> '');
        ALTER TABLE ects ADD COLUMN exempt_on TEXT CHECK (exempt_on = date(exempt_on, '+0 days'));
        """
    )


@migration
def m010_finding_people(db) -> None:
    """Finding ECTs and schools by name (``ectrack find``, names in place of codes).

    ``ects.former_names`` (earlier surnames or names, as the ECT gives them) and
    ``schools.town``; each table gets ``search_key``, the folded text a search
    compares (see ``store/search.py``), filled here for every existing row.
    """
    from ectrack.store import search

    db.executescript(
        """
        ALTER TABLE ects ADD COLUMN former_names TEXT CHECK (former_names <> '');
        ALTER TABLE schools ADD COLUMN town TEXT CHECK (town <> '');
        ALTER TABLE ects ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE schools ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
        """
    )
    search.refresh(db.conn, "ects")
    search.refresh(db.conn, "schools")


@migration
def m011_letters(db) -> None:
    """The AB's letters: its own Word templates (``letter_templates``: the .docx as
    base64 text, so both engines store it alike), and each letter written
    (``letters``: what, to whom, when and where; never the letter's text). A chase
    email to a school has no TRN."""
    db.executescript(
        """
        CREATE TABLE letter_templates (
            name TEXT PRIMARY KEY,
            docx_base64 TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            set_on TEXT NOT NULL CHECK (set_on = date(set_on, '+0 days')),
            set_by TEXT NOT NULL
        );
        CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            trn TEXT REFERENCES ects (trn),
            school_urn TEXT REFERENCES schools (urn),
            decision_id INTEGER REFERENCES decisions (id),
            template TEXT NOT NULL,
            recipient TEXT NOT NULL CHECK (recipient IN ('ect', 'school', 'tra', 'next_ab')),
            written_on TEXT NOT NULL CHECK (written_on = date(written_on, '+0 days')),
            dated TEXT CHECK (dated = date(dated, '+0 days')),
            email TEXT,
            file TEXT NOT NULL
        );
        CREATE INDEX letters_by_ect ON letters (trn);
        CREATE INDEX letters_by_decision ON letters (decision_id);
        """
    )


#: The entitlement columns of induction periods as m008 made them (m009 copies them).
ENTITLEMENT_COLUMNS_M008 = (
    "timetable_part1",
    "timetable_part2",
    "post_suitable",
    "same_person_reason",
    "fidelity_checked_on",
    "fidelity_result",
    "fidelity_next_due",
)
_STANDARD_CHECKS = "\n".join(
    f"{s} TEXT CHECK ({s} IN ('meeting', 'not_yet_meeting')),"
    for s in ("ts1", "ts2", "ts3", "ts4", "ts5", "ts6", "ts7", "ts8", "pt2")
)


def _applied(conn: sqlite3.Connection) -> list[str]:
    if is_postgres(conn):
        from ectrack.store import postgres

        return postgres.applied(conn, MIGRATION_SET)
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not exists:
        return []
    return [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",
            [MIGRATION_SET],
        )
    ]


def schema_version(conn: sqlite3.Connection) -> int:
    """How many of ectrack's migrations this database has applied."""
    return len(_applied(conn))


def _check_known(path: str, applied: list[str]) -> None:
    known = {fn.__name__ for fn in MIGRATIONS}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise DatabaseUnusable(
            f"{path} was upgraded by a newer ectrack (schema {', '.join(unknown)}); "
            "install the newer ectrack to use it"
        )


def _looks_foreign(conn: sqlite3.Connection) -> bool:
    """A non-empty database that ectrack never touched: not ours to change."""
    names = table_names(conn)
    return bool(names) and MIGRATIONS_TABLE not in names and "schools" not in names


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Apply pending migrations in one transaction; return the version.

    All of it runs under the writers' lock so two processes opening a new database
    at once cannot both try to create the same tables; on a server only the
    schema's owner may apply them.
    """
    applied = _applied(conn)
    if len(applied) == len(MIGRATIONS):
        _check_known(path, applied)
        return len(MIGRATIONS)
    try:
        with transaction(conn):  # under the writers' lock on either engine
            applied = _applied(conn)
            _check_known(path, applied)
            if not applied and _looks_foreign(conn):
                raise DatabaseUnusable(
                    f"{path} holds tables that ectrack did not make; give --db an empty "
                    "database or an ectrack one"
                    if is_postgres(conn)
                    else f"{path} is an SQLite database that ectrack did not make; "
                    "give --db a new file or an ectrack database"
                )
            if is_postgres(conn):
                from ectrack.store import postgres

                pending = [f for f in MIGRATIONS if f.__name__ not in set(applied)]
                postgres.apply_migrations(conn, MIGRATION_SET, pending)
            else:
                _apply_with_sqlite_utils(conn)
    except ReadOnlyLogin:  # a server's officer or reader: the schema is its owner's
        raise DatabaseUnusable(
            f"{path} needs its schema upgraded to version {len(MIGRATIONS)} "
            f"(it has {len(_applied(conn))}), which only its owner may do; ask the AB's "
            "manager to run 'ectrack init' with this ectrack"
        ) from None
    return len(_applied(conn))


def _apply_with_sqlite_utils(conn: sqlite3.Connection) -> None:
    """sqlite-utils' ``Migrations`` applies (and records) those not yet applied."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations(name=fn.__name__)(fn)
    migrations.apply(Database(conn, execute_plugins=False))
