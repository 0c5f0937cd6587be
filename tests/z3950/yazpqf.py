"""YAZ's own PQF parser (`yaz_pqf_parse`, libyaz.so.5) as a test oracle: what a server would get.

The parse tree is read through ctypes mirrors of the structs in `<yaz/z-core.h>` (YAZ 5.34);
only the members on the path to terms and attributes are walked.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

_lib = ctypes.CDLL("libyaz.so.5")
_ODR_ENCODE = 1
_OPERATORS = {1: "and", 2: "or", 3: "not", 4: "prox"}


class _Oct(ctypes.Structure):
    _fields_ = [("buf", ctypes.c_void_p), ("len", ctypes.c_int)]


class _Tagged(ctypes.Structure):
    """Every `{int which; union {T *a; U *b; ...} u;}` in z-core.h: a tag and one pointer."""

    _fields_ = [("which", ctypes.c_int), ("u", ctypes.c_void_p)]


class _AttributeElement(ctypes.Structure):
    _fields_ = [
        ("attributeSet", ctypes.c_void_p),
        ("attributeType", ctypes.POINTER(ctypes.c_longlong)),
        ("which", ctypes.c_int),
        ("value", ctypes.c_void_p),
    ]


class _AttributeList(ctypes.Structure):
    _fields_ = [
        ("num_attributes", ctypes.c_int),
        ("attributes", ctypes.POINTER(ctypes.POINTER(_AttributeElement))),
    ]


class _ComplexAttribute(ctypes.Structure):
    _fields_ = [("num_list", ctypes.c_int), ("list", ctypes.POINTER(ctypes.POINTER(_Tagged)))]


class _AttributesPlusTerm(ctypes.Structure):
    _fields_ = [("attributes", ctypes.POINTER(_AttributeList)), ("term", ctypes.POINTER(_Tagged))]


class _Complex(ctypes.Structure):
    _fields_ = [
        ("s1", ctypes.POINTER(_Tagged)),
        ("s2", ctypes.POINTER(_Tagged)),
        ("roperator", ctypes.POINTER(_Tagged)),
    ]


class _RPNQuery(ctypes.Structure):
    _fields_ = [("attributeSetId", ctypes.c_void_p), ("RPNStructure", ctypes.POINTER(_Tagged))]


_lib.odr_createmem.restype, _lib.odr_createmem.argtypes = ctypes.c_void_p, [ctypes.c_int]
_lib.odr_destroy.restype, _lib.odr_destroy.argtypes = None, [ctypes.c_void_p]
_lib.yaz_pqf_create.restype, _lib.yaz_pqf_create.argtypes = ctypes.c_void_p, []
_lib.yaz_pqf_destroy.restype, _lib.yaz_pqf_destroy.argtypes = None, [ctypes.c_void_p]
_lib.yaz_pqf_parse.restype = ctypes.POINTER(_RPNQuery)
_lib.yaz_pqf_parse.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p]


@dataclass(frozen=True)
class Term:
    term: bytes
    attributes: tuple[tuple[int, str], ...]  # (type, value) in query order


@dataclass(frozen=True)
class Operator:
    operator: str
    left: Term | Operator
    right: Term | Operator


def _deref(address: int | None, kind: type[ctypes.Structure]) -> ctypes.Structure:
    assert address, f"NULL {kind.__name__}"
    return kind.from_address(address)


def _value(element: _AttributeElement) -> str:
    if element.which == 1:  # Z_AttributeValue_numeric
        return str(ctypes.c_longlong.from_address(element.value).value)
    complex_value = _deref(element.value, _ComplexAttribute)
    assert isinstance(complex_value, _ComplexAttribute) and complex_value.num_list == 1
    first = complex_value.list[0].contents
    assert first.which == 1, "a string attribute value"  # Z_StringOrNumeric_string
    return ctypes.string_at(first.u).decode("utf-8")


def _term(apt: _AttributesPlusTerm) -> Term:
    term = apt.term.contents
    assert term.which == 1, f"a general term, not kind {term.which}"  # Z_Term_general
    octets = _deref(term.u, _Oct)
    assert isinstance(octets, _Oct)
    attributes = []
    listing = apt.attributes.contents
    for i in range(listing.num_attributes):
        element = listing.attributes[i].contents
        attributes.append((int(element.attributeType.contents.value), _value(element)))
    return Term(term=ctypes.string_at(octets.buf, octets.len), attributes=tuple(attributes))


def _structure(node: _Tagged) -> Term | Operator:
    if node.which == 1:  # Z_RPNStructure_simple -> Z_Operand
        operand = _deref(node.u, _Tagged)
        assert isinstance(operand, _Tagged) and operand.which == 1, "attributes plus term"
        apt = _deref(operand.u, _AttributesPlusTerm)
        assert isinstance(apt, _AttributesPlusTerm)
        return _term(apt)
    complex_node = _deref(node.u, _Complex)
    assert isinstance(complex_node, _Complex)
    operator = _OPERATORS[complex_node.roperator.contents.which]
    return Operator(
        operator=operator,
        left=_structure(complex_node.s1.contents),
        right=_structure(complex_node.s2.contents),
    )


def parse_pqf(text: str) -> Term | Operator | None:
    """The tree YAZ parses `text` into, or None when YAZ refuses it."""
    odr = _lib.odr_createmem(_ODR_ENCODE)
    parser = _lib.yaz_pqf_create()
    try:
        query = _lib.yaz_pqf_parse(parser, odr, text.encode("utf-8"))
        if not query:
            return None
        return _structure(query.contents.RPNStructure.contents)
    finally:
        _lib.yaz_pqf_destroy(parser)
        _lib.odr_destroy(odr)


def terms(node: Term | Operator | None) -> list[Term]:
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    return terms(node.left) + terms(node.right)
