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
