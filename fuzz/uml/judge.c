/*
 * SPEC.md's put and get tables over a model of the box, in the run's
 * profile and with the conventions the probe learned (harness/conventions.h).
 */
#define _GNU_SOURCE
#include "fz.h"

#include <errno.h>
#include <string.h>

#include "payload.h"
#include "pointers.h"

struct fz_env fz_env;
struct fz_reserve fz_reserve;
bool fz_signalled;
const char *const fz_params[FZ_NPARAMS] = { "max_msg_len", "max_total", "max_msgs" };

void fz_model_init(struct fz_model *m, const struct fz_prog *p)
{
	memset(m, 0, sizeof(*m));
	m->max_msg_len = p->max_msg_len >= 0 ? p->max_msg_len : fz_env.boot_max_msg_len;
	m->max_total = p->max_total >= 0 ? p->max_total : fz_env.boot_max_total;
	m->max_msgs = p->max_msgs >= 0 ? p->max_msgs : fz_env.boot_max_msgs;
}

static unsigned flags_of(const struct fz_call *c)
{
	const struct mt_ptr_class *k = mt_ptr_class_at(c->ptr);

	return k ? k->flags : 0;
}

/* Can the kernel read (put) / write (get) @n bytes at the call's pointer? */
static bool usable(const struct fz_call *c, long n, bool write)
{
	unsigned fl = flags_of(c);

	if (n <= 0)
		return true;
	if (fl & MT_PTRF_ARG) /* cross:K: the last K of the buffer's bytes are in the guard */
		return c->arg <= 0 || n <= (long)fz_blen(c->len) - c->arg;
	return (fl & (write ? MT_PTRF_WRITE : MT_PTRF_READ)) != 0;
}

void fz_expect(const struct fz_model *m, const struct fz_call *c, int nth, struct fz_expect *e)
{
	unsigned fl = flags_of(c);
	long len = c->len;

	memset(e, 0, sizeof(*e));
	e->alt_fail = nth > 0;
	if (c->kind == FZ_PUT) {
		long cap = m->max_msg_len;

		if (len < 0) {
			e->want = -EINVAL, e->why = "put row 1: length < 0";
		} else if (len > cap) {
			e->want = -EMSGSIZE, e->why = "put row 2: length > max_msg_len";
		} else if (mt_conv.max_len != MT_CONV_UNKNOWN && len > mt_conv.max_len) {
			e->want = -EMSGSIZE, e->any_error = true, e->why = "its own cap on the length (a deviation)";
		} else if (len == 0 && !mt_conv.empty_put) {
			e->want = -EINVAL, e->any_error = true, e->why = "it refuses empty messages (a deviation)";
		} else if (len > 0 && (fl & MT_PTRF_ACCESS_BAD)) {
			e->want = -EFAULT, e->why = "put row 3: NULL or !access_ok";
		} else if (m->n + 1 > m->max_msgs ||
			   m->bytes + (m->n + 1) * fz_env.overhead + len > m->max_total) {
			e->want = -ENOSPC, e->why = "put row 4: the box would exceed its limits";
		} else if (!usable(c, len, false)) {
			e->want = -EFAULT, e->why = "put row 6: copy_from_user falls short";
		} else {
			e->want = 0, e->effect = 1, e->why = "put row 7";
		}
		if (e->want == 0 || (e->want == -EFAULT && !(fl & MT_PTRF_ACCESS_BAD)))
			e->alt_nospc = fz_reserve.n &&
				       (m->n + 1 + fz_reserve.n > m->max_msgs ||
					m->bytes + fz_reserve.bytes + (m->n + 1 + fz_reserve.n) * fz_env.overhead + len >
						m->max_total);
	} else {
		long size = m->n ? m->m[m->n - 1].len : -1;

		if (len < 0) {
			e->want = -EINVAL, e->why = "get row 1: length < 0";
		} else if (!m->n) {
			e->want = mt_conv.empty, e->why = "get row 2: the box is empty";
		} else if (len < size) {
			e->want = mt_conv.too_small, e->why = "get row 3: length < size";
		} else if (size > 0 && (fl & MT_PTRF_ACCESS_BAD)) {
			e->want = -EFAULT, e->why = "get row 4: NULL or !access_ok";
		} else if (!usable(c, size, true)) {
			e->want = -EFAULT, e->why = "get row 5: the buffer cannot be made writable";
		} else {
			e->want = mt_conv.get_zero ? 0 : size, e->effect = 2, e->why = "get row 6";
		}
	}
	if (fz_env.lenient && e->want < 0)
		e->any_error = true;
}

static bool result_ok(const struct fz_expect *e, const struct fz_call *c, long r)
{
	if (e->effect == 1)
		return mt_conv_put_ok(r, c->len);
	if (r == e->want)
		return true;
	return e->want < 0 && e->any_error && r < 0;
}

