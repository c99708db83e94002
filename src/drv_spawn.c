/* drv_spawn.c — start the tool with posix_spawn(): glibc creates the child with
 * clone(CLONE_VM|CLONE_VFORK), so, like vfork, its cost does not grow with the parent.
 * The launch itself is launch_spawn() in launch_child.c, which the runner also uses to start
 * build/verify (untimed) from any driver. */
#define _GNU_SOURCE
#include "driver.h"
#include "launch_child.h"

const struct driver driver = {
	.method = "spawn",
	.links = "",
	.launch_call = "posix_spawn(3)",
	.launch = launch_spawn,
};
