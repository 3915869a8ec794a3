"""The district a chat message names: bot.places' reading first, then what chat adds to it.

On top of ``places.district_in_text`` (district names, aliases, the careful "gaya"/"ara" rules):
  * Devanagari punctuation after a name ("मुजफ्फरपुर।") separates it like a full stop;
  * "purvi/paschim champaran" spellings;
  * "Gaya"/"Ara" written with a capital letter anywhere but at the start of the message is the place
    (nobody capitalises the verb "gaya" mid-sentence: "kal Gaya gaye the", "pura maal Gaya bhej denge");
  * "gaya ka/ke/ki" (गया का) next to a product names the district ("गया का तिलकुट", "tilkut ... gaya ka"),
    and so does a motion verb after it ("gaya gaye the" = went to Gaya), unless a verb stands before it
    ("bik gaya", "लग गया"); so does a copula before it (a new phrase: "wholesaler hu gaya ramna road"; the verb is
    "ho gaya", never "hu gaya") or an English verb after it ("hostel gaya needs 200 ltr");
  * towns and block names people give instead of the district: the towns in ``TOWNS`` and the names of
    Bihar's blocks (``places.blocks_of``) that belong to one district only ("Danapur" -> Patna,
    "झंझारपुर" -> Madhubani, "Bodh Gaya" -> Gaya). A block name counts only where a place stands (a
    postposition, separator or the message's end after it, or in/at/from before it), a Roman one only when
    capitalised or set off as an address (", bihta" ending the message) and longer than four letters, and not the few that are everyday or far-away names
    ("Sandesh" = message, "Dhaka"), so everyday words that happen to be block names are not places;
  * a lower-case Roman block name of one district where a place stands (ending the message, before a postposition
    or separator: "aalu 5 kuntal bechna h benipur", "hisua me 2 ton tamatar") when five letters or more and no
    everyday word or given name (``_EVERYDAY_BLOCK``: "purani", "chakki", "kadwa"), product, unit or number word; a
    shorter one ("barh", "pusa") only ending the message right after an amount or unit ("90rs kilo barh");
  * Devanagari block names (the LGD list has Roman ones only) matched by their Roman spelling or skeleton
    where a place stands ("..., हिसुआ" -> Nawada);
  * block names as the LGD list spells them with a part number or a final h ("BAGAHA-I", "बगहा-1",
    "MARHAURAH") are read without it; and any block name of one district, short ones and everyday words
    included (not far-away names), is the address when set off by a separator at the message's end
    ("..., Ekma", "..., महुआ"), when written in Devanagari before a postposition ("पूसा में", "ओबरा प्रखंड"), or
    capitalised before one or between two separators ("Ekma se", "khet me, Ekma, 12 rupaye kilo");
  * a district read only from a loose spelling of a word that is a verb's subject ("mangar lag gaya") or names a
    pest ("mangra keeda") is none;
  * a district's name that begins a craft's name (Madhubani painting), joined by "and" to a craft named, is the art
    ("sikki aur madhubani ka stall"): another place the message names counts;
  * a district's name followed by kumari/devi/kumar/prasad is a person's name ("Vaishali Kumari", "Gaya Prasad"); a
    place named besides it counts ("Vaishali Kumari, Darbhanga se");
  * a district read only from a loose spelling ("manager" ~ Munger) gives way to one the message names exactly;
  * a block's LGD name with an alternative in brackets ("CHAKIA (PIPRA)") is known by each name; Angika sinh/sein
    (from) is a postposition ("Ham Naugachhia sinh chhiye");
  * "gaya" after a street or quarter (road, chowk, colony) and before a separator or postposition is the town
    ("ramna road gaya,"; "wo bazar gaya hai" went);
  * a given name that is a district's ("Vaishali") before a term of address (didi, ji) is a person ("Vaishali didi ko
    bolo"; "Gaya ji" stays the town);
  * with no place found, a district's name typed in two pieces ("kati haar", "kishan ganj", "sahar sa") or with "dh"
    for the ढ़ its Roman name writes "rh" ("sitamadhi") is the district.
Eleventh round: a colon closes a heading ("Biraul: ...") and Maithili sa/san (from) is a postposition, so a block
before either is the address; "Kasba" uninflected before a postposition is the block (the noun is "kasbe me"); Baunsi
(LGD: Bausi) is Banka's; a word before block/prakhand that is one district's block is that block, not the district it
spells loosely ("Madhepur block" = Madhubani); of several places, one in the clause of a delivery word ("Siwan me
deliver karna hai") or after a contrast that follows the writer's home ("ghar Siwan me hai par sasural Gopalganj me",
"I am from Saharsa but the stock is at our Supaul godown") is where the goods are.
Twelfth round: a place followed by "tak" (up to) is how far the goods go, so another place named is theirs ("maal
mahnar me hai, patna tak pahucha denge" = Vaishali); Obra is read in lower case where a place stands.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot import places
from bot.parser import words as W
from bot.parser.normalize import MAX_CHARS, tokenize
from bot.parser.products import ProductHit

_DANDA = re.compile("[\u0964\u0965]")
_CHAMPARAN = {w: "Purbi Champaran" for w in ("purvi", "poorvi", "purwi", "purab", "purv", "east", "पूर्वी", "पुर्वी")}
_CHAMPARAN.update({w: "Pashchim Champaran" for w in ("paschim", "pashchim", "pachhim", "pachim", "pashcim", "west",
                                                    "पश्चिम", "पच्छिम")})
_AMBIGUOUS = {"gaya": "Gaya", "गया": "Gaya", "ara": "Bhojpur", "आरा": "Bhojpur"}
_CAPITAL = re.compile(r"(?<![A-Za-z])(Gaya|GAYA|Ara|ARA)(?![A-Za-z])")
# towns that are not district headquarters (those are aliases in data/bihar_districts.csv), as people write them
TOWNS = {
    "bodhgaya": "Gaya", "bodh gaya": "Gaya", "बोधगया": "Gaya", "बोध गया": "Gaya", "arrah": "Bhojpur",
    "jhanjharpur": "Madhubani", "झंझारपुर": "Madhubani", "dehri": "Rohtas", "dehri on sone": "Rohtas",
    "डेहरी": "Rohtas", "danapur": "Patna", "दानापुर": "Patna",
    "rajgir": "Nalanda", "राजगीर": "Nalanda", "raxaul": "Purbi Champaran", "रक्सौल": "Purbi Champaran",
    "narkatiaganj": "Pashchim Champaran", "bagaha": "Pashchim Champaran", "digha": "Patna", "दीघा": "Patna", "mirganj": "Gopalganj", "मीरगंज": "Gopalganj", "sonepur": "Saran",
    "सोनपुर": "Saran", "forbesganj": "Araria", "फारबिसगंज": "Araria", "jainagar": "Madhubani",
    "jaynagar": "Madhubani", "benipatti": "Madhubani", "dalsinghsarai": "Samastipur", "barauni": "Begusarai",
    "naugachia": "Bhagalpur", "नवगछिया": "Bhagalpur", "kahalgaon": "Bhagalpur", "sultanganj": "Bhagalpur",
    "jamalpur": "Munger", "mokama": "Patna", "मोकामा": "Patna", "bikramganj": "Rohtas", "dumraon": "Buxar",
    "mohania": "Kaimur", "hilsa": "Nalanda", "rajauli": "Nawada", "sherghati": "Gaya", "tekari": "Gaya",
    "manpur": "Gaya", "daudnagar": "Aurangabad", "birpur": "Supaul", "raghopur": "Vaishali",
    "bakhtiyarpur": "Patna", "bakhtiarpur": "Patna", "बख्तियारपुर": "Patna",
    "sonpur": "Saran", "banmankhi": "Purnia", "बनमनखी": "Purnia", "thakurganj": "Kishanganj", "ठाकुरगंज": "Kishanganj",
    "कहलगांव": "Bhagalpur", "कहलगाँव": "Bhagalpur", "bihpur": "Bhagalpur", "बिहपुर": "Bhagalpur", "jitwarpur": "Madhubani", "जितवारपुर": "Madhubani", "patharkatti": "Gaya",
    "पत्थरकट्टी": "Gaya", "khagaul": "Patna", "खगौल": "Patna", "kankarbagh": "Patna", "bihiya": "Bhojpur", "बिहिया": "Bhojpur", "कंकड़बाग": "Patna",
    "phulwari sharif": "Patna", "phulwarisharif": "Patna", "फुलवारी शरीफ": "Patna", "फुलवारीशरीफ": "Patna",
    "बड़हिया": "Lakhisarai", "barhiya": "Lakhisarai", "barahiya": "Lakhisarai",
    "farbisganj": "Araria", "forbisganj": "Araria", "triveniganj": "Supaul", "त्रिवेणीगंज": "Supaul",
    "narkatiyaganj": "Pashchim Champaran", "मोहनिया": "Kaimur", "saur bazar": "Saharsa", "saurbazar": "Saharsa",
    "sabour": "Bhagalpur", "सबौर": "Bhagalpur", "majhaulia": "Pashchim Champaran", "मझौलिया": "Pashchim Champaran",
    "singheshwar": "Madhepura", "सिंहेश्वर": "Madhepura", "सिंघेश्वर": "Madhepura", "sinheshwar": "Madhepura",
    "obra": "Aurangabad", "सौर बाजार": "Saharsa", "baunsi": "Banka", "bounsi": "Banka", "बौंसी": "Banka",  # the LGD list spells it Bausi
    "gulabbagh": "Purnia", "gulab bagh": "Purnia", "गुलाबबाग": "Purnia",  # Purnia's big grain mandi
    "pawapuri": "Nalanda", "पावापुरी": "Nalanda",
    "boring road": "Patna", "बोरिंग रोड": "Patna", "fraser road": "Patna", "frazer road": "Patna",  # Patna's streets
}
# short towns that are also words ("barh" ~ baadh = flood; बाढ़ is only the flood): read, like block names,
# only capitalised where a place stands
CUED_TOWNS = {"barh": "Patna", "silao": "Nalanda", "सिलाव": "Nalanda", "hilsa": "Nalanda",
              "piro": "Bhojpur", "kanti": "Muzaffarpur", "pusa": "Samastipur"}
# words before "gaya" that make it the verb ("bik gaya", "ho gaya", "लग गया")
_VERB_BEFORE = frozenset("""
bik bika ho hua lag lagi mil kho chala chal aa a nikal ban bhar beet bit gir sad sookh sukh khatam khatm
mar jal ruk pahunch pahuch reh rah so bhool bhul tut toot phat fat dub doob dhul badh ghat kat
बिक हो लग मिल खो चल आ निकल बन भर बीत गिर सड़ सड सूख खत्म मर जल रुक पहुंच रह सो भूल टूट फट डूब बढ़ घट कट
""".split())


_WORD = re.compile(r"[a-z0-9]+|[\u0900-\u097f]+")  # the words places.district_in_text reads (after its fold)


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words of the districts' names of two or more words ("purbi", "kaimur"), and their Roman keys."""
    out: set[str] = set()
    for d in places.districts():
        names = [d.name_en, d.name_hi, d.hq_en, d.hq_hi, *d.aliases]
        names += [part for n in names if n for part in re.split(r"[()]", n)]
        for n in names:
            words = _WORD.findall(places.fold(n or ""))
            if len(words) > 1:
                out.update((words[0], places.roman(words[0])))
    return frozenset(out)


