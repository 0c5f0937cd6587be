"""Works from other languages: Swedish translations (orig=, tr=) and originals in English,
Arabic, Somali, Finnish, Persian, Tigrinya and Polish, titles in their own script with a
romanized form (roman=) where the script is not Latin. Same columns as fiction_sv.
Non-fiction is here too when it is a translation everybody holds (genre column empty).
"""

from __future__ import annotations

from federator.demo.works import WorkSpec, parse_works

WORLD_WORKS: tuple[WorkSpec, ...] = parse_works("""
8|Rowling, J. K.|1965-|Harry Potter och de vises sten|1999|Hce,u|Fantasy|aud=j
  |orig=eng/Harry Potter and the philosopher's stone|tr=Fries-Gedin, Lena
  |series=Harry Potter/1|film=2001/Columbus, Chris
6|Rowling, J. K.|1965-|Harry Potter och hemligheternas kammare|2000|Hce,u|Fantasy|aud=j
  |orig=eng/Harry Potter and the chamber of secrets|tr=Fries-Gedin, Lena
  |series=Harry Potter/2|film=2002/Columbus, Chris
6|Rowling, J. K.|1965-|Harry Potter och fången från Azkaban|2001|Hce,u|Fantasy|aud=j
  |orig=eng/Harry Potter and the prisoner of Azkaban|tr=Fries-Gedin, Lena
  |series=Harry Potter/3
5|Tolkien, J. R. R.|1892-1973|Hobbiten, eller Bort och hem igen|1962|Hcee.01|Fantasy
  |orig=eng/The hobbit|tr=Hallqvist, Britt G.
5|Orwell, George|1903-1950|1984|1950|Hcee.01|Science fiction
  |orig=eng/Nineteen eighty-four|tr=Holmberg, Nils
4|Austen, Jane|1775-1817|Stolthet och fördom|1813|Hcee.01|Romaner|orig=eng/Pride and prejudice
4|Lee, Harper|1926-2016|Dödssynden|1961|Hcee.01|Romaner|orig=eng/To kill a mockingbird
4|Fitzgerald, F. Scott|1896-1940|Den store Gatsby|1925|Hcee.01|Romaner
  |orig=eng/The great Gatsby
5|Atwood, Margaret|1939-|Tjänarinnans berättelse|1986|Hcee.01|Science fiction
  |orig=eng/The handmaid's tale
6|Hosseini, Khaled|1965-|Flyga drake|2004|Hcee.01|Romaner|orig=eng/The kite runner
6|Owens, Delia|1949-|Där kräftorna sjunger|2019|Hcee.01|Romaner
  |orig=eng/Where the crawdads sing|film=2022/Newman, Olivia
6|Haig, Matt|1975-|Midnattsbiblioteket|2021|Hcee.01|Romaner|orig=eng/The midnight library
5|Rooney, Sally|1991-|Normala människor|2019|Hcee.01|Romaner|orig=eng/Normal people
6|Osman, Richard|1970-|Torsdagsmordklubben|2021|Hcee.01|Deckare
  |orig=eng/The Thursday murder club
5|Garmus, Bonnie|1957-|Lektioner i kemi|2022|Hcee.01|Romaner|orig=eng/Lessons in chemistry
5|Ferrante, Elena||Min fantastiska väninna|2016|Hce.01|Romaner|orig=ita/L'amica geniale
5|Murakami, Haruki|1949-|Norwegian wood|2003|Hce.01|Romaner|orig=jpn/Noruwei no mori
5|Ruiz Zafón, Carlos|1964-2020|Vindens skugga|2005|Hce.01|Romaner
  |orig=spa/La sombra del viento
5|Moyes, Jojo|1969-|Livet efter dig|2013|Hcee.01|Romaner|orig=eng/Me before you
6|Donaldson, Julia|1948-|Gruffalon|2000|Hcf(yb)|Bilderböcker|aud=j|orig=eng/The Gruffalo
  |tr=Hellsing, Lennart
5|Carle, Eric|1929-2021|Den mycket hungriga larven|1970|Hcf(yb)|Bilderböcker|aud=j
  |orig=eng/The very hungry caterpillar
6|Kinney, Jeff|1971-|Dagbok för alla mina fans|2008|Hcg|Kapitelböcker|aud=j
  |orig=eng/Diary of a wimpy kid
5|Oksanen, Sofi|1977-|Utrensning|2009|Hceub.01|Romaner|orig=fin/Puhdistus|tr=Orlov, Janina
4|Linna, Väinö|1920-1992|Okänd soldat|1955|Hceub.01|Romaner|orig=fin/Tuntematon sotilas
  |tr=Stormbom, Nils-Börje
4|Tokarczuk, Olga|1962-|Löparna|2020|Hce.01|Romaner|orig=pol/Bieguni
7|Harari, Yuval Noah|1976-|Sapiens : en kort historik över mänskligheten|2015|K|
  |orig=eng/Sapiens|subj=Människans utveckling;Civilisation -- historia
6|Obama, Michelle|1964-|Min historia|2018|Lz|Biografier|orig=eng/Becoming
6|Rosling, Hans|1948-2017|Factfulness : tio knep som hjälper dig förstå världen|2018|O|
  |subj=Global utveckling;Statistik
6|Hansen, Anders|1974-|Skärmhjärnan : hur en hjärna i obalans påverkar oss|2019|Do|
  |subj=Hjärnan;Digitala medier -- psykologiska aspekter
5|Hansen, Anders|1974-|Hjärnstark : hur motion och träning stärker din hjärna|2016|V|
  |subj=Hjärnan;Motion
4|Englund, Peter|1957-|Poltava : berättelsen om en armés undergång|1988|K|
  |subj=Slaget vid Poltava, 1709
5|Tolkien, J. R. R.|1892-1973|The hobbit : or, There and back again|1937|He.01|Fantasy
  |lang=eng
5|Orwell, George|1903-1950|Nineteen eighty-four|1949|He.01|Science fiction|lang=eng
5|Austen, Jane|1775-1817|Pride and prejudice|1813|He.01|Romaner|lang=eng
4|Lee, Harper|1926-2016|To kill a mockingbird|1960|He.01|Romaner|lang=eng
3|Fitzgerald, F. Scott|1896-1940|The great Gatsby|1925|He.01|Romaner|lang=eng
5|Rowling, J. K.|1965-|Harry Potter and the philosopher's stone|1997|He,u|Fantasy|lang=eng
  |aud=j|series=Harry Potter/1
5|Rooney, Sally|1991-|Normal people|2018|He.01|Romaner|lang=eng
4|Haig, Matt|1975-|The midnight library|2020|He.01|Romaner|lang=eng
4|Owens, Delia|1949-|Where the crawdads sing|2018|He.01|Romaner|lang=eng
4|Atwood, Margaret|1939-|The handmaid's tale|1985|He.01|Science fiction|lang=eng
4|Ishiguro, Kazuo|1954-|Klara and the sun|2021|He.01|Science fiction|lang=eng
4|Osman, Richard|1970-|The Thursday murder club|2020|He.01|Deckare|lang=eng
3|Christie, Agatha|1890-1976|Murder on the Orient Express|1934|He.01|Deckare|lang=eng
3|King, Stephen|1947-|It|1986|He.01|Skräck|lang=eng
3|Child, Lee|1954-|Killing floor|1997|He.01|Thrillers|lang=eng
3|Hoover, Colleen|1979-|It ends with us|2016|He.01|Romaner|lang=eng
3|Brown, Dan|1964-|The Da Vinci code|2003|He.01|Thrillers|lang=eng
3|Farah, Nuruddin|1945-|Maps|1986|He.01|Romaner|lang=eng
4|Westover, Tara|1986-|Educated : a memoir|2018|Lz|Biografier|lang=eng
4|Harari, Yuval Noah|1976-|Sapiens : a brief history of humankind|2014|K||lang=eng
  |subj=Människans utveckling;Civilisation -- historia
4|Clear, James|1986-|Atomic habits : an easy & proven way to build good habits & break bad ones
  |2018|Do||lang=eng|subj=Vanor;Självhjälp
3|Kahneman, Daniel|1934-2024|Thinking, fast and slow|2011|Do||lang=eng|subj=Beslutsfattande
4|Walker, Matthew|1973-|Why we sleep : the new science of sleep and dreams|2017|V||lang=eng
  |subj=Sömn
3|Van der Kolk, Bessel A.|1943-
  |The body keeps the score : brain, mind, and body in the healing of trauma|2014|V||lang=eng
  |subj=Psykiskt trauma
4|Mahfouz, Naguib|1911-2006|بين القصرين|1956|H|Romaner|lang=ara|roman=Bayn al-qasrayn
3|Mahfouz, Naguib|1911-2006|زقاق المدق|1947|H|Romaner|lang=ara|roman=Zuqaq al-midaqq
3|Mahfouz, Naguib|1911-2006|اللص والكلاب|1961|H|Romaner|lang=ara|roman=al-Liss wa-al-kilab
3|Salih, Tayeb|1929-2009|موسم الهجرة إلى الشمال|1966|H|Romaner|lang=ara
  |roman=Mawsim al-hijrah ila al-shamal
3|Kanafani, Ghassan|1936-1972|رجال في الشمس|1963|H|Noveller|lang=ara|roman=Rijal fi al-shams
3|Al Aswany, Alaa|1957-|عمارة يعقوبيان|2002|H|Romaner|lang=ara|roman=Imarat Yaqubyan
3|Darwish, Mahmoud|1941-2008|ورد أقل|1986|H|Poesi|lang=ara|roman=Ward aqall
3|Hussein, Taha|1889-1973|الأيام|1929|H|Romaner|lang=ara|roman=al-Ayyam
3|Cawl, Faarax M. J.|1937-1991|Aqoondarro waa u nacab jacayl|1974|H|Romaner|lang=som
3|Hadraawi|1943-2022|Hal-karaan|1993|H|Poesi|lang=som
4|Linna, Väinö|1920-1992|Tuntematon sotilas|1954|Hub|Romaner|lang=fin
3|Linna, Väinö|1920-1992|Täällä Pohjantähden alla|1959|Hub|Romaner|lang=fin|part=1/
3|Oksanen, Sofi|1977-|Puhdistus|2008|Hub|Romaner|lang=fin
3|Kivi, Aleksis|1834-1872|Seitsemän veljestä|1870|Hub|Romaner|lang=fin
3|Hedayat, Sadegh|1903-1951|بوف کور|1937|H|Romaner|lang=per|roman=Buf-i kur
3|Daneshvar, Simin|1921-2012|سووشون|1969|H|Romaner|lang=per|roman=Savushun
3|Parsipur, Shahrnush|1946-|زنان بدون مردان|1989|H|Romaner|lang=per
  |roman=Zanan bidun-i mardan
3|Farrokhzad, Forough|1935-1967|تولدی دیگر|1964|H|Poesi|lang=per|roman=Tavalludi digar
2|Gebreyesus Hailu|1906-1993|ሓደ ዛንታ|1950|H|Romaner|lang=tir|roman=Hade zanta
2|Alemseged Tesfai|1944-|ኣይንፈላለ|2001|K||lang=tir|roman=Aynfelale|subj=Eritrea -- historia
3|Rooney, Sally|1991-|Conversations with friends|2017|He.01|Romaner|lang=eng
3|Rooney, Sally|1991-|Beautiful world, where are you|2021|He.01|Romaner|lang=eng
3|Ishiguro, Kazuo|1954-|The remains of the day|1989|He.01|Romaner|lang=eng
3|Ishiguro, Kazuo|1954-|Never let me go|2005|He.01|Science fiction|lang=eng
3|Atwood, Margaret|1939-|The testaments|2019|He.01|Science fiction|lang=eng
4|Orwell, George|1903-1950|Animal farm : a fairy story|1945|He.01|Romaner|lang=eng
3|Tolkien, J. R. R.|1892-1973|The fellowship of the ring|1954|He.01|Fantasy|lang=eng
  |series=The lord of the rings/1
4|Rowling, J. K.|1965-|Harry Potter and the chamber of secrets|1998|He,u|Fantasy|lang=eng
  |aud=j|series=Harry Potter/2
3|Rowling, J. K.|1965-|Harry Potter and the prisoner of Azkaban|1999|He,u|Fantasy|lang=eng
  |aud=j|series=Harry Potter/3
3|Christie, Agatha|1890-1976|And then there were none|1939|He.01|Deckare|lang=eng
3|Christie, Agatha|1890-1976|Death on the Nile|1937|He.01|Deckare|lang=eng
3|King, Stephen|1947-|The shining|1977|He.01|Skräck|lang=eng
3|King, Stephen|1947-|Misery|1987|He.01|Skräck|lang=eng
3|Child, Lee|1954-|The midnight line|2017|He.01|Thrillers|lang=eng
4|Hoover, Colleen|1979-|Verity|2018|He.01|Thrillers|lang=eng
4|Reid, Taylor Jenkins|1983-|The seven husbands of Evelyn Hugo|2017|He.01|Romaner|lang=eng
4|Garmus, Bonnie|1957-|Lessons in chemistry|2022|He.01|Romaner|lang=eng
3|Osman, Richard|1970-|The man who died twice|2021|He.01|Deckare|lang=eng
3|Haig, Matt|1975-|Reasons to stay alive|2015|Do|Biografier|lang=eng
3|Hosseini, Khaled|1965-|The kite runner|2003|He.01|Romaner|lang=eng
3|Hosseini, Khaled|1965-|A thousand splendid suns|2007|He.01|Romaner|lang=eng
3|Adichie, Chimamanda Ngozi|1977-|Americanah|2013|He.01|Romaner|lang=eng
3|Adichie, Chimamanda Ngozi|1977-|Half of a yellow sun|2006|He.01|Historiska romaner|lang=eng
3|Morrison, Toni|1931-2019|Beloved|1987|He.01|Romaner|lang=eng
3|Dickens, Charles|1812-1870|Great expectations|1861|He.01|Romaner|lang=eng
3|Dickens, Charles|1812-1870|A Christmas carol|1843|He.01|Romaner|lang=eng
3|Brontë, Charlotte|1816-1855|Jane Eyre|1847|He.01|Romaner|lang=eng
3|Brontë, Emily|1818-1848|Wuthering Heights|1847|He.01|Romaner|lang=eng
3|Shelley, Mary Wollstonecraft|1797-1851|Frankenstein, or, The modern Prometheus|1818|He.01
  |Skräck|lang=eng
3|Wilde, Oscar|1854-1900|The picture of Dorian Gray|1890|He.01|Romaner|lang=eng
3|Woolf, Virginia|1882-1941|Mrs Dalloway|1925|He.01|Romaner|lang=eng
3|Hemingway, Ernest|1899-1961|The old man and the sea|1952|He.01|Romaner|lang=eng
3|Steinbeck, John|1902-1968|Of mice and men|1937|He.01|Romaner|lang=eng
3|Salinger, J. D.|1919-2010|The catcher in the rye|1951|He.01|Romaner|lang=eng
3|Smith, Zadie|1975-|White teeth|2000|He.01|Romaner|lang=eng
3|Mantel, Hilary|1952-2022|Wolf Hall|2009|He.01|Historiska romaner|lang=eng
3|Tartt, Donna|1963-|The secret history|1992|He.01|Romaner|lang=eng
3|Tartt, Donna|1963-|The goldfinch|2013|He.01|Romaner|lang=eng
3|Harari, Yuval Noah|1976-|Homo deus : a brief history of tomorrow|2016|K||lang=eng
  |subj=Framtiden;Teknik och samhälle
4|Dahl, Roald|1916-1990|Matilda|1988|He,u|Kapitelböcker|lang=eng|aud=j
3|Dahl, Roald|1916-1990|Charlie and the chocolate factory|1964|He,u|Kapitelböcker|lang=eng
  |aud=j
3|Kinney, Jeff|1971-|Diary of a wimpy kid|2007|He,u|Kapitelböcker|lang=eng|aud=j
3|Donaldson, Julia|1948-|The Gruffalo|1999|He,u(yb)|Bilderböcker|lang=eng|aud=j
3|Carle, Eric|1929-2021|The very hungry caterpillar|1969|He,u(yb)|Bilderböcker|lang=eng|aud=j
3|Collins, Suzanne|1962-|The hunger games|2008|He,u|Science fiction|lang=eng|aud=j
3|Green, John|1977-|The fault in our stars|2012|He,u|Romaner|lang=eng|aud=j
3|Obama, Barack|1961-|A promised land|2020|Lz|Biografier|lang=eng
4|Obama, Michelle|1964-|Becoming|2018|Lz|Biografier|lang=eng
3|Mahfouz, Naguib|1911-2006|قصر الشوق|1957|H|Romaner|lang=ara|roman=Qasr al-shawq
3|Mahfouz, Naguib|1911-2006|السكرية|1957|H|Romaner|lang=ara|roman=al-Sukkariyya
3|Gibran, Kahlil|1883-1931|الأجنحة المتكسرة|1912|H|Romaner|lang=ara
  |roman=al-Ajnihah al-mutakassirah
3|Mosteghanemi, Ahlam|1953-|ذاكرة الجسد|1993|H|Romaner|lang=ara|roman=Dhakirat al-jasad
3|Nasrallah, Ibrahim|1954-|زمن الخيول البيضاء|2007|H|Historiska romaner|lang=ara
  |roman=Zaman al-khuyul al-bayda
3|Saadawi, Ahmed|1973-|فرانكشتاين في بغداد|2013|H|Romaner|lang=ara
  |roman=Frankenstein fi Baghdad
3|al-Shaykh, Hanan|1945-|حكاية زهرة|1980|H|Romaner|lang=ara|roman=Hikayat Zahrah
3|Pezeshkzad, Iraj|1927-2022|دایی جان ناپلئون|1973|H|Romaner|lang=per|roman=Da'i jan Napul'un
3|Dowlatabadi, Mahmoud|1940-|جای خالی سلوچ|1979|H|Romaner|lang=per|roman=Ja-yi khali-i Suluch
3|Hafez|1315-1390|دیوان حافظ|1390|H|Poesi|lang=per|roman=Divan-i Hafiz
3|Rumi, Jalaluddin|1207-1273|مثنوی معنوی|1273|H|Poesi|lang=per|roman=Masnavi-i ma'navi
3|Afrax, Maxamed Daahir|1952-|Maana-faay|1981|H|Romaner|lang=som
3|Hotakainen, Kari|1957-|Juoksuhaudantie|2002|Hub|Romaner|lang=fin
3|Paasilinna, Arto|1942-2018|Jäniksen vuosi|1975|Hub|Romaner|lang=fin
3|Waltari, Mika|1908-1979|Sinuhe egyptiläinen|1945|Hub|Historiska romaner|lang=fin
3|Kinnunen, Tommi|1973-|Neljäntienristeys|2014|Hub|Romaner|lang=fin
3|Liksom, Rosa|1958-|Hytti nro 6|2011|Hub|Romaner|lang=fin
3|Sienkiewicz, Henryk|1846-1916|Quo vadis|1896|Hmc|Historiska romaner|lang=pol
3|Mickiewicz, Adam|1798-1855|Pan Tadeusz|1834|Hmc|Poesi|lang=pol
3|Kapuściński, Ryszard|1932-2007|Cesarz|1978|K||lang=pol|subj=Etiopien -- historia
3|Tokarczuk, Olga|1962-|Księgi Jakubowe|2014|Hmc|Historiska romaner|lang=pol
# Bilingual dictionaries (Lexin, from the state's language services): no personal author.
4|||Svenskt-arabiskt lexikon|2005|Fc||lang=ara|subj=Svenska språket -- ordböcker -- arabiska
3|||Svenskt-somaliskt lexikon|2003|Fc||lang=som|subj=Svenska språket -- ordböcker -- somaliska
3|||Svenskt-persiskt lexikon|2004|Fc||lang=per|subj=Svenska språket -- ordböcker -- persiska
2|||Svenskt-tigrinskt lexikon|2008|Fc||lang=tir|subj=Svenska språket -- ordböcker -- tigrinska
3|||Svensk-polsk ordbok|2010|Fc||lang=pol|subj=Svenska språket -- ordböcker -- polska
3|||Svensk-finsk ordbok|2009|Fc||lang=fin|subj=Svenska språket -- ordböcker -- finska
4|||Svensk-engelsk ordbok|2012|Fc||lang=eng|subj=Svenska språket -- ordböcker -- engelska
3|Tokarczuk, Olga|1962-|Bieguni|2007|Hmc|Romaner|lang=pol
3|Tokarczuk, Olga|1962-|Prowadź swój pług przez kości umarłych|2009|Hmc|Romaner|lang=pol
3|Szymborska, Wisława|1923-2012|Widok z ziarnkiem piasku|1996|Hmc|Poesi|lang=pol
3|Lem, Stanisław|1921-2006|Solaris|1961|Hmc|Science fiction|lang=pol
3|Sapkowski, Andrzej|1948-|Ostatnie życzenie|1993|Hmc|Fantasy|lang=pol
""")
