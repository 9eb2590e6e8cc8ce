"""A generated corpus with the labels real codebooks have: long, many, messy and unbalanced.

Hand-written for the figure tests (no real review's data): 7 categories (more than the eight-
colour palette's comfortable range is not needed; seven keep every colour, yellow included),
19 sub-categories and 56 concepts whose labels run from one word (`Telemetry`, `REM`) to well
over a hundred characters, as in qualitative evidence syntheses of health services; some are in
Persian (right to left, with a zero-width non-joiner), Turkish and German, some hold `"`, `<`,
`$` and `\\` or a right-to-left override, one ends in Persian, one sub-category is a
snake_case code name (no space to wrap at) and one is Chinese (no spaces to break at;
characters DejaVu Sans has no glyph for, as for a concept's emoji, one of which no font of the
figures has), and codes are spelled as ATLAS.ti (`a::b`) and Taguette (`a\\b`) name them in
their exports (/work/shared/fixtures/qda). Coding is unbalanced: one sub-category (`literacy`)
holds most codings, one concept is coded in every study (55), most in one to three, some in none.
`codes_csv` writes the codings as a coder's codes.csv for a list of included record_ids;
`codebook_yaml` the codebook, so a test can put both under data/coded/ of a project and run the
workflow.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

CATEGORIES = [
    ("individual", "Individual-level factors influencing engagement with remote monitoring and "
     "self-management, including symptom estimation"),
    ("organisational", "Organisational, institutional and policy conditions for sustained "
     "implementation"),
    ("technology", "Technology design, usability, interoperability and data governance"),
    ("relational", "Relational and communicative processes between clinicians, patients and "
     "informal carers"),
    ("outcomes", "Outcomes, benefits and unintended consequences reported by participants"),
    ("context", "Contextual, cultural and socio-economic determinants of access and equity"),
    # "Other: findings that fit no other category", in Persian
    ("notes", "سایر موارد: یافته\u200cهایی که در هیچ دستهٔ دیگری نمی\u200cگنجند"),
]  # fmt: skip

SUBCATEGORIES = [
    ("motivation", "individual", "Motivation, perceived usefulness and the burden of daily "
     "self-monitoring over months"),
    ("literacy", "individual", "Digital and health literacy"),
    ("estimation", "individual", "Interpretation of readings, uncertainty and symptom "
     "estimation by patients who live alone in rural and remote areas without family support"),
    ("leadership", "organisational", "Clinical leadership, champions and organisational "
     "readiness for change"),
    ("funding", "organisational", "Reimbursement, funding models and sustainability beyond "
     "the pilot phase"),
    ("workload", "organisational", "Workload"),
    ("design", "technology", "Co-design with end users and iterative usability testing"),
    ("interoperability", "technology", "Interoperability with electronic health records and "
     "existing clinical information systems"),
    ("privacy", "technology", "Datenschutz, Einwilligung und Übermittlung in Drittländer (DSGVO)"),
    ("trust", "relational", "Trust, reassurance and the therapeutic relationship at a distance"),
    ("communication", "relational", "Communication channels, response times and escalation"),
    ("persian", "relational", "اعتماد بیماران به پایش از راه دور و گفت\u200cوگو با پرستاران"),
    ("benefits", "outcomes", "Perceived clinical benefits, earlier detection of deterioration "
     "and avoided hospital admissions"),
    ("harms", "outcomes", "Unintended consequences: anxiety, false alarms and over-reliance"),
    ("equity", "context", "Inequities in access by age, income, rurality and language"),
    ("culture", "context", "Kültürel anlamlar: hastalık, bakım ve ailenin rolü üzerine"),
    # Chinese has no spaces to break at, and the figures' font draws none of its characters
    ("chinese", "context", "数据素养、统计软件培训以及导师在研究生阶段的支持作用与局限性问题"),
    ("misc", "notes", "Miscellaneous"),
    # a code name exported from a QDA tool as the sub-category's label: no space to wrap at
    ("exported", "notes", "continuity_of_care_and_trust_in_the_remote_monitoring_nurse"),
]  # fmt: skip

CONCEPT_LABELS = {
    "motivation": ["Perceived usefulness of daily readings", "Routine and habit formation",
                   "Fatigue with self-monitoring over long periods of chronic illness"],
    "literacy": ["Telemetry", "REM", "Confidence in using tablets and smartphones",
                 "Need for training"],
    "estimation": ["Interpreting blood pressure and weight trends without clinical support",
                   "Uncertainty about when to call", "Symptom estimation"],
    "leadership": ["Local clinical champions", "Management support",
                   "Organisational readiness for change and prior experience with telehealth "
                   "services in primary care"],
    "funding": ["Reimbursement", "Pilot funding ends", "Cost of devices and connectivity",
                "Mobile data costs of $5–$20 a month borne by patients (USD)"],
    "workload": ["Alert fatigue", "Time to review data"],
    "design": ["Co-design workshops", "Usability testing with older adults",
               "Accessible interfaces for visual and motor impairment"],
    "interoperability": ["EHR integration", "Duplicate documentation",
                         "Vendor lock-in and proprietary data formats that prevent exchange "
                         "between hospital and community services"],
    "privacy": ["Consent", "Data ownership", "Secure transmission",
                "Übermittlung an Krankenkassen ohne ausdrückliche Zustimmung"],
    "trust": ["Feeling watched over", "Continuity of the nurse", "Loss of face-to-face contact",
              'Feeling "rushed" when calls last <3 minutes'],
    "communication": ["Response times", "Escalation pathways", "SMS reminders"],
    "benefits": ["Earlier detection of deterioration", "Avoided admissions",
                 "Empowerment and self-efficacy"],
    "harms": ["Anxiety", "False alarms", "Over-reliance on technology"],
    "equity": ["Rurality", "Income", "Language barriers", "Age"],
    # a concept's label must have Latin letters or digits to match codes on (metasynth.text.fold)
    "persian": ["Health data privacy (نگرانی از حریم خصوصی داده\u200cهای سلامت)",
                "Trust in the nurse's judgement over the algorithm's alert (AI)"],
    "culture": ["Family roles in care", "Religious meanings of illness",
                "Aile büyüklerinin karar süreçlerine katılımı ve mahremiyet"],
    "misc": ["Other"],
    # 🫶 (Unicode 14) is in none of the figures' fonts (metasynth.figures.style.FALLBACK_FONTS)
    "chinese": ["Statistical software (统计软件)", "Mentor support 🧑‍🏫 (导师支持) 🫶"],
    # a label that ends in Persian (its count must stay after it), and a right-to-left override
    # pasted into a label (shown, not obeyed, as in the report)
    "exported": ["Continuity of care پیوستگی مراقبت", "Override \u202eevil\u202c in a label"],
}  # fmt: skip

SECOND_CODER = "محمدرضا حسین‌زاده-Χαραλαμπόπουλος (Universidad Autónoma de Barcelona)"
"""A second coder's name as long and as mixed as real teams' are (Persian with its zero-width
non-joiner, Greek, Spanish): the coding-agreement figure names the pair in its title."""


def _concept_id(sub: str, index: int) -> str:
    return f"{sub}_{index + 1}"


EXTRA_CODES = {
    "literacy_1": ["telemetry::home devices", "interesting\\telemetry", "telemetrie"],
    "literacy_2": ["rem::sleep", "REM (rapid eye movement)"],
}
"""Codes of the dominant sub-category as other tools spell them (ATLAS.ti `a::b`, Taguette
`a\\b`, a German spelling): the coder uses them beside the concepts' own codes."""


