/* sampler.c — build/proc-sampler: samples the memory of a whole process tree from /proc, at
 * 1 kHz by default, into one tidy CSV.
 *
 *   proc-sampler [options] --pid PID              follow the tree rooted at PID until PID exits
 *   proc-sampler [options] -- COMMAND [ARG...]    start COMMAND and follow its tree
 *
 * One row per process per sample, and one `tree` row per sample:
 *   scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb
 * role is parent (the root, depth 0), child (any descendant, depth >= 1) or tree (pid the
 * root's, vmrss_kb and pss_kb the sums over that sample's rows).  Every written sample has
 * exactly one parent row: a sample in which the root is found gone is not written, and ends
 * the run.
 *
 * Where each figure comes from, and why:
 * - The tree: /proc has no children lists on this kernel (CONFIG_PROC_CHILDREN off), so each
 *   sample lists /proc and reads /proc/PID/stat (ppid, state, comm, start time).  Only new pids
 *   and the tree's own members are read: a process outside the tree can never join it (a ppid
 *   only ever changes to a reaper above the orphan, outside the tree too), so a full scan costs
 *   one stat read per pid once, and then one listing of /proc per sample.
 *   A descendant whose parent exits is reparented: with COMMAND to the sampler, its subreaper
 *   (PR_SET_CHILD_SUBREAPER), which reaps it and so also knows an orphan it never saw under its
 *   parent (depth 1 then); with --pid outside the tree.  It stays in the tree while it lives
 *   (same pid and start time), with its new ppid and its old depth.
 * - vmrss_kb: /proc/PID/statm (resident pages).  It reads the same precise counters as VmRSS in
 *   /proc/PID/status for less than half the cost (5 us against 13 us here); the rss field of
 *   /proc/PID/stat would be free but reads the per-CPU counters unsummed, and was measured
 *   up to ~130 kB away from VmRSS.
 * - A vfork or posix_spawn child, until its exec, shares its parent's memory and its statm is
 *   the parent's: counted, a 1 GiB parent spawning would show a 2 GiB tree.  Such a row (told
 *   by kcmp, see shares_parent_vm) has empty vmrss_kb and pss_kb: that memory is on the
 *   parent's row.
 * - pss_kb: /proc/PID/smaps_rollup, which walks the page tables: 9 ms for 1 GiB resident on an
 *   idle machine, 15-30 ms on a busy one; up to thirty sampling periods.  So a helper thread
 *   reads it, for the processes of the sample in which the walk begins, and the main thread
 *   keeps sampling; the rows of that sample wait for it.  A walk begins only once the last one's
 *   cost is repaid tenfold (PSS_DUTY), so Pss takes at most about a tenth of one CPU: every
 *   sample for small trees, 4-10 Hz with 1 GiB resident.  pss_kb is empty in the other
 *   samples, and where smaps_rollup cannot be read (another user's process).
 * - committed_as_kb: Committed_AS in /proc/meminfo, read once per sample (same on every row).
 * A process that vanishes between listing and reading is left out of that sample; a zombie
 * (exited, not yet reaped, no memory left) and an exiting process whose memory is already gone
 * are left out too.  The sampler leaves itself out of the tree.
 *
 * Timing: samples start at absolute deadlines t0 + k * interval (clock_nanosleep, TIMER_ABSTIME),
 * so the period does not drift; a sample that overruns skips to the next future deadline.
 * t_ms is the time the sample began, from t0 (taken just before COMMAND starts, or before the
 * first sample with --pid), on CLOCK_MONOTONIC.
 *
 * -o FILE (see struct output): absent or a regular file, FILE is replaced whole (a new file in
 * its directory, renamed over it at the end); a character device or a FIFO is written as it is;
 * a symbolic link, a block device, a socket or a directory is refused (exit 3), never replaced
 * nor followed: a link can name anything, and as root replacing it or what it names could
 * destroy a file that was never given.
 *
 * Exit status: with COMMAND, the command's own (128+N if signal N killed it); with --pid, 0 once
 * PID has exited; 2 usage error; 3 environment error (no such PID; PID a thread, a zombie, a
 * kernel thread, or gone before the first sample; FILE refused or not writable; COMMAND not
 * startable; a write failed).  Signals: every signal whose default action ends the process and
 * that can be caught, bar the faults (SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2,
 * SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPIPE, SIGIO, SIGPWR, SIGSTKFLT, the
 * real-time ones), unless ignored by the caller: with COMMAND the signal is forwarded to the
 * whole tree, and again every 10 ms to every process born since, until COMMAND is reaped and
 * the tree is empty; after 5 s SIGKILL is, the same way (after 5 s more, a warning names what
 * could not be killed).  What was sampled is written out, and the sampler dies by that signal
 * (status 128+N).  With --pid the tree, not the sampler's, is left alone.
 */
#define _GNU_SOURCE
#include "procparse.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/kcmp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum {
	NOT_IN_TREE = -1,
	UNDECIDED = -2,
	PSS_DUTY = 10,           /* a Pss walk costing C waits until PSS_DUTY * C after its start */
	GRACE_MS = 5000,         /* a forwarded stop signal, then SIGKILL */
	TICK_MS = 10,            /* how often the tree is scanned again while it is being stopped */
	FLUSH_BYTES = 64 << 10,  /* write the CSV out when this much is buffered ... */
	FLUSH_NS = 250000000,    /* ... or this long after the last write */
};

static const char csv_header[] =
	"scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb\n";

static volatile sig_atomic_t caught; /* the stop signal received, or 0 */

/* ---- CSV text held in memory --------------------------------------------------------------- */

/* Rows are formatted into a memory stream (open_memstream(3)) and written out in large writes.
 * The stream grows its buffer with realloc: when that fails, the write into it (fprintf, fputs,
 * putc, fwrite, fflush) fails with ENOMEM.  Every such return is checked, and the run then ends
 * with "out of memory" (exit 3); what was written out before stays written. */
struct text {
	FILE *f;
	char *p;                    /* the bytes, as of the last fflush of f */
	size_t len;
};

/* Opens T empty; returns 0, or -1 (ENOMEM). */
static int text_open(struct text *t)
{
	*t = (struct text){ 0 };
	t->f = open_memstream(&t->p, &t->len);
	return t->f ? 0 : -1;
}

/* How many bytes T holds. */
static size_t text_held(const struct text *t)
{
	long n = ftell(t->f);

	return n > 0 ? (size_t)n : 0;
}

