/*
 * The stress engine's log: per "lane" (a worker, or a worker's userfaultfd
 * handler thread) one preallocated MAP_SHARED region holding a header, one
 * record per call and the lane's get buffer. The region outlives a killed
 * worker, so the parent still reads what it did: a call whose record has
 * no response stamp never returned ("unknown"), and a get buffer that
 * holds a whole message of ours shows that such a get took effect.
 *
 * Writing a record costs a few stores and two TSC reads; everything else
 * (recovery, conversion to the checker's mt_op, statistics) is done by the
 * parent after the run.
 */
#ifndef MT_STRESS_HISTORY_H
#define MT_STRESS_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "history.h"

enum mt_rec_op { MT_REC_PUT = 1, MT_REC_GET = 2 };

#define MT_RECF_UFFD 0x01u      /* buffer on a userfaultfd page: held call */
#define MT_RECF_WINDOW 0x02u    /* run by a handler while a call was held  */
#define MT_RECF_CORRUPT 0x04u   /* get: a wrong byte, length or mix        */
#define MT_RECF_FOREIGN 0x08u   /* get: bytes nobody put (no header)       */
#define MT_RECF_RECOVERED 0x10u /* get never returned, message in buffer   */
#define MT_RECF_OVERFLOW 0x20u  /* get: wrote past its length (the canary) */

struct mt_rec {
	uint64_t inv;    /* TSC before the call                             */
	uint64_t res;    /* TSC after it, MT_TS_NEVER until decoded          */
	uint64_t value;  /* put: identity; get: decoded identity / ANON      */
	int64_t ret;     /* what the call returned (>= 0 or -errno)          */
	uint32_t len;    /* put: message length; get: buffer length         */
	uint32_t bad_at; /* get: first wrong byte when CORRUPT               */
	uint32_t off;    /* get: buffer offset in the lane's get buffer      */
	uint8_t op;      /* enum mt_rec_op                                   */
	uint8_t flags;   /* MT_RECF_*                                        */
	uint8_t verdict; /* get: enum mt_payload_verdict                     */
	uint8_t pad;
};

struct mt_lane {
	uint64_t started;  /* records [0, started) are initialised          */
	uint64_t done;     /* calls that returned (progress)                */
	uint64_t windows;  /* userfaultfd windows opened on this lane's calls */
	uint64_t raw_done; /* calls of the raw baseline (not logged)        */
	uint32_t cap;      /* records                                        */
	uint32_t lane;     /* lane number = payload writer id                */
	int32_t pid;
	int32_t err;       /* -errno when the worker could not start           */
	uint32_t getbuf_len;
	size_t getbuf_off; /* from the start of the region                   */
	size_t size;       /* the whole region                               */
	struct mt_rec rec[];
};

/* Identity of message (lane, seq). */
static inline uint64_t mt_value(uint32_t lane, uint32_t seq)
{
	return (uint64_t)lane << 32 | seq;
}

/* Bytes of a lane region for @cap records and gets of up to @max_len. */
size_t mt_lane_size(uint32_t cap, size_t max_len);
/* Map (MAP_SHARED, anonymous) and initialise a lane; NULL on failure. */
struct mt_lane *mt_lane_map(uint32_t lane, uint32_t cap, size_t max_len);
void mt_lane_unmap(struct mt_lane *l);
static inline unsigned char *mt_lane_getbuf(struct mt_lane *l)
{
	return (unsigned char *)l + l->getbuf_off;
}

/*
 * Decode what a get returned (@n bytes at @p) into @r: value, verdict and
 * the CORRUPT / FOREIGN flags. Returns the payload verdict.
 */
int mt_rec_decode_get(struct mt_rec *r, const unsigned char *p, size_t n, uint32_t my_lane);

/*
 * A get that never returned: if @buf (poisoned before the call) holds a
 * whole message of ours, the get took effect: set RECOVERED and value.
 * Returns 1 if recovered.
 */
int mt_rec_recover(struct mt_rec *r, const unsigned char *buf, size_t buflen);
/* The length a message's header in @p says, or -1 (no header, or longer
 * than @cap): for an implementation whose get answers success with 0. */
long mt_rec_hdr_len(const unsigned char *p, size_t cap);

/*
 * The record as the checker sees it. Failed calls (other than -ENODATA)
 * become MT_OP_IGNORED. @foreign_next numbers the values of FOREIGN gets
 * (bytes nobody put) so that each is a distinct value no put carries.
 */
void mt_rec_to_op(const struct mt_rec *r, uint32_t lane, uint32_t seq, uint64_t *foreign_next,
		  struct mt_op *out);

/* Values given to bytes nobody put: above every lane's identities. */
#define MT_FOREIGN_BASE (UINT64_C(0xfffffffe) << 32)

#endif
