/* describe.h — `build/extract-METHOD --describe`: a driver says what it is (describe.c). */
#ifndef SHELLOUT_DESCRIBE_H
#define SHELLOUT_DESCRIBE_H

#include "driver.h"

/* The kind of driver D, the word the records and --describe use: "spawning" or "in-process". */
const char *driver_kind(const struct driver *d);

/* If ARGV holds --describe (before any "--"), prints this driver's description and exits 0, or
 * exits with a usage error (2) when any other argument is given beside it; else returns. */
void describe_if_asked(int argc, char **argv);

#endif