/* Brings t->p and t->len up to date and empties T: its bytes stay at t->p until T is written to
 * again.  Returns 0, or -1 (ENOMEM, or an earlier write into T failed). */
static int text_take(struct text *t)
{
	if (fflush(t->f) == EOF || ferror(t->f))
		return -1;
	return fseek(t->f, 0, SEEK_SET) == 0 ? 0 : -1;
}

/* Appends all of FROM to TO and empties FROM; returns 0, or -1 (ENOMEM). */
static int text_move(struct text *to, struct text *from)
{
	if (text_take(from) < 0)
		return -1;
	return from->len && fwrite(from->p, 1, from->len, to->f) != from->len ? -1 : 0;
}

/* Writes all of T to FD and empties T; returns 0, or -1 with errno set. */
static int text_write(struct text *t, int fd)
{
	size_t done = 0;

	if (text_take(t) < 0)
		return -1;
	while (done < t->len) {
		ssize_t n = write(fd, t->p + done, t->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static void text_close(struct text *t)
{
	if (t->f)
		fclose(t->f);
	free(t->p);
	*t = (struct text){ 0 };
}

/* ---- reading /proc -------------------------------------------------------------------------- */

struct proc {                   /* one process of the latest /proc listing */
	pid_t pid, ppid;
	unsigned long long start;   /* start time in ticks since boot: tells a reused pid apart */
	int depth;                  /* 0 the root, >= 1 a descendant, NOT_IN_TREE or UNDECIDED */
	int old_depth;              /* its depth in the previous sample, or NOT_IN_TREE */
	char state;                 /* R, S, D, Z, X, ... */
	bool fresh;                 /* its stat was read in this sample */
	bool counted;               /* already counted among the processes seen */
	bool signalled;             /* sent the forwarded stop signal (see tree_signal) */
	char comm[64];
};

struct row {
	pid_t pid, ppid;
	int depth;
	long rss_kb, pss_kb;        /* -1: unknown, or its parent's (a vfork child) */
	unsigned long long start;
	size_t proc;                /* index in the process table of its sample */
	char comm[64];
};

/* Reads the small file NAME under directory DIRFD into BUF, NUL-terminated, with one open and
 * one read; returns its length, or -1 with errno set. */
static ssize_t read_small(int dirfd, const char *name, char *buf, size_t len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Reads /proc/PID/stat into P; returns 0, or -1 if the process is gone (or unreadable). */
static int stat_read(int procfd, pid_t pid, struct proc *p)
{
	char name[32], buf[1024];
	ssize_t n;

	struct proc_stat st;

	snprintf(name, sizeof name, "%d/stat", (int)pid);
	if ((n = read_small(procfd, name, buf, sizeof buf)) <= 0 ||
	    procparse_stat(buf, (size_t)n, &st) < 0)
		return -1;
	p->pid = pid;
	p->ppid = st.ppid;
	p->start = st.start;
	p->state = st.state;
	memcpy(p->comm, st.comm, sizeof p->comm);
	return 0;
}

/* Returns PID's resident size in kB from /proc/PID/statm; -1 if it is gone or has no memory
 * left (an exiting process: its size reads 0). */
static long statm_rss_kb(int procfd, pid_t pid, long page_kb)
{
	char name[32], buf[256];
	unsigned long long size, resident;
	ssize_t n;

	snprintf(name, sizeof name, "%d/statm", (int)pid);
	if ((n = read_small(procfd, name, buf, sizeof buf)) <= 0 ||
	    procparse_statm(buf, (size_t)n, &size, &resident) < 0 || size == 0 ||
	    resident > (unsigned long long)LONG_MAX / (unsigned long long)page_kb)
		return -1;
	return (long)resident * page_kb;
}

/* Returns the number after "KEY:" in /proc/PID/FILE (a "KEY: N" file: status, smaps_rollup), or
 * -1 if it cannot be read. */
static long proc_field(int procfd, pid_t pid, const char *file, const char *key)
{
	char name[48];

	snprintf(name, sizeof name, "%d/%s", (int)pid, file);
	return proc_field_at(procfd, name, key);
}

/* Returns the thread group (the process) that thread PID belongs to, from /proc/PID/status: PID
 * itself for a process, another for one of its threads; or -1 if it cannot be read. */
static long proc_tgid(int procfd, pid_t pid)
{
	return proc_field(procfd, pid, "status", "Tgid");
}

/* Tells whether PID shares the address space of PPID: a vfork (or posix_spawn) child before its
 * exec, whose statm is its parent's, so that counting it would count the parent twice.  Asked
 * (kcmp, 1 us) BEFORE its statm is read: sharing ends only at exec or exit, so a "no" means the
 * statm read next is the child's own, and a "yes" at worst leaves one row empty.  Equal statm
 * figures are no proof: a forked child starts with its parent's RSS, in COW pages that Pss
 * splits.  Without kcmp (ENOSYS, EPERM) nothing is taken as shared. */
static bool shares_parent_vm(pid_t pid, pid_t ppid)
{
	return syscall(SYS_kcmp, pid, ppid, KCMP_VM, 0, 0) == 0;
}

/* Returns Pss in kB from /proc/PID/smaps_rollup, or -1. */
static long pss_kb(int procfd, pid_t pid)
{
	return proc_field(procfd, pid, "smaps_rollup", "Pss");
}

/* Returns Committed_AS in kB, re-read through the open /proc/meminfo (a read at offset 0
 * regenerates it), or -1. */
static long committed_as_kb(int meminfo)
{
	char buf[8192];
	ssize_t n = meminfo >= 0 ? pread(meminfo, buf, sizeof buf - 1, 0) : -1;

	if (n <= 0)
		return -1;
	return procparse_field(buf, (size_t)n, "Committed_AS");
}

/* ---- the Pss helper thread ------------------------------------------------------------------ */

struct pss_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum { PSS_IDLE, PSS_REQUESTED, PSS_DONE } state;
	bool quit, running;
	int procfd;
	pid_t *pids;                /* the request; owned by the worker while REQUESTED */
	long *pss;                  /* the answers, one per pid */
	size_t n, cap;
	int64_t cost_ns;            /* how long the last walk took */
};

static void *pss_worker_run(void *arg)
{
	struct pss_worker *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->state != PSS_REQUESTED && !w->quit)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->quit)
			break;
		pthread_mutex_unlock(&w->lock);
		int64_t t = now_ns();
		for (size_t i = 0; i < w->n; i++)
			w->pss[i] = w->pids[i] > 0 ? pss_kb(w->procfd, w->pids[i]) : -1;
		t = now_ns() - t;
		pthread_mutex_lock(&w->lock);
		w->cost_ns = t;
		w->state = PSS_DONE;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Starts the worker with the stop signals blocked in it, so that they reach the main thread;
 * returns 0, or an errno value. */
static int pss_worker_start(struct pss_worker *w, int procfd, const sigset_t *stop)
{
	sigset_t old;
	int rc;

	*w = (struct pss_worker){ .procfd = procfd };
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	pthread_sigmask(SIG_BLOCK, stop, &old);
	rc = pthread_create(&w->thread, NULL, pss_worker_run, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	w->running = rc == 0;
	return rc;
}

/* Hands the pids of ROWS to the idle worker (but not of those whose memory is their parent's);
 * returns 0, or -1 (ENOMEM). */
static int pss_worker_request(struct pss_worker *w, const struct row *rows, size_t n)
{
	if (n > w->cap) {
		pid_t *p = realloc(w->pids, n * sizeof *p);
		long *q = p ? realloc(w->pss, n * sizeof *q) : NULL;

		if (p)
			w->pids = p;
		if (!q)
			return -1;
		w->pss = q;
		w->cap = n;
	}
	for (size_t i = 0; i < n; i++)
		w->pids[i] = rows[i].rss_kb >= 0 ? rows[i].pid : 0;
	pthread_mutex_lock(&w->lock);
	w->n = n;
	w->state = PSS_REQUESTED;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

/* Returns true when the requested walk has finished (waiting for it if WAIT), and makes the
 * worker idle again: w->pss then holds the answers until the next request. */
static bool pss_worker_take(struct pss_worker *w, bool wait)
{
	bool done;

	pthread_mutex_lock(&w->lock);
	while (wait && w->state == PSS_REQUESTED)
		pthread_cond_wait(&w->cond, &w->lock);
	done = w->state == PSS_DONE;
	if (done)
		w->state = PSS_IDLE;
	pthread_mutex_unlock(&w->lock);
	return done;
}

static void pss_worker_stop(struct pss_worker *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->running = false;
	free(w->pids);
	free(w->pss);
}

/* ---- the sampler ---------------------------------------------------------------------------- */

struct sample {
	long no;
	int64_t t_ns;               /* when it began, from t0 */
	long committed_kb;
	struct row *rows;           /* the root first, then by depth and pid */
	size_t n, cap;
};

struct sampler {
	pid_t root, self;
	unsigned long long root_start;
	bool subreaper;            /* the tree's orphans come to this sampler (COMMAND mode) */
	bool forwarded;            /* a stop signal has been forwarded to the tree */
	DIR *proc;
	int procfd, meminfo;
	long page_kb;
	struct proc *procs, *next; /* the previous listing and the one being built, by pid */
	size_t nprocs, cap;
	pid_t *pids;               /* this listing's pids */
	size_t npids, pids_cap;
	long seen;                 /* processes that had a row */
};

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->depth != y->depth)
		return (x->depth > y->depth) - (x->depth < y->depth);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static struct proc *proc_find(struct proc *v, size_t n, pid_t pid)
{
	return bsearch(&pid, v, n, sizeof *v, cmp_pid); /* pid is the first member */
}

/* Lists the pids in /proc into s->pids, sorted; returns 0, or -1 with errno set. */
static int list_pids(struct sampler *s)
{
	struct dirent *e;
	bool sorted = true;

	s->npids = 0;
	rewinddir(s->proc);
	errno = 0;
	while ((e = readdir(s->proc))) {
		const char *c = e->d_name;
		long pid = 0;

		if (*c < '1' || *c > '9')
			continue;
		for (; *c >= '0' && *c <= '9'; c++)
			pid = pid * 10 + (*c - '0');
		if (*c || pid > INT_MAX)
			continue;
		if (s->npids == s->pids_cap) {
			size_t cap = s->pids_cap ? s->pids_cap * 2 : 1024;
			pid_t *p = realloc(s->pids, cap * sizeof *p);

			if (!p)
				return -1;
			s->pids = p;
			s->pids_cap = cap;
		}
		if (s->npids && pid < s->pids[s->npids - 1])
			sorted = false;
		s->pids[s->npids++] = (pid_t)pid;
	}
	if (errno)
		return -1;
	if (!sorted) /* /proc lists by pid; do not depend on it */
		qsort(s->pids, s->npids, sizeof *s->pids, cmp_pid);
	return 0;
}

/* Builds s->next from this listing and the previous table: reads the stat of every new pid and
 * of every member of the tree, carries the rest over unread.  Returns 0, or -1 (ENOMEM). */
static int table_update(struct sampler *s)
{
	size_t i = 0, n = 0;

	if (s->npids > s->cap) {
		size_t cap = s->npids * 2;
		struct proc *a = realloc(s->procs, cap * sizeof *a);
		struct proc *b = a ? realloc(s->next, cap * sizeof *b) : NULL;

		if (a)
			s->procs = a;
		if (!b)
			return -1;
		s->next = b;
		s->cap = cap;
	}
	for (size_t j = 0; j < s->npids; j++) {
		pid_t pid = s->pids[j];
		struct proc *old = NULL, *p = &s->next[n];

		while (i < s->nprocs && s->procs[i].pid < pid)
			i++;
		if (i < s->nprocs && s->procs[i].pid == pid)
			old = &s->procs[i];
		if (pid == s->self || (old && old->depth == NOT_IN_TREE)) {
			/* outside the tree for good (see the top of this file) */
			*p = old ? *old : (struct proc){ .pid = pid };
			p->depth = p->old_depth = NOT_IN_TREE;
			p->fresh = false;
			n++;
			continue;
		}
		*p = (struct proc){ 0 };
		if (stat_read(s->procfd, pid, p) < 0) {
			/* gone since the listing; a member is kept, without a row, for a child
			 * read before it went (and so still naming it as parent) to find */
			if (!old || old->depth < 0)
				continue;
			*p = *old;
			p->state = 'X';
			p->fresh = false;
			p->old_depth = old->depth;
			n++;
			continue;
		}
		p->fresh = true;
		p->old_depth = NOT_IN_TREE;
		if (old && old->start == p->start) {
			p->old_depth = old->depth;
			p->counted = old->counted;
			p->signalled = old->signalled;
		}
		p->depth = pid == s->root && p->start == s->root_start ? 0 : UNDECIDED;
		n++;
	}
	/* swap: s->procs becomes this listing */
	struct proc *t = s->procs;
	s->procs = s->next;
	s->next = t;
	s->nprocs = n;
	return 0;
}

/* Gives every process read in this sample its depth: its parent's + 1 when the parent is in the
 * tree; else its old depth if it was in the tree (an orphan stays); else, for a child of this
 * sampler as subreaper (an orphan of the tree first seen after its parent's exit), 1; else
 * NOT_IN_TREE.  Parents first, so repeat until nothing changes (one pass unless pids wrapped
 * around). */
static void tree_resolve(struct sampler *s)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < s->nprocs; i++) {
			struct proc *p = &s->procs[i], *parent;

			if (p->depth != UNDECIDED)
				continue;
			parent = proc_find(s->procs, s->nprocs, p->ppid);
			if (parent && parent->depth == UNDECIDED && parent != p)
				continue;
			if (parent && parent->depth >= 0)
				p->depth = parent->depth + 1;
			else if (p->old_depth >= 1)
				p->depth = p->old_depth;
			else
				p->depth = s->subreaper && p->ppid == s->self ? 1 : NOT_IN_TREE;
			changed = true;
		}
	}
	for (size_t i = 0; i < s->nprocs; i++) /* a loop of undecided parents: cannot happen */
		if (s->procs[i].depth == UNDECIDED)
			s->procs[i].depth = NOT_IN_TREE;
}

