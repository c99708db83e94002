/* procparse.h — parsers of the text of /proc files, apart from the reading of them.
 *
 * Pure functions: no I/O, no allocation, no printing, no errno; each reads exactly the LEN bytes
 * it is given (the text need not be NUL-terminated) and accepts any bytes, so that they can be
 * tested and fuzzed on their own (fuzz/fuzz_procparse.c).  A malformed text is refused (-1),
 * never half-parsed: every number is plain decimal digits, no sign, no overflow.
 */
#ifndef SHELLOUT_PROCPARSE_H
#define SHELLOUT_PROCPARSE_H

#include <stddef.h>
#include <sys/types.h>

/* The fields of /proc/PID/stat that shellout uses. */
struct proc_stat {
	pid_t pid, ppid;            /* fields 1 and 4 */
	char state;                 /* field 3: R, S, D, Z, X, ... */
	unsigned long long start;   /* field 22: start time in ticks since boot */
	char comm[64];              /* field 2 without its parentheses, NUL-terminated (cut) */
};

/* Parses the text of /proc/PID/stat into OUT; returns 0, or -1 if it is malformed.  comm may hold
 * spaces and parentheses, so it ends at the LAST ')'. */
int procparse_stat(const char *text, size_t len, struct proc_stat *out);

/* Parses the first two fields of /proc/PID/statm (size and resident, in pages); returns 0, or -1
 * if they are not two decimal numbers. */
int procparse_statm(const char *text, size_t len, unsigned long long *size,
		    unsigned long long *resident);

/* Returns N of the first line "KEY:<spaces or tabs>N..." of TEXT (a /proc file of such lines:
 * status, meminfo, smaps_rollup), or -1 when there is none or N is not a decimal number that
 * fits a long.  The number must end before TEXT does: a text cut in the middle of it is no
 * answer. */
long procparse_field(const char *text, size_t len, const char *key);

#endif
