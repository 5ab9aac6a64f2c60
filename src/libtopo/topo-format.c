/* topo-format.c: load and save the .topograph document format v1
 *
 * Loading is two passes over json-glib's tree: the first reads and type-checks every value and
 * builds the model, the second resolves references once every id is known. Every failure names
 * the file, the JSON path and what was expected. Unknown keys are kept in the structs' `extra`
 * objects and written back after the known keys.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-format"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "topo-format.h"
#include "topo-document-private.h"
#include "topo-resource-private.h"
#include "topo-layout.h"
#include "topo-json-reader.h"
#include "topo-file.h"
#include "topo-vm-sizes.h"

G_DEFINE_QUARK (topo-format-error-quark, topo_format_error)

/* Far deeper than any design; bounds the reader's recursion. */
#define MAX_DEPTH 128

typedef struct
{
  const char   *file;
  TopoDocument *doc;
  GError      **error;
  guint64       unknown_values;  /* JSON values kept for unknown keys so far */
} Loader;

/* JSON paths are built only when an error is reported: loading touches thousands of keys. */
typedef struct _Path Path;
struct _Path
{
  const Path *parent;
  const char *key;      /* member name, or the root "$" */
  gint        index;    /* array index when key is NULL */
};

static void
append_path (GString    *out,
             const Path *path)
{
  if (path->parent != NULL)
    append_path (out, path->parent);
  if (path->key == NULL)
    g_string_append_printf (out, "[%d]", path->index);
  else if (path->parent == NULL)
    g_string_append (out, path->key);
  else
    {
      g_string_append_c (out, '.');
      g_string_append (out, path->key);
    }
}

G_GNUC_PRINTF (3, 4) static gboolean
fail (Loader     *loader,
      const Path *path,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  g_autoptr(GString) where = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  append_path (where, path);
  g_set_error (loader->error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_INVALID, "%s: %s: %s",
               loader->file, where->str, message);
  return FALSE;
}

static const char *
node_type_name (TopoJsonValue *node)
{
  switch (node == NULL ? TOPO_JV_NULL : node->type)
    {
    case TOPO_JV_OBJECT: return "an object";
    case TOPO_JV_ARRAY: return "an array";
    case TOPO_JV_STRING: return "a string";
    case TOPO_JV_BOOL: return "a boolean";
    case TOPO_JV_DOUBLE: return "a number";
    case TOPO_JV_INT: return "an integer";
    case TOPO_JV_BIG_INT: return "an integer beyond 64 bits";
    case TOPO_JV_NULL:
    default: return "null";
    }
}

static gboolean
is_string (TopoJsonValue *node)
{
  return node->type == TOPO_JV_STRING;
}

static gboolean
is_number (TopoJsonValue *node)
{
  return node->type == TOPO_JV_INT || node->type == TOPO_JV_DOUBLE;
}

static gboolean
get_string (Loader         *loader,
            TopoJsonValue  *node,
            const Path     *path,
            char          **out)
{
  if (!is_string (node))
    return fail (loader, path, _("expected a string, got %s"), node_type_name (node));
  g_free (*out);
  *out = g_strdup (node->u.s);
  return TRUE;
}

static gboolean
get_id (Loader         *loader,
        TopoJsonValue  *node,
        const Path     *path,
        char          **out)
{
  if (!get_string (loader, node, path, out))
    return FALSE;
  if (!topo_id_is_valid (*out))
    return fail (loader, path, _("'%s' is not a valid id (expected letters, digits, '.', '_' or '-')"),
                 *out);
  return TRUE;
}

static gboolean
get_bool (Loader        *loader,
          TopoJsonValue *node,
          const Path    *path,
          TopoTri       *out)
{
  if (node->type != TOPO_JV_BOOL)
    return fail (loader, path, _("expected true or false, got %s"), node_type_name (node));
  *out = node->u.b ? TOPO_TRI_TRUE : TOPO_TRI_FALSE;
  return TRUE;
}

static gboolean
get_count (Loader        *loader,
           TopoJsonValue *node,
           const Path    *path,
           gint64        *out)
{
  if (node->type != TOPO_JV_INT)
    return fail (loader, path, _("expected a whole number, got %s"), node_type_name (node));
  *out = node->u.i;
  /* Negative counts load (PRODUCT.md §2 sets no range): the validator reports them (DEP006). */
  if (*out < G_MININT32 || *out > G_MAXINT32)
    return fail (loader, path, _("expected a whole number from %d to %d"), G_MININT32, G_MAXINT32);
  return TRUE;
}

static gboolean
get_coordinate (Loader        *loader,
                TopoJsonValue *node,
                const Path    *path,
                double        *out)
{
  if (!is_number (node))
    return fail (loader, path, _("expected a number, got %s"), node_type_name (node));
  *out = node->type == TOPO_JV_INT ? (double) node->u.i : node->u.d;
  /* Any finite coordinate loads (PRODUCT.md §2 sets no range); drawing clamps what cairo cannot
   * represent. */
  if (!isfinite (*out))
    return fail (loader, path, _("number out of range (expected a finite number)"));
  return TRUE;
}

/* Reads an enum spelled as in the file. The spellings' "absent" slot is NULL, so a known
 * spelling is never the unset value. */
static gboolean
get_enum (Loader         *loader,
          TopoJsonValue  *node,
          const Path     *path,
          int           (*from_string) (const char *),
          const char     *expected,
          int            *out)
{
  int value;

  if (!is_string (node))
    return fail (loader, path, _("expected %s, got %s"), expected, node_type_name (node));
  value = from_string (node->u.s);
  if (value < 0)
    return fail (loader, path, _("unknown value '%s' (expected %s)"), node->u.s,
                 expected);
  *out = value;
  return TRUE;
}

static gboolean
get_string_list (Loader        *loader,
                 TopoJsonValue *node,
                 const Path    *path,
                 GStrv         *out)
{
  TopoJsonValue *array;
  GStrvBuilder *builder;
  guint n;

  if (node->type != TOPO_JV_ARRAY)
    return fail (loader, path, _("expected an array of strings, got %s"), node_type_name (node));
  array = node;
  n = array->n;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      TopoJsonValue *element = (&array->u.items[i]);

      if (!is_string (element))
        {
          const Path p_s = { path, NULL, i };
          const Path *p = &p_s;

          g_strv_builder_unref (builder);
          return fail (loader, p, _("expected a string, got %s"), node_type_name (element));
        }
      g_strv_builder_add (builder, element->u.s);
    }
  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return TRUE;
}

static guint64
count_values (const TopoJsonValue *value)
{
  guint64 n = 1;

  if (value->type == TOPO_JV_ARRAY || value->type == TOPO_JV_OBJECT)
    for (guint i = 0; i < value->n; i++)
      n += count_values (&value->u.items[i]);
  return n;
}

/* Unknown keys are kept as json-glib nodes, about 100 bytes a value: counted before converting,
 * so that a file of 50 million integers is refused instead of taking gigabytes. */
static gboolean
keep_unknown (Loader         *loader,
              const Path     *path,
              JsonObject    **extra,
              const char     *key,
              TopoJsonValue  *node)
{
  loader->unknown_values += count_values (node);
  if (loader->unknown_values > TOPO_FORMAT_MAX_UNKNOWN_VALUES)
    return fail (loader, path, _("keys this program does not know hold more than %d JSON values "
                                 "(the limit)"), TOPO_FORMAT_MAX_UNKNOWN_VALUES);
  if (*extra == NULL)
    *extra = json_object_new ();
  json_object_set_member (*extra, key, topo_json_value_to_node (node));
  return TRUE;
}

/* node if it is an object (an array), or NULL after failing. */
static TopoJsonValue *
get_container (Loader        *loader,
               TopoJsonValue *node,
               const Path    *path,
               TopoJsonType   type)
{
  if (node->type == type)
    return node;
  fail (loader, path, type == TOPO_JV_OBJECT ? _("expected an object, got %s")
                                             : _("expected an array, got %s"),
        node_type_name (node));
  return NULL;
}
#define get_object(loader, node, path) get_container ((loader), (node), (path), TOPO_JV_OBJECT)
#define get_array(loader, node, path)  get_container ((loader), (node), (path), TOPO_JV_ARRAY)

/* Policy */

/* policy.rules: {"TAG002": "off", …}, in file order. Rule ids are not checked against this
 * version's rules (a newer file may name newer rules); the validator reports unknown ones. */
