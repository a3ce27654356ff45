/* The op runner, the model and SPEC.md's tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/mt_draw.h"
#include "../shim/format.h"
#include "../shim/mt_shim.h"
#include "entry.h"
#include "judge.h"
#include "ops.h"

#define EINVAL_ 22
#define EFAULT_ 14
#define ENOMEM_ 12
#define ENOSPC_ 28
#define EMSGSIZE_ 90
#define ENODATA_ 61
#define TASK_SIZE_ 0x7ffffffff000UL
#define PG MT_USER_PAGE

/* The user region: 0..19 read-write, 20 unmapped, 21 read-only, 22
 * unmapped, 23..42 lazy (faulted in on first touch), 43.. unmapped. */
enum { A_FIRST = 0, A_PAGES = 20, PG_UNMAPPED = 20, PG_RO = 21, LAZY_FIRST = 23,
       LAZY_PAGES = 20, PG_AFTER_LAZY = 43 };
#define ROOM_A (A_PAGES * PG)
#define DRAIN_LEN ((long)ROOM_A - 64)

struct msg {
	unsigned id;		/* its bytes' seed: unique in the whole run */
	unsigned nr;		/* the input's put that made it, from 1 */
	long len;
	unsigned char *bytes;	/* a copy of what the put's buffer held, or */
	size_t cap;		/* of bytes (a snapbuf) */
	size_t gen;		/* >= len: bytes are payload(id) written over gen bytes */
};

static struct {
	struct msg m[OPS_MAX + 1];
	int n;
	long bytes;			/* payload bytes in the box */
	long max_msg_len, max_total, max_msgs;	/* -1: unknown */
	long overhead;			/* -1: unknown */
} box;

static int lenient, verbose, have_proc, have_params;
static long empty_answer = -ENODATA_;
static long base_live;
static unsigned next_id, puts_made;	/* next_id runs on across inputs */
static long calls_made;		/* puts, gets and parameter writes into the file */
static char kernel_buf[256];		/* a kernel address: access_ok says yes */
static struct op ops[OPS_MAX];
static size_t nops, cur;		/* cur == nops: the drain */
static const char *phase = "op";

/* The current op in words, made only when a finding needs it. */
static const char *cur_words(void)
{
	static char w[160];

	op_words(&ops[cur], w, sizeof(w), 0);
	return w;
}
#define WHAT (what ? what : cur_words())

static char *ubase(void) { return mt_user_base(); }

static void say_ops(FILE *f)
{
	char w[160];

	for (size_t i = 0; i < nops && i <= cur; i++) {
		op_words(&ops[i], w, sizeof(w), i < cur);
		fprintf(f, "%s%s", i ? "; " : "", w);
	}
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!strcmp(phase, "init"))
		fprintf(stderr, "FINDING: %s (at start-up, before any input", msg);
	else
		fprintf(stderr, "FINDING: %s (%s %zu of %zu", msg, phase, cur + 1, nops);
	fprintf(stderr, "%s) ops: ", lenient ? ", lenient" : ", strict");
	say_ops(stderr);
	fprintf(stderr, "\n");
	fflush(stderr);
	abort();
}

static void shim_finding(const char *msg)
{
	fail("%s", msg);
}

/* Message bytes: distinct per message id, written a word at a time. Only
 * ever into the user region (mmap'd, outside ASan's heap: nothing for ASan
 * to check there) and with nothing UBSan could find, so uninstrumented,
 * which lets the loop be vectorised: it was a tenth of the fuzzer's time. */
__attribute__((no_sanitize("address", "undefined")))
/* A message's bytes: the word at byte i (a multiple of 8) is
 * PAYLOAD_SEED(id) ^ i * PAYLOAD_STEP, the tail past the last whole word
 * bytes of the seed ^ their index. payload_at() and payload_differs()
 * follow the same rule. */
