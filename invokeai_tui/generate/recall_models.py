"""Finding the installed model a metadata reference means (reference §6): by key, then by hash (the key
changes when a model is reinstalled, its hash does not), then by name, base and type (what older
metadata carries: `{model_name, base_model}`).

The lookups are async callables so the resolver does not care where models come from: the server
(`client_model_lookup`), or a list already fetched (`ModelLookup.from_models`, also the tests' fake).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..client.errors import NotFoundError, RequestRejectedError
from .params import ModelRef

if TYPE_CHECKING:
    from ..client.async_client import AsyncInvokeAIClient

ByKey = Callable[[str], Awaitable[ModelRef | None]]
ByHash = Callable[[str], Awaitable[ModelRef | None]]
ByAttrs = Callable[[str, str, str], Awaitable[ModelRef | None]]  # name, base, type

# The VAE bases a main model's base can use through `params.vae` (the web UI keeps one slot per family:
# Z-Image borrows FLUX.1 VAEs, Krea-2 a Qwen-Image or Anima VAE, Anima also FLUX and Wan VAEs). Other
# bases: a VAE of their own base.
VAE_BASES: dict[str, frozenset[str]] = {
    "z-image": frozenset({"flux"}),
    "krea-2": frozenset({"qwen-image", "anima"}),
    "anima": frozenset({"anima", "qwen-image", "flux", "wan"}),
}
# Bases whose VAE the web UI recalls only from an image of the same base (its dedicated VAE handlers
# check the metadata's own model base: `vae` is a field every family writes).
VAE_NEEDS_SAME_IMAGE_BASE = frozenset({"flux", "z-image", "flux2", "krea-2", "anima"})


def vae_bases_for(base: str) -> frozenset[str]:
    return VAE_BASES.get(base, frozenset({base}))


class Unresolved(Exception):
    """The reference names no installed model; the message says why (a sentence's tail)."""


def describe(raw: Any) -> str:
    """A model reference for a sentence: `'name' (base)`, whatever the metadata's shape."""
    if not isinstance(raw, dict):
        return repr(raw)
    name = raw.get("name") or raw.get("model_name") or raw.get("key") or "?"
    base = raw.get("base") or raw.get("base_model")
    return f"'{name}' ({base})" if base else f"'{name}'"


@dataclass
class ModelLookup:
    """Three ways to find an installed model; a missing one is skipped."""

    by_key: ByKey
    by_hash: ByHash | None = None
    by_attrs: ByAttrs | None = None

    async def resolve(self, raw: Any, expected_type: str) -> ModelRef:
        """The installed model `raw` means (a `ModelIdentifierField`, or the legacy `{model_name,
        base_model}`); `expected_type` stands in for a type the reference does not carry."""
        if not isinstance(raw, dict):
            raise Unresolved("not a model reference")
        key, model_hash = raw.get("key"), raw.get("hash")
        name = raw.get("name") or raw.get("model_name")
        base = raw.get("base") or raw.get("base_model")
        model_type = raw.get("type") or raw.get("model_type") or expected_type
        if isinstance(key, str) and key:
            found = await self.by_key(key)
            if found is not None:
                return found
        if isinstance(model_hash, str) and model_hash and self.by_hash is not None:
            found = await self.by_hash(model_hash)
            if found is not None:
                return found
        if isinstance(name, str) and name and isinstance(base, str) and base and self.by_attrs is not None:
            found = await self.by_attrs(name, base, model_type)
            if found is not None:
                return found
        raise Unresolved("not installed")

    @classmethod
    def from_models(cls, models: Iterable[ModelRef]) -> ModelLookup:
        """Resolve against models already listed (no request per reference)."""
        models = list(models)
        keys = {m.key: m for m in models}
        hashes: dict[str, ModelRef] = {}
        attrs: dict[tuple[str, str, str], ModelRef] = {}
        for m in models:
            if m.hash:
                hashes.setdefault(m.hash, m)
            attrs.setdefault((m.name, m.base, m.type), m)

        async def by_key(key: str) -> ModelRef | None:
            return keys.get(key)

        async def by_hash(model_hash: str) -> ModelRef | None:
            return hashes.get(model_hash)

        async def by_attrs(name: str, base: str, model_type: str) -> ModelRef | None:
            return attrs.get((name, base, model_type))

        return cls(by_key, by_hash, by_attrs)


def client_model_lookup(client: AsyncInvokeAIClient) -> ModelLookup:
    """Lookups over the server: `GET /api/v2/models/i/{key}`, `/get_by_hash?hash=`, `/get_by_attrs`.
    Not found (or a base/type this server does not know) is None; other errors propagate."""
    repo = client.dnn_model_repo

    async def by_key(key: str) -> ModelRef | None:
        try:
            record = await repo.get_model_by_key(key)
        except RequestRejectedError:
            return None
        return ModelRef.from_config(record) if record is not None else None

    async def by_hash(model_hash: str) -> ModelRef | None:
        method = getattr(repo, "get_model_by_hash", None)  # the repository may gain it; else ask directly
        try:
            if method is not None:
                record = await method(model_hash)
            else:
                record = await client.request_json("GET", "/api/v2/models/get_by_hash", params={"hash": model_hash},
                                                   what="Finding a model by hash")
        except (NotFoundError, RequestRejectedError):
            return None
        if not record or (isinstance(record, dict) and "key" not in record):
            return None
        return ModelRef.from_config(record)

    async def by_attrs(name: str, base: str, model_type: str) -> ModelRef | None:
        try:
            record = await repo.get_model_by_attrs(name, model_type, base)
        except RequestRejectedError:
            return None
        return ModelRef.from_config(record) if record is not None else None

    return ModelLookup(by_key, by_hash, by_attrs)
