/* child.c — see child.h. */
#define _GNU_SOURCE
#include "child.h"
#include "launch_child.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct kid {
	pid_t pid;
	bool alive;
	bool traced;
	int wstatus;
	long hwm_kb; /* VmHWM read at the exit stop, or -1 */
};

int child_env_open(struct child_env *env, const sigset_t *orig_mask, const sigset_t *stop_sigs,
		   bool trace_rss)
{
	env->devnull = open("/dev/null", O_RDWR | O_CLOEXEC); /* stdin and stdout */
	if (env->devnull < 0)
		return -1;
	env->log = memfd_create("shellout-child-log", MFD_CLOEXEC);
	if (env->log < 0) {
		close(env->devnull);
		return -1;
	}
	env->self = getpid();
	env->child_mask = *orig_mask;
	env->stop_sigs = *stop_sigs;
	env->trace_rss = trace_rss;
	return 0;
}

void child_env_close(struct child_env *env)
{
	close(env->devnull);
	close(env->log);
}

int child_env_reset(struct child_env *env)
{
	if (ftruncate(env->log, 0) < 0)
		return -1;
	return lseek(env->log, 0, SEEK_SET) < 0 ? -1 : 0;
}

static void rusage_add(struct rusage *sum, const struct rusage *r)
{
	sum->ru_utime.tv_sec += r->ru_utime.tv_sec;
	sum->ru_utime.tv_usec += r->ru_utime.tv_usec;
	sum->ru_stime.tv_sec += r->ru_stime.tv_sec;
	sum->ru_stime.tv_usec += r->ru_stime.tv_usec;
	sum->ru_minflt += r->ru_minflt;
	sum->ru_majflt += r->ru_majflt;
	sum->ru_nvcsw += r->ru_nvcsw;
	sum->ru_nivcsw += r->ru_nivcsw;
}

/* Attaches to PID so that it stops at exit; returns true on success.  An attach that races the
 * child's execve fails with EPERM now and then (seen on Linux 6.18): retry while the child has
 * not exited, a bounded number of times. */
static bool seize(pid_t pid)
{
	static bool warned;

	if (warned) /* ptrace is denied here (Yama, or a tracer of our own): do not spin again */
		return false;
	for (int i = 0; i < 1000; i++) {
		siginfo_t si = { 0 };

		if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(long)PTRACE_O_TRACEEXIT) == 0)
			return true;
		if (errno != EPERM && errno != EAGAIN)
			return false;
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid)
			return false; /* already gone */
		sched_yield();
	}
	warned = true;
	warn("warning: --child-rss: cannot ptrace the tool (see /proc/sys/kernel/yama/ptrace_scope);"
	     " child_rss_kb left empty");
	return false;
}

/* Handles one wait4 result for K: resumes a ptrace stop (reading VmHWM at the exit stop), or
 * records the exit and the usage. */
static void kid_event(struct kid *k, int st, const struct rusage *ru, struct outcome *out)
{
	if (WIFSTOPPED(st)) {
		int sig = 0;

		if (st >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8)))
			k->hwm_kb = proc_status_kb(k->pid, "VmHWM"); /* the mm is still there */
		else if (st >> 16 != PTRACE_EVENT_STOP)
			sig = WSTOPSIG(st); /* a signal on its way to the tool: deliver it */
		ptrace(PTRACE_CONT, k->pid, 0, (void *)(long)sig);
		return;
	}
	k->alive = false;
	k->wstatus = st;
	rusage_add(&out->child, ru);
	out->child_maxrss_kb += ru->ru_maxrss;
}

/* Reaps every event K has pending without blocking; returns how many children are still alive. */
static int poll_kids(struct kid *kids, int n, struct outcome *out)
{
	int alive = 0;

	for (int i = 0; i < n; i++) {
		struct kid *k = &kids[i];
		struct rusage ru;
		int st;
		pid_t r;

		while (k->alive && (r = wait4(k->pid, &st, WNOHANG, &ru)) == k->pid)
			kid_event(k, st, &ru, out);
		alive += k->alive;
	}
	return alive;
}

/* Kills every live kid and reaps them all, blocking. */
static void kill_kids(struct kid *kids, int n, struct outcome *out)
{
	for (int i = 0; i < n; i++)
		if (kids[i].alive)
			kill(kids[i].pid, SIGKILL);
	for (int i = 0; i < n; i++) {
		struct kid *k = &kids[i];
		struct rusage ru;
		int st;

		while (k->alive) {
			pid_t r = wait4(k->pid, &st, 0, &ru);
			if (r == k->pid)
				kid_event(k, st, &ru, out);
			else if (r < 0 && errno != EINTR)
				k->alive = false; /* cannot happen for our own child; do not spin */
		}
	}
}

/* Waits until every one of the N KIDS has exited (returns 0), DEADLINE (a now_ns() value) has
 * passed (-1), or one of ENV's stop signals has come (-2, with *CAUGHT set); on -1 and -2 every
 * kid is killed and reaped.  SIGCHLD and the stop signals must be blocked. */
static int wait_kids(struct kid *kids, int n, const struct child_env *env, int64_t deadline,
		     struct outcome *out, int *caught)
{
	sigset_t waitset = env->stop_sigs;