/* Takes one sample at T into OUT: the tree's processes with their VmRSS.  Returns 1, 0 if the
 * root is not alive in it (the sample is void), or -1 (ENOMEM, or /proc unreadable). */
static int sample_take(struct sampler *s, struct sample *out)
{
	bool root_seen = false;

	out->committed_kb = committed_as_kb(s->meminfo);
	out->n = 0;
	if (list_pids(s) < 0 || table_update(s) < 0)
		return -1;
	tree_resolve(s);
	for (size_t i = 0; i < s->nprocs; i++) {
		struct proc *p = &s->procs[i];
		struct row *r;
		long rss = -1;

		if (p->depth < 0 || !p->fresh || p->state == 'Z' || p->state == 'X')
			continue;
		if ((p->depth == 0 || !shares_parent_vm(p->pid, p->ppid)) &&
		    (rss = statm_rss_kb(s->procfd, p->pid, s->page_kb)) < 0)
			continue;
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 16;
			struct row *v = realloc(out->rows, cap * sizeof *v);

			if (!v)
				return -1;
			out->rows = v;
			out->cap = cap;
		}
		r = &out->rows[out->n++];
		*r = (struct row){ .pid = p->pid, .ppid = p->ppid, .depth = p->depth, .rss_kb = rss,
				   .pss_kb = -1, .start = p->start, .proc = i };
		memcpy(r->comm, p->comm, sizeof r->comm);
		root_seen |= p->depth == 0;
	}
	if (!root_seen)
		return 0;
	qsort(out->rows, out->n, sizeof *out->rows, cmp_row);
	for (size_t i = 0; i < out->n; i++) {
		struct proc *p = &s->procs[out->rows[i].proc];

		if (!p->counted) {
			p->counted = true;
			s->seen++;
		}
	}
	return 1;
}

