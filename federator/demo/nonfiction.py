"""Non-fiction topics for the demo: SAO headings, an SAB class, a domain and title stems.

Columns: headings|SAB|domain|titles separated by ";". A heading starting "g:" is geographic
(651), "gf:" a genre (655 saogf); "A -- B" is a heading with a subdivision. Generated books
take a stem, sometimes a domain subtitle, and an author from names.py. The domain lets a
catalogue lean its collection: the hospital libraries hold health, the folk high school
adult education, Bergslagen's libraries their own local history.
"""

from __future__ import annotations

from dataclasses import dataclass

from federator.demo.works import table_rows


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    headings: tuple[str, ...]
    sab: str
    domain: str
    titles: tuple[str, ...]


SUBTITLES: dict[str, tuple[str, ...]] = {
    "home": ("steg för steg", "tips och idéer", "för nybörjare", "en praktisk handbok"),
    "nature": ("en fälthandbok", "en guide", "för nybörjare", "kunskap och upplevelser"),
    "history": ("en översikt", "människor och händelser", "en bildberättelse"),
    "local": ("människor och miljöer", "en bildberättelse", "minnen och berättelser"),
    "health": ("en introduktion", "teori och praktik", "för vårdpersonal", "en handbok"),
    "education": ("lärobok", "övningsbok", "för vuxenutbildningen"),
    "children": (),
    "society": ("en introduktion", "fakta och debatt", "en handbok"),
    "general": ("en introduktion", "en handbok", "en guide"),
}

