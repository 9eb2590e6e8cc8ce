"""The `screening` section of the configuration as typed, checked objects.

Input: the `screening` section of the validated config, or the part of it a rule reads (its
`params:`, workflow/rules/common.smk); the schema's defaults fill the keys left out. Output:
`ScreeningSettings` — eligibility rules, reasons per stage and which decisions need one,
reviewers and their roles, the number of reviewers each stage needs, the agreement and queue
options. The JSON Schema already
checks types and defaults; this module adds the cross-field checks a schema cannot express
(unique codes and reviewer ids, enough screeners for each stage) and raises `InputError` naming
the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from metasynth.config import DEFAULT_CONFIG, section_with_defaults
from metasynth.errors import InputError
from metasynth.screen import STAGES

ALWAYS_NEEDS_REASON = frozenset({("full_text", "exclude"), ("retrieval", "not_retrieved")})
"""(stage, decision) pairs that need a reason whatever the config says: PRISMA 2020 reports why
each report was excluded or not retrieved. A title/abstract exclusion needs one only where
`screening.require_reason.title_abstract` says so (review protocols differ)."""


@dataclass(frozen=True)
class Reason:
    """An exclusion (or non-retrieval) reason: a short code for files and a label for people."""

    code: str
    label: str


@dataclass(frozen=True)
class Reviewer:
    """A person who records decisions; `role` decides whether their rows screen or resolve."""

    id: str
    name: str
    role: str


@dataclass(frozen=True)
class EligibilityRule:
    """One declarative automatic rule: a publication field and the values that pass it."""

    code: str
    label: str
    field: str
    between: tuple[int, int] | None = None
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    if_missing: str = "exclude"


@dataclass(frozen=True)
class QueueSettings:
    """How the title/abstract queue is ranked (see `metasynth.screen.queue`); the defaults are
    the schema's (`screening.queue`)."""

    model: str
    ngram_max: int
    min_df: int
    positive_ratio: float
    c: float
    nb_alpha: float
    svm_weight: float
    min_included: int
    min_excluded: int

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> QueueSettings:
        """From the `screening.queue` section (schema defaults for what it leaves out)."""
        queue = section_with_defaults("screening", {"queue": dict(section or {})})["queue"]
        return cls(**queue)


@dataclass(frozen=True)
class ScreeningSettings:
    """Everything the screening stage reads from the config."""

    decisions_dir: str
    rules: tuple[EligibilityRule, ...]
    reasons: Mapping[str, tuple[Reason, ...]]
    reviewers: Mapping[str, Reviewer]
    resolver_role: str
    reviewers_per_stage: Mapping[str, int]
    maybe_as: str
    queue: QueueSettings
    needs_reason: frozenset[tuple[str, str]] = ALWAYS_NEEDS_REASON
    """(stage, decision) pairs whose rows must give a reason (`screening.require_reason`)."""

    def reason_codes(self, stage: str) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons.get(stage, ()))

    def is_resolver(self, reviewer: str) -> bool:
        found = self.reviewers.get(reviewer)
        return found is not None and found.role == self.resolver_role

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> ScreeningSettings:
        """Build the settings from the `screening` section, or the part of it a rule reads (the
        schema's defaults fill the rest). Whether each stage has enough screeners is checked
        when the section names the reviewers and how many each stage needs."""
        given = dict(section or {})
        values = section_with_defaults("screening", given)
        rules = tuple(_rule(i, r) for i, r in enumerate(values["eligibility"]))
        _unique([r.code for r in rules], "screening/eligibility", "code")
        reasons: dict[str, tuple[Reason, ...]] = {}
        for stage, items in values["reasons"].items():
            reasons[stage] = tuple(Reason(str(i["code"]), str(i["label"])) for i in items)
            _unique([r.code for r in reasons[stage]], f"screening/reasons/{stage}", "code")
        reviewers = tuple(
            Reviewer(str(r["id"]), str(r.get("name", r["id"])), str(r["role"]))
            for r in values["reviewers"]
        )
        _unique([r.id for r in reviewers], "screening/reviewers", "id")
        resolver_role = str(values["resolver_role"])
        per_stage = {s: int(values["reviewers_per_stage"][s]) for s in STAGES}
        if {"reviewers", "reviewers_per_stage"} <= set(given):
            _check_screeners(reviewers, resolver_role, per_stage)
        return cls(
            decisions_dir=str(values["decisions_dir"]),
            rules=rules,
            reasons=reasons,
            reviewers={r.id: r for r in reviewers},
            resolver_role=resolver_role,
            reviewers_per_stage=per_stage,
            maybe_as=str(values["agreement"]["maybe_as"]),
            queue=QueueSettings.from_config(values["queue"]),
            needs_reason=_needs_reason(values["require_reason"], reasons),
        )


