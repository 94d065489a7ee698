"""Model management on the real server besides installing: update a model's name, description,
trigger phrases and default settings; scan a folder; convert; delete; the cache; the Hugging Face
token status; the starter catalogue; install jobs by id. Every model installed here is deleted."""

import pytest

from invokeai_tui.client import (
    HFTokenStatus,
    ModelCacheStats,
    ModelInstallError,
    NotFoundError,
    RequestRejectedError,
)
from tests.support.loopback_files import models_deleted_afterwards, copy_tiny_model


@pytest.fixture
async def installed(client):
    """Keys of the models a test installed: deleted afterwards, with the finished jobs."""
    async with models_deleted_afterwards(client) as keys:
        yield keys


async def install_in_place(client, path, installed) -> str:
    job = await (await client.model_manager.install_path(str(path), inplace=True)).wait(120)
    installed.append(job.model_key)
    return job.model_key


async def test_update_name_description_trigger_phrases_and_default_settings(client, installed, tmp_path):
    key = await install_in_place(client, copy_tiny_model("tiny-sd15", tmp_path), installed)
    manager = client.model_manager
    settings = {"steps": 7, "cfg_scale": 3.5, "width": 256, "height": 256, "scheduler": "euler"}
    updated = await manager.update_model(
        key, name="tui-test-sd15", description="edited by a test", trigger_phrases=["tiny", "test"],
        default_settings=settings,
    )
    assert updated.name == "tui-test-sd15" and updated.default_settings["steps"] == 7
    again = await client.dnn_model_repo.get_model(key)
    assert (again.name, again.description) == ("tui-test-sd15", "edited by a test")
    assert sorted(again.trigger_phrases) == ["test", "tiny"]
    assert {k: again.default_settings[k] for k in settings} == settings
    # None leaves a field alone; the base and type were never touched.
    kept = await manager.update_model(key, description="only this")
    assert (kept.name, kept.description, kept.base, kept.type) == ("tui-test-sd15", "only this", "sd-1", "main")
    assert kept.default_settings["steps"] == 7
    with pytest.raises(RequestRejectedError):
        await manager.update_model(key, default_settings={"steps": -1})  # the server validates it


async def test_scan_a_folder_with_an_installed_and_a_new_model(client, installed, tmp_path):
    folder = tmp_path / "scan"
    first = copy_tiny_model("tiny-embedding-sd1.safetensors", folder)
    second = copy_tiny_model("tiny-embedding-sdxl.safetensors", folder)
    await install_in_place(client, first, installed)
    found = {item.path: item.is_installed for item in await client.model_manager.scan_folder(str(folder))}
    assert found == {str(first): True, str(second): False}
    with pytest.raises(RequestRejectedError) as caught:
        await client.model_manager.scan_folder(str(tmp_path / "missing"))
    assert "server's machine" in str(caught.value)


async def test_convert_refuses_what_is_not_a_checkpoint(client):
    sd15 = next(m for m in await client.dnn_model_repo.list_models() if m.name == "tiny-sd15")
    with pytest.raises(RequestRejectedError) as caught:
        await client.model_manager.convert_model(sd15.key)
    assert caught.value.status == 400 and "checkpoint" in str(caught.value)
    with pytest.raises(RequestRejectedError):
        await client.model_manager.convert_model("no-such-key")


async def test_unknown_keys_and_jobs(client):
    manager = client.model_manager
    with pytest.raises(NotFoundError):
        await manager.delete_model("no-such-key")
    with pytest.raises(NotFoundError):
        await manager.update_model("no-such-key", description="x")
    with pytest.raises(ModelInstallError) as caught:
        await manager.get_install_job(987654)
    assert "no longer knows install job 987654" in str(caught.value)
    with pytest.raises(ModelInstallError) as caught:
        await manager.cancel_install_job(987654)
    assert "no longer knows install job 987654" in str(caught.value)


async def test_install_jobs_listed_followed_by_id_and_pruned(client, installed, tmp_path):
    manager = client.model_manager
    handle = await manager.install_path(str(copy_tiny_model("tiny-unknown.safetensors", tmp_path)))
    again = manager.install_job_handle(handle.id)
    job = await again.wait(60)
    installed.append(job.model_key)
    assert job.is_completed and job.config_out.type == "unknown" and job.progress == 1.0
    assert (await manager.get_install_job(handle.id)).model_key == job.model_key
    assert handle.id in {j.id for j in await manager.list_install_jobs()}
    await manager.prune_install_jobs()
    assert handle.id not in {j.id for j in await manager.list_install_jobs()}


async def test_model_cache_stats_and_emptying_it(client):
    stats = await client.model_manager.cache_stats()
    assert stats is None or isinstance(stats, ModelCacheStats)  # None until a model was loaded
    await client.model_manager.empty_model_cache()
    after = await client.model_manager.cache_stats()
    # The server counts what it dropped in `cleared`; in_cache is only updated when it loads a model.
    assert (after is None) == (stats is None)
    assert after is None or (after.cleared >= stats.cleared and after.hits == stats.hits)


async def test_hugging_face_token_status(client):
    # Offline and without a token here: "invalid". Login and logout would change the server
    # user's Hugging Face token file, so they are tested offline (test_client_model_errors.py).
    assert await client.model_manager.hf_token_status() in set(HFTokenStatus)


async def test_starter_models(client):
    catalogue = await client.model_manager.starter_models()
    assert len(catalogue.starter_models) > 20
    assert all(m.name and m.source and m.base and m.type for m in catalogue.starter_models)
    assert not any(m.is_installed for m in catalogue.starter_models)  # only tiny models here
    assert catalogue.starter_bundles and all(b.models for b in catalogue.starter_bundles.values())
