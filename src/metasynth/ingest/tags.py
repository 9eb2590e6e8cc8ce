"""The field tags of each export format, as data: what a tag means and where its value goes.

Parsers keep every tag they read (known or not) in the fields table; these tables only decide
which tags feed which canonical column of the records table, and how a value is split:

- `TEXT`: one value; wrapped lines are joined with a space (WOS wraps long values at a space).
- `ITEMS`: one item per line in WOS plain text (AU, AF, C1, CR …), `;`-separated in tab-delimited.
- `LIST`: a `;`-separated list that WOS may wrap over several lines (DE, ID, WC, SC …).
- `INT`: a count.

Sources: the Web of Science Core Collection field-tag help page (Clarivate), the RIS
specification and the RIS that WOS, Scopus, EndNote and Zotero write, WOS BibTeX exports and
the BibLaTeX manual, NLM's MEDLINE/PubMed element descriptions and Ovid's field guides.
"""

from __future__ import annotations

from typing import Final

TEXT: Final = "text"
ITEMS: Final = "items"
LIST: Final = "list"
INT: Final = "int"

# --------------------------------------------------------------------------- Web of Science

WOS_TAGS: Final[dict[str, str]] = {
    "FN": "File name (header)",
    "VR": "Format version (header)",
    "PT": "Publication type (J journal, B book, S series, P patent, C conference)",
    "AU": "Authors",
    "AF": "Author full names",
    "BA": "Book authors",
    "BF": "Book authors, full names",
    "CA": "Group authors",
    "GP": "Book group authors",
    "BE": "Editors",
    "ED": "Editors",
    "TI": "Document title",
    "SO": "Publication name",
    "SE": "Book series title",
    "BS": "Book series subtitle",
    "LA": "Language",
    "DT": "Document type",
    "CT": "Conference title",
    "CY": "Conference date",
    "CL": "Conference location",
    "SP": "Conference sponsors",
    "HO": "Conference host",
    "DE": "Author keywords",
    "ID": "Keywords Plus",
    "AB": "Abstract",
    "C1": "Author addresses",
    "C3": "Affiliations (organisation-enhanced names)",
    "RP": "Reprint address",
    "EM": "E-mail addresses",
    "RI": "ResearcherID numbers",
    "OI": "ORCID identifiers",
    "FU": "Funding agency and grant number",
    "FP": "Funding name preferred",
    "FX": "Funding text",
    "CR": "Cited references",
    "NR": "Cited reference count",
    "TC": "Times cited, WOS Core Collection",
    "Z9": "Times cited, all databases",
    "Z8": "Times cited, Chinese Science Citation Database",
    "ZA": "Times cited, Arabic Citation Index",
    "ZB": "Times cited, BIOSIS",
    "ZR": "Times cited, Russian Science Citation Index",
    "ZS": "Times cited, SciELO",
    "U1": "Usage count, last 180 days",
    "U2": "Usage count since 2013",
    "PU": "Publisher",
    "PI": "Publisher city",
    "PA": "Publisher address",
    "SN": "ISSN",
    "EI": "eISSN",
    "BN": "ISBN",
    "J9": "29-character source abbreviation",
    "JI": "ISO source abbreviation",
    "PD": "Publication date",
    "PY": "Year published",
    "VL": "Volume",
    "IS": "Issue",
    "PN": "Part number",
    "SU": "Supplement",
    "SI": "Special issue",
    "MA": "Meeting abstract",
    "BP": "Beginning page",
    "EP": "Ending page",
    "AR": "Article number",
    "DI": "DOI",
    "DL": "DOI link",
    "D2": "Book DOI",
    "EA": "Early access date",
    "EY": "Early access year",
    "PG": "Page count",
    "P2": "Chapter count",
    "WC": "Web of Science categories",
    "WE": "Web of Science index (edition)",
    "SC": "Research areas",
    "GA": "Document delivery number",
    "PM": "PubMed ID",
    "UT": "Accession number",
    "OA": "Open access indicator",
    "HC": "ESI highly cited paper",
    "HP": "ESI hot paper",
    "DA": "Date the export was generated",
    "ER": "End of record",
    "EF": "End of file",
}
"""Every Web of Science field tag we know by name. Other tags are kept all the same."""

