"""The sections of the report, each a function from `ReportInputs` to escaped HTML.

Section ids (link targets used by the contents, the ENTREQ table and cross-links) are listed in
`SECTIONS` in page order. Cross-links: every included study has an id `study-…` (its row in the
study table) and every concept an id `concept-…` (its evidence: description, supporting studies,
quotes); the framework table, the study table, the entropy table and the evidence link to them.
All text that comes from records, coders, reviewers or the config passes through
`metasynth.report.html.escape` (the builder does it by default).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import yaml

from metasynth.figures.common import study_numbers
from metasynth.report.entreq import STATEMENT_KEYS, entreq_rows
from metasynth.report.html import (
    Child,
    Markup,
    anchor_id,
    data_uri,
    element,
    escape,
    join,
    link,
    table,
)
from metasynth.report.inputs import ReportInputs
from metasynth.screen import STATUS_LABELS, STATUSES
from metasynth.synthesise.codebook import match_key
from metasynth.text import as_text, split_multi
from metasynth.versions import first_versions

SECTIONS: tuple[tuple[str, str], ...] = (
    ("question", "Review question"),
    ("methods", "Methods in the authors' words"),
    ("search", "Search"),
    ("eligibility", "Eligibility criteria"),
    ("screening", "Screening"),
    ("prisma", "PRISMA 2020 flow"),
    ("update", "What is new in this version"),
    ("exclusions", "Reasons for exclusion"),
    ("agreement", "Agreement between reviewers and coders"),
    ("corpus", "The corpus at a glance"),
    ("appraisal", "Quality appraisal"),
    ("studies", "Included studies"),
    ("coding", "Coding"),
    ("framework", "The framework"),
    ("evidence", "Evidence for each concept"),
    ("entropy", "Entropy weights"),
    ("clustering", "Clustering check of the categories"),
    ("entreq", "ENTREQ reporting checklist"),
    ("reproducibility", "Reproducibility"),
)
"""(id, title) of every section, in page order."""

TITLES = dict(SECTIONS)

STATEMENT_TITLES = {
    "methodology": "Synthesis methodology",
    "search_approach": "Approach to searching",
    "data_sources": "Data sources and why",
    "appraisal_rationale": "Rationale for appraisal",
    "data_extraction": "Data extraction",
    "coding": "Coding",
    "study_comparison": "Study comparison",
    "theme_derivation": "Derivation of themes",
    "quotations": "Quotations",
}

PRISMA_LABELS = {
    "previous_studies": "Studies included in the previous version of the review",
    "previous_reports": "Reports of studies included in the previous version",
    "database_results": "Records identified from databases",
    "database_specific_results": "Records identified, per database",
    "register_results": "Records identified from registers",
    "register_specific_results": "Records identified, per register",
    "website_results": "Records identified from websites",
    "organisation_results": "Records identified from organisations",
    "citations_results": "Records identified from citation searching",
    "duplicates": "Duplicate records removed",
    "excluded_automatic": "Records marked as ineligible by automation tools",
    "excluded_other": "Records removed for other reasons",
    "records_screened": "Records screened",
    "records_excluded": "Records excluded (title/abstract)",
    "dbr_sought_reports": "Reports sought for retrieval",
    "dbr_notretrieved_reports": "Reports not retrieved",
    "other_sought_reports": "Reports sought (other methods)",
    "other_notretrieved_reports": "Reports not retrieved (other methods)",
    "dbr_assessed": "Reports assessed for eligibility",
    "dbr_excluded": "Reports excluded, per reason",
    "other_assessed": "Reports assessed (other methods)",
    "other_excluded": "Reports excluded (other methods)",
    "new_studies": "New studies included in the review",
    "new_reports": "Reports of new included studies",
    "total_studies": "Total studies included",
    "total_reports": "Reports of total included studies",
    "metasynth_pending_screening": "Awaiting a title/abstract decision or in conflict",
    "metasynth_pending_retrieval": "Awaiting retrieval",
    "metasynth_pending_assessment": "Awaiting full-text assessment or appraisal",
    "metasynth_excluded_full_text": "Reports excluded at full text (all reasons)",
    "metasynth_excluded_appraisal": "Reports excluded by quality appraisal",
    "metasynth_search_run_results": "Records identified, per search run",
    "metasynth_excluded_automatic_reasons": "Automatic exclusions, per rule",
}

STAGE_NAMES = {
    "title_abstract": "Title/abstract",
    "retrieval": "Retrieval",
    "full_text": "Full text",
    "appraisal": "Appraisal",
    "automatic": "Automatic eligibility",
}

EXCLUDED_STATUSES = (
    ("excluded_automatic", "automatic"),
    ("excluded_title_abstract", "title_abstract"),
    ("not_retrieved", "retrieval"),
    ("excluded_full_text", "full_text"),
    ("excluded_appraisal", "appraisal"),
)

CASP_QUESTIONS = (
    "Clear statement of the aims",
    "Qualitative methodology appropriate",
    "Research design appropriate to the aims",
    "Recruitment strategy appropriate",
    "Data collected in a way that addresses the issue",
    "Researcher–participant relationship considered",
    "Ethical issues considered",
    "Data analysis sufficiently rigorous",
    "Clear statement of findings",
    "Value of the research",
)
"""Short names of the ten CASP qualitative checklist questions (q1–q10)."""


# --------------------------------------------------------------------------- helpers


def number(value: object) -> str:
    """An integer with thousands separators ("1,234"); other text unchanged; "" stays ""."""
    text = as_text(value)
    try:
        return f"{int(text):,}"
    except ValueError:
        return text


def decimal(value: object, digits: int = 3) -> str:
    """A number with `digits` decimals, "" for empty cells."""
    text = as_text(value)
    if not text:
        return ""
    try:
        return f"{float(text) + 0.0:.{digits}f}"
    except ValueError:
        return text


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else ""


def section(section_id: str, *content: Child, intro: Child = None) -> Markup:
    """`<section id>` with its heading (from SECTIONS) and a link back to the contents."""
    return element(
        "section",
        element("h2", TITLES[section_id], element("a", "↑", href="#contents", class_="up")),
        element("p", intro, class_="intro") if intro is not None else None,
        *content,
        id=section_id,
    )


def note(text: Child, kind: str = "note") -> Markup:
    return element("p", text, class_=kind)


def paragraphs(text: str) -> Markup:
    return join([element("p", p) for p in text.split("\n\n") if p.strip()], "")


def figure(inputs: ReportInputs, name: str, *, figure_id: str | None = None) -> Markup:
    """An embedded figure with its caption, or a note when the figure is not available."""
    image = inputs.figures.get(name)
    if image is None:
        return note(f"Figure {name} is not available in this run.", "warning")
    return element(
        "figure",
        element(
            "img",
            src=data_uri(image.data, image.mime),
            width=str(image.display_width) if image.display_width else None,
            alt=image.caption.split("\n")[0] if image.caption else name,
        ),
        element(
            "figcaption",
            element("span", name, class_="figname"),
            " ",
            paragraphs(image.caption) if image.caption else None,
        ),
        id=figure_id or anchor_id("figure", name),
    )


class Studies:
    """The included studies' numbering (S1…Sn) and the links to their rows."""

    def __init__(self, numbers: pd.DataFrame) -> None:
        self.numbers = numbers  # record_id, study, label
        ids = numbers["record_id"].astype(str).tolist()
        self.label_of = dict(zip(ids, numbers["label"].astype(str), strict=True))
        self.position = {
            record_id: int(n) for record_id, n in zip(ids, numbers["study"], strict=True)
        }

    def link(self, record_id: str) -> Markup:
        """A link to the study's row, or the record_id as text for a study not included."""
        label = self.label_of.get(record_id)
        if label is None:
            return escape(record_id)
        return link(anchor_id("study", record_id), label, title=record_id)

    def order(self, record_id: str) -> int:
        """The study's number (studies not included sort last)."""
        return self.position.get(record_id, 10**9)


