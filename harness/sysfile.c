/* Reading one number from a kernel file (see sysfile.h). */
#include "sysfile.h"

#include <stdio.h>
#include <stdlib.h>

long mt_read_long(const char *path)
{
	char text[32] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(text, sizeof(text), f))
		text[0] = '\0';
	fclose(f);
	return text[0] ? strtol(text, NULL, 10) : -1;
}