def _needs_reason(
    required: Mapping[str, bool], reasons: Mapping[str, tuple[Reason, ...]]
) -> frozenset[tuple[str, str]]:
    """The (stage, decision) pairs that need a reason, from `screening.require_reason`."""
    for stage, decision in sorted(ALWAYS_NEEDS_REASON):
        if required.get(stage) is False:
            raise InputError(
                f"a {stage} {decision!r} always needs a reason: PRISMA 2020 reports why each "
                "report was excluded or not retrieved",
                file=DEFAULT_CONFIG,
                element=f"screening/require_reason/{stage}",
                hint=f"delete require_reason.{stage} (only title_abstract is a choice)",
            )
    if not required.get("title_abstract"):
        return ALWAYS_NEEDS_REASON
    if not reasons.get("title_abstract"):
        raise InputError(
            "require_reason.title_abstract is true but screening.reasons.title_abstract lists no "
            "reason, so no title/abstract exclusion could be written",
            file=DEFAULT_CONFIG,
            element="screening/require_reason/title_abstract",
            hint="list the protocol's reasons under screening.reasons.title_abstract, or set "
            "require_reason.title_abstract: false",
        )
    return ALWAYS_NEEDS_REASON | {("title_abstract", "exclude")}


def _check_screeners(
    reviewers: tuple[Reviewer, ...], resolver_role: str, per_stage: Mapping[str, int]
) -> None:
    screeners = [r for r in reviewers if r.role != resolver_role]
    for stage, needed in per_stage.items():
        if needed > len(screeners):
            raise InputError(
                f"{stage} needs {needed} reviewers but only {len(screeners)} reviewer(s) "
                f"have a role other than {resolver_role!r}",
                file=DEFAULT_CONFIG,
                element=f"screening/reviewers_per_stage/{stage}",
                hint="add reviewers under screening/reviewers or lower the number",
            )


def _rule(index: int, spec: Mapping[str, Any]) -> EligibilityRule:
    between = spec.get("between")
    kinds = [k for k in ("between", "any_of", "none_of") if k in spec]
    if not kinds or ("between" in kinds and len(kinds) > 1):
        raise InputError(
            f"rule {spec.get('code', index)!r} needs `between`, or `any_of` and/or `none_of` "
            f"(has {', '.join(kinds) or 'none'})",
            file=DEFAULT_CONFIG,
            element=f"screening/eligibility/{index}",
            hint="split it into one rule per test",
        )
    if between is not None and int(between[0]) > int(between[1]):
        raise InputError(
            f"rule {spec['code']!r}: between [{between[0]}, {between[1]}] is empty",
            file=DEFAULT_CONFIG,
            element=f"screening/eligibility/{index}/between",
            hint="write the lower bound first",
        )
    check_between_label(index, spec)
    return EligibilityRule(
        code=str(spec["code"]),
        label=str(spec["label"]),
        field=str(spec["field"]),
        between=(int(between[0]), int(between[1])) if between is not None else None,
        any_of=tuple(str(v) for v in spec.get("any_of", ())),
        none_of=tuple(str(v) for v in spec.get("none_of", ())),
        if_missing=str(spec.get("if_missing", "exclude")),
    )


_YEARS = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")
"""A year written in a rule's label (1500-2999, not part of a longer number)."""


def check_between_label(
    index: int,
    spec: Mapping[str, Any],
    *,
    file: str | Path = DEFAULT_CONFIG,
    line: int | None = None,
) -> None:
    """A `between` rule's label that names years must name its bounds: the label is what the
    PRISMA diagram and the report print, and a user who edits only the range (2000 -> 2005)
    would otherwise read "Published outside 2000-2024" for a rule that tests 2005-2024."""
    between = spec.get("between")
    if between is None:
        return
    label = str(spec.get("label", ""))
    low, high = int(between[0]), int(between[1])
    named = [int(year) for year in _YEARS.findall(label)]
    if not named or set(named) <= {low, high}:
        return
    if len(named) == 2:
        bounds = iter((str(low), str(high)))
        fixed = _YEARS.sub(lambda _match: next(bounds), label)
        hint = f'write label: "{fixed}" (or change between to [{named[0]}, {named[1]}])'
    else:
        hint = f"write the years {low} and {high} of between in the label"
    raise InputError(
        f"rule {spec.get('code', index)!r}: its label {label!r} names "
        f"{', '.join(str(y) for y in named)} but it tests between [{low}, {high}]",
        file=file,
        line=line,
        element=f"screening/eligibility/{index}/label",
        hint=hint,
    )


def check_between_labels(
    rules: list[Mapping[str, Any]], file: str | Path, lines: Mapping[str, int]
) -> None:
    """`check_between_label` for each rule of screening.eligibility as written in `file`, whose
    rules start at `lines` (by code)."""
    for index, spec in enumerate(rules):
        check_between_label(index, spec, file=file, line=lines.get(str(spec["code"])))


def _unique(values: list[str], element: str, what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise InputError(
                f"{what} {value!r} appears twice",
                file=DEFAULT_CONFIG,
                element=element,
                hint=f"each {what} must be unique",
            )
        seen.add(value)
