import subprocess, sys, os
ref = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'dm510_msgbox.c')).read()
# Arguments: regenerate only the mutants named (all when none is named).
ONLY = set(sys.argv[1:])
def mutant(name, desc, edits, drop_lines=()):
    if ONLY and name not in ONLY:
        return
    s = ref
    for old, new in edits:
        assert s.count(old) == 1, (name, old)
        s = s.replace(old, new)
    for line in drop_lines:  # every line equal to this one, however indented
        import re
        pat = re.compile(r'^[ \t]*' + re.escape(line) + r'\n', re.M)
        assert pat.search(s), (name, line)
        s = pat.sub('', s)
    os.makedirs('a', exist_ok=True); os.makedirs('b', exist_ok=True)
    open('a/dm510_msgbox.c','w').write(ref)
    open('b/dm510_msgbox.c','w').write(s)
    d = subprocess.run(['diff','-u','a/dm510_msgbox.c','b/dm510_msgbox.c'],capture_output=True,text=True).stdout
    lines = d.split('\n')
    lines[0] = '--- a/dm510_msgbox.c'; lines[1] = '+++ b/dm510_msgbox.c'
    open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name + '.patch'),'w').write('# ' + desc + '\n' + '\n'.join(lines))

mutant('put-no-negative-check', 'put forgets SPEC row 1: a negative length is not refused with -EINVAL (it fails later, as -EFAULT)',
  [("\tif (length < 0)\n\t\treturn -EINVAL;\n\tif (length > READ_ONCE(dm510_max_msg_len))",
    "\tif (length > READ_ONCE(dm510_max_msg_len))")])
mutant('get-deref-empty-message', 'get keeps the first byte of the message it returns as a tag, and an empty message has no bytes: a NULL dereference, a kernel panic on UML',
  [("static atomic_long_t dm510_errors = ATOMIC_LONG_INIT(0);\n", "static atomic_long_t dm510_errors = ATOMIC_LONG_INIT(0);\nstatic char dm510_last_tag;\n"),
   ("\t\tif (!left) {\n\t\t\tdm510_pop_locked(msg);",
    "\t\tif (!left) {\n\t\t\tdm510_last_tag = *(volatile char *)msg->data;\n\t\t\tdm510_pop_locked(msg);")])
mutant('get-two-splats', 'two bugs, two kernel reports: get returns -EMSGSIZE with interrupts still disabled, and reads the message length after freeing it (KASAN use-after-free)',
  [("\t\tif (length < size) {\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\treturn -EMSGSIZE;",
    "\t\tif (length < size) {\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\tlocal_irq_disable();\n\t\t\treturn -EMSGSIZE;"),
   ("\t\t\tdm510_free(msg);\n\t\t\treturn size;",
    "\t\t\tdm510_free(msg);\n\t\t\treturn msg->len;")])
mutant('get-lock-held-on-emsgsize', 'get returns -EMSGSIZE without dropping the box lock: lockdep reports a lock held on return to user space, and the next call spins forever',
  [("\t\tif (length < size) {\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\treturn -EMSGSIZE;\n\t\t}",
    "\t\tif (length < size)\n\t\t\treturn -EMSGSIZE;")])

# Stress-engine mutants: caught only through the userfaultfd race
# windows of cases/stress.tsv, where a get is held inside copy_to_user while
# other calls run. On UML 6.1 (one CPU, no preemption) nothing else opens a
# window, so each bug also needs a copy with page faults enabled.
GET_COPY = """		/* No sleeping under the lock: a fault makes the copy short. */
		left = 0;
		if (size > 0) {
			pagefault_disable();
			left = copy_to_user(buffer, msg->data, size);
			pagefault_enable();
		}
		if (!left) {
			dm510_pop_locked(msg);
			spin_unlock(&dm510_lock);
			dm510_free(msg);
			return size;
		}
		spin_unlock(&dm510_lock);
"""
PEEK_COPY_POP = """		/* Copy without the lock (no sleeping under it), then pop. */
		spin_unlock(&dm510_lock);
		left = 0;
		if (size > 0)
			left = copy_to_user(buffer, msg->data, size);
		if (!left) {
			spin_lock(&dm510_lock);
			if (!list_empty(&dm510_box)) {
				msg = list_first_entry(&dm510_box, struct dm510_msg, node);
				dm510_pop_locked(msg);
			} else {
				msg = NULL;
			}
			spin_unlock(&dm510_lock);
			if (msg)
				dm510_free(msg);
			return size;
		}
"""
mutant('get-peek-copy-pop', 'get peeks the top under the lock, drops it to copy to the user (page faults enabled), then takes the lock again and pops whatever is on top now: a put or get in between loses one message and duplicates another',
  [(GET_COPY, PEEK_COPY_POP)])