/* Writes the fields every row of SM starts with: scenario (the label), sample, t_ms; returns 0,
 * or -1 (ENOMEM). */
static int row_head(FILE *f, const char *label, const struct sample *sm)
{
	long long us = sm->t_ns / 1000;

	if (csv_put(f, label) < 0)
		return -1;
	return fprintf(f, ",%ld,%lld.%03lld,", sm->no, us / 1000, us % 1000) < 0 ? -1 : 0;
}

/* Writes SM's rows and its tree row to F as CSV; returns 0, or -1 (ENOMEM). */
static int sample_format(FILE *f, const char *label, pid_t root, const struct sample *sm)
{
	char tail[32] = "";
	long rss = 0, pss = 0;
	bool any_pss = false;

	if (sm->committed_kb >= 0)
		snprintf(tail, sizeof tail, "%ld", sm->committed_kb);
	for (size_t i = 0; i < sm->n; i++) {
		const struct row *r = &sm->rows[i];

		if (row_head(f, label, sm) < 0 ||
		    fprintf(f, "%d,%d,%d,%s,", (int)r->pid, (int)r->ppid, r->depth,
			    r->depth ? "child" : "parent") < 0 ||
		    csv_put(f, r->comm) < 0 || putc(',', f) == EOF ||
		    (r->rss_kb >= 0 && fprintf(f, "%ld", r->rss_kb) < 0) || putc(',', f) == EOF ||
		    (r->pss_kb >= 0 && fprintf(f, "%ld", r->pss_kb) < 0) ||
		    fprintf(f, ",%s\n", tail) < 0)
			return -1;
		if (r->rss_kb >= 0)
			rss += r->rss_kb;
		if (r->pss_kb >= 0) {
			pss += r->pss_kb;
			any_pss = true;
		}
	}
	if (row_head(f, label, sm) < 0 || fprintf(f, "%d,,,tree,,%ld,", (int)root, rss) < 0 ||
	    (any_pss && fprintf(f, "%ld", pss) < 0) || fprintf(f, ",%s\n", tail) < 0)
		return -1;
	return 0;
}

/* ---- the command, signals, the output file -------------------------------------------------- */

static void on_stop_signal(int sig)
{
	if (!caught)
		caught = sig;
}

/* Installs the stop-signal handler for every stop signal (util.h: sent, not raised by a fault
 * of our own; after SIGSEGV and its kind nothing can be done in order) that the caller does not
 * ignore, and fills SET with those caught.  SIGPIPE and SIGXFSZ are among them: a write into a
 * closed pipe or past the file size limit then fails with EPIPE or EFBIG, and the run ends as it
 * does for SIGINT, the tree with it. */
static void stop_signals_catch(sigset_t *set)
{
	sigset_t stop;

	stop_signals(&stop);
	sigemptyset(set);
	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		struct sigaction sa = { .sa_handler = on_stop_signal }; /* no SA_RESTART: wake sleeps */

		sigemptyset(&sa.sa_mask);
		if (sigismember(&stop, sig) == 1 && sigaction(sig, &sa, NULL) == 0)
			sigaddset(set, sig);
	}
}

/* Rescans /proc and sends SIG to every live process of the tree, the root included, each through
 * a pidfd opened before its start time is checked again, so that a pid reused since the scan is
 * never hit; with ONCE, a process sent a signal by an earlier call is left out (a program may
 * count its SIGINTs).  A stopped process is sent SIGCONT after SIG, so that it can act on it.
 * Returns how many live processes the tree has (zombies are not), or -1 if /proc cannot be read
 * (or ENOMEM). */
