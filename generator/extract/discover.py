"""Discover people, organizations and places the registry does not know yet.

The text is read once for capitalised phrases ("Joint Chiefs of Staff", "John Kirby",
"Cholsan County"); names the gazetteer already knows are masked first, so a phrase never
runs through a known entity. Each phrase is then judged by its words and its neighbours,
with a confidence:

- person: a title before it ("coordinator John Kirby", "Menteri Fadel Muhammad"), a Korean
  surname or a known given name opening it ("Han Duck-soo", "Thelma Mutete"), or a speech
  verb after it ("Lee said");
- organization: a keyword ending or opening it ("... Council", "Ministry of ...", "Partai ..."),
  or an acronym defined after it ("National Intelligence Service (NIS)");
- place: a geographic keyword ("Cholsan County", "Pulau Padang", "Knevichi airfield").

Candidates below the site's threshold go to the import report's review list.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_TOKEN = rf"(?:[A-Z]\.){{2,}}|(?:Tb|Md|Muh|Moh|Mohd|Hj|Jr|PT)\.|[{_UPPER}][\w’'-]*"  # "Tb. Hasanuddin"
_CONNECTORS = ("of the", "of", "for", "and", "on", "de", "dan", "&", "bin", "binti", "van", "von", "al", "el")
# Spanish, Catalan, Portuguese and German names run through these too: "Congreso de los Diputados",
# "Partido de los Socialistas de Cataluña", "Bundesamt für Sicherheit", "Industrie- und Handelskammer".
_MORE_CONNECTORS = ("de los", "de las", "de la", "del", "y", "für", "und", "der", "des", "do", "da", "dos", "das")
CONNECTORS = frozenset(_CONNECTORS + _MORE_CONNECTORS)
# Each pattern that scans a whole text opens with a lookahead for its first character: CPython's
# re then skips straight to the capitals instead of trying every position (a third faster).
_PHRASE = re.compile(
    rf"(?=[{_UPPER}])(?<![\w’'\-.])(?:{_TOKEN})(?:[ \t]+(?:(?:{'|'.join(re.escape(c) for c in _MORE_CONNECTORS[:3] + _CONNECTORS + _MORE_CONNECTORS[3:])})[ \t]+)?(?:{_TOKEN}))*"
)


def _words(text: str) -> set[str]:
    return set(text.split())


# Words that open sentences or headings in capitals but never begin a name.
STOPWORDS = _words("""
A An The This That These Those It Its In On At Of For From To By With And Or But If As After Before
During While When Where Why How What Who Whom Which Since Until Despite However Meanwhile Also Yet So
Then Still Some Many Most Several All Both Each Every Such Other Another More Less Our Their His Her
We They He She You I Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December Update Read
Di Ke Dari Dan Yang Ini Itu Untuk Dengan Pada Dalam Oleh Bahwa Namun Sementara Selain Menurut Saat
Senin Selasa Rabu Kamis Jumat Sabtu Minggu Baca Juga Sumber Foto Berita Here There Now Not No Yes Why
One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Twenty Dozens Hundreds
Que Qué Los Las Una Unos Unas Con Por Para Pero Sin Sobre Entre Desde Hasta Este Esta Estos Estas Ese Esa Aquel Como Cuando
Donde Porque Aunque Mientras Según Tras Ante Bajo Hoy Ayer También Sin Embargo Nuestro Nuestra Su Sus Mi Lo Le Les
Der Die Das Dem Den Ein Eine Einer Eines Und Oder Aber Mit Bei Von Vom Zum Zur Auf Aus Nach Für Wenn Weil Dass Auch
Wir Sie Ich Er Es Ihr Dieser Diese Dieses Heute Gestern Im Am Um Wie Was Wer Wo Warum
""")
# Articles that open a longer name in Spanish, French or German are no part of it: "La Unión Europea".
_ARTICLES = _words("La Las Los Le Les Der Die Das Il Lo")
# German nouns of a person's trade: titles, and roles in apposition too ("Gunter Dueck, Autor").
_GERMAN_TRADES = _words("Autor Autorin Psychologe Psychologin Soziologe Soziologin Philosoph Philosophin Forscher "
                        "Forscherin Wissenschaftler Wissenschaftlerin Schriftsteller Schriftstellerin Gründer Gründerin")
_TITLES = _words("""
President Vice Prime Minister Deputy Foreign Defense Defence Unification Secretary Secretary-General
General Ambassador ambassador Envoy envoy Gen. Lt. Admiral Adm. Colonel Col. Marshal Senator Sen. Rep.
Representative Congressman Congresswoman Governor Gov. Mayor Chairman Chairwoman Chair Chief Director
director Commander commander spokesperson spokesman spokeswoman Spokesperson coordinator Coordinator
leader Leader Premier Chancellor King Queen Pope Professor Prof. Dr. Mr. Mrs. Ms. Judge Justice lawmaker
Lawmaker analyst researcher official CEO founder co-founder editor correspondent reporter activist
defector diplomat adviser advisor minister secretary president chairman Cabinet Supreme State Former
former then-President First Executive National Security Special Senior senior Acting acting
Presiden Wakil Perdana Menteri Ketua Umum Sekretaris Jenderal Sekjen Gubernur Bupati Walikota Wali Kota
Kepala Direktur Anggota politisi Politisi Bapak Ibu Pak Bu Duta Besar Dubes Kapolri Kapolda Pengamat
pengamat anggota ketua mantan Mantan Politikus politikus terdakwa Terdakwa tersangka Tersangka saksi Saksi Camat Lurah Warga warga Organizer organizer Organiser organiser Ketum Waketum Kabag Kasubag Kadis Ir Ir. Drs Drs. Dra. H. Hj. KH Prof jubir Jubir juru
presidente presidenta ministro ministra rey reina príncipe princesa almirante
líder dirigente diputado diputada alcalde alcaldesa juez jueza portavoz candidato candidata senador senadora secretario
secretaria tesorero extesorero expresidente expresidenta exministro exministra emperador emperatriz archiduque duque
duquesa conde condesa marqués marquesa cardenal obispo filósofo filósofa escritor escritora sociólogo socióloga economista
periodista historiador historiadora profesor profesora sindicalista vicepresidente vicepresidenta
Bundeskanzler Bundeskanzlerin Kanzler Kanzlerin Präsident Präsidentin Ministerin Bürgermeister Bürgermeisterin Professorin
autor autora politólogo politóloga activista militante fundador fundadora pensador pensadora teórico dictador
author writer novelist journalist futurist scientist psychologist economist sociologist philosopher historian poet professor
Ökonom Ökonomin Journalist Journalistin
coordinador coordinadora consejero consejera concejal concejala delegado delegada abogado abogada empresario empresaria
cantante actor actriz poeta novelista catedrático catedrática investigador investigadora
""") | _GERMAN_TRADES
_ORG_END = _words("""
Ministry Council Agency Party Committee Commission Command Administration Institute University Foundation
Association Bank Corporation Company Group Service Office Department Court Assembly Army Navy Forces Force
Guard Bureau Center Centre News Times Post Union Organization Organisation Society Network Federation
League Authority Club Inc. Ltd. Corp. Daily Herald Tribune Journal Review Press Board Parliament
Congress Senate Cabinet Secretariat Academy School Fund Programme Initiative Alliance Coalition Movement
Front Brigade Division Regiment Fleet Media Televisi TV Radio Monitor Watch Institution Consortium Labs College
Partei Universität Hochschule Institut Stiftung Verband Verein Gesellschaft Gewerkschaft Kammer Ministerium
GmbH AG e.V. SA S.A. SL S.L.
""")
_ORG_START = _words("""
Partai Badan Dewan Komisi Kementerian Pemerintah Majelis Lembaga Universitas Fraksi Mahkamah Komite
Dinas Markas Kepolisian Tentara Perusahaan Yayasan Pengadilan Kejaksaan Ikatan Persatuan Gerakan Himpunan Korps PT PT. Sekretariat
Partido Partit Universidad Universitat Universidade Ministerio Ministério Congreso Confederación Sindicato Sindicat
Parlamento Parlament Junta Banco Frente Unión Asamblea Tribunal Consejo Comisión Asociación Fundación Instituto
Federación Movimiento Ayuntamiento Agencia Ejército Policía Coordinadora Plataforma Organización Comité Generalitat
Diputación Cortes Televisión Corporación Compañía Grupo Liga Academia Colegio Iglesia Centro Servicio Secretaría Ateneo Alianza
Consejería Audiencia Fiscalía Gobierno Parti Université Ministère Partito Università Ministero
Partei Bundesministerium Ministerium Universität Hochschule Bundesamt Bundesverband Gewerkschaft Stiftung
""")
LEGAL_FORMS = _words("PT PT. CV Tbk Tbk.")  # dropped from a company's name: "PT Riau Andalan Pulp and Paper"
TITLES = _TITLES
ORG_HEADS = _ORG_START  # generic head words an acronym often leaves out: "Partai Golongan Karya (Golkar)"
_ORG_START_OF = _words("Ministry Department Office University Bank Council Bureau Committee Institute Agency Centre Center "
                       "Commission Association Federation Organization Party Academy Court League Union")
_PLACE_END = _words("""
Province County Island Islands Station Cosmodrome Airport Base Port Harbor Harbour Sea River Mountains
Mountain Bay Strait Peninsula City Region District Oblast Krai Prefecture Square Bridge Dam Reactor Site
Zone Valley Lake Ocean Gulf Canal Coast Plateau Desert Park Stadium Palace Hotel Hall Street Avenue Road
Airfield Shipyard Complex Plant Factory Border Line Highway Arch Tower Monument Memorial House
""")
# Title words that also qualify other names: "Kumsusan State Guest House", "National Security Council".
_TITLE_MODIFIERS = _words("State National Security Special Senior First Executive Supreme Cabinet Former Foreign "
                          "Defense Defence Unification Deputy Vice Acting General Chief")
_PLACE_START = _words("Provinsi Kabupaten Kota Pulau Desa Dusun Kecamatan Gunung Teluk Selat Laut Danau Sungai Mount Lake "
                       "Stadion Hotel Gedung Bandara Pelabuhan Istana Kantor "
                       # Spanish and German: "Puerta del Sol", "Mar Mediterráneo", "Insel Rügen"
                       "Plaza Puerta Calle Avenida Paseo Isla Islas Río Sierra Golfo Mar Cabo Bahía Lago Estrecho Valle "
                       "Parque Palacio Península Barrio Insel Schloss")
PLACE_HEADS = _PLACE_START
VENUE_ENDS = _words("Hotel Hall Center Centre Stadium Square Palace Park Airport Station Tower Building Arena")
_ADMIN_WORDS = _words("Provinsi Kabupaten Kota Desa Dusun Kecamatan Province County Prefecture Oblast Krai")
_PLACE_NOUN_AFTER = re.compile(
    r"[ \t]+(?:(?:aircraft|missile|nuclear|power|rocket|engine|tank|steel|chemical)[ \t]+)?(airfield|airport|air base|naval base|port|shipyard|plant|factory|complex|facility|test site|"
    r"launch site|county|province|region|area|island|river|border|guest house|stadium|square)\b")
_HANDLE_AFTER = re.compile(r"^[ \t]*\(\[?@[\w.-]+")  # "Meher Bala (@meher)": a person and their account
_SPEECH_AFTER = re.compile(
    r"^,?[ \t]+(?:said|says|told|added|noted|wrote|explained|stressed|argued|asked|warned|"
    r"mengatakan|menyatakan|menegaskan|menjelaskan|mengungkapkan|ujar|kata|"
    # Spanish and German: "Jaime Mayor Oreja declaró", "Gunter Dueck schreibt"
    r"dijo|dice|afirmó|afirma|declaró|declara|explicó|explica|señaló|señala|aseguró|asegura|añadió|recordó|"
    r"insistió|advirtió|denunció|escribió|escribe|sostiene|sostuvo|"
    r"sagte|sagt|erklärte|erklärt|meinte|meint|schrieb|schreibt|betonte|betont)\b")
_KOREAN_SURNAMES = _words("""
Kim Lee Park Choi Choe Jung Chung Kang Cho Jo Yoon Yun Jang Chang Lim Han Oh Seo Shin Kwon Hwang Ahn Song
Ri Rhee Pak Jeon Hong Moon Yang Bae Baek Heo Nam Noh Kwak Sung Cha Joo Woo Ryu Yoo Hyon Hyun Thae Kye Jeong
Ryom Ju Byun
""")
# Given names that are also common words: "Will", "May", "Grace" open sentences too often.
_AMBIGUOUS_GIVEN = _words("""
Will May Rose Hope Grace Faith Joy Mark Bill Sun Young Long Art Page Case Summer Winter Autumn April
June August Max Don Guy Ray Rich Chase Dean Hunter Miles Sky Star Happy Lucky Victory Trust Honor Lane
Forest Wolf Fox Bear Reed Church Gay King Prince North South East West New Old Major Justice Colonel
General Marshal Bishop Earl Duke Baron Royal Golden Sterling Ivory Crystal Jade Amber Pearl Ruby Iris
Lily Ivy Holly Dawn Eve Sage Rain Storm Sunny Brook Glen Dale Cliff Rock Stone Wood Field Hill Bay
Santa Mein Eje
""")  # and words of other languages: "Santa Alianza" (holy), "Mein Kampf" (my), "Eje Franco-Alemán" (axis)
_NOT_NAMES = _ORG_END | _PLACE_END | _words(
    "Day Week Award Awards Prize Cup Games Summit Conference Camp Act Treaty Declaration Agreement Accord "
    "Plan Report Freedom Shield Exercise War Olympics Festival Republic Republik Kingdom Kerajaan "
    "Project Podcast Show Blog Magazine Series Principle Theory Effect Method Framework Library Plugin Suits "
    # a team is no person ("the Core Team"), nor a state by its other languages' words ("Segunda República Española")
    "Team Squad República Reino Imperio Republik Reich Königreich Kaiserreich République Royaume Empire Repubblica Regno Impero "
    # days, wars, prizes and laws in Spanish and German ("Día de la Hispanidad": "Día" is a given name in the list)
    "Día Fiesta Semana Jornada Guerra Batalla Revolución Premio Copa Cumbre Ley Tag Woche Krieg Schlacht Preis Gesetz")
_LOCATIVE = re.compile(
    r"(?:\b(?:[Ii]n|at|near|outside|into|via|[Dd]i|kota|[Pp]rovinsi|[Kk]abupaten|[Kk]ecamatan|[Dd]esa)\s+|"
    r"\b(?:[Ee]n|desde|hacia|[Nn]ach|aus|bei)\s+|"  # Spanish and German: "en Madrid", "nach Berlin"
    r"\b(?:camino|rumbo|viaje|viajó|llegó|llegada|ciudad|provincia|localidad|municipio|pueblo)\s+(?:de|a|hacia)\s+|"
    r"\b(?:flights?|flew|fly|flying|trip|trips|travel(?:l?ed)?|travel(?:l?ing)?|visits?|visited|visiting|"
    r"arrived?|arriving|returned|returning|went|came|moved|drove|sailed|shipped|transported|"
    r"road|rail|route|train|ke|dari)\s+(?:to|from|for)?\s*)$")


_NON_SPACE = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"[’']s?$")
_ACRONYM_AFTER = re.compile(r"^[ \t]+\(([A-Z][A-Za-z&]{1,9})\)")
# "kata Moses", "said Kirby": a speech verb before a name
_SPEECH_BEFORE = re.compile(r"\b(?:kata|ujar|ucap|tutur|keluh|tegas|ungkap|jelas|said|says|asked|added)[ \t]+$")
_BYLINE_BEFORE = re.compile(r"(?:^|\n|[-–—|(][ \t]*)(?:[Bb]y|[Vv]on|[Pp]or)[ \t]+$")  # "- by Cennydd Bowles", "By Jane Doe"
_NAMED_BEFORE = re.compile(r"\b(?:bernama|named|called)[ \t]+$")
_LOWER_WORD = re.compile(r"(?<![\w./@#-])[a-z][a-z]+\b(?![./@-]\w)")
_CAPITAL_WORD = re.compile(r"[A-Z](?<![\w./@#-].)[a-z]+\b(?![./@-]\w)")  # the capital, then the look back: re skips to capitals
# Before a full name only (one word after them is as often a body's: "según Podemos", "laut Bitkom")
_MORE_SPEECH_BEFORE = re.compile(r"\b(?:según|dijo|afirmó|declaró|explicó|señaló|laut|sagte|schreibt|schrieb|according[ \t]+to)[ \t]+$")
_WHO_AFTER = re.compile(r"^,?[ \t]+(?:who|quien)\b")  # "Trust Nhokovenzo who works in marketing"
# "sponsored by Automattic", "Creative Commons CEO", "HeroPress.com, a community initiative"
# Reading and publishing: a title after these, with its article, is a newspaper's ("lee El Mundo").
_READ = (r"\b(?:lee|leer|leía|leen|leyendo|publicó|publicad[oa]s?[ \t]+en|aparecieron[ \t]+en|apareció[ \t]+en|"
         r"escribe[ \t]+en|escribió[ \t]+en|reads?|appeared[ \t]+in|published[ \t]+in|wrote[ \t]+in|writes[ \t]+for)")
_READ_BEFORE = re.compile(rf"{_READ}[ \t]+$")
_READ_ARTICLE_BEFORE = re.compile(rf"{_READ}[ \t]+(?:El|La|Los|Las|The|Die|Der|Das)[ \t]+$")
_TITLE_ARTICLE_AT = re.compile(r"(?:El|La|Los|Las|The|Die|Der|Das)[ \t]+[A-Z]")
_ORG_CUE_BEFORE = re.compile(
    r"\b(?:sponsored|employed|funded|acquired|owned|backed|financed|founded|run) by[ \t]+$|\b(?:works?|working|worked) (?:at|for)[ \t]+$|"
    # the kind of body, then its name: "el diario español El País", "the company Flowroute", "die Partei Die Linke"
    r"\b(?:newspaper|broadcaster|company|firm|startup|start-up|nonprofit|diario|periódico|revista|cadena|partido|"
    r"sindicato|coalición|plataforma|empresa|compañía|multinacional|Zeitung|Partei|Firma|Unternehmen|Gewerkschaft|"
    r"Konzern|Verlag)(?:[ \t]+(?!(?:de|del|of|von|des)\b)[a-záéíóúñ]+)?[ \t]+(?:El|La|Los|Las|The|Die|Der|Das)?[ \t]*$")
# the kind of body, its description, then its name: "una agencia privada de geopolítica, Stratfor,"
# (looked for only after a comma, as _READ_ARTICLE_BEFORE only after an article: each phrase is judged)
_KIND_COMMA_BEFORE = re.compile(
    r"\b(?:agency|company|firm|newspaper|agencia|empresa|compañía|diario|periódico|Agentur|Firma|Zeitung)"
    r"(?:[ \t]+[a-záéíóúñü]+){0,4},[ \t]+$")
_ARTICLE_ENDS = (" El ", " La ", "Los ", "Las ", "The ", "Die ", "Der ", "Das ")
_ORG_CUE_AFTER = re.compile(  # matched where the name ends
    r"(?:\.(?:com|org|net))?(?:[ \t]+(?:CEO|chief executive|co-founder|founder|board)\b|"
    r"(?:,[ \t]+|[ \t]+is[ \t]+(?:one[ \t]+of[ \t]+)?)(?:a|an|the)[ \t]+"
    r"(?:[\w-]+[ \t]+){0,3}(?:company|nonprofit|non-profit|initiative|organi[sz]ation|agency|firm|"
    r"start-?up|foundation|association|network|charity|NGO|broadcaster|newspaper|party|union|bank)s?\b|"
    # Spanish and German appositions: "Podemos, institución política", "Equo, un partido", "X, die Partei"
    r"(?:,[ \t]+|[ \t]+(?:es|ist)[ \t]+)(?:(?:un|una|el|la|ein|eine|der|die|das)[ \t]+)?(?:[\w-]+[ \t]+)?"
    r"(?:partido|sindicato|instituci[oó]n|organizaci[oó]n|empresa|compañía|asociaci[oó]n|plataforma|fundaci[oó]n|"
    r"formaci[oó]n|coalici[oó]n|peri[oó]dico|diario|cadena|multinacional|Partei|Gewerkschaft|Firma|Unternehmen|"
    r"Verband|Organisation|Zeitung|Stiftung)\b)")
_CAPS_DATELINE = re.compile(
    r"(?:^|\n)\s*(?P<place>[A-Z]{3,}(?: [A-Z]{3,}){0,2})\s*(?:\((?P<agency>[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})\))?\s*[:,–—-]")
_PHOTO_CREDIT = re.compile(
    r"\((?P<agency>[A-Z][\w.]+(?: [A-Z][\w.]+)?)/(?P<person>[A-Z][a-z]+(?: [A-Z][\w.]*){1,3})\)")
_NAME_PARTICLES = frozenset(["de", "del", "la", "las", "los", "y", "van", "von", "der", "den", "da", "do", "dos", "das", "di", "du", "zu"])
_ARABIC_PARTICLES = frozenset(["el", "al", "bin", "ibn"])
PARTICLES = _NAME_PARTICLES | _ARABIC_PARTICLES  # every lower-case word a name may hold
_NAME_ABBREVIATIONS = _words("Md Md. Mohd Mohd. Muh. Moh. Wm. Chas.")  # Muhammad, William, Charles
_DIGIT = re.compile(r"\d")
_ROLES = _words("CEO CFO CTO COO")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|A|An)[ \t]+$")  # "a Video Club" is a kind of thing, not a name
# One name is a person's when said, named, aged or given a role: "kata Moses", "Awal (27)", "Dadang, warga RW 7"
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?[ \t]+$|\b(?:Herrn|Frau)[ \t]+$")  # "Ms. Jones", "Frau Müller"
_ONE_NAME_CUE_BEFORE = re.compile(
    rf"(?P<person>{_SPEECH_BEFORE.pattern}|{_NAMED_BEFORE.pattern}|{_HONORIFIC_BEFORE.pattern})|(?P<organization>{_ORG_CUE_BEFORE.pattern})")
_ONE_NAME_CUE_AFTER = re.compile(
    r"(?P<person>[ \t]+\([1-9]\d\)(?!:)|,[ \t]+(?:warga|kader|[Cc]amat|[Ll]urah|seorang|salah satu)\b"
    r"|[ \t]+(?:and|und|y)[ \t]+(?:I|ich|yo)\b)"  # "Asheesh and I ran some experiments"
    rf"|(?P<organization>{_ORG_CUE_AFTER.pattern})")
_NAME = r"[A-ZÀ-Þ][\w’'-]+(?:[ \t]+[A-ZÀ-Þ][\w’'-]+){1,2}"
_ITEM = rf"(?:{_NAME}|\x00+)"
# The first item is read from its first character (a capital, or the \x00 of a masked name), then the rest
# (_NAME after its capital, or more \x00): re skips straight to those characters, twice as fast.
_FIRST_ITEM = rf"[A-ZÀ-Þ\x00](?:(?<=[A-ZÀ-Þ]){_NAME.removeprefix('[A-ZÀ-Þ]')}|(?<=\x00)\x00*)"
_NAME_LIST = re.compile(rf"{_FIRST_ITEM}(?:,[ \t]+{_ITEM}){{2,}},?[ \t]+(?:and|dan|y|e|und|et)[ \t]+{_ITEM}")
_KEYWORD_ENDS = _ORG_END | _PLACE_END
_SUB_BODY_ENDS = "Committee|Commission|Council|Board|Bureau|Secretariat|Presidium|Politburo|Division|Team"
_SUB_BODY_WORD = re.compile(rf"\b(?:{_SUB_BODY_ENDS})\b")
_SUB_BODY_WORDS = _SUB_BODY_ENDS.split("|")  # looked for with `in` first: cheaper than the pattern
_SUB_BODY = re.compile(rf"\x00+(?:[ \t]+[A-Z][\w-]*){{0,2}}[ \t]+(?:{_SUB_BODY_ENDS})\b")
_COMPANY = re.compile(r"\b(?:PT\.?|CV)[ \t]+(?P<name>[A-Z][\w.-]*(?:[ \t]+(?:&[ \t]+)?(?:[A-Z][\w.-]*|\x00+)){1,5})")
_KNOWN_TAIL = re.compile(r"[ \t]+of[ \t]+\x00+")
_ORG_OPENERS = _ORG_START_OF | _ORG_START
_ADMIN_INSIDE = re.compile(rf"[ \t]+(?=(?:{'|'.join(sorted(_ADMIN_WORDS & _PLACE_START))})[ \t]+\S)")
_ON_PLACE = re.compile(rf"[ \t]+on[ \t]+(?=(?:[A-Z][\w-]*[ \t]+){{0,3}}(?:{'|'.join(sorted(_PLACE_END))})$)")
# German capitalises every noun: outside a body's name, "für" and "der" join a name to a noun
# ("Helene Fischer für Schlagerfans"), so a phrase that is not a body's is cut there too.
_JOINTS = re.compile(r"[ \t]+(?:and|dan|&|y|und|für|der|des)[ \t]+")
_BATTLE_BEFORE = re.compile(r"\b(?:[Bb]attle|[Ss]iege|[Bb]atalla|[Ss]itio|[Aa]sedio|Schlacht|Belagerung)[ \t]+(?:of|at|de|del|bei|von|um)[ \t]+$")
_BATTLE_WORDS = ("attle", "iege", "atalla", "itio", "sedio", "Schlacht", "Belagerung")
_IN_PLACE = re.compile(r"\b(?:in|near|outside)[ \t]+$")
# Continents as the languages of the corpus write them: "América Latina" and "Europa Oriental" are
# regions, not a woman named América; "Iberoamérica", "Centroamérica" are regions made of them.
_CONTINENTS = _words("América America Amerika África Africa Afrika Europa Europe Asia Asien Asie Oceanía Oceania Ozeanien")
_REGION_COMPOUND = re.compile(
    rf"(?:[A-Z][a-zé]*o|Sud|Sur|Nord|Süd|Mittel)(?:{'|'.join(sorted({w.lower() for w in _CONTINENTS}))})")


@dataclass
class Candidate:
    name: str
    type: str
    confidence: float
    start: int
    end: int
    rule: str
    alias: str = ""  # an acronym the article defines for it


# A line of gender-guesser's dictionary: its gender code, then the name ("M  Aad   ..."); "#" and "="
# open the other lines. "+" in a name joins its parts with nothing, a space or a hyphen ("Abd+al").
_DICTIONARY_NAME = re.compile(r"^[^#=\n][^ \t\n]*[ \t]+([^ \t\n]+)", re.MULTILINE)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names from gender-guesser's dictionary (Jörg Michael's, about 48,000 names): the names
    its Detector(case_sensitive=False) knows, read from its file with one pattern (the Detector
    also reads every name's countries: twice as slow, and paid by every import that meets a new
    name; tests/test_given_names.py holds the two equal)."""
    from importlib.resources import files

    text = (files("gender_guesser") / "data" / "nam_dict.txt").read_text("utf-8").lower()
    names = set()
    for name in _DICTIONARY_NAME.findall(text):
        names.update((name.replace("+", joint) for joint in ("", " ", "-")) if "+" in name else (name,))
    return frozenset(name for name in names if len(name) > 2)


