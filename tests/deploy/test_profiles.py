"""profiles/slurm runs every rule after ingestion (its per-export jobs and their gather),
deduplication (its partitions too) and review versions in one group job; Snakemake refuses a
group that a rule outside it sits inside of, so each new rule must join the group (the SLURM
test would fail on it only in CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SNAKEMAKE = Path(sys.executable).with_name("snakemake")
ALONE = {
    "all",
    "ingest_export",
    "ingest_exports",
    "score_candidate_pairs",
    "match_duplicates",
    "track_versions",
}


def test_every_rule_after_dedup_is_in_the_slurm_profiles_group() -> None:
    listed = subprocess.run(
        [str(SNAKEMAKE), "--list-rules"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    profile = yaml.safe_load((ROOT / "profiles" / "slurm" / "config.yaml").read_text())
    group_of = dict(item.split("=") for item in profile["groups"])
    assert set(group_of.values()) == {"review"}
    assert sorted(set(listed.stdout.split()) - ALONE) == sorted(group_of)
