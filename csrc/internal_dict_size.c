/* internal_dict_size.c: flat size of a dict (its keys table and values),
 * mirroring dict.__sizeof__ (_PyDict_SizeOf) without calling it, and the dict
 * keys the deep walk must add to what dict's tp_traverse visits.
 *
 * _PyDict_SizeOf, 3.9-3.15:
 *
 *     res = _PyObject_SIZE(Py_TYPE(mp));
 *     if (split table)  res += <value slots> * sizeof(PyObject *);
 *     if (mp->ma_keys->dk_refcnt == 1)  res += _PyDict_KeysSize(mp->ma_keys);
 *
 * A split table's keys are shared with the type (ht_cached_keys) and counted
 * by type.__sizeof__; so are the empty keys (Py_EMPTY_KEYS, immortal refcount).
 * <value slots> is USABLE_FRACTION(dk_size) on 3.9/3.10 and
 * shared_keys_usable_size(keys) = dk_nentries + dk_usable from 3.11.
 *
 * Py_BUILD_CORE unit: reads structs, creates no Python objects.
 */
#include "internal_core.h"
#include "size.h"

/* dictobject.c: "Fractions around 1/2 to 2/3 seem to work well in practice" */
#define PYI_USABLE_FRACTION(n) (((n) << 1) / 3)

#if PYI_PY311
/* ---- 3.11+: internal/pycore_dict.h ----------------------------------------- */

static inline Py_ssize_t
keys_slots(PyDictKeysObject *keys)
{
    return (Py_ssize_t)1 << keys->dk_log2_size;
}

static inline Py_ssize_t
entry_size(PyDictKeysObject *keys)
{
    /* bpo-46845 (3.11): str-only tables store 16-byte PyDictUnicodeEntry */
    return keys->dk_kind == DICT_KEYS_GENERAL ? (Py_ssize_t)sizeof(PyDictKeyEntry)
                                              : (Py_ssize_t)sizeof(PyDictUnicodeEntry);
}

static inline const char *
keys_entries(PyDictKeysObject *keys)
{
    return (const char *)keys->dk_indices + ((size_t)1 << keys->dk_log2_index_bytes);
}

Py_ssize_t
pyi_dict_keys_size(PyDictKeysObject *keys)
{
    return (Py_ssize_t)sizeof(PyDictKeysObject)
        + ((Py_ssize_t)1 << keys->dk_log2_index_bytes)
        + PYI_USABLE_FRACTION(keys_slots(keys)) * entry_size(keys);
}

static inline Py_ssize_t
split_value_slots(PyDictKeysObject *keys)
{
#  if PYI_PY313
    return (Py_ssize_t)shared_keys_usable_size(keys);  /* pycore_dict.h (3.13+) */
#  else
    /* dictobject.c's shared_keys_usable_size (3.11/3.12) */
    return keys->dk_nentries + keys->dk_usable;
#  endif
}

static inline int
has_split_table(PyDictObject *mp)
{
    return mp->ma_values != NULL;  /* _PyDict_HasSplitTable */
}

void
pyi_dict_note_general_lookup(PyObject *dict_with_int_key)
{
    (void)dict_with_int_key;  /* 3.11+ tells tables apart by dk_kind */
}

static int
keys_untraversed(PyDictObject *mp)
{
    PyDictKeysObject *keys = mp->ma_keys;
    /* general tables: dict_traverse visits me_key itself;
     * split tables: the keys are the type's */
    return keys != NULL && !has_split_table(mp) && keys->dk_kind == DICT_KEYS_UNICODE;
}

int
pyi_dict_visit_untraversed_keys(PyObject *op, visitproc visit, void *arg)
{
    PyDictObject *mp = (PyDictObject *)op;
    PyDictKeysObject *keys = mp->ma_keys;
    if (!keys_untraversed(mp)) {
        /* general tables: dict_traverse visits me_key itself;
         * split tables: the keys are the type's */
        return 0;
    }
    const PyDictUnicodeEntry *ep = (const PyDictUnicodeEntry *)keys_entries(keys);
    Py_ssize_t n = keys->dk_nentries;
    Py_ssize_t cap = PYI_USABLE_FRACTION(keys_slots(keys));
    if (n > cap) {
        n = cap;  /* bounded by what the table allocated */
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (ep[i].me_value != NULL && ep[i].me_key != NULL) {
            int rc = visit(ep[i].me_key, arg);
            if (rc) {
                return rc;
            }
        }
    }
    return 0;
}

#else
/* ---- 3.9/3.10: the mirror in cpython/dictkeys_39.h -------------------------- */

static inline Py_ssize_t
keys_slots(PyDictKeysObject *keys)
{
    return keys->dk_size;
}

