"""The same store on a PostgreSQL server, for a team (``--db postgresql://…``).

The store's SQL is written once, in the SQL both engines speak (``?`` for a value,
``coalesce``, ``ON CONFLICT``, ``RETURNING``); dates stay ISO text and yes/no stay
0/1, so every query returns the same Python values on both. This module is the
one seam for what differs:

- ``PgConnection`` offers the few methods of ``sqlite3.Connection`` the store
  uses (``execute``, ``executemany``, ``in_transaction``, ``close``), turning ``?``
  into psycopg's ``%s`` (once per distinct statement) and a refusal by the server
  into the same one-line errors as SQLite's.
- Writers take turns, as on SQLite: ``begin_write`` takes a transaction-scoped
  advisory lock, so a command reads what it changes only after every earlier
  writer committed, and the audit chain's head moves one writer at a time.
- The numbered migrations in ``store/migrations.py`` run here too: ``pg_ddl``
  rewrites the few SQLite-only phrases of their DDL, and two small functions
  (``ectrack_is_date``, ``instr``) give the server what SQLite has built in.
- Team roles (``ectrack team``): per database, an officers' role and a readers'
  role, with privileges granted by the server itself, and the audit log
  append-only for everyone but the schema owner.

psycopg is imported only here, and only when a server is named: ``pip install
'ectrack[postgres]'``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence

from ectrack.errors import DatabaseUnusable, ReadOnlyLogin

#: The key of the advisory lock every writer takes (any constant: "ECT" + 1).
WRITERS_LOCK = 0x454354_01
#: How long a writer waits for the one before it (as SQLite's busy timeout).
LOCK_TIMEOUT = "60s"
#: sqlite-utils' name for its migrations table, kept on the server so both engines
#: read the schema version the same way.
MIGRATIONS_TABLE = "_sqlite_migrations"


def connect(target: str, timeout: int = 10) -> PgConnection:
    """Connect to the server named by a ``postgresql://`` URL or libpq string (waiting
    up to ``timeout`` seconds for it to answer)."""
    try:
        import psycopg
    except ImportError:
        raise DatabaseUnusable(
            "PostgreSQL support is not installed; run: pip install 'ectrack[postgres]'"
        ) from None
    try:
        raw = psycopg.connect(target, autocommit=True, connect_timeout=timeout)
    except psycopg.Error as e:
        raise DatabaseUnusable(
            f"cannot connect to the PostgreSQL server {shown_target(target)}: "
            f"{_first_line(e)}; check the address, your login and that the server is running"
        ) from None
    raw.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'; SET client_min_messages = warning")
    return PgConnection(raw)


def shown_target(target: str) -> str:
    """The server address without any password in it (for messages and ``init``)."""
    return re.sub(
        r"(://[^:/@]*):[^@/]*@", r"\1:***@", re.sub(r"password=\S+", "password=***", target)
    )


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``?`` → ``%s`` and ``%`` → ``%%`` outside quoted text; ``instr`` is defined
    on the server (``SERVER_FUNCTIONS``)."""
    parts = re.split(r"('(?:[^']|'')*')", sql)
    for i in range(0, len(parts), 2):  # the even parts are outside quotes
        parts[i] = parts[i].replace("%", "%%").replace("?", "%s")
    return "".join(parts)


_PLAIN_INSERT = re.compile(r"^\s*INSERT INTO (\w+) \(([\w, ]+)\)\s+VALUES \((?:\?, )*\?\)\s*$")


def _value(value):
    """A Python value as the store stores it: dates as ISO text, yes/no as 0/1."""
    if value is True or value is False:
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _values(params: Sequence | None) -> list:
    return [_value(v) for v in params] if params else []


