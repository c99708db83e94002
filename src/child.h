/* child.h — run one extraction as child processes: launch them with a driver's hook, wait with a
 * deadline, and collect their exit status, resource usage and (optionally) their own peak RSS. */
#ifndef SHELLOUT_CHILD_H
#define SHELLOUT_CHILD_H

#include "driver.h"
#include "tool.h"

#include <signal.h>
#include <stdbool.h>

/* Descriptors and masks that outlive one extraction (set up once, outside the timed region). */
struct child_env {
	pid_t self;         /* the harness: the children's parent, whose death kills them */
	int devnull;        /* the children's stdin */
	int log;            /* memfd: the children's stderr, read back to explain failures */
	sigset_t child_mask; /* the mask the children get: the one the harness started with */
	sigset_t stop_sigs;  /* signals that stop the harness (SIGINT, SIGTERM, ...), blocked while
				children live and collected by sigtimedwait */
	bool trace_rss;     /* --child-rss: stop each child at exit to read its VmHWM */
};

/* Opens the descriptors of ENV (all close-on-exec); returns 0, or -1 with errno set. */
int child_env_open(struct child_env *env, const sigset_t *orig_mask, const sigset_t *stop_sigs,
		   bool trace_rss);
void child_env_close(struct child_env *env);
/* Empties the log before an extraction; returns 0 or -1. */
int child_env_reset(struct child_env *env);

/* Runs PLAN's children with DRV's launch hook until they all exit or JOB's deadline passes
 * (then kills and reaps them all).  The caller must have SIGCHLD and ENV's stop_sigs blocked.
 * Returns 0 on success, -1 with OUT describing the failure.  If one of the stop signals
 * arrives, the children are killed and reaped and *caught is set to that signal. */
int child_extract(const struct driver *drv, const struct child_env *env,
		  const struct tool_plan *plan, const struct job *job, struct outcome *out,
		  int *caught);

/* Runs PATH with ARGV once, untimed, as a child of the harness (stdin and stdout /dev/null,
 * stderr into ENV's log, emptied first; working directory CWD, a descriptor, or -1 to keep
 * ours), until it exits or DEADLINE (a now_ns() value) passes, then kills and reaps whatever it
 * left behind (child_sweep).  The caller must have SIGCHLD blocked; ENV's stop signals are
 * blocked meanwhile, and left blocked if one came.  Returns 0 with its wait status in *WSTATUS;
 * or -1 with OUT's status OUT_TIMEOUT (it was killed at the deadline), OUT_SIGNAL (a stop signal
 * came: it was killed and reaped, *CAUGHT is that signal) or OUT_ERROR (it could not run, or
 * left a process that cannot be killed), and OUT's reason. */
int child_run(struct child_env *env, const char *path, char *const argv[], int cwd,
	      int64_t deadline, int *wstatus, struct outcome *out, int *caught);

/* With the harness a child subreaper (runner.c), a tool's own children come back to it when the
 * tool dies.  Kills and reaps every child of the harness still there (none of its own, which
 * child_extract and child_run reap), SIGCHLD blocked; returns how many there were, alive
 * or exited since their tool (the first named in WHO, LEN bytes), 0 if none, or -1 if some are
 * still alive 10 s after being killed (or cannot be found in /proc). */
int child_sweep(const struct child_env *env, char *who, size_t len);

#endif
