"""Z3950Options: checked once, credentials never shown, and what they mean to ZOOM."""

from __future__ import annotations

import pytest

from federator.z3950.job import ZoomRequest
from federator.z3950.options import RecordCharset, RecordSyntax, Z3950Options


def test_defaults_are_the_common_z3950_target() -> None:
    options = Z3950Options.create(host="z3950.example.org")
    assert (options.port, options.database, options.element_set) == (210, "Default", "F")
    assert options.record_syntax is RecordSyntax.USMARC
    assert options.records_charset is RecordCharset.MARC8
    assert options.record_type == "xml; charset=marc8,utf-8"
    assert options.zoom_options() == {
        "databaseName": "Default",
        "preferredRecordSyntax": "usmarc",
        "piggyback": "1",
        "implementationName": "federator",
        "elementSetName": "F",
    }


@pytest.mark.parametrize(
    ("syntax", "charset", "record_type"),
    [
        ("usmarc", "utf-8", "xml; charset=utf-8,utf-8"),
        ("marc21", "latin-1", "xml; charset=iso-8859-1,utf-8"),
        ("xml", "marc-8", "xml"),  # XML says its own encoding; a charset would re-decode it
    ],
)
def test_record_type_per_syntax_and_charset(syntax: str, charset: str, record_type: str) -> None:
    options = Z3950Options.create(host="h", record_syntax=syntax, records_charset=charset)
    assert options.record_type == record_type


def test_credentials_reach_zoom_but_never_a_repr() -> None:
    options = Z3950Options.create(
        host="h",
        user="bibl",
        password="hemligt-lösen",
        group="orebro",
        preferred_message_size=1 << 20,
    )
    zoom_options = options.zoom_options()
    assert (zoom_options["user"], zoom_options["password"], zoom_options["group"]) == (
        "bibl",
        "hemligt-lösen",
        "orebro",
    )
    assert zoom_options["preferredMessageSize"] == str(1 << 20)
    for text in (repr(options), str(options)):
        assert "hemligt" not in text and "bibl" not in text and "orebro" not in text
    request = ZoomRequest(
        host="h",
        port=210,
        options=tuple(zoom_options.items()),
        pqf='"x"',
        count=1,
        page_size=1,
        record_type="xml",
        connect_timeout_s=1,
        response_timeout_s=1,
        deadline=0,
    )
    assert "hemligt" not in repr(request)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"host": "user=x,tcp:evil"}, "host"),
        ({"host": "h", "port": 0}, "port"),
        ({"host": "h", "database": "a+b"}, "database"),
        ({"host": "h", "database": "with space"}, "database"),
        ({"host": "h", "record_syntax": "sutrs"}, "sutrs"),
        ({"host": "h", "records_charset": "ebcdic"}, "ebcdic"),
        ({"host": "h", "password": "a\nb"}, "password"),
        ({"host": "h", "element_set": ""}, "element_set"),
        ({"host": "h", "preferred_message_size": 100}, "preferred_message_size"),
        ({"host": "h", "response_timeout_s": 0.0}, "response_timeout_s"),
        ({"host": "h", "attributes": {"title": "4"}}, "TYPE=VALUE"),
    ],
)
def test_bad_values_fail_at_creation(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Z3950Options.create(**values)  # type: ignore[arg-type]


def test_a_bad_password_is_named_but_not_shown() -> None:
    with pytest.raises(ValueError) as raised:
        Z3950Options.create(host="h", password="topsecret\x00")
    assert "password" in str(raised.value) and "topsecret" not in str(raised.value)


def test_ipv6_and_attributes_are_kept() -> None:
    options = Z3950Options.create(host="[::1]", attributes={"year": "4=4", "title": "1=4 4=1"})
    assert options.attributes == (("title", "1=4 4=1"), ("year", "4=4"))
