/* alive_edges.c: which index, key, attribute or field of a holder refers to
 * a target, read from the holder's struct (for why_alive()).
 *
 * tp_traverse says *that* a holder refers to an object, not *where*; the
 * place is found here by looking at the holder's fields in the order its
 * family stores them: list and tuple items, dict entries (PyDict_Next
 * hands out the stored pointers and compares nothing), set table slots,
 * the fields of functions, cells, methods, types, modules, frames,
 * generators, tracebacks and exceptions, an instance's attribute table
 * (its __dict__, or the inline values of 3.11+ with the class's shared
 * keys) and the object members of its type and bases (__slots__, and C
 * types' members such as property.fget or functools.partial.func).  Keys
 * and names are compared by identity: no __eq__, __hash__ or __repr__
 * runs.  The holder is read inside its critical section.
 */
#include "alive.h"
#include "internal.h"
#include "structmember.h"

#include <string.h>

const char *const pyi_edge_kind_names[PYI_EDGE_NKINDS] = {
    "referent", "index", "key", "dict_key", "set_item", "attr", "field", "local", "class",
};

/* PyMemberDef types holding an object: T_OBJECT (6, _Py_T_OBJECT from
 * 3.12) and T_OBJECT_EX (16, Py_T_OBJECT_EX from 3.12) */
#define MEMBER_OBJECT 6
#define MEMBER_OBJECT_EX 16

static void
set_field(pyi_edge_t *out, const char *field)
{
    out->kind = PYI_EDGE_FIELD;
    out->field = field;
}

/* A field among `n` named pointers equal to target: its name, or NULL. */
static const char *
match_field(PyObject *target, const PyObject *const *ptrs, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        if (ptrs[i] == target) {
            return names[i];
        }
    }
    return NULL;
}

/* ---- containers ------------------------------------------------------------------ */

static int
seq_edge(PyObject *const *items, Py_ssize_t n, PyObject *target, pyi_edge_t *out)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (items[i] == target) {
            out->kind = PYI_EDGE_INDEX;
            out->index = i;
            return 1;
        }
    }
    return 0;
}

/* Caller holds the dict's critical section. */
static int
dict_edge(PyObject *dict, PyObject *target, pyi_edge_t *out)
{
    Py_ssize_t pos = 0, n = 0;
    PyObject *k, *v;
    Py_ssize_t key_at = -1;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        if (v == target) {
            out->kind = PYI_EDGE_KEY;
            out->obj = Py_NewRef(k);
            return 1;
        }
        if (k == target && key_at < 0) {
            key_at = n;
        }
        n++;
    }
    if (key_at >= 0) {
        out->kind = PYI_EDGE_DICT_KEY;
        out->index = key_at;
        return 1;
    }
    return 0;
}

static int
set_edge(PyObject *set, PyObject *target, pyi_edge_t *out)
{
    PySetObject *so = (PySetObject *)set;
    if (so->table == NULL) {
        return 0;
    }
    for (Py_ssize_t i = 0; i <= so->mask; i++) {
        if (so->table[i].key == target) {
            out->kind = PYI_EDGE_SET_ITEM;
            out->index = i;
            return 1;
        }
    }
    return 0;
}

/* ---- builtin objects with named fields -------------------------------------------- */

static int
function_edge(PyObject *holder, PyObject *target, pyi_edge_t *out)
{
    PyFunctionObject *f = (PyFunctionObject *)holder;
    if (f->func_closure == target) {
        set_field(out, "__closure__");
        /* for "cell 'x' of f": the free variable names and the function's name */
        out->code = Py_XNewRef(f->func_code);
        out->qualname = Py_XNewRef(f->func_qualname);
        return 1;
    }
    const PyObject *ptrs[] = {
        f->func_code, f->func_globals, f->func_defaults, f->func_kwdefaults, f->func_doc, f->func_name,
        f->func_dict, f->func_module, f->func_annotations, f->func_qualname, pyi_func_builtins(f),
        pyi_func_typeparams(f), pyi_func_annotate(f),
    };
    static const char *const names[] = {
        "__code__", "__globals__", "__defaults__", "__kwdefaults__", "__doc__", "__name__",
        "__dict__", "__module__", "__annotations__", "__qualname__", "__builtins__",
        "__type_params__", "__annotate__",
    };
    const char *name = match_field(target, ptrs, names, (int)(sizeof(names) / sizeof(names[0])));
    if (name != NULL) {
        set_field(out, name);
        return 1;
    }
    return 0;
}

