"""Titles, abstracts and keywords of the synthetic corpus, written so a screener can judge them.

Each kind of publication has its own writer:
- e-mentoring studies (`study`): qualitative, mixed-methods and quantitative studies of online
  mentoring programmes in six contexts; the abstracts of qualitative studies report findings in
  the words of the framework's concepts (`themes.py`) they support;
- off-topic records an electronic-mentoring search also returns: face-to-face mentoring
  (`face_to_face`), "mentor" in other senses — electronic health records, e-learning without
  mentoring, Mentor Graphics tools, surgical telementoring, virtual tutoring agents
  (`not_mentoring`), commentaries and tips (`not_empirical`), and e-mentoring of patients and
  carers (`wrong_population`);
- non-research items (`editorial`, `book_review`, `letter`, `news`) and foreign-language
  articles (`foreign`).

All choices come from the `random.Random` passed in. Inputs: a context, design, year, concept
ids; outputs: plain strings (title, abstract) and keyword lists.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from synthetic.records import pick
from synthetic.themes import CONCEPTS, concept_path

CONTEXTS: tuple[str, ...] = (
    "higher_education",
    "medicine",
    "nursing",
    "teacher_education",
    "business",
    "youth",
)


@dataclass(frozen=True)
class ContextWords:
    """How studies in one context name their people, places and programmes."""

    mentees: tuple[str, ...]
    mentors: tuple[str, ...]
    settings: tuple[str, ...]
    field: str
    outcomes: tuple[str, ...]
    keywords: tuple[str, ...]


# fmt: off
CONTEXT_WORDS: dict[str, ContextWords] = {
    "higher_education": ContextWords(
        ("first-year undergraduates", "doctoral students", "online graduate students",
         "first-generation students", "international students", "women in STEM majors",
         "distance-learning students", "engineering undergraduates", "master's students",
         "students with disabilities"),
        ("faculty mentors", "alumni mentors", "senior students", "peer mentors",
         "industry professionals"),
        ("a large public university", "a distance-learning university", "an online university",
         "a research-intensive university", "two regional universities", "a community college",
         "a multi-campus university"),
        "higher education",
        ("retention", "academic integration", "sense of belonging", "persistence",
         "career readiness", "academic self-efficacy"),
        ("higher education", "undergraduate students", "student retention", "peer mentoring",
         "distance education", "online learning", "doctoral education", "STEM"),
    ),
    "medicine": ContextWords(
        ("medical students", "internal medicine residents", "junior faculty in academic "
         "medicine", "women physicians", "surgical residents", "early-career clinician "
         "scientists", "family medicine trainees", "international medical graduates"),
        ("senior physicians", "faculty mentors", "clinician scientists", "near-peer mentors",
         "attending physicians"),
        ("an academic medical centre", "a medical school", "a national residency network",
         "three teaching hospitals", "a rural training programme", "a multi-institutional "
         "consortium"),
        "academic medicine",
        ("career development", "research productivity", "burnout", "professional identity",
         "retention in academic medicine", "well-being"),
        ("medical education", "academic medicine", "career development", "residents",
         "faculty development", "professional identity", "women in medicine"),
    ),
    "nursing": ContextWords(
        ("nursing students", "newly graduated nurses", "nurse educators", "rural nurses",
         "novice nurse practitioners", "midwifery students", "nurse leaders"),
        ("experienced nurses", "nurse preceptors", "nurse academics", "clinical mentors",
         "senior nurses"),
        ("a school of nursing", "a regional health service", "rural hospitals",
         "a university nursing programme", "a national nursing association",
         "community health settings"),
        "nursing",
        ("transition to practice", "retention", "clinical confidence", "professional "
         "socialisation", "job satisfaction", "resilience"),
        ("nursing education", "nursing students", "new graduate nurses", "transition to "
         "practice", "preceptorship", "rural nursing", "retention"),
    ),
    "teacher_education": ContextWords(
        ("pre-service teachers", "beginning teachers", "student teachers", "early-career "
         "teachers", "rural teachers", "science teachers", "teachers in remote schools"),
        ("experienced teachers", "teacher educators", "school-based mentors",
         "university supervisors", "expert teachers"),
        ("a teacher education programme", "an induction programme", "rural school districts",
         "a state-wide induction scheme", "partner schools", "a university-school partnership"),
        "teacher education",
        ("teacher retention", "teaching self-efficacy", "professional learning",
         "classroom practice", "professional identity", "reflective practice"),
        ("teacher education", "beginning teachers", "induction", "pre-service teachers",
         "professional development", "teacher retention", "practicum"),
    ),
    "business": ContextWords(
        ("women entrepreneurs", "new employees", "small business owners", "young managers",
         "start-up founders", "remote workers", "high-potential employees",
         "social entrepreneurs"),
        ("experienced entrepreneurs", "senior managers", "business mentors", "executives",
         "volunteer mentors"),
        ("a multinational company", "a regional enterprise agency", "a business incubator",
         "a professional association", "a public-sector organisation",
         "a global consulting firm"),
        "organisations",
        ("career advancement", "business growth", "knowledge transfer", "organisational "
         "socialisation", "leadership development", "entrepreneurial self-efficacy"),
        ("entrepreneurship", "human resource development", "career development",
         "knowledge transfer", "organisations", "leadership development", "small business"),
    ),
    "youth": ContextWords(
        ("at-risk youth", "secondary school students", "youth with disabilities",
         "young people in foster care", "girls interested in science", "rural adolescents",
         "young people leaving care", "immigrant youth"),
        ("adult volunteers", "university students", "professional volunteers",
         "corporate volunteers", "near-peer mentors"),
        ("a national youth mentoring organisation", "secondary schools", "a community "
         "programme", "after-school programmes", "a school-based programme",
         "a youth charity"),
        "youth mentoring",
        ("educational aspirations", "social-emotional skills", "school engagement",
         "career aspirations", "self-determination", "transition to adulthood"),
        ("youth mentoring", "adolescents", "at-risk youth", "school engagement",
         "youth development", "transition", "disabilities"),
    ),
}

E_TERMS: dict[str, tuple[str, ...]] = {
    "early": ("e-mentoring", "electronic mentoring", "telementoring", "email mentoring",
              "computer-mediated mentoring"),
    "middle": ("e-mentoring", "online mentoring", "virtual mentoring", "electronic mentoring",
               "web-based mentoring", "telementoring"),
    "recent": ("virtual mentoring", "online mentoring", "e-mentoring", "remote mentoring",
               "digital mentoring", "video-based mentoring"),
}

PROGRAMME_NOUNS: tuple[str, ...] = (
    "programme", "scheme", "initiative", "project", "pilot programme", "network",
)

QUOTE_TITLES: tuple[str, ...] = (
    "It felt like someone was there", "I was never alone", "More than a pen pal",
    "We never met, but I trust her", "Someone who has been there", "A lifeline at a distance",
    "Logging on to learn", "Just an email away", "The screen was not a barrier",
    "Keeping the conversation going", "Learning to mentor online", "Finding my feet",
    "It made me feel seen", "Mentoring without walls", "Close at a distance",
    "Nobody told me how to be a mentor online", "A safe space to ask",
    "Connection before content", "Showing up on screen", "The quiet power of messages",
)

DESIGN_PHRASES: dict[str, tuple[str, ...]] = {
    "interviews": ("a qualitative study", "a qualitative interview study",
                   "a qualitative descriptive study", "an interpretative phenomenological "
                   "analysis"),
    "focus_groups": ("a focus group study", "a qualitative study", "a qualitative exploration"),
    "mixed_methods": ("a mixed-methods study", "a mixed-methods evaluation",
                      "a convergent mixed-methods study"),
    "case_study": ("a case study", "a qualitative case study", "an exploratory case study"),
    "qualitative_survey": ("a qualitative survey", "an open-ended survey study",
                           "a qualitative content analysis"),
    "ethnography": ("a netnography", "an online ethnography", "an ethnographic study"),
    "review": ("a systematic review", "a qualitative evidence synthesis", "a scoping review"),
    "survey": ("a cross-sectional survey", "a survey study", "a national survey"),
    "rct": ("a randomised controlled trial", "a pilot randomised trial"),
    "quasi_experimental": ("a quasi-experimental study", "a pre-post evaluation"),
    "programme_report": ("a programme report", "lessons learned", "an evaluation report"),
}

QUALITATIVE_DESIGNS: tuple[str, ...] = (
    "interviews", "focus_groups", "mixed_methods", "case_study", "qualitative_survey",
    "ethnography", "review",
)
QUANTITATIVE_DESIGNS: tuple[str, ...] = ("survey", "rct", "quasi_experimental")

# One sentence pattern per sub-category: how a study's findings voice concepts of that kind.
FINDING_SENTENCES: dict[str, tuple[str, ...]] = {
    "technical": (
        "Participants described {p} as decisive for whether they kept in contact.",
        "Problems with {p} interrupted several relationships, especially early on.",
        "{P} shaped how often and how openly pairs communicated.",
    ),
    "managerial": (
        "Coordinators identified {p} as conditions for the programme to continue.",
        "{P} were raised repeatedly by mentors who had to fit mentoring into busy schedules.",
        "Participants linked the success of the programme to {p}.",
    ),
    "communication": (
        "Mentees stressed {p}, which developed gradually through regular exchanges.",
        "{P} distinguished the relationships that flourished from those that faded.",
        "Both mentors and mentees reflected on {p} in the absence of face-to-face contact.",
    ),
    "main": (
        "{P} formed the core of the mentoring relationship for most pairs.",
        "Mentees valued {p}, which they rarely found elsewhere.",
        "The relationship centred on {p}.",
    ),
    "support": (
        "Both groups asked for {p} before the first online meeting.",
        "{P} helped participants understand what was expected of them.",
        "Participants who received {p} reported fewer difficulties.",
    ),
    "management": (
        "Coordinators relied on {p} to keep pairs active.",
        "{P} were described as essential but often neglected.",
        "Programme staff used {p} when relationships stalled.",
    ),
    "mentor": (
        "Mentees expected their mentors to bring {p}.",
        "Mentors themselves named {p} as prerequisites for mentoring online.",
        "{P} on the part of the mentor made the difference between a helpful and a "
        "disappointing relationship.",
    ),
    "platform": (
        "Participants wanted a platform offering {p}.",
        "The platform's {p} supported, or at times hindered, the relationship.",
        "Requests for {p} recurred across interviews.",
    ),
    "organisation": (
        "Mentors pointed to {p} as requirements for their continued participation.",
        "{P} from the organisation running the programme were seen as essential.",
        "Sustaining the programme depended on {p}.",
    ),
}
# fmt: on


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _a(phrase: str) -> str:
    """The phrase with its indefinite article ("an online ...", "a virtual ...")."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def era(year: int) -> str:
    """Which vocabulary of e-mentoring a paper of that year uses."""
    if year <= 2008:
        return "early"
    return "middle" if year <= 2019 else "recent"


