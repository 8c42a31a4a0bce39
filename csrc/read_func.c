/* read_func.c: function (PyFunctionObject), cell (PyCellObject), code
 * (PyCodeObject) and bound method (PyMethodObject) objects.
 *
 * Every field is read from the struct; version differences go through the
 * accessors in compat.h (pyi_func_*, pyi_code_read).  The readers return
 * addresses and copies of the names the structs point at, and references
 * to the pointed-at objects (never stored anywhere) so that Python can
 * describe builtin scalars from their own layouts.  No code of any
 * inspected object runs.
 *
 * A function, a cell and a function's kwdefaults dict change when Python
 * code assigns to them, and before 3.12 Python code (a __del__, a
 * gc.callbacks function) runs inside any allocation of a tuple or dict made
 * here: so each reader first holds what it will look into (snapshot.h),
 * then builds its result, then lets go (ARCHITECTURE rule 3).  Code objects
 * and bound methods never change once made.
 */
#include "read_code_util.h"

/* ---- cells ----------------------------------------------------------------- */

/* A new reference to the contents of a cell (NULL when empty), taken while
 * holding the cell's lock so that a concurrent store cannot free it first
 * (PyCell_GET takes the critical section from 3.13t, gh-115999). */
static PyObject *
cell_ref_new(PyObject *cell)
{
    PyObject *ref;
    Py_BEGIN_CRITICAL_SECTION(cell);
    ref = ((PyCellObject *)cell)->ob_ref;
    Py_XINCREF(ref);
    Py_END_CRITICAL_SECTION();
    return ref;
}

/* read_cell(cell) -> dict: the address in ob_ref and, from the same read,
 * the contents themselves: () when empty, else (contents,). */
