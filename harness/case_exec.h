/* Runs one row of a case table (in the case's own child process). */
#ifndef MT_CASE_EXEC_H
#define MT_CASE_EXEC_H

#include "case_table.h"

enum mt_status { MT_PASS, MT_FAIL, MT_SKIP };
enum mt_profile { MT_STRICT, MT_LENIENT };

struct mt_result {
	enum mt_status status;
	char call[192];     /* the call that decided, e.g. "get(buf=NULL, len=16)" */
	char expected[192];
	char got[192];
	char detail[768];
};

/* Writer id of messages the setup puts (cases use their index). */
#define MT_SETUP_WRITER 0xfffff

void mt_case_exec(const struct mt_case *c, int idx, enum mt_profile profile, struct mt_result *r);
/* Empty the box (get until -ENODATA); returns messages removed or -errno. */
long mt_box_drain(void);
const char *mt_status_name(enum mt_status s);

#endif
