"""PreparedGeneration's counts and seeds, and the web UI's rand_device, offline."""

from __future__ import annotations

from types import SimpleNamespace

from invokeai_tui.cli.generate_args import parse_lora
from invokeai_tui.generate import BuildContext, GenerateParams, ModelRef, build_graph, enqueue_body
from invokeai_tui.generate.service import PreparedGeneration, rand_device_of

SD1 = ModelRef(key="k", name="tiny-sd15", base="sd-1", type="main")


def prepared(params: GenerateParams, prompts: list[str], start: int) -> PreparedGeneration:
    built = build_graph(params, BuildContext())
    return PreparedGeneration(params, prompts, built, enqueue_body(built, params, prompts, start_seed=start), start)


def test_sessions_are_iterations_times_prompts_in_both_seed_behaviours():
    for behaviour in ("PER_ITERATION", "PER_PROMPT"):
        params = GenerateParams(model=SD1, iterations=3, seed_behaviour=behaviour)
        p = prepared(params, ["a", "b"], 10)
        assert p.session_count == 6
    assert prepared(GenerateParams(model=SD1, iterations=3), ["a"], 4294967294).seeds == [4294967294, 0, 1]


def test_rand_device_is_the_one_accelerator_type_else_cuda():
    def devices(*names):
        return [SimpleNamespace(device=n) for n in names]
    assert rand_device_of(devices("cpu")) == "cuda"
    assert rand_device_of(devices("cpu", "mps")) == "mps"
    assert rand_device_of(devices("cuda:0", "cuda:1")) == "cuda"
    assert rand_device_of(devices("cuda:0", "mps")) == "cuda"


def test_lora_flags():
    assert parse_lora("my-lora") == ("my-lora", 0.75)
    assert parse_lora("my-lora:0.5") == ("my-lora", 0.5)
    assert parse_lora("odd:name") == ("odd:name", 0.75)
