"""The synthetic default corpus: `build_corpus(seed)` and `write_corpus(corpus, root)`.

`build_corpus` plans every publication of a Web of Science search on electronic mentoring with
its fate in the default run (see `PLAN`: the counts per fate and reason, exactly 80 included),
writes its bibliographic record (`texts.py`, `records.py`), adds the duplicates a real search
brings (the same record found by both searches; fuzzy duplicates with other accession numbers:
meeting abstract and article, early-access and final version, corrected title, missing DOI,
abbreviated journal, HTML entities, lost accents) and the near-misses that are *not* duplicates
(Part 1 / Part 2, one title in two years, editorials titled "Editorial", a letter and its reply,
conference papers and their extended journal versions, correction notices), and decides which
search found each record. Everything follows from the seed.

`write_corpus` writes, under `<root>/data/raw/`:
- `wos_primary/savedrecs.txt`, `savedrecs(1).txt`, ...: the primary search, plain text, UTF-8
  with BOM, batches of 500 records, newest first;
- `wos_supplementary/savedrecs.txt`: the overlapping supplementary search, tab-delimited
  UTF-16LE with BOM, CRLF, trailing tab;
- `searches.yaml`: the search-run manifest; `README.md`: what the corpus is and how it was made.

`generate(root, seed)` does both and is the one entry point of `scripts/generate_corpus.py`;
later stages add the inputs they generate from the same truth (screening decisions, CASP
scores, codes) there, so that one test checks that all of it regenerates byte for byte.
"""

from __future__ import annotations

import html
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from metasynth.synthetic import texts
from metasynth.synthetic.publications import (
    FATES,
    PRIMARY_SEARCH,
    SUPPLEMENTARY_SEARCH,
    Corpus,
    NearMiss,
    Publication,
    Record,
)
from metasynth.synthetic.records import (
    Address,
    Author,
    Paper,
    apply_variations,
    ascii_fold,
    citation_counts,
    delivery_number,
    make_doi,
    month_for_issue,
    paper_fields,
    pick,
    random_team,
    reference_pool,
    sort_references,
    synthetic_orcid,
    synthetic_pmid,
    synthetic_researcher_id,
    volume_issue,
)
from metasynth.synthetic.themes import CONCEPTS
from metasynth.synthetic.vocabulary import (
    CONFERENCES,
    DEPARTMENTS,
    FUNDERS,
    JOURNALS,
    JOURNALS_BY_KEY,
    KEYWORDS_PLUS,
    LANGUAGE_COUNTRIES,
    MONTHS,
    OPEN_ACCESS,
    Conference,
    Journal,
    make_ut,
)
from metasynth.synthetic.wos_writer import Value, write_plaintext, write_tab_delimited
from metasynth.tables import write_text

DEFAULT_SEED = 20240115
"""Seed of the committed corpus (the date the reference search was run, as a number)."""

EXPORT_DATES: dict[str, str] = {
    PRIMARY_SEARCH: "2024-01-15",
    SUPPLEMENTARY_SEARCH: "2024-01-29",
}
BATCH_SIZE = 500
"""Records per file of the primary search, as the WOS web interface exports them."""

RAW_DIR = Path("data") / "raw"
GITATTRIBUTES = (
    "# Generated: keep the synthetic exports byte for byte (no line-end conversion).\n* -text\n"
)

SEARCHES: dict[str, dict[str, str]] = {
    PRIMARY_SEARCH: {
        "query": 'TS=("e-mentor*" OR "electronic mentor*" OR "online mentor*" OR "virtual '
        'mentor*" OR "telementor*" OR "tele-mentor*" OR "cybermentor*")',
        "filters": "Web of Science Core Collection, all indexes, all years, all document types "
        "and languages; exported as Full Record and Cited References, plain text",
    },
    SUPPLEMENTARY_SEARCH: {
        "query": "TS=(mentor* NEAR/3 (online OR virtual OR internet OR web-based OR "
        '"computer-mediated" OR email OR remote OR digital))',
        "filters": "Web of Science Core Collection, all indexes, all years; exported as Full "
        "Record and Cited References, tab-delimited (Win, UTF-16)",
    },
}

PLAN: dict[tuple[str, str], int] = {
    ("excluded_automatic", "year_range"): 44,
    ("excluded_automatic", "document_type"): 92,
    ("excluded_automatic", "language"): 28,
    ("excluded_title_abstract", "not_e_mentoring"): 380,
    ("excluded_title_abstract", "not_mentoring"): 320,
    ("excluded_title_abstract", "not_empirical"): 95,
    ("excluded_title_abstract", "wrong_population"): 65,
    ("not_retrieved", ""): 6,
    ("excluded_full_text", "not_e_mentoring"): 16,
    ("excluded_full_text", "no_qualitative_findings"): 30,
    ("excluded_full_text", "insufficient_detail"): 12,
    ("excluded_full_text", "duplicate_study"): 8,
    ("excluded_appraisal", ""): 22,
    ("included", ""): 80,
}
"""Publications per planned fate and reason. The default run must end at exactly 80 included."""

N_INCLUDED = 80

# Designs of the included studies (qualitative or mixed methods, as a meta-synthesis needs).
INCLUDED_DESIGNS: dict[str, int] = {
    "interviews": 28,
    "focus_groups": 12,
    "mixed_methods": 14,
    "case_study": 10,
    "qualitative_survey": 6,
    "ethnography": 4,
    "review": 6,
}
INCLUDED_CONTEXTS: dict[str, int] = {
    "higher_education": 22,
    "medicine": 16,
    "nursing": 12,
    "teacher_education": 12,
    "business": 9,
    "youth": 9,
}

