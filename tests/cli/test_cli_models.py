"""`invokeai-tui models list|install|delete|jobs` as a subprocess against the real server: the list and
its filters equal the server's, installs from a server path and a loopback URL (progress on stderr,
the result on stdout), --no-wait and the jobs list, delete by name (asked on a terminal, refused
without --yes elsewhere). Every model installed here is deleted again."""

from __future__ import annotations

import os
import pty
import subprocess
import uuid

import pytest

from tests.support.loopback_files import LoopbackFileServer, copy_tiny_model
from tests.support.models_cli import Cleanup, cancel_job, command, installed, json_out, models

EMBEDDING = "tiny-embedding-sd1.safetensors"


@pytest.fixture
def cleanup(server_url):
    done = Cleanup(server_url)
    yield done
    done.finish()


def test_list_and_its_filters_equal_the_servers_list(server_url, tmp_path):
    assert json_out(models(server_url, tmp_path, "list", "--json")) == installed(server_url)
    loras = json_out(models(server_url, tmp_path, "list", "--base", "sd-1", "--type", "lora", "--json"))
    assert loras == installed(server_url, base_models="sd-1", model_type="lora")
    assert [m["name"] for m in loras] == ["tiny-lora-sd1"]
    two_bases = json_out(models(server_url, tmp_path, "list", "--base", "sd-1", "--base", "sdxl", "--type", "main",
                                "--json"))
    assert sorted(m["name"] for m in two_bases) == ["tiny-sd15", "tiny-sdxl"]

    plain = models(server_url, tmp_path, "list", "--type", "embedding")
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert lines[0].split() == ["NAME", "BASE", "TYPE", "FORMAT", "KEY"]
    assert {line.split()[0] for line in lines[1:]} == {"tiny-embedding-sd1", "tiny-embedding-sdxl"}

    unknown = models(server_url, tmp_path, "list", "--base", "no-such-base")
    assert unknown.returncode == 2 and "Input should be" in unknown.stderr and unknown.stdout == ""


