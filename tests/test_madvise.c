// SPDX-License-Identifier: MIT
/*
 * madvise: every advice value, the flags each flag advice gives on every
 * kind of area (as smaps VmFlags mnemonics), splits and merges, holes,
 * sealed areas, the map limit, guard regions, populate and collapse, and
 * allocation failure at every allocation.
 *
 * Every expectation was observed on the live kernel (Linux 6.18.44,
 * x86_64) by probes run for this file, written against the reference's
 * kernel-probes/probe.h (4-page mappings at 0x100000000, advice on pages
 * [1, 3), VmFlags read from /proc/self/smaps):
 *   p1 validity and argument checks;  p2 flag advice x 11 kinds + vdso;
 *   p3 page advice x 17 kinds;  p4 every advice on sealed areas;
 *   p5 holes, partial application, merges, guard and populate anon_vma;
 *   p6 max_map_count (filled to the limit);  p7, p8 MADV_COLLAPSE;
 *   p9 special-mapping split, populate beyond EOF.
 * The three tables below are those probes' output, converted verbatim
 * (advice, return, areas in the window, VmFlags of page 1 or NULL when
 * unchanged).
 */
#include <string.h>

#include "check.h"
#include "model.h"

#define RW    (VMS_PROT_READ | VMS_PROT_WRITE)
#define R     VMS_PROT_READ
#define ANON  (VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS)
#define FIXED VMS_MAP_FIXED
#define M2    (2ULL << 20)

#define OK(expr)  CHECK_EQ((expr), 0)
#define VALID(mm) CHECK_EQ(tm_valid(mm), 0)

struct row {
	int advice, rc, areas;
	const char *flags; /* VmFlags of page 1 afterwards; NULL: same */
};

struct kind_table {
	const char *kind;
	const char *base; /* VmFlags before */
	struct row rows[32];
};

/* p2 */
static const struct kind_table flag_table[] = {
    {"anon-rw",
     "rd wr mr mw me ac ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr mr mw me rr ac "},
      {2, 0, 3, "rd wr mr mw me sr ac "},
      {10, 0, 3, "rd wr mr mw me dc ac "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd wr mr mw me ac mg "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr mr mw me ac hg "},
      {15, 0, 3, "rd wr mr mw me ac nh "},
      {16, 0, 3, "rd wr mr mw me ac dd "},
      {17, 0, 1, NULL},
      {18, 0, 3, "rd wr mr mw me ac wf "},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-r",
     "rd mr mw me ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd mr mw me rr "},
      {2, 0, 3, "rd mr mw me sr "},
      {10, 0, 3, "rd mr mw me dc "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd mr mw me mg "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd mr mw me hg "},
      {15, 0, 3, "rd mr mw me nh "},
      {16, 0, 3, "rd mr mw me dd "},
      {17, 0, 1, NULL},
      {18, 0, 3, "rd mr mw me wf "},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-none",
     "mr mw me ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "mr mw me rr "},
      {2, 0, 3, "mr mw me sr "},
      {10, 0, 3, "mr mw me dc "},
      {11, 0, 1, NULL},
      {12, 0, 3, "mr mw me mg "},
      {13, 0, 1, NULL},
      {14, 0, 3, "mr mw me hg "},
      {15, 0, 3, "mr mw me nh "},
      {16, 0, 3, "mr mw me dd "},
      {17, 0, 1, NULL},
      {18, 0, 3, "mr mw me wf "},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"shared-anon",
     "rd wr sh mr mw me ms ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr sh mr mw me ms rr "},
      {2, 0, 3, "rd wr sh mr mw me ms sr "},
      {10, 0, 3, "rd wr sh mr mw me ms dc "},
      {11, 0, 1, NULL},
      {12, 0, 1, NULL},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr sh mr mw me ms hg "},
      {15, 0, 3, "rd wr sh mr mw me ms nh "},
      {16, 0, 3, "rd wr sh mr mw me ms dd "},
      {17, 0, 1, NULL},
      {18, -EINVAL, 1, NULL},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-priv",
     "rd wr mr mw me ac ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr mr mw me rr ac "},
      {2, 0, 3, "rd wr mr mw me sr ac "},
      {10, 0, 3, "rd wr mr mw me dc ac "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd wr mr mw me ac mg "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr mr mw me ac hg "},
      {15, 0, 3, "rd wr mr mw me ac nh "},
      {16, 0, 3, "rd wr mr mw me ac dd "},
      {17, 0, 1, NULL},
      {18, -EINVAL, 1, NULL},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-shared",
     "rd wr sh mr mw me ms ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr sh mr mw me ms rr "},
      {2, 0, 3, "rd wr sh mr mw me ms sr "},
      {10, 0, 3, "rd wr sh mr mw me ms dc "},
      {11, 0, 1, NULL},
      {12, 0, 1, NULL},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr sh mr mw me ms hg "},
      {15, 0, 3, "rd wr sh mr mw me ms nh "},
      {16, 0, 3, "rd wr sh mr mw me ms dd "},
      {17, 0, 1, NULL},
      {18, -EINVAL, 1, NULL},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-shared-rofd",
     "rd mr me ms ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd mr me ms rr "},
      {2, 0, 3, "rd mr me ms sr "},
      {10, 0, 3, "rd mr me ms dc "},
      {11, 0, 1, NULL},
      {12, 0, 1, NULL},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd mr me ms hg "},
      {15, 0, 3, "rd mr me ms nh "},
      {16, 0, 3, "rd mr me ms dd "},
      {17, 0, 1, NULL},
      {18, -EINVAL, 1, NULL},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"droppable",
     "rd wr mr mw me nr wf dd dp ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr mr mw me rr nr wf dd dp "},
      {2, 0, 3, "rd wr mr mw me sr nr wf dd dp "},
      {10, 0, 3, "rd wr mr mw me dc nr wf dd dp "},
      {11, 0, 1, NULL},
      {12, 0, 1, NULL},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr mr mw me nr wf dd hg dp "},
      {15, 0, 3, "rd wr mr mw me nr wf dd nh dp "},
      {16, 0, 1, NULL},
      {17, -EINVAL, 1, NULL},
      {18, 0, 1, NULL},
      {19, -EINVAL, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"locked",
     "rd wr mr mw me lo ac ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr mr mw me lo rr ac "},
      {2, 0, 3, "rd wr mr mw me lo sr ac "},
      {10, 0, 3, "rd wr mr mw me lo dc ac "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd wr mr mw me lo ac mg "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr mr mw me lo ac hg "},
      {15, 0, 3, "rd wr mr mw me lo ac nh "},
      {16, 0, 3, "rd wr mr mw me lo ac dd "},
      {17, 0, 1, NULL},
      {18, 0, 3, "rd wr mr mw me lo ac wf "},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"growsdown",
     "rd wr mr mw me gd ac ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr mr mw me gd rr ac "},
      {2, 0, 3, "rd wr mr mw me gd sr ac "},
      {10, 0, 3, "rd wr mr mw me gd dc ac "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd wr mr mw me gd ac mg "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr mr mw me gd ac hg "},
      {15, 0, 3, "rd wr mr mw me gd ac nh "},
      {16, 0, 3, "rd wr mr mw me gd ac dd "},
      {17, 0, 1, NULL},
      {18, 0, 3, "rd wr mr mw me gd ac wf "},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"stack-nh",
     "rd wr mr mw me ac nh ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr mr mw me rr ac nh "},
      {2, 0, 3, "rd wr mr mw me sr ac nh "},
      {10, 0, 3, "rd wr mr mw me dc ac nh "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd wr mr mw me ac nh mg "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr mr mw me ac hg "},
      {15, 0, 1, NULL},
      {16, 0, 3, "rd wr mr mw me ac dd nh "},
      {17, 0, 1, NULL},
      {18, 0, 3, "rd wr mr mw me ac wf nh "},
      {19, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
};

