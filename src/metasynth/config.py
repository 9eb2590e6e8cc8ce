"""Loading the project configuration outside Snakemake (command line, tests), and the one way
a stage's settings are built from it.

The workflow validates `config/config.yaml` with Snakemake's `validate`; this module does the
same against the same schema (`metasynth/schemas/config.schema.yaml`, printed by `metasynth
schema config`), filling in the defaults kept in the schema, so that the command line and the
tests see exactly what a run sees.

Config flows one way: a rule's `params:` carries what it reads of one section (see
`workflow/rules/common.smk`), and the stage's typed `Settings.from_config(section)` validates it
with `section_with_defaults`. `defining_file` says which of several config files (a
`--configfile` override on top of config/config.yaml) a setting comes from.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metasynth.errors import InputError
from metasynth.validation import describe_error, load_schema, load_yaml, yaml_line

# jsonschema (0.12 s of CPU with its dependencies) is imported where a document is checked:
# most rule jobs that import this module check none.
if TYPE_CHECKING:
    import jsonschema

DEFAULT_CONFIG = Path("config/config.yaml")


def _with_defaults(cls: Any) -> Any:
    """A validator class that also writes each property's `default` into the instance."""
    import jsonschema

    validate_properties = cls.VALIDATORS["properties"]

    def set_defaults(
        validator: Any, properties: dict[str, Any], instance: Any, schema: dict[str, Any]
    ) -> Iterator[jsonschema.ValidationError]:
        if isinstance(instance, dict):
            for name, spec in properties.items():
                if isinstance(spec, dict) and "default" in spec:
                    instance.setdefault(name, copy.deepcopy(spec["default"]))
        yield from validate_properties(validator, properties, instance, schema)

    return jsonschema.validators.extend(cls, {"properties": set_defaults})


