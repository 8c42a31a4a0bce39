/* internal_dict.c: the dict keys object, from internal/pycore_dict.h (3.11+)
 * or the 3.9/3.10 mirror (cpython/dictkeys_39.h), and the attribute tables of
 * instances whose __dict__ was never materialized.
 *
 * Pointer arithmetic and struct reads only: nothing here creates a Python
 * object or raises (internal.h).  Every length read from memory is checked
 * against the others before a caller walks an array with it.
 */
#include "internal_core.h"

/* USABLE_FRACTION (Objects/dictobject.c, every version): entries allocated
 * for a table of n slots */
#define PYI_USABLE_FRACTION(n) (((n) << 1) / 3)

Py_hash_t
pyi_str_cached_hash(PyObject *key)
{
    /* unicode_get_hash() (3.11+): the hash cached in the str header; a str
     * used as a dict key always has it */
    return ((PyASCIIObject *)key)->hash;
}

/* Fill the key-table fields of `out` from `keys`.  0, or -1 with *why. */
static int
locate_keys(PyDictKeysObject *keys, pyi_dict_t *out, const char **why)
{
    if (keys == NULL) {
        *why = "ma_keys is NULL";
        return -1;
    }
    out->keys = keys;
    out->dk_refcnt = keys->dk_refcnt;
    out->usable = keys->dk_usable;
    out->nentries = keys->dk_nentries;
    out->indices = keys->dk_indices;
    out->dk_version = -1;
    out->lookup = NULL;
#if PYI_PY311
    /* bpo-44206 (3.11): dk_size and dk_lookup replaced by dk_log2_size,
     * dk_log2_index_bytes, dk_kind and dk_version */
    out->log2_size = keys->dk_log2_size;
    out->log2_index_bytes = keys->dk_log2_index_bytes;
    if (out->log2_size >= 8 * (int)sizeof(Py_ssize_t) - 2) {
        *why = "dk_log2_size out of range";
        return -1;
    }
    out->size = (Py_ssize_t)1 << out->log2_size;
    out->has_dk_kind = 1;
    out->kind = keys->dk_kind;
    if (out->kind != DICT_KEYS_GENERAL && out->kind != DICT_KEYS_UNICODE && out->kind != DICT_KEYS_SPLIT) {
        *why = "dk_kind is not GENERAL, UNICODE or SPLIT";
        return -1;
    }
    /* bpo-46845 (3.11): str-only tables store 16-byte entries without me_hash */
    out->unicode_entries = out->kind != DICT_KEYS_GENERAL;
    out->entry_size = out->unicode_entries ? (Py_ssize_t)sizeof(PyDictUnicodeEntry)
                                           : (Py_ssize_t)sizeof(PyDictKeyEntry);
    out->dk_version = (int64_t)keys->dk_version;
    /* dictkeys_get_index: the width follows dk_log2_size; 8 bytes only
     * from 2**32 slots */
    if (out->log2_size < 8) {
        out->index_width = 1;
    }
    else if (out->log2_size < 16) {
        out->index_width = 2;
    }
    else if (out->log2_size >= 32) {
        out->index_width = 8;
    }
    else {
        out->index_width = 4;
    }
    if (out->log2_index_bytes < out->log2_size || out->log2_index_bytes > out->log2_size + 3) {
        *why = "dk_log2_index_bytes does not fit dk_log2_size";
        return -1;
    }
    /* _DK_ENTRIES: the entries follow the whole index array */
    out->entries = keys->dk_indices + ((size_t)1 << out->log2_index_bytes);
    /* the shared empty keys: the only table of one slot (Py_EMPTY_KEYS) */
    out->empty_keys = out->log2_size == 0;
#  if PYI_PY314
    /* PR #127568 (3.14): Py_EMPTY_KEYS.dk_refcnt = _Py_DICT_IMMORTAL_INITIAL_REFCNT
     * (PY_SSIZE_T_MIN); keys are immortal when dk_refcnt < 0 */
    out->immortal_keys = keys->dk_refcnt < 0;
#  elif PYI_PY312
    /* PEP 683 (3.12): dictkeys_incref skips dk_refcnt == _Py_IMMORTAL_REFCNT */
    out->immortal_keys = keys->dk_refcnt == (Py_ssize_t)_Py_IMMORTAL_REFCNT;
#  else
    out->immortal_keys = 0;
#  endif
#else
    /* 3.9/3.10: the mirrored dict-common.h struct */
    Py_ssize_t size = keys->dk_size;
    if (size <= 0 || (size & (size - 1)) != 0) {
        *why = "dk_size is not a power of two";
        return -1;
    }
    out->size = size;
    out->log2_size = 0;
    while (((Py_ssize_t)1 << out->log2_size) < size) {
        out->log2_size++;
    }
    out->has_dk_kind = 0;
    out->kind = PYI_DICT_GENERAL;
    out->unicode_entries = 0;
    out->entry_size = (Py_ssize_t)sizeof(PyDictKeyEntry);
    out->lookup = (const void *)keys->dk_lookup;
    /* DK_IXSIZE: 1 byte up to 0xff slots, 2 to 0xffff, 4 to 0xffffffff */
    out->index_width = size <= 0xff ? 1 : size <= 0xffff ? 2 : size <= 0xffffffffLL ? 4 : 8;
    out->log2_index_bytes = out->log2_size;
    for (int w = out->index_width; w > 1; w >>= 1) {
        out->log2_index_bytes++;
    }
    /* DK_ENTRIES: after dk_size indices */
    out->entries = keys->dk_indices + size * out->index_width;
    out->empty_keys = size == 1;
    out->immortal_keys = 0;
#endif
    out->entries_capacity = PYI_USABLE_FRACTION(out->size);
    if (out->empty_keys) {
        out->entries_capacity = 0;
    }
    if (out->nentries < 0 || out->nentries > out->entries_capacity ||
        out->usable < 0 || out->usable > out->entries_capacity) {
        *why = "dk_nentries/dk_usable exceed the entries allocated for dk_size";
        return -1;
    }
    return 0;
}

