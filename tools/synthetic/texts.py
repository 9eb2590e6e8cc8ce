"""Titles, abstracts and keywords of the synthetic corpus, written so a screener can judge them.

Each kind of publication has its own writer:
- e-mentoring studies (`study`): qualitative, mixed-methods and quantitative studies of online
  mentoring programmes in six contexts; the abstracts of qualitative studies report findings in
  the words of the framework's concepts (`themes.py`) they support;
- off-topic records an electronic-mentoring search also returns: face-to-face mentoring
  (`face_to_face`), "mentor" in other senses — electronic health records, e-learning without
  mentoring, Mentor Graphics tools, surgical telementoring, virtual tutoring agents
  (`not_mentoring`), commentaries and tips (`not_empirical`), and e-mentoring of patients and
  carers (`wrong_population`);
- non-research items (`editorial`, `book_review`, `letter`, `news`) and foreign-language
  articles (`foreign`).

The words and sentence patterns are data, `data/texts.yaml`; the writers here choose among them
and fill them in. All choices come from the `random.Random` passed in, in a fixed order (the
committed corpus depends on it). Inputs: a context, design, year, concept ids; outputs: plain
strings (title, abstract) and keyword lists.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from synthetic.data_files import load_yaml
from synthetic.records import pick
from synthetic.themes import CONCEPTS, concept_path


@dataclass(frozen=True)
class ContextWords:
    """How studies in one context name their people, places and programmes."""

    mentees: tuple[str, ...]
    mentors: tuple[str, ...]
    settings: tuple[str, ...]
    field: str
    outcomes: tuple[str, ...]
    keywords: tuple[str, ...]
    field_noun: str  # who an editorial says needs a mentor ("student", "nurse", ...)


def _tuple_values(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {key: tuple(v) if isinstance(v, list) else v for key, v in mapping.items()}


def _pairs(
    rows: Sequence[Mapping[str, str]], first: str, second: str
) -> tuple[tuple[str, str], ...]:
    return tuple((row[first], row[second]) for row in rows)


_DATA = load_yaml("texts.yaml")

CONTEXT_WORDS: dict[str, ContextWords] = {
    context: ContextWords(**_tuple_values(words)) for context, words in _DATA["contexts"].items()
}
CONTEXTS: tuple[str, ...] = tuple(CONTEXT_WORDS)
E_TERMS: dict[str, tuple[str, ...]] = _tuple_values(_DATA["e_terms"])
PROGRAMME_NOUNS: tuple[str, ...] = tuple(_DATA["programme_nouns"])
QUOTE_TITLES: tuple[str, ...] = tuple(_DATA["quote_titles"])
DESIGN_PHRASES: dict[str, tuple[str, ...]] = _tuple_values(_DATA["design_phrases"])
QUALITATIVE_DESIGNS: tuple[str, ...] = tuple(_DATA["qualitative_designs"])
QUANTITATIVE_DESIGNS: tuple[str, ...] = tuple(_DATA["quantitative_designs"])
FINDING_SENTENCES: dict[str, tuple[str, ...]] = _tuple_values(_DATA["finding_sentences"])
STUDY: Mapping[str, Any] = _DATA["study"]
"""The title and abstract patterns of an e-mentoring study (texts.yaml, `study`)."""

MENTORING_KINDS: tuple[str, ...] = tuple(_DATA["mentoring_kinds"])
GENERIC_OUTCOMES: tuple[str, ...] = tuple(_DATA["generic_outcomes"])
STUDY_DESIGNS: tuple[str, ...] = tuple(_DATA["study_designs"])
FACE_TO_FACE_TITLES: tuple[str, ...] = tuple(_DATA["face_to_face"]["titles"])
FACE_TO_FACE_ABSTRACTS: tuple[str, ...] = tuple(_DATA["face_to_face"]["abstracts"])
FACE_TO_FACE_METHODS: tuple[str, ...] = tuple(_DATA["face_to_face"]["methods"])
_NOT_MENTORING = _DATA["not_mentoring"]
NOT_MENTORING_SUBJECTS = _pairs(_NOT_MENTORING["subjects"], "subject", "data")
NOT_MENTORING_TITLES: tuple[str, ...] = tuple(_NOT_MENTORING["titles"])
NOT_MENTORING_ABSTRACTS: tuple[str, ...] = tuple(_NOT_MENTORING["abstracts"])
NOT_MENTORING_SLOTS: dict[str, tuple[str, ...]] = {
    "learners": tuple(_NOT_MENTORING["learners"]),
    "topic": tuple(_NOT_MENTORING["topics"]),
}
NOT_MENTORING_SPECIALS = _pairs(_NOT_MENTORING["specials"], "title", "abstract")
"""Single records every electronic-mentoring search returns (plan.yaml names them by index)."""
NOT_EMPIRICAL: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(paper["titles"]), paper["abstract"]) for paper in _DATA["not_empirical"]
)
_WRONG_POPULATION = _DATA["wrong_population"]
WRONG_POPULATION_MODES: tuple[str, ...] = tuple(_WRONG_POPULATION["modes"])
WRONG_POPULATIONS: tuple[str, ...] = tuple(_WRONG_POPULATION["populations"])
WRONG_POPULATION_OUTCOMES: tuple[str, ...] = tuple(_WRONG_POPULATION["outcomes"])
WRONG_POPULATION_TITLES: tuple[str, ...] = tuple(_WRONG_POPULATION["titles"])
EDITORIAL_TITLES: tuple[str, ...] = tuple(_DATA["editorial_titles"])
LETTER_TITLES: tuple[str, ...] = tuple(_DATA["letter_titles"])
NEWS_TITLES: tuple[str, ...] = tuple(_DATA["news_titles"])
BOOK_TITLES: tuple[str, ...] = tuple(_DATA["book_titles"])
FOREIGN_TITLES: dict[str, tuple[str, ...]] = _tuple_values(_DATA["foreign"]["titles"])


def cap(text: str) -> str:
    """The text with a capital first letter."""
    return text[:1].upper() + text[1:]


def _a(phrase: str) -> str:
    """The phrase with its indefinite article ("an online ...", "a virtual ...")."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def era(year: int) -> str:
    """Which vocabulary of e-mentoring a paper of that year uses."""
    if year <= 2008:
        return "early"
    return "middle" if year <= 2019 else "recent"


