/* launch_child.c — see launch_child.h.  Only async-signal-safe calls: it also runs in a vfork
 * child, which shares the parent's memory and stack until execve. */
#define _GNU_SOURCE
#include "launch_child.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
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
	sigprocmask(SIG_SETMASK, l->mask, NULL);
	execve(l->path, l->argv, environ);
	/* strerror is not async-signal-safe; name the common causes ourselves. */
	put("shellout: cannot execute ");
	put(l->path);
	put(errno == ENOENT ? ": No such file or directory\n" :
	    errno == EACCES ? ": Permission denied\n" : ": exec failed\n");
	_exit(127);
}
