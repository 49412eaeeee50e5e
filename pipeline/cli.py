"""Command line: `python -m pipeline run CONFIG ...` and the other subcommands."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from pipeline.errors import PipelineError


def _add_run(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("run", help="run the stages of a TOML config over the inputs")
    parser.add_argument("config", help="TOML config file, e.g. configs/default.toml")
    parser.add_argument(
        "--input", nargs="+", action="extend", metavar="PATH", help="file, directory or glob; overrides [run].input"
    )
    parser.add_argument("--output", metavar="DIR", help="output folder; overrides [run].output")
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes; overrides [run].workers")
    parser.add_argument("--force", action="store_true", default=None, help="redo documents the manifest says are done")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from pipeline.config import load_config
    from pipeline.runner import run

    overrides = {"input": args.input, "output": args.output, "workers": args.workers, "force": args.force}
    config = load_config(args.config, overrides)
    summary = run(config, quiet=args.quiet, debug=args.debug)
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.failures else 0


def _add_evaluate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("evaluate", help="score outputs against gold files; a table per stage")
    parser.add_argument("--gold", default="gold", metavar="DIR", help="gold files <doc_id>.jsonl (default: gold)")
    parser.add_argument("--pred", default="outputs", metavar="DIR", help="output files to score (default: outputs)")
    parser.add_argument("--by-doc", action="store_true", help="add a row per document to every table")
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives per document")
    parser.add_argument("--json", metavar="FILE", help="also write every metric to this JSON file")
    parser.set_defaults(handler=_evaluate)


def _evaluate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pipeline.evaluate import evaluate, format_report
    from pipeline.io.writers import write_json

    evaluation = evaluate(args.gold, args.pred)
    print(format_report(evaluation, by_doc=args.by_doc, errors=args.errors))
    if args.json:
        write_json(Path(args.json), evaluation.to_json(with_errors=args.errors))
    return 0


def _add_export(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="write article, entity and fact tables as CSV or Parquet")
    parser.add_argument("results", nargs="?", default="outputs", help="output folder to read (default: outputs)")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv", help="file format (default: csv)")
    parser.add_argument("-o", "--output", metavar="DIR", help="folder for the tables (default: the results folder)")
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from pipeline.analysis import export

    for path in export(args.results, args.output, args.format):
        print(path)
    return 0


def _add_render(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("render", help="one self-contained HTML page per output document")
    parser.add_argument("inputs", nargs="+", metavar="PATH", help="output files <doc_id>.jsonl or output folders")
    parser.add_argument("-o", "--output", metavar="PATH", help="an .html file, or a folder (default: beside the input)")
    parser.add_argument("--pdf", metavar="PATH", help="the input PDF, or a folder of them, if moved since the run")
    parser.set_defaults(handler=_render)


def _render(args: argparse.Namespace) -> int:
    from pipeline.render import render_paths

    for path in render_paths(args.inputs, args.output, args.pdf):
        print(path)
    return 0


def _add_train_ner(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("train-ner", help="train the learned entity layer from gold files (and a corpus)")
    parser.add_argument("--gold", action="append", default=[], metavar="DIR", help="gold folder; repeat for more")
    parser.add_argument("--corpus", metavar="FILE", help='JSONL of {"id", "text", "entities" with offsets}')
    parser.add_argument("--corpus-include", metavar="REGEX", help="use only corpus lines whose id matches")
    parser.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file to write (.crfsuite)")
    parser.add_argument("--iterations", type=int, default=150, help="L-BFGS iterations (default 150)")
    parser.add_argument("--c1", type=float, default=0.05, help="L1 penalty; larger gives a smaller model")
    parser.add_argument("--gold-repeats", type=int, default=3, help="weight of the gold against the corpus")
    parser.set_defaults(handler=_train_ner)


def _train_ner(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pipeline.ner.crf_training import TrainingSettings, train_from_paths

    settings = TrainingSettings(c1=args.c1, iterations=args.iterations, gold_repeats=args.gold_repeats)
    corpus = Path(args.corpus) if args.corpus else None
    problems: list[str] = []
    gold = [Path(folder) for folder in args.gold]
    report = train_from_paths(gold, corpus, args.corpus_include, Path(args.output), settings, problems)
    for problem in problems:
        print(f"error: {problem} (record left out)", file=sys.stderr)
    print(report)
    return 1 if problems else 0


def _package_version() -> str:
    try:
        return version("chinese-newspaper-pipeline")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_package_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_run(commands)
    _add_evaluate(commands)
    _add_export(commands)
    _add_render(commands)
    _add_train_ner(commands)
    for command in commands.choices.values():
        command.add_argument("--debug", action="store_true", help="show the traceback behind an error")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Every error is one line on stderr: 2 for a bad config, output folder or command, 1 when
    some documents failed, 130 on Ctrl-C; `--debug` adds the traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        if args.debug:
            print(getattr(error, "detail", "") or traceback.format_exc(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; finished documents are kept, run again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output (e.g. `| head`) went away: silence the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        if args.debug:
            raise
        print(f"error: internal error: {type(error).__name__}: {error} (--debug shows the traceback)", file=sys.stderr)
        return 3
