/* tool.h — the tools a spawning driver can run: how each is found, what it is, and the
 * argument vectors that extract with it.
 *
 * One resolver serves every part of shellout (the drivers, and through build/tool-info the
 * scripts, the hyperfine commands, env.json and deps.sh): a tool is looked up the way execvp(3)
 * would find its command on PATH, unless the environment variable SHELLOUT_TOOL_<NAME> (NAME
 * upper-cased, every character that is not a letter or digit turned into '_', e.g.
 * SHELLOUT_TOOL_7ZZ, SHELLOUT_TOOL_7ZZ_BIN) names another program: a path, or a command to look up
 * on PATH.  The resolved absolute path is what is exec'd and what every record names.
 */
#ifndef SHELLOUT_TOOL_H
#define SHELLOUT_TOOL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define TOOL_MAX_ARGS 12

struct tool {
	const char *name;    /* --tool NAME */
	const char *command; /* the command users type, looked up on PATH */
	/* Set for a tool that is the real binary behind another tool's wrapper script: the name of
	 * that tool.  It resolves to what the wrapper execs (or to the wrapper itself when that is
	 * already a binary), so that the wrapper's cost is a measured difference. */
	const char *unwraps;
	/* Which package provides the command: "ID:VERSION_ID=PACKAGE" for the distributions we
	 * know (os-release), then the default for the others ("A|B": A, else B). */
	const char *packages;
	const char *version[4]; /* arguments that make it print its version (first non-empty line) */
	/* Argument templates: "{A}" becomes the archive, "{O}" the output directory, both as
	 * separate arguments behind "--" (or as an option's value), never through a shell; "{P}"
	 * the resolved path (argv[0] as a wrapper script would give it). */
	const char *extract[TOOL_MAX_ARGS];
	/* For compressed tarballs, tools that cannot unpack both layers at once run two children
	 * joined by a pipe: unpack[] writes the tar to stdout, untar[] reads it from stdin. */
	const char *unpack[TOOL_MAX_ARGS];
	const char *untar[TOOL_MAX_ARGS];
};

enum tool_kind {
	TOOL_ELF,    /* an ELF executable */
	TOOL_SCRIPT, /* "#!" interpreter script */
	TOOL_OTHER,  /* anything else the kernel will run (or refuse) */
};

/* Where a tool was found and what it is. */
struct tool_where {
	char path[PATH_MAX];   /* absolute path, exec'd as it is */
	enum tool_kind kind;
	char interp[PATH_MAX]; /* TOOL_SCRIPT: the interpreter of its "#!" line */
	char target[PATH_MAX]; /* TOOL_SCRIPT: the absolute path it execs, if it says so plainly */
	enum tool_kind target_kind;
};

/* A ready-to-run extraction: one child, or two joined by a pipe (steps[0] | steps[1]). */
struct tool_plan {
	const struct tool *tool;
	const char *path; /* the resolved executable (not owned) */
	int nsteps;
	char *argv[2][TOOL_MAX_ARGS];
};

/* Returns the tool called NAME, or NULL. */
const struct tool *tool_find(const char *name);
/* Returns the I-th tool of the table (from 0), or NULL past its end. */
const struct tool *tool_at(size_t i);
/* Writes the known tool names, separated by ", ", into BUF. */
void tool_names(char *buf, unsigned len);
/* Writes the name of T's override variable (SHELLOUT_TOOL_7ZZ) into BUF. */
void tool_override_var(const struct tool *t, char *buf, size_t len);
/* Writes the package that provides T on this system's distribution (os-release) into BUF. */
void tool_package(const struct tool *t, char *buf, size_t len);
/* Resolves T into W; returns 0, or -1 with one line in WHY naming the tool, the PATH searched,
 * the override variable and the package that provides it. */
int tool_resolve(const struct tool *t, struct tool_where *w, char *why, size_t whylen);
/* Returns the kind of the executable at PATH; for a script, fills INTERP and TARGET (either may
 * be left empty).  Both buffers hold PATH_MAX bytes. */
enum tool_kind tool_inspect(const char *path, char *interp, char *target);
/* The word for a kind: "elf", "script", "other". */
const char *tool_kind_word(enum tool_kind k);
/* True when ARCHIVE's name says it is a compressed tarball (.tar.gz, .txz, ...). */
bool tool_is_compressed_tar(const char *archive);
/* Fills PLAN for extracting ARCHIVE into OUTDIR with T found at PATH; returns 0, or -1 (ENOMEM). */
int tool_plan_make(struct tool_plan *plan, const struct tool *t, const char *path,
		   const char *archive, const char *outdir);
void tool_plan_free(struct tool_plan *plan);

/* What build/tool-info prints and --describe writes about a tool, one string per field. */
enum { TOOL_NFIELDS = 13 };
extern const char *const tool_field_names[TOOL_NFIELDS]; /* "name", "command", "path", ... */
struct tool_report {
	const char *field[TOOL_NFIELDS]; /* in tool_field_names' order, never NULL */
	bool found;
	struct tool_where where;
	char version[256], package[128], override[64], why[PATH_MAX + 512];
};
/* Resolves T and fills R; when T is found, runs it once to read its version (stdin /dev/null,
 * killed after 10 s, SIGALRM's disposition restored after). */
void tool_report(const struct tool *t, struct tool_report *r);

#endif
