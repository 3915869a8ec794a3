"""Importing mandi prices: the real shared files (every row counted), header spellings and the
cleaning rules, and data.gov.in through a local stand-in (pagination, a timeout and a 500 in the
middle: retried, nothing lost, nothing doubled; a second run adds nothing)."""
from __future__ import annotations

import json
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug import Response

from bot.prices import api, importer
from bot.runtime import Runtime
from models import PriceReport

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = "State,District,Market,Commodity,Variety,Grade,Arrival_Date,Min_x0020_Price,Max_x0020_Price,Modal_x0020_Price\n"


def stored(runtime, **where) -> list[PriceReport]:
    with runtime.db.sessions() as session:
        query = select(PriceReport).order_by(PriceReport.id)
        for name, value in where.items():
            query = query.where(getattr(PriceReport, name) == value)
        return list(session.scalars(query))


def test_the_national_daily_file_every_row_counted_and_reimport_adds_nothing(runtime):
    counts = importer.import_file(runtime, DATA / "agmarknet_daily_2025-04-25_all_india.csv")
    assert counts == {"rows": 18020, "kept": 2608, "already_had": 0, "flagged_x5": 0,
                      "dropped_other_state": 14752, "dropped_unmapped_commodity": 469,
                      "dropped_not_by_weight": 187, "dropped_implausible": 4}
    assert counts["kept"] + sum(v for k, v in counts.items() if k.startswith("dropped_")) == counts["rows"]
    aarah, = stored(runtime, market="Aarah")
    assert (aarah.product, aarah.district_code, aarah.modal_price, aarah.min_price, aarah.max_price) == \
        ("potato", 193, Decimal("16.00"), Decimal("15.00"), Decimal("17.00"))
    assert aarah.arrival_date.isoformat() == "2025-04-25"
    purnea, = stored(runtime, market="Bhawanipur")
    assert purnea.district_code == 214 and purnea.district_name == "Purnea"  # LGD's Purnia
    assert len(stored(runtime, state="Bihar")) == 6
    again = importer.import_file(runtime, DATA / "agmarknet_daily_2025-04-25_all_india.csv")
    assert again["kept"] == 0 and again["already_had"] == 2608
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PriceReport)) == 2608


def test_the_bihar_weekly_file_drops_the_tenfold_jainagar_rows(runtime):
    counts = importer.import_file(runtime, DATA / "agmarknet_weekly_2023-07_bihar_rows.csv")
    assert counts == {"rows": 42, "kept": 30, "already_had": 0, "flagged_x5": 0, "dropped_implausible": 6,
                      "dropped_unmapped_commodity": 4, "dropped_not_by_weight": 2}
    assert [r.commodity for r in stored(runtime, market="Jainagar")] == []  # 20000/quintal potatoes
    mohana = stored(runtime, market="Mohana")
    assert {r.district_code for r in mohana} == {200}  # "Kaimur/Bhabhua" -> Kaimur
    assert {r.product for r in mohana} == {"okra", "brinjal", "onion", "potato"}  # "Bhindi(Ladies Finger)" -> okra


def test_header_spellings_and_each_cleaning_rule(runtime, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "\ufeffSTATE , district,Market ,commodity,variety,grade,Arrival_Date,min_price,MAX_PRICE,Modal Price\n"
        "BIHAR ,PURNEA ,BHAWANIPUR ,Gur(Jaggery),Other,FAQ,02-05-2025,3800,4200,4000\n"  # upper case, dd-mm-yyyy
        "Bihar,Rohtas,Natwar,Paddy(Dhan)(Common),Common,FAQ,02/05/2025,2100,2300,2200\n"
        "Bihar,Rohtas,Natwar,Potato,Jyoti,FAQ,02/05/2025,0,1000,900\n"  # min <= 0
        "Bihar,Rohtas,Natwar,Onion,Red,FAQ,02/05/2025,1000,1200,1500\n"  # modal outside [min, max]
        "Bihar,Nowhere,Natwar,Onion,Red,FAQ,02/05/2025,1000,1200,1100\n"  # district we cannot map
        "Bihar,Rohtas,Natwar,Onion,Red,FAQ,someday,1000,1200,1100\n"  # unreadable date
        "Bihar,Rohtas,Natwar,Onion,Red,FAQ,02/05/2025,1000,1200,1100\n"
        "Bihar,Rohtas,Natwar,Onion,Red,FAQ,02/05/2025,1000,1200,1100\n"  # the same row twice in one file
        "Bihar,Rohtas,Natwar,Onion,Red,FAQ,03/05/2025,5500,6000,5600\n",  # x5 the day before: flagged
        encoding="utf-8")
    counts = importer.import_file(runtime, path)
    assert counts == {"rows": 9, "kept": 4, "already_had": 0, "repeated_in_source": 1, "flagged_x5": 1,
                      "dropped_min_not_positive": 1, "dropped_modal_outside_min_max": 1,
                      "dropped_unknown_district": 1, "dropped_unreadable": 1}
    jaggery, = stored(runtime, product="jaggery")
    assert (jaggery.state, jaggery.district_code, jaggery.market, jaggery.modal_price) == \
        ("Bihar", 214, "Bhawanipur", Decimal("40.00"))
    assert [r.product for r in stored(runtime, market="Natwar")] == ["paddy", "onion", "onion"]
    assert [r.flagged for r in stored(runtime, product="onion")] == [False, True]