static gboolean
load_rule_overrides (Loader        *loader,
                     TopoJsonValue *node,
                     const Path    *path,
                     TopoPolicy    *policy)
{
  TopoJsonValue *object = get_object (loader, node, path);

  if (object == NULL)
    return FALSE;
  g_clear_pointer (&policy->rules, g_array_unref);
  policy->rules = _topo_rule_overrides_new ();
  for (guint m = 0; m < object->n; m++)
    {
      const Path p = { path, object->u.items[m].key, -1 };
      TopoRuleOverride o;
      int level;

      if (!get_enum (loader, &object->u.items[m], &p, topo_rule_level_from_string,
                     "\"off\", \"info\", \"warning\" or \"error\"", &level))
        return FALSE;
      o.rule = g_strdup (object->u.items[m].key);
      o.level = level;
      g_array_append_val (policy->rules, o);
    }
  return TRUE;
}

/* policy.quotas[i]: {"region", "family", "vcpus"} or {"region", "total"}. */
static gboolean
load_quota (Loader        *loader,
            TopoJsonValue *node,
            const Path    *path,
            GArray        *quotas)
{
  TopoJsonValue *object = get_object (loader, node, path);
  TopoJsonValue *family, *vcpus, *total;
  TopoQuota q = { NULL, NULL, 0, NULL };

  if (object == NULL)
    return FALSE;
  if (topo_json_value_member (object, "region") == NULL)
    return fail (loader, path, _("missing required key \"region\""));
  family = topo_json_value_member (object, "family");
  vcpus = topo_json_value_member (object, "vcpus");
  total = topo_json_value_member (object, "total");
  if (total != NULL && (family != NULL || vcpus != NULL))
    return fail (loader, path, _("a quota is either a family's (\"family\" and \"vcpus\") or the "
                                 "regional total (\"total\"), not both"));
  if (family == NULL && vcpus != NULL)
    return fail (loader, path, _("missing required key \"family\""));
  if (total == NULL && family == NULL)
    return fail (loader, path, _("expected \"family\" and \"vcpus\", or \"total\""));
  if (family != NULL && vcpus == NULL)
    return fail (loader, path, _("missing required key \"vcpus\""));
  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = &object->u.items[m];
      const Path p = { path, key, -1 };
      gboolean ok = TRUE;

      if (g_str_equal (key, "region") || g_str_equal (key, "family"))
        {
          char **slot = g_str_equal (key, "region") ? &q.region : &q.family;

          ok = get_string (loader, value, &p, slot);
          if (ok && **slot == '\0')
            ok = fail (loader, &p, _("expected a non-empty string"));
        }
      else if (g_str_equal (key, "vcpus") || g_str_equal (key, "total"))
        {
          ok = get_count (loader, value, &p, &q.vcpus);
          if (ok && q.vcpus < 0)
            ok = fail (loader, &p, _("expected a number of vCPUs, 0 or more, got %lld"),
                       (long long) q.vcpus);
        }
      else
        ok = keep_unknown (loader, &p, &q.extra, key, value);
      if (!ok)
        {
          g_free (q.region);
          g_free (q.family);
          g_clear_pointer (&q.extra, json_object_unref);
          return FALSE;
        }
    }
  /* Two entries for one quota would leave the reader guessing which one counts. */
  for (guint i = 0; i < quotas->len; i++)
    {
      const TopoQuota *o = &g_array_index (quotas, TopoQuota, i);
      g_autofree char *ok = o->family != NULL ? topo_vm_family_key (o->family) : NULL;
      g_autofree char *qk = q.family != NULL ? topo_vm_family_key (q.family) : NULL;

      if (g_str_equal (o->region, q.region) && g_strcmp0 (ok, qk) == 0)
        {
          gboolean failed;

          if (q.family != NULL)
            failed = fail (loader, path, _("a second quota for family '%s' in region '%s' "
                                           "(the first is policy.quotas[%u])"), q.family, q.region, i);
          else
            failed = fail (loader, path, _("a second regional total for region '%s' "
                                           "(the first is policy.quotas[%u])"), q.region, i);
          g_free (q.region);
          g_free (q.family);
          g_clear_pointer (&q.extra, json_object_unref);
          return failed;
        }
    }
  g_array_append_val (quotas, q);
  return TRUE;
}

/* One entry of the top-level "suppressions". */
static gboolean
load_suppression (Loader        *loader,
                  TopoJsonValue *node,
                  const Path    *path,
                  GPtrArray     *out)
{
  TopoJsonValue *object = get_object (loader, node, path);
  g_autoptr(TopoSuppression) s = NULL;
  static const char *const required[] = { "rule", "subjects", "justification" };

  if (object == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (topo_json_value_member (object, required[i]) == NULL)
      return fail (loader, path, _("missing required key \"%s\""), required[i]);
  s = g_new0 (TopoSuppression, 1);
  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = &object->u.items[m];
      const Path p = { path, key, -1 };
      gboolean ok = TRUE;

      if (g_str_equal (key, "rule"))
        ok = get_string (loader, value, &p, &s->rule);
      else if (g_str_equal (key, "subjects"))
        {
          ok = get_string_list (loader, value, &p, &s->subjects);
          if (ok && s->subjects[0] == NULL)
            return fail (loader, &p, _("expected at least one subject id"));
        }
      else if (g_str_equal (key, "justification"))
        ok = get_string (loader, value, &p, &s->justification);
      else if (g_str_equal (key, "expires"))
        {
          ok = get_string (loader, value, &p, &s->expires);
          if (ok && !topo_date_is_valid (s->expires))
            return fail (loader, &p, _("'%s' is not a date (expected YYYY-MM-DD)"), s->expires);
        }
      else
        ok = keep_unknown (loader, &p, &s->extra, key, value);
      if (!ok)
        return FALSE;
    }
  g_ptr_array_add (out, g_steal_pointer (&s));
  return TRUE;
}

static gboolean
load_policy (Loader        *loader,
             TopoJsonValue *node,
             const Path    *policy_path,
             TopoPolicy    *policy)
{
  TopoJsonValue *object = get_object (loader, node, policy_path);

  if (object == NULL)
    return FALSE;
  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = (&object->u.items[m]);
      const Path path_s = { policy_path, key, -1 };
      const Path *path = &path_s;
      int e;
      gboolean ok = TRUE;

      if (g_str_equal (key, "allowed_regions"))
        ok = get_string_list (loader, value, path, &policy->allowed_regions);
      else if (g_str_equal (key, "required_tags"))
        ok = get_string_list (loader, value, path, &policy->required_tags);
      else if (g_str_equal (key, "environments"))
        ok = get_string_list (loader, value, path, &policy->environments);
      else if (g_str_equal (key, "production_environments"))
        ok = get_string_list (loader, value, path, &policy->production_environments);
      else if (g_str_equal (key, "residency"))
        {
          ok = get_enum (loader, value, path, topo_residency_from_string,
                         "\"none\", \"geography\" or \"region\"", &e);
          policy->residency = e;
        }
      else if (g_str_equal (key, "naming"))
        {
          ok = get_enum (loader, value, path, topo_naming_from_string, "\"azure\" or \"caf\"", &e);
          policy->naming = e;
        }
      else if (g_str_equal (key, "rules"))
        ok = load_rule_overrides (loader, value, path, policy);
      else if (g_str_equal (key, "quotas"))
        {
          TopoJsonValue *array = get_array (loader, value, path);

          ok = array != NULL;
          g_clear_pointer (&policy->quotas, g_array_unref);
          policy->quotas = topo_quotas_array_new ();
          for (guint i = 0; ok && i < array->n; i++)
            ok = load_quota (loader, &array->u.items[i], &(const Path) { path, NULL, i },
                             policy->quotas);
        }
      else
        ok = keep_unknown (loader, path, &policy->extra, key, value);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* Teams */

static gboolean
load_team (Loader        *loader,
           TopoJsonValue *node,
           const Path    *path)
{
  TopoJsonValue *object = get_object (loader, node, path);
  g_autoptr(TopoTeam) team = NULL;

  if (object == NULL)
    return FALSE;
  if (!topo_json_value_member (object, "id"))
    return fail (loader, path, _("missing required key \"id\""));

  team = topo_team_new (NULL);
  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = (&object->u.items[m]);
      const Path p_s = { path, key, -1 };
      const Path *p = &p_s;
      gboolean ok = TRUE;
      int e;

      if (g_str_equal (key, "id"))
        ok = get_id (loader, value, p, &team->id);
      else if (g_str_equal (key, "name"))
        ok = get_string (loader, value, p, &team->name);
      else if (g_str_equal (key, "data_access"))
        {
          ok = get_enum (loader, value, p, topo_level_from_string,
                         "\"public\", \"internal\", \"confidential\" or \"restricted\"", &e);
          team->data_access = e;
        }
      else if (g_str_equal (key, "external"))
        ok = get_bool (loader, value, p, &team->external);
      else
        ok = keep_unknown (loader, p, &team->extra, key, value);
      if (!ok)
        return FALSE;
    }
  if (topo_document_lookup_team (loader->doc, team->id) != NULL)
    return fail (loader, &(const Path) { path, "id", -1 }, _("duplicate team id '%s'"), team->id);
  topo_document_insert_team (loader->doc, topo_document_get_n_teams (loader->doc),
                             g_steal_pointer (&team));
  return TRUE;
}

