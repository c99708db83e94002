/* util.c — see util.h. */
#define _GNU_SOURCE
#include "util.h"
#include "procparse.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *prog_name = "shellout";

static void vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: ", prog_name);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vwarn(fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "Try '%s --help'.\n", prog_name);
	exit(EXIT_USAGE);
}

int set_why(char *why, size_t whylen, const char *fmt, ...)
{
	int saved = errno;
	size_t n = strlen(fmt);
	va_list ap;
	int used;

	va_start(ap, fmt);
	used = vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	if (n > 0 && fmt[n - 1] == ':' && used >= 0 && (size_t)used < whylen)
		snprintf(why + used, whylen - (size_t)used, " %s", strerror(saved));
	errno = saved;
	return -1;
}

int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!s || *s < '0' || *s > '9')
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		goto bad;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: goto bad;
	}
	if (*end == 'i' || *end == 'B') /* accept 64MiB, 64MB and 64M alike: all binary */
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end != '\0' || (shift && v > (UINT64_MAX >> shift)))
		goto bad;
	*out = (uint64_t)v << shift;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int parse_count(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		goto bad;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	/* strtod alone would also take " 5", "+5", "0x1p3" and "infinity": the first digit and the
	 * absence of x keep it to the decimal form that --help documents. */
	if (!s || *s < '0' || *s > '9' || strpbrk(s, "xX"))
		goto bad;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end != '\0' || !isfinite(v) || v <= 0 || v > 1e9)
		goto bad;
	*out = v;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* Returns the length of the well-formed UTF-8 sequence at P (1 to 4), or 0 if there is none
 * (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short). */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		lo = p[0] == 0xe0 ? 0xa0 : lo;
		hi = p[0] == 0xed ? 0x9f : hi;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		lo = p[0] == 0xf0 ? 0x90 : lo;
		hi = p[0] == 0xf4 ? 0x8f : hi;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* Written by hand: no program links a JSON library, and the one JSON output (--describe) is a
 * flat object of strings, so escaping a string is all that is needed. */
void json_string(FILE *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	putc('"', out);
	while (*p) {
		size_t n = utf8_seq(p);
		const char *esc = *p == '"' ? "\\\"" : *p == '\\' ? "\\\\" : *p == '\b' ? "\\b" :
				  *p == '\f' ? "\\f" : *p == '\n' ? "\\n" : *p == '\r' ? "\\r" :
				  *p == '\t' ? "\\t" : NULL;

		if (esc) {
			fputs(esc, out);
		} else if (*p < 0x20) {
			fprintf(out, "\\u00%c%c", hex[*p >> 4], hex[*p & 15]);
		} else if (n == 0) {
			fputs("\\ufffd", out); /* JSON text is UTF-8: a byte that is not becomes U+FFFD */
			n = 1;
		} else {
			fwrite(p, 1, n, out);
		}
		p += n;
	}
	putc('"', out);
}

long proc_field_at(int dirfd, const char *path, const char *key)
{
	/* the whole file in one buffer: /proc/PID/status, meminfo and smaps_rollup are 1-2 kB */
	char text[16384];
	size_t len = 0;
	ssize_t n;
	long v;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -1;
	while (len < sizeof text && (n = read(fd, text + len, sizeof text - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	if (len == sizeof text) {
		char *eol = memrchr(text, '\n', len);

		len = eol ? (size_t)(eol - text) + 1 : 0;
	}
	if ((v = procparse_field(text, len, key)) < 0)
		errno = ENOENT;
	return v;
}

long proc_status_kb(pid_t pid, const char *key)
{
	char path[64];

	if (pid)
		snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/status");
	return proc_field_at(AT_FDCWD, path, key);
}

int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

double quantile(const int64_t *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;

	if (lo >= n - 1)
		return (double)sorted[n - 1];
	return (double)sorted[lo] + (h - (double)lo) * (double)(sorted[lo + 1] - sorted[lo]);
}

int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const char *file_kind(mode_t mode)
{
	return S_ISREG(mode) ? "regular file" : S_ISDIR(mode) ? "directory" :
	       S_ISFIFO(mode) ? "FIFO" : S_ISCHR(mode) ? "character device" :
	       S_ISBLK(mode) ? "block device" : S_ISSOCK(mode) ? "socket" :
	       S_ISLNK(mode) ? "symbolic link" : "special file";
}

int csv_put(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n"))
		return fputs(s, f) < 0 ? -1 : 0;
	if (putc('"', f) == EOF)
		return -1;
	for (; *s; s++)
		if ((*s == '"' && putc('"', f) == EOF) || putc(*s, f) == EOF)
			return -1;
	return putc('"', f) == EOF ? -1 : 0;
}

int mkdir_parents(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);

	if (n >= sizeof buf)
		return errno = ENAMETOOLONG, -1;
	memcpy(buf, path, n + 1);
	/* from buf + 1: the root of an absolute path is there already */
	for (char *p = n ? buf + 1 : buf; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

void stop_signals(sigset_t *set)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
				    SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPIPE, SIGIO, SIGPWR,
#ifdef SIGSTKFLT
				    SIGSTKFLT,
#endif
	};

	sigemptyset(set);
	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		struct sigaction sa;
		bool listed = sig >= SIGRTMIN;

		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			listed |= sigs[i] == sig;
		if (listed && sigaction(sig, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
			sigaddset(set, sig);
	}
}

void die_by_signal(int sig, const sigset_t *blocked)
{
	fflush(stdout);
	signal(sig, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, blocked, NULL);
	raise(sig);
	_exit(128 + sig);
}
