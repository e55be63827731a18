"""The shell's settings: `config.toml` in the user's config directory, written with its
documented defaults on first start, and the named queries `\\ns` saves.

Named queries may also be written by hand in `config.toml` under `[named_queries]`; the ones
the shell saves go to `named_queries.toml` beside it (a file the shell owns and rewrites, so
the comments of `config.toml` are never lost).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

DEFAULT_CONFIG = """\
# queryleaf shell settings. Delete this file to get the defaults back.

# Output format: table, csv, tsv, json, jsonl, markdown or vertical (\\T changes it).
format = "table"
# Expanded (vertical) display: "auto" switches to it when a table is wider than the terminal.
expanded = "auto"
# How NULL (and a missing field) is shown in text output.
null_string = "<null>"
# Ask before printing more rows than this (0: never ask). Only on a terminal.
row_limit = 1000
# Show the time each statement takes (\\timing toggles it).
timing = true
# Page long or wide results; pager = "" uses $PAGER, else "less" with LESS=-SRXF.
enable_pager = true
pager = ""
# Lines kept in the history file (in the user's data directory).
history_size = 1000

# Named connections: `queryleaf shell prod` opens the URI given here.
[connections]
# prod = "mongodb://reader@db1.example.com:27017/production_app?replicaSet=rs0"

# Named queries: `\\n name` runs one. `\\ns name query` saves into named_queries.toml.
[named_queries]
# users_per_status = "SELECT status, COUNT(*) FROM users GROUP BY status ORDER BY 2 DESC"
"""

SAVED_QUERIES = "named_queries.toml"
_KINDS = {"format": str, "expanded": str, "null_string": str, "row_limit": int, "timing": bool,
          "enable_pager": bool, "pager": str, "history_size": int}


@dataclass
class Config:
    format: str = "table"
    expanded: str = "auto"
    null_string: str = "<null>"
    row_limit: int = 1000
    timing: bool = True
    enable_pager: bool = True
    pager: str = ""
    history_size: int = 1000
    connections: dict[str, str] = field(default_factory=dict)
    written_queries: dict[str, str] = field(default_factory=dict)  # [named_queries] of config.toml
    saved_queries: dict[str, str] = field(default_factory=dict)  # named_queries.toml
    directory: Path | None = None  # where named_queries.toml is saved

    @property
    def named_queries(self) -> dict[str, str]:
        return {**self.written_queries, **self.saved_queries}

    def save_named_query(self, name: str, query: str) -> None:
        self.saved_queries[name] = query
        self._write_saved()

    def delete_named_query(self, name: str) -> None:
        if name not in self.saved_queries:
            if name in self.written_queries:
                raise UsageError(f"named query {name!r} is written in config.toml; edit it there")
            raise UsageError(f"no named query {name!r}", hint="\\n lists them.")
        del self.saved_queries[name]
        self._write_saved()

    def _write_saved(self) -> None:
        if self.directory is None:
            return
        lines = ["# Saved by the queryleaf shell (\\ns, \\nd).", "[named_queries]"]
        lines += [f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(self.saved_queries.items())]
        try:
            (self.directory / SAVED_QUERIES).write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot save the named queries: {error}") from error


def config_directory() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "queryleaf"


def data_directory() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "queryleaf"


def load_config(path: Path | None = None) -> Config:
    """The settings from `path` (default: config.toml in the config directory), which is
    created with the documented defaults when it does not exist yet."""
    path = path or config_directory() / "config.toml"
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(DEFAULT_CONFIG, encoding="utf-8")
        except OSError:
            return Config()  # a read-only home: run with the defaults
    values = _read_toml(path)
    config = Config(directory=path.parent)
    for name, kind in _KINDS.items():
        if name in values:
            if not isinstance(values[name], kind):
                raise UsageError(f"{path}: {name} must be a {kind.__name__}, not {values[name]!r}")
            setattr(config, name, values[name])
    config.connections = _strings(values, "connections", path)
    config.written_queries = _strings(values, "named_queries", path)
    saved = path.parent / SAVED_QUERIES
    if saved.exists():
        config.saved_queries = _strings(_read_toml(saved), "named_queries", saved)
    return config


def _strings(values: dict, table: str, path: Path) -> dict[str, str]:
    found = values.get(table, {})
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        raise UsageError(f"{path}: [{table}] must map names to strings")
    return dict(found)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from error
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error}") from error
