"""Streaming a file made in a worker thread, and stopping the work when the client goes away.

A large ledger takes seconds to write. The file is produced by a plain generator in Starlette's
thread pool, chunk by chunk, and sent as it comes. Meanwhile a watcher reads the ASGI channel:
when the client disconnects it sets the producer's cancel flag, which the producer checks between
chunks (and the workbook writer every few hundred coordinators), so no CPU is spent on a file
nobody will read.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Iterator

from starlette.concurrency import iterate_in_threadpool
from starlette.types import Receive

Producer = Callable[[threading.Event], Iterator[bytes]]
"""Makes the file's chunks; stops soon after the event is set."""


async def _watch(receive: Receive, cancel: threading.Event) -> None:
    while not cancel.is_set():
        message = await receive()
        if message["type"] == "http.disconnect":
            cancel.set()


async def stream(receive: Receive, produce: Producer) -> AsyncIterator[bytes]:
    """The producer's chunks, made in the thread pool; a disconnect cancels the producer."""
    cancel = threading.Event()
    chunks = produce(cancel)
    watcher = asyncio.ensure_future(_watch(receive, cancel))
    try:
        async for chunk in iterate_in_threadpool(chunks):
            if cancel.is_set():
                break
            yield chunk
    finally:
        cancel.set()
        watcher.cancel()
        # Closing runs the producer's clean-up (temp files) if it is suspended; if it is still
        # running in its thread (ValueError), it sees the flag and cleans up itself.
        with contextlib.suppress(ValueError):
            chunks.close()