static int
type_edge(PyObject *holder, PyObject *target, pyi_edge_t *out)
{
    PyTypeObject *tp = (PyTypeObject *)holder;
    int heap = (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) != 0;
    PyHeapTypeObject *ht = (PyHeapTypeObject *)tp;
    const PyObject *ptrs[] = {
        tp->tp_dict, tp->tp_mro, tp->tp_bases, (PyObject *)tp->tp_base, tp->tp_cache,
        heap ? ht->ht_name : NULL, heap ? ht->ht_qualname : NULL, heap ? ht->ht_slots : NULL,
        heap ? pyi_heaptype_module(tp) : NULL,
    };
    static const char *const names[] = {
        "__dict__", "__mro__", "__bases__", "__base__", "<tp_cache>",
        "__name__", "__qualname__", "__slots__", "<ht_module>",
    };
    const char *name = match_field(target, ptrs, names, (int)(sizeof(names) / sizeof(names[0])));
    if (name != NULL) {
        set_field(out, name);
        return 1;
    }
    return 0;
}

static int
exception_edge(PyObject *holder, PyObject *target, pyi_edge_t *out)
{
    PyBaseExceptionObject *e = (PyBaseExceptionObject *)holder;
    const PyObject *ptrs[] = {
        e->dict, e->args, e->traceback, e->context, e->cause,
        pyi_exception_notes(e),  /* PEP 678 (3.11), NULL before */
    };
    static const char *const names[] = {
        "__dict__", "args", "__traceback__", "__context__", "__cause__", "__notes__",
    };
    const char *name = match_field(target, ptrs, names, (int)(sizeof(ptrs) / sizeof(ptrs[0])));
    if (name != NULL) {
        set_field(out, name);
        return 1;
    }
    return 0;
}

/* A variable of a frame's slots (`iframe` as pyi_iframe_slot takes it).
 * *nomem is set when the name could not be kept. */
static int
slots_edge(const void *iframe, PyObject *target, pyi_edge_t *out)
{
    Py_ssize_t n = pyi_iframe_nslots(iframe);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name = NULL, *value = NULL;
        int kind = 0, owns = 0;
        if (pyi_iframe_slot(iframe, i, &name, &kind, &value, &owns) < 0) {
            break;
        }
        int hit = value == target;
        Py_XDECREF(value);  /* the frame still holds it */
        if (hit) {
            out->kind = PYI_EDGE_LOCAL;
            out->index = i;
            out->obj = Py_XNewRef(name);
            return 1;
        }
    }
    return 0;
}

static int
frame_edge(PyObject *holder, PyObject *target, pyi_edge_t *out)
{
    const void *iframe = pyi_frame_object_iframe(holder);
    if (iframe != NULL && slots_edge(iframe, target, out)) {
        return 1;
    }
    const PyObject *ptrs[] = {
        pyi_frame_object_back(holder), pyi_frame_object_trace(holder), pyi_frame_object_locals(holder),
    };
    static const char *const names[] = {"f_back", "f_trace", "f_locals"};
    const char *name = match_field(target, ptrs, names, 3);
    if (name != NULL) {
        set_field(out, name);
        return 1;
    }
    return 0;
}