/* Resources */

/* Which kinds a key belongs to; a key on another kind is kept as an unknown key. */
#define K(kind) (1u << (kind))
#define ALL_KINDS ((1u << TOPO_N_KINDS) - 1)
#define NON_RG (ALL_KINDS & ~K (TOPO_KIND_RESOURCE_GROUP))
#define COMPUTES (K (TOPO_KIND_COMPUTE_INSTANCE) | K (TOPO_KIND_COMPUTE_CLUSTER))

typedef enum
{
  KEY_NAME, KEY_TAGS, KEY_LAYOUT, KEY_GROUP, KEY_REGION, KEY_ENVIRONMENT, KEY_TEAM, KEY_PROJECT,
  KEY_PURPOSE, KEY_ACCESS, KEY_STORAGE, KEY_KEY_VAULT, KEY_APP_INSIGHTS, KEY_CONTAINER_REGISTRY,
  KEY_PUBLIC_NETWORK_ACCESS, KEY_WORKSPACE, KEY_VM_SIZE, KEY_MIN_NODES, KEY_MAX_NODES,
  KEY_NODE_COUNT, KEY_DATA, KEY_SENSITIVITY, KEY_SKU, KEY_HNS, KEY_EXISTING, N_KEYS
} ResourceKey;

static const struct { const char *key; guint kinds; } resource_keys[N_KEYS] = {
  { "name", ALL_KINDS }, { "tags", ALL_KINDS }, { "layout", ALL_KINDS },
  { "group", NON_RG },
  { "region", K (TOPO_KIND_RESOURCE_GROUP) }, { "environment", K (TOPO_KIND_RESOURCE_GROUP) },
  { "team", K (TOPO_KIND_RESOURCE_GROUP) }, { "project", K (TOPO_KIND_RESOURCE_GROUP) },
  { "purpose", K (TOPO_KIND_RESOURCE_GROUP) | K (TOPO_KIND_WORKSPACE) },
  { "access", K (TOPO_KIND_WORKSPACE) }, { "storage", K (TOPO_KIND_WORKSPACE) },
  { "key_vault", K (TOPO_KIND_WORKSPACE) }, { "app_insights", K (TOPO_KIND_WORKSPACE) },
  { "container_registry", K (TOPO_KIND_WORKSPACE) },
  { "public_network_access", K (TOPO_KIND_WORKSPACE) | K (TOPO_KIND_STORAGE) },
  { "workspace", COMPUTES },
  { "vm_size", COMPUTES | K (TOPO_KIND_AKS) },
  { "min_nodes", K (TOPO_KIND_COMPUTE_CLUSTER) }, { "max_nodes", K (TOPO_KIND_COMPUTE_CLUSTER) },
  { "node_count", K (TOPO_KIND_AKS) },
  { "data", K (TOPO_KIND_STORAGE) }, { "sensitivity", K (TOPO_KIND_STORAGE) },
  { "sku", K (TOPO_KIND_STORAGE) }, { "hns", K (TOPO_KIND_STORAGE) },
  { "existing", ALL_KINDS & ~K (TOPO_KIND_RESOURCE_GROUP) & ~COMPUTES },
};

/* One hash lookup per key instead of a chain of string compares: loading is hot. */
static int
resource_key_lookup (const char *key)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < N_KEYS; i++)
        g_hash_table_insert (t, (gpointer) resource_keys[i].key, GUINT_TO_POINTER (i + 1));
      g_once_init_leave (&table, t);
    }
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) - 1;
}

gboolean
_topo_format_key_applies (const char *key,
                          TopoKind    kind)
{
  int k = resource_key_lookup (key);

  return k >= 0 && (resource_keys[k].kinds & K (kind)) != 0;
}

static gboolean
key_in (const char        *key,
        const char *const *list)
{
  for (; *list != NULL; list++)
    if (strcmp (key, *list) == 0)
      return TRUE;
  return FALSE;
}

/* For the reader: members no loader function reads are counted while parsing, so that a file of
 * 50 M values under an unknown key stops at the limit instead of being built first. A key of the
 * wrong kind, or one inside an object not listed here, is still counted by keep_unknown. */
static gboolean
member_is_known (const char *const *keys,
                 guint              n_keys)
{
  static const char *const top[] = { "format", "version", "name", "policy", "lanes", "teams",
                                     "resources", "links", "suppressions", "notes", NULL };
  static const char *const policy[] = { "allowed_regions", "required_tags", "environments",
                                        "production_environments", "residency", "naming", "rules",
                                        "quotas", NULL };
  static const char *const team[] = { "id", "name", "data_access", "external", NULL };
  static const char *const link[] = { "type", "from", "to", "access", "compute", NULL };
  static const char *const suppression[] = { "rule", "subjects", "justification", "expires", NULL };
  const char *key = keys[n_keys - 1];

  if (n_keys == 1)
    return key_in (key, top);
  if (n_keys == 2 && strcmp (keys[0], "policy") == 0)
    return key_in (key, policy);
  if (n_keys != 3 || keys[1] != NULL)
    return TRUE;
  if (strcmp (keys[0], "resources") == 0)
    return resource_key_lookup (key) >= 0 || strcmp (key, "id") == 0 || strcmp (key, "type") == 0;
  if (strcmp (keys[0], "teams") == 0)
    return key_in (key, team);
  if (strcmp (keys[0], "links") == 0)
    return key_in (key, link);
  if (strcmp (keys[0], "suppressions") == 0)
    return key_in (key, suppression);
  return TRUE;
}

static gboolean
load_tags (Loader        *loader,
           TopoJsonValue *node,
           const Path    *path,
           TopoResource  *r)
{
  TopoJsonValue *object = get_object (loader, node, path);

  if (object == NULL)
    return FALSE;
  g_clear_pointer (&r->tags, g_array_unref);
  r->tags = topo_tags_array_new ();
  for (guint m = 0; m < object->n; m++)
    {
      TopoJsonValue *value = (&object->u.items[m]);
      TopoTag tag;

      if (!is_string (value))
        {
          const Path p_s = { path, object->u.items[m].key, -1 };
          const Path *p = &p_s;

          return fail (loader, p, _("expected a string tag value, got %s"), node_type_name (value));
        }
      tag.key = g_strdup (object->u.items[m].key);
      tag.value = g_strdup (value->u.s);
      g_array_append_val (r->tags, tag);
    }
  return TRUE;
}

static gboolean
load_layout (Loader        *loader,
             TopoJsonValue *node,
             const Path    *path,
             TopoResource  *r)
{
  TopoJsonValue *object = get_object (loader, node, path);
  gboolean is_group = r->kind == TOPO_KIND_RESOURCE_GROUP;
  const char *required[] = { "x", "y", "w", "h" };
  double *fields[] = { &r->layout.x, &r->layout.y, &r->layout.w, &r->layout.h };

  if (object == NULL)
    return FALSE;
  for (guint i = 0; i < (is_group ? 4u : 2u); i++)
    if (!topo_json_value_member (object, required[i]))
      return fail (loader, path, _("missing required key \"%s\""), required[i]);

  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = (&object->u.items[m]);
      const Path p_s = { path, key, -1 };
      const Path *p = &p_s;
      gboolean known = FALSE;

      for (guint i = 0; i < (is_group ? 4u : 2u); i++)
        if (g_str_equal (key, required[i]))
          {
            if (!get_coordinate (loader, value, p, fields[i]))
              return FALSE;
            if (i >= 2 && *fields[i] <= 0)
              return fail (loader, p, _("expected a size greater than 0"));
            known = TRUE;
          }
      if (!known && !keep_unknown (loader, p, &r->layout_extra, key, value))
        return FALSE;
    }
  r->has_layout = TRUE;
  return TRUE;
}

