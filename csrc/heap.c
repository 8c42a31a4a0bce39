/* heap.c: the collector's objects as one array, an address map, type names
 * (see heap.h). */
#include "heap.h"
#include "size.h"

#include <string.h>

/* ---- gc.get_objects() ---------------------------------------------------------- */

/* gc.<name>, checked to be the gc module's own builtin function.  New
 * reference, or NULL with an exception set. */
static PyObject *
gc_function(PyObject *gc, const char *name)
{
    PyObject *f = PyObject_GetAttrString(gc, name);
    if (f == NULL) {
        return NULL;
    }
    if (!PyCFunction_Check(f) || ((PyCFunctionObject *)f)->m_ml == NULL ||
        strcmp(((PyCFunctionObject *)f)->m_ml->ml_name, name) != 0) {
        PyErr_Format(PyExc_TypeError, "gc.%s was replaced (by a %.100s): pyinspect calls only the builtin one",
                     name, Py_TYPE(f)->tp_name);
        Py_DECREF(f);
        return NULL;
    }
    return f;
}

int
pyi_heap_take(pyi_heap_t *h)
{
    PyObject *gc = NULL;
    PyObject *get_objects = NULL;
    PyObject *freeze_count = NULL;
    PyObject *count = NULL;
    int rc = -1;

    memset(h, 0, sizeof(*h));
    /* 3.9/3.10: learn which dk_lookup is the general `lookdict` (the tables
     * whose keys dict_traverse reports), before any snapshot */
    if (pyi_dict_learn_general_lookup() < 0) {
        return -1;
    }
    gc = PyImport_ImportModule("gc");
    if (gc == NULL) {
        goto cleanup;
    }
    get_objects = gc_function(gc, "get_objects");
    freeze_count = get_objects != NULL ? gc_function(gc, "get_freeze_count") : NULL;
    if (freeze_count == NULL) {
        goto cleanup;
    }
    count = PyObject_CallNoArgs(freeze_count);
    if (count == NULL) {
        goto cleanup;
    }
    h->frozen = PyLong_AsSsize_t(count);
    if (h->frozen == -1 && PyErr_Occurred()) {
        goto cleanup;
    }
    h->list = PyObject_CallNoArgs(get_objects);
    if (h->list == NULL) {
        goto cleanup;
    }
    if (!PyList_CheckExact(h->list)) {
        PyErr_SetString(PyExc_TypeError, "gc.get_objects() did not return a list");
        goto cleanup;
    }
    /* nobody else has the list: it is neither resized nor mutated */
    h->items = ((PyListObject *)h->list)->ob_item;
    h->n = PyList_GET_SIZE(h->list);
    rc = 0;
cleanup:
    if (rc < 0) {
        Py_CLEAR(h->list);
        h->items = NULL;
        h->n = 0;
    }
    Py_XDECREF(count);
    Py_XDECREF(freeze_count);
    Py_XDECREF(get_objects);
    Py_XDECREF(gc);
    return rc;
}

void
pyi_heap_release(pyi_heap_t *h)
{
    h->items = NULL;
    h->n = 0;
    Py_CLEAR(h->list);
}

/* ---- address map ------------------------------------------------------------------ */

static int
map_alloc(pyi_addrmap_t *m, int log2)
{
    size_t cap = (size_t)1 << log2;
    m->keys = (uintptr_t *)PyMem_RawCalloc(cap, sizeof(uintptr_t));
    m->vals = (uint32_t *)PyMem_RawMalloc(cap * sizeof(uint32_t));
    if (m->keys == NULL || m->vals == NULL) {
        PyMem_RawFree(m->keys);
        PyMem_RawFree(m->vals);
        m->keys = NULL;
        m->vals = NULL;
        return -1;
    }
    m->mask = cap - 1;
    m->shift = 64 - log2;
    m->used = 0;
    return 0;
}

