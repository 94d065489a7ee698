"""The published choice fields (`invokeai_py_client.ivk_fields.enums`): enum and literal fields,
schedulers (SchedulerName), interpolation and color modes."""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar, Optional

from pydantic import Field

from .base import IvkField, ValueField


class SchedulerName(str, Enum):
    """The server's scheduler names (InvokeAI's SCHEDULER_NAME_VALUES, same order)."""

    DDIM = "ddim"
    DDPM = "ddpm"
    DEIS = "deis"
    DEIS_K = "deis_k"
    LMS = "lms"
    LMS_K = "lms_k"
    PNDM = "pndm"
    HEUN = "heun"
    HEUN_K = "heun_k"
    EULER = "euler"
    EULER_K = "euler_k"
    EULER_A = "euler_a"
    KDPM_2 = "kdpm_2"
    KDPM_2_K = "kdpm_2_k"
    KDPM_2_A = "kdpm_2_a"
    KDPM_2_A_K = "kdpm_2_a_k"
    DPMPP_2S = "dpmpp_2s"
    DPMPP_2S_K = "dpmpp_2s_k"
    DPMPP_2M = "dpmpp_2m"
    DPMPP_2M_K = "dpmpp_2m_k"
    DPMPP_2M_SDE = "dpmpp_2m_sde"
    DPMPP_2M_SDE_K = "dpmpp_2m_sde_k"
    DPMPP_3M = "dpmpp_3m"
    DPMPP_3M_K = "dpmpp_3m_k"
    DPMPP_SDE = "dpmpp_sde"
    DPMPP_SDE_K = "dpmpp_sde_k"
    UNIPC = "unipc"
    UNIPC_K = "unipc_k"
    LCM = "lcm"
    TCD = "tcd"


SCHEDULER_NAMES = [e.value for e in SchedulerName]
INTERPOLATION_MODES = ["nearest", "linear", "bilinear", "bicubic", "trilinear", "area"]
COLOR_MODES = ["RGB", "RGBA", "L", "LA", "CMYK", "HSV"]


class IvkEnumField(ValueField, IvkField[str]):
    """A value from a list of choices (empty choices: anything)."""

    CHECK: ClassVar[str] = "validate_enum_choice"

    value: Optional[str] = None
    choices: list[str] = Field(default_factory=list)

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)

    @classmethod
    def validate_enum_choice(cls, v: Optional[str], info: Any) -> Optional[str]:
        return _one_of(v, info.data.get("choices"))


    def get_choices(self) -> list[str]:
        return list(self.choices)

    def add_choice(self, choice: str) -> None:
        if choice not in self.choices:
            self.choices.append(choice)

    def remove_choice(self, choice: str) -> None:
        if choice in self.choices:
            self.choices.remove(choice)

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self.value}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkEnumField":
        """A field of this class (its own default choices unless the data names some)."""
        extra = {"choices": list(data["choices"])} if data.get("choices") else {}
        return cls(value=data.get("value"), **extra)


class IvkSchedulerField(IvkEnumField):
    """A scheduler name; aliases such as "euler_ancestral" are accepted."""

    def __init__(self, **data: Any) -> None:
        data.setdefault("choices", SCHEDULER_NAMES.copy())
        if isinstance(data.get("value"), str):
            data["value"] = self.normalize_alias(data["value"])
        super().__init__(**data)

    @staticmethod
    def normalize_alias(name: str) -> str:
        aliases = {"euler_ancestral": "euler_a", "euler-ancestral": "euler_a", "euler ancestral": "euler_a"}
        return aliases.get(name.lower(), name)



class IvkInterpolationField(IvkEnumField):
    def __init__(self, **data: Any) -> None:
        data.setdefault("choices", INTERPOLATION_MODES.copy())
        super().__init__(**data)



class IvkColorModeField(IvkEnumField):
    def __init__(self, **data: Any) -> None:
        data.setdefault("choices", COLOR_MODES.copy())
        super().__init__(**data)



class IvkLiteralField(ValueField, IvkField[str]):
    """One of a fixed set of literals."""

    CHECK: ClassVar[str] = "validate_literal_choice"

    value: Optional[str] = None
    literals: list[str] = Field(default_factory=list)

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)

    @classmethod
    def validate_literal_choice(cls, v: Optional[str], info: Any) -> Optional[str]:
        return _one_of(v, info.data.get("literals"))


    def get_literals(self) -> list[str]:
        return list(self.literals)

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self.value}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkLiteralField":
        return cls(value=data.get("value"), literals=list(data.get("literals") or []))


def _one_of(value: Optional[str], allowed: Optional[list[str]]) -> Optional[str]:
    if value is not None and allowed and value not in allowed:
        raise ValueError(f"{value!r} is not one of {allowed}")
    return value
