/* launch_child.h — the child's half of fork/vfork drivers: wire descriptors, restore the signal
 * mask, exec; on failure write one line to the child's stderr and _exit(127). */
#ifndef SHELLOUT_LAUNCH_CHILD_H
#define SHELLOUT_LAUNCH_CHILD_H

#include "driver.h"

_Noreturn void launch_child_exec(const struct launch *l);

#endif