#define PAYLOAD_SEED(id) (((uint64_t)(id) + 1) * 0x9e3779b97f4a7c15ull)
#define PAYLOAD_STEP 0x100000001b3ull
static void payload(unsigned id, unsigned char *p, long len)
{
	uint64_t x = PAYLOAD_SEED(id), w, t = 0;
	size_t i = 0, n = (size_t)len;

	/* t = i * PAYLOAD_STEP by addition (a vector multiply is slow) */
	for (; i + 8 <= n; i += 8, t += 8 * PAYLOAD_STEP) {
		w = x ^ t;
		memcpy(p + i, &w, 8);
	}
	for (; i < n; i++)
		p[i] = (unsigned char)(x >> ((i & 7) * 8)) ^ (unsigned char)i;
}

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "payload_at: a word's bytes in memory order");

/* Byte i of payload(id) written over n bytes (i < n). */
static unsigned char payload_at(unsigned id, size_t n, size_t i)
{
	uint64_t x = PAYLOAD_SEED(id);

	if ((i | 7) < n)	/* in a whole word: the word in memory order */
		return (unsigned char)((x ^ (i & ~(size_t)7) * PAYLOAD_STEP) >> (i & 7) * 8);
	return (unsigned char)(x >> ((i & 7) * 8)) ^ (unsigned char)i;
}

/* Do the len bytes at p differ from the first len of payload(id) written
 * over n bytes (len <= n)? The same loops as payload(), so a put whose
 * bytes all came from payload() needs no copy of them (a copy at the put
 * and a compare of two buffers at the get were 7% of the time). */
__attribute__((no_sanitize("address", "undefined")))
static bool payload_differs(unsigned id, size_t n, const unsigned char *p, size_t len)
{
	uint64_t x = PAYLOAD_SEED(id), w, d = 0, t = 0;
	size_t i = 0;

	for (; i + 8 <= len; i += 8, t += 8 * PAYLOAD_STEP) {
		memcpy(&w, p + i, 8);
		d |= w ^ (x ^ t);
	}
	for (; i < len; i++)
		d |= p[i] ^ payload_at(id, n, i);
	return d != 0;
}

/* Fill, copy and compare of user memory against the judge's own copies:
 * loops that ASan, UBSan and libFuzzer's memcmp hook leave alone (through
 * the interceptors each big one also scanned 1/8 of its size of shadow,
 * 3% of the time, for memory no ASan check applies to). no_builtin keeps
 * them loops (vectorised), not calls of the intercepted functions. */
#define JUDGE_PLAIN __attribute__((no_sanitize("address", "undefined"), no_builtin))
typedef uint64_t __attribute__((may_alias, aligned(1))) word_u;	/* any alignment */
JUDGE_PLAIN static void ufill(char *p, unsigned char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)c;
}

JUDGE_PLAIN static void ucopy(unsigned char *to, const char *from, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8)
		*(word_u *)(to + i) = *(const word_u *)(from + i);
	for (; i < n; i++)
		to[i] = (unsigned char)from[i];
}

JUDGE_PLAIN static bool udiffers(const char *a, const unsigned char *b, size_t n)
{
	uint64_t d = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8)
		d |= *(const word_u *)(a + i) ^ *(const word_u *)(b + i);
	for (; i < n; i++)
		d |= (unsigned char)a[i] ^ b[i];
	return d != 0;
}

/* The copies of the messages the model holds: buffers kept from input to
 * input (a malloc and free of up to 4 MiB per put, under ASan's quarantine,
 * was fresh memory every time). A stack of spare ones; a message owns one. */
struct snapbuf {
	unsigned char *p;
	size_t cap;
};
static struct snapbuf spare[OPS_MAX + 2];
static int nspare;

static struct snapbuf snap_take(size_t len)
{
	struct snapbuf b = nspare ? spare[--nspare] : (struct snapbuf){ NULL, 0 };

