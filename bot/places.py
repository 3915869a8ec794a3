"""Bihar geography: districts and blocks, lookup by (mis)typed names, neighbours and HQ distances.

Data (see data/SOURCES.md): data/bihar_districts.csv (38 districts with Hindi names, HQ towns,
aliases and approximate HQ coordinates), data/bihar_blocks_lgd.csv (534 LGD blocks) and
data/bihar_district_adjacency.csv (which districts share a border, derived from a public district map).
Everything is loaded once and cached; the adjacency file is checked when this module is imported
(every code known, every district listed, the relation symmetric), so a broken file fails loudly.

Matching keys. Every name is indexed in three forms:
  * ``fold``: lower case, Devanagari nukta/chandrabindu folded (exact matching, both scripts);
  * ``roman``: a loose Roman spelling (Devanagari transliterated; w=v, z=j, ph=f, aa=a, ee=i,
    oo=u, doubled letters collapsed) so "muzafarpur", "मुजफ्फरपुर" and "Muzaffarpur" meet;
  * ``skeleton``: consonants only (h dropped, v=b), so "darbanga" meets "Darbhanga".
Fuzzy scores use rapidfuzz ``fuzz.ratio`` on the roman forms, raised to 90 when skeletons agree.

Ambiguous district words in free text (``district_in_text``). "gaya" (Hindi "went") and "ara"
(Hindi "saw"; Bhojpur HQ) count as a district only when the sentence supports it:
  1. the next word is a place postposition: me/mein/men/mai/mei/में/मे, se/से, tak/तक, ji/जी,
     district/dist/zila/jila/जिला/जिले, mandi/bazar/market/मंडी/बाजार, or "ke liye"/"के लिए",
     "ke paas", "ki mandi";
  2. the previous word is in/at/from/near/district/dist/zila/jila/जिला (or "to"/"for" when the
     original text writes the name with a capital letter, e.g. "deliver to Gaya");
  3. it is the last word of the message and follows a comma or other separator, a number, a unit
     word or a buy word (chahiye/चाहिए/need/required), e.g. "fish 20 kg chahiye gaya";
  4. the message is nothing but the name.
So "aloo bik gaya", "sab khatam ho gaya", "वो बाजार गया था" name no district.
"madhubani" followed by painting/art/kala/print/पेंटिंग names the craft or style, not the district.
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indic_transliteration import sanscript
from rapidfuzz import fuzz

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DISTRICTS_CSV = DATA_DIR / "bihar_districts.csv"
BLOCKS_CSV = DATA_DIR / "bihar_blocks_lgd.csv"
ADJACENCY_CSV = DATA_DIR / "bihar_district_adjacency.csv"

FIND_THRESHOLD = 80.0  # minimum score for find_district / find_block
NEAR_EXACT = 92.0  # from here a typed name is taken as it is; below (a consonant-skeleton guess) it is confirmed
SUGGEST_THRESHOLD = 60.0  # minimum score to appear in a "did you mean" list


@dataclass(frozen=True)
class District:
    """One of Bihar's 38 districts (LGD code, names, HQ town, aliases, HQ coordinates)."""

    code: int
    name_en: str
    name_hi: str
    hq_en: str
    hq_hi: str
    aliases: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True)
class Block:
    """A block (प्रखंड) of a district, with its LGD code and Title Case English name."""

    code: int
    district_code: int
    name_en: str
    name_hi: str | None


