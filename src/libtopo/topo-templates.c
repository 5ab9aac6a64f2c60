/* topo-templates.c: the bundled sample designs ("New from template", `topograph-cli new`)
 *
 * The designs themselves are data/samples/<name>.topograph, compiled into the data GResource;
 * this file only lists them in gallery order and loads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-templates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-format.h"
#include "topo-templates.h"

#define SAMPLES_PATH "/io/github/topograph/Topograph/data/samples/"

/* Gallery order: the reference implementation first, then the article's sections in order
 * (team structure, environments, regions). */
static const TopoTemplateInfo template_table[] = {
  { "contoso",
    N_("Contoso reference implementation"),
    N_("The article's reference implementation: a workspace per project in dev, QA and prod, "
       "a central exploration workspace, one region") },
  { "workspace-per-team",
    N_("Workspace per team"),
    N_("Team structure: one workspace per team whose members all need the same data access") },
  { "workspace-per-project",
    N_("Workspace per project"),
    N_("Team structure: a workspace and resource group per project, for data segregation and "
       "project budgets") },
  { "single-workspace",
    N_("Single workspace"),
    N_("Team structure: one shared workspace for work not tied to a team or project, such as R&D") },
  { "single-environment",
    N_("Single environment"),
    N_("Environments: one workspace deployment in a single environment, read-only on "
       "production data") },
  { "multi-environment",
    N_("Multiple environments"),
    N_("Environments: a workspace per environment (dev, test, prod) with staged model rollout") },
  { "limited-and-production-data",
    N_("Limited data and production data"),
    N_("Environments: one environment with limited data access, one with production data "
       "access") },
  { "regional-training",
    N_("Regional training"),
    N_("Regions: a workspace in each region where data is located, so training runs next to "
       "the data") },
  { "regional-serving",
    N_("Regional serving"),
    N_("Regions: experimentation in West Europe, inference endpoints close to users in Europe "
       "and Australia") },
  { "regional-fine-tuning",
    N_("Regional fine-tuning"),
    N_("Regions: a base model trained on public data, fine-tuned where each regional dataset "
       "must stay") },
};

#define N_TEMPLATES G_N_ELEMENTS (template_table)

/* Translated once; gettext returns strings that live as long as the catalogue. */
static TopoTemplateInfo translated[N_TEMPLATES];

static const TopoTemplateInfo *
get_translated (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < N_TEMPLATES; i++)
        {
          translated[i].name = template_table[i].name;
          translated[i].title = _(template_table[i].title);
          translated[i].description = _(template_table[i].description);
        }
      g_once_init_leave (&initialized, 1);
    }
  return translated;
}

const TopoTemplateInfo *
topo_templates_get_all (guint *n_templates)
{
  if (n_templates != NULL)
    *n_templates = N_TEMPLATES;
  return get_translated ();
}

const TopoTemplateInfo *
topo_templates_lookup (const char *name)
{
  const TopoTemplateInfo *all;

  g_return_val_if_fail (name != NULL, NULL);

  all = get_translated ();
  for (guint i = 0; i < N_TEMPLATES; i++)
    if (g_str_equal (all[i].name, name))
      return &all[i];
  return NULL;
}

GBytes *
topo_templates_get_bytes (const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (name != NULL, NULL);

  /* Only listed names: a name must never become an arbitrary resource path. */
  if (topo_templates_lookup (name) == NULL)
    return NULL;

  path = g_strconcat (SAMPLES_PATH, name, ".topograph", NULL);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_critical ("Template '%s' is listed but not bundled: %s", name, error->message);
  return bytes;
}

TopoDocument *
topo_templates_load (const char *name,
                     GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  TopoDocument *doc;
  const char *data;
  gsize length;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = topo_templates_get_bytes (name);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Unknown template '%s'"), name);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  display_name = g_strconcat ("template:", name, NULL);
  doc = topo_format_load_data (data, length, display_name, error);
  if (doc == NULL)
    return NULL;

  /* A new design from a template starts with nothing to undo and nothing to save. */
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);
  return doc;
}
