"""The tolerant base of every record (DTO) the client parses from the server.

Extra fields are kept (servers add fields in minor releases) and enum-like values are
plain strings, so an unknown model base or queue status never breaks a whole list.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A server payload. Unknown keys are kept and reachable as attributes."""

    # defer_build: a validator is built on first use, not at import (start-up time).
    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=(), defer_build=True)

    def extra(self, key: str, default=None):
        """An extra field the server sent that this record does not declare."""
        return (self.model_extra or {}).get(key, default)