# ---------------------------------------------------------------------------- text keys

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_TOKEN = re.compile(r"[a-z0-9]+|[\u0900-\u097F]+|[,;:!?|/()\[\]\n.@₹-]")
_TOKEN_ANYCASE = re.compile(_TOKEN.pattern, re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9\u0900-\u097F]+")
_ROMAN_SUBS = (
    ("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("x", "ks"),
    ("ee", "i"), ("oo", "u"), ("ou", "au"), ("y", "i"),
)
_VOWELS = set("aeiou")


def fold(text: str) -> str:
    """Lower-case, NFC, fold nukta and chandrabindu, so spellings of one word compare equal."""
    text = unicodedata.normalize("NFD", text.lower())
    text = text.replace("\u093c", "").replace("\u0901", "\u0902")  # nukta, chandrabindu -> anusvara
    text = text.replace("\u200c", "").replace("\u200d", "")
    return unicodedata.normalize("NFC", text)


_ITRANS_VOWELS = set("aAiIuUeoR")


def _drop_schwa(word: str) -> str:
    """Delete inherent 'a' the way Hindi speech does: final, and medial before consonant+vowel."""
    chars = list(word)
    j = len(chars) - 1
    while j > 0:
        if chars[j] == "a" and chars[j - 1] not in _ITRANS_VOWELS and chars[j - 1] != ".":
            nxt = chars[j + 1] if j + 1 < len(chars) else ""
            if nxt in ("i", "u"):  # diphthongs ai / au
                j -= 1
                continue
            if j == len(chars) - 1 and j >= 3:
                del chars[j]
            elif nxt and nxt not in _ITRANS_VOWELS:
                k = j + 2 if j + 2 < len(chars) and chars[j + 2] == "h" else j + 1
                after = chars[k + 1] if k + 1 < len(chars) else ""
                first_syllable = not any(c in _ITRANS_VOWELS for c in chars[:j - 1])
                if after in _ITRANS_VOWELS and not first_syllable:
                    del chars[j]
        j -= 1
    return "".join(chars)


def fold_keep_case(text: str) -> str:
    """`fold` without lower-casing (to read the user's capitalisation)."""
    text = unicodedata.normalize("NFD", text).replace("\u093c", "").replace("\u0901", "\u0902")
    return unicodedata.normalize("NFC", text.replace("\u200c", "").replace("\u200d", ""))


def _itrans_to_roman(itrans: str) -> str:
    """Lower an ITRANS transliteration into plain Hinglish-like letters."""
    itrans = itrans.replace(".N", "").replace("~N", "n").replace("~n", "n").replace("M", "n")
    itrans = " ".join(_drop_schwa(w) for w in itrans.split())
    itrans = itrans.replace(".D", "r").replace("Ch", "chh").replace(".h", "").replace(".", "")
    return itrans.lower()


@lru_cache(maxsize=4096)
def roman(text: str) -> str:
    """Loose Roman key: Devanagari transliterated, common Hinglish spelling variants merged."""
    text = fold(text)
    if _DEVANAGARI.search(text):
        text = _itrans_to_roman(sanscript.transliterate(text, sanscript.DEVANAGARI, sanscript.ITRANS))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isascii())
    text = _NON_ALNUM.sub(" ", text.lower()).strip()
    for old, new in _ROMAN_SUBS:
        text = text.replace(old, new)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """Consonant skeleton of the roman key ("darbhanga" -> "drbng")."""
    r = roman(text).replace(" ", "")
    if not r:
        return ""
    out = r[0] + "".join(c for c in r[1:] if c not in _VOWELS and c != "h")
    out = out.replace("v", "b")
    return re.sub(r"(.)\1+", r"\1", out)


def _score(query: str, key: str) -> float:
    """Similarity 0..100 of a query and a name key (roman forms)."""
    q, k = roman(query), roman(key)
    if not q or not k:
        return 0.0
    s = fuzz.ratio(q, k)
    sq = skeleton(query)
    if len(sq) >= 3 and len(q) >= 4 and sq == skeleton(key):
        s = max(s, 90.0)
    return s


def _title(name: str) -> str:
    """LGD upper-case name to Title Case, keeping Roman numerals (BAGAHA-II -> Bagaha-II)."""
    t = name.strip().title()
    return re.sub(r"\b(Ii|Iii|Iv|Vi|Vii)\b", lambda m: m.group(1).upper(), t)


# ---------------------------------------------------------------------------- data loading


