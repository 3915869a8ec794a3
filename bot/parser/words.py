"""Closed-class vocabulary the parser recognises: currency, price cues, intent cues, filler words.

All entries are in the normalised form produced by ``normalize.fold`` (lower case, no nukta).
"""
from __future__ import annotations

from bot.parser.normalize import fold


def _words(text: str) -> frozenset[str]:
    """Whitespace-separated words as a set, in the folded form tokens have (nukta dropped)."""
    return frozenset(fold(w) for w in text.split())


CURRENCY = _words("""
rs rupees rupee rupaye rupay rupaya rupaiya rupya rupye rupiya rupiye rupey rupai ruppe rupe rupees
rupaiye rupaiyaa rupiyaa rupia rupies ruppees ruppes rupess rps
inr ₹ r रुपये रुपए रुपया रुपय रुपैया रुपइया रु रू रुपयों रूपया रूपये रूपए रूपय रूपैया रुपिया रूपिया
taka taaka tka टका टाका
""")
# words before a number that make it a price: "rate 40", "budget 700", "max Rs 16", "@750"
PRICE_LEAD = _words("""
@ rate rates price prices bhav bhaw bhao bhaav bhau daam dam keemat kimat qeemat budget max maximum upto
under within below at mrp cost रेट भाव दाम कीमत बजट अधिकतम
""")
# words after a price number that close it as a buyer's ceiling or a per-item price
PRICE_TAIL = _words("tak तक each only matra मात्र /-")
PER = _words("per prati pr / har ka ke ki a का के की प्रति हर")
ONE_ITEM = _words("ek 1 एक each piece pc pcs nag नग पीस item")
BUDGET = _words("budget बजट")  # a price a buyer can spend
# "X se kam", "X se zyada nahi" after a price number
SE = _words("se से")
CEILING_AFTER_SE = _words("kam kum jyada zyada jada adhik upar neeche कम ज्यादा अधिक ऊपर")
LESS = _words("kam kum neeche कम नीचे")  # "700 se kam nahi (lenge)": not less than, a seller's floor

BUY = _words("""
chahiye chahie chaiye chahiya chaahiye chahye chayie chiye chahiyea chaiyee chahiyee chaheye cahiye
need needed needs want wanted wants require required requirement requirements requirment requirments buy buying purchase purchasing
kharidna kharidni kharidenge kharidega kharidegi khareedna kharidne kharid kharido
lena leni lenge lunga lungi mangta mangwana mangwani wtb looking seeking chahta chahti chahte
reqd req reqrd rqd reqt wtd rfq rfqs sourcing procure procuring procurement indent indenting requires
chaahi chahi chahin chaahin chahee chaahee chahiyo chahiyau chaahiyo lewe leve chahiyai chahiyai chaahiyai
kinab kinal kinna kinni kinbai kinab kinaab kine kinni किनब किने kiniyai kinai
zarurat zaroorat jarurat jaroorat zarurt jarurt zaruri jaruri जरूरत जरुरत जरूरी
चाहिए चाहिये चहिए चाहिऐ खरीदना खरीदनी खरीदेंगे खरीदेगा खरीदने लेना लेनी लेंगे मंगवाना चाही चाहीं चाहिं चाहि चाहियो लेवे चाहियै
lagbe lagbo लागबे aavashyakta avashyakta aawashyakta awashyakta आवश्यकता आवश्यक्ता
""")
SELL = _words("""
bechna bechni bechne bechenge bechega bechegi bech bechte bechti bechana bechunga bechungi bechane
bikau bikaau bikaoo बिकाऊ
sell selling sale available availabe avlbl avl uplabdh upalabdh stock taiyar tayyar ready bechu bechun beche bechen
bechein bechab bechbai bechabu bechaib bechem बेचूं बेचें बेचे बेचब
बेचना बेचनी बेचने बेचेंगे बेच बेचेगी बेचूंगी उपलब्ध तैयार स्टॉक
""")
# explicit purchase words: with these, a sell word does not turn the message into a sale
PURCHASE = _words("kinab kinal kinna kinni kinbai kinaab किनब rfq rfqs procure procuring procurement sourcing indent buy buying purchase purchasing kharidna kharidni kharidenge kharidega kharidegi khareedna kharidne kharid kharido lena leni lenge खरीदना खरीदनी खरीदेंगे खरीदेगा खरीदने लेना लेनी लेंगे")
# verbs of selling: "want to sell", "bechna chahti hu" are sales even with a want/need word
SELL_VERB = _words("bechna bechni bechne bechenge bechega bechegi bech bechte bechti bechana bechunga bechungi bechane bechu bechun beche bechen bechein bechab bechbai bechabu bechaib bechem bechiba bechibo bechbo sell selling sale बेचब बेचिबा बेचबो बेचना बेचनी बेचने बेचेंगे बेच बेचेगी बेचूंगी बेचूं बेचें बेचे")
# "PO for 250 kg masoor dal": a purchase order ("PO" alone is also "post office" in an address)
# and English polite requests: "We'd like 100 litres", "I would like", "interested in buying"
PURCHASE_ORDER = (("po", "for"), ("purchase", "order"), ("would", "like"), ("we'd", "like"), ("i'd", "like"),
                  ("wd", "like"), ("interested", "in"), ("in", "need"), ("we", "are", "looking"),
                  ("can", "i", "get"), ("can", "we", "get"), ("where", "can", "i"), ("where", "can", "we"))
