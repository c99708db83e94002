/* driver.h — the one interface behind every build/extract-METHOD program.
 *
 * A driver is one file, src/drv_METHOD.c, that defines `const struct driver driver`.  The
 * Makefile finds every src/drv_*.c and links it with the runner (runner.c), which owns the command
 * line, the ballast, OUTDIR, the timing loop, resource usage and output.  A driver fills in
 * exactly one of the two hooks:
 *
 *   launch   — spawning drivers: start one child process the driver's way (fork, vfork,
 *              posix_spawn, ...).  The runner (child.c) builds the tool's argument vector, wires
 *              descriptors, waits with a timeout and collects usage; the driver only creates the
 *              process.  Such drivers do not link libarchive.
 *   extract  — in-process drivers: extract the archive into the directory with a library.
 *
 * A driver also declares the pkg-config modules it needs (`links`), which the Makefile compiles
 * and links it with, and nothing else; `build/extract-METHOD --describe` prints all of this
 * (describe.c), so that scripts and tests learn the methods from the programs.
 *
 * To add a method, add one file implementing one hook; nothing else changes.
 */
#ifndef SHELLOUT_DRIVER_H
#define SHELLOUT_DRIVER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* What a spawning driver must start: PATH with ARGV (and the process's environment), with the
 * given descriptors as its stdin/stdout/stderr, MASK as its signal mask and directory CWD (a
 * descriptor: OUTDIR, so that no name can send the tool's writes elsewhere) as its working
 * directory.  Every other descriptor of the harness is close-on-exec, so the child inherits only
 * these three.  PARENT is the harness's pid: a child that can (fork, vfork) asks for SIGKILL at
 * the harness's death and checks it was not already orphaned (see launch_child.c). */
struct launch {
	const char *path;
	char *const *argv;
	int fd[3];
	int cwd;
	pid_t parent;
	const sigset_t *mask;
};

/* How one extraction went. */
enum outcome_status {
	OUT_OK = 0,
	OUT_ERROR,   /* the tool or the library reported a failure */
	OUT_TIMEOUT, /* killed after --timeout */
	OUT_SIGNAL,  /* the child died of a signal */
	OUT_MISMATCH,
};

struct outcome {
	enum outcome_status status;
	char reason[512];      /* one line: the tool's or library's own words */
	int procs;             /* child processes created (0 in-process, 2 for a pipeline) */
	struct rusage child;   /* summed over the reaped children (wait4) */
	long child_maxrss_kb;  /* raw wait4 ru_maxrss, summed: inflated by the parent, see doc/csv.md */
	long child_rss_kb;     /* the tools' own peak (VmHWM at exit), summed; -1 if unknown */
};

/* One extraction job. */
struct job {
	const char *archive;   /* as the user named it (relative to the working directory) */
	const char *outdir;    /* absolute: for messages only */
	int outdir_fd;         /* OUTDIR's descriptor: where the extraction writes */
	int64_t deadline_ns;   /* now_ns() value after which the extraction must be abandoned */
};

struct driver {
	const char *method;
	/* The pkg-config modules the driver needs, space-separated ("libarchive"; "" for none).
	 * The Makefile reads them from the driver's source with sed, so write the declaration on
	 * one line of its own, as `.links = "mod1 mod2",`: it compiles the driver with their
	 * --cflags and links build/extract-METHOD with their --libs (and no other library). */
	const char *links;
	/* Spawning drivers, optional: what launch calls, for people and reports ("posix_spawn(3)");
	 * --describe says "" without it. */
	const char *launch_call;
	/* Starts the child described by L; returns 0 and sets *pid, or an errno value. */
	int (*launch)(const struct launch *l, pid_t *pid);
	/* Extracts JOB in this process; returns 0, or -1 with OUT filled in. */
	int (*extract)(const struct job *job, struct outcome *out);
};

extern const struct driver driver;

#endif
