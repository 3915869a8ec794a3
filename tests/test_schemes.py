"""Scheme and loan questions through the simulator, in Hindi, Hinglish and English: the right
entries in a few lines, more details, and a handover to the block's staff with her consent."""
from __future__ import annotations

import textwrap
from datetime import date

import pytest

from bot import catalog, schemes
from tests.area_helpers import staff_member
from tests.test_market import buyer_in
from tests.test_onboarding import registered


@pytest.mark.parametrize("question, first", [
    ("mudra yojana", "मुद्रा"),
    ("मुद्रा लोन कैसे मिलेगा", "मुद्रा"),
    ("PMEGP ke bare me batao", "PMEGP"),
    ("pmegb loan", "PMEGP"),  # misspelt
    ("जीविका लोन चाहिए", "जीविका"),
    ("dairy loan chahiye", "जीविका"),
    ("food processing ki machine ke liye subsidy", "PMFME"),
    ("vishwakarma yojana", "विश्वकर्मा"),
])
def test_named_scheme_questions_get_that_scheme_first(chat, question, first):
    didi = registered(chat, "didi1", phone="+919811111111")
    didi.say(question)
    lines = didi.text.split("\n")
    assert lines[0] == "💰 आपके सवाल से जुड़ी योजना:"
    assert first in lines[1] and lines[1].startswith("1. ")
    assert 3 <= len(lines) <= 7  # one or two entries, three short lines each, under the heading
    assert didi.options() == ["और जानकारी", "स्टाफ़ से बात"]


def test_a_general_loan_question_gets_the_general_entries(chat):
    didi = registered(chat, "didi1")
    didi.say("loan kaise milega")
    assert "1. जीविका समूह ऋण" in didi.text and "2. प्रधानमंत्री मुद्रा योजना" in didi.text
    assert "समझ नहीं आया" not in didi.text
    didi.say("karja chahiye")
    assert "जीविका समूह ऋण" in didi.text


def test_machine_money_names_the_machine_schemes(chat):
    didi = registered(chat, "didi1")
    didi.say("machine ke liye paisa")
    assert "PMEGP" in didi.text and "नव प्रवर्तन" in didi.text


def test_english_buyer_question_in_english(chat):
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Is there a Mudra loan for my shop?")
    assert "Schemes for your question:" in buyer.text and "1. PM Mudra Yojana (PMMY)" in buyer.text
    assert "Shishu up to ₹50,000" in buyer.text
    buyer.tap("More details")
    assert "Apply:" in buyer.text and "Papers:" in buyer.text and "not confirmed" in buyer.text
    assert "Information checked on 01/12" in buyer.text


def test_a_listing_is_still_a_listing(chat):
    didi = registered(chat, "didi1")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    assert "मखाना · 50 किलो · ₹700/किलो" in didi.text


def test_staff_handover_with_consent_reaches_her_block_staff_only(chat, runtime):
    staff_member(runtime, "staff-bihta", phone="+919700000001")
    staff_member(runtime, "staff-patna", block=None, phone="+919700000002")  # district-level
    staff_member(runtime, "staff-other", district="Gaya", block="Bodhgaya", phone="+919700000003")
    didi = registered(chat, "didi1", phone="+919811111111")
    didi.say("mudra loan kaise milega")
    didi.say("2")  # स्टाफ़ से बात, by its number
    assert "क्या वे आपको फ़ोन कर सकते हैं" in didi.text and didi.options() == ["हाँ, नंबर दें", "नहीं"]
    didi.say("haan")
    assert "प्रखंड के स्टाफ़ (2) को भेज दिया" in didi.text
    told = chat("staff-bihta").inbox()[-1]["text"]
    assert "+919811111111" in told and "mudra loan kaise milega" in told and "मुद्रा" in told
    assert "+919811111111" in chat("staff-patna").inbox()[-1]["text"]
    assert chat("staff-other").inbox() == []


def test_no_consent_shares_nothing(chat, runtime):
    staff_member(runtime, "staff-bihta")
    didi = registered(chat, "didi1", phone="+919811111111")
    didi.say("PMEGP")
    didi.tap("स्टाफ़ से बात")
    didi.tap("नहीं")
    assert "नंबर नहीं दिया" in didi.text and "जिला उद्योग केंद्र" in didi.text
    assert chat("staff-bihta").inbox() == []


def test_no_staff_in_her_block_sends_her_to_the_office(chat):
    didi = registered(chat, "didi1", phone="+919811111111")
    didi.say("jeevika loan")
    didi.tap("स्टाफ़ से बात")
    didi.tap("हाँ")
    assert "कोई स्टाफ़ बॉट पर नहीं" in didi.text and "BPIU" in didi.text


def test_the_data_file_is_complete_and_sourced():
    entries = schemes.directory()
    assert {"jeevika_cf", "pmegp", "pmmy", "pmfme", "district_innovation"} <= {s.key for s in entries}
    for s in entries:
        assert s.sources and all(u.startswith("http") for u in s.sources)
        assert isinstance(s.checked, date)
        product_words = {w.lower() for p in catalog.products() for w in p.names()}
        single = [k for k in s.keywords if " " not in k]
        assert not set(single) & product_words, s.key  # "achar hai" starts a listing, not a scheme


def test_a_broken_data_file_is_refused(tmp_path):
    bad = tmp_path / "schemes.yaml"
    bad.write_text(textwrap.dedent("""
        - key: x
          name: {hi: "क", en: "x"}
          gives: {hi: "क"}
    """), encoding="utf-8")
    with pytest.raises(schemes.SchemeDataError, match="gives needs hi and en"):
        schemes.load(bad)