@lru_cache(maxsize=1)
def _district_data() -> tuple[tuple[District, ...], dict[int, District]]:
    """Read bihar_districts.csv once."""
    out: list[District] = []
    with DISTRICTS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases = tuple(a.strip() for a in (row["aliases"] or "").split(";") if a.strip())
            out.append(District(
                code=int(row["lgd_code"]), name_en=row["name_en"].strip(), name_hi=row["name_hi"].strip(),
                hq_en=row["headquarters_en"].strip(), hq_hi=row["headquarters_hi"].strip(),
                aliases=aliases, lat=float(row["hq_lat"]), lon=float(row["hq_lon"]),
            ))
    out.sort(key=lambda d: d.name_en)
    return tuple(out), {d.code: d for d in out}


@lru_cache(maxsize=1)
def _block_data() -> tuple[dict[int, tuple[Block, ...]], dict[int, Block]]:
    """Read bihar_blocks_lgd.csv once."""
    by_district: dict[int, list[Block]] = {}
    with BLOCKS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            b = Block(code=int(row["block_code"]), district_code=int(row["district_code"]),
                      name_en=_title(row["block_name"]), name_hi=(row["block_name_local"] or "").strip() or None)
            by_district.setdefault(b.district_code, []).append(b)
    sorted_blocks = {k: tuple(sorted(v, key=lambda b: b.name_en)) for k, v in by_district.items()}
    by_code = {b.code: b for bs in sorted_blocks.values() for b in bs}
    return sorted_blocks, by_code


@lru_cache(maxsize=1)
def _adjacency() -> dict[int, frozenset[int]]:
    """Read bihar_district_adjacency.csv once and check it: district code -> codes of the districts
    sharing a border with it. Raises ValueError when a code is unknown, a district is missing or
    listed twice, a name disagrees with bihar_districts.csv, a district borders itself or has no
    neighbour, or the relation is not symmetric."""
    known = _district_data()[1]
    adj: dict[int, frozenset[int]] = {}
    problems: list[str] = []
    with ADJACENCY_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = int(row["lgd_code"])
            near = [int(c) for c in (row["neighbours"] or "").split(";") if c.strip()]
            if code not in known:
                problems.append(f"unknown district code {code}")
            elif known[code].name_en != row["name_en"].strip():
                problems.append(f"{code}: name {row['name_en']!r} is not {known[code].name_en!r}")
            if code in adj:
                problems.append(f"{code} listed twice")
            if len(set(near)) != len(near):
                problems.append(f"{code}: a neighbour is repeated")
            if code in near:
                problems.append(f"{code} borders itself")
            if not near:
                problems.append(f"{code} has no neighbour")
            problems += [f"{code}: unknown neighbour code {c}" for c in near if c not in known]
            adj[code] = frozenset(near)
    problems += [f"district {c} ({known[c].name_en}) missing" for c in known if c not in adj]
    problems += [f"not symmetric: {a} lists {b} but {b} does not list {a}"
                 for a, ns in adj.items() for b in ns if b in adj and a not in adj[b]]
    if problems:
        raise ValueError(f"{ADJACENCY_CSV.name}: " + "; ".join(sorted(problems)[:20]))
    return adj


def _district_names(d: District) -> list[str]:
    """Every name a district is known by."""
    names = [d.name_en, d.name_hi, d.hq_en, d.hq_hi, *d.aliases]
    for a in list(names):
        m = re.match(r"^(.*?)\s*\((.*)\)\s*$", a)
        if m:
            names += [m.group(1), m.group(2)]
    return [n for n in dict.fromkeys(names) if n]


def _block_names(b: Block) -> list[str]:
    """Every name a block is known by (parenthesised alternatives split out)."""
    names = [b.name_en]
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", b.name_en)
    if m:
        names += [m.group(1), m.group(2)]
    numeral = re.search(r"-(I|II|III|IV)$", b.name_en)
    if numeral:
        names.append(b.name_en[:numeral.start()] + " " + str(("I", "II", "III", "IV").index(numeral.group(1)) + 1))
    elif "-" in b.name_en:
        names.append(b.name_en.replace("-", " "))
    if b.name_hi:
        names.append(b.name_hi)
    return names


