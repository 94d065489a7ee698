"""Compare one entry of the published surface snapshot with what invokeai_tui.pyclient offers.

`problem(entry)` returns None when this package offers the published name with a compatible shape,
else a short reason ("missing", "is a property, published a method", "does not accept 'x'", ...).
Compatible means: the same kind (method, property, class, enum with its members, exception with
its published bases), every published parameter accepted the published way (by name, and at the
same position when it can be passed positionally), and no extra required parameter.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import importlib
import inspect
import textwrap
from typing import Any

PUBLISHED_PREFIX = "invokeai_py_client"
OUR_PREFIX = "invokeai_tui.pyclient"
_MISSING = object()
METHOD_KINDS = {"method", "async_method", "classmethod", "staticmethod"}
POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def our_module_name(published: str) -> str:
    return OUR_PREFIX + published[len(PUBLISHED_PREFIX):]


def import_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and name.startswith(error.name):
            return None  # the module itself is missing (not a broken import inside it)
        raise


def static_lookup(cls: type, name: str) -> Any:
    """The class attribute as stored (a property stays a property), or _MISSING."""
    for klass in inspect.getmro(cls):
        if name in vars(klass):
            return vars(klass)[name]
    return _MISSING


def declared_fields(cls: type) -> set[str]:
    """Fields a class declares without a class attribute: pydantic, dataclass, annotations."""
    names = set(getattr(cls, "model_fields", {}) or {})
    names |= set(getattr(cls, "model_computed_fields", {}) or {})
    if dataclasses.is_dataclass(cls):
        names |= {f.name for f in dataclasses.fields(cls)}
    for klass in inspect.getmro(cls):
        names |= set(vars(klass).get("__annotations__", {}))
    return names


def assigned_on_self(cls: type) -> set[str]:
    """`self.x = ...` anywhere in the class's own source (and its bases'): instance attributes."""
    names: set[str] = set()
    for klass in inspect.getmro(cls):
        if klass is object or not klass.__module__.startswith(OUR_PREFIX.split(".")[0]):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                    and isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return names


def resolve(entry: dict[str, Any]) -> tuple[Any, Any]:
    """(owner, object) for the entry under this package; object is _MISSING when absent."""
    module = import_module(our_module_name(entry["module"]))
    if module is None:
        return None, _MISSING
    if not entry["name"]:
        return None, module
    owner: Any = module
    parts = entry["name"].split(".")
    for part in parts[:-1]:
        owner = getattr(owner, part, _MISSING)
        if owner is _MISSING:
            return None, _MISSING
    last = parts[-1]
    if isinstance(owner, type):
        return owner, static_lookup(owner, last)
    return owner, getattr(owner, last, _MISSING)


def signature_problem(published: dict[str, Any], ours: inspect.Signature) -> str | None:
    params = list(ours.parameters.values())
    by_name = {p.name: p for p in params}
    has_kwargs = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)
    has_args = any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params)
    positional = [p for p in params if p.kind in POSITIONAL]
    published_names = set()
    for index, param in enumerate(published["parameters"]):
        name, kind = param["name"], param["kind"]
        published_names.add(name)
        if kind == "var_positional":
            if not has_args:
                return f"takes no *{name}"
            continue
        if kind == "var_keyword":
            if not has_kwargs:
                return f"takes no **{name}"
            continue
        mine = by_name.get(name)
        if mine is None and not has_kwargs:
            return f"does not accept {name!r}"
        if kind in ("positional_only", "positional_or_keyword"):
            if index < len(positional):
                if positional[index].name != name:
                    return f"takes {positional[index].name!r} where the published one takes {name!r} (position {index})"
            elif not has_args:
                return f"does not accept {name!r} by position"
        if mine is not None and kind != "positional_only" and mine.kind is inspect.Parameter.POSITIONAL_ONLY:
            return f"takes {name!r} by position only"
        if param["has_default"] and mine is not None and mine.default is inspect.Parameter.empty \
                and mine.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            return f"requires {name!r}, which is optional in the published one"
    for param in params:
        if param.default is inspect.Parameter.empty and param.kind not in (
                inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD) \
                and param.name not in published_names:
            return f"requires {param.name!r}, which the published one does not have"
    return None


def callable_signature(entry: dict[str, Any], owner: Any, value: Any) -> inspect.Signature | None:
    kind = entry["kind"]
    if entry["name"].endswith(".__init__") and isinstance(owner, type):
        signature = inspect.signature(owner)  # the constructor as callers see it (pydantic too)
        config = getattr(owner, "model_config", None)
        if isinstance(config, dict) and config.get("extra") != "forbid" and not any(
                p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values()):
            # a pydantic model that ignores or keeps unknown keywords accepts any keyword
            extra = inspect.Parameter("data", inspect.Parameter.VAR_KEYWORD)
            signature = signature.replace(parameters=[*signature.parameters.values(), extra])
        return signature
    if kind in ("classmethod", "staticmethod"):
        return inspect.signature(getattr(owner, entry["name"].rsplit(".", 1)[-1]))
    function = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
    signature = inspect.signature(function)
    if kind in ("method", "async_method") and not isinstance(value, staticmethod):
        params = list(signature.parameters.values())
        if isinstance(value, classmethod):
            params = params[1:]
        elif params and params[0].kind in POSITIONAL:
            params = params[1:]
        signature = signature.replace(parameters=params)
    return signature


def is_async_callable(value: Any) -> bool:
    function = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
    wrapped = getattr(function, "__wrapped__", None)
    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function) \
        or (wrapped is not None and inspect.isasyncgenfunction(wrapped))


def kind_problem(entry: dict[str, Any], owner: Any, value: Any) -> str | None:
    kind = entry["kind"]
    is_property = isinstance(value, property) or type(value).__name__ in ("cached_property", "PydanticDescriptorProxy")
    if kind in ("class", "enum", "exception"):
        if not isinstance(value, type):
            return f"is {type(value).__name__}, published a {kind}"
        if kind == "enum":
            if not issubclass(value, enum.Enum):
                return "is not an Enum"
            absent = [m for m in entry["members"] if m not in value.__members__]
            return f"lacks members {absent}" if absent else None
        if kind == "exception":
            if not issubclass(value, BaseException):
                return "is not an exception"
            ours = {k.__name__ for k in inspect.getmro(value)}
            absent = [b for b in entry["bases"] if b.rsplit(".", 1)[-1] not in ours]
            return f"does not derive from {absent}" if absent else None
        return None
    if kind == "property":
        return None if is_property else f"is {type(value).__name__}, published a property"
    if kind in METHOD_KINDS or kind in ("function", "async_function"):
        if is_property or not callable(value if not isinstance(value, (classmethod, staticmethod)) else value.__func__):
            return f"is {type(value).__name__}, published a {kind}"
        wants_async = kind in ("async_method", "async_function")
        if wants_async != is_async_callable(value) and not entry["name"].endswith(".__init__"):
            return "is async, published a blocking call" if not wants_async else "is blocking, published async"
        return None
    return None


def problem(entry: dict[str, Any]) -> str | None:
    """Why this package does not offer the entry as published, or None."""
    try:
        owner, value = resolve(entry)
    except Exception as error:  # noqa: BLE001 - an import that breaks is a finding, not a crash
        return f"import fails: {type(error).__name__}: {error}"
    kind = entry["kind"]
    if value is _MISSING and kind in ("attribute", "instance_attribute") and isinstance(owner, type):
        name = entry["name"].rsplit(".", 1)[-1]
        if name in declared_fields(owner) or (kind == "instance_attribute" and name in assigned_on_self(owner)):
            return None
    if value is _MISSING:
        return "missing"
    found = kind_problem(entry, owner, value)
    if found or "signature" not in entry:
        return found
    try:
        ours = callable_signature(entry, owner, value)
    except (TypeError, ValueError):
        return None  # no introspectable signature (a builtin): accept
    return signature_problem(entry["signature"], ours) if ours is not None else None


def label(entry: dict[str, Any]) -> str:
    name = our_module_name(entry["module"])
    return f"{name}:{entry['name']}" if entry["name"] else name
