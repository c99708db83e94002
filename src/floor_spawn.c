/* floor_spawn.c — build/floor-spawn: the floor under every spawning measurement, a bare
 * posix_spawn() + waitpid() loop with nothing else around it.
 *
 *   floor-spawn [-n N] [--csv] [PROGRAM]    (default: 1000 iterations of the tool `true`,
 *                                           found as the drivers find it: tool.h)
 *
 * Prints one line: "floor-spawn PROGRAM: N iterations, wall median X ms (p10, p90)", or with
 * --csv a header and one record per iteration (method,tool,iter,wall_ns,status), so that the
 * runner's own overhead can be read off against `extract-spawn --tool true -n N`.
 * Exit status: 0 ok, 1 a spawn failed, 2 usage error, 3 PROGRAM (or `true`) not found or not
 * executable, or out of memory.
 */
#define _GNU_SOURCE
#include "tool.h"
#include "util.h"

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	long n = 1000;
	int csv = 0;
	const char *prog = NULL;
	struct tool_where where;
	char why[PATH_MAX + 512];
	int64_t *walls;

	prog_name = "floor-spawn";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			if (parse_count(argv[++i], 1, 100000000, &n) < 0)
				die(EXIT_USAGE, "-n: not a count >= 1: '%s'", argv[i]);
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			puts("usage: floor-spawn [-n N] [--csv] [PROGRAM]\n"
			     "Time N bare posix_spawn()+waitpid() runs of PROGRAM (default: true, found\n"
			     "on PATH or where SHELLOUT_TOOL_TRUE says, as the drivers find it).\n"
			     "Exit status: 0 ok, 1 a spawn failed, 2 usage error, 3 PROGRAM (or true) not\n"
			     "found or not executable, or out of memory.");
			return EXIT_OK;
		} else if (strcmp(argv[i], "--csv") == 0) {
			csv = 1;
		} else if (argv[i][0] != '-') {
			prog = argv[i];
		} else {
			die(EXIT_USAGE, "usage: floor-spawn [-n N] [--csv] [PROGRAM]");
		}
	}
	if (!prog) {
		if (tool_resolve(tool_find("true"), &where, why, sizeof why) < 0)
			die(EXIT_ENV, "%s", why);
		prog = where.path;
	} else if (access(prog, X_OK) < 0) {
		die(EXIT_ENV, "%s: cannot execute:", prog);
	}
	if (!(walls = calloc((size_t)n, sizeof *walls)))
		die(EXIT_ENV, "out of memory");
	for (long i = 0; i < n; i++) {
		char *const args[] = { (char *)prog, NULL };
		int64_t t0 = now_ns();
		pid_t pid;
		int st;
		int rc = posix_spawn(&pid, prog, NULL, NULL, args, environ);

		if (rc != 0)
			die(EXIT_FAIL, "posix_spawn %s: %s", prog, strerror(rc));
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			die(EXIT_FAIL, "%s failed", prog);
		walls[i] = now_ns() - t0;
	}
	if (csv) {
		puts("method,tool,iter,wall_ns,status");
		for (long i = 0; i < n; i++)
			printf("floor,%s,%ld,%lld,ok\n", strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog,
			       i + 1, (long long)walls[i]);
		free(walls);
		return EXIT_OK;
	}
	qsort(walls, (size_t)n, sizeof *walls, cmp_int64);
	printf("floor-spawn %s: %ld iterations, wall median %.3f ms (p10 %.3f, p90 %.3f)\n", prog, n,
	       quantile(walls, (size_t)n, 0.5) / 1e6, quantile(walls, (size_t)n, 0.1) / 1e6,
	       quantile(walls, (size_t)n, 0.9) / 1e6);
	free(walls);
	return EXIT_OK;
}
