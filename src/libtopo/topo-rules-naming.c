/* topo-rules-naming.c: NAM001–NAM003 (names) and TAG001–TAG002 (tags)
 *
 * NAM001 and NAM002 also cover the computes that inference links attach: the export deploys
 * each as a child of its workspace named by the link's "compute", or by the AKS cluster's own
 * name when it has none (which the AKS rule allows to break the compute rule).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-validator-private.h"

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Case-insensitive comparison without allocating for ASCII strings (nearly every name and tag
 * value); other strings are case-folded once. */
typedef struct
{
  const char *str;
  char       *folded;   /* NULL when str is ASCII */
} Folded;

static void
folded_init (Folded *f,
             const char *str)
{
  f->str = str;
  f->folded = is_ascii (str) ? NULL : g_utf8_casefold (str, -1);
}

static guint
folded_hash (const Folded *f,
             guint h)
{
  /* (c | 0x20) is equal for both cases of an ASCII letter; the folded form gets the same
   * treatment so that equal folds hash equally. */
  for (const char *p = f->folded != NULL ? f->folded : f->str; *p != '\0'; p++)
    h = h * 33 + ((guchar) *p | 0x20);
  return h;
}

static gboolean
folded_equal (const Folded *a,
              const Folded *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a->folded == NULL && b->folded == NULL)
    return a->str == b->str || g_ascii_strcasecmp (a->str, b->str) == 0;
  fa = a->folded != NULL ? g_strdup (a->folded) : g_ascii_strdown (a->str, -1);
  fb = b->folded != NULL ? g_strdup (b->folded) : g_ascii_strdown (b->str, -1);
  return strcmp (fa, fb) == 0;
}

/* NAM002 keys: name class (computes share one), scope and name. */
typedef struct
{
  guint        cls;
  const char  *scope;   /* canonical pointer: RG id or interned region; NULL for global and
                         * subscription scopes */
  Folded       name;
  guint        hash;
  int          index;   /* resource index */
  guint        count;   /* group head: members seen so far */
} NameKey;

static gboolean
name_key_equal (const NameKey *a,
                const NameKey *b)
{
  return a->hash == b->hash && a->cls == b->cls && a->scope == b->scope &&
         folded_equal (&a->name, &b->name);
}

/* Open addressing over indexes into the keys array: one probe sequence finds a name or the
 * slot to insert it (a GHashTable needs two). */
typedef struct
{
  int     *slots;   /* key index, -1 = empty */
  gsize    mask;
  NameKey *keys;
} NameTable;

static void
name_table_init (TopoValidation *v,
                 NameTable *t,
                 NameKey *keys,
                 guint n)
{
  gsize size = 16;

  while (size < 2 * (gsize) n)
    size <<= 1;
  t->slots = topo_validation_new (v, int, size);
  memset (t->slots, 0xff, size * sizeof (int));
  t->mask = size - 1;
  t->keys = keys;
}

/* The index of the key equal to probe, or -1; with insert_as >= 0, an absent probe is added
 * under that index. */
static int
name_table_find (NameTable *t,
                 const NameKey *probe,
                 int insert_as)
{
  gsize slot = (probe->hash * 2654435761u) & t->mask;

  for (; t->slots[slot] >= 0; slot = (slot + 1) & t->mask)
    if (name_key_equal (&t->keys[t->slots[slot]], probe))
      return t->slots[slot];
  if (insert_as >= 0)
    t->slots[slot] = insert_as;
  return -1;
}

static guint
key_hash (guint name_hash,
          guint cls,
          const char *scope)
{
  return (name_hash ^ (cls * 7919) ^ (guint) (((guintptr) scope >> 3) * 2654435761u)) * 2246822519u;
}

static void
name_key_init (NameKey *k,
               guint cls,
               const char *scope,
               const char *name,
               int index)
{
  k->cls = cls;
  k->scope = scope;
  folded_init (&k->name, name);
  k->hash = key_hash (folded_hash (&k->name, 0), cls, scope);
  k->index = index;
  k->count = 1;
}