def test_install_from_a_server_path_then_delete_by_name(server_url, tmp_path, cleanup):
    name = f"cli-path-{uuid.uuid4().hex[:6]}"
    cleanup.names.append(name)
    copy = copy_tiny_model(EMBEDDING, tmp_path / "models")
    done = models(server_url, tmp_path, "install", str(copy), "--name", name, "--description", "from the CLI")
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip()
    assert "install job" in done.stderr and "completed" in done.stderr and f"installed {name}" in done.stderr
    [model] = [m for m in installed(server_url) if m["key"] == key]
    assert (model["name"], model["description"], model["base"], model["type"]) == (name, "from the CLI", "sd-1",
                                                                                  "embedding")
    assert not copy.exists()  # without --inplace the server moved it into its models folder

    refused = models(server_url, tmp_path, "delete", name)  # stdin is not a terminal: never asks
    assert refused.returncode == 2 and "--yes" in refused.stderr and refused.stdout == ""
    assert any(m["key"] == key for m in installed(server_url))

    deleted = models(server_url, tmp_path, "delete", name, "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == key and f"deleted {name}" in deleted.stderr
    assert not any(m["key"] == key for m in installed(server_url))
    gone = models(server_url, tmp_path, "delete", name, "--yes")
    assert gone.returncode == 2 and "No model named or keyed" in gone.stderr


def on_a_terminal(server_url: str, tmp_path, answer: bytes, *args: str) -> subprocess.CompletedProcess:
    """Run with stdin on a pseudo-terminal and type `answer`."""
    main, side = pty.openpty()
    try:
        os.write(main, answer)
        return subprocess.run(command(server_url, tmp_path, *args), stdin=side, capture_output=True, text=True,
                              timeout=60)
    finally:
        os.close(main)
        os.close(side)


def test_delete_asks_on_a_terminal(server_url, tmp_path, cleanup):
    copy = copy_tiny_model(EMBEDDING, tmp_path / "models")
    done = models(server_url, tmp_path, "install", str(copy), "--inplace")  # in place: the server only forgets it
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip()
    cleanup.keys.append(key)
    kept = on_a_terminal(server_url, tmp_path, b"n\n", "delete", key)
    assert kept.returncode == 2 and "not deleted" in kept.stderr
    assert "forgets the model and the files stay" in kept.stderr and str(copy) in kept.stderr
    assert any(m["key"] == key for m in installed(server_url))
    gone = on_a_terminal(server_url, tmp_path, b"y\n", "delete", key)
    assert gone.returncode == 0 and gone.stdout.strip() == key, gone.stderr
    assert not any(m["key"] == key for m in installed(server_url)) and copy.exists()


def test_install_from_a_loopback_url_shows_progress_and_prints_json(server_url, tmp_path, cleanup):
    copy = copy_tiny_model("tiny-lora-flux2-klein.safetensors", tmp_path / "files")
    size = copy.stat().st_size
    with LoopbackFileServer(copy.parent) as files:
        url = files.paced_url(copy.name)  # 46 kB in ~2 s: the download is seen while it runs
        done = models(server_url, tmp_path, "install", url, "--description", "from a URL", "--json")
    answer = json_out(done)
    cleanup.keys.append(answer["model"]["key"])
    assert answer["status"] == "completed" and answer["source"] == url and answer["job_id"] >= 0
    assert answer["model"]["source"] == url and answer["model"]["description"] == "from a URL"
    assert answer["model"]["name"] == copy.stem and answer["model"]["file_size"] == size
    assert answer["model"]["type"] == "lora"
    lines = done.stderr.splitlines()
    downloading = [line for line in lines if ": downloading " in line]
    assert downloading and all(line.startswith("invokeai-tui models: job ") for line in downloading)
    assert f"of {size / 1000:.1f} kB" in downloading[-1]
    assert "\x1b[" not in done.stderr  # not a terminal: plain lines, no bar
    assert lines[-2].endswith(": completed")


def test_no_wait_returns_the_job_id_and_jobs_lists_it(server_url, tmp_path, cleanup):
    with LoopbackFileServer(tmp_path) as files:
        url = files.slow_url(4_000_000)  # ~20 s: still downloading while the jobs are listed (a loaded machine)
        started = json_out(models(server_url, tmp_path, "install", url, "--no-wait", "--json"))
        job_id = started["job_id"]
        cleanup.jobs.append(job_id)
        assert started["source"] == url and started["status"] in ("waiting", "downloading")
        jobs = json_out(models(server_url, tmp_path, "jobs", "--json"))
        [mine] = [j for j in jobs if j["id"] == job_id]
        assert mine["status"] in ("waiting", "downloading") and mine["source"]["url"] == url
        assert mine["error_text"] is None
        cancel_job(server_url, job_id)
        again = models(server_url, tmp_path, "install", url, "--no-wait")  # plain: the id alone
        assert again.returncode == 0 and again.stdout.strip().isdigit(), again.stderr
        cleanup.jobs.append(int(again.stdout))
    plain = models(server_url, tmp_path, "jobs")
    assert plain.returncode == 0, plain.stderr
    [row] = [line for line in plain.stdout.splitlines() if line.split()[:1] == [str(job_id)]]
    assert row.split()[1] == "cancelled" and row.endswith(url)
    assert f"job {job_id}: Installing {url!r} was cancelled." in plain.stdout


def test_a_progress_bar_when_stderr_is_a_terminal(server_url, tmp_path, cleanup):
    copy = copy_tiny_model("tiny-lora-flux2-klein.safetensors", tmp_path / "files")
    main, side = pty.openpty()
    with LoopbackFileServer(copy.parent) as files:
        process = subprocess.Popen(command(server_url, tmp_path, "install", files.paced_url(copy.name)),
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=side)
        os.close(side)
        shown = b""
        try:
            while chunk := os.read(main, 65536):  # EIO once the process closed the terminal
                shown += chunk
        except OSError:
            pass
        finally:
            os.close(main)
        key = process.stdout.read().decode().strip()
        assert process.wait(timeout=60) == 0, shown
    cleanup.keys.append(key)
    text = shown.decode(errors="replace")
    assert "\x1b[" in text and "completed" in text and f"key {key}" in text  # rich's bar, then the result
    assert "46.0 kB" in text or "46.0/46.0" in text  # the bar's bytes
    assert ": downloading " not in text  # no plain lines on a terminal
