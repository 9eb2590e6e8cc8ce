"""The reference framework of the e-mentoring meta-synthesis: 3 categories, 9 sub-categories.

Karimi, Yazdani & Abarghoui zade (2024) report three main categories, each with three
sub-categories: the *dimensions* of electronic mentoring (technical, managerial, communication),
its *processes* (main, support, management) and its *requirements* (of the mentor, of the
platform, of the organising body). The concepts under them (49 here) are drawn from the
e-mentoring literature; each has a stable id, a label, a short description and phrase variants
(synonyms and the misspellings real coders produce) that the generator uses when it writes
abstracts and that the synthesis stage turns into a codebook and codes.

Inputs: none (data). Outputs: `FRAMEWORK` (categories → sub-categories → concepts), `CONCEPTS`
by id, `concept_path(concept_id)`, and `framework_table()` as a DataFrame.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Concept:
    """A concept: what several studies' findings say in their own words."""

    id: str
    label: str
    description: str
    phrases: tuple[str, ...]  # wordings a study or a coder might use (first = canonical)
    misspellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubCategory:
    id: str
    label: str
    description: str
    concepts: tuple[Concept, ...]


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str
    subcategories: tuple[SubCategory, ...]


def _c(
    concept_id: str,
    label: str,
    description: str,
    phrases: tuple[str, ...],
    misspellings: tuple[str, ...] = (),
) -> Concept:
    return Concept(concept_id, label, description, phrases, misspellings)