@lru_cache(maxsize=1)
def _district_keys() -> tuple[list[str], list[int]]:
    """Flat key list (for rapidfuzz) and the district code of each key."""
    keys: list[str] = []
    codes: list[int] = []
    for d in _district_data()[0]:
        for n in _district_names(d):
            keys.append(n)
            codes.append(d.code)
    return keys, codes


@lru_cache(maxsize=64)
def _block_keys(district_code: int) -> tuple[list[str], list[int]]:
    """Flat key list and block code per key, for one district."""
    keys: list[str] = []
    codes: list[int] = []
    for b in _block_data()[0].get(district_code, ()):
        for n in _block_names(b):
            keys.append(n)
            codes.append(b.code)
    return keys, codes


# ---------------------------------------------------------------------------- districts


def districts() -> list[District]:
    """All 38 districts sorted by English name."""
    return list(_district_data()[0])


def district_by_code(code: int) -> District | None:
    """District by LGD code."""
    return _district_data()[1].get(int(code))


def district_by_name(name_en: str) -> District | None:
    """District by its exact English name (case-insensitive)."""
    want = fold(name_en).strip()
    for d in _district_data()[0]:
        if fold(d.name_en) == want:
            return d
    return None


# words people wrap around a place name when answering "which district?"
_FILLER = frozenset("""
district dist distt zila zilla jila jilla jile se hai hain hu hoon hun me mein main mai men mera meri
hamara hamari humara apna from in at is my the of ka ki ke h he block prakhand thana gaon village
जिला जिले ज़िला से है हूँ हूं में मे मेरा मेरी हमारा हम का की के प्रखंड गांव गाँव ब्लॉक ब्लाक
""".split())


def _candidate_phrases(text: str) -> list[str]:
    """The whole answer without filler words, plus each word and word pair in it."""
    words = [w for w in _NON_ALNUM.sub(" ", fold(text)).split() if w]
    core = [w for w in words if w not in _FILLER]
    phrases: list[str] = []
    if core:
        phrases.append(" ".join(core))
    for i, w in enumerate(core):
        if i + 1 < len(core):
            phrases.append(w + " " + core[i + 1])
        phrases.append(w)
    return list(dict.fromkeys(phrases))


def _rank(phrases: list[str], keys: list[str], codes: list[int]) -> dict[int, float]:
    """Best score per code over all phrases and keys."""
    best: dict[int, float] = {}
    folded = [" ".join(_NON_ALNUM.sub(" ", fold(k)).split()) for k in keys]
    for p in phrases:
        for k, fk, c in zip(keys, folded, codes):
            if p == fk:
                s = 100.0
            elif roman(p) == roman(k):
                s = 99.0
            else:
                s = _score(p, k)
                if " " in fk and " " not in p and p in fk.split():
                    s = max(s, 85.0)  # one word of a two-word name: "champaran", "sharif"
            if s > best.get(c, 0.0):
                best[c] = s
    return best


def find_district(text: str) -> District | None:
    """The district the user means by a short answer ("patna", "darbanga", "Motihari", "गया जी")."""
    found = match_district(text)
    return found[0] if found else None


def match_district(text: str) -> tuple[District, float] | None:
    """`find_district` with its score (100 exact, 99 same spelling key, >= NEAR_EXACT close)."""
    if not text or not text.strip() or len(text) > 200:
        return None
    keys, codes = _district_keys()
    best = _best(_rank(_candidate_phrases(text), keys, codes))
    if best is None:
        return None  # too far, or a tie such as "champaran" (east or west?)
    d = district_by_code(best[0])
    return (d, best[1]) if d else None


def _best(ranked: dict[int, float]) -> tuple[int, float] | None:
    """The one best (code, score) at or above FIND_THRESHOLD, or None (nothing, or a tie)."""
    if not ranked:
        return None
    code, score = max(ranked.items(), key=lambda kv: kv[1])
    if score < FIND_THRESHOLD or sum(1 for s in ranked.values() if s == score) > 1:
        return None
    return code, score


