"""Tests for bot.parser: fixture messages, missing/suggestions, numbers, units, robustness, CLI."""
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from bot import catalog
from bot.parser import Parsed, parse
from bot.parser import words as W
from bot.parser.cli import run
from bot.parser.normalize import tokenize
from bot.parser.numbers import NUMBER_WORDS, find_numbers, read_number
from bot.parser.units import UNITS

FIXTURES = Path(__file__).parent / "fixtures"
FIELDS = ("intent", "product", "quantity", "unit", "price", "district")


def _load(name: str) -> list[dict]:
    with (FIXTURES / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


EXAMPLES = _load("parse_examples.jsonl")
MORE = _load("parse_more.jsonl")
# parse_audit.jsonl: 302 messages written by an outside auditor (issue 3 audit), kept as a separate file
# (parse_more.jsonl already held the project's own 230 cases). Their expectations are recorded as the
# auditor wrote them; I found none I judged wrong. Where the auditor accepted more than one answer, the
# file records one, as listed here with the reason:
AUDIT_CHOICES = {
    "10 packet makhana 500 gram wala 350 rupaye packet": "5 kg at 700/kg: packs of a size are counted in the "
                                                         "product's base unit (makhana is sold by weight)",
    "10 packet 500 gram makhana": "5 kg, as above",
    "500 gram ka 200 packet makhana": "100 kg, as above",
    "5-6 quintal aloo hai": "500 kg: a range is read as its lower bound, for quantities and prices alike",
    "makhana ek kilo ka 700": "quantity 1 kg: it is written",
    "aloo 5 kilo ka 100": "quantity 5 kg: it is written (price 20/kg)",
    "makhana 5 kilo ka packet 3500": "700/kg, no quantity (auditor: 5 kg, one 5-kilo packet): since the eighteenth "
                                      "round a sized pack priced with no count of packs says what one pack is and "
                                      "costs, not the stock, as five blind writers read it (sets X and AH)",
    "aloo ka rate kya hai 5 quintal bechna hai": "sell 500 kg: the sale verb and quantity outweigh the rate word",
    "gehun ka bhav 2400 chal raha hai kya": "price question, but the rate asked about is kept: 24/kg "
                                            "(2400 is a per-quintal mandi rate)",
    "silai machine chahiye": "buy, no product (not in the catalog: the bot asks what)",
    "bhav bahut kam mil raha hai": "price with no product (the bot asks which product)",
    "shahad ka photo bhej rahi hu": "sell honey (a didi sending a photo of her honey is listing it)",
    "saree 20 piece bhagalpuri silk 2500 ka ek": "district Bhagalpur (bot.places reads 'bhagalpuri'; harmless)",
    "gaya tilkut 10 kg": "no district: 'gaya tilkut' is the product's name",
    "Need 200 litres milk daily Danapur": "district Patna: Danapur is a block of Patna only (issue 10: towns and "
                                          "block names people give instead of the district; was null)",
    "hum gaya gaye the kal": "district Gaya (was null): the verb 'gaya' is never followed by 'gaye', so 'gaya gaye "
                             "the' is 'went to Gaya'; blind set C reads 'gaya gaye the mela me' the same way",
}
AUDIT = _load("parse_audit.jsonl")
# parse_heldout.jsonl: 200 messages an independent checker wrote to test the parser on text it had never
# seen. Before any fix the parser scored 183/200 on them; they are no longer held out. Expectations as the
# checker wrote them, except (the parser's documented rules decide; see data/SOURCES.md):
HELDOUT_CHOICES = {
    "desi murgi 20 hai bechna": "20 kg: a bare number after the product is in its base unit (checker: null)",
    "gud ka bhav kya hai munger me": "jaggery, as the checker wrote: 'gud' is now a weak jaggery name (issue 10), "
                                     "read only in a message about trade ('sab gud hai' stays good)",
    "Need 30 Bhagalpuri silk sarees for shop, up to 1500 each": "district Bhagalpur, as for 'bhagalpuri silk' in "
                                                                "AUDIT_CHOICES (checker: null)",
    "ande 10 darjan h 70 rs darjan": "price 5.83: prices are rounded to paise (checker: 5.8333...)",
    "kela 50 darjan h 40 rs darjan hajipur": "price 3.33, as above",
    "need 500 jars honey": "500 piece: a count stays a count, as parse_examples.jsonl records 'achar 30 bottle' "
                           "-> 30 piece (checker: null)",
    "हमारे समूह में 10 किलो अगरबत्ती बना है": "10 kg: a weight stays a weight, as written; the bot asks again "
                                             "in pieces (checker: null)",
}
HELDOUT = _load("parse_heldout.jsonl")
# parse_blind_a/b.jsonl: two sets (220 each) written blind by two independent writers for issue 10, graded before
# any fix (A 169/220, B 176/220 whole-message); the parser was then fixed against them. Expectations as written,
# except these corrections (the writer's reading contradicts the project's catalog or naming):
BLIND_A_CORRECTIONS = {
    "kaddu 3 quintal hai 10 rs kilo": "bottle_gourd, not pumpkin: in Bihar 'kaddu' is lauki (Chhath's kaddu-bhaat); "
                                      "the catalog and parse_more/audit/heldout ('kaddu 50 piece') say so, and "
                                      "pumpkin is kohda/कोहड़ा",
}
BLIND_B_CORRECTIONS = {
    "Require 15 MT raw jute from Katihar": "raw_jute: the writer's own key 'jute' for a product then missing; the "
                                           "catalog now has raw_jute (plain 'jute' stays jute_products, the crafts)",
    "Bhabua ki didi ke paas 5 quintal masoor hai": "district 'Kaimur': the project's English district name "
                                                   "(data/bihar_districts.csv); 'Kaimur (Bhabua)' is an alias",
}
BLIND_A = _load("parse_blind_a.jsonl")
BLIND_B = _load("parse_blind_b.jsonl")
# parse_blind_c.jsonl: 210 messages a third writer wrote after the A/B fixes; graded once held out (172/210 before
# those fixes, 190/210 after), then fixed against (issue 10, second round). Expectations as written, except these
# corrections (the file records the corrected reading):
BLIND_C_CORRECTIONS = {
    "kaddu sava quintal hai 12 rs kilo": "bottle_gourd, not pumpkin, as in BLIND_A_CORRECTIONS",
}
BLIND_C = _load("parse_blind_c.jsonl")
# parse_blind_d.jsonl: 220 messages by a fourth writer (issue 10, third round); graded once held out (196/220 before
# that round's fixes, 204/220 after), then fixed against. Expectations as written.
BLIND_D = _load("parse_blind_d.jsonl")
# parse_blind_e.jsonl: 220 messages by a fifth writer (issue 10, fourth round); graded once held out (205/220 before
# set D's fixes, 207/220 after them), then fixed against. Expectations as written.
BLIND_E = _load("parse_blind_e.jsonl")
# parse_blind_f.jsonl: 220 messages by a sixth writer, written while set E's fixes were made; graded held out
# (191/220 whole-message), then fixed against (issue 10, fifth round). Expectations as written.
BLIND_F = _load("parse_blind_f.jsonl")
# parse_blind_h.jsonl / parse_blind_i.jsonl: 230 messages each by two more writers who never saw the code (issue 10,
# fifth round); graded once held out before any fix for them (H 206/230 on the parser as it was before set F's
# fixes, 208/230 after the first of them; I 196/230 before any of them), then fixed against. Expectations as written,
# except these corrections (the file records the corrected reading):
BLIND_H_CORRECTIONS = {
    "kaddu ka bhav batao Nawada mandi": "bottle_gourd, not pumpkin, as in BLIND_A_CORRECTIONS",
}
BLIND_I_CORRECTIONS = {
    "ठेकुआ छठ पर्व के लिए आर्डर ले रहे है 200 रु किलो": "unit kg (writer: null): with a price and no quantity the "
                                                     "unit is the price's, as eight earlier rows record "
                                                     "('aloo 20 rupaye kilo', 'anda 6 rupya pis')",
    "tilkut ka order le rahe hai makar sankranti ke liye, 280 kilo, Gaya ji": "unit kg (writer: null), as above; the "
                                                                              "writer's price reading (280/kg, no "
                                                                              "quantity) is kept",
}
BLIND_H = _load("parse_blind_h.jsonl")
BLIND_I = _load("parse_blind_i.jsonl")
# parse_blind_g.jsonl: 230 messages by one more writer who never saw the code (issue 10, sixth round); held out once
# (210/230 on the parser after the F/H/I fixes, 209/230 before them), then fixed against. Expectations as written.
BLIND_G = _load("parse_blind_g.jsonl")
# parse_blind_j.jsonl: 230 messages by one more writer who never saw the code; held out once (215/230), then fixed
# against by general rules. Expectations as written, except (the file records the corrected reading):
BLIND_J_CORRECTIONS = {
    "chhath khatir thekua ke order leti ja, 300 rupya kilo, Siwan": "unit kg (writer: null): with a price and no "
                                                                     "quantity the unit is the price's, as in "
                                                                     "BLIND_I_CORRECTIONS",
}
BLIND_J = _load("parse_blind_j.jsonl")
# parse_blind_k.jsonl / parse_blind_l.jsonl: 230 messages each by two more writers who never saw the code, from a
# reading schema that left out the rule every other fixture follows (an `other` message carries no product,
# quantity, unit or price); the files now follow it (the writers gave a product to 19 `other` rows of K, one of them
# also a quantity and unit, and to 21 of L; see data/SOURCES.md). Held out once before any fix: K 203/230 as written,
# 220/230 with that rule; L 194/230, 212/230; then fixed against by general rules. Expectations as written otherwise:
# no row needed a correction.
BLIND_K_CORRECTIONS: dict[str, str] = {}
BLIND_L_CORRECTIONS: dict[str, str] = {}
BLIND_K = _load("parse_blind_k.jsonl")
BLIND_L = _load("parse_blind_l.jsonl")
# parse_blind_m.jsonl: 240 messages by a thirteenth writer who never saw the code, from a schema that states the
# project's conventions (the `other` rule too), with a Tirhut/Darbhanga/Purnia/Bhagalpur/Munger focus. Held out once,
# before any fix: 208/240; then fixed against by general rules. Expectations as written, except (the file records the
# corrected reading; the writer's schema wrongly said "the made thing is the product" for a material and a craft):
BLIND_M_CORRECTIONS = {
    "sikki ki tokri 25 piece hai 300 rupya piece sitamarhi": "sikki_craft (writer: bamboo_basket): a form word after "
                                                             "a material names the material's product, the project's "
                                                             "documented rule (issue 10; products.yaml field 9)",
    "फूलगोभी ५०० पीस खेत में तैयार, लालगंज वैशाली": "500 piece (writer: null): a count of a kg product stays a count "
                                                "in pieces, as the fixtures record ('gobhi 50 piece', 'lauki 50 piece', "
                                                "'kaddu 20 piece'); the bot asks again in its unit",
    "छठ खातिर बांस के १०० गो सूप चाही, बेतिया": "bamboo_basket (writer: bamboo_craft): the catalog lists सूप/soop "
                                             "(the winnowing basket) under bamboo_basket; 'बांस के' only says its "
                                             "material",
}
# rows of set M the parser still misreads, left open rather than fixed by a rule made for one sentence; the M test
# expects them to fail (strict xfail), so a fix shows up
BLIND_M_OPEN = {
    "भैया प्रणाम, हम्मे बिहपुर सें बोली रहलियै। हमरो घरोॅ में सात गो बकरी छै, ओकरा में सें चार गो बेचना छै, पाँच-पाँच "
    "हजार में। घरवाला बीमार छै त पैसा के जरूरत छै। केकरो लेना होय त फोन करियै।":
        "quantity 7, not 4: 'ओकरा में सें चार गो' (four of them) needs a rule that a part after 'X me se' is the "
        "quantity offered",
    "bail ka jodi bechna hai saraiya muzaffarpur 60 hajar jodi":
        "quantity 120000, no price: '60 hajar jodi' after a pair already named is a price per pair (30000 each), "
        "which the pair rule does not read yet",
    "paanch bori aalu 50 kilo wala motihari 1200 bori":
        "no price: a second 'N bori' after the sacks counted is a price per sack (1200 / 50 kg = 24/kg); the rule for "
        "'3 qtl gehu 2400 qtl' does not cover sized sacks yet",
}
BLIND_M = _load("parse_blind_m.jsonl")
# parse_blind_o.jsonl: 200 short, typo-heavy messages by a fourteenth writer who never saw the code. Held out once,
# before any fix: 181/200 (90.5%); then fixed against by general rules. Expectations as written, except (the file
# records the corrected reading):
BLIND_O_CORRECTIONS = {
    "aachar 10 jar hai": "10 piece (writer: null quantity, since a jar has no size): a count of containers of a kg "
                         "product with no size given stays a count in pieces, as the fixtures record ('need 500 jars "
                         "honey', 'achar 30 bottle'); a sized jar converts ('1 jar me 1 kilo')",
}
# rows of set O the parser still misreads, left open rather than fixed by a rule made for one sentence (strict xfail)
BLIND_O_OPEN = {
    "मुर्गी का अंडा 10 क्रेट 30 वाला":
        "price 30, no quantity: '10 क्रेट 30 वाला' is 10 crates of 30 (300 pieces), a sized container the size rule "
        "does not read with वाला yet",
    "ladoo 10kg besan wala 240 kilo":
        "no price: '240 kilo' after the quantity already given is a rate per kilo (as '2400 qtl' after '3 qtl'), "
        "which a 'wala' phrase between them stops",
    "Bhai hum log SHG se hai, hamare group me 12 didi log milke agarbatti banate hai, abhi 5000 packet ready hai, "
    "ek packet 12 rupya me de denge, makhdumpur jehanabad se hai, koi bada dukandar ho to batao, transport hum log "
    "khud kar lenge station tak":
        "buy, not sell: 'koi bada dukandar ho to batao' (tell me of a big shopkeeper) asks for a buyer, which a "
        "stock 'ready hai' and 'de denge' should outweigh",
}
BLIND_O = _load("parse_blind_o.jsonl")
# parse_blind_n.jsonl: 240 messages by a fifteenth writer who never saw the code (Patna, Magadh, Saran, Bhojpur;
# Bhojpuri, Magahi; institutional and city buyers), from the schema that states the `other` rule. Held out once, after
# the K-O fixes and before any fix of its own: 202/240 (84.2%); then fixed against by general rules. Expectations as
# written, except (the file records the corrected reading):
BLIND_N_CORRECTIONS = {
    "Namaskar sir, hum Sasaram ke Chenari block se hai, samuh ki 12 didi milke agarbatti banati hai. Abhi 1500 packet "
    "stock me hai, har packet me 20 stick. Rate 18 rs packet rakhe hai, bulk lene par thoda kam kar denge. Koi "
    "dukandar ya wholesaler ho to contact kare.":
        "30000 piece at 0.9 (writer: 1500 piece at 18): packs of a product sold by the piece, with the count in one "
        "pack said, are counted in pieces and a price per pack is per piece, the project's documented rule (amounts.py, "
        "fifth round: '50 packet, ek packet me 12' = 600 pieces), as the fixtures record ('500 packet agarbatti ..., ek "
        "packet me 20 stick, 10 rupaye packet' = 10000 at 0.5)",
}
# rows of set N the parser still misreads, left open rather than fixed by a rule made for one sentence (strict xfail);
# none now
BLIND_N_OPEN: dict[str, str] = {}
BLIND_N = _load("parse_blind_n.jsonl")
# parse_blind_p.jsonl: 220 short, typo-heavy messages by a sixteenth writer who never saw the code (Kosi, Seemanchal,
# Mithila, Champaran; Surjapuri, Angika, Maithili), from the schema that states the `other` rule. Held out once, on
# parser 50f3545 before any fix: 188/220 (85.5%); then fixed against by general rules. Expectations as written, except
# (the file records the corrected reading):
BLIND_P_CORRECTIONS = {
    "makhana lena hai, 900 se jyada nahi denge, saharsa":
        "unit kg (writer: null): a price with no quantity keeps the unit it is per, as the fixtures record ('aloo 10 "
        "rs' = kg, 'anda 6 rupya pis' = piece)",
    "bhusa 20 quintal hai motihari, 800 rupya quintal":
        "fodder, 2000 kg at 8 (writer: no product, no amounts): bhusa was not in the catalog when the set was written; "
        "the eleventh round added it (fodder, agri_input), as three writers offered or asked for it",
}
# rows of set P the parser still misreads, left open rather than fixed by a rule made for one sentence (strict xfail)
BLIND_P_OPEN = {
    "50kilomakhanahaisupaul":
        "a whole message typed without spaces needs a segmentation of long unknown words into known ones, which "
        "split_glued (a stem and one glued suffix) does not do",
    "makhanakabhavkyahai purniya": "as above: a rate question typed without spaces",
    "singhara 5 quintal hai darbhanga me":
        "quantity null: goods not in the catalog carry no amounts (schema), but the parser keeps a quantity with a "
        "written unit when no product is read, as it must for a misspelt catalog name ('patato 5 quintal'); telling "
        "the two apart needs a rule on how close the unknown word is to a catalog name",
    "pyaj 100 bora, 50 kilo ka bora, 1500 quintal, barbigha":
        "price 15: a rate per quintal after sacks of a stated size (the rule for '3 qtl gehu 2400 qtl' needs the "
        "quantity in the rate's unit family as written, not in sacks), as BLIND_M_OPEN's 'paanch bori aalu'",
}
BLIND_P = _load("parse_blind_p.jsonl")
# parse_blind_q.jsonl: 220 messages by a seventeenth writer who never saw the code (South Bihar; institutional and
# English buyers, crafts, long messages, `other` questions that name products), from the same schema. Held out once, on
# parser 50f3545 before any fix: 189/220 (85.9%); then fixed against by general rules. Expectations as written, except
# (the file records the corrected reading):
BLIND_Q_CORRECTIONS = {
    "Need 200 kg cashew for a wedding in Patna, budget Rs 800/kg":
        "cashew, 200 kg at 800 (writer: no product, no amounts): cashew was not in the catalog when the set was "
        "written; the eleventh round added it",
    "gaay ko thaneli rog ho gaya hai, doodh kam de rahi hai, kya karein? Kharagpur":
        "district null (writer: Munger): a bare 'Kharagpur' is the far-away name (Kharagpur of West Bengal) the "
        "parser never reads as a place (district.py, _FAR_AWAY: 'not the few that are everyday or far-away names'); "
        "'Kharagpur Munger' keeps Munger, as set M records",
}
# rows of set Q the parser still misreads, left open (strict xfail)
BLIND_Q_OPEN = {
    "sikki ki ek tokri ka kitna paisa milta hai?":
        "price: 'X ka kitna paisa milta hai' (how much money does X fetch) asks a rate, but the money-question rule "
        "('kitne din me paisa aata hai') reads it as talk about a payment",
}
BLIND_Q = _load("parse_blind_q.jsonl")
# parse_blind_r.jsonl: 220 messages by an eighteenth writer who never saw the code (Central and North-West Bihar,
# everyday didis, WhatsApp style, Devanagari number words, paav/aadha, seasonal produce and livestock), from the
# schema that states the project's conventions. Held out once, on parser 7166cb6 (after the N, P and Q fixes) before
# any fix: 207/220 (94.1%), the same with the `other` rule; then fixed against by general rules. Expectations as
# written, except (the file records the corrected reading):
BLIND_R_CORRECTIONS = {
    "bhusa chahiye 10 quintal gaay ke liye, Begusarai":
        "fodder, 1000 kg (writer: no product, no amounts): bhusa was not in the catalog when the set was written; the "
        "eleventh round added it (fodder, agri_input); the cow is what the fodder is for",
    "bhusa 20 quintal bechna hai, Garkha": "fodder, 2000 kg (writer: no product, no amounts): as above",
    "Bhusa ka rate kya h aajkal?": "product fodder (writer: null): as above",
}
# rows of set R the parser still misreads, left open (strict xfail)
BLIND_R_OPEN = {
    "Gulab jamun 10 kilo order pe banate h, Patna":
        "no amounts: goods not in the catalog carry none (schema), but the parser keeps a quantity with a written "
        "unit when no product is read (so the conversation keeps what she typed and asks which product), as "
        "BLIND_P_OPEN's 'singhara'; gulab jamun itself is now read as no rose",
}
BLIND_R = _load("parse_blind_r.jsonl")
# parse_blind_s.jsonl: 220 messages by a nineteenth writer who never saw the code (all 38 districts, traders, buyers
# from outside Bihar, mixed-language and Urdu-flavoured Hindi, easily confused intents, less common products), from the
# same schema. Held out once, on parser 7166cb6 before any fix: 196/220 (89.1%), the same with the `other` rule; then
# fixed against by general rules. Expectations as written, except (the file records the corrected reading):
BLIND_S_CORRECTIONS = {
    "kaju 10 kilo chahiye Patna me":
        "cashew, 10 kg (writer: no product, no amounts): cashew was not in the catalog when the set was written; the "
        "eleventh round added it",
    "Jale me 3 quintal soyabean bechna hai": "soybean, 300 kg (writer: no product, no amounts): as above, for soybean",
    "koi bechne wali ho to batana, 2 man sarson chahiye, Kharagpur":
        "district null (writer: Munger): a bare 'Kharagpur' is the far-away name (Kharagpur of West Bengal) the parser "
        "never reads as a place, as BLIND_Q_CORRECTIONS records",
}
# rows of set S the parser still misreads, left open (strict xfail)
BLIND_S_OPEN = {
    "Darauli se 5000 eent bikau hai, 8 rupaye piece":
        "no price: goods not in the catalog (bricks) carry none (schema), but the parser keeps a price per unit with a "
        "sell word (so the conversation keeps what she typed and asks which product), as BLIND_R_OPEN's 'gulab jamun'",
}
BLIND_S = _load("parse_blind_s.jsonl")
# parse_blind_v.jsonl: 220 messages by a twentieth writer who never saw the code (buyers: shops, dhabas, canteens,
# hostels, wholesalers, exporters, trader shorthand; didis answering them; price questions; `other` messages naming
# products), from a schema rewritten this round. Held out once, on parser 8aeb529 before any fix: 189/220 (85.9%), the
# same with the `other` rule; then fixed against by general rules. Expectations as written, except (where the rewritten
# schema went against the project's conventions; it is corrected since):
BLIND_V_CORRECTIONS = {
    "Need 1000 jute bags for our store, printed logo, Rs 40-45 per bag":
        "bag (writer: jute_products): the catalog lists 'jute bag' under bag, the more specific product",
    "Bhai 3 bori pyaz chahiye dhaba ke liye, Sasaram bypass":
        "no quantity (writer: 3 piece): sacks of no stated size are no known amount, as parse_examples records "
        "'do bori aloo hai'",
    "Gaya ka tilkut chahiye 100 kilo, Delhi me delivery":
        "district Gaya (writer: null): 'गया का तिलकुट' names Gaya (bot/parser/district.py _gaya_ka); a delivery outside "
        "Bihar names no district to replace it",
}
# rows of set V the parser still misreads, left open (strict xfail)
BLIND_V_OPEN = {
    "Need 3 MT potato chips grade, cold storage in Nalanda, send offer":
        "potato: 'potato chips' is a catalog name of namkeen; 'chips grade' (the potato's grade) is not told apart",
}
BLIND_V = _load("parse_blind_v.jsonl")
# parse_blind_w.jsonl, parse_blind_x.jsonl: 200 messages each by a twenty-first and a twenty-second writer who never
# saw the code (W: village didis, half Devanagari, Bhojpuri and Maithili; X: city buyers in English and Hinglish,
# trader shorthand, mandi rates), from a schema rewritten that round. Held out once, on parser 7b4a6ed before any fix:
# W 180/200 (90.0%), X 179/200 (89.5%); then fixed against (fourteenth round). Expectations as written (no corrections).
_ONE_SENTENCE = "left open rather than fixed by a rule made for one sentence"
BLIND_W_OPEN = {
    "bakri nahi chahiye, bhed chahiye 5 Nabinagar": "no quantity: a bare count after 'chahiye' before a place",
    "कोया ५००० पीस बा तसर के कटोरिया ४ रु पीस": "no district: a block name between 'के' and a number is no place cue",
    "हमर गाछी में लीची ४० क्विंटल अछि, मुसहरी, ८० टका किलो":
        "no district: मुसहरी (musahri) and the LGD's MUSHAHARI share only a three-letter skeleton",
}
BLIND_X_OPEN = {
    "Papita 6 quintal hai, Patna tak pahuncha denge, 18 rs kilo, hum Mahua se hain":
        "Patna: Mahua is also a tree, so not read as a block even after 'hum ... se hain'",
    "Aadhe kilo ke 40 packet makhana hai, kul 20 kilo, 450 rs packet, Saharsa":
        "40 piece at 450 (writer: 20 kg at 900): consistent, as issue 10 allows, but the message states the total weight",
    "Desi murga 10 go, kul 20 kilo hoga, 450 rs kilo, Gopalganj":
        "10 piece: a total weight with a price per kilo should win over the count",
    "kabootar ke 6 jode hai, 400 rs jodi, Saran Ekma": "6 piece: a count of pairs is not doubled (the price per pair is)",
    "Handmade dolls 50 pc (Manjusha wala nahi, kapde ke gudde), 150 rs each, Bhagalpur":
        "garments: 'kapde ke gudde' (cloth dolls) reads kapde as the goods",
    "Please send list of all products available in Kishanganj": "buy: a request for a list reads as a wish to buy",
}
BLIND_W = _load("parse_blind_w.jsonl")
BLIND_X = _load("parse_blind_x.jsonl")
# parse_blind_y.jsonl, parse_blind_z.jsonl: 200 messages each by a twenty-third and a twenty-fourth writer who never
# saw the code (Y: village didis of North and East Bihar, Devanagari, Maithili and Angika; Z: South and West Bihar,
# city buyers and trader shorthand, Magahi and Bhojpuri didis), from a schema rewritten that round. Held out once, on
# parser 14a8145 before any fix: Y 178/200 (89.0%), Z 168/200 (84.0%); then fixed against (fifteenth round).
# Expectations as written (no corrections).
BLIND_Y_OPEN = {
    "haldi 50 kilo galti sa likhail chhal, 60 kilo achhi, rate 120":
        "other: a correction of an earlier message ('galti sa likhail') is not read as the new listing",
    "ji sir aapko jo 100 kg chura chahiye tha wo ready h, 55 rs kg lagega":
        "buy: the buyer's want quoted back ('aapko jo ... chahiye tha wo ready h') is read as a want",
    "धान की रोपनी के लिए यूरिया और डीएपी चाहिए, ५ बोरा":
        "paddy: urea and DAP are not in the catalog, and the paddy they are for is read as the goods",
    "aaj aloo ka kya rate h wholesale me, Biharsharif wala nahi Samastipur ka batao":
        "Nalanda: a place negated ('Biharsharif wala nahi') is still read first",
    "sorry pichhla msg galat tha, 40 nahi 45 litre dudh h":
        "other: 'galat tha' (the last message was wrong) reads as chatter; 'N nahi M' corrections are not read",
    "200 gram wala makhana 50 packet aur 500 gram wala 20 packet h":
        "10 kg: two lots of sized packs are not added up (the last is kept)",
    "hamra lag 4 go gai chhai bechai lel, Gopalpur":
        "no product: 'gai' is also 'went' (गई), so it is not a name of the cow",
    "murabba banabai lel 2 quintal aanwla chahiyo, Jhajha":
        "murabba: a product named as what is to be made ('murabba banabai lel') is read as the goods",
}
BLIND_Z_OPEN = {
    "Kaju 1 kg chahiye tha, nahi 2 kg bhej dijiye, COD, PIN 800001":
        "other: a corrected want ('chahiye tha, nahi 2 kg') reads as past and cancelled",
    "onion 28 se upar to nahi gaya na Gaya me?":
        "other: a bare figure with no currency or rate word is not taken as the rate checked",
    "Hospital Sasaram needs 100 phenyl bottles of 1 litre each, pls quote":
        "100 piece: 'bottles of 1 litre each' after the count is not read as the bottles' size",
    "Hotel need 20 kg butter weekly, Amul nahi, desi makkhan chahiye, Bodhgaya":
        "no quantity: the negated brand ('Amul nahi') makes the clause after it the want, losing the 20 kg before",
    "hamra group ke 300 go candle ba, 10 rupya go, lekin 50 go toot gaya, baki 250 denge, Sherghatty":
        "buy, 300: what is left after breakage ('baki 250 denge') is not read as the amount offered",
    "didi hamni ke 40 kilo ke 6 bora chana ba, 6000 quintal, Barahiya":
        "no price: a rate per quintal after sacks of a stated size (as BLIND_P_OPEN's 'pyaj 100 bora')",
    "online Meesho seller - 100 pcs tikuli art wall plates, 250 each max":
        "sell: 'seller ... N each max' is a buyer's ceiling, read as an offer",
    "jhadu 100 go ba, 40 rupya go, Sikandra":
        "no district: Sikandra is also a town near Agra, so it is not read (districts' _FAR_AWAY)",
    "hamra paas 1 quintal lal mirch sukha ba, 250 rupya kilo, lekin 50 kilo hi denge, baki ghar ke liye, Sahar":
        "100 kg: the part offered ('lekin 50 kilo hi denge') is not read over the whole stock",
}
BLIND_Y = _load("parse_blind_y.jsonl")
BLIND_Z = _load("parse_blind_z.jsonl")
# parse_blind_aa.jsonl, parse_blind_ab.jsonl: 200 messages each by a twenty-fifth and a twenty-sixth writer who never
# saw the code (AA: Kosi, Seemanchal and the Ganga belt, voice typing, bookkeepers typing for didis, Angika, Maithili
# and Surjapuri, goods named by their use; AB: western and northern Bihar and Patna, Bhojpuri didis, sons typing for
# their mothers, city buyers, trader shorthand), from a schema rewritten that round. Held out once, on parser dd47803
# before any fix: AA 182/200 (91.0%), AB 191/200 (95.5%); then fixed against (sixteenth round). AA as written; one
# correction in AB:
BLIND_AB_CORRECTIONS = {
    "aloo 2 truck chahiye": "no quantity (writer: 2 piece): a truckload of unsaid size is no known amount, as sacks of "
                            "unsaid size are (BLIND_V_CORRECTIONS, amounts.py); the round's schema left that out",
}
BLIND_AA_OPEN = {
    "gai bechna hai ek, 12 litre doodh deti hai, 55 hajar, Purnia":
        "milk: 'gai' is also 'went' (गई), so the catalog does not name the cow by it (as BLIND_Y_OPEN's 'gai chhai')",
    "पूजा में जलाने वाली खुशबूदार स्टिक चाहिए 5000 पीस मंदिर के लिए देवघर":
        "no product: agarbatti described by its use ('पूजा में जलाने वाली खुशबूदार स्टिक'), not named",
    "खेत में कीड़ा मारने वाली नीम की देसी दवा चाहिए 20 लीटर बेगूसराय":
        "no product: 'देसी' between 'नीम की' and 'दवा' breaks the catalog's name 'नीम की दवा'",
    "भोज में खाना परोसने वाला पत्ता चाहिए 2000 शादी 25 तारीख को है मुंगेर":
        "no product and amount: leaf plates described by their use ('खाना परोसने वाला पत्ता'), and 2000 before 'शादी'",
    "We need 200 dozen bananas weekly in Siliguri. Naugachhia growers please contact.":
        "no district: the buyer is in Siliguri (outside Bihar), which the far-buyer reading keeps over the growers' town",
    "bhai ki kalai pe bandhne wali dori 500 piece chahiye dukaan ke liye Saharsa":
        "no product: rakhi described by its use ('bhai ki kalai pe bandhne wali dori'), not named",
    "ghar me pochha lagane wala liquid chahiye 50 litre, Purnia hospital ke liye":
        "no product: phenyl described by its use ('pochha lagane wala liquid'), not named",
}
BLIND_AA = _load("parse_blind_aa.jsonl")
BLIND_AB = _load("parse_blind_ab.jsonl")
# parse_blind_ac.jsonl, parse_blind_ad.jsonl: 200 messages each by a twenty-seventh and a twenty-eighth writer who never
# saw the code (AC: Magadh and south Bihar, Magahi, very short messages, replies to buyers, sweet shops and canteens;
# AD: Mithila didis in Maithili and buyers from all over India in English and procurement shorthand), from the same
# schema with the sack rule added. Held out once, on parser 40278b9 (the sixteenth round's fixes) before any fix of
# their own: AC 190/200 (95.0%), AD 176/200 (88.0%); then fixed against (seventeenth round). Expectations as written.
BLIND_AC_OPEN = {
    "Bodhgaya ke dukan ke liye patthar ki Buddha murti 20 piece chahiye":
        "terracotta: 'Buddha' between 'patthar ki' and 'murti' breaks the catalog's name, and murti alone is terracotta",
}
BLIND_AD_OPEN = {
    "hamra lag ek bhainsi achhi, 60 hazar me debai, Tariyani":
        "no quantity: 'ek' before bhainsi (a loose spelling of the buffalo) is not read as its count",
    "machhli ke bichhan (fish seed) 50 hazar achhi, rohu-katla, Darbhanga":
        "fish, kg: 'bichhan' (seedlings) is not a name of fish seed, and the English one in brackets comes second",
    "50 kilo achhi":
        "other: with no goods named the parser reads no trade (the step a bare answer answers reads its amount)",
    "७०० टका किलो देबै": "other: with no goods named the parser reads no trade, as '50 kilo achhi'",
    "1200 rupaiya kilo se kam nai debai": "other: with no goods named the parser reads no trade, as '50 kilo achhi'",
    "डेढ़ क्विंटल अछि": "other: with no goods named the parser reads no trade, as '50 kilo achhi'",
    "parwal ke rate katek chalai chhai Biraul haat me":
        "no district: a block's name before 'haat' is read as the name of a market, not as the place",
}
BLIND_AC = _load("parse_blind_ac.jsonl")
BLIND_AD = _load("parse_blind_ad.jsonl")
# parse_blind_ae.jsonl, parse_blind_af.jsonl: 200 messages each by a twenty-ninth and a thirtieth writer who never saw
# the code (AE: Tirhut, Vaishali and Saran, Bajjika, questions to the bot; AF: institutional and bulk buyers inside
# Bihar and the didis who answer them), from the same schema. Held out once, on parser b9a4867 (the seventeenth
# round's fixes) before any fix of their own: AE 186/200 (93.0%), AF 167/200 (83.5%); then fixed against (eighteenth
# round). AE as written; one correction in AF:
BLIND_AF_CORRECTIONS = {
    "Hum Patna me rehte hain, lekin khet Bikram block me hai, wahan 8 quintal kaddu hai":
        "bottle_gourd, not pumpkin (writer: pumpkin): in Bihar 'kaddu' is lauki, as in BLIND_A_CORRECTIONS",
}
BLIND_AE_OPEN = {
    "Gaay chahiye ek Sahiwal, budget 70 hazar": "no quantity: 'chahiye ek' followed by the breed is not read as a count",
    "hamra janai ke chahi ki आम के bhav ka hau, Mahua bazar me":
        "buy: 'janai ke chahi' (I want to know) reads chahi as a want",
    "honey ka rate kitna hai abhi? litchi wala": "other: the kind said after the question ('litchi wala') hides the honey",
    "Aam aur litchi ek hi post me daal sakte hai kya?": "sell: a question about the app's posts reads as an offer",
}
BLIND_AF_OPEN = {
    "Sir hamare school me 320 bachche hain, mid day meal ke liye har hafte 40 kilo aloo chahiye. Masaurhi block.":
        "320 piece: 'bachche' also counts young animals ('bakri ke 3 bachhe'), so children are counted as the goods",
    "Kasturba vidyalaya Jamui ke liye sanitary pad 200 packet chahiye (8 pad wala). Contact 9431256780":
        "200 piece: '(8 pad wala)' after the packets is not read as the count in one pack",
    "Need 2000 agarbatti packets for our temple shop at Bodhgaya, each packet 10 sticks":
        "2000 piece: 'each packet 10 sticks' after 'N <product> packets' is not read as the count in one pack",
    "jhadu 150 piece aur phenyl 50 litre - block office Chakai ke liye":
        "other: two goods for an office with no want word are not read as a purchase",
    "Order No. 2231: 60 kg dahi, shadi bhoj, 12 tarikh, Siwan": "other: an order heading with its number reads as chatter",
    "Sattu 1 kg ke packet 300 chahiye, Didi ki Rasoi Jehanabad":
        "1 kg at 300: '1 kg ke packet 300' (300 packs of 1 kg) reads the count as a price",
    "Need eggs: 1200 per week, rate 78 per dozen max. Mohania":
        "no quantity: '1200 per week' is read as a price per week",
    "Chahiye - packet wala namkeen nahi, desi nimki 20 kilo, Saharsa":
        "sell: a want word heading the message before a dash is not read as the want",
    "BDO office Kurhani - 100 kapde ka thaila chahiye swachhta abhiyan ke liye":
        "no district: a block named after 'office' and before a dash is not read as the place",
    "Caterer Gaya: 2 quintal chura aur 50 kilo dahi chahiye, budget chura ka 9000":
        "price 90: 'budget chura ka 9000' (for the chura) is not read as a total for its quantity",
    "Sanitary pad bana rahe hain SHG me, 500 packet (6 pad/packet), Rs 30 per packet, Phulwari":
        "500 piece: '6 pad/packet' in brackets is not read as the count in one pack",
    "dona pattal machine wala 20 hazar piece, 80 paise piece":
        "no product: 'dona pattal' (leaf plates) is not a catalog name",
    "Hum Chausa, Buxar se hain, 1 truck pyaz hai": "mango: Chausa is also a mango, read before the onion",
    "mere paas 3 gaay hai, doodh kam de rahi hain, kya khilaun?":
        "sell: a care question about her cows is read as an offer of them",
    "Sarkari rate list PDF bhej dijiye, Madhepura ke liye": "price: a request for a rate list reads as a price question",
    "2 quintal chura ka order aaya tha, abhi 1.5 quintal hi bheja hai, baki kal bhejenge":
        "sell: a delivery's progress is read as an offer",
    "Hostel me 180 students hain aur 3 cook. Ek aur cook ki jarurat hai, Kishanganj":
        "buy: a worker wanted ('cook ki jarurat') is read as a purchase",
}
BLIND_AE = _load("parse_blind_ae.jsonl")
BLIND_AF = _load("parse_blind_af.jsonl")
# parse_blind_ag.jsonl, parse_blind_ah.jsonl: 200 messages each by a thirty-first and a thirty-second writer who never
# saw the code (AG: new didis' first messages, Angika, silk and crafts; AH: city households, shops and festival
# orders), from the same schema. Held out once, on parser f0eff66 (the eighteenth round's fixes) before any fix of
# their own: AG 188/200 (94.0%), AH 178/200 (89.0%); then fixed against (the eighteenth round's second part).
# Expectations as written.
BLIND_AG_OPEN = {
    "Koya 8000, Jhajha se, rate baat karke": "price: 'rate baat karke' (the rate by talking) reads as a rate question",
    "dahi 30 kilo hai, Munger, shaadi-byah ke liye bhi order lete hai":
        "price 30: the quantity before 'order lete hai' is read as a price, as for goods made to order",
    "Makka 100 quintal, Kadwa Katihar, 2100 quintal se kam nahi":
        "other: 'N quintal se kam nahi' (a floor per quintal) is not read as a floor after the quantity",
    "Hamra ghar mein 3 gaay chhai, ek bechbai, Jamui": "3 piece: 'ek bechbai' (one to sell) after the herd is not read",
    "Bhagalpuri katan silk saree 8 piece, 4-5 hazar rs piece":
        "Bhagalpur: the writers differ on 'Bhagalpuri' (the style or the place); the fixtures mostly name the place",
    "Bhagalpuri silk saree chahiye 20 piece, 3000 se jyada nahi": "Bhagalpur, as the row above",
    "Ek darjan bans ka soop, 600 rs darjan": "bamboo_basket: the catalog lists soop under bamboo_basket (BLIND_M)",
}
BLIND_AH_OPEN = {
    "Holi special malpua ka order lete hain, 20 rs piece, Darbhanga 😋":
        "other: goods outside the catalog with a price are not read as an offer",
    "Herbal gulal ghar pe banaya hai phoolon se, 200 rs kilo, Patna": "other: as the malpua row",
    "Diwali gift hamper ₹999 me, Patna me free delivery 🎁": "other: as the malpua row",
    "Madhubani painting on canvas, 2x3 feet, ₹3500. Online order kijiye, hum Madhubani se hain":
        "quantity 2: a size '2x3 feet' is read as a count",
    "1000 diye hain, sab ek saath kul 1500 me de denge, Gaya": "other: 'diye' is also 'gave', so no product is read",
    "Tilak ke liye dahi ka matka, 5 kilo, 400 rs total, Patna delivery":
        "terracotta: the pot the curd comes in is read as the goods",
    "Mitti ke Lakshmi Ganesh Diwali ke liye, 250 rs jodi": "other: 'mitti ke Lakshmi Ganesh' is not a catalog name",
    "Terracotta diya set, 12 diye ka dabba 120 rs, 30 dabba ready, Darbhanga":
        "30 at 120: 'N diye ka dabba' (N to a box) is not read as the count in one box",
    "Office Diwali gifting: 25 hampers chahiye, per hamper budget ₹1000, Patna":
        "other: goods outside the catalog with a budget are not read as a purchase",
    "4 packet makhana bhej do, 250 gram wala, Patna 800001":
        "4 piece: the packs' size said after them with 'wala' is not read as their size",
    "Diwali ke liye 2 jodi mitti ke Lakshmi Ganesh chahiye": "no product: as the row above",
    "Diwali pe 200 diya aur 20 mombatti chahiye, Biharsharif":
        "candle, price 200: 'diya' (a lamp) is not a catalog name, so the first count is read as a price",
    "Pls 1 kg rasgulla... nahi, 1 kg peda bhej dijiye, Gaya 823001":
        "other: a product taken back after '...' is read as a refusal",
    "Kal wale order me sudhar kijiye: 5 kilo nahi, 3 kilo thekua chahiye tha":
        "buy: a correction of yesterday's order is read as a new want",
}
BLIND_AG = _load("parse_blind_ag.jsonl")
BLIND_AH = _load("parse_blind_ah.jsonl")
# parse_blind_ai.jsonl: 200 messages by a thirty-third writer who never saw the code (north and east Bihar: Kosi, Purnia,
# Mithila, Tirhut, Bhagalpur, Munger), from the reading schema now kept in bench/blind_kit/SCHEMA.md. Held out once, on
# parser 26ee905 before any fix of its own: 194/200 (97.0%); then fixed against (the nineteenth round). As written.
BLIND_AI = _load("parse_blind_ai.jsonl")
# parse_blind_aj.jsonl: 200 messages by a thirty-fourth writer, written at the same time from the same kit (south and
# west Bihar: Magahi and Bhojpuri didis, Patna households, kirana and sweet shops, canteens, FPOs). Held out once, on
# parser 26ee905 before any fix of its own: 189/200 (94.5%); then fixed against (the nineteenth round). As written.
BLIND_AJ_OPEN = {
    "khaja 20 kg h silao wala 200 rs kg":
        "Nalanda: 'silao' (also 'get it stitched') is a block name read only capitalised or before ka/ke",
    "मसाला पैकेट बेचते हैं, 100 ग्राम वाला 40 रुपये":
        "quantity 0.1: a pack's size said after the pack word with 'वाला' is read as the stock",
    "ande ka tray 30 pis wala 180 rs, 20 tray chahiye":
        "30 piece: 'tray 30 pis wala' (the tray's count said after it) is read as the quantity, not 20 trays of 30",
}
BLIND_AJ = _load("parse_blind_aj.jsonl")
# parse_blind_ak.jsonl, parse_blind_al.jsonl: 200 messages each by a thirty-fifth and a thirty-sixth writer from the
# same kit (AK: sellers answering buyers in chat, festival and livestock orders; AL: crafts, textiles and processed
# foods for city and export buyers). Held out once, on parser 1bfd67a before any fix of their own: AK 186/200 (93.0%),
# AL 185/200 (92.5%); then fixed against (the nineteenth round's second part).
BLIND_AK_OPEN = {
    "anda hai 500 piece 6 rs ek pusa se": "Samastipur: 'pusa' in lower case after 'ek' is not read as the block",
    "dudharu gaay chahiye 1 thakurganj ke paas": "no quantity: a count after 'chahiye' and before a place is not read",
    "deo surya mandir ke paas ganna chahiye 10 quintal chhath me":
        "Aurangabad: 'deo' in lower case is not read as the block (it is also a word)",
    "gai chahi ek go, dudh wali, bhagalpur":
        "milk: 'gai' is also 'went', so the catalog does not name the cow by it (BLIND_AA_OPEN)",
    "Looking for one HF cross cow near Begusarai": "no quantity: 'one' before the breed is not read as a count",
    "ek darjan kela 50 rs bol raha dukandar jyada hai kya":
        "sell, 12: the dozen of the rate quoted is read as the stock, so the fairness question is not seen",
    "ghee ka 500 gm dabba 350 rs me bik raha hai thik rate hai?":
        "sell, 0.5 kg: the size of the tin quoted is read as the stock, as the row above",
    "300 gift box makhana chahiye diwali ke liye ek box 250 gram budget 75 hazar":
        "0.25 kg at 750: the boxes' count and size ('300 ... ek box 250 gram') are not multiplied",
}
BLIND_AL_CORRECTIONS = {
    "jute ka bag 150 piece bana ke rakha hai 80 rs piece, purnia":
        "bag (writer: jute_products): the catalog lists jute bags under bag, as BLIND_V_CORRECTIONS records",
    "jute bag chahiye 500 piece logo print wala, kolkata": "bag, as the row above",
    "jute bag ka rate kitna rakhe online pe": "bag, as the row above",
}
BLIND_AL_OPEN = {
    "mirchi aur nimbu ka achar 30 kilo hai": "green_chilli: 'A aur B ka achar' is not read as a pickle of both",
    "कपड़े के थैले ३०० पीस बने हैं, सहरसा": "readymade_garments: 'कपड़े के थैले' (cloth bags) reads the cloth, not the bag",
    "Price of handmade paper bags per 100?": "price 100: 'per 100' (a hundred pieces) is read as a rate",
    "Do you have a catalogue? Please email it to procurement@giftsco.in":
        "buy: 'please email it' is read as a request for goods",
    "sanitary pad ka packet 40 rs, ek packet me 8 pad, available hai sitamarhi":
        "price 40: the count in one pack after a price per pack said before its number is not applied",
    "lahthi ka set 150 rs me milega, ek set me 6 chudi": "1 at 150: 'ek set me 6' is read as one set, not six a set",
    "darbhanga me ek boutique madhubani painting ka 2-3 hazar bol raha hai ek ka, sahi rate hai?":
        "sell, 1: 'ek ka' (for one) is read as the stock, so the fairness question is not seen",
}
BLIND_AK = _load("parse_blind_ak.jsonl")
BLIND_AL = _load("parse_blind_al.jsonl")



def trade_fields(text: str) -> tuple:
    """(intent, product, quantity, unit, price) as the parser reads `text`."""
    got = parse(text)
    return got.intent, got.product, got.quantity, got.unit, got.price


def with_open(rows: list[dict], open_rows: dict[str, str]) -> list:
    """A blind set's rows as test cases, the ones still misread (`open_rows`: text -> reason) as strict xfails."""
    return [pytest.param(e, marks=pytest.mark.xfail(strict=True, reason=open_rows[e["text"]])) if e["text"] in open_rows
            else e for e in rows]


def ids_of(rows: list[dict]) -> list[str]:
    return [e["text"] for e in rows]


def _expected(ex: dict) -> dict:
    # district is null unless the example names one
    want = {k: ex.get(k) for k in FIELDS}
    return want


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["text"] for e in EXAMPLES])
def test_parse_examples(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", MORE, ids=[e["text"] for e in MORE])
def test_parse_more(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", AUDIT, ids=[e["text"] for e in AUDIT])
def test_parse_audit(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", HELDOUT, ids=[e["text"] for e in HELDOUT])
def test_parse_heldout(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_A, ids=[e["text"] for e in BLIND_A])
def test_parse_blind_a(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_B, ids=[e["text"] for e in BLIND_B])
def test_parse_blind_b(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_C, ids=[e["text"] for e in BLIND_C])
def test_parse_blind_c(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_D, ids=[e["text"] for e in BLIND_D])
def test_parse_blind_d(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_E, ids=[e["text"] for e in BLIND_E])
def test_parse_blind_e(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_F, ids=[e["text"] for e in BLIND_F])
def test_parse_blind_f(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_H, ids=[e["text"] for e in BLIND_H])
def test_parse_blind_h(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_I, ids=[e["text"] for e in BLIND_I])
def test_parse_blind_i(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_G, ids=[e["text"] for e in BLIND_G])
def test_parse_blind_g(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_J, ids=[e["text"] for e in BLIND_J])
def test_parse_blind_j(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_K, ids=[e["text"] for e in BLIND_K])
def test_parse_blind_k(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_L, ids=[e["text"] for e in BLIND_L])
def test_parse_blind_l(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_M, BLIND_M_OPEN), ids=ids_of(BLIND_M))
def test_parse_blind_m(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_O, BLIND_O_OPEN), ids=ids_of(BLIND_O))
def test_parse_blind_o(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_N, BLIND_N_OPEN), ids=ids_of(BLIND_N))
def test_parse_blind_n(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_P, BLIND_P_OPEN), ids=ids_of(BLIND_P))
def test_parse_blind_p(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_Q, BLIND_Q_OPEN), ids=ids_of(BLIND_Q))
def test_parse_blind_q(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_R, BLIND_R_OPEN), ids=ids_of(BLIND_R))
def test_parse_blind_r(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_S, BLIND_S_OPEN), ids=ids_of(BLIND_S))
def test_parse_blind_s(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_V, BLIND_V_OPEN), ids=ids_of(BLIND_V))
def test_parse_blind_v(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_W, BLIND_W_OPEN), ids=ids_of(BLIND_W))
def test_parse_blind_w(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_X, BLIND_X_OPEN), ids=ids_of(BLIND_X))
def test_parse_blind_x(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_Y, BLIND_Y_OPEN), ids=ids_of(BLIND_Y))
def test_parse_blind_y(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_Z, BLIND_Z_OPEN), ids=ids_of(BLIND_Z))
def test_parse_blind_z(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AA, BLIND_AA_OPEN), ids=ids_of(BLIND_AA))
def test_parse_blind_aa(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_AB, ids=[e["text"] for e in BLIND_AB])
def test_parse_blind_ab(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("rows, open_rows, corrections", [
    (BLIND_AA, BLIND_AA_OPEN, {}), (BLIND_AB, {}, BLIND_AB_CORRECTIONS), (BLIND_AC, BLIND_AC_OPEN, {}),
    (BLIND_AD, BLIND_AD_OPEN, {}), (BLIND_AE, BLIND_AE_OPEN, {}), (BLIND_AF, BLIND_AF_OPEN, BLIND_AF_CORRECTIONS),
    (BLIND_AG, BLIND_AG_OPEN, {}), (BLIND_AH, BLIND_AH_OPEN, {})], ids=["AA", "AB", "AC", "AD", "AE", "AF", "AG", "AH"])
def test_blind_sets_aa_to_ah_are_complete(rows, open_rows, corrections):
    assert len(rows) == len(set(ids_of(rows))) == 200
    assert set(open_rows) | set(corrections) <= set(ids_of(rows))


def test_blind_corrections_aa_to_ah_are_recorded():
    by_text = {e["text"]: e for e in BLIND_AB + BLIND_AF}
    assert by_text["aloo 2 truck chahiye"]["quantity"] is None
    assert {by_text[text]["product"] for text in BLIND_AF_CORRECTIONS} == {"bottle_gourd"}


@pytest.mark.parametrize("ex", with_open(BLIND_AC, BLIND_AC_OPEN), ids=ids_of(BLIND_AC))
def test_parse_blind_ac(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AD, BLIND_AD_OPEN), ids=ids_of(BLIND_AD))
def test_parse_blind_ad(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AE, BLIND_AE_OPEN), ids=ids_of(BLIND_AE))
def test_parse_blind_ae(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AF, BLIND_AF_OPEN), ids=ids_of(BLIND_AF))
def test_parse_blind_af(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AG, BLIND_AG_OPEN), ids=ids_of(BLIND_AG))
def test_parse_blind_ag(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AH, BLIND_AH_OPEN), ids=ids_of(BLIND_AH))
def test_parse_blind_ah(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", BLIND_AI, ids=ids_of(BLIND_AI))
def test_parse_blind_ai(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AJ, BLIND_AJ_OPEN), ids=ids_of(BLIND_AJ))
def test_parse_blind_aj(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AK, BLIND_AK_OPEN), ids=ids_of(BLIND_AK))
def test_parse_blind_ak(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("ex", with_open(BLIND_AL, BLIND_AL_OPEN), ids=ids_of(BLIND_AL))
def test_parse_blind_al(ex):
    assert parse(ex["text"]).to_json() == _expected(ex)


@pytest.mark.parametrize("rows, open_rows, corrections", [
    (BLIND_AI, {}, {}), (BLIND_AJ, BLIND_AJ_OPEN, {}), (BLIND_AK, BLIND_AK_OPEN, {}),
    (BLIND_AL, BLIND_AL_OPEN, BLIND_AL_CORRECTIONS)], ids=["AI", "AJ", "AK", "AL"])
def test_blind_sets_ai_to_al_are_complete(rows, open_rows, corrections):
    assert len(rows) == len(set(ids_of(rows))) == 200
    assert set(open_rows) | set(corrections) <= set(ids_of(rows))
    by_text = {e["text"]: e for e in rows}
    assert all(by_text[text]["product"] == "bag" for text in corrections)


@pytest.mark.parametrize("text, want", [
    # the nineteenth round, rules made general (none of these sentences is in the blind sets)
    ("byapari 22 rupya kilo bol rahe hain aloo ka, sahi hai kya", ("price", "potato", None, "kg", 22)),
    ("gehu 2300 rupya quintal mil raha hai, uchit hai?", ("price", "wheat", None, "kg", 23)),
    ("send your price list for honey please", ("price", "honey", None, None, None)),
    ("hamra loan chahi bhains kine lel", ("other", None, None, None, None)),
    ("momabatti bechte hai 60 rs dibba, ek dibba me 12 piece", ("sell", "candle", None, "piece", 5)),
    ("momabatti 40 dibba, ek dibba me 12 piece, 60 rs dibba", ("sell", "candle", 480, "piece", 5)),
    ("aloo 3 quintal aur pyaz 2 bechna hai", ("sell", "potato", 300, "kg", None)),
    ("bakri 3, murgi 20 bechna hai", ("sell", "goat", 3, "piece", None)),
    ("ghee ka rate 600 rs kilo bol rahe hain, jyada to nahi", ("price", "ghee", None, "kg", 600)),
    ("shahad 500 rs kilo bech raha dukandar, mehnga hai kya?", ("price", "honey", None, "kg", 500)),
    ("What does a sikki basket sell for?", ("price", "sikki_craft", None, None, None)),
    ("galti ho gayi, makhana 20 kilo nahi 25 kilo hai", ("sell", "makhana", 25, "kg", None)),
    ("paneer 5 kg nahi 8 kg chahiye kal", ("buy", "paneer", 8, "kg", None)),
    ("mera order 10 kilo aata kar dijiye", ("buy", "wheat_flour", 10, "kg", None)),
    ("paan 3 dholi, ek dholi me 100 patta, 150 rs dholi", ("sell", "betel_leaf", 300, "piece", 1.5)),
    ("litchi ka jam 50 bottle hai, 150 rs bottle", ("sell", "fruit_products", 50, "piece", 150)),
    ("traffic jam me gaadi fasi hai", ("other", None, None, None, None)),
    ("Order 5 kg makhana, Patna delivery", ("buy", "makhana", 5, "kg", None)),
    ("The trader quoted Rs 20 a kilo for potatoes, is that fair?", ("price", "potato", None, "kg", 20)),
    ("aapka order shaam tak pahunch jayega", ("other", None, None, None, None)),
    ("pyaz 20 bora hai rate bolo", ("sell", "onion", None, None, None)),
    ("kela 50 ghaur, ek ghaur me 100 kela", ("sell", "banana", 5000, "piece", None)),
    ("200 bars of soap needed", ("buy", "soap", 200, "piece", None)),
    ("alsi ke tel 10 litre chahiye", ("buy", "other_oils", 10, "litre", None)),
])
def test_nineteenth_round_rules(text, want):
    assert trade_fields(text) == want


@pytest.mark.parametrize("text, want", [
    # the eighteenth round's second part (sets AG and AH), rules made general (none of these sentences is in the sets)
    ("2 kilo sattu bhej do, Kankarbagh Patna", ("buy", "sattu", 2, "kg", None)),
    ("gaadi bhej do, 20 quintal gehu hai", ("sell", "wheat", 2000, "kg", None)),
    ("agarbatti 50 packet chahiye, ek packet me 20 stick", ("buy", "agarbatti", 1000, "piece", None)),
    ("mombatti ke 10 dibba, har dibbe me 12", ("sell", "candle", 120, "piece", None)),
    ("makhana 1 quintal 650 kilo", ("sell", "makhana", 100, "kg", 650)),
    ("peda 3 kilo chahiye, pura 1200 ke andar", ("buy", "peda", 3, "kg", 400)),
    ("hamra 5 kilo ghee chahiyai", ("buy", "ghee", 5, "kg", None)),
    ("मक्के का भाव बताइए", ("price", "maize", None, None, None)),
    ("shahad 500 gram bottle 250 rs", ("sell", "honey", None, "kg", 500)),
    ("sattu 1 kg packet 120 rs, 200 packet", ("sell", "sattu", 200, "kg", 120)),
])
def test_eighteenth_round_second_part_rules(text, want):
    assert trade_fields(text) == want


@pytest.mark.parametrize("text, want", [
    # eighteenth round, rules made general (none of these sentences is in sets AE and AF)
    ("sirf sarson tel chahiye, refined nahi. 20 litre", ("buy", "mustard_oil", 20, "litre", None)),
    ("need 10 kg brown rice, not white", ("buy", "rice", 10, "kg", None)),
    ("makhana nahi chahiye", ("other", None, None, None, None)),
    ("Jail canteen Buxar: 50 kg pyaz weekly", ("buy", "onion", 50, "kg", None)),
    ("Hospital kitchen Gaya - 30 litre dudh every day", ("buy", "milk", 30, "litre", None)),
    ("shahad 20 kilo, 400 ke niche nahi denge", ("sell", "honey", 20, "kg", 400)),
    ("hamra murga ek jodi chahi, jodi ke 600 tak", ("buy", "chicken", 2, "piece", 300)),
    ("Ek gaay chahiye, 8-10 litre dudh wali, Siwan", ("buy", "cow", 1, "piece", None)),
    ("ghee 500 gram jar x 40, Rs 350 per jar", ("sell", "ghee", 20, "kg", 700)),
    ("sarso tel 5 litre wala tin 10 hai", ("sell", "mustard_oil", 50, "litre", None)),
    ("chawal 10 quintal chahiye, 25 kg ki bori me", ("buy", "rice", 1000, "kg", None)),
    ("Aam 5 quintal hai, Mahua, 30 rupya kilo", ("sell", "mango", 500, "kg", 30)),
    ("Mahua ke phool 20 kilo hai", ("sell", "flowers", 20, "kg", None)),
    ("chini mill band hai, ganna 50 quintal bechna hai", ("sell", "sugarcane", 5000, "kg", None)),
    ("kya aap 2 quintal sattu supply kar sakte hain?", ("buy", "sattu", 200, "kg", None)),
    ("hum aapko 2 quintal sattu supply kar sakte hain", ("sell", "sattu", 200, "kg", None)),
    ("gehu 20 quintal hai, MSP pe dena hai", ("sell", "wheat", 2000, "kg", None)),
    ("200 uniform chahiye class 6 se 8 ke liye", ("buy", "readymade_garments", 200, "piece", None)),
    ("makhana aur kamal gatta me kya fark hai", ("other", None, None, None, None)),
])
def test_eighteenth_round_rules(text, want):
    assert trade_fields(text) == want


@pytest.mark.parametrize("text, want", [
    # seventeenth round, rules made general (none of these sentences is in sets AC and AD)
    ("murga 6 jodi hai, jodi 500", ("sell", "chicken", 12, "piece", 250)),
    ("batakh 4 jodi, jodi ka 800", ("sell", "duck", 8, "piece", 400)),
    ("hamar group 2019 se achar bana rahi hai, 50 kilo hai", ("sell", "pickle", 50, "kg", None)),
    ("Honey 5 suta grade, 10 mm size, 20 kg, Rs 500/kg", ("sell", "honey", 20, "kg", 500)),
    ("Our B2B store needs 300 sujni cushion covers", ("buy", "sujni", 300, "piece", None)),
    ("500 g pouch 200 pouches of sattu for sale", ("sell", "sattu", 100, "kg", None)),
    ("Farmers group, 5 MT maize ready. Looking for traders. Rs 22/kg", ("sell", "maize", 5000, "kg", 22)),
    ("Got the ghee order but 2 tins were leaking. Need replacement.", ("other", None, None, None, None)),
    ("kharidna nahi, bechna hai 3 quintal arhar", ("sell", "arhar", 300, "kg", None)),
    ("aap 2 quintal haldi mange the, hamare paas 1 quintal hai, 110 rs kilo", ("sell", "turmeric", 100, "kg", 110)),
    ("aam ke ped kaise lagaye", ("other", None, None, None, None)),
    ("agarbatti 200 packet, 10 stick per packet, 20 rupya packet", ("sell", "agarbatti", 2000, "piece", 2)),
    ("dhan 50 quintal, mandi bhav se 100 rupya kam me de denge", ("sell", "paddy", 5000, "kg", None)),
    ("Need 5 kg dry fish sample, courier to Kolkata 700091", ("buy", "fish", 5, "kg", None)),
    ("30 nahi, 40 litre dudh hai", ("sell", "milk", 40, "litre", None)),
    ("Need sikki baskets, 100 pieces to start", ("buy", "sikki_craft", 100, "piece", None)),
    ("makhana 3 quintal bhel, 900 rupya kilo chahi", ("sell", "makhana", 300, "kg", 900)),
    ("sil batta 10 piece chahiye", ("buy", "stone_craft", 10, "piece", None)),
])
def test_seventeenth_round_rules(text, want):
    assert trade_fields(text) == want


@pytest.mark.parametrize("text, want", [
    # sixteenth round, rules made general (none of these sentences is in sets AA and AB)
    ("hamra group ke 50 kilo haldi ba, 120 rupya kilo de dihal jai", ("sell", "turmeric", 50, "kg", 120)),
    ("shahad 20 kilo hai, 400 se kam me nahi denge", ("sell", "honey", 20, "kg", 400)),
    ("kabootar 10 jodi hai, jodi 400 rupya", ("sell", "pigeon", 20, "piece", 200)),
    ("pyaz 3 truck chahiye", ("buy", "onion", None, None, None)),
    ("kela 1 gaadi chahiye 5 ton wali", ("buy", "banana", None, None, None)),
    ("truck chahiye 20 quintal gehu mandi le jaane ke liye", ("other", None, None, None, None)),
    ("Need 100 bamboo baskets for a wedding, total budget 15000", ("buy", "bamboo_basket", 100, "piece", 150)),
    ("canteen ke liye 30 kilo chawal chahiye, Kankarbagh Patna 800020", ("buy", "rice", 30, "kg", None)),
    ("murabba banave khatir 50 kilo aanwla chahi", ("buy", "amla", 50, "kg", None)),
    ("mandi ka aaj ka rate bhejo", ("price", None, None, None, None)),
    ("gehu ka MSP 2025-26 me kitna hua", ("price", "wheat", None, None, None)),
    ("bhains bechni hai, 10 litre doodh deti hai, 70 hajar", ("sell", "buffalo", None, "piece", 70000)),
    ("madhubani painting wali saree 5 piece 3000 rupya piece", ("sell", "saree", 5, "piece", 3000)),
    ("गाय को खिलाने वाला भूसा चाहिए 10 क्विंटल", ("buy", "fodder", 1000, "kg", None)),
    ("चावल 10 बोरा चाहिए स्कूल के लिए, 25 किलो का बोरा", ("buy", "rice", 250, "kg", None)),
    ("बकरी चाहिए तीन, गया", ("buy", "goat", 3, "piece", None)),
    ("jute ka daam kya hai Katihar", ("price", "raw_jute", None, None, None)),
])
def test_sixteenth_round_rules(text, want):
    assert trade_fields(text) == want


def test_blind_y_and_z_are_complete():
    assert len(BLIND_Y) == len({e["text"] for e in BLIND_Y}) == len(BLIND_Z) == len({e["text"] for e in BLIND_Z}) == 200
    assert set(BLIND_Y_OPEN) <= {e["text"] for e in BLIND_Y} and set(BLIND_Z_OPEN) <= {e["text"] for e in BLIND_Z}


@pytest.mark.parametrize("text, want", [
    # a size read as the quantity, its pack named, and the packs counted apart (not written in sets Y and Z)
    ("aata 5 kg bag 250 rs, 40 bag hai", ("sell", "wheat_flour", 200, "kg", 50)),
    ("shahad 500 gram ka bottle 60 pc hai, 250 rupya ek bottle", ("sell", "honey", 30, "kg", 500)),
    ("sarson tel 1 litre ka bottle 200 rs me denge, 30 bottle hai", ("sell", "mustard_oil", 30, "litre", 200)),
    # a rate written as a price and checked with a tag is the going rate
    ("baingan 20 rupya kilo hai kya Biharsharif me", ("price", "brinjal", None, "kg", 20)),
    ("ghee 600 rs kg thik hai ki kam hai?", ("price", "ghee", None, "kg", 600)),
    ("aloo 10 kg hai kya?", ("sell", "potato", 10, "kg", None)),  # ten kilos, no rate: not a rate check
    # goods finished or cancelled drop out when other goods are named
    ("kela khatam ho gaya, papita hai 2 quintal", ("sell", "papaya", 200, "kg", None)),
    ("need 20 kg moong, 10 kg masoor - moong cancel karo, sirf masoor bhejo", ("buy", "lentil", 10, "kg", None)),
    ("makhana khatam ho gaya", ("other", None, None, None, None)),
    # quotes asked for an order; numbers of a road, a post code or a date
    ("school ke liye 200 kg chawal chahiye, rate list bhejo", ("buy", "rice", 200, "kg", None)),
    ("dahi 30 kg chahiye dhaba NH 31 par", ("buy", "curd", 30, "kg", None)),
    ("3 quintal gehu chahiye, delivery date 10/12", ("buy", "wheat", 300, "kg", None)),
    ("2 bakri bimaar hai kya kare", ("other", None, None, None, None)),
])
def test_fifteenth_round_rules(text, want):
    assert trade_fields(text) == want


def test_fifteenth_round_places():
    assert parse("bhains 2 hai, 60 hazar ek, Goh").district == "Aurangabad"  # a three-letter block, last
    assert parse("Deo block se bol rahe hain").district == "Aurangabad"  # named as a block
    assert parse("makhana 10 kilo, सिंहेश्वर").district == "Madhepura"  # as people spell it (LGD: सिंघेश्वर)
    assert parse("Sabour me training hai kal").district == "Bhagalpur"


def test_blind_w_and_x_are_complete():
    assert len(BLIND_W) == len(BLIND_X) == 200
    assert set(BLIND_W_OPEN) <= {e["text"] for e in BLIND_W} and set(BLIND_X_OPEN) <= {e["text"] for e in BLIND_X}


@pytest.mark.parametrize("text, want", [
    # a rate checked, reported or asked to beat is the going rate (not written in sets W and X)
    ("aloo ka bhav 1400 quintal thik hai kya", ("price", "potato", None, "kg", 14)),
    ("shahad ka rate kya hai, 400 mil raha hai", ("price", "honey", None, "kg", 400)),
    ("प्याज का भाव केतना बा, २००० क्विंटल से ऊपर मिली?", ("price", "onion", None, "kg", 20)),
    ("tamatar 20 rupya chal raha hai na?", ("price", "tomato", None, "kg", 20)),
    ("makhana 700 kilo pe aa gaya kya", ("price", "makhana", None, "kg", 700)),
    # a negated want gives way to the goods wanted after it
    ("aam nahi chahiye sirf kela 10 darjan chahiye", ("buy", "banana", 120, "piece", None)),
    ("pyaz nahi chahiye, aloo chahiye 50 kilo", ("buy", "potato", 50, "kg", None)),
    # asking whether anyone wants the goods offers them
    ("kisi ko 20 kilo haldi chahiye? 150 rupya kilo", ("sell", "turmeric", 20, "kg", 150)),
])
def test_fourteenth_round_rules(text, want):
    assert trade_fields(text) == want


def test_fourteenth_round_places():
    assert parse("30 kilo makhana hai, डुमरांव").district == "Buxar"  # a final nasal + व sounds "on"
    assert parse("50 kilo aloo, कुशेश्वरस्थान").district == "Darbhanga"  # a two-word Devanagari block typed as one
    assert parse("20 kilo haldi chahiye 90 rupaye tak Ara").district == "Bhojpur"
    assert parse("moong 5 quintal 8500 quintal rate Kako").district == "Jehanabad"  # capitalised, ending the message
    assert parse("aloo 5 quintal hai kako").district is None  # lower case: not read
    assert parse("सिक्की कला पर जीआई टैग है क्या?").intent == "other"


def test_blind_fixtures_are_complete():
    for rows, corrections, size in ((BLIND_A, BLIND_A_CORRECTIONS, 220), (BLIND_B, BLIND_B_CORRECTIONS, 220),
                                    (BLIND_C, BLIND_C_CORRECTIONS, 210), (BLIND_D, {}, 220),
                                    (BLIND_E, {}, 220), (BLIND_F, {}, 220), (BLIND_H, BLIND_H_CORRECTIONS, 230),
                                    (BLIND_I, BLIND_I_CORRECTIONS, 230), (BLIND_G, {}, 230),
                                    (BLIND_J, BLIND_J_CORRECTIONS, 230), (BLIND_K, BLIND_K_CORRECTIONS, 230),
                                    (BLIND_L, BLIND_L_CORRECTIONS, 230), (BLIND_M, BLIND_M_CORRECTIONS, 240),
                                    (BLIND_O, BLIND_O_CORRECTIONS, 200), (BLIND_N, BLIND_N_CORRECTIONS, 240),
                                    (BLIND_P, BLIND_P_CORRECTIONS, 220), (BLIND_Q, BLIND_Q_CORRECTIONS, 220),
                                    (BLIND_R, BLIND_R_CORRECTIONS, 220), (BLIND_S, BLIND_S_CORRECTIONS, 220),
                                    (BLIND_V, BLIND_V_CORRECTIONS, 220)):
        texts = {e["text"] for e in rows}
        assert len(rows) == len(texts) == size
        assert set(corrections) <= texts
        assert set(BLIND_M_OPEN) <= {e["text"] for e in BLIND_M}
        assert set(BLIND_O_OPEN) <= {e["text"] for e in BLIND_O}
        assert set(BLIND_N_OPEN) <= {e["text"] for e in BLIND_N}
        assert set(BLIND_P_OPEN) <= {e["text"] for e in BLIND_P}
        assert set(BLIND_Q_OPEN) <= {e["text"] for e in BLIND_Q}
        assert set(BLIND_R_OPEN) <= {e["text"] for e in BLIND_R}
        assert set(BLIND_S_OPEN) <= {e["text"] for e in BLIND_S}
        assert set(BLIND_V_OPEN) <= {e["text"] for e in BLIND_V}
        assert all(set(e) == {"text", *FIELDS} for e in rows)
        assert all(e["product"] is None or catalog.product(e["product"]) for e in rows)
        # an `other` message carries no trade fields (its district stays)
        assert all(e["intent"] != "other" or all(e[k] is None for k in ("product", "quantity", "unit", "price"))
                   for e in rows)


def test_heldout_fixture_is_complete():
    texts = {e["text"] for e in HELDOUT}
    assert len(HELDOUT) == len(texts) == 200
    assert set(HELDOUT_CHOICES) <= texts
    assert all(set(e) == {"text", *FIELDS} for e in HELDOUT)


@pytest.mark.parametrize("text, district", [
    ("पूसा में पपीता है 5 क्विंटल", "Samastipur"),  # a short block in Devanagari before a postposition
    ("ओबरा प्रखंड से दरी 10 पीस", "Aurangabad"),
    ("Ekma se 2 quintal aloo", "Saran"),  # capitalised before one
    ("aloo 2 quintal hai, ekma", "Saran"),  # set off at the end
    ("honey 10 kilo, mahua", "Vaishali"),
    ("Marhaura block me gobhi hai", "Saran"),  # LGD's MARHAURAH
    ("mahua ka phool 10 kilo hai", None),  # a product's name, not the block
    ("Andar se aloo chahiye", None),  # an everyday word before a postposition
    ("pusa se aloo", None),  # lower case mid-message
    ("aam chahiye, dhaka", None),  # far away
    ("बाढ़ में सब धान डूब गया", None),  # the flood, not Barh
])
def test_block_names_where_a_place_stands(text, district):
    assert parse(text).to_json()["district"] == district


@pytest.mark.parametrize("text, district", [
    ("gehu 8 quintal h bechna alauli", "Khagaria"),  # a lower-case block ending the message
    ("bhindi 2 quintal h 20rs kilo rosera", "Samastipur"),
    ("sarmera se 10 bakri", "Nalanda"),  # before a postposition, anywhere
    ("tamatar ka rate kya h biraul me", "Darbhanga"),
    ("chana 5 qtl h jandaha, 60 rs kilo", "Vaishali"),  # before a separator
    ("dal 3 quintal 80 rs kilo pusa", "Samastipur"),  # a short one right after an amount or unit
    ("purani saree 20 piece hai", None),  # an everyday word (old) that is also a block's name
    ("chakki ka aata 10 kg", None),  # the mill
    ("kadwa tel 10 litre chahiye", None),  # mustard oil
    ("pusa se 2 quintal aloo", None),  # a short one mid-message stays unread
    ("barh me sab doob gaya", None),  # the flood
    ("bikram se baat karni hai", None),  # a given name
])
def test_lower_case_block_names(text, district):
    assert parse(text).to_json()["district"] == district


@pytest.mark.parametrize("text, expected", [
    ("need 500 jars honey", ("buy", "honey", 500, "piece", None)),  # a count, as "achar 30 bottle"
    ("desi murgi 20 hai", ("sell", "chicken", 20, "kg", None)),  # a bare number is in the base unit
    ("sarson 10 litre", ("sell", "mustard_oil", 10, "litre", None)),  # the litre product of that name
])
def test_counts_stay_counts_and_weights_convert(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, intent", [
    ("Reqd 2 MT makhana FOB Darbhanga @ 620/kg", "buy"), ("Req 5 qtl potato", "buy"), ("Wtd 5 qtl potato", "buy"),
    ("RFQ: makhana 6 suta 500 kg, Purnea", "buy"), ("PO for 250 kg masoor dal", "buy"),
    ("Sourcing 1 MT turmeric", "buy"), ("We procure turmeric 2 MT monthly", "buy"),
    ("indent 5 qtl arhar dal for school", "buy"),
    ("Vill Rampur PO Sirsia, makhana 2 quintal hai", "sell"),  # PO = post office in an address
])
def test_english_buyer_shorthand(text, intent):
    assert parse(text).intent == intent


