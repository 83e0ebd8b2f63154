/* pattern_pointer_store.c: segment pointers stored in segment memory.
 *
 * Design: GC objects point to each other with segment pointers stored inside
 * segment memory.  Loading such a pointer and dereferencing it again must use
 * %gs both times; a compiler that treats the loaded value as a plain pointer
 * (wrong address space after a load, a phi, or a select) reads the wrong
 * thread's data.  A linked list is built, walked, and reversed in place.
 */
#include "seg.h"

const char pattern_name[] = "pointer_store";

struct node {
    struct node SEG *next;
    long value;
};

#define N 64

void seg_build_list(SEG struct node *nodes, int n, long base)
{
    for (int i = 0; i < n; i++) {
        nodes[i].value = base + i;
        nodes[i].next = i + 1 < n ? &nodes[i + 1] : (SEG struct node *)0;
    }
}

long seg_sum_list(SEG struct node *head)
{
    long s = 0;
    while (head) {
        s += head->value;
        head = head->next;
    }
    return s;
}

SEG struct node *seg_reverse(SEG struct node *head)
{
    SEG struct node *prev = (SEG struct node *)0;
    while (head) {
        SEG struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

void seg_store_pointer(SEG struct node *SEG *slot, SEG struct node *p)
{
    *slot = p;
}

void pattern_run(int id)
{
    SEG struct node *SEG *root = (SEG struct node *SEG *)SEG_OFF;
    SEG long *sum_out = (SEG long *)(SEG_OFF + 8);
    SEG struct node *nodes = (SEG struct node *)(SEG_OFF + 64);
    seg_build_list(nodes, N, 1000L * id);
    seg_store_pointer(root, seg_reverse(nodes));
    *sum_out = seg_sum_list(*root);
}

int pattern_check(const unsigned char *window, int id)
{
    uintptr_t root = *(const uintptr_t *)window;
    long sum = *(const long *)(window + 8);
    long expect = 0;
    for (int i = 0; i < N; i++)
        expect += 1000L * id + i;
    if (sum != expect)
        return 1;
    /* The list is reversed: root is the last node, as a segment offset. */
    if (root != SEG_OFF + 64 + (N - 1) * sizeof(struct node))
        return 1;
    const struct node *first = (const struct node *)(window + 64);
    return first->next != 0 || first->value != 1000L * id ? 1 : 0;
}