/* p3 */
static const struct kind_table page_table[] = {
    {"anon-rw",
     "rd wr mr mw me ac ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd wr mr mw me gu ac "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-r",
     "rd mr mw me ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd mr mw me gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-none",
     "mr mw me ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, -EINVAL, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "mr mw me gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-w",
     "wr mr mw me ac ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, -EINVAL, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "wr mr mw me gu ac "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-x",
     "ex mr mw me ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, -EINVAL, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "ex mr mw me gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"shared-anon",
     "rd wr sh mr mw me ms ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd wr sh mr mw me ms gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"shared-anon-r",
     "rd sh mr mw me ms ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd sh mr mw me ms gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-priv",
     "rd wr mr mw me ac ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EACCES, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd wr mr mw me gu ac "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-priv-r",
     "rd mr mw me ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EACCES, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd mr mw me gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-shared",
     "rd wr sh mr mw me ms ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd wr sh mr mw me ms gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-shared-rofd",
     "rd mr me ms ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EACCES, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd mr me ms gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-shared-rdonly-prot",
     "rd sh mr mw me ms ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd sh mr mw me ms gu "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"droppable",
     "rd wr mr mw me nr wf dd dp ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd wr mr mw me gu nr wf dd dp "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"locked",
     "rd wr mr mw me lo ac ",
     {{3, 0, 1, NULL},
      {4, -EINVAL, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, -EINVAL, 1, NULL},
      {21, -EINVAL, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EINVAL, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"lockonfault",
     "rd wr mr mw me lo lf ac ",
     {{3, 0, 1, NULL},
      {4, -EINVAL, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, -EINVAL, 1, NULL},
      {21, -EINVAL, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EINVAL, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-shared-locked",
     "rd wr sh mr mw me ms lo ",
     {{3, 0, 1, NULL},
      {4, -EINVAL, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {20, -EINVAL, 1, NULL},
      {21, -EINVAL, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EINVAL, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-priv-beyond-eof",
     "rd wr mr mw me ac ",
     {{3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EACCES, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, -EFAULT, 1, NULL},
      {23, -EFAULT, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd wr mr mw me gu ac "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
};

/* p4: the same areas, sealed whole before the advice */
static const struct kind_table sealed_table[] = {
    {"anon-rw",
     "rd wr mr mw me ac sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd wr mr mw me rr ac sl "},
      {2, 0, 3, "rd wr mr mw me sr ac sl "},
      {3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {10, 0, 3, "rd wr mr mw me dc ac sl "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd wr mr mw me ac mg sl "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd wr mr mw me ac hg sl "},
      {15, 0, 3, "rd wr mr mw me ac nh sl "},
      {16, 0, 3, "rd wr mr mw me ac dd sl "},
      {17, 0, 1, NULL},
      {18, 0, 3, "rd wr mr mw me ac wf sl "},
      {19, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd wr mr mw me gu ac sl "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-r",
     "rd mr mw me sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd mr mw me rr sl "},
      {2, 0, 3, "rd mr mw me sr sl "},
      {3, 0, 1, NULL},
      {4, -EPERM, 1, NULL},
      {8, -EPERM, 1, NULL},
      {9, -EPERM, 1, NULL},
      {10, -EPERM, 1, NULL},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd mr mw me mg sl "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd mr mw me hg sl "},
      {15, 0, 3, "rd mr mw me nh sl "},
      {16, 0, 3, "rd mr mw me dd sl "},
      {17, 0, 1, NULL},
      {18, -EPERM, 1, NULL},
      {19, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, -EPERM, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EPERM, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-none",
     "mr mw me sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "mr mw me rr sl "},
      {2, 0, 3, "mr mw me sr sl "},
      {3, 0, 1, NULL},
      {4, -EPERM, 1, NULL},
      {8, -EPERM, 1, NULL},
      {9, -EPERM, 1, NULL},
      {10, -EPERM, 1, NULL},
      {11, 0, 1, NULL},
      {12, 0, 3, "mr mw me mg sl "},
      {13, 0, 1, NULL},
      {14, 0, 3, "mr mw me hg sl "},
      {15, 0, 3, "mr mw me nh sl "},
      {16, 0, 3, "mr mw me dd sl "},
      {17, 0, 1, NULL},
      {18, -EPERM, 1, NULL},
      {19, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, -EINVAL, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, -EPERM, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EPERM, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-w",
     "wr mr mw me ac sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "wr mr mw me rr ac sl "},
      {2, 0, 3, "wr mr mw me sr ac sl "},
      {3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, 0, 1, NULL},
      {9, -EINVAL, 1, NULL},
      {10, 0, 3, "wr mr mw me dc ac sl "},
      {11, 0, 1, NULL},
      {12, 0, 3, "wr mr mw me ac mg sl "},
      {13, 0, 1, NULL},
      {14, 0, 3, "wr mr mw me ac hg sl "},
      {15, 0, 3, "wr mr mw me ac nh sl "},
      {16, 0, 3, "wr mr mw me ac dd sl "},
      {17, 0, 1, NULL},
      {18, 0, 3, "wr mr mw me ac wf sl "},
      {19, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, -EINVAL, 1, NULL},
      {23, 0, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "wr mr mw me gu ac sl "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"anon-x",
     "ex mr mw me sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "ex mr mw me rr sl "},
      {2, 0, 3, "ex mr mw me sr sl "},
      {3, 0, 1, NULL},
      {4, -EPERM, 1, NULL},
      {8, -EPERM, 1, NULL},
      {9, -EPERM, 1, NULL},
      {10, -EPERM, 1, NULL},
      {11, 0, 1, NULL},
      {12, 0, 3, "ex mr mw me mg sl "},
      {13, 0, 1, NULL},
      {14, 0, 3, "ex mr mw me hg sl "},
      {15, 0, 3, "ex mr mw me nh sl "},
      {16, 0, 3, "ex mr mw me dd sl "},
      {17, 0, 1, NULL},
      {18, -EPERM, 1, NULL},
      {19, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, -EINVAL, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, -EPERM, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EPERM, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"shared-anon-r",
     "rd sh mr mw me ms sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd sh mr mw me ms rr sl "},
      {2, 0, 3, "rd sh mr mw me ms sr sl "},
      {3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, 0, 1, NULL},
      {10, 0, 3, "rd sh mr mw me ms dc sl "},
      {11, 0, 1, NULL},
      {12, 0, 1, NULL},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd sh mr mw me ms hg sl "},
      {15, 0, 3, "rd sh mr mw me ms nh sl "},
      {16, 0, 3, "rd sh mr mw me ms dd sl "},
      {17, 0, 1, NULL},
      {18, -EINVAL, 1, NULL},
      {19, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd sh mr mw me ms gu sl "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"file-priv-r",
     "rd mr mw me sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd mr mw me rr sl "},
      {2, 0, 3, "rd mr mw me sr sl "},
      {3, 0, 1, NULL},
      {4, 0, 1, NULL},
      {8, -EINVAL, 1, NULL},
      {9, -EACCES, 1, NULL},
      {10, 0, 3, "rd mr mw me dc sl "},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd mr mw me mg sl "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd mr mw me hg sl "},
      {15, 0, 3, "rd mr mw me nh sl "},
      {16, 0, 3, "rd mr mw me dd sl "},
      {17, 0, 1, NULL},
      {18, -EINVAL, 1, NULL},
      {19, 0, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, 0, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, 0, 1, "rd mr mw me gu sl "},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"locked-r",
     "rd mr mw me lo sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd mr mw me lo rr sl "},
      {2, 0, 3, "rd mr mw me lo sr sl "},
      {3, 0, 1, NULL},
      {4, -EPERM, 1, NULL},
      {8, -EPERM, 1, NULL},
      {9, -EPERM, 1, NULL},
      {10, -EPERM, 1, NULL},
      {11, 0, 1, NULL},
      {12, 0, 3, "rd mr mw me lo mg sl "},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd mr mw me lo hg sl "},
      {15, 0, 3, "rd mr mw me lo nh sl "},
      {16, 0, 3, "rd mr mw me lo dd sl "},
      {17, 0, 1, NULL},
      {18, -EPERM, 1, NULL},
      {19, 0, 1, NULL},
      {20, -EINVAL, 1, NULL},
      {21, -EINVAL, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, -EPERM, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EPERM, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
    {"droppable-r",
     "rd mr mw me nr wf dd dp sl ",
     {{0, 0, 1, NULL},
      {1, 0, 3, "rd mr mw me rr nr wf dd dp sl "},
      {2, 0, 3, "rd mr mw me sr nr wf dd dp sl "},
      {3, 0, 1, NULL},
      {4, -EPERM, 1, NULL},
      {8, -EPERM, 1, NULL},
      {9, -EPERM, 1, NULL},
      {10, -EPERM, 1, NULL},
      {11, 0, 1, NULL},
      {12, 0, 1, NULL},
      {13, 0, 1, NULL},
      {14, 0, 3, "rd mr mw me nr wf dd hg dp sl "},
      {15, 0, 3, "rd mr mw me nr wf dd nh dp sl "},
      {16, 0, 1, NULL},
      {17, -EINVAL, 1, NULL},
      {18, -EPERM, 1, NULL},
      {19, -EINVAL, 1, NULL},
      {20, 0, 1, NULL},
      {21, 0, 1, NULL},
      {22, 0, 1, NULL},
      {23, -EINVAL, 1, NULL},
      {24, -EPERM, 1, NULL},
      {25, -EINVAL, 1, NULL},
      {102, -EPERM, 1, NULL},
      {103, 0, 1, NULL},
      {-1, 0, 0, NULL}}},
};

/* ---- building each kind of area at pages [0, 4) ---- */

#define FD_RW 3 /* a 16-page regular file, opened O_RDWR */
#define FD_RO 4 /* the same inode opened again O_RDONLY */

static void add_files(vms_mm *mm)
{
	struct vms_file_desc d = {
	    .path = "/tmp/mp/tf",
	    .dev_major = 0xfe,
	    .inode = 42,
	    .size = 16 * TP,
	    .kind = VMS_FILE_REGULAR,
	    .readable = true,
	    .writable = true,
	};
	vms_file *f;

	if (vms_file_create(mm, &d, &f) == 0) {
		vms_fd_install(mm, FD_RW, f);
		vms_file_put(f);
	}
	d.writable = false;
	if (vms_file_create(mm, &d, &f) == 0) {
		vms_fd_install(mm, FD_RO, f);
		vms_file_put(f);
	}
}

static int64_t map4(vms_mm *mm, int prot, int flags, int fd, uint64_t off)
{
	return vms_mmap(mm, PG(0), 4 * TP, prot, flags | FIXED, fd, off);
}

/* The probes' mapping of each kind, by the probes' names. */
static int64_t make_kind(vms_mm *mm, const char *k)
{
	const int SH = VMS_MAP_SHARED, PRIV = VMS_MAP_PRIVATE;
	const int SHANON = VMS_MAP_SHARED | VMS_MAP_ANONYMOUS;
	const int DROP = VMS_MAP_DROPPABLE | VMS_MAP_ANONYMOUS;

	add_files(mm);
	if (!strcmp(k, "anon-rw"))
		return map4(mm, RW, ANON, -1, 0);
	if (!strcmp(k, "anon-r"))
		return map4(mm, R, ANON, -1, 0);
	if (!strcmp(k, "anon-none"))
		return map4(mm, VMS_PROT_NONE, ANON, -1, 0);
	if (!strcmp(k, "anon-w"))
		return map4(mm, VMS_PROT_WRITE, ANON, -1, 0);
	if (!strcmp(k, "anon-x"))
		return map4(mm, VMS_PROT_EXEC, ANON, -1, 0);
	if (!strcmp(k, "shared-anon"))
		return map4(mm, RW, SHANON, -1, 0);
	if (!strcmp(k, "shared-anon-r"))
		return map4(mm, R, SHANON, -1, 0);
	if (!strcmp(k, "file-priv"))
		return map4(mm, RW, PRIV, FD_RW, 0);
	if (!strcmp(k, "file-priv-r"))
		return map4(mm, R, PRIV, FD_RW, 0);
	if (!strcmp(k, "file-priv-beyond-eof"))
		return map4(mm, RW, PRIV, FD_RW, 14 * TP);
	if (!strcmp(k, "file-shared"))
		return map4(mm, RW, SH, FD_RW, 0);
	if (!strcmp(k, "file-shared-rofd"))
		return map4(mm, R, SH, FD_RO, 0);
	if (!strcmp(k, "file-shared-rdonly-prot"))
		return map4(mm, R, SH, FD_RW, 0);
	if (!strcmp(k, "file-shared-locked"))
		return map4(mm, RW, SH | VMS_MAP_LOCKED, FD_RW, 0);
	if (!strcmp(k, "droppable"))
		return map4(mm, RW, DROP, -1, 0);
	if (!strcmp(k, "droppable-r"))
		return map4(mm, R, DROP, -1, 0);
	if (!strcmp(k, "locked"))
		return map4(mm, RW, ANON | VMS_MAP_LOCKED, -1, 0);
	if (!strcmp(k, "locked-r"))
		return map4(mm, R, ANON | VMS_MAP_LOCKED, -1, 0);
	if (!strcmp(k, "lockonfault")) {
		int64_t r = map4(mm, RW, ANON, -1, 0);

		if (r < 0)
			return r;
		return vms_mlock2(mm, PG(0), 4 * TP, VMS_MLOCK_ONFAULT);
	}
	if (!strcmp(k, "growsdown"))
		return map4(mm, RW, ANON | VMS_MAP_GROWSDOWN, -1, 0);
	if (!strcmp(k, "stack-nh"))
		return map4(mm, RW, ANON | VMS_MAP_STACK, -1, 0);
	return -ENOSYS;
}

/* VmFlags mnemonics of the area at page pg ("" for a hole). */
static const char *fl(const vms_mm *mm, unsigned pg)
{
	static char buf[4][256];
	static int i;
	vms_area *a = tm_at(mm, pg);

	i = (i + 1) % 4;
	buf[i][0] = 0;
	if (a)
		vms_flags_mnemonics(vms_area_flags(a), buf[i], sizeof(buf[i]));
	return buf[i];
}

static bool has(const vms_mm *mm, unsigned pg, uint64_t flag)
{
	vms_area *a = tm_at(mm, pg);

	return a && (vms_area_flags(a) & flag);
}

/*
 * One probe table: for each kind and advice, a fresh address space with
 * the kind at [0, 4) (sealed whole if asked), advice on [1, 3).
 */
static void run_table(const struct kind_table *t, size_t n, bool seal)
{
	const char *saved = check_case_name;
	static char name[96];

	for (size_t k = 0; k < n; k++) {
		for (const struct row *r = t[k].rows; r->advice >= 0; r++) {
			vms_mm *mm = tm_new();

			snprintf(name, sizeof(name), "%s/%s/%d", saved,
				 t[k].kind, r->advice);
			check_case_name = name;
			CHECK(make_kind(mm, t[k].kind) >= 0);
			if (seal)
				OK(vms_mseal(mm, PG(0), 4 * TP, 0));
			CHECK_STR(fl(mm, 1), t[k].base);
			CHECK_EQ(vms_madvise(mm, PG(1), 2 * TP, r->advice),
				 r->rc);
			CHECK_EQ(tm_count(mm), r->areas);
			CHECK_STR(fl(mm, 1), r->flags ? r->flags : t[k].base);
			CHECK_EQ(tm_valid(mm), 0);
			vms_mm_destroy(mm);
		}
	}
	check_case_name = saved;
}

#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

/* p2: the flag advice on every kind of area. */
TEST(flag_advice_every_kind)
{
	run_table(flag_table, ARRAY_SIZE(flag_table), false);
}

/* p3: page advice changes nothing but gu, and refuses with these errors. */
TEST(page_advice_every_kind)
{
	run_table(page_table, ARRAY_SIZE(page_table), false);
}

/*
 * p4: on a sealed area the discards (FREE, DONTNEED, DONTNEED_LOCKED,
 * REMOVE, DONTFORK, WIPEONFORK, GUARD_INSTALL; not PAGEOUT) are EPERM
 * when the area is anonymous and not writable, before any other check of
 * the advice (REMOVE and locked DONTNEED are EPERM, not EINVAL); other
 * advice still changes flags and splits the sealed area.
 */
TEST(sealed_every_advice)
{
	run_table(sealed_table, ARRAY_SIZE(sealed_table), true);
}

/* p1: the accepted values (len 0 answers 0 for them, EINVAL otherwise). */
TEST(advice_validity)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 8, RW);
	for (int adv = -2; adv < 130; adv++) {
		bool valid = (adv >= 0 && adv <= 4) ||
			     (adv >= 8 && adv <= 25) || adv == 102 ||
			     adv == 103;

		CHECK_EQ(vms_madvise(mm, PG(0), 0, adv), valid ? 0 : -EINVAL);
	}
	/* CONFIG_MEMORY_FAILURE=n: even on a mapped page */
	CHECK_EQ(vms_madvise(mm, PG(0), TP, VMS_MADV_HWPOISON), -EINVAL);
	CHECK_EQ(vms_madvise(mm, PG(0), TP, VMS_MADV_SOFT_OFFLINE), -EINVAL);
	CHECK_STR(tm_pic(mm, 8), "aaaaaaaa");
	vms_mm_destroy(mm);
}

/*
 * Without CONFIG_TRANSPARENT_HUGEPAGE, madvise_behavior_valid drops
 * HUGEPAGE, NOHUGEPAGE and COLLAPSE (source only: this kernel has THP).
 */
TEST(advice_validity_without_thp)
{
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	cfg.thp = false;
	mm = tm_new_cfg(&cfg);
	tm_map(mm, 0, 8, RW);
	CHECK_EQ(vms_madvise(mm, PG(0), 0, VMS_MADV_HUGEPAGE), -EINVAL);
	CHECK_EQ(vms_madvise(mm, PG(0), TP, VMS_MADV_NOHUGEPAGE), -EINVAL);
	CHECK_EQ(vms_madvise(mm, PG(0), TP, VMS_MADV_COLLAPSE), -EINVAL);
	OK(vms_madvise(mm, PG(0), TP, VMS_MADV_MERGEABLE));
	vms_mm_destroy(mm);
}

/* p1: advice first, then alignment, length wrap, len 0; then the walk. */
TEST(argument_checks)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 8, RW);
	CHECK_EQ(vms_madvise(mm, PG(0) + 1, 0, VMS_MADV_NORMAL), -EINVAL);
	CHECK_EQ(vms_madvise(mm, PG(0) + 1, TP, 999), -EINVAL);
	CHECK_EQ(vms_madvise(mm, PG(0) + 1, 0, 26), -EINVAL);
	CHECK_EQ(vms_madvise(mm, PG(0), UINT64_MAX, VMS_MADV_NORMAL), -EINVAL);
	CHECK_EQ(vms_madvise(mm, PG(0), -TP, VMS_MADV_NORMAL), -EINVAL);
	/* end exactly 2^64 wraps to 0; one page less is a hole */
	CHECK_EQ(vms_madvise(mm, -16 * TP, 16 * TP, VMS_MADV_NORMAL), -EINVAL);
	CHECK_EQ(vms_madvise(mm, -16 * TP, 15 * TP, VMS_MADV_NORMAL), -ENOMEM);
	CHECK_EQ(vms_madvise(mm, 0xffff800000000000ULL, TP, VMS_MADV_NORMAL),
		 -ENOMEM);
	OK(vms_madvise(mm, PG(100), 0, VMS_MADV_DONTFORK));
	/* the length is rounded up: one byte is the whole first page */
	OK(vms_madvise(mm, PG(0), 1, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 8), "abbbbbbb");
	/* nothing mapped at all: ENOMEM whatever the advice */
	CHECK_EQ(vms_madvise(mm, PG(100), TP, VMS_MADV_DONTFORK), -ENOMEM);
	CHECK_EQ(vms_madvise(mm, PG(100), TP, VMS_MADV_DONTNEED), -ENOMEM);
	CHECK_EQ(vms_madvise(mm, PG(100), TP, VMS_MADV_POPULATE_READ), -ENOMEM);
	CHECK_EQ(vms_madvise(mm, PG(100), TP, VMS_MADV_GUARD_INSTALL), -ENOMEM);
	CHECK_EQ(vms_madvise(mm, PG(100), TP, VMS_MADV_COLLAPSE), -ENOMEM);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p5: holes are skipped, every piece is advised, then ENOMEM. */
TEST(holes_continue)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 3, RW);
	CHECK_EQ(vms_madvise(mm, PG(1), 4 * TP, VMS_MADV_DONTFORK), -ENOMEM);
	CHECK_STR(tm_pic(mm, 8), "ab.ccd..");
	CHECK(!has(mm, 0, VMS_DONTCOPY) && has(mm, 1, VMS_DONTCOPY));
	CHECK(has(mm, 3, VMS_DONTCOPY) && !has(mm, 5, VMS_DONTCOPY));
	VALID(mm);
	vms_mm_destroy(mm);

	/* the range runs past the last area */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	CHECK_EQ(vms_madvise(mm, PG(1), 4 * TP, VMS_MADV_DONTFORK), -ENOMEM);
	CHECK_STR(tm_pic(mm, 8), "ab......");
	CHECK(has(mm, 1, VMS_DONTCOPY));
	vms_mm_destroy(mm);

	/* the range starts in a hole */
	mm = tm_new();
	tm_map(mm, 2, 2, RW);
	CHECK_EQ(vms_madvise(mm, PG(0), 3 * TP, VMS_MADV_RANDOM), -ENOMEM);
	CHECK_STR(tm_pic(mm, 8), "..ab....");
	CHECK(has(mm, 2, VMS_RAND_READ) && !has(mm, 3, VMS_RAND_READ));
	vms_mm_destroy(mm);
}

/* p5: an area's error stops the walk and wins over an earlier hole. */
TEST(area_error_stops)
{
	vms_mm *mm = tm_new();
	int shanon = VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | FIXED;

	tm_map(mm, 0, 2, RW);
	vms_mmap(mm, PG(2), 2 * TP, RW, shanon, -1, 0);
	tm_map(mm, 4, 2, RW);
	CHECK_EQ(vms_madvise(mm, PG(1), 4 * TP, VMS_MADV_WIPEONFORK), -EINVAL);
	CHECK_STR(tm_pic(mm, 8), "abccdd..");
	CHECK(!has(mm, 0, VMS_WIPEONFORK) && has(mm, 1, VMS_WIPEONFORK));
	CHECK(!has(mm, 2, VMS_WIPEONFORK) && !has(mm, 4, VMS_WIPEONFORK));
	VALID(mm);
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 1, RW);
	vms_mmap(mm, PG(2), 2 * TP, RW, shanon, -1, 0);
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_WIPEONFORK), -EINVAL);
	vms_mm_destroy(mm);
}

/* p5: a flag change merges with a neighbour that already has it. */
TEST(flag_advice_merges)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_madvise(mm, PG(2), 2 * TP, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 6), "aabb..");
	OK(vms_madvise(mm, PG(0), 2 * TP, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 6), "aaaa..");
	CHECK_STR(fl(mm, 0), "rd wr mr mw me dc ac ");
	VALID(mm);
	vms_mm_destroy(mm);

	/* part of the left area joins the right one */
	mm = tm_new();
	tm_map(mm, 0, 4, RW);
	OK(vms_madvise(mm, PG(2), 2 * TP, VMS_MADV_DONTFORK));
	OK(vms_madvise(mm, PG(1), TP, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 6), "abbb..");
	CHECK_EQ(vms_area_start(tm_at(mm, 3)), PG(1));
	VALID(mm);
	vms_mm_destroy(mm);

	/* the middle joins both, then everything goes back */
	mm = tm_new();
	tm_map(mm, 0, 6, RW);
	OK(vms_madvise(mm, PG(0), 2 * TP, VMS_MADV_DONTFORK));
	OK(vms_madvise(mm, PG(4), 2 * TP, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 6), "aabbcc");
	OK(vms_madvise(mm, PG(2), 2 * TP, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 6), "aaaaaa");
	OK(vms_madvise(mm, PG(0), 6 * TP, VMS_MADV_DOFORK));
	CHECK_STR(tm_pic(mm, 6), "aaaaaa");
	CHECK_STR(fl(mm, 0), "rd wr mr mw me ac ");
	/* page advice never splits */
	OK(vms_madvise(mm, PG(1), TP, VMS_MADV_DONTNEED));
	CHECK_STR(tm_pic(mm, 6), "aaaaaa");
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * p6: a split at max_map_count is EAGAIN (the kernel turns ENOMEM into
 * EAGAIN); no split, a merge, or page advice needs no room; a second
 * split's failure keeps the first; an EAGAIN after a hole wins over the
 * hole's ENOMEM.  The probe filled the kernel's 65530; here the limit is
 * small, the rule (split needs map_count < max) the same.
 */
static vms_mm *limited(uint64_t max)
{
	struct vms_config cfg;

	vms_config_default(&cfg);
	cfg.max_map_count = max;
	return tm_new_cfg(&cfg);
}

static void fill_to(vms_mm *mm, unsigned count)
{
	for (unsigned i = 0; tm_count(mm) < count; i++)
		tm_map(mm, 100 + 2 * i, 1, R);
}

TEST(map_limit_eagain)
{
	vms_mm *mm = limited(10);

	tm_map(mm, 0, 6, RW);
	fill_to(mm, 10);
	CHECK_EQ(vms_madvise(mm, PG(0), TP, VMS_MADV_DONTFORK), -EAGAIN);
	CHECK_STR(tm_pic(mm, 6), "aaaaaa");
	OK(vms_madvise(mm, PG(0), 6 * TP, VMS_MADV_DONTFORK));
	OK(vms_madvise(mm, PG(0), 6 * TP, VMS_MADV_DOFORK));
	OK(vms_madvise(mm, PG(1), TP, VMS_MADV_GUARD_INSTALL));
	OK(vms_madvise(mm, PG(1), TP, VMS_MADV_DONTNEED));
	OK(vms_madvise(mm, PG(1), TP, VMS_MADV_NORMAL));
	CHECK_EQ(tm_count(mm), 10);
	CHECK_STR(tm_pic(mm, 6), "AAAAAA");
	/* one free slot: the first of two splits is made and kept */
	vms_munmap(mm, PG(100), TP);
	CHECK_EQ(vms_madvise(mm, PG(2), 2 * TP, VMS_MADV_DONTFORK), -EAGAIN);
	CHECK_STR(tm_pic(mm, 6), "AABBBB");
	CHECK(!has(mm, 0, VMS_DONTCOPY) && !has(mm, 2, VMS_DONTCOPY));
	CHECK_EQ(tm_valid_structure(mm), 0);
	vms_mm_destroy(mm);

	/* a merge at the limit needs no new area */
	mm = limited(10);
	tm_map(mm, 0, 6, RW);
	OK(vms_madvise(mm, PG(3), 3 * TP, VMS_MADV_DONTFORK));
	fill_to(mm, 10);
	OK(vms_madvise(mm, PG(2), TP, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 6), "aabbbb");
	vms_mm_destroy(mm);

	/* [A.B]: A whole is changed, B's split fails: EAGAIN, not ENOMEM */
	mm = limited(10);
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 3, RW);
	fill_to(mm, 10);
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_DONTFORK), -EAGAIN);
	CHECK(has(mm, 0, VMS_DONTCOPY) && !has(mm, 3, VMS_DONTCOPY));
	CHECK_STR(tm_pic(mm, 6), "aa.bbb");
	vms_mm_destroy(mm);
}

