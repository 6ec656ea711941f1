// SPDX-License-Identifier: MIT
/*
 * The kernel side of the differential harness: a minimal helper process.
 *
 * Built as a static executable without libc, start files or sanitizers
 * (see the Makefile), so that the layout the model is loaded from holds
 * nothing but this program's few pages, [stack], [vvar]/[vdso] and
 * [vsyscall].  In particular there is no faulted anonymous area in the
 * mmap area: the kernel's anon_vma sharing between areas is invisible in
 * /proc, so every faulted area of a snapshot is a guess for the model,
 * and calls placed by the kernel land next to mmap_base, where the
 * sanitizer runtime of a test binary keeps its faulted areas.  This
 * program writes only to its stack, far above mmap_base.
 *
 * The harness starts it with personality(ADDR_NO_RANDOMIZE), the pipes on
 * DIFF_REQ_FD and DIFF_RSP_FD and the files of the run already open.  It
 * reports ready, then serves requests (diff_proto.h) until the request
 * pipe closes.  Nothing here allocates or changes the layout by itself,
 * so it keeps working whatever a call does outside its own pages.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "diff_proto.h"

#if defined(__x86_64__)
__asm__(".text\n"
	".global _start\n"
	".type _start,@function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	and $-16, %rsp\n"
	"	call child_main\n"
	"	hlt\n");

static inline long raw6(long n, long a1, long a2, long a3, long a4, long a5,
			long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
__asm__(".text\n"
	".global _start\n"
	".type _start,%function\n"
	"_start:\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	bl child_main\n"
	"	brk #0\n");

static inline long raw6(long n, long a1, long a2, long a3, long a4, long a5,
			long a6)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a1;
	register long x1 __asm__("x1") = a2;
	register long x2 __asm__("x2") = a3;
	register long x3 __asm__("x3") = a4;
	register long x4 __asm__("x4") = a5;
	register long x5 __asm__("x5") = a6;

	__asm__ volatile("svc 0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			   "r"(x5)
			 : "memory");
	return x0;
}
#else
#error "diff_child: no raw system call for this architecture"
#endif

#define EINTR_	4

/* Read or write exactly @len bytes; 0, or -1 on EOF or error. */
static long full_io(long nr, int fd, char *p, long len)
{
	long done = 0;

	while (done < len) {
		long r = raw6(nr, fd, (long)(p + done), len - done, 0, 0, 0);

		if (r == -EINTR_)
			continue;
		if (r <= 0)
			return -1;
		done += r;
	}
	return 0;
}

__attribute__((noreturn, used)) void child_main(void);

__attribute__((noreturn, used)) void child_main(void)
{
	struct diff_req q;	/* on the stack: no writable data segment */
	int64_t res = 0;

	if (full_io(SYS_write, DIFF_RSP_FD, (char *)&res, sizeof(res)) == 0) {
		while (full_io(SYS_read, DIFF_REQ_FD, (char *)&q,
			       sizeof(q)) == 0) {
			if (q.path_arg >= 0 && q.path_arg < DIFF_REQ_ARGS) {
				q.path[DIFF_REQ_PATH - 1] = '\0';
				q.arg[q.path_arg] = (uint64_t)(uintptr_t)q.path;
			}
			res = raw6((long)q.nr, (long)q.arg[0], (long)q.arg[1],
				   (long)q.arg[2], (long)q.arg[3],
				   (long)q.arg[4], (long)q.arg[5]);
			if (full_io(SYS_write, DIFF_RSP_FD, (char *)&res,
				    sizeof(res)) < 0)
				break;
		}
	}
	for (;;)
		raw6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
}
