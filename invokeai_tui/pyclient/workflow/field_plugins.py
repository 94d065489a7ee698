"""The published field plugin registry (`invokeai_py_client.workflow.field_plugins`): prioritized
detection rules map a node input to a field type, builders turn it into an Ivk*Field.

The workflow engine types inputs from the server's own schema instead; this registry is for
scripts that use it directly. It needs no pluggy: a small plugin manager with the same calls
(`register`, `get_plugins`, `hook.detect_field_type(...)`, `hook.build_field(...)`, first
non-None result wins) stands in for it (DEVIATIONS.md).
"""

from __future__ import annotations

import logging
import os
from copy import deepcopy
from typing import Any, Callable, Optional, Protocol, Union

from ..ivk_fields import (
    IvkBoardField,
    IvkBooleanField,
    IvkEnumField,
    IvkField,
    IvkFloatField,
    IvkImageField,
    IvkIntegerField,
    IvkModelIdentifierField,
    IvkStringField,
)

logger = logging.getLogger(__name__)
FIELD_DEBUG = bool(os.getenv("INVOKEAI_FIELD_DEBUG"))
STRICT_FIELDS = bool(os.getenv("INVOKEAI_STRICT_FIELDS"))
FieldTypeProvider = Callable[[str, str, dict[str, Any]], str]


def hookspec(function: Any = None, **options: Any) -> Any:
    """Marks a hook specification (pluggy's HookspecMarker, as a no-op decorator)."""
    return function if function is not None else (lambda f: f)


hookimpl = hookspec  # marks a hook implementation


class DetectionPredicate(Protocol):
    def __call__(self, node_type: str, field_name: str, field_info: dict[str, Any]) -> bool: ...


class FieldBuilder(Protocol):
    def __call__(self, value: Any, field_info: dict[str, Any]) -> IvkField[Any]: ...


class DetectionRule:
    """A predicate and the field type (or a provider of it) it stands for; lower priority first."""

    def __init__(self, field_type: Union[str, FieldTypeProvider], predicate: DetectionPredicate, priority: int = 100,
                 name: str | None = None) -> None:
        self.field_type = field_type
        self.predicate = predicate
        self.priority = priority
        self.name = name or getattr(predicate, "__name__", type(predicate).__name__)
        self.dynamic = callable(field_type)


_dynamic_detection_rules: list[DetectionRule] = []
_dynamic_field_builders: dict[str, FieldBuilder] = {}


def register_detection_rule(field_type: Union[str, FieldTypeProvider], predicate: DetectionPredicate, *,
                            priority: int = 100, name: str | None = None, first: bool | None = None) -> None:
    rule = DetectionRule(field_type, predicate, 0 if first else priority, name)
    _dynamic_detection_rules.append(rule)
    _dynamic_detection_rules.sort(key=lambda r: r.priority)


def register_field_builder(field_type: str, builder: FieldBuilder, *, override: bool = True) -> None:
    if override or field_type not in _dynamic_field_builders:
        _dynamic_field_builders[field_type] = builder


class FieldPluginSpec:
    """The two hooks a plugin may implement (first non-None answer wins)."""

    @hookspec(firstresult=True)
    def detect_field_type(self, node_type: str, field_name: str, field_info: dict[str, Any]) -> Optional[str]:
        """A field type identifier, or None when undecided."""

    @hookspec(firstresult=True)
    def build_field(self, field_type: str, value: Any, field_info: dict[str, Any]) -> Optional[IvkField[Any]]:
        """A field, or None to let the next plugin (or the string fallback) decide."""


class CoreFieldPlugin:
    """The registries as a plugin: detection rules in priority order, builders by type."""

    @hookimpl
    def detect_field_type(self, node_type: str, field_name: str, field_info: dict[str, Any]) -> Optional[str]:
        for rule in _dynamic_detection_rules:
            try:
                if rule.predicate(node_type, field_name, field_info):
                    found = rule.field_type(node_type, field_name, field_info) if rule.dynamic else rule.field_type
                    return str(found)
            except Exception as error:  # noqa: BLE001 - a broken rule must not stop detection
                logger.debug("detection rule %s raised %r", rule.name, error)
        return None

    @hookimpl
    def build_field(self, field_type: str, value: Any, field_info: dict[str, Any]) -> Optional[IvkField[Any]]:
        builder = _dynamic_field_builders.get(field_type)
        if builder is not None:
            try:
                return builder(deepcopy(value), field_info)
            except Exception:
                if STRICT_FIELDS:
                    raise
                logger.debug("builder for %s failed", field_type, exc_info=True)
        if STRICT_FIELDS:
            raise ValueError(f"Unknown field type '{field_type}' (strict mode enabled)")
        return None


class _Hooks:
    def __init__(self, manager: "FieldPluginManager") -> None:
        self._manager = manager

    def _first(self, name: str, **kwargs: Any) -> Any:
        for plugin in self._manager.get_plugins():
            hook = getattr(plugin, name, None)
            result = hook(**kwargs) if hook is not None else None
            if result is not None:
                return result
        return None

    def detect_field_type(self, **kwargs: Any) -> Optional[str]:
        return self._first("detect_field_type", **kwargs)

    def build_field(self, **kwargs: Any) -> Optional[IvkField[Any]]:
        return self._first("build_field", **kwargs)


class FieldPluginManager:
    """What pluggy's PluginManager offers here: register, get_plugins, hook.<name>(...)."""

    def __init__(self, project_name: str = "invokeai_fields") -> None:
        self.project_name = project_name
        self._plugins: list[Any] = []
        self.hook = _Hooks(self)

    def register(self, plugin: Any, first: bool = False) -> None:
        if plugin not in self._plugins:
            self._plugins.insert(0, plugin) if first else self._plugins.append(plugin)

    def get_plugins(self) -> list[Any]:
        return list(self._plugins)


