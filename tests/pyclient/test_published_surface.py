"""Every public name of the published invokeai-py-client 1.1.1 exists under invokeai_tui.pyclient
with a compatible shape (see surface_check for what "compatible" means).

The snapshot (data/published-surface-1.1.1.json) is made by scripts/pyclient_surface.py from the
published wheel. data/surface-pending.txt lists the names not offered yet, one label a line: the
test fails on any other gap, and on a pending label that is no gap any more (delete its line).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.pyclient.surface_check import label, problem

DATA = Path(__file__).parent / "data"
SNAPSHOT = DATA / "published-surface-1.1.1.json"
PENDING = DATA / "surface-pending.txt"


def load_entries() -> list[dict]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))["entries"]


def load_pending() -> set[str]:
    if not PENDING.exists():
        return set()
    lines = PENDING.read_text(encoding="utf-8").splitlines()
    return {line.split("  #", 1)[0].strip() for line in lines if line.strip() and not line.startswith("#")}


def current_gaps() -> dict[str, str]:
    """label -> reason, for every published entry this package does not offer as published."""
    gaps = {}
    for entry in load_entries():
        reason = problem(entry)
        if reason is not None:
            gaps[label(entry)] = reason
    return gaps


def test_snapshot_is_the_published_surface():
    entries = load_entries()
    assert len(entries) > 900
    assert {"module": "invokeai_py_client.client", "name": "", "kind": "module"} in entries
    assert entries == sorted(entries, key=lambda e: (e["module"], e["name"]))


def test_every_published_name_is_offered_with_a_compatible_signature():
    gaps = current_gaps()
    pending = load_pending()
    new = {name: why for name, why in gaps.items() if name not in pending}
    done = sorted(pending - set(gaps))
    message = []
    if new:
        message.append(f"{len(new)} published names are missing or differ under invokeai_tui.pyclient:")
        message += [f"  {name}: {why}" for name, why in sorted(new.items())]
    if done:
        message.append(f"{len(done)} names in {PENDING.name} are offered now; delete their lines:")
        message += [f"  {name}" for name in done]
    assert not message, "\n".join(message)
