/* runner.c — the main() of every build/extract-METHOD program.
 *
 * It owns everything the drivers share: the command line, the ballast, OUTDIR, the timing loop,
 * resource usage and the output.  The driver (driver.h) only creates a child process or extracts
 * in-process.  The timed region is the extraction alone: for spawning drivers, from creating the
 * first child to reaping the last; for in-process drivers, the library calls.  Emptying OUTDIR,
 * reading usage and printing happen outside it.
 *
 * Exit status (util.h's table): 0 success; 1 an extraction failed (stderr names the archive and
 * the reason), the archive missing, empty or not a regular file included; 2 usage error (an
 * OUTDIR refused as unsafe included); 3 environment or input error (tool not found, OUTDIR
 * unusable, ballast too big, out of memory, --verify's manifest unreadable or malformed).
 * Children run with LC_ALL=C.UTF-8 (see locale_fix).
 * Killed by any signal whose default action ends a process and that can be caught (SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGALRM, SIGXCPU, the real-time signals, ...; see
 * stop_signals), unless the caller ignores it: children are killed and reaped first, then the
 * signal is re-raised.  Killed by SIGKILL: the fork and vfork children die with it (their
 * parent-death signal); posix_spawn cannot set one (doc/safety.md).
 */
#define _GNU_SOURCE
#include "ballast.h"
#include "child.h"
#include "describe.h"
#include "driver.h"
#include "outdir.h"
#include "tool.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

struct opts {
	long iterations, warmup;
	uint64_t ballast;
	uint64_t max_output; /* bytes a single extracted file may reach; 0: not given */
	bool thp, csv, child_rss;
	double timeout;
	const char *tool;
	const char *verify; /* --verify MANIFEST, or NULL */
	const char *archive, *outdir;
};

