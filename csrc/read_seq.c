/* read_seq.c: list (PyListObject) and tuple (PyTupleObject). */
#include "readers.h"

/* read_list(obj, head=None, tail=None) -> dict: ob_size, allocated, the
 * ob_item array address and the item addresses (head ... tail). */
static PyObject *
read_list(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    if (pyi_check_nargs("read_list", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    if (!PyList_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_list() needs a list, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    /* free-threaded builds: hold the list's lock so ob_item is not resized
     * or freed under us (PEP 703) */
    Py_BEGIN_CRITICAL_SECTION(obj);
    PyListObject *l = (PyListObject *)obj;
    Py_ssize_t size = Py_SIZE(obj);
    Py_ssize_t allocated = l->allocated;
    if (size > allocated || size < 0) {
        PyErr_Format(pyi_InspectError, "list at %p has ob_size %zd > allocated %zd", (void *)obj, size, allocated);
    }
    else {
        pyi_window_t w = pyi_window(size, head, tail);
        PyObject *items = pyi_addresses((PyObject *const *)l->ob_item, size, w);
        if (items != NULL) {
            out = Py_BuildValue("{s:n,s:n,s:N,s:N,s:n,s:n}", "size", size, "allocated", allocated,
                                "ob_item", pyi_addr(l->ob_item), "items", items,
                                "items_omitted", w.omitted, "items_head", w.head);
        }
    }
    Py_END_CRITICAL_SECTION();
    return out;
}

/* read_tuple(obj, head=None, tail=None) -> dict */
static PyObject *
read_tuple(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    if (pyi_check_nargs("read_tuple", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    if (!PyTuple_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_tuple() needs a tuple, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyTupleObject *t = (PyTupleObject *)obj;
    Py_ssize_t size = Py_SIZE(obj);
    pyi_window_t w = pyi_window(size, head, tail);
    PyObject *items = pyi_addresses((PyObject *const *)t->ob_item, size, w);
    if (items == NULL) {
        return NULL;
    }
    PyObject *hash = PYI_TUPLE_HAS_HASH ? PyLong_FromSsize_t(pyi_tuple_hash(obj)) : Py_NewRef(Py_None);
    if (hash == NULL) {
        Py_DECREF(items);
        return NULL;
    }
    return Py_BuildValue("{s:n,s:N,s:N,s:n,s:n,s:n}", "size", size, "items", items, "hash", hash,
                         "items_offset", (Py_ssize_t)((const char *)t->ob_item - (const char *)obj),
                         "items_omitted", w.omitted, "items_head", w.head);
}

static PyObject *
item_at(const void *items, Py_ssize_t i)
{
    PyObject *item = ((PyObject *const *)items)[i];
    return Py_NewRef(item != NULL ? item : Py_None);
}

/* seq_items(obj, head=None, tail=None) -> tuple: the item objects of a
 * list or tuple (head ... tail), for describing them.  Only references are
 * handed out; nothing is stored in obj. */
static PyObject *
seq_items(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    if (pyi_check_nargs("seq_items", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    if (!PyList_Check(obj) && !PyTuple_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "seq_items() needs a list or tuple, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    Py_ssize_t size = Py_SIZE(obj);
    PyObject **items = PyList_Check(obj) ? ((PyListObject *)obj)->ob_item : ((PyTupleObject *)obj)->ob_item;
    pyi_window_t w = pyi_window(size, head, tail);
    out = pyi_window_tuple(w, size, item_at, (const void *)items);
    Py_END_CRITICAL_SECTION();
    return out;
}

PyMethodDef pyi_seq_methods[] = {
    {"seq_items", (PyCFunction)(void (*)(void))seq_items, METH_FASTCALL,
     "seq_items(obj, head=None, tail=None) -> tuple\n\nThe item objects of a list or tuple (bounded)."},
    {"read_list", (PyCFunction)(void (*)(void))read_list, METH_FASTCALL,
     "read_list(obj, head=None, tail=None) -> dict\n\nSize, capacity and item addresses of a list."},
    {"read_tuple", (PyCFunction)(void (*)(void))read_tuple, METH_FASTCALL,
     "read_tuple(obj, head=None, tail=None) -> dict\n\nSize, item addresses and cached hash (3.14+) of a tuple."},
    {NULL, NULL, 0, NULL},
};