@lru_cache(maxsize=65536)
def is_district_word(word: str) -> bool:
    """The one word names a district (places.district_in_text(word)), cached per word."""
    return places.district_in_text(word) is not None


@lru_cache(maxsize=65536)
def names_district(word: str) -> bool:
    """The word may be (or begin) a district's name: it names one alone, or starts a name of several words.
    A cheap per-word test, so that places.district_in_text reads only messages that may name a district."""
    if is_district_word(word):
        return True
    firsts = _first_words()
    return word in firsts or places.roman(word) in firsts


def may_name_district(text: str) -> bool:
    """Some word of the text passes names_district (False: places.district_in_text(text) is None)."""
    return any(names_district(w) for w in _WORD.findall(places.fold(text[:1000])) if not w[0].isdigit())


def tokens_may_name_district(tokens: list[str]) -> bool:
    """may_name_district read from the parser's tokens of the same text (cheaper: no second tokenisation). They
    hold every word places reads: the same folding, words split at digits, apostrophes and dandas."""
    for t in tokens:
        if t[0].isalpha() or "\u0900" <= t[0] <= "\u097f":
            if "'" in t:
                if any(w and names_district(w) for w in t.split("'")):
                    return True
            elif names_district(t):
                return True
    return False


def district(text: str, tokens: list[str], hits: list[ProductHit]) -> places.District | None:
    """The district the message names, or None (rules in the module doc)."""
    found = _district(text, tokens, hits)
    if found is None:
        return None
    if not _BLOCK_WORD.isdisjoint(tokens):
        found = _named_block(text, tokens, found)
    if not _TRADE_PLACE_CUE.isdisjoint(tokens):
        found = _trade_place(text, tokens, found)
    if not _UP_TO.isdisjoint(tokens) or "le" in tokens or "ले" in tokens:
        found = _not_the_destination(text, tokens, found)
    return found


