/*
 * The model of one case's box: the messages it should hold, bottom first,
 * by identity (length, writer, sequence number: lib/payload.c). The setup,
 * the call kinds and the contents oracle keep it; nothing here judges.
 */
#ifndef MT_CASE_MODEL_H
#define MT_CASE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "payload.h"

#define MT_MAX_SETUP 4096 /* setup messages we remember */

struct msg_id {
	long len;
	uint32_t writer, seq;
};

struct model {
	struct msg_id m[MT_MAX_SETUP + 1];
	int n;
	bool overflow; /* more than we track: contents not compared */
};

void mt_model_push(struct model *m, long len, uint32_t writer, uint32_t seq);
/* The index of the message a get takes next (the top; the oldest where the
 * box is a queue), of the message with this identity, -1 if none; remove
 * one. */
int mt_model_next(const struct model *m);
int mt_model_find(const struct model *m, long len, uint32_t writer, uint32_t seq);
void mt_model_remove(struct model *m, int i);
/*
 * Which message of the model a get returned in the first @len bytes of
 * @buf: its index, or -1 when the bytes name none of them (anonymous,
 * corrupted, or a message the box should not hold). What the bytes say
 * goes to @v, @writer and @seq, for the report.
 */
int mt_model_which(const struct model *m, const void *buf, long len, enum mt_payload_verdict *v, uint32_t *writer,
		   uint32_t *seq);

#endif