WOS_COLUMNS: Final[tuple[tuple[str, str, str], ...]] = (
    # (canonical column, WOS tag, kind)
    ("ut", "UT", TEXT),
    ("doi", "DI", TEXT),
    ("pmid", "PM", TEXT),
    ("title", "TI", TEXT),
    ("authors", "AU", ITEMS),
    ("early_access", "EA", TEXT),
    ("source_title", "SO", TEXT),
    ("volume", "VL", TEXT),
    ("issue", "IS", TEXT),
    ("doc_type", "DT", TEXT),
    ("language", "LA", ITEMS),  # one language a line: "English" then "   Estonian"
    ("abstract", "AB", TEXT),
    ("author_keywords", "DE", LIST),
    ("keywords_plus", "ID", LIST),
    ("affiliations", "C1", ITEMS),
    ("wos_categories", "WC", LIST),
    ("times_cited", "TC", INT),
    ("times_cited_all", "Z9", INT),
    ("cited_ref_count", "NR", INT),
    ("issn", "SN", TEXT),
    ("eissn", "EI", TEXT),
    ("publisher", "PU", TEXT),
)
"""Canonical columns read straight from one WOS tag (pages and year are assembled in records.py)."""

WOS_FALLBACK_AUTHORS: Final = ("BA", "CA", "GP")
"""Where authors come from when a record has no AU: book authors, then group authors."""

# --------------------------------------------------------------------------- BibTeX (WOS)

BIBTEX_COLUMNS: Final[dict[str, tuple[str, str]]] = {
    # lower-cased BibTeX field name: (canonical column, kind)
    "unique-id": ("ut", TEXT),
    "doi": ("doi", TEXT),
    "pmid": ("pmid", TEXT),
    "pubmed-id": ("pmid", TEXT),
    "title": ("title", TEXT),
    "year": ("year", TEXT),
    "earlyaccessdate": ("early_access", TEXT),
    "early-access-date": ("early_access", TEXT),
    "journal": ("source_title", TEXT),
    "booktitle": ("source_title", TEXT),
    "volume": ("volume", TEXT),
    "number": ("issue", TEXT),
    "pages": ("pages", TEXT),
    "article-number": ("article_number", TEXT),
    "type": ("doc_type", TEXT),
    "document_type": ("doc_type", TEXT),  # Scopus: `@book` with `document_type = {Book Chapter}`
    "language": ("language", TEXT),
    "abstract": ("abstract", TEXT),
    "keywords": ("author_keywords", LIST),
    "keywords-plus": ("keywords_plus", LIST),
    "web-of-science-categories": ("wos_categories", LIST),
    "times-cited": ("times_cited", INT),
    "total-times-cited": ("times_cited_all", INT),
    "number-of-cited-references": ("cited_ref_count", INT),
    "issn": ("issn", TEXT),
    "eissn": ("eissn", TEXT),
    "publisher": ("publisher", TEXT),
    # BibLaTeX (Zotero's and Better BibLaTeX's exports): the same columns under other names
    "journaltitle": ("source_title", TEXT),
    "date": ("year", TEXT),
    "langid": ("language", TEXT),
}
"""WOS BibTeX fields (`Unique-ID`, `Times-Cited`, …) and the generic ones, by canonical column.
Authors (`author`) and affiliations (`affiliation`) need more than a table; see
`bibtex.bibtex_record`."""

# --------------------------------------------------------------------------- RIS

