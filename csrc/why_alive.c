/* why_alive.c: the reference paths that keep an object alive.
 *
 * The search goes backwards from the target, one level at a time.  A level
 * is one pass over every object the collector tracks (gc.get_objects(),
 * see heap.h): each object's tp_traverse reports its references, and a
 * reference to a node of the current level (a small hash set, probed only
 * for addresses inside the level's range) makes the holder a node of the
 * next level, and every such reference (holder node -> held node) is
 * recorded.  So the search costs one pass per level (gc.get_referrers
 * costs a pass per object asked about; objgraph.find_backref_chain asks it
 * for every object it visits), and its memory is the nodes and references
 * found (a few words each) on top of the list of objects.  After each
 * level, a breadth-first search up the recorded references from each
 * reference into the target finds its nearest roots (in memory, no pass):
 * so a module dict reached first through one global still leads to the
 * target through its other globals.
 *
 * The search stops at roots, the objects a program names:
 *   - modules (`appmod.registry`: the module, its dict, the entry);
 *   - classes (`Foo.cache`); a class is usually alive through its module;
 *   - the variables of running frames, read in place from every thread's
 *     frames (internal_alive.c): from 3.11 the collector cannot see them
 *     (a _PyInterpreterFrame is not an object), and before 3.11 the frame
 *     objects of running frames are skipped here for the same answer;
 *   - objects with references nobody visible holds ("unseen": a C
 *     extension, the interpreter, a running frame's value stack), found by
 *     comparing an object's reference count with the references found.
 * A function's reference to its module's globals is counted but not
 * followed (it would lead every path through some function's
 * __globals__); the module holds the same dict under its name.
 *
 * It stops when each reference into the target (up to max_paths of them)
 * has a root and max_paths roots are known, when no holder is left, or at
 * max_depth.  numpy arrays are not GC objects either; a view reached from
 * a tracked object joins those containers and reports its `base`
 * (alive_numpy.c).  Objects the collector does not track (str, int, and tuples
 * or dicts it untracked because they hold only such objects) are held only
 * by untracked containers or by tracked objects: when the level holds such
 * an object, the untracked containers reachable from the tracked objects
 * are collected (once) and searched too, and so are the str keys that
 * dict_traverse does not report.
 *
 * Snapshot, then build (ARCHITECTURE rule 3).  gc.get_objects() runs first
 * (it allocates, so the collector and any __del__ may run inside it).
 * Then nothing runs that can run Python code until the paths are copied:
 * the passes only read (tp_traverse runs no Python code), C memory comes
 * from PyMem_Raw*, and the only objects made are the str names of members
 * (not GC objects).  Everything the result names is held by a strong
 * reference (the list holds every tracked object; the frame slots, the
 * untracked containers, the types and keys named are incref'd), the
 * result is built from those, and they are released last.
 *
 * Reference counts as the program holds them (rule 5): the target's count
 * less pyinspect's own references (the list's, the frame slots and
 * containers held here, the argument of this call and pyinspect's frames,
 * pyi_transient_refs); what remains beyond the references found is
 * `unseen`.  Free-threaded builds: other threads run on; each holder is
 * read inside its critical section, other threads' frames are not read
 * (their locals count as unseen), and objects with deferred reference
 * counts (functions, code, modules, types) get no unseen count.
 */
#include "readers.h"
#include "internal.h"
#include "heap.h"
#include "alive.h"
#include "size.h"

#include <string.h>

#define NONE32 UINT32_MAX
#define PREFETCH_AHEAD 8

#if defined(__GNUC__) || defined(__clang__)
#  define PYI_PREFETCH(p, rw) __builtin_prefetch((p), (rw))
#else
#  define PYI_PREFETCH(p, rw) ((void)(p))
#endif
#define MAX_DEPTH_LIMIT 1000

enum { ROOT_NONE = 0, ROOT_MODULE, ROOT_CLASS, ROOT_FRAME, ROOT_UNSEEN, ROOT_IMMORTAL };
static const char *const root_names[] = {"", "module", "class", "frame", "unseen", "immortal"};

enum { SLOT_VAR = 0, SLOT_LOCALS, SLOT_HELD };

typedef struct {
    PyObject *obj;          /* borrowed: held by the heap list, a frame slot or an extra */
    uint32_t refs;          /* references to it found in the heap passes (saturating) */
    uint16_t depth;         /* references on the shortest way from it to the target */
    uint8_t root;           /* ROOT_MODULE / ROOT_CLASS / ROOT_IMMORTAL: the search stops at it */
    uint8_t in_list;        /* it is in the heap list, which holds one reference */
    Py_ssize_t unseen;      /* its references nobody visible holds (known once its level was searched) */
} node_t;

typedef struct {
    PyObject *code;         /* strong */
    unsigned long thread_id;
    int lineno;
    int current;
} aframe_t;

typedef struct {
    PyObject *value;        /* strong */
    PyObject *name;         /* strong str for SLOT_VAR, else NULL */
    uint32_t frame;
    uint32_t next;          /* the next slot holding the same object */
    int kind;               /* SLOT_* */
    int vkind;              /* PYI_SLOT_* of a variable */
    int owns;               /* the frame owns a reference through it */
} aslot_t;

typedef struct {
    uint32_t *nodes;        /* PyMem_Raw: the root's object first, the target (node 0) last */
    uint32_t n;
    uint32_t slot;          /* the frame slot (ROOT_FRAME), else NONE32 */
    uint32_t first;         /* which reference into the target the path ends with */
    uint32_t order;         /* the order found */
    uint8_t kind;
    Py_ssize_t unseen;      /* ROOT_UNSEEN: references nobody visible holds */
} cand_t;

typedef struct {
    PyObject *holder_type;  /* strong */
    PyObject *holder;       /* strong */
    PyObject *target;       /* strong */
    pyi_edge_t edge;
} step_t;

typedef struct {
    int kind;
    PyObject *root;         /* strong: the module, class or object the path starts from */
    PyObject *name;         /* strong: a module's __name__, a frame variable's name, or NULL */
    PyObject *root_type;    /* strong: type of `root` */
    uint32_t frame, slot;
    Py_ssize_t unseen;
    step_t *steps;
    size_t nsteps;
} path_t;

