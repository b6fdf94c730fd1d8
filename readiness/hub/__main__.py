"""``python -m readiness.hub``: the same as ``readiness-hub``."""

from readiness.hub.cli import main

raise SystemExit(main())