def e_term(rng: random.Random, year: int) -> str:
    """A name for electronic mentoring as papers of that year would write it."""
    return pick(rng, E_TERMS[era(year)])


def concept_phrase(rng: random.Random, concept_id: str) -> str:
    """A wording of a concept as a study would write it (never a misspelling)."""
    return pick(rng, CONCEPTS[concept_id].phrases)


def finding_sentences(rng: random.Random, concept_ids: Sequence[str]) -> list[str]:
    """Sentences reporting the concepts, grouped by sub-category, in the given order."""
    groups: dict[str, list[str]] = {}
    for concept_id in concept_ids:
        groups.setdefault(concept_path(concept_id)[1], []).append(concept_phrase(rng, concept_id))
    sentences = []
    for subcategory, phrases in groups.items():
        joined = _join(phrases)
        template = pick(rng, FINDING_SENTENCES[subcategory])
        if len(phrases) == 1:
            # Sentences written for a list read "were"; one phrase reads "was".
            template = template.replace(" were ", " was ")
        sentences.append(template.format(p=joined, P=_cap(joined)))
    return sentences


@dataclass
class StudyText:
    title: str
    abstract: str
    keywords: list[str]


def _sample_size(rng: random.Random, design: str) -> dict[str, int]:
    return {
        "n_mentees": rng.randint(8, 28),
        "n_mentors": rng.randint(4, 16),
        "n_groups": rng.randint(3, 8),
        "n_participants": rng.randint(14, 64),
        "n_survey": rng.randint(60, 480),
        "n_dyads": rng.randint(4, 24),
        "n_months": pick(rng, (6, 8, 9, 12, 18)),
        "n_studies": rng.randint(9, 41),
        "n_databases": rng.randint(4, 9),
        "n_messages": rng.randint(300, 4200),
    }