def test_a_bad_file_is_refused_politely(runtime, tmp_path):
    from tests.test_restart_and_cli import run_cli

    missing = run_cli("prices", "import", str(tmp_path / "nope.csv"), database_url=runtime.settings.database_url)
    assert missing.returncode != 0 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    bad = run_cli("prices", "import", str(binary), database_url=runtime.settings.database_url)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    ok = run_cli("prices", "import", str(DATA / "agmarknet_weekly_2023-07_bihar_rows.csv"),
                 database_url=runtime.settings.database_url)
    assert ok.returncode == 0 and "kept=30" in ok.stdout and "rows=42" in ok.stdout


def test_no_key_says_where_to_get_one(runtime):
    with pytest.raises(api.ApiError, match="DATA_GOV_IN_API_KEY"):
        importer.import_api(runtime, api_key="")


# --- data.gov.in through a local stand-in ------------------------------------------------------
def record(n: int, state: str = "Bihar") -> dict:
    """A record as data.gov.in sends it: lower-case fields, values as text, dd/mm/yyyy."""
    return {"state": state, "district": "Bhojpur", "market": f"Market {n}", "commodity": "Potato",
            "variety": "Jyoti", "grade": "FAQ", "arrival_date": "25/04/2025", "min_price": "1500",
            "max_price": "1700", "modal_price": str(1500 + n)}


@pytest.fixture
def api_runtime(settings, httpserver):
    raw = {**settings.raw, "prices": {**settings.raw.get("prices", {}), "states": ["Bihar", "Jharkhand"],
                                      "api_url": httpserver.url_for("/resource/9ef84268"),
                                      "api_page_size": 2, "api_timeout_seconds": 0.5, "api_retries": 5,
                                      "api_backoff_seconds": 0}}
    rt = Runtime.build(replace(settings, raw=raw))
    yield rt
    rt.close()


def test_api_pages_retry_a_500_and_a_timeout_losing_and_doubling_nothing(api_runtime, httpserver):
    bihar = [record(n) for n in range(5)]
    seen: list[tuple[str, int]] = []
    failed: set[str] = set()

    def answer(request):
        state, offset = request.args["filters[state.keyword]"], int(request.args["offset"])
        assert request.args["api-key"] == "test-key" and request.args["format"] == "json"
        seen.append((state, offset))
        if state == "Bihar" and offset == 2 and "500" not in failed:
            failed.add("500")
            return Response("upstream error", status=500)
        if state == "Bihar" and offset == 4 and "slow" not in failed:
            failed.add("slow")
            time.sleep(1.0)  # longer than the 0.5 s timeout: the client gives up and asks again
        rows = bihar if state == "Bihar" else []
        page = rows[offset:offset + int(request.args["limit"])]
        return Response(json.dumps({"total": len(rows), "count": len(page), "records": page}),
                        content_type="application/json")

    httpserver.expect_request("/resource/9ef84268").respond_with_handler(answer)
    counts = importer.import_api(api_runtime, api_key="test-key")
    assert counts["kept"] == 5 and counts["rows"] == 5 and counts["already_had"] == 0
    assert seen[:3] == [("Bihar", 0), ("Bihar", 2), ("Bihar", 2)]  # the 500, then the same page again
    # the slow page asked again (more than once when a loaded machine makes the retry queue behind it)
    assert seen.count(("Bihar", 4)) >= 2 and seen[-1] == ("Jharkhand", 0)
    reports = stored(api_runtime)
    assert sorted(r.market for r in reports) == [f"Market {n}" for n in range(5)]
    assert {r.district_code for r in reports} == {193}
    again = importer.import_api(api_runtime, api_key="test-key")
    assert again["kept"] == 0 and again["already_had"] == 5
    assert len(stored(api_runtime)) == 5


def test_api_that_keeps_failing_stores_the_pages_it_read_and_hides_the_key(api_runtime, httpserver):
    def answer(request):
        if int(request.args["offset"]) >= 2:
            return Response("down", status=503)
        page = [record(0), record(1)]
        return Response(json.dumps({"total": 10, "records": page}), content_type="application/json")

    httpserver.expect_request("/resource/9ef84268").respond_with_handler(answer)
    with pytest.raises(api.ApiError) as failure:
        importer.import_api(api_runtime, api_key="secret-key-123")
    assert "secret-key-123" not in str(failure.value) and "offset 2" in str(failure.value)
    assert len(stored(api_runtime)) == 2  # the first page is kept