_UP_TO = frozenset({"tak", "tk", "तक", "pahunchana", "pahuchana", "pahunchani", "पहुंचाना"})
_TAKE_TO = frozenset({("le", "jaane"), ("le", "jane"), ("le", "jana"), ("le", "jaana"), ("ले", "जाने"), ("ले", "जाना")})


def _not_the_destination(text: str, tokens: list[str], found: places.District) -> places.District:
    """ "maal mahnar me hai, patna tak pahucha denge", "aalu Patna le jaane ke liye, Nalanda se": a place followed by
    "tak" (up to), "pahunchana" or "le jaana" (to take) is where the goods go; when another place is named, that one is
    where they are."""
    at = _exact_at(tokens, found)
    if not at or not all(tokens[i + 1:i + 2] and (tokens[i + 1] in _UP_TO or tuple(tokens[i + 1:i + 3]) in _TAKE_TO)
                         for i in at):
        return found
    rest = places.fold(text)
    for w in set(_name_words(tokens, found)):
        rest = re.sub(r"(?<![\w])" + re.escape(w) + r"(?![\w])", " . ", rest)
    other = _district(rest, tokenize(rest), [])
    return other if other is not None else found


# a block named as one: "Madhepur block me", "ओबरा प्रखंड"
_BLOCK_WORD = frozenset({"block", "prakhand", "प्रखंड", "ब्लॉक", "blok"})


def _named_block(text: str, tokens: list[str], found: places.District) -> places.District:
    """ "Madhepur block me 40 kilo makhana": a word right before block/prakhand that is the exact name of one
    district's block is that block, though it also spells another district loosely (Madhepur ~ Madhepura)."""
    names = _place_names()[0]
    for t, name in _words_before_block_word(tokens, lambda t: names.get((t,))):
        if name != found.name_en and _read_without(text, [t]) != found:
            return places.district_by_name(name) or found
    return found


def _words_before_block_word(tokens: list[str], name_of):
    """(word, district name) for each word right before block/prakhand that `name_of` names."""
    for i, t in enumerate(tokens[:-1]):
        if tokens[i + 1] in _BLOCK_WORD and (name := name_of(t)):
            yield t, name


# a clause telling where the writer lives or comes from ("ghar Siwan me hai", "I am from Saharsa", "hum Siwan se hain")
_HOME = frozenset(places.fold(w) for w in "ghar ghr घर from rehne rahne रहने rahte rehte native".split())
_CONTRAST_RE = re.compile(r"(?i)(?<![\w\u0900-\u097f])(lekin|magar|but|kintu|parantu|par|pr|लेकिन|मगर|किंतु|परंतु|पर)"
                          r"(?![\w\u0900-\u097f])")
_WEAK_CONTRAST = frozenset({"par", "pr", "पर"})  # also "on": a contrast only after a copula or a comma ("hai par")
_DELIVER = frozenset(places.fold(w) for w in """deliver delivery delivered dilivery delivary delevery deleviry
डिलीवरी डिलिवरी""".split())
_CLAUSE_RE = re.compile(r"[,.;:!?|\n\u0964]+")
_TRADE_PLACE_CUE = _HOME | _DELIVER | frozenset({"se", "से"})


def _trade_place(text: str, tokens: list[str], found: places.District) -> places.District:
    """Of several places, the one where the goods are or are wanted: a place named in the clause of a delivery word
    ("Gopalganj wala, Siwan me deliver karna hai"), or after a contrast (lekin, but, "hai par") that follows a
    clause telling the writer's home ("ghar Siwan me hai par sasural Gopalganj me, wahan 5 quintal gud", "I am from
    Saharsa but the stock is at our Supaul godown", "Hum Siwan se hain, lekin delivery Chhapra me")."""
    if not _DELIVER.isdisjoint(tokens):
        for clause in _CLAUSE_RE.split(text):
            words = tokenize(clause)
            if words and not _DELIVER.isdisjoint(words):
                other = _district(clause, words, [])
                if other is not None and other != found:
                    return other
    for m in _CONTRAST_RE.finditer(text):
        before, after = text[:m.start()], text[m.end():]
        head = tokenize(before)
        if not head or (m.group(1).lower() in _WEAK_CONTRAST and head[-1] not in _COPULA and head[-1] != ","):
            continue
        home = not _HOME.isdisjoint(head) or any(
            t in ("se", "से") and head[k + 1:k + 2] != [] and head[k + 1] in _COPULA for k, t in enumerate(head))
        if not home or _district(before, head, []) != found:
            continue
        other = _district(after, tokenize(after), [])
        if other is not None and other != found:
            return other
    return found


