"""scripts/screenshots turns Rich's SVGs into PNGs without losing the spaces at the start of a run
of text (they hold the cells between a highlighted label and its neighbour)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import shutil
from pathlib import Path

import pytest
from PIL import Image

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots"


def load_script():
    loader = importlib.machinery.SourceFileLoader("screenshots_script", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def svg(text: str) -> str:
    return ('<svg class="rich-terminal" xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
            '<rect width="200" height="40" fill="white"/>'
            f'<text x="0" y="30" font-family="monospace" font-size="20" fill="black">{text}</text></svg>')


def first_ink_column(png: Path) -> int:
    image = Image.open(png).convert("L")
    width, height = image.size
    return next(x for x in range(width) if any(image.getpixel((x, y)) < 128 for y in range(height)))


def test_leading_spaces_keep_their_cells(tmp_path):
    script = load_script()
    assert 'xml:space="preserve"' in script.preserve_spaces(svg("X"))
    if not shutil.which("rsvg-convert"):
        pytest.fail("rsvg-convert is needed to check the PNGs: apt-get install librsvg2-bin")
    plain, spaced = tmp_path / "plain.svg", tmp_path / "spaced.svg"
    plain.write_text(svg("X"))
    spaced.write_text(svg("&#160;&#160;&#160;X"))
    x_plain = first_ink_column(script.to_png(plain))
    x_spaced = first_ink_column(script.to_png(spaced))
    assert x_spaced > x_plain + 20, "the leading spaces were dropped: text slid left"
