/* The stress engine's shared log (see stress_history.h). */
#define _GNU_SOURCE
#include "stress_history.h"

#include "conventions.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "payload.h"

static size_t page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (size_t)p : 4096;
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

size_t mt_lane_size(uint32_t cap, size_t max_len)
{
	size_t pg = page_size();

	return round_up(sizeof(struct mt_lane) + (size_t)cap * sizeof(struct mt_rec), pg) +
	       round_up(max_len + pg, pg);
}

struct mt_lane *mt_lane_map(uint32_t lane, uint32_t cap, size_t max_len)
{
	size_t pg = page_size(), size = mt_lane_size(cap, max_len);
	struct mt_lane *l = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (l == MAP_FAILED)
		return NULL;
	l->cap = cap;
	l->lane = lane;
	l->size = size;
	l->getbuf_off = round_up(sizeof(struct mt_lane) + (size_t)cap * sizeof(struct mt_rec), pg);
	l->getbuf_len = (uint32_t)(size - l->getbuf_off);
	return l;
}

void mt_lane_unmap(struct mt_lane *l)
{
	if (l)
		munmap(l, l->size);
}

int mt_rec_decode_get(struct mt_rec *r, const unsigned char *p, size_t n, uint32_t my_lane)
{
	uint32_t w = 0, s = 0;
	size_t bad = 0;
	enum mt_payload_verdict v = mt_payload_check(p, n, &w, &s, &bad);

	(void)my_lane;
	r->verdict = (uint8_t)v;
	r->bad_at = (uint32_t)bad;
	switch (v) {
	case MT_PAYLOAD_OK:
		r->value = mt_value(w, s);
		break;
	case MT_PAYLOAD_ANON:
		r->value = MT_VAL_ANON;
		break;
	case MT_PAYLOAD_BAD_LEN:
	case MT_PAYLOAD_BAD_BODY:
		/* the header names the message; its bytes are wrong */
		r->value = n < MT_HDR ? MT_VAL_ANON : mt_value(w, s);
		r->flags |= MT_RECF_CORRUPT;
		break;
	default:
		r->value = MT_VAL_ANON;
		r->flags |= MT_RECF_FOREIGN;
		break;
	}
	return (int)v;
}

/* The header's length field (payload.c's format: 4 x 7 bits, top bit set). */
static int hdr_len(const unsigned char *p, uint32_t *len)
{
	static const unsigned char magic[4] = { 'M', 'T', 'm', '1' };

	*len = 0;
	if (memcmp(p, magic, 4))
		return -1;
	for (int k = 0; k < 4; k++) {
		if (!(p[12 + k] & 0x80))
			return -1;
		*len |= (uint32_t)(p[12 + k] & 0x7f) << (7 * k);
	}
	return 0;
}

long mt_rec_hdr_len(const unsigned char *p, size_t cap)
{
	uint32_t len;

	return cap >= MT_HDR && hdr_len(p, &len) == 0 && len <= cap ? (long)len : -1;
}

int mt_rec_recover(struct mt_rec *r, const unsigned char *buf, size_t buflen)
{
	uint32_t len, w, s;
	size_t bad;

	if (r->op != MT_REC_GET || r->res != MT_TS_NEVER || (r->flags & MT_RECF_UFFD))
		return 0;
	if (buflen < MT_HDR || hdr_len(buf, &len) || len < MT_HDR || len > buflen || len > r->len)
		return 0;
	if (mt_payload_check(buf, len, &w, &s, &bad) != MT_PAYLOAD_OK)
		return 0;
	r->value = mt_value(w, s);
	r->ret = len;
	r->flags |= MT_RECF_RECOVERED;
	return 1;
}

void mt_rec_to_op(const struct mt_rec *r, uint32_t lane, uint32_t seq, uint64_t *foreign_next,
		  struct mt_op *out)
{
	int never = r->res == MT_TS_NEVER;

	memset(out, 0, sizeof(*out));
	out->inv = r->inv;
	out->res = r->res;
	out->worker = (uint16_t)lane;
	out->seq = seq;
	out->value = r->value;
	if (r->op == MT_REC_PUT) {
		out->kind = never || mt_conv_put_ok(r->ret, (long)r->len) ? MT_OP_PUT : MT_OP_IGNORED;
		return;
	}
	if (never) {
		out->kind = MT_OP_GET;
		if (r->flags & MT_RECF_RECOVERED)
			out->flags = MT_OPF_RECOVERED;
		else
			out->value = MT_VAL_ANON;
		return;
	}
	/* the learned "empty" - unless "too small" is the same answer and the
	 * buffer was shorter than a message can be: then it tells nothing */
	long longest = mt_conv.max_len > 0 ? mt_conv.max_len : 65536;

	if (mt_conv_is_empty(r->ret, false) && !mt_conv.empty_ambiguous &&
	    !(r->ret == mt_conv.too_small && (long)r->len < longest)) {
		out->kind = MT_OP_GET_EMPTY;
		out->value = 0;
	} else if (r->ret < 0 || mt_conv_says_too_small(r->ret)) {
		out->kind = MT_OP_IGNORED;
	} else {
		out->kind = MT_OP_GET;
		if (r->flags & MT_RECF_FOREIGN)
			out->value = MT_FOREIGN_BASE + (*foreign_next)++;
	}
}
