"""A real browser (Debian's headless Chromium, driven by Playwright) signs in to the dashboard
from the link the bot sent in the chat simulator, reads the overview, filters the listings,
downloads the CSV, composes and sends a notice, and is checked at 360 px and 1280 px for what a person needs to see."""
from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from bot.app import create_app
from bot.runtime import Runtime
from tests.dashboard_data import seed, staff

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements-dev.txt")
if not shutil.which("chromium"):
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def server(settings):
    """The whole app on a real port of 127.0.0.1, as `serve` runs it."""
    rt = Runtime.build(replace(settings, secret_key="browser-test-" + "k" * 40, quiet_start_hour=0,
                               quiet_end_hour=0))  # "send now" is never at night here
    httpd = make_server("127.0.0.1", 0, create_app(rt=rt), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield rt, f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)
    rt.close()


@pytest.fixture
def browser(tmp_path):
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def inside(page, selector: str, width: int) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and page.locator(selector).first.is_visible(), selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box)


def test_sign_in_from_the_simulator_then_overview_filter_csv_notice_and_screens(server, browser, tmp_path):
    shots = Path(os.environ.get("DASHBOARD_shots") or tmp_path)  # set it to keep the screenshots and look at them
    shots.mkdir(parents=True, exist_ok=True)
    rt, base = server
    with rt.db.session() as session:
        seed(session)
        staff(session, "Alok BPM", address="bpm", block=None)  # district staff of Patna
    requests_out: list[str] = []
    browser.on("request", lambda r: requests_out.append(r.url))
    page = browser.pages[0] if browser.pages else browser.new_page()

    # the bot sends the link in the chat simulator
    page.goto(f"{base}/simulator")
    page.fill("#newuser", "bpm")
    page.click("#add button")
    page.fill(".pane .say input", "dashboard")
    page.click(".pane .say button")
    bubble = page.locator(".pane .msg.bot", has_text="/dashboard/signin/").first
    bubble.wait_for(timeout=10_000)
    link = re.search(r"https?://\S+/dashboard/signin/\S+", bubble.inner_text()).group(0)
    assert link.startswith(base)

    page.goto(link)
    page.click('[data-testid="signin"]')
    page.wait_for_url(f"{base}/dashboard/")
    assert page.locator('[data-testid="area"]').inner_text().endswith("Patna")
    assert page.locator('[data-testid="didis"]').inner_text() == "4"
    assert page.locator('[data-testid="listings_new"]').inner_text() == "6"
    assert page.locator('[data-testid="by-place"] tbody tr').count() == 2
    trend = page.locator('[data-testid="trend"] img')  # pygal's SVG, drawn from the page itself
    assert trend.evaluate("img => img.complete && img.naturalWidth > 0")

    # a filter on the listings
    page.click('nav.tabs a[href="/dashboard/listings"]')
    page.select_option('select[name="product"]', "onion")
    page.click('[data-testid="filters"] button')
    assert "product=onion" in page.url
    assert page.locator('[data-testid="total"]').inner_text() == "2 rows"
    assert page.locator('[data-testid="rows"] tbody tr').count() == 2

    # the CSV in the filters shown
    with page.expect_download() as info:
        page.click('[data-testid="csv"]')
    data = open(info.value.path(), "rb").read().decode("utf-8")
    assert data.startswith("\ufeffCode,Product") and data.count("\n") == 3 and "Potato" not in data

    # composing a notice to Bihta's didis: the form, its preview with the count, send now
    page.click('nav.tabs a[href="/dashboard/notices"]')
    page.click('[data-testid="compose"]')
    page.fill('textarea[name="text_hi"]', "कल सुबह बिहटा में हाट लगेगा")
    page.select_option('select[name="area"]', label="Bihta")
    page.check('input[name="audience"][value="didis"]')
    page.click('[data-testid="to-preview"]')
    assert "/preview" in page.url
    assert "कल सुबह बिहटा में हाट लगेगा" in page.locator('[data-testid="as-sent"]').first.inner_text()
    assert page.locator('[data-testid="count"]').inner_text() == "It will reach 2 people (Simulator 2)."
    page.click('[data-testid="send"]')
    assert re.search(r"/dashboard/notices/\d+$", page.url)
    assert page.locator('[data-testid="status"]').inner_text() == "scheduled"
    notice_url = page.url.removeprefix(base)
    page.click('nav.tabs a[href="/dashboard/notices"]')
    assert page.locator('[data-testid="rows"] tbody tr').count() == 1

    # screens: 360 px (a cheap phone) and 1280 px (the block office's PC)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for url in ("/dashboard/", "/dashboard/listings?product=onion", "/dashboard/notices/new", notice_url):
            page.goto(base + url)
            shot = shots / f"dashboard-{width}-{url.strip('/').replace('/', '_').split('?')[0] or 'overview'}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 5_000
            assert no_sideways_scroll(page), (width, url)
            for selector in ("nav.tabs", ".out button", ".langs a"):
                inside(page, selector, width)
            if url == "/dashboard/":
                inside(page, '[data-testid="filters"] button', width)
                inside(page, '[data-testid="totals"]', width)
                inside(page, '[data-testid="trend"]', width)
            elif url == "/dashboard/notices/new":
                for selector in ('textarea[name="text_hi"]', 'select[name="area"]', '[data-testid="to-preview"]'):
                    inside(page, selector, width)
            elif url == notice_url:
                inside(page, '[data-testid="report"]', width)
                inside(page, '[data-testid="status"]', width)
            else:
                inside(page, '[data-testid="filters"] button', width)
                inside(page, '[data-testid="csv"]', width)
                inside(page, '[data-testid="total"]', width)

    # Hindi on the page, then sign out
    page.click('.langs a[hreflang="hi"]')
    assert "सारांश" in page.locator("nav.tabs").inner_text()
    page.click(".out button")
    assert "साइन आउट" in page.locator('[data-testid="message"]').inner_text()
    page.goto(base + "/dashboard/")
    assert "साइन इन" in page.locator('[data-testid="message"]').inner_text()
    assert all(u.startswith(base) for u in requests_out), [u for u in requests_out if not u.startswith(base)]
