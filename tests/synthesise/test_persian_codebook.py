"""A codebook written in Persian (labels and codes), as a meta-synthesis by Iranian authors may
keep it: `metasynth codebook check` accepts it, and the synthesis step maps each Persian code to
its own concept (before, every Persian code folded to "" and the check refused the codebook)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from metasynth.cli import codebook as command
from metasynth.synthesise import SynthesisSettings, load_codebook
from metasynth.synthesise.aggregate import framework_table
from metasynth.synthesise.checks import map_codes_with
from metasynth.synthesise.sources import import_codes

PERSIAN_CODEBOOK = """\
categories:
  - id: dimensions
    label: ابعاد منتورینگ الکترونیکی
subcategories:
  - id: technical
    category: dimensions
    label: بعد فنی
  - id: communication
    category: dimensions
    label: بعد ارتباطی
concepts:
  - id: platform_usability
    subcategory: technical
    label: سهولت استفاده از پلتفرم
    codes: [رابط کاربرپسند, سهولت استفاده]
  - id: security_privacy
    subcategory: technical
    label: امنیت و حریم خصوصی
    codes: [حریم خصوصی داده‌ها, ورود امن]
  - id: feedback
    subcategory: communication
    label: بازخورد
    codes: [بازخورد به‌موقع, بازخورد سازنده]
  - id: trust_building
    subcategory: communication
    label: اعتمادسازی
    codes: [ایجاد اعتماد, اعتماد میان منتور و منتی]
"""

# As coders type them: "ايجاد اعتماد" with the Arabic yeh of an Arabic keyboard, "بازخورد به
# موقع" with a space where the codebook has a zero-width non-joiner.
CODES_CSV = """\
record_id,coder,code,quote,location,memo
WOS:1,coder_1,رابط کاربرپسند,نقل قول,p. 1,
WOS:1,coder_1,ايجاد اعتماد,نقل قول,p. 2,
WOS:2,coder_1,بازخورد به موقع,نقل قول,p. 3,
WOS:2,coder_1,ورود امن,نقل قول,p. 4,
WOS:2,coder_1,حریم خصوصی داده‌ها,نقل قول,p. 5,
WOS:3,coder_1,مشکلات ویدئو,نقل قول,p. 6,
"""


@pytest.fixture()
def coded(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "coded"
    folder.mkdir(parents=True)
    (folder / "codebook.yaml").write_text(PERSIAN_CODEBOOK, encoding="utf-8")
    (folder / "codes.csv").write_text(CODES_CSV, encoding="utf-8")
    return folder


def test_codebook_check_accepts_persian_labels_and_codes(
    coded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="metasynth")
    command.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["codebook", "check", "--codebook", str(coded / "codebook.yaml")])
    assert args.run(args) == 0
    out = capsys.readouterr().out
    assert out.endswith("1 category, 2 sub-categories, 4 concepts, 8 codes and synonyms\n")


def test_persian_codes_map_to_their_own_concepts(coded: Path) -> None:
    settings = SynthesisSettings.from_config(
        {"coders": ["coder_1"], "sources": [{"path": str(coded / "codes.csv")}]}
    )
    codes, _ = import_codes(settings.sources, settings)
    codebook = load_codebook(coded / "codebook.yaml")
    codings, unmapped = map_codes_with(codes, codebook, settings)
    assert codings["concept"].tolist() == [
        "platform_usability",
        "trust_building",
        "feedback",
        "security_privacy",
        "security_privacy",
        "",
    ]
    assert unmapped["code"].tolist() == ["مشکلات ویدئو"]
    framework = framework_table(codings, codebook).set_index("concept")
    assert framework.loc["security_privacy", "record_ids"] == "WOS:2"
    assert framework.loc["trust_building", "record_ids"] == "WOS:1"


def test_qdc_without_ids_gives_each_persian_entry_its_own_id(coded: Path, tmp_path: Path) -> None:
    # As a QDA tool's own codebook would be: Persian names, no `[metasynth … id: …]` lines.
    parser = argparse.ArgumentParser(prog="metasynth")
    command.add_parser(parser.add_subparsers(dest="command", required=True))
    qdc = tmp_path / "codebook.qdc"
    args = parser.parse_args(
        ["codebook", "export", "--codebook", str(coded / "codebook.yaml"), "--qdc", str(qdc)]
    )
    assert args.run(args) == 0
    xml = qdc.read_text(encoding="utf-8")
    qdc.write_text(re.sub(r"\s*\[metasynth \w+ id: [^\]]*\]", "", xml), encoding="utf-8")
    yaml_path = tmp_path / "imported.yaml"
    args = parser.parse_args(["codebook", "import", str(qdc), "--output", str(yaml_path)])
    assert args.run(args) == 0
    imported = load_codebook(yaml_path)
    # The schema wants ASCII snake_case ids: a short hash of the folded label keeps them apart.
    assert [c.id for c in imported.concepts] == [
        "c_06b7126d",
        "c_16aebe85",
        "c_6310111c",
        "c_3d2440ec",
    ]
    assert [c.label for c in imported.concepts][2:] == ["بازخورد", "اعتمادسازی"]
    assert [s.id for s in imported.subcategories] == ["c_b9930107", "c_49bdd2a7"]
