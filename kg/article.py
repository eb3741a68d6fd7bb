"""Read stage: turn a file (or a string) into an Article, refusing what is not an article.

Accepts plain text (UTF-8, UTF-16 with BOM, or a legacy single-byte encoding), HTML (reduced to
its text), and kg's JSON article format (the gold-annotation format of ../shared/corpus, or one
JSON object with title/date/source/text). The first line of a text file is its title.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import html.parser
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from kg.errors import BadInput
from kg.lexicon import lexicon
from kg.model import Article

# Time and memory grow with the text (the graph, SHACL and writing; the parse is bounded by
# kg.nlp's chunks). Measured here (2 cores): 100,000 characters build in about 30 s with a peak of
# 400 MiB, 200,000 in 90 s and 500 MiB, 500,000 in over 4 minutes and 800 MiB. One article may
# have MAX_CHARS of text; a file may be larger (HTML markup) up to MAX_BYTES.
MAX_CHARS = 200_000
MAX_BYTES = 5_000_000

_MONTH = r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# 'Oct. 9, 2020', 'October 13, 2024', '25 March 2024', '2024-10-13'
_DATE_FORMS = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
]
_DATELINE_CUES = re.compile(r"\b(?:published|updated|posted|dated|issued|released)\b[:\s]*", re.I)
_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
HEAD_CHARS = 400  # a dateline, a header or a 'Published ...' line stands in the article's first lines


def _dates(text: str) -> list[tuple[int, dt.date, str]]:
    """Every full date in the text: (offset, date, text as written), in order."""
    found: list[tuple[int, dt.date, str]] = []
    for pat in _DATE_FORMS:
        for m in pat.finditer(text):
            month = int(m.group("mnum")) if "mnum" in pat.groupindex else _MONTHS[m.group("mon")[:3].lower()]
            try:
                found.append((m.start(), dt.date(int(m.group("year")), month, int(m.group("day"))), m.group(0)))
            except ValueError:
                continue
    return sorted(found)


def find_date(text: str) -> tuple[dt.date | None, str | None, str | None]:
    """The article's date from its text, and where it was found: a date on a 'Published'/'Updated'
    line or in a dateline or header (the first lines: 'WASHINGTON, Oct. 9, 2020 --', 'October 13,
    2024'), else the first full date anywhere in the text that is not named as to come (an event's
    date: the best reference date an encyclopedia lead gives). (None, None, None) when the text has
    none."""
    dates = _dates(text)
    if not dates:
        return None, None, None
    for off, d, written in dates:
        line_start = text.rfind("\n", 0, off) + 1
        if _DATELINE_CUES.search(text[line_start:off]):
            return d, written, "dateline"
    # a date the body names as to come ('culminating in elections on February 27, 2022') is no
    # article's date (lexicon.json 'future_date_cues'); the first other date is the best reference
    cues = lexicon()["future_date_cues"]
    past = [
        (off, d, written)
        for off, d, written in dates
        if not any(re.search(rf"\b{re.escape(c)}\b", text[max(0, off - 40) : off], re.I) for c in cues)
    ]
    if not past:
        return None, None, None
    off, d, written = past[0]
    return d, written, ("header" if off < HEAD_CHARS else "text")


def article_id(text: str, source: str) -> str:
    """Stable identity of an article: its content and source."""
    return hashlib.sha256(f"{source}\n{text}".encode()).hexdigest()[:16]


def parse_date(value: str | None) -> tuple[dt.date | None, str | None]:
    """An ISO date, a year-month ('2020-10') or a year; returns the date (first day) and the text."""
    if not value:
        return None, None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not m:
        raise BadInput(f"article date {value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        return dt.date(y, mo, d), value.strip()
    except ValueError as exc:
        raise BadInput(f"article date {value!r} is not a valid date: {exc}") from exc


class _TextExtractor(html.parser.HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "tr", "title", "article", "section", "header"}
    SKIP = {"script", "style", "noscript", "nav", "footer", "aside"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


_HTML_DATE = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|datePublished|date|dc\.date|DC\.date|"""
    r"""pubdate|publish-date|og:published_time)["'][^>]*content=["'](\d{4}-\d\d-\d\d)"""
    r"""|<time[^>]+datetime=["'](\d{4}-\d\d-\d\d)""",
    re.I,
)


def html_date(markup: str) -> str | None:
    """The publication date an HTML page states in its metadata (meta tags, a <time> element)."""
    m = _HTML_DATE.search(markup)
    return (m.group(1) or m.group(2)) if m else None


_HTML_URL = re.compile(
    r"""<link[^>]+rel=["']canonical["'][^>]*href=["'](https?://[^"']+)"""
    r"""|<meta[^>]+property=["']og:url["'][^>]*content=["'](https?://[^"']+)""",
    re.I,
)


