/* launch_child.h — starting a child as struct launch describes: the child's half of the
 * fork/vfork drivers, and the whole of a posix_spawn launch. */
#ifndef SHELLOUT_LAUNCH_CHILD_H
#define SHELLOUT_LAUNCH_CHILD_H

#include "driver.h"

/* In a fork or vfork child: wire descriptors, enter L->cwd, ask for SIGKILL at the parent's
 * death, restore the signal mask, exec; on failure write one line to the child's stderr and
 * _exit(127). */
_Noreturn void launch_child_exec(const struct launch *l);

/* Starts L with posix_spawn(); returns 0 and sets *pid, or an errno value. */
int launch_spawn(const struct launch *l, pid_t *pid);

#endif