/* Values of a split table: where they are and how many may be read. */
static void
locate_values(void *values, pyi_dict_t *out)
{
    out->values = values;
    out->values_capacity = -1;
    out->values_size = -1;
    out->values_embedded = -1;
    out->values_valid = -1;
    out->order = NULL;
    out->norder = 0;
    if (values == NULL) {
        out->value_slots = NULL;
        out->nvalue_slots = 0;
        return;
    }
#if PYI_PY313
    /* GH-115776 (3.13): {capacity, size, embedded, valid, values[capacity]}
     * followed by the insertion-order bytes */
    PyDictValues *v = (PyDictValues *)values;
    out->value_slots = v->values;
    out->values_capacity = v->capacity;
    out->values_size = v->size;
    out->values_embedded = v->embedded;
    out->values_valid = v->valid;
    out->nvalue_slots = v->capacity < out->nentries ? v->capacity : out->nentries;
    out->order = (const uint8_t *)&v->values[v->capacity];
    out->norder = v->size <= v->capacity ? v->size : v->capacity;
#elif PYI_PY311
    /* bpo-45947 (3.11): the values are preceded by a byte prefix:
     * [-1] = prefix size, [-2] = used size, [-3-i] = insertion order */
    PyDictValues *v = (PyDictValues *)values;
    const uint8_t *prefix = (const uint8_t *)values;
    out->value_slots = v->values;
    out->nvalue_slots = out->nentries;
    out->values_size = prefix[-2];
    Py_ssize_t room = (Py_ssize_t)prefix[-1] - 2;  /* order bytes the prefix holds */
    out->norder = out->values_size;
    if (out->norder > room) {
        out->norder = room < 0 ? 0 : room;
    }
    if (out->norder > out->nentries) {
        out->norder = out->nentries;
    }
    out->order = prefix - 3;  /* order[i] is at prefix[-3 - i] */
    out->order_backwards = 1;
#else
    out->value_slots = (PyObject **)values;
    out->nvalue_slots = out->empty_keys ? 0 : out->nentries;
#endif
}

int
pyi_dict_locate(PyObject *dict, pyi_dict_t *out, const char **why)
{
    PyDictObject *mp = (PyDictObject *)dict;
    memset(out, 0, sizeof(*out));
    if (locate_keys(mp->ma_keys, out, why) < 0) {
        return -1;
    }
    out->used = mp->ma_used;
#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
#if PYI_PY314
    /* gh-124296 (3.14): ma_version_tag became _ma_watcher_tag */
    out->version_tag = (uint64_t)mp->_ma_watcher_tag;
#else
    /* PEP 509; deprecated by PEP 699 (3.12) but still stored */
    out->version_tag = (uint64_t)mp->ma_version_tag;
#endif
#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif
    void *values = (void *)mp->ma_values;
#if !PYI_PY311
    /* 3.9/3.10: {} points ma_values at the static empty_values while
     * ma_keys is Py_EMPTY_KEYS: it is not a split table */
    if (values != NULL && out->empty_keys) {
        out->empty_values = 1;
        locate_values(NULL, out);
        out->values = values;
        return 0;
    }
    if (values != NULL) {
        out->kind = PYI_DICT_SPLIT;
    }
#else
    if (values != NULL && out->kind != DICT_KEYS_SPLIT) {
        *why = "ma_values is set but the keys are not DICT_KEYS_SPLIT";
        return -1;
    }
#endif
    locate_values(values, out);
    if (out->used < 0 || (!out->values && out->used > out->nentries)) {
        *why = "ma_used exceeds dk_nentries";
        return -1;
    }
    return 0;
}