def _district(text: str, tokens: list[str], hits: list[ProductHit]) -> places.District | None:
    if "\u0964" in text or "\u0965" in text:
        text = _DANDA.sub(" . ", text)
    short = len(text) <= MAX_CHARS  # the tokens hold all of a short text
    found = places.district_in_text(text) if (
        tokens_may_name_district(tokens) if short else may_name_district(text)) else None
    if found is not None and _a_craft(tokens, found, hits):
        at = set(_exact_at(tokens, found))  # "rajgir mahotsav me sikki aur madhubani ka stall"
        other = _read_without(text, _name_words(tokens, found)) or _town(
            text, ["." if i in at else t for i, t in enumerate(tokens)], {i for h in hits for i in range(h.start, h.end)})
        if other is not None and other != found:
            return other
    if found is not None and not _loose_without_place(tokens, found) and not _a_persons_name(tokens, found):
        loose = _loose_words(tokens, found)
        if loose:  # "purchase manager ... in Bhagalpur": a district named exactly beats one read from a loose spelling
            other = _read_without(text, loose)
            if other is not None and other != found and not _loose_words(tokens, other):
                return _beyond_origin(text, tokens, other)
        return _beyond_origin(text, tokens, found)
    if found is not None and _a_persons_name(tokens, found):
        other = _read_without(text, _name_words(tokens, found))  # "Vaishali Kumari, Darbhanga se": the place named
        if other is not None and other != found and not _a_persons_name(tokens, other):
            return other
    for i in range(len(tokens) - 1):
        if tokens[i + 1] == "champaran" and tokens[i] in _CHAMPARAN:
            return places.district_by_name(_CHAMPARAN[tokens[i]])
    m = _CAPITAL.search(text)
    if m is not None and text[:m.start()].strip() and not _PERSON.intersection(places.fold(text[m.end():]).split()[:1]):
        return places.district_by_name(_AMBIGUOUS[m.group(1).lower()])
    name = _gaya_ka(tokens, hits)
    if name is not None:
        return places.district_by_name(name)
    town = _town(text, tokens, {i for h in hits for i in range(h.start, h.end)})
    return town if town is not None else (_before_block_word(tokens) or _respelt(tokens))


# the blocks of three letters (besides Ara) that are no everyday word: read at the end after a separator, or
# named as a block ("Deo block se", ", गोह"); Ben and Roh are left out (a name, and too often something else)
_SHORT_BLOCKS = {"deo": "Aurangabad", "देव": "Aurangabad", "goh": "Aurangabad", "गोह": "Aurangabad", "roh": "Nawada",
                 "रोह": "Nawada"}


def _before_block_word(tokens: list[str]) -> places.District | None:
    """ "Deo block se hai hum", "Kadwa prakhand": a block's name right before block/prakhand, however short."""
    names = _end_names()[0]
    for _, name in _words_before_block_word(tokens, lambda t: _SHORT_BLOCKS.get(t) or names.get((t,))):
        return places.district_by_name(name)
    return None


@lru_cache(maxsize=1)
def _one_word_names() -> dict[str, str]:
    """Roman key -> district English name of the districts' one-word names, HQs and aliases of six letters or more."""
    out: dict[str, str] = {}
    for d in places.districts():
        for n in (d.name_en, d.hq_en, *d.aliases):
            k = places.roman(n or "")
            if len(k) >= 6 and " " not in k:
                out[k] = d.name_en
    return out


def _respelt(tokens: list[str]) -> places.District | None:
    """A district's name typed in two pieces ("kati haar", "kishan ganj", "sahar sa se") or with "dh" for the ढ़ its
    Roman name writes "rh" ("sitamadhi"): the district, when no piece alone names a place."""
    for i, t in enumerate(tokens):
        if not (t.isascii() and t.isalpha()):
            continue
        if "dh" in t and len(t) >= 6 and (name := _name_of(t.replace("dh", "rh"))):
            return places.district_by_name(name)
        if i + 1 < len(tokens) and tokens[i + 1].isascii() and tokens[i + 1].isalpha() \
                and len(t) + len(tokens[i + 1]) >= 6 and (name := _name_of(t + tokens[i + 1])):
            return places.district_by_name(name)
    return None


@lru_cache(maxsize=65536)
def _name_of(word: str) -> str | None:
    """The district whose one-word name `word` spells (see _one_word_names), or None."""
    return _one_word_names().get(places.roman(word))


# after a given name: "Vaishali Kumari", "Gaya Prasad" are people, not places
_PERSON = frozenset({"kumari", "kumar", "devi", "prasad", "कुमारी", "कुमार", "देवी", "प्रसाद"})
# pests and diseases: "mangra keeda" (mango hopper) is a pest, not Munger
_PEST = frozenset(places.fold(w) for w in """keeda kida keede kide keet kira rog bimari beemari jhulsa fungus कीड़ा कीड़े
कीट रोग बीमारी""".split())


def _a_persons_name(tokens: list[str], found: places.District) -> bool:
    """ "Mera registration ho gaya kya? Vaishali Kumari, ...": every word naming the district is a given name, a
    surname or kumari/devi following it (a person, not the place)."""
    if _PERSON.isdisjoint(tokens) and (_GIVEN_NAME.isdisjoint(tokens) or _ADDRESS_TERM.isdisjoint(tokens)):
        return False
    at = _exact_at(tokens, found)
    return bool(at) and all(tokens[i + 1:i + 2] != [] and (tokens[i + 1] in _PERSON or (
        tokens[i] in _GIVEN_NAME and tokens[i + 1] in _ADDRESS_TERM)) for i in at)


_AND = frozenset({"aur", "and", "or", "ya", ",", "&", "और", "या", "आ"})


def _a_craft(tokens: list[str], found: places.District, hits: list[ProductHit]) -> bool:
    """ "sikki aur madhubani ka stall": every word naming the district begins the name of a craft of the catalog
    (Madhubani painting) and is joined by "and" to a craft named: the art, not the place."""
    at = _exact_at(tokens, found)
    if not at or not hits:
        return False
    crafts = {i for h in hits if _is_craft(h.key) for i in range(h.start, h.end)}
    return all(_craft_word(tokens[i]) and any(
        0 <= i + 2 * d < len(tokens) and tokens[i + d] in _AND and i + 2 * d in crafts for d in (-1, 1)) for i in at)


