"""BERT WordPiece tokenization driven by a Hugging Face tokenizer.json.

PyPI (and with it the `tokenizers` package) is unreachable here, so training tokenizes with this
small re-implementation of the BertNormalizer + BertPreTokenizer + WordPiece pipeline. The server
uses the real Hugging Face tokenizer (DJL); the Java evaluation of the exported model is what
counts, so any divergence here would show up as lost accuracy, not as a wrong figure.
"""
import json
import unicodedata

import symbols


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    def __init__(self, tokenizer_json):
        with open(tokenizer_json, encoding="utf-8") as f:
            spec = json.load(f)
        model = spec["model"]
        self.vocab = model["vocab"]
        self.unk = self.vocab[model["unk_token"]]
        self.prefix = model.get("continuing_subword_prefix", "##")
        self.max_chars = model.get("max_input_chars_per_word", 100)
        norm = spec.get("normalizer") or {}
        self.lowercase = norm.get("lowercase", True)
        strip = norm.get("strip_accents")
        self.strip_accents = self.lowercase if strip is None else strip
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self.pad = self.vocab["[PAD]"]
        self._unknown_symbols = {}
        # like the server: symbols become words only where a recent emoji (U+1FAE0) reads as the unknown token
        self._symbol_words = False
        self._symbol_words = self._unknown(0x1FAE0)
        if self._symbol_words:
            symbols.check()

    def _normalize(self, text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif _is_chinese(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = "".join(out)
        if self.lowercase:
            text = text.lower()
        if self.strip_accents:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        return text

    def _words(self, text):
        words = []
        for chunk in text.split():
            current = ""
            for ch in chunk:
                if _is_punctuation(ch):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(ch)
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def _pieces(self, word):
        if len(word) > self.max_chars:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def _unknown(self, cp):
        """Whether this symbol reads as nothing but the unknown token (the server's probe, TextTokenizer)."""
        if cp not in self._unknown_symbols:
            ids = [i for w in self._words(self._normalize(chr(cp))) for i in self._pieces(w)]
            self._unknown_symbols[cp] = bool(ids) and all(i == self.unk for i in ids)
        return self._unknown_symbols[cp]

    def tokens(self, text):
        """The text's token ids without special tokens, emoji and emoticons read as words first."""
        if self._symbol_words:
            text = symbols.replace(text, self._unknown)
        ids = []
        for word in self._words(self._normalize(text)):
            ids.extend(self._pieces(word))
        return ids

    def encode(self, text, max_length):
        return [self.cls] + self.tokens(text)[: max_length - 2] + [self.sep]

    def head_tail(self, ids, max_length):
        """The server's head_tail window of content tokens: the first quarter of the room, the rest from the end."""
        room = max_length - 2
        if len(ids) <= room:
            return [self.cls] + ids + [self.sep]
        first = min(room // 4, len(ids))
        return [self.cls] + ids[:first] + ids[len(ids) - (room - first):] + [self.sep]