typedef struct {
    pyi_heap_t heap;
    PyObject *target;       /* strong */
    PyObject *target_type;  /* strong: a __del__ run while the result is built may reassign __class__ */
    PyObject *ndarray;      /* strong: numpy.ndarray when numpy is loaded, else NULL (arrays hold their
                             * base where the collector cannot see) */
    Py_ssize_t transient;   /* references to the target held by this call and pyinspect's frames */
    int max_paths, max_depth;
    /* untracked containers reachable from the tracked objects (strong) */
    PyObject **extra;
    size_t nextra, extra_cap;
    pyi_addrmap_t extra_set;
    int extras_done, keys_mode;
    /* holders not searched: running frame objects and generators */
    pyi_addrmap_t skip;
    /* running frames and their slots */
    aframe_t *frames;
    size_t nframes, frames_cap;
    aslot_t *slots;
    size_t nslots, slots_cap;
    pyi_addrmap_t slot_of;
    /* the search */
    node_t *nodes;
    size_t nnodes, nodes_cap;
    pyi_addrmap_t node_of;
    uint32_t *level, *next;
    size_t nlevel, nnext, level_cap, next_cap;
    pyi_addrmap_t in_level;
    uintptr_t lo, span;
    /* every reference found into a node: holder node -> held node */
    uint32_t *eholder, *eheld;
    size_t nedges, eholder_cap, eheld_cap;
    /* the holders of each node, from the edges (rebuilt after each level) */
    uint32_t *head, *holders;
    size_t head_cap, holders_cap;
    uint32_t *prev, *queue;     /* an upward search from one reference into the target */
    size_t prev_cap, queue_cap;
    cand_t *cands;
    size_t ncands, cands_cap;
    size_t hops;                /* references into the target (holders found at depth 1, frame slots) */
    size_t explained;           /* of them, those with a root found */
    size_t real;                /* roots found */
    /* the holder being traversed */
    PyObject *holder;
    PyObject *skip_a, *skip_b;
    uint32_t holder_node;
    int depth;              /* the level's depth */
    int nomem;
    Py_ssize_t passes, objects_searched;
    /* the answer */
    path_t *paths;
    size_t npaths;
    Py_ssize_t refcnt, found, unseen;
    int garbage, truncated;
    PyObject *thread_idents; /* built after the snapshot */
} alive_t;

/* ---- growable arrays --------------------------------------------------------------- */

static int
grow(void **arr, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap) {
        return 0;
    }
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > ((size_t)PY_SSIZE_T_MAX / 2) / item) {
            return -1;
        }
        n *= 2;
    }
    void *p = PyMem_RawRealloc(*arr, n * item);
    if (p == NULL) {
        return -1;
    }
    *arr = p;
    *cap = n;
    return 0;
}

#define GROW(a, arr, cap, need) grow((void **)&(a)->arr, &(a)->cap, (need), sizeof(*(a)->arr))

/* ---- running frames ---------------------------------------------------------------- */

static int
add_slot(alive_t *a, PyObject *value, PyObject *name, uint32_t frame, int kind, int vkind, int owns)
{
    int is_new;
    uint32_t first = NONE32;
    if (GROW(a, slots, slots_cap, a->nslots + 1) < 0) {
        return -1;
    }
    if (pyi_addrmap_put(&a->slot_of, value, (uint32_t)a->nslots, &is_new, &first) < 0) {
        return -1;
    }
    aslot_t *s = &a->slots[a->nslots];
    s->value = Py_NewRef(value);
    s->name = Py_XNewRef(name);
    s->frame = frame;
    s->kind = kind;
    s->vkind = vkind;
    s->owns = owns;
    s->next = NONE32;
    if (!is_new) {
        /* chain it after the slots already holding the same object */
        uint32_t i = first;
        while (a->slots[i].next != NONE32) {
            i = a->slots[i].next;
        }
        a->slots[i].next = (uint32_t)a->nslots;
    }
    a->nslots++;
    return 0;
}

static int
skip_holder(alive_t *a, PyObject *op)
{
    int is_new;
    return op == NULL ? 0 : pyi_addrmap_put(&a->skip, op, 0, &is_new, NULL);
}

static int
on_frame(const pyi_tframe_t *tf, void *arg)
{
    alive_t *a = (alive_t *)arg;
    /* its frame object (before 3.11 it traverses the slots) and its
     * generator (3.11+: the same slots) are not searched: the slots are
     * read here instead */
    if (skip_holder(a, tf->frame_obj) < 0 || skip_holder(a, tf->generator) < 0) {
        a->nomem = 1;
        return 1;
    }
    if (pyi_code_is_own(tf->code, pyi_own_prefix)) {
        return 0;  /* pyinspect's own frames (rule 5) */
    }
    if (GROW(a, frames, frames_cap, a->nframes + 1) < 0) {
        a->nomem = 1;
        return 1;
    }
    uint32_t fi = (uint32_t)a->nframes;
    aframe_t *f = &a->frames[a->nframes++];
    f->code = Py_NewRef(tf->code);
    f->thread_id = tf->thread_id;
    f->lineno = tf->lineno;
    f->current = tf->current_thread;
    for (Py_ssize_t i = 0; i < tf->nslots; i++) {
        PyObject *name = NULL, *value = NULL;
        int vkind = 0, owns = 0;
        if (pyi_iframe_slot(tf->iframe, i, &name, &vkind, &value, &owns) < 0) {
            break;
        }
        if (value == NULL) {
            continue;
        }
        int rc = add_slot(a, value, name, fi, SLOT_VAR, vkind, owns);
        Py_DECREF(value);  /* the frame holds it; the slot holds its own */
        if (rc < 0) {
            a->nomem = 1;
            return 1;
        }
    }
    /* a class body's or exec()'s namespace (a module's is its globals, named by the module) */
    if (tf->locals != NULL && tf->locals != tf->globals &&
        add_slot(a, tf->locals, NULL, fi, SLOT_LOCALS, 0, 0) < 0) {
        a->nomem = 1;
        return 1;
    }
    for (int k = 0; k < PYI_TFRAME_HELD; k++) {
        if (tf->held[k] != NULL && add_slot(a, tf->held[k], NULL, fi, SLOT_HELD, 0, 1) < 0) {
            a->nomem = 1;
            return 1;
        }
    }
    return 0;
}

/* ---- nodes and levels --------------------------------------------------------------- */

static int
new_node(alive_t *a, PyObject *op, int depth, uint32_t *index)
{
    int is_new;
    uint32_t old;
    if (a->nnodes >= NONE32 - 1 || GROW(a, nodes, nodes_cap, a->nnodes + 1) < 0) {
        return -1;
    }
    if (pyi_addrmap_put(&a->node_of, op, (uint32_t)a->nnodes, &is_new, &old) < 0) {
        return -1;
    }
    if (!is_new) {
        *index = old;
        return 0;
    }
    node_t *n = &a->nodes[a->nnodes];
    memset(n, 0, sizeof(*n));
    n->obj = op;
    n->depth = (uint16_t)depth;
    *index = (uint32_t)a->nnodes++;
    return 1;
}

static int
is_immortal(PyObject *op)
{
    /* immortal (3.12) or, on 3.11, statically allocated: never freed */
    return pyi_is_never_freed(op);
}