def concept_link(concept: str, label: str) -> Markup:
    return link(anchor_id("concept", concept), label)


def synthesis_codings(codings: pd.DataFrame) -> pd.DataFrame:
    """The codings that build the framework (as aggregate_codes counts them)."""
    if codings.empty:
        return codings
    flags = codings["in_synthesis"].astype(str).str.lower() == "true"
    return codings[flags & (codings["concept"].astype(str) != "")]


def authors_short(authors: object) -> str:
    names = split_multi(authors)
    if len(names) > 3:
        return "; ".join(names[:3]) + " et al."
    return "; ".join(names)


# --------------------------------------------------------------------------- sections


def header(inputs: ReportInputs) -> Markup:
    project = inputs.config["project"]
    contents = element(
        "nav",
        element("h2", "Contents"),
        element("ol", [element("li", link(sid, title)) for sid, title in SECTIONS]),
        id="contents",
    )
    return join(
        [
            element("h1", project["title"]),
            element("p", project.get("reference", ""), class_="reference")
            if project.get("reference")
            else None,
            element(
                "p", element("strong", "Note: "), project["corpus_note"], class_="warning banner"
            )
            if project.get("corpus_note")
            else None,
            element(
                "p",
                "A self-contained report written by metasynth from the files of this review: every "
                "number below is derived from them, and the reproducibility section lists their "
                "checksums. It needs no network; links inside it jump between sections, studies "
                "and concepts.",
                class_="intro",
            ),
            contents,
        ],
        "",
    )


def question_section(inputs: ReportInputs) -> Markup:
    project = inputs.config["project"]
    return section(
        "question",
        element("blockquote", project["review_question"], class_="question"),
        note(join(["Reproducing: ", project["reference"]], ""))
        if project.get("reference")
        else None,
    )


def methods_section(inputs: ReportInputs) -> Markup:
    statements: Mapping[str, str] = inputs.config.get("report", {}).get("statements", {})
    items = []
    for key in STATEMENT_KEYS:
        text = as_text(statements.get(key, ""))
        items.append(element("dt", STATEMENT_TITLES.get(key, key), id=f"statement-{key}"))
        if text:
            items.append(element("dd", paragraphs(text)))
        else:
            items.append(
                element(
                    "dd",
                    element("span", "Not stated. ", class_="missing"),
                    "Add it under ",
                    element("code", f"report.statements.{key}"),
                    " in config/config.yaml.",
                )
            )
    return section(
        "methods",
        element("dl", items, class_="statements"),
        intro="What the data cannot say by itself, written by the authors in the configuration "
        "(report.statements). The ENTREQ checklist below links each item to these statements and "
        "to the sections that answer it from the data.",
    )


def _prisma_values(inputs: ReportInputs) -> dict[str, str]:
    frame = inputs.prisma
    if frame.empty:
        return {}
    return dict(zip(frame["data"].astype(str), frame["n"].astype(str), strict=True))


def search_section(inputs: ReportInputs) -> Markup:
    values = _prisma_values(inputs)
    parts: list[Child] = []
    if inputs.searches is not None and len(inputs.searches):
        rows = []
        for run in inputs.searches.to_dict("records"):
            years = "–".join(as_text(run.get(k)) for k in ("year_from", "year_to"))
            rows.append(
                [
                    element("code", run["search_run"]),
                    run["database"],
                    as_text(run.get("review_version")),
                    run["date_searched"],
                    run["searched_by"],
                    years if years != "–" else "",
                    as_text(run.get("filters")),
                    element("code", run["query"], class_="query"),
                    element("span", as_text(run.get("files")), class_="files"),
                ]
            )
        parts.append(
            table(
                [
                    "Run",
                    "Database",
                    "Version",
                    "Searched",
                    "By",
                    "Years",
                    "Other limits",
                    "Query (as run)",
                    "Export files",
                ],
                rows,
                caption="Search runs (data/raw/searches.yaml)",
            )
        )
    else:
        parts.append(
            note(
                "No search manifest (data/raw/searches.yaml) was found: the databases, dates and "
                "queries of the searches are not documented in this run.",
                "warning",
            )
        )
    per_database = values.get("database_specific_results", "")
    per_run = values.get("metasynth_search_run_results", "")
    counts = [
        [label, text]
        for label, text in (
            ("Records identified, per database", per_database),
            ("Records identified, per search run", per_run),
        )
        if text
    ]
    if counts:
        parts.append(table(["", "Records (label, n)"], counts, caption="What each source returned"))
    return section("search", *parts)


