/* drv_spawn.c — start the tool with posix_spawn(): glibc creates the child with
 * clone(CLONE_VM|CLONE_VFORK), so, like vfork, its cost does not grow with the parent. */
#define _GNU_SOURCE
#include "driver.h"

#include <spawn.h>
#include <unistd.h>

extern char **environ;

static int spawn_launch(const struct launch *l, pid_t *pid)
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

const struct driver driver = {
	.method = "spawn",
	.launch = spawn_launch,
};
