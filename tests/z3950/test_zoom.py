"""The ctypes binding: declared signatures match zoom.h, and each call does what the header says."""

from __future__ import annotations

import ctypes
import re
import unicodedata

from federator.z3950 import zoom
from tests.realservers import free_port
from tests.z3950.conftest import Address

# Verbatim from <yaz/zoom.h> of YAZ 5.34 (Debian libyaz-dev), one prototype per bound call.
ZOOM_H = """
ZOOM_options ZOOM_options_create(void);
void ZOOM_options_set(ZOOM_options opt, const char *name, const char *v);
void ZOOM_options_destroy(ZOOM_options opt);
ZOOM_connection ZOOM_connection_create(ZOOM_options options);
void ZOOM_connection_connect(ZOOM_connection c, const char *host, int portnum);
const char * ZOOM_connection_option_get(ZOOM_connection c, const char *key);
void ZOOM_connection_option_set(ZOOM_connection c, const char *key, const char *val);
ZOOM_resultset ZOOM_connection_search_pqf(ZOOM_connection c, const char *q);
int ZOOM_connection_error_x(ZOOM_connection c, const char **cp, const char **addinfo,
                            const char **diagset);
int ZOOM_connection_get_socket(ZOOM_connection c);
int ZOOM_connection_get_mask(ZOOM_connection c);
int ZOOM_connection_fire_event_socket(ZOOM_connection c, int mask);
int ZOOM_connection_process(ZOOM_connection c);
int ZOOM_connection_last_event(ZOOM_connection cs);
int ZOOM_connection_is_idle(ZOOM_connection c);
void ZOOM_connection_destroy(ZOOM_connection c);
size_t ZOOM_resultset_size(ZOOM_resultset r);
ZOOM_record ZOOM_resultset_record_immediate(ZOOM_resultset s, size_t pos);
void ZOOM_resultset_destroy(ZOOM_resultset r);
const char * ZOOM_record_get(ZOOM_record rec, const char *type, int *len);
int ZOOM_record_error(ZOOM_record rec, const char **msg, const char **addinfo,
                      const char **diagset);
"""
C_TYPES = {
    "void": None,
    "int": ctypes.c_int,
    "size_t": ctypes.c_size_t,
    "const char *": ctypes.c_char_p,
    "const char **": ctypes.POINTER(ctypes.c_char_p),
    "int *": ctypes.POINTER(ctypes.c_int),
    "ZOOM_options": zoom.Options,
    "ZOOM_connection": zoom.Connection,
    "ZOOM_resultset": zoom.Resultset,
    "ZOOM_record": zoom.Record,
}
_PROTOTYPE = re.compile(r"(.+?)\s*\b(ZOOM_\w+)\((.*?)\);", re.S)
_PARAMETER = re.compile(r"(?P<base>[\w ]+?)\s*(?P<stars>\**)\s*\b(?P<name>\w+)")
_RESULT = re.compile(r"(?P<base>[\w ]+?)\s*(?P<stars>\**)")


def _c_type(declaration: str, *, named: bool) -> object:
    """ "const char **cp" -> POINTER(c_char_p); the parameter name, if any, is dropped."""
    match = (_PARAMETER if named else _RESULT).fullmatch(" ".join(declaration.split()))
    assert match is not None, declaration
    base, stars = match.group("base", "stars")
    return C_TYPES[f"{base} {stars}" if stars else base]


def header_signatures() -> dict[str, tuple[object, tuple[object, ...]]]:
    found: dict[str, tuple[object, tuple[object, ...]]] = {}
    for result, name, params in _PROTOTYPE.findall(ZOOM_H):
        arguments = tuple(_c_type(p, named=True) for p in params.split(",") if p != "void")
        found[name] = (_c_type(result, named=False), arguments)
    return found


def test_every_bound_call_is_declared_as_in_zoom_h() -> None:
    expected = header_signatures()
    assert set(zoom.SIGNATURES) == set(expected)
    for name, (restype, argtypes) in expected.items():
        function = getattr(zoom.library(), name)
        assert tuple(function.argtypes) == argtypes, name
        # Records may hold NUL bytes: ZOOM_record_get's result stays a raw pointer, read by length.
        wanted = ctypes.c_void_p if name == "ZOOM_record_get" else restype
        assert function.restype == wanted, name
        assert zoom.SIGNATURES[name] == (wanted, argtypes), name


def test_handle_types_are_not_interchangeable() -> None:
    options = zoom.options_create()
    try:
        try:
            zoom.library().ZOOM_connection_get_socket(options)
        except ctypes.ArgumentError:
            pass
        else:
            raise AssertionError("ctypes let an options handle pass as a connection")
    finally:
        zoom.options_destroy(options)


def test_a_fresh_connection_has_no_socket_no_error_and_nothing_to_do() -> None:
    options = zoom.options_create()
    zoom.options_set(options, "async", "1")
    connection = zoom.connection_create(options)
    zoom.options_destroy(options)  # the connection keeps its own reference
    try:
        assert zoom.option_get(connection, "async") == "1"
        assert zoom.option_get(connection, "no such option") is None
        assert zoom.get_socket(connection) == -1 and zoom.get_mask(connection) == 0
        assert zoom.error(connection) == (0, "No error", "", "ZOOM")
        assert zoom.is_idle(connection)
        assert zoom.next_event(connection) == zoom.EVENT_NONE
    finally:
        zoom.connection_destroy(connection)


def test_refused_connect_in_blocking_mode_sets_the_connect_error() -> None:
    connection = zoom.connection_create(zoom.options_create())
    try:
        port = free_port()
        zoom.connect(connection, "127.0.0.1", port)  # blocking: nothing listens, so instant
        code, message, addinfo, diagset = zoom.error(connection)
        assert (code, message, addinfo, diagset) == (
            zoom.ERROR_CONNECT,
            "Connect failed",
            f"127.0.0.1:{port}",
            "ZOOM",
        )
    finally:
        zoom.connection_destroy(connection)


def test_blocking_search_size_records_and_rendering(marc_zebra: Address) -> None:
    """The calls the reactor makes, in ZOOM's blocking mode; also proves the test Zebra sends
    real MARC-8 (leader/09 blank, combining umlaut 0xE8 before the base letter)."""
    options = zoom.options_create()
    for name, value in {
        "databaseName": "catalogue",
        "preferredRecordSyntax": "usmarc",
        "elementSetName": "marc8",
        "count": "2",
    }.items():
        zoom.options_set(options, name, value)
    connection = zoom.connection_create(options)
    zoom.options_destroy(options)
    resultset = None
    try:
        zoom.connect(connection, *marc_zebra)
        resultset = zoom.search_pqf(connection, '@attr 1=id @attr 4=3 "dia0006"')
        assert zoom.error(connection)[0] == 0
        assert zoom.resultset_size(resultset) == 1
        record = zoom.record_immediate(resultset, 0)
        assert record is not None and zoom.record_immediate(resultset, 1) is None
        raw = zoom.record_get(record, "raw")
        assert raw is not None and raw[9:10] == b" " and b"G\xe8osta" in raw
        xml = zoom.record_get(record, "xml; charset=marc8,utf-8")
        # MARC-8 puts the mark before its letter; YAZ gives it back after it (NFD).
        assert xml is not None and unicodedata.normalize("NFD", "Gösta").encode() in xml
        assert zoom.record_get(record, "syntax") == b"USmarc"
        assert zoom.record_get(record, "database") == b"catalogue"
        assert zoom.record_error(record) == (0, "", "", "")
    finally:
        if resultset is not None:
            zoom.resultset_destroy(resultset)
        zoom.connection_destroy(connection)
