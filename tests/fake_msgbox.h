/* The user-space stand-in box of tests/fake_msgbox.c. */
#ifndef MT_FAKE_MSGBOX_H
#define MT_FAKE_MSGBOX_H

/* FAKE_STUCK: the box starts with a zero-length message at the bottom that
 * a get answers (0) and never removes, as spin-copy-612 does */
enum fake_bug { FAKE_OK, FAKE_LOSE, FAKE_DUPLICATE, FAKE_CORRUPT, FAKE_OVERFLOW, FAKE_STUCK };

/* Empty the box and choose its behaviour (every 97th call goes wrong). */
void fake_box_bug(enum fake_bug bug);
long mt_box_drain(void);

#endif
