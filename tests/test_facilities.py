"""Local facilities through the simulator: staff add, change and close centres of their own
area by chat; a didi asks for the nearest (same block, district, neighbours, or from a shared
location); a new listing's card names a centre that takes her product, once."""
from __future__ import annotations

from sqlalchemy import select

from bot import places
from models import Facility
from tests.area_helpers import staff_member
from tests.test_onboarding import registered

ADD_BIHTA = "centre add packaging | बिहटा पैकेजिंग सेंटर | प्रखंड कार्यालय परिसर | 9876543210 | सोम-शनि 10-5 | makhana, honey"


def stored(runtime) -> list[Facility]:
    with runtime.db.sessions() as session:
        return session.scalars(select(Facility).order_by(Facility.id)).all()


def test_staff_add_change_close_and_a_didi_finds_the_nearest(chat, runtime):
    staff_member(runtime, "staff-bihta")
    staff = chat("staff-bihta")
    staff.say(ADD_BIHTA)
    assert "जुड़ गया: बिहटा पैकेजिंग सेंटर (पैकेजिंग सेंटर) · बिहटा, पटना" in staff.text
    [centre] = stored(runtime)
    assert (centre.kind, centre.phone, centre.products, centre.block_code) == (
        "packaging", "9876543210", ["honey", "makhana"], places.find_block(212, "Bihta").code)
    staff.say(f"centre change {centre.id} hours सोम-शुक्र 9-4")
    assert f"केंद्र #{centre.id} बदल गया" in staff.text

    didi = registered(chat, "didi1")
    didi.say("packing kahan hoga")
    assert "📍 आपके पास के पैकेजिंग सेंटर:" in didi.text
    assert "1. बिहटा पैकेजिंग सेंटर" in didi.text and "सोम-शुक्र 9-4" in didi.text and "9876543210" in didi.text
    didi.say("नजदीकी पैकेजिंग सेंटर")
    assert "बिहटा पैकेजिंग सेंटर" in didi.text
    didi.say("kharid kendra")
    assert "कोई खरीद केंद्र दर्ज नहीं" in didi.text

    staff.say(f"centre close {centre.id}")
    assert "बंद कर दिया" in staff.text
    didi.say("packing kahan hoga")
    assert "कोई पैकेजिंग सेंटर दर्ज नहीं" in didi.text
    assert stored(runtime)[0].active is False  # kept for the record


def test_same_block_first_then_district_then_neighbours(chat, runtime):
    staff_member(runtime, "staff-patna", block=None)  # district staff: may add in any block of Patna
    staff_member(runtime, "staff-bhojpur", district="Bhojpur", block="Koilwar", phone="+919700000002")
    staff_member(runtime, "staff-gaya", district="Gaya", block="Bodhgaya", phone="+919700000003")
    chat("staff-bhojpur").say("centre add purchase | कोइलवर खरीद केंद्र | बाज़ार | 9000000001 | रोज़ | - ")
    chat("staff-patna").say("centre add purchase | दानापुर खरीद केंद्र | स्टेशन रोड | 9000000002 | सोम | - | Danapur")
    chat("staff-patna").say("centre add purchase | बिहटा खरीद केंद्र | हाट | 9000000003 | बुध | - | Bihta")
    chat("staff-gaya").say("centre add purchase | बोधगया खरीद केंद्र | चौक | 9000000004 | रोज़ | -")
    assert len(stored(runtime)) == 4
    didi = registered(chat, "didi1")  # Bihta, Patna
    didi.say("kharid kendra kahan hai")
    text = didi.text
    assert text.index("बिहटा खरीद केंद्र") < text.index("दानापुर खरीद केंद्र") < text.index("कोइलवर खरीद केंद्र")
    assert "बोधगया" not in text  # Gaya does not border Patna: only bordering districts are offered


