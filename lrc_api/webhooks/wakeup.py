"""Wake-ups for the dispatchers of this process.

A commit that wrote change-feed entries wakes every live dispatcher of the process at once, so a
delivery does not wait for the next poll; other processes' commits are found by polling
(``LRC_WEBHOOK_POLL_SECONDS``). A wake-up is never lost: waiters compare a generation number read
before they looked for work, not a flag that another thread may have cleared.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any, Protocol

from sqlalchemy import event as sa_event
from sqlmodel import Session

from lrc_api.core.journal import Change


class Wakeable(Protocol):
    """Anything with a ``wake()`` — a dispatcher."""

    def wake(self) -> None: ...


_LIVE: weakref.WeakSet[Any] = weakref.WeakSet()
_LISTENING = False
_LISTEN_LOCK = threading.Lock()


def _mark_changes(session: Session, _flush_context: Any) -> None:
    # In after_flush, ``session.new`` still lists what was just inserted.
    if any(isinstance(obj, Change) for obj in session.new):
        session.info["lrc_webhooks_wake"] = True


def _wake_after_commit(session: Session) -> None:
    if session.info.pop("lrc_webhooks_wake", False):
        for dispatcher in list(_LIVE):
            dispatcher.wake()


def _listen_for_commits() -> None:
    global _LISTENING
    with _LISTEN_LOCK:
        if not _LISTENING:
            sa_event.listen(Session, "after_flush", _mark_changes)
            sa_event.listen(Session, "after_commit", _wake_after_commit)
            _LISTENING = True


def register(dispatcher: Wakeable) -> None:
    """Wake ``dispatcher`` whenever a commit in this process writes change-feed entries."""
    _listen_for_commits()
    _LIVE.add(dispatcher)


def unregister(dispatcher: Wakeable) -> None:
    """Stop waking ``dispatcher`` (it is stopping)."""
    _LIVE.discard(dispatcher)


class Signal:
    """A wake-up call that is not lost: waiters compare a generation number, not a flag."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.generation = 0

    def notify(self) -> None:
        """Wake every waiter and move the generation on."""
        with self._cond:
            self.generation += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> None:
        """Return when notified after generation ``seen`` was read, or after ``timeout`` s."""
        with self._cond:
            if self.generation == seen:
                self._cond.wait(timeout)
