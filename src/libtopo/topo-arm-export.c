/* topo-arm-export.c: a design as one subscription-scope ARM template
 *
 * Shape (ARM.md): the resource groups, then one nested deployment per RG (inner expression scope,
 * inline template) holding that RG's resources. Two refinements keep the template deployable:
 * - a compute is a child of its workspace, so it is deployed with the workspace's RG;
 * - a datastore role assignment whose workspace lives in another RG goes into a second deployment
 *   of the storage's RG ("…-access") that runs after both RGs' deployments: placing it in either
 *   main deployment would make the two deployments depend on each other.
 * RG-level dependency cycles (workspace in A using storage in B while a workspace in B uses
 * storage in A) cannot be expressed; the dependsOn that would close a cycle is dropped and listed
 * in metadata.topograph.droppedDependencies, so a second deployment run completes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-arm-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "topo-arm-export.h"
#include "topo-file.h"
#include "topo-json-reader.h"
#include "topo-arm-expr.h"
#include "topo-format.h"

#define API_RESOURCES   "2022-09-01"
#define API_ML          "2024-10-01"
#define API_STORAGE     "2023-05-01"
#define API_KEY_VAULT   "2023-07-01"
#define API_INSIGHTS    "2020-02-02"
#define API_REGISTRY    "2023-07-01"
#define API_AKS         "2025-10-01"
#define API_ROLES       "2022-04-01"

#define T_RG          "Microsoft.Resources/resourceGroups"
#define T_DEPLOYMENT  "Microsoft.Resources/deployments"
#define T_WORKSPACE   "Microsoft.MachineLearningServices/workspaces"
#define T_COMPUTE     "Microsoft.MachineLearningServices/workspaces/computes"
#define T_DATASTORE   "Microsoft.MachineLearningServices/workspaces/datastores"
#define T_STORAGE     "Microsoft.Storage/storageAccounts"
#define T_KEY_VAULT   "Microsoft.KeyVault/vaults"
#define T_INSIGHTS    "Microsoft.Insights/components"
#define T_REGISTRY    "Microsoft.ContainerRegistry/registries"
#define T_AKS         "Microsoft.ContainerService/managedClusters"
#define T_ROLE        "Microsoft.Authorization/roleAssignments"

#define DEFAULT_VM_SIZE TOPO_ARM_DEFAULT_VM_SIZE

static const char *const role_guids[TOPO_N_ROLES] = {
  [TOPO_ROLE_READER] = "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  [TOPO_ROLE_COMPUTE_OPERATOR] = "e503ece1-11d0-4e8e-8e2c-7a6c3bf38815",
  [TOPO_ROLE_DATA_SCIENTIST] = "f6c7c914-8db3-469d-8ca1-694a8f32e121",
  [TOPO_ROLE_CONTRIBUTOR] = "b24988ac-6180-42a0-ab88-20f7382dd24c",
  [TOPO_ROLE_OWNER] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
};

const char *
topo_arm_role_guid (TopoRole role)
{
  if (role <= TOPO_ROLE_UNSET || role >= TOPO_N_ROLES)
    return NULL;
  return role_guids[role];
}

TopoRole
topo_arm_role_from_guid (const char *guid)
{
  if (guid == NULL)
    return TOPO_ROLE_UNSET;
  for (int r = TOPO_ROLE_READER; r < TOPO_N_ROLES; r++)
    if (g_ascii_strcasecmp (guid, role_guids[r]) == 0)
      return (TopoRole) r;
  return TOPO_ROLE_UNSET;
}

/* ---- team parameters ---- */

GHashTable *
topo_arm_team_parameters (TopoDocument *doc)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < topo_document_get_n_teams (doc); i++)
    {
      const TopoTeam *team = topo_document_get_team (doc, i);
      g_autoptr(GString) base = g_string_new (NULL);
      gboolean upper = FALSE;
      char *param;

      if (g_ascii_isdigit (team->id[0]))
        {
          g_string_append (base, "team");
          upper = TRUE;
        }
      for (const char *p = team->id; *p != '\0'; p++)
        {
          if (*p == '.' || *p == '-' || *p == '_')
            {
              upper = base->len > 0;
              continue;
            }
          if (!g_ascii_isalnum (*p))
            continue;
          g_string_append_c (base, upper ? g_ascii_toupper (*p) : *p);
          upper = FALSE;
        }
      if (base->len == 0)
        g_string_append (base, "team");
      param = g_strconcat (base->str, "PrincipalId", NULL);
      for (guint k = 2; g_hash_table_contains (taken, param); k++)
        {
          g_free (param);
          param = g_strdup_printf ("%s%uPrincipalId", base->str, k);
        }
      g_hash_table_add (taken, param);
      g_hash_table_insert (map, g_strdup (team->id), param);
    }
  return map;
}

/* ---- context ---- */

typedef struct
{
  char       *name[4];        /* Azure names of storage, key vault, app insights, registry */
  int         rg[4];          /* RG index, -1 = none */
  gboolean    created[4];     /* derived by the export */
  gboolean    existing[4];    /* referenced, not deployed: nothing in the template to depend on */
} Assoc;

/* A streaming writer of the canonical JSON form (same bytes as topo_json_write_node): building a
 * JsonNode tree first costs several times more than the whole export is allowed to take. */
#define W_MAX_DEPTH 32

typedef struct
{
  GString *s;
  guint    base;                  /* indentation level of the fragment's container */
  guint    depth;
  guint    count[W_MAX_DEPTH];    /* members written at each open level */
} W;

typedef struct
{
  const TopoResource *rg;
  const char *name;           /* Azure name */
  char       *deployment;
  char       *access_deployment;
  W           items;          /* elements of the inner template's "resources" */
  W           access_items;   /* same for the "-access" deployment; s NULL = none */
  GPtrArray  *params;         /* team parameter names this RG's deployment needs (ordered) */
  GArray     *deps;           /* RG indices the main deployment depends on */
  GArray     *access_deps;
  gboolean    referenced;     /* holds existing resources only: not declared, see mark_referenced */
} RgOut;

typedef struct
{
  TopoDocument *doc;
  GHashTable   *rg_index;     /* RG id → index + 1 */
  RgOut        *rgs;
  guint         n_rgs;
  GHashTable   *team_params;
  GHashTable   *assoc;        /* workspace id → Assoc */
  GHashTable   *used[TOPO_N_KINDS];
  GHashTable   *premium;      /* registry ids used by a workspace without public access */
  GHashTable   *ds_names;     /* workspace id → set of its datastore names */
  GArray       *dropped;      /* pairs of RG indices whose dependency was dropped */
} Ctx;

static void
assoc_free (Assoc *a)
{
  for (guint i = 0; i < 4; i++)
    g_free (a->name[i]);
  g_free (a);
}

static int
rg_of (Ctx *ctx,
       const TopoResource *r)
{
  const char *id = r->kind == TOPO_KIND_RESOURCE_GROUP ? r->id : r->group;
  gpointer v;

  if (id == NULL)
    return -1;
  v = g_hash_table_lookup (ctx->rg_index, id);
  return v == NULL ? -1 : GPOINTER_TO_INT (v) - 1;
}

/* The RG whose deployment holds the resource: computes go with their workspace. */
static int
deploy_rg_of (Ctx *ctx,
              const TopoResource *r)
{
  if (topo_kind_is_compute (r->kind) && r->workspace != NULL)
    {
      const TopoResource *ws = topo_document_lookup (ctx->doc, r->workspace);
      if (ws != NULL)
        return rg_of (ctx, ws);
    }
  return rg_of (ctx, r);
}

/* A resource group whose resources (computes aside: they deploy with their workspace) are all
 * existing exists itself: the export references it and never declares it, since a
 * Microsoft.Resources/resourceGroups resource would PUT it again with the design's region and tags
 * (Azure refuses that PUT when the real group is elsewhere). Empty groups and groups with
 * anything to create are declared. topo_validate's TAG001 uses the same test. */
