"""`Generator`: from parameters to a running generation against one server, as the web UI's Invoke
button does it: check the input (nothing is sent when it is bad), expand a dynamic prompt with the
server's own utility, build the base's graph with what only the server knows (its generation device,
its models, the init image's size), and enqueue the batch as a `WorkflowRun`, so the app and the
command line follow progress and outputs the way they follow workflows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..client.errors import NotFoundError
from ..workflow.run import WorkflowRun
from .batch import enqueue_body, first_seed
from .builders import BuildContext, BuildError, BuiltGraph, build_graph
from .params import GenerateParams, ModelRef
from .validate import (
    SERVER_MAX_PROMPTS,
    GenerateInputError,
    check_addons,
    check_expansions,
    check_init_image,
    check_model,
    check_node_ranges,
    check_size,
    init_image_missing,
    is_dynamic,
    node_schemas,
)

if TYPE_CHECKING:
    from ..client.async_client import AsyncInvokeAIClient
    from .recall import RecallResult

DEFAULT_RAND_DEVICE = "cuda"  # the web UI's fallback


@dataclass
class PreparedGeneration:
    """What would be sent: the graph, the prompts it is run with, and the enqueue_batch body."""

    params: GenerateParams
    prompts: list[str]
    built: BuiltGraph
    body: dict[str, Any]
    start_seed: int

    @property
    def session_count(self) -> int:
        """Images this makes: every prompt once per iteration (a seedless graph repeats by `runs`)."""
        data = self.body["batch"].get("data") or []
        count = 1
        for zipped in data:
            count *= len(zipped[0]["items"]) if zipped else 1
        return count * int(self.body["batch"].get("runs", 1))

    @property
    def seeds(self) -> list[int]:
        """The seeds the sessions use, in batch order (empty for a seedless graph)."""
        for zipped in self.body["batch"].get("data") or []:
            for datum in zipped:
                if datum["node_path"] == self.built.seed_node:
                    return list(datum["items"])
        return []


def rand_device_of(devices: list[Any]) -> str:
    """The web UI's `rand_device`: the one accelerator type the server offers ('cuda' from 'cuda:0'),
    else 'cuda'."""
    kinds = {str(d.device).split(":", 1)[0] for d in devices if str(d.device) != "cpu"}
    return kinds.pop() if len(kinds) == 1 else DEFAULT_RAND_DEVICE


class Generator:
    """One server's generate service. Models, the generation device and the node schemas are read
    once and cached (`models(refresh=True)` after installs)."""

    def __init__(self, client: AsyncInvokeAIClient) -> None:
        self.client = client
        self._models: list[ModelRef] | None = None
        self._rand_device: str | None = None
        self._schemas: dict[str, dict[str, Any]] | None = None

    # --- what the server has ------------------------------------------------------------
    async def models(self, refresh: bool = False) -> list[ModelRef]:
        """Every installed model (cached)."""
        if self._models is None or refresh:
            configs = await self.client.dnn_model_repo.list_models()
            self._models = [ModelRef.from_config(c) for c in configs]
        return self._models

    async def main_models(self, refresh: bool = False) -> dict[str, list[ModelRef]]:
        """Main models grouped by base, each group by name."""
        groups: dict[str, list[ModelRef]] = {}
        for model in sorted(await self.models(refresh), key=lambda m: (m.base, m.name.lower())):
            if model.type == "main":
                groups.setdefault(model.base, []).append(model)
        return groups

    async def find_model(self, text: str, type: str = "main", base: str | None = None) -> ModelRef | None:  # noqa: A002
        """A model by key, else by name (case-insensitive), of this type (and base)."""
        candidates = [m for m in await self.models() if m.type == type and (base is None or m.base == base)]
        for model in candidates:
            if model.key == text:
                return model
        named = [m for m in candidates if m.name.lower() == text.lower()]
        return named[0] if named else None

    async def rand_device(self) -> str:
        if self._rand_device is None:
            try:
                self._rand_device = rand_device_of(await self.client.utilities.generation_device_options())
            except NotFoundError:  # an older server without the route
                self._rand_device = DEFAULT_RAND_DEVICE
        return self._rand_device

    async def node_schemas(self) -> dict[str, dict[str, Any]]:
        if self._schemas is None:
            self._schemas = node_schemas(await self.client.get_openapi())
        return self._schemas

    async def init_image_size(self, image_name: str) -> tuple[int, int]:
        try:
            record = await self.client.image_repo.get_image(image_name)
        except NotFoundError:
            raise init_image_missing(image_name) from None
        return record.width, record.height

    # --- preparing and sending ----------------------------------------------------------
    async def expand_prompts(self, params: GenerateParams) -> list[str]:
        """The prompts the batch runs: the server's expansions of a dynamic prompt, else [prompt]."""
        prompt = params.positive_prompt
        if not is_dynamic(prompt):
            return [prompt]
        # One more than the limit is asked for: the server caps silently, and more than the limit is refused.
        ask = min(params.max_prompts + 1, SERVER_MAX_PROMPTS)
        answer = await self.client.utilities.dynamic_prompts(prompt, max_prompts=ask)
        return check_expansions(params, answer.prompts, answer.error)

    async def prepare(self, params: GenerateParams, *, prepend: bool = False, rng: random.Random | None = None,
                      init_image_size: tuple[int, int] | None = None) -> PreparedGeneration:
        """Check, expand and build; raises `GenerateInputError` (nothing sent) on bad input.
        `init_image_size` stands in for the server's record of the init image (a local file shown
        with --print-graph, before it is uploaded)."""
        models = await self.models()
        controls = check_model(params, models)
        check_addons(params, models, controls)
        check_init_image(params, controls)
        init_size = init_image_size
        if params.init_image and init_size is None:
            init_size = await self.init_image_size(params.init_image)
        check_size(params, controls, init_size)
        prompts = await self.expand_prompts(params)
        context = BuildContext(rand_device=await self.rand_device(), models=models, init_image_size=init_size)
        try:
            built = build_graph(params, context)
        except BuildError as err:
            raise GenerateInputError(str(err)) from None
        check_node_ranges(built.graph.to_dict(), await self.node_schemas())
        start = first_seed(params, rng)
        body = enqueue_body(built, params, prompts, start_seed=start, prepend=prepend)
        return PreparedGeneration(params=params, prompts=prompts, built=built, body=body, start_seed=start)

    async def submit(self, prepared: PreparedGeneration) -> WorkflowRun:
        """Enqueue the batch; the run is listened to before it is sent (see WorkflowRun.start)."""
        name = prepared.params.model.name if prepared.params.model else "generate"
        return await WorkflowRun.start(self.client, prepared.body, name=f"Generate ({name})")

    async def generate(self, params: GenerateParams, *, prepend: bool = False) -> WorkflowRun:
        """prepare() then submit()."""
        return await self.submit(await self.prepare(params, prepend=prepend))

    async def recall(self, image_name: str, *, current: GenerateParams | None = None,
                     remix: bool = False) -> RecallResult:
        """The parameters in an image's metadata over `current` (`recall.py` does the mapping; models
        resolve against the cached list by key, hash, then name). A missing image is bad input."""
        from .recall import recall_params  # the Boards key and --recall only
        from .recall_models import ModelLookup

        try:
            metadata = await self.client.image_repo.get_metadata(image_name)
        except NotFoundError:
            raise GenerateInputError(f"Image {image_name!r} does not exist on the server.") from None
        lookup = ModelLookup.from_models(await self.models())
        return await recall_params(metadata, current=current or GenerateParams(), lookup=lookup, remix=remix)


__all__ = ["GenerateInputError", "Generator", "PreparedGeneration"]