def is_locative(text: str, start: int) -> bool:
    """Is the word at `start` preceded by 'in', 'near', 'a flight to'...: a place, not a government?"""
    return bool(_LOCATIVE.search(text[max(0, start - 16):start]))


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out known names so that no phrase runs through them (offsets are kept)."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            pieces += [text[last:start], "\x00" * (end - start)]
            last = end
    pieces.append(text[last:])
    return "".join(pieces)


def discover(text: str, known: list[tuple[int, int]] = (), common: frozenset[str] = frozenset(),
             state_ends: frozenset[int] = frozenset()) -> list[Candidate]:
    """Candidate entities in `text`; `known` spans (already recognised) are left alone. `common`
    holds words the site writes in lower case ("keamanan", "editor"): no name is made of them.
    `state_ends`: where known states' names end ("the US| Naval War College": a body named with
    its state's name is a body, not the tail of a known one)."""
    masked = _mask(text, list(known))
    common = common or lower_case_words(text)  # the site's vocabulary, or this text's alone
    found: list[Candidate] = []
    for match in _PHRASE.finditer(masked):
        phrase = match.group()
        single = " " not in phrase
        if single and (phrase in STOPWORDS or phrase in _TITLES or len(phrase) < 3):
            continue  # "The", "However", "President": the commonest capitalised words are no names
        if masked[match.start() - 2:match.start()].startswith("\x00") and phrase.split()[-1] in _KEYWORD_ENDS \
                and match.start() - 1 not in state_ends:
            continue  # the tail of a known name: "Workers' Party of Korea| Central Committee"
        if phrase.endswith(" and I") and phrase.count(" ") == 2 and phrase.split()[0] not in _NOT_NAMES \
                and phrase.split()[0] not in STOPWORDS and not phrase.isupper():
            name = phrase.split()[0]  # "Asheesh and I ran some experiments": a person, with the writer
            found.append(Candidate(name, "person", 0.8, match.start(), match.start() + len(name), "one name, with the writer"))
            continue
        one_name = single and _one_name(masked, match)
        if one_name:
            found.append(one_name)
            continue
        if single and not (_PLACE_NOUN_AFTER.match(masked, match.end()) or _REGION_COMPOUND.fullmatch(phrase) or _IN_PLACE.search(masked, max(0, match.start() - 12), match.start())):
            continue  # one capitalised word is a sentence opener or a name we cannot type
        affiliation = _affiliation(masked, match.start(), match.end(), common)
        if affiliation:
            found += affiliation
            continue
        parts = _parts(masked, match.start(), match.end())
        judged = []
        for start, end in parts:
            candidate = _judge(masked, start, end, common)
            judged.append(candidate)
            if candidate and candidate.rule == "holder of a titled office":  # and the office's body
                body = _judge(masked, start, candidate.start - 1, common)
                if body and body.type == "organization":
                    found.append(body)
            if candidate:
                found.append(_with_known_tail(text, masked, candidate))
        if len(parts) > 1 and any(c and c.type == "person" for c in judged):
            found += _listed_with_people(masked, parts, judged, common)
    found += _sub_bodies(text, masked) + _companies(text, masked)
    found += _listed_people(masked, found)
    return _without_name_parts(found + credits(masked))


