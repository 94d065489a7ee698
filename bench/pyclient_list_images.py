"""The published client lists a board's images (``BoardHandle.list_images()``: it always fetches every
name). Prints ``LIST <count> <seconds>`` per run, then ``PEAK <MB>``. Runs in the bench venv.

    python bench/pyclient_list_images.py URL BOARD_ID RUNS
"""

import sys
import time

from invokeai_py_client import InvokeAIClient

url, board_id, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = InvokeAIClient.from_url(url)
for _ in range(runs):
    started = time.monotonic()
    handle = client.board_repo.get_board_handle(board_id)
    names = handle.list_images(limit=100)
    print(f"LIST {len(names)} {time.monotonic() - started:.6f}", flush=True)
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(f"PEAK {peak / 1024:.1f}", flush=True)
