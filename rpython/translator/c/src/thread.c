/* thread.c -- threads, locks and the GIL for translated programs.
 *
 * A thread is started by rpy_thread_spawn(): the new pthread sets up its
 * stack limit and shadow stack (rpy_thread_start), calls the RPython
 * function exported under the C name rpy_thread_bootstrap (it fetches the
 * function and arguments to run from RPython-level state, see
 * rlib/rthread.py), and unregisters from the GC when it returns.
 *
 * Locks are heap-allocated {mutex, condition, locked} triples handed to
 * RPython as integers.  The GIL is one such lock plus a count of waiting
 * threads, so that rpy_gil_yield() only hands over when someone waits.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

#include "rpy_thread.h"

void rpy_thread_start(void);
void rpy_thread_die(void);
/* an RPython function exported by name; weak: a program may use locks
 * without ever starting a thread */
long rpy_thread_bootstrap(void) __attribute__((weak));

static void *trampoline(void *arg)
{
    (void)arg;
    rpy_thread_start();
    if (rpy_thread_bootstrap)
        rpy_thread_bootstrap();
    rpy_thread_die();
    return NULL;
}

long rpy_thread_spawn(void)
{
    pthread_t th;
    pthread_attr_t attr;
    int err;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 8 * 1024 * 1024);
    err = pthread_create(&th, &attr, trampoline, NULL);
    pthread_attr_destroy(&attr);
    if (err)
        return -1;
    return (long)th;
}

long rpy_thread_get_ident(void)
{
    return (long)pthread_self();
}

typedef struct {
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    int locked;
} rpy_lock_t;

long rpy_lock_allocate(void)
{
    rpy_lock_t *lock = malloc(sizeof(rpy_lock_t));
    if (!lock)
        return 0;
    pthread_mutex_init(&lock->mutex, NULL);
    pthread_cond_init(&lock->cond, NULL);
    lock->locked = 0;
    return (long)lock;
}

long rpy_lock_try(long handle)
{
    rpy_lock_t *lock = (rpy_lock_t *)handle;
    long result;
    pthread_mutex_lock(&lock->mutex);
    result = !lock->locked;
    lock->locked = 1;
    pthread_mutex_unlock(&lock->mutex);
    return result;
}

/* timeout_us < 0: wait forever.  Returns 1 if acquired. */
long rpy_lock_acquire(long handle, long timeout_us)
{
    rpy_lock_t *lock = (rpy_lock_t *)handle;
    struct timespec deadline;
    long result = 1;
    if (timeout_us >= 0) {
        struct timeval now;
        gettimeofday(&now, NULL);
        deadline.tv_sec = now.tv_sec + (now.tv_usec + timeout_us) / 1000000;
        deadline.tv_nsec = ((now.tv_usec + timeout_us) % 1000000) * 1000;
    }
    pthread_mutex_lock(&lock->mutex);
    while (lock->locked) {
        if (timeout_us < 0)
            pthread_cond_wait(&lock->cond, &lock->mutex);
        else if (pthread_cond_timedwait(&lock->cond, &lock->mutex, &deadline) == ETIMEDOUT) {
            result = !lock->locked;
            break;
        }
    }
    if (result)
        lock->locked = 1;
    pthread_mutex_unlock(&lock->mutex);
    return result;
}

long rpy_lock_release(long handle)
{
    rpy_lock_t *lock = (rpy_lock_t *)handle;
    long was_locked;
    pthread_mutex_lock(&lock->mutex);
    was_locked = lock->locked;
    lock->locked = 0;
    pthread_cond_signal(&lock->cond);
    pthread_mutex_unlock(&lock->mutex);
    return was_locked;
}

long rpy_lock_locked(long handle)
{
    rpy_lock_t *lock = (rpy_lock_t *)handle;
    long result;
    pthread_mutex_lock(&lock->mutex);
    result = lock->locked;
    pthread_mutex_unlock(&lock->mutex);
    return result;
}

/* The GIL */
static long gil;
static long gil_waiting;

long rpy_gil_allocate(void)
{
    if (!gil) {
        gil = rpy_lock_allocate();
        rpy_lock_try(gil); /* the allocating thread holds it */
    }
    return gil != 0;
}

long rpy_gil_acquire(void)
{
    if (!gil)
        return 0;
    __sync_fetch_and_add(&gil_waiting, 1);
    rpy_lock_acquire(gil, -1);
    __sync_fetch_and_sub(&gil_waiting, 1);
    return 1;
}

long rpy_gil_release(void)
{
    if (!gil)
        return 0;
    rpy_lock_release(gil);
    return 1;
}

/* Give the GIL to a waiting thread, if any, and take it back. */
long rpy_gil_yield(void)
{
    if (!gil || !__sync_fetch_and_add(&gil_waiting, 0))
        return 0;
    rpy_lock_release(gil);
    sched_yield();
    rpy_gil_acquire();
    return 1;
}
