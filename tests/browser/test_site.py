"""Browser tests of the default theme: real pages in headless Chromium, opened from file://.

Two sites are built with the project's binary (HANDBOOK_BINARY, default .build/debug/handbook):
the golden fixture (every page kind) and this repository's own content/. Every page of both
is checked for console errors, links, landmarks, headings, keyboard navigation, phone width
and colour contrast in light and dark mode; the decisions filter and the metrics charts are
checked where they are. Screenshots of each page kind go to HANDBOOK_SCREENSHOTS (default: a
new temporary folder), whose path is printed at the end of the run.

Chromium and its driver are the system's (/usr/bin/chromium, /usr/bin/chromedriver, or
CHROMIUM_BINARY / CHROMEDRIVER): Selenium Manager is never asked to download anything.
"""

import atexit
import functools
import html.parser
import os
import pathlib
import shutil
import subprocess
import tempfile
import urllib.parse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

REPO = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = REPO / "Tests" / "HandbookCoreTests" / "Fixtures" / "golden"
DESKTOP = (1280, 900)
PHONE = (360, 780)        # the narrowest phone the theme must fit without sideways scroll
SCREENSHOT_PHONE = (390, 844)
MIN_CONTRAST = 4.5


# --- the sites ------------------------------------------------------------------------------

def binary():
    path = pathlib.Path(os.environ.get("HANDBOOK_BINARY", ".build/debug/handbook"))
    return path if path.is_absolute() else REPO / path


@functools.lru_cache(maxsize=None)
def sites():
    """Builds both sites once per run: {name: output folder}."""
    handbook = binary()
    if not handbook.is_file():
        raise RuntimeError(f"no handbook binary at {handbook}: build it first (or set HANDBOOK_BINARY)")
    out = pathlib.Path(tempfile.mkdtemp(prefix="handbook-browser-sites-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    builds = {
        "golden": ["--content", str(GOLDEN / "content"), "--root", str(GOLDEN)],
        "own": ["--content", str(REPO / "content"), "--root", str(REPO)],
    }
    # A repository with one commit on top of the golden fixture (a governed file changed, an
    # ungoverned one added), built with --review-base so the site has a review page.
    review_repo = out / "review-repo"
    shutil.copytree(GOLDEN, review_repo)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(review_repo)], check=True)
    subprocess.run(git + ["add", "-A"], cwd=review_repo, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "base"], cwd=review_repo, check=True)
    (review_repo / "src" / "db" / "schema.sql").write_text("-- changed\n", encoding="utf-8")
    (review_repo / "deploy" / "cockroach.yml").write_text("replicas: 5\n", encoding="utf-8")
    (review_repo / "NOTES.txt").write_text("nothing governs this\n", encoding="utf-8")
    subprocess.run(git + ["add", "-A"], cwd=review_repo, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "change"], cwd=review_repo, check=True)
    builds["review"] = ["--content", str(review_repo / "content"), "--root", str(review_repo), "--review-base", "HEAD~1"]
    result = {}
    for name, args in builds.items():
        target = out / name
        run = subprocess.run([str(handbook), "build", *args, "--output", str(target)],
                             cwd=REPO, capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"handbook build of {name} failed ({run.returncode}):\n{run.stdout}{run.stderr}")
        result[name] = target
    return result


def pages_of(site):
    root = sites()[site]
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def kind_of(page):
    if page == "index.html":
        return "home"
    if page in ("search.html", "review.html"):
        return page[:-5]
    if page == "tags/index.html":
        return "tags"
    if page.startswith("tags/"):
        return "tag"
    if page == "404.html":
        return "404"
    if page == "decisions/index.html":
        return "decisions"
    if page.startswith("decisions/"):
        return "decision"
    if page == "metrics/index.html":
        return "metrics"
    for section in ("landmines", "files", "contracts"):
        if page == f"{section}/index.html":
            return section
        if page.startswith(section + "/"):
            return section.rstrip("s")
    return "page"


def all_pages():
    """Every page of the golden fixture; of this repository's own site, the first page of each kind
    (it has a file page per governed source file, which would repeat the same checks hundreds of times)."""
    pages = [("golden", page) for page in pages_of("golden")] + [("review", "review.html")]
    seen = set()
    for page in pages_of("own"):
        if kind_of(page) not in seen:
            seen.add(kind_of(page))
            pages.append(("own", page))
    return pages


def url_of(site, page, fragment=""):
    return (sites()[site] / page).as_uri() + fragment


