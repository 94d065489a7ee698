"""Workflow library CRUD against the real server."""

import json
import uuid
from pathlib import Path

import pytest

from invokeai_tui.client import NotFoundError, RequestRejectedError
from tests.support.paths import WORKFLOW_FIXTURES


FIXTURE = WORKFLOW_FIXTURES / "save-image-copy-to-board.json"


async def test_library_create_get_update_delete(client):
    repo = client.workflow_repo
    workflow = json.loads(FIXTURE.read_text())
    unique = f"client-test-{uuid.uuid4().hex[:8]}"
    workflow["name"] = unique
    workflow["meta"]["category"] = "user"
    created = await repo.create_workflow_record(workflow)
    wid = created.workflow_id
    try:
        assert created.name == unique and created.workflow["id"] == wid
        fetched = await repo.get_workflow(wid)
        assert fetched.workflow["nodes"] == workflow["nodes"]

        found = await repo.list_workflows(category="user", query=unique)
        assert [i.workflow_id for i in found.items] == [wid] and found.total == 1
        assert found.items[0].category == "user"

        changed = dict(fetched.workflow, name=unique + "-v2", description="updated")
        updated = await repo.update_workflow(changed)
        assert updated.name == unique + "-v2"
        assert (await repo.get_workflow(wid)).workflow["description"] == "updated"
        assert [i.workflow_id for i in (await repo.list_workflows(query=unique + "-v2")).items] == [wid]
    finally:
        await repo.delete_workflow(wid)
    with pytest.raises(NotFoundError):
        await repo.get_workflow(wid)
    with pytest.raises(RequestRejectedError):
        await repo.update_workflow({"name": "no id"})


async def test_default_workflows_paged(client):
    repo = client.workflow_repo
    everything = await repo.list_workflows(category="default")
    assert everything.total >= 20 and len(everything.items) == everything.total
    seen = []
    page = 0
    while True:
        chunk = await repo.list_workflows(category="default", page=page, per_page=10)
        seen += [i.workflow_id for i in chunk.items]
        page += 1
        if page >= chunk.pages:
            break
    assert sorted(seen) == sorted(i.workflow_id for i in everything.items)
    one = await repo.get_workflow(everything.items[0].workflow_id)
    assert one.workflow["nodes"]
