"""Tests for bot.places: districts, blocks, fuzzy lookup, districts in free text, distances, neighbours."""

import pytest

from bot import places as P


def test_districts_loaded_sorted_and_complete():
    ds = P.districts()
    assert len(ds) == 38
    assert [d.name_en for d in ds] == sorted(d.name_en for d in ds)
    assert ds[0].name_en == "Araria"
    patna = P.district_by_code(212)
    assert patna == P.District(212, "Patna", "पटना", "Patna", "पटना", (), 25.59, 85.14)
    assert P.district_by_code(999) is None
    assert P.district_by_name("patna") is patna
    assert P.district_by_name("Purbi Champaran").hq_en == "Motihari"
    assert P.district_by_name("Motihari") is None  # exact English district names only
    assert P.district_by_code(193).aliases == ("Ara", "Arrah", "आरा")


@pytest.mark.parametrize("text, expected", [
    ("patna", "Patna"), ("PATNA", "Patna"), ("Patna district", "Patna"), ("jila patna", "Patna"),
    ("muzafarpur", "Muzaffarpur"), ("muzaffarpur", "Muzaffarpur"), ("मुज़फ़्फ़रपुर", "Muzaffarpur"),
    ("मुजफ्फरपुर", "Muzaffarpur"), ("darbanga", "Darbhanga"), ("bhagalpur", "Bhagalpur"),
    ("bhagalpoor", "Bhagalpur"), ("gaya ji", "Gaya"), ("Gaya", "Gaya"), ("गया जी", "Gaya"),
    ("Motihari", "Purbi Champaran"), ("east champaran", "Purbi Champaran"),
    ("west champaran", "Pashchim Champaran"), ("Bettiah", "Pashchim Champaran"),
    ("Chhapra", "Saran"), ("chapra", "Saran"), ("Arrah", "Bhojpur"), ("ara", "Bhojpur"),
    ("Purnea", "Purnia"), ("Sasaram", "Rohtas"), ("Hajipur", "Vaishali"), ("Bihar Sharif", "Nalanda"),
    ("biharsharif", "Nalanda"), ("Bhabua", "Kaimur"), ("monghyr", "Munger"), ("sivan", "Siwan"),
    ("begusaray", "Begusarai"), ("khagariya", "Khagaria"), ("jahanabad", "Jehanabad"),
    ("पटना", "Patna"), ("सीतामढ़ी", "Sitamarhi"), ("सीतामढी", "Sitamarhi"), ("main gaya se hoon", "Gaya"),
])
def test_find_district(text, expected):
    d = P.find_district(text)
    assert d is not None and d.name_en == expected


@pytest.mark.parametrize("text", [
    "hello", "menu", "ok", "haan", "1", "2", "nahi", "ram ram", "", "   ", "🙏🙏", "makhana", "x" * 4000,
    "champaran",  # east or west: ask again
])
def test_find_district_none(text):
    assert P.find_district(text) is None


def test_suggest_districts():
    assert [d.name_en for d in P.suggest_districts("champaran", 2)] == ["Pashchim Champaran", "Purbi Champaran"]
    assert P.suggest_districts("darbanga")[0].name_en == "Darbhanga"
    assert len(P.suggest_districts("madhu", limit=3)) <= 3
    assert P.suggest_districts("hello") == []
    assert P.suggest_districts("") == []


@pytest.mark.parametrize("text, expected", [
    ("Need 2 tons onions in Gaya, max Rs 16/kg", "Gaya"),
    ("pyaaz 50 kilo chahiye muzaffarpur", "Muzaffarpur"),
    ("मुझे पटना में चाहिए", "Patna"),
    ("gaya me 50 kilo aloo chahiye", "Gaya"),
    ("गया में प्याज चाहिए", "Gaya"),
    ("fish 20 kg chahiye gaya", "Gaya"),
    ("Potato 5 qtl @ Rs 1200/qtl, Gaya", "Gaya"),
    ("gaya ke liye 2 quintal", "Gaya"),
    ("2 tons needed in gaya district", "Gaya"),
    ("deliver to Gaya", "Gaya"),
    ("Gaya", "Gaya"),
    ("ara me 5 quintal gehu", "Bhojpur"),
    ("Potato 5 qtl @ Rs 1200/qtl, Vaishali", "Vaishali"),
    ("fish 20 kg chahiye nalanda", "Nalanda"),
    ("muzafarpur me litchi", "Muzaffarpur"),
    ("darbanga se hu", "Darbhanga"),
    ("madhubani me makhana hai", "Madhubani"),
    ("east champaran 20 kg", "Purbi Champaran"),
    ("aloo 20 kg, sasaram", "Rohtas"),
    ("Begusarai me paneer", "Begusarai"),
    ("bihar sharif me aloo", "Nalanda"),
])
def test_district_in_text(text, expected):
    d = P.district_in_text(text)
    assert d is not None and d.name_en == expected


