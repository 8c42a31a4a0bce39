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

/* ---- a frame's variables, for pyinspect.names(frame) -------------------- */
/* Read straight from the frame's fast-local slots.  Going through
 * frame.f_locals instead would leave a trace: on 3.9-3.12 it copies every
 * local into a dict kept on the frame (PyFrame_FastToLocalsWithError), which
 * adds a reference to each object; from 3.13 it is a FrameLocalsProxy
 * (PEP 667), whose values() builds a list holding references. */

static Py_ssize_t
tuple_len(PyObject *t)
{
    return (t != NULL && PyTuple_Check(t)) ? PyTuple_GET_SIZE(t) : 0;
}

/* A new reference to what slot value `v` stands for: a cell or free slot
 * holds a cell once the frame has started (MAKE_CELL / COPY_FREE_VARS on
 * 3.11+, frame setup before), and what it stands for is the cell's
 * contents, taken under the cell's lock (PyCell_GET takes the critical
 * section from 3.13t, gh-115999).  Creates nothing, runs no code. */
static PyObject *
slot_ref(PyObject *v, int kind)
{
    if (v != NULL && (kind & (PYI_SLOT_CELL | PYI_SLOT_FREE)) && PyCell_Check(v)) {
        PyObject *ref;
        Py_BEGIN_CRITICAL_SECTION(v);
        ref = ((PyCellObject *)v)->ob_ref;
        Py_XINCREF(ref);
        Py_END_CRITICAL_SECTION();
        return ref;
    }
    Py_XINCREF(v);
    return v;
}

#if PYI_PY311
/* ---- 3.11+: PyFrameObject.f_frame -> _PyInterpreterFrame --------------------- */

static int
slot_kind(unsigned char k)
{
    /* CO_FAST_* from pycore_code.h (3.11; CO_FAST_HIDDEN added in 3.12, gh-97933) */
    int kind = 0;
    if (k & CO_FAST_LOCAL) {
        kind |= PYI_SLOT_LOCAL;
    }
    if (k & CO_FAST_CELL) {
        kind |= PYI_SLOT_CELL;
    }
    if (k & CO_FAST_FREE) {
        kind |= PYI_SLOT_FREE;
    }
#  ifdef CO_FAST_HIDDEN
    if (k & CO_FAST_HIDDEN) {
        kind |= PYI_SLOT_HIDDEN;
    }
#  endif
    return kind;
}

static PyObject *
slot_value(_PyInterpreterFrame *f, Py_ssize_t i)
{
#  if PYI_PY314
    /* gh-117139 (3.14): slots are tagged _PyStackRef values */
    _PyStackRef ref = f->localsplus[i];
    if (PyStackRef_IsNull(ref)) {
        return NULL;
    }
    return PyStackRef_AsPyObjectBorrow(ref);
#  else
    return f->localsplus[i];
#  endif
}

int
pyi_frame_info(PyObject *frame, pyi_frame_t *out)
{
    _PyInterpreterFrame *f = ((PyFrameObject *)frame)->f_frame;
    PyCodeObject *co = f != NULL ? frame_code(f) : NULL;
    if (co == NULL) {
        return -1;
    }
    out->code = (PyObject *)co;
    out->optimized = (co->co_flags & CO_OPTIMIZED) != 0;
    out->locals = out->optimized ? NULL : f->f_locals;
    out->nslots = co->co_nlocalsplus;
    return 0;
}

int
pyi_frame_slot(PyObject *frame, Py_ssize_t i, PyObject **name, int *kind, PyObject **value)
{
    _PyInterpreterFrame *f = ((PyFrameObject *)frame)->f_frame;
    PyCodeObject *co = f != NULL ? frame_code(f) : NULL;
    if (co == NULL || i < 0 || i >= co->co_nlocalsplus ||
        tuple_len(co->co_localsplusnames) != co->co_nlocalsplus ||
        !PyBytes_Check(co->co_localspluskinds) ||
        PyBytes_GET_SIZE(co->co_localspluskinds) != co->co_nlocalsplus) {
        return -1;
    }
    *name = PyTuple_GET_ITEM(co->co_localsplusnames, i);
    *kind = slot_kind((unsigned char)PyBytes_AS_STRING(co->co_localspluskinds)[i]);
    *value = slot_ref(slot_value(f, i), *kind);
    return 0;
}

