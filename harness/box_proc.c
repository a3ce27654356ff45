/* Reader of /proc/dm510_msgbox: "name value" lines, order not assumed. */
#include "box_proc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct field {
	const char *name;
	size_t off;
};

static const struct field fields[] = {
	{ "messages", offsetof(struct mt_box, messages) },
	{ "bytes", offsetof(struct mt_box, bytes) },
	{ "overhead", offsetof(struct mt_box, overhead) },
	{ "max_msg_len", offsetof(struct mt_box, max_msg_len) },
	{ "max_total", offsetof(struct mt_box, max_total) },
	{ "max_msgs", offsetof(struct mt_box, max_msgs) },
	{ "puts", offsetof(struct mt_box, puts) },
	{ "gets", offsetof(struct mt_box, gets) },
	{ "errors", offsetof(struct mt_box, errors) },
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

bool mt_box_parse(const char *text, struct mt_box *box)
{
	unsigned seen = 0;

	memset(box, 0, sizeof(*box));
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		for (size_t i = 0; i < N_FIELDS; i++) {
			size_t k = strlen(fields[i].name);

			if (len > k && !strncmp(line, fields[i].name, k) && line[k] == ' ') {
				*(long *)((char *)box + fields[i].off) = strtol(line + k + 1, NULL, 10);
				seen |= 1u << i;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	box->present = seen == (1u << N_FIELDS) - 1;
	return box->present;
}

void mt_box_read(struct mt_box *box)
{
	char text[1024];
	FILE *f = fopen(MT_BOX_PROC, "r");
	size_t n = 0;

	memset(box, 0, sizeof(*box));
	if (!f)
		return;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	mt_box_parse(text, box);
}

void mt_box_format(const struct mt_box *box, char *out, size_t n)
{
	if (!box->present)
		snprintf(out, n, "(no %s)", MT_BOX_PROC);
	else
		snprintf(out, n, "messages %ld, bytes %ld", box->messages, box->bytes);
}