@pytest.mark.parametrize("text", [
    "aloo bik gaya", "sab khatam ho gaya", "makhana bik gaya kya", "kharidar aa gaya",
    "वो बाजार गया था", "पैसा आ गया", "mai gaya tha market", "aloo mil gaya, thanks", "wo to gaya",
    "aara machine", "3 madhubani painting bechna hai 2500 ki ek", "ram ram", "hello",
    "इस साल धान ज़्यादा हुआ", "champaran", "", "🙂",
])
def test_district_in_text_none(text):
    assert P.district_in_text(text) is None


def test_district_in_text_of_the_parsers_usual_and_odd_messages():
    """What the parser asks on every message (its speed is bench/parse_bench.py's job)."""
    found = [P.district_in_text(m) for m in
             ["pyaaz 50 kilo chahiye muzaffarpur", "aloo bik gaya", "मुझे पटना में चाहिए", "x" * 4000]]
    assert [d.name_en if d else None for d in found] == ["Muzaffarpur", None, "Patna", None]


def test_blocks():
    patna_blocks = P.blocks_of(212)
    assert len(patna_blocks) == 23
    assert [b.name_en for b in patna_blocks] == sorted(b.name_en for b in patna_blocks)
    bihta = P.block_by_code(next(b.code for b in patna_blocks if b.name_en == "Bihta"))
    assert bihta.district_code == 212 and bihta.name_hi == "बिहटा"
    assert sum(len(P.blocks_of(d.code)) for d in P.districts()) == 534
    assert P.blocks_of(999) == []
    assert P.block_by_code(-1) is None
    names = {b.name_en for b in P.blocks_of(211)}
    assert {"Bagaha-I", "Bagaha-II"} <= names
    assert "Sonbhadra-Bansi-Surajpur" in {b.name_en for b in P.blocks_of(611)}


@pytest.mark.parametrize("district, text, expected", [
    (212, "bihta", "Bihta"), (212, "BIHTA", "Bihta"), (212, "bihata", "Bihta"), (212, "बिहटा", "Bihta"),
    (212, "phulwari sharif", "Phulwari"), (212, "फुलवारी", "Phulwari"), (212, "danapur", "Dinapur"),
    (212, "masodhi", "Masaurhi"), (212, "patna sadar", "Patna Sadar"), (212, "मनेर", "Maner"),
    (211, "bagaha 2", "Bagaha-II"), (211, "bagaha-i", "Bagaha-I"), (211, "बगहा-1", "Bagaha-I"),
    (188, "forbesganj", "Forbesganj"), (188, "farbisganj", "Forbesganj"),
])
def test_find_block(district, text, expected):
    b = P.find_block(district, text)
    assert b is not None and b.name_en == expected and b.district_code == district


def test_find_block_none_and_suggest():
    assert P.find_block(195, "bihta") is None  # Bihta is in Patna, not Darbhanga
    assert P.find_block(212, "hello") is None
    assert P.find_block(211, "bagaha") is None  # I or II?
    assert [b.name_en for b in P.suggest_blocks(211, "bagaha", 2)] == ["Bagaha-I", "Bagaha-II"]
    assert P.suggest_blocks(212, "bihta")[0].name_en == "Bihta"
    assert P.suggest_blocks(999, "bihta") == []


def test_distance():
    patna, vaishali, gaya = P.district_by_code(212), P.district_by_code(224), P.district_by_code(196)
    assert P.distance_km(patna, patna) == 0
    assert 10 < P.distance_km(patna, vaishali) < 20
    assert 85 < P.distance_km(patna, gaya) < 95
    assert P.distance_km(patna, gaya) == pytest.approx(P.distance_km(gaya, patna))


def _names(code: int) -> set[str]:
    return {d.name_en for d in P.neighbours(code)}


