/* topo-cli-fmt.c: `fmt`, `new` and `generate`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo.h"
#include "topo-cli.h"
#include "topo-file.h"

/* Parses options; on --help prints and sets *done. Returns FALSE on a usage error. */
static gboolean
parse_options (const char     *command,
               const char     *parameter_string,
               const char     *summary,
               GOptionEntry   *entries,
               int            *argc,
               char         ***argv,
               int            *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = topo_cli_usage_error (command, "%s (see --help)", error->message);
      return FALSE;
    }
  return TRUE;
}

int
topo_cli_fmt (int    argc,
              char **argv)
{
  gboolean check = FALSE;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &check,
      N_("Change nothing; exit 1 if a file is not in canonical form"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the canonical form of the one FILE to OUT instead of rewriting FILE (\"-\": standard output)"), N_("OUT") },
    G_OPTION_ENTRY_NULL
  };
  int status = TOPO_CLI_OK;

  if (!parse_options ("fmt", _("FILE…"),
                      _("Rewrite designs in canonical form (fixed key order, 2-space indentation). "
                        "FILE \"-\" is standard input, rewritten to standard output."),
                      entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return topo_cli_usage_error ("fmt", _("no FILE given (see --help)"));
  if (output != NULL && (argc != 2 || check))
    return topo_cli_usage_error ("fmt", _("-o takes exactly one FILE and no --check"));

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = NULL;
      g_autoptr(GMappedFile) mapped = NULL;
      g_autofree char *piped = NULL;
      const char *original;
      const char *target = output != NULL ? output : argv[i];
      g_autofree char *canonical = NULL;
      gsize original_length = 0, canonical_length = 0;

      /* Mapped, not read: a large design is not copied once more before parsing. Standard
       * input ("-") is read whole, and its canonical form goes to standard output. */
      if (topo_cli_is_stdio (argv[i]))
        {
          if (!topo_cli_read_input (argv[i], &piped, &original_length, &error))
            {
              topo_cli_printerr ("topograph-cli fmt: %s", error->message);
              return TOPO_CLI_USAGE;
            }
          original = piped;
        }
      else
        {
          mapped = g_mapped_file_new (argv[i], FALSE, &error);
          if (mapped == NULL)
            {
              topo_cli_printerr ("topograph-cli fmt: %s", error->message);
              return TOPO_CLI_USAGE;
            }
          original = g_mapped_file_get_contents (mapped);
          original_length = g_mapped_file_get_length (mapped);
        }
      if (original == NULL)
        original = "";
      doc = topo_format_load_data (original, original_length, topo_cli_display_name (argv[i]),
                                   &error);
      if (doc == NULL)
        {
          topo_cli_printerr ("topograph-cli fmt: %s", error->message);
          return TOPO_CLI_USAGE;
        }
      canonical = topo_format_to_data (doc, &canonical_length);
      if (check)
        {
          if (canonical_length != original_length ||
              memcmp (canonical, original, original_length) != 0)
            {
              topo_cli_printerr (_("%s: not in canonical form (run 'topograph-cli fmt %s')"),
                                 topo_cli_display_name (argv[i]), argv[i]);
              status = TOPO_CLI_FAILED;
            }
          continue;
        }
      if (output == NULL && !topo_cli_is_stdio (argv[i]) && canonical_length == original_length &&
          memcmp (canonical, original, original_length) == 0)
        continue;
      /* The canonical text is at hand: written as topo_format_save_path would, without making
       * it a second time. */
      if (!topo_cli_write_output (target, canonical, canonical_length, &error))
        {
          topo_cli_printerr ("topograph-cli fmt: %s", error->message);
          return TOPO_CLI_USAGE;
        }
    }
  return status;
}

int
topo_cli_new (int    argc,
              char **argv)
{
  g_autofree char *template = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template, N_("Template to start from"), N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to create (\"-\": standard output)"), N_("OUT") },
    G_OPTION_ENTRY_NULL
  };
  int status = TOPO_CLI_OK;
  guint n = 0;
  const TopoTemplateInfo *templates = topo_templates_get_all (&n);

  if (!parse_options ("new", "",
                      _("Create a design from a template of the article's patterns.\n\n"
                        "Run with an unknown --template to list the templates."),
                      entries, &argc, &argv, &status))
    return status;
  if (template == NULL || topo_templates_lookup (template) == NULL)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      if (template != NULL)
        topo_cli_printerr ("topograph-cli new: unknown template '%s'.", template);
      else
        topo_cli_print_stderr ("topograph-cli new: --template NAME is required.\n");
      g_string_append_printf (list, "%s\n", _("Templates:"));
      for (guint i = 0; i < n; i++)
        g_string_append_printf (list, "  %-30s %s\n", templates[i].name, templates[i].description);
      topo_cli_print_stderr (list->str);
      return TOPO_CLI_USAGE;
    }
  if (output == NULL)
    return topo_cli_usage_error ("new", _("-o OUT is required"));
  bytes = topo_templates_get_bytes (template);
  if (!topo_cli_write_output (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      topo_cli_printerr ("topograph-cli new: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  return TOPO_CLI_OK;
}

int
topo_cli_generate (int    argc,
                   char **argv)
{
  int resources = -1;
  int seed = 1;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  GOptionEntry entries[] = {
    { "resources", 'n', 0, G_OPTION_ARG_INT, &resources, N_("Number of resources (RGs included)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Random seed (default 1): the same seed gives the same file"), N_("S") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write (\"-\": standard output)"), N_("OUT") },
    G_OPTION_ENTRY_NULL
  };
  int status = TOPO_CLI_OK;

  if (!parse_options ("generate", "",
                      _("Generate a large, valid design: several regions, environments and teams, every resource and link type."),
                      entries, &argc, &argv, &status))
    return status;
  if (resources < 1 || resources > 10000000)
    return topo_cli_usage_error ("generate", _("--resources N is required (1 to 10000000)"));
  if (seed < 0)
    return topo_cli_usage_error ("generate", _("--seed must not be negative"));
  if (output == NULL)
    return topo_cli_usage_error ("generate", _("-o OUT is required"));
  doc = topo_generate (resources, seed);
  text = topo_format_to_data (doc, &length);
  if (!topo_cli_write_output (output, text, length, &error))
    {
      topo_cli_printerr ("topograph-cli generate: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  return TOPO_CLI_OK;
}