/*
 * p3, p5: GUARD_INSTALL never splits, marks the whole area gu and gives
 * an anonymous area an anon_vma (a faulted neighbour's different anon_vma
 * then blocks a three-way merge: kernel 2 areas, 1 without the guard).
 */
TEST(guard_install_anon_vma)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	OK(vms_madvise(mm, PG(0), TP, VMS_MADV_GUARD_INSTALL));
	CHECK_STR(tm_pic(mm, 6), "AA....");
	CHECK_STR(fl(mm, 1), "rd wr mr mw me gu ac ");
	tm_map(mm, 4, 2, RW);
	OK(vms_fault(mm, PG(4), VMS_FAULT_WRITE));
	tm_map(mm, 2, 2, RW);
	CHECK_STR(tm_pic(mm, 6), "AAAABB");
	VALID(mm);
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 4, 2, RW);
	OK(vms_fault(mm, PG(4), VMS_FAULT_WRITE));
	tm_map(mm, 2, 2, RW);
	CHECK_STR(tm_pic(mm, 6), "AAAAAA");
	vms_mm_destroy(mm);
}

/* p5 (and the reference's p_guard): gu is sticky and doesn't block merges. */
TEST(guard_sticky_merges)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, R);
	OK(vms_madvise(mm, PG(0), TP, VMS_MADV_GUARD_INSTALL));
	tm_map(mm, 2, 2, RW);
	CHECK_STR(tm_pic(mm, 6), "AAbb..");
	OK(vms_mprotect(mm, PG(2), 2 * TP, R));
	CHECK_STR(tm_pic(mm, 6), "AAAA..");
	CHECK(has(mm, 0, VMS_MAYBE_GUARD) && has(mm, 3, VMS_MAYBE_GUARD));
	/* GUARD_REMOVE leaves the flag */
	OK(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_GUARD_REMOVE));
	CHECK(has(mm, 0, VMS_MAYBE_GUARD));
	VALID(mm);
	vms_mm_destroy(mm);

	/* a flag advice merging a gu area with one without: gu either way */
	for (int side = 0; side < 2; side++) {
		mm = tm_new();
		tm_map(mm, 0, 4, RW);
		OK(vms_madvise(mm, PG(0), 2 * TP, VMS_MADV_RANDOM));
		OK(vms_madvise(mm, PG(side ? 2 : 0), TP,
			       VMS_MADV_GUARD_INSTALL));
		CHECK_STR(tm_pic(mm, 6), side ? "aaBB.." : "AAbb..");
		OK(vms_madvise(mm, PG(2), 2 * TP, VMS_MADV_RANDOM));
		CHECK_STR(tm_pic(mm, 6), "AAAA..");
		CHECK_STR(fl(mm, 0), "rd wr mr mw me gu rr ac ");
		VALID(mm);
		vms_mm_destroy(mm);
	}

	/* holes: both areas marked, then ENOMEM */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 2, R);
	CHECK_EQ(vms_madvise(mm, PG(1), 3 * TP, VMS_MADV_GUARD_INSTALL),
		 -ENOMEM);
	CHECK_STR(tm_pic(mm, 6), "AA.BB.");
	CHECK(has(mm, 0, VMS_MAYBE_GUARD) && has(mm, 3, VMS_MAYBE_GUARD));
	vms_mm_destroy(mm);

	/* a locked area refuses after the first one got it */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	vms_mmap(mm, PG(2), 2 * TP, R, ANON | FIXED | VMS_MAP_LOCKED, -1, 0);
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_GUARD_INSTALL),
		 -EINVAL);
	CHECK(has(mm, 0, VMS_MAYBE_GUARD) && !has(mm, 2, VMS_MAYBE_GUARD));
	vms_mm_destroy(mm);

	/* splits copy it */
	mm = tm_new();
	tm_map(mm, 0, 4, RW);
	OK(vms_madvise(mm, PG(0), TP, VMS_MADV_GUARD_INSTALL));
	OK(vms_madvise(mm, PG(2), TP, VMS_MADV_DONTFORK));
	CHECK_STR(tm_pic(mm, 6), "AABC..");
	CHECK(has(mm, 0, VMS_MAYBE_GUARD) && has(mm, 2, VMS_MAYBE_GUARD) &&
	      has(mm, 3, VMS_MAYBE_GUARD));
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * p5, p3, p9: POPULATE_WRITE write-faults (private: an anon_vma),
 * POPULATE_READ does not; populate stops at the first hole (ENOMEM) or
 * unsuitable area (EINVAL), and at a page beyond the file's end (EFAULT).
 */
