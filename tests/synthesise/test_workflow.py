"""The synthesis rules run by Snakemake on a small project (slow: one Snakemake run)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metasynth.tables import read_table

from .conftest import CODEBOOK_YAML

SNAKEFILE = """\
from snakemake.utils import validate
configfile: "config/config.yaml"
validate(config, schema="workflow/schemas/config.schema.yaml")
# Stand-ins for the ingest, dedup and screening rules whose outputs the synthesis rules
# name.
rule match_duplicates:
    input: "given/clusters.csv"
    output: clusters="results/dedup/clusters.csv"
    shell: "cp {input} {output.clusters}"
rule derive_record_states:
    input: "given/status.csv"
    output: status="results/screening/status.csv"
    shell: "cp {input} {output.status}"
rule number_studies:
    input: "given/studies.csv"
    output: studies="results/screening/studies.csv"
    shell: "cp {input} {output.studies}"
rule ingest_exports:
    input: "given/records.csv"
    output: records="results/ingest/records.csv"
    shell: "cp {input} {output.records}"
include: "workflow/rules/common.smk"
include: "workflow/rules/synthesise.smk"
rule all:
    default_target: True
    input:
        rules.aggregate_codes.output,
        rules.compare_versions.output,
        rules.weigh_entropy.output,
        rules.assess_reliability.output,
        rules.check_clustering.output,
"""

CONFIG = """\
project: {title: t, review_question: q}
ingest: {}
synthesis:
  coders: [coder_1, coder_2]
  sources: [{path: data/coded/codes.csv}]
"""

CODES = [
    ("WOS:1", "coder_1", "timely feedback"),
    ("WOS:1", "coder_1", "rapport building"),
    ("WOS:1", "coder_2", "Timely feedback"),
    ("WOS:1", "coder_2", "secure login"),
    ("WOS:2", "coder_1", "data privacy"),
    ("WOS:2", "coder_1", "constructive feedback"),
    ("WOS:2", "coder_2", "data privacy"),
    ("WOS:2", "coder_2", "feedback on assignments"),
    ("WOS:3", "coder_1", "training of mentors"),
    ("WOS:3", "coder_1", "easy to use platform"),
    ("WOS:4", "coder_1", "usability of the platform"),
    ("WOS:4", "coder_1", "trust between mentor and mentee"),
    ("WOS:4b", "coder_1", "mentor preparation workshop"),
    ("WOS:4", "coder_1", "video glitches"),
]


@pytest.mark.slow
def test_rules_write_every_output(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root / "scripts", tmp_path / "scripts")
    (tmp_path / "workflow" / "rules").mkdir(parents=True)
    for rule_file in ("common.smk", "synthesise.smk"):
        shutil.copy(root / "workflow" / "rules" / rule_file, tmp_path / "workflow" / "rules")
    shutil.copytree(root / "src" / "metasynth" / "schemas", tmp_path / "workflow" / "schemas")
    shutil.copy(root / "environment.yml", tmp_path)  # named by the rules' conda: directive
    (tmp_path / "Snakefile").write_text(SNAKEFILE)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.yaml").write_text(CONFIG)
    coded = tmp_path / "data" / "coded"
    coded.mkdir(parents=True)
    (coded / "codebook.yaml").write_text(CODEBOOK_YAML)
    rows = [f'{r},{c},{code},"Quote on {code}.",p. {i},' for i, (r, c, code) in enumerate(CODES)]
    (coded / "codes.csv").write_text(
        "record_id,coder,code,quote,location,memo\n" + "\n".join(rows) + "\n"
    )
    (tmp_path / "given").mkdir()
    (tmp_path / "given" / "status.csv").write_text(
        "record_id,status,stage,reason\n"
        + "".join(f"WOS:{i},included,,\n" for i in range(1, 6))
        + "WOS:9,excluded_full_text,full_text,not_e_mentoring\n"
    )
    (tmp_path / "given" / "studies.csv").write_text(  # WOS:3 and WOS:4 new in version 2
        "record_id,study,label,review_version,is_new\n"
        "WOS:1,1,S1,1,False\nWOS:2,2,S2,1,False\nWOS:5,3,S3,1,False\n"
        "WOS:3,4,S4,2,True\nWOS:4,5,S5,2,True\n"
    )
    (tmp_path / "given" / "records.csv").write_text(
        "record_id,title,doi\n"
        + "".join(
            f"{r},Study {r},\n"
            for r in ("WOS:1", "WOS:2", "WOS:3", "WOS:4", "WOS:4b", "WOS:5", "WOS:9")
        )
    )
    (tmp_path / "given" / "clusters.csv").write_text(
        "cluster_id,record_id,is_primary,rule,entries,database\n"
        + "".join(
            f"{r},{r},True,primary,wos.txt:{i},WOS\n"
            for i, r in enumerate(("WOS:1", "WOS:2", "WOS:3", "WOS:4", "WOS:5", "WOS:9"))
        )
        + "WOS:4,WOS:4b,False,doi,scopus.ris:1,Scopus\n"
    )

    snakemake = Path(sys.executable).parent / "snakemake"
    run = subprocess.run(
        [str(snakemake), "--cores", "2", "--quiet"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / "results" / "synthesis"
    framework = read_table(out / "framework.csv")
    feedback = framework[framework["concept"] == "feedback"].iloc[0]
    assert (feedback["n_documents"], feedback["record_ids"]) == ("2", "WOS:1; WOS:2")
    training = framework[framework["concept"] == "mentor_training"].iloc[0]
    assert training["record_ids"] == "WOS:3; WOS:4"  # WOS:4b is a duplicate of WOS:4
    assert read_table(out / "coding_todo.csv")["record_id"].tolist() == ["WOS:5"]
    assert read_table(out / "unmapped_codes.csv")["code"].tolist() == ["video glitches"]
    reliability = read_table(out / "reliability.csv")
    overall = reliability[reliability["scope"] == "overall"].iloc[0]
    # WOS:1 and WOS:2 double-coded, 5 concepts: 10 units; coder_2 adds security on WOS:1 and
    # misses trust building there: 8 agreements.
    assert (overall["n_documents"], overall["n_units"], overall["n_agree"]) == ("2", "10", "8")
    entropy = read_table(out / "entropy.csv")
    assert entropy["item"].tolist()[0] == "platform_usability"
    assert (out / "framework.tex").read_text().startswith("% Framework of the synthesis")
    assert read_table(out / "clustering_check.csv")["section"].iloc[0] == "summary"
    # what version 2 (WOS:3, WOS:4) adds: concepts it supports, codes only it carries
    versions = read_table(out / "concept_versions.csv").set_index("concept")
    assert versions.loc["trust_building"].tolist() == ["1", "1", "2", "WOS:4"]
    assert versions.loc["mentor_training"].tolist() == ["0", "2", "2", "WOS:3; WOS:4"]
    assert versions.loc["feedback", "n_documents_new"] == "0"
    new_codes = read_table(out / "new_codes.csv")
    assert new_codes["code"].tolist() == [
        "mentor preparation workshop",  # on WOS:4b, a duplicate of WOS:4
        "training of mentors",
        "easy to use platform",
        "usability of the platform",
        "trust between mentor and mentee",
    ]
    coders = read_table(out / "coders.csv")
    assert coders.values.tolist() == [
        ["coder_1", "4", "10", "9", "9"],
        ["coder_2", "2", "4", "4", "0"],
    ]
