/* test-capacity.c: policy.quotas in the format, the capacity plan against hand-computed designs,
 * rules CAP001–CAP005 firing and not firing with their fixes, the JSON/CSV output (golden files)
 * and `topograph-cli capacity`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "topo.h"
#include "cli-run.h"
#include "topo-capacity.h"
#include "topo-image-export.h"
#include "topo-validator.h"
#include "topo-vm-sizes.h"

/* The hand-computed design. Sizes (data/azure-vm-sizes.tsv): DS3_v2 4 vCPUs and DS11_v2 2 vCPUs
 * (standardDSv2Family), D4s_v3 4 (standardDSv3Family), NC24ads_A100_v4 24 + 1 A100
 * (StandardNCADSA100v4Family), NC4as_T4_v3 4 + 1 T4 ("Standard NCASv3_T4 Family").
 *
 *   c1  cluster  DS3_v2 1..5 nodes   westeurope dev  alpha  ws-a    4..20
 *   i1  instance DS11_v2             westeurope dev  alpha  ws-a    2..2
 *   c2  cluster  NC24ads 0..2        westeurope prod beta   ws-b    0..48, 0..2 GPUs
 *   k1  aks      D4s_v3 × 2          westeurope prod beta   ws-b    8..8 (inference link)
 *   c5  cluster  NC4as_T4 0..3       westeurope prod beta   ws-b    0..12, 0..3 GPUs
 *   c3  cluster  (default DS3_v2, 0..4) uksouth dev  —      ws-c    0..16
 *   c4  cluster  my-gpu-box 0..2 uksouth dev   —        ws-c    unknown size
 *   c6  cluster  no group: not counted
 *
 * Quotas: westeurope standardDSv2Family 24 (22 planned: headroom 2), the A100 family spelt in
 * lower case 40 (48 planned: over), westeurope total 100 (90), uksouth total 10 (16: over). */
static const char design[] =
  "{\"format\": \"topograph\", \"version\": 1, \"name\": \"Hand\","
  " \"policy\": {\"environments\": [\"dev\", \"prod\"], \"production_environments\": [\"prod\"],"
  "  \"quotas\": ["
  "   {\"region\": \"westeurope\", \"family\": \"standardDSv2Family\", \"vcpus\": 24},"
  "   {\"region\": \"westeurope\", \"family\": \"standardncadsa100v4family\", \"vcpus\": 40},"
  "   {\"region\": \"westeurope\", \"total\": 100},"
  "   {\"region\": \"uksouth\", \"total\": 10}]},"
  " \"resources\": ["
  "  {\"id\": \"rg-dev\", \"type\": \"resource-group\", \"region\": \"westeurope\", \"environment\": \"dev\", \"project\": \"alpha\"},"
  "  {\"id\": \"rg-prod\", \"type\": \"resource-group\", \"region\": \"westeurope\", \"environment\": \"prod\", \"project\": \"beta\"},"
  "  {\"id\": \"rg-uk\", \"type\": \"resource-group\", \"region\": \"uksouth\", \"environment\": \"dev\"},"
  "  {\"id\": \"ws-a\", \"type\": \"workspace\", \"group\": \"rg-dev\"},"
  "  {\"id\": \"ws-b\", \"type\": \"workspace\", \"group\": \"rg-prod\"},"
  "  {\"id\": \"ws-c\", \"type\": \"workspace\", \"group\": \"rg-uk\"},"
  "  {\"id\": \"c1\", \"type\": \"compute-cluster\", \"group\": \"rg-dev\", \"workspace\": \"ws-a\", \"vm_size\": \"Standard_DS3_v2\", \"min_nodes\": 1, \"max_nodes\": 5},"
  "  {\"id\": \"i1\", \"type\": \"compute-instance\", \"group\": \"rg-dev\", \"workspace\": \"ws-a\", \"vm_size\": \"Standard_DS11_v2\"},"
  "  {\"id\": \"c2\", \"type\": \"compute-cluster\", \"group\": \"rg-prod\", \"workspace\": \"ws-b\", \"vm_size\": \"Standard_NC24ads_A100_v4\", \"min_nodes\": 0, \"max_nodes\": 2},"
  "  {\"id\": \"k1\", \"type\": \"aks\", \"group\": \"rg-prod\", \"vm_size\": \"Standard_D4s_v3\", \"node_count\": 2},"
  "  {\"id\": \"c5\", \"type\": \"compute-cluster\", \"group\": \"rg-prod\", \"workspace\": \"ws-b\", \"vm_size\": \"Standard_NC4as_T4_v3\", \"min_nodes\": 0, \"max_nodes\": 3},"
  "  {\"id\": \"c3\", \"type\": \"compute-cluster\", \"group\": \"rg-uk\", \"workspace\": \"ws-c\"},"
  "  {\"id\": \"c4\", \"type\": \"compute-cluster\", \"group\": \"rg-uk\", \"workspace\": \"ws-c\", \"vm_size\": \"my-gpu-box\", \"min_nodes\": 0, \"max_nodes\": 2},"
  "  {\"id\": \"c6\", \"type\": \"compute-cluster\", \"workspace\": \"ws-a\", \"vm_size\": \"Standard_DS3_v2\"}"
  " ],"
  " \"links\": [{\"type\": \"inference\", \"from\": \"ws-b\", \"to\": \"k1\"}]}\n";

static TopoDocument *
load (const char *text)
{
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_format_load_data (text, strlen (text), "hand.topograph", &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static const TopoCapacityRow *
find_row (GPtrArray *rows,
          const char *region,
          const char *family)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const TopoCapacityRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (row->region, region) && g_strcmp0 (row->family, family) == 0)
        return row;
    }
  g_error ("no row %s / %s", region, family ? family : "(none)");
  return NULL;
}

static const TopoCapacityRollup *
find_rollup (GPtrArray *rollups,
             const char *name)
{
  for (guint i = 0; i < rollups->len; i++)
    {
      const TopoCapacityRollup *r = g_ptr_array_index (rollups, i);

      if (g_strcmp0 (r->name, name) == 0)
        return r;
    }
  g_error ("no rollup %s", name ? name : "(none)");
  return NULL;
}

static void
assert_figures (gint64 vmin, gint64 vmax, gint64 gmin, gint64 gmax,
                gint64 evmin, gint64 evmax, gint64 egmin, gint64 egmax)
{
  g_assert_cmpint (vmin, ==, evmin);
  g_assert_cmpint (vmax, ==, evmax);
  g_assert_cmpint (gmin, ==, egmin);
  g_assert_cmpint (gmax, ==, egmax);
}

