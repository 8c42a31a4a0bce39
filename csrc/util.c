/* util.c: helpers shared by the readers. */
#include "util.h"

PyObject *pyi_own_prefix = NULL;
PyObject *pyi_InspectError = NULL;

int
pyi_put(PyObject *d, const char *key, PyObject *value)
{
    if (value == NULL) {
        return -1;
    }
    int rc = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return rc;
}

PyObject *
pyi_addr(const void *p)
{
    if (p == NULL) {
        Py_RETURN_NONE;
    }
    return PyLong_FromVoidPtr((void *)p);
}

pyi_window_t
pyi_window(Py_ssize_t size, Py_ssize_t head, Py_ssize_t tail)
{
    pyi_window_t w;
    if (size < 0) {
        size = 0;
    }
    if (head < 0 || tail < 0 || head + tail >= size) {
        w.head = size;
        w.tail = 0;
        w.omitted = 0;
        return w;
    }
    w.head = head;
    w.tail = tail;
    w.omitted = size - head - tail;
    return w;
}

int
pyi_check_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max)
{
    if (nargs < min || nargs > max) {
        if (min == max) {
            PyErr_Format(PyExc_TypeError, "%s() takes %zd positional argument%s (%zd given)",
                         name, min, min == 1 ? "" : "s", nargs);
        }
        else {
            PyErr_Format(PyExc_TypeError, "%s() takes %zd to %zd positional arguments (%zd given)",
                         name, min, max, nargs);
        }
        return -1;
    }
    return 0;
}

static int
arg_ssize(PyObject *o, Py_ssize_t *out)
{
    if (o == Py_None) {
        *out = -1;
        return 0;
    }
    if (!PyLong_CheckExact(o)) {
        PyErr_SetString(PyExc_TypeError, "head/tail must be int or None");
        return -1;
    }
    Py_ssize_t v = PyLong_AsSsize_t(o);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    *out = v < 0 ? -1 : v;
    return 0;
}

int
pyi_window_args(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t first,
                Py_ssize_t *head, Py_ssize_t *tail)
{
    *head = -1;
    *tail = -1;
    if (nargs > first && arg_ssize(args[first], head) < 0) {
        return -1;
    }
    if (nargs > first + 1 && arg_ssize(args[first + 1], tail) < 0) {
        return -1;
    }
    if (*head >= 0 && *tail < 0) {
        *tail = 0;
    }
    return 0;
}

PyObject *
pyi_window_tuple(pyi_window_t w, Py_ssize_t size, pyi_item_fn item, const void *table)
{
    PyObject *out = PyTuple_New(w.head + w.tail);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        if (i == w.head) {
            i = size - w.tail;  /* skip the omitted middle */
            if (i >= size) {
                break;
            }
        }
        PyObject *v = item(table, i);
        if (v == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, j++, v);
    }
    return out;
}

static PyObject *
address_at(const void *items, Py_ssize_t i)
{
    return pyi_addr(items == NULL ? NULL : ((PyObject *const *)items)[i]);
}

PyObject *
pyi_addresses(PyObject *const *items, Py_ssize_t size, pyi_window_t w)
{
    return pyi_window_tuple(w, size, address_at, (const void *)items);
}

PyObject *
pyi_window_bytes(const char *buf, Py_ssize_t size, Py_ssize_t unit, pyi_window_t w)
{
    PyObject *out = PyBytes_FromStringAndSize(NULL, (w.head + w.tail) * unit);
    if (out == NULL) {
        return NULL;
    }
    char *dst = PyBytes_AS_STRING(out);
    if (w.head > 0) {
        memcpy(dst, buf, (size_t)(w.head * unit));
    }
    if (w.tail > 0) {
        memcpy(dst + w.head * unit, buf + (size - w.tail) * unit, (size_t)(w.tail * unit));
    }
    return out;
}