def _rule_test(rule: Mapping[str, Any]) -> str:
    if "between" in rule:
        low, high = rule["between"]
        return f"between {low} and {high}"
    if "any_of" in rule:
        return "one of: " + ", ".join(map(str, rule["any_of"]))
    if "none_of" in rule:
        return "none of: " + ", ".join(map(str, rule["none_of"]))
    return ""


def eligibility_section(inputs: ReportInputs) -> Markup:
    screening = inputs.config.get("screening", {})
    rules = [
        [
            element("code", rule.get("code", "")),
            rule.get("label", ""),
            element("code", rule.get("field", "")),
            _rule_test(rule),
            "keep" if rule.get("if_missing") == "keep" else "exclude",
        ]
        for rule in screening.get("eligibility", [])
    ]
    reasons = [
        [STAGE_NAMES.get(stage, stage), element("code", r.get("code", "")), r.get("label", "")]
        for stage, items in screening.get("reasons", {}).items()
        for r in items
    ]
    appraisal = inputs.config.get("appraisal", {})
    if appraisal.get("exclusion_code"):
        reasons.append(
            [
                "Appraisal",
                element("code", appraisal["exclusion_code"]),
                appraisal.get("exclusion_label", ""),
            ]
        )
    return section(
        "eligibility",
        table(
            ["Rule", "Excludes when it fails", "Field", "Passes when", "Missing value"],
            rules,
            caption="Automatic eligibility rules, applied in this order to every publication "
            "(the first rule a publication fails is its reason)",
        ),
        table(["Stage", "Reason code", "Reason"], reasons, caption="Reasons reviewers may give"),
    )


def screening_section(inputs: ReportInputs) -> Markup:
    screening = inputs.config.get("screening", {})
    reviewers = [
        [element("code", r.get("id", "")), r.get("name", ""), r.get("role", "")]
        for r in screening.get("reviewers", [])
    ]
    per_stage = [
        [STAGE_NAMES.get(stage, stage), str(n)]
        for stage, n in screening.get("reviewers_per_stage", {}).items()
    ]
    maybe = screening.get("agreement", {}).get("maybe_as", "include")
    return section(
        "screening",
        table(["Reviewer", "Name", "Role"], reviewers, caption="Reviewers"),
        table(
            ["Stage", "Independent reviewers"],
            per_stage,
            numeric=[1],
            caption="Independent decisions required per publication and stage",
        ),
        note(
            f"Any disagreement or 'maybe' is a conflict, settled by a reviewer with the role "
            f"'{screening.get('resolver_role', 'arbiter')}'; in agreement statistics 'maybe' "
            "counts "
            f"as {'include' if maybe == 'include' else 'a third category'}. Decisions are plain "
            f"files under {screening.get('decisions_dir', 'data/screening')}/, one row per "
            "decision with reviewer, date and reason; results/screening/audit.csv traces every "
            "event to its file and line."
        ),
    )


def prisma_value(value: str) -> Child:
    """A PRISMA cell: a number, or a breakdown "label, n; label, n" as one line per part."""
    if ";" not in value and "," not in value:
        return number(value)
    parts = [p.strip() for p in value.split(";") if p.strip()]
    return element("span", join([escape(p) for p in parts], Markup("<br>")), class_="breakdown")


def prisma_section(inputs: ReportInputs) -> Markup:
    values = _prisma_values(inputs)
    rows = [
        [PRISMA_LABELS.get(key, key), element("code", key), prisma_value(value)]
        for key, value in values.items()
    ]
    parts: list[Child] = [
        figure(inputs, "prisma"),
        table(
            ["Box", "PRISMA2020 key", "n"],
            rows,
            numeric=[2],
            caption="PRISMA 2020 counts (results/screening/prisma.csv, readable by the PRISMA2020 "
            "R package and Shiny app)",
        ),
    ]
    checks = inputs.prisma_checks
    if not checks.empty:
        parts.append(
            table(
                ["Check", "Equation", "Left", "Right", "Holds"],
                [
                    [
                        row["check"],
                        row["equation"],
                        number(row["left"]),
                        number(row["right"]),
                        element(
                            "span",
                            row["holds"],
                            class_="ok" if row["holds"] == "yes" else "missing",
                        ),
                    ]
                    for row in checks.to_dict("records")
                ],
                numeric=[2, 3],
                caption="The counts add up: every equation of the diagram, checked on this run",
            )
        )
    return section("prisma", *parts)


def new_since_previous(inputs: ReportInputs) -> tuple[int, set[str]]:
    """(the latest review version, the publications it found first); (1, all) for one version."""
    versions = inputs.review_versions
    if versions.empty:
        return 1, set(inputs.status["record_id"].astype(str)) if len(inputs.status) else set()
    latest = int(pd.to_numeric(versions["review_version"]).max())
    runs = inputs.version_runs
    if len(runs):  # a latest version whose runs found nothing still counts
        latest = max(latest, int(pd.to_numeric(runs["review_version"]).max()))
    first = pd.to_numeric(versions["review_version"])
    return latest, set(versions.loc[first == latest, "record_id"].astype(str))


