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

#define DEFAULT_VM_SIZE "Standard_DS3_v2"

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
} Assoc;

typedef struct
{
  const TopoResource *rg;
  const char *name;           /* Azure name */
  char       *deployment;
  char       *access_deployment;
  JsonArray  *items;
  JsonArray  *access_items;
  GPtrArray  *params;         /* team parameter names this RG's deployment needs (ordered) */
  GArray     *deps;           /* RG indices the main deployment depends on */
  GArray     *access_deps;
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
  JsonArray    *dropped;
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

/* ---- JSON helpers ---- */

static void
set_literal (JsonObject *obj,
             const char *key,
             const char *text)
{
  json_object_set_string_member (obj, key, text);
}

/* User text: escaped so ARM does not evaluate it. */
static void
set_user (JsonObject *obj,
          const char *key,
          const char *text)
{
  if (text[0] == '[')
    {
      g_autofree char *escaped = topo_arm_escape_literal (text);
      json_object_set_string_member (obj, key, escaped);
    }
  else
    json_object_set_string_member (obj, key, text);
}

static void
set_take (JsonObject *obj,
          const char *key,
          char *text)
{
  json_object_set_string_member (obj, key, text);
  g_free (text);
}

static void
json_array_add_string_element_take (JsonArray *array,
                                    char *text)
{
  json_array_add_string_element (array, text);
  g_free (text);
}

static JsonObject *
set_object (JsonObject *obj,
            const char *key)
{
  JsonObject *child = json_object_new ();

  json_object_set_object_member (obj, key, child);
  return child;
}

static JsonArray *
set_array (JsonObject *obj,
           const char *key)
{
  JsonArray *child = json_array_new ();

  json_object_set_array_member (obj, key, child);
  return child;
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
  g_autoptr(GString) s = g_string_new ("[resourceId(");
  g_autofree char *qname = topo_arm_quote (name);

  if (to_rg >= 0 && to_rg != from_rg)
    {
      g_autofree char *qrg = topo_arm_quote (ctx->rgs[to_rg].name);
      g_string_append_printf (s, "'%s', ", qrg);
    }
  g_string_append_printf (s, "'%s', '%s'", type, qname);
  if (name2 != NULL)
    {
      g_autofree char *qname2 = topo_arm_quote (name2);
      g_string_append_printf (s, ", '%s'", qname2);
    }
  g_string_append (s, ")]");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static JsonObject *
new_resource (JsonArray *items,
              const char *type,
              const char *api,
              const char *name,
              const char *location)
{
  JsonObject *obj = json_object_new ();

  set_literal (obj, "type", type);
  set_literal (obj, "apiVersion", api);
  set_user (obj, "name", name);
  if (location != NULL)
    set_user (obj, "location", location);
  json_array_add_object_element (items, obj);
  return obj;
}

static void
add_tags (Ctx *ctx,
          JsonObject *obj,
          const TopoResource *r,
          const TopoResource *rg)
{
  JsonObject *tags;
  gboolean has_env = FALSE;
  guint n = r->tags != NULL ? r->tags->len : 0;

  if (n == 0 && (rg == NULL || rg->environment == NULL))
    return;
  tags = set_object (obj, "tags");
  for (guint i = 0; i < n; i++)
    {
      const TopoTag *tag = &g_array_index (r->tags, TopoTag, i);

      set_user (tags, tag->key, tag->value != NULL ? tag->value : "");
      if (g_str_equal (tag->key, "environment"))
        has_env = TRUE;
    }
  if (!has_env && rg != NULL && rg->environment != NULL)
    set_user (tags, "environment", rg->environment);
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
            }
          else if (k < 3)
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
add_depends (JsonObject *obj,
             GPtrArray *deps)
{
  JsonArray *arr;

  if (deps->len == 0)
    return;
  arr = set_array (obj, "dependsOn");
  for (guint i = 0; i < deps->len; i++)
    json_array_add_string_element (arr, g_ptr_array_index (deps, i));
}

static void
add_storage (Ctx *ctx,
             JsonArray *items,
             const char *name,
             const TopoResource *r,       /* NULL for a created one */
             const TopoResource *rg,
             const TopoResource *tags_from)
{
  JsonObject *obj = new_resource (items, T_STORAGE, API_STORAGE, name, rg->region);
  JsonObject *props;

  add_tags (ctx, obj, tags_from, rg);
  set_user (set_object (obj, "sku"), "name", r != NULL ? topo_resource_sku (r) : "Standard_LRS");
  set_literal (obj, "kind", "StorageV2");
  props = set_object (obj, "properties");
  json_object_set_boolean_member (props, "isHnsEnabled", r != NULL && topo_resource_hns (r));
  set_literal (props, "publicNetworkAccess",
               r == NULL || topo_resource_public_network_access (r) ? "Enabled" : "Disabled");
  set_literal (props, "minimumTlsVersion", "TLS1_2");
  json_object_set_boolean_member (props, "allowBlobPublicAccess", FALSE);
}

static void
add_key_vault (Ctx *ctx,
               JsonArray *items,
               const char *name,
               const TopoResource *rg,
               const TopoResource *tags_from)
{
  JsonObject *obj = new_resource (items, T_KEY_VAULT, API_KEY_VAULT, name, rg->region);
  JsonObject *props, *sku;

  add_tags (ctx, obj, tags_from, rg);
  props = set_object (obj, "properties");
  set_literal (props, "tenantId", "[subscription().tenantId]");
  sku = set_object (props, "sku");
  set_literal (sku, "family", "A");
  set_literal (sku, "name", "standard");
  json_object_set_boolean_member (props, "enableRbacAuthorization", TRUE);
}

static void
add_app_insights (Ctx *ctx,
                  JsonArray *items,
                  const char *name,
                  const TopoResource *rg,
                  const TopoResource *tags_from)
{
  JsonObject *obj = new_resource (items, T_INSIGHTS, API_INSIGHTS, name, rg->region);

  add_tags (ctx, obj, tags_from, rg);
  set_literal (obj, "kind", "web");
  set_literal (set_object (obj, "properties"), "Application_Type", "web");
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

static void
add_role_assignment (JsonArray *items,
                     char *name_expr,
                     const char *scope,
                     GPtrArray *deps,
                     const char *role_guid,
                     char *principal_expr,
                     const char *principal_type)
{
  JsonObject *obj = json_object_new ();
  JsonObject *props;

  set_literal (obj, "type", T_ROLE);
  set_literal (obj, "apiVersion", API_ROLES);
  set_take (obj, "name", name_expr);
  set_user (obj, "scope", scope);
  add_depends (obj, deps);
  props = set_object (obj, "properties");
  set_take (props, "roleDefinitionId",
            g_strdup_printf ("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '%s')]",
                             role_guid));
  set_take (props, "principalId", principal_expr);
  set_literal (props, "principalType", principal_type);
  json_array_add_object_element (items, obj);
}

static void
export_workspace (Ctx *ctx,
                  int rgi,
                  const TopoResource *r)
{
  RgOut *out = &ctx->rgs[rgi];
  const TopoResource *rg = out->rg;
  Assoc *a = g_hash_table_lookup (ctx->assoc, r->id);
  const char *name = topo_resource_get_name (r);
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ws_id = NULL;
  JsonObject *obj, *props, *sku;
  static const char *const prop_keys[4] = { "storageAccount", "keyVault", "applicationInsights",
                                            "containerRegistry" };

  /* Associated resources the design leaves out are created next to the workspace. */
  if (a->created[0])
    add_storage (ctx, out->items, a->name[0], NULL, rg, r);
  if (a->created[1])
    add_key_vault (ctx, out->items, a->name[1], rg, r);
  if (a->created[2])
    add_app_insights (ctx, out->items, a->name[2], rg, r);

  obj = new_resource (out->items, T_WORKSPACE, API_ML, name, rg->region);
  add_tags (ctx, obj, r, rg);
  sku = set_object (obj, "sku");
  set_literal (sku, "name", "Basic");
  set_literal (sku, "tier", "Basic");
  set_literal (set_object (obj, "identity"), "type", "SystemAssigned");
  for (guint k = 0; k < 4; k++)
    if (a->name[k] != NULL)
      {
        if (a->rg[k] == rgi)
          g_ptr_array_add (deps, resource_id (ctx, rgi, a->rg[k], assoc_types[k], a->name[k], NULL));
        else if (a->rg[k] >= 0)
          add_unique_int (out->deps, a->rg[k]);
      }
  add_depends (obj, deps);
  props = set_object (obj, "properties");
  set_user (props, "friendlyName", name);
  for (guint k = 0; k < 4; k++)
    if (a->name[k] != NULL)
      set_take (props, prop_keys[k], resource_id (ctx, rgi, a->rg[k], assoc_types[k], a->name[k], NULL));
  set_literal (props, "publicNetworkAccess", topo_resource_public_network_access (r) ? "Enabled" : "Disabled");

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
      g_ptr_array_add (ra_deps, g_strdup (ws_id));
      scope = g_strconcat (T_WORKSPACE "/", name, NULL);
      qteam = topo_arm_quote (entry->team);
      /* ws_id without the surrounding brackets, for use inside guid(). */
      id_inner = g_strndup (ws_id + 1, strlen (ws_id) - 2);
      add_role_assignment (out->items,
                           g_strdup_printf ("[guid(%s, '%s', '%s')]", id_inner, qteam, guid),
                           scope, ra_deps, guid,
                           g_strdup_printf ("[parameters('%s')]", param), "Group");
    }
}

static void
export_compute (Ctx *ctx,
                int rgi,
                const TopoResource *r)
{
  RgOut *out = &ctx->rgs[rgi];
  const TopoResource *ws = topo_document_lookup (ctx->doc, r->workspace);
  int own_rg = rg_of (ctx, r);
  const TopoResource *own = own_rg >= 0 ? ctx->rgs[own_rg].rg : out->rg;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  JsonObject *obj, *props, *inner;

  name = g_strconcat (topo_resource_get_name (ws), "/", topo_resource_get_name (r), NULL);
  obj = new_resource (out->items, T_COMPUTE, API_ML, name, own->region);
  add_tags (ctx, obj, r, own);
  g_ptr_array_add (deps, resource_id (ctx, rgi, rgi, T_WORKSPACE, topo_resource_get_name (ws), NULL));
  add_depends (obj, deps);
  props = set_object (obj, "properties");
  set_literal (props, "computeType", r->kind == TOPO_KIND_COMPUTE_CLUSTER ? "AmlCompute" : "ComputeInstance");
  set_user (props, "computeLocation", own->region);
  inner = set_object (props, "properties");
  set_user (inner, "vmSize", r->vm_size != NULL ? r->vm_size : DEFAULT_VM_SIZE);
  if (r->kind == TOPO_KIND_COMPUTE_CLUSTER)
    {
      JsonObject *scale = set_object (inner, "scaleSettings");
      json_object_set_int_member (scale, "minNodeCount", r->min_nodes >= 0 ? r->min_nodes : 0);
      json_object_set_int_member (scale, "maxNodeCount", r->max_nodes >= 0 ? r->max_nodes : 4);
    }
}

static void
export_plain (Ctx *ctx,
              int rgi,
              const TopoResource *r)
{
  RgOut *out = &ctx->rgs[rgi];
  const TopoResource *rg = out->rg;
  const char *name = topo_resource_get_name (r);
  JsonObject *obj, *props, *pool;
  JsonArray *pools;

  switch (r->kind)
    {
    case TOPO_KIND_STORAGE:
      add_storage (ctx, out->items, name, r, rg, r);
      break;
    case TOPO_KIND_KEY_VAULT:
      add_key_vault (ctx, out->items, name, rg, r);
      break;
    case TOPO_KIND_APP_INSIGHTS:
      add_app_insights (ctx, out->items, name, rg, r);
      break;
    case TOPO_KIND_CONTAINER_REGISTRY:
      obj = new_resource (out->items, T_REGISTRY, API_REGISTRY, name, rg->region);
      add_tags (ctx, obj, r, rg);
      set_literal (set_object (obj, "sku"), "name", g_hash_table_contains (ctx->premium, r->id) ? "Premium" : "Basic");
      json_object_set_boolean_member (set_object (obj, "properties"), "adminUserEnabled", FALSE);
      break;
    case TOPO_KIND_AKS:
      obj = new_resource (out->items, T_AKS, API_AKS, name, rg->region);
      add_tags (ctx, obj, r, rg);
      set_literal (set_object (obj, "identity"), "type", "SystemAssigned");
      props = set_object (obj, "properties");
      set_take (props, "dnsPrefix", dns_prefix (name));
      pools = set_array (props, "agentPoolProfiles");
      pool = json_object_new ();
      set_literal (pool, "name", "system");
      set_literal (pool, "mode", "System");
      json_object_set_int_member (pool, "count", r->node_count >= 0 ? r->node_count : 3);
      set_user (pool, "vmSize", r->vm_size != NULL ? r->vm_size : DEFAULT_VM_SIZE);
      set_literal (pool, "osType", "Linux");
      set_literal (pool, "type", "VirtualMachineScaleSets");
      json_array_add_object_element (pools, pool);
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
             const TopoLink *link,
             GHashTable *ds_names)
{
  const TopoResource *ws = topo_document_lookup (ctx->doc, link->from);
  const TopoResource *target = topo_document_lookup (ctx->doc, link->to);
  int wrg, trg;
  RgOut *out;
  const char *ws_name;
  const char *t_name;

  if (ws == NULL || target == NULL)
    return;
  wrg = rg_of (ctx, ws);
  trg = rg_of (ctx, target);
  if (wrg < 0 || trg < 0)
    return;
  out = &ctx->rgs[wrg];
  ws_name = topo_resource_get_name (ws);
  t_name = topo_resource_get_name (target);

  if (link->type == TOPO_LINK_INFERENCE)
    {
      g_autofree char *name = g_strconcat (ws_name, "/", t_name, NULL);
      g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
      JsonObject *obj = new_resource (out->items, T_COMPUTE, API_ML, name, out->rg->region);
      JsonObject *props;

      g_ptr_array_add (deps, resource_id (ctx, wrg, wrg, T_WORKSPACE, ws_name, NULL));
      if (trg == wrg)
        g_ptr_array_add (deps, resource_id (ctx, wrg, trg, T_AKS, t_name, NULL));
      else
        add_unique_int (out->deps, trg);
      add_depends (obj, deps);
      props = set_object (obj, "properties");
      set_literal (props, "computeType", "AKS");
      set_take (props, "resourceId", resource_id (ctx, wrg, trg, T_AKS, t_name, NULL));
      set_user (props, "computeLocation", ctx->rgs[trg].rg->region);
    }
  else if (link->type == TOPO_LINK_DATASTORE)
    {
      GHashTable *used = g_hash_table_lookup (ds_names, ws->id);
      g_autofree char *ds = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) ra_deps = g_ptr_array_new_with_free_func (g_free);
      JsonObject *obj, *props;
      const char *guid = topo_link_access (link) == TOPO_ACCESS_WRITE ? TOPO_ARM_ROLE_STORAGE_BLOB_CONTRIBUTOR
                                                                      : TOPO_ARM_ROLE_STORAGE_BLOB_READER;
      RgOut *sout = &ctx->rgs[trg];
      JsonArray *ra_items;
      int ra_rg = trg;
      g_autofree char *ws_ref = NULL;
      g_autofree char *st_ref = NULL;
      g_autofree char *ws_ref_inner = NULL;
      g_autofree char *st_ref_inner = NULL;
      g_autofree char *scope = NULL;

      if (used == NULL)
        {
          used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (ds_names, ws->id, used);
        }
      ds = datastore_name (t_name, used);
      name = g_strconcat (ws_name, "/", ds, NULL);
      obj = new_resource (out->items, T_DATASTORE, API_ML, name, NULL);
      g_ptr_array_add (deps, resource_id (ctx, wrg, wrg, T_WORKSPACE, ws_name, NULL));
      if (trg == wrg)
        g_ptr_array_add (deps, resource_id (ctx, wrg, trg, T_STORAGE, t_name, NULL));
      else
        add_unique_int (out->deps, trg);
      add_depends (obj, deps);
      props = set_object (obj, "properties");
      set_literal (props, "datastoreType", "AzureBlob");
      set_user (props, "accountName", t_name);
      set_literal (props, "containerName", "data");
      set_literal (props, "endpoint", "core.windows.net");
      set_literal (props, "protocol", "https");
      set_user (props, "resourceGroup", ctx->rgs[trg].name);
      set_literal (props, "subscriptionId", "[subscription().subscriptionId]");
      set_literal (props, "serviceDataAccessAuthIdentity", "WorkspaceSystemAssignedIdentity");
      set_literal (set_object (props, "credentials"), "credentialsType", "None");

      /* The workspace identity's role on the storage, deployed with the storage's RG. */
      if (trg == wrg)
        ra_items = sout->items;
      else
        {
          if (sout->access_items == NULL)
            sout->access_items = json_array_new ();
          ra_items = sout->access_items;
          add_unique_int (sout->access_deps, wrg);
        }
      ws_ref = resource_id (ctx, ra_rg, wrg, T_WORKSPACE, ws_name, NULL);
      st_ref = resource_id (ctx, ra_rg, trg, T_STORAGE, t_name, NULL);
      ws_ref_inner = g_strndup (ws_ref + 1, strlen (ws_ref) - 2);
      st_ref_inner = g_strndup (st_ref + 1, strlen (st_ref) - 2);
      /* In the access deployment both exist already: it depends on both RGs' deployments. */
      if (trg == wrg)
        {
          g_ptr_array_add (ra_deps, g_strdup (st_ref));
          g_ptr_array_add (ra_deps, g_strdup (ws_ref));
        }
      scope = g_strconcat (T_STORAGE "/", t_name, NULL);
      add_role_assignment (ra_items,
                           g_strdup_printf ("[guid(%s, %s, '%s')]", st_ref_inner, ws_ref_inner, guid),
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

static JsonObject *
team_parameter_decl (Ctx *ctx,
                     const char *param)
{
  JsonObject *decl = json_object_new ();
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
  set_literal (decl, "type", "string");
  description = g_strdup_printf ("Object id of the Entra ID group of team '%s' (%s)",
                                 team != NULL ? topo_team_get_name (team) : param,
                                 team_id != NULL ? team_id : "");
  set_user (set_object (decl, "metadata"), "description", description);
  return decl;
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
                JsonArray *resources,
                int rgi,
                const char *name,
                JsonArray *items,
                GPtrArray *params,
                GArray *deps)
{
  RgOut *out = &ctx->rgs[rgi];
  JsonObject *obj = json_object_new ();
  JsonObject *props, *template;
  JsonArray *depends;
  g_autofree char *qrg = topo_arm_quote (out->name);

  set_literal (obj, "type", T_DEPLOYMENT);
  set_literal (obj, "apiVersion", API_RESOURCES);
  set_user (obj, "name", name);
  set_user (obj, "resourceGroup", out->name);
  depends = set_array (obj, "dependsOn");
  json_array_add_string_element_take (depends,
                                      g_strdup_printf ("[subscriptionResourceId('" T_RG "', '%s')]", qrg));
  for (guint i = 0; deps != NULL && i < deps->len; i++)
    {
      int other = g_array_index (deps, int, i);
      json_array_add_string_element_take (depends, deployment_ref (ctx, other, ctx->rgs[other].deployment));
    }
  props = set_object (obj, "properties");
  set_literal (props, "mode", "Incremental");
  set_literal (set_object (props, "expressionEvaluationOptions"), "scope", "inner");
  if (params != NULL && params->len > 0)
    {
      JsonObject *values = set_object (props, "parameters");
      for (guint i = 0; i < params->len; i++)
        set_take (set_object (values, g_ptr_array_index (params, i)), "value",
                  g_strdup_printf ("[parameters('%s')]", (char *) g_ptr_array_index (params, i)));
    }
  template = set_object (props, "template");
  set_literal (template, "$schema", TOPO_ARM_DEPLOYMENT_SCHEMA);
  set_literal (template, "contentVersion", "1.0.0.0");
  if (params != NULL && params->len > 0)
    {
      JsonObject *decls = set_object (template, "parameters");
      for (guint i = 0; i < params->len; i++)
        json_object_set_object_member (decls, g_ptr_array_index (params, i),
                                       team_parameter_decl (ctx, g_ptr_array_index (params, i)));
    }
  json_object_set_array_member (template, "resources", json_array_ref (items));
  json_array_add_object_element (resources, obj);
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
                  JsonObject *note = json_object_new ();
                  set_user (note, "from", ctx->rgs[v].name);
                  set_user (note, "to", ctx->rgs[w].name);
                  json_array_add_object_element (ctx->dropped, note);
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

static JsonObject *
build_metadata (Ctx *ctx)
{
  JsonObject *meta = json_object_new ();
  JsonObject *topo;
  JsonArray *teams, *links;
  const char *doc_name = topo_document_get_name (ctx->doc);

  set_literal (set_object (meta, "_generator"), "name", "topograph");
  topo = set_object (meta, "topograph");
  if (doc_name != NULL)
    set_user (topo, "name", doc_name);

  teams = set_array (topo, "teams");
  for (guint i = 0; i < topo_document_get_n_teams (ctx->doc); i++)
    {
      const TopoTeam *team = topo_document_get_team (ctx->doc, i);
      JsonObject *t = json_object_new ();

      set_user (t, "id", team->id);
      if (team->name != NULL)
        set_user (t, "name", team->name);
      set_literal (t, "parameter", g_hash_table_lookup (ctx->team_params, team->id));
      if (team->data_access != TOPO_LEVEL_UNSET)
        set_literal (t, "data_access", topo_level_to_string (team->data_access));
      if (team->external != TOPO_TRI_UNSET)
        json_object_set_boolean_member (t, "external", team->external == TOPO_TRI_TRUE);
      json_array_add_object_element (teams, t);
    }

  /* Promotion and replication are processes, not resources: kept here so nothing is lost. */
  links = set_array (topo, "links");
  for (guint i = 0; i < topo_document_get_n_links (ctx->doc); i++)
    {
      const TopoLink *link = topo_document_get_link (ctx->doc, i);
      JsonObject *l;

      if (link->type != TOPO_LINK_PROMOTION && link->type != TOPO_LINK_REPLICATION)
        continue;
      l = json_object_new ();
      set_literal (l, "type", topo_link_type_to_string (link->type));
      set_take (l, "from", link_endpoint (ctx, link->from));
      set_take (l, "to", link_endpoint (ctx, link->to));
      /* set_take does not escape: endpoints are user names. */
      if (json_object_get_string_member (l, "from")[0] == '[')
        set_take (l, "from", topo_arm_escape_literal (json_object_get_string_member (l, "from")));
      if (json_object_get_string_member (l, "to")[0] == '[')
        set_take (l, "to", topo_arm_escape_literal (json_object_get_string_member (l, "to")));
      json_array_add_object_element (links, l);
    }
  if (json_array_get_length (ctx->dropped) > 0)
    json_object_set_array_member (topo, "droppedDependencies", json_array_ref (ctx->dropped));
  return meta;
}

JsonNode *
topo_arm_export (TopoDocument *doc)
{
  Ctx ctx = { 0 };
  guint n = topo_document_get_n_resources (doc);
  JsonObject *root = json_object_new ();
  JsonNode *node;
  JsonArray *resources;
  g_autoptr(GHashTable) ds_names = NULL;
  g_autoptr(GPtrArray) all_params = g_ptr_array_new ();
  JsonObject *params;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  ctx.doc = doc;
  ctx.rg_index = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.assoc = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) assoc_free);
  ctx.team_params = topo_arm_team_parameters (doc);
  ctx.dropped = json_array_new ();
  ctx.premium = g_hash_table_new (g_str_hash, g_str_equal);
  ds_names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);

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
      out->items = json_array_new ();
      out->params = g_ptr_array_new ();
      out->deps = g_array_new (FALSE, FALSE, sizeof (int));
      out->access_deps = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (ctx.rg_index, r->id, GINT_TO_POINTER (k + 1));
      k++;
    }

  compute_assoc (&ctx);

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
        export_link (&ctx, link, ds_names);
    }
  break_cycles (&ctx);

  /* Template parameters: every team parameter some deployment uses, in team order. */
  for (guint i = 0; i < topo_document_get_n_teams (doc); i++)
    {
      const char *param = g_hash_table_lookup (ctx.team_params, topo_document_get_team (doc, i)->id);
      for (guint k = 0; k < ctx.n_rgs; k++)
        {
          gboolean found = FALSE;
          for (guint j = 0; j < ctx.rgs[k].params->len && !found; j++)
            found = g_str_equal (g_ptr_array_index (ctx.rgs[k].params, j), param);
          if (found)
            {
              g_ptr_array_add (all_params, (gpointer) param);
              break;
            }
        }
    }
  /* Each deployment lists its parameters in team order too (stable output). */
  for (guint k = 0; k < ctx.n_rgs; k++)
    {
      g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
      for (guint i = 0; i < all_params->len; i++)
        for (guint j = 0; j < ctx.rgs[k].params->len; j++)
          if (g_str_equal (g_ptr_array_index (ctx.rgs[k].params, j), g_ptr_array_index (all_params, i)))
            g_ptr_array_add (ordered, g_ptr_array_index (all_params, i));
      g_ptr_array_unref (ctx.rgs[k].params);
      ctx.rgs[k].params = g_steal_pointer (&ordered);
    }

  set_literal (root, "$schema", TOPO_ARM_SUBSCRIPTION_SCHEMA);
  set_literal (root, "contentVersion", "1.0.0.0");
  json_object_set_object_member (root, "metadata", build_metadata (&ctx));
  params = set_object (root, "parameters");
  for (guint i = 0; i < all_params->len; i++)
    json_object_set_object_member (params, g_ptr_array_index (all_params, i),
                                   team_parameter_decl (&ctx, g_ptr_array_index (all_params, i)));
  resources = set_array (root, "resources");

  for (guint k = 0; k < ctx.n_rgs; k++)
    {
      const TopoResource *rg = ctx.rgs[k].rg;
      JsonObject *obj = new_resource (resources, T_RG, API_RESOURCES, ctx.rgs[k].name,
                                      rg->region != NULL ? rg->region : "westeurope");
      add_tags (&ctx, obj, rg, rg);
      set_object (obj, "properties");
    }
  for (guint k = 0; k < ctx.n_rgs; k++)
    add_deployment (&ctx, resources, (int) k, ctx.rgs[k].deployment, ctx.rgs[k].items,
                    ctx.rgs[k].params, ctx.rgs[k].deps);
  for (guint k = 0; k < ctx.n_rgs; k++)
    if (ctx.rgs[k].access_items != NULL)
      {
        /* After its own main deployment and those of the workspaces' RGs. */
        g_autoptr(GArray) deps = g_array_new (FALSE, FALSE, sizeof (int));
        add_unique_int (deps, (int) k);
        for (guint j = 0; j < ctx.rgs[k].access_deps->len; j++)
          add_unique_int (deps, g_array_index (ctx.rgs[k].access_deps, int, j));
        g_array_sort (deps, compare_int);
        add_deployment (&ctx, resources, (int) k, ctx.rgs[k].access_deployment, ctx.rgs[k].access_items,
                        NULL, deps);
      }

  for (guint k = 0; k < ctx.n_rgs; k++)
    {
      g_free (ctx.rgs[k].deployment);
      g_free (ctx.rgs[k].access_deployment);
      json_array_unref (ctx.rgs[k].items);
      if (ctx.rgs[k].access_items != NULL)
        json_array_unref (ctx.rgs[k].access_items);
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
  json_array_unref (ctx.dropped);
  g_hash_table_unref (ctx.premium);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

char *
topo_arm_export_to_string (TopoDocument *doc)
{
  g_autoptr(JsonNode) node = topo_arm_export (doc);

  return topo_json_to_string (node);
}

gboolean
topo_arm_export_to_file (TopoDocument *doc,
                         const char *path,
                         GError **error)
{
  g_autofree char *text = topo_arm_export_to_string (doc);

  return g_file_set_contents (path, text, -1, error);
}