def pytest_generate_tests(metafunc):
    if "site_page" in metafunc.fixturenames:
        pages = all_pages()
        metafunc.parametrize("site_page", pages, ids=[f"{s}:{p}" for s, p in pages])
    if "scheme" in metafunc.fixturenames:
        metafunc.parametrize("scheme", ["light", "dark"])
    if "site" in metafunc.fixturenames:
        metafunc.parametrize("site", ["golden", "own"])


def test_every_page_kind_is_built():
    for site in ("golden", "own"):
        assert {kind_of(p) for p in pages_of(site)} == {"home", "404", "decisions", "decision", "metrics", "page",
                                                        "landmines", "landmine", "files", "file", "contracts",
                                                        "contract", "search", "tags", "tag"}, site
    assert "review" in {kind_of(p) for p in pages_of("review")}


# --- the browser ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--hide-scrollbars", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(service=service, options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def viewport(driver, size, scheme="light"):
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "screen", "features": [{"name": "prefers-color-scheme", "value": scheme}]})


def open_page(driver, site, page, fragment="", size=DESKTOP, scheme="light"):
    viewport(driver, size, scheme)
    driver.get("about:blank")  # a fresh load even when only the fragment differs
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url_of(site, page, fragment))
    driver.execute_script("return document.fonts ? document.fonts.ready : null")


# --- every page -----------------------------------------------------------------------------

def test_no_console_errors(driver, site_page):
    site, page = site_page
    open_page(driver, site, page)
    if kind_of(page) == "decisions":  # run the filter's code paths too
        radios = driver.find_elements(By.CSS_SELECTOR, "form.filter input[type=radio]")
        for radio in radios[1:] + radios[:1]:
            radio.click()
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == [], f"{site}:{page} logged errors"


class Targets(html.parser.HTMLParser):
    """The ids and names a page's fragments can point at."""

    def __init__(self):
        super().__init__()
        self.anchors = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.anchors.add(value)


@functools.lru_cache(maxsize=None)
def anchors_in(path):
    parser = Targets()
    parser.feed(pathlib.Path(path).read_text(encoding="utf-8"))
    return parser.anchors


def test_same_site_links_resolve(driver, site_page):
    site, page = site_page
    open_page(driver, site, page)
    urls = driver.execute_script("""
        return Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src], area[href]'))
            .map(e => new URL(e.getAttribute('href') || e.getAttribute('src'), document.baseURI).href);""")
    root = sites()[site].resolve()
    local = [u for u in urls if u.startswith("file:")]
    assert local, f"{site}:{page} has no same-site links at all"
    broken = []
    for link in local:
        parsed = urllib.parse.urlsplit(link)
        target = pathlib.Path(urllib.parse.unquote(parsed.path)).resolve()
        if root not in target.parents:
            broken.append(f"{link} (outside the site)")
        elif not target.is_file():
            broken.append(f"{link} (no such file)")
        elif parsed.fragment and target.suffix == ".html":
            fragment = urllib.parse.unquote(parsed.fragment)
            filtered = target == root / "decisions" / "index.html" and fragment.startswith("status-")
            if not filtered and fragment not in anchors_in(str(target)):
                broken.append(f"{link} (no #{fragment} in the page)")
    assert broken == [], f"{site}:{page} has broken links"
    for other in (u for u in urls if not u.startswith("file:")):
        assert urllib.parse.urlsplit(other).scheme in ("http", "https", "mailto"), other


def test_one_h1_and_landmarks(driver, site_page):
    site, page = site_page
    open_page(driver, site, page)
    counts = driver.execute_script("""
        const n = s => document.querySelectorAll(s).length;
        return {h1: n('h1'), banner: n('body > header'), nav: n('body > header nav'), main: n('main'),
                footer: n('body > footer'), title: document.title, lang: document.documentElement.lang};""")
    assert counts["h1"] == 1, f"{site}:{page}: {counts}"
    assert counts["banner"] == 1 and counts["nav"] == 1 and counts["main"] == 1 and counts["footer"] == 1, counts
    assert counts["title"].strip() and counts["lang"], counts


def test_skip_link_by_keyboard(driver, site_page):
    site, page = site_page
    open_page(driver, site, page)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    focused = driver.switch_to.active_element
    assert focused.get_attribute("class") == "skip", f"first Tab focused {focused.get_attribute('outerHTML')[:80]}"
    assert focused.text == "Skip to content"
    box = driver.execute_script("""
        const r = arguments[0].getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, w: innerWidth, h: innerHeight};""", focused)
    assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= box["w"] and box["bottom"] <= box["h"], box
    assert box["right"] - box["left"] > 10 and box["bottom"] - box["top"] > 10, box
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "main"
    assert driver.execute_script("return location.hash") == "#main"


