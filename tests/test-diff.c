/* test-diff.c: the semantic diff — every kind of change, matching by name when ids were
 * regenerated, findings, the property that random edits come back exactly, golden reports and
 * the exit status of `topograph-cli diff`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "topo.h"
#include "topo-diff.h"
#include "topo-render-diff.h"
#include "cli-run.h"

static TopoDocument *
load_sample (const char *name)
{
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_templates_load (name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static TopoDocument *
load_text (const char *json)
{
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_format_load_data (json, strlen (json), "test", &error);

  g_assert_no_error (error);
  return doc;
}

/* "kind id key" per change, sorted: what a test expects, independent of report order. */
static char *
change_line (const TopoDiffChange *c)
{
  if (c->link_type >= 0)
    return g_strdup_printf ("%s %s>%s %s", topo_diff_kind_to_string (c->kind), c->from, c->to,
                            c->key != NULL ? c->key : "-");
  if (c->rule != NULL)
    return g_strdup_printf ("%s %s %s", topo_diff_kind_to_string (c->kind), c->rule, c->subjects[0]);
  return g_strdup_printf ("%s %s %s", topo_diff_kind_to_string (c->kind), c->id != NULL ? c->id : "-",
                          c->key != NULL ? c->key : "-");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
assert_changes (const TopoDiff *diff,
                GPtrArray      *expected)
{
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *got_text = NULL;
  g_autofree char *expected_text = NULL;

  for (guint i = 0; i < diff->changes->len; i++)
    g_ptr_array_add (got, change_line (g_ptr_array_index (diff->changes, i)));
  g_ptr_array_sort (got, compare_strings);
  g_ptr_array_sort (expected, compare_strings);
  g_ptr_array_add (got, NULL);
  g_ptr_array_add (expected, NULL);
  got_text = g_strjoinv ("\n", (char **) got->pdata);
  expected_text = g_strjoinv ("\n", (char **) expected->pdata);
  g_ptr_array_remove_index (expected, expected->len - 1);
  g_assert_cmpstr (got_text, ==, expected_text);
}

static void
assert_diff (TopoDocument *old_doc,
             TopoDocument *new_doc,
             TopoDiffFlags flags,
             ...)
{
  g_autoptr(TopoDiff) diff = topo_diff_compute (old_doc, new_doc, flags);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  const char *line;
  va_list args;

  va_start (args, flags);
  while ((line = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (expected, g_strdup (line));
  va_end (args);
  assert_changes (diff, expected);
}

/* Identity ------------------------------------------------------------------------------------- */

static void
test_identical (void)
{
  guint n;
  const TopoTemplateInfo *templates = topo_templates_get_all (&n);

  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TopoDocument) a = load_sample (templates[i].name);
      g_autoptr(TopoDocument) b = load_sample (templates[i].name);
      g_autoptr(TopoDiff) same = topo_diff_compute (a, a, TOPO_DIFF_FLAGS_NONE);
      g_autoptr(TopoDiff) twin = topo_diff_compute (a, b, TOPO_DIFF_FLAGS_NONE);
      g_autofree char *summary = topo_diff_summary (twin);

      g_assert_true (topo_diff_is_empty (same));
      g_assert_true (topo_diff_is_empty (twin));
      g_assert_cmpstr (summary, ==, "no changes");
    }
}

/* Spelled-out defaults are the same design: "sku": "Standard_LRS" equals no "sku". */
static void
test_effective_values (void)
{
  g_autoptr(TopoDocument) a = load_text (
    "{\"format\":\"topograph\",\"version\":1,\"resources\":["
    "{\"id\":\"rg\",\"type\":\"resource-group\",\"region\":\"westeurope\"},"
    "{\"id\":\"st\",\"type\":\"storage\",\"group\":\"rg\"}]}");
  g_autoptr(TopoDocument) b = load_text (
    "{\"format\":\"topograph\",\"version\":1,\"resources\":["
    "{\"id\":\"rg\",\"type\":\"resource-group\",\"region\":\"westeurope\"},"
    "{\"id\":\"st\",\"type\":\"storage\",\"group\":\"rg\",\"sku\":\"Standard_LRS\","
    "\"sensitivity\":\"internal\",\"data\":\"none\",\"hns\":false,\"public_network_access\":true}]}");

  assert_diff (a, b, TOPO_DIFF_IGNORE_LAYOUT, NULL);
}

/* Every kind, one at a time ------------------------------------------------------------------- */

static void
test_resources (void)
{
  g_autoptr(TopoDocument) a = load_sample ("contoso");
  g_autoptr(TopoDocument) b = load_sample ("contoso");
  g_autoptr(GError) error = NULL;
  const char *removed[] = { "cpu-churn-qa", NULL };
  const char *added;

  added = topo_edit_add_resource (b, TOPO_KIND_KEY_VAULT, "rg-fraud-dev", NULL, 400, 200, &error);
  g_assert_no_error (error);
  topo_edit_remove (b, removed);
  g_assert_true (topo_edit_set_property (b, "mlw-fraud-dev", "name", "mlw-fraud-x-weu", &error));
  g_assert_true (topo_edit_reparent (b, "st-churn-dev", "rg-churn-qa", 300, 200, &error));
  g_assert_true (topo_edit_set_property (b, "st-data-churn-prod", "sku", "Standard_GRS", &error));
  g_assert_true (topo_edit_set_property (b, "st-data-churn-prod", "sensitivity", "restricted", &error));
  g_assert_true (topo_edit_set_property (b, "st-data-churn-prod", "data", "non-production", &error));
  g_assert_true (topo_edit_set_property (b, "st-data-churn-prod", "hns", "false", &error));
  g_assert_true (topo_edit_set_property (b, "cpu-fraud-dev", "max_nodes", "9", &error));
  g_assert_true (topo_edit_set_property (b, "cpu-fraud-dev", "min_nodes", "1", &error));
  g_assert_true (topo_edit_set_property (b, "cpu-fraud-dev", "vm_size", "Standard_NC6", &error));
  g_assert_true (topo_edit_set_property (b, "aks-churn-prod", "node_count", "7", &error));
  g_assert_true (topo_edit_set_property (b, "mlw-churn-prod", "public_network_access", "true", &error));
  g_assert_true (topo_edit_set_property (b, "rg-churn-dev", "environment", "qa", &error));
  g_assert_true (topo_edit_set_property (b, "rg-churn-dev", "project", "churn-2", &error));
  g_assert_true (topo_edit_set_property (b, "mlw-churn-dev", "key_vault", "kv-churn-qa", &error));
  g_assert_true (topo_edit_set_tag (b, "st-explore", "owner", "someone", &error));
  g_assert_true (topo_edit_set_tag (b, "st-explore", "review", "2026", &error));
  g_assert_true (topo_edit_set_tag (b, "st-explore", "cost-center", NULL, &error));
  g_assert_no_error (error);

  {
    g_autofree char *added_line = g_strdup_printf ("resource-added %s -", added);

    assert_diff (a, b, TOPO_DIFF_IGNORE_LAYOUT | TOPO_DIFF_NO_FINDINGS,
                 added_line,
                 "resource-removed cpu-churn-qa -",
                 "resource-renamed mlw-fraud-dev name",
                 "resource-moved st-churn-dev group",
                 "resource-changed st-data-churn-prod sku",
                 "resource-changed st-data-churn-prod sensitivity",
                 "resource-changed st-data-churn-prod data",
                 "resource-changed st-data-churn-prod hns",
                 "resource-changed cpu-fraud-dev max_nodes",
                 "resource-changed cpu-fraud-dev min_nodes",
                 "resource-changed cpu-fraud-dev vm_size",
                 "resource-changed aks-churn-prod node_count",
                 "resource-changed mlw-churn-prod public_network_access",
                 "resource-changed rg-churn-dev environment",
                 "resource-changed rg-churn-dev project",
                 "resource-changed mlw-churn-dev key_vault",
                 "resource-changed st-explore tags.owner",
                 "resource-changed st-explore tags.review",
                 "resource-changed st-explore tags.cost-center",
                 NULL);
  }

  /* The values travel with the change. */
  {
    g_autoptr(TopoDiff) diff = topo_diff_compute (a, b, TOPO_DIFF_IGNORE_LAYOUT | TOPO_DIFF_NO_FINDINGS);

    for (guint i = 0; i < diff->changes->len; i++)
      {
        const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);

        if (c->kind == TOPO_DIFF_RESOURCE_CHANGED && g_str_equal (c->key, "sku"))
          {
            g_assert_cmpstr (c->old_value, ==, "Standard_ZRS");
            g_assert_cmpstr (c->new_value, ==, "Standard_GRS");
          }
        if (c->kind == TOPO_DIFF_RESOURCE_MOVED)
          {
            g_assert_cmpstr (c->old_value, ==, "rg-churn-dev");
            g_assert_cmpstr (c->new_value, ==, "rg-churn-qa");
          }
        if (c->kind == TOPO_DIFF_RESOURCE_REMOVED)
          {
            g_assert_cmpstr (c->parent, ==, "rg-churn-qa");
            g_assert_cmpint (c->resource_kind, ==, TOPO_KIND_COMPUTE_CLUSTER);
          }
        if (c->kind == TOPO_DIFF_RESOURCE_CHANGED && g_str_equal (c->key, "tags.cost-center"))
          g_assert_null (c->new_value);
      }
  }
}

