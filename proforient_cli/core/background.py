"""One piece of work done in a second process while this one goes on: report.docx (its chart
pictures and the Word layout) is written while report.md, report.xlsx and the tables are.

Only where a process can be forked (Linux): the child inherits everything already in memory, so
nothing is pickled on the way in. Elsewhere (Windows, macOS) the work runs in this process when
its result is asked for: the same files, one after another.
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import Any, Callable


class Background:
    """``function(*arguments)``, started now; :meth:`result` waits for it and raises what it raised."""

    def __init__(self, function: Callable[..., Any], *arguments: Any):
        self._call = (function, arguments)
        self._process = None
        if sys.platform.startswith("linux"):
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(send, function, arguments), daemon=True)
            self._process.start()
            send.close()

    def result(self) -> Any:
        if self._process is None:
            function, arguments = self._call
            return function(*arguments)
        try:
            outcome, value = self._receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            outcome, value = "error", RuntimeError("фоновый процесс записи завершился аварийно")
        finally:
            self._process.join()
            self._receive.close()
        if outcome == "error":
            raise value
        return value


def _run(send, function, arguments) -> None:
    try:
        send.send(("done", function(*arguments)))
    except BaseException as error:  # handed to the parent, which raises it
        try:
            send.send(("error", error))
        except Exception:  # an exception that cannot be pickled: its text
            send.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        send.close()