mutant('get-nolock', 'no locking at all: dm510_lock is never taken, so get also copies with page faults enabled (nothing to protect), between peeking the top and popping whatever is on top then: calls in between lose and duplicate messages',
  [(GET_COPY, PEEK_COPY_POP), ("static DEFINE_SPINLOCK(dm510_lock);\n", "")],
  drop_lines=("spin_lock(&dm510_lock);", "spin_unlock(&dm510_lock);"))
mutant('get-empty-check-unlocked', 'get checks for an empty box once, before taking the lock, and inside it takes the top without checking again: when the box empties while get faults its buffer in, it pops the list head itself',
  [("\tif (length < 0)\n\t\treturn -EINVAL;\n\n\tfor (;;) {\n\t\tspin_lock(&dm510_lock);\n\t\tif (list_empty(&dm510_box)) {\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\treturn -ENODATA;\n\t\t}\n",
    "\tif (length < 0)\n\t\treturn -EINVAL;\n\t/* Empty? Checked once, before the lock. */\n\tif (list_empty(&dm510_box))\n\t\treturn -ENODATA;\n\n\tfor (;;) {\n\t\tspin_lock(&dm510_lock);\n")])

# --- one per group of cases/faults.tsv: each caught by that group only ----
mutant('get-discards-on-fault', 'get gives up on a buffer it cannot make writable and discards the message with it (loss on -EFAULT)',
  [("\t\tif (fault_in_writeable(buffer, size))\n\t\t\treturn -EFAULT;",
    "\t\tif (fault_in_writeable(buffer, size)) {\n\t\t\tspin_lock(&dm510_lock);\n\t\t\tif (!list_empty(&dm510_box)) {\n\t\t\t\tmsg = list_first_entry(&dm510_box, struct dm510_msg, node);\n\t\t\t\tdm510_pop_locked(msg);\n\t\t\t\tspin_unlock(&dm510_lock);\n\t\t\t\tdm510_free(msg);\n\t\t\t} else {\n\t\t\t\tspin_unlock(&dm510_lock);\n\t\t\t}\n\t\t\treturn -EFAULT;\n\t\t}")])
mutant('put-unsigned-length', 'put compares the length as unsigned first: a negative length is -EMSGSIZE, not -EINVAL',
  [("\tif (length < 0)\n\t\treturn -EINVAL;\n\tif (length > READ_ONCE(dm510_max_msg_len))\n\t\treturn -EMSGSIZE;",
    "\tif ((unsigned int)length > READ_ONCE(dm510_max_msg_len))\n\t\treturn -EMSGSIZE;\n\tif (length < 0)\n\t\treturn -EINVAL;")])
mutant('get-truncates', 'get copies only what fits into a short buffer, returns that, and drops the rest of the message',
  [("\t\tif (length < size) {\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\treturn -EMSGSIZE;\n\t\t}",
    "\t\tif (length < size)\n\t\t\tsize = length;")])
mutant('put-limit-off-by-one', 'put refuses the message that exactly reaches max_msgs ("exceed" read as "reach")',
  [("\t     dm510_slots + 1 <= (unsigned long)dm510_max_msgs;",
    "\t     dm510_slots + 1 < (unsigned long)dm510_max_msgs;")])
mutant('put-no-retry-mayfail', 'put allocates without __GFP_RETRY_MAYFAIL: when memory runs out it wakes the OOM killer instead of failing',
  [("#define DM510_GFP (GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)",
    "#define DM510_GFP (GFP_KERNEL_ACCOUNT | __GFP_NOWARN)")])
mutant('put-lost-on-alloc-failure', 'put reports success when it cannot allocate the message header, and stores nothing',
  [("\tmsg = kmalloc(sizeof(*msg), DM510_GFP);\n\tif (!msg)\n\t\tgoto unreserve;",
    "\tmsg = kmalloc(sizeof(*msg), DM510_GFP);\n\tif (!msg) {\n\t\terr = 0;\n\t\tgoto unreserve;\n\t}")])
