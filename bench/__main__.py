"""``python -m bench NAME [--quick]``, ``python -m bench soak --journeys N`` or ``python -m bench all``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from bench.harness import write_result

SKIP = {"harness", "__main__"}


def available() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)])
                  if m.name not in SKIP and not m.name.startswith("_"))


def run_one(name: str, quick: bool, **options) -> None:
    module = importlib.import_module(f"bench.{name}")
    result = module.run(quick=quick, **{k: v for k, v in options.items() if v is not None})
    write_result(name, result["figures"], result["targets"], result["runs"],
                 details=result.get("details"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("name", help=f"one of {', '.join(available())}, or all")
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke check")
    parser.add_argument("--journeys", type=int, help="soak only: visitor journeys (default 2,000)")
    args = parser.parse_args(argv)
    if args.journeys is not None and args.name != "soak":
        parser.error("--journeys is for the soak benchmark")
    names = available() if args.name == "all" else [args.name]
    for name in names:
        if name not in available():
            parser.error(f"unknown benchmark {name!r}")
        run_one(name, args.quick, journeys=args.journeys)
    return 0


if __name__ == "__main__":
    sys.exit(main())
