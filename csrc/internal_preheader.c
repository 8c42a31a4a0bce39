/* internal_preheader.c: the memory in front of an object: the GC head and
 * the pre-header (_PyType_PreHeaderSize).  Creates no Python objects (see
 * internal.h). */
#include "internal_core.h"

Py_ssize_t
pyi_gc_head_size(void)
{
#if PYI_FT
    /* PEP 703: free-threaded objects have no PyGC_Head in front */
    return 0;
#else
    return (Py_ssize_t)sizeof(PyGC_Head);
#endif
}

Py_ssize_t
pyi_preheader_size(PyTypeObject *tp)
{
#if PYI_PY311
    /* bpo-45947 (3.11): managed dict (and from 3.12 weakref) pointers sit
     * in front of the object, below the GC head */
    return (Py_ssize_t)_PyType_PreHeaderSize(tp);
#else
    return PyType_IS_GC(tp) ? (Py_ssize_t)sizeof(PyGC_Head) : 0;
#endif
}