static int
generator_edge(PyObject *holder, PyObject *target, pyi_edge_t *out)
{
    pyi_gen_t g;
    pyi_gen_read(holder, &g);
    if (PYI_GEN_FRAME_EMBEDDED) {
        /* the frame is embedded (gi_iframe): its slots are the generator's */
        if (g.frame != NULL && slots_edge(g.frame, target, out)) {
            return 1;
        }
    }
    else if (g.frame != NULL && g.frame == (const void *)target) {
        /* 3.9/3.10: g.frame is gi_frame, a separate PyFrameObject */
        set_field(out, PyCoro_CheckExact(holder) ? "cr_frame" : PyAsyncGen_CheckExact(holder) ? "ag_frame" : "gi_frame");
        return 1;
    }
    const char *prefix = PyCoro_CheckExact(holder) ? "cr" : PyAsyncGen_CheckExact(holder) ? "ag" : "gi";
    const PyObject *ptrs[] = {(PyObject *)g.code, g.name, g.qualname, g.frame_obj, g.locals_dict};
    static const char *const gi[] = {"gi_code", "__name__", "__qualname__", "gi_frame", "gi_frame.f_locals"};
    static const char *const cr[] = {"cr_code", "__name__", "__qualname__", "cr_frame", "cr_frame.f_locals"};
    static const char *const ag[] = {"ag_code", "__name__", "__qualname__", "ag_frame", "ag_frame.f_locals"};
    const char *name = match_field(target, ptrs, prefix[0] == 'c' ? cr : prefix[0] == 'a' ? ag : gi, 5);
    if (name != NULL) {
        set_field(out, name);
        return 1;
    }
    return 0;
}

/* ---- instances ------------------------------------------------------------------- */

/* An object member (__slots__ entry or a C type's T_OBJECT member) of the
 * holder's type or a base holding target.  Offsets are checked against the
 * holder type's basicsize before reading. */
static int
member_edge(PyObject *holder, PyObject *target, pyi_edge_t *out, int *nomem)
{
    PyTypeObject *tp = Py_TYPE(holder);
    Py_ssize_t limit = tp->tp_basicsize;
    for (PyTypeObject *t = tp; t != NULL; t = t->tp_base) {
        PyMemberDef *m = t->tp_members;
        for (; m != NULL && m->name != NULL; m++) {
            if ((m->type != MEMBER_OBJECT && m->type != MEMBER_OBJECT_EX) || m->offset < (Py_ssize_t)sizeof(PyObject) ||
                m->offset > limit - (Py_ssize_t)sizeof(PyObject *)) {
                continue;
            }
            if (*(PyObject **)((char *)holder + m->offset) == target) {
                /* a str is not a GC object: making one runs no collection */
                PyObject *name = PyUnicode_FromString(m->name);
                if (name == NULL) {
                    PyErr_Clear();
                    *nomem = 1;
                    return 0;
                }
                out->kind = PYI_EDGE_ATTR;
                out->obj = name;
                return 1;
            }
        }
    }
    return 0;
}

