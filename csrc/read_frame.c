/* read_frame.c: a frame's variables, for pyinspect.names(frame).
 *
 * The slots are read in place (internal_frames.c); frame.f_locals is never
 * touched, so no dict of the locals is made (3.9-3.12) and no
 * FrameLocalsProxy either (3.13+). */
#include "readers.h"
#include "internal.h"

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

/* frame_vars(frame) -> dict: the names and kinds of the frame's fast-local
 * slots, whether the frame is optimized, its f_locals dict when it is not
 * (module, class body), the code's name and the current line. */
static PyObject *
frame_vars(PyObject *module, PyObject *frame)
{
    pyi_frame_t info;
    PyObject *names = NULL;
    PyObject *kinds = NULL;
    PyObject *d = NULL;
    PyObject *out = NULL;

    if (check_frame("frame_vars", frame, &info) < 0) {
        return NULL;
    }
    names = PyTuple_New(info.nslots);
    kinds = PyTuple_New(info.nslots);
    if (names == NULL || kinds == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < info.nslots; i++) {
        PyObject *name = NULL;
        PyObject *value = NULL;
        int kind = 0;
        if (pyi_frame_slot(frame, i, &name, &kind, &value) < 0) {
            PyErr_Format(pyi_InspectError, "frame slot %zd could not be read", i);
            goto cleanup;
        }
        PyObject *k = PyUnicode_FromString(kind_name(kind));
        if (k == NULL) {
            goto cleanup;
        }
        PyTuple_SET_ITEM(names, i, Py_NewRef(name));
        PyTuple_SET_ITEM(kinds, i, k);
    }
    PyCodeObject *co = (PyCodeObject *)info.code;
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (pyi_put(d, "names", Py_NewRef(names)) < 0 ||
        pyi_put(d, "kinds", Py_NewRef(kinds)) < 0 ||
        PYI_PUT_BOOL(d, "optimized", info.optimized) < 0 ||
        pyi_put(d, "locals", Py_NewRef(info.locals != NULL ? info.locals : Py_None)) < 0 ||
        pyi_put(d, "code_name", Py_NewRef(co->co_name)) < 0 ||
        PYI_PUT_SSIZE(d, "lineno", PyFrame_GetLineNumber((PyFrameObject *)frame)) < 0 ||
        PYI_PUT_ADDR(d, "code_address", co) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(names);
    Py_XDECREF(kinds);
    Py_XDECREF(d);
    return out;
}

/* frame_var(frame, i) -> () when slot i is unbound, else (value,) */
static PyObject *
frame_var(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    pyi_frame_t info;
    PyObject *name = NULL;
    PyObject *value = NULL;
    int kind = 0;

    if (pyi_check_nargs("frame_var", nargs, 2, 2) < 0 || check_frame("frame_var", args[0], &info) < 0) {
        return NULL;
    }
    Py_ssize_t i = PyLong_AsSsize_t(args[1]);
    if (i == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (i < 0 || i >= info.nslots || pyi_frame_slot(args[0], i, &name, &kind, &value) < 0) {
        PyErr_Format(PyExc_IndexError, "frame_var(): slot %zd out of range (%zd slots)", i, info.nslots);
        return NULL;
    }
    if (value == NULL) {
        return PyTuple_New(0);
    }
    return PyTuple_Pack(1, value);
}

PyMethodDef pyi_frame_methods[] = {
    {"frame_vars", frame_vars, METH_O,
     "frame_vars(frame) -> dict\n\nNames and kinds of a frame's fast-local slots, read without f_locals."},
    {"frame_var", (PyCFunction)(void (*)(void))frame_var, METH_FASTCALL,
     "frame_var(frame, i) -> () or (value,)\n\nThe value of slot i (a cell's contents for cell/free variables)."},
    {NULL, NULL, 0, NULL},
};
