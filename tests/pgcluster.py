"""A throwaway PostgreSQL cluster for the tests and the benchmarks.

``initdb`` refuses to run as root (as CI runs), so as root the cluster belongs to
the unprivileged ``postgres`` user (Debian's package makes it; ``nobody``
otherwise); anyone else runs it as themselves. It lives in a temporary folder,
listens only on a Unix socket there, trusts local logins, and is gone at ``stop``.
No server, no run: ``start`` raises with initdb's or the server's own words.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

#: The superuser initdb makes: the tests' administrator.
ADMIN = "postgres"


def _bin_dir() -> Path:
    if os.environ.get("ECTRACK_PG_BIN"):
        return Path(os.environ["ECTRACK_PG_BIN"])
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise RuntimeError(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them "
        "(Debian: apt-get install postgresql) or set ECTRACK_PG_BIN to their folder"
    )


def _unprivileged_user() -> str | None:
    """Who runs the server: None for the current user, or a user to switch to as root."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import pwd

    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) exists")


class Cluster:
    def __init__(self, base: Path, bin_dir: Path, user: str | None):
        self.base, self.bin_dir, self.user = base, bin_dir, user
        self.data = base / "data"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql://{quote(user, safe='')}@/{quote(database, safe='')}?host={self.base}"

    def start(self, durable: bool = False) -> Cluster:
        initdb = self._run(
            self.bin_dir / "initdb",
            "-D", self.data, "-A", "trust", "-U", ADMIN, "-E", "UTF8", "--locale=C",
            *([] if durable else ["--no-sync"]),
        )  # fmt: skip
        if initdb.returncode:
            raise RuntimeError(f"initdb failed: {initdb.stderr.strip() or initdb.stdout.strip()}")
        self.settings = f"-k {self.base} -c listen_addresses='' -c max_connections=200"
        if not durable:  # a test cluster: nothing to keep after a crash
            self.settings += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._start()
        return self

    def _start(self) -> None:
        started = self._run(
            self.bin_dir / "pg_ctl", "-D", self.data, "-o", self.settings,
            "-l", self.base / "server.log", "-w", "-t", "60", "start",
        )  # fmt: skip
        if started.returncode:
            log = (self.base / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the PostgreSQL server did not start: {started.stderr}\n{log}")

    def restart(self) -> None:
        """Stop the server at once (open connections are cut, as in a crash) and start it
        again."""
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        self._start()

    def stop(self) -> None:
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        for _ in range(50):
            if not (self.data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.base, ignore_errors=True)


def start(durable: bool = False) -> Cluster:
    """A new cluster in a new temporary folder (short: a socket path has a length limit)."""
    user = _unprivileged_user()
    base = Path(tempfile.mkdtemp(prefix="ectrack-pg-"))
    if user:
        shutil.chown(base, user)
    return Cluster(base, _bin_dir(), user).start(durable)