def e_term(rng: random.Random, year: int) -> str:
    """A name for electronic mentoring as papers of that year would write it."""
    return pick(rng, E_TERMS[era(year)])


def concept_phrase(rng: random.Random, concept_id: str) -> str:
    """A wording of a concept as a study would write it (never a misspelling)."""
    return pick(rng, CONCEPTS[concept_id].phrases)


def finding_sentences(rng: random.Random, concept_ids: Sequence[str]) -> list[str]:
    """Sentences reporting the concepts, grouped by sub-category, in the given order."""
    groups: dict[str, list[str]] = {}
    for concept_id in concept_ids:
        groups.setdefault(concept_path(concept_id)[1], []).append(concept_phrase(rng, concept_id))
    sentences = []
    for subcategory, phrases in groups.items():
        joined = _join(phrases)
        template = pick(rng, FINDING_SENTENCES[subcategory])
        if len(phrases) == 1:
            # Sentences written for a list read "were"; one phrase reads "was".
            template = template.replace(" were ", " was ")
        sentences.append(template.format(p=joined, P=cap(joined)))
    return sentences


@dataclass
class StudyText:
    title: str
    abstract: str
    keywords: list[str]


# --------------------------------------------------------------------------- e-mentoring studies


def _sample_size(rng: random.Random) -> dict[str, int]:
    return {
        "n_mentees": rng.randint(8, 28),
        "n_mentors": rng.randint(4, 16),
        "n_groups": rng.randint(3, 8),
        "n_participants": rng.randint(14, 64),
        "n_survey": rng.randint(60, 480),
        "n_dyads": rng.randint(4, 24),
        "n_months": pick(rng, (6, 8, 9, 12, 18)),
        "n_studies": rng.randint(9, 41),
        "n_databases": rng.randint(4, 9),
        "n_messages": rng.randint(300, 4200),
    }


