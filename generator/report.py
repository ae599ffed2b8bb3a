"""What an import did, for the terminal (one summary line) and as a JSON report file."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from .importer import ImportResult
from .write import STORE_DIR


@dataclass
class ImportReport:
    """What the command line prints and saves of one import: made from its result, or kept from
    the last import when nothing changed since (shortcut.py). Plain data, kept as JSON."""

    problems: list[str]  # one line each, for standard error
    summary: str
    data: dict  # the --report file's content
    exit_code: int
    rejected: int
    changed: bool  # something under docs/ was written or removed
    media: list[str] = field(default_factory=list)  # with --local-media: what happened to the images


CHANGES = ("created", "updated", "merged", "removed", "retired")


def make_report(result: ImportResult) -> ImportReport:
    media = result.media
    outcomes = result.article_outcomes  # once, for the summary line and the data
    counts = result.counts(outcomes)
    return ImportReport(
        problems=problem_lines(result) + (media.warnings if media else []),
        summary=summary_line(result, counts),
        data=report_data(result, outcomes, counts),
        exit_code=result.exit_code,
        rejected=len(result.batch.rejected),
        changed=any(o.action in CHANGES for o in result.writer.outcomes),
        media=[_media_line(result)] if media else [])


def _media_line(result: ImportResult) -> str:
    media = result.media
    return (f"Local media: {media.local} image(s) in {result.writer.docs}/assets/media/, {media.downloaded} "
            f"downloaded now, {len(media.warnings)} left remote.")


def repeated(report: ImportReport, result: ImportResult) -> ImportReport:
    """`report` (make_report's of `result`) as the same import run again at once gives it: every
    page unchanged, nothing written. Only for a run whose outcomes were all created, updated or
    unchanged, with nothing tidied and no media (shortcut._repeat_report checks): what differs is
    then the actions and the counts, so the report is not worked out a second time (10,000 posts'
    entries, every import)."""
    counts = {name: count for name, count in report.data["summary"].items() if name != "files"}  # result.counts()
    counts["unchanged"] += counts["imported"] + counts["updated"]
    counts["imported"] = counts["updated"] = 0
    data = {**report.data, "summary": {"files": result.batch.files_read, **counts},
            "posts": [{**post, "action": "unchanged"} for post in report.data["posts"]],
            "other_pages": [{**page, "action": "unchanged"} for page in report.data["other_pages"]]}
    return replace(report, summary=summary_line(result, counts), data=data, changed=False)


def summary_line(result: ImportResult, counts: dict[str, int] | None = None) -> str:
    """`counts`: result.counts(), or what a repeat of the run would count (repeated)."""
    counts = counts or result.counts()
    line = (f"{counts['imported']} imported, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['salvaged']} salvaged, "
            f"{counts['rejected']} rejected")
    extras = []
    if counts["not_published"]:
        extras.append(f"{counts['not_published']} not published (draft, private, future, withdrawn...)")
    if counts["merged"]:
        extras.append(f"{counts['merged']} merged with hand edits")
    if counts["conflicts"]:
        extras.append(f"{counts['conflicts']} conflicts left as written (see above)")
    retired = [o for o in result.writer.outcomes if o.action == "retired"
               and o.path.startswith(("articles/", "pages/")) and o.path.endswith(".md")]
    if retired:
        extras.append(f"{len(retired)} page{'s' if len(retired) != 1 else ''} retired (post unpublished or moved)")
    if counts["kept_hand_edits"]:
        extras.append(f"{counts['kept_hand_edits']} hand-written pages left as they are")
    if result.review:
        extras.append(f"{len(review_list(result))} possible entities to review (see --report)")
    if extras:
        line += f" ({'; '.join(extras)})"
    return line


def problem_lines(result: ImportResult) -> list[str]:
    """One line per rejected input, then per post that needed salvage or lost something."""
    lines = [f"error: {r.origin}: {r.reason}" for r in result.batch.rejected]
    for article in result.articles:
        post, conversion = article.post, article.conversion
        if post.truncated:
            lines.append(f"warning: {post.origin}: cut off; kept the complete fields and the partial text (truncated: true)")
        if conversion.unknown_shortcodes:
            lines.append(f"warning: {post.origin}: unknown shortcodes removed: {', '.join(conversion.unknown_shortcodes)}")
    if result.recovered:
        lines.append(f"note: {result.writer.docs}: tidied what an interrupted import left: {', '.join(result.recovered[:5])}"
                     + (f" and {len(result.recovered) - 5} more" if len(result.recovered) > 5 else ""))
    for skipped in result.redirects_skipped:
        lines.append(f"warning: old WordPress address {skipped}")
    for post, page in result.deleted_by_hand:
        lines.append(f"note: {result.writer.docs / page}: deleted by hand, so its post is left out (the input "
                     f"still publishes it); to bring it back, delete {result.writer.docs / STORE_DIR / page}")
    for outcome in result.writer.outcomes:
        if outcome.action == "kept":
            lines.append(f"note: {result.writer.docs / outcome.path}: {outcome.detail}")
        if outcome.action == "conflict":
            where = ", ".join(f"line {c.line}" if c.line == c.end else f"lines {c.line}-{c.end}" for c in outcome.conflicts)
            lines.append(f"conflict: {result.writer.docs / outcome.path}: {where}: {outcome.detail}")
    return lines


def report_data(result: ImportResult, outcomes: dict | None = None, counts: dict | None = None) -> dict:
    """`outcomes`, `counts`: result.article_outcomes and result.counts(), when the caller has them."""
    outcomes = result.article_outcomes if outcomes is None else outcomes
    return {
        "summary": {"files": result.batch.files_read, **(result.counts(outcomes) if counts is None else counts)},
        "posts": [
            {
                "input": a.post.origin,
                "page": a.path,
                "wordpress_id": a.post.wordpress_id,
                "title": a.post.title,
                "action": outcomes[a.path].action,
                "conflicts": [{"line": c.line, "end": c.end, "problem": c.what} for c in outcomes[a.path].conflicts],
                "truncated": a.post.truncated,
                "input_repairs": a.post.repairs,
                "notes": a.post.notes,
                "repaired": a.conversion.repaired,
                "unknown_shortcodes": a.conversion.unknown_shortcodes,
                "dropped": a.conversion.dropped,
            }
            for a in result.articles
        ],
        "rejected": [{"input": r.origin, "reason": r.reason} for r in result.batch.rejected],
        "skipped": [{"input": r.origin, "reason": r.reason} for r in result.batch.skipped],
        "not_published": [
            {"input": p.origin, "status": p.status, "title": p.title, "wordpress_id": p.wordpress_id}
            for p in result.not_published
        ],
        "duplicates": [{"input": dropped, "same_post_as": kept} for dropped, kept in sorted(result.duplicates)],
        "internal_objects_skipped": dict(sorted(result.internal.items())),
        "review": review_list(result),
        "learned": {
            "languages": list(result.languages),
            "short_forms": [{"short": d.short, "name": d.long, "type": d.type} for d in result.glossary],
        },
        "merged": merged_names(result),
        "redirects_skipped": result.redirects_skipped,
        "deleted_by_hand": [{"input": post.origin, "page": page, "wordpress_id": post.wordpress_id}
                            for post, page in result.deleted_by_hand],
        "registry_problems": result.registry.problems if result.registry else [],
        "other_pages": [  # by page: the order they were written in is the writer's business
            {"page": o.path, "action": o.action, "detail": o.detail}
            for o in sorted(result.writer.outcomes, key=lambda o: o.path) if o.path not in outcomes
        ],
    }


def merged_names(result: ImportResult) -> list[dict]:
    """Entities the site writes under other names, which consolidation read as one (consolidate.py)."""
    entities = result.registry.entities.values() if result.registry else []
    return [{"name": e.name, "type": e.type, "page": e.page, "also": list(e.also)}
            for e in sorted(entities, key=lambda e: e.key) if e.also]


def review_list(result: ImportResult) -> list[dict]:
    """Discoveries below the confidence threshold, and those with too little evidence across the
    site (consolidate.py: rule `one article only, ...`): not on the site until a person adds them."""
    grouped: dict[tuple[str, str], dict] = {}
    for page, candidate in result.review:
        entry = grouped.setdefault((candidate.type, candidate.name), {
            "name": candidate.name, "type": candidate.type, "confidence": candidate.confidence,
            "rule": candidate.rule, "pages": []})
        entry["confidence"] = max(entry["confidence"], candidate.confidence)
        if page not in entry["pages"]:
            entry["pages"].append(page)
    return sorted(grouped.values(), key=lambda e: (-len(e["pages"]), e["type"], e["name"]))


def report_json(report: ImportReport) -> str:
    return json.dumps(report.data, indent=2, ensure_ascii=False) + "\n"