def _listed_with_people(text: str, parts: list, judged: list, common: frozenset[str]) -> list[Candidate]:
    """ "Nathan Yergler and Asheesh Laroia": an untyped full name joined by "and" to a person's is
    a person's too (two or three capitalised words, none a word the site writes in lower case)."""
    found = []
    for (start, end), candidate in zip(parts, judged):
        start, end, words = _tidy(text, start, end)
        if candidate is None and 2 <= len(words) <= 3 and "\x00" not in text[start:end] \
                and not any(w in STOPWORDS or w in _TITLES or w in _NOT_NAMES or w in _NAME_PARTICLES or w.isupper()
                            or not w[0].isupper() or w.lower() in common or _DIGIT.search(w) for w in words):
            found.append(Candidate(" ".join(words), "person", 0.8, start, end, "listed with a person"))
    return found


def _with_known_tail(text: str, masked: str, candidate: Candidate) -> Candidate:
    """ "Democratic Alliance of Korea": an organization's name may end in a known country."""
    tail = _KNOWN_TAIL.match(masked, candidate.end)
    if candidate.type != "organization" or not tail:
        return candidate
    end = tail.end()
    return Candidate(text[candidate.start:end], "organization", candidate.confidence, candidate.start, end,
                     candidate.rule, candidate.alias)


