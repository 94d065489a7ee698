"""The schema checker itself, offline, against a saved slice of the real 6.14.2 `/openapi.json`
(`data/openapi_sd1_slice.json`: the SD-1 builder's node types, `iterate`, and what they reference;
made by `tests.support.openapi_slice.write_openapi_slice` with `SLICE_NODE_TYPES`, and compared with
the live server's document in `test_graphs_match_server_schemas.py`).

Good graphs pass; each kind of mistake the checker exists for makes a graph fail with a sentence."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from invokeai_tui.generate import BuildContext, GenerateParams, ModelRef, build_graph, enqueue_body
from invokeai_tui.generate.params import LoraParam
from tests.support.schema_check import (InvocationSchemas, assert_graph_matches_schemas, batch_data_problems,
                                        graph_problems)

DATA = Path(__file__).parent / "data"
SLICE_NODE_TYPES = ("string", "integer", "main_model_loader", "clip_skip", "compel", "collect", "iterate", "noise",
                    "denoise_latents", "l2i", "i2l", "vae_loader", "seamless", "lora_selector",
                    "lora_collection_loader", "core_metadata")
MAIN = ModelRef(key="m1", hash="blake3:m1", name="Tiny SD1", base="sd-1", type="main", variant="normal",
                format="checkpoint")
VAE = ModelRef(key="v1", hash="blake3:v1", name="Tiny VAE", base="sd-1", type="vae", format="checkpoint")
LORA = ModelRef(key="l1", hash="blake3:l1", name="Tiny LoRA", base="sd-1", type="lora", format="lycoris")


@pytest.fixture(scope="module")
def schemas() -> InvocationSchemas:
    return InvocationSchemas(json.loads((DATA / "openapi_sd1_slice.json").read_text()))


def sd1_graph(**params) -> dict:
    context = BuildContext(init_image_size=(640, 448) if params.get("init_image") else None)
    return build_graph(GenerateParams(model=MAIN, **params), context).graph.to_dict()


def node_of(graph: dict, prefix: str) -> str:
    """The id of the graph's one node whose id starts with `prefix:`."""
    (found,) = [node_id for node_id in graph["nodes"] if node_id.split(":", 1)[0] == prefix]
    return found


def edge(source: str, source_field: str, destination: str, destination_field: str) -> dict:
    return {"source": {"node_id": source, "field": source_field},
            "destination": {"node_id": destination, "field": destination_field}}


def without_edge(graph: dict, destination: str, field: str) -> dict:
    changed = copy.deepcopy(graph)
    changed["edges"] = [e for e in changed["edges"]
                        if (e["destination"]["node_id"], e["destination"]["field"]) != (destination, field)]
    return changed


def one_problem(graph: dict, schemas: InvocationSchemas, *words: str) -> str:
    problems = graph_problems(graph, schemas)
    assert len(problems) == 1, problems
    assert all(word in problems[0] for word in words), problems[0]
    return problems[0]


# graphs that fit

@pytest.mark.parametrize("params", [
    {},
    {"init_image": "init.png", "strength": 0.6},
    {"vae": VAE, "seamless_x": True, "seamless_y": True, "loras": [LoraParam(model=LORA, weight=0.5)],
     "hidiffusion": True, "scheduler": "euler_a", "clip_skip": 2, "board_id": "board-1"},
], ids=["txt2img", "img2img", "vae-seamless-lora-hidiffusion"])
def test_the_sd1_builders_graphs_fit(schemas, params):
    assert graph_problems(sd1_graph(**params), schemas) == []


def test_the_references_sd1_wire_example_fits(schemas):
    wire = json.loads((DATA / "sd1_wire_example.json").read_text())
    assert_graph_matches_schemas(wire["batch"]["graph"], schemas)


def test_a_single_item_goes_into_an_input_that_takes_one_or_a_list(schemas):
    graph = sd1_graph()  # compel.conditioning (ConditioningField) -> ConditioningField | list[ConditioningField]
    pos_cond, denoise = node_of(graph, "pos_cond"), node_of(graph, "denoise_latents")
    graph = without_edge(graph, denoise, "positive_conditioning")
    graph["edges"].append(edge(pos_cond, "conditioning", denoise, "positive_conditioning"))
    assert graph_problems(graph, schemas) == []


def test_an_integer_goes_into_a_plain_float_or_string_input(schemas):
    graph = sd1_graph()  # the server's int -> float and int -> str casts
    seed, denoise, pos_cond = node_of(graph, "seed"), node_of(graph, "denoise_latents"), node_of(graph, "pos_cond")
    graph["edges"] += [edge(seed, "value", denoise, "denoising_end")]
    graph = without_edge(graph, pos_cond, "prompt")
    graph["edges"].append(edge(seed, "value", pos_cond, "prompt"))
    assert graph_problems(graph, schemas) == []


