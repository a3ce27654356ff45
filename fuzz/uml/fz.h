/*
 * msgbox-fuzz: the in-UML fuzzer (fuzz/README.md, "In UML"). A program is
 * a seeded sequence of put/get calls with drawn pointer classes, lengths,
 * limits, userfaultfd windows and fail-nth points; it is run op by op and
 * every call is judged against SPEC.md (in the run's profile, with the
 * conventions the probe learned) and a model of the box. Programs are
 * named by (seed, index): the same pair is the same program, always.
 */
#ifndef FZ_H
#define FZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conventions.h"
#include "mt_finding.h"
#include "mt_rng.h"

#define FZ_MAX_OPS 40
#define FZ_MAX_NEST 2
#define FZ_MODEL_MAX 256
#define FZ_MODELS 64
/* The bytes behind every buffer: twice the longest message the box booted
 * with (at least 64 KiB), plus a page; a longer length (INT_MAX) gets these,
 * so a call that believes it runs into the guard page. */
#define FZ_CAP (fz_env.cap)

enum fz_kind { FZ_PUT, FZ_GET };

struct fz_call {
	uint8_t kind;  /* enum fz_kind */
	uint8_t ptr;   /* index into the pointer table (harness/pointers.h) */
	uint8_t proc;  /* 0: the program's own process; 1: a second one */
	int32_t arg;   /* the class's number (cross:K) */
	int32_t len;   /* the length passed */
};

struct fz_op {
	struct fz_call c;
	int16_t nth;      /* fail the nth injection point of this call; 0 none */
	uint8_t window;   /* held in a userfaultfd window while sub[] run */
	uint8_t nested;   /* calls made while it is held (valid buffers) */
	uint8_t sig;      /* window only: FZ_SIG_HELD, FZ_SIG_NESTED (bits) */
	struct fz_call sub[FZ_MAX_NEST];
};

/*
 * Signals (SIGUSR1, no SA_RESTART) during a window: FZ_SIG_HELD, the held
 * call is signalled in its page fault once the nested calls are over;
 * FZ_SIG_NESTED, a nested call of the program's process still running
 * after FZ_SIG_MS (blocked: the held call holds what it needs) is
 * signalled. SPEC.md: a signal must not leave the box inconsistent, so a
 * signalled call may fail with any error and no effect, or complete.
 */
#define FZ_SIG_HELD 1
#define FZ_SIG_NESTED 2
#define FZ_SIG_MS 100

struct fz_prog {
	uint64_t seed;
	long index;
	long parent;  /* with coverage: the corpus program it was mutated from, or -1 */
	long max_msg_len, max_total, max_msgs; /* -1: as booted */
	int bad_param;  /* a limit written out of range first (FZ_PARAMS index), or -1 */
	long bad_value;
	char bad_text[16]; /* written instead of bad_value when set: not a number */
	int n;
	struct fz_op op[FZ_MAX_OPS];
};

/* What the run knows about the kernel and the implementation. */
struct fz_env {
	long boot_max_msg_len, boot_max_total, boot_max_msgs, overhead, cap;
	bool uffd, failnth, kallsyms, kmemleak, lenient;
	int ptr_valid; /* index of "valid" */
	/* the draws' shares, in percent (fuzz.conf may change them) */
	int pct_valid, pct_window, pct_nth, pct_limits, pct_proc;
	int pct_signal; /* of the windows */
};

extern struct fz_env fz_env;

/* One message in the model: its length and the identity its bytes carry. */
struct fz_msg {
	int32_t len;
	uint32_t writer, seq;
};

struct fz_model {
	int n;
	long bytes;
	long max_msg_len, max_total, max_msgs;
	bool failed_get; /* the last get failed with messages in the box */
	struct fz_msg m[FZ_MODEL_MAX];
};

/* A finding, as data, with the words of its first violation. */
struct fz_finding {
	bool found;
	enum mt_oracle oracle;
	enum mt_bug bug;
	int op;   /* op index (-1: the program as a whole: drain, console, leak) */
	bool window_blocked; /* progress: a call made while one was held (FZ_BLOCK_S) */
	char call[200], expected[200], got[200], detail[1200];
};

