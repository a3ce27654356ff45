/* Self-describing message payloads (see payload.h). */
#include "payload.h"

#include <string.h>

static const unsigned char magic[4] = { 'M', 'T', 'm', '1' };

/* 28 bits in four bytes, each with its top bit set: never zero. */
static void put28(unsigned char *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = 0x80 | ((v >> (7 * k)) & 0x7f);
}

static int get28(const unsigned char *p, uint32_t *v)
{
	*v = 0;
	for (int k = 0; k < 4; k++) {
		if (!(p[k] & 0x80))
			return -1;
		*v |= (uint32_t)(p[k] & 0x7f) << (7 * k);
	}
	return 0;
}

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static unsigned char nonzero(unsigned char b)
{
	return b ? b : 0x5a;
}

/*
 * The body is written and checked a 64-bit word at a time (this runs for
 * every message of the stress, where it is most of the harness's cost).
 * A word's zero bytes become 0x5a; words with none (31 in 32) go as they are.
 */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static uint64_t body_word(uint64_t key, size_t i)
{
	uint64_t w = mix(key ^ (i / 8));

	if ((w - ONES) & ~w & HIGHS) { /* some byte is zero */
		for (int k = 0; k < 8; k++)
			if (!((w >> (8 * k)) & 0xff))
				w |= 0x5aull << (8 * k);
	}
	return w;
}

static void body(unsigned char *p, size_t len, uint64_t key)
{
	size_t i = MT_HDR;

	for (; i + 8 <= len; i += 8) {
		uint64_t w = body_word(key, i);

		memcpy(p + i, &w, 8);
	}
	if (i < len) {
		uint64_t w = body_word(key, i);

		for (size_t k = 0; i + k < len; k++)
			p[i + k] = (unsigned char)(w >> (8 * k));
	}
}

static uint64_t key_of(uint32_t writer, uint32_t seq, size_t len)
{
	return mix(((uint64_t)writer << 36) ^ ((uint64_t)seq << 8) ^ len);
}

static unsigned char anon_byte(size_t len, size_t i)
{
	return nonzero((unsigned char)(0xa0 + 17 * i + 31 * len));
}

void mt_payload_fill(unsigned char *p, size_t len, uint32_t writer, uint32_t seq)
{
	if (len < MT_HDR) {
		for (size_t i = 0; i < len; i++)
			p[i] = anon_byte(len, i);
		return;
	}
	for (int k = 0; k < 4; k++)
		p[k] = magic[k];
	put28(p + 4, writer & MT_ID_MAX);
	put28(p + 8, seq & MT_ID_MAX);
	put28(p + 12, (uint32_t)len & MT_ID_MAX);
	body(p, len, key_of(writer & MT_ID_MAX, seq & MT_ID_MAX, len));
}

enum mt_payload_verdict mt_payload_check(const unsigned char *p, size_t len, uint32_t *writer,
					 uint32_t *seq, size_t *bad_at)
{
	uint32_t w, s, l;

	*bad_at = 0;
	if (len < MT_HDR) {
		for (size_t i = 0; i < len; i++) {
			if (p[i] != anon_byte(len, i)) {
				*bad_at = i;
				return MT_PAYLOAD_BAD_BODY;
			}
		}
		return MT_PAYLOAD_ANON;
	}
	for (int k = 0; k < 4; k++)
		if (p[k] != magic[k])
			return MT_PAYLOAD_BAD_HDR;
	if (get28(p + 4, &w) || get28(p + 8, &s) || get28(p + 12, &l))
		return MT_PAYLOAD_BAD_HDR;
	*writer = w;
	*seq = s;
	if (l != (len & MT_ID_MAX)) {
		*bad_at = 12;
		return MT_PAYLOAD_BAD_LEN;
	}
	uint64_t key = key_of(w, s, len);

	for (size_t i = MT_HDR; i < len; i += 8) {
		uint64_t want = body_word(key, i), got = 0;
		size_t n = len - i < 8 ? len - i : 8;

		memcpy(&got, p + i, n);
		if (n < 8)
			want &= (1ull << (8 * n)) - 1;
		if (got != want) {
			size_t k = 0;

			while (!(((got ^ want) >> (8 * k)) & 0xff))
				k++;
			*bad_at = i + k;
			return MT_PAYLOAD_BAD_BODY;
		}
	}
	return MT_PAYLOAD_OK;
}

const char *mt_payload_verdict_name(enum mt_payload_verdict v)
{
	static const char *const names[] = { "ok", "anonymous", "not a message of ours",
					     "wrong length", "corrupted" };

	return names[v];
}