def _sub_bodies(text: str, masked: str) -> list[Candidate]:
    """ "National People's Congress Standing Committee": a body inside a known one."""
    if "\x00" not in masked or not any(word in masked for word in _SUB_BODY_WORDS) or not _SUB_BODY_WORD.search(masked):
        return []
    return [Candidate(text[m.start():m.end()], "organization", 0.85, m.start(), m.end(), "sub-body")
            for m in _SUB_BODY.finditer(masked)
            if "Party" not in text[m.start():m.end()]]  # a party's own organs are the party


def _companies(text: str, masked: str) -> list[Candidate]:
    """ "PT. Rohde & Schwarz Indonesia": after a legal form, the whole name is the company's,
    a country at its end included."""
    if "PT" not in masked and "CV" not in masked:
        return []
    return [Candidate(text[m.start("name"):m.end()], "organization", 0.85, m.start("name"), m.end(), "company")
            for m in _COMPANY.finditer(masked) if "\x00" in m.group("name")]


def _listed_people(masked: str, found: list[Candidate]) -> list[Candidate]:
    """In "Imran Sayed, Md Saif Hassan, Nirav Mehta, Piccia Neri and Umar Draz", most names are
    people we recognise; the others in the same list are people too."""
    people = {(c.start, c.end) for c in found if c.type == "person"}
    if len(people) < 2 or masked.count(", ") < 3:
        return []  # a list needs commas, and most of its names known as people
    taken = [(c.start, c.end) for c in found]
    added = []
    for listing in _NAME_LIST.finditer(masked):
        items = list(re.finditer(_NAME, listing.group()))
        known = [m for m in items if (listing.start() + m.start(), listing.start() + m.end()) in people]
        if len(items) < 3 or len(known) * 2 <= len(items):
            continue
        for item in items:
            start, end = listing.start() + item.start(), listing.start() + item.end()
            if not any(s < end and start < e for s, e in taken) and item.group().split()[0] not in STOPWORDS:
                added.append(Candidate(item.group(), "person", 0.85, start, end, "listed with people"))
    return added


