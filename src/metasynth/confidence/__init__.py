"""How much confidence each review finding deserves: GRADE-CERQual from the review's own files.

GRADE-CERQual (Lewin et al. 2018, Implementation Science 13 Suppl 1, papers 1-7) assesses each
finding of a qualitative evidence synthesis on four components — methodological limitations,
coherence, adequacy of data, relevance — and gives an overall confidence (high, moderate, low,
very low) with an explanation, shown as an Evidence Profile and a Summary of Qualitative Findings
(SoQF). The judgements are the reviewers'; this stage computes what the data can give and puts
the two side by side, as the iSoQ tool does:

- `findings`: data/coded/findings.yaml — each finding's summary and the codebook entries it
  rests on, checked against the codebook;
- `judgements`: data/coded/cerqual.yaml — the reviewers' levels of concern, confidence and
  explanations; what is missing is listed, never filled in;
- `components`: the contributing studies (from the codings), their quality bands (from the
  appraisal), the adequacy counts and the leave-one-study-out and lower-quality sensitivity checks;
- `profile`: the Evidence Profile and SoQF tables; `render`: them as Markdown, LaTeX and .docx;
- `settings`: the `confidence` config section.

Rule `assess_confidence` (workflow/rules/confidence.smk) writes results/confidence/.
"""

from metasynth.confidence.assess import ConfidenceTables, assess_confidence
from metasynth.confidence.settings import ConfidenceSettings

__all__ = ["ConfidenceSettings", "ConfidenceTables", "assess_confidence"]
