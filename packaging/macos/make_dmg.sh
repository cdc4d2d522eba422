#!/bin/sh
# Wraps dist/StanceMap.app (from build.spec) in dist/StanceMap-<version>.dmg: a compressed
# disk image showing the app beside a link to /Applications, so installing is one drag.
#   sh packaging/macos/make_dmg.sh 0.1.0
set -eu
version="$1"
cd "$(dirname "$0")/../.."
[ -d dist/StanceMap.app ] || { echo "make_dmg: build dist/StanceMap.app first" >&2; exit 1; }
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R dist/StanceMap.app "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "StanceMap $version" -srcfolder "$staging" -fs HFS+ \
    -format UDZO -ov "dist/StanceMap-$version.dmg"
echo "make_dmg: dist/StanceMap-$version.dmg"