# "X ka/ke 10 quintal": a lump sum for the whole quantity
TOTAL_LINK = _words("ka ke ki का के की")
# "kharidar chahiye" = I need a buyer (a sale); "supplier chahiye" = I need a seller (a purchase)
BUYER_NOUN = _words("kharidar kharidaar khariddar buyer buyers grahak customer customers vyapari byapari खरीदार ग्राहक व्यापारी")
# "Looking for exporters": buyers sought (as a subject, "Exporters req." buy)
BUYERS_SOUGHT = BUYER_NOUN | _words("exporter exporters importer importers wholesaler wholesalers retailer retailers traders")
SELLER_NOUN = _words("seller sellers supplier suppliers vikreta vendor vendors विक्रेता सप्लायर")
OWN = _words("""mere mera meri hamare hamara hamari humare humara hum ham apne main mai hamra hamar humra hamro hamni
hamre humre hamaar hamar हमरे मेरे मेरा हमारे हमारा हम अपने मैं हमरा हमर हमनी""")
YOUR = _words("aapke apke tumhare tumhara tere aapka apka tohra tohar tohre tohara rauaa raua आपके तुम्हारे आपका तोहरा तोहर")
PAAS = _words("paas pas पास lagi lage लगी लगे sinh sinhe bhir bhiri भिर भिरी")  # Bhojpuri/Maithili "hamra lagi", Angika "hamra sinh" = mere paas
# "give me / send me": a request, so a purchase ("100 ande dedo", "paneer bhej dijiye")
GIVE_ME = _words("dedo dedijiye dijiye dijie dijiyega bhejo bhejiye bhijwa bhijwaiye bhijwa send दीजिए दीजिये भेजो भेजिए दे")
# "gaadi aap bhejiye": a vehicle sent to fetch the goods (the seller's "come and collect")
VEHICLE = _words("gaadi gadi gari gaari truck tempo pickup tractor vehicle गाड़ी गाडी ट्रक टेम्पो पिकअप ट्रैक्टर")
GIVE_LAST = _words("do दो")  # "ande do" when it ends the message and is not a number
# "kahan milega", "kab milegi": someone looking for the product
WHERE = _words("kahan kaha kahaan where कहां कहाँ")
WHEN = _words("kab when कब")
GET = _words("milega milegi milenge milta milti milegaa mil milbe milat मिलेगा मिलेगी मिलेंगे मिलता मिलती")
HAVE = _words("have has got")
PRICE_ASK = _words("""
bhav bhaw bhao bhaav bhau rate rates ret daam dam keemat kimat qeemat price prices kitna kitne kitni
mandi भाव रेट दाम कीमत कितना कितने कितनी मंडी katek kateka कतेक कतेका msp एमएसपी
ketna ketne ketni केतना केतने केतनी
""")
NEGATION = _words("nahi nahin nhi nahee nai nehi not dont don't no mat नहीं नही नहि मत")
# a message about something other than a new listing: cancel, sold out, menus, greetings
COMMAND = _words("""
cancel cancle delete hatao hata hatana remove band stop menu help madad status start register registration
profile language bhasha edit badlo change sold bik bika biki bikh khatam khtm finish finished
कैंसिल कैंसल कैन्सल रद्द हटाओ हटाना बंद मेनू मदद बिक बिका बिकी खत्म
""")
# filler: never a product, never an unknown product word
FILLER = _words("""
bazar bazaar bajar baazar bazzar haat hatiya market बाजार हाट hindi english angrezi bhasha bot हिंदी final fainal fix fixed pakka lagbhag
hai he h hain hei ho hoga hogi hona tha thi the hua hui hue hu hun hoon hoo ha haan han ji jee
ka ke ki ko se me mein mai men mei par pe tak aur or ya bhi to hi na ne wala wali wale vala
kya kyu kyun kab kaise kaisa kaun kon koi kuch kitna jo jab tab ab abhi aaj kal parso subah sham raat din roj roz
mujhe mujhko humko hamko hume hamein hum ham main mai mera meri mere hamara hamari hamare apna apni apne aap
aapka aapki aapke tum tumhara unka unki uska uski iska iski yeh ye wo woh vo is us in un
de do dena dedo diya dijiye dije lo le liya lijiye karo kare karna karni karenge kar kiya ki karke kariye
bata batao bataye bataiye btao batayen bataen batana bhejo bhej bhejna bhejiye dikhao dekho dekhna
sirf bas bahut bohot jyada zyada kam thoda bada bade badi chhota chhote chhoti achha accha acha badhiya sahi theek thik ok okay okk haa
naya nayi purana fresh taza taaza tazaa quality quantity qty wt weight maal mal saman samaan
ghar gaon gao village block district zila jila jilla panchayat shg vo clf group samuh didi bhaiya bhai sir madam
namaste namaskar pranam ram radhe jai hello hi hii hey helo hlo good morning evening night thanks thank
thankyou dhanyavad shukriya please pls plz kripya jaldi urgent turant
hardik shubhkamna shubhkamnayen shubhkamnayein shubhkamnaye badhai bdhai
raha rahi rahe rha rhi hoga milega milegi mila mili milta kaam baat log bolo bola boli suno sun samajh pata
malum barish baarish pani mausam khana khaya daily weekly monthly har looking seeking have has want need got
kitna kitne kitni chahta chahti chahte sakte sakti sakta chalega chalegi wala
baje baja bajkar aaunga aaungi aayenge aaenge jaunga jaungi jayenge jaenge chalo chalenge ghante minute
the a an is am are was were be been to of for in on at by with from and or not this that these those
i we you he she it they my our your me us have has had do does did will would can could shall should
today tomorrow now new old per each only also any some all more less very much many
listing listings list order orders delivery deliver transport gadi gaadi truck pickup payment paisa paise
aayega aayegi aaya aayi aaye aa aao gaya gayi gaye gya chala chali
rate bhav price details detail info information photo pic image number mobile phone call
hamare mere yahan wahan idhar udhar paas pas saath sath lekin magar kyunki agar
है हैं था थी थे हो होगा हूं हूँ का के की को से में मे पर तक और या भी तो ही ना ने वाला वाली वाले
क्या कब कैसे कौन कोई कुछ अब अभी आज कल रोज रोज़ मुझे मुझको हमें हम मैं मेरा मेरी मेरे हमारा हमारी हमारे
अपना अपनी अपने आप आपका आपकी आपके यह ये वो वह इस उस दो दे दें देना दीजिए लो ले लेना करो करना करें कर
बताओ बताइए बताएं बताये भेजो देखो सिर्फ बस बहुत ज्यादा कम थोड़ा अच्छा ठीक नया ताजा माल सामान
घर गांव गाँव प्रखंड जिला पंचायत दीदी भैया नमस्ते नमस्कार प्रणाम राम जय धन्यवाद कृपया जल्दी
हार्दिक शुभकामना शुभकामनाएं बधाई
""")
# lump sums: "35000 me" (for 35000, all of it), "2500 total", "kul 7500"
LUMP_AFTER = _words("me mein men mai mei में मे")
TOTAL = _words("""total totl ttl kul lumpsum altogether milake milakar milaake milaakar milkar sabka sabko
कुल टोटल मिलाकर मिलाके""")
# a bare number right before one of these counts days, dates, people or grades, not goods or rupees
NOT_AMOUNT_NEXT = _words("""
st nd rd th din dino dinon day days date tarikh tareekh baje baja bajkar am pm hour hours ghanta ghante
minute minutes mahina mahine month months saal sal varsh year years hafta hafte week weeks
jan january janvari janwari feb february farvari farwari march april aprail may june jun july jul
august aug agast sept september sitambar oct october aktubar nov november navambar dec december disambar
suta sutta log logo logon didi didiyan didiyon sadasya member members samuh group groups bigha katha kattha dhur
students student chhatra chhatrayen छात्र
shg shgs vo vos clf clfs mahila mahilayen mahilaen women families parivar
acre acres ekad decimal percent pratishat % mm cm inch inches
दिन तारीख बजे घंटे महीना महीने साल हफ्ते जनवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर
सूता लोग दीदी सदस्य समूह बीघा कट्ठा एकड़ प्रतिशत
""")
# before a bare number: it is a date, a count or a label ("date 15", "by 15", "Hostel no 3", "ward 5")
NOT_AMOUNT_BEFORE = _words("date tarikh tareekh by on dinank तारीख दिनांक no room ward plot flat gate platform")
# "not more than 20", "no more than Rs 20", "less than 20": a buyer's ceiling written before the price
CEILING_BEFORE = (("not", "more", "than"), ("no", "more", "than"), ("not", "above"), ("not", "over"),
                  ("not", "exceeding"), ("less", "than"), ("not", "beyond"), ("not", "exceed"))
