"""The plan of the synthetic corpus: every publication with the fate the default run gives it.

`PLAN` fixes how many publications end in each fate and reason (exactly 80 included). `Planner`
turns it into a list of `Spec`s, one per publication: its fate and reason, what kind of text it
needs (an e-mentoring study, a face-to-face mentoring study, an editorial...), context, design,
year, document type, language, and for the 80 included studies the framework concepts their
findings support. Special structures come first: the fuzzy-duplicate groups (a publication with
several records), and the near-misses (distinct publications that look alike: Part 1 and Part 2,
one title in two years, editorials titled "Editorial", a letter and its reply, conference papers
and their journal versions, second reports of a study, correction notices).

Inputs: a seeded `random.Random` (shared with the corpus builder, which goes on to write the
records with it). Outputs: `Planner.specs`, `.near` (pairs of spec indices), `.teams` (shared
author teams).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from synthetic import texts
from synthetic.records import Address, Author, pick, random_team
from synthetic.themes import CONCEPTS
from synthetic.vocabulary import DEPARTMENTS

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
class Spec:
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


class Planner:
    """Plans the corpus: the specs of every publication, near-miss pairs and shared teams."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.specs: list[Spec] = []
        self.near: list[tuple[int, int, str, str]] = []  # spec a, spec b, kind, note
        self.teams: list[tuple[list[Author], list[Address]]] = []

    def _add(self, spec: Spec) -> int:
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
        included: list[Spec] = []

        def study(fate: str, reason: str = "", **kwargs: object) -> Spec:
            spec = Spec(fate=fate, reason=reason, **kwargs)  # type: ignore[arg-type]
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
                Spec(
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
            Spec(
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
            Spec(
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
                Spec(
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
                Spec(
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
                Spec(
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
                Spec(
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
                Spec(
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
                Spec(
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
                Spec(
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
                Spec(
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

    def _assign_included(self, included: list[Spec]) -> None:
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
