"""Message normalisation and tokenisation: Unicode, Devanagari digits, punctuation, lower case."""
from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 600  # longer messages are cut: a listing is said in the first lines
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_PUNCT = str.maketrans({
    "\u0964": ".", "\u0965": ".", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-", "\uff0c": ",", "\u060c": ",", "\u00a0": " ", "\u200b": "",
    "\u200c": "", "\u200d": "", "\ufeff": "", "\u20a8": "₹",
})
_LATIN_MARKS = re.compile(r"[\u0300-\u036f]")
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{2,3})*,\d{3}(?:\.\d+)?(?![\d,])"  # 62,000 / 1,50,000 / 1,000.50
    r"|\d+(?:\.\d+)?"  # 40 / 3.5
    r"|\b[a-z]\d[a-z]\b|\ba[0-6]\b"  # codes, not numbers: D2C, B2B; paper sizes A4, A3
    r"|[a-z]+(?:'[a-z]+)?"  # roman words (don't)
    r"|[\u0900-\u0963\u0971-\u097f]+"  # Devanagari words (no danda, no digits)
    r"|[₹@/%,.?!:;+=\-()&*]"
)


_VULGAR = {"½": ("5", "0.5"), "¼": ("25", "0.25"), "¾": ("75", "0.75")}
_VULGAR_RE = re.compile(r"(\d?)([½¼¾])")
_SLASH_FRACTION = re.compile(r"(?<![\d/.])([1-3])\s?/\s?([24])(?![\d/])")  # 1/2 kg, 3/4 litre (not dates)


def _fractions(text: str) -> str:
    """ "1/2 kg" -> "0.5 kg", "1½" -> "1.5", "¼" -> "0.25"."""
    if "/" in text:
        text = _SLASH_FRACTION.sub(lambda m: str(int(m.group(1)) / int(m.group(2))).rstrip("0")
                                   if int(m.group(1)) < int(m.group(2)) else m.group(0), text)
    if "½" in text or "¼" in text or "¾" in text:
        text = _VULGAR_RE.sub(lambda m: f"{m.group(1)}.{_VULGAR[m.group(2)][0]}" if m.group(1)
                              else f" {_VULGAR[m.group(2)][1]}", text)
    return text


def fold(text: str) -> str:
    """Lower-case; NFC; Devanagari digits to ASCII; fractions as decimals; nukta dropped, chandrabindu to
    anusvara."""
    text = _fractions(text.translate(_PUNCT).translate(_DEVANAGARI_DIGITS)).lower()
    text = unicodedata.normalize("NFD", text)
    text = text.replace("\u093c", "").replace("\u0901", "\u0902")
    text = _LATIN_MARKS.sub("", text)
    return unicodedata.normalize("NFC", text)


# rupees however spelt: rupaiya, roopaye, ruppiya, रूपइया, रुपयों (a word of its own, then read as "rs")
_RUPEES = re.compile(r"(?:ru|roo|ruu)p+(?:[aeiyo]|ai|ay|ey|ee|ie|ia)+[sn]?|र[ुू]प[ैइईयएेिीाोौ्ं]+")


def tokenize(text: str) -> list[str]:
    """Normalised tokens: numbers (separators removed), words, and the symbols that carry meaning; any
    spelling of rupees becomes "rs"."""
    tokens = _TOKEN.findall(fold(text[:MAX_CHARS]))
    return [t.replace(",", "") if t[0].isdigit() else ("rs" if t[0] in "rर" and _RUPEES.fullmatch(t) else t)
            for t in tokens]