static inline Py_ssize_t
index_bytes(PyDictKeysObject *keys)
{
    /* DK_IXSIZE on 64-bit builds */
    Py_ssize_t s = keys->dk_size;
    return s <= 0xff ? 1 : s <= 0xffff ? 2 : s <= 0xffffffffLL ? 4 : 8;
}

static inline Py_ssize_t
entry_size(PyDictKeysObject *keys)
{
    (void)keys;
    return (Py_ssize_t)sizeof(PyDictKeyEntry);
}

static inline const char *
keys_entries(PyDictKeysObject *keys)
{
    return (const char *)keys->dk_indices + keys->dk_size * index_bytes(keys);
}

Py_ssize_t
pyi_dict_keys_size(PyDictKeysObject *keys)
{
    return (Py_ssize_t)sizeof(PyDictKeysObject)
        + index_bytes(keys) * keys->dk_size
        + PYI_USABLE_FRACTION(keys->dk_size) * (Py_ssize_t)sizeof(PyDictKeyEntry);
}

static inline Py_ssize_t
split_value_slots(PyDictKeysObject *keys)
{
    return PYI_USABLE_FRACTION(keys->dk_size);
}

static inline int
has_split_table(PyDictObject *mp)
{
    /* also true for empty dicts, whose ma_values is the static empty_values */
    return mp->ma_values != NULL;
}

/* `lookdict`, the lookup of general tables: the only ones whose keys
 * dict_traverse visits (the str-only lookups skip them). */
static pyi_dict_lookup_func general_lookup = NULL;

void
pyi_dict_note_general_lookup(PyObject *dict_with_int_key)
{
    if (general_lookup == NULL && dict_with_int_key != NULL && PyDict_CheckExact(dict_with_int_key)) {
        PyDictKeysObject *keys = ((PyDictObject *)dict_with_int_key)->ma_keys;
        if (keys != NULL && ((PyDictObject *)dict_with_int_key)->ma_values == NULL) {
            general_lookup = keys->dk_lookup;
        }
    }
}

static int
keys_untraversed(PyDictObject *mp)
{
    PyDictKeysObject *keys = mp->ma_keys;
    return keys != NULL && !has_split_table(mp) && general_lookup != NULL &&
           keys->dk_lookup != general_lookup;
}

int
pyi_dict_visit_untraversed_keys(PyObject *op, visitproc visit, void *arg)
{
    PyDictObject *mp = (PyDictObject *)op;
    PyDictKeysObject *keys = mp->ma_keys;
    if (!keys_untraversed(mp)) {
        return 0;
    }
    const PyDictKeyEntry *ep = (const PyDictKeyEntry *)keys_entries(keys);
    Py_ssize_t n = keys->dk_nentries;
    Py_ssize_t cap = PYI_USABLE_FRACTION(keys->dk_size);
    if (n > cap) {
        n = cap;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (ep[i].me_value != NULL && ep[i].me_key != NULL) {
            int rc = visit(ep[i].me_key, arg);
            if (rc) {
                return rc;
            }
        }
    }
    return 0;
}
#endif

Py_ssize_t
pyi_dict_untraversed_key_count(PyObject *op)
{
    PyDictObject *mp = (PyDictObject *)op;
    return keys_untraversed(mp) ? mp->ma_used : 0;
}

void
pyi_dict_flat_size_locked(PyObject *op, pyi_size_t *out)
{
    PyDictObject *mp = (PyDictObject *)op;
    out->object = Py_TYPE(op)->tp_basicsize;
    PyDictKeysObject *keys = mp->ma_keys;
    if (keys != NULL) {
        Py_ssize_t used = mp->ma_used;
        int split = has_split_table(mp);
        /* dk_refcnt == 1: this dict alone owns the keys (a shared or the
         * immortal empty keys object is counted elsewhere) */
        int owns_keys = keys->dk_refcnt == 1;
        Py_ssize_t entries = PYI_USABLE_FRACTION(keys_slots(keys));
        if (split) {
            Py_ssize_t slots = split_value_slots(keys);
            out->buffers += slots * (Py_ssize_t)sizeof(PyObject *);
            if (slots > used) {
                out->slack += (slots - used) * (Py_ssize_t)sizeof(PyObject *);
            }
        }
        if (owns_keys) {
            out->buffers += pyi_dict_keys_size(keys);
            /* entry slots not holding a live item: never used, or deleted */
            Py_ssize_t live = split ? keys->dk_nentries : used;
            if (entries > live) {
                out->slack += (entries - live) * entry_size(keys);
            }
        }
    }
}

int
pyi_dict_flat_size(PyObject *op, pyi_size_t *out)
{
    Py_BEGIN_CRITICAL_SECTION(op);
    pyi_dict_flat_size_locked(op, out);
    Py_END_CRITICAL_SECTION();
    return 0;
}
