/* The box's limits, set at runtime through its module parameters. */
#ifndef MT_BOX_LIMITS_H
#define MT_BOX_LIMITS_H

#define MT_PARAM_DIR "/sys/module/dm510_msgbox/parameters"

struct mt_limits {
	long max_msg_len, max_total, max_msgs; /* -1: leave as is */
};

/* Write one parameter; 0 or -errno (the kernel refuses bad values). */
int mt_limit_set(const char *name, long value);
/* Write @text (a newline added) to one parameter, a number or not; as above. */
int mt_limit_write(const char *name, const char *text);
/* Read one; -1 when it cannot be read. */
long mt_limit_get(const char *name);
/*
 * Apply a set in an order the kernel accepts (max_msg_len may not exceed
 * max_total): lowering goes msg_len first, raising goes total first.
 * Returns 0, or -errno of the first refusal with *which set to its name.
 */
int mt_limits_apply(const struct mt_limits *l, const char **which);
/* Parse "max_msg_len=100,max_total=1000" ("-" is none); 0 or -1. */
int mt_limits_parse(const char *spec, struct mt_limits *l);

#endif
