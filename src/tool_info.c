/* tool_info.c — build/tool-info: the tool resolver of tool.h, for the scripts.
 *
 *   build/tool-info [NAME...]                 a table, one tab-separated line per tool (every
 *                                             tool, or each NAME) after a header line
 *   build/tool-info --path NAME               the absolute path NAME resolves to
 *   build/tool-info --argv NAME ARCHIVE OUTDIR  what the drivers would run, one step a line,
 *                                             arguments separated by tabs (the drivers give
 *                                             OUTDIR as "." and run the tool inside it, and
 *                                             the archive as an absolute path)
 *
 * The drivers resolve tools with the same code, so a script that asks here runs, names and
 * reports the program the drivers exec.  Columns: name, command, path, kind (elf, script,
 * other), interpreter and target (a script's "#!" interpreter and the program it execs),
 * target_kind, unwraps (the wrapper a -bin tool stands behind), version (the first line the
 * tool prints about itself), package (what provides it on this distribution), override (the
 * variable that replaces it), status ("ok", or why it was not found; path is then empty) and
 * packages (the table's whole list, for deps.sh to try the others); tool_report in tool.c fills
 * them, for the drivers' --describe too.
 *
 * Exit status: 0 success (the table is printed even when tools are missing); 2 usage error
 * (an unknown tool); 3 --path or --argv of a tool that is not found (one line on stderr says
 * which PATH was searched, the override and the package).
 */
#define _GNU_SOURCE
#include "tool.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints T's row: the fields of tool_report, tab-separated. */
static void print_row(const struct tool *t)
{
	struct tool_report r;

	tool_report(t, &r);
	for (int i = 0; i < TOOL_NFIELDS; i++)
		printf("%s%c", r.field[i], i + 1 < TOOL_NFIELDS ? '\t' : '\n');
}

/* Returns the tool NAME, or NULL with a reason naming the known ones in WHY. */
static const struct tool *known(const char *name, char *why, size_t whylen)
{
	const struct tool *t = tool_find(name);
	char names[256];

	if (!t) {
		tool_names(names, sizeof names);
		set_why(why, whylen, "unknown tool '%s' (known: %s)", name, names);
	}
	return t;
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: %s [NAME...]              the tools, resolved, as a tab-separated table\n"
		"       %s --path NAME            the path NAME resolves to\n"
		"       %s --argv NAME ARCHIVE OUTDIR  the argument vectors the drivers would run\n"
		"A tool is found on PATH as execvp would find its command, or where SHELLOUT_TOOL_<NAME>\n"
		"says (e.g. SHELLOUT_TOOL_7ZZ=/opt/7zip/7zz).\n"
		"Exit status: 0 ok, 2 usage error, 3 the tool is not found.\n",
		prog_name, prog_name, prog_name);
}

int main(int argc, char **argv)
{
	struct tool_where w;
	char why[PATH_MAX + 512];

	prog_name = "tool-info";
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc > 1 && (strcmp(argv[1], "--path") == 0 || strcmp(argv[1], "--argv") == 0)) {
		bool path_only = argv[1][2] == 'p';
		const struct tool *t;
		struct tool_plan plan;

		if (argc != (path_only ? 3 : 5))
			usage_error(path_only ? "--path takes one NAME" : "--argv takes NAME ARCHIVE OUTDIR");
		if (!(t = known(argv[2], why, sizeof why)))
			die(EXIT_USAGE, "%s", why);
		if (tool_resolve(t, &w, why, sizeof why) < 0)
			die(EXIT_ENV, "%s", why);
		if (path_only) {
			printf("%s\n", w.path);
		} else {
			if (tool_plan_make(&plan, t, w.path, argv[3], argv[4]) < 0)
				die(EXIT_ENV, "out of memory");
			for (int s = 0; s < plan.nsteps; s++)
				for (int i = 0; plan.argv[s][i]; i++)
					printf("%s%c", plan.argv[s][i], plan.argv[s][i + 1] ? '\t' : '\n');
			tool_plan_free(&plan);
		}
	} else {
		if (argc > 1 && argv[1][0] == '-')
			usage_error("unknown option '%s'", argv[1]);
		for (int i = 1; i < argc; i++)
			if (!known(argv[i], why, sizeof why))
				die(EXIT_USAGE, "%s", why);
		for (int i = 0; i < TOOL_NFIELDS; i++)
			printf("%s%c", tool_field_names[i], i + 1 < TOOL_NFIELDS ? '\t' : '\n');
		if (argc > 1)
			for (int i = 1; i < argc; i++)
				print_row(tool_find(argv[i]));
		else
			for (size_t i = 0; tool_at(i); i++)
				print_row(tool_at(i));
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_ENV, "cannot write to stdout:");
	return EXIT_OK;
}
