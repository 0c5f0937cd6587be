"""Frozen value types shared by every layer: targets, queries, source records, holdings.

This module does no I/O and imports nothing else of federator; normalising constructors live
with the code that reads the outside world (config, connectors).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum


class HoldingStatus(StrEnum):  # StrEnum: json.dumps gives "on_loan", not "HoldingStatus.ON_LOAN"
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    IN_TRANSIT = "in_transit"
    ON_HOLD = "on_hold"
    ON_ORDER = "on_order"
    NOT_FOR_LOAN = "not_for_loan"
    LOST = "lost"
    WITHDRAWN = "withdrawn"  # gallrad: no longer in the collection
    ONLINE = "online"  # an e-book or stream: access by link, not a copy on a shelf
    UNKNOWN = "unknown"


# When several signs in one item field disagree, the first in this order decides: a copy on
# loan is on loan whatever its loan category says; a lost one is lost whatever its due date.
STATUS_PRECEDENCE = (
    HoldingStatus.WITHDRAWN,
    HoldingStatus.LOST,
    HoldingStatus.ONLINE,
    HoldingStatus.ON_LOAN,
    HoldingStatus.IN_TRANSIT,
    HoldingStatus.ON_HOLD,
    HoldingStatus.ON_ORDER,
    HoldingStatus.NOT_FOR_LOAN,
    HoldingStatus.AVAILABLE,
    HoldingStatus.UNKNOWN,
)


class ItemFlag(StrEnum):
    """What else an item field says about a copy, beside its status."""

    DAMAGED = "damaged"
    RESTRICTED = "restricted"  # restricted access (Koha 952 $5)
    NO_ILL = "no_ill"  # lent at home, not on interlibrary loan ("Ej fjärrlån")
    REFERENCE = "reference"  # read in the library only


class Format(StrEnum):
    BOOK = "book"
    EBOOK = "ebook"
    AUDIOBOOK = "audiobook"
    TALKING_BOOK = "talking_book"
    VIDEO = "video"
    MUSIC = "music"
    PERIODICAL = "periodical"
    LARGE_PRINT = "large_print"
    MAP = "map"
    OTHER = "other"


class Field(StrEnum):
    """Abstract search fields; each target maps them to its own CQL index names."""

    ANY = "any"
    TITLE = "title"
    AUTHOR = "author"
    SUBJECT = "subject"
    ISBN = "isbn"
    ISSN = "issn"
    YEAR = "year"


# The dc/bath/cql names most SRU servers (Zebra's default CQL mapping among them) understand.
DEFAULT_INDEXES: tuple[tuple[Field, str], ...] = (
    (Field.ANY, "cql.serverChoice"),
    (Field.TITLE, "dc.title"),
    (Field.AUTHOR, "dc.creator"),
    (Field.SUBJECT, "dc.subject"),
    (Field.ISBN, "bath.isbn"),
    (Field.ISSN, "bath.issn"),
    (Field.YEAR, "dc.date"),
)


class Protocol(StrEnum):
    SRU = "sru"
    Z3950 = "z3950"  # through YAZ's ZOOM (federator/z3950); options in Settings.z3950


class Widening(StrEnum):
    """How a target is asked for the forms of a word a patron means ("berling" -> "Berlings")."""

    NONE = "none"  # the words as typed
    FORMS = "forms"  # an OR of the word and its likely inflected forms: any CQL server takes it
    TRUNCATION = "truncation"  # right truncation of the stem ("berling*"): needs CQL masking


class RelevanceOrder(StrEnum):
    """How a target is asked to return its most relevant records first."""

    NONE = "none"  # its own order (often the order records were added)
    MODIFIER = "modifier"  # the CQL relation modifier /relevant on every term (Zebra: 2=102)
    SORTBY = "sortby"  # CQL 1.2+ "sortby <relevance_index>"
    SORTKEYS = "sortkeys"  # the SRU 1.1/2.0 parameter sortKeys=<relevance_index>


@dataclass(frozen=True, slots=True, kw_only=True)
class Branch:
    """One service point, keyed by the code a target's holdings carry (852 $b, 952 $a/$b)."""

    code: str
    name: str
    library: str  # the library (organisation) the branch belongs to
    municipality: str
    library_id: str = ""  # the library's stable slug ("nora-bibliotek"), for URLs and cookies


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemRule:
    """One sign in an item field: a subfield value matching `match` (a case-insensitive regular
    expression; "" matches any value) means `status` and/or `flags`. A named group `due` in
    the expression captures the due date ("Utlånad t.o.m. 2026-12-05")."""

    subfield: str
    match: str = ""
    status: HoldingStatus | None = None
    flags: tuple[ItemFlag, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemProfile:
    """Where a target's records carry their copies and what the local codes mean: a preset
    (852, Koha 952, Alma AVA, III 945, Sirsi 999, Libris) with the target's own overrides."""

    preset: str
    field: str  # the tag of the item or holdings field ("852", "952", "AVA", ...)
    branch_subfield: str | None
    home_branch_subfield: str | None = None
    call_number_subfields: tuple[str, ...] = ()
    location_subfield: str | None = None
    item_type_subfield: str | None = None
    due_date_subfield: str | None = None  # a date here means on loan
    note_subfields: tuple[str, ...] = ()  # public notes; also read for status words
    group_subfield: str | None = None  # Libris: every field of one library's holding has $5
    rules: tuple[ItemRule, ...] = ()  # the preset's
    # The target's own codes: where one of them matches a subfield, the preset's rules for
    # that subfield are not read ("notforloan=2" means loanable here, whatever Koha says).
    local_rules: tuple[ItemRule, ...] = ()
    # When no rule decides: a system that exports circulation data (Koha) says nothing for a
    # copy on the shelf; one that does not (plain 852) leaves it unknown.
    default_status: HoldingStatus = HoldingStatus.UNKNOWN
    no_ill_item_types: frozenset[str] = frozenset()
    # The field lists physical copies only (Alma's AVA; its AVE is the electronic one), even
    # in a record that also describes an online version.
    physical_only: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class IllRules:
    """What a catalogue's libraries lend on interlibrary loan (fjärrlån): data, not code.
    Formats and item types not named here follow the defaults (`federator.ill.rules`)."""

    excluded_formats: frozenset[Format] = frozenset()  # many lend no films or audiobooks
    formats: tuple[tuple[Format, bool], ...] = ()  # this catalogue's own word per format
    item_types: tuple[tuple[str, bool], ...] = ()  # per item type (the catalogue's code)
    min_age_months: int = 0  # titles newer than this are bought, not lent
    lends_reference_copies: bool = False
    lends_reserved_copies: bool = False  # a copy with a reservation queue


@dataclass(frozen=True, slots=True, kw_only=True)
class PostalAddress:
    """Where the county transport (or the post) delivers to a library; ISO 18626's
    physicalAddress."""

    line1: str
    line2: str | None = None
    postal_code: str
    locality: str
    country: str = "SE"  # ISO 3166-1


@dataclass(frozen=True, slots=True, kw_only=True)
class Library:
    """One library (an organisation with branches) and what interlibrary loan needs of it."""

    id: str  # a slug of the name, for URLs and the ILL staff's cookie
    name: str
    municipality: str
    isil: str | None = None  # ISO 15511 ("SE-Ob"): the agency id in ISO 18626 messages
    sigel: str | None = None  # the Libris library code
    ill_email: str | None = None
    address: PostalAddress | None = None
    route: str | None = None  # the county transport route it is on; None: sent by post
    # Libraries of one network share a catalogue and a card (Bergslagsbibblan's nine):
    # between them a copy is reserved, not lent on ILL. The target's id unless configured.
    network: str = ""
    ill_lent: int | None = None  # last year's ILL loans out, to spread the load
    ill_borrowed: int | None = None  # and in


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A catalogue answering SRU or Z39.50. Not a municipality: one target may serve many
    libraries."""

    id: str
    name: str
    url: str  # full SRU base URL, database path included; z3950://host:port/database
    protocol: Protocol = Protocol.SRU
    sru_version: str = "1.2"
    record_schema: str = "marcxml"
    record_packing: str = "xml"  # "xml" or "string" (SRU 2.0 calls it recordXMLEscaping)
    http_method: str = "get"
    indexes: tuple[tuple[Field, str], ...] = DEFAULT_INDEXES
    holdings: ItemProfile | None = None
    branches: tuple[Branch, ...] = ()
    libraries: tuple[Library, ...] = ()
    record_url: str | None = None  # template with {record_id}
    ill: IllRules = IllRules()
    timeout_s: float = 5.0
    connect_timeout_s: float = 2.0
    max_records: int = 50
    page_size: int = 50
    enabled: bool = True
    widening: Widening = Widening.FORMS
    relevance: RelevanceOrder = RelevanceOrder.NONE
    relevance_index: str = ""  # the sort key for relevance (sortby, sortkeys)

    def index_for(self, field: Field) -> str | None:
        for known, index in self.indexes:
            if known is field:
                return index
        return None

    def branch(self, code: str) -> Branch | None:
        for branch in self.branches:
            if branch.code == code:
                return branch
        return None

    def library(self, name: str) -> Library | None:
        return next((lib for lib in self.libraries if lib.name == name), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Clause:
    """One CQL search clause. `term` is CQL-escaped text, as it goes between the quotes."""

    field: Field
    relation: str = "="
    term: str
    modifiers: tuple[str, ...] = ()
    widen: bool = False  # a word a patron typed: each target may ask for its other forms


@dataclass(frozen=True, slots=True, kw_only=True)
class BooleanNode:
    operator: str  # and | or | not | prox
    left: QueryNode
    right: QueryNode
    modifiers: tuple[str, ...] = ()


QueryNode = Clause | BooleanNode


@dataclass(frozen=True, slots=True, kw_only=True)
class Query:
    root: QueryNode
    source: str  # what the user typed, for logs at DEBUG and for display
    is_expert_cql: bool = False
    rank_text: str = ""  # words that order the results without being searched (a subtitle)


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    name: str
    dates: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Holding:
    """One copy at one library or branch, carrying where it was seen: its own source record."""

    target: str
    record_id: str  # the source record in `target` that lists this copy
    library: str
    municipality: str | None = None
    branch: str | None = None
    branch_code: str | None = None
    call_number: str | None = None
    location: str | None = None
    status: HoldingStatus = HoldingStatus.UNKNOWN
    raw_status: str | None = None  # the catalogue's own code, kept for staff
    due_date: date | None = None
    item_type: str | None = None
    flags: tuple[ItemFlag, ...] = ()
    ill_allowed: bool | None = None  # None: the catalogue does not say
    note: str | None = None
    url: str | None = None  # the source record in the library's own catalogue
    cached_at: datetime | None = None  # from the cache index: the status is this old

    @property
    def is_available(self) -> bool:
        return self.status is HoldingStatus.AVAILABLE


@dataclass(frozen=True, slots=True, kw_only=True)
class OnlineLink:
    url: str
    label: str | None = None  # "Available online from Springer", a licence period


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRecord:
    """One target's record, mapped from MARCXML or Dublin Core."""

    target: str
    record_id: str
    schema: str  # "marcxml" or "dc"
    title: str
    subtitle: str | None = None
    part: str | None = None  # 245 $n $p: a volume or part of a multi-part work
    authors: tuple[Author, ...] = ()
    year: int | None = None
    isbns: tuple[str, ...] = ()  # valid, as ISBN-13
    invalid_isbns: tuple[str, ...] = ()  # bad check digit or cancelled (020 $z): never merge keys
    issns: tuple[str, ...] = ()
    edition: str | None = None
    publisher: str | None = None
    language: str | None = None
    languages: tuple[str, ...] = ()
    format: Format = Format.OTHER
    subjects: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    # The work this is an edition of, when the record names it (240/130, 765, an original
    # title note): translations group with their original under it.
    uniform_title: str | None = None
    extent: str | None = None  # 300: "342 s. : ill. ; 22 cm"
    notes: tuple[str, ...] = ()  # 5XX a patron reads
    contents: tuple[str, ...] = ()  # 505, one entry per part
    classifications: tuple[str, ...] = ()  # SAB codes (084 $2 kssb)
    holdings: tuple[Holding, ...] = ()
    url: str | None = None  # the record in the library's own catalogue
    original_script: tuple[str, ...] = ()  # 880: title, names and more in their own script
    online: tuple[OnlineLink, ...] = ()  # where the resource itself is read or heard
    raw: str = ""  # the record as the target sent it, for the staff MARC view
    cached_at: datetime | None = None  # set when it comes from the cache index: data this old

    def as_cached(self, at: datetime) -> SourceRecord:
        """This record as the cache index gives it back: it and its copies are `at` old."""
        holdings = tuple(replace(h, cached_at=at) for h in self.holdings)
        return replace(self, cached_at=at, holdings=holdings)


class TargetState(StrEnum):
    OK = "ok"
    TIMEOUT = "timeout"
    ERROR = "error"
    CACHED = "cached"
    SKIPPED = "skipped"


class ErrorKind(StrEnum):
    """Why a target failed (`TargetError.kind`); the API shows it as `error_kind`."""

    ERROR = "error"
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"  # refused, reset, DNS, HTTP 5xx
    PROTOCOL = "protocol"  # not SRU: HTML, bad XML, oversize body, HTTP 4xx
    DIAGNOSTIC = "diagnostic"  # the server refused the query with a diagnostic
    UNSUPPORTED = "unsupported"  # the query needs an index this target lacks
    BUG = "bug"  # our own code failed on this target's answer
    QUEUED = "queued"  # the deadline passed while waiting for one of our own connection slots

    @property
    def blames_target(self) -> bool:
        """Is this the catalogue's failure (for its circuit breaker), or ours?"""
        return self is not ErrorKind.QUEUED and not self.proves_alive

    @property
    def proves_alive(self) -> bool:
        """The catalogue answered, just not with records: no reason to suspend it."""
        return self in (ErrorKind.DIAGNOSTIC, ErrorKind.UNSUPPORTED)

    @property
    def cache_can_stand_in(self) -> bool:
        """A failure of the catalogue, not of the query: cached records are worth showing."""
        return not self.proves_alive


class SkipReason(StrEnum):
    """Why a target was not asked at all (state `skipped`)."""

    DISABLED = "disabled"  # `enabled = false` in the configuration
    SUSPENDED = "suspended"  # its circuit breaker is open
    BUSY = "busy"  # every live-search slot was taken: the cache answers instead


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetStatus:
    """How one target fared in one search; every target gets one, whatever happened."""

    target: str
    name: str
    state: TargetState
    message: str | None = None
    error_kind: ErrorKind | None = None
    skip_reason: SkipReason | None = None
    hits: int | None = None
    fetched: int = 0
    elapsed_ms: float = 0.0
    sru_version: str | None = None
    warnings: tuple[str, ...] = ()
    cached_age_s: float | None = None  # state cached: how old the oldest record shown is
    # The catalogue has more than was fetched: the SRU startRecord of the next ones.
    next_record: int | None = None

    @property
    def is_cut(self) -> bool:
        """More records match in this catalogue than were fetched (shown as "50 of 425")."""
        return self.next_record is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetOutcome:
    """One target's part of one search: how it fared and the records it gave."""

    status: TargetStatus
    records: tuple[SourceRecord, ...] = ()


class MergeRule(StrEnum):
    """Why a work's sources were merged, shown to staff so a wrong merge can be understood."""

    ISBN = "isbn"  # a shared valid ISBN-13, same format, same volume
    # as ISBN, plus records without an ISBN that match exactly one ISBN work on title etc.
    ISBN_AND_TITLE = "isbn_and_title_author_year"
    TITLE_AUTHOR_YEAR = "title_author_year"  # no ISBNs; same title, first author, year, format
    SINGLE = "single"  # one source record, nothing to merge with


@dataclass(frozen=True, slots=True, kw_only=True)
class Work:
    """One manifestation (an edition in one format) as held across catalogues."""

    id: str  # stable: derived from the merge key, so a link keeps working
    merge_key: str
    merge_rule: MergeRule
    title: str
    subtitle: str | None
    part: str | None
    authors: tuple[Author, ...]
    year: int | None
    year_range: tuple[int, int] | None  # when merged sources disagree (reprints under one ISBN)
    isbns: tuple[str, ...]
    format: Format
    language: str | None
    languages: tuple[str, ...]
    subjects: tuple[str, ...]
    edition: str | None
    publisher: str | None
    holdings: tuple[Holding, ...]
    sources: tuple[SourceRecord, ...]
    display_source: str  # "target:record_id" of the record the display fields came from
    uniform_title: str | None = None
    extent: str | None = None
    notes: tuple[str, ...] = ()
    contents: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    series: tuple[str, ...] = ()

    @property
    def library_count(self) -> int:
        return len({h.library for h in self.holdings})

    @property
    def available_count(self) -> int:
        """Copies on a shelf now (online access is not a copy on a shelf)."""
        return sum(1 for h in self.holdings if h.is_available)

    @property
    def online(self) -> tuple[OnlineLink, ...]:
        """Every source's online links, once each: where the work is read or heard."""
        links: dict[str, OnlineLink] = {}
        for source in self.sources:
            for link in source.online:
                links.setdefault(link.url, link)
        return tuple(links.values())

    @property
    def original_script(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for s in self.sources for t in s.original_script))

    @property
    def is_stale(self) -> bool:
        """Some of what is shown comes from the cache index, not the catalogue just now."""
        return any(s.cached_at for s in self.sources)