RIS_TITLE: Final = ("TI", "T1", "CT")
RIS_AUTHORS: Final = ("AU", "A1")
RIS_SOURCE: Final = ("T2", "JF", "JO", "BT", "JA", "J2")
RIS_ABSTRACT: Final = ("AB", "N2")
RIS_PUBLISHER: Final = ("PB", "PU")

RIS_DATABASES: Final[tuple[tuple[str, str], ...]] = (
    # (lower-case text found in DB / DP / UR or an export header's `Database:` line, database
    # name used in the records table)
    ("scopus", "Scopus"),
    ("pubmed", "PubMed"),
    ("nlm", "PubMed"),
    ("medline", "MEDLINE"),
    ("embase", "Embase"),
    ("psycinfo", "PsycINFO"),
    ("eric", "ERIC"),
    ("cinahl", "CINAHL"),
    ("web of science", "WOS"),
    ("webofscience", "WOS"),
    ("google scholar", "Google Scholar"),
    ("crossref", "Crossref"),
    ("jstor", "JSTOR"),
    ("proquest", "ProQuest"),
    ("ebscohost", "EBSCOhost"),
    ("lens.org", "Lens"),
)
"""How a generic RIS file names its database; the first match (in this order) wins. ProQuest
and EBSCOhost are platforms: a record whose `DB` names no database above (EBSCO writes a code
such as `aph`, named by `EBSCO_DATABASES` when listed there) is known by its platform; their
accession numbers make no record_id (no `ACCESSION_PREFIXES` entry: two of their databases may
number alike)."""

EBSCO_DATABASES: Final[dict[str, str]] = {
    # EBSCOhost's RIS writes `DP  - EBSCOhost` and the database as a code, `DB  - psyh`: code →
    # database name. PsycInfo, MEDLINE, CINAHL and ERIC number their records themselves (APA's
    # `2022-96522-001`, the PMID, CINAHL's and ERIC's numbers), so their records are known by
    # `AN` (`ACCESSION_PREFIXES`); the other databases' `AN` is EBSCO's and identifies nothing.
    "psyh": "PsycINFO",
    "cmedm": "MEDLINE",
    "mdc": "MEDLINE",
    "mnh": "MEDLINE",
    "cin20": "CINAHL",
    "ccm": "CINAHL",
    "c8h": "CINAHL",
    "rzh": "CINAHL",
    "jlh": "CINAHL",
    "cul": "CINAHL",
    "eric": "ERIC",
    "aph": "Academic Search Premier",
    "a9h": "Academic Search Complete",
    "asn": "Academic Search Ultimate",
    "egh": "GreenFILE",
    "i3h": "Criminal Justice Abstracts",
    "ecn": "EconLit",
    "buh": "Business Source Premier",
    "bth": "Business Source Complete",
    "sph": "SPORTDiscus",
    "s3h": "SocINDEX with Full Text",
    "sih": "SocINDEX",
    "lxh": "Library, Information Science & Technology Abstracts",
    "ehh": "Education Research Complete",
    "eue": "Education Source",
    "pbh": "Psychology and Behavioral Sciences Collection",
}

UT_DATABASES: Final[dict[str, str]] = {
    "WOS": "WOS",
    "ISI": "WOS",  # the accession prefix before WOS was renamed (2019 and older exports)
    "MEDLINE": "MEDLINE",
    "PMID": "PubMed",
    "EMBASE": "Embase",
    "SCOPUS": "Scopus",
    "PSYCINFO": "PsycINFO",
    "OPENALEX": "OpenAlex",
    "DIMENSIONS": "Dimensions",
    "IEEE": "IEEE Xplore",
    "GS": "Google Scholar",
    "LENS": "Lens",
}
"""Accession-number prefixes whose database name differs from the prefix itself."""

# --------------------------------------------------------------------------- MEDLINE and Ovid