def test_metric_ton():
    assert _core("Reqd 2 MT makhana FOB Darbhanga @ 620/kg") == ("buy", "makhana", 2000, "kg", 620)


@pytest.mark.parametrize("text, expected", [
    ("hamare pass makhanahai 2quintal", ("sell", "makhana", 200, "kg", None)),
    ("aloohai 5 qntl", ("sell", "potato", 500, "kg", None)),
    ("pyajhai 5 kilo", ("sell", "onion", 5, "kg", None)),
    ("makhnahai 2 quintal", ("sell", "makhana", 200, "kg", None)),  # misspelt and glued
    ("kelake 10 darjan", ("sell", "banana", 120, "piece", None)),
    ("bechnah 10kilo shhad", ("sell", "honey", 10, "kg", None)),  # "shhad": shahad typed without a vowel
    ("bhndi 20 kg", ("sell", "okra", 20, "kg", None)),
    ("padh lo beta", ("other", None, None, None, None)),  # "pad" + "h": too short a stem to split
])
def test_glued_suffixes_and_dropped_vowels(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, product", [
    ("aam ke paudhe 200 piece", "saplings"), ("paudhe aam ke 200", "saplings"),  # in "A ke B", B is the thing
    ("gehun ke beej 2 quintal", "seeds"), ("Bhagalpuri silk sarees 5 piece", "saree"),
    ("mango pickle 5 kg", "pickle"),  # a raw product before a made one describes it
    ("aloo pyaj 5 quintal", "potato"), ("saree gamchha 20 piece", "saree"),  # two things listed: the first
    ("Gram Chana 2 qtl", "gram"), ("Gram 5 quintal hai", "gram"),
    ("Gram Sirsia, makhana 2 quintal", "makhana"),  # Gram = village before a capitalised name
    ("Sunita Kumari, Jeevika SHG Laxmi, Gram Sirsia", None), ("gram panchayat ki meeting", None),
    ("gram sabha me aaj meeting", None),
])
def test_two_products_and_village_gram(text, product):
    assert parse(text).product == product


