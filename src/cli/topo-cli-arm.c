/* topo-cli-arm.c: `topograph-cli export arm` and `topograph-cli import arm`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-arm-export.h"
#include "topo-arm-import.h"
#include "topo-cli.h"
#include "topo-file.h"
#include "topo-format.h"
#include "topo-validator.h"

/* Parses "FORMAT FILE -o OUT" after argv[0] (export/import). Returns FALSE after printing. */
static gboolean
parse_args (const char *command,
            const char *summary,
            const char *description,
            const GOptionEntry *extra,
            int argc,
            char **argv,
            char **input,
            char **output,
            int *status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *parameter = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE"), N_("FILE") },
    { NULL }
  };
  char **copy;
  int n;

  /* GOptionContext wants argv[0] to be the program; give it "COMMAND arm" and the rest. */
  n = argc - 1;
  copy = g_new0 (char *, n + 1);
  copy[0] = g_strdup_printf ("%s %s", argv[0], argv[1]);
  for (int i = 2; i < argc; i++)
    copy[i - 1] = g_strdup (argv[i]);
  args = copy;

  parameter = g_strdup (g_str_equal (command, "export") ? _("FILE.topograph") : _("TEMPLATE.json"));
  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);
  if (description != NULL)
    g_option_context_set_description (context, description);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  /* --help prints and exits with status 0 from inside the parser. */
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      *status = topo_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  if (g_strv_length (args) != 2)
    {
      *status = topo_cli_usage_error (command, _("expected exactly one input file (see --help)"));
      return FALSE;
    }
  if (out == NULL)
    {
      *status = topo_cli_usage_error (command, _("missing -o OUT (see --help)"));
      return FALSE;
    }
  *input = g_strdup (args[1]);
  *output = g_steal_pointer (&out);
  return TRUE;
}

