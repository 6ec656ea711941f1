/* SPDX-License-Identifier: MIT */
/*
 * A minimal test harness.  Each test binary runs its cases and prints one
 * line per case: "ok NAME" or "not ok NAME: why".  tests/run.sh counts the
 * lines of every binary; a binary that crashes counts as one failure.
 */
#ifndef VMS_CHECK_H
#define VMS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed_cases, check_passed_cases, check_case_failed;
static const char *check_case_name;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			if (!check_case_failed)                             \
				printf("not ok %s: %s:%d: %s\n",            \
				       check_case_name, __FILE__, __LINE__, \
				       #cond);                              \
			check_case_failed = 1;                              \
		}                                                           \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
		if (check_a_ != check_b_) {                                 \
			if (!check_case_failed)                             \
				printf("not ok %s: %s:%d: %s == %s "       \
				       "(%lld != %lld)\n",                 \
				       check_case_name, __FILE__, __LINE__, \
				       #a, #b, check_a_, check_b_);         \
			check_case_failed = 1;                              \
		}                                                           \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *check_sa_ = (a), *check_sb_ = (b);              \
		if (strcmp(check_sa_, check_sb_) != 0) {                    \
			if (!check_case_failed)                             \
				printf("not ok %s: %s:%d: strings differ\n" \
				       "--- got\n%s--- want\n%s---\n",      \
				       check_case_name, __FILE__, __LINE__, \
				       check_sa_, check_sb_);               \
			check_case_failed = 1;                              \
		}                                                           \
	} while (0)

#define TEST(name) static void name(void)

#define RUN(name)                                                           \
	do {                                                                \
		check_case_name = #name;                                    \
		check_case_failed = 0;                                      \
		name();                                                     \
		if (check_case_failed)                                      \
			check_failed_cases++;                               \
		else {                                                      \
			check_passed_cases++;                               \
			printf("ok %s\n", #name);                           \
		}                                                           \
		fflush(stdout);                                             \
	} while (0)

#define CHECK_DONE() (check_failed_cases ? 1 : 0)

#endif
