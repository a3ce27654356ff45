/* What each stress call does, drawn from the scenario (see stress_worker.h). */
#include "stress_worker.h"

#include "conventions.h"
#include "mt_draw.h"
#include "payload.h"

_Static_assert(MT_DRAW_ANON == MT_HDR, "lib/mt_draw.h and payload.h disagree on anonymous messages");

#define PAGE 4096u

size_t mt_draw_size(struct mt_rng *r, const struct mt_scenario *sc, size_t max_len)
{
	uint64_t x = mt_rng_next(r);
	size_t n;

	if (sc->sizes == MT_SIZES_FIXED)
		n = (size_t)sc->fixed_len;
	else if (sc->sizes == MT_SIZES_SMALL)
		n = 16 + x % 241;
	else
		n = mt_draw_mixed_size_of(x, max_len);
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

