# Excel workbooks beside the tables reviewers open: the to-do lists, the pairs awaiting a
# deduplication verdict and the included studies. Priorities, counts, years and scores are
# number cells (they sort 1, 2, …, 10), every other cell is text as in the CSV, so a
# double-click shows the accents right and never turns a title into a formula or a date
# (metasynth.interop.workbook). Include after todo.smk (it reads the to-do lists).


rule write_spreadsheets:
    input:
        **{stage: rules.list_todo.output[stage] for stage in TODO_STAGES},
        review=rules.match_duplicates.output.review,
        included=rules.derive_record_states.output.included,
    output:
        **{stage: f"results/todo/{stage}.xlsx" for stage in TODO_STAGES},
        review="results/dedup/review.xlsx",
        included="results/screening/included.xlsx",
    log:
        "results/logs/write_spreadsheets.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/write_spreadsheets.py"
