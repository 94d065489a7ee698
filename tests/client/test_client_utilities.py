"""The server's utilities the Generate mode uses: dynamic prompts, generation devices, a model by hash."""


async def test_dynamic_prompts_expand_and_report_a_parse_error(client):
    answer = await client.utilities.dynamic_prompts("a {red|blue} ball")
    assert answer.prompts == ["a red ball", "a blue ball"] and answer.error is None
    capped = await client.utilities.dynamic_prompts("{a|b|c} {1|2}", max_prompts=3)
    assert len(capped.prompts) == 3  # the server caps silently
    broken = await client.utilities.dynamic_prompts("a {red|blue")
    assert broken.prompts == ["a {red|blue"] and broken.error
    assert (await client.utilities.dynamic_prompts("")).prompts == [""]


async def test_generation_devices(client):
    devices = await client.utilities.generation_device_options()
    assert [d.device for d in devices] == ["cpu"] and devices[0].name == "CPU"


async def test_a_model_by_hash(client):
    sd15 = next(m for m in await client.dnn_model_repo.list_models(type="main") if m.name == "tiny-sd15")
    found = await client.dnn_model_repo.get_model_by_hash(sd15.hash)
    assert found is not None and found.key == sd15.key
    assert await client.dnn_model_repo.get_model_by_hash("blake3:" + "0" * 64) is None
