"""The published model-management adapters offline: job info and stats shapes, the error mapping,
the "already installed" skip handle, hf_login's answer and delete_all_models' summary. The core
model manager is replaced by a stub; test_published_models.py covers the real server."""

import asyncio
from types import SimpleNamespace

import pytest

from invokeai_tui.client.errors import ModelAlreadyInstalledError, NotFoundError, RequestRejectedError
from invokeai_tui.client.records import HFTokenStatus, ModelInstallJob
from invokeai_tui.pyclient.dnn_model import (
    APIRequestError,
    DnnModelRepository,
    InstallJobStatus,
    ModelInstallStartError,
    ModelInstJobHandle,
)
from invokeai_tui.pyclient.dnn_model.dnn_model_repo import stats_from_cache
from invokeai_tui.pyclient.dnn_model.model_inst_job_handle import info_from_job


class StubManager:
    def __init__(self, **answers):
        self.answers = answers

    def __getattr__(self, name):
        async def call(*args, **kwargs):
            answer = self.answers[name]
            if isinstance(answer, Exception):
                raise answer
            return answer(*args) if callable(answer) else answer
        return call


def stub_client(**answers):
    client = SimpleNamespace(run=asyncio.run, base_url="http://stub")
    client.async_client = SimpleNamespace(model_manager=StubManager(**answers))
    return client


def test_job_info_has_the_published_fields_and_keeps_the_rest():
    job = ModelInstallJob.model_validate({
        "id": 7, "status": "completed", "bytes": 10, "total_bytes": 10, "source": {"type": "local", "path": "/m"},
        "config_out": {"key": "abc", "name": "m", "base": "sd-1", "type": "main"},
    })
    info = info_from_job(job)
    assert (info.id, info.status, info.model_key) == (7, InstallJobStatus.COMPLETED, "abc")
    assert info.extra["source"]["path"] == "/m" and "config_out" not in info.extra
    # A status the published enum lacks stays text; it is not taken for an error (the published
    # client maps it to ERROR and so ends waiting on a paused job).
    assert info_from_job(ModelInstallJob(id=8, status="paused")).status == "paused"


def test_cache_stats_with_the_published_names():
    raw = {"hits": 3, "misses": 1, "cleared": 2, "cache_size": 4 * 1024 * 1024,
           "loaded_model_sizes": {"a": 1024 * 1024}, "in_cache": 1, "high_watermark": 5}
    stats = stats_from_cache(raw)
    assert (stats.hit_rate, stats.miss_rate, stats.loads, stats.evictions) == (0.75, 0.25, 1, 2)
    assert (stats.ram_used_mb, stats.ram_capacity_mb) == (1.0, 4.0) and stats.extra == raw
    assert stats_from_cache({}).hit_rate is None


def test_already_installed_is_the_published_skip_handle():
    repo = DnnModelRepository(stub_client(install=ModelAlreadyInstalledError("already installed", status=409)))
    handle = repo.install_model("/models/m.safetensors")
    assert handle.job_id == -1 and handle.info.extra == {"reason": "already_installed"}
    assert handle.refresh().status == InstallJobStatus.COMPLETED and handle.wait_until().status == "completed"
    assert handle.is_done() and handle.cancel() is False


def test_other_refusals_are_start_errors_and_api_errors():
    refused = RequestRejectedError("Installing 'x' failed: no such thing.", status=409, detail="Unsupported model source")
    repo = DnnModelRepository(stub_client(install=refused, delete_model=NotFoundError("No model 'k'.", status=404)))
    with pytest.raises(ModelInstallStartError) as caught:
        repo.install_model("x")
    assert str(caught.value) == "Installing 'x' failed: no such thing." and caught.value.__cause__ is refused
    assert caught.value.details == {"status_code": 409, "payload": "Unsupported model source"}
    with pytest.raises(APIRequestError) as caught:
        repo.delete_model("k")
    assert caught.value.status_code == 404 and caught.value.message == "No model 'k'."


def test_hf_login_is_true_only_for_a_verified_token():
    assert DnnModelRepository(stub_client(hf_login=HFTokenStatus.VALID)).hf_login("t") is True
    assert DnnModelRepository(stub_client(hf_login=HFTokenStatus.INVALID)).hf_login("t") is False
    assert DnnModelRepository(stub_client(hf_logout=HFTokenStatus.INVALID)).hf_logout() is True


def test_delete_all_models_reports_a_summary(monkeypatch):
    repo = DnnModelRepository(stub_client())
    monkeypatch.setattr(repo, "list_models", lambda: [SimpleNamespace(key="a"), SimpleNamespace(key="b")])

    def delete(key):
        if key == "b":
            raise APIRequestError("in use", status_code=409)
        return True

    monkeypatch.setattr(repo, "delete_model", delete)
    assert repo.delete_all_models() == {
        "total": 2, "deleted": 1, "failed": 1, "errors": [{"key": "b", "message": "in use", "status_code": 409}],
    }


def test_a_handle_without_a_client():
    with pytest.raises(RuntimeError):
        ModelInstJobHandle().job_id
