/* tool.c — the registry of spawnable tools and the one resolver that finds them (tool.h).  To
 * add a tool, add one entry to `tools` below: its command, the packages that provide it, how it
 * prints its version and its argument templates; every spawning driver and script gains it. */
#define _GNU_SOURCE
#include "tool.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* 7-Zip's switches: x = extract with paths, -y = assume yes (never prompt), -bd = no progress
 * meter, -o{dir} = output directory (attached, so it cannot be split), -- = end of switches, so
 * an archive called "-ofoo.7z" is a file name.  -so/-si stream the tar through stdout/stdin.
 * -snld: without it 7-Zip refuses every symlink whose target holds "..", even one that stays
 * inside the tree (it leaves an empty file instead), so the tree would differ from the source;
 * with it, such links are made and links that leave OUTDIR are still refused (measured with
 * 7-Zip 26.02; tests/60-hostile.t checks that nothing is ever written outside OUTDIR).
 * -spd: no wildcard matching, so an archive named "x?.7z" is that one file, not a pattern.
 * Run without arguments, 7-Zip prints its banner (the version) and its usage. */
#define SEVENZIP_TOOL(NAME, COMMAND, UNWRAPS, ARGV0, PACKAGES)                           \
	{                                                                                \
		.name = NAME, .command = COMMAND, .unwraps = UNWRAPS, .packages = PACKAGES,  \
		.version = { NULL },                                                     \
		.extract = { ARGV0, "x", "-y", "-bd", "-snld", "-spd", "-o{O}", "--", "{A}" }, \
		.unpack = { ARGV0, "x", "-so", "-bd", "-spd", "--", "{A}" },                  \
		.untar = { ARGV0, "x", "-si", "-ttar", "-y", "-bd", "-snld", "-o{O}" },  \
	}

/* Debian 12: 7z is p7zip's (p7zip-full), 7zz 7-Zip's (7zip).  Debian 13: p7zip-full is only a
 * transitional package; 7z comes from 7zip and 7zz from 7zip-standalone.  Ubuntu 24.04: 7zip
 * has both.  Where 7z or 7zz is a wrapper script (Debian's 7z always; Debian 13's 7zz too), the
 * -bin tool runs the binary it execs, with argv[0] its path, as the wrapper does. */
#define P7Z "debian:12=p7zip-full debian:13=7zip ubuntu:24.04=7zip 7zip|p7zip-full"
#define P7ZZ "debian:12=7zip debian:13=7zip-standalone ubuntu:24.04=7zip 7zip-standalone|7zip"
static const struct tool tools[] = {
	SEVENZIP_TOOL("7z", "7z", NULL, "7z", P7Z),
	SEVENZIP_TOOL("7zz", "7zz", NULL, "7zz", P7ZZ),
	SEVENZIP_TOOL("7z-bin", "7z", "7z", "{P}", P7Z),
	SEVENZIP_TOOL("7zz-bin", "7zz", "7zz", "{P}", P7ZZ),
	/* bsdtar reads every format and filter itself; -f and -C take the next argument as their
	 * value whatever it looks like.  --no-same-owner: root would otherwise chown every file,
	 * work 7-Zip and the in-process driver do not do.  --no-fflags, --no-xattrs, --no-acls: as
	 * root bsdtar restores file flags (an immutable file could not be removed from OUTDIR
	 * again), extended attributes (security.capability: a program with cap_setuid is as good
	 * as setuid root) and ACLs, none of which 7-Zip or the in-process driver restores. */
	{
		.name = "bsdtar", .command = "bsdtar", .packages = "libarchive-tools",
		.version = { "--version" },
		.extract = { "bsdtar", "-x", "--no-same-owner", "--no-fflags", "--no-xattrs",
			     "--no-acls", "-f", "{A}", "-C", "{O}" },
	},
	/* Process creation alone: nothing is extracted. */
	{
		.name = "true", .command = "true", .packages = "coreutils",
		.version = { "--version" },
		.extract = { "true" },
	},
};
#define NTOOLS (sizeof tools / sizeof tools[0])

const struct tool *tool_find(const char *name)
{
	for (size_t i = 0; i < NTOOLS; i++)
		if (strcmp(tools[i].name, name) == 0)
			return &tools[i];
	return NULL;
}

void tool_names(char *buf, unsigned len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NTOOLS && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", tools[i].name);
}

const struct tool *tool_at(size_t i)
{
	return i < NTOOLS ? &tools[i] : NULL;
}

void tool_override_var(const struct tool *t, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "SHELLOUT_TOOL_");

	for (const char *p = t->name; *p && n + 1 < len; p++)
		buf[n++] = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_';
	if (n < len)
		buf[n] = '\0';
}

