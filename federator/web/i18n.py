"""One translation mechanism for every visible string: gettext catalogues (Babel), Swedish first.

Templates write English msgids inside `_()`; `locale/sv/LC_MESSAGES/messages.po` holds the
Swedish. The .po files are compiled in memory at start, so there is no build step and no
binary in the repository. Dates and numbers are formatted per locale by Babel.
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from importlib.resources import files

from babel.dates import format_date, format_time, get_timezone
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES = ("sv", "en")
DEFAULT_LOCALE = "sv"
TIMEZONE = get_timezone("Europe/Stockholm")  # the county's clock, whatever the server's is
locale_var: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    if locale == "en":  # the msgids are English
        return NullTranslations()
    source = files("federator.web") / "locale" / locale / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str) -> str:
    return translations(locale_var.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(locale_var.get()).ngettext(singular, plural, count)


def pick_locale(asked: str | None, cookie: str | None, accept_language: str | None) -> str:
    """?lang= first, then the cookie the switch set, then the browser's Accept-Language."""
    for choice in (asked, cookie):
        if choice in LOCALES:
            return choice
    weighted = []
    for part in (accept_language or "").split(","):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        language = tag.split("-")[0].lower()
        if language in LOCALES:
            weighted.append((weight, language))
    return max(weighted)[1] if weighted else DEFAULT_LOCALE


def local_date(value: date | None) -> str:
    return format_date(value, format="long", locale=locale_var.get()) if value else ""


def local_number(value: float | int) -> str:
    return str(format_decimal(value, locale=locale_var.get()))


def local_time(value: datetime) -> str:
    """An aware moment as the county's clock shows it: "1 december 2026 kl. 10:33"."""
    locale = locale_var.get()
    local = value.astimezone(TIMEZONE)
    return gettext("%(date)s at %(time)s") % {
        "date": format_date(local.date(), format="long", locale=locale),
        "time": format_time(local, "HH:mm", locale=locale),
    }


def local_clock(value: datetime, now: datetime) -> str:
    """ "kl. 10:33" today, the date too on another day: for times shown on every row."""
    local, today = value.astimezone(TIMEZONE), now.astimezone(TIMEZONE)
    if local.date() != today.date():
        return local_time(value)
    return gettext("at %(time)s") % {"time": format_time(local, "HH:mm", locale=locale_var.get())}