static void
test_plan_arithmetic (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  const TopoCapacityRow *row;
  const TopoCapacityRollup *r;
  g_auto(GStrv) ids = NULL;

  g_assert_cmpuint (plan->n_computes, ==, 8);
  g_assert_cmpuint (plan->n_unplaced, ==, 1);
  g_assert_cmpuint (plan->n_exceeded, ==, 2);
  g_assert_cmpuint (plan->rows->len, ==, 6);
  g_assert_cmpuint (plan->regions->len, ==, 2);

  /* sorted: region, then family case-insensitively, unknown sizes last */
  row = g_ptr_array_index (plan->rows, 0);
  g_assert_cmpstr (row->region, ==, "uksouth");
  g_assert_cmpstr (row->family, ==, "standardDSv2Family");
  row = g_ptr_array_index (plan->rows, 1);
  g_assert_cmpint (row->kind, ==, TOPO_CAPACITY_ROW_UNKNOWN_SIZE);
  g_assert_cmpstr (((TopoCapacityRow *) g_ptr_array_index (plan->rows, 2))->family, ==, "Standard NCASv3_T4 Family");
  g_assert_cmpstr (((TopoCapacityRow *) g_ptr_array_index (plan->rows, 5))->family, ==, "StandardNCADSA100v4Family");

  row = find_row (plan->rows, "westeurope", "standardDSv2Family");
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 6, 22, 0, 0);
  g_assert_cmpint (row->quota, ==, 24);
  g_assert_false (topo_capacity_row_exceeded (row));
  g_assert_false (row->gpu_family);
  ids = topo_capacity_row_ids (row, doc);
  g_assert_cmpstrv (ids, ((const char *[]) { "c1", "i1", NULL }));

  row = find_row (plan->rows, "westeurope", "StandardNCADSA100v4Family");
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 0, 48, 0, 2);
  g_assert_cmpint (row->quota, ==, 40);   /* the quota's lower-case spelling matched */
  g_assert_true (topo_capacity_row_exceeded (row));
  g_assert_true (row->gpu_family);
  g_assert_cmpstr (row->gpu_models, ==, "A100");

  row = find_row (plan->rows, "westeurope", "Standard NCASv3_T4 Family");
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 0, 12, 0, 3);
  g_assert_cmpint (row->quota, ==, TOPO_CAPACITY_NO_QUOTA);
  g_assert_cmpstr (row->gpu_models, ==, "T4");

  row = find_row (plan->rows, "westeurope", "standardDSv3Family");
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 8, 8, 0, 0);

  row = find_row (plan->rows, "uksouth", "standardDSv2Family");
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 0, 16, 0, 0);
  row = find_row (plan->rows, "uksouth", NULL);
  g_assert_cmpuint (row->n_unsized, ==, 1);
  g_assert_cmpuint (row->computes->len, ==, 1);
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 0, 0, 0, 0);

  /* regional totals */
  row = find_row (plan->regions, "westeurope", NULL);
  g_assert_cmpint (row->kind, ==, TOPO_CAPACITY_ROW_REGION_TOTAL);
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 14, 90, 0, 5);
  g_assert_cmpint (row->quota, ==, 100);
  g_assert_false (topo_capacity_row_exceeded (row));
  g_assert_cmpstr (row->gpu_models, ==, "A100, T4");
  row = find_row (plan->regions, "uksouth", NULL);
  assert_figures (row->vcpus_min, row->vcpus_max, row->gpus_min, row->gpus_max, 0, 16, 0, 0);
  g_assert_true (topo_capacity_row_exceeded (row));

  /* roll-ups */
  g_assert_cmpuint (plan->environments->len, ==, 2);
  r = g_ptr_array_index (plan->environments, 0);
  g_assert_cmpstr (r->name, ==, "dev");
  assert_figures (r->vcpus_min, r->vcpus_max, r->gpus_min, r->gpus_max, 6, 38, 0, 0);
  g_assert_cmpuint (r->n_computes, ==, 4);
  r = g_ptr_array_index (plan->environments, 1);
  g_assert_cmpstr (r->name, ==, "prod");
  assert_figures (r->vcpus_min, r->vcpus_max, r->gpus_min, r->gpus_max, 8, 68, 0, 5);

  g_assert_cmpuint (plan->projects->len, ==, 3);
  r = find_rollup (plan->projects, "alpha");
  assert_figures (r->vcpus_min, r->vcpus_max, r->gpus_min, r->gpus_max, 6, 22, 0, 0);
  r = find_rollup (plan->projects, "beta");
  assert_figures (r->vcpus_min, r->vcpus_max, r->gpus_min, r->gpus_max, 8, 68, 0, 5);
  r = g_ptr_array_index (plan->projects, 2);   /* none last */
  g_assert_null (r->name);
  assert_figures (r->vcpus_min, r->vcpus_max, r->gpus_min, r->gpus_max, 0, 16, 0, 0);

  g_assert_cmpuint (plan->workspaces->len, ==, 3);
  r = find_rollup (plan->workspaces, "ws-b");   /* the AKS cluster through its inference link */
  assert_figures (r->vcpus_min, r->vcpus_max, r->gpus_min, r->gpus_max, 8, 68, 0, 5);
  g_assert_cmpuint (r->n_computes, ==, 3);
  r = find_rollup (plan->workspaces, "ws-c");
  assert_figures (r->vcpus_min, r->vcpus_max, r->gpus_min, r->gpus_max, 0, 16, 0, 0);
}

/* Every sample's figures add up: rows sum to their region's total, roll-ups to the same. */
static void
test_plan_samples (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_getenv ("TOPOGRAPH_SAMPLES"), 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_format_load_path (path, &error);
      g_autoptr(TopoCapacity) plan = NULL;
      gint64 sum_rows = 0, sum_regions = 0, sum_env = 0, sum_proj = 0, sum_ws = 0;

      g_assert_no_error (error);
      plan = topo_capacity_compute (doc);
      for (guint i = 0; i < plan->rows->len; i++)
        sum_rows += ((TopoCapacityRow *) g_ptr_array_index (plan->rows, i))->vcpus_max;
      for (guint i = 0; i < plan->regions->len; i++)
        sum_regions += ((TopoCapacityRow *) g_ptr_array_index (plan->regions, i))->vcpus_max;
      for (guint i = 0; i < plan->environments->len; i++)
        sum_env += ((TopoCapacityRollup *) g_ptr_array_index (plan->environments, i))->vcpus_max;
      for (guint i = 0; i < plan->projects->len; i++)
        sum_proj += ((TopoCapacityRollup *) g_ptr_array_index (plan->projects, i))->vcpus_max;
      for (guint i = 0; i < plan->workspaces->len; i++)
        sum_ws += ((TopoCapacityRollup *) g_ptr_array_index (plan->workspaces, i))->vcpus_max;
      g_assert_cmpint (sum_rows, >, 0);
      g_assert_cmpint (sum_rows, ==, sum_regions);
      g_assert_cmpint (sum_rows, ==, sum_env);
      g_assert_cmpint (sum_rows, ==, sum_proj);
      g_assert_cmpint (sum_rows, ==, sum_ws);
      g_assert_cmpuint (plan->n_exceeded, ==, 0);
      n++;
    }
  g_assert_cmpuint (n, >=, 10);
}

