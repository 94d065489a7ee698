"""`invokeai-tui generate "PROMPT" ...`: build the web UI's graph for the prompt, enqueue it, wait,
and print the images (DESIGN.md "Command line": data on stdout, progress and errors on stderr;
exit 0 done, 1 failed on the server, 2 bad input with nothing sent, 3 server unreachable or not
logged in, 130 interrupted)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from ..client import AsyncInvokeAIClient, RequestRejectedError
from ..config.settings import Settings
from ..generate.service import Generator, PreparedGeneration
from ..generate.validate import GenerateInputError
from .connect import connect, run_command
from .generate_args import InitImage, build_generate_parser, params_from_args, read_init_image
from .output import stderr_say

PROG = "invokeai-tui generate"
say = stderr_say(PROG)


def main(argv: list[str]) -> int:
    args = build_generate_parser().parse_args(argv)  # bad usage exits 2 (argparse)
    # A refused batch (RequestRejectedError) queued nothing: bad input, like the generator's own checks.
    return run_command(args, run, say, bad_input=(GenerateInputError, RequestRejectedError))


async def run(args: Any, settings: Settings, url: str) -> int:
    async with AsyncInvokeAIClient.from_url(url) as client:
        await connect(client, settings)
        generator = Generator(client)
        prepared, upload = await prepare(args, generator)
        if args.print_graph:
            print(json.dumps(prepared.body, indent=2))
            return 0
        if upload is not None:
            prepared = await upload_and_prepare(args, generator, prepared, upload)
        return await submit_and_wait(args, generator, prepared)


async def prepare(args: Any, generator: Generator) -> tuple[PreparedGeneration, InitImage | None]:
    start = None
    if args.recall:
        start = await recalled(generator, args.recall)
    params = await params_from_args(args, generator, start)
    init = read_init_image(args.init_image) if args.init_image else None
    if init is not None:
        params = params.model_copy(update={"init_image": init.image_name or f"<upload of {init.local_path}>"})
    elif args.strength is not None:
        raise GenerateInputError("--strength is for image to image: give --init-image too.")
    size = init.size if init is not None and init.local_path else None
    prepared = await generator.prepare(params, init_image_size=size)
    return prepared, init if init is not None and init.local_path else None


async def recalled(generator: Generator, image_name: str) -> Any:
    result = await generator.recall(image_name)
    for sentence in getattr(result, "not_restored", []):
        say(f"not restored: {sentence}")
    return result.params


async def upload_and_prepare(args: Any, generator: Generator, prepared: PreparedGeneration,
                             init: InitImage) -> PreparedGeneration:
    """The local init image goes up only now that everything else is known to be fine."""
    assert init.local_path is not None
    record = await generator.client.image_repo.upload_image(init.local_path, image_category="user",
                                                            is_intermediate=True)
    say(f"uploaded {init.local_path} as {record.image_name}")
    params = prepared.params.model_copy(update={"init_image": record.image_name})
    return await generator.prepare(params, init_image_size=(record.width, record.height))


async def submit_and_wait(args: Any, generator: Generator, prepared: PreparedGeneration) -> int:
    run = await generator.submit(prepared)
    say(f"queued {len(run.item_ids)} item(s) for {prepared.session_count} image(s), batch {run.batch_id}")
    try:
        await run.wait_for_all(on_output=lambda output: say(f"image {' '.join(output.image_names)}"))
    except (KeyboardInterrupt, asyncio.CancelledError):
        say(f"interrupted: queue items {', '.join(map(str, run.item_ids))} stay on the server")
        raise KeyboardInterrupt from None
    images = [name for output in run.map_outputs_to_images() for name in output.image_names]
    files = [str(await generator.client.image_repo.save_image_in_folder(name, args.out)) for name in images] \
        if args.out else []
    if args.json:
        print(json.dumps({"images": images, "files": files, "item_ids": run.item_ids, "batch_id": run.batch_id,
                          "seeds": prepared.seeds, "prompts": prepared.prompts}, indent=2))
    else:
        for line in files or images:
            print(line)
    return 0
