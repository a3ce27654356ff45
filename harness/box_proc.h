/* The box as /proc/dm510_msgbox shows it. */
#ifndef MT_BOX_PROC_H
#define MT_BOX_PROC_H

#include <stdbool.h>
#include <stdio.h>

struct mt_box {
	bool present; /* false: the implementation has no /proc file */
	long messages, bytes, overhead;
	long max_msg_len, max_total, max_msgs;
	long puts, gets, errors;
};

#define MT_BOX_PROC "/proc/dm510_msgbox"

/* Parse the text of the /proc file; false if a field is missing. */
bool mt_box_parse(const char *text, struct mt_box *box);
/* Read MT_BOX_PROC; box->present is false when it cannot be read. */
void mt_box_read(struct mt_box *box);
/* "messages 3, bytes 120" style, for reports. */
void mt_box_format(const struct mt_box *box, char *out, size_t n);

#endif
