"""QuickClient the published way (invokeai-py-client 1.1.1's names, only the import prefix changed),
against the real server with its tiny SDXL model."""

import pytest

from tests.support import rest as helpers
from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.pyclient.models import IvkImage
from invokeai_tui.pyclient.quick import QuickClient


def test_sdxl_text_to_image_lands_on_the_board(server_url, board):
    client = InvokeAIClient.from_url(server_url)
    quick = QuickClient(client)
    image = quick.generate_image_sdxl_t2i("a red fox", "blurry", 66, 78, steps=2, model_name="tiny-sdxl",
                                          scheduler="euler_ancestral", board_id=board, cfg_scale=3.0, seed=1234)
    assert isinstance(image, IvkImage) and image.board_id == board
    # The tiny model's VAE decodes latents (1/8 of the asked size) at 2x: 16x20 for 64x80.
    assert (image.width * 4, image.height * 4) == (64, 80)
    assert helpers.board_image_names(server_url, board) == [image.image_name]
    metadata = helpers.api(server_url, "GET", f"/api/v1/images/i/{image.image_name}/metadata")
    assert (metadata["width"], metadata["height"], metadata["steps"]) == (64, 80, 2)  # nearest multiples of 8
    assert metadata["positive_prompt"] == "a red fox" and metadata["negative_prompt"] == "blurry"
    assert (metadata["cfg_scale"], metadata["scheduler"], metadata["seed"]) == (3.0, "euler_a", 1234)
    assert metadata["model"]["name"] == "tiny-sdxl" and metadata["generation_mode"] == "sdxl_txt2img"

    # Positional, as published; a part of the name (any case) also picks the model.
    second = quick.generate_image_sdxl_t2i("a fox", "", 64, 64, 1, "TINY-SD", None, board)
    assert second.board_id == board and second.image_name != image.image_name
    metadata = helpers.api(server_url, "GET", f"/api/v1/images/i/{second.image_name}/metadata")
    assert (metadata["model"]["name"], metadata["scheduler"], metadata["cfg_scale"]) == ("tiny-sdxl", "dpmpp_3m_k", 7.5)


def test_a_bad_model_name_is_a_clear_value_error(server_url, board):
    quick = QuickClient(InvokeAIClient.from_url(server_url))
    with pytest.raises(ValueError, match="no-such-model.*tiny-sdxl"):
        quick.generate_image_sdxl_t2i("a", "b", 64, 64, steps=1, model_name="no-such-model", board_id=board)
    with pytest.raises(ValueError, match="Target board does not exist"):
        quick.generate_image_sdxl_t2i("a", "b", 64, 64, steps=1, board_id="no-such-board")
    with pytest.raises(ValueError, match="Unknown scheduler"):
        quick.generate_image_sdxl_t2i("a", "b", 64, 64, steps=1, scheduler="warp-speed", board_id=board)
    assert helpers.board_image_names(server_url, board) == []
