/* unit.c — unit tests of the pieces with no process around them: parsers, quantiles, reasons
 * and CSV fields, JSON strings, the tool registry's argument vectors and resolver, manifests.
 * Prints TAP. */
#define _GNU_SOURCE
#include "../src/tool.h"
#include "../src/tree.h"
#include "../src/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int n, failed;

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, what);
	failed += !cond;
}

static void test_parse_size(void)
{
	static const struct { const char *s; uint64_t v; int rc; } cases[] = {
		{ "0", 0, 0 }, { "123", 123, 0 }, { "64K", 64 << 10, 0 }, { "64k", 64 << 10, 0 },
		{ "256M", 256ull << 20, 0 }, { "4G", 4ull << 30, 0 }, { "4GiB", 4ull << 30, 0 },
		{ "1MB", 1 << 20, 0 }, { "", 0, -1 }, { "-1", 0, -1 }, { "12X", 0, -1 },
		{ "G", 0, -1 }, { "99999999999999999999", 0, -1 }, { "17179869184G", 0, -1 },
		{ "1.5G", 0, -1 }, { "4G ", 0, -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint64_t v = 0;
		char what[96];
		int rc = parse_size(cases[i].s, &v);
		snprintf(what, sizeof what, "parse_size(\"%s\")", cases[i].s);
		ok(rc == cases[i].rc && (rc < 0 || v == cases[i].v), what);
	}
}

static void test_parse_numbers(void)
{
	long c;
	double s;

	ok(parse_count("10", 1, 100, &c) == 0 && c == 10, "parse_count accepts 10 in [1,100]");
	ok(parse_count("0", 1, 100, &c) < 0, "parse_count refuses 0 below min 1");
	ok(parse_count("101", 1, 100, &c) < 0, "parse_count refuses 101 above max");
	ok(parse_count("1e3", 1, 10000, &c) < 0, "parse_count refuses 1e3");
	ok(parse_count("-5", 0, 10, &c) < 0, "parse_count refuses -5");
	ok(parse_seconds("0.25", &s) == 0 && s == 0.25, "parse_seconds(0.25)");
	ok(parse_seconds("600", &s) == 0 && s == 600, "parse_seconds(600)");
	ok(parse_seconds("0", &s) < 0, "parse_seconds refuses 0");
	ok(parse_seconds("-1", &s) < 0, "parse_seconds refuses -1");
	ok(parse_seconds("nan", &s) < 0, "parse_seconds refuses nan");
	ok(parse_seconds("5s", &s) < 0, "parse_seconds refuses 5s");
	ok(parse_seconds("1e3", &s) == 0 && s == 1000, "parse_seconds(1e3)");
	ok(parse_seconds(" 5", &s) < 0 && parse_seconds("+5", &s) < 0, "parse_seconds refuses \" 5\" and +5");
	ok(parse_seconds("0x10", &s) < 0, "parse_seconds refuses hex (0x10)");
}

/* Type-7 quantiles against numpy.quantile (its default method, as R's): the figures in the
 * comments are numpy's. */
static void test_quantile(void)
{
	static const int64_t four[] = { 1, 2, 3, 4 }, five[] = { 10, 20, 30, 40, 50 }, one[] = { 7 };
	static const int64_t ties[] = { 1, 1, 1, 5 };
	static const struct { const int64_t *v; size_t n; double p, want; } cases[] = {
		{ four, 4, 0.1, 1.3 },   /* numpy.quantile([1,2,3,4], 0.1) */
		{ four, 4, 0.5, 2.5 },   /* the median of an even count: the mean of the middle two */
		{ four, 4, 0.9, 3.7 },
		{ four, 4, 0.0, 1 },
		{ four, 4, 1.0, 4 },
		{ five, 5, 0.25, 20 },
		{ five, 5, 0.1, 14 },
		{ five, 5, 0.5, 30 },
		{ five, 5, 0.95, 48 },
		{ one, 1, 0.1, 7 },
		{ one, 1, 0.9, 7 },
		{ ties, 4, 0.9, 3.8 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double got = quantile(cases[i].v, cases[i].n, cases[i].p);
		char what[96];

		snprintf(what, sizeof what, "quantile(n=%zu, %g) = %g (want %g)", cases[i].n, cases[i].p,
			 got, cases[i].want);
		ok(fabs(got - cases[i].want) < 1e-9, what);
	}
}

/* set_why: the reason, with strerror(errno) after a trailing ':', errno kept, -1 returned. */
static void test_set_why(void)
{
	char why[64];
	int rc;

	errno = ENOENT;
	rc = set_why(why, sizeof why, "%s: cannot open:", "x");
	ok(rc == -1 && errno == ENOENT && strcmp(why, "x: cannot open: No such file or directory") == 0,
	   "set_why appends strerror after a trailing ':' and keeps errno");
	ok(set_why(why, sizeof why, "%d fields", 3) == -1 && strcmp(why, "3 fields") == 0,
	   "set_why without a trailing ':' writes the format alone");
	set_why(why, 8, "%s", "a long reason");
	ok(strcmp(why, "a long ") == 0, "set_why cuts to the buffer");
}

/* csv_put: RFC 4180 quoting, into a memory stream. */
static void test_csv_put(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ok(f && csv_put(f, "plain") == 0 && putc(',', f) != EOF && csv_put(f, "a,b") == 0 &&
	   putc(',', f) != EOF && csv_put(f, "say \"hi\"") == 0 && putc(',', f) != EOF &&
	   csv_put(f, "two\nlines") == 0 && fclose(f) == 0 &&
	   strcmp(text, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"") == 0,
	   "csv_put quotes a field with a comma, quote or line break, doubling quotes");
	free(text);
}

static int argv_is(char *const *argv, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++)
		if (!argv[i] || strcmp(argv[i], want[i]) != 0)
			return 0;
	return argv[i] == NULL;
}

/* json_string against RFC 8259: '"', '\\' and every control byte escaped, the short forms where
 * there are some, well-formed UTF-8 as it is, and each byte of anything else as \ufffd. */
static void test_json_string(void)
{
	static const struct { const char *in, *want, *what; } cases[] = {
		{ "", "\"\"", "the empty string" },
		{ "plain /path-1.0", "\"plain /path-1.0\"", "plain text, '/' as it is" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"", "quotes" },
		{ "C:\\dir", "\"C:\\\\dir\"", "a backslash" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"", "the short escapes" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"", "other control bytes as \\u00XX (DEL as it is)" },
		{ "\x1b[0m", "\"\\u001b[0m\"", "ESC" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa6", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa6\"",
		  "UTF-8 of 2, 3 and 4 bytes as it is" },
		{ "\xff", "\"\\ufffd\"", "0xff" },
		{ "\x80x", "\"\\ufffdx\"", "a stray continuation byte" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"", "an overlong 2-byte form" },
		{ "\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"", "an overlong 3-byte form" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "a UTF-16 surrogate" },
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "past U+10FFFF" },
		{ "\xe2\x82", "\"\\ufffd\\ufffd\"", "a sequence cut short at the end" },
		{ "\xe2\x82\"", "\"\\ufffd\\ufffd\\\"\"", "a sequence cut short by a quote" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = NULL, what[96];
		size_t len = 0;
		FILE *f = open_memstream(&got, &len);

		if (!f) {
			ok(0, "open_memstream");
			continue;
		}
		json_string(f, cases[i].in);
		fclose(f);
		snprintf(what, sizeof what, "json_string: %s", cases[i].what);
		ok(strcmp(got, cases[i].want) == 0, what);
		if (strcmp(got, cases[i].want) != 0)
			printf("#   got:  %s\n#   want: %s\n", got, cases[i].want);
		free(got);
	}
}

static void test_tools(void)
{
	struct tool_plan p;
	const struct tool *t7z = tool_find("7z"), *t7zz = tool_find("7zz");
	const struct tool *tb = tool_find("bsdtar"), *tt = tool_find("true");

	ok(t7z && t7zz && tb && tt && tool_find("7z-bin") && tool_find("7zz-bin") && !tool_find("7za") &&
	   !tool_find(""), "tool_find knows the tools");
	ok(tool_is_compressed_tar("a.tar.xz") && tool_is_compressed_tar("A.TGZ") &&
	   tool_is_compressed_tar("x.tar.gz") && tool_is_compressed_tar("x.tbz") &&
	   tool_is_compressed_tar("x.tar.zst") && !tool_is_compressed_tar("a.tar") &&
	   !tool_is_compressed_tar("a.7z") && !tool_is_compressed_tar(".tar.gz"),
	   "compressed tarballs are told by their names");

	tool_plan_make(&p, t7zz, "/x/7zz", "-ofoo.7z", "/out dir");
	ok(p.nsteps == 1 && argv_is(p.argv[0], (const char *const[]){ "7zz", "x", "-y", "-bd",
		"-snld", "-spd", "-o/out dir", "--", "-ofoo.7z", NULL }),
	   "7zz: archive after --, output dir attached to -o");
	tool_plan_free(&p);

	tool_plan_make(&p, t7z, "/x/7z", "a.tar.xz", "/o");
	ok(p.nsteps == 2 &&
	   argv_is(p.argv[0], (const char *const[]){ "7z", "x", "-so", "-bd", "-spd", "--", "a.tar.xz", NULL }) &&
	   argv_is(p.argv[1], (const char *const[]){ "7z", "x", "-si", "-ttar", "-y", "-bd", "-snld", "-o/o", NULL }),
	   "7z on a .tar.xz: two steps, unpack | untar");
	tool_plan_free(&p);

	tool_plan_make(&p, tb, "/x/bsdtar", "-x.tar.gz", "/o");
	ok(p.nsteps == 1 && argv_is(p.argv[0], (const char *const[]){ "bsdtar", "-x",
		"--no-same-owner", "--no-fflags", "--no-xattrs", "--no-acls", "-f", "-x.tar.gz", "-C", "/o", NULL }),
	   "bsdtar: one step, archive as the value of -f");
	tool_plan_free(&p);

	tool_plan_make(&p, tt, "/x/true", "a.7z", "/o");
	ok(p.nsteps == 1 && argv_is(p.argv[0], (const char *const[]){ "true", NULL }) &&
	   strcmp(p.path, "/x/true") == 0, "true: no arguments, the resolved path is what runs");
	tool_plan_free(&p);

	tool_plan_make(&p, tool_find("7zz-bin"), "/usr/lib/7zip/7zz", "a.7z", "/o");
	ok(p.nsteps == 1 && strcmp(p.argv[0][0], "/usr/lib/7zip/7zz") == 0,
	   "7zz-bin: argv[0] is the binary's path, as the wrapper gives it");
	tool_plan_free(&p);
}

/* Writes TEXT into DIR/NAME with MODE; returns the path (static). */
static const char *put(const char *dir, const char *name, const char *text, mode_t mode)
{
	static char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "w")) || fputs(text, f) < 0 || fclose(f) != 0 || chmod(path, mode) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

/* The resolver (tool.h): PATH as execvp searches it, the override, wrappers and their binaries. */
static void test_resolver(void)
{
	char dir[] = "/tmp/shellout-unit.XXXXXX", var[64], path[3 * PATH_MAX], why[2048], cwd[PATH_MAX];
	char a[PATH_MAX + 4], b[PATH_MAX + 4], interp[PATH_MAX], target[PATH_MAX], elf[PATH_MAX];
	const struct tool *t7zz = tool_find("7zz"), *bin = tool_find("7zz-bin");
	const char *saved = getenv("PATH");
	char *saved_path = saved ? strdup(saved) : NULL;
	struct tool_where w;
	ssize_t n_elf;

	if (!mkdtemp(dir) || !getcwd(cwd, sizeof cwd)) {
		perror("mkdtemp");
		exit(1);
	}
	tool_override_var(bin, var, sizeof var);
	ok(strcmp(var, "SHELLOUT_TOOL_7ZZ_BIN") == 0, "override variable: upper case, '-' as '_'");

	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	mkdir(a, 0755);
	mkdir(b, 0755);
	/* This test's own binary is an ELF file to point a wrapper at. */
	n_elf = readlink("/proc/self/exe", elf, sizeof elf - 1);
	if (n_elf < 0) {
		perror("readlink");
		exit(1);
	}
	elf[n_elf] = '\0';
	put(a, "7zz", "not executable\n", 0644);
	snprintf(path, sizeof path, "#! /bin/sh\n# a wrapper\n  exec \"%s\" \"$@\"\n", elf);
	put(b, "7zz", path, 0755);

	unsetenv("SHELLOUT_TOOL_7ZZ");
	unsetenv("SHELLOUT_TOOL_7ZZ_BIN");
	snprintf(path, sizeof path, "/nonexistent:%s:%s", a, b);
	setenv("PATH", path, 1);
	ok(tool_resolve(t7zz, &w, why, sizeof why) == 0 && strncmp(w.path, b, strlen(b)) == 0,
	   "PATH is searched in order, skipping a file that is not executable");
	ok(w.kind == TOOL_SCRIPT && strcmp(w.interp, "/bin/sh") == 0 && strcmp(w.target, elf) == 0 &&
	   w.target_kind == TOOL_ELF, "a wrapper script: its interpreter and the binary it execs");
	ok(tool_resolve(bin, &w, why, sizeof why) == 0 && strcmp(w.path, elf) == 0 && w.kind == TOOL_ELF,
	   "7zz-bin resolves to the binary the wrapper execs");

	if (chdir(dir) == 0) {
		setenv("PATH", "/nonexistent::a", 1); /* empty: the working directory; relative: from it */
		put(dir, "7zz", "#!/bin/sh\n", 0755);
		ok(tool_resolve(t7zz, &w, why, sizeof why) == 0 && strncmp(w.path, dir, strlen(dir)) == 0 &&
		   w.path[0] == '/', "an empty PATH element is the working directory, made absolute");
		if (chdir(cwd) != 0)
			perror(cwd);
	}

	setenv("PATH", "/nonexistent", 1);
	ok(tool_resolve(t7zz, &w, why, sizeof why) < 0 && strstr(why, "PATH=/nonexistent") &&
	   strstr(why, "SHELLOUT_TOOL_7ZZ") && strstr(why, "package "), "not found: PATH, override, package named");
	ok(tool_resolve(bin, &w, why, sizeof why) < 0, "7zz-bin is not found when 7zz is not");

	snprintf(path, sizeof path, "%s/7zz", b);
	setenv("SHELLOUT_TOOL_7ZZ", path, 1);
	ok(tool_resolve(t7zz, &w, why, sizeof why) == 0 && strcmp(w.path, path) == 0,
	   "SHELLOUT_TOOL_7ZZ names the program, whatever PATH holds");
	setenv("SHELLOUT_TOOL_7ZZ", "/nonexistent/7zz", 1);
	ok(tool_resolve(t7zz, &w, why, sizeof why) < 0 && strstr(why, "SHELLOUT_TOOL_7ZZ=/nonexistent/7zz"),
	   "an override that is not an executable is an error, not a fallback to PATH");
	unsetenv("SHELLOUT_TOOL_7ZZ");

	ok(tool_inspect(put(dir, "plain", "#!/usr/bin/perl\nexec('x');\n", 0755), interp, target) == TOOL_SCRIPT &&
	   strcmp(interp, "/usr/bin/perl") == 0 && target[0] == '\0', "a script that execs nothing plainly: no target");
	ok(tool_inspect(put(dir, "data", "\x01\x02\x03\x04 data\n", 0755), interp, target) == TOOL_OTHER,
	   "neither ELF nor script: other");

	if (saved_path)
		setenv("PATH", saved_path, 1);
	else
		unsetenv("PATH");
	free(saved_path);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		perror(path);
}

static int ndiff;
static char first[256];
static void count(const char *what, const char *path, const char *detail, void *arg)
{
	(void)arg;
	if (!ndiff++)
		snprintf(first, sizeof first, "%s %s %s", what, path, detail);
}

/* Reads LEN bytes of TEXT (strlen when LEN is 0) as the manifest "m" into T; returns
 * tree_read's status, its message in WHY. */
static int read_bytes(const char *text, size_t len, struct tree *t, char *why, size_t whylen)
{
	FILE *f = fmemopen((void *)text, len ? len : strlen(text), "r");
	int rc = tree_read(f, "m", t, why, whylen);
	fclose(f);
	return rc;
}

static int read_text(const char *text, struct tree *t)
{
	char why[512];

	return read_bytes(text, 0, t, why, sizeof why);
}

#define H0 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" /* sha256("") */
#define HZ "594e519ae499312b29433b7dd8a97ff068defcba9755b6d5d00e84c524d67b06" /* sha256("z") */
#define DIR1 "d\t-\t-\tdir\n"

/* One manifest the writer cannot have written: refused, naming "m:LINE:" and a reason that
 * contains WORD. */
static void refused(const char *text, size_t len, int line, const char *word, const char *what)
{
	char why[512], want[32], msg[640];
	struct tree t;
	int rc = read_bytes(text, len, &t, why, sizeof why);

	if (rc == 0)
		tree_free(&t);
	snprintf(want, sizeof want, "m:%d: ", line);
	snprintf(msg, sizeof msg, "refused, naming line %d: %s", line, what);
	ok(rc < 0 && strncmp(why, want, strlen(want)) == 0 && strstr(why + strlen(want), word), msg);
	if (rc == 0)
		printf("#   accepted\n");
	else if (strncmp(why, want, strlen(want)) != 0 || !strstr(why + strlen(want), word))
		printf("#   got: %s\n#   want: %s...%s\n", why, want, word);
}

static void test_manifest_strict(void)
{
	static const struct { const char *line, *word, *what; } bad[] = {
		{ "f\t-5x\t" H0 "\tdir/a\n", "size", "a size with a sign and junk (-5x)" },
		{ "f\t+1024\t" H0 "\tdir/a\n", "size", "a size with a plus sign" },
		{ "f\t 12\t" H0 "\tdir/a\n", "size", "a size with a leading blank" },
		{ "f\t007\t" H0 "\tdir/a\n", "size", "a size with leading zeros" },
		{ "f\t12abc\t" H0 "\tdir/a\n", "size", "a size with trailing junk" },
		{ "f\t99999999999999999999\t" H0 "\tdir/a\n", "size", "a size beyond long long" },
		{ "f\t0\tzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\tdir/a\n", "hash",
		  "a hash of 64 characters that are not hex" },
		{ "f\t0\tE3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\tdir/a\n", "hash",
		  "an upper-case hash" },
		{ "f\t0\te3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\tdir/a\n", "hash",
		  "a hash of 63 digits" },
		{ "f\t0\t-\tdir/a\n", "hash", "a file without a hash" },
		{ "f\t0\t" H0 "\tdir/a\textra\n", "fields", "an extra field on a file" },
		{ "f\t0\t" H0 "\tdir/a\tx\ty\n", "fields", "two extra fields" },
		{ "f\t\t0\t" H0 "\tdir/a\n", "fields", "an empty field (not merged with the next)" },
		{ "d\t5\t-\tdir/b\n", "size", "a directory with a size" },
		{ "d\t-\t" H0 "\tdir/b\n", "hash", "a directory with a hash" },
		{ "o\t5\t-\tdir/b\n", "size", "an other with a size" },
		{ "l\t1\t" HZ "\tdir/l\n", "fields", "a symlink without a target" },
		{ "l\t2\t" HZ "\tdir/l\tz\n", "size", "a symlink whose size is not its target's length" },
		{ "l\t1\t" H0 "\tdir/l\tz\n", "SHA-256", "a symlink whose hash is not its target's" },
		{ "l\t0\t" H0 "\tdir/l\t\n", "empty", "a symlink with an empty target" },
		{ DIR1, "again", "a duplicate line" },
		{ "f\t0\t" H0 "\tcat\n", "order", "a path out of order" },
		{ "f\t0\t" H0 "\t/etc/passwd\n", "relative", "an absolute path" },
		{ "f\t0\t" H0 "\tdir/../x\n", "relative", "a .. component" },
		{ "f\t0\t" H0 "\t./x\n", "relative", "a . component" },
		{ "f\t0\t" H0 "\tdir//x\n", "relative", "an empty component" },
		{ "f\t0\t" H0 "\tdir/\n", "relative", "a trailing slash" },
		{ "f\t0\t" H0 "\t\n", "relative", "an empty path" },
		{ "f\t0\t" H0 "\tnew/a\n", "parent", "an entry whose directory is not listed" },
		{ "f\t0\t" H0 "\tdir/a", "newline", "a last line without its newline (truncated)" },
		{ "\n", "fields", "an empty line" },
		{ "x\t0\t" H0 "\tdir/a\n", "type", "an unknown type" },
		{ "ff\t0\t" H0 "\tdir/a\n", "type", "a type of two letters" },
		{ "f\t0\t" H0 "\n", "fields", "too few fields" },
		{ "f\t0\t" H0 "\tbad\\qescape\n", "escape", "a bad escape" },
	};
	char text[1024], why[512];
	struct tree t;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, "%s%s", DIR1, bad[i].line);
		refused(text, 0, 2, bad[i].word, bad[i].what);
	}
	refused("f\t0\t" H0 "\te\nf\t0\t" H0 "\te/a\n", 0, 2, "parent",
		"an entry below a file");
	refused(DIR1 "f\t0\t" H0 "\tdir/a\0junk\n", sizeof DIR1 "f\t0\t" H0 "\tdir/a\0junk\n" - 1, 2,
		"NUL", "a NUL byte in a line");
	refused(DIR1 "f\t-1\t" H0 "\tdir/a\nf\t+1\t" H0 "\tdir/b\n", 0, 2, "'-1'",
		"the first of two bad lines");

	ok(read_bytes("", 0, &t, why, sizeof why) == 0 && t.n == 0, "an empty manifest (empty tree) is read");
	tree_free(&t);
	ok(read_text(DIR1 "d\t-\t-\tdir-2\n" "f\t12345678901\t" H0 "\tdir/a b\r\n" "l\t1\t" HZ "\tdir/b\tz\n"
		     "o\t0\t-\tdir/fifo\n" "f\t0\t" H0 "\tdir/x\\\\y\n", &t) == 0 && t.n == 6,
	   "every type, a big size, a CR and an escaped backslash in names; \"dir-2\" sorts before \"dir/a\"");
	tree_free(&t);
}