def _is_craft(key: str) -> bool:
    from bot import catalog
    p = catalog.product(key)
    return p is not None and p.category == "craft"


@lru_cache(maxsize=1)
def _craft_first_words() -> frozenset[str]:
    """First words of the names of crafts of the catalog ("madhubani" of "madhubani painting")."""
    from bot import catalog
    return frozenset(tokenize(n)[0] for p in catalog.products() if p.category == "craft" for n in p.names()
                     if len(tokenize(n)) > 1)


def _craft_word(t: str) -> bool:
    return t in _craft_first_words()


def _names(found: places.District) -> list[str]:
    return [n for n in (found.name_en, found.name_hi, found.hq_en, found.hq_hi, *found.aliases) if n]


def _exact_at(tokens: list[str], found: places.District) -> list[int]:
    """Where a word names `found` exactly."""
    exact = {places.roman(n) for n in _names(found)}
    return [i for i, t in enumerate(tokens) if t[0].isalpha() and places.roman(t) in exact]


def _loose_at(tokens: list[str], found: places.District) -> list[int]:
    """Where a word names `found` only by a loose spelling (its consonants: "manager" ~ Munger), when no word names
    it exactly; else []."""
    if _exact_at(tokens, found):
        return []
    skeletons = {places.skeleton(n) for n in _names(found)}
    return [i for i, t in enumerate(tokens) if t.isascii() and t.isalpha() and places.skeleton(t) in skeletons]


def _loose_words(tokens: list[str], found: places.District) -> list[str]:
    return [tokens[i] for i in _loose_at(tokens, found)]


def _name_words(tokens: list[str], found: places.District) -> list[str]:
    """The words naming `found` exactly (a person's given name: "Vaishali" of "Vaishali Kumari")."""
    return [tokens[i] for i in _exact_at(tokens, found)]


def _read_without(text: str, words: list[str]) -> places.District | None:
    """The district the text names once `words` are taken out of it."""
    rest = places.fold(text)
    for w in set(words):
        rest = re.sub(r"(?<![\w])" + re.escape(w) + r"(?![\w])", " ", rest)
    return places.district_in_text(rest)


def _loose_without_place(tokens: list[str], found: places.District) -> bool:
    """ "aam ke ped me mangar lag gaya hai", "mangra keeda ka ilaj": the district was read only from a loose spelling
    of its name (the consonants of Munger) of a word that is the subject of a verb ("lag gaya", "ho gaya") or names
    a pest ("keeda", "rog"), or of a language's name ("bhojpuri" ~ Bhojpur): a word, not the district ("lichi 5qntl
    samstipur 70 rs kilo" keeps its misspelt Samastipur)."""
    loose = _loose_at(tokens, found)
    return bool(loose) and all(tokens[i] in _LANGUAGE or (
        tokens[i + 1:i + 2] and (tokens[i + 1] in _VERB_BEFORE or tokens[i + 1] in _PEST)
        and tokens[i + 1] not in _NEXT_CUE) for i in loose)


# languages named after a place but spoken across many districts: "bot bhojpuri samjhela?" names no district
_LANGUAGE = frozenset({"bhojpuri", "bhojpuriya", "bhojpuria"})


def _beyond_origin(text: str, tokens: list[str], found: places.District) -> places.District:
    """ "bhagalpuri silk saree chahiye ..., Patna": an adjective of origin (a district's name + -i/-ी) says where
    the goods come from; another district named in the message is the place of the trade."""
    for t in tokens:
        if len(t) > 4 and t[-1] in "iी" and is_district_word(t[:-1]) and places.district_in_text(t[:-1]) == found:
            rest = re.sub(re.escape(t), " ", places.fold(text))
            other = places.district_in_text(rest)
            if other is not None and other != found:
                return other
    return found


def _gaya_ka(tokens: list[str], hits: list[ProductHit]) -> str | None:
    """ "गया का तिलकुट", "tilkut 20 kilo ... gaya ka": gaya/ara + ka/ke/ki in a message naming a product; gaya/ara
    right after a copula ("wholesaler hu gaya ...") or before an English verb ("hostel gaya needs ...")."""
    for i, t in enumerate(tokens[:-1]):
        if t not in _AMBIGUOUS or (i > 0 and tokens[i - 1] in _VERB_BEFORE):
            continue
        if (hits and tokens[i + 1] in W.TOTAL_LINK) or tokens[i + 1] in _WALA:
            return _AMBIGUOUS[t]  # "गया का तिलकुट", "Gaya wala buyer"
        if tokens[i + 1] in W.MOTION and (i == 0 or tokens[i - 1] not in W.MOTION):
            return _AMBIGUOUS[t]  # "gaya gaye the mela me": went to Gaya
        if (i > 0 and tokens[i - 1] in _COPULA) or tokens[i + 1] in _EN_VERB:
            return _AMBIGUOUS[t]  # "wholesaler hu gaya ramna road", "hostel gaya needs 200 ltr": a new phrase, the place
        if i > 1 and tokens[i - 1] in _LOCALITY and tokens[i + 1] in _SEPARATOR | _POSTPOSITION:
            return _AMBIGUOUS[t]  # "tilkut ready hai ramna road gaya,": a street or market, then its town
    return None


# a street or quarter named before its town in an address ("ramna road gaya,", "station chowk ara se")
# (only before a separator or postposition: "wo bazar gaya hai", "chowk gaya tha" went there)
_LOCALITY = frozenset({"road", "rd", "chowk", "chauk", "colony", "mohalla", "रोड", "चौक", "कॉलोनी", "मोहल्ला"})
# given names that are also a district's ("Vaishali"): before a term of address ("Vaishali didi ko bolo") a person
_GIVEN_NAME = frozenset({"vaishali", "वैशाली"})
_ADDRESS_TERM = frozenset({"didi", "di", "ji", "jee", "bahan", "behen", "madam", "दीदी", "जी", "बहन"})


