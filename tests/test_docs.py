"""Every configuration key and environment variable is documented in the README."""

from __future__ import annotations

from pathlib import Path

from federator.config import ENV_PREFIX, section_keys
from federator.config.holdings import HOLDINGS_KEYS, RULE_KEYS
from federator.config.items import PRESETS
from federator.config.libraries import ADDRESS_KEYS
from federator.config.targets import ILL_KEYS, LIBRARY_KEYS, TARGET_KEYS
from federator.config.z3950 import Z3950_KEYS
from federator.models import Field, HoldingStatus, ItemFlag

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_key_is_in_the_readme() -> None:
    keys = TARGET_KEYS + HOLDINGS_KEYS + LIBRARY_KEYS + ILL_KEYS + [f.value for f in Field]
    keys += [*RULE_KEYS, *Z3950_KEYS, *PRESETS, *ADDRESS_KEYS]
    for section, names in section_keys().items():
        keys += names
        for name in names:
            env = f"{ENV_PREFIX}{section}_{name}".upper()
            assert f"`{env}`" in README, f"{env} is not documented in README.md"
    missing = [key for key in keys if f"`{key}`" not in README]
    assert missing == []


def test_every_status_and_flag_is_in_the_readme() -> None:
    assert [s.value for s in HoldingStatus if f"`{s.value}`" not in README] == []
    assert [f.value for f in ItemFlag if f"`{f.value}`" not in README] == []
