/* Names of the oracles and bug classes: see mt_finding.h. */
#include "mt_finding.h"

#include <string.h>

static const struct {
	const char *name, *what;
} oracles[] = {
#define MT_X(id, name, what) { name, what },
	MT_ORACLES(MT_X)
#undef MT_X
};

static const struct {
	const char *name;
	int severity;
	const char *words;
} bugs[] = {
#define MT_X(id, name, sev, words) { name, sev, words },
	MT_BUGS(MT_X)
#undef MT_X
};

const char *mt_oracle_name(enum mt_oracle o)
{
	return (unsigned)o < MT_OR_COUNT ? oracles[o].name : "?";
}

const char *mt_oracle_what(enum mt_oracle o)
{
	return (unsigned)o < MT_OR_COUNT ? oracles[o].what : "?";
}

int mt_oracle_from_name(const char *name, enum mt_oracle *out)
{
	for (int i = 0; i < MT_OR_COUNT; i++)
		if (!strcmp(oracles[i].name, name)) {
			*out = (enum mt_oracle)i;
			return 0;
		}
	return -1;
}

const char *mt_bug_name(enum mt_bug b)
{
	return (unsigned)b < MT_BUG_COUNT ? bugs[b].name : "?";
}

const char *mt_bug_words(enum mt_bug b)
{
	return (unsigned)b < MT_BUG_COUNT ? bugs[b].words : "?";
}

int mt_bug_severity(enum mt_bug b)
{
	return (unsigned)b < MT_BUG_COUNT ? bugs[b].severity : -1;
}

int mt_bug_from_name(const char *name, enum mt_bug *out)
{
	for (int i = 0; i < MT_BUG_COUNT; i++)
		if (!strcmp(bugs[i].name, name)) {
			*out = (enum mt_bug)i;
			return 0;
		}
	return -1;
}

bool mt_bug_strict_only(enum mt_bug b)
{
	return !strncmp(mt_bug_words(b), "strict-only:", 12);
}

bool mt_bug_not_a_symptom(enum mt_bug b)
{
	return b == MT_BUG_RACE || b == MT_BUG_BLOCKS_CALLERS || b == MT_BUG_NO_BOX_BOUND || b == MT_BUG_NO_LENGTH_BOUND;
}

enum mt_bug mt_bug_worse(enum mt_bug a, enum mt_bug b)
{
	return mt_bug_severity(b) > mt_bug_severity(a) ? b : a;
}
