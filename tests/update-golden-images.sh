#!/bin/sh
# Regenerates the golden images of tests/test-renderer.c. Run it only after a deliberate change to
# the drawing (or to the samples), look at the new images, and commit them with that change.
#
#   tests/update-golden-images.sh [BUILD_DIR]      (default: build)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-$src/build}
cli=$build/src/cli/topograph-cli
samples=$src/data/samples
golden=$here/golden

if [ ! -x "$cli" ]; then
  echo "update-golden-images.sh: $cli not found; build first or pass the build directory" >&2
  exit 2
fi
mkdir -p "$golden"

# Same parameters as test_golden(): scale 1, no diagnostics.
"$cli" export png "$samples/contoso.topograph" -o "$golden/contoso.png" --no-diagnostics
"$cli" export png "$samples/contoso.topograph" -o "$golden/contoso-dark.png" --no-diagnostics --theme dark
"$cli" export png "$samples/regional-serving.topograph" -o "$golden/regional-serving.png" --no-diagnostics
# tests/test-diff.c: the change picture of two versions of Contoso.
"$cli" export png "$here/diff/contoso-new.topograph" --diff-against "$samples/contoso.topograph" \
  -o "$golden/diff-contoso.png" --no-diagnostics
echo "golden images written to $golden"
