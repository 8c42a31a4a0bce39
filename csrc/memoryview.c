/* memoryview.c: memoryview objects (PyMemoryViewObject and its managed
 * buffer _PyManagedBufferObject: Include/memoryobject.h in 3.9-3.11,
 * Include/cpython/memoryobject.h from 3.12; the same fields in 3.9-3.15).
 *
 * Facts of Objects/memoryobject.c this reader relies on:
 * - memory_alloc(ndim) makes a var object of 3*ndim Py_ssize_t (ob_array):
 *   view.shape, view.strides and view.suboffsets point into it, so they live
 *   as long as the memoryview, released or not.
 * - init_shared_values() copies view.obj and view.format from the managed
 *   buffer's master view without a reference: once the managed buffer is
 *   released (PyBuffer_Release clears master.obj and drops the exporter),
 *   view.obj and view.format may point at freed memory.  CPython's own
 *   getters check CHECK_RELEASED first; so does this reader: after release
 *   the stored view.obj is reported as an address only, and format not at all.
 * - A view is released when its own flag _Py_MEMORYVIEW_RELEASED is set or
 *   its managed buffer's _Py_MANAGED_BUFFER_RELEASED is (CHECK_RELEASED).
 */
#include "readers.h"

#include <string.h>

/* bytes of view.format copied (struct module formats are short; a longer
 * one is reported truncated) */
#define PYI_MV_FORMAT 128
/* bytes of the exporter's tp_name copied */
#define PYI_MV_NAME 128

/* read_memoryview(m) -> dict: the view (obj, buf, len, itemsize, format,
 * ndim, shape, strides, readonly), the flags (released, C/Fortran
 * contiguous), the export counts of the view and of its managed buffer, the
 * cached hash, the exporter's tp_name, and the exporter object itself in "objects" (an empty tuple
 * when released or when no object exports the memory). */
