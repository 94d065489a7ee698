"""``python -m invokeai_tui.cli``: the same as the ``invokeai-tui`` command."""

import sys

from . import main

sys.exit(main())
