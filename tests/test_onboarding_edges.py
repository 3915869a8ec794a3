"""Registration when people do the unexpected: "/start" again, a district picked from the list,
a forged button, a voice note, and a typed phone that tries to claim a staff enrolment."""
from __future__ import annotations

from sqlalchemy import select

from models import User
from tests.live import tg_post, tg_texts, tg_update
from tests.test_onboarding import registered
from tests.test_restart_and_cli import run_cli


def test_start_again_mid_registration_repeats_the_question_and_is_not_a_name(chat):
    didi = chat("didi1")
    didi.say("namaste")
    didi.tap("हिन्दी")
    didi.tap("दीदी")
    assert "अपना नाम लिखें" in didi.text
    didi.say("/start")
    assert "अपना नाम लिखें" in didi.text
    didi.say("/start ref42")
    assert "अपना नाम लिखें" in didi.text
    didi.say("सुनीता")
    assert "आपका ज़िला कौन सा है" in didi.text


def test_a_district_can_be_picked_from_the_list(chat, runtime):
    didi = chat("didi1")
    didi.say("namaste")
    didi.tap("English")
    didi.tap("Didi")
    didi.say("Sunita")
    assert didi.options() == ["Pick from the list"]
    didi.say("1")
    assert "Pick your district" in didi.text and len(didi.options()) == 38
    didi.say(str(didi.options().index("Patna") + 1))
    assert "Which is your block in Patna?" in didi.text


def test_a_forged_district_or_block_button_is_asked_again(chat):
    didi = chat("didi1")
    didi.say("namaste")
    didi.tap("English")
    didi.tap("Didi")
    didi.say("Sunita")
    didi.say(button="district:abc")
    assert "That district was not found" in didi.text
    didi.say("Patna")
    didi.say(button="block:../../x")
    assert "Which is your block in Patna?" in didi.text


def test_a_voice_note_is_asked_to_be_typed_and_the_question_repeated(live, standins):
    rt, client = live
    tg, _ = standins
    tg_post(client, tg_update(text="/start"))
    voice = tg_update(text="hello")
    del voice["message"]["text"]
    voice["message"]["voice"] = {"file_id": "AwACAgIAAxkBAAIBVoice", "file_unique_id": "AgADVoice", "duration": 4,
                                 "mime_type": "audio/ogg"}
    assert tg_post(client, voice).status_code == 200
    rt.dispatcher.run_once()
    assert "कृपया लिखकर भेजें" in tg_texts(tg)[-2] and "भाषा चुनें" in tg_texts(tg)[-1]


def test_a_typed_phone_cannot_claim_a_staff_enrolment(live, standins):
    rt, client = live
    steps = [tg_update(text="/start"), tg_update("button", data="lang:en"), tg_update("button", data="role:buyer"),
             tg_update(text="Mallory"), tg_update(text="Patna"), tg_update(text="Bihta"), tg_update(text="98765 00000")]
    for step in steps:
        assert tg_post(client, step).status_code == 200
    done = run_cli("staff", "add", "--phone", "9876500000", "--district", "Patna", "--name", "Real BPM",
                   database_url=rt.settings.database_url)
    assert done.returncode == 0, done.stderr
    with rt.db.sessions() as session:
        mallory = session.scalar(select(User).where(User.address == "1111111"))
        enrolled = session.scalar(select(User).where(User.name == "Real BPM"))
    assert (mallory.role, mallory.phone, mallory.phone_verified) == ("buyer", "+919876500000", False)
    assert enrolled.id != mallory.id and enrolled.role == "staff" and enrolled.address is None


def test_a_bug_in_a_handler_is_an_apology_in_her_language_not_a_500(chat, monkeypatch):
    from handlers import menu

    buyer = registered(chat, "buyer1", lang="English", role="Buyer", name="Ravi")

    def broken(ctx):
        raise RuntimeError("a bug")

    monkeypatch.setattr(menu, "show", broken)  # fault injection: the safety net under test
    buyer.say("menu")
    assert buyer.text.startswith("Sorry, something went wrong")