static long tree_signal(struct sampler *s, int sig, bool once)
{
	long live = 0;

	if (list_pids(s) < 0 || table_update(s) < 0)
		return -1;
	tree_resolve(s);
	for (size_t i = 0; i < s->nprocs; i++) {
		struct proc *p = &s->procs[i], now;
		int pfd;

		if (p->depth < 0 || !p->fresh || p->state == 'Z' || p->state == 'X')
			continue;
		live++;
		if (once && p->signalled)
			continue;
		if ((pfd = (int)syscall(SYS_pidfd_open, p->pid, 0)) < 0)
			continue;
		if (stat_read(s->procfd, p->pid, &now) == 0 && now.start == p->start) {
			syscall(SYS_pidfd_send_signal, pfd, sig, NULL, 0);
			if (now.state == 'T' && sig != SIGKILL)
				syscall(SYS_pidfd_send_signal, pfd, SIGCONT, NULL, 0);
		}
		close(pfd);
		p->signalled = true;
	}
	return live;
}

/* Reaps every child that has exited: the command (its wait status then into *STATUS, and true
 * returned) and the tree's orphans, which as subreaper this sampler must reap. */
static bool reap_children(struct sampler *s, int *status)
{
	bool root = false;
	pid_t r;
	int st;

	while ((r = waitpid(-1, &st, WNOHANG)) > 0)
		if (r == s->root) {
			*status = st;
			root = true;
		}
	return root;
}

/* Waits for the command to end (unless REAPED already, with STATUS) and returns its wait status,
 * reaping the tree's orphans on the way (this sampler is their subreaper).  Once a stop signal is
 * caught, before or during the wait, it is forwarded to the whole tree, and again every TICK_MS
 * to the processes born since, until the command is reaped and nothing of its tree is left alive;
 * after GRACE_MS SIGKILL is sent the same way, and after GRACE_MS more it gives up, with a
 * warning. */