mutant('put-leaks-on-copy-failure', 'put forgets to free the message when copy_from_user fails (a leak on an error path)',
  [("\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\tgoto free;",
    "\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\tgoto unreserve;")])

mutant('put-leaks-on-alloc-failure', 'put forgets to free the message header when the allocation of its bytes fails: a leak on the -ENOMEM path only, which no scan before the fail-nth sweeps can see',
  [("\t\tmsg->data = kvmalloc(length, DM510_GFP);\n\t\tif (!msg->data)\n\t\t\tgoto free;",
    "\t\tmsg->data = kvmalloc(length, DM510_GFP);\n\t\tif (!msg->data)\n\t\t\tgoto unreserve;")])

# --- the zoo: one real bug class each; expect.tsv says what kills it
mutant('put-irqsave-kmalloc', 'put allocates its message header with interrupts disabled (local_irq_save around kmalloc(GFP_KERNEL)): sleeping in atomic context, which only DEBUG_ATOMIC_SLEEP (6.12) reports',
  [("\tstruct dm510_msg *msg;\n\tlong err;\n", "\tstruct dm510_msg *msg;\n\tunsigned long flags;\n\tlong err;\n"),
   ("\tmsg = kmalloc(sizeof(*msg), DM510_GFP);\n\tif (!msg)\n\t\tgoto unreserve;",
    "\tlocal_irq_save(flags);\n\tmsg = kmalloc(sizeof(*msg), DM510_GFP);\n\tlocal_irq_restore(flags);\n\tif (!msg)\n\t\tgoto unreserve;")])
mutant('get-overflows-short-buffer', 'get copies the whole message into the caller\'s buffer before it compares the sizes: a buffer too short gets the message written past its end (an overflow), though the answer is still -EMSGSIZE',
  [("\t\tif (length < size) {\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\treturn -EMSGSIZE;\n\t\t}\n", ""),
   ("\t\tif (!left) {\n\t\t\tdm510_pop_locked(msg);",
    "\t\tif (!left && length < size) {\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\treturn -EMSGSIZE;\n\t\t}\n\t\tif (!left) {\n\t\t\tdm510_pop_locked(msg);")])
mutant('put-ignores-copy-result', 'put ignores what copy_from_user returns: a buffer it cannot read is stored anyway (uninitialised kernel memory) and the call reports success',
  [("\t\terr = -EFAULT;\n\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\tgoto free;\n",
    "\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\t;\t/* what did not arrive stays as it was */\n")])
mutant('get-leaks-on-fault', 'get keeps a kernel copy of the message while it faults the buffer in, and returns -EFAULT without freeing it (a leak on a get error path)',
  [("\tunsigned long left;\n\tint size;\n", "\tunsigned long left;\n\tchar *bounce;\n\tint size;\n"),
   ("\t\tspin_unlock(&dm510_lock);\n\n\t\t/* Make the buffer writable, then decide again from the top. */\n\t\tif (fault_in_writeable(buffer, size))\n\t\t\treturn -EFAULT;\n",
    "\t\t/* Keep a copy to retry with, in case the message goes meanwhile. */\n\t\tbounce = kmemdup(msg->data, size, GFP_ATOMIC);\n\t\tspin_unlock(&dm510_lock);\n\n\t\t/* Make the buffer writable, then decide again from the top. */\n\t\tif (fault_in_writeable(buffer, size))\n\t\t\treturn -EFAULT;\n\t\tkfree(bounce);\n")])
mutant('get-uaf-length', 'get frees the message and then reads its length for the return value (use after free: KASAN)',
  [("\t\t\tdm510_free(msg);\n\t\t\treturn size;", "\t\t\tdm510_free(msg);\n\t\t\treturn msg->len;")])
mutant('get-returns-size-plus-one', 'get counts a terminating NUL the message never had: it returns size + 1 (off by one in the returned length)',
  [("\t\t\tdm510_free(msg);\n\t\t\treturn size;", "\t\t\tdm510_free(msg);\n\t\t\treturn size + 1;")])
mutant('put-no-upper-bound', 'put has no upper bound on the length: a message longer than max_msg_len is stored (or refused for room, not with -EMSGSIZE)',
  [("\tif (length > READ_ONCE(dm510_max_msg_len))\n\t\treturn -EMSGSIZE;\n", "")])
