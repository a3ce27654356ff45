/* Runs one row of a case table (in the case's own child process). */
#ifndef MT_CASE_EXEC_H
#define MT_CASE_EXEC_H

#include "case_table.h"
#include "conventions.h"
#include "result.h"

enum mt_profile { MT_STRICT, MT_LENIENT };

void mt_case_exec(const struct mt_case *c, int idx, enum mt_profile profile, struct mt_result *r);

#endif