	if (b.cap < len) {
		free(b.p);
		b.cap = len < 4096 ? 4096 : len;
		b.p = malloc(b.cap);
		if (!b.p) {
			perror("fuzz: malloc");
			exit(2);
		}
	}
	return b;
}

static void snap_give(struct snapbuf b)
{
	/* the rare big ones (a raised max_msg_len) are not kept */
	if (b.cap <= (256u << 10) && nspare < (int)(sizeof(spare) / sizeof(spare[0])))
		spare[nspare++] = b;
	else
		free(b.p);
}

static char *resolve_ptr(const struct op *o)
{
	switch (o->ptr) {
	case P_VALID: return ubase() + A_FIRST * PG + (o->arg & 63);
	case P_NULL: return NULL;
	case P_LOW: return (char *)0x1000;
	case P_UNMAPPED: return ubase() + PG_UNMAPPED * PG;
	case P_READONLY: return ubase() + PG_RO * PG + (o->arg & 63);
	case P_CROSS: return ubase() + PG_UNMAPPED * PG - o->arg % 4097;
	case P_LAZY: return ubase() + LAZY_FIRST * PG + (o->arg & 63);
	case P_LAZY_CROSS: return ubase() + PG_AFTER_LAZY * PG - o->arg % 4097;
	case P_KERNEL: return kernel_buf;
	default: return (char *)(TASK_SIZE_ - (o->arg & 255));
	}
}

static long top_len(void) { return box.n ? box.m[box.n - 1].len : 16; }
static long cap_msg_len(void) { return box.max_msg_len >= 0 ? box.max_msg_len : 65536; }

static long resolve_len(const struct op *o)
{
	unsigned k = o->arg % 18;

	switch (o->lenk) {
	case L_ZERO: return 0;
	case L_ONE: return 1;
	case L_TOP_M1: return top_len() - 1;
	case L_TOP: return top_len();
	case L_TOP_P1: return top_len() + 1;
	case L_POW2_M1: return (1L << k) - 1;
	case L_POW2_P1: return (1L << k) + 1;
	case L_POW2: return 1L << k;
	case L_NEG1: return -1;
	case L_INT_MIN: return -2147483647L - 1;
	case L_INT_MAX: return 2147483647L;
	case L_MAX: return cap_msg_len();
	case L_MAX_P1: return cap_msg_len() + 1;
	case L_SMALL: return o->arg % 300;
	case L_MIXED: /* the stress's weighted sizes (lib/mt_draw.h), drawn from
		       * the op's 16 bits spread over 64 */
		return (long)mt_draw_mixed_size_of((o->arg + 1) * 0x9e3779b97f4a7c15ull,
						   (size_t)cap_msg_len());
	default: return -(long)o->arg - 2;
	}
}

/* ---- checks shared by every call ---- */

static void after_call(const char *what, long r)
{
	const char *why = mt_call_end();

	if (why)
		fail("%s = %ld %s", WHAT, r, why);
}

/* One put or get of the input, with the fault its op asks for armed. */
static long call(const struct op *o, bool put, char *buf, long len, const char *what)
{
	long r;

	mt_user_unfault();
	mt_call_begin();
	if (o->fault == F_ALLOC)
		mt_fail_alloc_nth(o->nth);
	else if (o->fault == F_COPY)
		mt_fail_copy_nth(o->nth);
	r = put ? mt_put(buf, (int)len) : mt_get(buf, (int)len);
	calls_made++;
	after_call(what, r);
	return r;
}

/* The text /proc shows is made by the file's show function and read by
 * format.c: it was a quarter of the fuzzer's time, read after every call.
 * Now it is read when what it must agree with may have moved: the model's
 * messages or bytes, or the file's live allocations or bytes (a call that
 * changed none of those reads no text, unless proc_each), and at the end of
 * every input, the box drained (judge_proc_each: after every call, as the
 * replay does, so that it names the call). A count a call got wrong and
 * that stays wrong is still seen, at the next read: the finding says after
 * which op the text last agreed. */
