"""Flows of the workflows screen that are a dialog and what follows it, each awaited in a worker:
presets (load, save, delete), syncing the workflow's models, and picking an image or a video for a field."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...config import presets as preset_files
from ..widgets.form_fields import ImageEditor, VideoEditor
from ..widgets.path_suggester import PathSuggester
from .dialogs import TextPromptDialog
from .workflow_dialogs import ImagePickDialog, PresetDialog, VideoPickDialog

if TYPE_CHECKING:
    from .workflows import WorkflowsScreen


def preset_store(screen: WorkflowsScreen) -> preset_files.PresetStore:
    return preset_files.PresetStore(Path(screen.app.settings.path).parent / "presets")


async def choose_preset(screen: WorkflowsScreen) -> None:
    """Ask which preset to load, save or delete, then do it."""
    key = preset_files.workflow_key(screen.handle.definition)
    try:
        names = preset_store(screen).names(key)
    except preset_files.PresetError as exc:
        screen.notify(str(exc), title="Presets", severity="error", timeout=8)
        names = []
    answer = await screen.app.push_screen_wait(PresetDialog(screen.handle.definition.name, names))
    if answer:
        use_preset(screen, *answer)


def use_preset(screen: WorkflowsScreen, what: str, name: str) -> None:
    handle, store = screen.handle, preset_store(screen)
    key = preset_files.workflow_key(handle.definition)
    try:
        if what == "save":
            path = store.save(key, name, preset_files.capture(handle), handle.definition.name)
            screen.notify(f"Saved preset “{name}” ({path.name})", timeout=3)
        elif what == "delete":
            store.delete(key, name)
            screen.notify(f"Deleted preset “{name}”", timeout=3)
        else:
            problems = preset_files.apply(handle, store.load(key, name))
            screen.form.reload_values()
            screen.update_banner()
            if problems:
                screen.notify("\n".join(problems[:6]), title=f"Preset “{name}” partly applied",
                              severity="warning", timeout=8)
            else:
                screen.notify(f"Loaded preset “{name}”", timeout=3)
    except (preset_files.PresetError, OSError) as exc:
        screen.notify(str(exc), title="Presets", severity="error", timeout=8)


async def sync_models(screen: WorkflowsScreen) -> None:
    """Point the workflow's model inputs at installed models, and say what changed."""
    report = await screen.handle.sync_dnn_model(by_name=True, by_base=True)
    screen.form.reload_values()
    screen.update_banner()
    changed = ", ".join(f"{c.old.get('name')} → {c.new.get('name')}" for c in report.changed)
    if report.unmatched:
        screen.notify(f"{len(report.changed)} model(s) synced{': ' + changed if changed else ''}\n"
                      + "\n".join(u.reason for u in report.unmatched), title="Some models not matched",
                      severity="warning", timeout=8)
    elif report.changed:
        screen.notify(f"Synced {len(report.changed)} model(s): {changed}", timeout=5)
    else:
        screen.notify("Every model of this workflow is installed.", timeout=3)


async def pick_image(screen: WorkflowsScreen, editor: ImageEditor, source: str) -> None:
    """An image for ``editor``: from a board (with previews) or a local file (uploaded on submit)."""
    if source == "board":
        boards = [b for b in (screen.boards or []) if not b.is_uncategorized]
        dialog = ImagePickDialog(f"Image for #{editor.winput.input_index} {editor.winput.label}", boards)
    else:
        dialog = TextPromptDialog(f"Local image for {editor.winput.label} (uploaded on submit)",
                                  placeholder="path to a PNG/JPEG/WebP file", suggester=PathSuggester())
    value = await screen.app.push_screen_wait(dialog)
    if value:
        editor.choose(value)


async def pick_video(screen: WorkflowsScreen, editor: VideoEditor) -> None:
    """A video for ``editor`` from a board (with posters); a local MP4 is typed as a path instead."""
    boards = [b for b in (screen.boards or []) if not b.is_uncategorized]
    name = await screen.app.push_screen_wait(
        VideoPickDialog(f"Video for #{editor.winput.input_index} {editor.winput.label}", boards))
    if name:
        editor.choose(name)