static void
mark_referenced (Ctx *ctx)
{
  g_autofree guint8 *deployed = g_new0 (guint8, ctx->n_rgs + 1);

  for (guint i = 0; i < topo_document_get_n_resources (ctx->doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (ctx->doc, i);
      int rgi;

      if (r->kind == TOPO_KIND_RESOURCE_GROUP || topo_kind_is_compute (r->kind))
        continue;
      rgi = rg_of (ctx, r);
      if (rgi < 0)
        continue;
      if (r->existing)
        ctx->rgs[rgi].referenced = TRUE;
      else
        deployed[rgi] = TRUE;
    }
  for (guint k = 0; k < ctx->n_rgs; k++)
    if (deployed[k])
      ctx->rgs[k].referenced = FALSE;
}

/* Whether the template has the main deployment of RG k: a referenced group gets one only when
 * something is deployed into it (the computes or team access of an existing workspace). */
static gboolean
has_deployment (Ctx *ctx,
                int k)
{
  return !ctx->rgs[k].referenced || ctx->rgs[k].items.count[1] > 0;
}

static void
add_unique_int (GArray *array,
                int value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, int, i) == value)
      return;
  g_array_append_val (array, value);
}

static void
add_unique_str (GPtrArray *array,
                const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return;
  g_ptr_array_add (array, (gpointer) value);
}

/* ---- writer ---- */

/* Appends without going through g_string_insert_len (not inline in GLib 2.74): the exporter
 * makes millions of tiny appends. */
static inline void
put (GString *s,
     const char *p,
     gsize n)
{
  if (G_UNLIKELY (s->len + n >= s->allocated_len))
    {
      gsize len = s->len;
      g_string_set_size (s, len + n);   /* grows the allocation geometrically */
      s->len = len;
    }
  memcpy (s->str + s->len, p, n);
  s->len += n;
  s->str[s->len] = '\0';
}

static inline void
put_c (GString *s,
       char c)
{
  put (s, &c, 1);
}

static void
w_indent (W *w,
          guint level)
{
  static const char spaces[] = "                                                                ";

  put (w->s, spaces, MIN (2 * level, sizeof spaces - 1));
}

/* Same bytes as topo_json_write_string, which handles the strings that need escapes. */
static void
w_string (W *w,
          const char *str)
{
  const unsigned char *p;

  /* Plain strings (almost all of them) are copied in one go. */
  for (p = (const unsigned char *) str; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
    ;
  if (*p != '\0')
    {
      topo_json_write_string (w->s, str);
      return;
    }
  put_c (w->s, '"');
  put (w->s, str, (const char *) p - str);
  put_c (w->s, '"');
}

/* A fragment: the elements of an array whose "[" is at indentation level base. */
static void
w_init_fragment (W *w,
                 guint base)
{
  w->s = g_string_sized_new (4096);
  w->base = base;
  w->depth = 1;
  w->count[1] = 0;
}

static void
w_sep (W *w)
{
  if (w->count[w->depth]++ > 0)
    put (w->s, ",\n", 2);
  else
    put_c (w->s, '\n');
  w_indent (w, w->base + w->depth);
}

static void
w_open (W *w,
        char c)
{
  g_assert (w->depth + 1 < W_MAX_DEPTH);
  put_c (w->s, c);
  w->depth++;
  w->count[w->depth] = 0;
}

static void
w_close (W *w,
         char c)
{
  if (w->count[w->depth] > 0)
    {
      put_c (w->s, '\n');
      w_indent (w, w->base + w->depth - 1);
    }
  put_c (w->s, c);
  w->depth--;
}

static void
w_key (W *w,
       const char *key)
{
  w_sep (w);
  w_string (w, key);
  put (w->s, ": ", 2);
}

/* "key": "literal" — text the exporter controls. */
static void
w_str (W *w,
       const char *key,
       const char *value)
{
  w_key (w, key);
  w_string (w, value);
}

/* User text: escaped so ARM does not evaluate it ("[x" → "[[x"). */
static void
w_write_user (W *w,
              const char *text)
{
  if (text[0] == '[')
    {
      g_autofree char *escaped = topo_arm_escape_literal (text);
      w_string (w, escaped);
    }
  else
    w_string (w, text);
}

static void
w_user (W *w,
        const char *key,
        const char *text)
{
  w_key (w, key);
  w_write_user (w, text);
}

/* A member whose key is user text too (tag keys): escaped like the value. */
static void
w_user_pair (W *w,
             const char *key,
             const char *text)
{
  w_sep (w);
  w_write_user (w, key);
  put (w->s, ": ", 2);
  w_write_user (w, text);
}

static void
w_take (W *w,
        const char *key,
        char *value)
{
  w_str (w, key, value);
  g_free (value);
}

static void
w_bool (W *w,
        const char *key,
        gboolean value)
{
  w_key (w, key);
  if (value)
    put (w->s, "true", 4);
  else
    put (w->s, "false", 5);
}

static void
w_int (W *w,
       const char *key,
       gint64 value)
{
  w_key (w, key);
  g_string_append_printf (w->s, "%" G_GINT64_FORMAT, value);
}

static void
w_obj (W *w,
       const char *key)
{
  w_key (w, key);
  w_open (w, '{');
}

static void
w_arr (W *w,
       const char *key)
{
  w_key (w, key);
  w_open (w, '[');
}

static void
w_end_obj (W *w)
{
  w_close (w, '}');
}

static void
w_end_arr (W *w)
{
  w_close (w, ']');
}

static void
w_elem_obj (W *w)
{
  w_sep (w);
  w_open (w, '{');
}

static void
w_elem_str (W *w,
            const char *value)
{
  w_sep (w);
  w_string (w, value);
}

/* Appends a finished fragment as the array value of key. */
static void
w_fragment (W *w,
            const char *key,
            W *fragment)
{
  w_key (w, key);
  g_string_append_c (w->s, '[');
  if (fragment->s != NULL && fragment->count[1] > 0)
    {
      g_string_append_len (w->s, fragment->s->str, fragment->s->len);
      g_string_append_c (w->s, '\n');
      w_indent (w, w->base + w->depth);
    }
  g_string_append_c (w->s, ']');
}

/* Quoted for an expression string literal; returns text itself when nothing needs doubling. */
static const char *
quote_maybe (const char *text,
             char **owned)
{
  *owned = NULL;
  if (strchr (text, '\'') == NULL)
    return text;
  *owned = topo_arm_quote (text);
  return *owned;
}

/* [resourceId(['<rg>', ]'<type>', '<name>'[, '<name2>'])] as seen from the deployment of from_rg. */
static char *
resource_id (Ctx *ctx,
             int from_rg,
             int to_rg,
             const char *type,
             const char *name,
             const char *name2)
{
  g_autofree char *own_name = NULL;
  g_autofree char *own_rg = NULL;
  g_autofree char *own_name2 = NULL;
  const char *qname = quote_maybe (name, &own_name);

  const char *qname2 = name2 != NULL ? quote_maybe (name2, &own_name2) : NULL;

  if (to_rg >= 0 && to_rg != from_rg)
    {
      const char *qrg = quote_maybe (ctx->rgs[to_rg].name, &own_rg);
      return g_strconcat ("[resourceId('", qrg, "', '", type, "', '", qname,
                          qname2 != NULL ? "', '" : "", qname2 != NULL ? qname2 : "", "')]", NULL);
    }
  return g_strconcat ("[resourceId('", type, "', '", qname,
                      qname2 != NULL ? "', '" : "", qname2 != NULL ? qname2 : "", "')]", NULL);
}

/* Opens a resource object with type, apiVersion, name[, location]; the caller closes it. */
static void
begin_resource (W *w,
                const char *type,
                const char *api,
                const char *name,
                const char *location)
{
  w_elem_obj (w);
  w_str (w, "type", type);
  w_str (w, "apiVersion", api);
  w_user (w, "name", name);
  if (location != NULL)
    w_user (w, "location", location);
}

static void
add_tags (W *w,
          const TopoResource *r,
          const TopoResource *rg)
{
  gboolean has_env = FALSE;
  guint n = r->tags != NULL ? r->tags->len : 0;

  if (n == 0 && (rg == NULL || rg->environment == NULL))
    return;
  w_obj (w, "tags");
  for (guint i = 0; i < n; i++)
    {
      const TopoTag *tag = &g_array_index (r->tags, TopoTag, i);

      w_user_pair (w, tag->key, tag->value != NULL ? tag->value : "");
      if (g_str_equal (tag->key, "environment"))
        has_env = TRUE;
    }
  if (!has_env && rg != NULL && rg->environment != NULL)
    w_user (w, "environment", rg->environment);
  w_end_obj (w);
}

/* ---- derived names ---- */

/* Azure names compare case-insensitively: used holds lower-cased names. */
static gboolean
name_taken (GHashTable *used,
            const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_hash_table_contains (used, lower);
}

static char *
unique_name (GHashTable *used,
             const char *base,
             guint max_len,
             gboolean trim_hyphens)
{
  g_autofree char *candidate = g_strndup (base, max_len);

  if (trim_hyphens)
    while (strlen (candidate) > 0 && candidate[strlen (candidate) - 1] == '-')
      candidate[strlen (candidate) - 1] = '\0';
  for (guint k = 2; name_taken (used, candidate); k++)
    {
      char suffix[16];
      g_autofree char *stem = NULL;
      gsize room;

      g_snprintf (suffix, sizeof suffix, "%u", k);
      room = max_len - strlen (suffix);
      stem = g_strndup (base, room);
      if (trim_hyphens)
        while (strlen (stem) > 0 && stem[strlen (stem) - 1] == '-')
          stem[strlen (stem) - 1] = '\0';
      g_free (candidate);
      candidate = g_strconcat (stem, suffix, NULL);
    }
  g_hash_table_add (used, g_ascii_strdown (candidate, -1));
  return g_steal_pointer (&candidate);
}

static char *
derive_name (Ctx *ctx,
             TopoKind kind,
             const char *ws_name)
{
  g_autoptr(GString) base = g_string_new (NULL);

  switch (kind)
    {
    case TOPO_KIND_STORAGE:
      /* 3–24 lowercase letters and digits, globally unique. */
      g_string_append (base, "st");
      for (const char *p = ws_name; *p != '\0'; p++)
        if (g_ascii_isalnum (*p))
          g_string_append_c (base, g_ascii_tolower (*p));
      if (base->len < 3)
        g_string_append (base, "ws");
      return unique_name (ctx->used[kind], base->str, 24, FALSE);

    case TOPO_KIND_KEY_VAULT:
      /* 3–24 alphanumerics and hyphens, starts with a letter, no "--", no trailing hyphen. */
      g_string_append (base, "kv-");
      for (const char *p = ws_name; *p != '\0'; p++)
        {
          char c = g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '-';
          if (c == '-' && base->str[base->len - 1] == '-')
            continue;
          g_string_append_c (base, c);
        }
      while (base->len > 0 && base->str[base->len - 1] == '-')
        g_string_truncate (base, base->len - 1);
      if (base->len < 3)
        g_string_append (base, "-ws");
      return unique_name (ctx->used[kind], base->str, 24, TRUE);

    case TOPO_KIND_APP_INSIGHTS:
    default:
      g_string_append (base, "appi-");
      for (const char *p = ws_name; *p != '\0'; p++)
        {
          char c = *p;
          if (!(g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')'))
            c = '-';
          g_string_append_c (base, c);
        }
      while (base->len > 0 && base->str[base->len - 1] == '.')
        g_string_truncate (base, base->len - 1);
      return unique_name (ctx->used[TOPO_KIND_APP_INSIGHTS], base->str, 255, FALSE);
    }
}

static void
compute_assoc (Ctx *ctx)
{
  guint n = topo_document_get_n_resources (ctx->doc);

  for (guint k = 0; k < TOPO_N_KINDS; k++)
    ctx->used[k] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (ctx->doc, i);
      g_hash_table_add (ctx->used[r->kind], g_ascii_strdown (topo_resource_get_name (r), -1));
    }

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (ctx->doc, i);
      Assoc *a;

      if (r->kind != TOPO_KIND_WORKSPACE)
        continue;
      /* A workspace without public network access reaches its registry through a private
       * endpoint, which only Premium offers. */
      if (r->container_registry != NULL && !topo_resource_public_network_access (r))
        g_hash_table_add (ctx->premium, r->container_registry);
      a = g_new0 (Assoc, 1);
      for (guint k = 0; k < 4; k++)
        {
          const char *ref = topo_resource_associated (r, k);
          const TopoResource *target = ref != NULL ? topo_document_lookup (ctx->doc, ref) : NULL;

          a->rg[k] = -1;
          if (target != NULL)
            {
              a->name[k] = g_strdup (topo_resource_get_name (target));
              a->rg[k] = rg_of (ctx, target);
              a->existing[k] = target->existing;
            }
          else if (k < 3 && !r->existing)
            {
              a->name[k] = derive_name (ctx, topo_associated_kinds[k], topo_resource_get_name (r));
              a->rg[k] = rg_of (ctx, r);
              a->created[k] = TRUE;
            }
        }
      g_hash_table_insert (ctx->assoc, r->id, a);
    }
}