MEDLINE_COLUMNS: Final[tuple[tuple[str, tuple[str, ...], str], ...]] = (
    # (canonical column, tags in order of preference (the first present is used), kind)
    ("title", ("TI", "BTI", "TT"), TEXT),
    ("source_title", ("JT", "TA", "BTI"), TEXT),
    ("volume", ("VI",), TEXT),
    ("issue", ("IP",), TEXT),
    ("pages", ("PG",), TEXT),
    ("doc_type", ("PT",), ITEMS),
    ("language", ("LA",), ITEMS),
    ("abstract", ("AB",), TEXT),
    ("author_keywords", ("OT",), ITEMS),
    ("publisher", ("PB",), TEXT),
)
"""PubMed's MEDLINE format (`.nbib`, PubMed's "Citation manager" and "PubMed" exports; NLM's
MEDLINE/PubMed data element descriptions). PMID, authors (FAU, else AU; CN for groups),
addresses (AD), DOI (LID/AID `… [doi]`), ISSN (IS) and year (DP) are assembled in medline.py."""

OVID_COLUMNS: Final[tuple[tuple[str, tuple[str, ...], str], ...]] = (
    ("title", ("TI", "T1"), TEXT),
    ("source_title", ("JN", "JT", "JF"), TEXT),
    ("volume", ("VI", "VO", "VL"), TEXT),
    ("issue", ("IP",), TEXT),
    ("pages", ("PG",), TEXT),
    ("doc_type", ("PT",), ITEMS),
    ("language", ("LG", "LA"), ITEMS),
    ("abstract", ("AB",), TEXT),
    ("author_keywords", ("KW",), ITEMS),
    ("publisher", ("PB",), TEXT),
)
"""Ovid's direct export ("Citavi" `.ovd`, "EndNote" `.cgi`, Reference Manager), the same for
Embase, Ovid MEDLINE and APA PsycInfo: `<1. >` starts a record, `VN  - Ovid Technologies`,
`DB` the database, `UI`/`AN` the accession number, `YR` the year, `IS` the ISSN, `SO` the
citation (its journal part is the source title when JN is absent), `DO` the DOI (as a URL)."""

ENDNOTE_COLUMNS: Final[tuple[tuple[str, tuple[str, ...], str], ...]] = (
    # (canonical column, tags in order of preference, kind); LIST: one value per tag line
    ("title", ("T",), TEXT),
    ("source_title", ("J", "B"), TEXT),
    ("volume", ("V",), TEXT),
    ("issue", ("N",), TEXT),
    ("pages", ("P",), TEXT),
    ("doc_type", ("0", "9"), TEXT),
    ("language", ("G",), TEXT),
    ("abstract", ("X",), TEXT),
    ("author_keywords", ("K",), ITEMS),
    ("publisher", ("I",), TEXT),
)
"""EndNote's tagged export (Refer; EndNote's "Refer Export" and "EndNote Export" styles, the
`.enw` files of Google Scholar and publishers): `%0` reference type, `%T` title, `%A` author,
`%E` editor, `%J` journal, `%B` secondary title (journal, book or conference), `%D` year,
`%8` date, `%V` volume, `%N` issue, `%P` pages, `%X` abstract, `%K` keywords (one per line),
`%G` language, `%I` publisher, `%@` ISSN/ISBN, `%R` DOI, `%U` URL, `%M` accession number,
`%~` database name, `%W` database provider, `%+` author address, `%Z` notes (EndNote X9 tag
list). Authors, addresses, ISSN, DOI, year and the accession number are assembled in
endnote.py."""

ACCESSION_PREFIXES: Final[tuple[tuple[str, str], ...]] = (
    # (lower-case text found in a database's name, accession prefix for record_id)
    ("embase", "EMBASE"),
    ("medline", "PMID"),
    ("pubmed", "PMID"),
    ("psycinfo", "PSYCINFO"),
    ("eric", "ERIC"),
    ("cinahl", "CINAHL"),
    ("scopus", "SCOPUS"),
    ("openalex", "OPENALEX"),
    ("dimensions", "DIMENSIONS"),
    ("lens", "LENS"),
)
"""How an accession number from a database other than WOS is written as a record_id: the
database's prefix and the number (`PMID:30922926`, `EMBASE:L2029880245`,
`SCOPUS:2-s2.0-85189760133`)."""

