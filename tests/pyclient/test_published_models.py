"""Model management the published way (invokeai-py-client 1.1.1's names and return shapes) against
the real server, with only the import prefix changed: install a tiny model from a server path and
wait on the job handle, a failing install, job listing/cancel/prune, cache stats, the Hugging Face
status. Every model installed here is deleted again."""

import uuid

import pytest

from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.pyclient.dnn_model import (
    APIRequestError,
    DnnModel,
    DnnModelType,
    FoundModel,
    HFLoginStatus,
    InstallJobStatus,
    ModelInstallConfig,
    ModelInstallJobFailed,
    ModelInstallStartError,
    ModelInstallTimeout,
    ModelInstJobHandle,
    ModelInstJobInfo,
    ModelManagerStats,
)
from tests.support.loopback_files import LoopbackFileServer, copy_tiny_model, tiny_models_dir

EMBEDDING = "tiny-embedding-sd1.safetensors"


@pytest.fixture
def client(server_url):
    client = InvokeAIClient.from_url(server_url)
    yield client
    client.close()


@pytest.fixture
def installed(client):
    """Keys of the models a test installed: deleted afterwards, with the finished jobs."""
    keys: list[str] = []
    yield keys
    for key in keys:
        try:
            client.dnn_model_repo.delete_model(key)
        except APIRequestError:
            pass
    client.dnn_model_repo.prune_install_jobs()


def test_install_from_a_server_path_wait_list_and_delete(client, installed, tmp_path):
    repo = client.dnn_model_repo
    copy = copy_tiny_model(EMBEDDING, tmp_path)  # a non-inplace install moves the file
    name = f"published-{uuid.uuid4().hex[:6]}"
    handle = repo.install_model(str(copy), config=ModelInstallConfig(name=name, description="the published way"),
                                inplace=False)
    assert isinstance(handle, ModelInstJobHandle) and handle.job_id >= 0
    assert isinstance(handle.info, ModelInstJobInfo)
    info = handle.wait_until(timeout=60, poll_interval=0.5)
    installed.append(info.model_key)
    assert info.status == InstallJobStatus.COMPLETED and info.model_key and info.error is None
    assert handle.is_done() and not handle.is_failed() and handle.status() == InstallJobStatus.COMPLETED
    handle.raise_if_failed()
    assert not copy.exists()

    model = repo.get_model_by_key(info.model_key)
    assert isinstance(model, DnnModel) and (model.name, model.description) == (name, "the published way")
    assert model.type == DnnModelType.TextualInversion and model.base == "sd-1"
    assert name in {m.name for m in repo.list_models()}
    again = repo.get_install_job(handle.job_id)
    assert isinstance(again, ModelInstJobHandle) and again.info.model_key == info.model_key
    assert again.refresh().status == InstallJobStatus.COMPLETED

    assert repo.delete_model(info.model_key) is True
    installed.remove(info.model_key)
    assert repo.get_model_by_key(info.model_key) is None
    with pytest.raises(APIRequestError) as caught:
        repo.delete_model(info.model_key)
    assert caught.value.status_code == 404


def test_an_install_that_cannot_start(client, tmp_path):
    missing = str(tmp_path / "no-such-model.safetensors")
    with pytest.raises(ModelInstallStartError) as caught:
        client.dnn_model_repo.install_model(missing)
    # Not taken for "already installed" although the server answered 409 (the published bug).
    assert "no file or folder at that path" in str(caught.value) and caught.value.details["status_code"] == 409
    with pytest.raises(ModelInstallStartError) as caught:
        client.dnn_model_repo.install_huggingface("not a repo id")
    assert "owner/name" in str(caught.value)


def test_a_job_that_fails(client, installed, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model")
    handle = client.dnn_model_repo.install_model(str(notes), inplace=True)
    with pytest.raises(ModelInstallJobFailed) as caught:
        handle.wait(timeout=60, poll_interval=0.5)
    assert caught.value.info.status == InstallJobStatus.ERROR and caught.value.info.error_reason
    assert "does not recognise it as a model" in str(caught.value)
    assert handle.is_failed() and handle.is_done()
    with pytest.raises(ModelInstallJobFailed):
        handle.raise_if_failed()


def test_a_model_already_installed(client, installed):
    # The session's tiny models are installed in place from the cache: the same path again. 6.14.2
    # starts the job and fails it, as it did for the published client.
    handle = client.dnn_model_repo.install_model(str(tiny_models_dir() / EMBEDDING), inplace=True)
    with pytest.raises(ModelInstallJobFailed) as caught:
        handle.wait_until(timeout=60, poll_interval=0.5)
    assert caught.value.info.error_reason == "DuplicateModelException" and "already installed" in str(caught.value)


def test_install_jobs_listed_cancelled_and_pruned(client, installed, tmp_path):
    repo = client.dnn_model_repo
    with LoopbackFileServer(tmp_path) as files:
        handle = repo.install_model(files.slow_url(2_000_000))
        assert handle.job_id in {h.job_id for h in repo.list_install_jobs()}
        listed = next(h for h in repo.list_install_jobs() if h.job_id == handle.job_id)
        assert isinstance(listed.info, ModelInstJobInfo) and listed.info.extra["source"]["type"] == "url"
        with pytest.raises(ModelInstallTimeout) as late:
            handle.wait_until(timeout=0.3, poll_interval=0.1)  # the throttled download takes ~10 s
        assert late.value.timeout == 0.3 and late.value.last_info.status != InstallJobStatus.COMPLETED
        assert handle.cancel() is True
        with pytest.raises(ModelInstallJobFailed) as caught:
            handle.wait_until(timeout=30, poll_interval=0.5)
    assert caught.value.info.status == InstallJobStatus.CANCELLED and "cancelled" in str(caught.value)
    assert handle.progress() is None or 0.0 <= handle.progress() <= 1.0
    assert repo.prune_install_jobs() is True
    assert handle.job_id not in {h.job_id for h in repo.list_install_jobs()}
    assert repo.get_install_job(handle.job_id) is None
    assert repo.get_install_job("not-a-number") is None
    assert ModelInstJobHandle.from_client_and_id(client, 987654).cancel() is False


def test_scan_a_folder(client, installed, tmp_path):
    folder = tmp_path / "scan"
    first = copy_tiny_model(EMBEDDING, folder)
    found = client.dnn_model_repo.scan_folder(str(folder))
    assert found == [FoundModel(path=str(first), is_installed=False)]
    with pytest.raises(APIRequestError) as caught:
        client.dnn_model_repo.scan_folder(str(tmp_path / "missing"))
    assert caught.value.status_code == 400 and "server's machine" in str(caught.value)


def test_cache_stats_and_emptying_it(client):
    stats = client.dnn_model_repo.get_stats()
    assert stats is None or isinstance(stats, ModelManagerStats)
    assert client.dnn_model_repo.empty_model_cache() is True
    after = client.dnn_model_repo.get_stats()
    if after is not None:
        assert after.evictions == after.extra["cleared"] and after.loads == after.extra["misses"]


def test_hugging_face_status(client):
    # Offline and without a token here. Login and logout would change the server user's token file.
    assert client.dnn_model_repo.hf_status() in set(HFLoginStatus)


def test_convert_what_is_not_a_checkpoint(client):
    sd15 = next(m for m in client.dnn_model_repo.list_models() if m.name == "tiny-sd15")
    with pytest.raises(APIRequestError) as caught:
        client.dnn_model_repo.convert_model(sd15.key)
    assert caught.value.status_code == 400 and "checkpoint" in str(caught.value)
