"""Benchmarks of invokeai-tui against the real server and the published client (run bench/run)."""