/* ---- resources ---- */

static const char *const assoc_types[4] = { T_STORAGE, T_KEY_VAULT, T_INSIGHTS, T_REGISTRY };

static void
add_depends (W *w,
             GPtrArray *deps)
{
  if (deps == NULL || deps->len == 0)
    return;
  w_arr (w, "dependsOn");
  for (guint i = 0; i < deps->len; i++)
    w_elem_str (w, g_ptr_array_index (deps, i));
  w_end_arr (w);
}

static void
add_storage (W *w,
             const char *name,
             const TopoResource *r,       /* NULL for a created one */
             const TopoResource *rg,
             const TopoResource *tags_from)
{
  begin_resource (w, T_STORAGE, API_STORAGE, name, rg->region);
  add_tags (w, tags_from, rg);
  w_obj (w, "sku");
  w_user (w, "name", r != NULL ? topo_resource_sku (r) : "Standard_LRS");
  w_end_obj (w);
  w_str (w, "kind", "StorageV2");
  w_obj (w, "properties");
  w_bool (w, "isHnsEnabled", r != NULL && topo_resource_hns (r));
  w_str (w, "publicNetworkAccess", r == NULL || topo_resource_public_network_access (r) ? "Enabled" : "Disabled");
  w_str (w, "minimumTlsVersion", "TLS1_2");
  w_bool (w, "allowBlobPublicAccess", FALSE);
  w_end_obj (w);
  w_end_obj (w);
}

static void
add_key_vault (W *w,
               const char *name,
               const TopoResource *rg,
               const TopoResource *tags_from)
{
  begin_resource (w, T_KEY_VAULT, API_KEY_VAULT, name, rg->region);
  add_tags (w, tags_from, rg);
  w_obj (w, "properties");
  w_str (w, "tenantId", "[subscription().tenantId]");
  w_obj (w, "sku");
  w_str (w, "family", "A");
  w_str (w, "name", "standard");
  w_end_obj (w);
  w_bool (w, "enableRbacAuthorization", TRUE);
  w_end_obj (w);
  w_end_obj (w);
}

static void
add_app_insights (W *w,
                  const char *name,
                  const TopoResource *rg,
                  const TopoResource *tags_from)
{
  begin_resource (w, T_INSIGHTS, API_INSIGHTS, name, rg->region);
  add_tags (w, tags_from, rg);
  w_str (w, "kind", "web");
  w_obj (w, "properties");
  w_str (w, "Application_Type", "web");
  w_end_obj (w);
  w_end_obj (w);
}

