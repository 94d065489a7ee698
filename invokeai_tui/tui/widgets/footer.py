"""The key footer of every screen: Textual's, recomposed at most once per frame.

Textual's Footer rebuilds all its keys after every change of the screen's bindings, once per
change; moving focus while a screen fills in (start-up, a board opening) makes several changes in
one frame, and each rebuild costs ~15 ms of style work here. The last rebuild alone is what shows.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter

from ..compat import mark_footer_bindings_ready


class Footer(TextualFooter):
    _rebuild_pending = False

    def bindings_changed(self, screen) -> None:
        mark_footer_bindings_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
