/* drv_vfork.c — start the tool with vfork() then execve(): the parent is suspended and its memory
 * shared until the exec, so nothing is copied and the cost stays flat as the parent grows. */
#define _GNU_SOURCE
#include "driver.h"
#include "launch_child.h"

#include <errno.h>
#include <unistd.h>

/* vfork's child may only call async-signal-safe functions and _exit; launch_child_exec keeps to
 * dup2, fchdir, prctl, getppid, sigprocmask, execve, write and _exit, and touches no memory of the parent's but its
 * arguments. */
static int vfork_launch(const struct launch *l, pid_t *pid)
{
	pid_t p = vfork();

	if (p < 0)
		return errno;
	if (p == 0)
		launch_child_exec(l);
	*pid = p;
	return 0;
}

const struct driver driver = {
	.method = "vfork",
	.links = "",
	.launch_call = "vfork(2) + execve(2)",
	.launch = vfork_launch,
};
