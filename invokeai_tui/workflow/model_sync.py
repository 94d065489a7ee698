"""Point a workflow's model references at models that exist on this server.

A workflow made elsewhere names models by key, which differs between installs. References
whose key is unknown here are matched by hash, then by name (`by_name`), then by base
(`by_base`), always among models that fit the field. A model the user chose is never
replaced, and what cannot be matched is reported per field instead of aborting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fields import MODEL_KEYS, ModelField


@dataclass
class ModelChange:
    node_id: str
    field_name: str
    old: dict[str, Any]
    new: dict[str, Any]
    matched_by: str  # hash | name | base
    input_index: int | None = None


@dataclass
class UnmatchedModel:
    node_id: str
    field_name: str
    reference: dict[str, Any]
    reason: str
    input_index: int | None = None


@dataclass
class ModelSyncReport:
    changed: list[ModelChange] = field(default_factory=list)
    unmatched: list[UnmatchedModel] = field(default_factory=list)
    kept_user_choice: list[tuple[str, str]] = field(default_factory=list)
    already_present: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unmatched

    def __iter__(self):  # the seed's API returned a list of (old, new) pairs
        return iter([(c.old, c.new) for c in self.changed])

    def __len__(self) -> int:
        return len(self.changed)


def _record(model: Any) -> dict[str, Any]:
    if hasattr(model, "model_dump"):
        return model.model_dump()
    return dict(model)


def _identifier(model: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    ident = {k: model.get(k) for k in ("key", "hash", "name", "base", "type") if model.get(k) is not None}
    if old.get("submodel_type") is not None:
        ident["submodel_type"] = old["submodel_type"]
    return ident


def find_match(
    reference: dict[str, Any],
    models: list[dict[str, Any]],
    *,
    by_name: bool,
    by_base: bool,
    bases: list[str] | None = None,
    types: list[str] | None = None,
) -> tuple[dict[str, Any] | None, str]:
    """(model, how) for one reference; (None, reason) when nothing fits."""
    wanted_type = reference.get("type")
    allowed_types = types or ([wanted_type] if wanted_type else None)
    allowed_bases = [b for b in bases or [] if b != "any"] or None

    def fits(model: dict[str, Any]) -> bool:
        if allowed_types and model.get("type") not in allowed_types:
            return False
        if allowed_bases and model.get("base") not in allowed_bases:
            return False
        return True

    candidates = sorted((m for m in models if fits(m)), key=lambda m: (str(m.get("name", "")).lower(), m["key"]))
    if reference.get("hash"):
        for model in candidates:
            if model.get("hash") == reference["hash"]:
                return model, "hash"
    if by_name and reference.get("name"):
        same_name = [m for m in candidates if m.get("name") == reference["name"]]
        same_name.sort(key=lambda m: m.get("base") != reference.get("base"))
        if same_name:
            return same_name[0], "name"
    if by_base and reference.get("base") and reference.get("base") != "any":
        same_base = [m for m in candidates if m.get("base") == reference["base"]]
        if same_base:
            return same_base[0], "base"
    tried = ["hash"] + (["name"] if by_name else []) + (["base"] if by_base else [])
    what = f"{reference.get('base') or '?'} {reference.get('type') or 'model'} {reference.get('name') or reference.get('key')!r}"
    return None, f"no installed model matches {what} (tried {', '.join(tried)})"


def sync_model_references(
    definition,
    models: list[Any],
    *,
    fields: dict[tuple[str, str], tuple[ModelField, int | None]],
    templates=None,
    by_name: bool = True,
    by_base: bool = False,
) -> ModelSyncReport:
    """Rewrite unknown model references in `definition` and in the exposed `fields`.

    `fields` maps (node id, field name) to the exposed ModelField and its input index; their
    values win over the JSON and a `user_set` field is left alone."""
    report = ModelSyncReport()
    records = [_record(m) for m in models]
    keys = {m["key"] for m in records}
    for node in definition.invocation_nodes():
        node_type = node["data"]["type"]
        for name, instance in (node["data"].get("inputs") or {}).items():
            key = (node["id"], name)
            exposed = fields.get(key)
            template = templates.field(node_type, name) if templates is not None else None
            value = exposed[0].get() if exposed else instance.get("value")
            is_model = (template is not None and template.kind == "model") or (
                isinstance(value, dict) and "key" in value and ("base" in value or "type" in value)
            )
            if not is_model or not isinstance(value, dict) or not value.get("key"):
                continue
            index = exposed[1] if exposed else None
            if exposed and exposed[0].user_set:
                report.kept_user_choice.append(key)
                continue
            if value["key"] in keys:
                report.already_present.append(key)
                continue
            bases = template.model_bases if template else None
            types = template.model_types if template else None
            model, how = find_match(value, records, by_name=by_name, by_base=by_base, bases=bases, types=types)
            if model is None:
                report.unmatched.append(UnmatchedModel(node["id"], name, dict(value), how, index))
                continue
            new = _identifier(model, value)
            instance["value"] = new
            if exposed:
                exposed[0]._value = new  # a sync is not a user choice: keep user_set False
            report.changed.append(ModelChange(node["id"], name, dict(value), new, how, index))
    return report


__all__ = ["ModelChange", "ModelSyncReport", "UnmatchedModel", "find_match", "sync_model_references", "MODEL_KEYS"]
