"""The Windows-only branches, run on Linux against stand-ins for what Windows has."""

from __future__ import annotations

import ctypes
import os
import sys

import pytest

from ectrack.spreadsheets import read, safe_write

JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x100
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
#: sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) in Windows's own headers
EXTENDED_LIMIT_SIZE = {8: 144, 4: 112}[ctypes.sizeof(ctypes.c_void_p)]


class FakeKernel32:
    """Records the calls the probe makes; each function is typed before it is called."""

    JOB, CURRENT_PROCESS = 0x1234, 0xFFFFFFFFFFFFFFFF  # GetCurrentProcess(): (HANDLE) -1

    def __init__(self, name, use_last_error=False):
        assert (name, use_last_error) == ("kernel32", True)
        self.calls = []
        FakeKernel32.made = self
        for function in (
            "CreateJobObjectW",
            "SetInformationJobObject",
            "AssignProcessToJobObject",
            "GetCurrentProcess",
        ):
            setattr(self, function, self._function(function))

    def _function(self, name):
        kernel32 = self

        class Function:
            argtypes = restype = None

            def __call__(self, *args):
                assert self.restype or self.argtypes, f"{name} called untyped"
                kernel32.calls.append((name, args))
                if name == "SetInformationJobObject":
                    kernel32.limits = args[2]._obj  # what ctypes.byref points to
                return {"CreateJobObjectW": kernel32.JOB,
                        "GetCurrentProcess": kernel32.CURRENT_PROCESS}.get(name, 1)  # fmt: skip

        return Function()


def test_the_probe_caps_its_memory_with_a_job_object_on_windows(monkeypatch):
    monkeypatch.setitem(sys.modules, "resource", None)  # as on Windows
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", FakeKernel32, raising=False)
    exec(compile(read._CAP, "<probe cap>", "exec"), {})
    kernel32 = FakeKernel32.made
    assert [name for name, _ in kernel32.calls] == [
        "CreateJobObjectW",
        "SetInformationJobObject",
        "GetCurrentProcess",
        "AssignProcessToJobObject",
    ]
    _, (job, kind, _, size) = kernel32.calls[1]
    assert (job, kind, size) == (FakeKernel32.JOB, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                 EXTENDED_LIMIT_SIZE)  # fmt: skip
    assert ctypes.sizeof(kernel32.limits) == EXTENDED_LIMIT_SIZE
    assert kernel32.limits.basic.flags == JOB_OBJECT_LIMIT_PROCESS_MEMORY
    assert kernel32.limits.process_memory == read.PROBE_MEMORY
    assert kernel32.calls[3][1] == (FakeKernel32.JOB, FakeKernel32.CURRENT_PROCESS)


def test_without_resource_or_windows_the_probe_only_has_its_time_cap(monkeypatch):
    monkeypatch.setitem(sys.modules, "resource", None)
    monkeypatch.setattr(ctypes, "WinDLL", None, raising=False)  # never reached
    exec(compile(read._CAP, "<probe cap>", "exec"), {})


def test_the_probe_caps_its_memory_with_the_shells_ulimit_on_posix():
    import subprocess

    resource = pytest.importorskip("resource")  # POSIX only

    program = "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    command = read._capped([sys.executable, "-c", program])  # as the probe is run
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    expected = read.PROBE_MEMORY if hard == resource.RLIM_INFINITY else min(read.PROBE_MEMORY, hard)
    assert int(done.stdout) == expected


def test_private_files_are_opened_binary_on_windows(tmp_path, monkeypatch):
    """Without O_BINARY, Windows writes every LF byte of an .xlsx or a CSV as CR LF."""
    O_BINARY = 0x8000  # its value on Windows
    opened = []
    real_open = os.open

    def recording_open(path, flags, mode=0o777):
        opened.append(flags)
        return real_open(path, flags & ~O_BINARY, mode)

    monkeypatch.setattr(os, "O_BINARY", O_BINARY, raising=False)
    monkeypatch.setattr(os, "open", recording_open)
    with safe_write.open_private(tmp_path / "claims.csv") as f:
        f.write(b"TRN\n1234567\n")
    assert opened and all(flags & O_BINARY for flags in opened)
    assert (tmp_path / "claims.csv").read_bytes() == b"TRN\n1234567\n"


def test_doctor_skips_mode_bits_on_windows(tmp_path, monkeypatch):
    from ectrack.operations.doctor import _private

    shared = tmp_path / "ectrack.db"
    shared.write_bytes(b"")
    shared.chmod(0o666)
    assert _private(shared) is not None  # here, on POSIX, it is a finding
    monkeypatch.setattr(os, "name", "nt")
    assert _private(shared) is None
