"""What the message wants: sell, buy, ask a price, or something else.

Order of rules:
  1. a command or status word (cancel, menu, help, stop, bik gaya, khatam; not inside a product's name such as
     "band gobhi", nor "bik gaya" when what is left follows: "2 quintal bik gaya, 3 quintal bacha hai") or a
     negation (nahi, not, mat; but not the "se zyada nahi" of a price ceiling) -> other;
     a how-to, farming or care question (kaise, kyon, tarika, rog, kida, dawa, "kya karein", subsidy,
     license...) with no amount, price or rate word -> other ("tamatar kaise diye" asks a price);
  2. "kharidar/grahak chahiye" (I need a buyer) -> sell; "supplier chahiye" -> buy;
  3. a rate word right before a buy word ("rate chahiye", "bhav batao") -> price;
  4. a buy word (chahiye, need, kharidna, lena; English trade shorthand: reqd/req/wtd/RFQ/sourcing/
     procure/indent, "PO for"; "dedo", "bhej dijiye", a final "do"; "kahan/kab milega") -> buy, unless a
     sell verb is there too and no purchase verb ("want to sell", "bechna chahti hu") -> sell; but a sell
     verb asked about in a question ("koi didi ... bechti hai kya? 10 piece chahiye", "kaun bechta hai?")
     looks for a seller -> buy; a sell word (bechna, sell,
     available, "mere/hamare paas", "I have") -> sell; "aapke paas ... hai?"/"do you have" -> buy;
     A buy word in someone else's conditional need is an offer: "kisi ko makhana chahiye to batana",
     "aloo lena ho to call karo", "lena hai kya kisi ko" -> sell (unless the writer is the subject:
     mujhe/hame/I/we); so is "kisko chahiye?". A buy word next to a non-trade noun ("loan chahiye",
     "payment chahiye") is not a purchase. Bhojpuri/Maithili chaahi/chahin/चाहीं are buy words; "our buyer
     wants" is a purchase (English subject-verb), "can you arrange/supply", "supply ... to our", "please quote
     for" too; with no buy word, "de denge" (will give) is a sale ("mujhe de denge?" a purchase), and "price
     list" asks rates; "koi didi X bech rahi ho to batao" looks for a seller -> buy;
  5. a non-trade word (loan, payment, training, meeting, kho = lost...) with no buy/sell marker -> other;
  6. a rate word (bhav, rate, daam, kitne; "mandi" only in a terse message with a product) and no
     price number -> price;
     "X ka bhav 2400 chal raha hai (kya)", a rate word with a price but no quantity, asked as a
     question or about the going rate -> price;
  7. a product (or an unknown product word with a quantity) and nothing else -> sell
     (a bare "product quantity" message is a sale); otherwise -> other. But a product with no amount that is
     asked about (kab, kahan, kyon, "?") or a message told in the past ("hua tha", "last year") -> other.
Also (issue 10, second round): an infinitive before chahiye is "should" ("kab dena chahiye": advice, not a
want), as are English how-to questions, recipes (vidhi) and learning (sikhna, class); "ki zarurat hai", "We'd
like", "interested in", "send me" are purchases, and so is a quotation asked for an amount ("rate for 500 kg");
"how much"/"what price" ask a rate; "kab/kahan bechna" asks about selling, it offers nothing; "700 se kam nahi"
is a seller's floor; "koi ... de sake?" and "anyone selling ...?" look for a seller; a contact ("office ka number
chahiye") or a loss (kharab, nuksan) is not goods; "X nahi, Y chahiye" counts Y (parse masks what precedes).
Third round: "jisko chahiye/lena ho" (whoever wants it) is an offer even after "hamare paas"; Bhojpuri "kinab" buys;
"loan ke liye ... chahiye" and "paisa UPI se bhejo" want no goods; a product named in a sentence with no amount,
trade word or present-tense verb ("dhaan ki ropni late hogi", "गाय बिया गेल") is talk, not an offer.
Fourth round: "kitna chal raha" asks the going rate; forms, cards, portals and meetings (baithak) are no goods;
"quality achhi thi" is past feedback ("achhi" before tha/thi is the adjective, not Maithili "is").
Fifth round: a question about money (paisa, commission) with no amount is other; "de sakte hain" told (not asked)
offers; "Is sattu available?" and "kisi didi ke paas bakri hai?" ask for goods; a budget is a buyer's;
"5 quintal gehu mandi bhav pe" offers at the going rate; "any SHG selling ...?" looks for a seller; "देवघर वाला नहीं" (not that kind) cancels nothing; "गेहूं बेच दिये,
अब सरसों है" and "sold ...; now have ..." offer what comes after "ab/now"; "kitne kilo hai" asks a rate.
Seventh round: Bhojpuri/Maithili "jekra chaahi" (whoever wants) and "agar koi ... lena chahe" (if anyone wants) are
offers even in a first-person message, and so is "lena hoga" (the buyer must take it) beside a seller's "de denge";
"gaadi aap bhejiye" asks for a vehicle to collect the goods, not for goods; documents, KYC and bills are no goods;
"bik raha hai" is selling (not sold out), and "10 rupya kilo bik raha hai kya?" asks the going rate; the "hai kya" of
a progressive verb ("machine chala rahi hai kya") asks what someone does; "koi milawat nahi" praises the goods;
"kitne me bechein?" asks a price for one's own sale; "Baby chicks nahi, murga chahiye" negates the chicks only.
Eighth round: Maithili/Bajjika "de sakai chhi" told is an offer; "X 2300 quintal chal/mil raha hai kya", "se upar gaya
kya" ask the going rate; a sale planned after a rate question ("? तखन हम बेचब") asks the rate; "purchase manager" is a
job; "what's the wholesale paneer rate" asks a rate; an order heading ("Corporate order: ...") buys; "दही लागत" after
the goods wants them; "mill ko nahi dena, bahar bechna hai" still sells; "mixture nahi" praises; a fee with no goods
("transport ka kharcha kaun dega") is other; Angika केकरो (anyone) wants conditionally.
Ninth round: a question about a service ("delivery kaise hoga", "courier charge kitna lagega", "किराया कितना लगेगा?",
"COD available hai kya?", "do you charge commission?") with no buy word and no offer but a habitual one ("we sell ...
every month") is other, whatever goods are named; a pest or disease with "what should I do" ("fungus lag gail, ka
kari") is other, whatever the amounts; Bhojpuri/Maithili chahiyo, "lewe ke ba" buy, and "हमरा लगे" (I have) is no "to
me" beside "दे देब"; anyone's want (केहू, kehu) in a clause closed by "then" (त, to) is an offer; Magahi "bikait hau?"
asks the going rate; an English "rate of X" asked by a habitual buyer ("we buy for MDM") is a rate question; "loan 2
lakh ka chahiye" wants no goods; "no stones" praises the goods; कैंसिल cancels; GST and tax are no goods; अनुदान is a
subsidy.
Tenth round: a subsidy, scheme, free supply or GI tag asked about ("anudan kitna hai?", "free milta hai kya?", "GI tag
mila hai kya?") with no buy or sell word is other, whatever goods it names; so is an animal off its feed ("chara nahi kha
rahi") and a disease with Maithili/Angika "ki karu" (dast, थनैली are diseases); a wrong delivery (galat) and the bot
are no goods; a buyer's refusal ("मिल नहीं ले रहा") is why the writer sells, not a refusal; Bengali/Surjapuri lagbe,
formal आवश्यकता buy; "must not exceed" is a ceiling; Angika "hamra sinh" (with me) is no "to me"; "kitna hai aaj" asks
today's rate; "rate mandi wala" after a quantity offers at the market's rate; "rate 800 hai ya 900?" asks which rate;
"hand-finished" says how goods are made (no "finished" stock); goods named between "office ke liye" and chahiye are
wanted.
Eleventh round: bikau (for sale) offers; "X ki kharidari karni hai" buys (procurement asked about does not); "order
dena" (to give an order) buys, "order lete hain" sells; a buy verb's infinitive before "ke liye" ("bakri kharidne ke
liye") is a purpose, so "Loan chahiye ..., bakri kharidne ke liye" wants a loan; "mil" before a factory's state ("ganna
mil kab chalu hogi") is a mill; "X ka kitna milega?" asks what X fetches; goods told as arrived ("2 bakri pahunch
gayi") and a crop drying or rotting ("dhaan sukh raha hai") with no buy or sell word are other; a sell or buy word with
a price per unit is a trade even of goods not in the catalog ("5000 eent bikau hai, 8 rupaye piece"); "koi bechne
wali ho to batana" asks for one who sells (a buyer); a negated clause closed by isliye (therefore) gives way to what
follows ("bhusa nahi hai isliye 2 bakri bechni hai").
Twelfth round: work or an account wanted ("kaam chahiye", "samooh ka hisab chahiye") is other, a craft's work ("khatwa
ka kaam chahiye") is goods; a non-trade word after the buy word that begins a purpose ("jhadu chahiye office ki safai
ke liye") names what the goods are for.
"""
from __future__ import annotations

from bot.parser import words as W
from bot.parser.normalize import fold
from bot.parser.numbers import NUMBER_WORDS
from bot.parser.products import find_products

SELL, BUY, PRICE, OTHER = "sell", "buy", "price", "other"
_TELL = frozenset({"bata", "bta", "btaa", "बता"})  # "rate bata do" = tell me the rate
_HOW_MUCH = frozenset({"kitna", "kitne", "kitni", "कितना", "कितने", "कितनी", "katek", "कतेक", "ketna", "ketne", "ketni",
                       "केतना", "केतने", "केतनी"})


_WEAK_ASK = frozenset({"mandi", "मंडी"})
_MONEY_NEXT = W.TOTAL_LINK | W.LUMP_AFTER | W.CURRENCY | W.SOLD | W.PRICE_ASK | W.GOING | frozenset(
    {"?", "tak", "तक", "me", "mein", "paisa", "paise", "rupya", "लगेगा", "lagega", "padega", "पड़ेगा", "dam", "daam"})
_CLAUSE = frozenset({"?", ".", ",", "!", ";"})
_READY = frozenset({"taiyar", "tayyar", "ready", "तैयार"})


