"""Dialogs of the workflows screen: pick a board image or video (with preview), set up a sweep, presets."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from ..widgets.form_fields import CollectionEditor
from ..widgets.image_preview import ImagePreview
from ...client.board_items import describe_video
from .dialogs import _Dialog

IMAGES_SHOWN = 200


class ImagePickDialog(_Dialog):
    """Boards on the left, the board's newest images in the middle, the highlighted one's preview on
    the right. Dismisses with an image name, or None."""

    DEFAULT_CSS = """
    ImagePickDialog .dialog { width: 110; height: 30; }
    ImagePickDialog #pick-body { height: 1fr; }
    ImagePickDialog #pick-boards { width: 26; height: 1fr; max-height: 100%; }
    ImagePickDialog #pick-images { width: 1fr; height: 1fr; max-height: 100%; }
    ImagePickDialog #pick-preview { width: 36; }
    ImagePickDialog .hint { color: $text-muted; }
    """

    WHAT = "image"

    def __init__(self, title: str, boards: list[Any]) -> None:
        super().__init__()
        self._title = title
        self.boards = boards

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="title")
            with Horizontal(id="pick-body"):
                yield OptionList(Option("Uncategorized", id="none"),
                                 *[Option(b.board_name, id=b.board_id) for b in self.boards], id="pick-boards")
                yield OptionList(id="pick-images")
                yield ImagePreview(id="pick-preview", full_image_key=None)
            yield Label(f"enter picks the {self.WHAT} · esc cancels", classes="hint")

    def on_mount(self) -> None:
        boards = self.query_one("#pick-boards", OptionList)
        boards.highlighted = 0
        boards.focus()

    @on(OptionList.OptionHighlighted, "#pick-boards")
    def _board(self, event: OptionList.OptionHighlighted) -> None:
        self.load_images(event.option.id)

    @on(OptionList.OptionSelected, "#pick-boards")
    def _board_chosen(self, _event: OptionList.OptionSelected) -> None:
        self.query_one("#pick-images").focus()

    @work(group="pick-images", exclusive=True, exit_on_error=False, description="list the board's images")
    async def load_images(self, board_id: str) -> None:
        page = await self.app.client.image_repo.list_images(board_id, offset=0, limit=IMAGES_SHOWN)
        images = self.query_one("#pick-images", OptionList)
        images.clear_options()
        images.add_options([Option(f"{r.image_name}  [dim]{r.width}×{r.height}[/dim]", id=r.image_name)
                            for r in page.items])
        if page.items:
            images.highlighted = 0
        else:
            self.query_one(ImagePreview).clear("no images on this board")

    @on(OptionList.OptionHighlighted, "#pick-images")
    def _image(self, event: OptionList.OptionHighlighted) -> None:
        self.show_preview(event.option.id)

    @work(group="pick-preview", exclusive=True, exit_on_error=False, description="show the preview")
    async def show_preview(self, image_name: str) -> None:
        data = await self.app.thumbnails.get(image_name)
        self.query_one(ImagePreview).show_bytes(image_name, data, "thumbnail")

    @on(OptionList.OptionSelected, "#pick-images")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class VideoPickDialog(ImagePickDialog):
    """The same for a board's videos (size, length, rate), previewed by their poster. Dismisses with a
    video name, or None."""

    WHAT = "video"

    @work(group="pick-images", exclusive=True, exit_on_error=False, description="list the board's videos")
    async def load_images(self, board_id: str) -> None:
        page = await self.app.client.video_repo.list_videos(board_id, offset=0, limit=IMAGES_SHOWN)
        videos = self.query_one("#pick-images", OptionList)
        videos.clear_options()
        videos.add_options([Option(describe_video(v), id=v.video_name) for v in page.items])
        if page.items:
            videos.highlighted = 0
        else:
            self.query_one(ImagePreview).clear("no videos on this board")

    @work(group="pick-preview", exclusive=True, exit_on_error=False, description="show the poster")
    async def show_preview(self, video_name: str) -> None:
        data = await self.app.thumbnails.get(video_name)  # a video name: its poster
        self.query_one(ImagePreview).show_bytes(video_name, data, "poster")


class SweepDialog(_Dialog):
    """Run the workflow once per value of one input. Dismisses with (input index, values), "clear" or None."""

    DEFAULT_CSS = """
    SweepDialog .dialog { width: 80; }
    SweepDialog .hint { color: $text-muted; }
    """

    def __init__(self, inputs: list[Any], current: tuple[int, list[Any]] | None = None) -> None:
        super().__init__()
        self.inputs = [i for i in inputs if i.kind in ("string", "integer", "float", "boolean", "enum", "model",
                                                      "board", "image", "video", "color")]
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Sweep one input over several values", classes="title")
            options = [(f"#{i.input_index} {i.label} ({i.kind})", i.input_index) for i in self.inputs]
            value = self.current[0] if self.current else (options[0][1] if options else Select.NULL)
            yield Select(options, value=value, allow_blank=not options, id="sweep-input")
            text = ", ".join(str(v) for v in self.current[1]) if self.current else ""
            yield Input(text, placeholder="values: 1, 2, 3  or  [\"a cat\", \"a dog\"]", id="sweep-values")
            yield Label("one queue item per value (times runs)", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("No sweep", id="clear")
                yield Button("Cancel", id="cancel")
                yield Button("OK", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#sweep-values").focus()

    def _result(self) -> tuple[int, list[Any]] | None:
        index = self.query_one("#sweep-input", Select).value
        values = CollectionEditor.parse(self.query_one("#sweep-values", Input).value)
        if index is Select.NULL or not values:
            self.notify("Pick an input and give at least one value.", severity="warning", timeout=3)
            return None
        return int(index), values

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        result = self._result()
        if result is not None:
            self.dismiss(result)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            result = self._result()
            if result is not None:
                self.dismiss(result)
        elif event.button.id == "clear":
            self.dismiss("clear")
        else:
            self.dismiss(None)


class PresetDialog(_Dialog):
    """Load, save or delete a named preset. Dismisses with ("load"|"save"|"delete", name) or None."""

    DEFAULT_CSS = """
    PresetDialog .dialog { width: 70; }
    PresetDialog .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("delete", "delete", "Delete preset", id="presets.delete")]

    def __init__(self, workflow_name: str, names: list[str]) -> None:
        super().__init__()
        self.workflow_name = workflow_name
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Presets of {self.workflow_name}", classes="title")
            if self.names:
                yield OptionList(*[Option(n, id=n) for n in self.names], id="preset-list")
            else:
                yield Label("No presets yet.", classes="hint")
            yield Input(placeholder="name to save the form's values as", id="preset-name")
            yield Label("enter on a preset loads it · delete removes it · enter in the name saves", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    @on(OptionList.OptionSelected)
    def _load(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("load", event.option.id))

    @on(OptionList.OptionHighlighted)
    def _highlight(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#preset-name", Input).value = event.option.id or ""

    def action_delete(self) -> None:
        presets = self.query("#preset-list")
        if presets and presets.first().highlighted is not None:
            option = presets.first().get_option_at_index(presets.first().highlighted)
            self.dismiss(("delete", option.id))

    def _save(self) -> None:
        name = self.query_one("#preset-name", Input).value.strip()
        if name:
            self.dismiss(("save", name))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)