/* Contoso by hand: 8 DS3_v2 clusters (4 vCPUs) and a DS11_v2 instance (2) in standardDSv2Family;
 * two AKS clusters of 3 D4s_v3 nodes (4 vCPUs). */
static void
test_plan_contoso (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), "contoso.topograph", NULL);
  g_autoptr(TopoDocument) doc = topo_format_load_path (path, NULL);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  const TopoCapacityRow *row = find_row (plan->rows, "westeurope", "standardDSv2Family");

  /* maximums 4+4+4+8+4+4+8 nodes + 1 instance... */
  g_assert_cmpint (row->vcpus_min, ==, 2);
  g_assert_cmpint (row->vcpus_max, ==, (4 + 4 + 4 + 8 + 4 + 4 + 8) * 4 + 2);
  row = find_row (plan->rows, "westeurope", "standardDSv3Family");
  g_assert_cmpint (row->vcpus_min, ==, 2 * 3 * 4);
  g_assert_cmpint (row->vcpus_max, ==, 2 * 3 * 4);
}

/* ---- format ---- */

static void
test_format_round_trip (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autofree char *saved = topo_format_to_data (doc, NULL);
  g_autoptr(TopoDocument) again = load (saved);
  g_autofree char *resaved = topo_format_to_data (again, NULL);
  const TopoPolicy *policy = topo_document_get_policy (doc);

  g_assert_cmpstr (saved, ==, resaved);
  g_assert_nonnull (strstr (saved, "\"quotas\": [\n      {\n        \"region\": \"westeurope\",\n"
                                   "        \"family\": \"standardDSv2Family\",\n        \"vcpus\": 24\n      },"));
  g_assert_nonnull (strstr (saved, "\"region\": \"uksouth\",\n        \"total\": 10\n"));
  g_assert_cmpuint (policy->quotas->len, ==, 4);
  g_assert_cmpint (topo_policy_quota (policy, "westeurope", "standardDSv2Family"), ==, 24);
  g_assert_cmpint (topo_policy_quota (policy, "westeurope", "Standard DSv2 family"), ==, 24);
  g_assert_cmpint (topo_policy_quota (policy, "westeurope", NULL), ==, 100);
  g_assert_cmpint (topo_policy_quota (policy, "uksouth", "standardDSv2Family"), ==, -1);
  g_assert_true (topo_policy_equal (policy, topo_document_get_policy (again)));

  /* an unknown key in a quota entry is kept */
  {
    g_autoptr(TopoDocument) extra = load ("{\"format\": \"topograph\", \"version\": 1, \"policy\": "
                                          "{\"quotas\": [{\"region\": \"eastus\", \"total\": 5, \"x-ticket\": \"Q-17\"}]}}");
    g_autofree char *text = topo_format_to_data (extra, NULL);

    g_assert_nonnull (strstr (text, "\"total\": 5,\n        \"x-ticket\": \"Q-17\"\n"));
  }
  /* an empty list stays an empty list */
  {
    g_autoptr(TopoDocument) empty = load ("{\"format\": \"topograph\", \"version\": 1, \"policy\": {\"quotas\": []}}");
    g_autofree char *text = topo_format_to_data (empty, NULL);

    g_assert_nonnull (strstr (text, "\"quotas\": []"));
  }
}

/* Files without quotas keep their bytes (every sample is canonical: fmt --check). */
static void
test_format_without_quotas (void)
{
  const char *names[] = { "contoso", "multi-environment", "single-environment" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.topograph", names[i]);
      g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), file, NULL);
      g_autofree char *text = NULL;
      gsize length;
      g_autoptr(TopoDocument) doc = NULL;
      g_autofree char *saved = NULL;

      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      g_assert_null (strstr (text, "quotas"));
      doc = load (text);
      g_assert_null (topo_document_get_policy (doc)->quotas);
      saved = topo_format_to_data (doc, NULL);
      g_assert_cmpstr (saved, ==, text);
    }
}

static void
test_format_errors (void)
{
  const struct { const char *quotas; const char *expected; } cases[] = {
    { "{}", "hand.topograph: $.policy.quotas: expected an array, got an object" },
    { "[7]", "hand.topograph: $.policy.quotas[0]: expected an object, got an integer" },
    { "[{\"family\": \"x\", \"vcpus\": 1}]", "hand.topograph: $.policy.quotas[0]: missing required key \"region\"" },
    { "[{\"region\": \"westeurope\"}]", "hand.topograph: $.policy.quotas[0]: expected \"family\" and \"vcpus\", or \"total\"" },
    { "[{\"region\": \"westeurope\", \"family\": \"x\"}]", "hand.topograph: $.policy.quotas[0]: missing required key \"vcpus\"" },
    { "[{\"region\": \"westeurope\", \"vcpus\": 3}]", "hand.topograph: $.policy.quotas[0]: missing required key \"family\"" },
    { "[{\"region\": \"westeurope\", \"family\": \"x\", \"vcpus\": 3, \"total\": 4}]",
      "hand.topograph: $.policy.quotas[0]: a quota is either a family's" },
    { "[{\"region\": \"eastus\", \"total\": 4}, {\"region\": \"westeurope\", \"family\": \"x\", \"vcpus\": -2}]",
      "hand.topograph: $.policy.quotas[1].vcpus: expected a number of vCPUs, 0 or more, got -2" },
    { "[{\"region\": \"westeurope\", \"total\": 1.5}]",
      "hand.topograph: $.policy.quotas[0].total: expected a whole number, got a number" },
    { "[{\"region\": 5, \"total\": 1}]", "hand.topograph: $.policy.quotas[0].region: expected a string, got an integer" },
    { "[{\"region\": \"\", \"total\": 1}]", "hand.topograph: $.policy.quotas[0].region: expected a non-empty string" },
    { "[{\"region\": \"westeurope\", \"family\": \"Standard NCASv3_T4 Family\", \"vcpus\": 8},"
      " {\"region\": \"westeurope\", \"family\": \"standardNCASv3_T4Family\", \"vcpus\": 16}]",
      "hand.topograph: $.policy.quotas[1]: a second quota for family 'standardNCASv3_T4Family' in region 'westeurope' (the first is policy.quotas[0])" },
    { "[{\"region\": \"westeurope\", \"total\": 8}, {\"region\": \"westeurope\", \"total\": 9}]",
      "hand.topograph: $.policy.quotas[1]: a second regional total for region 'westeurope' (the first is policy.quotas[0])" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"format\": \"topograph\", \"version\": 1, "
                                               "\"policy\": {\"quotas\": %s}}", cases[i].quotas);
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "hand.topograph", &error);

      g_assert_null (doc);
      g_assert_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, cases[i].expected))
        g_error ("case %u: got “%s”, expected “%s…”", i, error->message, cases[i].expected);
    }
}