/* Reads KEY's value from the os-release file into BUF (quotes removed); "" if absent. */
static void os_release(const char *key, char *buf, size_t len)
{
	static const char *const files[] = { "/etc/os-release", "/usr/lib/os-release" };
	char line[512];
	size_t klen = strlen(key);

	buf[0] = '\0';
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		FILE *in = fopen(files[f], "re");

		if (!in)
			continue;
		while (fgets(line, sizeof line, in)) {
			char *v = line + klen + 1;

			if (strncmp(line, key, klen) != 0 || line[klen] != '=')
				continue;
			v[strcspn(v, "\n")] = '\0';
			if (*v == '"' || *v == '\'') {
				size_t n = strlen(v);
				if (n >= 2 && v[n - 1] == *v)
					v[n - 1] = '\0';
				v++;
			}
			snprintf(buf, len, "%s", v);
			break;
		}
		fclose(in);
		return;
	}
}

void tool_package(const struct tool *t, char *buf, size_t len)
{
	char id[64], ver[64], want[160];
	const char *p = t->packages, *dflt = NULL;

	os_release("ID", id, sizeof id);
	os_release("VERSION_ID", ver, sizeof ver);
	snprintf(want, sizeof want, "%s:%s=", id, ver);
	while (*p) {
		size_t n = strcspn(p, " ");
		const char *eq = memchr(p, '=', n);

		if (eq && (size_t)(eq + 1 - p) == strlen(want) && strncmp(p, want, strlen(want)) == 0) {
			snprintf(buf, len, "%.*s", (int)(p + n - eq - 1), eq + 1);
			return;
		}
		if (!eq)
			dflt = p;
		p += n;
		p += strspn(p, " ");
	}
	snprintf(buf, len, "%.*s", dflt ? (int)strcspn(dflt, " ") : 1, dflt ? dflt : "?");
}

