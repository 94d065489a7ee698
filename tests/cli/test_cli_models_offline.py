"""`invokeai-tui models` without a server: how SOURCE is read, which model a name means, what delete
says about the files, and the plain progress lines."""

from __future__ import annotations

import pytest

from invokeai_tui.cli.models import with_file_bytes
from invokeai_tui.client.model_sources import fate
from invokeai_tui.cli.models_args import BadInput, build_models_parser, pick_model, read_source
from invokeai_tui.cli.models_progress import PlainProgress
from invokeai_tui.client import DnnModel, ModelInstallJob
from invokeai_tui.client.model_install_job import DownloadFileProgress


@pytest.mark.parametrize("source, kind, text", [
    ("/srv/models/x.safetensors", "path", "/srv/models/x.safetensors"),
    ("C:\\models\\x.safetensors", "path", "C:\\models\\x.safetensors"),
    ("https://example.com/x.safetensors", "url", "https://example.com/x.safetensors"),
    ("owner/name", "hf", "owner/name"),
    ("owner/name:vae", "hf", "owner/name::vae"),
    ("owner/name:fp16", "hf", "owner/name:fp16"),
])
def test_a_source_is_a_path_a_url_or_a_repo_id(source, kind, text):
    read = read_source(source, inplace=False)
    assert (read.kind, read.text) == (kind, text)


@pytest.mark.parametrize("source, inplace, message", [
    ("x.safetensors", False, "is not an absolute path"),
    ("./owner/name", False, "is not an absolute path"),
    ("~/x", False, "a ~ is not expanded"),
    ("owner/name", True, "--inplace is for a path"),
    ("owner/name:fp99:vae", False, "not a Hugging Face variant"),
])
def test_a_source_refused_before_sending(source, inplace, message):
    with pytest.raises(BadInput, match=message):
        read_source(source, inplace=inplace)


def model(key: str, name: str = "m", base: str = "sd-1", path: str | None = None) -> DnnModel:
    return DnnModel(key=key, name=name, base=base, type="embedding", path=path)


def test_which_model_a_name_or_key_means():
    one = model("k1")
    assert pick_model("k1", one, []) is one
    assert pick_model("m", None, [one]) is one
    with pytest.raises(BadInput, match="No model named or keyed 'x'"):
        pick_model("x", None, [])
    with pytest.raises(BadInput, match=r"2 models are named 'm': m \(sd-1 embedding, key k1\); m \(sdxl"):
        pick_model("m", None, [one, model("k2", base="sdxl")])


def test_delete_says_what_becomes_of_the_files():
    assert "deletes its files from its models folder" in fate(model("k", path="k/x.safetensors"))
    assert "the files stay (/data/x.safetensors)" in fate(model("k", path="/data/x.safetensors"))


def test_plain_progress_a_line_per_status_and_a_download_once_a_second():
    lines, now = [], [0.0]
    progress = PlainProgress(lines.append, clock=lambda: now[0])
    job = ModelInstallJob(id=3, status="waiting")
    for status, done, when in (("waiting", 0, 0.1), ("downloading", 100, 1.0), ("downloading", 500, 1.5),
                               ("downloading", 900, 2.1), ("running", 1000, 2.2), ("downloads_done", 1000, 2.3),
                               ("completed", 1000, 2.4)):
        now[0] = when
        progress.update(job.model_copy(update={"status": status, "bytes": done, "total_bytes": 1000}))
    assert lines == ["job 3: waiting", "job 3: downloading 100 bytes of 1.0 kB (10%)",
                     "job 3: downloading 900 bytes of 1.0 kB (90%)", "job 3: running", "job 3: completed"]


def test_download_events_fill_in_the_bytes():
    class Handle:
        files = {"u": DownloadFileProgress("u", bytes=300, total_bytes=1000)}

    job = ModelInstallJob(id=1, status="downloading", bytes=100, total_bytes=1000)
    assert (with_file_bytes(job, Handle).bytes, with_file_bytes(job, Handle).total_bytes) == (300, 1000)
    done = job.model_copy(update={"status": "completed"})
    assert with_file_bytes(done, Handle) is done


def test_a_command_is_needed(capsys):
    with pytest.raises(SystemExit) as caught:
        build_models_parser().parse_args([])
    assert caught.value.code == 2 and "COMMAND" in capsys.readouterr().err
