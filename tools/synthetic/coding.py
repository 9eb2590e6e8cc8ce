"""The default corpus's qualitative coding, written from the generator's ground truth.

Inputs: a `Corpus` (`build_corpus(seed)`): its 80 included publications, each with a study
context and the framework concepts its findings support (`themes.FRAMEWORK`). Outputs, under
`data/coded/` (all byte-reproducible from the seed):

- `codebook.yaml` — the reference 3 × 3 framework as a synthesis codebook: 3 categories,
  9 sub-categories, the concepts with descriptions, and as codes the wordings and misspellings
  coders used (`themes` phrases and misspellings);
- `codes.csv` — the first coder's coding of all 80 documents (`codes.schema.yaml`): one to two
  codings per supported concept, the code in the coder's own wording (a phrase, the label, a
  misspelling; case and hyphenation vary), a quote from the findings and its page; a few codes
  that are in no codebook entry (the decisions a real codebook still needs: a typo nobody listed,
  new ideas such as "mentor burnout"), and a memo now and then;
- `second_coder.qdpx` — 20 % of the documents coded independently by a second coder, exported
  from a QualCoder-style tool as REFI-QDA: users, the coder's own code tree (grouped by
  sub-category), one plain-text source per document named by its record_id (the findings
  passages), selections with codings. The second coder misses some concepts and reads some
  passages differently, so agreement is realistic rather than perfect.

What the default run must show follows from this: every concept's supporting documents are the
included publications whose truth lists it; the unmapped list holds only the planted codes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd
import yaml

from synthetic.data_files import load_yaml
from synthetic.themes import FRAMEWORK, Concept

FIRST_CODER = "coder_1"
SECOND_CODER = "coder_2"
DOUBLE_CODED_SHARE = 0.2
SECOND_CODER_RECALL = 0.8  # chance the second coder also codes a concept the document supports
SECOND_CODER_EXTRA = 0.45  # chance per document of one extra, contestable concept

CODED_DIR = Path("data") / "coded"

_WORDS = load_yaml("coding.yaml")
UNMAPPED_CODES: tuple[str, ...] = tuple(_WORDS["unmapped_codes"])
"""Codes a real first pass produces that the codebook does not (yet) hold."""
_QUOTES: tuple[str, ...] = tuple(_WORDS["quotes"])
_FILLER: tuple[str, ...] = tuple(_WORDS["filler"])
_MEMOS: tuple[str, ...] = tuple(_WORDS["memos"])


@dataclass(frozen=True)
class Coding:
    record_id: str
    coder: str
    code: str
    concept: str  # "" for a planted unmapped code
    quote: str
    page: int
    memo: str = ""


def _concepts() -> list[tuple[str, str, Concept]]:
    return [
        (category.id, subcategory.id, concept)
        for category in FRAMEWORK
        for subcategory in category.subcategories
        for concept in subcategory.concepts
    ]


def codebook_document() -> dict[str, list[dict[str, object]]]:
    """The codebook of the reference framework (the layout `load_codebook` reads)."""
    categories: list[dict[str, object]] = []
    subcategories: list[dict[str, object]] = []
    concepts: list[dict[str, object]] = []
    for category in FRAMEWORK:
        categories.append(
            {"id": category.id, "label": category.label, "description": category.description}
        )
        for sub in category.subcategories:
            subcategories.append(
                {
                    "id": sub.id,
                    "category": category.id,
                    "label": sub.label,
                    "description": sub.description,
                }
            )
            for concept in sub.concepts:
                codes = [
                    t
                    for t in (*concept.phrases, *concept.misspellings)
                    if t.lower() != concept.label.lower()
                ]
                concepts.append(
                    {
                        "id": concept.id,
                        "subcategory": sub.id,
                        "label": concept.label,
                        "description": concept.description,
                        "codes": codes,
                    }
                )
    return {"categories": categories, "subcategories": subcategories, "concepts": concepts}


def codebook_yaml() -> str:
    header = (
        "# Codebook of the synthesis: open codes → concepts → sub-categories → categories.\n"
        "# SYNTHETIC default corpus: written by tools/synthetic/coding.py from the\n"
        "# reference framework (Karimi et al. 2024: 3 categories, 9 sub-categories).\n"
        "# Edit it by hand: add a code that is in results/synthesis/unmapped_codes.csv to the\n"
        "# `codes:` of the concept it belongs to. Schema: workflow/schemas/codebook.schema.yaml\n"
    )
    body: str = yaml.safe_dump(
        codebook_document(), sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return header + body


# ---------------------------------------------------------------------------- codes


def _coder_wording(rng: random.Random, concept: Concept) -> str:
    """How a coder writes the code: a phrase, the label or a misspelling, case varying."""
    draw = rng.random()
    if draw < 0.12 and concept.misspellings:
        text = rng.choice(concept.misspellings)
    elif draw < 0.4:
        text = concept.label
    else:
        text = rng.choice(concept.phrases)
    style = rng.random()
    if style < 0.55:
        return text.lower() if not any(w.isupper() and len(w) > 1 for w in text.split()) else text
    if style < 0.85:
        return text[:1].upper() + text[1:]
    return text.replace(" ", "-", 1) if " " in text and rng.random() < 0.5 else text.title()


def _quote(rng: random.Random, phrase: str, context_words: object) -> str:
    mentees = rng.choice(getattr(context_words, "mentees", ("mentees",)))
    mentors = rng.choice(getattr(context_words, "mentors", ("mentors",)))
    outcome = rng.choice(getattr(context_words, "outcomes", ("their progress",)))
    template = rng.choice(_QUOTES)
    return template.format(
        p=phrase,
        mentees=mentees,
        mentors=mentors,
        outcome=outcome,
        Mentees=mentees[:1].upper() + mentees[1:],
        Mentors=mentors[:1].upper() + mentors[1:],
    )


def _context_words(context: str) -> object:
    from synthetic.texts import CONTEXT_WORDS

    return CONTEXT_WORDS.get(context)


@dataclass(frozen=True)
class Document:
    record_id: str
    context: str
    concepts: tuple[str, ...]


def included_documents(corpus: object) -> list[Document]:
    """The included publications as (primary record_id, context, concepts), by record_id."""
    documents = [
        Document(p.primary.record_id, p.context, tuple(p.concepts))
        for p in corpus.included()  # type: ignore[attr-defined]
    ]
    return sorted(documents, key=lambda d: d.record_id)


def first_coding(rng: random.Random, documents: Sequence[Document]) -> list[Coding]:
    """The first coder's coding of every document, plus the planted unmapped codes."""
    by_id = {c.id: c for _, _, c in _concepts()}
    codings: list[Coding] = []
    for document in documents:
        words = _context_words(document.context)
        pages = sorted(rng.sample(range(4, 19), k=min(len(document.concepts) + 2, 15)))
        for position, concept_id in enumerate(document.concepts):
            concept = by_id[concept_id]
            n_passages = 2 if rng.random() < 0.3 else 1
            for passage in range(n_passages):
                memo = ""
                if rng.random() < 0.06:
                    others = [c for c in document.concepts if c != concept_id]
                    other = by_id[rng.choice(others)].label if others else "another concept"
                    memo = rng.choice(_MEMOS).format(other=other)
                codings.append(
                    Coding(
                        document.record_id,
                        FIRST_CODER,
                        _coder_wording(rng, concept),
                        concept_id,
                        _quote(rng, rng.choice(concept.phrases), words),
                        pages[min(position + passage, len(pages) - 1)],
                        memo,
                    )
                )
    # The planted codes: each on one or two documents, as an extra coding.
    for code in UNMAPPED_CODES:
        for document in rng.sample(list(documents), k=1 if rng.random() < 0.5 else 2):
            codings.append(
                Coding(
                    document.record_id,
                    FIRST_CODER,
                    code,
                    "",
                    _quote(rng, code, _context_words(document.context)),
                    rng.randint(4, 18),
                )
            )
    return codings


