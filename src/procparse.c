/* procparse.c — see procparse.h. */
#define _GNU_SOURCE
#include "procparse.h"

#include <limits.h>
#include <string.h>

/* Reads the decimal digits at *S (before END) into *OUT and moves *S past them; returns 0, or -1
 * if there are none or the number does not fit an unsigned long long. */
static int decimal(const char **s, const char *end, unsigned long long *out)
{
	const char *p = *s;
	unsigned long long v = 0;

	if (p >= end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (ULLONG_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*s = p;
	*out = v;
	return 0;
}

int procparse_stat(const char *text, size_t len, struct proc_stat *out)
{
	const char *end = text + len, *s = text, *open, *close;
	unsigned long long v;
	size_t n;

	if (!len || !(open = memchr(text, '(', len)) || !(close = memrchr(text, ')', len)) ||
	    close < open)
		return -1;
	/* field 1, the pid, then " (" */
	if (decimal(&s, open, &v) < 0 || v == 0 || v > INT_MAX || s + 1 != open || *s != ' ')
		return -1;
	out->pid = (pid_t)v;
	n = (size_t)(close - open - 1);
	if (n >= sizeof out->comm)
		n = sizeof out->comm - 1;
	memcpy(out->comm, open + 1, n);
	out->comm[n] = '\0';
	/* ") S" */
	if (end - close < 3 || close[1] != ' ')
		return -1;
	out->state = close[2];
	/* fields after the state, each after one space: 4 ppid, 5 pgrp, ... 22 starttime; the
	 * others may be negative (priority, nice) and are only skipped */
	s = close + 3;
	for (int field = 4; field <= 22; field++) {
		if (s >= end || *s != ' ')
			return -1;
		s++;
		if (field == 4 || field == 22) {
			if (decimal(&s, end, &v) < 0 || (s < end && *s != ' ' && *s != '\n'))
				return -1;
			if (field == 4) {
				if (v > INT_MAX)
					return -1;
				out->ppid = (pid_t)v;
			} else {
				out->start = v;
			}
		} else {
			const char *f = s;

			while (s < end && *s != ' ' && *s != '\n')
				s++;
			if (s == f)
				return -1;
		}
	}
	return 0;
}

int procparse_statm(const char *text, size_t len, unsigned long long *size,
		    unsigned long long *resident)
{
	const char *s = text, *end = text + len;

	if (decimal(&s, end, size) < 0 || s >= end || *s != ' ')
		return -1;
	s++;
	if (decimal(&s, end, resident) < 0 || (s < end && *s != ' ' && *s != '\n'))
		return -1;
	return 0;
}

long procparse_field(const char *text, size_t len, const char *key)
{
	const char *end = text + len, *s = text;
	size_t klen = strlen(key);

	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *next = eol ? eol + 1 : end;

		if ((size_t)(end - s) > klen && memcmp(s, key, klen) == 0 && s[klen] == ':') {
			unsigned long long v;

			s += klen + 1;
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
			if (decimal(&s, end, &v) < 0 || s == end || v > LONG_MAX)
				return -1;
			return (long)v;
		}
		s = next;
	}
	return -1;
}
