"""The data-driven check of the categories on small, clear-cut coding."""

from __future__ import annotations

import pandas as pd

from metasynth.synthesise.checks import map_codes
from metasynth.synthesise.clustering import clustering_check
from metasynth.synthesise.codebook import Codebook
from metasynth.synthesise.codes import codes_frame


def _codings(codebook: Codebook, codes: list[str]) -> pd.DataFrame:
    frame = codes_frame(
        [{"record_id": f"WOS:{i}", "coder": "c1", "code": c} for i, c in enumerate(codes)]
    )
    return map_codes(frame, codebook, coders=["c1"], aggregate_coders="first")[0]


def test_separable_codes_give_full_agreement(codebook: Codebook) -> None:
    codings = _codings(
        codebook,
        [
            "easy to use platform",
            "usability of the platform",
            "user-friendly interface",
            "data privacy",
            "secure login",
            "timely feedback",
            "constructive feedback",
            "feedback on assignments",
            "training of mentors",
            "mentor preparation workshop",
        ],
    )
    table = clustering_check(codings, codebook)
    summary = table[table["section"] == "summary"].set_index("code")
    assert summary.loc[["n_codes", "n_concepts", "n_subcategories"], "score"].tolist() == [10, 4, 3]
    assert summary.loc["adjusted_rand_index_concepts", "flag"] == "chosen"
    assert summary.loc["adjusted_rand_index_concepts_code_char", "flag"] == "comparison"
    assert len(summary) == 11  # 2 chosen ARIs, 5 comparisons, 4 counts
    subcategories = table[table["section"] == "subcategory"].set_index("subcategory")
    assert subcategories["n_codes"].to_dict() == {"communication": 3, "mentor": 2, "technical": 5}
    assert ((subcategories["score"] > 0) & (subcategories["score"] <= 1)).all()
    assert -1 <= summary.loc["adjusted_rand_index_subcategories", "score"] <= 1


def test_code_closer_to_another_concept_is_flagged(codebook: Codebook, tmp_path) -> None:
    from metasynth.synthesise.codebook import load_codebook

    # "feedback on assignments" listed under mentor training: a contestable mapping.
    text = (tmp_path / "codebook.yaml").read_text()
    text = text.replace(
        "[timely feedback, constructive feedback, feedback on assignments]",
        "[timely feedback, constructive feedback]",
    )
    text = text.replace("[training of mentors,", "[feedback on assignments, training of mentors,")
    (tmp_path / "moved.yaml").write_text(text)
    moved = load_codebook(tmp_path / "moved.yaml")
    codings = _codings(
        moved,
        [
            "easy to use platform",
            "data privacy",
            "secure login",
            "timely feedback",
            "constructive feedback",
            "feedback on assignments",
            "training of mentors",
            "mentor preparation workshop",
        ],
    )
    table = clustering_check(codings, moved)
    codes = table[table["section"] == "code"].set_index("code")
    assert codes.loc["feedback on assignments", "flag"] == "closer to feedback"
    assert codes.loc["feedback on assignments", "concept"] == "mentor_training"
    assert codes.loc["feedback on assignments", "nearest_concept"] == "feedback"
    assert codes.loc["timely feedback", "flag"] == ""
    flagged = (codes["flag"] != "").tolist()
    assert flagged == sorted(flagged, reverse=True)  # flagged codes are listed first


def test_a_one_word_code_meets_its_concept_through_the_label(tmp_path) -> None:
    from metasynth.synthesise.codebook import load_codebook

    (tmp_path / "codebook.yaml").write_text(
        "categories: [{id: tech, label: Technology}]\n"
        "subcategories: [{id: devices, category: tech, label: Devices},"
        " {id: people, category: tech, label: People}]\n"
        "concepts:\n"
        "- {id: telemetry, subcategory: devices, label: Telemetry,"
        " codes: [telemetry, remote readings sent home]}\n"
        "- {id: sensors, subcategory: devices, label: Wearable sensors,"
        " codes: [wearable sensors, sensor patches on the skin]}\n"
        "- {id: nurses, subcategory: people, label: Nurses, codes: [nurse calls, nurse visits]}\n"
        "- {id: carers, subcategory: people, label: Carers, codes: [family carers, REM]}\n"
    )
    book = load_codebook(tmp_path / "codebook.yaml")
    codings = _codings(
        book,
        [
            "telemetry",
            "remote readings sent home",
            "wearable sensors",
            "sensor patches on the skin",
            "nurse calls",
            "nurse visits",
            "family carers",
            "REM",
        ],
    )
    table = clustering_check(codings, book)
    codes = table[table["section"] == "code"].set_index("code")
    assert codes.loc["telemetry", "score"] > 0.5  # 0.05 against the other code alone
    assert codes.loc["telemetry", "flag"] == ""
    # "REM" shares nothing with carers: too short to judge, not a contestable mapping
    assert codes.loc["REM", "flag"] == "not informative"
    summary = table[table["section"] == "summary"].set_index("code")
    assert summary.loc["n_codes_not_informative", "score"] == 1
