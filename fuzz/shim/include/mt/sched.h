/* The current task, as far as a syscall looks at it: no signals pending. */
#ifndef MT_SCHED_H
#define MT_SCHED_H

struct task_struct {
	int pid;
	char comm[16];
};
extern struct task_struct mt_current_task;
#define current (&mt_current_task)
#define fatal_signal_pending(t) ((void)(t), 0)
#define signal_pending(t) ((void)(t), 0)
#define task_pid_nr(t) ((t)->pid)

#endif
