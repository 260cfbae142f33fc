#!/usr/bin/env bash
# `bash scripts/without-system-tools.sh COMMAND…` runs COMMAND as on a fresh machine that has Node
# and Java but neither Debian's Chromium nor poppler-utils nor NSS's certutil: in a private mount
# namespace (root only: unshare -m) whose /usr/bin is a copy without them and whose /usr/lib/chromium
# is empty, with a temp dir of its own (so the npm package's Chromium is unpacked afresh) and without
# CI=true (a newcomer's machine, where the second verifier is not required). .ci/run proves the
# signature and browser tests this way, after the full suite has run with the tools present.
set -euo pipefail

HIDDEN="chromium chromium-browser chromedriver pdfattach pdfdetach pdffonts pdfimages pdfinfo pdfseparate pdfsig pdftocairo pdftohtml pdftoppm pdftops pdftotext pdfunite certutil"

if [ "$(id -u)" -ne 0 ]; then
  echo "without-system-tools.sh needs root for unshare -m and its bind mounts; run it as root: sudo bash $0 $*" >&2
  exit 1
fi
if [ "${1:-}" != "--inside" ]; then
  exec unshare --mount --propagation private -- bash "$0" --inside "$@"
fi
shift

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Hard links where /tmp and /usr share a file system (instant), else a copy.
cp -al /usr/bin "$work/bin" 2>/dev/null || { rm -rf "$work/bin"; cp -a /usr/bin "$work/bin"; }
for name in $HIDDEN; do rm -f "$work/bin/$name"; done
mount --bind "$work/bin" /usr/bin
if [ -d /usr/lib/chromium ]; then mount -t tmpfs -o size=1m tmpfs /usr/lib/chromium; fi
hash -r
for name in $HIDDEN; do
  if found="$(command -v "$name")"; then
    echo "without-system-tools.sh: $name is still on the PATH at $found" >&2
    exit 1
  fi
done
mkdir "$work/tmp"
echo "without-system-tools.sh: no ${HIDDEN// /, } on this run; TMPDIR=$work/tmp" >&2
env -u CI TMPDIR="$work/tmp" "$@"
