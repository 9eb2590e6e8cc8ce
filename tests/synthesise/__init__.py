"""Tests of the synthesis stage (metasynth.synthesise)."""
