/* read_func.c: function (PyFunctionObject), cell (PyCellObject), code
 * (PyCodeObject) and bound method (PyMethodObject) objects.  Issue 4.
 *
 * Every field is read from the struct; version differences go through the
 * accessors in compat.h (pyi_func_*, pyi_code_read).  The readers return
 * addresses and copies of the names the structs point at; the *_refs
 * functions hand out references to the pointed-at objects (never stored
 * anywhere) so that Python can describe builtin scalars from their own
 * layouts.  No code of any inspected object runs.
 */
#include "read_code_util.h"

/* ---- cells ----------------------------------------------------------------- */

/* ob_ref of a cell, read under the cell's lock on free-threaded builds
 * (PyCell_GET takes the critical section from 3.13t, gh-115999). */
static PyObject *
cell_ref(PyObject *cell)
{
    PyObject *ref;
    Py_BEGIN_CRITICAL_SECTION(cell);
    ref = ((PyCellObject *)cell)->ob_ref;
    Py_END_CRITICAL_SECTION();
    return ref;
}

/* A new reference to the contents of a cell (NULL when empty), taken while
 * holding the cell's lock so that a concurrent store cannot free it first. */
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

/* (address, refcnt as stored, contents address or None) of one closure item;
 * (address, None, None) when the item is not a cell. */
static PyObject *
cell_row(PyObject *item)
{
    if (item == NULL) {
        return Py_BuildValue("(OOO)", Py_None, Py_None, Py_None);
    }
    if (!PyCell_Check(item)) {
        return Py_BuildValue("(NOO)", pyi_addr(item), Py_None, Py_None);
    }
    pyi_refcnt_t rc;
    pyi_read_refcnt(item, &rc);
    return Py_BuildValue("(NnN)", pyi_addr(item), rc.refcnt, pyi_addr(cell_ref(item)));
}