int
pyi_iframe_slot(const void *iframe, Py_ssize_t i, PyObject **name, int *kind, PyObject **value, int *owns)
{
    _PyInterpreterFrame *f = (_PyInterpreterFrame *)iframe;
    PyCodeObject *co = f != NULL ? frame_code(f) : NULL;
    if (co == NULL || i < 0 || i >= co->co_nlocalsplus ||
        tuple_len(co->co_localsplusnames) != co->co_nlocalsplus ||
        !PyBytes_Check(co->co_localspluskinds) ||
        PyBytes_GET_SIZE(co->co_localspluskinds) != co->co_nlocalsplus) {
        return -1;
    }
    *name = PyTuple_GET_ITEM(co->co_localsplusnames, i);
    *kind = slot_kind((unsigned char)PyBytes_AS_STRING(co->co_localspluskinds)[i]);
#  if PYI_PY314
    {
        /* gh-117139 (3.14): a tagged int owns nothing and is no object; a
         * borrowed or deferred reference (Py_TAG_REFCNT) owns no count */
        uintptr_t bits = f->localsplus[i].bits;
        if ((bits & Py_INT_TAG) == Py_INT_TAG) {
            *value = NULL;
            *owns = 0;
            return 0;
        }
        *owns = (bits & Py_TAG_REFCNT) == 0;
    }
#  else
    *owns = 1;
#  endif
    *value = Py_XNewRef(slot_value(f, i));
    return 0;
}

#else
/* ---- 3.9-3.10: f_localsplus = varnames, then cellvars, then freevars ------------ */

int
pyi_frame_info(PyObject *frame, pyi_frame_t *out)
{
    PyFrameObject *f = (PyFrameObject *)frame;
    PyCodeObject *co = f->f_code;
    if (co == NULL) {
        return -1;
    }
    out->code = (PyObject *)co;
    out->optimized = (co->co_flags & CO_OPTIMIZED) != 0;
    out->locals = out->optimized ? NULL : f->f_locals;
    out->nslots = co->co_nlocals + tuple_len(co->co_cellvars) + tuple_len(co->co_freevars);
    return 0;
}

int
pyi_frame_slot(PyObject *frame, Py_ssize_t i, PyObject **name, int *kind, PyObject **value)
{
    PyFrameObject *f = (PyFrameObject *)frame;
    PyCodeObject *co = f->f_code;
    if (co == NULL || i < 0) {
        return -1;
    }
    Py_ssize_t nlocals = co->co_nlocals;
    Py_ssize_t ncells = tuple_len(co->co_cellvars);
    Py_ssize_t nfrees = tuple_len(co->co_freevars);
    if (i < nlocals) {
        if (tuple_len(co->co_varnames) < nlocals) {
            return -1;
        }
        *name = PyTuple_GET_ITEM(co->co_varnames, i);
        *kind = PYI_SLOT_LOCAL;
    }
    else if (i < nlocals + ncells) {
        *name = PyTuple_GET_ITEM(co->co_cellvars, i - nlocals);
        *kind = PYI_SLOT_CELL;
    }
    else if (i < nlocals + ncells + nfrees) {
        *name = PyTuple_GET_ITEM(co->co_freevars, i - nlocals - ncells);
        *kind = PYI_SLOT_FREE;
    }
    else {
        return -1;
    }
    /* an argument that is also a cell variable was moved into its cell at
     * frame setup (co_cell2arg), leaving the local slot NULL: unbound here,
     * bound under its cell name */
    *value = slot_ref(f->f_localsplus[i], *kind);
    return 0;
}

int
pyi_iframe_slot(const void *iframe, Py_ssize_t i, PyObject **name, int *kind, PyObject **value, int *owns)
{
    PyObject *frame = (PyObject *)iframe;
    PyObject *contents = NULL;
    if (pyi_frame_slot(frame, i, name, kind, &contents) < 0) {
        return -1;
    }
    Py_XDECREF(contents);
    /* the slot itself (a cell for cell and free variables), not what it stands for */
    *value = Py_XNewRef(((PyFrameObject *)frame)->f_localsplus[i]);
    *owns = 1;
    return 0;
}
#endif

int
pyi_code_is_own(PyObject *code, PyObject *own_prefix)
{
    return is_own_code(code, own_prefix);
}
