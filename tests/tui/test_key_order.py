"""Keys reach the widget focused once the keys before them are handled (tui/compat.py OrderedInput):
typed ahead, sent in one burst, through a Tab, a mode switch, a pushed screen. Offline: small apps."""

from __future__ import annotations

import asyncio
import time

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea
from textual import events

from invokeai_tui.tui.compat import INPUT_SETTLE_LIMIT, OrderedInput
from tests.support.app_driving import type_ahead, wait_for


class Login(OrderedInput, App):
    def compose(self):
        yield Input(id="email")
        yield Input(id="password", password=True)
        yield TextArea(id="notes")


async def settle(pilot, app, want, what):
    return await wait_for(pilot, lambda: want() and not app._input_busy, timeout=5, what=what)


async def test_keys_behind_a_tab_go_to_the_next_field():
    app = Login()
    async with app.run_test() as pilot:
        await pilot.pause()
        type_ahead(app, "me@example.com\tsecret")
        await settle(pilot, app, lambda: app.query_one("#password", Input).value == "secret", "the password")
        assert app.query_one("#email", Input).value == "me@example.com"


async def test_a_long_burst_keeps_every_key_in_order():
    text = "".join(chr(ord("a") + i % 26) for i in range(300))
    app = Login()
    async with app.run_test() as pilot:
        await pilot.pause()
        type_ahead(app, text[:150] + "\t" + text[150:])
        await settle(pilot, app, lambda: len(app.query_one("#password", Input).value) == 150, "the burst")
        assert app.query_one("#email", Input).value + app.query_one("#password", Input).value == text


async def test_a_paste_with_a_tab_fills_two_fields_but_a_text_area_keeps_its_tab():
    app = Login()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.post_message(events.Paste("me@example.com\tsecret"))
        type_ahead(app, "!\t")
        app.post_message(events.Paste("a\tb"))
        notes = app.query_one("#notes", TextArea)
        await settle(pilot, app, lambda: notes.text == "a\tb", "the notes")
        assert app.query_one("#email", Input).value == "me@example.com"
        assert app.query_one("#password", Input).value == "secret!"


class Search(Screen):
    """Built on first use, like a mode screen: focuses its field when mounted."""

    def compose(self):
        yield Static("search")
        yield Input(id="query")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()


class Modes(OrderedInput, App):
    MODES = {"home": lambda: Home(), "search": Search}
    BINDINGS = [("4", "open_search", "")]

    async def on_mount(self) -> None:
        await self.switch_mode("home")

    async def action_open_search(self) -> None:
        await asyncio.sleep(0.2)  # a slow build: the keys typed meanwhile wait for it
        await self.switch_mode("search")


class Home(Screen):
    BINDINGS = [("slash", "find", ""), ("p", "push", "")]

    def compose(self):
        yield Input(id="home-field")
        yield TextArea(id="home-notes")

    def on_mount(self) -> None:
        self.query_one("#home-notes", TextArea).focus()

    def action_find(self) -> None:
        self.query_one("#home-field", Input).focus()

    def action_push(self) -> None:
        self.app.push_screen(Search())


async def test_keys_typed_during_a_mode_switch_reach_the_new_mode():
    app = Modes()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one("#home-field", Input).focus()
        await pilot.pause()
        type_ahead(app, "\x1b")  # nothing bound: stays in the field; then a mode key and a search
        app.screen.set_focus(None)
        type_ahead(app, "4sdxl")
        query = await settle(pilot, app, lambda: isinstance(app.screen, Search)
                             and app.screen.query_one("#query", Input).value == "sdxl" and app.screen, "the search")
        assert query
        assert app.get_screen_stack("home")[0].query_one("#home-field", Input).value == ""


async def test_a_key_bound_on_the_screen_moves_the_focus_before_the_next_keys():
    app = Modes()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.set_focus(None)
        type_ahead(app, "/abc")
        home = app.screen
        await settle(pilot, app, lambda: home.query_one("#home-field", Input).value == "abc", "the field")
        type_ahead(app, "\x1b")
        home.set_focus(None)
        type_ahead(app, "pxyz")
        await settle(pilot, app, lambda: isinstance(app.screen, Search)
                     and app.screen.query_one("#query", Input).value == "xyz", "the pushed screen's field")


class Vanishing(Static, can_focus=True):
    """Removes itself on a key, with the key's follow-up still in its queue."""

    async def on_key(self, event: events.Key) -> None:
        event.stop()
        self.post_message(events.Key("x", "x"))  # would be handled after the removal: never is
        await self.remove()


class Removal(OrderedInput, App):
    def compose(self):
        yield Vanishing("gone on a key", id="vanishing")
        yield Input(id="after")


async def test_a_widget_removed_by_its_key_does_not_hold_the_next_keys_for_long():
    app = Removal()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one("#vanishing").focus()
        await pilot.pause()
        started = time.monotonic()
        type_ahead(app, "q\tok")
        await wait_for(pilot, lambda: app.query_one("#after", Input).value == "ok", timeout=5, what="the field")
        assert time.monotonic() - started < INPUT_SETTLE_LIMIT + 0.5


class Filling(Screen):
    """Fills its field when its data comes (after ``delay``): what was typed before would be lost."""

    def __init__(self, delay: float | None) -> None:
        super().__init__()
        self.delay, self.filled = delay, False

    def compose(self):
        yield Input(id="field")

    def on_mount(self) -> None:
        self.query_one("#field", Input).focus()
        if self.delay is not None:
            self.set_timer(self.delay, self.fill)

    def fill(self) -> None:
        self.query_one("#field", Input).value = ""
        self.filled = True


class Paused(OrderedInput, App):
    def __init__(self, delay: float | None) -> None:
        super().__init__()
        self.delay = delay

    def on_mount(self) -> None:
        self.push_screen(Filling(self.delay))

    def input_paused(self) -> bool:
        return isinstance(self.screen, Filling) and not self.screen.filled


async def test_keys_wait_for_a_screen_filling_itself():
    app = Paused(delay=0.4)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, Filling), what="the screen")
        type_ahead(app, "typed ahead")
        await settle(pilot, app, lambda: app.screen.filled, "the fill")
        assert app.screen.query_one("#field", Input).value == "typed ahead"


async def test_a_screen_that_never_gets_ready_holds_keys_only_for_a_while():
    from invokeai_tui.tui.compat import INPUT_READY_LIMIT

    app = Paused(delay=None)
    async with app.run_test() as pilot:
        screen = await wait_for(pilot, lambda: isinstance(app.screen, Filling) and app.screen, what="the screen")
        started = time.monotonic()
        type_ahead(app, "abc")
        field = screen.query_one("#field", Input)
        await wait_for(pilot, lambda: field.value == "abc", timeout=INPUT_READY_LIMIT + 3, what="the keys")
        assert INPUT_READY_LIMIT - 0.2 < time.monotonic() - started < INPUT_READY_LIMIT + 2
        type_ahead(app, "d")  # the screen was given up on: no more waiting
        await wait_for(pilot, lambda: field.value == "abcd", timeout=0.5, what="the next key at once")