static char *
dns_prefix (const char *name)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = name; *p != '\0' && s->len < 54; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (s->len > 0 && s->str[s->len - 1] != '-')
        g_string_append_c (s, '-');
    }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  if (s->len == 0 || !g_ascii_isalpha (s->str[0]))
    g_string_prepend (s, "aks");
  if (s->len > 54)
    g_string_truncate (s, 54);
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* name_expr and principal_expr are taken. */
static void
add_role_assignment (W *w,
                     char *name_expr,
                     const char *scope,
                     GPtrArray *deps,
                     const char *role_guid,
                     char *principal_expr,
                     const char *principal_type)
{
  w_elem_obj (w);
  w_str (w, "type", T_ROLE);
  w_str (w, "apiVersion", API_ROLES);
  w_take (w, "name", name_expr);
  w_user (w, "scope", scope);
  add_depends (w, deps);
  w_obj (w, "properties");
  w_take (w, "roleDefinitionId",
          g_strdup_printf ("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '%s')]", role_guid));
  w_take (w, "principalId", principal_expr);
  w_str (w, "principalType", principal_type);
  w_end_obj (w);
  w_end_obj (w);
}

static void
export_workspace (Ctx *ctx,
                  int rgi,
                  const TopoResource *r)
{
  RgOut *out = &ctx->rgs[rgi];
  W *w = &out->items;
  const TopoResource *rg = out->rg;
  Assoc *a = g_hash_table_lookup (ctx->assoc, r->id);
  const char *name = topo_resource_get_name (r);
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ws_id = NULL;
  static const char *const prop_keys[4] = { "storageAccount", "keyVault", "applicationInsights",
                                            "containerRegistry" };

  /* An existing workspace is only referenced: its team access and computes are deployed. */
  if (r->existing)
    goto access;

  /* Associated resources the design leaves out are created next to the workspace. */
  if (a->created[0])
    add_storage (w, a->name[0], NULL, rg, r);
  if (a->created[1])
    add_key_vault (w, a->name[1], rg, r);
  if (a->created[2])
    add_app_insights (w, a->name[2], rg, r);

  begin_resource (w, T_WORKSPACE, API_ML, name, rg->region);
  add_tags (w, r, rg);
  w_obj (w, "sku");
  w_str (w, "name", "Basic");
  w_str (w, "tier", "Basic");
  w_end_obj (w);
  w_obj (w, "identity");
  w_str (w, "type", "SystemAssigned");
  w_end_obj (w);
  for (guint k = 0; k < 4; k++)
    if (a->name[k] != NULL && !a->existing[k])
      {
        if (a->rg[k] == rgi)
          g_ptr_array_add (deps, resource_id (ctx, rgi, a->rg[k], assoc_types[k], a->name[k], NULL));
        else if (a->rg[k] >= 0)
          add_unique_int (out->deps, a->rg[k]);
      }
  add_depends (w, deps);
  w_obj (w, "properties");
  w_user (w, "friendlyName", name);
  for (guint k = 0; k < 4; k++)
    if (a->name[k] != NULL)
      w_take (w, prop_keys[k], resource_id (ctx, rgi, a->rg[k], assoc_types[k], a->name[k], NULL));
  w_str (w, "publicNetworkAccess", topo_resource_public_network_access (r) ? "Enabled" : "Disabled");
  w_end_obj (w);
  w_end_obj (w);

access:
  /* Team access: one role assignment per entry, scoped to the workspace. */
  if (r->access == NULL || r->access->len == 0)
    return;
  ws_id = resource_id (ctx, rgi, rgi, T_WORKSPACE, name, NULL);
  for (guint i = 0; i < r->access->len; i++)
    {
      const TopoAccessEntry *entry = &g_array_index (r->access, TopoAccessEntry, i);
      const char *param = g_hash_table_lookup (ctx->team_params, entry->team);
      const char *guid = topo_arm_role_guid (entry->role);
      g_autoptr(GPtrArray) ra_deps = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *scope = NULL;
      g_autofree char *qteam = NULL;
      g_autofree char *id_inner = NULL;

      if (param == NULL || guid == NULL)
        continue;
      add_unique_str (out->params, param);
      if (!r->existing)
        g_ptr_array_add (ra_deps, g_strdup (ws_id));
      scope = g_strconcat (T_WORKSPACE "/", name, NULL);
      qteam = topo_arm_quote (entry->team);
      /* ws_id without the surrounding brackets, for use inside guid(). */
      id_inner = g_strndup (ws_id + 1, strlen (ws_id) - 2);
      add_role_assignment (w, g_strdup_printf ("[guid(%s, '%s', '%s')]", id_inner, qteam, guid),
                           scope, ra_deps, guid, g_strdup_printf ("[parameters('%s')]", param), "Group");
    }
}

static void
export_compute (Ctx *ctx,
                int rgi,
                const TopoResource *r)
{
  RgOut *out = &ctx->rgs[rgi];
  W *w = &out->items;
  const TopoResource *ws = topo_document_lookup (ctx->doc, r->workspace);
  int own_rg = rg_of (ctx, r);
  const TopoResource *own = own_rg >= 0 ? ctx->rgs[own_rg].rg : out->rg;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);

  name = g_strconcat (topo_resource_get_name (ws), "/", topo_resource_get_name (r), NULL);
  begin_resource (w, T_COMPUTE, API_ML, name, own->region);
  add_tags (w, r, own);
  if (!ws->existing)
    g_ptr_array_add (deps, resource_id (ctx, rgi, rgi, T_WORKSPACE, topo_resource_get_name (ws), NULL));
  add_depends (w, deps);
  w_obj (w, "properties");
  w_str (w, "computeType", r->kind == TOPO_KIND_COMPUTE_CLUSTER ? "AmlCompute" : "ComputeInstance");
  w_user (w, "computeLocation", own->region);
  w_obj (w, "properties");
  w_user (w, "vmSize", r->vm_size != NULL ? r->vm_size : DEFAULT_VM_SIZE);
  if (r->kind == TOPO_KIND_COMPUTE_CLUSTER)
    {
      w_obj (w, "scaleSettings");
      w_int (w, "minNodeCount", r->min_nodes != TOPO_COUNT_UNSET ? r->min_nodes : TOPO_ARM_DEFAULT_MIN_NODES);
      w_int (w, "maxNodeCount", r->max_nodes != TOPO_COUNT_UNSET ? r->max_nodes : TOPO_ARM_DEFAULT_MAX_NODES);
      w_end_obj (w);
    }
  w_end_obj (w);
  w_end_obj (w);
  w_end_obj (w);
}

static void
export_plain (Ctx *ctx,
              int rgi,
              const TopoResource *r)
{
  RgOut *out = &ctx->rgs[rgi];
  W *w = &out->items;
  const TopoResource *rg = out->rg;
  const char *name = topo_resource_get_name (r);

  if (r->existing)
    return;   /* referenced by id where needed, never created (see write_existing) */
  switch (r->kind)
    {
    case TOPO_KIND_STORAGE:
      add_storage (w, name, r, rg, r);
      break;
    case TOPO_KIND_KEY_VAULT:
      add_key_vault (w, name, rg, r);
      break;
    case TOPO_KIND_APP_INSIGHTS:
      add_app_insights (w, name, rg, r);
      break;
    case TOPO_KIND_CONTAINER_REGISTRY:
      begin_resource (w, T_REGISTRY, API_REGISTRY, name, rg->region);
      add_tags (w, r, rg);
      w_obj (w, "sku");
      w_str (w, "name", g_hash_table_contains (ctx->premium, r->id) ? "Premium" : "Basic");
      w_end_obj (w);
      w_obj (w, "properties");
      w_bool (w, "adminUserEnabled", FALSE);
      w_end_obj (w);
      w_end_obj (w);
      break;
    case TOPO_KIND_AKS:
      begin_resource (w, T_AKS, API_AKS, name, rg->region);
      add_tags (w, r, rg);
      w_obj (w, "identity");
      w_str (w, "type", "SystemAssigned");
      w_end_obj (w);
      w_obj (w, "properties");
      w_take (w, "dnsPrefix", dns_prefix (name));
      w_arr (w, "agentPoolProfiles");
      w_elem_obj (w);
      w_str (w, "name", "system");
      w_str (w, "mode", "System");
      w_int (w, "count", r->node_count != TOPO_COUNT_UNSET ? r->node_count : TOPO_ARM_DEFAULT_AKS_NODES);
      w_user (w, "vmSize", r->vm_size != NULL ? r->vm_size : DEFAULT_VM_SIZE);
      w_str (w, "osType", "Linux");
      w_str (w, "type", "VirtualMachineScaleSets");
      w_end_obj (w);
      w_end_arr (w);
      w_end_obj (w);
      w_end_obj (w);
      break;
    default:
      break;
    }
}

