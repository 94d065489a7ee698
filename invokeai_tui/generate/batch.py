"""The enqueue request the web UI sends for a built graph (`buildLinearBatchConfig.ts`, reference §4):
seeds and prompts go in `batch.data`, the server multiplies them out."""

from __future__ import annotations

import random
from typing import Any

from .builders import BuiltGraph
from .params import SEED_MAX, GenerateParams

# The web UI sends origin and destination 'generate'; ours says which app made the item, and the
# destination keeps the web UI's meaning (a Generate-tab item).
ORIGIN = "invokeai-tui"
DESTINATION = "generate"


def first_seed(params: GenerateParams, rng: random.Random | None = None) -> int:
    """`generateSeeds`: a random start in [0, 4294967295] when the seed is random, else the seed."""
    if params.random_seed:
        return (rng or random).randint(0, SEED_MAX)
    return params.seed


def seeds(start: int, count: int) -> list[int]:
    """`start, start+1, …`, each modulo 4294967295 (as the web UI does)."""
    return [(start + i) % SEED_MAX for i in range(count)]


def batch_data(built: BuiltGraph, params: GenerateParams, prompts: list[str], start_seed: int) -> list[list[dict]]:
    """PER_ITERATION (default): [[seeds × iterations], [prompts zipped with the same negative]];
    PER_PROMPT: one zipped list, a seed per session."""
    negative = params.negative_or_empty
    iterations = params.iterations
    if params.seed_behaviour == "PER_PROMPT":
        positives = [p for _ in range(iterations) for p in prompts]
        zipped = []
        if built.seed_node:
            zipped.append(_datum(built.seed_node, seeds(start_seed, len(positives))))
        zipped.append(_datum(built.positive_prompt_node, positives))
        if built.negative_prompt_node:
            zipped.append(_datum(built.negative_prompt_node, [negative] * len(positives)))
        return [zipped]
    data: list[list[dict]] = []
    if built.seed_node:
        data.append([_datum(built.seed_node, seeds(start_seed, iterations))])
    prompt_list = [_datum(built.positive_prompt_node, list(prompts))]
    if built.negative_prompt_node:
        prompt_list.append(_datum(built.negative_prompt_node, [negative] * len(prompts)))
    data.append(prompt_list)
    return data


def enqueue_body(built: BuiltGraph, params: GenerateParams, prompts: list[str], *, start_seed: int,
                 prepend: bool = False) -> dict[str, Any]:
    """The `enqueue_batch` body. `runs` is the iterations only for a graph without a seed node."""
    runs = params.iterations if built.seed_node is None and params.seed_behaviour == "PER_ITERATION" else 1
    return {"prepend": prepend,
            "batch": {"graph": built.graph.to_dict(), "runs": runs,
                      "data": batch_data(built, params, prompts, start_seed),
                      "origin": ORIGIN, "destination": DESTINATION}}


def _datum(node_id: str, items: list) -> dict[str, Any]:
    return {"node_path": node_id, "field_name": "value", "items": items}