def suggest_districts(text: str, limit: int = 5) -> list[District]:
    """Closest districts for a "did you mean" list, best first."""
    if not text or not text.strip() or limit <= 0:
        return []
    keys, codes = _district_keys()
    ranked = _rank(_candidate_phrases(text[:200]), keys, codes)
    order = sorted((kv for kv in ranked.items() if kv[1] >= SUGGEST_THRESHOLD), key=lambda kv: (-kv[1], kv[0]))
    return [d for d in (district_by_code(c) for c, _ in order[:limit]) if d]


# ---------------------------------------------------------------------------- districts in free text

_AMBIGUOUS = frozenset({"gaya", "गया", "ara", "आरा"})
_POST_ONE = frozenset("""
me mein men mai mei se tak ji jee district dist distt zila zilla jila jilla jile mandi bazar bazaar market
में मे मैं से तक जी जिला जिले ज़िला मंडी बाजार बाज़ार
""".split())
_POST_TWO = frozenset({("ke", "liye"), ("ke", "liae"), ("ke", "lie"), ("ke", "paas"), ("ke", "pas"),
                       ("ki", "mandi"), ("ki", "bazar"), ("के", "लिए"), ("के", "लिये"), ("की", "मंडी")})
_PRE = frozenset("in at from near district dist distt zila zilla jila jilla जिला".split())
_PRE_CAPITAL = frozenset({"to", "for"})
_END_PREV = frozenset("""
chahiye chahie chaiye chaahiye chahye need needed required require wanted urgent delivery deliver
kg kilo kgs quintal qtl quintals kwintal ton tons tonne piece pcs pc litre liter ltr dozen darjan
चाहिए चाहिये किलो क्विंटल टन लीटर पीस दर्जन
""".split())
_CRAFT_NEXT = frozenset("""painting paintings painting. art arts kala paint print prints
पेंटिंग चित्रकला कला पेन्टिंग प्रिंट""".split())


@lru_cache(maxsize=1)
def _text_index() -> tuple[dict[tuple[str, ...], int], dict[str, int], int]:
    """Exact phrase index (folded tokens) and a skeleton index for long single words."""
    phrases: dict[tuple[str, ...], int] = {}
    skel: dict[str, int] = {}
    clash: set[str] = set()
    for d in _district_data()[0]:
        for n in _district_names(d):
            toks = tuple(_TOKEN.findall(fold(n)))
            toks = tuple(t for t in toks if t not in "()")
            if not toks or toks == ("champaran",):
                continue
            phrases[toks] = d.code
            rtoks = tuple(roman(t) for t in toks)
            phrases.setdefault(rtoks, d.code)
            if len(toks) == 1 and not _DEVANAGARI.search(toks[0]):
                sk = skeleton(toks[0])
                if len(sk) >= 4:
                    if sk in skel and skel[sk] != d.code:
                        clash.add(sk)
                    skel[sk] = d.code
    for sk in clash:
        skel.pop(sk, None)
    longest = max(len(k) for k in phrases)
    return phrases, skel, longest


def _ambiguous_ok(tokens: list[str], raw: list[str], i: int, n: int) -> bool:
    """Whether an ambiguous name (gaya/ara) at tokens[i:i+n] is used as a place (rule in module doc)."""
    nxt = tokens[i + n] if i + n < len(tokens) else None
    nxt2 = tokens[i + n + 1] if i + n + 1 < len(tokens) else None
    prev = tokens[i - 1] if i > 0 else None
    words = [t for t in tokens if t[0].isalnum()]
    if len(words) == n:
        return True
    if nxt in _POST_ONE or (nxt is not None and nxt2 is not None and (nxt, nxt2) in _POST_TWO):
        return True
    if prev in _PRE:
        return True
    if prev in _PRE_CAPITAL and raw[i][:1].isupper():
        return True
    is_last = all(not t[0].isalnum() for t in tokens[i + n:])
    if is_last and prev is not None and (not prev[0].isalnum() or prev.isdigit() or prev in _END_PREV):
        return True
    if is_last and prev in ("tak", "तक") and roman(tokens[i]) == "ara":
        return True  # "85 rupaye tak, Ara": a ceiling, then the place ("tak gaya" is "went as far as")
    return False