/* Datastore names: letters, digits, underscores; unique per workspace. */
static char *
datastore_name (const char *storage_name,
                GHashTable *used)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *key = NULL;

  for (const char *p = storage_name; *p != '\0'; p++)
    g_string_append_c (s, g_ascii_isalnum (*p) ? *p : '_');
  if (s->len == 0 || !g_ascii_isalnum (s->str[0]))
    g_string_prepend (s, "ds");
  return unique_name (used, s->str, 200, FALSE);
}

static void
export_link (Ctx *ctx,
             const TopoLink *link)
{
  const TopoResource *ws = topo_document_lookup (ctx->doc, link->from);
  const TopoResource *target = topo_document_lookup (ctx->doc, link->to);
  int wrg, trg;
  RgOut *out;
  W *w;
  const char *ws_name;
  const char *t_name;

  if (ws == NULL || target == NULL)
    return;
  wrg = rg_of (ctx, ws);
  trg = rg_of (ctx, target);
  if (wrg < 0 || trg < 0)
    return;
  out = &ctx->rgs[wrg];
  w = &out->items;
  ws_name = topo_resource_get_name (ws);
  t_name = topo_resource_get_name (target);

  if (link->type == TOPO_LINK_INFERENCE)
    {
      g_autofree char *name = g_strconcat (ws_name, "/", link->compute != NULL ? link->compute : t_name, NULL);
      g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);

      begin_resource (w, T_COMPUTE, API_ML, name, out->rg->region);
      if (!ws->existing)
        g_ptr_array_add (deps, resource_id (ctx, wrg, wrg, T_WORKSPACE, ws_name, NULL));
      if (target->existing)
        ;   /* attached, not created: nothing to wait for */
      else if (trg == wrg)
        g_ptr_array_add (deps, resource_id (ctx, wrg, trg, T_AKS, t_name, NULL));
      else
        add_unique_int (out->deps, trg);
      add_depends (w, deps);
      w_obj (w, "properties");
      w_str (w, "computeType", "AKS");
      w_take (w, "resourceId", resource_id (ctx, wrg, trg, T_AKS, t_name, NULL));
      w_user (w, "computeLocation", ctx->rgs[trg].rg->region);
      w_end_obj (w);
      w_end_obj (w);
    }
  else if (link->type == TOPO_LINK_DATASTORE)
    {
      GHashTable *used = g_hash_table_lookup (ctx->ds_names, ws->id);
      g_autofree char *ds = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) ra_deps = g_ptr_array_new_with_free_func (g_free);
      const char *guid = topo_link_access (link) == TOPO_ACCESS_WRITE ? TOPO_ARM_ROLE_STORAGE_BLOB_CONTRIBUTOR
                                                                      : TOPO_ARM_ROLE_STORAGE_BLOB_READER;
      RgOut *sout = &ctx->rgs[trg];
      W *ra_w;
      g_autofree char *ws_ref = NULL;
      g_autofree char *st_ref = NULL;
      g_autofree char *ws_ref_inner = NULL;
      g_autofree char *st_ref_inner = NULL;
      g_autofree char *scope = NULL;

      if (used == NULL)
        {
          used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (ctx->ds_names, ws->id, used);
        }
      ds = datastore_name (t_name, used);
      name = g_strconcat (ws_name, "/", ds, NULL);
      begin_resource (w, T_DATASTORE, API_ML, name, NULL);
      if (!ws->existing)
        g_ptr_array_add (deps, resource_id (ctx, wrg, wrg, T_WORKSPACE, ws_name, NULL));
      if (target->existing)
        ;
      else if (trg == wrg)
        g_ptr_array_add (deps, resource_id (ctx, wrg, trg, T_STORAGE, t_name, NULL));
      else
        add_unique_int (out->deps, trg);
      add_depends (w, deps);
      w_obj (w, "properties");
      w_str (w, "datastoreType", "AzureBlob");
      w_user (w, "accountName", t_name);
      w_str (w, "containerName", "data");
      w_str (w, "endpoint", "core.windows.net");
      w_str (w, "protocol", "https");
      w_user (w, "resourceGroup", ctx->rgs[trg].name);
      w_str (w, "subscriptionId", "[subscription().subscriptionId]");
      w_str (w, "serviceDataAccessAuthIdentity", "WorkspaceSystemAssignedIdentity");
      w_obj (w, "credentials");
      w_str (w, "credentialsType", "None");
      w_end_obj (w);
      w_end_obj (w);
      w_end_obj (w);

      /* The workspace identity's role on the storage, deployed with the storage's RG. */
      if (trg == wrg)
        ra_w = &sout->items;
      else
        {
          if (sout->access_items.s == NULL)
            w_init_fragment (&sout->access_items, 5);
          ra_w = &sout->access_items;
          add_unique_int (sout->access_deps, wrg);
        }
      ws_ref = resource_id (ctx, trg, wrg, T_WORKSPACE, ws_name, NULL);
      st_ref = resource_id (ctx, trg, trg, T_STORAGE, t_name, NULL);
      ws_ref_inner = g_strndup (ws_ref + 1, strlen (ws_ref) - 2);
      st_ref_inner = g_strndup (st_ref + 1, strlen (st_ref) - 2);
      /* In the access deployment both exist already: it depends on both RGs' deployments. */
      if (trg == wrg)
        {
          if (!target->existing)
            g_ptr_array_add (ra_deps, g_strdup (st_ref));
          if (!ws->existing)
            g_ptr_array_add (ra_deps, g_strdup (ws_ref));
        }
      scope = g_strconcat (T_STORAGE "/", t_name, NULL);
      add_role_assignment (ra_w, g_strdup_printf ("[guid(%s, %s, '%s')]", st_ref_inner, ws_ref_inner, guid),
                           scope, ra_deps, guid,
                           g_strdup_printf ("[reference(%s, '" API_ML "', 'Full').identity.principalId]",
                                            ws_ref_inner),
                           "ServicePrincipal");
    }
}

/* ---- deployments ---- */

static char *
deployment_name (const char *rg_name,
                 const char *suffix)
{
  g_autoptr(GString) s = g_string_new ("topograph-");
  const gsize max = 64;

  for (const char *p = rg_name; *p != '\0'; p++)
    {
      char c = *p;
      if (!(g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')'))
        c = '-';
      g_string_append_c (s, c);
    }
  if (s->len + strlen (suffix) > max)
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, rg_name, -1);
      g_string_truncate (s, max - strlen (suffix) - 9);
      g_string_append_printf (s, "-%.8s", hash);
    }
  g_string_append (s, suffix);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
team_parameter_decl (Ctx *ctx,
                     W *w,
                     const char *param)
{
  GHashTableIter iter;
  gpointer key, value;
  const char *team_id = NULL;
  const TopoTeam *team;
  g_autofree char *description = NULL;

  g_hash_table_iter_init (&iter, ctx->team_params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_equal (value, param))
      team_id = key;
  team = team_id != NULL ? topo_document_lookup_team (ctx->doc, team_id) : NULL;
  w_obj (w, param);
  w_str (w, "type", "string");
  description = g_strdup_printf ("Object id of the Entra ID group of team '%s' (%s)",
                                 team != NULL ? topo_team_get_name (team) : param,
                                 team_id != NULL ? team_id : "");
  w_obj (w, "metadata");
  w_user (w, "description", description);
  w_end_obj (w);
  w_end_obj (w);
}