/* read_cell(cell) -> dict */
static PyObject *
read_cell(PyObject *module, PyObject *obj)
{
    if (!PyCell_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_cell() needs a cell, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return Py_BuildValue("{s:N,s:n}", "contents_address", pyi_addr(cell_ref(obj)),
                         "ob_ref_offset", (Py_ssize_t)offsetof(PyCellObject, ob_ref));
}

/* cell_contents(cell) -> () when empty, else (contents,) */
static PyObject *
cell_contents(PyObject *module, PyObject *obj)
{
    if (!PyCell_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "cell_contents() needs a cell, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *out = NULL;
    Py_BEGIN_CRITICAL_SECTION(obj);
    PyObject *ref = ((PyCellObject *)obj)->ob_ref;
    out = ref == NULL ? PyTuple_New(0) : PyTuple_Pack(1, ref);
    Py_END_CRITICAL_SECTION();
    return out;
}

/* ---- functions ------------------------------------------------------------- */

/* ((key, value address), ...) of a kwdefaults dict, str keys copied;
 * None when `d` is NULL or not a dict. */
static PyObject *
kwdefault_rows(PyObject *d)
{
    if (d == NULL || !PyDict_Check(d)) {
        Py_RETURN_NONE;
    }
    PyObject *rows = PyList_New(0);
    if (rows == NULL) {
        return NULL;
    }
    int failed = 0;
    Py_BEGIN_CRITICAL_SECTION(d);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    /* PyDict_Next hands out borrowed pointers and compares nothing */
    while (PyDict_Next(d, &pos, &k, &v)) {
        PyObject *row = Py_BuildValue("(NN)", pyi_str_copy(k, PYI_NAME_MAX), pyi_addr(v));
        if (row == NULL || PyList_Append(rows, row) < 0) {
            Py_XDECREF(row);
            failed = 1;
            break;
        }
        Py_DECREF(row);
    }
    Py_END_CRITICAL_SECTION();
    if (failed) {
        Py_DECREF(rows);
        return NULL;
    }
    PyObject *out = PyList_AsTuple(rows);
    Py_DECREF(rows);
    return out;
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

/* read_function(func) -> dict */
static PyObject *
read_function(PyObject *module, PyObject *obj)
{
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
    PyFunctionObject *f = (PyFunctionObject *)obj;
    /* the attribute setters replace these pointers; on free-threaded builds
     * hold the function's lock while following them */
    Py_BEGIN_CRITICAL_SECTION(obj);
    if (f->func_closure != NULL && PyTuple_Check(f->func_closure)) {
        Py_ssize_t n = PyTuple_GET_SIZE(f->func_closure);
        cells = PyTuple_New(n);
        for (Py_ssize_t i = 0; cells != NULL && i < n; i++) {
            PyObject *row = cell_row(PyTuple_GET_ITEM(f->func_closure, i));
            if (row == NULL) {
                Py_CLEAR(cells);
                break;
            }
            PyTuple_SET_ITEM(cells, i, row);
        }
    }
    else {
        cells = Py_NewRef(Py_None);
    }
    if (f->func_defaults != NULL && PyTuple_Check(f->func_defaults)) {
        PyTupleObject *t = (PyTupleObject *)f->func_defaults;
        defaults = pyi_addresses((PyObject *const *)t->ob_item, Py_SIZE(t),
                                 pyi_window(Py_SIZE(t), -1, -1));
    }
    else {
        defaults = Py_NewRef(Py_None);
    }
    kwdefaults = kwdefault_rows(f->func_kwdefaults);
    if (cells == NULL || defaults == NULL || kwdefaults == NULL) {
        goto unlock;
    }
    d = PyDict_New();
    if (d == NULL) {
        goto unlock;
    }
    if (PYI_PUT_ADDR(d, "func_code", f->func_code) < 0 ||
        PYI_PUT_ADDR(d, "func_globals", f->func_globals) < 0 ||
        PYI_PUT_ADDR(d, "func_builtins", pyi_func_builtins(f)) < 0 ||
        PYI_PUT_ADDR(d, "func_name", f->func_name) < 0 ||
        pyi_put(d, "name", pyi_str_copy(f->func_name, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "func_qualname", f->func_qualname) < 0 ||
        pyi_put(d, "qualname", pyi_str_copy(f->func_qualname, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "func_defaults", f->func_defaults) < 0 ||
        pyi_put(d, "defaults", Py_NewRef(defaults)) < 0 ||
        PYI_PUT_ADDR(d, "func_kwdefaults", f->func_kwdefaults) < 0 ||
        pyi_put(d, "kwdefaults", Py_NewRef(kwdefaults)) < 0 ||
        PYI_PUT_ADDR(d, "func_closure", f->func_closure) < 0 ||
        pyi_put(d, "cells", Py_NewRef(cells)) < 0 ||
        PYI_PUT_ADDR(d, "func_doc", f->func_doc) < 0 ||
        pyi_put(d, "doc", pyi_str_copy(f->func_doc, 200)) < 0 ||
        pyi_put(d, "doc_type", pyi_tp_name(f->func_doc)) < 0 ||
        PYI_PUT_ADDR(d, "func_dict", f->func_dict) < 0 ||
        PYI_PUT_ADDR(d, "func_weakreflist", f->func_weakreflist) < 0 ||
        PYI_PUT_ADDR(d, "func_module", f->func_module) < 0 ||
        pyi_put(d, "module", pyi_str_copy(f->func_module, PYI_NAME_MAX)) < 0 ||
        PYI_PUT_ADDR(d, "func_annotations", f->func_annotations) < 0 ||
        pyi_put(d, "annotations_type", pyi_tp_name(f->func_annotations)) < 0 ||
        PYI_PUT_SSIZE(d, "annotations_count", annotations_count(f->func_annotations)) < 0 ||
        PYI_PUT_ADDR(d, "func_annotate", pyi_func_annotate(f)) < 0 ||
        PYI_PUT_ADDR(d, "func_typeparams", pyi_func_typeparams(f)) < 0 ||
        PYI_PUT_FPTR(d, "vectorcall", f->vectorcall) < 0 ||
        PYI_PUT_LL(d, "func_version", pyi_func_version(f)) < 0) {
        goto unlock;
    }
    out = d;
    d = NULL;
unlock:
    Py_END_CRITICAL_SECTION();
    Py_XDECREF(d);
    Py_XDECREF(cells);
    Py_XDECREF(defaults);
    Py_XDECREF(kwdefaults);
    return out;
}

/* func_refs(func) -> dict of the objects a function points at, for
 * describing them: code, defaults (tuple or None), kwdefault values (tuple),
 * cell contents (tuple, None for an empty cell or a non-cell item), and the
 * closure tuple itself (or None), whose cells names() follows. */
static PyObject *
func_refs(PyObject *module, PyObject *obj)
{
    PyObject *contents = NULL;
    PyObject *kwvalues = NULL;
    PyObject *out = NULL;
    if (!PyFunction_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "func_refs() needs a function, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyFunctionObject *f = (PyFunctionObject *)obj;
    Py_BEGIN_CRITICAL_SECTION(obj);
    PyObject *cl = f->func_closure;
    Py_ssize_t n = (cl != NULL && PyTuple_Check(cl)) ? PyTuple_GET_SIZE(cl) : 0;
    contents = PyTuple_New(n);
    for (Py_ssize_t i = 0; contents != NULL && i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(cl, i);
        PyObject *ref = (item != NULL && PyCell_Check(item)) ? cell_ref_new(item) : NULL;
        PyTuple_SET_ITEM(contents, i, ref != NULL ? ref : Py_NewRef(Py_None));
    }
    PyObject *kw = f->func_kwdefaults;
    if (kw != NULL && PyDict_Check(kw)) {
        kwvalues = PyDict_Values(kw);  /* a new list; runs no code of the values */
    }
    else {
        kwvalues = PyList_New(0);
    }
    if (contents != NULL && kwvalues != NULL) {
        out = Py_BuildValue("{s:O,s:O,s:O,s:N,s:O}",
                            "code", f->func_code != NULL ? f->func_code : Py_None,
                            "defaults", (f->func_defaults != NULL && PyTuple_Check(f->func_defaults))
                                            ? f->func_defaults : Py_None,
                            "cell_contents", contents,
                            "kwdefault_values", PyList_AsTuple(kwvalues),
                            "closure", (cl != NULL && PyTuple_Check(cl)) ? cl : Py_None);
    }
    Py_END_CRITICAL_SECTION();
    Py_XDECREF(contents);
    Py_XDECREF(kwvalues);
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
    PyMethodObject *m = (PyMethodObject *)obj;
    PyObject *func = m->im_func;
    PyObject *qualname = (func != NULL && PyFunction_Check(func))
                             ? pyi_str_copy(((PyFunctionObject *)func)->func_qualname, PYI_NAME_MAX)
                             : Py_NewRef(Py_None);
    if (qualname == NULL) {
        return NULL;
    }
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N}",
                         "im_func", pyi_addr(func),
                         "im_self", pyi_addr(m->im_self),
                         "im_weakreflist", pyi_addr(m->im_weakreflist),
                         "vectorcall", PYI_FPTR(m->vectorcall),
                         "func_type", pyi_tp_name(func),
                         "self_type", pyi_tp_name(m->im_self),
                         "func_qualname", qualname);
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
     "read_function(func) -> dict\n\nThe PyFunctionObject fields: code, globals, defaults, closure cells, names, vectorcall."},
    {"func_refs", func_refs, METH_O,
     "func_refs(func) -> dict\n\nThe code object, defaults tuple, kwdefault values, cell contents and closure tuple a function points at."},
    {"read_cell", read_cell, METH_O, "read_cell(cell) -> dict\n\nThe address in a cell's ob_ref (None when empty)."},
    {"cell_contents", cell_contents, METH_O, "cell_contents(cell) -> tuple\n\n() for an empty cell, else (contents,)."},
    {"read_code", read_code, METH_O,
     "read_code(code) -> dict\n\nThe PyCodeObject fields: counts, names, local kinds, flags, bytecode size."},
    {"code_consts", code_consts, METH_O, "code_consts(code) -> tuple\n\nThe co_consts tuple."},
    {"read_method", read_method, METH_O, "read_method(method) -> dict\n\nim_func, im_self and vectorcall of a bound method."},
    {"method_refs", method_refs, METH_O, "method_refs(method) -> tuple\n\n(im_func, im_self)."},
    {NULL, NULL, 0, NULL},
};
