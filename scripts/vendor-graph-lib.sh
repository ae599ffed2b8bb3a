#!/bin/sh
# Re-fetch the graph view's JavaScript library (Cytoscape.js) from the npm registry and ship it
# with the site, so the graph page works with no network.
#
#   scripts/vendor-graph-lib.sh            # re-fetch the pinned version, verify it, copy it
#   scripts/vendor-graph-lib.sh 3.36.0     # upgrade: the registry's integrity is checked instead
#
# Fetches with `npm pack` (the registry's own client), checks the tarball's sha512 against the
# pinned integrity (or, for another version, the one `npm view` reports), then copies
# dist/cytoscape.min.js and LICENSE into docs/assets/vendor/cytoscape/ and rewrites
# PROVENANCE.md there. Needs: npm, tar, openssl (or sha512sum + base64), sha256sum.
set -eu

PACKAGE=cytoscape
PINNED_VERSION=3.35.0
PINNED_INTEGRITY=sha512-sMvBIXiGMnhkCaWz2R06FwF/27MNlS+Tqvi17foO9UhnUg3XGZccKjxsvEqQFAQYMSSZmN5SxYzUYlQ0DOJJ3g==
FILE=dist/cytoscape.min.js

VERSION=${1:-$PINNED_VERSION}
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
DEST="$ROOT/docs/assets/vendor/$PACKAGE"

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
mkdir -p "$DEST"
cp "$WORK/package/$FILE" "$DEST/cytoscape.min.js"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
SHA256=$(sha256sum "$DEST/cytoscape.min.js" | cut -d' ' -f1)
SIZE=$(wc -c <"$DEST/cytoscape.min.js" | tr -d ' ')

cat >"$DEST/PROVENANCE.md" <<EOF
# Provenance of the vendored graph library

Written by \`scripts/vendor-graph-lib.sh\`; do not edit by hand.

| | |
|---|---|
| npm package | \`$PACKAGE\` |
| version | \`$VERSION\` |
| licence | MIT (see \`LICENSE\` next to this file) |
| tarball | \`https://registry.npmjs.org/$PACKAGE/-/$PACKAGE-$VERSION.tgz\` |
| tarball integrity (npm \`dist.integrity\`) | \`$EXPECTED\` |
| file shipped | \`package/$FILE\` → \`cytoscape.min.js\` ($SIZE bytes) |
| sha256 of the shipped file | \`$SHA256\` |

The site loads \`cytoscape.min.js\` only on the graph page (\`docs/assets/javascripts/graph.js\`
adds it when the graph container exists), from the site itself: no CDN, no network needed.

To refresh it, or to upgrade to another version, from the project folder:

\`\`\`sh
scripts/vendor-graph-lib.sh            # the pinned version, $VERSION
scripts/vendor-graph-lib.sh X.Y.Z      # another version (then pin it in the script)
\`\`\`

The script runs \`npm pack $PACKAGE@VERSION\` in a temporary folder, checks the tarball's sha512
against the pinned integrity (the registry's \`npm view $PACKAGE@VERSION dist.integrity\` for
another version), and copies \`$FILE\` and \`LICENSE\` here.
EOF

echo "vendored $PACKAGE@$VERSION ($SIZE bytes, $ACTUAL) into ${DEST#"$ROOT"/}"
