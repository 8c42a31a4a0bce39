/* buffers.c: data buffers read from the structs that own or view them.
 *
 * numpy's array struct is public API (PyArrayObject_fields in
 * numpy/ndarraytypes.h, unchanged in its leading fields since numpy 1.7);
 * the descriptor's item size moved in numpy 2 (PyArray_Descr.elsize was an
 * int after `flags` and `type_num`; numpy 2 widened it to npy_intp after a
 * 64-bit `flags`), so the registry says which numpy is loaded.  mmap's
 * struct is private to Modules/mmapmodule.c; its first two fields (data,
 * size) are unchanged from 3.9 to 3.15.  memoryview and its managed buffer
 * are in CPython's public headers (Include/memoryobject.h, from 3.11
 * Include/cpython/memoryobject.h).
 */
#include "buffers.h"
#include "size.h"
#include "checked.h"
#include "util.h"

/* ---- mirrors -------------------------------------------------------------------- */


/* numpy/ndarraytypes.h, numpy 1.x: PyArray_Descr up to `elsize` */
typedef struct {
    PyObject_HEAD
    PyTypeObject *typeobj;
    char kind, type, byteorder, flags;
    int type_num;
    int elsize;
} pyi_descr1_t;

/* numpy/ndarraytypes.h, numpy 2.x: PyArray_Descr up to `elsize` */
typedef struct {
    PyObject_HEAD
    PyTypeObject *typeobj;
    char kind, type, byteorder, _former_flags;
    int type_num;
    uint64_t flags;
    Py_intptr_t elsize;
} pyi_descr2_t;

#define PYI_NPY_OWNDATA 0x0004  /* NPY_ARRAY_OWNDATA (numpy 1.x and 2.x) */
#define PYI_NPY_OBJECT 17       /* NPY_OBJECT: an item is a PyObject * */
#define PYI_NPY_MAXDIMS 64      /* NPY_MAXDIMS: 32 in numpy 1.x, 64 in 2.x */

/* Modules/mmapmodule.c: mmap_object up to `size` */
typedef struct {
    PyObject_HEAD
    char *data;
    Py_ssize_t size;
} pyi_mmap_head_t;

/* ---- the registry ------------------------------------------------------------------ */

static pyi_buftypes_t empty_registry;
static const pyi_buftypes_t *registry = &empty_registry;

#if defined(__GNUC__) || defined(__clang__)
#  define PYI_LOAD_PTR(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#  define PYI_STORE_PTR(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#else
#  define PYI_LOAD_PTR(p) (p)
#  define PYI_STORE_PTR(p, v) ((p) = (v))
#endif

const pyi_buftypes_t *
pyi_buftypes(void)
{
    return PYI_LOAD_PTR(registry);
}

/* ---- numpy ------------------------------------------------------------------------ */

static inline int
is_ndarray(const pyi_buftypes_t *bt, PyObject *op)
{
    return bt->ndarray != NULL && PyType_IsSubtype(Py_TYPE(op), bt->ndarray);
}

/* The item size from the array's descriptor, or -1 when it cannot be read
 * (no descriptor, or one too small to be a numpy descriptor). */
static Py_ssize_t
ndarray_elsize(const pyi_buftypes_t *bt, const pyi_ndarray_t *a, int *type_num)
{
    PyObject *d = a->descr;
    *type_num = -1;
    if (d == NULL || (bt->numpy_major != 1 && bt->numpy_major != 2)) {
        return -1;
    }
    if (bt->numpy_major == 1) {
        if (Py_TYPE(d)->tp_basicsize < (Py_ssize_t)sizeof(pyi_descr1_t)) {
            return -1;
        }
        *type_num = ((const pyi_descr1_t *)d)->type_num;
        return ((const pyi_descr1_t *)d)->elsize;
    }
    if (Py_TYPE(d)->tp_basicsize < (Py_ssize_t)sizeof(pyi_descr2_t)) {
        return -1;
    }
    *type_num = ((const pyi_descr2_t *)d)->type_num;
    return (Py_ssize_t)((const pyi_descr2_t *)d)->elsize;
}