mutant('put-positive-errno', 'put returns positive errno values (EINVAL, EMSGSIZE) for a bad length',
  [("\tif (length < 0)\n\t\treturn -EINVAL;\n\tif (length > READ_ONCE(dm510_max_msg_len))\n\t\treturn -EMSGSIZE;",
    "\tif (length < 0)\n\t\treturn EINVAL;\n\tif (length > READ_ONCE(dm510_max_msg_len))\n\t\treturn EMSGSIZE;")])
mutant('abi-returns-int', 'the entry points are written as asmlinkage int, the course\'s old style: UML hands user space the whole register, so -22 arrives as 4294967274 with errno unset ("returns int")',
  [("SYSCALL_DEFINE2(dm510_msgbox_put, const char __user *, buffer, int, length)",
    "asmlinkage int sys_dm510_msgbox_put(const char __user *buffer, int length);\nasmlinkage int sys_dm510_msgbox_put(const char __user *buffer, int length)"),
   ("SYSCALL_DEFINE2(dm510_msgbox_get, char __user *, buffer, int, length)",
    "asmlinkage int sys_dm510_msgbox_get(char __user *buffer, int length);\nasmlinkage int sys_dm510_msgbox_get(char __user *buffer, int length)")])
mutant('abi-get-returns-int', 'only get is written as asmlinkage int (put keeps SYSCALL_DEFINE2): every get result is cut to 32 bits, so an error from get arrives as a large positive number while put looks right',
  [("SYSCALL_DEFINE2(dm510_msgbox_get, char __user *, buffer, int, length)",
    "asmlinkage int sys_dm510_msgbox_get(char __user *buffer, int length);\nasmlinkage int sys_dm510_msgbox_get(char __user *buffer, int length)")])
mutant('get-irqs-off-on-enodata', 'get takes the lock with spin_lock_irqsave but leaves through the empty-box path with a plain spin_unlock: it returns -ENODATA with interrupts disabled',
  [("\tunsigned long left;\n\tint size;\n", "\tunsigned long left, flags;\n\tint size;\n"),
   ("\t\tspin_lock(&dm510_lock);\n\t\tif (list_empty(&dm510_box)) {", "\t\tspin_lock_irqsave(&dm510_lock, flags);\n\t\tif (list_empty(&dm510_box)) {"),
   ("\t\tif (length < size) {\n\t\t\tspin_unlock(&dm510_lock);", "\t\tif (length < size) {\n\t\t\tspin_unlock_irqrestore(&dm510_lock, flags);"),
   ("\t\t\tspin_unlock(&dm510_lock);\n\t\t\treturn -EFAULT;\n\t\t}\n\n\t\t/* No sleeping", "\t\t\tspin_unlock_irqrestore(&dm510_lock, flags);\n\t\t\treturn -EFAULT;\n\t\t}\n\n\t\t/* No sleeping"),
   ("\t\t\tdm510_pop_locked(msg);\n\t\t\tspin_unlock(&dm510_lock);\n\t\t\tdm510_free(msg);", "\t\t\tdm510_pop_locked(msg);\n\t\t\tspin_unlock_irqrestore(&dm510_lock, flags);\n\t\t\tdm510_free(msg);"),
   ("\t\tspin_unlock(&dm510_lock);\n\n\t\t/* Make the buffer", "\t\tspin_unlock_irqrestore(&dm510_lock, flags);\n\n\t\t/* Make the buffer")])
mutant('get-len0-never-leaves', 'get answers 0 to a zero-length buffer without looking at the box ("nothing to copy"): an empty message asked for with length 0 never leaves, and an empty box or a longer message on top go unreported',
  [("\tif (length < 0)\n\t\treturn -EINVAL;\n\n\tfor (;;) {", "\tif (length < 0)\n\t\treturn -EINVAL;\n\tif (length == 0)\t/* nothing to copy */\n\t\treturn 0;\n\n\tfor (;;) {")])
mutant('put-printk-unterminated', 'put logs the message with printk("%s"), but a message is not NUL-terminated: vsprintf reads past the end of its allocation (KASAN)',
  [("\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\tgoto free;\n\t}\n",
    "\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\tgoto free;\n\t}\n\tprintk_ratelimited(KERN_INFO \"dm510_msgbox: put %d bytes: %s\\n\", length, msg->data);\n")])
mutant('get-pops-before-size-check', 'get takes the top message off the box before it compares the sizes: a buffer too short gets -EMSGSIZE and the message is gone (and leaked)',
  [("\t\tsize = msg->len;\n\t\tif (length < size) {", "\t\tsize = msg->len;\n\t\tdm510_pop_locked(msg);\n\t\tif (length < size) {"),
   ("\t\tif (!left) {\n\t\t\tdm510_pop_locked(msg);\n", "\t\tif (!left) {\n")])
