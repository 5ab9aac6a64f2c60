/* topo-generator.c: large, realistic, valid designs for benchmarks and tests
 *
 * A design is a set of projects; each project has a dev, qa and prod resource group in one
 * region, each with a workspace and its associated resources, computes, and in prod an AKS
 * cluster for inference. Datastore, inference, promotion and replication links join them the
 * way the article's multi-environment pattern does. Names follow CAF and Azure's rules, so the
 * designs are also good validator and ARM-export workloads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-generator"

#include "config.h"

#include "topo-generator.h"
#include "topo-document-private.h"
#include "topo-edit.h"
#include "topo-layout.h"

#define GROUPS_PER_ROW 8
#define CARD_COLUMNS 3

typedef struct
{
  const char *region;
  const char *abbreviation;
} Region;

static const Region regions[] = {
  { "westeurope", "weu" }, { "eastus", "eus" }, { "northeurope", "neu" },
  { "australiaeast", "aue" }, { "eastus2", "eus2" }, { "japaneast", "jpe" },
};

static const char *const environments[] = { "dev", "qa", "prod" };
static const char *const vm_sizes[] = { "Standard_DS3_v2", "Standard_D4s_v3", "Standard_NC6s_v3", "Standard_E8s_v3" };
static const char *const team_levels[] = { "confidential", "confidential", "restricted", "confidential" };
static const char *const departments[] = { "fraud", "marketing", "risk", "supply", "health", "pricing", "support", "research" };

typedef struct
{
  TopoDocument *doc;
  GRand        *rand;
  guint         budget;       /* resources still to create */
  GPtrArray    *dev_workspaces;
  GHashTable   *lane_cursor;  /* region → number of RGs placed */
  GHashTable   *group_cards;  /* RG id → number of cards placed */
} Generator;

static void
tag (TopoResource *r,
     const char   *team,
     const char   *env)
{
  g_autofree char *cost = g_strdup_printf ("%u", 4000 + (guint) g_str_hash (team) % 1000);

  topo_resource_set_tag (r, "cost-center", cost);
  topo_resource_set_tag (r, "owner", team);
  if (env != NULL)
    topo_resource_set_tag (r, "environment", env);
}

static void
place_card (Generator    *gen,
            TopoResource *r)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (gen->group_cards, r->group));

  r->has_layout = TRUE;
  r->layout.x = TOPO_GROUP_PADDING + (n % CARD_COLUMNS) * (TOPO_CARD_WIDTH + TOPO_CARD_GAP_X);
  r->layout.y = TOPO_GROUP_HEADER + TOPO_GROUP_PADDING + (n / CARD_COLUMNS) * (TOPO_CARD_HEIGHT + TOPO_CARD_GAP_Y);
  g_hash_table_insert (gen->group_cards, r->group, GUINT_TO_POINTER (n + 1));
}

static TopoResource *
add (Generator    *gen,
     TopoKind      kind,
     const char   *id,
     const char   *name,
     const char   *group)
{
  TopoResource *r = topo_resource_new (kind, id);

  r->name = g_strdup (name);
  r->group = g_strdup (group);
  if (group != NULL)
    place_card (gen, r);
  topo_document_insert_resource (gen->doc, topo_document_get_n_resources (gen->doc), r);
  gen->budget--;
  return r;
}

static void
add_link (Generator    *gen,
      TopoLinkType  type,
      const char   *from,
      const char   *to,
      TopoAccess    access)
{
  TopoLink *l = topo_link_new (type, from, to);

  l->access = access;
  topo_document_insert_link (gen->doc, topo_document_get_n_links (gen->doc), l);
}

/* Cards in one environment's RG: 7 in dev and prod, 6 in qa. */
static guint
env_size (guint env)
{
  return env == 1 ? 6 : 7;
}