@pytest.mark.parametrize("text, expected", [
    ("भैंस बेचना है दो, 60 हजार एक का", ("sell", "buffalo", 2, "piece", 60000)),
    ("bhains bechna hai do, 60 hazar ek ka", ("sell", "buffalo", 2, "piece", 60000)),
    ("2 gaay hai 50 hajar ek ka", ("sell", "cow", 2, "piece", 50000)),
    ("koi didi sikki ka saman bechti hai kya? 10 piece chahiye", ("buy", "sikki_craft", 10, "piece", None)),
    ("makhana kaun bechta hai? chahiye 10 kilo", ("buy", "makhana", 10, "kg", None)),
    ("makhana bechna hai kya? mujhe 10 kilo chahiye", ("buy", "makhana", 10, "kg", None)),
    ("makhana bechna chahti hu 5 kilo", ("sell", "makhana", 5, "kg", None)),
])
def test_per_one_prices_and_asking_for_a_seller(text, expected):
    assert _core(text) == expected


def test_audit_fixture_is_complete():
    texts = {e["text"] for e in AUDIT}
    assert len(AUDIT) == len(texts) == 302
    assert set(AUDIT_CHOICES) <= texts
    assert not texts & {e["text"] for e in EXAMPLES + MORE}


def test_a_quantity_always_has_its_unit():
    for ex in EXAMPLES + MORE + AUDIT + HELDOUT + BLIND_A + BLIND_B + BLIND_C:
        j = parse(ex["text"]).to_json()
        assert j["quantity"] is None or j["unit"] is not None, ex["text"]
    for text in ("loan chahiye 50000", "mujhe 5000 chahiye", "blorp 50 chahiye", "50 hai"):
        j = parse(text).to_json()
        assert j["quantity"] is None or j["unit"] is not None, text