static void test_manifest(void)
{
	const char *h = H0;
	char text[1024], out[1024];
	struct tree a, b;
	FILE *f;

	snprintf(text, sizeof text,
		 "d\t-\t-\tdir with space\n"
		 "l\t1\t%s\tlink\tz\n"
		 "f\t3\t%s\ttab\\there\n"
		 "f\t0\t%s\tz\n", HZ, h, h);
	ok(read_text(text, &a) == 0 && a.n == 4, "a manifest parses");
	ok(a.n == 4 && strcmp(a.e[0].path, "dir with space") == 0 && strcmp(a.e[3].path, "z") == 0,
	   "entries keep their (sorted) order");
	ok(a.n == 4 && strcmp(a.e[2].path, "tab\there") == 0, "\\t in a path is unescaped");
	f = fmemopen(out, sizeof out, "w");
	tree_write(f, &a);
	fclose(f);
	ok(strcmp(out, text) == 0, "writing what was read gives the same bytes");
	ok(read_text(out, &b) == 0 && b.n == 4 && tree_diff(&a, &b, 10, count, NULL) == 0,
	   "write then read gives the same tree");
	tree_free(&b);

	snprintf(text, sizeof text,
		 "f\t0\t%s\tdir with space\n"
		 "l\t1\t%s\tlink\ty\n"
		 "f\t4\t%s\ttab\\there\n"
		 "f\t0\t%s\tx-extra\n"
		 "f\t0\t%s\tz\n", h, "a1fce4363854ff888cff4b8e7875d600c2682390412a8cf79b37d0b11148b0fa",
		 h, h, h);
	ok(read_text(text, &b) == 0, "a second manifest parses");
	ndiff = 0;
	ok(tree_diff(&a, &b, 10, count, NULL) == 4 && ndiff == 4,
	   "tree_diff finds a type change, a size change, a link change and an extra entry");
	ok(strncmp(first, "type differs dir with space", 27) == 0, "the first difference is named");
	tree_free(&b);
	tree_free(&a);
}

int main(void)
{
	test_parse_size();
	test_parse_numbers();
	test_quantile();
	test_set_why();
	test_csv_put();
	test_json_string();
	test_tools();
	test_resolver();
	test_manifest();
	test_manifest_strict();
	printf("1..%d\n", n);
	return failed != 0;
}