static int
instance_edge(PyObject *holder, PyObject *target, pyi_edge_t *out, int *nomem)
{
    pyi_instance_t in;
    pyi_read_instance(holder, &in);
    if (in.dict != NULL && in.dict == target) {
        set_field(out, "__dict__");
        return 1;
    }
    pyi_dict_t d;
    const char *why = NULL;
    if (pyi_instance_values_locate(holder, &d, &why) == 1) {
        for (Py_ssize_t ix = 0; ix < d.nentries; ix++) {
            pyi_dict_entry_t e;
            pyi_dict_entry(&d, ix, &e);
            if (e.key != NULL && e.value == target) {
                out->kind = PyUnicode_CheckExact(e.key) ? PYI_EDGE_ATTR : PYI_EDGE_KEY;
                out->obj = Py_NewRef(e.key);
                return 1;
            }
        }
    }
    if (member_edge(holder, target, out, nomem) || *nomem) {
        return 1;
    }
    if ((PyObject *)Py_TYPE(holder) == target && (Py_TYPE(holder)->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        out->kind = PYI_EDGE_CLASS;
        return 1;
    }
    return 0;
}

/* ---- dispatch -------------------------------------------------------------------- */

static int
edge_locked(PyObject *holder, PyObject *target, pyi_edge_t *out, int *nomem)
{
    if (PyList_Check(holder)) {
        if (seq_edge(((PyListObject *)holder)->ob_item, PyList_GET_SIZE(holder), target, out)) {
            return 1;
        }
    }
    else if (PyTuple_Check(holder)) {
        if (seq_edge(((PyTupleObject *)holder)->ob_item, PyTuple_GET_SIZE(holder), target, out)) {
            return 1;
        }
    }
    else if (PyDict_Check(holder)) {
        if (dict_edge(holder, target, out)) {
            return 1;
        }
    }
    else if (PyAnySet_Check(holder)) {
        if (set_edge(holder, target, out)) {
            return 1;
        }
    }
    else if (PyModule_Check(holder)) {
        if (PyModule_GetDict(holder) == target) {
            set_field(out, "__dict__");
            return 1;
        }
    }
    else if (PyType_Check(holder)) {
        if (type_edge(holder, target, out)) {
            return 1;
        }
    }
    else if (PyFunction_Check(holder)) {
        return function_edge(holder, target, out);
    }
    else if (PyCell_Check(holder)) {
        if (((PyCellObject *)holder)->ob_ref == target) {
            set_field(out, "cell_contents");
            return 1;
        }
        return 0;
    }
    else if (PyMethod_Check(holder)) {
        const PyObject *ptrs[] = {PyMethod_GET_FUNCTION(holder), PyMethod_GET_SELF(holder)};
        static const char *const names[] = {"__func__", "__self__"};
        const char *name = match_field(target, ptrs, names, 2);
        if (name != NULL) {
            set_field(out, name);
            return 1;
        }
        return 0;
    }
    else if (PyFrame_Check(holder)) {
        return frame_edge(holder, target, out);
    }
    else if (PyGen_Check(holder) || PyCoro_CheckExact(holder) || PyAsyncGen_CheckExact(holder)) {
        return generator_edge(holder, target, out);
    }
    else if (PyTraceBack_Check(holder)) {
        PyTracebackObject *tb = (PyTracebackObject *)holder;
        const PyObject *ptrs[] = {(PyObject *)tb->tb_next, (PyObject *)tb->tb_frame};
        static const char *const names[] = {"tb_next", "tb_frame"};
        const char *name = match_field(target, ptrs, names, 2);
        if (name != NULL) {
            set_field(out, name);
            return 1;
        }
        return 0;
    }
    else if (PyExceptionInstance_Check(holder)) {
        if (exception_edge(holder, target, out)) {
            return 1;
        }
    }
    /* subclasses of the containers above, and every other object: its
     * attributes, members and class */
    return instance_edge(holder, target, out, nomem);
}

int
pyi_alive_edge(PyObject *holder, PyObject *target, PyObject *ndarray_type, pyi_edge_t *out)
{
    int nomem = 0;
    memset(out, 0, sizeof(*out));
    out->index = -1;
    if (ndarray_type != NULL && pyi_ndarray_base(holder, ndarray_type) == target) {
        set_field(out, "base");  /* a numpy view's array */
        return 0;
    }
    Py_BEGIN_CRITICAL_SECTION(holder);
    if (!edge_locked(holder, target, out, &nomem)) {
        out->kind = PYI_EDGE_REFERENT;
    }
    Py_END_CRITICAL_SECTION();
    return nomem ? -1 : 0;
}

void
pyi_edge_release(pyi_edge_t *e)
{
    Py_CLEAR(e->obj);
    Py_CLEAR(e->code);
    Py_CLEAR(e->qualname);
}