static const char *
scope_text (const char *scope)
{
  if (g_str_equal (scope, "global"))
    return _("names are unique across Azure");
  if (g_str_equal (scope, "subscription"))
    return _("names are unique in the subscription");
  if (g_str_equal (scope, "resource group"))
    return _("names are unique in the resource group");
  return _("compute names are unique in the region");
}

static char *
suggest_unique (TopoValidation *v,
                NameTable *names,
                const NameKey *key,
                TopoKind kind,
                guint start)
{
  const TopoNamingRule *rule = topo_naming_rule (kind);
  const char *name = key->name.str;
  /* "-2" where a hyphen may precede a final digit; storage and registries allow no hyphen,
   * and computes need a letter after their last hyphen. */
  gboolean hyphen = kind != TOPO_KIND_STORAGE && kind != TOPO_KIND_CONTAINER_REGISTRY &&
                    !topo_kind_is_compute (kind);

  for (guint n = start; n < start + 1000; n++)
    {
      g_autofree char *suffix = g_strdup_printf (hyphen ? "-%u" : "%u", n);
      g_autofree char *base = g_utf8_substring (name, 0,
                                                MIN ((glong) g_utf8_strlen (name, -1),
                                                     (glong) rule->max_length - (glong) strlen (suffix)));
      char *candidate = g_strconcat (base, suffix, NULL);
      NameKey probe;
      gboolean taken;

      name_key_init (&probe, key->cls, key->scope, candidate, -1);
      taken = name_table_find (names, &probe, -1) >= 0;
      g_free (probe.name.folded);
      if (!taken)
        return candidate;
      g_free (candidate);
    }
  return NULL;
}

/* TAG001 */
static void
check_required_tags (TopoValidation *v,
                     guint i,
                     const char *const *required)
{
  const TopoResource *r = v->res[i];
  GString *missing = NULL, *keys = NULL;
  TopoDiagnostic *d;

  /* The export does not tag what it does not deploy. */
  if (r->existing)
    return;
  for (guint t = 0; required[t] != NULL; t++)
    {
      gboolean found = FALSE;

      /* Keys compare exactly; the first byte settles most mismatches without a call. */
      for (guint j = 0; r->tags != NULL && j < r->tags->len && !found; j++)
        {
          const char *key = g_array_index (r->tags, TopoTag, j).key;
          found = key[0] == required[t][0] && strcmp (key, required[t]) == 0;
        }
      if (found)
        continue;
      if (missing == NULL)
        {
          missing = g_string_new (NULL);
          keys = g_string_new (NULL);
        }
      else
        {
          g_string_append (missing, ", ");
          g_string_append_c (keys, '\n');
        }
      g_string_append (missing, required[t]);
      g_string_append (keys, required[t]);
    }
  if (missing == NULL)
    return;
  d = topo_validation_add (v, "TAG001", TOPO_SEVERITY_WARNING,
                           topo_validation_message ("TAG001",
                             _("“%s” lacks the required tags: %s."),
                             topo_resource_get_name (r), missing->str),
                           r->id, NULL);
  topo_diagnostic_set_fix (d, TOPO_FIX_ADD_TAGS,
                           g_strdup_printf (_("Add the missing tags (%s) with the placeholder value “%s”"),
                                            missing->str, TOPO_TAG_PLACEHOLDER),
                           g_string_free (keys, FALSE));
  g_string_free (missing, TRUE);
}

/* Two values that differ only by case include one with an upper-case or non-ASCII character;
 * designs without such values (the common case) need no TAG002 hashing at all. */
static gboolean
tags_have_case_candidate (const GArray *tags)
{
  for (guint j = 0; tags != NULL && j < tags->len; j++)
    {
      const char *value = g_array_index (tags, TopoTag, j).value;

      for (const char *p = value; p != NULL && *p != '\0'; p++)
        if ((*p >= 'A' && *p <= 'Z') || (guchar) *p >= 0x80)
          return TRUE;
    }
  return FALSE;
}