static void
test_region_and_layout (void)
{
  g_autoptr(TopoDocument) a = load_sample ("regional-serving");
  g_autoptr(TopoDocument) b = load_sample ("regional-serving");
  g_autoptr(GError) error = NULL;
  const TopoResource *rg = NULL, *card = NULL;
  g_autofree char *moved = NULL, *nudged = NULL;

  for (guint i = 0; i < topo_document_get_n_resources (b); i++)
    {
      const TopoResource *r = topo_document_get_resource (b, i);

      if (rg == NULL && r->kind == TOPO_KIND_RESOURCE_GROUP && g_strcmp0 (r->region, "northeurope") == 0)
        rg = r;
      if (card == NULL && r->kind == TOPO_KIND_STORAGE && rg != NULL && g_strcmp0 (r->group, rg->id) != 0)
        card = r;
    }
  g_assert_nonnull (rg);
  g_assert_nonnull (card);
  moved = g_strdup_printf ("resource-moved %s region", rg->id);
  nudged = g_strdup_printf ("layout-moved %s layout", card->id);

  {
    const char *ids[] = { card->id, NULL };

    topo_edit_move (b, ids, 32, 16);
  }
  g_assert_true (topo_edit_move_group_to_region (b, rg->id, "australiaeast", 600, 24, &error));
  g_assert_no_error (error);

  /* A move to another region is not also a layout move; a nudge is only a layout move. */
  assert_diff (a, b, TOPO_DIFF_NO_FINDINGS, moved, nudged, NULL);
  assert_diff (a, b, TOPO_DIFF_NO_FINDINGS | TOPO_DIFF_IGNORE_LAYOUT, moved, NULL);
}

static void
test_access (void)
{
  g_autoptr(TopoDocument) a = load_sample ("contoso");
  g_autoptr(TopoDocument) b = load_sample ("contoso");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDiff) diff = NULL;

  g_assert_true (topo_edit_set_access (b, "mlw-fraud-dev", "fraud-ops", TOPO_ROLE_READER, &error));
  g_assert_true (topo_edit_set_access (b, "mlw-fraud-dev", "fraud-ds", TOPO_ROLE_OWNER, &error));
  g_assert_true (topo_edit_set_access (b, "mlw-explore", "data-scientists", TOPO_ROLE_COMPUTE_OPERATOR, &error));
  g_assert_true (topo_edit_set_access (b, "mlw-churn-dev", "churn-ds", TOPO_ROLE_UNSET, &error));
  g_assert_no_error (error);
  assert_diff (a, b, TOPO_DIFF_NO_FINDINGS,
               "access-granted mlw-fraud-dev fraud-ops",
               "access-widened mlw-fraud-dev fraud-ds",
               "access-narrowed mlw-explore data-scientists",
               "access-revoked mlw-churn-dev churn-ds",
               NULL);

  diff = topo_diff_compute (a, b, TOPO_DIFF_NO_FINDINGS);
  for (guint i = 0; i < diff->changes->len; i++)
    {
      const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);

      if (c->kind == TOPO_DIFF_ACCESS_WIDENED)
        {
          g_assert_cmpstr (c->old_value, ==, "data-scientist");
          g_assert_cmpstr (c->new_value, ==, "owner");
        }
      if (c->kind == TOPO_DIFF_ACCESS_REVOKED)
        g_assert_null (c->new_value);
    }
}

static void
test_links (void)
{
  g_autoptr(TopoDocument) a = load_sample ("contoso");
  g_autoptr(TopoDocument) b = load_sample ("contoso");
  g_autoptr(GError) error = NULL;
  int promotion = topo_document_find_link (b, TOPO_LINK_PROMOTION, "mlw-fraud-qa", "mlw-fraud-prod");
  int datastore;

  g_assert_cmpint (promotion, >=, 0);
  g_assert_true (topo_edit_disconnect (b, promotion, &error));
  datastore = topo_document_find_link (b, TOPO_LINK_DATASTORE, "mlw-churn-prod", "st-data-churn-prod");
  g_assert_true (topo_edit_set_link_access (b, datastore, TOPO_ACCESS_WRITE, &error));
  g_assert_true (topo_edit_connect (b, "mlw-fraud-dev", "st-fraud-dev", TOPO_ACCESS_READ, &error));
  g_assert_no_error (error);

  assert_diff (a, b, TOPO_DIFF_NO_FINDINGS,
               "link-removed mlw-fraud-qa>mlw-fraud-prod -",
               "link-changed mlw-churn-prod>st-data-churn-prod access",
               "link-added mlw-fraud-dev>st-fraud-dev -",
               NULL);
}

static void
test_teams_policy_design (void)
{
  g_autoptr(TopoDocument) a = load_sample ("contoso");
  g_autoptr(TopoDocument) b = load_sample ("contoso");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoTeam) vendor = topo_team_new ("vendor");
  g_autoptr(TopoTeam) changed = topo_team_copy (topo_document_lookup_team (b, "churn-ds"));
  g_autoptr(TopoPolicy) policy = topo_policy_copy (topo_document_get_policy (b));
  const char *lanes[] = { "westeurope", "northeurope", NULL };

  vendor->external = TOPO_TRI_TRUE;
  g_assert_true (topo_edit_add_team (b, g_steal_pointer (&vendor), &error));
  changed->data_access = TOPO_LEVEL_RESTRICTED;
  g_free (changed->name);
  changed->name = g_strdup ("Churn scientists");
  g_assert_true (topo_edit_replace_team (b, g_steal_pointer (&changed), &error));
  /* Removing a team removes its access entries too: those are revocations. */
  topo_edit_remove_team (b, "fraud-ops");
  policy->residency = TOPO_RESIDENCY_REGION;
  policy->naming = TOPO_NAMING_AZURE;
  topo_edit_set_policy (b, g_steal_pointer (&policy));
  topo_edit_set_name (b, "Contoso, reviewed");
  topo_edit_set_lanes (b, lanes);
  g_assert_no_error (error);

  assert_diff (a, b, TOPO_DIFF_NO_FINDINGS,
               "team-added vendor -",
               "team-changed churn-ds data_access",
               "team-changed churn-ds name",
               "team-removed fraud-ops -",
               "access-revoked mlw-fraud-qa fraud-ops",
               "access-revoked mlw-fraud-prod fraud-ops",
               "policy-changed - residency",
               "policy-changed - naming",
               "design-changed - name",
               "layout-moved - lanes",
               NULL);
}

/* Unknown keys are part of the design too. */
static void
test_unknown_keys (void)
{
  g_autoptr(TopoDocument) a = load_text (
    "{\"format\":\"topograph\",\"version\":1,\"x-review\":1,\"resources\":["
    "{\"id\":\"rg\",\"type\":\"resource-group\",\"region\":\"westeurope\",\"x-cost\":10}]}");
  g_autoptr(TopoDocument) b = load_text (
    "{\"format\":\"topograph\",\"version\":1,\"x-review\":2,\"resources\":["
    "{\"id\":\"rg\",\"type\":\"resource-group\",\"region\":\"westeurope\",\"x-cost\":{\"eur\":10}}]}");

  assert_diff (a, b, TOPO_DIFF_IGNORE_LAYOUT,
               "design-changed - x-review",
               "resource-changed rg x-cost",
               NULL);
}