TEST(populate)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	OK(vms_madvise(mm, PG(0), 2 * TP, VMS_MADV_POPULATE_WRITE));
	tm_map(mm, 4, 2, RW);
	OK(vms_fault(mm, PG(4), VMS_FAULT_WRITE));
	tm_map(mm, 2, 2, RW);
	CHECK_STR(tm_pic(mm, 6), "AAAABB");
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	OK(vms_madvise(mm, PG(0), 2 * TP, VMS_MADV_POPULATE_READ));
	CHECK_STR(tm_pic(mm, 6), "aa....");
	tm_map(mm, 4, 2, RW);
	OK(vms_fault(mm, PG(4), VMS_FAULT_WRITE));
	tm_map(mm, 2, 2, RW);
	CHECK_STR(tm_pic(mm, 6), "AAAAAA");
	vms_mm_destroy(mm);

	/* the area after the hole is not populated */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 2, RW);
	CHECK_EQ(vms_madvise(mm, PG(0), 5 * TP, VMS_MADV_POPULATE_WRITE),
		 -ENOMEM);
	CHECK_STR(tm_pic(mm, 6), "AA.bb.");
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 2, 2, R);
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_POPULATE_WRITE),
		 -EINVAL);
	CHECK_STR(tm_pic(mm, 6), "AAbb..");
	vms_mm_destroy(mm);

	/* a shared mapping of 4 pages over a 2-page file */
	mm = tm_new();
	add_files(mm);
	{
		struct vms_file_desc d = {.path = "/tmp/mp/tf",
					  .inode = 43,
					  .size = 2 * TP,
					  .kind = VMS_FILE_REGULAR,
					  .readable = true,
					  .writable = true};
		vms_file *f;

		OK(vms_file_create(mm, &d, &f));
		OK(vms_fd_install(mm, 5, f));
		vms_file_put(f);
	}
	CHECK(vms_mmap(mm, PG(0), 4 * TP, R, VMS_MAP_SHARED | FIXED, 5, 0) >=
	      0);
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_POPULATE_READ),
		 -EFAULT);
	CHECK_EQ(vms_madvise(mm, PG(2), TP, VMS_MADV_POPULATE_READ), -EFAULT);
	OK(vms_madvise(mm, PG(0), 2 * TP, VMS_MADV_POPULATE_READ));
	/* shared anonymous memory and private file pages inside the file */
	CHECK(vms_mmap(mm, PG(4), 2 * TP, RW,
		       VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | FIXED, -1, 0) >= 0);
	OK(vms_madvise(mm, PG(4), 2 * TP, VMS_MADV_POPULATE_WRITE));
	CHECK(vms_mmap(mm, PG(6), 2 * TP, RW, VMS_MAP_PRIVATE | FIXED, 5, 0) >=
	      0);
	OK(vms_madvise(mm, PG(6), 2 * TP, VMS_MADV_POPULATE_WRITE));
	CHECK_STR(tm_pic(mm, 8), "aaaabbCC");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p4: the seal is checked per area, in walk order, then the advice. */
