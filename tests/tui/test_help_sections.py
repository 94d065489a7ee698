"""Help puts the screen's own keys first, then the app-wide ones, then moving around (the table's
cursor keys used to bury the queue's actions at the bottom)."""

from __future__ import annotations

from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.screens.help import HelpScreen


async def test_help_sections_in_order(make_app):
    app = make_app(start_mode="queue")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.current_mode == "queue" and app.screen.query("#queue-table"), what="queue")
        await pilot.press("f1")
        help_screen = await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen) and app.screen, what="help")
        text = str(help_screen.query_one("#help-keys").render())
        order = ["This screen", "Cancel item", "Retry", "Everywhere", "Quit", "Command palette",
                 "Moving around", "Cursor up"]
        positions = [text.find(word) for word in order]
        assert -1 not in positions, dict(zip(order, positions))
        assert positions == sorted(positions), dict(zip(order, positions))
        assert "palette\n" not in text.lower().replace("command palette", "")  # no bare lower-case "palette"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), what="help closed")