# fmt: off
FRAMEWORK: tuple[Category, ...] = (
    Category(
        "dimensions",
        "Dimensions",
        "The aspects along which electronic mentoring differs from face-to-face mentoring.",
        (
            SubCategory(
                "technical",
                "Technical dimension",
                "The technology that carries the mentoring relationship.",
                (
                    _c("platform_usability", "Platform usability",
                       "How easy the mentoring platform is to learn and use.",
                       ("platform usability", "ease of use of the platform",
                        "user-friendly interface", "usability of the online environment"),
                       ("platform useability", "usabilty of the platform")),
                    _c("technical_infrastructure", "Technical infrastructure",
                       "Reliable connectivity, devices and bandwidth for all participants.",
                       ("technical infrastructure", "reliable internet access",
                        "connectivity problems", "access to devices and bandwidth"),
                       ("infrastucture",)),
                    _c("security_privacy", "Security and privacy",
                       "Protection of the confidentiality of online exchanges and personal data.",
                       ("security and privacy", "confidentiality of online exchanges",
                        "data protection", "privacy concerns"),
                       ("privacy and secuirty", "privicy concerns")),
                    _c("communication_tools", "Mix of communication tools",
                       "Choosing synchronous and asynchronous channels to suit the pair.",
                       ("mix of synchronous and asynchronous tools", "choice of communication "
                        "channels", "video conferencing and email", "asynchronous messaging"),
                       ("asynchronus tools",)),
                    _c("technical_support", "Technical support",
                       "Help with technical problems when they arise.",
                       ("technical support", "help desk support", "IT support"),
                       ("techincal support",)),
                    _c("accessibility", "Accessibility",
                       "Access at any time, from anywhere and on mobile devices, for all users.",
                       ("accessibility", "anytime anywhere access", "mobile access",
                        "flexibility of time and place"),
                       ("accesibility",)),
                ),
            ),
            SubCategory(
                "managerial",
                "Managerial dimension",
                "How the programme is governed, resourced and evaluated.",
                (
                    _c("programme_governance", "Programme governance",
                       "Clear ownership, policies and decision-making for the programme.",
                       ("programme governance", "clear programme ownership",
                        "governance structure", "program governance"),
                       ("programme goverance",)),
                    _c("resource_allocation", "Resource allocation",
                       "Time, money and staff allocated to run the programme.",
                       ("resource allocation", "dedicated resources", "adequate budget"),
                       ("resource alocation",)),
                    _c("evaluation_monitoring", "Programme evaluation",
                       "Systematic evaluation of the programme and its outcomes.",
                       ("programme evaluation", "systematic evaluation of outcomes",
                        "evaluation of the mentoring programme", "program evaluation"),
                       ("programme evaulation",)),
                    _c("role_clarity", "Role clarity",
                       "Shared understanding of what mentors and mentees are expected to do.",
                       ("role clarity", "clear expectations of roles", "clarity of roles and "
                        "responsibilities", "role expectations"),
                       ("role clarty",)),
                    _c("time_management", "Time management",
                       "Finding time for mentoring amid competing workloads and time zones.",
                       ("time management", "time constraints", "competing workload",
                        "scheduling across time zones"),
                       ("time managment",)),
                ),
            ),
            SubCategory(
                "communication",
                "Communication dimension",
                "The quality of the exchange between mentor and mentee at a distance.",
                (
                    _c("trust_building", "Trust building",
                       "Developing trust without, or with few, face-to-face encounters.",
                       ("trust building", "building trust online", "mutual trust",
                        "developing trust at a distance"),
                       ("trust biulding", "trust-buidling")),
                    _c("rapport_relationship", "Rapport and relationship quality",
                       "A warm, personal connection between mentor and mentee.",
                       ("rapport", "relationship quality", "personal connection",
                        "interpersonal closeness"),
                       ("raport",)),
                    _c("feedback", "Feedback",
                       "Timely, constructive feedback in both directions.",
                       ("feedback", "constructive feedback", "timely feedback",
                        "two-way feedback"),
                       ("feeback", "feedbak")),
                    _c("responsiveness", "Responsiveness",
                       "Prompt replies and predictable response times.",
                       ("responsiveness", "prompt replies", "response time",
                        "timely responses"),
                       ("responsivness",)),
                    _c("social_presence", "Social presence",
                       "The sense of being with a real person in a mediated exchange.",
                       ("social presence", "sense of presence", "feeling connected",
                        "online presence"),
                       ("social precense",)),
                    _c("cultural_sensitivity", "Intercultural communication",
                       "Communicating across cultures, languages and backgrounds.",
                       ("intercultural communication", "cultural sensitivity",
                        "language barriers", "cross-cultural understanding"),
                       ("intercultral communication",)),
                ),
            ),
        ),
    ),
    Category(
        "processes",
        "Processes",
        "What happens in an electronic mentoring programme, from matching to closure.",
        (
            SubCategory(
                "main",
                "Main processes",
                "The core activities of the mentoring relationship itself.",
                (
                    _c("matching", "Matching mentors and mentees",
                       "Pairing mentors and mentees on goals, background and interests.",
                       ("matching mentors and mentees", "mentor-mentee matching", "pairing",
                        "match quality"),
                       ("maching of mentors", "mentor mentee machting")),
                    _c("goal_setting", "Goal setting",
                       "Agreeing on goals and an agenda for the relationship.",
                       ("goal setting", "setting shared goals", "agreeing on learning goals",
                        "mentoring agreement"),
                       ("goal seting",)),
                    _c("knowledge_sharing", "Knowledge sharing",
                       "Transfer of tacit and explicit knowledge and expertise.",
                       ("knowledge sharing", "knowledge transfer", "sharing expertise",
                        "exchange of professional knowledge"),
                       ("knowlege sharing",)),
                    _c("career_guidance", "Career guidance",
                       "Advice on career paths, opportunities and professional development.",
                       ("career guidance", "career development support", "career advice",
                        "professional development advice"),
                       ("carrer guidance",)),
                    _c("psychosocial_support", "Psychosocial support",
                       "Emotional support, encouragement and role modelling.",
                       ("psychosocial support", "emotional support", "encouragement",
                        "role modelling"),
                       ("psycho-social suport",)),
                    _c("reflection", "Reflective dialogue",
                       "Written or spoken reflection prompted by the mentor.",
                       ("reflective dialogue", "reflection", "reflective writing",
                        "critical reflection"),
                       ("reflexion",)),
                ),
            ),
            SubCategory(
                "support",
                "Support processes",
                "Activities that prepare and sustain mentors and mentees.",
                (
                    _c("orientation", "Orientation and onboarding",
                       "Introducing participants to the programme and the platform.",
                       ("orientation", "onboarding", "induction session",
                        "programme orientation"),
                       ("orientaion",)),
                    _c("mentor_training", "Mentor training",
                       "Preparing mentors for their role, including online mentoring skills.",
                       ("mentor training", "training for mentors", "mentor preparation",
                        "mentor development workshops"),
                       ("mentor trainning", "mentor traning")),
                    _c("mentee_preparation", "Mentee preparation",
                       "Preparing mentees to take an active part in the relationship.",
                       ("mentee preparation", "preparing mentees", "mentee training"),
                       ("mentee prepartion",)),
                    _c("peer_community", "Peer community",
                       "Peer networks and communities around the dyads.",
                       ("peer community", "peer networks", "online community of practice",
                        "group mentoring forums"),
                       ("peer comunity",)),
                    _c("resource_provision", "Resource provision",
                       "Guides, templates and materials that structure the relationship.",
                       ("resource provision", "guides and templates", "learning resources",
                        "structured materials"),
                       ("resourse provision",)),
                ),
            ),
            SubCategory(
                "management",
                "Management processes",
                "How the programme steers, monitors and ends relationships.",
                (
                    _c("progress_monitoring", "Progress monitoring",
                       "Tracking contact and progress of each pair.",
                       ("progress monitoring", "monitoring of progress", "regular check-ins",
                        "tracking of contact"),
                       ("progress moniter",)),
                    _c("relationship_closure", "Relationship closure",
                       "Ending the relationship well, or deciding to continue it.",
                       ("relationship closure", "ending the relationship", "closure",
                        "planned ending"),
                       ("relationship closer",)),
                    _c("conflict_resolution", "Conflict resolution and rematching",
                       "Handling mismatches, disengagement and conflicts, including rematching.",
                       ("conflict resolution", "handling mismatches", "rematching",
                        "dealing with disengagement"),
                       ("conflict resolusion",)),
                    _c("coordination", "Programme coordination",
                       "A coordinator who follows up pairs and keeps the programme running.",
                       ("programme coordination", "coordinator follow-up", "coordinator role",
                        "program coordination"),
                       ("cordination",)),
                    _c("quality_assurance", "Quality assurance",
                       "Reviewing and improving the programme from cycle to cycle.",
                       ("quality assurance", "continuous improvement", "programme review"),
                       ("quality assurence",)),
                ),
            ),
        ),
    ),
    Category(
        "requirements",
        "Requirements",
        "What must be in place for electronic mentoring to work.",
        (
            SubCategory(
                "mentor",
                "Requirements of the mentor",
                "Competences and dispositions the mentor needs online.",
                (
                    _c("digital_literacy_mentor", "Digital literacy of the mentor",
                       "The mentor's confidence and skill with the technology used.",
                       ("digital literacy of the mentor", "mentors' technology skills",
                        "digital competence", "computer literacy"),
                       ("digital literacey", "digital litteracy")),
                    _c("online_communication_skills", "Online communication skills",
                       "Writing and speaking skills suited to mediated communication.",
                       ("online communication skills", "written communication skills",
                        "netiquette", "computer-mediated communication skills"),
                       ("online comunication skills",)),
                    _c("commitment_availability", "Commitment and availability",
                       "The mentor's willingness to invest time and be available.",
                       ("commitment", "availability", "willingness to invest time",
                        "mentor engagement"),
                       ("commitement",)),
                    _c("empathy", "Empathy and active listening",
                       "Understanding the mentee's situation and listening actively.",
                       ("empathy", "active listening", "emotional intelligence",
                        "understanding the mentee"),
                       ("empathie",)),
                    _c("subject_expertise", "Subject expertise",
                       "Professional experience and knowledge relevant to the mentee.",
                       ("subject expertise", "professional experience", "content knowledge",
                        "disciplinary expertise"),
                       ("subject expertize",)),
                ),
            ),
            SubCategory(
                "platform",
                "Requirements of the platform",
                "Functions the mentoring platform must offer.",
                (
                    _c("integrated_features", "Integrated communication features",
                       "Messaging, video, scheduling and file sharing in one place.",
                       ("integrated communication features", "integrated messaging and "
                        "scheduling", "all-in-one platform", "built-in video calls"),
                       ("intergrated features",)),
                    _c("system_reliability", "System reliability",
                       "A stable platform without downtime or lost messages.",
                       ("system reliability", "stable platform", "downtime",
                        "technical glitches"),
                       ("system reliablity",)),
                    _c("access_control", "Secure access and authentication",
                       "Secure log-in, access rights and moderation features.",
                       ("secure access", "authentication and access control",
                        "moderation features", "secure log-in"),
                       ("authentification",)),
                    _c("matching_tool", "Profile-based matching tool",
                       "Profiles and algorithms that support matching.",
                       ("matching algorithm", "profile-based matching tool",
                        "searchable mentor profiles"),
                       ("matching algoritm",)),
                    _c("activity_analytics", "Activity tracking and analytics",
                       "Dashboards and reports on activity for coordinators.",
                       ("activity tracking", "analytics dashboard", "usage reports",
                        "learning analytics"),
                       ("analytics dashbord",)),
                    _c("multimedia_support", "Multimedia support",
                       "Support for video, audio and shared documents.",
                       ("multimedia support", "video and audio support", "document sharing"),
                       ("multi-media suport",)),
                ),
            ),
            SubCategory(
                "organisation",
                "Requirements of the organising body",
                "What the organisation running the programme must provide.",
                (
                    _c("institutional_support", "Institutional support",
                       "Visible backing of leadership and the institution.",
                       ("institutional support", "leadership support", "organisational "
                        "backing", "support from senior management"),
                       ("institutonal support", "instituional support")),
                    _c("incentives_recognition", "Incentives and recognition",
                       "Recognising and rewarding mentors' work.",
                       ("incentives and recognition", "recognition of mentors",
                        "rewards for mentoring", "acknowledgement in workload models"),
                       ("incentives and recogntion",)),
                    _c("sustainable_funding", "Sustainable funding",
                       "Funding beyond a pilot phase.",
                       ("sustainable funding", "long-term funding", "funding beyond the "
                        "pilot"),
                       ("sustainble funding",)),
                    _c("policy_guidelines", "Policies and guidelines",
                       "Codes of conduct, safeguarding and clear guidelines.",
                       ("clear guidelines", "code of conduct", "mentoring policy",
                        "safeguarding procedures"),
                       ("guidlines",)),
                    _c("mentoring_culture", "Culture of mentoring",
                       "An organisational culture that values mentoring.",
                       ("culture of mentoring", "supportive organisational culture",
                        "mentoring culture"),
                       ("mentoring cultre",)),
                    _c("staff_capacity", "Dedicated staff",
                       "Staff with time and skills to run the programme.",
                       ("dedicated staff", "programme staff capacity", "trained coordinators"),
                       ("dedicted staff",)),
                ),
            ),
        ),
    ),
)
# fmt: on

