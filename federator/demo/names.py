"""People, publishers, magazines and records the demo draws on.

Generated non-fiction authors and audiobook readers are built from common Swedish names, so
they read right without naming real people. Publishers are real, with their ISBN group and
registrant prefixes ("91-0" is Bonnier); the titles under them are minted here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Publisher:
    name: str
    place: str
    country: str  # MARC country code for 008/15-17
    prefix: str  # ISBN group-registrant, hyphenated: "91-0"; "" publishes without ISBNs


def _publishers(text: str) -> tuple[Publisher, ...]:
    rows = (line.split("|") for line in text.strip().splitlines())
    return tuple(Publisher(name=n, place=p, country=c.ljust(3), prefix=x) for n, p, c, x in rows)


FIRST_NAMES = (
    "Anna Eva Maria Karin Sara Lena Kerstin Ingrid Emma Johanna Elin Ida Maja Linnea Åsa "
    "Birgitta Ulla Helena Cecilia Malin Annika Sofia Camilla Margareta Frida Lars Anders Johan "
    "Per Erik Karl Mikael Peter Jan Magnus Henrik Ulf Björn Nils Gunnar Stefan Mats Fredrik "
    "Daniel Tomas Göran Jonas Olof Håkan Leif Bengt"
).split()
SURNAMES = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Hansson Bengtsson Lindberg Lindqvist Berg Axelsson Bergström Lundberg "
    "Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg "
    "Wallin Engström Eklund Danielsson Lundin Håkansson Björk Gunnarsson Holm Wikström "
    "Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Nyberg "
    "Blomqvist Claesson Nordström Mårtensson Lundström Viklund Björklund Eliasson Pålsson "
    "Berggren Sandström Nordin Ström Åberg Hermansson Ekström Holmgren Sundberg Hedlund Dahlberg"
).split()

FICTION_PUBLISHERS = _publishers("""
Albert Bonniers förlag|Stockholm|sw|91-0
Norstedts|Stockholm|sw|91-1
Wahlström & Widstrand|Stockholm|sw|91-46
Natur & Kultur|Stockholm|sw|91-27
Piratförlaget|Stockholm|sw|91-642
Bokförlaget Forum|Stockholm|sw|91-37
Ordfront|Stockholm|sw|91-7037
""")
CHILDREN_PUBLISHERS = _publishers("""
Rabén & Sjögren|Stockholm|sw|91-29
Bonnier Carlsen|Stockholm|sw|91-638
Alfabeta|Stockholm|sw|91-501
Opal|Stockholm|sw|91-7270
""")
POCKET_PUBLISHERS = _publishers("""
Månpocket|Stockholm|sw|91-7001
Bonnierpocket|Stockholm|sw|91-7429
Pocketförlaget|Stockholm|sw|91-7579
""")
AUDIO_PUBLISHERS = _publishers("""
Bonnier Audio|Stockholm|sw|91-7413
Storyside|Stockholm|sw|91-7613
Lind & Co|Stockholm|sw|91-7779
""")
LARGE_PRINT_PUBLISHERS = _publishers("""
Läsförlaget|Stockholm|sw|91-7715
""")
TALKING_BOOK_PUBLISHERS = _publishers("""
Talboks- och punktskriftsbiblioteket|Enskede|sw|
Myndigheten för tillgängliga medier|Malmö|sw|
""")
NONFICTION_PUBLISHERS = _publishers("""
Natur & Kultur|Stockholm|sw|91-27
Prisma|Stockholm|sw|91-518
Ica bokförlag|Västerås|sw|91-534
Bokförlaget Forum|Stockholm|sw|91-37
Historiska media|Lund|sw|91-7545
Studentlitteratur|Lund|sw|91-44
Liber|Stockholm|sw|91-47
Gleerups|Malmö|sw|91-40
Max Ström|Stockholm|sw|91-7126
""")
TEXTBOOK_PUBLISHERS = _publishers("""
Studentlitteratur|Lund|sw|91-44
Liber|Stockholm|sw|91-47
Gleerups|Malmö|sw|91-40
Natur & Kultur|Stockholm|sw|91-27
""")
# Local history is often published by a museum or a local history society, without an ISBN.
LOCAL_PUBLISHERS: dict[str, tuple[Publisher, ...]] = {
    "local_orebro": _publishers("""
Örebro läns museum|Örebro|sw|91-85466
Votum|Karlstad|sw|91-87283
Örebro stadsarkiv|Örebro|sw|
"""),
    "local_bergslagen": _publishers("""
Lindesbergs hembygdsförening|Lindesberg|sw|
Nora hembygdsförening|Nora|sw|
Votum|Karlstad|sw|91-87283
"""),
    "local_karlskoga": _publishers("""