def _validated(
    document: dict[str, Any], schema: dict[str, Any], *, file: str | Path, prefix: str,
    files: Sequence[str | Path] = (),
) -> dict[str, Any]:  # fmt: skip
    """A copy of `document` with the schema's defaults filled in; a violation raises, naming
    the first and up to four more (a new project's empty REQUIRED values are fixed in one go),
    each at the line of the one of `files` (lowest precedence first) it comes from."""
    import jsonschema

    document = copy.deepcopy(document)
    cls = _with_defaults(jsonschema.validators.validator_for(schema))
    errors = sorted(
        cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(document),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    if errors:
        location, message = describe_error(errors[0])
        for error in errors[1:5]:  # each at its own line too (a new project's title and question)
            also, what = describe_error(error)
            source, line = _source_of(error, files)
            where = f"{source}:{line} " if source and line else ""
            message += f"\n  and {where}key {prefix}{also}: {what}"
        if len(errors) > 5:
            message += f"\n  and {len(errors) - 5} more"
        parts = f"{prefix}{location}".replace("(top level)", "").split("/")
        key = ".".join(p for p in parts if p and not p.isdigit())
        command = f"metasynth schema config {key}".rstrip()
        source, line = _source_of(errors[0], files)
        raise InputError(
            message,
            file=source or file,
            line=line,
            element=f"key {prefix}{location}",
            hint=f"the comments in the config say what each key takes; `{command}` prints "
            "the keys there with their values and defaults",
        )
    return document


def _source_of(
    error: jsonschema.ValidationError, files: Sequence[str | Path]
) -> tuple[str | None, int | None]:
    """(the file, the line) of the value `error` is about: in the last of `files` that sets it
    (an unknown key: the first one the error names); (None, None) when none does (a default,
    or a value merged from several files)."""
    keys: list[str | int] = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        keys += [k for k in error.instance if k not in known][:1]
    for path in reversed(files):
        node: Any = load_yaml(path)
        for key in keys:
            is_there = key in node if isinstance(node, dict) else (
                isinstance(node, list) and isinstance(key, int) and key < len(node)
            )  # fmt: skip
            if not is_there:
                break
            node = node[key]
        else:
            return str(path), yaml_line(path, keys)
    return None, None


def validate_config(
    config: dict[str, Any], *, file: str | Path = DEFAULT_CONFIG, files: Sequence[str | Path] = ()
) -> dict[str, Any]:
    """A validated copy of `config` with schema defaults filled in; InputError when invalid,
    naming the one of `files` (the run's config files, lowest precedence first: config.yaml,
    then each --configfile) and the line that sets the value, else `file`."""
    return _validated(config, load_schema("config"), file=file, prefix="", files=files)


def config_precedence(
    configfiles: Sequence[str | Path], overrides: Sequence[str | Path]
) -> list[str]:
    """A Snakemake run's config files lowest precedence first: those of `configfile:`, then each
    --configfile (`workflow.overwrite_configfiles`), which override them key by key; relative
    to the project folder when inside it, as messages and outputs cite them."""
    given = [str(path) for path in overrides]
    files = [str(p) for p in configfiles if str(p) not in given] + given
    relative = [os.path.relpath(path) for path in files]
    return [r if not r.startswith("..") else p for p, r in zip(files, relative, strict=True)]


def check_config_file(path: str | Path = DEFAULT_CONFIG) -> None:
    """Refuse, naming the file and line, a config that Snakemake's `configfile:` would refuse
    naming neither (only "Config file is not valid JSON or YAML", at a line of the Snakefile):
    YAML that does not parse (a tab, a cut file), or a document that is not keys with values."""
    document = load_yaml(path)
    if isinstance(document, dict):
        return
    what = (
        "nothing (it is empty, or only comments)"
        if document is None
        else f"a {'list' if isinstance(document, list) else 'single value'}, not keys with values"
    )
    raise InputError(
        f"the config holds {what}",
        file=path,
        line=1,
        hint="restore the file (from Git or a backup; a new `metasynth init` project has the "
        "template with every key explained) and fill in the review's settings again",
    )


def exit_on_bad_config_file(path: str | Path = DEFAULT_CONFIG) -> None:
    """For a Snakefile, before its `configfile:`: `check_config_file` when the file is there,
    and a bad one ends the run with the message alone (an exception would add Snakemake's
    traceback lines)."""
    if Path(path).exists():
        try:
            check_config_file(path)
        except InputError as error:
            sys.exit(f"Error in the config: {error}")


def load_config(path: str | Path = DEFAULT_CONFIG) -> dict[str, Any]:
    """Read and validate a config file, with defaults filled in; a bad value is named at its
    line, as the workflow names it."""
    document = load_yaml(path) or {}
    return validate_config(document, file=path, files=[path])


def section_with_defaults(
    name: str, section: dict[str, Any] | None, *, file: str | Path = DEFAULT_CONFIG
) -> dict[str, Any]:
    """One top-level config section (or the part of it a rule reads), validated against its part
    of the schema, with the schema's defaults filled in for the keys it leaves out. Every stage's
    `Settings.from_config(section)` starts here."""
    schema = load_schema("config")["properties"][name]
    return _validated(section or {}, schema, file=file, prefix=f"{name}/")


def schema_default(section: str, *keys: str) -> Any:
    """The schema's default of one setting (a section, then nested keys), for a library constant
    that stands for it where no config is given (the command line, tests): the schema owns it."""
    node = load_schema("config")["properties"][section]
    for key in keys:
        node = node["properties"][key]
    return copy.deepcopy(node["default"])


def defining_file(files: Sequence[str | Path], keys: Sequence[str]) -> str | None:
    """The file that sets the value at `keys` (nested mapping keys): the last of `files`, given
    from lowest to highest precedence, whose YAML has it; None when none does (a default)."""
    for path in reversed(files):
        node: Any = load_yaml(path)
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            return str(path)
    return None


def _setting_node(path: str | Path, keys: Sequence[str | int]) -> Any:
    """The value at `keys` (mapping keys, list indexes) in one YAML file, or None."""
    node: Any = load_yaml(path)
    for key in keys:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            node = node.get(key) if isinstance(node, dict) else None
    return node


def existing_input(files: Sequence[str | Path], keys: Sequence[str | int], value: str) -> str:
    """`value`, the path a config setting names as an input of the workflow (the codebook, a
    coding source, the verdicts file), when that file exists; else an InputError at the line of
    the config file that sets it. `files`: the config files, lowest precedence first.

    Snakemake does not look for a missing input of a job whose outputs exist: a renamed or
    deleted codebook would leave the results made from it in place, and the run "up to date"."""
    if Path(value).is_file():
        return value
    element = "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in keys)[1:]
    source = next((f for f in reversed(files) if _setting_node(f, keys) is not None), None)
    folder = Path(value).parent
    others = sorted(
        p.name
        for p in (folder.iterdir() if folder.is_dir() else ())
        if p.is_file() and not p.name.startswith(".") and p.name != "README.md"
    )
    beside = f" (in {folder.as_posix()}: {', '.join(others[:8])})" if others else ""
    raise InputError(
        f"names {value!r}{'' if source else ' (the default)'}, which does not exist",
        file=source or (files[0] if files else None),
        line=yaml_line(source, keys) if source else None,
        element=element,
        hint=f"restore the file, or write its new path {'there' if source else 'in ' + element}"
        f"{beside}",
    )
