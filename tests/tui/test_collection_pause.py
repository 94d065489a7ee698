"""collection_pause: the collector held from a page change to its frame, never for long."""

from __future__ import annotations

import asyncio
import gc

from invokeai_tui.tui import collection_pause


async def test_held_until_released_or_the_limit(monkeypatch):
    monkeypatch.setattr(collection_pause, "HOLD_LIMIT", 0.05)
    assert gc.isenabled()
    collection_pause.hold()
    assert collection_pause.held() and not gc.isenabled()
    collection_pause.release()
    assert not collection_pause.held() and gc.isenabled()
    collection_pause.hold()
    await asyncio.sleep(0.1)
    assert not collection_pause.held() and gc.isenabled()


async def test_held_again_while_held_but_never_past_the_maximum(monkeypatch):
    monkeypatch.setattr(collection_pause, "HOLD_LIMIT", 0.3)
    monkeypatch.setattr(collection_pause, "HOLD_MAX", 0.5)
    try:
        collection_pause.hold()
        await asyncio.sleep(0.15)
        collection_pause.hold()  # the end moves on to 0.45 s
        await asyncio.sleep(0.2)
        assert collection_pause.held()  # 0.35 s in: past the first HOLD_LIMIT
        collection_pause.hold()  # to 0.5 s (HOLD_MAX), not 0.65
        await asyncio.sleep(0.22)
        assert not collection_pause.held() and gc.isenabled()
    finally:
        collection_pause.release()


async def test_a_collector_turned_off_by_someone_else_is_left_alone():
    gc.disable()
    try:
        collection_pause.hold()
        assert not collection_pause.held()
        collection_pause.release()
        assert not gc.isenabled()
    finally:
        gc.enable()