_pm: FieldPluginManager | None = None


def get_field_plugin_manager() -> FieldPluginManager:
    global _pm
    if _pm is None:
        _pm = FieldPluginManager()
        _pm.register(CoreFieldPlugin())
    return _pm


def reset_field_plugin_manager() -> None:
    global _pm
    _pm = None


def register_field_plugin(plugin: object, *, first: bool = False) -> None:
    get_field_plugin_manager().register(plugin, first=first)


def detect_field_type(node_type: str, field_name: str, field_info: dict[str, Any]) -> str:
    found = get_field_plugin_manager().hook.detect_field_type(node_type=node_type, field_name=field_name,
                                                             field_info=field_info)
    if found is None:
        if STRICT_FIELDS:
            raise ValueError(f"Unknown field type (strict): node={node_type}, field={field_name}")
        return "string"
    return str(found)


def build_field(node_data: dict[str, Any], field_name: str, field_info: dict[str, Any]) -> IvkField[Any]:
    field_type = detect_field_type(node_data.get("type", ""), field_name, field_info)
    value = field_info.get("value")
    built = get_field_plugin_manager().hook.build_field(field_type=field_type, value=value, field_info=field_info)
    if built is not None:
        return built
    return IvkStringField(value=str(value) if isinstance(value, (int, float, bool)) else
                          value if isinstance(value, str) else None)


# --- the core rules and builders ---------------------------------------------------------------
def _choices(info: dict[str, Any]) -> list[Any]:
    found = info.get("options") or info.get("ui_choices") or []
    return [c["value"] if isinstance(c, dict) and "value" in c else c for c in found]


def _integer_like(node_type: str, field_name: str, info: dict[str, Any]) -> bool:
    value = info.get("value")
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, float) and value.is_integer() and any(k in info for k in ("minimum", "maximum",
                                                                                       "multiple_of"))


def _as_int(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _model(value: Any, info: dict[str, Any]) -> IvkField[Any]:
    if isinstance(value, dict):
        return IvkModelIdentifierField(key=value.get("key", ""), hash=value.get("hash") or "",
                                       name=value.get("name", ""), base=value.get("base", "any"),
                                       type=value.get("type", "main"), submodel_type=value.get("submodel_type"))
    return IvkModelIdentifierField(name=str(value) if value else "")


def _dict_value(key: str, value: Any) -> Any:
    return value.get(key) if isinstance(value, dict) else value


_CORE_RULES: list[tuple[Any, DetectionPredicate, int, str]] = [
    (lambda n, f, i: str(i["type"]), lambda n, f, i: "type" in i, 0, "explicit_type_hint"),
    ("board", lambda n, f, i: f == "board", 10, "field_name_board"),
    ("model", lambda n, f, i: f == "model" or f.endswith("_model"), 10, "field_name_model"),
    ("image", lambda n, f, i: f == "image", 10, "field_name_image"),
    ("enum", lambda n, f, i: f == "scheduler", 10, "field_name_scheduler"),
    ("string", lambda n, f, i: n == "string", 20, "node_primitive_string"),
    ("integer", lambda n, f, i: n == "integer", 20, "node_primitive_integer"),
    ("float", lambda n, f, i: n in {"float", "float_math"}, 20, "node_primitive_float"),
    ("boolean", lambda n, f, i: n == "boolean", 20, "node_primitive_boolean"),
    ("boolean", lambda n, f, i: isinstance(i.get("value"), bool), 30, "value_is_bool"),
    ("integer", _integer_like, 31, "value_is_integer_like"),
    ("float", lambda n, f, i: isinstance(i.get("value"), float), 32, "value_is_float"),
    ("model", lambda n, f, i: isinstance(i.get("value"), dict) and ("key" in i["value"] or (
        "name" in i["value"] and "type" in i["value"])), 35, "value_is_model_dict"),
    ("board", lambda n, f, i: isinstance(i.get("value"), dict) and "board_id" in i["value"], 37, "value_is_board_dict"),
    ("string", lambda n, f, i: isinstance(i.get("value"), str), 40, "value_is_string"),
    ("enum", lambda n, f, i: "options" in i or "ui_choices" in i, 50, "enum_choices_present"),
    ("integer", lambda n, f, i: isinstance(i.get("minimum"), int) and isinstance(i.get("maximum"), int), 60,
     "numeric_constraints_integer"),
    ("float", lambda n, f, i: "minimum" in i or "maximum" in i, 61, "numeric_constraints_float"),
]
_CORE_BUILDERS: dict[str, FieldBuilder] = {
    "string": lambda v, i: IvkStringField(value=str(v) if isinstance(v, (int, float, bool)) else v),
    "integer": lambda v, i: IvkIntegerField(value=_as_int(v), minimum=i.get("minimum"), maximum=i.get("maximum")),
    "float": lambda v, i: IvkFloatField(value=v, minimum=i.get("minimum"), maximum=i.get("maximum")),
    "boolean": lambda v, i: IvkBooleanField(value=v if v is None or isinstance(v, bool) else bool(v)),
    "model": _model,
    "board": lambda v, i: IvkBoardField(value=_dict_value("board_id", v)),
    "image": lambda v, i: IvkImageField(value=_dict_value("image_name", v)),
    "enum": lambda v, i: IvkEnumField(value=v, choices=_choices(i)),
}
for _type, _predicate, _priority, _name in _CORE_RULES:
    register_detection_rule(_type, _predicate, priority=_priority, name=_name)
for _type, _builder in _CORE_BUILDERS.items():
    register_field_builder(_type, _builder)
