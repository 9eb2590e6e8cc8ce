"""LaTeX in BibTeX values → the text a reader sees.

BibTeX and BibLaTeX exports write special characters as LaTeX: accents (`{\\"u}ber`), text
symbols (`{\\textendash}`, `{\\textgreater}`, `\\&`), math (`{$>$}65 years`, `$\\alpha$`,
`H$_2$O`) and protective braces (`{{Title}}`, `{DNA}`). `decode` turns them into text with
pylatexenc, math included (`>`, `α`, `H_2O`), completed by `latex.yaml` (beside this file):
text symbols pylatexenc lacks and commands whose argument is the text. A command known to
neither is kept as written (`\\name`), so no text is lost without a trace.

`decode_as_before` is the decoding of earlier versions (bibtexparser's LatexDecodingMiddleware:
math kept as written, unknown commands dropped), kept only to name the record_id an entry had
then (`records.RecordBuilder`), so reviewers' files written then can be mended.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Final

import yaml
from bibtexparser import model
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexMacroNode

_DOLLAR: Final = re.compile(r"(?<!\\)\$")  # a `$` that is not `\$`
_SPECIAL: Final = re.compile(r"(?<!\\)[%&#]")
_before = LatexDecodingMiddleware(allow_inplace_modification=True)


def _as_written(node: LatexMacroNode, l2tobj: LatexNodes2Text) -> str:
    """An unknown command as written, so the reader sees it rather than nothing."""
    return f"\\{node.macroname}"


@cache
def _decoder() -> LatexNodes2Text:
    table = yaml.safe_load(
        resources.files("metasynth.ingest").joinpath("latex.yaml").read_text("utf-8")
    )
    macros = [MacroTextSpec("url", simplify_repl="%s")]  # a link as written, without <…>
    macros += [MacroTextSpec(name, simplify_repl=text) for name, text in table["symbols"].items()]
    macros += [MacroTextSpec(name, discard=False) for name in table["text_of_argument"]]
    context = get_default_latex_context_db()
    context.add_context_category("metasynth", prepend=True, macros=macros)
    context.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_as_written))
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False)


def decode(text: str) -> str:
    """The text of a LaTeX value (accents, symbols, math and braces decoded). A value whose
    `$` signs do not pair (`$5 grants`, written by a tool that does not escape them) has no
    math: its `$` signs are text."""
    if len(_DOLLAR.findall(text)) % 2:
        text = _DOLLAR.sub(r"\\$", text)
    # `%`, `&` and `#` written without `\` are text in a BibTeX value (LaTeX would read a
    # comment that hides the rest of the title, and drop `&`)
    text = _SPECIAL.sub(r"\\\g<0>", text)
    return str(_decoder().latex_to_text(text))


def decode_as_before(text: str) -> str:
    """The text of a LaTeX value as versions before math decoding gave it."""
    library = Library([model.Entry("misc", "x", [model.Field("v", text)])])
    decoded = _before.transform(library)
    return str(decoded.entries[0].fields_dict["v"].value)
