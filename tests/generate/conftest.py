"""Fixtures of the Generate engine's server tests: a client, a Generator over it, and a quick run."""

from __future__ import annotations

import pytest

from invokeai_tui.client import AsyncInvokeAIClient
from invokeai_tui.generate.params import GenerateParams
from invokeai_tui.generate.service import Generator, PreparedGeneration

# The tiny main model of each base the server has (scripts/tiny_models.py).
TINY_MAIN = {"sd-1": "tiny-sd15", "sdxl": "tiny-sdxl", "sd-3": "tiny-sd3", "z-image": "tiny-z-image",
             "flux2": "tiny-flux2-klein", "cogview4": "tiny-cogview4"}


@pytest.fixture
async def client(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as c:
        yield c


@pytest.fixture
async def generator(client):
    return Generator(client)


async def tiny_params(generator: Generator, base: str, **values) -> GenerateParams:
    """Fast parameters for the base's tiny model: 64×64, 2 steps, a fixed seed unless told."""
    model = await generator.find_model(TINY_MAIN[base])
    assert model is not None, f"{TINY_MAIN[base]} is not installed"
    defaults = {"positive_prompt": "a red fox", "model": model, "width": 64, "height": 64, "steps": 2,
                "random_seed": False, "seed": 42}
    return GenerateParams(**{**defaults, **values})


async def generate(generator: Generator, params: GenerateParams) -> tuple[PreparedGeneration, list[str]]:
    """Prepare, submit and wait; the saved image names in queue item order."""
    prepared = await generator.prepare(params)
    run = await generator.submit(prepared)
    await run.wait_for_all(timeout=180)
    names = [name for output in run.map_outputs_to_images() for name in output.image_names]
    return prepared, names