def new_codes(codings: pd.DataFrame, new: set[str]) -> pd.DataFrame:
    """Codes (compared as the codebook compares them: case, accents and punctuation folded)
    whose codings in the synthesis are all on new studies: code (as first written), concept,
    record_ids (sorted), n_codings. Sorted by concept, then code."""
    used = synthesis_codings(codings)
    columns = ["code", "concept", "record_ids", "n_codings"]
    if used.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    keys = used["code"].astype(str).map(match_key)
    for _, group in used.groupby(keys, sort=True):
        documents = sorted(set(group["record_id"].astype(str)))
        if not set(documents) <= new:
            continue
        rows.append(
            {
                "code": str(group["code"].iloc[0]),
                "concept": str(group["concept"].iloc[0]),
                "record_ids": documents,
                "n_codings": len(group),
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["concept", "code"], kind="stable").reset_index(drop=True)


def update_section(inputs: ReportInputs, studies: Studies) -> Markup:
    latest, new = new_since_previous(inputs)
    status = inputs.status
    if latest <= 1:
        return section(
            "update",
            note(
                f"This is the first version of the review: every search run has review version 1 "
                f"(data/raw/searches.yaml), so all {len(inputs.included):,} included studies come "
                "from its searches. When an update adds search runs with a higher review_version, "
                "this section lists the studies and codes that are new since the previous version."
            ),
        )
    runs = inputs.version_runs
    run_rows = [
        [
            element("code", r["search_run"]),
            number(r["review_version"]),
            as_text(r["database"]),
            as_text(r["date_searched"]),
            number(r["n_records"]),
            number(r["n_publications"]),
            number(r["n_added_publications"]),
            number(r["n_previous_version_publications"]),
        ]
        for r in runs.to_dict("records")
    ]
    new_status = status[status["record_id"].astype(str).isin(new)]
    counts = new_status["status"].astype(str).value_counts().to_dict()
    status_rows = [[STATUS_LABELS.get(s, s), number(counts[s])] for s in STATUSES if counts.get(s)]
    included_new = [r for r in inputs.included.to_dict("records") if str(r["record_id"]) in new]
    included_new.sort(key=lambda r: studies.order(str(r["record_id"])))
    study_rows = [
        [
            studies.link(str(r["record_id"])),
            authors_short(r.get("authors")),
            as_text(r.get("year")),
            element("span", as_text(r.get("title")), class_="title"),
            element("code", r["record_id"]),
        ]
        for r in included_new
    ]
    labels = _concept_labels(inputs)
    used = synthesis_codings(inputs.codings)
    concept_rows = []
    if not used.empty:
        documents: dict[str, set[str]] = {}
        for record_id, concept in zip(used["record_id"], used["concept"], strict=True):
            documents.setdefault(str(concept), set()).add(str(record_id))
        for concept, label in labels.items():
            supporting = documents.get(concept, set())
            added = supporting & new
            if added:
                concept_rows.append(
                    [
                        concept_link(concept, label),
                        number(len(supporting - new)),
                        number(len(added)),
                        number(len(supporting)),
                        join([studies.link(r) for r in sorted(added, key=studies.order)], ", "),
                    ]
                )
    codes = new_codes(inputs.codings, new)
    code_rows = [
        [
            element("q", r["code"]),
            concept_link(str(r["concept"]), labels.get(str(r["concept"]), str(r["concept"]))),
            number(r["n_codings"]),
            join([studies.link(x) for x in sorted(r["record_ids"], key=studies.order)], ", "),
        ]
        for r in codes.to_dict("records")
    ]
    values = _prisma_values(inputs)
    latest_runs = ", ".join(
        str(r["search_run"])
        for r in runs.to_dict("records")
        if int(as_text(r["review_version"]) or 0) == latest
    )
    return section(
        "update",
        table(
            [
                "Run",
                "Version",
                "Database",
                "Searched",
                "Records",
                "Publications",
                "Added",
                "Of earlier versions",
            ],
            run_rows,
            numeric=[1, 4, 5, 6, 7],
            caption="Search runs by review version (results/versions/runs.csv): publications each "
            "run found, those no earlier run had found (added), and those an earlier review "
            "version had found",
        ),
        table(
            ["Where the new publications stand", "n"],
            status_rows,
            numeric=[1],
            caption=f"The {len(new_status):,} publications first found by version {latest}; "
            f"{number(values.get('metasynth_duplicates_of_previous', '0'))} records of its "
            "searches were publications of earlier versions, which keep their decisions",
        ),
        table(
            ["Study", "Authors", "Year", "Title", "record_id"],
            study_rows,
            numeric=[2],
            caption=f"New studies included in version {latest} ({len(study_rows)})",
            empty="no new study is included yet",
        ),
        table(
            ["Concept", "Studies before", "New studies", "Studies now", "New supporting studies"],
            concept_rows,
            numeric=[1, 2, 3],
            caption="Concepts the new studies support",
            empty="no coded new study yet",
        ),
        table(
            ["Code (first wording)", "Concept", "Codings", "Studies"],
            code_rows,
            numeric=[2],
            caption="New codes: codes (case, accents and punctuation aside) used only on new "
            "studies",
            empty="none",
        ),
        intro=f"Version {latest} of the review adds the search run(s) {latest_runs}. A "
        f"publication is new when all its records come from runs of version {latest} (a record "
        "that duplicates a publication of an earlier version joins it and inherits its "
        "decisions); a code is new when only new studies carry it. Everything of earlier versions "
        "is unchanged: their studies are the PRISMA diagram's previous studies.",
    )


def exclusion_table(inputs: ReportInputs) -> pd.DataFrame:
    """stage, reason code, label, n for every excluded publication, in pipeline then count order."""
    status = inputs.status
    screening = inputs.config.get("screening", {})
    labels: dict[tuple[str, str], str] = {
        ("automatic", str(r.get("code"))): str(r.get("label"))
        for r in screening.get("eligibility", [])
    }
    for stage, items in screening.get("reasons", {}).items():
        for item in items:
            labels[(stage, str(item.get("code")))] = str(item.get("label"))
    appraisal = inputs.config.get("appraisal", {})
    rows = []
    for status_name, stage in EXCLUDED_STATUSES:
        mine = status[status["status"].astype(str) == status_name]
        counts = mine["reason"].astype(str).value_counts()
        for code, n in sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0]))):
            label = labels.get((stage, str(code)), "")
            if stage == "appraisal" and not label:
                label = str(appraisal.get("exclusion_label", ""))
            rows.append(
                {
                    "stage": stage,
                    "reason": str(code),
                    "label": label or str(code) or "(no reason)",
                    "n": int(n),
                }
            )
    return pd.DataFrame(rows, columns=["stage", "reason", "label", "n"])