/* Per-run state of this family. The per-resource checks run inside the validator's single
 * pass over the resource structs (topo_rules_naming_resource), so names and tags are read while
 * the struct is in cache; NAM002 then works on the hashes kept here. */
typedef struct
{
  const char *const    *required;
  gboolean              caf;
  gboolean              tag_candidate;
  const TopoNamingRule *rules[TOPO_N_KINDS];
  guint8                scopes[TOPO_N_KINDS];
  gsize                 prefix_len[TOPO_N_KINDS];
  const char          **names;       /* per resource */
  guint                *name_hash;   /* folded_hash of the name, seed 0 */
  char                **folded;      /* per resource, allocated at the first non-ASCII name */
} NamingState;

enum { SCOPE_NONE, SCOPE_GROUP, SCOPE_REGION };

void
topo_rules_naming_begin (TopoValidation *v)
{
  NamingState *st = g_new0 (NamingState, 1);

  st->required = topo_policy_required_tags (v->policy);
  st->caf = topo_policy_naming (v->policy) == TOPO_NAMING_CAF;
  for (guint k = 0; k < TOPO_N_KINDS; k++)
    {
      st->rules[k] = topo_naming_rule (k);
      st->scopes[k] = g_str_equal (st->rules[k]->scope, "resource group") ? SCOPE_GROUP
                      : g_str_equal (st->rules[k]->scope, "region") ? SCOPE_REGION : SCOPE_NONE;
      st->prefix_len[k] = st->rules[k]->caf_prefix != NULL ? strlen (st->rules[k]->caf_prefix) : 0;
    }
  st->names = topo_validation_new (v, const char *, v->n_resources);
  st->name_hash = topo_validation_new (v, guint, v->n_resources);
  v->naming = st;
}

/* NAM001, NAM003, TAG001 of one resource; remembers its name for NAM002. */
void
topo_rules_naming_resource (TopoValidation *v,
                            guint i,
                            const TopoResource *r)
{
  NamingState *st = v->naming;
  const TopoNamingRule *rule = st->rules[r->kind];
  const char *name = topo_resource_get_name (r);
  gsize name_len;
  guint hash = 0;
  guchar high = 0;

  /* One scan: length, ASCII-ness and the case-insensitive hash (as folded_hash). */
  for (name_len = 0; name[name_len] != '\0'; name_len++)
    {
      high |= (guchar) name[name_len];
      hash = hash * 33 + ((guchar) name[name_len] | 0x20);
    }
  st->names[i] = name;
  if (high >= 0x80)
    {
      Folded folded;

      folded_init (&folded, name);
      if (st->folded == NULL)
        st->folded = g_new0 (char *, v->n_resources);
      st->folded[i] = folded.folded;
      hash = folded_hash (&folded, 0);
    }
  st->name_hash[i] = hash;

  /* TAG001 (computes cannot carry tags; resource groups once their contents are known, see
   * check_group_tags); TAG002 pre-check */
  if (st->required[0] != NULL && !topo_kind_is_compute (r->kind) && r->kind != TOPO_KIND_RESOURCE_GROUP)
    check_required_tags (v, i, st->required);
  if (!st->tag_candidate)
    st->tag_candidate = tags_have_case_candidate (r->tags);

  /* NAM001: the fast matcher accepts ASCII only, where bytes are code points */
  if (!(name_len >= rule->min_length && name_len <= rule->max_length &&
        topo_naming_chars_match (r->kind, name)))
    {
      g_autofree char *reason = NULL;

      if (!topo_naming_check (r->kind, name, &reason))
        {
          TopoDiagnostic *d = topo_validation_add (v, "NAM001", TOPO_SEVERITY_ERROR,
                                                   topo_validation_message ("NAM001",
                                                     _("The name “%s” is not valid: %s."), name, reason),
                                                   r->id, NULL);
          g_autofree char *suggestion = topo_naming_suggest (r->kind, name);

          if (suggestion != NULL)
            topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                                     g_strdup_printf (_("Rename to “%s”"), suggestion),
                                     g_strconcat ("name=", suggestion, NULL));
        }
    }

  /* NAM003 */
  if (st->caf && rule->caf_prefix != NULL &&
      g_ascii_strncasecmp (name, rule->caf_prefix, st->prefix_len[r->kind]) != 0)
    {
      TopoDiagnostic *d = topo_validation_add (v, "NAM003", TOPO_SEVERITY_WARNING,
                                               topo_validation_message ("NAM003",
                                                 _("The name “%s” does not start with “%s”."),
                                                 name, rule->caf_prefix),
                                               r->id, NULL);
      g_autofree char *prefixed = NULL;

      if (r->kind == TOPO_KIND_STORAGE)
        {
          g_autofree char *lower = g_ascii_strdown (name, -1);
          prefixed = g_strconcat (rule->caf_prefix, lower, NULL);
        }
      else if (r->kind == TOPO_KIND_CONTAINER_REGISTRY)
        prefixed = g_strconcat (rule->caf_prefix, name, NULL);
      else
        prefixed = g_strconcat (rule->caf_prefix, "-", name, NULL);
      if (g_utf8_strlen (prefixed, -1) > (glong) rule->max_length)
        {
          char *cut = g_utf8_substring (prefixed, 0, rule->max_length);
          g_free (prefixed);
          prefixed = cut;
        }
      if (topo_naming_check (r->kind, prefixed, NULL))
        topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                                 g_strdup_printf (_("Rename to “%s”"), prefixed),
                                 g_strconcat ("name=", prefixed, NULL));
    }
}