static bool proc_each;
static struct {
	bool valid;
	int n;
	long bytes, live, lbytes;
	size_t after;		/* the op the text last agreed after; nops: none */
	const char *phase;
} proc_seen;
static long proc_reads, proc_skips;

static void check_proc_now(void)
{
	char text[512];

	if (!have_proc || mt_proc_read("dm510_msgbox", text, sizeof(text)))
		return;
	proc_reads++;
	long m = mt_proc_field(text, "messages"), b = mt_proc_field(text, "bytes");

	if (m != box.n || (b >= 0 && b != box.bytes)) {
		char when[80] = "";

		if (proc_seen.valid && proc_seen.phase)
			mt_snprintf(when, sizeof(when), "; it last agreed after %s %zu",
				    proc_seen.phase, proc_seen.after + 1);
		else if (proc_seen.valid)
			mt_snprintf(when, sizeof(when), "; it agreed at the start of the input");
		fail("/proc/dm510_msgbox says messages %ld bytes %ld, but the box should hold "
		     "%d messages (%ld bytes)%s", m, b, box.n, box.bytes, when);
	}
	proc_seen.valid = true;
	proc_seen.n = box.n;
	proc_seen.bytes = box.bytes;
	proc_seen.live = mt_live_objects();
	proc_seen.lbytes = mt_live_bytes();
	proc_seen.after = cur;
	proc_seen.phase = phase;
}

static void check_proc(void)
{
	if (!proc_each && proc_seen.valid && proc_seen.n == box.n &&
	    proc_seen.bytes == box.bytes && proc_seen.live == mt_live_objects() &&
	    proc_seen.lbytes == mt_live_bytes()) {
		proc_skips++;
		return;
	}
	check_proc_now();
}

void judge_proc_each(bool on)
{
	proc_each = on;
}

long judge_calls(void)
{
	return calls_made;
}

void judge_proc_counts(long *reads, long *skips)
{
	*reads = proc_reads;
	*skips = proc_skips;
}

static void check_leak(const char *what, long r, long live_before, long bytes_before)
{
	long d = mt_live_objects() - live_before;

	if (d > 0)
		fail("%s returned %ld and left %ld allocation(s) (%ld bytes) behind: a leak on "
		     "an error path", WHAT, r, d, mt_live_bytes() - bytes_before);
	if (d < 0)
		fail("%s returned %ld but freed %ld allocation(s) (%ld bytes): a message left the "
		     "box on an error (lost)", WHAT, r, -d, bytes_before - mt_live_bytes());
}

/* Canary bytes right after what a call may write: catches direct stores
 * that bypass copy_to_user. Only where the region is really writable. */
#define CANARY 64
static void canary_set(char *p)
{
	if (mt_user_writable(p, CANARY) == CANARY)
		ufill(p, 0xc5, CANARY);
}

static void canary_check(char *p, const char *what, long r)
{
	if (mt_user_writable(p, CANARY) != CANARY)
		return;
	for (int i = 0; i < CANARY; i++)
		if ((unsigned char)p[i] != 0xc5)
			fail("%s = %ld wrote the user's memory %d bytes past what it may write",
			     WHAT, r, i);
}

/* ---- put ---- */

static long put_want(char *buf, long len, const struct mt_call_stats *st)
{
	if (len < 0)
		return -EINVAL_;
	if (box.max_msg_len >= 0 && len > box.max_msg_len)
		return -EMSGSIZE_;
	if (len > 0 && (!buf || !mt_user_access_ok(buf, (unsigned long)len)))
		return -EFAULT_;
	if (box.overhead >= 0 && box.max_total >= 0 &&
	    ((box.bytes + (long)box.n * box.overhead) + len + box.overhead > box.max_total ||
	     box.n + 1 > box.max_msgs))
		return -ENOSPC_;
	if (st->alloc_failed)
		return -ENOMEM_;
	if (len > 0 && (st->copy_failed || mt_user_readable(buf, (size_t)len) < (size_t)len))
		return -EFAULT_;
	return 0;
}

