/* The model of one case's box (case_model.h). */
#include "case_model.h"

#include <string.h>

#include "conventions.h"

void mt_model_push(struct model *m, long len, uint32_t writer, uint32_t seq)
{
	if (m->n < MT_MAX_SETUP)
		m->m[m->n++] = (struct msg_id){ len, writer, seq };
	else
		m->overflow = true;
}

int mt_model_next(const struct model *m)
{
	return !m->n ? -1 : mt_conv.fifo ? 0 : m->n - 1;
}

int mt_model_find(const struct model *m, long len, uint32_t writer, uint32_t seq)
{
	for (int i = m->n - 1; i >= 0; i--)
		if (m->m[i].len == len && m->m[i].writer == writer && m->m[i].seq == seq)
			return i;
	return -1;
}

void mt_model_remove(struct model *m, int i)
{
	memmove(&m->m[i], &m->m[i + 1], (size_t)(m->n - 1 - i) * sizeof(m->m[0]));
	m->n--;
}

int mt_model_which(const struct model *m, const void *buf, long len, enum mt_payload_verdict *v, uint32_t *writer,
		   uint32_t *seq)
{
	size_t bad;

	*v = mt_payload_check(buf, (size_t)len, writer, seq, &bad);
	return *v == MT_PAYLOAD_OK ? mt_model_find(m, len, *writer, *seq) : -1;
}
