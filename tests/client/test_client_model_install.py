"""Installing models on the real server: from a server path and a loopback URL, followed to the end
(by polling, and through the download events), a throttled download cancelled, and each way an
install fails as a clear, typed error. Every model installed here is deleted again."""

import uuid
from contextlib import aclosing

import pytest

from invokeai_tui.client import (
    ModelAlreadyInstalledError,
    ModelDownloadError,
    ModelInstallCancelledError,
    ModelSourceError,
    NotAModelError,
)
from tests.support.loopback_files import models_deleted_afterwards, LoopbackFileServer, copy_tiny_model, tiny_models_dir

EMBEDDING = "tiny-embedding-sd1.safetensors"


@pytest.fixture
async def installed(client):
    """Keys of the models a test installed: deleted afterwards, with the finished jobs."""
    async with models_deleted_afterwards(client) as keys:
        yield keys


async def test_install_from_a_server_path_moves_the_file_in(client, installed, tmp_path):
    copy = copy_tiny_model(EMBEDDING, tmp_path)
    name = f"tui-test-{uuid.uuid4().hex[:6]}"
    handle = await client.model_manager.install_path(str(copy), inplace=False, name=name, description="from a path")
    seen = []
    job = await handle.wait(60, on_update=lambda j: seen.append(j.status))  # no event stream: polled
    installed.append(job.model_key)
    assert job.is_completed and seen[-1] == "completed" and handle.error_text is None
    assert not copy.exists()  # moved into the server's models folder
    model = await client.dnn_model_repo.get_model(job.model_key)
    assert (model.name, model.description, model.base, model.type) == (name, "from a path", "sd-1", "embedding")
    assert name in {m.name for m in await client.dnn_model_repo.list_models(type="embedding")}
    jobs = await client.model_manager.list_install_jobs()
    assert any(j.id == handle.id and j.is_completed for j in jobs)

    await client.model_manager.delete_model(job.model_key)
    installed.remove(job.model_key)
    assert await client.dnn_model_repo.get_model_by_key(job.model_key) is None


async def test_install_from_a_loopback_url_follows_the_download_events(client, installed, tmp_path):
    copy = copy_tiny_model(EMBEDDING, tmp_path)
    size = copy.stat().st_size
    assert await client.events.start(timeout=15)
    with LoopbackFileServer(tmp_path) as files:
        url = files.paced_url(copy.name)  # still downloading when wait() starts following: no state is missed
        handle = await client.model_manager.install_url(url, description="from a URL")
        updates = []
        job = await handle.wait(60, on_update=lambda j: updates.append((j.status, j.bytes, j.total_bytes)))
    installed.append(job.model_key)
    assert job.is_completed and job.config_out.name == copy.stem
    assert ("downloading", size, size) in updates  # from model_install_download_progress
    assert handle.files[url].total_bytes == size and handle.files[url].done  # from download_* events
    assert handle.last_event is not None and handle.last_event.event == "model_install_complete"
    model = await client.dnn_model_repo.get_model(job.model_key)
    assert model.description == "from a URL" and model.source == url


async def test_a_throttled_download_is_cancelled(client, installed, tmp_path):
    assert await client.events.start(timeout=15)
    with LoopbackFileServer(tmp_path) as files:
        handle = await client.model_manager.install_url(files.slow_url(2_000_000))
        async with aclosing(handle.follow()) as updates:
            async for job in updates:
                if job.status == "downloading" and 0 < job.bytes < job.total_bytes:
                    break
        assert job.total_bytes == 2_000_000
        await handle.cancel()
        with pytest.raises(ModelInstallCancelledError) as caught:
            await handle.wait(30)
    assert handle.job.is_cancelled and "cancelled" in handle.error_text
    assert caught.value.job.id == handle.id
    assert not handle.job.model_key


async def test_a_path_that_does_not_exist(client, tmp_path):
    with pytest.raises(ModelSourceError) as caught:
        await client.model_manager.install_path(str(tmp_path / "no-such-model.safetensors"))
    assert not isinstance(caught.value, ModelAlreadyInstalledError)  # the server said 409, for another reason
    assert caught.value.status == 409 and "no file or folder at that path" in str(caught.value)


async def test_a_file_that_is_not_a_model(client, installed, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model")
    handle = await client.model_manager.install_path(str(notes))
    with pytest.raises(NotAModelError) as caught:
        await handle.wait(60)
    assert "does not recognise it as a model" in str(caught.value) and handle.job.is_failed
    assert handle.error_text == str(caught.value)


async def test_a_url_that_is_not_found(client, installed, tmp_path):
    with LoopbackFileServer(tmp_path) as files:
        handle = await client.model_manager.install_url(files.url("missing.safetensors"))
        with pytest.raises(ModelSourceError) as caught:
            await handle.wait(60)
    assert "not found" in str(caught.value) and "404" in str(caught.value)


async def test_a_hugging_face_repo_without_internet(client, installed):
    # The test server has no internet (HF_HUB_OFFLINE): the real case of this machine.
    with pytest.raises(ModelDownloadError) as caught:
        await client.model_manager.install_hf("someone-tui-test/no-such-model")
    assert "Hugging Face" in str(caught.value) and "internet" in str(caught.value)
    assert "not sent again" in str(caught.value)
    # The server dropped the connection after its 500; the next POST goes through a new one.
    with pytest.raises(ModelSourceError):
        await client.model_manager.install("/no/such/path/after-the-500")


async def test_a_model_already_installed(client, installed):
    # The session's tiny models are installed in place from the cache: the same path again.
    handle = await client.model_manager.install_path(str(tiny_models_dir() / EMBEDDING), inplace=True)
    with pytest.raises(ModelAlreadyInstalledError) as caught:
        await handle.wait(60)
    assert "already installed" in str(caught.value) and caught.value.error_type == "DuplicateModelException"