def _method_sentence(rng: random.Random, design: str, weak: bool) -> str:
    sizes = _sample_size(rng)
    if weak:
        n_feedback, n_forms = rng.randint(3, 9), rng.randint(5, 12)
        return str(pick(rng, STUDY["methods_weak"]).format(n_feedback=n_feedback, n_forms=n_forms))
    return str(STUDY["methods"][design].format(**sizes))


def _study_values(
    rng: random.Random,
    words: ContextWords,
    *,
    design: str,
    year: int,
    concepts: Sequence[str],
    blended: bool,
    mentees: str | None,
) -> dict[str, str]:
    """The placeholders of texts.yaml's `study` patterns, drawn for one study."""
    term = e_term(rng, year)
    mentees = mentees or pick(rng, words.mentees)
    mentors = pick(rng, words.mentors)
    setting = pick(rng, words.settings)
    outcome = pick(rng, words.outcomes)
    programme = f"{term} {pick(rng, PROGRAMME_NOUNS)}"
    if blended:
        programme = f"blended mentoring {pick(rng, PROGRAMME_NOUNS)}"
    design_phrase = pick(rng, DESIGN_PHRASES[design])
    labels = [CONCEPTS[c].label.lower() for c in concepts[:2]]
    if any(" and " in label for label in labels):
        labels = labels[:1]  # "X and Y and Z" reads badly in a title
    focus = _join(labels) if labels else outcome
    quote = pick(rng, QUOTE_TITLES)  # drawn for every study, used by one title pattern
    values = {
        "term": term,
        "mentees": mentees,
        "mentors": mentors,
        "setting": setting,
        "field": words.field,
        "outcome": outcome,
        "programme": programme,
        "a_programme": _a(programme),
        "design_phrase": design_phrase,
        "focus": focus,
        "quote": quote,
    }
    for name in ("term", "outcome", "a_programme", "design_phrase", "focus"):
        values[cap(name)] = cap(values[name])
    return values


def _title_patterns(design: str, brief: bool) -> str:
    if design in QUANTITATIVE_DESIGNS:
        return "quantitative"
    if design == "review":
        return "review"
    return "brief" if brief or design == "programme_report" else "default"


def _aim(rng: random.Random, values: dict[str, str], design: str, blended: bool) -> str:
    aim: str = pick(rng, STUDY["aims"])
    if design == "review":
        aim = STUDY["aim_review"]
    if design in QUANTITATIVE_DESIGNS:
        aim = STUDY["aim_quantitative"]
    if blended:
        return str(STUDY["aim_blended"].format(noun=pick(rng, PROGRAMME_NOUNS), **values))
    return aim.format(**values)


def _results(
    rng: random.Random,
    values: dict[str, str],
    design: str,
    concepts: Sequence[str],
    thin: bool,
) -> list[str]:
    """The results: effects (quantitative), a thin summary (weak or brief), or themes."""
    if design in QUANTITATIVE_DESIGNS:
        effect = rng.randint(12, 48) / 100
        result = pick(rng, STUDY["results_quantitative"]).format(effect=effect, **values)
        return [result, STUDY["satisfaction"]]
    if thin:
        mentioned = _join([concept_phrase(rng, c) for c in concepts[:2]]) or "the flexibility"
        return [STUDY["results_thin"].format(mentioned=mentioned, **values)]
    findings = finding_sentences(rng, concepts)
    n_themes = max(2, min(5, len(findings)))
    return [pick(rng, STUDY["themes"]).format(n_themes=n_themes), *findings]


