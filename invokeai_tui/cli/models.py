"""`invokeai-tui models list|install|delete|jobs`: the server's models from the command line
(DESIGN.md "Command line": data on stdout, progress and errors on stderr; exit 0 done, 1 the server
refused or failed it, 2 bad input with nothing sent, 3 server unreachable or not logged in, 130
interrupted, and an install job then goes on on the server: Ctrl-C never cancels it)."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from typing import Any

from ..client import (
    AsyncInvokeAIClient,
    DnnModel,
    ModelDownloadError,
    ModelInstallJob,
    ModelInstallJobHandle,
    RequestRejectedError,
)
from ..client.model_in_use import in_use_warning, running_item_using
from ..client.model_install_errors import install_job_error
from ..config.settings import Settings
from .connect import EXIT_BAD_INPUT, EXIT_FAILED, CommandError, connect, run_command
from ..client.model_sources import fate, hf_unreachable
from .models_args import BadInput, build_models_parser, describe, pick_model, read_source
from .models_progress import amount, progress_for
from .output import stderr_say

PROG = "invokeai-tui models"
EVENTS_TIMEOUT = 5.0  # without the live socket the job is polled: slower, but it still finishes
say = stderr_say(PROG)


def main(argv: list[str]) -> int:
    args = build_models_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    return run_command(args, run, say, bad_input=(BadInput,))


async def run(args: Any, settings: Settings, url: str) -> int:
    command = {"list": list_models, "install": install, "delete": delete, "jobs": list_jobs}[args.command]
    async with AsyncInvokeAIClient.from_url(url) as client:
        return await command(args, client, settings)


def record(item: DnnModel | ModelInstallJob) -> dict:
    """A record as the server sent it (no defaults added, unknown keys kept)."""
    return item.model_dump(mode="json", exclude_unset=True)


def table(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join([cell.ljust(width) for cell, width in zip(row, widths)] + [row[-1]]).rstrip())


# ------------------------------------------------------------------ list
async def list_models(args: Any, client: AsyncInvokeAIClient, settings: Settings) -> int:
    await connect(client, settings)
    try:
        models = await client.dnn_model_repo.list_models(base=args.base, type=args.type)
    except RequestRejectedError as exc:  # a base or type the server does not know
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    if args.json:
        print(json.dumps([record(m) for m in models], indent=2))
    elif models:
        table([["NAME", "BASE", "TYPE", "FORMAT", "KEY"]]
              + [[m.name, m.base, m.type, m.format or "", m.key] for m in models])
    else:
        say("no model is installed" + (" that matches" if args.base or args.type else ""))
    return 0


# ------------------------------------------------------------------ install
async def install(args: Any, client: AsyncInvokeAIClient, settings: Settings) -> int:
    source = read_source(args.source, inplace=args.inplace)  # before anything is sent
    await connect(client, settings)
    if not args.no_wait and not await client.events.start(timeout=EVENTS_TIMEOUT):
        say("no live events from the server: following the job by polling")
    try:
        handle = await client.model_manager.install(
            source.text, inplace=True if args.inplace else None, name=args.name, description=args.description)
    except ModelDownloadError as exc:
        if source.kind == "hf" and isinstance(exc.status, int) and exc.status >= 500:
            raise CommandError(hf_unreachable(source.text, exc.status), EXIT_FAILED) from None
        raise
    if args.no_wait:
        if args.json:
            print(json.dumps({"job_id": handle.id, "status": handle.status, "source": handle.job.source_text}))
        else:
            print(handle.id)
        say(f"install job {handle.id} started; follow it with `invokeai-tui models jobs`")
        return 0
    say(f"install job {handle.id}: {handle.job.source_text or source.text}")
    progress = progress_for(say)
    try:
        try:
            job = await handle.wait(on_update=lambda job: progress.update(with_file_bytes(job, handle)),
                                    raise_on_failure=False)
        finally:
            progress.close()  # the bar ends before anything else is said
    except (KeyboardInterrupt, asyncio.CancelledError):
        say(f"interrupted: install job {handle.id} ({handle.job.source_text}, {handle.status}) goes on on the "
            "server; see it with `invokeai-tui models jobs`")
        raise KeyboardInterrupt from None
    if not job.is_completed or job.config_out is None:
        raise CommandError(handle.error_text or f"Install job {job.id} ended {job.status}.", EXIT_FAILED)
    model = job.config_out
    if args.json:
        print(json.dumps({"job_id": job.id, "status": job.status, "source": job.source_text,
                          "model": record(model)}, indent=2))
    else:
        print(model.key)
    say(f"installed {describe(model)}")
    return 0




def with_file_bytes(job: ModelInstallJob, handle: ModelInstallJobHandle) -> ModelInstallJob:
    """The job with the bytes of its download_* events, which come more often than the job's own."""
    files = handle.files.values()
    done, total = sum(f.bytes for f in files), sum(f.total_bytes for f in files)
    if job.is_done or (total <= job.total_bytes and done <= job.bytes):
        return job
    return job.model_copy(update={"bytes": max(done, job.bytes), "total_bytes": max(total, job.total_bytes)})


# ------------------------------------------------------------------ delete
async def delete(args: Any, client: AsyncInvokeAIClient, settings: Settings) -> int:
    if not args.yes and not sys.stdin.isatty():
        raise BadInput(f"Not deleting {args.model!r}: stdin is not a terminal to ask on; give --yes to delete.")
    await connect(client, settings)
    repo = client.dnn_model_repo
    by_key = await repo.get_model_by_key(args.model)
    named = [] if by_key else [m for m in await repo.list_models(name=args.model) if m.name == args.model]
    model = pick_model(args.model, by_key, named)
    running = await running_item_using(client, model.key)
    if running is not None:
        say(in_use_warning(running))
    if not args.yes and not confirm(f"Delete {describe(model)}? {fate(model)} [y/N] "):
        say("not deleted")
        return EXIT_BAD_INPUT
    await client.model_manager.delete_model(model.key)
    print(model.key)
    say(f"deleted {describe(model)}")
    return 0




def confirm(question: str) -> bool:
    """Ask on the terminal. Ctrl-C must stop the command here: the event loop's own handler would only
    take effect once a line was typed."""
    print(question, end="", file=sys.stderr, flush=True)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        answer = sys.stdin.readline()
    finally:
        signal.signal(signal.SIGINT, previous)
    return answer.strip().lower() in ("y", "yes")


# ------------------------------------------------------------------ jobs
async def list_jobs(args: Any, client: AsyncInvokeAIClient, settings: Settings) -> int:
    await connect(client, settings)
    jobs = await client.model_manager.list_install_jobs()
    if args.json:
        print(json.dumps([{**record(job), "error_text": job_error(job)} for job in jobs], indent=2))
        return 0
    if not jobs:
        say("the server has no install jobs")
        return 0
    rows = [["ID", "STATUS", "PROGRESS", "SOURCE"]]
    for job in jobs:
        rows.append([str(job.id), job.status, amount(job), job.source_text])
    table(rows)
    for job in jobs:  # why a job failed is data too: below the table, one line each
        if job_error(job):
            print(f"job {job.id}: {job_error(job)}")
    return 0


def job_error(job: ModelInstallJob) -> str | None:
    err = install_job_error(job)
    return str(err) if err else None
