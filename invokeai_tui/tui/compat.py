"""Every use of a Textual (or textual-image) internal, in one place, for the pinned versions.

Each helper says what it works around. When Textual or textual-image moves, tests/unit/test_tui_compat.py
fails first (the versions and every private name used here are checked): re-check each workaround
below against the new release, then move the pins here and in pyproject.toml together.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any

from textual import events

log = logging.getLogger(__name__)

TEXTUAL_VERSION = "8.2.8"
TEXTUAL_IMAGE_VERSION = "0.14.2"

# The private names this module reaches, checked by the version test: (object kind, attribute).
PRIVATE_NAMES = {
    "App": ("_exit", "_closing", "_closed", "_screen_stacks", "_handle_exception", "_dispatch_message"),
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


# -- the order of keys ----------------------------------------------------------------------------
INPUT_SETTLE_LIMIT = 1.0  # seconds a key may hold the next ones (a handler that never lets go)
INPUT_READY_LIMIT = 3.0  # seconds keys wait for a screen that is filling itself (input_paused)
_INPUT_WATCH_EVERY = 0.05


class OrderedInput:
    """Mixin for the App: each key (or paste) goes to the widget focused once the previous one is
    handled, never to the one focused when it arrived.

    Textual 8.2.8 routes a key the moment the App takes it from its queue (``App.on_event``:
    priority bindings, then a post to the focused widget's queue). The other bindings (Tab's
    ``focus_next``, a mode key, a screen's ``/``) run only once the key has bubbled back up, queue
    by queue, to the App, and ``Widget.focus()`` is itself a ``call_later`` on the App. Keys of the
    same burst were routed meanwhile, to the old focus: ``email<Tab>password`` filled the email
    field, ``4/sdxl⏎`` went to the screen being left.

    Here, after a key is routed, a callback is sent after it through every queue it may pass (the
    widget, its ancestors, the App; then the screen now shown and the App again, for the focus
    changes and screen mounts the key caused). Keys arriving meanwhile are held, in order, and the
    next goes when that callback is back. A queue that is closed, or a key still not settled after
    ``INPUT_SETTLE_LIMIT`` seconds, lets the next key go. While ``input_paused()`` says so (a screen
    still filling itself, which would overwrite what is typed), keys wait too, at most
    ``INPUT_READY_LIMIT`` seconds for that screen. A paste holding tabs into a one-line
    field is typed as its parts with a Tab between (a password manager's ``user<Tab>password``).
    Relies on ``on_event`` routing input and on the pumps' FIFO queues (textual 8.2.8).
    """

    _input_busy = False
    _input_round = 0
    _input_step = 0
    _input_held: deque | None = None
    _input_waiting: Any = None
    _input_gave_up_on: Any = None  # the screen whose readiness took too long

    async def on_event(self, event: Any) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            return
        if self._input_held is None:
            self._input_held = deque()
        if getattr(event, "_ordered_turn", False):
            event._ordered_turn = False  # a held event, given its turn by _next_input
        elif self._input_busy:
            self._input_held.append(event)
            return
        elif self._input_should_wait():
            self._input_busy = True
            self._input_held.append(event)
            self._wait_until_ready()
            return
        self._input_busy = True
        event = self._split_tabbed_paste(event)
        target = self._input_target()
        try:
            await super().on_event(event)  # type: ignore[misc]
        finally:
            self._settle_input(target)

    def input_paused(self) -> bool:
        """Whether keys wait before going to the screen shown (the App knows its screens)."""
        return False

    def _input_should_wait(self) -> bool:
        screen = self._current_screen()
        return screen is not None and screen is not self._input_gave_up_on and self.input_paused()

    def _wait_until_ready(self) -> None:
        self._input_round += 1
        self._input_started = asyncio.get_running_loop().time()
        asyncio.get_running_loop().call_later(_INPUT_WATCH_EVERY, self._watch_readiness, self._input_round)

    def _watch_readiness(self, round_: int) -> None:
        """A plain loop callback: once the screen is ready (or past the limit), the next key goes, in
        turn from the App's queue."""
        if round_ != self._input_round:
            return
        loop = asyncio.get_running_loop()
        if self.input_paused():
            if loop.time() - self._input_started <= INPUT_READY_LIMIT:
                loop.call_later(_INPUT_WATCH_EVERY, self._watch_readiness, round_)
                return
            self._input_gave_up_on = self._current_screen()  # its keys go on unheld
            log.debug("%r not ready for keys after %.1f s: they go on", self._input_gave_up_on, INPUT_READY_LIMIT)
        self.call_later(self._next_input, round_)  # type: ignore[attr-defined]

    def _input_target(self) -> Any:
        try:
            return self.focused or self.screen  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - no screen yet (starting) or any more (closing)
            return None

    def _current_screen(self) -> Any:
        try:
            return self.screen  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - as above
            return None

    def _split_tabbed_paste(self, event: Any) -> Any:
        from textual.widgets import Input

        if not isinstance(event, events.Paste) or "\t" not in event.text:
            return event
        if not isinstance(self._input_target(), Input):
            return event  # a text area keeps its tabs
        first, *rest = event.text.split("\t")
        parts: list = []
        for text in rest:
            parts += [events.Key("tab", "\t"), events.Paste(text)]
        for part in reversed(parts):
            self._input_held.appendleft(part)  # type: ignore[union-attr]
        return events.Paste(first)

    def _settle_input(self, target: Any) -> None:
        self._input_round += 1
        chain = []
        node = target
        while node is not None and node is not self:
            chain.append(node)
            node = parent_of(node)
        self._input_steps = [*chain, self, "screen", self]
        self._input_step = 0
        self._input_started = asyncio.get_running_loop().time()
        self._next_settle_step(self._input_round, 0)
        asyncio.get_running_loop().call_later(_INPUT_WATCH_EVERY, self._watch_settling, self._input_round)

    def _next_settle_step(self, round_: int, step: int) -> None:
        """Called back from the queue of step - 1: send the callback on through the next queue."""
        if round_ != self._input_round or step != self._input_step:
            return  # a late callback of a round or step already given up
        steps = self._input_steps
        while step < len(steps):
            node = steps[step]
            if node == "screen":
                node = self._current_screen()
            step += 1
            self._input_step, self._input_waiting = step, node
            if node is not None and not _pump_gone(node) and node.call_later(self._next_settle_step, round_, step):
                return
        self._next_input(round_)

    def _watch_settling(self, round_: int) -> None:
        """A plain loop callback (it runs while the App is busy): skip a queue that closed with our
        callback in it; past the limit, let the next key go (from the App's queue, in turn)."""
        if round_ != self._input_round:
            return
        loop = asyncio.get_running_loop()
        if loop.time() - self._input_started > INPUT_SETTLE_LIMIT:
            log.debug("a key still unsettled after %.1f s (waiting on %r): the next one goes", INPUT_SETTLE_LIMIT,
                      self._input_waiting)
            self.call_later(self._next_input, round_)  # type: ignore[attr-defined]
            return
        waiting = self._input_waiting
        if waiting is not None and waiting is not self and _pump_gone(waiting):
            self._next_settle_step(round_, self._input_step)
        if round_ == self._input_round:
            loop.call_later(_INPUT_WATCH_EVERY, self._watch_settling, round_)

    def _next_input(self, round_: int) -> None:
        if round_ != self._input_round:
            return
        self._input_round += 1  # this round is over: its late callbacks and watcher stop
        held = self._input_held
        if held and self._input_should_wait():
            self._wait_until_ready()
            return
        while held:
            event = held.popleft()
            event._ordered_turn = True
            if self.post_message(event):  # type: ignore[attr-defined]
                return  # still busy: that event has the turn
        self._input_busy = False


def _pump_gone(node: Any) -> bool:
    return bool(node._closing or node._closed or getattr(node, "_pruning", False))


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
    """``cls`` with SteadyImage mixed in, under the same name (CSS and snapshots see no change);
    half-cells also drawn straight to strips (``HalfcellLines``).
    Each textual-image widget class declares its renderer as ``_Renderable`` (textual-image 0.14.2)."""
    if cls not in _steady:
        from textual_image.renderable import halfcell

        from .halfcell_lines import HalfcellLines

        mixins = (HalfcellLines, SteadyImage) if cls._Renderable is halfcell.Image else (SteadyImage,)
        _steady[cls] = type(cls.__name__, (*mixins, cls), {"__module__": cls.__module__},
                            Renderable=cls._Renderable)
    return _steady[cls]


def image_renderable(cls: type) -> Any:
    """The renderer class of a textual-image widget class: how the auto-detected ``Image`` tells which
    protocol it picked (``_Renderable``; textual-image 0.14.2)."""
    return getattr(cls, "_Renderable", None)
