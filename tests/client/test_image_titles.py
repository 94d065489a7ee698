"""Titles from metadata of every shape, and the metadata cache (offline)."""

import asyncio

from invokeai_tui.client.errors import NotFoundError, ServerUnreachableError
from invokeai_tui.client.image_titles import full_created, image_title, model_of, prompt_of, seed_of
from invokeai_tui.client.metadata_cache import MISSING, MetadataCache
from invokeai_tui.client.records import ImageRecord

RECORD = ImageRecord(image_name="abc.png", created_at="2026-12-01 18:23:45.123")


def test_title_is_the_first_prompt_line_else_the_file_name():
    assert image_title(RECORD, {"positive_prompt": "\n  a red   fox\nin snow"}) == "a red fox"
    assert image_title(RECORD, None) == "abc.png"
    assert image_title(RECORD, {"positive_prompt": "  "}) == "abc.png"
    assert image_title(RECORD, {"seed": 3}) == "abc.png"


def test_older_metadata_shapes():
    assert prompt_of({"prompt": "plain prompt"}) == "plain prompt"
    assert prompt_of({"image": {"prompt": [{"prompt": "a cat", "weight": 1.0}]}}) == "a cat"
    assert prompt_of({"prompt": [{"prompt": "two"}, {"prompt": "parts"}]}) == "two parts"
    assert model_of({"model": {"name": "tiny-sd1", "base": "sd-1"}}) == "tiny-sd1"
    assert model_of({"model": "stable-diffusion-1.5"}) == "stable-diffusion-1.5"
    assert seed_of({"seed": 42}) == "42" and seed_of({"image": {"seed": 7}}) == "7" and seed_of(None) == ""


def test_full_date_and_time():
    assert full_created(RECORD) == "2026-12-01 18:23:45"
    assert full_created(ImageRecord(image_name="x", created_at="2026-12-01T18:23:45Z")) == "2026-12-01 18:23:45"


def test_metadata_cache_fetches_each_image_once_and_stays_bounded():
    calls = []

    async def fetch(name):
        calls.append(name)
        await asyncio.sleep(0)
        if name == "broken":
            raise NotFoundError("gone", status=404)
        if name == "down":
            raise ServerUnreachableError("down")
        return None if name == "upload" else {"positive_prompt": name}

    async def scenario():
        cache = MetadataCache(fetch, max_entries=3)
        assert cache.get("a") is MISSING
        together = await asyncio.gather(cache.fetch_many(["a", "a", "upload"]), cache.load("a"))
        assert together[1] == {"positive_prompt": "a"}
        assert await cache.fetch_many(["a", "upload"]) == []
        assert cache.get("upload") is None
        assert await cache.load("broken") is None
        assert await cache.fetch_many(["down"]) == ["down"] and cache.get("down") is MISSING  # asked again later
        await cache.fetch_many(["d"])
        assert cache.get("a") is MISSING  # the oldest went
        return calls

    assert asyncio.run(scenario()) == ["a", "upload", "broken", "down", "d"]
