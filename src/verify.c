/* verify.c — build/verify: does a directory hold exactly the tree a manifest describes?
 *
 *   verify MANIFEST DIR    exit 0 when DIR matches MANIFEST (same paths, types, sizes, contents,
 *                          link targets; nothing missing, nothing extra), else 1, naming the
 *                          first differences on stderr
 *   verify --print DIR     write DIR's manifest to stdout (format: see tree.h)
 *   verify --check MANIFEST  exit 0 if MANIFEST is a well-formed manifest, else 3
 *
 * A manifest is well-formed when it is exactly what --print can write (see tree.h); the first
 * line that is not is named on stderr as "verify: MANIFEST:LINE: reason".
 *
 * Exit status: 0 match, 1 differences, 2 usage error, 3 unreadable or malformed manifest, or
 * unreadable directory.
 */
#define _GNU_SOURCE
#include "tree.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static void report(const char *what, const char *path, const char *detail, void *arg)
{
	const char *dir = arg;

	fprintf(stderr, "%s: %s: %s: %s%s%s\n", prog_name, dir, what, path, detail[0] ? ": " : "",
		detail);
}

int main(int argc, char **argv)
{
	struct tree want, got;
	char why[4352];
	size_t ndiff;
	FILE *f;

	prog_name = "verify";
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		puts("usage: verify MANIFEST DIR | verify --print DIR | verify --check MANIFEST\n"
		     "Exit status: 0 match, 1 differences, 2 usage error, 3 unreadable input or malformed\n"
		     "manifest (MANIFEST:LINE: reason).");
		return EXIT_OK;
	}
	if (argc == 3 && strcmp(argv[1], "--print") == 0) {
		if (tree_scan(argv[2], &got, why, sizeof why) < 0)
			die(EXIT_ENV, "%s", why);
		if (tree_write(stdout, &got) < 0)
			die(EXIT_ENV, "write error:");
		tree_free(&got);
		return EXIT_OK;
	}
	if (argc == 3 && strcmp(argv[1], "--check") == 0) {
		if (!(f = fopen(argv[2], "re")))
			die(EXIT_ENV, "%s:", argv[2]);
		if (tree_read(f, argv[2], &want, why, sizeof why) < 0)
			die(EXIT_ENV, "%s", why);
		fclose(f);
		tree_free(&want);
		return EXIT_OK;
	}
	if (argc != 3 || argv[1][0] == '-')
		die(EXIT_USAGE, "usage: verify MANIFEST DIR | verify --print DIR | verify --check MANIFEST");
	if (!(f = fopen(argv[1], "re")))
		die(EXIT_ENV, "%s:", argv[1]);
	if (tree_read(f, argv[1], &want, why, sizeof why) < 0)
		die(EXIT_ENV, "%s", why);
	fclose(f);
	if (tree_scan(argv[2], &got, why, sizeof why) < 0)
		die(EXIT_ENV, "%s", why);
	ndiff = tree_diff(&want, &got, 10, report, argv[2]);
	if (ndiff > 10)
		fprintf(stderr, "%s: %s: %zu differences in all\n", prog_name, argv[2], ndiff);
	tree_free(&want);
	tree_free(&got);
	return ndiff ? EXIT_FAIL : EXIT_OK;
}