# a product word followed by one of these is a person's name: "madhu didi", "kela devi"
NAME_SUFFIX = _words("didi di devi kumari bahan behen bahen ji jee दीदी देवी कुमारी बहन जी")
# phrases where a product word is an ordinary word: "aam taur par" = usually, "aam log" = ordinary people
NOT_PRODUCT = (("aam", "taur"), ("aam", "tor"), ("aam", "taaur"), ("aam", "log"), ("aam", "aadmi"),
               ("aam", "janta"), ("aam", "baat"), ("आम", "तौर"), ("आम", "लोग"), ("आम", "आदमी"), ("आम", "जनता"),
               # "gram" = village: gram panchayat / sabha / pradhan / sevak (gram sevak = village-level worker)
               ("gram", "panchayat"), ("gram", "panchayath"), ("gram", "sabha"), ("gram", "pradhan"),
               ("gram", "sevak"), ("gram", "sewak"), ("gram", "kachahari"), ("gram", "kachahri"), ("gram", "vikas"),
               ("gram", "post"), ("gram", "sangathan"), ("gram", "sangthan"), ("gram", "sanghatan"))
# dishes named by two catalog words, neither of which is the goods: "gulab jamun" is a sweet, no rose and no jamun
DISH = frozenset({("gulab", "jamun"), ("gulaab", "jamun"), ("gulab", "jamoon"), ("gulab", "jaamun"), ("गुलाब", "जामुन")})
# Maithili/Bhojpuri "ber" = time (also the jujube): after one of these it is "this/that/every time" ("एहि बेर")
TIME_BER = _words("ber बेर")
BEFORE_TIME = _words("""is iss e ee ehi ahi ai abki abkii ek har pahil pahila pahli dosar dusar dusra agila agla pichhla
pichhila kai kaiyo इस ई एहि अहि अबकी एक हर पहिल पहिला पहली दोसर दूसर दूसरा अगिला अगला पिछला कई""")
# a business named by what it sells or makes: "Pickle brand", "Tea stall chain", "sweet shop" (not the goods bought)
BUSINESS = _words("""brand brands stall stalls chain manufacturer manufacturers maker makers processor processors exporter
exporters wholesaler wholesalers restaurant restaurants dhaba bakery ब्रांड स्टॉल""")
# things that are not goods: with these a message is chatter about money, events or losses, not a listing
NON_TRADE = _words("""
loan lon karz karza karj karja rin payment pemant bhugtan salary vetan training trening meeting miting
upi jankari jaankari janakari paisa paise paisaa bakaya scheme yojana bima insurance pension
kharab kharaab kharap barbad barbaad nuksan nuksaan nukshan damage damaged rotten replacement refund complain complaint
shikayat शिकायत
office offis daftar karyalay
form card kcc aavedan avedan application portal website baithak baithki sabha
फॉर्म फोर्म कार्ड आवेदन पोर्टल वेबसाइट बैठक
naukri naukari job rojgar commission kamishan kameeshan stall prashikshan paid unpaid pay
recommend review feedback tarif tareef mausam barish baarish barsaat barsat
नौकरी रोजगार कमीशन स्टॉल प्रशिक्षण तारीफ मौसम बारिश
kho khoyi khoye khogaya chori churaya wapas wapis vapas vapis shikayat complaint refund dhokha fraud
खराब बर्बाद नुकसान ऑफिस दफ्तर कार्यालय लोन कर्ज ऋण पेमेंट भुगतान ट्रेनिंग मीटिंग योजना बीमा खो चोरी जानकारी पैसा पैसे वापस शिकायत धोखा
khata khaata khulwana khulwane khulwawe khulwaye khulwaya kholwana passbook खाता खुलवाना खुलवाने पासबुक
kyc document dastavej dastavez bill receipt rasid raseed invoice दस्तावेज रसीद बिल
report dpr रिपोर्ट
gst tax taxes जीएसटी टैक्स
galat galti गलत गलती bot chatbot app ऐप
reject rejected rijekt रिजेक्ट
""")
# what a service costs ("delivery charge kitna lagega"): a question about a fee, not a product's rate
SERVICE_COST = _words("""delivery deliver transport transportation bhada bhaada kiraya kiraaya shipping courier dhulai
charge charges fee fees kharcha kharch cod डिलीवरी ट्रांसपोर्ट भाड़ा भाडा किराया ढुलाई चार्ज खर्चा खर्च""")
# contact details: "office ka number chahiye" wants no goods; "phone no 98..." is no negation
CONTACT = _words("phone fone ph mob mobile contact helpline address whatsapp wa number numbr nambar फोन मोबाइल नंबर नम्बर")
# talking, not trading: "makhana wali didi se baat karni hai" (with no amount)
TALK = _words("baat baatchit call sampark milna milni mulakat बात संपर्क मिलना मुलाकात")
# "do kilo aaloo dena", "10 kg shahad bhej sakte ho?": asking to be given or sent
GIVE_VERB = _words("de dena dijiye dijiyega bhej bhejna bhejiye bhejo bhijwa दे देना दीजिए भेज भेजना भेजिए भेजो")
# "koi 50 kilo chura de sake?": can anyone give (a purchase)
CAN = _words("sake sakta sakti sakte saken sakein sakenge सके सकता सकती सकते sakai sakaiy sakait sakaichhi सकई सकै सकैत")  # Maithili/Bajjika "de sakai chhi"
# "X ke saath" / contrast: "makhana nahi, shahad chahiye"
# question words: a product with one of these and no amount, price or trade word is asked about, not offered
ASK = _words("""kab kahan kaha kahaan kyon kyun kyu kaun kon kaunsa konsa why when where what which kitna kitne kitni
कब कहां कहाँ क्यों कौन कितना कितने कितनी""")
# past tense: "last year 10 quintal hua tha" reports, it does not offer
PAST = _words("tha thi था थी थे")  # not "the": English has it everywhere
PRESENT = _words("hai h he hain hei ho है हैं हो ba baa achhi chhi अछि बा")
PAST_TIME = (("last", "year"), ("pichhle", "saal"), ("pichle", "saal"), ("pichhla", "saal"), ("पिछले", "साल"),
             ("pichhla", "sal"), ("pichhle", "sal"), ("pichla", "saal"), ("pichhala", "saal"), ("पिछला", "साल"),
             ("pichhle", "baar"), ("pichli", "baar"), ("pichhli", "baar"), ("पिछली", "बार"), ("पिछले", "बार"),
             ("last", "season"), ("pichhle", "mahine"), ("pichle", "mahine"), ("पिछले", "महीने"))
