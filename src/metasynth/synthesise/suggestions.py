"""Codebook concepts suggested for a code that matches no entry (unmapped_codes.csv's
`suggestions`), each resting on evidence a reviewer can check.

Each concept is scored by its closest entry (id, label or code) with rapidfuzz's WRatio, 0–100,
or, for an acronym or a very short code (`is_acronym`), 100 when the code spells the entry's
initials and the plain similarity of the two strings otherwise ("REM" is not found inside
"remote"). A score alone is no reason: partial matching scores "emoji use in messages" 85.5
against "secure log-in" ("use in" ≈ "ure lo"). A concept is suggested only when the code and
the concept's entries share evidence:

- **strong**: the code spells one of the concept's entries nearly exactly (`SPELLING`), or is
  an acronym of one; or they share two or more content words, or one content word that is
  rare in the codebook: found in the entries of one concept only, or of at most `RARE_SHARE` of
  the concepts (its inverse document frequency over the codebook's concepts, ln(N / df), at
  least ln(1 / RARE_SHARE));
- **weak**: they share one content word that many concepts have ("mentor" in a codebook on
  mentoring): listed after the strong ones, marked `weak: only 'mentors' shared`;
- otherwise the concept is not suggested.

Content words are the folded words of the text less `ORDINARY_WORDS` (ordinary_words.yaml:
function words and the few words codes of any theme are built with, "use", "lack", "role");
two words are the same when equal, or, both of five letters or more, spelled within a letter
or two (`WORD_SIMILARITY`: "mentors" and "mentor", "usabilty" and "usability").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from rapidfuzz import fuzz, process

from metasynth.synthesise.codebook import Codebook, match_key

SPELLING = 90.0
"""The least plain similarity (rapidfuzz ratio) of a code and an entry it misspells."""
WORD_SIMILARITY = 80.0
"""The least ratio of two words of five letters or more read as one word."""
RARE_SHARE = 0.05
"""A word in the entries of at most this share of the concepts is rare (meaningful) on its own."""

ACRONYM_STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})
"""Words an acronym usually skips ("Quality of Life" → QoL, QOL)."""


@cache
def ordinary_words() -> frozenset[str]:
    """The words that are no evidence (ordinary_words.yaml beside this module)."""
    path = resources.files("metasynth.synthesise").joinpath("ordinary_words.yaml")
    words = yaml.safe_load(path.read_text("utf-8"))["ordinary_words"]
    return frozenset(str(word) for word in words)


@dataclass(frozen=True)
class Suggestion:
    """A concept for an unmapped code: its score, whether the evidence is weak, and the
    content words the code shares with it."""

    concept: str
    score: float
    weak: bool = False
    shared: tuple[str, ...] = ()

    def __str__(self) -> str:
        if not self.weak:
            return f"{self.concept} ({self.score:.1f})"
        return f"{self.concept} ({self.score:.1f}, weak: only {self.shared[0]!r} shared)"


def is_acronym(code: str) -> bool:
    """A code that is one short word or an upper-case abbreviation (REM, EHR, QoL, mHealth is
    not): fuzzy partial matching would find it inside any longer word ("REM" in "remote")."""
    word = code.strip()
    if not word or " " in word:
        return False
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return len(word) <= 4 or (len(word) <= 8 and capitals >= max(2, len(letters) - 1))


def _initials(text: str) -> set[str]:
    """The acronyms a text could be written as: initials of all its words, of its content words."""
    words = text.split()
    content = [w for w in words if w not in ACRONYM_STOPWORDS]
    return {"".join(w[0] for w in chosen) for chosen in (words, content) if len(chosen) > 1}


def _acronym_score(key: str, entry: str) -> float:
    """100 when `key` spells the entry's initials or is one of its words; else the plain
    similarity of the two strings (no partial match)."""
    if key in _initials(entry) or key in entry.split():
        return 100.0
    return float(fuzz.ratio(key, entry))


def content_words(key: str) -> list[str]:
    """The words of a folded text that can be evidence, in order, once each."""
    ordinary = ordinary_words()
    return list(dict.fromkeys(w for w in key.split() if w not in ordinary))


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= WORD_SIMILARITY


def _shared(words: Iterable[str], vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The words found (as `_same_word`) among a concept's words."""
    return tuple(w for w in words if w in vocabulary or any(_same_word(w, v) for v in vocabulary))


@dataclass(frozen=True)
class _Concept:
    id: str
    entries: tuple[str, ...]  # folded id, label and codes
    words: frozenset[str]


def _concepts(codebook: Codebook) -> list[_Concept]:
    concepts = []
    for concept in codebook.concepts:
        texts = (concept.id.replace("_", " "), concept.label, *concept.codes)
        entries = tuple(match_key(text) for text in texts)
        words = frozenset(w for entry in entries for w in entry.split())
        concepts.append(_Concept(concept.id, entries, words))
    return concepts


def _is_rare(word: str, concepts: list[_Concept]) -> bool:
    """Found in one concept's entries only, or its IDF over the concepts is high enough."""
    df = sum(1 for concept in concepts if _shared([word], concept.words))
    return df == 1 or math.log(len(concepts) / max(df, 1)) >= math.log(1 / RARE_SHARE)


def _scores(key: str, code: str, concepts: list[_Concept]) -> dict[str, float]:
    """The best score of each concept's entries (see the module)."""
    entries = [(entry, concept.id) for concept in concepts for entry in concept.entries]
    if is_acronym(code):
        scored = [(e, _acronym_score(key, e), i) for i, (e, _) in enumerate(entries)]
    else:
        scored = process.extract(
            key, [e for e, _ in entries], scorer=fuzz.WRatio, limit=None, processor=None
        )
    best: dict[str, float] = {}
    for _, score, index in scored:
        concept_id = entries[index][1]
        best[concept_id] = max(best.get(concept_id, 0.0), float(score))
    return best


def _spelled(key: str, code: str, concept: _Concept) -> bool:
    """The code is one of the concept's entries misspelled, or an acronym of one."""
    if is_acronym(code) and any(key in _initials(entry) for entry in concept.entries):
        return True
    return any(fuzz.ratio(key, entry) >= SPELLING for entry in concept.entries)


def suggest_concepts(code: str, codebook: Codebook, *, limit: int) -> list[Suggestion]:
    """Up to `limit` concepts for `code`: the strong ones by score, then the weak ones (see the
    module); concepts without evidence are left out."""
    key = match_key(code)
    concepts = _concepts(codebook)
    if not concepts:  # a codebook not written yet (double coding before it): nothing to suggest
        return []
    scores = _scores(key, code, concepts)
    words = content_words(key)
    rare = {w for w in words if _is_rare(w, concepts)}
    strong: list[Suggestion] = []
    weak: list[Suggestion] = []
    for concept in concepts:
        shared = _shared(words, concept.words)
        score = scores.get(concept.id, 0.0)
        if _spelled(key, code, concept) or len(shared) > 1 or rare & set(shared):
            strong.append(Suggestion(concept.id, score, shared=shared))
        elif shared:
            weak.append(Suggestion(concept.id, score, weak=True, shared=shared))
    ranked = [
        suggestion
        for group in (strong, weak)
        for suggestion in sorted(group, key=lambda s: (-round(s.score, 6), s.concept))
    ]
    return ranked[:limit]