def test_fixture_sizes_and_coverage():
    assert len(EXAMPLES) == 45
    assert len(MORE) >= 120
    intents = {e["intent"] for e in MORE}
    assert intents == {"sell", "buy", "price", "other"}
    assert any(any("\u0966" <= c <= "\u096f" for c in e["text"]) for e in MORE)  # Devanagari digits
    assert all(e["product"] is None or catalog.product(e["product"]) for e in EXAMPLES + MORE + AUDIT + HELDOUT)


def test_to_json_shape_and_number_types():
    j = parse("kela 10 darjan 45 rupaye darjan").to_json()
    assert list(j) == list(FIELDS)
    assert j["quantity"] == 120 and type(j["quantity"]) is int
    assert j["price"] == 3.75 and type(j["price"]) is float
    j = parse("ram ram").to_json()
    assert j == {"intent": "other", "product": None, "quantity": None, "unit": None, "price": None, "district": None}


def test_parsed_fields_are_decimals():
    p = parse("sava quintal chawal bechna hai 3500 rupaye quintal")
    assert p.quantity == Decimal("125") and isinstance(p.quantity, Decimal)
    assert p.price == Decimal("35") and isinstance(p.price, Decimal)
    assert str(p.quantity) == "125"  # no exponent notation
    p = parse("kele 50 rupaye darjan")
    assert p.price == Decimal("4.17")  # rounded to paise


@pytest.mark.parametrize("text, missing", [
    ("makhana bechna hai", ["quantity", "price"]),
    ("aloo 20 quintal", ["price"]),
    ("aloo 20 quintal 1200 rupaye quintal", []),
    ("mujhe makhana chahiye", ["quantity"]),
    ("mujhe 20 kilo chahiye", ["product"]),
    ("rate kya hai", ["product"]),
    ("aloo ka rate", []),
    ("hello", []),
])
def test_missing(text, missing):
    assert parse(text).missing == missing


def test_unknown_word_and_suggestions():
    p = parse("patato 5 quintal")
    assert (p.intent, p.product, p.unknown_word) == ("sell", None, "patato")
    assert p.suggestions[0] == "potato"
    assert p.quantity == 500 and p.unit == "kg"
    assert p.missing == ["product", "price"]

    p = parse("mujhe blorp chahiye")
    assert (p.intent, p.product, p.unknown_word, p.suggestions) == ("buy", None, "blorp", [])
    assert p.missing == ["product", "quantity"]

    p = parse("patato")  # a lone word: "did you mean आलू?"
    assert (p.intent, p.unknown_word, p.suggestions[0]) == ("other", "patato", "potato")

    p = parse("makahna 20 kg")  # close enough to accept
    assert (p.product, p.unknown_word, p.suggestions) == ("makhana", None, [])

    for text in ("aaj barish ho rahi hai", "kal 5 baje aaunga", "listing cancel karna hai", "hello"):
        p = parse(text)
        assert (p.intent, p.unknown_word, p.suggestions) == ("other", None, []), text


def test_price_ceiling_and_price_unit():
    p = parse("mujhe 100 kg honey chahiye patna me 400 tak")
    assert p.price_is_ceiling and p.price == 400
    p = parse("Need 2 tons onions in Gaya, max Rs 16/kg")
    assert p.price_is_ceiling and p.price_unit == "kg"
    assert not parse("makhana 40 kilo 720 rupaye kilo").price_is_ceiling
    p = parse("20 murga hai 250 rupaye kilo")  # 20 birds at 250 per kg
    assert (p.quantity, p.unit, p.price, p.price_unit) == (20, "piece", 250, "kg")


@pytest.mark.parametrize("text", ["kab aayega kharidar", "listing cancel karna hai", "ram ram", "hello", "menu",
                                  "1", "2", "ok", "thank you", "🙏", "makhana nahi chahiye", "help", "stop"])
def test_false_matches_are_other_without_product(text):
    p = parse(text)
    assert p.intent == "other" and p.product is None and p.quantity is None and p.price is None


def test_other_keeps_explicit_amounts_only():
    assert parse("20 kilo").to_json()["quantity"] == 20  # an answer to "how much?"
    assert parse("20 kilo").unit == "kg"
    assert parse("1").quantity is None
    assert parse("rs 40").price == 40
    assert parse("aloo nahi chahiye 20 kilo").quantity is None


def test_short_synonyms_do_not_match_inside_words():
    # "tel" (oil), "gur" (jaggery), "aam" (mango), "til" (sesame), "dal" are whole-word only
    for text in ("telephone karo", "gurudev ka ashram", "aamir khan", "tilak lagao", "daldal hai"):
        assert parse(text).product is None, text


@pytest.mark.parametrize("text, product", [
    ("500 gram haldi 100 rupaye", "turmeric"),  # "gram" after a number is the unit, not chickpea
    ("gram 5 quintal", "gram"),
    ("3 madhubani painting bechna hai", "madhubani_painting"),
    ("madhubani me makhana hai 10 kg", "makhana"),
    ("murgi ke ande 30 darjan", "eggs"),
    ("sarson ka tel 5 litre", "mustard_oil"),
    ("sarson 5 quintal", "mustard"),
    ("jute bag 100 piece", "bag"),
    ("jute ka saman 10 piece", "jute_products"),
])
def test_product_disambiguation(text, product):
    assert parse(text).product == product


@pytest.mark.parametrize("text, value", [
    ("ek", 1), ("bees", 20), ("do sau pachas", 250), ("dedh sau", 150), ("dhai hazaar", 2500),
    ("sava", 1.25), ("saadhe teen", 3.5), ("paune do sau", 175), ("1.5 lakh", 150000), ("5 hazaar", 5000),
    ("das hazaar paanch sau", 10500), ("डेढ़ सौ", 150), ("ढाई", 2.5), ("साढ़े तीन", 3.5), ("सवा सौ", 125),
    ("पचास", 50), ("एक लाख", 100000), ("62,000", 62000), ("1,50,000", 150000), ("१२३", 123), ("3.5", 3.5),
    ("ikkis", 21), ("chhattis", 36), ("pachhattar", 75), ("assi", 80), ("nabbe", 90), ("tees", 30),
    ("ninyanve", 99), ("do sau chhattis", 236), ("62 k", 62000), ("1.5 k", 1500),
])
def test_read_number(text, value):
    span = read_number(tokenize(text), 0)
    assert span is not None and span.value == Decimal(str(value)) and span.end == len(tokenize(text))


def test_find_numbers_keeps_numbers_apart():
    assert [s.value for s in find_numbers(tokenize("50 20"))] == [50, 20]
    assert find_numbers(tokenize("sau")) == []
    assert find_numbers(tokenize("hello")) == []


@pytest.mark.parametrize("text, spans", [
    ("sau kilo", [(0, 1, 100)]), ("सौ किलो", [(0, 1, 100)]), ("hazaar ande", [(0, 1, 1000)]),
    ("5-6 quintal", [(0, 3, 5)]), ("700 se 750 rupaye", [(0, 3, 700)]), ("5 ya 6", [(0, 3, 5)]),
    ("15-06-2024", [(0, 1, 15), (2, 3, 6), (4, 5, 2024)]),  # a date is not a range
    ("500 se kam", [(0, 1, 500)]), ("5 - 700", [(0, 1, 5), (2, 3, 700)]),  # too far apart for a range
])
def test_find_numbers_ranges_and_bare_multipliers(text, spans):
    assert [(s.start, s.end, s.value) for s in find_numbers(tokenize(text))] == spans


@pytest.mark.parametrize("word, family, factor", [
    ("quintal", "kg", 100), ("qtl", "kg", 100), ("kwintal", "kg", 100), ("क्विंटल", "kg", 100),
    ("ton", "kg", 1000), ("टन", "kg", 1000), ("man", "kg", 40), ("मन", "kg", 40), ("gm", "kg", Decimal("0.001")),
    ("ग्राम", "kg", Decimal("0.001")), ("kilo", "kg", 1), ("किलो", "kg", 1), ("dozen", "piece", 12),
    ("darjan", "piece", 12), ("दर्जन", "piece", 12), ("pcs", "piece", 1), ("nag", "piece", 1), ("नग", "piece", 1),
    ("पीस", "piece", 1), ("packet", "piece", 1), ("bottle", "piece", 1), ("jar", "piece", 1), ("set", "piece", 1),
    ("ltr", "litre", 1), ("liter", "litre", 1), ("l", "litre", 1), ("लीटर", "litre", 1),
])
def test_units(word, family, factor):
    u = UNITS[tokenize(word)[0]]
    assert (u.family, u.factor) == (family, Decimal(factor))


def test_normalize_tokens():
    assert tokenize("makhana 10kg@750") == ["makhana", "10", "kg", "@", "750"]
    assert tokenize("Rs 62,000/qtl") == ["rs", "62000", "/", "qtl"]
    assert tokenize("१५ किलो गुड़") == ["15", "किलो", "गुड"]  # nukta folded
    assert tokenize("🙏🙏") == []


def test_catalog_synonyms_do_not_shadow_parser_words():
    vocab = set(UNITS) | NUMBER_WORDS | W.FILLER | W.BUY | W.SELL | W.CURRENCY | W.COMMAND | W.NEGATION
    clashes = sorted({(p.key, n) for p in catalog.products() for n in p.names()
                      if len(tokenize(n)) == 1 and tokenize(n)[0] in vocab})
    # handled: a unit right after a number is not chickpea; "bags" (and terracotta pots: matka, handi) after a number
    # are the goods unless "of" or a size in brackets names what is in them ("100 bags of wheat flour", "100 bags (50 kg)
    # wheat"); "dahi 10 kilo ka matka, 3 matka" counts pots of curd
    assert clashes == [("bag", "Bag"), ("bag", "bag"), ("bag", "bags"), ("gram", "gram"), ("terracotta", "handi"),
                       ("terracotta", "matka"), ("terracotta", "matki"), ("terracotta", "मटका"), ("terracotta", "हांडी")]