def exclusions_section(inputs: ReportInputs) -> Markup:
    frame = exclusion_table(inputs)
    total = int(frame["n"].sum()) if len(frame) else 0
    rows = [
        [
            STAGE_NAMES.get(r["stage"], r["stage"]),
            r["label"],
            element("code", r["reason"]),
            number(r["n"]),
        ]
        for r in frame.to_dict("records")
    ]
    return section(
        "exclusions",
        table(
            ["Stage", "Reason", "Code", "Publications"],
            rows,
            numeric=[3],
            caption=f"Every excluded publication by the stage and reason that excluded it "
            f"(n = {total:,}; from results/screening/status.csv)",
        ),
    )


def agreement_section(inputs: ReportInputs) -> Markup:
    kappa_rows = [
        [
            STAGE_NAMES.get(str(r["stage"]), str(r["stage"])),
            f"{r['reviewer_a']}–{r['reviewer_b']}",
            number(r["n_publications"]),
            number(r["n_agree"]),
            number(r.get("n_maybe", "")),
            decimal(r["percent_agreement"], 1),
            decimal(r["kappa"]),
            decimal(r["pabak"]),
            r["landis_koch"],
        ]
        for r in inputs.kappa.to_dict("records")
    ]
    reliability = inputs.reliability
    labels = _concept_labels(inputs)
    overall = (
        reliability[reliability["scope"].astype(str) != "concept"]
        if len(reliability)
        else reliability
    )
    concept_rows = (
        reliability[reliability["scope"].astype(str) == "concept"]
        if len(reliability)
        else reliability
    )

    def reliability_rows(frame: pd.DataFrame) -> list[list[Child]]:
        return [
            [
                concept_link(str(r["concept"]), labels.get(str(r["concept"]), str(r["concept"])))
                if r["concept"]
                else str(r["scope"]),
                r["coders"],
                number(r["n_documents"]),
                number(r["n_units"]),
                decimal(r["percent_agreement"], 1),
                decimal(r["kappa"]),
                r["kappa_label"],
                decimal(r["alpha"]),
                r["alpha_label"],
            ]
            for r in frame.to_dict("records")
        ]

    header = [
        "Scope",
        "Coders",
        "Double-coded studies",
        "Units",
        "% agreement",
        "Cohen's κ",
        "Landis–Koch",
        "Krippendorff's α",
        "Landis–Koch",
    ]
    return section(
        "agreement",
        element("h3", "Screening (Cohen's κ per stage and reviewer pair)"),
        table(
            [
                "Stage",
                "Reviewers",
                "Publications",
                "Agreements",
                "With a maybe",
                "% agreement",
                "Cohen's κ",
                "PABAK",
                "Landis–Koch",
            ],
            kappa_rows,
            numeric=[2, 3, 4, 5, 6, 7],
            caption="results/screening/kappa.csv",
        ),
        figure(inputs, "agreement_screening"),
        element("h3", "Coding (presence of each concept on the double-coded studies)"),
        table(
            header,
            reliability_rows(overall),
            numeric=[2, 3, 4, 5, 7],
            caption="Overall (results/synthesis/reliability.csv)",
        ),
        element(
            "details",
            element("summary", f"Per concept ({len(concept_rows)} rows)"),
            table(header, reliability_rows(concept_rows), numeric=[2, 3, 4, 5, 7]),
        ),
        figure(inputs, "agreement_coding"),
    )


def corpus_section(inputs: ReportInputs) -> Markup:
    from metasynth.figures.corpus import CORPUS_FIGURES

    return section(
        "corpus",
        *[figure(inputs, name) for name in CORPUS_FIGURES],
        intro="Publications identified (after deduplication) and included, by year and by field. "
        "Each figure's numbers are in results/figures/<name>.csv.",
    )


def appraisal_section(inputs: ReportInputs) -> Markup:
    appraisal = inputs.config.get("appraisal", {})
    scheme_name = str(appraisal.get("scheme", ""))
    scheme = appraisal.get("schemes", {}).get(scheme_name, {})
    if "points" in scheme:
        scoring = "answers " + ", ".join(f"{k} = {v}" for k, v in scheme["points"].items())
    else:
        scoring = f"each question scored {scheme.get('min', 1)}–{scheme.get('max', 5)}"
    bands = ", ".join(f"{b['label']} ≥ {b['min']}" for b in scheme.get("bands", []))
    casp = inputs.casp
    distribution = []
    if len(casp):
        counts = casp.groupby(["band", "decision"]).size()
        distribution = [[band, decision, number(n)] for (band, decision), n in counts.items()]
    screening_q = scheme.get("screening_questions", [])
    return section(
        "appraisal",
        element(
            "ul",
            element(
                "li",
                "Tool: the CASP qualitative checklist (10 questions, listed with the study table).",
            ),
            element(
                "li",
                f"Scheme '{scheme_name}': {scoring}; inclusion when the total is at least "
                f"{scheme.get('include_min_total', '')}.",
            ),
            element("li", f"Bands: {bands}." if bands else "No bands configured."),
            element(
                "li",
                f"A 'No' to question(s) {', '.join(map(str, screening_q))} excludes the study "
                "whatever its total.",
            )
            if screening_q
            else None,
            element(
                "li",
                f"Appraisers per publication: {appraisal.get('appraisers_per_publication', 1)}; "
                "a study's score is the mean over its appraisers.",
            ),
        ),
        table(
            ["Band", "Decision", "Publications"],
            distribution,
            numeric=[2],
            caption="Appraisal outcomes (results/appraisal/casp.csv)",
        ),
    )


def _concept_labels(inputs: ReportInputs) -> dict[str, str]:
    framework = inputs.framework
    if framework.empty:
        return {}
    concepts = framework[framework["level"].astype(str) == "concept"]
    return dict(zip(concepts["concept"].astype(str), concepts["label"].astype(str), strict=True))