class PgConnection:
    """A psycopg connection behind the methods of ``sqlite3.Connection`` the store uses.

    Autocommit, as ectrack's SQLite connections are: callers group writes with
    ``store.db.transaction`` (``BEGIN``/``COMMIT`` sent as statements).
    """

    engine = "postgresql"

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params: Sequence | None = None):
        with _refusals(self):
            return self.raw.execute(translate(sql), _values(params))

    def executemany(self, sql: str, rows: Iterable[Sequence]):
        """Many rows; a plain ``INSERT INTO t (…) VALUES (?, …)`` goes by ``COPY``, the
        server's bulk load (constraints and triggers apply as to an INSERT)."""
        with _refusals(self):
            cursor = self.raw.cursor()
            plain = _PLAIN_INSERT.match(sql)
            if plain:
                with cursor.copy(f"COPY {plain[1]} ({plain[2]}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(_values(row))
            else:
                cursor.executemany(translate(sql), [_values(r) for r in rows])
            return cursor

    def executescript(self, script: str) -> None:
        """Several statements with no values (migrations' DDL)."""
        with _refusals(self):
            self.raw.execute(script)

    def begin_write(self) -> None:
        self.execute("BEGIN")
        self.execute("SELECT pg_advisory_xact_lock(?)", [WRITERS_LOCK])

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        status = self.raw.info.transaction_status
        return status in (TransactionStatus.INTRANS, TransactionStatus.INERROR)

    @property
    def login(self) -> str:
        """The server login this connection signed in as (``session_user``): the audit
        log's actor."""
        return self.raw.info.user

    def close(self) -> None:
        self.raw.close()


@contextlib.contextmanager
def _refusals(conn: PgConnection) -> Iterator[None]:
    """The server's refusals as ectrack's errors: a reader writing, a lost connection,
    a constraint (as SQLite's ``DatabaseError`` is shown)."""
    import psycopg
    from psycopg import errors

    from ectrack.errors import DatabaseRefused

    try:
        yield
    except errors.InsufficientPrivilege as error:
        login = conn.login
        raise ReadOnlyLogin(
            f"your login {login} may read this AB's records but not change them "
            f"(the server refused: {_first_line(error)}); nothing was written. "
            f"Ask the AB's manager: ectrack team add {login} --role officer"
        ) from None
    except errors.LockNotAvailable:
        raise DatabaseUnusable(
            "another officer's change held the database for over a minute; nothing "
            "was written: run the command again"
        ) from None
    except (psycopg.OperationalError, psycopg.InterfaceError) as error:
        raise DatabaseUnusable(
            f"lost the connection to the PostgreSQL server ({_first_line(error)}); "
            "nothing of this command was written: run it again when the server is back"
        ) from None
    except psycopg.Error as error:
        raise DatabaseRefused(_first_line(error)) from None


# --- the schema on the server ---------------------------------------------------

#: What SQLite has built in, defined on the server (each statement run alone).
SERVER_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION ectrack_is_date(value text) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            RETURN value IS NULL OR (value ~ '^\\d{4}-\\d{2}-\\d{2}$'
                AND to_char(value::date, 'YYYY-MM-DD') = value);
        EXCEPTION WHEN others THEN
            RETURN false;
        END $$""",
    """CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT strpos(haystack, needle)'""",
)

#: SQLite-only phrases of the migrations' DDL, and what the server says instead.
_DDL = (
    (
        re.compile(r"\bINTEGER PRIMARY KEY\b"),
        "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    (re.compile(r"\b(\w+) = date\(\1, '\+0 days'\)"), r"ectrack_is_date(\1)"),
    (re.compile(r"NOT GLOB '\*\[\^0-9\]\*'"), "!~ '[^0-9]'"),
    (re.compile(r"GLOB '\[0-9\]\[0-9\]\[0-9\]\[0-9\]-\*'"), "~ '^[0-9]{4}-'"),
    (re.compile(r"\bifnull\("), "coalesce("),
)


def pg_ddl(script: str) -> str:
    """A migration's SQLite DDL as PostgreSQL takes it."""
    for pattern, replacement in _DDL:
        script = pattern.sub(replacement, script)
    if "GLOB" in script or re.search(r"\bdate\(", script):
        raise AssertionError(
            f"a migration uses SQLite-only DDL that pg_ddl does not know: {script}"
        )
    return script


class MigrationDb:
    """What a migration function is given on the server (sqlite-utils' ``Database``
    gives it the same three things on SQLite)."""

    def __init__(self, conn: PgConnection):
        self.conn = conn

    def executescript(self, script: str) -> None:
        self.conn.executescript(pg_ddl(script))

    def execute(self, sql: str, params: Sequence | None = None):
        return self.conn.execute(pg_ddl(sql), params)


def table_names(conn: PgConnection) -> set[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    return {name for (name,) in rows}


def applied(conn: PgConnection, migration_set: str) -> list[str]:
    if conn.execute("SELECT to_regclass(?)", [MIGRATIONS_TABLE]).fetchone()[0] is None:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",
        [migration_set],
    )
    return [name for (name,) in rows]


def apply_migrations(conn: PgConnection, migration_set: str, pending) -> None:
    """Run ``pending`` migration functions in one transaction, recording each."""
    conn.executescript(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
        " id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
        " migration_set TEXT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    for statement in SERVER_FUNCTIONS:
        conn.executescript(statement)
    db = MigrationDb(conn)
    for fn in pending:
        fn(db)
        conn.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [migration_set, fn.__name__, dt.datetime.now(dt.UTC).isoformat()],
        )
    follow_ids(conn)  # tables rebuilt with their ids kept
    secure(conn)


def identity_tables(conn: PgConnection) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND column_name = 'id' AND is_identity = 'YES' ORDER BY table_name"
    )
    return [name for (name,) in rows if name != MIGRATIONS_TABLE]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def team_roles(conn: PgConnection) -> tuple[str, str]:
    """This database's officers' and readers' roles (roles are the server's, shared by
    every database on it, so each AB's are named after its database)."""
    (database,) = conn.execute("SELECT current_database()").fetchone()
    return f"{database}_officer", f"{database}_reader"


