"""Loading typed settings from TOML: file -> environment overlay -> pydantic validation.

Both sides load their settings this way: the terminal (``KIOSK__SECTION__KEY``
variables) and the central service (``CENTRAL__SECTION__KEY``). Any problem raises
:class:`ConfigError`, whose message names the file, the dotted key and what is wrong, so
start-up can stop with one line.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, ValidationError

__all__ = ["ConfigError", "Section", "merge_tree", "load_toml_settings"]


class ConfigError(Exception):
    """A config file could not be loaded; ``str()`` is the message for the operator."""

    def __init__(self, path: Path | str, key: str, problem: str):
        self.path, self.key, self.problem = str(path), key, problem
        super().__init__(f"{self.path}: {key or '(file)'}: {problem}")


class Section(BaseModel):
    """Base of every settings section: unknown keys are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _env_overrides(prefix: str, env: Mapping[str, str]) -> dict[str, Any]:
    """``PREFIX__A__B=v`` -> ``{"a": {"b": "v"}}``; pydantic coerces the strings."""
    tree: dict[str, Any] = {}
    head = prefix + "__"
    for name, value in env.items():
        if not name.startswith(head):
            continue
        parts = [p.lower() for p in name[len(head):].split("__") if p]
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            if parts:
                node[parts[-1]] = value
    return tree


def merge_tree(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` laid on top, nested mappings merged key by key (inputs untouched)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge_tree(out[key], value)
        else:
            out[key] = value
    return out


def load_toml_settings(model: type[BaseModel], path: Path | str, env_prefix: str,
                       env: Mapping[str, str] | None = None) -> Any:
    """Read ``path``, overlay ``env_prefix`` variables, validate into ``model``."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "", f"not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"not valid TOML: {exc}") from None
    data = merge_tree(data, _env_overrides(env_prefix, os.environ if env is None else env))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        problem = err["msg"]
        if err["type"] == "extra_forbidden":
            problem = "unknown key"
        elif not key and err["type"] == "value_error" and ": " in problem:
            # a rule across sections (a model validator) names its key: "Value error, a.b: ..."
            key, _, problem = problem.removeprefix("Value error, ").partition(": ")
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            problem = f"{problem} (got {err['input']!r})"
        raise ConfigError(path, key, problem) from None