def second_coding(
    rng: random.Random, documents: Sequence[Document], first: Sequence[Coding]
) -> list[Coding]:
    """The second coder's independent coding of a 20 % sample of the documents.

    The same passages (quotes) are read; each supported concept is coded with probability
    SECOND_CODER_RECALL, in the coder's own wording; sometimes a passage is read as one more
    concept of the same sub-category (a contestable reading).
    """
    concepts = _concepts()
    by_id = {c.id: c for _, _, c in concepts}
    subcategory_of = {c.id: sub for _, sub, c in concepts}
    n_double = round(DOUBLE_CODED_SHARE * len(documents))
    sample = sorted(rng.sample(list(documents), k=n_double), key=lambda d: d.record_id)
    codings: list[Coding] = []
    for document in sample:
        mine = [c for c in first if c.record_id == document.record_id and c.concept]
        for concept_id in document.concepts:
            passages = [c for c in mine if c.concept == concept_id]
            if rng.random() < SECOND_CODER_RECALL:
                passage = passages[0]
                codings.append(
                    Coding(
                        document.record_id,
                        SECOND_CODER,
                        _coder_wording(rng, by_id[concept_id]),
                        concept_id,
                        passage.quote,
                        passage.page,
                    )
                )
        if rng.random() < SECOND_CODER_EXTRA and mine:
            passage = rng.choice(mine)
            siblings = [
                cid
                for cid, sub in subcategory_of.items()
                if sub == subcategory_of[passage.concept] and cid not in document.concepts
            ]
            if siblings:
                extra = rng.choice(siblings)
                codings.append(
                    Coding(
                        document.record_id,
                        SECOND_CODER,
                        _coder_wording(rng, by_id[extra]),
                        extra,
                        passage.quote,
                        passage.page,
                    )
                )
    return codings


