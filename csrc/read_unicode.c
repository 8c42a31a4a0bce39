/* read_unicode.c: str (PyASCIIObject / PyCompactUnicodeObject / PyUnicodeObject). */
#include "readers.h"
#include "checked.h"

/* read_unicode(obj, head=None, tail=None) -> dict
 * The state bits, the code units as stored, the cached UTF-8 buffer and the
 * cached hash.  head/tail bound how many code units (and 4x as many UTF-8
 * bytes) are copied. */
static PyObject *
read_unicode(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *d = NULL;
    PyObject *out = NULL;
    Py_ssize_t head, tail;
    if (pyi_check_nargs("read_unicode", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_unicode() needs a str, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyASCIIObject *a = (PyASCIIObject *)obj;
    pyi_ustate_t st;
    pyi_unicode_state(obj, &st);
    Py_ssize_t length = a->length;
    const void *data = pyi_unicode_data(obj, &st);
    pyi_window_t w = pyi_window(length, head, tail);

    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_SSIZE(d, "length", length) < 0 ||
        PYI_PUT_SSIZE(d, "kind", st.kind) < 0 ||
        PYI_PUT_BOOL(d, "ascii", st.ascii) < 0 ||
        PYI_PUT_BOOL(d, "compact", st.compact) < 0 ||
        PYI_PUT_SSIZE(d, "interned", st.interned) < 0 ||
        pyi_put(d, "ready", st.ready < 0 ? Py_NewRef(Py_None) : PyBool_FromLong(st.ready)) < 0 ||
        pyi_put(d, "statically_allocated", st.statically_allocated < 0
                    ? Py_NewRef(Py_None) : PyBool_FromLong(st.statically_allocated)) < 0 ||
        PYI_PUT_LL(d, "hash", a->hash) < 0 ||
        PYI_PUT_ADDR(d, "data_address", data) < 0 ||
        PYI_PUT_SSIZE(d, "data_omitted", w.omitted) < 0 ||
        PYI_PUT_SSIZE(d, "data_head", w.head) < 0) {
        goto cleanup;
    }
    if (data != NULL && st.kind > 0) {
        if (pyi_put(d, "data", pyi_window_bytes((const char *)data, length, st.kind, w)) < 0) {
            goto cleanup;
        }
    }
    else if (pyi_put(d, "data", Py_NewRef(Py_None)) < 0) {
        goto cleanup;
    }

    /* The UTF-8 form: for compact ASCII it *is* the inline data (there is
     * no utf8 field); otherwise the utf8 pointer caches it once asked for. */
    const char *utf8 = NULL;
    Py_ssize_t utf8_length = 0;
    if (st.compact && st.ascii) {
        utf8 = (const char *)data;
        utf8_length = length;
    }
    else {
        utf8 = ((PyCompactUnicodeObject *)obj)->utf8;
        utf8_length = ((PyCompactUnicodeObject *)obj)->utf8_length;
    }
    if (PYI_PUT_ADDR(d, "utf8_address", utf8) < 0 ||
        PYI_PUT_BOOL(d, "utf8_is_data", utf8 != NULL && (const void *)utf8 == data) < 0) {
        goto cleanup;
    }
    if (utf8 != NULL) {
        /* up to 4 UTF-8 bytes per code point; saturating, the window clamps it */
        pyi_window_t uw = pyi_window(utf8_length, w.omitted ? pyi_mul_saturating(head, 4) : -1,
                                     w.omitted ? pyi_mul_saturating(tail, 4) : -1);
        if (PYI_PUT_SSIZE(d, "utf8_length", utf8_length) < 0 ||
            PYI_PUT_SSIZE(d, "utf8_omitted", uw.omitted) < 0 ||
            PYI_PUT_SSIZE(d, "utf8_head", uw.head) < 0 ||
            pyi_put(d, "utf8", pyi_window_bytes(utf8, utf8_length, 1, uw)) < 0) {
            goto cleanup;
        }
    }
    else if (pyi_put(d, "utf8", Py_NewRef(Py_None)) < 0 ||
             pyi_put(d, "utf8_length", Py_NewRef(Py_None)) < 0 ||
             PYI_PUT_SSIZE(d, "utf8_omitted", 0) < 0 ||
             PYI_PUT_SSIZE(d, "utf8_head", 0) < 0) {
        goto cleanup;
    }
    /* 3.9-3.11 keep an optional wchar_t copy (removed in 3.12, PEP 623) */
    const wchar_t *wstr = NULL;
    Py_ssize_t wlen = 0;
    if (pyi_unicode_wstr(obj, &st, length, &wstr, &wlen)) {
        if (PYI_PUT_ADDR(d, "wstr_address", wstr) < 0 ||
            pyi_put(d, "wstr_length", wstr ? PyLong_FromSsize_t(wlen) : Py_NewRef(Py_None)) < 0) {
            goto cleanup;
        }
    }
    else if (pyi_put(d, "wstr_address", Py_NewRef(Py_None)) < 0 ||
             pyi_put(d, "wstr_length", Py_NewRef(Py_None)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    return out;
}

PyMethodDef pyi_unicode_methods[] = {
    {"read_unicode", (PyCFunction)(void (*)(void))read_unicode, METH_FASTCALL,
     "read_unicode(obj, head=None, tail=None) -> dict\n\nState bits, code units, UTF-8 cache and hash of a str."},
    {NULL, NULL, 0, NULL},
};
