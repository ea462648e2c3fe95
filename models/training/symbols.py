"""Emoji, pictographs and emoticons as words, before tokenizing: the rule the server applies (SymbolWords.java).

Both read one table, src/main/resources/io/sentio/inference/control/symbol-words.tsv: a listed symbol gets its
word, any other symbol (Unicode category So) that the tokenizer reads as its unknown token gets its Unicode name
in lower case, and an emoticon standing as a word gets its word. Variation selectors, zero-width joiners and
skin-tone modifiers are dropped. The JDK and Python may know different Unicode versions, so a very recent symbol
can be named by one and not the other; the listed ones are the same on both sides.
"""
import os
import re
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
TABLE = os.path.join(ROOT, "src", "main", "resources", "io", "sentio", "inference", "control", "symbol-words.tsv")
# texts and what the rule makes of them, checked here and by the server's SymbolWordsTest
CASES = os.path.join(ROOT, "src", "test", "resources", "io", "sentio", "inference", "control",
                     "symbol-words-cases.tsv")


def _rows(path):
    """The two tab-separated fields of every line that is neither blank nor a comment."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield line.split("\t", 1)


def _read_table(path):
    words, emoticons = {}, {}
    for key, word in _rows(path):
        if key.startswith("U+"):
            words[int(key[2:], 16)] = word
        else:
            emoticons[key] = word
    return words, emoticons


WORDS, EMOTICONS = _read_table(TABLE)
# Java's \s: ASCII whitespace only
_EMOTICON = re.compile("(?<![^ \t\n\x0b\f\r])(" + "|".join(
    re.escape(e) for e in sorted(EMOTICONS, key=len, reverse=True)) + ")(?=$|[ \t\n\x0b\f\r]|[.,!?])")


def shapes_only(cp):
    return cp in (0x200D, 0xFE0E, 0xFE0F, 0x20E3) or 0x1F3FB <= cp <= 0x1F3FF


def word(cp):
    if cp in WORDS:
        return WORDS[cp]
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return "flag"
    return unicodedata.name(chr(cp), "").lower()


def replace(text, unknown):
    """The text with every symbol that `unknown(cp)` says the tokenizer cannot read, and every emoticon, as words."""
    out = _EMOTICON.sub(lambda m: EMOTICONS[m.group(1)], text)
    parts, changed = [], False
    for ch in out:
        cp = ord(ch)
        modifier = shapes_only(cp)
        if modifier or (unicodedata.category(ch) == "So" and unknown(cp)):
            changed = True
            if not modifier:
                w = word(cp)
                if w:
                    parts.append(" " + w + " ")
        else:
            parts.append(ch)
    if not changed:
        return out
    replaced = re.sub(" {2,}", " ", "".join(parts)).strip()
    return replaced if replaced else text


def check():
    """Raises unless this copy of the rule gives the server's answers on the shared cases."""
    wrong = []
    for text, expected in _rows(CASES):
        got = replace(text, lambda cp: True)
        if got != expected:
            wrong.append(f"{text!r}: {got!r}, the server says {expected!r}")
    if wrong:
        raise AssertionError("symbols.py disagrees with SymbolWords.java:\n" + "\n".join(wrong))


if __name__ == "__main__":
    check()
    print("symbols.py gives the server's answers on every shared case")
