// SPDX-License-Identifier: GPL-2.0
/* Class names, from the one list in console_classes.h. */
#include "engine.h"

#include <string.h>

static const struct {
	const char *name, *what;
} classes[CC_CLASS_COUNT] = {
#define CC_X(id, name, what) [CC_##id] = { name, what },
	CC_CLASSES(CC_X)
#undef CC_X
};

const char *cc_class_name(enum cc_class klass)
{
	if ((unsigned)klass >= CC_CLASS_COUNT)
		return "?";
	return classes[klass].name;
}

const char *cc_class_what(enum cc_class klass)
{
	if ((unsigned)klass >= CC_CLASS_COUNT)
		return "?";
	return classes[klass].what;
}

int cc_class_from_name(const char *name, enum cc_class *out)
{
	for (int k = 0; k < CC_CLASS_COUNT; k++) {
		if (strcmp(name, classes[k].name) == 0) {
			*out = (enum cc_class)k;
			return 0;
		}
	}
	return -1;
}
