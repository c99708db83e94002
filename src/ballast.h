/* ballast.h — make this process big: map and touch SIZE bytes, so that what fork() must copy
 * (page tables, and the pages themselves on write) is real resident memory. */
#ifndef SHELLOUT_BALLAST_H
#define SHELLOUT_BALLAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ballast {
	void *base;          /* the mapping, or NULL */
	size_t len;          /* its length */
	uint64_t size;       /* what was asked for */
	bool thp;
	long rss_kb;         /* VmRSS after touching */
	long huge_kb;        /* AnonHugePages after touching */
};

/* Maps SIZE bytes (MADV_HUGEPAGE when THP, else MADV_NOHUGEPAGE) and writes to every page.
 * Refuses (returns -1, errno ENOMEM, reason in WHY) a SIZE above MemAvailable.  Returns 0. */
int ballast_make(struct ballast *b, uint64_t size, bool thp, char *why, size_t whylen);

#endif
