"""Map imported codes to the codebook and check them against the screening result.

Inputs: imported codes, the codebook, results/screening/status.csv (and dedup clusters, so a
code on a duplicate record counts for its publication). Writes codings.csv (each coding with its
concept, sub-category and category), unmapped_codes.csv (codes in no concept, with the closest
concepts), coding_todo.csv (included documents without usable codes) and coders.csv (per
coder: documents, codings, mapped, counted in the framework). Codes on documents still awaiting
a decision are held back (listed in coding_todo.csv) until the document is included. Fails on
codes on excluded or unknown documents, and on unmapped codes when synthesis.strict is true.
"""

import logging

from metasynth.synthesise import SynthesisSettings, load_codebook
from metasynth.synthesise.checks import (
    check_included,
    coder_table,
    coding_todo,
    enforce_strict,
    held_codes,
    map_codes_with,
    resolve_publications,
)
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.synthesise")


def main(smk):
    settings = SynthesisSettings.from_config(smk.params.synthesis)
    codebook = load_codebook(smk.input.codebook)
    for notice in codebook.notices:
        log.warning("%s", notice)
    clusters = read_table(smk.input.clusters) if smk.input.get("clusters") else None
    codes = resolve_publications(read_table(smk.input.codes), clusters)
    status = read_table(smk.input.status)
    included = check_included(codes, status)
    held = held_codes(codes, status)
    if len(held):
        log.warning(
            "%d codings on %d document(s) not yet included are held back until they are: %s",
            len(held),
            held["record_id"].nunique(),
            ", ".join(sorted(held["record_id"].unique())[:10]),
        )
    codes = codes[~codes.index.isin(held.index)]
    codings, unmapped = map_codes_with(codes, codebook, settings)
    todo = coding_todo(included, codings, held)
    log.info(
        "%d codings on %d of %d included documents; %d unmapped code(s); %d document(s) to code",
        len(codings),
        codings["record_id"].nunique(),
        len(included),
        len(unmapped),
        len(todo),
    )
    if settings.strict:
        enforce_strict(unmapped, codebook_file=smk.input.codebook)
    write_table(codings, smk.output.codings)
    write_table(unmapped, smk.output.unmapped)
    write_table(todo, smk.output.todo)
    write_table(coder_table(codings), smk.output.coders)


run_rule(snakemake, main)
