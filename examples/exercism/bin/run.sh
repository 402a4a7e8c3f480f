#!/usr/bin/env bash
# An Exercism test runner for the exercise, to Exercism's test-runner
# interface: it checks the solution in INPUT_DIR with tokenlab and writes
# results.json (version 3) to OUTPUT_DIR, and exits 0 whatever the verdict.
#
#   bin/run.sh SLUG INPUT_DIR OUTPUT_DIR
#
# The solution is SLUG's file (token-refresh: token_refresh.py), else the
# one .py or .go file in INPUT_DIR. TOKENLAB names the program (default
# tokenlab); TOKENLAB_KEY_FILE, a course key, makes reports repeatable on
# any machine that holds it.
set -uo pipefail
if (($# != 3)); then
	echo "usage: bin/run.sh SLUG INPUT_DIR OUTPUT_DIR" >&2
	exit 2
fi
slug=$1
in=${2%/}
out=${3%/}
tokenlab=${TOKENLAB:-tokenlab}
mkdir -p "$out"
results=$out/results.json

# results_error writes a results.json whose status is error, with a
# message of plain words (no quote or backslash in it).
results_error() {
	printf '{"version": 3, "status": "error", "message": "%s"}\n' "$1" >"$results"
}

file=$in/${slug//-/_}.py
if [[ ! -f $file ]]; then
	mapfile -t found < <(find "$in" -maxdepth 1 -type f \( -name '*.py' -o -name '*.go' \) | sort)
	if ((${#found[@]} != 1)); then
		results_error "Submit one solution file, ${slug//-/_}.py; found ${#found[@]} .py and .go files."
		exit 0
	fi
	file=${found[0]}
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
TOKENLAB_HOME=$home "$tokenlab" check "$file" --format exercism --no-record >"$results.tmp" 2>"$home/stderr"
status=$?
# 0: every step passes; 1: something fails. Both are a report.
if ((status <= 1)) && [[ -s $results.tmp ]]; then
	mv "$results.tmp" "$results"
else
	rm -f "$results.tmp"
	results_error "tokenlab could not check the solution (exit $status)."
fi
cat "$home/stderr" >&2
exit 0
