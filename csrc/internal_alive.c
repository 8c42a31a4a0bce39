/* internal_alive.c: the running frames of every thread, read in place.
 *
 * The locals of a running frame are references the collector does not see
 * from 3.11 on: a _PyInterpreterFrame is not an object, and a frame object
 * made for it (sys._getframe()) does not traverse the slots while the
 * thread owns them (frame_traverse returns early unless the frame object
 * owns its data).  So why_alive() reads them here as roots:
 *
 *   3.9/3.10  PyThreadState.frame, a chain of PyFrameObject (f_back);
 *   3.11/3.12 PyThreadState.cframe->current_frame, a chain of
 *             _PyInterpreterFrame (previous); 3.12 adds shim frames owned
 *             by the C stack at each C -> Python entry (gh-100987);
 *   3.13+     PyThreadState.current_frame (gh-112287 removed _PyCFrame);
 *   3.14+     slots are tagged _PyStackRef values (gh-117139) and entry
 *             frames are owned by the interpreter.
 *
 * Nothing is materialized (no frame object, no f_locals dict).  Frames
 * that have not started yet (_PyFrame_IsIncomplete: before RESUME, whose
 * cells may not exist) are skipped, as sys._current_frames() skips them.
 * Creates no Python objects.
 */
#include "internal_core.h"

#include <stddef.h>

#if PYI_PY314
#  include "internal/pycore_interpframe_structs.h"
#endif

#if PYI_PY311
/* ---- 3.11+: _PyInterpreterFrame ---------------------------------------------------- */

static PyCodeObject *
iframe_code(_PyInterpreterFrame *f)
{
#  if PYI_PY314
    PyObject *ex = PyStackRef_AsPyObjectBorrow(f->f_executable);
#  elif PYI_PY313
    PyObject *ex = f->f_executable;  /* gh-114727 (3.13): code object or None */
#  else
    PyObject *ex = (PyObject *)f->f_code;
#  endif
    return (ex != NULL && PyCode_Check(ex)) ? (PyCodeObject *)ex : NULL;
}

static int
iframe_is_python(_PyInterpreterFrame *f)
{
#  if PYI_PY314
    /* entry frames (FRAME_OWNED_BY_CSTACK in 3.14, FRAME_OWNED_BY_INTERPRETER) */
    if (f->owner >= FRAME_OWNED_BY_INTERPRETER) {
        return 0;
    }
#  elif PYI_PY312
    /* gh-100987 (3.12): shim frames owned by the C stack */
    if (f->owner == FRAME_OWNED_BY_CSTACK) {
        return 0;
    }
#  endif
    return iframe_code(f) != NULL;
}

/* What a stack reference field points to when it owns a reference, else NULL. */
#  if PYI_PY314
static PyObject *
owned(_PyStackRef ref)
{
    if (PyStackRef_IsNull(ref) || (ref.bits & Py_INT_TAG) == Py_INT_TAG || (ref.bits & Py_TAG_REFCNT)) {
        return NULL;
    }
    return PyStackRef_AsPyObjectBorrow(ref);
}
#  endif

static void
fill(_PyInterpreterFrame *f, PyCodeObject *co, pyi_tframe_t *out)
{
    int n = 0;
    out->iframe = f;
    out->code = (PyObject *)co;
    out->frame_obj = (PyObject *)f->frame_obj;
    out->generator = NULL;
    if (f->owner == FRAME_OWNED_BY_GENERATOR) {
        /* the frame is embedded in its generator (gi_iframe) */
        out->generator = (PyObject *)((char *)f - offsetof(PyGenObject, gi_iframe));
    }
    out->globals = f->f_globals;
    out->locals = (co->co_flags & CO_OPTIMIZED) ? NULL : f->f_locals;
    out->nslots = co->co_nlocalsplus;
    /* f_globals and f_builtins are borrowed from 3.11 on; the code object,
     * the function and f_locals are strong */
#  if PYI_PY314
    out->held[n++] = owned(f->f_executable);
    out->held[n++] = owned(f->f_funcobj);
#  elif PYI_PY312
    out->held[n++] = PYI_PY313 ? (PyObject *)iframe_code(f) : (PyObject *)co;
    out->held[n++] = f->f_funcobj;
#  else
    out->held[n++] = (PyObject *)f->f_code;
    out->held[n++] = (PyObject *)f->f_func;
#  endif
    out->held[n++] = f->f_locals;
    while (n < PYI_TFRAME_HELD) {
        out->held[n++] = NULL;
    }
#  if PYI_PY312
    out->lineno = PyUnstable_InterpreterFrame_GetLine(f);
#  else
    out->lineno = PyCode_Addr2Line(co, _PyInterpreterFrame_LASTI(f) * (int)sizeof(_Py_CODEUNIT));
#  endif
}

