"""The published model types (`invokeai_py_client.dnn_model.dnn_model_types`): the enums and DnnModel.

Unlike the published ones, a value the enums do not know (a newer server's base or format) and
`description: null` do not fail the whole model listing: the text is kept (DEVIATIONS.md).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator


class DnnModelType(str, Enum):
    ONNX = "onnx"
    Main = "main"
    VAE = "vae"
    LoRA = "lora"
    ControlLoRa = "control_lora"
    ControlNet = "controlnet"
    TextualInversion = "embedding"
    IPAdapter = "ip_adapter"
    CLIPVision = "clip_vision"
    CLIPEmbed = "clip_embed"
    T2IAdapter = "t2i_adapter"
    T5Encoder = "t5_encoder"
    SpandrelImageToImage = "spandrel_image_to_image"
    SigLIP = "siglip"
    FluxRedux = "flux_redux"
    LlavaOnevision = "llava_onevision"


class BaseDnnModelType(str, Enum):
    Any = "any"
    StableDiffusion1 = "sd-1"
    StableDiffusion2 = "sd-2"
    StableDiffusion3 = "sd-3"
    StableDiffusionXL = "sdxl"
    StableDiffusionXLRefiner = "sdxl-refiner"
    Flux = "flux"
    CogView4 = "cogview4"
    Imagen3 = "imagen3"
    Imagen4 = "imagen4"
    ChatGPT4o = "chatgpt-4o"
    FluxKontext = "flux-kontext"


class DnnModelFormat(str, Enum):
    OMI = "omi"
    Diffusers = "diffusers"
    Checkpoint = "checkpoint"
    LyCORIS = "lycoris"
    ONNX = "onnx"
    Olive = "olive"
    EmbeddingFile = "embedding_file"
    EmbeddingFolder = "embedding_folder"
    InvokeAI = "invokeai"
    T5Encoder = "t5_encoder"
    BnbQuantizedLlmInt8b = "bnb_quantized_int8b"
    BnbQuantizednf4b = "bnb_quantized_nf4b"
    GGUFQuantized = "gguf_quantized"
    Api = "api"


def enum_or_text(enum_type: type[Enum], value: Any) -> Any:
    """The enum member for a known value, else the text itself (a newer server's value)."""
    if isinstance(value, str) and not isinstance(value, Enum):
        try:
            return enum_type(value)
        except ValueError:
            return value
    return value


def text_of(value: Any) -> str:
    return value.value if isinstance(value, Enum) else str(value)


_CATEGORIES = {
    "main": "Primary Diffusion Model", "controlnet": "ControlNet (Guided Generation)",
    "vae": "Variational Auto-Encoder", "clip_vision": "CLIP Vision Encoder", "clip_embed": "CLIP Text Encoder",
    "ip_adapter": "IP-Adapter (Image Prompting)", "t5_encoder": "T5 Text Encoder",
    "lora": "LoRA (Low-Rank Adaptation)", "control_lora": "Control LoRA",
    "embedding": "Textual Inversion (Embedding)", "t2i_adapter": "T2I-Adapter",
    "spandrel_image_to_image": "Spandrel Image-to-Image", "siglip": "SigLIP", "flux_redux": "FLUX Redux",
    "llava_onevision": "LLaVA OneVision", "onnx": "ONNX Model",
}


class DnnModel(BaseModel):
    """An installed model (its config as the server reports it)."""

    model_config = ConfigDict(extra="ignore", use_enum_values=False)

    key: str
    name: str
    type: DnnModelType | str
    base: BaseDnnModelType | str
    hash: str = ""
    description: str = ""
    format: DnnModelFormat | str = ""
    path: str = ""
    source: str = ""
    file_size: Optional[int] = Field(None, ge=0)
    variant: Optional[str] = None
    prediction_type: Optional[str] = None

    _type = field_validator("type", mode="before")(lambda v: enum_or_text(DnnModelType, v))
    _base = field_validator("base", mode="before")(lambda v: enum_or_text(BaseDnnModelType, v))
    _format = field_validator("format", mode="before")(lambda v: enum_or_text(DnnModelFormat, v or ""))
    _text = field_validator("hash", "description", "path", "source", mode="before")(lambda v: v or "")

    @classmethod
    def from_api_response(cls, data: dict[str, Any]) -> "DnnModel":
        return cls.model_validate(data)

    def get_category(self) -> str:
        return _CATEGORIES.get(text_of(self.type), f"Unknown ({text_of(self.type)})")

    def format_file_size(self) -> str:
        if self.file_size is None:
            return "Unknown"
        size = float(self.file_size)
        for unit in ("B", "KB", "MB", "GB", "TB"):
            if size < 1024.0:
                return f"{size:.2f} {unit}"
            size /= 1024.0
        return f"{size:.2f} PB"

    def is_compatible_with_base(self, base_model: BaseDnnModelType) -> bool:
        return text_of(self.base) == "any" or text_of(self.base) == text_of(base_model)

    def identifier(self) -> dict[str, Any]:
        """The ModelIdentifierField a graph uses for this model (what the workflow engine takes)."""
        return {"key": self.key, "hash": self.hash, "name": self.name, "base": text_of(self.base),
                "type": text_of(self.type)}

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)

    def __str__(self) -> str:
        return f"{self.name} ({text_of(self.type)}, {text_of(self.base)}, {self.format_file_size()})"

    def __repr__(self) -> str:
        return f"DnnModel(key='{self.key}', name='{self.name}', type='{text_of(self.type)}', base='{text_of(self.base)}')"
