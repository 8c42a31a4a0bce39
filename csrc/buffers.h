/* buffers.h: data buffers that objects own or view, read from their structs.
 *
 * A data buffer is memory apart from an object's struct that holds its
 * elements: a numpy array's data, a bytearray's ob_bytes, an array.array's
 * ob_item, an mmap's mapping.  A view (a numpy array without OWNDATA, a
 * memoryview) points into a buffer that another object owns; following it
 * (numpy's `base`, the memoryview's managed buffer and its exporter) finds
 * that owner.  Tensors are only recognised here: their storages are C++
 * objects that torch's own accessors read, in Python, after the walk.
 *
 * Nothing here runs Python code or allocates a Python object: only struct
 * fields are read (the buffer protocol is never called, so no __buffer__
 * runs).  numpy, mmap and torch are never imported: the types come from
 * Python (pyinspect.buffer_types), taken from sys.modules when the program
 * has imported them, and are checked here before their structs are read.
 */
#ifndef PYI_BUFFERS_H
#define PYI_BUFFERS_H

#include "compat.h"

/* What an object is to the buffer accounting, decided once per type. */
typedef enum {
    PYI_BK_NONE = 0,
    PYI_BK_NDARRAY,     /* numpy.ndarray or a subclass: owner (OWNDATA) or view */
    PYI_BK_MEMORYVIEW,  /* a view of its exporter's buffer */
    PYI_BK_BYTEARRAY,   /* owns ob_bytes */
    PYI_BK_ARRAY,       /* array.array (its __sizeof__ is array's): owns ob_item */
    PYI_BK_MMAP,        /* mmap.mmap: a mapping, not counted as resident memory */
    PYI_BK_TENSOR,      /* torch.Tensor: its storage is read from Python */
} pyi_bufkind_t;

/* Where a buffer lives, as reported to Python. */
typedef enum {
    PYI_DEV_CPU = 0,    /* host memory */
    PYI_DEV_MAPPED,     /* a mapped file (mmap) */
    PYI_DEV_EXTERNAL,   /* memory no object seen owns (a numpy array made on foreign data) */
    PYI_DEV_TENSOR,     /* a tensor's storage: device and size come from torch */
} pyi_device_t;

/* The types given from Python; every field may be NULL.  A registry is
 * never freed (replaced ones stay allocated and their types referenced), so
 * a pointer taken once stays valid for the process. */
typedef struct {
    PyTypeObject *ndarray;  /* numpy.ndarray (a static type) */
    int numpy_major;        /* 1 or 2: where PyArray_Descr keeps elsize */
    PyTypeObject *mmap;     /* mmap.mmap */
    PyTypeObject *tensor;   /* torch._C.TensorBase */
} pyi_buftypes_t;

/* The current registry (never NULL). */
const pyi_buftypes_t *pyi_buftypes(void);

/* The role of instances of `tp`; `sizeof_kind` is the pyi_sizeof_kind_t
 * their flat size uses (array.array is known by its __sizeof__). */
int pyi_buffer_kind(const pyi_buftypes_t *bt, PyTypeObject *tp, int sizeof_kind);

/* A data range [lo, hi), its device and whether its bytes are part of the
 * flat size of the object it belongs to. */
typedef struct {
    uintptr_t lo, hi;
    Py_ssize_t nbytes;
    int device;             /* pyi_device_t */
    int in_flat;            /* nbytes is in that object's flat size (sys.getsizeof) */
} pyi_bufrange_t;

/* Whether `op` (of role `kind`) owns a buffer now; then `out` describes it.
 * `flat_buffers` is the `buffers` part of op's flat size (pyi_size_t), the
 * bytes that flat size counts for it.  A tensor "owns" its storage here
 * (device PYI_DEV_TENSOR, no range).  An owner with no bytes (an empty
 * bytearray, a closed mmap) owns nothing. */
int pyi_buffer_own(const pyi_buftypes_t *bt, PyObject *op, int kind, Py_ssize_t flat_buffers,
                   pyi_bufrange_t *out);

/* For a view (`op` of role `kind` that owns no buffer): the object at the
 * end of its chain of views (a borrowed pointer, alive as long as op is),
 * or NULL when op views nothing (a released memoryview).  `hint` gets the
 * range that the last link shows: the exporter's buffer as the memoryview's
 * managed buffer holds it (device cpu), or the extent of the last numpy
 * array before the end (device external: the end object is not known to
 * own it).  A numpy array with neither OWNDATA nor a base ends its own
 * chain (it views foreign memory).  Reads fields only; the chain is at most
 * PYI_VIEW_HOPS long. */
#define PYI_VIEW_HOPS 64
PyObject *pyi_buffer_follow(const pyi_buftypes_t *bt, PyObject *op, int kind, pyi_bufrange_t *hint);

/* Whether [lo, hi) lies inside op's own allocation (tp_basicsize plus its
 * items): a buffer inline in its object (bytes' ob_sval) is already in the
 * object's flat size. */
int pyi_buffer_inline(PyObject *op, uintptr_t lo, uintptr_t hi);

/* numpy.ndarray.__sizeof__ (numpy's array_sizeof): tp_basicsize plus shape
 * and strides (2 * nd * sizeof(npy_intp)), plus PyArray_NBYTES when the
 * array has OWNDATA: into *object and *buffers.  Returns 0 (leaving both
 * unset) when op is not an instance of the registered ndarray type. */
int pyi_ndarray_flat_size(PyObject *op, Py_ssize_t *object, Py_ssize_t *buffers);

/* Visit what a numpy array holds that its type does not traverse (ndarray
 * has no tp_traverse): its base, and the items of an object array that owns
 * its data (dtype=object; not on free-threaded builds, where numpy takes no
 * lock that would keep another thread from replacing an item mid-read).
 * The caller holds op's critical section.  Returns what `visit` returned, or 0. */
int pyi_ndarray_visit(const pyi_buftypes_t *bt, PyObject *op, visitproc visit, void *arg);

extern PyMethodDef pyi_buffer_methods[];

/* numpy/ndarraytypes.h: the leading fields of PyArrayObject_fields (numpy
 * 1.7 to 2.x; later fields were added at the end) */
typedef struct {
    PyObject_HEAD
    char *data;              /* the raw data buffer */
    int nd;                  /* number of dimensions */
    Py_intptr_t *dimensions; /* npy_intp[nd]: the shape */
    Py_intptr_t *strides;    /* npy_intp[nd] */
    PyObject *base;          /* the object whose memory a view uses (collapsed to
                              * the owner for views of views), or NULL */
    PyObject *descr;         /* PyArray_Descr * */
    int flags;
    PyObject *weakreflist;
} pyi_ndarray_t;

#endif /* PYI_BUFFERS_H */