_TABLE = """
Trädgårdsodling|Qcc|home|Odla grönsaker på balkongen;Köksträdgården : från frö till skörd
  |Perennboken;Odla i pallkrage;Trädgårdens år : skötselråd månad för månad;Fruktträd
  |Den lättskötta trädgården;Rosor i nordiskt klimat;Beskärning;Odla i kruka;Kryddträdgården
Svampar -- Sverige|Uf|nature|Svampar i Sverige : en fälthandbok;Svampboken;Plocka svamp
  |Matsvampar i skog och mark;Nya svampguiden;Svampar i Norden
Matlagning|Qdd|home|Vardagsmat för hela familjen;Husmanskost;Grönt och gott : vegetarisk vardag
  |Soppor året runt;Mat från hela världen;Långkok;Snabbt och enkelt;Kokbok för nybörjare
  |Smaker från Bergslagen;Matlådor för veckan;Fest och buffé
Bakning|Qdd|home|Baka med surdeg;Söta bullar och längder;Tårtor för alla tillfällen;Glutenfritt
  |Baka bröd;Kakor till kaffet;Pajer och småkakor
Släktforskning|Lv|general|Släktforska steg för steg;Hitta dina rötter;Släktforskning på nätet
  |Kyrkböcker och bouppteckningar : en handledning;Soldaterna i släkten;Emigranternas spår
  |Torpare och backstugusittare;Släktforskarens uppslagsbok
g:Örebro -- historia|Nd|local_orebro|Örebro under 1800-talet;Slottet vid Svartån
  |Örebro stads historia;Gamla Örebro i bilder;Kvarter i förändring : Örebro 1950-1980
  |Wadköping : kulturkvarter i Örebro;Skostaden Örebro;Örebro på vykort;Svartån genom staden
g:Bergslagen -- historia|Nd|local_bergslagen|Bergslagen : människor och bruk
  |Hyttor och gruvor i Bergslagen;Kolarliv;Brukssamhällen i Bergslagen;Järnets väg
  |Finnmarken och skogsfinnarna;Gruvbyar i norra Västmanland;Malm och skog
g:Lindesberg -- historia|Nd|local_bergslagen|Lindesberg genom seklerna;Fellingsbro socken
  |Frövi : stationssamhället;Bruksorten Storå
g:Nora -- historia|Nd|local_bergslagen|Trästaden Nora;Gyttorp och dynamiten
  |Nora bergslag;Pershyttan : hyttan och byn
g:Karlskoga -- historia|Nd|local_karlskoga|Bofors : kanoner och kemi;Karlskoga under 1900-talet
  |Möckeln runt;Alfred Nobel och Björkborn;Degerfors : bruket och orten
g:Örebro län -- beskrivning och resor|Nd|local_county|Utflykter i Örebro län
  |Naturreservat i Örebro län;Kyrkor i Örebro län;Vandra i Närke;Tiveden : skog och vildmark
  |Hjälmaren runt;Kilsbergen;Askersund och Vättern;Kumla och Hallsberg : bygd i Närke
Vandring -- Sverige|R|nature|Vandringsleder i Sverige;Bergslagsleden;Fjällvandring
  |Pilgrimsleder i Sverige;Kustleder;Vandra med barn
Fåglar -- Sverige|Ugg|nature|Fåglar i Sverige;Fågelguiden;Fåglar vid fågelbordet
  |Fågelsång : lär dig känna igen fåglarna;Rovfåglar;Sjöfåglar
Växter -- Sverige|Uf|nature|Blommor i Sverige;Vilda växter i Norden;Ätbara vilda växter
  |Träd och buskar;Mossor och lavar
Jakt|Q|nature|Jakt och viltvård;Jägarexamen;Älgjakt;Viltkök
Fiske|Q|nature|Flugfiske;Fiska i sjöar och vattendrag;Pimpelfiske;Gäddfiske
Biodling|Q|nature|Biodling för nybörjare;Bin och honung;Bisamhället
Hundar|Q|home|Hundens språk;Valpboken;Träna din hund;Hundraser;Hunden som familjemedlem
Katter|Q|home|Kattens beteende;Kattboken;Katten och du
Stickning|I|home|Sticka sockor;Stickat för hela familjen;Virka : grunder och mönster
  |Mönsterstickning;Broderi;Sy själv
Inredning|I|home|Inred med återbruk;Små hem : smarta lösningar;Färg och form i hemmet
  |Torpets inredning
Byggnadsvård|P|home|Renovera badrummet;Bygga altan;Att renovera gamla hus;Snickra själv
  |Måla med linoljefärg;Fönsterrenovering
Privatekonomi|Q|society|Pengar för alla;Spara och investera;Ekonomi för nybörjare
  |Bli ekonomiskt oberoende;Pension : planera i tid
g:Sverige -- historia|K|history|Sveriges historia i korthet;Vasatiden;Stormaktstiden
  |Vikingatiden;Sverige under andra världskriget;Folkhemmet;Medeltidens Sverige
  |Frihetstiden;Det svenska 1900-talet;Bondeliv i Sverige
Världskriget, 1939-1945|K|history|Andra världskriget : en översikt;Kriget i öster
  |Förintelsen : historia och minne;Kalla kriget;Vinterkriget
Klimatförändringar|O|society|Klimatet och vi;Hållbar vardag;Klimatkrisen : fakta och framtid
  |Fossilfritt;Klimatsmart mat
Stress|Do|general|Stressfri vardag;Hantera oro och ångest;Mindfulness för nybörjare
  |Sömn : bättre nätter;Självkänsla;Utbrändhet;Må bra på jobbet
Motion|R|general|Styrketräning för alla;Löpning : från första steget till maraton
  |Yoga för nybörjare;Träna hemma;Träning efter 60
Barnuppfostran|Do|general|Tonåringen och du;Förstå ditt barn;Trygga barn;Sömn för små barn
  |Föräldraskap : de första åren
Internet|P|general|Kom igång med surfplattan;Säker på nätet;Digitala tjänster för seniorer
  |Programmering för nybörjare;Källkritik på nätet
Religioner|C|general|Världens religioner;Islam : en introduktion;Kristendomen
  |Judendomen;Buddhismen
Filosofi|D|general|Filosofins historia;Tänk själv : filosofi för alla;Etik i vardagen
Astronomi|U|general|Stjärnhimlen;Universum;Stjärnhimlen året runt
Konst -- historia|I|general|Konstens historia;Svenska konstnärer;Modernismen
Invandring -- Sverige|O|society|Flykt och migration;Att komma till Sverige
  |Integration i praktiken;Nya svenskar
gf:Resehandböcker|N|general|Rom : en stadsguide;Toscana;Kreta;Island;Thailand;Barcelona;Berlin
  |Norge runt;London;Gotland
Hälsa|V|general|Må bra hela livet;Hälsa och livsstil;Frisk med motion;Mat för hälsa
Demens|V|health|Att leva med demens;Demenssjukdomar : vård och bemötande
  |Möta personer med demens;Anhörig till någon med demens;Demensvård i praktiken
Sjuksköterskor|V|health|Sjuksköterskans profession;Omvårdnadens grunder
  |Sjuksköterskans kärnkompetenser;Kliniska färdigheter;Sjuksköterskans ledarskap
Omvårdnad|V|health|Omvårdnad : teori och praktik;Grundläggande omvårdnad
  |Palliativ vård i livets slutskede;Omvårdnad vid stroke;Vård av äldre
  |Personcentrerad vård;Omvårdnad vid hjärtsvikt
Diabetes|V|health|Leva med diabetes;Diabetes typ 2;Mat vid diabetes
Cancer|V|health|Att leva med cancer;Cancer : en bok för patienter och anhöriga
  |När ett barn får cancer;Cancervård
Psykisk ohälsa|V|health|Psykisk ohälsa bland unga;Depression och ångest : en handbok
  |Psykiatri för vårdpersonal;Suicidprevention
Smärta|V|health|Långvarig smärta;Smärtlindring i vården
Farmakologi|V|health|Farmakologi för sjuksköterskor;Läkemedelsberäkning;Läkemedel i vården
Anatomi|V|health|Människans anatomi och fysiologi;Kroppen : anatomi i bild;Fysiologi
Medicinsk etik|V|health|Etik i vården;Vårdetik : en introduktion;Bemötande i vården
Äldreomsorg|V|health|Äldres hälsa och livskvalitet;Hemtjänst och äldreomsorg;Att åldras
Nutrition|V|health|Nutrition i vården;Mat och hälsa;Klinisk nutrition
Svenska språket -- läroböcker för invandrare|Fc|education|Svenska för nybörjare
  |Lär dig svenska;Mål : svenska för invandrare;Svenska ord;Lättläst om Sverige
  |Svenska på jobbet;Svensk grammatik på arabiska;Svensk grammatik på somaliska
Folkhögskolor|E|education|Folkhögskolan : bildning och gemenskap;Folkbildningens historia
  |Folkbildning i Sverige
Vuxenutbildning|E|education|Vuxnas lärande;Studieteknik för vuxna;Att läsa vidare
  |Studievägledning
Engelska språket -- läroböcker|Fe|education|English for adults;Engelsk grammatik
  |Engelska för vuxna;Engelska ord och uttryck
Matematik -- läroböcker|T|education|Matematik för vuxenutbildningen;Matte från grunden
  |Matematik 1;Matematik 2
Samhällskunskap|O|education|Samhället runt oss;Demokrati och politik i Sverige
  |Om Sverige : samhällsorientering;Mänskliga rättigheter
Dinosaurier|U,u|children|Dinosaurier;Dinosaurieboken;Stora boken om dinosaurier
Rymden|U,u|children|Rymden;Planeterna;Resan till månen
Djur|Ug,u|children|Djur i skogen;Djurens värld;Djurungar;Djur på bondgården
Kroppen|V,u|children|Kroppen : så fungerar den;Vad händer i kroppen?
"""

TOPICS: tuple[Topic, ...] = tuple(
    Topic(
        headings=tuple(cells[0].split(";")),
        sab=cells[1],
        domain=cells[2],
        titles=tuple(t.strip() for t in ";".join(cells[3:]).split(";") if t.strip()),
    )
    for cells in table_rows(_TABLE)
)
