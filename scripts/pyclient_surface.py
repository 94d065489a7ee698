#!/usr/bin/env python3
"""Snapshot the public surface of the published invokeai-py-client wheel as JSON.

The wheel is read, never imported or installed (its code would need its own dependencies, and it
is no dependency of this project). Fetch it first:

    pip download invokeai-py-client==1.1.1 --no-deps -d /tmp/pyclient-wheel
    scripts/pyclient_surface.py /tmp/pyclient-wheel/invokeai_py_client-1.1.1-py3-none-any.whl \
        > tests/pyclient/data/published-surface-1.1.1.json

Every public module yields entries: its module-level classes, functions, attributes and (in a
package's __init__ or via __all__) re-exported names; each class yields its methods, properties,
class and instance attributes, enum members and, for exceptions, its bases. Output is sorted and
indented so that a rerun gives the same bytes.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import zipfile
from typing import Any, Iterator

PACKAGE = "invokeai_py_client"

# Private names the published README and examples call; they are part of the surface in practice.
PRIVATE_BUT_USED = {("invokeai_py_client.client", "InvokeAIClient._make_request"),
                    ("invokeai_py_client.client", "InvokeAIClient._make_request_v2")}
# Dunder methods that change how an object is used (constructed, entered, iterated, called).
USAGE_DUNDERS = {"__init__", "__enter__", "__exit__", "__aenter__", "__aexit__", "__call__",
                 "__iter__", "__len__", "__getitem__", "__contains__"}
ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"}
EXCEPTION_BASES = {"Exception", "BaseException", "ValueError", "RuntimeError", "KeyError",
                   "TypeError", "LookupError", "IOError", "OSError", "TimeoutError", "ConnectionError"}
# Pydantic and pluggy plumbing that is no API of the published classes.
SKIPPED_CLASS_MEMBERS = {"model_config", "Config"}


def is_public(name: str) -> bool:
    return not name.startswith("_")


def module_name(path: str) -> str:
    parts = path[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def absolute_module(module: str, is_package: bool, level: int, target: str) -> str:
    """`from .base import X` in package `a.b` (or in module `a.b.c`) names `a.b.base`."""
    if level == 0:
        return target
    parts = module.split(".")
    keep = len(parts) - level + (1 if is_package else 0)
    return ".".join(parts[:keep] + [target])


def public_module(name: str) -> bool:
    return all(is_public(part) for part in name.split("."))


def base_name(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text.rsplit(".", 1)[-1].split("[", 1)[0]


def signature(func: ast.FunctionDef | ast.AsyncFunctionDef, drop_first: bool) -> dict[str, Any]:
    """Parameter names, kinds, defaults and annotations as text, and the return annotation."""
    args = func.args
    params: list[dict[str, Any]] = []

    def add(arg: ast.arg, kind: str, default: ast.expr | None) -> None:
        params.append({
            "name": arg.arg,
            "kind": kind,
            "has_default": default is not None,
            "default": ast.unparse(default) if default is not None else None,
            "annotation": ast.unparse(arg.annotation) if arg.annotation is not None else None,
        })

    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for index, (arg, default) in enumerate(zip(positional, defaults)):
        kind = "positional_only" if index < len(args.posonlyargs) else "positional_or_keyword"
        add(arg, kind, default)
    if args.vararg:
        add(args.vararg, "var_positional", None)
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        add(arg, "keyword_only", default)
    if args.kwarg:
        add(args.kwarg, "var_keyword", None)
    if drop_first and params:
        params = params[1:]  # self / cls
    return {"parameters": params, "returns": ast.unparse(func.returns) if func.returns else None}


def decorator_names(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = []
    for deco in func.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        names.append(ast.unparse(target))
    return names


def function_entry(module: str, qualname: str, func: ast.FunctionDef | ast.AsyncFunctionDef,
                   in_class: bool) -> dict[str, Any]:
    decos = decorator_names(func)
    is_async = isinstance(func, ast.AsyncFunctionDef)
    if not in_class:
        kind = "async_function" if is_async else "function"
        return {"module": module, "name": qualname, "kind": kind, "signature": signature(func, False)}
    if "property" in decos or "cached_property" in decos or "functools.cached_property" in decos:
        return {"module": module, "name": qualname, "kind": "property", "returns": signature(func, True)["returns"]}
    if "staticmethod" in decos:
        kind, drop = "staticmethod", False
    elif "classmethod" in decos or "field_validator" in decos or "model_validator" in decos:
        kind, drop = "classmethod", True
    else:
        kind, drop = ("async_method" if is_async else "method"), True
    return {"module": module, "name": qualname, "kind": kind, "signature": signature(func, drop)}


def assigned_names(node: ast.stmt) -> list[tuple[str, ast.expr | None]]:
    """Names bound at this level by an assignment (plain or annotated)."""
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [(node.target.id, node.annotation)]
    if isinstance(node, ast.Assign):
        return [(t.id, None) for t in node.targets if isinstance(t, ast.Name)]
    return []


def instance_attributes(cls: ast.ClassDef) -> dict[str, str | None]:
    """`self.x = ...` / `self.x: T = ...` in __init__: the attributes every instance has."""
    found: dict[str, str | None] = {}
    for item in cls.body:
        if not (isinstance(item, ast.FunctionDef) and item.name == "__init__"):
            continue
        for node in ast.walk(item):
            targets: list[ast.expr] = []
            annotation = None
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets, annotation = [node.target], node.annotation
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id == "self":
                    found.setdefault(target.attr, ast.unparse(annotation) if annotation else None)
    return found


class SurfaceReader:
    """Walks the wheel's modules; knows every class defined in the package to resolve bases."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.trees = {module_name(path): ast.parse(text, path) for path, text in sources.items()}
        self.class_bases: dict[str, list[str]] = {}
        for tree in self.trees.values():
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    self.class_bases[node.name] = [base_name(b) for b in node.bases]

    def derives_from(self, name: str, roots: set[str], seen: frozenset[str] = frozenset()) -> bool:
        if name in roots:
            return True
        if name in seen:
            return False
        return any(self.derives_from(b, roots, seen | {name}) for b in self.class_bases.get(name, []))

    def entries(self) -> Iterator[dict[str, Any]]:
        for module, tree in self.trees.items():
            if public_module(module):
                yield {"module": module, "name": "", "kind": "module"}
                yield from self.module_entries(module, tree)

    def module_entries(self, module: str, tree: ast.Module) -> Iterator[dict[str, Any]]:
        exported = self.dunder_all(tree)
        is_package = module.count(".") == 0 or any(m.startswith(module + ".") for m in self.trees)
        defined = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))}
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and is_public(node.name):
                yield from self.class_entries(module, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_public(node.name):
                yield function_entry(module, node.name, node, in_class=False)
            elif isinstance(node, ast.ImportFrom) and node.module and (is_package or exported):
                for alias in node.names:
                    name = alias.asname or alias.name
                    if is_public(name) and (is_package or name in exported):
                        origin = absolute_module(module, is_package, node.level, node.module)
                        yield {"module": module, "name": name, "kind": "reexport", "origin": f"{origin}.{alias.name}"}
            else:
                for name, annotation in assigned_names(node):
                    if (is_public(name) or name == "__version__") and name not in defined:
                        yield {"module": module, "name": name, "kind": "attribute",
                               "annotation": ast.unparse(annotation) if annotation else None}

    @staticmethod
    def dunder_all(tree: ast.Module) -> set[str]:
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                return {ast.literal_eval(e) for e in node.value.elts}  # type: ignore[attr-defined]
        return set()

    def class_entries(self, module: str, cls: ast.ClassDef, prefix: str = "") -> Iterator[dict[str, Any]]:
        qualname = prefix + cls.name
        bases = [ast.unparse(b) for b in cls.bases]
        entry: dict[str, Any] = {"module": module, "name": qualname, "kind": "class", "bases": bases}
        if self.derives_from(cls.name, ENUM_BASES):
            entry["kind"] = "enum"
            entry["members"] = [name for node in cls.body for name, _ in assigned_names(node) if is_public(name)]
        elif self.derives_from(cls.name, EXCEPTION_BASES):
            entry["kind"] = "exception"
        yield entry
        if entry["kind"] == "enum":
            return  # members are listed on the enum entry itself
        members = set()
        for node in cls.body:
            if isinstance(node, ast.ClassDef) and node.name not in SKIPPED_CLASS_MEMBERS and is_public(node.name):
                yield from self.class_entries(module, node, prefix=qualname + ".")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{qualname}.{node.name}"
                wanted = is_public(node.name) or node.name in USAGE_DUNDERS or (module, name) in PRIVATE_BUT_USED
                setter = any(d.endswith(".setter") or d.endswith(".deleter") for d in decorator_names(node))
                if wanted and not setter and node.name not in members:
                    members.add(node.name)
                    yield function_entry(module, name, node, in_class=True)
            else:
                for name, annotation in assigned_names(node):
                    if is_public(name) and name not in SKIPPED_CLASS_MEMBERS and name not in members:
                        members.add(name)
                        yield {"module": module, "name": f"{qualname}.{name}", "kind": "attribute",
                               "annotation": ast.unparse(annotation) if annotation else None}
        for name, annotation in sorted(instance_attributes(cls).items()):
            if is_public(name) and name not in members:
                members.add(name)
                yield {"module": module, "name": f"{qualname}.{name}", "kind": "instance_attribute",
                       "annotation": annotation}


def read_wheel(path: str) -> tuple[str, dict[str, str]]:
    with zipfile.ZipFile(path) as wheel:
        sources = {name: wheel.read(name).decode("utf-8") for name in wheel.namelist()
                   if name.startswith(PACKAGE + "/") and name.endswith(".py")}
        version = next((n.split("/")[0].removesuffix(".dist-info").split("-")[1] for n in wheel.namelist()
                        if n.endswith(".dist-info/METADATA")), "?")
    return version, sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", help="path to invokeai_py_client-<version>-py3-none-any.whl")
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    options = parser.parse_args(argv)
    version, sources = read_wheel(options.wheel)
    entries = sorted(SurfaceReader(sources).entries(), key=lambda e: (e["module"], e["name"]))
    text = json.dumps({"package": PACKAGE, "version": version, "entries": entries}, indent=1, sort_keys=True) + "\n"
    if options.output:
        with open(options.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