static char *
deployment_ref (Ctx *ctx,
                int rgi,
                const char *deployment)
{
  g_autofree char *qrg = topo_arm_quote (ctx->rgs[rgi].name);
  g_autofree char *qdep = topo_arm_quote (deployment);

  return g_strdup_printf ("[resourceId('%s', '" T_DEPLOYMENT "', '%s')]", qrg, qdep);
}

static void
add_deployment (Ctx *ctx,
                W *w,
                int rgi,
                const char *name,
                W *items,
                GPtrArray *params,
                GArray *deps)
{
  RgOut *out = &ctx->rgs[rgi];
  g_autofree char *qrg = topo_arm_quote (out->name);

  w_elem_obj (w);
  w_str (w, "type", T_DEPLOYMENT);
  w_str (w, "apiVersion", API_RESOURCES);
  w_user (w, "name", name);
  w_user (w, "resourceGroup", out->name);
  {
    /* A referenced group is not in the template: nothing to wait for (ARM refuses a dependsOn
     * naming what the template does not deploy), nor for a deployment it does not have. */
    gboolean any = FALSE;

    if (!out->referenced)
      {
        g_autofree char *rg_ref = g_strdup_printf ("[subscriptionResourceId('" T_RG "', '%s')]", qrg);
        w_arr (w, "dependsOn");
        any = TRUE;
        w_elem_str (w, rg_ref);
      }
    for (guint i = 0; deps != NULL && i < deps->len; i++)
      {
        int other = g_array_index (deps, int, i);
        g_autofree char *ref = NULL;

        if (!has_deployment (ctx, other))
          continue;
        if (!any)
          w_arr (w, "dependsOn");
        any = TRUE;
        ref = deployment_ref (ctx, other, ctx->rgs[other].deployment);
        w_elem_str (w, ref);
      }
    if (any)
      w_end_arr (w);
  }
  w_obj (w, "properties");
  w_str (w, "mode", "Incremental");
  w_obj (w, "expressionEvaluationOptions");
  w_str (w, "scope", "inner");
  w_end_obj (w);
  if (params != NULL && params->len > 0)
    {
      w_obj (w, "parameters");
      for (guint i = 0; i < params->len; i++)
        {
          w_obj (w, g_ptr_array_index (params, i));
          w_take (w, "value", g_strdup_printf ("[parameters('%s')]", (char *) g_ptr_array_index (params, i)));
          w_end_obj (w);
        }
      w_end_obj (w);
    }
  w_obj (w, "template");
  w_str (w, "$schema", TOPO_ARM_DEPLOYMENT_SCHEMA);
  w_str (w, "contentVersion", "1.0.0.0");
  if (params != NULL && params->len > 0)
    {
      w_obj (w, "parameters");
      for (guint i = 0; i < params->len; i++)
        team_parameter_decl (ctx, w, g_ptr_array_index (params, i));
      w_end_obj (w);
    }
  w_fragment (w, "resources", items);
  w_end_obj (w);
  w_end_obj (w);
  w_end_obj (w);
}

