"""Command line: ``python -m helpers render THEME --country KAZ`` and ``... data list|fetch``."""

from __future__ import annotations

import argparse
import sys

from helpers import catalog


def _render(args) -> int:
    from helpers import params, report

    parameters = {k: v for k, v in {"country": args.country, "peers": args.peers,
                                    "start_year": args.start_year, "end_year": args.end_year}.items()
                  if v is not None}
    try:
        done = report.render(args.theme, parameters)
    except params.ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except report.RenderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {done.html} ({done.seconds:.1f} s)")
    return 0


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
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    render = sub.add_parser("render", help="execute a theme notebook and write its HTML report")
    render.add_argument("theme", help="notebook name in notebooks/, e.g. energy")
    render.add_argument("--country", default=None, help="ISO3 code of a Central Asian state (KAZ, UZB, KGZ, TJK, TKM)")
    render.add_argument("--peers", nargs="+", default=None, help="ISO3 codes to compare with")
    render.add_argument("--start-year", type=int, default=None)
    render.add_argument("--end-year", type=int, default=None)
    render.set_defaults(func=_render)

    data_cmd = sub.add_parser("data", help="list the catalog, or fetch and verify dataset files")
    data_cmd.add_argument("action", choices=["list", "fetch"],
                          help="list: show the catalog; fetch: get each file into the cache, checking its sha256")
    data_cmd.add_argument("ids", nargs="*", help="dataset ids (default: all)")
    data_cmd.set_defaults(func=_data)

    args = parser.parse_args(argv)
    return args.func(args)
