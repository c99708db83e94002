/* util.c — see util.h. */
#define _GNU_SOURCE
#include "util.h"
#include "procparse.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
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

void usage_error(const char *fmt, const char *arg)
{
	if (fmt) {
		fprintf(stderr, "%s: ", prog_name);
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
	fprintf(stderr, "Try '%s --help'.\n", prog_name);
	exit(EXIT_USAGE);
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

long proc_kb(const char *path, const char *key)
{
	/* the whole file in one buffer, parsed by procparse_field: /proc/PID/status, meminfo and
	 * smaps_rollup are 1-2 kB; a longer file is cut after its last whole line */
	char text[16384];
	size_t len = 0;
	ssize_t n;
	long v;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

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
	return proc_kb(path, key);
}

int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
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
