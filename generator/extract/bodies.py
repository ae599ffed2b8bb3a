"""International bodies under their names in other languages: "Unión Europea", "OTAN", "FMI".

Like a state's local names (language.py, from CLDR), an intergovernmental body is written in the
site's language: a Spanish blog writes "la OTAN" and "el Fondo Monetario Internacional" for what
the registry knows as NATO and the International Monetary Fund. No package bundles these names,
so the few bodies every news beat cites are listed here, with their official names in the
languages the corpus holds (Spanish, German, French, Portuguese, Italian). Full names are read
on any site; acronyms ("UE", "ONU") only on a site written in their language, where they are
not some other body's.
"""
from __future__ import annotations

from dataclasses import dataclass

_SMALL_WORDS = frozenset(["de", "del", "la", "las", "los", "y", "e", "et", "und", "der", "des", "du", "di", "do", "da", "dos", "das", "of", "the"])


@dataclass(frozen=True)
class Body:
    english: str  # the name the registry and the gold sets use
    short: str  # its English acronym, which a registry may use as the name ("NATO")
    names: dict[str, tuple[str, ...]]  # language -> full names, then acronyms (all capitals)


BODIES = (
    Body("European Union", "EU", {
        "es": ("Unión Europea", "UE"), "de": ("Europäische Union", "EU"), "fr": ("Union européenne", "UE"),
        "pt": ("União Europeia", "UE"), "it": ("Unione europea", "UE")}),
    Body("North Atlantic Treaty Organization", "NATO", {
        "es": ("Organización del Tratado del Atlántico Norte", "OTAN"), "fr": ("Organisation du traité de l'Atlantique nord", "OTAN"),
        "pt": ("Organização do Tratado do Atlântico Norte", "OTAN"), "de": ("Nordatlantikpakt",), "it": ("Organizzazione del Trattato dell'Atlantico del Nord",)}),
    Body("United Nations", "UN", {
        "es": ("Naciones Unidas", "Organización de las Naciones Unidas", "ONU"), "de": ("Vereinte Nationen", "UNO"),
        "fr": ("Nations unies", "Organisation des Nations unies", "ONU"), "pt": ("Nações Unidas", "ONU"), "it": ("Nazioni Unite", "ONU")}),
    Body("United Nations Security Council", "UNSC", {
        "es": ("Consejo de Seguridad de las Naciones Unidas", "Consejo de Seguridad de Naciones Unidas", "Consejo de Seguridad de la ONU"),
        "de": ("UN-Sicherheitsrat", "Sicherheitsrat der Vereinten Nationen"), "fr": ("Conseil de sécurité des Nations unies",),
        "pt": ("Conselho de Segurança das Nações Unidas",), "it": ("Consiglio di sicurezza delle Nazioni Unite",)}),
    Body("International Monetary Fund", "IMF", {
        "es": ("Fondo Monetario Internacional", "FMI"), "de": ("Internationaler Währungsfonds", "IWF"),
        "fr": ("Fonds monétaire international", "FMI"), "pt": ("Fundo Monetário Internacional", "FMI"), "it": ("Fondo monetario internazionale", "FMI")}),
    Body("European Central Bank", "ECB", {
        "es": ("Banco Central Europeo", "BCE"), "de": ("Europäische Zentralbank", "EZB"), "fr": ("Banque centrale européenne", "BCE"),
        "pt": ("Banco Central Europeu", "BCE"), "it": ("Banca centrale europea", "BCE")}),
    Body("World Bank", "", {
        "es": ("Banco Mundial",), "de": ("Weltbank",), "fr": ("Banque mondiale",), "pt": ("Banco Mundial",), "it": ("Banca mondiale",)}),
    Body("World Trade Organization", "WTO", {
        "es": ("Organización Mundial del Comercio", "OMC"), "de": ("Welthandelsorganisation", "WTO"),
        "fr": ("Organisation mondiale du commerce", "OMC"), "pt": ("Organização Mundial do Comércio", "OMC"), "it": ("Organizzazione mondiale del commercio",)}),
    Body("World Health Organization", "WHO", {
        "es": ("Organización Mundial de la Salud", "OMS"), "de": ("Weltgesundheitsorganisation", "WHO"),
        "fr": ("Organisation mondiale de la santé", "OMS"), "pt": ("Organização Mundial da Saúde", "OMS"), "it": ("Organizzazione mondiale della sanità", "OMS")}),
    Body("European Commission", "", {
        "es": ("Comisión Europea",), "de": ("Europäische Kommission",), "fr": ("Commission européenne",),
        "pt": ("Comissão Europeia",), "it": ("Commissione europea",)}),
    Body("European Parliament", "", {
        "es": ("Parlamento Europeo",), "de": ("Europäisches Parlament",), "fr": ("Parlement européen",),
        "pt": ("Parlamento Europeu",), "it": ("Parlamento europeo",)}),
    Body("Organization of American States", "OAS", {
        "es": ("Organización de los Estados Americanos", "OEA"), "pt": ("Organização dos Estados Americanos", "OEA"),
        "fr": ("Organisation des États américains", "OEA")}),
    Body("Catholic Church", "", {
        "es": ("Iglesia católica",), "de": ("Katholische Kirche", "katholische Kirche"), "fr": ("Église catholique",),
        "pt": ("Igreja Católica",), "it": ("Chiesa cattolica",)}),
)


def title_case(name: str) -> str:
    """ "Unión Europea" for "Unión europea": writers capitalise a body's every main word or not."""
    return " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in name.split())


def local_names(body: Body, languages: tuple[str, ...]) -> list[str]:
    """The body's full names in every language, and its acronyms in the site's languages."""
    found = []
    for language, names in body.names.items():
        for name in names:
            if not name.isupper():
                found += [name, title_case(name)]
            elif language in languages:
                found.append(name)
    return list(dict.fromkeys(found))
