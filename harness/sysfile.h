/* Small files of the kernel's: one number to read, one command to write. */
#ifndef MT_SYSFILE_H
#define MT_SYSFILE_H

/* The number at the start of @path (sysfs, procfs), or -1. */
long mt_read_long(const char *path);
/* Write @text to @path in one write() (debugfs and procfs take a command
 * a write): 0, or -1 when it cannot be opened or was not taken whole. */
int mt_write_text(const char *path, const char *text);

#endif
