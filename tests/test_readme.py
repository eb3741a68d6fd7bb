"""The README's Python example runs as written (in a scratch copy of the sample)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, SEED


def test_readme_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text()
    (code,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    (tmp_path / "data").mkdir()
    shutil.copy(SEED, tmp_path / "data" / "seed-article.txt")
    (tmp_path / "corpus").mkdir()
    shutil.copy(SEED, tmp_path / "corpus" / "seed-article.txt")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert capsys.readouterr().out.strip() == "21 True"
    assert namespace["rows"] == (
        ["leader", "state", "role"],
        [["Nikol Pashinyan", "Armenia", "Prime Minister"], ["Ilham Aliyev", "Azerbaijan", "President"]],
    )
    assert os.path.isdir(tmp_path / "store")