# How often the literature reports each concept (relative), and where it is reported more.
CONCEPT_WEIGHTS: dict[str, float] = {
    "trust_building": 3.0,
    "matching": 3.0,
    "platform_usability": 2.6,
    "feedback": 2.4,
    "mentor_training": 2.4,
    "institutional_support": 2.2,
    "time_management": 2.2,
    "psychosocial_support": 2.0,
    "career_guidance": 1.8,
    "technical_infrastructure": 1.8,
    "communication_tools": 1.6,
    "rapport_relationship": 1.6,
    "goal_setting": 1.6,
    "digital_literacy_mentor": 1.6,
    "commitment_availability": 1.5,
    "social_presence": 1.4,
    "knowledge_sharing": 1.4,
    "online_communication_skills": 1.3,
    "responsiveness": 1.2,
    "security_privacy": 1.2,
    "role_clarity": 1.2,
    "orientation": 1.1,
    "progress_monitoring": 1.1,
    "coordination": 1.0,
    "accessibility": 1.0,
    "reflection": 1.0,
    "peer_community": 1.0,
    "evaluation_monitoring": 0.9,
    "empathy": 0.9,
    "integrated_features": 0.9,
    "incentives_recognition": 0.9,
    "programme_governance": 0.8,
    "resource_allocation": 0.8,
    "cultural_sensitivity": 0.8,
    "mentee_preparation": 0.8,
    "resource_provision": 0.8,
    "conflict_resolution": 0.7,
    "subject_expertise": 0.7,
    "system_reliability": 0.7,
    "matching_tool": 0.7,
    "policy_guidelines": 0.7,
    "mentoring_culture": 0.7,
    "technical_support": 0.6,
    "relationship_closure": 0.6,
    "access_control": 0.5,
    "activity_analytics": 0.5,
    "sustainable_funding": 0.6,
    "staff_capacity": 0.5,
    "quality_assurance": 0.4,
    "multimedia_support": 0.4,
}
CONTEXT_AFFINITY: dict[str, dict[str, float]] = {
    "higher_education": {"accessibility": 1.6, "peer_community": 1.6, "social_presence": 1.5},
    "medicine": {"career_guidance": 2.0, "psychosocial_support": 1.5, "subject_expertise": 1.6},
    "nursing": {"psychosocial_support": 2.0, "reflection": 1.5, "time_management": 1.4},
    "teacher_education": {"reflection": 2.0, "feedback": 1.5, "peer_community": 1.5},
    "business": {"knowledge_sharing": 2.0, "career_guidance": 1.5, "cultural_sensitivity": 1.5},
    "youth": {
        "security_privacy": 2.2,
        "policy_guidelines": 2.2,
        "trust_building": 1.5,
        "rapport_relationship": 1.5,
    },
}
MIN_DOCUMENTS_PER_CONCEPT = 3


def _year_weight(year: int) -> float:
    """Records per year: the literature grows, with a visible rise in 2020-2022 (COVID-19)."""
    weight: float = (1.0 + 0.16 * (year - 2000)) ** 1.7
    return weight * (1.4 if 2020 <= year <= 2022 else 1.0)


IN_RANGE_YEARS = tuple(range(2000, 2024))
IN_RANGE_WEIGHTS = tuple(_year_weight(y) for y in IN_RANGE_YEARS)


@dataclass
class _Spec:
    """A publication as planned, before its text and records are written."""

    fate: str
    reason: str = ""
    kind: str = "study"  # which writer of texts.py makes its title and abstract
    context: str = ""
    design: str = ""
    year: int = 2015
    doc_type: str = "Article"
    language: str = "English"
    early_access_only: bool = False  # Early Access: EA/EY, no PY, volume or pages yet
    early_access_before: bool = False  # final version that was first out as early access
    borderline: bool = False
    weak: bool = False
    blended: bool = False
    brief: bool = False
    proceedings: bool = False
    concepts: tuple[str, ...] = ()
    team: int | None = None  # shared author team (same authors on related papers)
    journal_key: str = ""
    title: str = ""  # fixed title (near misses); else written by texts.py
    abstract: str | None = None
    special: int | None = None
    note: str = ""
    duplicates: list[str] = field(default_factory=list)  # secondary records to make
    correction_of: int | None = None  # index of the spec a correction notice corrects
    part_of: tuple[int, int] | None = None  # (index of Part 1, part number) for Part n
    quality: str = ""