def _method_sentence(rng: random.Random, design: str, context: str, weak: bool) -> str:
    n = _sample_size(rng, design)
    if weak:
        return pick(
            rng,
            (
                f"Feedback from {rng.randint(3, 9)} participants was collected at the end of "
                "the programme and is summarised here.",
                "This account draws on the authors' experience as programme coordinators and "
                "on informal conversations with participants.",
                f"End-of-programme evaluation forms from {rng.randint(5, 12)} participants "
                "were reviewed.",
            ),
        )
    sentences = {
        "interviews": f"Semi-structured interviews were conducted with {n['n_mentees']} "
        f"mentees and {n['n_mentors']} mentors, recorded, transcribed verbatim and analysed "
        "thematically.",
        "focus_groups": f"{n['n_groups']} focus groups with {n['n_participants']} "
        "participants were audio-recorded and analysed using inductive content analysis.",
        "mixed_methods": f"A convergent mixed-methods design combined a survey (n = "
        f"{n['n_survey']}) with follow-up interviews (n = {n['n_mentees']}); qualitative data "
        "were analysed thematically and integrated with the survey results.",
        "case_study": "A qualitative case study drew on interviews, programme documents and "
        f"{n['n_messages']} messages exchanged on the mentoring platform over "
        f"{n['n_months']} months.",
        "qualitative_survey": "An online questionnaire with open-ended questions was completed "
        f"by {n['n_participants']} participants; responses were analysed using qualitative "
        "content analysis.",
        "ethnography": f"We followed {n['n_dyads']} mentoring dyads for {n['n_months']} months, "
        f"analysing {n['n_messages']} online exchanges alongside field notes and interviews.",
        "review": f"We searched {n['n_databases']} databases and synthesised the findings of "
        f"{n['n_studies']} qualitative and mixed-methods studies using thematic synthesis.",
        "survey": f"A cross-sectional survey of {n['n_survey']} participants measured "
        "satisfaction, frequency of contact and perceived benefits with validated scales.",
        "rct": f"Participants (n = {n['n_survey']}) were randomised to the online programme or "
        "to usual support; outcomes were measured at baseline and after "
        f"{n['n_months']} months.",
        "quasi_experimental": f"Outcomes of {n['n_survey']} participants were compared with a "
        "matched comparison group before and after the programme.",
        "programme_report": "We describe the design, implementation and first cycle of the "
        "programme, with participation figures and participants' comments.",
    }
    return sentences[design]


