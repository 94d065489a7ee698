"""`invokeai-tui run WORKFLOW ...`: open a workflow (file, PNG or library), set its inputs, submit it
through the workflow engine (as the app's Workflows screen does: `WorkflowHandle.start_run`), wait,
and print each image as its node saves it. `--list-inputs` prints the inputs and sends nothing.

DESIGN.md "Command line": data on stdout, progress and errors on stderr; exit 0 done, 1 the server
failed the run, 2 bad input with nothing sent, 3 server unreachable or not logged in, 130 interrupted
(the run stays queued: it is never canceled here)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from ..client import NotFoundError, RequestRejectedError
from ..client.records.queue import TERMINAL_STATUSES
from ..config.settings import Settings
from ..pyclient import AsyncInvokeAIClient
from ..workflow import OutputImages, WorkflowBuildError, WorkflowHandle, WorkflowRun
from .connect import connect, run_command
from .output import stderr_say
from .run_args import apply_sets, bad, build_run_parser, check_usage, inputs_table, sweep_values
from .run_progress import progress_for
from .run_source import open_workflow

PROG = "invokeai-tui run"
say = stderr_say(PROG)


def main(argv: list[str]) -> int:
    args = build_run_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    # A refused batch (RequestRejectedError) queued nothing: bad input, like a workflow that does not build.
    return run_command(args, run, say, bad_input=(WorkflowBuildError, RequestRejectedError))


async def run(args: Any, settings: Settings, url: str) -> int:
    sets, sweeps = check_usage(args)
    async with AsyncInvokeAIClient.from_url(url) as client:
        await connect(client, settings)
        handle = await open_workflow(client, args.workflow)
        models = await client.dnn_model_repo.list_models()
        boards = [b for b in await client.board_repo.list_boards() if not b.is_uncategorized]
        apply_sets(handle, sets, models, boards)
        if args.sync_models:
            await sync_models(handle)
        if args.list_inputs:
            print_inputs(handle, args.json)
            return 0
        refuse_missing_models(handle, models)
        sweep = sweep_values(handle, sweeps, models, boards)
        await refuse_missing_media(client, handle, sweep)
        board_id = board_for(args.board, boards)
        handle.count_sessions(runs=args.runs, sweeps=sweep)  # checks the sweeps before an upload is sent
        started = await handle.start_run(runs=args.runs, prepend=args.prepend, sweeps=sweep,
                                         auto_board_id=board_id)
        return await follow(args, client, handle, started)


def print_inputs(handle: WorkflowHandle, as_json: bool) -> None:
    if as_json:
        print(json.dumps([i.to_dict() for i in handle.list_inputs()], indent=2))
    else:
        print("\n".join(inputs_table(handle.list_inputs())))


async def sync_models(handle: WorkflowHandle) -> None:
    """The app's f8: model references unknown here point at installed models (a --set is kept)."""
    report = await handle.sync_dnn_model(by_name=True, by_base=True)
    for change in report.changed:
        say(f"model {change.old.get('name') or change.old.get('key')} -> {change.new.get('name')}")
    for entry in report.unmatched:
        say(f"not synced: {entry.reason}")


def refuse_missing_models(handle: WorkflowHandle, models: list[Any]) -> None:
    """A model input left empty, or naming a model not installed here, would fail on the server."""
    installed = {m.key for m in models}
    for winput in handle.list_inputs():
        if winput.kind != "model":
            continue
        value = winput.field.get()
        hint = f"--set {winput.input_index}=NAME" + ("" if value is None else " or --sync-models")
        if value is None and winput.required:
            raise bad(f"Input {winput.input_index} ({winput.label!r}) has no model: {hint}.")
        if isinstance(value, dict) and value.get("key") not in installed:
            raise bad(f"Input {winput.input_index} ({winput.label!r}) names {value.get('name') or value.get('key')!r}, "
                      f"which is not installed here: {hint}.")


