/* fuzz_parsers.c — the command-line parsers of src/util.c: parse_size, parse_count and
 * parse_seconds.  (util.c's /proc readers are fuzzed by their own target.)  The input is one
 * argument string; each parser must not crash, and what it accepts must be what util.h
 * documents, with the value a plain re-reading of the digits gives: a small independent parser
 * here is the oracle.
 * Seeds: fuzz/seeds/parsers/.  Build and run: make fuzz, or build/fuzz-parsers FILE... */
#define _GNU_SOURCE
#include "../src/util.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the leading decimal digits of S into *V (no overflow allowed); returns the first byte
 * after them, or NULL if there is none or the value exceeds MAX. */
static const char *digits(const char *s, uint64_t max, uint64_t *v)
{
	const char *p = s;

	for (*v = 0; *p >= '0' && *p <= '9'; p++) {
		if (*v > (max - (uint64_t)(*p - '0')) / 10)
			return NULL;
		*v = 10 * *v + (uint64_t)(*p - '0');
	}
	return p == s ? NULL : p;
}

/* What parse_size must give for S: 0 and *V, or -1 (util.h: "123", "64K", "256M", "4G", with an
 * optional "B", "i" or "iB" after the unit; binary units). */
static int want_size(const char *s, uint64_t *v)
{
	const char *p = digits(s, UINT64_MAX, v);
	unsigned shift = 0;

	if (!p)
		return -1;
	switch (*p) {
	case '\0': return 0;
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	default: return -1;
	}
	p++;
	if (strcmp(p, "") && strcmp(p, "B") && strcmp(p, "i") && strcmp(p, "iB"))
		return -1;
	if (*v > UINT64_MAX >> shift)
		return -1;
	*v <<= shift;
	return 0;
}

/* Whether S is a decimal number as parse_seconds documents it: digits, then optionally a
 * fraction and an exponent (no sign, blank, hex or "inf"). */
static int seconds_form(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0)
		return 0;
	s += n;
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	if (*s == 'e' || *s == 'E') {
		s++;
		s += *s == '+' || *s == '-';
		if (!(n = strspn(s, "0123456789")))
			return 0;
		s += n;
	}
	return *s == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parsers take C strings: an argument ends at its first NUL, as argv's do. */
	char *s = malloc(size + 1);
	static const long bounds[][2] = { { 0, LONG_MAX }, { 1, 100000000 }, { 1, 100 } };
	uint64_t size_v = 0, want_v = 0;
	double secs = 0;
	long count = 0;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';

	if ((parse_size(s, &size_v) == 0) != (want_size(s, &want_v) == 0) ||
	    (want_size(s, &want_v) == 0 && size_v != want_v))
		abort();

	for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
		uint64_t v;
		const char *end = digits(s, LONG_MAX, &v);
		int want = end && !*end && (long)v >= bounds[i][0] && (long)v <= bounds[i][1];

		if ((parse_count(s, bounds[i][0], bounds[i][1], &count) == 0) != want ||
		    (want && count != (long)v))
			abort();
	}

	if (parse_seconds(s, &secs) == 0) {
		if (!seconds_form(s) || !isfinite(secs) || secs <= 0 || secs > 1e9 || secs != strtod(s, NULL))
			abort();
	} else if (seconds_form(s)) {
		double v = strtod(s, NULL);
		/* refused only when out of range (or beyond a double: strtod says ERANGE) */
		if (v > 0 && v <= 1e9 && isfinite(v) && v >= 1e-300)
			abort();
	}
	free(s);
	return 0;
}