/* NAM002 over the names kept by the pass: compact arrays only, the structs stay untouched
 * unless names collide. */
static void
check_collisions (TopoValidation *v)
{
  NamingState *st = v->naming;
  NameKey *keys = topo_validation_new (v, NameKey, v->n_resources);
  int *dup_of = topo_validation_new (v, int, v->n_resources);
  guint *dup_pos = topo_validation_new (v, guint, v->n_resources);
  guint8 *kinds = topo_validation_new (v, guint8, v->n_resources);
  NameTable names;
  gboolean any_dup = FALSE;

  for (guint k = 0; k < TOPO_N_KINDS; k++)
    for (guint j = v->kind_off[k]; j < v->kind_off[k + 1]; j++)
      kinds[v->by_kind[j]] = k;

  name_table_init (v, &names, keys, v->n_resources);
  for (guint i = 0; i < v->n_resources; i++)
    {
      TopoKind kind = kinds[i];
      const char *scope = NULL;
      NameKey *k = &keys[i];
      int head;

      dup_of[i] = -1;
      k->name.str = st->names[i];
      k->name.folded = st->folded != NULL ? st->folded[i] : NULL;
      if (st->scopes[kind] == SCOPE_GROUP)
        {
          if (v->rg[i] < 0)
            continue;
          scope = v->res[v->rg[i]]->id;
        }
      else if (st->scopes[kind] == SCOPE_REGION)
        {
          if (v->region[i] == NULL)
            continue;
          /* Regions of different RGs are different strings: use the table's interned name
           * (unknown regions are rare, and reported by REG001). */
          scope = v->region_info[i] != NULL ? v->region_info[i]->name : g_intern_string (v->region[i]);
        }
      k->cls = topo_kind_is_compute (kind) ? TOPO_KIND_COMPUTE_INSTANCE : kind;
      k->scope = scope;
      k->hash = key_hash (st->name_hash[i], k->cls, scope);
      k->index = i;
      k->count = 1;
      head = name_table_find (&names, k, i);
      if (head >= 0)
        {
          dup_of[i] = head;
          dup_pos[i] = ++keys[head].count;
          any_dup = TRUE;
        }
    }

  for (guint i = 0; any_dup && i < v->n_resources; i++)
    {
      const TopoResource *r = v->res[i];
      const TopoNamingRule *rule = st->rules[r->kind];
      g_autofree char *suggestion = NULL;
      TopoDiagnostic *d;

      if (dup_of[i] < 0)
        continue;
      d = topo_validation_add (v, "NAM002", TOPO_SEVERITY_ERROR,
                               topo_validation_message ("NAM002",
                                 _("The name “%s” collides with “%s” (%s)."),
                                 topo_resource_get_name (r), topo_validation_name (v, dup_of[i]),
                                 scope_text (rule->scope)),
                               r->id, v->res[dup_of[i]]->id, NULL);
      suggestion = suggest_unique (v, &names, &keys[i], r->kind, dup_pos[i]);
      if (suggestion != NULL)
        topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                                 g_strdup_printf (_("Rename to “%s”"), suggestion),
                                 g_strconcat ("name=", suggestion, NULL));
    }
}