def overflowing(driver):
    """Elements that stick out past the right edge and are not inside a scroll container."""
    return driver.execute_script("""
        const width = document.documentElement.clientWidth, out = [];
        const scrolls = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
            return false; };
        for (const e of document.body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.width && r.right > width + 0.5 && !scrolls(e))
                out.push(e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')
                         + ' right=' + Math.round(r.right));
        }
        return out.slice(0, 10);""")


def test_phone_width_does_not_scroll_sideways(driver, site_page):
    site, page = site_page
    open_page(driver, site, page, size=PHONE)
    widths = driver.execute_script(
        "return {scroll: document.documentElement.scrollWidth, window: innerWidth, client: document.documentElement.clientWidth}")
    # A phone widens the layout viewport to fit content that sticks out (and zooms out): so
    # both the window and the document must stay at the device's width.
    assert widths["scroll"] <= PHONE[0] and widths["window"] == PHONE[0], \
        f"{site}:{page} scrolls sideways: {widths} {overflowing(driver)}"
    tables = driver.execute_script("""
        return Array.from(document.querySelectorAll('table')).map(t => ({
            overflow: getComputedStyle(t).overflowX, right: t.getBoundingClientRect().right}));""")
    for table in tables:
        assert table["overflow"] in ("auto", "scroll"), table
        assert table["right"] <= PHONE[0], table


CONTRAST_JS = """
const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const over = (top, below) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]); };
const background = e => { const layers = [];
    for (let p = e; p; p = p.parentElement) { const c = parse(getComputedStyle(p).backgroundColor);
        if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let bg = [255, 255, 255, 1]; for (const c of layers.reverse()) bg = over(c, bg); return bg; };
const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const body = background(document.body), results = [];
for (const e of document.body.querySelectorAll('*')) {
    if (!Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (e.closest('.skip, title, desc, script, style')) continue;
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (!r.width || !r.height || s.visibility === 'hidden' || e.closest('[hidden]')) continue;
    const svg = e instanceof SVGElement;
    let fg = parse(svg ? (s.fill.startsWith('rgb') ? s.fill : s.color) : s.color);
    if (!fg) continue;
    const bg = svg ? background(e.closest('svg').parentElement) : background(e);
    fg = over(fg, bg);
    results.push({el: e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className : ''),
                  text: e.textContent.trim().slice(0, 40), fg: s.color, ratio: ratio(fg, bg)});
}
return {body: body, bodyLum: lum(body), fgLum: lum(parse(getComputedStyle(document.body).color)), texts: results};
"""


def test_contrast_in_light_and_dark(driver, site_page, scheme):
    site, page = site_page
    open_page(driver, site, page, scheme=scheme)
    assert driver.execute_script(f"return matchMedia('(prefers-color-scheme: {scheme})').matches")
    found = driver.execute_script(CONTRAST_JS)
    if scheme == "dark":
        assert found["bodyLum"] < 0.05, f"{site}:{page}: body background is not dark: {found['body']}"
        assert found["fgLum"] > 0.5, "body text is not light"
    else:
        assert found["bodyLum"] > 0.9, f"{site}:{page}: body background is not light: {found['body']}"
    assert found["texts"], "no text found"
    low = [f"{t['el']} {t['text']!r} {t['ratio']:.2f}" for t in found["texts"] if t["ratio"] < MIN_CONTRAST]
    assert low == [], f"{site}:{page} ({scheme}): text below {MIN_CONTRAST}:1"


# --- particular pages -----------------------------------------------------------------------

def visible_statuses(driver):
    rows = driver.find_elements(By.CSS_SELECTOR, "table.decisions tbody tr")
    return [row.get_attribute("data-status") for row in rows if row.is_displayed()]