/* True when PATH is a regular file we may execute. */
static bool executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Looks COMMAND up as execvp(3) would: as it is if it holds a '/', else in each element of PATH
 * (confstr's default when PATH is unset; an empty element is the working directory).  Writes
 * the absolute path into OUT (PATH_MAX bytes); returns 0, or -1. */
static int search_path(const char *command, char *out)
{
	char cwd[PATH_MAX], dflt[256];
	const char *path = getenv("PATH"), *p;

	if (!getcwd(cwd, sizeof cwd))
		cwd[0] = '\0';
	if (strchr(command, '/')) {
		if (!executable(command))
			return -1;
		if (command[0] == '/')
			return snprintf(out, PATH_MAX, "%s", command) < PATH_MAX ? 0 : -1;
		return cwd[0] && snprintf(out, PATH_MAX, "%s/%s", cwd, command) < PATH_MAX ? 0 : -1;
	}
	if (!path) {
		if (confstr(_CS_PATH, dflt, sizeof dflt) == 0)
			snprintf(dflt, sizeof dflt, "/bin:/usr/bin");
		path = dflt;
	}
	for (p = path;; p++) {
		size_t n = strcspn(p, ":");
		int w;

		if (n == 0)
			w = snprintf(out, PATH_MAX, "%s/%s", cwd, command);
		else if (p[0] == '/')
			w = snprintf(out, PATH_MAX, "%.*s/%s", (int)n, p, command);
		else
			w = snprintf(out, PATH_MAX, "%s/%.*s/%s", cwd, (int)n, p, command);
		/* an empty or relative element means nothing without a working directory */
		if (w > 0 && w < PATH_MAX && ((n > 0 && p[0] == '/') || cwd[0]) && executable(out))
			return 0;
		p += n;
		if (!*p)
			return -1;
	}
}

const char *tool_kind_word(enum tool_kind k)
{
	return k == TOOL_ELF ? "elf" : k == TOOL_SCRIPT ? "script" : "other";
}

/* Copies the next word of *S (quotes removed, none of its own) into OUT; returns its length. */
static size_t next_word(const char **s, char *out, size_t len)
{
	const char *p = *s + strspn(*s, " \t");
	size_t n = 0;
	char q = (*p == '"' || *p == '\'') ? *p++ : 0;

	while (*p && *p != '\n' && (q ? *p != q : (*p != ' ' && *p != '\t'))) {
		if (n + 1 < len)
			out[n++] = *p;
		p++;
	}
	out[n] = '\0';
	*s = p + (q && *p == q);
	return n;
}

enum tool_kind tool_inspect(const char *path, char *interp, char *target)
{
	char head[8192], word[PATH_MAX];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	interp[0] = target[0] = '\0';
	if (fd < 0)
		return TOOL_OTHER;
	n = read(fd, head, sizeof head - 1);
	close(fd);
	if (n < 4)
		return TOOL_OTHER;
	head[n] = '\0';
	if (memcmp(head, "\177ELF", 4) == 0)
		return TOOL_ELF;
	if (memcmp(head, "#!", 2) != 0)
		return TOOL_OTHER;
	{
		const char *s = head + 2;
		next_word(&s, interp, PATH_MAX);
	}
	/* What a wrapper execs: the first line that reads "exec /absolute/path ...".  A script that
	 * computes its target is still a script; its target is then left unknown. */
	for (const char *line = strchr(head, '\n'); line; line = strchr(line + 1, '\n')) {
		const char *s = line + 1;

		next_word(&s, word, sizeof word);
		if (strcmp(word, "exec") != 0)
			continue;
		if (next_word(&s, word, sizeof word) > 0 && word[0] == '/' && executable(word)) {
			snprintf(target, PATH_MAX, "%s", word);
			break;
		}
	}
	return TOOL_SCRIPT;
}

/* Fills W's kind, interpreter and target from W->path. */
static void inspect_where(struct tool_where *w)
{
	char ignored[PATH_MAX];

	w->kind = tool_inspect(w->path, w->interp, w->target);
	w->target_kind = w->target[0] ? tool_inspect(w->target, ignored, ignored) : TOOL_OTHER;
}

int tool_resolve(const struct tool *t, struct tool_where *w, char *why, size_t whylen)
{
	char var[64], pkg[128];
	const char *over, *path = getenv("PATH");

	memset(w, 0, sizeof *w);
	tool_override_var(t, var, sizeof var);
	tool_package(t, pkg, sizeof pkg);
	over = getenv(var);
	if (over && *over) {
		if (search_path(over, w->path) < 0)
			return set_why(why, whylen, "tool %s: %s=%s is not an executable file%s%s "
					"(unset it to look %s up on PATH)", t->name, var, over,
					strchr(over, '/') ? "" : " on PATH=", strchr(over, '/') ? "" :
					(path ? path : "(unset)"), t->command);
	} else if (t->unwraps) {
		const struct tool *wrapper = tool_find(t->unwraps);
		struct tool_where ww;

		if (!wrapper || tool_resolve(wrapper, &ww, why, whylen) < 0)
			return -1;
		if (ww.kind == TOOL_SCRIPT && ww.target[0] && ww.target_kind == TOOL_ELF)
			memcpy(w->path, ww.target, sizeof w->path);
		else if (ww.kind == TOOL_ELF)
			memcpy(w->path, ww.path, sizeof w->path);
		else
			return set_why(why, whylen, "tool %s: %s (%s) is a %s that execs no binary it "
					"names plainly; set %s to the binary", t->name, wrapper->name,
					ww.path, tool_kind_word(ww.kind), var);
	} else if (search_path(t->command, w->path) < 0) {
		for (char *bar; (bar = strchr(pkg, '|'));) /* "A|B": either */
			*bar = '/';
		return set_why(why, whylen, "tool %s not found: no executable '%s' in PATH=%s (set %s "
				"to a program to use another; package %s provides it here)", t->name,
				t->command, path ? path : "(unset)", var, pkg);
	}
	inspect_where(w);
	return 0;
}

bool tool_is_compressed_tar(const char *archive)
{
	static const char *const suffixes[] = {
		".tar.gz", ".tgz", ".taz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz", ".tb2",
		".tar.zst", ".tzst", ".tar.lzma", ".tlz", ".tar.lz", ".tar.lz4", ".tar.Z",
	};
	size_t n = strlen(archive);

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && strcasecmp(archive + n - s, suffixes[i]) == 0)
			return true;
	}
	return false;
}

/* Returns a new string: TEMPLATE with each "{A}" replaced by A, "{O}" by O and "{P}" by P. */
static char *expand(const char *tmpl, const char *a, const char *o, const char *p)
{
	const char *vals[3] = { a, o, p };
	size_t cap = strlen(tmpl) + 1, len = 0;
	char *out;

	for (const char *s = tmpl; *s; s++) {
		const char *k = s[0] == '{' && s[1] && s[2] == '}' ? strchr("AOP", s[1]) : NULL;
		if (k && *k)
			cap += strlen(vals[k - "AOP"]);
	}
	if (!(out = malloc(cap)))
		return NULL;
	for (const char *s = tmpl; *s;) {
		const char *k = s[0] == '{' && s[1] && s[2] == '}' ? strchr("AOP", s[1]) : NULL;
		if (k && *k) {
			const char *v = vals[k - "AOP"];
			memcpy(out + len, v, strlen(v));
			len += strlen(v);
			s += 3;
		} else {
			out[len++] = *s++;
		}
	}
	out[len] = '\0';
	return out;
}

