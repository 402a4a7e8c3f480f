#!/usr/bin/env bash
# Builds the zip to upload as a Gradescope autograder: setup.sh,
# run_autograder and a Linux build of tokenlab, at the zip's root.
#
#   examples/gradescope/make_zip.sh [autograder.zip]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-autograder.zip}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here/../.." && CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o "$work/tokenlab" ./cmd/tokenlab)
cp "$here/setup.sh" "$here/run_autograder" "$work/"
(cd "$work" && zip -q -X "$out" setup.sh run_autograder tokenlab)
echo "wrote $out"