	sigaddset(&waitset, SIGCHLD);
	/* Wait first, then reap: a child that has already exited left SIGCHLD pending (it is
	 * blocked), so sigtimedwait returns at once, and the common case costs one wait4 a child. */
	do {
		int64_t left = deadline - now_ns();
		struct timespec ts;
		int sig;

		if (left <= 0) {
			kill_kids(kids, n, out);
			return -1;
		}
		ts.tv_sec = left / 1000000000;
		ts.tv_nsec = left % 1000000000;
		sig = sigtimedwait(&waitset, NULL, &ts);
		if (sig > 0 && sig != SIGCHLD) {
			kill_kids(kids, n, out);
			*caught = sig;
			return -2;
		}
	} while (poll_kids(kids, n, out) > 0);
	return 0;
}

/* Writes a one-line summary of the children's stderr into BUF: the non-empty lines joined by
 * "; ", leaving out 7-Zip's "ERROR: ARCHIVE" / "ARCHIVE" / "ERRORS:" framing lines. */
static void log_reason(int fd, const char *archive, char *buf, size_t len)
{
	char text[8192];
	const char *base = strrchr(archive, '/') ? strrchr(archive, '/') + 1 : archive;
	ssize_t n = pread(fd, text, sizeof text - 1, 0);
	size_t used = 0;

	buf[0] = '\0';
	if (n <= 0)
		return;
	text[n] = '\0';
	for (char *save = NULL, *line = strtok_r(text, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || strcmp(line, "ERRORS:") == 0 || strcmp(line, archive) == 0 ||
		    strcmp(line, base) == 0 ||
		    (strncmp(line, "ERROR: ", 7) == 0 &&
		     (strcmp(line + 7, archive) == 0 || strcmp(line + 7, base) == 0)))
			continue;
		if (used + 3 >= len)
			break;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "; " : "", line);
	}
}

/* Fills OUT from the kids' exit statuses: the first failure in pipeline order explains it. */
static void judge(const struct kid *kids, int n, const struct child_env *env,
		  const struct tool_plan *plan, const char *archive, struct outcome *out)
{
	int plan_step = 0;

	out->child_rss_kb = 0;
	for (int i = 0; i < n; i++) {
		if (kids[i].hwm_kb < 0 || out->child_rss_kb < 0)
			out->child_rss_kb = -1;
		else
			out->child_rss_kb += kids[i].hwm_kb;
	}
	if (!env->trace_rss)
		out->child_rss_kb = -1;
	/* A writer killed by SIGPIPE only tells that the reader stopped reading (7-Zip stops at the
	 * tar end marker, before any trailing bytes): the reader's status decides, as in a shell
	 * pipeline without pipefail. */
	if (n == 2 && WIFSIGNALED(kids[0].wstatus) && WTERMSIG(kids[0].wstatus) == SIGPIPE) {
		kids++;
		n--;
		plan_step = 1;
	}
	for (int i = 0; i < n; i++) {
		int st = kids[i].wstatus;
		char said[400];

		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			continue;
		log_reason(env->log, archive, said, sizeof said);
		if (WIFSIGNALED(st)) {
			out->status = OUT_SIGNAL;
			snprintf(out->reason, sizeof out->reason, "%s killed by signal %d (%s)%s%s",
				 plan->argv[plan_step + i][0], WTERMSIG(st), strsignal(WTERMSIG(st)),
				 said[0] ? ": " : "", said);
		} else {
			out->status = OUT_ERROR;
			snprintf(out->reason, sizeof out->reason, "%s exited with status %d%s%s",
				 plan->argv[plan_step + i][0], WEXITSTATUS(st), said[0] ? ": " : "", said);
		}
		return;
	}
	out->status = OUT_OK;
}

int child_extract(const struct driver *drv, const struct child_env *env,
		  const struct tool_plan *plan, const struct job *job, struct outcome *out,
		  int *caught)
{
	struct kid kids[2] = { { .hwm_kb = -1 }, { .hwm_kb = -1 } };
	int pipefd[2] = { -1, -1 }, n = 0, err = 0;

	*caught = 0;
	memset(out, 0, sizeof *out);
	out->child_rss_kb = -1;

	if (plan->nsteps == 2 && pipe2(pipefd, O_CLOEXEC) < 0) {
		out->status = OUT_ERROR;
		snprintf(out->reason, sizeof out->reason, "pipe2: %s", strerror(errno));
		return -1;
	}
	for (int s = 0; s < plan->nsteps; s++) {
		struct launch l = {
			.path = plan->path,
			.argv = plan->argv[s],
			.fd = { env->devnull, env->devnull, env->log },
			.cwd = job->outdir_fd,
			.parent = env->self,
			.mask = &env->child_mask,
		};
		if (plan->nsteps == 2)
			l.fd[s == 0 ? 1 : 0] = pipefd[s == 0 ? 1 : 0];
		err = drv->launch(&l, &kids[s].pid);
		if (err)
			break;
		kids[s].alive = true;
		n++;
		/* Seize after the launch, whatever the method, so that the methods stay alike; the
		 * exit stop then lets us read the tool's own VmHWM before its memory goes away.  A
		 * child that is already gone just leaves child_rss_kb unknown. */
		if (env->trace_rss)
			kids[s].traced = seize(kids[s].pid);
	}
	if (pipefd[0] >= 0) {
		close(pipefd[0]);
		close(pipefd[1]);
	}
	out->procs = n;
	if (err) {
		kill_kids(kids, n, out);
		out->status = OUT_ERROR;
		snprintf(out->reason, sizeof out->reason, "%s: %s: %s", drv->method,
			 plan->path, strerror(err));
		return -1;
	}

	switch (wait_kids(kids, n, env, job->deadline_ns, out, caught)) {
	case -1:
		out->status = OUT_TIMEOUT;
		snprintf(out->reason, sizeof out->reason, "timed out; %s killed and reaped",
			 n == 2 ? "both children" : "the child");
		return -1;
	case -2:
		out->status = OUT_SIGNAL;
		snprintf(out->reason, sizeof out->reason, "interrupted by %s", strsignal(*caught));
		return -1;
	}
	judge(kids, n, env, plan, job->archive, out);
	return out->status == OUT_OK ? 0 : -1;
}

