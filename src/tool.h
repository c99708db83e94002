/* tool.h — the tools a spawning driver can run, and the argument vectors that extract with them. */
#ifndef SHELLOUT_TOOL_H
#define SHELLOUT_TOOL_H

#include <stdbool.h>

#define TOOL_MAX_ARGS 12

struct tool {
	const char *name;    /* --tool NAME */
	const char *path;    /* the executable, run without a shell */
	const char *package; /* the Debian package that installs it */
	/* Argument templates: "{A}" becomes the archive, "{O}" the output directory, both as
	 * separate arguments behind "--" (or as an option's value), never through a shell. */
	const char *extract[TOOL_MAX_ARGS];
	/* For compressed tarballs, tools that cannot unpack both layers at once run two children
	 * joined by a pipe: unpack[] writes the tar to stdout, untar[] reads it from stdin. */
	const char *unpack[TOOL_MAX_ARGS];
	const char *untar[TOOL_MAX_ARGS];
};

/* A ready-to-run extraction: one child, or two joined by a pipe (steps[0] | steps[1]). */
struct tool_plan {
	const struct tool *tool;
	int nsteps;
	char *argv[2][TOOL_MAX_ARGS];
};

/* Returns the tool called NAME, or NULL. */
const struct tool *tool_find(const char *name);
/* Writes the known tool names, separated by ", ", into BUF. */
void tool_names(char *buf, unsigned len);
/* True when ARCHIVE's name says it is a compressed tarball (.tar.gz, .txz, ...). */
bool tool_is_compressed_tar(const char *archive);
/* Fills PLAN for extracting ARCHIVE into OUTDIR with T; returns 0, or -1 (ENOMEM). */
int tool_plan_make(struct tool_plan *plan, const struct tool *t, const char *archive,
		   const char *outdir);
void tool_plan_free(struct tool_plan *plan);

#endif
