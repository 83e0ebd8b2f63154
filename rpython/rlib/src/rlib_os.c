/* rlib_os.c: the C side of rpython/rlib's OS and time calls.
 *
 * Most OS calls are made directly from RPython through rffi.llexternal
 * (read, write, open, ...).  This file holds only what needs C structures
 * or C-level care, flattened into arrays of longs so that the RPython side
 * sees plain integers:
 *
 *   - errno, read right after a failed call (the RPython code does no other
 *     call in between);
 *   - stat/fstat -> RLIB_STAT_FIELDS longs: mode, ino, dev, nlink, uid, gid,
 *     size, then atime, mtime, ctime as (seconds, nanoseconds) pairs;
 *   - waitpid with the status through a pointer;
 *   - clocks as doubles (realtime, monotonic, perf counter, process time);
 *   - sleep that resumes after EINTR until the full time has passed;
 *   - struct tm <-> RLIB_TM_FIELDS longs: year, mon (1-12), mday, hour, min,
 *     sec, wday (Monday = 0, as Python), yday (1-366), isdst, gmtoff;
 *   - directory listing one name at a time (the DIR * travels as a long);
 *   - execv, setenv/unsetenv;
 *   - signals: the handler only sets a flag (async-signal-safe); the program
 *     polls with rlib_sig_poll(), lowest pending signal first.
 *
 * Errors return -1 with errno set, as the underlying calls do.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#include "rlib_os.h"

long rlib_errno(void) { return errno; }

static void fill_stat(const struct stat *st, long *out) {
    out[0] = (long)st->st_mode;
    out[1] = (long)st->st_ino;
    out[2] = (long)st->st_dev;
    out[3] = (long)st->st_nlink;
    out[4] = (long)st->st_uid;
    out[5] = (long)st->st_gid;
    out[6] = (long)st->st_size;
    out[7] = (long)st->st_atim.tv_sec;
    out[8] = (long)st->st_atim.tv_nsec;
    out[9] = (long)st->st_mtim.tv_sec;
    out[10] = (long)st->st_mtim.tv_nsec;
    out[11] = (long)st->st_ctim.tv_sec;
    out[12] = (long)st->st_ctim.tv_nsec;
}

long rlib_stat(const char *path, long follow, long *out) {
    struct stat st;
    int res = follow ? stat(path, &st) : lstat(path, &st);
    if (res < 0)
        return -1;
    fill_stat(&st, out);
    return 0;
}

long rlib_fstat(long fd, long *out) {
    struct stat st;
    if (fstat((int)fd, &st) < 0)
        return -1;
    fill_stat(&st, out);
    return 0;
}

long rlib_waitpid(long pid, long options, long *status) {
    int st = 0;
    pid_t res = waitpid((pid_t)pid, &st, (int)options);
    *status = st;
    return (long)res;
}

double rlib_clock(long which) {
    struct timespec ts;
    clockid_t id = CLOCK_REALTIME;
    if (which == 1 || which == 2)
        id = CLOCK_MONOTONIC;
    else if (which == 3)
        id = CLOCK_PROCESS_CPUTIME_ID;
    if (clock_gettime(id, &ts) < 0)
        return -1.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

long rlib_sleep(double seconds) {
    struct timespec req, rem;
    req.tv_sec = (time_t)seconds;
    req.tv_nsec = (long)((seconds - (double)req.tv_sec) * 1e9);
    if (req.tv_nsec >= 1000000000L) {
        req.tv_sec += 1;
        req.tv_nsec -= 1000000000L;
    }
    while (nanosleep(&req, &rem) < 0) {
        if (errno != EINTR)
            return -1;
        req = rem;
    }
    return 0;
}

static void tm_to_longs(const struct tm *tm, long *out) {
    out[0] = (long)tm->tm_year + 1900;
    out[1] = (long)tm->tm_mon + 1;
    out[2] = tm->tm_mday;
    out[3] = tm->tm_hour;
    out[4] = tm->tm_min;
    out[5] = tm->tm_sec;
    out[6] = (tm->tm_wday + 6) % 7;
    out[7] = (long)tm->tm_yday + 1;
    out[8] = tm->tm_isdst;
    out[9] = tm->tm_gmtoff;
}

static void longs_to_tm(const long *in, struct tm *tm) {
    tm->tm_year = (int)(in[0] - 1900);
    tm->tm_mon = (int)(in[1] - 1);
    tm->tm_mday = (int)in[2];
    tm->tm_hour = (int)in[3];
    tm->tm_min = (int)in[4];
    tm->tm_sec = (int)in[5];
    tm->tm_wday = (int)((in[6] + 1) % 7);
    tm->tm_yday = (int)(in[7] - 1);
    tm->tm_isdst = (int)in[8];
    tm->tm_gmtoff = in[9];
    tm->tm_zone = 0;
}

long rlib_broken_down_time(double t, long local, long *out) {
    struct tm tm;
    time_t tt = (time_t)t;
    if ((double)tt > t)
        tt -= 1; /* floor for negative non-integral times */
    if ((local ? localtime_r(&tt, &tm) : gmtime_r(&tt, &tm)) == 0)
        return -1;
    tm_to_longs(&tm, out);
    return 0;
}