/* A compute name in its workspace's namespace (attached computes' NAM001/NAM002). */
typedef struct
{
  int         ws;
  Folded      name;
  guint       hash;
} AttachedName;

static void
attached_name_init (AttachedName *a,
                    int ws,
                    const char *name)
{
  a->ws = ws;
  folded_init (&a->name, name);
  a->hash = folded_hash (&a->name, (guint) ws * 2654435761u);
}

static guint
attached_name_hash (gconstpointer p)
{
  return ((const AttachedName *) p)->hash;
}

static gboolean
attached_name_equal (gconstpointer pa,
                     gconstpointer pb)
{
  const AttachedName *a = pa, *b = pb;

  return a->ws == b->ws && folded_equal (&a->name, &b->name);
}

/* What the attachment check holds: the names taken in the workspaces that attach clusters. */
typedef struct
{
  TopoValidation *v;
  GHashTable     *taken;      /* AttachedName → itself */
  GArray         *inference;  /* link indexes */
  GHashTable     *reserved;   /* for suggestions, made at the first finding: every name in use
                               * or already suggested */
} Attached;

static gboolean
attached_taken (GHashTable *table,
                int ws,
                const char *name)
{
  AttachedName probe;
  gboolean found;

  attached_name_init (&probe, ws, name);
  found = g_hash_table_contains (table, &probe);
  g_free (probe.name.folded);
  return found;
}

/* Entries of Attached.reserved own their name. */
static void
attached_name_free (AttachedName *a)
{
  g_free ((char *) a->name.str);
  g_free (a->name.folded);
  g_free (a);
}

static void
attached_reserve (GHashTable *table,
                  int ws,
                  const char *name)
{
  AttachedName *a = g_new (AttachedName, 1);

  attached_name_init (a, ws, g_strdup (name));
  g_hash_table_add (table, a);   /* an equal key is replaced and freed */
}

/* A valid compute name close to name that no compute or attachment of the workspace uses, nor
 * another fix's suggestion, or NULL. */
static char *
attached_suggestion (Attached *at,
                     int workspace,
                     const char *name)
{
  const TopoNamingRule *rule = topo_naming_rule (TOPO_KIND_COMPUTE_CLUSTER);
  g_autofree char *base = NULL;

  if (at->reserved == NULL)
    {
      GHashTableIter iter;
      gpointer key;

      at->reserved = g_hash_table_new_full (attached_name_hash, attached_name_equal,
                                            (GDestroyNotify) attached_name_free, NULL);
      g_hash_table_iter_init (&iter, at->taken);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        attached_reserve (at->reserved, ((AttachedName *) key)->ws, ((AttachedName *) key)->name.str);
      for (guint j = 0; j < at->inference->len; j++)
        {
          guint l = g_array_index (at->inference, guint, j);
          const TopoLink *link = topo_document_get_link (at->v->doc, l);

          attached_reserve (at->reserved, at->v->link_from[l],
                            link->compute != NULL ? link->compute
                            : topo_resource_get_name (at->v->res[at->v->link_to[l]]));
        }
    }

  base = topo_naming_check (TOPO_KIND_COMPUTE_CLUSTER, name, NULL)
         ? g_strdup (name) : topo_naming_suggest (TOPO_KIND_COMPUTE_CLUSTER, name);
  if (base == NULL)
    return NULL;
  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *suffix = n == 1 ? g_strdup ("") : g_strdup_printf ("%u", n);
      g_autofree char *cut = g_strndup (base, rule->max_length - strlen (suffix));
      g_autofree char *candidate = g_strconcat (cut, suffix, NULL);

      if (topo_naming_check (TOPO_KIND_COMPUTE_CLUSTER, candidate, NULL) &&
          !attached_taken (at->reserved, workspace, candidate))
        {
          attached_reserve (at->reserved, workspace, candidate);
          return g_steal_pointer (&candidate);
        }
    }
  return NULL;
}

