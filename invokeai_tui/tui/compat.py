"""Every use of a Textual (or textual-image) internal, in one place, for the pinned versions.

Each helper says what it works around. When Textual or textual-image moves, tests/unit/test_tui_compat.py
fails first (the versions and every private name used here are checked): re-check each workaround
below against the new release, then move the pins here and in pyproject.toml together.
"""

from __future__ import annotations

from typing import Any

TEXTUAL_VERSION = "8.2.8"
TEXTUAL_IMAGE_VERSION = "0.14.2"

# The private names this module reaches, checked by the version test: (object kind, attribute).
PRIVATE_NAMES = {
    "App": ("_exit", "_closing", "_screen_stacks", "_handle_exception", "_dispatch_message"),
    "Widget": ("_closing", "_closed", "_pruning", "_parent", "_dispatch_message"),
    "Input": ("_suggestion",),
    "Static": ("_render_markup",),
    "Footer": ("_bindings_ready", "bindings_changed"),
    "textual_image.Image": ("_Renderable",),
}


# -- teardown -------------------------------------------------------------------------------------
def app_is_closing(app: Any) -> bool:
    """Textual has no public "the app is exiting" flag: ``_exit`` is set by ``App.exit()`` and
    ``_closing`` while it closes its screens (textual 8.2.8)."""
    return bool(getattr(app, "_exit", False)) or bool(app._closing)


def node_is_detaching(node: Any) -> bool:
    """A widget or screen being removed: Textual prunes children first and marks them with
    ``_closing``/``_closed``/``_pruning`` (no public equivalent in textual 8.2.8)."""
    return bool(node._closing or node._closed or node._pruning)


def parent_of(node: Any) -> Any:
    """``_parent`` rather than ``parent``: the public property is fine, but walking up while the DOM
    is pruned must not trigger anything (textual 8.2.8)."""
    return node._parent


class HandlerErrorFilter:
    """Mixin for a MessagePump (widget, screen): an exception raised by one of its message handlers
    is first offered to ``handler_error_is_harmless(error, message)``; if that says so it is
    dropped instead of crashing the app. Textual has no hook for this: ``_dispatch_message`` is
    overridden (textual 8.2.8)."""

    async def _dispatch_message(self, message: Any) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:
            if not self.handler_error_is_harmless(error, message):
                raise

    def handler_error_is_harmless(self, error: Exception, message: Any) -> bool:
        return False


class AppErrorFilter:
    """Mixin for the App: an exception reaching ``App._handle_exception`` (which exits the app with a
    traceback) is first offered to ``app_error_is_harmless(error)``. No public hook (textual 8.2.8)."""

    def _handle_exception(self, error: Exception) -> None:
        if self.app_error_is_harmless(error):
            return
        super()._handle_exception(error)  # type: ignore[misc]

    def app_error_is_harmless(self, error: Exception) -> bool:
        return False


def default_screen_stack(app: Any) -> list:
    """The default mode's screen stack, to pop it back to its base screen without animating
    each screen away (``App._screen_stacks``, textual 8.2.8)."""
    return app._screen_stacks.get("_default", [])


# -- widgets --------------------------------------------------------------------------------------
def input_suggestion(field: Any) -> str:
    """The completion an Input's suggester offers (``Input._suggestion``; Textual only exposes
    accepting it with the right arrow, and we accept it with tab too; textual 8.2.8)."""
    return field._suggestion or ""


def renders_markup(widget: Any) -> bool:
    """Whether a Static parses its text as markup (``Static._render_markup``; textual 8.2.8), to
    measure a new text as the widget will show it."""
    return getattr(widget, "_render_markup", True)


def mark_footer_bindings_ready(footer: Any) -> None:
    """Our Footer overrides ``Footer.bindings_changed`` (called by the screen, not documented) to
    coalesce rebuilds to one per frame; Textual's version also sets ``_bindings_ready``, which its
    compose waits for (textual 8.2.8)."""
    footer._bindings_ready = True


# -- textual-image --------------------------------------------------------------------------------
class SteadyImage:
    """Mixin for textual-image widgets: ``show_picture()`` swaps the picture with a repaint only.

    textual-image's ``image`` setter always asks for a layout of the whole screen (its size may
    follow the picture's). When the widget's width and height are set (cells, fr, %: not auto),
    the picture cannot change its size, so a new frame needs only this widget redrawn, which is
    what keeps a stream of denoise previews from re-laying-out every screen it is on. Relies on the
    setter calling ``refresh(layout=True)`` (textual-image 0.14.2)."""

    _repaint_only = False

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        if self._repaint_only:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)  # type: ignore[misc]

    def render(self):
        # Hidden by opacity (the queue pane's denoise preview when nothing runs): textual-image
        # would still scale the picture and build a styled cell per pixel pair, only for the
        # compositor to blend it away, in the very frame that shows a run's result.
        if self.styles.opacity == 0:  # type: ignore[attr-defined]
            return ""
        return super().render()  # type: ignore[misc]

    def show_picture(self, picture) -> None:
        styles = self.styles  # type: ignore[attr-defined]
        self._repaint_only = all(s is not None and not s.is_auto for s in (styles.width, styles.height))
        try:
            self.image = picture
        finally:
            self._repaint_only = False


_steady: dict[type, type] = {}


def steady_image_class(cls: type) -> type:
    """``cls`` with SteadyImage mixed in, under the same name (CSS and snapshots see no change).
    Each textual-image widget class declares its renderer as ``_Renderable`` (textual-image 0.14.2)."""
    if cls not in _steady:
        _steady[cls] = type(cls.__name__, (SteadyImage, cls), {"__module__": cls.__module__},
                            Renderable=cls._Renderable)
    return _steady[cls]


def image_renderable(cls: type) -> Any:
    """The renderer class of a textual-image widget class: how the auto-detected ``Image`` tells which
    protocol it picked (``_Renderable``; textual-image 0.14.2)."""
    return getattr(cls, "_Renderable", None)
