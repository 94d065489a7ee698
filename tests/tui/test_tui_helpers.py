"""Textual-free helpers of the app: page cache, path completion, row formatting, free names."""

from invokeai_tui.client.records import DnnModel, ImageRecord
from invokeai_tui.tui.screens.models import filter_models, human_size
from invokeai_tui.tui.widgets.image_table import format_row
from invokeai_tui.tui.widgets.metadata_panel import metadata_lines
from invokeai_tui.tui.widgets.page_cache import PageCache
from invokeai_tui.tui.widgets.path_suggester import complete_path


def test_page_cache_fetches_only_what_is_missing_and_stays_bounded():
    cache = PageCache(page_size=10, max_pages=3)
    cache.reset(total=1000)
    assert cache.needs(995) == 99
    cache.mark_pending(99)
    assert cache.needs(990) is None  # pending
    assert cache.store(99, list(range(990, 1000)), 1000, cache.generation)
    assert cache.get(995) == 995
    for page in range(5):
        cache.store(page, list(range(page * 10, page * 10 + 10)), 1000, cache.generation)
    assert len(cache.cached_pages) == 3
    assert cache.get(995) is None  # evicted, least recently used


def test_page_cache_drops_pages_of_an_older_generation():
    cache = PageCache(page_size=10)
    old = cache.generation
    cache.mark_pending(0)
    cache.reset(total=5)
    assert not cache.store(0, [1, 2], 2, old)
    assert cache.get(0) is None
    assert cache.needs(0) == 0


def test_complete_path(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "photo.png").write_bytes(b"x")
    (tmp_path / ".hidden").write_bytes(b"x")
    assert complete_path(str(tmp_path / "pic")) == str(tmp_path / "pictures") + "/"
    assert complete_path(str(tmp_path / "ph")) == str(tmp_path / "photo.png")
    assert complete_path(str(tmp_path / "zzz")) is None
    assert complete_path(str(tmp_path / "nope" / "x")) is None


def test_row_formatting_fits_the_width():
    record = ImageRecord(image_name="x" * 60 + ".png", width=512, height=768, starred=True,
                         created_at="2026-11-26 19:24:39.365", image_category="general")
    row = format_row(record, True, 80)
    assert len(row) == 80
    assert row.startswith("✓★")
    # no metadata yet: the file name, cut with an ellipsis; the full date and time
    assert "512×768" in row and "2026-11-26 19:24:39" in row and "…" in row
    titled = format_row(record, False, 120, {"positive_prompt": "a fox\nline two", "seed": 123,
                                              "model": {"name": "tiny-sd1"}})
    assert titled.startswith(" ★ a fox ") and "line two" not in titled and "tiny-sd1" in titled and " 123 " in titled
    narrow = format_row(record, False, 40)
    assert len(narrow) == 40 and "11-26 19:24" in narrow and "512×768" not in narrow
    assert len(format_row(None, False, 30)) == 30


def test_models_filter_keeps_unknown_bases():
    models = [
        DnnModel(key="1", name="tiny-sd1", base="sd-1", type="main"),
        DnnModel(key="2", name="tiny-sdxl", base="sdxl", type="main"),
        DnnModel(key="3", name="odd", base="brand-new-base", type="mystery"),
        DnnModel(key="4", name="emb", base="sd-1", type="embedding", description="a tiny TEXTUAL inversion"),
    ]
    assert [m.key for m in filter_models(models, "sd-1", None, "")] == ["4", "1"]
    assert [m.key for m in filter_models(models, None, "main", "")] == ["1", "2"]
    assert [m.key for m in filter_models(models, "brand-new-base", None, "")] == ["3"]
    assert [m.key for m in filter_models(models, None, None, "textual")] == ["4"]
    assert human_size(27 * 1024 * 1024) == "27.0 MB"


def test_metadata_lines_show_prompt_model_seed():
    record = ImageRecord(image_name="a.png", width=8, height=8)
    lines = "\n".join(metadata_lines(record, {"positive_prompt": "a red fox", "model": {"name": "tiny", "base": "sd-1"}, "seed": 7}))
    assert "a red fox" in lines and "tiny (sd-1)" in lines and "Seed      7" in lines
    assert "no generation metadata" in "\n".join(metadata_lines(record, None))