def test_decisions_filter(driver, site):
    open_page(driver, site, "decisions/index.html")
    form = driver.find_element(By.CSS_SELECTOR, "form.filter")
    assert form.is_displayed(), "the filter stays hidden although JavaScript runs"
    every = visible_statuses(driver)
    statuses = sorted(set(every))
    assert len(every) >= 2 and every == [r.get_attribute("data-status")
                                         for r in driver.find_elements(By.CSS_SELECTOR, "table.decisions tbody tr")]
    radios = {r.get_attribute("value"): r for r in form.find_elements(By.CSS_SELECTOR, "input[type=radio]")}
    assert radios[""].is_selected()
    assert set(statuses) <= set(radios), (statuses, list(radios))
    for status in statuses:
        radios[status].click()
        shown = visible_statuses(driver)
        assert shown and set(shown) == {status}, (status, shown)
        assert len(shown) == every.count(status)
        assert driver.execute_script("return location.hash") == f"#status-{status}"
    radios[""].click()
    assert visible_statuses(driver) == every
    # by keyboard: arrow keys move between radios and filter as they go
    radios[""].send_keys(Keys.ARROW_RIGHT)
    first = list(radios)[1]
    assert radios[first].is_selected() and set(visible_statuses(driver)) == {first}

    # a link such as the home page's counts, with a fragment
    wanted = "accepted" if "accepted" in statuses else statuses[0]
    open_page(driver, site, "decisions/index.html", fragment=f"#status-{wanted}")
    assert set(visible_statuses(driver)) == {wanted}
    assert driver.find_element(By.CSS_SELECTOR, f"form.filter input[value='{wanted}']").is_selected()
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_desktop_widths_do_not_scroll_sideways(driver):
    """Laptop and desktop windows: nothing sticks out (the contents box floated beside the text
    stuck out of 1280 and 1366 pixel windows once the site sidebar took its room)."""
    problems = []
    for width in (1280, 1366, 1440, 1920):
        for site, page in all_pages():
            open_page(driver, site, page, size=(width, 900))
            widths = driver.execute_script(
                "return {scroll: document.documentElement.scrollWidth, window: innerWidth}")
            if widths["scroll"] > widths["window"]:
                problems.append(f"{width}px {site}:{page} {widths} {overflowing(driver)[:3]}")
    assert problems == [], "\n".join(problems[:20])


def test_a_record_without_fields_shows_no_empty_box(driver, site):
    shown = 0
    for page in [p for p in pages_of(site) if kind_of(p) == "decision"]:
        open_page(driver, site, page)
        boxes = driver.execute_script("""
            return ['.fields', '.relations'].map(s => document.querySelector(s)).filter(e => e).map(e => ({
                empty: e.children.length === 0 || (e.matches('.fields') && !e.querySelector('dt')),
                height: e.getBoundingClientRect().height}));""")
        for box in boxes:
            if box["empty"]:
                assert box["height"] == 0, f"{site}:{page} shows an empty box: {box}"
            else:
                shown += 1
    assert shown > 0, "no page has fields or relations to show"


def test_home_counts_link_to_filtered_decisions(driver, site):
    open_page(driver, site, "index.html")
    link = driver.find_element(By.CSS_SELECTOR, ".counts a")
    status = link.find_element(By.CSS_SELECTOR, ".status").text.strip()
    link.click()
    assert driver.current_url.endswith(f"decisions/index.html#status-{status}")
    assert set(visible_statuses(driver)) == {status}


def test_metrics_charts(driver, site):
    for size in (DESKTOP, PHONE):
        open_page(driver, site, "metrics/index.html", size=size)
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.metric-chart")
        assert charts, "no charts"
        for chart in charts:
            rect = chart.rect
            assert rect["width"] > 100 and rect["height"] > 30, rect
            assert rect["x"] >= 0 and rect["x"] + rect["width"] <= size[0], rect
            assert chart.get_attribute("role") == "img"
            assert chart.aria_role in ("img", "image")  # Chromium reports ARIA 1.3's name
            assert len(chart.accessible_name.strip()) > 10, chart.accessible_name
        # Every figure of the "Every week" table is one point of its metric's chart, and nothing else is.
        rows = driver.execute_script("""
            return [...document.querySelectorAll('table.metric-table tbody tr')].map(row => [
              row.querySelector('time').textContent,
              [...row.querySelectorAll('td')].map(td => td.classList.contains('gap') ? null : td.firstChild.textContent.trim())]);
            """)
        sections = driver.find_elements(By.CSS_SELECTOR, "section.metric")
        assert len(sections) == len(charts)
        for column, section in enumerate(sections):
            chart = section.find_element(By.CSS_SELECTOR, "svg.metric-chart")
            points = driver.execute_script(
                "return [...arguments[0].querySelectorAll('circle.metric-point > title')]"
                ".map(t => t.textContent.replace(/ \\(worse [^)]*\\)$/, ''))", chart)
            expected = [f"{week}: {cells[column]}" for week, cells in rows if cells[column] is not None]
            assert sorted(points) == sorted(expected), section.get_attribute("id")