/* NAM001 and NAM002 of attached computes: the compute naming rule, and one name per compute in
 * a workspace (its own computes and its other attachments; the same ARM resource otherwise). */
static void
check_attached_computes (TopoValidation *v)
{
  Attached at = { v, NULL, NULL, NULL };
  guint8 *serving = NULL;   /* per resource: a workspace that attaches a cluster */
  AttachedName *names;
  guint n_names = 0;

  /* Most designs attach few clusters: only their workspaces' computes are hashed. */
  for (guint l = 0; l < v->n_links; l++)
    {
      const TopoLink *link = topo_document_get_link (v->doc, l);
      int ws = v->link_from[l], aks = v->link_to[l];

      if (link->type != TOPO_LINK_INFERENCE || ws < 0 || aks < 0 ||
          v->res[ws]->kind != TOPO_KIND_WORKSPACE || v->res[aks]->kind != TOPO_KIND_AKS)
        continue;
      if (at.inference == NULL)
        {
          at.inference = g_array_new (FALSE, FALSE, sizeof (guint));
          serving = topo_validation_new0 (v, guint8, v->n_resources);
        }
      g_array_append_val (at.inference, l);
      serving[ws] = 1;
    }
  if (at.inference == NULL)
    return;

  names = topo_validation_new (v, AttachedName, v->n_resources + at.inference->len);
  at.taken = g_hash_table_new (attached_name_hash, attached_name_equal);
  TOPO_FOREACH_OF_KINDS (v, TOPO_KIND_COMPUTE_INSTANCE, TOPO_KIND_COMPUTE_CLUSTER, i)
    if (v->workspace[i] >= 0 && serving[v->workspace[i]])
      {
        attached_name_init (&names[n_names], v->workspace[i], topo_resource_get_name (v->res[i]));
        g_hash_table_add (at.taken, &names[n_names++]);
      }

  for (guint j = 0; j < at.inference->len; j++)
    {
      guint l = g_array_index (at.inference, guint, j);
      const TopoLink *link = topo_document_get_link (v->doc, l);
      int ws = v->link_from[l], aks = v->link_to[l];
      const char *name = link->compute != NULL ? link->compute : topo_resource_get_name (v->res[aks]);
      AttachedName *key = &names[n_names++];
      const AttachedName *holder;
      g_autofree char *reason = NULL;
      g_autofree char *suggestion = NULL;
      TopoDiagnostic *d;

      attached_name_init (key, ws, name);
      holder = g_hash_table_lookup (at.taken, key);
      if (!topo_naming_check (TOPO_KIND_COMPUTE_CLUSTER, name, &reason))
        d = topo_validation_add (v, "NAM001", TOPO_SEVERITY_ERROR,
                                 link->compute != NULL
                                 ? topo_validation_message ("NAM001",
                                     _("The compute name “%s” that attaches “%s” to “%s” is not valid: %s."),
                                     name, topo_validation_name (v, aks), topo_validation_name (v, ws), reason)
                                 : topo_validation_message ("NAM001",
                                     _("“%s” is attached to “%s” under its own name, which is not a valid compute name: %s."),
                                     name, topo_validation_name (v, ws), reason),
                                 link->from, link->to, NULL);
      else if (holder != NULL)
        d = topo_validation_add (v, "NAM002", TOPO_SEVERITY_ERROR,
                                 topo_validation_message ("NAM002",
                                   _("The compute name “%s” that attaches “%s” to “%s” collides with “%s” (compute names are unique in their workspace)."),
                                   name, topo_validation_name (v, aks), topo_validation_name (v, ws),
                                   holder->name.str),
                                 link->from, link->to, NULL);
      else
        {
          g_hash_table_add (at.taken, key);
          continue;
        }
      suggestion = attached_suggestion (&at, ws, name);
      if (suggestion != NULL)
        topo_diagnostic_set_fix (d, TOPO_FIX_SET_LINK_COMPUTE,
                                 g_strdup_printf (_("Attach it as “%s”"), suggestion),
                                 g_strdup (suggestion));
    }

  for (guint k = 0; k < n_names; k++)
    g_free (names[k].name.folded);
  g_hash_table_unref (at.taken);
  g_clear_pointer (&at.reserved, g_hash_table_unref);
  g_array_unref (at.inference);
}