static void usage(FILE *to)
{
	char names[128];

	tool_names(names, sizeof names);
	fprintf(to,
		"usage: %s [options] ARCHIVE OUTDIR\n"
		"Extract ARCHIVE into OUTDIR (emptied before each iteration) by method '%s', timing\n"
		"only the extraction.  Stops at the first failed iteration.\n"
		"  -n, --iterations N   timed extractions (default 1)\n"
		"  -w, --warmup N       untimed extractions before them (default 0)\n"
		"  -b, --ballast SIZE   before timing, allocate and touch SIZE bytes (suffix K, M, G)\n"
		"      --thp            back the ballast with transparent huge pages (default: none)\n",
		prog_name, driver.method);
	if (driver.launch)
		fprintf(to,
			"  -t, --tool NAME      %s (default 7z)\n"
			"      --timeout SEC    kill a child that runs longer and fail (default 600)\n"
			"      --child-rss      also measure the tool's own peak RSS (child_rss_kb); this stops\n"
			"                       each child at exit under ptrace, so do not time with it\n",
			names);
	else
		fprintf(to, "      --timeout SEC    abandon an extraction that runs longer and fail (default 600)\n");
	fprintf(to,
		"      --verify MANIFEST  after each extraction, untimed, check OUTDIR against MANIFEST\n"
		"                       (build/verify); a difference fails it with status=mismatch\n"
		"      --max-output SIZE  no extracted file may grow past SIZE (RLIMIT_FSIZE on the\n"
		"                       extraction: the write fails, and so does the iteration);\n"
		"                       default: half the space free on OUTDIR's file system at start\n"
		"      --csv            one CSV record per timed iteration on stdout, after a header;\n"
		"                       without it, one summary line\n"
		"      --describe       only print what this driver is (method, kind, libraries, tools)\n"
		"                       as one JSON object, and exit; no other argument with it\n"
		"  -h, --help\n"
		"Exit status: 0 ok, 1 an extraction failed (or the archive is missing, empty or not a\n"
		"regular file), 2 usage error, 3 environment error (a tool, OUTDIR, memory or the\n"
		"--verify manifest missing or unusable).\n");
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_THP = 256, OPT_TIMEOUT, OPT_CSV, OPT_CHILD_RSS, OPT_VERIFY, OPT_MAX_OUTPUT };
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "ballast", required_argument, NULL, 'b' },
		{ "thp", no_argument, NULL, OPT_THP },
		{ "tool", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "child-rss", no_argument, NULL, OPT_CHILD_RSS },
		{ "verify", required_argument, NULL, OPT_VERIFY },
		{ "max-output", required_argument, NULL, OPT_MAX_OUTPUT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	describe_if_asked(argc, argv); /* --describe: prints and exits */
	*o = (struct opts){ .iterations = 1, .timeout = 600 };
	while ((c = getopt_long(argc, argv, "n:w:b:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_count(optarg, 1, 100000000, &o->iterations) < 0)
				usage_error("--iterations: not a count >= 1: '%s'", optarg);
			break;
		case 'w':
			if (parse_count(optarg, 0, 100000000, &o->warmup) < 0)
				usage_error("--warmup: not a count >= 0: '%s'", optarg);
			break;
		case 'b':
			if (parse_size(optarg, &o->ballast) < 0)
				usage_error("--ballast: not a size (like 512M, 4G): '%s'", optarg);
			break;
		case 't': o->tool = optarg; break;
		case OPT_THP: o->thp = true; break;
		case OPT_TIMEOUT:
			if (parse_seconds(optarg, &o->timeout) < 0)
				usage_error("--timeout: not a positive number of seconds: '%s'", optarg);
			break;
		case OPT_CSV: o->csv = true; break;
		case OPT_CHILD_RSS: o->child_rss = true; break;
		case OPT_VERIFY: o->verify = optarg; break;
		case OPT_MAX_OUTPUT:
			if (parse_size(optarg, &o->max_output) < 0 || o->max_output == 0)
				usage_error("--max-output: not a size > 0 (like 512M, 4G): '%s'", optarg);
			break;
		case 'h': usage(stdout); exit(EXIT_OK);
		default: usage_error(NULL);
		}
	}
	if (argc - optind != 2)
		usage_error("%s", argc - optind < 2 ? "missing ARCHIVE or OUTDIR" : "too many operands");
	o->archive = argv[optind];
	o->outdir = argv[optind + 1];
	if (!driver.launch && o->tool)
		usage_error("--tool: '%s' given, but this driver runs no tool", o->tool);
	if (!driver.launch && o->child_rss)
		usage_error("%s", "--child-rss: this driver runs no child");
	if (driver.launch && !o->tool)
		o->tool = "7z";
	if (o->thp && !o->ballast)
		usage_error("%s", "--thp: only with a --ballast");
}

/* Makes fds 0-2 exist (a child must not get a harness file as its stdin) and every inherited
 * descriptor above 2 close-on-exec, so the tools inherit nothing of ours or our parent's.
 * Returns 0, or -1 with the fd that /dev/null could not be opened as in *BAD (errno set). */
static int fds_sanitize(int *bad)
{
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
			return *bad = fd, -1;
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	for (int fd = 3; fd < 65536; fd++) /* kernels before 5.11 */
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	return 0;
}

/* Every method must turn the archive's UTF-8 (or UTF-16) names into the same bytes on disk,
 * whatever locale the caller has: libarchive and bsdtar convert names through the locale and
 * fail on non-ASCII ones under "C".  So this process and every tool run under C.UTF-8. */
static void locale_fix(void)
{
	if (setenv("LC_ALL", "C.UTF-8", 1) < 0 || !setlocale(LC_ALL, "C.UTF-8"))
		warn("warning: cannot select the C.UTF-8 locale; non-ASCII names may fail");
}

/* Finds build/verify beside this program; returns 0 with its path in PATH, or -1. */
static int verifier_path(char *path, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n < 0)
		return -1;
	self[n] = '\0';
	if (!(slash = strrchr(self, '/')))
		return -1;
	*slash = '\0';
	if (snprintf(path, len, "%s/verify", self) >= (int)len)
		return -1;
	return access(path, X_OK);
}

/* Runs the verify program with ARGV outside the timed region, in directory CWD (a descriptor,
 * or -1), until DEADLINE (child_run).  Returns its exit status, with the first line it wrote in
 * WHY (SHOWN, OUTDIR's name, for the "." it was given); -1 with a reason in WHY if it could not
 * run; -3 if it was killed at the deadline; or -2 with *caught set when a stop signal came
 * (verify killed and reaped, the stop signals left blocked for the caller to re-raise). */
