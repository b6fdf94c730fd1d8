"""``python -m ui``: the same as the ``readiness`` command."""

import sys

from ui.launcher import main

sys.exit(main())