/* A message's bytes must differ from every other's of the run, not only
 * of the input: past ASan's first 4 KiB a block holds an earlier block's
 * bytes (shim/mem.c), and a byte the file never wrote but gives back is
 * seen only if no earlier message had the same one there. 0xfeed is the
 * read-only page's. */
static unsigned next_message_id(void)
{
	if (++next_id == 0xfeed)
		++next_id;
	return next_id;
}

static void do_put(struct op *o, const char *what)
{
	char *buf = resolve_ptr(o);
	long len = o->len, want, r;
	unsigned id = next_message_id();
	++puts_made;
	size_t room = buf ? mt_user_writable(buf, len > 0 ? (size_t)len : 0) : 0;
	size_t readable = buf && len > 0 ? mt_user_readable(buf, (size_t)len) : 0;
	long live = mt_live_objects(), lbytes = mt_live_bytes();
	struct snapbuf snap = { NULL, 0 };

	/* The bytes are written only where the put may keep them: one that
	 * must fail for want of readable bytes (-EFAULT), or in strict for a
	 * length past max_msg_len (-EMSGSIZE), has no success that is not a
	 * finding at once, so its bytes are never compared (an INT_MAX put
	 * wrote the whole region, 196 KiB: most of the payload's time) */
	bool keeps = len > 0 && readable == (size_t)len &&
		     (lenient || box.max_msg_len < 0 || len <= box.max_msg_len);

	if (room && keeps)
		payload(id, (unsigned char *)buf, (long)room);
	if (keeps && room < (size_t)len) {
		/* not all of it ours to write (a read-only page): copied */
		snap = snap_take((size_t)len);
		ucopy(snap.p, buf, (size_t)len);
	}
	r = o->result = call(o, true, buf, len, what);
	const struct mt_call_stats *st = mt_call_stats();

	want = put_want(buf, len, st);
	if (st->whi)
		fail("%s = %ld wrote to the caller's buffer", WHAT, r);
	if (!lenient && box.max_msg_len >= 0 &&
	    st->max_alloc > (size_t)box.max_msg_len + 4096)
		fail("%s = %ld asked for an allocation of %zu bytes, more than max_msg_len %ld "
		     "plus the overhead", WHAT, r, st->max_alloc, box.max_msg_len);
	if (r > 0)
		fail("%s = %ld: a positive result (SPEC wants %ld)", WHAT, r, want);
	if (!lenient && r != want)
		fail("%s = %ld, SPEC wants %ld", WHAT, r, want);
	if (lenient && r == 0 && want < 0 && want != -EMSGSIZE_ && want != -ENOSPC_ &&
	    want != -ENOMEM_)
		fail("%s = 0: success where an error is due (SPEC: %ld)", WHAT, want);
	/* lenient lets a success stand for -EMSGSIZE, -ENOSPC or -ENOMEM, but
	 * not one whose bytes could not all be read: it kept bytes it never had */
	if (r == 0 && len > 0 && readable < (size_t)len)
		fail("%s = 0, but only %zu of its %ld bytes can be read (SPEC: -EFAULT at the copy)",
		     WHAT, readable, len);
	if (r == 0) {
		struct msg *m = &box.m[box.n++];

		m->id = id;
		m->nr = puts_made;
		m->len = len;
		m->bytes = snap.p;
		m->cap = snap.cap;
		m->gen = keeps && room >= (size_t)len ? room : 0;
		box.bytes += len;
		return;
	}
	check_leak(what, r, live, lbytes);
	if (snap.p)
		snap_give(snap);
}

/* ---- get ---- */