/* nd when it is a dimension count numpy can hold, else -1 */
static inline int
ndarray_nd(const pyi_ndarray_t *a)
{
    if (a->nd < 0 || a->nd > PYI_NPY_MAXDIMS || (a->nd > 0 && (a->dimensions == NULL || a->strides == NULL))) {
        return -1;
    }
    return a->nd;
}

/* PyArray_NBYTES: itemsize times the product of the shape, saturating at
 * PY_SSIZE_T_MAX / 4 (numpy never makes an array that large; a value read
 * from a corrupt struct must not wrap). */
static Py_ssize_t
ndarray_nbytes(const pyi_ndarray_t *a, int nd, Py_ssize_t elsize)
{
    Py_ssize_t n = elsize < 0 ? 0 : elsize;
    for (int i = 0; i < nd; i++) {
        Py_ssize_t dim = (Py_ssize_t)a->dimensions[i];
        if (dim <= 0) {
            return 0;
        }
        if (pyi_mul_overflow(n, dim, &n) || n > PY_SSIZE_T_MAX / 4) {
            return PY_SSIZE_T_MAX / 4;
        }
    }
    return n;
}

/* The bytes an array's elements span: [data + lowest offset, data + highest
 * offset + itemsize), as numpy's get_array_memory_extents computes it.
 * Returns 0 when the extent is empty or cannot be computed. */
static int
ndarray_extent(const pyi_ndarray_t *a, int nd, Py_ssize_t elsize, uintptr_t *lo, uintptr_t *hi)
{
    Py_ssize_t low = 0, high = elsize;
    if (elsize <= 0 || a->data == NULL) {
        return 0;
    }
    for (int i = 0; i < nd; i++) {
        Py_ssize_t dim = (Py_ssize_t)a->dimensions[i];
        Py_ssize_t span;
        if (dim <= 0) {
            return 0;
        }
        if (pyi_mul_overflow(dim - 1, (Py_ssize_t)a->strides[i], &span) ||
            pyi_add_overflow(span < 0 ? low : high, span, span < 0 ? &low : &high)) {
            return 0;
        }
    }
    uintptr_t base = (uintptr_t)a->data;
    if ((low < 0 && (uintptr_t)(-(low + 1)) >= base) || (uintptr_t)high > UINTPTR_MAX - base) {
        return 0;
    }
    *lo = base - (uintptr_t)(-low);
    *hi = base + (uintptr_t)high;
    return *hi > *lo;
}

int
pyi_ndarray_flat_size(PyObject *op, Py_ssize_t *object, Py_ssize_t *buffers)
{
    const pyi_buftypes_t *bt = pyi_buftypes();
    const pyi_ndarray_t *a = (const pyi_ndarray_t *)op;
    int nd, type_num;
    if (!is_ndarray(bt, op)) {
        return 0;  /* the registry changed since the kind was chosen */
    }
    nd = ndarray_nd(a);
    /* numpy's array_sizeof: "object + dimension and strides" */
    *object = Py_TYPE(op)->tp_basicsize + (nd > 0 ? nd : 0) * 2 * (Py_ssize_t)sizeof(Py_intptr_t);
    *buffers = 0;
    if (nd >= 0 && (a->flags & PYI_NPY_OWNDATA)) {
        *buffers = ndarray_nbytes(a, nd, ndarray_elsize(bt, a, &type_num));
    }
    return 1;
}

int
pyi_ndarray_visit(const pyi_buftypes_t *bt, PyObject *op, visitproc visit, void *arg)
{
    const pyi_ndarray_t *a = (const pyi_ndarray_t *)op;
    int rc;
    if (a->base != NULL && (rc = visit(a->base, arg)) != 0) {
        return rc;
    }
    if (PYI_FT) {
        /* numpy takes no lock on an object array: another thread's a[i] = x
         * may free the item between our read and our reference (PEP 703
         * builds run that thread in parallel) */
        return 0;
    }
    int nd = ndarray_nd(a), type_num;
    if (nd < 0 || !(a->flags & PYI_NPY_OWNDATA) || a->data == NULL || ((uintptr_t)a->data & 7) != 0) {
        return 0;
    }
    Py_ssize_t elsize = ndarray_elsize(bt, a, &type_num);
    if (type_num != PYI_NPY_OBJECT || elsize != (Py_ssize_t)sizeof(PyObject *)) {
        return 0;
    }
    /* an owner's items are its whole buffer, one PyObject * each (NULL
     * where numpy left an item unset) */
    Py_ssize_t n = ndarray_nbytes(a, nd, elsize) / (Py_ssize_t)sizeof(PyObject *);
    PyObject *const *items = (PyObject *const *)a->data;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (items[i] != NULL && (rc = visit(items[i], arg)) != 0) {
            return rc;
        }
    }
    return 0;
}

