"""Tests for bot.catalog: the shipped products.yaml and the load-time validation."""
import textwrap
from decimal import Decimal

import pytest

from bot import catalog as C

REQUIRED = """agarbatti bag bamboo_craft banana bitter_gourd bottle_gourd brinjal cabbage candle carrot cauliflower
chicken cucumber eggs fish garlic ghee ginger goat gram green_chilli guava honey jaggery lentil litchi
madhubani_painting maize makhana mango milk mushroom mustard mustard_oil okra onion paddy paneer papad papaya
peas pickle pointed_gourd potato pumpkin radish readymade_garments rice sanitary_pad saree sattu sikki_craft
spinach tomato turmeric vermicompost wheat wheat_flour""".split()

EXTRA = """curd moong arhar chana_dal sugarcane lemon coriander sweet_potato jackfruit pineapple watermelon duck pig
cow_dung_cakes bamboo_basket tikuli_art sujni applique jute_products soap phenyl masala bari tilkut khaja seeds
saplings""".split()


def test_required_and_extra_products_present():
    missing = [k for k in REQUIRED + EXTRA if C.product(k) is None]
    assert missing == []
    assert len(C.products()) >= len(REQUIRED) + len(EXTRA)


def test_product_fields():
    m = C.product("makhana")
    assert m == C.Product(m.key, "Makhana", "मखाना", m.synonyms, "kg", "processed_food", 180,
                          (Decimal(100), Decimal(3000)))
    assert "makhan" in m.synonyms and "fox nut" in m.synonyms
    assert C.product("milk").unit == "litre" and C.product("milk").fresh_days == 1
    assert C.product("eggs").unit == "piece"
    assert C.product("banana").unit == "piece"
    assert C.product("goat").category == "livestock"
    assert C.product("nonexistent") is None
    assert {"jardalu", "maldah", "dudhia"} <= set(C.product("mango").synonyms)
    assert {"kukurmutta", "chhatri"} <= set(C.product("mushroom").synonyms)


def test_all_products_valid():
    for p in C.products():
        assert p.unit in {"kg", "litre", "piece"}, p.key
        assert p.fresh_days > 0, p.key
        assert any("\u0900" <= ch <= "\u097f" for ch in p.name_hi), p.key
        assert p.name_en and p.category
    veg = [p.fresh_days for p in C.products() if p.category == "vegetable" and p.key not in
           {"potato", "onion", "garlic", "pumpkin", "ginger", "sweet_potato", "taro"}]
    assert max(veg) <= 10
    assert C.product("rice").fresh_days >= 30 and C.product("madhubani_painting").fresh_days >= 90


def test_name():
    assert C.name("onion", "hi") == "प्याज"
    assert C.name("onion", "en") == "Onion"
    assert C.name("unknown_thing", "hi") == "unknown_thing"


def test_names_include_key_and_names():
    names = C.product("bottle_gourd").names()
    assert names[:3] == ("bottle gourd", "Bottle gourd", "लौकी")
    assert "lauki" in names


def _write(tmp_path, body: str):
    path = tmp_path / "products.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


GOOD = """
products:
  - key: onion
    en: Onion
    hi: प्याज
    unit: kg
    category: vegetable
    fresh_days: 30
    synonyms: [pyaz]
"""


def test_load_custom_catalog(tmp_path):
    items = C.load_catalog(_write(tmp_path, GOOD))
    assert [p.key for p in items] == ["onion"] and items[0].synonyms == ("pyaz",)


@pytest.mark.parametrize("body, message", [
    (GOOD + GOOD.replace("products:\n", ""), "'onion': key is defined twice"),
    (GOOD.replace("unit: kg", "unit: quintal"), "unit 'quintal'"),
    (GOOD + """
  - key: garlic
    en: Garlic
    hi: लहसुन
    unit: kg
    category: vegetable
    fresh_days: 60
    synonyms: [lahsun, Pyaz]
""", "product 'garlic': synonym 'Pyaz' is already used by product 'onion'"),
    (GOOD.replace("hi: प्याज", "hi: pyaz"), "Devanagari"),
    (GOOD.replace("fresh_days: 30", "fresh_days: 0"), "fresh_days"),
    (GOOD.replace("key: onion", "key: Onion"), "lower_snake_case"),
    ("products: []\n", "non-empty"),
    (GOOD.replace("    en: Onion\n", ""), "'onion': missing or empty 'en'"),
])
def test_validation_errors_name_the_product(tmp_path, body, message):
    with pytest.raises(C.CatalogError) as err:
        C.load_catalog(_write(tmp_path, body))
    assert message in str(err.value)


