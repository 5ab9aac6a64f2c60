/* topo-cli-capacity.c: `topograph-cli capacity FILE` — planned dedicated vCPUs per region and
 * quota family against policy.quotas, then roll-ups per environment, project and workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "topo-cli.h"
#include "topo-capacity.h"
#include "topo-format.h"

#define COMMAND "capacity"

/* A text table of escaped cells; align holds one letter a column: 'l'eft or 'r'ight. */
typedef struct
{
  guint       n_columns;
  const char *align;
  GPtrArray  *rows;         /* of GStrv */
} Table;

static void
table_add (Table *t,
           ...)
{
  GStrv cells = g_new0 (char *, t->n_columns + 1);
  va_list args;

  va_start (args, t);
  for (guint i = 0; i < t->n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      cells[i] = topo_cli_escape (cell != NULL ? cell : "");
    }
  va_end (args);
  g_ptr_array_add (t->rows, cells);
}

static void
table_print (Table *t,
             GString *out)
{
  g_autofree guint *width = g_new0 (guint, t->n_columns);

  for (guint r = 0; r < t->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (t->rows, r);

      for (guint c = 0; c < t->n_columns; c++)
        width[c] = MAX (width[c], g_utf8_strlen (cells[c], -1));
    }
  for (guint r = 0; r < t->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (t->rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < t->n_columns; c++)
        {
          guint pad = width[c] - g_utf8_strlen (cells[c], -1);

          if (c > 0)
            g_string_append (line, "  ");
          if (t->align[c] == 'r')
            for (guint k = 0; k < pad; k++)
              g_string_append_c (line, ' ');
          g_string_append (line, cells[c]);
          if (t->align[c] != 'r')
            for (guint k = 0; k < pad; k++)
              g_string_append_c (line, ' ');
        }
      g_strchomp (line->str);
      g_string_append_printf (out, "%s\n", line->str);
    }
}

static char *
int_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
range_text (gint64 lo,
            gint64 hi)
{
  if (lo == hi)
    return int_text (hi);
  return g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, lo, hi);
}

static void
add_row (Table *t,
         const TopoCapacityRow *row)
{
  g_autofree char *computes = g_strdup_printf ("%u", row->computes->len);
  g_autofree char *vmin = int_text (row->vcpus_min);
  g_autofree char *vmax = NULL;
  g_autofree char *quota = row->quota != TOPO_CAPACITY_NO_QUOTA ? int_text (row->quota) : g_strdup ("—");
  g_autofree char *headroom = row->quota != TOPO_CAPACITY_NO_QUOTA ? int_text (row->quota - row->vcpus_max)
                                                                    : g_strdup ("—");
  g_autofree char *gpus = row->gpus_max > 0 ? range_text (row->gpus_min, row->gpus_max) : g_strdup ("");
  g_autofree char *models = g_strdup (row->gpu_models != NULL ? row->gpu_models : "");
  const char *family;
  const char *mark = "";

  /* a size without vCPU figures counts as 0: say so next to the figure */
  vmax = row->n_unsized > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "+", row->vcpus_max)
                            : int_text (row->vcpus_max);
  switch (row->kind)
    {
    case TOPO_CAPACITY_ROW_FAMILY:
      family = row->family;
      break;
    case TOPO_CAPACITY_ROW_UNKNOWN_SIZE:
      family = _("(unknown size)");
      break;
    case TOPO_CAPACITY_ROW_REGION_TOTAL:
    default:
      family = _("(total)");
      break;
    }
  if (topo_capacity_row_exceeded (row))
    mark = _("over quota");
  else if (row->gpu_family && row->quota == TOPO_CAPACITY_NO_QUOTA && row->computes->len > 0)
    mark = _("no quota (GPU families start at 0)");
  table_add (t, row->region, family, computes, vmin, vmax, quota, headroom, gpus, models, mark);
}

static void
print_rollups (GString *out,
               const char *title,
               const char *header,
               GPtrArray *rollups,
               const char *none)
{
  Table t = { 6, "lrrrrr", g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev) };

  if (rollups->len == 0)
    {
      g_ptr_array_unref (t.rows);
      return;
    }
  g_string_append_printf (out, "\n%s\n", title);
  table_add (&t, header, _("COMPUTES"), _("vCPUs MIN"), _("vCPUs MAX"), _("GPUs MIN"), _("GPUs MAX"));
  for (guint i = 0; i < rollups->len; i++)
    {
      const TopoCapacityRollup *r = g_ptr_array_index (rollups, i);
      g_autofree char *n = g_strdup_printf ("%u", r->n_computes);
      g_autofree char *a = int_text (r->vcpus_min);
      g_autofree char *b = int_text (r->vcpus_max);
      g_autofree char *c = int_text (r->gpus_min);
      g_autofree char *d = int_text (r->gpus_max);

      table_add (&t, r->name != NULL ? r->name : none, n, a, b, c, d);
    }
  table_print (&t, out);
  g_ptr_array_unref (t.rows);
}

