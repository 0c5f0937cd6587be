"""What a record page shows (300, 5XX, 505, 084, series) and the work a record names."""

from __future__ import annotations

from federator.connectors.marc import MAPPED_TAGS
from federator.connectors.marcdetails import DETAIL_TAGS
from tests.connectors.marc_builders import controlfield, datafield, f008
from tests.connectors.test_marcxml import mapped


def test_every_detail_field_is_read_at_all() -> None:
    assert DETAIL_TAGS <= MAPPED_TAGS


def test_a_record_page_gets_extent_notes_contents_sab_and_series() -> None:
    record = mapped(
        controlfield("008", f008()),
        datafield("245", ("a", "Noveller")),
        datafield("084", ("a", "Hc.01"), ("2", "kssb/8")),
        datafield("084", ("a", "839.73"), ("2", "ddc")),  # not SAB: left out
        datafield("300", ("a", "342 s. :"), ("b", "ill. ;"), ("c", "22 cm")),
        datafield("490", ("a", "Klassiker ;"), ("v", "12"), ind1="1"),
        datafield("800", ("a", "Strindberg, August."), ("t", "Samlade verk ;"), ("v", "4.")),
        datafield("500", ("a", "Stor stil.")),
        datafield("505", ("a", "Ett halvt ark papper -- Tschandala -- Paria.")),
        datafield("520", ("a", "Tre berättelser om makt.")),
        datafield("590", ("a", "Lokal anmärkning")),  # local: for staff
    )
    assert record.extent == "342 s. : ill. ; 22 cm"
    assert record.notes == ("Stor stil.", "Tre berättelser om makt.")
    assert record.contents == ("Ett halvt ark papper", "Tschandala", "Paria")
    assert record.classifications == ("Hc.01",)
    assert record.series == ("Klassiker ; 12", "Samlade verk ; 4")
    assert record.part == "12"


def test_enhanced_contents_read_each_title() -> None:
    record = mapped(
        datafield("245", ("a", "Dikter")),
        datafield("505", ("t", "Höstsång /"), ("r", "Fröding --"), ("t", "Säv, säv, susa.")),
    )
    assert record.contents == ("Höstsång", "Säv, säv, susa")


def test_a_translation_names_its_original_by_240_765_775_or_note() -> None:
    by_240 = mapped(
        datafield("240", ("a", "Pride and prejudice"), ("l", "Svenska"), ind1="1"),
        datafield("245", ("a", "Stolthet och fördom")),
    )
    assert by_240.uniform_title == "Pride and prejudice"
    by_765 = mapped(
        datafield("245", ("a", "The red room")),
        datafield("765", ("a", "Strindberg, August"), ("t", "Röda rummet.")),
    )
    assert by_765.uniform_title == "Röda rummet"
    by_note = mapped(
        datafield("245", ("a", "Stolthet och fördom")),
        datafield("500", ("a", "Originaltitel: Pride and prejudice.")),
    )
    assert by_note.uniform_title == "Pride and prejudice"


def test_775_counts_only_when_it_points_at_the_original_language() -> None:
    translation = mapped(
        datafield("041", ("a", "eng"), ("h", "swe"), ind1="1"),
        datafield("245", ("a", "The red room")),
        datafield("775", ("e", "swe"), ("t", "Röda rummet")),
    )
    assert translation.uniform_title == "Röda rummet"
    # The original listing one of its translations is not an edition of that translation.
    original = mapped(
        datafield("245", ("a", "Röda rummet")),
        datafield("775", ("e", "eng"), ("t", "The red room")),
    )
    assert original.uniform_title is None
