"""The frozen app's entry script: PyInstaller runs it as ``__main__`` (``readiness.spec``).

The same as the installed ``readiness`` command: no arguments open the window, arguments
run the command line (``readiness_ui.launcher``).
"""

import sys

from readiness_ui.launcher import main

sys.exit(main())
