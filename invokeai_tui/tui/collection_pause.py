"""Holding Python's cyclic garbage collector while a view draws what a key just asked for.

Drawing a page of the grid allocates tens of thousands of objects that live on (Textual's strips and
their caches, Rich segments and styles): about every second page that set off a full collection of
the app's heap in the middle of the page, 100-350 ms on a loaded 2-core machine, longer than the
whole page took otherwise. Held from the key to the frame that shows the page, the collection runs
right after it, while the page is looked at. Textual does the same for smooth scrolling
(``App.PAUSE_GC_ON_SCROLL``). Reference counting goes on meanwhile: only cycles wait, and never
longer than ``HOLD_MAX``. The price, measured with the benchmark's grid: ~20 MB more resident
memory (flat: 142 MB after paging 1,000 images instead of 119), for page downs of ~160-230 ms
instead of ~300 ms (with outliers of 700) on a loaded machine.
"""

from __future__ import annotations

import asyncio
import gc

HOLD_LIMIT = 0.25  # seconds after the last hold(): past this the collector runs again whatever is still
# drawn (a prefetched page is drawn well within it)
HOLD_MAX = 0.6  # seconds after the first: a new board's first page holds it again when its records come
# (the list request, then its thumbnails), never longer than this

_held = False
_held_since = 0.0
_deadline: asyncio.TimerHandle | None = None


def hold() -> None:
    """Hold the collector until ``release()`` (or ``HOLD_LIMIT`` after the last call, at most
    ``HOLD_MAX`` after the first). A collector someone else turned off is left to them."""
    global _held, _held_since, _deadline
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no loop: nothing would release it later
        return
    if _held:
        if _deadline is not None:
            _deadline.cancel()
        until = min(loop.time() + HOLD_LIMIT, _held_since + HOLD_MAX)
        _deadline = loop.call_at(until, release)
        return
    if not gc.isenabled():
        return
    gc.disable()
    _held, _held_since = True, loop.time()
    _deadline = loop.call_later(HOLD_LIMIT, release)


def release() -> None:
    global _held, _deadline
    if _deadline is not None:
        _deadline.cancel()
        _deadline = None
    if _held:
        _held = False
        gc.enable()


def held() -> bool:
    return _held
