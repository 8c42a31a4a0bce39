/* read_bytes.c: bytes (PyBytesObject) and bytearray (PyByteArrayObject). */
#include "readers.h"

/* read_bytes(obj, head=None, tail=None) -> dict */
static PyObject *
read_bytes(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    if (pyi_check_nargs("read_bytes", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    if (!PyBytes_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_bytes() needs bytes, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Py_ssize_t size = Py_SIZE(obj);
    const char *sval = ((PyBytesObject *)obj)->ob_sval;
    pyi_window_t w = pyi_window(size, head, tail);
    PyObject *data = pyi_window_bytes(sval, size, 1, w);
    if (data == NULL) {
        return NULL;
    }
    return Py_BuildValue("{s:n,s:N,s:L,s:n,s:n,s:n,s:i}",
                         "size", size, "data", data, "hash", (long long)pyi_bytes_hash(obj),
                         "data_offset", (Py_ssize_t)(sval - (const char *)obj),
                         "data_omitted", w.omitted, "data_head", w.head,
                         "terminator", (int)(unsigned char)sval[size]);
}

/* read_bytearray(obj, head=None, tail=None) -> dict.  The window of bytes
 * and every field are copied in one critical section; only bytes and ints
 * (not GC-tracked) are made inside it. */
static PyObject *
read_bytearray(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    PyObject *data = NULL;
    pyi_sizes_t sizes;
    if (pyi_check_nargs("read_bytearray", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    if (!PyByteArray_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_bytearray() needs a bytearray, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    if (pyi_sizes_begin(obj, &sizes) < 0) {
        return NULL;
    }
    PyByteArrayObject *b = (PyByteArrayObject *)obj;
    Py_ssize_t size, alloc, exports;
    const void *ob_bytes, *ob_start, *bytes_object;
    pyi_window_t w;
    Py_BEGIN_CRITICAL_SECTION(obj);
    size = Py_SIZE(obj);
    alloc = b->ob_alloc;
    exports = (Py_ssize_t)b->ob_exports;
    ob_bytes = b->ob_bytes;
    ob_start = b->ob_start;
    bytes_object = pyi_bytearray_bytes_object(obj);
    w = pyi_window(size, head, tail);
    data = ob_start != NULL ? pyi_window_bytes(ob_start, size, 1, w) : PyBytes_FromStringAndSize(NULL, 0);
    pyi_sizes_read(obj, &sizes);
    Py_END_CRITICAL_SECTION();
    if (data == NULL) {
        return NULL;
    }
    out = Py_BuildValue("{s:n,s:n,s:O,s:N,s:N,s:N,s:n,s:n,s:n,s:N}",
                        "size", size, "alloc", alloc, "data", data,
                        "buffer_address", pyi_addr(ob_bytes), "start_address", pyi_addr(ob_start),
                        "bytes_object_address", pyi_addr(bytes_object),
                        "exports", exports, "data_omitted", w.omitted, "data_head", w.head,
                        "sizes", pyi_sizes_dict(&sizes));
    Py_DECREF(data);
    return out;
}

PyMethodDef pyi_bytes_methods[] = {
    {"read_bytes", (PyCFunction)(void (*)(void))read_bytes, METH_FASTCALL,
     "read_bytes(obj, head=None, tail=None) -> dict\n\nSize, stored bytes and cached hash of bytes."},
    {"read_bytearray", (PyCFunction)(void (*)(void))read_bytearray, METH_FASTCALL,
     "read_bytearray(obj, head=None, tail=None) -> dict\n\nSize, capacity and buffer of a bytearray."},
    {NULL, NULL, 0, NULL},
};