static int fill(char **argv, const char *const *tmpl, const char *a, const char *o,
		const char *p)
{
	int i;

	for (i = 0; i < TOOL_MAX_ARGS - 1 && tmpl[i]; i++)
		if (!(argv[i] = expand(tmpl[i], a, o, p)))
			return -1;
	argv[i] = NULL;
	return 0;
}

int tool_plan_make(struct tool_plan *plan, const struct tool *t, const char *path,
		   const char *archive, const char *outdir)
{
	memset(plan, 0, sizeof *plan);
	plan->tool = t;
	plan->path = path;
	if (t->unpack[0] && tool_is_compressed_tar(archive)) {
		plan->nsteps = 2;
		if (fill(plan->argv[0], t->unpack, archive, outdir, path) < 0 ||
		    fill(plan->argv[1], t->untar, archive, outdir, path) < 0)
			goto oom;
	} else {
		plan->nsteps = 1;
		if (fill(plan->argv[0], t->extract, archive, outdir, path) < 0)
			goto oom;
	}
	return 0;
oom:
	tool_plan_free(plan);
	errno = ENOMEM;
	return -1;
}

void tool_plan_free(struct tool_plan *plan)
{
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < TOOL_MAX_ARGS && plan->argv[s][i]; i++)
			free(plan->argv[s][i]);
	memset(plan, 0, sizeof *plan);
}

/* ---- reports: what build/tool-info and --describe print about a tool ------------------------ */

extern char **environ;

static volatile pid_t version_pid;

static void on_alarm(int sig)
{
	(void)sig;
	if (version_pid > 0)
		kill(version_pid, SIGKILL);
}

/* Runs PATH with T's version arguments (stdin /dev/null, stdout and stderr into a pipe, killed
 * after 10 s) and writes the first non-empty line it printed, up to " : " (7-Zip's banner goes
 * on with its copyright), into OUT; "" if it printed nothing or could not run. */
static void tool_version(const struct tool *t, const char *path, char *out, size_t len)
{
	char *argv[TOOL_MAX_ARGS] = { (char *)path };
	char text[16384];
	size_t used = 0;
	posix_spawn_file_actions_t fa;
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	int pfd[2], st;
	pid_t pid;

	out[0] = '\0';
	for (int i = 0; i < TOOL_MAX_ARGS - 2 && t->version[i]; i++)
		argv[i + 1] = (char *)t->version[i];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	st = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (st != 0) {
		close(pfd[0]);
		return;
	}
	version_pid = pid;
	sigaction(SIGALRM, &sa, &old);
	alarm(10);
	for (;;) {
		ssize_t n = read(pfd[0], text + used, sizeof text - 1 - used);
		if (n > 0 && (used += (size_t)n) < sizeof text - 1)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		break; /* EOF, an error, or enough text */
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	version_pid = 0;
	text[used] = '\0';
	for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		char *end;

		line += strspn(line, " \t");
		if (!*line)
			continue;
		if ((end = strstr(line, " : ")))
			*end = '\0';
		for (char *c = line; *c; c++)
			if (*c == '\t' || (unsigned char)*c < 0x20)
				*c = ' ';
		for (end = line + strlen(line); end > line && end[-1] == ' ';)
			*--end = '\0';
		snprintf(out, len, "%s", line);
		return;
	}
}

/* The columns of build/tool-info and the keys of --describe's tools, in this order. */
const char *const tool_field_names[TOOL_NFIELDS] = {
	"name", "command", "path", "kind", "interpreter", "target", "target_kind", "unwraps",
	"version", "package", "override", "status", "packages",
};

void tool_report(const struct tool *t, struct tool_report *r)
{
	struct tool_where *w = &r->where;
	bool found = tool_resolve(t, w, r->why, sizeof r->why) == 0;
	const char **f = r->field;

	tool_override_var(t, r->override, sizeof r->override);
	tool_package(t, r->package, sizeof r->package);
	r->version[0] = '\0';
	if (found)
		tool_version(t, w->path, r->version, sizeof r->version);
	r->found = found;
	f[0] = t->name;
	f[1] = t->command;
	f[2] = found ? w->path : "";
	f[3] = found ? tool_kind_word(w->kind) : "";
	f[4] = found ? w->interp : "";
	f[5] = found ? w->target : "";
	f[6] = found && w->target[0] ? tool_kind_word(w->target_kind) : "";
	f[7] = t->unwraps ? t->unwraps : "";
	f[8] = r->version;
	f[9] = r->package;
	f[10] = r->override;
	f[11] = found ? "ok" : r->why;
	f[12] = t->packages;
}