TEST(sealed_per_area)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 2, 2, R);
	OK(vms_mseal(mm, PG(2), 2 * TP, 0));
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_DONTFORK), -EPERM);
	CHECK(has(mm, 0, VMS_DONTCOPY) && !has(mm, 2, VMS_DONTCOPY));
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_GUARD_INSTALL),
		 -EPERM);
	CHECK(has(mm, 0, VMS_MAYBE_GUARD) && !has(mm, 2, VMS_MAYBE_GUARD));
	/* a hole before it: EPERM wins */
	CHECK_EQ(vms_munmap(mm, PG(0), 2 * TP), 0);
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_DONTNEED), -EPERM);
	vms_mm_destroy(mm);

	/* refused even when nothing would change */
	mm = tm_new();
	tm_map(mm, 0, 4, R);
	OK(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_DONTFORK));
	OK(vms_mseal(mm, PG(0), 4 * TP, 0));
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_DONTFORK), -EPERM);
	vms_mm_destroy(mm);

	/* shared anonymous memory is not "anonymous": the advice's EINVAL */
	mm = tm_new();
	vms_mmap(mm, PG(0), 4 * TP, R,
		 VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | FIXED, -1, 0);
	OK(vms_mseal(mm, PG(0), 4 * TP, 0));
	CHECK_EQ(vms_madvise(mm, PG(0), 4 * TP, VMS_MADV_WIPEONFORK), -EINVAL);
	vms_mm_destroy(mm);
}

