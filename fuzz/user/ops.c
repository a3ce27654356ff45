/* Decoding an input into ops, and saying ops in words. */
#include <stdio.h>

#include "ops.h"

static const char *const ptr_names[P_COUNT] = {
	"valid", "NULL", "0x1000", "unmapped", "readonly", "crossing",
	"lazy", "lazy-crossing", "kernel", "above-TASK_SIZE",
};
static const char *const len_names[L_COUNT] = {
	"0", "1", "top-1", "top", "top+1", "2^k-1", "2^k+1", "2^k", "-1",
	"INT_MIN", "INT_MAX", "max_msg_len", "max_msg_len+1", "small",
	"mixed", "negative",
};
static const char *const param_names[PR_COUNT] = { "max_msg_len", "max_total", "max_msgs" };

const char *ptr_name(enum op_ptr p)
{
	return p < P_COUNT ? ptr_names[p] : "?";
}

size_t ops_decode(const uint8_t *d, size_t n, struct op *ops, int have_params)
{
	size_t k = 0;

	for (; k < OPS_MAX && (k + 1) * OP_BYTES <= n; k++, d += OP_BYTES) {
		struct op *o = &ops[k];
		/* valid pointers most often: the other classes a sixteenth each */
		static const enum op_ptr pick[16] = {
			P_VALID, P_VALID, P_VALID, P_VALID, P_VALID, P_VALID, P_NULL,
			P_LOW, P_UNMAPPED, P_READONLY, P_CROSS, P_LAZY, P_LAZY_CROSS,
			P_KERNEL, P_HIGH, P_CROSS,
		};

		/* put half the time, get three eighths, a parameter write an
		 * eighth (bit 6 of a kind-2 op makes it a get: a quarter of
		 * the ops were parameter writes, 11% of the time, session 23) */
		switch (d[0] & 3) {
		case 1:
			o->kind = OP_GET;
			break;
		case 2:
			o->kind = have_params && !(d[0] & 0x40) ? OP_PARAM : OP_GET;
			break;
		default:
			o->kind = OP_PUT;
		}
		o->fault = (d[0] >> 2) & 3;
		if (o->fault == 3)
			o->fault = F_NONE;
		o->nth = 1 + ((d[0] >> 4) & 3);
		o->ptr = pick[d[1] & 15];
		o->param = (enum op_param)(d[1] % PR_COUNT);
		o->lenk = (enum op_len)(d[2] % L_COUNT);
		o->arg = (unsigned)d[3] | (unsigned)d[4] << 8;
		o->len = 0;
		o->result = 0;
	}
	return k;
}

void op_words(const struct op *o, char *buf, size_t n, int with_result)
{
	char ptr[40], fault[32] = "", res[32] = "";

	if (with_result)
		snprintf(res, sizeof(res), " = %ld", o->result);
	if (o->kind == OP_PARAM) {
		snprintf(buf, n, "set %s=%ld%s", param_names[o->param], o->len, res);
		return;
	}
	if (o->fault == F_ALLOC)
		snprintf(fault, sizeof(fault), ", alloc#%d fails", o->nth);
	else if (o->fault == F_COPY)
		snprintf(fault, sizeof(fault), ", usercopy#%d fails", o->nth);
	switch (o->ptr) {
	case P_VALID:
		snprintf(ptr, sizeof(ptr), "valid+%u", o->arg & 63);
		break;
	case P_CROSS:
	case P_LAZY_CROSS:
		snprintf(ptr, sizeof(ptr), "%s K=%u", ptr_names[o->ptr], o->arg % 4097);
		break;
	default:
		snprintf(ptr, sizeof(ptr), "%s", ptr_name(o->ptr));
	}
	snprintf(buf, n, "%s(%s, len=%ld [%s]%s)%s", o->kind == OP_PUT ? "put" : "get",
		 ptr, o->len, len_names[o->lenk], fault, res);
}