static gint
compare_int (gconstpointer a,
             gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* Drops the dependencies that would close a cycle (DFS in RG order, deterministic). */
static void
break_cycles (Ctx *ctx)
{
  g_autofree guint8 *state = g_new0 (guint8, ctx->n_rgs);   /* 0 new, 1 on stack, 2 done */
  g_autofree int *stack = g_new (int, ctx->n_rgs + 1);
  g_autofree guint *pos = g_new0 (guint, ctx->n_rgs);

  for (guint i = 0; i < ctx->n_rgs; i++)
    g_array_sort (ctx->rgs[i].deps, compare_int);

  for (guint root = 0; root < ctx->n_rgs; root++)
    {
      int top = 0;

      if (state[root] != 0)
        continue;
      stack[0] = (int) root;
      state[root] = 1;
      pos[root] = 0;
      while (top >= 0)
        {
          int v = stack[top];
          GArray *deps = ctx->rgs[v].deps;

          if (pos[v] < deps->len)
            {
              int w = g_array_index (deps, int, pos[v]);

              if (state[w] == 1)
                {
                  g_array_append_val (ctx->dropped, v);
                  g_array_append_val (ctx->dropped, w);
                  g_array_remove_index (deps, pos[v]);
                  continue;
                }
              pos[v]++;
              if (state[w] == 0)
                {
                  state[w] = 1;
                  pos[w] = 0;
                  stack[++top] = w;
                }
            }
          else
            {
              state[v] = 2;
              top--;
            }
        }
    }
}

static char *
link_endpoint (Ctx *ctx,
               const char *id)
{
  const TopoResource *r = topo_document_lookup (ctx->doc, id);
  int rgi = r != NULL ? rg_of (ctx, r) : -1;

  if (r == NULL)
    return g_strdup (id);
  return g_strconcat (rgi >= 0 ? ctx->rgs[rgi].name : "", "/", topo_resource_get_name (r), NULL);
}

/* The resources the export creates itself (a workspace's missing storage, key vault and
 * Application Insights): an import of the template with the design in its metadata skips them. */
static void
write_derived (Ctx *ctx,
               W *w)
{
  gboolean any = FALSE;

  for (guint i = 0; i < topo_document_get_n_resources (ctx->doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (ctx->doc, i);
      Assoc *a = r->kind == TOPO_KIND_WORKSPACE ? g_hash_table_lookup (ctx->assoc, r->id) : NULL;

      for (guint k = 0; a != NULL && k < 3; k++)
        {
          if (!a->created[k] || a->rg[k] < 0)
            continue;
          if (!any)
            w_arr (w, "derived");
          any = TRUE;
          w_elem_obj (w);
          w_user (w, "group", ctx->rgs[a->rg[k]].name);
          w_str (w, "type", topo_kind_to_string (topo_associated_kinds[k]));
          w_user (w, "name", a->name[k]);
          w_end_obj (w);
        }
    }
  if (any)
    w_end_arr (w);
}

/* metadata.topograph.existing: the resource groups (with their location) and resources the design
 * references but does not deploy, as "existing": true references. They are not declared in "resources": ARM accepts "existing" only in
 * languageVersion 2.0 templates (symbolic names), and this export writes the resources array that
 * every ARM version reads; the template refers to them by resourceId() and never depends on them. */
static void
write_existing (Ctx *ctx,
                W *w)
{
  static const char *const types[TOPO_N_KINDS] = {
    [TOPO_KIND_WORKSPACE] = T_WORKSPACE, [TOPO_KIND_STORAGE] = T_STORAGE,
    [TOPO_KIND_KEY_VAULT] = T_KEY_VAULT, [TOPO_KIND_APP_INSIGHTS] = T_INSIGHTS,
    [TOPO_KIND_CONTAINER_REGISTRY] = T_REGISTRY, [TOPO_KIND_AKS] = T_AKS,
  };
  gboolean any = FALSE;

  /* Referenced groups first, with the location and tags a declaration would have had. */
  for (guint k = 0; k < ctx->n_rgs; k++)
    {
      if (!ctx->rgs[k].referenced)
        continue;
      if (!any)
        w_arr (w, "existing");
      any = TRUE;
      w_elem_obj (w);
      w_str (w, "type", T_RG);
      w_user (w, "name", ctx->rgs[k].name);
      if (ctx->rgs[k].rg->region != NULL)
        w_user (w, "location", ctx->rgs[k].rg->region);
      add_tags (w, ctx->rgs[k].rg, ctx->rgs[k].rg);
      w_bool (w, "existing", TRUE);
      w_end_obj (w);
    }
  for (guint i = 0; i < topo_document_get_n_resources (ctx->doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (ctx->doc, i);
      int rgi = rg_of (ctx, r);

      if (!r->existing || types[r->kind] == NULL || rgi < 0)
        continue;
      if (!any)
        w_arr (w, "existing");
      any = TRUE;
      w_elem_obj (w);
      w_str (w, "type", types[r->kind]);
      w_user (w, "name", topo_resource_get_name (r));
      w_user (w, "resourceGroup", ctx->rgs[rgi].name);
      w_bool (w, "existing", TRUE);
      w_end_obj (w);
    }
  if (any)
    w_end_arr (w);
}

/* metadata.topograph.design: the design itself, in its canonical form, so that what ARM cannot
 * say (ids, layout, lanes, policy, suppressions, purposes, data classification, promotion and
 * replication links, unknown keys) comes back on import. Strings (member names included) that
 * start with '[' are escaped like every other user text of the template. */
static void
write_design (Ctx *ctx,
              W *w)
{
  gsize length = 0;
  g_autofree char *text = topo_format_to_data (ctx->doc, &length);
  guint level = w->base + w->depth;
  gboolean in_string = FALSE;

  w_key (w, "design");
  while (length > 0 && text[length - 1] == '\n')
    length--;
  /* Runs of plain characters are copied at once: the design is most of the template's bytes. */
  for (gsize i = 0; i < length; )
    {
      gsize run = i;

      while (run < length && text[run] != '"' && text[run] != '\\' && text[run] != '\n')
        run++;
      put (w->s, text + i, run - i);
      if (run >= length)
        break;
      if (text[run] == '\n')
        {
          put_c (w->s, '\n');
          w_indent (w, level);
        }
      else if (text[run] == '\\')
        {
          put (w->s, text + run, MIN (2, length - run));
          run++;
        }
      else
        {
          put_c (w->s, '"');
          in_string = !in_string;
          /* A string that starts with '[' (keys too) is escaped as "[[" */
          if (in_string && run + 1 < length && text[run + 1] == '[')
            put_c (w->s, '[');
        }
      i = run + 1;
    }
}

/* policy.quotas, for whoever requests the quota before deploying: ARM has no place for it.
 * Only when the design declares quotas, so other templates keep their bytes. */
static void
write_quotas (Ctx *ctx,
              W *w)
{
  const TopoPolicy *policy = topo_document_get_policy (ctx->doc);

  if (policy->quotas == NULL)
    return;
  w_arr (w, "quotas");
  for (guint i = 0; i < policy->quotas->len; i++)
    {
      const TopoQuota *q = &g_array_index (policy->quotas, TopoQuota, i);

      w_elem_obj (w);
      w_user (w, "region", q->region);
      if (q->family != NULL)
        {
          w_user (w, "family", q->family);
          w_int (w, "vcpus", q->vcpus);
        }
      else
        w_int (w, "total", q->vcpus);
      w_end_obj (w);
    }
  w_end_arr (w);
}

static void
write_metadata (Ctx *ctx,
                W *w)
{
  const char *doc_name = topo_document_get_name (ctx->doc);

  w_obj (w, "metadata");
  w_obj (w, "_generator");
  w_str (w, "name", "topograph");
  w_end_obj (w);
  w_obj (w, "topograph");
  if (doc_name != NULL)
    w_user (w, "name", doc_name);

  w_arr (w, "teams");
  for (guint i = 0; i < topo_document_get_n_teams (ctx->doc); i++)
    {
      const TopoTeam *team = topo_document_get_team (ctx->doc, i);

      w_elem_obj (w);
      w_user (w, "id", team->id);
      if (team->name != NULL)
        w_user (w, "name", team->name);
      w_str (w, "parameter", g_hash_table_lookup (ctx->team_params, team->id));
      if (team->data_access != TOPO_LEVEL_UNSET)
        w_str (w, "data_access", topo_level_to_string (team->data_access));
      if (team->external != TOPO_TRI_UNSET)
        w_bool (w, "external", team->external == TOPO_TRI_TRUE);
      w_end_obj (w);
    }
  w_end_arr (w);

  /* Promotion and replication are processes, not resources: kept here so nothing is lost. */
  w_arr (w, "links");
  for (guint i = 0; i < topo_document_get_n_links (ctx->doc); i++)
    {
      const TopoLink *link = topo_document_get_link (ctx->doc, i);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (link->type != TOPO_LINK_PROMOTION && link->type != TOPO_LINK_REPLICATION)
        continue;
      from = link_endpoint (ctx, link->from);
      to = link_endpoint (ctx, link->to);
      w_elem_obj (w);
      w_str (w, "type", topo_link_type_to_string (link->type));
      w_user (w, "from", from);
      w_user (w, "to", to);
      w_end_obj (w);
    }
  w_end_arr (w);
  if (ctx->dropped->len > 0)
    {
      w_arr (w, "droppedDependencies");
      for (guint i = 0; i + 1 < ctx->dropped->len; i += 2)
        {
          w_elem_obj (w);
          w_user (w, "from", ctx->rgs[g_array_index (ctx->dropped, int, i)].name);
          w_user (w, "to", ctx->rgs[g_array_index (ctx->dropped, int, i + 1)].name);
          w_end_obj (w);
        }
      w_end_arr (w);
    }
  write_quotas (ctx, w);
  write_derived (ctx, w);
  write_existing (ctx, w);
  write_design (ctx, w);
  w_end_obj (w);
  w_end_obj (w);
}

char *
topo_arm_export_to_string (TopoDocument *doc)
{
  Ctx ctx = { 0 };
  guint n;
  g_autoptr(GPtrArray) all_params = g_ptr_array_new ();
  W root = { 0 };

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  n = topo_document_get_n_resources (doc);
  ctx.doc = doc;
  ctx.rg_index = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.assoc = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) assoc_free);
  ctx.team_params = topo_arm_team_parameters (doc);
  ctx.dropped = g_array_new (FALSE, FALSE, sizeof (int));
  ctx.premium = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.ds_names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < n; i++)
    if (topo_document_get_resource (doc, i)->kind == TOPO_KIND_RESOURCE_GROUP)
      ctx.n_rgs++;
  ctx.rgs = g_new0 (RgOut, ctx.n_rgs + 1);
  for (guint i = 0, k = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      RgOut *out;

      if (r->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      out = &ctx.rgs[k];
      out->rg = r;
      out->name = topo_resource_get_name (r);
      out->deployment = deployment_name (out->name, "");
      out->access_deployment = deployment_name (out->name, "-access");
      w_init_fragment (&out->items, 5);
      out->params = g_ptr_array_new ();
      out->deps = g_array_new (FALSE, FALSE, sizeof (int));
      out->access_deps = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (ctx.rg_index, r->id, GINT_TO_POINTER (k + 1));
      k++;
    }

  compute_assoc (&ctx);
  mark_referenced (&ctx);

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      int rgi;

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        continue;
      rgi = deploy_rg_of (&ctx, r);
      if (rgi < 0)
        continue;   /* no RG: the loader refuses this; nothing sensible to deploy */
      if (r->kind == TOPO_KIND_WORKSPACE)
        export_workspace (&ctx, rgi, r);
      else if (topo_kind_is_compute (r->kind))
        {
          if (r->workspace != NULL && topo_document_lookup (doc, r->workspace) != NULL)
            export_compute (&ctx, rgi, r);
        }
      else
        export_plain (&ctx, rgi, r);
    }
  for (guint i = 0; i < topo_document_get_n_links (doc); i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      if (link->type == TOPO_LINK_INFERENCE || link->type == TOPO_LINK_DATASTORE)
        export_link (&ctx, link);
    }
  break_cycles (&ctx);

  /* Template parameters: every team parameter some deployment uses, in team order. */
  {
    g_autoptr(GHashTable) needed = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint k = 0; k < ctx.n_rgs; k++)
      for (guint j = 0; j < ctx.rgs[k].params->len; j++)
        g_hash_table_add (needed, g_ptr_array_index (ctx.rgs[k].params, j));
    for (guint i = 0; i < topo_document_get_n_teams (doc); i++)
      {
        const char *param = g_hash_table_lookup (ctx.team_params, topo_document_get_team (doc, i)->id);
        if (g_hash_table_contains (needed, param))
          g_ptr_array_add (all_params, (gpointer) param);
      }
  }
  /* Each deployment lists its parameters in team order too (stable output). */
  for (guint k = 0; k < ctx.n_rgs; k++)
    {
      GPtrArray *ordered;

      if (ctx.rgs[k].params->len < 2)
        continue;
      ordered = g_ptr_array_new ();
      for (guint i = 0; i < all_params->len; i++)
        for (guint j = 0; j < ctx.rgs[k].params->len; j++)
          if (g_str_equal (g_ptr_array_index (ctx.rgs[k].params, j), g_ptr_array_index (all_params, i)))
            g_ptr_array_add (ordered, g_ptr_array_index (all_params, i));
      g_ptr_array_unref (ctx.rgs[k].params);
      ctx.rgs[k].params = ordered;
    }

  root.s = g_string_sized_new (2560 * (n + 16));   /* the template and the design in its metadata */
  w_open (&root, '{');
  w_str (&root, "$schema", TOPO_ARM_SUBSCRIPTION_SCHEMA);
  w_str (&root, "contentVersion", "1.0.0.0");
  write_metadata (&ctx, &root);
  w_obj (&root, "parameters");
  for (guint i = 0; i < all_params->len; i++)
    team_parameter_decl (&ctx, &root, g_ptr_array_index (all_params, i));
  w_end_obj (&root);
  w_arr (&root, "resources");
  for (guint k = 0; k < ctx.n_rgs; k++)
    {
      const TopoResource *rg = ctx.rgs[k].rg;

      if (ctx.rgs[k].referenced)
        continue;
      begin_resource (&root, T_RG, API_RESOURCES, ctx.rgs[k].name, rg->region != NULL ? rg->region : "westeurope");
      add_tags (&root, rg, rg);
      w_obj (&root, "properties");
      w_end_obj (&root);
      w_end_obj (&root);
    }
  for (guint k = 0; k < ctx.n_rgs; k++)
    if (has_deployment (&ctx, (int) k))
      add_deployment (&ctx, &root, (int) k, ctx.rgs[k].deployment, &ctx.rgs[k].items,
                      ctx.rgs[k].params, ctx.rgs[k].deps);
  for (guint k = 0; k < ctx.n_rgs; k++)
    if (ctx.rgs[k].access_items.s != NULL)
      {
        /* After its own main deployment and those of the workspaces' RGs. */
        g_autoptr(GArray) deps = g_array_new (FALSE, FALSE, sizeof (int));
        add_unique_int (deps, (int) k);
        for (guint j = 0; j < ctx.rgs[k].access_deps->len; j++)
          add_unique_int (deps, g_array_index (ctx.rgs[k].access_deps, int, j));
        g_array_sort (deps, compare_int);
        add_deployment (&ctx, &root, (int) k, ctx.rgs[k].access_deployment, &ctx.rgs[k].access_items,
                        NULL, deps);
      }
  w_end_arr (&root);
  w_end_obj (&root);
  g_string_append_c (root.s, '\n');

  for (guint k = 0; k < ctx.n_rgs; k++)
    {
      g_free (ctx.rgs[k].deployment);
      g_free (ctx.rgs[k].access_deployment);
      g_string_free (ctx.rgs[k].items.s, TRUE);
      if (ctx.rgs[k].access_items.s != NULL)
        g_string_free (ctx.rgs[k].access_items.s, TRUE);
      g_ptr_array_unref (ctx.rgs[k].params);
      g_array_unref (ctx.rgs[k].deps);
      g_array_unref (ctx.rgs[k].access_deps);
    }
  g_free (ctx.rgs);
  for (guint k = 0; k < TOPO_N_KINDS; k++)
    g_hash_table_unref (ctx.used[k]);
  g_hash_table_unref (ctx.rg_index);
  g_hash_table_unref (ctx.assoc);
  g_hash_table_unref (ctx.team_params);
  g_hash_table_unref (ctx.premium);
  g_hash_table_unref (ctx.ds_names);
  g_array_unref (ctx.dropped);

  return g_string_free (root.s, FALSE);
}