# --- screenshots ----------------------------------------------------------------------------

def screenshot_folder():
    """HANDBOOK_SCREENSHOTS, else .build/screenshots under the repository (kept after the run)."""
    folder = os.environ.get("HANDBOOK_SCREENSHOTS")
    path = pathlib.Path(folder) if folder else REPO / ".build" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def full_page_png(driver, path):
    import base64
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
    return size["width"], min(size["height"], 6000)


def png_facts(path):
    """(width, height, RGB of the top-left pixel) of an 8-bit RGB or RGBA PNG."""
    import struct
    import zlib
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
    width, height, depth, color = header
    assert depth == 8 and color in (2, 6), header
    raw = zlib.decompress(idat)
    # The first row's filter byte, then the first pixel: every PNG filter leaves it as it is (nothing left of or above it).
    return width, height, tuple(raw[1:4])


TOP_LEFT_BACKGROUND = """
    let element = document.elementFromPoint(0, 0);
    while (element) {
      const color = getComputedStyle(element).backgroundColor;
      if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
      element = element.parentElement;
    }
    return null;
"""


def test_screenshots(driver, request):
    folder = screenshot_folder()
    kinds = {}
    for page in pages_of("golden"):
        kinds.setdefault(kind_of(page), ("golden", page))
    kinds["review"] = ("review", "review.html")
    written = []
    for kind, (site, page) in sorted(kinds.items()):
        for scheme in ("light", "dark"):
            for label, size in (("desktop", DESKTOP), ("phone", SCREENSHOT_PHONE)):
                open_page(driver, site, page, size=size, scheme=scheme)
                target = folder / f"{kind}-{scheme}-{label}.png"
                background = driver.execute_script(TOP_LEFT_BACKGROUND)
                width, height = full_page_png(driver, target)
                png_width, png_height, pixel = png_facts(target)
                assert (png_width, png_height) == (round(width), round(height)), target.name
                assert background, f"{page} ({scheme}) has no background colour at its top left"
                assert background.startswith("rgb") and pixel == tuple(int(float(v)) for v in background[background.index("(") + 1:-1].split(",")[:3]), \
                    f"{target.name}: top-left pixel {pixel}, page background {background}"
                written.append(target)
    request.config.handbook_screenshots = str(folder)
    print(f"screenshots: {folder}")


def test_search_finds_records_offline(driver, site):
    """search.html works from file://: the index is a script, results link to the pages."""
    open_page(driver, site, "search.html")
    box = driver.find_element(By.ID, "search-input")
    query = {"golden": "cockroach", "own": "atomic output"}[site]
    box.send_keys(query)
    wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#search-results a"))
    results = driver.find_elements(By.CSS_SELECTOR, "#search-results a")
    assert results, f"no results for {query!r} on {site}"
    status = driver.find_element(By.ID, "search-status").text
    assert status.endswith("result") or status.endswith("results"), status
    first = results[0].get_attribute("href")
    driver.get(first)
    assert driver.find_elements(By.TAG_NAME, "h1"), f"{first} did not open a page"
    open_page(driver, site, "search.html")
    driver.find_element(By.ID, "search-input").send_keys("zzzz-no-such-thing")
    wait_for(driver, lambda: driver.find_element(By.ID, "search-status").text == "No results.")


# --- search from every page's header -----------------------------------------------------------

SEARCHES = {
    # (site, page to search from, query, a page the results must include): deep body text and file paths
    "golden": [("index.html", "silently", "landmines/ledger-double-write.html"),
               ("decisions/ADR-0002.html", "schema.sql", "files/src/db/schema.sql.html"),
               ("files/src/db/schema.sql.html", "Spanner", "decisions/ADR-0002.html")],
    "own": [("index.html", "UnsafeOutputTests", "landmines/output-swap-deletes-the-old-tree.html"),
            ("decisions/ADR-0001.html", "hotspots", "decisions/ADR-0009.html"),
            ("landmines/index.html", "TemplateValidator.swift", "files/Sources/HandbookCore/Render/TemplateValidator.swift.html")],
}


def header_results(driver):
    # Read in one script: the list is re-rendered on every keystroke, so links found by one call
    # may be gone by the next (StaleElementReferenceException, seen at load 11).
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('form.site-search .search-results a'), a => a.href)")


def wait_for(driver, condition, timeout=5):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(lambda d: condition())


