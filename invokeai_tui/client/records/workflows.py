"""Workflow library records."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import Record


class WorkflowListItem(Record):
    """A library entry without its body."""

    workflow_id: str
    name: str = ""
    description: str | None = None
    category: str | None = None
    tags: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    opened_at: str | None = None
    user_id: str | None = None
    is_public: bool | None = None
    thumbnail_url: str | None = None


class WorkflowPage(Record):
    items: list[WorkflowListItem] = Field(default_factory=list)
    page: int = 0
    pages: int = 0
    per_page: int = 0
    total: int = 0


class WorkflowRecord(Record):
    """A library entry with its full workflow JSON (`workflow`, which carries "id")."""

    workflow_id: str
    name: str = ""
    created_at: str | None = None
    updated_at: str | None = None
    opened_at: str | None = None
    user_id: str | None = None
    is_public: bool | None = None
    thumbnail_url: str | None = None
    workflow: dict[str, Any] = Field(default_factory=dict)
