"""`python -m metasynth` is the same as the `metasynth` command."""

import sys

from metasynth.cli import main

sys.exit(main())