Karlskoga hembygdsförening|Karlskoga|sw|
Votum|Karlstad|sw|91-87283
"""),
    "local_county": _publishers("""
Örebro läns museum|Örebro|sw|91-85466
Votum|Karlstad|sw|91-87283
"""),
}
# Books in other languages, by language: the publisher a Swedish library would buy from.
FOREIGN_PUBLISHERS: dict[str, tuple[Publisher, ...]] = {
    "eng": _publishers("""
Penguin|London|enk|0-14
HarperCollins|London|enk|0-00
Bloomsbury|London|enk|1-4088
Vintage|London|enk|0-09
Faber & Faber|London|enk|0-571
Picador|London|enk|0-330
"""),
    "ara": _publishers("""
Dar al-Shorouk|Kairo|ua|977-09
Dar al-Adab|Beirut|le|9953-89
"""),
    "som": _publishers("""
Scansom Publishers|Stockholm|sw|91-88108
"""),
    "fin": _publishers("""
WSOY|Helsingfors|fi|951-0
Otava|Helsingfors|fi|951-1
"""),
    "per": _publishers("""
Nashr-i Chashmah|Teheran|ir|964-362
"""),
    "tir": _publishers("""
Hdri Publishers|Asmara|ea|99948-0
"""),
    "pol": _publishers("""
Wydawnictwo Literackie|Kraków|pl|83-08
superNOWA|Warszawa|pl|83-7054
"""),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Periodical:
    title: str
    publisher: str
    place: str
    frequency: str  # 008/18: w weekly, b fortnightly, m monthly, q quarterly
    sab: str
    heading: str
    domain: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Album:
    performer: str
    is_group: bool  # 110 for a group, 100 for a person
    title: str
    year: int
    language: str
    heading: str
    label: str


_PERIODICALS = """
Vi läser|Vi media|Stockholm|b|G|Litteratur|general
Allt om trädgård|Allt om trädgård|Stockholm|m|Qcc|Trädgårdsodling|home
Populär historia|Populär historia|Lund|m|K|Historia|history
Illustrerad vetenskap|Bonnier Publications|Stockholm|m|U|Naturvetenskap|general
Råd & rön|Sveriges konsumenter|Stockholm|m|Q|Konsumentupplysning|society
Kamratposten|Kamratposten|Stockholm|m|B,u|Barntidningar|children
Hemslöjd|Svenska hemslöjdsföreningarnas riksförbund|Stockholm|q|I|Hemslöjd|home
Släkthistoriskt forum|Sveriges släktforskarförbund|Stockholm|q|Lv|Släktforskning|general
Vårdfokus|Vårdförbundet|Stockholm|m|V|Omvårdnad|health
Läkartidningen|Sveriges läkarförbund|Stockholm|w|V|Medicin|health
Fokus på folkbildning|Folkbildningsförbundet|Stockholm|q|E|Folkbildning|education
"""
_ALBUMS = """
ABBA|group|Arrival|1976|eng|Popmusik|Polar
ABBA|group|ABBA gold : greatest hits|1992|eng|Popmusik|Polydor
Kent|group|Isola|1997|swe|Rockmusik|RCA
Kent|group|Hagnesta Hill|1999|swe|Rockmusik|RCA
Maggio, Veronica|person|Satan i gatan|2011|swe|Popmusik|Universal
Hellström, Håkan|person|Känn ingen sorg för mig Göteborg|2000|swe|Popmusik|Dolores
Laleh|person|Prinsessor|2006|swe|Popmusik|Warner
Vreeswijk, Cornelis|person|Poem, ballader och lite blues|1970|swe|Visor|Metronome
Winnerbäck, Lars|person|Daugava|2007|swe|Visor|Universal
First Aid Kit|group|The lion's roar|2012|eng|Folkmusik|Wichita
Robyn|person|Body talk|2010|eng|Popmusik|Konichiwa
"""
PERIODICALS = tuple(
    Periodical(title=t, publisher=p, place=pl, frequency=f, sab=s, heading=h, domain=d)
    for t, p, pl, f, s, h, d in (line.split("|") for line in _PERIODICALS.strip().splitlines())
)
ALBUMS = tuple(
    Album(
        performer=p, is_group=g == "group", title=t, year=int(y), language=lang, heading=h, label=b
    )
    for p, g, t, y, lang, h, b in (line.split("|") for line in _ALBUMS.strip().splitlines())
)
FILM_DISTRIBUTORS = _publishers("""
SF Studios|Stockholm|sw|
Svensk Filmindustri|Stockholm|sw|
Nordisk Film|Stockholm|sw|
Warner Home Video Sweden|Stockholm|sw|
""")
