"""The dashboard's events (with registrations) and prices (with haat reports approved in one
click): each staff member sees and decides only their area's, whatever the URL or form says."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Event, EventInvite, OutboxMessage, PriceReport, User, utcnow
from tests.dashboard_data import AMAS, ATHAMALGOLA, BIHTA, GAYA, PATNA, seed, sign_in, staff


@pytest.fixture
def settings(settings):
    return replace(settings, secret_key="dashboard-test-" + "k" * 40)


def _event(session, title: str, district: int, block: int | None, days: int = 5) -> Event:
    event = Event(title=title, kind="samagam", starts_at=utcnow() + timedelta(days=days), district_code=district,
                  block_code=block, venue="Panchayat bhawan", area="block" if block else "district",
                  area_codes=[block or district], audience="didis", registration=True)
    session.add(event)
    session.flush()
    return event


def _report(session, product: str, district: int, block: int | None, *, status: str = "approved",
            source: str = "haat", reporter: User | None = None, price: int = 18) -> PriceReport:
    report = PriceReport(source=source, market_key=f"haat:{block}", product=product, unit="kg", state="Bihar",
                         district_code=district, district_name="", block_code=block,
                         market="Bihta haat" if block == BIHTA else "Mandi", commodity=product,
                         arrival_date=utcnow().date(), min_price=Decimal(price), max_price=Decimal(price),
                         modal_price=Decimal(price), status=status, reporter_id=reporter.id if reporter else None,
                         reporter_role="didi" if reporter else None)
    session.add(report)
    session.flush()
    return report


@pytest.fixture
def data(runtime):
    with runtime.db.session() as session:
        ids = seed(session)
        ids["block"] = staff(session, "Block BPM").id
        ids["other_block"] = staff(session, "Other BPM", block=ATHAMALGOLA, address="other-bpm").id
        ids["district"] = staff(session, "District DPM", block=None).id
        ids["gaya"] = staff(session, "Gaya DPM", district=GAYA, block=None, address="gaya-dpm").id
        ids["admin"] = staff(session, "State Admin", role="admin", block=None).id
        didis = {u.address: u for u in session.scalars(select(User).where(User.role == "didi"))}
        bihta = _event(session, "Bihta samagam", PATNA, BIHTA)
        ids["event_bihta"] = bihta.id
        ids["event_amas"] = _event(session, "Amas mela", GAYA, AMAS).id
        session.add_all([
            EventInvite(event_id=bihta.id, user_id=didis["didi-bihta"].id, answer="yes", answered_at=utcnow(),
                        invited_at=utcnow()),
            EventInvite(event_id=bihta.id, user_id=didis["old-bihta"].id, answer="no", answered_at=utcnow(),
                        invited_at=utcnow()),
            EventInvite(event_id=bihta.id, user_id=didis["didi-athamalgola"].id, invited_at=utcnow()),
        ])
        ids["pending_bihta"] = _report(session, "tomato", PATNA, BIHTA, status="pending",
                                       reporter=didis["didi-bihta"]).id
        ids["pending_athamalgola"] = _report(session, "brinjal", PATNA, ATHAMALGOLA, status="pending",
                                             reporter=didis["didi-athamalgola"]).id
        ids["pending_amas"] = _report(session, "okra", GAYA, AMAS, status="pending", reporter=didis["didi-amas"]).id
        ids["mandi_patna"] = _report(session, "wheat", PATNA, None, source="agmarknet", price=24).id
    return ids


def csv_rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert response.status_code == 200 and text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- events ---------------------------------------------------------------------------------
@pytest.mark.parametrize("who, sees", [("block", {"Bihta samagam"}), ("other_block", set()),
                                       ("district", {"Bihta samagam"}), ("gaya", {"Amas mela"}),
                                       ("admin", {"Bihta samagam", "Amas mela"})])
def test_events_of_the_area_only(client, runtime, data, who, sees):
    sign_in(client, runtime, data[who])
    page = client.get("/dashboard/events")
    assert page.status_code == 200
    for title in ("Bihta samagam", "Amas mela"):
        assert (title in page.text) == (title in sees), title
        assert (title in client.get("/dashboard/events.csv").data.decode("utf-8")) == (title in sees)
    for key, title in (("event_bihta", "Bihta samagam"), ("event_amas", "Amas mela")):
        for url in (f"/dashboard/events/{data[key]}", f"/dashboard/events/{data[key]}.csv"):
            assert client.get(url).status_code == (200 if title in sees else 404), url


def test_event_registrations_counted_and_listed(client, runtime, data):
    sign_in(client, runtime, data["district"])
    listed = client.get("/dashboard/events").text
    row = listed.split(f">E-{data['event_bihta']}<")[1].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", row) == ["3", "1", "1", "1"]  # invited, coming, not coming, no answer
    page = client.get(f"/dashboard/events/{data['event_bihta']}")
    assert 'data-testid="answer-yes">1<' in page.text and 'data-testid="answer-none">1<' in page.text
    assert "Didi bihta" in page.text and "••••••5678" in page.text and "9812345678" not in page.text
    lines = csv_rows(client.get(f"/dashboard/events/{data['event_bihta']}.csv"))
    assert lines[0] == ["Recipient", "Phone", "Block", "Answer", "Answered"]
    assert [line[3] for line in lines[1:]] == ["not coming", "coming", "no answer"]


def test_events_filters_and_bad_values(client, runtime, data):
    sign_in(client, runtime, data["admin"])
    assert "Amas mela" not in client.get(f"/dashboard/events?district={PATNA}").text
    assert "Bihta samagam" not in client.get("/dashboard/events?status=cancelled").text
    assert client.get("/dashboard/events?status=maybe").status_code == 400
    sorted_page = client.get("/dashboard/events?sort=yes&dir=desc")
    assert sorted_page.status_code == 200
    sign_in(client, runtime, data["block"])
    assert client.get(f"/dashboard/events?block={AMAS}").status_code == 403


# --- prices ---------------------------------------------------------------------------------
def test_prices_of_the_area_with_the_districts_mandis(client, runtime, data):
    sign_in(client, runtime, data["block"])
    page = client.get("/dashboard/prices").text.split('data-testid="rows"')[1]  # the table, not the filter's list
    assert "Tomato" in page and "Wheat" in page  # her block's haat report and her district's mandi
    assert "Brinjal" not in page and "Okra" not in page
    assert "₹18/kg" in page and "waiting for approval" in page
    lines = csv_rows(client.get("/dashboard/prices.csv"))
    assert {line[1] for line in lines[1:]} == {"Tomato", "Wheat"}
    assert "Action" not in lines[0]  # the button is the page's, not the spreadsheet's
    pending = client.get("/dashboard/prices?status=pending").text.split('data-testid="rows"')[1]
    assert "Wheat" not in pending and f'data-testid="approve-{data["pending_bihta"]}"' in pending


def _token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/dashboard/notices/new").text).group(1)  # one per session


def test_a_haat_report_is_approved_in_one_click(client, runtime, data):
    sign_in(client, runtime, data["block"])
    report_id = data["pending_bihta"]
    done = client.post(f"/dashboard/prices/{report_id}/decide?status=pending",
                       data={"csrf_token": _token(client), "decision": "approve"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/dashboard/prices?status=pending")
    with runtime.db.sessions() as session:
        report = session.get(PriceReport, report_id)
        assert (report.status, report.approved_by) == ("approved", data["block"])
        told = session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == report.reporter_id)).all()
    assert ["आपका हाट भाव अब सबको दिख रहा है" in m.payload["text"] for m in told] == [True]  # the didi is told
    again = client.post(f"/dashboard/prices/{report_id}/decide", data={"csrf_token": _token(client),
                                                                       "decision": "reject"})
    assert again.status_code == 404  # decided already
    assert f'data-testid="approve-{report_id}"' not in client.get("/dashboard/prices").text


@pytest.mark.parametrize("who, report, allowed", [("block", "pending_athamalgola", False),
                                                  ("block", "pending_amas", False),
                                                  ("other_block", "pending_bihta", False),
                                                  ("district", "pending_athamalgola", True),
                                                  ("gaya", "pending_bihta", False),
                                                  ("admin", "pending_amas", True),
                                                  ("district", "mandi_patna", False)])
def test_only_staff_of_the_reports_area_decide_it(client, runtime, data, who, report, allowed):
    sign_in(client, runtime, data[who])
    got = client.post(f"/dashboard/prices/{data[report]}/decide", data={"csrf_token": _token(client),
                                                                        "decision": "reject"})
    assert got.status_code == (303 if allowed else 404)
    with runtime.db.sessions() as session:
        status = session.get(PriceReport, data[report]).status
    assert status == ("rejected" if allowed else ("approved" if report == "mandi_patna" else "pending"))


def test_deciding_needs_the_csrf_token_and_a_known_decision(client, runtime, data):
    sign_in(client, runtime, data["block"])
    url = f"/dashboard/prices/{data['pending_bihta']}/decide"
    assert client.post(url, data={"decision": "approve"}).status_code == 400
    assert client.post(url, data={"csrf_token": _token(client), "decision": "maybe"}).status_code == 400
    assert client.get(url).status_code == 405
    with runtime.db.sessions() as session:
        assert session.get(PriceReport, data["pending_bihta"]).status == "pending"