/* Ids regenerated (as an ARM import does): matched by type and name, only the ids differ. */
static void
test_regenerated_ids (void)
{
  g_autoptr(TopoDocument) a = load_sample ("contoso");
  gsize length;
  g_autofree char *data = topo_format_to_data (a, &length);
  g_autoptr(GString) s = g_string_new_len (data, length);
  g_autoptr(TopoDocument) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDiff) diff = NULL;
  guint n = topo_document_get_n_resources (a);

  for (guint i = 0; i < n; i++)
    {
      const char *id = topo_document_get_resource (a, i)->id;
      g_autofree char *from = g_strdup_printf ("\"%s\"", id);
      g_autofree char *to = g_strdup_printf ("\"gen-%u\"", i);

      g_string_replace (s, from, to, 0);
    }
  for (guint i = 0; i < topo_document_get_n_teams (a); i++)
    {
      const char *id = topo_document_get_team (a, i)->id;
      g_autofree char *from = g_strdup_printf ("\"%s\"", id);
      g_autofree char *to = g_strdup_printf ("\"team-%u\"", i);

      g_string_replace (s, from, to, 0);
    }
  b = topo_format_load_data (s->str, s->len, "regenerated", &error);
  g_assert_no_error (error);

  /* Only id changes: no resource, link, access or finding appears or disappears. */
  diff = topo_diff_compute (a, b, TOPO_DIFF_FLAGS_NONE);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_RESOURCE_CHANGED], ==, n);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_TEAM_CHANGED], ==, topo_document_get_n_teams (a));
  g_assert_cmpuint (diff->changes->len, ==, n + topo_document_get_n_teams (a));
  for (guint i = 0; i < diff->changes->len; i++)
    {
      const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);

      g_assert_cmpstr (c->key, ==, "id");
      g_assert_nonnull (c->old_id);
      g_assert_cmpstr (c->old_value, ==, c->old_id);
      g_assert_cmpstr (c->new_value, ==, c->id);
    }
}

static void
test_findings (void)
{
  g_autoptr(TopoDocument) a = load_sample ("contoso");
  g_autoptr(TopoDocument) b = load_sample ("contoso");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDiff) forward = NULL;
  g_autoptr(TopoDiff) backward = NULL;

  /* A production workspace open to the internet is SEC001. */
  g_assert_true (topo_edit_set_property (b, "mlw-churn-prod", "public_network_access", "true", &error));
  g_assert_no_error (error);
  assert_diff (a, b, TOPO_DIFF_FLAGS_NONE,
               "finding-added SEC001 mlw-churn-prod",
               "resource-changed mlw-churn-prod public_network_access",
               NULL);
  assert_diff (b, a, TOPO_DIFF_FLAGS_NONE,
               "finding-removed SEC001 mlw-churn-prod",
               "resource-changed mlw-churn-prod public_network_access",
               NULL);

  forward = topo_diff_compute (a, b, TOPO_DIFF_FLAGS_NONE);
  g_assert_cmpuint (forward->new_by_severity[TOPO_SEVERITY_WARNING], ==, 1);
  /* New findings come first in every report. */
  g_assert_cmpint (((TopoDiffChange *) g_ptr_array_index (forward->changes, 0))->kind, ==,
                   TOPO_DIFF_FINDING_ADDED);
  backward = topo_diff_compute (b, a, TOPO_DIFF_FLAGS_NONE);
  g_assert_cmpuint (backward->counts[TOPO_DIFF_FINDING_REMOVED], ==, 1);
}

/* Notes: added, removed, text / author / date changed, moved on the canvas, reattached ----------- */

static const char *notes_base =
  "{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],"
  " \"resources\": ["
  "  {\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\"},"
  "  {\"id\": \"mlw\", \"type\": \"workspace\", \"group\": \"rg\"},"
  "  {\"id\": \"st\", \"type\": \"storage\", \"group\": \"rg\"}],"
  " \"links\": [{\"type\": \"datastore\", \"from\": \"mlw\", \"to\": \"st\"}],"
  " \"notes\": [%s]}";

static TopoDocument *
load_notes (const char *notes)
{
  g_autofree char *json = g_strdup_printf (notes_base, notes);

  return load_text (json);
}

static void
test_notes (void)
{
  g_autoptr(TopoDocument) a = load_notes (
    "{\"id\": \"n1\", \"text\": \"Keep\", \"region\": \"westeurope\", \"layout\": {\"x\": 10, \"y\": 20}},"
    "{\"id\": \"n2\", \"text\": \"Old text\", \"author\": \"Ada\", \"attach\": \"st\"},"
    "{\"id\": \"n3\", \"text\": \"Gone\", \"attach\": {\"type\": \"datastore\", \"from\": \"mlw\", \"to\": \"st\"}},"
    "{\"id\": \"n4\", \"text\": \"Wander\", \"attach\": \"mlw\", \"date\": \"2026-01-02\"}");
  g_autoptr(TopoDocument) b = load_notes (
    "{\"id\": \"n1\", \"text\": \"Keep\", \"region\": \"westeurope\", \"layout\": {\"x\": 30, \"y\": 20}},"
    "{\"id\": \"n2\", \"text\": \"New **text**\", \"author\": \"Grace\", \"attach\": \"st\"},"
    "{\"id\": \"n4\", \"text\": \"Wander\", \"attach\": \"rg\", \"date\": \"2026-01-03\"},"
    "{\"id\": \"n5\", \"text\": \"Fresh\", \"region\": \"westeurope\"}");
  g_autoptr(TopoDiff) diff = topo_diff_compute (a, b, TOPO_DIFF_NO_FINDINGS);
  g_autofree char *text = topo_diff_to_text (diff, "a", "b", FALSE);
  g_autofree char *json = topo_diff_to_json (diff, "a", "b");
  g_autofree char *md = topo_diff_to_markdown (diff, "a", "b");

  assert_diff (a, b, TOPO_DIFF_NO_FINDINGS,
               "note-moved n1 layout",
               "note-changed n2 text",
               "note-changed n2 author",
               "note-removed n3 -",
               "note-moved n4 attach",
               "note-changed n4 date",
               "note-added n5 -",
               NULL);
  assert_diff (a, b, TOPO_DIFF_NO_FINDINGS | TOPO_DIFF_IGNORE_LAYOUT,
               "note-changed n2 text",
               "note-changed n2 author",
               "note-removed n3 -",
               "note-moved n4 attach",
               "note-changed n4 date",
               "note-added n5 -",
               NULL);
  g_assert_nonnull (strstr (text, "note n4 reattached: mlw → rg"));
  g_assert_nonnull (strstr (text, "note n3 “Gone” removed from datastore mlw → st"));
  g_assert_nonnull (strstr (text, "note n2: text Old text → New **text**"));
  g_assert_nonnull (strstr (text, "1 note added, 1 note removed, 5 note changes"));
  g_assert_nonnull (strstr (json, "\"kind\": \"note-added\""));
  g_assert_nonnull (strstr (json, "\"on\": \"lane westeurope\""));
  g_assert_nonnull (strstr (md, "#### Notes (7)"));
  /* Markdown in a note is not markup of the report */
  g_assert_nonnull (strstr (md, "New \\*\\*text\\*\\*"));

  /* A note matched by its text when its id was regenerated. */
  {
    g_autoptr(TopoDocument) c = load_notes ("{\"id\": \"note-7\", \"text\": \"Keep\", \"region\": \"westeurope\", \"layout\": {\"x\": 10, \"y\": 20}}");
    g_autoptr(TopoDocument) d = load_notes ("{\"id\": \"n1\", \"text\": \"Keep\", \"region\": \"westeurope\", \"layout\": {\"x\": 10, \"y\": 20}}");

    assert_diff (c, d, TOPO_DIFF_NO_FINDINGS, NULL);
  }
  /* Notes of OLD on a resource whose id was regenerated compare in NEW's ids. */
  {
    g_autoptr(TopoDiff) self = topo_diff_compute (b, b, TOPO_DIFF_FLAGS_NONE);

    g_assert_true (topo_diff_is_empty (self));
  }
}

/* Property: random edits come back exactly ------------------------------------------------------ */

