"""Signing in to the staff dashboard from the chat: a one-time link for staff only, a session
cookie for a working day, sign-out, and no way in for someone who is no longer staff."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.app import create_app
from bot.dashboard import links
from bot.runtime import Runtime
from models import DashboardLink, User, utcnow
from tests.conftest import Chat
from tests.dashboard_data import BIHTA, PATNA, seed, sign_in, staff

@pytest.fixture
def settings(settings):
    """A configured SECRET_KEY, as in production (the last tests take it away again)."""
    return replace(settings, secret_key="dashboard-test-" + "k" * 40)


LINK = re.compile(r"(https?://\S+/dashboard/signin/(\S+))")


def link_in(text: str) -> tuple[str, str]:
    found = LINK.search(text)
    assert found, text
    return found.group(1), found.group(2)


def test_staff_types_dashboard_and_signs_in_once_from_the_link(client, runtime):
    with runtime.db.session() as session:
        staff(session, "Alok BPM", address="bpm")
        seed(session)
    bpm = Chat(client, "bpm")
    url, token = link_in(bpm.say("dashboard")[0]["text"])
    assert url.startswith("http://localhost/dashboard/signin/") and "15" in bpm.text

    page = client.get(url)
    assert page.status_code == 200 and "Sign in" in page.text and 'method="post"' in page.text
    assert client.get("/dashboard/").status_code == 401  # opening the link alone signs nobody in
    done = client.post(url)
    assert done.status_code == 303 and done.headers["Location"].endswith("/dashboard/")
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    overview = client.get("/dashboard/")
    assert overview.status_code == 200 and "Bihta, Patna" in overview.text and "Alok BPM" in overview.text

    assert client.post(url).status_code == 410  # usable once
    assert "has been used or has expired" in client.get(url).text
    with runtime.db.sessions() as session:
        stored = session.scalars(select(DashboardLink.token_hash)).all()
    assert stored and token not in stored and all(len(h) == 64 for h in stored)  # only a hash is kept


def test_hindi_staff_taps_the_menu_item_and_gets_a_link(client, runtime):
    with runtime.db.session() as session:
        staff(session, "आलोक", address="bpm-hi", lang="hi")
    bpm = Chat(client, "bpm-hi")
    bpm.say("menu")
    assert "डैशबोर्ड (वेब)" in bpm.options()
    bpm.tap("डैशबोर्ड")
    assert "साइन-इन लिंक" in bpm.text
    link_in(bpm.text)
    bpm.say("डैशबोर्ड")
    link_in(bpm.text)


def test_a_didi_gets_no_link_and_no_menu_item(client, runtime):
    with runtime.db.session() as session:
        session.add(User(channel="simulator", address="didi1", name="Kamla", role="didi", language="en",
                         district_code=PATNA, block_code=BIHTA, onboarded=True))
    didi = Chat(client, "didi1")
    didi.say("menu")
    assert not any("Dashboard" in label for label in didi.options())
    didi.say("dashboard")
    assert "for JEEViKA block and district staff" in didi.text and "/dashboard/signin/" not in didi.text
    with runtime.db.sessions() as session:
        assert session.scalars(select(DashboardLink)).all() == []


def test_the_link_uses_public_base_url_when_set(client, runtime):
    runtime.settings = replace(runtime.settings, public_base_url="https://haat.example.org")
    with runtime.db.session() as session:
        staff(session, "Alok BPM", address="bpm")
    url, _ = link_in(Chat(client, "bpm").say("dashboard")[0]["text"])
    assert url.startswith("https://haat.example.org/dashboard/signin/")


def test_an_expired_link_is_refused(client, runtime):
    with runtime.db.session() as session:
        user = staff(session, "Alok BPM")
        token = links.issue(session, user, utcnow() - timedelta(minutes=16))
    assert client.get(f"/dashboard/signin/{token}").status_code == 410
    assert client.post(f"/dashboard/signin/{token}").status_code == 410
    assert client.get("/dashboard/").status_code == 401
    assert client.post("/dashboard/signin/not-a-token").status_code == 410
    assert client.post("/dashboard/signin/" + "x" * 500).status_code == 410


def test_someone_no_longer_staff_is_refused_links_and_sessions(client, runtime):
    with runtime.db.session() as session:
        user = staff(session, "Alok BPM")
        spare = links.issue(session, user, utcnow())
        uid = user.id
    sign_in(client, runtime, uid)
    assert client.get("/dashboard/listings").status_code == 200
    with runtime.db.session() as session:
        session.execute(update(User).where(User.id == uid).values(role="didi"))
    refused = client.get("/dashboard/listings")
    assert refused.status_code == 401 and "no longer staff" in refused.text
    assert client.post(f"/dashboard/signin/{spare}").status_code == 410
    with runtime.db.session() as session:
        session.execute(update(User).where(User.id == uid).values(role="staff"))
    assert client.get("/dashboard/").status_code == 401  # the session was ended, not paused


def test_sign_out_ends_the_session(client, runtime):
    with runtime.db.session() as session:
        uid = staff(session, "Alok BPM").id
    sign_in(client, runtime, uid)
    assert client.get("/dashboard/").status_code == 200
    out = client.post("/dashboard/signout")
    assert out.status_code == 200 and "signed out" in out.text
    assert client.get("/dashboard/").status_code == 401
    assert client.get("/dashboard/listings.csv").status_code == 401


def test_the_session_lasts_a_working_day(client, runtime):
    with runtime.db.session() as session:
        uid = staff(session, "Alok BPM").id
    done = sign_in(client, runtime, uid)
    expires = re.search(r"Expires=([^;]+)", done.headers["Set-Cookie"]).group(1)
    from email.utils import parsedate_to_datetime

    left = parsedate_to_datetime(expires) - utcnow()
    assert timedelta(hours=9, minutes=55) < left <= timedelta(hours=10)
    assert client.application.permanent_session_lifetime == timedelta(hours=10)  # also checked when read


def test_language_follows_the_user_and_switches_on_the_page(client, runtime):
    with runtime.db.session() as session:
        uid = staff(session, "आलोक", lang="hi").id
    sign_in(client, runtime, uid)
    assert "बिक्री सूची" in client.get("/dashboard/listings").text
    switched = client.get("/dashboard/language/en?next=/dashboard/listings?status=sold")
    assert switched.status_code == 303 and switched.headers["Location"] == "/dashboard/listings?status=sold"
    page = client.get("/dashboard/listings?status=sold")
    assert "Listings" in page.text and "बिक्री सूची" not in page.text
    away = client.get("/dashboard/language/hi?next=https://evil.example/")
    assert away.headers["Location"] == "/dashboard/"
    assert client.get("/dashboard/language/fr").status_code == 400


def test_without_secret_key_serve_signs_in_with_a_process_key_and_plain_cookie(settings):
    dev = Runtime.build(replace(settings, secret_key="", simulator_enabled=True))
    try:
        app = create_app(rt=dev)
        assert app.secret_key and app.config["SESSION_COOKIE_SECURE"] is False
        client = app.test_client()
        with dev.db.session() as session:
            uid = staff(session, "Alok BPM").id
        done = sign_in(client, dev, uid)
        assert done.status_code == 303 and "Secure" not in done.headers["Set-Cookie"]
        assert client.get("/dashboard/").status_code == 200
    finally:
        dev.close()


def test_without_secret_key_or_simulator_nobody_can_sign_in(settings):
    prod = Runtime.build(replace(settings, secret_key="", simulator_enabled=False))
    try:
        client = create_app(rt=prod).test_client()
        with prod.db.session() as session:
            token = links.issue(session, staff(session, "Alok BPM"), utcnow())
        refused = client.post(f"/dashboard/signin/{token}")
        assert refused.status_code == 503 and "SECRET_KEY" in refused.text
    finally:
        prod.close()
