#!/bin/sh
# Re-fetch axe-core, the accessibility engine the browser tests inject into each page
# (tests/test_a11y.py), from the npm registry, so the tests download nothing at run time.
#
#   tests/vendor/axe-core/vendor.sh           # re-fetch the pinned version, verify it, copy it
#   tests/vendor/axe-core/vendor.sh 4.15.0    # upgrade: the registry's integrity is checked instead
#
# Fetches with `npm pack` (the registry's own client), checks the tarball's sha512 against the
# pinned integrity (or, for another version, the one `npm view` reports), then copies axe.min.js,
# LICENSE and LICENSE-3RD-PARTY.txt next to this script and rewrites PROVENANCE.md.
# Needs: npm, tar, openssl (or sha512sum + base64), sha256sum.
set -eu

PACKAGE=axe-core
PINNED_VERSION=4.14.1
PINNED_INTEGRITY=sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==

VERSION=${1:-$PINNED_VERSION}
DEST=$(CDPATH="" cd -- "$(dirname -- "$0")" && pwd)

if [ "$VERSION" = "$PINNED_VERSION" ]; then
    EXPECTED=$PINNED_INTEGRITY
else
    EXPECTED=$(npm view "$PACKAGE@$VERSION" dist.integrity)
    [ -n "$EXPECTED" ] || { echo "error: the registry has no integrity for $PACKAGE@$VERSION" >&2; exit 1; }
    echo "note: $PACKAGE@$VERSION is not the pinned version; update PINNED_VERSION and PINNED_INTEGRITY in $0" >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TARBALL="$WORK/$PACKAGE-$VERSION.tgz"
[ -f "$TARBALL" ] || { echo "error: npm pack did not produce $TARBALL" >&2; exit 1; }

if command -v openssl >/dev/null 2>&1; then
    DIGEST=$(openssl dgst -sha512 -binary "$TARBALL" | base64 | tr -d '\n')
else
    DIGEST=$(sha512sum "$TARBALL" | cut -d' ' -f1 | xxd -r -p | base64 | tr -d '\n')
fi
ACTUAL="sha512-$DIGEST"
if [ "$ACTUAL" != "$EXPECTED" ]; then
    echo "error: integrity mismatch for $PACKAGE@$VERSION" >&2
    echo "  expected $EXPECTED" >&2
    echo "  got      $ACTUAL" >&2
    exit 1
fi

tar -xzf "$TARBALL" -C "$WORK"
cp "$WORK/package/axe.min.js" "$DEST/axe.min.js"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
cp "$WORK/package/LICENSE-3RD-PARTY.txt" "$DEST/LICENSE-3RD-PARTY.txt"
SHA256=$(sha256sum "$DEST/axe.min.js" | cut -d' ' -f1)
SIZE=$(wc -c <"$DEST/axe.min.js" | tr -d ' ')

cat >"$DEST/PROVENANCE.md" <<EOF
# Provenance of the vendored axe-core

Written by \`tests/vendor/axe-core/vendor.sh\`; do not edit by hand.

| | |
|---|---|
| npm package | \`$PACKAGE\` |
| version | \`$VERSION\` |
| licence | MPL-2.0 (see \`LICENSE\`; bundled third-party code: \`LICENSE-3RD-PARTY.txt\`) |
| tarball | \`npm pack $PACKAGE@$VERSION\` |
| tarball integrity (npm \`dist.integrity\`) | \`$EXPECTED\` |
| file shipped | \`package/axe.min.js\` → \`axe.min.js\` ($SIZE bytes), unmodified |
| sha256 of the shipped file | \`$SHA256\` |

Used only by the tests: \`tests/test_a11y.py\` injects \`axe.min.js\` into each page of the
sample site with Playwright and fails on any serious or critical violation. It is never part of
the site.

To refresh it, or to upgrade to another version, from the project folder:

\`\`\`sh
tests/vendor/axe-core/vendor.sh            # the pinned version, $VERSION
tests/vendor/axe-core/vendor.sh X.Y.Z      # another version (then pin it in the script)
\`\`\`
EOF

echo "vendored $PACKAGE@$VERSION ($SIZE bytes, $ACTUAL) into $DEST"
