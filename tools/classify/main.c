// SPDX-License-Identifier: GPL-2.0
/*
 * console-classify: report the kernel splats in a UML console log as TSV.
 *
 *     console-classify [--noise FILE] [--show-noise] LOG
 *     console-classify --panicked LOG
 *
 * Exit status: 0 no findings, 1 findings (known noise does not count),
 * 2 usage or I/O error (one line on stderr says what to do).
 *
 * --panicked prints nothing and answers whether the kernel panicked: exit
 * 0 when the log holds a panic (the TRIGGER rows of class PANIC in
 * patterns.def, the one place the panic signature lives), 1 when not, 2
 * on error. boot/boot-uml.sh asks it to tell "panic" from other ends.
 */
#define _POSIX_C_SOURCE 200809L

#include "console_classify.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "console-classify"
#define USAGE "usage: " PROG " [--noise FILE] [--show-noise] LOG | --panicked LOG  (LOG - reads stdin)"
#define NOISE_REL "tools/classify/console-noise.txt"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };
/* --panicked: a yes/no question, answered as test(1) would. */
enum { EXIT_PANICKED = 0, EXIT_NOT_PANICKED = 1 };

struct options {
	const char *noise_path; /* NULL: the default list */
	int show_noise;
	int panicked; /* --panicked: answer by the exit status only */
	const char *log;
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, PROG ": %s%s%s; " USAGE "\n", what, arg ? " " : "",
		arg ? arg : "");
	return -1;
}

/* 0: run; 1: --help printed; -1: usage error printed. */
static int parse_args(int argc, char **argv, struct options *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf("%s\n", USAGE);
			return 1;
		} else if (strcmp(a, "--panicked") == 0) {
			o->panicked = 1;
		} else if (strcmp(a, "--show-noise") == 0) {
			o->show_noise = 1;
		} else if (strcmp(a, "--noise") == 0) {
			if (++i == argc)
				return usage_error("--noise needs a file", NULL);
			o->noise_path = argv[i];
		} else if (strncmp(a, "--noise=", 8) == 0) {
			o->noise_path = a + 8;
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option", a);
		} else if (o->log) {
			return usage_error("more than one log given:", a);
		} else {
			o->log = a;
		}
	}
	if (!o->log)
		return usage_error("no console log given", NULL);
	return 0;
}

static int readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/*
 * The repository's noise list: next to the binary's tree when run as
 * build/bin/console-classify or build/bin/san/console-classify (from
 * anywhere), else relative to the current directory (the repository root,
 * where make runs). NULL when neither exists.
 */
static char *default_noise_path(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		/* strip "/console-classify", "/bin", "/build" (and "/san" first) */
		for (int up = 1; up <= 4 && (slash = strrchr(exe, '/')); up++) {
			*slash = '\0';
			if (up < 3 || (size_t)(slash - exe) + sizeof("/" NOISE_REL) > sizeof(exe))
				continue;
			strcpy(slash, "/" NOISE_REL);
			if (readable(exe))
				return strdup(exe);
			*slash = '\0';
		}
	}
	if (readable(NOISE_REL))
		return strdup(NOISE_REL);
	return NULL;
}

static int load_noise(const struct options *o, struct cc_noise **noise)
{
	char err[512];
	char *path = NULL;
	int rc;

	*noise = NULL;
	if (!o->noise_path) {
		path = default_noise_path();
		if (!path) {
			fprintf(stderr, PROG ": warning: no %s found; every splat "
				"is reported; pass --noise FILE\n", NOISE_REL);
			return 0;
		}
	}
	rc = cc_noise_load(path ? path : o->noise_path, noise, err, sizeof(err));
	free(path);
	if (rc < 0)
		fprintf(stderr, PROG ": bad noise list: %s; fix it or pass "
			"--noise FILE\n", err);
	return rc;
}

static int classify(const char *log, const struct cc_noise *noise,
		    struct cc_result *res)
{
	int rc = strcmp(log, "-") == 0 ? cc_classify_stream(stdin, noise, res)
				       : cc_classify_file(log, noise, res);

	if (rc < 0)
		fprintf(stderr, PROG ": cannot read %s: %s; pass the console log "
			"UML wrote\n", log, strerror(errno));
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct cc_noise *noise = NULL;
	struct cc_result res;
	int status, parsed = parse_args(argc, argv, &o);

	if (parsed != 0)
		return parsed > 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	if (o.panicked) {
		/* No noise list: a panic ends the boot whether or not a rule
		 * calls it noise. */
		if (classify(o.log, NULL, &res) < 0)
			return EXIT_TROUBLE;
		status = cc_panicked(&res) ? EXIT_PANICKED : EXIT_NOT_PANICKED;
		cc_result_free(&res);
		return status;
	}
	if (load_noise(&o, &noise) < 0)
		return EXIT_TROUBLE;
	if (classify(o.log, noise, &res) < 0) {
		cc_noise_free(noise);
		return EXIT_TROUBLE;
	}
	status = cc_real_findings(&res) ? EXIT_FINDINGS : EXIT_CLEAN;
	if (cc_write_tsv(stdout, &res, o.show_noise) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, PROG ": cannot write the report: %s\n",
			strerror(errno));
		status = EXIT_TROUBLE;
	}
	cc_result_free(&res);
	cc_noise_free(noise);
	return status;
}
