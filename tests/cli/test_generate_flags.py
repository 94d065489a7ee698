"""`invokeai-tui generate` refuses a flag the chosen model's graph would not use (offline: no server)."""

from __future__ import annotations

import argparse

import pytest

from invokeai_tui.cli.generate_args import refuse_flags_the_model_ignores
from invokeai_tui.generate import ModelRef
from invokeai_tui.generate.validate import GenerateInputError


def flags(**given) -> argparse.Namespace:
    return argparse.Namespace(**{"negative": None, "cfg": None, "guidance": None, "steps": None, **given})


KLEIN = ModelRef(key="k", name="klein", base="flux2", type="main", variant="klein_4b")
FLUX2_DEV = ModelRef(key="d", name="dev", base="flux2", type="main", variant="dev")
SD1 = ModelRef(key="s", name="sd", base="sd-1", type="main")
IDEOGRAM = ModelRef(key="i", name="ideo", base="ideogram-4", type="main")


@pytest.mark.parametrize(("model", "given", "refused"), [
    (KLEIN, {"cfg": 5.0}, "--cfg"),
    (KLEIN, {"guidance": 3.0, "negative": "blurry"}, "--negative or --guidance"),
    (SD1, {"guidance": 3.0}, "--guidance"),
    (IDEOGRAM, {"steps": 20}, "--steps"),
])
def test_a_flag_the_model_does_not_use_is_bad_input(model, given, refused):
    with pytest.raises(GenerateInputError, match=refused):
        refuse_flags_the_model_ignores(flags(**given), model)


@pytest.mark.parametrize(("model", "given"), [
    (SD1, {"cfg": 5.0, "negative": "blurry", "steps": 4}),
    (FLUX2_DEV, {"guidance": 3.5, "steps": 4}),  # [dev] takes guidance, Klein does not
    (KLEIN, {"steps": 4}),
])
def test_flags_the_model_uses_pass(model, given):
    refuse_flags_the_model_ignores(flags(**given), model)