def study_text(
    rng: random.Random,
    *,
    context: str,
    design: str,
    year: int,
    concepts: Sequence[str],
    weak: bool = False,
    blended: bool = False,
    brief: bool = False,
    mentees: str | None = None,
) -> StudyText:
    """Title, abstract and keywords of an e-mentoring study.

    `concepts` are the framework concepts its findings support (reported in the abstract);
    `weak` writes a thin, methodologically poor account (fails appraisal); `blended` a
    programme that is mostly face to face (excluded at full text); `brief` a short report;
    `mentees` fixes who the mentees are (else drawn from the context).
    """
    words = CONTEXT_WORDS[context]
    term = e_term(rng, year)
    mentees = mentees or pick(rng, words.mentees)
    mentors = pick(rng, words.mentors)
    setting = pick(rng, words.settings)
    outcome = pick(rng, words.outcomes)
    programme = f"{term} {pick(rng, PROGRAMME_NOUNS)}"
    if blended:
        programme = f"blended mentoring {pick(rng, PROGRAMME_NOUNS)}"
    design_phrase = pick(rng, DESIGN_PHRASES[design])
    labels = [CONCEPTS[c].label.lower() for c in concepts[:2]]
    if any(" and " in label for label in labels):
        labels = labels[:1]  # "X and Y and Z" reads badly in a title
    focus = _join(labels) if labels else outcome
    templates = [
        f"{_cap(term)} for {mentees}: {design_phrase}",
        f"Experiences of {mentees} and {mentors} in {_a(programme)}: {design_phrase}",
        f"'{pick(rng, QUOTE_TITLES)}': {mentees}' experiences of {term}",
        f"{_cap(focus)} in {term}: perspectives of mentors and mentees in {words.field}",
        f"What makes {term} work? {_cap(design_phrase)} of {mentees}",
        f"Mentoring at a distance: {focus} in {term} for {mentees}",
        f"{_cap(term)} and {outcome} of {mentees}: {design_phrase}",
        f"Lessons from {_a(programme)} for {mentees} in {setting}",
        f"Connecting {mentees} with {mentors} online: {design_phrase}",
        f"How {mentees} experience {term}: {focus}",
    ]
    if design in QUANTITATIVE_DESIGNS:
        templates = [
            f"Effects of {term} on {outcome} among {mentees}: {design_phrase}",
            f"{_cap(term)} and {outcome} in {mentees}: {design_phrase}",
            f"Does {term} improve {outcome}? {_cap(design_phrase)} of {mentees}",
            f"Outcomes of {_a(programme)} for {mentees}: {design_phrase}",
        ]
    elif design == "review":
        templates = [
            f"{_cap(term)} in {words.field}: {design_phrase}",
            f"{_cap(focus)} in {term} for {mentees}: {design_phrase}",
            f"What do we know about {term} for {mentees}? {_cap(design_phrase)}",
        ]
    elif brief or design == "programme_report":
        templates = [
            f"{_cap(_a(programme))} for {mentees}: {design_phrase}",
            f"Implementing {term} for {mentees} in {setting}",
            f"Brief report: {term} for {mentees}",
        ]
    title = pick(rng, templates)

    background = pick(
        rng,
        (
            f"{_cap(term)} has been promoted as a way to support {mentees}, but little is known "
            f"about how such relationships develop without regular face-to-face contact.",
            f"Access to mentoring is uneven for {mentees}, and {term} is increasingly used to "
            "widen it.",
            f"Although mentoring benefits {mentees}, distance, workload and scarce mentors limit "
            f"traditional programmes; {term} offers an alternative.",
            f"Research on {term} in {words.field} has focused on outcomes rather than on how "
            "programmes work.",
        ),
    )
    aim = pick(
        rng,
        (
            f"This study explored how {mentees} and {mentors} experienced {_a(programme)} in "
            f"{setting}.",
            f"We examined what made {_a(programme)} for {mentees} work, and for whom.",
            f"The aim was to understand the conditions under which {term} supports {mentees}.",
        ),
    )
    if design == "review":
        aim = f"This review synthesised qualitative evidence on {term} for {mentees}."
    if design in QUANTITATIVE_DESIGNS:
        aim = f"We evaluated the effect of {_a(programme)} on {outcome} among {mentees}."
    if blended:
        aim = (
            f"We evaluated a mentoring {pick(rng, PROGRAMME_NOUNS)} for {mentees} in {setting} "
            "that combined monthly face-to-face meetings with an online discussion forum."
        )
    sentences = [background, aim, _method_sentence(rng, design, context, weak)]
    if design in QUANTITATIVE_DESIGNS:
        effect = rng.randint(12, 48) / 100
        sentences.append(
            pick(
                rng,
                (
                    f"Participants in the programme reported higher {outcome} than comparison "
                    f"participants (standardised difference {effect:.2f}).",
                    f"Frequency of online contact was associated with {outcome} "
                    f"(r = {effect:.2f}, p < 0.05).",
                    f"{_cap(outcome)} improved modestly but significantly over the programme.",
                ),
            )
        )
        sentences.append(
            "Satisfaction with the programme was high, and most participants would recommend it."
        )
    elif weak or brief:
        sentences.append(
            f"Participants were generally positive about the {programme} and mentioned "
            f"{_join([concept_phrase(rng, c) for c in concepts[:2]]) or 'the flexibility'}."
        )
    else:
        findings = finding_sentences(rng, concepts)
        n_themes = max(2, min(5, len(findings)))
        sentences.append(
            pick(
                rng,
                (
                    f"Analysis generated {n_themes} themes.",
                    f"{n_themes} interrelated themes were identified.",
                    f"Findings are organised in {n_themes} themes.",
                ),
            )
        )
        sentences.extend(findings)
    if blended:
        sentences.append(
            "Most mentoring took place in person; the online forum was used by few participants."
        )
    if concepts and not (weak or brief) and design not in QUANTITATIVE_DESIGNS:
        ending = [concept_phrase(rng, c) for c in rng.sample(list(concepts), min(2, len(concepts)))]
        sentences.append(
            pick(
                rng,
                (
                    f"Programme designers should attend to {_join(ending)} when setting up "
                    f"{term} for {mentees}.",
                    f"The findings suggest that {term} succeeds when {_join(ending)} are "
                    "addressed from the start.",
                    f"{_cap(term)} can complement face-to-face mentoring of {mentees} if "
                    f"{_join(ending)} are in place.",
                ),
            )
        )
    else:
        sentences.append(
            pick(
                rng,
                (
                    f"{_cap(term)} appears feasible for {mentees}; further evaluation is needed.",
                    "Implications for programme design and future research are discussed.",
                ),
            )
        )
    keywords = [term, pick(rng, words.keywords), pick(rng, words.keywords)]
    if design in ("interviews", "focus_groups", "ethnography", "case_study"):
        keywords.append(pick(rng, ("qualitative research", "thematic analysis", "case study")))
    if design == "review":
        keywords.append("systematic review")
    keywords.extend(CONCEPTS[c].phrases[0] for c in concepts[:2])
    return StudyText(title, " ".join(sentences), list(dict.fromkeys(keywords)))


# --------------------------------------------------------------------------- off-topic records