def _conclusion(
    rng: random.Random, values: dict[str, str], design: str, concepts: Sequence[str], thin: bool
) -> str:
    if concepts and not thin and design not in QUANTITATIVE_DESIGNS:
        chosen = rng.sample(list(concepts), min(2, len(concepts)))
        ending = _join([concept_phrase(rng, c) for c in chosen])
        return str(pick(rng, STUDY["conclusions_with_concepts"]).format(ending=ending, **values))
    return str(pick(rng, STUDY["conclusions"]).format(**values))


def study_text(
    rng: random.Random,
    *,
    context: str,
    design: str,
    year: int,
    concepts: Sequence[str],
    weak: bool = False,
    blended: bool = False,
    brief: bool = False,
    mentees: str | None = None,
) -> StudyText:
    """Title, abstract and keywords of an e-mentoring study.

    `concepts` are the framework concepts its findings support (reported in the abstract);
    `weak` writes a thin, methodologically poor account (fails appraisal); `blended` a
    programme that is mostly face to face (excluded at full text); `brief` a short report;
    `mentees` fixes who the mentees are (else drawn from the context).
    """
    words = CONTEXT_WORDS[context]
    values = _study_values(
        rng, words, design=design, year=year, concepts=concepts, blended=blended, mentees=mentees
    )
    title = pick(rng, STUDY["titles"][_title_patterns(design, brief)]).format(**values)
    sentences = [
        pick(rng, STUDY["backgrounds"]).format(**values),
        _aim(rng, values, design, blended),
        _method_sentence(rng, design, weak),
        *_results(rng, values, design, concepts, thin=weak or brief),
    ]
    if blended:
        sentences.append(STUDY["blended_results"])
    sentences.append(_conclusion(rng, values, design, concepts, thin=weak or brief))
    keywords = [values["term"], pick(rng, words.keywords), pick(rng, words.keywords)]
    if design in ("interviews", "focus_groups", "ethnography", "case_study"):
        keywords.append(pick(rng, STUDY["method_keywords"]))
    if design == "review":
        keywords.append("systematic review")
    keywords.extend(CONCEPTS[c].phrases[0] for c in concepts[:2])
    return StudyText(title, " ".join(sentences), list(dict.fromkeys(keywords)))


# --------------------------------------------------------------------------- off-topic records


def face_to_face_text(rng: random.Random, context: str) -> StudyText:
    """A mentoring study with no electronic component (often found through an 'online survey')."""
    words = CONTEXT_WORDS[context]
    kind = pick(rng, MENTORING_KINDS)
    outcome, outcome2 = rng.sample(words.outcomes + GENERIC_OUTCOMES, 2)
    design = pick(rng, STUDY_DESIGNS)
    values = {
        "kind": kind,
        "Kind": cap(kind),
        "outcome": outcome,
        "Outcome": cap(outcome),
        "outcome2": outcome2,
        "mentees": pick(rng, words.mentees),
        "mentors": pick(rng, words.mentors),
        "setting": pick(rng, words.settings),
        "field": words.field,
        "design": design,
        "Design": cap(design),
    }
    method = pick(rng, FACE_TO_FACE_METHODS).format(
        n=rng.randint(40, 900), m=rng.randint(5, 20), k=rng.randint(8, 40)
    )
    title = cap(pick(rng, FACE_TO_FACE_TITLES).format(**values))
    abstract = pick(rng, FACE_TO_FACE_ABSTRACTS).format(method=method, **values)
    keywords = [kind, outcome, pick(rng, words.keywords)]
    return StudyText(title, abstract, list(dict.fromkeys(keywords)))


