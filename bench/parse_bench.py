"""Parser benchmark: field and whole-message accuracy on each fixture file, then messages/second on one core.

Accuracy is reported separately for the shared examples (parse_examples.jsonl), the project's own cases
(parse_more.jsonl), the auditor's cases (parse_audit.jsonl), the independent checker's formerly held-out
cases (parse_heldout.jsonl) and thirty-six blind sets (parse_blind_a to _s, _v to _z, _aa to _al; the parser was fixed against them, so
they no longer measure new text; rows of M, O, N, P, Q, R, S and V still misread are BLIND_M_OPEN, BLIND_O_OPEN,
BLIND_N_OPEN, BLIND_P_OPEN, BLIND_Q_OPEN, BLIND_R_OPEN, BLIND_S_OPEN and BLIND_V_OPEN in tests/test_parser.py), then for all
together; then each held-out set (none now: pass new ones with --held-out),
as written and with the fixtures' rule for `other` messages. Expectations are read as tests/test_parser.py reads
them (``_expected``), so bench and tests agree.

Run: .venv/bin/python bench/parse_bench.py [--n 50000] [--failures 20] [--held-out new_set.jsonl]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.parser import parse  # noqa: E402


def _test_module():
    """tests/test_parser.py, loaded by path (site-packages may hold another "tests" package)."""
    spec = importlib.util.spec_from_file_location("_parser_tests", ROOT / "tests" / "test_parser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_expected = _test_module()._expected  # the fixture rows' expectations, read as the tests read them

FIXTURES = {  # label -> file
    "shared examples": ROOT / "tests" / "fixtures" / "parse_examples.jsonl",
    "project cases": ROOT / "tests" / "fixtures" / "parse_more.jsonl",
    "audit cases": ROOT / "tests" / "fixtures" / "parse_audit.jsonl",
    "held-out cases (no longer held out)": ROOT / "tests" / "fixtures" / "parse_heldout.jsonl",
    "blind set A (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_a.jsonl",
    "blind set B (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_b.jsonl",
    # Written after the A/B fixes by a third writer; graded once held out (190/210), then fixed against.
    "blind set C (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_c.jsonl",
    # A fourth writer's 220 (issue 10, third round): graded once held out (196/220, then 204/220), then fixed against.
    "blind set D (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_d.jsonl",
    # A fifth writer's 220 (issue 10, fourth round): graded once held out (205/220, then 207/220), then fixed against.
    "blind set E (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_e.jsonl",
    # A sixth writer's 220, written while the E fixes were made: graded held out (191/220), then fixed against
    # (fifth round): 220/220.
    "blind set F (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_f.jsonl",
    # Two more writers' 230 each (fifth round), graded held out before any fix for them: H 206/230 (208/230 after
    # the first of set F's fixes, none for H), I 196/230; then fixed against: H 230/230, I 230/230 (expectations
    # as written but for three corrections listed in tests/test_parser.py).
    "blind set H (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_h.jsonl",
    "blind set I (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_i.jsonl",
    # One more writer's 230 (sixth round), who never saw the code: held out once: 210/230 on this branch, 209/230 on
    # main before the F/H/I fixes; then fixed against by general rules (expectations as written).
    "blind set G (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_g.jsonl",
    # held out once: 215/230
    "blind set J (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_j.jsonl",
    # An eleventh writer's 230 (2026-12-02), who never saw the code; its reading schema left out one rule every earlier
    # set follows (an `other` message carries no product, quantity, unit or price; the file now follows it). Held out
    # once, before any fix: 203/230 as written, 220/230 with that rule applied; then fixed against.
    "blind set K (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_k.jsonl",
    # A twelfth writer's 230, written at the same time from the same schema: held out once, 194/230 as written,
    # 212/230 with that rule; then fixed against.
    "blind set L (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_l.jsonl",
    # A thirteenth writer's 240 (Tirhut/Darbhanga/Purnia/Bhagalpur/Munger focus), from a schema that stated the `other`
    # rule (so as written = with the rule): held out once, before any fix: 208/240; then fixed against (237/240: three
    # rows left open, BLIND_M_OPEN; three corrections, BLIND_M_CORRECTIONS, in tests/test_parser.py).
    "blind set M (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_m.jsonl",
    # A fourteenth writer's 200 short, typo-heavy messages (lower-case block names, Hinglish shorthand), from a schema
    # that stated the `other` rule: held out once, before any fix: 181/200 (90.5%); then fixed against (one correction,
    # BLIND_O_CORRECTIONS; open rows in BLIND_O_OPEN, tests/test_parser.py).
    "blind set O (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_o.jsonl",
    # A fifteenth writer's 240 (2026-12-02; Patna, Magadh, Saran, Bhojpur, institutional buyers), who never saw the
    # code, from the schema that states the `other` rule: held out once, after the K-O fixes and before any fix of its
    # own: 202/240 (84.2%); then fixed against by general rules (one correction, BLIND_N_CORRECTIONS; open rows, if
    # any, in BLIND_N_OPEN, tests/test_parser.py).
    "blind set N (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_n.jsonl",
    # A sixteenth writer's 220 short, typo-heavy messages (Kosi, Seemanchal, Mithila, Champaran), who never saw the code,
    # from the schema that states the `other` rule: held out once, on parser 50f3545 before any fix: 188/220 (85.5%);
    # then fixed against by general rules (one correction, BLIND_P_CORRECTIONS; open rows in BLIND_P_OPEN).
    "blind set P (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_p.jsonl",
    # A seventeenth writer's 220 (South Bihar; institutional and English buyers, crafts, long messages, `other`
    # questions naming products), from the same schema: held out once, on parser 50f3545 before any fix: 189/220
    # (85.9%); then fixed against (one correction, BLIND_Q_CORRECTIONS; open rows in BLIND_Q_OPEN).
    "blind set Q (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_q.jsonl",
    # An eighteenth writer's 220 (Central and North-West Bihar, everyday didis, WhatsApp style, Devanagari number words,
    # paav/aadha, seasonal produce and livestock), from the schema that states the project's conventions: held out
    # once, on parser 7166cb6 (after the N, P and Q fixes) before any fix: 207/220 (94.1%); then fixed against by
    # general rules (three corrections, BLIND_R_CORRECTIONS; open rows in BLIND_R_OPEN).
    "blind set R (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_r.jsonl",
    # A nineteenth writer's 220 (all 38 districts, traders, buyers from outside Bihar, mixed-language and
    # Urdu-flavoured Hindi, easily confused intents, less common products), from the same schema: held out once, on
    # parser 7166cb6 before any fix: 196/220 (89.1%); then fixed against (three corrections, BLIND_S_CORRECTIONS; open
    # rows in BLIND_S_OPEN).
    "blind set S (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_s.jsonl",
    # A twentieth writer's 220 (buyers: shops, dhabas, canteens, hostels, wholesalers, trader shorthand; didis answering;
    # `other` messages naming products), from a schema rewritten that round: held out once, on parser 8aeb529 before any
    # fix: 189/220 (85.9%); then fixed against (three corrections, BLIND_V_CORRECTIONS; open rows in BLIND_V_OPEN).
    "blind set V (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_v.jsonl",
    # Two writers' 200 each (W: village didis, Devanagari, Bhojpuri, Maithili; X: city buyers, shorthand, mandi
    # rates): held out once, on parser 7b4a6ed before any fix: W 180/200 (90.0%), X 179/200 (89.5%); then fixed
    # against (fourteenth round; open rows in BLIND_W_OPEN, BLIND_X_OPEN).
    "blind set W (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_w.jsonl",
    "blind set X (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_x.jsonl",
    # Two more writers' 200 each (Y: North and East Bihar didis, Devanagari, Maithili, Angika; Z: South and West
    # Bihar, city buyers, shorthand, Magahi and Bhojpuri): held out once, on parser 14a8145 before any fix: Y 178/200
    # (89.0%), Z 168/200 (84.0%); then fixed against (fifteenth round; open rows in BLIND_Y_OPEN, BLIND_Z_OPEN).
    "blind set Y (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_y.jsonl",
    "blind set Z (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_z.jsonl",
    # Two more writers' 200 each (AA: Kosi, Seemanchal and the Ganga belt, voice typing, goods named by their use; AB:
    # western and northern Bihar and Patna, Bhojpuri, city buyers, shorthand): held out once, on parser dd47803 before
    # any fix: AA 182/200 (91.0%), AB 191/200 (95.5%); then fixed against (sixteenth round; open rows in BLIND_AA_OPEN).
    "blind set AA (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_aa.jsonl",
    "blind set AB (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ab.jsonl",
    # Two more writers' 200 each (AC: Magadh, Magahi, short messages, replies to buyers; AD: Mithila in Maithili and
    # buyers from all over India): held out once, on parser 40278b9 before any fix of their own: AC 190/200 (95.0%),
    # AD 176/200 (88.0%); then fixed against (seventeenth round; open rows in BLIND_AC_OPEN, BLIND_AD_OPEN).
    "blind set AC (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ac.jsonl",
    "blind set AD (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ad.jsonl",
    # Two more writers' 200 each (AE: Tirhut, Vaishali, Saran, Bajjika, questions to the bot; AF: institutional buyers
    # in Bihar and the didis who answer them): held out once, on parser b9a4867 before any fix of their own: AE 186/200
    # (93.0%), AF 167/200 (83.5%); then fixed against (eighteenth round; open rows in BLIND_AE_OPEN, BLIND_AF_OPEN).
    "blind set AE (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ae.jsonl",
    "blind set AF (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_af.jsonl",
    # Two more writers' 200 each (AG: new didis' first messages, Angika, silk and crafts; AH: city households, shops and
    # festival orders): held out once, on parser f0eff66 before any fix of their own: AG 188/200 (94.0%), AH 178/200
    # (89.0%); then fixed against (the eighteenth round's second part; open rows in BLIND_AG_OPEN, BLIND_AH_OPEN).
    "blind set AG (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ag.jsonl",
    "blind set AH (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ah.jsonl",
    # A thirty-third writer's 200 (north and east Bihar), from bench/blind_kit's schema: held out once, on parser
    # 26ee905 before any fix of its own: 194/200 (97.0%); then fixed against (the nineteenth round).
    "blind set AI (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ai.jsonl",
    # A thirty-fourth writer's 200 (south and west Bihar), same kit, same time: held out once, on parser 26ee905 before
    # any fix of its own: 189/200 (94.5%); then fixed against (the nineteenth round; open rows in BLIND_AJ_OPEN).
    "blind set AJ (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_aj.jsonl",
    # Two more writers' 200 each from the same kit (AK: sellers answering buyers, festival and livestock orders; AL:
    # crafts, textiles, processed foods): held out once, on parser 1bfd67a before any fix of their own: AK 186/200
    # (93.0%), AL 185/200 (92.5%); then fixed against (open rows in BLIND_AK_OPEN, BLIND_AL_OPEN).
    "blind set AK (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_ak.jsonl",
    "blind set AL (fixed against)": ROOT / "tests" / "fixtures" / "parse_blind_al.jsonl",
}
# Sets still held out (none now; pass new ones with --held-out): reported on their own, as written and with the
# `other` rule, kept out of "all" and of the speed mix, and not fixed against.
HELD_OUT: dict[str, Path] = {}
FIELDS = ("intent", "product", "quantity", "unit", "price", "district")
MIN_RATE = 5000.0
# noise mixed into the throughput run: chatter, menu replies, long and odd messages
NOISE = ["ok", "1", "2", "hello", "ram ram", "🙏🙏", "thank you didi", "kab aayega kharidar", "menu",
         "listing cancel karna hai", "mera paisa kab milega", "asdfgh qwerty", "x" * 4000,
         "kal gaya tha patna", "मैं बाजार गया था", "aaj barish ho rahi hai", "patato 5 quintal"]


def load(path: Path) -> list[dict]:
    """The examples of one fixture file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def conventional(ex: dict) -> dict:
    """`ex` read by the rule every fixture follows: an `other` message carries no trade fields (its district stays)."""
    if ex.get("intent") != "other":
        return ex
    return {**ex, "product": None, "quantity": None, "unit": None, "price": None}