static void
make_project (Generator *gen,
              guint      project)
{
  const Region *region = &regions[project % G_N_ELEMENTS (regions)];
  const char *team = departments[project % G_N_ELEMENTS (departments)];
  g_autofree char *previous_ws = NULL;
  g_autofree char *prod_storage = NULL;

  for (guint env = 0; env < 3; env++)
    {
      const char *e = environments[env];
      g_autofree char *p = g_strdup_printf ("p%04u", project);
      g_autofree char *rg = g_strdup_printf ("rg-%s-%s", p, e);
      g_autofree char *ws = g_strdup_printf ("mlw-%s-%s", p, e);
      g_autofree char *st = g_strdup_printf ("st-%s-%s", p, e);
      g_autofree char *kv = g_strdup_printf ("kv-%s-%s", p, e);
      g_autofree char *appi = g_strdup_printf ("appi-%s-%s", p, e);
      g_autofree char *cr = g_strdup_printf ("cr-%s-%s", p, e);
      g_autofree char *cpu = g_strdup_printf ("cpu-%s-%s", p, e);
      g_autofree char *name = NULL;
      guint lane_n = GPOINTER_TO_UINT (g_hash_table_lookup (gen->lane_cursor, region->region));
      guint rows;
      TopoResource *r;

      r = topo_resource_new (TOPO_KIND_RESOURCE_GROUP, rg);
      r->name = g_strdup_printf ("rg-%s-%s-%s", p, e, region->abbreviation);
      r->region = g_strdup (region->region);
      r->environment = g_strdup (e);
      r->purpose = TOPO_PURPOSE_PROJECT;
      r->project = g_strdup (p);
      r->team = g_strdup (team);
      tag (r, team, NULL);
      rows = (env_size (env) + CARD_COLUMNS - 1) / CARD_COLUMNS;
      r->has_layout = TRUE;
      r->layout.w = 2 * TOPO_GROUP_PADDING + CARD_COLUMNS * TOPO_CARD_WIDTH + (CARD_COLUMNS - 1) * TOPO_CARD_GAP_X;
      r->layout.h = TOPO_GROUP_HEADER + rows * TOPO_CARD_HEIGHT + (rows - 1) * TOPO_CARD_GAP_Y + 2 * TOPO_GROUP_PADDING;
      /* Rows of RGs inside the lane; every row as tall as the tallest RG (3 card rows). */
      r->layout.x = TOPO_LANE_PADDING + (lane_n % GROUPS_PER_ROW) * (r->layout.w + TOPO_LANE_PADDING);
      r->layout.y = TOPO_LANE_PADDING + (lane_n / GROUPS_PER_ROW) *
                    (TOPO_GROUP_HEADER + 3 * TOPO_CARD_HEIGHT + 2 * TOPO_CARD_GAP_Y + 2 * TOPO_GROUP_PADDING + TOPO_LANE_PADDING);
      g_hash_table_insert (gen->lane_cursor, (gpointer) region->region, GUINT_TO_POINTER (lane_n + 1));
      topo_document_insert_resource (gen->doc, topo_document_get_n_resources (gen->doc), r);
      gen->budget--;

      name = g_strdup_printf ("st%s%s%s", p, e, region->abbreviation);
      r = add (gen, TOPO_KIND_STORAGE, st, name, rg);
      r->data = env == 2 ? TOPO_DATA_PRODUCTION : TOPO_DATA_NON_PRODUCTION;
      r->sensitivity = env == 2 ? TOPO_LEVEL_CONFIDENTIAL : TOPO_LEVEL_INTERNAL;
      r->sku = g_strdup (env == 2 ? "Standard_ZRS" : "Standard_LRS");
      r->public_network_access = env == 2 ? TOPO_TRI_FALSE : TOPO_TRI_UNSET;
      tag (r, team, e);
      g_clear_pointer (&name, g_free);

      name = g_strdup_printf ("kv-%s-%s-%s", p, e, region->abbreviation);
      tag (add (gen, TOPO_KIND_KEY_VAULT, kv, name, rg), team, e);
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("appi-%s-%s-%s", p, e, region->abbreviation);
      tag (add (gen, TOPO_KIND_APP_INSIGHTS, appi, name, rg), team, e);
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("cr%s%s%s", p, e, region->abbreviation);
      tag (add (gen, TOPO_KIND_CONTAINER_REGISTRY, cr, name, rg), team, e);
      g_clear_pointer (&name, g_free);

      name = g_strdup_printf ("mlw-%s-%s-%s", p, e, region->abbreviation);
      r = add (gen, TOPO_KIND_WORKSPACE, ws, name, rg);
      r->purpose = TOPO_PURPOSE_PROJECT;
      r->public_network_access = env == 2 ? TOPO_TRI_FALSE : TOPO_TRI_UNSET;
      r->storage = g_strdup (st);
      r->key_vault = g_strdup (kv);
      r->app_insights = g_strdup (appi);
      r->container_registry = g_strdup (cr);
      topo_resource_set_access (r, team, env == 0 ? TOPO_ROLE_DATA_SCIENTIST
                                         : env == 1 ? TOPO_ROLE_COMPUTE_OPERATOR : TOPO_ROLE_READER);
      tag (r, team, e);
      g_clear_pointer (&name, g_free);

      name = g_strdup_printf ("cpu-%s-%s", p, e);
      r = add (gen, TOPO_KIND_COMPUTE_CLUSTER, cpu, name, rg);
      r->workspace = g_strdup (ws);
      r->vm_size = g_strdup (vm_sizes[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (vm_sizes))]);
      r->min_nodes = 0;
      r->max_nodes = g_rand_int_range (gen->rand, 2, 17);
      g_clear_pointer (&name, g_free);

      if (env == 0)
        {
          g_autofree char *ci = g_strdup_printf ("ci-%s-%s", p, e);

          name = g_strdup_printf ("ci-%s-%s", p, e);
          r = add (gen, TOPO_KIND_COMPUTE_INSTANCE, ci, name, rg);
          r->workspace = g_strdup (ws);
          r->vm_size = g_strdup ("Standard_DS3_v2");
          g_ptr_array_add (gen->dev_workspaces, g_strdup (ws));
        }
      if (env == 2)
        {
          g_autofree char *aks = g_strdup_printf ("aks-%s-%s", p, e);

          name = g_strdup_printf ("aks-%s-%s-%s", p, e, region->abbreviation);
          r = add (gen, TOPO_KIND_AKS, aks, name, rg);
          r->vm_size = g_strdup ("Standard_D4s_v3");
          r->node_count = g_rand_int_range (gen->rand, 2, 6);
          tag (r, team, e);
          add_link (gen, TOPO_LINK_INFERENCE, ws, aks, TOPO_ACCESS_UNSET);
          prod_storage = g_strdup (st);
        }

      add_link (gen, TOPO_LINK_DATASTORE, ws, st, env == 0 ? TOPO_ACCESS_WRITE : TOPO_ACCESS_READ);
      if (previous_ws != NULL)
        add_link (gen, TOPO_LINK_PROMOTION, previous_ws, ws, TOPO_ACCESS_UNSET);
      g_free (previous_ws);
      previous_ws = g_strdup (ws);
    }

  /* Every fourth project shares its production data with the previous project of the same
   * region (same geography, so residency holds). */
  if (project >= G_N_ELEMENTS (regions) && project % 4 == 0)
    {
      g_autofree char *other = g_strdup_printf ("st-p%04u-prod",
                                                project - (guint) G_N_ELEMENTS (regions));

      add_link (gen, TOPO_LINK_REPLICATION, prod_storage, other, TOPO_ACCESS_UNSET);
    }
}

