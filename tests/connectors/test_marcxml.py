import unicodedata

from federator.connectors.marc import MAX_VALUE_CHARS
from federator.connectors.marcxml import map_marc_record
from federator.models import Author, Format, SourceRecord, Target
from tests.connectors.marc_builders import controlfield, datafield, element, f008, marc_record

TARGET = Target(
    id="orebro", name="Örebro", url="http://127.0.0.1:1/x", record_url="https://opac/{record_id}"
)


def mapped(*fields: str, leader: str = "00000cam a2200000 a 4500") -> SourceRecord:
    return map_marc_record(element(marc_record(*fields, leader=leader)), TARGET, fallback_id="pos1")


def test_a_swedish_book_is_mapped_field_by_field() -> None:
    record = mapped(
        controlfield("001", "ORE-123"),
        controlfield("008", f008("1879")),
        datafield("020", ("a", "91-7429-530-6 (inb.)")),
        datafield("020", ("a", "9789174295304")),
        datafield("020", ("z", "9100000000")),
        datafield("100", ("a", "Strindberg, August,"), ("d", "1849-1912"), ind1="1"),
        datafield(
            "245",
            ("a", "Röda rummet :"),
            ("b", "skildringar ur artist- och författarlivet /"),
            ("c", "August Strindberg."),
            ind1="1",
            ind2="0",
        ),
        datafield("250", ("a", "2. uppl.")),
        datafield("264", ("a", "Stockholm :"), ("b", "Bonnier,"), ("c", "[2019]"), ind2="1"),
        datafield("650", ("a", "Konstnärer"), ("z", "Stockholm"), ind2="7"),
        datafield("655", ("a", "Romaner."), ind2="7"),
        datafield("700", ("a", "Tolkien, J. R. R."), ("e", "förf. av förord"), ind1="1"),
    )
    assert record.record_id == "ORE-123"
    assert record.title == "Röda rummet"
    assert record.subtitle == "skildringar ur artist- och författarlivet"
    assert record.authors == (
        Author(name="Strindberg, August", dates="1849-1912"),
        Author(name="Tolkien, J. R. R.", role="förf. av förord"),
    )
    assert record.year == 2019  # 264 $c wins over 008
    assert record.isbns == ("9789174295306",)
    assert record.invalid_isbns == ("9789174295304", "9100000000")
    assert record.edition == "2. uppl." and record.publisher == "Bonnier"
    assert record.language == "swe" and record.format is Format.BOOK
    assert record.subjects == ("Konstnärer -- Stockholm", "Romaner")
    assert record.url == "https://opac/ORE-123"
    assert "Röda rummet" in record.raw


def test_decomposed_diacritics_become_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Gösta Berlings saga")
    record = mapped(datafield("245", ("a", decomposed)))
    assert record.title == "Gösta Berlings saga"


def test_year_falls_back_to_008_and_260() -> None:
    assert mapped(controlfield("008", f008("1891")), datafield("245", ("a", "x"))).year == 1891
    assert mapped(datafield("260", ("c", "c1955.")), datafield("245", ("a", "x"))).year == 1955


def test_formats_from_leader_007_and_008() -> None:
    def fmt(leader: str, *fields: str) -> Format:
        return mapped(datafield("245", ("a", "x")), *fields, leader=leader).format

    assert fmt("00000nim a22") is Format.AUDIOBOOK
    assert (
        fmt("00000nim a22", datafield("245", ("a", "x"), ("h", "[Ljudupptagning (DAISY)]")))
        is Format.TALKING_BOOK
    )
    assert fmt("00000ngm a22") is Format.VIDEO
    assert fmt("00000njm a22") is Format.MUSIC
    assert fmt("00000nas a22") is Format.PERIODICAL
    assert fmt("00000nam a22", controlfield("007", "cr||||||||||||")) is Format.EBOOK
    assert fmt("00000nam a22", controlfield("008", f008(form="o"))) is Format.EBOOK
    assert fmt("00000nam a22", controlfield("008", f008(form="d"))) is Format.LARGE_PRINT
    assert fmt("00000nem a22") is Format.MAP
    assert fmt("00000nkm a22") is Format.OTHER


def test_volumes_are_kept_apart() -> None:
    record = mapped(datafield("245", ("a", "Utvandrarna."), ("n", "D. 2")))
    assert record.part == "D. 2"
    record = mapped(
        datafield("245", ("a", "Luftslottet som sprängdes")),
        datafield("490", ("a", "Millennium ;"), ("v", "3")),
    )
    assert record.part == "3" and record.series == ("Millennium ; 3",)


def test_languages_from_008_then_041() -> None:
    record = mapped(
        controlfield("008", f008(language="ara")),
        datafield("041", ("a", "araswe")),
        datafield("245", ("a", "x")),
    )
    assert record.languages == ("ara", "swe")
    record = mapped(
        controlfield("008", f008(language="   ")),
        datafield("041", ("a", "fin")),
        datafield("245", ("a", "x")),
    )
    assert record.language == "fin"


def test_malformed_records_map_to_something_sane() -> None:
    no_title = mapped(controlfield("001", "x1"), datafield("246", ("a", "Varying title")))
    assert no_title.title == "Varying title"
    nothing = map_marc_record(
        element('<record xmlns="http://www.loc.gov/MARC21/slim"/>'),
        TARGET,
        fallback_id="orebro:pos3",
    )
    assert nothing.title == "" and nothing.record_id == "orebro:pos3" and nothing.year is None
    huge = mapped(datafield("245", ("a", "A" * 10_000)))
    assert len(huge.title) <= MAX_VALUE_CHARS
    absurd = mapped(
        controlfield("008", "short"), datafield("245", ("a", "x")), datafield("260", ("c", "99999"))
    )
    assert absurd.year is None and absurd.language is None


def test_record_url_escapes_the_id() -> None:
    record = mapped(controlfield("001", "a b/c"), datafield("245", ("a", "x")))
    assert record.url == "https://opac/a%20b%2Fc"