@pytest.mark.parametrize("text", [
    "", "   ", "\n", "🙏🙏🙏😀", "x" * 4000, "aloo " * 800, "9" * 4000, "₹₹₹@@@///", "..,,..", "\x00\x01\x02",
    "मखाना makhana मखाना 20 किलो kilo", "ᐊᐃᐅ 漢字 العربية", "-5 kg", "1" * 50 + " kg aloo", "%$#@!",
    "aloo 20.5.6 kilo", "\u200d\u200c", "ज़्‍", "quintal quintal quintal", "rs rs rs 5",
])
def test_robust_inputs(text):
    p = parse(text)
    assert isinstance(p, Parsed)
    assert p.intent in {"sell", "buy", "price", "other"}
    json.dumps(p.to_json())


def test_empty_and_non_text_inputs_are_other():
    for value in ("", "   ", "🙏", None, 123):
        p = parse(value)  # type: ignore[arg-type]
        assert p.to_json()["intent"] == "other" and p.product is None


def test_a_long_repeated_message_reads_as_its_request():
    """A pasted message repeated 100 times is still one request (its speed is bench/parse_bench.py's job)."""
    got = parse("mujhe 100 kg honey chahiye patna me 400 tak " * 100).to_json()
    assert (got["intent"], got["product"], got["district"]) == ("buy", "honey", "Patna")


def test_cli_run():
    stdin = io.StringIO("tamatar ka bhav kya hai\n\nmakhana 10kg@750\nमुझे पटना में चाहिए\n")
    stdout = io.StringIO()
    assert run(stdin, stdout) == 0
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert len(lines) == 4
    assert lines[0] == {"intent": "price", "product": "tomato", "quantity": None, "unit": None, "price": None,
                        "district": None}
    assert lines[1]["intent"] == "other"
    assert lines[2] == {"intent": "sell", "product": "makhana", "quantity": 10, "unit": "kg", "price": 750,
                        "district": None}
    assert lines[3]["district"] == "Patna"
    out = io.StringIO()
    run(io.StringIO("गुड़ 50 किलो है\n"), out)
    assert '"jaggery"' in out.getvalue() and "\\u" not in out.getvalue()  # ensure_ascii=False


# ---------------------------------------------------------------- issue-3 audit: root causes, one test each

def _core(text: str) -> tuple:
    j = parse(text).to_json()
    return j["intent"], j["product"], j["quantity"], j["unit"], j["price"]


@pytest.mark.parametrize("text, price", [
    # a price without its own unit: the reading inside the product's price_range, per base unit first
    ("makhana 3 quintal 750", 750), ("makhana @720 4 quintal", 720), ("shahad 2 quintal 350 rs", 350),
    ("pyaj 3 quintal 22 rupya", 22), ("Need 5 quintal tomato max Rs 18", 18),
    ("3 quintal pyaj 2200 rupya", 22), ("chawal 5 quintal 3800 rupaye", 38), ("5 quintal aloo 1200 rupaye", 12),
    ("2 ton makka 21000", 21),  # per ton
    ("5 darjan ande 300", 5), ("3 darjan ande 72 rupya", 6),  # lump sum / per dozen
    ("makhana 10 kg 7000", 700),  # 7000/kg is implausible: a lump sum
    ("250 gram makhana 200 rupaye", 800),  # a price next to less than a kilo is that packet's price
    ("makhana 62k per quintal", 620), ("aloo 1200 rupaye", 12),  # per quintal, as mandi rates are quoted
])
def test_unitless_price_is_read_by_plausible_range(text, price):
    assert parse(text).to_json()["price"] == price


def test_price_reading_without_a_range_keeps_the_old_rule():
    from bot.parser.amounts import find_amounts, price_per_base
    from bot.parser.products import find_products
    tokens = tokenize("makhana 5 quintal 700 rs")
    amounts = find_amounts(tokens, find_products(tokens))
    assert price_per_base(amounts) == (Decimal(7), "kg")  # no range: per the quantity's unit
    assert price_per_base(amounts, (Decimal(100), Decimal(3000)), "kg") == (Decimal(700), "kg")


@pytest.mark.parametrize("text, price", [
    ("haldi 50 kg 4500 me", 90), ("tamatar 50 kilo 1000 me de dungi", 20), ("ghee 10 kg 6000 mein", 600),
    ("२० किलो शहद ८००० में", 400), ("20 kg shahad 8000 rupaye kul", 400), ("kul 8000 rupaye me 20 kg shahad", 400),
    ("total 3500 rs 5 kg makhana", 700), ("dedh lakh ka 2 quintal makhana", 750),
    ("makhana 5 quintal 650 ka bhav", 650),  # "ka bhav"/"ka rate" is a rate, not a total
    ("makhana 5 quintal 700 me bechna hai", 700),  # "700 me" for 5 quintal cannot be a total
])
def test_lump_sums(text, price):
    assert parse(text).to_json()["price"] == price


@pytest.mark.parametrize("text, quantity, price", [
    ("aloo 10 quintal chahiye 20 tarikh tak", 1000, None), ("Need 500 kg onions before 20th July", 500, None),
    ("dhan 10-12 quintal hai", 1000, None), ("aloo 5 se 6 quintal", 500, None),
    ("makhana 700-750 rupaye kilo 2 quintal", 200, 700), ("makhana 4 suta 2 quintal", 200, None),
    ("makhana 2 quintal 5 din me", 200, None), ("aloo 10 bori hai", None, None),  # "bori": unknown unit
    ("I have 50 organic eggs", 50, None),
])
def test_dates_counts_ranges_and_unknown_units(text, quantity, price):
    j = parse(text).to_json()
    assert (j["quantity"], j["price"]) == (quantity, price)


@pytest.mark.parametrize("text", [
    "hum log gaye the", "wo log aa gaye", "gaye 2 hai bechna", "mera bag kho gaya", "sab theek hai madhu didi",
    "madhu devi bol rahi hu", "kela devi ka group", "aam taur par 2 din lagta hai", "humlog mandi gaye the",
])
def test_everyday_words_and_names_are_not_products(text):
    p = parse(text)
    assert (p.intent, p.product, p.quantity) == ("other", None, None), text


def test_filler_words_never_loose_match():
    from bot.parser.products import find_products, loose
    filler_loose = {loose(w) for w in W.FILLER if w.isascii() and len(w) >= 4}
    assert loose("gaaye") in filler_loose  # why "gaaye" (cow) had to leave the catalog
    for w in W.FILLER:
        assert find_products([w]) == [] or w in catalog.product(find_products([w])[0].key).names(), w
    assert _core("madhu 5 kg hai 450 rupaye") == ("sell", "honey", 5, "kg", 450)  # still honey when not a name


@pytest.mark.parametrize("text, intent", [
    ("kisi ko shahad chahiye to bolo 20 kg hai", "sell"), ("agar aapko makhana lena ho to batayein 5 quintal", "sell"),
    ("mujhe makhana chahiye 2 quintal", "buy"), ("makhana chahiye koi hai?", "buy"),
    ("koi makhana bech raha hai kya", "buy"), ("koi bechta hai kya makhana?", "buy"),
    ("makhana bechna hai koi lega kya", "sell"), ("kisi ke paas makhana hai kya", "buy"),
    ("aloo kitne me bik raha hai", "price"), ("makhana kitne ka hai", "price"), ("aloo bik gaya", "other"),
    ("aloo ka bhav 1200 chal raha hai kya", "price"), ("makhana ka bhav 700 chal raha hai 5 quintal hai", "sell"),
    ("loan 20000 chahiye samuh ke liye", "other"), ("mujhe jankari chahiye", "other"),
    ("payment abhi tak nahi aaya 2 quintal makhana ka", "other"), ("training 5 tarikh ko hai", "other"),
    ("aloo ka paisa kab milega", "other"), ("makhana kahan milega", "buy"),
])
def test_intent_rules_from_the_audit(text, intent):
    assert parse(text).intent == intent


def test_chatter_keeps_no_amounts():
    assert parse("mera 2 quintal aloo wala payment kab milega").to_json() == parse("ram ram").to_json()
    assert parse("20 kilo").quantity == 20  # a bare amount still answers "how much?"


def test_ceiling_written_before_the_price():
    p = parse("Need 2 ton potato, not more than Rs 14 per kg")
    assert (p.intent, p.quantity, p.price, p.price_is_ceiling) == ("buy", 2000, 14, True)
    p = parse("need 1 ton rice price less than 40")
    assert (p.intent, p.price, p.price_is_ceiling) == ("buy", 40, True)


@pytest.mark.parametrize("text, expected", [
    ("makka 2 ton 2100 qtl", ("sell", "maize", 2000, "kg", 21)),  # a second number+unit: a price per unit
    ("aloo 5 quintal aur pyaj 2 quintal", ("sell", "potato", 500, "kg", None)),  # another product's quantity
    ("10 packet makhana 250 gram 200 rupaye packet", ("sell", "makhana", 2.5, "kg", 800)),
    ("makhana 100 packet 1 kilo wala", ("sell", "makhana", 100, "kg", None)),
    ("20 bottle sarson tel 1 litre wala", ("sell", "mustard_oil", 20, "litre", None)),
    ("agarbatti 50 packet 100 gram", ("sell", "agarbatti", 50, "piece", None)),  # sold by the packet
    ("sarson 20 litre", ("sell", "mustard_oil", 20, "litre", None)),
    ("sarso 5 quintal", ("sell", "mustard", 500, "kg", None)),
    ("sarson ka tail 5 litre", ("sell", "mustard_oil", 5, "litre", None)),
    ("gehu 2 qintal", ("sell", "wheat", 200, "kg", None)), ("aloo 5 kuintl", ("sell", "potato", 500, "kg", None)),
    ("makhana 20 paket", ("sell", "makhana", 20, "piece", None)),
    ("tees kilo aloo", ("sell", "potato", 30, "kg", None)),
    ("pachhattar kilo makhana", ("sell", "makhana", 75, "kg", None)),
    ("sau ande chahiye", ("buy", "eggs", 100, "piece", None)), ("सौ किलो आलू", ("sell", "potato", 100, "kg", None)),
    ("hazaar kilo aloo 12 rupaye", ("sell", "potato", 1000, "kg", 12)),
    ("onino 2 quintal", ("sell", "onion", 200, "kg", None)),  # two letters swapped: a typing slip
])
def test_units_packs_and_number_words(text, expected):
    assert _core(text) == expected


def test_swapped_letters_accepted_but_changed_letters_only_suggested():
    assert parse("onoin 3 quintal").product == "onion"
    p = parse("patato 5 quintal")
    assert (p.product, p.unknown_word) == (None, "patato")


@pytest.mark.parametrize("text, district", [
    ("purvi champaran me makhana 2 quintal", "Purbi Champaran"), ("poorvi champaran se shahad", "Purbi Champaran"),
    ("paschim champaran se 5 quintal dhan", "Pashchim Champaran"), ("motihari me aloo", "Purbi Champaran"),
])
def test_champaran_spellings(text, district):
    assert parse(text).district == district


# ---------------------------------------------------------------- issue 10: what two blind sets showed, one rule each

@pytest.mark.parametrize("text, intent", [
    ("makhana ki kheti kaise shuru kare", "other"), ("aam ke ped me kida lag gaya hai kya karein", "other"),
    ("भिंडी में रोग लग गया है, दवा बताइए", "other"), ("bakri ko bukhar hai", "other"),
    ("shahad bechne ka license kaise milega", "other"),
    ("makhana 2 quintal hai, kaise bechu? 700 rupaye kilo", "sell"),  # an amount and a price outweigh "kaise"
    ("tamatar kaise diye", "price"),  # bazaar speech: at what price
])
def test_advice_questions_are_not_trades(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize("text, expected", [
    ("hamra lagi 5 kilo sattu chaahi", ("buy", "sattu", 5, "kg", None)),
    ("हमरा लगी 2 किलो शहद चाहीं", ("buy", "honey", 2, "kg", None)),
    ("hamra 3 go bakri chahin", ("buy", "goat", 3, "piece", None)),
    ("makhana 20 kilo achhi, 650 taka kilo", ("sell", "makhana", 20, "kg", 650)),
    ("dhaan 5 quintal ba 2000 टका quintal", ("sell", "paddy", 500, "kg", 20)),
    ("du man gehu bhail", ("sell", "wheat", 80, "kg", None)),
    ("शहद ५ किलो है ४०० रूपया किलो", ("sell", "honey", 5, "kg", 400)),  # रूपया with ू
])
def test_bhojpuri_maithili_and_taka(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("koi didi achar bech rahi ho to batana, 5 kilo chahiye", ("buy", "pickle", 5, "kg", None)),
    ("aloo 3 quintal hai, mandi bhav par de denge", ("sell", "potato", 300, "kg", None)),
    ("गेहूं 10 क्विंटल है, मंडी भाव पर देंगे", ("sell", "wheat", 1000, "kg", None)),
    ("kisko chahiye 50 kilo makhana? 700 kilo", ("sell", "makhana", 50, "kg", 700)),
    ("shahad 10 kilo kul 4000 rupaya me de denge", ("sell", "honey", 10, "kg", 400)),
    ("makhana ka 1 quintal bik gaya, 50 kilo bacha hai", ("sell", "makhana", 50, "kg", None)),
    ("Our buyer wants 500 kg makhana", ("buy", "makhana", 500, "kg", None)),
    ("makhana kharidar chahiye 5 quintal", ("sell", "makhana", 500, "kg", None)),
])
def test_buy_or_sell_by_structure(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2 gaay hai 40-45 hazar ek ka", ("sell", "cow", 2, "piece", 40000)),
    ("bhains chahiye 60 se 70 hajar tak", ("buy", "buffalo", None, "piece", 60000)),
    ("३ बकरी है १०-१२ हजार एक का", ("sell", "goat", 3, "piece", 10000)),
    ("ek bhains hai dedh lakh me", ("sell", "buffalo", 1, "piece", 150000)),
    ("do gaay hai, ek ka pachas hazaar", ("sell", "cow", 2, "piece", 50000)),
    ("5-6 quintal aloo", ("sell", "potato", 500, "kg", None)),  # no multiplier: as before
])
def test_ranges_share_their_multiplier_and_prices_in_words(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, expected", [
    # packs of a size are counted in the product's base unit wherever the size is said
    ("ghee 20 jar hai, ek jar 1 kilo ka, 700 rupaye jar", ("sell", "ghee", 20, "kg", 700)),
    ("sarson tel 10 bottle, har bottle 1 litre, 180 rs bottle", ("sell", "mustard_oil", 10, "litre", 180)),
    ("makhana 50 packet hai, 1 packet me 250 gram", ("sell", "makhana", 12.5, "kg", None)),
    ("achar 30 bottle chahiye", ("buy", "pickle", 30, "piece", None)),  # no size: a count stays a count
])
def test_pack_sizes(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, product", [
    ("gud 50 kilo hai", "jaggery"), ("gud ka bhav batao", "jaggery"), ("sab gud hai didi", None),
    ("good morning, gud night", None), ("genda 20 kilo hai", "marigold"), ("phool mala 50 piece", "garland"),
    ("moongfali 2 quintal", "peanut"), ("chai patti 5 kilo chahiye", "tea"), ("chai pi lo", None),
    ("sikki ki tokri 20 piece", "sikki_craft"), ("bans ki tokri 20 piece", "bamboo_basket"),
    ("silk ka kapda 5 piece", "silk_fabric"), ("kapde 50 piece silai kiye", "readymade_garments"),
    ("frock 20 piece hai", "readymade_garments"), ("kera 5 darjan", "banana"), ("tambaku 2 quintal", "tobacco"),
])
def test_catalog_gaps_weak_and_generic_names(text, product):
    assert parse(text).product == product


@pytest.mark.parametrize("text, district", [
    ("आलू 5 क्विंटल है, सिवान।", "Siwan"), ("गया का तिलकुट 5 किलो चाहिए", "Gaya"), ("tilkut gaya ka 5 kilo", "Gaya"),
    ("makhana 5 kilo bhejna hai Gaya", "Gaya"), ("makhana bik gaya", None), ("फसल में कीड़ा लग गया", None),
    ("Gaya tha mandi", None), ("aloo 2 quintal Motihari", "Purbi Champaran"),
    ("shahad 5 kilo Bettiah", "Pashchim Champaran"),
    ("Chhapra me makhana", "Saran"), ("Arrah me 5 quintal gehu", "Bhojpur"), ("Bodh Gaya me tilkut", "Gaya"),
    ("Jhanjharpur se makhana 2 quintal", "Madhubani"), ("Bihta me 5 quintal aloo", "Patna"),
    ("nagar me aloo", None), ("मधुबनी पेंटिंग 5 पीस", None), ("madhubani print saree 10 piece", None),
])
def test_places_in_chat(text, district):
    assert parse(text).district == district


# ---------------------------------------------------------------- issue 10, second round: item 4 and set C, one rule each

@pytest.mark.parametrize("text, expected", [
    ("मखाना 10 किलो है 650 रूपया किलो", ("sell", "makhana", 10, "kg", 650)),  # रूपया with ू keeps the price
    ("achar 20 bottle 150 wala", ("sell", "pickle", 20, "piece", 150)),  # pieces at ₹150, no kilos asked
    ("bakri hai १२-१५ हजार", ("sell", "goat", None, "piece", 12000)),  # thousands that fit a goat's price are money
    ("ek gaay hai 40-50 hazar", ("sell", "cow", 1, "piece", 40000)),
    ("bakri 4 go hai 1000 taka ek", ("sell", "goat", 4, "piece", 1000)),  # taka = rupees, "ek" = each
    ("ande 2 hazar hai", ("sell", "eggs", 2000, "piece", None)),  # 2000 is no egg's price: a count
])
def test_item_4_prices_and_amounts(text, expected):
    assert _core(text) == expected


def test_item_4_each_alone_and_in_words():
    p = parse("1000 taka ek")
    assert (p.price, p.price_unit) == (1000, "piece")
    assert _core("teen bakri hai, teen hazar ek") == ("sell", "goat", 3, "piece", 3000)  # not 3001


