/* size.c: flat size of an object from its struct.
 *
 * For every builtin family this mirrors the type's own __sizeof__ (the
 * oracle the tests compare with) without calling it, so no code of the
 * object or of a subclass overriding __sizeof__ ever runs.
 */
#include "size.h"
#include "internal.h"

static Py_ssize_t
var_items(PyObject *op)
{
    Py_ssize_t n = Py_SIZE(op);
    return n < 0 ? -n : n;
}

static Py_ssize_t
long_object_size(PyObject *op)
{
    int sign;
    Py_ssize_t ndigits;
    int64_t tag;
    pyi_long_shape(op, &sign, &ndigits, &tag);
    Py_ssize_t base = (Py_ssize_t)((const char *)pyi_long_digits(op) - (const char *)op);
#if PYI_PY311
    /* 3.11+: zero keeps one (zero) digit allocated (sys.getsizeof(0) 24 -> 28) */
    if (ndigits < 1) {
        ndigits = 1;
    }
#endif
    /* int.__sizeof__ counts the struct prefix and the digits, also for
     * subclasses (whose extra slots it leaves out, like sys.getsizeof) */
    return base + ndigits * (Py_ssize_t)sizeof(digit);
}

static void
unicode_size(PyObject *op, pyi_size_t *out)
{
    pyi_ustate_t st;
    pyi_unicode_state(op, &st);
    Py_ssize_t length = PyUnicode_GET_LENGTH(op);
    const void *data = pyi_unicode_data(op, &st);
    if (st.compact && st.ascii) {
        out->object = (Py_ssize_t)sizeof(PyASCIIObject) + length + 1;
    }
    else if (st.compact) {
        out->object = (Py_ssize_t)sizeof(PyCompactUnicodeObject) + (length + 1) * (Py_ssize_t)st.kind;
    }
    else {
        /* legacy or subclass instance: the struct, and a separate data block
         * (str.__sizeof__ counts sizeof(PyUnicodeObject) here) */
        out->object = (Py_ssize_t)sizeof(PyUnicodeObject);
        if (data != NULL) {
            out->buffers += (length + 1) * (Py_ssize_t)st.kind;
        }
    }
    if (!(st.compact && st.ascii)) {
        const char *utf8 = ((PyCompactUnicodeObject *)op)->utf8;
        if (utf8 != NULL && (const void *)utf8 != data) {
            out->buffers += ((PyCompactUnicodeObject *)op)->utf8_length + 1;
        }
    }
#if !PYI_PY312
    /* 3.9-3.11 may also own a wchar_t copy (removed by PEP 623 in 3.12) */
    const wchar_t *wstr = ((PyASCIIObject *)op)->wstr;
    if (wstr != NULL && (!st.ready || (const void *)wstr != data)) {
        Py_ssize_t wlen = (st.compact && st.ascii) ? length
                                                   : ((PyCompactUnicodeObject *)op)->wstr_length;
        out->buffers += (wlen + 1) * (Py_ssize_t)sizeof(wchar_t);
    }
#endif
}

int
pyi_flat_size(PyObject *op, pyi_size_t *out)
{
    PyTypeObject *tp = Py_TYPE(op);
    memset(out, 0, sizeof(*out));
    out->gc_head = PyObject_IS_GC(op) ? pyi_gc_head_size() : 0;
    out->preheader = pyi_preheader_size(tp) - (PyType_IS_GC(tp) ? pyi_gc_head_size() : 0);
    if (out->preheader < 0) {
        out->preheader = 0;
    }
    if (PyLong_Check(op)) {
        out->object = long_object_size(op);
    }
    else if (PyUnicode_Check(op)) {
        unicode_size(op, out);
    }
    else if (PyList_Check(op)) {
        out->object = tp->tp_basicsize;
        Py_BEGIN_CRITICAL_SECTION(op);
        out->buffers = ((PyListObject *)op)->allocated * (Py_ssize_t)sizeof(PyObject *);
        Py_END_CRITICAL_SECTION();
    }
    else if (PYI_ANYDICT_CHECK(op)) {
        return pyi_dict_flat_size(op, out);
    }
    else if (PyAnySet_Check(op)) {
        return pyi_set_flat_size(op, out);
    }
    else if (PyGen_Check(op) || PyCoro_CheckExact(op) || PyAsyncGen_CheckExact(op)) {
        return pyi_gen_flat_size(op, out);
    }
    else if (PyByteArray_Check(op)) {
        out->object = tp->tp_basicsize;
        out->buffers = pyi_bytearray_buffer_size(op);
    }
    else {
        /* object.__sizeof__: tp_basicsize + tp_itemsize * |ob_size| */
        out->object = tp->tp_basicsize;
        if (tp->tp_itemsize > 0) {
            out->object += tp->tp_itemsize * var_items(op);
        }
    }
    return 0;
}
