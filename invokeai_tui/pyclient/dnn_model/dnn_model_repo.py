"""The published DnnModelRepository (`invokeai_py_client.dnn_model.dnn_model_repo`), blocking.

Listing and lookup work on the core client's model repository. Model management (install,
delete, convert, scan, cache, Hugging Face token) waits for the core client's install API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from invokeai_tui.client.errors import NotFoundError

from .dnn_model_models import FoundModel, HFLoginStatus, ModelInstallConfig, ModelManagerStats
from .dnn_model_types import DnnModel
from .model_inst_job_handle import ModelInstJobHandle

if TYPE_CHECKING:
    from ..client import InvokeAIClient

PENDING = "model management lands with the core client's install API"


class DnnModelRepository:
    """The server's installed models; always fresh from the server (no cache)."""

    def __init__(self, client: "InvokeAIClient") -> None:
        self._client = client

    @property
    def _models(self):
        return self._client.async_client.dnn_model_repo

    def list_models(self) -> list[DnnModel]:
        records = self._client.run(self._models.list_models())
        return [DnnModel.from_api_response(record.model_dump()) for record in records]

    def get_model_by_key(self, model_key: str) -> DnnModel | None:
        try:
            record = self._client.run(self._models.get_model(model_key))
        except NotFoundError:
            return None
        return DnnModel.from_api_response(record.model_dump())

    # TODO(lead): wire to the core client's model management once merged (issue 12, item 4).
    def install_model(self, source: str, config: ModelInstallConfig | dict[str, Any] | None = None,
                      inplace: bool | None = None, access_token: str | None = None) -> ModelInstJobHandle:
        raise NotImplementedError(PENDING)

    def install_huggingface(self, repo_id: str, config: ModelInstallConfig | dict[str, Any] | None = None,
                            access_token: str | None = None) -> ModelInstJobHandle:
        raise NotImplementedError(PENDING)

    def list_install_jobs(self) -> list[ModelInstJobHandle]:
        raise NotImplementedError(PENDING)

    def get_install_job(self, id: int | str) -> ModelInstJobHandle | None:  # noqa: A002 - published name
        raise NotImplementedError(PENDING)

    def prune_install_jobs(self) -> bool:
        raise NotImplementedError(PENDING)

    def convert_model(self, key: str) -> DnnModel:
        raise NotImplementedError(PENDING)

    def delete_model(self, key: str) -> bool:
        raise NotImplementedError(PENDING)

    def delete_all_models(self) -> dict[str, Any]:
        raise NotImplementedError(PENDING)

    def scan_folder(self, scan_path: str | None = None) -> list[FoundModel] | dict[str, Any]:
        raise NotImplementedError(PENDING)

    def get_stats(self) -> ModelManagerStats | None:
        raise NotImplementedError(PENDING)

    def empty_model_cache(self) -> bool:
        raise NotImplementedError(PENDING)

    def hf_status(self) -> HFLoginStatus:
        raise NotImplementedError(PENDING)

    def hf_login(self, token: str) -> bool:
        raise NotImplementedError(PENDING)

    def hf_logout(self) -> bool:
        raise NotImplementedError(PENDING)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        # The core repository's other calls (get_model, get_model_by_attrs, ...) stay reachable.
        return getattr(self._client._proxy("dnn_model_repo"), name)

    def __repr__(self) -> str:
        return f"DnnModelRepository(client={self._client.base_url})"
