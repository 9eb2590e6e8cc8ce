"""Findings and judgements files: what they resolve to, and the errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.confidence.findings import load_findings
from metasynth.confidence.judgements import load_judgements
from metasynth.errors import InputError

from .conftest import FINDINGS, JUDGEMENTS


def test_a_finding_covers_the_concepts_of_the_entries_it_rests_on(findings):
    by_id = {f.id: f for f in findings}
    assert by_id["tech"].concepts == ("usability", "security")
    assert by_id["trust_feedback"].concepts == ("trust", "feedback")
    assert by_id["trust_feedback"].summary == "Trust grows with feedback."


def test_an_entry_the_codebook_does_not_have_names_file_and_line(review, codebook):
    path = review / "findings.yaml"
    path.write_text(FINDINGS.replace("[trust, feedback]", "[trust, feedbak]"), encoding="utf-8")
    with pytest.raises(InputError, match="rests on 'feedbak', which the codebook does not have"
                       ) as caught:  # fmt: skip
        load_findings(path, codebook)
    assert (caught.value.file, caught.value.line) == (str(path), 10)


def test_a_finding_id_used_twice_is_an_error_on_its_line(review, codebook):
    path = review / "findings.yaml"
    path.write_text(FINDINGS.replace("id: trust_feedback", "id: tech"), encoding="utf-8")
    with pytest.raises(InputError, match="finding id 'tech' is used twice") as caught:
        load_findings(path, codebook)
    assert caught.value.line == 6


def test_a_finding_without_summary_fails_the_schema(review, codebook):
    path = review / "findings.yaml"
    path.write_text(FINDINGS.replace("  summary: The platform must be usable and secure.\n", ""),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError, match="'summary' is a required property"):
        load_findings(path, codebook)


def test_no_findings_file_means_no_findings_yet(tmp_path, codebook):
    assert load_findings(tmp_path / "findings.yaml", codebook) == ()


def test_a_judgement_of_an_unknown_finding_names_its_line(review, findings):
    path = review / "cerqual.yaml"
    path.write_text(JUDGEMENTS.replace("finding: trust_feedback", "finding: trust"),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError, match="judgement of finding 'trust'") as caught:
        load_judgements(path, findings)
    assert caught.value.line == 9


def test_a_finding_judged_twice_is_an_error(review, findings):
    path = review / "cerqual.yaml"
    path.write_text(JUDGEMENTS.replace("finding: trust_feedback", "finding: tech"),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError, match="finding 'tech' is judged twice"):
        load_judgements(path, findings)


def test_an_unknown_level_of_concern_fails_the_schema(review, findings):
    path = review / "cerqual.yaml"
    path.write_text(JUDGEMENTS.replace("concern: moderate", "concern: major"), encoding="utf-8")
    with pytest.raises(InputError, match="'major' is not one of the allowed values") as caught:
        load_judgements(path, findings)
    assert caught.value.line == 6


def test_the_default_corpus_ships_nine_judged_subcategory_findings(root: Path):
    from metasynth.synthesise.codebook import load_codebook

    codebook = load_codebook(root / "data/coded/codebook.yaml")
    shipped = load_findings(root / "data/coded/findings.yaml", codebook)
    assert [f.rests_on for f in shipped] == [(s.id,) for s in codebook.subcategories]
    judged = load_judgements(root / "data/coded/cerqual.yaml", shipped)
    assert sorted(judged.by_finding) == sorted(f.id for f in shipped)
    assert all(len(j.components) == 4 and j.confidence for j in judged.by_finding.values())


def test_an_explanation_cut_at_a_comma_says_to_quote_it(review, findings):
    """Found in a README-only trial: an explanation written as prose inside `{…}`, as the
    docs' examples write them, stopped the run with "unknown field(s) ... ('adequacy and
    relevance.' was unexpected)" and no word of the comma."""
    path = review / "cerqual.yaml"
    path.write_text(
        JUDGEMENTS.replace(
            "{level: moderate, explanation: Moderate concerns about adequacy.}",
            "{level: moderate, explanation: Concerns about coherence, adequacy and relevance.}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_judgements(path, findings)
    assert caught.value.line == 8
    assert caught.value.message.endswith(
        "; 'adequacy and relevance.' looks like the end of a text cut at a comma: inside {…} a "
        'comma ends a value, so put a text that holds one in quotes ("…")'
    )
