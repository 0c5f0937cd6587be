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
    UNKNOWN = "unknown"


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


class HoldingsField(StrEnum):
    MARC_852 = "852"
    KOHA_952 = "952"


@dataclass(frozen=True, slots=True, kw_only=True)
class Branch:
    """One service point, keyed by the code a target's holdings carry (852 $b, 952 $a/$b)."""

    code: str
    name: str
    library: str  # the library (organisation) the branch belongs to
    municipality: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldingsProfile:
    """Where a target's records carry their copies and what the local codes mean."""

    field: HoldingsField
    branch_subfield: str
    home_branch_subfield: str | None
    call_number_subfields: tuple[str, ...]
    location_subfield: str | None
    status_subfield: str | None
    due_date_subfield: str | None
    item_type_subfield: str | None
    not_for_loan_subfield: str | None
    lost_subfield: str | None
    note_subfield: str | None
    # Raw code -> normalised status, checked before the built-in vocabulary.
    status_map: tuple[tuple[str, HoldingStatus], ...] = ()
    no_ill_item_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class IllRules:
    """What a catalogue's libraries lend on interlibrary loan (fjärrlån): data, not code."""

    excluded_formats: frozenset[Format] = frozenset()  # many lend no films or audiobooks
    min_age_months: int = 0  # titles newer than this are bought, not lent
    lends_reference_copies: bool = False
    lends_reserved_copies: bool = False  # a copy with a reservation queue


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A catalogue answering SRU. Not a municipality: one target may serve many libraries."""

    id: str
    name: str
    url: str  # full SRU base URL, database path included
    sru_version: str = "1.2"
    record_schema: str = "marcxml"
    record_packing: str = "xml"  # "xml" or "string" (SRU 2.0 calls it recordXMLEscaping)
    http_method: str = "get"
    indexes: tuple[tuple[Field, str], ...] = DEFAULT_INDEXES
    holdings: HoldingsProfile | None = None
    branches: tuple[Branch, ...] = ()
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
    ill_allowed: bool | None = None  # None: the catalogue does not say
    note: str | None = None
    url: str | None = None  # the source record in the library's own catalogue
    cached_at: datetime | None = None  # from the cache index: the status is this old

    @property
    def is_available(self) -> bool:
        return self.status is HoldingStatus.AVAILABLE


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
    holdings: tuple[Holding, ...] = ()
    url: str | None = None  # the record in the library's own catalogue
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

    @property
    def library_count(self) -> int:
        return len({h.library for h in self.holdings})

    @property
    def available_count(self) -> int:
        return sum(1 for h in self.holdings if h.is_available)

    @property
    def is_stale(self) -> bool:
        """Some of what is shown comes from the cache index, not the catalogue just now."""
        return any(s.cached_at for s in self.sources)


@dataclass(frozen=True, slots=True, kw_only=True)
class RankedWork:
    work: Work
    score: float
    explanation: tuple[str, ...]


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    YEAR_DESC = "year_desc"
    YEAR_ASC = "year_asc"
    TITLE = "title"


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    libraries: frozenset[str] = frozenset()  # a library name, or "library / branch"
    formats: frozenset[Format] = frozenset()
    languages: frozenset[str] = frozenset()
    year_from: int | None = None
    year_to: int | None = None
    available: bool = False  # only works with a copy on the shelf now


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
