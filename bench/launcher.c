/* launcher.c: run one command and report its own resource usage.
 *
 * Design: Linux keeps a process's peak RSS (ru_maxrss) across execve, and a
 * child starts from a copy of its parent's memory, so a command spawned
 * directly by the Python harness (tens of MB once matplotlib is loaded)
 * reports the harness's peak, not its own.  This launcher is tiny: the
 * harness execs it, it forks and execs the measured command from its own
 * small image, waits for it with wait4() and writes the child's figures
 * (exit status, wall, user, sys seconds and peak RSS in KB) as one line to
 * the file named by argv[1].  Wall time uses CLOCK_MONOTONIC around the
 * child's whole life.  Exit status: 0 when the report was written, 127 when
 * the command could not be started (reported in the file too).
 *
 * Usage: launcher REPORT_FILE COMMAND [ARGS...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: launcher REPORT_FILE COMMAND [ARGS...]\n");
        return 2;
    }
    int pipefd[2]; /* reports a failed execvp from the child */
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        perror("launcher: pipe2");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("launcher: fork");
        return 2;
    }
    if (pid == 0) {
        close(pipefd[0]);
        execvp(argv[2], argv + 2);
        int err = errno;
        if (write(pipefd[1], &err, sizeof err) < 0)
            _exit(127);
        _exit(127);
    }
    close(pipefd[1]);
    int exec_errno = 0;
    ssize_t got = read(pipefd[0], &exec_errno, sizeof exec_errno);
    close(pipefd[0]);
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("launcher: wait4");
            return 2;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror("launcher: report file");
        return 2;
    }
    if (got == (ssize_t)sizeof exec_errno)
        fprintf(f, "exec-error %s\n", strerror(exec_errno));
    else
        fprintf(f, "%d %.6f %.6f %.6f %ld\n", code, wall, seconds(usage.ru_utime),
                seconds(usage.ru_stime), usage.ru_maxrss);
    fclose(f);
    return got == (ssize_t)sizeof exec_errno ? 127 : 0;
}
