"""BM25 retrieval over a knowledge file's questions and keywords, one index per language.

`bm25s` ranks (maintained, numpy only); Snowball stems German and English ("Preise" and
"Preis", "prices" and "price"). SQLite FTS5 ranks with BM25 too, but its tokenizers do not
stem German, and `rank-bm25` has had no release since 2022. BM25 scores are not comparable
across queries, so an entry answers only when it also covers most of the question's content
words: "Was kostet ein neues Auto?" shares "kostet" with the price entry and still gets no
answer, which sends the question to a colleague instead of a wrong price.
"""

from __future__ import annotations

import re
from functools import lru_cache

import bm25s
import bm25s.stopwords
import snowballstemmer

_WORD = re.compile(r"[^\W\d_]+|\d+")
MIN_COVERAGE = 0.5  # the entry must contain more than this share of the content words,
# or exactly this share when one of them is one of the entry's own keywords and in no other
# entry, and no other entry holds the words it misses (then the question is split between two
# topics: "Förderung für ein barrierefreies Bad?" is neither the heat pump nor the bathroom)
MIN_PART = 4  # shortest vocabulary word matched inside a compound ("Heizungswartung")
# Chat words that carry no topic, beyond the libraries' stop word lists.
_EXTRA_STOPWORDS = {
    "de": {"hallo", "hi", "hey", "moin", "servus", "grüß", "gott", "bitte", "danke", "mal", "denn",
           "eigentlich", "sowas", "so", "ihr", "euch", "eure", "euer", "sie", "ihnen", "genau",
           "gerne", "gern", "kurz", "frage", "fragen", "eine", "ne", "nen", "n", "s", "gibts",
           "ok", "okay", "ja", "nein", "neu", "neue", "neues", "neuen", "gut", "wie", "was", "wer",
           "wo", "wann", "warum", "welche", "welcher", "welches", "könnt", "kann", "können", "habt",
           "haben", "gibt", "es", "schon", "ahnung", "sag", "sagen", "sagt", "verrat", "verraten",
           "verratet", "mir", "doch"},
    "en": {"hello", "hi", "hey", "please", "thanks", "thank", "quick", "question", "just", "guys",
           "ok", "okay", "yes", "no", "new", "good", "so", "also", "do", "does", "can", "could",
           "would", "you", "your", "there", "what", "how", "when", "where", "which", "who", "is", "are",
           "any", "idea", "tell", "let", "know", "me"},
}
_STEMMER_NAMES = {"de": "german", "en": "english"}


@lru_cache(maxsize=2)
def _stopwords(lang: str) -> frozenset[str]:
    base = bm25s.stopwords.STOPWORDS_GERMAN if lang == "de" else bm25s.stopwords.STOPWORDS_EN
    return frozenset(base) | _EXTRA_STOPWORDS[lang]


def _fold(word: str) -> str:
    return word.lower().replace("ß", "ss")


def terms(text: str, lang: str) -> list[str]:
    """Content-word stems of a text in a language (stop words dropped)."""
    stop = _stopwords(lang)
    words = [_fold(w) for w in _WORD.findall(text)]
    words = [w for w in words if w not in stop and len(w) > 1]
    return list(snowballstemmer.stemmer(_STEMMER_NAMES[lang]).stemWords(words))


class Index:
    """BM25 over short documents (an entry's questions and keywords) in one language."""

    def __init__(self, docs: list[str], lang: str, keywords: list[str] | None = None) -> None:
        """`docs` are the entries' questions and keywords; `keywords` the keywords alone (the
        words the business chose for the topic; without them every word counts as one)."""
        self.lang = lang
        self.doc_terms = [set(terms(doc, lang)) for doc in docs]
        self.key_terms = ([set(terms(k, lang)) for k in keywords] if keywords is not None
                          else self.doc_terms)
        self.vocab = set().union(*self.doc_terms) if self.doc_terms else set()
        self.retriever = bm25s.BM25()
        tokens = [sorted(t) or [""] for t in (terms(doc, lang) for doc in docs)]
        self.retriever.index(tokens, show_progress=False)

    def _query_terms(self, question: str) -> list[str]:
        """The question's stems, plus vocabulary words inside its compounds."""
        out: list[str] = []
        for stem in terms(question, self.lang):
            out.append(stem)
            if stem not in self.vocab:
                out.extend(v for v in self.vocab
                           if len(v) >= MIN_PART and v != stem and (stem.endswith(v) or stem.startswith(v)))
        return out

    def best(self, question: str) -> tuple[int, float] | None:
        """The index and score of the entry answering the question, or None."""
        stems = terms(question, self.lang)
        query = self._query_terms(question)
        if not stems or not self.doc_terms:
            return None
        scores = self.retriever.get_scores(query)
        best = int(scores.argmax())
        if float(scores[best]) <= 0:
            return None
        covered = [stem for stem in stems if self._covers(best, stem)]
        share = len(covered) / len(stems)
        if share < MIN_COVERAGE or (share == MIN_COVERAGE and not self._decisive(best, stems, covered)):
            return None
        return best, float(scores[best])

    def _decisive(self, best: int, stems: list[str], covered: list[str]) -> bool:
        """At exactly half the words: one covered word is a keyword of this entry alone (not a
        verb its example questions happen to share, "Kommen Sie auch nach Moosburg?" is not the
        emergency entry's "Könnt ihr am Wochenende kommen?"), and the missed words belong to no
        other entry."""
        others = [doc for doc in range(len(self.doc_terms)) if doc != best]
        specific = any(self._covers(best, stem, self.key_terms)
                       and not any(self._covers(doc, stem) for doc in others) for stem in covered)
        missed = [stem for stem in stems if stem not in covered]
        split = any(self._covers(doc, stem) for doc in others for stem in missed)
        return specific and not split

    def _covers(self, doc: int, stem: str, among: list[set[str]] | None = None) -> bool:
        terms_ = (self.doc_terms if among is None else among)[doc]
        return stem in terms_ or any(len(v) >= MIN_PART and (stem.endswith(v) or stem.startswith(v))
                                     for v in terms_)
