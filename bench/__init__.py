"""Benchmarks: ``python -m bench NAME`` runs one, ``python -m bench all`` runs every one.

Each benchmark module defines ``run(quick: bool = False) -> dict`` that returns
what :func:`bench.harness.write_result` takes; the runner writes
``bench/results/NAME.json`` and prints a one-line summary.
"""
