"""Command line: `python -m pipeline run CONFIG ...` and the other subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pipeline.errors import PipelineError


def _add_run(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("run", help="run the stages of a TOML config over the inputs")
    parser.add_argument("config", help="TOML config file, e.g. configs/default.toml")
    parser.add_argument(
        "--input", nargs="+", action="extend", metavar="PATH", help="file, directory or glob; overrides [run].input"
    )
    parser.add_argument("--output", metavar="DIR", help="output folder; overrides [run].output")
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes; overrides [run].workers")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from pipeline.config import load_config
    from pipeline.runner import run

    overrides = {"input": args.input, "output": args.output, "workers": args.workers}
    config = load_config(args.config, overrides)
    summary = run(config, quiet=args.quiet)
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _add_run(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