# a finite copula ends its clause: a "gaya" right after it starts a new phrase (the verb is "ho gaya", never "hu gaya")
_COPULA = frozenset({"hu", "hun", "hoon", "hai", "hain", "h", "है", "हैं", "हूं", "हूँ", "ba", "बा", "chhi", "छी"})
# an English verb after it: "gaya need 200 ltr" is no Hindi "went"
# ("is" is left out: Hindi "is liye" = so, "gaya is liye nahi aaya")
_EN_VERB = frozenset({"need", "needs", "needed", "require", "requires", "required", "want", "wants", "has", "buys",
                      "sells", "requirement", "requirements"})


_WALA = frozenset({"wala", "wali", "wale", "vala", "vali", "vale", "वाला", "वाली", "वाले"})


@lru_cache(maxsize=1)
def _place_names() -> tuple[dict[tuple[str, ...], str], int, frozenset[str]]:
    """Town and unique block names (token tuples) -> district English name, the longest name's length and
    the first words of all names."""
    owner: dict[tuple[str, ...], set[str]] = {}
    for d in places.districts():
        for b in places.blocks_of(d.code):
            for n in (b.name_en, b.name_hi):
                if not n:
                    continue
                for toks in _spellings(n):
                    owner.setdefault(toks, set()).add(d.name_en)
    names = {k: v.pop() for k, v in owner.items() if len(v) == 1 and (len(k) > 1 or len(k[0]) >= 5)}
    districts = {tuple(tokenize(n)) for d in places.districts() for n in (d.name_en, d.name_hi, *d.aliases)}
    names = {k: v for k, v in names.items()
             if not (len(k) == 1 and (k[0] in W.FILLER or (k[0] in _NOT_A_BLOCK and k[0] not in _UNINFLECTED)))
             and k not in districts}
    names.update({tuple(tokenize(k)): v for k, v in CUED_TOWNS.items()})
    names.update({tuple(tokenize(k)): v for k, v in TOWNS.items()})
    return names, max(len(k) for k in names), frozenset(k[0] for k in names)


def _spellings(name: str) -> list[tuple[str, ...]]:
    """Token tuples of a block's LGD name as people write it: without its part number ("BAGAHA-I", "बगहा-1"
    -> bagaha, बगहा) and, for a Roman name ending in "ah", also without the final h ("MARHAURAH" -> marhaura)."""
    toks = tuple(t for t in tokenize(re.sub(r"[-\s]+(I+|[12१२])$", "", name.strip())) if t not in "-().,")
    if not toks:
        return []
    out = [toks]
    alt = re.match(r"^(.*?)\s*\((.*)\)\s*$", name.strip())  # "CHAKIA (PIPRA)": each name is the block's
    if alt:
        out += [tuple(tokenize(n)) for n in alt.groups() if n.strip()]
    if toks[-1].isascii() and toks[-1].endswith("ah") and len(toks[-1]) > 4:
        out.append((*toks[:-1], toks[-1][:-1]))
    if len(toks) > 1 and not any(t.isascii() for t in toks):
        out.append(("".join(toks),))  # "कुशेश्वर स्थान" is also typed "कुशेश्वरस्थान"
    return out


