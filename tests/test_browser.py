"""The HTML report in a real browser: headless Chromium driven by Selenium.

Uses Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``; other names on PATH, or the paths in ``EXTRACTOR_CHROMIUM`` /
``EXTRACTOR_CHROMEDRIVER``). Skips, saying why, when Selenium, the browser or the driver
is not installed; nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from extractor import extract
from extractor.check import find_discrepancies
from extractor.report import render_report

from .test_check import (
    CLEAN,
    CLEAN_TITLE,
    HEADLINE_LEAD,
    RESTATED,
    TOTAL_EXCEEDED,
    TOTAL_OTHER_FORMS,
)

INSTALL = "apt-get install -y chromium chromium-driver"


def _find(env: str, names: tuple[str, ...]) -> str | None:
    given = os.environ.get(env)
    if given:
        return given if Path(given).is_file() else None
    return next((p for p in map(shutil.which, names) if p), None)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    binary = _find("EXTRACTOR_CHROMIUM", ("chromium", "chromium-browser", "google-chrome",
                                          "google-chrome-stable"))
    if binary is None:
        pytest.skip(f"no Chromium binary (chromium, chromium-browser or google-chrome on PATH, "
                    f"or EXTRACTOR_CHROMIUM); on Debian: {INSTALL}")
    driver_path = _find("EXTRACTOR_CHROMEDRIVER", ("chromedriver",))
    if driver_path is None:
        pytest.skip(f"no chromedriver on PATH (or EXTRACTOR_CHROMEDRIVER); on Debian: {INSTALL}")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    # an installed browser that fails to start is an error, not a skip
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def test_report_in_headless_chromium(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    results = [
        extract(HEADLINE_LEAD, "quang-tri-thien-tai", title="Quảng Trị khen thưởng 46 tập thể, "
                "cá nhân trong phòng, chống thiên tai"),
        extract(TOTAL_EXCEEDED, "vinh-linh-cong-doan"),
        extract(TOTAL_OTHER_FORMS, "khen-thuong-huyen"),
        extract(RESTATED, "tan-phu-dan-van-kheo"),
        extract(CLEAN, "hai-lang-tong-ket", title=CLEAN_TITLE),
    ]
    report = tmp_path / "report.html"
    report.write_text(render_report(results, find_discrepancies(results)), encoding="utf-8")
    browser.get(report.as_uri())
    assert browser.title.startswith("Báo cáo kiểm chứng")
    js = browser.execute_script

    # highlights of every kind, inside the article texts
    for cls in ("hl-count", "hl-form", "hl-auth", "hl-camp", "ev", "disc"):
        assert js(f"return document.querySelectorAll('.text .{cls}').length") > 0, cls
    assert js("return document.querySelector('.text .hl-count').textContent") == "46"

    # one facts table per article with facts; every row links to an element that exists
    tables = browser.find_elements(By.CSS_SELECTOR, "table.facts")
    assert len(tables) == sum(1 for r in results if r.facts)
    rows = js("return document.querySelectorAll('table.facts tbody tr').length")
    assert rows == sum(len(r.facts) for r in results)
    links = js("""
        return Array.from(document.querySelectorAll('table.facts a[href^="#"]')).map(a => {
            const id = a.getAttribute('href').slice(1);
            const el = document.getElementById(id);
            const split = document.querySelector('[data-ref="' + id + '"]') !== null;
            return [id, a.textContent, el ? el.textContent : null, split];
        });""")
    assert len(links) >= rows
    for target, label, text, split in links:
        assert text is not None, f"#{target} does not exist"
        if not split:  # the highlight holds exactly the evidence the row shows
            assert text == label, target

    # following a link makes its highlight the :target
    first = browser.find_element(By.CSS_SELECTOR, "table.facts a.ev-link")
    href = first.get_attribute("href").split("#", 1)[1]
    first.click()
    assert js("return document.querySelector(':target').id") == href
    outline = js("return getComputedStyle(document.querySelector(':target')).outlineStyle")
    assert outline == "solid"

    # discrepancies are flagged and link to their evidence
    flagged = js("return document.querySelectorAll('table.discrepancies tr.flagged').length")
    assert flagged == len(find_discrepancies(results))
    for target in js("""return Array.from(document.querySelectorAll('a.disc-link'))
                        .map(a => a.getAttribute('href').slice(1));"""):
        assert js(f"return document.getElementById('{target}') !== null"), target

    # the page loaded nothing from anywhere, and renders Vietnamese in a Vietnamese font
    assert js("return performance.getEntriesByType('resource').length") == 0
    assert "Noto Sans" in js("return getComputedStyle(document.body).fontFamily")
    assert js("return document.characterSet") == "UTF-8"
    text = js("return document.querySelector('#art-4 .text').innerText")
    assert "Chủ tịch UBND huyện tặng giấy khen cho 35 tập thể và 55 cá nhân" in text

    browser.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