static void do_get(struct op *o, const char *what)
{
	char *buf = resolve_ptr(o);
	long len = o->len, size = box.n ? box.m[box.n - 1].len : -1, want, r;
	long live = mt_live_objects(), lbytes = mt_live_bytes();
	size_t room = buf ? mt_user_writable(buf, ROOM_A) : 0;
	long allowed = len < 0 ? 0 : (size >= 0 && size < len ? size : len);

	if (room) {
		size_t fill = (size_t)(size > 0 ? size : 16);

		ufill(buf, 0xcc, fill < room ? fill : room);
		if ((size_t)allowed + CANARY <= room)
			canary_set(buf + allowed);
	}
	r = o->result = call(o, false, buf, len, what);
	const struct mt_call_stats *st = mt_call_stats();
	uintptr_t lo = (uintptr_t)buf;

	if (st->whi && (st->wlo < lo || st->whi > lo + (uintptr_t)allowed))
		fail("%s = %ld wrote user bytes [%+ld, %+ld) of the buffer, past the %ld it may "
		     "write", WHAT, r, (long)(st->wlo - lo), (long)(st->whi - lo), allowed);
	if (room && (size_t)allowed + CANARY <= room)
		canary_check(buf + allowed, what, r);

	if (len < 0)
		want = -EINVAL_;
	else if (!box.n)
		want = empty_answer;
	else if (len < size)
		want = -EMSGSIZE_;
	else if (size > 0 && (!buf || !mt_user_access_ok(buf, (unsigned long)size)))
		want = -EFAULT_;
	else if (size > 0 && mt_user_writable(buf, (size_t)size) < (size_t)size)
		want = -EFAULT_;
	else
		want = size;

	bool ok;
	if (!lenient)
		ok = r == want || (want == size && st->copy_failed && r == -EFAULT_) ||
		     (st->alloc_failed && r == -ENOMEM_);
	else if (!box.n && len >= 0)
		ok = r == empty_answer;
	else if (want < 0)
		ok = r < 0;
	else
		ok = r == want || (r < 0 && (size == 0 || st->copy_failed || st->alloc_failed));
	if (!ok)
		fail("%s = %ld, SPEC wants %ld%s", WHAT, r, want,
		     want >= 0 && r < 0 ? " (the message fits and the buffer is writable)" : "");
	if (r < 0 || !box.n) {
		if (st->whi && want != -EFAULT_ && !lenient && !(r == -EFAULT_))
			fail("%s = %ld wrote to the buffer though it failed", WHAT, r);
		check_leak(what, r, live, lbytes);
		return;
	}
	struct msg *m = &box.m[box.n - 1];

	if (size > 0 && (m->gen ? payload_differs(m->id, m->gen, (unsigned char *)buf, (size_t)size)
				: udiffers(buf, m->bytes, (size_t)size)))
		for (long i = 0; i < size; i++) {
			unsigned char want_b = m->gen ? payload_at(m->id, m->gen, (size_t)i) : m->bytes[i];

			if ((unsigned char)buf[i] != want_b)
				fail("%s = %ld: byte %ld is 0x%02x, message #%u of %ld bytes has 0x%02x there",
				     WHAT, r, i, (unsigned char)buf[i], m->nr, size, want_b);
		}
	box.bytes -= m->len;
	if (m->bytes)
		snap_give((struct snapbuf){ m->bytes, m->cap });
	box.n--;
}

/* ---- parameters ---- */

static const char *const pnames[PR_COUNT] = { "max_msg_len", "max_total", "max_msgs" };

static long *plimit(enum op_param p)
{
	return p == PR_MAX_MSG_LEN ? &box.max_msg_len : p == PR_MAX_TOTAL ? &box.max_total
									   : &box.max_msgs;
}

static long param_value(const struct op *o)
{
	static const long caps[PR_COUNT] = { 4L << 20, 1L << 30, 1L << 24 };
	long usage = o->param == PR_MAX_MSGS ? box.n :
		     o->param == PR_MAX_TOTAL ? box.bytes + box.n * (box.overhead > 0 ? box.overhead : 0) :
		     top_len();

	switch (o->lenk % 8) {
	case 0: return 0;
	case 1: return 1;
	case 2: return usage;
	case 3: return usage + 1;
	case 4: return caps[o->param];
	case 5: return caps[o->param] + 1;
	case 6: return -1;
	default: return o->arg;
	}
}

