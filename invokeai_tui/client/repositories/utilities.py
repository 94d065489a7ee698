"""The server's helpers around generating: dynamic prompt expansion and the generation devices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UnexpectedResponseError
from ..records import DynamicPrompts, GenerationDevice

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient


class UtilitiesRepository:
    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    async def dynamic_prompts(self, prompt: str, *, max_prompts: int = 1000, combinatorial: bool = True,
                              seed: int | None = None) -> DynamicPrompts:
        """Expand `{a|b}` alternatives and wildcards the way the web UI does. A prompt the server
        cannot parse comes back as `[prompt]` with `error` set; it is not raised. Pure computation
        on the server, so it is safe to retry."""
        body = {"prompt": prompt, "max_prompts": max_prompts, "combinatorial": combinatorial, "seed": seed}
        answer = await self._client.request_json("POST", "/api/v1/utilities/dynamicprompts", json=body,
                                                  idempotent=True, what="Expanding a dynamic prompt")
        if not isinstance(answer, dict):
            raise UnexpectedResponseError("Expanding a dynamic prompt: the answer is not an object.")
        return DynamicPrompts.model_validate(answer)

    async def generation_device_options(self) -> list[GenerationDevice]:
        """The devices the server can generate on (the web UI's `rand_device` comes from here)."""
        answer = await self._client.request_json("GET", "/api/v1/app/generation_device_options",
                                                  what="Reading the generation devices")
        if not isinstance(answer, list):
            raise UnexpectedResponseError("Reading the generation devices: the answer is not a list.")
        return [GenerationDevice.model_validate(d) for d in answer if isinstance(d, dict) and "device" in d]