def credits(text: str) -> list[Candidate]:
    """Where and from whom a report comes: a dateline in capitals with its agency ("PEKANBARU –",
    "MAMUJU (Suara Karya):", "SEOUL (Reuters) -") and photo credits ("(Antara/Dwi Putro AA)")."""
    found = []
    dateline = _CAPS_DATELINE.search(text, 0, 600)  # the first paragraph may be a photo caption
    if dateline:
        place = " ".join(w.capitalize() for w in dateline.group("place").split())
        found.append(Candidate(place, "place", 0.85, dateline.start("place"), dateline.end("place"), "dateline"))
        if dateline.group("agency"):
            found.append(Candidate(dateline.group("agency"), "organization", 0.85, dateline.start("agency"),
                                   dateline.end("agency"), "dateline agency"))
    for credit in _PHOTO_CREDIT.finditer(text):
        found.append(Candidate(credit.group("agency"), "organization", 0.85, credit.start("agency"), credit.end("agency"), "credit"))
        found.append(Candidate(credit.group("person"), "person", 0.85, credit.start("person"), credit.end("person"), "credit"))
    return found


def _without_name_parts(found: list[Candidate]) -> list[Candidate]:
    """ "kata Novanto" after "Setya Novanto", "Ali Fahmi" after "Ali Fahmi Habsyi": later references."""
    parts = set()  # every word, and every run of words from either end, of a longer name
    for candidate in found:
        words = candidate.name.split()
        if candidate.type == "person" and len(words) > 1:
            parts.update(words)
            parts.update(" ".join(words[:size]) for size in range(2, len(words)))
            parts.update(" ".join(words[-size:]) for size in range(2, len(words)))
    return [c for c in found if not (c.type == "person" and c.name in parts)]


_OF = re.compile(r"[ \t]+of[ \t]+")