class _Builder:
    """Builds the corpus in steps: plan, concepts, texts and records, searches, files."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.specs: list[_Spec] = []
        self.near: list[tuple[int, int, str, str]] = []  # spec a, spec b, kind, note
        self.teams: list[tuple[list[Author], list[Address]]] = []
        self.title_keys: list[str] = []
        self.used_uts: set[int] = set()
        self.doi_number = 0
        self.pmid_number = 0
        self.references = reference_pool(random.Random(seed + 1), 2500, 2024)
        self.papers: list[Paper] = []
        self.on_topic: list[bool] = []  # per paper: an e-mentoring study others may cite
        self.publications: list[Publication] = []

    # ------------------------------------------------------------------ planning

    def _add(self, spec: _Spec) -> int:
        self.specs.append(spec)
        return len(self.specs) - 1

    def _team(self, context: str, countries: tuple[str, ...] = ()) -> int:
        authors, addresses = random_team(
            self.rng,
            DEPARTMENTS[context or "higher_education"],
            countries=countries,
            medical=context in ("medicine", "nursing"),
            n_authors=pick(self.rng, (2, 3, 3, 4, 5)),
        )
        self.teams.append((authors, addresses))
        return len(self.teams) - 1

    def _in_range_year(self, low: int = 2000, high: int = 2023) -> int:
        years = [y for y in IN_RANGE_YEARS if low <= y <= high]
        weights = [IN_RANGE_WEIGHTS[y - 2000] for y in years]
        return self.rng.choices(years, weights)[0]

    def plan(self) -> None:
        """Every publication with its fate; special structures first, then the rest."""
        rng = self.rng
        contexts = list(texts.CONTEXTS)
        included: list[_Spec] = []

        def study(fate: str, reason: str = "", **kwargs: object) -> _Spec:
            spec = _Spec(fate=fate, reason=reason, **kwargs)  # type: ignore[arg-type]
            if fate == "included":
                spec.quality = "high"
                included.append(spec)
            elif fate == "excluded_appraisal":
                spec.quality = "low"
            return spec

        # --- fuzzy duplicate groups (one publication, several records) ---------------------
        for fate, reason, kind, design in (
            ("included", "", "study", "interviews"),
            ("excluded_full_text", "no_qualitative_findings", "study", "rct"),
            ("excluded_title_abstract", "not_e_mentoring", "face_to_face", ""),
        ):
            self._add(
                study(
                    fate,
                    reason,
                    kind=kind,
                    context="medicine",
                    design=design,
                    year=self._in_range_year(2010, 2022),
                    journal_key="jgim",
                    duplicates=["meeting_abstract"],
                    note="published as a meeting abstract first, then as an article",
                )
            )
        self._add(
            study(
                "included",
                context="higher_education",
                design="focus_groups",
                year=2021,
                early_access_before=True,
                duplicates=["early_access"],
                note="early-access record and final-version record",
            )
        )
        self._add(
            study(
                "excluded_title_abstract",
                "not_mentoring",
                kind="not_mentoring",
                context="offtopic",
                year=2023,
                early_access_before=True,
                duplicates=["early_access"],
                note="early-access record and final-version record",
            )
        )
        self._add(
            study(
                "excluded_automatic",
                "year_range",
                context="nursing",
                design="interviews",
                year=2024,
                early_access_before=True,
                duplicates=["early_access"],
                note="early access in 2023, final version in 2024: the publication "
                "year is 2024, outside 2000-2023",
            )
        )
        self._add(
            study(
                "included",
                context="nursing",
                design="interviews",
                year=self._in_range_year(2008, 2022),
                duplicates=["corrected_title"],
                note="a second record with a typo in the title",
            )
        )
        self._add(
            study(
                "excluded_appraisal",
                context="youth",
                design="case_study",
                weak=True,
                year=self._in_range_year(2008, 2022),
                duplicates=["doi_missing"],
                note="a second record without DOI",
            )
        )
        self._add(
            study(
                "included",
                context="teacher_education",
                design="interviews",
                year=self._in_range_year(2008, 2022),
                journal_key="mentut",
                duplicates=["journal_abbreviated"],
                note="a second record with the journal name abbreviated",
            )
        )
        self._add(
            study(
                "included",
                kind="quote_study",
                context="higher_education",
                design="interviews",
                year=self._in_range_year(2010, 2022),
                duplicates=["html_entities"],
                note="a second record with HTML entities in the title",
            )
        )
        self._add(
            study(
                "included",
                context="business",
                design="mixed_methods",
                year=self._in_range_year(2010, 2022),
                team=self._team("business", ("Spain", "Turkiye")),
                duplicates=["accents_stripped"],
                note="a second record with accents stripped from names",
            )
        )
        self._add(
            study(
                "excluded_automatic",
                "language",
                kind="foreign",
                language="Spanish",
                context="higher_education",
                year=self._in_range_year(2008, 2022),
                duplicates=["accents_stripped"],
                note="a second record with accents stripped from title and names",
            )
        )

        # --- near misses (distinct publications that look alike) ----------------------------
        team = self._team("nursing")
        part1 = self._add(
            study(
                "excluded_title_abstract",
                "not_empirical",
                kind="part",
                context="nursing",
                year=2016,
                team=team,
                journal_key="jonm",
                note="Part 1 of a two-part paper: the programme's design",
            )
        )
        part2 = self._add(
            study(
                "included",
                kind="part",
                context="nursing",
                design="interviews",
                year=2016,
                team=team,
                journal_key="jonm",
                part_of=(part1, 2),
                note="Part 2 of a two-part paper: the evaluation",
            )
        )
        self.specs[part1].part_of = (part1, 1)
        self.near.append((part1, part2, "part_1_part_2", "Part 1 and Part 2 of one series"))

        team = self._team("teacher_education")
        first = self._add(
            study(
                "excluded_full_text",
                "no_qualitative_findings",
                context="teacher_education",
                design="survey",
                year=2009,
                team=team,
                journal_key="tate",
                kind="same_title",
                note="same title as a later paper by the same team",
            )
        )
        second = self._add(
            study(
                "included",
                context="teacher_education",
                design="interviews",
                year=2017,
                team=team,
                journal_key="ejte",
                kind="same_title",
                note="same title as an earlier paper by the same team",
            )
        )
        self.near.append(
            (
                first,
                second,
                "same_title_other_year",
                "same title and team, different study, year and journal",
            )
        )

        editorials = [
            self._add(
                _Spec(
                    "excluded_automatic",
                    "document_type",
                    kind="editorial_titled",
                    context=c,
                    year=y,
                    doc_type="Editorial Material",
                    journal_key=j,
                    note='an editorial titled "Editorial"',
                )
            )
            for c, y, j in (
                ("teacher_education", 2006, "mentut"),
                ("teacher_education", 2015, "ijmce"),
                ("medicine", 2021, "medteach"),
            )
        ]
        for a, b in ((0, 1), (0, 2), (1, 2)):
            self.near.append(
                (
                    editorials[a],
                    editorials[b],
                    "same_generic_title",
                    'two editorials titled "Editorial" in different journals',
                )
            )

        letter = self._add(
            _Spec(
                "excluded_automatic",
                "document_type",
                kind="letter_fixed",
                context="medicine",
                year=2021,
                doc_type="Letter",
                journal_key="acadmed",
                note="a letter that received a reply",
            )
        )
        reply = self._add(
            _Spec(
                "excluded_automatic",
                "document_type",
                kind="reply",
                context="medicine",
                year=2021,
                doc_type="Letter",
                journal_key="acadmed",
                correction_of=letter,
                note="the reply to a letter, titled after it",
            )
        )
        self.near.append((letter, reply, "letter_and_reply", "a letter and the reply to it"))

        for _ in range(6):
            context = pick(rng, contexts)
            design = pick(rng, ("interviews", "focus_groups", "case_study", "mixed_methods"))
            year = self._in_range_year(2006, 2021)
            team = self._team(context)
            conference = self._add(
                study(
                    "excluded_full_text",
                    "duplicate_study",
                    context=context,
                    design=design,
                    year=year,
                    team=team,
                    proceedings=True,
                    doc_type="Proceedings Paper",
                    brief=True,
                    note="conference paper; its extended journal version is included",
                )
            )
            journal = self._add(
                study(
                    "included",
                    context=context,
                    design=design,
                    year=min(2023, year + pick(rng, (1, 1, 2))),
                    team=team,
                    note="extended journal version of a conference paper",
                )
            )
            self.near.append(
                (
                    conference,
                    journal,
                    "conference_and_journal_version",
                    "conference paper and its extended journal version (different "
                    "title): distinct publications, same study",
                )
            )
        for _ in range(2):
            context = pick(rng, contexts)
            year = self._in_range_year(2008, 2021)
            team = self._team(context)
            main = self._add(
                study(
                    "included",
                    context=context,
                    design="interviews",
                    year=year,
                    team=team,
                    note="main report of a study",
                )
            )
            short = self._add(
                study(
                    "excluded_full_text",
                    "duplicate_study",
                    context=context,
                    design="interviews",
                    year=year + 1,
                    team=team,
                    brief=True,
                    note="a shorter report of the same study in another journal",
                )
            )
            self.near.append(
                (
                    main,
                    short,
                    "second_report_same_study",
                    "two reports of one study in different journals",
                )
            )

        # --- the rest, by fate and reason ---------------------------------------------------
        planned = Counter({k: v for k, v in PLAN.items()})
        for spec in self.specs:
            planned[(spec.fate, spec.reason)] -= 1

        # Correction notices of included or other studies (their titles repeat the original's).
        n_corrections = 6
        planned[("excluded_automatic", "document_type")] -= n_corrections

        for _ in range(planned[("included", "")]):
            self._add(study("included", context="", design=""))
        # Contexts and designs of the included studies, in the planned proportions.
        self._assign_included(included)

        for _ in range(planned[("excluded_appraisal", "")]):
            context = pick(rng, contexts)
            self._add(
                study(
                    "excluded_appraisal",
                    context=context,
                    weak=True,
                    design=pick(rng, ("interviews", "case_study", "qualitative_survey")),
                    year=self._in_range_year(),
                )
            )
        for _ in range(planned[("not_retrieved", "")]):
            self._add(
                study(
                    "not_retrieved",
                    context=pick(rng, contexts),
                    design=pick(rng, ("interviews", "case_study", "mixed_methods")),
                    year=self._in_range_year(2000, 2012),
                    proceedings=rng.random() < 0.5,
                    note="full text could not be obtained",
                )
            )
        for reason, n in (
            ("not_e_mentoring", planned[("excluded_full_text", "not_e_mentoring")]),
            ("no_qualitative_findings", planned[("excluded_full_text", "no_qualitative_findings")]),
            ("insufficient_detail", planned[("excluded_full_text", "insufficient_detail")]),
        ):
            for _ in range(n):
                context = pick(rng, contexts)
                design = {
                    "not_e_mentoring": pick(rng, ("interviews", "focus_groups")),
                    "no_qualitative_findings": pick(rng, texts.QUANTITATIVE_DESIGNS),
                    "insufficient_detail": "programme_report",
                }[reason]
                self._add(
                    study(
                        "excluded_full_text",
                        reason,
                        context=context,
                        design=design,
                        year=self._in_range_year(),
                        blended=reason == "not_e_mentoring",
                        brief=reason == "insufficient_detail",
                    )
                )

        ta = "excluded_title_abstract"
        for _ in range(planned[(ta, "not_e_mentoring")]):
            self._add(
                _Spec(
                    ta,
                    "not_e_mentoring",
                    kind="face_to_face",
                    context=pick(rng, contexts),
                    year=self._in_range_year(),
                    borderline=rng.random() < 0.07,
                )
            )
        n_specials = len(texts.NOT_MENTORING_SPECIALS)
        for index in range(planned[(ta, "not_mentoring")]):
            special = index if index < n_specials else None
            self._add(
                _Spec(
                    ta,
                    "not_mentoring",
                    kind="not_mentoring",
                    context="offtopic",
                    year=self._in_range_year(),
                    special=special,
                    # Surgical and robotic telementoring: reviewers may well disagree.
                    borderline=special in (1, 5) or rng.random() < 0.03,
                )
            )
        for _ in range(planned[(ta, "not_empirical")]):
            self._add(
                _Spec(
                    ta,
                    "not_empirical",
                    kind="not_empirical",
                    context=pick(rng, contexts),
                    year=self._in_range_year(2003, 2023),
                    doc_type="Review" if rng.random() < 0.15 else "Article",
                    borderline=rng.random() < 0.12,
                )
            )
        for _ in range(planned[(ta, "wrong_population")]):
            self._add(
                _Spec(
                    ta,
                    "wrong_population",
                    kind="wrong_population",
                    context="offtopic",
                    year=self._in_range_year(2005, 2023),
                    borderline=rng.random() < 0.12,
                )
            )

        # Automatic exclusions: years outside 2000-2023 ...
        auto = "excluded_automatic"
        n_year = planned[(auto, "year_range")]
        years = [1998] * 6 + [1999] * 9
        years += [2024] * (n_year - len(years))
        for index, year in enumerate(years):
            kind = pick(rng, ("study", "study", "face_to_face", "not_mentoring"))
            context = pick(rng, contexts) if kind != "not_mentoring" else "offtopic"
            self._add(
                _Spec(
                    auto,
                    "year_range",
                    kind=kind,
                    context=context,
                    year=year,
                    design=pick(rng, ("interviews", "survey", "case_study")),
                    early_access_only=year == 2024 and index % 3 == 0,
                )
            )
        # ... document types ...
        doc_types = (
            ["Editorial Material"] * 28
            + ["Book Review"] * 14
            + ["Meeting Abstract"] * 26
            + ["Letter"] * 10
            + ["News Item"] * 2
            + ["Article; Retracted Publication"]
        )
        doc_types += ["Meeting Abstract"] * (planned[(auto, "document_type")] - len(doc_types))
        kinds = {
            "Editorial Material": "editorial",
            "Book Review": "book_review",
            "Meeting Abstract": "meeting_abstract",
            "Letter": "letter",
            "News Item": "news",
            "Article; Retracted Publication": "study",
        }
        for doc_type in doc_types:
            context = (
                pick(rng, ("medicine", "nursing"))
                if doc_type == "Meeting Abstract"
                else (pick(rng, contexts))
            )
            self._add(
                _Spec(
                    auto,
                    "document_type",
                    kind=kinds[doc_type],
                    context=context,
                    design="interviews",
                    doc_type=doc_type,
                    year=self._in_range_year(2002, 2023),
                )
            )
        # ... and languages.
        languages = ["Spanish"] * 7 + ["Portuguese"] * 6 + ["German"] * 5 + ["Turkish"] * 4
        languages += ["Russian"] * (planned[(auto, "language")] - len(languages))
        for language in languages:
            context = pick(rng, ("higher_education", "teacher_education", "nursing", "medicine"))
            self._add(
                _Spec(
                    auto,
                    "language",
                    kind="foreign",
                    language=language,
                    context=context,
                    year=self._in_range_year(2006, 2023),
                )
            )

        # Early access without a final version yet (2023): eligible through EY.
        recent = [
            s
            for s in self.specs
            if s.year == 2023
            and s.fate != auto
            and not s.duplicates
            and s.kind in ("study", "face_to_face", "not_mentoring", "not_empirical")
            and not s.proceedings
            and s.team is None
        ]
        for spec in recent[::4]:
            spec.early_access_only = True
        # Proceedings papers, reviews and journal-published conference papers among the rest.
        for spec in self.specs:
            if (
                spec.kind in ("study", "face_to_face", "not_mentoring")
                and not spec.duplicates
                and spec.team is None
                and not spec.early_access_only
                and spec.doc_type == "Article"
                and spec.fate != "included"
            ):
                draw = rng.random()
                if draw < 0.09 and spec.year >= 2006:
                    spec.proceedings = True
                    spec.doc_type = "Proceedings Paper"
                elif draw < 0.11:
                    spec.doc_type = "Article; Proceedings Paper"
            if spec.fate == "included" and spec.design == "review":
                spec.doc_type = "Review"
            if spec.proceedings and spec.doc_type == "Article":
                spec.doc_type = "Proceedings Paper"

        # Correction notices: of three included studies and three others.
        included_specs = [
            i
            for i, s in enumerate(self.specs)
            if s.fate == "included"
            and s.team is None
            and not s.duplicates
            and not s.proceedings
            and not s.early_access_only
        ]
        others = [
            i
            for i, s in enumerate(self.specs)
            if s.fate == "excluded_title_abstract"
            and s.kind == "face_to_face"
            and not s.proceedings
            and not s.early_access_only
        ]
        for original in rng.sample(included_specs, 3) + rng.sample(others, 3):
            source = self.specs[original]
            correction = self._add(
                _Spec(
                    auto,
                    "document_type",
                    kind="correction",
                    context=source.context,
                    year=min(2023, source.year + pick(rng, (0, 1))),
                    doc_type="Correction",
                    correction_of=original,
                    note="correction notice; its title repeats the "
                    "original's with the volume and page corrected",
                )
            )
            self.near.append(
                (
                    original,
                    correction,
                    "correction_notice",
                    "an article and the correction notice that repeats its title",
                )
            )

        counts = Counter((s.fate, s.reason) for s in self.specs)
        if counts != Counter(PLAN):
            raise AssertionError(
                f"plan not met: {counts - Counter(PLAN)} / {Counter(PLAN) - counts}"
            )

    def _assign_included(self, included: list[_Spec]) -> None:
        """Contexts, designs, years and concepts of the 80 included studies."""
        rng = self.rng
        if len(included) != N_INCLUDED:
            raise AssertionError(f"{len(included)} included studies planned, not {N_INCLUDED}")
        fixed_context = Counter(s.context for s in included if s.context)
        fixed_design = Counter(s.design for s in included if s.design)
        context_pool = [
            c for c, n in INCLUDED_CONTEXTS.items() for _ in range(n - fixed_context[c])
        ]
        design_pool = [d for d, n in INCLUDED_DESIGNS.items() for _ in range(n - fixed_design[d])]
        rng.shuffle(context_pool)
        rng.shuffle(design_pool)
        for spec in included:
            if not spec.context:
                spec.context = context_pool.pop()
            if not spec.design:
                spec.design = design_pool.pop()
                spec.year = self._in_range_year(2003, 2023)
        # Concepts: each study supports 4-9 concepts (reviews 8-12), drawn by how often the
        # literature reports them and by context; every concept ends up in >= 3 studies.
        concept_ids = list(CONCEPTS)
        for spec in included:
            affinity = CONTEXT_AFFINITY.get(spec.context, {})
            weights = [CONCEPT_WEIGHTS[c] * affinity.get(c, 1.0) for c in concept_ids]
            n = rng.randint(8, 12) if spec.design == "review" else rng.randint(4, 9)
            chosen: list[str] = []
            while len(chosen) < n:
                concept = rng.choices(concept_ids, weights)[0]
                if concept not in chosen:
                    chosen.append(concept)
            spec.concepts = tuple(chosen)
        support = Counter(c for s in included for c in s.concepts)
        for concept in concept_ids:
            while support[concept] < MIN_DOCUMENTS_PER_CONCEPT:
                candidates = [s for s in included if concept not in s.concepts]
                fewest = min(len(s.concepts) for s in candidates)
                target = pick(rng, [s for s in candidates if len(s.concepts) == fewest])
                target.concepts = (*target.concepts, concept)
                support[concept] += 1
        for spec in included:
            # Findings are reported in framework order within a study, as a results section.
            order = {c: i for i, c in enumerate(concept_ids)}
            spec.concepts = tuple(sorted(spec.concepts, key=order.__getitem__))

    # ------------------------------------------------------------------ texts

    def _title_is_new(self, title: str) -> bool:
        key = _title_words(title)
        if not key or key in self.title_keys:
            return False
        match = process.extractOne(key, self.title_keys, scorer=fuzz.ratio, score_cutoff=88)
        return match is None

    def _remember_title(self, title: str) -> None:
        self.title_keys.append(_title_words(title))

    def _unique(self, make: Callable[[], texts.StudyText]) -> texts.StudyText:
        for _ in range(400):
            text = make()
            if self._title_is_new(text.title):
                self._remember_title(text.title)
                return text
        raise RuntimeError(f"no new title after 400 attempts (last: {text.title!r})")

    def _text(self, index: int, spec: _Spec) -> texts.StudyText:
        rng = self.rng
        kind = spec.kind
        if kind in ("study", "quote_study", "same_title", "part"):
            design = spec.design or "interviews"
            concepts = spec.concepts
            if not concepts and spec.fate in (
                "excluded_appraisal",
                "excluded_full_text",
                "not_retrieved",
                "excluded_automatic",
            ):
                # Studies that are not included still report a few themes in their abstracts.
                concepts = tuple(rng.sample(list(CONCEPTS), rng.randint(2, 4)))

            mentees = "newly graduated nurses" if kind == "part" else None

            def make() -> texts.StudyText:
                return texts.study_text(
                    rng,
                    context=spec.context,
                    design=design,
                    year=spec.year,
                    concepts=concepts,
                    weak=spec.weak,
                    blended=spec.blended,
                    brief=spec.brief,
                    mentees=mentees,
                )

            if kind == "quote_study":

                def make_quote() -> texts.StudyText:
                    text = make()
                    while "'" not in text.title:
                        text = make()
                    return text

                return self._unique(make_quote)
            if kind == "same_title":
                first = next(s for s in self.specs if s.kind == "same_title")
                if spec is not first:
                    text = make()
                    text.title = first.title
                    return text
                text = self._unique(make)
                spec.title = text.title
                return text
            if kind == "part" and spec.part_of is not None:
                part_index, number = spec.part_of
                if number == 1:
                    text = self._unique(
                        lambda: texts.not_empirical_text(rng, spec.context, spec.year)
                    )
                    stem = f"{texts._cap(texts.e_term(rng, spec.year))} for newly graduated nurses"
                    text.title = f"{stem}. Part 1: programme design and implementation"
                    spec.title = stem
                    self._remember_title(text.title)
                    return text
                text = make()
                text.title = (
                    f"{self.specs[part_index].title}. Part 2: a qualitative evaluation "
                    "of mentors' and mentees' experiences"
                )
                return text
            return self._unique(make)
        if kind == "face_to_face":
            return self._unique(lambda: texts.face_to_face_text(rng, spec.context))
        if kind == "not_mentoring":
            if spec.special is not None:
                text = texts.not_mentoring_text(rng, spec.special)
                self._remember_title(text.title)
                return text
            return self._unique(lambda: texts.not_mentoring_text(rng))
        if kind == "not_empirical":
            return self._unique(lambda: texts.not_empirical_text(rng, spec.context, spec.year))
        if kind == "wrong_population":
            return self._unique(lambda: texts.wrong_population_text(rng))
        if kind == "editorial":
            return self._unique(lambda: texts.editorial_text(rng, spec.context, spec.year))
        if kind == "editorial_titled":
            return texts.StudyText("Editorial", "", [])
        if kind == "letter":
            return self._unique(lambda: texts.letter_text(rng, spec.context, spec.year))
        if kind == "letter_fixed":
            text = texts.StudyText(texts.LETTER_TITLES[0], "", [])
            self._remember_title(text.title)
            return text
        if kind == "reply":
            letter = self.specs[spec.correction_of or 0]
            return texts.StudyText(f"Reply to: {letter.title}", "", [])
        if kind == "news":
            return self._unique(lambda: texts.news_text(rng))
        if kind == "book_review":
            return self._unique(lambda: texts.book_review_text(rng))
        if kind == "meeting_abstract":

            def make_abstract() -> texts.StudyText:
                text = texts.study_text(
                    rng,
                    context=spec.context,
                    design=spec.design,
                    year=spec.year,
                    concepts=(),
                    brief=True,
                )
                text.abstract = " ".join(text.abstract.split(". ")[:3]).rstrip(".") + "."
                return text

            return self._unique(make_abstract)
        if kind == "foreign":
            return self._unique(
                lambda: texts.foreign_text(rng, spec.language, spec.context, spec.year)
            )
        if kind == "correction":
            original = self.papers[spec.correction_of or 0]
            volume = original.volume or str(rng.randint(10, 60))
            page = original.begin_page or original.article_number or str(rng.randint(1, 900))
            year = original.year or original.early_access_year or spec.year
            title = f"{original.title} (vol {volume}, pg {page}, {year})"
            return texts.StudyText(title, "", [])
        raise ValueError(f"unknown kind {kind!r}")

    # ------------------------------------------------------------------ records

    def _new_ut(self) -> str:
        while True:
            number = self.rng.randrange(10**11, 10**12)
            if number not in self.used_uts:
                self.used_uts.add(number)
                return make_ut(number)

    def _journal(self, spec: _Spec) -> Journal:
        if spec.journal_key:
            return JOURNALS_BY_KEY[spec.journal_key]
        if spec.kind == "meeting_abstract":
            return JOURNALS_BY_KEY[
                pick(self.rng, ("jgim", "acadmed", "medu", "medteach", "jsurged", "nedt"))
            ]
        if spec.kind == "wrong_population":
            pool = [
                j
                for j in JOURNALS
                if j.language == "English" and {"offtopic", "medicine", "nursing"} & set(j.contexts)
            ]
        elif spec.kind == "not_mentoring":
            pool = [
                j
                for j in JOURNALS
                if j.language == "English"
                and ("offtopic" in j.contexts or "higher_education" in j.contexts)
            ]
        elif spec.language != "English":
            pool = [j for j in JOURNALS if j.language == spec.language]
        else:
            pool = [j for j in JOURNALS if j.language == "English" and spec.context in j.contexts]
        # A journal cannot publish before its first volume.
        pool = [j for j in pool if j.first_year <= spec.year]
        return pick(
            self.rng,
            pool or [j for j in JOURNALS if j.language == "English" and j.first_year <= spec.year],
        )

    def _conference(self, spec: _Spec) -> Conference:
        pool = [c for c in CONFERENCES if c.first_year <= spec.year]
        return pick(self.rng, pool)

    def _corpus_citations(self, spec: _Spec) -> list[str]:
        """References to earlier on-topic publications of the corpus (a citation network)."""
        if spec.kind not in ("study", "quote_study", "same_title", "part"):
            return []
        earlier = [
            p
            for p, on_topic in zip(self.papers, self.on_topic, strict=True)
            if on_topic
            and p.year is not None
            and p.year < spec.year
            and p.doi
            and p.journal is not None
        ]
        chosen = self.rng.sample(earlier, min(len(earlier), self.rng.randint(0, 5)))
        return [
            f"{ascii_fold(p.authors[0].surname)} {p.authors[0].initials}, {p.year}, "
            f"{p.journal.j9}, V{p.volume}, P{p.begin_page or p.article_number}, DOI {p.doi}"
            for p in chosen
            if p.journal is not None
        ]

    def _paper(self, index: int, spec: _Spec, text: texts.StudyText) -> Paper:
        rng = self.rng
        if spec.team is not None:
            authors, addresses = self.teams[spec.team]
        elif spec.kind == "news" and rng.random() < 0.5:
            authors, addresses = [], []
        else:
            countries = LANGUAGE_COUNTRIES.get(spec.language, ())
            n_authors = None
            if spec.kind in (
                "editorial",
                "letter",
                "book_review",
                "news",
                "editorial_titled",
                "reply",
                "letter_fixed",
            ):
                n_authors = pick(rng, (1, 1, 2, 3))
            authors, addresses = random_team(
                rng,
                DEPARTMENTS[spec.context or "higher_education"],
                countries=countries,
                medical=spec.context in ("medicine", "nursing"),
                n_authors=n_authors,
            )
        if spec.kind == "correction":
            original = self.papers[spec.correction_of or 0]
            authors, addresses = original.authors, original.addresses
            if original.journal is not None:
                spec.journal_key = original.journal.key
        year = spec.year
        n_references = {
            "editorial": rng.randint(2, 12),
            "editorial_titled": rng.randint(0, 6),
            "letter": rng.randint(1, 6),
            "letter_fixed": rng.randint(2, 5),
            "reply": rng.randint(1, 4),
            "book_review": rng.randint(0, 1),
            "news": 0,
            "meeting_abstract": 0,
            "correction": rng.randint(0, 1),
        }.get(spec.kind, rng.randint(18, 62))
        references = rng.sample(self.references, n_references)
        references += self._corpus_citations(spec)
        references = [r for r in references if _cited_year(r) <= year]
        tc, z9, u1, u2 = citation_counts(rng, year, 2024)
        if spec.kind in (
            "editorial",
            "editorial_titled",
            "letter",
            "letter_fixed",
            "reply",
            "news",
            "book_review",
            "meeting_abstract",
            "correction",
        ):
            tc, z9 = tc // 6, z9 // 6
        paper = Paper(
            ut=self._new_ut(),
            title=text.title,
            authors=list(authors),
            addresses=list(addresses),
            doc_type=spec.doc_type,
            language=spec.language,
            abstract=text.abstract,
            author_keywords=text.keywords if (year >= 2004 or rng.random() < 0.4) else [],
            keywords_plus=[],
            references=sort_references(references),
            times_cited=tc,
            times_cited_all=z9,
            usage_180=u1,
            usage_since_2013=u2,
            delivery_number=delivery_number(rng),
            reprint_author=0 if rng.random() < 0.8 or len(authors) < 2 else len(authors) - 1,
        )
        if text.keywords and spec.kind not in ("editorial", "letter", "news", "book_review"):
            context_words = KEYWORDS_PLUS.get(spec.context, KEYWORDS_PLUS["offtopic"])
            n_plus = rng.randint(0, 8)
            if spec.duplicates:
                # Its secondary records lack Keywords Plus: the primary must have some.
                n_plus = max(n_plus, 3)
            pool = list(dict.fromkeys(KEYWORDS_PLUS["core"] + context_words))
            paper.keywords_plus = rng.sample(pool, min(n_plus, len(pool)))
        if spec.proceedings:
            conference = self._conference(spec)
            paper.conference = conference
            paper.conference_edition = year - conference.first_year + 1
            paper.year = year
            first = rng.randint(1, 9000)
            paper.page_count = rng.randint(4, 10)
            paper.begin_page, paper.end_page = str(first), str(first + paper.page_count - 1)
            self.doi_number += 1
            if conference.key in ("fie", "lncs", "procedia") or rng.random() < 0.4:
                paper.doi = make_doi(conference.key, year, self.doi_number)
            if conference.key == "procedia":
                paper.volume = str(year - 2008)
        else:
            journal = self._journal(spec)
            paper.journal = journal
            paper.year = year
            paper.volume, paper.issue = volume_issue(journal, year, rng)
            paper.month = month_for_issue(journal, paper.issue)
            if spec.kind == "meeting_abstract":
                paper.issue = ""
                paper.supplement = str(pick(rng, (1, 1, 2)))
                page = rng.randint(40, 600)
                paper.begin_page = paper.end_page = f"S{page}"
                paper.page_count = 1
            else:
                length = {
                    "editorial": rng.randint(1, 3),
                    "editorial_titled": rng.randint(1, 2),
                    "letter": 1,
                    "letter_fixed": 1,
                    "reply": 1,
                    "book_review": rng.randint(1, 3),
                    "news": 1,
                    "correction": 1,
                }.get(spec.kind, rng.randint(6, 22))
                paper.page_count = length
                if journal.article_numbers and spec.kind not in ("correction",):
                    paper.article_number = str(rng.randint(100, 99999))
                else:
                    first = rng.randint(1, 1400)
                    paper.begin_page = str(first)
                    paper.end_page = str(first + length - 1)
                self.doi_number += 1
                paper.doi = make_doi(journal.key, year, self.doi_number)
            if spec.part_of is not None and spec.part_of[1] > 1:
                # Part 2 follows Part 1 in the same issue.
                part1 = self.papers[spec.part_of[0]]
                paper.volume, paper.issue, paper.month = part1.volume, part1.issue, part1.month
                first = int(part1.end_page) + 1
                paper.begin_page, paper.end_page = str(first), str(first + paper.page_count - 1)
            if journal.medline and (rng.random() < 0.85):
                self.pmid_number += 1
                paper.pmid = synthetic_pmid(self.pmid_number)
        if spec.early_access_only:
            paper.early_access = f"{pick(rng, MONTHS)} {year}"
            paper.early_access_year = year
            paper.year = None
            paper.volume = paper.issue = paper.month = paper.supplement = ""
            paper.begin_page = paper.end_page = paper.article_number = ""
            paper.doc_type = f"{spec.doc_type}; Early Access"
        elif spec.early_access_before:
            # The final version keeps the date it first appeared online (EA), a year before.
            paper.early_access = f"{pick(rng, MONTHS[8:])} {year - 1}"
            paper.early_access_year = year - 1
        if rng.random() < 0.3 and paper.authors:
            paper.orcids[0] = synthetic_orcid(rng)
        if rng.random() < 0.1 and len(paper.authors) > 1:
            paper.researcher_ids[len(paper.authors) - 1] = synthetic_researcher_id(
                rng, pick(rng, (2009, 2012, 2016, 2019, 2021))
            )
        if rng.random() < 0.25 and spec.kind not in ("correction", "news", "book_review"):
            funder, short = pick(rng, FUNDERS)
            grant = f"{short.upper().replace('+', '')}-{rng.randint(1000, 99999)}"
            paper.funding = [f"{funder} [{grant}]"]
            paper.funding_text = (
                f"This work was supported by the {funder} (grant {grant}). The funder had no "
                "role in the design of the study or the writing of the manuscript."
            )
        if rng.random() < 0.35 and year >= 2008:
            paper.open_access = pick(rng, OPEN_ACCESS)
        return paper

    def _fields(self, paper: Paper) -> dict[str, Value]:
        return paper_fields(paper)

    def _secondary(self, spec: _Spec, paper: Paper, kind: str) -> dict[str, Value]:
        """The fields of a fuzzy duplicate: another record of the same publication.

        Besides the variation that names it, a secondary record always lacks fields the primary
        has (Keywords Plus, organisation names, funding text, OA), so that whatever completeness
        rule dedup uses, the primary is strictly the most complete record.
        """
        rng = self.rng
        primary = self._fields(paper)
        fields: dict[str, Value] = {
            k: (v if isinstance(v, str) else list(v)) for k, v in primary.items()
        }
        for tag in ("ID", "C3", "FX", "FU", "OA", "RI", "OI"):
            fields.pop(tag, None)
        fields["UT"] = self._new_ut()
        fields["GA"] = delivery_number(rng)
        if kind == "meeting_abstract":
            sentences = str(primary.get("AB", "")).split(". ")
            fields["AB"] = ". ".join(sentences[:3]).rstrip(".") + "."
            fields["DT"] = "Meeting Abstract"
            for tag in ("DI", "CR", "DE", "AR", "IS", "PD", "PM", "EA", "EY"):
                fields.pop(tag, None)
            fields["NR"] = "0"
            fields["TC"] = fields["Z9"] = "0"
            fields["SU"] = "1"
            page = f"S{rng.randint(40, 600)}"
            fields["BP"] = fields["EP"] = page
            fields["PG"] = "1"
            year = int(str(primary["PY"])) - pick(rng, (0, 1))
            fields["PY"] = str(year)
            journal = paper.journal
            if journal is not None:
                fields["VL"] = str(max(1, year - journal.first_year + 1))
            fields["C1"] = list(fields["C1"])[:1]
            if rng.random() < 0.5:
                # Meeting abstracts often carry a shorter title.
                fields["TI"] = str(primary["TI"]).split(":")[0]
        elif kind == "early_access":
            for tag in ("PY", "PD", "VL", "IS", "BP", "EP", "AR", "PG"):
                fields.pop(tag, None)
            fields["DT"] = f"{primary['DT']}; Early Access"
            fields["TC"] = str(max(0, int(str(primary["TC"])) // 2))
            fields["Z9"] = fields["TC"]
        elif kind == "corrected_title":
            fields = apply_variations(fields, ["title_typo"], rng)
        elif kind == "doi_missing":
            fields = apply_variations(fields, ["doi_missing"], rng)
        elif kind == "journal_abbreviated":
            journal = paper.journal
            fields["SO"] = journal.ji.upper() if journal is not None else str(fields["SO"])
        elif kind == "html_entities":
            fields["TI"] = str(fields["TI"]).replace("'", "&apos;")
        elif kind == "accents_stripped":
            fields = apply_variations(fields, ["accents_stripped"], rng)
        else:
            raise ValueError(f"unknown duplicate kind {kind!r}")
        return fields

    def make_records(self) -> None:
        """Texts and records of every planned publication."""
        for index, spec in enumerate(self.specs):
            text = self._text(index, spec)
            if spec.kind not in ("editorial_titled", "reply", "correction") and not spec.title:
                spec.title = text.title
            paper = self._paper(index, spec, text)
            self.papers.append(paper)
            self.on_topic.append(
                spec.kind in ("study", "quote_study", "same_title", "part")
                and spec.fate not in ("excluded_automatic",)
            )
        for index, spec in enumerate(self.specs):
            paper = self.papers[index]
            publication = Publication(
                key="",
                fate=spec.fate,
                reason=spec.reason,
                borderline=spec.borderline,
                context="" if spec.context == "offtopic" else spec.context,
                design=spec.design
                if spec.kind in ("study", "quote_study", "same_title", "part")
                else "",
                concepts=spec.concepts if spec.fate == "included" else (),
                quality=spec.quality,
                note=spec.note,
            )
            primary = Record(paper.ut, "", True, "", self._fields(paper))
            publication.records.append(primary)
            for kind in spec.duplicates:
                fields = self._secondary(spec, paper, kind)
                publication.records.append(Record(str(fields["UT"]), "", False, kind, fields))
            self.publications.append(publication)

    # ------------------------------------------------------------------ searches and files

    def assign_searches(self) -> dict[str, list[str]]:
        """Which search found each record, and the order of records in each export file."""
        rng = self.rng
        placement = {
            # secondary records of fuzzy duplicates: where the other database record turned up
            "meeting_abstract": (PRIMARY_SEARCH,),
            "early_access": (PRIMARY_SEARCH,),
            "corrected_title": (SUPPLEMENTARY_SEARCH,),
            "doi_missing": (SUPPLEMENTARY_SEARCH,),
            "journal_abbreviated": (SUPPLEMENTARY_SEARCH,),
            "html_entities": (SUPPLEMENTARY_SEARCH,),
            "accents_stripped": (SUPPLEMENTARY_SEARCH,),
        }
        for publication in self.publications:
            for record in publication.records:
                if not record.is_primary:
                    record.searches = list(placement[record.duplicate_kind])
                    continue
                draw = rng.random()
                if draw < 0.765:
                    record.searches = [PRIMARY_SEARCH]
                elif draw < 0.95:
                    record.searches = [PRIMARY_SEARCH, SUPPLEMENTARY_SEARCH]
                else:
                    record.searches = [SUPPLEMENTARY_SEARCH]
        # Exports sorted as the user chose: primary "Date: newest first", supplementary by
        # relevance (an order that looks random).
        records = [r for p in self.publications for r in p.records]
        primary = [r for r in records if PRIMARY_SEARCH in r.searches]
        primary.sort(key=lambda r: (-(r.year or 0), -_month_index(r.fields), r.record_id))
        supplementary = [r for r in records if SUPPLEMENTARY_SEARCH in r.searches]
        supplementary.sort(key=lambda r: r.record_id)
        rng.shuffle(supplementary)
        files: dict[str, list[str]] = {}
        for batch in range(0, len(primary), BATCH_SIZE):
            name = "savedrecs.txt" if batch == 0 else f"savedrecs({batch // BATCH_SIZE}).txt"
            files[f"{PRIMARY_SEARCH}/{name}"] = [
                r.record_id for r in primary[batch : batch + BATCH_SIZE]
            ]
        files[f"{SUPPLEMENTARY_SEARCH}/savedrecs.txt"] = [r.record_id for r in supplementary]
        return files

    def finish(self) -> Corpus:
        # Keys do not reveal the plan: publications are numbered in a shuffled order.
        order = list(range(len(self.publications)))
        self.rng.shuffle(order)
        publications = [self.publications[i] for i in order]
        for number, publication in enumerate(publications, start=1):
            publication.key = f"P{number:04d}"
            for record in publication.records:
                record.publication_key = publication.key
        files = self.assign_searches()
        near = [
            NearMiss(
                self.publications[a].primary.record_id,
                self.publications[b].primary.record_id,
                kind,
                note,
            )
            for a, b, kind, note in self.near
        ]
        return Corpus(self.seed, publications, near, files, dict(EXPORT_DATES))


def _title_words(title: str) -> str:
    """Lower-case words of a title, for keeping generated titles apart.

    Deliberately local: the committed corpus must not change when the deduplication stage
    tunes `metasynth.text.title_key`.
    """
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(html.unescape(title)).lower()))


def _cited_year(reference: str) -> int:
    parts = reference.split(", ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _month_index(fields: dict[str, Value]) -> int:
    month = str(fields.get("PD", "") or fields.get("EA", ""))[:3]
    return MONTHS.index(month) + 1 if month in MONTHS else 0


def build_corpus(seed: int = DEFAULT_SEED) -> Corpus:
    """Plan and write every publication of the synthetic corpus, with its ground truth."""
    builder = _Builder(seed)
    builder.plan()
    builder.make_records()
    return builder.finish()


# --------------------------------------------------------------------------- writing


def export_fields(corpus: Corpus, record: Record, search: str) -> dict[str, Value]:
    """A record's fields as one search's export holds them (its export date; later exports
    show slightly higher citation and usage counts)."""
    fields = dict(record.fields)
    fields["DA"] = corpus.export_dates[search]
    if search == SUPPLEMENTARY_SEARCH and PRIMARY_SEARCH in record.searches:
        bump = int(record.record_id[-2:]) % 5 == 0  # two weeks later, some were cited again
        if bump:
            fields["TC"] = str(int(str(fields.get("TC", "0"))) + 1)
            fields["Z9"] = str(int(str(fields.get("Z9", "0"))) + 1)
            fields["U1"] = str(int(str(fields.get("U1", "0"))) + 1)
            fields["U2"] = str(int(str(fields.get("U2", "0"))) + 1)
    return fields


def write_corpus(corpus: Corpus, root: str | Path) -> list[Path]:
    """Write the exports, the search manifest and the README under `<root>/data/raw/`.

    Returns the files written, relative to `root`, in a stable order.
    """
    root = Path(root)
    raw = root / RAW_DIR
    by_id = {r.record_id: r for r in corpus.records()}
    written: list[Path] = []
    for relative, record_ids in corpus.files.items():
        search = relative.split("/", 1)[0]
        rows = [export_fields(corpus, by_id[i], search) for i in record_ids]
        path = raw / relative
        if search == PRIMARY_SEARCH:
            write_plaintext(path, rows)
        else:
            write_tab_delimited(path, rows)
        written.append(path.relative_to(root))
    from metasynth.synthetic.readme import manifest_text, readme_text

    write_text(manifest_text(corpus), raw / "searches.yaml")
    written.append((raw / "searches.yaml").relative_to(root))
    write_text(readme_text(corpus), raw / "README.md")
    written.append((raw / "README.md").relative_to(root))
    # Git must never convert line ends or encodings here: the exports are compared byte for byte.
    write_text(GITATTRIBUTES, raw / ".gitattributes")
    written.append((raw / ".gitattributes").relative_to(root))
    return written


def generate(root: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Build the corpus and write every generated input of the default run under `root`.

    This is what `scripts/generate_corpus.py` (`make corpus`) runs. Later stages append the
    files they generate from the same corpus (screening decisions, CASP scores, codes) to the
    returned list, which the byte-identity test compares with the committed files.
    """
    corpus = build_corpus(seed)
    written = write_corpus(corpus, root)
    from metasynth.synthetic.coding import CODED_DIR, write_coding

    root = Path(root)
    written += [p.relative_to(root) for p in write_coding(corpus, root / CODED_DIR, seed=seed)]
    return written


__all__ = [
    "BATCH_SIZE",
    "DEFAULT_SEED",
    "EXPORT_DATES",
    "FATES",
    "PLAN",
    "build_corpus",
    "export_fields",
    "generate",
    "write_corpus",
]
