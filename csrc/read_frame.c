/* read_frame.c: a frame's variables, for pyinspect.names(frame).
 *
 * The slots are read in place (internal_frames.c); frame.f_locals is never
 * touched, so no dict of the locals is made (3.9-3.12) and no
 * FrameLocalsProxy either (3.13+).  The values are held before anything is
 * built (frame_snapshot: ARCHITECTURE rule 3). */
#include "readers.h"
#include "internal.h"
#include "snapshot.h"

static int
check_frame(const char *fn, PyObject *frame, pyi_frame_t *info)
{
    if (!PyFrame_Check(frame)) {
        PyErr_Format(PyExc_TypeError, "%s() needs a frame object, not %.100s", fn, Py_TYPE(frame)->tp_name);
        return -1;
    }
    if (pyi_frame_info(frame, info) < 0) {
        PyErr_Format(PyExc_ValueError, "%s(): the frame has no code object", fn);
        return -1;
    }
    return 0;
}

static const char *
kind_name(int kind)
{
    if (kind & PYI_SLOT_FREE) {
        return "free";
    }
    if (kind & PYI_SLOT_CELL) {
        return "cell";
    }
    if (kind & PYI_SLOT_HIDDEN) {
        return "hidden";
    }
    return "local";
}

/* What frame_vars() reports, copied out of the frame before anything is
 * built.  A __del__ run by the collector inside an allocation of the build
 * may rebind a local (frame.f_locals[name] = x writes through on 3.13+,
 * PEP 667; PyFrame_LocalsToFast before), resume or close the generator that
 * owns the frame, or let the frame finish: so the slot values, the code
 * and the f_locals dict are held. */
typedef struct {
    PyObject *code;        /* new reference */
    PyObject *locals;      /* new reference, or NULL (optimized frame) */
    int optimized;
    int lineno;
    Py_ssize_t n;
    pyi_held_t names;      /* the slots' names (str from the code object) */
    pyi_held_t values;     /* the slots' values (NULL: unbound) */
    int *kinds;            /* PYI_SLOT_* */
} frame_snap_t;

/* 0; -1 (no memory) or -2 (slot i unreadable, in *bad), no exception set. */
static int
frame_snapshot(PyObject *frame, const pyi_frame_t *info, frame_snap_t *s, Py_ssize_t *bad)
{
    memset(s, 0, sizeof(*s));
    Py_INCREF(info->code);
    s->code = info->code;
    Py_XINCREF(info->locals);
    s->locals = info->locals;
    s->optimized = info->optimized;
    s->lineno = PyFrame_GetLineNumber((PyFrameObject *)frame);
    s->n = info->nslots > 0 ? info->nslots : 0;
    if (s->n == 0) {
        return 0;
    }
    s->kinds = (int *)PyMem_Calloc((size_t)s->n, sizeof(int));
    if (s->kinds == NULL || pyi_held_alloc(&s->names, s->n) < 0 || pyi_held_alloc(&s->values, s->n) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < s->n; i++) {
        PyObject *name = NULL;
        PyObject *value = NULL;
        if (pyi_frame_slot(frame, i, &name, &s->kinds[i], &value) < 0) {
            *bad = i;
            return -2;
        }
        pyi_held_set(&s->names, i, name);
        s->values.items[i] = value;  /* already a new reference */
    }
    return 0;
}

static void
frame_release(frame_snap_t *s)
{
    pyi_held_release(&s->names);
    pyi_held_release(&s->values);
    PyMem_Free(s->kinds);
    s->kinds = NULL;
    Py_CLEAR(s->code);
    Py_CLEAR(s->locals);
}

/* frame_vars(frame) -> dict: the names, kinds and values of the frame's
 * fast-local slots (values: None where unbound, told apart by "bound"),
 * whether the frame is optimized, its f_locals dict when it is not (module,
 * class body), the code's name and the current line, all from one read. */
static PyObject *
frame_vars(PyObject *module, PyObject *frame)
{
    pyi_frame_t info;
    frame_snap_t s;
    PyObject *names = NULL;
    PyObject *kinds = NULL;
    PyObject *bound = NULL;
    PyObject *d = NULL;
    PyObject *out = NULL;
    Py_ssize_t bad = -1;

    if (check_frame("frame_vars", frame, &info) < 0) {
        return NULL;
    }
    int rc = frame_snapshot(frame, &info, &s, &bad);
    if (rc == -1) {
        PyErr_NoMemory();
        goto cleanup;
    }
    if (rc == -2) {
        PyErr_Format(pyi_InspectError, "frame slot %zd could not be read", bad);
        goto cleanup;
    }
    names = pyi_held_objects(&s.names);
    kinds = PyTuple_New(s.n);
    bound = PyTuple_New(s.n);
    if (names == NULL || kinds == NULL || bound == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < s.n; i++) {
        PyObject *k = PyUnicode_FromString(kind_name(s.kinds[i]));
        if (k == NULL) {
            goto cleanup;
        }
        PyTuple_SET_ITEM(kinds, i, k);
        PyTuple_SET_ITEM(bound, i, PyBool_FromLong(s.values.items[i] != NULL));
    }
    PyCodeObject *co = (PyCodeObject *)s.code;
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (pyi_put(d, "names", Py_NewRef(names)) < 0 ||
        pyi_put(d, "kinds", Py_NewRef(kinds)) < 0 ||
        pyi_put(d, "bound", Py_NewRef(bound)) < 0 ||
        pyi_put(d, "values", pyi_held_objects(&s.values)) < 0 ||
        PYI_PUT_BOOL(d, "optimized", s.optimized) < 0 ||
        pyi_put(d, "locals", Py_NewRef(s.locals != NULL ? s.locals : Py_None)) < 0 ||
        pyi_put(d, "code_name", Py_NewRef(co->co_name)) < 0 ||
        PYI_PUT_SSIZE(d, "lineno", s.lineno) < 0 ||
        PYI_PUT_ADDR(d, "code_address", co) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(names);
    Py_XDECREF(kinds);
    Py_XDECREF(bound);
    Py_XDECREF(d);
    frame_release(&s);
    return out;
}

PyMethodDef pyi_frame_methods[] = {
    {"frame_vars", frame_vars, METH_O,
     "frame_vars(frame) -> dict\n\nNames, kinds and values of a frame's fast-local slots, read without f_locals."},
    {NULL, NULL, 0, NULL},
};
