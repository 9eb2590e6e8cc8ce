"""Word banks of the synthetic corpus: journals, institutions, people, keywords, references.

Everything the generator picks from lives here as data, so that the corpus (`corpus.py`) and the
large benchmark exports (`benchmark.py`) draw from the same, realistic-looking vocabulary.

What is real and what is not:
- journal names, their WOS abbreviations, categories and publishers' addresses are modelled on
  real Web of Science records (a reviewer should recognise the shape of the literature);
- ISSNs are synthetic (valid check digit, computed from the journal name), DOIs use the test
  prefix 10.5555, accession numbers start with WOS:999, emails are under example.org;
- people are random combinations of given names and surnames from many languages (including
  non-ASCII ones: ç, ş, ü, ø, ł, ñ, ã ...), placed at random institutions: no real person's name
  and affiliation are combined on purpose.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

# --------------------------------------------------------------------------- identifiers

DOI_PREFIX = "10.5555"
"""The DOI test prefix (reserved for examples); every generated DOI starts with it."""

UT_PREFIX = "WOS:999"
"""Generated accession numbers are `WOS:999` + 12 digits: real ones start with 000 or 001."""

PMID_BASE = 99_000_000
"""Generated PubMed IDs are 99,000,000 and up: valid-looking, far beyond any issued PMID."""

EMAIL_DOMAIN = "example.org"
"""Every generated email address is under this reserved domain."""


def make_ut(number: int) -> str:
    """The synthetic accession number `WOS:999` + 12 digits."""
    if not 0 <= number < 10**12:
        raise ValueError(f"accession number {number} out of the synthetic range")
    return f"{UT_PREFIX}{number:012d}"


def issn_check_digit(first7: str) -> str:
    """ISSN check character for seven digits (weights 8..2, mod 11, 10 -> X)."""
    total = sum(int(d) * w for d, w in zip(first7, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


@cache
def synthetic_issn(name: str, salt: str = "print") -> str:
    """A valid-looking ISSN derived from a name (stable across runs and machines)."""
    digest = hashlib.sha256(f"{salt}:{name}".encode()).hexdigest()
    first7 = f"{int(digest[:12], 16) % 10_000_000:07d}"
    return f"{first7[:4]}-{first7[4:]}{issn_check_digit(first7)}"


# --------------------------------------------------------------------------- publishers


@dataclass(frozen=True)
class Publisher:
    """PU, PI and PA of a WOS record."""

    name: str
    city: str
    address: str


PUBLISHERS: dict[str, Publisher] = {
    p.name: p
    for p in (
        Publisher(
            "PERGAMON-ELSEVIER SCIENCE LTD",
            "OXFORD",
            "THE BOULEVARD, LANGFORD LANE, KIDLINGTON, OXFORD OX5 1GB, ENGLAND",
        ),
        Publisher(
            "ELSEVIER SCI LTD",
            "OXFORD",
            "THE BOULEVARD, LANGFORD LANE, KIDLINGTON, OXFORD OX5 1GB, OXON, ENGLAND",
        ),
        Publisher(
            "ELSEVIER SCIENCE INC", "NEW YORK", "STE 800, 230 PARK AVE, NEW YORK, NY 10169 USA"
        ),
        Publisher(
            "CHURCHILL LIVINGSTONE",
            "EDINBURGH",
            "JOURNAL PRODUCTION DEPT, ROBERT STEVENSON HOUSE, 1-3 BAXTERS PLACE, LEITH WALK, "
            "EDINBURGH EH1 3AF, MIDLOTHIAN, SCOTLAND",
        ),
        Publisher(
            "ACADEMIC PRESS INC ELSEVIER SCIENCE",
            "SAN DIEGO",
            "525 B ST, STE 1900, SAN DIEGO, CA 92101-4495 USA",
        ),
        Publisher("WILEY", "HOBOKEN", "111 RIVER ST, HOBOKEN 07030-5774, NJ USA"),
        Publisher(
            "ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD",
            "ABINGDON",
            "2-4 PARK SQUARE, MILTON PARK, ABINGDON OX14 4RN, OXON, ENGLAND",
        ),
        Publisher(
            "TAYLOR & FRANCIS LTD",
            "ABINGDON",
            "2-4 PARK SQUARE, MILTON PARK, ABINGDON OR14 4RN, OXON, ENGLAND",
        ),
        Publisher(
            "SPRINGER", "NEW YORK", "ONE NEW YORK PLAZA, SUITE 4600, NEW YORK, NY, UNITED STATES"
        ),
        Publisher("SPRINGER NATURE", "BERLIN", "HEIDELBERGER PLATZ 3, BERLIN, 14197, GERMANY"),
        Publisher(
            "SAGE PUBLICATIONS INC", "THOUSAND OAKS", "2455 TELLER RD, THOUSAND OAKS, CA 91320 USA"
        ),
        Publisher("BMC", "LONDON", "CAMPUS, 4 CRINAN ST, LONDON N1 9XW, ENGLAND"),
        Publisher(
            "LIPPINCOTT WILLIAMS & WILKINS",
            "PHILADELPHIA",
            "TWO COMMERCE SQ, 2001 MARKET ST, PHILADELPHIA, PA 19103 USA",
        ),
        Publisher(
            "EMERALD GROUP PUBLISHING LTD",
            "BINGLEY",
            "HOWARD HOUSE, WAGON LANE, BINGLEY BD16 1WA, W YORKSHIRE, ENGLAND",
        ),
        Publisher("IEEE", "NEW YORK", "345 E 47TH ST, NEW YORK, NY 10017 USA"),
        Publisher("MDPI", "BASEL", "MDPI AG, Grosspeteranlage 5, CH-4052 BASEL, SWITZERLAND"),
        Publisher(
            "FRONTIERS MEDIA SA",
            "LAUSANNE",
            "AVENUE DU TRIBUNAL FEDERAL 34, LAUSANNE, CH-1015, SWITZERLAND",
        ),
        Publisher(
            "PUBLIC LIBRARY SCIENCE",
            "SAN FRANCISCO",
            "1160 BATTERY STREET, STE 100, SAN FRANCISCO, CA 94111 USA",
        ),
        Publisher(
            "BMJ PUBLISHING GROUP",
            "LONDON",
            "BRITISH MED ASSOC HOUSE, TAVISTOCK SQUARE, LONDON WC1H 9JR, ENGLAND",
        ),
        Publisher("OXFORD UNIV PRESS", "OXFORD", "GREAT CLARENDON ST, OXFORD OX2 6DP, ENGLAND"),
        Publisher(
            "JMIR PUBLICATIONS, INC",
            "TORONTO",
            "130 QUEENS QUAY East, Unit 1100, TORONTO, ON M5A 0P6, CANADA",
        ),
        Publisher("SLACK INC", "THOROFARE", "6900 GROVE RD, THOROFARE, NJ 08086 USA"),
        Publisher(
            "ATHABASCA UNIV PRESS",
            "ATHABASCA",
            "1 UNIVERSITY DR, ATHABASCA, AB T9S 3A3, CANADA",
        ),
        Publisher(
            "ONLINE LEARNING CONSORTIUM",
            "NEWBURYPORT",
            "PO BOX 1238, NEWBURYPORT, MA 01950 USA",
        ),
        Publisher(
            "GEORG THIEME VERLAG KG",
            "STUTTGART",
            "RUDIGERSTR 14, D-70469 STUTTGART, GERMANY",
        ),
        Publisher(
            "ELSEVIER IRELAND LTD",
            "CLARE",
            "ELSEVIER HOUSE, BROOKVALE PLAZA, EAST PARK SHANNON, CO, CLARE, 00000, IRELAND",
        ),
        Publisher(
            "UNIV NAC EDUCACION DISTANCIA-UNED",
            "MADRID",
            "CALLE BRAVO MURILLO, 38, MADRID, 28015, SPAIN",
        ),
        Publisher("UNIV SEVILLA", "SEVILLA", "SAN FERNANDO 4, SEVILLA, 41004, SPAIN"),
        Publisher(
            "ASSOC BRASILEIRA ENFERMAGEM",
            "BRASILIA",
            "SGA NORTE QUADRA 603 CONJ B, BRASILIA, DF 70830-030, BRAZIL",
        ),
        Publisher(
            "GERMAN MEDICAL SCIENCE-GMS",
            "DUSSELDORF",
            "UBIERSTRASSE 20, DUSSELDORF, 40223, GERMANY",
        ),
        Publisher(
            "TURK EGITIM DERNEGI",
            "ANKARA",
            "GMK BULVARI NO 29, MALTEPE, ANKARA, 06570, TURKIYE",
        ),
        Publisher(
            "HACETTEPE UNIV",
            "ANKARA",
            "HACETTEPE UNIV, FAC EDUCATION, BEYTEPE CAMPUS, ANKARA, 06800, TURKIYE",
        ),
        Publisher(
            "NATL RESEARCH UNIV HIGHER SCHOOL ECONOMICS",
            "MOSCOW",
            "MYASNITSKAYA UL 20, MOSCOW, 101000, RUSSIA",
        ),
        Publisher(
            "RUSSIAN STATE VOCATIONAL PEDAGOGICAL UNIV",
            "EKATERINBURG",
            "UL MASHINOSTROITELEI 11, EKATERINBURG, 620012, RUSSIA",
        ),
        Publisher(
            "SPRINGER FACHMEDIEN WIESBADEN GMBH",
            "WIESBADEN",
            "ABRAHAM-LINCOLN-STRASSE 46, WIESBADEN, 65189, GERMANY",
        ),
        Publisher(
            "IATED-INT ASSOC TECHNOLOGY EDUCATION & DEVELOPMENT",
            "VALENICA",
            "LAURI VOLPI 6, VALENICA, BURJASSOT 46100, SPAIN",
        ),
        Publisher(
            "ACAD CONFERENCES LTD",
            "NR READING",
            "CURTIS FARM, KIDMORE END, NR READING, RG4 9AY, ENGLAND",
        ),
        Publisher(
            "SPRINGER INTERNATIONAL PUBLISHING AG",
            "CHAM",
            "GEWERBESTRASSE 11, CHAM, CH-6330, SWITZERLAND",
        ),
        Publisher(
            "ELSEVIER SCIENCE BV",
            "AMSTERDAM",
            "SARA BURGERHARTSTRAAT 25, PO BOX 211, 1000 AE AMSTERDAM, NETHERLANDS",
        ),
    )
}


# --------------------------------------------------------------------------- journals


@dataclass(frozen=True)
class Journal:
    """A source (journal or proceedings series) with everything a WOS record says about it."""

    key: str  # short code used in DOIs: 10.5555/<key>.<year>.<number>
    name: str  # SO, upper case as WOS writes it
    j9: str  # 29-character abbreviation
    ji: str  # ISO abbreviation
    publisher: str  # key of PUBLISHERS
    categories: str  # WC, "; "-joined
    research_areas: str  # SC
    index: str  # WE
    contexts: tuple[str, ...]  # study contexts it publishes on; "offtopic" for informatics etc.
    language: str = "English"
    first_year: int = 1990  # volume 1 year (volume = year - first_year + 1)
    issues_per_year: int = 6
    article_numbers: bool = False  # AR instead of BP/EP (open-access megajournals)
    medline: bool = False  # indexed in MEDLINE: records carry a PM

    @property
    def issn(self) -> str:
        return synthetic_issn(self.name)

    @property
    def eissn(self) -> str:
        return synthetic_issn(self.name, salt="electronic")


_SSCI = "Social Science Citation Index (SSCI)"
_SCIE = "Science Citation Index Expanded (SCI-EXPANDED)"
_ESCI = "Emerging Sources Citation Index (ESCI)"
_EDU = "Education & Educational Research"

# fmt: off
JOURNALS: tuple[Journal, ...] = (
    # educational technology and higher education
    Journal("compedu", "COMPUTERS & EDUCATION", "COMPUT EDUC", "Comput. Educ.",
            "PERGAMON-ELSEVIER SCIENCE LTD",
            f"Computer Science, Interdisciplinary Applications; {_EDU}",
            f"Computer Science; {_EDU}", f"{_SCIE}; {_SSCI}",
            ("higher_education", "teacher_education", "youth"), first_year=1976, issues_per_year=8),
    Journal("bjet", "BRITISH JOURNAL OF EDUCATIONAL TECHNOLOGY", "BRIT J EDUC TECHNOL",
            "Br. J. Educ. Technol.", "WILEY", _EDU, _EDU, _SSCI,
            ("higher_education", "teacher_education"), first_year=1970),
    Journal("iheduc", "INTERNET AND HIGHER EDUCATION", "INTERNET HIGH EDUC", "Internet High. Educ.",
            "ELSEVIER SCIENCE INC", _EDU, _EDU, _SSCI, ("higher_education",),
            first_year=1998, issues_per_year=4),
    Journal("mentut", "MENTORING & TUTORING", "MENTOR TUTOR", "Mentor. Tutoring",
            "ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD", _EDU, _EDU, _ESCI,
            ("higher_education", "teacher_education", "youth", "business"), first_year=1993,
            issues_per_year=5),
    Journal("ijmce", "INTERNATIONAL JOURNAL OF MENTORING AND COACHING IN EDUCATION",
            "INT J MENTOR COACH ED", "Int. J. Mentor. Coach. Educ.", "EMERALD GROUP PUBLISHING LTD",
            _EDU, _EDU, _ESCI, ("teacher_education", "higher_education"), first_year=2012,
            issues_per_year=4),
    Journal("etrd", "ETR&D-EDUCATIONAL TECHNOLOGY RESEARCH AND DEVELOPMENT",
            "ETR&D-EDUC TECH RES DEV",
            "ETR&D-Educ. Tech. Res. Dev.", "SPRINGER", _EDU, _EDU, _SSCI,
            ("higher_education", "teacher_education"), first_year=1953),
    Journal("disted", "DISTANCE EDUCATION", "DISTANCE EDUC", "Distance Educ.",
            "ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD", _EDU, _EDU, _SSCI,
            ("higher_education",), first_year=1980, issues_per_year=4),
    Journal("onlearn", "ONLINE LEARNING", "ONLINE LEARN", "Online Learn.",
            "ONLINE LEARNING CONSORTIUM",
            _EDU, _EDU, _ESCI, ("higher_education",), first_year=1997, issues_per_year=4),
    Journal("irrodl", "INTERNATIONAL REVIEW OF RESEARCH IN OPEN AND DISTRIBUTED LEARNING",
            "INT REV RES OPEN DIS", "Int. Rev. Res. Open Distrib. Learn.", "ATHABASCA UNIV PRESS",
            _EDU, _EDU, _SSCI, ("higher_education",), first_year=2000, issues_per_year=4),
    Journal("tate", "TEACHING AND TEACHER EDUCATION", "TEACH TEACH EDUC", "Teach. Teach. Educ.",
            "PERGAMON-ELSEVIER SCIENCE LTD", _EDU, _EDU, _SSCI, ("teacher_education",),
            first_year=1985, issues_per_year=8),
    Journal("jte", "JOURNAL OF TEACHER EDUCATION", "J TEACH EDUC", "J. Teach. Educ.",
            "SAGE PUBLICATIONS INC", _EDU, _EDU, _SSCI, ("teacher_education",), first_year=1950,
            issues_per_year=5),
    Journal("ejte", "EUROPEAN JOURNAL OF TEACHER EDUCATION", "EUR J TEACH EDUC",
            "Eur. J. Teach. Educ.",
            "ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD", _EDU, _EDU, _ESCI, ("teacher_education",),
            first_year=1978, issues_per_year=5),
    Journal("she", "STUDIES IN HIGHER EDUCATION", "STUD HIGH EDUC", "Stud. High. Educ.",
            "ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD", _EDU, _EDU, _SSCI, ("higher_education",),
            first_year=1976, issues_per_year=12),
    Journal("herd", "HIGHER EDUCATION RESEARCH & DEVELOPMENT", "HIGH EDUC RES DEV",
            "High. Educ. Res. Dev.", "ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD", _EDU, _EDU, _SSCI,
            ("higher_education",), first_year=1982, issues_per_year=7),
    Journal("eait", "EDUCATION AND INFORMATION TECHNOLOGIES", "EDUC INF TECHNOL",
            "Educ. Inf. Technol.", "SPRINGER", _EDU, _EDU, _SSCI,
            ("higher_education", "teacher_education", "youth"), first_year=1996, issues_per_year=9),
    Journal("ile", "INTERACTIVE LEARNING ENVIRONMENTS", "INTERACT LEARN ENVIR",
            "Interact. Learn. Environ.", "ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD", _EDU, _EDU,
            _SSCI, ("higher_education", "youth"), first_year=1990, issues_per_year=10),
    Journal("ajet", "AUSTRALASIAN JOURNAL OF EDUCATIONAL TECHNOLOGY", "AUSTRALAS J EDUC TEC",
            "Australas. J. Educ. Technol.", "ATHABASCA UNIV PRESS", _EDU, _EDU, _SSCI,
            ("higher_education", "teacher_education"), first_year=1985),
    # medicine
    Journal("medu", "MEDICAL EDUCATION", "MED EDUC", "Med. Educ.", "WILEY",
            "Education, Scientific Disciplines; Health Care Sciences & Services",
            "Education & Educational Research; Health Care Sciences & Services",
            f"{_SCIE}; {_SSCI}", ("medicine",), first_year=1966, issues_per_year=12, medline=True),
    Journal("acadmed", "ACADEMIC MEDICINE", "ACAD MED", "Acad. Med.",
            "LIPPINCOTT WILLIAMS & WILKINS",
            "Education, Scientific Disciplines; Health Care Sciences & Services",
            "Education & Educational Research; Health Care Sciences & Services",
            f"{_SCIE}; {_SSCI}", ("medicine",), first_year=1926, issues_per_year=12, medline=True),
    Journal("medteach", "MEDICAL TEACHER", "MED TEACH", "Med. Teach.", "TAYLOR & FRANCIS LTD",
            "Education, Scientific Disciplines; Health Care Sciences & Services",
            "Education & Educational Research; Health Care Sciences & Services",
            f"{_SCIE}; {_SSCI}", ("medicine", "nursing"), first_year=1979, issues_per_year=12,
            medline=True),
    Journal("bmcmeded", "BMC MEDICAL EDUCATION", "BMC MED EDUC", "BMC Med. Educ.", "BMC",
            "Education & Educational Research; Education, Scientific Disciplines",
            "Education & Educational Research", f"{_SCIE}; {_SSCI}", ("medicine", "nursing"),
            first_year=2001, issues_per_year=1, article_numbers=True, medline=True),
    Journal("jgim", "JOURNAL OF GENERAL INTERNAL MEDICINE", "J GEN INTERN MED",
            "J. Gen. Intern. Med.",
            "SPRINGER", "Health Care Sciences & Services; Medicine, General & Internal",
            "Health Care Sciences & Services; General & Internal Medicine", _SCIE, ("medicine",),
            first_year=1986, issues_per_year=16, medline=True),
    Journal("bmjopen", "BMJ OPEN", "BMJ OPEN", "BMJ Open", "BMJ PUBLISHING GROUP",
            "Medicine, General & Internal", "General & Internal Medicine", _SCIE,
            ("medicine", "nursing"), first_year=2011, issues_per_year=12, article_numbers=True,
            medline=True),
    Journal("jsurged", "JOURNAL OF SURGICAL EDUCATION", "J SURG EDUC", "J. Surg. Educ.",
            "ELSEVIER SCIENCE INC", "Education, Scientific Disciplines; Surgery",
            "Education & Educational Research; Surgery", _SCIE, ("medicine",), first_year=1944,
            medline=True),
    Journal("jmirme", "JMIR MEDICAL EDUCATION", "JMIR MED EDUC", "JMIR Med. Educ.",
            "JMIR PUBLICATIONS, INC", "Education, Scientific Disciplines",
            "Education & Educational Research", _ESCI, ("medicine", "nursing"), first_year=2015,
            issues_per_year=4, article_numbers=True, medline=True),
    # nursing
    Journal("nedt", "NURSE EDUCATION TODAY", "NURS EDUC TODAY", "Nurse Educ. Today",
            "CHURCHILL LIVINGSTONE", f"{_EDU}; Nursing", f"{_EDU}; Nursing", f"{_SCIE}; {_SSCI}",
            ("nursing",), first_year=1981, issues_per_year=12, medline=True),
    Journal("nepr", "NURSE EDUCATION IN PRACTICE", "NURSE EDUC PRACT", "Nurse Educ. Pract.",
            "ELSEVIER SCI LTD", "Nursing", "Nursing", f"{_SCIE}; {_SSCI}", ("nursing",),
            first_year=2001, issues_per_year=8, article_numbers=True, medline=True),
    Journal("jan", "JOURNAL OF ADVANCED NURSING", "J ADV NURS", "J. Adv. Nurs.", "WILEY", "Nursing",
            "Nursing", f"{_SCIE}; {_SSCI}", ("nursing",), first_year=1976, issues_per_year=12,
            medline=True),
    Journal("jonm", "JOURNAL OF NURSING MANAGEMENT", "J NURS MANAGE", "J. Nurs. Manag.", "WILEY",
            "Management; Nursing", "Business & Economics; Nursing", f"{_SCIE}; {_SSCI}",
            ("nursing", "business"), first_year=1993, issues_per_year=8, medline=True),
    Journal("jne", "JOURNAL OF NURSING EDUCATION", "J NURS EDUC", "J. Nurs. Educ.", "SLACK INC",
            "Nursing", "Nursing", f"{_SCIE}; {_SSCI}", ("nursing",), first_year=1962,
            issues_per_year=12, medline=True),
    # business and workplace
    Journal("hrdq", "HUMAN RESOURCE DEVELOPMENT QUARTERLY", "HUM RESOUR DEV Q",
            "Hum. Resour. Dev. Q.", "WILEY", "Management; Psychology, Applied",
            "Business & Economics; Psychology", _SSCI, ("business",), first_year=1990,
            issues_per_year=4),
    Journal("jvb", "JOURNAL OF VOCATIONAL BEHAVIOR", "J VOCAT BEHAV", "J. Vocat. Behav.",
            "ACADEMIC PRESS INC ELSEVIER SCIENCE", "Psychology, Applied", "Psychology", _SSCI,
            ("business", "higher_education"), first_year=1971, article_numbers=True),
    Journal("ijebr", "INTERNATIONAL JOURNAL OF ENTREPRENEURIAL BEHAVIOR & RESEARCH",
            "INT J ENTREP BEHAV R", "Int. J. Entrep. Behav. Res.", "EMERALD GROUP PUBLISHING LTD",
            "Business", "Business & Economics", _SSCI, ("business",), first_year=1995,
            issues_per_year=8),
    Journal("cdi", "CAREER DEVELOPMENT INTERNATIONAL", "CAREER DEV INT", "Career Dev. Int.",
            "EMERALD GROUP PUBLISHING LTD", "Management", "Business & Economics", _SSCI,
            ("business",), first_year=1996, issues_per_year=7),
    Journal("ejtd", "EUROPEAN JOURNAL OF TRAINING AND DEVELOPMENT", "EUR J TRAIN DEV",
            "Eur. J. Train. Dev.", "EMERALD GROUP PUBLISHING LTD", "Management",
            "Business & Economics", _ESCI, ("business",), first_year=1977, issues_per_year=9),
    # youth programmes
    Journal("cysr", "CHILDREN AND YOUTH SERVICES REVIEW", "CHILD YOUTH SERV REV",
            "Child. Youth Serv. Rev.", "PERGAMON-ELSEVIER SCIENCE LTD",
            "Family Studies; Social Work",
            "Family Studies; Social Work", _SSCI, ("youth",), first_year=1979, issues_per_year=12,
            article_numbers=True),
    Journal("ajcp", "AMERICAN JOURNAL OF COMMUNITY PSYCHOLOGY", "AM J COMMUN PSYCHOL",
            "Am. J. Community Psychol.", "WILEY",
            "Public, Environmental & Occupational Health; Psychology, Multidisciplinary; "
            "Social Work",
            "Public, Environmental & Occupational Health; Psychology; Social Work", _SSCI,
            ("youth",), first_year=1973, medline=True),
    Journal("jcop", "JOURNAL OF COMMUNITY PSYCHOLOGY", "J COMMUNITY PSYCHOL",
            "J. Community Psychol.",
            "WILEY", "Social Work; Psychology, Multidisciplinary", "Social Work; Psychology", _SSCI,
            ("youth",), first_year=1973, issues_per_year=8, medline=True),
    Journal("youthsoc", "YOUTH & SOCIETY", "YOUTH SOC", "Youth Soc.", "SAGE PUBLICATIONS INC",
            "Social Issues; Sociology", "Social Issues; Sociology", _SSCI, ("youth",),
            first_year=1969, issues_per_year=8),
    # broad or off-topic sources an electronic-mentoring search also hits
    Journal("jamia", "JOURNAL OF THE AMERICAN MEDICAL INFORMATICS ASSOCIATION",
            "J AM MED INFORM ASSN", "J. Am. Med. Inf. Assoc.", "OXFORD UNIV PRESS",
            "Computer Science, Information Systems; Health Care Sciences & Services; "
            "Information Science & Library Science; Medical Informatics",
            "Computer Science; Health Care Sciences & Services; Information Science & Library "
            "Science; Medical Informatics", f"{_SCIE}; {_SSCI}", ("offtopic",), first_year=1994,
            issues_per_year=12, medline=True),
    Journal("ijmi", "INTERNATIONAL JOURNAL OF MEDICAL INFORMATICS", "INT J MED INFORM",
            "Int. J. Med. Inform.", "ELSEVIER IRELAND LTD",
            "Computer Science, Information Systems; Health Care Sciences & Services; Medical "
            "Informatics", "Computer Science; Health Care Sciences & Services; Medical Informatics",
            _SCIE, ("offtopic",), first_year=1997, issues_per_year=12, article_numbers=True,
            medline=True),
    Journal("aci", "APPLIED CLINICAL INFORMATICS", "APPL CLIN INFORM", "Appl. Clin. Inform.",
            "GEORG THIEME VERLAG KG", "Medical Informatics", "Medical Informatics", _SCIE,
            ("offtopic",), first_year=2010, issues_per_year=5, medline=True),
    Journal("sustain", "SUSTAINABILITY", "SUSTAINABILITY-BASEL", "Sustainability", "MDPI",
            "Green & Sustainable Science & Technology; Environmental Sciences; Environmental "
            "Studies", "Science & Technology - Other Topics; Environmental Sciences & Ecology",
            f"{_SCIE}; {_SSCI}", ("higher_education", "business", "offtopic"), first_year=2009,
            issues_per_year=24, article_numbers=True),
    Journal("fpsyg", "FRONTIERS IN PSYCHOLOGY", "FRONT PSYCHOL", "Front. Psychol.",
            "FRONTIERS MEDIA SA", "Psychology, Multidisciplinary", "Psychology", _SSCI,
            ("higher_education", "youth", "business", "offtopic"), first_year=2010,
            issues_per_year=12, article_numbers=True, medline=True),
    Journal("plosone", "PLOS ONE", "PLOS ONE", "PLoS One", "PUBLIC LIBRARY SCIENCE",
            "Multidisciplinary Sciences", "Science & Technology - Other Topics", _SCIE,
            ("medicine", "nursing", "offtopic"), first_year=2006, issues_per_year=12,
            article_numbers=True, medline=True),
    # journals publishing in other languages
    Journal("ried", "RIED-REVISTA IBEROAMERICANA DE EDUCACION A DISTANCIA", "RIED-REV IBEROAM EDUC",
            "RIED-Rev. Iberoam. Educ. Distancia", "UNIV NAC EDUCACION DISTANCIA-UNED", _EDU, _EDU,
            _ESCI, ("higher_education", "teacher_education"), language="Spanish", first_year=1998,
            issues_per_year=2),
    Journal("pixelbit", "PIXEL-BIT- REVISTA DE MEDIOS Y EDUCACION", "PIXEL-BIT",
            "Pixel-Bit", "UNIV SEVILLA", _EDU, _EDU, _SSCI, ("higher_education",
            "teacher_education"),
            language="Spanish", first_year=1994, issues_per_year=3),
    Journal("rbenf", "REVISTA BRASILEIRA DE ENFERMAGEM", "REV BRAS ENFERM", "Rev. Bras. Enferm.",
            "ASSOC BRASILEIRA ENFERMAGEM", "Nursing", "Nursing", _SCIE, ("nursing",),
            language="Portuguese", first_year=1955, article_numbers=True, medline=True),
    Journal("zfe", "ZEITSCHRIFT FUR ERZIEHUNGSWISSENSCHAFT", "Z ERZIEHWISS", "Z. Erzieh.wiss.",
            "SPRINGER FACHMEDIEN WIESBADEN GMBH", _EDU, _EDU, _SSCI,
            ("higher_education", "teacher_education"), language="German", first_year=1998),
    Journal("gmsjme", "GMS JOURNAL FOR MEDICAL EDUCATION", "GMS J MED EDUC", "GMS J. Med. Educ.",
            "GERMAN MEDICAL SCIENCE-GMS", "Education, Scientific Disciplines",
            "Education & Educational Research", _ESCI, ("medicine",), language="German",
            first_year=1984, issues_per_year=5, article_numbers=True, medline=True),
    Journal("egitim", "EGITIM VE BILIM-EDUCATION AND SCIENCE", "EGIT BILIM", "Egit. Bilim",
            "TURK EGITIM DERNEGI", _EDU, _EDU, _SSCI, ("teacher_education", "higher_education"),
            language="Turkish", first_year=1976),
    Journal("hacettepe", "HACETTEPE UNIVERSITESI EGITIM FAKULTESI DERGISI-HACETTEPE UNIVERSITY "
            "JOURNAL OF EDUCATION", "HACET U EGIT FAK DER", "Hacet. Univ. Egit. Fak. Derg.",
            "HACETTEPE UNIV", _EDU, _EDU, _SSCI, ("teacher_education", "higher_education"),
            language="Turkish", first_year=1986, issues_per_year=4),
    Journal("voprosy", "VOPROSY OBRAZOVANIYA-EDUCATIONAL STUDIES MOSCOW", "VOPR OBRAZ",
            "Vopr. Obraz.", "NATL RESEARCH UNIV HIGHER SCHOOL ECONOMICS", _EDU, _EDU, _ESCI,
            ("higher_education", "teacher_education"), language="Russian", first_year=2004,
            issues_per_year=4),
    Journal("obrnauka", "OBRAZOVANIE I NAUKA-EDUCATION AND SCIENCE", "OBRAZ NAUKA",
            "Obraz. Nauka", "RUSSIAN STATE VOCATIONAL PEDAGOGICAL UNIV", _EDU, _EDU, _ESCI,
            ("higher_education", "teacher_education"), language="Russian", first_year=1999,
            issues_per_year=10),
)
# fmt: on

JOURNALS_BY_KEY: dict[str, Journal] = {j.key: j for j in JOURNALS}


@dataclass(frozen=True)
class Conference:
    """A proceedings source: series (SE), conference title (CT), place (CL), publisher."""

    key: str
    name: str  # SO pattern; {year} and {n} are filled in
    series: str
    title: str  # CT pattern
    location: str  # CL
    month: str  # CY month(s)
    publisher: str
    categories: str
    research_areas: str
    first_year: int
    isbn_stem: str  # BN: 978-<stem>-<n>
    issn: str = ""


# fmt: off
CONFERENCES: tuple[Conference, ...] = (
    Conference("fie", "{year} IEEE FRONTIERS IN EDUCATION CONFERENCE (FIE)",
               "Frontiers in Education Conference", "IEEE Frontiers in Education Conference (FIE)",
               "Uppsala, SWEDEN", "OCT", "IEEE", f"Computer Science, Interdisciplinary "
               f"Applications; {_EDU}; Engineering, Multidisciplinary",
               f"Computer Science; {_EDU}; Engineering", 1971, "1-6654"),
    Conference("edulearn", "EDULEARN{yy}: {n}TH INTERNATIONAL CONFERENCE ON EDUCATION AND NEW "
               "LEARNING TECHNOLOGIES", "EDULEARN Proceedings",
               "{n}th International Conference on Education and New Learning Technologies "
               "(EDULEARN)", "Palma, SPAIN", "JUL", "IATED-INT ASSOC TECHNOLOGY EDUCATION & "
               "DEVELOPMENT", f"{_EDU}; Education, Scientific Disciplines", _EDU, 2008, "84-09",
               issn="2340-1117"),
    Conference("inted", "INTED{year} PROCEEDINGS", "INTED Proceedings",
               "{n}th International Technology, Education and Development Conference (INTED)",
               "Valencia, SPAIN", "MAR", "IATED-INT ASSOC TECHNOLOGY EDUCATION & DEVELOPMENT",
               _EDU, _EDU, 2006, "84-09", issn="2340-1079"),
    Conference("ecel", "PROCEEDINGS OF THE {n}TH EUROPEAN CONFERENCE ON E-LEARNING",
               "Proceedings of the European Conference on e-Learning",
               "{n}th European Conference on e-Learning (ECEL)", "Lisbon, PORTUGAL", "OCT",
               "ACAD CONFERENCES LTD", f"{_EDU}; Education, Scientific Disciplines", _EDU, 2001,
               "1-914587", issn="2048-8637"),
    Conference("lncs", "HCI INTERNATIONAL {year} - LATE BREAKING PAPERS",
               "Lecture Notes in Computer Science",
               "{n}th International Conference on Human-Computer Interaction (HCII)",
               "Copenhagen, DENMARK", "JUL", "SPRINGER INTERNATIONAL PUBLISHING AG",
               "Computer Science, Information Systems; Computer Science, Theory & Methods",
               "Computer Science", 1984, "3-031", issn="0302-9743"),
    Conference("procedia", "{n}TH WORLD CONFERENCE ON EDUCATIONAL SCIENCES (WCES-{year})",
               "Procedia Social and Behavioral Sciences",
               "{n}th World Conference on Educational Sciences (WCES)", "Nicosia, CYPRUS", "FEB",
               "ELSEVIER SCIENCE BV", _EDU, _EDU, 2009, "", issn="1877-0428"),
)
# fmt: on

CONFERENCE_INDEX = "Conference Proceedings Citation Index - Social Science & Humanities (CPCI-SSH)"
"""WE of proceedings papers."""


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Institution:
    """An institution as WOS writes it in C1 (abbreviated) and C3 (organisation-enhanced)."""

    abbreviation: str  # "Univ Toronto"
    place: str  # the end of the address before the country: "Toronto, ON M5S 1A1"
    country: str  # as WOS writes it: "USA", "England", "Peoples R China", "Turkiye"
    enhanced: str  # C3
    medical: bool = False  # has a medical school / hospital (for medicine and nursing authors)


# fmt: off
INSTITUTIONS: tuple[Institution, ...] = (
    Institution("Univ Michigan", "Ann Arbor, MI 48109", "USA",
                "University of Michigan System; University of Michigan", True),
    Institution("Univ Washington", "Seattle, WA 98195", "USA",
                "University of Washington; University of Washington Seattle", True),
    Institution("Penn State Univ", "University Pk, PA 16802", "USA",
                "Pennsylvania Commonwealth System of Higher Education (PCSHE); Pennsylvania State "
                "University"),
    Institution("Univ Texas Austin", "Austin, TX 78712", "USA",
                "University of Texas System; University of Texas Austin"),
    Institution("Johns Hopkins Univ", "Baltimore, MD 21205", "USA", "Johns Hopkins University",
                True),
    Institution("Arizona State Univ", "Tempe, AZ 85287", "USA",
                "Arizona State University; Arizona State University-Tempe"),
    Institution("Univ N Carolina", "Chapel Hill, NC 27599", "USA",
                "University of North Carolina; University of North Carolina Chapel Hill", True),
    Institution("Ohio State Univ", "Columbus, OH 43210", "USA", "Ohio State University", True),
    Institution("Univ Calif San Francisco", "San Francisco, CA 94143", "USA",
                "University of California System; University of California San Francisco", True),
    Institution("Purdue Univ", "W Lafayette, IN 47907", "USA",
                "Purdue University System; Purdue University"),
    Institution("Univ Toronto", "Toronto, ON M5S 1A1", "Canada", "University of Toronto", True),
    Institution("McGill Univ", "Montreal, PQ H3A 0G4", "Canada", "McGill University", True),
    Institution("Univ British Columbia", "Vancouver, BC V6T 1Z4", "Canada",
                "University of British Columbia", True),
    Institution("Athabasca Univ", "Athabasca, AB T9S 3A3", "Canada", "Athabasca University"),
    Institution("Open Univ", "Milton Keynes MK7 6AA, Bucks", "England", "Open University - UK"),
    Institution("Univ Leeds", "Leeds LS2 9JT, W Yorkshire", "England", "University of Leeds", True),
    Institution("UCL", "London WC1E 6BT", "England", "University of London; University College "
                "London", True),
    Institution("Univ Manchester", "Manchester M13 9PL, Lancs", "England",
                "University of Manchester", True),
    Institution("Univ Edinburgh", "Edinburgh EH8 9YL, Midlothian", "Scotland",
                "University of Edinburgh", True),
    Institution("Univ Coll Dublin", "Dublin 4", "Ireland", "University College Dublin", True),
    Institution("Monash Univ", "Clayton, Vic 3800", "Australia", "Monash University", True),
    Institution("Univ Sydney", "Sydney, NSW 2006", "Australia", "University of Sydney", True),
    Institution("Univ Queensland", "Brisbane, Qld 4072", "Australia", "University of Queensland",
                True),
    Institution("Univ Auckland", "Auckland 1010", "New Zealand", "University of Auckland", True),
    Institution("Univ Salamanca", "Salamanca 37008", "Spain", "University of Salamanca"),
    Institution("Univ Granada", "Granada 18071", "Spain", "University of Granada", True),
    Institution("Univ Barcelona", "Barcelona 08007", "Spain", "University of Barcelona", True),
    Institution("Univ Lisbon", "P-1649004 Lisbon", "Portugal", "Universidade de Lisboa", True),
    Institution("Univ Porto", "P-4200319 Porto", "Portugal", "Universidade do Porto", True),
    Institution("Univ Sao Paulo", "Sao Paulo, SP", "Brazil", "Universidade de Sao Paulo", True),
    Institution("Univ Fed Rio Grande do Sul", "Porto Alegre, RS", "Brazil",
                "Universidade Federal do Rio Grande do Sul", True),
    Institution("Tecnol Monterrey", "Monterrey 64849, Nuevo Leon", "Mexico",
                "Tecnologico de Monterrey"),
    Institution("Ludwig Maximilians Univ Munchen", "D-80539 Munich", "Germany",
                "University of Munich", True),
    Institution("Univ Hamburg", "D-20146 Hamburg", "Germany", "University of Hamburg", True),
    Institution("Heidelberg Univ", "D-69117 Heidelberg", "Germany",
                "Ruprecht Karls University Heidelberg", True),
    Institution("Univ Utrecht", "NL-3508 TC Utrecht", "Netherlands", "Utrecht University", True),
    Institution("Open Univ Netherlands", "NL-6419 AT Heerlen", "Netherlands",
                "Open University Netherlands"),
    Institution("Karolinska Inst", "SE-17177 Stockholm", "Sweden", "Karolinska Institutet", True),
    Institution("Univ Helsinki", "FI-00014 Helsinki", "Finland", "University of Helsinki", True),
    Institution("Univ Oslo", "N-0316 Oslo", "Norway", "University of Oslo", True),
    Institution("Hacettepe Univ", "TR-06800 Ankara", "Turkiye", "Hacettepe University", True),
    Institution("Anadolu Univ", "TR-26470 Eskisehir", "Turkiye", "Anadolu University"),
    Institution("Middle East Tech Univ", "TR-06800 Ankara", "Turkiye",
                "Middle East Technical University"),
    Institution("Kazan Fed Univ", "Kazan 420008", "Russia", "Kazan Federal University"),
    Institution("HSE Univ", "Moscow 101000", "Russia", "HSE University (National Research "
                "University Higher School of Economics)"),
    Institution("Univ Tehran", "Tehran", "Iran", "University of Tehran"),
    Institution("Shiraz Univ Med Sci", "Shiraz", "Iran", "Shiraz University of Medical Science",
                True),
    Institution("Beijing Normal Univ", "Beijing 100875", "Peoples R China",
                "Beijing Normal University"),
    Institution("Univ Hong Kong", "Hong Kong", "Peoples R China", "University of Hong Kong", True),
    Institution("Seoul Natl Univ", "Seoul 08826", "South Korea", "Seoul National University (SNU)",
                True),
    Institution("Univ Tokyo", "Tokyo 1130033", "Japan", "University of Tokyo", True),
    Institution("Univ Malaya", "Kuala Lumpur 50603", "Malaysia", "Universiti Malaya", True),
    Institution("Univ Cape Town", "ZA-7700 Cape Town", "South Africa", "University of Cape Town",
                True),
    Institution("Univ Pretoria", "ZA-0002 Pretoria", "South Africa", "University of Pretoria",
                True),
    Institution("Univ Ibadan", "Ibadan", "Nigeria", "University of Ibadan", True),
    Institution("King Saud Univ", "Riyadh 11451", "Saudi Arabia", "King Saud University", True),
    Institution("Tel Aviv Univ", "IL-69978 Tel Aviv", "Israel", "Tel Aviv University", True),
    Institution("All India Inst Med Sci", "New Delhi 110029", "India",
                "All India Institute of Medical Sciences (AIIMS) New Delhi", True),
    Institution("Natl Univ Singapore", "Singapore 119077", "Singapore",
                "National University of Singapore", True),
)
# fmt: on

# Institutions by the language of the journals their authors publish in, for non-English papers.
LANGUAGE_COUNTRIES: dict[str, tuple[str, ...]] = {
    "English": (),
    "Spanish": ("Spain", "Mexico"),
    "Portuguese": ("Brazil", "Portugal"),
    "German": ("Germany",),
    "Turkish": ("Turkiye",),
    "Russian": ("Russia",),
}

# fmt: off
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "higher_education": ("Sch Educ", "Fac Educ", "Ctr Teaching & Learning", "Dept Educ Technol",
                         "Dept Psychol", "Coll Engn", "Grad Sch"),
    "medicine": ("Sch Med", "Dept Med", "Dept Surg", "Fac Med", "Dept Family Med",
                 "Dept Pediat", "Off Fac Dev"),
    "nursing": ("Sch Nursing", "Fac Nursing", "Dept Nursing Sci", "Coll Nursing",
                "Fac Hlth Sci"),
    "teacher_education": ("Sch Educ", "Fac Educ", "Dept Curriculum & Instruct",
                          "Dept Teacher Educ", "Inst Educ"),
    "business": ("Business Sch", "Dept Management", "Dept Org Behav", "Sch Management",
                 "Dept Human Resource Dev"),
    "youth": ("Sch Social Work", "Dept Psychol", "Dept Human Dev & Family Studies",
              "Sch Educ", "Ctr Youth Dev"),
    "offtopic": ("Dept Biomed Informat", "Dept Comp Sci", "Sch Med", "Dept Informat Syst",
                 "Dept Hlth Informat"),
}
# fmt: on


# --------------------------------------------------------------------------- people

# (given names, surnames) per naming tradition; accents are kept as the authors write them.
# fmt: off
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "english": (
        ("James", "Sarah", "Emily", "Michael", "Jennifer", "David", "Rebecca", "Thomas", "Laura",
         "Andrew", "Karen", "Daniel", "Rachel", "Matthew", "Hannah", "Christopher", "Megan",
         "Jonathan", "Alison", "Patrick", "Siobhan", "Grace", "Owen", "Claire"),
        ("Thompson", "Whitfield", "Harrington", "Caldwell", "Pemberton", "Ashworth", "Kingsley",
         "Langford", "Mercer", "Holloway", "Fairbanks", "O'Connell", "O'Sullivan", "McAllister",
         "Blackwood", "Rutherford", "Easton", "Gallagher", "Prescott", "Winslow", "Hargreaves",
         "Dunmore", "Sinclair", "Bramwell"),
    ),
    "spanish": (
        ("María José", "José Luis", "Lucía", "Alejandro", "Carmen", "Javier", "Nuria",
         "Raúl", "Inés", "Sofía", "Andrés", "Begoña"),
        ("García-Peñalba", "Núñez", "Muñoz", "Pérez-Sánchez", "Ibáñez", "Castaño", "Ordóñez",
         "Martínez", "Rodríguez-Ruiz", "Gómez", "Fernández", "Zúñiga"),
    ),
    "portuguese": (
        ("João", "Conceição", "Luís", "Ana Cláudia", "Thiago", "Fabíola", "Sebastião", "Mariana"),
        ("Gonçalves", "Magalhães", "Simões", "Araújo", "Assunção", "Brandão", "Falcão", "Leitão"),
    ),
    "german": (
        ("Jürgen", "Katrin", "Matthias", "Anja", "Sören", "Bärbel", "Lukas", "Franziska"),
        ("Müller", "Schäfer", "Weißmann", "Köhler", "Brückner", "Hoffmann", "Jäger", "Krämer"),
    ),
    "nordic": (
        ("Søren", "Åsa", "Ingrid", "Bjørn", "Linnéa", "Mikael", "Sanna", "Øyvind"),
        ("Ødegård", "Löfgren", "Bjørklund", "Åkesson", "Virtanen", "Mäkinen", "Lindqvist",
         "Sørensen"),
    ),
    "central_european": (
        ("Łukasz", "Agnieszka", "Tomáš", "Zuzana", "Piotr", "Kateřina"),
        ("Wójcik", "Dvořák", "Kowalczyk", "Nováková", "Szczepański", "Horváth"),
    ),
    "dutch_french": (
        ("Sanne", "Pieter", "Hélène", "Benoît", "Maaike", "Céline"),
        ("van der Berg", "de Vries", "Lefèvre", "Dubois", "van Dijk", "Girard"),
    ),
    "turkish": (
        ("Ayşe", "Mehmet", "Gülşen", "Emre", "Şule", "Oğuz", "Zeynep", "Çağrı", "İbrahim",
         "Büşra"),
        ("Yılmaz", "Çelik", "Öztürk", "Şahin", "Aydın", "Koç", "Güneş", "Erdoğdu", "Kılıç",
         "Doğan"),
    ),
    "russian": (
        ("Olga", "Dmitry", "Elena", "Sergey", "Natalia", "Alexei", "Irina", "Pavel"),
        ("Ivanova", "Smirnov", "Kuznetsova", "Volkov", "Sokolova", "Morozov", "Lebedeva",
         "Novikov"),
    ),
    "persian_arabic": (
        ("Maryam", "Reza", "Fatemeh", "Ali", "Leila", "Hossein", "Noura", "Khalid", "Amal",
         "Yousef"),
        ("Hosseini", "Rahimi", "Moradi", "Jafari", "Al-Harbi", "Al-Qahtani", "Haddad",
         "Nasser", "Sadeghi", "Abbasi"),
    ),
    "east_asian": (
        ("Xiaoming", "Wei", "Jing", "Hui", "Min-jung", "Ji-hoon", "Yuki", "Haruto", "Mei",
         "Yan"),
        ("Wang", "Li", "Zhang", "Chen", "Liu", "Kim", "Park", "Tanaka", "Sato", "Huang"),
    ),
    "south_asian": (
        ("Priya", "Rahul", "Ananya", "Vikram", "Deepa", "Arjun"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Banerjee", "Nair"),
    ),
    "african": (
        ("Chinedu", "Ngozi", "Thabo", "Ayodele", "Lindiwe", "Kwame"),
        ("Okafor", "Adeyemi", "Nkosi", "Mensah", "Dlamini", "Okonkwo"),
    ),
}
# fmt: on

# fmt: off
COUNTRY_NAMING: dict[str, tuple[str, ...]] = {
    "USA": ("english", "english", "english", "east_asian", "south_asian", "spanish", "african"),
    "Canada": ("english", "english", "dutch_french", "east_asian", "south_asian"),
    "England": ("english", "english", "south_asian", "african"),
    "Scotland": ("english",),
    "Ireland": ("english",),
    "Australia": ("english", "english", "east_asian"),
    "New Zealand": ("english",),
    "Spain": ("spanish",),
    "Mexico": ("spanish",),
    "Portugal": ("portuguese",),
    "Brazil": ("portuguese",),
    "Germany": ("german",),
    "Netherlands": ("dutch_french",),
    "Sweden": ("nordic",),
    "Finland": ("nordic",),
    "Norway": ("nordic",),
    "Turkiye": ("turkish",),
    "Russia": ("russian",),
    "Iran": ("persian_arabic",),
    "Saudi Arabia": ("persian_arabic",),
    "Israel": ("english", "central_european"),
    "Peoples R China": ("east_asian",),
    "South Korea": ("east_asian",),
    "Japan": ("east_asian",),
    "Singapore": ("east_asian", "south_asian"),
    "Malaysia": ("east_asian", "south_asian"),
    "India": ("south_asian",),
    "South Africa": ("african", "english"),
    "Nigeria": ("african",),
}
# fmt: on


# --------------------------------------------------------------------------- keywords

# fmt: off
KEYWORDS_PLUS: dict[str, tuple[str, ...]] = {
    "core": ("MENTORING RELATIONSHIPS", "SUPPORT", "EXPERIENCES", "PROGRAM", "OUTCOMES",
             "COMMUNICATION", "STUDENTS", "PERCEPTIONS", "IMPACT", "MODEL", "FACULTY",
             "SOCIAL PRESENCE", "COMMUNITY", "TECHNOLOGY", "DESIGN", "SELF-EFFICACY"),
    "higher_education": ("UNDERGRADUATE STUDENTS", "RETENTION", "DOCTORAL STUDENTS",
                         "ONLINE LEARNING", "DISTANCE-EDUCATION", "PEER SUPPORT", "ENGAGEMENT"),
    "medicine": ("ACADEMIC MEDICINE", "CAREER DEVELOPMENT", "RESIDENTS", "PHYSICIANS", "WOMEN",
                 "BURNOUT", "MEDICAL-STUDENTS"),
    "nursing": ("NURSING-STUDENTS", "NEW GRADUATE NURSES", "TRANSITION", "PRECEPTORSHIP",
                "CLINICAL PLACEMENT", "RETENTION"),
    "teacher_education": ("BEGINNING TEACHERS", "INDUCTION", "PROFESSIONAL-DEVELOPMENT",
                          "PRESERVICE TEACHERS", "COMMUNITIES", "REFLECTION"),
    "business": ("CAREER", "ORGANIZATIONS", "LEADERSHIP", "ENTREPRENEURS", "KNOWLEDGE",
                 "PSYCHOSOCIAL SUPPORT", "PERFORMANCE"),
    "youth": ("ADOLESCENTS", "YOUTH", "AT-RISK YOUTH", "BIG-BROTHERS", "DISABILITIES",
              "TRANSITION", "PROGRAMS"),
    "offtopic": ("QUALITY", "CARE", "SYSTEMS", "HEALTH", "IMPLEMENTATION", "ADOPTION",
                 "USABILITY", "DOCUMENTATION"),
}
# fmt: on


# --------------------------------------------------------------------------- cited references

# Real, well-known works on (e-)mentoring, cited as WOS writes them (no DOI: books and reports).
CLASSIC_REFERENCES: tuple[str, ...] = (
    "Kram K. E., 1985, MENTORING WORK DEV RE",
    "Kram KE, 1983, ACAD MANAGE J, V26, P608",
    "Ensher E. A., 2007, POWER MENTORING SUCC",
    "Ensher EA, 2003, J VOCAT BEHAV, V63, P264",
    "Bierema LL, 2002, INNOV HIGH EDUC, V26, P211",
    "Single PB, 2004, HDB MENTORING WORK, P136",
    "Single PB, 2001, MENTOR TUTOR, V9, P203",
    "Headlam-Wells J, 2005, EDUC TRAIN, V47, P444",
    "Hamilton BA, 2003, HUM RESOUR DEV Q, V14, P393",
    "Rhodes J. E., 2002, STAND ME CHALLENGES",
    "Eby LT, 2008, J VOCAT BEHAV, V72, P254",
    "Allen TD, 2004, J APPL PSYCHOL, V89, P127",
    "Ragins B. R., 2007, HDB MENTORING WORK T",
    "Braun V, 2006, QUAL RES PSYCHOL, V3, P77",
    "Noblit G. W., 1988, META ETHNOGRAPHY SYN",
    "Sandelowski M., 2007, HDB SYNTHESIZING QUA",
    "Thomas J, 2008, BMC MED RES METHODOL, V8, P45",
    "Lincoln Y. S., 1985, NATURALISTIC INQUIRY",
    "Creswell J. W., 2018, QUALITATIVE INQUIRY",
    "Wenger E., 1998, COMMUNITIES PRACTICE",
    "Garrison DR, 2000, INTERNET HIGH EDUC, V2, P87",
    "Lave J., 1991, SITUATED LEARNING LEG",
    "Tong A, 2007, INT J QUAL HEALTH C, V19, P349",
    "Sambunjak D, 2006, JAMA-J AM MED ASSOC, V296, P1103",
    "Jacobi M, 1991, REV EDUC RES, V61, P505",
    "Crisp G, 2009, RES HIGH EDUC, V50, P525",
    "Hudson P, 2013, PROF DEV EDUC, V39, P771",
    "DuBois DL, 2011, PSYCHOL SCI PUBL INT, V12, P57",
    "Page MJ, 2021, BMJ-BRIT MED J, V372, pn71",
    "Critical Appraisal Skills Programme, 2018, CASP QUAL CHECKL",
)

# Abbreviated sources for generated cited references (J9-style, as in real CR fields).
# fmt: off
CITED_SOURCES: tuple[str, ...] = (
    "COMPUT EDUC", "MENTOR TUTOR", "MED EDUC", "ACAD MED", "NURS EDUC TODAY", "J VOCAT BEHAV",
    "HUM RESOUR DEV Q", "INTERNET HIGH EDUC", "BRIT J EDUC TECHNOL", "TEACH TEACH EDUC",
    "J TEACH EDUC", "MED TEACH", "BMC MED EDUC", "J ADV NURS", "CHILD YOUTH SERV REV",
    "AM J COMMUN PSYCHOL", "DISTANCE EDUC", "STUD HIGH EDUC", "HIGH EDUC RES DEV", "CAREER DEV INT",
    "J GEN INTERN MED", "EDUC INF TECHNOL", "INTERACT LEARN ENVIR", "ONLINE LEARN",
    "INT REV RES OPEN DIS", "J COMPUT ASSIST LEAR", "EDUC TECHNOL SOC", "REV EDUC RES",
    "J APPL PSYCHOL", "ACAD MANAGE J", "QUAL HEALTH RES", "NURS OUTLOOK", "J PROF NURS",
    "INT J MENTOR COACH E", "EUR J TEACH EDUC", "J YOUTH ADOLESCENCE", "PROF DEV EDUC",
    "ADV HEALTH SCI EDUC", "PERSPECT MED EDUC", "J CONTIN EDUC HEALTH",
)
# fmt: on

SURNAMES_FOR_REFERENCES: tuple[str, ...] = tuple(
    sorted({s for _, surnames in NAMES.values() for s in surnames})
)

# fmt: off
MONTHS: tuple[str, ...] = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                           "NOV", "DEC")

FUNDERS: tuple[tuple[str, str], ...] = (
    ("National Science Foundation", "NSF"),
    ("National Institutes of Health", "NIH"),
    ("Economic and Social Research Council", "ESRC"),
    ("Social Sciences and Humanities Research Council of Canada", "SSHRC"),
    ("Australian Research Council", "ARC"),
    ("European Commission Erasmus+ Programme", "Erasmus+"),
    ("Spanish Ministry of Science and Innovation", "MICINN"),
    ("Sao Paulo Research Foundation (FAPESP)", "FAPESP"),
    ("German Research Foundation (DFG)", "DFG"),
    ("Scientific and Technological Research Council of Turkiye (TUBITAK)", "TUBITAK"),
    ("Russian Science Foundation", "RSF"),
    ("National Natural Science Foundation of China", "NSFC"),
    ("Health Resources and Services Administration", "HRSA"),
    ("Robert Wood Johnson Foundation", "RWJF"),
)
# fmt: on

# fmt: off
OPEN_ACCESS: tuple[str, ...] = (
    "gold", "Green Published", "hybrid", "Green Submitted", "Bronze", "gold, Green Published",
    "Green Accepted", "hybrid, Green Published",
)
# fmt: on