int
pyi_addrmap_init(pyi_addrmap_t *m, size_t expected)
{
    int log2 = 4;
    memset(m, 0, sizeof(*m));
    /* load at most 1/2 */
    while (log2 < 40 && ((size_t)1 << log2) < expected * 2) {
        log2++;
    }
    return map_alloc(m, log2);
}

void
pyi_addrmap_free(pyi_addrmap_t *m)
{
    PyMem_RawFree(m->keys);
    PyMem_RawFree(m->vals);
    memset(m, 0, sizeof(*m));
}

void
pyi_addrmap_clear(pyi_addrmap_t *m)
{
    if (m->keys != NULL) {
        memset(m->keys, 0, (m->mask + 1) * sizeof(uintptr_t));
    }
    m->used = 0;
}

static int
map_grow(pyi_addrmap_t *m)
{
    pyi_addrmap_t bigger;
    int log2 = 64 - m->shift + 1;
    if (log2 > 40 || map_alloc(&bigger, log2) < 0) {
        return -1;
    }
    for (size_t i = 0; i <= m->mask; i++) {
        uintptr_t k = m->keys[i];
        if (k == 0) {
            continue;
        }
        size_t j = pyi_addr_hash(k, bigger.shift);
        while (bigger.keys[j] != 0) {
            j = (j + 1) & bigger.mask;
        }
        bigger.keys[j] = k;
        bigger.vals[j] = m->vals[i];
    }
    bigger.used = m->used;
    pyi_addrmap_free(m);
    *m = bigger;
    return 0;
}

int
pyi_addrmap_put(pyi_addrmap_t *m, const void *p, uint32_t v, int *is_new, uint32_t *old)
{
    uintptr_t key = (uintptr_t)p;
    if (m->keys == NULL && map_alloc(m, 4) < 0) {
        return -1;
    }
    size_t i = pyi_addr_hash(key, m->shift);
    for (;;) {
        uintptr_t k = m->keys[i];
        if (k == key) {
            *is_new = 0;
            if (old != NULL) {
                *old = m->vals[i];
            }
            return 0;
        }
        if (k == 0) {
            break;
        }
        i = (i + 1) & m->mask;
    }
    if ((m->used + 1) * 2 > m->mask + 1) {
        if (map_grow(m) < 0) {
            return -1;
        }
        i = pyi_addr_hash(key, m->shift);
        while (m->keys[i] != 0) {
            i = (i + 1) & m->mask;
        }
    }
    m->keys[i] = key;
    m->vals[i] = v;
    m->used++;
    *is_new = 1;
    return 0;
}

/* ---- names ---------------------------------------------------------------------- */

PyObject *
pyi_type_label(PyTypeObject *tp)
{
    if (tp == NULL) {
        Py_RETURN_NONE;
    }
    if (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        PyObject *qualname = Py_XNewRef(((PyHeapTypeObject *)tp)->ht_qualname);
        if (qualname != NULL && PyUnicode_CheckExact(qualname)) {
            PyObject *dict = pyi_type_dict(tp);
            /* found by comparing exact str keys by their text: a lookup would
             * run the __eq__ of a key of the same hash */
            PyObject *module = pyi_dict_find_str(dict, "__module__");
            Py_XDECREF(dict);
            PyObject *label = NULL;
            if (module != NULL && PyUnicode_CheckExact(module) &&
                PyUnicode_CompareWithASCIIString(module, "builtins") != 0) {
                label = PyUnicode_FromFormat("%U.%U", module, qualname);
            }
            else {
                label = Py_NewRef(qualname);
            }
            Py_XDECREF(module);
            Py_DECREF(qualname);
            return label;
        }
        Py_XDECREF(qualname);
    }
    /* a static type's tp_name is static; a heap type's is ht_name's UTF-8,
     * alive while tp is */
    return PyUnicode_DecodeUTF8(tp->tp_name, (Py_ssize_t)strlen(tp->tp_name), "replace");
}
