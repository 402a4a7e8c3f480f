#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image. It
# installs what `tokenlab check` needs: Python 3 to run the solutions,
# bubblewrap to contain them, and tokenlab itself, built into this zip
# by make_zip.sh (the image has no Go toolchain).
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 bubblewrap
install -m 0755 /autograder/source/tokenlab /usr/local/bin/tokenlab
# The course key draws the probes: root's alone, so no submission reads it.
chmod 0600 /autograder/source/course.key
tokenlab version