static PyObject *
read_cell(PyObject *module, PyObject *obj)
{
    if (!PyCell_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_cell() needs a cell, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    /* held: `cell.cell_contents = x` in a __del__ run by the collector
     * inside the allocations below would free the old contents */
    PyObject *ref = cell_ref_new(obj);
    PyObject *contents = ref == NULL ? PyTuple_New(0) : PyTuple_Pack(1, ref);
    PyObject *out = NULL;
    if (contents != NULL) {
        out = Py_BuildValue("{s:N,s:n,s:O}", "contents_address", pyi_addr(ref),
                            "ob_ref_offset", (Py_ssize_t)offsetof(PyCellObject, ob_ref), "contents", contents);
    }
    Py_XDECREF(contents);
    Py_XDECREF(ref);
    return out;
}

/* cell_contents(cell) -> () when empty, else (contents,) */
static PyObject *
cell_contents(PyObject *module, PyObject *obj)
{
    if (!PyCell_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "cell_contents() needs a cell, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *ref = cell_ref_new(obj);
    PyObject *out = ref == NULL ? PyTuple_New(0) : PyTuple_Pack(1, ref);
    Py_XDECREF(ref);
    return out;
}

/* ---- functions ------------------------------------------------------------- */

/* What read_function() reports of a function, copied out of it under its
 * critical section before anything is built.  The attribute setters
 * (__code__, __defaults__, __kwdefaults__, __name__, __qualname__,
 * __doc__, __module__, __annotations__) replace these pointers and release
 * the old object, and a __del__ run by the collector inside any allocation
 * of the build may call them: so every object the build looks into is held. */
typedef struct {
    /* strong references */
    PyObject *code, *name, *qualname, *defaults, *kwdefaults, *closure, *doc, *module, *annotations;
    /* only reported as addresses, never followed */
    const void *globals, *builtins, *dict, *weakreflist, *annotate, *typeparams;
    vectorcallfunc vectorcall;
    long long version;
    /* the closure's cells, read after leaving the function's critical
     * section (each under its own): contents held, refcnt as stored (-1:
     * not a cell) */
    pyi_held_t contents;
    Py_ssize_t *cell_refcnt;
    /* the kwdefaults dict's entries, held */
    pyi_pairs_t kw;
} func_snap_t;

/* 0, or -1 (no memory, no exception set). */
static int
func_snapshot(PyFunctionObject *f, func_snap_t *s)
{
    memset(s, 0, sizeof(*s));
    Py_BEGIN_CRITICAL_SECTION(f);
    s->code = Py_XNewRef(f->func_code);
    s->name = Py_XNewRef(f->func_name);
    s->qualname = Py_XNewRef(f->func_qualname);
    s->defaults = Py_XNewRef(f->func_defaults);
    s->kwdefaults = Py_XNewRef(f->func_kwdefaults);
    s->closure = Py_XNewRef(f->func_closure);
    s->doc = Py_XNewRef(f->func_doc);
    s->module = Py_XNewRef(f->func_module);
    s->annotations = Py_XNewRef(f->func_annotations);
    s->globals = f->func_globals;
    s->builtins = pyi_func_builtins(f);
    s->dict = f->func_dict;
    s->weakreflist = f->func_weakreflist;
    s->annotate = pyi_func_annotate(f);
    s->typeparams = pyi_func_typeparams(f);
    s->vectorcall = f->vectorcall;
    s->version = pyi_func_version(f);
    Py_END_CRITICAL_SECTION();

    /* the closure tuple is held, so its cells are; their contents are
     * not (a cell can be rebound), so they are held too */
    if (s->closure != NULL && PyTuple_Check(s->closure)) {
        Py_ssize_t n = PyTuple_GET_SIZE(s->closure);
        if (pyi_held_alloc(&s->contents, n) < 0) {
            return -1;
        }
        if (n > 0) {
            s->cell_refcnt = (Py_ssize_t *)PyMem_Calloc((size_t)n, sizeof(Py_ssize_t));
            if (s->cell_refcnt == NULL) {
                return -1;
            }
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *item = PyTuple_GET_ITEM(s->closure, i);
            s->cell_refcnt[i] = -1;
            if (item != NULL && PyCell_Check(item)) {
                pyi_refcnt_t rc;
                pyi_read_refcnt(item, &rc);
                s->cell_refcnt[i] = rc.refcnt;
                s->contents.items[i] = cell_ref_new(item);
            }
        }
    }
    if (s->kwdefaults != NULL && PyDict_Check(s->kwdefaults) &&
        pyi_hold_pairs(&s->kw, s->kwdefaults, NULL) < 0) {
        return -1;
    }
    return 0;
}

static void
func_release(func_snap_t *s)
{
    pyi_pairs_release(&s->kw);
    pyi_held_release(&s->contents);
    PyMem_Free(s->cell_refcnt);
    s->cell_refcnt = NULL;
    Py_CLEAR(s->code);
    Py_CLEAR(s->name);
    Py_CLEAR(s->qualname);
    Py_CLEAR(s->defaults);
    Py_CLEAR(s->kwdefaults);
    Py_CLEAR(s->closure);
    Py_CLEAR(s->doc);
    Py_CLEAR(s->module);
    Py_CLEAR(s->annotations);
}

/* ((address, refcnt as stored, contents address or None), ...) of the
 * closure's items; (address, None, None) for an item that is not a cell.
 * None when there is no closure tuple. */
static PyObject *
cell_rows(const func_snap_t *s)
{
    if (s->closure == NULL || !PyTuple_Check(s->closure)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(s->closure);
    PyObject *rows = PyTuple_New(n);
    if (rows == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(s->closure, i);
        PyObject *row;
        if (item == NULL) {
            row = Py_BuildValue("(OOO)", Py_None, Py_None, Py_None);
        }
        else if (s->cell_refcnt[i] < 0) {
            row = Py_BuildValue("(NOO)", pyi_addr(item), Py_None, Py_None);
        }
        else {
            row = Py_BuildValue("(NnN)", pyi_addr(item), s->cell_refcnt[i], pyi_addr(s->contents.items[i]));
        }
        if (row == NULL) {
            Py_DECREF(rows);
            return NULL;
        }
        PyTuple_SET_ITEM(rows, i, row);
    }
    return rows;
}

/* ((key, value address), ...) of the kwdefaults entries, str keys copied;
 * None when there is no kwdefaults dict. */
static PyObject *
kwdefault_rows(const func_snap_t *s)
{
    if (s->kwdefaults == NULL || !PyDict_Check(s->kwdefaults)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = s->kw.keys.n;
    PyObject *rows = PyTuple_New(n);
    if (rows == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = Py_BuildValue("(NN)", pyi_str_copy(s->kw.keys.items[i], PYI_NAME_MAX),
                                      pyi_addr(s->kw.values.items[i]));
        if (row == NULL) {
            Py_DECREF(rows);
            return NULL;
        }
        PyTuple_SET_ITEM(rows, i, row);
    }
    return rows;
}

/* entries of an annotations object: a dict's size, or the pairs of the
 * (name, value, ...) tuple that 3.10+ stores until __annotations__ is read
 * (bpo-42202); -1 for anything else */
static Py_ssize_t
annotations_count(PyObject *a)
{
    if (a == NULL) {
        return 0;
    }
    if (PyDict_Check(a)) {
        return PyDict_GET_SIZE(a);
    }
    if (PyTuple_Check(a)) {
        return PyTuple_GET_SIZE(a) / 2;
    }
    return -1;
}

/* The objects a function points at, for describing them: code, defaults
 * (tuple or None), kwdefault values (tuple), cell contents (tuple, None for
 * an empty cell or a non-cell item), and the closure tuple itself (or
 * None), whose cells names() follows. */
static PyObject *
func_refs(const func_snap_t *s)
{
    int closure_ok = s->closure != NULL && PyTuple_Check(s->closure);
    int defaults_ok = s->defaults != NULL && PyTuple_Check(s->defaults);
    PyObject *contents = pyi_held_objects(&s->contents);
    PyObject *kwvalues = pyi_held_objects(&s->kw.values);
    PyObject *out = NULL;
    if (contents != NULL && kwvalues != NULL) {
        out = Py_BuildValue("{s:O,s:O,s:O,s:O,s:O}",
                            "code", s->code != NULL ? s->code : Py_None,
                            "defaults", defaults_ok ? s->defaults : Py_None,
                            "cell_contents", contents,
                            "kwdefault_values", kwvalues,
                            "closure", closure_ok ? s->closure : Py_None);
    }
    Py_XDECREF(contents);
    Py_XDECREF(kwvalues);
    return out;
}

/* read_function(func) -> dict: the struct's fields and, under "refs", the
 * objects they point at (func_refs), all from one read. */
static PyObject *
read_function(PyObject *module, PyObject *obj)
{
    func_snap_t s;
    PyObject *d = NULL;
    PyObject *out = NULL;
    PyObject *cells = NULL;
    PyObject *defaults = NULL;
    PyObject *kwdefaults = NULL;

    if (!PyFunction_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_function() needs a function, not %.100s",
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    if (func_snapshot((PyFunctionObject *)obj, &s) < 0) {
        PyErr_NoMemory();
        goto cleanup;
    }
    cells = cell_rows(&s);
    if (s.defaults != NULL && PyTuple_Check(s.defaults)) {
        PyTupleObject *t = (PyTupleObject *)s.defaults;
        defaults = pyi_addresses((PyObject *const *)t->ob_item, Py_SIZE(t), pyi_window(Py_SIZE(t), -1, -1));
    }
    else {
        defaults = Py_NewRef(Py_None);
    }
    kwdefaults = kwdefault_rows(&s);
    if (cells == NULL || defaults == NULL || kwdefaults == NULL) {
        goto cleanup;
    }
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_ADDR(d, "func_code", s.code) < 0 ||
        PYI_PUT_ADDR(d, "func_globals", s.globals) < 0 ||
        PYI_PUT_ADDR(d, "func_builtins", s.builtins) < 0 ||
        PYI_PUT_ADDR(d, "func_name", s.name) < 0 ||
        pyi_put(d, "name", pyi_str_copy(s.name, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "func_qualname", s.qualname) < 0 ||
        pyi_put(d, "qualname", pyi_str_copy(s.qualname, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "func_defaults", s.defaults) < 0 ||
        pyi_put(d, "defaults", Py_NewRef(defaults)) < 0 ||
        PYI_PUT_ADDR(d, "func_kwdefaults", s.kwdefaults) < 0 ||
        pyi_put(d, "kwdefaults", Py_NewRef(kwdefaults)) < 0 ||
        PYI_PUT_ADDR(d, "func_closure", s.closure) < 0 ||
        pyi_put(d, "cells", Py_NewRef(cells)) < 0 ||
        PYI_PUT_ADDR(d, "func_doc", s.doc) < 0 ||
        pyi_put(d, "doc", pyi_str_copy(s.doc, 200)) < 0 ||
        pyi_put(d, "doc_type", pyi_tp_name(s.doc)) < 0 ||
        PYI_PUT_ADDR(d, "func_dict", s.dict) < 0 ||
        PYI_PUT_ADDR(d, "func_weakreflist", s.weakreflist) < 0 ||
        PYI_PUT_ADDR(d, "func_module", s.module) < 0 ||
        pyi_put(d, "module", pyi_str_copy(s.module, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "func_annotations", s.annotations) < 0 ||
        pyi_put(d, "annotations_type", pyi_tp_name(s.annotations)) < 0 ||
        PYI_PUT_SSIZE(d, "annotations_count", annotations_count(s.annotations)) < 0 ||
        PYI_PUT_ADDR(d, "func_annotate", s.annotate) < 0 ||
        PYI_PUT_ADDR(d, "func_typeparams", s.typeparams) < 0 ||
        PYI_PUT_FPTR(d, "vectorcall", s.vectorcall) < 0 ||
        PYI_PUT_LL(d, "func_version", s.version) < 0 ||
        pyi_put(d, "refs", func_refs(&s)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    Py_XDECREF(cells);
    Py_XDECREF(defaults);
    Py_XDECREF(kwdefaults);
    func_release(&s);
    return out;
}

/* ---- code objects ---------------------------------------------------------- */

/* read_code(code) -> dict */
static PyObject *
read_code(PyObject *module, PyObject *obj)
{
    PyObject *d = NULL;
    PyObject *out = NULL;
    pyi_code_t c;

    if (!PyCode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_code() needs a code object, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    pyi_code_read((PyCodeObject *)obj, &c);
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    PyObject *kinds = c.localspluskinds;
    int kinds_ok = kinds != NULL && PyBytes_Check(kinds);
    if (PYI_PUT_SSIZE(d, "co_argcount", c.argcount) < 0 ||
        PYI_PUT_SSIZE(d, "co_posonlyargcount", c.posonlyargcount) < 0 ||
        PYI_PUT_SSIZE(d, "co_kwonlyargcount", c.kwonlyargcount) < 0 ||
        PYI_PUT_SSIZE(d, "co_nlocals", c.nlocals) < 0 ||
        PYI_PUT_SSIZE(d, "co_stacksize", c.stacksize) < 0 ||
        PYI_PUT_SSIZE(d, "co_flags", c.flags) < 0 ||
        PYI_PUT_SSIZE(d, "co_firstlineno", c.firstlineno) < 0 ||
        PYI_PUT_SSIZE(d, "co_nlocalsplus", c.nlocalsplus) < 0 ||
        PYI_PUT_SSIZE(d, "co_framesize", c.framesize) < 0 ||
        PYI_PUT_SSIZE(d, "co_ncellvars", c.ncellvars) < 0 ||
        PYI_PUT_SSIZE(d, "co_nfreevars", c.nfreevars) < 0 ||
        PYI_PUT_SSIZE(d, "co_version", c.version) < 0 ||
        PYI_PUT_ADDR(d, "co_consts", c.consts) < 0 ||
        PYI_PUT_SSIZE(d, "nconsts", (c.consts != NULL && PyTuple_Check(c.consts)) ? PyTuple_GET_SIZE(c.consts) : 0) < 0 ||
        PYI_PUT_ADDR(d, "co_names", c.names) < 0 ||
        pyi_put(d, "names", pyi_names(c.names)) < 0 ||
        pyi_put(d, "filename", pyi_str_copy(c.filename, PYI_NAME_MAX)) < 0 ||
        pyi_put(d, "name", pyi_str_copy(c.name, PYI_NAME_MAX)) < 0 ||
        pyi_put(d, "qualname", pyi_str_copy(c.qualname, PYI_NAME_MAX)) < 0 ||
        pyi_put(d, "varnames", pyi_names(c.varnames)) < 0 ||
        pyi_put(d, "cellvars", pyi_names(c.cellvars)) < 0 ||
        pyi_put(d, "freevars", pyi_names(c.freevars)) < 0 ||
        pyi_put(d, "localsplusnames", pyi_names(c.localsplusnames)) < 0 ||
        pyi_put(d, "localspluskinds", kinds_ok ? Py_NewRef(kinds) : Py_NewRef(Py_None)) < 0 ||
        PYI_PUT_ADDR(d, "co_linetable", c.linetable) < 0 ||
        PYI_PUT_SSIZE(d, "linetable_size", (c.linetable != NULL && PyBytes_Check(c.linetable)) ? PyBytes_GET_SIZE(c.linetable) : -1) < 0 ||
        PYI_PUT_ADDR(d, "co_exceptiontable", c.exceptiontable) < 0 ||
        PYI_PUT_SSIZE(d, "exceptiontable_size", (c.exceptiontable != NULL && PyBytes_Check(c.exceptiontable)) ? PyBytes_GET_SIZE(c.exceptiontable) : -1) < 0 ||
        PYI_PUT_ADDR(d, "co_code", c.code_bytes) < 0 ||
        PYI_PUT_ADDR(d, "code_address", c.code_units) < 0 ||
        PYI_PUT_SSIZE(d, "code_offset", c.code_bytes == NULL && c.code_units != NULL
                                            ? (Py_ssize_t)((const char *)c.code_units - (const char *)obj) : -1) < 0 ||
        PYI_PUT_SSIZE(d, "code_nbytes", c.code_nbytes) < 0 ||
        PYI_PUT_ADDR(d, "co_weakreflist", c.weakreflist) < 0 ||
        PYI_PUT_ADDR(d, "co_extra", c.extra) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    return out;
}

/* code_consts(code) -> the co_consts tuple (a builtin tuple, for describing
 * its items), or None */
static PyObject *
code_consts(PyObject *module, PyObject *obj)
{
    if (!PyCode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "code_consts() needs a code object, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *consts = ((PyCodeObject *)obj)->co_consts;
    return Py_NewRef(consts != NULL && PyTuple_CheckExact(consts) ? consts : Py_None);
}

/* ---- bound methods --------------------------------------------------------- */

/* read_method(method) -> dict */
static PyObject *
read_method(PyObject *module, PyObject *obj)
{
    if (!PyMethod_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_method() needs a bound method, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    /* im_func and im_self never change (the method holds them); the
     * function's qualname can (__qualname__ = ...), so it is held */
    PyMethodObject *m = (PyMethodObject *)obj;
    PyObject *func = m->im_func;
    PyObject *qualname = NULL;
    if (func != NULL && PyFunction_Check(func)) {
        Py_BEGIN_CRITICAL_SECTION(func);
        qualname = Py_XNewRef(((PyFunctionObject *)func)->func_qualname);
        Py_END_CRITICAL_SECTION();
    }
    PyObject *out = Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N}",
                                  "im_func", pyi_addr(func),
                                  "im_self", pyi_addr(m->im_self),
                                  "im_weakreflist", pyi_addr(m->im_weakreflist),
                                  "vectorcall", PYI_FPTR(m->vectorcall),
                                  "func_type", pyi_tp_name(func),
                                  "self_type", pyi_tp_name(m->im_self),
                                  "func_qualname", pyi_str_copy(qualname, PYI_NAME_MAX));
    Py_XDECREF(qualname);
    return out;
}

/* method_refs(method) -> (im_func, im_self) */
static PyObject *
method_refs(PyObject *module, PyObject *obj)
{
    if (!PyMethod_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "method_refs() needs a bound method, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyMethodObject *m = (PyMethodObject *)obj;
    return PyTuple_Pack(2, m->im_func != NULL ? m->im_func : Py_None,
                        m->im_self != NULL ? m->im_self : Py_None);
}

PyMethodDef pyi_func_methods[] = {
    {"read_function", read_function, METH_O,
     "read_function(func) -> dict\n\nThe PyFunctionObject fields: code, globals, defaults, closure cells, names, vectorcall;\n"
     "under 'refs' the code object, defaults tuple, kwdefault values, cell contents and closure tuple, from the same read."},
    {"read_cell", read_cell, METH_O,
     "read_cell(cell) -> dict\n\nThe address in a cell's ob_ref (None when empty) and the contents, () or (contents,)."},
    {"cell_contents", cell_contents, METH_O, "cell_contents(cell) -> tuple\n\n() for an empty cell, else (contents,)."},
    {"read_code", read_code, METH_O,
     "read_code(code) -> dict\n\nThe PyCodeObject fields: counts, names, local kinds, flags, bytecode size."},
    {"code_consts", code_consts, METH_O, "code_consts(code) -> tuple\n\nThe co_consts tuple."},
    {"read_method", read_method, METH_O, "read_method(method) -> dict\n\nim_func, im_self and vectorcall of a bound method."},
    {"method_refs", method_refs, METH_O, "method_refs(method) -> tuple\n\n(im_func, im_self)."},
    {NULL, NULL, 0, NULL},
};
