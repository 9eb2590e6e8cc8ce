# What to do next: one list per stage under results/todo/ (title_abstract, retrieval, full_text,
# appraisal, coding), most useful first, each item with the row to add and the file to add it
# to. Include after synthesise.smk (it reads the coding to-do and the unmapped codes).

from metasynth.todo import STAGES as TODO_STAGES


rule list_todo:
    input:
        queue=rules.rank_queue.output.queue,
        conflicts=rules.screen_publications.output.conflicts,
        awaiting=rules.derive_record_states.output.awaiting,
        publications=rules.match_duplicates.output.publications,
        versions=rules.track_versions.output.publications,
        coding_todo=rules.check_codes.output.todo,
        unmapped=rules.check_codes.output.unmapped,
    output:
        **{stage: f"results/todo/{stage}.csv" for stage in TODO_STAGES},
    log:
        "results/logs/list_todo.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        # who may write each answer, and where
        screening=settings(
            "screening",
            "decisions_dir",
            "reasons",
            "reviewers",
            "resolver_role",
            "reviewers_per_stage",
        ),
        appraisal=settings(
            "appraisal", "checklist", "decide_by", "appraisal_dir", "scheme", "schemes"
        ),
        synthesis=settings("synthesis", "sources", "codebook", "coders"),
    script:
        "../../scripts/list_todo.py"
