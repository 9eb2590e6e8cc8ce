"""The escape-by-default HTML builder and the caption reader."""

from __future__ import annotations

import pytest

from metasynth.report.html import Markup, anchor_id, breakable, element, escape, table
from metasynth.report.inputs import caption_text


def test_text_children_and_attributes_are_escaped():
    html = element("a", '<img src=x onerror="alert(1)">', href='#x" onclick="evil()', title="a'b")
    assert html == (
        '<a href="#x&quot; onclick=&quot;evil()" title="a&#x27;b">'
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a>"
    )


def test_markup_is_inserted_as_it_is_and_none_is_skipped():
    assert element("p", Markup("<b>x</b>"), None, 3) == "<p><b>x</b>3</p>"
    assert escape(Markup("<i>")) == "<i>"


def test_attribute_names_are_fixed_by_code():
    assert element("td", "x", class_="num", data_ref="a", hidden=True, title=None) == (
        '<td class="num" data-ref="a" hidden>x</td>'
    )
    with pytest.raises(ValueError, match="invalid attribute name"):
        element("p", "x", **{"onclick=": "y"})


def test_anchor_ids_are_url_safe_and_distinct_for_distinct_keys():
    assert anchor_id("study", "WOS:000123") == "study-WOS_3a_000123"
    assert anchor_id("study", "doi:10.5555/a_b") == "study-doi_3a_10_2e_5555_2f_a_5f_b"
    assert anchor_id("study", "a:b") != anchor_id("study", "a_3a_b")


def test_table_right_aligns_numeric_columns_and_says_when_empty():
    html = table(["Name", "n"], [["x", "1"]], numeric=[1], row_ids=["r1"])
    assert (
        '<th class="num">n</th>' in html
        and '<tr id="r1"><td>x</td><td class="num">1</td></tr>' in html
    )
    assert '<td colspan="2" class="empty">none</td>' in table(["Name", "n"], [])


def test_captions_are_read_from_restructuredtext_as_plain_paragraphs():
    rst = "Band width is ``n_codings``;\nsee :file:`codings.csv`.\n\nSecond **paragraph**.\n"
    assert caption_text(rst) == "Band width is n_codings; see codings.csv.\n\nSecond paragraph."


def test_a_cell_in_persian_takes_its_direction_from_its_text():
    # a Persian finding was set left to right in the SoQF table: aligned left, its closing
    # "(trust, feedback)." on the wrong side
    html = table(["#", "Finding"], [["1", "یافته (trust)."], ["2", "Trust (اعتماد)."]])
    assert '<td dir="auto">یافته (trust).</td>' in html
    assert '<td dir="auto">Trust (اعتماد).</td>' in html  # auto: left to right, as it starts
    assert "<td>1</td>" in html and "<td>2</td>" in html


def test_a_table_a_phone_scrolls_can_be_reached_by_keyboard():
    # on a phone any table whose whole words need more than the page scrolls in its own box
    assert table(["a", "b"], [["a", "b"]]).startswith('<table class="data" tabindex="0">')


def test_a_table_of_four_columns_stacks_on_a_phone_each_cell_named_by_its_column():
    header = ["Study", Markup("<abbr>DOI</abbr>"), "Year", "n"]
    html = table(header, [["S1", "10.1/x", "2020", "3"], ["S2", "", "2021", "4"]], numeric=[3])
    assert html.startswith('<table class="data stack" tabindex="0">')
    assert (
        '<tr><td data-label="Study">S1</td><td data-label="DOI">10.1/x</td>'
        '<td data-label="Year">2020</td><td class="num" data-label="n">3</td></tr>'
    ) in html
    assert '<td colspan="4" class="empty">none</td>' in table(header, [])  # no label to show
    narrow = table(["Metric", "Value", "Note"], [["adjusted_rand_index", "0.5", ""]])
    assert 'class="data"' in narrow and "data-label" not in narrow
    assert 'data-label="Metric"' in table(
        ["Metric", "Value", "Note"], [["a", "b", "c"]], stack=True
    )


def test_an_identifier_or_path_may_wrap_after_its_underscores_and_slashes():
    # a PRISMA2020 key widened its phone's table by 200 px, or broke anywhere ("previous_st|udies")
    assert breakable("database_specific_results") == "database_<wbr>specific_<wbr>results"
    assert breakable("wos/savedrecs.txt; a_") == "wos/<wbr>savedrecs.txt; a_"
    assert breakable("<b>_x</b>") == "&lt;b&gt;_<wbr>x&lt;/<wbr>b&gt;"  # escaped, part by part
