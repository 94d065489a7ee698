"""`invokeai-tui queue [--json] [--watch]` and `queue cancel|retry|clear|prune|pause|resume`: the
server's session queue from the command line (DESIGN.md "Command line": data on stdout, the rest on
stderr; exit 0 done, 1 the server refused, 2 bad input with nothing sent, 3 server unreachable or
not logged in, 130 interrupted: Ctrl-C never cancels server work)."""

from __future__ import annotations

import argparse
from typing import Any

from ..client import AsyncInvokeAIClient, QueueItemSummary
from ..client.records.queue import TERMINAL_STATUSES
from ..config.settings import Settings
from . import output
from .connect import EXIT_BAD_INPUT, CommandError, add_server_flags, connect, run_command
from .output import stderr_say
from .queue_watch import counts, counts_text, watch

PROG = "invokeai-tui queue"
EXIT_CODES = ("Exit codes: 0 done, 1 the server refused it, 2 bad input (nothing sent), 3 cannot reach the "
              "server or not logged in, 130 interrupted (queued work goes on).")
RETRYABLE = ("failed", "canceled")
say = stderr_say(PROG)


def build_queue_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, epilog=EXIT_CODES,
        description="The queue's counts and newest items; --watch follows it live until Ctrl-C. "
        "COMMAND changes it: cancel, retry, clear, prune, pause, resume.")
    parser.add_argument("--json", action="store_true", help="print JSON (with --watch: one document per line)")
    parser.add_argument("--watch", action="store_true", help="follow the queue live until interrupted")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="items to list, newest first "
                        "(default 50; 0 lists them all)")
    add_server_flags(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cancel = commands.add_parser("cancel", help="cancel items, a batch, or everything", epilog=EXIT_CODES,
                                 description="Cancel queue items by id, every item of a batch (--batch), or "
                                 "every pending item and the running one (--all).")
    cancel.add_argument("items", nargs="*", type=int, metavar="ITEM")
    cancel.add_argument("--batch", action="append", default=[], metavar="B", help="a batch id (repeatable)")
    cancel.add_argument("--all", action="store_true", help="every pending item and the running one")
    retry = commands.add_parser("retry", help="run failed or canceled items again", epilog=EXIT_CODES,
                                description="Enqueue failed or canceled items again (as new items); prints "
                                "the new items' ids.")
    retry.add_argument("items", nargs="+", type=int, metavar="ITEM")
    for name, text in (("clear", "cancel the running item and delete every item"),
                       ("prune", "delete the completed, failed and canceled items"),
                       ("pause", "stop starting new items (the running one finishes)"),
                       ("resume", "start items again")):
        commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".", epilog=EXIT_CODES)
    for sub in commands.choices.values():
        sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
        add_server_flags(sub, under_command=True)
    return parser


def main(argv: list[str]) -> int:
    parser = build_queue_parser()
    args = parser.parse_args(argv)  # bad usage exits 2 (argparse)
    if args.command == "cancel" and sum(map(bool, (args.items, args.batch, args.all))) != 1:
        parser.error("cancel takes ITEM ids, --batch B or --all (one of them)")
    if args.command and args.watch:
        parser.error(f"--watch follows the queue; it does not go with {args.command}")
    return run_command(args, run, say)


async def run(args: Any, settings: Settings, url: str) -> int:
    command = COMMANDS[args.command or "show"]
    async with AsyncInvokeAIClient.from_url(url) as client:
        await connect(client, settings)
        return await command(args, client)


def emit(args: Any, document: Any, lines: list[str]) -> None:
    output.emit(args.json, document, lines)


def summary(item: QueueItemSummary) -> dict:
    return item.model_dump(mode="json", exclude_unset=True)