typedef struct
{
  TopoDocument *doc;
  GRand        *rand;
  GHashTable   *used;       /* ids already edited in this round */
  GPtrArray    *expected;
} Round;

static const TopoResource *
pick (Round    *round,
      int       kind)     /* -1: any kind but RG */
{
  guint n = topo_document_get_n_resources (round->doc);

  for (guint attempt = 0; attempt < 200; attempt++)
    {
      const TopoResource *r = topo_document_get_resource (round->doc, g_rand_int_range (round->rand, 0, n));

      if (g_hash_table_contains (round->used, r->id))
        continue;
      if (kind == -1 ? r->kind == TOPO_KIND_RESOURCE_GROUP : (int) r->kind != kind)
        continue;
      return r;
    }
  return NULL;
}

static void
expect (Round      *round,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
expect (Round      *round,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (round->expected, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
use (Round      *round,
     const char *id)
{
  g_hash_table_add (round->used, g_strdup (id));
}

static const TopoNote *
pick_note (Round *round)
{
  guint n = topo_document_get_n_notes (round->doc);

  for (guint attempt = 0; n > 0 && attempt < 50; attempt++)
    {
      const TopoNote *note = topo_document_get_note (round->doc, g_rand_int_range (round->rand, 0, n));

      if (!g_hash_table_contains (round->used, note->id))
        return note;
    }
  return NULL;
}

/* The same two notes in both versions, so that note edits have something to change. */
static void
seed_notes (TopoDocument *doc)
{
  g_autoptr(GError) error = NULL;
  TopoNote *free_note = topo_note_new ("note-free", "A *free* note");
  TopoNote *on_storage = topo_note_new ("note-on", "- a list\n- **of two**");

  topo_note_set_free (free_note, topo_layout_get_lane (doc, 0)->region);
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    if (topo_document_get_resource (doc, i)->kind == TOPO_KIND_STORAGE)
      {
        topo_note_set_attach (on_storage, topo_document_get_resource (doc, i)->id);
        break;
      }
  g_assert_nonnull (topo_edit_add_note (doc, free_note, &error));
  g_assert_no_error (error);
  g_assert_nonnull (topo_edit_add_note (doc, on_storage, &error));
  g_assert_no_error (error);
}

/* One note edit whose diff is known in advance; FALSE when no candidate was found. */
static gboolean
random_note_edit (Round *round)
{
  TopoDocument *doc = round->doc;
  g_autoptr(GError) error = NULL;
  const TopoNote *note = pick_note (round);
  g_autofree char *id = note != NULL ? g_strdup (note->id) : NULL;
  const TopoResource *r;

  switch (g_rand_int_range (round->rand, 0, 6))
    {
    case 0:   /* a new note on a resource */
      {
        TopoNote *fresh = topo_note_new (NULL, "Why *this* one?");
        const char *new_id;

        if ((r = pick (round, -1)) == NULL)
          {
            topo_note_free (fresh);
            return FALSE;
          }
        topo_note_set_attach (fresh, r->id);
        use (round, r->id);
        new_id = topo_edit_add_note (doc, fresh, &error);
        g_assert_no_error (error);
        expect (round, "note-added %s -", new_id);
        use (round, new_id);
        return TRUE;
      }
    case 1:   /* its text */
      if (note == NULL)
        return FALSE;
      g_assert_true (topo_edit_set_note_text (doc, id, "Decided: **yes**", &error));
      expect (round, "note-changed %s text", id);
      break;
    case 2:   /* its author */
      if (note == NULL)
        return FALSE;
      g_assert_true (topo_edit_set_note_author (doc, id, "Grace Hopper", &error));
      expect (round, "note-changed %s author", id);
      break;
    case 3:   /* moved on the canvas */
      {
        const char *ids[] = { id, NULL };

        if (note == NULL)
          return FALSE;
        topo_edit_move (doc, ids, 32, 16);
        expect (round, "note-moved %s layout", id);
      }
      break;
    case 4:   /* detached, or attached to a resource */
      if (note == NULL)
        return FALSE;
      if (topo_note_is_free (note))
        {
          if ((r = pick (round, TOPO_KIND_RESOURCE_GROUP)) == NULL)
            return FALSE;
          use (round, r->id);
          g_assert_true (topo_edit_attach_note (doc, id, r->id, -1, &error));
        }
      else
        g_assert_true (topo_edit_attach_note (doc, id, NULL, -1, &error));
      expect (round, "note-moved %s attach", id);
      break;
    default:  /* removed */
      {
        const char *ids[] = { id, NULL };

        if (note == NULL)
          return FALSE;
        topo_edit_remove (doc, ids);
        expect (round, "note-removed %s -", id);
      }
      break;
    }
  g_assert_no_error (error);
  use (round, id);
  return TRUE;
}

/* One random edit whose diff is known in advance; FALSE when no candidate was found. */
static gboolean
random_edit (Round *round)
{
  TopoDocument *doc = round->doc;
  g_autoptr(GError) error = NULL;
  const TopoResource *r;

  switch (g_rand_int_range (round->rand, 0, 13))
    {
    case 11:
    case 12:
      return random_note_edit (round);

    case 0:   /* rename */
      {
        g_autofree char *id = NULL;
        g_autofree char *name = NULL;

        if ((r = pick (round, -1)) == NULL)
          return FALSE;
        id = g_strdup (r->id);
        name = g_strdup_printf ("%s-r", topo_resource_get_name (r));
        g_assert_true (topo_edit_set_property (doc, id, "name", name, &error));
        expect (round, "resource-renamed %s name", id);
        use (round, id);
        return TRUE;
      }

    case 1:   /* storage SKU */
      {
        g_autofree char *id = NULL;
        const char *sku;

        if ((r = pick (round, TOPO_KIND_STORAGE)) == NULL)
          return FALSE;
        id = g_strdup (r->id);
        sku = g_str_equal (topo_resource_sku (r), "Standard_GRS") ? "Standard_LRS" : "Standard_GRS";
        g_assert_true (topo_edit_set_property (doc, id, "sku", sku, &error));
        expect (round, "resource-changed %s sku", id);
        use (round, id);
        return TRUE;
      }

    case 2:   /* node counts */
      {
        g_autofree char *id = NULL;
        g_autofree char *count = NULL;

        if ((r = pick (round, TOPO_KIND_COMPUTE_CLUSTER)) == NULL)
          return FALSE;
        id = g_strdup (r->id);
        count = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (r->max_nodes, r->min_nodes) + 3);
        g_assert_true (topo_edit_set_property (doc, id, "max_nodes", count, &error));
        expect (round, "resource-changed %s max_nodes", id);
        use (round, id);
        return TRUE;
      }

    case 3:   /* a new tag */
      {
        g_autofree char *id = NULL;

        if ((r = pick (round, g_rand_boolean (round->rand) ? -1 : TOPO_KIND_RESOURCE_GROUP)) == NULL)
          return FALSE;
        id = g_strdup (r->id);
        g_assert_true (topo_edit_set_tag (doc, id, "reviewed-by", "architect", &error));
        expect (round, "resource-changed %s tags.reviewed-by", id);
        use (round, id);
        return TRUE;
      }

    case 4:   /* access: whichever of granted, widened, narrowed, revoked the roles make */
      {
        g_autofree char *id = NULL;
        const TopoTeam *team;
        TopoRole old_role, new_role;
        const char *kinds[] = { "granted", "widened", "narrowed", "revoked" };
        int k;

        if (topo_document_get_n_teams (doc) == 0 || (r = pick (round, TOPO_KIND_WORKSPACE)) == NULL)
          return FALSE;
        id = g_strdup (r->id);
        team = topo_document_get_team (doc, g_rand_int_range (round->rand, 0, topo_document_get_n_teams (doc)));
        old_role = topo_resource_get_access (r, team->id);
        do
          new_role = g_rand_int_range (round->rand, TOPO_ROLE_UNSET, TOPO_N_ROLES);
        while (new_role == old_role);
        k = old_role == TOPO_ROLE_UNSET ? 0 : new_role == TOPO_ROLE_UNSET ? 3 : new_role > old_role ? 1 : 2;
        expect (round, "access-%s %s %s", kinds[k], id, team->id);
        g_assert_true (topo_edit_set_access (doc, id, team->id, new_role, &error));
        use (round, id);
        return TRUE;
      }

    case 5:   /* a nudge on the canvas */
      {
        const char *ids[2] = { NULL, NULL };
        g_autofree char *id = NULL;

        if ((r = pick (round, -1)) == NULL)
          return FALSE;
        ids[0] = id = g_strdup (r->id);
        topo_edit_move (doc, ids, 16 * g_rand_int_range (round->rand, 1, 4), 16);
        expect (round, "layout-moved %s layout", id);
        use (round, id);
        return TRUE;
      }

    case 6:   /* connect a workspace to a storage it has no link to */
      {
        const TopoResource *w = pick (round, TOPO_KIND_WORKSPACE);
        const TopoResource *st = pick (round, TOPO_KIND_STORAGE);
        g_autofree char *wid = NULL, *sid = NULL;

        if (w == NULL || st == NULL || topo_document_find_link (doc, TOPO_LINK_DATASTORE, w->id, st->id) >= 0)
          return FALSE;
        wid = g_strdup (w->id);
        sid = g_strdup (st->id);
        g_assert_true (topo_edit_connect (doc, wid, sid, TOPO_ACCESS_READ, &error));
        expect (round, "link-added %s>%s -", wid, sid);
        use (round, wid);
        use (round, sid);
        return TRUE;
      }

    case 7:   /* disconnect, or change a datastore's access */
      {
        guint n = topo_document_get_n_links (doc);
        gboolean change_access = g_rand_boolean (round->rand);

        for (guint attempt = 0; n > 0 && attempt < 50; attempt++)
          {
            guint i = g_rand_int_range (round->rand, 0, n);
            const TopoLink *l = topo_document_get_link (doc, i);
            g_autofree char *from = NULL, *to = NULL;

            if (g_hash_table_contains (round->used, l->from) || g_hash_table_contains (round->used, l->to))
              continue;
            if (change_access && l->type != TOPO_LINK_DATASTORE)
              continue;
            from = g_strdup (l->from);
            to = g_strdup (l->to);
            if (change_access)
              {
                TopoAccess access = topo_link_access (l) == TOPO_ACCESS_READ ? TOPO_ACCESS_WRITE : TOPO_ACCESS_READ;

                g_assert_true (topo_edit_set_link_access (doc, i, access, &error));
                expect (round, "link-changed %s>%s access", from, to);
              }
            else
              {
                g_assert_true (topo_edit_disconnect (doc, i, &error));
                expect (round, "link-removed %s>%s -", from, to);
              }
            use (round, from);
            use (round, to);
            return TRUE;
          }
        return FALSE;
      }

    case 8:   /* remove a compute (nothing refers to one) */
      {
        const char *ids[2] = { NULL, NULL };
        g_autofree char *id = NULL;

        if ((r = pick (round, g_rand_boolean (round->rand) ? TOPO_KIND_COMPUTE_CLUSTER
                                                           : TOPO_KIND_COMPUTE_INSTANCE)) == NULL)
          return FALSE;
        ids[0] = id = g_strdup (r->id);
        topo_edit_remove (doc, ids);
        expect (round, "resource-removed %s -", id);
        use (round, id);
        return TRUE;
      }

    case 9:   /* add a key vault to a group */
      {
        const char *id;

        if ((r = pick (round, TOPO_KIND_RESOURCE_GROUP)) == NULL)
          return FALSE;
        id = topo_edit_add_resource (doc, TOPO_KIND_KEY_VAULT, r->id, NULL, 8, 600, &error);
        g_assert_no_error (error);
        expect (round, "resource-added %s -", id);
        use (round, id);
        return TRUE;
      }

    default:  /* move a storage to another group */
      {
        const TopoResource *st = pick (round, TOPO_KIND_STORAGE);
        const TopoResource *rg = pick (round, TOPO_KIND_RESOURCE_GROUP);
        g_autofree char *sid = NULL;

        if (st == NULL || rg == NULL || g_strcmp0 (st->group, rg->id) == 0)
          return FALSE;
        sid = g_strdup (st->id);
        g_assert_true (topo_edit_reparent (doc, sid, rg->id, 8, 500, &error));
        expect (round, "resource-moved %s group", sid);
        use (round, sid);
        return TRUE;
      }
    }
}

/* id → a copy of its layout */
static GHashTable *
layouts (TopoDocument *doc)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      g_hash_table_insert (map, g_strdup (r->id), g_memdup2 (&r->layout, sizeof (TopoRect)));
    }
  return map;
}