int child_run(struct child_env *env, const char *path, char *const argv[], int cwd,
	      int64_t deadline, int *wstatus, struct outcome *out, int *caught)
{
	const struct launch l = {
		.path = path,
		.argv = argv,
		.fd = { env->devnull, env->devnull, env->log },
		.cwd = cwd,
		.parent = env->self,
		.mask = &env->child_mask,
	};
	struct kid kid = { .hwm_kb = -1 };
	char who[128];
	sigset_t old;
	int rc, strays;

	*caught = 0;
	memset(out, 0, sizeof *out);
	out->child_rss_kb = -1;
	out->status = OUT_ERROR;
	if (child_env_reset(env) < 0)
		return set_why(out->reason, sizeof out->reason, "%s: cannot reset its log:", argv[0]);
	sigprocmask(SIG_BLOCK, &env->stop_sigs, &old);
	if ((rc = launch_spawn(&l, &kid.pid)) != 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = rc;
		return set_why(out->reason, sizeof out->reason, "%s:", path);
	}
	kid.alive = true;
	out->procs = 1;
	rc = wait_kids(&kid, 1, env, deadline, out, caught);
	/* what it started came to us when it ended (child subreaper): nothing of it outlives it */
	strays = child_sweep(env, who, sizeof who);
	if (rc == -2) {
		out->status = OUT_SIGNAL;
		return set_why(out->reason, sizeof out->reason, "interrupted by %s", strsignal(*caught));
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc == -1) {
		out->status = OUT_TIMEOUT;
		return set_why(out->reason, sizeof out->reason, "timed out; %s killed and reaped",
			       argv[0]);
	}
	if (strays < 0)
		return set_why(out->reason, sizeof out->reason, "%s left a process that cannot be "
			       "killed or found in /proc (%s)", argv[0], who);
	*wstatus = kid.wstatus;
	out->status = OUT_OK;
	return 0;
}

/* Kills every live child of ours found in /proc (whatever adopted orphans came to us as
 * subreaper), naming the first in WHO if it is empty; returns how many. */
static int kill_strays(pid_t self, char *who, size_t len)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[64], comm[64] = "?";
		pid_t pid;
		FILE *f;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = (pid_t)strtol(e->d_name, NULL, 10);
		if (proc_status_kb(pid, "PPid") != self)
			continue;
		snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
		if ((f = fopen(path, "re"))) {
			if (!fgets(comm, sizeof comm, f))
				strcpy(comm, "?");
			comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		if (kill(pid, SIGKILL) == 0 && n++ == 0 && !who[0])
			snprintf(who, len, "%s (pid %d)", comm, (int)pid);
	}
	closedir(d);
	return n;
}

int child_sweep(const struct child_env *env, char *who, size_t len)
{
	/* a killed process goes within microseconds, unless it sleeps in the kernel (state D) */
	const int64_t deadline = now_ns() + 10 * (int64_t)1000000000;
	sigset_t chld;
	int strays = 0;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	who[0] = '\0';
	for (;;) {
		int st, n;
		pid_t r = waitpid(-1, &st, WNOHANG);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return strays; /* ECHILD: no child left */
		if (r > 0) {
			/* Each stray is counted once, when reaped: killed by us, or exited by itself
			 * after its tool (it ran past the tool's end, outside the timed region, so
			 * the iteration fails for it too). */
			if (strays++ == 0 && !who[0])
				snprintf(who, len, "pid %d, exited by itself", (int)r);
			continue;
		}
		/* Some are alive: kill them all (again, for any already killed), and wait for a
		 * SIGCHLD (blocked: see runner.c) until the deadline. */
		if ((n = kill_strays(env->self, who, len)) == 0 || now_ns() >= deadline)
			return -1;
		{
			int64_t left = deadline - now_ns();
			struct timespec ts = { left / 1000000000, left % 1000000000 };

			(void)sigtimedwait(&chld, NULL, &ts);
		}
	}
}
