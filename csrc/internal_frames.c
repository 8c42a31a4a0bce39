/* internal_frames.c: how many references to an object exist only because
 * pyinspect is looking at it (ARCHITECTURE rule 5).
 *
 * refcnt as the program holds it = the stored count minus
 *   - the references in pyinspect's own frames (locals and value stack), and
 *   - the temporaries on the value stack of the frame that called pyinspect.
 *
 * How much of a frame can be seen depends on the version:
 *   3.14+      every frame stores its stack pointer before an escaping call
 *              (the 3.14 code generator spills it), and each slot is a tagged
 *              _PyStackRef whose low bit says whether it owns a reference:
 *              LOAD_FAST_BORROW pushes borrowed ones (gh-130704), so the same
 *              call may or may not hold one.  Everything is counted exactly.
 *   3.11-3.13  a frame that called a Python function inline saved its stack
 *              top (DISPATCH_INLINED); the innermost frame, which is calling
 *              us, did not, but our vectorcall `args` point into its stack.
 *   3.9-3.10   the innermost frame is found the same way; an outer frame's
 *              stack top is not stored, so it is taken to hold exactly the
 *              arguments it passed to the frame below it (CALL_FUNCTION keeps
 *              them on the caller's stack while function_code_fastcall copies
 *              them into the callee's locals).
 */
#include "internal_core.h"