def _money_next(tokens: list[str], i: int) -> bool:
    """ "kitne me", "kitne ka", "kitna rupaya", "aloo kitna hai?", "kela ka darjan kitna chal raha hai" (the going
    rate): the how-much at i asks a price; "kitna khad",
    "kitne din", "kitna hai aapke paas" ask an amount or a time."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or nxt in _MONEY_NEXT or (nxt in W.GET and not _a_mill(tokens, i + 1)):
        return True  # ("1 man chana ka kitna milega?": what it fetches)
    if nxt in ("hai", "h", "he", "है", "ba", "बा"):
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        return after is None or after in _CLAUSE or after in _TODAY  # "anda ka darjan kitna hai aaj": today's rate
    if nxt in _PER_UNIT and i + 2 < len(tokens) and (tokens[i + 2] in ("hai", "h", "है", "ba", "बा", "chal", "चल")
                                                     or tokens[i + 2] in W.SOLD):
        return True  # "Mandi me bhindi kitne kilo hai aaj?": (rupees) per kilo
    return False  # "aloo mandi patna" asks a rate; "hum mandi gaye the aloo lene" does not


_PER_UNIT = frozenset({"kilo", "kg", "किलो", "litre", "liter", "लीटर", "quintal", "क्विंटल", "darjan", "dozen", "दर्जन"})
_TODAY = frozenset({"aaj", "aj", "today", "आज"})



_MARKET = frozenset({"mandi", "market", "bazar", "bazaar", "मंडी", "बाजार", "sarkari", "msp"})
_AT = frozenset({"pe", "par", "pr", "पर", "पे", "me", "mein", "में", "se", "से"})


def _at_going_rate(tokens: list[str], i: int, has_quantity: bool = False) -> bool:
    """ "5 quintal gehu mandi bhav pe", "मंडी भाव पर देंगे": the rate word at i names the price the goods go at
    (no fixed price), it asks nothing; only with a quantity said, in digits or words ("एक मन धान ... मंडी रेट पर
    दऽ देब"; "mandi bhav me kitna" still asks)."""
    if _rate_of_market(tokens, i, has_quantity):
        return True
    if tokens[i] in ("msp", "एमएसपी") and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _AT and has_quantity:
        return True  # "50 quintal dhan hai, MSP pe dena hai": at the support price
    return (i > 0 and tokens[i - 1] in _MARKET and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _AT
            and (has_quantity or any(t[0].isdigit() or t in NUMBER_WORDS for t in tokens)) and tokens[-1] not in W.QUESTION
            and "?" not in tokens)


def _rate_of_market(tokens: list[str], i: int, has_quantity: bool) -> bool:
    """ "makhana 5 kuintal, rate mandi wala", "bhav mandi ka": the rate word at i is the market's (mandi + wala/ka after
    it), the rate the goods go at, in a message with a quantity and no question."""
    return (has_quantity and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _MARKET and tokens[i + 2:i + 3] != []
            and (tokens[i + 2] in _WALA or tokens[i + 2] in W.TOTAL_LINK) and "?" not in tokens)


_EITHER = frozenset({"ya", "or", "या", "athva", "अथवा"})


def rate_either(tokens: list[str]) -> bool:
    """ "makhana ka rate 800 hai ya 900 supaul me?": a rate word, then two figures joined by "or", in a question: which
    of two rates it is, asked (no price is said)."""
    if _EITHER.isdisjoint(tokens) or not ("?" in tokens or "kya" in tokens or "क्या" in tokens):
        return False
    for i, t in enumerate(tokens):
        if t in _EITHER and i > 0 and tokens[i + 1:i + 2] != [] and tokens[i + 1][0].isdigit():
            k = i - 1
            if tokens[k] in ("hai", "h", "है"):
                k -= 1
            if k >= 0 and tokens[k][0].isdigit() and any(u in W.PRICE_ASK for u in tokens[:k]):
                return True
    return False


_BUT = frozenset({",", ".", ";", "balki", "but", "बल्कि", "lekin", "लेकिन", "magar", "मगर", "kintu", "किंतु",
                  "isliye", "isiliye", "islie", "isliya", "इसलिए", "इसलिये",  # "bhusa nahi hai isliye bakri bechni hai"
                  "sirf", "sirph", "only", "keval", "kewal", "सिर्फ", "केवल"})  # "seb nahi chahiye sirf santra chahiye"
# words that may stand between a negation and the end of its clause
_CLOSE_NEG = W.PRESENT | W.PAST | frozenset({"hua", "hui", "hue", "hoga", "hogi", "bhail", "bhayil", "bhel", "hai",
                                             "हुआ", "हुई", "हुए", "भइल", "भेल", "milal", "mila", "मिला"})


def contrast_at(tokens: list[str], product_starts: list[int]) -> int | None:
    """ "hame makhana nahi, shahad chahiye 5 kg": a negation closing a clause, with a product before it and one
    after it; the position of the clause end (what counts is what follows), else None."""
    if W.NEGATION.isdisjoint(tokens):
        return None
    for i, t in enumerate(tokens[:-1]):
        if t not in W.NEGATION:
            continue
        j = i + 1  # "aam nahi hua, lekin ...", "shahad nahi hai abhi, lekin ...": a few words may close the clause
        while j < min(len(tokens), i + 4) and tokens[j] not in _BUT and (
                tokens[j] in _CLOSE_NEG or tokens[j] in _NOW or tokens[j] in W.BUY):  # "dudh nahi chahiye, paneer ..."
            j += 1
        if j < len(tokens) and tokens[j] in _BUT and (any(p < i for p in product_starts) or _names_a_thing(tokens, i - 1)) \
                and any(p > j for p in product_starts):
            return j
    return None


_NOT_A_THING = W.FILLER | W.BUY | W.SELL | W.COMMAND | W.PRICE_ASK | W.NEGATION | W.CURRENCY | _CLOSE_NEG


def _names_a_thing(tokens: list[str], k: int) -> bool:
    """The word at k (right before a negation) names a thing, though no catalog product: "Baby chicks nahi, 50 kilo
    murga chahiye" negates the chicks only (a content word, not a verb, filler or number)."""
    if k < 0:
        return False
    t = tokens[k]
    return (t[0].isalpha() or "\u0900" <= t[0] <= "\u097f") and len(t) >= 3 and t not in _NOT_A_THING \
        and t not in NUMBER_WORDS


_NOW = frozenset({"ab", "abhi", "अब", "अभी", "now"})
_THIS = frozenset({"is", "iss", "e", "ee", "ai", "इस", "ई", "this", "ehi", "ahi", "एहि", "अहि", "abki", "अबकी"})
_TIME = frozenset({"baar", "bar", "bari", "saal", "sal", "mausam", "season", "time", "बार", "साल", "बेर", "ber",
                   "मौसम", "year"})
_PIVOT_REACH = 3  # "ab kathal", "इस बार जामुन", "abhi, lekin gud": the goods follow the pivot this closely
_PIVOT_UNITS = frozenset({"kg", "kilo", "quintal", "litre", "liter", "piece", "packet", "किलो", "क्विंटल", "लीटर"})


def _pivot_end(tokens: list[str], i: int) -> int | None:
    """The index after a "now" word at i ("ab", "abhi", "is baar", "इस साल"), else None."""
    t = tokens[i]
    if t in _NOW or t in _CONTRAST:
        return i + 1
    if t in _THIS and tokens[i + 1:i + 2] and tokens[i + 1] in _TIME:
        return i + 2
    return None


_CONTRAST = frozenset({"lekin", "लेकिन", "magar", "मगर", "but", "kintu", "किंतु"})


def _negated_after(tokens: list[str], k: int) -> bool:
    """A negation in the clause from k ("..., ab shahad nahi chahiye"): what follows the pivot is not offered."""
    for t in tokens[k:]:
        if t in _CLAUSE:
            return False
        if t in W.NEGATION:
            return True
    return False


def last_time_span(tokens: list[str]) -> tuple[int, int] | None:
    """ "pichhla saal 5500 milal rahe, e saal 6000 chahi", "पिछले साल आम बेचे थे, इस बार जामुन है": (start, end) of
    what happened last year/time, from its "pichhle saal" up to the "is saal/is baar/ab" that comes back to now;
    None when the message does not come back to now."""
    if _PAST_FIRST.isdisjoint(tokens):
        return None
    for i in range(len(tokens) - 1):
        if tuple(tokens[i:i + 2]) in W.PAST_TIME:
            for k in range(i + 2, len(tokens) - 1):
                if _pivot_end(tokens, k) is not None and tokens[k] not in _CONTRAST:
                    return i, k
            return None
    return None


def now_pivot(tokens: list[str], hits: list[tuple[int, str]]) -> int | None:
    """ "aam khatam ho gaya, ab kathal hai", "पिछले साल आम बेचे थे, इस बार जामुन है", "papad aur bari banate hai,
    abhi bari ready hai", "shahad nahi hai abhi, lekin gud hai": what was (or is usually made) comes before a
    "now" word and what is offered now follows it. The position of the "now" word when a product starts within
    a few words after it, another product comes before it, and no quantity is said before it; else None.
    `hits` are (start, key) of the products named."""
    if _NOW.isdisjoint(tokens) and _THIS.isdisjoint(tokens) and _CONTRAST.isdisjoint(tokens):
        return None
    for i in range(len(tokens) - 1):
        end = _pivot_end(tokens, i)
        if end is None:
            continue
        after = [k for s, k in hits if end <= s <= end + _PIVOT_REACH]
        before = [k for s, k in hits if s < i]
        if after and before and any(k != after[0] for k in before) and not any(
                t in _PIVOT_UNITS for t in tokens[:i]) and not _negated_after(tokens, end):
            return i
    return None
_WALA = frozenset({"wala", "wali", "wale", "vala", "vali", "vale", "वाला", "वाली", "वाले"})
_WENT = frozenset({"gaya", "gayi", "gai", "gaye", "gya", "chuka", "chuki", "गया", "गई", "गए", "चुका"})
_GAVE = frozenset({"diya", "diye", "diyе", "di", "dee", "दिया", "दिये", "दिए", "दी", "sold"})


def remaining_after_sold(tokens: list[str]) -> int | None:
    """ "aloo ka 2 quintal bik gaya, 3 quintal aur bacha hai": the position of the "sold" word when what is
    left is offered after it (the quantity that counts is the one after it), else None."""
    if not _NOW.isdisjoint(tokens):
        for i, t in enumerate(tokens):  # "गेहूं बेच दिये, अब सरसों है", "sold all potatoes; now have onion"
            if t == "sold" or (t in W.SOLD and tokens[i + 1:i + 2] and tokens[i + 1] in _WENT) or (
                    t in _GAVE and i > 0 and (tokens[i - 1] in W.SELL_VERB or tokens[i - 1].startswith(("bech", "बेच")))):
                now = next((k for k in range(i + 1, len(tokens)) if tokens[k] in _NOW), None)
                if now is not None:
                    return now
    if not W.PAST.isdisjoint(tokens) and not _NOW.isdisjoint(tokens):
        for i, t in enumerate(tokens):  # "makhana 5 quintal tha, ab 2 quintal hai": what there is now counts
            if t in W.PAST and any(u in _NOW for u in tokens[i + 1:]):
                return i
    if W.REMAINING.isdisjoint(tokens):
        return None
    for i, t in enumerate(tokens):
        if t in W.SOLD and any(u in W.REMAINING for u in tokens[i + 1:]):
            return i
    return None


# what a seller lacks that makes them sell: room, fodder, time, money, someone to look after the animals
_LACKED = frozenset("""jagah jaga jagha space room chara chaara bhusa fodder paisa paise dekhbhal dekhrekh aadmi majdoor
labour जगह चारा भूसा पैसा पैसे देखभाल आदमी मजदूर""".split())


_LACKED_TIME = frozenset({"time", "samay", "fursat", "समय", "फुर्सत", "टाइम"})  # only beside a sell verb


def _reason_clause(tokens: list[str], i: int, used: set[int]) -> bool:
    """The negation at i says what the writer lacks ("ghar me jagah nahi", "chara nahi hai", "paisa nahi hai"): a
    reason for selling, not a "no"."""
    prev = next((tokens[k] for k in range(i - 1, -1, -1) if tokens[k] not in ("bhi", "भी", "koi", "कोई")), None)
    if prev in _LACKED_TIME:
        return not W.SELL_VERB.isdisjoint(tokens)  # "bakri bechna hai, time nahi hai dekhbhal ka"
    return prev in _LACKED and i - 1 not in used


# what good goods are free of: "koi milawat nahi", "chemical nahi dala", "कोई मिलावट नहीं", "no stones" (in grain)
_DEFECT = frozenset(fold(w) for w in """milawat milavat milaawat milawati chemical chemicals kemikal rasayan pesticide
pesticides keetnashak preservative preservatives मिलावट मिलावटी केमिकल रसायन कीटनाशक mixture mix mixing
adulteration duplicate nakli naqli मिक्सचर नकली stone stones kankad kankar kankad कंकड़ कंकड pathar""".split())


def _no_defect(tokens: list[str], i: int) -> bool:
    """The negation at i says the goods have no defect ("koi milawat nahi", "केमिकल नहीं"): a claim of purity."""
    prev = next((tokens[k] for k in range(i - 1, -1, -1) if tokens[k] not in ("bhi", "भी", "koi", "कोई", "ka", "का")),
                None)
    return prev in _DEFECT or (tokens[i] == "no" and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _DEFECT)  # "no stones"


def is_cancelled(tokens: list[str], used: set[int]) -> bool:
    """Command/status word, or a negation not consumed by a price phrase.

    "bik" (sold) after a rate word is a question, not a status: "shahad kitne ka bik raha hai"; nor is it
    when what is left is offered after it ("2 quintal bik gaya, 3 quintal bacha hai").
    """
    sold_then_left = remaining_after_sold(tokens)
    if "out" in tokens and any(tokens[i:i + 3] == ["out", "of", "stock"] for i in range(len(tokens) - 2)):
        return True  # "out of stock hai makhana"
    for i, t in enumerate(tokens):
        if i in used and t in W.COMMAND:
            continue  # part of a product's name: "band gobhi"
        if t in W.SOLD and (any(u in W.PRICE_ASK for u in tokens[:i]) or i == sold_then_left
                            or (tokens[i + 1:i + 2] != [] and tokens[i + 1] in _SELLING_NOW
                                and (tokens[i + 2:i + 3] == [] or tokens[i + 2] not in W.PAST))):
            continue  # "10 rupya kilo bik raha hai kya": is selling at (a going rate), not sold out
        if t in W.COMMAND and not _hand_made(tokens, i) and not (t == "start" and i > 0 and tokens[i - 1] in ("to", "a")) \
                and not (t in ("band", "बंद") and i > 0 and tokens[i - 1] in _REFUSER):
            return True  # ("around 200 pieces to start": to begin with; "mill band hai": the mill is shut)
        if t in W.NEGATION and i not in used:
            if i > 0 and tokens[i - 1] in _WALA and i + 1 < len(tokens):
                continue  # "देवघर वाला नहीं, अपना बनाया हुआ": not that kind (the goods are still offered)
            if t == "no" and ((i > 0 and (tokens[i - 1][0].isdigit() or tokens[i - 1] in W.CONTACT))
                              or (tokens[i + 1:i + 2] != [] and tokens[i + 1][0].isdigit())):
                continue  # "50 no" = 50 pieces, "phone no" = phone number, "Hostel no 3" = number 3
            if _reason_clause(tokens, i, used):
                continue  # "ghar me jagah nahi ba, ... de dihal jaai": why they sell, not a refusal
            if _no_defect(tokens, i):
                continue  # "bilkul shuddh, koi milawat nahi": praise of the goods, not a refusal
            if _sells_instead(tokens, i):
                continue  # "mill ko nahi dena, bahar bechna hai": not to the mill, but the goods are for sale
            if _buyer_refuses(tokens, i):
                continue  # "गन्ना 200 क्विंटल है, मिल नहीं ले रहा": the mill refuses, the writer still sells
            if _other_kind_refused(tokens, i):
                continue  # "sirf desi ghee chahiye, Dalda nahi", "need jaggery, not sugar": the kind not wanted
            return True
    return False


# buyers that may refuse the goods ("mill nahi le raha"), and the verbs of taking them
_REFUSER = frozenset(fold(w) for w in """mill mil मिल मील factory company kampani कंपनी फैक्ट्री mandi मंडी vyapari byapari
व्यापारी karobari dukandar दुकानदार sarkar सरकार kendra केंद्र""".split())
_TAKE = frozenset(fold(w) for w in """le leta leti lete le rahe lega legi lenge kharid kharidta kharidti kharid rahe ले लेता
लेती लेते लेगा लेगी लेंगे खरीद खरीदता खरीदती""".split())


_VERBISH = W.GIVE_ME | W.MODAL_VERB | W.GIVE_FUTURE | W.HAVE | frozenset(fold(w) for w in """aaya aayi aaye aya ayi aye
hua hui hue gaya gayi gaye mila mili mile liya diya kiya raha rahi rahe sakta sakti sakte paya lena lo do karo bhejo
bhejna kare karein karen chalega chalegi hoga hogi tha thi the""".split())


def _other_kind_refused(tokens: list[str], i: int) -> bool:
    """The negation at i refuses a kind of goods, beside a want said elsewhere: "X nahi" closing its clause or
    followed by the kind wanted ("broiler nahi desi"), or "not X" ("not sugar", "Not buffalo ghee")."""
    if not any(t in W.BUY and abs(k - i) > 1 for k, t in enumerate(tokens)):
        return False
    if tokens[i] in ("not", "no"):
        return _names_a_thing(tokens, i + 1) and tokens[i + 1] not in _VERBISH and tokens[i + 1] not in ("more", "above",
                                                                                                         "over")
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (_names_a_thing(tokens, i - 1) and tokens[i - 1] not in _VERBISH
            and (nxt is None or nxt in (",", ".", ";", "!", "-") or (_names_a_thing(tokens, i + 1) and nxt not in _VERBISH)))


def _buyer_refuses(tokens: list[str], i: int) -> bool:
    """The negation at i has a buyer (the mill, a company, the traders) for subject and a verb of taking after it
    ("मिल नहीं ले रहा", "mill wale nahi le rahe"): why the writer sells elsewhere, not a refusal to trade."""
    prev = next((tokens[k] for k in range(i - 1, -1, -1) if tokens[k] not in ("bhi", "भी", "wale", "wala", "वाले",
                                                                              "वाला", "log", "लोग")), None)
    return prev in _REFUSER and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _TAKE


def _hand_made(tokens: list[str], i: int) -> bool:
    """ "hand-finished", "hand finished": the word at i says how the goods were made, not that stock is finished."""
    return i > 0 and (tokens[i - 1] == "hand" or (tokens[i - 1] == "-" and tokens[i - 2:i - 1] == ["hand"]))


def _sells_instead(tokens: list[str], i: int) -> bool:
    """The negation at i is followed, in the next clause, by a sell verb with no negation of its own ("mill ko nahi
    dena, bahar bechna hai", "sarkari kendra pe nahi, bazar me bechenge"): what is refused is a buyer or a way, the
    goods are still offered."""
    k = i + 1
    while k < len(tokens) and tokens[k] not in _CLAUSE:
        k += 1
    if k >= len(tokens):
        return False
    end = k + 1
    while end < len(tokens) and tokens[end] not in _CLAUSE:
        end += 1
    clause = tokens[k + 1:end]
    return not W.SELL_VERB.isdisjoint(clause) and W.NEGATION.isdisjoint(clause)


def is_chatter(tokens: list[str], used: set[int]) -> bool:
    """A non-trade word (loan, payment, training, kho...) not consumed by amounts: the numbers in such a
    message are not an answer to "how much?"."""
    return any(t in W.NON_TRADE and not _needs_money(tokens, i) for i, t in enumerate(tokens) if i not in used)


_MONEY = frozenset({"paisa", "paise", "paisa", "paison", "rupaya", "rupaye", "पैसा", "पैसे", "पईसा", "paisaa", "paisa"})
_NEED = frozenset({"jarurat", "jaroorat", "zarurat", "zaroorat", "jarurt", "zarurt", "jaruri", "zaruri", "जरूरत",
                   "जरुरत", "जरूरी", "dikkat", "kami", "tangi", "किल्लत", "दिक्कत", "कमी", "तंगी"})


def _needs_money(tokens: list[str], i: int) -> bool:
    """ "paisa ke jarurat ba", "पैसे की जरूरत है": the writer needs money, a reason to sell, not talk about a
    payment."""
    if tokens[i] not in _MONEY:
        return False
    k = i + 1
    if k < len(tokens) and tokens[k] in W.TOTAL_LINK:
        k += 1
    return k < len(tokens) and tokens[k] in _NEED


def _about_non_trade(tokens: list[str], i: int, used: set[int]) -> bool:
    """The buy word at i wants a non-trade thing: "loan chahiye", "payment chahiye", "need loan", "office ka
    number chahiye" (but not "50 number chahiye": that "number" counts pieces), "loan 2 lakh ka chahiye" (its sum
    between), or is the "should" of an infinitive ("kab dena chahiye")."""
    if i > 0 and tokens[i - 1] in W.MODAL_VERB:
        return True
    if i > 0 and (tokens[i - 1] in _ACCOUNT or tokens[i - 1] in _WORK and (i < 2 or tokens[i - 2] not in W.TOTAL_LINK)):
        return True  # "mujhe kaam chahiye" (work; not "khatwa ka kaam chahiye", khatwa work), "samooh ka hisab chahiye"
    if tokens[i + 1:i + 3] in (["to", "know"], ["to", "ask"], ["to", "check"], ["to", "learn"], ["to", "understand"]):
        return True  # "I want to know the price of litchi"
    if i > 0 and _hired_at(tokens, i - 1) or _hired_at(tokens, i + 1):
        return True  # "truck chahiye 10 quintal aalu Patna le jaane ke liye": a vehicle, not the goods
    if any((tokens[k] in W.NON_TRADE or tokens[k] in W.CONTACT) and k not in used and not _business(tokens, k)
           and not (k > i and _PURPOSE.intersection(tokens[k + 1:k + 5]))  # "jhadu chahiye office safai ke liye"
           for k in range(max(0, i - 2), min(len(tokens), i + 2))):
        return True
    if any(tokens[k] in W.NON_TRADE and k not in used and tokens[k + 1:k + 3] in (["ke", "liye"], ["के", "लिए"])
           and not find_products(tokens[k + 3:i]) for k in range(max(0, i - 6), i)):
        return True  # "loan ke liye kya kagaj chahiye": papers for a loan ("office ke liye painting chahiye" buys)
    k = i - 1  # "mudra loan 2 lakh ka chahiye": the non-trade thing, then only its sum of money
    while k >= 0 and (tokens[k][0].isdigit() or tokens[k] in _THOUSANDS or tokens[k] in W.CURRENCY
                      or tokens[k] in W.TOTAL_LINK or tokens[k] in NUMBER_WORDS):
        k -= 1
    return k < i - 2 and k >= 0 and tokens[k] in W.NON_TRADE and k not in used


_WORK = frozenset({"kaam", "kam", "काम"})
_ACCOUNT = frozenset({"hisab", "hisaab", "हिसाब"})
_PURPOSE = frozenset({"liye", "liya", "लिए", "लिये"})


def _business(tokens: list[str], k: int) -> bool:
    """ "Tea stall chain needs ...": the non-trade word at k is a business named by its trade (a product's name before
    it), the buyer, not the thing wanted (a "stall" at a fair is still no goods)."""
    return tokens[k] in W.BUSINESS and k > 0 and bool(find_products(tokens[k - 1:k]))


def _next_to_contact(tokens: list[str], i: int, used: set[int]) -> bool:
    """A contact word (number, phone, address) not counting pieces stands right before the buy word at i."""
    return any(tokens[k] in W.CONTACT and k not in used for k in range(max(0, i - 2), i))


def _modal(tokens: list[str]) -> bool:
    """ "गेहूं में पानी कब देना चाहिए", "ropni kab karni chahiye": an infinitive + chahiye (should): advice."""
    if W.BUY.isdisjoint(tokens) or W.MODAL_VERB.isdisjoint(tokens):
        return False
    return any(t in W.BUY and tokens[i - 1] in W.MODAL_VERB for i, t in enumerate(tokens) if i > 0)


def _asks_how_to_sell(tokens: list[str]) -> bool:
    """ "kab bechna sahi rahega", "kahan bechu", "how to sell": a sell verb asked about with when/where/how; and
    "kitne me bechein?" (at what price should we sell): the writer's own sale asked about with how-much."""
    if W.SELL_VERB.isdisjoint(tokens) or (W.WHEN_WHERE_HOW.isdisjoint(tokens) and _HOW_MUCH.isdisjoint(tokens)):
        return False
    for i, t in enumerate(tokens):
        if t in W.SELL_VERB and any(w in W.WHEN_WHERE_HOW for w in tokens[max(0, i - 2):i]):
            return True
        if t in _I_SELL and i >= 2 and tokens[i - 2] in _HOW_MUCH and tokens[i - 1] in W.LUMP_AFTER | W.TOTAL_LINK:
            return True
    return False


_BUY_STEM = frozenset({"kharid", "khareed", "खरीद", "kin", "किन"})
_ASKER_OTHER = frozenset({"aapse", "apse", "आपसे", "aap", "aapke", "aapka", "apke", "apka", "tum", "tu", "you", "आप", "तुम", "राउर", "raua",
                          "rauaa", "koi", "kaun", "kon", "कोई", "कौन", "anyone", "anybody", "someone", "somebody", "who"})


def _asks_if_can_sell(tokens: list[str]) -> bool:
    """ "kya is app pe bakri bhi bech sakte hai?", "क्या यहाँ अचार बेच सकती हूँ?", "can I sell goats here?", "kya is
    app se gaay kharid sakte hai?": the writer asks whether they may sell or buy (a question about the service), not
    an offer; "kya aap makhana bech sakte hai?" asks someone else to sell (a purchase) and "koi bech sakta hai?"
    looks for a seller."""
    if W.CAN.isdisjoint(tokens) and "can" not in tokens:
        return False
    if W.QUESTION.isdisjoint(tokens) and "can" not in tokens[:1]:
        return False
    if not _ASKER_OTHER.isdisjoint(tokens):
        return False
    for i, t in enumerate(tokens):
        if (t in W.SELL_VERB or t in _BUY_STEM) and tokens[i + 1:i + 2] and tokens[i + 1] in W.CAN:
            return True
        if t == "can" and tokens[i + 1:i + 2] in (["i"], ["we"]) and tokens[i + 2:i + 3] in (["sell"], ["buy"]):
            return True
    return False


def _en_rate_question(tokens: list[str]) -> bool:
    """ "How much is one Madhubani painting selling for?", "what price for makhana", "what's the wholesale paneer rate":
    an English rate question."""
    if W.HOW.isdisjoint(tokens) and "what" not in tokens and "what's" not in tokens and "price" not in tokens:
        return False
    if any(t in _EN_WHAT and any(u in _RATE_EN for u in tokens[i + 1:i + 6]) for i, t in enumerate(tokens)):
        return True  # "what's the wholesale paneer rate", "what is your best price"
    if any(t in _EN_WHAT and tokens[i + 1:i + 2] in (["does"], ["do"], ["would"], ["will"])
           and any(u in _FETCH_EN and tokens[j + 1:j + 2] == ["for"] for j, u in enumerate(tokens[i + 2:i + 12], i + 2))
           for i, t in enumerate(tokens)):
        return True  # "What does a Madhubani painting usually sell for?": what it fetches
    return any(tuple(tokens[i:i + len(p)]) == p for i in range(len(tokens)) for p in W.HOW_MUCH_EN)


_EN_WHAT = frozenset({"what", "what's", "whats"})
_FETCH_EN = frozenset({"sell", "sells", "go", "goes", "fetch", "fetches", "retail", "retails"})
_JOB = frozenset({"manager", "managers", "officer", "officers", "head", "department", "dept", "team", "executive",
                  "incharge", "in-charge", "wing"})


def _job_title(tokens: list[str], i: int) -> bool:
    """ "Hotel purchase manager here": the buy word at i names a job (purchase manager, procurement officer), not
    a want."""
    return tokens[i] in W.PURCHASE and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _JOB


_RATE_EN = frozenset({"rate", "rates", "price", "prices", "quote", "quotation", "quotations", "pricing"})


def _quote_for(tokens: list[str]) -> bool:
    """A quotation asked for an amount: "rate for 500 kg", "quote ... for 1 MT", "best price for 20 sarees"."""
    if _RATE_EN.isdisjoint(tokens):
        return False
    return any(t in W.QUOTE for t in tokens) or any(
        t in _RATE_EN and "for" in tokens[i + 1:i + 2] for i, t in enumerate(tokens))


_SERVICE_ASK = frozenset({"kaise", "kese", "kaisa", "कैसे", "कैसा", "kitna", "kitne", "kitni", "कितना", "कितने", "कितनी",
                          "kya", "क्या", "?", "how", "katek", "कतेक"})
_HABIT = frozenset({"every", "daily", "monthly", "weekly", "roj", "roz", "har", "हर", "रोज", "regularly", "usually"})


def asks_about_service(tokens: list[str]) -> bool:
    """ "50 kilo tilkut delhi bhejna hai, delivery kaise hoga", "courier charge kitna lagega", "किराया कितना लगेगा?",
    "COD available hai kya?", "do you charge commission?": a service word (delivery, courier, rent, charge, COD)
    asked about (a question word or "?" within three words after it), with no want of goods (no buy word) and no
    offer but in that question or told as a habit ("we sell ... every month"): a question about the service."""
    if W.SERVICE_COST.isdisjoint(tokens) or not W.BUY.isdisjoint(tokens):
        return False
    at = next((i for i, t in enumerate(tokens) if t in W.SERVICE_COST
               and any(u in _SERVICE_ASK for u in tokens[i + 1:i + 4])), None)
    if at is None:
        return False
    start = max((k for k in range(at) if tokens[k] in _CLAUSE), default=-1) + 1
    end = next((k for k in range(at, len(tokens)) if tokens[k] in _CLAUSE and tokens[k] != "?"), len(tokens))
    end = next((k + 1 for k in range(at, len(tokens)) if tokens[k] == "?"), end)
    for i, t in enumerate(tokens):
        if t in W.SELL and not start <= i < end:
            a = max((k for k in range(i) if tokens[k] in _CLAUSE), default=-1) + 1
            b = next((k for k in range(i, len(tokens)) if tokens[k] in _CLAUSE), len(tokens))
            if _HABIT.isdisjoint(tokens[a:b]):
                return False  # "makhana bechna hai 5 kilo, delivery kaise hogi?" still offers
    return True


_PROBLEM = frozenset(fold(w) for w in """rog bimari beemari bimaari keeda kida keede kide keet jhulsa fungus disease
diseases pest pests sadan sad gal रोग बीमारी कीड़ा कीड़े कीट झुलसा फंगस dast dasat thaneli दस्त थनैली""".split())
_WHAT = frozenset({"kya", "kyaa", "ka", "क्या", "का", "what", "ki", "की"})  # Maithili/Angika "ki karu"
_DO = frozenset({"kare", "karein", "karen", "karu", "karun", "kari", "karin", "kariye", "karba", "karab", "करें", "करे",
                 "करूं", "करीं", "करी", "करब", "do"})


def problem_asked(tokens: list[str]) -> bool:
    """ "mushroom ke 20 bag lagal ba, fungus lag gail, ka kari", "aalu me jhulsa lag gaya, kya karein": a pest or disease
    and "what should I do" (Bhojpuri "ka kari") ask for help, whatever amounts are said (they are of the crop hit)."""
    if _PROBLEM.isdisjoint(tokens):
        return False
    return any(t in _WHAT and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _DO for i, t in enumerate(tokens))


# a scheme's help or a mark of origin asked about: "anudan kitna hai?", "free milta hai kya?", "GI tag mila hai kya?"
_SCHEME = frozenset(fold(w) for w in """anudan anudaan subsidy sabsidi subsidi yojana yojna scheme schemes free muft
mufat अनुदान सब्सिडी योजना स्कीम फ्री मुफ्त""".split())
_SCHEME_ASK = _SERVICE_ASK | frozenset({"kaun", "kon", "kaunsa", "konsa", "कौन", "which", "what"})
_EAT = frozenset({"kha", "khaa", "khati", "khata", "khaati", "khaata", "khay", "khaye", "खा", "खाती", "खाता", "खाय"})


_GI = frozenset({"gi", "जीआई"})
_TAG_WORD = frozenset({"tag", "टैग"})


def asks_about_scheme(tokens: list[str]) -> bool:
    """ "talab khudwane par anudan kitna hai?", "bee box sarkar se free milta hai kya?", "makhana ka GI tag kya hota
    hai": a subsidy, scheme or free supply, or a GI tag, asked about (a question word or "?" within four words after
    it), with no buy word but "milta" (is given) and no sell word: a question about the scheme, not a trade."""
    at = [i for i, t in enumerate(tokens) if t in _SCHEME or (t in _GI and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _TAG_WORD)]
    if not at or not W.SELL.isdisjoint(tokens) or any(t in W.BUY and t not in W.GET for t in tokens):
        return False
    return any(u in _SCHEME_ASK for i in at for u in tokens[i + 1:i + 6])


_ARRIVE = frozenset(fold(w) for w in "pahunch pahuch pahunchi pahuchi pohch pahunc पहुंच पहुँच पहुंची पहुँची".split())
_WENT_AUX = frozenset(fold(w) for w in "gaya gayi gai gaye gya gyi gye गया गई गयी गए गये".split())
# a crop's state: drying, wilting, rotting ("dhaan sukh raha hai", "sarson murjha gayi")
_WITHER = frozenset(fold(w) for w in "sukh sookh suk sūkh murjha murjhaa mrjha sad sadd gal सूख सुख मुरझा सड़ सड गल".split())
_GOING_ON = frozenset(fold(w) for w in "raha rahi rahe rha rhi rhe रहा रही रहे".split()) | _WENT_AUX


_WILL_GO = frozenset(fold(w) for w in "jayega jayegi jaega jaegi jaayega jaayegi jayenge jaenge जाएगा जाएगी जायेगा जायेगी जाएंगे".split())
_THANKS = frozenset(fold(w) for w in "thank thanks thanku thankyou dhanyavad dhanyawad shukriya धन्यवाद शुक्रिया".split())


def arrived(tokens: list[str]) -> bool:
    """ "thank u bhaiya, 2 bakri pahunch gayi": goods told as arrived, with no buy or sell word: a delivery
    acknowledged, not a new listing."""
    came = any(t in _ARRIVE and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _WENT_AUX for i, t in enumerate(tokens)) or (
        not _THANKS.isdisjoint(tokens) and any(t in ("aa", "आ") and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _WENT_AUX
                                               for i, t in enumerate(tokens)))  # "order ... aaj aa gaya, thank you"
    if not came and not _ORDER_WORDS.isdisjoint(tokens):  # "kal ka machli wala order 2 baje tak pahuch jayega"
        came = any(t in _ARRIVE and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _WILL_GO for i, t in enumerate(tokens))
    return came and not any(t in W.BUY or t in W.SELL for t in tokens)


def crop_distress(tokens: list[str]) -> bool:
    """ "paani ki kami se dhaan sukh raha hai", "sarson murjha gayi": a crop drying, wilting or rotting, with no buy
    or sell word, is a farming problem told ("10 quintal aloo sad raha hai, jaldi bechna hai" still sells)."""
    return any(t in _WITHER and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _GOING_ON for i, t in enumerate(tokens)) \
        and not any(t in W.BUY or t in W.SELL for t in tokens)


_DISEASE = frozenset(fold(w) for w in "bimari beemari bimaari rog ranikhet viral बीमारी रोग bimaar beemar bimar बीमार".split())
_DIED = frozenset(fold(w) for w in "mar mari मर".split())


def disease_told(tokens: list[str]) -> bool:
    """ "murgi me ranikhet bimari aa gayi hai, 50 murgi mar gayi": a disease or animals dead, with no buy or sell
    word, is a care problem told, not an offer of the animals."""
    sick = not _DISEASE.isdisjoint(tokens) or any(
        t in _DIED and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _WENT_AUX for i, t in enumerate(tokens))
    return sick and not any(t in W.BUY or t in W.SELL for t in tokens)


# vehicles hired to carry goods ("tractor lena hai" buys a tractor, goods outside the catalog)
_HIRED = frozenset(fold(w) for w in "gaadi gadi gari gaari truck tempo pickup गाड़ी गाडी ट्रक टेम्पो पिकअप".split())


def _hired_at(tokens: list[str], k: int) -> bool:
    """A vehicle at k, not counted by a number before it ("aloo 2 truck chahiye" measures the goods by the truckload)."""
    if k >= len(tokens) or tokens[k] not in _HIRED:
        return False
    return k == 0 or not (tokens[k - 1][0].isdigit() or tokens[k - 1] in NUMBER_WORDS)


def vehicle_wanted(tokens: list[str]) -> bool:
    """ "Truck chahiye 10 quintal aalu Patna le jaane ke liye": a vehicle wanted, with no word of selling, is a
    transport need told, not a purchase or an offer of the goods it would carry."""
    if _HIRED.isdisjoint(tokens) or not W.SELL.isdisjoint(tokens):
        return False
    return any(t in W.BUY and ((i > 0 and _hired_at(tokens, i - 1)) or _hired_at(tokens, i + 1))
               for i, t in enumerate(tokens))


def off_feed(tokens: list[str]) -> bool:
    """ "meri bhains 3 din se chara nahi kha rahi": an animal that does not eat (a negation before an eating verb), with
    no sell or buy word, is a care question, not an offer of the animal."""
    if _EAT.isdisjoint(tokens) or not W.SELL.isdisjoint(tokens) or not W.BUY.isdisjoint(tokens):
        return False
    return any(t in _EAT and i > 0 and tokens[i - 1] in W.NEGATION for i, t in enumerate(tokens))


_HABIT_BUY = frozenset({"buy", "purchase", "procure", "source"})


def _rate_of_asked_by_buyer(tokens: list[str]) -> bool:
    """ "pls share today's rate of arhar dal ..., we buy for MDM": an English "rate/price of X" asked, and the only buy
    words are a habitual "we buy" (who the asker is, not an order): a rate question."""
    if not any(t in _RATE_EN and tokens[i + 1:i + 2] == ["of"] for i, t in enumerate(tokens)):
        return False
    buys = [i for i, t in enumerate(tokens) if t in W.BUY]
    return bool(buys) and all(tokens[i] in _HABIT_BUY and i > 0 and tokens[i - 1] in ("we", "i") for i in buys)


def _en_how_to(tokens: list[str]) -> bool:
    """ "how to grow mushrooms", "how do I store onions", "how can we get a loan"."""
    if W.HOW.isdisjoint(tokens):
        return False
    return any(t in W.HOW and tokens[i + 1:i + 2] and tokens[i + 1] in W.HOW_TO_NEXT for i, t in enumerate(tokens))


_EN_WANT = frozenset({"need", "needs", "needed", "want", "wants", "wanted", "looking", "seeking", "require", "required",
                      "requires", "buy", "buying", "purchase", "purchasing", "like", "procure", "sourcing"})


def _offer(tokens: list[str], i: int) -> bool:
    """The buy word at i is someone else's conditional need, i.e. an offer (rule 4)."""
    if any(t in W.RELATIVE_WANTS for t in tokens[max(0, i - 3):i]):
        return True  # "2 quintal hai, jisko chahiye bataye": whoever wants it, even after "hamare paas"
    if _if_someone(tokens, i):
        return True  # "hamare paas ..., agar koi dukandar lena chahe to sampark kare": anyone's want, if any
    if any(t in W.FIRST_PERSON for t in tokens):
        return False
    after = [t for t in tokens[i + 1:i + 4] if t not in ("ho", "hai", "hain", "hoga", "hogi", "हो", "है")]
    if after[:1] and after[0] in W.IF_THEN and tokens[i] not in _EN_WANT:  # "looking to source" is English
        return True  # "chahiye to batana", "lena ho to call karo"
    window = tokens[max(0, i - 4):i + 5]
    if any(t in W.WHO_WANTS for t in window):
        return True  # "kisko chahiye 2 quintal aalu?": who wants it
    for k, t in enumerate(window):
        if t == "kisiko" or (t in ("kisi", "किसी") and window[k + 1:k + 2] in (["ko"], ["को"])):
            return True  # "kisi ko makhana chahiye", "lena hai kya kisi ko" ("koi hai?" may be a buyer's)
    return False


def _if_someone(tokens: list[str], i: int) -> bool:
    """The buy word at i is in an "if" clause whose subject is someone else ("agar koi lena chahe", "yadi kisi ko
    chahiye", or with no "if" but a "then" closing the clause: "केहू के लेवे के होखे त बताईं"): a seller's invitation,
    even in a first-person message."""
    k = i - 1
    someone = False
    while k >= 0 and tokens[k] not in _CLAUSE and i - k <= 5:
        if tokens[k] in W.ANYONE:
            someone = True
        elif tokens[k] in W.IF:
            return someone
        k -= 1
    if someone:  # "केहू के लेवे के होखे त बताईं", "koi lena chahe to batana": the clause closed by "then" is an "if"
        k = i + 1
        while k < len(tokens) and tokens[k] not in _CLAUSE and k - i <= 4:
            if tokens[k] in _THEN_IF:
                return True
            k += 1
    return False


_THEN_IF = frozenset({"to", "toh", "तो", "ta", "त"})  # "..., to batana", Bhojpuri "... त बताईं"


def _buyer_must(tokens: list[str], buy_at: list[int]) -> bool:
    """ "kul 18000 me de denge, pura ek saath lena hoga": beside a seller's "will give" (to no "me"), a buy word
    that is an obligation ("lena hoga/padega") is the buyer's, a condition of the sale."""
    if W.GIVE_FUTURE.isdisjoint(tokens) or not W.TO_ME.isdisjoint(tokens) or not W.FIRST_PERSON.isdisjoint(tokens):
        return False
    return all(tokens[i + 1:i + 2] != [] and tokens[i + 1] in W.MUST for i in buy_at)


_SELLING_NOW = frozenset({"raha", "rahi", "rahe", "rha", "rhi", "rhe", "रहा", "रही", "रहे"})
_SELLS_HABIT = frozenset({"bechta", "bechti", "bechte", "बेचता", "बेचती", "बेचते"})


def _someone(tokens: list[str]) -> bool:
    """ "koi makhana bech raha hai kya", "koi bechta hai?": the writer asks whether anyone sells.

    Not "bechna hai, koi lega kya" (the writer sells) nor a first-person message.
    """
    if not any(t in ("koi", "कोई") for t in tokens) or any(t in W.FIRST_PERSON or t in W.OWN for t in tokens):
        return False
    if not (tokens[-1] in W.QUESTION or "?" in tokens):
        return False
    return any(t in _SELLS_HABIT or (t in W.SELL_VERB and tokens[i + 1:i + 2] and tokens[i + 1] in _SELLING_NOW)
               for i, t in enumerate(tokens))


_AUX = frozenset({"hai", "he", "h", "hain", "ho", "hoga", "hogi", "raha", "rahi", "rahe", "rha", "rhi", "rhe", "sakta",
                  "sakti", "sakte", "skti", "skta", "है", "हैं", "हो", "रहा", "रही", "रहे", "सकती", "सकता"})
_WHO = frozenset({"koi", "kaun", "kon", "कोई", "कौन", "anyone", "anybody", "someone", "somebody", "who", "any"})
_CLAUSE_END = frozenset({"?", ".", ",", "!", ";"})


# first person ("kitne me bechein?" = at what price should we sell)
_I_SELL = frozenset({"bechu", "bechun", "bechunga", "bechungi", "बेचूं", "बेचूंगी", "बेचूंगा", "bechein", "bechen", "बेचें"})


def _asks_for_seller(tokens: list[str]) -> bool:
    """A sell verb inside a question next to a buy word: "koi didi sikki ka saman bechti hai kya? 10 piece
    chahiye", "makhana kaun bechta hai? chahiye 10 kilo" — the writer looks for a seller (rule 4)."""
    start = 0
    for i, t in enumerate(tokens):
        if t in _CLAUSE_END:
            start = i + 1
        elif (t in W.SELL_VERB or t in _SELLS_HABIT) and t not in _I_SELL and not any(
                w in W.FIRST_PERSON or w in W.OWN or w in W.WHEN_WHERE_HOW for w in tokens[start:i]):
            j = i + 1
            while j < len(tokens) and (tokens[j] in _AUX or (j == i + 1 and tokens[j] in _WALA)):
                j += 1  # ("koi bechne wali ho to batana": one who sells, the noun)
            if j < len(tokens) and tokens[j] in W.QUESTION:
                return True
            if j < len(tokens) and tokens[j] in W.IF_THEN and any(w in _WHO for w in tokens[start:i]):
                return True  # "koi didi shahad bech rahi ho to batao"
            if any(w in _WHO for w in tokens[start:i]) and "?" in tokens[i:]:
                return True  # "koi didi makhana bechti hai? ..."
    return False



_PO_FIRST = frozenset(p[0] for p in W.PURCHASE_ORDER)
_PO_BY_FIRST = {f: tuple(p for p in W.PURCHASE_ORDER if p[0] == f) for f in _PO_FIRST}


_WILL_BUY = frozenset({"lega", "legi", "lenge", "lege", "kharidega", "kharidegi", "kharidenge", "लेगा", "लेगी", "लेंगे",
                       "खरीदेगा", "खरीदेगी", "खरीदेंगे", "lebai", "lebu", "kinbe", "kinega"})
_SECOND = frozenset({"ho", "hain", "sakte", "sakti", "aap", "tum", "आप", "हो", "है", "हैं"})
_WE_ARE = frozenset({"hain", "sakte", "sakti", "है", "हैं", "chhi", "chhiyai", "छी", "छियै", "छिऐ"})  # "de sakte hain",
# Maithili/Bajjika "de sakai chhi": we can give, unless asked


def _give_request(tokens: list[str]) -> bool:
    """ "humein 10 kg shahad bhej sakte ho?", "do kilo aaloo dena", "hamko 5 kilo dena": the writer asks to be
    given or sent goods (but "mera makhana 650 me de dena" tells the bot to sell hers)."""
    if not W.OWN.isdisjoint(tokens) or W.GIVE_VERB.isdisjoint(tokens):
        return False
    asked = "?" in tokens or not W.QUESTION.isdisjoint(tokens)
    for i, t in enumerate(tokens):
        if t not in W.GIVE_VERB:
            continue
        rest = [w for w in tokens[i + 1:] if w not in _CLAUSE]
        if t in ("dena", "देना") and not rest:
            return True  # "do kilo aaloo dena" (a request; "dena hai" would be "I have to give")
        if rest[:1] and rest[0] in W.CAN and (not W.TO_ME.isdisjoint(tokens) or any(
                w in _SECOND and (w not in _WE_ARE or asked) for w in rest[1:3])):
            return True  # "bhej sakte ho?", "mujhe de sakti ho" (but "roj 40 litre de sakte hain" is an offer)
    return False


def _we_can_give(tokens: list[str], i: int) -> bool:
    """ "दूध रोज चालीस लीटर दे सकते है": "can give" told, not asked, is an offer."""
    return (tokens[i + 1:i + 2] != [] and tokens[i + 1] in W.CAN and tokens[i + 2:i + 3] != []
            and tokens[i + 2] in _WE_ARE and "?" not in tokens and W.QUESTION.isdisjoint(tokens))


def _who_will_buy(tokens: list[str]) -> bool:
    """ "makhana kaun lega?", "koi kharidega?", "who will buy my honey?" (but not "mujhe kaun dega")."""
    if (_WHO.isdisjoint(tokens) and W.WHO_WANTS.isdisjoint(tokens)) or not W.FIRST_PERSON.isdisjoint(tokens):
        return False  # "ham lenge, koi dega?" is a purchase
    return not _WILL_BUY.isdisjoint(tokens) or any(tokens[i:i + 2] == ["will", "buy"] for i in range(len(tokens) - 1))


_GIVE = frozenset({"de", "दे", "bhej", "भेज", "supply", "provide", "send", "give"})


def _can_anyone_give(tokens: list[str]) -> bool:
    """ "koi hai jo 50 kilo chura de sake?", "can anyone provide ...": the writer looks for a seller."""
    if _WHO.isdisjoint(tokens):
        return False
    return any(t in _GIVE and tokens[i + 1:i + 2] and tokens[i + 1] in W.CAN for i, t in enumerate(tokens))


def _floor(tokens: list[str]) -> bool:
    """ "700 se kam nahi lenge": a price the writer will not go under, i.e. a seller's floor."""
    return any(t in W.SE and tokens[i + 1] in W.LESS and tokens[i + 2] in W.NEGATION
               for i, t in enumerate(tokens[:-2]))


_UNIT_WORDS = _PER_UNIT | frozenset({"qtl", "quintal", "mann", "man", "maund", "मन", "piece", "pis", "go", "ta"})


_THOUSANDS = frozenset({"hazar", "hazaar", "hajar", "hajaar", "lakh", "sau", "हजार", "हज़ार", "लाख", "सौ", "k"})


def _owns(tokens: list[str]) -> bool:
    """ "hamra lage", "mere paas", "hamare paas", "hamar 10 kilo ghee ba": the writer says they have something."""
    return any(t in W.OWN and (any(u in W.PAAS for u in tokens[i + 1:i + 3]) or tokens[i + 1:i + 2] and
                               tokens[i + 1][0].isdigit()) for i, t in enumerate(tokens))


def _wants_price(tokens: list[str], i: int) -> bool:
    """The buy word at i follows a second number ("... 6000 quintal chahi", "400 rupaye kilo chahiye"): what is
    wanted is that price, the first number being the quantity the writer has."""
    k = i - 1
    while k >= 0 and (tokens[k] in W.CURRENCY or tokens[k] in _UNIT_WORDS or tokens[k] in W.PER
                      or tokens[k] in _THOUSANDS or tokens[k] in ("ek", "एक") or tokens[k] in _ABOVE
                      or tokens[k] in W.SE or tokens[k] in W.PRICE_ASK or tokens[k] in W.TOTAL_LINK):
        k -= 1  # also "6500 se upar chahiye", "2150 quintal ka bhav chahiye"
    if k < 0 or not tokens[k][0].isdigit():
        return False
    if k >= 2 and _pivot_end(tokens, k - 2) == k and tokens[k - 2] in _THIS:
        return True  # "is baar 2500 chahiye", "e saal 6000 quintal chahi": this year's price, after last year's
    return (_owns(tokens) or _stock_told(tokens[:k])) and any(t[0].isdigit() for j, t in enumerate(tokens) if j != k)


_HAS_READY = frozenset({"hai", "h", "hain", "ba", "baa", "taiyar", "tayyar", "ready", "है", "हैं", "बा", "तैयार",
                        "achhi", "chhai", "bhel", "bhail", "अछि", "छै", "भेल", "भइल"})  # Maithili, Bhojpuri


_BID = frozenset(fold(w) for w in "bolo boliye bolie batao bataiye bataie lagao lagaiye बोलो बोलिए बताओ बताइए लगाओ".split())


def _quote_bidden(tokens: list[str]) -> bool:
    """ "rate bolo", "bhav batao", "rate lagao": the reader bidden to name a rate (a seller asking for offers)."""
    return any(t in W.PRICE_ASK and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _BID for i, t in enumerate(tokens))


def _packs_told(tokens: list[str]) -> bool:
    """ "10 crate hai", "200 bora hai": a count of sacks or crates (of unsaid size) the writer has."""
    return any(t[0].isdigit() and tokens[i + 1:i + 2] != [] and tokens[i + 1] in W.SACK and tokens[i + 2:i + 3] != []
               and tokens[i + 2] in _HAS_READY for i, t in enumerate(tokens))


def _stock_told(tokens: list[str]) -> bool:
    """ "moongfali 3 quintal hai", "40 quintal makka taiyar hai": an amount with a unit the writer has or has ready
    (hai, ba, taiyar right after the unit or after the goods that follow it)."""
    return any(t in _UNIT_WORDS and (tokens[i + 1:i + 2] != [] and tokens[i + 1] in _HAS_READY
                                    or tokens[i + 2:i + 3] != [] and tokens[i + 2] in _HAS_READY)
               for i, t in enumerate(tokens))


def _marker(tokens: list[str], used: set[int]) -> str | None:
    """Buy or sell from the words alone (rules 2-4), or None."""
    if not W.LESS.isdisjoint(tokens) and _floor(tokens):
        return SELL
    if not W.CAN.isdisjoint(tokens) and _can_anyone_give(tokens):
        return BUY
    if _who_will_buy(tokens):
        return SELL  # "makhana kaun lega?", "koi kharidega?", "who will buy my honey?": the writer sells
    if _give_request(tokens):
        return BUY  # "do kilo aaloo dena", "bhej sakte ho?"
    if _order_heading(tokens):
        return BUY  # "Corporate order: 300 rakhi ...", "Bulk order - 2000 jute bags": a purchase order placed
    if not _ORDER_WORDS.isdisjoint(tokens) and (_places_order(tokens) or _own_order_changed(tokens)):
        return BUY  # "Order dena hai 50 sujni ka": to give an order is to buy ("order lete hain" takes them)
    buy_at = [i for i, t in enumerate(tokens) if t in W.BUY and not _about_non_trade(tokens, i, used)
              and not _job_title(tokens, i) and not _purpose_infinitive(tokens, i)]
    if not _PURCHASE_NOUN.isdisjoint(tokens):
        buy_at += [i for i, t in enumerate(tokens[:-1]) if t in _PURCHASE_NOUN and tokens[i + 1] in _DO_VERB]
    if not W.NEEDED.isdisjoint(tokens) and W.PRICE_ASK.isdisjoint(tokens) and W.SERVICE_COST.isdisjoint(tokens):
        buy_at += [i for i, t in enumerate(tokens) if t in W.NEEDED and _goods_needed(tokens, i, used)]
        # "बियाह में २ क्विंटल दही लागत": will be needed (but "लागत 20 रुपया" is the cost)
    if buy_at and all(_wants_price(tokens, i) for i in buy_at):
        return SELL  # "hamra lage 2 quintal chana ba, ... e saal 6000 quintal chahi": the price the seller wants
    if not _PO_FIRST.isdisjoint(tokens):
        buy_at += [i for i, t in enumerate(tokens[:-1]) if t in _PO_BY_FIRST
                   and any(tuple(tokens[i:i + len(p)]) == p for p in _PO_BY_FIRST[t])]
    for i in buy_at:
        prev = tokens[i - 1] if i > 0 else ""
        if prev in W.BUYER_NOUN and tokens[i] not in W.SUBJECT_WANTS:
            return SELL  # "kharidar chahiye", "buyer needed" (but "our buyer wants" is a purchase)
        if tokens[i + 1:i + 2] == ["for"] and tokens[i + 2:i + 3] != [] and tokens[i + 2] in W.BUYERS_SOUGHT:
            return SELL  # "Looking for exporters", "need for buyers": a buyer sought
        if prev in W.SELLER_NOUN:
            return BUY
        if prev in W.PRICE_ASK and prev not in _HOW_MUCH:
            return PRICE
    words = set(tokens)
    if not buy_at and not words.isdisjoint(_SUPPLY_OR_QUOTE) and _asks_to_supply(tokens):
        return BUY  # "Can you arrange 500 kg litchi?", "Supply 5000 pads to our NGO", "Please quote for ..."
    if not buy_at and not words.isdisjoint(W.GIVE_FUTURE):
        to_me = any(t in W.TO_ME and not (tokens[i + 1:i + 2] != [] and (tokens[i + 1] in W.PAAS
                                                                          or tokens[i + 1] in ("lag", "लग")))
                    and tokens[i + 2:i + 3] not in (["ke"], ["ka"], ["ki"], ["के"], ["का"], ["की"])
                    for i, t in enumerate(tokens))  # "hamra lage", "हमरा लगे" = I have; "hamra SHG ke" = ours
        return BUY if to_me else SELL  # "de denge" (I will give) / "mujhe de denge?"
    if not words.isdisjoint(W.LIST) and any(tokens[i] in W.PRICE_ASK and tokens[i + 1] in W.LIST
                                            for i in range(len(tokens) - 1)):
        return PRICE  # "send makhana price list"
    if not buy_at:
        buy_at = [i for i, t in enumerate(tokens) if t in W.GIVE_ME and (i > 0 or tokens[1:2] in (["me"], ["us"]))
                  and not _about_non_trade(tokens, i, used) and not _we_can_give(tokens, i)
                  and not _sends_vehicle(tokens, i)]  # "paisa UPI se bhejo" sends money, not goods
    if (not buy_at and tokens[-1] in W.GIVE_LAST and len(tokens) > 1 and (len(tokens) - 1) not in used
            and tokens[-2] not in _TELL):
        buy_at = [len(tokens) - 1]
    if not buy_at:  # "3 kilo murhi bhej do, Patna": the imperative of sending, with the address after it
        buy_at = [i for i, t in enumerate(tokens) if t in W.GIVE_LAST and i > 0 and tokens[i - 1] in _SEND_STEM
                  and i not in used and not _sends_vehicle(tokens, i)]
    if (not buy_at and any(t in W.GET and not _a_mill(tokens, i) for i, t in enumerate(tokens))
            and any(t in W.WHERE or t in W.WHEN or (t in W.QUESTION and W.PRICE_ASK.isdisjoint(tokens)) for t in tokens)
            and not any(t in W.NON_TRADE for t in tokens)):
        buy_at = [0]  # "makhana kahan milega", "600 me mil jayega?" (but "payment kab milega" is chatter)
    if buy_at:
        sells = any(t in W.SELL_VERB and not _purpose_infinitive(tokens, i) for i, t in enumerate(tokens))
        if sells and not any(t in W.PURCHASE for t in tokens) and not _asks_for_seller(tokens):
            return SELL  # "want to sell", "bechna chahti hu"
        if all(_offer(tokens, i) for i in buy_at) or _buyer_must(tokens, buy_at):
            return SELL  # "kisi ko makhana chahiye to batana, 2 quintal hai"
        return BUY
    if not words.isdisjoint(_BUYER_PLACE) and _for_a_buyer(tokens):
        return BUY  # "Dhaba ke liye 30 kg chicken har hafte", "Canteen AIIMS Patna: daily 80 litre buttermilk"
    for i, t in enumerate(tokens):
        if t in W.SELL or t in _SELLS_HABIT:
            if t in _AVAILABLE and _asks_available(tokens):
                return BUY  # "Is sattu available in Arrah?", "makhana available hai kya?"
            someone = _someone(tokens) or _asks_for_seller(tokens)
            return BUY if someone else SELL  # "koi makhana bech raha hai kya" asks for a seller
        if t in W.PAAS and i > 0:
            prev = tokens[i - 1]
            if prev in W.YOUR or (i > 1 and tokens[i - 2] in ("aap", "आप")) or (i > 1 and tokens[i - 2] in W.ANYONE) or (
                    i > 2 and tokens[i - 3] in W.ANYONE and tokens[i - 2] in W.NAME_SUFFIX):
                return BUY  # "aapke paas", "kisi ke paas makhana hai?", "kisi didi ke paas bakri hai?"
            if prev in W.OWN:
                return SELL
        if t in W.HAVE and i > 0:
            if tokens[i - 1] == "you":
                return BUY  # "do you have makhana?"
            if tokens[i - 1] in ("i", "we"):
                return SELL
    return None


_ORDER_WORDS = frozenset({"order", "aarder", "ardar", "आर्डर", "ऑर्डर", "tender", "टेंडर", "निविदा"})
_HEAD_END = frozenset({":", "-"})
_GIVE_ORDER = frozenset({"dena", "dene", "denge", "dunga", "dungi", "dete", "deti", "देना", "देने", "देंगे", "दूंगा",
                         "दूंगी", "kar", "karna", "karni", "karenge", "karunga", "karungi", "करना", "कर", "करेंगे"})


# kitchens, shops and institutions that buy for their own use
_BUYER_PLACE = frozenset(fold(w) for w in """dhaba dhabe dukaan dukan dukaan shop store hotel restaurant canteen
kainteen hostel mess school mdm kitchen bakery warden aanganwadi anganwadi ढाबा दुकान होटल कैंटीन हॉस्टल छात्रावास
स्कूल विद्यालय police jail hospital icds caterer caterers trust""".split())
_COPULA_HAS = frozenset({"hai", "h", "hain", "he", "ba", "baa", "chhai", "है", "हैं", "बा"})
_RECURRING = frozenset(fold(w) for w in """daily rozana roz rojana weekly monthly har per pratidin रोज रोजाना प्रतिदिन
हर every""".split())


def _for_a_buyer(tokens: list[str]) -> bool:
    """ "Dhaba ke liye 30 kg chicken", "Dukaan ke liye 100 packet papad", "Hostel warden: 1 quintal atta per week",
    "Canteen AIIMS Patna: daily 80 litre": goods for a kitchen, shop or institution ("X ke liye", "for X"), or a
    message headed by one (its first words closed by ":") with a recurring amount, with no word of selling or having,
    are what it buys."""
    if any(t in W.SELL or t in W.HAVE or t in W.CAN or t in W.GIVE_FUTURE or t in _COPULA_HAS for t in tokens):
        return False
    for i, t in enumerate(tokens):
        if t in _BUYER_PLACE and (tokens[i + 1:i + 3] in (["ke", "liye"], ["के", "लिए"]) or tokens[i - 1:i] == ["for"]):
            return True
    head = next((k for k, t in enumerate(tokens[:6]) if t in (":", "-")), -1)  # "Police lines Ara:", "Hotel kitchen Rajgir -"
    return head > 0 and not _BUYER_PLACE.isdisjoint(tokens[:head]) and not _RECURRING.isdisjoint(tokens[head:])


def _places_order(tokens: list[str]) -> bool:
    """ "Order dena hai 50 sujni ka", "hamein order dene hain": an order word right before a verb of giving places an
    order (a purchase); a seller takes them ("order lete hain", "order pe banate hain")."""
    return any(t in _ORDER_WORDS and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _GIVE_ORDER
               for i, t in enumerate(tokens))


_WHOSE_ORDER = frozenset(fold(w) for w in """kal parso kalwala mera mere meri hamara hamare hamar humara hamra apna
कल परसों मेरा मेरे हमारा हमारे हमार अपना""".split())
_CHANGE_VERB = frozenset(fold(w) for w in """karna karni karo kar kardo kariye kijiye kijie kare karein
karen करना करनी करो कर करिए कीजिए करें""".split())


def _own_order_changed(tokens: list[str]) -> bool:
    """ "kal wala order 2 nahi 3 quintal chawal karna", "mera order 5 kilo kar dijiye": the writer's own order (of
    yesterday, hers) changed: a buyer's want."""
    return any(t in _ORDER_WORDS and any(u in _WHOSE_ORDER for u in tokens[max(0, i - 2):i])
               and any(u in _CHANGE_VERB for u in tokens[i + 1:]) for i, t in enumerate(tokens))


# "haldi ki kharidari karni hai" (to do the buying of): the noun with a verb of doing buys ("sarkari kharidari kab
# shuru hogi" asks about procurement)
_PURCHASE_NOUN = frozenset(fold(w) for w in "kharidari kharidaari khareedari khareedaari खरीदारी खरीददारी".split())
_DO_VERB = frozenset(fold(w) for w in """karni karna karne karenge karunga karungi karegi karega karte karti karein karen
करनी करना करने करेंगे करूंगा करूंगी करेगी करेगा करते करती करें""".split())
_FOR = frozenset(p[1] for p in W.FOR_PURPOSE if len(p) == 2)


def _purpose_infinitive(tokens: list[str], i: int) -> bool:
    """ "Loan chahiye 50 hazar, bakri kharidne ke liye": a buy verb's oblique infinitive before "ke liye" (in order to
    buy) says what something else is wanted for; it buys nothing itself."""
    return (tokens[i].endswith(("ne", "ने")) and tokens[i + 1:i + 2] in (["ke"], ["के"])
            and tokens[i + 2:i + 3] != [] and tokens[i + 2] in _FOR)


# what a mill does: "ganna mil kab chalu hogi" (when will the sugar mill start), "mil band hai"
_MILL_STATE = frozenset(fold(w) for w in """chalu chaalu band khulegi khulega khulta khulti chalegi chalega shuru start
चालू बंद खुलेगी खुलेगा शुरू""".split())


def _a_mill(tokens: list[str], i: int) -> bool:
    """The "mil" at i is a mill: a factory's state follows it ("ganna mil kab chalu hogi", "mil band hai")."""
    return tokens[i] in ("mil", "मिल") and any(t in _MILL_STATE for t in tokens[i + 1:i + 3])


def _order_heading(tokens: list[str]) -> bool:
    """ "Corporate order: 300 rakhi", "Bulk order - 2000 bags", "Order: 50 kg makhana": a message headed as an order
    (within its first three words, closed by ":" or "-") places one; "order le rahe hai" (taking orders) is a seller's."""
    for i, t in enumerate(tokens[:3]):
        if t in _ORDER_WORDS and tokens[i + 1:i + 2] != [] and (
                tokens[i + 1] in _HEAD_END or (i == 0 and t == "order" and tokens[1][0].isdigit() and not _past(tokens))):
            return W.SELL.isdisjoint(tokens) and "taking" not in tokens and "accepting" not in tokens
    return False  # ("Order 10 kg peda, Hajipur delivery": the English imperative, a number right after it)


def _goods_needed(tokens: list[str], i: int, used: set[int]) -> bool:
    """The "lagat/lagega" at i says the goods named right before it will be needed ("२ क्विंटल दही लागत"), not what a
    price will be ("35-40 rs kilo lagega", "पांच हजार रुपया क्विंटल लगेगा") nor a cost ("लागत 20 रुपया")."""
    if i == 0 or i - 1 not in used or tokens[i - 1][0].isdigit() or tokens[i - 1] in _UNIT_WORDS:
        return False
    if tokens[i + 1:i + 2] != [] and (tokens[i + 1][0].isdigit() or tokens[i + 1] in W.CURRENCY):
        return False
    start = max((k for k in range(i) if tokens[k] in _CLAUSE), default=-1) + 1
    return W.CURRENCY.isdisjoint(tokens[start:i])


def _sends_vehicle(tokens: list[str], i: int) -> bool:
    """ "gaadi aap bhejiye", "truck bhej dijiye": the send word at i asks for a vehicle to fetch the goods (the buyer
    collects from the seller), not for goods to be sent."""
    return any(t in W.VEHICLE for t in tokens[max(0, i - 3):i])


_SEND_STEM = frozenset(fold(w) for w in "bhej bhijwa pahuncha pahucha de भेज पहुंचा".split())
_AVAILABLE = frozenset({"available", "availabe", "avl", "avlbl", "uplabdh", "upalabdh", "उपलब्ध"})
_YES_NO = frozenset({"is", "are", "kya", "क्या"})


def _asks_available(tokens: list[str]) -> bool:
    """ "Is sattu available in Arrah?": availability asked by someone who does not say the goods are theirs."""
    asked = "?" in tokens or tokens[0] in _YES_NO or tokens[-1] in W.QUESTION
    return asked and W.OWN.isdisjoint(tokens) and W.FIRST_PERSON.isdisjoint(tokens) and tokens[0] not in ("we", "i")


_SUPPLY_OR_QUOTE = W.SUPPLY_VERB | W.QUOTE


def _asks_to_supply(tokens: list[str]) -> bool:
    """An English buyer asking for supply: "can/could you arrange|supply ...", "supply ... to our NGO",
    "please quote for ...", "quotation for ..."."""
    for i, t in enumerate(tokens):
        if t in W.SUPPLY_VERB:
            if "you" in tokens[max(0, i - 2):i] or "your" in tokens[max(0, i - 3):i]:
                return True  # "can you arrange", "can your SHG make"
            if any(tuple(tokens[k:k + 2]) in W.TO_US for k in range(i + 1, len(tokens) - 1)):
                return True
        if (t in W.QUOTE or t in W.SUPPLY_VERB) and tokens[i - 1:i] in (["please"], ["pls"], ["plz"], ["kindly"]):
            return True  # "please quote", "Pls arrange 200 kg curd"
        if t in W.SUPPLY_VERB and not _YOU_OR_PLEASE.isdisjoint(tokens[max(0, i - 8):i]) \
                and W.OWN.isdisjoint(tokens[:i]):
            return True  # "kya aap 4 quintal besan supply kar sakte hain", "Kripya 12,000 ande ki aapurti karein"
        if t in W.QUOTE and tokens[i + 1:i + 2] == ["for"]:
            return True
    return False


_YOU_OR_PLEASE = frozenset(fold(w) for w in "aap kripya kripaya krpya कृपया आप".split())  # (not "hum aapko ... supply")
_ADVICE_ANY = W.ADVICE | W.QUESTION


def _advice(tokens: list[str], used: set[int]) -> str | None:
    """ADVICE when a how-to, farming or care question is asked ("aloo ki kheti kaise kare", "kida lag gaya hai
    kya karein", "license chahiye kya"); PRICE for a bazaar "kaise diye?" (= at what price); else None."""
    found = None
    if _modal(tokens) or _en_how_to(tokens) or _asks_how_to_sell(tokens):
        found = OTHER
    if _ADVICE_ANY.isdisjoint(tokens):
        return found
    for i, t in enumerate(tokens):
        if i in used:
            continue
        if t in ("kaise", "kese", "कैसे") and any(w in W.HOW_PRICE for w in tokens[i + 1:i + 3]) \
                and not (i > 0 and tokens[i - 1] in _PLANTED):
            return PRICE  # "tamatar kaise diye" (but "ped kaise lagaye" asks how to plant)
        if t in W.ADVICE or (t in W.QUESTION and i + 1 < len(tokens) and tokens[i + 1] in W.ADVICE_AFTER_QUESTION):
            found = OTHER
    return found


def _verb_swapped(tokens: list[str]) -> str | None:
    """ "bechna nahi, kharidna hai", "kharidna nahi bechna hai": one trade verb negated, the other said after it;
    the one said counts."""
    for i, t in enumerate(tokens[:-1]):
        if tokens[i + 1] not in W.NEGATION:
            continue
        later = tokens[i + 2:i + 6]
        if t in W.SELL_VERB and any(u in W.PURCHASE for u in later):
            return BUY
        if t in W.PURCHASE and any(u in W.SELL_VERB for u in later):
            return SELL
    return None


_WHAT_NOW = frozenset({"kya", "kyaa", "क्या"})
_PLANTED = frozenset(fold(w) for w in "ped pedh per paudha paudhe podha podhe gachh gachhi पेड़ पेड पौधा पौधे गाछ".split())
_OF_THE_DAY = frozenset({"mandi", "मंडी", "aaj", "आज", "today", "todays", "today's", "daily", "roj", "रोज"})
_RATE_NOUN = frozenset(fold(w) for w in "bhav bhaw bhao bhaav bhau rate rates daam भाव रेट दाम".split())


def _todays_rate_sent(tokens: list[str], has_product: bool) -> bool:
    """ "aaj ka mandi bhav bhejiye", "mandi rate bhejo", "aaj ka bhav bhejo": a rate word then a send word, with
    the market or the day named (or no goods): the going rates asked for."""
    return (not _OF_THE_DAY.isdisjoint(tokens) or not has_product) and any(
        t in _RATE_NOUN and tokens[i + 1:i + 2] != [] and tokens[i + 1] in W.GIVE_ME for i, t in enumerate(tokens))


def _what_goes(tokens: list[str]) -> bool:
    """ "kya chal raha (hai)": what (the goods) go for now, asked."""
    return any(t in _WHAT_NOW and tokens[i + 1:i + 2] != [] and tokens[i + 1] in W.GOING and tokens[i + 2:i + 3] != []
               and tokens[i + 2] in _SELLING_NOW for i, t in enumerate(tokens))


_ANYONE_TO = frozenset({"kisiko", "kisko", "किसीको"})
_ASKED_OR_IF = frozenset({"?", "kya", "क्या", "to", "toh", "तो"})


def _offered_to_anyone(tokens: list[str]) -> bool:
    """ "kisi ko 2 quintal bari chahiye?", "किसी को मखाना चाहिए तो बताइए": whether anyone wants the goods, asked
    by the one who has them."""
    for i, t in enumerate(tokens):
        if t in _ANYONE_TO or (t in ("kisi", "किसी") and tokens[i + 1:i + 2] != [] and tokens[i + 1] in ("ko", "को")):
            later = tokens[i + 1:i + 12]
            return any(u in W.BUY and not _ASKED_OR_IF.isdisjoint(later[j + 1:j + 3]) for j, u in enumerate(later))
    return False


_LIST = frozenset({"list", "lisht", "suchi", "लिस्ट", "सूची"})


def _rate_list_wanted(tokens: list[str]) -> bool:
    """ "rate list bhejo", "send rate list" beside what the writer needs ("chahiye", "need"): quotes for an order."""
    return not W.BUY.isdisjoint(tokens) and _rate_list_asked(tokens)


def _rate_list_asked(tokens: list[str]) -> bool:
    """ "rate list", "price list": a list of prices asked for."""
    return any(t in W.PRICE_ASK and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _LIST for i, t in enumerate(tokens))


_FAIR = frozenset(fold(w) for w in """thik theek thek sahi sahee uchit jayaj jayz mehnga mehenga mahanga mahnga mehanga
costly expensive fair ठीक सही उचित जायज महंगा महँगा मंहगा""".split())
_OFFERED_EN = frozenset({"offered", "offering", "offers", "quoted", "quoting", "quotes"})  # "a trader offered me Rs 30"
_TOO_MUCH = frozenset(fold(w) for w in "jyada zyada jada jiyada ज्यादा ज़्यादा जादा".split())
_QUOTED_BY = frozenset(fold(w) for w in """bol bola bole bolta bolte bolti kah keh kaha kahe bech bechta bechte बोल बोला
बोले कह कहा कहे बेच""".split())


def _fair_asked(tokens: list[str]) -> bool:
    """ "vyapari 18 rs kilo bol raha hai ... thik hai kya", "1000 rupya quintal mil raha hai thik hai?", "200 rs kg bol
    raha h jyada to nahi", "bech raha dukandar, mehnga h kya?": a rate someone offers the writer (a trader's word,
    what the market gives or a shop sells at), asked to be fair or too dear: a price question."""
    end = len(tokens)
    while end and tokens[end - 1] in ("?", "."):
        end -= 1
    tail = tokens[max(0, end - 4):end]
    too_much = tail[-3:-1] != [] and any(t in _TOO_MUCH for t in tail[-3:-1]) and tail[-1] in W.NEGATION
    if not too_much and (not any(t in _FAIR for t in tail)
                         or not (tokens[end:] == ["?"] or any(t in W.QUESTION for t in tail))):
        return False  # "... thik hai kya", "... mehnga h kya?", "... jyada to nahi"
    offered = any((t in _QUOTED_BY or t in ("mil", "मिल", "de", "दे")) and tokens[i + 1:i + 2] != []
                  and tokens[i + 1] in _GOING_ON for i, t in enumerate(tokens))
    return offered or not W.BUYER_NOUN.isdisjoint(tokens) or not _OFFERED_EN.isdisjoint(tokens)


def detect_intent(tokens: list[str], used: set[int], has_product: bool, has_unknown: bool,
                  has_quantity: bool, has_price: bool) -> str:
    """Intent of a tokenised message (rules in the module doc)."""
    if tokens and (swapped := _verb_swapped(tokens)) is not None:
        return swapped  # "bechna nahi, kharidna hai: sarso tel 50 litre"
    if has_price and not has_quantity and _fair_asked(tokens):
        return PRICE  # "vyapari 18 rs kilo bol raha hai makka ka thik hai kya": is the rate offered fair
    if not tokens or is_cancelled(tokens, used):
        return OTHER
    terse = sum(1 for t in tokens if t[0].isalpha() or "\u0900" <= t[0] <= "\u097f") <= 4
    asks_rate = any(t in W.PRICE_ASK and (t not in _WEAK_ASK or (has_product and terse))
                    and (t not in _HOW_MUCH or _money_next(tokens, i)) and not _at_going_rate(tokens, i, has_quantity)
                    for i, t in enumerate(tokens) if i not in used)
    if not asks_rate and _en_rate_question(tokens):
        asks_rate = True  # "how much is ...", "what price"
        if not has_price and not any(t in W.BUY and not _job_title(tokens, i) for i, t in enumerate(tokens)) \
                and W.GIVE_ME.isdisjoint(tokens) and not (
                has_quantity and _quote_for(tokens)):
            return PRICE  # an English rate question, even with "selling" in it
    if has_product and _offered_to_anyone(tokens):
        return SELL  # "kisi ko 2 quintal bari chahiye? 200 rupya kilo": does anyone want it, an offer
    if not has_price and asks_about_service(tokens):
        return OTHER  # "5 kilo makhana mumbai bhejne ka courier charge kitna lagega": a question about the service
    if problem_asked(tokens):
        return OTHER  # "mushroom ke 20 bag lagal ba, fungus lag gail, ka kari": a problem, not an offer
    if asks_about_scheme(tokens) or off_feed(tokens):
        return OTHER  # "talab par anudan kitna hai?", "bhains chara nahi kha rahi": a scheme or a sick animal
    if arrived(tokens) or crop_distress(tokens) or disease_told(tokens) or vehicle_wanted(tokens):
        return OTHER  # "2 bakri pahunch gayi", "paani ki kami se dhaan sukh raha hai": a delivery or a crop's state
    if not (has_quantity or has_price) and _todays_rate_sent(tokens, has_product):
        return PRICE  # "aaj ka mandi bhav bhejiye": the day's rates, sent (not a seller's quote)
    if has_product and not (has_quantity or has_price) and W.BUY.isdisjoint(tokens) and _rate_list_asked(tokens):
        return PRICE  # "Please send your rate list for pickles": prices asked, no order placed
    if has_product and not has_quantity and _what_goes(tokens):
        return PRICE  # "mandi me kya chal raha hai gehun ka?", "kela darjan kya chal raha Hajipur me"
    advice = _advice(tokens, used)
    if advice == PRICE and has_product and not has_quantity:
        return PRICE  # "tamatar kaise diye"
    if advice == OTHER and not (has_quantity or has_price or (asks_rate and not (
            _modal(tokens) and W.PRICE_ASK.isdisjoint(t for t in tokens if t not in _HOW_MUCH)))):
        return OTHER  # question and advice words weigh against a trade unless an amount or price is there
        # ("talab kitna gahra hona chahiye": a "kitna" next to a "should" asks no price)
    if not W.CONTACT.isdisjoint(tokens) and any(t in W.BUY and _next_to_contact(tokens, i, used)
                                                  for i, t in enumerate(tokens)):
        return OTHER  # "makhana wali didi ka number chahiye": a contact, not goods
    if not (has_quantity or has_price) and _asked_about(tokens) and is_chatter(tokens, used):
        return OTHER  # "kitne din me paisa aata hai sale ke baad?": a question about money, not an offer
    if not (has_quantity or has_price) and _asks_if_can_sell(tokens):
        return OTHER  # "kya is app pe bakri bhi bech sakte hai?": may I sell here, not an offer
    if has_product and has_price and not has_quantity and going_rate_asked(tokens):
        return PRICE  # "mooli 5 rupya kilo chal raha hai kya", "makhana 600 kilo mil raha hai kya?": is that the rate
    if not (has_quantity or has_price) and _rate_of_asked_by_buyer(tokens):
        return PRICE  # "Current mandi rate of cauliflower in Biharsharif? we buy daily for hostel"
    if asks_rate and not has_price and has_product and _quote_bidden(tokens) and _packs_told(tokens):
        return SELL  # "tamatar 10 crate hai samastipur se rate bolo": her stock, and the buyer bidden to quote
    marker = _marker(tokens, used)
    if marker in (PRICE, None) and has_quantity and _quote_for(tokens):
        return BUY  # "Please share rate for 500 kg turmeric", "Quote your best price for 1 MT masoor dal"
    if marker == SELL and not has_quantity and _asks_how_to_sell(tokens):
        marker = None  # "aalu ka rate kya hai, aur kab bechna sahi rahega?": a question, not an offer
    if (marker == SELL and not (has_quantity or has_price) and not W.ASK.isdisjoint(tokens)
            and not _READY.isdisjoint(tokens) and all(t in _READY for t in tokens if t in W.SELL)):
        return OTHER  # "makhana kitne din me taiyar hota hai": how long it takes, not an offer
    if marker == SELL and asks_rate and not (has_quantity or has_price) and _sells_then(tokens):
        return PRICE  # "मखानक भाव की चलि रहल छैक? तखन हम बेचब": the rate is asked first, the sale is a plan
    if marker == PRICE and has_quantity and _rate_list_wanted(tokens):
        return BUY  # "need 100 kg besan, 50 kg suji, pls send rate list": a buyer asking for quotes
    if marker == PRICE:
        return PRICE if (has_product or has_unknown or not has_quantity) else BUY
    if marker is not None:
        if has_product or has_unknown or has_quantity or has_price:
            return marker  # (parse reads a price with no goods and no quantity as money unless it is per unit)
        return OTHER
    if is_chatter(tokens, used):
        return OTHER  # "mera 3 quintal makhana wala payment kab aayega", "mera bag kho gaya"
    if has_product and (has_quantity or has_price) and not W.BUDGET.isdisjoint(tokens):
        return BUY  # "Bulk order: 2000 jute bags, budget 60 per bag": a budget is a buyer's
    if asks_rate and not has_price and not has_product and not W.SERVICE_COST.isdisjoint(tokens):
        return OTHER  # "Delivery charge kitna lagega Chhapra tak?": a fee, not a market rate
    if asks_rate and not has_price:
        return PRICE
    if (has_product and has_price and not has_quantity and any(t in W.PRICE_ASK for t in tokens)
            and (tokens[-1] in W.QUESTION or any(t in W.GOING for t in tokens))):
        return PRICE  # "gehun ka bhav 2400 chal raha hai kya"
    if has_product and has_price and not has_quantity and tokens[-1] in W.QUESTION and _selling_at(tokens):
        return PRICE  # "aalu 20 rupya kilo bik raha hai kya Patna me?": is that the going rate
    if has_product and not (has_quantity or has_price) and not W.TALK.isdisjoint(tokens):
        return OTHER  # "makhana wali didi se baat karni hai"
    if has_product and not (has_quantity or has_price) and _is_there(tokens):
        return BUY  # "makhana hai?", "shahad hai kya": is there any (a buyer asks)
    if has_product and not (has_quantity or has_price) and (_asked_about(tokens) or _past(tokens)
                                                            or not W.YOUR.isdisjoint(tokens)):
        return OTHER  # "litchi ka season kab aayega", "shahad ki jaanch kahan hoti hai", "aapka shahad mila"
    if (has_quantity or has_price) and _past(tokens):
        return OTHER  # "last year 10 quintal makhana hua tha", "pichhle saal aloo 8 rupaye bika tha"
    if (has_product and not (has_quantity or has_price) and not terse and _NOW_VERB.isdisjoint(tokens)
            and W.CURRENCY.isdisjoint(tokens) and not any(t[0].isdigit() for t in tokens)):
        return OTHER  # "is baar barish kam hui, dhaan ki ropni late hogi": a product named in talk, no offer
    if has_product or (has_unknown and (has_quantity or has_price)):
        return SELL
    return OTHER


# a present-tense "is/am": "makhana aur shahad dono hai", "shahad ka photo bhej rahi hu" may still offer
_NOW_VERB = W.PRESENT | frozenset({"hu", "hun", "hoon", "hoo", "हूं", "हूँ", "chhai", "छै"})
_IS = frozenset({"hai", "h", "he", "है", "milta", "milti"})


_THEN = frozenset({"tab", "tabhi", "takhan", "takhni", "phir", "fir", "then", "तब", "तभी", "तखन", "तखनी", "फिर"})


def _sells_then(tokens: list[str]) -> bool:
    """ "..., bhav ki chalait chhai? takhan ham bechab", "rate kya hai? tab bechenge": every sell word follows a rate
    question closed by "?" and a "then" after it: the sale depends on the rate asked (no offer yet)."""
    if _THEN.isdisjoint(tokens) or "?" not in tokens:
        return False
    q = tokens.index("?")
    if W.PRICE_ASK.isdisjoint(tokens[:q]):
        return False
    sells = [i for i, t in enumerate(tokens) if t in W.SELL]
    return bool(sells) and all(i > q and any(t in _THEN for t in tokens[q + 1:i]) for i in sells)


_ABOVE = frozenset({"upar", "uppar", "oopar", "jyada", "zyada", "adhik", "neeche", "niche", "kam", "ऊपर", "उपर", "ज्यादा",
                    "नीचे", "कम"})
_WENT_OR_IS = frozenset({"gaya", "gya", "gayi", "gai", "chala", "chali", "pahuncha", "hai", "h", "he", "hua", "गया", "गई",
                         "चला", "है", "हुआ", "pahunch", "पहुंचा"})
_AUX_Q = frozenset({"hai", "h", "he", "hain", "ho", "है", "हैं", "हो", "ba", "बा", "chhai", "छै", "hau", "हौ", "hay"})
# Magahi/Bhojpuri one-word "is selling": "murhi 60 rupya kilo bikait hau?"
_SELLS_NOW = frozenset({"bikait", "bikaait", "bikat", "bikela", "बिकाइत", "बिकइत", "बिकत", "बिकेला"})


def going_rate_asked(tokens: list[str]) -> bool:
    """ "dhan 2300 quintal chal raha hai kya", "makhana 600 kilo mil raha hai kya?", "aalu 20 kilo bik raha hai kya",
    "makai 1900 quintal se upar gaya kya?", Magahi "murhi 60 rupya kilo bikait hau?": a yes/no question whether the
    market goes at (or past) a rate."""
    if W.QUESTION.isdisjoint(tokens):
        return False
    for i, t in enumerate(tokens[:-1]):
        if t in _SELLS_NOW:
            j = i  # Magahi/Bhojpuri "bikait hau?", "bikela?": one word for "is selling"
        elif t in W.GOING or t in W.SOLD or t in ("mil", "मिल"):
            j = i + 1
            if tokens[j] not in _SELLING_NOW:
                continue
        elif t in ("aa", "आ") and tokens[i + 1] in ("gaya", "gya", "गया"):
            j = i + 1  # "aloo 12 rs kilo pe aa gaya kya?": has the rate come down to
        elif t in W.SE and tokens[i + 1] in _ABOVE and tokens[i + 2:i + 3] != [] and tokens[i + 2] in _WENT_OR_IS:
            j = i + 2
        else:
            continue
        j += 1
        while j < len(tokens) and tokens[j] in _AUX_Q:
            j += 1
        if j < len(tokens) and (tokens[j] in W.QUESTION or (tokens[j] in _TAG_NA and tokens[j + 1:j + 2] in ([], ["?"]))):
            return True  # "... chal raha hai kya", "... chal raha hai na?"
    return False


_TAG_NA = frozenset({"na", "naa", "न", "ना"})


def _selling_at(tokens: list[str]) -> bool:
    """ "bik raha hai", "bik rahi", Magahi "bikait": goods are selling (now), said of the market."""
    return not _SELLS_NOW.isdisjoint(tokens) or any(t in W.SOLD and tokens[i + 1:i + 2] != [] and tokens[i + 1] in _SELLING_NOW for i, t in enumerate(tokens))


def _is_there(tokens: list[str]) -> bool:
    """ "makhana hai?", "shahad hai kya": a product asked for by "is there", by someone who does not say it is
    theirs (no mera/hamare/I); not the "hai kya" of a progressive verb ("koi didi makhana machine chala rahi hai
    kya?" asks whether someone does something)."""
    if not W.OWN.isdisjoint(tokens) or not W.FIRST_PERSON.isdisjoint(tokens) or not W.ASK.isdisjoint(tokens):
        return False
    return any(t in _IS and tokens[i + 1:i + 2] and tokens[i + 1] in W.QUESTION
               and not (i > 0 and tokens[i - 1] in _SELLING_NOW)  # "... chala rahi hai kya": is someone doing it
               for i, t in enumerate(tokens))


def _asked_about(tokens: list[str]) -> bool:
    """A question word (kab, kahan, kyon, kaun, why...) or a question mark: the product is asked about."""
    return "?" in tokens or not W.ASK.isdisjoint(tokens)


def is_past(tokens: list[str]) -> bool:
    """See _past (for parse: a report keeps no amounts)."""
    return _past(tokens)


_PAST_FIRST = frozenset(p[0] for p in W.PAST_TIME)


def _past(tokens: list[str]) -> bool:
    """Told in the past ("... hua tha", "last year ..."), with no present-tense verb: a report, not an offer."""
    if remaining_after_sold(tokens) is not None:
        return False  # "sold all potatoes last week; now have 3 quintal onion": what is left is offered
    if not _PAST_FIRST.isdisjoint(tokens) and any(tuple(tokens[i:i + 2]) in W.PAST_TIME
                                                   for i in range(len(tokens) - 1)):
        return True
    if W.PAST.isdisjoint(tokens):
        return False
    # "quality achhi thi": a word that is also a present verb (Maithili achhi = is) right before tha/thi is the
    # adjective of a past sentence, not a present verb
    return not any(t in W.PRESENT and not (i + 1 < len(tokens) and tokens[i + 1] in W.PAST)
                   for i, t in enumerate(tokens))