double rlib_mktime(const long *in) {
    struct tm tm;
    time_t t;
    longs_to_tm(in, &tm);
    tm.tm_wday = -1; /* sentinel: mktime() sets it on success */
    t = mktime(&tm);
    if (t == (time_t)-1 && tm.tm_wday == -1)
        return -1.0;
    return (double)t;
}

long rlib_strftime(char *buf, long size, const char *fmt, const long *in) {
    struct tm tm;
    longs_to_tm(in, &tm);
    return (long)strftime(buf, (size_t)size, fmt, &tm);
}

long rlib_listdir_open(const char *path) {
    DIR *dir = opendir(path);
    return (long)dir; /* 0 on error, errno set */
}

/* Copies the next name other than "." and ".." into buf; returns its
 * length, 0 at the end (errno unchanged), -1 on error. */
long rlib_listdir_next(long handle, char *buf, long size) {
    DIR *dir = (DIR *)handle;
    struct dirent *entry;
    for (;;) {
        errno = 0;
        entry = readdir(dir);
        if (entry == NULL)
            return errno ? -1 : 0;
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            break;
    }
    long n = (long)strlen(entry->d_name);
    if (n >= size)
        n = size - 1;
    memcpy(buf, entry->d_name, (size_t)n);
    buf[n] = 0;
    return n;
}

void rlib_listdir_close(long handle) { closedir((DIR *)handle); }

long rlib_execv(const char *path, char **argv) { return execv(path, argv); }

long rlib_setenv(const char *name, const char *value) {
    return setenv(name, value, 1);
}

long rlib_unsetenv(const char *name) { return unsetenv(name); }

static volatile sig_atomic_t rlib_sig_pending[NSIG];
static volatile sig_atomic_t rlib_sig_any;

static void rlib_sig_handler(int signum) {
    rlib_sig_pending[signum] = 1;
    rlib_sig_any = 1;
}

long rlib_sig_setflag(long signum) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = rlib_sig_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return sigaction((int)signum, &sa, NULL);
}

long rlib_sig_setdisposition(long signum, long ignore) {
    return signal((int)signum, ignore ? SIG_IGN : SIG_DFL) == SIG_ERR ? -1 : 0;
}

long rlib_sig_poll(void) {
    int i;
    if (!rlib_sig_any)
        return -1;
    rlib_sig_any = 0;
    for (i = 1; i < NSIG; i++) {
        if (rlib_sig_pending[i]) {
            int j;
            rlib_sig_pending[i] = 0;
            for (j = i + 1; j < NSIG; j++)
                if (rlib_sig_pending[j])
                    rlib_sig_any = 1;
            return i;
        }
    }
    return -1;
}

long rlib_sig_occurred(void) { return rlib_sig_any; }
