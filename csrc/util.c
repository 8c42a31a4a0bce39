/* util.c: helpers shared by the readers. */
#include "util.h"
#include "checked.h"

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
    if (tail < 0) {
        tail = 0;
    }
    /* head + tail may not fit in a Py_ssize_t: compare without adding */
    if (head < 0 || head >= size || tail >= size - head) {
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

/* One bound of a window: None (everything) or an int 0 <= v <= sys.maxsize.
 * Errors name the parameter (ARCHITECTURE rule 3: caller-given sizes are
 * range-checked before any arithmetic). */
static int
arg_ssize(PyObject *o, const char *name, Py_ssize_t *out)
{
    if (o == Py_None) {
        *out = -1;
        return 0;
    }
    if (!PyLong_Check(o) || PyBool_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int or None, not %.100s", name, Py_TYPE(o)->tp_name);
        return -1;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow < 0 || (overflow == 0 && v < 0)) {
        PyErr_Format(PyExc_ValueError, "%s must be >= 0 or None", name);
        return -1;
    }
    if (overflow > 0 || v > PY_SSIZE_T_MAX) {
        PyErr_Format(PyExc_OverflowError, "%s must be at most sys.maxsize (%zd)", name, PY_SSIZE_T_MAX);
        return -1;
    }
    *out = (Py_ssize_t)v;
    return 0;
}

int
pyi_window_args(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t first,
                Py_ssize_t *head, Py_ssize_t *tail)
{
    *head = -1;
    *tail = -1;
    if (nargs > first && arg_ssize(args[first], "head", head) < 0) {
        return -1;
    }
    if (nargs > first + 1 && arg_ssize(args[first + 1], "tail", tail) < 0) {
        return -1;
    }
    if (*head >= 0 && *tail < 0) {
        *tail = 0;
    }
    return 0;
}

PyObject *
pyi_tuple_from(Py_ssize_t n, pyi_item_fn item, const void *table)
{
    return pyi_window_tuple(pyi_window(n, -1, -1), n, item, table);
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
    /* w lies inside [0, size) and size * unit is the buffer's real length,
     * so these products fit; they are checked all the same */
    Py_ssize_t head_bytes, tail_bytes, total, tail_from;
    if (pyi_mul_overflow(w.head, unit, &head_bytes) || pyi_mul_overflow(w.tail, unit, &tail_bytes) ||
        pyi_add_overflow(head_bytes, tail_bytes, &total) ||
        pyi_mul_overflow(size - w.tail, unit, &tail_from)) {
        PyErr_SetString(PyExc_OverflowError, "window of a buffer larger than the address space");
        return NULL;
    }
    /* bytes are not GC-tracked: making one never runs the collector */
    PyObject *out = PyBytes_FromStringAndSize(NULL, total);
    if (out == NULL) {
        return NULL;
    }
    char *dst = PyBytes_AS_STRING(out);
    if (head_bytes > 0) {
        memcpy(dst, buf, (size_t)head_bytes);
    }
    if (tail_bytes > 0) {
        memcpy(dst + head_bytes, buf + tail_from, (size_t)tail_bytes);
    }
    return out;
}
