"""English cue words (lexicon.json) used by kg's rules, loaded once."""

from __future__ import annotations

import functools
import importlib.resources
import json
from typing import Any


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    text = (importlib.resources.files("kg.lexicon") / "lexicon.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def grammar(name: str) -> dict[str, Any]:
    """Another grammar of this package as data ('attribution.json'), for a rule of another stage that reads
    one of its word lists."""
    text = (importlib.resources.files("kg.lexicon") / name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