static gboolean
load_access (Loader        *loader,
             TopoJsonValue *node,
             const Path    *path,
             TopoResource  *r)
{
  TopoJsonValue *array = get_array (loader, node, path);
  guint n;

  if (array == NULL)
    return FALSE;
  g_clear_pointer (&r->access, g_array_unref);
  r->access = topo_access_array_new ();
  n = array->n;
  for (guint i = 0; i < n; i++)
    {
      const Path p_s = { path, NULL, i };
      const Path *p = &p_s;
      TopoJsonValue *object = get_object (loader, (&array->u.items[i]), p);
      TopoAccessEntry entry = { NULL, TOPO_ROLE_UNSET, NULL };
      gboolean ok = TRUE;

      if (object == NULL)
        return FALSE;
      if (!topo_json_value_member (object, "team"))
        return fail (loader, p, _("missing required key \"team\""));
      if (!topo_json_value_member (object, "role"))
        return fail (loader, p, _("missing required key \"role\""));
      for (guint m = 0; m < object->n && ok; m++)
        {
          TopoJsonValue *value = (&object->u.items[m]);
          const Path mp_s = { p, object->u.items[m].key, -1 };
          const Path *mp = &mp_s;
          int e;

          if (g_str_equal (object->u.items[m].key, "team"))
            ok = get_id (loader, value, mp, &entry.team);
          else if (g_str_equal (object->u.items[m].key, "role"))
            {
              ok = get_enum (loader, value, mp, topo_role_from_string,
                             "\"reader\", \"compute-operator\", \"data-scientist\", \"contributor\" or \"owner\"",
                             &e);
              entry.role = e;
            }
          else
            ok = keep_unknown (loader, mp, &entry.extra, object->u.items[m].key, value);
        }
      /* The array owns the entry from here, so it is freed on failure too. */
      g_array_append_val (r->access, entry);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_resource (Loader        *loader,
               TopoJsonValue *node,
               const Path    *path)
{
  TopoJsonValue *object = get_object (loader, node, path);
  g_autoptr(TopoResource) r = NULL;
  Path type_path_s = { NULL, "type", -1 };
  const Path *type_path = &type_path_s;
  TopoJsonValue *type;
  int kind;

  if (object == NULL)
    return FALSE;
  /* The type decides which keys apply, so it is read first; required keys are checked after
   * the one pass over the members. */
  type = topo_json_value_member (object, "type");
  if (type == NULL)
    return fail (loader, path, _("missing required key \"type\""));
  type_path_s.parent = path;
  if (!get_enum (loader, type, type_path, topo_kind_from_string,
                 _("a resource type (resource-group, workspace, compute-instance, compute-cluster, storage, key-vault, app-insights, container-registry or aks)"),
                 &kind))
    return FALSE;

  r = topo_resource_new (kind, NULL);

  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = (&object->u.items[m]);
      const Path p_s = { path, key, -1 };
      const Path *p = &p_s;
      gboolean ok = TRUE;
      int e;

      int k = resource_key_lookup (key);

      if (k < 0 && strcmp (key, "type") == 0)
        continue;
      if (k < 0 && strcmp (key, "id") == 0)
        ok = get_id (loader, value, p, &r->id);
      else if (k < 0 || (resource_keys[k].kinds & K (kind)) == 0)
        ok = keep_unknown (loader, p, &r->extra, key, value);
      else if (k == KEY_NAME)
        ok = get_string (loader, value, p, &r->name);
      else if (k == KEY_TAGS)
        ok = load_tags (loader, value, p, r);
      else if (k == KEY_LAYOUT)
        ok = load_layout (loader, value, p, r);
      else if (k == KEY_GROUP)
        ok = get_id (loader, value, p, &r->group);
      else if (k == KEY_REGION)
        ok = get_string (loader, value, p, &r->region);
      else if (k == KEY_ENVIRONMENT)
        ok = get_string (loader, value, p, &r->environment);
      else if (k == KEY_TEAM)
        ok = get_string (loader, value, p, &r->team);
      else if (k == KEY_PROJECT)
        ok = get_string (loader, value, p, &r->project);
      else if (k == KEY_PURPOSE)
        {
          ok = get_enum (loader, value, p, topo_purpose_from_string,
                         "\"team\", \"project\", \"shared\" or \"exploration\"", &e);
          r->purpose = e;
        }
      else if (k == KEY_ACCESS)
        ok = load_access (loader, value, p, r);
      else if (k == KEY_STORAGE)
        ok = get_id (loader, value, p, &r->storage);
      else if (k == KEY_KEY_VAULT)
        ok = get_id (loader, value, p, &r->key_vault);
      else if (k == KEY_APP_INSIGHTS)
        ok = get_id (loader, value, p, &r->app_insights);
      else if (k == KEY_CONTAINER_REGISTRY)
        ok = get_id (loader, value, p, &r->container_registry);
      else if (k == KEY_PUBLIC_NETWORK_ACCESS)
        ok = get_bool (loader, value, p, &r->public_network_access);
      else if (k == KEY_WORKSPACE)
        ok = get_id (loader, value, p, &r->workspace);
      else if (k == KEY_VM_SIZE)
        ok = get_string (loader, value, p, &r->vm_size);
      else if (k == KEY_MIN_NODES)
        ok = get_count (loader, value, p, &r->min_nodes);
      else if (k == KEY_MAX_NODES)
        ok = get_count (loader, value, p, &r->max_nodes);
      else if (k == KEY_NODE_COUNT)
        ok = get_count (loader, value, p, &r->node_count);
      else if (k == KEY_DATA)
        {
          ok = get_enum (loader, value, p, topo_data_from_string,
                         "\"none\", \"non-production\" or \"production\"", &e);
          r->data = e;
        }
      else if (k == KEY_SENSITIVITY)
        {
          ok = get_enum (loader, value, p, topo_level_from_string,
                         "\"public\", \"internal\", \"confidential\" or \"restricted\"", &e);
          r->sensitivity = e;
        }
      else if (k == KEY_SKU)
        ok = get_string (loader, value, p, &r->sku);
      else if (k == KEY_HNS)
        ok = get_bool (loader, value, p, &r->hns);
      else if (k == KEY_EXISTING)
        {
          TopoTri existing = TOPO_TRI_UNSET;

          ok = get_bool (loader, value, p, &existing);
          r->existing = existing == TOPO_TRI_TRUE;
        }
      else
        g_assert_not_reached ();
      if (!ok)
        return FALSE;
    }
  if (r->id == NULL)
    return fail (loader, path, _("missing required key \"id\""));
  if (kind == TOPO_KIND_RESOURCE_GROUP && r->region == NULL)
    return fail (loader, path, _("missing required key \"region\" (every resource group has one)"));
  if (topo_kind_is_compute (kind) && r->workspace == NULL)
    return fail (loader, path, _("missing required key \"workspace\" (every compute belongs to one)"));
  if (topo_document_lookup (loader->doc, r->id) != NULL)
    return fail (loader, &(const Path) { path, "id", -1 }, _("duplicate resource id '%s'"), r->id);
  topo_document_insert_resource (loader->doc, topo_document_get_n_resources (loader->doc),
                                 g_steal_pointer (&r));
  return TRUE;
}

static gboolean
load_link (Loader        *loader,
           TopoJsonValue *node,
           const Path    *path)
{
  TopoJsonValue *object = get_object (loader, node, path);
  g_autoptr(TopoLink) link = NULL;
  Path type_path_s = { NULL, "type", -1 };
  const Path *type_path = &type_path_s;
  int type;

  if (object == NULL)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      const char *required[] = { "type", "from", "to" };

      if (!topo_json_value_member (object, required[i]))
        return fail (loader, path, _("missing required key \"%s\""), required[i]);
    }
  type_path_s.parent = path;
  if (!get_enum (loader, topo_json_value_member (object, "type"), type_path,
                 topo_link_type_from_string,
                 "\"datastore\", \"inference\", \"promotion\" or \"replication\"", &type))
    return FALSE;

  link = topo_link_new (type, NULL, NULL);
  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = (&object->u.items[m]);
      const Path p_s = { path, key, -1 };
      const Path *p = &p_s;
      gboolean ok = TRUE;
      int e;

      if (g_str_equal (key, "type"))
        continue;
      else if (g_str_equal (key, "from"))
        ok = get_id (loader, value, p, &link->from);
      else if (g_str_equal (key, "to"))
        ok = get_id (loader, value, p, &link->to);
      else if (g_str_equal (key, "access") && type == TOPO_LINK_DATASTORE)
        {
          ok = get_enum (loader, value, p, topo_access_from_string, "\"read\" or \"write\"", &e);
          link->access = e;
        }
      else if (g_str_equal (key, "compute") && type == TOPO_LINK_INFERENCE)
        ok = get_string (loader, value, p, &link->compute);
      else
        ok = keep_unknown (loader, p, &link->extra, key, value);
      if (!ok)
        return FALSE;
    }
  topo_document_insert_link (loader->doc, topo_document_get_n_links (loader->doc),
                             g_steal_pointer (&link));
  return TRUE;
}

