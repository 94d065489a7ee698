"""Field templates from the server's invocation schemas (`GET /openapi.json`).

The web UI builds a template per invocation input from `components.schemas.<X>Invocation`
(`parseSchema.ts`, `parseFieldType.ts`, `buildFieldInputTemplate.ts`); this is the same
reading in Python: the field's type name, collection-ness, default, bounds, enum options,
`ui_type`/`ui_component`, and for model fields the bases and types that fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Fields every invocation has that are not user inputs (handled as node flags).
RESERVED_FIELDS = frozenset({"id", "type", "is_intermediate", "use_cache"})

PRIMITIVE_TYPE_NAMES = {"integer": "IntegerField", "number": "FloatField", "string": "StringField",
                        "boolean": "BooleanField"}

# Pre-6.x ui_type names of model fields -> (types, bases) that fit them.
LEGACY_MODEL_FIELD_TYPES: dict[str, tuple[list[str], list[str] | None]] = {
    "MainModelField": (["main"], None),
    "SDXLMainModelField": (["main"], ["sdxl"]),
    "SD3MainModelField": (["main"], ["sd-3"]),
    "FluxMainModelField": (["main"], ["flux"]),
    "CogView4MainModelField": (["main"], ["cogview4"]),
    "SDXLRefinerModelField": (["main"], ["sdxl-refiner"]),
    "VAEModelField": (["vae"], None),
    "FluxVAEModelField": (["vae"], ["flux"]),
    "LoRAModelField": (["lora"], None),
    "ControlNetModelField": (["controlnet"], None),
    "IPAdapterModelField": (["ip_adapter"], None),
    "T2IAdapterModelField": (["t2i_adapter"], None),
    "T5EncoderModelField": (["t5_encoder"], None),
    "CLIPEmbedModelField": (["clip_embed"], None),
    "CLIPLEmbedModelField": (["clip_embed"], None),
    "CLIPGEmbedModelField": (["clip_embed"], None),
    "ControlLoRAModelField": (["control_lora"], None),
    "SpandrelImageToImageModelField": (["spandrel_image_to_image"], None),
    "SigLipModelField": (["siglip"], None),
    "FluxReduxModelField": (["flux_redux"], None),
    "LlavaOnevisionModelField": (["llava_onevision"], None),
}

GENERATOR_TYPE_NAMES = frozenset({"FloatGeneratorField", "IntegerGeneratorField", "StringGeneratorField",
                                  "ImageGeneratorField"})


def _start_case(name: str) -> str:
    """lodash startCase: 'cfg_scale' -> 'Cfg Scale'."""
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _as_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


@dataclass
class FieldTemplate:
    """What the server says about one input of one invocation."""

    name: str
    title: str
    description: str = ""
    type_name: str = "StringField"  # StringField, IntegerField, ImageField, ModelIdentifierField, ...
    is_collection: bool = False
    is_collection_or_scalar: bool = False
    kind: str = "other"
    item_kind: str | None = None  # for collections
    default: Any = None
    has_default: bool = False
    required: bool = False
    input: str = "any"  # any | direct | connection
    ui_hidden: bool = False
    ui_component: str | None = None
    ui_type: str | None = None
    ui_order: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    options: list[Any] | None = None
    choice_labels: dict[str, str] | None = None
    model_bases: list[str] | None = None
    model_types: list[str] | None = None
    model_variants: list[str] | None = None
    model_formats: list[str] | None = None
    from_schema: bool = True  # False when guessed without a server

    def copy(self, **changes: Any) -> FieldTemplate:
        values = {**self.__dict__, **changes}
        return FieldTemplate(**values)


@dataclass
class InvocationTemplate:
    type: str
    title: str = ""
    description: str = ""
    version: str | None = None
    category: str | None = None
    inputs: dict[str, FieldTemplate] = field(default_factory=dict)
    output_type: str | None = None

    @property
    def has_board(self) -> bool:
        return any(t.kind == "board" for t in self.inputs.values())


class FieldTypeError(ValueError):
    """A property schema the UI would not understand either."""


def _ref_name(ref: dict[str, Any]) -> str:
    return str(ref["$ref"]).split("/")[-1]


def _is_ref(obj: Any) -> bool:
    return isinstance(obj, dict) and "$ref" in obj


def parse_field_type(prop: dict[str, Any]) -> tuple[str, bool, bool]:
    """(type name, is_collection, is_collection_or_scalar), as parseFieldType.ts."""
    ui_type = prop.get("ui_type")
    if ui_type:
        return str(ui_type), ui_type == "CollectionField", False
    if _is_ref(prop):
        return _ref_name(prop), False, False
    if prop.get("const") is not None:
        return "EnumField", False, False
    schema_type = prop.get("type")
    if not schema_type:
        if prop.get("allOf"):
            first = prop["allOf"][0]
            if _is_ref(first):
                return _ref_name(first), False, False
        elif prop.get("anyOf"):
            options = [o for o in prop["anyOf"] if not (isinstance(o, dict) and o.get("type") == "null")]
            if len(options) == 1:
                if _is_ref(options[0]):
                    return _ref_name(options[0]), False, False
                return parse_field_type(options[0])
            if len(options) != 2:
                raise FieldTypeError(f"union of {len(options)} types")
            first, second = options
            if isinstance(first, dict) and first.get("type") == "array":
                scalar, items = second, first.get("items")
            elif isinstance(second, dict) and second.get("type") == "array":
                scalar, items = first, second.get("items")
            else:
                raise FieldTypeError("union of two unrelated types")
            if _is_ref(scalar) and _is_ref(items):
                a, b = _ref_name(items), _ref_name(scalar)
            elif isinstance(items, dict) and isinstance(scalar, dict):
                a, b = items.get("type"), scalar.get("type")
            else:
                a, b = None, None
            if a and a == b:
                return PRIMITIVE_TYPE_NAMES.get(a, a), False, True
            raise FieldTypeError(f"union of {a} and {b}")
        raise FieldTypeError("no type")
    if prop.get("enum"):
        return "EnumField", False, False
    if schema_type == "array":
        items = prop.get("items")
        if _is_ref(items):
            return _ref_name(items), True, False
        if isinstance(items, dict) and isinstance(items.get("type"), str) and items["type"] in PRIMITIVE_TYPE_NAMES:
            return PRIMITIVE_TYPE_NAMES[items["type"]], True, False
        raise FieldTypeError("array of unsupported items")
    if isinstance(schema_type, str) and schema_type in PRIMITIVE_TYPE_NAMES:
        return PRIMITIVE_TYPE_NAMES[schema_type], False, False
    raise FieldTypeError(f"type {schema_type!r}")


SCALAR_KINDS = {
    "StringField": "string",
    "IntegerField": "integer",
    "FloatField": "float",
    "BooleanField": "boolean",
    "EnumField": "enum",
    "SchedulerField": "enum",
    "ColorField": "color",
    "ImageField": "image",
    "VideoField": "video",
    "BoardField": "board",
    "ModelIdentifierField": "model",
}


def kind_for(type_name: str, is_collection: bool) -> tuple[str, str | None]:
    """(kind, item kind) for a parsed field type."""
    scalar = SCALAR_KINDS.get(type_name)
    if scalar is None and (type_name in LEGACY_MODEL_FIELD_TYPES or type_name.endswith("ModelField")):
        scalar = "model"
    if is_collection:
        return "collection", scalar or "other"
    return scalar or "other", None


def _enum_options(prop: dict[str, Any]) -> list[Any]:
    if prop.get("anyOf"):
        options = [o for o in prop["anyOf"] if not (isinstance(o, dict) and o.get("type") == "null")]
        if len(options) == 1 and isinstance(options[0], dict):
            return list(options[0].get("enum") or ([options[0]["const"]] if "const" in options[0] else []))
        return []
    if prop.get("const") is not None:
        return [prop["const"]]
    return list(prop.get("enum") or [])


def _resolve(doc_schemas: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    """The enum schema behind a $ref (Literal types appear inline, str enums by ref)."""
    if _is_ref(prop):
        return doc_schemas.get(_ref_name(prop), {})
    return prop


def build_field_template(name: str, prop: dict[str, Any], schemas: dict[str, Any]) -> FieldTemplate:
    try:
        type_name, is_collection, or_scalar = parse_field_type(prop)
    except FieldTypeError:
        type_name, is_collection, or_scalar = "Unknown", False, False
    options = None
    if type_name in ("EnumField", "SchedulerField"):
        options = _enum_options(prop)
    elif type_name not in SCALAR_KINDS and not type_name.endswith("Field") and not is_collection:
        # a $ref to a str enum schema (e.g. SchedulerName in some versions)
        target = None
        for candidate in [prop, *(prop.get("anyOf") or []), *(prop.get("allOf") or [])]:
            if _is_ref(candidate):
                target = _resolve(schemas, candidate)
                break
        if isinstance(target, dict) and target.get("enum"):
            type_name, options = "EnumField", list(target["enum"])
    kind, item_kind = kind_for(type_name, is_collection)
    if type_name in GENERATOR_TYPE_NAMES:
        kind, item_kind = "other", None
    if type_name == "LoRAField" and (is_collection or or_scalar):
        kind, item_kind = "lora_collection", None  # edited as LoRA + weight rows, as the web UI does
    template = FieldTemplate(
        name=name,
        title=prop.get("title") or _start_case(name),
        description=prop.get("description") or "",
        type_name=type_name,
        is_collection=is_collection,
        is_collection_or_scalar=or_scalar,
        kind=kind,
        item_kind=item_kind,
        default=prop.get("default"),
        has_default="default" in prop,
        required=bool(prop.get("orig_required", False)),
        input=prop.get("input") or "any",
        ui_hidden=bool(prop.get("ui_hidden", False)),
        ui_component=prop.get("ui_component"),
        ui_type=prop.get("ui_type"),
        ui_order=prop.get("ui_order"),
        minimum=prop.get("minimum"),
        maximum=prop.get("maximum"),
        exclusive_minimum=prop.get("exclusiveMinimum") if isinstance(prop.get("exclusiveMinimum"), (int, float)) else None,
        exclusive_maximum=prop.get("exclusiveMaximum") if isinstance(prop.get("exclusiveMaximum"), (int, float)) else None,
        multiple_of=prop.get("multipleOf"),
        min_length=prop.get("minLength"),
        max_length=prop.get("maxLength"),
        min_items=prop.get("minItems"),
        max_items=prop.get("maxItems"),
        options=options,
        choice_labels=prop.get("ui_choice_labels"),
    )
    if kind in ("model", "lora_collection") or item_kind == "model":
        template.model_bases = _as_list(prop.get("ui_model_base"))
        template.model_types = _as_list(prop.get("ui_model_type"))
        template.model_variants = _as_list(prop.get("ui_model_variant"))
        template.model_formats = _as_list(prop.get("ui_model_format"))
        legacy = LEGACY_MODEL_FIELD_TYPES.get(type_name)
        if legacy:
            template.model_types = template.model_types or legacy[0]
            template.model_bases = template.model_bases or legacy[1]
    return template


class InvocationSchemas:
    """All invocation templates of one server, keyed by invocation type."""

    def __init__(self, templates: dict[str, InvocationTemplate] | None = None, version: str | None = None) -> None:
        self.templates: dict[str, InvocationTemplate] = templates or {}
        self.version = version

    @classmethod
    def from_openapi(cls, doc: dict[str, Any]) -> InvocationSchemas:
        schemas = (doc.get("components") or {}).get("schemas") or {}
        templates: dict[str, InvocationTemplate] = {}
        for schema_name, schema in schemas.items():
            if not isinstance(schema, dict):
                continue
            props = schema.get("properties") or {}
            type_prop = props.get("type") if isinstance(props.get("type"), dict) else {}
            invocation_type = type_prop.get("const") or type_prop.get("default")
            is_invocation = schema.get("class") == "invocation" or (
                schema_name.endswith("Invocation") and "output" in schema
            )
            if not is_invocation or not isinstance(invocation_type, str):
                continue
            inputs: dict[str, FieldTemplate] = {}
            for name, prop in props.items():
                if name in RESERVED_FIELDS or not isinstance(prop, dict):
                    continue
                # "internal" fields (board, metadata of image nodes) are inputs too; node attributes are not
                if prop.get("field_kind", "input") not in ("input", "internal"):
                    continue
                inputs[name] = build_field_template(name, prop, schemas)
            output = schema.get("output")
            templates[invocation_type] = InvocationTemplate(
                type=invocation_type,
                title=schema.get("title") or invocation_type,
                description=schema.get("description") or "",
                version=schema.get("version"),
                category=schema.get("category"),
                inputs=inputs,
                output_type=_ref_name(output) if _is_ref(output) else None,
            )
        version = (doc.get("info") or {}).get("version")
        return cls(templates, version)

    def get(self, invocation_type: str) -> InvocationTemplate | None:
        return self.templates.get(invocation_type)

    def field(self, invocation_type: str, field_name: str) -> FieldTemplate | None:
        template = self.templates.get(invocation_type)
        return template.inputs.get(field_name) if template else None

    def __len__(self) -> int:
        return len(self.templates)

    def __contains__(self, invocation_type: object) -> bool:
        return invocation_type in self.templates
