"""A Zebra that answers Z39.50 with ISO 2709 records in MARC-8, UTF-8 or Latin-1.

The same configuration as `tests.realservers.start_zebra` (copied from ZEBRA_CONFIG_DIR), plus
YAZ retrieval rules that turn the stored MARCXML into ISO 2709 per element set; the records are
ZEBRA_RECORDS and tests/data/z3950/diacritics.xml unless told, decomposed to NFD first (see
that README). Element set "marcxml" still gives the stored MARCXML, and SRU works as before.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from tests.realservers import (
    _HOST,
    ZEBRA_CONFIG_DIR,
    ZEBRA_RECORDS,
    RunningServer,
    _launch_on_free_port,
    _require_binary,
    _run_zebraidx,
)

DIACRITICS = Path(__file__).resolve().parent.parent / "data" / "z3950" / "diacritics.xml"
DATABASE = "catalogue"
# leaderspec: YAZ keeps the MARCXML leader's 09 "a" (UTF-8) unless told; MARC-8 and Latin-1
# records say " " there, as a real MARC-8 catalogue's do.
_RETRIEVAL = """
      <retrieval syntax="usmarc" name="{name}">
        <backend syntax="xml" name="marcxml">
          <marc inputformat="xml" outputformat="marc" inputcharset="utf-8"
                outputcharset="{charset}" leaderspec="9={leader}"/>
        </backend>
      </retrieval>"""
ELEMENT_SETS = {"marc8": ("marc-8", 32), "F": ("marc-8", 32), "utf8": ("utf-8", 97)}
ELEMENT_SETS["latin1"] = ("iso-8859-1", 32)


def _decomposed(source: Path, target: Path) -> Path:
    text = unicodedata.normalize("NFD", source.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    return target


def start_marc_zebra(
    workdir: Path, sources: Sequence[Path] = (ZEBRA_RECORDS, DIACRITICS)
) -> RunningServer:
    """Index `sources` (MARCXML collections) and start zebrasrv on a free port."""
    zebraidx = _require_binary("zebraidx")
    zebrasrv = _require_binary("zebrasrv")
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    for source in ZEBRA_CONFIG_DIR.iterdir():
        if source.is_file() and source.name != "yazgfs.xml":
            shutil.copyfile(source, workdir / source.name)
    for sub in ("register", "lock", "tmp"):
        (workdir / sub).mkdir(exist_ok=True)
    records = [
        _decomposed(source, workdir / f"{number}-{source.stem}-nfd.xml")
        for number, source in enumerate(sources)
    ]
    _run_zebraidx(zebraidx, workdir, ["-d", DATABASE, "init"], "zebraidx-init.log")
    update = ["-d", DATABASE, "update", *map(str, records)]
    _run_zebraidx(zebraidx, workdir, update, "zebraidx-update.log")
    rules = "".join(
        _RETRIEVAL.format(name=name, charset=charset, leader=leader)
        for name, (charset, leader) in ELEMENT_SETS.items()
    )
    template = (ZEBRA_CONFIG_DIR / "yazgfs.xml").read_text(encoding="utf-8")
    template = template.replace("</retrievalinfo>", rules + "\n    </retrievalinfo>")

    def prepare(port: int) -> tuple[list[str], str]:
        config = template.replace("@HOST@", _HOST).replace("@PORT@", str(port))
        (workdir / "yazgfs.xml").write_text(config.replace("@DATABASE@", DATABASE), "utf-8")
        return [zebrasrv, "-f", "yazgfs.xml"], f"http://{_HOST}:{port}/{DATABASE}"

    return _launch_on_free_port("zebrasrv", workdir, workdir / "zebrasrv.log", prepare)