/* Notes: free on a lane ("region") or attached ("attach": a resource id, or a link named as in
 * "links"), with an optional "layout" {x, y}. References are checked in the second pass. */
static gboolean
load_note_attach (Loader        *loader,
                  TopoJsonValue *node,
                  const Path    *path,
                  TopoNote      *note)
{
  if (is_string (node))
    {
      g_autofree char *id = NULL;

      if (!get_id (loader, node, path, &id))
        return FALSE;
      topo_note_set_attach (note, id);
      return TRUE;
    }
  if (node->type == TOPO_JV_OBJECT)
    {
      g_autoptr(TopoLink) link = topo_link_new (0, NULL, NULL);
      int type = 0;

      for (guint i = 0; i < 3; i++)
        {
          const char *required[] = { "type", "from", "to" };

          if (!topo_json_value_member (node, required[i]))
            return fail (loader, path, _("missing required key \"%s\" (a link is named by type, from and to)"),
                         required[i]);
        }
      for (guint m = 0; m < node->n; m++)
        {
          const char *key = node->u.items[m].key;
          TopoJsonValue *value = &node->u.items[m];
          const Path p = { path, key, -1 };
          gboolean ok;

          if (g_str_equal (key, "type"))
            ok = get_enum (loader, value, &p, topo_link_type_from_string,
                           "\"datastore\", \"inference\", \"promotion\" or \"replication\"", &type);
          else if (g_str_equal (key, "from"))
            ok = get_id (loader, value, &p, &link->from);
          else if (g_str_equal (key, "to"))
            ok = get_id (loader, value, &p, &link->to);
          else
            ok = fail (loader, &p, _("unknown key (a link is named by type, from and to)"));
          if (!ok)
            return FALSE;
        }
      link->type = type;
      topo_note_set_link (note, link);
      return TRUE;
    }
  return fail (loader, path, _("expected a resource id or a link {\"type\", \"from\", \"to\"}, got %s"),
               node_type_name (node));
}

static gboolean
load_note (Loader        *loader,
           TopoJsonValue *node,
           const Path    *path)
{
  TopoJsonValue *object = get_object (loader, node, path);
  g_autoptr(TopoNote) note = NULL;
  gboolean has_region = FALSE, has_attach = FALSE;

  if (object == NULL)
    return FALSE;
  if (!topo_json_value_member (object, "id"))
    return fail (loader, path, _("missing required key \"id\""));
  if (!topo_json_value_member (object, "text"))
    return fail (loader, path, _("missing required key \"text\""));

  note = topo_note_new (NULL, NULL);
  for (guint m = 0; m < object->n; m++)
    {
      const char *key = object->u.items[m].key;
      TopoJsonValue *value = &object->u.items[m];
      const Path p_s = { path, key, -1 };
      const Path *p = &p_s;
      gboolean ok = TRUE;

      if (g_str_equal (key, "id"))
        ok = get_id (loader, value, p, &note->id);
      else if (g_str_equal (key, "text"))
        ok = get_string (loader, value, p, &note->text);
      else if (g_str_equal (key, "author"))
        ok = get_string (loader, value, p, &note->author);
      else if (g_str_equal (key, "date"))
        {
          ok = get_string (loader, value, p, &note->date);
          if (ok && !topo_note_date_is_valid (note->date))
            ok = fail (loader, p, _("'%s' is not an ISO 8601 date (expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with an optional zone)"),
                       note->date);
        }
      else if (g_str_equal (key, "region"))
        {
          g_autofree char *region = NULL;

          ok = get_string (loader, value, p, &region);
          if (ok && *region == '\0')
            ok = fail (loader, p, _("expected a region name, got an empty string"));
          if (ok)
            {
              g_free (note->region);
              note->region = g_steal_pointer (&region);
              has_region = TRUE;
            }
        }
      else if (g_str_equal (key, "attach"))
        {
          g_autofree char *region = g_steal_pointer (&note->region);

          ok = load_note_attach (loader, value, p, note);
          note->region = g_steal_pointer (&region);
          has_attach = TRUE;
        }
      else if (g_str_equal (key, "layout"))
        {
          TopoJsonValue *layout = get_object (loader, value, p);

          if (layout == NULL)
            return FALSE;
          for (guint i = 0; i < 2; i++)
            if (!topo_json_value_member (layout, i == 0 ? "x" : "y"))
              return fail (loader, p, _("missing required key \"%s\""), i == 0 ? "x" : "y");
          for (guint l = 0; l < layout->n && ok; l++)
            {
              const char *lkey = layout->u.items[l].key;
              const Path lp = { p, lkey, -1 };

              if (g_str_equal (lkey, "x"))
                ok = get_coordinate (loader, &layout->u.items[l], &lp, &note->x);
              else if (g_str_equal (lkey, "y"))
                ok = get_coordinate (loader, &layout->u.items[l], &lp, &note->y);
              else
                ok = keep_unknown (loader, &lp, &note->layout_extra, lkey, &layout->u.items[l]);
            }
          note->has_layout = TRUE;
        }
      else
        ok = keep_unknown (loader, p, &note->extra, key, value);
      if (!ok)
        return FALSE;
    }
  if (has_region && has_attach)
    return fail (loader, path, _("a note is either free on a lane (\"region\") or attached (\"attach\"), not both"));
  if (!has_region && !has_attach)
    return fail (loader, path, _("missing required key \"region\" or \"attach\" (where the note is)"));
  if (topo_document_lookup_note (loader->doc, note->id) != NULL)
    return fail (loader, &(const Path) { path, "id", -1 }, _("duplicate note id '%s'"), note->id);
  topo_document_insert_note (loader->doc, topo_document_get_n_notes (loader->doc),
                             g_steal_pointer (&note));
  return TRUE;
}

/* "teams", "resources" and "links": arrays whose items are loaded and added in order. */
static gboolean
load_items (Loader        *loader,
            TopoJsonValue *node,
            const Path    *path,
            gboolean     (*load_item) (Loader *, TopoJsonValue *, const Path *))
{
  TopoJsonValue *array = get_array (loader, node, path);

  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < array->n; i++)
    if (!load_item (loader, &array->u.items[i], &(const Path) { path, NULL, i }))
      return FALSE;
  return TRUE;
}

/* Second pass: every reference names an existing id of the right kind. */

static gboolean
check_reference (Loader     *loader,
                 const Path *path,
                 const char *id,
                 TopoKind    kind)
{
  const TopoResource *target = topo_document_lookup (loader->doc, id);

  if (target == NULL)
    return fail (loader, path, _("no resource has the id '%s' (expected the id of a %s)"), id,
                 topo_kind_to_string (kind));
  if (target->kind != kind)
    return fail (loader, path, _("'%s' is a %s, expected a %s"), id,
                 topo_kind_to_string (target->kind), topo_kind_to_string (kind));
  return TRUE;
}