/* ---- roles -------------------------------------------------------------------------- */

int
pyi_buffer_kind(const pyi_buftypes_t *bt, PyTypeObject *tp, int sizeof_kind)
{
    if (tp == &PyMemoryView_Type) {
        return PYI_BK_MEMORYVIEW;
    }
    if (PyType_IsSubtype(tp, &PyByteArray_Type)) {
        return PYI_BK_BYTEARRAY;
    }
    if (sizeof_kind == PYI_SZ_ARRAY) {
        return PYI_BK_ARRAY;
    }
    if (bt->ndarray != NULL && PyType_IsSubtype(tp, bt->ndarray)) {
        return PYI_BK_NDARRAY;
    }
    if (bt->mmap != NULL && PyType_IsSubtype(tp, bt->mmap)) {
        return PYI_BK_MMAP;
    }
    if (bt->tensor != NULL && PyType_IsSubtype(tp, bt->tensor)) {
        return PYI_BK_TENSOR;
    }
    return PYI_BK_NONE;
}

static inline void
set_range(pyi_bufrange_t *out, const void *lo, Py_ssize_t nbytes, int device, int in_flat)
{
    out->lo = (uintptr_t)lo;
    out->hi = out->lo + (uintptr_t)(nbytes > 0 ? nbytes : 0);
    out->nbytes = nbytes;
    out->device = device;
    out->in_flat = in_flat;
}

int
pyi_buffer_own(const pyi_buftypes_t *bt, PyObject *op, int kind, Py_ssize_t flat_buffers, pyi_bufrange_t *out)
{
    memset(out, 0, sizeof(*out));
    switch (kind) {
    case PYI_BK_NDARRAY: {
        const pyi_ndarray_t *a = (const pyi_ndarray_t *)op;
        if (!(a->flags & PYI_NPY_OWNDATA) || a->data == NULL || flat_buffers <= 0) {
            return 0;
        }
        set_range(out, a->data, flat_buffers, PYI_DEV_CPU, 1);
        return 1;
    }
    case PYI_BK_BYTEARRAY: {
        /* ob_bytes is the allocation (ob_start the logical start inside it);
         * flat_buffers is what bytearray.__sizeof__ counts for it */
        const PyByteArrayObject *b = (const PyByteArrayObject *)op;
        if (b->ob_bytes == NULL || flat_buffers <= 0) {
            return 0;
        }
        set_range(out, b->ob_bytes, flat_buffers, PYI_DEV_CPU, 1);
        return 1;
    }
    case PYI_BK_ARRAY: {
        /* Modules/arraymodule.c: ob_item follows PyObject_VAR_HEAD */
        const char *item = *(char *const *)((const char *)op + sizeof(PyVarObject));
        if (item == NULL || flat_buffers <= 0) {
            return 0;
        }
        set_range(out, item, flat_buffers, PYI_DEV_CPU, 1);
        return 1;
    }
    case PYI_BK_MMAP: {
        const pyi_mmap_head_t *m = (const pyi_mmap_head_t *)op;
        if (m->data == NULL || m->size <= 0) {
            return 0;
        }
        set_range(out, m->data, m->size, PYI_DEV_MAPPED, 0);
        return 1;
    }
    case PYI_BK_TENSOR:
        set_range(out, NULL, 0, PYI_DEV_TENSOR, 0);
        return 1;
    default:
        (void)bt;
        return 0;
    }
}

