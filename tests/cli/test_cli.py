"""The command line: flags, --version, settings errors, logging to a file only."""

import logging
import subprocess
import sys

import pytest

from invokeai_tui import cli


def test_version_flag_prints_the_package_version():
    done = subprocess.run([sys.executable, "-m", "invokeai_tui.cli", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == f"invokeai-tui {cli.package_version()}"


def test_flags_parse():
    args = cli.build_parser().parse_args(
        ["--url", "http://h:1", "--profile", "p", "--image-protocol", "halfcell", "--config", "/x.toml", "--log-file", "/l"]
    )
    assert (args.url, args.profile, args.image_protocol, str(args.config), str(args.log_file)) == (
        "http://h:1", "p", "halfcell", "/x.toml", "/l",
    )


def test_bad_image_protocol_is_refused(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["--image-protocol", "svg"])
    assert "invalid choice" in capsys.readouterr().err


def test_bad_config_exits_2_with_message(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text("theme = [")
    assert cli.main(["--config", str(config), "--log-file", str(tmp_path / "l.log")]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_unknown_profile_exits_2(tmp_path, capsys):
    assert cli.main(["--config", str(tmp_path / "none.toml"), "--profile", "nope"]) == 2
    assert "no profile 'nope'" in capsys.readouterr().err


def test_logging_goes_to_the_file_only(tmp_path):
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        log_file = tmp_path / "logs" / "app.log"
        cli.setup_logging(log_file)
        assert all(isinstance(h, logging.FileHandler) for h in root.handlers)
        logging.getLogger("invokeai_tui.test").warning("hello from the test")
        for handler in root.handlers:
            handler.flush()
        assert "hello from the test" in log_file.read_text()
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
