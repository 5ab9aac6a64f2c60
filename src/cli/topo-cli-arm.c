/* topo-cli-arm.c: `topograph-cli export arm` and `topograph-cli import arm`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-arm-export.h"
#include "topo-arm-import.h"
#include "topo-cli.h"
#include "topo-file.h"
#include "topo-format.h"

/* Parses "FORMAT FILE -o OUT" after argv[0] (export/import). Returns FALSE after printing. */
static gboolean
parse_args (const char *command,
            const char *summary,
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

static gboolean
write_text (const char *path,
            const char *text,
            GError **error)
{
  if (g_str_equal (path, "-"))
    {
      g_print ("%s", text);
      return TRUE;
    }
  return topo_file_replace (path, text, strlen (text), error);
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
  int status = TOPO_CLI_OK;

  if (!parse_args ("export", _("Export a design as a subscription-scope ARM template."),
                   argc, argv, &input, &output, &status))
    return status;

  doc = topo_format_load_path (input, &error);
  if (doc == NULL)
    {
      /* The loader's message names the file and the JSON path already. */
      topo_cli_printerr ("topograph-cli export: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  /* Azure's template limits, before building (a design too large) and after (the text). */
  if (!topo_arm_export_check_limits (doc, NULL, &error))
    {
      topo_cli_printerr ("topograph-cli export: %s: %s", input, error->message);
      return TOPO_CLI_USAGE;
    }
  text = topo_arm_export_to_string (doc);
  if (!topo_arm_export_check_limits (doc, text, &error))
    {
      topo_cli_printerr ("topograph-cli export: %s: %s", input, error->message);
      return TOPO_CLI_USAGE;
    }
  if (!write_text (output, text, &error))
    {
      topo_cli_printerr ("topograph-cli export: %s: %s", output, error->message);
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
  int status = TOPO_CLI_OK;

  if (!parse_args ("import", _("Import an ARM template (resource-group or subscription scope) as a design.\n"
                               "What cannot be mapped is reported on stderr as FILE: JSONPATH: message."),
                   argc, argv, &input, &output, &status))
    return status;

  doc = topo_arm_import_path (input, warnings, &error);
  if (doc == NULL)
    {
      topo_cli_printerr ("topograph-cli import: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = topo_arm_warning_format (g_ptr_array_index (warnings, i), input);
      topo_cli_printerr ("%s", line);
    }
  if (g_str_equal (output, "-"))
    {
      text = topo_format_to_data (doc, NULL);
      g_print ("%s", text);
    }
  else if (!topo_format_save_path (doc, output, &error))
    {
      topo_cli_printerr ("topograph-cli import: %s: %s", output, error->message);
      return TOPO_CLI_USAGE;
    }
  return TOPO_CLI_OK;
}
