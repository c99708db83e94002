/* util.h — small helpers shared by every shellout program.
 *
 * Parsers and /proc readers return -1 (and set errno) on failure and never print; only programs
 * (the *_main functions) decide what to say and when to exit.  The warn()/die() family prints
 * "PROGRAM: message" on stderr; a format that ends in ':' gets ": strerror(errno)" appended.
 */
#ifndef SHELLOUT_UTIL_H
#define SHELLOUT_UTIL_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit statuses: one table for every shellout program and script (each --help repeats the
 * lines that apply to it, doc/exit-status.md documents them).
 *   0    ok
 *   1    the measured work failed: an extraction, its verification, a timed spawn (and the
 *        drivers' documented special case: a missing, empty or non-regular ARCHIVE)
 *   2    usage: a bad command line (or a bad line in a suite file, a run's command line)
 *   3    environment or input: a program, tool, archive or folder missing or unusable, out of
 *        memory, a malformed or unreadable input file (manifest, corpus spec, records)
 *   128+N  stopped by signal N (die_by_signal) */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_ENV = 3,
};

extern const char *prog_name;

void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "PROGRAM: " FMT... and "Try 'PROGRAM --help'." on stderr and exits EXIT_USAGE; FMT
 * NULL prints only the second line (getopt has already said what is wrong). */
_Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes FMT... into WHY (WHYLEN bytes), a one-line reason for a caller to print; a format that
 * ends in ':' gets ": strerror(errno)" appended, as for warn().  Keeps errno; returns -1, so
 * that a failing helper can end with `return set_why(why, whylen, ...);`. */
int set_why(char *why, size_t whylen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parses "123", "64K", "256M", "4G" (binary units) into *out; returns 0, or -1 on bad input. */
int parse_size(const char *s, uint64_t *out);
/* Parses a decimal count in [min, max] into *out; returns 0, or -1 on bad input. */
int parse_count(const char *s, long min, long max, long *out);
/* Parses a positive number of seconds in decimal, such as "600", "0.25" or "1e3" (no sign, blank
 * or hex), at most 1e9; returns 0, or -1 on bad input. */
int parse_seconds(const char *s, double *out);

/* Writes S to OUT as a JSON string (RFC 8259): in quotes, with '"', '\\' and every control
 * byte escaped, and each byte that is not part of well-formed UTF-8 written as \ufffd. */
void json_string(FILE *out, const char *s);

/* Returns N of the "KEY:   N kB" line of the file PATH under directory DIRFD (AT_FDCWD, or an
 * open /proc), a /proc file of such lines (status, meminfo, smaps_rollup) read whole: a file
 * past 16 kB is cut after its last whole line.  -1 with errno set if it cannot be read, ENOENT
 * if it has no such line (procparse_field parses it). */
long proc_field_at(int dirfd, const char *path, const char *key);
/* The same for /proc/PID/status (pid 0: this process). */
long proc_status_kb(pid_t pid, const char *key);

/* Monotonic clock in nanoseconds. */
int64_t now_ns(void);

/* qsort comparison of two int64_t. */
int cmp_int64(const void *a, const void *b);
/* The P-quantile (0 <= P <= 1) of the N > 0 values of SORTED (ascending), of type 7 in Hyndman
 * and Fan's list (linear interpolation between order statistics; R's and numpy's default): the
 * same figure as scripts/lib/Shellout.pm's quantile(). */
double quantile(const int64_t *sorted, size_t n, double p);

/* Writes S to F as one CSV field, quoted when it holds a comma, quote or line break (RFC 4180);
 * returns 0, or -1 if a write failed (a memory stream that cannot grow: ENOMEM). */
int csv_put(FILE *f, const char *s);

/* Creates the missing directories above PATH's last component (mkdir -p of its dirname) with
 * MODE (less the umask); returns 0, or -1 with errno set. */
int mkdir_parents(const char *path, mode_t mode);

/* Fills SET with the stop signals: those whose default action ends a process, that can be
 * caught, and that are sent rather than raised by the process's own fault (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPIPE,
 * SIGIO, SIGPWR, SIGSTKFLT and the real-time signals), less those ignored now: an ignored SIGINT
 * (as a shell's background job gets) must stay ignored.  Left out: SIGKILL and SIGSTOP (cannot
 * be caught) and the faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT), which
 * are our own bugs and keep their core dump. */
void stop_signals(sigset_t *set);
/* Ends the process by signal SIG, as a calling shell expects of one it stopped (status 128+SIG):
 * flushes stdout, restores SIG's default action, unblocks BLOCKED (the stop signals held while
 * children lived) and raises SIG. */
_Noreturn void die_by_signal(int sig, const sigset_t *blocked);

/* What a file of MODE is, in words: "directory", "FIFO", ... ("regular file" for S_IFREG). */
const char *file_kind(mode_t mode);

#endif