def test_header_search_finds_deep_text_and_paths(driver, site):
    for page, query, expected in SEARCHES[site]:
        open_page(driver, site, page)
        # "/" focuses the field from anywhere on the page
        ActionChains(driver).send_keys("/").perform()
        box = driver.switch_to.active_element
        assert box.get_attribute("id") == "site-search-input", f"'/' did not focus the search field on {page}"
        box.send_keys(query)
        wait_for(driver, lambda: header_results(driver))
        hrefs = header_results(driver)
        assert any(h.endswith("/" + expected) for h in hrefs), f"{query!r} from {page}: {hrefs}"
        # the match is marked in a snippet, or the path is the title
        marks = driver.execute_script("return Array.from(document.querySelectorAll('form.site-search mark')).map(m => m.textContent)")
        titles = driver.execute_script(
            "return Array.from(document.querySelectorAll('form.site-search .search-results a'), a => a.innerText)")
        assert marks or any(query.lower() in t.lower() for t in titles), (query, marks, titles)
        # arrow down to the results, Enter opens the one focused
        box.send_keys(Keys.ARROW_DOWN)
        focused = driver.switch_to.active_element
        target = focused.get_attribute("href")
        assert target in hrefs
        focused.send_keys(Keys.ENTER)
        wait_for(driver, lambda: driver.current_url.split("#")[0] == target.split("#")[0])
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_ctrl_k_focuses_search_and_typos_still_match(driver):
    open_page(driver, "golden", "decisions/index.html")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
    box = driver.switch_to.active_element
    assert box.get_attribute("id") == "site-search-input"
    box.send_keys("cockroch")  # one letter missing
    wait_for(driver, lambda: header_results(driver))
    assert any(h.endswith("/decisions/ADR-0002.html") for h in header_results(driver))
    box.clear()
    box.send_keys("cockr")  # a prefix
    wait_for(driver, lambda: any(h.endswith("/decisions/ADR-0002.html") for h in header_results(driver)))


def test_search_page_ranks_titles_first_and_marks_snippets(driver):
    open_page(driver, "golden", "search.html", fragment="?q=cockroachdb")
    wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#search-results[data-ready] li"))
    first = driver.find_element(By.CSS_SELECTOR, "#search-results li a").get_attribute("href")
    assert first.endswith("/decisions/ADR-0002.html"), first  # its title, above the records that only mention it
    assert driver.find_elements(By.CSS_SELECTOR, "#search-results mark")


# --- review, graph, files index -------------------------------------------------------------

def test_review_page_links_files_and_records(driver):
    open_page(driver, "review", "review.html")
    summary = driver.find_elements(By.CSS_SELECTOR, ".summary-cards li")
    assert len(summary) >= 4 and "critical" in summary[0].text
    changed = driver.find_elements(By.CSS_SELECTOR, "#changed ~ ul.files li")
    texts = [li.text for li in changed]
    assert any("NOTES.txt" in t and "ungoverned" in t for t in texts), texts
    assert any("schema.sql" in t and "ungoverned" not in t for t in texts), texts
    file_links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#changed ~ ul.files a")]
    assert any(h.endswith("/files/src/db/schema.sql.html") for h in file_links), file_links
    matched = driver.find_elements(By.CSS_SELECTOR, ".matched a")
    assert matched, "matched files are not links"
    records = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "section a[href$='.html']")]
    root = sites()["review"].resolve()
    for href in file_links + records + [a.get_attribute("href") for a in matched]:
        target = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(href).path))
        assert target.is_file() and root in target.resolve().parents, href


def test_graph_nodes_are_links(driver, site):
    open_page(driver, site, "decisions/index.html")
    nodes = driver.find_elements(By.CSS_SELECTOR, "svg.relation-graph a.node")
    assert len(nodes) >= 2, "no graph nodes"
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.relation-graph a.node')).map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
    for href in hrefs:
        assert pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(href).path)).is_file(), href
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", nodes[0])
    wait_for(driver, lambda: driver.current_url.split("#")[0] == hrefs[0])
    assert driver.find_elements(By.CSS_SELECTOR, "svg.relation-graph .node-current"), "the decision page's graph is not centred on it"


def test_files_index_filters_and_collapses(driver):
    open_page(driver, "own", "files/index.html")
    box = driver.find_element(By.ID, "file-filter")
    assert box.is_displayed()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    assert height < 6000, f"the files index is {height} px tall with its folders closed"
    box.send_keys("TemplateValidator")
    shown = [li.get_attribute("data-path") for li in driver.find_elements(By.CSS_SELECTOR, ".file-tree li.file") if li.is_displayed()]
    assert "Sources/HandbookCore/Render/TemplateValidator.swift" in shown, shown
    assert all("templatevalidator" in path.lower() for path in shown), shown
    marks = driver.find_elements(By.CSS_SELECTOR, ".file-tree summary .severity")
    assert marks, "folders carry no severity mark"