static int run_verifier(const char *verifier, char *const argv[], int cwd, const char *shown,
			int64_t deadline, struct child_env *env, char *why, size_t whylen, int *caught)
{
	struct outcome out;
	char text[1024];
	ssize_t n;
	int st;

	if (child_run(env, verifier, argv, cwd, deadline, &st, &out, caught) < 0) {
		snprintf(why, whylen, "%s", out.status == OUT_TIMEOUT ?
			 "timed out while verifying; verify killed and reaped" : out.reason);
		return out.status == OUT_TIMEOUT ? -3 : *caught ? -2 : -1;
	}
	n = pread(env->log, text, sizeof text - 1, 0);
	text[n > 0 ? n : 0] = '\0';
	text[strcspn(text, "\n")] = '\0';
	if (!WIFEXITED(st))
		return set_why(why, whylen, "verify killed by signal %d", WTERMSIG(st));
	/* verify ran inside OUTDIR and names it ".": name it as the user knows it */
	if (shown && strncmp(text, "verify: .: ", 11) == 0)
		snprintf(why, whylen, "verify: %s: %s", shown, text + 11);
	else
		snprintf(why, whylen, "%s", text[0] ? text : "verify failed");
	return WEXITSTATUS(st);
}

/* Ends the run by signal SIG, its children gone (the stop signals STOP are blocked), saying so. */
_Noreturn static void interrupted(int sig, const char *archive, const char *reason,
				  const sigset_t *stop)
{
	warn("%s: %s; children killed and reaped", archive, reason);
	die_by_signal(sig, stop);
}

/* Throws away a SIGCHLD left pending by an untimed child (verify), so that the timed wait does
 * not start with a spurious wake-up. */
static void drain_sigchld(const sigset_t *chld)
{
	const struct timespec zero = { 0, 0 };

	while (sigtimedwait(chld, NULL, &zero) > 0)
		;
}

/* Checks the archive, before anything runs and again before every iteration (it may be
 * replaced meanwhile): a FIFO would hang a tool, a directory confuse it.  Opening without
 * blocking never waits for a FIFO's writer.  Returns 0 with its size in *BYTES, or -1 with a
 * reason in WHY. */
static int archive_check(const char *path, off_t *bytes, char *why, size_t whylen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		set_why(why, whylen, "cannot open archive:");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (!S_ISREG(st.st_mode))
		return set_why(why, whylen, "not a regular file (a %s)", file_kind(st.st_mode));
	/* libarchive and bsdtar take an empty file for an empty archive; 7-Zip does not.  No method
	 * can do the same work on it, so it is refused for all. */
	if (st.st_size == 0)
		return set_why(why, whylen, "empty file (0 bytes), not an archive");
	*bytes = st.st_size;
	return 0;
}

/* Writes the archive's absolute path twice: RESOLVED with every link followed, NAMED with
 * its last component kept as given (a symlink to the archive is itself worth keeping); both
 * PATH_MAX bytes.  Returns 0, or -1 with errno set. */
