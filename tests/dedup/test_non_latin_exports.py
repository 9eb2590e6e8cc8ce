"""Exports in Cyrillic, Chinese and Persian through `metasynth ingest` and `metasynth dedup`.

A reference manager's RIS file and a BibTeX library hold the same Russian, Chinese and Persian
articles (the BibTeX copy in capitals, with a full stop for the colon, or typed with Arabic yeh
and kaf) besides distinct ones by the same authors in the same year. Before titles kept their
non-Latin letters, every such title folded to "" and no duplicate was found.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

RIS = """\
TY  - JOUR
AU  - Иванов, Иван Иванович
AU  - Петрова, Анна Сергеевна
TI  - Электронное наставничество в подготовке учителей: систематический обзор
JO  - Образование и наука
PY  - 2019
VL  - 21
IS  - 4
SP  - 45
EP  - 67
ER  -

TY  - JOUR
AU  - 王伟
AU  - 李娜
TI  - 电子导师制在研究生教育中的应用研究
JO  - 中国高教研究
PY  - 2020
VL  - 36
IS  - 3
SP  - 12
EP  - 18
ER  -

TY  - JOUR
AU  - 王伟
TI  - 电子导师制对本科生学业成绩的影响 [Chinese]
JO  - 中国高教研究
PY  - 2020
VL  - 36
IS  - 5
SP  - 30
EP  - 36
ER  -

TY  - JOUR
AU  - احمدی, علی
AU  - رضایی, مریم
TI  - فراترکیب مطالعات منتورینگ الکترونیکی در آموزش عالی
JO  - فصلنامه آموزش عالی ایران
PY  - 2021
VL  - 13
IS  - 2
SP  - 1
EP  - 20
ER  -

TY  - JOUR
AU  - احمدی, علی
TI  - منتورینگ الکترونیکی برای معلمان تازه‌کار: یک مطالعه کیفی
JO  - فصلنامه آموزش عالی ایران
PY  - 2021
VL  - 13
IS  - 2
SP  - 21
EP  - 40
ER  -
"""

BIBTEX = """\
@article{ivanov2019,
  author = {Иванов, И. И. and Петрова, А. С.},
  title = {ЭЛЕКТРОННОЕ НАСТАВНИЧЕСТВО В ПОДГОТОВКЕ УЧИТЕЛЕЙ. Систематический обзор},
  journal = {Образование и наука},
  year = {2019},
  volume = {21},
  number = {4},
  pages = {45--67}
}

@article{wang2020,
  author = {王伟 and 李娜},
  title = {电子导师制在研究生教育中的应用研究},
  journal = {中国高教研究},
  year = {2020},
  volume = {36},
  number = {3},
  pages = {12--18}
}

@article{ahmadi2021,
  author = {احمدي, علي and رضايي, مريم},
  title = {فراتركيب مطالعات منتورينگ الكترونيكي در آموزش عالي},
  journal = {فصلنامه آموزش عالي ايران},
  year = {2021},
  volume = {13},
  number = {2},
  pages = {1--20}
}

@article{ivanov2019b,
  author = {Иванов, И. И.},
  title = {Электронное наставничество в подготовке врачей},
  journal = {Медицинское образование},
  year = {2019},
  volume = {8},
  pages = {101--110}
}
"""


@pytest.fixture()
def records(tmp_path: Path) -> pd.DataFrame:
    (tmp_path / "cnki.ris").write_text(RIS, encoding="utf-8")
    (tmp_path / "library.bib").write_text(BIBTEX, encoding="utf-8")
    out = tmp_path / "records.csv"
    files = [str(tmp_path / "cnki.ris"), str(tmp_path / "library.bib")]
    assert main(["ingest", *files, "--out", str(out)]) == 0
    return pd.read_csv(out, dtype=str, keep_default_na=False)


def test_record_ids_are_those_of_earlier_versions(records: pd.DataFrame) -> None:
    # Ids of entries without an accession number are stored with screening decisions; these are
    # the ids metasynth gave the same files before it kept non-Latin letters (main at c010e6b),
    # when every non-Latin title and surname hashed as "" (hence the -2 of same-page twins).
    assert records["record_id"].tolist() == [
        "h:3b94ece479c2b13a",
        "h:b28db524d69d54e4",
        "h:b3f6b0780b539716",  # "[Chinese]" note: hashed as "chinese" before
        "h:8e4c2fadb542ae85",
        "h:f3592e3eff7147b7",
        "h:3b94ece479c2b13a-2",
        "h:b28db524d69d54e4-2",
        "h:8e4c2fadb542ae85-2",
        "h:99681f8efd002336",
    ]


def test_duplicates_across_the_exports_are_found_and_distinct_kept(
    records: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no config/config.yaml here: the schema defaults
    records.to_csv(tmp_path / "ingested.csv", index=False)
    assert main(["dedup", "ingested.csv", "--out-dir", "dedup"]) == 0
    clusters = pd.read_csv(tmp_path / "dedup" / "clusters.csv", dtype=str, keep_default_na=False)
    clusters["entry"] = clusters["entries"].map(lambda e: Path(e).name)
    groups = sorted(sorted(group["entry"]) for _, group in clusters.groupby("cluster_id"))
    assert groups == [
        ["cnki.ris:1", "library.bib:1"],  # Russian, on teachers
        ["cnki.ris:13", "library.bib:11"],  # Chinese, on graduate education
        ["cnki.ris:25"],  # Chinese: same first author, year, journal and volume
        ["cnki.ris:36", "library.bib:21"],  # Persian, Arabic yeh and kaf in the BibTeX copy
        ["cnki.ris:48"],  # Persian: same first author, year, journal, volume and issue
        ["library.bib:31"],  # Russian: the same first author's article on doctors
    ]