# --- 404 at any depth -------------------------------------------------------------------------

def test_404_works_at_any_depth(driver):
    import http.server
    import threading
    root = sites()["golden"]

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root.parent), **kwargs)

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/{root.name}/"
        viewport(driver, DESKTOP)
        driver.get(base + "decisions/no/such/page.html")
        wait_for(driver, lambda: driver.execute_script("return !!document.querySelector('base')"))
        styled = driver.execute_script("return getComputedStyle(document.querySelector('.site-header')).borderBottomStyle")
        assert styled == "solid", "the 404 page lost its stylesheet"
        home = driver.find_element(By.CSS_SELECTOR, "main a[href$='index.html']")
        assert home.get_attribute("href") == base + "index.html"
        home.click()
        wait_for(driver, lambda: driver.current_url == base + "index.html")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Golden Handbook"
    finally:
        server.shutdown()


# --- axe-core, HTML5, every link of the whole site -------------------------------------------

@functools.lru_cache(maxsize=None)
def axe_source():
    import axe_selenium_python
    path = pathlib.Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    return path.read_text(encoding="utf-8")


def test_axe_finds_no_violation(driver, site_page, scheme):
    site, page = site_page
    open_page(driver, site, page, scheme=scheme)
    driver.execute_script(axe_source())
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v =>
            ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary)}))));""")
    assert result == [], f"{site}:{page} ({scheme}): {result}"


def every_html(site):
    root = sites()[site]
    return sorted(root.rglob("*.html"))


def test_every_internal_link_and_anchor_of_the_whole_site_resolves(site):
    class Links(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.urls = []

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("href", "src") and value:
                    self.urls.append(value)

    root = sites()[site].resolve()
    broken = []
    for path in every_html(site):
        if path.name == "404.html":
            continue  # its links are relative to wherever a host serves it; test_404_works_at_any_depth
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = (path.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                broken.append(f"{path.relative_to(root)}: {url}")
            elif parts.fragment and target.suffix == ".html":
                fragment = urllib.parse.unquote(parts.fragment)
                if not (target.name == "index.html" and fragment.startswith("status-")) and fragment not in anchors_in(str(target)):
                    broken.append(f"{path.relative_to(root)}: {url} (no such anchor)")
    assert broken == [], f"{len(broken)} broken: {broken[:20]}"


def test_every_page_is_valid_html5(site):
    import html5lib
    problems = []
    for path in every_html(site):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(path.read_bytes())
        for position, code, data in parser.errors:
            problems.append(f"{path.relative_to(sites()[site])}:{position[0]}:{position[1]}: {code} {data}")
    assert problems == [], problems[:20]


# --- charts, severity and print ---------------------------------------------------------------

def test_chart_labels_stay_12px_and_every_worsening_week_is_marked(driver):
    for size in (DESKTOP, PHONE):
        open_page(driver, "golden", "metrics/index.html", size=size)
        sizes = driver.execute_script("""
            return Array.from(document.querySelectorAll('.chart-labels span'))
                .filter(s => s.offsetParent !== null).map(s => parseFloat(getComputedStyle(s).fontSize));""")
        assert sizes and min(sizes) >= 12, (size, sizes)
    # change_failure_rate: 8% (W41), 12% (W42), 15% (W43): both worse weeks are marked, and a rate starts at 0%.
    chart = driver.find_element(By.ID, "metric-change_failure_rate")
    marked = [c.get_attribute("textContent")[:8] for c in chart.find_elements(By.CSS_SELECTOR, "circle.degrading title")]
    assert marked == ["2026-W42", "2026-W43"], marked
    axis = [s.get_attribute("textContent") for s in chart.find_elements(By.CSS_SELECTOR, ".chart-labels .y")]
    assert axis[0] == "0%", axis


def test_severity_reads_without_colour(driver):
    open_page(driver, "golden", "landmines/index.html")
    marks = driver.execute_script("""
        return Array.from(document.querySelectorAll('.severity')).map(e => ({
            word: e.textContent.trim().toLowerCase(),
            icon: getComputedStyle(e.querySelector('.severity-icon'), '::before').content,
            filled: getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)'}));""")
    by_word = {m["word"]: m for m in marks}
    assert {"critical", "medium"} <= set(by_word), marks
    assert by_word["critical"]["filled"] and not by_word["medium"]["filled"], marks
    assert all(m["icon"] not in ("none", "normal", "") for m in marks), f"a severity without its icon: {marks}"
    assert by_word["critical"]["icon"] != by_word["medium"]["icon"], marks
    open_page(driver, "golden", "landmines/ledger-double-write.html")
    banner = driver.find_element(By.CSS_SELECTOR, ".severity-banner-critical")
    assert driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", banner) != "rgba(0, 0, 0, 0)"
    assert "person with context" in banner.text


def test_print_keeps_badges_and_charts(driver):
    open_page(driver, "golden", "metrics/index.html")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    try:
        badge = driver.find_element(By.CSS_SELECTOR, ".badge-blocker")
        style = driver.execute_script("""const s = getComputedStyle(arguments[0]);
            return {display: s.display, border: s.borderTopWidth, color: s.color, background: s.backgroundColor};""", badge)
        assert style["display"] != "none" and badge.is_displayed(), style
        assert float(style["border"].rstrip("px")) >= 2 and style["color"] == "rgb(0, 0, 0)", style
        assert all(chart.is_displayed() for chart in driver.find_elements(By.CSS_SELECTOR, "svg.metric-chart"))
        assert not driver.find_element(By.CSS_SELECTOR, ".site-search").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen", "features": []})


# --- issue 12, items 3 to 5: sidebar, contracts in the graph, compositions ----------------------

def test_sidebar_with_sections_and_timeline_on_wide_screens_only(driver):
    open_page(driver, "own", "decisions/ADR-0009.html", size=(1400, 900))
    sidebar = driver.find_element(By.CSS_SELECTOR, "aside.site-sidebar")
    assert sidebar.is_displayed(), "no sidebar at 1400 px"
    main = driver.find_element(By.ID, "main")
    assert sidebar.rect["x"] + sidebar.rect["width"] <= main.rect["x"], "the sidebar is not beside the main column"
    sections = [a.text.split()[0] for a in sidebar.find_elements(By.CSS_SELECTOR, ".sidebar-sections a")]
    assert sections == ["Decisions", "Landmines", "Contracts", "Files", "Metrics"], sections
    current = sidebar.find_element(By.CSS_SELECTOR, ".sidebar-timeline a[aria-current=page]")
    assert "ADR-0009" in current.text and current.is_displayed()
    # Its links lead to pages that exist (from file://).
    target = sidebar.find_element(By.CSS_SELECTOR, ".sidebar-timeline a:not([aria-current])").get_attribute("href")
    assert pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(target).path)).is_file(), target
    open_page(driver, "own", "decisions/ADR-0009.html", size=PHONE)
    assert not driver.find_element(By.CSS_SELECTOR, "aside.site-sidebar").is_displayed(), "the sidebar shows on a phone"


