"""Model management (admin endpoints under /api/v2/models): install, jobs, delete, convert, update,
scan a folder, the model cache, the Hugging Face token and the starter catalogue.

Installs and conversions are never sent twice (not even after a 5xx or a dropped connection): a
second install would start a second job, a second conversion would find the model gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import quote

from ..errors import InvokeAIError, RequestRejectedError, UnexpectedResponseError
from ..model_install_errors import install_request_error, looks_like_hf_repo
from ..model_install_job import INSTALL_EVENT_TYPES, ModelInstallJobHandle
from ..records import (
    DnnModel,
    FoundModel,
    HFTokenStatus,
    ModelCacheStats,
    ModelInstallJob,
    StarterModelCatalogue,
)
from .patch_body import patch_body

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient

MODELS = "/api/v2/models"
INSTALL = f"{MODELS}/install"
# The variants a Hugging Face source may name after the repo id (InvokeAI's ModelRepoVariant).
HF_VARIANTS = frozenset({"", "fp16", "fp32", "onnx", "openvino", "flax"})
CONVERT_TIMEOUT = 600.0  # a conversion loads and rewrites the whole model


def hf_source(repo_id: str, *, variant: str | None = None, subfolder: str | None = None) -> str:
    """The server's source string for a Hugging Face repo: "owner/name", "owner/name:fp16",
    "owner/name::subfolder", "owner/name:fp16:subfolder". "owner/name:subfolder" (a word that is
    not a variant) is read as a subfolder, as a person means it."""
    repo, _, rest = repo_id.strip().partition(":")
    if rest and variant is None and subfolder is None:
        first, sep, second = rest.partition(":")
        if sep:
            variant, subfolder = first, second
        elif first in HF_VARIANTS:
            variant = first
        else:
            subfolder = first
    if variant and variant not in HF_VARIANTS:
        raise ValueError(f"{variant!r} is not a Hugging Face variant; use one of {sorted(HF_VARIANTS - {''})}.")
    if not looks_like_hf_repo(repo):
        raise ValueError(f"{repo_id!r} is not a Hugging Face repo id; write it as owner/name.")
    if subfolder:
        return f"{repo}:{variant or ''}:{subfolder.strip('/')}"
    return f"{repo}:{variant}" if variant else repo


class ModelManagerRepository:
    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    # ------------------------------------------------------------ install
    async def install(
        self,
        source: str,
        *,
        config: Mapping[str, Any] | None = None,
        inplace: bool | None = None,
        access_token: str | None = None,
        **changes: Any,
    ) -> ModelInstallJobHandle:
        """Start installing from a path on the server, a URL or a Hugging Face repo id, as the
        server reads `source`. `config` (and keyword shortcuts: name=, description=, ...) are the
        server's ModelRecordChanges fields that override what it probes. `inplace` (paths only):
        register the files where they are instead of moving them into the models folder.
        Returns a handle on the new job; raises a typed ModelInstallError subclass when the server
        refuses to start it."""
        body = patch_body(**{**dict(config or {}), **changes})
        params: dict[str, Any] = {"source": source}
        if inplace is not None:
            params["inplace"] = bool(inplace)
        if access_token:
            params["access_token"] = access_token
        # Listen before asking: the job's first events (even all of a small download) can come
        # before the answer; the handle replays them when followed.
        early = self._client.events.subscribe(event_types=INSTALL_EVENT_TYPES)
        try:
            answer = await self._client.request_json(
                "POST", INSTALL, params=params, json=body, idempotent=False, what=f"Installing {source!r}"
            )
            job = ModelInstallJob.model_validate(answer)
        except InvokeAIError as err:
            early.close()
            raise install_request_error(err, source) from err
        except BaseException:
            early.close()
            raise
        return ModelInstallJobHandle(self._client, job, early_events=early)

    async def install_path(self, path: str, *, inplace: bool = True, config: Mapping[str, Any] | None = None,
                           **changes: Any) -> ModelInstallJobHandle:
        """Install a file or folder on the SERVER's disk. inplace=False moves it into the models folder."""
        return await self.install(str(path), config=config, inplace=inplace, **changes)

    async def install_url(self, url: str, *, access_token: str | None = None,
                          config: Mapping[str, Any] | None = None, **changes: Any) -> ModelInstallJobHandle:
        """Install a single-file model the server downloads from `url`."""
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"{url!r} is not an http:// or https:// URL.")
        return await self.install(url, config=config, access_token=access_token, **changes)

    async def install_hf(self, repo_id: str, *, variant: str | None = None, subfolder: str | None = None,
                         access_token: str | None = None, config: Mapping[str, Any] | None = None,
                         **changes: Any) -> ModelInstallJobHandle:
        """Install from Hugging Face: "owner/name", optionally one subfolder ("owner/name:vae" or
        subfolder="vae") and a variant ("fp16")."""
        source = hf_source(repo_id, variant=variant, subfolder=subfolder)
        return await self.install(source, config=config, access_token=access_token, **changes)

    # ------------------------------------------------------------ install jobs
    async def list_install_jobs(self) -> list[ModelInstallJob]:
        """Every job the server remembers (until pruned or restarted), oldest first."""
        body = await self._client.request_json("GET", INSTALL, what="Listing model install jobs")
        if not isinstance(body, list):
            raise UnexpectedResponseError("Listing model install jobs: the answer is not a list.")
        return [ModelInstallJob.model_validate(job) for job in body if isinstance(job, dict) and "id" in job]

    async def get_install_job(self, job_id: int) -> ModelInstallJob:
        return await self.install_job_handle(job_id).refresh()

    def install_job_handle(self, job_id: int | ModelInstallJob) -> ModelInstallJobHandle:
        """A handle on a job by id or record (e.g. from list_install_jobs) to follow or cancel it."""
        job = job_id if isinstance(job_id, ModelInstallJob) else ModelInstallJob(id=int(job_id))
        return ModelInstallJobHandle(self._client, job)

    async def cancel_install_job(self, job_id: int) -> ModelInstallJob:
        return await self.install_job_handle(job_id).cancel()

    async def resume_install_job(self, job_id: int) -> ModelInstallJob:
        """Resume a paused job (6.x brings a download a restart interrupted back paused)."""
        body = await self._client.request_json("POST", f"{INSTALL}/{int(job_id)}/resume", what="Resuming a model install")
        return ModelInstallJob.model_validate(body)

    async def prune_install_jobs(self) -> None:
        """Forget the finished jobs (completed, failed, cancelled)."""
        await self._client.request("DELETE", INSTALL, what="Pruning model install jobs")

    # ------------------------------------------------------------ one model
    def _model_path(self, key: str) -> str:
        return f"{MODELS}/i/{quote(key, safe='')}"

    async def delete_model(self, key: str) -> None:
        """Remove the model; its files go too when they are inside the server's models folder."""
        await self._client.request("DELETE", self._model_path(key), what="Deleting a model")

    async def update_model(
        self,
        key: str,
        *,
        name: str | None = None,
        description: str | None = None,
        trigger_phrases: list[str] | None = None,
        default_settings: Mapping[str, Any] | None = None,
        **changes: Any,
    ) -> DnnModel:
        """PATCH the model with the server's field names; None leaves a field as it is.
        `default_settings` replaces the whole object: read it, change it, send it back."""
        body = patch_body(name=name, description=description, trigger_phrases=trigger_phrases,
                          default_settings=dict(default_settings) if default_settings is not None else None,
                          **changes)
        answer = await self._client.request_json("PATCH", self._model_path(key), json=body, what="Updating a model")
        return DnnModel.model_validate(answer)

    async def convert_model(self, key: str, *, timeout: float = CONVERT_TIMEOUT) -> DnnModel:
        """Convert a main SD1/SD2/SDXL checkpoint to diffusers; the model gets a new key (returned)."""
        answer = await self._client.request_json(
            "PUT", f"{MODELS}/convert/{quote(key, safe='')}", idempotent=False, timeout=timeout,
            what="Converting a model to diffusers",
        )
        return DnnModel.model_validate(answer)

    # ------------------------------------------------------------ folders, cache, catalogue
    async def scan_folder(self, path: str) -> list[FoundModel]:
        """The models the server finds in a folder on ITS disk, each with whether it is installed."""
        try:
            body = await self._client.request_json(
                "GET", f"{MODELS}/scan_folder", params={"scan_path": str(path)}, what=f"Scanning {path!r}"
            )
        except RequestRejectedError as err:
            if err.status != 400:
                raise
            raise RequestRejectedError(
                f"Scanning {path!r} failed: the server cannot read a folder there. The path must be a folder "
                "on the server's machine that the server may read.",
                status=err.status, method=err.method, url=err.url, detail=err.detail,
            ) from err
        return [FoundModel.model_validate(item) for item in body or [] if isinstance(item, dict)]

    async def cache_stats(self) -> ModelCacheStats | None:
        """The RAM model cache's statistics; None until the server loaded a model."""
        body = await self._client.request_json("GET", f"{MODELS}/stats", what="Reading the model cache statistics")
        return ModelCacheStats.model_validate(body) if isinstance(body, dict) else None

    async def empty_model_cache(self) -> None:
        """Drop every model the server holds in memory (models in use stay)."""
        await self._client.request("POST", f"{MODELS}/empty_model_cache", idempotent=True,
                                   what="Emptying the model cache")

    async def starter_models(self) -> StarterModelCatalogue:
        """The server's catalogue of starter models and bundles (static; no network needed)."""
        body = await self._client.request_json("GET", f"{MODELS}/starter_models", what="Reading the starter models")
        return StarterModelCatalogue.model_validate(body)

    # ------------------------------------------------------------ Hugging Face token
    async def hf_token_status(self) -> HFTokenStatus:
        body = await self._client.request_json("GET", f"{MODELS}/hf_login", what="Reading the Hugging Face login")
        return HFTokenStatus.parse(body)

    async def hf_login(self, token: str) -> HFTokenStatus:
        """Give the server a Hugging Face token; returns whether the server could verify it. The token
        is never logged nor put into an error."""
        try:
            body = await self._client.request_json(
                "POST", f"{MODELS}/hf_login", json={"token": token}, what="Logging the server in to Hugging Face"
            )
        except InvokeAIError as err:
            # A validation answer echoes the request body; keep the token out of the error.
            raise type(err)(str(err).replace(token, "***") if token else str(err), status=err.status,
                            method=err.method, url=err.url) from None
        return HFTokenStatus.parse(body)

    async def hf_logout(self) -> HFTokenStatus:
        """Remove the server's Hugging Face token (from the server's HF cache)."""
        body = await self._client.request_json("DELETE", f"{MODELS}/hf_login", what="Logging the server out of Hugging Face")
        return HFTokenStatus.parse(body)