# Checkable on any district map of Bihar: who shares a border with whom.
@pytest.mark.parametrize("district, expected", [
    ("Patna", {"Arwal", "Begusarai", "Bhojpur", "Jehanabad", "Lakhisarai", "Nalanda", "Samastipur", "Saran",
               "Vaishali"}),
    ("Kishanganj", {"Araria", "Purnia"}),
    ("Pashchim Champaran", {"Gopalganj", "Purbi Champaran"}),
    ("Kaimur", {"Buxar", "Rohtas"}),
    ("Sheohar", {"Muzaffarpur", "Purbi Champaran", "Sitamarhi"}),
    ("Gaya", {"Arwal", "Aurangabad", "Jehanabad", "Nalanda", "Nawada"}),
    ("Muzaffarpur", {"Darbhanga", "Gopalganj", "Purbi Champaran", "Samastipur", "Saran", "Sheohar", "Sitamarhi",
                     "Vaishali"}),
    ("Bhagalpur", {"Banka", "Katihar", "Khagaria", "Madhepura", "Munger", "Purnia"}),
    ("Arwal", {"Aurangabad", "Bhojpur", "Gaya", "Jehanabad", "Patna", "Rohtas"}),  # LGD 611, made in 2001
])
def test_neighbours_follow_the_map(district, expected):
    assert _names(P.district_by_name(district).code) == expected


@pytest.mark.parametrize("a, b", [
    ("Patna", "Kishanganj"), ("Pashchim Champaran", "Banka"), ("Patna", "Gaya"), ("Patna", "Muzaffarpur"),
    ("Kaimur", "Patna"), ("Araria", "Darbhanga"), ("Siwan", "Vaishali"),
])
def test_not_neighbours(a, b):
    da, db = P.district_by_name(a), P.district_by_name(b)
    assert db.name_en not in _names(da.code) and da.name_en not in _names(db.code)


def test_neighbours_shape():
    patna = P.district_by_code(212)
    near = P.neighbours(212)
    assert all(isinstance(d, P.District) for d in near) and patna not in near
    dists = [P.distance_km(patna, d) for d in near]
    assert dists == sorted(dists)  # nearest HQ first
    assert near[0].name_en == "Vaishali"
    assert P.neighbours(999) == []


def test_neighbours_complete_and_symmetric():
    edges = set()
    for d in P.districts():
        near = P.neighbours(d.code)
        assert near, f"{d.name_en} has no neighbour"
        assert len({n.code for n in near}) == len(near)
        for n in near:
            assert d in P.neighbours(n.code), f"{d.name_en} -> {n.name_en} is one-way"
            edges.add(frozenset((d.code, n.code)))
    assert len(edges) == 89  # shared borders between Bihar's 38 districts in the source map


@pytest.mark.parametrize("rows, problem", [
    ([("212", "Patna", "224"), ("224", "Vaishali", "")], "no neighbour"),
    ([("212", "Patna", "224"), ("224", "Vaishali", "193")], "not symmetric"),
    ([("212", "Patna", "999")], "unknown neighbour code 999"),
    ([("998", "Nowhere", "212")], "unknown district code 998"),
    ([("212", "Patna", "212")], "borders itself"),
    ([("212", "Vaishali", "224")], "is not 'Patna'"),
])
def test_bad_adjacency_file_fails_loudly(tmp_path, monkeypatch, rows, problem):
    real = P.ADJACENCY_CSV.read_text(encoding="utf-8").splitlines()
    replaced = {r[0] for r in rows}
    kept = [line for line in real[1:] if line.split(",")[0] not in replaced]
    bad = tmp_path / "adjacency.csv"
    bad.write_text("\n".join([real[0], *kept, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    monkeypatch.setattr(P, "ADJACENCY_CSV", bad)
    P._adjacency.cache_clear()
    try:
        with pytest.raises(ValueError, match=problem):
            P._adjacency()
    finally:
        monkeypatch.undo()
        P._adjacency.cache_clear()
    assert len(P._adjacency()) == 38


def test_missing_district_in_adjacency_file_fails(tmp_path, monkeypatch):
    real = P.ADJACENCY_CSV.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "adjacency.csv"
    bad.write_text("\n".join(line for line in real if not line.startswith("611,")) + "\n", encoding="utf-8")
    monkeypatch.setattr(P, "ADJACENCY_CSV", bad)
    P._adjacency.cache_clear()
    try:
        with pytest.raises(ValueError, match="missing"):
            P._adjacency()
    finally:
        monkeypatch.undo()
        P._adjacency.cache_clear()