/*
 * p2, p3, p9: special mappings.  [vdso] (rd ex mr mw me de; a close-less
 * special mapping that refuses splits) and [vvar] (rd mr pf io de dd),
 * each advised whole, one advice after the other as the probe did.
 */
static int no_split(vms_area *a, uint64_t addr)
{
	return -EINVAL;
}

static const char *vdso_name(const vms_area *a)
{
	return "[vdso]";
}

static const struct vms_vm_ops special_ops = {
    .may_split = no_split,
    .name = vdso_name,
};

static vms_mm *special(uint64_t flags)
{
	vms_mm *mm = tm_new();
	struct vms_area_desc d = {
	    .start = PG(0),
	    .end = PG(2),
	    .flags = flags,
	    .ops = &special_ops,
	};

	OK(vms_insert_area(mm, &d, NULL));
	return mm;
}

struct step {
	int advice, rc;
	const char *flags;
};

static void run_steps(vms_mm *mm, const struct step *s)
{
	for (; s->advice >= 0; s++) {
		CHECK_EQ(vms_madvise(mm, PG(0), 2 * TP, s->advice), s->rc);
		CHECK_STR(fl(mm, 0), s->flags);
	}
}

TEST(special_mappings)
{
	static const struct step vdso[] = {
	    {0, 0, "rd ex mr mw me de "},
	    {1, 0, "rd ex mr mw me rr de "},
	    {2, 0, "rd ex mr mw me sr de "},
	    {10, 0, "rd ex mr mw me sr dc de "},
	    {11, 0, "rd ex mr mw me sr de "},
	    {12, 0, "rd ex mr mw me sr de "},
	    {13, 0, "rd ex mr mw me sr de "},
	    {14, 0, "rd ex mr mw me sr de hg "},
	    {15, 0, "rd ex mr mw me sr de nh "},
	    {16, 0, "rd ex mr mw me sr de dd nh "},
	    {17, -EINVAL, "rd ex mr mw me sr de dd nh "},
	    {18, 0, "rd ex mr mw me sr de wf dd nh "},
	    {19, 0, "rd ex mr mw me sr de dd nh "},
	    /* page advice (p3; DONTNEED & co. not tried on the vdso) */
	    {3, 0, "rd ex mr mw me sr de dd nh "},
	    {8, -EINVAL, "rd ex mr mw me sr de dd nh "},
	    {9, -EINVAL, "rd ex mr mw me sr de dd nh "},
	    {20, 0, "rd ex mr mw me sr de dd nh "},
	    {22, 0, "rd ex mr mw me sr de dd nh "},
	    {23, -EINVAL, "rd ex mr mw me sr de dd nh "},
	    {25, -EINVAL, "rd ex mr mw me sr de dd nh "},
	    {103, -EINVAL, "rd ex mr mw me sr de dd nh "},
	    {-1, 0, NULL}};
	static const struct step vvar[] = {
	    {0, 0, "rd mr pf io de dd "},
	    {1, 0, "rd mr pf io rr de dd "},
	    {2, 0, "rd mr pf io sr de dd "},
	    {10, 0, "rd mr pf io sr dc de dd "},
	    {11, -EINVAL, "rd mr pf io sr dc de dd "},
	    {12, 0, "rd mr pf io sr dc de dd "},
	    {13, 0, "rd mr pf io sr dc de dd "},
	    {14, 0, "rd mr pf io sr dc de dd hg "},
	    {15, 0, "rd mr pf io sr dc de dd nh "},
	    {16, 0, "rd mr pf io sr dc de dd nh "},
	    {17, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {18, 0, "rd mr pf io sr dc de wf dd nh "},
	    {19, 0, "rd mr pf io sr dc de dd nh "},
	    {3, 0, "rd mr pf io sr dc de dd nh "},
	    {4, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {8, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {9, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {20, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {21, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {22, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {23, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {24, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {25, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {102, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {103, -EINVAL, "rd mr pf io sr dc de dd nh "},
	    {-1, 0, NULL}};
	vms_mm *mm = special(VMS_READ | VMS_EXEC | VMS_MAYREAD | VMS_MAYWRITE |
			     VMS_MAYEXEC | VMS_DONTEXPAND);

	run_steps(mm, vdso);
	/* p9: a part of the vdso can't be split off */
	CHECK_EQ(vms_madvise(mm, PG(0), TP, VMS_MADV_RANDOM), -EINVAL);
	CHECK_STR(tm_pic(mm, 3), "aa.");
	vms_mm_destroy(mm);

	mm = special(VMS_READ | VMS_MAYREAD | VMS_PFNMAP | VMS_IO |
		     VMS_DONTEXPAND | VMS_DONTDUMP);
	run_steps(mm, vvar);
	vms_mm_destroy(mm);
}

/*
 * p7, p8: MADV_COLLAPSE needs THP allowed for the area: private anonymous
 * memory with an anon_vma, or shmem; no nh; a whole aligned PMD inside
 * the area (for shmem at a PMD-aligned file offset too).  Regular files
 * and unfaulted anonymous memory: EINVAL.
 */
TEST(collapse)
{
	const int SHANON = VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | FIXED;
	vms_mm *mm = tm_new();
	uint64_t b = PG(0); /* 4 GiB: PMD aligned */

	CHECK(vms_mmap(mm, b, 2 * M2, RW, ANON | FIXED, -1, 0) >= 0);
	CHECK_EQ(vms_madvise(mm, b, TP, VMS_MADV_COLLAPSE), -EINVAL);
	CHECK_EQ(vms_madvise(mm, b, M2, VMS_MADV_COLLAPSE), -EINVAL);
	OK(vms_fault(mm, b + 5, VMS_FAULT_WRITE));
	OK(vms_madvise(mm, b, TP, VMS_MADV_COLLAPSE));
	/* one page faulted: the kernel collapsed the PMD */
	OK(vms_madvise(mm, b, M2, VMS_MADV_COLLAPSE));
	OK(vms_mprotect(mm, b, 2 * M2, R));
	OK(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE));
	OK(vms_mprotect(mm, b, 2 * M2, VMS_PROT_NONE));
	OK(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE));
	CHECK_EQ(tm_count(mm), 1);
	vms_munmap(mm, b, 2 * M2);

	/* [4k, 4M) holds the aligned [2M, 4M); [4k, 2M+8k) holds none */
	vms_mmap(mm, b + TP, 2 * M2 - TP, RW, ANON | FIXED, -1, 0);
	OK(vms_fault(mm, b + TP, VMS_FAULT_WRITE));
	OK(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE));
	vms_munmap(mm, b, 2 * M2);
	vms_mmap(mm, b + TP, M2 + TP, RW, ANON | FIXED, -1, 0);
	OK(vms_fault(mm, b + TP, VMS_FAULT_WRITE));
	CHECK_EQ(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE), -EINVAL);
	vms_munmap(mm, b, 2 * M2);

	/* nh refuses, hg is fine */
	vms_mmap(mm, b, 2 * M2, RW, ANON | FIXED | VMS_MAP_STACK, -1, 0);
	OK(vms_fault(mm, b, VMS_FAULT_WRITE));
	CHECK_EQ(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE), -EINVAL);
	OK(vms_madvise(mm, b, 2 * M2, VMS_MADV_HUGEPAGE));
	OK(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE));
	vms_munmap(mm, b, 2 * M2);

	/* droppable (anonymous) once faulted; locked is populated */
	vms_mmap(mm, b, 2 * M2, RW,
		 VMS_MAP_DROPPABLE | VMS_MAP_ANONYMOUS | FIXED, -1, 0);
	CHECK_EQ(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE), -EINVAL);
	OK(vms_fault(mm, b, VMS_FAULT_WRITE));
	OK(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE));
	vms_munmap(mm, b, 2 * M2);
	vms_mmap(mm, b, 2 * M2, RW, ANON | FIXED | VMS_MAP_LOCKED, -1, 0);
	OK(vms_madvise(mm, b, TP, VMS_MADV_COLLAPSE));
	vms_munmap(mm, b, 2 * M2);

	/* shmem: read-only too; the PMD must be aligned in the file */
	vms_mmap(mm, b, 2 * M2, R, SHANON, -1, 0);
	OK(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE));
	vms_munmap(mm, b, 2 * M2);
	vms_mmap(mm, b + TP, 2 * M2, RW, SHANON, -1, 0);
	CHECK_EQ(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE), -EINVAL);
	vms_munmap(mm, b, 3 * M2);
	{
		struct vms_file_desc d = {.path = "/memfd:x (deleted)",
					  .size = 4 * M2,
					  .kind = VMS_FILE_SHMEM,
					  .readable = true,
					  .writable = true};
		vms_file *f;

		OK(vms_file_create(mm, &d, &f));
		OK(vms_fd_install(mm, 7, f));
		vms_file_put(f);
	}
	vms_mmap(mm, b, 2 * M2, RW, VMS_MAP_PRIVATE | FIXED, 7, 0);
	OK(vms_madvise(mm, b, TP, VMS_MADV_COLLAPSE));
	vms_munmap(mm, b, 2 * M2);
	vms_mmap(mm, b + TP, 2 * M2, RW, VMS_MAP_SHARED | FIXED, 7, TP);
	OK(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE));
	vms_munmap(mm, b, 3 * M2);
	vms_mmap(mm, b, 2 * M2, RW, VMS_MAP_SHARED | FIXED, 7, TP);
	CHECK_EQ(vms_madvise(mm, b + M2, TP, VMS_MADV_COLLAPSE), -EINVAL);
	vms_munmap(mm, b, 3 * M2);

	/* a regular file, whatever its protection */
	add_files(mm);
	vms_mmap(mm, b, 2 * M2, R | VMS_PROT_EXEC, VMS_MAP_PRIVATE | FIXED,
		 FD_RW, 0);
	CHECK_EQ(vms_madvise(mm, b, TP, VMS_MADV_COLLAPSE), -EINVAL);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * Allocation failure at every allocation.  A split's failed allocation is
 * the kernel's -ENOMEM from vma_modify, which madvise reports as -EAGAIN
 * like a split at the limit; the first split stays.  GUARD_INSTALL's
 * anon_vma allocation is returned as -ENOMEM, with gu already set;
 * POPULATE_WRITE's fault allocation failure is VM_FAULT_OOM: -ENOMEM.
 */
struct fail_case {
	const char *name;
	void (*setup)(vms_mm *mm);
	int (*op)(vms_mm *mm);
	int fail_rc;
	const char *ok_pic;
	const char *fail_pics[3];
};

static void setup_six(vms_mm *mm)
{
	tm_map(mm, 0, 6, RW);
}

static void setup_hole(vms_mm *mm)
{
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 3, RW);
}

