"""The published DnnModelRepository (`invokeai_py_client.dnn_model.dnn_model_repo`), blocking.

Thin adapters: listing and lookup over the core client's model repository, model management
(install, jobs, delete, convert, scan, cache, Hugging Face token) over `client.model_manager`.
The core errors come out as the published `dnn_model_exceptions` (error_mapping.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from invokeai_tui.client.errors import InvokeAIError, ModelAlreadyInstalledError, NotFoundError
from invokeai_tui.client.repositories.model_manager import hf_source

from .dnn_model_exceptions import APIRequestError
from .dnn_model_models import (
    FoundModel,
    HFLoginStatus,
    InstallJobStatus,
    ModelInstallConfig,
    ModelInstJobInfo,
    ModelManagerStats,
)
from .dnn_model_types import DnnModel
from .error_mapping import api_error, install_start_error
from .model_inst_job_handle import ModelInstJobHandle

if TYPE_CHECKING:
    from ..client import InvokeAIClient

MIB = 1024 * 1024


def stats_from_cache(raw: dict[str, Any]) -> ModelManagerStats:
    """The published stats names from the 6.14.2 cache counters (hits, misses, cleared, bytes);
    the server's own fields stay in `extra`."""
    hits, misses = int(raw.get("hits") or 0), int(raw.get("misses") or 0)
    lookups = hits + misses
    sizes = raw.get("loaded_model_sizes") or {}
    return ModelManagerStats(
        hit_rate=hits / lookups if lookups else None,
        miss_rate=misses / lookups if lookups else None,
        ram_used_mb=sum(sizes.values()) / MIB if sizes else None,
        ram_capacity_mb=raw["cache_size"] / MIB if raw.get("cache_size") else None,
        loads=misses,  # every miss loads the model into the cache
        evictions=raw.get("cleared"),
        extra=dict(raw),
    )


