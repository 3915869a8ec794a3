"""Tests for bot.catalog: the shipped products.yaml and the load-time validation."""
import textwrap

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
    assert m == C.Product(m.key, "Makhana", "मखाना", m.synonyms, "kg", "processed_food", 180)
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
