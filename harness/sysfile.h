/* Small files of the kernel's that hold one number. */
#ifndef MT_SYSFILE_H
#define MT_SYSFILE_H

/* The number at the start of @path (sysfs, procfs), or -1. */
long mt_read_long(const char *path);

#endif