# fmt: off
MENTORING_KINDS: tuple[str, ...] = (
    "formal mentoring", "peer mentoring", "group mentoring", "near-peer mentoring",
    "faculty mentoring", "mentoring circles", "reverse mentoring", "sponsorship",
    "developmental networks", "structured mentoring", "research mentoring", "clinical mentoring",
    "cross-cultural mentoring", "team mentoring", "career mentoring", "informal mentoring",
    "mentoring and coaching", "dyadic mentoring", "intergenerational mentoring",
    "mentor support", "speed mentoring", "mentoring relationships",
)
GENERIC_OUTCOMES: tuple[str, ...] = (
    "job satisfaction", "burnout", "self-efficacy", "retention", "promotion", "well-being",
    "academic performance", "career success", "leadership skills", "research output",
    "professional identity", "belonging", "motivation", "work engagement", "resilience",
    "networking behaviour", "intention to stay", "stress",
)
STUDY_DESIGNS: tuple[str, ...] = (
    "a qualitative study", "a cohort study", "a cross-sectional study", "a mixed-methods study",
    "a longitudinal study", "a multi-site survey", "a pilot evaluation", "a grounded theory study",
    "a randomised trial", "a case study", "a phenomenological study", "a national survey",
)
FACE_TO_FACE_TITLES: tuple[str, ...] = (
    "{Kind} and {outcome} among {mentees}: {design}",
    "{Kind} for {mentees} in {setting}: effects on {outcome}",
    "The role of {kind} in the {outcome} of {mentees}",
    "{Kind}, {outcome} and {outcome2} in {mentees}",
    "Does {kind} improve {outcome} among {mentees}? {Design}",
    "Mentor characteristics and {outcome}: an online survey of {mentees}",
    "{Kind} of {mentees} in {setting}: {design}",
    "Experiences of {kind} among {mentees}: {design}",
    "{Kind} and the {outcome} of {mentees} in {field}",
    "Who benefits from {kind}? {Outcome} of {mentees}",
    "Predictors of {outcome} in {kind} of {mentees}",
    "{Kind} as a strategy for {outcome} of {mentees}: {design}",
)
FACE_TO_FACE_ABSTRACTS: tuple[str, ...] = (
    "{Kind} is widely recommended for {mentees}, yet evidence on its contribution to {outcome} "
    "remains mixed. We studied a programme in {setting} in which {mentors} met their mentees in "
    "person every month. {method} Mentees reported that regular face-to-face meetings, role "
    "modelling and advice were the most valuable elements. Mentoring programmes should protect "
    "time for in-person meetings.",
    "This study examined the association between {kind} and {outcome} among {mentees}. {method} "
    "Having a mentor was associated with higher {outcome}; the association was stronger when the "
    "mentor worked in the same department and meetings were held face to face. We discuss "
    "implications for mentoring policies in {field}.",
    "Little is known about how {mentors} understand their role in {kind} with {mentees}. "
    "{method} Mentors described mentoring as a personal relationship built through shared work, "
    "informal conversations and meetings in person. Institutions should recognise this work.",
    "{Kind} has been linked to {outcome} and {outcome2}, but the mechanisms are unclear. "
    "{method} Trust developed through in-person contact, and mentees valued advice on "
    "{outcome2}. No electronic or online component was part of the programme.",
)
FACE_TO_FACE_METHODS: tuple[str, ...] = (
    "Data were collected through an online survey of {n} participants.",
    "We interviewed {m} mentors and {k} mentees in person.",
    "A questionnaire was administered to {n} participants at two time points.",
    "Focus groups were held with {k} participants at the end of the academic year.",
    "Administrative records of {n} participants were linked to an online questionnaire.",
)

