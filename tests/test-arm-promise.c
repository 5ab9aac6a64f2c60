/* test-arm-promise.c: the export's promise — every design without error findings exports a
 * template that passes Microsoft's schemas (../shared/tools/arm-validate).
 *
 * Designs: the samples, generated designs, and thousands of random mutations of them (names at
 * and around their length and character limits, tags and keys starting with '[', node counts,
 * SKUs, VM sizes, regions, environments, names of attached computes, removed resources and
 * links, resources and whole resource groups made existing, findings accepted by a suppression or
 * a policy.rules override). Every mutated design the validator passes without an error finding is exported. Checking each template on its own
 * would take minutes, so the checker runs once on batches of the distinct top-level resources
 * (a mutation changes one or two resource groups' deployments; the others repeat) and of the
 * distinct template envelopes.
 *
 * TOPOGRAPH_PROMISE_SEED and TOPOGRAPH_PROMISE_MUTATIONS override the seed and the number of
 * mutated designs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "topo.h"
#include "topo-arm-export.h"
#include "topo-arm-import.h"
#include "topo-regions.h"
#include "topo-validator.h"
#include "arm-test-util.h"

#define BATCH_SIZE 400

typedef struct
{
  GHashTable *seen;          /* serialized resource or envelope → TRUE */
  GPtrArray  *batch_items;   /* of char *, serialized JSON of the current batch */
  GPtrArray  *batch_what;    /* of char *, the mutation that produced each item */
  GPtrArray  *files;         /* written batch files */
  GPtrArray  *file_what;     /* per file: GPtrArray of descriptions (item order) */
  char       *dir;
  guint       n_items;
} Batches;

static void
batches_flush (Batches *b)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char *path;

  if (b->batch_items->len == 0)
    return;
  g_string_append (text, "{\"$schema\": \"" TOPO_ARM_SUBSCRIPTION_SCHEMA "\", "
                         "\"contentVersion\": \"1.0.0.0\", \"resources\": [\n");
  for (guint i = 0; i < b->batch_items->len; i++)
    g_string_append_printf (text, "%s%s\n", i > 0 ? "," : "", (char *) g_ptr_array_index (b->batch_items, i));
  g_string_append (text, "]}\n");
  path = g_strdup_printf ("%s/batch-%03u.json", b->dir, b->files->len);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  g_ptr_array_add (b->files, path);
  g_ptr_array_add (b->file_what, g_steal_pointer (&b->batch_what));
  g_ptr_array_set_size (b->batch_items, 0);
  b->batch_what = g_ptr_array_new_with_free_func (g_free);
}

static void
batches_add_item (Batches *b,
                  char *json,          /* taken */
                  const char *what)
{
  if (g_hash_table_contains (b->seen, json))
    {
      g_free (json);
      return;
    }
  g_hash_table_add (b->seen, json);
  g_ptr_array_add (b->batch_items, json);
  g_ptr_array_add (b->batch_what, g_strdup (what));
  b->n_items++;
  if (b->batch_items->len >= BATCH_SIZE)
    batches_flush (b);
}

/* The envelope (everything but the resources) goes into a template of its own. */
static void
batches_add_envelope (Batches *b,
                      JsonObject *root,
                      const char *what)
{
  g_autoptr(JsonNode) copy = json_node_new (JSON_NODE_OBJECT);
  JsonObject *obj = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (root);
  char *text;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "resources"))
      json_object_set_member (obj, l->data, json_node_copy (json_object_get_member (root, l->data)));
  json_object_set_array_member (obj, "resources", json_array_new ());
  json_node_take_object (copy, obj);
  text = json_to_string (copy, FALSE);
  if (g_hash_table_contains (b->seen, text))
    {
      g_free (text);
      return;
    }
  g_hash_table_add (b->seen, text);
  {
    char *path = g_strdup_printf ("%s/envelope-%05u.json", b->dir, b->files->len);
    GPtrArray *whats = g_ptr_array_new_with_free_func (g_free);

    g_assert_true (g_file_set_contents (path, text, -1, NULL));
    g_ptr_array_add (whats, g_strdup (what));
    g_ptr_array_add (b->files, path);
    g_ptr_array_add (b->file_what, whats);
  }
}

