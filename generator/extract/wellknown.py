"""Well-known bodies any beat may name without introducing them: national parties, unions,
parliaments, police forces, newspapers and broadcasters, large companies, and the international
and historical bodies bodies.py does not list.

A political blog writes "el PP", "CCOO" and "la CDU" without ever spelling them out, and a tech
blog "the Microsoft docs": a reader knows these bodies, and the site's own archive may never define
them (glossary.py). No package with clear provenance bundles such names, so the bodies that
newspapers of the languages in the corpus cite most are listed here by hand, from their own
official names. Each is named as the gold sets name bodies (`tests/gold/README.md`): a body of a
Spanish-, German- or Indonesian-speaking country by its official name in its own language, any
other by its English name.

The name and its `forms` are read on any site (a `generic` name, one that other states' bodies
share, only in its other forms: "Workers' Party" is North Korea's on a Korean beat); `local` forms only on a site written in that
language, where they are not some other body's ("PP", "ETA", "SAT" mean other things in English;
"ABC" is a Spanish newspaper only on a Spanish site). A `maker`'s name
followed by a capitalised word names its product ("Microsoft Teams", "Amazon RDS"), not the company.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Known:
    name: str
    forms: tuple[str, ...] = ()  # read on any site
    local: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> forms read only there
    maker: bool = False  # a company whose name also opens its products' names
    generic: bool = False  # a name other states' bodies share ("Democratic Party"): read only its other forms


def _k(name: str, *forms: str, maker: bool = False, generic: bool = False, **local: str | tuple[str, ...]) -> Known:
    return Known(name, forms, {language: (value,) if isinstance(value, str) else value for language, value in local.items()},
                 maker, generic)


WELL_KNOWN = (
    # Spain: parties, unions, institutions, media, companies (official names; Catalan where official)
    _k("Partido Socialista Obrero Español", es="PSOE"),
    _k("Partido Popular", es="PP"),
    _k("Izquierda Unida", es="IU"),
    _k("Unión Progreso y Democracia", "UPyD"),
    _k("Convergència i Unió", "CiU", "Convergencia i Unió", "Convergència i Unió", "Convergencia y Unión"),
    _k("Esquerra Republicana de Catalunya", "Esquerra Republicana", es="ERC"),
    _k("Partido Nacionalista Vasco", "Eusko Alderdi Jeltzalea", es="PNV"),
    _k("Euskal Herria Bildu", "EH Bildu", "Bildu"),
    _k("Batasuna", "Herri Batasuna", es="BATASUNA"),
    _k("Euskadi Ta Askatasuna", es="ETA"),
    _k("Partido de los Socialistas de Cataluña", "Partit dels Socialistes de Catalunya", "Partido Socialista de Cataluña", es="PSC"),
    _k("Bloque Nacionalista Galego", es="BNG"),
    _k("Coalición Canaria"),
    _k("Partido Comunista de España", es="PCE"),
    _k("Unión General de Trabajadores", es="UGT"),
    _k("Confederación Sindical de Comisiones Obreras", "Comisiones Obreras", es=("CCOO", "CC.OO.", "CC. OO.")),
    _k("Confederación Nacional del Trabajo", es="CNT"),
    _k("Confederación General del Trabajo", es="CGT"),
    _k("Sindicato Andaluz de Trabajadores", "Sindicato Andaluz de Trabajadores/as", es="SAT"),
    _k("Congreso de los Diputados", es=("Congreso",)),
    _k("Tribunal Constitucional", es="TC"),
    _k("Tribunal Supremo"),
    _k("Audiencia Nacional"),
    _k("Consejo General del Poder Judicial", es="CGPJ"),
    _k("Banco de España"),
    _k("Guardia Civil"),
    _k("Mossos d'Esquadra", "Mossos de Esquadra", "Mossos d’Esquadra"),
    _k("Ertzaintza"),
    _k("Centro Nacional de Inteligencia", es="CNI"),
    _k("Centro de Investigaciones Sociológicas", es="CIS"),
    _k("Real Academia Española", es="RAE"),
    _k("Televisión Española", es="TVE"),
    _k("Radiotelevisión Española", es="RTVE"),
    _k("Agencia EFE", es="EFE"),
    _k("El País"),
    _k("El Mundo"),
    _k("ABC", es="ABC"),
    _k("La Vanguardia"),
    _k("La Razón"),
    _k("El Periódico de Catalunya", "El Periódico"),
    _k("Cadena SER"),
    _k("Antena 3"),
    _k("Telecinco"),
    _k("Junta de Andalucía"),
    _k("Generalitat de Catalunya", es="Generalitat"),
    _k("Xunta de Galicia"),
    _k("Gobierno Vasco"),
    _k("Parlamento de Andalucía", "Parlamento Andaluz", "Parlamento andaluz"),
    _k("Parlament de Catalunya", "Parlamento de Cataluña", "Parlamento catalán", "Parlamento Catalán"),
    _k("Parlamento Vasco", "Parlamento vasco"),
    _k("Cortes Generales"),
    _k("Corona de España"),
    _k("Ateneo de Madrid"),
    _k("Telefónica"),
    _k("Iberdrola"),
    _k("Repsol"),
    _k("Banco Santander"),
    _k("BBVA"),
    _k("Inditex"),
    _k("Endesa"),
    _k("Bankia"),
    _k("CaixaBank"),
    _k("El Corte Inglés"),
    # Latin America (own names) and Brazil (English)
    _k("Partido Socialista Unido de Venezuela", "PSUV"),
    _k("Partido Revolucionario Institucional", es="PRI"),
    _k("Partido Acción Nacional", es="PAN"),
    _k("Partido Justicialista"),
    _k("Fuerzas Armadas Revolucionarias de Colombia", "FARC", "FARC-EP"),
    _k("Ejército de Liberación Nacional", es="ELN"),
    _k("Sendero Luminoso"),
    _k("Frente Sandinista de Liberación Nacional", "FSLN"),
    _k("Workers' Party", "Partido dos Trabalhadores", generic=True),
    # Germany (German names)
    _k("Christlich Demokratische Union Deutschlands", "CDU"),
    _k("Christlich-Soziale Union in Bayern", "CSU"),
    _k("Sozialdemokratische Partei Deutschlands", "SPD"),
    _k("Freie Demokratische Partei", "FDP"),
    _k("Bündnis 90/Die Grünen", de="Die Grünen"),
    _k("Die Linke", de="Linkspartei"),
    _k("Alternative für Deutschland", "AfD"),
    _k("Deutscher Bundestag", "Bundestag"),
    _k("Bundesrat", de="Bundesrat"),
    _k("Bundesverfassungsgericht"),
    _k("Bundeswehr"),
    _k("Deutsche Bundesbank", "Bundesbank"),
    _k("Bundesagentur für Arbeit"),
    _k("Deutscher Gewerkschaftsbund", de="DGB"),
    _k("IG Metall"),
    _k("Industrie- und Handelskammer", de="IHK"),
    _k("Arbeitsgemeinschaft der öffentlich-rechtlichen Rundfunkanstalten der Bundesrepublik Deutschland", de="ARD"),
    _k("Zweites Deutsches Fernsehen", de="ZDF"),
    _k("Der Spiegel"),
    _k("Frankfurter Allgemeine Zeitung", de="FAZ"),
    _k("Süddeutsche Zeitung"),
    _k("Handelsblatt"),
    _k("Siemens", maker=True),
    _k("Volkswagen", maker=True),
    _k("BMW", maker=True),
    _k("Deutsche Bank"),
    _k("Deutsche Telekom"),
    _k("Deutsche Bahn"),
    _k("Lufthansa"),
    _k("BASF"),
    _k("SAP", maker=True),
    # France and Italy (English names)
    _k("Socialist Party (France)", "Parti socialiste", fr="PS"),
    _k("The Republicans (France)", fr="Les Républicains"),
    _k("National Rally", "Rassemblement national", fr="RN"),
    _k("National Front (France)", "Front national", fr="FN"),
    _k("La France Insoumise", "La France insoumise", fr="LFI"),
    _k("National Assembly (France)", "Assemblée nationale"),
    _k("General Confederation of Labour (France)", "Confédération générale du travail", fr="CGT"),
    _k("Le Monde"),
    _k("Le Figaro"),
    _k("Democratic Party (Italy)", "Partito Democratico", it="PD"),
    _k("Five Star Movement", "Movimento 5 Stelle", "M5S"),
    _k("Forza Italia"),
    _k("Brothers of Italy", "Fratelli d'Italia"),
    _k("Italian Communist Party", "Partito Comunista Italiano", it="PCI"),
    _k("Corriere della Sera"),
    # United Kingdom and United States
    _k("Labour Party", "Partido Laborista", generic=True),
    _k("Conservative Party", "Partido Conservador británico", generic=True),
    _k("Liberal Democrats"),
    _k("Scottish National Party", "SNP"),
    _k("UK Independence Party", "UKIP"),
    _k("House of Commons"),
    _k("House of Lords"),
    _k("Bank of England"),
    _k("National Health Service", "NHS"),
    _k("MI5"),
    _k("MI6"),
    _k("Government Communications Headquarters", "GCHQ"),
    _k("The Guardian"),
    _k("The Economist"),
    _k("Democratic Party", "Partido Demócrata", "Demokratische Partei", generic=True),
    _k("Republican Party", "Partido Republicano de Estados Unidos", "GOP", generic=True),
    _k("National Aeronautics and Space Administration", "NASA"),
    _k("Federal Reserve", "Reserva Federal"),
    _k("Securities and Exchange Commission", "SEC"),
    _k("Federal Trade Commission", "FTC"),
    _k("Federal Communications Commission", "FCC"),
    _k("National Security Agency", "NSA"),
    _k("Department of Homeland Security", "DHS"),
    _k("Department of Government Efficiency", "DOGE"),
    _k("Environmental Protection Agency", "EPA"),
    _k("Food and Drug Administration", "FDA"),
    _k("Centers for Disease Control and Prevention", "CDC"),
    _k("National Institutes of Health", "NIH"),
    _k("Internal Revenue Service", "IRS"),
    _k("Library of Congress"),
    _k("Smithsonian Institution"),
    _k("NPR"),
    _k("Fox News"),
    _k("MSNBC"),
    _k("The New Yorker"),
    _k("Politico"),
    _k("TechCrunch"),
    _k("Ars Technica"),
    _k("Al Jazeera"),
    _k("Deutsche Welle"),
    _k("African National Congress", "ANC", "Congreso Nacional Africano", "Afrikanischer Nationalkongress"),
    # International bodies bodies.py does not list, and historical ones
    _k("Organisation for Economic Co-operation and Development", "OECD",
       "Organización para la Cooperación y el Desarrollo Económicos", es="OCDE", fr="OCDE"),
    _k("Organization of the Petroleum Exporting Countries", "OPEC", "Organización de Países Exportadores de Petróleo", es="OPEP", fr="OPEP"),
    _k("African Union", "Unión Africana", "Afrikanische Union"),
    _k("Council of Europe", "Consejo de Europa", "Europarat"),
    _k("European Council", "Consejo Europeo", "Europäischer Rat"),
    _k("Eurogroup", "Eurogrupo", "Eurogruppe"),
    _k("International Criminal Court", "Corte Penal Internacional", "Internationaler Strafgerichtshof"),
    _k("International Court of Justice", "Corte Internacional de Justicia", "Internationaler Gerichtshof"),
    _k("UNESCO"),
    _k("UNHCR", "Office of the United Nations High Commissioner for Refugees", es="ACNUR"),
    _k("Food and Agriculture Organization", "FAO"),
    _k("International Labour Organization", "Organización Internacional del Trabajo", "ILO", es="OIT"),
    _k("Interpol"),
    _k("Europol"),
    _k("Greenpeace"),
    _k("Médecins Sans Frontières", "Médicos Sin Fronteras", "Doctors Without Borders", "Ärzte ohne Grenzen"),
    _k("World Wide Fund for Nature", "WWF"),
    _k("FIFA"),
    _k("UEFA"),
    _k("International Olympic Committee", "Comité Olímpico Internacional", "Internationales Olympisches Komitee"),
    _k("Mercosur", "Mercosul"),
    _k("Union of South American Nations", "UNASUR", "Unasur"),
    _k("Community of Latin American and Caribbean States", "CELAC"),
    _k("Warsaw Pact", "Pacto de Varsovia", "Warschauer Pakt"),
    _k("League of Nations", "Sociedad de Naciones", "Völkerbund"),
    _k("Comecon"),
    _k("Communist International", "Comintern", "Internacional Comunista", "Tercera Internacional", "Kommunistische Internationale"),
    _k("International Workingmen's Association", "First International", "Primera Internacional",
       "Asociación Internacional de los Trabajadores", "Asociación Internacional de Trabajadores",
       "Internationale Arbeiterassoziation", "Erste Internationale"),
    _k("Second International", "Segunda Internacional", "Zweite Internationale"),
    _k("Zollverein", "Deutscher Zollverein"),
    _k("Hanseatic League", "Liga Hanseática"),
    # Companies most beats cite, and the makers whose names open their products' names
    _k("Microsoft", maker=True),
    _k("Amazon", maker=True),
    _k("Apple", "Apple Inc.", maker=True),
    _k("IBM", maker=True),
    _k("Intel", maker=True),
    _k("Red Hat", maker=True),
    _k("Cisco", maker=True),
    _k("Adobe", maker=True),
    _k("Samsung", maker=True),
    _k("Sony", maker=True),
    _k("Nvidia", "NVIDIA", maker=True),
    _k("OpenAI", maker=True),
    _k("Anthropic", maker=True),
    _k("Huawei", maker=True),
    _k("Alibaba", maker=True),
    _k("Tencent", maker=True),
    _k("Baidu", maker=True),
    _k("Lenovo", maker=True),
    _k("Qualcomm", maker=True),
    _k("Hewlett-Packard", maker=True),
    _k("Salesforce", maker=True),
    _k("VMware", maker=True),
    _k("Mozilla", maker=True),
    _k("Automattic", maker=True),
    _k("Goldman Sachs"),
    _k("JPMorgan Chase", "JPMorgan", "J.P. Morgan"),
    _k("Morgan Stanley"),
    _k("BlackRock"),
    _k("Walmart"),
    _k("Boeing", maker=True),
    _k("Airbus", maker=True),
    _k("Lockheed Martin", maker=True),
    _k("ExxonMobil", "Exxon"),
    _k("Toyota", maker=True),
    _k("General Motors"),
    _k("General Electric"),
    _k("Pfizer"),
    _k("Johnson & Johnson"),
    _k("Coca-Cola", maker=True),
    _k("McDonald's"),
    _k("Nestlé"),
    _k("Unilever"),
    _k("Nokia", maker=True),
    _k("Ericsson", maker=True),
)


def well_known_names(body: Known, languages: tuple[str, ...]) -> list[str]:
    """The names a site in `languages` reads as this body."""
    local = {form for forms in body.local.values() for form in forms}
    found = [name for name in ((*body.forms,) if body.generic else (body.name, *body.forms)) if name not in local]
    found += [form for language in languages for form in body.local.get(language, ())]
    return list(dict.fromkeys(found))


MAKERS = frozenset(name for body in WELL_KNOWN if body.maker for name in (body.name, *body.forms))


# Seas, oceans, mountain ranges and regions that are no state, province or city (so GeoNames and
# CLDR do not name them), as the languages of the corpus write them; each form is its own place,
# since a place keeps the name the article writes ("Mediterráneo", "Mittelmeer").
WELL_KNOWN_PLACES = tuple(name for name in dict.fromkeys("""
Mediterranean|Mediterranean Sea|Mediterráneo|Mar Mediterráneo|Mittelmeer|Atlantic|Atlantic Ocean|Atlántico|Océano Atlántico|Atlantik
Pacific Ocean|Pacífico|Océano Pacífico|Pazifik|Indian Ocean|Océano Índico|Indischer Ozean|Arctic|Arctic Ocean|Ártico|Arktis
Antarctica|Antártida|Antarktis|Caribbean|Caribe|Karibik|Baltic Sea|Báltico|Mar Báltico|Ostsee|North Sea|Mar del Norte|Nordsee
Black Sea|Mar Negro|Schwarzes Meer|Red Sea|Mar Rojo|Rotes Meer|Caspian Sea|Mar Caspio|Kaspisches Meer|Persian Gulf|Golfo Pérsico
Persischer Golf|South China Sea|Mar de China Meridional|Südchinesisches Meer|East China Sea|Mar de China Oriental
Ostchinesisches Meer|Cantábrico|Mar Cantábrico|Strait of Gibraltar|Estrecho de Gibraltar|Straße von Gibraltar|Strait of Hormuz
Estrecho de Ormuz|Straße von Hormus|Bosphorus|Bósforo|Bosporus|English Channel|Canal de la Mancha|Ärmelkanal|Balkans|Balcanes
Balkan|Middle East|Oriente Medio|Oriente Próximo|Naher Osten|Nahost|Maghreb|Magreb|Sahara|Sáhara|Sahel|Scandinavia|Escandinavia
Skandinavien|Siberia|Sibirien|Patagonia|Amazonia|Amazonía|Amazonien|Alps|Alpes|Alpen|Pyrenees|Pirineos|Pyrenäen|Andes|Anden
Himalayas|Himalaya|Caucasus|Cáucaso|Kaukasus|Iberian Peninsula|Península Ibérica|Iberische Halbinsel|Gaza Strip|Franja de Gaza
Gazastreifen|West Bank|Cisjordania|Westjordanland|Silicon Valley|Kashmir|Cachemira|Kaschmir|Tibet|Tíbet|Kurdistan|Kurdistán
""".replace("\n", "|").split("|")) if name)


# Territories GeoNames lists among countries that belong to another state (ISO 3166-1 codes): a
# text names them as places ("Gibraltar", "Puerto Rico", "Hong Kong"), never as states.
_CODES = """
GI PR GL HK MO BM GU FK FO NC PF AW CW KY VG VI AS MP TC AI MS SH PN IO GS BV HM TF YT RE GP MQ GF PM WF BL MF SX BQ
CX CC NF TK NU CK IM JE GG AX SJ UM
"""
DEPENDENCIES = frozenset(_CODES.split())

# Other names of states that CLDR's and GeoNames' one name per language leaves out, by the state's
# GeoNames name ("Gran Bretaña" and "Holanda" as writers use them).
STATE_NAMES = {
    **dict.fromkeys(["Gran Bretaña", "Großbritannien", "Great Britain", "Britain"], "United Kingdom"),
    **dict.fromkeys(["Holanda", "Holland"], "Netherlands"),
    **dict.fromkeys(["Arabia Saudita"], "Saudi Arabia"),
    **dict.fromkeys(["EE.UU.", "EE. UU.", "EEUU", "EUA", "USA", "U.S.A.", "United States of America", "Estados Unidos de América",
                     "Vereinigte Staaten von Amerika"], "United States"),
    **dict.fromkeys(["República Popular China", "Volksrepublik China", "People's Republic of China"], "China"),
    **dict.fromkeys(["Birmania", "Burma", "Birma"], "Myanmar"),
    **dict.fromkeys(["Vaticano", "Santa Sede", "Holy See", "Vatikan"], "Vatican"),
    **dict.fromkeys(["Costa de Marfil", "Elfenbeinküste"], "Ivory Coast"),
    **dict.fromkeys(["República Checa", "Czech Republic", "Tschechische Republik"], "Czechia"),
    **dict.fromkeys(["Federación Rusa", "Russian Federation", "Russische Föderation"], "Russia"),
}