static int
thread_frames(PyThreadState *ts, int current, int (*fn)(const pyi_tframe_t *, void *), void *arg)
{
#  if PYI_PY313
    _PyInterpreterFrame *f = ts->current_frame;
#  else
    _PyInterpreterFrame *f = ts->cframe != NULL ? ts->cframe->current_frame : NULL;
#  endif
    for (; f != NULL; f = f->previous) {
        if (!iframe_is_python(f) || _PyFrame_IsIncomplete(f)) {
            continue;
        }
        pyi_tframe_t tf;
        memset(&tf, 0, sizeof(tf));
        fill(f, iframe_code(f), &tf);
        tf.thread_id = ts->thread_id;
        tf.current_thread = current;
        int rc = fn(&tf, arg);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

#else
/* ---- 3.9/3.10: PyFrameObject ------------------------------------------------------- */

static int
thread_frames(PyThreadState *ts, int current, int (*fn)(const pyi_tframe_t *, void *), void *arg)
{
    for (PyFrameObject *f = ts->frame; f != NULL; f = f->f_back) {
        PyCodeObject *co = f->f_code;
        if (co == NULL) {
            continue;
        }
        pyi_tframe_t tf;
        memset(&tf, 0, sizeof(tf));
        tf.iframe = f;
        tf.code = (PyObject *)co;
        tf.frame_obj = (PyObject *)f;
        tf.globals = f->f_globals;
        tf.locals = (co->co_flags & CO_OPTIMIZED) ? NULL : f->f_locals;
        tf.nslots = co->co_nlocals + PyTuple_GET_SIZE(co->co_cellvars) + PyTuple_GET_SIZE(co->co_freevars);
        /* a frame object owns all of these; it is skipped as a holder, so
         * they are counted here */
        tf.held[0] = (PyObject *)co;
        tf.held[1] = f->f_globals;
        tf.held[2] = f->f_builtins;
        tf.held[3] = f->f_locals;
        tf.lineno = PyFrame_GetLineNumber(f);
        tf.thread_id = ts->thread_id;
        tf.current_thread = current;
        int rc = fn(&tf, arg);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}
#endif

int
pyi_thread_frames(int (*fn)(const pyi_tframe_t *frame, void *arg), void *arg)
{
    PyThreadState *me = PyThreadState_Get();
    PyInterpreterState *interp = PyThreadState_GetInterpreter(me);
#if PYI_FT
    /* other threads run on: their frames change under a reader */
    (void)interp;
    return thread_frames(me, 1, fn, arg);
#else
    /* the GIL keeps every other thread out of its frames (as
     * sys._current_frames() relies on) */
    for (PyThreadState *ts = PyInterpreterState_ThreadHead(interp); ts != NULL; ts = PyThreadState_Next(ts)) {
        int rc = thread_frames(ts, ts == me, fn, arg);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
#endif
}

/* ---- frame objects, for naming what they hold ------------------------------------- */

const void *
pyi_frame_object_iframe(PyObject *frame)
{
#if PYI_PY311
    _PyInterpreterFrame *f = ((PyFrameObject *)frame)->f_frame;
    /* frame_traverse reports the slots only of a frame it owns (a finished
     * frame kept by a traceback); a running or generator frame's slots
     * belong to the thread or the generator */
    if (f == NULL || f->owner != FRAME_OWNED_BY_FRAME_OBJECT || iframe_code(f) == NULL) {
        return NULL;
    }
    return f;
#else
    return ((PyFrameObject *)frame)->f_code != NULL ? frame : NULL;
#endif
}

Py_ssize_t
pyi_iframe_nslots(const void *iframe)
{
#if PYI_PY311
    PyCodeObject *co = iframe_code((_PyInterpreterFrame *)iframe);
    return co != NULL ? co->co_nlocalsplus : 0;
#else
    PyCodeObject *co = ((PyFrameObject *)iframe)->f_code;
    if (co == NULL || !PyTuple_Check(co->co_cellvars) || !PyTuple_Check(co->co_freevars)) {
        return 0;
    }
    return co->co_nlocals + PyTuple_GET_SIZE(co->co_cellvars) + PyTuple_GET_SIZE(co->co_freevars);
#endif
}

PyObject *
pyi_frame_object_back(PyObject *frame)
{
    return (PyObject *)((PyFrameObject *)frame)->f_back;
}

PyObject *
pyi_frame_object_trace(PyObject *frame)
{
    return ((PyFrameObject *)frame)->f_trace;
}

PyObject *
pyi_frame_object_locals(PyObject *frame)
{
#if PYI_PY311
    _PyInterpreterFrame *f = ((PyFrameObject *)frame)->f_frame;
    return (f != NULL && f->owner == FRAME_OWNED_BY_FRAME_OBJECT) ? f->f_locals : NULL;
#else
    return ((PyFrameObject *)frame)->f_locals;
#endif
}

int
pyi_refcnt_deferred(PyObject *op)
{
#if PYI_FT && defined(_PyGC_BITS_DEFERRED)
    /* PEP 703: objects using deferred reference counting (functions, code,
     * modules, types...) carry a large bias in ob_ref_shared, and stack
     * references to them are not counted: their count says little */
    return (op->ob_gc_bits & _PyGC_BITS_DEFERRED) != 0;
#else
    (void)op;
    return 0;
#endif
}
