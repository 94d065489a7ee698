"""The published client (invokeai-py-client 1.1.1) has no Generate; its closest is QuickClient's
``generate_image_sdxl_t2i`` (a prebuilt SDXL text-to-image workflow). Runs it RUNS times (+1 warm-up)
and prints, per run, ``CALL <time.monotonic() just before the call>`` and ``DONE <ok|error text>``.
Runs in the bench venv.

    python bench/pyclient_generate.py URL RUNS
"""

from __future__ import annotations

import sys
import time

from invokeai_py_client import InvokeAIClient
from invokeai_py_client.quick import QuickClient


def main(url: str, runs: int) -> None:
    client = InvokeAIClient.from_url(url)
    quick = QuickClient(client)
    for _ in range(runs + 1):
        print(f"CALL {time.monotonic():.6f}", flush=True)
        try:
            image = quick.generate_image_sdxl_t2i("a lighthouse at dawn", "", 256, 256, steps=4, model_name="tiny-sdxl")
        except Exception as exc:  # noqa: BLE001 - the error is the figure's note
            print(" ".join(f"DONE error {type(exc).__name__}: {exc}".split())[:500], flush=True)
            continue
        print(f"DONE ok {getattr(image, 'image_name', image)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
