/* What each stress call does, drawn from the scenario (see stress_worker.h). */
#include "stress_worker.h"

#include "conventions.h"
#include "payload.h"

#define PAGE 4096u

size_t mt_draw_size(struct mt_rng *r, const struct mt_scenario *sc, size_t max_len)
{
	uint64_t x = mt_rng_next(r);
	size_t n;

	if (sc->sizes == MT_SIZES_FIXED)
		n = (size_t)sc->fixed_len;
	else if (sc->sizes == MT_SIZES_SMALL)
		n = 16 + x % 241;
	else {
		unsigned p = (unsigned)(x % 100);
		uint64_t y = x >> 8;

		if (p < 5)
			n = 0;
		else if (p < 10)
			n = 1 + y % (MT_HDR - 1); /* anonymous */
		else if (p < 50)
			n = MT_HDR + y % (257 - MT_HDR);
		else if (p < 70)
			n = 257 + y % (8192 - 257 + 1); /* crosses a page (offset) */
		else if (p < 90)
			n = 8193 + y % (32768 - 8193 + 1); /* page allocator */
		else if (p < 95)
			n = 32769 + y % (max_len > 32769 ? max_len - 32769 : 1);
		else
			n = max_len;
	}
	if (n > max_len)
		n = max_len;
	return (size_t)mt_conv_message_len((long)n);
}

void mt_draw_call(struct mt_rng *r, const struct mt_scenario *sc, size_t max_len, struct mt_draw *d)
{
	uint64_t x = mt_rng_next(r);

	d->put = (int)(x % 100) < sc->put_pct;
	d->off = (x >> 8) % PAGE;
	d->uffd = sc->uffd_pct && (int)((x >> 24) % 100) < sc->uffd_pct;
	if (d->put)
		d->len = mt_draw_size(r, sc, max_len);
	else
		d->len = (x >> 32) % 100 < 95 ? max_len : (x >> 40) % 257; /* small: -EMSGSIZE */
}