/* Whether only the resources the last edit named (in used, not in used_before) have a layout
 * other than in before. */
static gboolean
layout_only_of_used (TopoDocument *doc,
                     GHashTable   *before,
                     GHashTable   *used,
                     GHashTable   *used_before)
{
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      const TopoRect *old = g_hash_table_lookup (before, r->id);

      if (old != NULL && (!g_hash_table_contains (used, r->id) || g_hash_table_contains (used_before, r->id)) &&
          memcmp (old, &r->layout, sizeof (TopoRect)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
test_random_edits (void)
{
  const char *samples[] = { "contoso", "regional-serving", "workspace-per-team", "multi-environment" };
  guint total = 0, note_edits = 0;

  for (guint32 seed = 1; seed <= 60; seed++)
    {
      const char *sample = samples[seed % G_N_ELEMENTS (samples)];
      g_autoptr(TopoDocument) a = load_sample (sample);
      g_autoptr(TopoDocument) b = load_sample (sample);
      g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(TopoDiff) diff = NULL;
      Round round = { b, rand, used, expected };
      guint n_edits = g_rand_int_range (rand, 1, 9);

      seed_notes (a);
      seed_notes (b);
      topo_document_clear_history (b);

      /* An edit with no candidate left is drawn again, a bounded number of times. */
      for (guint tries = 0; expected->len < n_edits && tries < 20 * n_edits; tries++)
        {
          guint n_expected = expected->len;
          g_autoptr(GHashTable) before = layouts (b);
          g_autoptr(GHashTable) used_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, used);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_hash_table_add (used_before, g_strdup (key));
          if (random_edit (&round) && !layout_only_of_used (b, before, used, used_before))
            {
              /* the layout invariants also moved or grew a resource the edit did not name (a
               * group growing around a card placed near its edge): that edit is taken back */
              g_assert_true (topo_document_undo (b));
              g_ptr_array_set_size (expected, n_expected);
            }
        }
      g_assert_cmpuint (expected->len, >, 0);
      total += expected->len;
      for (guint i = 0; i < expected->len; i++)
        note_edits += g_str_has_prefix (g_ptr_array_index (expected, i), "note-");
      g_test_message ("seed %u on %s: %u edits", seed, sample, expected->len);
      diff = topo_diff_compute (a, b, TOPO_DIFF_NO_FINDINGS);
      assert_changes (diff, expected);

      /* The other way round, every addition is a removal and so on: as many changes. */
      {
        g_autoptr(TopoDiff) back = topo_diff_compute (b, a, TOPO_DIFF_NO_FINDINGS);

        g_assert_cmpuint (back->changes->len, ==, diff->changes->len);
        g_assert_cmpuint (back->counts[TOPO_DIFF_RESOURCE_ADDED], ==, diff->counts[TOPO_DIFF_RESOURCE_REMOVED]);
        g_assert_cmpuint (back->counts[TOPO_DIFF_LINK_ADDED], ==, diff->counts[TOPO_DIFF_LINK_REMOVED]);
      }
      /* Undo brings the design back: no difference left. */
      while (topo_document_undo (b))
        ;
      {
        g_autoptr(TopoDiff) undone = topo_diff_compute (a, b, TOPO_DIFF_FLAGS_NONE);
        g_assert_true (topo_diff_is_empty (undone));
      }
    }
  g_assert_cmpuint (total, >=, 150);
  g_test_message ("%u edits, %u of them note edits", total, note_edits);
  g_assert_cmpuint (note_edits, >=, 20);
}

/* Reports and the command line ------------------------------------------------------------------ */

static char *
source_root (void)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", NULL);
}

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
      g_assert_no_error (error);
    }
  g_assert_true (g_file_get_contents (path, &golden, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, golden);
}

#define OLD_SAMPLE "data/samples/contoso.topograph"
#define NEW_SAMPLE "tests/diff/contoso-new.topograph"

