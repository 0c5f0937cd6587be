"""The one way federator parses XML from the outside: hardened, and forgiving of bad encodings.

No entity expansion, no DTD, no network, no huge trees, so a billion-laughs or XXE answer fails in
milliseconds. Catalogues that send Latin-1 bytes in a document declared UTF-8, or UTF-8 in one
declared ISO-8859-1, are repaired and reported as a warning instead of losing the whole answer.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from lxml import etree

_local = threading.local()
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
# XML 1.0 forbids these characters even as references; some catalogues emit them in MARC data.
_ILLEGAL_CHARS = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(?:x0*[0-8bBcCeEfF]|x0*1[0-9a-fA-F]|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)
# What XML 1.0 cannot carry at all (its Char production): written as U+FFFD instead.
_NOT_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UTF16_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")
_LATIN1_NAMES = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "windows-1252", "cp1252"}


class XmlError(ValueError):
    """The bytes are not well-formed XML, or were refused by the hardening."""


@dataclass(frozen=True, slots=True)
class ParsedXml:
    root: etree._Element
    repairs: tuple[str, ...]  # what had to be repaired, for the target's warnings


def _parser(encoding: str | None) -> etree.XMLParser:
    key = f"parser_{encoding}"
    parser = getattr(_local, key, None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            encoding=encoding,
        )
        setattr(_local, key, parser)
    return parser


def _parse(data: bytes, encoding: str | None = None) -> etree._Element:
    root = etree.fromstring(data, parser=_parser(encoding))
    if root is None:
        raise XmlError("empty document")
    # lxml refuses to expand entities, but a DTD that declares them is itself a red flag.
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):  # type: ignore[union-attr]  # stubs lag lxml
        raise XmlError("document declares entities (refused: entity expansion / XXE)")
    return root


def _utf8_with_latin1_repair(data: bytes) -> bytes:
    """Decode as UTF-8, reading each invalid byte as Windows-1252 (mixed-encoding documents)."""
    return data.decode("utf-8", errors="federator-latin1").encode("utf-8")


def _latin1_fallback(error: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("federator-latin1", _latin1_fallback)


def parse_xml(data: bytes) -> ParsedXml:
    """Parse outside XML; raise XmlError with a short reason.

    Well-formed answers take the fast path, one parse; repairs are tried only after a failure.
    """
    if not data.strip():
        raise XmlError("empty body")
    declared = _DECLARED_ENCODING.match(data)
    declared_name = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if declared_name in _LATIN1_NAMES and _is_utf8_with_non_ascii(data):
        repairs = (f"document declared {declared_name} but was UTF-8; read as UTF-8",)
        return ParsedXml(_checked(data, "utf-8"), repairs)
    if declared_name.startswith("utf-16") and _is_single_byte_ascii_start(data):
        # Seen in the wild (an Alma API): "UTF-16" declared over UTF-8 bytes, which no UTF-16
        # text can start with ('<?xml' in UTF-16 has a NUL after every ASCII byte, or a BOM).
        repairs = (f"document declared {declared_name} but was UTF-8; read as UTF-8",)
        return ParsedXml(_checked(_UTF16_DECLARATION.sub(b"", data, count=1), "utf-8"), repairs)
    try:
        return ParsedXml(_checked(data, None), ())
    except XmlError as exc:
        return _repaired(data, declared_name, exc)


def _repaired(data: bytes, declared_name: str, error: XmlError) -> ParsedXml:
    repairs: list[str] = []
    if _ILLEGAL_CHARS.search(data):
        data = _ILLEGAL_CHARS.sub(b" ", data)
        repairs.append("removed control characters that XML does not allow")
        try:
            return ParsedXml(_checked(data, None), tuple(repairs))
        except XmlError as exc:
            error = exc
    if declared_name not in ("utf-8", "utf8") or "encoding" not in str(error).lower():
        raise error
    repairs.append("invalid UTF-8 bytes read as Latin-1 (mixed encodings)")
    return ParsedXml(_checked(_utf8_with_latin1_repair(data), "utf-8"), tuple(repairs))


def _is_single_byte_ascii_start(data: bytes) -> bool:
    return data.lstrip()[:5] == b"<?xml" and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def _checked(data: bytes, encoding: str | None) -> etree._Element:
    try:
        return _parse(data, encoding)
    except etree.XMLSyntaxError as exc:
        raise XmlError(_describe(exc)) from None


def _describe(exc: etree.XMLSyntaxError) -> str:
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    if "amplification" in message or "entity reference loop" in message:
        return f"refused entity expansion ({message})"
    return message


def local_name(element: etree._Element) -> str:
    tag = element.tag  # "{namespace}name"; string slicing is ~5x faster than etree.QName here
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def serialise(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode")


def xml_text(text: str) -> str:
    """Any text as XML character data or an attribute value (quotes escaped too), always
    well-formed: characters XML forbids (NUL, most controls, lone surrogates, U+FFFE/FFFF)
    become U+FFFD, so what a request or a catalogue sends can never break an answer."""
    cleaned = _NOT_XML_CHARS.sub("\ufffd", text)
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )
