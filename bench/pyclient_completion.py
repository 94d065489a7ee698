"""The published client (invokeai-py-client 1.1.1) runs the tiny workflow N times and prints, per run,
``RUN <item_id> <monotonic time when wait_for_completion_sync returned>``. Runs in the bench venv.

    python bench/pyclient_completion.py URL RUNS
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from invokeai_py_client import InvokeAIClient
from invokeai_py_client.workflow import WorkflowDefinition

WORKFLOW = Path(__file__).resolve().parent / "data" / "tiny-workflow.json"


def main(url: str, runs: int) -> None:
    client = InvokeAIClient.from_url(url)
    workflow = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(str(WORKFLOW)))
    for _ in range(runs):
        workflow.submit_sync()
        item = workflow.wait_for_completion_sync(timeout=120)  # its default: polls every 0.5 s
        done = time.monotonic()
        print(f"RUN {item['item_id']} {done:.6f} {item['status']}", flush=True)
    client.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
