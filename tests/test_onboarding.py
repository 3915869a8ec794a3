"""Onboarding through the simulator API, in Hindi and in English, with the mistakes people make."""
from __future__ import annotations

from sqlalchemy import select

from bot import places
from models import User


def stored(runtime, address: str) -> User:
    with runtime.db.sessions() as session:
        return session.scalar(select(User).where(User.address == address))


def test_didi_registers_in_hindi(chat, runtime):
    didi = chat("didi1", phone="+919812345678")
    didi.say("नमस्ते")
    assert "भाषा चुनें" in didi.text and didi.options() == ["हिन्दी", "English", "निजता सूचना पढ़ें / Privacy"]
    didi.tap("हिन्दी")
    assert "आप कौन हैं?" in didi.text
    didi.say("1")  # typing the option's number works like tapping it
    assert "नाम" in didi.text
    didi.say("सुनीता देवी")
    assert "ज़िला" in didi.text
    didi.say("पटना")
    assert "पटना में आपका प्रखंड" in didi.text
    assert "बिहटा" in didi.options()
    didi.tap("बिहटा")
    assert "स्वयं सहायता समूह" in didi.text
    didi.say("लक्ष्मी जीविका समूह")
    assert "धन्यवाद सुनीता देवी दीदी" in didi.text
    assert "बेचना है" in didi.options() and "मंडी भाव" in didi.options()

    user = stored(runtime, "didi1")
    bihta = places.find_block(212, "Bihta")
    assert (user.role, user.language, user.name) == ("didi", "hi", "सुनीता देवी")
    assert (user.district_code, user.block_code) == (212, bihta.code)
    assert user.shg_name == "लक्ष्मी जीविका समूह" and user.phone == "+919812345678" and user.onboarded


def test_buyer_registers_in_english_with_misspellings_and_bad_answers(chat, runtime):
    buyer = chat("buyer1")
    buyer.say("hello")
    buyer.tap("English")
    assert "Who are you?" in buyer.text
    buyer.say("maybe")
    assert "Please send 1 or 2" in buyer.text and buyer.options()  # re-asked, with the choices again
    buyer.say("2")
    assert "type your name" in buyer.text
    buyer.say("12345")
    assert "no digits" in buyer.text
    buyer.say("Ravi Traders")
    assert "Which is your district?" in buyer.text
    buyer.say("Muzafarpur")  # misspelt
    assert "Which is your block in Muzaffarpur?" in buyer.text
    buyer.say("nowhere-block")
    assert "That block was not found" in buyer.text and "Kanti" in buyer.options()
    buyer.say("kanti")
    assert "Thank you, Ravi Traders!" in buyer.text  # buyers are not asked for an SHG
    assert "Buy" in buyer.options() and "Sell" not in buyer.options()

    user = stored(runtime, "buyer1")
    assert (user.role, user.language, user.name, user.district_code) == ("buyer", "en", "Ravi Traders", 208)
    assert places.block_by_code(user.block_code).name_en == "Kanti"
    assert user.shg_name is None


def test_district_by_headquarters_town_and_did_you_mean(chat, runtime):
    didi = chat("didi2")
    didi.say("hi")
    didi.tap("English")
    didi.tap("Didi")
    didi.say("Meena")
    didi.say("Motihari")  # the town people say, for Purbi Champaran
    assert "Purbi Champaran" in didi.text

    other = chat("didi3")
    other.say("hi")
    other.tap("English")
    other.tap("Didi")
    other.say("Rekha")
    other.say("xyzzy")
    assert "not found" in other.text
    assert stored(runtime, "didi3").name == "Rekha"  # what she typed before is kept


def test_a_break_in_onboarding_resumes_where_it_stopped(chat, runtime, app):
    didi = chat("didi4")
    didi.say("hi")
    didi.tap("हिन्दी")
    didi.tap("दीदी")
    didi.say("मदद")  # help always works (a newcomer's: what registering is), then the same question comes back
    assert "पंजीकरण चल रहा है" in didi.text and "नाम" in didi.last[-1]["text"]
    didi.say("गीता")
    assert "ज़िला" in didi.text


def test_unknown_text_after_onboarding_gets_help_and_menu(chat):
    didi = registered(chat, "didi5")
    didi.say("asdf qwerty")
    assert "समझ नहीं आया" in didi.text
    assert "बेचना है" in didi.options()


def test_profile_shows_and_changes_language(chat, runtime):
    didi = registered(chat, "didi6")
    didi.tap("मेरी जानकारी")
    assert "👤 कमला" in didi.text and "बिहटा, पटना" in didi.text
    didi.tap("भाषा")
    didi.tap("English")
    assert "we will talk in English" in didi.text and "Sell" in didi.options()
    assert stored(runtime, "didi6").language == "en"


def test_profile_change_of_place(chat, runtime):
    didi = registered(chat, "didi7")
    didi.tap("मेरी जानकारी")
    didi.tap("ज़िला / प्रखंड")
    didi.say("gaya")
    didi.say("bodh gaya")
    assert "बदलाव सेव हो गया" in didi.text
    user = stored(runtime, "didi7")
    assert user.district_code == 196 and places.block_by_code(user.block_code).name_en == "Bodhgaya"


def registered(chat, user: str, *, lang: str = "हिन्दी", role: str = "दीदी", name: str = "कमला",
               phone: str | None = None):
    """A didi (or buyer) from Bihta, Patna who has finished onboarding."""
    c = chat(user, phone)
    c.say("hi")
    c.tap(lang)
    c.tap(role)
    c.say(name)
    c.say("patna")
    c.say("bihta")
    if role == "दीदी":
        c.say("जय माँ समूह")
    return c