def test_contracts_are_graph_nodes_citing_decisions(driver):
    open_page(driver, "own", "decisions/index.html")
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.relation-graph a.node-contract')).map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
    assert any(href.endswith("/contracts/context-json.html") for href in hrefs), hrefs
    for href in hrefs:
        assert pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(href).path)).is_file(), href
    open_page(driver, "own", "decisions/ADR-0150.html")
    assert driver.find_elements(By.CSS_SELECTOR, "svg.relation-graph a.node-contract"), "ADR-0150's graph lacks the contract citing it"


def test_contract_compositions_show_each_alternative(driver):
    open_page(driver, "own", "contracts/handbook-json.html")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.schema tr.alternative")
    assert len(rows) >= 4, "no alternatives rows"
    details = rows[0].find_element(By.XPATH, "ancestor::details")
    driver.execute_script("arguments[0].open = true", details)
    assert rows[0].is_displayed() and "of" in rows[0].text


def test_one_timeline_per_page_at_every_width(driver):
    """The decisions index shows the whole timeline; the site sidebar's window of it (from 75rem)
    was shown beside it, so the newest decisions were listed twice."""
    problems = []
    for width in (PHONE[0], 1280, 1920):
        for site, page in all_pages():
            open_page(driver, site, page, size=(width, 900))
            shown = driver.execute_script("""
                return [...document.querySelectorAll('ol.timeline, ol.sidebar-timeline')]
                    .filter(e => e.getClientRects().length > 0).length;""")
            if shown > 1:
                problems.append(f"{width}px {site}:{page}: {shown} timelines")
    assert problems == [], "\n".join(problems[:20])
