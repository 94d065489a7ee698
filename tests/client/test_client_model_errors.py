"""Model management without a server: error mapping (409s the server means differently, refused
private URLs, failed downloads), POSTs never sent twice, the Hugging Face token kept out of errors
and logs, an install job followed through fed events, tolerant records, Hugging Face sources."""

import logging

import httpx
import pytest

from invokeai_tui.client import (
    InstallStatus,
    ModelAlreadyInstalledError,
    ModelDownloadError,
    ModelInstallError,
    ModelInstallJob,
    ModelSourceError,
    NotAModelError,
    RequestRejectedError,
    ServerError,
)
from invokeai_tui.client.model_install_errors import install_job_error
from invokeai_tui.client.repositories import hf_source
from tests.support.mock_http import Recorder, json_response, mock_client

JOB = {"id": 7, "status": "waiting", "source": {"url": "http://mirror.lan/m.safetensors", "type": "url"},
       "bytes": 0, "total_bytes": 0, "download_parts": []}


def job(**changes) -> ModelInstallJob:
    return ModelInstallJob.model_validate({**JOB, **changes})


@pytest.mark.parametrize(("detail", "error"), [
    ("There is already a model corresponding to this path or repo_id", ModelAlreadyInstalledError),
    ("A model with path '/m/x.safetensors' is already installed", ModelAlreadyInstalledError),
    ("Unsupported model source: '/no/such'", ModelSourceError),
])
async def test_a_409_is_already_installed_only_when_the_server_says_so(detail, error):
    async with mock_client(Recorder(json_response(409, {"detail": detail}))) as client:
        with pytest.raises(error) as caught:
            await client.model_manager.install("/no/such")
    assert type(caught.value) is error and caught.value.status == 409


async def test_a_409_for_a_busy_model_stays_a_rejection():
    busy = "Another model operation is already in progress. Wait for it to finish and try again."
    async with mock_client(Recorder(json_response(409, {"detail": busy}))) as client:
        with pytest.raises(ModelInstallError) as caught:
            await client.model_manager.install("/m/x.safetensors")
    assert not isinstance(caught.value, ModelAlreadyInstalledError) and busy in str(caught.value)


async def test_unrecognised_format_is_not_a_model():
    async with mock_client(Recorder(httpx.Response(415))) as client:
        with pytest.raises(NotAModelError):
            await client.model_manager.install("/m/notes.txt")


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_install_and_convert_are_never_sent_twice(status):
    recorder = Recorder(httpx.Response(status, text="Internal Server Error"))
    async with mock_client(recorder, max_retries=3) as client:
        with pytest.raises(ServerError) as caught:
            await client.model_manager.install_url("http://mirror.lan/m.safetensors")
        assert len(recorder.requests) == 1 and "not sent again" in str(caught.value)
        with pytest.raises(ServerError):
            await client.model_manager.convert_model("abc")
        assert len(recorder.requests) == 2


async def test_a_connection_dropped_during_install_is_not_repeated():
    recorder = Recorder(httpx.ReadError("reset"))
    async with mock_client(recorder, max_retries=3) as client:
        with pytest.raises(Exception) as caught:
            await client.model_manager.install("/m/x.safetensors")
    assert len(recorder.requests) == 1 and "not sent again" in str(caught.value)


def test_a_refused_private_url_names_the_setting():
    refused = job(status="error", error_reason="UnsafeDownloadURLException",
                  error="Refusing to download from '127.0.0.1': it resolves to a non-public address.")
    err = install_job_error(refused)
    assert isinstance(err, ModelDownloadError)
    assert "allow_private_download_urls: true" in str(err) and "invokeai.yaml" in str(err)


@pytest.mark.parametrize(("reason", "text", "error", "words"), [
    ("HTTPError", "File not found", ModelSourceError, "404"),
    ("HTTPError", "Unauthorized", ModelDownloadError, "access token"),
    ("ConnectionError", "HTTPConnectionPool(host='x'): Max retries exceeded", ModelDownloadError, "reach"),
    ("ValueError", "At least one file in /m is an HTML page, not a model.", ModelDownloadError, "login"),
    ("InvalidModelConfigException", "Could not identify model for /m/x", NotAModelError, "recognise"),
    ("DuplicateModelException", "A model named x is already installed at /m/k", ModelAlreadyInstalledError, "already"),
    ("OSError", "No space left on device", ModelInstallError, "No space left"),
    ("ChunkedEncodingError", "('Connection broken: IncompleteRead(200000 bytes read, 200000 more expected)', "
     "IncompleteRead(200000 bytes read, 200000 more expected))", ModelDownloadError,
     "stopped midway: the remote server closed the connection after 200,000 of 400,000 bytes"),
])
def test_failed_jobs_say_what_went_wrong(reason, text, error, words):
    err = install_job_error(job(status="error", error_reason=reason, error=text))
    assert type(err) is error and words in str(err) and "http://mirror.lan/m.safetensors" in str(err)
    assert err.error_type == reason and err.job.id == 7


