"""DNN models (read-only): always fresh from the server, tolerant of new bases/types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence
from urllib.parse import quote

from ..errors import NotFoundError, UnexpectedResponseError
from ..records import DnnModel

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient

MODELS = "/api/v2/models"


def _as_set(value: str | Sequence[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


class DnnModelRepository:
    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    async def list_models(
        self,
        base: str | Sequence[str] | None = None,
        type: str | Sequence[str] | None = None,  # noqa: A002 - server's word
        *,
        name: str | None = None,
        format: str | None = None,  # noqa: A002
    ) -> list[DnnModel]:
        """Installed models, fetched fresh on every call, optionally filtered by base and type."""
        bases, types = _as_set(base), _as_set(type)
        params: list[tuple[str, str]] = [("base_models", b) for b in sorted(bases or ())]
        if types and len(types) == 1:
            params.append(("model_type", next(iter(types))))
        if name:
            params.append(("model_name", name))
        if format:
            params.append(("model_format", format))
        body = await self._client.request_json("GET", f"{MODELS}/", params=params, what="Listing models")
        if not isinstance(body, dict) or not isinstance(body.get("models"), list):
            raise UnexpectedResponseError("Listing models: the answer has no 'models' list.")
        models = [DnnModel.model_validate(m) for m in body["models"] if isinstance(m, dict) and "key" in m]
        # Filter here too: it keeps multi-type filters correct and guards older servers.
        return [
            m
            for m in models
            if (bases is None or m.base in bases) and (types is None or m.type in types)
        ]

    async def get_model(self, key: str) -> DnnModel:
        """One model by key (NotFoundError if missing)."""
        body = await self._client.request_json("GET", f"{MODELS}/i/{quote(key, safe='')}", what="Reading a model")
        return DnnModel.model_validate(body)

    async def get_model_by_key(self, key: str) -> DnnModel | None:
        """The published client's name: None instead of NotFoundError."""
        try:
            return await self.get_model(key)
        except NotFoundError:
            return None

    async def get_model_by_hash(self, hash: str) -> DnnModel | None:  # noqa: A002 - server's word
        """The installed model with this hash (`blake3:…`), or None (recall's second way to find a model)."""
        try:
            body = await self._client.request_json("GET", f"{MODELS}/get_by_hash", params={"hash": hash},
                                                   what="Finding a model by hash")
        except NotFoundError:
            return None
        return DnnModel.model_validate(body)

    async def get_model_by_attrs(self, name: str, type: str, base: str) -> DnnModel | None:  # noqa: A002
        try:
            body = await self._client.request_json(
                "GET", f"{MODELS}/get_by_attrs", params={"name": name, "type": type, "base": base},
                what="Finding a model",
            )
        except NotFoundError:
            return None
        return DnnModel.model_validate(body)