static int
instance_locate(PyObject *obj, pyi_dict_t *out, const char **why, int with_dict)
{
    memset(out, 0, sizeof(*out));
#if PYI_PY311
    PyTypeObject *tp = Py_TYPE(obj);
    pyi_instance_t in;
    pyi_read_instance(obj, &in);
    if ((in.dict != NULL && !with_dict) || in.values == NULL) {
        return 0;
    }
    if (!(tp->tp_flags & Py_TPFLAGS_HEAPTYPE) || ((PyHeapTypeObject *)tp)->ht_cached_keys == NULL) {
        return 0;
    }
    /* the values belong to the type's shared keys (ht_cached_keys) */
    if (locate_keys(((PyHeapTypeObject *)tp)->ht_cached_keys, out, why) < 0) {
        return -1;
    }
    if (out->kind != DICT_KEYS_SPLIT) {
        *why = "ht_cached_keys are not DICT_KEYS_SPLIT";
        return -1;
    }
#  if PYI_PY313
    /* 3.13+: values->valid == 0 once they were copied out to a dict */
    if (!((PyDictValues *)in.values)->valid) {
        return 0;
    }
#  endif
    locate_values(in.values, out);
    out->used = 0;
    for (Py_ssize_t i = 0; i < out->nvalue_slots; i++) {
        if (out->value_slots[i] != NULL) {
            out->used++;
        }
    }
    return 1;
#else
    (void)obj; (void)why; (void)with_dict;
    return 0;
#endif
}

int
pyi_instance_dict_locate(PyObject *obj, pyi_dict_t *out, const char **why)
{
    return instance_locate(obj, out, why, 0);
}

int
pyi_instance_values_locate(PyObject *obj, pyi_dict_t *out, const char **why)
{
    return instance_locate(obj, out, why, 1);
}

void
pyi_dict_entry(const pyi_dict_t *d, Py_ssize_t ix, pyi_dict_entry_t *e)
{
    const char *p = d->entries + ix * d->entry_size;
#if PYI_PY311
    if (d->unicode_entries) {
        const PyDictUnicodeEntry *ue = (const PyDictUnicodeEntry *)p;
        e->key = ue->me_key;
        e->value = ue->me_value;
        e->has_hash = e->key != NULL;
        e->hash = e->key != NULL ? pyi_str_cached_hash(e->key) : -1;
    }
    else
#endif
    {
        const PyDictKeyEntry *ge = (const PyDictKeyEntry *)p;
        e->key = ge->me_key;
        e->value = ge->me_value;
        e->hash = ge->me_hash;
        e->has_hash = 1;
    }
    if (d->value_slots != NULL) {
        /* split table: me_value is unused, the value is values[ix] */
        e->value = ix < d->nvalue_slots ? d->value_slots[ix] : NULL;
    }
}

Py_ssize_t
pyi_dict_expected_sizeof(PyObject *dict, const pyi_dict_t *d)
{
    /* _PyDict_SizeOf: the object, the values of a split table, and the
     * keys when this dict owns them (dk_refcnt == 1) */
    Py_ssize_t res = Py_TYPE(dict)->tp_basicsize;
    if (d->value_slots != NULL || d->empty_values) {
#if PYI_PY311
        res += (d->nentries + d->usable) * (Py_ssize_t)sizeof(PyObject *);  /* shared_keys_usable_size */
#else
        res += PYI_USABLE_FRACTION(d->size) * (Py_ssize_t)sizeof(PyObject *);
#endif
    }
    if (d->dk_refcnt == 1) {
#if PYI_PY311
        res += (Py_ssize_t)sizeof(PyDictKeysObject) + ((Py_ssize_t)1 << d->log2_index_bytes) +
               PYI_USABLE_FRACTION(d->size) * d->entry_size;
#else
        res += (Py_ssize_t)sizeof(PyDictKeysObject) + d->index_width * d->size +
               PYI_USABLE_FRACTION(d->size) * (Py_ssize_t)sizeof(PyDictKeyEntry);
#endif
    }
    return res;
}

Py_hash_t
pyi_frozendict_hash(PyObject *op)
{
#if PYI_PY315
    /* 3.15: frozendict caches its hash after the PyDictObject prefix */
    return ((PyFrozenDictObject *)op)->ma_hash;
#else
    (void)op;
    return -1;
#endif
}
