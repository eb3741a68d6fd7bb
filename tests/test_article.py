"""Reading articles: each bad input gets a clear error naming the problem and the fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg import article
from kg.errors import BadInput


def _err(path: Path) -> str:
    with pytest.raises(BadInput) as exc:
        article.read_article(path)
    return str(exc.value)


def test_missing_file(tmp_path: Path) -> None:
    assert _err(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file; check the path"


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in _err(tmp_path)


def test_empty_and_blank(tmp_path: Path) -> None:
    for content in (b"", b"  \n\n\t "):
        p = tmp_path / "empty.txt"
        p.write_bytes(content)
        assert _err(p) == f"{p}: the article is empty; give a file with the article's text"


def test_no_words(tmp_path: Path) -> None:
    p = tmp_path / "digits.txt"
    p.write_text("123 456 --- !!!")
    assert _err(p) == f"{p}: the article has no words, only digits or symbols"


def test_binary(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert _err(p) == f"{p}: looks like a binary file (it contains NUL bytes), not a text article"


def test_non_utf8_legacy_encoding_is_read(tmp_path: Path) -> None:
    p = tmp_path / "cp1252.txt"
    p.write_bytes(
        "Erdo\u011fan said \u201cyes\u201d in Ankara.".encode("utf-8")
        .decode("utf-8")
        .replace("\u011f", "g")
        .encode("cp1252")
    )
    art = article.read_article(p)
    assert "\u201cyes\u201d" in art.text


def test_non_utf8_undecodable(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(b"Hello \x81\x8d\x8f\x90\x9d world")
    msg = _err(p)
    assert msg.startswith(f"{p}: is not UTF-8 text (invalid byte at offset 6)")
    assert "iconv" in msg


def test_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes("Baku is the capital of Azerbaijan.".encode("utf-16"))
    assert article.read_article(p).text == "Baku is the capital of Azerbaijan."


def test_html_is_reduced_to_text(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><script>var x=1;</script><title>T</title></head><body><p>Ankara &amp; Baku agreed.</p></body></html>"
    )
    art = article.read_article(p)
    assert "Ankara & Baku agreed." in art.text
    assert "var x" not in art.text


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article, "MAX_BYTES", 10)
    p = tmp_path / "big.txt"
    p.write_text("word " * 10)
    assert "is larger than the 10-byte limit" in _err(p)


def test_bad_json(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    p.write_text("{not json")
    assert _err(p) == f"{p}: is not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)"
    p.write_text('{"title": "no text"}')
    assert "must be an object with a string field 'text'" in _err(p)


def test_bad_date() -> None:
    with pytest.raises(BadInput, match="is not an ISO date"):
        article.from_text("Some text here.", date="last Tuesday")


def test_json_article_and_dates(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    p.write_text('{"title": "T", "date": "2020-10", "source": "VOA", "text": "Armenia and Azerbaijan."}')
    art = article.read_article(p)
    assert (art.title, art.date, art.date_text, art.source) == ("T", dt.date(2020, 10, 1), "2020-10", "VOA")


def test_date_found_in_text() -> None:
    art = article.from_text("Headline\nPhoto taken in Baku, Azerbaijan Oct. 9, 2020. (REUTERS)")
    assert art.date == dt.date(2020, 10, 9)


def test_article_id_is_stable_and_content_keyed() -> None:
    a = article.from_text("Same text.", source="x")
    assert a.id == article.from_text("Same text.", source="x").id
    assert a.id != article.from_text("Other text.", source="x").id


def test_the_articles_date_and_where_it_was_found() -> None:
    """The date from the metadata, a 'Published' line, a date line under the title, or the first
    full date of the text, each recorded with where it came from; none gives no date."""
    import datetime as dt

    from kg.article import find_date, from_text

    assert find_date("Published: 2023-07-17 10:00\nRussia said ...") == (dt.date(2023, 7, 17), "2023-07-17", "dateline")
    header = (
        "Press Statement\nMatthew Miller, Department Spokesperson\nOctober 13, 2024\n\nThe United States is concerned."
    )
    assert find_date(header) == (dt.date(2024, 10, 13), "October 13, 2024", "header")
    assert find_date("Resolution 2728, adopted on 25 March 2024, demands a ceasefire.")[:2] == (
        dt.date(2024, 3, 25), "25 March 2024",
    )  # fmt: skip
    assert find_date("KYIV, Ukraine (Reuters) - Fighting went on.") == (None, None, None)
    art = from_text("Title\n\nText of Oct. 9, 2020.", date="2021-01-02")
    assert (art.date, art.date_source) == (dt.date(2021, 1, 2), "metadata")
    page = '<html><head><meta property="article:published_time" content="2024-11-26T10:00:00Z"></head><body><p>Text.</p></body></html>'
    assert from_text(page).date_source == "metadata" and from_text(page).date == dt.date(2024, 11, 26)


def test_a_missing_date_is_warned_about() -> None:
    from kg import api
    from kg.article import from_text

    art = from_text("Fighting went on in Kharkiv on Monday.")
    out = api.Outcome("a.txt", article=art)
    assert out.messages() == [
        "a.txt: warning: no date found in the metadata or the text, so who held an office is decided without one; "
        "give --date (or a JSON 'date')"
    ]


def test_a_date_the_body_names_as_to_come_is_not_the_articles_date() -> None:
    # review of unseen wire stories (Mali, November 2021): the body's only full date was the election to come
    from kg.article import find_date

    text = (
        "Mali's interim government had promised to oversee an 18-month transition back to democracy "
        "culminating in elections on February 27, 2022."
    )
    assert find_date(text) == (None, None, None)
    text = "Elections are scheduled for 30 March 2025. The war began on 24 February 2022."
    assert find_date(text)[0] == dt.date(2022, 2, 24)
    # 'by' is no mark of the future: 'attacks by the army on 12 May 2024'
    assert find_date("The attacks by the army on 12 May 2024 killed ten people.")[0] == dt.date(2024, 5, 12)


def test_an_html_page_gives_its_date_and_address(tmp_path: Path) -> None:
    page = tmp_path / "statement.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://mofa.gov.pk/pakistan-condemns/">'
        '<meta property="article:published_time" content="2021-10-14T10:00:00Z"></head>'
        "<body><h1>Pakistan condemns</h1><p>Pakistan condemns the statement. We will spare no effort.</p></body></html>",
        encoding="utf-8",
    )
    art = article.read_article(page)
    assert art.source == "https://mofa.gov.pk/pakistan-condemns/"
    assert art.date == dt.date(2021, 10, 14) and art.date_source == "metadata"
