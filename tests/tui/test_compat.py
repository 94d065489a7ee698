"""The Textual workarounds in invokeai_tui/tui/compat.py hold for the pinned versions only: this fails
as soon as another Textual or textual-image is installed (or a private name they use is gone), so a
version bump re-checks each workaround before anything else."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from invokeai_tui.tui import compat

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_installed_versions_are_the_pinned_ones():
    assert version("textual") == compat.TEXTUAL_VERSION, "re-check every workaround in tui/compat.py"
    assert version("textual-image") == compat.TEXTUAL_IMAGE_VERSION, "re-check every workaround in tui/compat.py"


def test_pyproject_pins_the_same_versions():
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    assert f"textual=={compat.TEXTUAL_VERSION}" in dependencies
    assert f"textual-image=={compat.TEXTUAL_IMAGE_VERSION}" in dependencies


def _owners():
    from textual.app import App
    from textual.widget import Widget
    from textual.widgets import Footer, Input, Static
    from textual_image.widget import Image

    app = App()
    return {
        "App": app,
        "Widget": Widget(),
        "Input": Input(),
        "Static": Static(),
        "Footer": Footer(),
        "textual_image.Image": Image,
    }


@pytest.mark.parametrize("kind", sorted(compat.PRIVATE_NAMES))
def test_every_private_name_used_still_exists(kind):
    owner = _owners()[kind]
    for name in compat.PRIVATE_NAMES[kind]:
        assert hasattr(owner, name), f"{kind}.{name} is gone: the workaround in tui/compat.py needs a new way"


async def test_textual_alone_still_sends_keys_behind_a_tab_to_the_old_focus():
    """Why compat.OrderedInput exists: Textual routes each key when the App takes it from its queue,
    and Tab moves the focus only once it has bubbled back up. When this fails, Textual orders keys
    itself: OrderedInput may go."""
    from textual.app import App
    from textual.widgets import Input

    from tests.support.app_driving import type_ahead

    class TwoFields(App):
        def compose(self):
            yield Input(id="first")
            yield Input(id="second")

    app = TwoFields()
    async with app.run_test() as pilot:
        await pilot.pause()
        type_ahead(app, "ab\tcd")
        await pilot.pause()
        await pilot.pause()
        assert (app.query_one("#first", Input).value, app.query_one("#second", Input).value) == ("abcd", "")
