"""Golden SQL -> MongoDB command fixtures (grammar_fixtures/*.json), one case per file.

A fixture holds a title, the SQL, optional sample documents (so that sampled field types
take part), and the expected translation or error. `make goldens` (python -m tests.golden
--update) rewrites the expectations; review the diff.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from bson import json_util

import queryleaf
from queryleaf.engine.embedded import new_client

FIXTURES = Path(__file__).resolve().parent.parent / "grammar_fixtures"
NOW = dt.datetime(2025, 8, 23, 12, 0, tzinfo=dt.timezone.utc)
DATABASE = "app"


def fixture_paths() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def actual(fixture: dict) -> dict:
    """What queryleaf produces for a fixture now: {"translation": ...} or {"error": ...}."""
    try:
        translation = _translate(fixture)
    except queryleaf.QueryLeafError as error:
        return {"error": {"class": type(error).__name__, "message": str(error)}}
    return {"translation": translation.to_dict()}


def _translate(fixture: dict):
    sample = fixture.get("sample")
    if sample is None:
        return queryleaf.translate(fixture["sql"], database=DATABASE, params=fixture.get("params"), now=NOW)
    client = new_client()
    for collection, documents in json_util.loads(json.dumps(sample)).items():
        client[DATABASE][collection].insert_many(documents)
    session = queryleaf.connect(client=client, database=DATABASE, now=NOW)
    return session.translate(fixture["sql"], fixture.get("params"))


def update(path: Path) -> bool:
    fixture = load(path)
    fresh = {k: v for k, v in fixture.items() if k not in ("translation", "error")}
    fresh.update(actual(fixture))
    text = json.dumps(fresh, indent=2, ensure_ascii=False) + "\n"
    changed = text != path.read_text()
    if changed:
        path.write_text(text)
    return changed


def _update_readme() -> bool:
    from tests.test_readme import README, readme_with_current_table

    text = README.read_text()
    fresh = readme_with_current_table(text)
    if fresh != text:
        README.write_text(fresh)
    return fresh != text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite expectations in place")
    args = parser.parse_args(argv)
    changed = [p.name for p in fixture_paths() if args.update and update(p)]
    if args.update and _update_readme():
        changed.append("README.md (supported SQL table)")
    for name in changed:
        print(f"updated {name}")
    print(f"{len(fixture_paths())} fixtures, {len(changed)} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
