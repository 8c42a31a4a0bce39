/* util.h: small helpers shared by the readers (public API only). */
#ifndef PYI_UTIL_H
#define PYI_UTIL_H

#include "compat.h"

/* d[key] = value, stealing `value`.  Returns -1 with an exception set when
 * value is NULL (its constructor failed) or the store fails. */
int pyi_put(PyObject *d, const char *key, PyObject *value);

/* An address as a Python int, or None for NULL. */
PyObject *pyi_addr(const void *p);

#define PYI_PUT_SSIZE(d, k, v) pyi_put((d), (k), PyLong_FromSsize_t((Py_ssize_t)(v)))
#define PYI_PUT_LL(d, k, v) pyi_put((d), (k), PyLong_FromLongLong((long long)(v)))
#define PYI_PUT_ULL(d, k, v) pyi_put((d), (k), PyLong_FromUnsignedLongLong((unsigned long long)(v)))
#define PYI_PUT_BOOL(d, k, v) pyi_put((d), (k), PyBool_FromLong((long)(v)))
#define PYI_PUT_ADDR(d, k, v) pyi_put((d), (k), pyi_addr((const void *)(v)))

/* Which of `size` items a bounded read takes: [0, head) and [size-tail, size).
 * head < 0 means everything. */
typedef struct {
    Py_ssize_t head;     /* items read from the start */
    Py_ssize_t tail;     /* items read from the end */
    Py_ssize_t omitted;  /* items between them that were not read */
} pyi_window_t;

pyi_window_t pyi_window(Py_ssize_t size, Py_ssize_t head, Py_ssize_t tail);

/* Parse the optional (head, tail) arguments following the object: each None
 * (-1: everything) or an int in [0, sys.maxsize]; TypeError, ValueError or
 * OverflowError naming "head"/"tail" otherwise.  A head without a tail reads
 * no tail. */
int pyi_window_args(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t first,
                    Py_ssize_t *head, Py_ssize_t *tail);

/* The item at index i of a table, as a new reference (NULL with an exception). */
typedef PyObject *(*pyi_item_fn)(const void *table, Py_ssize_t i);

/* A tuple of item(table, i) for i in [0, n). */
PyObject *pyi_tuple_from(Py_ssize_t n, pyi_item_fn item, const void *table);

/* A tuple of item(table, i) for the indices a window keeps of [0, size):
 * [0, head) then [size-tail, size). */
PyObject *pyi_window_tuple(pyi_window_t w, Py_ssize_t size, pyi_item_fn item, const void *table);

/* A tuple of the addresses in items[0:head] + items[size-tail:size]. */
PyObject *pyi_addresses(PyObject *const *items, Py_ssize_t size, pyi_window_t w);

/* bytes of buf[0:head*unit] + buf[(size-tail)*unit : size*unit] */
PyObject *pyi_window_bytes(const char *buf, Py_ssize_t size, Py_ssize_t unit, pyi_window_t w);

/* Checks that exactly `want` positional args came; sets TypeError if not. */
int pyi_check_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max);

/* The header reader's dict, filled for `op`; shared by every family. */
PyObject *pyi_header_dict(PyObject *op, PyObject *const *args, Py_ssize_t nargs);

/* The header's size fields (ob_size and the flat size) of a mutable
 * container, taken by its reader in the same critical section as the fields
 * it reports, so that a Layout's header and body describe one moment
 * (ARCHITECTURE rule 3).  Usage: pyi_sizes_begin() before the critical
 * section (it looks up which __sizeof__ formula applies), pyi_sizes_read()
 * inside it (allocates nothing), pyi_sizes_dict() after it. */
typedef struct {
    int kind, mirrored, ok;
    int has_size;
    Py_ssize_t ob_size;
    Py_ssize_t object, buffers, preheader;
} pyi_sizes_t;

int pyi_sizes_begin(PyObject *op, pyi_sizes_t *s);           /* 0, or -1 with an exception */
void pyi_sizes_read(PyObject *op, pyi_sizes_t *s);           /* inside op's critical section */
PyObject *pyi_sizes_dict(const pyi_sizes_t *s);              /* {"ob_size", "object_bytes", ...} */

/* The package directory used to recognise pyinspect's own frames. */
extern PyObject *pyi_own_prefix;

/* pyinspect._inspect.InspectError (a RuntimeError): an object's struct holds
 * values pyinspect cannot read safely (e.g. ob_size > allocated). */
extern PyObject *pyi_InspectError;

#endif /* PYI_UTIL_H */
