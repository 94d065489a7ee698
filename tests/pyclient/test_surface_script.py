"""scripts/pyclient_surface.py reads a wheel with ast (never importing it) and lists its public surface."""

import importlib.util
import json
import zipfile
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pyclient_surface.py"

MODULE = '''
import does_not_exist_anywhere  # never imported: the script only parses
from enum import Enum

class Color(str, Enum):
    RED = "red"

class Oops(ValueError):
    pass

class Thing:
    limit: int = 3

    def __init__(self, client, size=1, *args, flag=False, **extra):
        self.client = client
        self._hidden = 1

    @property
    def area(self) -> int:
        return 1

    @classmethod
    def build(cls, data: dict) -> "Thing":
        return cls(data)

    async def fetch(self, key) -> bytes:
        return b""

    def _private(self):
        pass

def helper(x, /, y=2) -> str:
    return ""
'''


def load_script():
    spec = importlib.util.spec_from_file_location("pyclient_surface", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_surface_of_a_small_wheel(tmp_path):
    wheel = tmp_path / "invokeai_py_client-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("invokeai_py_client/__init__.py", "from invokeai_py_client.things import Thing\n")
        zf.writestr("invokeai_py_client/things.py", MODULE)
        zf.writestr("invokeai_py_client/_internal.py", "def hidden(): pass\n")
        zf.writestr("invokeai_py_client-9.9.9.dist-info/METADATA", "Name: invokeai-py-client\n")
    out = tmp_path / "surface.json"
    assert load_script().main([str(wheel), "-o", str(out)]) == 0
    snapshot = json.loads(out.read_text())
    assert snapshot["version"] == "9.9.9"
    entries = {(e["module"], e["name"]): e for e in snapshot["entries"]}
    things = "invokeai_py_client.things"
    assert entries[("invokeai_py_client", "Thing")]["origin"] == "invokeai_py_client.things.Thing"
    assert entries[(things, "Color")]["kind"] == "enum" and entries[(things, "Color")]["members"] == ["RED"]
    assert entries[(things, "Oops")]["kind"] == "exception" and entries[(things, "Oops")]["bases"] == ["ValueError"]
    init = entries[(things, "Thing.__init__")]["signature"]["parameters"]
    assert [(p["name"], p["kind"], p["has_default"]) for p in init] == [
        ("client", "positional_or_keyword", False), ("size", "positional_or_keyword", True),
        ("args", "var_positional", False), ("flag", "keyword_only", True), ("extra", "var_keyword", False)]
    assert entries[(things, "Thing.area")]["kind"] == "property"
    assert entries[(things, "Thing.build")]["kind"] == "classmethod"
    assert entries[(things, "Thing.fetch")]["kind"] == "async_method"
    assert entries[(things, "Thing.fetch")]["signature"]["returns"] == "bytes"
    assert entries[(things, "Thing.client")]["kind"] == "instance_attribute"
    assert entries[(things, "Thing.limit")]["kind"] == "attribute"
    assert entries[(things, "helper")]["signature"]["parameters"][0]["kind"] == "positional_only"
    assert not any("_private" in name or "_hidden" in name or "_internal" in module for module, name in entries)
    assert snapshot["entries"] == sorted(snapshot["entries"], key=lambda e: (e["module"], e["name"]))
