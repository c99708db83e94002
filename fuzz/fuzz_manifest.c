/* fuzz_manifest.c — the manifest reader, tree_read (src/tree.c): no input makes it crash, leak
 * or read out of bounds, and every input it accepts is exactly what tree_write writes back for
 * the tree it read, byte for byte: the reader is the writer's inverse, so a manifest is either
 * the writer's own text or refused.  A refusal names the input and its first bad line.
 * Seeds: fuzz/seeds/manifest/ (corpus manifests as `build/verify --print` wrote them, and edge
 * cases).  Build and run: make fuzz (see the Makefile), or build/fuzz-manifest FILE... */
#define _GNU_SOURCE
#include "../src/tree.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tree t;
	char why[4352], *text = NULL;
	size_t len = 0;
	/* fmemopen refuses an empty buffer: an empty input is read from an empty file instead. */
	FILE *in = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "re"), *out;

	if (!in)
		abort();
	if (tree_read(in, "input", &t, why, sizeof why) < 0) {
		fclose(in);
		if (strncmp(why, "input:", 6) != 0 || !memchr(why, '\0', sizeof why))
			abort(); /* a refusal must name the file (and its line) */
		return 0;
	}
	fclose(in);
	if (!(out = open_memstream(&text, &len)) || tree_write(out, &t) < 0 || fclose(out) != 0)
		abort();
	if (len != size || memcmp(text, data, size) != 0)
		abort(); /* accepted, yet not the writer's text for what was read */
	if (tree_diff(&t, &t, 0, NULL, NULL) != 0)
		abort();
	free(text);
	tree_free(&t);
	return 0;
}
