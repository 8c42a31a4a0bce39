/* read_gen.c: generators, coroutines and async generators.
 *
 * The struct reads are in internal_gen.c (the frame is private from 3.11);
 * this file turns them into a dict.  Reading a generator never resumes it,
 * never creates its frame object (gi_frame would) and keeps no reference
 * once it returns.  It copies and holds what it reports before building
 * anything (gen_snapshot: ARCHITECTURE rule 3).
 */
#include "read_code_util.h"
#include "internal.h"

static const char *const state_names[] = {"created", "suspended", "running", "closed"};

static int
check_gen(const char *fn, PyObject *obj)
{
    if (PyGen_Check(obj) || PyCoro_CheckExact(obj) || PyAsyncGen_CheckExact(obj)) {
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s() needs a generator, coroutine or async generator, not %.100s",
                 fn, Py_TYPE(obj)->tp_name);
    return -1;
}

static const char *
gen_kind(PyObject *obj)
{
    if (PyCoro_CheckExact(obj)) {
        return "coroutine";
    }
    if (PyAsyncGen_CheckExact(obj)) {
        return "async_generator";
    }
    return "generator";
}

/* One local slot as read: the pointer (never followed unless held), or a
 * tagged int (3.14+). */
typedef struct {
    const void *addr;
    Py_ssize_t tagval;
    int tagged;
} local_t;

/* What read_generator() reports, copied out of the generator before
 * anything is built.  A __del__ run by the collector inside an allocation
 * of the build may resume the generator (next(gen): every local rebound,
 * the old objects released), close it (the frame cleared) or assign
 * __name__ / __qualname__: so the objects the build looks into are held,
 * and the slots are copied. */
typedef struct {
    pyi_gen_t g;            /* fields; its borrowed pointers are not followed */
    PyObject *code, *name, *qualname;   /* new references */
    local_t *locals;        /* g.nslots slots */
    pyi_held_t values;      /* the slot objects, held (NULL: empty, tagged, or not held) */
    int held;
} gen_snap_t;

/* 0, or -1 (no memory, no exception set). */
static int
gen_snapshot(PyObject *gen, gen_snap_t *s)
{
    memset(s, 0, sizeof(*s));
    pyi_gen_read(gen, &s->g);
    s->code = Py_XNewRef((PyObject *)s->g.code);
    s->name = Py_XNewRef(s->g.name);
    s->qualname = Py_XNewRef(s->g.qualname);
    /* on free-threaded builds a running generator's frame belongs to the
     * thread running it, which may release what a slot points at at any
     * moment: its slots are reported as addresses only */
    s->held = !(PYI_FT && s->g.state == PYI_GEN_RUNNING);
    Py_ssize_t n = s->g.nslots;
    if (n <= 0) {
        return 0;
    }
    s->locals = (local_t *)PyMem_Calloc((size_t)n, sizeof(local_t));
    if (s->locals == NULL || pyi_held_alloc(&s->values, n) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        local_t *l = &s->locals[i];
        PyObject *o = pyi_gen_local(gen, i, &l->tagged, &l->tagval);
        l->addr = o;
        if (s->held) {
            pyi_held_set(&s->values, i, o);
        }
    }
    return 0;
}

static void
gen_release(gen_snap_t *s)
{
    pyi_held_release(&s->values);
    PyMem_Free(s->locals);
    s->locals = NULL;
    Py_CLEAR(s->code);
    Py_CLEAR(s->name);
    Py_CLEAR(s->qualname);
}

/* ((address or None, tagged int value or None), ...) of the local slots. */
static PyObject *
local_rows(const gen_snap_t *s)
{
    Py_ssize_t n = s->g.nslots > 0 ? s->g.nslots : 0;
    PyObject *rows = PyTuple_New(n);
    if (rows == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const local_t *l = &s->locals[i];
        PyObject *row = l->tagged ? Py_BuildValue("(On)", Py_None, l->tagval)
                                  : Py_BuildValue("(NO)", pyi_addr(l->addr), Py_None);
        if (row == NULL) {
            Py_DECREF(rows);
            return NULL;
        }
        PyTuple_SET_ITEM(rows, i, row);
    }
    return rows;
}