def test_staff_cannot_keep_centres_outside_their_area(chat, runtime):
    staff_member(runtime, "staff-bihta")
    staff_member(runtime, "staff-gaya", district="Gaya", block="Bodhgaya", phone="+919700000003")
    staff = chat("staff-bihta")
    staff.say(ADD_BIHTA + " | Danapur")  # another block of the same district
    assert "आपके क्षेत्र का नहीं" in staff.text and stored(runtime) == []
    staff.say(ADD_BIHTA)
    centre_id = stored(runtime)[0].id
    gaya = chat("staff-gaya")
    gaya.say(f"centre close {centre_id}")
    assert "आपके क्षेत्र में नहीं मिला" in gaya.text and stored(runtime)[0].active
    staff.say(f"centre change {centre_id} phone abc")
    assert "फ़ोन नंबर ठीक नहीं" in staff.text
    staff.say("centre add packaging | x")
    assert "ऐसे लिखें" in staff.text
    didi = registered(chat, "didi1")
    didi.say(f"centre close {centre_id}")  # not staff: not a command for her
    assert stored(runtime)[0].active


def test_nearest_from_a_shared_location(chat, runtime):
    staff_member(runtime, "staff-patna", block=None)
    chat("staff-patna").say("centre add cold_storage | बिहटा कोल्ड स्टोरेज | NH-30 | 9000000005 | रोज़ | potato | Bihta")
    chat("staff-patna").say("centre add cold_storage | पटना सिटी कोल्ड स्टोरेज | गुरहट्टा | 9000000006 | रोज़ | potato | Patna Sadar")
    bihta, city = stored(runtime)
    chat("staff-patna").say(f"centre change {city.id} location 25.59, 85.22")
    chat("staff-patna").say(f"centre change {bihta.id} location 25.56, 84.87")
    didi = registered(chat, "didi1")
    didi.say("cold storage kahan hai")
    assert didi.text.index("बिहटा कोल्ड स्टोरेज") < didi.text.index("पटना सिटी कोल्ड स्टोरेज")  # her block first
    assert "लोकेशन भेजें" in didi.text
    didi.say(location=[25.60, 85.19])  # she is near Patna City
    assert didi.text.index("पटना सिटी कोल्ड स्टोरेज") < didi.text.index("बिहटा कोल्ड स्टोरेज")


def test_listing_card_names_a_centre_for_her_product_once(chat, runtime):
    staff_member(runtime, "staff-bihta")
    chat("staff-bihta").say(ADD_BIHTA)
    didi = registered(chat, "didi1")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    assert "📦 बिहटा पैकेजिंग सेंटर यह सामान लेता है (पैकेजिंग सेंटर)" in didi.text and "9876543210" in didi.text
    didi.tap("सही है")
    didi.say("20 kilo makhana hai 650 rupaye kilo")
    assert "मखाना · 20 किलो" in didi.text and "पैकेजिंग सेंटर" not in didi.text  # told once
    didi.tap("सही है")
    didi.say("10 kilo aloo hai 20 rupaye kilo")
    assert "पैकेजिंग सेंटर" not in didi.text  # the centre does not take potatoes


def test_csv_import_reports_bad_rows_and_is_safe_to_run_twice(runtime, settings, tmp_path):
    from tests.test_restart_and_cli import run_cli

    path = tmp_path / "centres.csv"
    path.write_text("\n".join([
        "kind,name,district,block,address,phone,hours,products,lat,lon",
        "packaging,बिहटा पैकेजिंग सेंटर,Patna,Bihta,प्रखंड परिसर,9876543210,सोम-शनि,\"makhana, honey\",25.56,84.87",
        "rocket,x,Patna,Bihta,,,,,,",
        "purchase,y,Atlantis,Bihta,,,,,,",
        "purchase,z,Patna,Bihta,,,,unobtainium,,",
        "courier,w,Patna,Bihta,,abc,,,,",
    ]) + "\n", encoding="utf-8")
    done = run_cli("facilities", "import", str(path), database_url=settings.database_url)
    assert "line 3: rejected: unknown kind 'rocket'" in done.stdout
    assert "line 4: rejected: no Bihar district called 'Atlantis'" in done.stdout
    assert "line 5: rejected: a product in 'unobtainium' is not in the catalog" in done.stdout
    assert "line 6: rejected: phone 'abc'" in done.stdout
    assert "1 created, 0 updated, 4 rejected" in done.stdout and done.returncode == 1
    again = run_cli("facilities", "import", str(path), database_url=settings.database_url)
    assert "0 created, 1 updated, 4 rejected" in again.stdout
    [centre] = stored(runtime)
    assert (centre.products, centre.lat, centre.lon) == (["honey", "makhana"], 25.56, 84.87)