def test_running_and_completed_jobs_have_no_error():
    assert install_job_error(job(status="downloading")) is None
    assert install_job_error(job(status="completed", config_out={"key": "k", "base": "new-base"})) is None


async def test_hf_login_keeps_the_token_out_of_errors_and_logs(caplog):
    token = "hf_SECRETsecretSECRET123"
    echo = {"detail": [{"loc": ["body", "token"], "msg": f"bad token {token}", "input": token}]}
    caplog.set_level(logging.DEBUG)
    recorder = Recorder(json_response(422, echo), json_response(200, "valid"), json_response(200, "invalid"))
    async with mock_client(recorder) as client:
        with pytest.raises(RequestRejectedError) as caught:
            await client.model_manager.hf_login(token)
        assert token not in str(caught.value) and caught.value.detail is None
        assert await client.model_manager.hf_login(token) == "valid"
        assert await client.model_manager.hf_logout() == "invalid"
    assert token not in caplog.text
    assert recorder.requests[1].method == "POST" and recorder.requests[2].method == "DELETE"


async def test_a_job_followed_through_events_without_a_socket():
    """The stream is not live, so the handle polls; fed events update it between polls."""
    answers = [json_response(200, {**JOB, "status": "downloading"}),
               json_response(200, {**JOB, "status": "completed", "bytes": 10, "total_bytes": 10,
                                   "config_out": {"key": "k1", "name": "m", "base": "sd-1", "type": "lora"}})]
    async with mock_client(lambda request: answers.pop(0) if len(answers) > 1 else answers[0]) as client:
        handle = client.model_manager.install_job_handle(7)
        seen = []
        updates = handle.follow(poll_interval=30)
        seen.append(await anext(updates))
        client.events.feed("model_install_download_progress",
                           {"id": 7, "source": JOB["source"], "bytes": 4, "total_bytes": 10, "parts": []})
        seen.append(await anext(updates))
        client.events.feed("download_progress", {"source": "http://mirror.lan/m.safetensors",
                                                 "current_bytes": 4, "total_bytes": 10})
        client.events.feed("model_install_download_progress", {"id": 8, "bytes": 1, "total_bytes": 2})  # another job
        seen.append(await anext(updates))
        client.events.feed("model_install_complete", {"id": 7, "key": "k1", "total_bytes": 10})
        seen.append(await anext(updates))
        await updates.aclose()
    assert [j.status for j in seen] == ["downloading", "downloading", "downloading", "completed"]
    assert seen[1].progress == 0.4 and handle.files["http://mirror.lan/m.safetensors"].bytes == 4
    assert handle.model.key == "k1" and handle.job.config_out.type == "lora"


def test_install_job_records_are_tolerant():
    odd = job(status="restarting", bytes=None, total_bytes=None, config_out={"no": "key"}, brand_new="kept")
    assert odd.status == "restarting" and not odd.is_done and odd.progress is None
    assert odd.config_out is None and odd.extra("brand_new") == "kept"
    assert job(status=InstallStatus.CANCELLED).is_cancelled


@pytest.mark.parametrize(("given", "source"), [
    ("owner/name", "owner/name"), ("owner/name:vae", "owner/name::vae"), ("owner/name:fp16", "owner/name:fp16"),
    ("owner/name::vae", "owner/name::vae"), ("owner/name:fp16:unet", "owner/name:fp16:unet"),
])
def test_hugging_face_sources(given, source):
    assert hf_source(given) == source


def test_hugging_face_sources_refused():
    for bad in ("just-a-name", "/abs/path", "http://x/y"):
        with pytest.raises(ValueError):
            hf_source(bad)
    with pytest.raises(ValueError):
        hf_source("owner/name", variant="fp8")
    assert hf_source("owner/name", subfolder="/vae/") == "owner/name::vae"