def studies_section(inputs: ReportInputs, studies: Studies) -> Markup:
    casp = (
        {str(r["record_id"]): r for r in inputs.casp.to_dict("records")} if len(inputs.casp) else {}
    )
    labels = _concept_labels(inputs)
    order = {c: i for i, c in enumerate(labels)}
    used = synthesis_codings(inputs.codings)
    concepts_of: dict[str, list[str]] = {}
    for record_id, concept in zip(used.get("record_id", []), used.get("concept", []), strict=True):
        concepts_of.setdefault(str(record_id), [])
        if str(concept) not in concepts_of[str(record_id)]:
            concepts_of[str(record_id)].append(str(concept))
    included = {str(r["record_id"]): r for r in inputs.included.to_dict("records")}
    rows = []
    ids = []
    for record in studies.numbers.to_dict("records"):
        record_id = str(record["record_id"])
        study = included[record_id]
        score = casp.get(record_id, {})
        concepts = sorted(concepts_of.get(record_id, []), key=lambda c: order.get(c, len(order)))
        total = as_text(score.get("total", study.get("casp_total", "")))
        maximum = as_text(score.get("max_total", ""))
        rows.append(
            [
                element("strong", record["label"]),
                authors_short(study.get("authors")),
                as_text(study.get("year")),
                element("span", as_text(study.get("title")), class_="title"),
                as_text(study.get("source_title")),
                element("code", record_id),
                f"{total}/{maximum}" if total and maximum else total,
                as_text(score.get("band", study.get("casp_band", ""))),
                join([concept_link(c, labels.get(c, c)) for c in concepts], "; ")
                if concepts
                else element("span", "not coded yet", class_="missing"),
            ]
        )
        ids.append(anchor_id("study", record_id))
    question_rows = []
    if len(inputs.casp):
        for record in studies.numbers.to_dict("records"):
            score = casp.get(str(record["record_id"]))
            if score is None:
                continue
            question_rows.append(
                [studies.link(str(record["record_id"]))]
                + [as_text(score.get(f"q{i}")) for i in range(1, 11)]
                + [as_text(score.get("total"))]
            )
    legend = element(
        "ol",
        [element("li", text) for text in CASP_QUESTIONS],
        class_="casp-questions",
    )
    return section(
        "studies",
        table(
            [
                "Study",
                "Authors",
                "Year",
                "Title",
                "Source",
                "record_id",
                "CASP",
                "Band",
                "Concepts it supports",
            ],
            rows,
            numeric=[2, 6],
            row_ids=ids,
            caption=f"The {len(rows)} included studies, numbered by year, first author and title "
            "(the numbers S1… are used in every figure and table of this report)",
        ),
        element(
            "details",
            element("summary", "CASP scores per question"),
            legend,
            table(
                ["Study", *[f"Q{i}" for i in range(1, 11)], "Total"],
                question_rows,
                numeric=list(range(1, 12)),
            ),
        ),
    )


def coding_section(inputs: ReportInputs, studies: Studies) -> Markup:
    synthesis = inputs.config.get("synthesis", {})
    sources = [
        [element("code", s.get("path", "")), s.get("format", ""), s.get("coder", "")]
        for s in synthesis.get("sources", [])
    ]
    who = (
        "every coder"
        if synthesis.get("aggregate_coders") == "all"
        else "its first coder in synthesis.coders"
    )
    codings = inputs.codings
    per_coder = []
    if len(codings):
        for coder, group in codings.groupby("coder", sort=True):
            in_synthesis = group["in_synthesis"].astype(str).str.lower() == "true"
            mapped = group["concept"].astype(str) != ""
            per_coder.append(
                [
                    coder,
                    number(group["record_id"].nunique()),
                    number(len(group)),
                    number(int(mapped.sum())),
                    number(int(in_synthesis.sum())),
                ]
            )
    unmapped_rows = [
        [r["code"], number(r["n_codings"]), number(r["n_documents"]), as_text(r.get("suggestions"))]
        for r in inputs.unmapped.to_dict("records")
    ]
    todo_rows = [
        [
            studies.link(str(r["record_id"])),
            r["reason"],
            number(r["n_codings"]),
            number(r["n_unmapped"]),
        ]
        for r in inputs.coding_todo.to_dict("records")
    ]
    return section(
        "coding",
        table(
            ["Source", "Format", "Coder (when set)"],
            sources,
            caption="Where the coding comes from (synthesis.sources)",
        ),
        table(
            ["Coder", "Studies", "Codings", "Mapped to a concept", "Counted in the framework"],
            per_coder,
            numeric=[1, 2, 3, 4],
            caption="Codings per coder (results/synthesis/codings.csv). Each study's framework "
            f"counts come from {who} ({', '.join(map(str, synthesis.get('coders', [])))}); the "
            "others' double coding feeds the agreement tables.",
        ),
        table(
            ["Code", "Codings", "Studies", "Closest concepts (score)"],
            unmapped_rows,
            numeric=[1, 2],
            caption="Codes that match no codebook entry (not counted; add them to the codebook)",
        ),
        table(
            ["Study", "Reason", "Codings", "Unmapped"],
            todo_rows,
            numeric=[2, 3],
            caption="Included studies still to code",
        ),
    )


def framework_section(inputs: ReportInputs) -> Markup:
    framework = inputs.framework
    n_studies = len(inputs.included)
    rows: list[list[Child]] = []
    for r in framework.to_dict("records"):
        level = str(r["level"])
        n_documents = int(as_text(r["n_documents"]) or 0)
        if level == "concept":
            name: Child = concept_link(str(r["concept"]), str(r["label"]))
        else:
            name = element("strong", r["label"])
        rows.append(
            [
                element("span", name, class_=f"level-{level}"),
                level.replace("subcategory", "sub-category"),
                number(n_documents),
                percent(n_documents, n_studies),
                number(r["n_codings"]),
            ]
        )
    figures = element(
        "div",
        element("h3", "Figures"),
        *[
            figure(inputs, name)
            for name in (
                "framework_hierarchy",
                "framework_concepts",
                "framework_sankey",
                "framework_network",
                "framework_heatmap",
            )
        ],
        id="figures-framework",
    )
    return section(
        "framework",
        table(
            [
                "Category / sub-category / concept",
                "Level",
                "Studies",
                f"% of {n_studies}",
                "Codings",
            ],
            rows,
            numeric=[2, 3, 4],
            caption="The framework (results/synthesis/framework.csv). Each concept links to its "
            "evidence: the studies and quotes that support it.",
            class_="data framework",
        ),
        figures,
    )


