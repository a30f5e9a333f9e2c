"""Work done in a second process while this one goes on: report.docx (its chart pictures and the
Word layout) is written while report.md, report.xlsx and the tables are.

Only where a process can be forked (Linux). :class:`Background` forks when the work is known:
the child inherits everything already in memory, nothing is pickled on the way in.
:class:`Prepared` forks earlier, as soon as the files are read: the child imports what the work
will need (matplotlib and docxtpl take longer to import than the work takes) while this process
computes, then gets the work handed over (pickled) and does it. Elsewhere (Windows, macOS) the
work runs in this process when its result is asked for: the same files, one after another.
"""

from __future__ import annotations

import importlib
import multiprocessing
import sys
from typing import Any, Callable

CAN_FORK = sys.platform.startswith("linux")


class Background:
    """``function(*arguments)``, started now; :meth:`result` waits for it and raises what it raised."""

    def __init__(self, function: Callable[..., Any], *arguments: Any):
        self._call = (function, arguments)
        self._process = None
        if CAN_FORK:
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(send, function, arguments), daemon=True)
            self._process.start()
            send.close()

    def result(self) -> Any:
        if self._process is None:
            function, arguments = self._call
            return function(*arguments)
        return _outcome(self._receive, self._process)


class Prepared:
    """A second process that imports ``modules`` now and does one piece of work later (:meth:`start`).

    Not used, it ends when :meth:`close` is called or this process ends.
    """

    def __init__(self, modules: tuple[str, ...]):
        self._process = None
        self._used = False
        if CAN_FORK:
            context = multiprocessing.get_context("fork")
            work_end, self._work = context.Pipe(duplex=False)  # (receiving end, sending end)
            self._receive, result_end = context.Pipe(duplex=False)
            self._process = context.Process(target=_prepared, args=(modules, work_end, result_end), daemon=True)
            self._process.start()
            work_end.close()
            result_end.close()

    def start(self, function: Callable[..., Any], *arguments: Any) -> "Background | _Handed":
        """Hand ``function(*arguments)`` over (once); without a second process, a :class:`Background`."""
        if self._process is None or self._used or not self._process.is_alive():
            return Background(function, *arguments)
        self._used = True
        try:
            self._work.send((function, arguments))
        except Exception:  # something that cannot be pickled: done the other way
            self.close()
            return Background(function, *arguments)
        finally:
            self._work.close()
        return _Handed(self._receive, self._process)

    def close(self) -> None:
        if self._process is not None and not self._used:
            self._used = True
            self._work.close()  # the child sees the end and leaves
            self._process.join(timeout=5)
            self._receive.close()


class _Handed:
    def __init__(self, receive, process):
        self._receive, self._process = receive, process

    def result(self) -> Any:
        return _outcome(self._receive, self._process)


def _outcome(receive, process) -> Any:
    try:
        outcome, value = receive.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        outcome, value = "error", RuntimeError("фоновый процесс записи завершился аварийно")
    finally:
        process.join()
        receive.close()
    if outcome == "error":
        raise value
    return value


def _prepared(modules, work, send) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:  # the work itself will say what is missing
            pass
    try:
        function, arguments = work.recv()
    except EOFError:  # never needed
        send.close()
        return
    _run(send, function, arguments)


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