/* The holder being traversed refers to node `ni`. */
static int
hit(alive_t *a, uint32_t ni, PyObject *r)
{
    node_t *n = &a->nodes[ni];
    if (n->refs != UINT32_MAX) {
        n->refs++;
    }
    if (r == a->skip_a || r == a->skip_b) {
        return 0;  /* counted; not a way up */
    }
    if (a->holder_node == NONE32) {
        uint32_t hi;
        int rc = new_node(a, a->holder, a->depth + 1, &hi);
        if (rc < 0) {
            a->nomem = 1;
            return -1;
        }
        a->holder_node = hi;
        if (rc == 1) {
            PyObject *h = a->holder;
            if (PyModule_Check(h) || PyType_Check(h) || is_immortal(h)) {
                /* a root: its own holders are not searched */
                a->nodes[hi].root = (uint8_t)(PyModule_Check(h) ? ROOT_MODULE : PyType_Check(h) ? ROOT_CLASS
                                                                                     : ROOT_IMMORTAL);
            }
            else {
                if (GROW(a, next, next_cap, a->nnext + 1) < 0) {
                    a->nomem = 1;
                    return -1;
                }
                a->next[a->nnext++] = hi;
            }
        }
    }
    uint32_t hi = a->holder_node;
    if (hi == 0 || (a->nedges > 0 && a->eholder[a->nedges - 1] == hi && a->eheld[a->nedges - 1] == ni)) {
        return 0;  /* the target itself, or the same reference again */
    }
    if (GROW(a, eholder, eholder_cap, a->nedges + 1) < 0 || GROW(a, eheld, eheld_cap, a->nedges + 1) < 0) {
        a->nomem = 1;
        return -1;
    }
    a->eholder[a->nedges] = hi;
    a->eheld[a->nedges] = ni;
    a->nedges++;
    return 0;
}

static int
visit_pass(PyObject *r, void *arg)
{
    alive_t *a = (alive_t *)arg;
    if ((uintptr_t)r - a->lo > a->span) {
        return 0;
    }
    int64_t ni = pyi_addrmap_get(&a->in_level, r);
    if (ni < 0) {
        return 0;
    }
    return hit(a, (uint32_t)ni, r);
}

/* Search one holder. */
static int
search(alive_t *a, PyObject *op, int listed)
{
    PyTypeObject *tp = Py_TYPE(op);
    traverseproc traverse = tp->tp_traverse;
    if (listed && (uintptr_t)op - a->lo <= a->span) {
        int64_t self = pyi_addrmap_get(&a->in_level, op);
        if (self >= 0) {
            a->nodes[self].in_list = 1;
        }
    }
    if (!listed && a->ndarray != NULL) {
        PyObject *base = pyi_ndarray_base(op, a->ndarray);
        if (base != NULL) {
            /* an array kept as an extra: its one reference the collector cannot see */
            a->holder = op;
            a->holder_node = NONE32;
            a->skip_a = a->skip_b = NULL;
            return visit_pass(base, a);
        }
    }
    if (traverse == NULL || !PyObject_IS_GC(op)) {
        return 0;
    }
    if ((tp == &PyFrame_Type || PyGen_CheckExact(op) || PyCoro_CheckExact(op) || PyAsyncGen_CheckExact(op)) &&
        pyi_addrmap_get(&a->skip, op) >= 0) {
        return 0;
    }
    a->holder = op;
    a->holder_node = NONE32;
    a->skip_a = a->skip_b = NULL;
    if (tp == &PyFunction_Type) {
        a->skip_a = ((PyFunctionObject *)op)->func_globals;
        a->skip_b = pyi_func_builtins((PyFunctionObject *)op);
    }
    int rc;
    Py_BEGIN_CRITICAL_SECTION(op);
    rc = traverse(op, visit_pass, a);
    if (rc == 0 && a->keys_mode && PYI_ANYDICT_CHECK(op)) {
        rc = pyi_dict_visit_untraversed_keys(op, visit_pass, a);
    }
    Py_END_CRITICAL_SECTION();
    return rc;
}

/* ---- untracked containers ---------------------------------------------------------- */

static int
visit_extra(PyObject *r, void *arg)
{
    alive_t *a = (alive_t *)arg;
    if (r == NULL || pyi_is_dead(r)) {
        return 0;
    }
    int array = a->ndarray != NULL && PyObject_TypeCheck(r, (PyTypeObject *)a->ndarray);
    if (!array && (!PyObject_IS_GC(r) || PyObject_GC_IsTracked(r) || Py_TYPE(r)->tp_traverse == NULL)) {
        return 0;
    }
    int is_new;
    if (pyi_addrmap_put(&a->extra_set, r, 0, &is_new, NULL) < 0 ||
        (is_new && GROW(a, extra, extra_cap, a->nextra + 1) < 0)) {
        a->nomem = 1;
        return -1;
    }
    if (is_new) {
        /* inside the holder's critical section: its reference keeps r alive */
        a->extra[a->nextra++] = Py_NewRef(r);
    }
    return 0;
}

static int
collect_extras(alive_t *a)
{
    a->extras_done = 1;
    for (Py_ssize_t i = 0; i < a->heap.n; i++) {
        PyObject *op = a->heap.items[i];
        Py_BEGIN_CRITICAL_SECTION(op);
        (void)Py_TYPE(op)->tp_traverse(op, visit_extra, a);
        Py_END_CRITICAL_SECTION();
        if (a->nomem) {
            return -1;
        }
    }
    for (size_t s = 0; s < a->nslots; s++) {
        (void)visit_extra(a->slots[s].value, a);
    }
    /* the containers found, and the ones inside them (an array's base) */
    for (size_t i = 0; i < a->nextra && !a->nomem; i++) {
        PyObject *op = a->extra[i];
        PyObject *base = pyi_ndarray_base(op, a->ndarray);
        if (base != NULL) {
            (void)visit_extra(base, a);
            continue;
        }
        if (!PyObject_IS_GC(op) || Py_TYPE(op)->tp_traverse == NULL) {
            continue;
        }
        Py_BEGIN_CRITICAL_SECTION(op);
        (void)Py_TYPE(op)->tp_traverse(op, visit_extra, a);
        Py_END_CRITICAL_SECTION();
    }
    return a->nomem ? -1 : 0;
}

/* Whether an object may be held by a container the collector untracked. */
static int
untracked_ok(PyObject *op)
{
    /* (numpy arrays are not GC objects: a view holding one is found among the extras) */
    return !PyObject_IS_GC(op) || !PyObject_GC_IsTracked(op);
}

/* ---- one level ----------------------------------------------------------------------- */