static int op_dontfork_middle(vms_mm *mm)
{
	return vms_madvise(mm, PG(2), 2 * TP, VMS_MADV_DONTFORK);
}

static int op_dontfork_hole(vms_mm *mm)
{
	return vms_madvise(mm, PG(0), 5 * TP, VMS_MADV_DONTFORK);
}

static int op_guard(vms_mm *mm)
{
	return vms_madvise(mm, PG(1), TP, VMS_MADV_GUARD_INSTALL);
}

static int op_populate(vms_mm *mm)
{
	return vms_madvise(mm, PG(0), 6 * TP, VMS_MADV_POPULATE_WRITE);
}

static const struct fail_case fail_cases[] = {
    {"dontfork_middle",
     setup_six,
     op_dontfork_middle,
     -EAGAIN,
     "aabbcc..",
     {"aaaaaa..", "aabbbb..", NULL}},
    {"dontfork_hole",
     setup_hole,
     op_dontfork_hole,
     -EAGAIN,
     "aa.bbc..",
     {"aa.bbb..", NULL}},
    {"guard", setup_six, op_guard, -ENOMEM, "AAAAAA..", {"aaaaaa..", NULL}},
    /* succeeds up to the hole: the area after it is not populated */
    {"populate_hole",
     setup_hole,
     op_populate,
     -ENOMEM,
     "AA.bbb..",
     {"aa.bbb..", NULL}},
};