/* ---- rules ---- */

static GPtrArray *
findings_of (GPtrArray *diagnostics,
             const char *rule)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < diagnostics->len; i++)
    {
      TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (d->rule, rule))
        g_ptr_array_add (out, d);
    }
  return out;
}

static TopoDiagnostic *
only_finding (GPtrArray *diagnostics,
              const char *rule)
{
  g_autoptr(GPtrArray) found = findings_of (diagnostics, rule);

  if (found->len != 1)
    g_error ("%s: %u findings, expected 1", rule, found->len);
  return g_ptr_array_index (found, 0);
}

static guint
count (GPtrArray *diagnostics,
       const char *rule)
{
  g_autoptr(GPtrArray) found = findings_of (diagnostics, rule);

  return found->len;
}

static void
set (TopoDocument *doc,
     const char *id,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (topo_edit_set_property (doc, id, key, value, &error));
  g_assert_no_error (error);
}

static void
apply_and_undo (TopoDocument *doc,
                TopoDiagnostic *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = topo_format_to_data (doc, NULL);
  g_autofree char *after = NULL;

  g_assert_true (topo_diagnostic_apply_fix (d, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (topo_document_get_undo_label (doc), ==, d->fix);
  g_assert_true (topo_document_undo (doc));
  after = topo_format_to_data (doc, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (topo_document_redo (doc));
}

static void
test_cap001 (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(GPtrArray) diagnostics = topo_validate_at (doc, "2026-12-04");
  g_autoptr(GPtrArray) again = NULL;
  TopoDiagnostic *d = only_finding (diagnostics, "CAP001");

  /* my-gpu-box: nothing close, no fix; known and unset sizes do not fire */
  g_assert_cmpstrv (d->subjects, ((const char *[]) { "c4", NULL }));
  g_assert_nonnull (strstr (d->message, "“my-gpu-box”"));
  g_assert_null (d->fix);

  /* a case slip and a missing prefix: renamed to the suggestion (an AKS cluster too) */
  set (doc, "c4", "vm_size", "ds3_v2");
  set (doc, "k1", "vm_size", "standard_d4s_V3");
  g_clear_pointer (&diagnostics, g_ptr_array_unref);
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP001"), ==, 2);
  d = g_ptr_array_index (findings_of (diagnostics, "CAP001"), 0);
  g_assert_cmpstr (d->subjects[0], ==, "c4");
  g_assert_cmpstr (d->fix, ==, "Change the VM size of “c4” to “Standard_DS3_v2”");
  g_assert_nonnull (strstr (d->message, "the nearest is “Standard_DS3_v2”"));
  apply_and_undo (doc, d);
  g_assert_cmpstr (topo_document_lookup (doc, "c4")->vm_size, ==, "Standard_DS3_v2");
  again = topo_validate_at (doc, "2026-12-04");
  d = only_finding (again, "CAP001");
  g_assert_cmpstr (d->subjects[0], ==, "k1");
  g_assert_cmpstr (d->fix, ==, "Change the VM size of “k1” to “Standard_D4s_v3”");
}

static void
test_cap002 (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(GPtrArray) diagnostics = topo_validate_at (doc, "2026-12-04");
  g_autoptr(GPtrArray) after = NULL;
  TopoDiagnostic *d = only_finding (diagnostics, "CAP002");

  g_assert_cmpint (d->severity, ==, TOPO_SEVERITY_ERROR);
  g_assert_cmpstrv (d->subjects, ((const char *[]) { "c2", NULL }));
  g_assert_nonnull (strstr (d->message, "In westeurope, the StandardNCADSA100v4Family computes plan up to 48 dedicated vCPUs at maximum scale, over the family's quota of 40."));
  /* 48 - 40 = 8 vCPUs too many: one 24-vCPU node less */
  g_assert_cmpstr (d->fix, ==, "Set the maximum node count of “c2” to 1");
  apply_and_undo (doc, d);
  g_assert_cmpint (topo_document_lookup (doc, "c2")->max_nodes, ==, 1);
  after = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (after, "CAP002"), ==, 0);
}

/* Issue 14: a quota for a region or family the design does not use yet (GPU quota is requested
 * before deploying): the plan lists it with nothing planned, no rule fires for it, a quota in
 * another region does not cover a family, and one in the right region clears CAP004. */
static void
test_edit_quota_ahead (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoCapacity) plan = NULL;
  const TopoCapacityRow *row;
  GPtrArray *diagnostics;
  guint cap002, cap003;

  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP004"), ==, 1);   /* c5: T4 in westeurope */
  cap002 = count (diagnostics, "CAP002");
  cap003 = count (diagnostics, "CAP003");
  g_ptr_array_unref (diagnostics);

  g_assert_true (topo_edit_set_quota (doc, "eastus", NULL, 64, &error));
  g_assert_true (topo_edit_set_quota (doc, "eastus", "Standard NCASv3_T4 Family", 8, &error));
  g_assert_true (topo_edit_set_quota (doc, "westeurope", "standardNDSv2Family", 0, &error));
  g_assert_no_error (error);
  plan = topo_capacity_compute (doc);
  row = find_row (plan->rows, "eastus", "Standard NCASv3_T4 Family");
  g_assert_cmpuint (row->computes->len, ==, 0);
  g_assert_cmpint (row->vcpus_max, ==, 0);
  g_assert_cmpint (row->quota, ==, 8);
  g_assert_true (row->gpu_family);
  row = find_row (plan->regions, "eastus", NULL);
  g_assert_cmpint (row->quota, ==, 64);
  g_assert_cmpint (row->vcpus_max, ==, 0);
  row = find_row (plan->rows, "westeurope", "standardNDSv2Family");
  g_assert_cmpint (row->quota, ==, 0);
  g_assert_false (topo_capacity_row_exceeded (row));
  g_clear_pointer (&plan, topo_capacity_free);
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP002"), ==, cap002);
  g_assert_cmpuint (count (diagnostics, "CAP003"), ==, cap003);
  g_assert_cmpuint (count (diagnostics, "CAP004"), ==, 1);   /* eastus's T4 quota is not westeurope's */
  g_ptr_array_unref (diagnostics);

  /* the family in c5's region: CAP004 goes; 3 nodes × 4 vCPUs over 8 is CAP002 */
  g_assert_true (topo_edit_set_quota (doc, "westeurope", "standardNCASv3_T4Family", 8, &error));
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP004"), ==, 0);
  g_assert_cmpuint (count (diagnostics, "CAP002"), ==, cap002 + 1);
  g_ptr_array_unref (diagnostics);
  g_assert_true (topo_edit_set_quota (doc, "westeurope", "standardNCASv3_T4Family", 12, &error));
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP002"), ==, cap002);
  g_ptr_array_unref (diagnostics);

  /* removed again: back to CAP004 */
  g_assert_true (topo_edit_set_quota (doc, "westeurope", "Standard NCASv3_T4 Family", TOPO_QUOTA_UNSET, &error));
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP004"), ==, 1);
  g_ptr_array_unref (diagnostics);
}

/* Quotas edited as one undo step each: set, change (any spelling of the family), clear; CAP002
 * and CAP003 follow; undo and redo give back the exact bytes; bad values are refused. */
static void
test_edit_quota (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autofree char *original = topo_format_to_data (doc, NULL);
  g_autofree char *set_bytes = NULL;
  g_autoptr(GError) error = NULL;
  const TopoPolicy *policy;
  guint steps = topo_document_get_n_undo_steps (doc);
  GPtrArray *diagnostics;
  static const struct { const char *region; const char *family; gint64 vcpus; const char *expected; } refused[] = {
    { NULL, NULL, 10, "A quota needs a region" },
    { "", "standardDSv2Family", 10, "A quota needs a region" },
    { "westeurope", "", 10, "A family quota needs a VM family" },
    { "westeurope", "standardDSv2Family", -2, "A quota is a number of vCPUs from 0 to 2147483647" },
    { "westeurope", NULL, (gint64) G_MAXINT32 + 1, "A quota is a number of vCPUs from 0 to 2147483647" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (topo_edit_set_quota (doc, refused[i].region, refused[i].family, refused[i].vcpus, &error));
      g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE);
      g_assert_cmpstr (error->message, ==, refused[i].expected);
      g_clear_error (&error);
    }
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps);

  /* the A100 family (declared in lower case) raised to what the design plans: CAP002 goes */
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP002"), ==, 1);
  g_ptr_array_unref (diagnostics);
  g_assert_true (topo_edit_set_quota (doc, "westeurope", "StandardNCADSA100v4Family", 48, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Set Quota");
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps + 1);
  policy = topo_document_get_policy (doc);
  g_assert_cmpuint (policy->quotas->len, ==, 4);   /* replaced in place, spelling kept */
  g_assert_cmpstr (g_array_index (policy->quotas, TopoQuota, 1).family, ==, "standardncadsa100v4family");
  g_assert_cmpint (topo_policy_quota (policy, "westeurope", "StandardNCADSA100v4Family"), ==, 48);
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP002"), ==, 0);
  g_ptr_array_unref (diagnostics);
  /* the same value again is no step */
  g_assert_true (topo_edit_set_quota (doc, "westeurope", "standardNCADSA100v4Family", 48, &error));
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps + 1);

  /* a new regional total goes last: 16 planned in uksouth over 10 was CAP003, now a new family
   * quota under what is planned there fires CAP002 */
  g_assert_true (topo_edit_set_quota (doc, "uksouth", NULL, 16, &error));
  g_assert_true (topo_edit_set_quota (doc, "uksouth", "standardDSv2Family", 8, &error));
  g_assert_no_error (error);
  policy = topo_document_get_policy (doc);
  g_assert_cmpuint (policy->quotas->len, ==, 5);
  g_assert_cmpstr (g_array_index (policy->quotas, TopoQuota, 4).family, ==, "standardDSv2Family");
  g_assert_cmpint (g_array_index (policy->quotas, TopoQuota, 4).vcpus, ==, 8);
  diagnostics = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (diagnostics, "CAP003"), ==, 0);
  g_assert_cmpuint (count (diagnostics, "CAP002"), ==, 1);
  g_ptr_array_unref (diagnostics);
  set_bytes = topo_format_to_data (doc, NULL);

  /* cleared: the quota goes; clearing what is not declared is no step */
  g_assert_true (topo_edit_set_quota (doc, "uksouth", "standardDSv2Family", TOPO_QUOTA_UNSET, &error));
  g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Remove Quota");
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (doc), "uksouth", "standardDSv2Family"), ==, -1);
  steps = topo_document_get_n_undo_steps (doc);
  g_assert_true (topo_edit_set_quota (doc, "uksouth", "standardDSv2Family", TOPO_QUOTA_UNSET, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps);

  /* undo gives back the bytes of each step, redo the same */
  g_assert_true (topo_document_undo (doc));
  {
    g_autofree char *bytes = topo_format_to_data (doc, NULL);
    g_assert_cmpstr (bytes, ==, set_bytes);
  }
  for (guint i = 0; i < 3; i++)
    g_assert_true (topo_document_undo (doc));
  {
    g_autofree char *bytes = topo_format_to_data (doc, NULL);
    g_assert_cmpstr (bytes, ==, original);
  }
  for (guint i = 0; i < 3; i++)
    g_assert_true (topo_document_redo (doc));
  {
    g_autofree char *bytes = topo_format_to_data (doc, NULL);
    g_assert_cmpstr (bytes, ==, set_bytes);
  }
}

