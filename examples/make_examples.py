"""Regenerate examples/school-files/ from the demo AB as of 2026-11-22.

    python examples/make_examples.py

The files are what `ectrack demo` writes and imports: a GIAS extract, a
registration return, a termly return and an absence return.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TODAY = "2026-11-22"
HERE = Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ectrack-demo.db"
        subprocess.run(
            [sys.executable, "-m", "ectrack", "--today", TODAY, "--db", str(db), "demo"],
            check=True,
            capture_output=True,
        )
        target = HERE / "school-files"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(Path(tmp) / "ectrack-demo-files", target)
        for path in sorted(target.iterdir()):
            print(path.relative_to(HERE.parent))


if __name__ == "__main__":
    main()