def codebook() -> dict[str, Any]:
    """The codebook as data/coded/codebook.yaml holds it (codes: each concept's label, lower
    case, the label with "issues" appended, and `EXTRA_CODES`)."""
    concepts = []
    for sub, labels in CONCEPT_LABELS.items():
        for index, label in enumerate(labels):
            concept = _concept_id(sub, index)
            concepts.append(
                {
                    "id": concept,
                    "subcategory": sub,
                    "label": label,
                    "codes": [
                        label.lower(),
                        f"{label.lower()} issues",
                        *EXTRA_CODES.get(concept, []),
                    ],
                }
            )
    return {
        "categories": [{"id": c, "label": label} for c, label in CATEGORIES],
        "subcategories": [
            {"id": s, "category": c, "label": label} for s, c, label in SUBCATEGORIES
        ],
        "concepts": concepts,
    }


def codebook_yaml() -> str:
    return "# Hand-written test codebook: long, many and unbalanced labels.\n" + yaml.safe_dump(
        codebook(), sort_keys=False, allow_unicode=True, width=200
    )


def codes(record_ids: list[str], coder: str = "coder_1") -> list[dict[str, str]]:
    """Deterministic codings of `record_ids` (about 55 studies): the first concept of
    `literacy` (Telemetry) three times in every study and its second (REM) twice in every other
    one, so that `literacy` holds most codings; a few concepts in many studies, most in one to
    three."""
    concepts = [c for c in codebook()["concepts"]]
    rows: list[dict[str, str]] = []
    for position, record_id in enumerate(record_ids):
        chosen = {position % len(concepts), (position * 7 + 3) % len(concepts)}
        if position % 4 == 0:
            chosen.add(0)  # a frequent one
        if position % 5 == 1:
            chosen.add(len(concepts) - 1)  # the last, which the two above never reach
        repeats = {index: 1 for index in chosen} | {3: 3}  # Telemetry: every study, thrice
        if position % 2 == 0:
            repeats[4] = 2  # REM
        for index, times in sorted(repeats.items()):
            concept = concepts[index]
            for repeat in range(times):
                rows.append(
                    {
                        "record_id": record_id,
                        "coder": coder,
                        "code": concept["codes"][(position + repeat) % len(concept["codes"])],
                        "quote": f"Participants described {concept['label'].lower()} ({repeat}).",
                        "location": f"p. {index + 1 + repeat}",
                    }
                )
    return rows


def codes_csv(record_ids: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, ["record_id", "coder", "code", "quote", "location"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(codes(record_ids))
    return buffer.getvalue()
