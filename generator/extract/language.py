"""Which language an article is written in, and what that language calls the world's states.

An Indonesian site writes "Singapura" and "Amerika Serikat", a French one "Corée du Nord":
the same states under local names. The language comes from py3langid (its model ships inside
the package), the local names from the Unicode CLDR data that Babel bundles, and first-level
subdivisions ("Riau", "Papua Barat", "Amur Oblast") from ISO 3166-2 through pycountry.
Nothing is downloaded at run time.
"""
from __future__ import annotations

import os
import shutil
from collections import Counter
from functools import lru_cache
from pathlib import Path

MIN_SHARE = 0.1  # a language written in at least this share of the articles gets its names
# Languages so close that the identifier mixes them up: read the country names of both.
_SIBLINGS = {"ms": ("id",), "id": ("ms",), "nb": ("nn",), "nn": ("nb",), "hr": ("bs", "sr"), "bs": ("hr", "sr")}
# Subdivisions called by a bare compass word ("Central", "North") would read every such word as a place.
GENERIC_NAMES = frozenset(["Central", "Centre", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Capital", "Upper", "Lower", "Middle", "Coast", "Islands", "Island", "Lakes", "Region", "Province"])


def detect(text: str) -> str:
    """The ISO 639-1 code of the text's language ("en", "id", "ko")."""
    return _identifier().classify(text[:2000])[0]


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model (loaded once per process, on first use) in a FastIdentifier."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    class FastIdentifier(LanguageIdentifier):
        """py3langid's classifier with its two slow steps done by numpy, to the same scores bit for
        bit (tests/test_language.py holds the answers equal to py3langid's own). py3langid's own
        took a quarter of an article's conversion, 0.9 ms; this takes 0.6 (BENCHMARKS.md)."""

        def _raw_score(self, text):
            # As LanguageIdentifier._raw_score, the walk over the bytes by visits() below.
            visits = self.visits(text)
            if visits is not None:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(text)  # no feature: py3langid's own answer

        def _sparse_score(self, visits, table):
            # The same product; the model's float16 table is made float32 once, when loaded
            # (numpy would cast the rows each text needs, to the same float32 values and the same
            # BLAS call: casting them took most of an identification).
            idx, counts = visits
            return np.log1p(counts.astype(np.float32)) @ table[idx].astype(np.float32, copy=False) + self.nb_pc

        def visits(self, data: bytes) -> tuple | None:
            """py3langid.langid.visit_counts as two arrays, (features, times each was seen), in the
            order first seen (the product above sums in that order), or None for no feature. Its
            automaton reads one byte at a time; its state after byte i depends only on the last
            DEPTH bytes (the longest of its strings that ends there is at most that long), so
            every position is walked at once from the start state over its own last DEPTH bytes."""
            size = len(data)
            if not size:
                return None
            letters = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
            state = np.zeros(size, dtype=np.intp)
            for back in range(DEPTH - 1, -1, -1):  # the byte `back` places before each position
                if back < size:
                    state[back:] = self.moves[self.rows[state[back:]] + letters[:size - back]]
            features = self.outputs[state]
            features = features[features >= 0]
            if not len(features):
                return None
            found, first, counts = np.unique(features, return_index=True, return_counts=True)
            order = np.argsort(first, kind="stable")
            return found[order], counts[order]

    ptc, pc, classes, nextmove, row, output = _model(MODEL_DIR / MODEL_FILE)
    # As from_model_file; the table as float32 (57 MB rather than 28: see _sparse_score).
    identifier = FastIdentifier(np.asarray(ptc, dtype=np.float32), np.asarray(pc), classes, nextmove, output, tk_row=row)
    identifier.moves = np.asarray(identifier.tk_nextmove)
    identifier.rows = np.asarray(identifier._rowbase, dtype=np.intp)
    identifier.outputs = np.asarray(identifier.tk_output, dtype=np.intp)
    return identifier


_KEPT: dict[str, Path] = {}  # "folder": where _model keeps its copy (see keep_model_in)


def keep_model_in(folder: Path | None) -> None:
    """Keep a quicker copy of py3langid's model in `folder` (the import cache's), and read it from
    there. The model ships inside an LZMA file: decompressing it took three quarters of a second of
    each process that converts a post (an import with one new post: most of what converting that
    post cost). The copy holds the model's arrays as the identifier uses them, uncompressed (the
    table as float32), and its two large ones are mapped, not read: a process reads only the
    pages of them its texts lead to (a hundredth of a second for one post, where a compressed
    pickle took a quarter of a second to load and hold), and workers share them."""
    _KEPT.pop("folder", None)
    if folder is not None:
        _KEPT["folder"] = Path(folder)


def kept_folder() -> Path | None:
    """Where keep_model_in keeps the copy (for a worker process that did not inherit it)."""
    return _KEPT.get("folder")


def copy_model_for_workers() -> None:
    """Make the quicker copy in the kept folder now if it is missing, without keeping the model in
    this process (the caller's workers will convert many posts). The import's workers are started
    clean (core/parallel.py): each loads the model itself, on its first post, and from the copy;
    without one, each read py3langid's LZMA file side by side and wrote the copy (1.1 s of
    processor time each)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    folder = _KEPT.get("folder")
    if folder is not None and not _copy_of(folder, MODEL_DIR / MODEL_FILE).exists():
        _model(MODEL_DIR / MODEL_FILE)


def _copy_of(folder: Path, path: Path) -> Path:
    """The folder that holds the copy of the model file `path` (its size and time, and
    py3langid's version, in the folder's name)."""
    from py3langid import __version__

    stat = path.stat()
    return folder / f"py3langid-{__version__}-{stat.st_size}-{stat.st_mtime_ns}"


# The copy's files, in the order of the model's parts (modelio.load_model's); the first and the
# fourth, the table and the automaton's moves (57 and 39 MB), are mapped.
_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")
_MAPPED = {"ptc", "nextmove"}


def _model(path: Path) -> tuple:
    """py3langid's model, the parts modelio.load_model reads (the same values): from the copy in
    the kept folder when there is one for this very file, else from the file itself, then copied
    there (atomically: workers may race)."""
    from py3langid.modelio import load_model

    folder = _KEPT.get("folder")
    if folder is None:
        return load_model(path)
    copy = _copy_of(folder, path)
    try:
        return _read_copy(copy)
    except (OSError, ValueError, EOFError):
        shutil.rmtree(copy, ignore_errors=True)  # none yet, or damaged: made again
    model = load_model(path)
    try:
        _write_copy(copy, model)
    except OSError:
        pass  # a folder it cannot write: the model is read from py3langid's file each time
    return model


def _read_copy(copy: Path) -> tuple:
    import numpy as np

    parts = {name: np.load(copy / f"{name}.npy", mmap_mode="r" if name in _MAPPED else None, allow_pickle=False)
             for name in _PARTS}
    ptc, classes = parts["ptc"], parts["classes"].tolist()
    if ptc.ndim != 2 or ptc.shape[1] != len(classes) or len(parts["row"]) != len(parts["output"]):
        raise ValueError(f"{copy}: not a whole copy")
    # The automaton's rows and outputs as lists of ints, as load_model gives them (the identifier
    # shifts each row: a numpy uint16 would overflow).
    return ptc, parts["pc"], classes, parts["nextmove"], parts["row"].tolist(), parts["output"].tolist()


def _write_copy(copy: Path, model: tuple) -> None:
    import numpy as np

    ptc, pc, classes, nextmove, row, output = model
    arrays = {"ptc": np.asarray(ptc, dtype=np.float32), "pc": np.asarray(pc), "classes": np.array(classes),
              "nextmove": np.asarray(nextmove), "row": np.asarray(row), "output": np.asarray(output, dtype=np.int32)}
    copy.parent.mkdir(parents=True, exist_ok=True)
    for old in copy.parent.glob("py3langid-*"):  # another version's (not a copy being made)
        if old.is_dir() and old != copy and not old.name.endswith(".part"):
            shutil.rmtree(old, ignore_errors=True)
        elif old.name.endswith(".pickle.z"):  # the compressed copy of earlier versions
            old.unlink(missing_ok=True)
    part = copy.with_name(f"{copy.name}.{os.getpid()}.part")
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir()
    try:
        for name in _PARTS:
            np.save(part / f"{name}.npy", arrays[name], allow_pickle=False)
        os.rename(part, copy)  # whole or not at all; another process's made first stays
    finally:
        shutil.rmtree(part, ignore_errors=True)


# The length of the longest string py3langid's automaton tracks (its model's trie depth: 6 for the
# model of py3langid 0.4.0, checked by tests/test_language.py).
DEPTH = 6


def site_languages(texts: list[str]) -> list[str]:
    """Languages written in a fair share of the articles, most common first."""
    return common_languages(detect(text) for text in texts if text.strip())


def common_languages(detected) -> list[str]:
    """site_languages from the language detected in each article."""
    counts = Counter(detected)
    total = sum(counts.values())
    found = [language for language, count in counts.most_common() if count >= MIN_SHARE * total]
    return list(dict.fromkeys(sibling for language in found for sibling in (language, *_SIBLINGS.get(language, ()))))


@lru_cache(maxsize=16)
def country_names(language: str) -> dict[str, str]:
    """ISO country code -> the state's name in `language` (empty when CLDR lacks the language)."""
    from babel import Locale, UnknownLocaleError

    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return {code: name for code, name in territories.items() if len(code) == 2 and code.isalpha()}


@lru_cache(maxsize=16)
def region_names(language: str) -> list[str]:
    """Continents and world regions in `language` ("Europa", "África", "Sudamérica"), from CLDR;
    not the world itself ("Mundo")."""
    from babel import Locale, UnknownLocaleError

    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return []
    return sorted(name for code, name in territories.items() if code.isdigit() and code != "001")


def compass_variants(name: str, regions: list[str], language: str) -> list[str]:
    """ "Suráfrica" and "Suramérica" beside CLDR's "Sudáfrica" and "Sudamérica": Spanish writes
    the compass point before a continent's name either way (not "Sudán": no continent follows)."""
    if language == "es" and name.startswith("Sud") and name[3:].capitalize() in regions:
        return ["Sur" + name[3:]]
    return []


@lru_cache(maxsize=1)
def subdivisions() -> list[str]:
    """Names of the subdivisions of every country, two levels deep (regions and provinces, states, oblasts)."""
    import pycountry

    parents = {s.code: s.parent_code for s in pycountry.subdivisions}
    names = set()
    for subdivision in pycountry.subdivisions:
        name = subdivision.name
        top_or_second = subdivision.parent_code is None or parents.get(subdivision.parent_code) is None
        if top_or_second and len(name) >= 4 and not set(name.split()) <= GENERIC_NAMES \
                and name[0].isupper() and not any(c in name for c in ",†/()"):
            names.add(name)
    return sorted(names)


@lru_cache(maxsize=16)
def city_names(language: str) -> list[str]:
    """Cities under their names in `language` where these differ from the English ones ("Bruselas",
    "Calcuta", "Múnich"): CLDR's exemplar cities of the time zones, as Babel bundles them."""
    from babel import Locale, UnknownLocaleError

    try:
        zones = Locale.parse(language).time_zones
    except (UnknownLocaleError, ValueError):
        return []
    return sorted({zone["city"] for zone in zones.values()
                   if zone.get("city") and not set("(,") & set(zone["city"]) and zone["city"][0].isupper()})
