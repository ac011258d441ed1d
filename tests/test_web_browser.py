"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright, against
the real `monitor web` started as a subprocess on a free port of 127.0.0.1.

One browser for the module (Playwright gives it a fresh, empty profile), launched with the
flags this machine's closed network needs. Chromium is installed by `make test`; run alone
without it, these tests are skipped (never on CI, where its absence is a failure).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.webdb import HOSTILE_TITLE, build

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TOKEN = "browser-test-token-0123456789"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    pytest.skip(f"{CHROMIUM} is missing: `make test` installs it", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dashboard:
    url: str
    process: subprocess.Popen[bytes]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_WEB_")}
    return {**env, **extra}


def start(config: Path, log: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(config), "web", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment(**env),
        )


def wait_ready(url: str, process: subprocess.Popen[bytes], **headers: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "monitor web exited"
        try:
            httpx.get(url, headers=headers, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"monitor web did not answer on {url}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    build(folder / "monitor.db", datetime.now(UTC).replace(microsecond=0))
    path = folder / "monitor.yaml"
    path.write_text("database: monitor.db\nfeeds: []\n")
    return path


@pytest.fixture(scope="module")
def dashboard(config: Path) -> Iterator[Dashboard]:
    port = free_port()
    process = start(config, config.parent / "web.log", "--port", str(port))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        yield Dashboard(url, process)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    context.close()
    # A Content-Security-Policy that blocked the page's own style or script shows here.
    assert problems == []


def test_overview_draws_its_plot_and_names_the_stories(page: Page, dashboard: Dashboard) -> None:
    page.goto(dashboard.url + "/")
    assert page.title() == "Overview · monitor"
    plot = page.locator("svg.timeline").first
    assert plot.is_visible()
    bars = page.locator("svg.timeline rect.lv")
    assert bars.count() >= 3
    box = bars.first.bounding_box()
    assert box is not None and box.get("height", 0) > 1 and box.get("width", 0) > 1
    # The colours come from the style sheet: it was allowed to load.
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('svg.timeline rect.lv-critical')).fill"
    )
    assert fill not in ("", "none", "rgb(0, 0, 0)")
    latest = page.get_by_role("region", name="Latest high and critical stories")
    assert latest.get_by_role("link", name="Death toll rises to 14 after Varnell port strikes")
    assert "14 killed" in latest.inner_text()
    assert page.get_by_role("link", name=HOSTILE_TITLE).is_visible()
    assert page.locator("meta[http-equiv=refresh]").get_attribute("content") == "60"


def test_story_page_shows_evidence(page: Page, dashboard: Dashboard) -> None:
    page.goto(dashboard.url + "/stories/1")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Death toll rises to 14 after Varnell port strikes"
    )
    evidence = page.get_by_role("region", name="Evidence")
    marks = evidence.locator("mark").all_inner_texts()
    assert "14 people were killed" in marks
    quote = evidence.locator("blockquote", has_text="14 people were killed").first
    assert quote.inner_text().startswith("Rescue teams said 14 people were killed")
    assert page.locator("svg.history circle").count() == 2
    articles = page.get_by_role("region", name=re.compile("^Articles"))
    link = articles.get_by_role("link", name="Death toll rises to 14 after Varnell port strikes")
    assert link.get_attribute("href") == "https://valley.example/world/varnell-toll"
    assert link.get_attribute("rel") == "noopener noreferrer"


def test_script_in_a_title_stays_text(page: Page, dashboard: Dashboard) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/stories/3", "/stories?since=all", "/", "/search?q=Ostrava"):
        page.goto(dashboard.url + path)
        assert HOSTILE_TITLE in page.locator("main").inner_text()
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
    assert page.get_by_role("heading", level=1).count() == 1
    assert dialogs == []