static gboolean
resolve_references (Loader *loader)
{
  TopoDocument *doc = loader->doc;
  guint n = topo_document_get_n_resources (doc);
  const Path root = { NULL, "$", -1 };
  const Path resources = { &root, "resources", -1 };
  const Path links = { &root, "links", -1 };

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      const Path base = { &resources, NULL, i };

      if (r->group != NULL &&
          !check_reference (loader, &(const Path) { &base, "group", -1 }, r->group,
                            TOPO_KIND_RESOURCE_GROUP))
        return FALSE;
      if (r->workspace != NULL &&
          !check_reference (loader, &(const Path) { &base, "workspace", -1 }, r->workspace,
                            TOPO_KIND_WORKSPACE))
        return FALSE;
      for (guint a = 0; a < 4; a++)
        {
          const char *target = topo_resource_associated (r, a);

          if (target != NULL &&
              !check_reference (loader, &(const Path) { &base, topo_associated_keys[a], -1 },
                                target, topo_associated_kinds[a]))
            return FALSE;
        }
      for (guint a = 0; r->access != NULL && a < r->access->len; a++)
        {
          const char *team = g_array_index (r->access, TopoAccessEntry, a).team;

          if (topo_document_lookup_team (doc, team) == NULL)
            {
              const Path access = { &base, "access", -1 };
              const Path entry = { &access, NULL, a };

              return fail (loader, &(const Path) { &entry, "team", -1 },
                           _("no team has the id '%s'"), team);
            }
        }
    }

  for (guint i = 0; i < topo_document_get_n_links (doc); i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      const TopoResource *from = topo_document_lookup (doc, link->from);
      const TopoResource *to = topo_document_lookup (doc, link->to);
      const Path base = { &links, NULL, i };

      if (from == NULL || to == NULL)
        return fail (loader, &(const Path) { &base, from == NULL ? "from" : "to", -1 },
                     _("no resource has the id '%s'"), from == NULL ? link->from : link->to);
      if (!topo_link_type_allows (link->type, from->kind, to->kind))
        {
          static const char *const expected[] = {
            "workspace → storage", "workspace → aks", "workspace → workspace", "storage → storage",
          };

          return fail (loader, &base, _("a %s link cannot join a %s to a %s (expected %s)"),
                       topo_link_type_to_string (link->type), topo_kind_to_string (from->kind),
                       topo_kind_to_string (to->kind), expected[link->type]);
        }
    }
  for (guint i = 0; i < topo_document_get_n_notes (doc); i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);
      const Path notes = { &root, "notes", -1 };
      const Path base = { &notes, NULL, i };
      const Path attach = { &base, "attach", -1 };

      if (topo_document_lookup (doc, note->id) != NULL)
        return fail (loader, &(const Path) { &base, "id", -1 },
                     _("'%s' is already a resource's id (notes and resources share ids)"), note->id);
      if (note->attach != NULL && topo_document_lookup (doc, note->attach) == NULL)
        return fail (loader, &attach, _("no resource has the id '%s'"), note->attach);
      if (note->link_from != NULL &&
          topo_document_find_link (doc, note->link_type, note->link_from, note->link_to) < 0)
        return fail (loader, &attach, _("no %s link from '%s' to '%s' in \"links\""),
                     topo_link_type_to_string (note->link_type), note->link_from, note->link_to);
    }
  return TRUE;
}

/* The reader assumes UTF-8; say where it is not, and name NUL bytes, which JSON text can't hold. */
static gboolean
check_utf8 (const char  *data,
            gsize        length,
            const char  *file,
            GError     **error)
{
  const char *end_valid = NULL;
  guint line = 1;
  gsize offset;

  if (g_utf8_validate_len (data, length, &end_valid))
    return TRUE;
  offset = end_valid - data;
  for (const char *p = data; p < end_valid; p++)
    line += *p == '\n';
  g_set_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_SYNTAX,
               _("%s:%u: not valid UTF-8 text (%s at byte %lu)"), file, line,
               data[offset] == '\0' ? _("a NUL byte") : _("an invalid byte sequence"),
               (gulong) offset);
  return FALSE;
}

TopoDocument *
topo_format_load_data (const char  *data,
                       gsize        length,
                       const char  *display_name,
                       GError     **error)
{
  g_autoptr(TopoJsonDocument) json = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(GError) local_error = NULL;
  TopoJsonValue *root;
  TopoJsonValue *node;
  Loader loader = { display_name, NULL, error };
  const Path root_path = { NULL, "$", -1 };
  g_autoptr(GPtrArray) suppressions = NULL;
  g_autofree char *error_path = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!check_utf8 (data, length, display_name, error))
    return NULL;

  json = topo_json_document_parse_known (data, length, MAX_DEPTH, member_is_known,
                                         TOPO_FORMAT_MAX_UNKNOWN_VALUES, &error_path, &local_error);
  if (json == NULL && g_error_matches (local_error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_INVALID))
    {
      g_set_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_INVALID, "%s: %s: %s", display_name,
                   error_path, local_error->message);
      return NULL;
    }
  if (json == NULL)
    {
      g_set_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_SYNTAX, "%s:%s", display_name,
                   local_error->message);
      return NULL;
    }
  node = topo_json_document_root (json);
  if (node->type != TOPO_JV_OBJECT)
    {
      fail (&loader, &root_path, _("expected a JSON object, got %s"), node_type_name (node));
      return NULL;
    }
  root = node;

  node = topo_json_value_member (root, "format");
  if (node == NULL)
    {
      fail (&loader, &root_path, _("missing required key \"format\" (expected \"topograph\")"));
      return NULL;
    }
  if (!is_string (node) || !g_str_equal (node->u.s, "topograph"))
    {
      fail (&loader, &(const Path) { &root_path, "format", -1 }, _("expected \"topograph\" (this is not a Topograph design)"));
      return NULL;
    }
  node = topo_json_value_member (root, "version");
  if (node == NULL)
    {
      fail (&loader, &root_path, _("missing required key \"version\" (expected 1)"));
      return NULL;
    }
  if (node->type != TOPO_JV_INT || node->u.i != 1)
    {
      fail (&loader, &(const Path) { &root_path, "version", -1 }, _("expected the integer 1 (this program reads format version 1)"));
      return NULL;
    }

  doc = topo_document_new ();
  loader.doc = doc;
  _topo_document_set_recording (doc, FALSE);

  for (guint m = 0; m < root->n; m++)
    {
      const char *key = root->u.items[m].key;
      const Path path_s = { &root_path, key, -1 };
      const Path *path = &path_s;

      node = (&root->u.items[m]);
      if (g_str_equal (key, "format") || g_str_equal (key, "version"))
        continue;
      if (g_str_equal (key, "name"))
        {
          g_autofree char *name = NULL;

          if (!get_string (&loader, node, path, &name))
            return NULL;
          topo_document_set_name (doc, name);
        }
      else if (g_str_equal (key, "policy"))
        {
          g_autoptr(TopoPolicy) policy = topo_policy_new ();

          if (!load_policy (&loader, node, path, policy))
            return NULL;
          topo_document_set_policy (doc, g_steal_pointer (&policy));
        }
      else if (g_str_equal (key, "lanes"))
        {
          g_auto(GStrv) lanes = NULL;

          if (!get_string_list (&loader, node, path, &lanes))
            return NULL;
          topo_document_set_lanes (doc, (const char *const *) lanes);
        }
      else if (g_str_equal (key, "teams"))
        {
          if (!load_items (&loader, node, path, load_team))
            return NULL;
        }
      else if (g_str_equal (key, "resources"))
        {
          if (!load_items (&loader, node, path, load_resource))
            return NULL;
        }
      else if (g_str_equal (key, "links"))
        {
          if (!load_items (&loader, node, path, load_link))
            return NULL;
        }
      else if (g_str_equal (key, "notes"))
        {
          _topo_document_set_notes_key (doc, TRUE);
          if (!load_items (&loader, node, path, load_note))
            return NULL;
        }
      else if (g_str_equal (key, "suppressions"))
        {
          TopoJsonValue *array = get_array (&loader, node, path);

          if (array == NULL)
            return NULL;
          g_clear_pointer (&suppressions, g_ptr_array_unref);
          suppressions = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_suppression_free);
          for (guint i = 0; i < array->n; i++)
            if (!load_suppression (&loader, &array->u.items[i], &(const Path) { path, NULL, i },
                                   suppressions))
              return NULL;
        }
      else
        {
          JsonObject *extra = topo_document_get_extra (doc);
          gboolean had_extra = extra != NULL;

          if (!keep_unknown (&loader, path, &extra, key, node))
            return NULL;
          if (!had_extra)
            _topo_document_set_extra (doc, extra);
        }
    }

  if (!resolve_references (&loader))
    return NULL;
  /* The model keeps the suppressions with the policy (whichever key came first). */
  if (suppressions != NULL)
    {
      TopoPolicy *policy = topo_policy_copy (topo_document_get_policy (doc));

      policy->suppressions = g_steal_pointer (&suppressions);
      topo_document_set_policy (doc, policy);
    }

  topo_layout_auto (doc);
  _topo_document_set_recording (doc, TRUE);
  topo_document_clear_history (doc);
  return g_steal_pointer (&doc);
}

