"""A rebuild of the sample writes the same bytes, whatever Python's hash seed: `bash
scripts/build-sample.sh` leaves `git status` clean (the run's time comes from SOURCE_DATE_EPOCH,
and every layout is fixed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

from .conftest import SEED

EPOCH = "1767225600"  # 2026-01-01
FILES = ("seed-article.ttl", "seed-article.trig", "seed-article.svg", "seed-article.html")


def _commands(out: Path) -> list[list[str]]:
    """The commands of scripts/build-sample.sh."""
    ttl = str(out / "seed-article.ttl")
    return [
        ["-q", "build", str(SEED), "--output", str(out)],
        ["-q", "export", ttl, "--format", "svg", "--no-statements", "--output", str(out / "seed-article.svg")],
        [
            "-q",
            "export",
            ttl,
            "--format",
            "html",
            "--title",
            "Seed article",
            "--output",
            str(out / "seed-article.html"),
        ],
    ]


def test_two_builds_write_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for args in _commands(here):
        assert main(args) == 0
    script = f"from kg.cli import main\nfor args in {_commands(there)!r}:\n    assert main(args) == 0\n"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True)
    for name in FILES:
        assert (here / name).read_bytes() == (there / name).read_bytes(), name
    assert '"2026-01-01T00:00:00+00:00"^^xsd:dateTime' in (here / "seed-article.ttl").read_text()


def test_a_bad_source_date_epoch_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    from kg import rdf
    from kg.errors import BadInput

    with pytest.raises(BadInput, match="SOURCE_DATE_EPOCH='yesterday' is not a Unix time in seconds"):
        rdf.run_time_now()
