/* rpy_thread.h -- C thread support used by rlib/rthread.py and rgil.py
 * through rffi (see translator/c/threadsupport.py); locks are integers. */
#ifndef RPY_THREAD_SUPPORT_H
#define RPY_THREAD_SUPPORT_H

long rpy_thread_spawn(void);
long rpy_thread_get_ident(void);
long rpy_lock_allocate(void);
long rpy_lock_try(long lock);
long rpy_lock_acquire(long lock, long timeout_us);
long rpy_lock_release(long lock);
long rpy_lock_locked(long lock);
long rpy_gil_allocate(void);
long rpy_gil_acquire(void);
long rpy_gil_release(void);
long rpy_gil_yield(void);

#endif