/* Removing the last quota leaves no "quotas" key: the file is the one without quotas. */
static void
test_edit_quota_last (void)
{
  static const char bare[] =
    "{\"format\": \"topograph\", \"version\": 1, \"name\": \"Bare\"}\n";
  g_autoptr(TopoDocument) doc = load (bare);
  g_autofree char *before = topo_format_to_data (doc, NULL);
  g_autofree char *with = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (topo_edit_set_quota (doc, "westeurope", NULL, 200, &error));
  g_assert_no_error (error);
  with = topo_format_to_data (doc, NULL);
  g_assert_nonnull (strstr (with, "\"total\": 200"));
  g_assert_true (topo_edit_set_quota (doc, "westeurope", NULL, TOPO_QUOTA_UNSET, &error));
  after = topo_format_to_data (doc, NULL);
  g_assert_cmpstr (after, ==, before);
}

/* A roll-up knows its computes (the Capacity tab selects them). */
static void
test_rollup_ids (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  g_auto(GStrv) env = topo_capacity_rollup_ids (find_rollup (plan->environments, "prod"), doc);
  g_auto(GStrv) project = topo_capacity_rollup_ids (find_rollup (plan->projects, "alpha"), doc);
  g_auto(GStrv) ws = topo_capacity_rollup_ids (find_rollup (plan->workspaces, "ws-b"), doc);
  g_auto(GStrv) none = topo_capacity_rollup_ids (find_rollup (plan->projects, NULL), doc);

  g_assert_cmpstrv (env, ((const char *[]) { "c2", "k1", "c5", NULL }));
  g_assert_cmpstrv (project, ((const char *[]) { "c1", "i1", NULL }));
  g_assert_cmpstrv (ws, ((const char *[]) { "c2", "k1", "c5", NULL }));
  g_assert_cmpstrv (none, ((const char *[]) { "c3", "c4", NULL }));
}

/* Several clusters: the largest share is lowered first; no fix when even one node each is too
 * much. */
