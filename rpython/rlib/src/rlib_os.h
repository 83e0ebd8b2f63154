/* rlib_os.h: small C helpers behind rposix/rtime (see rlib_os.c). */
#ifndef RLIB_OS_H
#define RLIB_OS_H

long rlib_errno(void);
long rlib_stat(const char *path, long follow, long *out);
long rlib_fstat(long fd, long *out);
long rlib_waitpid(long pid, long options, long *status);
double rlib_clock(long which);
long rlib_sleep(double seconds);
long rlib_broken_down_time(double t, long local, long *out);
double rlib_mktime(const long *in);
long rlib_strftime(char *buf, long size, const char *fmt, const long *in);

long rlib_listdir_open(const char *path);
long rlib_listdir_next(long handle, char *buf, long size);
void rlib_listdir_close(long handle);
long rlib_execv(const char *path, char **argv);
long rlib_setenv(const char *name, const char *value);
long rlib_unsetenv(const char *name);
long rlib_sig_setflag(long signum);
long rlib_sig_setdisposition(long signum, long ignore);
long rlib_sig_poll(void);
long rlib_sig_occurred(void);

#define RLIB_STAT_FIELDS 13
#define RLIB_TM_FIELDS 10

#endif
