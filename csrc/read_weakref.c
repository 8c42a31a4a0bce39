/* read_weakref.c: weak references (PyWeakReference, Include/cpython/weakrefobject.h):
 * weakref.ref and its subclasses, weakref.proxy and the callable proxy. */
#include "readers.h"

#include <string.h>

/* bytes of the referent's tp_name copied before anything is allocated */
#define PYI_WR_NAME 128

/* read_weakref(ref) -> dict: wr_object (None when the referent died: CPython
 * then stores Py_None), the referent's tp_name, wr_callback, the cached hash,
 * the wr_prev/wr_next links of the referent's list of weak references. */
static PyObject *
read_weakref(PyObject *module, PyObject *obj)
{
    if (!PyWeakref_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_weakref() needs a weak reference, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyWeakReference *wr = (PyWeakReference *)obj;
    char name[PYI_WR_NAME] = {0};
    /* Snapshot, then build: copy every word (and the referent's type name)
     * before the first allocation, which could collect the referent. */
    PyObject *referent = NULL;
    PyObject *callback = NULL;
    Py_hash_t hash = -1;
    pyi_weakref_words(wr, &referent, &callback, &hash, name, PYI_WR_NAME);
    const void *prev = (const void *)wr->wr_prev;
    const void *next = (const void *)wr->wr_next;
    int dead = referent == NULL || referent == Py_None;
    int proxy = PyWeakref_CheckProxy(obj);
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:n}",
                         "referent_address", dead ? Py_NewRef(Py_None) : pyi_addr(referent),
                         "referent_type", name[0] ? PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace")
                                                  : Py_NewRef(Py_None),
                         "dead", PyBool_FromLong(dead),
                         "callback_address", pyi_addr(callback),
                         "hash", hash == -1 ? Py_NewRef(Py_None) : PyLong_FromSsize_t(hash),
                         "proxy", PyBool_FromLong(proxy),
                         "prev_address", pyi_addr(prev),
                         "next_address", pyi_addr(next),
                         "wr_object_offset", (Py_ssize_t)offsetof(PyWeakReference, wr_object));
}

PyMethodDef pyi_weakref_methods[] = {
    {"read_weakref", read_weakref, METH_O,
     "read_weakref(ref) -> dict\n\nwr_object (None once the referent died), wr_callback, the cached hash and the "
     "list links of a weak reference or proxy."},
    {NULL, NULL, 0, NULL},
};
