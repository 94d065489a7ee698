"""The Generate engine end to end against the real server, through `Generator`: the image lands on
the chosen board with the web UI's metadata, iterations use the web UI's seeds, a dynamic prompt
runs once per expansion, image to image follows its strength, a LoRA and a VAE change the image.
Tiny models, 64×64, 2 steps."""

from __future__ import annotations

import pytest

from invokeai_tui.generate.params import LoraParam
from tests.generate.conftest import generate, tiny_params
from tests.support import rest

BASES = ["sd-1", "sdxl", "sd-3", "z-image", "flux2", "cogview4"]  # every base with a tiny model

# The keys the web UI's core_metadata carries for these bases (reference §4's example), besides the
# ones batch.data fills in through metadata edges.
WEB_UI_KEYS = {"cfg_scale", "cfg_rescale_multiplier", "model", "hidiffusion", "hidiffusion_raunet",
               "hidiffusion_window_attn", "hidiffusion_t1_ratio", "hidiffusion_t2_ratio", "steps",
               "rand_device", "scheduler", "seamless_x", "seamless_y", "width", "height", "generation_mode",
               "ref_images", "seed", "positive_prompt", "negative_prompt"}
MODE = {"sd-1": "", "sdxl": "sdxl_", "sd-3": "sd3_", "z-image": "z_image_", "flux2": "flux2_", "cogview4": "cogview4_"}


def core_metadata(prepared) -> dict:
    """The values the built graph writes inline into its core_metadata node."""
    node = prepared.body["batch"]["graph"]["nodes"][prepared.built.graph.metadata_id]
    return {k: v for k, v in node.items() if k not in ("id", "type", "is_intermediate", "use_cache")}


@pytest.mark.parametrize("base", BASES)
async def test_text_to_image_on_the_board_with_the_web_uis_metadata(generator, client, board, base):
    params = await tiny_params(generator, base, negative_prompt="blurry", board_id=board, seed=1234)
    prepared, names = await generate(generator, params)
    assert len(names) == 1
    assert rest.board_image_names(client.root_url, board) == names
    metadata = await client.image_repo.get_metadata(names[0])
    written = core_metadata(prepared)
    keys = set(written) | {"seed", "positive_prompt"}
    if base in ("sd-1", "sdxl"):
        keys |= WEB_UI_KEYS | ({"clip_skip"} if base == "sd-1" else set())
    assert keys <= set(metadata), keys - set(metadata)
    for key, value in written.items():
        assert metadata[key] == value, key
    assert metadata["seed"] == 1234 and metadata["positive_prompt"] == "a red fox"
    if "negative_prompt" in metadata:  # flux2 has no negative prompt
        assert metadata["negative_prompt"] == "blurry"
    assert metadata["generation_mode"] == f"{MODE[base]}txt2img"
    assert metadata["model"]["key"] == params.model.key and (metadata["width"], metadata["height"]) == (64, 64)
    record = await client.image_repo.get_image(names[0])
    assert record.board_id == board
    if base in ("sd-1", "sdxl"):
        assert metadata["rand_device"] == "cpu"
        # The tiny SD models' own VAE upscales 2x, not 8x: 64×64 is saved as 16×16 (scripts/tiny_models.py).
        assert (record.width, record.height) == (16, 16)


@pytest.mark.parametrize("base", BASES)
async def test_three_iterations_use_the_web_uis_seeds(generator, client, base):
    params = await tiny_params(generator, base, iterations=3, random_seed=True)
    prepared, names = await generate(generator, params)
    start = prepared.start_seed
    assert prepared.session_count == 3 and prepared.seeds == [start, start + 1, start + 2]
    assert len(names) == 3
    seeds = [(await client.image_repo.get_metadata(name))["seed"] for name in names]
    assert sorted(seeds) == [start, start + 1, start + 2]


@pytest.mark.parametrize("base", BASES)
async def test_a_dynamic_prompt_gives_an_image_per_expansion(generator, client, base):
    params = await tiny_params(generator, base, positive_prompt="a {red|blue} ball")
    prepared, names = await generate(generator, params)
    assert prepared.prompts == ["a red ball", "a blue ball"] and len(names) == 2
    prompts = {(await client.image_repo.get_metadata(name))["positive_prompt"] for name in names}
    assert prompts == {"a red ball", "a blue ball"}


# The testbed's 8x VAEs: the tiny SD models' own 2x VAE encodes an init image to latents four times the
# noise's size, which the server refuses ("Incompatible 'noise' and 'latents' shapes").
EIGHT_X_VAE = {"sd-1": "tiny-vae-sd1", "sdxl": "tiny-vae-sdxl"}


@pytest.mark.parametrize("base", BASES)
async def test_image_to_image_follows_its_strength(generator, client, board, base):
    extra = {"vae": await installed(generator, EIGHT_X_VAE[base], "vae")} if base in EIGHT_X_VAE else {}
    init = rest.upload_png(client.root_url, board, 64, 64, color=(200, 60, 30))["image_name"]
    images = []
    for strength in (0.3, 0.9):
        params = await tiny_params(generator, base, init_image=init, strength=strength, board_id=board, **extra)
        prepared, names = await generate(generator, params)
        assert len(names) == 1
        metadata = await client.image_repo.get_metadata(names[0])
        assert metadata["generation_mode"] == f"{MODE[base]}img2img" and "width" not in metadata  # as the web UI
        images.append(await client.image_repo.get_full(names[0]))
    assert images[0] != images[1]


async def images_with_and_without(generator, client, base, **extra) -> tuple[bytes, bytes]:
    plain = await tiny_params(generator, base, seed=77)
    _, names = await generate(generator, plain)
    _, changed_names = await generate(generator, plain.model_copy(update=extra))
    return await client.image_repo.get_full(names[0]), await client.image_repo.get_full(changed_names[0])


async def installed(generator, name: str, type: str):  # noqa: A002
    """A testbed model by name; its absence is a failure (scripts/tiny_models.py installs it)."""
    model = await generator.find_model(name, type=type)
    assert model is not None, f"the testbed's {type} {name!r} is not installed"
    return model


@pytest.mark.parametrize(("base", "lora_name"), [("sd-1", "tiny-lora-sd1"), ("sdxl", "tiny-lora-sdxl"),
                                                 ("z-image", "tiny-lora-z-image"),
                                                 ("flux2", "tiny-lora-flux2-klein")])
async def test_a_lora_changes_the_image_at_the_same_seed(generator, client, base, lora_name):
    lora = await installed(generator, lora_name, "lora")
    plain, with_lora = await images_with_and_without(generator, client, base,
                                                     loras=[LoraParam(model=lora, weight=1.0)])
    assert plain != with_lora


async def test_the_sd1_vae_changes_the_image(generator, client):
    vae = await installed(generator, "tiny-vae-sd1", "vae")
    plain, with_vae = await images_with_and_without(generator, client, "sd-1", vae=vae)
    assert plain != with_vae


async def test_generate_then_recall_gives_the_same_parameters(generator, client, board):
    params = await tiny_params(generator, "sd-1", negative_prompt="blurry", seed=31, steps=3, cfg_scale=5.0,
                               scheduler="euler", board_id=board)
    _, names = await generate(generator, params)
    result = await generator.recall(names[0])
    recalled = result.params
    assert recalled.model == params.model and recalled.seed == 31 and not recalled.random_seed
    assert (recalled.positive_prompt, recalled.negative_prompt) == ("a red fox", "blurry")
    assert (recalled.steps, recalled.cfg_scale, recalled.scheduler) == (3, 5.0, "euler")
    assert (recalled.width, recalled.height) == (64, 64)
