"""CQL 1.2 syntax: a tokenizer and recursive-descent parser, plus term quoting.

Only syntax lives here; which indexes and relations federator accepts is decided in query.py.
Spec: https://www.loc.gov/standards/sru/cql/spec.html . We do not use the PyPI `cql-parser`:
its lexer mis-reads a term ending in an escaped backslash ("a\\\\") and its toCQL() drops the
quotes around reserved words, so `title="and"` comes back as the invalid `title = and`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BOOLEANS = frozenset({"and", "or", "not", "prox"})
COMPARITOR_SYMBOLS = ("==", "<>", "<=", ">=", "=", "<", ">")
_NOT_RELATIONS = BOOLEANS | {"sortby"}
_MASKING = frozenset("*?^")
_WHITESPACE = re.compile(r"\s+")


class CqlSyntaxError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"CQL syntax error at position {position + 1}: {message}")
        self.position = position


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word" (unquoted), "quoted", "symbol", "end"
    text: str  # for quoted: the escaped content between the quotes
    position: int


@dataclass(frozen=True, slots=True)
class CqlClause:
    index: str | None
    relation: str | None
    modifiers: tuple[str, ...]
    term: str  # escaped content, as between quotes


@dataclass(frozen=True, slots=True)
class CqlBoolean:
    operator: str
    modifiers: tuple[str, ...]
    left: CqlNode
    right: CqlNode


CqlNode = CqlClause | CqlBoolean


def quote_term(text: str) -> str:
    """Escape free text into the content of a quoted CQL term: every character literal."""
    collapsed = _WHITESPACE.sub(" ", text).strip()
    out = []
    for char in collapsed:
        if char == "\\" or char == '"' or char in _MASKING:
            out.append("\\")
        out.append(char)
    return "".join(out)


def unescape_term(escaped: str) -> str:
    """Inverse of quote_term (masking characters come back literal)."""
    out = []
    chars = iter(escaped)
    for char in chars:
        out.append(next(chars, "\\") if char == "\\" else char)
    return "".join(out)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, length = 0, len(text)
    while i < length:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == '"':
            i = _read_quoted(text, i, tokens)
        elif char in "()/":
            tokens.append(Token("symbol", char, i))
            i += 1
        elif char in "<>=":
            symbol = next(s for s in COMPARITOR_SYMBOLS if text.startswith(s, i))
            tokens.append(Token("symbol", symbol, i))
            i += len(symbol)
        else:
            start = i
            while i < length and not text[i].isspace() and text[i] not in '()/<>="':
                i += 1
            tokens.append(Token("word", text[start:i], start))
    tokens.append(Token("end", "", length))
    return tokens


def _read_quoted(text: str, start: int, tokens: list[Token]) -> int:
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            tokens.append(Token("quoted", text[start + 1 : i], start))
            return i + 1
        i += 1
    raise CqlSyntaxError("unterminated quoted term", start)


MAX_DEPTH = 32


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.current
        self.pos += 1
        return token

    def is_boolean(self, token: Token) -> bool:
        return token.kind == "word" and token.text.lower() in BOOLEANS

    def parse(self) -> CqlNode:
        if self.current.kind == "symbol" and self.current.text == ">":
            raise CqlSyntaxError("prefix assignments are not supported", self.current.position)
        node = self.scoped_clause()
        token = self.current
        if token.kind == "word" and token.text.lower() == "sortby":
            raise CqlSyntaxError("sortby is not supported; use the sort parameter", token.position)
        if token.kind != "end":
            raise CqlSyntaxError(f"unexpected {token.text!r}", token.position)
        return node

    def scoped_clause(self) -> CqlNode:
        node = self.search_clause()
        while self.is_boolean(self.current):
            operator = self.advance().text.lower()
            modifiers = self.modifiers()
            node = CqlBoolean(operator, modifiers, node, self.search_clause())
        return node

    def search_clause(self) -> CqlNode:
        token = self.current
        if token.kind == "symbol" and token.text == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise CqlSyntaxError(f"parentheses nested deeper than {MAX_DEPTH}", token.position)
            self.advance()
            node = self.scoped_clause()
            self.depth -= 1
            if not (self.current.kind == "symbol" and self.current.text == ")"):
                raise CqlSyntaxError("missing ')'", self.current.position)
            self.advance()
            return node
        first = self.term("a search term")
        following = self.current
        if following.kind == "symbol" and following.text in COMPARITOR_SYMBOLS:
            relation = self.advance().text
        elif following.kind == "word" and following.text.lower() not in _NOT_RELATIONS:
            relation = self.advance().text  # a named comparitor: any, all, adj, within ...
        else:
            return CqlClause(None, None, (), first)
        modifiers = self.modifiers()
        return CqlClause(first, relation, modifiers, self.term(f"a search term after {relation!r}"))

    def term(self, expected: str) -> str:
        token = self.current
        if token.kind == "quoted" or (token.kind == "word" and not self.is_boolean(token)):
            self.advance()
            return token.text
        found = "the end of the query" if token.kind == "end" else repr(token.text)
        raise CqlSyntaxError(f"expected {expected}, found {found}", token.position)

    def modifiers(self) -> tuple[str, ...]:
        found = []
        while self.current.kind == "symbol" and self.current.text == "/":
            self.advance()
            name = self.term("a modifier name")
            if self.current.kind == "symbol" and self.current.text in COMPARITOR_SYMBOLS:
                symbol = self.advance().text
                name = f"{name}{symbol}{self.term('a modifier value')}"
            found.append(name)
        return tuple(found)


def parse_cql(text: str) -> CqlNode:
    """Parse CQL 1.2 (without prefix assignments and sortby) into a syntax tree."""
    if not text.strip():
        raise CqlSyntaxError("empty query", 0)
    return _Parser(text).parse()
