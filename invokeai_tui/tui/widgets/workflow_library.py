"""The server's workflow library: a search box, category and tag filters, and the list. It posts
``WorkflowLibrary.Chosen`` when a workflow is picked (enter in the list, or enter in the search box
opens the first match); the screen decides what opening means."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from ..lifecycle import ReportsWorkerErrors

CATEGORIES = [("All workflows", "all"), ("Default", "default"), ("User", "user")]
SEARCH_DEBOUNCE = 0.3  # seconds of quiet typing before the library is asked again


class LibrarySearch(Input):
    """The library's search box: enter opens the first match, down goes to the list's first item."""

    BINDINGS = [Binding("down", "first_match", "First match", show=False, id="workflows.search_down")]

    class FirstMatch(Message):
        """Down in the search box: go to the list's first match."""

    def action_first_match(self) -> None:
        self.post_message(self.FirstMatch())


class WorkflowLibrary(ReportsWorkerErrors, Vertical):
    DEFAULT_CSS = """
    WorkflowLibrary { width: 34; border-right: solid $panel-lighten-2; }
    WorkflowLibrary .pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    WorkflowLibrary #wf-search { margin: 0; }
    WorkflowLibrary #wf-list { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    WorkflowLibrary #wf-search, WorkflowLibrary #wf-category, WorkflowLibrary #wf-tag { margin: 0 1 0 0; }
    """

    class Chosen(Message):
        """A workflow of the library was picked."""

        def __init__(self, workflow_id: str) -> None:
            super().__init__()
            self.workflow_id = workflow_id

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.workflows: list[Any] = []  # what the list shows, in its order
        self._search_timer = None
        self.title = Label("Library", classes="pane-title", id="wf-library-title")
        self.search = LibrarySearch(placeholder="search (/), ⏎ opens", id="wf-search", compact=True)
        self.category = Select(CATEGORIES, value="all", allow_blank=False, id="wf-category", compact=True)
        self.tag = Select([], prompt="any tag", allow_blank=True, id="wf-tag", compact=True)
        self.listing = OptionList(id="wf-list")

    def compose(self) -> ComposeResult:
        yield from (self.title, self.search, self.category, self.tag, self.listing)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.load_library()
        self.load_tags()

    def highlight(self, workflow_id: str) -> None:
        """Show where an opened workflow is in the list (when it is listed)."""
        index = next((i for i, w in enumerate(self.workflows) if w.workflow_id == workflow_id), None)
        if index is not None and index < self.listing.option_count:
            self.listing.highlighted = index

    @work(group="wf-library", exclusive=True, exit_on_error=False, description="list the workflows")
    async def load_library(self, then: str | None = None) -> None:
        """List the library as the filters say; ``then`` is "open" (the first match) or "first"
        (focus the list on its first item), for a search box that was left before the list caught up."""
        category, tag = self.category.value, self.tag.value
        page = await self.app.client.workflow_repo.list_workflows(
            category=None if category == "all" else category, query=self.search.value.strip() or None,
            tags=None if tag is Select.NULL else [tag], per_page=None,
        )
        self.workflows = page.items
        listing = self.listing
        was = listing.highlighted_option.id if listing.highlighted_option is not None else None
        listing.clear_options()
        listing.add_options([
            Option(Content.assemble(w.name or "(untitled)", ("  user" if w.category == "user" else "", "dim")),
                   id=w.workflow_id)
            for w in page.items
        ])
        if page.items:  # stay on the same workflow when it is still listed
            ids = [w.workflow_id for w in page.items]
            listing.highlighted = ids.index(was) if was in ids and then is None else 0
        self.title.update(f"Library ({len(page.items)})")
        if then is not None:
            self._after_search(then)

    def _after_search(self, then: str) -> None:
        listing = self.listing
        if not listing.option_count:
            query = self.search.value.strip()
            self.notify(f"No workflow matches “{query}”." if query else "The library is empty.",
                        severity="warning", timeout=3)
            return
        listing.highlighted = 0
        listing.focus()
        if then == "open":
            self.post_message(self.Chosen(listing.get_option_at_index(0).id))

    def _search_then(self, then: str) -> None:
        """Act on the list once it shows what the search box says (at once when it does already)."""
        pending = False
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
            pending = True
        if pending or any(w.group == "wf-library" and w.is_running for w in self.workers):
            self.load_library(then)
        else:
            self._after_search(then)

    @work(group="wf-tags", exclusive=True, exit_on_error=False, description="list the workflow tags")
    async def load_tags(self) -> None:
        tags = await self.app.client.workflow_repo.list_tags()
        with self.tag.prevent(Select.Changed):
            self.tag.set_options([(t, t) for t in sorted(set(tags), key=str.lower)])

    @on(Input.Changed, "#wf-search")
    def _search_changed(self, _event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE, self._search_due)

    def _search_due(self) -> None:
        self._search_timer = None
        self.load_library()

    @on(Input.Submitted, "#wf-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search_then("open")

    @on(LibrarySearch.FirstMatch)
    def _first_match(self, event: LibrarySearch.FirstMatch) -> None:
        event.stop()
        self._search_then("first")

    @on(Select.Changed, "#wf-category")
    @on(Select.Changed, "#wf-tag")
    def _filter_changed(self, _event: Select.Changed) -> None:
        self.load_library()

    @on(OptionList.OptionSelected, "#wf-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option.id))