/* TAG002: per tag key, values equal except for case. */
typedef struct
{
  const char *key;
  Folded      value;
  guint       hash;
  int         resource;
  int         head;      /* index of its group's first TagRef */
  gboolean    mixed;     /* group head: more than one spelling */
} TagRef;

static guint
tag_ref_hash (gconstpointer p)
{
  return ((const TagRef *) p)->hash;
}

static gboolean
tag_ref_equal (gconstpointer pa,
               gconstpointer pb)
{
  const TagRef *a = pa, *b = pb;

  return strcmp (a->key, b->key) == 0 && folded_equal (&a->value, &b->value);
}

static void
report_tag_group (TopoValidation *v,
                  TagRef *refs,
                  GArray *members)
{
  g_autoptr(GPtrArray) spellings = g_ptr_array_new ();
  g_autofree guint *counts = g_new0 (guint, members->len);
  g_autoptr(GPtrArray) subjects = g_ptr_array_new ();
  GString *list = g_string_new (NULL);
  const char *chosen = NULL;
  guint best = 0;
  const char *key = refs[g_array_index (members, int, 0)].key;

  for (guint m = 0; m < members->len; m++)
    {
      const char *value = refs[g_array_index (members, int, m)].value.str;
      guint pos;

      if (!g_ptr_array_find_with_equal_func (spellings, value, g_str_equal, &pos))
        {
          pos = spellings->len;
          g_ptr_array_add (spellings, (gpointer) value);
        }
      counts[pos]++;
    }
  /* The most used spelling wins; ties go to the first seen. */
  for (guint s = 0; s < spellings->len; s++)
    {
      if (counts[s] > best)
        {
          best = counts[s];
          chosen = g_ptr_array_index (spellings, s);
        }
      if (s > 0)
        g_string_append (list, ", ");
      /* Translators: one item of a list of spellings: a spelling in quotes and how often it is used */
      g_string_append_printf (list, _("“%s” (%u)"), (const char *) g_ptr_array_index (spellings, s), counts[s]);
    }
  for (guint m = 0; m < members->len; m++)
    {
      const TagRef *ref = &refs[g_array_index (members, int, m)];
      const char *id = v->res[ref->resource]->id;

      /* Members come in document order: a resource is only ever the last one added. */
      if (!g_str_equal (ref->value.str, chosen) &&
          (subjects->len == 0 || g_ptr_array_index (subjects, subjects->len - 1) != (gpointer) id))
        g_ptr_array_add (subjects, (gpointer) id);
    }

  {
    TopoDiagnostic *d;
    g_autofree char *first_name = g_strdup (topo_resource_get_name (topo_document_lookup (v->doc, g_ptr_array_index (subjects, 0))));

    d = topo_validation_addv (v, "TAG002", TOPO_SEVERITY_WARNING,
                              topo_validation_message ("TAG002",
                                _("The tag “%s” has values that differ only by case: %s (first on “%s”)."),
                                key, list->str, first_name),
                              subjects);
    topo_diagnostic_set_fix (d, TOPO_FIX_UNIFY_TAG,
                             g_strdup_printf (_("Use “%s” for every “%s” tag"), chosen, key),
                             g_strconcat (key, "\n", chosen, NULL));
  }
  g_string_free (list, TRUE);
}

