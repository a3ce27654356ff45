/*
 * The author's own header, handed in beside dm510_msgbox.c (the .c file
 * includes it by its absolute path on the author's machine). Part of the
 * abs-include fixture. Not ours: do not fix it.
 */
#ifndef DM510_MSGBOX_H
#define DM510_MSGBOX_H

#include <linux/linkage.h>

#define MAX_MSG_SIZE 4096

typedef struct _msg_t msg_t;

struct _msg_t {
	msg_t *previous;
	int length;
	char *message;
};

asmlinkage int sys_dm510_msgbox_put(char *buffer, int length);
asmlinkage int sys_dm510_msgbox_get(char *buffer, int length);

#endif