def evidence_section(inputs: ReportInputs, studies: Studies) -> Markup:
    framework = inputs.framework
    limit = int(inputs.config.get("report", {}).get("quotes_per_concept", 0) or 0)
    used = synthesis_codings(inputs.codings)
    labels = {}
    for r in framework.to_dict("records"):
        key = {"category": r["category"], "subcategory": r["subcategory"]}.get(
            str(r["level"]), r["concept"]
        )
        labels[str(key)] = str(r["label"])
    descriptions: dict[str, str] = {}
    if inputs.codebook is not None:
        descriptions = {c.id: c.description for c in inputs.codebook.concepts}
    blocks = []
    concepts = framework[framework["level"].astype(str) == "concept"].to_dict("records")
    for r in concepts:
        concept = str(r["concept"])
        mine = used[used["concept"].astype(str) == concept] if len(used) else used
        supporting = sorted({str(x) for x in mine.get("record_id", [])}, key=studies.order)
        quotes = (
            sorted(
                mine.to_dict("records"),
                key=lambda q: (
                    studies.order(str(q["record_id"])),
                    str(q.get("source_file", "")),
                    str(q.get("source_ref", "")),
                ),
            )
            if len(mine)
            else []
        )
        shown = quotes[:limit] if limit else quotes
        quote_rows = [
            [
                studies.link(str(q["record_id"])),
                q["code"],
                element("q", q["quote"]) if as_text(q.get("quote")) else "",
                as_text(q.get("location")),
                q["coder"],
            ]
            for q in shown
        ]
        blocks.append(
            element(
                "article",
                element("h3", r["label"], element("span", f" {concept}", class_="conceptid")),
                element(
                    "p",
                    labels.get(str(r["category"]), ""),
                    " › ",
                    labels.get(str(r["subcategory"]), ""),
                    f" — {number(r['n_documents'])} studies, {number(r['n_codings'])} codings",
                    class_="path",
                ),
                element("p", descriptions[concept]) if descriptions.get(concept) else None,
                element(
                    "p",
                    "Supporting studies: ",
                    join([studies.link(x) for x in supporting], ", ")
                    if supporting
                    else element("span", "none", class_="missing"),
                ),
                table(
                    ["Study", "Code", "Quote", "Where", "Coder"],
                    quote_rows,
                    class_="data quotes",
                    empty="no codings",
                )
                if quote_rows or not supporting
                else None,
                note(
                    f"{len(quotes) - len(shown)} more coding(s) in results/synthesis/codings.csv "
                    f"(report.quotes_per_concept = {limit})."
                )
                if len(shown) < len(quotes)
                else None,
                id=anchor_id("concept", concept),
                class_="concept",
            )
        )
    return section(
        "evidence",
        *blocks,
        intro="For each concept: where it sits in the framework, its description in the codebook, "
        "the studies that support it and every coding with its quote, as the coders recorded them.",
    )


def entropy_section(inputs: ReportInputs) -> Markup:
    entropy = inputs.entropy
    labels = _concept_labels(inputs)
    level = inputs.config.get("synthesis", {}).get("entropy_level", "concept")
    rows = []
    if len(entropy):
        ordered = entropy.assign(
            _rank=pd.to_numeric(entropy["rank"].astype("string").replace("", None), errors="coerce")
        )
        ordered = ordered.sort_values(["_rank", "item"], kind="stable", na_position="last")
        for r in ordered.to_dict("records"):
            item = str(r["item"])
            name: Child = concept_link(item, str(r["label"])) if item in labels else str(r["label"])
            weight = as_text(r["weight"])
            rows.append(
                [
                    as_text(r["rank"]) or "–",
                    name,
                    number(r["n_documents"]),
                    number(r["n_codings"]),
                    decimal(r["entropy"], 4),
                    decimal(r["divergence"], 4),
                    f"{100 * float(weight):.2f}" if weight else "",
                ]
            )
    return section(
        "entropy",
        note(
            f"Shannon entropy over the study × {level} frequency matrix: p_ij = F_ij / Σ_i F_ij; "
            "E_j = −(1/ln m) Σ_i p_ij ln p_ij; d_j = 1 − E_j; w_j = d_j / Σ_j d_j. A higher weight "
            "means the codings concentrate in fewer studies."
        ),
        table(
            ["Rank", "Item", "Studies", "Codings", "Entropy", "Divergence", "Weight (%)"],
            rows,
            numeric=[0, 2, 3, 4, 5, 6],
            caption="results/synthesis/entropy.csv",
        ),
        figure(inputs, "framework_entropy"),
    )