def test_an_iterator_gives_the_items_of_its_collection(schemas):
    graph = sd1_graph()
    positive, pos_cond = node_of(graph, "positive_prompt"), node_of(graph, "pos_cond")
    graph["nodes"]["prompts:1"] = {"id": "prompts:1", "type": "collect"}
    graph["nodes"]["each:1"] = {"id": "each:1", "type": "iterate"}
    graph = without_edge(graph, pos_cond, "prompt")
    graph["edges"] += [edge(positive, "value", "prompts:1", "item"),
                       edge("prompts:1", "collection", "each:1", "collection"), edge("each:1", "item", pos_cond, "prompt")]
    assert graph_problems(graph, schemas) == []
    clip_skip = node_of(graph, "clip_skip")
    graph = without_edge(graph, clip_skip, "clip")
    graph["edges"].append(edge("each:1", "item", clip_skip, "clip"))
    one_problem(graph, schemas, "each:1.item", "string does not fit clip_skip.clip")


# graphs that must fail

def test_an_unknown_node_type(schemas):
    graph = sd1_graph()
    graph["nodes"][node_of(graph, "noise")]["type"] = "noize"
    problems = graph_problems(graph, schemas)
    assert any("no invocation of type 'noize'" in p for p in problems), problems


def test_an_output_set_as_an_input_value(schemas):
    graph = sd1_graph()
    graph["nodes"][node_of(graph, "noise")]["latents"] = {"latents_name": "x"}
    one_problem(graph, schemas, "'latents' is not an input of noise")
    graph = sd1_graph()
    graph["nodes"][node_of(graph, "noise")]["noise"] = {"latents_name": "x"}
    one_problem(graph, schemas, "'noise' is an output of noise, not an input")


def test_an_input_used_as_an_edges_source(schemas):
    graph = sd1_graph()
    noise, denoise = node_of(graph, "noise"), node_of(graph, "denoise_latents")
    graph = without_edge(graph, denoise, "noise")
    graph["edges"].append(edge(noise, "seed", denoise, "noise"))
    one_problem(graph, schemas, "'seed' is an input, not an output of noise", "outputs: height, noise, width")


def test_an_output_used_as_an_edges_destination(schemas):
    graph = sd1_graph()
    graph["edges"].append(edge(node_of(graph, "denoise_latents"), "latents", node_of(graph, "canvas_output"), "image"))
    one_problem(graph, schemas, "'image' is an output of l2i")


def test_a_value_only_input_fed_by_an_edge(schemas):
    graph = sd1_graph()
    graph["edges"].append(edge(node_of(graph, "positive_prompt"), "value", node_of(graph, "canvas_output"), "board"))
    one_problem(graph, schemas, "l2i.board takes a value, not a connection")


@pytest.mark.parametrize("source, destination, words", [
    (("noise", "noise"), ("canvas_output", "vae"), "LatentsField does not fit l2i.vae, which takes VAEField"),
    (("positive_prompt", "value"), ("noise", "width"), "string does not fit noise.width, which takes integer"),
    (("seed", "value"), ("denoise_latents", "cfg_scale"), "integer does not fit denoise_latents.cfg_scale"),
    (("seed", "value"), ("core_metadata", "scheduler"), "integer does not fit core_metadata.scheduler"),
])
def test_mismatched_types(schemas, source, destination, words):
    graph = sd1_graph()
    source_id, destination_id = node_of(graph, source[0]), node_of(graph, destination[0])
    graph = without_edge(graph, destination_id, destination[1])
    graph["edges"].append(edge(source_id, source[1], destination_id, destination[1]))
    one_problem(graph, schemas, words)


def test_a_collection_into_an_input_that_takes_no_list(schemas):
    graph = sd1_graph()
    collector, noise = node_of(graph, "pos_cond_collect"), node_of(graph, "noise")
    graph = without_edge(graph, noise, "seed")
    graph["edges"].append(edge(collector, "collection", noise, "seed"))
    one_problem(graph, schemas, "a collection goes into integer, which takes no list")


def test_a_collector_of_the_wrong_items_or_of_mixed_items(schemas):
    graph = sd1_graph()
    collector = node_of(graph, "pos_cond_collect")
    wrong = without_edge(graph, collector, "item")
    wrong["edges"].append(edge(node_of(graph, "noise"), "noise", collector, "item"))
    one_problem(wrong, schemas, "the collector gathers LatentsField, but positive_conditioning takes ConditioningField")
    mixed = copy.deepcopy(graph)
    mixed["edges"].append(edge(node_of(graph, "noise"), "noise", collector, "item"))
    problems = graph_problems(mixed, schemas)
    assert any("collects items of different types: ConditioningField, LatentsField" in p for p in problems), problems


def test_a_missing_required_input(schemas):
    graph = sd1_graph()
    denoise = node_of(graph, "denoise_latents")
    one_problem(without_edge(graph, denoise, "unet"), schemas, "the required input 'unet' has no edge")
    graph = sd1_graph()
    del graph["nodes"][node_of(graph, "sd1_model_loader")]["model"]
    one_problem(graph, schemas, "main_model_loader", "the required input 'model' has no value and no edge")