def secure(conn: PgConnection) -> None:
    """Create the team roles if missing and grant them what they may do; make the audit
    log append-only for everyone but the schema owner (run by the owner, after every
    migration and ``team add``)."""
    roles = team_roles(conn)
    existing = {name for (name,) in conn.execute("SELECT rolname FROM pg_roles")}
    for role in roles:
        if role not in existing:
            conn.executescript(f"CREATE ROLE {_quoted(role)} NOLOGIN")
    officer, reader = (_quoted(r) for r in roles)
    schema = _quoted(current_schema(conn))
    tables = sorted(table_names(conn))
    everything = ", ".join(_quoted(t) for t in tables)
    records = ", ".join(_quoted(t) for t in tables if t not in ("audit_events", MIGRATIONS_TABLE))
    conn.executescript(
        f"""
        GRANT USAGE ON SCHEMA {schema} TO {officer}, {reader};
        REVOKE ALL ON {everything} FROM {officer}, {reader};
        GRANT SELECT ON {everything} TO {officer}, {reader};
        GRANT INSERT, UPDATE, DELETE ON {records} TO {officer};
        GRANT INSERT ON audit_events TO {officer};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {officer};
        {AUDIT_GUARDS}
        REVOKE ALL ON FUNCTION ectrack_empty_audit(text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ectrack_empty_audit(text) TO {officer};
        """
    )


#: The audit log on the server: an event names the login that wrote it (the owner
#: alone may write others', copying an AB's history), and only through
#: ``ectrack_empty_audit`` (the erasure path, which ``ect erase`` records in the
#: log) can anyone but the owner change an event.
AUDIT_GUARDS = """
CREATE OR REPLACE FUNCTION ectrack_audit_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.actor IS DISTINCT FROM session_user AND session_user <> (
        SELECT tableowner FROM pg_tables
        WHERE schemaname = current_schema() AND tablename = 'audit_events'
    ) THEN
        RAISE EXCEPTION 'an audit event must name the login that records it (%), not %',
            session_user, NEW.actor USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS audit_events_actor ON audit_events;
CREATE TRIGGER audit_events_actor BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION ectrack_audit_actor();
CREATE OR REPLACE FUNCTION ectrack_empty_audit(erased_trn text) RETURNS SETOF integer
    LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    UPDATE audit_events SET erased = 1, trn = NULL, before = NULL, after = NULL,
        entity_id = CASE WHEN entity = 'ect' THEN 'erased' ELSE entity_id END
    WHERE trn = erased_trn OR (entity = 'ect' AND entity_id = erased_trn)
    RETURNING id
$$;
"""


def current_schema(conn: PgConnection) -> str:
    return conn.execute("SELECT current_schema()").fetchone()[0]


def team(conn: PgConnection) -> list[dict]:
    """The logins that are members of this database's team roles."""
    officer, reader = team_roles(conn)
    rows = conn.execute(
        "SELECT m.rolname, r.rolname FROM pg_auth_members a "
        "JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
        "WHERE r.rolname IN (?, ?) ORDER BY m.rolname",
        [officer, reader],
    )
    roles = {officer: "officer", reader: "reader"}
    return [{"login": login, "role": roles[role]} for login, role in rows]


def add_to_team(conn: PgConnection, login: str, role: str) -> bool:
    """Give ``login`` the role (creating the login, without a password, if it is new:
    the server's administrator sets how it signs in). True if the login was created."""
    officer, reader = team_roles(conn)
    granted, other = (officer, reader) if role == "officer" else (reader, officer)
    created = not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", [login]).fetchone()
    if created:
        conn.executescript(f"CREATE ROLE {_quoted(login)} LOGIN")
    who = _quoted(login)
    conn.executescript(f"REVOKE {_quoted(other)} FROM {who}; GRANT {_quoted(granted)} TO {who}")
    return created


def remove_from_team(conn: PgConnection, login: str) -> None:
    """Take both team roles from ``login`` (the login itself and its audit record stay)."""
    officer, reader = (_quoted(r) for r in team_roles(conn))
    conn.executescript(f"REVOKE {officer}, {reader} FROM {_quoted(login)}")


def follow_ids(conn: PgConnection, tables: Iterable[str] | None = None) -> None:
    """After rows were inserted with their ids given: new ids continue after them (in
    ``tables``, or every table with an id)."""
    for table in identity_tables(conn) if tables is None else tables:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )
