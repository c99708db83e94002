/* drv_fork.c — start the tool with fork() then execve(): the classic way, and the one whose cost
 * grows with the parent's resident size (fork copies the page tables of the whole parent). */
#define _GNU_SOURCE
#include "driver.h"
#include "launch_child.h"

#include <errno.h>
#include <unistd.h>

static int fork_launch(const struct launch *l, pid_t *pid)
{
	pid_t p = fork();

	if (p < 0)
		return errno;
	if (p == 0)
		launch_child_exec(l); /* does not return */
	*pid = p;
	return 0;
}

const struct driver driver = {
	.method = "fork",
	.links = "",
	.launch_call = "fork(2) + execve(2)",
	.launch = fork_launch,
};
