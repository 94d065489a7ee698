"""The last parameters per base: kept across restarts, a corrupt file reported and ignored."""

from __future__ import annotations

import json

from invokeai_tui.generate.params import GenerateParams, ModelRef
from invokeai_tui.generate.state import GenerateState

SD1 = ModelRef(key="k1", name="tiny-sd15", base="sd-1", type="main")
SDXL = ModelRef(key="k2", name="tiny-sdxl", base="sdxl", type="main")


def test_parameters_per_base_survive_a_restart(tmp_path):
    path = tmp_path / "state" / "generate.json"
    state = GenerateState.load(path)
    assert state.by_base == {} and state.problems == []
    state.remember(GenerateParams(model=SD1, positive_prompt="a cat", steps=3, init_image="x.png"))
    state.remember(GenerateParams(model=SDXL, positive_prompt="a dog", width=1024))
    assert state.save() == path
    again = GenerateState.load(path)
    assert again.params_for("sd-1").positive_prompt == "a cat" and again.params_for("sd-1").steps == 3
    assert again.params_for("sd-1").init_image is None  # one session's image is not kept
    assert again.last_base == "sdxl" and again.last_params().width == 1024
    assert again.params_for("flux") is None
    assert not list(path.parent.glob("*.partial"))


def test_a_corrupt_file_is_reported_and_ignored(tmp_path):
    path = tmp_path / "generate.json"
    path.write_text("{not json")
    state = GenerateState.load(path)
    assert state.by_base == {} and "not valid JSON" in state.problems[0]
    path.write_text(json.dumps({"bases": {"sd-1": {"steps": "many"}, "sdxl": {"positive_prompt": "ok"}},
                                "last_base": "sd-1"}))
    state = GenerateState.load(path)
    assert list(state.by_base) == ["sdxl"] and "sd-1 parameters" in state.problems[0]
    assert state.last_base is None
    path.write_text("[1, 2]")
    assert "expected form" in GenerateState.load(path).problems[0]


def test_a_failed_save_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    state = GenerateState(blocker / "generate.json")
    state.remember(GenerateParams(model=SD1))
    assert state.save() is None and "could not be saved" in state.problems[0]
