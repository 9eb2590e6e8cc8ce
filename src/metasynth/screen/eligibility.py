"""Automatic eligibility: declarative rules from the config, applied to every publication.

Input: the publications table (`results/dedup/publications.parquet`: one row per publication, keyed
by the primary's `record_id`) and the configured rules. Each rule names a publication column and
the values that pass it: `between: [lo, hi]` (inclusive, for `year`, which ingestion already took
from PY, else EY, else EA), or `any_of` (at least one of the field's `;`-separated values matches,
compared after `fold`, so "Article; Early Access" passes `any_of: [Article]`) and/or `none_of` (no
value matches: "Article; Retracted Publication" fails `none_of: [Retracted Publication]`). A
missing value fails the rule unless `if_missing: keep`. The shipped rules test the normalised
`doc_type_norm` and `language_norm` (`metasynth.ingest.vocabulary`), whose value is `unknown`
for a type or language the vocabulary does not know: `unknown` never fails an `any_of` rule,
so such a publication goes to screening, and its `detail` says which rule could not decide.

Output: one row per publication (sorted by record_id) — `record_id, eligible, reason, reasons,
detail`: `reason` is the code of the first rule failed (config order decides, so the PRISMA count
per reason is well defined), `reasons` every rule failed, `detail` what was seen (and, for an
eligible publication, the rules that met an unknown type or language). These are PRISMA's
"records marked as ineligible by automation tools"; the audit trail logs every rule hit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from metasynth.config import DEFAULT_CONFIG
from metasynth.errors import InputError
from metasynth.ingest.vocabulary import UNKNOWN
from metasynth.screen.settings import EligibilityRule
from metasynth.text import MULTI_SEP, as_text, fold, split_multi

ELIGIBILITY_COLUMNS = ["record_id", "eligible", "reason", "reasons", "detail"]


def check_rule(rule: EligibilityRule, value: Any) -> str:
    """Why `value` fails `rule` ("" when it passes)."""
    text = as_text(value)
    if not text:
        return "" if rule.if_missing == "keep" else f"no {rule.field}"
    if rule.between is not None:
        low, high = rule.between
        try:
            number = int(float(text))
        except ValueError:
            return f"{rule.field}={text!r} is not a number"
        return "" if low <= number <= high else f"{rule.field}={number} not in {low}-{high}"
    parts = {fold(part) for part in split_multi(text)}
    if rule.any_of and not parts & {fold(v) for v in rule.any_of} and UNKNOWN not in parts:
        return f"{rule.field}={text!r} not one of {list(rule.any_of)}"
    banned = sorted(parts & {fold(v) for v in rule.none_of})
    return f"{rule.field}={text!r} is excluded ({', '.join(banned)})" if banned else ""


def flag_rule(rule: EligibilityRule, value: Any) -> str:
    """Why a screener should look at `value` although `rule` let it pass ("" when not): a
    document type or language the vocabulary does not know is never excluded automatically."""
    if not rule.any_of or UNKNOWN not in {fold(part) for part in split_multi(as_text(value))}:
        return ""
    if {fold(part) for part in split_multi(as_text(value))} & {fold(v) for v in rule.any_of}:
        return ""
    return f"{rule.field} unknown: not excluded by {rule.code}, check it when screening"


def eligibility_columns(rules: Sequence[EligibilityRule]) -> list[str]:
    """The publications' columns the rules read (with record_id): a job reads only these, not
    every column of every publication (gigabytes for a million)."""
    return ["record_id", *dict.fromkeys(rule.field for rule in rules)]


def apply_eligibility(publications: pd.DataFrame, rules: Sequence[EligibilityRule]) -> pd.DataFrame:
    """The eligibility table: one row per publication, with the rules it fails."""
    for index, rule in enumerate(rules):
        if rule.field not in publications.columns:
            raise InputError(
                f"rule {rule.code!r} tests column {rule.field!r}, which the publications "
                "table does not have",
                file=DEFAULT_CONFIG,
                element=f"screening/eligibility/{index}/field",
                hint="use a column of results/dedup/publications.parquet (docs/data-contracts.md)",
            )
    ordered = publications.sort_values("record_id")
    # per rule, why each publication fails it and what to flag: worked out once per distinct
    # value (a few document types, languages and years among a million publications)
    verdicts = [_rule_verdicts(rule, ordered[rule.field]) for rule in rules]
    rows = []
    for position, record_id in enumerate(ordered["record_id"]):
        failed = [
            (rule.code, why[position])
            for rule, (why, _) in zip(rules, verdicts, strict=True)
            if why[position]
        ]
        flags = [flag[position] for _, flag in verdicts if flag[position]]
        rows.append(
            {
                "record_id": str(record_id),
                "eligible": not failed,
                "reason": failed[0][0] if failed else "",
                "reasons": MULTI_SEP.join(code for code, _ in failed),
                "detail": MULTI_SEP.join([*(why for _, why in failed), *flags]),
            }
        )
    frame = pd.DataFrame(rows, columns=ELIGIBILITY_COLUMNS)
    frame["eligible"] = frame["eligible"].astype("bool")
    for column in ("record_id", "reason", "reasons", "detail"):
        frame[column] = frame[column].astype("string")
    return frame.reset_index(drop=True)


def _rule_verdicts(rule: EligibilityRule, values: pd.Series) -> tuple[list[str], list[str]]:
    """`check_rule` and `flag_rule` of each value, in order; both read only the value's text."""
    seen: dict[str, tuple[str, str]] = {}
    why, flag = [], []
    for value in values:
        text = as_text(value)
        if text not in seen:
            seen[text] = (check_rule(rule, value), flag_rule(rule, value))
        why.append(seen[text][0])
        flag.append(seen[text][1])
    return why, flag
