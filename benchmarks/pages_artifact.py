"""The size GitHub Pages checks: a built site/ packed as the workflow's actions pack it.

    .venv/bin/python benchmarks/pages_artifact.py SITE [SITE ...]

`.github/workflows/site.yml` deploys with actions/upload-pages-artifact (v4), which makes one
`artifact.tar` of the site (`tar --dereference --hard-dereference -cvf artifact.tar
--exclude=.git --exclude=.github .`) and uploads it with actions/upload-artifact, which stores it
in a zip, deflated at its default level 6. actions/deploy-pages then compares that artifact's
size with 1 GB ("Uploaded artifact size of … bytes exceeds the allowed size of 1 GB",
src/internal/deployment.js) and Pages refuses a tar of 10 GB or more. This prints, per site, the
bytes of its files, the tar's size and the zip's size, by making both in memory-light streams
(nothing is written but a temporary zip, deleted at the end).
"""
from __future__ import annotations

import argparse
import os
import tarfile
import tempfile
import zipfile
from pathlib import Path


class _Counter:
    """A write-only stream that counts bytes (the tar, never stored) and passes them on."""

    def __init__(self, sink):
        self.sink, self.size = sink, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.sink.write(data)
        return len(data)

    def flush(self) -> None:
        self.sink.flush()


def _members(site: Path):
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d not in (".git", ".github"))
        yield Path(folder)
        for name in sorted(files):
            yield Path(folder, name)


def measure(site: Path) -> tuple[int, int, int, int]:
    """(files, bytes of the files, tar bytes, zipped tar bytes)."""
    files = size = 0
    with tempfile.TemporaryDirectory() as tmp:
        packed = Path(tmp, "artifact.zip")
        with (zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive,
              archive.open("artifact.tar", "w", force_zip64=True) as entry):
            counter = _Counter(entry)
            with tarfile.open(fileobj=counter, mode="w|", format=tarfile.GNU_FORMAT) as tar:
                for path in _members(site):
                    tar.add(path, arcname=os.path.join(".", os.path.relpath(path, site)), recursive=False)
                    if path.is_file():
                        files += 1
                        size += path.stat().st_size
        return files, size, counter.size, packed.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders")
    args = parser.parse_args()
    for site in args.sites:
        if not site.is_dir():
            raise SystemExit(f"{site}: not a folder; build a site first (python -m generator build)")
        files, size, tar, packed = measure(site)
        print(f"{site}: {files} files, {size / 1e6:.1f} MB of files, artifact.tar {tar / 1e6:.1f} MB, "
              f"uploaded (zip, level 6) {packed / 1e6:.1f} MB = {packed / tar:.1%} of the tar")


if __name__ == "__main__":
    main()