static char *
to_text (const TopoCapacity *plan,
         const char *path,
         TopoDocument *doc)
{
  GString *out = g_string_new (NULL);
  g_autofree char *safe_path = topo_cli_escape (path);
  Table t = { 10, "llrrrrrrll", g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev) };

  if (topo_document_get_name (doc) != NULL)
    {
      g_autofree char *name = topo_cli_escape (topo_document_get_name (doc));

      g_string_append_printf (out, _("Capacity plan of %s (%s)\n"), safe_path, name);
    }
  else
    g_string_append_printf (out, _("Capacity plan of %s\n"), safe_path);
  g_string_append_printf (out, ngettext ("%u compute: dedicated vCPUs at minimum and maximum scale per region and quota family\n\n",
                                         "%u computes: dedicated vCPUs at minimum and maximum scale per region and quota family\n\n",
                                         plan->n_computes), plan->n_computes);

  table_add (&t, _("REGION"), _("FAMILY"), _("COMPUTES"), _("vCPUs MIN"), _("vCPUs MAX"), _("QUOTA"),
             _("HEADROOM"), _("GPUs"), _("GPU MODELS"), "");
  for (guint i = 0; i < plan->regions->len; i++)
    {
      const TopoCapacityRow *total = g_ptr_array_index (plan->regions, i);

      for (guint k = 0; k < plan->rows->len; k++)
        {
          const TopoCapacityRow *row = g_ptr_array_index (plan->rows, k);

          if (g_str_equal (row->region, total->region))
            add_row (&t, row);
        }
      add_row (&t, total);
    }
  table_print (&t, out);
  g_ptr_array_unref (t.rows);

  print_rollups (out, _("By environment"), _("ENVIRONMENT"), plan->environments, _("(no environment)"));
  print_rollups (out, _("By project"), _("PROJECT"), plan->projects, _("(no project)"));
  print_rollups (out, _("By workspace"), _("WORKSPACE"), plan->workspaces, _("(no workspace)"));

  if (plan->n_unplaced > 0)
    g_string_append_printf (out, ngettext ("\n%u compute has no region (no resource group) and is not counted.\n",
                                           "\n%u computes have no region (no resource group) and are not counted.\n",
                                           plan->n_unplaced), plan->n_unplaced);
  if (plan->n_exceeded > 0)
    g_string_append_printf (out, ngettext ("\n%u quota is exceeded.\n", "\n%u quotas are exceeded.\n",
                                           plan->n_exceeded), plan->n_exceeded);
  return g_string_free (out, FALSE);
}

/* CSV is data, written as is to a file or a pipe; on a terminal each line is escaped. */
static char *
escape_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *safe = topo_cli_escape (lines[i]);

      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      g_string_append_printf (out, "%s\n", safe);
    }
  return g_string_free (out, FALSE);
}

int
topo_cli_capacity (int    argc,
                   char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Report as text (default), json or csv"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report to OUT (\"-\": standard output)"), N_("OUT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(TopoCapacity) plan = NULL;
  g_autofree char *text = NULL;

  context = g_option_context_new (_("FILE — planned vCPUs per region and VM family against the quotas"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Lists, per region and quota family, the dedicated vCPUs the computes "
                                  "plan at minimum and maximum scale (clusters: nodes × vCPUs of the "
                                  "size; compute instances: one node; AKS: node_count), the quota "
                                  "policy.quotas declares and the headroom, and the GPUs; then the same "
                                  "per environment, project and workspace."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 every quota holds, 1 a quota is exceeded, 2 bad input or usage."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return topo_cli_usage_error (COMMAND, "%s", error->message);
  if (argc != 2)
    return topo_cli_usage_error (COMMAND, "%s", argc < 2 ? _("missing input FILE")
                                                        : _("expected exactly one input FILE"));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json") &&
      !g_str_equal (format, "csv"))
    return topo_cli_usage_error (COMMAND, _("unknown --format '%s' (expected text, json or csv)"), format);

  doc = topo_cli_load_design (argv[1], &error);
  if (doc == NULL)
    return topo_cli_usage_error (COMMAND, "%s", error->message);
  plan = topo_capacity_compute (doc);

  if (format == NULL || g_str_equal (format, "text"))
    text = to_text (plan, topo_cli_display_name (argv[1]), doc);
  else if (g_str_equal (format, "json"))
    text = topo_capacity_to_json (plan);
  else
    {
      text = topo_capacity_to_csv (plan);
      if ((output == NULL || topo_cli_is_stdio (output)) && isatty (STDOUT_FILENO))
        {
          char *safe = escape_lines (text);

          g_free (text);
          text = safe;
        }
    }

  if (!topo_cli_write_output (output != NULL ? output : "-", text, strlen (text), &error))
    return topo_cli_usage_error (COMMAND, "%s", error->message);
  return plan->n_exceeded > 0 ? TOPO_CLI_FAILED : TOPO_CLI_OK;
}
