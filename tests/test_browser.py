"""The HTML export in headless Chromium (Debian's chromium and chromium-driver): it opens on the
entities laid out without overlapping labels, statements on request, a claimant filter that
leaves no orphans and lays the rest out again, a legend for the edge styles, search, a click
that shows the evidence, and no request leaving the machine. Each view's screenshot is kept in
artifacts/ with the label boxes checked at that moment."""

from __future__ import annotations

import json
import shutil
import time
from typing import Any

import pytest

from kg import export
from kg.api import Built

from .conftest import ROOT

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
DOT = shutil.which("dot")  # the page's layout comes from Graphviz

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER and DOT),
    reason="chromium, chromium-driver or graphviz is not installed (scripts/test.sh installs them with apt-get as root)",
)

LABEL_BOXES = """return kgCy.nodes().filter(n => n.visible()).map(n => {
  const b = n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false});
  return [n.data('label'), b.x1, b.y1, b.x2, b.y2];
});"""


def _wait(driver: Any) -> None:
    for _ in range(100):
        if driver.execute_script("return !!window.kgCy"):
            return
        time.sleep(0.1)
    raise AssertionError("the page did not start")


def _overlaps(driver: Any) -> list[tuple[str, str]]:
    boxes = driver.execute_script(LABEL_BOXES)
    out = []
    for i, (la, ax1, ay1, ax2, ay2) in enumerate(boxes):
        for lb, bx1, by1, bx2, by2 in boxes[i + 1 :]:
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:
                out.append((la, lb))
    return out


def _shot(driver: Any, name: str) -> None:
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    driver.save_screenshot(str(artifacts / name))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, seed_built: Built):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    out = tmp_path_factory.mktemp("html") / "seed.html"
    export.export(seed_built.graph, "html", out, title="Seed article")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,900", f"--user-data-dir={out.parent / 'profile'}"):  # fmt: skip
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=opts)
    driver.get(out.as_uri())
    _wait(driver)
    yield driver
    driver.quit()


def _fresh(driver: Any) -> None:
    driver.refresh()
    _wait(driver)


def test_opens_on_the_entities_without_overlapping_labels(page) -> None:  # type: ignore[no-untyped-def]
    _fresh(page)
    shown = page.execute_script("return kgCy.nodes().filter(n => n.visible()).map(n => n.data('type'))")
    assert len(shown) == 21 and "Statement" not in shown
    assert page.find_element("id", "nstatements").text == "17"
    assert _overlaps(page) == []
    _shot(page, "html-export.png")
    legend = page.find_element("id", "legend").text
    assert "State (3)" in legend and "Leader (2)" in legend
    edges = page.find_element("id", "edges").text
    assert "solid: the article states it in its own voice (the narrator)" in edges
    assert "dashed: a speaker claims it" in edges


def test_statements_on_request(page) -> None:  # type: ignore[no-untyped-def]
    _fresh(page)
    page.find_element("id", "statements").click()
    shown = page.execute_script("return kgCy.nodes().filter(n => n.visible()).length")
    assert shown == 38
    assert _overlaps(page) == []
    _shot(page, "html-export-statements.png")


def test_claimant_filter_leaves_no_orphans_and_lays_out_again(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import Select

    _fresh(page)
    before = page.execute_script("return kgCy.getElementById('https://w3id.org/kg-news/id/state/ARM').position()")
    Select(page.find_element("id", "claimant")).select_by_visible_text("Ilham Aliyev")
    edges = page.execute_script("return kgCy.edges().filter(e => e.visible()).map(e => e.data('claimed_by'))")
    assert edges and set(edges) == {"Ilham Aliyev"}
    orphans = page.execute_script(
        "return kgCy.nodes().filter(n => n.visible() && n.connectedEdges().filter(e => e.visible()).length === 0).length"
    )
    assert orphans == 0
    after = page.execute_script("return kgCy.getElementById('https://w3id.org/kg-news/id/state/ARM').position()")
    assert after != before  # laid out again
    assert _overlaps(page) == []
    _shot(page, "html-export-claimant.png")
    # a type hidden as well: still nothing left alone
    page.execute_script("document.querySelector('#legend span[data-type=\"Region\"]').click()")
    orphans = page.execute_script(
        "return kgCy.nodes().filter(n => n.visible() && n.connectedEdges().filter(e => e.visible()).length === 0).length"
    )
    assert orphans == 0
    assert "Region" not in page.execute_script("return kgCy.nodes().filter(n => n.visible()).map(n => n.data('type'))")


def test_search_finds_aliyev(page) -> None:  # type: ignore[no-untyped-def]
    _fresh(page)
    box = page.find_element("id", "search")
    box.send_keys("Aliyev")
    assert page.find_element("id", "found").text == "1 found: Ilham Aliyev"


def test_click_shows_evidence_sentence(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains

    _fresh(page)
    iri = "https://w3id.org/kg-news/id/region/AZ-FUZ"
    page.execute_script(f"kgCy.zoom(2); kgCy.center(kgCy.getElementById('{iri}'))")
    x, y = page.execute_script(f"const p = kgCy.getElementById('{iri}').renderedPosition(); return [p.x, p.y]")
    cy = page.find_element("id", "cy")
    ActionChains(page).move_to_element_with_offset(
        cy, int(x - cy.size["width"] / 2), int(y - cy.size["height"] / 2)
    ).click().perform()
    time.sleep(0.2)
    details = page.find_element("id", "details").text
    assert details.startswith("Fuzuli")
    assert "the Azerbaijani army liberated 6 more villages in Fuzuli, Jabrayil, Khojavend regions" in details


def test_a_speakers_statements_are_listed_on_click(page) -> None:  # type: ignore[no-untyped-def]
    _fresh(page)
    page.execute_script("kgCy.getElementById('https://w3id.org/kg-news/id/person/ilham-aliyev').emit('tap')")
    details = page.find_element("id", "details").text
    assert details.startswith("Ilham Aliyev") and "Statements (13):" in details


def test_no_request_leaves_the_machine(page) -> None:  # type: ignore[no-untyped-def]
    urls = []
    for entry in page.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    assert any(u.startswith("file://") for u in urls)
    leaving = [u for u in urls if not u.startswith(("file://", "data:", "chrome://", "chrome-untrusted://", "about:"))]
    assert leaving == []
    assert page.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_text_with_the_templates_markers_still_draws(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Article text holding the page's own markers (/*COLORS*/, {{TITLE}}, <!--<script>) broke the page."""
    from .test_hardening import HOSTILE, hostile_graph

    out = tmp_path / "hostile.html"
    export.export(hostile_graph(), "html", out, title=HOSTILE)
    page.get(out.as_uri())
    for _ in range(100):
        if page.execute_script("return !!window.kgCy"):
            break
        time.sleep(0.1)
    assert page.execute_script("return kgCy.nodes().length") > 10
    label = page.execute_script(
        "return kgCy.getElementById('https://w3id.org/kg-news/id/person/ilham-aliyev').data('label')"
    )
    assert label == HOSTILE
    assert page.title == HOSTILE  # and no alert(1) ran: an open dialog would have failed the calls above