# Subjects that share words with electronic mentoring without being mentoring programmes.
NOT_MENTORING_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("electronic health record inbox burden", "audit logs of inbox messages"),
    ("electronic health record documentation time", "EHR audit logs"),
    ("clinical decision support alerts", "alert override logs"),
    ("patient portal messaging", "portal message volumes"),
    ("telehealth adoption", "visit records"),
    ("e-prescribing errors", "prescription records"),
    ("e-learning modules", "pre- and post-test scores"),
    ("massive open online courses", "clickstream data"),
    ("virtual simulation", "performance scores"),
    ("serious games", "game logs and tests"),
    ("learning management systems", "system logs"),
    ("online formative assessment", "assessment records"),
    ("flipped classrooms", "course grades"),
    ("mobile learning apps", "app usage data"),
    ("video lectures", "viewing data"),
    ("online tutoring services", "tutoring records"),
    ("intelligent tutoring systems", "system logs and tests"),
    ("educational chatbots", "conversation logs"),
    ("learning analytics dashboards", "dashboard logs"),
    ("remote proctoring", "examination records"),
    ("virtual laboratories", "laboratory reports"),
    ("online peer assessment", "peer ratings"),
    ("electronic portfolios", "portfolio entries"),
    ("webinars", "attendance data"),
)
NOT_MENTORING_TITLES: tuple[str, ...] = (
    "{Subject} and {outcome} among {learners}: {design}",
    "Effects of {subject} on {outcome} of {learners}",
    "{Subject} in {topic} education for {learners}: {design}",
    "Predictors of {outcome} with {subject}: evidence from {learners}",
    "{Subject}: {outcome} and satisfaction of {learners} in {topic}",
    "Using {subject} to teach {topic} to {learners}: {design}",
    "Barriers to {subject} among {learners}: {design}",
    "{Subject} and {outcome2} in {topic}: {design}",
)
NOT_MENTORING_ABSTRACTS: tuple[str, ...] = (
    "Interest in {subject} is growing in {topic} education. We examined the association of "
    "{subject} with {outcome} among {n} {learners}, using {data}. Higher use was associated with "
    "{outcome}; participants suggested that peer mentoring might help, but no mentoring was "
    "studied.",
    "This {design_noun} evaluated {subject} for {learners} learning {topic}. {n} participants "
    "took part and {data} were analysed. Outcomes improved modestly. The electronic resources "
    "were self-directed, without tutor or mentor support.",
    "We describe the introduction of {subject} in {topic} and its effect on {outcome} of "
    "{learners}. Using {data} from {n} participants, we found small gains. Implications for "
    "electronic learning environments are discussed.",
)
NOT_MENTORING_SLOTS: dict[str, tuple[str, ...]] = {
    "learners": ("nursing students", "medical students", "undergraduates", "health workers",
                 "secondary school students", "engineering students", "pharmacy students",
                 "primary care physicians", "residents", "dental students", "teachers",
                 "adult learners"),
    "topic": ("pharmacology", "statistics", "infection control", "algebra", "programming",
              "patient safety", "academic writing", "wound care", "radiation protection",
              "anatomy", "chemistry", "physiotherapy", "accounting", "geography", "ethics"),
}
# Single records every electronic-mentoring search returns, whatever its quality.
NOT_MENTORING_SPECIALS: tuple[tuple[str, str], ...] = (
    ("Design and verification of a low-power FPGA controller using Mentor Graphics tools",
     "We present the design of a low-power controller on a field-programmable gate array. "
     "Simulation and verification used Mentor Graphics ModelSim, and the electronic design "
     "automation flow was validated on 64 test cases. Power consumption fell by 23 percent."),
    ("Telementoring of laparoscopic procedures over a 5G network: a feasibility study",
     "Real-time remote guidance could extend surgical expertise to rural hospitals. An expert "
     "surgeon guided 12 laparoscopic procedures remotely using live video and telestration over "
     "a 5G network. Latency stayed below 200 ms and all procedures were completed safely."),
    ("The MENTOR study: a mobile application for medication adherence in older adults",
     "Non-adherence to medication is common among older adults. MENTOR is a mobile application "
     "that sends electronic reminders and records intake. In a randomised trial with 412 "
     "participants, adherence improved by 14 percent at six months."),
    ("Electronic monitoring and mentoring-style supervision in community corrections",
     "Electronic monitoring is widely used in community corrections. We examined case files of "
     "1,204 supervised individuals. Officers who combined electronic monitoring with supportive "
     "supervision reported fewer breaches; the study concerns supervision practice, not "
     "mentoring programmes."),
    ("An intelligent tutoring system with a virtual mentor agent for algebra",
     "Pedagogical agents can personalise instruction. We developed an intelligent tutoring "
     "system in which an animated agent, the virtual mentor, gives hints on algebra problems. "
     "In a classroom trial with 318 pupils, learning gains were higher with the agent."),
    ("Robotic telementoring for ultrasound-guided regional anaesthesia",
     "Tele-robotic systems allow an expert to guide a novice's hands remotely. Eighteen "
     "anaesthetists performed nerve blocks under robotic telementoring; block success and "
     "procedure time were comparable to on-site supervision."),
    ("Mentor, a knowledge-based system for the electronic configuration of power networks",
     "We describe Mentor, an expert system that supports engineers in configuring electronic "
     "protection devices in power networks. Evaluation on 40 scenarios showed fewer errors."),
    ("Electronic mentoring of ships' officers? A note on e-navigation training",
     "E-navigation brings electronic chart systems to the bridge. This study assessed simulator "
     "training of 96 officers; the term mentoring refers to instructor feedback in the "
     "simulator, and no mentoring programme was involved."),
)


# (title patterns, abstract) of papers that argue, advise or theorise without data.
NOT_EMPIRICAL: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Twelve tips for {term} in {field}", "Designing {term} programmes for {mentees}: a "
      "practical guide", "Getting started with {term}: advice for {field}"),
     "We offer practical tips for setting up and running {term} for {mentees}, based on the "
     "experience of programme leaders and on published guidance."),
    (("A conceptual framework for {term} in {field}", "Towards a theory of {term} for {mentees}",
      "A model for {term} of {mentees}"),
     "This paper proposes a conceptual model of {term} in {field}. We describe its components "
     "and illustrate them with examples from the literature. No empirical data are reported."),
    (("{Term}: a promise for {mentees}?", "Why {term} matters for {mentees}",
      "{Term} in {field}: opportunities and pitfalls"),
     "In this article we argue that {term} can widen access to mentoring for {mentees}. Drawing "
     "on the literature and our own experience, we propose principles for programme design and "
     "discuss the challenges institutions face."),
    (("Reimagining mentorship for {mentees} in a virtual world", "The future of mentoring in "
      "{field} is online", "After the pandemic: what {field} should keep from {term}"),
     "This commentary reflects on the rapid move to {term} during the COVID-19 pandemic and "
     "considers what {field} should keep once in-person contact resumes."),
)