def district_in_text(text: str) -> District | None:
    """A district named inside a free message ("Need 2 tons onions in Gaya"), or None."""
    if not text:
        return None
    raw = _TOKEN_ANYCASE.findall(fold_keep_case(text[:1000]))
    # keep original casing next to the folded tokens (same tokenisation on a lower-cased copy)
    tokens = _TOKEN.findall(fold(text[:1000]))
    if len(raw) != len(tokens):
        raw = tokens
    phrases, skel, longest = _text_index()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok[0].isalpha():
            i += 1
            continue
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i:i + n])
            code = phrases.get(key)
            if code is None and n <= 3 and all(t[0].isascii() for t in key):
                code = phrases.get(tuple(roman(t) for t in key))
            if code is None and n == 1 and len(tok) >= 6 and tok.isascii():
                code = skel.get(skeleton(tok))
            if code is None:
                continue
            if n == 1 and (tok in _AMBIGUOUS or roman(tok) in _AMBIGUOUS) and not _ambiguous_ok(tokens, raw, i, n):
                break
            nxt = tokens[i + n] if i + n < len(tokens) else None
            if nxt in _CRAFT_NEXT:
                break
            return district_by_code(code)
        i += 1
    return None


# ---------------------------------------------------------------------------- blocks


def blocks_of(district_code: int) -> list[Block]:
    """Blocks of a district sorted by name (empty for an unknown code)."""
    return list(_block_data()[0].get(int(district_code), ()))


def block_by_code(code: int) -> Block | None:
    """Block by LGD code."""
    return _block_data()[1].get(int(code))


def find_block(district_code: int, text: str) -> Block | None:
    """The block of this district the user means ("bihta", "बिहटा", "Phulwari Sharif")."""
    found = match_block(district_code, text)
    return found[0] if found else None


def match_block(district_code: int, text: str) -> tuple[Block, float] | None:
    """`find_block` with its score; only ever a block of this district."""
    if not text or not text.strip() or len(text) > 200:
        return None
    keys, codes = _block_keys(int(district_code))
    best = _best(_rank(_candidate_phrases(text), keys, codes)) if keys else None
    b = block_by_code(best[0]) if best else None
    return (b, best[1]) if b and b.district_code == int(district_code) else None


def suggest_blocks(district_code: int, text: str, limit: int = 5) -> list[Block]:
    """Closest blocks of this district for a "did you mean" list, best first."""
    if not text or not text.strip() or limit <= 0:
        return []
    keys, codes = _block_keys(int(district_code))
    if not keys:
        return []
    ranked = _rank(_candidate_phrases(text[:200]), keys, codes)
    order = sorted((kv for kv in ranked.items() if kv[1] >= SUGGEST_THRESHOLD), key=lambda kv: (-kv[1], kv[0]))
    return [b for b in (block_by_code(c) for c, _ in order[:limit]) if b]


# ---------------------------------------------------------------------------- distance and neighbours


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def distance_km(a: District, b: District) -> float:
    """Great-circle (haversine) distance between two district HQs in km."""
    return _haversine_km(a.lat, a.lon, b.lat, b.lon)


def nearest_district(lat: float, lon: float, within_km: float = 120) -> District | None:
    """The district whose HQ is nearest a shared location; None outside Bihar and its edges."""
    best = min(districts(), key=lambda d: _haversine_km(lat, lon, d.lat, d.lon))
    return best if _haversine_km(lat, lon, best.lat, best.lon) <= within_km else None


def neighbours(district_code: int) -> list[District]:
    """The districts sharing a border with this one (data/bihar_district_adjacency.csv), nearest HQ
    first (ties by name); [] for an unknown code. Symmetric: b is in neighbours(a) iff a is in
    neighbours(b). Only the order uses the approximate HQ coordinates."""
    me = district_by_code(district_code)
    if me is None:
        return []
    near = (district_by_code(c) for c in _adjacency().get(me.code, ()))
    return sorted((d for d in near if d is not None), key=lambda d: (distance_km(me, d), d.name_en))


_adjacency()  # check the adjacency file at import: a broken file must fail loudly, not mis-rank offers
