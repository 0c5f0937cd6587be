"""Swedish fiction for the demo: real works, first Swedish edition year, SAB class, genre.

Columns: popularity|author|dates|title[ : subtitle]|year|SAB|655 genre, then extras:
aud=j (children), film=year/director (a DVD exists), series=name/number, part=number/name,
co=coauthor/dates. Popularity drives how many catalogues hold a work and how many copies.
"""

from __future__ import annotations

from federator.demo.works import WorkSpec, parse_works

SWEDISH_FICTION: tuple[WorkSpec, ...] = parse_works("""
7|Strindberg, August|1849-1912|Röda rummet : skildringar ur artist- och författarlivet|1879|Hc.01
  |Romaner
6|Strindberg, August|1849-1912|Hemsöborna|1887|Hc.01|Romaner
5|Strindberg, August|1849-1912|Fröken Julie : ett naturalistiskt sorgespel|1888|Hc.02|Dramatik
3|Strindberg, August|1849-1912|Inferno|1897|Hc.01|Romaner
6|Lagerlöf, Selma|1858-1940|Gösta Berlings saga|1891|Hc.01|Romaner|film=1924/Stiller, Mauritz
7|Lagerlöf, Selma|1858-1940|Nils Holgerssons underbara resa genom Sverige|1906|Hcg
  |Kapitelböcker|aud=j|part=D. 1/
5|Lagerlöf, Selma|1858-1940|Nils Holgerssons underbara resa genom Sverige|1907|Hcg
  |Kapitelböcker|aud=j|part=D. 2/
4|Lagerlöf, Selma|1858-1940|Kejsarn av Portugallien : en värmlandsberättelse|1914|Hc.01|Romaner
4|Lagerlöf, Selma|1858-1940|Jerusalem|1901|Hc.01|Romaner|film=1996/August, Bille
9|Lindgren, Astrid|1907-2002|Pippi Långstrump|1945|Hcg|Kapitelböcker|aud=j
  |film=1969/Hellbom, Olle
8|Lindgren, Astrid|1907-2002|Bröderna Lejonhjärta|1973|Hcg|Fantasy|aud=j
  |film=1977/Hellbom, Olle
8|Lindgren, Astrid|1907-2002|Ronja rövardotter|1981|Hcg|Fantasy|aud=j
  |film=1984/Danielsson, Tage
8|Lindgren, Astrid|1907-2002|Emil i Lönneberga|1963|Hcg|Kapitelböcker|aud=j
  |film=1971/Hellbom, Olle
6|Lindgren, Astrid|1907-2002|Mio, min Mio|1954|Hcg|Fantasy|aud=j
  |film=1987/Grammatikov, Vladimir
5|Lindgren, Astrid|1907-2002|Karlsson på taket|1955|Hcg|Kapitelböcker|aud=j
5|Lindgren, Astrid|1907-2002|Alla vi barn i Bullerbyn|1947|Hcg|Kapitelböcker|aud=j
4|Lindgren, Astrid|1907-2002|Madicken|1960|Hcg|Kapitelböcker|aud=j
4|Lindgren, Astrid|1907-2002|Lotta på Bråkmakargatan|1961|Hcf|Kapitelböcker|aud=j
8|Moberg, Vilhelm|1898-1973|Utvandrarna|1949|Hc.01|Historiska romaner|film=1971/Troell, Jan
  |subj=Emigration;Småland -- historia
6|Moberg, Vilhelm|1898-1973|Invandrarna|1952|Hc.01|Historiska romaner
5|Moberg, Vilhelm|1898-1973|Nybyggarna|1956|Hc.01|Historiska romaner
5|Moberg, Vilhelm|1898-1973|Sista brevet till Sverige|1959|Hc.01|Historiska romaner
3|Moberg, Vilhelm|1898-1973|Rid i natt!|1941|Hc.01|Historiska romaner
7|Mankell, Henning|1948-2015|Mördare utan ansikte|1991|Hc.01|Deckare
5|Mankell, Henning|1948-2015|Hundarna i Riga|1992|Hc.01|Deckare
5|Mankell, Henning|1948-2015|Den vita lejoninnan|1993|Hc.01|Deckare
6|Mankell, Henning|1948-2015|Villospår|1995|Hc.01|Deckare
5|Mankell, Henning|1948-2015|Danslärarens återkomst|2000|Hc.01|Deckare
5|Mankell, Henning|1948-2015|Italienska skor|2006|Hc.01|Romaner
5|Guillou, Jan|1944-|Ondskan|1981|Hc.01|Romaner|film=2003/Håfström, Mikael
5|Guillou, Jan|1944-|Vägen till Jerusalem|1998|Hc.01|Historiska romaner
4|Guillou, Jan|1944-|Coq Rouge : berättelsen om en svensk spion|1986|Hc.01|Thrillers
5|Marklund, Liza|1962-|Sprängaren|1998|Hc.01|Deckare
4|Marklund, Liza|1962-|Studio sex|1999|Hc.01|Deckare
4|Marklund, Liza|1962-|Paradiset|2000|Hc.01|Deckare
9|Larsson, Stieg|1954-2004|Män som hatar kvinnor|2005|Hc.01|Deckare|series=Millennium/1
  |film=2009/Oplev, Niels Arden
8|Larsson, Stieg|1954-2004|Flickan som lekte med elden|2006|Hc.01|Deckare|series=Millennium/2
  |film=2009/Alfredson, Daniel
8|Larsson, Stieg|1954-2004|Luftslottet som sprängdes|2007|Hc.01|Deckare|series=Millennium/3
  |film=2009/Alfredson, Daniel
6|Lagercrantz, David|1962-|Det som inte dödar oss|2015|Hc.01|Deckare|series=Millennium/4
5|Sjöwall, Maj|1935-2020|Roseanna|1965|Hc.01|Deckare|co=Wahlöö, Per/1926-1975
5|Ekman, Kerstin|1933-|Händelser vid vatten|1993|Hc.01|Romaner
4|Ekman, Kerstin|1933-|Guds barmhärtighet|1999|Hc.01|Romaner
3|Ekman, Kerstin|1933-|Sista rompan|2002|Hc.01|Romaner
3|Ekman, Kerstin|1933-|Skraplotter|2003|Hc.01|Romaner
3|Ekman, Kerstin|1933-|Grand final i skojarbranschen|2011|Hc.01|Romaner
7|Gardell, Jonas|1963-|Torka aldrig tårar utan handskar|2012|Hc.01|Romaner|part=1/Kärleken
6|Gardell, Jonas|1963-|Torka aldrig tårar utan handskar|2013|Hc.01|Romaner|part=2/Sjukdomen
6|Gardell, Jonas|1963-|Torka aldrig tårar utan handskar|2013|Hc.01|Romaner|part=3/Döden
4|Gardell, Jonas|1963-|En komikers uppväxt|1992|Hc.01|Romaner
9|Backman, Fredrik|1981-|En man som heter Ove|2012|Hc.01|Romaner|film=2015/Holm, Hannes
6|Backman, Fredrik|1981-|Britt-Marie var här|2014|Hc.01|Romaner
7|Backman, Fredrik|1981-|Björnstad|2016|Hc.01|Romaner
6|Backman, Fredrik|1981-|Folk med ångest|2019|Hc.01|Romaner
8|Jonasson, Jonas|1961-|Hundraåringen som klev ut genom fönstret och försvann|2009|Hc.01
  |Romaner|film=2013/Herngren, Felix
5|Khemiri, Jonas Hassen|1978-|Ett öga rött|2003|Hc.01|Romaner
4|Khemiri, Jonas Hassen|1978-|Montecore : en unik tiger|2006|Hc.01|Romaner
5|Khemiri, Jonas Hassen|1978-|Allt jag inte minns|2015|Hc.01|Romaner
4|Khemiri, Jonas Hassen|1978-|Pappaklausulen|2018|Hc.01|Romaner
6|Jansson, Tove|1914-2001|Kometen kommer|1968|Hcg|Fantasy|aud=j
7|Jansson, Tove|1914-2001|Trollkarlens hatt|1948|Hcg|Fantasy|aud=j
5|Jansson, Tove|1914-2001|Farlig midsommar|1954|Hcg|Fantasy|aud=j
5|Jansson, Tove|1914-2001|Trollvinter|1957|Hcg|Fantasy|aud=j
5|Jansson, Tove|1914-2001|Sommarboken|1972|Hc.01|Romaner
7|Nordqvist, Sven|1946-|Pannkakstårtan|1984|Hcf(yb)|Bilderböcker|aud=j
6|Nordqvist, Sven|1946-|Rävjakten|1986|Hcf(yb)|Bilderböcker|aud=j
5|Nordqvist, Sven|1946-|Pettson tältar|1992|Hcf(yb)|Bilderböcker|aud=j
4|Nordqvist, Sven|1946-|Var är min syster?|2007|Hcf(yb)|Bilderböcker|aud=j
6|Bergström, Gunilla|1942-2021|God natt, Alfons Åberg|1972|Hcf(yb)|Bilderböcker|aud=j
4|Beskow, Elsa|1874-1953|Tant Grön, tant Brun och tant Gredelin|1918|Hcf(yb)|Bilderböcker
  |aud=j
4|Beskow, Elsa|1874-1953|Puttes äventyr i blåbärsskogen|1901|Hcf(yb)|Bilderböcker|aud=j
3|Lindenbaum, Pija|1955-|Gittan och gråvargarna|2000|Hcf(yb)|Bilderböcker|aud=j
6|Widmark, Martin|1961-|Diamantmysteriet|2002|Hcf|Kapitelböcker|aud=j
  |series=LasseMajas detektivbyrå/1
5|Stark, Ulf|1944-2017|Kan du vissla Johanna?|1992|Hcf|Kapitelböcker|aud=j
  |film=1994/Hammerich, Rumle
5|Gripe, Maria|1923-2007|Agnes Cecilia : en sällsam historia|1981|Hcg|Kapitelböcker|aud=j
4|Pohl, Peter|1940-2014|Janne, min vän|1985|Hc,u|Romaner|aud=j
5|Bergmark Elfgren, Sara|1980-|Cirkeln|2011|Hc,u|Fantasy|aud=j|co=Strandberg, Mats/1976-
  |series=Engelsforstrilogin/1|film=2015/Akin, Levan
5|Martinson, Harry|1904-1978|Aniara : en revy om människan i tid och rum|1956|Hc.03|Poesi
4|Martinson, Harry|1904-1978|Nässlorna blomma|1935|Hc.01|Romaner
4|Martinson, Harry|1904-1978|Vägen till Klockrike|1948|Hc.01|Romaner
4|Martinson, Moa|1890-1964|Mor gifter sig|1936|Hc.01|Romaner
5|Boye, Karin|1900-1941|Kallocain : roman från 2000-talet|1940|Hc.01|Science fiction
5|Söderberg, Hjalmar|1869-1941|Doktor Glas|1905|Hc.01|Romaner
4|Söderberg, Hjalmar|1869-1941|Den allvarsamma leken|1912|Hc.01|Romaner
5|Bergman, Hjalmar|1883-1931|Markurells i Wadköping|1919|Hc.01|Romaner
  |subj=Örebro -- historia
3|Bergman, Hjalmar|1883-1931|Farmor och Vår Herre|1921|Hc.01|Romaner
4|Andersson, Dan|1888-1920|Kolarhistorier|1914|Hc.01|Noveller|subj=Bergslagen
4|Andersson, Dan|1888-1920|Svarta ballader|1917|Hc.03|Poesi
6|Läckberg, Camilla|1974-|Isprinsessan|2003|Hc.01|Deckare
5|Läckberg, Camilla|1974-|Predikanten|2004|Hc.01|Deckare
6|Kepler, Lars||Hypnotisören|2009|Hc.01|Deckare|film=2012/Hallström, Lasse
5|Lapidus, Jens|1974-|Snabba cash|2006|Hc.01|Thrillers|film=2010/Espinosa, Daniel
4|Anyuru, Johannes|1979-|De kommer att drunkna i sina mödrars tårar|2017|Hc.01|Romaner
5|Schulman, Alex|1976-|Glöm mig|2016|Hc.01|Romaner
6|Schulman, Alex|1976-|Överlevarna|2020|Hc.01|Romaner
5|Smirnoff, Karin|1964-|Jag for ner till bror|2018|Hc.01|Romaner
4|Enquist, Per Olov|1934-2020|Livläkarens besök|1999|Hc.01|Historiska romaner
4|Lindgren, Torgny|1938-2017|Hummelhonung|1995|Hc.01|Romaner
3|Lidman, Sara|1923-2004|Hjortronlandet|1955|Hc.01|Romaner
4|Tunström, Göran|1937-2000|Juloratoriet|1983|Hc.01|Romaner
4|Axelsson, Majgull|1947-|Aprilhäxan|1997|Hc.01|Romaner
4|Fredriksson, Marianne|1927-2007|Anna, Hanna och Johanna|1994|Hc.01|Romaner
4|Westö, Kjell|1961-|Där vi en gång gått|2006|Hc.01|Romaner
5|Tranströmer, Tomas|1931-2015|Den stora gåtan|2004|Hc.03|Poesi
4|Östergren, Klas|1955-|Gentlemen|1980|Hc.01|Romaner
5|Andersson, Lena|1970-|Egenmäktigt förfarande : en roman om kärlek|2013|Hc.01|Romaner
4|Nesser, Håkan|1950-|Kim Novak badade aldrig i Genesarets sjö|1998|Hc.01|Romaner
5|Larsson, Åsa|1966-|Solstorm|2003|Hc.01|Deckare
5|Sten, Viveca|1959-|I de lugnaste vatten|2008|Hc.01|Deckare
3|Stridsberg, Sara|1972-|Drömfakulteten : tillägg till sexualteorin|2006|Hc.01|Romaner
""")