PyObject *
pyi_buffer_follow(const pyi_buftypes_t *bt, PyObject *op, int kind, pyi_bufrange_t *hint)
{
    PyObject *x = op;
    memset(hint, 0, sizeof(*hint));
    hint->device = PYI_DEV_EXTERNAL;
    if (kind != PYI_BK_NDARRAY && kind != PYI_BK_MEMORYVIEW) {
        return NULL;
    }
    for (int hop = 0; hop < PYI_VIEW_HOPS; hop++) {
        if (PyMemoryView_Check(x)) {
            const PyMemoryViewObject *mv = (const PyMemoryViewObject *)x;
            const _PyManagedBufferObject *mbuf = mv->mbuf;
            if ((mv->flags & _Py_MEMORYVIEW_RELEASED) || mbuf == NULL ||
                (mbuf->flags & _Py_MANAGED_BUFFER_RELEASED)) {
                return NULL;  /* released: it views nothing any more */
            }
            /* the buffer the exporter handed out, as the managed buffer
             * keeps it (the exporter's own view, not the memoryview's slice) */
            if (mbuf->master.buf != NULL && mbuf->master.len > 0) {
                set_range(hint, mbuf->master.buf, mbuf->master.len, PYI_DEV_CPU, 0);
            }
            if (mbuf->master.obj == NULL) {
                /* PyMemoryView_FromMemory: memory no object owns; the managed
                 * buffer stands for it */
                hint->device = PYI_DEV_EXTERNAL;
                return (PyObject *)mbuf;
            }
            x = mbuf->master.obj;
            continue;
        }
        if (is_ndarray(bt, x)) {
            const pyi_ndarray_t *a = (const pyi_ndarray_t *)x;
            int nd = ndarray_nd(a), type_num;
            if (a->flags & PYI_NPY_OWNDATA) {
                return x;
            }
            uintptr_t lo, hi;
            if (nd >= 0 && ndarray_extent(a, nd, ndarray_elsize(bt, a, &type_num), &lo, &hi)) {
                hint->lo = lo;
                hint->hi = hi;
                hint->nbytes = (Py_ssize_t)(hi - lo);
                hint->device = PYI_DEV_EXTERNAL;
                hint->in_flat = 0;
            }
            if (a->base == NULL) {
                return x;  /* a view of foreign memory */
            }
            x = a->base;
            continue;
        }
        return x;
    }
    return x;
}

int
pyi_buffer_inline(PyObject *op, uintptr_t lo, uintptr_t hi)
{
    PyTypeObject *tp = Py_TYPE(op);
    Py_ssize_t size = tp->tp_basicsize, items;
    if (tp->tp_itemsize != 0) {
        Py_ssize_t n = Py_SIZE(op);
        if (pyi_mul_overflow(tp->tp_itemsize < 0 ? -tp->tp_itemsize : tp->tp_itemsize, n < 0 ? -n : n, &items) ||
            pyi_add_overflow(size, items, &size)) {
            return 0;
        }
    }
    uintptr_t start = (uintptr_t)op;
    return lo >= start && hi >= lo && start <= UINTPTR_MAX - (uintptr_t)size && hi <= start + (uintptr_t)size;
}

/* ---- Python entry points ------------------------------------------------------------ */

static PyObject *
type_or_null(PyObject *o, const char *what)
{
    if (o == Py_None) {
        return NULL;
    }
    if (!PyType_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be a type or None, not %.100s", what, Py_TYPE(o)->tp_name);
        return NULL;
    }
    return o;
}

/* note_buffer_types(ndarray, numpy_major, mmap, tensor) -> (bool, bool, bool)
 *
 * Tell the walk which types own or view data buffers, as the program has
 * imported them (pyinspect.buffer_types finds them in sys.modules).  Each
 * is kept only when it is what its struct is read as: numpy.ndarray a
 * static type named "numpy.ndarray" at least as large as
 * PyArrayObject_fields, with numpy_major 1 or 2; mmap.mmap a type named
 * "mmap.mmap" at least as large as the fields read; any type for tensors
 * (whose structs are never read).  Returns which were kept. */
