"""Public names of a package imported from their modules at first use, not with the package.

Each rule job is a Python process of its own that imports the few modules its script calls; a
package `__init__` that imported every public name made each job import the whole stage (every
export reader, for a job that reads one vocabulary). A package lists its names here instead,
with the same names under `if TYPE_CHECKING:` for the type checker and the reader.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_names(package: str, modules: Mapping[str, str]) -> Callable[[str], object]:
    """A module-level `__getattr__` for `package`: the name `name` of `modules` (name → dotted
    module) imported from its module when first read. Other names raise AttributeError, so that
    `from package import submodule` imports the submodule as usual."""

    def first_read(name: str) -> object:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # read once: later reads find it there
        return value

    return first_read
