/* The physical floor for case (b): `execenv FILE COMMAND [ARG...]` execs COMMAND with exactly the
 * NUL-separated KEY=VALUE entries of FILE as its environment (like `env -i` given them, but
 * without env's putenv(), which is quadratic in the number of variables). No parsing, no checks.
 *
 * `execenv --env-i FILE COMMAND [ARG...]` execs `env -i ENTRIES... COMMAND [ARG...]` instead: the
 * baseline issue 9 names, whose command line at 10,000 keys is too long for one hyperfine argument
 * (the kernel's 128 KiB MAX_ARG_STRLEN). It adds this program's own exec to env's time. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const int as_env_i = argc > 1 && strcmp(argv[1], "--env-i") == 0;
    argv += as_env_i;
    argc -= as_env_i;
    if (argc < 3) {
        fputs("usage: execenv [--env-i] FILE COMMAND [ARG...]\n", stderr);
        return 125;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 125;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = 0;
    while (n < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
        if (r <= 0) {
            perror(argv[1]);
            return 125;
        }
        n += (size_t)r;
    }
    size_t count = 0;
    for (size_t i = 0; i < n; ++i) {
        count += buf[i] == '\0';
    }
    char **envp = malloc((count + 1) * sizeof *envp);
    size_t k = 0;
    for (size_t i = 0, start = 0; i < n; ++i) {
        if (buf[i] == '\0') {
            envp[k++] = buf + start;
            start = i + 1;
        }
    }
    envp[k] = NULL;
    if (as_env_i) {
        /* env -i ENTRIES... COMMAND [ARG...], in an environment of its own that is empty */
        char **args = malloc((k + (size_t)argc + 1) * sizeof *args);
        size_t a = 0;
        args[a++] = "env";
        args[a++] = "-i";
        for (size_t i = 0; i < k; ++i) {
            args[a++] = envp[i];
        }
        for (int i = 2; i < argc; ++i) {
            args[a++] = argv[i];
        }
        args[a] = NULL;
        char *no_env[] = {NULL};
        execve("/usr/bin/env", args, no_env);
        perror("/usr/bin/env");
        return 127;
    }
    execve(argv[2], argv + 2, envp);
    perror(argv[2]);
    return 127;
}
