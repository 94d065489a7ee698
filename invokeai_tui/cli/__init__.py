"""The ``invokeai-tui`` command: flags, settings, logging to a file, then the app."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from ..config.settings import IMAGE_PROTOCOLS, Settings, SettingsError, default_log_path


def package_version() -> str:
    from importlib import metadata  # ~60 ms to import and look up: only for --version

    try:
        return metadata.version("invokeai-tui")
    except metadata.PackageNotFoundError:
        return "0+unknown"


class _VersionAction(argparse.Action):
    """--version, with the version looked up only when asked for."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0,
                         help=help or "show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"invokeai-tui {package_version()}")  # on stdout, as argparse's own version action
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="invokeai-tui",
        description="A keyboard-driven terminal app for InvokeAI 6.14. Subcommands: generate, run, models, "
        "queue, boards, images, download, upload (invokeai-tui SUBCOMMAND --help).",
        epilog="The server URL comes from --url, else $INVOKEAI_TUI_URL, else --profile or the "
        "config's default profile, else http://127.0.0.1:9090.",
    )
    parser.add_argument("--url", help="the InvokeAI server, e.g. http://127.0.0.1:9090 or https://host/invoke")
    parser.add_argument("--profile", help="a server profile from the config file")
    parser.add_argument(
        "--image-protocol",
        choices=IMAGE_PROTOCOLS,
        default=None,
        help="how to draw images (default: the config's, else auto-detect)",
    )
    parser.add_argument("--config", type=Path, help="the config file (default: the XDG config folder)")
    parser.add_argument("--log-file", type=Path, help="where to write the log (never to the screen)")
    parser.add_argument("--version", action=_VersionAction)
    return parser


def setup_logging(path: Path) -> None:
    """Send all logging to ``path`` only: a log line on the screen would tear the interface."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    level = os.environ.get("INVOKEAI_TUI_LOG_LEVEL", "INFO").upper()
    root.setLevel(getattr(logging, level, logging.INFO))
    # Request-by-request lines from the HTTP stack would drown the app's own messages.
    for noisy in ("httpx", "httpcore", "engineio", "socketio", "aiohttp"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


# Subcommands never open the app; each module has main(argv) -> exit code (imported when used).
SUBCOMMANDS = {"generate": "invokeai_tui.cli.generate", "models": "invokeai_tui.cli.models",
               "run": "invokeai_tui.cli.run", "queue": "invokeai_tui.cli.queue", "boards": "invokeai_tui.cli.boards",
               "images": "invokeai_tui.cli.images", "download": "invokeai_tui.cli.download",
               "upload": "invokeai_tui.cli.upload"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        from importlib import import_module

        return import_module(SUBCOMMANDS[argv[0]]).main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.load(args.config)
        url = settings.resolve_url(args.url, args.profile)
    except SettingsError as exc:
        print(f"invokeai-tui: {exc}", file=sys.stderr)
        return 2
    try:
        setup_logging(args.log_file or default_log_path())
    except OSError as exc:
        print(f"invokeai-tui: cannot write the log file: {exc}", file=sys.stderr)
        return 2

    # textual-image must look at the terminal before Textual owns it.
    from ..tui import image_support

    image_support.prepare(args.image_protocol or settings.image_protocol)

    from ..tui.app import InvokeAITUI

    app = InvokeAITUI(settings=settings, url=url, profile=args.profile)
    app.run()
    return app.return_code or 0