def accuracy(rows: list[dict]) -> tuple[dict[str, float], float, list[tuple[str, dict, dict]]]:
    """Per-field accuracy, whole-message accuracy and the failures."""
    right = {f: 0 for f in FIELDS}
    whole = 0
    failures = []
    for ex in rows:
        got = parse(ex["text"]).to_json()
        want = _expected(ex)
        for f in FIELDS:
            right[f] += got[f] == want[f]
        if got == want:
            whole += 1
        else:
            failures.append((ex["text"], want, got))
    n = len(rows)
    return {f: right[f] / n for f in FIELDS}, whole / n, failures


def throughput(texts: list[str], n: int) -> tuple[float, float]:
    """Messages per second parsing `n` messages drawn from `texts` (after a warm-up pass): by the wall clock,
    and by this process's CPU time (one core's work, not slowed by other processes sharing the machine)."""
    rnd = random.Random(7)
    batch = [rnd.choice(texts) for _ in range(n)]
    for t in texts:
        parse(t)
    start, cpu = time.perf_counter(), time.process_time()
    for t in batch:
        parse(t)
    return n / (time.perf_counter() - start), n / (time.process_time() - cpu)


def report(label: str, rows: list[dict], show: int) -> None:
    """Print one accuracy block (and up to `show` failures)."""
    fields, whole, failures = accuracy(rows)
    print(f"{label}: {len(rows)} examples")
    print("  " + "  ".join(f"{f} {fields[f] * 100:.1f}%" for f in FIELDS))
    print(f"  whole     {whole * 100:6.2f}%  ({len(rows) - len(failures)}/{len(rows)})")
    for text, want, got in failures[:show]:
        print(f"  FAIL {text!r}\n       want {want}\n       got  {got}")