def _affiliation(text: str, start: int, end: int, common: frozenset[str]) -> list[Candidate]:
    """ "Mario Pena of Safe Creative", "Joe Benso of Registered Commons": a person named with a
    given name, then "of" and the body they speak for (a place would be known or keyworded; one
    unknown word is as often a town, "John Smith of Leeds", and stays untyped)."""
    joint = _OF.search(text, start, end)
    if not joint:
        return []
    words = text[start:joint.start()].split()
    if not 2 <= len(words) <= 3 or words[0] in _AMBIGUOUS_GIVEN or words[0].lower() not in given_names() \
            or any(w in _TITLES or w in _NOT_NAMES or w in STOPWORDS or w.isupper() for w in words):
        return []
    person = Candidate(" ".join(words), "person", 0.85, start, start + len(" ".join(words)), "person of a body")
    body = _judge(text, joint.end(), end, common)
    tail = text[joint.end():end].split()
    if body is None and 2 <= len(tail) <= 5 and " of " not in text[joint.end():end] \
            and sum(w.lower() in common for w in tail) * 2 < len(tail):
        body = Candidate(" ".join(tail), "organization", 0.85, joint.end(), end, "body of a person")
    return [person] + ([body] if body else [])


_THING_NAMED_BEFORE = re.compile(
    r"\b(?:library|program|programme|tool|project|app|application|plugin|software|package|module|book|film|movie|podcast|"
    r"show|series|method|framework|product|service|game|site|website|blog|format|standard|protocol|language|system|"
    r"feature|device|robot|bot|script|database|algorithm|model)s?[ \t]+(?:called|named)[ \t]+$")
# "Brad in Idaho got frustrated": a given name alone, then where the person is from
_GIVEN_FROM_AFTER = re.compile(r"[ \t]+(?:in|from)[ \t]+[A-Z\x00]")


def _one_name(text: str, match: re.Match) -> Candidate | None:
    """A one-word name the words around it type: a person "said" or "named" ("kata Moses",
    "bernama Awal (27)", "Dadang, warga RW 7"), an organization "sponsored by" or "an initiative"
    ("sponsored by Automattic", "PerempuanWP, an initiative for...")."""
    word, start, end = match.group(), match.start(), match.end()
    before = _ONE_NAME_CUE_BEFORE.search(text, max(0, start - 40), start)
    after = None if before else _ONE_NAME_CUE_AFTER.match(text, end, end + 60)
    cue = before or after
    if not cue:
        if _more_org_cues(text, start):
            return Candidate(word, "organization", 0.85, start, end, "organization cue")
        if word.lower() in given_names() and word not in _AMBIGUOUS_GIVEN and _GIVEN_FROM_AFTER.match(text, end):
            return Candidate(word, "person", 0.8, start, end, "given name from a place")
        return None
    if cue.lastgroup == "organization":
        if text[end - 2:end] in ("'s", "’s"):
            return None  # "WordPress's co-founder Matt": the possessive names a person's relation
        return Candidate(word, "organization", 0.85, start, end, "organization cue")
    if word in _NOT_NAMES or word.isupper() or _DIGIT.search(word):
        return None  # not "named Malligyong-1"
    if before and _THING_NAMED_BEFORE.search(text, max(0, start - 40), start):
        return None  # "a metadata library called Palimpsest": a made thing's name
    return Candidate(word, "person", 0.8, start, end, "one name, said or named")


_TITLE_ARTICLE = re.compile(r"[a-zá-ú,][ \t]+(?P<article>El|La|Los|Las|Die|Der|Das)[ \t]+$")


def _org_cue(text: str, start: int, end: int) -> bool:
    if text[max(0, end - 2):end] in ("'s", "’s"):
        return False  # "WordPress's co-founder Matt": the possessive names a person's relation
    return bool(_ORG_CUE_BEFORE.search(text, max(0, start - 40), start) or _ORG_CUE_AFTER.match(text, end, end + 60)
                or _more_org_cues(text, start))


def _more_org_cues(text: str, start: int) -> bool:
    """ "una agencia privada de geopolítica, Stratfor", "lee El Mundo", "aparecieron en Der Volksstrat"."""
    if text[start - 2:start] == ", ":
        return bool(_KIND_COMMA_BEFORE.search(text, max(0, start - 60), start))
    return _read_title(text, start)


def _read_title(text: str, start: int) -> bool:
    """ "ahora lee El Mundo": a title with its article, read or published in, is a newspaper's."""
    return bool(_TITLE_ARTICLE_AT.match(text, start) and _READ_BEFORE.search(text, max(0, start - 25), start)
                or text[start - 4:start] in _ARTICLE_ENDS and _READ_ARTICLE_BEFORE.search(text, max(0, start - 30), start))


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A phrase joined by 'and' is one name only when it is an organisation's ("Ministry of
    Science and ICT"); otherwise its parts are judged apart ("Kim Jong Un and Moon Jae-in")."""
    phrase = text[start:end]
    tokens = phrase.split()
    opener = next((t for t in tokens if t not in STOPWORDS and t not in _ARTICLES), tokens[0])  # "Das Bundesamt für..."
    if tokens[-1] in _ORG_END or opener in _ORG_OPENERS:
        return [(start, end)]
    admin = _ADMIN_INSIDE.search(phrase)
    if admin:  # "Cieunteung Kecamatan Baleendah": a village, then its district
        return _parts(text, start, start + admin.start()) + [(start + admin.end(), end)]
    on = _ON_PLACE.search(phrase)
    if on:  # "Far Eastern Federal University on Russky Island"
        return _parts(text, start, start + on.start()) + [(start + on.end(), end)]
    parts, last = [], start
    for joint in _JOINTS.finditer(phrase):
        parts.append((last, start + joint.start()))
        last = start + joint.end()
    parts.append((last, end))
    return parts


def _tidy(text: str, start: int, end: int) -> tuple[int, int, list[str]]:
    """Drop sentence openers, possessive owners and dangling connectors from a phrase."""
    tokens = [(m.start(), m.group()) for m in _NON_SPACE.finditer(text, start, end)]
    while tokens and (tokens[0][1] in STOPWORDS or tokens[0][1].lower() in _CONNECTORS or tokens[0][1] == "the"
                      or tokens[0][1] in _ARTICLES and len(tokens) > 2):
        tokens.pop(0)
    for index, (_, word) in enumerate(tokens[:-1]):
        if word.lower() in _CONNECTORS and tokens[index + 1][1] in STOPWORDS:
            tokens = tokens[:index]  # "Georgy Zinoviev on June 21": the name ends before the date
            break
    owner = [i for i, (_, word) in enumerate(tokens[:-1]) if word.endswith(("’s", "'s"))]
    if owner:
        tokens = tokens[owner[-1] + 1:]  # "Yoon’s People Power Party" -> the party
    while tokens and tokens[-1][1].lower() in _CONNECTORS:
        tokens.pop()
    if tokens and tokens[-1][1].endswith(("’s", "'s", "’", "'")) and not tokens[-1][1].endswith(("s’", "s'")):
        tokens[-1] = (tokens[-1][0], _POSSESSIVE.sub("", tokens[-1][1]))
    if not tokens:
        return start, start, []
    return tokens[0][0], tokens[-1][0] + len(tokens[-1][1]), [word for _, word in tokens]


def judge(text: str, start: int, end: int, common: frozenset[str] = frozenset()) -> Candidate | None:
    """What the name at text[start:end] is, judged by its words and neighbours (or None)."""
    return _judge(text, start, end, common)


def case_counts(texts) -> tuple[Counter, Counter]:
    """How often each word is written in lower case, and capitalised ("keamanan", "Keamanan")."""
    lower, capital = Counter(), Counter()
    for text in texts:
        lower.update(_LOWER_WORD.findall(text))
        capital.update(_CAPITAL_WORD.findall(text))
    return lower, capital


