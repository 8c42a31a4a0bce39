/* snapshot.c: copies of object pointers taken before any Python object is
 * built (see snapshot.h). */
#include "snapshot.h"
#include "checked.h"

int
pyi_held_alloc(pyi_held_t *h, Py_ssize_t n)
{
    h->items = NULL;
    h->n = 0;
    if (n <= 0) {
        return 0;
    }
    Py_ssize_t bytes;
    if (pyi_mul_overflow(n, (Py_ssize_t)sizeof(PyObject *), &bytes)) {
        return -1;
    }
    /* PyMem_Calloc runs no Python code and never collects */
    h->items = (PyObject **)PyMem_Calloc((size_t)n, sizeof(PyObject *));
    if (h->items == NULL) {
        return -1;
    }
    h->n = n;
    return 0;
}

int
pyi_hold_window(pyi_held_t *h, PyObject *const *items, Py_ssize_t size, pyi_window_t w)
{
    if (pyi_held_alloc(h, w.head + w.tail) < 0) {
        return -1;
    }
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < w.head; i++) {
        pyi_held_set(h, j++, items[i]);
    }
    for (Py_ssize_t i = size - w.tail; i < size; i++) {
        pyi_held_set(h, j++, items[i]);
    }
    return 0;
}

PyObject *
pyi_held_objects(const pyi_held_t *h)
{
    PyObject *out = PyTuple_New(h->n);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < h->n; i++) {
        PyObject *o = h->items[i];
        PyTuple_SET_ITEM(out, i, Py_NewRef(o != NULL ? o : Py_None));
    }
    return out;
}

PyObject *
pyi_held_addresses(const pyi_held_t *h)
{
    PyObject *out = PyTuple_New(h->n);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < h->n; i++) {
        PyObject *a = pyi_addr(h->items[i]);
        if (a == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, i, a);
    }
    return out;
}

void
pyi_held_release(pyi_held_t *h)
{
    PyObject **items = h->items;
    Py_ssize_t n = h->n;
    h->items = NULL;
    h->n = 0;
    if (items == NULL) {
        return;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_XDECREF(items[i]);
    }
    PyMem_Free(items);
}

int
pyi_hold_pairs(pyi_pairs_t *p, PyObject *d, int (*keep)(PyObject *key))
{
    int rc = 0;
    p->used = 0;
    Py_BEGIN_CRITICAL_SECTION(d);
    Py_ssize_t n = PyDict_GET_SIZE(d);
    p->used = n;
    if (pyi_held_alloc(&p->keys, n) < 0 || pyi_held_alloc(&p->values, n) < 0) {
        rc = -1;
    }
    else {
        Py_ssize_t pos = 0;
        Py_ssize_t j = 0;
        PyObject *k, *v;
        while (j < n && PyDict_Next(d, &pos, &k, &v)) {
            if (keep != NULL && !keep(k)) {
                continue;
            }
            pyi_held_set(&p->keys, j, k);
            pyi_held_set(&p->values, j, v);
            j++;
        }
        /* the slots past j stay NULL and are not visited */
        if (p->keys.items != NULL) {
            p->keys.n = j;
        }
        if (p->values.items != NULL) {
            p->values.n = j;
        }
    }
    Py_END_CRITICAL_SECTION();
    return rc;
}

void
pyi_pairs_release(pyi_pairs_t *p)
{
    pyi_held_release(&p->keys);
    pyi_held_release(&p->values);
}
