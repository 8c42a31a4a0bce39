/* read_scalar.c: int (and bool and int subclasses), float, complex. */
#include "readers.h"

/* read_long(obj) -> dict: sign, digit count, the stored tag word and the
 * digits (4 bytes each, little-endian, least significant digit first). */
static PyObject *
read_long(PyObject *module, PyObject *obj)
{
    PyObject *d = NULL;
    PyObject *out = NULL;
    if (!PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_long() needs an int, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    int sign;
    Py_ssize_t ndigits;
    int64_t tag;
    pyi_long_shape(obj, &sign, &ndigits, &tag);
    const digit *digits = pyi_long_digits(obj);
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_SSIZE(d, "sign", sign) < 0 ||
        PYI_PUT_SSIZE(d, "ndigits", ndigits) < 0 ||
        PYI_PUT_SSIZE(d, "digit_bits", PyLong_SHIFT) < 0 ||
        PYI_PUT_SSIZE(d, "digit_size", sizeof(digit)) < 0 ||
        PYI_PUT_SSIZE(d, "digits_offset", (const char *)digits - (const char *)obj) < 0 ||
        pyi_put(d, "digits", PyBytes_FromStringAndSize((const char *)digits,
                                                       ndigits * (Py_ssize_t)sizeof(digit))) < 0) {
        goto cleanup;
    }
    /* the tag word is lv_tag (3.12+, GH-101291) or ob_size */
    if (!PYI_LONG_HAS_OB_SIZE) {
        if (PYI_PUT_ULL(d, "lv_tag", (uint64_t)tag) < 0 || pyi_put(d, "ob_size", Py_NewRef(Py_None)) < 0) {
            goto cleanup;
        }
    }
    else if (pyi_put(d, "lv_tag", Py_NewRef(Py_None)) < 0 || PYI_PUT_LL(d, "ob_size", tag) < 0) {
        goto cleanup;
    }
    /* The cache of small ints is private; an int is the cached object when
     * the interpreter hands back this very object for its value. */
    int cached = 0;
    if (ndigits <= 1 && PyLong_CheckExact(obj)) {
        long v = (long)(ndigits ? digits[0] : 0) * sign;
        PyObject *probe = PyLong_FromLong(v);
        if (probe == NULL) {
            goto cleanup;
        }
        cached = (probe == obj);
        Py_DECREF(probe);
    }
    if (PYI_PUT_BOOL(d, "small_int_cached", cached) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    return out;
}

/* small_int_range() -> (lo, hi): the cached ints, found by asking the
 * interpreter twice for each value around the documented bounds. */
static PyObject *
small_int_range(PyObject *module, PyObject *unused)
{
    long lo = 0, hi = 0;
    for (long v = 0; v > -1000; v--) {
        PyObject *a = PyLong_FromLong(v), *b = PyLong_FromLong(v);
        int same = (a != NULL && a == b);
        Py_XDECREF(a);
        Py_XDECREF(b);
        if (!same) {
            break;
        }
        lo = v;
    }
    for (long v = 0; v < 100000; v++) {
        PyObject *a = PyLong_FromLong(v), *b = PyLong_FromLong(v);
        int same = (a != NULL && a == b);
        Py_XDECREF(a);
        Py_XDECREF(b);
        if (!same) {
            break;
        }
        hi = v;
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    return Py_BuildValue("(ll)", lo, hi);
}

/* read_float(obj) -> dict: the 8 bytes of ob_fval in memory order */
static PyObject *
read_float(PyObject *module, PyObject *obj)
{
    if (!PyFloat_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_float() needs a float, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    const double *p = &((PyFloatObject *)obj)->ob_fval;
    return Py_BuildValue("{s:y#,s:n}", "raw", (const char *)p, (Py_ssize_t)sizeof(double),
                         "offset", (Py_ssize_t)((const char *)p - (const char *)obj));
}

/* read_complex(obj) -> dict: the 16 bytes of cval (real, imag) in memory order */
static PyObject *
read_complex(PyObject *module, PyObject *obj)
{
    if (!PyComplex_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_complex() needs a complex, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    const Py_complex *c = &((PyComplexObject *)obj)->cval;
    return Py_BuildValue("{s:y#,s:y#,s:n}", "real", (const char *)&c->real, (Py_ssize_t)sizeof(double),
                         "imag", (const char *)&c->imag, (Py_ssize_t)sizeof(double),
                         "offset", (Py_ssize_t)((const char *)c - (const char *)obj));
}

PyMethodDef pyi_scalar_methods[] = {
    {"read_long", read_long, METH_O, "read_long(obj) -> dict\n\nDigits, sign and tag word of an int."},
    {"small_int_range", small_int_range, METH_NOARGS,
     "small_int_range() -> (lo, hi)\n\nThe inclusive range of ints the interpreter caches."},
    {"read_float", read_float, METH_O, "read_float(obj) -> dict\n\nThe stored bytes of a float."},
    {"read_complex", read_complex, METH_O, "read_complex(obj) -> dict\n\nThe stored bytes of a complex."},
    {NULL, NULL, 0, NULL},
};