def lower_case_words(*texts: str, at_least: int = 1) -> frozenset[str]:
    """Words written in lower case at least as often as capitalised: "keamanan", "editor", not
    "setya" (a name some writers leave in lower case: "bapak setya novanto")."""
    lower, capital = case_counts(texts)
    return frozenset(word for word, count in lower.items()
                     if count >= at_least and count >= capital[word[0].upper() + word[1:]])


def _judge(text: str, start: int, end: int, common: frozenset[str] = frozenset()) -> Candidate | None:
    start, end, words = _tidy(text, start, end)
    if not words or "\x00" in text[start:end]:
        return None
    before, after = text[max(0, start - 80):start], text[end:end + 40]
    acronym = _ACRONYM_AFTER.match(after)
    if _ARTICLE_BEFORE.search(before):  # "a Video Club", "an Open Source Project"; but Spanish "a" is "to"
        person = _person(start, words, before, after, common) if before.endswith(" a ") else None
        return person if person and person.rule == "given name" and person.start == start else None
    titles = 0
    while titles < len(words) - 1 and words[titles] in _TITLES:
        titles += 1
    if titles and words[titles] in _ORG_START:  # "Ketua Fraksi Demokrat Jafar Hafsah"
        rest, rest_start = words[titles:], text.find(words[titles], start)
        holder = _office_holder(text, rest_start, end, rest, f"{before} {' '.join(words[:titles])} ", common)
        return holder or Candidate(" ".join(rest), "organization", 0.85, rest_start, end, "organization keyword")
    if words[-1] in _ROLES and len(words) > 1:  # "Creative Commons CEO"
        end, words = end - len(words[-1]) - 1, words[:-1]
        return Candidate(" ".join(words), "organization", 0.85, start, end, "organization and its officer")
    if words[-1] in _ORG_END and len(words) > 1 or words[0] in _ORG_START and len(words) > 1 or (
            words[0] in _ORG_START_OF and len(words) > 2 and words[1] in ("of", "for")) or _org_cue(text, start, end) \
            or any(w in _ORG_END and words[i + 1] == "of" for i, w in enumerate(words[1:-1], 1)):  # "Democratic Alliance of Korea"
        if words[0] in LEGAL_FORMS and len(words) > 1:
            start, words = text.find(words[1], start), words[1:]
        holder = _office_holder(text, start, end, words, before, common)
        if holder:
            return holder
        if all(w.lower() in common for w in words) and not _read_title(text, start):
            return None  # "In High School": a kind of body, not one body's name (but "lee El Mundo")
        article = _TITLE_ARTICLE.search(text, max(0, start - 12), start)
        if article:  # "lee El Mundo": an article in capitals mid-sentence is the title's own
            start, words = article.start("article"), [article.group("article"), *words]
        return Candidate(" ".join(words), "organization", 0.85, start, end, "organization keyword")
    place = _place(text, start, end, words, after)
    if place:
        return place
    if len(words) <= 3 and any(w in before for w in _BATTLE_WORDS) and _BATTLE_BEFORE.search(before) \
            and not any(w in STOPWORDS for w in words):
        return Candidate(" ".join(words), "place", 0.85, start, end, "battle of")  # "la batalla de Cuito Cuanavale"
    if acronym and len(words) > 1 and _initials_fit(words, acronym.group(1)) \
            and sum(w.lower() in common for w in words) * 2 <= len(words):  # not "Daerah Otonom Baru (DOB)"
        return Candidate(" ".join(words), "organization", 0.85, start, end, "defined acronym", alias=acronym.group(1))
    if words[0] in _CONTINENTS and (len(words) == 2 and words[1] not in _TITLES
                                    or words[1:] in (["del", "Sur"], ["del", "Norte"])):  # "América Latina", "América del Sur"
        return Candidate(" ".join(words), "place", 0.85, start, end, "region")
    region = next((w for w in words if _REGION_COMPOUND.fullmatch(w) and w not in _cldr_regions()), None)
    if region and len(words) <= 2:  # "Iberoamérica", and in "¡Viva Iberoamérica!" too
        offset = text.find(region, start)
        return Candidate(region, "place", 0.85, offset, offset + len(region), "region")
    person = _person(start, words, before, after, common)
    if person:
        return person
    if len(words) <= 2 and _IN_PLACE.search(before) and not any(w in STOPWORDS or w in _TITLES for w in words):
        return Candidate(" ".join(words), "place", 0.6, start, end, "after 'in' or 'near'")
    return None


@lru_cache(maxsize=1)
def _cldr_regions() -> frozenset[str]:
    """Regions CLDR names ("Centroamérica", "Sudamérica"): the gazetteer knows them on a site in their
    language, and on another site an article may mean the English one ("WordCamp Centroamérica")."""
    from .language import compass_variants, region_names

    return frozenset(variant for language in ("es", "de", "fr", "pt", "it") for name in region_names(language)
                     for variant in (name, *compass_variants(name, region_names(language), language)))


def _place(text: str, start: int, end: int, words: list[str], after: str) -> Candidate | None:
    noun = _PLACE_NOUN_AFTER.match(after)  # `after` starts right at the phrase's end
    if words[-1] in _PLACE_END and len(words) > 1 or words[0] in _PLACE_START and len(words) > 1:
        kept = [w for w in words if w not in _ADMIN_WORDS] or words
        offset = text.find(kept[0], start)
        return Candidate(" ".join(kept), "place", 0.85, offset, end, "place keyword")
    if noun and len(words) <= 4 and not any(w in STOPWORDS for w in words) and words[0] not in _TITLES:
        noun_words = " ".join(noun.group().split())  # "aircraft plant"
        name = " ".join(words) if noun.group(1) in ("county", "province", "region", "area") else f"{' '.join(words)} {noun_words}"
        return Candidate(name, "place", 0.85, start, end + (0 if name == " ".join(words) else noun.end()), "place noun")
    return None


