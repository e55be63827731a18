"""Each grammar fixture must translate exactly as recorded (make goldens to update)."""

import pytest

from tests.golden import actual, fixture_paths, load


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.stem)
def test_golden(path):
    fixture = load(path)
    expected = {k: fixture[k] for k in ("translation", "error") if k in fixture}
    assert expected, f"{path.name} has no expectation yet: run make goldens"
    assert actual(fixture) == expected


def test_fixtures_exist():
    assert len(fixture_paths()) >= 30
