"""Start local SRU catalogues (real Zebra and yaz-ztest) and show federator working against them.

Until the built-in demo of the county's 13 catalogues lands, this is the way to see federator do
its job: a Zebra holding a small Swedish test catalogue, configured twice (once with Koha 952
holdings for Örebro's branches, once with MARC 852 holdings for Bergslagsbibblan's), yaz-ztest,
and one catalogue that is down. Run it through scripts/try-local.sh.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.realservers import ZEBRA_RECORDS, start_yaz_ztest, start_zebra  # noqa: E402

CONFIG = """\
[search]
deadline_s = 5

[[targets]]
id = "orebro"
name = "Örebro stadsbibliotek"
url = "{zebra}"
record_url = "https://bibliotek.orebro.se/post/{{record_id}}"
timeout_s = 3
widening = "truncation"
relevance = "modifier"

[targets.holdings]
field = "952"

[[targets.libraries]]
name = "Örebro stadsbibliotek"
municipality = "Örebro"
branches = {{ MSB = "Stadsbiblioteket", ROS = "Rosta bibliotek", LIM = "Olaus Petri bibliotek" }}

[[targets]]
id = "bergslagsbibblan"
name = "Bergslagsbibblan"
url = "{zebra}"
sru_version = "2.0"
record_packing = "string"
timeout_s = 3
widening = "truncation"
relevance = "modifier"

[targets.indexes]
title = "title"
author = "author"
subject = "subject"

[targets.holdings]
field = "852"

[[targets.libraries]]
name = "Lindesbergs stadsbibliotek"
municipality = "Lindesberg"
[targets.libraries.branches]
SSB-HUV = "Huvudbiblioteket"
SSB-MAG = "Magasinet"
SSB-BARN = "Barnavdelningen"
SSB-INT = "Internationella hyllan"

[[targets]]
id = "ztest"
name = "YAZ test server"
url = "{ztest}"
timeout_s = 3

[[targets]]
id = "degerfors"
name = "Degerfors bibliotek (down)"
url = "http://127.0.0.1:{closed}/degerfors"
timeout_s = 2
"""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(command: list[str]) -> None:
    print(f"\n$ {' '.join(command)}", flush=True)
    subprocess.run(command, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-wait", action="store_true", help="stop the servers at once")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="federator-local-"))
    print("Starting Zebra (indexing the test catalogue) and yaz-ztest ...", flush=True)
    zebra = start_zebra(workdir / "zebra", [ZEBRA_RECORDS])
    ztest = start_yaz_ztest(workdir / "ztest")
    try:
        config = ROOT / ".local" / "federator.toml"
        config.parent.mkdir(exist_ok=True)
        config.write_text(
            CONFIG.format(zebra=zebra.base_url, ztest=ztest.base_url, closed=closed_port())
        )
        print(f"Zebra:     {zebra.base_url}\nyaz-ztest: {ztest.base_url}\nconfig:    {config}")
        federator = str(ROOT / ".venv" / "bin" / "federator")
        run([federator, "--config", str(config), "targets", "check"])
        run([federator, "--config", str(config), "search", "röda rummet"])
        run([federator, "--config", str(config), "search", "gösta", "berling"])
        if not args.no_wait:
            print(
                f"\nThe servers stay up until Ctrl-C. Try:\n  {federator} --config {config} "
                "search --author strindberg\n"
            )
            while zebra.process.poll() is None:
                time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping.")
    finally:
        zebra.stop()
        ztest.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
