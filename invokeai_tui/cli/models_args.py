"""`invokeai-tui models`' flags, and what can be told about a SOURCE or a model name before anything
is sent (a mistake found here is bad input: exit 2, nothing sent)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..client import DnnModel
from ..client.model_sources import BadInput, InstallSource, describe, read_source  # noqa: F401 - re-exported

EXIT_CODES = ("Exit codes: 0 done, 1 the server refused or failed it (for install: the model is not installed), "
              "2 bad input (nothing sent), 3 cannot reach the server or not logged in, 130 interrupted "
              "(an install job goes on on the server).")


def _server_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="the InvokeAI server (as for the app)")
    parser.add_argument("--profile", help="a server profile from the config file")
    parser.add_argument("--config", type=Path, help="the config file (default: the XDG config folder)")


def build_models_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="invokeai-tui models",
        description="List, install and delete the server's models, and list its install jobs.",
        epilog=EXIT_CODES,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="the installed models", epilog=EXIT_CODES,
                                  description="The installed models: name, base, type, format and key.")
    listing.add_argument("--base", action="append", metavar="B",
                         help="only this base, e.g. sd-1, sdxl, flux (repeatable)")
    listing.add_argument("--type", action="append", metavar="T",
                         help="only this type, e.g. main, lora, vae, embedding (repeatable)")
    listing.add_argument("--json", action="store_true", help="print the server's model records as one JSON list")
    _server_flags(listing)

    install = commands.add_parser(
        "install", help="install a model and wait until it is installed", epilog=EXIT_CODES,
        description="Install a model from SOURCE: an absolute path on the SERVER's machine, an http(s) URL, or a "
        "Hugging Face repo id (owner/name, owner/name:subfolder). Progress goes to stderr; exit 0 only once the "
        "model is installed. A path the server cannot find is the server's refusal (exit 1); a SOURCE that is "
        "none of the three (a relative path, a bare word) is refused before sending (exit 2).")
    install.add_argument("source", metavar="SOURCE")
    install.add_argument("--name", help="the model's name (default: what the server probes)")
    install.add_argument("--description", help="the model's description")
    install.add_argument("--inplace", action="store_true",
                         help="a server path only: register the files where they are (without it the server "
                         "moves them into its models folder)")
    install.add_argument("--no-wait", action="store_true", help="print the install job's id and return at once")
    install.add_argument("--json", action="store_true", help="print one JSON object: the job and the installed model")
    _server_flags(install)

    delete = commands.add_parser(
        "delete", help="delete an installed model", epilog=EXIT_CODES,
        description="Delete a model by name or key. Its files go too when they are inside the server's models "
        "folder; a model installed in place is only forgotten. Asks first on a terminal.")
    delete.add_argument("model", metavar="NAME|KEY")
    delete.add_argument("--yes", action="store_true", help="do not ask (needed when stdin is not a terminal)")
    _server_flags(delete)

    jobs = commands.add_parser("jobs", help="the server's model install jobs", epilog=EXIT_CODES,
                               description="The install jobs the server remembers (until pruned or restarted).")
    jobs.add_argument("--json", action="store_true", help="print the server's job records as one JSON list")
    _server_flags(jobs)
    return parser


def pick_model(text: str, by_key: DnnModel | None, named: list[DnnModel]) -> DnnModel:
    """The one model `text` names: a key, else a name; a name several models share is bad input."""
    if by_key is not None:
        return by_key
    if not named:
        raise BadInput(f"No model named or keyed {text!r} is installed.")
    if len(named) > 1:
        listed = "; ".join(describe(m) for m in named)
        raise BadInput(f"{len(named)} models are named {text!r}: {listed}. Give the key of the one you mean.")
    return named[0]
