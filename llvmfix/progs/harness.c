/* harness.c: runs one llvmfix pattern in two threads with different %gs bases.
 *
 * Design: two "segments" are mapped, each thread points its %gs base at its own
 * one with arch_prctl(ARCH_SET_GS), then both run pattern_run() at the same
 * time (a barrier lines them up) and each verifies its own window through a
 * plain pointer with pattern_check().  A segment access that lost its %gs
 * prefix goes to the plain address SEG_OFF instead; a "decoy" mapping lives
 * there, filled with a known byte, so such an access is seen as changed decoy
 * bytes or as wrong data read back rather than as a random crash.
 *
 * Exit status: 0 all good, 1 a check failed, 77 the kernel refused
 * arch_prctl or the mappings (the tests skip then).
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seg.h"

#define DECOY_BYTE 0xA5
#define SEGMENT_BYTES (SEG_OFF + SEG_SIZE)

static unsigned char *segments[2];
static pthread_barrier_t barrier;
static int results[2];

static void *thread_main(void *arg)
{
    int index = (int)(intptr_t)arg;
    unsigned char *base = segments[index];
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)base) != 0) {
        results[index] = 77;
        pthread_barrier_wait(&barrier);
        pthread_barrier_wait(&barrier);
        return NULL;
    }
    /* Sanity: a value stored through a plain pointer is read back through %gs. */
    base[SEG_OFF] = (unsigned char)(0x40 + index);
    pthread_barrier_wait(&barrier);
    pattern_run(index + 1);
    pthread_barrier_wait(&barrier);
    results[index] = pattern_check(base + SEG_OFF, index + 1) ? 1 : 0;
    return NULL;
}

int main(void)
{
    unsigned char *decoy = mmap((void *)SEG_OFF, SEG_SIZE, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                                -1, 0);
    if (decoy != (unsigned char *)SEG_OFF) {
        printf("SKIP cannot map the decoy at %#lx: %s\n", SEG_OFF, strerror(errno));
        return 77;
    }
    memset(decoy, DECOY_BYTE, SEG_SIZE);
    for (int i = 0; i < 2; i++) {
        segments[i] = mmap(NULL, SEGMENT_BYTES, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (segments[i] == MAP_FAILED) {
            printf("SKIP cannot map a segment: %s\n", strerror(errno));
            return 77;
        }
    }
    pthread_barrier_init(&barrier, NULL, 2);
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, thread_main, (void *)(intptr_t)i);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);

    if (results[0] == 77 || results[1] == 77) {
        printf("SKIP arch_prctl(ARCH_SET_GS) refused\n");
        return 77;
    }
    int status = 0;
    for (int i = 0; i < 2; i++) {
        if (results[i]) {
            printf("FAIL %s: segment %d holds wrong data\n", pattern_name, i + 1);
            status = 1;
        }
    }
    for (unsigned long k = 0; k < SEG_SIZE; k++) {
        if (decoy[k] != DECOY_BYTE) {
            printf("FAIL %s: plain address %#lx was written (lost %%gs prefix)\n",
                   pattern_name, SEG_OFF + k);
            status = 1;
            break;
        }
    }
    if (!status)
        printf("OK %s\n", pattern_name);
    return status;
}
