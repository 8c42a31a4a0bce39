/* read_seq.c: list (PyListObject) and tuple (PyTupleObject).
 *
 * Each reader takes one snapshot of the object (snapshot.h): the fields and
 * the window of item pointers, each item held by a strong reference, inside
 * the list's critical section and before any Python object is made.  The
 * result is built from that copy, so a __del__ run by the collector while
 * the result tuples are allocated (3.9-3.11), or another thread, can empty
 * the list without the reader noticing.
 */
#include "readers.h"
#include "snapshot.h"

typedef struct {
    Py_ssize_t size;
    Py_ssize_t allocated;    /* lists only */
    const void *ob_item;
    pyi_window_t w;
    pyi_held_t items;        /* the window's items, strong references */
    pyi_sizes_t sizes;       /* the header's size fields, same moment (lists) */
} seq_snap_t;

/* the item array of a list or tuple */
static PyObject *const *
seq_item_array(PyObject *obj)
{
    return PyList_Check(obj) ? (PyObject *const *)((PyListObject *)obj)->ob_item
                             : (PyObject *const *)((PyTupleObject *)obj)->ob_item;
}

/* Fill s from obj (a list or tuple).  0; -1 with an exception when the list
 * is inconsistent or memory ran out (raised after the snapshot). */
static int
seq_snapshot(PyObject *obj, Py_ssize_t head, Py_ssize_t tail, seq_snap_t *s)
{
    int is_list = PyList_Check(obj);
    int nomem = 0;
    s->items.items = NULL;
    s->items.n = 0;
    if (pyi_sizes_begin(obj, &s->sizes) < 0) {
        return -1;
    }
    /* free-threaded builds: the list's lock keeps ob_item from being resized
     * or freed under us (PEP 703); a no-op with the GIL */
    Py_BEGIN_CRITICAL_SECTION(obj);
    s->size = Py_SIZE(obj);
    s->allocated = is_list ? ((PyListObject *)obj)->allocated : s->size;
    s->ob_item = seq_item_array(obj);
    if (s->size >= 0 && s->size <= s->allocated && (s->size == 0 || s->ob_item != NULL)) {
        s->w = pyi_window(s->size, head, tail);
        nomem = pyi_hold_window(&s->items, seq_item_array(obj), s->size, s->w) < 0;
        pyi_sizes_read(obj, &s->sizes);
    }
    Py_END_CRITICAL_SECTION();
    if (s->size < 0 || s->size > s->allocated || (s->size > 0 && s->ob_item == NULL)) {
        if (is_list && s->allocated == -1) {
            /* Objects/listobject.c list_sort_impl empties the list (ob_item
             * NULL, allocated -1) while it sorts, to catch mutation */
            PyErr_Format(pyi_InspectError, "the list at %p is being sorted: list.sort() keeps its "
                         "items aside until it returns", (void *)obj);
        }
        else {
            PyErr_Format(pyi_InspectError, "the %s at %p has ob_size %zd, allocated %zd, ob_item %p",
                         is_list ? "list" : "tuple", (void *)obj, s->size, s->allocated, s->ob_item);
        }
        return -1;
    }
    if (nomem) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static PyObject *
check_seq(const char *name, PyObject *const *args, Py_ssize_t nargs, int (*check)(PyObject *),
          const char *what, Py_ssize_t *head, Py_ssize_t *tail)
{
    if (pyi_check_nargs(name, nargs, 1, 3) < 0 || pyi_window_args(args, nargs, 1, head, tail) < 0) {
        return NULL;
    }
    if (!check(args[0])) {
        PyErr_Format(PyExc_TypeError, "%s() needs %s, not %.100s", name, what, Py_TYPE(args[0])->tp_name);
        return NULL;
    }
    return args[0];
}

static int is_list(PyObject *o) { return PyList_Check(o); }
static int is_tuple(PyObject *o) { return PyTuple_Check(o); }
static int is_seq(PyObject *o) { return PyList_Check(o) || PyTuple_Check(o); }

/* read_list(obj, head=None, tail=None) -> dict: ob_size, allocated, the
 * ob_item array address, and the window's item addresses and item objects
 * (one read: "objects" are the very items whose addresses are "items"). */
static PyObject *
read_list(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    seq_snap_t s;
    PyObject *items = NULL;
    PyObject *objects = NULL;
    PyObject *out = NULL;
    PyObject *obj = check_seq("read_list", args, nargs, is_list, "a list", &head, &tail);
    if (obj == NULL || seq_snapshot(obj, head, tail, &s) < 0) {
        return NULL;
    }
    items = pyi_held_addresses(&s.items);
    objects = items == NULL ? NULL : pyi_held_objects(&s.items);
    if (objects == NULL) {
        goto cleanup;
    }
    out = Py_BuildValue("{s:n,s:n,s:N,s:O,s:O,s:n,s:n,s:N}", "size", s.size, "allocated", s.allocated,
                        "ob_item", pyi_addr(s.ob_item), "items", items, "objects", objects,
                        "items_omitted", s.w.omitted, "items_head", s.w.head,
                        "sizes", pyi_sizes_dict(&s.sizes));
cleanup:
    Py_XDECREF(items);
    Py_XDECREF(objects);
    pyi_held_release(&s.items);
    return out;
}

/* read_tuple(obj, head=None, tail=None) -> dict: as read_list, plus the
 * cached hash (3.14+) and where ob_item starts. */
static PyObject *
read_tuple(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    seq_snap_t s;
    PyObject *items = NULL;
    PyObject *objects = NULL;
    PyObject *hash = NULL;
    PyObject *out = NULL;
    PyObject *obj = check_seq("read_tuple", args, nargs, is_tuple, "a tuple", &head, &tail);
    if (obj == NULL || seq_snapshot(obj, head, tail, &s) < 0) {
        return NULL;
    }
    /* a tuple is immutable: its hash word and item offset need no snapshot */
    hash = PYI_TUPLE_HAS_HASH ? PyLong_FromSsize_t(pyi_tuple_hash(obj)) : Py_NewRef(Py_None);
    items = hash == NULL ? NULL : pyi_held_addresses(&s.items);
    objects = items == NULL ? NULL : pyi_held_objects(&s.items);
    if (objects == NULL) {
        goto cleanup;
    }
    out = Py_BuildValue("{s:n,s:O,s:O,s:O,s:n,s:n,s:n}", "size", s.size, "items", items, "objects", objects,
                        "hash", hash, "items_offset", (Py_ssize_t)((const char *)s.ob_item - (const char *)obj),
                        "items_omitted", s.w.omitted, "items_head", s.w.head);
cleanup:
    Py_XDECREF(hash);
    Py_XDECREF(items);
    Py_XDECREF(objects);
    pyi_held_release(&s.items);
    return out;
}

/* seq_items(obj, head=None, tail=None) -> tuple: the item objects of a
 * list or tuple (head ... tail), for describing them.  Only references are
 * handed out; nothing is stored in obj. */
static PyObject *
seq_items(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    seq_snap_t s;
    PyObject *obj = check_seq("seq_items", args, nargs, is_seq, "a list or tuple", &head, &tail);
    if (obj == NULL || seq_snapshot(obj, head, tail, &s) < 0) {
        return NULL;
    }
    PyObject *out = pyi_held_objects(&s.items);
    pyi_held_release(&s.items);
    return out;
}

PyMethodDef pyi_seq_methods[] = {
    {"seq_items", (PyCFunction)(void (*)(void))seq_items, METH_FASTCALL,
     "seq_items(obj, head=None, tail=None) -> tuple\n\nThe item objects of a list or tuple (bounded)."},
    {"read_list", (PyCFunction)(void (*)(void))read_list, METH_FASTCALL,
     "read_list(obj, head=None, tail=None) -> dict\n\nSize, capacity, item addresses and item objects of a list, "
     "from one read."},
    {"read_tuple", (PyCFunction)(void (*)(void))read_tuple, METH_FASTCALL,
     "read_tuple(obj, head=None, tail=None) -> dict\n\nSize, item addresses and objects, and cached hash (3.14+) "
     "of a tuple."},
    {NULL, NULL, 0, NULL},
};