# ------------------------------------------------------------------ show / watch
async def show(args: Any, client: AsyncInvokeAIClient) -> int:
    if args.watch:
        return await watch(client, args.json, say)
    repo = client.queue_repo
    status = await repo.get_status()
    ids = await repo.get_item_ids()
    shown = ids if args.limit <= 0 else ids[: args.limit]
    items = await repo.get_summaries_by_ids(shown) if shown else []
    paused = not status.processor.is_started
    document = {"queue": counts(status.queue), "paused": paused, "current_item_id": status.queue.item_id,
                "items": [summary(item) for item in items]}
    rows = [["ITEM", "STATUS", "BATCH", "ORIGIN", "CREATED"]] + [
        [str(i.item_id), i.status, (i.batch_id or "")[:8], i.origin or "", (i.created_at or "")[:19]] for i in items]
    emit(args, document, [f"queue {counts_text(document['queue'])}{'  paused' if paused else ''}"]
         + (output.table(rows) if items else []))
    if len(shown) < len(ids):
        say(f"the newest {len(shown)} of {len(ids)} items are listed (--limit 0 lists them all)")
    return 0


# ------------------------------------------------------------------ changing it
async def existing_items(client: AsyncInvokeAIClient, item_ids: list[int]) -> list[QueueItemSummary]:
    """The items, in the order asked; an id the queue does not have is bad input (nothing sent)."""
    found = {item.item_id: item for item in await client.queue_repo.get_summaries_by_ids(item_ids)}
    missing = [str(i) for i in item_ids if i not in found]
    if missing:
        raise CommandError(f"The queue has no item {', '.join(missing)}.", EXIT_BAD_INPUT)
    return [found[i] for i in dict.fromkeys(item_ids)]


async def cancel(args: Any, client: AsyncInvokeAIClient) -> int:
    repo = client.queue_repo
    if args.all:
        canceled = await repo.cancel_all()
        emit(args, {"canceled": canceled}, [str(canceled)])
        say(f"canceled {canceled} item(s)")
        return 0
    if args.batch:
        canceled = await repo.cancel_by_batch_ids(args.batch)
        emit(args, {"canceled": canceled}, [str(canceled)])
        say(f"canceled {canceled} item(s) of batch {', '.join(args.batch)}")
        return 0
    results = []
    for item in await existing_items(client, args.items):
        if item.status in TERMINAL_STATUSES:
            say(f"item {item.item_id} was already {item.status}")
            results.append({"item_id": item.item_id, "status": item.status})
            continue
        after = await repo.cancel_item(item.item_id)
        results.append({"item_id": after.item_id, "status": after.status})
    emit(args, results, [f"{r['item_id']} {r['status']}" for r in results])
    return 0


async def retry(args: Any, client: AsyncInvokeAIClient) -> int:
    items = await existing_items(client, args.items)
    refused = [f"item {i.item_id} is {i.status}" for i in items if i.status not in RETRYABLE]
    if refused:
        raise CommandError(f"Only failed or canceled items can be retried: {'; '.join(refused)}.", EXIT_BAD_INPUT)
    new_ids = await client.queue_repo.retry_items_as_new([i.item_id for i in items])
    results = [{"item_id": old, "new_item_id": new} for old, new in new_ids.items()]
    for result in results:
        say(f"retried item {result['item_id']} as item {result['new_item_id']}")
    emit(args, results, [str(r["new_item_id"]) for r in results])
    return 0


async def clear(args: Any, client: AsyncInvokeAIClient) -> int:
    deleted = await client.queue_repo.clear()
    emit(args, {"deleted": deleted}, [str(deleted)])
    say(f"cleared the queue: {deleted} item(s) deleted")
    return 0


async def prune(args: Any, client: AsyncInvokeAIClient) -> int:
    deleted = await client.queue_repo.prune()
    emit(args, {"deleted": deleted}, [str(deleted)])
    say(f"pruned {deleted} finished item(s)")
    return 0


async def pause(args: Any, client: AsyncInvokeAIClient) -> int:
    return processor(args, await client.queue_repo.pause_processor())


async def resume(args: Any, client: AsyncInvokeAIClient) -> int:
    return processor(args, await client.queue_repo.resume_processor())


def processor(args: Any, status: Any) -> int:
    state = "running" if status.is_started else "paused"
    emit(args, {"paused": not status.is_started, "processing": status.is_processing}, [state])
    return 0


COMMANDS = {"show": show, "cancel": cancel, "retry": retry, "clear": clear, "prune": prune, "pause": pause,
            "resume": resume}