WRONG_POPULATION_MODES: tuple[str, ...] = (
    "online peer mentoring", "telephone and video peer mentoring", "e-mentoring",
    "virtual peer support mentoring", "web-based mentoring", "app-based peer mentoring",
)
WRONG_POPULATIONS: tuple[str, ...] = (
    "adults living with HIV", "young adults with type 1 diabetes",
    "people with multiple sclerosis", "people with spinal cord injury",
    "family carers of people with dementia", "patients with chronic pain",
    "people with serious mental illness", "cancer survivors", "parents of preterm infants",
    "patients after cardiac surgery", "stroke survivors", "kidney transplant recipients",
    "veterans with post-traumatic stress", "people recovering from substance use",
    "people with heart failure", "adolescents with chronic illness",
)
WRONG_POPULATION_OUTCOMES: tuple[str, ...] = (
    "self-management", "quality of life", "loneliness", "treatment adherence",
    "return to work", "carer burden", "hope", "health literacy",
)
WRONG_POPULATION_TITLES: tuple[str, ...] = (
    "{Mode} for {population}: {design}",
    "{Mode} and {outcome} in {population}",
    "Experiences of {population} with {mode}",
    "Peers with lived experience: {mode} for {population}",
    "Effect of {mode} on {outcome} of {population}: {design}",
)
EDITORIAL_TITLES: tuple[str, ...] = (
    "{Term}: the way forward",
    "Mentoring in the time of COVID-19",
    "Introduction to the special issue on {term}",
    "Virtual mentoring is here to stay",
    "Mentoring matters, online and offline",
    "The promise and limits of {term}",
    "Why every {field_noun} needs a mentor, wherever they are",
    "Distance is no barrier to good mentoring",
    "Guest editorial: {term} in {field}",
    "Making {term} work for {mentees}",
    "Lessons from a decade of {term}",
    "What counts as mentoring when it happens online?",
    "Mentors, machines and meaning",
    "Building mentoring communities across distance",
    "Rethinking mentoring for {mentees}",
    "Mentorship after the pandemic",
    "{Term} comes of age",
    "A new section on mentoring in {field}",
    "Who mentors {mentees} now?",
    "The quiet revolution of {term} in {field}",
)
LETTER_TITLES: tuple[str, ...] = (
    "Virtual mentoring cannot replace the hallway conversation",
    "{Term} for {mentees}: a call for evaluation",
    "Concerns about privacy in {term} platforms",
    "Online mentoring schemes need better matching",
    "Mentoring {mentees} online: a view from practice",
    "Do not forget the mentors in {term}",
    "{Term} and the digital divide",
    "In defence of email mentoring",
)
NEWS_TITLES: tuple[str, ...] = (
    "E-mentoring scheme launched for new nurses",
    "Online mentors sought for rural students",
    "National virtual mentoring network reaches 1,000 pairs",
)
BOOK_TITLES: tuple[str, ...] = (
    "Mentoring at a Distance: A Practical Handbook",
    "The Online Mentor: Building Relationships Across the Screen",
    "E-Mentoring in Organisations: Theory and Practice",
    "Mentoring Beginning Teachers in a Digital Age",
    "Virtual Mentoring for Academic Careers",
    "Connected Mentoring: Technology and Human Development",
    "The Handbook of Online Learning and Mentoring",
    "Mentoring Across Borders: Global Perspectives",
    "Coaching and Mentoring Online",
    "Developing Mentors for the Networked University",
    "Remote Work, Real Relationships",
    "Youth Mentoring in the Twenty-First Century",
    "Digital Pedagogies and Mentoring",
    "Mentorship in Nursing: A Guide for Practice",
)
# fmt: on


def _fill(rng: random.Random, template: str, slots: dict[str, tuple[str, ...]]) -> str:
    values = {name: pick(rng, options) for name, options in slots.items()}
    values.update(
        n=str(rng.randint(24, 1800)),
        m=str(pick(rng, (3, 6, 12, 18, 24))),
        k=str(rng.randint(4, 30)),
        pct=str(rng.randint(8, 41)),
        design=pick(rng, STUDY_DESIGNS),
    )
    return template.format(**values)


def face_to_face_text(rng: random.Random, context: str) -> StudyText:
    """A mentoring study with no electronic component (often found through an 'online survey')."""
    words = CONTEXT_WORDS[context]
    kind = pick(rng, MENTORING_KINDS)
    outcome, outcome2 = rng.sample(words.outcomes + GENERIC_OUTCOMES, 2)
    design = pick(rng, STUDY_DESIGNS)
    values = {
        "kind": kind,
        "Kind": _cap(kind),
        "outcome": outcome,
        "Outcome": _cap(outcome),
        "outcome2": outcome2,
        "mentees": pick(rng, words.mentees),
        "mentors": pick(rng, words.mentors),
        "setting": pick(rng, words.settings),
        "field": words.field,
        "design": design,
        "Design": _cap(design),
    }
    method = pick(rng, FACE_TO_FACE_METHODS).format(
        n=rng.randint(40, 900), m=rng.randint(5, 20), k=rng.randint(8, 40)
    )
    title = _cap(pick(rng, FACE_TO_FACE_TITLES).format(**values))
    abstract = pick(rng, FACE_TO_FACE_ABSTRACTS).format(method=method, **values)
    keywords = [kind, outcome, pick(rng, words.keywords)]
    return StudyText(title, abstract, list(dict.fromkeys(keywords)))


def not_mentoring_text(rng: random.Random, special: int | None = None) -> StudyText:
    """A record matching 'electronic' and 'mentor' in another sense (EHR, e-learning, tools).

    `special` picks one of the one-off records (Mentor Graphics, surgical telementoring, ...).
    """
    if special is not None:
        title, abstract = NOT_MENTORING_SPECIALS[special]
        return StudyText(title, abstract, ["technology"])
    subject, data = pick(rng, NOT_MENTORING_SUBJECTS)
    outcome, outcome2 = rng.sample(GENERIC_OUTCOMES, 2)
    design = pick(rng, STUDY_DESIGNS)
    values = {
        "subject": subject,
        "Subject": _cap(subject),
        "data": data,
        "outcome": outcome,
        "outcome2": outcome2,
        "design": design,
        "design_noun": design.split(" ", 1)[1],
        "learners": pick(rng, NOT_MENTORING_SLOTS["learners"]),
        "topic": pick(rng, NOT_MENTORING_SLOTS["topic"]),
        "n": str(rng.randint(24, 1800)),
    }
    title = _cap(pick(rng, NOT_MENTORING_TITLES).format(**values))
    abstract = pick(rng, NOT_MENTORING_ABSTRACTS).format(**values)
    return StudyText(title, abstract, [subject, values["topic"], outcome])