def codes_csv(codings: Sequence[Coding]) -> str:
    """The first coder's codes as the hand-made CSV (codes.schema.yaml), by record_id and page."""
    rows = sorted(codings, key=lambda c: (c.record_id, c.page, c.code.lower()))
    frame = pd.DataFrame(
        [
            {
                "record_id": c.record_id,
                "coder": c.coder,
                "code": c.code,
                "quote": c.quote,
                "location": f"p. {c.page}",
                "memo": c.memo,
            }
            for c in rows
        ],
        columns=["record_id", "coder", "code", "quote", "location", "memo"],
    )
    text: str = frame.to_csv(index=False, lineterminator="\n")
    return text


# ---------------------------------------------------------------------------- the .qdpx


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


def _code_tree(
    rng: random.Random, codings: Sequence[Coding], codebook: ET.Element
) -> dict[str, str]:
    """The second coder's own code tree (codes grouped by sub-category); code → GUID."""
    codes_el = ET.SubElement(codebook, "Codes")
    sub_label = {
        c.id: (sub.label, sub.id)
        for category in FRAMEWORK
        for sub in category.subcategories
        for c in sub.concepts
    }
    groups: dict[str, ET.Element] = {}
    code_guid: dict[str, str] = {}
    for coding in sorted(codings, key=lambda c: (sub_label[c.concept][1], c.code.lower())):
        label, sub_id = sub_label[coding.concept]
        if sub_id not in groups:
            groups[sub_id] = ET.SubElement(
                codes_el, "Code", {"guid": _guid(rng), "name": label, "isCodable": "false"}
            )
        if coding.code not in code_guid:
            code_guid[coding.code] = _guid(rng)
            ET.SubElement(
                groups[sub_id],
                "Code",
                {"guid": code_guid[coding.code], "name": coding.code, "isCodable": "true"},
            )
    return code_guid


