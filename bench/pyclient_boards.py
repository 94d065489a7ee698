"""The published client lists the boards: the script time-to-boards is measured against.
Prints ``BOARDS <count> <monotonic time when the list arrived>``. Runs in the bench venv.

    python bench/pyclient_boards.py URL
"""

import sys
import time

from invokeai_py_client import InvokeAIClient

client = InvokeAIClient.from_url(sys.argv[1])
boards = client.board_repo.list_boards()
print(f"BOARDS {len(boards)} {time.monotonic():.6f}", flush=True)