/* The class of a wrong answer (on @m, before the call). */
static enum mt_bug wrong_class(const struct fz_model *m, const struct fz_expect *e, const struct fz_call *c, long r)
{
	unsigned fl = flags_of(c);

	/* "empty" while the model holds messages, after a get that failed:
	 * that get lost its message (popped before a copy that failed) */
	if (c->kind == FZ_GET && m->n && m->failed_get && r == mt_conv.empty && e->want != r)
		return MT_BUG_LOST_ON_FAILED_GET;

	if (e->want < 0 && r > 0 && e->effect == 0 && c->kind == FZ_PUT)
		return MT_BUG_POSITIVE_ERROR;
	if (e->want < 0 && r >= 0)
		return (!usable(c, c->len, c->kind == FZ_GET) || (fl & MT_PTRF_ACCESS_BAD)) && c->len > 0 &&
				       e->want == -EFAULT ? MT_BUG_UNCHECKED_COPY : MT_BUG_ACCEPTS_BAD;
	if (e->want < 0 && r < 0)
		return MT_BUG_WRONG_ERRNO;
	if (e->want >= 0 && r < 0)
		return MT_BUG_REJECTS_GOOD;
	return MT_BUG_WRONG_SUCCESS;
}

bool fz_judge(struct fz_model *m, const struct fz_call *c, int nth, long r, const unsigned char *got,
	      uint32_t writer, uint32_t seq, struct fz_finding *f)
{
	struct fz_expect e;
	char a[32], b[32];

	fz_expect(m, c, nth, &e);
	memset(f, 0, sizeof(*f));
	fz_call_str(c, f->call, sizeof(f->call));
	/* the injected point failed the call: no effect (lenient: with any
	 * error, as a course file that answers -1 for everything does) */
	if (e.alt_fail && r < 0 && (r == -ENOMEM || r == -EFAULT || fz_env.lenient || result_ok(&e, c, r)))
		return true;
	if (e.alt_nospc && r == -ENOSPC)
		return true; /* full with a held put's reservation counted: no effect */
	if (fz_signalled && r < 0)
		return true; /* a signal ended it: an error, and the box as it was */
	if (!result_ok(&e, c, r)) {
		f->found = true;
		f->oracle = MT_OR_RESULT;
		f->bug = wrong_class(m, &e, c, r);
		snprintf(f->expected, sizeof(f->expected), "%s%s (%s)", e.any_error ? "an error, SPEC: " : "",
			 fz_errno_str(e.want, a, sizeof(a)), e.why);
		snprintf(f->got, sizeof(f->got), "%s", fz_errno_str(r, b, sizeof(b)));
		snprintf(f->detail, sizeof(f->detail), "%s returned %s; SPEC.md: %s%s", f->call, f->got, f->expected,
			 nth ? " (with a fail-nth point armed)" : "");
		return false;
	}
	m->failed_get = c->kind == FZ_GET && e.effect == 0 && m->n && r < 0 ? true : e.effect ? false : m->failed_get;
	if (e.effect == 1) {
		if (m->n >= FZ_MODEL_MAX) {
			f->found = true, f->oracle = MT_OR_HARNESS, f->bug = MT_BUG_HARNESS;
			snprintf(f->detail, sizeof(f->detail), "the model holds at most %d messages", FZ_MODEL_MAX);
			return false;
		}
		m->m[m->n++] = (struct fz_msg){ c->len, writer, seq };
		m->bytes += c->len;
	} else if (e.effect == 2) {
		const struct fz_msg *top = &m->m[m->n - 1];

		if (got && top->len > 0) {
			uint32_t w = 0, s = 0;
			size_t bad = 0;
			enum mt_payload_verdict v = mt_payload_check(got, (size_t)top->len, &w, &s, &bad);

			if (!((v == MT_PAYLOAD_ANON && top->len < MT_HDR) ||
			      (v == MT_PAYLOAD_OK && w == top->writer && s == top->seq))) {
				bool elsewhere = false;

				for (int i = 0; v == MT_PAYLOAD_OK && i < m->n - 1; i++)
					elsewhere |= m->m[i].writer == w && m->m[i].seq == s;
				f->found = true;
				f->oracle = MT_OR_DATA;
				f->bug = elsewhere ? MT_BUG_ORDER : MT_BUG_CORRUPTED;
				snprintf(f->expected, sizeof(f->expected), "message %u.%u (%d bytes)", top->writer, top->seq,
					 top->len);
				if (v == MT_PAYLOAD_OK)
					snprintf(f->got, sizeof(f->got), "message %u.%u", w, s);
				else
					snprintf(f->got, sizeof(f->got), "%s at byte %zu", mt_payload_verdict_name(v), bad);
				snprintf(f->detail, sizeof(f->detail), "%s returned %ld bytes: %s, not the top %s", f->call, r,
					 f->got, f->expected);
				return false;
			}
		}
		m->bytes -= top->len;
		m->n--;
	}
	return true;
}
