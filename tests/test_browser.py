"""The HTML export in headless Chromium (Debian's chromium and chromium-driver): it draws the
nodes, search finds 'Aliyev', a click shows the evidence sentence, no request leaves the machine.
A screenshot is kept in artifacts/ as a record of the run."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from kg import export
from kg.io import read_rdf, union

from .conftest import ROOT

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="chromium and chromium-driver are not installed (scripts/test.sh installs them with apt-get as root)",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    g = union(read_rdf(ROOT / "output" / "seed-article.ttl"))
    out = tmp_path_factory.mktemp("html") / "seed.html"
    export.export(g, "html", out, title="Seed article")
    nodes = export.to_networkx(g).number_of_nodes()
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,900", f"--user-data-dir={out.parent / 'profile'}"):  # fmt: skip
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=opts)
    driver.get(out.as_uri())
    for _ in range(100):
        if driver.execute_script("return !!window.kgCy"):
            break
        time.sleep(0.1)
    yield driver, nodes
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    driver.execute_script("kgCy.fit(undefined, 30)")
    driver.save_screenshot(str(artifacts / "html-export.png"))
    driver.quit()


def test_draws_every_node(page) -> None:  # type: ignore[no-untyped-def]
    driver, nodes = page
    drawn = driver.execute_script("return kgCy.nodes().filter(n => n.visible()).length")
    assert drawn == nodes
    legend = driver.find_element("id", "legend").text
    assert "State (3)" in legend and "Leader (2)" in legend


def test_search_finds_aliyev(page) -> None:  # type: ignore[no-untyped-def]
    driver, _ = page
    box = driver.find_element("id", "search")
    box.clear()
    box.send_keys("Aliyev")
    assert driver.find_element("id", "found").text == "2 found: Ilham Aliyev, Ilham Aliyev interview (NTV)"


def test_click_shows_evidence_sentence(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains

    driver, _ = page
    iri = "https://w3id.org/kg-news/id/region/AZ-FUZ"
    driver.refresh()  # a fresh view, whatever the search test left
    for _ in range(100):
        if driver.execute_script("return !!window.kgCy"):
            break
        time.sleep(0.1)
    driver.execute_script(f"kgCy.zoom(4); kgCy.center(kgCy.getElementById('{iri}'))")
    x, y = driver.execute_script(f"const p = kgCy.getElementById('{iri}').renderedPosition(); return [p.x, p.y]")
    cy = driver.find_element("id", "cy")
    ActionChains(driver).move_to_element_with_offset(
        cy, int(x - cy.size["width"] / 2), int(y - cy.size["height"] / 2)
    ).click().perform()
    time.sleep(0.2)
    details = driver.find_element("id", "details").text
    assert details.startswith("Füzuli")
    assert "the Azerbaijani army liberated 6 more villages in Fuzuli, Jabrayil, Khojavend regions" in details


def test_no_request_leaves_the_machine(page) -> None:  # type: ignore[no-untyped-def]
    driver, _ = page
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    assert any(u.startswith("file://") for u in urls)
    leaving = [u for u in urls if not u.startswith(("file://", "data:", "chrome://", "chrome-untrusted://", "about:"))]
    assert leaving == []
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_text_with_the_templates_markers_still_draws(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Article text holding the page's own markers (/*COLORS*/, {{TITLE}}, <!--<script>) broke the page."""
    from .test_hardening import HOSTILE, hostile_graph

    driver, nodes = page
    out = tmp_path / "hostile.html"
    export.export(hostile_graph(), "html", out, title=HOSTILE)
    driver.get(out.as_uri())
    for _ in range(100):
        if driver.execute_script("return !!window.kgCy"):
            break
        time.sleep(0.1)
    assert driver.execute_script("return kgCy.nodes().length") == nodes
    label = driver.execute_script(
        "return kgCy.getElementById('https://w3id.org/kg-news/id/person/ilham-aliyev').data('label')"
    )
    assert label == HOSTILE
    assert driver.title == HOSTILE  # and no alert(1) ran: an open dialog would have failed the calls above
