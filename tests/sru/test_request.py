"""SRU request parameters per version (the client side)."""

from __future__ import annotations

from federator.models import Target
from federator.sru.request import explain_params, search_params


def target(url: str, **options: object) -> Target:
    return Target(id="t", name="T", url=url, **options)  # type: ignore[arg-type]


def test_request_parameters_per_sru_version() -> None:
    one = search_params(target("http://x/db", sru_version="1.1"), "x", 1, 10)
    assert (
        one["version"] == "1.1"
        and one["operation"] == "searchRetrieve"
        and one["recordPacking"] == "xml"
    )
    two = search_params(
        target("http://x/db", sru_version="2.0", record_packing="string"), "x", 11, 10
    )
    assert (
        "version" not in two and two["recordXMLEscaping"] == "string" and two["startRecord"] == "11"
    )
    assert two["maximumRecords"] == "10"


def test_explain_asks_in_the_target_version() -> None:
    assert explain_params(target("http://x/db", sru_version="1.1")) == {
        "operation": "explain",
        "version": "1.1",
    }
