"""The language of an article: py3langid's answers, computed faster (extract/language.py)."""
import json
import random
from collections import deque

import py3langid
import pytest

from generator.core.text import plain_text
from generator.extract.language import DEPTH, _identifier, detect
from generator.sources import input_files

from .conftest import CORPUS

SAMPLES = [
    "", " ", "a", "Ü", "12345", "THE PRESIDENT SPOKE TODAY",
    "The parliament passed the budget on Tuesday after a long debate about taxes and schools.",
    "Dewan Perwakilan Rakyat mengesahkan anggaran pada hari Selasa setelah perdebatan panjang.",
    "Le parlement a adopté le budget mardi après un long débat sur les impôts et les écoles.",
    "El parlamento aprobó el presupuesto el martes tras un largo debate sobre impuestos.",
    "Der Bundestag hat am Dienstag den Haushalt nach langer Debatte beschlossen.",
    "国会は火曜日、税金と学校をめぐる長い議論の末に予算を可決した。",
    "국회는 화요일 세금과 학교에 관한 긴 토론 끝에 예산안을 통과시켰다.",
    "Парламент во вторник принял бюджет после долгих дебатов о налогах и школах.",
    "emoji 🙂 and \x00 control \u200b characters \ud800 alone",
]


def _random_texts(count):
    rng = random.Random(9)
    letters = "abcdefghij éüßçñ中日한ДЖ\n\t.,;'\"-0123456789"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(0, 3000))) for _ in range(count)]


def _corpus_texts():
    texts = []
    for path in input_files([CORPUS]) if CORPUS.is_dir() else []:
        try:
            values = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        for obj in values if isinstance(values, list) else [values]:
            content = obj.get("content") if isinstance(obj, dict) else None
            if isinstance(content, dict) and isinstance(content.get("rendered"), str):
                texts.append(plain_text(content["rendered"]))
    return texts


def test_the_model_tracks_no_string_longer_than_the_walk_reads():
    """The walk reads each position's last DEPTH bytes: right only while no state of the model's
    automaton stands for a longer string (its shortest way from the start)."""
    identifier = _identifier()
    moves, rows = identifier.tk_nextmove, identifier._rowbase
    depth = [-1] * len(rows)
    depth[0], queue = 0, deque([0])
    while queue:
        state = queue.popleft()
        for letter in range(256):
            following = moves[rows[state] + letter]
            if depth[following] < 0:
                depth[following] = depth[state] + 1
                queue.append(following)
    assert max(depth) <= DEPTH
    assert min(depth) >= 0


@pytest.mark.parametrize("text", SAMPLES)
def test_scores_equal_py3langids_own(text):
    assert _identifier().rank(text[:2000]) == py3langid.rank(text[:2000])
    assert detect(text) == py3langid.classify(text[:2000])[0]


def test_random_texts_get_py3langids_answers():
    for text in _random_texts(300):
        assert _identifier().rank(text[:2000]) == py3langid.rank(text[:2000]), text


def test_the_corpus_gets_py3langids_answers():
    texts = _corpus_texts()
    if not texts:
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    for text in texts:
        assert _identifier().rank(text[:2000]) == py3langid.rank(text[:2000]), text[:200]


def test_the_kept_copy_of_the_model_is_the_model(tmp_path):
    """The import keeps a quicker copy of py3langid's model beside its cache (keep_model_in): read
    back, it is the model itself (the same values); a damaged copy is made again, and none is
    needed to read it."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    from generator.extract.language import _model, keep_model_in

    path = MODEL_DIR / MODEL_FILE
    expected = load_model(path)

    def same(model):
        return len(model) == len(expected) and all(
            np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(model, expected))

    try:
        keep_model_in(tmp_path / "cache")
        assert same(_model(path))  # read from py3langid's file, and copied
        (copy,) = (tmp_path / "cache").glob("py3langid-*")
        assert same(_model(path))  # read from the copy
        table = copy / "ptc.npy"
        table.write_bytes(table.read_bytes()[:1000])
        assert same(_model(path))
        assert table.stat().st_size > 1000  # made again
        (copy / "row.npy").unlink()
        assert same(_model(path))
        assert (copy / "row.npy").is_file()
        keep_model_in(tmp_path / "a file")
        (tmp_path / "a file").write_text("not a folder")
        assert same(_model(path))  # nowhere to keep a copy: the model all the same
    finally:
        keep_model_in(None)
    assert same(_model(path))


def test_the_identifier_from_the_kept_copy_answers_as_py3langid(tmp_path):
    """The copy's arrays are mapped, not read, and give py3langid's own scores."""
    from generator.extract.language import _identifier, keep_model_in

    _identifier.cache_clear()
    try:
        keep_model_in(tmp_path / "cache")
        _identifier()  # makes the copy
        _identifier.cache_clear()
        assert "memmap" in type(_identifier().tk_nextmove).__name__
        for text in SAMPLES + _random_texts(30):
            assert _identifier().rank(text[:2000]) == py3langid.rank(text[:2000]), text
    finally:
        keep_model_in(None)
        _identifier.cache_clear()


def test_a_first_import_makes_the_copy_for_its_workers_without_holding_the_model(tmp_path):
    """Before a first import's workers convert, the quicker copy is made for them to read (each
    would otherwise read py3langid's LZMA file), and the import's own process does not keep the
    model it read for that: its workers, started clean, could not share it."""
    from generator.extract.language import _identifier, copy_model_for_workers, keep_model_in

    loaded = _identifier.cache_info().currsize
    try:
        keep_model_in(tmp_path / "cache")
        copy_model_for_workers()
        (copy,) = (tmp_path / "cache").glob("py3langid-*")
        made = copy.stat().st_mtime_ns
        copy_model_for_workers()  # there already: left as it is
        assert copy.stat().st_mtime_ns == made
    finally:
        keep_model_in(None)
    assert _identifier.cache_info().currsize == loaded
