/* describe.c — `build/extract-METHOD --describe`: the driver says what it is, as one JSON object
 * on one line of stdout, so that the scripts and tests learn the methods, their kinds, libraries
 * and tools from the programs instead of keeping lists of names:
 *
 *   {"method":"spawn","kind":"spawning","launch":"posix_spawn(3)","links":[],
 *    "tools":[{"name":"7z","command":"7z","path":"/usr/bin/7z","kind":"script",...},...]}
 *   {"method":"libarchive","kind":"in-process","launch":"","links":["libarchive"],"tools":[]}
 *
 * method is driver.method; kind "spawning" (the driver has a launch hook) or "in-process" (an
 * extract hook); launch what a spawning driver calls (driver.launch_call; "" in-process); links
 * the pkg-config modules of driver.links, which the Makefile linked it with.  tools: for a
 * spawning driver, every entry of the tool table as build/tool-info resolves it, with the same
 * fields under tool-info's column names (tool_report in tool.c): status is "ok", or the
 * resolver's one-line reason and path is then ""; none for an in-process driver.  Needs no
 * corpus and no OUTDIR; other arguments beside it are a usage error.
 */
#define _GNU_SOURCE
#include "describe.h"
#include "tool.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *driver_kind(const struct driver *d)
{
	return d->launch ? "spawning" : "in-process";
}

/* Prints "KEY":"VALUE" (escaped), after a comma unless FIRST. */
static void member(const char *key, const char *value, int first)
{
	if (!first)
		putchar(',');
	json_string(stdout, key);
	putchar(':');
	json_string(stdout, value);
}

/* Prints the words of the space-separated LIST as a JSON array. */
static void word_array(const char *list)
{
	const char *sep = "";

	putchar('[');
	for (const char *p = list + strspn(list, " "); *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");
		char word[256];

		snprintf(word, sizeof word, "%.*s", (int)n, p);
		fputs(sep, stdout);
		json_string(stdout, word);
		sep = ",";
		p += n;
	}
	putchar(']');
}

static void describe(void)
{
	putchar('{');
	member("method", driver.method, 1);
	member("kind", driver_kind(&driver), 0);
	member("launch", driver.launch && driver.launch_call ? driver.launch_call : "", 0);
	fputs(",\"links\":", stdout);
	word_array(driver.links ? driver.links : "");
	fputs(",\"tools\":[", stdout);
	for (size_t i = 0; driver.launch && tool_at(i); i++) {
		struct tool_report r;

		tool_report(tool_at(i), &r);
		fputs(i ? ",{" : "{", stdout);
		for (int f = 0; f < TOOL_NFIELDS; f++)
			member(tool_field_names[f], r.field[f], f == 0);
		putchar('}');
	}
	fputs("]}\n", stdout);
}

void describe_if_asked(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--describe") != 0)
			continue;
		if (argc != 2)
			usage_error("%s", "--describe: takes no other argument");
		describe();
		if (fflush(stdout) != 0 || ferror(stdout))
			die(EXIT_ENV, "cannot write to stdout:");
		exit(EXIT_OK);
	}
}
