#!/bin/sh
# Unit tests in C (parsers, tool argument vectors, manifests): see tests/unit.c.
. "$(dirname "$0")/lib.sh"
exec "$B/unit"
