"""The Web of Science records of the planned publications of the default corpus.

`RecordMaker.paper(spec, text)` writes the bibliographic content of one planned publication
(`records.Paper`): its authors (a shared team, or a new one), cited references (some citing
earlier studies of the corpus), citation and usage counts, its journal issue and pages or its
proceedings volume, early-access dates, identifiers, funding and open-access status.
`RecordMaker.secondary(paper, kind)` writes the fields of another record of the same
publication, a fuzzy duplicate (a meeting abstract, the early-access version, a corrected title,
a missing DOI, an abbreviated journal, HTML entities, lost accents).

Inputs: the corpus builder's `random.Random` (in the order the builder calls), the shared
author teams of the plan, the cited-reference pool, and how long records of each kind are
(`data/records.yaml`). Outputs: `Paper`s and field mappings.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from synthetic.corpus_text import STUDY_KINDS
from synthetic.data_files import load_yaml
from synthetic.plan import Spec
from synthetic.records import (
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
    sort_references,
    synthetic_orcid,
    synthetic_pmid,
    synthetic_researcher_id,
    volume_issue,
)
from synthetic.texts import StudyText
from synthetic.vocabulary import (
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
from synthetic.wos_writer import Value

EXPORT_YEAR = 2024
SMALL_TEAM_KINDS = (
    "editorial",
    "letter",
    "book_review",
    "news",
    "editorial_titled",
    "reply",
    "letter_fixed",
)
"""Kinds written by one to three authors."""
NON_RESEARCH_KINDS = (
    "editorial",
    "editorial_titled",
    "letter",
    "letter_fixed",
    "reply",
    "news",
    "book_review",
    "meeting_abstract",
    "correction",
)
"""Kinds cited far less than research articles."""
NO_KEYWORDS_PLUS_KINDS = ("editorial", "letter", "news", "book_review")
MEETING_ABSTRACT_JOURNALS = ("jgim", "acadmed", "medu", "medteach", "jsurged", "nedt")
ALWAYS_DOI_CONFERENCES = ("fie", "lncs", "procedia")
SECONDARY_LACKS = ("ID", "C3", "FX", "FU", "OA", "RI", "OI")
"""Fields every secondary record lacks, so that its primary is strictly more complete."""


def drawn_for_kind(rng: random.Random, counts: Mapping[str, int | list[int]], kind: str) -> int:
    """The count of a kind from a records.yaml table ([low, high] ranges are drawn).

    Every range is drawn, whatever the kind, in the table's order: the committed corpus was made
    that way.
    """
    drawn = {k: rng.randint(*v) if isinstance(v, list) else v for k, v in counts.items()}
    return drawn.get(kind, drawn["other"])


def _cited_year(reference: str) -> int:
    parts = reference.split(", ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


class RecordMaker:
    """Writes the records of the planned publications, one after another, in plan order."""

    def __init__(
        self,
        rng: random.Random,
        teams: Sequence[tuple[list[Author], list[Address]]],
        references: Sequence[str],
    ) -> None:
        self.rng = rng
        self.teams = teams
        self.references = references  # the pool reference lists are drawn from
        self.lengths = load_yaml("records.yaml")
        self.papers: list[Paper] = []
        self.on_topic: list[bool] = []  # per paper: an e-mentoring study others may cite
        self.used_uts: set[int] = set()
        self.doi_number = 0
        self.pmid_number = 0

    def new_ut(self) -> str:
        while True:
            number = self.rng.randrange(10**11, 10**12)
            if number not in self.used_uts:
                self.used_uts.add(number)
                return make_ut(number)

    # ------------------------------------------------------------------ the primary record

    def paper(self, spec: Spec, text: StudyText) -> Paper:
        """The record of one planned publication (kept: later ones may cite or correct it)."""
        rng = self.rng
        authors, addresses = self._authors(spec)
        year = spec.year
        n_references = drawn_for_kind(rng, self.lengths["references"], spec.kind)
        references = rng.sample(list(self.references), n_references)
        references += self._corpus_citations(spec)
        references = [r for r in references if _cited_year(r) <= year]
        tc, z9, u1, u2 = citation_counts(rng, year, EXPORT_YEAR)
        if spec.kind in NON_RESEARCH_KINDS:
            tc, z9 = tc // 6, z9 // 6
        paper = Paper(
            ut=self.new_ut(),
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
        if text.keywords and spec.kind not in NO_KEYWORDS_PLUS_KINDS:
            paper.keywords_plus = self._keywords_plus(spec)
        if spec.proceedings:
            self._in_proceedings(paper, spec)
        else:
            self._in_journal(paper, spec)
        self._early_access(paper, spec)
        self._identifiers_and_funding(paper, spec)
        self.papers.append(paper)
        self.on_topic.append(spec.kind in STUDY_KINDS and spec.fate != "excluded_automatic")
        return paper

    def _authors(self, spec: Spec) -> tuple[list[Author], list[Address]]:
        rng = self.rng
        if spec.team is not None:
            authors, addresses = self.teams[spec.team]
        elif spec.kind == "news" and rng.random() < 0.5:
            authors, addresses = [], []
        else:
            n_authors = pick(rng, (1, 1, 2, 3)) if spec.kind in SMALL_TEAM_KINDS else None
            authors, addresses = random_team(
                rng,
                DEPARTMENTS[spec.context or "higher_education"],
                countries=LANGUAGE_COUNTRIES.get(spec.language, ()),
                medical=spec.context in ("medicine", "nursing"),
                n_authors=n_authors,
            )
        if spec.kind == "correction":
            # A correction notice: the authors and journal of the article it corrects.
            original = self.papers[spec.correction_of or 0]
            authors, addresses = original.authors, original.addresses
            if original.journal is not None:
                spec.journal_key = original.journal.key
        return authors, addresses

    def _corpus_citations(self, spec: Spec) -> list[str]:
        """References to earlier on-topic publications of the corpus (a citation network)."""
        if spec.kind not in STUDY_KINDS:
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

    def _keywords_plus(self, spec: Spec) -> list[str]:
        context_words = KEYWORDS_PLUS.get(spec.context, KEYWORDS_PLUS["offtopic"])
        n_plus = self.rng.randint(0, 8)
        if spec.duplicates:
            # Its secondary records lack Keywords Plus: the primary must have some.
            n_plus = max(n_plus, 3)
        pool = list(dict.fromkeys(KEYWORDS_PLUS["core"] + context_words))
        return self.rng.sample(pool, min(n_plus, len(pool)))

    def _in_proceedings(self, paper: Paper, spec: Spec) -> None:
        rng = self.rng
        conference = self._conference(spec)
        paper.conference = conference
        paper.conference_edition = spec.year - conference.first_year + 1
        paper.year = spec.year
        first = rng.randint(1, 9000)
        paper.page_count = rng.randint(4, 10)
        paper.begin_page, paper.end_page = str(first), str(first + paper.page_count - 1)
        self.doi_number += 1
        if conference.key in ALWAYS_DOI_CONFERENCES or rng.random() < 0.4:
            paper.doi = make_doi(conference.key, spec.year, self.doi_number)
        if conference.key == "procedia":
            paper.volume = str(spec.year - 2008)

    def _in_journal(self, paper: Paper, spec: Spec) -> None:
        rng = self.rng
        journal = self._journal(spec)
        paper.journal = journal
        paper.year = spec.year
        paper.volume, paper.issue = volume_issue(journal, spec.year, rng)
        paper.month = month_for_issue(journal, paper.issue)
        if spec.kind == "meeting_abstract":
            paper.issue = ""
            paper.supplement = str(pick(rng, (1, 1, 2)))
            page = rng.randint(40, 600)
            paper.begin_page = paper.end_page = f"S{page}"
            paper.page_count = 1
        else:
            paper.page_count = drawn_for_kind(rng, self.lengths["pages"], spec.kind)
            if journal.article_numbers and spec.kind != "correction":
                paper.article_number = str(rng.randint(100, 99999))
            else:
                first = rng.randint(1, 1400)
                paper.begin_page = str(first)
                paper.end_page = str(first + paper.page_count - 1)
            self.doi_number += 1
            paper.doi = make_doi(journal.key, spec.year, self.doi_number)
        if spec.part_of is not None and spec.part_of[1] > 1:
            # Part 2 follows Part 1 in the same issue.
            part1 = self.papers[spec.part_of[0]]
            paper.volume, paper.issue, paper.month = part1.volume, part1.issue, part1.month
            first = int(part1.end_page) + 1
            paper.begin_page, paper.end_page = str(first), str(first + paper.page_count - 1)
        if journal.medline and (rng.random() < 0.85):
            self.pmid_number += 1
            paper.pmid = synthetic_pmid(self.pmid_number)

    def _journal(self, spec: Spec) -> Journal:
        if spec.journal_key:
            return JOURNALS_BY_KEY[spec.journal_key]
        if spec.kind == "meeting_abstract":
            return JOURNALS_BY_KEY[pick(self.rng, MEETING_ABSTRACT_JOURNALS)]
        english = [j for j in JOURNALS if j.language == "English"]
        if spec.kind == "wrong_population":
            pool = [j for j in english if {"offtopic", "medicine", "nursing"} & set(j.contexts)]
        elif spec.kind == "not_mentoring":
            pool = [
                j for j in english if "offtopic" in j.contexts or "higher_education" in j.contexts
            ]
        elif spec.language != "English":
            pool = [j for j in JOURNALS if j.language == spec.language]
        else:
            pool = [j for j in english if spec.context in j.contexts]
        # A journal cannot publish before its first volume.
        pool = [j for j in pool if j.first_year <= spec.year]
        return pick(self.rng, pool or [j for j in english if j.first_year <= spec.year])

    def _conference(self, spec: Spec) -> Conference:
        pool = [c for c in CONFERENCES if c.first_year <= spec.year]
        return pick(self.rng, pool)

    def _early_access(self, paper: Paper, spec: Spec) -> None:
        rng = self.rng
        if spec.early_access_only:
            paper.early_access = f"{pick(rng, MONTHS)} {spec.year}"
            paper.early_access_year = spec.year
            paper.year = None
            paper.volume = paper.issue = paper.month = paper.supplement = ""
            paper.begin_page = paper.end_page = paper.article_number = ""
            paper.doc_type = f"{spec.doc_type}; Early Access"
        elif spec.early_access_before:
            # The final version keeps the date it first appeared online (EA), a year before.
            paper.early_access = f"{pick(rng, MONTHS[8:])} {spec.year - 1}"
            paper.early_access_year = spec.year - 1

    def _identifiers_and_funding(self, paper: Paper, spec: Spec) -> None:
        rng = self.rng
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
        if rng.random() < 0.35 and spec.year >= 2008:
            paper.open_access = pick(rng, OPEN_ACCESS)

    # ------------------------------------------------------------------ secondary records

    def secondary(self, paper: Paper, kind: str) -> dict[str, Value]:
        """The fields of a fuzzy duplicate: another record of the same publication.

        Besides the variation that names it, a secondary record always lacks fields the primary
        has (Keywords Plus, organisation names, funding text, OA), so that whatever completeness
        rule dedup uses, the primary is strictly the most complete record.
        """
        rng = self.rng
        primary = paper_fields(paper)
        fields: dict[str, Value] = {
            k: (v if isinstance(v, str) else list(v)) for k, v in primary.items()
        }
        for tag in SECONDARY_LACKS:
            fields.pop(tag, None)
        fields["UT"] = self.new_ut()
        fields["GA"] = delivery_number(rng)
        if kind == "meeting_abstract":
            self._as_meeting_abstract(fields, primary, paper.journal)
        elif kind == "early_access":
            for tag in ("PY", "PD", "VL", "IS", "BP", "EP", "AR", "PG"):
                fields.pop(tag, None)
            fields["DT"] = f"{primary['DT']}; Early Access"
            fields["TC"] = str(max(0, int(str(primary["TC"])) // 2))
            fields["Z9"] = fields["TC"]
        elif kind in ("corrected_title", "doi_missing", "accents_stripped"):
            variation = {"corrected_title": "title_typo"}.get(kind, kind)
            fields = apply_variations(fields, [variation], rng)
        elif kind == "journal_abbreviated":
            journal = paper.journal
            fields["SO"] = journal.ji.upper() if journal is not None else str(fields["SO"])
        elif kind == "html_entities":
            fields["TI"] = str(fields["TI"]).replace("'", "&apos;")
        else:
            raise ValueError(f"unknown duplicate kind {kind!r}")
        return fields

    def _as_meeting_abstract(
        self, fields: dict[str, Value], primary: Mapping[str, Value], journal: Journal | None
    ) -> None:
        """The study as a Meeting Abstract: supplement, no DOI, short abstract, maybe a year
        earlier and a shorter title."""
        rng = self.rng
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
        if journal is not None:
            fields["VL"] = str(max(1, year - journal.first_year + 1))
        fields["C1"] = list(fields["C1"])[:1]
        if rng.random() < 0.5:
            # Meeting abstracts often carry a shorter title.
            fields["TI"] = str(primary["TI"]).split(":")[0]
