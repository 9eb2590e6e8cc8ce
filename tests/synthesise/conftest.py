"""Small in-memory inputs for the synthesis tests: a 2 × 2 × 4 codebook and its YAML text."""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.synthesise.codebook import Codebook, load_codebook

CODEBOOK_YAML = """\
categories:
  - id: dimensions
    label: Dimensions
    description: What e-mentoring is made of.
  - id: requirements
    label: Requirements
subcategories:
  - id: technical
    category: dimensions
    label: Technical dimension
    description: The platform side.
  - id: communication
    category: dimensions
    label: Communication dimension
  - id: mentor
    category: requirements
    label: Requirements of the mentor
concepts:
  - id: platform_usability
    subcategory: technical
    label: Platform usability
    description: How easy the platform is to use.
    codes: [easy to use platform, user-friendly interface, usability of the platform]
  - id: security_privacy
    subcategory: technical
    label: Security and privacy
    codes: [data privacy, confidentiality of messages, secure login]
  - id: feedback
    subcategory: communication
    label: Feedback
    codes: [timely feedback, constructive feedback, feedback on assignments]
  - id: trust_building
    subcategory: communication
    label: Trust building
    codes: [building trust online, rapport building, trust between mentor and mentee]
  - id: mentor_training
    subcategory: mentor
    label: Mentor training
    codes: [training of mentors, mentor preparation workshop]
"""


@pytest.fixture()
def codebook_file(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK_YAML, encoding="utf-8")
    return path


@pytest.fixture()
def codebook(codebook_file: Path) -> Codebook:
    return load_codebook(codebook_file)