static void
test_cap002_several (void)
{
  static const char text[] =
    "{\"format\": \"topograph\", \"version\": 1,"
    " \"policy\": {\"quotas\": [{\"region\": \"eastus\", \"family\": \"standardDSv2Family\", \"vcpus\": 30}]},"
    " \"resources\": ["
    "  {\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"eastus\", \"environment\": \"prod\"},"
    "  {\"id\": \"ws\", \"type\": \"workspace\", \"group\": \"rg\"},"
    "  {\"id\": \"small\", \"type\": \"compute-cluster\", \"group\": \"rg\", \"workspace\": \"ws\", \"vm_size\": \"Standard_DS3_v2\", \"max_nodes\": 4},"
    "  {\"id\": \"big\", \"type\": \"compute-cluster\", \"group\": \"rg\", \"workspace\": \"ws\", \"vm_size\": \"Standard_DS5_v2\", \"min_nodes\": 1, \"max_nodes\": 3},"
    "  {\"id\": \"ci\", \"type\": \"compute-instance\", \"group\": \"rg\", \"workspace\": \"ws\", \"vm_size\": \"Standard_DS4_v2\"}"
    " ], \"links\": []}";
  g_autoptr(TopoDocument) doc = load (text);
  g_autoptr(GPtrArray) diagnostics = topo_validate_at (doc, "2026-12-04");
  g_autoptr(GPtrArray) after = NULL;
  TopoDiagnostic *d = only_finding (diagnostics, "CAP002");

  /* DS3_v2 4, DS5_v2 16, DS4_v2 8: 16 + 48 + 8 = 72 planned, 42 over 30. big: 3 → 1 (32 off),
   * then small: 4 → 1 (12 off, 10 needed: 3 nodes) */
  g_assert_cmpstrv (d->subjects, ((const char *[]) { "big", "small", "ci", NULL }));
  g_assert_cmpstr (d->fix, ==, "Lower the maximum node counts of 2 clusters to fit the quota");
  apply_and_undo (doc, d);
  g_assert_cmpint (topo_document_lookup (doc, "big")->max_nodes, ==, 1);
  g_assert_cmpint (topo_document_lookup (doc, "small")->max_nodes, ==, 1);
  after = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (after, "CAP002"), ==, 0);

  /* a quota of 10: one node each is 4 + 16 + 8 = 28, cannot fit by lowering maximums */
  {
    g_autoptr(TopoPolicy) policy = topo_policy_copy (topo_document_get_policy (doc));
    g_autoptr(GPtrArray) none = NULL;

    g_array_index (policy->quotas, TopoQuota, 0).vcpus = 10;
    topo_document_set_policy (doc, g_steal_pointer (&policy));
    none = topo_validate_at (doc, "2026-12-04");
    d = only_finding (none, "CAP002");
    g_assert_null (d->fix);
  }
}

static void
test_cap003 (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(GPtrArray) diagnostics = topo_validate_at (doc, "2026-12-04");
  g_autoptr(GPtrArray) after = NULL;
  TopoDiagnostic *d = only_finding (diagnostics, "CAP003");

  /* uksouth: 16 planned (c3 at the default 4 nodes), total 10; westeurope's 90 of 100 holds */
  g_assert_cmpint (d->severity, ==, TOPO_SEVERITY_WARNING);
  g_assert_cmpstrv (d->subjects, ((const char *[]) { "c3", "c4", NULL }));
  g_assert_nonnull (strstr (d->message, "In uksouth, the computes plan up to 16 dedicated vCPUs at maximum scale, over the regional total quota of 10."));
  g_assert_cmpstr (d->fix, ==, "Set the maximum node count of “c3” to 2");
  apply_and_undo (doc, d);
  after = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (after, "CAP003"), ==, 0);
}

static void
test_cap004 (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(GPtrArray) diagnostics = topo_validate_at (doc, "2026-12-04");
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(TopoPolicy) policy = NULL;
  TopoDiagnostic *d = only_finding (diagnostics, "CAP004");
  TopoQuota q = { g_strdup ("westeurope"), g_strdup ("standardNCASv3_T4Family"), 12, NULL };

  /* the T4 family has no quota (the A100 family has one; DSv3 is no GPU family) */
  g_assert_cmpint (d->severity, ==, TOPO_SEVERITY_WARNING);
  g_assert_cmpstrv (d->subjects, ((const char *[]) { "c5", NULL }));
  g_assert_nonnull (strstr (d->message, "GPU family Standard NCASv3_T4 Family"));
  g_assert_nonnull (strstr (d->message, "request quota before deploying"));

  /* declared (in another spelling): no finding */
  policy = topo_policy_copy (topo_document_get_policy (doc));
  g_array_append_val (policy->quotas, q);
  topo_document_set_policy (doc, g_steal_pointer (&policy));
  after = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (after, "CAP004"), ==, 0);
}

static void
test_cap005 (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(GPtrArray) diagnostics = topo_validate_at (doc, "2026-12-04");
  g_autoptr(GPtrArray) after = NULL;
  TopoDiagnostic *d = only_finding (diagnostics, "CAP005");

  /* c1 keeps one 4-vCPU node in dev; c2 (min 0) and prod clusters do not fire */
  g_assert_cmpint (d->severity, ==, TOPO_SEVERITY_INFO);
  g_assert_cmpstrv (d->subjects, ((const char *[]) { "c1", NULL }));
  g_assert_nonnull (strstr (d->message, "keeps 1 node (4 dedicated vCPUs) allocated while idle in the non-production environment “dev”"));
  apply_and_undo (doc, d);
  g_assert_cmpint (topo_document_lookup (doc, "c1")->min_nodes, ==, 0);
  after = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (after, "CAP005"), ==, 0);

  /* a minimum in production is not reported by CAP005 */
  set (doc, "c2", "min_nodes", "1");
  g_clear_pointer (&after, g_ptr_array_unref);
  after = topo_validate_at (doc, "2026-12-04");
  g_assert_cmpuint (count (after, "CAP005"), ==, 0);
}

/* A design without computes or quotas has no CAP finding at all; nor does any sample. */
static void
test_cap_quiet (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_getenv ("TOPOGRAPH_SAMPLES"), 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), name, NULL);
      g_autoptr(TopoDocument) doc = topo_format_load_path (path, NULL);
      g_autoptr(GPtrArray) diagnostics = topo_validate_at (doc, "2026-12-04");

      for (guint i = 0; i < diagnostics->len; i++)
        g_assert_false (g_str_has_prefix (((TopoDiagnostic *) g_ptr_array_index (diagnostics, i))->rule, "CAP"));
    }
}

static void
test_rule_metadata (void)
{
  const char *ids[] = { "CAP001", "CAP002", "CAP003", "CAP004", "CAP005" };
  const TopoSeverity severities[] = { TOPO_SEVERITY_ERROR, TOPO_SEVERITY_ERROR, TOPO_SEVERITY_WARNING,
                                      TOPO_SEVERITY_WARNING, TOPO_SEVERITY_INFO };
  g_autofree char *md = topo_rules_reference_markdown ();

  g_assert_nonnull (strstr (md, "\n## Capacity and quotas\n"));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const TopoRuleInfo *info = topo_rules_lookup (ids[i]);

      g_assert_nonnull (info);
      g_assert_cmpint (info->severity, ==, severities[i]);
      g_assert_nonnull (strstr (info->help, "Source:"));
    }
}

