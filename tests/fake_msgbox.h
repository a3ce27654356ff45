/* The user-space stand-in box of tests/fake_msgbox.c. */
#ifndef MT_FAKE_MSGBOX_H
#define MT_FAKE_MSGBOX_H

enum fake_bug { FAKE_OK, FAKE_LOSE, FAKE_DUPLICATE, FAKE_CORRUPT, FAKE_OVERFLOW };

/* Empty the box and choose its behaviour (every 97th call goes wrong). */
void fake_box_bug(enum fake_bug bug);
long mt_box_drain(void);

#endif
