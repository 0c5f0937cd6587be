"""A thin ctypes binding to the ZOOM C API of YAZ (Debian's libyaz5, `libyaz.so.5`).

Only the calls federator makes are declared, each with its argtypes and restype as written in
YAZ 5.34's `<yaz/zoom.h>` (https://software.indexdata.com/yaz/doc/zoom.html). ZOOM objects are
not thread-safe: each one is created, used and destroyed by one thread (`reactor.py`'s). Records
belong to their result set and are never destroyed here; everything else is.

The socket calls (get_socket, get_mask, fire_event_socket, process) replace `ZOOM_event`: that one
blocks in poll() for whole seconds and cannot be woken, so a cancelled search would hold its
thread; driving the sockets ourselves gives sub-second timeouts and instant cancellation, as
pazpar2 does.
"""

from __future__ import annotations

import ctypes
import functools
from typing import TYPE_CHECKING, Any, TypeAlias, cast

LIBRARY = "libyaz.so.5"


class _Options(ctypes.Structure):
    """Opaque `struct ZOOM_options_p`; distinct pointer types let ctypes refuse a mix-up."""


class _Connection(ctypes.Structure):
    """Opaque `struct ZOOM_connection_p`."""


class _Resultset(ctypes.Structure):
    """Opaque `struct ZOOM_resultset_p`."""


class _Record(ctypes.Structure):
    """Opaque `struct ZOOM_record_p`."""


Options = ctypes.POINTER(_Options)
Connection = ctypes.POINTER(_Connection)
Resultset = ctypes.POINTER(_Resultset)
Record = ctypes.POINTER(_Record)
if TYPE_CHECKING:  # the pointer types for annotations: mypy then refuses a mix-up too
    OptionsP: TypeAlias = ctypes._Pointer[_Options]
    ConnectionP: TypeAlias = ctypes._Pointer[_Connection]
    ResultsetP: TypeAlias = ctypes._Pointer[_Resultset]
    RecordP: TypeAlias = ctypes._Pointer[_Record]
_text = ctypes.c_char_p
_out_text = ctypes.POINTER(ctypes.c_char_p)
_int = ctypes.c_int
# `const char *` results that may hold NUL bytes (records) or must not be converted yet.
_raw = ctypes.c_void_p

# name -> (restype, argtypes), transcribed from zoom.h; tests/z3950/test_zoom.py checks both.
SIGNATURES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "ZOOM_options_create": (Options, ()),
    "ZOOM_options_set": (None, (Options, _text, _text)),
    "ZOOM_options_destroy": (None, (Options,)),
    "ZOOM_connection_create": (Connection, (Options,)),
    "ZOOM_connection_connect": (None, (Connection, _text, _int)),
    "ZOOM_connection_option_get": (_text, (Connection, _text)),
    "ZOOM_connection_option_set": (None, (Connection, _text, _text)),
    "ZOOM_connection_search_pqf": (Resultset, (Connection, _text)),
    "ZOOM_connection_error_x": (_int, (Connection, _out_text, _out_text, _out_text)),
    "ZOOM_connection_get_socket": (_int, (Connection,)),
    "ZOOM_connection_get_mask": (_int, (Connection,)),
    "ZOOM_connection_fire_event_socket": (_int, (Connection, _int)),
    "ZOOM_connection_process": (_int, (Connection,)),
    "ZOOM_connection_last_event": (_int, (Connection,)),
    "ZOOM_connection_is_idle": (_int, (Connection,)),
    "ZOOM_connection_destroy": (None, (Connection,)),
    "ZOOM_resultset_size": (ctypes.c_size_t, (Resultset,)),
    "ZOOM_resultset_record_immediate": (Record, (Resultset, ctypes.c_size_t)),
    "ZOOM_resultset_destroy": (None, (Resultset,)),
    "ZOOM_record_get": (_raw, (Record, _text, ctypes.POINTER(_int))),
    "ZOOM_record_error": (_int, (Record, _out_text, _out_text, _out_text)),
}

# zoom.h: ZOOM_SELECT_* socket masks, ZOOM_EVENT_* kinds, ZOOM_ERROR_* codes (diagset "ZOOM").
SELECT_READ, SELECT_WRITE, SELECT_EXCEPT = 1, 2, 4
EVENT_NONE, EVENT_CONNECT, EVENT_SEND_APDU, EVENT_RECV_APDU = 0, 1, 6, 7
EVENT_RECV_RECORD, EVENT_RECV_SEARCH, EVENT_END = 8, 9, 10
ERROR_CONNECT, ERROR_MEMORY, ERROR_ENCODE, ERROR_DECODE = 10000, 10001, 10002, 10003
ERROR_CONNECTION_LOST, ERROR_INIT, ERROR_INTERNAL, ERROR_TIMEOUT = 10004, 10005, 10006, 10007
ERROR_UNSUPPORTED_PROTOCOL, ERROR_UNSUPPORTED_QUERY, ERROR_INVALID_QUERY = 10008, 10009, 10010