static bool param_in_range(enum op_param p, long v)
{
	switch (p) {
	case PR_MAX_MSG_LEN: return v >= 0 && v <= (4L << 20) && v <= box.max_total;
	case PR_MAX_TOTAL: return v >= box.max_msg_len && v <= (1L << 30);
	default: return v >= 1 && v <= (1L << 24);
	}
}

static long set_param(enum op_param p, long v, const char *what)
{
	char val[32];
	long back = -1, old = *plimit(p), r;

	mt_snprintf(val, sizeof(val), "%ld", v);
	mt_call_begin();
	r = mt_param_set(pnames[p], val);
	calls_made++;
	after_call(what, r);
	if (mt_param_get(pnames[p], &back))
		fail("%s: the parameter cannot be read back", WHAT);
	if (!lenient) {
		bool in = param_in_range(p, v);

		if (in ? r != 0 : r != -EINVAL_)
			fail("%s = %ld, SPEC wants %d", WHAT, r, in ? 0 : -EINVAL_);
		if (back != (in ? v : old))
			fail("%s = %ld, but it reads back as %ld", WHAT, r, back);
	}
	*plimit(p) = back;
	return r;
}

static void do_param(struct op *o, const char *what)
{
	o->result = set_param(o->param, o->len, what);
}

/* ---- an input ---- */

static void drain(void)
{
	char *buf = ubase() + A_FIRST * PG;
	static char what[64];	/* the same every time: made once */

	if (!what[0])
		snprintf(what, sizeof(what), "drain get(valid, len=%ld)", DRAIN_LEN);

	phase = "drain";
	for (int i = 0;; i++) {
		struct op o = { .kind = OP_GET, .ptr = P_VALID, .len = DRAIN_LEN };

		if (!box.n) {
			mt_call_begin();
			long r = mt_get(buf, (int)o.len);

			calls_made++;

			after_call(what, r);
			if (r != empty_answer)
				fail("%s = %ld after the box should be empty (answer for empty: %ld): "
				     "a message the model does not hold", WHAT, r, empty_answer);
			check_proc_now();	/* every input ends with the text read */
			break;
		}
		do_get(&o, what);
		/* no text per drained message: the model moves by one known
		 * message a get, and the read once the box is empty sees any
		 * count a get left wrong (proc_each still reads after each) */
		if (proc_each)
			check_proc_now();
		if (i > OPS_MAX + 2)
			fail("the box does not empty");
	}
	if (mt_live_objects() != base_live)
		fail("the box is empty but %ld allocation(s) (%ld bytes) made by the implementation "
		     "are still live: a leak", mt_live_objects() - base_live, mt_live_bytes());
	if (have_params && (box.max_total != 16L << 20 || box.max_msg_len != 65536 ||
			    box.max_msgs != 65536)) {
		/* the defaults back, in an order every step of which is in range
		 * (max_total first: max_msg_len is at most 4 MiB); only those
		 * that differ (each was read back after it was set) */
		phase = "restore";
		if (box.max_total != 16L << 20)
			set_param(PR_MAX_TOTAL, 16L << 20, "restore max_total=16777216");
		if (box.max_msg_len != 65536)
			set_param(PR_MAX_MSG_LEN, 65536, "restore max_msg_len=65536");
		if (box.max_msgs != 65536)
			set_param(PR_MAX_MSGS, 65536, "restore max_msgs=65536");
	}
	phase = "op";
}

