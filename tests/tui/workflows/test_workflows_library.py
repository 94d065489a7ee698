"""Browsing the workflow library: default and user categories, tags, search, the command palette's
jump, and a workflow's description and notes."""

from __future__ import annotations

import uuid

import pytest

from tests.support import rest as helpers
from tests.support import workflow_builders as wb
from tests.support.app_driving import SIZE, wait_for
from tests.support.workflow_screen import open_workflows


@pytest.fixture
def user_workflow(server_url):
    tag = f"tag{uuid.uuid4().hex[:6]}"
    body = wb.connector_workflow()
    body.pop("id")
    body.update(name=f"My blur {tag}", tags=f"{tag}, blur", description="Blurs a blank image.",
                notes="Use a radius below 5.")
    body["meta"]["category"] = "user"
    record = helpers.api(server_url, "POST", "/api/v1/workflows/", json={"workflow": body})
    yield record, tag
    helpers.api(server_url, "DELETE", f"/api/v1/workflows/i/{record['workflow_id']}")


def shown(screen) -> list[str]:
    listing = screen.query_one("#wf-list")
    return [listing.get_option_at_index(i).id for i in range(listing.option_count)]


async def test_categories_tags_search_and_jump(make_app, server_url, user_workflow):
    record, tag = user_workflow
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await wait_for(pilot, lambda: record["workflow_id"] in shown(screen), what="the user workflow listed")
        screen.query_one("#wf-category").value = "user"
        await wait_for(pilot, lambda: screen.library and all(w.category == "user" for w in screen.library),
                       what="user workflows only")
        assert record["workflow_id"] in shown(screen)
        screen.query_one("#wf-category").value = "default"
        await wait_for(pilot, lambda: len(screen.library) == 26, what="defaults only")
        assert record["workflow_id"] not in shown(screen)
        screen.query_one("#wf-category").value = "all"
        tags = screen.query_one("#wf-tag")
        await wait_for(pilot, lambda: any(value == tag for _label, value in tags._options), what="our tag offered")
        tags.value = tag
        await wait_for(pilot, lambda: shown(screen) == [record["workflow_id"]], what="filtered by tag")
        tags.clear()
        search = screen.query_one("#wf-search")
        search.value = "Upscaler"
        await wait_for(pilot, lambda: screen.library and all("Upscaler" in w.name for w in screen.library),
                       what="searched")
        assert len(screen.library) == 4
        # The command palette's jump opens a workflow by id.
        await app.jump_to_workflow(record["workflow_id"])
        await wait_for(pilot, lambda: screen.handle is not None and screen.handle.definition.name == record["name"]
                       and screen.form is not None and screen.form.is_mounted, what="opened")
        about = screen.query_one("#wf-about")
        assert about.title == "Description & notes"
        assert "Blurs a blank image." in str(screen.query_one("#wf-description").render())
        assert "Use a radius below 5." in str(screen.query_one("#wf-notes").render())
        assert tag in str(screen.query_one("#wf-title").render())
        opened = helpers.api(server_url, "GET", f"/api/v1/workflows/i/{record['workflow_id']}")
        assert opened["opened_at"]  # marked as opened on the server
