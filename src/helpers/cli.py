"""Command line: ``python -m helpers render THEME --country KAZ``, ``render --all``, ``render --sweep``,
``data list|fetch``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from helpers.data import catalog
from helpers.report.lock import ReportsBusyError, ReportsFolderError

EXIT_BUSY = 75  # EX_TEMPFAIL: try again when the other render has finished
EXIT_CANNOT_WRITE = 73  # EX_CANTCREAT: the reports folder is full, read-only, or holds a link
EXIT_NO_CLUSTER = 69  # EX_UNAVAILABLE: the Dask scheduler cannot be reached


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (its default prints the usage block first)."""

    def error(self, message):
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def _positive(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def _render(args) -> int:
    from helpers import report
    from helpers.report import cluster, params, runner, sweep

    themes = ([args.theme] if args.theme else []) + (args.themes or [])
    try:
        grid = sweep.parse(args.sweep) if args.sweep else None
        countries = _one_place("countries", args.country, grid and grid.countries)
        themes = _one_place("themes", themes or args.all, grid and grid.themes)
        if not themes:
            print("error: name a theme (e.g. `render energy --country KAZ`), --theme, or --all", file=sys.stderr)
            return 2
        themes = None if themes is True else themes  # --all
        extra = dict(peers=args.peers, start_year=args.start_year, end_year=args.end_year,
                     trade_file=str(Path(args.trade_file).resolve()) if args.trade_file else None)
        jobs = runner.plan_sweep(themes, countries, grid.grid, **extra) if grid else runner.plan(themes, countries, **extra)
        out_dir = report.reports_dir()
        outcomes = runner.run(jobs, out_dir, workers=args.workers, force=args.force,
                              scheduler=args.scheduler or os.environ.get(cluster.SCHEDULER_ENV) or None)
    except params.ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ReportsBusyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except ReportsFolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_WRITE
    except cluster.ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NO_CLUSTER
    except runner.RenderInterrupted as exc:
        runner.set_stop_signal_handlers(signal.SIG_IGN)  # a second Ctrl-C cannot cut this message short
        print(str(exc), file=sys.stderr)
        return 128 + exc.signum
    text, code = runner.summary(outcomes)
    print(text, file=sys.stderr if code else sys.stdout)
    print(f"index: {out_dir / 'index.html'}")
    return code


def _one_place(what: str, command, sweep_file: list[str] | None):
    """The command's themes (or --all) or countries, else the sweep file's; both: ParameterError."""
    if command and sweep_file:
        from helpers.report.params import ParameterError

        raise ParameterError(f"{what} are given both on the command line and in the sweep file; give them in one place")
    return command or sweep_file


def _data(args) -> int:
    from helpers import data

    datasets = catalog.catalog()
    if args.action == "list":
        for dataset in datasets.values():
            print(f"{dataset.id:42} {','.join(dataset.themes):24} {dataset.credit}")
        return 0
    ids = args.ids or list(datasets)
    failures = 0
    for dataset_id in ids:
        try:
            files = data.paths(dataset_id)
        except Exception as exc:  # report every dataset, then fail once
            failures += 1
            print(f"FAIL {dataset_id}: {exc}", file=sys.stderr)
        else:
            print(f"ok   {dataset_id}: " + ", ".join(str(p) for p in files.values()))
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m helpers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    render = sub.add_parser("render", help="execute theme notebooks and write HTML reports under reports/")
    render.add_argument("theme", nargs="?", help="notebook name in notebooks/, e.g. energy")
    render.add_argument("--all", action="store_true", help="every theme notebook for every state")
    render.add_argument("--theme", dest="themes", nargs="+", default=None, help="theme(s) to render")
    render.add_argument("--country", nargs="+", default=None,
                        help="ISO3 code(s) of Central Asian states (KAZ UZB KGZ TJK TKM); default: all five")
    render.add_argument("--peers", nargs="+", default=None, help="ISO3 codes to compare with")
    render.add_argument("--start-year", type=int, default=None)
    render.add_argument("--end-year", type=int, default=None)
    render.add_argument("--trade-file", default=None,
                        help="connectivity: a UN Comtrade or IMF trade CSV you downloaded (see helpers.data.byo_trade)")
    render.add_argument("--sweep", nargs="+", default=None, metavar="KEY=V1,V2|FILE",
                        help="render every point of a parameter grid, e.g. start_year=2000,2010 peers=RUS-CHN,USA, "
                             "or a YAML sweep file; each report is named after its parameters (energy--start-2010)")
    render.add_argument("--force", action="store_true", help="re-render even reports that are up to date")
    render.add_argument("--workers", type=_positive, default=None, help="parallel processes (default: one per core)")
    render.add_argument("--scheduler", default=None,
                        help="render on the Dask cluster of this scheduler, e.g. tcp://HOST:8786 "
                             "(default: $CA_DASK_SCHEDULER, else local processes)")
    render.set_defaults(func=_render)

    data_cmd = sub.add_parser("data", help="list the catalog, or fetch and verify dataset files")
    data_cmd.add_argument("action", choices=["list", "fetch"],
                          help="list: show the catalog; fetch: get each file into the cache, checking its sha256")
    data_cmd.add_argument("ids", nargs="*", help="dataset ids (default: all)")
    data_cmd.set_defaults(func=_data)

    args = parser.parse_args(argv)
    return args.func(args)