@pytest.mark.parametrize("prefix, field, value, words", [
    ("denoise_latents", "scheduler", "dpmpp_3m_karras", "scheduler: 'dpmpp_3m_karras' is not one of 'ddim'"),
    ("core_metadata", "generation_mode", "sdxl_txt3img", "generation_mode: 'sdxl_txt3img' is not one of 'txt2img'"),
    ("denoise_latents", "steps", 0, "steps: 0 is not above 0"),
    ("denoise_latents", "denoising_start", 1.5, "denoising_start: 1.5 is above the maximum 1"),
    ("denoise_latents", "steps", "thirty", "steps: 'thirty' is not an integer"),
    ("canvas_output", "fp32", "yes", "fp32: 'yes' is not a boolean"),
])
def test_a_bad_literal_value(schemas, prefix, field, value, words):
    graph = sd1_graph()
    graph["nodes"][node_of(graph, prefix)][field] = value
    one_problem(graph, schemas, words)


def test_a_bad_model_identifier(schemas):
    graph = sd1_graph()
    loader = node_of(graph, "sd1_model_loader")
    graph["nodes"][loader]["model"] = {**graph["nodes"][loader]["model"], "hash": None, "base": "sd-15"}
    problems = graph_problems(graph, schemas)
    assert len(problems) == 2 and all("main_model_loader" in p for p in problems), problems
    assert any("model.hash: None is not a string" in p for p in problems), problems
    assert any("model.base: 'sd-15' is not one of 'any', 'sd-1'" in p for p in problems), problems


def test_an_input_fed_twice_but_a_collectors_item_many_times(schemas):
    graph = sd1_graph()
    seed, noise = node_of(graph, "seed"), node_of(graph, "noise")
    graph["edges"].append(edge(seed, "value", noise, "seed"))
    one_problem(graph, schemas, "input 'seed' is fed by 2 edges")
    graph = sd1_graph()
    graph["edges"].append(edge(node_of(graph, "pos_cond"), "conditioning", node_of(graph, "pos_cond_collect"), "item"))
    assert graph_problems(graph, schemas) == []


def test_edges_to_missing_nodes_and_cycles(schemas):
    graph = sd1_graph()
    graph["edges"].append(edge("ghost:1", "value", node_of(graph, "noise"), "width"))
    assert "An edge names node 'ghost:1', which is not in the graph." in graph_problems(graph, schemas)
    graph = sd1_graph()
    graph["edges"].append(edge(node_of(graph, "canvas_output"), "width", node_of(graph, "noise"), "width"))
    one_problem(graph, schemas, "The graph has a cycle.")


def test_a_node_whose_id_differs_from_its_key(schemas):
    graph = sd1_graph()
    graph["nodes"][node_of(graph, "noise")]["id"] = "noise:other"
    one_problem(graph, schemas, "says its id is 'noise:other'")


def test_core_metadata_takes_extra_keys_but_no_edge_into_them(schemas):
    graph = sd1_graph()
    metadata = node_of(graph, "core_metadata")
    graph["nodes"][metadata]["my_own_key"] = {"anything": [1, 2]}
    assert graph_problems(graph, schemas) == []
    graph["edges"].append(edge(node_of(graph, "seed"), "value", metadata, "my_seed"))
    one_problem(graph, schemas, "'my_seed' is not an input of core_metadata")


def test_the_assert_helper_lists_every_problem(schemas):
    graph = sd1_graph()
    graph["nodes"][node_of(graph, "denoise_latents")]["scheduler"] = "nope"
    graph["nodes"][node_of(graph, "noise")]["type"] = "noize"
    with pytest.raises(AssertionError) as failure:
        assert_graph_matches_schemas(graph, schemas)
    message = str(failure.value)
    assert "does not match the server's schemas" in message and "'nope' is not one of" in message
    assert "no invocation of type 'noize'" in message


def test_batch_data_goes_into_inputs_that_take_it(schemas):
    params = GenerateParams(model=MAIN, positive_prompt="a", iterations=2, seed=7, random_seed=False)
    built = build_graph(params, BuildContext())
    body = enqueue_body(built, params, ["a", "b"], start_seed=7)
    graph, data = body["batch"]["graph"], body["batch"]["data"]
    assert batch_data_problems(graph, data, schemas) == []
    seed_entry = next(entry for group in data for entry in group if entry["field_name"] == "value"
                      and graph["nodes"][entry["node_path"]]["type"] == "integer")
    seed_entry["items"] = ["seven"]
    seed_entry_copy = dict(seed_entry, field_name="values")
    data.append([seed_entry_copy, dict(seed_entry, node_path="seed:missing")])
    problems = batch_data_problems(graph, data, schemas)
    assert problems == [f"Batch data for {seed_entry['node_path']}.value: item: 'seven' is not an integer.",
                        f"Batch data for {seed_entry['node_path']}.values: 'values' is not an input of integer.",
                        "Batch data for seed:missing.value: the graph has no such node."], problems