static void
test_cli_golden (void)
{
  g_autofree char *root = source_root ();
  const struct { const char *format; const char *golden; } cases[] = {
    { "text", "diff-contoso.txt" },
    { "json", "diff-contoso.json" },
    { "markdown", "diff-contoso.md" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_in (&run, root, "diff", "--format", cases[i].format, OLD_SAMPLE, NEW_SAMPLE, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 1);
      check_golden (run.out, cases[i].golden);
    }

  /* The JSON report is valid JSON with what the text shows. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *root_obj;

    run_cli_in (&run, root, "diff", "--format", "json", OLD_SAMPLE, NEW_SAMPLE, NULL);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
    g_assert_no_error (error);
    root_obj = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root_obj, "counts"),
                                                 "access-revoked"), ==, 1);
  }

  /* The textconv rendering is stable. */
  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", "--textconv", NEW_SAMPLE, NULL);
    g_assert_cmpint (run.status, ==, 0);
    check_golden (run.out, "diff-contoso-textconv.txt");
  }
}

static void
test_cli_exit_status (void)
{
  g_autofree char *root = source_root ();
  g_autofree char *dir = g_dir_make_tmp ("topograph-diff-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.topograph", NULL);
  g_autofree char *out = g_build_filename (dir, "report.md", NULL);
  g_autofree char *report = NULL;

  g_assert_true (g_file_set_contents (bad, "{\"format\":\"topograph\",\"version\":1,\"resources\":[{\"id\":1}]}", -1, NULL));

  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", OLD_SAMPLE, OLD_SAMPLE, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "no changes"));
  }
  {
    g_auto(Run) run = { 0 };

    /* Layout only, hidden: no change. */
    run_cli_in (&run, root, "diff", "--ignore-layout", "--format", "json", OLD_SAMPLE, OLD_SAMPLE, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", "--format", "markdown", "-o", out, OLD_SAMPLE, NEW_SAMPLE, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_true (g_file_get_contents (out, &report, NULL, NULL));
    g_assert_true (g_str_has_prefix (report, "### "));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", OLD_SAMPLE, bad, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "bad.topograph"));
    g_assert_nonnull (strstr (run.err, "$.resources[0]"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", OLD_SAMPLE, "no-such-file.topograph", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "no-such-file.topograph"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", "--format", "yaml", OLD_SAMPLE, NEW_SAMPLE, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "yaml"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", OLD_SAMPLE, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli_in (&run, root, "diff", "--textconv", bad, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
}

/* The change picture ----------------------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         size, offset;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *out,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->offset + length > reader->size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
surface_from_png (GBytes *bytes)
{
  PngReader reader = { g_bytes_get_data (bytes, &reader.size), 0, 0 };
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (bytes, &reader.size);
  surface = cairo_image_surface_create_from_png_stream (read_png, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* The pixel at design coordinates x, y of an export whose top-left is origin. */
static void
pixel_at (cairo_surface_t *surface,
          const TopoRect  *origin,
          double           x,
          double           y,
          int             *r,
          int             *g,
          int             *b)
{
  int px = (int) (x - origin->x), py = (int) (y - origin->y);
  const guint8 *p;

  cairo_surface_flush (surface);
  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (surface));
  p = cairo_image_surface_get_data (surface) + py * cairo_image_surface_get_stride (surface) + px * 4;
  /* CAIRO_FORMAT_RGB24 / ARGB32, little-endian: B G R A. */
  *b = p[0];
  *g = p[1];
  *r = p[2];
}

static TopoDocument *
load_path (const char *relative)
{
  g_autofree char *root = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", NULL);
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_format_load_path (path, &error);

  g_assert_no_error (error);
  return doc;
}

/* A removed note attached to a resource (or link) that NEW still has is drawn at its old offset
 * from that target, wherever the target went (here its group moved to another lane); a free one
 * keeps its place on its lane. */
static void
test_picture_note_ghosts (void)
{
  static const char *base =
    "{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\", \"northeurope\"],"
    " \"resources\": ["
    "  {\"id\": \"rg-a\", \"type\": \"resource-group\", \"region\": \"westeurope\"},"
    "  {\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"%s\"},"
    "  {\"id\": \"mlw\", \"type\": \"workspace\", \"group\": \"rg\"},"
    "  {\"id\": \"st\", \"type\": \"storage\", \"group\": \"rg\"}],"
    " \"links\": [{\"type\": \"datastore\", \"from\": \"mlw\", \"to\": \"st\"}],"
    " \"notes\": [%s]}";
  g_autofree char *old_json = g_strdup_printf (base, "westeurope",
    "{\"id\": \"on-st\", \"text\": \"Gone\", \"attach\": \"st\", \"layout\": {\"x\": 12, \"y\": -40}},"
    "{\"id\": \"on-link\", \"text\": \"Gone too\", \"attach\": {\"type\": \"datastore\", \"from\": \"mlw\", \"to\": \"st\"}}");
  g_autofree char *new_json = g_strdup_printf (base, "northeurope", "");
  g_autoptr(TopoDocument) old_doc = load_text (old_json);
  g_autoptr(TopoDocument) new_doc = load_text (new_json);
  g_autoptr(TopoDiff) diff = topo_diff_compute (old_doc, new_doc, TOPO_DIFF_NO_FINDINGS);
  g_autoptr(TopoDiffOverlay) overlay = NULL;
  const TopoResource *old_st = topo_document_lookup (old_doc, "st");
  const TopoResource *new_st = topo_document_lookup (new_doc, "st");
  const TopoNote *old_note = topo_document_lookup_note (old_doc, "on-st");
  const TopoNote *old_link_note = topo_document_lookup_note (old_doc, "on-link");
  double old_ax, old_ay, new_ax, new_ay;
  TopoRect ghost;

  overlay = topo_diff_overlay_new (old_doc, new_doc, diff);
  /* the group went to the other lane, so the storage moved a long way */
  g_assert_cmpfloat (ABS (new_st->bounds.y - old_st->bounds.y), >, 100);
  g_assert_true (topo_diff_overlay_ghost_bounds (overlay, "on-st", &ghost));
  g_assert_cmpfloat_with_epsilon (ghost.x - new_st->bounds.x, old_note->bounds.x - old_st->bounds.x, 0.01);
  g_assert_cmpfloat_with_epsilon (ghost.y - new_st->bounds.y, old_note->bounds.y - old_st->bounds.y, 0.01);
  g_assert_true (topo_diff_overlay_ghost_bounds (overlay, "on-link", &ghost));
  g_assert_true (topo_layout_note_anchor (old_doc, old_link_note, &old_ax, &old_ay));
  g_assert_true (topo_layout_note_anchor (new_doc, old_link_note, &new_ax, &new_ay));
  g_assert_cmpfloat_with_epsilon (ghost.x - new_ax, old_link_note->bounds.x - old_ax, 0.01);
  g_assert_cmpfloat_with_epsilon (ghost.y - new_ay, old_link_note->bounds.y - old_ay, 0.01);
}

static void
test_picture (void)
{
  g_autoptr(TopoDocument) old_doc = load_path ("data/samples/contoso.topograph");
  g_autoptr(TopoDocument) new_doc = load_path ("tests/diff/contoso-new.topograph");
  g_autoptr(TopoDiff) diff = topo_diff_compute (old_doc, new_doc, TOPO_DIFF_NO_FINDINGS);
  g_autoptr(TopoDiffOverlay) overlay = topo_diff_overlay_new (old_doc, new_doc, diff);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *golden_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "golden", "diff-contoso.png", NULL);
  cairo_surface_t *actual, *golden;
  TopoRenderOptions options;
  TopoRect origin, ghost, plain_bounds;
  const TopoResource *res;
  guint added, changed, removed;
  int r, g, b;

  png = topo_diff_image_export_to_bytes (old_doc, new_doc, TOPO_IMAGE_PNG, 1.0, FALSE, TOPO_THEME_LIGHT, &error);
  g_assert_no_error (error);
  actual = surface_from_png (png);

  topo_diff_overlay_counts (overlay, &added, &changed, &removed);
  g_assert_cmpuint (added, ==, 4);      /* a storage, its link and two notes */
  g_assert_cmpuint (removed, ==, 2);    /* a compute cluster and a promotion link */
  g_assert_cmpuint (changed, >=, 8);

  /* Where things are: the same export bounds as the export used. */
  topo_render_options_init (&options);
  options.show_title = TRUE;
  options.show_legend = TRUE;
  options.diff = overlay;
  origin = topo_render_export_bounds (new_doc, &options);
  /* The legend grew by the row of changes. */
  options.diff = NULL;
  plain_bounds = topo_render_export_bounds (new_doc, &options);
  g_assert_cmpfloat (origin.h, >, plain_bounds.h);
  g_assert_cmpint (cairo_image_surface_get_height (actual), ==, (int) origin.h);

  /* Added: a green outline left of the new storage card. */
  res = topo_document_lookup (new_doc, "st-explore-features");
  pixel_at (actual, &origin, res->bounds.x - 4, res->bounds.y + res->bounds.h / 2, &r, &g, &b);
  g_assert_cmpint (g, >, r + 40);
  g_assert_cmpint (g, >, b + 40);
  /* Changed: amber around the renamed workspace. */
  res = topo_document_lookup (new_doc, "mlw-fraud-dev");
  pixel_at (actual, &origin, res->bounds.x - 4, res->bounds.y + res->bounds.h / 2, &r, &g, &b);
  g_assert_cmpint (r, >, 200);
  g_assert_cmpint (g, >, 100);
  g_assert_cmpint (b, <, 90);
  /* Unchanged: no outline. */
  res = topo_document_lookup (new_doc, "st-fraud-dev");
  pixel_at (actual, &origin, res->bounds.x - 4, res->bounds.y + res->bounds.h / 2, &r, &g, &b);
  g_assert_cmpint (ABS (r - g), <, 30);
  /* Removed: a red-tinted ghost where the cluster was, in a group NEW still has. */
  g_assert_true (topo_diff_overlay_ghost_bounds (overlay, "cpu-churn-qa", &ghost));
  g_assert_cmpfloat (ghost.x, ==, topo_document_lookup (old_doc, "cpu-churn-qa")->bounds.x);
  pixel_at (actual, &origin, ghost.x + ghost.w - 6, ghost.y + ghost.h - 6, &r, &g, &b);
  g_assert_cmpint (r, >, g + 12);
  /* and readable: the promotion link that now runs across it has no room for its pill beside
   * the ghost, so the pill is drawn under the ghost's veil, not over its name (the pill's white
   * nowhere inside the ghost) */
  {
    guint white = 0;

    for (double y = ghost.y + 4; y < ghost.y + ghost.h - 4; y++)
      for (double x = ghost.x + 4; x < ghost.x + ghost.w - 4; x++)
        {
          pixel_at (actual, &origin, x, y, &r, &g, &b);
          if (r > 245 && g > 245 && b > 245)
            white++;
        }
    g_assert_cmpuint (white, ==, 0);
  }
  g_assert_false (topo_diff_overlay_ghost_bounds (overlay, "st-fraud-dev", &ghost));
  /* Added note: a green outline left of the card, and the note itself (yellow paper). */
  {
    const TopoNote *note = topo_document_lookup_note (new_doc, "note-registry");

    pixel_at (actual, &origin, note->bounds.x - 4, note->bounds.y + note->bounds.h / 2, &r, &g, &b);
    g_assert_cmpint (g, >, r + 40);
    pixel_at (actual, &origin, note->bounds.x + note->bounds.w - 30, note->bounds.y + 4, &r, &g, &b);
    g_assert_cmpint (r, >, 230);
    g_assert_cmpint (g, >, 220);
    g_assert_cmpint (b, <, 200);
  }

  /* Without a diff the export is the plain one. */
  plain = topo_image_export_to_bytes (new_doc, TOPO_IMAGE_PNG, 1.0, FALSE, TOPO_THEME_LIGHT, &error);
  g_assert_false (g_bytes_equal (plain, png));

  /* The golden picture (tests/update-golden-images.sh writes it). */
  golden = cairo_image_surface_create_from_png (golden_path);
  if (cairo_surface_status (golden) != CAIRO_STATUS_SUCCESS)
    g_error ("%s: cannot read the golden image; run tests/update-golden-images.sh", golden_path);
  g_assert_cmpint (cairo_image_surface_get_width (actual), ==, cairo_image_surface_get_width (golden));
  g_assert_cmpint (cairo_image_surface_get_height (actual), ==, cairo_image_surface_get_height (golden));
  {
    int w = cairo_image_surface_get_width (golden), h = cairo_image_surface_get_height (golden);
    const guint8 *da, *db;
    guint differing = 0;

    cairo_surface_flush (actual);
    cairo_surface_flush (golden);
    da = cairo_image_surface_get_data (actual);
    db = cairo_image_surface_get_data (golden);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        for (int c = 0; c < 3; c++)
          {
            const guint8 *pa = da + y * cairo_image_surface_get_stride (actual) + x * 4;
            const guint8 *pb = db + y * cairo_image_surface_get_stride (golden) + x * 4;

            if (ABS ((int) pa[c] - (int) pb[c]) > 48)
              {
                differing++;
                break;
              }
          }
    g_test_message ("diff-contoso.png: %u of %u pixels differ", differing, w * h);
    if (differing > w * h * 0.002)
      {
        g_autofree char *out = g_build_filename (g_get_tmp_dir (), "diff-contoso.png", NULL);

        cairo_surface_write_to_png (actual, out);
        g_error ("diff-contoso.png: %u pixels differ from the golden image (actual written to %s; "
                 "if the change is deliberate, run tests/update-golden-images.sh)", differing, out);
      }
  }

  /* SVG and PDF take the same overlay. */
  for (TopoImageFormat f = TOPO_IMAGE_SVG; f <= TOPO_IMAGE_PDF; f++)
    {
      g_autoptr(GBytes) bytes = topo_diff_image_export_to_bytes (old_doc, new_doc, f, 1.0, TRUE,
                                                                 TOPO_THEME_DARK, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 1000);
    }

  cairo_surface_destroy (actual);
  cairo_surface_destroy (golden);
}

/* Names are user text: the terminal reports escape their control characters and Markdown shows
 * them literally, whatever they hold. */
static const char *const hostile_names[] = {
  "red\033[31mRED\033[0m\033]0;title\007",
  "cr\rFORGED",
  "lf\n  + FORGED line",
  "csi\302\233bidi\342\200\256",
  "pipe | cell | `tick` ``two`` <script>alert(1)</script> &amp; *em* [l](x) # ~~s~~",
};

static void
assert_terminal_safe (const char *what,
                      const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n')
      g_error ("%s: raw control character 0x%02x at byte %ld:\n%s", what, (guchar) *p,
               (long) (p - text), text);
  g_assert_null (strstr (text, "\302\233"));      /* C1 CSI */
  g_assert_null (strstr (text, "\342\200\256"));  /* right-to-left override */
  g_assert_null (strstr (text, "\nFORGED"));
  g_assert_null (strstr (text, "\n  + FORGED"));
  g_assert_nonnull (strstr (text, "\\x1b[31mRED"));
  g_assert_nonnull (strstr (text, "cr\\rFORGED"));
}

/* The Markdown report is posted as a pull-request comment: an "@name" in user text (a note, a
 * design name) must not mention, and so notify, a person or team on every CI run. */
static void
test_markdown_mentions (void)
{
  g_autoptr(TopoDocument) a = load_notes ("");
  g_autoptr(TopoDocument) b = load_notes (
    "{\"id\": \"n1\", \"text\": \"cc @octocat and @org/security-team\", \"author\": \"@ada\", \"region\": \"westeurope\"}");
  g_autoptr(TopoDiff) diff = topo_diff_compute (a, b, TOPO_DIFF_NO_FINDINGS);
  g_autofree char *md = topo_diff_to_markdown (diff, "@old", "new");

  for (const char *p = strchr (md, '@'); p != NULL; p = strchr (p + 1, '@'))
    g_assert_false (g_ascii_isalnum (p[1]));
  g_assert_nonnull (strstr (md, "@&#8203;octocat"));
  g_assert_nonnull (strstr (md, "@&#8203;old"));
}

static void
test_hostile_names (void)
{
  g_autoptr(TopoDocument) a = load_sample ("contoso");
  g_autoptr(TopoDocument) b = load_sample ("contoso");
  const char *ids[] = { "mlw-fraud-dev", "st-explore", "cpu-fraud-dev", "kv-fraud-dev", "aks-churn-prod" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDiff) diff = NULL;
  g_autofree char *text = NULL, *colored = NULL, *markdown = NULL, *textconv = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hostile_names); i++)
    {
      g_assert_true (topo_edit_set_property (b, ids[i], "name", hostile_names[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (topo_edit_set_tag (b, "st-explore", "k|\033[2J", "v\r\n<script>", &error));
  g_assert_no_error (error);
  diff = topo_diff_compute (a, b, TOPO_DIFF_IGNORE_LAYOUT);

  text = topo_diff_to_text (diff, "old\033[2J", "new\nFORGED", FALSE);
  assert_terminal_safe ("text", text);
  g_assert_true (g_str_has_prefix (text, "old\\x1b[2J → new\\nFORGED: "));
  colored = topo_diff_to_text (diff, "old", "new", TRUE);
  /* Only the report's own colour sequences: ESC followed by '[', digits and 'm'. */
  for (const char *p = strchr (colored, '\033'); p != NULL; p = strchr (p + 1, '\033'))
    {
      const char *q = p + 1;

      g_assert_cmpint (*q++, ==, '[');
      while (g_ascii_isdigit (*q))
        q++;
      g_assert_cmpint (*q, ==, 'm');
    }
  g_assert_nonnull (strstr (colored, "\\x1b]0;title\\x07"));

  textconv = topo_diff_textconv (b);
  assert_terminal_safe ("textconv", textconv);

  markdown = topo_diff_to_markdown (diff, "old|`x`", "new<b>");
  g_assert_null (strstr (markdown, "\033"));
  g_assert_null (strstr (markdown, "\r"));
  g_assert_nonnull (strstr (markdown, "new\\<b\\>"));
  /* The name's "&amp;" shows as typed. */
  g_assert_nonnull (strstr (markdown, "&amp;amp;"));
  g_assert_nonnull (strstr (markdown, "\\<script\\>"));
  lines = g_strsplit (markdown, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      gboolean in_code = FALSE;
      guint fence = 0;

      /* Every line is one the report writes: no name starts a block of its own. */
      g_assert_true (*l == '\0' || g_str_has_prefix (l, "- ") || g_str_has_prefix (l, "#") ||
                     g_str_has_prefix (l, "**") || g_str_has_prefix (l, "<details>") ||
                     g_str_has_prefix (l, "</details>"));
      /* Outside code spans, every '|', '<' and '`' of a name is backslash-escaped. */
      for (const char *p = l; *p != '\0'; p++)
        {
          if (*p == '\\' && !in_code && p[1] != '\0')
            {
              p++;
              continue;
            }
          if (*p == '`')
            {
              guint run = 0;

              while (p[run] == '`')
                run++;
              if (!in_code)
                {
                  in_code = TRUE;
                  fence = run;
                }
              else if (run == fence)
                in_code = FALSE;
              p += run - 1;
              continue;
            }
          if (!in_code && i > 0 && (*p == '|' || (*p == '<' && !g_str_has_prefix (p, "<details>") &&
                                                  !g_str_has_prefix (p, "</details>") &&
                                                  !g_str_has_prefix (p, "<summary>") &&
                                                  !g_str_has_prefix (p, "</summary>"))))
            g_error ("unescaped '%c' in Markdown line %u: %s", *p, i, l);
        }
      g_assert_false (in_code);
    }
}

/* The command line draws the same picture. */
static void
test_cli_picture (void)
{
  g_autofree char *root = source_root ();
  g_autofree char *dir = g_dir_make_tmp ("topograph-diff-png-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "changes.svg", NULL);
  g_autofree char *svg = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) bad = { 0 };

  run_cli_in (&run, root, "export", "svg", NEW_SAMPLE, "--diff-against", OLD_SAMPLE, "-o", out, NULL);
  /* stderr is not checked: under LeakSanitizer it lists the suppressions used (fontconfig). */
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &svg, NULL, NULL));
  g_assert_true (g_str_has_prefix (svg, "<?xml"));

  run_cli_in (&bad, root, "export", "png", NEW_SAMPLE, "--diff-against", "missing.topograph", "-o", out, NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "missing.topograph"));
}

