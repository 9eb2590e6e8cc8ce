"""The plan of the synthetic corpus: every publication with the fate the default run gives it.

The plan is data, `data/plan.yaml`: how many publications end in each fate and reason (`PLAN`,
exactly 80 included), the special structures one by one, and recipes for the rest. `Planner`
reads it into a list of `Spec`s, one per publication: its fate and reason, what kind of text it
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

import dataclasses
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from synthetic import texts
from synthetic.data_files import load_yaml
from synthetic.records import Address, Author, pick, random_team
from synthetic.themes import CONCEPTS
from synthetic.vocabulary import DEPARTMENTS


def _counts(counts: Mapping[str, int | Mapping[str, int]]) -> dict[tuple[str, str], int]:
    """`counts:` of plan.yaml as (fate, reason) → n; a bare number is a fate without reasons."""
    plan: dict[tuple[str, str], int] = {}
    for fate, by_reason in counts.items():
        reasons = by_reason if isinstance(by_reason, Mapping) else {"": by_reason}
        for reason, n in reasons.items():
            plan[(fate, reason)] = n
    return plan


PLAN: dict[tuple[str, str], int] = _counts(load_yaml("plan.yaml")["counts"])
"""Publications per planned fate and reason. The default run must end at exactly 80 included."""


def _year_weight(year: int) -> float:
    """Records per year: the literature grows, with a visible rise in 2020-2022 (COVID-19)."""
    weight: float = (1.0 + 0.16 * (year - 2000)) ** 1.7
    return weight * (1.4 if 2020 <= year <= 2022 else 1.0)


IN_RANGE_YEARS = tuple(range(2000, 2024))
IN_RANGE_WEIGHTS = tuple(_year_weight(y) for y in IN_RANGE_YEARS)

NAMED_OPTIONS: dict[str, Sequence[str]] = {
    "contexts": texts.CONTEXTS,
    "quantitative_designs": texts.QUANTITATIVE_DESIGNS,
}
"""Option lists plan.yaml names in `{pick: name}`."""


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


SPEC_FIELDS = frozenset(f.name for f in dataclasses.fields(Spec))
BLOCK_KEYS = frozenset({"n", "each", "discard"})
"""Keys of a plan.yaml publication block that are not `Spec` fields."""


class Planner:
    """Plans the corpus: the specs of every publication, near-miss pairs and shared teams."""

    def __init__(self, rng: random.Random, plan: Mapping[str, Any] | None = None) -> None:
        self.rng = rng
        self.data: Mapping[str, Any] = load_yaml("plan.yaml") if plan is None else plan
        self.counts = _counts(self.data["counts"])
        self.specs: list[Spec] = []
        self.near: list[tuple[int, int, str, str]] = []  # spec a, spec b, kind, note
        self.teams: list[tuple[list[Author], list[Address]]] = []

    # ------------------------------------------------------------------ reading plan.yaml

    def _add(self, spec: Spec) -> int:
        # Appraisal is planned with the fate: the included studies score high, the others low.
        spec.quality = {"included": "high", "excluded_appraisal": "low"}.get(spec.fate, "")
        self.specs.append(spec)
        return len(self.specs) - 1

    def _team(self, context: str, countries: Sequence[str] = ()) -> int:
        authors, addresses = random_team(
            self.rng,
            DEPARTMENTS[context or "higher_education"],
            countries=tuple(countries),
            medical=context in ("medicine", "nursing"),
            n_authors=pick(self.rng, (2, 3, 3, 4, 5)),
        )
        self.teams.append((authors, addresses))
        return len(self.teams) - 1

    def _in_range_year(self, low: int = 2000, high: int = 2023) -> int:
        years = [y for y in IN_RANGE_YEARS if low <= y <= high]
        weights = [IN_RANGE_WEIGHTS[y - 2000] for y in years]
        return self.rng.choices(years, weights)[0]

    def _value(self, value: Any, fields: Mapping[str, Any], bound: Mapping[str, Any]) -> Any:
        """A value of plan.yaml: written out, `$name` (drawn for the group), or a draw."""
        if isinstance(value, str) and value.startswith("$"):
            return bound[value[1:]]
        if isinstance(value, list):
            return list(value)
        if not isinstance(value, dict):
            return value
        rng = self.rng
        if "pick" in value:
            options = value["pick"]
            return pick(rng, NAMED_OPTIONS[options] if isinstance(options, str) else options)
        if "year" in value:
            return self._in_range_year(*value["year"])
        if "chance" in value:
            hit = rng.random() < value["chance"]
            return (value["then"] if hit else value["else"]) if "then" in value else hit
        if "team" in value:
            return self._team(self._value(value["team"], fields, bound), value.get("countries", ()))
        if "if" in value:
            ((name, wanted),) = value["if"].items()
            chosen = value["then"] if fields[name] == wanted else value["else"]
            return self._value(chosen, fields, bound)
        if "plus" in value:
            total = sum(self._value(part, fields, bound) for part in value["plus"])
            return min(total, value.get("at_most", total))
        raise ValueError(f"plan.yaml: unknown value {value!r}")

    def _spec(
        self,
        block: Mapping[str, Any],
        bound: Mapping[str, Any] | None = None,
        labels: Mapping[str, int] | None = None,
        preset: Mapping[str, Any] | None = None,
    ) -> Spec:
        """One publication of a block: `preset` fields first, then the block's, in order."""
        unknown = set(block) - SPEC_FIELDS - BLOCK_KEYS
        if unknown:
            raise ValueError(f"plan.yaml: unknown fields {sorted(unknown)} in {dict(block)}")
        bound, labels = bound or {}, labels or {}
        fields: dict[str, Any] = dict(preset or {})
        for key, value in block.items():
            if key == "discard":
                for draw in value:
                    self._value(draw, fields, bound)
            elif key == "part_of":
                fields[key] = (labels[value[0]], value[1])
            elif key == "correction_of":
                fields[key] = labels[value]
            elif key not in BLOCK_KEYS:
                fields[key] = self._value(value, fields, bound)
        return Spec(**fields)

    def _group(self, group: Mapping[str, Any]) -> None:
        """A special structure: its publications (`times` times), and its near-miss pairs."""
        if "publications" not in group:  # a single publication
            self._add(self._spec(group))
            return
        for _ in range(group.get("times", 1)):
            bound: dict[str, Any] = {}
            for name, value in group.get("draw", {}).items():
                bound[name] = self._value(value, bound, bound)
            first = len(self.specs)
            labels = {label: first + i for i, label in enumerate(group["publications"])}
            for block in group["publications"].values():
                self._add(self._spec(block, bound, labels))
            for a, b, kind, note in group.get("near_misses", ()):
                self.near.append((labels[a], labels[b], kind, note))

    def _fill(self, block: Mapping[str, Any], needed: Counter[tuple[str, str]]) -> None:
        """The publications of a `rest:` block: `n`, or as many as the plan still needs."""
        key = (block["fate"], block.get("reason", ""))
        n = block.get("n", needed[key])
        needed[key] -= n
        shares = block.get("each", [{"n": n}])
        explicit = sum(s["n"] for s in shares if s["n"] != "rest")
        for share in shares:
            count = n - explicit if share["n"] == "rest" else share["n"]
            for index in range(count):
                preset = {
                    # {cycle: [a, b, c]}: a for the first, b for the second ... of the share
                    name: value["cycle"][index % len(value["cycle"])]
                    if isinstance(value, dict)
                    else value
                    for name, value in share.items()
                    if name != "n"
                }
                self._add(self._spec(block, preset=preset))

    # ------------------------------------------------------------------ the plan

    def plan(self) -> None:
        """Every publication with its fate; special structures first, then the rest."""
        for group in self.data["special"]:
            self._group(group)
        corrections = self.data["corrections"]
        needed = Counter(self.counts)
        needed.subtract(Counter((s.fate, s.reason) for s in self.specs))
        publication = corrections["publication"]
        n_corrections = corrections["of_included"] + corrections["of_others"]
        needed[(publication["fate"], publication["reason"])] -= n_corrections

        for _ in range(needed.pop(("included", ""))):
            self._add(Spec("included", context="", design=""))
        self._assign_included([s for s in self.specs if s.fate == "included"])
        for block in self.data["rest"]:
            self._fill(block, needed)
        self._early_access_only(**self.data["early_access_only"])
        self._proceedings(**self.data["proceedings"])
        self._corrections(corrections)

        counts = Counter((s.fate, s.reason) for s in self.specs)
        if counts != Counter(self.counts):
            plan = Counter(self.counts)
            raise AssertionError(f"plan not met: {counts - plan} / {plan - counts}")

    def _assign_included(self, included: list[Spec]) -> None:
        """Contexts, designs, years and concepts of the 80 included studies."""
        rng = self.rng
        settings = self.data["included"]
        if len(included) != self.counts[("included", "")]:
            raise AssertionError(
                f"{len(included)} included studies planned, not {self.counts[('included', '')]}"
            )
        fixed_context = Counter(s.context for s in included if s.context)
        fixed_design = Counter(s.design for s in included if s.design)
        context_pool = [
            c for c, n in settings["contexts"].items() for _ in range(n - fixed_context[c])
        ]
        design_pool = [
            d for d, n in settings["designs"].items() for _ in range(n - fixed_design[d])
        ]
        rng.shuffle(context_pool)
        rng.shuffle(design_pool)
        for spec in included:
            if not spec.context:
                spec.context = context_pool.pop()
            if not spec.design:
                spec.design = design_pool.pop()
                spec.year = self._in_range_year(2003, 2023)
        self._assign_concepts(included, settings)

    def _assign_concepts(self, included: list[Spec], settings: Mapping[str, Any]) -> None:
        """Each study supports 4-9 concepts (reviews 8-12), drawn by how often the literature
        reports them and by context; every concept ends up in enough studies."""
        rng = self.rng
        concept_ids = list(CONCEPTS)
        for spec in included:
            affinity = settings["context_affinity"].get(spec.context, {})
            weights = [settings["concept_weights"][c] * affinity.get(c, 1.0) for c in concept_ids]
            n = rng.randint(8, 12) if spec.design == "review" else rng.randint(4, 9)
            chosen: list[str] = []
            while len(chosen) < n:
                concept = rng.choices(concept_ids, weights)[0]
                if concept not in chosen:
                    chosen.append(concept)
            spec.concepts = tuple(chosen)
        support = Counter(c for s in included for c in s.concepts)
        for concept in concept_ids:
            while support[concept] < settings["min_documents_per_concept"]:
                candidates = [s for s in included if concept not in s.concepts]
                fewest = min(len(s.concepts) for s in candidates)
                target = pick(rng, [s for s in candidates if len(s.concepts) == fewest])
                target.concepts = (*target.concepts, concept)
                support[concept] += 1
        # Findings are reported in framework order within a study, as a results section.
        order = {c: i for i, c in enumerate(concept_ids)}
        for spec in included:
            spec.concepts = tuple(sorted(spec.concepts, key=order.__getitem__))

    def _early_access_only(self, year: int, every: int) -> None:
        """Early access without a final version yet: eligible through EY."""
        recent = [
            s
            for s in self.specs
            if s.year == year
            and s.fate != "excluded_automatic"
            and not s.duplicates
            and s.kind in ("study", "face_to_face", "not_mentoring", "not_empirical")
            and not s.proceedings
            and s.team is None
        ]
        for spec in recent[::every]:
            spec.early_access_only = True

    def _proceedings(self, proceedings: float, from_year: int, article_proceedings: float) -> None:
        """Proceedings papers, reviews and journal-published conference papers among the rest."""
        for spec in self.specs:
            if (
                spec.kind in ("study", "face_to_face", "not_mentoring")
                and not spec.duplicates
                and spec.team is None
                and not spec.early_access_only
                and spec.doc_type == "Article"
                and spec.fate != "included"
            ):
                draw = self.rng.random()
                if draw < proceedings and spec.year >= from_year:
                    spec.proceedings = True
                    spec.doc_type = "Proceedings Paper"
                elif draw < article_proceedings:
                    spec.doc_type = "Article; Proceedings Paper"
            if spec.fate == "included" and spec.design == "review":
                spec.doc_type = "Review"
            if spec.proceedings and spec.doc_type == "Article":
                spec.doc_type = "Proceedings Paper"

    def _corrections(self, corrections: Mapping[str, Any]) -> None:
        """Correction notices of included studies and of face-to-face studies."""
        included = [
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
        chosen = self.rng.sample(included, corrections["of_included"])
        chosen += self.rng.sample(others, corrections["of_others"])
        kind, note = corrections["near_miss"]
        for original in chosen:
            source = self.specs[original]
            bound = {"context": source.context, "year": source.year}
            spec = self._spec(corrections["publication"], bound)
            spec.correction_of = original
            self.near.append((original, self._add(spec), kind, note))
