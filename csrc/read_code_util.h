/* read_code_util.h: helpers shared by read_func.c, read_type.c and read_gen.c.
 *
 * They copy the names a struct points at (str objects and tuples of str)
 * into fresh exact str objects, so a str subclass stored in, say,
 * func_qualname never reaches Python code that might format it (which would
 * call its __format__).  Nothing here runs code of the inspected objects.
 */
#ifndef PYI_READ_CODE_UTIL_H
#define PYI_READ_CODE_UTIL_H

#include "readers.h"
#include "snapshot.h"

#include <stddef.h>

/* Longest name copied; longer ones are cut (docstrings, odd qualnames). */
#define PYI_NAME_MAX 4096
/* Most names copied out of one tuple (co_names of a huge module, ...). */
#define PYI_NAMES_MAX 65536

/* An exact str copy of `o`, None when `o` is NULL or not a str.  New ref. */
static inline PyObject *
pyi_str_copy(PyObject *o, Py_ssize_t max_len)
{
    if (o == NULL || !PyUnicode_Check(o)) {
        Py_RETURN_NONE;
    }
    if (pyi_unicode_ready(o) < 0) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(o);
    if (PyUnicode_CheckExact(o) && n <= max_len) {
        return Py_NewRef(o);
    }
    if (n > max_len) {
        n = max_len;
    }
    /* PyUnicode_FromKindAndData copies the code units: no method of a str
     * subclass is looked up */
    return PyUnicode_FromKindAndData(PyUnicode_KIND(o), PyUnicode_DATA(o), n);
}

/* A tuple of exact str copies of the str items of tuple `t` (None for a
 * non-str item); None when `t` is NULL or not a tuple.  New ref. */
static inline PyObject *
pyi_names(PyObject *t)
{
    if (t == NULL || !PyTuple_Check(t)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(t);
    if (n > PYI_NAMES_MAX) {
        n = PYI_NAMES_MAX;
    }
    PyObject *out = PyTuple_New(n);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = pyi_str_copy(PyTuple_GET_ITEM(t, i), PYI_NAME_MAX);
        if (s == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, i, s);
    }
    return out;
}

/* The tp_name of o's type, as a str.  New ref. */
static inline PyObject *
pyi_tp_name(PyObject *o)
{
    if (o == NULL) {
        Py_RETURN_NONE;
    }
    const char *name = Py_TYPE(o)->tp_name;
    return PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace");
}

/* A C function pointer as an int (None for NULL).  Function pointers are
 * converted through uintptr_t, which POSIX guarantees to hold them. */
#define PYI_FPTR(p) pyi_addr((const void *)(uintptr_t)(p))
#define PYI_PUT_FPTR(d, k, v) pyi_put((d), (k), PYI_FPTR(v))

#endif /* PYI_READ_CODE_UTIL_H */
