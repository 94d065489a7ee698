"""Sentences a person can act on for a model install that could not start, or whose job failed.

The server answers 409 both for "already installed" and for a source it cannot make sense of (a path
that does not exist is "Unsupported model source"), so a 409 is "already installed" only when the
server says so. A failed job carries the server's exception class (`error_reason`) and message.
"""

from __future__ import annotations

import re

from .error_mapping import describe_detail
from .errors import (
    InvokeAIError,
    ModelAlreadyInstalledError,
    ModelDownloadError,
    ModelInstallCancelledError,
    ModelInstallError,
    ModelSourceError,
    NotAModelError,
    RequestRejectedError,
    ServerError,
)
from .records import ModelInstallJob

HF_REPO_ID = re.compile(r"^[^/:\s]+/[^/:\s]+(:.*)?$")
PRIVATE_URL_HELP = (
    "the server refuses to download from a loopback or private-network address. To allow it, set "
    "`allow_private_download_urls: true` in the server's invokeai.yaml and restart the server."
)
NOT_SENT_AGAIN = " The request was not sent again: list the install jobs before you repeat it."


def looks_like_hf_repo(source: str) -> bool:
    return bool(HF_REPO_ID.match(source)) and "://" not in source


def _short(text: str | None, limit: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _said_already_installed(text: str) -> bool:
    text = text.lower()
    return "already installed" in text or "there is already a model" in text


def _stopped_after(text: str) -> str:
    """"the remote server closed the connection after 200000 of 400000 bytes" from urllib3's IncompleteRead."""
    found = re.search(r"IncompleteRead\((\d+) bytes read, (\d+) more expected\)", text)
    if not found:
        return "the remote server closed the connection before the whole file arrived"
    got, missing = int(found.group(1)), int(found.group(2))
    return f"the remote server closed the connection after {got:,} of {got + missing:,} bytes"


def install_request_error(err: InvokeAIError, source: str) -> InvokeAIError:
    """The error to raise when POST /api/v2/models/install failed with `err`."""
    said = _short(describe_detail(err.detail))
    kw = {"status": err.status, "method": err.method, "url": err.url, "detail": err.detail}
    what = f"Installing {source!r} failed"
    if err.status == 409 and said.lower().startswith("unsupported model source"):
        return ModelSourceError(
            f"{what}: the server found no file or folder at that path, and it is not a URL (http:// or "
            "https://) or a Hugging Face repo id (owner/name, or owner/name::subfolder). A path must exist "
            "on the server's machine, not only on yours.",
            **kw,
        )
    if err.status == 409 and _said_already_installed(said):
        return ModelAlreadyInstalledError(f"{what}: the server says it is already installed ({said}).", **kw)
    if err.status == 415:
        return NotAModelError(f"{what}: the server does not recognise it as a model (HTTP 415).", **kw)
    if isinstance(err, ServerError) and looks_like_hf_repo(source):
        return ModelDownloadError(
            f"{what}: the server could not look up the Hugging Face repository (HTTP {err.status}). This "
            "happens when the server has no internet access (or runs with HF_HUB_OFFLINE set), when the "
            "repo does not exist, or when it is private and the server has no Hugging Face token (log in "
            "with hf_login). Check the server log." + NOT_SENT_AGAIN,
            **kw,
        )
    if isinstance(err, ServerError):
        return type(err)(str(err) + NOT_SENT_AGAIN, **kw)
    if isinstance(err, RequestRejectedError) and err.status in (409, 424):
        return ModelInstallError(f"{what}: {said or 'the server refused it'} (HTTP {err.status}).", **kw)
    return err


def install_job_error(job: ModelInstallJob) -> ModelInstallError | None:
    """The typed error of a failed or cancelled job (None while it runs or once it completed)."""
    source = job.source_text or f"job {job.id}"
    what = f"Installing {source!r} failed"
    kind = job.error_reason or ""
    text = job.error or ""
    kw = {"job": job, "error_type": kind or None, "detail": text or None}
    lowered = f"{kind} {text}".lower()
    if job.is_cancelled:
        return ModelInstallCancelledError(f"Installing {source!r} was cancelled.", **kw)
    if not job.is_failed:
        return None
    if kind == "DuplicateModelException" or _said_already_installed(text):
        return ModelAlreadyInstalledError(f"{what}: the model is already installed ({_short(text)}).", **kw)
    if kind == "UnsafeDownloadURLException" or "non-public address" in lowered:
        return ModelDownloadError(f"{what}: {PRIVATE_URL_HELP}", **kw)
    if "html page, not a model" in lowered:
        return ModelDownloadError(
            f"{what}: the download is an HTML page, not a model; the site probably wants a login. "
            "Give an access token with the install.",
            **kw,
        )
    if kind.startswith("HTTPError") and ("not found" in lowered or "404" in lowered):
        return ModelSourceError(f"{what}: the URL was not found (the remote server answered 404). Check the address.", **kw)
    if kind.startswith("HTTPError"):
        return ModelDownloadError(
            f"{what}: the remote server refused the download ({_short(text, 160)}). If the file needs a "
            "login, give an access token with the install.",
            **kw,
        )
    if kind in ("ChunkedEncodingError", "ProtocolError") or "incompleteread" in lowered or "connection broken" in lowered:
        return ModelDownloadError(f"{what}: the download stopped midway: {_stopped_after(text)}. Nothing was "
                                  "installed; install it again to retry.", **kw)
    if any(word in lowered for word in ("connectionerror", "max retries", "timeout", "offlinemode", "offline mode")):
        return ModelDownloadError(
            f"{what}: the server could not download it ({_short(text, 200)}). Check that the server can reach "
            "that address (its network, proxy or firewall).",
            **kw,
        )
    if any(word in lowered for word in ("not a recognized model format", "could not identify model",
                                        "cannot be used", "invalidmodelconfig")):
        return NotAModelError(f"{what}: the server does not recognise it as a model ({_short(text)}).", **kw)
    detail = f"{kind}: {_short(text)}" if kind and text else _short(text or kind) or "no reason was given"
    return ModelInstallError(f"{what} on the server ({detail}). Check the server log for details.", **kw)
