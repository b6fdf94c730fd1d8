"""``python -m readiness_ui``: the same as the ``readiness`` command."""

import sys

from .launcher import main

sys.exit(main())