static int
set_level(alive_t *a)
{
    pyi_addrmap_clear(&a->in_level);
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    int need_untracked = 0;
    for (size_t i = 0; i < a->nlevel; i++) {
        PyObject *op = a->nodes[a->level[i]].obj;
        int is_new;
        if (pyi_addrmap_put(&a->in_level, op, a->level[i], &is_new, NULL) < 0) {
            return -1;
        }
        uintptr_t p = (uintptr_t)op;
        lo = p < lo ? p : lo;
        hi = p > hi ? p : hi;
        need_untracked |= untracked_ok(op);
    }
    a->lo = lo;
    a->span = a->nlevel ? hi - lo : 0;
    if (a->nlevel == 0) {
        a->lo = UINTPTR_MAX;
    }
    a->keys_mode = need_untracked;
    if (need_untracked && !a->extras_done) {
        return collect_extras(a);
    }
    return 0;
}

/* References held by pyinspect itself (the list, the frame slots, the
 * untracked containers, this call). */
/* The slot after s holding the same object, or -1. */
static inline int64_t
next_slot(const alive_t *a, int64_t s)
{
    return a->slots[s].next == NONE32 ? -1 : (int64_t)a->slots[s].next;
}

static Py_ssize_t
own_refs(alive_t *a, uint32_t ni)
{
    node_t *n = &a->nodes[ni];
    Py_ssize_t own = n->in_list;
    for (int64_t s = pyi_addrmap_get(&a->slot_of, n->obj); s >= 0; s = next_slot(a, s)) {
        own++;  /* each slot copied holds a reference */
    }
    if (pyi_addrmap_get(&a->extra_set, n->obj) >= 0) {
        own++;
    }
    if (ni == 0) {
        own += 1 + a->transient;
    }
    return own;
}

/* References to node ni that running frames own. */
static Py_ssize_t
frame_refs(alive_t *a, uint32_t ni)
{
    Py_ssize_t found = 0;
    for (int64_t s = pyi_addrmap_get(&a->slot_of, a->nodes[ni].obj); s >= 0; s = next_slot(a, s)) {
        found += a->slots[s].owns;
    }
    return found;
}

/* After a level's pass: the references nobody visible holds, per node (the
 * pass told which nodes are in the list). */
static void
close_level(alive_t *a)
{
    for (size_t i = 0; i < a->nlevel; i++) {
        uint32_t ni = a->level[i];
        node_t *n = &a->nodes[ni];
        Py_ssize_t found = (Py_ssize_t)n->refs + frame_refs(a, ni);
        if (ni == 0) {
            a->found = found;
            if (!is_immortal(n->obj)) {
                a->refcnt = Py_REFCNT(n->obj) - own_refs(a, 0);
                a->unseen = a->refcnt - found;
                if (a->unseen < 0 || pyi_refcnt_deferred(n->obj)) {
                    a->unseen = pyi_refcnt_deferred(n->obj) ? -1 : 0;
                }
            }
            continue;
        }
        if (!pyi_refcnt_deferred(n->obj)) {
            n->unseen = Py_REFCNT(n->obj) - own_refs(a, ni) - found;
        }
    }
}

static int
pass(alive_t *a)
{
    a->nnext = 0;
    a->passes++;
    PyObject **items = a->heap.items;
    Py_ssize_t n = a->heap.n;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n) {
            /* the objects are scattered: start loading the header of one a
             * few places ahead while this one is searched */
            PYI_PREFETCH(items[i + PREFETCH_AHEAD], 0);
        }
        if (search(a, items[i], 1) != 0 || a->nomem) {
            return -1;
        }
    }
    for (size_t i = 0; i < a->nextra; i++) {
        if (search(a, a->extra[i], 0) != 0 || a->nomem) {
            return -1;
        }
    }
    a->objects_searched = a->heap.n + (Py_ssize_t)a->nextra;
    return 0;
}

/* ---- which paths ------------------------------------------------------------------- */

/* The nodes' holders as arrays (counting sort of the edges by held node). */
static int
index_holders(alive_t *a)
{
    size_t n = a->nnodes;
    if (GROW(a, head, head_cap, n + 1) < 0 || GROW(a, holders, holders_cap, a->nedges + 1) < 0 ||
        GROW(a, prev, prev_cap, n) < 0 || GROW(a, queue, queue_cap, n + 1) < 0) {
        return -1;
    }
    memset(a->head, 0, (n + 1) * sizeof(uint32_t));
    for (size_t e = 0; e < a->nedges; e++) {
        a->head[a->eheld[e] + 1]++;
    }
    for (size_t i = 0; i < n; i++) {
        a->head[i + 1] += a->head[i];
    }
    /* fill from the back of each range, keeping the edges' order */
    uint32_t *fill = a->queue;  /* scratch: the next free place of each range */
    memcpy(fill, a->head, n * sizeof(uint32_t));
    for (size_t e = 0; e < a->nedges; e++) {
        a->holders[fill[a->eheld[e]]++] = a->eholder[e];
    }
    for (size_t i = 0; i < n; i++) {
        a->prev[i] = NONE32;
    }
    return 0;
}

static void
cand_free(cand_t *c)
{
    PyMem_RawFree(c->nodes);
    c->nodes = NULL;
}

static void
cands_clear(alive_t *a)
{
    for (size_t i = 0; i < a->ncands; i++) {
        cand_free(&a->cands[i]);
    }
    a->ncands = 0;
}

/* A candidate from node u up the search's prev links to the reference
 * `first`, then the target. */
static int
add_cand(alive_t *a, int kind, uint32_t u, uint32_t slot, uint32_t first, Py_ssize_t unseen)
{
    uint32_t n = 1;
    for (uint32_t v = u; v != 0; v = a->prev[v]) {
        n++;
        if (a->prev[v] == v) {
            break;  /* the reference into the target: its next is the target */
        }
    }
    if (u == 0) {
        n = 1;
    }
    if (GROW(a, cands, cands_cap, a->ncands + 1) < 0) {
        return -1;
    }
    uint32_t *nodes = (uint32_t *)PyMem_RawMalloc(n * sizeof(uint32_t));
    if (nodes == NULL) {
        return -1;
    }
    uint32_t k = 0;
    if (u != 0) {
        for (uint32_t v = u;; v = a->prev[v]) {
            nodes[k++] = v;
            if (a->prev[v] == v) {
                break;
            }
        }
    }
    nodes[k++] = 0;
    cand_t *c = &a->cands[a->ncands];
    c->nodes = nodes;
    c->n = k;
    c->slot = slot;
    c->first = first;
    c->order = (uint32_t)a->ncands;
    c->kind = (uint8_t)kind;
    c->unseen = unseen;
    a->ncands++;
    return 0;
}