@pytest.mark.parametrize("text, expected", [
    ("gaay ke 2 bachhe hai 15000 ek", ("sell", "cow", 2, "piece", 15000)),  # young animals count the animal
    ("murgi ke 50 chuze chahiye", ("buy", "chicken", 50, "piece", None)),
    ("suar 3 hai 5000 ek", ("sell", "pig", 3, "piece", 5000)),  # "<price> ek" = each
    ("sujni 4 piece hai, sab milakar 6000", ("sell", "sujni", 4, "piece", 1500)),  # a lump sum for the pieces
    ("saree 10 piece altogether 15000", ("sell", "saree", 10, "piece", 1500)),
    ("shahad 250 gram ke 40 dibba, 120 ek dibba", ("sell", "honey", 10, "kg", 480)),  # price per box of a size
    ("gehu 40 kilo ka 5 bora hai", ("sell", "wheat", 200, "kg", None)),  # sacks of a said size
    ("dhan 20 bori hai, har bori 60 kilo", ("sell", "paddy", 1200, "kg", None)),
    ("do bora aloo hai", ("sell", "potato", None, None, None)),  # sacks of no said size: the bot asks
])
def test_pieces_lump_sums_and_sacks(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, intent", [
    ("patna me 20 kilo paneer ki zarurat hai", "buy"), ("हमें 50 किलो सत्तू की जरूरत है", "buy"),
    ("makhana ki zarurat ho to batana, 2 quintal hai", "sell"),  # someone else's need: an offer
    ("We'd like 200 kg makhana", "buy"), ("I would like to order 50 jars of honey", "buy"),
    ("Is anyone selling honey in Purnia? Need 20 kg", "buy"),
    ("How much is a kilo of makhana selling for?", "price"), ("what price for litchi this week", "price"),
    ("aam ka bhav kya hai aur kab bechna thik rahega?", "price"),  # when to sell: a question, not an offer
    ("makhana kahan bechu?", "other"),
    ("aloo me khad kab dalna chahiye", "other"), ("मक्का की बुवाई कब करनी चाहिए?", "other"),  # "should": advice
    ("how to store onions for long?", "other"), ("how do I make mango pickle", "other"),
    ("block office ka phone number chahiye", "other"), ("sikki craft sikhna hai, training kab hai", "other"),
    ("aloo 50 number chahiye", "buy"),  # "number" after a number counts pieces
    ("thank you so much didi", "other"),
])
def test_intent_rules_second_round(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize("text, product", [
    ("katarni chura 20 kilo hai", "flattened_rice"), ("कतरनी चूड़ा 10 किलो", "flattened_rice"),
    ("katarni chawal 1 quintal", "rice"), ("मिट्टी के दीये 500 पीस", "terracotta"), ("keechua khad 2 quintal", "vermicompost"),
])
def test_catalog_second_round(text, product):
    assert parse(text).product == product


@pytest.mark.parametrize("text, district", [
    ("kal gaya gaye the makhana bechne", "Gaya"), ("ara jaenge kal aloo lekar", "Bhojpur"),
    ("makhana bik gaya", None), ("wo chala gaya", None),
])
def test_gaya_before_a_motion_verb_is_the_place(text, district):
    assert parse(text).district == district


def test_district_prefilter_agrees_with_places():
    from bot import places
    from bot.parser.district import may_name_district
    for ex in EXAMPLES + MORE + AUDIT + HELDOUT + BLIND_A + BLIND_B + BLIND_C:
        if places.district_in_text(ex["text"]) is not None:
            assert may_name_district(ex["text"]), ex["text"]
    for name in ("Purbi Champaran", "पश्चिम चंपारण", "East Champaran", "Kaimur Bhabua", "Bihar Sharif", "Gaya ji"):
        assert may_name_district(f"makhana 5 kilo {name} me"), name


@pytest.mark.parametrize("text, expected", [
    ("हमरा लगे ५ किलो घी बा, ६०० रूपइया किलो", ("sell", "ghee", 5, "kg", 600)),  # any spelling of rupees
    ("makhana 2 kilo 700 roopaye", ("sell", "makhana", 2, "kg", 700)),
    ("bail bechna hai 60000", ("sell", "bullock", None, "piece", 60000)),  # nobody sells 60000 bullocks
    ("ande 500 hai", ("sell", "eggs", 500, "piece", None)),  # but 500 eggs are a count
    ("makhana ka daam 700 se kam nahi lenge, 5 quintal hai", ("sell", "makhana", 500, "kg", 700)),  # a floor
    ("shahad 1 kilo 500, 5 kilo hai", ("sell", "honey", 5, "kg", 500)),  # the price of one kilo, then the quantity
])
def test_rupee_spellings_floors_and_price_of_one(text, expected):
    assert _core(text) == expected


def test_rupee_spellings_tokenize_as_rs():
    assert tokenize("रूपइया रुपयों rupaiya roopaye rupali रूप") == ["rs", "rs", "rs", "rs", "rupali", "रूप"]
    assert not parse("makhana ka daam 700 se kam nahi lenge").price_is_ceiling


@pytest.mark.parametrize("text, intent", [
    ("Please share rate for 500 kg organic turmeric powder", "buy"),  # a quotation for an amount is a purchase
    ("Quote your best price for 1 MT masoor dal", "buy"), ("Send me 5 kg ghee, how much will it cost?", "buy"),
    ("makhana ka rate for export?", "price"), ("How much for 5 kg makhana?", "price"),
    ("mera 20 kg tamatar kharab ho gaya", "other"),  # spoiled goods are a loss, not an offer
])
def test_quotes_and_losses(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize("text, expected", [
    ("hamra lag 2 man chaur achhi, 40 taka kilo", ("sell", "rice", 80, "kg", 40)),  # chaur = rice (Maithili)
    ("phone no 9876543210 makhana 2 quintal", ("sell", "makhana", 200, "kg", None)),  # a phone number, no negation
    ("makhana 2q 650/kg", ("sell", "makhana", 200, "kg", 650)),  # q = quintal after a number
    ("koi hai jo 50 kilo chura de sake?", ("buy", "flattened_rice", 50, "kg", None)),  # can anyone give
    ("hame makhana nahi, shahad chahiye 5 kg", ("buy", "honey", 5, "kg", None)),  # "X nahi, Y": Y counts
    ("mere paas aloo nahi, pyaj hai 5 quintal", ("sell", "onion", 500, "kg", None)),
    ("makhana nahi chahiye", ("other", None, None, None, None)),
])
def test_contacts_contrasts_and_dialect(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("litchi ka season kab aayega", ("other", None, None, None, None)),  # a product asked about, not offered
    ("shahad ki jaanch kahan hoti hai", ("other", None, None, None, None)),
    ("मखाना की खेती के लिए तालाब कितना गहरा होना चाहिए", ("other", None, None, None, None)),  # kitna + should
    ("last year 10 quintal makhana hua tha", ("other", None, None, None, None)),  # a report of the past
    ("makhana 5 quintal tha, ab 2 quintal hai", ("sell", "makhana", 200, "kg", None)),  # what there is now
    ("makhana ke liye packaging bag chahiye 1000 piece", ("buy", "bag", 1000, "piece", None)),  # "for" makhana
    ("gobar khad 5 trolley hai", ("sell", "vermicompost", None, None, None)),
    ("makhana kahan milega", ("buy", "makhana", None, None, None)),  # still a purchase
    ("makhana 2 quintal hai", ("sell", "makhana", 200, "kg", None)),
])
def test_questions_reports_and_purposes(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Looking to source 5 tonnes of makhana, price around 600/kg", ("buy", "makhana", 5000, "kg", 600)),
    ("Our canteen needs 20 kg tomato, 10 kg onion daily", ("buy", "tomato", 20, "kg", None)),  # onion's quantity
    ("Can your SHG make 500 cloth bags? Budget Rs 30 each", ("buy", "bag", 500, "piece", 30)),
    ("बकरी बेचनी है, दो है, बारह हजार की एक", ("sell", "goat", 2, "piece", 12000)),
    ("hum 2 quintal makhana bechab, bhav batau", ("sell", "makhana", 200, "kg", None)),  # Bhojpuri future
    ("makhane ki kheer banane ki vidhi batao", ("other", None, None, None, None)),
    ("makhana 600-650 me mil jayega?", ("buy", "makhana", None, "kg", 600)),
    ("मखाना ५ किलो का पैकेट २० है", ("sell", "makhana", 100, "kg", None)),  # 20 packs of 5 kg
    ("sattu 1 kilo ka packet 50 hai 120 rupaye packet", ("sell", "sattu", 50, "kg", 120)),
    ("makhana 5 kilo ka packet 3500", ("sell", "makhana", None, "kg", 700)),  # a plausible price stays a price
])
def test_english_sourcing_counts_of_packs_and_bhojpuri(text, expected):
    assert _core(text) == expected



def test_within_is_a_ceiling_and_final_is_no_product():
    p = parse("50 kilo shahad chahiye 350 ke andar")
    assert (p.intent, p.quantity, p.price, p.price_is_ceiling) == ("buy", 50, 350, True)
    assert parse("650 final?").product is None  # "final" is not phenyl's "finail"


@pytest.mark.parametrize("text, expected", [
    ("shahi litchi 10 peti 800 rs peti", ("sell", "litchi", None, None, None)),  # crates of an unsaid size: asked
    ("litchi 10 peti hai, ek peti me 10 kilo, 800 rs peti", ("sell", "litchi", 100, "kg", 80)),
    ("खादी कुर्ता 20 पीस 800 रुपये", ("sell", "readymade_garments", 20, "piece", 800)),  # handloom is a material
])
def test_crates_and_materials(text, expected):
    assert _core(text) == expected


def test_egg_trays_hold_30():
    assert _core("ande 10 tray hai 180 rs tray") == ("sell", "eggs", 300, "piece", 6)
    assert _core("Want 50 trays eggs") == ("buy", "eggs", 1500, "piece", None)


@pytest.mark.parametrize("text, intent", [
    ("gehu me kitna khad dalna hai", "other"), ("ek bigha me kitna aloo hota hai", "other"),  # how much, not price
    ("मखाना की खेती में कितना खर्च आता है", "other"), ("makhana kitne din me taiyar hota hai", "other"),
    ("aloo kitne me bik raha hai", "price"), ("aloo kitna hai?", "price"), ("shahad kitne ka hai", "price"),
    ("shahad kitna hai aapke paas?", "buy"), ("gehu ka msp kitna hai is saal", "price"),
])
def test_how_much_asks_a_price_only_about_money(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize("text, expected", [
    ("kekra lagi aloo chahi? 10 quintal ba", ("sell", "potato", 1000, "kg", None)),  # who needs it: an offer
    ("tohra lagi makhana ba ka?", ("buy", "makhana", None, None, None)),  # do you have
    ("dui quintal dhan chahi", ("buy", "paddy", 200, "kg", None)),  # dui = two
    ("sab milake 20 quintal gehu hoga", ("sell", "wheat", 2000, "kg", None)),  # a total quantity, not money
    ("kul 10 quintal makhana hai", ("sell", "makhana", 1000, "kg", None)),
])
def test_bhojpuri_maithili_second_round(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, product", [
    ("til ka tel 10 litre", "other_oils"), ("tisi 5 litre", "other_oils"), ("til 5 kilo", "sesame"),
    ("rakhi 500 piece chahiye", "rakhi"), ("marcha chawal 2 quintal", "rice"), ("paper bag 1000 piece", "paper_bags"),
    ("kundru 20 kilo", "ivy_gourd"), ("nenua 30 kilo", "sponge_gourd"), ("murhi 10 kilo", "puffed_rice"),
    ("kurthi dal 20 kilo", "horse_gram"), ("jeera 5 kilo", "cumin"), ("nimki 10 kilo", "namkeen"),
    ("amla murabba 10 jar", "murabba"), ("mattha 20 litre", "buttermilk"), ("jhadu 100 piece", "broom"),
    ("manjusha painting 5 piece", "manjusha_art"), ("bawan buti saree 5 piece", "saree"), ("dari 10 piece", "durrie"),
    ("jeevamrit 50 litre", "organic_pesticide"), ("bhedh 5 go", "sheep"), ("machhli ka jeera 5000", "fish_seed"),
])
def test_catalog_bihar_shg_lines(text, product):
    assert parse(text).product == product


@pytest.mark.parametrize("text, intent", [
    ("I want to know the price of litchi", "price"), ("makhana ka rate janna chahti hu", "price"),
    ("aapka shahad mila, bahut badhiya hai", "other"),  # the addressee's product, no amount: feedback
    ("aapke paas makhana hai?", "buy"), ("aapka makhana kitne ka hai", "price"),
])
def test_wanting_to_know_and_your_product(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize("text, intent", [
    ("makhana kaun lega?", "sell"), ("koi lega makhana?", "sell"), ("shahad kaun kharidega", "sell"),
    ("who will buy my honey?", "sell"), ("makhana hai, kaun lega", "sell"), ("mujhe kaun dega makhana", "buy"),
])
def test_who_will_buy_is_an_offer(text, intent):
    assert parse(text).intent == intent


def test_out_of_stock_and_a_second_size_price():
    assert _core("out of stock hai makhana") == ("other", None, None, None, None)
    assert _core("ek kilo makhana ka 700, aadha kilo ka 380") == ("sell", "makhana", 1, "kg", 700)


@pytest.mark.parametrize("text, expected", [
    ("makhana hai?", ("buy", "makhana", None, None, None)), ("shahad hai kya", ("buy", "honey", None, None, None)),
    ("mere paas makhana hai?", ("sell", "makhana", None, None, None)),
    ("Fresh honey from the hills, 20 kg, 400/kg", ("sell", "honey", 20, "kg", 400)),  # "the" is no Hindi past
])
def test_is_there_and_english_the(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ghee 1/2 kg chahiye", ("buy", "ghee", 0.5, "kg", None)), ("ghee ½ kg chahiye", ("buy", "ghee", 0.5, "kg", None)),
    ("doodh 1½ litre roz chahiye", ("buy", "milk", 1.5, "litre", None)),
    ("makhana 700/kg 2 quintal", ("sell", "makhana", 200, "kg", 700)),
])
def test_fractions(text, expected):
    assert _core(text) == expected
    assert tokenize("1/2/2024 2/3") == ["1", "/", "2", "/", "2024", "2", "/", "3"]  # dates stay dates


@pytest.mark.parametrize("text, intent", [
    ("hamko bhi 5 kilo dena", "buy"), ("humein 10 kg shahad bhej sakte ho?", "buy"), ("do kilo aaloo dena", "buy"),
    ("mera makhana 650 me de dena", "sell"),  # hers, to be sold
    ("makhana wali didi ka number chahiye", "other"), ("makhana wale didi se baat karni hai", "other"),
    ("5 quintal makhana hai, baat karo", "sell"),  # an amount: still an offer
])
def test_requests_to_give_and_contacts(text, intent):
    assert parse(text).intent == intent


def test_district_prefilter_on_tokens_agrees_with_places():
    from bot import places
    from bot.parser.district import tokens_may_name_district
    from bot.parser.products import split_glued
    texts = [ex["text"] for ex in EXAMPLES + MORE + AUDIT + HELDOUT + BLIND_A + BLIND_B + BLIND_C]
    texts += ["Patna's buyer needs 5 kg honey", "makhana—Darbhanga", "मखाना दरभंगा।", "madhubani-me makhana",
              "Purnéa se makhana", "Gaya-ji se", "kaimur(bhabua) me"]
    for text in texts:
        if places.district_in_text(text) is not None:
            assert tokens_may_name_district(split_glued(tokenize(text))), text


# ---------------------------------------------------------------- issue 10, third round: what blind set D showed
@pytest.mark.parametrize("text, expected", [
    ("aloo 3 quintal hai 14 rupaye kilo, jisko lena ho call kare", ("sell", "potato", 300, "kg", 14)),  # whoever wants
    ("hamare paas 2 quintal makhana hai, jisko chahiye phone kare", ("sell", "makhana", 200, "kg", None)),
    ("hamni ke 10 kilo shahad kinab", ("buy", "honey", 10, "kg", None)),  # Bhojpuri "kinab" = will buy
    ("3 bhains hai, teeno ka 2 lakh", ("sell", "buffalo", 3, "piece", 66666.67)),  # a lump sum over the count
    ("gobhi 20 kilo hai, sab ka 400 rupaye", ("sell", "cauliflower", 20, "kg", 20)),
    ("ghee 500 gram wale 12 dabba chahiye", ("buy", "ghee", 6, "kg", None)),  # a size, wale, a count of packs
    ("shahad 1 kilo wala 20 jar hai", ("sell", "honey", 20, "kg", None)),
    ("do desi gaay chahiye", ("buy", "cow", 2, "piece", None)),  # a count, a word for the kind, the animal
    ("makhana ka bhav kya hai, 1 kilo ka?", ("price", "makhana", None, None, None)),  # the rate of one unit
    ("मखानक भाव की अछि?", ("price", "makhana", None, None, None)),  # Maithili genitive -क
    ("kal aandhi aayi, aam ke ped gir gaye", ("other", None, None, None, None)),  # a product named in talk
    ("payment ke liye kya chahiye?", ("other", None, None, None, None)),  # what is needed for a non-trade thing
    ("Holi ki hardik badhai sabhi ko", ("other", None, None, None, None)),  # "hardik" is not "hardi" (turmeric)
    ("makhana", ("sell", "makhana", None, None, None)),  # a terse product alone is still an offer
])
def test_blind_d_rules(text, expected):
    assert _core(text) == expected


# ---------------------------------------------------------------- issue 10, fourth round: what blind set E showed
@pytest.mark.parametrize("text, expected", [
    ("dona 2000 piece hai, 50 piece ka 60 rupaye", ("sell", "leaf_plates", 2000, "piece", 1.2)),  # a price of N
    ("paan 1000 hai, 100 patta ka 90 rs", ("sell", "betel_leaf", 1000, "piece", 0.9)),
    ("makhana 50 kilo hai, 10 kilo ka 9000 rupaye", ("sell", "makhana", 50, "kg", 900)),
    ("chahiye 4 kanastar sarson tel, ek kanastar 15 litre", ("buy", "mustard_oil", 60, "litre", None)),  # size of one
    ("anaras 200 piece hai", ("sell", "pineapple", 200, "piece", None)),
    ("pattharkatti ki murti 5 piece hai", ("sell", "stone_craft", 5, "piece", None)),  # a craft + a form word
    ("mitti ki murti 20 piece hai", ("sell", "terracotta", 20, "piece", None)),
    ("aloo ka bhav kitna chal raha hai?", ("price", "potato", None, None, None)),  # the going rate
    ("ration card ka form kahan milega?", ("other", None, None, None, None)),  # forms and cards are no goods
    ("kal 2 baje gram sangathan ki baithak hai", ("other", None, None, None, None)),  # gram = village
    ("makhana ki quality achhi thi, dhanyawad", ("other", None, None, None, None)),  # past feedback
])
def test_blind_e_rules(text, expected):
    assert _core(text) == expected


@pytest.mark.parametrize("text, district", [
    ("parwal 20 kilo hai, Bakhtiyarpur", "Patna"),
    ("Barh me 10 kilo khoa hai", "Patna"),
    ("barh aa gayi, sab doob gaya", None),  # barh = flood, lower case and no place cue
    ("bhagalpuri saree 10 piece chahiye, Gaya ji me", "Gaya"),  # the origin adjective gives way to the place named
    ("bhagalpuri saree 10 piece chahiye", "Bhagalpur"),
])
def test_blind_e_places(text, district):
    assert parse(text).district == district


@pytest.mark.parametrize("text,expected", [
    # pieces per pack, and a price per pack read per piece
    ("agarbatti 20 packet, har packet me 10 stick, 30 rs packet", {"quantity": 200, "unit": "piece", "price": 3}),
    # a size, its container, then the count of packs (no "ka" between)
    ("makhana 2 kg packet 30 pis, 700 rs kilo", {"quantity": 60, "unit": "kg", "price": 700}),
    ("honey 500 gram jar 40 piece, 250 rs jar", {"quantity": 20, "unit": "kg", "price": 500}),
    # lump sums said to be for all of the goods
    ("3 bakri hai, teeno 24 hajar me", {"quantity": 3, "price": 8000}),
    ("2 bhains bechni hai 1 lakh dono ka", {"quantity": 2, "price": 50000}),
    ("gobhi 1 quintal hai 1500 rupaye me sab le lo", {"quantity": 100, "price": 15}),
    ("gaay ki jodi bechni hai, dono 80 hajar me", {"quantity": 2, "unit": "piece", "price": 40000}),
    # "ek tho" after thousands is "for one"; a "k" range shares its thousands; paise
    ("bakri 4 go, 8 hajar ek tho", {"quantity": 4, "price": 8000}),
    ("3 gaay 40-50k each", {"quantity": 3, "price": 40000}),
    ("machhli ka bij 1 lakh piece 20 paisa piece", {"product": "fish_seed", "quantity": 100000, "price": 0.2}),
    # what was sold before "ab"/"now" is left out
    ("makhana bik gaya, ab shahad bacha hai 20 kilo", {"product": "honey", "quantity": 20}),
    ("sold the honey, now have 50 kg makhana", {"product": "makhana", "quantity": 50}),
    # money and farming talk name no goods
    ("mera 2000 rupaya abhi tak nahi aaya", {"intent": "other", "price": None}),
    ("Transport ka kharcha kaun dega?", {"intent": "other"}),
    ("गेहूं की बुवाई कब करें", {"intent": "other", "product": None}),
    # "can give" told is an offer, asked is a purchase; "kitne kilo chal raha" asks the rate
    ("main 20 litre dudh roj de sakti hu", {"intent": "sell"}),
    ("aap 20 litre dudh roj de sakte hain?", {"intent": "buy"}),
    ("mandi me aloo kitne kilo chal raha hai", {"intent": "price", "product": "potato"}),
    # Devanagari block names; a loose district spelling that is a verb's subject is no place
    ("हिसुआ में आलू 5 क्विंटल", {"district": "Nawada"}),
    ("aam me mangar lag gaya hai", {"district": None}),
])
def test_fifth_round_rules_on_new_wordings(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text,expected", [
    ("3 tin sarso tel, ek tin 15 litre", {"quantity": 45, "unit": "litre"}),  # after a number, "tin" is a tin
    ("sarso tel 10 tin, ek tin 15 litre, 2200 rs tin", {"quantity": 150, "price": 146.67}),
    ("tin bakri hai", {"quantity": 3, "unit": "piece"}),  # elsewhere it is three
    ("shahad ki shishi 200, har shishi 500 gram, 250 rs shishi", {"quantity": 100, "unit": "kg", "price": 500}),
    ("gehu kitne kilo bik raha hai", {"intent": "price", "product": "wheat"}),
    ("aloo becha diya, ab tamatar hai 50 kilo", {"product": "tomato", "quantity": 50}),
    ("5 quintal gehu mandi bhav pe", {"intent": "sell", "quantity": 500, "price": None}),  # at the going rate
    ("mandi rate pe kitna milega aloo ka?", {"intent": "price", "product": "potato"}),
    ("Is sattu available in Arrah?", {"intent": "buy", "product": "sattu"}),
    ("makhana available hai 5 quintal", {"intent": "sell", "quantity": 500}),
    ("kisi didi ke paas bakri hai kya bechne wali?", {"intent": "buy", "product": "goat"}),
    ("Bulk order: 2000 jute bags for conference, budget 60 per bag", {"intent": "buy", "price": 60}),
    ("hamar bakri bimar ba", {"intent": "other", "product": None}),
    ("मखाना सवा दो क्विंटल, साढ़े छह सौ किलो", {"quantity": 225, "price": 650}),  # hundreds said in words: a rate
    ("makhana 10 kilo kitne ka padega?", {"intent": "price", "quantity": None, "unit": None}),  # a rate asked
])
def test_tins_and_counts_of_packs(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text,expected", [
    # what was, or is usually made, before "ab/abhi/is baar/lekin": what follows is offered
    ("pichhle saal makhana becha tha, is saal shahad hai 20 kilo", {"intent": "sell", "product": "honey", "quantity": 20}),
    ("मशरूम खत्म हो गया, अब मखाना है 10 किलो", {"intent": "sell", "product": "makhana", "quantity": 10}),
    ("hamara samuh achar aur papad banata hai, abhi papad 50 kilo taiyar hai", {"product": "papad", "quantity": 50}),
    ("is baar aam nahi hua, lekin lichi hai 2 quintal", {"intent": "sell", "product": "litchi", "quantity": 200}),
    ("makhana 5 quintal hai, abhi shahad bhi hai 10 kilo", {"product": "makhana", "quantity": 500}),  # both offered
    # a list of plants before "ke paudhe" names saplings
    ("aam, amrud aur kathal ke paudhe 1000 piece", {"product": "saplings", "quantity": 1000}),
    ("गेंदा और गुलाब के पौधे 200 पीस 20 रुपया", {"product": "saplings", "price": 20}),
    # Maithili number words; a mann is 40 kg; the going rate with a quantity in words is an offer
    ("तीनि किलो मधु अछि चारि सौ टका किलो", {"quantity": 3, "price": 400}),
    ("ek man gehu hai mandi rate pe de denge", {"intent": "sell", "quantity": 40, "price": None}),
    # a lump sum for both, said before or after the count; "N me ek" is the price of one
    ("दुनु गाय के 80 हजार, 2 गाय अछि", {"quantity": 2, "price": 40000}),
    ("bakri ke 2 bachcha ba, dunu ke 8 hajar", {"quantity": 2, "price": 4000}),
    ("kurta 2000 rupaye me ek, 10 piece hai", {"quantity": 10, "price": 2000}),
    ("sikki tokri 50 hai 200 me ek piece", {"quantity": 50, "price": 200}),
    # sizes of packs said with "each", "in 5 litre tins", "5 litre ke can"; bags of goods
    ("100 bottles of honey, 500 gram each, Rs 300 per bottle", {"quantity": 50, "unit": "kg", "price": 600}),
    ("Mustard oil 50 litre, in 5 litre tins, 800 per tin", {"quantity": 50, "price": 160}),
    ("5 litre ke can me phenyl 20 can 250 rs can", {"quantity": 100, "price": 50}),
    ("20 bags of rice, 25 kg each, Rs 1000 per bag", {"product": "rice", "quantity": 500, "price": 40}),
    ("500 jute bags chahiye", {"intent": "buy", "product": "bag", "quantity": 500}),
    # why they sell is no "no"; "de dihal jai" gives; a seller's wanted price; may I sell here?
    ("bakri 5 go ba, chara nahi ba, 6 hajar ek ke hisab se de dihal jai", {"intent": "sell", "price": 6000}),
    ("bhaiya 5 go suar ba, paisa ke jarurat ba, 10 hajar ek go", {"intent": "sell", "product": "pig", "price": 10000}),
    ("hamar 10 kilo ghee ba, 700 taka kilo chahi", {"intent": "sell", "price": 700}),
    ("hamko 5 quintal gehu chahiye 2400 quintal tak", {"intent": "buy", "price": 24}),
    ("can we sell honey on this app?", {"intent": "other", "product": None}),
    ("kya aap makhana bech sakte hai?", {"intent": "buy", "product": "makhana"}),
    # last year's rate is history; "is baar N chahiye" is this year's asking price; "hamra lage" is having
    ("pichhle saal 20 rupaye kilo bika, is saal 25 chahiye, aloo 50 quintal hai", {"intent": "sell", "price": 25}),
    ("hamar lage 5 go bakri ba 8 hajar ek go chahi", {"intent": "sell", "price": 8000}),
    ("bhaiya hamra lage 20 litre dudh roj hota, 50 litre ke hisab se dihal jai", {"intent": "sell", "price": 50}),
    # "each weighing 1 kg"; of two products named, the one sold in the quantity's unit
    ("200 jars of honey each weighing 1 kg, total 90000", {"quantity": 200, "unit": "kg", "price": 450}),
    ("जूट (पाट) 5 क्विंटल है", {"product": "raw_jute", "quantity": 500}),
    # the young of fish are fish seed
    ("rohu ke bachcha 2000 hai", {"product": "fish_seed", "quantity": 2000, "unit": "piece"}),
    # a lower-case block set off as an address
    ("aloo 20 kg hai, bihta se", {"district": "Patna"}),
    ("gobhi 1 quintal 15 rs kilo, masaurhi", {"district": "Patna"}),
])
def test_sixth_round_rules_on_new_wordings(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text,expected", [
    # whoever/anyone wants it, the buyer's obligation beside "de denge": offers; a vehicle sent fetches the goods
    ("5 quintal litchi taiyar achhi, jekra chaahi sampark karu", {"intent": "sell", "quantity": 500}),
    ("hum makhana ugate hai, 5 quintal hai, agar koi vyapari lena chahe to call kare", {"intent": "sell"}),
    ("hum 5 quintal makhana lena chahte hai, agar koi dena chahe to call kare", {"intent": "buy"}),
    ("50 kilo shahad hai, 20000 me de denge, pura lena hoga", {"intent": "sell", "price": 400}),
    ("mujhe 50 kilo shahad lena hoga", {"intent": "buy"}),
    ("aam 10 quintal hai, 40 rupaye kilo, truck bhej dijiye", {"intent": "sell", "quantity": 1000}),
    ("makhana 5 kilo bhej dijiye", {"intent": "buy"}),
    # selling now is no "sold"; the going rate asked; a progressive "hai kya"; papers are no goods
    ("aalu 20 rupya kilo bik raha hai kya Patna me?", {"intent": "price", "product": "potato", "price": 20}),
    ("aalu bik gaya", {"intent": "other"}),
    ("koi didi sattu bana rahi hai kya?", {"intent": "other"}),
    ("makhana hai kya?", {"intent": "buy", "product": "makhana"}),
    ("loan ke liye kaun sa document chahiye?", {"intent": "other"}),
    # praise, a price for one's own sale, a negated thing that is not in the catalog
    ("shahad 20 kilo hai, shuddh, koi milawat nahi, 400 rupaye kilo", {"intent": "sell", "price": 400}),
    ("makhana ka rate kya hai, kitne me bechu?", {"intent": "price", "product": "makhana"}),
    ("Bakri nahi, 2 bhains chahiye, Siwan", {"intent": "buy", "product": "buffalo", "quantity": 2}),
    # what a machine or a purpose is for, and a farm, are not the goods
    ("dhaan sukhane wali machine chahiye", {"intent": "buy", "product": None}),
    ("gehun pisne ke liye chakki kahan milegi?", {"intent": "other", "product": None}),
    ("aloo bechne ke liye buyer chahiye, 5 quintal hai", {"intent": "sell", "product": "potato"}),
    ("dairy farm se doodh 50 litre roj, 45 rupaye litre", {"product": "milk", "quantity": 50}),
    ("poultry farm ke liye 500 chuza chahiye", {"intent": "buy", "product": "chicken", "quantity": 500}),
    # counts: classifiers before people, Bhojpuri numerals, sticks, totals, pieces in a priced box
    ("15 go didi milke 200 kilo papad banaye hai", {"quantity": 200, "unit": "kg"}),
    ("हमरा दुगो बकरी चाहीं", {"intent": "buy", "product": "goat", "quantity": 2}),
    ("agarbatti 10000 sticks hai, 50 sticks per packet, 25 rupaye packet", {"quantity": 10000, "price": 0.5}),
    ("makhana 2 kg subah 3 kg shaam, kul 5 kg roj", {"quantity": 5}),
    ("mombatti 1200 piece, har box me 12 piece, 60 rs box", {"quantity": 1200, "price": 5}),
    # a rate proposed after the rate question; a quantity asked about stays none
    ("makhana kitne me bik raha hai? 700 kilo theek hai?", {"intent": "price", "price": 700, "unit": "kg"}),
    ("makhana 10 kilo kitne ka padega?", {"intent": "price", "price": None}),
    # catalog: raw jute, bael, paddy of a rice variety
    ("pat 10 quintal hai, 5000 quintal", {"product": "raw_jute", "price": 50}),
    ("lauki ki bel me phool aa gaye", {"product": None}),
    ("katarni dhan 10 quintal hai", {"product": "paddy"}), ("katarni chawal 10 quintal hai", {"product": "rice"}),
])
def test_seventh_round_rules_on_new_wordings(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, district", [
    ("Purnia Devi ka makhana 5 kilo, 600 rupaye kilo", None),  # a person's name
    ("Gaya Prasad ji se 5 kilo makhana lena hai", None),
    ("Sunita Kumari, Purnia, makhana 5 kilo", "Purnia"),
    ("litchi ke ped me mangar keeda lag gaya", None),  # a pest
    ("aloo 5 quintal, Marhaura, 15 rupaye kilo", "Saran"),  # a block set off on both sides
])
def test_seventh_round_places(text, district):
    assert parse(text).district == district


