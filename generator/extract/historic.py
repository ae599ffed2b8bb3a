"""States that no longer exist, under their names in the languages the corpus holds.

A history or politics blog names the Soviet Union, Prussia or Zaire as often as today's states,
and in its own language ("la Unión Soviética", "la URSS", "Preußen"). GeoNames and CLDR list only
today's countries, and ISO 3166-3 (pycountry's `historic_countries`) gives formal names with the
short one last ("USSR, Union of Soviet Socialist Republics") and reuses codes for successors
("Burma", "East Timor"), so the states that history writing cites are listed here, as bodies.py
lists international bodies: the English name the gold sets use, then local names per language.
Full names are read on any site, acronyms ("URSS", "DDR") only on a site in their language.
"""
from __future__ import annotations

from .bodies import Body

HISTORIC_STATES = (
    Body("Soviet Union", "USSR", {
        "es": ("Unión Soviética", "Unión de Repúblicas Socialistas Soviéticas", "URSS"),
        "de": ("Sowjetunion", "Union der Sozialistischen Sowjetrepubliken", "UdSSR"),
        "fr": ("Union soviétique", "Union des républiques socialistes soviétiques", "URSS"),
        "pt": ("União Soviética", "União das Repúblicas Socialistas Soviéticas", "URSS"),
        "it": ("Unione Sovietica", "Unione delle Repubbliche Socialiste Sovietiche", "URSS"), "id": ("Uni Soviet",)}),
    Body("East Germany", "GDR", {
        "es": ("República Democrática Alemana", "RDA"), "de": ("Deutsche Demokratische Republik", "DDR"),
        "fr": ("République démocratique allemande", "RDA"), "pt": ("República Democrática Alemã", "RDA"),
        "it": ("Repubblica Democratica Tedesca", "DDR"), "en": ("German Democratic Republic",)}),
    Body("Yugoslavia", "", {"es": ("Yugoslavia",), "de": ("Jugoslawien",), "fr": ("Yougoslavie",), "pt": ("Iugoslávia", "Jugoslávia"),
                            "it": ("Jugoslavia",)}),
    Body("Czechoslovakia", "", {"es": ("Checoslovaquia",), "de": ("Tschechoslowakei",), "fr": ("Tchécoslovaquie",),
                                "pt": ("Checoslováquia", "Tchecoslováquia"), "it": ("Cecoslovacchia",)}),
    Body("Zaire", "", {"fr": ("Zaïre",)}),
    Body("Prussia", "", {"es": ("Prusia",), "de": ("Preußen",), "fr": ("Prusse",), "pt": ("Prússia",)}),
    Body("Holy Roman Empire", "", {
        "es": ("Sacro Imperio Romano Germánico", "Sacro Imperio Romano"), "de": ("Heiliges Römisches Reich",),
        "fr": ("Saint-Empire romain germanique", "Saint-Empire romain"), "pt": ("Sacro Império Romano-Germânico",),
        "it": ("Sacro Romano Impero",)}),
    Body("Roman Empire", "", {"es": ("Imperio romano",), "de": ("Römisches Reich",), "fr": ("Empire romain",),
                              "pt": ("Império Romano",), "it": ("Impero romano",)}),
    Body("Byzantine Empire", "", {"es": ("Imperio bizantino",), "de": ("Byzantinisches Reich",), "fr": ("Empire byzantin",),
                                  "pt": ("Império Bizantino",), "it": ("Impero bizantino",)}),
    Body("Ottoman Empire", "", {"es": ("Imperio otomano",), "de": ("Osmanisches Reich",), "fr": ("Empire ottoman",),
                                "pt": ("Império Otomano",), "it": ("Impero ottomano",)}),
    Body("Austria-Hungary", "", {"es": ("Imperio austrohúngaro", "Austria-Hungría"), "de": ("Österreich-Ungarn",),
                                 "fr": ("Autriche-Hongrie",), "pt": ("Áustria-Hungria",), "it": ("Austria-Ungheria",)}),
    Body("Spanish Empire", "", {"es": ("Imperio español",), "de": ("Spanisches Kolonialreich",), "fr": ("Empire espagnol",)}),
    Body("Crown of Aragon", "", {"es": ("Corona de Aragón",), "ca": ("Corona d'Aragó",)}),
    Body("Crown of Castile", "", {"es": ("Corona de Castilla",)}),
    Body("Second Spanish Republic", "", {"es": ("Segunda República Española", "II República Española", "Segunda República"),
                                         "de": ("Zweite Spanische Republik",), "fr": ("Seconde République espagnole",)}),
)