def not_empirical_text(rng: random.Random, context: str, year: int) -> StudyText:
    """A commentary, framework or tips paper on e-mentoring with no data."""
    words = CONTEXT_WORDS[context]
    term = e_term(rng, year)
    values = {
        "term": term,
        "Term": _cap(term),
        "mentees": pick(rng, words.mentees),
        "field": words.field,
    }
    titles, abstract = pick(rng, NOT_EMPIRICAL)
    title = pick(rng, titles).format(**values)
    return StudyText(
        title, abstract.format(**values), [term, pick(rng, words.keywords), "mentoring"]
    )


def wrong_population_text(rng: random.Random) -> StudyText:
    """E-mentoring of patients, carers or parents: electronic, but not the review's population."""
    mode = pick(rng, WRONG_POPULATION_MODES)
    population = pick(rng, WRONG_POPULATIONS)
    outcome = pick(rng, WRONG_POPULATION_OUTCOMES)
    design = pick(rng, STUDY_DESIGNS)
    values = {
        "mode": mode,
        "Mode": _cap(mode),
        "population": population,
        "outcome": outcome,
        "design": design,
    }
    title = pick(rng, WRONG_POPULATION_TITLES).format(**values)
    abstract = (
        f"{_cap(population)} often lack support from people who share their experience. We "
        f"report {design} of {mode} in which trained peers with lived experience supported "
        f"{rng.randint(18, 400)} participants over {pick(rng, (3, 6, 12))} months. "
        f"Participants reported improvements in {outcome} and valued contact with someone who "
        "had been through the same situation."
    )
    return StudyText(title, abstract, [mode, outcome, "peer support"])


def editorial_text(rng: random.Random, context: str, year: int) -> StudyText:
    """An editorial on (e-)mentoring: no abstract, as most editorials in WOS."""
    words = CONTEXT_WORDS[context]
    term = e_term(rng, year)
    field_noun = {
        "higher_education": "student",
        "medicine": "physician",
        "nursing": "nurse",
        "teacher_education": "teacher",
        "business": "manager",
        "youth": "young person",
    }[context]
    title = pick(rng, EDITORIAL_TITLES).format(
        term=term,
        Term=_cap(term),
        field_noun=field_noun,
        mentees=pick(rng, words.mentees),
        field=words.field,
    )
    return StudyText(title, "", [])


def letter_text(rng: random.Random, context: str, year: int) -> StudyText:
    words = CONTEXT_WORDS[context]
    term = e_term(rng, year)
    title = pick(rng, LETTER_TITLES).format(
        term=term, Term=_cap(term), mentees=pick(rng, words.mentees)
    )
    return StudyText(title, "", [])


def news_text(rng: random.Random) -> StudyText:
    return StudyText(pick(rng, NEWS_TITLES), "", [])


def book_review_text(rng: random.Random) -> StudyText:
    return StudyText(pick(rng, BOOK_TITLES), "", [])


# --------------------------------------------------------------------------- other languages

# fmt: off
FOREIGN_TITLES: dict[str, tuple[str, ...]] = {
    "Spanish": (
        "La mentoría virtual en la formación inicial del profesorado: un estudio cualitativo",
        "E-mentoría en la universidad: percepciones de mentores y mentorizados",
        "Mentoría en línea para estudiantes de primer curso: diseño y evaluación de un programa",
        "La e-mentoría como estrategia de acompañamiento en la educación a distancia",
        "Competencias digitales del mentor en programas de mentoría virtual",
        "Mentoría entre iguales mediada por tecnología en estudios de ingeniería",
        "Programas de mentoría electrónica para mujeres emprendedoras",
        "La confianza en la relación de mentoría en línea",
        "Mentoría virtual de docentes noveles durante la pandemia",
    ),
    "Portuguese": (
        "Mentoria online na formação em enfermagem: percepções de estudantes",
        "E-mentoria de professores iniciantes: um estudo de caso",
        "Mentoria virtual para residentes de medicina de família",
        "Tutoria e mentoria a distância no ensino superior brasileiro",
        "Mentoria eletrônica de enfermeiros recém-formados",
        "A relação de mentoria mediada por tecnologias digitais",
    ),
    "German": (
        "E-Mentoring in der Lehrerbildung: eine qualitative Studie",
        "Virtuelles Mentoring für Studienanfängerinnen in MINT-Fächern",
        "Online-Mentoring für Medizinstudierende: Erfahrungen aus einem Pilotprojekt",
        "E-Mentoring als Instrument der Nachwuchsförderung an Hochschulen",
        "Mentoring auf Distanz: Gelingensbedingungen virtueller Mentoringbeziehungen",
    ),
    "Turkish": (
        "E-mentoring experiences of pre-service teachers during the pandemic",
        "An online mentoring model for novice teachers in rural schools",
        "Prospective teachers' views on e-mentoring in teaching practice",
        "Development of an e-mentoring scale for university students",
        "Virtual mentoring of early-career academics in Turkish universities",
    ),
    "Russian": (
        "E-mentoring as a tool of professional adaptation of young teachers",
        "Online mentoring in the training of university students: opportunities and risks",
        "Digital mentoring in Russian higher education",
        "Mentoring of novice teachers in a distance format",
        "Virtual mentoring in corporate training: a case of Russian companies",
    ),
}
# fmt: on


def foreign_text(rng: random.Random, language: str, context: str, year: int) -> StudyText:
    """An e-mentoring article in another language: its (or a translated) title, English abstract."""
    term = e_term(rng, year)
    title = pick(rng, FOREIGN_TITLES[language])
    abstract = (
        f"This article, published in {language}, reports on {term} in "
        f"{CONTEXT_WORDS[context].field}. A programme was implemented and evaluated through "
        "interviews and questionnaires. Participants valued the flexibility of online contact "
        "and the support of their mentors, while pointing to limited time and technical "
        "difficulties."
    )
    return StudyText(title, abstract, [term, pick(rng, CONTEXT_WORDS[context].keywords)])
