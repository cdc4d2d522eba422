#!/bin/sh
# Installs the few system libraries Qt and the test suite need, when they are missing.
# Qt's window needs the xcb libraries; the report tests use qpdf and poppler's pdftoppm;
# the package test uses dpkg-deb. Nothing is installed when everything is already there.
set -e
need=""
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libxcb-cursor.so.0 || need="$need libxcb-cursor0"
have_lib libxcb-icccm.so.4 || need="$need libxcb-icccm4"
have_lib libxcb-keysyms.so.1 || need="$need libxcb-keysyms1"
have_lib libxcb-image.so.0 || need="$need libxcb-image0"
have_lib libxcb-render-util.so.0 || need="$need libxcb-render-util0"
have_lib libxkbcommon-x11.so.0 || need="$need libxkbcommon-x11-0"
have_lib libEGL.so.1 || need="$need libegl1"
have_lib libGL.so.1 || need="$need libgl1"
have_lib libfontconfig.so.1 || need="$need libfontconfig1"
have_lib libdbus-1.so.3 || need="$need libdbus-1-3"
command -v qpdf >/dev/null 2>&1 || need="$need qpdf"
command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
command -v dpkg-deb >/dev/null 2>&1 || need="$need dpkg"
command -v readelf >/dev/null 2>&1 || need="$need binutils"
[ -z "$need" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "StanceMap: please install these system packages:$need" >&2
    exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "StanceMap: installing system packages:$need"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
