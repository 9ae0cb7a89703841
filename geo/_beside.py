"""Pure work done in a forked copy of this process while this one goes on (a text far larger than
an article is read on two cores).

The copy shares everything this process holds at the fork (no argument is pickled to it) and sends
back only its answer, pickled through an unnamed temporary file. Where a fork is not possible or not
safe (no ``os.fork``; other threads running, whose locks the copy would inherit held) or the copy
fails, the work is done in this process when its answer is asked for: the answer is the same.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable
from types import TracebackType
from typing import IO, Generic, TypeVar

_T = TypeVar("_T")


class Beside(Generic[_T]):
    """``work`` (no output) started in a forked copy; ``result()`` waits for its answer, or, when
    there is no copy or it failed, calls ``here`` (by default ``work``) in this process instead. Use
    as a context manager: a copy whose answer is never asked for (this process raised meanwhile) is
    stopped and reaped on leaving."""

    def __init__(self, work: Callable[[], _T], here: Callable[[], _T] | None = None) -> None:
        self._work = work if here is None else here
        self._pid = 0
        self._file: IO[bytes] | None = None
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        try:
            file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _answer or __exit__)
        except OSError:
            return  # nowhere to put the answer: the work is done here
        try:
            pid = os.fork()
        except OSError:
            file.close()
            return
        if pid == 0:  # the copy: its answer into the file, then out without running this process's exit code
            code = 1
            try:
                pickle.dump(work(), file, protocol=pickle.HIGHEST_PROTOCOL)
                file.flush()
                code = 0
            finally:
                os._exit(code)
        self._pid, self._file = pid, file

    def result(self) -> _T:
        """The copy's answer, or, when there is no copy or it failed, that of ``here``."""
        answer = self._answer()
        return self._work() if answer is None else answer[0]

    def _answer(self) -> tuple[_T] | None:
        if not self._pid or self._file is None:
            return None
        pid, file = self._pid, self._file
        self._pid, self._file = 0, None
        with file:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            file.seek(0)
            return (pickle.load(file),)

    def __enter__(self) -> Beside[_T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pid:  # never asked for: not waited for either
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        if self._file is not None:
            self._file.close()
            self._file = None