class DnnModelRepository:
    """The server's installed models; always fresh from the server (no cache)."""

    def __init__(self, client: "InvokeAIClient") -> None:
        self._client = client

    @property
    def _models(self):
        return self._client.async_client.dnn_model_repo

    def list_models(self) -> list[DnnModel]:
        records = self._call(self._models.list_models())
        return [self._published_model(record) for record in records]

    def get_model_by_key(self, model_key: str) -> DnnModel | None:
        try:
            record = self._client.run(self._models.get_model(model_key))
        except NotFoundError:
            return None
        except InvokeAIError as err:
            raise api_error(err) from err
        return self._published_model(record)

    # ------------------------------------------------------------ install jobs
    def install_model(self, source: str, *, config: ModelInstallConfig | dict[str, Any] | None = None,
                      inplace: bool | None = None, access_token: str | None = None) -> ModelInstJobHandle:
        """Start installing from a path on the server, a URL or a Hugging Face repo id; returns the
        job's handle. A non-inplace path install MOVES the files into the server's models folder.
        Raises ModelInstallStartError (with the core error's sentence) when the server refuses."""
        return self._install(source, config=config, inplace=inplace, access_token=access_token)

    def install_huggingface(self, repo_id: str, *, config: ModelInstallConfig | dict[str, Any] | None = None,
                            access_token: str | None = None) -> ModelInstJobHandle:
        """Install from Hugging Face: "owner/name", "owner/name:fp16", "owner/name::subfolder"."""
        try:
            source = hf_source(repo_id)
        except ValueError as err:
            raise install_start_error(err) from err
        return self._install(source, config=config, access_token=access_token)

    def _install(self, source: str, *, config: Any, inplace: bool | None = None,
                 access_token: str | None = None) -> ModelInstJobHandle:
        body = config.to_record_changes() if isinstance(config, ModelInstallConfig) else dict(config or {})
        try:
            core = self._client.run(self._manager.install(
                source, config=body, inplace=inplace, access_token=access_token))
        except ModelAlreadyInstalledError:
            # Only when the server says "already installed" (not every 409): the published skip.
            handle = ModelInstJobHandle.from_client_and_id(self._client, -1)
            handle._info = ModelInstJobInfo(id=-1, status=InstallJobStatus.COMPLETED,
                                            extra={"reason": "already_installed"})
            return handle
        except InvokeAIError as err:
            raise install_start_error(err) from err
        return ModelInstJobHandle._from_core(self._client, core)

    def list_install_jobs(self) -> list[ModelInstJobHandle]:
        """Every install job the server remembers, each handle with its info loaded."""
        jobs = self._call(self._manager.list_install_jobs())
        return [ModelInstJobHandle._from_core(self._client, self._manager.install_job_handle(job)) for job in jobs]

    def get_install_job(self, id: int | str) -> ModelInstJobHandle | None:  # noqa: A002 - published name
        """The job's handle, or None when the server does not know the id."""
        try:
            job_id = int(id)
        except (TypeError, ValueError):
            return None
        core = self._manager.install_job_handle(job_id)
        try:
            self._client.run(core.refresh())
        except InvokeAIError as err:
            if err.status == 404:
                return None
            raise api_error(err) from err
        return ModelInstJobHandle._from_core(self._client, core)

    def prune_install_jobs(self) -> bool:
        """Forget the finished jobs (completed, failed, cancelled)."""
        self._call(self._manager.prune_install_jobs())
        return True

    # ------------------------------------------------------------ models
    def convert_model(self, key: str) -> DnnModel:
        """Convert a main checkpoint to diffusers; the returned model has a new key."""
        return self._published_model(self._call(self._manager.convert_model(key)))

    def delete_model(self, key: str) -> bool:
        """Remove the model (its files too when inside the models folder); APIRequestError if unknown."""
        self._call(self._manager.delete_model(key))
        return True

    def delete_all_models(self) -> dict[str, Any]:
        """Delete EVERY installed model, best effort: {"total", "deleted", "failed", "errors"}."""
        models = self.list_models()
        errors: list[dict[str, Any]] = []
        for model in models:
            try:
                self.delete_model(model.key)
            except APIRequestError as err:
                errors.append({"key": model.key, "message": err.message, "status_code": err.status_code})
        return {"total": len(models), "deleted": len(models) - len(errors), "failed": len(errors), "errors": errors}

    def scan_folder(self, scan_path: str | None = None) -> list[FoundModel] | dict[str, Any]:
        """The models in a folder on the SERVER's disk, each with whether it is installed."""
        if scan_path is None:
            raise APIRequestError("scan_folder needs scan_path: a folder on the server's machine.")
        found = self._call(self._manager.scan_folder(scan_path))
        return [FoundModel(**{k: v for k, v in item.model_dump().items() if k in ("path", "is_installed")},
                           extra={k: v for k, v in item.model_dump().items() if k not in ("path", "is_installed")})
                for item in found]

    # ------------------------------------------------------------ cache, Hugging Face
    def get_stats(self) -> ModelManagerStats | None:
        """The model cache's statistics; None until the server loaded a model."""
        stats = self._call(self._manager.cache_stats())
        return None if stats is None else stats_from_cache(stats.model_dump())

    def empty_model_cache(self) -> bool:
        self._call(self._manager.empty_model_cache())
        return True

    def hf_status(self) -> HFLoginStatus:
        return HFLoginStatus(self._call(self._manager.hf_token_status()).value)

    def hf_login(self, token: str) -> bool:
        """Give the server a Hugging Face token; True only when the server could verify it."""
        return self._call(self._manager.hf_login(token)).value == HFLoginStatus.VALID.value

    def hf_logout(self) -> bool:
        """Remove the server's Hugging Face token."""
        self._call(self._manager.hf_logout())
        return True

    # ------------------------------------------------------------ helpers
    @property
    def _manager(self) -> Any:
        return self._client.async_client.model_manager

    def _call(self, coro: Any) -> Any:
        try:
            return self._client.run(coro)
        except InvokeAIError as err:
            raise api_error(err) from err

    @staticmethod
    def _published_model(record: Any) -> DnnModel:
        return DnnModel.from_api_response(record.model_dump())

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        # The core repository's other calls (get_model, get_model_by_attrs, ...) stay reachable.
        return getattr(self._client._proxy("dnn_model_repo"), name)

    def __repr__(self) -> str:
        return f"DnnModelRepository(client={self._client.base_url})"