static void
batches_add_template (Batches *b,
                      const char *template_text,
                      const char *what)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *resources;

  g_assert_true (json_parser_load_from_data (parser, template_text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  batches_add_envelope (b, root, what);
  resources = json_object_get_array_member (root, "resources");
  for (guint i = 0; i < json_array_get_length (resources); i++)
    batches_add_item (b, json_to_string (json_array_get_element (resources, i), FALSE), what);
}

#include "design-mutations.h"

static gboolean
has_errors (TopoDocument *doc)
{
  /* What `export arm` refuses without --force: error findings that count, and those Azure rejects
   * the template for even when a suppression or policy.rules accepts them. */
  g_autoptr(GPtrArray) blockers = topo_validate_export_blockers (doc);

  return blockers->len > 0;
}

/* Runs the checker once over every batch; on failure, names the mutations behind each error. */
static void
run_checker (Batches *b)
{
  const char *checker = g_getenv ("ARM_VALIDATE");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "python3");
  g_ptr_array_add (argv, (gpointer) checker);
  for (guint i = 0; i < b->files->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (b->files, i));
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("cannot run %s: %s", checker, error->message);
  if (g_spawn_check_wait_status (status, NULL))
    return;

  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    g_autoptr(GRegex) where = g_regex_new ("^(.*): \\$\\.resources\\[(\\d+)\\]", 0, 0, NULL);
    guint shown = 0;

    for (guint i = 0; lines[i] != NULL && shown < 40; i++)
      {
        g_autoptr(GMatchInfo) match = NULL;

        if (strstr (lines[i], "OK") != NULL && g_str_has_suffix (lines[i], ": OK"))
          continue;
        if (g_regex_match (where, lines[i], 0, &match))
          {
            g_autofree char *file = g_match_info_fetch (match, 1);
            g_autofree char *index = g_match_info_fetch (match, 2);

            for (guint f = 0; f < b->files->len; f++)
              if (g_str_equal (g_ptr_array_index (b->files, f), file))
                {
                  GPtrArray *whats = g_ptr_array_index (b->file_what, f);
                  guint k = (guint) g_ascii_strtoull (index, NULL, 10);

                  if (k < whats->len)
                    g_printerr ("# from mutation:%s\n", (char *) g_ptr_array_index (whats, k));
                }
          }
        else if (strstr (lines[i], "envelope-") != NULL)
          for (guint f = 0; f < b->files->len; f++)
            if (g_str_has_prefix (lines[i], g_ptr_array_index (b->files, f)))
              {
                GPtrArray *whats = g_ptr_array_index (b->file_what, f);
                g_printerr ("# from mutation:%s\n", (char *) g_ptr_array_index (whats, 0));
              }
        g_printerr ("%s\n", lines[i]);
        shown++;
      }
  }
  g_error ("arm-validate rejected the export of designs without error findings (see above)");
}

/* What the schemas cannot see: every top-level dependsOn names a resource group or a deployment
 * the template declares (ARM refuses the deployment otherwise), and no resource group is declared
 * that holds only existing resources (it would be PUT again; the export references it). */
static void
check_dependencies (const char *arm,
                    TopoDocument *doc,
                    const char *what)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) declared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *resources;

  g_assert_true (json_parser_load_from_data (parser, arm, -1, NULL));
  resources = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "resources");
  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *r = json_array_get_object_element (resources, i);
      const char *type = json_object_get_string_member (r, "type");
      const char *name = json_object_get_string_member (r, "name");

      if (g_str_equal (type, "Microsoft.Resources/resourceGroups"))
        g_hash_table_add (declared, g_strdup_printf ("[subscriptionResourceId('%s', '%s')]", type, name));
      else
        g_hash_table_add (declared, g_strdup_printf ("[resourceId('%s', '%s', '%s')]",
                                                     json_object_get_string_member (r, "resourceGroup"),
                                                     type, name));
    }
  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *r = json_array_get_object_element (resources, i);
      JsonArray *deps = json_object_has_member (r, "dependsOn") ? json_object_get_array_member (r, "dependsOn") : NULL;

      for (guint k = 0; deps != NULL && k < json_array_get_length (deps); k++)
        if (!g_hash_table_contains (declared, json_array_get_string_element (deps, k)))
          g_error ("%s: $.resources[%u] depends on %s, which the template does not declare", what, i,
                   json_array_get_string_element (deps, k));
    }
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *rg = topo_document_get_resource (doc, i);
      gboolean existing = FALSE, deployed = FALSE;
      g_autofree char *key = NULL;

      if (rg->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      for (guint k = 0; k < topo_document_get_n_resources (doc); k++)
        {
          const TopoResource *r = topo_document_get_resource (doc, k);
          if (g_strcmp0 (r->group, rg->id) != 0 || topo_kind_is_compute (r->kind))
            continue;
          existing = existing || r->existing;
          deployed = deployed || !r->existing;
        }
      key = g_strdup_printf ("[subscriptionResourceId('Microsoft.Resources/resourceGroups', '%s')]",
                             topo_resource_get_name (rg));
      if (existing && !deployed && g_hash_table_contains (declared, key))
        g_error ("%s: resource group %s holds existing resources only, and is declared", what, rg->id);
    }
}

