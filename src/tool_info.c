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
 * packages (the table's whole list, for deps.sh to try the others).
 *
 * Exit status: 0 success (the table is printed even when tools are missing); 2 usage error
 * (an unknown tool); 3 --path or --argv of a tool that is not found (one line on stderr says
 * which PATH was searched, the override and the package).
 */
#define _GNU_SOURCE
#include "tool.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static volatile pid_t version_pid;

static void on_alarm(int sig)
{
	(void)sig;
	if (version_pid > 0)
		kill(version_pid, SIGKILL);
}

/* Runs PATH with T's version arguments (stdin /dev/null, stdout and stderr into a pipe, killed
 * after 10 s) and writes the first non-empty line it printed, up to " : " (7-Zip's banner goes
 * on with its copyright), into OUT; "" if it printed nothing or could not run. */
static void tool_version(const struct tool *t, const char *path, char *out, size_t len)
{
	char *argv[TOOL_MAX_ARGS] = { (char *)path };
	char text[16384];
	size_t used = 0;
	posix_spawn_file_actions_t fa;
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	int pfd[2], st;
	pid_t pid;

	out[0] = '\0';
	for (int i = 0; i < TOOL_MAX_ARGS - 2 && t->version[i]; i++)
		argv[i + 1] = (char *)t->version[i];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	st = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (st != 0) {
		close(pfd[0]);
		return;
	}
	version_pid = pid;
	sigaction(SIGALRM, &sa, &old);
	alarm(10);
	for (;;) {
		ssize_t n = read(pfd[0], text + used, sizeof text - 1 - used);
		if (n > 0 && (used += (size_t)n) < sizeof text - 1)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		break; /* EOF, an error, or enough text */
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	version_pid = 0;
	text[used] = '\0';
	for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		char *end;

		line += strspn(line, " \t");
		if (!*line)
			continue;
		if ((end = strstr(line, " : ")))
			*end = '\0';
		for (char *c = line; *c; c++)
			if (*c == '\t' || (unsigned char)*c < 0x20)
				*c = ' ';
		for (end = line + strlen(line); end > line && end[-1] == ' ';)
			*--end = '\0';
		snprintf(out, len, "%s", line);
		return;
	}
}

static void print_row(const struct tool *t)
{
	struct tool_where w;
	char why[PATH_MAX + 512], var[64], pkg[128], version[256] = "";
	int found = tool_resolve(t, &w, why, sizeof why) == 0;

	tool_override_var(t, var, sizeof var);
	tool_package(t, pkg, sizeof pkg);
	if (found)
		tool_version(t, w.path, version, sizeof version);
	printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t->name, t->command,
	       found ? w.path : "", found ? tool_kind_word(w.kind) : "",
	       found ? w.interp : "", found ? w.target : "",
	       found && w.target[0] ? tool_kind_word(w.target_kind) : "",
	       t->unwraps ? t->unwraps : "", version, pkg, var, found ? "ok" : why, t->packages);
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
		printf("name\tcommand\tpath\tkind\tinterpreter\ttarget\ttarget_kind\tunwraps\tversion\t"
		       "package\toverride\tstatus\tpackages\n");
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