/* Frame slots holding node u become candidates; how many. */
static Py_ssize_t
frame_cands(alive_t *a, uint32_t u, uint32_t first)
{
    Py_ssize_t found = 0;
    for (int64_t s = pyi_addrmap_get(&a->slot_of, a->nodes[u].obj); s >= 0; s = next_slot(a, s)) {
        if (a->slots[s].kind == SLOT_HELD) {
            continue;
        }
        if (add_cand(a, ROOT_FRAME, u, (uint32_t)s, first, 0) < 0) {
            return -1;
        }
        found++;
    }
    return found;
}

/* Up from one reference into the target (node f, at depth 1), breadth
 * first through the holders found: the nearest roots, up to max_paths of
 * them, and the nearest object with unseen references in case none is
 * found.  Returns the number of roots, or -1. */
static Py_ssize_t
search_up(alive_t *a, uint32_t f)
{
    size_t qh = 0, qt = 0;
    Py_ssize_t roots = 0;
    uint32_t unseen = NONE32;
    a->prev[f] = f;
    a->queue[qt++] = f;
    while (qh < qt && roots < a->max_paths) {
        uint32_t u = a->queue[qh++];
        node_t *n = &a->nodes[u];
        if (n->root) {
            if (add_cand(a, n->root, u, NONE32, f, 0) < 0) {
                roots = -1;
                break;
            }
            roots++;
            continue;
        }
        Py_ssize_t fr = frame_cands(a, u, f);
        if (fr < 0) {
            roots = -1;
            break;
        }
        roots += fr;
        if (n->unseen > 0 && unseen == NONE32) {
            unseen = u;
        }
        for (uint32_t e = a->head[u]; e < a->head[u + 1]; e++) {
            uint32_t h = a->holders[e];
            if (h != 0 && a->prev[h] == NONE32) {
                a->prev[h] = u;
                a->queue[qt++] = h;
            }
        }
    }
    if (roots == 0 && unseen != NONE32 && add_cand(a, ROOT_UNSEEN, unseen, NONE32, f, a->nodes[unseen].unseen) < 0) {
        roots = -1;
    }
    /* reset what this search touched (the candidates copied their nodes) */
    for (size_t i = 0; i < qt; i++) {
        a->prev[a->queue[i]] = NONE32;
    }
    return roots;
}

/* Candidates for every reference into the target (frame slots holding it,
 * holders found at depth 1), stopping once max_paths references have a
 * root.  Sets hops, explained and real. */
static int
find_paths(alive_t *a)
{
    cands_clear(a);
    a->hops = a->explained = a->real = 0;
    if (index_holders(a) < 0) {
        return -1;
    }
    for (int64_t s = pyi_addrmap_get(&a->slot_of, a->target); s >= 0; s = next_slot(a, s)) {
        if (a->slots[s].kind == SLOT_HELD) {
            continue;
        }
        a->hops++;
        if (add_cand(a, ROOT_FRAME, 0, (uint32_t)s, NONE32 - 1 - (uint32_t)s, 0) < 0) {
            return -1;
        }
        a->explained++;
        a->real++;
    }
    for (size_t f = 1; f < a->nnodes; f++) {
        if (a->nodes[f].depth != 1) {
            continue;
        }
        a->hops++;
        if (a->explained >= (size_t)a->max_paths) {
            continue;  /* enough references have their roots: only count the rest */
        }
        Py_ssize_t roots = search_up(a, (uint32_t)f);
        if (roots < 0) {
            return -1;
        }
        a->explained += roots > 0;
        a->real += (size_t)roots;
    }
    return 0;
}

/* Every reference into the target (up to max_paths of them) has a root,
 * and max_paths roots are known. */
static int
done(alive_t *a)
{
    size_t want = a->hops < (size_t)a->max_paths ? a->hops : (size_t)a->max_paths;
    return a->explained >= want && a->real >= (size_t)a->max_paths;
}

static int
is_real(const cand_t *c)
{
    return c->kind == ROOT_MODULE || c->kind == ROOT_CLASS || c->kind == ROOT_FRAME || c->kind == ROOT_IMMORTAL;
}

static int
kind_rank(int kind)
{
    switch (kind) {
    case ROOT_MODULE: return 0;
    case ROOT_CLASS: return 1;
    case ROOT_FRAME: return 2;
    case ROOT_IMMORTAL: return 3;
    default: return 4;
    }
}

static int
cand_cmp(const void *x, const void *y)
{
    const cand_t *p = (const cand_t *)x, *q = (const cand_t *)y;
    int rp = !is_real(p), rq = !is_real(q);
    if (rp != rq) {
        return rp - rq;
    }
    if (p->n != q->n) {
        return p->n < q->n ? -1 : 1;
    }
    if (kind_rank(p->kind) != kind_rank(q->kind)) {
        return kind_rank(p->kind) - kind_rank(q->kind);
    }
    return p->order < q->order ? -1 : p->order > q->order;
}

static int
seen_first(const uint32_t *firsts, size_t n, uint32_t f)
{
    for (size_t i = 0; i < n; i++) {
        if (firsts[i] == f) {
            return 1;
        }
    }
    return 0;
}

/* The chosen candidates (moved out of a->cands), shortest first: each
 * reference into the target with its nearest root first, then the other
 * roots, then an object with unseen references for each reference that
 * reaches no root. */
static int
choose(alive_t *a, cand_t **chosen, size_t *nchosen)
{
    *nchosen = 0;
    *chosen = NULL;
    if (a->ncands == 0) {
        return 0;
    }
    qsort(a->cands, a->ncands, sizeof(cand_t), cand_cmp);
    size_t m = (size_t)a->max_paths;
    cand_t *out = (cand_t *)PyMem_RawCalloc(m, sizeof(cand_t));
    uint8_t *used = (uint8_t *)PyMem_RawCalloc(a->ncands, 1);
    uint32_t *firsts = (uint32_t *)PyMem_RawCalloc(m, sizeof(uint32_t));
    if (out == NULL || used == NULL || firsts == NULL) {
        PyMem_RawFree(out);
        PyMem_RawFree(used);
        PyMem_RawFree(firsts);
        return -1;
    }
    size_t n = 0, nf = 0;
    for (int round = 0; round < 3 && n < m; round++) {
        for (size_t i = 0; i < a->ncands && n < m; i++) {
            cand_t *c = &a->cands[i];
            if (used[i]) {
                continue;
            }
            int fresh = !seen_first(firsts, nf, c->first);
            if ((round == 0 && is_real(c) && fresh) || (round == 1 && is_real(c)) ||
                (round == 2 && !is_real(c) && fresh)) {
                used[i] = 1;
                out[n++] = *c;
                c->nodes = NULL;  /* moved */
                if (fresh && nf < m) {
                    firsts[nf++] = c->first;
                }
            }
        }
    }
    PyMem_RawFree(used);
    PyMem_RawFree(firsts);
    qsort(out, n, sizeof(cand_t), cand_cmp);
    *chosen = out;
    *nchosen = n;
    return 0;
}