static int
is_own_code(PyObject *code, PyObject *own_prefix)
{
    if (code == NULL || !PyCode_Check(code) || own_prefix == NULL) {
        return 0;
    }
    PyObject *filename = ((PyCodeObject *)code)->co_filename;
    if (filename == NULL || !PyUnicode_Check(filename)) {
        return 0;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(own_prefix);
    if (PyUnicode_GET_LENGTH(filename) < n) {
        return 0;
    }
    Py_ssize_t r = PyUnicode_Tailmatch(filename, own_prefix, 0, n, -1);
    if (r < 0) {
        PyErr_Clear();
        return 0;
    }
    return (int)r;
}

#if !PYI_PY314
static Py_ssize_t
count_in(PyObject *const *start, PyObject *const *stop, PyObject *obj)
{
    Py_ssize_t n = 0;
    for (PyObject *const *p = start; p < stop; p++) {
        if (*p == obj) {
            n++;
        }
    }
    return n;
}
#endif

#if PYI_PY314
/* ---- 3.14+: tagged stack references ------------------------------------- */

static Py_ssize_t
count_strong(const _PyStackRef *start, const _PyStackRef *stop, PyObject *obj)
{
    Py_ssize_t n = 0;
    for (const _PyStackRef *p = start; p < stop; p++) {
        uintptr_t bits = p->bits;
        if ((bits & Py_INT_TAG) == Py_INT_TAG) {
            continue;  /* a tagged int, not a pointer */
        }
        if (bits & Py_TAG_REFCNT) {
            continue;  /* borrowed / deferred: owns no reference */
        }
        if ((PyObject *)(bits & ~(uintptr_t)Py_INT_TAG) == obj) {
            n++;
        }
    }
    return n;
}

static PyCodeObject *
frame_code(_PyInterpreterFrame *f)
{
    PyObject *ex = PyStackRef_AsPyObjectBorrow(f->f_executable);
    return (ex != NULL && PyCode_Check(ex)) ? (PyCodeObject *)ex : NULL;
}

static int
frame_is_python(_PyInterpreterFrame *f)
{
    /* entry frames (FRAME_OWNED_BY_CSTACK in 3.14, FRAME_OWNED_BY_INTERPRETER
     * in 3.15) mark a C call boundary */
    return f->owner < FRAME_OWNED_BY_INTERPRETER && frame_code(f) != NULL;
}

Py_ssize_t
pyi_transient_refs(PyObject *obj, PyObject *const *args, Py_ssize_t nargs, PyObject *own_prefix)
{
    (void)args; (void)nargs;
    Py_ssize_t n = 0;
    _PyInterpreterFrame *f = PyThreadState_Get()->current_frame;
    while (f != NULL && frame_is_python(f)) {
        PyCodeObject *co = frame_code(f);
        _PyStackRef *base = f->localsplus;
        _PyStackRef *stackbase = base + co->co_nlocalsplus;
        _PyStackRef *top = f->stackpointer;
        int top_ok = top != NULL && top >= stackbase && top <= stackbase + co->co_stacksize;
        if (is_own_code((PyObject *)co, own_prefix)) {
            n += count_strong(base, stackbase, obj);
            if (top_ok) {
                n += count_strong(stackbase, top, obj);
            }
            f = f->previous;
            continue;
        }
        /* the call site: its locals are the program's, its stack is not */
        if (top_ok) {
            n += count_strong(stackbase, top, obj);
        }
        break;
    }
    return n;
}

#elif PYI_PY311
/* ---- 3.11-3.13: _PyInterpreterFrame with plain PyObject* slots ---------- */

static PyCodeObject *
frame_code(_PyInterpreterFrame *f)
{
#  if PYI_PY313
    PyObject *ex = f->f_executable;
    return (ex != NULL && PyCode_Check(ex)) ? (PyCodeObject *)ex : NULL;
#  else
    return f->f_code;
#  endif
}

static int
frame_is_python(_PyInterpreterFrame *f)
{
#  if PYI_PY312
    /* 3.12 added shim frames owned by the C stack at every C -> Python entry */
    if (f->owner == FRAME_OWNED_BY_CSTACK) {
        return 0;
    }
#  endif
    return frame_code(f) != NULL;
}

static int
frame_is_entry(_PyInterpreterFrame *f)
{
#  if PYI_PY312
    (void)f;
    return 0;  /* the shim frame above it says so instead */
#  else
    return f->is_entry;  /* 3.11: called from C, its caller is not a Python frame */
#  endif
}

Py_ssize_t
pyi_transient_refs(PyObject *obj, PyObject *const *args, Py_ssize_t nargs, PyObject *own_prefix)
{
    Py_ssize_t n = 0;
    PyThreadState *ts = PyThreadState_Get();
#  if PYI_PY313
    _PyInterpreterFrame *f = ts->current_frame;
#  else
    _PyInterpreterFrame *f = ts->cframe->current_frame;
#  endif
    int innermost = 1;
    while (f != NULL && frame_is_python(f)) {
        PyCodeObject *co = frame_code(f);
        PyObject **base = f->localsplus;
        PyObject **stackbase = base + co->co_nlocalsplus;
        PyObject **stacklimit = stackbase + co->co_stacksize;
        PyObject *const *top = NULL;
        if (innermost) {
            /* the frame calling us: its stack top is just past our args */
            if (args != NULL && args >= stackbase && args + nargs <= stacklimit) {
                top = args + nargs;
            }
        }
        else if (f->stacktop >= co->co_nlocalsplus && base + f->stacktop <= stacklimit) {
            top = base + f->stacktop;
        }
        int own = is_own_code((PyObject *)co, own_prefix);
        if (own) {
            n += count_in(base, stackbase, obj);
        }
        if (top != NULL) {
            n += count_in(stackbase, top, obj);
        }
        else if (innermost) {
            /* called from C with a copied argument array: the arguments
             * are still held by whoever called us */
            n += count_in(args, args + nargs, obj);
        }
        if (!own || frame_is_entry(f)) {
            break;
        }
        innermost = 0;
        f = f->previous;
    }
    return n;
}

#else
/* ---- 3.9-3.10: PyFrameObject ------------------------------------------------ */

Py_ssize_t
pyi_transient_refs(PyObject *obj, PyObject *const *args, Py_ssize_t nargs, PyObject *own_prefix)
{
    Py_ssize_t n = 0;
    PyFrameObject *f = PyEval_GetFrame();  /* borrowed; the innermost Python frame */
    int innermost = 1;
    Py_ssize_t passed = 0;  /* references the frame below received as parameters */
    while (f != NULL) {
        PyCodeObject *co = f->f_code;
        PyObject **stackbase = f->f_valuestack;
        PyObject **stacklimit = stackbase + co->co_stacksize;
        int own = is_own_code((PyObject *)co, own_prefix);
        if (own) {
            n += count_in(f->f_localsplus, f->f_localsplus + co->co_nlocals, obj);
        }
        if (innermost) {
            if (args != NULL && args >= stackbase && args + nargs <= stacklimit) {
                n += count_in(stackbase, args + nargs, obj);
            }
            else {
                n += count_in(args, args + nargs, obj);
            }
        }
        else {
            n += passed;
        }
        if (!own) {
            break;
        }
        passed = count_in(f->f_localsplus,
                          f->f_localsplus + co->co_argcount + co->co_kwonlyargcount, obj);
        innermost = 0;
        f = f->f_back;
    }
    return n;
}
#endif