def test_price_range_optional_and_read_as_decimals(tmp_path):
    assert C.load_catalog(_write(tmp_path, GOOD))[0].price_range is None
    body = GOOD.replace("fresh_days: 30", "fresh_days: 30\n    price_range: [4, 120.5]")
    items = C.load_catalog(_write(tmp_path, body))
    assert items[0].price_range == (Decimal(4), Decimal("120.5"))


@pytest.mark.parametrize("value", ["[4]", "[4, 120, 200]", "[120, 4]", "[0, 10]", "[-1, 10]", "[4, 4]", "fast",
                                   "[true, 10]", "['4', '120']", "{low: 4, high: 120}", "[4, .inf]"])
def test_price_range_validation_names_the_product(tmp_path, value):
    body = GOOD.replace("fresh_days: 30", f"fresh_days: 30\n    price_range: {value}")
    with pytest.raises(C.CatalogError) as err:
        C.load_catalog(_write(tmp_path, body))
    assert "product 'onion': price_range must be [low, high], rupees per kg" in str(err.value)


def test_material_flag_optional_and_checked(tmp_path):
    assert C.load_catalog(_write(tmp_path, GOOD))[0].material is False
    body = GOOD.replace("fresh_days: 30", "fresh_days: 30\n    material: true")
    assert C.load_catalog(_write(tmp_path, body))[0].material is True
    with pytest.raises(C.CatalogError) as err:
        C.load_catalog(_write(tmp_path, GOOD.replace("fresh_days: 30", "fresh_days: 30\n    material: yes please")))
    assert "product 'onion': material must be true or false" in str(err.value)
    assert C.product("silk_fabric").material and not C.product("saree").material


def test_every_shipped_product_has_a_price_range():
    for p in C.products():
        assert p.price_range is not None, p.key
        low, high = p.price_range
        if p.unit == "kg" and p.category in {"vegetable", "fruit", "grain", "pulse", "oilseed"}:
            # narrower than 100x, so "1200 per quintal" and "1200 per kg" cannot both look plausible
            assert high / low < 100, p.key


# Agmarknet (Bihar, week of 27 Jul - 2 Aug 2023; rupees per quintal) -> catalog key. The Jainagar
# (Madhubani) rows are about 10x too high (see data/SOURCES.md) and are left out.
AGMARKNET_KEYS = {"Banana": None, "Apple": None, "Sponge gourd": None, "Bhindi(Ladies Finger)": "okra",
                  "Bitter gourd": "bitter_gourd", "Brinjal": "brinjal", "Cabbage": "cabbage",
                  "Cauliflower": "cauliflower", "Cucumbar(Kheera)": "cucumber", "Green Chilli": "green_chilli",
                  "Onion": "onion", "Pointed gourd (Parval)": "pointed_gourd", "Potato": "potato", "Wheat": "wheat"}


def test_price_ranges_cover_the_agmarknet_rows():
    import csv
    path = C.CATALOG_PATH.parent / "agmarknet_weekly_2023-07_bihar_rows.csv"
    checked = 0
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = AGMARKNET_KEYS[row["Commodity"]]  # a new commodity in the file must be mapped here
            if key is None or row["Market"] == "Jainagar":
                continue
            low, high = C.product(key).price_range
            for col in ("Min Price", "Max Price", "Modal Price"):
                assert low <= Decimal(row[col]) / 100 <= high, (row["Commodity"], row["Market"], col)
            checked += 1
    assert checked >= 25


@pytest.mark.parametrize("synonym, message", [
    ("hai", "synonym 'hai' is an everyday word the parser already reads"),
    ("chahiye", "synonym 'chahiye' is an everyday word"),
    ("pachas", "synonym 'pachas' is an everyday word"),
    ("payment", "synonym 'payment' is an everyday word"),
    ("gaaye", "synonym 'gaaye' is spelt like the everyday word 'gaye'"),
])
def test_synonyms_that_are_everyday_words_are_rejected(tmp_path, synonym, message):
    with pytest.raises(C.CatalogError) as err:
        C.load_catalog(_write(tmp_path, GOOD.replace("[pyaz]", f"[pyaz, {synonym}]")))
    assert "product 'onion': " + message in str(err.value)


def test_multi_word_synonyms_may_contain_everyday_words(tmp_path):
    items = C.load_catalog(_write(tmp_path, GOOD.replace("[pyaz]", "[pyaz, lal pyaz hai]")))
    assert "lal pyaz hai" in items[0].synonyms
