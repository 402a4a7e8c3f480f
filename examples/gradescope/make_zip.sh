#!/usr/bin/env bash
# Builds the zip to upload as a Gradescope autograder: setup.sh,
# run_autograder, a Linux build of tokenlab and the course's key, at the
# zip's root. The key (course.key beside this script, made the first time)
# draws every submission's probes, so that a TA holding it repeats any
# report with tokenlab check FILE --key-file course.key. Keep it out of
# learners' reach, and use the same one for a whole course.
#
#   examples/gradescope/make_zip.sh [autograder.zip]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-autograder.zip}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here/../.." && CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o "$work/tokenlab" ./cmd/tokenlab)
key=${TOKENLAB_KEY_FILE:-$here/course.key}
if [[ ! -f $key ]]; then
	(umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$key")
	echo "made the course key $key: keep it, and keep it from learners"
fi
cp "$here/setup.sh" "$here/run_autograder" "$work/"
cp "$key" "$work/course.key"
(cd "$work" && zip -q -X "$out" setup.sh run_autograder tokenlab course.key)
echo "wrote $out"