def clustering_section(inputs: ReportInputs) -> Markup:
    frame = inputs.clustering
    if frame.empty:
        return section(
            "clustering",
            note(
                "The clustering check is disabled (synthesis.clustering.enabled: false) or "
                "found nothing to cluster."
            ),
        )
    labels = _concept_labels(inputs)
    sub_labels = {}
    fw = inputs.framework
    for r in fw[fw["level"].astype(str) == "subcategory"].to_dict("records"):
        sub_labels[str(r["subcategory"])] = str(r["label"])
    summary = frame[frame["section"].astype(str) == "summary"]
    subs = frame[frame["section"].astype(str) == "subcategory"]
    codes = frame[(frame["section"].astype(str) == "code") & (frame["flag"].astype(str) != "")]
    return section(
        "clustering",
        note(
            "The code texts were clustered without the codebook (TF-IDF features, as many clusters "
            "as sub-categories) and the clusters compared with the codebook's sub-categories. A "
            "low "
            "adjusted Rand index or purity marks categories the wording alone does not separate; "
            "flagged codes sit closer to another concept than to their own, or far from it."
        ),
        table(
            ["Metric", "Value", "Note"],
            [
                [
                    r["code"],
                    decimal(r["score"], 3)
                    if str(r["code"]).startswith("adjusted")
                    else number(decimal(r["score"], 0)),
                    r["flag"],
                ]
                for r in summary.to_dict("records")
            ],
            numeric=[1],
            caption="Summary (results/synthesis/clustering_check.csv)",
        ),
        table(
            ["Sub-category", "Codes", "Largest cluster", "Purity"],
            [
                [
                    sub_labels.get(str(r["subcategory"]), str(r["subcategory"])),
                    number(r["n_codes"]),
                    as_text(r["cluster"]),
                    decimal(r["score"], 3),
                ]
                for r in subs.to_dict("records")
            ],
            numeric=[1, 3],
            caption="Purity per sub-category: the share of its codes in its largest cluster",
        ),
        table(
            [
                "Code",
                "Concept",
                "Similarity to its concept",
                "Nearest other concept",
                "Similarity",
                "Flag",
            ],
            [
                [
                    r["code"],
                    concept_link(
                        str(r["concept"]), labels.get(str(r["concept"]), str(r["concept"]))
                    ),
                    decimal(r["score"], 3),
                    concept_link(
                        str(r["nearest_concept"]),
                        labels.get(str(r["nearest_concept"]), str(r["nearest_concept"])),
                    )
                    if r["nearest_concept"]
                    else "",
                    decimal(r["nearest_score"], 3),
                    r["flag"],
                ]
                for r in codes.to_dict("records")
            ],
            numeric=[2, 4],
            caption=f"Flagged codes ({len(codes)}): contestable placements for the reviewers to "
            "look at",
        ),
    )


def entreq_section(inputs: ReportInputs) -> Markup:
    statements: Mapping[str, str] = inputs.config.get("report", {}).get("statements", {})
    rows = []
    for row in entreq_rows(statements):
        item = row.item
        where: list[Child] = [
            link(s, TITLES.get(s, s) if s in TITLES else "Framework figures") for s in item.sections
        ]
        if item.statement:
            title = STATEMENT_TITLES.get(item.statement, item.statement)
            where.append(link(f"statement-{item.statement}", f"authors' statement: {title}"))
        state = {
            "data": element("span", "answered by the data", class_="ok"),
            "statement": element("span", "data + authors' statement", class_="ok"),
            "missing": element(
                "span", f"statement missing (report.statements.{item.statement})", class_="missing"
            ),
        }[row.state]
        rows.append(
            [str(item.number), element("strong", item.name), item.asks, join(where, "; "), state]
        )
    return section(
        "entreq",
        table(
            ["#", "Item", "What it asks", "Where this report answers it", "State"],
            rows,
            numeric=[0],
            caption="ENTREQ: Tong A, Flemming K, McInnes E, Oliver S, Craig J (2012). Enhancing "
            "transparency in reporting the synthesis of qualitative research. BMC Medical "
            "Research Methodology 12:181.",
        ),
    )


def reproducibility_section(inputs: ReportInputs) -> Markup:
    checksums = [
        [
            element("code", r["path"]),
            number(r["bytes"]),
            element("code", r["sha256"], class_="hash"),
        ]
        for r in inputs.input_files.to_dict("records")
    ]
    config_text = yaml.safe_dump(inputs.config, sort_keys=False, allow_unicode=True, width=100)
    return section(
        "reproducibility",
        element(
            "p",
            "Run date: ",
            Markup(
                "<!-- run-date: the ONLY field that differs between two runs of the same inputs -->"
            ),
            element(
                "time",
                inputs.run_date.replace("T", " ").replace("Z", " UTC"),
                id="run-date",
                datetime=inputs.run_date,
            ),
            element(
                "span",
                " (the only field that differs between two runs of the same inputs; set ",
                element("code", "SOURCE_DATE_EPOCH"),
                " to fix it). Every output's checksum is in ",
                element("code", "results/manifest.tsv"),
                "; ",
                element("code", "metasynth manifest compare"),
                " checks two runs against each other.",
                class_="muted",
            ),
            class_="rundate",
        ),
        table(
            ["Input file", "Bytes", "SHA-256"],
            checksums,
            numeric=[1],
            caption="Input files of this run",
        ),
        table(
            ["Software", "Version"],
            [[name, version] for name, version in inputs.versions],
            caption="Software",
        ),
        element(
            "details",
            element(
                "summary", "Configuration of this run (config/config.yaml with defaults filled in)"
            ),
            element("pre", config_text, class_="config"),
        ),
    )


BODY: tuple[Callable[[ReportInputs, Studies], Markup], ...] = (
    lambda i, s: question_section(i),
    lambda i, s: methods_section(i),
    lambda i, s: search_section(i),
    lambda i, s: eligibility_section(i),
    lambda i, s: screening_section(i),
    lambda i, s: prisma_section(i),
    update_section,
    lambda i, s: exclusions_section(i),
    lambda i, s: agreement_section(i),
    lambda i, s: corpus_section(i),
    lambda i, s: appraisal_section(i),
    studies_section,
    coding_section,
    lambda i, s: framework_section(i),
    evidence_section,
    lambda i, s: entropy_section(i),
    lambda i, s: clustering_section(i),
    lambda i, s: entreq_section(i),
    lambda i, s: reproducibility_section(i),
)
"""One builder per entry of SECTIONS, in the same order."""


def body(inputs: ReportInputs) -> Markup:
    """The page body: header, contents, then every section."""
    studies = Studies(study_numbers(inputs.included, first_versions(inputs.review_versions)))
    return join([header(inputs), *[build(inputs, studies) for build in BODY]], "\n")


def used_sections() -> Sequence[str]:
    return [sid for sid, _ in SECTIONS]
