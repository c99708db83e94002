/* ballast.c — see ballast.h. */
#define _GNU_SOURCE
#include "ballast.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_2M (2u << 20)

/* AnonHugePages of this process, from smaps_rollup; -1 if unknown. */
static long anon_huge_kb(void)
{
	return proc_field_at(AT_FDCWD, "/proc/self/smaps_rollup", "AnonHugePages");
}

int ballast_make(struct ballast *b, uint64_t size, bool thp, char *why, size_t whylen)
{
	long avail_kb = proc_field_at(AT_FDCWD, "/proc/meminfo", "MemAvailable");
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *p;

	memset(b, 0, sizeof *b);
	b->size = size;
	b->thp = thp;
	b->rss_kb = proc_status_kb(0, "VmRSS");
	b->huge_kb = anon_huge_kb();
	if (size == 0)
		return 0;
	/* Never risk the OOM killer: the harness must not take the machine (or itself) down. */
	if (avail_kb >= 0 && size / 1024 > (uint64_t)avail_kb) {
		errno = ENOMEM;
		return set_why(why, whylen, "ballast of %llu MiB exceeds MemAvailable (%ld MiB)",
			       (unsigned long long)(size >> 20), avail_kb >> 10);
	}
	/* Over-map by 2 MiB so that a huge-page-aligned range of SIZE bytes lies inside. */
	b->len = (size_t)size + (thp ? HUGE_2M : 0);
	p = mmap(NULL, b->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return set_why(why, whylen, "mmap of %llu bytes:", (unsigned long long)size);
	b->base = p;
	/* Decide huge pages explicitly, so results do not depend on the machine's THP default. */
	if (madvise(p, b->len, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) < 0 && thp) {
		set_why(why, whylen, "madvise(MADV_HUGEPAGE):");
		munmap(p, b->len);
		b->base = NULL;
		return -1;
	}
	if (thp)
		p = (unsigned char *)(((uintptr_t)p + HUGE_2M - 1) & ~(uintptr_t)(HUGE_2M - 1));
	/* Non-zero writes: every page becomes private, resident and anonymous. */
	for (size_t off = 0; off < size; off += (size_t)page)
		p[off] = (unsigned char)(1 + (off >> 12));
	b->rss_kb = proc_status_kb(0, "VmRSS");
	b->huge_kb = anon_huge_kb();
	return 0;
}