# Eighth round (blind set M): the rules, on wordings of their own (not the fixture's sentences), with counter-cases
@pytest.mark.parametrize("text, expected", [
    # Maithili/Bajjika "de sakai chhi" (can give), told: an offer
    ("ghee 10 kilo roj de sakai chhi, 600 taka kilo, Dumra", {"intent": "sell", "product": "ghee", "quantity": 10}),
    # a flower's (or crop's) honey: the thing is the last; but "khatwa wala chadar" is khatwa (appliqué) work
    ("sarson phool wala shahad 20 kilo hai 300 rupya kilo", {"product": "honey", "price": 300}),
    ("khatwa wala chadar 10 piece", {"product": "applique"}),
    # the method a thing is made by: "करघा पर बुनल साड़ी" is a saree
    ("करघा पर बुनल साड़ी 20 पीस", {"product": "saree", "quantity": 20}),
    # the "jeera" of fish is fish seed; jeera alone is cumin
    ("machhli ke jeera 20 hajar piece chahiye", {"intent": "buy", "product": "fish_seed", "quantity": 20000}),
    ("jeera 5 kilo chahiye", {"product": "cumin"}),
    # a business named by its trade is the buyer, a crop's season a time: neither is the goods
    ("Achar company ko 5 quintal aam chahiye", {"intent": "buy", "product": "mango", "quantity": 500}),
    ("aam ke season me aam ka achar 20 bottle hai", {"product": "pickle", "quantity": 20}),
    # "ehi ber" (this time) is no jujube; ber with an amount is
    ("ehi ber 5 quintal makhana bhel", {"product": "makhana", "quantity": 500}),
    ("ber 20 kilo 40 rupya kilo", {"product": "ber", "price": 40}),
    # a job title is no want; an English "what is the ... price" asks the rate
    ("Procurement officer here - what is the current makhana price in Darbhanga?",
     {"intent": "price", "product": "makhana", "district": "Darbhanga"}),
    ("we want to purchase 2 quintal makhana", {"intent": "buy", "quantity": 200}),
    # is the market at (or past) this rate? A rate, not a quantity; but a stock and then a rate is a sale
    ("gehun 2400 quintal chal raha hai kya Buxar me", {"intent": "price", "quantity": None, "price": 24}),
    ("sarson 6000 quintal se upar gaya kya?", {"intent": "price", "price": 60}),
    ("kela 40 rupya darjan mil raha hai kya Hajipur me?", {"intent": "price", "product": "banana"}),
    ("kela 40 rupya darjan me mil jayega?", {"intent": "buy"}),
    ("gehun 20 quintal hai 2400 quintal", {"intent": "sell", "quantity": 2000, "price": 24}),
    # a fee with no goods is other; a service wanted for goods keeps the goods
    ("delivery ka kharcha kaun dega?", {"intent": "other"}),
    # an order heading places an order; taking orders is a seller's
    ("Bulk order: 500 kulhad, Rs 3 each", {"intent": "buy", "product": "terracotta", "quantity": 500, "price": 3}),
    ("order le rahe hai: 20 kilo tilkut", {"intent": "sell"}),
    # a hyphened word before the product describes it
    ("300 hand-made rakhi chahiye", {"product": "rakhi", "quantity": 300}),
    # "lagega/lagat" after the goods: will be needed; after a price: what it will cost
    ("shaadi me 50 kilo paneer lagega, Siwan", {"intent": "buy", "quantity": 50}),
    ("paneer 300 rupya kilo lagega", {"intent": "sell", "price": 300}),
    # bare "jute" with a weight or a mandi rate is the fibre; jute goods stay goods
    ("jute 20 quintal hai Purnia", {"product": "raw_jute", "quantity": 2000}),
    ("jute ka bhav kya hai", {"intent": "price", "product": "raw_jute"}),
    ("jute ka saman 50 piece", {"product": "jute_products"}),
    # a than (bolt) of cloth counts pieces; "more than 50" is no unit
    ("silk kapda 20 than hai, 2500 rupya than", {"product": "silk_fabric", "quantity": 20, "price": 2500}),
    ("more than 50 piece chahiye", {"quantity": 50, "unit": "piece"}),
    # a refusal followed by a sale offers; a refused sale does not
    ("makhana sarkari kendra ko nahi dena, bazar me bechna hai, 5 quintal", {"intent": "sell", "quantity": 500}),
    ("makhana nahi bechna, 5 quintal", {"intent": "other"}),
    # a place besides a person's name counts; a loose spelling gives way to a district named exactly
    ("Mera naam Gaya Prasad hai, Nawada se, training chahiye", {"intent": "other", "district": "Nawada"}),
    ("Sales manager here, need 500 kg makhana in Patna", {"intent": "buy", "district": "Patna"}),
    ("shahad 20 kilo hai, koi mixture nahi", {"intent": "sell", "product": "honey"}),
    ("thakurganj ke bagan ka chai patti 50 kilo", {"product": "tea", "district": "Kishanganj"}),
])
def test_eighth_round_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, district", [
    # gaya right after a copula starts a new phrase; before an English verb it is no Hindi "went"
    ("main supplier hu gaya station road pe, makhana 2 quintal hai", "Gaya"),
    ("school kitchen gaya needs 50 kg dal", "Gaya"),
    ("aloo sab bik gaya hai", None), ("paneer kharab ho gaya", None), ("beta college gaya hai", None),
    ("bhaiya bazar gaya is liye der hui", None),
    # a lower-case block between an amount and the price, or after a copula closing a clause
    ("tamatar 3 qtl masaurhi 12/kg", "Patna"),
    ("desi ghee 5 kg hai hisua gaon wala", "Nawada"), ("desi ghee 5 kg hisua gaon wala", None),
    ("aloo 3 qtl purani 12/kg", None),  # an everyday word (old) that is also a block's name
    # a town spelt like a verb's imperative, before a postposition; the verb stays a verb
    ("silao se 20 kilo khaja", "Nalanda"), ("kurta silao, 200 rupya lagega", None),
    # a short town right after a business named with its address
    ("mithai dukan barh me 50 kilo khoa chahiye", "Patna"), ("barh me sab doob gaya", None),
    # a language is no place
    ("bhojpuri me likhe ke chahi?", None),
    # a district's name that is a craft's too, beside a craft: the art; the place named counts
    ("sonepur mela me sikki aur madhubani ka stall lagega", "Saran"),
    ("sikki aur madhubani ka saman 20 piece, Darbhanga se", "Darbhanga"),
])
def test_ninth_round_district_rules(text, district):
    assert parse(text).district == district


@pytest.mark.parametrize("text, product, quantity", [
    # a bare material word names its craft; a form word the catalog has in that material names that form
    ("bans ka pen stand aur lamp banate hai, 25 piece", "bamboo_craft", 25),
    ("bans ki tokri 20 piece", "bamboo_basket", 20), ("bamboo tokri 40 hai", "bamboo_basket", 40),
    ("baans ka chatai 25 piece", "chatai", 25),  # a product of its own: "A ka B" names B
    # "A ke B" with B's count between
    ("लीची के 50 गो पौधा चाहीं", "saplings", 50), ("सिक्की के 10 गो टोकरी बनेलहुँ", "sikki_craft", 10),
    ("tikuli ke 10 go painting hai", "tikuli_art", 10), ("madhubani painting 5 piece hai", "madhubani_painting", 5),
    ("aam ke 2 quintal hai", "mango", 200),
    # spellings: wheat's flour, ornaments
    ("gehun ka ata 20 kilo chahiye", "wheat_flour", 20), ("gehu 20 kilo chahiye", "wheat", 20),
    ("chandi ka gahna 10 piece hai", "jewellery", 10),
    # the product after "for" that a work noun takes is what the goods are for
    ("Need 100 jute bags for potato storage", "bag", 100), ("Need 50 kg mango for pickle making", "mango", 50),
])
def test_ninth_round_product_rules(text, product, quantity):
    got = parse(text).to_json()
    assert (got["product"], got["quantity"]) == (product, quantity)


@pytest.mark.parametrize("text, expected", [
    # a count, then its average weight
    ("desi murga 50 piece, average 1.5 kg, 300 rs kilo", {"product": "chicken", "quantity": 75, "unit": "kg", "price": 300}),
    ("desi murgi 100 hai ausat 1.5 kilo ke", {"quantity": 150, "unit": "kg"}),
    ("murga 2 kilo hai", {"quantity": 2, "unit": "kg"}),  # no average: the weight is the quantity
    # a price right after a sized pack is per that pack
    ("haldi 5 kilo, 200 gram ka packet 40", {"quantity": 5, "price": 200}),
    ("ghee 10 kilo hai, 500 gram ka dabba 350", {"quantity": 10, "price": 700}),
    # a sized container with the size said after the count (टीन = tin)
    ("तीसी तेल 4 टीन है, 15 लीटर वाला", {"quantity": 60, "unit": "litre"}),
    # a figure per unit called the rate is the rate asked about
    ("makai 2100 quintal sahi bhav hai?", {"intent": "price", "quantity": None, "price": 21}),
    ("aloo 5 quintal ka rate kya hai", {"intent": "price", "quantity": None, "price": None}),
])
def test_ninth_round_amount_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # a question about a service (delivery, courier, rent, COD, a fee), with no want or offer of goods, is other
    ("20 kilo makhana patna bhejna hai, courier kaise hoga?", {"intent": "other", "quantity": None}),
    ("गेहूं के 50 बोरा गोदाम में रखना है, भाड़ा कितना लगेगा?", {"intent": "other", "product": None}),
    ("do you charge any fee? we sell about 50 kg ghee every month", {"intent": "other", "quantity": None}),
    ("COD hota hai kya?", {"intent": "other"}),
    ("makhana 20 kilo chahiye, delivery kaise hogi?", {"intent": "buy", "quantity": 20}),  # a want stays a want
    ("makhana bechna hai 5 kilo, delivery kaise hogi?", {"intent": "sell", "quantity": 5}),  # an offer stays
    # a pest or disease and "what should I do" ask for help, whatever the amounts
    ("aalu ke 2 bigha me jhulsa lag gaya, kya karein", {"intent": "other"}),
    ("bakri ke rog lag gail, 5 go ba, ka kari", {"intent": "other", "quantity": None}),
    ("makhana 5 kilo hai, ka kari?", {"intent": "sell", "quantity": 5}),  # no problem named
    # Bhojpuri/Maithili buy words; "हमरा लगे" (I have) is no "to me"
    ("hamra 2 kilo ghee chahiyo", {"intent": "buy", "product": "ghee"}),
    ("tractor lewe ke ba", {"intent": "buy"}),
    ("हमरा लगे 2 गो गाय बा, 80 हजार में दे देब", {"intent": "sell", "product": "cow"}),
    ("mujhe 5 kilo ghee de denge?", {"intent": "buy"}),
    # anyone's want in a clause closed by "then" (त/to) is an offer, even in a first-person message
    ("हमरा लगे 10 गो मुर्गा बा, केहू के लेवे के होखे त फोन करीं", {"intent": "sell", "quantity": 10}),
    ("हमरा 10 गो मुर्गा लेवे के बा", {"intent": "buy", "quantity": 10}),
    # Magahi one-word "is selling" asked: the going rate
    ("patna me aalu 20 rupya kilo bikait hai?", {"intent": "price", "price": 20}),
    ("aalu 20 rupya kilo, 5 quintal hai", {"intent": "sell", "quantity": 500}),
    # an English "rate of X" asked by a habitual buyer is a rate question; a want is a want
    ("What is the rate of potato in Patna mandi? we buy weekly for our canteen", {"intent": "price"}),
    ("rate of onion in Gaya? we need it for canteen", {"intent": "buy"}),
    # a loan with its sum between it and chahiye wants no goods
    ("kcc loan 50 hajar ka chahiye", {"intent": "other"}), ("50 hajar ka makhana chahiye", {"intent": "buy"}),
    # "no stones" praises grain; a time limit after "within" is no price
    ("chawal 10 quintal chahiye, no stones", {"intent": "buy", "quantity": 1000}),
    ("need 2 quintal arhar dal, payment within 15 days", {"intent": "buy", "price": None}),
    ("rice chahiye 2 quintal, budget within 40 rs kilo", {"intent": "buy", "price": 40}),
    # vocabulary: कैंसिल, GST, अनुदान; a three-letter word is too short to be a misspelt product
    ("50 दीया का ऑर्डर कैंसिल कर दो", {"intent": "other"}), ("GST number lena hai kya", {"intent": "other"}),
    ("बकरी पालन पर अनुदान मिलता है क्या?", {"intent": "other"}),
    ("keechua khad kaise banai, 5 bed ba", {"intent": "other", "quantity": None}),
])
def test_ninth_round_intent_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # a scheme, a free supply or a GI tag asked about is no trade, whatever goods it names; an offer stays an offer
    ("bakri palan ke liye anudan kitna milega? Nawada", {"intent": "other", "product": None, "district": "Nawada"}),
    ("mushroom ke liye sarkar se thaila free milta hai kya", {"intent": "other", "product": None}),
    ("madhubani painting ko GI tag kab mila tha?", {"intent": "other", "product": None}),
    ("makhana 20 kilo hai, free delivery patna me", {"intent": "sell", "quantity": 20}),
    ("yojana se mili 2 gaay bechna hai, kitna milega?", {"intent": "sell", "product": "cow"}),
    # an animal off its feed is a care question; "chara nahi hai" (no fodder) stays a reason to sell
    ("hamar gaay do din se kuch nahi kha rahi", {"intent": "other", "product": None}),
    ("chara nahi hai, 2 bakri bechna hai", {"intent": "sell", "quantity": 2}),
    # Maithili/Angika "ki karu" (what should I do) with a disease; no disease named: still an offer
    ("bachhi ke dast ho gel ki karu", {"intent": "other", "product": None}),
    ("makhana 10 kilo achhi, ki karu?", {"intent": "sell", "quantity": 10}),
    # a wrong delivery is a complaint; the bot is no goods
    ("kal wala 5 kilo aata galat aaya", {"intent": "other", "quantity": None}),
    ("kya ye bot Maithili samajhta hai?", {"intent": "other"}),
    # a buyer's refusal ("the mill is not taking it") is why the writer sells, not a refusal to trade
    ("dhan 30 quintal hai, mill wala nahi le raha, koi lega?", {"intent": "sell", "quantity": 3000}),
    ("dhan nahi lena", {"intent": "other"}),
    # Bengali/Surjapuri lagbe (is needed), formal आवश्यकता, English "must not exceed"
    ("aloo lagbe 5 quintal", {"intent": "buy", "quantity": 500}),
    ("छात्रावास हेतु 50 किलो दाल की आवश्यकता है", {"intent": "buy", "quantity": 50}),
    ("we need 40 kg honey, price must not exceed Rs 450/kg", {"intent": "buy", "price": 450}),
    # Angika "hamra sinh" (with me) is no "to me": de debai offers
    ("hamra sinh 20 kilo makhana chhai, de debai", {"intent": "sell", "quantity": 20}),
    # "kitna hai aaj" asks today's rate; "kitna hai aapke paas" asks an amount
    ("kela ka darjan kitna hai aaj", {"intent": "price", "product": "banana"}),
    # the market's rate offered ("rate mandi wala") asks nothing
    ("gehu 10 quintal, rate mandi wala", {"intent": "sell", "quantity": 1000}),
    ("gehu ka rate mandi wala kya hai?", {"intent": "price"}),
    # two rates joined by "or" in a question: which rate, asked, none said
    ("aalu ka bhav 12 hai ya 14 patna me?", {"intent": "price", "price": None, "quantity": None}),
    ("aalu 12 ya 14 rupaye kilo, 5 quintal hai", {"intent": "sell", "quantity": 500}),
    # goods named between "office ke liye" and chahiye are wanted; papers for a loan are not goods
    ("office ke liye 20 kilo makhana chahiye", {"intent": "buy", "quantity": 20}),
    ("loan ke liye kya kagaj chahiye", {"intent": "other"}),
])
def test_tenth_round_intent_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, district", [
    ("aloo hai 5 quintal, muzaffar pur", "Muzaffarpur"),  # a district's name typed in two pieces
    ("makhana 10 kilo kishan ganj se", "Kishanganj"),
    ("litchi chahiye sitamadhi me", "Sitamarhi"),  # dh for the ढ़ the Roman name writes rh
    ("madhu 5 kilo hai", None),  # no piece names a place
    ("kathal 2 quintal hai chakia me", "Purbi Champaran"),  # an LGD name's alternative in brackets: CHAKIA (PIPRA)
    ("gehu 10 quintal, triveniganj", "Supaul"), ("aloo chahiye, farbisganj", "Araria"),
    ("sarso 2 quintal, narkatiyaganj", "Pashchim Champaran"), ("मसूर २ क्विंटल है, मोहनिया", "Kaimur"),
    ("ham naugachhia sinh chhiye, makhana 10 kilo", "Bhagalpur"),  # Angika sinh = from
    ("tilkut 10 kilo, station road gaya,", "Gaya"),  # a street, then its town
    ("wo bazar gaya hai", None), ("bhaiya chowk gaya tha", None),  # went to the market / the square
    ("Vaishali didi se baat karni hai", None),  # a given name before a term of address
    ("vaishali ki didi log ka achar 20 kilo", "Vaishali"), ("Gaya ji me tilkut 20 kilo", "Gaya"),
])
def test_tenth_round_district_rules(text, district):
    assert parse(text).to_json()["district"] == district


