// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run a libFuzzer target over saved inputs, without libFuzzer.
 *
 *	gcc ... replay.c <target>.c -o <target>
 *	<target> PATH...
 *
 * Each PATH is a file or a directory (every regular file directly inside,
 * in name order).  Each input is read into a heap buffer of exactly its
 * size, so ASan sees a read past the end, and handed to
 * LLVMFuzzerTestOneInput().  Prints "replay <target>: N inputs" and exits
 * 0; a failing input aborts (or is killed by a sanitizer) after its path
 * has been printed.  Generic: linked unchanged with every fuzz target, so
 * the committed corpora run as regression tests under gcc.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* uint8_t is unsigned char; the kernel's checkpatch prefers the latter. */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *replay_current;

static void replay_write(const char *s)
{
	ssize_t ret = write(STDERR_FILENO, s, strlen(s));

	(void)ret;
}

/* Name the input that killed us; async-signal-safe, it may run from abort. */
static void replay_report(void)
{
	if (!replay_current)
		return;
	replay_write("replay: failing input: ");
	replay_write(replay_current);
	replay_write("\n");
}

static void replay_on_signal(int sig)
{
	replay_report();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void replay_fatal(const char *path, const char *what)
{
	fprintf(stderr, "replay: %s: %s: %s\n", path, what, strerror(errno));
	exit(2);
}

static void replay_file(const char *path, size_t *count)
{
	struct stat st;
	unsigned char *data;
	size_t done = 0;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		replay_fatal(path, "open");
	if (fstat(fileno(f), &st))
		replay_fatal(path, "stat");
	/* Exactly the file's size: one byte more would hide an over-read. */
	data = malloc(st.st_size ? st.st_size : 1);
	if (!data)
		replay_fatal(path, "malloc");
	while (done < (size_t)st.st_size) {
		size_t n = fread(data + done, 1, st.st_size - done, f);

		if (!n)
			replay_fatal(path, "short read");
		done += n;
	}
	fclose(f);

	replay_current = path;
	LLVMFuzzerTestOneInput(data, done);
	replay_current = NULL;
	free(data);
	(*count)++;
}

static void replay_dir(const char *dir, size_t *count)
{
	struct dirent **names;
	struct stat st;
	int i, n;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		replay_fatal(dir, "scandir");
	for (i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = malloc(len);

		if (!path)
			replay_fatal(dir, "malloc");
		snprintf(path, len, "%s/%s", dir, names[i]->d_name);
		if (!stat(path, &st) && S_ISREG(st.st_mode))
			replay_file(path, count);
		free(path);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	void (*set_death_callback)(void (*cb)(void));
	const char *name = strrchr(argv[0], '/');
	size_t count = 0;
	struct stat st;
	int i;

	name = name ? name + 1 : argv[0];
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", name);
		return 2;
	}
	signal(SIGABRT, replay_on_signal);
	signal(SIGSEGV, replay_on_signal);
	/* A sanitizer report ends in _exit(), not abort(): ask it to call us. */
	set_death_callback = dlsym(RTLD_DEFAULT,
				   "__sanitizer_set_death_callback");
	if (set_death_callback)
		set_death_callback(replay_report);

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st))
			replay_fatal(argv[i], "stat");
		if (S_ISDIR(st.st_mode))
			replay_dir(argv[i], &count);
		else
			replay_file(argv[i], &count);
	}
	printf("replay %s: %zu inputs\n", name, count);
	return 0;
}
