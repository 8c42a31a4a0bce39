/* read_gen.c: generators, coroutines and async generators.  Issue 4.
 *
 * The struct reads are in internal_gen.c (the frame is private from 3.11);
 * this file turns them into a dict.  Reading a generator never resumes it,
 * never creates its frame object (gi_frame would) and keeps no reference.
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

/* One local slot: (address or None, tagged int value or None). */
static PyObject *
local_row(PyObject *gen, Py_ssize_t i)
{
    int tagged;
    Py_ssize_t tagval;
    PyObject *o = pyi_gen_local(gen, i, &tagged, &tagval);
    if (tagged) {
        return Py_BuildValue("(On)", Py_None, tagval);
    }
    return Py_BuildValue("(NO)", pyi_addr(o), Py_None);
}

/* read_generator(gen) -> dict */
static PyObject *
read_generator(PyObject *module, PyObject *obj)
{
    pyi_gen_t g;
    PyObject *d = NULL;
    PyObject *out = NULL;
    PyObject *locals = NULL;

    if (check_gen("read_generator", obj) < 0) {
        return NULL;
    }
    pyi_gen_read(obj, &g);
    locals = PyTuple_New(g.nslots);
    if (locals == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < g.nslots; i++) {
        PyObject *row = local_row(obj, i);
        if (row == NULL) {
            goto cleanup;
        }
        PyTuple_SET_ITEM(locals, i, row);
    }
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (pyi_put(d, "kind", PyUnicode_FromString(gen_kind(obj))) < 0 ||
        pyi_put(d, "state", PyUnicode_FromString(state_names[g.state])) < 0 ||
        PYI_PUT_SSIZE(d, "frame_state", g.frame_state) < 0 ||
        pyi_put(d, "suspended_yield_from", g.suspended_yield_from < 0 ? Py_NewRef(Py_None)
                                                                     : PyBool_FromLong(g.suspended_yield_from)) < 0 ||
        PYI_PUT_ADDR(d, "code_address", g.code) < 0 ||
        pyi_put(d, "name", pyi_str_copy(g.name, PYI_NAME_MAX)) < 0 ||
        pyi_put(d, "qualname", pyi_str_copy(g.qualname, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "frame_address", g.frame) < 0 ||
        PYI_PUT_ADDR(d, "frame_object", g.frame_obj) < 0 ||
        PYI_PUT_SSIZE(d, "frame_offset", g.frame_offset) < 0 ||
        PYI_PUT_SSIZE(d, "line", g.line) < 0 ||
        PYI_PUT_SSIZE(d, "lasti", g.lasti) < 0 ||
        PYI_PUT_SSIZE(d, "running_flag", g.running_flag) < 0 ||
        PYI_PUT_SSIZE(d, "hooks_inited", g.hooks_inited) < 0 ||
        PYI_PUT_SSIZE(d, "closed_flag", g.closed_flag) < 0 ||
        PYI_PUT_SSIZE(d, "running_async", g.running_async) < 0 ||
        PYI_PUT_ADDR(d, "weakreflist", g.weakreflist) < 0 ||
        PYI_PUT_ADDR(d, "origin_or_finalizer", g.origin_or_finalizer) < 0 ||
        PYI_PUT_ADDR(d, "exc_state", g.exc_value) < 0 ||
        PYI_PUT_ADDR(d, "globals_address", g.globals) < 0 ||
        PYI_PUT_ADDR(d, "builtins_address", g.builtins) < 0 ||
        PYI_PUT_ADDR(d, "locals_dict_address", g.locals_dict) < 0 ||
        pyi_put(d, "locals", Py_NewRef(locals)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    Py_XDECREF(locals);
    return out;
}

/* gen_refs(gen) -> dict: the code object and the objects in the frame's
 * local slots (None for an empty or tagged slot), for describing them.
 * "held" is False when the slots were not followed: on free-threaded builds
 * a running generator's frame belongs to the thread running it, which may
 * release what a slot points at at any moment. */
static PyObject *
gen_refs(PyObject *module, PyObject *obj)
{
    pyi_gen_t g;
    PyObject *values = NULL;
    PyObject *out = NULL;
    if (check_gen("gen_refs", obj) < 0) {
        return NULL;
    }
    pyi_gen_read(obj, &g);
    int held = !(PYI_FT && g.state == PYI_GEN_RUNNING);
    values = PyTuple_New(g.nslots);
    if (values == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < g.nslots; i++) {
        int tagged;
        Py_ssize_t tagval;
        PyObject *o = held ? pyi_gen_local(obj, i, &tagged, &tagval) : NULL;
        PyTuple_SET_ITEM(values, i, Py_NewRef(o != NULL ? o : Py_None));
    }
    out = Py_BuildValue("{s:O,s:O,s:O}", "code", g.code != NULL ? (PyObject *)g.code : Py_None,
                        "locals", values, "held", held ? Py_True : Py_False);
    Py_DECREF(values);
    return out;
}

PyMethodDef pyi_gen_methods[] = {
    {"read_generator", read_generator, METH_O,
     "read_generator(gen) -> dict\n\nState, suspended line and frame locals of a generator, coroutine or async generator."},
    {"gen_refs", gen_refs, METH_O,
     "gen_refs(gen) -> dict\n\nThe code object and local slot objects of a generator's frame."},
    {NULL, NULL, 0, NULL},
};