/* The runtime limits by index (harness/box_limits.h). */
#define FZ_NPARAMS 3
extern const char *const fz_params[FZ_NPARAMS];

/* gen.c */
void fz_gen(struct fz_prog *p, uint64_t seed, long index);
/* text.c: one op a line ("put valid 0 16 nth=0 win=0 [sub...]") */
void fz_call_str(const struct fz_call *c, char *out, size_t n);
void fz_op_str(const struct fz_op *o, char *out, size_t n);
int fz_prog_write(FILE *f, const struct fz_prog *p);
int fz_prog_read(FILE *f, struct fz_prog *p, char *err, size_t errn);
const char *fz_errno_str(long r, char *buf, size_t n);

/* judge.c: SPEC.md's tables over the model */
struct fz_expect {
	long want;       /* the answer SPEC gives (conventions applied) */
	bool any_error;  /* lenient or a deviation: any negative will do */
	bool alt_fail;   /* fail-nth: -ENOMEM / -EFAULT with no effect will do */
	bool alt_nospc;  /* -ENOSPC will do: a held put's reservation (fz_reserve) */
	int effect;      /* 0 none, 1 push, 2 pop (on success) */
	const char *why; /* which row decided, for reports */
};
void fz_expect(const struct fz_model *m, const struct fz_call *c, int nth, struct fz_expect *e);
/*
 * Judge result @r of call @c (with @got: what a successful get wrote) on
 * @m; on success apply its effect to @m and return true, else fill @f.
 */
bool fz_judge(struct fz_model *m, const struct fz_call *c, int nth, long r, const unsigned char *got,
	      uint32_t writer, uint32_t seq, struct fz_finding *f);
void fz_model_init(struct fz_model *m, const struct fz_prog *p);

/* A put held in its copy has reserved its room (SPEC row 4 passed): calls
 * made meanwhile may find the box full with it counted (window_op sets). */
/* The call being judged was signalled (FZ_SIG_*) while it ran: any error
 * with no effect will do (window_op sets it around each judgement). */
extern bool fz_signalled;

extern struct fz_reserve {
	int n;
	long bytes;
} fz_reserve;

/* bufs.c: the buffer behind a call, per process */
/* The bytes behind a length: at most FZ_CAP. */
size_t fz_blen(long len);
int fz_bufs_init(char *why, size_t n);
/* The pointer for @c (len bytes, a put's filled with writer/seq); *buflen:
 * the bytes behind it that can be checked (guarded classes), else 0. */
void *fz_buf(const struct fz_call *c, uint32_t writer, uint32_t seq, size_t *checkable, bool *guarded);
/* After a get: first byte written in [from, buflen + canary), or -1. */
long fz_buf_written(const struct fz_call *c, size_t from);
/* A kernel-address class (ktext, kernel) whose address this process has
 * mapped itself: UML gives user mappings upwards from 0x40000000, and the
 * kernel's image lies at 0x60000000, so 512 MiB of them reach it. A call
 * there would be no bad pointer; the run says so (a harness finding). */
bool fz_buf_kernel_mapped(const struct fz_call *c);
void fz_buf_seal_done(const struct fz_call *c);

/* kreport.c: the kernel's own reports, read back from /dev/kmsg */
int fz_kmsg_open(void);
/* New records since the last call: true if one is a report (level <=
 * warning, not ours); its text in @line. */
bool fz_kmsg_report(char *line, size_t n);
/* kmemleak: scan (twice) and find the unreferenced objects of @pids that a
 * frame of the implementation allocated: their count, leaked[i] for each
 * pid that has one, the first object's line in @line. */
int fz_leak_scan(const int *pids, int npids, bool *leaked, char *line, size_t n);
void fz_leak_clear(void);
/* The first object of ours the last scan listed, whole (with its backtrace). */
extern char fz_leak_block[4096];

struct fz_trace;

/* The call being made, in memory the fuzzer's loop shares with the child
 * that makes it (NULL: not recorded): a call that never returns is named. */
