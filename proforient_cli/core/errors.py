"""The one kind of exception a user may see: the run cannot start.

A problem in the data is never an exception (it is a :class:`~proforient_cli.intake.problems.Problem`
and the run goes on); an exception of this kind means there is nothing to compute from — no
such input, an invalid methodology, unreadable earlier results. Its message is Russian and says
what to do; the command line prints it once, as «Ошибка: …», and exits with code 2.
"""

from __future__ import annotations


class CannotStart(Exception):
    """The run cannot start; ``str(error)`` is the Russian message for the user."""
