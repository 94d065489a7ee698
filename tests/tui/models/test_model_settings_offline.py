"""Offline: the default settings each model type has, the server's rules for their values, the edit
dialog's merge (the server replaces the whole object), and starter models with their dependencies."""

from __future__ import annotations

from invokeai_tui.client.records import DnnModel, StarterModel
from invokeai_tui.tui.screens.model_dialogs import with_dependencies
from invokeai_tui.tui.screens.model_settings import (
    LORA_FIELDS,
    MAIN_FIELDS,
    merged_settings,
    parse_setting,
    setting_fields,
    split_phrases,
)

FIELD = {f.key: f for f in MAIN_FIELDS + LORA_FIELDS}


def model(type_: str, base: str = "sd-1", **kw) -> DnnModel:
    return DnnModel(key="k", name="m", base=base, type=type_, **kw)


def test_the_fields_follow_the_type_and_base():
    assert {f.key for f in setting_fields(model("main"))} == {f.key for f in MAIN_FIELDS} - {"guidance"}
    flux = {f.key for f in setting_fields(model("main", "flux"))}
    assert "guidance" in flux and "cfg_rescale_multiplier" not in flux and "width" in flux
    assert {f.key for f in setting_fields(model("main", "some-new-base"))} == {f.key for f in MAIN_FIELDS}
    kept = setting_fields(model("main", "flux", default_settings={"cfg_rescale_multiplier": 0.5}))
    assert "cfg_rescale_multiplier" in {f.key for f in kept}  # a value already there stays editable
    assert setting_fields(model("lora")) == LORA_FIELDS
    assert setting_fields(model("embedding")) == ()


def test_values_are_checked_by_the_servers_rules():
    good = {"steps": "30", "cfg_scale": "1", "cfg_rescale_multiplier": "0.7", "guidance": "3.5", "width": "64",
            "height": "1024", "weight": "-1"}
    for key, text in good.items():
        value, problem = parse_setting(FIELD[key], text)
        assert problem is None and value == float(text), (key, problem)
    bad = {"steps": ("0", "greater than 0"), "cfg_scale": ("0.9", "1 or more"), "width": ("100", "multiple of 8"),
           "height": ("56", "at least 64"), "cfg_rescale_multiplier": ("1", "less than 1"),
           "guidance": ("0", "1 or more"), "weight": ("2.5", "from -1 to 2")}
    for key, (text, words) in bad.items():
        assert words in (parse_setting(FIELD[key], text)[1] or ""), key
    assert "not a whole number" in parse_setting(FIELD["steps"], "2.5")[1]
    assert "not a number" in parse_setting(FIELD["cfg_scale"], "lots")[1]
    assert parse_setting(FIELD["steps"], "  ") == (None, None)


def test_the_whole_object_is_sent_with_the_edited_fields():
    m = model("main", default_settings={"width": 512, "cpu_only": True, "steps": 10})
    assert merged_settings(m, {"steps": None, "scheduler": "euler"}) == {
        "width": 512, "cpu_only": True, "steps": None, "scheduler": "euler"}
    assert split_phrases(" a, b ,, a,c ") == ["a", "b", "c"]


def test_starter_models_come_with_what_they_need_each_once():
    vae = StarterModel(name="vae", source="o/vae")
    encoder = StarterModel(name="enc", source="o/enc", is_installed=True)
    one = StarterModel(name="one", source="o/one", dependencies=[vae, encoder])
    two = StarterModel(name="two", source="o/two", dependencies=[vae])
    assert [m.name for m in with_dependencies([one, two])] == ["vae", "one", "two"]