static void
check_tag_case (TopoValidation *v)
{
  guint n_tags = 0, t = 0;
  g_autofree TagRef *refs = NULL;
  g_autoptr(GHashTable) groups = NULL;
  gboolean any_mixed = FALSE;

  for (guint i = 0; i < v->n_resources; i++)
    if (v->res[i]->tags != NULL)
      n_tags += v->res[i]->tags->len;
  if (n_tags < 2)
    return;

  refs = g_new0 (TagRef, n_tags);
  groups = g_hash_table_new (tag_ref_hash, tag_ref_equal);
  for (guint i = 0; i < v->n_resources; i++)
    {
      const GArray *tags = v->res[i]->tags;

      for (guint j = 0; tags != NULL && j < tags->len; j++, t++)
        {
          const TopoTag *tag = &g_array_index (tags, TopoTag, j);
          TagRef *ref = &refs[t], *head;

          ref->key = tag->key;
          folded_init (&ref->value, tag->value != NULL ? tag->value : "");
          ref->hash = folded_hash (&ref->value, g_str_hash (tag->key));
          ref->resource = i;
          head = g_hash_table_lookup (groups, ref);
          if (head == NULL)
            {
              ref->head = t;
              g_hash_table_add (groups, ref);
            }
          else
            {
              ref->head = head - refs;
              if (strcmp (head->value.str, ref->value.str) != 0)
                head->mixed = any_mixed = TRUE;
            }
        }
    }

  if (any_mixed)
    {
      /* Rare: members of each mixed group, in document order, reported in order of first use. */
      g_autoptr(GHashTable) members = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                             (GDestroyNotify) g_array_unref);

      for (guint r = 0; r < n_tags; r++)
        {
          GArray *list;
          int head = refs[r].head;

          if (!refs[head].mixed)
            continue;
          list = g_hash_table_lookup (members, GINT_TO_POINTER (head + 1));
          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (int));
              g_hash_table_insert (members, GINT_TO_POINTER (head + 1), list);
            }
          g_array_append_val (list, r);
        }
      for (guint r = 0; r < n_tags; r++)
        if (refs[r].head == (int) r && refs[r].mixed)
          report_tag_group (v, refs, g_hash_table_lookup (members, GINT_TO_POINTER (r + 1)));
    }

  for (guint r = 0; r < n_tags; r++)
    g_free (refs[r].value.folded);
}

/* TAG001 of the resource groups. A group whose resources (computes aside) are all existing is
 * referenced by the export, not declared (topo-arm-export.c, mark_referenced): its tags are
 * not the export's to set, as for the existing resources themselves. */
static void
check_group_tags (TopoValidation *v)
{
  NamingState *st = v->naming;

  if (st->required[0] == NULL)
    return;
  TOPO_FOREACH_OF_KINDS (v, TOPO_KIND_RESOURCE_GROUP, TOPO_KIND_RESOURCE_GROUP, i)
    if (v->rg_holds[i] != 1)
      check_required_tags (v, i, st->required);
}

void
topo_rules_naming (TopoValidation *v)
{
  NamingState *st = v->naming;

  check_group_tags (v);
  check_collisions (v);
  check_attached_computes (v);
  if (st->tag_candidate)
    check_tag_case (v);

  if (st->folded != NULL)
    for (guint i = 0; i < v->n_resources; i++)
      g_free (st->folded[i]);
  g_free (st->folded);
  g_free (st);
  v->naming = NULL;
}
