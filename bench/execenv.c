/* The physical floor for case (b): `execenv FILE COMMAND [ARG...]` execs COMMAND with exactly the
 * NUL-separated KEY=VALUE entries of FILE as its environment (like `env -i` given them, but
 * without env's putenv(), which is quadratic in the number of variables). No parsing, no checks. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fputs("usage: execenv FILE COMMAND [ARG...]\n", stderr);
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
    execve(argv[2], argv + 2, envp);
    perror(argv[2]);
    return 127;
}
