"""Running `invokeai-tui models ...` as a user does (a subprocess), and putting the server back as it
was: every model a test installs is deleted afterwards (by key, through REST), with finished jobs."""

from __future__ import annotations

import json
import subprocess
import time

import httpx

from tests.support import cli_run, rest

MODELS = "/api/v2/models"


def command(server_url: str, tmp_path, *args: str) -> list[str]:
    return cli_run.command(server_url, tmp_path, "models", *args)


def models(server_url: str, tmp_path, *args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdin", subprocess.DEVNULL)  # as from a script: not a terminal
    return subprocess.run(command(server_url, tmp_path, *args), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def installed(server_url: str, **params) -> list[dict]:
    return rest.api(server_url, "GET", f"{MODELS}/", params=params)["models"]


def model_keys_named(server_url: str, name: str) -> list[str]:
    return [m["key"] for m in installed(server_url) if m["name"] == name]


def job(server_url: str, job_id: int) -> dict:
    return rest.api(server_url, "GET", f"{MODELS}/install/{job_id}")


def cancel_job(server_url: str, job_id: int, timeout: float = 30) -> dict:
    httpx.delete(f"{server_url}{MODELS}/install/{job_id}", timeout=30)
    deadline = time.monotonic() + timeout
    # Until the server's download threads have stopped too: a cancelled download still blocked in a read
    # turns into `error` if its connection breaks first (6.14.2; see ModelInstallJobHandle.cancel).
    while (record := job(server_url, job_id))["status"] not in ("cancelled", "error", "completed") or any(
            part.get("status") in ("pending", "running") for part in record.get("download_parts") or []):
        assert time.monotonic() < deadline, record["status"]
        time.sleep(0.2)
    return record


def install_in_place(server_url: str, path, name: str, headers: dict | None = None, timeout: float = 60) -> str:
    """Install a server path in place through REST (not the app or the CLI) and wait: the model's key."""
    answer = httpx.post(f"{server_url}{MODELS}/install", params={"source": str(path), "inplace": True},
                        json={"name": name}, headers=headers, timeout=30)
    answer.raise_for_status()
    record, deadline = answer.json(), time.monotonic() + timeout
    while record["status"] != "completed":
        assert record["status"] not in ("error", "cancelled") and time.monotonic() < deadline, record
        time.sleep(0.2)
        record = httpx.get(f"{server_url}{MODELS}/install/{record['id']}", headers=headers, timeout=30).json()
    return record["config_out"]["key"]


class Cleanup:
    """Keys and names of the models a test installed, and jobs to cancel: gone afterwards."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.keys: list[str] = []
        self.names: list[str] = []
        self.jobs: list[int] = []

    def finish(self) -> None:
        for job_id in self.jobs:
            try:
                record = cancel_job(self.server_url, job_id)
            except (httpx.HTTPError, AssertionError):
                continue
            if record["status"] == "completed" and record.get("config_out"):
                # A throttled download on a loaded machine can finish before its cancel: no model left behind.
                self.keys.append(record["config_out"]["key"])
        keys = set(self.keys) | {key for name in self.names for key in model_keys_named(self.server_url, name)}
        for key in keys:
            httpx.delete(f"{self.server_url}{MODELS}/i/{key}", timeout=60)
        httpx.delete(f"{self.server_url}{MODELS}/install", timeout=60)  # prune the finished jobs


def json_out(done: subprocess.CompletedProcess):
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
