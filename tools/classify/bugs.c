// SPDX-License-Identifier: GPL-2.0
/*
 * The bug class of a finding: the first row of bugs.def whose class is the
 * finding's and whose glob is in its first line. A table, not code, so
 * that refining a class (a new KASAN bug type) is one line of data.
 */
#include "engine.h"

#include <string.h>

static const struct {
	enum cc_class klass;
	const char *glob;
	enum mt_bug bug;
} rows[] = {
#define BUG(klass, glob, bug) { CC_##klass, glob, MT_BUG_##bug },
#include "bugs.def"
#undef BUG
};

enum mt_bug bug_of(enum cc_class klass, const char *first_line)
{
	struct view l = { first_line, strlen(first_line) };

	for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
		if (rows[k].klass == klass && glob_anywhere(rows[k].glob, l))
			return rows[k].bug;
	return MT_BUG_OTHER;
}