struct fz_running {
	long prog;
	int op, in_window; /* 1 its window's calls, 2 after them, 3 it returned, 4 its window's calls after it returned */
	double window_t0; /* when the calls made while one is held began */
	char words[200];
};
extern struct fz_running *fz_running;
/* The trace so far, after every op (fz_run_child: a run that is killed
 * still leaves the ops it finished); NULL: not published. */
extern struct fz_trace *fz_trace_out;

/*
 * A call made while another is held in its copy that has not returned
 * after FZ_BLOCK_S waits for something the held call holds (a lock held
 * across the copy): blocks-callers, found in seconds rather than at the
 * 20-30 s limits of a whole program (harness/held_window.h: the same 2 s).
 */
#define FZ_BLOCK_S 2.0
enum fz_watched { FZ_ENDED, FZ_TIMED_OUT, FZ_WINDOW_BLOCKED };
/* Wait for @pid (*st); FZ_TIMED_OUT after @limit_s, FZ_WINDOW_BLOCKED as
 * above (@r shared with it); in both it is left running. */
enum fz_watched fz_watch(int pid, int *st, const struct fz_running *r, double limit_s);
/* A blocks-callers finding of @r (FZ_WINDOW_BLOCKED) in @f. */
void fz_blocked_finding(const struct fz_running *r, struct fz_finding *f);

/* exec.c */
struct fz_opts {
	bool verbose;     /* say every call */
	bool markers;     /* case-begin/end per call (replay), else per program */
	bool proc_each;   /* /proc counters after every call */
};
/* Run @p in this process; judge it into @f. Returns calls made. */
int fz_run(const struct fz_prog *p, const struct fz_opts *o, struct fz_finding *f);
/* Fork, run @p in the child, return its finding (child's crash included). */
int fz_run_child(const struct fz_prog *p, const struct fz_opts *o, struct fz_finding *f, int *pid);
/* The trace of the last fz_run_child. */
void fz_last_trace(struct fz_trace *t);
void fz_env_probe(void);
/* Get until the box says empty, judging nothing (after a finding). */
/* Gets until the box is empty: FZ_EMPTIED, or the last answer when it
 * could not be emptied (the same answer a thousand times in a row) */
#define FZ_EMPTIED (-0x7ffffffeL)
long fz_empty_box(void);
double fz_now(void);
extern long fz_calls; /* calls made in this process */
/* signals this process sent that reached a call in its window (FZ_SIG_*):
 * a held call in its fault, a nested call still waiting after FZ_SIG_MS */
extern long fz_sig_held, fz_sig_nested, fz_sig_failed; /* failed: of those, the calls that then failed */

/* What one run saw and expected, op by op (for the reproducer). */
struct fz_expect_rec {
	long r, want;
	bool any_error, pops, pushes;
	uint8_t alt; /* 1: a fail-nth point (-ENOMEM, -EFAULT), 2: signalled (any error) */
	struct fz_msg top; /* a get's expected message */
};
struct fz_step {
	struct fz_expect_rec main, sub[FZ_MAX_NEST];
	int box_n;
	long box_bytes;
};
struct fz_trace {
	int n; /* ops run */
	struct fz_step s[FZ_MAX_OPS];
	int left; /* the model's messages at the end, bottom first */
	struct fz_msg box[FZ_MODEL_MAX];
};
extern struct fz_trace fz_trace;

/* kcov.c: coverage of the implementation (a debug+kcov kernel) */
#define FZ_CORPUS 512
struct fz_cover {
	unsigned long n;          /* PCs seen */
	unsigned long pc[1 << 14];
	unsigned corpus_n;
	struct fz_prog corpus[FZ_CORPUS];
};
extern struct fz_cover *fz_cover; /* NULL: no KCOV in this kernel */
void fz_cover_init(void);
void fz_cover_begin(void);
int fz_cover_end(void);
void fz_cover_keep(const struct fz_prog *p);
int fz_cover_write(FILE *f);

/* minimise.c */
void fz_minimise(struct fz_prog *p, const struct fz_finding *f0, const struct fz_opts *o, int *tests);
/* repro_emit.c: the program as the body of a standalone C file */
int fz_emit_repro(FILE *out, const char *prelude, const struct fz_prog *p, const struct fz_trace *t,
		  const struct fz_finding *f);

#endif