/* --git REV: the same file in a revision, read with git show. */
static void
test_cli_git (void)
{
  g_autofree char *dir = g_dir_make_tmp ("topograph-diff-git-XXXXXX", NULL);
  g_autofree char *root = source_root ();
  g_autofree char *old_path = g_build_filename (root, OLD_SAMPLE, NULL);
  g_autofree char *new_path = g_build_filename (root, NEW_SAMPLE, NULL);
  g_autofree char *design = g_build_filename (dir, "design.topograph", NULL);
  g_autofree char *outside = g_dir_make_tmp ("topograph-diff-nogit-XXXXXX", NULL);
  g_autofree char *lone = g_build_filename (outside, "lone.topograph", NULL);
  g_autofree char *old_data = NULL, *new_data = NULL;
  g_autofree char *git = g_find_program_in_path ("git");
  const char *setup[][10] = {
    { "git", "init", "-q", NULL },
    { "git", "add", "design.topograph", NULL },
    { "git", "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", NULL },
  };

  if (git == NULL)
    {
      g_test_skip ("git is not installed");
      return;
    }
  g_assert_true (g_file_get_contents (old_path, &old_data, NULL, NULL));
  g_assert_true (g_file_get_contents (new_path, &new_data, NULL, NULL));
  g_assert_true (g_file_set_contents (design, old_data, -1, NULL));
  g_assert_true (g_file_set_contents (lone, old_data, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      int status = -1;

      for (guint j = 0; setup[i][j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) setup[i][j]);
      if (i == 2)
        g_ptr_array_add (argv, "first");
      g_ptr_array_add (argv, NULL);
      g_assert_true (g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH |
                                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  g_assert_true (g_file_set_contents (design, new_data, -1, NULL));

  {
    g_auto(Run) run = { 0 };

    /* From another working directory: the path decides the repository. */
    run_cli (&run, "diff", "--git", "HEAD", "--ignore-layout", design, NULL);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "HEAD:"));
    g_assert_nonnull (strstr (run.out, "access"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "diff", "--git", "no-such-rev", design, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "no-such-rev"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "diff", "--git", "HEAD", lone, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "not inside a git repository"));
  }
  {
    g_auto(Run) run = { 0 };
    g_autofree char *added = g_build_filename (dir, "added.topograph", NULL);

    /* A design the revision does not have (a pull request adds it): every resource is
     * added, exit 1, and the header says what OLD was. */
    g_assert_true (g_file_set_contents (added, new_data, -1, NULL));
    run_cli (&run, "diff", "--git", "HEAD", "--format", "json", added, NULL);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "compared with an empty design"));
    g_assert_nonnull (strstr (run.out, "\"kind\": \"resource-added\""));
    g_assert_null (strstr (run.out, "\"kind\": \"resource-removed\""));
    g_unlink (added);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diff/identical", test_identical);
  g_test_add_func ("/diff/effective-values", test_effective_values);
  g_test_add_func ("/diff/resources", test_resources);
  g_test_add_func ("/diff/region-and-layout", test_region_and_layout);
  g_test_add_func ("/diff/access", test_access);
  g_test_add_func ("/diff/links", test_links);
  g_test_add_func ("/diff/teams-policy-design", test_teams_policy_design);
  g_test_add_func ("/diff/unknown-keys", test_unknown_keys);
  g_test_add_func ("/diff/regenerated-ids", test_regenerated_ids);
  g_test_add_func ("/diff/findings", test_findings);
  g_test_add_func ("/diff/notes", test_notes);
  g_test_add_func ("/diff/random-edits", test_random_edits);
  g_test_add_func ("/diff/cli/golden", test_cli_golden);
  g_test_add_func ("/diff/cli/exit-status", test_cli_exit_status);
  g_test_add_func ("/diff/cli/git", test_cli_git);
  g_test_add_func ("/diff/picture", test_picture);
  g_test_add_func ("/diff/picture-note-ghosts", test_picture_note_ghosts);
  g_test_add_func ("/diff/hostile-names", test_hostile_names);
  g_test_add_func ("/diff/markdown-mentions", test_markdown_mentions);
  g_test_add_func ("/diff/cli/picture", test_cli_picture);

  return g_test_run ();
}
