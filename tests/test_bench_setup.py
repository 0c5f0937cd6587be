"""The benches' catalogues are configuration the federator accepts: the benches run for
minutes and are not part of the suite, so a config rule they break would go unseen."""

from __future__ import annotations

import sys
from pathlib import Path

from federator.config import parse_settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from zebras import _catalogue_specs, _target  # type: ignore[import-not-found]  # noqa: E402


def test_fourteen_bench_catalogues_are_a_valid_configuration() -> None:
    specs = _catalogue_specs(14)
    targets = [
        _target(slug, name, catalogue, f"http://127.0.0.1:{9000 + n}/{slug}")
        for n, (slug, name, catalogue) in enumerate(specs)
    ]
    settings = parse_settings({"targets": targets}, environ={})
    assert len(settings.targets) == 14
    libraries = [lib.id for target in settings.targets for lib in target.libraries]
    assert len(libraries) == len(set(libraries))
