/* census.c: how many objects of each type the collector tracks, and their
 * bytes, in one pass.
 *
 * The objects are gc.get_objects()'s (heap.h); each one's flat size is the
 * one sizeof() reports (size.c: what sys.getsizeof says for builtins,
 * computed from the struct, no __sizeof__ called), with the formula looked
 * up once per type.  With `untracked`, the objects they reach that the
 * collector does not track are added, each once: str, int, float, bytes,
 * tuples and dicts it untracked because they hold only such objects (and
 * what those hold), static types, and the str keys dict_traverse does not
 * report.  A hash set of their addresses says which were counted.
 *
 * Snapshot, then build: after gc.get_objects() (which may run the
 * collector) nothing runs Python code until the rows are counted (sizes
 * and tp_traverse run none; the tables are PyMem_Raw memory).  Each row
 * holds its type, so the labels are read from live types after that.
 * Free-threaded builds: each container is traversed in its critical
 * section and the untracked objects it holds are incref'd there, counted
 * after the section (a size formula may take the object's own section),
 * and released at the end.
 */
#include "readers.h"
#include "heap.h"
#include "size.h"
#include "checked.h"

#include <string.h>

typedef struct {
    PyTypeObject *tp;     /* strong */
    int kind, mirrored;
    Py_ssize_t count, bytes;
    Py_ssize_t untracked_count, untracked_bytes;
} crow_t;

#define CACHE 16
#define CACHE_SLOT(tp) ((((uintptr_t)(tp)) >> 6) & (CACHE - 1))

typedef struct {
    pyi_heap_t heap;
    crow_t *rows;
    size_t nrows, rows_cap;
    pyi_addrmap_t row_of;
    PyTypeObject *cache_tp[CACHE];
    uint32_t cache_row[CACHE];
    /* untracked objects */
    int untracked;
    pyi_addrmap_t seen;
    PyObject **pending;   /* found, not yet counted (strong on free-threaded builds) */
    size_t npending, pending_cap;
    PyObject **held;      /* free-threaded builds: every untracked object counted, strong */
    size_t nheld, held_cap;
    Py_ssize_t objects, bytes, untracked_objects, untracked_bytes;
    int nomem;
} census_t;

static inline void
sum_into(Py_ssize_t *acc, Py_ssize_t b)
{
    if (pyi_add_overflow(*acc, b, acc)) {
        *acc = PY_SSIZE_T_MAX;
    }
}

static int
grow(void **arr, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap) {
        return 0;
    }
    size_t n = *cap ? *cap * 2 : 256;
    if (*cap > ((size_t)PY_SSIZE_T_MAX / 2) / item) {
        return -1;
    }
    void *p = PyMem_RawRealloc(*arr, n * item);
    if (p == NULL) {
        return -1;
    }
    *arr = p;
    *cap = n;
    return 0;
}

/* The row of type tp, made on first sight; NULL with an exception set. */
static crow_t *
row_of(census_t *c, PyTypeObject *tp)
{
    size_t slot = CACHE_SLOT(tp);
    if (c->cache_tp[slot] == tp) {
        return &c->rows[c->cache_row[slot]];
    }
    int64_t r = pyi_addrmap_get(&c->row_of, tp);
    if (r < 0) {
        int is_new;
        if (c->nrows >= UINT32_MAX - 1 || grow((void **)&c->rows, &c->rows_cap, c->nrows + 1, sizeof(crow_t)) < 0 ||
            pyi_addrmap_put(&c->row_of, tp, (uint32_t)c->nrows, &is_new, NULL) < 0) {
            PyErr_NoMemory();
            return NULL;
        }
        crow_t *row = &c->rows[c->nrows];
        memset(row, 0, sizeof(*row));
        PyTypeObject *owner = NULL;
        /* runs no code (class-dict keys are compared by their text) */
        if (pyi_sizeof_kind(tp, &row->kind, &row->mirrored, &owner) < 0) {
            return NULL;
        }
        Py_XDECREF(owner);  /* a base of tp, which the row holds */
        row->tp = (PyTypeObject *)Py_NewRef((PyObject *)tp);
        r = (int64_t)c->nrows++;
    }
    c->cache_tp[slot] = tp;
    c->cache_row[slot] = (uint32_t)r;
    return &c->rows[r];
}

static int
count(census_t *c, PyObject *op, int tracked)
{
    crow_t *row = row_of(c, Py_TYPE(op));
    pyi_size_t sz;
    if (row == NULL || pyi_flat_size_kind(op, row->kind, row->mirrored, &sz) < 0) {
        return -1;
    }
    Py_ssize_t b = PYI_GETSIZEOF(sz);
    if (tracked) {
        row->count++;
        sum_into(&row->bytes, b);
        c->objects++;
        sum_into(&c->bytes, b);
    }
    else {
        row->untracked_count++;
        sum_into(&row->untracked_bytes, b);
        c->untracked_objects++;
        sum_into(&c->untracked_bytes, b);
    }
    return 0;
}

/* ---- untracked objects ------------------------------------------------------------- */