def _findings_text(rng: random.Random, codings: Sequence[Coding]) -> str:
    """A document's findings section: its coded passages with uncoded sentences between."""
    passages: list[str] = []
    for coding in codings:
        if coding.quote not in passages:
            passages.append(coding.quote)
    paragraphs: list[str] = []
    for passage in passages:
        paragraphs.append(passage)
        if rng.random() < 0.5:
            paragraphs.append(rng.choice(_FILLER))
    return "\n\n".join(paragraphs)


def _text_source(
    rng: random.Random,
    sources: ET.Element,
    record_id: str,
    codings: Sequence[Coding],
    code_guid: dict[str, str],
    stamp: dict[str, str],
) -> tuple[str, bytes]:
    """One document as a TextSource with its selections and codings; its zip member."""
    text = _findings_text(rng, codings)
    source_guid = _guid(rng)
    source = ET.SubElement(
        sources,
        "TextSource",
        {
            "guid": source_guid,
            "name": f"{record_id}.txt",
            "plainTextPath": f"internal://{source_guid}.txt",
            **stamp,
        },
    )
    selections: dict[str, ET.Element] = {}
    for coding in codings:
        if coding.quote not in selections:
            start = text.index(coding.quote)
            selections[coding.quote] = ET.SubElement(
                source,
                "PlainTextSelection",
                {
                    "guid": _guid(rng),
                    "name": coding.quote[:60],
                    "startPosition": str(start),
                    "endPosition": str(start + len(coding.quote)),
                    **stamp,
                },
            )
        coding_el = ET.SubElement(selections[coding.quote], "Coding", {"guid": _guid(rng), **stamp})
        ET.SubElement(coding_el, "CodeRef", {"targetGUID": code_guid[coding.code]})
    return f"Sources/{source_guid}.txt", text.encode("utf-8")


def second_coder_qdpx(rng: random.Random, codings: Sequence[Coding], path: Path) -> None:
    """The second coder's work as a QualCoder-style REFI-QDA project (.qdpx)."""
    from metasynth.synthesise.qda.archive import write_zip
    from metasynth.synthesise.qda.elements import PROJECT_NS

    user = _guid(rng)
    created = "2024-03-14T10:22:31Z"
    root = ET.Element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": "e-mentoring meta-synthesis (second coder)",
            "origin": "metasynth synthetic corpus (tools/synthetic)",
            "creatingUserGUID": user,
            "creationDateTime": created,
        },
    )
    ET.SubElement(ET.SubElement(root, "Users"), "User", {"guid": user, "name": SECOND_CODER})
    code_guid = _code_tree(rng, codings, ET.SubElement(root, "CodeBook"))
    sources = ET.SubElement(root, "Sources")
    by_document: dict[str, list[Coding]] = {}
    for coding in codings:
        by_document.setdefault(coding.record_id, []).append(coding)
    stamp = {"creatingUser": user, "creationDateTime": created}
    members = dict(
        _text_source(rng, sources, record_id, by_document[record_id], code_guid, stamp)
        for record_id in sorted(by_document)
    )
    ET.indent(root, space="    ")
    xml = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    write_zip(path, {"project.qde": xml.encode("utf-8"), **dict(sorted(members.items()))})


# ---------------------------------------------------------------------------- entry point


def write_coding(corpus: object, coded_dir: str | Path, *, seed: int) -> list[Path]:
    """Write the codebook, the first coder's codes and the second coder's .qdpx; the paths."""
    coded_dir = Path(coded_dir)
    coded_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"metasynth-coding-{seed}")
    documents = included_documents(corpus)
    first = first_coding(rng, documents)
    second = second_coding(rng, documents, first)
    paths = [
        coded_dir / "codebook.yaml",
        coded_dir / "codes.csv",
        coded_dir / "second_coder.qdpx",
        coded_dir / ".gitattributes",
    ]
    texts = {
        paths[0]: codebook_yaml(),
        paths[1]: codes_csv(first),
        # Compared byte for byte with a regenerated copy: git must not touch line ends.
        paths[3]: "* -text\n",
    }
    for path, text in texts.items():
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    second_coder_qdpx(rng, second, paths[2])
    return paths
