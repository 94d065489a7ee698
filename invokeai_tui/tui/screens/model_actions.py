"""What the Models screen does to the server's models. Each flow is a coroutine the screen runs in a
worker: it checks that the account may do it (on a multi-user server only admins manage models:
otherwise it says so and sends nothing), awaits a dialog, then asks the core client's model manager.
An install is only started here: the server runs the job and the jobs list shows its progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...client.model_sources import InstallSource, describe, fate, hf_unreachable
from ...client.errors import InvokeAIError, ModelInstallError, ServerError
from ...client.model_in_use import in_use_warning, running_item_using
from ...client.records import DnnModel
from .dialogs import ConfirmDialog
from .model_dialogs import (
    CacheDialog,
    HFTokenDialog,
    InstallDialog,
    InstallRequest,
    ScanResultsDialog,
    StarterModelsDialog,
    with_dependencies,
)
from .model_edit_dialog import EditModelDialog

if TYPE_CHECKING:
    from .models import ModelsScreen


# -- who may do what --------------------------------------------------------------------------------
async def is_admin(screen: ModelsScreen) -> bool:
    """Whether this account may manage models. No token: a single-user server, where everyone may.
    Remembered per token (a new login may be another person)."""
    client, app = screen.client, screen.app
    token = client.token
    if token is None:
        return True
    known = getattr(app, "model_admin", None)
    if known and known[0] == token:
        return known[1]
    status = await client.auth_status()
    admin = (await client.current_user()).is_admin if status.multiuser_enabled else True
    app.model_admin = (token, admin)
    return admin


async def may(screen: ModelsScreen, what: str) -> bool:
    if await is_admin(screen):
        return True
    screen.notify(f"{what} needs an administrator account on this server; you are not an admin, so nothing was "
                  "sent. Ask an admin of the server to do it.", title="Admins only", severity="warning", timeout=8)
    return False


# -- install ----------------------------------------------------------------------------------------
async def install(screen: ModelsScreen) -> None:
    if not await may(screen, "Installing a model"):
        return
    request: InstallRequest | None = await screen.app.push_screen_wait(InstallDialog())
    if request is None:
        return
    if request.action == "scan" and request.source is not None:
        await scan_and_install(screen, request.source.text, request.inplace)
    elif request.action == "starter":
        await install_starters(screen)
    elif request.source is not None:
        await start_install(screen, request.source, name=request.name, description=request.description,
                            inplace=request.inplace)


async def start_install(screen: ModelsScreen, source: InstallSource, *, inplace: bool = False,
                        **changes: Any) -> bool:
    """Hand the install to the server; the jobs list follows it. A refusal is said at once."""
    try:
        handle = await screen.client.model_manager.install(
            source.text, inplace=True if inplace and source.kind == "path" else None, **changes)
    except (ModelInstallError, ServerError) as err:  # the server refused at once: say why, nothing runs
        status = err.status
        unreachable = source.kind == "hf" and isinstance(status, int) and status >= 500
        screen.notify(hf_unreachable(source.text, status) if unreachable else str(err), title="Not installed",
                      severity="error", timeout=10)
        return False
    screen.notify(f"Install job {handle.id} started: {handle.job.source_text or source.text}. The jobs list "
                  "shows its progress.", title="Installing", timeout=6)
    return True


async def scan_and_install(screen: ModelsScreen, folder: str, inplace: bool) -> None:
    found = await screen.client.model_manager.scan_folder(folder)
    if not found:
        screen.notify(f"The server found no model in {folder}.", severity="warning", timeout=6)
        return
    answer = await screen.app.push_screen_wait(ScanResultsDialog(folder, found, inplace))
    if not answer:
        return
    paths, inplace = answer
    for path in paths:
        await start_install(screen, InstallSource(path, "path"), inplace=inplace)


async def install_starters(screen: ModelsScreen) -> None:
    catalogue = await screen.client.model_manager.starter_models()
    picked = await screen.app.push_screen_wait(StarterModelsDialog(catalogue))
    if not picked:
        return
    todo = with_dependencies(picked)
    if not todo:
        screen.notify("Everything picked is installed already.", timeout=4)
        return
    for model in todo:
        kind = "url" if model.source.startswith(("http://", "https://")) else "hf"
        if not await start_install(screen, InstallSource(model.source, kind), name=model.name or None,
                                   description=model.description or None):
            return  # what comes after it may depend on it


# -- one model --------------------------------------------------------------------------------------
async def remove(screen: ModelsScreen, model: DnnModel) -> None:
    if not await may(screen, "Removing a model"):
        return
    running = await running_item_using(screen.client, model.key)
    warning = f"\n\n{in_use_warning(running)}" if running is not None else ""
    dialog = ConfirmDialog("Remove model", f"Remove {describe(model)}?\n{fate(model)}{warning}", yes="Remove")
    if not await screen.app.push_screen_wait(dialog):
        return
    await screen.client.model_manager.delete_model(model.key)
    screen.notify(f"Removed {model.name}", timeout=4)
    screen.load_models()


async def convert(screen: ModelsScreen, model: DnnModel) -> None:
    if not await may(screen, "Converting a model"):
        return
    dialog = ConfirmDialog(
        "Convert to diffusers",
        f"Convert {describe(model)} to the diffusers format? The server rewrites it (this can take minutes) "
        "and replaces the checkpoint; the model gets a new key.", yes="Convert")
    if not await screen.app.push_screen_wait(dialog):
        return
    screen.notify(f"Converting {model.name} …", timeout=4)
    try:
        converted = await screen.client.model_manager.convert_model(model.key)
    except InvokeAIError as err:
        screen.notify(str(err), title="Not converted", severity="error", timeout=10)
        return
    screen.notify(f"Converted {model.name}: now {converted.format}, key {converted.key}", timeout=6)
    screen.load_models(select=converted.key)


async def edit(screen: ModelsScreen, model: DnnModel) -> None:
    if not await may(screen, "Editing a model"):
        return
    vaes = [m for m in await screen.client.dnn_model_repo.list_models(type="vae") if m.base == model.base]

    async def save(changes: dict[str, Any]) -> DnnModel:
        return await screen.client.model_manager.update_model(model.key, **changes)

    saved = await screen.app.push_screen_wait(EditModelDialog(model, vaes, save))
    if saved is None:
        return
    screen.notify(f"Saved {saved.name}", timeout=4)
    screen.load_models(select=saved.key)


# -- the server's cache and Hugging Face token -------------------------------------------------------
async def model_cache(screen: ModelsScreen) -> None:
    if not await may(screen, "Reading the model cache"):
        return
    manager = screen.client.model_manager
    if not await screen.app.push_screen_wait(CacheDialog(await manager.cache_stats())):
        return
    await manager.empty_model_cache()
    screen.notify("The model cache is empty: models load again from disk when next used.", timeout=5)


async def hf_token(screen: ModelsScreen) -> None:
    if not await may(screen, "The server's Hugging Face token"):
        return
    manager = screen.client.model_manager
    answer = await screen.app.push_screen_wait(HFTokenDialog(await manager.hf_token_status()))
    if answer is None:
        return
    action, token = answer
    # The token goes to the server once; it is neither kept nor logged nor shown.
    status = await (manager.hf_login(token) if action == "login" else manager.hf_logout())
    if action == "logout":
        screen.notify("The server's Hugging Face token is removed.", timeout=5)
    elif status == "valid":
        screen.notify("The server is logged in to Hugging Face.", timeout=5)
    else:
        screen.notify(f"The server kept the token but could not confirm it (status {status}): it may be wrong, "
                      "or the server cannot reach Hugging Face.", severity="warning", timeout=10)
