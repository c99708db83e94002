#!/bin/sh
# Unit tests in C (parsers, tool argument vectors, manifests): see tests/unit.c.
. "$(dirname "$0")/lib.sh"
"$B/unit" # not exec: lib.sh's exit trap must still remove its temporary directory
