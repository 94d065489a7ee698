"""A form element's settings (bounds, dropdown options, textarea) applied to a field template."""

from __future__ import annotations

from typing import Any

from ..schema import FieldTemplate


def refine_template(template: FieldTemplate, settings: dict[str, Any] | None) -> FieldTemplate:
    """Apply a form element's settings (min/max, dropdown options, textarea) to a template."""
    if not settings:
        return template
    setting_type = settings.get("type")
    if setting_type in ("integer-field-config", "float-field-config") and template.kind in ("integer", "float"):
        changes: dict[str, Any] = {}
        low, high = settings.get("min"), settings.get("max")
        if isinstance(low, (int, float)) and not isinstance(low, bool):
            changes["minimum"] = low if template.minimum is None else max(low, template.minimum)
        if isinstance(high, (int, float)) and not isinstance(high, bool):
            changes["maximum"] = high if template.maximum is None else min(high, template.maximum)
        if settings.get("component"):
            changes["ui_component"] = settings["component"]
        return template.copy(**changes) if changes else template
    if setting_type == "string-field-config" and template.kind == "string":
        component = settings.get("component")
        if component == "dropdown":
            options = [o for o in settings.get("options") or [] if isinstance(o, dict) and "value" in o]
            if options:
                return template.copy(
                    kind="enum",
                    options=[o["value"] for o in options],
                    choice_labels={str(o["value"]): str(o.get("label") or o["value"]) for o in options},
                    ui_component="dropdown",
                )
        if component in ("input", "textarea"):
            return template.copy(ui_component=component)
    return template