/* ---- copying the paths --------------------------------------------------------------- */

static int
snapshot_path(alive_t *a, const cand_t *c, path_t *p)
{
    memset(p, 0, sizeof(*p));
    p->kind = c->kind;
    p->frame = p->slot = NONE32;
    p->unseen = c->unseen;
    node_t *start = &a->nodes[c->nodes[0]];
    p->root = Py_NewRef(start->obj);
    p->root_type = Py_NewRef((PyObject *)Py_TYPE(start->obj));
    if (c->kind == ROOT_FRAME) {
        aslot_t *s = &a->slots[c->slot];
        p->slot = c->slot;
        p->frame = s->frame;
        p->name = Py_XNewRef(s->name);
    }
    else if (c->kind == ROOT_MODULE) {
        /* read by comparing exact str keys by their text: no __eq__ runs */
        p->name = pyi_dict_find_str(PyModule_GetDict(start->obj), "__name__");
    }
    if (c->n < 2) {
        return 0;
    }
    p->steps = (step_t *)PyMem_RawCalloc(c->n - 1, sizeof(step_t));
    if (p->steps == NULL) {
        return -1;
    }
    for (uint32_t k = 0; k + 1 < c->n; k++) {
        PyObject *h = a->nodes[c->nodes[k]].obj;
        PyObject *t = a->nodes[c->nodes[k + 1]].obj;
        step_t *st = &p->steps[p->nsteps++];
        st->holder = Py_NewRef(h);
        st->target = Py_NewRef(t);
        st->holder_type = Py_NewRef((PyObject *)Py_TYPE(h));
        if (pyi_alive_edge(h, t, a->ndarray, &st->edge) < 0) {
            return -1;
        }
    }
    return 0;
}

static void
path_release(path_t *p)
{
    for (size_t i = 0; i < p->nsteps; i++) {
        step_t *st = &p->steps[i];
        pyi_edge_release(&st->edge);
        Py_CLEAR(st->holder);
        Py_CLEAR(st->target);
        Py_CLEAR(st->holder_type);
    }
    PyMem_RawFree(p->steps);
    p->steps = NULL;
    p->nsteps = 0;
    Py_CLEAR(p->root);
    Py_CLEAR(p->root_type);
    Py_CLEAR(p->name);
}

/* ---- the result ---------------------------------------------------------------------- */

static PyObject *
edge_value(const pyi_edge_t *e)
{
    switch (e->kind) {
    case PYI_EDGE_INDEX:
    case PYI_EDGE_DICT_KEY:
    case PYI_EDGE_SET_ITEM:
        return PyLong_FromSsize_t(e->index);
    case PYI_EDGE_FIELD:
        return PyUnicode_FromString(e->field);
    case PYI_EDGE_ATTR:
    case PYI_EDGE_LOCAL:
        return Py_NewRef(e->obj != NULL ? e->obj : Py_None);
    case PYI_EDGE_KEY: {
        /* builtin scalars go as (key,) (their text comes from their own
         * layout); any other key as (type label, address) */
        PyObject *k = e->obj;
        if (k == NULL) {
            Py_RETURN_NONE;
        }
        if (k == Py_None || PyBool_Check(k) || PyLong_CheckExact(k) || PyFloat_CheckExact(k) ||
            PyUnicode_CheckExact(k) || PyBytes_CheckExact(k) || PyTuple_CheckExact(k)) {
            return PyTuple_Pack(1, k);  /* (key,) */
        }
        PyTypeObject *tp = (PyTypeObject *)Py_NewRef((PyObject *)Py_TYPE(k));
        PyObject *label = pyi_type_label(tp);
        Py_DECREF(tp);
        if (label == NULL) {
            return NULL;
        }
        return Py_BuildValue("(NN)", label, PyLong_FromVoidPtr(k));
    }
    default:
        Py_RETURN_NONE;
    }
}

/* The free variable names of a code object (for "cell 'x' of f"). */
static PyObject *
freevar_names(PyObject *code)
{
    if (code == NULL || !PyCode_Check(code)) {
        Py_RETURN_NONE;
    }
    pyi_code_t c;
    pyi_code_read((PyCodeObject *)code, &c);
    if (c.freevars != NULL) {
        return Py_NewRef(c.freevars);
    }
    if (c.localsplusnames != NULL && PyTuple_Check(c.localsplusnames) && c.nlocalsplus >= c.nfreevars &&
        PyTuple_GET_SIZE(c.localsplusnames) == c.nlocalsplus) {
        /* 3.11+: the free variables are the last co_nfreevars names */
        return PyTuple_GetSlice(c.localsplusnames, c.nlocalsplus - c.nfreevars, c.nlocalsplus);
    }
    Py_RETURN_NONE;
}

static PyObject *
step_tuple(const step_t *st)
{
    PyObject *label = pyi_type_label((PyTypeObject *)st->holder_type);
    if (label == NULL) {
        return NULL;
    }
    PyObject *extra = Py_NewRef(Py_None);
    if (st->edge.kind == PYI_EDGE_FIELD && st->edge.code != NULL) {
        Py_DECREF(extra);
        PyObject *names = freevar_names(st->edge.code);
        extra = names == NULL ? NULL : Py_BuildValue("(NO)", names, st->edge.qualname ? st->edge.qualname : Py_None);
        if (extra == NULL) {
            Py_DECREF(label);
            return NULL;
        }
    }
    else if (st->edge.kind == PYI_EDGE_LOCAL) {
        /* which kind of frame owns the variable, for the label */
        Py_DECREF(extra);
        extra = PyUnicode_FromString(PyFrame_Check(st->holder) ? "frame"
                                     : PyCoro_CheckExact(st->holder) ? "coroutine"
                                     : PyAsyncGen_CheckExact(st->holder) ? "async_generator" : "generator");
        if (extra == NULL) {
            Py_DECREF(label);
            return NULL;
        }
    }
    return Py_BuildValue("(NNNsNNN)", PyLong_FromVoidPtr(st->holder), label, PyLong_FromVoidPtr(st->target),
                         pyi_edge_kind_names[st->edge.kind], edge_value(&st->edge), extra,
                         PyLong_FromLong(PyModule_Check(st->holder) ? 1 : PyType_Check(st->holder) ? 2 : 0));
}

