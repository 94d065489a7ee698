"""What the Generate screen's workers do: count the prompt's expansions, recall an image's parameters,
and submit (uploading a local init image first). Each speaks to the service (``app.generator``) and
shows the answer; a ``GenerateInputError`` is a sentence for the user, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...client.errors import InvalidImageError
from ...generate.params import GenerateParams
from ...generate.validate import GenerateInputError

if TYPE_CHECKING:
    from .generate import GenerateScreen


async def count_prompts(screen: GenerateScreen) -> None:
    """Show how many prompts the dynamic prompt expands to (the server's own utility)."""
    if screen.generator is None or screen.params.model is None:
        return
    text = screen.prompts.prompt.text
    if "{" not in text:
        screen.prompts.show_count(1)
        return
    screen.prompts.show_count(None)
    try:
        params = screen.read_params()
    except ValueError:
        params = screen.params.model_copy(update={"positive_prompt": text})
    try:
        prompts = await screen.generator.expand_prompts(params)
    except GenerateInputError as exc:
        screen.prompts.show_count(0, str(exc))
        return
    screen.prompts.show_count(len(prompts))


async def recall(screen: GenerateScreen, image_name: str) -> None:
    """Fill the form from the image's metadata; what could not be restored is said, not dropped."""
    await screen.when_loaded()  # a fresh screen fills its form first
    try:
        current = screen.read_params()
    except ValueError:
        current = screen.params  # a half-typed box: the recall overwrites it anyway
    try:
        result = await screen.generator.recall(image_name, current=current)
    except GenerateInputError as exc:
        screen.notify(str(exc), title="Cannot recall", severity="error", timeout=8)
        return
    params = result.params
    if params.model is None or screen._installed(params.model.key) is None:
        params = params.model_copy(update={"model": screen.params.model})
    await screen.show_params(params)
    if result.not_restored:
        screen.show_banner("⚠ Not restored from " + image_name + ": " + "; ".join(result.not_restored))
        screen.notify("\n".join(result.not_restored), title="Some parameters could not be restored",
                      severity="warning", timeout=8)
    else:
        screen.show_banner("")
        screen.notify(f"Recalled {len(result.restored)} parameters from {image_name}", timeout=3)


async def resolve_init_image(screen: GenerateScreen, params: GenerateParams) -> GenerateParams | None:
    """A local file as the init image is uploaded first (to the chosen board, kept out of the gallery
    as the web UI's canvas uploads are); an image name is used as typed."""
    value = params.init_image
    if not value:
        return params
    path = Path(value).expanduser()
    if not path.is_file():
        if "/" in value or value.startswith(("~", ".")):
            screen.notify(f"There is no file {value}.", title="Cannot generate", severity="error", timeout=6)
            return None
        return params  # an image name on the server
    try:
        record = await screen.client.image_repo.upload_image(path, image_category="user", is_intermediate=True)
    except InvalidImageError as exc:  # not an image: refused before sending
        screen.notify(str(exc), title="Cannot use the init image", severity="error", timeout=8)
        return None
    screen.settings.init_image.value = record.image_name
    return params.model_copy(update={"init_image": record.image_name})


async def submit(screen: GenerateScreen, params: GenerateParams, prepend: bool) -> None:
    params = await resolve_init_image(screen, params)
    if params is None:
        return
    try:
        prepared = await screen.generator.prepare(params, prepend=prepend)
    except GenerateInputError as exc:
        screen.notify(str(exc), title="Cannot generate", severity="error", timeout=8)
        return
    run = await screen.generator.submit(prepared)
    screen.last_prepared = prepared
    screen.settings.last_seed = prepared.start_seed
    screen.remember(params)
    screen.app.queue_pane_visible = True  # the progress and the denoise preview
    count = prepared.session_count
    screen.notify(f"Enqueued {count} image(s) with {params.model.name}", timeout=3)
    screen.run_results.board_names = {b.board_id: b.board_name for b in screen.boards}
    screen.run_results.start(f"Generating {count} image(s)… seed {prepared.start_seed} (batch {run.batch_id[:8]})")
    await screen.run_results.follow(run, lambda: screen.is_attached)
