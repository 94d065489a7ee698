"""The HTTP stack costs what it should per request: httpcore asks which async library runs on every lock
and event it sets up, by importing ``sniffio``; without it installed each of those is a failed import
(the whole finder machinery, ~1 ms of the event loop per request). It is pinned for that reason."""

from __future__ import annotations

import asyncio
import importlib
import tomllib
from pathlib import Path
from unittest import mock

from httpcore import _synchronization

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_sniffio_is_a_pinned_dependency():
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    assert any(d.startswith("sniffio==") for d in dependencies)


def test_httpcore_asks_without_searching_for_a_module():
    async def ask() -> str:
        return _synchronization.current_async_library()

    with mock.patch.object(importlib.machinery.PathFinder, "find_spec", side_effect=AssertionError("searched")):
        assert asyncio.run(ask()) == "asyncio"