@pytest.mark.parametrize("text, expected", [
    # a count, wala/ka, a container, then a price: for goods sold by the piece, the price of that many pieces
    ("anda 600 piece hai, 30 wala tray 180 rupya", {"quantity": 600, "price": 6}),
    ("pattal 3000 piece hai, 50 ka bundle 40 rupya, banka", {"quantity": 3000, "price": 0.8}),
    ("candle 500 piece, 10 wala packet 50 rupaye", {"quantity": 500, "price": 5}),
    ("anda 300 piece, 210 rupya tray", {"quantity": 300, "price": 7}),  # a tray holds 30: as before
    # a size, ka/wala, its container, then a price: per that pack
    ("sarso tel 50 litre hai, 15 litre ka tin 2400 me", {"quantity": 50, "unit": "litre", "price": 160}),
    ("makhana 10 kilo, 250 gram wala packet 200 rupya", {"quantity": 10, "price": 800}),
    # "one <container>" priced, of packs whose size is known: per that pack
    ("achar 1 kilo wala 30 jar hai, ek jar 200 rupya", {"quantity": 30, "unit": "kg", "price": 200}),
    ("ghee 500 gram ka 20 dibba, ek dibba 400 rupaye", {"quantity": 10, "unit": "kg", "price": 800}),
    ("honey 40 bottle hai, 250 rupaye bottle", {"quantity": 40, "unit": "piece", "price": 250}),  # no size: per piece
    # a price for a hundred or a thousand pieces
    ("jhadu 500 piece, ek sau ka 2500", {"quantity": 500, "price": 25}),
    ("machhli ka bachcha 1 lakh hai, 250 rupaye hazar", {"product": "fish_seed", "quantity": 100000, "price": 0.25}),
    ("gaay 1 hai, 50 hazar rupaye", {"quantity": 1, "price": 50000}),  # thousands as a multiplier stay money
    # Surjapuri/Bengali mon is a maund, after a number only
    ("dhan 10 mon hai kishanganj", {"quantity": 400, "unit": "kg"}),
    ("mon se bechna hai aloo 5 quintal", {"quantity": 500, "unit": "kg"}),
])
def test_tenth_round_amount_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # two words side by side naming one thing are one name ("tussar silk"), so "A ki B" names B
    ("tussar silk ki saree 10 piece hai", {"product": "saree", "quantity": 10}),
    ("tasar silk 20 meter hai", {"product": "silk_fabric"}),
    # a rice variety before paddy names paddy (as before dhan); before chawal, rice
    ("katarni paddy 50 quintal hai", {"product": "paddy", "quantity": 5000}),
    ("katarni chawal 50 kilo hai", {"product": "rice", "quantity": 50}),
    # an animal's feed or rearing before "ke liye" is the purpose, not the goods
    ("machhli dana ke liye 2 quintal makai chahiye", {"product": "maize", "quantity": 200}),
    ("murgi 20 piece chahiye", {"product": "chicken", "quantity": 20}),
    # a product naming a season is not what "for" is wanted for
    ("need 1 quintal gud for the tilkut season", {"product": "jaggery", "quantity": 100}),
    # a catalog name "X ke Y" with the count between ("mitti ke 500 diye"); "500 diye" alone is a verb
    ("chhath ke liye mitti ke 500 diye chahiye", {"product": "terracotta", "quantity": 500}),
    ("maine 500 diye the", {"product": None}),
    # a one-word name typed in two pieces, when no product is named otherwise
    ("sha had 10 kilo hai", {"product": "honey", "quantity": 10}),
    ("aaj khana bana", {"product": None}),
    # "hand-finished" says how goods are made; "stock finished" is sold out
    ("Sikki basket 50 pieces, hand-finished, Rs 200 each", {"intent": "sell", "price": 200}),
    ("stock finished", {"intent": "other"}),
    # "price do" / "rate do" (give the rate; English do) is no number; "do sau" is 200
    ("sarson tel ka price do", {"product": "mustard_oil", "price": None}),
    ("What price do Sikki baskets fetch in Patna?", {"intent": "price", "price": None}),
    ("sarson tel 10 litre, rate do sau rupaye litre", {"quantity": 10, "price": 200}),
])
def test_tenth_round_product_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, district", [
    # a colon closes a heading: a block named before it is the address
    ("Benipur: 20 kilo makhana hai", "Darbhanga"), ("Note: 20 kilo makhana hai", None),
    # Maithili sa (from) is a postposition
    ("Rahika sa 5 kilo machh achhi", "Madhubani"), ("thoda sa makhana chahiye", None),
    # kasba written uninflected before a postposition is the block (the noun would be "kasbe me")
    ("Kasba se 2 quintal dhaan hai", "Purnia"), ("kasbe me makhana milta hai", None),
    ("hamar kasba chhota hai, makhana 5 kilo", None),
    # a town the LGD list spells otherwise (Bausi)
    ("baunsi me 5 quintal chawal hai", "Banka"), ("बौंसी से 2 क्विंटल चावल", "Banka"),
    # a word before block/prakhand that is one district's block names it, not the district it spells loosely
    ("Madhepur prakhand me 10 quintal gehu", "Madhubani"), ("Madhepura me 10 quintal gehu", "Madhepura"),
    # the writer's home, then a contrast and another place: where the goods are
    ("hum Darbhanga se hain lekin maal Samastipur me pada hai, 10 quintal aloo", "Samastipur"),
    ("ghar Patna me hai par makhana Purnia me hai 20 kilo", "Purnia"),
    ("Patna me makhana hai lekin Gaya me kharidar chahiye", "Patna"),  # no home told: the goods' place stays
    # a place in the clause of a delivery word is where the goods are wanted
    ("Muzaffarpur ka hu, Vaishali me delivery chahiye 2 quintal litchi", "Vaishali"),
    ("I live in Gaya, deliver to Nawada please, 50 kg tilkut", "Nawada"),
    ("Patna me delivery free hai, 5 kilo makhana", "Patna"),
])
def test_eleventh_round_district_rules(text, district):
    assert parse(text).to_json()["district"] == district


@pytest.mark.parametrize("text, expected", [
    # bikau (for sale) offers; negated it offers nothing
    ("sarson 2 quintal bikau hai", {"intent": "sell", "quantity": 200}),
    ("aloo bikau nahi hai abhi", {"intent": "other"}),
    # "X ki kharidari karni hai" buys; procurement asked about does not
    ("Bhagalpur me 2 quintal chura ki kharidari karni hai", {"intent": "buy", "quantity": 200}),
    ("sarkari kharidari kab shuru hogi?", {"intent": "other"}),
    # to give an order is to buy; a seller takes orders
    ("hamein order dena hai 200 rakhi ka", {"intent": "buy", "product": "rakhi", "quantity": 200}),
    ("order lete hain 200 rakhi ka, 5 rupaye piece", {"intent": "sell", "price": 5}),
    # a buy verb's infinitive before "ke liye" is a purpose: the loan is wanted, not the animal
    ("Loan chahiye 1 lakh, gaay kharidne ke liye", {"intent": "other", "product": None, "price": None}),
    ("gaay kharidni hai 2", {"intent": "buy", "product": "cow", "quantity": 2}),
    # "mil" before a factory's state is a mill; "kahan milega" still asks for goods
    ("chini mil kab chalu hogi", {"intent": "other"}),
    ("makhana kahan milega patna me", {"intent": "buy"}),
    # "X ka kitna milega?" asks what it fetches (no amounts); "kitne din me" asks a time
    ("10 kilo makhana ka kitna milega?", {"intent": "price", "quantity": None}),
    ("kitne din me milega paisa", {"intent": "other"}),
    # goods told as arrived are a delivery acknowledged, unless more are wanted
    ("dhanyavad, 20 kilo makhana pahunch gaya", {"intent": "other", "product": None, "quantity": None}),
    ("makhana pahunch gaya, aur 20 kilo chahiye", {"intent": "buy", "quantity": 20}),
    # a crop drying or rotting is a problem told, unless it is sold
    ("barish nahi hui, makai sukh rahi hai", {"intent": "other", "product": None}),
    ("10 quintal aloo sad raha hai, jaldi bechna hai", {"intent": "sell", "quantity": 1000}),
    ("sukha makhana 10 kilo hai", {"intent": "sell", "quantity": 10}),
    # a sell word and a price per unit offer goods even when they are not in the catalog
    ("5000 eent bikau hai, 8 rupaye piece", {"intent": "sell", "price": 8}),
    ("3500 rupaya baki hai, kab milega?", {"intent": "other", "price": None}),
])
def test_eleventh_round_intent_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # after the quantity, "N <unit> se zyada/upar nahi" bounds the rate (a ceiling) when N fits the product's rates
    ("makhana 20 kilo chahiye, 800 kilo se upar nahi", {"intent": "buy", "quantity": 20, "price": 800}),
    ("makhana 10 kilo hai, 700 kilo se kam nahi", {"intent": "sell", "quantity": 10, "price": 700}),  # a floor
    # a bound outside the product's rates is no rate (here the unbound negation still reads as a refusal)
    ("makhana chahiye 20 kilo, 5000 kilo se upar nahi", {"price": None}),
])
def test_eleventh_round_ceiling_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # a measure with bhar (-ful) and no number is one of it
    ("kilo bhar chini chahiye", {"product": "sugar", "quantity": 1, "unit": "kg"}),
    ("ghee pav bhar wala dibba 20 piece hai, 150 rupaye dibba", {"quantity": 5, "unit": "kg", "price": 600}),
    ("2 pav bhar", {"quantity": 0.5}),  # a number before it counts as before
    # a size, wala, the container, then the count of such packs
    ("shahad 250 gram wali shishi 40 hai", {"quantity": 10, "unit": "kg"}),
    ("shahad 250 gram wali shishi 40 rupaye", {"quantity": None, "price": 160}),  # a price, not a count (one pack's)
    # a count of packs, then the size of one with wala
    ("sarso tel 10 tin, 15 litre wala", {"quantity": 150, "unit": "litre"}),
    ("sarso tel 10 litre hai, 15 litre wala tin bhi hai", {"quantity": 10}),
    # "N <product> wala <container>": how many are in one pack, priced
    ("20 ande wala tray 140 rupaye, 10 tray hai", {"quantity": 300, "price": 7}),
    ("50 ande hai 6 rupaye piece", {"quantity": 50, "price": 6}),
    # a year is no amount
    ("makhana 10 kilo 2024 me tayyar hua, 700 rupaye kilo", {"quantity": 10, "price": 700}),
    ("gehu ka msp 2023 me kitna tha?", {"price": None}),
    ("makhana 10 kilo, 1150 me dunga", {"quantity": 10, "price": 115}),  # not a year's number: a lump sum
    # "ek hi" (only one) counts the goods
    ("bhains hai, ek hi, 80 hazar", {"product": "buffalo", "quantity": 1, "price": 80000}),
    # after "A ke", for goods counted by the piece, the count is of A's goods though an unknown noun follows
    ("sikki ke 25 pen stand hai, 100 rupaye piece", {"product": "sikki_craft", "quantity": 25}),
    ("aloo ke 10 khet hai", {"product": "potato", "quantity": None}),  # sold by weight: fields are no count
    # a phrase of how goods are made between the count and them
    ("200 haath se bani tokri hai, 50 rupaye piece", {"quantity": 200, "price": 50}),
])
def test_eleventh_round_amount_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # a dairy product + wala after an animal is its yield, not the goods
    ("2 gaay hai 8 litre doodh wali, 50 hazar ek", {"product": "cow", "quantity": 2, "price": 50000}),
    ("gaay ka doodh 8 litre hai", {"product": "milk", "quantity": 8}),
    # bija (seed): of fish, fish seed; of a crop, seed
    ("machhli ka bija 1 lakh hai, 50 paisa piece", {"product": "fish_seed", "quantity": 100000, "price": 0.5}),
    ("dhan ka bija 10 kilo chahiye", {"product": "seeds", "quantity": 10}),
    # a form word (chadar, thaila, jhola) after a craft or material names that craft; after another form word, itself
    ("sujni ki chadar 5 piece 2000 rupaye ek", {"product": "sujni", "price": 2000}),
    ("khadi ki chadar 10 piece hai", {"product": "handloom"}),
    ("jute ke jhole 100 piece", {"product": "jute_products", "quantity": 100}),
    ("kapde ka jhola 200 piece hai, 30 rupaye piece", {"product": "bag", "quantity": 200}),
    # gulab jamun is a sweet, no rose and no jamun; each alone is its product
    ("gulab jamun 5 kilo chahiye", {"product": None}),
    ("gulab 10 kilo hai", {"product": "flowers"}), ("jamun 20 kilo hai", {"product": "jamun"}),
    # catalog: cashew and soybean
    ("kaju 5 kilo chahiye", {"product": "cashew", "quantity": 5}),
    ("soyabean 2 quintal hai, 4200 quintal", {"product": "soybean", "quantity": 200, "price": 42}),
    ("main soya tha, makhana 10 kilo hai", {"product": "makhana"}),  # soya (slept) alone is no soybean
    # one who sells (bechne wali) asked for: the writer buys
    ("koi bechne wala ho to batao, 10 kilo shahad chahiye", {"intent": "buy", "quantity": 10}),
    ("hum bechne wale hain, 10 kilo shahad hai, chahiye to batao", {"intent": "sell"}),
])
def test_eleventh_round_product_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # catalog: fodder (bhusa)
    ("gehu ka bhusa 10 quintal hai", {"product": "fodder", "quantity": 1000}),
    # a negated clause closed by isliye (therefore): what follows counts, the lack is why she sells
    ("ghar me bhusa nahi hai isliye 2 bakri bechni hai", {"intent": "sell", "product": "goat", "quantity": 2}),
    ("aam nahi hua isliye 2 quintal kathal bechna hai", {"product": "jackfruit", "quantity": 200}),
    ("bhusa nahi hai", {"intent": "other"}),
])
def test_eleventh_round_fodder_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # twelfth round (blind set T): a place followed by "tak" is how far the goods go; the other place is theirs
    ("makhana 2 quintal hai, maal mahnar me hai, patna tak pahucha denge", {"district": "Vaishali"}),
    ("patna tak pahucha denge 2 quintal aloo", {"district": "Patna"}),  # no other place: the one named stays
    ("Gaya se Patna tak bhej denge 5 quintal chawal", {"district": "Gaya"}),
    # Obra (a block of Aurangabad, famous for its durries) is read in lower case where a place stands
    ("obra ka dari 10 piece hai", {"product": "durrie", "district": "Aurangabad"}),
    ("obra me 10 dari hai", {"district": "Aurangabad"}),
    # "gay" (गाय) is a weak name of the cow: only in a message about trade
    ("2 go gay chahi dudh wala", {"intent": "buy", "product": "cow", "quantity": 2}),
    ("2 gay bechni hai 40 hazar", {"product": "cow", "price": 40000}),
    ("wo chale gay, makhana 5 kilo chahiye", {"product": "makhana"}),
    # work or an account wanted is no purchase; a craft's work (khatwa ka kaam) is goods
    ("mujhe kaam chahiye silai ka", {"intent": "other"}),
    ("samooh ka hisab chahiye", {"intent": "other"}),
    ("khatwa ka kaam chahiye 10 piece", {"intent": "buy", "product": "applique", "quantity": 10}),
    ("ande ka rate kya hai darjan ke hisab se", {"intent": "price", "product": "eggs"}),
    # a non-trade word after the buy word that begins a purpose ("... ke liye") names what the goods are for
    ("hume 20 jhadu chahiye office ki safai ke liye", {"intent": "buy", "product": "broom", "quantity": 20}),
    ("payment chahiye jaldi", {"intent": "other"}),
])
def test_twelfth_round_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # thirteenth round (blind set V): goods for a kitchen, shop or institution are what it buys
    ("Dhaba ke liye 30 kg chicken har hafte, 160/kg tak", {"intent": "buy", "quantity": 30, "price": 160}),
    ("Canteen PMCH: daily 50 litre dahi", {"intent": "buy"}),
    ("hotel ke liye 20 kilo paneer hai", {"intent": "sell"}),  # she has it for hotels
    ("hotel ke liye 20 kilo paneer de sakte hain", {"intent": "sell"}),
    # tenders and orders placed buy; "please arrange" buys
    ("Tender: supply of 5 quintal chawal to KGBV school", {"intent": "buy", "quantity": 500}),
    ("order kar rahe hai 20 kilo thekua", {"intent": "buy"}),
    ("order pe banate hai 50 thekua", {"intent": "sell"}),
    ("Pls arrange 100 kg paneer for a party", {"intent": "buy", "quantity": 100}),
    # a sell verb's infinitive before "ke liye" is a purpose
    ("dukaan me bechne ke liye 50 packet papad chahiye", {"intent": "buy"}),
    # a hired vehicle wanted is a transport need; a tractor bought is goods
    ("truck chahiye 10 quintal aalu Patna le jaane ke liye, Nalanda se", {"intent": "other", "product": None,
                                                                          "district": "Nalanda"}),
    ("purana tractor lena hai", {"intent": "buy"}),
    # a disease or dead animals told is a care problem; a rejected sample a complaint
    ("bakri me bimari aa gayi, 5 bakri mar gayi", {"intent": "other", "product": None, "quantity": None}),
    ("buyer ne makhana ka sample reject kar diya", {"intent": "other", "product": None}),
    # "no 3" is a number (a label), no negation and no amount
    ("Hostel warden: 2 quintal atta per week, Hostel no 3", {"intent": "buy", "quantity": 200, "price": None}),
    # a bare number in a going-rate question is the rate; "kya chal raha" with a product asks it
    ("rohu 220 chal raha hai kya?", {"intent": "price", "quantity": None, "price": 220}),
    ("गेहूं 2400 चल रहा है क्या?", {"intent": "price", "price": 24}),
    ("mandi me kya chal raha hai gehun ka?", {"intent": "price", "product": "wheat"}),
    ("kya chal raha hai didi", {"intent": "other"}),
    # a budget in lakhs is a sum for all of it; a price per sized packet written without "ka"
    ("need 2 tonne makhana, budget 14 lakh", {"quantity": 2000, "price": 700}),
    ("Papad 25 kg hai, 100 gram packet 20 rupaye", {"quantity": 25, "price": 200}),
    # an amount ready, then the price wanted ("se upar chahiye", "ka bhav chahiye"), sells
    ("moongfali 3 quintal hai, 6500 se upar chahiye quintal", {"intent": "sell", "price": 65}),
    ("40 quintal makka taiyar hai, 2150 quintal ka bhav chahiye", {"intent": "sell", "quantity": 4000}),
    # English "A for B": B is what A is for; a grain's flour (X ka aata) is the grain
    ("Want 20 kg amla for murabba", {"product": "amla", "quantity": 20}),
    ("need 500 bags for makhana packing", {"product": "bag"}),
    ("madua ka aata 1 quintal hai", {"product": "finger_millet", "quantity": 100}),
    ("gehun ka aata 10 kilo", {"product": "wheat_flour"}),
    # a place before "pahunchana" is where the goods go, and a cue for the town
    ("Order: 12 darjan kela, kal subah Fatuha pahunchana hai", {"intent": "buy", "district": "Patna"}),
])
def test_thirteenth_round_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected


def test_no_parser_module_binds_a_name_twice():
    """A second module-level binding silently changes the first's readers (an English `_WHAT` was once replaced by the
    Hindi one); a binding built from its own earlier value (FILLER = FILLER | DIALECT) is an extension, not a clash."""
    import ast
    for path in (Path(__file__).parent.parent / "bot" / "parser").glob("*.py"):
        seen: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names = [node.name]
            for name in names:
                reads_itself = any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.value)) \
                    if isinstance(node, ast.Assign) else False
                assert name not in seen or reads_itself, f"{path.name}: {name} bound twice"
                seen.add(name)


@pytest.mark.parametrize("text, expected", [
    # thirteenth round, amounts: a count, a word of quality, then the animal
    ("Mujhe ek achhi bakri chahiye, 5000 tak", {"quantity": 1, "price": 5000}),
    ("do dudharu gaay chahiye", {"product": "cow", "quantity": 2}),
    # "N unit" after "aur" before a word naming other goods is their amount, not a price
    ("1 quintal chawal aur 20 kilo dal chahiye", {"quantity": 100, "price": None}),
    ("5 quintal aloo 20 kilo", {"quantity": 500, "price": 20}),  # a rate per kilo, as before
    # bags sized in brackets hold the goods; a pot sized, then a count of pots
    ("buy 100 bags (50 kg) wheat, rate 2350/qtl", {"product": "wheat", "quantity": 5000, "price": 23.5}),
    ("500 bags chahiye", {"product": "bag", "quantity": 500}),
    ("Dahi 10 kilo ke matka me, 3 matka ready, 1200 rupaye matka", {"product": "curd", "quantity": 30, "price": 120}),
    ("10 matka chahiye", {"product": "terracotta", "quantity": 10}),
])
def test_thirteenth_round_amount_rules(text, expected):
    got = parse(text).to_json()
    assert {k: got[k] for k in expected} == expected