void judge_run(const uint8_t *data, size_t n)
{
	char what[160];

	nops = ops_decode(data, n, ops, have_params);
	puts_made = 0;
	proc_seen.phase = NULL;	/* the last read was the previous input's end */
	for (cur = 0; cur < nops; cur++) {
		struct op *o = &ops[cur];

		o->len = o->kind == OP_PARAM ? param_value(o) : resolve_len(o);
		if (o->kind != OP_PARAM && (o->len > 2147483647L || o->len < -2147483647L - 1))
			o->len = 2147483647L;
		if (o->kind == OP_PUT)
			do_put(o, NULL);
		else if (o->kind == OP_GET)
			do_get(o, NULL);
		else
			do_param(o, NULL);
		check_proc();
		if (verbose) {
			op_words(o, what, sizeof(what), 1);
			printf("  %2zu %s\n", cur + 1, what);
		}
	}
	drain();
}

void judge_init(int lenient_, int verbose_)
{
	char text[512];
	const char *why;

	lenient = lenient_;
	verbose = verbose_;
	mt_set_finding_handler(shim_finding);
	mt_printk_quiet(!verbose);
	if ((why = mt_entry_check())) {
		fprintf(stderr, "fuzz: %s\n", why);
		exit(2);
	}
	mt_user_init();
	for (unsigned i = 0; i < MT_USER_PAGES; i++)
		mt_user_set_page(i, MT_PG_NONE);
	for (unsigned i = A_FIRST; i < A_FIRST + A_PAGES; i++)
		mt_user_set_page(i, MT_PG_RW);
	mt_user_set_page(PG_RO, MT_PG_RW);
	payload(0xfeed, (unsigned char *)ubase() + PG_RO * PG, PG);
	mt_user_set_page(PG_RO, MT_PG_RO);
	for (unsigned i = LAZY_FIRST; i < LAZY_FIRST + LAZY_PAGES; i++)
		mt_user_set_page(i, MT_PG_LAZY);
	memset(kernel_buf, 0x4b, sizeof(kernel_buf));

	phase = "init";
	mt_call_begin();
	int r = mt_run_initcalls();
	if ((why = mt_call_end()))
		fail("the initcall %s", why);
	if (r)
		fprintf(stderr, "fuzz: note: an initcall returned %d\n", r);
	have_proc = !mt_proc_read("dm510_msgbox", text, sizeof(text)) &&
		    mt_proc_field(text, "messages") >= 0;
	box.overhead = have_proc ? mt_proc_field(text, "overhead") : -1;
	have_params = mt_param_exists("max_msg_len") && mt_param_exists("max_total") &&
		      mt_param_exists("max_msgs");
	if (have_params) {
		mt_param_get("max_msg_len", &box.max_msg_len);
		mt_param_get("max_total", &box.max_total);
		mt_param_get("max_msgs", &box.max_msgs);
	} else if (lenient) {
		box.max_msg_len = box.max_total = box.max_msgs = -1;
	} else {
		box.max_msg_len = 65536;
		box.max_total = 16L << 20;
		box.max_msgs = 65536;
	}
	/* How does it say "empty"? (lenient: learned here; strict: -ENODATA) */
	mt_user_unfault();
	mt_call_begin();
	long e = mt_get(ubase(), 64);
	if ((why = mt_call_end()))
		fail("get on the empty box = %ld %s", e, why);
	if (e >= 0)
		fail("get on the empty box = %ld: a non-negative answer where an error is due", e);
	if (lenient)
		empty_answer = e;
	base_live = mt_live_objects();
	phase = "op";
	if (verbose || getenv("FUZZ_SAY_SETUP"))
		fprintf(stderr, "fuzz: %s (%s), /proc %s, parameters %s, overhead %ld, empty box "
			"answers %ld, profile %s\n", mt_entry_names(),
			mt_entry_returns_int() ? "returns int: a real bug, judged on the low 32 bits"
					       : "returns long",
			have_proc ? "yes" : "no", have_params ? "yes" : "no", box.overhead, e,
			lenient ? "lenient" : "strict");
}
