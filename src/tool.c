/* tool.c — the registry of spawnable tools.  To add a tool, add one entry to `tools` below: its
 * executable, its Debian package and its argument templates; every spawning driver gains it. */
#define _GNU_SOURCE
#include "tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 7-Zip's switches: x = extract with paths, -y = assume yes (never prompt), -bd = no progress
 * meter, -o{dir} = output directory (attached, so it cannot be split), -- = end of switches, so
 * an archive called "-ofoo.7z" is a file name.  -so/-si stream the tar through stdout/stdin.
 * -snld: without it 7-Zip refuses every symlink whose target holds "..", even one that stays
 * inside the tree (it leaves an empty file instead), so the tree would differ from the source;
 * with it, such links are made and links that leave OUTDIR are still refused (measured with
 * 7-Zip 26.02; tests/60-hostile.t checks that nothing is ever written outside OUTDIR).
 * -spd: no wildcard matching, so an archive named "x?.7z" is that one file, not a pattern. */
#define SEVENZIP_TOOL(NAME, PATH, PKG)                                                   \
	{                                                                                \
		.name = NAME, .path = PATH, .package = PKG,                              \
		.extract = { NAME, "x", "-y", "-bd", "-snld", "-spd", "-o{O}", "--", "{A}" }, \
		.unpack = { NAME, "x", "-so", "-bd", "-spd", "--", "{A}" },                   \
		.untar = { NAME, "x", "-si", "-ttar", "-y", "-bd", "-snld", "-o{O}" },   \
	}

static const struct tool tools[] = {
	/* Debian's 7z is a shell script that execs /usr/lib/p7zip/7z (which loads 7z.so). */
	SEVENZIP_TOOL("7z", "/usr/bin/7z", "p7zip-full"),
	/* 7zz is 7-Zip's single static-ish binary. */
	SEVENZIP_TOOL("7zz", "/usr/bin/7zz", "7zip"),
	/* bsdtar reads every format and filter itself; -f and -C take the next argument as their
	 * value whatever it looks like.  --no-same-owner: root would otherwise chown every file,
	 * work 7-Zip and the in-process driver do not do. */
	{
		.name = "bsdtar", .path = "/usr/bin/bsdtar", .package = "libarchive-tools",
		.extract = { "bsdtar", "-x", "--no-same-owner", "-f", "{A}", "-C", "{O}" },
	},
	/* Process creation alone: nothing is extracted. */
	{
		.name = "true", .path = "/bin/true", .package = "coreutils",
		.extract = { "true" },
	},
};

const struct tool *tool_find(const char *name)
{
	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
		if (strcmp(tools[i].name, name) == 0)
			return &tools[i];
	return NULL;
}

void tool_names(char *buf, unsigned len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof tools / sizeof tools[0] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", tools[i].name);
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

/* Returns a new string: TEMPLATE with each "{A}" replaced by A and each "{O}" by O. */
static char *expand(const char *tmpl, const char *a, const char *o)
{
	size_t cap = strlen(tmpl) + 1, len = 0;
	char *out;

	for (const char *p = tmpl; *p; p++)
		if (p[0] == '{' && (p[1] == 'A' || p[1] == 'O') && p[2] == '}')
			cap += strlen(p[1] == 'A' ? a : o);
	if (!(out = malloc(cap)))
		return NULL;
	for (const char *p = tmpl; *p;) {
		if (p[0] == '{' && (p[1] == 'A' || p[1] == 'O') && p[2] == '}') {
			const char *v = p[1] == 'A' ? a : o;
			memcpy(out + len, v, strlen(v));
			len += strlen(v);
			p += 3;
		} else {
			out[len++] = *p++;
		}
	}
	out[len] = '\0';
	return out;
}

static int fill(char **argv, const char *const *tmpl, const char *a, const char *o)
{
	int i;

	for (i = 0; i < TOOL_MAX_ARGS - 1 && tmpl[i]; i++)
		if (!(argv[i] = expand(tmpl[i], a, o)))
			return -1;
	argv[i] = NULL;
	return 0;
}

int tool_plan_make(struct tool_plan *plan, const struct tool *t, const char *archive,
		   const char *outdir)
{
	memset(plan, 0, sizeof *plan);
	plan->tool = t;
	if (t->unpack[0] && tool_is_compressed_tar(archive)) {
		plan->nsteps = 2;
		if (fill(plan->argv[0], t->unpack, archive, outdir) < 0 ||
		    fill(plan->argv[1], t->untar, archive, outdir) < 0)
			goto oom;
	} else {
		plan->nsteps = 1;
		if (fill(plan->argv[0], t->extract, archive, outdir) < 0)
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