static PyObject *
frame_tuple(alive_t *a, uint32_t fi)
{
    aframe_t *f = &a->frames[fi];
    pyi_code_t c;
    pyi_code_read((PyCodeObject *)f->code, &c);
    PyObject *qualname = c.qualname != NULL ? c.qualname : c.name;
    return Py_BuildValue("(OOikO)", qualname ? qualname : Py_None, c.filename ? c.filename : Py_None,
                         f->lineno, f->thread_id, f->current ? Py_True : Py_False);
}

static PyObject *
path_tuple(alive_t *a, const path_t *p)
{
    PyObject *steps = PyList_New(0);
    PyObject *root_label = NULL;
    PyObject *frame = NULL;
    PyObject *out = NULL;
    if (steps == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < p->nsteps; i++) {
        PyObject *t = step_tuple(&p->steps[i]);
        if (t == NULL || PyList_Append(steps, t) < 0) {
            Py_XDECREF(t);
            goto cleanup;
        }
        Py_DECREF(t);
    }
    if (p->kind == ROOT_CLASS) {
        root_label = pyi_type_label((PyTypeObject *)p->root);
    }
    else {
        root_label = pyi_type_label((PyTypeObject *)p->root_type);
    }
    if (root_label == NULL) {
        goto cleanup;
    }
    if (p->kind == ROOT_FRAME) {
        frame = frame_tuple(a, p->frame);
        if (frame == NULL) {
            goto cleanup;
        }
    }
    else {
        frame = Py_NewRef(Py_None);
    }
    const char *slot_kind = "";
    if (p->kind == ROOT_FRAME) {
        aslot_t *s = &a->slots[p->slot];
        slot_kind = s->kind == SLOT_LOCALS ? "locals"
                    : (s->vkind & PYI_SLOT_CELL) ? "cell"
                    : (s->vkind & PYI_SLOT_FREE) ? "free" : "local";
    }
    out = Py_BuildValue("{s:s,s:N,s:O,s:O,s:O,s:s,s:n,s:O}", "kind", root_names[p->kind],
                        "address", PyLong_FromVoidPtr(p->root), "name", p->name ? p->name : Py_None,
                        "type", root_label, "frame", frame, "slot_kind", slot_kind, "unseen", p->unseen,
                        "steps", steps);
cleanup:
    Py_XDECREF(root_label);
    Py_XDECREF(frame);
    Py_DECREF(steps);
    return out;
}

static PyObject *
result(alive_t *a, int immortal, int tracked)
{
    PyObject *paths = PyList_New(0);
    PyObject *out = NULL;
    if (paths == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < a->npaths; i++) {
        PyObject *t = path_tuple(a, &a->paths[i]);
        if (t == NULL || PyList_Append(paths, t) < 0) {
            Py_XDECREF(t);
            goto cleanup;
        }
        Py_DECREF(t);
    }
    size_t referrers = 0;
    for (size_t i = 1; i < a->nnodes; i++) {
        referrers += a->nodes[i].depth == 1;
    }
    Py_ssize_t frame_refs_to_target = 0;
    for (int64_t s = pyi_addrmap_get(&a->slot_of, a->target); s >= 0; s = next_slot(a, s)) {
        frame_refs_to_target += a->slots[s].owns;
    }
    out = Py_BuildValue("{s:N,s:N,s:n,s:n,s:n,s:n,s:n,s:O,s:O,s:O,s:O,s:n,s:n,s:n,s:n,s:n}",
                        "paths", Py_NewRef(paths), "type", pyi_type_label((PyTypeObject *)a->target_type), "refcnt", a->refcnt, "found", a->found, "unseen", a->unseen,
                        "referrers", (Py_ssize_t)referrers, "frame_refs", frame_refs_to_target,
                        "immortal", immortal ? Py_True : Py_False, "tracked", tracked ? Py_True : Py_False,
                        "garbage", a->garbage ? Py_True : Py_False, "truncated", a->truncated ? Py_True : Py_False,
                        "passes", a->passes, "objects", a->objects_searched, "nodes", (Py_ssize_t)a->nnodes,
                        "frozen", a->heap.frozen, "untracked_searched", (Py_ssize_t)a->nextra);
cleanup:
    Py_DECREF(paths);
    return out;
}

static void
alive_release(alive_t *a)
{
    for (size_t i = 0; i < a->npaths; i++) {
        path_release(&a->paths[i]);
    }
    PyMem_RawFree(a->paths);
    a->paths = NULL;
    a->npaths = 0;
    for (size_t i = 0; i < a->nslots; i++) {
        Py_CLEAR(a->slots[i].value);
        Py_CLEAR(a->slots[i].name);
    }
    PyMem_RawFree(a->slots);
    a->slots = NULL;
    a->nslots = 0;
    for (size_t i = 0; i < a->nframes; i++) {
        Py_CLEAR(a->frames[i].code);
    }
    PyMem_RawFree(a->frames);
    a->frames = NULL;
    a->nframes = 0;
    for (size_t i = 0; i < a->nextra; i++) {
        Py_CLEAR(a->extra[i]);
    }
    PyMem_RawFree(a->extra);
    a->extra = NULL;
    a->nextra = 0;
    PyMem_RawFree(a->nodes);
    PyMem_RawFree(a->level);
    PyMem_RawFree(a->next);
    cands_clear(a);
    PyMem_RawFree(a->cands);
    PyMem_RawFree(a->eholder);
    PyMem_RawFree(a->eheld);
    PyMem_RawFree(a->head);
    PyMem_RawFree(a->holders);
    PyMem_RawFree(a->prev);
    PyMem_RawFree(a->queue);
    a->eholder = a->eheld = a->head = a->holders = a->prev = a->queue = NULL;
    a->nodes = NULL;
    a->level = a->next = NULL;
    a->cands = NULL;
    pyi_addrmap_free(&a->extra_set);
    pyi_addrmap_free(&a->skip);
    pyi_addrmap_free(&a->slot_of);
    pyi_addrmap_free(&a->node_of);
    pyi_addrmap_free(&a->in_level);
    pyi_heap_release(&a->heap);
    Py_CLEAR(a->target);
    Py_CLEAR(a->target_type);
    Py_CLEAR(a->ndarray);
}

/* ---- the search ------------------------------------------------------------------------ */

static int
run_search(alive_t *a)
{
    uint32_t zero;
    if (new_node(a, a->target, 0, &zero) < 0 || GROW(a, level, level_cap, 1) < 0) {
        return -1;
    }
    a->level[0] = 0;
    a->nlevel = 1;
    a->depth = 0;
    for (;;) {
        if (set_level(a) < 0 || pass(a) < 0) {
            return -1;
        }
        close_level(a);
        if (find_paths(a) < 0) {
            return -1;
        }
        /* the next level */
        uint32_t *t = a->level;
        size_t tc = a->level_cap;
        a->level = a->next;
        a->level_cap = a->next_cap;
        a->nlevel = a->nnext;
        a->next = t;
        a->next_cap = tc;
        a->nnext = 0;
        a->depth++;
        if (a->nlevel == 0) {
            break;
        }
        if (done(a)) {
            break;
        }
        if (a->depth >= a->max_depth) {
            a->truncated = 1;
            break;
        }
    }
    return 0;
}

