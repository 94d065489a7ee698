"""Every registered builder's graphs, and the reference's example graphs, against the real server's own
invocation schemas (`GET /openapi.json`, fetched once per session): node types exist, fields are
inputs, edges join outputs to inputs of matching types, required inputs are fed, values are allowed.

The cases come from `BUILDERS` itself, so a base registered later is checked without editing this
file; `representative_params.py` says which parameters each base is built with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from invokeai_tui.generate import build_graph, enqueue_body
from invokeai_tui.generate.builders import BUILDERS
from tests.generate.representative_params import cases_for, model
from tests.generate.test_schema_check import SLICE_NODE_TYPES
from tests.support.graph_compare import expand_compact
from tests.support.openapi_slice import openapi_slice, slice_text
from tests.support.schema_check import InvocationSchemas, assert_graph_matches_schemas, batch_data_problems

DATA = Path(__file__).parent / "data"
REFERENCE_EXAMPLES = json.loads((DATA / "reference_examples.json").read_text())


@pytest.fixture(scope="module")
def server_schemas(server_url) -> InvocationSchemas:
    return InvocationSchemas.from_server(server_url)


def builder_cases() -> list:
    return [pytest.param(base, name, params, context, id=f"{base}-{name}")
            for base in sorted(BUILDERS) for name, params, context in cases_for(base)]


@pytest.mark.parametrize("base, case, params, context", builder_cases())
def test_a_builders_graph_matches_the_servers_schemas(server_schemas, base, case, params, context):
    built = build_graph(params, context)
    graph = built.graph.to_dict()
    assert_graph_matches_schemas(graph, server_schemas)
    # the prompts and seeds of the enqueue request go into inputs that take them
    body = enqueue_body(built, params, [params.positive_prompt, "a second prompt"], start_seed=4294967290)
    assert batch_data_problems(body["batch"]["graph"], body["batch"]["data"], server_schemas) == []


def placeholder_models(base: str) -> dict[str, dict]:
    """The reference's "<MAIN>"-style placeholders as identifiers of plausible models for that base."""
    vae_base = {"z-image": "flux"}.get(base, base)
    main_type = "external_image_generator" if base == "external" else "main"
    return {"<MAIN>": model(base, main_type).identifier(), "<VAE>": model(vae_base, "vae").identifier(),
            "<T5>": model("any", "t5_encoder").identifier(), "<CLIP_L>": model("any", "clip_embed").identifier(),
            "<QWEN3>": model("any", "qwen3_encoder").identifier(),
            "<Z_SRC>": model("z-image", name="z-image source").identifier()}


@pytest.mark.parametrize("base", sorted(REFERENCE_EXAMPLES))
def test_the_references_example_graph_matches_the_servers_schemas(server_schemas, base):
    graph = expand_compact(REFERENCE_EXAMPLES[base], placeholder_models(base))
    assert_graph_matches_schemas(graph, server_schemas)


def test_the_references_sd1_wire_example_matches_the_servers_schemas(server_schemas):
    wire = json.loads((DATA / "sd1_wire_example.json").read_text())
    assert_graph_matches_schemas(wire["batch"]["graph"], server_schemas)


def test_every_reference_base_has_a_graph_the_server_knows(server_schemas):
    """Each example's node types are invocations of this server (a renamed node would fail here first)."""
    unknown = {base: sorted({n["type"] for n in example["nodes"].values()} - set(server_schemas.invocations))
               for base, example in REFERENCE_EXAMPLES.items()}
    assert {base: types for base, types in unknown.items() if types} == {}


def test_the_offline_tests_slice_is_the_servers(server_schemas):
    """`data/openapi_sd1_slice.json` is still what this server says about those node types."""
    saved = (DATA / "openapi_sd1_slice.json").read_text()
    assert slice_text(openapi_slice(server_schemas.openapi, SLICE_NODE_TYPES)) == saved