async def refuse_missing_media(client: AsyncInvokeAIClient, handle: WorkflowHandle, sweep: dict[Any, list[Any]]
                               ) -> None:
    """An image or video input naming one the server does not have is bad input, said before sending
    (a local file is uploaded on submit: not looked up here)."""
    media = ("image", "video")
    wanted = [(i.kind, f"input {i.input_index} {i.label!r}", i.field.server_name) for i in handle.list_inputs()
              if i.kind in media and i.field.server_name]
    for key, values in sweep.items():
        kind = handle.get_input(key).kind if isinstance(key, int) else None
        if kind in media:
            wanted += [(kind, f"--sweep {key}", v.get(f"{kind}_name") if isinstance(v, dict) else v) for v in values]
    lookup = {"image": client.image_repo.get_image, "video": client.video_repo.get_video}
    for kind, where, name in wanted:
        try:
            await lookup[kind](name)
        except NotFoundError:
            raise bad(f"{where}: there is no {kind} {name!r} on the server.") from None


def board_for(text: str | None, boards: list[Any]) -> str | None:
    """--board: the id of the board outputs left on 'auto' go to (None: uncategorized)."""
    if text is None or text.lower() in ("none", "uncategorized"):
        return None
    named = [b.board_id for b in boards if b.board_name == text] or [b.board_id for b in boards if b.board_id == text]
    if len(named) == 1:
        return named[0]
    if named:
        raise bad(f"--board: several boards are named {text!r}: give the id ({', '.join(named)}).")
    raise bad(f"--board: there is no board named {text!r} (boards: "
              f"{', '.join(repr(b.board_name) for b in boards) or 'none'}).")


async def follow(args: Any, client: AsyncInvokeAIClient, handle: WorkflowHandle, started: WorkflowRun) -> int:
    """Print each image and video as it is saved (downloaded first with --out: a video as its whole MP4);
    with --json one object at the end."""
    name = handle.definition.name or "the workflow"
    say(f"queued {len(started.item_ids)} item(s) of {name}, batch {started.batch_id}")
    progress = progress_for(say, name, len(started.item_ids))
    save = {"image": client.image_repo.save_image_in_folder, "video": client.video_repo.save_video_in_folder}
    saved: list[dict[str, Any]] = []
    try:
        async for output in started.outputs():
            for kind, saved_name in saved_names(output):
                entry = {"kind": kind, f"{kind}_name": saved_name, "node_id": output.node_id,
                         "node_label": output.label, "item_id": output.item_id, "board_id": output.board_id}
                if args.out:
                    entry["file"] = str(await save[kind](saved_name, args.out))
                progress.saved(output, saved_name, kind)
                saved.append(entry)
                if not args.json:
                    print(entry.get("file", saved_name), flush=True)
    except (KeyboardInterrupt, asyncio.CancelledError):
        progress.close()
        await say_what_stays_queued(client, started)
        raise KeyboardInterrupt from None
    except BaseException:  # a failed run (exit 1) or a download that failed: the bar ends before it is said
        progress.close()
        raise
    progress.close()
    if args.json:
        print(json.dumps({"workflow": handle.definition.name, "batch_id": started.batch_id,
                          "item_ids": started.item_ids, "images": [i["image_name"] for i in saved if "image_name" in i],
                          "videos": [v["video_name"] for v in saved if "video_name" in v],
                          "files": [i["file"] for i in saved if "file" in i], "outputs": saved}, indent=2))
    return 0


def saved_names(output: OutputImages) -> list[tuple[str, str]]:
    """(kind, name) of what one node saved: its images, then its videos."""
    return [("image", name) for name in output.image_names] + [("video", name) for name in output.video_names]


async def say_what_stays_queued(client: AsyncInvokeAIClient, started: WorkflowRun) -> None:
    """Ctrl-C stops waiting only: say which of the run's items the server still has to do."""
    try:
        summaries = await asyncio.wait_for(client.queue_repo.get_summaries_by_ids(started.item_ids), 5)
    except (Exception, asyncio.CancelledError):  # noqa: BLE001 - the server's answer is a nicety here
        say(f"interrupted: queue items {', '.join(map(str, started.item_ids))} stay on the server "
            f"(batch {started.batch_id})")
        return
    waiting = [f"{s.item_id} ({s.status})" for s in summaries if s.status not in TERMINAL_STATUSES]
    if waiting:
        say(f"interrupted: still queued on the server, not canceled: {', '.join(waiting)} (batch {started.batch_id})")
    else:
        say("interrupted: every queue item of the run had already finished")