/* The objects of the same read, for describing them: the code object and
 * the objects in the local slots (None for an empty or tagged slot, and for
 * every slot when "held" is False). */
static PyObject *
gen_refs(const gen_snap_t *s)
{
    PyObject *values = pyi_held_objects(&s->values);
    if (values == NULL) {
        return NULL;
    }
    return Py_BuildValue("{s:O,s:N,s:O}", "code", s->code != NULL ? s->code : Py_None,
                         "locals", values, "held", s->held ? Py_True : Py_False);
}

/* read_generator(gen) -> dict */
static PyObject *
read_generator(PyObject *module, PyObject *obj)
{
    gen_snap_t s;
    PyObject *d = NULL;
    PyObject *out = NULL;

    if (check_gen("read_generator", obj) < 0) {
        return NULL;
    }
    if (gen_snapshot(obj, &s) < 0) {
        PyErr_NoMemory();
        goto cleanup;
    }
    const pyi_gen_t *g = &s.g;
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (pyi_put(d, "kind", PyUnicode_FromString(gen_kind(obj))) < 0 ||
        pyi_put(d, "state", PyUnicode_FromString(state_names[g->state])) < 0 ||
        PYI_PUT_SSIZE(d, "frame_state", g->frame_state) < 0 ||
        pyi_put(d, "suspended_yield_from", g->suspended_yield_from < 0 ? Py_NewRef(Py_None)
                                                                      : PyBool_FromLong(g->suspended_yield_from)) < 0 ||
        PYI_PUT_ADDR(d, "code_address", s.code) < 0 ||
        pyi_put(d, "name", pyi_str_copy(s.name, PYI_NAME_MAX)) < 0 ||
        pyi_put(d, "qualname", pyi_str_copy(s.qualname, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "frame_address", g->frame) < 0 ||
        PYI_PUT_ADDR(d, "frame_object", g->frame_obj) < 0 ||
        PYI_PUT_SSIZE(d, "frame_offset", g->frame_offset) < 0 ||
        PYI_PUT_SSIZE(d, "line", g->line) < 0 ||
        PYI_PUT_SSIZE(d, "lasti", g->lasti) < 0 ||
        PYI_PUT_SSIZE(d, "running_flag", g->running_flag) < 0 ||
        PYI_PUT_SSIZE(d, "hooks_inited", g->hooks_inited) < 0 ||
        PYI_PUT_SSIZE(d, "closed_flag", g->closed_flag) < 0 ||
        PYI_PUT_SSIZE(d, "running_async", g->running_async) < 0 ||
        PYI_PUT_ADDR(d, "weakreflist", g->weakreflist) < 0 ||
        PYI_PUT_ADDR(d, "origin_or_finalizer", g->origin_or_finalizer) < 0 ||
        PYI_PUT_ADDR(d, "exc_state", g->exc_value) < 0 ||
        PYI_PUT_ADDR(d, "globals_address", g->globals) < 0 ||
        PYI_PUT_ADDR(d, "builtins_address", g->builtins) < 0 ||
        PYI_PUT_ADDR(d, "locals_dict_address", g->locals_dict) < 0 ||
        pyi_put(d, "locals", local_rows(&s)) < 0 ||
        pyi_put(d, "refs", gen_refs(&s)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    gen_release(&s);
    return out;
}

PyMethodDef pyi_gen_methods[] = {
    {"read_generator", read_generator, METH_O,
     "read_generator(gen) -> dict\n\nState, suspended line and frame locals of a generator, coroutine or async generator;\n"
     "under 'refs' the code object and the local slot objects, from the same read."},
    {NULL, NULL, 0, NULL},
};
