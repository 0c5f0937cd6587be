"""Start Zebra (with the test records) and yaz-ztest for manual checks.

Run from the repository root::

    python -m tests.realservers [--workdir DIR] [--database NAME] [RECORDS.xml ...]

Prints the SRU base URLs and waits for Ctrl-C.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.realservers import ZEBRA_RECORDS, RunningServer, start_yaz_ztest, start_zebra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.realservers",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "records",
        nargs="*",
        type=Path,
        default=[ZEBRA_RECORDS],
        help=f"MARCXML collection files to index (default: {ZEBRA_RECORDS})",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="directory for registers and logs (default: a temporary directory)",
    )
    parser.add_argument("--database", default="catalogue", help="Zebra database name")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="realservers-") as tmp:
        root: Path = args.workdir if args.workdir is not None else Path(tmp)
        servers: list[RunningServer] = []
        try:
            zebra = start_zebra(root / "zebra", args.records, database=args.database)
            servers.append(zebra)
            ztest = start_yaz_ztest(root / "yaz-ztest")
            servers.append(ztest)
            print(f"zebra:     {zebra.base_url}   (log: {zebra.log_path})")
            print(f"yaz-ztest: {ztest.base_url}   (log: {ztest.log_path})")
            print(
                f"try: curl '{zebra.base_url}?operation=searchRetrieve&version=1.2"
                "&query=title%3Drummet&maximumRecords=2'"
            )
            print("Ctrl-C to stop.", flush=True)
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            while all(s.process.poll() is None for s in servers):
                time.sleep(0.5)
            print("a server exited unexpectedly", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    sys.exit(main())