static void run_fail_case(const struct fail_case *c)
{
	for (long n = 1; n < 20; n++) {
		struct tm_failing f;
		struct vms_config cfg;
		vms_mm *mm;
		int r;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = tm_new_cfg(&cfg);
		c->setup(mm);
		f.countdown = n;
		r = c->op(mm);
		f.countdown = 0;
		CHECK_EQ(tm_valid_structure(mm), 0);
		if (!f.failed) {
			/* populate_hole ends at its hole */
			CHECK_EQ(r, c->op == op_dontfork_middle ||
					    c->op == op_guard
					? 0
					: -ENOMEM);
			CHECK_STR(tm_pic(mm, 8), c->ok_pic);
			vms_mm_destroy(mm);
			CHECK_EQ(f.live_bytes, 0);
			return;
		}
		CHECK_EQ(r, c->fail_rc);
		if (n <= 3 && c->fail_pics[n - 1])
			CHECK_STR(tm_pic(mm, 8), c->fail_pics[n - 1]);
		if (c->op == op_guard)
			CHECK(has(mm, 1, VMS_MAYBE_GUARD));
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
	}
	CHECK(!"operation never completed");
}

TEST(every_allocation_fails)
{
	const char *saved = check_case_name;

	for (size_t i = 0; i < ARRAY_SIZE(fail_cases); i++) {
		check_case_name = fail_cases[i].name;
		run_fail_case(&fail_cases[i]);
	}
	check_case_name = saved;
}

int main(void)
{
	RUN(advice_validity);
	RUN(advice_validity_without_thp);
	RUN(argument_checks);
	RUN(flag_advice_every_kind);
	RUN(page_advice_every_kind);
	RUN(sealed_every_advice);
	RUN(holes_continue);
	RUN(area_error_stops);
	RUN(flag_advice_merges);
	RUN(map_limit_eagain);
	RUN(guard_install_anon_vma);
	RUN(guard_sticky_merges);
	RUN(populate);
	RUN(sealed_per_area);
	RUN(special_mappings);
	RUN(collapse);
	RUN(every_allocation_fails);
	return CHECK_DONE();
}