static int
visit_untracked(PyObject *r, void *arg)
{
    census_t *c = (census_t *)arg;
    if (r == NULL || (PyObject_IS_GC(r) && PyObject_GC_IsTracked(r))) {
        return 0;  /* counted from the list (or frozen by gc.freeze()) */
    }
    if (pyi_is_dead(r)) {
        return 0;  /* on a free list, not memory anybody holds */
    }
    int is_new;
    if (pyi_addrmap_put(&c->seen, r, 0, &is_new, NULL) < 0 ||
        (is_new && grow((void **)&c->pending, &c->pending_cap, c->npending + 1, sizeof(PyObject *)) < 0)) {
        c->nomem = 1;
        return -1;
    }
    if (is_new) {
        /* inside the holder's critical section: its reference keeps r alive */
        c->pending[c->npending++] = PYI_FT ? Py_NewRef(r) : r;
    }
    return 0;
}

/* The references of op that the collector does not track, into pending. */
static int
reach(census_t *c, PyObject *op)
{
    traverseproc traverse = Py_TYPE(op)->tp_traverse;
    int rc = 0;
    if (traverse == NULL || !PyObject_IS_GC(op)) {
        return 0;
    }
    Py_BEGIN_CRITICAL_SECTION(op);
    rc = traverse(op, visit_untracked, c);
    if (rc == 0 && PYI_ANYDICT_CHECK(op)) {
        rc = pyi_dict_visit_untraversed_keys(op, visit_untracked, c);
    }
    Py_END_CRITICAL_SECTION();
    return c->nomem ? -1 : 0;
}

/* Count what is pending, and what it reaches in turn. */
static int
drain(census_t *c)
{
    while (c->npending > 0) {
        PyObject *op = c->pending[--c->npending];
        if (PYI_FT) {
            if (grow((void **)&c->held, &c->held_cap, c->nheld + 1, sizeof(PyObject *)) < 0) {
                Py_DECREF(op);  /* not the last reference: the set keeps no others, but its holder does */
                c->nomem = 1;
                return -1;
            }
            c->held[c->nheld++] = op;
        }
        if (count(c, op, 0) < 0 || reach(c, op) < 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- the result --------------------------------------------------------------------- */

static PyObject *
rows_list(census_t *c)
{
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    for (size_t r = 0; r < c->nrows; r++) {
        crow_t *row = &c->rows[r];
        PyObject *label = pyi_type_label(row->tp);
        if (label == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyObject *t = Py_BuildValue("(NNnnnni)", label, PyLong_FromVoidPtr(row->tp), row->count, row->bytes,
                                    row->untracked_count, row->untracked_bytes, row->mirrored);
        if (t == NULL || PyList_Append(out, t) < 0) {
            Py_XDECREF(t);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(t);
    }
    return out;
}

static void
census_release(census_t *c)
{
    for (size_t r = 0; r < c->nrows; r++) {
        Py_CLEAR(c->rows[r].tp);
    }
    PyMem_RawFree(c->rows);
    c->rows = NULL;
    c->nrows = 0;
    if (PYI_FT) {
        for (size_t i = 0; i < c->npending; i++) {
            Py_DECREF(c->pending[i]);
        }
        for (size_t i = 0; i < c->nheld; i++) {
            Py_DECREF(c->held[i]);
        }
    }
    PyMem_RawFree(c->pending);
    PyMem_RawFree(c->held);
    c->pending = c->held = NULL;
    c->npending = c->nheld = 0;
    pyi_addrmap_free(&c->row_of);
    pyi_addrmap_free(&c->seen);
    pyi_heap_release(&c->heap);
}

/* census(untracked) -> dict */
static PyObject *
census(PyObject *module, PyObject *arg)
{
    census_t c;
    PyObject *out = NULL;
    memset(&c, 0, sizeof(c));
    if (!PyBool_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "census(): untracked must be True or False, not %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    c.untracked = arg == Py_True;
    /* may run code: before the count */
    if (pyi_heap_take(&c.heap) < 0) {
        return NULL;
    }
    /* ---- count: no Python code runs until the rows are built ---- */
    if (pyi_addrmap_init(&c.row_of, 512) < 0 || (c.untracked && pyi_addrmap_init(&c.seen, 4096) < 0)) {
        PyErr_NoMemory();
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < c.heap.n; i++) {
        PyObject *op = c.heap.items[i];
        if (count(&c, op, 1) < 0) {
            goto cleanup;
        }
        if (c.untracked && (reach(&c, op) < 0 || drain(&c) < 0)) {
            goto cleanup;
        }
    }
    if (c.nomem) {
        PyErr_NoMemory();
        goto cleanup;
    }
    /* ---- build ---- */
    out = Py_BuildValue("{s:N,s:n,s:n,s:n,s:n,s:n}", "rows", rows_list(&c), "objects", c.objects, "bytes", c.bytes,
                        "untracked_objects", c.untracked_objects, "untracked_bytes", c.untracked_bytes,
                        "frozen", c.heap.frozen);
cleanup:
    if (c.nomem && !PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    census_release(&c);
    return out;
}

PyMethodDef pyi_census_methods[] = {
    {"census", census, METH_O,
     "census(untracked) -> dict: objects the collector tracks (and what they reach, with untracked) by type."},
    {NULL, NULL, 0, NULL},
};
