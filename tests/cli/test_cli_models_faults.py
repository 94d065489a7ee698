"""`invokeai-tui models` when things go wrong, as a subprocess against the real server: each bad source
gets its sentence and exit code (2 when it can be told before sending, 1 when the server refused or
failed it), a name several models share, Ctrl-C while installing (the job goes on), a dead server,
a multi-user server (the saved login; a user who is not an admin may list but not install)."""

from __future__ import annotations

import signal
import subprocess
import uuid

import pytest

from tests.support import rest
from tests.support.cli_run import dead_server_url
from tests.support.loopback_files import LoopbackFileServer, copy_tiny_model, tiny_models_dir
from tests.support.models_cli import Cleanup, cancel_job, command, installed, job, models

BEFORE_SENDING = [
    ("owner/name:fp99:vae", "is not a Hugging Face variant"),
    ("model.safetensors", "is not an absolute path on the server, an http(s) URL or a Hugging Face repo id"),
    ("relative/folder/model.safetensors", "is not an absolute path on the server"),
    ("~/models/x.safetensors", "a ~ is not expanded there"),
]


@pytest.fixture
def cleanup(server_url):
    done = Cleanup(server_url)
    yield done
    done.finish()


def jobs_now(server_url: str) -> list[int]:
    return [j["id"] for j in rest.api(server_url, "GET", "/api/v2/models/install")]


def test_a_source_that_is_none_of_the_three_is_refused_before_sending(server_url, tmp_path):
    before = jobs_now(server_url)
    for source, message in BEFORE_SENDING:
        done = models(server_url, tmp_path, "install", source)
        assert done.returncode == 2 and message in done.stderr and done.stdout == "", (source, done.stderr)
    inplace = models(server_url, tmp_path, "install", "https://example.invalid/x.safetensors", "--inplace")
    assert inplace.returncode == 2 and "--inplace is for a path on the server" in inplace.stderr
    assert jobs_now(server_url) == before


def test_what_the_server_refuses_or_fails_exits_1_with_its_reason(server_url, tmp_path, cleanup):
    missing = models(server_url, tmp_path, "install", str(tmp_path / "no-such-model.safetensors"))
    assert missing.returncode == 1 and "found no file or folder at that path" in missing.stderr
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model")
    not_a_model = models(server_url, tmp_path, "install", str(notes), "--inplace")
    assert not_a_model.returncode == 1 and "does not recognise it as a model" in not_a_model.stderr
    with LoopbackFileServer(tmp_path) as files:
        not_found = models(server_url, tmp_path, "install", files.url("missing.safetensors"))
        stopped = models(server_url, tmp_path, "install", files.truncated_url(400_000))
    assert not_found.returncode == 1 and "the URL was not found" in not_found.stderr
    assert stopped.returncode == 1 and "the download stopped midway" in stopped.stderr.splitlines()[-1]
    for done in (missing, not_a_model, not_found, stopped):
        assert done.stdout == "" and done.stderr.splitlines()[-1].startswith("invokeai-tui models: Installing ")


def test_a_hugging_face_repo_the_server_cannot_reach(server_url, tmp_path):
    # These machines have no internet (and the test server runs with HF_HUB_OFFLINE): the real case.
    done = models(server_url, tmp_path, "install", "someone-tui-test/no-such-model:vae")
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "could not reach that Hugging Face repository (HTTP 500" in line and line.count(". ") == 0
    # The server dropped that connection after its 500; the next command works.
    assert models(server_url, tmp_path, "list", "--type", "vae").returncode == 0


def test_a_model_already_installed(server_url, tmp_path, cleanup):
    # The session's tiny models are installed in place from the cache: the same path again.
    done = models(server_url, tmp_path, "install", str(tiny_models_dir() / "tiny-embedding-sd1.safetensors"),
                  "--inplace", "--json")
    assert done.returncode == 1 and done.stdout == ""
    assert "the model is already installed" in done.stderr.splitlines()[-1]


def test_a_name_several_models_share_is_bad_input(server_url, tmp_path, cleanup):
    name = f"cli-twin-{uuid.uuid4().hex[:6]}"
    cleanup.names.append(name)
    for tiny in ("tiny-embedding-sd1.safetensors", "tiny-embedding-sdxl.safetensors"):
        copy = copy_tiny_model(tiny, tmp_path / "models")
        done = models(server_url, tmp_path, "install", str(copy), "--name", name)
        assert done.returncode == 0, done.stderr
    twins = [m for m in installed(server_url) if m["name"] == name]
    assert sorted(m["base"] for m in twins) == ["sd-1", "sdxl"]
    refused = models(server_url, tmp_path, "delete", name, "--yes")
    assert refused.returncode == 2 and f"2 models are named {name!r}" in refused.stderr
    assert all(m["key"] in refused.stderr for m in twins) and "Give the key" in refused.stderr
    assert len([m for m in installed(server_url) if m["name"] == name]) == 2
    by_key = models(server_url, tmp_path, "delete", twins[0]["key"], "--yes")
    assert by_key.returncode == 0 and [m["key"] for m in installed(server_url) if m["name"] == name] == [
        twins[1]["key"]]


def test_ctrl_c_stops_waiting_and_the_job_goes_on(server_url, tmp_path, cleanup):
    with LoopbackFileServer(tmp_path) as files:
        url = files.slow_url(4_000_000)  # ~20 s: still downloading when the CLI (slow to start under load) is stopped
        process = subprocess.Popen(command(server_url, tmp_path, "install", url), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            seen = []
            while not any(": downloading " in line for line in seen):
                line = process.stderr.readline()
                assert line, "".join(seen)
                seen.append(line)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=30)
        finally:
            process.kill()
        job_id = int(seen[0].split("install job ")[1].split(":")[0])
        cleanup.jobs.append(job_id)
        assert process.returncode == 130 and out == ""
        assert f"interrupted: install job {job_id}" in err and "goes on on the server" in err
        assert job(server_url, job_id)["status"] == "downloading"  # not cancelled
        assert cancel_job(server_url, job_id)["status"] == "cancelled"


def test_a_dead_server_exits_3(tmp_path):
    url = dead_server_url()
    for args in (["list"], ["jobs", "--json"], ["install", "/models/x.safetensors"], ["delete", "x", "--yes"]):
        done = models(url, tmp_path, *args, timeout=60)
        assert done.returncode == 3 and "cannot connect" in done.stderr and done.stdout == "", (args, done.stderr)


def test_a_multiuser_server_needs_the_saved_login_and_an_admin_for_jobs_and_installs(multiuser_server, tmp_path):
    from invokeai_tui.client import AsyncInvokeAIClient
    from invokeai_tui.config.token_store import save_token

    url = multiuser_server["url"]
    done = models(url, tmp_path, "list")
    assert done.returncode == 3 and "needs a login" in done.stderr
    user = multiuser_server["user"]
    token = rest.api(url, "POST", "/api/v1/auth/login",
                     json={"email": user["email"], "password": user["password"]})["token"]
    save_token(AsyncInvokeAIClient.from_url(url).root_url, token, folder=tmp_path / "tokens")
    listed = models(url, tmp_path, "list", "--json")  # a user may look: this server has no models
    assert listed.returncode == 0 and listed.stdout.strip() == "[]", listed.stderr
    for args in (["jobs"], ["install", "/srv/models/x.safetensors"]):  # the server's admin endpoints
        refused = models(url, tmp_path, *args)
        assert refused.returncode == 3 and "Admin privileges required" in refused.stderr, (args, refused.stderr)
