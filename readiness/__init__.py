"""Readiness: the domain core of the digital readiness and access-equity assessor.

This package never imports Qt; ``ui/`` is the only place that does. Everything here
works headless, so the command line, the tests and the GUI share one core.

Importing it turns pydantic's plugins off (``PYDANTIC_DISABLE_PLUGINS``, read by pydantic
each time it builds a validator): a package installed on the machine could otherwise
register one and be handed every document, answer and setting the app validates (the
store likewise opens sqlite-utils without plugins), and looking for them scans every
installed package's metadata on each start.
"""

import os

__version__ = "0.1.0"

os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