@lru_cache(maxsize=1)
def _end_names() -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Names read only at the message's end after a separator (", Ekma", ", पूसा", ", महुआ") or in Devanagari
    where a place stands: every block name of one district (short ones and everyday words included, far-away
    names not), the cued towns and the towns; and the Roman keys (4+ letters) and skeletons (5+) of the
    one-word ones, for Devanagari spellings."""
    owner: dict[tuple[str, ...], set[str]] = {}
    for d in places.districts():
        for b in places.blocks_of(d.code):
            for n in (b.name_en, b.name_hi):
                for toks in _spellings(n or ""):
                    owner.setdefault(toks, set()).add(d.name_en)
    for k, v in (*CUED_TOWNS.items(), *TOWNS.items()):
        owner.setdefault(tuple(tokenize(k)), set()).add(v)
    districts = {tuple(tokenize(n)) for d in places.districts() for n in (d.name_en, d.name_hi, *d.aliases)}
    names = {k: v.pop() for k, v in owner.items() if len(v) == 1 and k not in districts
             and (len(k) > 1 or (len(places.roman(k[0])) >= 4 and k[0] not in W.FILLER and k[0] not in _FAR_AWAY))}
    return names, _devanagari_index(names, roman_min=4)


# Devanagari words that read like a short block's name but are everyday words (बाढ़ = flood, not Barh)
_EVERYDAY_HI = frozenset(places.fold(w) for w in "बाढ़ बाढ".split())


@lru_cache(maxsize=16384)
def _devanagari_keys(word: str) -> tuple[str, str]:
    """Two Roman keys that a block's LGD (Roman) name and its Devanagari spelling may share ("हिसुआ" ~ Hisua,
    "वारिसलीगंज" ~ Warisaliganj): the loose Roman spelling, and the consonant skeleton (w and v alike)."""
    word = _NASAL_V.sub("ओं", word)  # "डुमरांव" ~ Dumraon, as "गांव" ~ gaon
    return places.roman(word), "~" + places.skeleton(word).replace("w", "b")


_NASAL_V = re.compile("[\u0902\u0901]\u0935$")  # a final nasal + व (ंव, ँव) sounds "on"


@lru_cache(maxsize=1)
def _devanagari_places() -> dict[str, str]:
    """Key -> district of the one-word town and block names that have no Devanagari spelling in the data (the
    LGD list gives Roman names only): Roman keys of five letters or more, skeletons of four or more, that name
    one district only."""
    names, _longest, _firsts = _place_names()
    return _devanagari_index(names, roman_min=5)


def _devanagari_index(names: dict[tuple[str, ...], str], roman_min: int) -> dict[str, str]:
    """Key -> district of the one-word Roman names: their loose Roman spelling (`roman_min` letters or more)
    and their skeleton (five or more), each kept only when it names one district."""
    owner: dict[str, set[str]] = {}
    for key, name in names.items():
        if len(key) == 1 and key[0].isascii():
            spelt, skel = _devanagari_keys(key[0])
            for k, size in ((spelt, roman_min), (skel, 5)):
                if len(k) >= size:
                    owner.setdefault(k, set()).add(name)
    return {k: v.pop() for k, v in owner.items() if len(v) == 1}


def _by_devanagari(index: dict[str, str], word: str) -> str | None:
    """The district a Devanagari word names through `index` (see `_devanagari_index`), or None."""
    spelt, skel = _devanagari_keys(word)
    return index.get(spelt) or index.get(skel)


_NEXT_CUE = frozenset("""me mein men mai mei se ke ki ka ko block prakhand bazar bazaar mandi market district dist
wala wali wale , . ; ! ? : में मे से सें के की का प्रखंड बाजार मंडी वाला वाली वाले sinh sein sa san सँ सं
tak pahunchana pahuchana pahucha pahuncha pahunchao pahuchao pahunchaiye तक पहुंचाना पहुंचा""".split())
# (Angika sinh/sein, Maithili sa/san/सँ = from; a colon closes a heading: "Biraul: 1 kg wale 50 packet")
_PREV_CUE = frozenset("in at from near to for ,".split())  # "Rajendra Agricultural University, Pusa"
# block names that are also everyday or far-away names ("Bandra", "Srinagar", "Dhaka", "Sandesh" = message)
_NOT_A_BLOCK = frozenset("""bandra chand chandan chandi andar maker sandesh mansi mahua hilsa kasba srinagar dhaka
kharagpur ballia bairia katra fatehpur balrampur maharajganj bhawanipur akbarpur sikandra sahar simri konch kanti
silao rampur ramnagar""".split())
# of them, those read as the block where a capitalised place stands
_PLACE_WHEN_CAPITAL = frozenset({"mahua"})
# of them, nouns whose oblique form differs (kasba -> "kasbe me" = in the town): written uninflected right before a
# postposition, the name ("Kasba me 3 kuntal makhana"), which does not inflect
_UNINFLECTED = frozenset({"kasba"})
# those of them that are far from Bihar in readers' minds: never a place, even ending the message
_FAR_AWAY = frozenset("""bandra srinagar dhaka kharagpur ballia bairia fatehpur balrampur maharajganj bhawanipur
akbarpur sikandra rampur ramnagar katra""".split())


def _place_cue(tokens: list[str], start: int, end: int) -> bool:
    """A block name used as a place: a postposition, separator or the end of the message after it, or
    in/at/from before it ("Danapur me", "Dehri ki didi", "... chahiye Danapur"); in a listing, between an amount and
    the price ("baigan 2 qtl fatuha 15/kg"), or right after a copula that closes a clause ("10 kg hai jhajha jungle
    wala")."""
    nxt = tokens[end] if end < len(tokens) else None
    if nxt is None or nxt in _NEXT_CUE or (start > 0 and tokens[start - 1] in _PREV_CUE):
        return True
    prev = tokens[start - 1] if start > 0 else None
    return prev is not None and (prev in _COPULA or (nxt[0].isdigit() and (prev[0].isdigit() or prev in _unit_words())))


_SEPARATOR = frozenset(",.;!|/-")


def _is_word(t: str) -> bool:
    return t[0].isalpha() or "\u0900" <= t[0] <= "\u097f"


def _set_off(tokens: list[str], start: int, end: int) -> bool:
    """ "..., 30 rupiya kilo, bihta": a lower-case block name set off by a separator before it and ending the
    message or followed by a postposition (", bihta se") is written as an address, like a capitalised one."""
    return (start > 0 and tokens[start - 1] in _SEPARATOR
            and (end == len(tokens) or tokens[end] in _NEXT_CUE))


# block names (one district's, five letters or more) that are also everyday words or given names, so that written in
# lower case they are not read as the place ("purani saree" = old, "kadwa tel" = mustard oil, "chakki ka aata" = mill)
_EVERYDAY_BLOCK = frozenset("""purani kadwa chakki manjha manjhi manihari amour dobhi bikram barun madhuban parihar
ghoshi laxmipur nirmali mohra sakra gurua pipra palasi amdabad baisi tarari kotwa phulwari phulwariya khaira baisa
patori kahara dumra kaler nagra bhorey kapri morwa rahui suppi halsi kudra sikta sikty channan falka bithan aurai""".split())


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Words the parser reads as something else: catalog names, units, number words and the word lists of
    bot.parser.words (a block name spelt like one of them is not read in lower case)."""
    from bot.parser import numbers, products, units
    out: set[str] = set(units.UNITS)
    out.update(k[0] for k in products.index().phrases if len(k) == 1)  # ("barh lai" is a sweet, "barh" alone no product)
    for name in dir(W):
        v = getattr(W, name)
        if isinstance(v, frozenset):
            out.update(w for w in v if isinstance(w, str))
    for name in ("_ROMAN_BASIC", "_ROMAN_MULTIPLIERS", "_ROMAN_FRACTIONS", "_ROMAN_MODIFIERS"):
        for words in getattr(numbers, name, {}).values():
            out.update(words.split())
    return frozenset(out)


def _lower_block(tokens: list[str], i: int, key: tuple[str, ...]) -> bool:
    """ "aalu 5 kuntal bechna h benipur", "hisua me 2 ton tamatar", "tussar silk than 20 h katoria, 1200 ek than": a
    block name of one district written in lower case where a place stands (the caller checks: ending the message,
    or before a postposition or separator) is the place when it is five letters or more and no everyday word, given
    name, product, unit or number word; a shorter one ("barh", "pusa") only when it ends the message right after an
    amount or a unit ("masoor 2 quintal 90rs kilo barh"; Roman "barh me" may be the flood)."""
    if len(key) != 1:
        return False
    w = key[0]
    if w in _VERB_TOWNS:  # "khaja banabo hi silao me": a verb takes no postposition, the town does
        return tokens[i + 1:i + 2] != [] and tokens[i + 1] in _POSTPOSITION
    if len(w) >= 5:
        return w not in _EVERYDAY_BLOCK and w not in _NOT_A_BLOCK and w not in _vocabulary()
    if i > 0 and tokens[i - 1] in _ESTABLISHMENT and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _POSTPOSITION:
        return w not in _vocabulary()  # "sweet shop barh ko ...": a business and its address
    end = len(tokens)
    while end and tokens[end - 1] in ".!?":
        end -= 1
    return (i + 1 == end and i > 0 and w not in _vocabulary()
            and (any(c.isdigit() for c in tokens[i - 1]) or tokens[i - 1] in _unit_words()))


# towns spelt like a verb's imperative ("silao" = get it stitched, "piro" = thread it): read in lower case only before a
# postposition, which no verb takes
_VERB_TOWNS = frozenset({"silao", "piro"})
_POSTPOSITION = frozenset("me mein men mai mei se ke ki ka ko block prakhand bazar mandi में से के की का को".split())
# a business or institution named with its address right after it ("sweet shop barh ko", "canteen barh me")
_ESTABLISHMENT = frozenset("""shop dukan dukaan store hotel hostel canteen school college hospital restaurant bhandar
mill dhaba""".split())


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    from bot.parser import units
    return frozenset(units.UNITS)


def _town(text: str, tokens: list[str], in_product: set[int]) -> places.District | None:
    """A town or block name in the message (Roman ones only when capitalised; none inside a product's name:
    "मधुबनी पेंटिंग" names no block)."""
    names, longest, firsts = _place_names()
    capitals: set[str] | None = None
    for i in range(len(tokens)):
        if tokens[i] not in firsts:
            continue
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i:i + n])
            name = names.get(key)
            if name is None or (any(k in in_product for k in range(i, i + n))
                                and not (" ".join(key) in TOWNS and i > 0 and tokens[i - 1] in _PREV_CUE)):
                continue  # "मधुबनी पेंटिंग" names no place, but "stone craft from Patharkatti" does
            if " ".join(key) not in TOWNS and not _place_cue(tokens, i, i + n):
                continue
            if n == 1 and key[0] in _UNINFLECTED and not (i + 1 < len(tokens) and tokens[i + 1] in _POSTPOSITION):
                continue
            if key[0].isascii() and " ".join(key) not in TOWNS:
                if capitals is None:
                    capitals = {w.lower() for w in re.findall(r"(?<![A-Za-z])[A-Z][A-Za-z]+", text)}
                if key[0] not in capitals and not _set_off(tokens, i, i + n) and not _lower_block(tokens, i, key):
                    continue
            return places.district_by_name(name)
    return _devanagari_town(tokens, in_product) or _end_town(text, tokens, in_product)


def _end_town(text: str, tokens: list[str], in_product: set[int]) -> places.District | None:
    """ "..., 18000, Ekma", "..., ७० हजार, महुआ": a block name (short or an everyday word too) set off by a
    separator and ending the message is the address; so is one in Devanagari where a place stands ("पूसा में",
    "ओबरा प्रखंड"), and a short capitalised Roman one before a postposition or set off by separators on both sides
    ("Ekma se", "khet me, Ekma, 12 rupaye kilo")."""
    names, keys = _end_names()
    capitals: set[str] | None = None
    for i, t in enumerate(tokens):
        if i + 1 >= len(tokens) or tokens[i + 1] not in _NEXT_CUE \
                or (tokens[i + 1] in _SEPARATOR and not (i > 0 and tokens[i - 1] in _SEPARATOR)) \
                or i in in_product or not _is_word(t) or t in W.FILLER or t in _EVERYDAY_HI:
            continue  # (", Ekma, 12 rupaye kilo": set off on both sides, an address like one before a postposition)
        if t.isascii():
            if (t in _NOT_A_BLOCK and not (t in _PLACE_WHEN_CAPITAL and tokens[i + 1] not in ("ke", "ki", "ka", "ko")))\
                    or len(t) < 4:
                continue  # ("Mahua se", ", Mahua,": the block; "Mahua ke phool": the tree's flowers)
            if capitals is None:
                capitals = {w.lower() for w in re.findall(r"(?<![A-Za-z])[A-Z][A-Za-z]+", text)}
            name = names.get((t,)) if t in capitals else None
        else:
            name = names.get((t,)) or _by_devanagari(keys, t)
        if name is not None:
            return places.district_by_name(name)
    end = len(tokens)
    while end and tokens[end - 1] in ".!?":
        end -= 1
    for n in range(1, 4):
        start = end - n
        if start < 1 or tokens[start - 1] not in _SEPARATOR or any(k in in_product for k in range(start, end)):
            continue
        key = tuple(tokens[start:end])
        name = names.get(key)
        if name is None and n == 1 and not key[0].isascii() and key[0] not in _EVERYDAY_HI:
            name = _by_devanagari(keys, key[0])
        if name is None and n == 1:
            name = _SHORT_BLOCKS.get(key[0])  # "..., 55 hazar ek ke, Goh"
        if name is not None:
            return places.district_by_name(name)
    last = tokens[end - 1] if end else None
    if last is not None and last.isascii() and last.isalpha() and len(last) >= 4 and end - 1 not in in_product \
            and re.search(r"(?<![A-Za-z])" + last[0].upper() + re.escape(last[1:]) + r"\W*$", text):
        name = names.get((last,))  # "... 8500 quintal rate Kako", "... talab ke liye Kasba": capitalised, last
        if name is not None:
            return places.district_by_name(name)
    return None


def _devanagari_town(tokens: list[str], in_product: set[int]) -> places.District | None:
    """A block or town written in Devanagari where a place stands ("..., हिसुआ", "झाझा में"), matched by its
    skeleton against the Roman names (roman key of 5+ letters: short words are too often something else)."""
    index = _devanagari_places()
    for i, t in enumerate(tokens):
        if t.isascii() or i in in_product or not ("\u0900" <= t[0] <= "\u097f") or not _place_cue(tokens, i, i + 1):
            continue
        if len(places.roman(t)) < 5 or t in W.FILLER:
            continue
        name = _by_devanagari(index, t)
        if name is not None:
            return places.district_by_name(name)
    return None