def main() -> int:
    """Print accuracy and speed; exit 1 if speed is under the floor."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=50_000, help="messages to parse for the speed figure")
    ap.add_argument("--failures", type=int, default=20, help="failures to print per file")
    ap.add_argument("--held-out", action="append", default=[], metavar="FILE",
                    help="a further JSONL set to grade, reported on its own and kept out of 'all' and the speed mix")
    args = ap.parse_args()
    rows: list[dict] = []
    for label, path in FIXTURES.items():
        part = load(path)
        report(label, part, args.failures)
        rows += part
    report("all", rows, 0)
    for label, path in [*HELD_OUT.items(), *((f"held out: {p}", Path(p)) for p in args.held_out)]:
        held = load(path)
        report(label + ", as written", held, 0)
        report(label + ", `other` carrying no trade fields", [conventional(ex) for ex in held], args.failures)
    texts = [r["text"] for r in rows] * 3 + NOISE  # realistic mix: mostly listings, some chatter
    wall, rate = throughput(texts, args.n)
    print(f"throughput: {rate:,.0f} messages/second of one core's CPU time ({wall:,.0f}/s by the wall clock; "
          f"{args.n:,} parses)")
    if rate < MIN_RATE:
        print(f"BELOW the {MIN_RATE:,.0f} msg/s floor")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
