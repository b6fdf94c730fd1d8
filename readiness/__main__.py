"""``python -m readiness``: the headless command line (the app itself starts from ``ui``)."""

import sys

from readiness.cli import main

sys.exit(main())
