"""What can be told about a model install SOURCE and an installed model before anything is sent, in
words a person reads (shared by the command line and the Models screen): a server path, a URL or a
Hugging Face repo id told apart; how a model is named; what deleting it does to its files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from .model_install_errors import looks_like_hf_repo
from .records import DnnModel
from .repositories.model_manager import hf_source

WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass
class InstallSource:
    """SOURCE as the server reads it, and what kind it is: "path", "url" or "hf"."""

    text: str
    kind: str


class BadInput(ValueError):
    """A mistake found before anything is sent."""


def read_source(source: str, *, inplace: bool) -> InstallSource:
    """Tell a server path, a URL and a Hugging Face repo id apart (the server needs an absolute path)."""
    source = source.strip()
    if source.startswith(("http://", "https://")):
        kind, text = "url", source
    elif source.startswith("/") or WINDOWS_PATH.match(source):
        kind, text = "path", source
    elif source.startswith("~"):
        raise BadInput(f"{source!r}: write the full path on the server's machine (a ~ is not expanded there).")
    elif looks_like_hf_repo(source) and not source.startswith("."):
        try:
            kind, text = "hf", hf_source(source)
        except ValueError as err:
            raise BadInput(str(err)) from None
    else:
        raise BadInput(f"{source!r} is not an absolute path on the server, an http(s) URL or a Hugging Face repo "
                       "id (owner/name or owner/name:subfolder).")
    if inplace and kind != "path":
        raise BadInput("--inplace is for a path on the server: a download is always put in the models folder.")
    return InstallSource(text, kind)


def describe(model: DnnModel) -> str:
    return f"{model.name} ({model.base} {model.type}, key {model.key})"


def hf_unreachable(source: str, status: int) -> str:
    # The server answers a bare 500 (its log has the traceback): one sentence that says what it means.
    return (f"Installing {source!r} failed: the server could not reach that Hugging Face repository (HTTP {status}: "
            "it has no internet access or runs with HF_HUB_OFFLINE, or the repo does not exist or is private).")


def fate(model: DnnModel) -> str:
    """What the server does with the files: it deletes those inside its models folder (stored there
    with a relative path) and only forgets a model installed in place elsewhere."""
    path = model.path or ""
    if path and not (PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute()):
        return "The server deletes its files from its models folder."
    return (f"The server deletes its files only if they are inside its models folder; otherwise it forgets the "
            f"model and the files stay ({path}).")