/* why_alive(obj, max_paths, max_depth) -> dict.  obj comes first and as a
 * plain positional argument from the public entry point (rule 5). */
static PyObject *
why_alive(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    alive_t a;
    PyObject *out = NULL;
    cand_t *chosen = NULL;
    size_t nchosen = 0;
    memset(&a, 0, sizeof(a));
    if (pyi_check_nargs("why_alive", nargs, 3, 3) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    if (!PyLong_CheckExact(args[1]) || !PyLong_CheckExact(args[2])) {
        PyErr_SetString(PyExc_TypeError, "why_alive(): max_paths and max_depth must be ints");
        return NULL;
    }
    long max_paths = PyLong_AsLong(args[1]);
    long max_depth = PyLong_AsLong(args[2]);
    if ((max_paths == -1 || max_depth == -1) && PyErr_Occurred()) {
        return NULL;
    }
    if (max_paths < 1 || max_paths > 1000 || max_depth < 1 || max_depth > MAX_DEPTH_LIMIT) {
        PyErr_SetString(PyExc_ValueError, "why_alive(): max_paths must be in [1, 1000] and max_depth in [1, 1000]");
        return NULL;
    }
    a.max_paths = (int)max_paths;
    a.max_depth = (int)max_depth;
    /* may run code: before the snapshot */
    a.ndarray = pyi_numpy_ndarray_type();
    if (pyi_heap_take(&a.heap) < 0) {
        Py_CLEAR(a.ndarray);
        return NULL;
    }
    /* ---- snapshot: nothing below runs Python code until the result is built ---- */
    int immortal = is_immortal(obj);
    int tracked = PyObject_IS_GC(obj) && PyObject_GC_IsTracked(obj);
    a.transient = immortal ? 0 : pyi_transient_refs(obj, args, nargs, pyi_own_prefix);
    a.target = Py_NewRef(obj);
    a.target_type = Py_NewRef((PyObject *)Py_TYPE(obj));
    if (pyi_addrmap_init(&a.node_of, 1024) < 0 || pyi_addrmap_init(&a.in_level, 16) < 0 ||
        pyi_addrmap_init(&a.slot_of, 256) < 0 || pyi_addrmap_init(&a.skip, 64) < 0 ||
        pyi_addrmap_init(&a.extra_set, 16) < 0) {
        a.nomem = 1;
        goto snapshot_end;
    }
    if (pyi_thread_frames(on_frame, &a) != 0 || a.nomem) {
        a.nomem = 1;
        goto snapshot_end;
    }
    if (immortal) {
        a.refcnt = -1;
        a.unseen = -1;
        goto snapshot_end;
    }
    if (run_search(&a) < 0) {
        goto snapshot_end;
    }
    a.garbage = a.ncands == 0 && a.nlevel == 0 && a.unseen <= 0;
    if (choose(&a, &chosen, &nchosen) < 0) {
        a.nomem = 1;
        goto snapshot_end;
    }
    a.paths = (path_t *)PyMem_RawCalloc(nchosen ? nchosen : 1, sizeof(path_t));
    if (a.paths == NULL) {
        a.nomem = 1;
        goto snapshot_end;
    }
    for (size_t i = 0; i < nchosen; i++) {
        a.npaths++;
        if (snapshot_path(&a, &chosen[i], &a.paths[i]) < 0) {
            a.nomem = 1;
            break;
        }
    }
snapshot_end:
    for (size_t i = 0; i < nchosen; i++) {
        cand_free(&chosen[i]);
    }
    PyMem_RawFree(chosen);
    /* ---- build (may run code: only held references are used) ---- */
    if (a.nomem) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
    }
    else if (!PyErr_Occurred()) {
        out = result(&a, immortal, tracked);
    }
    alive_release(&a);
    return out;
}

/* ---- an attribute read without code, for thread names ------------------------------- */

/* attr_by_name(obj, name) -> (found, value): the instance attribute `name`
 * (an ASCII str) read from the object's __dict__ or inline values by
 * comparing exact str keys by their text.  No descriptor, __getattr__ or
 * __eq__ runs. */
static PyObject *
attr_by_name(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (pyi_check_nargs("attr_by_name", nargs, 2, 2) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    PyObject *name = args[1];
    if (!PyUnicode_CheckExact(name) || !PyUnicode_IS_ASCII(name)) {
        PyErr_SetString(PyExc_TypeError, "attr_by_name(): name must be an ASCII str");
        return NULL;
    }
    const char *text = PyUnicode_AsUTF8(name);
    if (text == NULL) {
        return NULL;
    }
    PyObject *found = NULL;
    pyi_instance_t in;
    PyObject *dict = NULL;
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_read_instance(obj, &in);
    dict = Py_XNewRef(in.dict);
    if (dict == NULL) {
        pyi_dict_t d;
        const char *why = NULL;
        if (pyi_instance_dict_locate(obj, &d, &why) == 1) {
            Py_ssize_t len = (Py_ssize_t)strlen(text);
            for (Py_ssize_t ix = 0; ix < d.nentries && found == NULL; ix++) {
                pyi_dict_entry_t e;
                pyi_dict_entry(&d, ix, &e);
                if (e.key != NULL && e.value != NULL && PyUnicode_CheckExact(e.key) &&
                    PyUnicode_IS_ASCII(e.key) && PyUnicode_GET_LENGTH(e.key) == len &&
                    memcmp(PyUnicode_DATA(e.key), text, (size_t)len) == 0) {
                    found = Py_NewRef(e.value);
                }
            }
        }
    }
    Py_END_CRITICAL_SECTION();
    if (dict != NULL) {
        found = pyi_dict_find_str(dict, text);
        Py_DECREF(dict);
    }
    if (found == NULL) {
        return Py_BuildValue("(OO)", Py_False, Py_None);
    }
    return Py_BuildValue("(ON)", Py_True, found);
}

PyMethodDef pyi_alive_methods[] = {
    {"why_alive", (PyCFunction)(void (*)(void))why_alive, METH_FASTCALL,
     "why_alive(obj, max_paths, max_depth) -> dict: the reference paths from roots to obj."},
    {"attr_by_name", (PyCFunction)(void (*)(void))attr_by_name, METH_FASTCALL,
     "attr_by_name(obj, name) -> (found, value): an instance attribute read without running code."},
    {NULL, NULL, 0, NULL},
};