# "makhana ke liye packaging bag": the product a thing is for is not the thing
FOR_PURPOSE = (("ke", "liye"), ("ke", "liya"), ("ke", "lie"), ("ke", "liy"), ("के", "लिए"), ("के", "लिये"),
               ("ke", "khatir"), ("के", "खातिर"), ("khatir",), ("खातिर",),  # Bhojpuri "achar banave khatir"
               ("lel",), ("लेल",))  # Maithili "gaay kine lel" (to buy a cow)
# "kisi ko chahiye to batana": someone else's need, i.e. an offer
ANYONE = _words("kisi kisiko kisiki koi kehu keho kekro किसी कोई केहू केहु")
IF_THEN = _words("to toh तो")
IF = _words("agar agr yadi jadi अगर यदि जदि")  # "agar koi dukandar lena chahe to ...": someone else's want
# "pura ek saath lena hoga": the buyer must take it (a seller's condition, beside the seller's "de denge")
MUST = _words("hoga hogi honge padega padegi padenge parega paregi होगा होगी होंगे पड़ेगा पड़ेगी")
FIRST_PERSON = _words("""
mujhe mujhko muje mjhe humko hamko hume hamein humein hamen i we hum ham main mai hamra humra hamar hamni
मुझे मुझको हमें हमको हम मैं हमरा हमर हमनी
""")
# "de denge", "de dungi": I will give (a sale); "de do", "dedo" is a request (a purchase)
GIVE_FUTURE = _words("""denge dengi dega degi dunga dungi dungee dugi doongi dengey deb debai debau dem
dihal diyal देंगे देंगी देगा देगी दूंगा दूंगी दुंगी देब देबै देबइ देम दिहल""")  # "de dihal jaai" = it will be given
# "mujhe de denge?": the writer receives, so a purchase
TO_ME = _words("mujhe mujhko muje humko hamko hume hamein humein hamen hamra humra मुझे मुझको हमें हमको हमरा")
# how-to, farming and care questions: with no amount or price, a message with these is not a trade
ADVICE = _words("""
kaise kese kaisey kyon kyun kyu kyo tarika tarike tareeka tareeke upay upaay ilaj ilaaj dawa dawai davai dawaai
rog bimari beemari bimaari keeda kida keede kide keet jhulsa fungus bukhar doctor subsidy sabsidi anudan license licence
muawza muavja muaavja muavza muaavza kagaz kagzat kaagaz documents lagaye lagayen lagaen khilaye khilayen khilaen
daale dalein daalein kona upjabi bimar beemar bemar buwai buai bowai bovai kheti bokhar बुवाई बुआई खेती बोखार बुखार बीमार sikhna seekhna sikhni sikhne seekhne sikhana sikhaye sikhayen class classes
course coaching vidhi recipe recipes grow growing cultivate cultivation disease diseases pest pests treatment cure remedy tips
fark farak antar difference tika teeka tikakaran vaccine khilaun khilau फर्क अंतर टीका
कैसे क्यों क्यूं तरीका तरीके उपाय इलाज दवा दवाई रोग बीमारी कीड़ा कीड़े कीट झुलसा सब्सिडी अनुदान लाइसेंस मुआवजा कागज
लगाएं लगाये खिलाएं खिलाये डालें डाले कोना उपजाबी सीखना सीखने सिखाना क्लास कोर्स विधि रेसिपी
""")
# "kab dena chahiye", "ropni kab karni chahiye": an infinitive before chahiye is "should" (advice), not a want
MODAL_VERB = _words("""dena deni dene karna karni karne lagana lagani lagane dalna dalni dalne daalna daalni daalne
rakhna rakhni rakhne bona boni bone katna katni katne kaatna kaatni sinchna seenchna sichna chhidakna chhidkana
milana milani jana jaana aana hona honi hone rahna rehna puchhna poochna sikhna seekhna padhna likhna bolna
khilana khilani pilana pilani tod todna todni tudai chunna ugana ugani paalna palna janna jaanna jaanana
देना देनी देने करना करनी करने लगाना लगानी डालना डालनी रखना रखनी बोना बोनी काटना काटनी सींचना छिड़कना मिलाना
जाना आना होना होनी रहना पूछना सीखना पढ़ना खिलाना पिलाना तोड़ना उगाना पालना जानना""")
# "how to grow", "how do I", "how can we": an English how-to question ("how much" asks a price)
HOW = _words("how")
HOW_TO_NEXT = _words("to do can should")
# English rate questions: "how much is ...", "what price", "what is the rate"
HOW_MUCH_EN = (("how", "much"), ("what", "price"), ("what", "rate"), ("what's", "the", "price"),
               ("what", "is", "the", "price"), ("what", "is", "the", "rate"), ("price", "of"))