@dataclass(frozen=True, slots=True, kw_only=True)
class RankedWork:
    work: Work
    score: float
    explanation: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkGroup:
    """The editions of one work on a result list (formats, translations); each stays its own."""

    id: str  # stable: derived from the work key
    key: str  # folded title (the uniform title when a record names one) + part + main author
    editions: tuple[RankedWork, ...]  # best-ranked first

    @property
    def lead(self) -> Work:
        return self.editions[0].work

    @property
    def formats(self) -> tuple[Format, ...]:
        return tuple(dict.fromkeys(r.work.format for r in self.editions))

    @property
    def years(self) -> tuple[int, int] | None:
        found = [r.work.year for r in self.editions if r.work.year is not None]
        return (min(found), max(found)) if found else None

    @property
    def available_count(self) -> int:
        return sum(r.work.available_count for r in self.editions)

    @property
    def library_count(self) -> int:
        return len({h.library for r in self.editions for h in r.work.holdings})


class Grouping(StrEnum):
    EDITION = "edition"  # one result per edition (the merge)
    WORK = "work"  # editions of one work together


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    YEAR_DESC = "year_desc"
    YEAR_ASC = "year_asc"
    TITLE = "title"


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    # A library's name, or "library / branch": ids are resolved to names by the parser.
    libraries: frozenset[str] = frozenset()
    formats: frozenset[Format] = frozenset()
    languages: frozenset[str] = frozenset()
    year_from: int | None = None
    year_to: int | None = None
    available: bool = False  # only works with a copy on the shelf now (at a chosen library)


