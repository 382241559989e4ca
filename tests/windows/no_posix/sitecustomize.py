"""Python as ectrack finds it on Windows, on a POSIX machine.

Put this folder first on PYTHONPATH and every interpreter started with it (pytest,
and the ``ectrack`` processes tests start) runs this at start-up, as ``site`` does
with any ``sitecustomize``:

- the POSIX-only modules cannot be imported (``import resource`` raises
  ModuleNotFoundError, as on Windows);
- ``subprocess.Popen`` refuses ``preexec_fn`` with the error Windows gives;
- ``os.geteuid`` and ``os.fork`` are gone. ``os.getuid`` stays: pytest needs it on
  POSIX, through platformdirs (its pytest plugin imports ``platformdirs.unix``, which
  imports ``os.geteuid``, or ``os.getuid`` when that is missing, at import) and to
  check its default temporary folder. ectrack reaches platformdirs too, which on
  Windows uses its own Windows module instead.

``os.name`` stays "posix": only what is missing on Windows is taken away.
"""

import os
import subprocess
import sys

POSIX_ONLY_MODULES = ("resource", "fcntl", "termios", "tty", "pty", "pwd", "grp")
POSIX_ONLY_FUNCTIONS = ("geteuid", "fork")  # os.getuid stays: pytest needs it (above)

for _name in POSIX_ONLY_MODULES:
    sys.modules[_name] = None  # import raises ModuleNotFoundError

for _name in POSIX_ONLY_FUNCTIONS:
    if hasattr(os, _name):
        delattr(os, _name)

_popen_init = subprocess.Popen.__init__


def _popen_without_preexec_fn(self, *args, **kwargs):
    # preexec_fn is Popen's 7th parameter: args, bufsize, executable, stdin, stdout, stderr
    if kwargs.get("preexec_fn") is not None or (len(args) > 6 and args[6] is not None):
        raise ValueError("preexec_fn is not supported on Windows platforms")
    _popen_init(self, *args, **kwargs)


subprocess.Popen.__init__ = _popen_without_preexec_fn
