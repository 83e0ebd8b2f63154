/* spin.c -- calibration for the scaling benchmark: N threads each run the
 * same pure-register loop.  Its 2-thread/1-thread wall ratio shows how much
 * parallelism the machine actually gives us right now (1.0 = two free
 * cores; about 2.0 = someone else is using the other core).
 * Usage: spin NTHREADS [ITERATIONS] (default 2e9: about half a second, as
 * long as the scaling workload). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long iterations = 2000000000L;

static void *spin(void *arg)
{
    volatile long x = 0;
    for (long i = 0; i < iterations; i++)
        x += i;
    return arg;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (argc > 2)
        iterations = atol(argv[2]);
    pthread_t th[64];
    struct timespec a, b;
    if (n < 1 || n > 64)
        return 2;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++)
        pthread_create(&th[i], NULL, spin, NULL);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("seconds=%.4f\n", (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) * 1e-9);
    return 0;
}
