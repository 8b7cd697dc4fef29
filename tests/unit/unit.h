/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the CUnit unit tests share: a runner for tables of tests in one or more
 * suites, and a reader for the captured replies in tests/unit/data.
 */
#ifndef UNIT_H
#define UNIT_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#define UNIT_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

struct unit_test {
	const char *name;
	CU_TestFunc fn;
};

/* A suite: init and cleanup run once around it, setup and teardown around each test. */
struct unit_suite {
	const char *name;
	CU_InitializeFunc init;
	CU_CleanupFunc cleanup;
	CU_SetUpFunc setup;
	CU_TearDownFunc teardown;
	const struct unit_test *tests;
	size_t n;
};

/* Sets a unit_suite's tests and n to the array t, in a designated initializer. */
#define UNIT_TESTS(t) .tests = (t), .n = UNIT_ELEMENTS(t)

/*
 * Runs the suites in verbose mode; returns 0 only when every suite could run and
 * every test passed, 1 otherwise (after CUnit's message on a CUnit error).
 */
static inline int
unit_run_suites(const struct unit_suite *suites, size_t n_suites)
{
	unsigned failures;

	if (CU_initialize_registry() != CUE_SUCCESS)
		goto fail;
	for (size_t i = 0; i < n_suites; i++) {
		const struct unit_suite *s = &suites[i];
		CU_pSuite suite = CU_add_suite_with_setup_and_teardown(
		    s->name, s->init, s->cleanup, s->setup, s->teardown);

		if (!suite)
			goto fail;
		for (size_t j = 0; j < s->n; j++)
			if (!CU_add_test(suite, s->tests[j].name, s->tests[j].fn))
				goto fail;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS)
		goto fail;
	failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures ? 1 : 0;
fail:
	fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
	CU_cleanup_registry();
	return 1;
}

/* Runs one suite of n tests; setup and teardown (or NULL) run around each test. */
static inline int
unit_run(const char *suite, CU_SetUpFunc setup, CU_TearDownFunc teardown,
    const struct unit_test *tests, size_t n)
{
	const struct unit_suite s = { suite, NULL, NULL, setup, teardown, tests, n };

	return unit_run_suites(&s, 1);
}

/*
 * Reads at most max bytes of the fixture name in TEST_DATA_DIR (by default
 * tests/unit/data) into data; returns the number read, 0 when it cannot be opened.
 */
static inline size_t
unit_fixture(const char *name, void *data, size_t max)
{
	const char *dir = getenv("TEST_DATA_DIR");
	char path[4096];
	size_t len;
	FILE *f;

	if (!dir || !*dir)
		dir = "tests/unit/data";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
		return 0;
	}
	len = fread(data, 1, max, f);
	fclose(f);
	return len;
}

#endif