static int archive_paths(const char *path, char *resolved, char *named)
{
	char dir[PATH_MAX], dirabs[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;

	if (!realpath(path, resolved))
		return -1;
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
	if (!realpath(dir, dirabs))
		return -1;
	if (snprintf(named, PATH_MAX, "%s/%s", strcmp(dirabs, "/") ? dirabs : "", base) >= PATH_MAX)
		return errno = ENAMETOOLONG, -1;
	return 0;
}

static double tv_us(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e6 + (double)tv->tv_usec;
}

/* Prints S as one CSV field on stdout (csv_put; a failed write shows at the record's fflush). */
static void csv_field(const char *s)
{
	(void)csv_put(stdout, s);
}

static const char *status_word(enum outcome_status s)
{
	switch (s) {
	case OUT_OK: return "ok";
	case OUT_ERROR: return "error";
	case OUT_TIMEOUT: return "timeout";
	case OUT_SIGNAL: return "signal";
	case OUT_MISMATCH: return "mismatch";
	}
	return "error";
}

static void print_kb(long kb, bool last)
{
	if (kb >= 0)
		printf("%ld", kb);
	putchar(last ? '\n' : ',');
}

static const char csv_header[] =
	"method,tool,archive,archive_bytes,ballast_bytes,thp,iter,wall_ns,user_us,sys_us,"
	"self_maxrss_kb,child_maxrss_kb,child_rss_kb,minflt,majflt,nvcsw,nivcsw,procs,status,tool_path,"
	"kind\n";

/* Prints one record: this process's usage over the timed region plus the reaped children's;
 * returns 0, or -1 if stdout could not take it. */
static int csv_record(const struct opts *o, const char *tool, const char *tool_path, off_t bytes,
		      long iter, int64_t wall, const struct rusage *r0, const struct rusage *r1,
		      const struct outcome *out)
{
	const struct rusage *c = &out->child;
	bool kids = driver.launch != NULL;
	/* Our own peak: VmHWM starts afresh at our exec, whereas ru_maxrss also holds the peak of
	 * the address space we were forked with (the launcher's size: a Perl harness, a shell). */
	long hwm = proc_status_kb(0, "VmHWM");

	printf("%s,", driver.method);
	csv_field(tool);
	putchar(',');
	csv_field(o->archive);
	printf(",%lld,%llu,%d,%ld,%lld,%.0f,%.0f,%ld,", (long long)bytes,
	       (unsigned long long)o->ballast, o->thp, iter, (long long)wall,
	       tv_us(&r1->ru_utime) - tv_us(&r0->ru_utime) + tv_us(&c->ru_utime),
	       tv_us(&r1->ru_stime) - tv_us(&r0->ru_stime) + tv_us(&c->ru_stime),
	       hwm >= 0 ? hwm : r1->ru_maxrss);
	print_kb(kids ? out->child_maxrss_kb : -1, false);
	print_kb(kids ? out->child_rss_kb : -1, false);
	printf("%ld,%ld,%ld,%ld,%d,%s,", r1->ru_minflt - r0->ru_minflt + c->ru_minflt,
	       r1->ru_majflt - r0->ru_majflt + c->ru_majflt,
	       r1->ru_nvcsw - r0->ru_nvcsw + c->ru_nvcsw,
	       r1->ru_nivcsw - r0->ru_nivcsw + c->ru_nivcsw, out->procs, status_word(out->status));
	csv_field(tool_path);
	printf(",%s\n", driver_kind(&driver));
	/* nothing buffered may be duplicated into the next child, and a lost record is an error */
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

/* The human summary printed without --csv: median and spread of the wall times, and the median
 * of the tools' own peak RSS when it was measured (RSS[i] < 0: unknown); quantiles of type 7. */
static void print_summary(const struct opts *o, const char *tool, int64_t *walls, int64_t *rss,
			  long n)
{
	size_t w = (size_t)n, known = 0;

	qsort(walls, w, sizeof *walls, cmp_int64);
	printf("%s %s %s: %ld iteration%s, wall median %.3f ms (p10 %.3f, p90 %.3f, min %.3f, max %.3f)",
	       driver.method, tool, o->archive, n, n == 1 ? "" : "s", quantile(walls, w, 0.5) / 1e6,
	       quantile(walls, w, 0.1) / 1e6, quantile(walls, w, 0.9) / 1e6, walls[0] / 1e6,
	       walls[w - 1] / 1e6);
	for (size_t i = 0; i < w; i++)
		if (rss[i] >= 0)
			rss[known++] = rss[i];
	if (o->child_rss && known) {
		qsort(rss, known, sizeof *rss, cmp_int64);
		printf(", child_rss median %.0f kB (%zu of %ld measured)", quantile(rss, known, 0.5),
		       known, n);
	}
	putchar('\n');
}

/* Fills FREE with the file-size limit we were started with and WORK with the one for the
 * extraction: --max-output, or half the space free on OD's file system now (so that one bomb
 * or sparse entry cannot fill it), never above the limits we were given.  Returns 0, or -1 with
 * errno set. */
static int output_limits(struct opts *o, const struct outdir *od, struct rlimit *given,
			 struct rlimit *work)
{
	struct statvfs vfs;

	if (getrlimit(RLIMIT_FSIZE, given) < 0)
		return -1;
	if (!o->max_output) {
		if (fstatvfs(od->fd, &vfs) < 0)
			return -1;
		o->max_output = (uint64_t)vfs.f_bavail * vfs.f_frsize / 2;
		if (o->max_output == 0)
			o->max_output = 1; /* a full file system: every write fails, and says so */
	}
	*work = *given;
	if (work->rlim_cur == RLIM_INFINITY || work->rlim_cur > o->max_output)
		work->rlim_cur = (rlim_t)o->max_output;
	return 0;
}

static void check_ballast(const struct ballast *b)
{
	long want_kb = (long)(b->size >> 10);

	if (b->size == 0)
		return;
	if (b->rss_kb >= 0 && b->rss_kb < want_kb - want_kb / 20)
		warn("warning: ballast of %ld KiB, but VmRSS is only %ld KiB", want_kb, b->rss_kb);
	if (b->thp && b->huge_kb >= 0 && b->huge_kb < want_kb / 2) {
		char mode[128] = "?";
		FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "re");
		if (f) {
			if (!fgets(mode, sizeof mode, f))
				strcpy(mode, "?");
			mode[strcspn(mode, "\n")] = '\0';
			fclose(f);
		}
		warn("warning: --thp: only %ld of %ld KiB on huge pages (transparent_hugepage: %s)",
		     b->huge_kb, want_kb, mode);
	}
}

int main(int argc, char **argv)
{
	static char name[64];
	struct opts o;
	const struct tool *tool = NULL;
	struct tool_where where = { .path = "" };
	struct tool_plan plan = { 0 };
	struct child_env env;
	struct ballast ballast;
	char archive_abs[PATH_MAX], archive_named[PATH_MAX], why[PATH_MAX + 256];
	char verifier[PATH_MAX], manifest[PATH_MAX] = "";
	struct outdir od;
	struct rlimit free_lim, work_lim;
	const char *const keep[] = { archive_abs, archive_named, manifest, NULL };
	sigset_t orig_mask, block_chld, block_int;
	off_t bytes;
	int64_t *walls, *rss;
	int unsafe, fd, rc = EXIT_OK;

	snprintf(name, sizeof name, "extract-%s", driver.method);
	prog_name = name;
	argv[0] = name; /* getopt's own messages then use the short name too */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (fds_sanitize(&fd) < 0)
		die(EXIT_ENV, "cannot open /dev/null as fd %d:", fd);
	parse_opts(argc, argv, &o);
	locale_fix();

	if (o.tool && !(tool = tool_find(o.tool))) {
		tool_names(why, sizeof why);
		die(EXIT_USAGE, "--tool: unknown tool '%s' (known: %s)", o.tool, why);
	}
	/* Resolved once, before anything runs: what is exec'd is what the records name. */
	if (tool && tool_resolve(tool, &where, why, sizeof why) < 0)
		die(EXIT_ENV, "%s", why);
	if (archive_check(o.archive, &bytes, why, sizeof why) < 0)
		die(EXIT_FAIL, "%s: %s", o.archive, why);
	if (archive_paths(o.archive, archive_abs, archive_named) < 0)
		die(EXIT_FAIL, "%s: cannot resolve archive path:", o.archive);
	/* A tool's own children come back to us if it dies before them, to be killed and reaped
	 * (child_sweep): nothing it started outlives the iteration. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		warn("warning: cannot become a child subreaper: %s", strerror(errno));

	/* SIGCHLD stays blocked: child.c collects it with sigtimedwait.  The stop signals are
	 * blocked only while children live, so that they are killed and reaped before we go. */
	sigemptyset(&block_chld);
	sigaddset(&block_chld, SIGCHLD);
	/* the stop signals, bar SIGPIPE (only our own writes raise it, never while children live)
	 * and SIGXFSZ (ignored: see --max-output); a caught one is re-raised once the children are
	 * reaped */
	stop_signals(&block_int);
	sigdelset(&block_int, SIGPIPE);
	sigdelset(&block_int, SIGXFSZ);
	signal(SIGCHLD, SIG_DFL); /* an inherited SIG_IGN would make the kernel reap our children */
	signal(SIGPIPE, SIG_DFL); /* the tools must die of SIGPIPE, not see EPIPE (see child.c) */
	/* Past --max-output a write fails with EFBIG, for us and the tools alike, instead of
	 * killing the writer: the tool then says "File too large" in its own words. */
	signal(SIGXFSZ, SIG_IGN);
	sigprocmask(SIG_BLOCK, &block_chld, &orig_mask);

	/* The children's descriptors: the tools', and verify's for every driver. */
	if ((driver.launch || o.verify) && child_env_open(&env, &orig_mask, &block_int, o.child_rss) < 0)
		die(EXIT_ENV, "cannot set up child descriptors:");
	if (o.verify) {
		char *check[] = { "verify", "--check", manifest, NULL };
		struct stat st;
		int caught = 0, v;

		if (stat(o.verify, &st) < 0 || !S_ISREG(st.st_mode) || !realpath(o.verify, manifest))
			die(EXIT_ENV, "--verify: %s: not a readable manifest file", o.verify);
		if (verifier_path(verifier, sizeof verifier) < 0)
			die(EXIT_ENV, "--verify: no verify program beside this one (run make)");
		v = run_verifier(verifier, check, -1, NULL, now_ns() + (int64_t)(o.timeout * 1e9), &env, why,
				 sizeof why, &caught);
		if (v == -2)
			interrupted(caught, o.archive, why, &block_int);
		if (v != 0) /* unreadable, malformed, or verify could not run */
			die(EXIT_ENV, "--verify: %s: %s", o.verify, why);
	}
	if (outdir_prepare(&od, o.outdir, keep, why, sizeof why, &unsafe) < 0)
		die(unsafe ? EXIT_USAGE : EXIT_ENV, "%s", why);
	if (output_limits(&o, &od, &free_lim, &work_lim) < 0)
		die(EXIT_ENV, "%s: cannot read its file system's free space:", od.path);
	walls = calloc((size_t)o.iterations, sizeof *walls);
	rss = calloc((size_t)o.iterations, sizeof *rss);
	if (!walls || !rss)
		die(EXIT_ENV, "out of memory");

	/* The tools run inside OUTDIR (launch.cwd) and write to ".": no character of OUTDIR's name
	 * (7-Zip expands '*' in -o) and no swap of one of its parents can move a write.  So they get
	 * the archive's absolute path (its last component as named: a link keeps its name), which
	 * starts with '/' and cannot be taken for an option either. */
	if (driver.launch && tool_plan_make(&plan, tool, where.path, archive_named, ".") < 0)
		die(EXIT_ENV, "out of memory");
	if (ballast_make(&ballast, o.ballast, o.thp, why, sizeof why) < 0)
		die(EXIT_ENV, "--ballast: %s", why);
	check_ballast(&ballast);

	if (o.csv)
		fputs(csv_header, stdout);
	if (fflush(stdout) != 0)
		die(EXIT_ENV, "cannot write to stdout:");
	/* Every check has passed: from now on this directory is ours to empty (see outdir.h). */
	outdir_claim(&od);
	for (long i = -o.warmup; i < o.iterations; i++) {
		/* the tools see the name they were given, so their messages can be trimmed */
		struct job job = { .archive = driver.launch ? archive_named : o.archive,
				   .outdir = od.path, .outdir_fd = od.fd };
		struct outcome out;
		struct rusage r0, r1;
		int64_t t0, t1;
		int caught = 0, failed, strays;
		long scrubbed;
		char stray[PATH_MAX];
		off_t now_bytes;

		if (outdir_empty(&od, why, sizeof why) < 0)
			die(EXIT_ENV, "%s", why);
		if (archive_check(o.archive, &now_bytes, why, sizeof why) < 0) {
			warn("%s: %s", o.archive, why);
			rc = EXIT_FAIL;
			break;
		}
		if (driver.launch) {
			if (child_env_reset(&env) < 0)
				die(EXIT_ENV, "cannot reset the child log:");
			sigprocmask(SIG_BLOCK, &block_int, NULL);
		}
		drain_sigchld(&block_chld);
		/* Lowered for the extraction only: our own CSV, appended to a large file, may be bigger. */
		if (setrlimit(RLIMIT_FSIZE, &work_lim) < 0)
			die(EXIT_ENV, "setrlimit RLIMIT_FSIZE:");
		getrusage(RUSAGE_SELF, &r0);
		t0 = now_ns();
		job.deadline_ns = t0 + (int64_t)(o.timeout * 1e9);
		if (driver.launch) {
			failed = child_extract(&driver, &env, &plan, &job, &out, &caught);
		} else {
			memset(&out, 0, sizeof out);
			out.child_rss_kb = -1;
			failed = driver.extract(&job, &out);
		}
		t1 = now_ns();
		getrusage(RUSAGE_SELF, &r1);
		if (setrlimit(RLIMIT_FSIZE, &free_lim) < 0)
			die(EXIT_ENV, "setrlimit RLIMIT_FSIZE:");
		/* Outside the timed region, the stop signals still blocked, even when one came:
		 * whatever the tool left running is killed (and fails it), and no setuid or setgid
		 * file stays in OUTDIR, whoever made it (safe as root). */
		strays = driver.launch ? child_sweep(&env, stray, sizeof stray) : 0;
		if (strays > 0)
			snprintf(why, sizeof why, "the tool left %d process%s running (%.200s): killed",
				 strays, strays == 1 ? "" : "es", stray);
		if (strays > 0 && !failed) {
			failed = 1;
			out.status = OUT_ERROR;
			snprintf(out.reason, sizeof out.reason, "%.400s", why);
		}
		scrubbed = outdir_scrub(&od, stray, sizeof stray, why, sizeof why);
		if (caught)
			interrupted(caught, o.archive, out.reason, &block_int);
		if (driver.launch)
			sigprocmask(SIG_UNBLOCK, &block_int, NULL);
		if (strays < 0)
			die(EXIT_ENV, "a process the tool left cannot be killed or found in /proc");
		if (scrubbed < 0)
			die(EXIT_ENV, "%s", why);
		if (scrubbed > 0 && !failed) {
			failed = 1;
			out.status = OUT_ERROR;
			snprintf(out.reason, sizeof out.reason,
				 "%.300s: a setuid or setgid file was extracted (%ld in all): bit cleared", stray,
				 scrubbed);
		}
		if (!failed && o.verify) {
			char *args[] = { "verify", manifest, ".", NULL };
			int v = run_verifier(verifier, args, od.fd, od.path, job.deadline_ns, &env, why, sizeof why,
					     &caught);
			if (v == -2)
				interrupted(caught, o.archive, why, &block_int);
			if (v == -3) {
				failed = 1;
				out.status = OUT_TIMEOUT;
				snprintf(out.reason, sizeof out.reason, "%.400s", why);
			} else if (v != 0 && v != 1) {
				die(EXIT_ENV, "--verify: %s", why);
			} else if (v == 1) {
				failed = 1;
				out.status = OUT_MISMATCH;
				snprintf(out.reason, sizeof out.reason, "extracted tree differs from %.200s: %.250s",
					 o.verify, why);
			}
		}
		if (i >= 0) {
			walls[i] = t1 - t0;
			rss[i] = out.child_rss_kb;
			if (o.csv &&
			    csv_record(&o, tool ? tool->name : driver.method, where.path, bytes, i + 1,
				       t1 - t0, &r0, &r1, &out) < 0)
				die(EXIT_ENV, "cannot write the CSV to stdout:");
		}
		if (failed) {
			warn("%s: %s", o.archive, out.reason[0] ? out.reason : status_word(out.status));
			rc = EXIT_FAIL;
			break;
		}
	}
	if (rc == EXIT_OK && !o.csv)
		print_summary(&o, tool ? tool->name : driver.method, walls, rss, o.iterations);
	if (driver.launch)
		tool_plan_free(&plan);
	if (driver.launch || o.verify)
		child_env_close(&env);
	outdir_close(&od);
	free(walls);
	free(rss);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_ENV, "cannot write to stdout:");
	return rc;
}