CONCEPTS: dict[str, Concept] = {
    concept.id: concept
    for category in FRAMEWORK
    for subcategory in category.subcategories
    for concept in subcategory.concepts
}
"""Every concept by id, in framework order."""

_PATHS: dict[str, tuple[str, str]] = {
    concept.id: (category.id, subcategory.id)
    for category in FRAMEWORK
    for subcategory in category.subcategories
    for concept in subcategory.concepts
}


def concept_path(concept_id: str) -> tuple[str, str]:
    """(category id, sub-category id) of a concept; KeyError for an unknown id."""
    return _PATHS[concept_id]


def subcategory_ids() -> list[str]:
    """The nine sub-category ids as `category/subcategory`, in framework order."""
    return [f"{c.id}/{s.id}" for c in FRAMEWORK for s in c.subcategories]


def framework_table() -> pd.DataFrame:
    """One row per concept: category, subcategory, concept ids and labels, description, phrases.

    Phrases and misspellings are "; "-joined. Rows follow the framework order.
    """
    rows = []
    for category in FRAMEWORK:
        for subcategory in category.subcategories:
            for concept in subcategory.concepts:
                rows.append(
                    {
                        "category": category.id,
                        "category_label": category.label,
                        "subcategory": subcategory.id,
                        "subcategory_label": subcategory.label,
                        "concept": concept.id,
                        "concept_label": concept.label,
                        "description": concept.description,
                        "phrases": "; ".join(concept.phrases),
                        "misspellings": "; ".join(concept.misspellings),
                    }
                )
    return pd.DataFrame(rows).astype("string")
