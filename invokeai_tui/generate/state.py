"""The last Generate parameters per model base, kept across restarts in a JSON file in the XDG state
folder (`~/.local/state/invokeai-tui/generate.json`), written through the one atomic writer.

A missing file is an empty state. A corrupt file, or one base's entry that no longer fits the
parameters, is reported (`GenerateState.problems`, and the log) and ignored: it never stops the app.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from .. import atomic_files
from ..config.settings import APP_NAME
from .params import GenerateParams

log = logging.getLogger(__name__)

STATE_VERSION = 1
LAST_BASE = "last_base"


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def default_state_path() -> Path:
    return state_dir() / "generate.json"


class GenerateState:
    """`params_for(base)`, `remember(params)`, `last_base`, `save()`. The init image is not kept: it
    belongs to one session on one server."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_state_path()
        self.by_base: dict[str, GenerateParams] = {}
        self.last_base: str | None = None
        self.problems: list[str] = []

    @classmethod
    def load(cls, path: Path | None = None) -> GenerateState:
        state = cls(path)
        state._read()
        return state

    def _read(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as err:
            self._problem(f"The saved Generate parameters in {self.path} cannot be read ({err.strerror}); "
                          "starting from the defaults.")
            return
        try:
            data = json.loads(text)
        except ValueError:
            self._problem(f"The saved Generate parameters in {self.path} are not valid JSON; "
                          "starting from the defaults (the file is replaced on the next save).")
            return
        if not isinstance(data, dict) or not isinstance(data.get("bases"), dict):
            self._problem(f"The saved Generate parameters in {self.path} are not in the expected form; "
                          "starting from the defaults.")
            return
        for base, values in data["bases"].items():
            try:
                self.by_base[str(base)] = GenerateParams.model_validate(values)
            except ValidationError as err:
                self._problem(f"The saved {base} parameters in {self.path} were ignored: "
                              f"{err.errors()[0].get('msg', 'a bad value')}.")
        last = data.get(LAST_BASE)
        self.last_base = last if isinstance(last, str) and last in self.by_base else None

    def _problem(self, sentence: str) -> None:
        log.warning("%s", sentence)
        self.problems.append(sentence)

    def params_for(self, base: str) -> GenerateParams | None:
        """A copy of the last parameters used with this base (None: never used)."""
        params = self.by_base.get(base)
        return params.model_copy(deep=True) if params is not None else None

    def last_params(self) -> GenerateParams | None:
        return self.params_for(self.last_base) if self.last_base else None

    def remember(self, params: GenerateParams) -> None:
        """Keep these parameters for their model's base (in memory; `save()` writes them)."""
        if params.base is None:
            return
        kept = params.model_copy(deep=True, update={"init_image": None})
        self.by_base[params.base] = kept
        self.last_base = params.base

    def to_json(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, LAST_BASE: self.last_base,
                "bases": {base: p.model_dump(mode="json") for base, p in sorted(self.by_base.items())}}

    def save(self) -> Path | None:
        """Write atomically; a failure is reported and returns None (the parameters stay in memory)."""
        text = json.dumps(self.to_json(), indent=1, sort_keys=True) + "\n"
        try:
            return atomic_files.write_text(self.path, text)
        except OSError as err:
            self._problem(f"The Generate parameters could not be saved to {self.path}: {err.strerror or err}.")
            return None