def _person(start: int, words: list[str], before: str, after: str, common: frozenset[str]) -> Candidate | None:
    titled = False
    index = 0
    while index < len(words) - 1 and (words[index] in _TITLES or words[index] == "of"):
        titled, index = True, index + 1
    inner_titles = [i for i, w in enumerate(words[:-2]) if w in _TITLES and w not in _TITLE_MODIFIERS]
    if inner_titles and inner_titles[-1] >= index:  # "Lead Organizer Tapiwanashe Manhobo"
        titled, index = True, inner_titles[-1] + 1
    name_words = words[index:]
    if name_words and name_words[0] in _ORG_START:
        return None  # "Ketua Dewan Pembina": a title and the body it heads
    for position, word in enumerate(name_words[:-1]):  # "Foreign Affairs Choe Son Hui"
        if word in _KOREAN_SURNAMES or word.lower() in given_names() and word not in _AMBIGUOUS_GIVEN:
            if position and name_words[position - 1] in _NAME_ABBREVIATIONS:
                position -= 1  # "Md Saif Hassan"
            name_words = name_words[position:]
            break
    if len(name_words) == 3 and name_words[1] in _ARABIC_PARTICLES and name_words[0].lower() in given_names() \
            and name_words[2][0].isupper() and name_words[2] not in _NOT_NAMES and name_words[2] not in STOPWORDS:
        name = " ".join(name_words)  # "Muamar el Gadafi" (but not "Mariano Rajoy el Gobierno")
        offset = start + sum(len(w) + 1 for w in words[: len(words) - len(name_words)])
        return Candidate(name, "person", 0.8, offset, offset + len(name), "given name")
    # "María Dolores de Cospedal", "Friedemann Schulz von Thun": particles inside a name, never at its ends
    capitalised = [w for w in name_words if w not in _NAME_PARTICLES]
    if len(capitalised) < len(name_words) and (name_words[0] in _NAME_PARTICLES or name_words[-1] in _NAME_PARTICLES):
        return None
    if not 2 <= len(capitalised) <= 4 or len(name_words) > 6 \
            or any(w in _NOT_NAMES or w in STOPWORDS or not w[0].isupper() for w in capitalised):
        return None
    regnal = len(name_words) >= 2 and _REGNAL.fullmatch(name_words[-1]) and name_words[0].lower() in given_names()
    if any(len(w) > 1 and w.isupper() and "." not in w for w in (name_words[:-1] if regnal else name_words)):
        return None  # an acronym is not part of a person's name (a monarch's numeral is: "Carlos II")
    if sum(w.lower() in common for w in name_words) * 2 > len(name_words):
        return None  # "Menteri Keamanan Nasional": a title's own words, written in lower case elsewhere
    if name_words[-1].endswith(("s'", "s’")):  # "Tom Peters' view": a person's possessive, not the name
        name_words = [*name_words[:-1], name_words[-1][:-1]]
    name = " ".join(name_words)
    offset = start + sum(len(w) + 1 for w in words[: len(words) - len(name_words)])
    first = name_words[0]
    initial = _INITIAL_THEN_SURNAME.match(after) if len(name_words[-1]) == 1 else None
    if initial and first.lower() in given_names() and len(name_words) <= 3:  # "Reinhard K. Sprenger", "Frederick W. Taylor"
        name = f"{name}. {initial.group(1)}"
        return Candidate(name, "person", 0.85, offset, offset + len(name), "given name and an initial")
    if titled or _title_before(before):  # the costlier look back comes after the cheap checks
        return Candidate(name, "person", 0.9, offset, offset + len(name), "title")
    if _HANDLE_AFTER.match(after) and len(name_words) <= 3:
        return Candidate(name, "person", 0.85, offset, offset + len(name), "name with @handle")
    if first in _KOREAN_SURNAMES and len(name_words) <= 3:
        return Candidate(name, "person", 0.85, offset, offset + len(name), "korean name")
    if _is_given(first) and first not in _AMBIGUOUS_GIVEN and (len(capitalised) <= 3 or _two_given(capitalised)):
        return Candidate(name, "person", 0.8, offset, offset + len(name), "given name")
    if _BYLINE_BEFORE.search(before) and len(name_words) <= 3 and not any(w.lower() in common for w in name_words):
        return Candidate(name, "person", 0.85, offset, offset + len(name), "byline")  # "- by Cennydd Bowles -"
    if (_SPEECH_BEFORE.search(before) or _MORE_SPEECH_BEFORE.search(before, max(0, len(before) - 20)) or _WHO_AFTER.match(after)) and len(name_words) <= 3:
        return Candidate(name, "person", 0.85, offset, offset + len(name), "speech verb before")
    if len(name_words) <= 3 and (after[:1] == "," and _ROLE_AFTER.match(after)
                                 or before.rstrip(" \t")[-1:] == "," and _ROLE_BEFORE.search(before, max(0, len(before) - 40))) \
            and not any(w.lower() in common for w in name_words):
        return Candidate(name, "person", 0.85, offset, offset + len(name), "role in apposition")
    if _SPEECH_AFTER.match(after) and len(name_words) <= 3:
        return Candidate(name, "person", 0.7, offset, offset + len(name), "speech verb")
    return None


# A role in apposition: "Jamais Cascio, the futurist", "the author, Jamais Cascio,", "Pablo Iglesias, secretario
# general de Podemos" (lower-case roles, and German nouns of a person's trade).
_ROLES_ALONE = "|".join(sorted({w for w in _TITLES if w.islower() and w not in ("senior", "acting", "former", "official", "warga",
                                                                               "juru", "anggota", "mantan")}
                               | _GERMAN_TRADES,
                               key=lambda word: (-len(word), word)))  # longest first, then A-Z: one pattern every run
_ROLE_AFTER = re.compile(rf"^,[ \t]+(?:(?:the|a|an|our|el|la|un|una|der|die|ein|eine)[ \t]+)?(?:[\w-]+[ \t]+)?(?:{_ROLES_ALONE})\b")
_ROLE_BEFORE = re.compile(rf"\b(?:{_ROLES_ALONE}),[ \t]+$")


_INITIAL_THEN_SURNAME = re.compile(r"\. ([A-ZÀ-Þ][a-zß-ÿ][\w’'-]*)(?![\w’'-])")
_REGNAL = re.compile(r"(?:X{0,2})(?:IX|IV|V?I{0,3})")  # "Carlos II", "Luis XIV", "Juan Carlos I"


def _is_given(word: str) -> bool:
    """A known given name, or two joined by a hyphen ("Hans-Peter", "Karl-Heinz")."""
    lower = word.lower()
    return lower in given_names() or "-" in lower and all(part in given_names() for part in lower.split("-", 1))


def _two_given(words: list[str]) -> bool:
    """ "José Luis Rodríguez Zapatero", "Juan Manuel Sánchez Gordillo": two given names, then two
    surnames, as Spanish and Portuguese names run; a four-word name needs both given names."""
    return words[1].lower() in given_names() and words[1] not in _AMBIGUOUS_GIVEN


def _office_holder(text: str, start: int, end: int, words: list[str], before: str, common) -> Candidate | None:
    """ "Ketua Fraksi Demokrat Jafar Hafsah", "anggota Komisi C DPRD Maluku Anos Yeremias": after a
    title, the body's name runs straight into its holder's; the last two words are the person."""
    if len(words) < 4 or not _title_before(before):
        return None
    name = words[-2:]
    if any(w in _ORG_END or w in _PLACE_END or w in _ORG_START or w.isupper() or not w[:1].isupper()
           or w.lower() in common or w in STOPWORDS for w in name):
        return None
    offset = end - len(" ".join(name))
    return Candidate(" ".join(name), "person", 0.85, offset, end, "holder of a titled office")


def _title_before(before: str) -> bool:
    """A title just before the name, or before the body or place it heads: "Gubernur DKI Jakarta
    Basuki Tjahaja Purnama", "Ketum Golkar, Setya Novanto", "jubir Partai, Nurul Arifin dan Tantowi Yahya"."""
    for count, word in enumerate(reversed(before.replace(",", " ").split())):
        if word in _TITLES:
            return True
        bare = word.strip("()")
        name_like = bare[:1].isupper() or bare.startswith("\x00") or word in ("dan", "and", "&")
        if count >= 8 or not name_like:
            return False
    return False


def _initials_fit(words: list[str], acronym: str) -> bool:
    """ "National Intelligence Service (NIS)": the acronym's letters open the name's words."""
    initials = "".join(w[0] for w in words if w[0].isupper())
    letters = "".join(c for c in acronym if c.isupper())
    return bool(letters) and (letters in initials or initials.startswith(letters[:2]))