def test_filters_work(page: Page, dashboard: Dashboard) -> None:
    page.goto(dashboard.url + "/stories?since=all")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 4
    page.select_option("#level", "high")  # the script submits a changed list at once
    page.wait_for_url(re.compile(r"level=high"))
    assert sorted(rows.locator(".lv").all_inner_texts()) == ["CRITICAL", "HIGH"]
    page.fill("#actor", "ir-il")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"actor=ir-il"))
    assert rows.count() == 1
    assert "Varnell" in rows.first.inner_text()


def test_filters_work_without_javascript(browser: Browser, dashboard: Dashboard) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(dashboard.url + "/stories?since=all")
        page.select_option("#signal", "un_statement")
        assert "signal=" not in page.url  # nothing happens until the form is sent
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url(re.compile(r"signal=un_statement"))
        titles = page.locator("table.list tbody tr").all_inner_texts()
        assert len(titles) == 1 and "Sudan" in titles[0]
    finally:
        context.close()


def test_missing_story_is_a_404(browser: Browser, dashboard: Dashboard) -> None:
    context = browser.new_context()  # not the `page` fixture: the 404 is logged as an error
    try:
        page = context.new_page()
        response = page.goto(dashboard.url + "/stories/999")
        assert response is not None and response.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == "Not found"
        assert "No story has the id 999" in page.locator("main").inner_text()
    finally:
        context.close()


def test_usable_on_a_phone_in_both_themes(browser: Browser, dashboard: Dashboard) -> None:
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, color_scheme=scheme, is_mobile=True
        )
        try:
            page = context.new_page()
            for path in ("/", "/stories?since=all", "/stories/1", "/alerts", "/search?q=port"):
                page.goto(dashboard.url + path)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, (scheme, path)
            page.goto(dashboard.url + "/stories?since=all")
            ratios = page.evaluate(CONTRAST)
            assert ratios and min(ratios) >= 4.5, (scheme, ratios)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert (background == "rgb(255, 255, 255)") == (scheme == "light")
        finally:
            context.close()


CONTRAST = """
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const page = getComputedStyle(document.body).backgroundColor;
  const out = [];
  for (const el of document.querySelectorAll("span.lv, a, .meta, .error")) {
    const style = getComputedStyle(el);
    const bg = style.backgroundColor === "rgba(0, 0, 0, 0)" ? page : style.backgroundColor;
    out.push(ratio(style.color, bg));
  }
  return out;
}
"""


def test_credentials_required_when_bound_beyond_loopback(
    browser: Browser, config: Path, tmp_path: Path
) -> None:
    port = free_port()
    refused = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "web", "--host", "0.0.0.0",
         "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(),
    )  # fmt: skip
    assert refused.returncode == 2
    assert "MONITOR_WEB_TOKEN" in refused.stderr and "0.0.0.0" in refused.stderr

    process = start(
        config, tmp_path / "web.log", "--host", "0.0.0.0", "--port", str(port),
        MONITOR_WEB_TOKEN=TOKEN,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        assert httpx.get(url + "/api/stories").status_code == 401
        answer = httpx.get(url + "/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200 and "server" not in answer.headers
        anonymous = browser.new_context()
        shut_out = anonymous.new_page()
        try:
            response = shut_out.goto(url + "/")
            assert response is not None and response.status == 401
        except PlaywrightError as e:  # headless Chromium, asked for a login it cannot show
            assert "ERR_INVALID_AUTH_CREDENTIALS" in str(e)
        assert shut_out.locator("svg.timeline").count() == 0
        anonymous.close()
        signed_in = browser.new_context(http_credentials={"username": "analyst", "password": TOKEN})
        page = signed_in.new_page()
        response = page.goto(url + "/")
        assert response is not None and response.status == 200
        assert page.locator("svg.timeline rect.lv").count() >= 3
        signed_in.close()
    finally:
        stop(process)
    assert process.returncode == 0  # SIGTERM stops it cleanly
    assert TOKEN not in (tmp_path / "web.log").read_text()


def test_a_port_in_use_is_a_clear_failure(config: Path, dashboard: Dashboard) -> None:
    port = dashboard.url.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "web", "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(),
    )
    assert result.returncode == 1
    assert f"could not listen on 127.0.0.1:{port}" in result.stderr
