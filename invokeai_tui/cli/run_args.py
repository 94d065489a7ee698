"""`invokeai-tui run`'s flags, and `--set` / `--sweep` put into a workflow's inputs: an input is named
by its index or its label, its value read by the input's kind (workflow/value_text.py). Anything that
does not fit is bad input (exit 2), said before anything is sent."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..workflow import FieldValueError, InputIndexError, WorkflowField, WorkflowHandle, WorkflowInput
from ..workflow.graph import connected_inputs
from ..workflow.value_text import apply_text, split_values_text, values_from_texts, value_text
from .connect import EXIT_BAD_INPUT, CommandError, add_server_flags

MAX_RUNS = 10000  # as the app's submit bar


def build_run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="invokeai-tui run",
        description="Run a workflow (a JSON file, a PNG made by InvokeAI, or a library workflow's name or id), "
        "wait for it and print each image and video as its node saves it.",
        epilog="INPUT is an input's index or label (see --list-inputs). Values are read by the input's kind: a "
        "model by name or key, a board by name, an image by local path (uploaded) or server image name, a video "
        "by local .mp4 path (uploaded; H.264 only) or server video name, a colour "
        "as #rrggbb[aa], a list as JSON. Exit codes: 0 done, 1 the server failed the run, 2 bad input (nothing "
        "sent), 3 cannot reach the server or not logged in, 130 interrupted (what is queued stays queued).",
    )
    parser.add_argument("workflow", metavar="WORKFLOW", help="a workflow file (.json or .png) or a library "
                        "workflow's name or id")
    parser.add_argument("--set", action="append", default=[], metavar="INPUT=VALUE", dest="sets",
                        help="set an input (repeatable); INPUT is an index, a label, or NODE.FIELD for any node's "
                        "input (NODE: its id, label or type, e.g. denoise_latents.steps)")
    parser.add_argument("--sweep", action="append", default=[], metavar="INPUT=V1,V2,...", dest="sweeps",
                        help="one queue item per value (a JSON list keeps commas inside values); several sweeps "
                        "go together, value by value (repeatable)")
    parser.add_argument("--runs", type=int, default=1, metavar="N", help="run everything N times (default 1)")
    parser.add_argument("--prepend", action="store_true", help="put the run at the front of the queue")
    parser.add_argument("--board", metavar="NAME", help="the board for outputs left on 'auto' (name or id; "
                        "default: uncategorized)")
    parser.add_argument("--sync-models", action="store_true", help="point model inputs at installed models "
                        "(by name, else by base) unless set with --set")
    parser.add_argument("--out", type=Path, metavar="DIR", help="download the images and videos (whole "
                        "MP4s) into DIR (never overwrites)")
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end (with "
                        "--list-inputs: the inputs)")
    parser.add_argument("--list-inputs", action="store_true", help="print the inputs (index, label, kind, value) "
                        "and send nothing")
    add_server_flags(parser)
    return parser


def bad(message: str) -> CommandError:
    return CommandError(message, EXIT_BAD_INPUT)


@dataclass
class Assignment:
    """One `--set` or `--sweep`: the input as typed and its value text."""

    flag: str
    ref: str
    text: str


def split_assignments(flag: str, texts: Sequence[str]) -> list[Assignment]:
    out = []
    for text in texts:
        ref, sep, value = text.partition("=")
        if not sep or not ref.strip():
            raise bad(f"{flag} {text!r}: write INPUT=VALUE (INPUT is an index or a label).")
        out.append(Assignment(flag, ref.strip(), value))
    return out


def check_usage(args: argparse.Namespace) -> tuple[list[Assignment], list[Assignment]]:
    """What can be checked before reaching the server."""
    if not 1 <= args.runs <= MAX_RUNS:
        raise bad(f"--runs must be 1..{MAX_RUNS} (got {args.runs}).")
    sets, sweeps = split_assignments("--set", args.sets), split_assignments("--sweep", args.sweeps)
    for sweep in sweeps:
        if not split_values_text(sweep.text):
            raise bad(f"--sweep {sweep.ref}: give at least one value (V1,V2,... or a JSON list).")
    return sets, sweeps


def inputs_listing(inputs: Sequence[WorkflowInput]) -> str:
    return ", ".join(f"{i.input_index} {i.label!r}" for i in inputs) or "none"


@dataclass
class Target:
    """What a --set or --sweep names: a form input (`key` its index) or any node's input (`key`
    (node id, field name)), and how messages call it."""

    key: int | tuple[str, str]
    field: WorkflowField
    name: str


def find_target(handle: WorkflowHandle, ref: str, flag: str) -> Target:
    """An input by index, else by label (any case); else NODE.FIELD, NODE being a node's id, label or
    type (e.g. denoise_latents.steps, for an input the form does not show)."""
    inputs = handle.list_inputs()
    if ref.isdigit() and int(ref) < len(inputs):
        found = inputs[int(ref)]
        return Target(found.input_index, found.field, f"input {found.input_index} {found.label!r}")
    named = [i for i in inputs if i.label == ref] or [i for i in inputs if i.label.lower() == ref.lower()]
    if len(named) == 1:
        return Target(named[0].input_index, named[0].field, f"input {named[0].input_index} {named[0].label!r}")
    if named:
        raise bad(f"{flag} {ref}: several inputs are labelled {ref!r} ({inputs_listing(named)}): use the index.")
    node_ref, dot, field_name = ref.rpartition(".")
    if dot and node_ref and not ref.isdigit():
        return node_target(handle, node_ref, field_name, flag)
    raise bad(f"{flag} {ref}: {handle.definition.name or 'the workflow'} has no input {ref!r}. "
              f"Its inputs: {inputs_listing(inputs)} (or NODE.FIELD for any node's input).")


def node_target(handle: WorkflowHandle, node_ref: str, field_name: str, flag: str) -> Target:
    nodes = handle.definition.invocation_nodes()
    matches = [n for n in nodes if n["id"] == node_ref] or [n for n in nodes if n["data"].get("label") == node_ref] \
        or [n for n in nodes if n["data"]["type"] == node_ref]
    if len(matches) != 1:
        what = "several nodes" if matches else "no node"
        known = ", ".join(sorted({n["data"]["type"] for n in nodes}))
        raise bad(f"{flag} {node_ref}.{field_name}: {what} with the id, label or type {node_ref!r} "
                  f"(node types here: {known}).")
    node_id = matches[0]["id"]
    if (node_id, field_name) in connected_inputs(handle.definition):
        raise bad(f"{flag} {node_ref}.{field_name}: that input is fed by a connection; it takes no value.")
    try:
        field = handle.get_field(node_id, field_name)
    except InputIndexError:
        names = ", ".join(sorted(matches[0]["data"].get("inputs") or {}))
        raise bad(f"{flag} {node_ref}.{field_name}: that node has no input {field_name!r} (it has: {names}).") \
            from None
    return Target((node_id, field_name), field, f"{node_ref}.{field_name}")


def wrong_value(target: Target, flag: str, problem: str) -> CommandError:
    return bad(f"{flag}: {target.name} takes {target.field.describe()}: {problem}")


def apply_sets(handle: WorkflowHandle, sets: Sequence[Assignment], models: Sequence[Any],
               boards: Sequence[Any]) -> None:
    for assignment in sets:
        target = find_target(handle, assignment.ref, "--set")
        try:
            apply_text(target.field, assignment.text, models=models, boards=boards)
        except FieldValueError as exc:
            raise wrong_value(target, "--set", exc.problem) from None


def sweep_values(handle: WorkflowHandle, sweeps: Sequence[Assignment], models: Sequence[Any],
                 boards: Sequence[Any]) -> dict[Any, list[Any]]:
    """{input index or (node id, field name): checked values} for the engine's start_run(sweeps=...)."""
    out: dict[Any, list[Any]] = {}
    for sweep in sweeps:
        target = find_target(handle, sweep.ref, "--sweep")
        if target.key in out:
            raise bad(f"--sweep {sweep.ref}: {target.name} is swept twice.")
        try:
            out[target.key] = values_from_texts(target.field, split_values_text(sweep.text),
                                                models=models, boards=boards)
        except FieldValueError as exc:
            raise wrong_value(target, "--sweep", exc.problem) from None
    lengths = {len(values) for values in out.values()}
    if len(lengths) > 1:
        raise bad("Several --sweep go together value by value: give each the same number of values "
                  f"(got {', '.join(str(len(v)) for v in out.values())}).")
    return out


def inputs_table(inputs: Sequence[WorkflowInput], width: int = 100) -> list[str]:
    """index, label, kind and value, in columns."""
    rows = [("#", "LABEL", "KIND", "VALUE")] + [
        (str(i.input_index), i.label, i.kind, value_text(i.field, width=60)) for i in inputs]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    return [f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip()[:width + 60]
            for row in rows]
