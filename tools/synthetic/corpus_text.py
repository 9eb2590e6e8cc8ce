"""Titles and abstracts of the planned publications of the default corpus, each title new.

`TextMaker.text(spec)` writes the text of one planned publication with the writer of `texts.py`
its kind needs, from the corpus builder's generator, and keeps titles apart: a generated title
that is (nearly) the same as an earlier one is drawn again, so that only the planned near-misses
look alike (Part 1 and Part 2, one title in two years, a letter and its reply, a correction
notice repeating its article's title, editorials titled "Editorial").

Inputs: the builder's `random.Random`, the planned `Spec`s and the papers written so far (a
correction notice quotes its article). Output: `texts.StudyText` per spec.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process

from synthetic import texts
from synthetic.plan import Spec
from synthetic.records import Paper, ascii_fold
from synthetic.themes import CONCEPTS

STUDY_KINDS = ("study", "quote_study", "same_title", "part")
"""Kinds of spec whose text is an e-mentoring study (texts.study_text)."""

NOT_INCLUDED_STUDY_FATES = (
    "excluded_appraisal",
    "excluded_full_text",
    "not_retrieved",
    "excluded_automatic",
)
MAX_ATTEMPTS = 400
SAME_TITLE_SCORE = 88  # rapidfuzz ratio from which two titles count as the same


def title_words(title: str) -> str:
    """Lower-case words of a title, for keeping generated titles apart.

    Deliberately local: the committed corpus must not change when the deduplication stage
    tunes `metasynth.text.title_key`.
    """
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(html.unescape(title)).lower()))


class TextMaker:
    """Writes each planned publication's text, drawing again until its title is new."""

    def __init__(self, rng: random.Random, specs: Sequence[Spec], papers: Sequence[Paper]) -> None:
        self.rng = rng
        self.specs = specs
        self.papers = papers  # the records written so far, for correction notices
        self.title_keys: list[str] = []

    def _title_is_new(self, title: str) -> bool:
        key = title_words(title)
        if not key or key in self.title_keys:
            return False
        match = process.extractOne(
            key, self.title_keys, scorer=fuzz.ratio, score_cutoff=SAME_TITLE_SCORE
        )
        return match is None

    def _remember(self, text: texts.StudyText) -> texts.StudyText:
        self.title_keys.append(title_words(text.title))
        return text

    def _unique(self, make: Callable[[], texts.StudyText]) -> texts.StudyText:
        for _ in range(MAX_ATTEMPTS):
            text = make()
            if self._title_is_new(text.title):
                return self._remember(text)
        raise RuntimeError(f"no new title after {MAX_ATTEMPTS} attempts (last: {text.title!r})")

    def text(self, spec: Spec) -> texts.StudyText:
        """The title, abstract and keywords of one planned publication."""
        if spec.kind in STUDY_KINDS:
            return self._study(spec)
        fixed = self._fixed(spec)
        if fixed is not None:
            return fixed
        rng = self.rng
        makers: dict[str, Callable[[], texts.StudyText]] = {
            "face_to_face": lambda: texts.face_to_face_text(rng, spec.context),
            "not_mentoring": lambda: texts.not_mentoring_text(rng),
            "not_empirical": lambda: texts.not_empirical_text(rng, spec.context, spec.year),
            "wrong_population": lambda: texts.wrong_population_text(rng),
            "editorial": lambda: texts.editorial_text(rng, spec.context, spec.year),
            "letter": lambda: texts.letter_text(rng, spec.context, spec.year),
            "news": lambda: texts.news_text(rng),
            "book_review": lambda: texts.book_review_text(rng),
            "meeting_abstract": lambda: self._meeting_abstract(spec),
            "foreign": lambda: texts.foreign_text(rng, spec.language, spec.context, spec.year),
        }
        if spec.kind not in makers:
            raise ValueError(f"unknown kind {spec.kind!r}")
        return self._unique(makers[spec.kind])

    def _fixed(self, spec: Spec) -> texts.StudyText | None:
        """The texts whose title is given, not drawn until new (None for the others)."""
        if spec.kind == "not_mentoring" and spec.special is not None:
            return self._remember(texts.not_mentoring_text(self.rng, spec.special))
        if spec.kind == "editorial_titled":
            return texts.StudyText("Editorial", "", [])
        if spec.kind == "letter_fixed":
            return self._remember(texts.StudyText(texts.LETTER_TITLES[0], "", []))
        if spec.kind == "reply":
            letter = self.specs[spec.correction_of or 0]
            return texts.StudyText(f"Reply to: {letter.title}", "", [])
        if spec.kind == "correction":
            return self._correction(spec)
        return None

    def _correction(self, spec: Spec) -> texts.StudyText:
        """A correction notice: its article's title with the volume and page corrected."""
        original = self.papers[spec.correction_of or 0]
        volume = original.volume or str(self.rng.randint(10, 60))
        page = original.begin_page or original.article_number or str(self.rng.randint(1, 900))
        year = original.year or original.early_access_year or spec.year
        return texts.StudyText(f"{original.title} (vol {volume}, pg {page}, {year})", "", [])

    def _meeting_abstract(self, spec: Spec) -> texts.StudyText:
        text = texts.study_text(
            self.rng,
            context=spec.context,
            design=spec.design,
            year=spec.year,
            concepts=(),
            brief=True,
        )
        text.abstract = " ".join(text.abstract.split(". ")[:3]).rstrip(".") + "."
        return text

    # ------------------------------------------------------------------ e-mentoring studies

    def _study(self, spec: Spec) -> texts.StudyText:
        rng = self.rng
        concepts = spec.concepts
        if not concepts and spec.fate in NOT_INCLUDED_STUDY_FATES:
            # Studies that are not included still report a few themes in their abstracts.
            concepts = tuple(rng.sample(list(CONCEPTS), rng.randint(2, 4)))
        mentees = "newly graduated nurses" if spec.kind == "part" else None

        def make() -> texts.StudyText:
            return texts.study_text(
                rng,
                context=spec.context,
                design=spec.design or "interviews",
                year=spec.year,
                concepts=concepts,
                weak=spec.weak,
                blended=spec.blended,
                brief=spec.brief,
                mentees=mentees,
            )

        if spec.kind == "quote_study":
            return self._unique(lambda: self._until_quoted(make))
        if spec.kind == "same_title":
            return self._same_title(spec, make)
        if spec.kind == "part" and spec.part_of is not None:
            return self._part(spec, make)
        return self._unique(make)

    @staticmethod
    def _until_quoted(make: Callable[[], texts.StudyText]) -> texts.StudyText:
        """A study whose title quotes a participant (its HTML-entity duplicate needs one)."""
        text = make()
        while "'" not in text.title:
            text = make()
        return text

    def _same_title(self, spec: Spec, make: Callable[[], texts.StudyText]) -> texts.StudyText:
        """The first of the pair gets a new title; the second repeats it."""
        first = next(s for s in self.specs if s.kind == "same_title")
        if spec is not first:
            text = make()
            text.title = first.title
            return text
        text = self._unique(make)
        spec.title = text.title
        return text

    def _part(self, spec: Spec, make: Callable[[], texts.StudyText]) -> texts.StudyText:
        """Part 1 (the programme's design) and Part 2 (its evaluation) of one paper."""
        assert spec.part_of is not None
        part_index, number = spec.part_of
        if number == 1:
            rng = self.rng
            text = self._unique(lambda: texts.not_empirical_text(rng, spec.context, spec.year))
            stem = f"{texts.cap(texts.e_term(rng, spec.year))} for newly graduated nurses"
            text.title = f"{stem}. Part 1: programme design and implementation"
            spec.title = stem
            return self._remember(text)
        text = make()
        text.title = (
            f"{self.specs[part_index].title}. Part 2: a qualitative evaluation "
            "of mentors' and mentees' experiences"
        )
        return text