static PyObject *
note_buffer_types(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (pyi_check_nargs("note_buffer_types", nargs, 4, 4) < 0) {
        return NULL;
    }
    PyObject *nd = type_or_null(args[0], "ndarray");
    if (nd == NULL && PyErr_Occurred()) {
        return NULL;
    }
    if (!PyLong_CheckExact(args[1])) {
        PyErr_SetString(PyExc_TypeError, "numpy_major must be an int");
        return NULL;
    }
    int overflow = 0;
    long major = PyLong_AsLongAndOverflow(args[1], &overflow);
    if (major == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *mm = type_or_null(args[2], "mmap");
    if (mm == NULL && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *tb = type_or_null(args[3], "tensor");
    if (tb == NULL && PyErr_Occurred()) {
        return NULL;
    }
    if (nd != NULL) {
        PyTypeObject *t = (PyTypeObject *)nd;
        if (overflow || (major != 1 && major != 2) || (t->tp_flags & Py_TPFLAGS_HEAPTYPE) ||
            t->tp_basicsize < (Py_ssize_t)sizeof(pyi_ndarray_t) || t->tp_name == NULL ||
            strcmp(t->tp_name, "numpy.ndarray") != 0) {
            nd = NULL;
        }
    }
    if (mm != NULL) {
        PyTypeObject *t = (PyTypeObject *)mm;
        if (t->tp_basicsize < (Py_ssize_t)sizeof(pyi_mmap_head_t) || t->tp_name == NULL ||
            strcmp(t->tp_name, "mmap.mmap") != 0) {
            mm = NULL;
        }
    }
    const pyi_buftypes_t *old = pyi_buftypes();
    if ((PyObject *)old->ndarray != nd || old->mmap != (PyTypeObject *)mm || old->tensor != (PyTypeObject *)tb ||
        (nd != NULL && old->numpy_major != (int)major)) {
        /* a new registry, published whole; the old one stays allocated (a
         * walk in another thread may be reading it) and its types stay
         * referenced */
        pyi_buftypes_t *reg = (pyi_buftypes_t *)PyMem_RawCalloc(1, sizeof(pyi_buftypes_t));
        if (reg == NULL) {
            return PyErr_NoMemory();
        }
        reg->ndarray = (PyTypeObject *)Py_XNewRef(nd);
        reg->numpy_major = nd != NULL ? (int)major : 0;
        reg->mmap = (PyTypeObject *)Py_XNewRef(mm);
        reg->tensor = (PyTypeObject *)Py_XNewRef(tb);
        PYI_STORE_PTR(registry, (const pyi_buftypes_t *)reg);
    }
    return Py_BuildValue("(OOO)", nd != NULL ? Py_True : Py_False, mm != NULL ? Py_True : Py_False,
                         tb != NULL ? Py_True : Py_False);
}

/* read_ndarray(a) -> dict: the fields of a numpy array's struct, for tests
 * and for the buffer accounting's checks (a must be an instance of the
 * registered numpy.ndarray). */
static PyObject *
read_ndarray(PyObject *module, PyObject *op)
{
    const pyi_buftypes_t *bt = pyi_buftypes();
    Py_intptr_t dims[PYI_NPY_MAXDIMS], strides[PYI_NPY_MAXDIMS];
    PyObject *out = NULL, *shape = NULL, *st = NULL;
    uintptr_t lo = 0, hi = 0, data, base, descr;
    Py_ssize_t elsize, nbytes, object, buffers;
    int nd, flags, type_num, has_extent;

    if (!is_ndarray(bt, op)) {
        PyErr_Format(PyExc_TypeError, "read_ndarray() needs a numpy.ndarray (numpy %s), not %.100s",
                     bt->ndarray == NULL ? "not registered" : "registered", Py_TYPE(op)->tp_name);
        return NULL;
    }
    /* the snapshot: numbers only, then the objects */
    Py_BEGIN_CRITICAL_SECTION(op);
    const pyi_ndarray_t *a = (const pyi_ndarray_t *)op;
    nd = ndarray_nd(a);
    data = (uintptr_t)a->data;
    base = (uintptr_t)a->base;
    descr = (uintptr_t)a->descr;
    flags = a->flags;
    elsize = ndarray_elsize(bt, a, &type_num);
    for (int i = 0; i < nd; i++) {
        dims[i] = a->dimensions[i];
        strides[i] = a->strides[i];
    }
    nbytes = nd >= 0 ? ndarray_nbytes(a, nd, elsize) : -1;
    has_extent = nd >= 0 && ndarray_extent(a, nd, elsize, &lo, &hi);
    object = buffers = 0;
    (void)pyi_ndarray_flat_size(op, &object, &buffers);
    Py_END_CRITICAL_SECTION();

    shape = PyTuple_New(nd > 0 ? nd : 0);
    st = PyTuple_New(nd > 0 ? nd : 0);
    if (shape == NULL || st == NULL) {
        goto cleanup;
    }
    for (int i = 0; i < nd; i++) {
        PyObject *d = PyLong_FromSsize_t((Py_ssize_t)dims[i]);
        PyObject *s = d != NULL ? PyLong_FromSsize_t((Py_ssize_t)strides[i]) : NULL;
        if (s == NULL) {
            Py_XDECREF(d);
            goto cleanup;
        }
        PyTuple_SET_ITEM(shape, i, d);
        PyTuple_SET_ITEM(st, i, s);
    }
    out = PyDict_New();
    if (out == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_ULL(out, "data", data) < 0 || PYI_PUT_LL(out, "nd", nd) < 0 ||
        PyDict_SetItemString(out, "shape", shape) < 0 || PyDict_SetItemString(out, "strides", st) < 0 ||
        PYI_PUT_ULL(out, "base", base) < 0 || PYI_PUT_ULL(out, "descr", descr) < 0 ||
        PYI_PUT_LL(out, "flags", flags) < 0 || PYI_PUT_BOOL(out, "owndata", (flags & PYI_NPY_OWNDATA) != 0) < 0 ||
        PYI_PUT_SSIZE(out, "elsize", elsize) < 0 || PYI_PUT_LL(out, "type_num", type_num) < 0 ||
        PYI_PUT_SSIZE(out, "nbytes", nbytes) < 0 ||
        pyi_put(out, "extent", has_extent ? Py_BuildValue("(KK)", (unsigned long long)lo, (unsigned long long)hi)
                                          : Py_NewRef(Py_None)) < 0 ||
        PYI_PUT_SSIZE(out, "sizeof", object + buffers) < 0 ||
        PYI_PUT_LL(out, "numpy_major", bt->numpy_major) < 0) {
        Py_CLEAR(out);
    }
cleanup:
    Py_XDECREF(shape);
    Py_XDECREF(st);
    return out;
}

/* ndarray_offsets() -> dict: where this build reads numpy's fields, to be
 * checked against numpy's own headers in the tests. */
static PyObject *
ndarray_offsets(PyObject *module, PyObject *unused)
{
    return Py_BuildValue(
        "{s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n}",
        "data", (Py_ssize_t)offsetof(pyi_ndarray_t, data),
        "nd", (Py_ssize_t)offsetof(pyi_ndarray_t, nd),
        "dimensions", (Py_ssize_t)offsetof(pyi_ndarray_t, dimensions),
        "strides", (Py_ssize_t)offsetof(pyi_ndarray_t, strides),
        "base", (Py_ssize_t)offsetof(pyi_ndarray_t, base),
        "descr", (Py_ssize_t)offsetof(pyi_ndarray_t, descr),
        "flags", (Py_ssize_t)offsetof(pyi_ndarray_t, flags),
        "weakreflist", (Py_ssize_t)offsetof(pyi_ndarray_t, weakreflist),
        "descr1_type_num", (Py_ssize_t)offsetof(pyi_descr1_t, type_num),
        "descr1_elsize", (Py_ssize_t)offsetof(pyi_descr1_t, elsize),
        "descr2_type_num", (Py_ssize_t)offsetof(pyi_descr2_t, type_num),
        "descr2_elsize", (Py_ssize_t)offsetof(pyi_descr2_t, elsize),
        "descr2_elsize_size", (Py_ssize_t)sizeof(((pyi_descr2_t *)0)->elsize));
}

PyMethodDef pyi_buffer_methods[] = {
    {"note_buffer_types", (PyCFunction)(void (*)(void))note_buffer_types, METH_FASTCALL,
     "note_buffer_types(ndarray, numpy_major, mmap, tensor) -> (bool, bool, bool): the types the walk "
     "reads data buffers of."},
    {"read_ndarray", read_ndarray, METH_O, "read_ndarray(a) -> dict: a numpy array's struct fields."},
    {"ndarray_offsets", ndarray_offsets, METH_NOARGS,
     "ndarray_offsets() -> dict: offsets of the numpy fields this build reads."},
    {NULL, NULL, 0, NULL},
};