TopoDocument *
topo_format_load_file (GFile   *file,
                       GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display_name = g_file_get_path (file);
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (display_name == NULL)
    display_name = g_file_get_uri (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO, "%s: %s", display_name,
                   local_error->message);
      return NULL;
    }
  return topo_format_load_data (contents, length, display_name, error);
}

TopoDocument *
topo_format_load_path (const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  /* Keep the path exactly as the user gave it in messages. */
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  return topo_format_load_data (contents, length, path, error);
}

/* Saving: canonical text */

/* Indentation without a loop: saving writes hundreds of thousands of lines. */
static void
indent_line (GString *out,
             guint    indent)
{
  static const char spaces[] = "                                                                ";

  while (indent > 32)
    {
      g_string_append_len (out, spaces, 64);
      indent -= 32;
    }
  g_string_append_len (out, spaces, 2 * indent);
}

static void
append_int (GString *out,
            gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    *--p = '0' + magnitude % 10;
  while ((magnitude /= 10) > 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

static void
write_key (GString    *out,
           guint       indent,
           gboolean   *first,
           const char *key)
{
  g_string_append (out, *first ? "\n" : ",\n");
  *first = FALSE;
  indent_line (out, indent);
  topo_json_write_string (out, key);
  g_string_append (out, ": ");
}

static void
write_str (GString *out, guint indent, gboolean *first, const char *key, const char *value)
{
  if (value == NULL)
    return;
  write_key (out, indent, first, key);
  topo_json_write_string (out, value);
}

static void
write_int (GString *out, guint indent, gboolean *first, const char *key, gint64 value)
{
  if (value == TOPO_COUNT_UNSET)
    return;
  write_key (out, indent, first, key);
  append_int (out, value);
}

static void
write_tri (GString *out, guint indent, gboolean *first, const char *key, TopoTri value)
{
  if (value == TOPO_TRI_UNSET)
    return;
  write_key (out, indent, first, key);
  g_string_append (out, value == TOPO_TRI_TRUE ? "true" : "false");
}

static void
write_number (GString *out,
              double   value)
{
  if (value == floor (value) && fabs (value) < 1e15)
    append_int (out, (gint64) value);
  else
    {
      g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);

      topo_json_write_node (out, node, 0);
    }
}

static void
write_strv (GString *out, guint indent, gboolean *first, const char *key, GStrv values)
{
  if (values == NULL)
    return;
  write_key (out, indent, first, key);
  if (values[0] == NULL)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append (out, "[\n");
  for (guint i = 0; values[i]; i++)
    {
      indent_line (out, indent + 1);
      topo_json_write_string (out, values[i]);
      g_string_append (out, values[i + 1] ? ",\n" : "\n");
    }
  indent_line (out, indent);
  g_string_append_c (out, ']');
}

static void
write_extra (GString *out, guint indent, gboolean *first, JsonObject *extra)
{
  g_autoptr(GList) members = NULL;

  if (extra == NULL)
    return;
  members = json_object_get_members (extra);
  for (GList *l = members; l; l = l->next)
    {
      write_key (out, indent, first, l->data);
      topo_json_write_node (out, json_object_get_member (extra, l->data), indent);
    }
}

static void
open_object (GString *out, gboolean *first)
{
  g_string_append_c (out, '{');
  *first = TRUE;
}

static void
close_object (GString *out, guint indent, gboolean first)
{
  if (first)
    {
      g_string_append_c (out, '}');
      return;
    }
  g_string_append_c (out, '\n');
  indent_line (out, indent);
  g_string_append_c (out, '}');
}

static void
write_resource (GString            *out,
                const TopoResource *r,
                guint               indent)
{
  gboolean first;

  open_object (out, &first);
  write_str (out, indent + 1, &first, "id", r->id);
  write_str (out, indent + 1, &first, "type", topo_kind_to_string (r->kind));
  write_str (out, indent + 1, &first, "name", r->name);
  write_tri (out, indent + 1, &first, "existing", r->existing ? TOPO_TRI_TRUE : TOPO_TRI_UNSET);
  write_str (out, indent + 1, &first, "group", r->group);
  write_str (out, indent + 1, &first, "region", r->region);
  write_str (out, indent + 1, &first, "environment", r->environment);
  write_str (out, indent + 1, &first, "purpose", topo_purpose_to_string (r->purpose));
  write_str (out, indent + 1, &first, "team", r->team);
  write_str (out, indent + 1, &first, "project", r->project);
  write_str (out, indent + 1, &first, "workspace", r->workspace);
  write_str (out, indent + 1, &first, "vm_size", r->vm_size);
  write_int (out, indent + 1, &first, "min_nodes", r->min_nodes);
  write_int (out, indent + 1, &first, "max_nodes", r->max_nodes);
  write_int (out, indent + 1, &first, "node_count", r->node_count);
  write_str (out, indent + 1, &first, "data", topo_data_to_string (r->data));
  write_str (out, indent + 1, &first, "sensitivity", topo_level_to_string (r->sensitivity));
  write_str (out, indent + 1, &first, "sku", r->sku);
  write_tri (out, indent + 1, &first, "hns", r->hns);
  write_tri (out, indent + 1, &first, "public_network_access", r->public_network_access);
  if (r->access != NULL)
    {
      write_key (out, indent + 1, &first, "access");
      if (r->access->len == 0)
        g_string_append (out, "[]");
      else
        {
          g_string_append (out, "[\n");
          for (guint i = 0; i < r->access->len; i++)
            {
              const TopoAccessEntry *entry = &g_array_index (r->access, TopoAccessEntry, i);
              gboolean efirst;

              indent_line (out, indent + 2);
              open_object (out, &efirst);
              write_str (out, indent + 3, &efirst, "team", entry->team);
              write_str (out, indent + 3, &efirst, "role", topo_role_to_string (entry->role));
              write_extra (out, indent + 3, &efirst, entry->extra);
              close_object (out, indent + 2, efirst);
              g_string_append (out, i + 1 < r->access->len ? ",\n" : "\n");
            }
          indent_line (out, indent + 1);
          g_string_append_c (out, ']');
        }
    }
  for (guint a = 0; a < 4; a++)
    write_str (out, indent + 1, &first, topo_associated_keys[a], topo_resource_associated (r, a));
  if (r->tags != NULL)
    {
      gboolean tfirst;

      write_key (out, indent + 1, &first, "tags");
      open_object (out, &tfirst);
      for (guint i = 0; i < r->tags->len; i++)
        write_str (out, indent + 2, &tfirst, g_array_index (r->tags, TopoTag, i).key,
                   g_array_index (r->tags, TopoTag, i).value);
      close_object (out, indent + 1, tfirst);
    }
  if (r->has_layout)
    {
      gboolean lfirst;
      const char *keys[] = { "x", "y", "w", "h" };
      const double values[] = { r->layout.x, r->layout.y, r->layout.w, r->layout.h };

      write_key (out, indent + 1, &first, "layout");
      open_object (out, &lfirst);
      for (guint i = 0; i < (r->kind == TOPO_KIND_RESOURCE_GROUP ? 4u : 2u); i++)
        {
          write_key (out, indent + 2, &lfirst, keys[i]);
          write_number (out, values[i]);
        }
      write_extra (out, indent + 2, &lfirst, r->layout_extra);
      close_object (out, indent + 1, lfirst);
    }
  write_extra (out, indent + 1, &first, r->extra);
  close_object (out, indent, first);
}

static void
write_array_start (GString *out, guint n)
{
  g_string_append (out, n == 0 ? "[]" : "[\n");
}

static void
write_note (GString        *out,
            const TopoNote *note)
{
  gboolean first;

  indent_line (out, 2);
  open_object (out, &first);
  write_str (out, 3, &first, "id", note->id);
  write_str (out, 3, &first, "text", note->text);
  write_str (out, 3, &first, "author", note->author);
  write_str (out, 3, &first, "date", note->date);
  write_str (out, 3, &first, "region", note->region);
  write_str (out, 3, &first, "attach", note->attach);
  if (note->link_from != NULL)
    {
      gboolean afirst;

      write_key (out, 3, &first, "attach");
      open_object (out, &afirst);
      write_str (out, 4, &afirst, "type", topo_link_type_to_string (note->link_type));
      write_str (out, 4, &afirst, "from", note->link_from);
      write_str (out, 4, &afirst, "to", note->link_to);
      close_object (out, 3, afirst);
    }
  if (note->has_layout)
    {
      gboolean lfirst;

      write_key (out, 3, &first, "layout");
      open_object (out, &lfirst);
      write_key (out, 4, &lfirst, "x");
      write_number (out, note->x);
      write_key (out, 4, &lfirst, "y");
      write_number (out, note->y);
      write_extra (out, 4, &lfirst, note->layout_extra);
      close_object (out, 3, lfirst);
    }
  write_extra (out, 3, &first, note->extra);
  close_object (out, 2, first);
}

char *
topo_format_to_data (TopoDocument *doc,
                     gsize        *length)
{
  GString *out;
  const TopoPolicy *policy = topo_document_get_policy (doc);
  gboolean first, pfirst;
  guint n;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  n = topo_document_get_n_resources (doc);
  out = g_string_sized_new (4096 + (gsize) n * 400);

  open_object (out, &first);
  write_str (out, 1, &first, "format", "topograph");
  write_key (out, 1, &first, "version");
  g_string_append (out, "1");
  write_str (out, 1, &first, "name", topo_document_get_name (doc));

  write_key (out, 1, &first, "policy");
  open_object (out, &pfirst);
  write_strv (out, 2, &pfirst, "allowed_regions", policy->allowed_regions);
  write_str (out, 2, &pfirst, "residency", topo_residency_to_string (policy->residency));
  write_strv (out, 2, &pfirst, "required_tags", policy->required_tags);
  write_str (out, 2, &pfirst, "naming", topo_naming_to_string (policy->naming));
  write_strv (out, 2, &pfirst, "environments", policy->environments);
  write_strv (out, 2, &pfirst, "production_environments", policy->production_environments);
  if (policy->rules != NULL)
    {
      gboolean rfirst;

      write_key (out, 2, &pfirst, "rules");
      open_object (out, &rfirst);
      for (guint i = 0; i < policy->rules->len; i++)
        {
          const TopoRuleOverride *o = &g_array_index (policy->rules, TopoRuleOverride, i);
          write_str (out, 3, &rfirst, o->rule, topo_rule_level_to_string (o->level));
        }
      close_object (out, 2, rfirst);
    }
  if (policy->quotas != NULL)
    {
      write_key (out, 2, &pfirst, "quotas");
      write_array_start (out, policy->quotas->len);
      for (guint i = 0; i < policy->quotas->len; i++)
        {
          const TopoQuota *q = &g_array_index (policy->quotas, TopoQuota, i);
          gboolean qfirst;

          indent_line (out, 3);
          open_object (out, &qfirst);
          write_str (out, 4, &qfirst, "region", q->region);
          write_str (out, 4, &qfirst, "family", q->family);
          write_int (out, 4, &qfirst, q->family != NULL ? "vcpus" : "total", q->vcpus);
          write_extra (out, 4, &qfirst, q->extra);
          close_object (out, 3, qfirst);
          g_string_append (out, i + 1 < policy->quotas->len ? ",\n" : "\n");
        }
      if (policy->quotas->len > 0)
        {
          indent_line (out, 2);
          g_string_append_c (out, ']');
        }
    }
  write_extra (out, 2, &pfirst, policy->extra);
  close_object (out, 1, pfirst);

  {
    g_auto(GStrv) lanes = g_strdupv ((GStrv) topo_document_get_lanes (doc));

    write_strv (out, 1, &first, "lanes", lanes);
  }

  write_key (out, 1, &first, "teams");
  write_array_start (out, topo_document_get_n_teams (doc));
  for (guint i = 0; i < topo_document_get_n_teams (doc); i++)
    {
      const TopoTeam *team = topo_document_get_team (doc, i);
      gboolean tfirst;

      indent_line (out, 2);
      open_object (out, &tfirst);
      write_str (out, 3, &tfirst, "id", team->id);
      write_str (out, 3, &tfirst, "name", team->name);
      write_str (out, 3, &tfirst, "data_access", topo_level_to_string (team->data_access));
      write_tri (out, 3, &tfirst, "external", team->external);
      write_extra (out, 3, &tfirst, team->extra);
      close_object (out, 2, tfirst);
      g_string_append (out, i + 1 < topo_document_get_n_teams (doc) ? ",\n" : "\n");
    }
  if (topo_document_get_n_teams (doc) > 0)
    g_string_append (out, "  ]");

  write_key (out, 1, &first, "resources");
  write_array_start (out, n);
  for (guint i = 0; i < n; i++)
    {
      indent_line (out, 2);
      write_resource (out, topo_document_get_resource (doc, i), 2);
      g_string_append (out, i + 1 < n ? ",\n" : "\n");
    }
  if (n > 0)
    g_string_append (out, "  ]");

  write_key (out, 1, &first, "links");
  write_array_start (out, topo_document_get_n_links (doc));
  for (guint i = 0; i < topo_document_get_n_links (doc); i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      gboolean lfirst;

      indent_line (out, 2);
      open_object (out, &lfirst);
      write_str (out, 3, &lfirst, "type", topo_link_type_to_string (link->type));
      write_str (out, 3, &lfirst, "from", link->from);
      write_str (out, 3, &lfirst, "to", link->to);
      write_str (out, 3, &lfirst, "access", topo_access_to_string (link->access));
      write_str (out, 3, &lfirst, "compute", link->compute);
      write_extra (out, 3, &lfirst, link->extra);
      close_object (out, 2, lfirst);
      g_string_append (out, i + 1 < topo_document_get_n_links (doc) ? ",\n" : "\n");
    }
  if (topo_document_get_n_links (doc) > 0)
    g_string_append (out, "  ]");

  /* Notes and suppressions only when the file had the key (or one was added): files without
   * them stay as they were. */
  if (topo_document_has_notes_key (doc))
    {
      guint n_notes = topo_document_get_n_notes (doc);

      write_key (out, 1, &first, "notes");
      write_array_start (out, n_notes);
      for (guint i = 0; i < n_notes; i++)
        {
          write_note (out, topo_document_get_note (doc, i));
          g_string_append (out, i + 1 < n_notes ? ",\n" : "\n");
        }
      if (n_notes > 0)
        g_string_append (out, "  ]");
    }

  if (policy->suppressions != NULL)
    {
      write_key (out, 1, &first, "suppressions");
      write_array_start (out, policy->suppressions->len);
      for (guint i = 0; i < policy->suppressions->len; i++)
        {
          const TopoSuppression *s = g_ptr_array_index (policy->suppressions, i);
          gboolean sfirst;

          indent_line (out, 2);
          open_object (out, &sfirst);
          write_str (out, 3, &sfirst, "rule", s->rule);
          write_strv (out, 3, &sfirst, "subjects", s->subjects);
          write_str (out, 3, &sfirst, "justification", s->justification);
          write_str (out, 3, &sfirst, "expires", s->expires);
          write_extra (out, 3, &sfirst, s->extra);
          close_object (out, 2, sfirst);
          g_string_append (out, i + 1 < policy->suppressions->len ? ",\n" : "\n");
        }
      if (policy->suppressions->len > 0)
        g_string_append (out, "  ]");
    }

  write_extra (out, 1, &first, topo_document_get_extra (doc));
  close_object (out, 0, first);
  g_string_append_c (out, '\n');

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* Saving: topo-file.c decides how (symbolic links followed, atomic rename or, when that would
 * change the file's links or owner, in place; stale temporaries removed). Tests inject a
 * failure after some bytes to prove the old file survives. */

void
_topo_format_set_write_fault (gssize   after_bytes,
                              gboolean kill_process)
{
  _topo_file_set_write_fault (after_bytes, kill_process);
}

gboolean
topo_format_save_path (TopoDocument  *doc,
                       const char    *path,
                       GError       **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);

  data = topo_format_to_data (doc, &length);
  if (!topo_file_replace (path, data, length, &local_error))
    {
      g_set_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO, _("%s: cannot save: %s"), path,
                   local_error->message);
      return FALSE;
    }
  topo_document_mark_clean (doc);
  return TRUE;
}

gboolean
topo_format_save_file (TopoDocument  *doc,
                       GFile         *file,
                       GError       **error)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO,
                   _("%s: cannot save: only local files are supported"), uri);
      return FALSE;
    }
  return topo_format_save_path (doc, path, error);
}
