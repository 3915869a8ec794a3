"""The dashboard's notices: composing one with the chat's rules (area checked on the server,
forged values refused, CSRF), its preview count and schedule, then its delivery report, failed
recipients and CSV, seen only by staff whose area holds its recipients."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest
from sqlalchemy import func, select, update

from bot.notices import sweep
from models import GroupChat, Notice, NoticeStatus, OutboxMessage, OutboxStatus, User
from tests.dashboard_data import AMAS, ATHAMALGOLA, BIHTA, GAYA, PATNA, seed, sign_in, staff
from tests.notice_helpers import no_quiet_hours, quiet_now


@pytest.fixture
def settings(settings):
    return replace(settings, secret_key="dashboard-test-" + "k" * 40)


@pytest.fixture
def data(runtime):
    no_quiet_hours(runtime)
    with runtime.db.session() as session:
        ids = seed(session)
        ids["block"] = staff(session, "Block BPM").id
        ids["other_block"] = staff(session, "Other BPM", block=ATHAMALGOLA, address="other-bpm").id
        ids["district"] = staff(session, "District DPM", block=None).id
        ids["gaya"] = staff(session, "Gaya DPM", district=GAYA, block=None, address="gaya-dpm").id
        ids["admin"] = staff(session, "State Admin", role="admin", block=None).id
    return ids


def token(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def compose(client, **fields):
    """Fill in the form as a person would: open it, take its token, post it."""
    form = client.get("/dashboard/notices/new")
    assert form.status_code == 200
    values = {"csrf_token": token(form), "text_hi": "कल बिहटा में हाट लगेगा", "audience": "didis", "area": f"block:{BIHTA}"}
    values.update(fields)
    return client.post("/dashboard/notices/new", data={k: v for k, v in values.items() if v is not None})


def notices(runtime) -> list[Notice]:
    with runtime.db.sessions() as session:
        return list(session.scalars(select(Notice).order_by(Notice.id)))


def send_now(client, notice_id: int, **fields):
    preview = client.get(f"/dashboard/notices/{notice_id}/preview")
    return client.post(f"/dashboard/notices/{notice_id}/schedule",
                       data={"csrf_token": token(preview), "when": "now", **fields})


def test_block_staff_compose_preview_and_send(client, runtime, data):
    with runtime.db.session() as session:
        session.execute(update(GroupChat).values(audience="didis"))  # registered for didis
    sign_in(client, runtime, data["block"])
    made = compose(client, text_en="Haat in Bihta tomorrow", audience="both", groups="1")
    assert made.status_code == 303
    (notice,) = notices(runtime)
    assert (notice.status, notice.area, notice.area_codes, notice.audience, notice.include_groups) == (
        NoticeStatus.DRAFT, "block", [BIHTA], "both", True)
    preview = client.get(made.headers["Location"])
    assert "कल बिहटा में हाट लगेगा" in preview.text and "Bihta" in preview.text
    count = preview.text.split('data-testid="count"')[1].split("</ul>")[0]
    # Bihta's two didis and one buyer, all on the simulator, and its one group
    assert "It will reach 3 people (Simulator 3) and 1 group(s)." in count
    sent = send_now(client, notice.id)
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/dashboard/notices/{notice.id}")
    assert notices(runtime)[0].status == NoticeStatus.SCHEDULED
    sweep.start_due(runtime)  # the scheduler's job: the notice's rows are made
    with runtime.db.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.notice_id == notice.id)) == 4
    page = client.get(f"/dashboard/notices/{notice.id}")
    assert page.status_code == 200 and 'data-testid="total">4<' in page.text


def test_preview_counts_people_needing_a_template(client, runtime, data):
    with runtime.db.session() as session:
        session.execute(update(User).where(User.block_code == BIHTA, User.role == "didi").values(channel="whatsapp"))
    sign_in(client, runtime, data["block"])
    preview = client.get(compose(client).headers["Location"])
    count = preview.text.split('data-testid="count"')[1].split("</ul>")[0]
    assert "WhatsApp 2" in count and "2 people have not written for 24 hours and no template is set" in count


@pytest.mark.parametrize("area", [f"block:{ATHAMALGOLA}", f"district:{PATNA}", f"district:{GAYA}", "bihar",
                                  "block:999999"])
def test_block_staff_cannot_send_outside_their_block(client, runtime, data, area):
    sign_in(client, runtime, data["block"])
    refused = compose(client, area=area)
    assert refused.status_code == 403 and "outside yours" in refused.text
    assert notices(runtime) == []


@pytest.mark.parametrize("field, value", [("area", "block:abc"), ("area", "village:1"), ("audience", "everyone"),
                                          ("product", "gold"), ("text_hi", "x"), ("text_hi", "١٢٣")])
def test_forged_or_bad_values_are_refused(client, runtime, data, field, value):
    sign_in(client, runtime, data["district"])
    refused = compose(client, **{field: value})
    assert refused.status_code == 400 and 'data-testid="error"' in refused.text
    assert notices(runtime) == []


def test_district_staff_may_send_to_a_block_of_their_district_only(client, runtime, data):
    sign_in(client, runtime, data["district"])
    assert compose(client, area=f"block:{ATHAMALGOLA}").status_code == 303
    assert compose(client, area=f"district:{PATNA}").status_code == 303
    assert compose(client, area=f"district:{GAYA}").status_code == 403
    assert compose(client, area=f"block:{AMAS}").status_code == 403  # a block of another district
    assert compose(client, area="bihar").status_code == 403
    assert [(n.area, n.area_codes) for n in notices(runtime)] == [("block", [ATHAMALGOLA]), ("district", [PATNA])]


def test_a_post_without_the_csrf_token_is_refused(client, runtime, data):
    sign_in(client, runtime, data["block"])
    forged = client.post("/dashboard/notices/new", data={"text_hi": "नकली सूचना", "audience": "didis",
                                                         "area": f"block:{BIHTA}"})
    assert forged.status_code == 400 and "form has expired" in forged.text and notices(runtime) == []
    notice_id = int(compose(client).headers["Location"].split("/")[-2])
    assert client.post(f"/dashboard/notices/{notice_id}/schedule", data={"when": "now"}).status_code == 400
    assert client.post(f"/dashboard/notices/{notice_id}/schedule",
                       data={"when": "now", "csrf_token": "x" * 40}).status_code == 400
    assert notices(runtime)[0].status == NoticeStatus.DRAFT


def test_a_night_time_is_asked_again_and_moved_to_the_morning(client, runtime, data):
    sign_in(client, runtime, data["block"])
    notice_id = int(compose(client).headers["Location"].split("/")[-2])
    morning = quiet_now(runtime)
    asked = send_now(client, notice_id)
    assert asked.status_code == 200 and 'data-testid="quiet"' in asked.text
    assert f"{morning:02d}:00" in asked.text and notices(runtime)[0].status == NoticeStatus.DRAFT
    at = re.search(r'name="when" value="(\d+)"', asked.text).group(1)
    moved = client.post(f"/dashboard/notices/{notice_id}/schedule",
                        data={"csrf_token": token(asked), "when": at, "night": "morning"})
    assert moved.status_code == 303
    notice = notices(runtime)[0]
    assert notice.status == NoticeStatus.SCHEDULED
    assert notice.scheduled_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata")).hour == morning


def test_a_time_typed_or_picked_and_a_past_time(client, runtime, data):
    sign_in(client, runtime, data["block"])
    notice_id = int(compose(client).headers["Location"].split("/")[-2])
    past = send_now(client, notice_id, when="at", at="2020-01-01T10:00")
    assert past.status_code == 400 and "has passed" in past.text
    bad = send_now(client, notice_id, when="at", at="someday")
    assert bad.status_code == 400
    typed = send_now(client, notice_id, when="at", at="kal subah 10 baje")
    assert typed.status_code == 303
    notice = notices(runtime)[0]
    assert notice.status == NoticeStatus.SCHEDULED and notice.scheduled_at.astimezone(
        __import__("zoneinfo").ZoneInfo("Asia/Kolkata")).hour == 10
    page = client.get(f"/dashboard/notices/{notice_id}")
    stop = client.post(f"/dashboard/notices/{notice_id}/stop", data={"csrf_token": token(page)})
    assert stop.status_code == 303 and notices(runtime)[0].status == NoticeStatus.CANCELLED


def _sent_notice(client, runtime, data, who="block", area=f"block:{BIHTA}") -> int:
    sign_in(client, runtime, data[who])
    notice_id = int(compose(client, area=area, audience="both").headers["Location"].split("/")[-2])
    assert send_now(client, notice_id).status_code == 303
    sweep.start_due(runtime)
    with runtime.db.session() as session:
        rows = dict(session.execute(select(User.name, OutboxMessage.id).join(User, User.id == OutboxMessage.user_id)
                                    .where(OutboxMessage.notice_id == notice_id)).all())
        # what the sending layer leaves: one read, one not on WhatsApp, one still queued
        session.execute(update(OutboxMessage).where(OutboxMessage.id == rows["Buyer bihta"])
                        .values(status=OutboxStatus.READ))
        session.execute(update(OutboxMessage).where(OutboxMessage.id == rows["Didi bihta"]).values(
            status=OutboxStatus.FAILED, error="twilio 63003: not a WhatsApp number"))
    client.post("/dashboard/signout")
    return notice_id


def test_delivery_report_failed_recipients_and_csv(client, runtime, data):
    notice_id = _sent_notice(client, runtime, data)
    sign_in(client, runtime, data["district"])
    listed = client.get("/dashboard/notices")
    assert f">N-{notice_id}<" in listed.text
    page = client.get(f"/dashboard/notices/{notice_id}")
    assert 'data-testid="total">3<' in page.text and 'data-testid="read">1<' in page.text
    assert 'data-testid="queued">1<' in page.text and 'data-testid="failed">1<' in page.text
    failed = page.text.split('data-testid="failed-rows"')[1]
    assert "this number is not on WhatsApp" in failed and "Didi bihta" in failed
    assert "••••••5678" in failed and "9812345678" not in page.text
    got = client.get(f"/dashboard/notices/{notice_id}.csv")
    text = got.data.decode("utf-8")
    assert got.status_code == 200 and text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:])))
    assert lines[0][:3] == ["Recipient", "Name", "Phone"] and len(lines) == 4
    assert all("9812345678" not in cell for line in lines for cell in line)
    assert any(line[5] == "not_on_whatsapp" for line in lines[1:])
    listed_csv = list(csv.reader(io.StringIO(client.get("/dashboard/notices.csv").data.decode("utf-8")[1:])))
    assert listed_csv[1][0] == f"N-{notice_id}" and listed_csv[1][6:] == ["3", "1", "1", "1", "1", "1"]


@pytest.mark.parametrize("who, sees", [("block", True), ("other_block", False), ("district", True),
                                       ("gaya", False), ("admin", True)])
def test_a_notice_is_seen_only_by_staff_whose_area_holds_it(client, runtime, data, who, sees):
    notice_id = _sent_notice(client, runtime, data)
    sign_in(client, runtime, data[who])
    assert (f">N-{notice_id}<" in client.get("/dashboard/notices").text) is sees
    for url in (f"/dashboard/notices/{notice_id}", f"/dashboard/notices/{notice_id}.csv"):
        assert client.get(url).status_code == (200 if sees else 404), url
    assert (f"N-{notice_id}" in client.get("/dashboard/notices.csv").data.decode("utf-8")) is sees
    page = client.get("/dashboard/notices/new")
    stop = client.post(f"/dashboard/notices/{notice_id}/stop", data={"csrf_token": token(page)})
    assert stop.status_code == (303 if who == "block" else 404)  # only its author stops it


def test_a_district_notice_is_not_shown_to_block_staff(client, runtime, data):
    notice_id = _sent_notice(client, runtime, data, who="district", area=f"district:{PATNA}")
    sign_in(client, runtime, data["block"])
    assert client.get(f"/dashboard/notices/{notice_id}").status_code == 404
    sign_in(client, runtime, data["district"])
    assert client.get(f"/dashboard/notices/{notice_id}").status_code == 200


def test_notices_page_number_is_checked(client, runtime, data):
    sign_in(client, runtime, data["block"])
    assert client.get("/dashboard/notices?page=abc").status_code == 400
    assert client.get("/dashboard/notices?page=2").status_code == 200


def test_someone_elses_draft_cannot_be_previewed_or_sent(client, runtime, data):
    sign_in(client, runtime, data["block"])
    notice_id = int(compose(client).headers["Location"].split("/")[-2])
    client.post("/dashboard/signout")
    sign_in(client, runtime, data["district"])
    page = client.get("/dashboard/notices/new")
    assert client.get(f"/dashboard/notices/{notice_id}/preview").status_code == 404
    assert client.get(f"/dashboard/notices/new?draft={notice_id}").status_code == 404
    assert client.post(f"/dashboard/notices/{notice_id}/schedule",
                       data={"csrf_token": token(page), "when": "now"}).status_code == 404
    assert notices(runtime)[0].status == NoticeStatus.DRAFT


def test_an_admin_sends_to_several_districts_and_nobody_else_may(client, runtime, data):
    sign_in(client, runtime, data["admin"])
    form = client.get("/dashboard/notices/new")
    assert 'data-testid="districts"' in form.text and 'value="districts"' in form.text
    made = compose(client, area="districts", districts=[str(PATNA), str(GAYA)])
    assert made.status_code == 303
    (notice,) = notices(runtime)
    assert (notice.area, sorted(notice.area_codes)) == ("districts", sorted([PATNA, GAYA]))
    preview = client.get(made.headers["Location"])
    assert preview.status_code == 200 and "Patna" in preview.text and "Gaya" in preview.text
    assert compose(client, area="districts").status_code == 400  # none ticked
    assert compose(client, area="districts", districts=["99999"]).status_code == 403  # no such district
    assert compose(client, area="districts", districts=[str(PATNA), str(PATNA)]).status_code == 403
    client.get("/dashboard/logout")
    sign_in(client, runtime, data["district"])  # district staff: neither the choice nor a forged one
    assert 'data-testid="districts"' not in client.get("/dashboard/notices/new").text
    assert compose(client, area="districts", districts=[str(PATNA)]).status_code == 403
    assert len(notices(runtime)) == 1