/* ---- output ---- */

static void
check_golden (const char *text,
              const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "golden", name, NULL);
  g_autofree char *golden = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("TOPOGRAPH_UPDATE_GOLDEN") != NULL)
    {
      g_assert_true (g_file_set_contents (path, text, -1, &error));
      return;
    }
  g_assert_true (g_file_get_contents (path, &golden, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, golden);
}

static void
test_output_golden (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  g_autofree char *json = topo_capacity_to_json (plan);
  g_autofree char *csv = topo_capacity_to_csv (plan);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  /* valid JSON */
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  check_golden (json, "capacity-hand.json");
  check_golden (csv, "capacity-hand.csv");
}

static void
test_csv_escaping (void)
{
  static const char text[] =
    "{\"format\": \"topograph\", \"version\": 1,"
    " \"resources\": ["
    "  {\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\", \"project\": \"=HYPERLINK(\\\"x\\\")\"},"
    "  {\"id\": \"ws\", \"type\": \"workspace\", \"group\": \"rg\", \"name\": \"a,b\"},"
    "  {\"id\": \"ci\", \"type\": \"compute-instance\", \"group\": \"rg\", \"workspace\": \"ws\"}"
    " ], \"links\": []}";
  g_autoptr(TopoDocument) doc = load (text);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  g_autofree char *csv = topo_capacity_to_csv (plan);

  g_assert_nonnull (strstr (csv, "\r\nproject,,\"'=HYPERLINK(\"\"x\"\")\",1,4,4,,,0,0,,\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nworkspace,,\"a,b\",1,4,4,,,0,0,,\r\n"));
}

/* ---- the legend's capacity summary ---- */

static void
test_summary (void)
{
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  g_autoptr(GPtrArray) lines = topo_capacity_summary (plan, doc);
  const struct { int level; gboolean indented; const char *text; } expected[] = {
    { 2, FALSE, "UK South (uksouth): 0–16 of 10 vCPUs — over the regional quota" },
    { 0, FALSE, "West Europe (westeurope): 14–90 of 100 vCPUs, 0–5 GPUs (A100, T4)" },
    { 1, TRUE, "Standard NCASv3_T4 Family: 0–12 vCPUs — no quota declared (GPU families start at 0)" },
    { 0, TRUE, "standardDSv2Family: 6–22 of 24 vCPUs" },
    { 2, TRUE, "StandardNCADSA100v4Family: 0–48 of 40 vCPUs — over quota" },
  };

  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < lines->len; i++)
    {
      const TopoCapacityLine *line = g_ptr_array_index (lines, i);

      g_assert_cmpstr (line->text, ==, expected[i].text);
      g_assert_cmpint (line->level, ==, expected[i].level);
      g_assert_cmpint (line->indented, ==, expected[i].indented);
    }
}

/* Regions follow the lanes, top to bottom, as the picture shows them. */
static void
test_summary_lane_order (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), "regional-fine-tuning.topograph", NULL);
  g_autoptr(TopoDocument) doc = topo_format_load_path (path, NULL);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  g_autoptr(GPtrArray) lines = topo_capacity_summary (plan, doc);

  g_assert_cmpuint (lines->len, ==, 6);
  g_assert_true (g_str_has_prefix (((TopoCapacityLine *) g_ptr_array_index (lines, 0))->text, "West Europe (westeurope): 0–48 of 100 vCPUs"));
  g_assert_cmpstr (((TopoCapacityLine *) g_ptr_array_index (lines, 1))->text, ==, "standardNCSv3Family: 0–48 of 72 vCPUs");
  g_assert_true (g_str_has_prefix (((TopoCapacityLine *) g_ptr_array_index (lines, 2))->text, "UK South (uksouth)"));
  g_assert_true (g_str_has_prefix (((TopoCapacityLine *) g_ptr_array_index (lines, 4))->text, "Switzerland North (switzerlandnorth)"));
}

/* The option adds a section to the legend (a taller picture); without it nothing changes. */
static void
test_image_legend (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), "regional-fine-tuning.topograph", NULL);
  g_autoptr(TopoDocument) doc = topo_format_load_path (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = topo_image_export_to_bytes (doc, TOPO_IMAGE_SVG, 1.0, TRUE, TOPO_THEME_LIGHT, &error);
  g_autoptr(GBytes) same = topo_image_export_to_bytes (doc, TOPO_IMAGE_SVG, 1.0, TOPO_IMAGE_DIAGNOSTICS,
                                                       TOPO_THEME_LIGHT, &error);
  g_autoptr(GBytes) with = topo_image_export_to_bytes (doc, TOPO_IMAGE_SVG, 1.0,
                                                       TOPO_IMAGE_DIAGNOSTICS | TOPO_IMAGE_CAPACITY,
                                                       TOPO_THEME_LIGHT, &error);
  g_autoptr(GBytes) png = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, 1.0, TOPO_IMAGE_CAPACITY,
                                                      TOPO_THEME_DARK, &error);
  g_autoptr(GBytes) pdf = topo_image_export_to_bytes (doc, TOPO_IMAGE_PDF, 1.0, TOPO_IMAGE_CAPACITY,
                                                      TOPO_THEME_LIGHT, &error);
  TopoRenderOptions options;
  TopoRect a, b;
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  g_autoptr(GPtrArray) lines = topo_capacity_summary (plan, doc);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (plain, same));
  g_assert_false (g_bytes_equal (plain, with));
  g_assert_nonnull (png);
  g_assert_nonnull (pdf);

  topo_render_options_init (&options);
  options.show_title = options.show_legend = TRUE;
  a = topo_render_export_bounds (doc, &options);
  options.capacity = lines;
  b = topo_render_export_bounds (doc, &options);
  g_assert_cmpfloat (b.h, >, a.h + 6 * 24);
}

/* ---- topograph-cli capacity ---- */


