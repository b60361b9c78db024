#!/bin/sh
# Vendor Digdir's Designsystemet CSS (with its built-in theme) and the Inter font into app/static,
# so `make run` needs no Node. Needs npm and network access; run from the repository root:
#
#     tools/vendor_designsystemet.sh [css-version] [inter-version]
#
# Defaults: the newest 1.x of @digdir/designsystemet-css and the newest @fontsource/inter.
# The separate @digdir/designsystemet-theme package is deprecated ("use
# @digdir/designsystemet-css/theme"), so the theme comes from the CSS package itself.
# Only the built CSS, the latin 400/500/600 woff2 files, the licences and a VERSION file
# (name, version, tarball integrity and shasum, date) are kept: no source maps, no sources.
set -eu

CSS_SPEC="@digdir/designsystemet-css@${1:-1}"
INTER_SPEC="@fontsource/inter@${2:-latest}"
ROOT=$(pwd)
DS_DIR="$ROOT/app/static/vendor/designsystemet"
INTER_DIR="$ROOT/app/static/vendor/inter"
test -f "$ROOT/wsgi.py" || { echo "run from the repository root" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# npm view of a range lists every match; the last line is the newest.
resolve() { npm view "$1" version | tail -n 1 | sed "s/.* '\(.*\)'$/\1/"; }

# unpack NAME VERSION DIR: fetch the tarball, unpack it into DIR and write DIR/VERSION.meta
unpack() {
    (cd "$TMP" && npm pack --silent "$1@$2" >/dev/null)
    tarball="$TMP/$(printf '%s' "$1" | sed 's/^@//; s/\//-/')-$2.tgz"
    mkdir -p "$3"
    tar xzf "$tarball" -C "$3"
    {
        echo "package: $1"
        echo "version: $2"
        echo "tarball: $(npm view "$1@$2" dist.tarball)"
        echo "integrity: $(npm view "$1@$2" dist.integrity)"
        echo "shasum: $(npm view "$1@$2" dist.shasum)"
        echo "sha256 (of the tarball as fetched): $(sha256sum "$tarball" | cut -d' ' -f1)"
        echo "license: $(npm view "$1@$2" license)"
        echo "vendored: $(date -u +%Y-%m-%d) by tools/vendor_designsystemet.sh"
    } > "$3/VERSION.meta"
}

CSS_VERSION=$(resolve "$CSS_SPEC")
INTER_VERSION=$(resolve "$INTER_SPEC")
unpack @digdir/designsystemet-css "$CSS_VERSION" "$TMP/ds"
unpack @fontsource/inter "$INTER_VERSION" "$TMP/inter"

rm -rf "$DS_DIR" "$INTER_DIR"
mkdir -p "$DS_DIR" "$INTER_DIR"

# Designsystemet: the components (one minified file, @layer ds) and the default theme.
cp "$TMP/ds/package/dist/src/index.css" "$DS_DIR/designsystemet.css"
cp "$TMP/ds/package/dist/theme/designsystemet.css" "$DS_DIR/theme.css"
cp "$TMP/ds/package/LICENSE" "$DS_DIR/LICENSE"
{
    cat "$TMP/ds/VERSION.meta"
    echo "files: designsystemet.css = dist/src/index.css, theme.css = dist/theme/designsystemet.css"
} > "$DS_DIR/VERSION"

# Inter (SIL OFL 1.1): latin subset, the three weights the theme uses, woff2 only.
{
    echo "/* Inter $INTER_VERSION from @fontsource/inter (SIL OFL 1.1, see LICENSE): latin, 400/500/600."
    echo "   Written by tools/vendor_designsystemet.sh. */"
} > "$INTER_DIR/inter.css"
for weight in 400 500 600; do
    cp "$TMP/inter/package/files/inter-latin-$weight-normal.woff2" "$INTER_DIR/"
    # the package's own @font-face rule, without the woff fallback (every browser reads woff2)
    sed -e "s#url(./files/\(inter-latin-$weight-normal.woff2\)) format('woff2'), url([^)]*) format('woff')#url(\1) format('woff2')#" \
        "$TMP/inter/package/latin-$weight.css" >> "$INTER_DIR/inter.css"
    echo >> "$INTER_DIR/inter.css"
done
cp "$TMP/inter/package/LICENSE" "$INTER_DIR/LICENSE"
{
    cat "$TMP/inter/VERSION.meta"
    echo "files: inter-latin-{400,500,600}-normal.woff2 from files/, inter.css from latin-{400,500,600}.css"
} > "$INTER_DIR/VERSION"

du -sh "$DS_DIR" "$INTER_DIR"
echo "== Designsystemet $CSS_VERSION and Inter $INTER_VERSION vendored; check the pages and commit."