static PyObject *
read_memoryview(PyObject *module, PyObject *obj)
{
    Py_ssize_t shape[PyBUF_MAX_NDIM];
    Py_ssize_t strides[PyBUF_MAX_NDIM];
    char format[PYI_MV_FORMAT] = {0};
    char obj_type[PYI_MV_NAME] = {0};
    PyObject *exporter = NULL;
    PyObject *shape_t = NULL;
    PyObject *strides_t = NULL;
    PyObject *out = NULL;
    int bad = 0;
    Py_ssize_t nd;

    if (!PyMemoryView_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_memoryview() needs a memoryview, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    const PyMemoryViewObject *mv = (const PyMemoryViewObject *)obj;
    Py_buffer view;
    int flags, mbuf_flags = 0, has_format = 0, format_truncated = 0;
    Py_ssize_t exports, mbuf_exports = -1, nslots;
    Py_hash_t hash;
    const void *mbuf_address, *master_buf = NULL;
    const _PyManagedBufferObject *mbuf;
    int released;

    /* Snapshot, then build: every word is copied, and the exporter taken
     * with a strong reference, before the first allocation. */
    Py_BEGIN_CRITICAL_SECTION(obj);
    mbuf = mv->mbuf;
    memcpy(&view, &mv->view, sizeof(view));
    flags = mv->flags;
    exports = pyi_memoryview_exports(mv);
    hash = mv->hash;
    nslots = Py_SIZE(obj);
    mbuf_address = (const void *)mbuf;
    if (mbuf != NULL) {  /* memory_clear() (the collector) sets it to NULL */
        mbuf_flags = mbuf->flags;
        mbuf_exports = mbuf->exports;
    }
    released = (flags & _Py_MEMORYVIEW_RELEASED) || mbuf == NULL ||
                   (mbuf_flags & _Py_MANAGED_BUFFER_RELEASED);
    /* shape and strides must lie in ob_array (3 * ndim slots) */
    if (view.ndim < 0 || view.ndim > PyBUF_MAX_NDIM || 3 * (Py_ssize_t)view.ndim > nslots) {
        bad = 1;
    }
    else if (view.ndim > 0) {
        const Py_ssize_t *lo = mv->ob_array, *hi = mv->ob_array + nslots;
        if (view.shape == NULL || view.strides == NULL || view.shape < lo || view.shape + view.ndim > hi ||
            view.strides < lo || view.strides + view.ndim > hi) {
            bad = 1;
        }
        else {
            memcpy(shape, view.shape, (size_t)view.ndim * sizeof(Py_ssize_t));
            memcpy(strides, view.strides, (size_t)view.ndim * sizeof(Py_ssize_t));
        }
    }
    if (!released) {
        master_buf = mbuf->master.buf;
        if (view.format != NULL) {
            size_t n = strnlen(view.format, PYI_MV_FORMAT);
            format_truncated = n == PYI_MV_FORMAT;
            memcpy(format, view.format, format_truncated ? PYI_MV_FORMAT - 1 : n);
            has_format = 1;
        }
        /* as memory_obj_get() does: a view not released holds its exporter
         * through the managed buffer.  release() takes no lock (3.13+
         * free-threaded builds included): a release() racing in another
         * thread can drop the exporter between the flag test and this
         * reference, exactly as it can under memoryview.obj itself. */
        exporter = Py_XNewRef(view.obj);
        if (exporter != NULL && Py_TYPE(exporter)->tp_name != NULL) {
            strncpy(obj_type, Py_TYPE(exporter)->tp_name, PYI_MV_NAME - 1);
        }
    }
    Py_END_CRITICAL_SECTION();

    if (bad) {
        PyErr_Format(pyi_InspectError, "memoryview ndim %d does not fit its %zd ob_array slots", view.ndim, nslots);
        goto cleanup;
    }
    nd = view.ndim;
    shape_t = PyTuple_New(nd);
    strides_t = shape_t != NULL ? PyTuple_New(nd) : NULL;
    if (strides_t == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < nd; i++) {
        PyObject *a = PyLong_FromSsize_t(shape[i]);
        PyObject *b = a != NULL ? PyLong_FromSsize_t(strides[i]) : NULL;
        if (b == NULL) {
            Py_XDECREF(a);
            goto cleanup;
        }
        PyTuple_SET_ITEM(shape_t, i, a);
        PyTuple_SET_ITEM(strides_t, i, b);
    }
    out = Py_BuildValue(
        "{s:N,s:N,s:N,s:n,s:n,s:N,s:N,s:i,s:O,s:O,s:N,s:N,s:n,s:N,s:N,s:N,s:N,s:N,s:N,s:n,s:n,s:N}",
        "obj_address", pyi_addr(view.obj),
        "obj_type", obj_type[0] ? PyUnicode_DecodeUTF8(obj_type, (Py_ssize_t)strlen(obj_type), "replace")
                                : Py_NewRef(Py_None),
        "buf_address", pyi_addr(view.buf),
        "len", view.len,
        "itemsize", view.itemsize,
        "format", has_format ? PyUnicode_DecodeLatin1(format, (Py_ssize_t)strlen(format), NULL)
                             : Py_NewRef(Py_None),
        "format_truncated", PyBool_FromLong(format_truncated),
        "ndim", view.ndim,
        "shape", shape_t,
        "strides", strides_t,
        "readonly", PyBool_FromLong(view.readonly),
        "released", PyBool_FromLong(released),
        "exports", exports,
        "c_contiguous", PyBool_FromLong(flags & (_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_SCALAR)),
        "f_contiguous", PyBool_FromLong(flags & (_Py_MEMORYVIEW_FORTRAN | _Py_MEMORYVIEW_SCALAR)),
        "hash", hash == -1 ? Py_NewRef(Py_None) : PyLong_FromSsize_t(hash),
        "mbuf_address", pyi_addr(mbuf_address),
        "mbuf_exports", mbuf_exports < 0 ? Py_NewRef(Py_None) : PyLong_FromSsize_t(mbuf_exports),
        "master_buf_address", pyi_addr(master_buf),
        "struct_size", (Py_ssize_t)offsetof(PyMemoryViewObject, ob_array),
        "view_field_offset", (Py_ssize_t)offsetof(PyMemoryViewObject, view),
        "objects", exporter != NULL ? PyTuple_Pack(1, exporter) : PyTuple_New(0));
cleanup:
    Py_XDECREF(shape_t);
    Py_XDECREF(strides_t);
    Py_XDECREF(exporter);
    return out;
}

PyMethodDef pyi_memoryview_methods[] = {
    {"read_memoryview", read_memoryview, METH_O,
     "read_memoryview(m) -> dict\n\nA memoryview's Py_buffer (obj, buf, len, itemsize, format, ndim, shape, "
     "strides, readonly), its flags and export counts, and its exporter object (none once released)."},
    {NULL, NULL, 0, NULL},
};