int
topo_cli_export_arm (int argc,
                     char **argv)
{
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  gboolean force = FALSE;
  guint n_errors = 0;
  int status = TOPO_CLI_OK;
  const GOptionEntry extra[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Export even when the design has error findings"), NULL },
    { NULL }
  };

  if (!parse_args ("export", _("Export a design as a subscription-scope ARM template."),
                   _("A design with error findings (see topograph-cli validate) would not deploy:\n"
                     "it is not exported, its errors are listed on standard error and the exit\n"
                     "status is 1, unless --force is given. Suppressions and policy.rules accept\n"
                     "findings, except those Azure rejects the template for (names, SKUs, VM\n"
                     "sizes, node counts, regions, default storage)."),
                   extra, argc, argv, &input, &output, &status))
    return status;

  doc = topo_cli_load_design (input, &error);
  if (doc == NULL)
    {
      /* The loader's message names the file and the JSON path already. */
      topo_cli_printerr ("topograph-cli export: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  /* Azure's template limits, before building (a design too large) and after (the text). */
  if (!topo_arm_export_check_limits (doc, NULL, &error))
    {
      topo_cli_printerr ("topograph-cli export: %s: %s", topo_cli_display_name (input), error->message);
      return TOPO_CLI_USAGE;
    }
  diagnostics = topo_validate_export_blockers (doc);
  n_errors = diagnostics->len;
  if (n_errors > 0)
    {
      g_autofree char *safe_input = topo_cli_escape (topo_cli_display_name (input));
      g_autofree char *summary = NULL;

      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "topograph-cli export: %s: %u error finding, the template would not deploy%s\n",
                                              "topograph-cli export: %s: %u error findings, the template would not deploy%s\n",
                                              n_errors),
                                 safe_input, n_errors,
                                 force ? _(" (exported anyway: --force)") : _("; not exported (use --force to export anyway)"));
      topo_cli_print_stderr (summary);
      for (guint i = 0; i < diagnostics->len; i++)
        {
          const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);
          g_autofree char *joined = NULL;
          g_autofree char *line = NULL;

          joined = g_strjoinv (", ", d->subjects);
          line = g_strdup_printf ("  %s %s (%s)", d->rule, d->message, joined);
          topo_cli_printerr ("%s", line);
          if (d->suppressed || topo_policy_rule_level (topo_document_get_policy (doc), d->rule) >= 0)
            topo_cli_printerr ("      %s", _("accepted in the design (a suppression or policy.rules), but Azure "
                                             "rejects the template all the same"));
          if (d->fix != NULL)
            topo_cli_printerr ("      %s %s", _("fix:"), d->fix);
        }
      if (!force)
        return TOPO_CLI_FAILED;
    }
  text = topo_arm_export_to_string (doc);
  if (!topo_arm_export_check_limits (doc, text, &error))
    {
      topo_cli_printerr ("topograph-cli export: %s: %s", topo_cli_display_name (input), error->message);
      return TOPO_CLI_USAGE;
    }
  if (!topo_cli_write_output (output, text, strlen (text), &error))
    {
      topo_cli_printerr ("topograph-cli export: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  return TOPO_CLI_OK;
}

int
topo_cli_import_arm (int argc,
                     char **argv)
{
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autofree char *parameters_path = NULL;
  g_autofree char *environment = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  TopoArmImportOptions options = { NULL, NULL };
  int status = TOPO_CLI_OK;
  const GOptionEntry extra[] = {
    { "parameters", 'p', 0, G_OPTION_ARG_FILENAME, &parameters_path,
      N_("Parameter values from an ARM parameters FILE (they win over the template's defaults)"), N_("FILE") },
    { "environment", 'e', 0, G_OPTION_ARG_STRING, &environment,
      N_("Environment of resource groups whose tags and names do not say"), N_("ENV") },
    { NULL }
  };

  if (!parse_args ("import", _("Import an ARM template (resource-group or subscription scope) as a design.\n"
                               "What cannot be mapped is reported on stderr as FILE: JSONPATH: message."),
                   _("Resource conditions are evaluated with the parameters' default values, or the\n"
                     "values of --parameters; a resource whose condition is false is not imported,\n"
                     "one whose condition cannot be evaluated is imported (both are reported).\n"
                     "A resource group's environment comes from its environment tag, else from a\n"
                     "CAF name part (-dev, -qa, -prod, …) of its own or its resources' names, else\n"
                     "from --environment; the inference used is reported."),
                   extra, argc, argv, &input, &output, &status))
    return status;

  if (parameters_path != NULL)
    {
      /* "-" is standard input here too; the library reads a path */
      if (topo_cli_is_stdio (parameters_path) && topo_cli_is_stdio (input))
        return topo_cli_usage_error ("import", _("TEMPLATE and --parameters cannot both be standard input"));
      parameters = topo_arm_parameters_load (topo_cli_is_stdio (parameters_path) ? "/dev/stdin" : parameters_path,
                                             warnings, &error);
      if (parameters == NULL)
        {
          topo_cli_printerr ("topograph-cli import: %s", error->message);
          return TOPO_CLI_USAGE;
        }
      for (guint i = 0; i < warnings->len; i++)
        {
          g_autofree char *line = topo_arm_warning_format (g_ptr_array_index (warnings, i),
                                                           topo_cli_display_name (parameters_path));
          topo_cli_printerr ("%s", line);
        }
      g_ptr_array_set_size (warnings, 0);
    }
  options.parameters = parameters;
  options.environment = environment;
  if (topo_cli_is_stdio (input))
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (topo_cli_read_input (input, &contents, &length, &error))
        doc = topo_arm_import_data_full (contents, length, topo_cli_display_name (input), &options,
                                         warnings, &error);
    }
  else
    doc = topo_arm_import_path_full (input, &options, warnings, &error);
  if (doc == NULL)
    {
      topo_cli_printerr ("topograph-cli import: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = topo_arm_warning_format (g_ptr_array_index (warnings, i),
                                                       topo_cli_display_name (input));
      topo_cli_printerr ("%s", line);
    }
  text = topo_format_to_data (doc, &length);
  if (!topo_cli_write_output (output, text, length, &error))
    {
      topo_cli_printerr ("topograph-cli import: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  return TOPO_CLI_OK;
}