static void
test_promise (void)
{
  const char *checker = g_getenv ("ARM_VALIDATE");
  const char *seed_env = g_getenv ("TOPOGRAPH_PROMISE_SEED");
  const char *count_env = g_getenv ("TOPOGRAPH_PROMISE_MUTATIONS");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : 20261203;
  guint n_mutations = count_env != NULL ? (guint) g_ascii_strtoull (count_env, NULL, 10) : 4000;
  static const struct { guint n; guint32 seed; } generated[] = {
    { 40, 1 }, { 40, 2 }, { 120, 3 }, { 120, 4 }, { 400, 5 },
  };
  g_autoptr(GPtrArray) samples = arm_test_list_samples ();
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);       /* canonical text */
  g_autoptr(GPtrArray) base_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Batches b = { 0 };
  guint exported = 0, refused = 0, exported_mutated = 0, exported_compute_names = 0, exported_existing = 0;
  g_autoptr(GTimer) timer = g_timer_new ();

  if (checker == NULL || !g_file_test (checker, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("ARM_VALIDATE not available");
      return;
    }
  if (samples->len == 0)
    {
      g_test_skip ("no samples in $TOPOGRAPH_SAMPLES");
      return;
    }
  g_test_message ("seed %u, %u mutated designs", seed, n_mutations);

  for (guint i = 0; i < samples->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_format_load_path (g_ptr_array_index (samples, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (bases, topo_format_to_data (doc, NULL));
      g_ptr_array_add (base_names, g_path_get_basename (g_ptr_array_index (samples, i)));
    }
  for (guint i = 0; i < G_N_ELEMENTS (generated); i++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (generated[i].n, generated[i].seed);

      g_ptr_array_add (bases, topo_format_to_data (doc, NULL));
      g_ptr_array_add (base_names, g_strdup_printf ("generated-%u-%u", generated[i].n, generated[i].seed));
    }

  b.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b.batch_items = g_ptr_array_new ();
  b.batch_what = g_ptr_array_new_with_free_func (g_free);
  b.files = g_ptr_array_new_with_free_func (g_free);
  b.file_what = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  b.dir = g_dir_make_tmp ("topo-promise-XXXXXX", NULL);

  /* The unmutated designs first: every one of them is clean, and must stay so. */
  for (guint i = 0; i < bases->len; i++)
    {
      const char *text = g_ptr_array_index (bases, i);
      g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), g_ptr_array_index (base_names, i), NULL);
      g_autofree char *arm = NULL;

      g_assert_nonnull (doc);
      if (has_errors (doc))
        g_error ("%s has error findings", (char *) g_ptr_array_index (base_names, i));
      arm = topo_arm_export_to_string (doc);
      batches_add_template (&b, arm, g_ptr_array_index (base_names, i));
      exported++;
    }

  for (guint m = 0; m < n_mutations; m++)
    {
      guint base = g_rand_int_range (rand, 0, bases->len);
      const char *text = g_ptr_array_index (bases, base);
      g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "mutated", NULL);
      g_autoptr(GString) what = g_string_new (NULL);
      guint n_ops = g_rand_int_range (rand, 1, 4);
      g_autofree char *arm = NULL;

      g_string_append_printf (what, " [%s #%u]", (char *) g_ptr_array_index (base_names, base), m);
      for (guint k = 0; k < n_ops; k++)
        mutate (rand, doc, what);
      if (has_errors (doc))
        {
          refused++;
          continue;
        }
      arm = topo_arm_export_to_string (doc);
      batches_add_template (&b, arm, what->str);
      exported++;
      exported_mutated++;
      /* attached under a name of the mutation's choosing (design-mutations.h) */
      exported_compute_names += strstr (what->str, " compute-name(") != NULL;
      /* existing resources: dependencies checked, and the round trip */
      if (strstr (what->str, " existing") != NULL)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(TopoDocument) back = NULL;
          g_autofree char *before = topo_format_to_data (doc, NULL);
          g_autofree char *after = NULL;

          check_dependencies (arm, doc, what->str);
          back = topo_arm_import_data (arm, -1, "mutated.json", NULL, &error);
          g_assert_no_error (error);
          after = topo_format_to_data (back, NULL);
          if (!g_str_equal (before, after))
            g_error ("%s: import(export(d)) differs from d", what->str);
          exported_existing++;
        }
    }
  batches_flush (&b);
  g_test_message ("%u designs exported (%u mutated, %u of them with a compute name set on an "
                  "inference link, %u with resources made existing: dependencies checked, round trip "
                  "equal), %u mutated designs with error findings; "
                  "%u distinct resources and envelopes in %u files",
                  exported, exported_mutated, exported_compute_names, exported_existing, refused, b.n_items,
                  b.files->len);
  /* The mutations must leave many designs clean, or the test proves little. */
  g_assert_cmpuint (exported_mutated, >=, n_mutations / 4);
  g_assert_cmpuint (exported_compute_names, >=, n_mutations / 200);
  g_assert_cmpuint (exported_existing, >=, n_mutations / 20);
  g_assert_cmpuint (refused, >=, n_mutations / 10);

  g_test_message ("designs mutated, validated and exported in %.1f s", g_timer_elapsed (timer, NULL));
  g_timer_start (timer);
  run_checker (&b);
  g_test_message ("arm-validate: %.1f s", g_timer_elapsed (timer, NULL));

  arm_test_remove_tree (b.dir);
  g_free (b.dir);
  g_hash_table_unref (b.seen);
  g_ptr_array_unref (b.batch_items);
  g_ptr_array_unref (b.batch_what);
  g_ptr_array_unref (b.files);
  g_ptr_array_unref (b.file_what);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/arm/export/promise", test_promise);

  return g_test_run ();
}
