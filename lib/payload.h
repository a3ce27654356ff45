/*
 * Message payloads that carry their own identity.
 *
 * A message of at least MT_HDR bytes starts with a header naming its
 * writer, sequence number and length, and every later byte is derived from
 * those, so one wrong byte, a truncation or a mix of two messages is seen
 * and attributed. Shorter messages are anonymous: their bytes derive from
 * their length only. No byte is ever zero (an implementation that printk()s
 * a message as a string must run past its end).
 */
#ifndef MT_PAYLOAD_H
#define MT_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#define MT_HDR 16
#define MT_ID_MAX ((1u << 28) - 1) /* writer, seq and length: 28 bits each */

enum mt_payload_verdict {
	MT_PAYLOAD_OK,
	MT_PAYLOAD_ANON,      /* shorter than a header, bytes as expected */
	MT_PAYLOAD_BAD_HDR,   /* not a header of ours: bytes nobody put */
	MT_PAYLOAD_BAD_LEN,   /* header's length is not the length returned */
	MT_PAYLOAD_BAD_BODY,  /* a byte differs from what the writer put */
};

void mt_payload_fill(unsigned char *p, size_t len, uint32_t writer, uint32_t seq);
/* On OK, *writer and *seq name the message; *bad_at is the first bad byte. */
enum mt_payload_verdict mt_payload_check(const unsigned char *p, size_t len, uint32_t *writer,
					 uint32_t *seq, size_t *bad_at);
const char *mt_payload_verdict_name(enum mt_payload_verdict v);

#endif