mutant('put-empty-lost-on-alloc-failure', 'put of an empty message takes a failed allocation for "nothing to store": it returns 0 and stores nothing (only fail-nth reaches that path)',
  [("\tmsg = kmalloc(sizeof(*msg), DM510_GFP);\n\tif (!msg)\n\t\tgoto unreserve;",
    "\tmsg = kmalloc(sizeof(*msg), DM510_GFP);\n\tif (!msg) {\n\t\tif (!length)\n\t\t\terr = 0;\n\t\tgoto unreserve;\n\t}")])

# --- held calls (cases/faults.tsv held.*): one call held in its copy while
# another runs; each mutant is caught there deterministically.
mutant('get-pushback-on-fault', 'get takes the message off before copying (with page faults enabled, no lock held) and pushes it back on top when the copy fails: a put meanwhile ends up below it, and a get meanwhile does not see it (the course pattern of abs-include, vintage-4x, danish-names)',
  [(GET_COPY, """		/* Take it off, copy without the lock, put it back on failure. */
		dm510_pop_locked(msg);
		spin_unlock(&dm510_lock);
		left = 0;
		if (size > 0)
			left = copy_to_user(buffer, msg->data, size);
		if (!left) {
			dm510_free(msg);
			return size;
		}
		spin_lock(&dm510_lock);
		list_add(&msg->node, &dm510_box);
		dm510_messages++;
		dm510_bytes += size;
		dm510_slots++;
		dm510_charged += size + DM510_OVERHEAD;
		spin_unlock(&dm510_lock);
""")])
mutant('put-links-before-copy', 'put links its message into the box before copying into it (with no lock held), and on a failed copy takes the top off again: a get meanwhile hands out bytes never put, and a put meanwhile is the one taken off',
  [("static long dm510_put(const char __user *buffer, int length)\n{",
    "static void dm510_pop_locked(struct dm510_msg *msg);\n\nstatic long dm510_put(const char __user *buffer, int length)\n{"),
   ("""		err = -EFAULT;
		if (copy_from_user(msg->data, buffer, length))
			goto free;
	}

	spin_lock(&dm510_lock);
	list_add(&msg->node, &dm510_box);
	dm510_messages++;
	dm510_bytes += length;
	spin_unlock(&dm510_lock);
	return 0;
""", """	}

	spin_lock(&dm510_lock);
	list_add(&msg->node, &dm510_box);
	dm510_messages++;
	dm510_bytes += length;
	spin_unlock(&dm510_lock);
	/* Fill it in the box; on failure take the top off again. */
	if (length > 0 && copy_from_user(msg->data, buffer, length)) {
		spin_lock(&dm510_lock);
		msg = list_first_entry(&dm510_box, struct dm510_msg, node);
		dm510_pop_locked(msg);
		spin_unlock(&dm510_lock);
		dm510_free(msg);
		return -EFAULT;
	}
	return 0;
""")])

# Memory corruption that SLUB's own checks see where KASAN does not run
# (FLAVOUR=perf+slub booted with slub_debug=FZPU; tests/console/real-6.1-slub-*.log
# were captured from them). On the debug flavour KASAN reports each first.
mutant('get-writes-after-free', 'get clears the length of the message it has just freed: a write after free (KASAN; SLUB poison overwritten with slub_debug)',
  [("\t\t\tdm510_free(msg);\n\t\t\treturn size;", "\t\t\tdm510_free(msg);\n\t\t\tmsg->len = 0;\n\t\t\treturn size;")])
mutant('get-double-free', 'get frees the message header a second time: a double free (KASAN double-free; SLUB object already free with slub_debug)',
  [("\t\t\tdm510_free(msg);\n\t\t\treturn size;", "\t\t\tdm510_free(msg);\n\t\t\tkfree(msg);\n\t\t\treturn size;")])
mutant('put-nul-terminates', 'put stores a terminating NUL after the message, one byte past its allocation (KASAN slab-out-of-bounds; SLUB redzone overwritten with slub_debug where the length fills its kmalloc size)',
  [("\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\tgoto free;\n", "\t\tif (copy_from_user(msg->data, buffer, length))\n\t\t\tgoto free;\n\t\tmsg->data[length] = '\\0';\n")])
