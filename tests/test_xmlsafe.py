import time

import pytest

from federator.xmlsafe import XmlError, parse_xml


def billion_laughs(levels: int = 10) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><lolz>&lol{levels - 1};</lolz>'.encode()
    )


def test_billion_laughs_is_refused_in_milliseconds() -> None:
    started = time.perf_counter()
    with pytest.raises(XmlError, match="entit"):
        parse_xml(billion_laughs())
    assert time.perf_counter() - started < 1.0  # generous: it takes well under a millisecond


def test_external_entity_is_never_read(tmp_path: object) -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>'
    )
    with pytest.raises(XmlError, match="entities"):
        parse_xml(xxe)


def test_external_dtd_is_not_fetched() -> None:
    doc = b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r>ok</r>'
    assert parse_xml(doc).root.text == "ok"


def test_latin1_bytes_declared_utf8_are_repaired_and_reported() -> None:
    doc = '<?xml version="1.0" encoding="UTF-8"?><r>Röda rummet – Åsa</r>'.encode("cp1252")
    parsed = parse_xml(doc)
    assert parsed.root.text == "Röda rummet – Åsa"
    assert parsed.repairs == ("invalid UTF-8 bytes read as Latin-1 (mixed encodings)",)


def test_mixed_utf8_and_latin1_in_one_document() -> None:
    doc = "<r><a>Gösta</a>".encode() + "<b>Nästa</b></r>".encode("latin-1")
    parsed = parse_xml(doc)
    assert [e.text for e in parsed.root] == ["Gösta", "Nästa"]


def test_utf8_declared_latin1_is_read_as_utf8() -> None:
    doc = '<?xml version="1.0" encoding="ISO-8859-1"?><r>Malmö</r>'.encode()
    parsed = parse_xml(doc)
    assert parsed.root.text == "Malmö" and parsed.repairs


def test_real_latin1_document_is_read_as_declared() -> None:
    doc = '<?xml version="1.0" encoding="ISO-8859-1"?><r>Malmö</r>'.encode("latin-1")
    parsed = parse_xml(doc)
    assert parsed.root.text == "Malmö" and parsed.repairs == ()


def test_control_characters_are_removed_not_fatal() -> None:
    parsed = parse_xml(b"<r>Strind\x1fberg &#x1F;x</r>")
    assert parsed.root.text == "Strind berg  x"


@pytest.mark.parametrize("doc", [b"", b"   ", b"<r>", b"<r></s>", b"\xff\xfe<"])
def test_broken_documents_raise_xml_error(doc: bytes) -> None:
    with pytest.raises(XmlError):
        parse_xml(doc)
