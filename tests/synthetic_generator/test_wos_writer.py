"""The WOS writers reproduce the byte-level conventions of real exports."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from synthetic.corpus import RAW_DIR
from synthetic.publications import PRIMARY_SEARCH
from synthetic.wos_writer import (
    LINE_TAGS,
    WRAPPED_TAGS,
    format_plaintext_record,
    format_tab_row,
    wrap,
    write_plaintext,
    write_tab_delimited,
)

from .helpers import read_plaintext, read_tab

words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
)


@given(st.lists(words, min_size=1, max_size=40))
def test_wrapping_keeps_every_word_and_the_width(parts: list[str]) -> None:
    text = " ".join(parts)
    lines = wrap(text)
    assert " ".join(lines) == text
    for line in lines:
        assert len(line) <= 72 or " " not in line


def test_wrapping_breaks_where_the_real_export_breaks(shared: Path) -> None:
    # wosfile_plaintext.txt, the record of UT WOS:000231798300005, tag WC:
    real = (shared / "wos" / "wosfile_plaintext.txt").read_text(encoding="utf-8-sig")
    assert (
        "WC Computer Science, Interdisciplinary Applications; Information Science &\n"
        "   Library Science\n"
    ) in real
    text = "Computer Science, Interdisciplinary Applications; Information Science & Library Science"
    assert wrap(text) == [
        "Computer Science, Interdisciplinary Applications; Information Science &",
        "Library Science",
    ]


def test_a_record_lays_out_each_kind_of_tag_like_wos() -> None:
    record = {
        "PT": "J",
        "AU": ["Çelik, A", "Smith, J"],
        "TI": "A title long enough to be wrapped by the writer because it has more than "
        "seventy-two characters in it",
        "DE": ["e-mentoring", "trust"],
        "AB": "An abstract " * 20,
        "C1": ["[Çelik, Ayşe] Hacettepe Univ, Fac Educ, TR-06800 Ankara, Turkiye"],
        "CR": [
            "Kram K. E., 1985, MENTORING WORK DEV RE",
            "Single PB, 2001, MENTOR TUTOR, V9, P203",
        ],
        "UT": "WOS:999000000000001",
    }
    text = format_plaintext_record(record)
    assert text == (
        "PT J\n"
        "AU Çelik, A\n"
        "   Smith, J\n"
        "TI A title long enough to be wrapped by the writer because it has more than\n"
        "   seventy-two characters in it\n"
        "DE e-mentoring; trust\n"
        f"AB {'An abstract ' * 20}\n"
        "C1 [Çelik, Ayşe] Hacettepe Univ, Fac Educ, TR-06800 Ankara, Turkiye.\n"
        "CR Kram K. E., 1985, MENTORING WORK DEV RE\n"
        "   Single PB, 2001, MENTOR TUTOR, V9, P203\n"
        "UT WOS:999000000000001\n"
        "ER\n\n"
    )


def test_tags_come_out_in_export_order_and_empty_ones_are_left_out() -> None:
    text = format_plaintext_record({"UT": "WOS:1", "PY": "2020", "TI": "T", "PT": "J", "DI": ""})
    assert text == "PT J\nTI T\nPY 2020\nUT WOS:1\nER\n\n"


def test_plain_text_file_has_bom_header_and_footer(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    assert write_plaintext(path, [{"PT": "J", "TI": "One"}, {"PT": "J", "TI": "Two"}]) == 2
    assert path.read_bytes() == (
        b"\xef\xbb\xbfFN Clarivate Analytics Web of Science\nVR 1.0\n"
        b"PT J\nTI One\nER\n\nPT J\nTI Two\nER\n\nEF\n"
    )


def test_tab_file_is_utf16_with_crlf_and_a_trailing_tab(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    record = {"PT": "J", "AU": ["Ødegård, S", "Li, W"], "C1": ["[Li, Wei] Univ X, Beijing, China."]}
    write_tab_delimited(path, [record], columns=("PT", "AU", "C1", "UT"))
    assert path.read_bytes() == (
        "\ufeffPT\tAU\tC1\tUT\r\nJ\tØdegård, S; Li, W\t[Li, Wei] Univ X, Beijing, China\t\t\r\n"
    ).encode("utf-16-le")
    assert format_tab_row(record, ("PT",)) == "J\t"


def test_committed_exports_wrap_only_the_tags_real_exports_wrap(root: Path) -> None:
    path = root / RAW_DIR / PRIMARY_SEARCH / "savedrecs.txt"
    tag = ""
    continued: set[str] = set()
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        if line.startswith("   "):
            continued.add(tag)
            if tag in WRAPPED_TAGS:
                assert len(line) <= 75, line
        elif len(line) > 2:
            tag = line[:2]
            if tag in WRAPPED_TAGS:
                assert len(line) <= 75 or " " not in line[3:], line
    assert continued <= WRAPPED_TAGS | LINE_TAGS
    assert {"TI", "CR", "AU", "C1"} <= continued
    assert "AB" not in continued and "RP" not in continued


def test_committed_exports_read_back_with_the_helpers(root: Path) -> None:
    primary = read_plaintext(root / RAW_DIR / PRIMARY_SEARCH / "savedrecs.txt")
    assert len(primary) == 500
    supplementary = read_tab(root / RAW_DIR / "wos_supplementary" / "savedrecs.txt")
    assert all(r["UT"].startswith("WOS:999") for r in supplementary)