def test_the_daily_job_fetches_once_a_day_and_again_after_a_failed_run(api_runtime, httpserver, monkeypatch):
    calls: list[str] = []
    down = {"now": True}

    def answer(request):
        calls.append(request.args["filters[state.keyword]"])
        if down["now"]:
            return Response("down", status=503)
        rows = [record(0)] if request.args["filters[state.keyword]"] == "Bihar" else []
        return Response(json.dumps({"total": len(rows), "records": rows}), content_type="application/json")

    httpserver.expect_request("/resource/9ef84268").respond_with_handler(answer)
    monkeypatch.delenv(api.KEY_ENV, raising=False)
    assert importer.daily_import(api_runtime) is None and calls == []  # no key: nothing asked
    monkeypatch.setenv(api.KEY_ENV, "test-key")
    assert importer.daily_import(api_runtime) is None  # the API is down: logged, nothing stored
    down["now"] = False
    counts = importer.daily_import(api_runtime)  # the failed run does not count as done
    assert counts["kept"] == 1
    asked = len(calls)
    assert importer.daily_import(api_runtime) is None and len(calls) == asked  # done today


def test_price_settings_are_checked_at_start(tmp_path):
    from bot.config import ConfigError, load_settings

    config = tmp_path / "config.yaml"
    for bad, says in [("prices:\n  import_at: '25:00'\n", "prices.import_at"),
                      ("prices:\n  max_queries_per_hour: 0\n", "prices.max_queries_per_hour"),
                      ("prices:\n  api_url: ftp://x\n", "prices.api_url"),
                      ("prices:\n  states: Bihar\n", "prices.states"),
                      ("prices:\n  colour: red\n", "prices.colour")]:
        config.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError, match=says.replace(".", r"\.")):
            load_settings(env={"DIDI_HAAT_CONFIG": str(config)})


def test_postgresql_set_based_import_stores_what_row_by_row_stores(runtime, tmp_path):
    """PostgreSQL cleans in SQL, SQLite row by row: on the real files and on awkward rows both keep
    the same reports with the same counts (on SQLite this compares the row path with itself)."""
    from bot.prices import rows, store
    from bot.prices.settings import price_settings

    awkward = tmp_path / "awkward.csv"
    awkward.write_text(
        HEADER
        + "Bihar,Bhojpur,Aarah,Potato,Other,FAQ,25/04/2025,1500.5,1700.5,1600.5\n"  # half a paisa: rounded up
        + "Bihar,Bhojpur,Aarah,Onion,Other,FAQ,25/04/2025,\"1,500\",\"1,700\",\"1,600\"\n"  # commas
        + "Bihar,Bhojpur,Aarah,Rice,Other,FAQ,25/04/2025,1e3,9e99,2e3\n"  # too big to store: implausible
        + "Bihar,Bhojpur,Aarah,Wheat,Other,FAQ,25-04-2025,२४००,२६००,२५००\n"  # Devanagari digits
        + "bihar , bhojpur,AARAH,Potato,Other,FAQ,25/04/2025,1500,1700,1600\n"  # the first Aarah row again
        + "Bihar,Bhojpur,Aarah,Potato,Other,FAQ,31/02/2025,1500,1700,1600\n"  # no such day
        + "Bihar,Bhojpur,Aarah,Potato,Other,FAQ,26/04/2025,Infinity,NaN,1600\n"
        + "Bihar,Bhojpur,,Potato,Other,FAQ,26/04/2025,1500,1700,1600\n"  # no market
        + "Bihar,Bhojpur,Aarah,Onion,Other,FAQ,27/04/2025,8000,8500,8200\n",  # x5 two days before: flagged
        encoding="utf-8")
    states = price_settings(runtime.settings).states
    columns = ("market_key", "product", "unit", "state", "district_code", "district_name", "market", "commodity",
               "variety", "grade", "arrival_date", "min_price", "max_price", "modal_price", "flagged", "status")

    def run(path, row_by_row):
        with runtime.db.session() as session:
            run = store.start(session, "compare")
            store.import_rows(session, run, rows.read_csv_file(path), states, row_by_row=row_by_row)
            counts = dict(run.counts)
        reports = [tuple(getattr(r, c) for c in columns) for r in stored(runtime)]
        with runtime.db.session() as session:
            session.query(PriceReport).delete()
        return counts, reports

    for path in (DATA / "agmarknet_daily_2025-04-25_all_india.csv", DATA / "agmarknet_weekly_2023-07_bihar_rows.csv",
                 awkward):
        assert run(path, row_by_row=False) == run(path, row_by_row=True)
    counts, reports = run(awkward, row_by_row=False)
    assert counts == {"rows": 9, "kept": 4, "already_had": 0, "repeated_in_source": 1, "flagged_x5": 1,
                      "dropped_implausible": 1, "dropped_unreadable": 3}
    assert [(r[1], r[11], r[13], r[14]) for r in reports] == [
        ("potato", Decimal("15.01"), Decimal("16.01"), False), ("onion", Decimal("15.00"), Decimal("16.00"), False),
        ("wheat", Decimal("24.00"), Decimal("25.00"), False), ("onion", Decimal("80.00"), Decimal("82.00"), True)]
