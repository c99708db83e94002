/* util.h — small helpers shared by every shellout program.
 *
 * Parsers and /proc readers return -1 (and set errno) on failure and never print; only programs
 * (the *_main functions) decide what to say and when to exit.  The warn()/die() family prints
 * "PROGRAM: message" on stderr; a format that ends in ':' gets ": strerror(errno)" appended.
 */
#ifndef SHELLOUT_UTIL_H
#define SHELLOUT_UTIL_H

#include <stdint.h>
#include <sys/types.h>

/* Exit statuses shared by all shellout programs (documented in doc/exit-status.md and --help). */
enum {
	EXIT_OK = 0,    /* success */
	EXIT_FAIL = 1,  /* an extraction (or verification) failed */
	EXIT_USAGE = 2, /* bad command line */
	EXIT_ENV = 3,   /* environment: tool missing, OUTDIR unusable, not enough memory */
};

extern const char *prog_name;

void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "PROGRAM: " FMT (with ARG) and "Try 'PROGRAM --help'." on stderr and exits EXIT_USAGE;
 * FMT NULL prints only the second line (getopt has already said what is wrong). */
_Noreturn void usage_error(const char *fmt, const char *arg);

/* Parses "123", "64K", "256M", "4G" (binary units) into *out; returns 0, or -1 on bad input. */
int parse_size(const char *s, uint64_t *out);
/* Parses a decimal count in [min, max] into *out; returns 0, or -1 on bad input. */
int parse_count(const char *s, long min, long max, long *out);
/* Parses a positive number of seconds in decimal, such as "600", "0.25" or "1e3" (no sign, blank
 * or hex), at most 1e9; returns 0, or -1 on bad input. */
int parse_seconds(const char *s, double *out);

/* Reads the "KEY:   N kB" line of /proc/PID/status (pid 0: self) or any such file; returns N, or -1. */
long proc_kb(const char *path, const char *key);
long proc_status_kb(pid_t pid, const char *key);

/* Monotonic clock in nanoseconds. */
int64_t now_ns(void);

/* qsort comparison of two int64_t. */
int cmp_int64(const void *a, const void *b);

/* What a file of MODE is, in words: "directory", "FIFO", ... ("regular file" for S_IFREG). */
const char *file_kind(mode_t mode);

#endif