def not_mentoring_text(rng: random.Random, special: int | None = None) -> StudyText:
    """A record matching 'electronic' and 'mentor' in another sense (EHR, e-learning, tools).

    `special` picks one of the one-off records (Mentor Graphics, surgical telementoring, ...).
    """
    if special is not None:
        title, abstract = NOT_MENTORING_SPECIALS[special]
        return StudyText(title, abstract, ["technology"])
    subject, data = pick(rng, NOT_MENTORING_SUBJECTS)
    outcome, outcome2 = rng.sample(GENERIC_OUTCOMES, 2)
    design = pick(rng, STUDY_DESIGNS)
    values = {
        "subject": subject,
        "Subject": cap(subject),
        "data": data,
        "outcome": outcome,
        "outcome2": outcome2,
        "design": design,
        "design_noun": design.split(" ", 1)[1],
        "learners": pick(rng, NOT_MENTORING_SLOTS["learners"]),
        "topic": pick(rng, NOT_MENTORING_SLOTS["topic"]),
        "n": str(rng.randint(24, 1800)),
    }
    title = cap(pick(rng, NOT_MENTORING_TITLES).format(**values))
    abstract = pick(rng, NOT_MENTORING_ABSTRACTS).format(**values)
    return StudyText(title, abstract, [subject, values["topic"], outcome])


def not_empirical_text(rng: random.Random, context: str, year: int) -> StudyText:
    """A commentary, framework or tips paper on e-mentoring with no data."""
    words = CONTEXT_WORDS[context]
    term = e_term(rng, year)
    values = {
        "term": term,
        "Term": cap(term),
        "mentees": pick(rng, words.mentees),
        "field": words.field,
    }
    titles, abstract = pick(rng, NOT_EMPIRICAL)
    title = pick(rng, titles).format(**values)
    return StudyText(
        title, abstract.format(**values), [term, pick(rng, words.keywords), "mentoring"]
    )


def wrong_population_text(rng: random.Random) -> StudyText:
    """E-mentoring of patients, carers or parents: electronic, but not the review's population."""
    mode = pick(rng, WRONG_POPULATION_MODES)
    population = pick(rng, WRONG_POPULATIONS)
    outcome = pick(rng, WRONG_POPULATION_OUTCOMES)
    design = pick(rng, STUDY_DESIGNS)
    values = {
        "mode": mode,
        "Mode": cap(mode),
        "population": population,
        "Population": cap(population),
        "outcome": outcome,
        "design": design,
    }
    title = pick(rng, WRONG_POPULATION_TITLES).format(**values)
    n, months = rng.randint(18, 400), pick(rng, (3, 6, 12))
    abstract = _WRONG_POPULATION["abstract"].format(n=n, months=months, **values)
    return StudyText(title, abstract, [mode, outcome, "peer support"])


def editorial_text(rng: random.Random, context: str, year: int) -> StudyText:
    """An editorial on (e-)mentoring: no abstract, as most editorials in WOS."""
    words = CONTEXT_WORDS[context]
    term = e_term(rng, year)
    title = pick(rng, EDITORIAL_TITLES).format(
        term=term,
        Term=cap(term),
        field_noun=words.field_noun,
        mentees=pick(rng, words.mentees),
        field=words.field,
    )
    return StudyText(title, "", [])


def letter_text(rng: random.Random, context: str, year: int) -> StudyText:
    words = CONTEXT_WORDS[context]
    term = e_term(rng, year)
    title = pick(rng, LETTER_TITLES).format(
        term=term, Term=cap(term), mentees=pick(rng, words.mentees)
    )
    return StudyText(title, "", [])


def news_text(rng: random.Random) -> StudyText:
    return StudyText(pick(rng, NEWS_TITLES), "", [])


def book_review_text(rng: random.Random) -> StudyText:
    return StudyText(pick(rng, BOOK_TITLES), "", [])


# --------------------------------------------------------------------------- other languages


def foreign_text(rng: random.Random, language: str, context: str, year: int) -> StudyText:
    """An e-mentoring article in another language: its (or a translated) title, English abstract."""
    term = e_term(rng, year)
    title = pick(rng, FOREIGN_TITLES[language])
    words = CONTEXT_WORDS[context]
    abstract = _DATA["foreign"]["abstract"].format(language=language, term=term, field=words.field)
    return StudyText(title, abstract, [term, pick(rng, words.keywords)])
