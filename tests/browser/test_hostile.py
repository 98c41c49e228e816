"""The hostile corpus in a real browser (issue 14): no script of the repository's ever runs.

tests/hostile/make_corpus.py writes a handbook with a payload in every field and file name (the
same corpus as Tests/HandbookCoreTests/Fixtures/hostile-corpus.json). It is built with the
project's binary, and every page is opened from file:// with `alert`, `confirm`, `prompt`,
`print` and `window.open` hooked before any script of the page runs; then every link of the
page is clicked, one by one, on a fresh load. The test fails when a hook fires, when a link
leads to a `javascript:`, `vbscript:` or `data:` URL, or when a click shows a dialog.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest
from selenium import webdriver
from selenium.common.exceptions import UnexpectedAlertPresentException, NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

REPO = pathlib.Path(__file__).resolve().parents[2]

HOOK = """
window.__hostile = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function (message) { window.__hostile.push(name + ':' + message); };
}
window.open = function (url) { window.__hostile.push('open:' + url); return null; };
"""


def binary():
    path = pathlib.Path(os.environ.get("HANDBOOK_BINARY", ".build/debug/handbook"))
    return path if path.is_absolute() else REPO / path


@pytest.fixture(scope="module")
def site():
    work = pathlib.Path(tempfile.mkdtemp(prefix="handbook-hostile-"))
    try:
        subprocess.run([sys.executable, str(REPO / "tests/hostile/make_corpus.py"), "--tree", str(work / "repo")], check=True)
        run = subprocess.run([str(binary()), "build", "--content", str(work / "repo/content"), "--root", str(work / "repo"),
                              "--output", str(work / "site")], cwd=work, capture_output=True, text=True)
        assert run.returncode == 0, f"the hostile corpus did not build:\n{run.stdout}{run.stderr}"
        yield work / "site"
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("unhandledPromptBehavior", "ignore")
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    # Runs in every document before its own scripts.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    yield driver
    driver.quit()


def fired(driver):
    """What the hooks saw, and any real dialog left open."""
    seen = []
    try:
        seen.append("dialog:" + driver.switch_to.alert.text)
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        pass
    try:
        seen += driver.execute_script("return window.__hostile || [];")
    except UnexpectedAlertPresentException as error:
        seen.append(f"dialog:{error.alert_text}")
    return seen


def test_no_script_runs_on_any_page_and_no_link_is_a_script(site, browser):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 20, pages
    problems = []
    clicked = 0
    seen_targets = set()
    for page in pages:
        url = (site / page).as_uri()
        browser.get(url)
        problems += [f"{page}: {hit}" for hit in fired(browser)]
        hrefs = browser.execute_script("return Array.from(document.querySelectorAll('a[href], area[href], iframe[src], form[action]'))"
                                       ".map(e => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? '');")
        for href in hrefs:
            scheme = href.strip().split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
            if scheme not in ("", "http", "https", "mailto"):
                problems.append(f"{page}: a link with the scheme {scheme}: {href!r}")
        targets = [(index, link.get_attribute("href") or "", link.text)
                   for index, link in enumerate(browser.find_elements(By.CSS_SELECTOR, "a[href]"))]
        for index, target, text in targets:
            if target.startswith(("http://", "https://", "mailto:")):
                continue  # leaves the site; its scheme is checked above
            if (target, text) in seen_targets:
                continue  # the same link on another page (navigation, footers): clicked once
            seen_targets.add((target, text))
            browser.get(url)
            links = browser.find_elements(By.CSS_SELECTOR, "a[href]")
            if index >= len(links):
                continue
            browser.execute_script("arguments[0].click();", links[index])
            clicked += 1
            problems += [f"{page}: clicking {target!r}: {hit}" for hit in fired(browser)]
            if browser.current_url.lower().startswith(("javascript:", "vbscript:", "data:")):
                problems.append(f"{page}: clicking {target!r} navigated to {browser.current_url}")
    assert clicked > 30, clicked
    assert not problems, "\n".join(problems[:40])