static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("topograph-capacity-XXXXXX", NULL);
  g_autofree char *hand = g_build_filename (dir, "hand.topograph", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.topograph", NULL);
  g_autofree char *hostile = g_build_filename (dir, "hostile.topograph", NULL);
  g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *sample = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), "regional-fine-tuning.topograph", NULL);
  g_autofree char *written = NULL;
  g_autoptr(TopoDocument) doc = load (design);
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (doc);
  g_autofree char *csv = topo_capacity_to_csv (plan);

  g_assert_true (g_file_set_contents (hand, design, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"format\": \"topograph\", \"version\": 1, \"policy\": {\"quotas\": [{\"region\": \"x\"}]}}", -1, NULL));
  g_assert_true (g_file_set_contents (hostile,
                                      "{\"format\": \"topograph\", \"version\": 1, \"resources\": ["
                                      "{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"west\\u001b[31meurope\"},"
                                      "{\"id\": \"ws\", \"type\": \"workspace\", \"group\": \"rg\"},"
                                      "{\"id\": \"ci\", \"type\": \"compute-instance\", \"group\": \"rg\", \"workspace\": \"ws\"}]}",
                                      -1, NULL));

  /* every quota holds: exit 0, the table and the roll-ups */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "capacity", sample, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "REGION            FAMILY               COMPUTES  vCPUs MIN  vCPUs MAX  QUOTA  HEADROOM  GPUs  GPU MODELS"));
    g_assert_nonnull (strstr (run.out, "westeurope        standardNCSv3Family         1          0         48     72        24   0–8  V100"));
    g_assert_nonnull (strstr (run.out, "\nBy environment\n"));
    g_assert_nonnull (strstr (run.out, "mlw-llm-prod-uks"));
  }
  /* over quota: exit 1, marked */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "capacity", hand, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "over quota"));
    g_assert_nonnull (strstr (run.out, "no quota (GPU families start at 0)"));
    g_assert_nonnull (strstr (run.out, "(unknown size)"));
    g_assert_nonnull (strstr (run.out, "1 compute has no region (no resource group) and is not counted."));
    g_assert_nonnull (strstr (run.out, "2 quotas are exceeded."));
  }
  /* JSON and CSV as the library writes them, to stdout and to a file */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *json = topo_capacity_to_json (plan);

    run_cli (&run, "capacity", "--format", "json", hand, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, json);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "capacity", "--format", "csv", "-o", out, hand, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
    g_assert_cmpstr (written, ==, csv);
  }
  /* bad input and usage: exit 2, the file and JSON path named */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "capacity", bad, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "bad.topograph: $.policy.quotas[0]: expected \"family\" and \"vcpus\", or \"total\""));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "capacity", "--format", "xml", hand, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "unknown --format 'xml'"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "capacity", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  /* the picture's legend option */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *png = g_build_filename (dir, "legend.png", NULL);

    run_cli (&run, "export", "png", sample, "-o", png, "--legend-capacity", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
    g_unlink (png);
  }
  {
    g_auto(Run) run = { 0 };

    /* with the changes drawn too */
    run_cli (&run, "export", "png", sample, "-o", out, "--legend-capacity", "--diff-against", sample, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  /* user text cannot reach the terminal raw */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "capacity", hostile, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strchr (run.out, '\x1b'));
    g_assert_nonnull (strstr (run.out, "west\\x1b[31meurope"));
  }
  g_unlink (hand);
  g_unlink (bad);
  g_unlink (hostile);
  g_unlink (out);
  g_rmdir (dir);
}

/* ---- size data ---- */

static void
test_sizes (void)
{
  const TopoVmSize *s = topo_vm_size_lookup ("Standard_NC24ads_A100_v4");
  guint n = 0;
  const TopoVmSize *all = topo_vm_sizes_get_specs (&n);
  g_autofree char *key = topo_vm_family_key ("Standard NCASv3_T4 Family");

  g_assert_cmpuint (n, ==, 280);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (all[i - 1].name, all[i].name), <, 0);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->vcpus, ==, 24);
  g_assert_cmpfloat (s->memory_gib, ==, 220);
  g_assert_cmpuint (s->gpus, ==, 1);
  g_assert_cmpstr (s->gpu_model, ==, "A100");
  g_assert_cmpstr (s->quota_family, ==, "StandardNCADSA100v4Family");
  g_assert_null (topo_vm_size_lookup ("Standard_A1_v2"));     /* a name without figures */
  g_assert_true (topo_vm_size_is_known ("Standard_A1_v2"));
  g_assert_true (topo_vm_size_is_known ("Standard_E64i_v3")); /* figures, not in the name list */
  g_assert_null (topo_vm_size_lookup ("Standard_DS3_v2")->gpu_model);

  g_assert_cmpstr (key, ==, "standardncasv3_t4family");
  g_assert_cmpstr (topo_vm_family_canonical ("standardncasv3_t4family"), ==, "Standard NCASv3_T4 Family");
  g_assert_cmpstr (topo_vm_family_canonical ("STANDARDDSV2FAMILY"), ==, "standardDSv2Family");
  g_assert_null (topo_vm_family_canonical ("standardBananaFamily"));
  g_assert_true (topo_vm_family_is_gpu ("standardNCSv3Family"));
  g_assert_true (topo_vm_family_is_gpu ("standard NDAMSv4_A100Family"));
  g_assert_false (topo_vm_family_is_gpu ("standardDSv2Family"));
  g_assert_false (topo_vm_family_is_gpu ("standardBananaFamily"));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topo/capacity/sizes", test_sizes);
  g_test_add_func ("/topo/capacity/plan/arithmetic", test_plan_arithmetic);
  g_test_add_func ("/topo/capacity/plan/rollup-ids", test_rollup_ids);
  g_test_add_func ("/topo/capacity/edit/quota", test_edit_quota);
  g_test_add_func ("/topo/capacity/edit/quota-last", test_edit_quota_last);
  g_test_add_func ("/topo/capacity/edit/quota-ahead", test_edit_quota_ahead);
  g_test_add_func ("/topo/capacity/plan/contoso", test_plan_contoso);
  g_test_add_func ("/topo/capacity/plan/samples", test_plan_samples);
  g_test_add_func ("/topo/capacity/format/round-trip", test_format_round_trip);
  g_test_add_func ("/topo/capacity/format/without-quotas", test_format_without_quotas);
  g_test_add_func ("/topo/capacity/format/errors", test_format_errors);
  g_test_add_func ("/topo/capacity/rules/cap001", test_cap001);
  g_test_add_func ("/topo/capacity/rules/cap002", test_cap002);
  g_test_add_func ("/topo/capacity/rules/cap002-several", test_cap002_several);
  g_test_add_func ("/topo/capacity/rules/cap003", test_cap003);
  g_test_add_func ("/topo/capacity/rules/cap004", test_cap004);
  g_test_add_func ("/topo/capacity/rules/cap005", test_cap005);
  g_test_add_func ("/topo/capacity/rules/quiet", test_cap_quiet);
  g_test_add_func ("/topo/capacity/rules/metadata", test_rule_metadata);
  g_test_add_func ("/topo/capacity/output/golden", test_output_golden);
  g_test_add_func ("/topo/capacity/output/csv-escaping", test_csv_escaping);
  g_test_add_func ("/topo/capacity/summary", test_summary);
  g_test_add_func ("/topo/capacity/summary/lane-order", test_summary_lane_order);
  g_test_add_func ("/topo/capacity/image-legend", test_image_legend);
  g_test_add_func ("/topo/capacity/cli", test_cli);
  return g_test_run ();
}