JsonNode *
topo_arm_export (TopoDocument *doc)
{
  g_autofree char *text = topo_arm_export_to_string (doc);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  /* The text is the primary form (streamed for speed); the tree is parsed from it. */
  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("ARM export produced invalid JSON: %s", error->message);
  return json_node_ref (json_parser_get_root (parser));
}

gboolean
topo_arm_export_to_file (TopoDocument *doc,
                         const char *path,
                         GError **error)
{
  g_autofree char *text = topo_arm_export_to_string (doc);

  return topo_file_replace (path, text, strlen (text), error);
}

static guint
count_template_resources (TopoJsonValue *template)
{
  TopoJsonValue *resources = topo_json_value_member (template, "resources");
  guint n = 0;

  if (resources == NULL || resources->type != TOPO_JV_ARRAY)
    return 0;
  for (guint i = 0; i < resources->n; i++)
    {
      TopoJsonValue *props = topo_json_value_member (&resources->u.items[i], "properties");

      n++;
      n += count_template_resources (topo_json_value_member (props, "template"));
    }
  return n;
}

gboolean
topo_arm_export_check_limits (TopoDocument *doc,
                              const char   *text,
                              GError      **error)
{
  guint n;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);

  if (text == NULL)
    {
      /* Every resource of the design becomes at least one resource of the template. */
      n = topo_document_get_n_resources (doc);
      if (n > TOPO_ARM_MAX_TEMPLATE_RESOURCES)
        {
          g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "the design has %u resource; an ARM template holds at most %d "
                                    "(Azure's limit), so it cannot be deployed as one template",
                                    "the design has %u resources; an ARM template holds at most %d "
                                    "(Azure's limit), so it cannot be deployed as one template", n),
                       n, TOPO_ARM_MAX_TEMPLATE_RESOURCES);
          return FALSE;
        }
      /* The design travels in the template's metadata, so every name, id and tag is in the text
       * at least once: a design whose strings alone pass the limit is refused before the work
       * (10 MB names would make a template of hundreds of MB, seconds to build). */
      {
        guint64 bytes = strlen (topo_document_get_name (doc) != NULL ? topo_document_get_name (doc) : "");

        for (guint i = 0; i < n && bytes <= TOPO_ARM_MAX_TEMPLATE_BYTES; i++)
          {
            const TopoResource *r = topo_document_get_resource (doc, i);

            bytes += strlen (r->id) + strlen (topo_resource_get_name (r));
            for (guint t = 0; r->tags != NULL && t < r->tags->len; t++)
              bytes += strlen (g_array_index (r->tags, TopoTag, t).key) +
                       strlen (g_array_index (r->tags, TopoTag, t).value);
          }
        for (guint i = 0; i < topo_document_get_n_teams (doc) && bytes <= TOPO_ARM_MAX_TEMPLATE_BYTES; i++)
          bytes += strlen (topo_team_get_name (topo_document_get_team (doc, i)));
        if (bytes > TOPO_ARM_MAX_TEMPLATE_BYTES)
          {
            g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
                         _("the template would be more than %.1f MB (the design's names and tags "
                           "alone); Azure accepts at most 4 MB per template"), bytes / 1048576.0);
            return FALSE;
          }
      }
      return TRUE;
    }
  if (strlen (text) > TOPO_ARM_MAX_TEMPLATE_BYTES)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
                   _("the template would be %.1f MB; Azure accepts at most 4 MB per template"),
                   strlen (text) / 1048576.0);
      return FALSE;
    }
  {
    g_autoptr(TopoJsonDocument) json = topo_json_document_parse (text, strlen (text), 512, NULL);

    n = json != NULL ? count_template_resources (topo_json_document_root (json)) : 0;
  }
  if (n > TOPO_ARM_MAX_TEMPLATE_RESOURCES)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "the template would hold %u resource (nested deployments included); "
                                "Azure accepts at most %d per template",
                                "the template would hold %u resources (nested deployments included); "
                                "Azure accepts at most %d per template", n),
                   n, TOPO_ARM_MAX_TEMPLATE_RESOURCES);
      return FALSE;
    }
  return TRUE;
}