# "gaya gaye the": a motion verb after gaya/ara makes it the place (went to Gaya)
MOTION = _words("""gaye gayi gai gae gaenge jaenge jayenge jaayenge jaa ja jana jaana jate jaate jaati jati
jaiye pahunche pahunchi pahuche aaye aayi aai aae aaya se गए गई गये गया जाएंगे जा जाना जाते पहुंचे आए आई से""")
# kids, calves, chicks: "bakri ke 3 bachha" counts goats (young ones) in pieces
YOUNG = _words("""bachha bachhe bachcha bachche bachchi bachhi bacchi bachiya bachhiya bachhda bachda
bachhde chuza chuze chooza choozey chuje kids kid calf calves chicks chick piglet piglets bachhra bachhre
बच्चा बच्चे बच्ची बछड़ा बछड़े बछिया चूजा चूजे पाड़ा पाड़ी""")
# "bora", "bori", "katta": a sack, counted only when its size is said ("50 kilo ka 10 bora"); so is a truckload
SACK = _words("""bora bore bori boriya boriyan katta katte sack sacks बोरा बोरे बोरी बोरिया कट्टा कट्टे
peti petti crate crates carat caret cret पेटी क्रेट कैरेट truck trucks trak ट्रक gaadi gadi gaari गाड़ी गाडी""")
# questions about when, where or how to sell ("kab bechna sahi rahega"): advice, not an offer
WHEN_WHERE_HOW = _words("kab kahan kaha kahaan kidhar kaise kese when where how कब कहां कहाँ कैसे")
# "kya karein", "क्या करें": what should I do
ADVICE_AFTER_QUESTION = _words("kare karein karen karu karun kariye karna dale daale करें करे करूं करना डाले")
# "kaise diye?", "कैसे बिक रहा है": in a market this asks the price, not how to do something
HOW_PRICE = _words("de diya diye diyo dete deti dena bik bika biki bikta bikti bik rahi dijiyega lagaya lagaye")
# "kitne ka bik raha hai": at what price is it selling (a rate question, not "sold out")
SOLD = _words("bik bika biki bikh bikta bikti bikte bikega bikegi बिक बिका बिकी बिकता बिकती")
# Bhojpuri/Maithili present tense and Maithili "near" (hamra lag = mere paas): filler, not product words
DIALECT = _words("""achhi achi chhi chhathi ba baa bhail bhayil hoyela hola rahal rahil lag bate baate
अछि छी छै बा भइल भैल रहल होला बाटे""")
FILLER = FILLER | DIALECT
# "2 quintal bik gaya, 3 quintal bacha hai": what is left after a sale
REMAINING = _words("bacha bache bachi bachal baki baaki remaining left बचा बचे बची बाकी")
# "२ क्विंटल दही लागत", "50 kilo ghee lagega": (the goods) will be needed, after the goods or their amount
NEEDED = _words("lagat laagat lagtai lagatai lagega lagegi lagenge लागत लागतै लगतै लगेगा लगेगी लगेंगे")
# "kisko chahiye?": who wants it (an offer)
WHO_WANTS = _words("kisko kisku kise kisse kekra kekara kekro kekrau केकरो केकरौ किसको किसे केकरा")  # Angika केकरो
# "jisko chahiye bataye", "jisko lena ho phone kare": whoever wants it (an offer, even after "hamare paas")
RELATIVE_WANTS = _words("jisko jisku jise jinko jinhe jisse jisay जिसको जिसे जिनको जिन्हें jekra jekara jekro जेकरा")  # Bhojpuri/Maithili jekra
# English want verbs whose subject comes first: "our buyer wants" is a purchase, "buyer needed" a sale
SUBJECT_WANTS = _words("wants needs requires want need require")
SUPPLY_VERB = _words("supply arrange provide deliver send make stitch prepare aapurti apurti आपूर्ति")
TO_US = (("to", "our"), ("to", "us"), ("to", "me"), ("for", "our"), ("for", "us"))
QUOTE = _words("quote quotation quotations")
# "price list", "rate card": asks for rates
LIST = _words("list card chart suchi लिस्ट सूची")
# ends a question: "chal raha hai kya", "...?"
QUESTION = _words("kya kyaa ? क्या")
GOING = _words("chal chalta chalti chl चल चलता चलती")
# typed onto a word without a space: "makhanahai", "aloohai", "bechnah", "aloka" (longest first)
GLUED = ("mein", "hai", "hain", "ke", "ka", "ki", "me", "h", "है", "का", "के", "की", "में",
         "k", "क")  # Maithili genitive: "makhanak bhav", "मखानक भाव"
