"""The dashboard's pages and exports: each shows only the signed-in staff member's area, whatever
the URL asks; filters, sorting, paging and CSV (UTF-8 with BOM) in the filters shown; phones masked."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.dashboard.tables import PAGE_SIZE
from models import Listing, User, utcnow
from tests.dashboard_data import AMAS, ATHAMALGOLA, BIHTA, GAYA, PATNA, seed, sign_in, staff

PAGES = ["/dashboard/", "/dashboard/listings", "/dashboard/demand", "/dashboard/groups"]
EXPORTS = ["/dashboard/listings.csv", "/dashboard/demand.csv", "/dashboard/groups.csv"]
# Pages of the other parts (tests/test_dashboard_notices.py, test_dashboard_events_prices.py): the
# same area checks and limits apply.
OTHERS = ["/dashboard/notices", "/dashboard/notices.csv", "/dashboard/notices/new", "/dashboard/prices",
          "/dashboard/prices.csv", "/dashboard/events", "/dashboard/events.csv"]
# What identifies each place's rows on any page or export: its didi, buyer or group.
MARKS = {"bihta": ("Didi bihta", "Buyer bihta", "Group bihta"),
         "athamalgola": ("Didi athamalgola", "Buyer athamalgola", "Group athamalgola"),
         "amas": ("Didi amas", "Buyer amas", "Group amas")}
SEES = {"block": {"bihta"}, "district": {"bihta", "athamalgola"}, "admin": {"bihta", "athamalgola", "amas"}}


@pytest.fixture
def settings(settings):
    return replace(settings, secret_key="dashboard-test-" + "k" * 40)


@pytest.fixture
def data(runtime):
    with runtime.db.session() as session:
        ids = seed(session)
        ids["block"] = staff(session, "Block BPM").id
        ids["district"] = staff(session, "District DPM", block=None).id
        ids["admin"] = staff(session, "State Admin", role="admin", block=None).id
    return ids


def as_(client, runtime, data, who: str):
    sign_in(client, runtime, data[who])
    return client


def rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def card(page, name: str) -> int:
    import re

    return int(re.search(rf'data-testid="{name}">(\d+)<', page.text).group(1))


@pytest.mark.parametrize("who", ["block", "district", "admin"])
def test_every_page_and_export_shows_only_the_area(client, runtime, data, who):
    as_(client, runtime, data, who)
    for url in PAGES[1:] + EXPORTS:  # the overview shows counts: test_overview_counts_the_area_only
        got = client.get(url)
        assert got.status_code == 200, url
        body = got.data.decode("utf-8")
        for place, marks in MARKS.items():
            assert any(mark in body for mark in marks) == (place in SEES[who]), (url, place)


@pytest.mark.parametrize("who, didis, listings, deals", [("block", 2, 3, 1), ("district", 4, 6, 2),
                                                          ("admin", 6, 9, 3)])
def test_overview_counts_the_area_only(client, runtime, data, who, didis, listings, deals):
    page = as_(client, runtime, data, who).get("/dashboard/")
    assert page.status_code == 200
    assert card(page, "didis") == didis and card(page, "listings_new") == listings and card(page, "deals") == deals
    assert card(page, "buyers") == didis // 2 and card(page, "demand") == didis // 2
    assert card(page, "matches") == deals and card(page, "connections") == deals
    assert card(page, "didis_active") == didis // 2  # the older didis last wrote 100 days ago
    assert f"₹{7 * deals},000" in page.text  # the larger of the two reports of each deal: 500 kg × ₹14
    by_place = page.text.split('data-testid="by-place"')[1].split("</table>")[0]
    expected = {"block": ["Bihta"], "district": ["Bihta", "Athamalgola"], "admin": ["Patna", "Gaya"]}[who]
    assert all(name in by_place for name in expected)
    assert ("Amas" in by_place) is False and ("Gaya" in by_place) == (who == "admin")
    assert "Potato" in page.text.split('data-testid="top-listed"')[1][:400]
    charts = charts_of(page)
    assert set(charts) == {"bars-listings", "bars-didis", "trend"}
    assert all(svg.startswith("<svg") and "pygal" in svg for svg in charts.values())
    assert ">3<" in charts["bars-listings"] or who != "block"  # Bihta's three new listings, printed on the bar


def charts_of(page) -> dict[str, str]:
    """Each chart's SVG, decoded from the page's data: image."""
    import base64

    found = re.findall(r'data-testid="([\w-]+)">\s*<figcaption>[^<]*</figcaption>\s*<img src="data:image/svg\+xml;base64,'
                       r'([A-Za-z0-9+/=]+)"', page.text)
    return {testid: base64.b64decode(data).decode("utf-8") for testid, data in found}


def test_charts_run_no_script_and_fetch_nothing(client, runtime, data):
    page = as_(client, runtime, data, "admin").get("/dashboard/")
    for name, svg in charts_of(page).items():
        assert "<script" not in svg and "<image" not in svg and "@import" not in svg, name
        links = set(re.findall(r'(?:href|src)="([^"]+)"', svg)) | set(re.findall(r"url\(([^)#]+)\)", svg))
        assert links == set(), (name, links)  # pygal's own tooltip script is off: js=[]
    assert 'alt="New listings by district: Patna 6, Gaya 3"' in page.text  # the chart in words too


def test_overview_period_leaves_out_older_rows_and_narrows_to_a_block(client, runtime, data):
    as_(client, runtime, data, "district")
    today = (utcnow() + timedelta(hours=5, minutes=30)).date()
    week = client.get(f"/dashboard/?from={(today - timedelta(days=6)).isoformat()}&to={today.isoformat()}")
    assert card(week, "listings_new") == 4  # the sold potato was listed 10 days ago
    year = client.get(f"/dashboard/?from={(today - timedelta(days=364)).isoformat()}")
    assert card(year, "listings_new") == 8 and card(year, "didis_active") == 4
    bihta = client.get(f"/dashboard/?block={BIHTA}")
    assert card(bihta, "didis") == 2 and card(bihta, "listings_new") == 3


@pytest.mark.parametrize("url", PAGES + EXPORTS + OTHERS)
def test_asking_for_another_area_in_the_url_is_refused(client, runtime, data, url):
    as_(client, runtime, data, "block")
    for query in (f"block={ATHAMALGOLA}", f"block={AMAS}", f"district={GAYA}", f"district={GAYA}&block={BIHTA}",
                  f"district={PATNA}&block={AMAS}", "block=999999"):
        refused = client.get(f"{url}?{query}")
        assert refused.status_code == 403, (url, query)
        assert "Didi athamalgola" not in refused.text and "outside your area" in refused.text
    assert client.get(f"{url}?block={BIHTA}").status_code == 200  # their own block is fine
    client.post("/dashboard/signout")
    as_(client, runtime, data, "district")
    for query in (f"district={GAYA}", f"block={AMAS}", f"district={PATNA}&block={AMAS}"):
        assert client.get(f"{url}?{query}").status_code == 403, (url, query)
    narrowed = client.get(f"{url}?block={BIHTA}")
    assert narrowed.status_code == 200 and "Didi athamalgola" not in narrowed.data.decode("utf-8")


@pytest.mark.parametrize("url", ["/dashboard/listings", "/dashboard/listings.csv"])
def test_admin_may_narrow_to_any_district(client, runtime, data, url):
    as_(client, runtime, data, "admin")
    gaya = client.get(f"{url}?district={GAYA}").data.decode("utf-8")
    assert "Didi amas" in gaya and "Didi bihta" not in gaya
    assert client.get(f"{url}?district={GAYA}&block={BIHTA}").status_code == 403  # Bihta is not in Gaya


def test_listings_filters_sorting_and_codes(client, runtime, data):
    as_(client, runtime, data, "block")
    onions = client.get("/dashboard/listings?product=onion")
    assert "Onion" in onions.text and "Potato</td>" not in onions.text and "1 rows" in onions.text
    sold = client.get("/dashboard/listings?status=sold")
    assert "1 rows" in sold.text and ">sold<" in sold.text and f">L-{data['bihta'] + 1}<" in sold.text
    by_quantity = client.get("/dashboard/listings?sort=quantity&dir=asc").text
    assert by_quantity.index("100 kg") < by_quantity.index("200 kg") < by_quantity.index("500 kg")
    assert client.get("/dashboard/listings?sort=quantity&dir=desc").text.index("500 kg") < \
        client.get("/dashboard/listings?sort=quantity&dir=desc").text.index("100 kg")
    export = rows(client.get("/dashboard/listings.csv?product=potato&sort=quantity&dir=asc"))
    assert export[0][0] == "Code" and [r[2] for r in export[1:]] == ["200 kg", "500 kg"]
    assert export[1][0].startswith("L-")


def test_demand_and_groups_tables(client, runtime, data):
    as_(client, runtime, data, "district")
    demand = client.get("/dashboard/demand?status=open")
    assert f"D-{data['demand_bihta']}" in demand.text and "Buyer athamalgola" in demand.text
    assert "2 rows" in client.get("/dashboard/demand").text
    assert "0 rows" in client.get("/dashboard/demand?status=closed").text
    groups = rows(client.get("/dashboard/groups.csv"))
    assert sorted(r[1] for r in groups[1:]) == ["Group athamalgola", "Group bihta"]
    assert "0 rows" in client.get("/dashboard/groups?status=removed").text


def test_paging_keeps_the_filters(client, runtime, data):
    now = utcnow()
    with runtime.db.session() as session:
        didi = session.query(User).filter_by(address="didi-bihta").one()
        for i in range(PAGE_SIZE + 5):
            session.add(Listing(user_id=didi.id, product="makhana", quantity=Decimal(i + 1), unit="kg",
                                price=Decimal(700), district_code=PATNA, block_code=BIHTA,
                                created_at=now - timedelta(minutes=i), expires_at=now + timedelta(days=5)))
    as_(client, runtime, data, "block")
    first = client.get("/dashboard/listings?product=makhana")
    assert f"{PAGE_SIZE + 5} rows" in first.text and "Page 1 of 2" in first.text
    assert first.text.count("<tr>") == PAGE_SIZE + 1  # the heading and one page of rows
    assert 'href="/dashboard/listings?product=makhana&amp;page=2"' in first.text
    second = client.get("/dashboard/listings?product=makhana&page=2")
    assert second.text.count("<tr>") == 6 and "Page 2 of 2" in second.text
    assert len(rows(client.get("/dashboard/listings.csv?product=makhana"))) == PAGE_SIZE + 6  # CSV: every row


def test_phones_are_masked_everywhere(client, runtime, data):
    as_(client, runtime, data, "admin")
    for url in PAGES + EXPORTS + OTHERS:
        body = client.get(url).data.decode("utf-8")
        assert "9812345678" not in body and "9800011122" not in body and "12345678" not in body, url
    assert "••••••5678" in client.get("/dashboard/listings").text


def test_csv_is_excel_ready_in_the_page_language(client, runtime, data):
    with runtime.db.session() as session:
        session.query(User).filter_by(address="didi-bihta").update({"name": "=HYPERLINK(\"http://x\")"})
        hindi = staff(session, "हिन्दी BPM", lang="hi", address="hi-bpm").id
    sign_in(client, runtime, hindi)
    export = client.get("/dashboard/listings.csv?product=onion")
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in export.headers["Content-Disposition"]
    assert export.data.startswith("\ufeff".encode("utf-8"))
    table = rows(export)
    assert table[0][:3] == ["कोड", "उत्पाद", "मात्रा"] and table[1][1] == "प्याज"
    assert table[1][6].startswith("'=HYPERLINK")  # a formula typed as a name stays text in Excel


@pytest.mark.parametrize("query", ["product=unobtainium", "block=abc", "from=2026-13-01", "sort=phone",
                                   "status=stolen", "dir=sideways", "page=99999999999", "from=2026-01-01&to=2025-01-01"])
def test_bad_filters_get_a_polite_400(client, runtime, data, query):
    as_(client, runtime, data, "block")
    for url in ("/dashboard/listings", "/dashboard/listings.csv", "/dashboard/"):
        got = client.get(f"{url}?{query}")
        if url == "/dashboard/" and query.split("=")[0] in ("product", "sort", "status", "dir"):
            continue  # the overview has no such filter and ignores it
        assert got.status_code == 400, (url, query)
        assert "could not be read" in got.text


def test_pages_are_small_and_need_nothing_from_elsewhere(client, runtime, data):
    as_(client, runtime, data, "admin")
    for url in PAGES + [u for u in OTHERS if not u.endswith(".csv")]:
        page = client.get(url)
        assert len(page.data) < 300_000, url
        assert "http://" not in page.text.replace('http://x', '') and "https://" not in page.text, url
        assert "<script" not in page.text  # tables, filters and charts work without JavaScript
    css = client.get("/dashboard/static/dashboard.css")
    assert css.status_code == 200 and len(css.data) < 20_000


def test_not_signed_in_sees_no_page_or_export(client, data):
    for url in PAGES + EXPORTS + OTHERS:
        got = client.get(url)
        assert got.status_code == 401 and "Didi bihta" not in got.text and "Group bihta" not in got.text, url
        assert "साइन इन करें" in got.text and "Please sign in" in got.text  # both languages before signing in


def test_the_weekly_trend_adds_up_to_the_period(runtime, data):
    from zoneinfo import ZoneInfo

    from bot.dashboard import stats
    from bot.dashboard.area import Area
    from bot.dashboard.filters import period

    today = utcnow().astimezone(ZoneInfo("Asia/Kolkata")).date()
    with runtime.db.sessions() as session:
        month = stats.overview(session, Area(PATNA, BIHTA), period({}, today, "Asia/Kolkata"))
    listings = [n for _, n, _ in month.weeks]
    demand = [d for _, _, d in month.weeks]
    assert sum(listings) == month.total.counts["listings_new"] == 3 and sum(demand) == 1
    assert listings[-1] == 2 and listings[-2] == 1  # onion and potato this week, the sold potato 10 days ago
    assert month.weeks[-1][0] == (today - timedelta(days=6)).isoformat()
    assert month.top_listed == [("potato", 2), ("onion", 1)] and month.top_demanded == [("potato", 1)]