def html_url(markup: str) -> str | None:
    """The address an HTML page gives for itself (its canonical link or og:url), as the article's source."""
    m = _HTML_URL.search(markup)
    return (m.group(1) or m.group(2)) if m else None


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, block elements on lines of their own."""
    p = _TextExtractor()
    p.feed(markup)
    p.close()
    text = "".join(p.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(p|div|body|article)[\s>]", head))


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else a clear refusal."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInput(f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16") from exc
    if b"\x00" in data[:4096]:
        raise BadInput(f"{name}: looks like a binary file (it contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a legacy single-byte encoding: accept it only if it reads as text
        for enc in ("cp1252", "latin-1"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
            if controls == 0:
                _refuse_other_script(text, name)
                return text
        raise BadInput(
            f"{name}: is not UTF-8 text (invalid byte at offset {exc.start}); "
            "convert it to UTF-8 first, e.g. `iconv -f ENCODING -t UTF-8`"
        ) from exc


def _refuse_other_script(text: str, name: str) -> None:
    """A Western legacy encoding (cp1252, latin-1) reads any bytes; a text whose letters are mostly
    accented is another script read wrongly (Cyrillic cp1251 comes out as 'Ïðåçèäåíò')."""
    letters = [c for c in text if c.isalpha()]
    accented = sum(1 for c in letters if not c.isascii())
    if letters and accented > 0.3 * len(letters):
        raise BadInput(
            f"{name}: is not UTF-8, and read as a Western encoding most of its letters come out accented, so it is "
            "probably another script's legacy encoding (e.g. Cyrillic windows-1251); convert it to UTF-8 first, "
            "e.g. `iconv -f WINDOWS-1251 -t UTF-8`"
        )


def clean_text(text: str) -> str:
    """Normalize line ends and drop characters that cannot appear in text (bidi controls stay)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def from_text(
    text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str = "unknown",
    path: str | None = None,
    name: str = "<text>",
) -> Article:
    """An Article from its text (HTML is reduced to text): the title is the first line unless
    given, the date the first one in the text unless given. Empty text raises BadInput."""
    text = clean_text(text)
    meta_date = None
    if _looks_html(text):
        meta_date = html_date(text)
        if source == "unknown":
            source = html_url(text) or source
        text = html_to_text(text)
    if not text.strip():
        raise BadInput(f"{name}: the article is empty; give a file with the article's text")
    if not any(c.isalpha() for c in text):
        raise BadInput(f"{name}: the article has no words, only digits or symbols")
    if len(text) > MAX_CHARS:
        raise BadInput(
            f"{name}: the article's text is {len(text):,} characters, more than the {MAX_CHARS:,} one article may have "
            "(time and memory grow with it); split it into articles, e.g. JSON Lines with one article a line"
        )
    if title is None:
        title = text.strip().splitlines()[0].strip()[:300]
    parsed, date_text = parse_date(date)
    date_source = "metadata" if parsed is not None else None
    if parsed is None and meta_date:
        parsed, date_text = parse_date(meta_date[:10])
        date_source = "metadata" if parsed is not None else None
    if parsed is None:
        parsed, date_text, date_source = find_date(text)
    return Article(
        id=article_id(text, source),
        text=text,
        title=title,
        date=parsed,
        date_text=date_text,
        source=source,
        path=path,
        date_source=date_source,
    )


def from_json(obj: Any, name: str) -> Article:
    """An Article from a JSON object with a string field text (and optional title, date, source)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise BadInput(
            f"{name}: JSON input must be an object with a string field 'text' (and optional title, date, source)"
        )
    for key, example in (
        ("title", '"Clashes in Karabakh"'),
        ("date", '"2020-10-09"'),
        ("source", '"VOA"'),
        ("id", '"a1"'),
    ):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise BadInput(
                f"{name}: the JSON field '{key}' is a {_json_type(value)}, not a string; write it as a string, e.g. {example}"
            )
    return from_text(
        obj["text"],
        title=obj.get("title"),
        date=obj.get("date"),
        source=str(obj.get("source") or obj.get("id") or name),
        path=name,
        name=name,
    )


def default_source(path: Path) -> str:
    """An article file's source when none is given: its path relative to the working directory
    (absolute when outside it), never its bare name, so two `a.txt` in two folders are two articles."""
    try:
        full = path.resolve()
        cwd = Path.cwd()
        return os.path.relpath(full, cwd) if full.is_relative_to(cwd) else str(full)
    except (OSError, ValueError):
        return str(path)


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    return "object" if isinstance(value, dict) else type(value).__name__


def read_article(path: str | Path, *, source: str | None = None, date: str | None = None) -> Article:
    """An Article from a file: plain text, HTML or a JSON object; a missing, empty, binary or oversized file raises BadInput."""
    p = Path(path)
    name = str(p)
    if not p.exists():
        raise BadInput(f"{name}: no such file; check the path")
    if p.is_dir():
        raise BadInput(f"{name}: is a directory; give the article files in it (e.g. {name}/*.txt)")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise BadInput(
            f"{name}: {size:,} bytes is larger than the {MAX_BYTES:,}-byte limit for one article; "
            "split it into articles (JSON Lines, one article a line)"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise BadInput(f"{name}: cannot be read ({exc.strerror}); check its permissions") from exc
    text = decode(data, name)
    if p.suffix.lower() == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
        art = from_json(obj, name)
        if date is not None:
            art = from_text(art.text, title=art.title, date=date, source=art.source, path=name, name=name)
        return art
    if p.suffix.lower() in (".html", ".htm"):
        # the page's own date and address are metadata the text loses
        date = date or html_date(text)
        source = source or html_url(text)
        text = html_to_text(text)
    return from_text(text, date=date, source=source or default_source(p), path=name, name=name)


def read_stdin(*, source: str | None = None, date: str | None = None) -> Article:
    """An article piped into kg: a JSON object if it starts with '{', HTML if it looks like it,
    else plain text (the first line is the title)."""
    import sys

    name = "standard input"
    text = decode(sys.stdin.buffer.read(), name)
    if text.lstrip().startswith("{"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
        art = from_json(obj, name)
        if date is not None or source is not None:
            art = from_text(art.text, title=art.title, date=date, source=source or art.source, name=name)
        return art
    return from_text(text, date=date, source=source or "stdin", name=name)