# --------------------------------------------------------------------------- CSV exports

SEMI: Final = "semicolon"
PIPE: Final = "pipe"
COMMA: Final = "comma"

CSV_COLUMNS: Final[dict[str, tuple[tuple[str, tuple[str, ...], str], ...]]] = {
    # format: (canonical column, header names in order of preference, kind)
    "scopus_csv": (
        ("title", ("Title",), TEXT),
        ("source_title", ("Source title",), TEXT),
        ("volume", ("Volume",), TEXT),
        ("issue", ("Issue",), TEXT),
        ("doi", ("DOI",), TEXT),
        ("pmid", ("PubMed ID",), TEXT),
        ("doc_type", ("Document Type",), TEXT),
        ("language", ("Language of Original Document",), SEMI),
        ("abstract", ("Abstract",), TEXT),
        ("author_keywords", ("Author Keywords",), SEMI),
        ("keywords_plus", ("Index Keywords",), SEMI),
        ("affiliations", ("Affiliations",), SEMI),
        ("times_cited", ("Cited by",), INT),
        ("issn", ("ISSN",), TEXT),
        ("publisher", ("Publisher",), TEXT),
    ),
    "embase_csv": (
        ("title", ("Title",), TEXT),
        ("source_title", ("Source title",), TEXT),
        ("volume", ("Volume",), TEXT),
        ("issue", ("Issue",), TEXT),
        ("doi", ("DOI",), TEXT),
        ("pmid", ("Medline PMID",), TEXT),
        ("doc_type", ("Publication Type",), TEXT),
        ("language", ("Article Language",), COMMA),
        ("abstract", ("Abstract",), TEXT),
        ("author_keywords", ("Author Keywords",), COMMA),
        ("issn", ("ISSN",), TEXT),
        ("publisher", ("Book Publisher",), TEXT),
    ),
    "openalex_csv": (
        ("title", ("title", "display_name"), TEXT),
        ("source_title", ("primary_location.source.display_name",), TEXT),
        ("volume", ("biblio.volume",), TEXT),
        ("issue", ("biblio.issue",), TEXT),
        ("doi", ("doi",), TEXT),
        ("pmid", ("ids.pmid",), TEXT),
        ("doc_type", ("type",), TEXT),
        ("language", ("language",), TEXT),
        ("abstract", ("abstract",), TEXT),
        ("author_keywords", ("keywords.display_name",), PIPE),
        ("times_cited", ("cited_by_count",), INT),
        ("issn", ("primary_location.source.issn_l",), TEXT),
        ("publisher", ("primary_location.source.host_organization_name",), TEXT),
    ),
    "ieee_csv": (
        ("volume", ("Volume",), TEXT),
        ("issue", ("Issue",), TEXT),
        ("doi", ("DOI",), TEXT),
        ("doc_type", ("Document Identifier", "Category"), TEXT),
        ("author_keywords", ("Author Keywords",), SEMI),
        ("keywords_plus", ("IEEE Terms",), SEMI),
        ("times_cited", ("Article Citation Count",), INT),
        ("cited_ref_count", ("Reference Count",), INT),
        ("issn", ("ISSN",), TEXT),
        ("publisher", ("Publisher",), TEXT),
    ),
    "lens_csv": (
        ("title", ("Title",), TEXT),
        ("source_title", ("Source Title",), TEXT),
        ("volume", ("Volume",), TEXT),
        ("issue", ("Issue Number",), TEXT),
        ("doi", ("DOI",), TEXT),
        ("pmid", ("PMID",), TEXT),
        ("doc_type", ("Publication Type",), TEXT),
        ("abstract", ("Abstract",), TEXT),
        ("author_keywords", ("Keywords",), SEMI),
        ("keywords_plus", ("MeSH Terms",), SEMI),
        ("times_cited", ("Citing Works Count",), INT),
        ("publisher", ("Publisher",), TEXT),
    ),
    "springer_csv": (
        ("title", ("Item Title",), TEXT),
        ("source_title", ("Publication Title",), TEXT),
        ("volume", ("Journal Volume",), TEXT),
        ("issue", ("Journal Issue",), TEXT),
        ("doi", ("Item DOI",), TEXT),
        ("doc_type", ("Content Type",), TEXT),
    ),
    "zotero_csv": (
        ("title", ("Title",), TEXT),
        ("source_title", ("Publication Title",), TEXT),
        ("volume", ("Volume",), TEXT),
        ("issue", ("Issue",), TEXT),
        ("pages", ("Pages",), TEXT),
        ("doi", ("DOI",), TEXT),
        ("doc_type", ("Item Type",), TEXT),
        ("language", ("Language",), TEXT),
        ("abstract", ("Abstract Note",), TEXT),
        ("author_keywords", ("Manual Tags",), SEMI),
        ("keywords_plus", ("Automatic Tags",), SEMI),
        ("publisher", ("Publisher",), TEXT),
    ),
    "dimensions_csv": (
        ("title", ("Title",), TEXT),
        ("source_title", ("Source title", "Anthology title"), TEXT),
        ("volume", ("Volume",), TEXT),
        ("issue", ("Issue",), TEXT),
        ("pages", ("Pagination",), TEXT),
        ("doi", ("DOI",), TEXT),
        ("pmid", ("PMID",), TEXT),
        ("doc_type", ("Publication Type", "Document Type"), TEXT),
        ("abstract", ("Abstract",), TEXT),
        ("keywords_plus", ("MeSH terms",), SEMI),
        ("times_cited", ("Times cited",), INT),
        ("issn", ("ISSN",), TEXT),
        ("publisher", ("Publisher",), TEXT),
    ),
}
"""The CSV exports of Scopus ("CSV", all information), embase.com ("CSV - Fields by Column"),
OpenAlex (web export "CSV") and Dimensions ("Export results" › CSV), columns found by their
header name (order and extra columns do not matter). Authors, pages, year and the accession
number are assembled in csvexport.py: Scopus `Authors` + `EID`, Embase `Author Names` + `PUI`,
OpenAlex `authorships.author.display_name` + `id`, Dimensions `Authors` + `Publication ID`
(organisations and their countries from `Research Organizations - standardized` and `Country of
Research organization`); IEEE Xplore's title, source, year, pages, abstract, affiliations
and arnumber (in `PDF Link`), in either of its two CSV layouts; SpringerLink's `Authors`
(written without a separator between names) and year; Zotero's `Author` ("Surname, Given;
…"), year, ISSNs and the PubMed ID its PubMed imports keep in `Extra`."""

# --------------------------------------------------------------------------- countries

COUNTRY_ALIASES: Final[dict[str, str]] = {
    "usa": "USA",
    "us": "USA",  # APA PsycInfo
    "united states": "USA",
    "united states of america": "USA",
    "peoples r china": "China",
    "people's republic of china": "China",
    "pr china": "China",
    "england": "United Kingdom",
    "scotland": "United Kingdom",
    "wales": "United Kingdom",
    "north ireland": "United Kingdom",
    "northern ireland": "United Kingdom",
    "uk": "United Kingdom",
    "u arab emirates": "United Arab Emirates",
    "turkiye": "Turkey",
    "russian federation": "Russia",
    "south korea": "South Korea",
    "republic of korea": "South Korea",
    "korea": "South Korea",
    "viet nam": "Vietnam",
    "iran, islamic republic of": "Iran",
}
"""Country spellings of WOS, Scopus and others mapped to one name, so counts agree."""