class Understood(StrEnum):
    """What the text a patron typed was read as, besides words to search for."""

    ISBN = "isbn"  # an ISBN anywhere in the text: a known-item search for it alone
    ISSN = "issn"
    FORMAT = "format"  # a format word ("ljudbok"): a filter on the results, not a search word
    AUDIENCE = "audience"  # "barnböcker": the records do not say, so it stays a search word
    TITLE = "title"  # a pasted title with ISBD punctuation: title proper and responsibility


@dataclass(frozen=True, slots=True, kw_only=True)
class Interpretation:
    kind: Understood
    typed: str  # the text as typed that was read so
    value: str  # what it was read as: the ISBN-13, a Format value, "children", the title
    applied: bool = True  # False: understood but not acted on (see Understood.AUDIENCE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Understanding:
    """Free text read before searching; `literal=1` searches the text as typed instead."""

    typed: str
    readings: tuple[Interpretation, ...]
    formats: frozenset[Format] = frozenset()  # a filter on the merged results


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchRequest:
    query: Query
    target_ids: tuple[str, ...] | None = None  # None: every enabled target
    filters: Filters = Filters()
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = 1
    page_size: int = 20
    fresh: bool = False  # skip the result cache: ask the catalogues now
    explain: bool = False  # add each score's explanation to the answer
    grouping: Grouping = Grouping.EDITION  # the API's view: editions, or work groups of them
    understanding: Understanding | None = None  # None: nothing read into the text
    literal: bool = False  # the words as typed: no reading, no widening, no correction


@dataclass(frozen=True, slots=True, kw_only=True)
class FacetValue:
    value: str
    count: int
    children: tuple[FacetValue, ...] = ()  # branches under a library


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    search_id: str
    request: SearchRequest
    total: int  # works after filters
    results: tuple[RankedWork, ...]  # this page
    facets: tuple[tuple[str, tuple[FacetValue, ...]], ...]
    targets: tuple[TargetStatus, ...]
    elapsed_ms: float
    from_result_cache: bool = False  # an identical recent search answered it
    did_you_mean: str | None = None  # a spelling the catalogues use, when little was found
    # The text searched instead, when what was typed found (almost) nothing: the results are
    # for `corrected_to`, and `request.query.source` is what was typed.
    corrected_to: str | None = None
    has_more: bool = False  # some catalogue holds more than was fetched: a next page fetches it
