/* Runtime limits through /sys/module/dm510_msgbox/parameters. */
#define _GNU_SOURCE
#include "box_limits.h"
#include "sysfile.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int mt_limit_write(const char *name, const char *text)
{
	char path[256], line[64];
	int fd, len, err = 0;

	snprintf(path, sizeof(path), "%s/%s", MT_PARAM_DIR, name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(line, sizeof(line), "%s\n", text);
	if (len >= (int)sizeof(line))
		len = sizeof(line) - 1;
	if (write(fd, line, len) != len)
		err = -errno;
	close(fd);
	return err;
}

int mt_limit_set(const char *name, long value)
{
	char text[32];

	snprintf(text, sizeof(text), "%ld", value);
	return mt_limit_write(name, text);
}

long mt_limit_get(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", MT_PARAM_DIR, name);
	return mt_read_long(path);
}

struct step {
	const char *name;
	long v;
};

int mt_limits_apply(const struct mt_limits *l, const char **which)
{
	long cur_len = mt_limit_get("max_msg_len");
	bool lower_len_first = l->max_msg_len >= 0 && l->max_msg_len <= cur_len;
	struct step order[3];
	int n = 0, err;

	if (lower_len_first)
		order[n++] = (struct step){ "max_msg_len", l->max_msg_len };
	order[n++] = (struct step){ "max_total", l->max_total };
	if (!lower_len_first)
		order[n++] = (struct step){ "max_msg_len", l->max_msg_len };
	order[n++] = (struct step){ "max_msgs", l->max_msgs };
	for (int i = 0; i < n; i++) {
		if (order[i].v < 0)
			continue;
		err = mt_limit_set(order[i].name, order[i].v);
		if (err) {
			if (which)
				*which = order[i].name;
			return err;
		}
	}
	return 0;
}

int mt_limits_parse(const char *spec, struct mt_limits *l)
{
	char buf[256], *save = NULL;

	l->max_msg_len = l->max_total = l->max_msgs = -1;
	if (!strcmp(spec, "-") || !*spec)
		return 0;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '='), *end;
		long v;

		if (!eq)
			return -1;
		*eq = '\0';
		v = strtol(eq + 1, &end, 0);
		if (*end || v < 0)
			return -1;
		if (!strcmp(tok, "max_msg_len"))
			l->max_msg_len = v;
		else if (!strcmp(tok, "max_total"))
			l->max_total = v;
		else if (!strcmp(tok, "max_msgs"))
			l->max_msgs = v;
		else
			return -1;
	}
	return 0;
}
