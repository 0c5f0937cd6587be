"""A ParamError -> a message a patron reads, in the page's language, tied to its form field.

The API keeps the parser's English (for developers); pages never show it. The parser names the
parameter (`param`) and the kind of problem (`problem`); each pair maps to a message here.
"""

from __future__ import annotations

from dataclasses import dataclass

from federator.params import MAX_FILTER_VALUES, ParamError
from federator.query import MAX_CLAUSES, MAX_QUERY_CHARS
from federator.web.i18n import gettext, local_number

FORM_FIELDS = ("q", "title", "author", "subject", "isbn", "year")
_ADVANCED = frozenset(FORM_FIELDS[1:])


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldError:
    param: str
    field: str | None  # the form field's id when it is one on the page, else None
    message: str

    @property
    def is_advanced(self) -> bool:
        return self.field in _ADVANCED


def _message(param: str, problem: str) -> str:
    if param == "year" or (param in ("year_from", "year_to") and problem != "too_many_values"):
        return gettext("Enter a year, like 1879, or a range, like 1870-1880.")
    if problem == "too_long":
        return gettext("A search can be at most %(num)s characters long.") % {
            "num": local_number(MAX_QUERY_CHARS)
        }
    if problem == "too_many_terms":
        return gettext("The search has too many words (at most %(num)s). Remove some.") % {
            "num": MAX_CLAUSES
        }
    if problem == "empty":
        return gettext("Enter at least one word with letters or digits.")
    if problem == "missing":
        return gettext("Enter something to search for.")
    if problem == "conflict":
        return gettext("Use either the expert search (CQL) or the search fields, not both.")
    if param == "cql":
        return gettext("The expert search (CQL) could not be read. Check quotes and brackets.")
    if param == "isbn":
        return gettext("An ISBN has 10 or 13 digits, like 91-7429-530-6.")
    if param in ("page", "page_size"):
        return gettext("The page number in the address is not one we have.")
    if problem == "too_many_values":
        return gettext("At most %(num)s choices of one filter at a time.") % {
            "num": MAX_FILTER_VALUES
        }
    if param in FORM_FIELDS:
        return gettext("This search could not be understood. Try other words.")
    return gettext("A filter in the address could not be understood.")


def field_error(error: ParamError) -> FieldError:
    field = error.param if error.param in FORM_FIELDS else None
    return FieldError(param=error.param, field=field, message=_message(error.param, error.problem))