TopoDocument *
topo_generate (guint   n_resources,
               guint32 seed)
{
  g_autoptr(TopoDocument) doc = topo_document_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) lanes = g_ptr_array_new ();
  g_autoptr(TopoPolicy) policy = topo_policy_new ();
  const guint project_size = 3 + 7 + 6 + 7;
  Generator gen = { doc, rand, n_resources, g_ptr_array_new_with_free_func (g_free),
                    g_hash_table_new (g_str_hash, g_str_equal),
                    g_hash_table_new (g_str_hash, g_str_equal) };
  guint n_projects = MAX (1, n_resources / project_size);
  guint extra = 0;

  _topo_document_set_recording (doc, FALSE);
  {
    g_autofree char *name = g_strdup_printf ("Generated design (%u resources, seed %u)",
                                             n_resources, seed);

    topo_document_set_name (doc, name);
  }

  for (guint i = 0; i < MIN (n_projects, G_N_ELEMENTS (regions)); i++)
    g_ptr_array_add (lanes, (gpointer) regions[i].region);
  g_ptr_array_add (lanes, NULL);
  topo_document_set_lanes (doc, (const char *const *) lanes->pdata);

  policy->allowed_regions = g_strdupv ((GStrv) lanes->pdata);
  policy->residency = TOPO_RESIDENCY_GEOGRAPHY;
  policy->required_tags = g_strsplit ("cost-center owner", " ", -1);
  policy->naming = TOPO_NAMING_CAF;
  policy->environments = g_strsplit ("dev qa prod", " ", -1);
  policy->production_environments = g_strsplit ("prod", " ", -1);
  topo_document_set_policy (doc, g_steal_pointer (&policy));

  for (guint i = 0; i < G_N_ELEMENTS (departments); i++)
    {
      TopoTeam *team = topo_team_new (departments[i]);

      team->name = g_strdup_printf ("%c%s data science", g_ascii_toupper (departments[i][0]),
                                    departments[i] + 1);
      team->data_access = topo_level_from_string (team_levels[i % G_N_ELEMENTS (team_levels)]);
      topo_document_insert_team (doc, i, team);
    }

  for (guint p = 0; p < n_projects; p++)
    make_project (&gen, p);

  /* Top up to the exact count with extra clusters spread over the dev workspaces. */
  while (gen.budget > 0 && gen.budget <= n_resources && gen.dev_workspaces->len > 0)
    {
      const char *ws = g_ptr_array_index (gen.dev_workspaces, extra % gen.dev_workspaces->len);
      const TopoResource *workspace = topo_document_lookup (doc, ws);
      g_autofree char *id = g_strdup_printf ("cpu-extra-%u", extra);
      g_autofree char *name = g_strdup_printf ("gpu-x%u", extra);
      g_autofree char *group = g_strdup (workspace->group);
      TopoResource *r = add (&gen, TOPO_KIND_COMPUTE_CLUSTER, id, name, group);
      TopoResource *rg = (TopoResource *) topo_document_lookup (doc, group);
      guint cards = GPOINTER_TO_UINT (g_hash_table_lookup (gen.group_cards, rg->id));
      guint rows = (cards + CARD_COLUMNS - 1) / CARD_COLUMNS;

      r->workspace = g_strdup (ws);
      r->vm_size = g_strdup ("Standard_NC6s_v3");
      r->min_nodes = 0;
      r->max_nodes = 4;
      rg->layout.h = MAX (rg->layout.h, TOPO_GROUP_HEADER + rows * TOPO_CARD_HEIGHT +
                                        (rows - 1) * TOPO_CARD_GAP_Y + 2 * TOPO_GROUP_PADDING);
      extra++;
    }

  g_ptr_array_unref (gen.dev_workspaces);
  g_hash_table_unref (gen.lane_cursor);
  g_hash_table_unref (gen.group_cards);
  topo_edit_enforce_all (doc);
  _topo_document_set_recording (doc, TRUE);
  topo_document_clear_history (doc);
  return g_steal_pointer (&doc);
}
