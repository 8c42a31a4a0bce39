/* snapshot.h: "Snapshot, then build" (ARCHITECTURE rule 3).
 *
 * A reader that takes a pointer out of an object must not run anything that
 * can run Python code before its last use of that pointer.  Allocating a GC
 * object (tuple, list, dict) can: before 3.12 the cyclic collector runs
 * inside the allocation, and with it any __del__ or gc.callbacks function,
 * which may empty or resize the very container being read.  So a reader
 *
 *   1. snapshots: copies the fields it needs into C memory and takes a strong
 *      reference to every object it will hand out or look at later, with no
 *      Python allocation in between (PyMem_* and Py_INCREF run no code; a
 *      bytes, int or str object is not GC-tracked and its allocation never
 *      collects, so those may be made here too);
 *   2. builds the Python result from the copy only;
 *   3. releases the references.
 *
 * pyi_held_t is the copy of a window of object pointers.  An error while
 * snapshotting is reported by a -1 return WITHOUT an exception set (raising
 * creates objects): the caller calls PyErr_NoMemory() once it no longer
 * uses pointers into the inspected object.
 */
#ifndef PYI_SNAPSHOT_H
#define PYI_SNAPSHOT_H

#include "util.h"

typedef struct {
    PyObject **items;   /* strong references; NULL slots are kept as NULL */
    Py_ssize_t n;
} pyi_held_t;

#define PYI_HELD_INIT {NULL, 0}

/* Copy items[0:w.head] + items[size-w.tail:size] into h, each incref'd.
 * `items` may be NULL only when the window is empty.  0, or -1 (no memory,
 * no exception set). */
int pyi_hold_window(pyi_held_t *h, PyObject *const *items, Py_ssize_t size, pyi_window_t w);

/* Reserve n NULL slots (filled by the caller with pyi_held_set).  0 or -1
 * (no memory, no exception set). */
int pyi_held_alloc(pyi_held_t *h, Py_ssize_t n);

/* Store a new strong reference to o (may be NULL) in slot i. */
static inline void
pyi_held_set(pyi_held_t *h, Py_ssize_t i, PyObject *o)
{
    Py_XINCREF(o);
    h->items[i] = o;
}

/* A tuple of the held objects (None for a NULL slot).  New reference. */
PyObject *pyi_held_objects(const pyi_held_t *h);

/* A tuple of the held objects' addresses (None for a NULL slot). */
PyObject *pyi_held_addresses(const pyi_held_t *h);

/* Drop every reference and free the array; h is empty afterwards.  May run
 * code (a Py_DECREF can be the last reference): call it after the build. */
void pyi_held_release(pyi_held_t *h);

/* The (key, value) pairs of a dict copied with strong references, for
 * building rows from after the dict may have changed (a __del__ run by the
 * collector inside a row's allocation can set or delete entries, resizing
 * the table).  keys.items[i] and values.items[i] are one entry. */
typedef struct {
    pyi_held_t keys;
    pyi_held_t values;
    Py_ssize_t used;   /* ma_used when it was read */
} pyi_pairs_t;

#define PYI_PAIRS_INIT {PYI_HELD_INIT, PYI_HELD_INIT, 0}

/* Copy the entries of dict `d` whose key `keep` accepts (all when NULL)
 * under the dict's critical section.  PyDict_Next hands out the stored
 * pointers and compares nothing, PyMem_* and Py_INCREF run no code; `keep`
 * must not either.  0, or -1 (no memory, no exception set: the caller
 * raises once it holds no pointer into the dict). */
int pyi_hold_pairs(pyi_pairs_t *p, PyObject *d, int (*keep)(PyObject *key));

/* Drop the references (may run code: after the build). */
void pyi_pairs_release(pyi_pairs_t *p);

#endif /* PYI_SNAPSHOT_H */
