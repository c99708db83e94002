/* launch_child.c — see launch_child.h.  launch_child_exec makes only async-signal-safe calls:
 * it also runs in a vfork child, which shares the parent's memory and stack until execve. */
#define _GNU_SOURCE
#include "launch_child.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

extern char **environ;

static void put(const char *s)
{
	(void)!write(2, s, strlen(s));
}

void launch_child_exec(const struct launch *l)
{
	/* The harness keeps fds 0-2 open and its own descriptors above 2, so each dup2 really
	 * duplicates (and so clears close-on-exec). */
	for (int i = 0; i < 3; i++)
		if (dup2(l->fd[i], i) < 0)
			_exit(127);
	if (l->cwd >= 0 && fchdir(l->cwd) < 0) {
		put("shellout: cannot enter OUTDIR\n");
		_exit(127);
	}
	/* Die with the harness, whatever kills it (SIGKILL included).  The harness may already have
	 * died between fork and here: then the signal will never come, and getppid() says so. */
	if (l->parent > 0 &&
	    (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != l->parent))
		_exit(127);
	sigprocmask(SIG_SETMASK, l->mask, NULL);
	execve(l->path, l->argv, environ);
	/* strerror is not async-signal-safe; name the common causes ourselves. */
	put("shellout: cannot execute ");
	put(l->path);
	put(errno == ENOENT ? ": No such file or directory\n" :
	    errno == EACCES ? ": Permission denied\n" : ": exec failed\n");
	_exit(127);
}

int launch_spawn(const struct launch *l, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	/* Building the attributes each time is part of the method's real cost, as a caller pays it. */
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		return rc;
	if ((rc = posix_spawnattr_init(&attr)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return rc;
	}
	for (int i = 0; i < 3 && rc == 0; i++)
		rc = posix_spawn_file_actions_adddup2(&fa, l->fd[i], i);
	/* glibc 2.29, musl 1.1.24.  posix_spawn has no way to set a parent-death signal: see
	 * doc/safety.md for what that leaves. */
	if (rc == 0 && l->cwd >= 0)
		rc = posix_spawn_file_actions_addfchdir_np(&fa, l->cwd);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&attr, l->mask);
	if (rc == 0)
		rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	if (rc == 0)
		rc = posix_spawn(pid, l->path, &fa, &attr, l->argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}