class ZoomMissingError(RuntimeError):
    """libyaz.so.5 is not installed: no Z39.50 (SRU-only deployments run without it)."""


@functools.cache
def library() -> ctypes.CDLL:
    """The library, loaded on first use, so that importing this module needs no YAZ."""
    try:
        loaded = ctypes.CDLL(LIBRARY)
    except OSError as exc:
        raise ZoomMissingError(f"{LIBRARY} not found: install the Debian package libyaz5") from exc
    for name, (restype, argtypes) in SIGNATURES.items():
        function = getattr(loaded, name)
        function.restype, function.argtypes = restype, argtypes
    return loaded


def options_create() -> OptionsP:
    return cast("OptionsP", library().ZOOM_options_create())


def options_set(options: OptionsP, name: str, value: str) -> None:
    library().ZOOM_options_set(options, name.encode(), value.encode())


def options_destroy(options: OptionsP) -> None:
    library().ZOOM_options_destroy(options)


def connection_create(options: OptionsP) -> ConnectionP:
    """The connection keeps its own reference to `options` (ZOOM counts them)."""
    return cast("ConnectionP", library().ZOOM_connection_create(options))


def connect(connection: ConnectionP, host: str, port: int) -> None:
    library().ZOOM_connection_connect(connection, host.encode(), port)


def option_get(connection: ConnectionP, key: str) -> str | None:
    value: bytes | None = library().ZOOM_connection_option_get(connection, key.encode())
    return None if value is None else value.decode("utf-8", "replace")


def option_set(connection: ConnectionP, key: str, value: str) -> None:
    library().ZOOM_connection_option_set(connection, key.encode(), value.encode())


def search_pqf(connection: ConnectionP, pqf: str) -> ResultsetP:
    return cast("ResultsetP", library().ZOOM_connection_search_pqf(connection, pqf.encode()))


def _text_of(value: ctypes.c_char_p) -> str:
    return (value.value or b"").decode("utf-8", "replace")


def error(connection: ConnectionP) -> tuple[int, str, str, str]:
    """(code, message, addinfo, diagset); code 0 is no error."""
    message, addinfo, diagset = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
    code: int = library().ZOOM_connection_error_x(
        connection, ctypes.byref(message), ctypes.byref(addinfo), ctypes.byref(diagset)
    )
    return code, _text_of(message), _text_of(addinfo), _text_of(diagset)


def get_socket(connection: ConnectionP) -> int:
    fd: int = library().ZOOM_connection_get_socket(connection)
    return fd


def get_mask(connection: ConnectionP) -> int:
    mask: int = library().ZOOM_connection_get_mask(connection)
    return mask


def fire_event_socket(connection: ConnectionP, mask: int) -> None:
    library().ZOOM_connection_fire_event_socket(connection, mask)


def next_event(connection: ConnectionP) -> int:
    """Run ZOOM's pending work and take one event off the queue: EVENT_NONE when there is none."""
    if not library().ZOOM_connection_process(connection):
        return EVENT_NONE
    event: int = library().ZOOM_connection_last_event(connection)
    return event


def is_idle(connection: ConnectionP) -> bool:
    return bool(library().ZOOM_connection_is_idle(connection))


def connection_destroy(connection: ConnectionP) -> None:
    library().ZOOM_connection_destroy(connection)


def resultset_size(resultset: ResultsetP) -> int:
    size: int = library().ZOOM_resultset_size(resultset)
    return size


def record_immediate(resultset: ResultsetP, position: int) -> RecordP | None:
    """The record at 0-based `position` if it has arrived; owned by the result set."""
    record = cast("RecordP", library().ZOOM_resultset_record_immediate(resultset, position))
    return record if record else None


def resultset_destroy(resultset: ResultsetP) -> None:
    library().ZOOM_resultset_destroy(resultset)


def record_get(record: RecordP, type_spec: str) -> bytes | None:
    """The record rendered as `type_spec` ("xml; charset=marc8,utf-8", "syntax", ...), copied."""
    length = _int()
    pointer = library().ZOOM_record_get(record, type_spec.encode(), ctypes.byref(length))
    return ctypes.string_at(pointer, length.value) if pointer else None


def record_error(record: RecordP) -> tuple[int, str, str, str]:
    """A surrogate diagnostic in place of the record: (code, message, addinfo, diagset)."""
    message, addinfo, diagset = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
    code: int = library().ZOOM_record_error(
        record, ctypes.byref(message), ctypes.byref(addinfo), ctypes.byref(diagset)
    )
    return code, _text_of(message), _text_of(addinfo), _text_of(diagset)
