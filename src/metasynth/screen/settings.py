"""The `screening` section of the configuration as typed, checked objects.

Input: the validated config mapping (`metasynth.config.load_config`, or Snakemake's `config`).
Output: `ScreeningSettings` — eligibility rules, reasons per stage, reviewers and their roles, the
number of reviewers each stage needs, the agreement and queue options. The JSON Schema already
checks types and defaults; this module adds the cross-field checks a schema cannot express
(unique codes and reviewer ids, a resolver who exists) and raises `InputError` naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from metasynth.errors import InputError
from metasynth.screen import STAGES

CONFIG_FILE = "config/config.yaml"


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
    """How the title/abstract queue is ranked (see `metasynth.screen.queue`)."""

    model: str = "svm_nb"
    ngram_max: int = 2
    min_df: int = 1
    positive_ratio: float = 9.8
    c: float = 0.11
    nb_alpha: float = 0.1
    svm_weight: float = 2.0
    min_included: int = 1
    min_excluded: int = 1


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
    review_question: str = ""

    def reason_codes(self, stage: str) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons.get(stage, ()))

    def reason_label(self, stage: str, code: str) -> str:
        """The label of a reason code at a stage (the code itself when it is not configured)."""
        for reason in self.reasons.get(stage, ()):
            if reason.code == code:
                return reason.label
        for rule in self.rules:
            if stage == "automatic" and rule.code == code:
                return rule.label
        return code

    def is_resolver(self, reviewer: str) -> bool:
        found = self.reviewers.get(reviewer)
        return found is not None and found.role == self.resolver_role

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ScreeningSettings:
        """Build the settings from the whole (validated) config mapping."""
        section: Mapping[str, Any] = config.get("screening", {})
        rules = tuple(_rule(i, r) for i, r in enumerate(section.get("eligibility", [])))
        _unique([r.code for r in rules], "screening/eligibility", "code")
        reasons: dict[str, tuple[Reason, ...]] = {}
        for stage, items in section.get("reasons", {}).items():
            reasons[stage] = tuple(Reason(str(i["code"]), str(i["label"])) for i in items)
            _unique([r.code for r in reasons[stage]], f"screening/reasons/{stage}", "code")
        reviewers = tuple(
            Reviewer(str(r["id"]), str(r.get("name", r["id"])), str(r["role"]))
            for r in section.get("reviewers", [])
        )
        _unique([r.id for r in reviewers], "screening/reviewers", "id")
        resolver_role = str(section.get("resolver_role", "arbiter"))
        per_stage = {s: int(section.get("reviewers_per_stage", {}).get(s, 1)) for s in STAGES}
        screeners = [r for r in reviewers if r.role != resolver_role]
        for stage, needed in per_stage.items():
            if needed > len(screeners):
                raise InputError(
                    f"{stage} needs {needed} reviewers but only {len(screeners)} reviewer(s) "
                    f"have a role other than {resolver_role!r}",
                    file=CONFIG_FILE,
                    element=f"screening/reviewers_per_stage/{stage}",
                    hint="add reviewers under screening/reviewers or lower the number",
                )
        queue = QueueSettings(**dict(section.get("queue", {})))
        project: Mapping[str, Any] = config.get("project", {})
        return cls(
            decisions_dir=str(section.get("decisions_dir", "data/screening")),
            rules=rules,
            reasons=reasons,
            reviewers={r.id: r for r in reviewers},
            resolver_role=resolver_role,
            reviewers_per_stage=per_stage,
            maybe_as=str(section.get("agreement", {}).get("maybe_as", "include")),
            queue=queue,
            review_question=str(project.get("review_question", "")),
        )


def _rule(index: int, spec: Mapping[str, Any]) -> EligibilityRule:
    between = spec.get("between")
    kinds = [k for k in ("between", "any_of", "none_of") if k in spec]
    if not kinds or ("between" in kinds and len(kinds) > 1):
        raise InputError(
            f"rule {spec.get('code', index)!r} needs `between`, or `any_of` and/or `none_of` "
            f"(has {', '.join(kinds) or 'none'})",
            file=CONFIG_FILE,
            element=f"screening/eligibility/{index}",
            hint="split it into one rule per test",
        )
    if between is not None and int(between[0]) > int(between[1]):
        raise InputError(
            f"rule {spec['code']!r}: between [{between[0]}, {between[1]}] is empty",
            file=CONFIG_FILE,
            element=f"screening/eligibility/{index}/between",
            hint="write the lower bound first",
        )
    return EligibilityRule(
        code=str(spec["code"]),
        label=str(spec["label"]),
        field=str(spec["field"]),
        between=(int(between[0]), int(between[1])) if between is not None else None,
        any_of=tuple(str(v) for v in spec.get("any_of", ())),
        none_of=tuple(str(v) for v in spec.get("none_of", ())),
        if_missing=str(spec.get("if_missing", "exclude")),
    )


def _unique(values: list[str], element: str, what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise InputError(
                f"{what} {value!r} appears twice",
                file=CONFIG_FILE,
                element=element,
                hint=f"each {what} must be unique",
            )
        seen.add(value)
