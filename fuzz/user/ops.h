/* An input as a sequence of operations: 5 bytes each, decoded, and said in
 * words for the finding line and the replay. */
#ifndef FUZZ_OPS_H
#define FUZZ_OPS_H

#include <stddef.h>
#include <stdint.h>

enum op_kind { OP_PUT, OP_GET, OP_PARAM };
enum op_ptr { P_VALID, P_NULL, P_LOW, P_UNMAPPED, P_READONLY, P_CROSS, P_LAZY,
	      P_LAZY_CROSS, P_KERNEL, P_HIGH, P_COUNT };
enum op_len { L_ZERO, L_ONE, L_TOP_M1, L_TOP, L_TOP_P1, L_POW2_M1, L_POW2_P1, L_POW2,
	      L_NEG1, L_INT_MIN, L_INT_MAX, L_MAX, L_MAX_P1, L_SMALL, L_MIXED,
	      L_NEG_RANDOM, L_COUNT };
enum op_fault { F_NONE, F_ALLOC, F_COPY };
enum op_param { PR_MAX_MSG_LEN, PR_MAX_TOTAL, PR_MAX_MSGS, PR_COUNT };

struct op {
	enum op_kind kind;
	enum op_ptr ptr;
	enum op_len lenk;	/* for OP_PARAM: the value class */
	enum op_fault fault;
	int nth;		/* the nth allocation or usercopy fails */
	unsigned arg;		/* 16 bits: K, random length, offset, value */
	enum op_param param;
	/* resolved when run */
	long len;		/* the length passed (or the value set) */
	long result;
};

#define OP_BYTES 5
#define OPS_MAX 64

/* Decodes up to OPS_MAX ops; returns how many. */
size_t ops_decode(const uint8_t *data, size_t n, struct op *ops, int have_params);
/* "put(valid+3, len=16 [top], alloc#1 fails) = 0" into buf. */
void op_words(const struct op *op, char *buf, size_t n, int with_result);
const char *ptr_name(enum op_ptr p);

#endif