static int command_reap(struct sampler *s, bool reaped, int status, const sigset_t *stop)
{
	sigset_t set = *stop, old;
	const struct timespec tick = { 0, TICK_MS * 1000000L };
	int64_t kill_at = 0, give_up_at = 0;
	int sig;

	sigaddset(&set, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	for (;;) {
		long live = 0;

		if (reap_children(s, &status))
			reaped = true;
		if (caught) {
			int64_t t = now_ns();
			bool killing;

			if (!kill_at) {
				kill_at = t + (int64_t)GRACE_MS * 1000000;
				give_up_at = kill_at + (int64_t)GRACE_MS * 1000000;
			}
			killing = t >= kill_at;
			s->forwarded = true;
			if ((live = tree_signal(s, killing ? SIGKILL : caught, !killing)) < 0) {
				/* the command at least, which cannot have been replaced */
				warn("warning: cannot read /proc to signal the tree: %s; only the "
				     "command is signalled", strerror(errno));
				if (reaped)
					break;
				kill(s->root, SIGKILL);
			}
			if (reaped && live == 0)
				break;
			if (t >= give_up_at) {
				warn("warning: %ld processes of the tree still alive %d s after SIGKILL: "
				     "left behind", live, GRACE_MS / 1000);
				if (reaped)
					break;
				give_up_at = INT64_MAX; /* said once; the command must still be reaped */
			}
		} else if (reaped) {
			break;
		}
		/* signals arrive blocked here: collect them instead of racing a blocking waitpid */
		sig = sigtimedwait(&set, NULL, &tick);
		if (sig > 0 && sig != SIGCHLD && !caught)
			caught = sig;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return status;
}

/* -o FILE.  FILE absent or a regular file: the CSV goes to a new file in FILE's directory,
 * unnamed (O_TMPFILE) or, where the file system cannot do that, under a new name of its own
 * (O_EXCL), and is renamed over FILE when sampling ends: FILE is then never half-written, and a
 * killed sampler leaves no unnamed file behind.  FILE a character device or a FIFO (/dev/null, a
 * terminal, a pipe): opened and written as it is, never replaced.  FILE a symbolic link, a block
 * device, a socket or a directory: refused, since replacing or following it could write anywhere
 * (a planted link in /tmp names /etc/shadow as well as a CSV).  The directory is opened once, and
 * every step after that is relative to its descriptor. */
struct output {
	const char *path;          /* -o FILE, or NULL for stdout */
	const char *base;          /* its last component */
	int dirfd;                 /* its directory, or -1 */
	bool in_place;             /* a device or FIFO, written as it is */
	bool named;                /* the new file has the name tmp (else it has none yet) */
	char tmp[NAME_MAX + 1];
	int fd;
};

/* Puts a fresh name of the form .BASE.XXXXXX into o->tmp (BASE cut to fit NAME_MAX). */
static void output_tmp_name(struct output *o)
{
	static const char digits[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static uint64_t x;
	char suffix[7];

	if (!x)
		x = (uint64_t)now_ns() ^ ((uint64_t)getpid() << 32) ^ (uintptr_t)o;
	for (int i = 0; i < 6; i++) {
		x ^= x << 13; /* xorshift64: names need only be unlikely to collide, O_EXCL decides */
		x ^= x >> 7;
		x ^= x << 17;
		suffix[i] = digits[x % (sizeof digits - 1)];
	}
	suffix[6] = '\0';
	snprintf(o->tmp, sizeof o->tmp, ".%.*s.%s", NAME_MAX - 8, o->base, suffix);
}

/* Opens the output as the comment above struct output says.  Returns 0, or -1 with a reason in
 * WHY; may block until a FIFO has a reader. */
static int output_open(struct output *o, char *why, size_t whylen)
{
	const char *slash;
	struct stat st, fst;

	o->fd = 1;
	o->dirfd = -1;
	if (!o->path)
		return 0;
	slash = strrchr(o->path, '/');
	o->base = slash ? slash + 1 : o->path;
	if (slash) {
		char *dir = strndup(o->path, (size_t)(slash - o->path) + 1); /* "/" for "/x" */

		if (!dir)
			return set_why(why, whylen, "out of memory");
		o->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(dir);
	} else {
		o->dirfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (o->dirfd < 0)
		return set_why(why, whylen, "%s: cannot open its directory:", o->path);
	if (fstatat(o->dirfd, o->base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode) || S_ISBLK(st.st_mode) ||
		    S_ISSOCK(st.st_mode))
			goto refused;
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
			o->in_place = true;
			o->fd = openat(o->dirfd, o->base,
				       O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
			if (o->fd < 0)
				goto cannot;
			/* the same file as the one looked at, not a swap since */
			if (fstat(o->fd, &fst) < 0 || fst.st_dev != st.st_dev ||
			    fst.st_ino != st.st_ino) {
				close(o->fd);
				o->fd = -1;
				return set_why(why, whylen, "%s: was replaced while being opened", o->path);
			}
			return 0;
		}
	} else if (errno != ENOENT) {
		goto cannot;
	}
	/* 0666: the kernel takes the umask off, as for any new file */
	o->fd = openat(o->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	for (int tries = 0; o->fd < 0 && tries < 100; tries++) {
		if (tries > 0 && errno != EEXIST)
			break;
		if (tries == 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
			break; /* a real error, not a file system without O_TMPFILE */
		output_tmp_name(o);
		o->fd = openat(o->dirfd, o->tmp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
			       0666);
		o->named = o->fd >= 0;
	}
	if (o->fd < 0)
		return set_why(why, whylen, "%s: cannot create a file beside it:", o->path);
	return 0;
refused:
	return set_why(why, whylen, "%s: is a %s: refused (-o writes a regular file, a character "
		       "device or a FIFO)", o->path, file_kind(st.st_mode));
cannot:
	return set_why(why, whylen, "%s: cannot open:", o->path);
}

/* Ends the output: if KEEP, gives the new file a name and renames it over FILE, unless FILE has
 * meanwhile become something else than a regular file (then it stays as it is and the CSV is
 * dropped); else drops the new file.  Returns 0, or -1 with a reason in WHY. */
static int output_finish(struct output *o, bool keep, char *why, size_t whylen)
{
	struct stat st;
	int rc = 0;

	if (!o->path)
		return 0;
	if (o->fd >= 0 && keep && !o->in_place && !o->named) {
		char proc_path[64];
		int tries = 0;

		snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", o->fd);
		do {
			output_tmp_name(o);
			o->named = linkat(AT_FDCWD, proc_path, o->dirfd, o->tmp, AT_SYMLINK_FOLLOW) == 0;
		} while (!o->named && errno == EEXIST && ++tries < 100);
		if (!o->named) {
			rc = set_why(why, whylen, "%s: cannot give the new file a name beside it:",
				     o->path);
			keep = false;
		}
	}
	if (o->fd >= 0 && close(o->fd) < 0 && keep) {
		rc = set_why(why, whylen, "%s: cannot write:", o->path);
		keep = false;
	}
	o->fd = -1;
	if (keep && !o->in_place) {
		if (fstatat(o->dirfd, o->base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
			rc = set_why(why, whylen, "%s: became a %s while sampling: not replaced",
				     o->path, file_kind(st.st_mode));
			keep = false;
		} else if (renameat(o->dirfd, o->tmp, o->dirfd, o->base) < 0) {
			rc = set_why(why, whylen, "%s: cannot rename %s into place:", o->path, o->tmp);
			keep = false;
		}
	}
	if (!keep && o->named)
		unlinkat(o->dirfd, o->tmp, 0);
	o->named = false;
	if (o->dirfd >= 0)
		close(o->dirfd);
	o->dirfd = -1;
	return rc;
}

/* ---- main ----------------------------------------------------------------------------------- */

/* Asks for a short scheduler slice for this thread (an EEVDF custom slice, Linux 6.12+; older
 * kernels ignore it), best effort: a thread that sleeps most of each period then preempts a CPU
 * hog when it wakes instead of queueing behind it.  Measured on a busy 2-core VM, 1 kHz with a
 * 1 GiB driver in the tree: 820-900 Hz without, 930-950 Hz with.  Called after the command and
 * the Pss thread are started, so that neither inherits it; a caller's chrt is left alone. */
static void sched_short_slice(void)
{
	struct sched_attr_v0 {      /* struct sched_attr up to SCHED_ATTR_SIZE_VER0 */
		uint32_t size, policy;
		uint64_t flags;
		int32_t nice;
		uint32_t priority;
		uint64_t runtime, deadline, period;
	} a;
	int nice;

	if (sched_getscheduler(0) != SCHED_OTHER)
		return;
	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0); /* sched_setattr sets nice too: keep it */
	if (errno)
		return;
	a = (struct sched_attr_v0){ .size = sizeof a, .policy = SCHED_OTHER, .nice = nice,
				    .runtime = 100000 /* ns */ };
	syscall(SYS_sched_setattr, 0, &a, 0);
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: proc-sampler [options] --pid PID\n"
		"       proc-sampler [options] -- COMMAND [ARG...]\n"
		"Sample the memory of the process tree rooted at PID (or at COMMAND, started here) from\n"
		"/proc until the root exits: one CSV row per process per sample, and one 'tree' row:\n"
		"  scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb\n"
		"  -p, --pid PID        follow PID's tree (descendants it did not start included)\n"
		"  -i, --interval-us N  sampling period in microseconds (default 1000: 1 kHz)\n"
		"  -o, --output FILE    write the CSV to FILE, renamed into place when sampling ends\n"
		"                       (never half-written); default stdout.  A character device\n"
		"                       or FIFO is written as it is; a symbolic link, block device\n"
		"                       or socket is refused (exit 3), never replaced nor followed\n"
		"  -l, --label TEXT     the scenario column (default empty)\n"
		"      --no-header      omit the header line (for appending)\n"
		"  -h, --help\n"
		"vmrss_kb is from /proc/PID/statm, committed_as_kb from /proc/meminfo, every sample;\n"
		"pss_kb from /proc/PID/smaps_rollup, by a helper thread, only as often as it costs at\n"
		"most a tenth of a CPU (every sample for small trees, 4-10 Hz with 1 GiB resident):\n"
		"empty in the other samples.  Zombies are left out; a vfork child before its exec\n"
		"shares its parent's memory, so its memory fields are empty.  On stderr at the end:\n"
		"  proc-sampler: N samples in T s (R Hz), P processes seen\n"
		"Exit status: COMMAND's own (128+N if killed by signal N); with --pid 0 once PID has\n"
		"exited; 2 usage error; 3 environment error (no such PID; PID a thread, a zombie or a\n"
		"kernel thread, or gone before the first sample; FILE refused or not writable; COMMAND\n"
		"not startable).  SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,\n"
		"SIGPIPE and every other deadly signal but the faults are forwarded to COMMAND's whole\n"
		"tree, to processes born after it too (SIGKILL after 5 s); what was sampled is written\n"
		"out and the sampler ends by that signal (128+N).  Orphans of the tree come to the\n"
		"sampler (its subreaper).  With --pid the tree is left alone.\n");
}

struct opts {
	long interval_us, pid;
	const char *output, *label;
	bool header;
	char **command;            /* NULL with --pid */
};

static void parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_NO_HEADER = 256 };
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "interval-us", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "label", required_argument, NULL, 'l' },
		{ "no-header", no_argument, NULL, OPT_NO_HEADER },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	*o = (struct opts){ .interval_us = 1000, .label = "", .header = true };
	/* '+': stop at COMMAND, whose own options are not ours */
	while ((c = getopt_long(argc, argv, "+p:i:o:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_count(optarg, 1, INT_MAX, &o->pid) < 0)
				usage_error("--pid: not a process id: '%s'", optarg);
			break;
		case 'i':
			if (parse_count(optarg, 1, 3600L * 1000000, &o->interval_us) < 0)
				usage_error("--interval-us: not a number of microseconds >= 1: '%s'", optarg);
			break;
		case 'o':
			if (!*optarg || optarg[strlen(optarg) - 1] == '/')
				usage_error("--output: not a file name: '%s'", optarg);
			o->output = optarg;
			break;
		case 'l': o->label = optarg; break;
		case OPT_NO_HEADER: o->header = false; break;
		case 'h': usage(stdout); exit(EXIT_OK);
		default: usage_error(NULL);
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	if (o->pid && o->command)
		usage_error("--pid and a COMMAND: give one or the other");
	if (!o->pid && !o->command)
		usage_error("nothing to sample: give --pid PID or -- COMMAND");
}

/* Everything one run holds, from the command line to the exit status. */
struct run {
	struct opts o;
	struct sampler s;
	struct output out;
	struct pss_worker pss;
	struct sample cur;         /* the sample being taken */
	struct sample held;        /* the sample whose Pss walk is under way, while pending */
	bool pending;
	struct text text;          /* CSV to write out */
	struct text later;         /* the rows of the samples after HELD, while pending */
	sigset_t stop;             /* the stop signals caught */
	int64_t t0, t_end, interval_ns, deadline, last_flush, pss_next;
	long nsamples;
	bool failed;               /* a write failed, or out of memory: exit 3 */
	bool reaped;               /* the command has been reaped, its wait status in STATUS */
	int status;
	char why[PATH_MAX + 256];
};

/* Opens /proc and the meminfo file that every sample re-reads; returns 0, or -1 with errno set. */
static int proc_open(struct sampler *s)
{
	s->self = getpid();
	s->page_kb = sysconf(_SC_PAGESIZE) / 1024;
	if (!(s->proc = opendir("/proc")))
		return -1;
	s->procfd = dirfd(s->proc);
	if ((s->meminfo = openat(s->procfd, "meminfo", O_RDONLY | O_CLOEXEC)) < 0)
		warn("warning: /proc/meminfo: cannot open: %s; committed_as_kb stays empty",
		     strerror(errno));
	return 0;
}

/* Makes PID the root of S's tree after checking that it can be followed: a process (not a
 * thread), alive, with memory of its own (not a kernel thread, or every sample would be void).
 * Returns 0, or -1 with a reason in WHY. */
static int root_follow(struct sampler *s, long pid, char *why, size_t whylen)
{
	struct proc root, again;
	long tgid;

	if (stat_read(s->procfd, (pid_t)pid, &root) < 0)
		return set_why(why, whylen, "--pid %ld: no such process", pid);
	if ((tgid = proc_tgid(s->procfd, (pid_t)pid)) > 0 && tgid != pid)
		return set_why(why, whylen, "--pid %ld: is a thread of process %ld, not a process: "
			       "give --pid %ld", pid, tgid, tgid);
	if (root.state == 'Z' || root.state == 'X')
		return set_why(why, whylen, "--pid %ld: has already exited (a zombie)", pid);
	if (statm_rss_kb(s->procfd, (pid_t)pid, s->page_kb) < 0 &&
	    stat_read(s->procfd, (pid_t)pid, &again) == 0 && again.start == root.start)
		return set_why(why, whylen, "--pid %ld: cannot be followed: /proc/%ld/statm shows no "
			       "memory (a kernel thread?)", pid, pid);
	s->root = (pid_t)pid;
	s->root_start = root.start;
	return 0;
}

/* Starts COMMAND as the root of S's tree; returns 0, or an errno value. */
static int command_start(struct sampler *s, char **command)
{
	struct proc root;
	int rc;

	/* the tree's orphans come here rather than to init: still known as the tree's, and reaped,
	 * and reached by a stop signal's forwarding (only a command's ancestor can be this) */
	s->subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL) == 0;
	/* an inherited SIG_IGN would make the kernel reap the command before we can */
	signal(SIGCHLD, SIG_DFL);
	fflush(NULL);
	if ((rc = posix_spawnp(&s->root, command[0], NULL, NULL, command, environ)) != 0)
		return rc;
	/* it cannot be reaped, so cannot be replaced, before we wait for it */
	s->root_start = stat_read(s->procfd, s->root, &root) == 0 ? root.start : 0;
	return 0;
}

/* Gives the held sample the answers of its finished Pss walk and writes it, and the samples
 * that waited behind it, into the text; returns 0, or -1 (ENOMEM). */
static int held_complete(struct run *r)
{
	for (size_t i = 0; i < r->held.n; i++)
		r->held.rows[i].pss_kb = r->pss.pss[i];
	r->pending = false;
	if (sample_format(r->text.f, r->o.label, r->s.root, &r->held) < 0)
		return -1;
	return text_move(&r->text, &r->later);
}

/* Takes one sample at T and hands it on: to the Pss worker if it is idle and due (the sample is
 * then held), else as text, behind the held sample if there is one.  Returns 1, 0 when the
 * root has gone (the run is over), or -1 with r->failed set (a warning said why). */
static int sample_next(struct run *r, int64_t t)
{
	int alive;

	r->cur.t_ns = t - r->t0;
	r->cur.no = r->nsamples;
	if ((alive = sample_take(&r->s, &r->cur)) < 0) {
		warn("cannot read /proc: %s", strerror(errno));
		r->failed = true;
		return -1;
	}
	if (!alive)
		return 0;
	r->nsamples++;
	if (!r->pending && r->pss.running && t >= r->pss_next) {
		struct sample swap = r->held;

		r->held = r->cur;
		r->cur = swap;
		if (pss_worker_request(&r->pss, r->held.rows, r->held.n) < 0)
			goto oom;
		r->pending = true;
	} else if (sample_format(r->pending ? r->later.f : r->text.f, r->o.label, r->s.root,
				 &r->cur) < 0) {
		goto oom;
	}
	return 1;
oom:
	warn("out of memory");
	r->failed = true;
	return -1;
}

/* Writes the text out (r->failed set, with a warning, if it cannot be); returns 0 or -1. */
static int text_flush(struct run *r)
{
	if (text_write(&r->text, r->out.fd) == 0)
		return 0;
	warn("cannot write the CSV to %s: %s", r->out.path ? r->out.path : "stdout", strerror(errno));
	r->failed = true;
	return -1;
}

/* Sleeps until the next deadline in the future: an overrun skips samples rather than bursting;
 * a stop signal ends the sleep. */
static void sleep_next(struct run *r)
{
	int64_t t = now_ns();
	struct timespec ts;

	r->deadline += r->interval_ns;
	if (r->deadline <= t)
		r->deadline += ((t - r->deadline) / r->interval_ns + 1) * r->interval_ns;
	ts = (struct timespec){ r->deadline / 1000000000, r->deadline % 1000000000 };
	while (!caught && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* Starts the Pss worker, then samples every interval until the root is gone, the command
 * reaped, a stop signal caught or a failure (r->failed). */
static void sample_loop(struct run *r)
{
	int rc;

	if ((rc = pss_worker_start(&r->pss, r->s.procfd, &r->stop)) != 0)
		warn("warning: cannot start the Pss thread: %s; pss_kb stays empty", strerror(rc));
	/* the default 50 us timer slack would start every sample up to 5% of a 1 kHz period late */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	sched_short_slice();
	r->deadline = r->last_flush = r->t0;
	while (!caught) {
		int64_t t;

		if (r->o.command && reap_children(&r->s, &r->status))
			r->reaped = true;
		if (r->reaped)
			break;
		t = now_ns();
		/* a finished Pss walk completes the sample it was started in; samples behind it follow */
		if (r->pending && pss_worker_take(&r->pss, false)) {
			r->pss_next = r->t0 + r->held.t_ns + PSS_DUTY * r->pss.cost_ns;
			if (held_complete(r) < 0) {
				warn("out of memory");
				r->failed = true;
				break;
			}
		}
		if (sample_next(r, t) <= 0)
			break;
		if (text_held(&r->text) >= FLUSH_BYTES ||
		    (text_held(&r->text) && t - r->last_flush >= FLUSH_NS)) {
			if (text_flush(r) < 0)
				break;
			r->last_flush = t;
		}
		sleep_next(r);
	}
	r->t_end = now_ns();
}

/* Ends the run: reaps the command (forwarding a stop signal to its tree), completes the held
 * sample, writes the text out, puts the output file in place, and says how it went. */
static void run_finish(struct run *r)
{
	double secs = (double)(r->t_end - r->t0) / 1e9;

	if (r->o.command && (!r->reaped || caught))
		r->status = command_reap(&r->s, r->reaped, r->status, &r->stop);
	if (r->o.pid && !r->nsamples && !caught && !r->failed) {
		/* it existed and was followable a moment ago: an exit in between, but no answer */
		warn("--pid %ld: ended before its first sample", r->o.pid);
		r->failed = true;
	}
	if (r->pending) {
		pss_worker_take(&r->pss, true);
		if (!r->failed && held_complete(r) < 0) {
			warn("out of memory");
			r->failed = true;
		}
	}
	pss_worker_stop(&r->pss);
	if (!r->failed)
		text_flush(r);
	if (output_finish(&r->out, !r->failed, r->why, sizeof r->why) < 0) {
		warn("%s", r->why);
		r->failed = true;
	}
	fprintf(stderr, "%s: %ld samples in %.3f s (%.1f Hz), %ld processes seen\n", prog_name,
		r->nsamples, secs, secs > 0 ? (double)r->nsamples / secs : 0.0, r->s.seen);
}

static void run_free(struct run *r)
{
	closedir(r->s.proc);
	if (r->s.meminfo >= 0)
		close(r->s.meminfo);
	free(r->s.procs);
	free(r->s.next);
	free(r->s.pids);
	free(r->cur.rows);
	free(r->held.rows);
	text_close(&r->text);
	text_close(&r->later);
}

int main(int argc, char **argv)
{
	static struct run r = { .s.meminfo = -1 };
	int rc;

	prog_name = "proc-sampler";
	argv[0] = (char *)prog_name; /* getopt's own messages then use the short name too */
	parse_opts(argc, argv, &r.o);
	r.interval_ns = r.o.interval_us * 1000;
	/* from here on a stop signal ends the run in order: what was sampled is written out */
	stop_signals_catch(&r.stop);
	if (proc_open(&r.s) < 0)
		die(EXIT_ENV, "/proc: cannot open:");
	if (r.o.pid == r.s.self)
		die(EXIT_USAGE, "--pid %ld: that is this sampler itself", r.o.pid);
	if (r.o.pid && root_follow(&r.s, r.o.pid, r.why, sizeof r.why) < 0)
		die(EXIT_ENV, "%s", r.why);
	if (text_open(&r.text) < 0 || text_open(&r.later) < 0 ||
	    (r.o.header && fputs(csv_header, r.text.f) == EOF))
		die(EXIT_ENV, "out of memory");
	r.out.path = r.o.output;
	if (output_open(&r.out, r.why, sizeof r.why) < 0) {
		if (caught) /* a signal while a FIFO waited for its reader */
			die_by_signal(caught, &r.stop);
		die(EXIT_ENV, "%s", r.why);
	}
	r.t0 = now_ns();
	if (r.o.command && (rc = command_start(&r.s, r.o.command)) != 0) {
		output_finish(&r.out, false, r.why, sizeof r.why);
		die(EXIT_ENV, "cannot start %s: %s", r.o.command[0], strerror(rc));
	}
	sample_loop(&r);
	run_finish(&r);
	if (caught) {
		/* a signal after the command's end, while writing out: the tree may still be there
		 * (command_reap reads /proc through r.s: freed only after this) */
		if (r.o.command && !r.s.forwarded)
			command_reap(&r.s, true, r.status, &r.stop);
		die_by_signal(caught, &r.stop);
	}
	run_free(&r);
	if (r.failed)
		return EXIT_ENV;
	if (r.o.command)
		return WIFEXITED(r.status) ? WEXITSTATUS(r.status) : 128 + WTERMSIG(r.status);
	return EXIT_OK;
}
