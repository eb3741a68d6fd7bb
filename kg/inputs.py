"""Inputs of a build, streamed one article at a time: files (text, HTML, JSON), directories of
them, and JSON Lines (one article a line, wherever a .jsonl file is given).

A bad input never stops the batch: it becomes an Item with an error (its name and a one-line
message), and the build goes on with the next. Nothing is read ahead: a directory is listed,
a JSON Lines file is read line by line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg import article as article_mod
from kg.article import default_source  # noqa: F401  (re-exported: kg.inputs.default_source)
from kg.errors import BadInput
from kg.model import Article

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")


@dataclass(frozen=True)
class Item:
    """One input: an article read, or the reason it could not be. `name` is how the user can
    find it again (a path, or path:line for JSON Lines); `rel` is where its output goes under -o."""

    name: str
    article: Article | None = None
    error: str | None = None
    rel: str | None = None


def _lines(p: Path, rel: str) -> Iterator[Item]:
    try:
        fh = p.open(encoding="utf-8")
    except OSError as exc:
        yield Item(str(p), error=f"{p}: cannot be read ({exc.strerror}); check the path and its permissions")
        return
    with fh:
        n = 0
        try:
            for n, line in enumerate(fh, 1):  # noqa: B007
                if not line.strip():
                    continue
                name = f"{p}:{n}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Item(name, error=f"{name}: is not valid JSON ({exc.msg}); one article object per line")
                    continue
                try:
                    yield Item(name, article_mod.from_json(obj, name), rel=f"{rel}-{n}")
                except BadInput as exc:
                    yield Item(name, error=str(exc))
        except UnicodeDecodeError:
            yield Item(f"{p}:{n + 1}", error=f"{p}:{n + 1}: is not UTF-8 text; JSON Lines files must be UTF-8")


def iter_items(paths: Iterable[str | Path], *, date: str | None = None, source: str | None = None) -> Iterator[Item]:
    """Every article of the inputs, in order; a bad one as an Item with its error."""
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in SUFFIXES)
            if not files:
                yield Item(str(p), error=f"{p}: directory holds no article files ({', '.join(SUFFIXES)})")
            for q in files:
                yield from _one(q, date=date, source=source)
        else:
            yield from _one(p, date=date, source=source)


def _one(p: Path, *, date: str | None, source: str | None) -> Iterator[Item]:
    rel = str(p.with_suffix(""))
    if p.suffix.lower() == ".jsonl":
        if not p.exists():
            yield Item(str(p), error=f"{p}: no such file; check the path")
            return
        yield from _lines(p, rel)
        return
    try:
        art = article_mod.read_article(p, date=date, source=source)
    except BadInput as exc:
        yield Item(str(p), error=str(exc))
        return
    yield Item(str(p), art, rel=rel)


def iter_articles(
    paths: Iterable[str | Path], *, date: str | None = None, source: str | None = None
) -> Iterator[Article]:
    """Articles only; the first bad input raises BadInput (for callers that want all or nothing)."""
    for it in iter_items(paths, date=date, source=source):
        if it.error is not None:
            raise BadInput(it.error)
        assert it.article is not None
        yield it.article
