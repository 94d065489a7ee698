"""The DnnModelRepository calls the other published tests leave out or check only loosely, against
the real server: Hugging Face login and logout (the test server is offline and has no token, so
nothing is written), and the cache statistics once a generation has loaded a model."""

from tests.support import rest as helpers
from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.pyclient.dnn_model import HFLoginStatus, ModelManagerStats
from invokeai_tui.pyclient.quick import QuickClient


def test_hugging_face_login_and_logout(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        repo = client.dnn_model_repo
        # The server runs with HF_HUB_OFFLINE=1: a token cannot be verified, so it is not taken.
        assert repo.hf_login("hf_not_a_real_token") is False
        assert repo.hf_status() == HFLoginStatus.INVALID
        assert repo.hf_logout() is True
        assert repo.hf_status() == HFLoginStatus.INVALID


def test_cache_stats_after_a_generation_loaded_models(server_url, board):
    with InvokeAIClient.from_url(server_url) as client:
        image = QuickClient(client).generate_image_sdxl_t2i("a pebble", "", 64, 64, steps=1, model_name="tiny-sdxl",
                                                            board_id=board, seed=7)
        assert image is not None and helpers.board_image_names(server_url, board) == [image.image_name]
        stats = client.dnn_model_repo.get_stats()
        assert isinstance(stats, ModelManagerStats)
        raw = stats.extra
        assert stats.loads == raw["misses"] and stats.evictions == raw["cleared"]
        assert raw["hits"] + raw["misses"] > 0  # the generation looked models up in the cache
        assert stats.hit_rate + stats.miss_rate == 1.0
        assert any("tiny-sdxl" in name for name in raw["loaded_model_sizes"])
        assert stats.ram_used_mb == sum(raw["loaded_model_sizes"].values()) / 2**20 and stats.ram_used_mb > 0
        assert stats.ram_capacity_mb == raw["cache_size"] / 2**20
