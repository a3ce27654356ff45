import subprocess, sys, os
ref = open('/work/main/kernel-patch/dm510_msgbox.c').read()
def mutant(name, desc, edits):
    s = ref
    for old, new in edits:
        assert s.count(old) == 1, (name, old)
        s = s.replace(old, new)
    os.makedirs('a', exist_ok=True); os.makedirs('b', exist_ok=True)
    open('a/dm510_msgbox.c','w').write(ref)
    open('b/dm510_msgbox.c','w').write(s)
    d = subprocess.run(['diff','-u','a/dm510_msgbox.c','b/dm510_msgbox.c'],capture_output=True,text=True).stdout
    lines = d.split('\n')
    lines[0] = '--- a/dm510_msgbox.c'; lines[1] = '+++ b/dm510_msgbox.c'
    open('/work/main/kernel-patch/mutants/%s.patch' % name,'w').write('# ' + desc + '\n' + '\n'.join(lines))

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
