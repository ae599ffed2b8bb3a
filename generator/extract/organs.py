"""A party's own organs are the party: "DPP Golkar", "Fraksi Demokrat", "the Central Committee".

Party news names a party's boards and parliamentary groups all the time ("Dewan Pimpinan Pusat
(DPP)", "Fraksi Golkar", "the Workers' Party's Central Committee"). For a reader they are the
party acting, so their mentions count as the party's: the party named with the organ, or,
when the organ stands alone, the party the article is mostly about (named at least twice as
often as any other). Bodies of the state (a parliament's commission) are not organs.
"""
from __future__ import annotations

from collections import Counter

ORGANS = ("Dewan Pimpinan Pusat", "Dewan Pimpinan Daerah", "Dewan Pimpinan Cabang", "Dewan Pembina",
          "Dewan Pakar", "Fraksi", "Central Committee", "Politburo", "Presidium")


def is_party(name: str) -> bool:
    return name.startswith(("Partai ", "Parti ")) or name.endswith(" Party") or " Party of " in name


def _organ_and_rest(name: str) -> tuple[str, str] | None:
    for organ in ORGANS:
        if name == organ or name.startswith(organ + " "):
            return organ, name[len(organ):].strip()
    return None


def parties_for_organs(mentions: list) -> dict[tuple[str, str], tuple[str, str]]:
    """For each organ mentioned (its key), the party key it stands for, where one is clear."""
    parties = Counter(m.key for m in mentions if m.key[0] == "organization" and is_party(m.key[1]))
    ranked = parties.most_common(2)
    main = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]) else None
    found = {}
    for key in {m.key for m in mentions if m.key[0] == "organization"}:
        split = _organ_and_rest(key[1])
        if not split:
            continue
        rest = split[1]
        named = [p for p in parties if rest and (p[1].endswith(" " + rest) or p[1] == rest)]
        party = named[0] if named else (main if not rest else None)
        if party:
            found[key] = party
    return found
