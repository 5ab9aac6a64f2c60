/* topo-cli-image.c: topograph-cli export png|svg|pdf FILE -o OUT [--scale N] [--no-diagnostics]
 *                   [--no-notes] [--theme light|dark] [--legend-capacity]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "topo-cli.h"
#include "topo-format.h"
#include "topo-image-export.h"
#include "topo-render-diff.h"

int
topo_cli_export_image (int    argc,
                       char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *theme_name = NULL;
  g_autofree char *diff_against = NULL;
  double scale = 1.0;
  gboolean no_diagnostics = FALSE;
  gboolean no_notes = FALSE;
  gboolean legend_capacity = FALSE;
  TopoImageFlags flags;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the image to OUT (\"-\": standard output)"), N_("OUT") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("Size factor, e.g. 2 for HiDPI (default 1)"), "N" },
    { "no-diagnostics", 0, 0, G_OPTION_ARG_NONE, &no_diagnostics,
      N_("Do not draw the validator's error and warning badges"), NULL },
    { "no-notes", 0, 0, G_OPTION_ARG_NONE, &no_notes, N_("Leave the design's notes out"), NULL },
    { "legend-capacity", 0, 0, G_OPTION_ARG_NONE, &legend_capacity,
      N_("Add the capacity plan to the legend: planned vCPUs per region against the quotas"), NULL },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, N_("Colours: light (default) or dark"), "THEME" },
    { "diff-against", 0, 0, G_OPTION_ARG_FILENAME, &diff_against,
      N_("Show the changes since OLD: added in green, changed in amber, removed as red ghosts"), "OLD" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) args = NULL;
  TopoTheme theme = TOPO_THEME_LIGHT;
  int format;

  /* argv[0] is "export", argv[1] the format. */
  if (argc < 2)
    return topo_cli_usage_error ("export", _("missing format"));
  format = topo_image_format_from_string (argv[1]);
  if (format < 0)
    return topo_cli_usage_error ("export", _("unknown image format '%s'"), argv[1]);
  command = g_strdup_printf ("export %s", argv[1]);

  context = g_option_context_new (_("FILE -o OUT — draw a design as an image"));
  g_option_context_set_summary (context,
                                _("Draws the whole design with a title and a legend, with the "
                                  "validator's diagnostics as badges unless --no-diagnostics."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  /* The remaining arguments, behind a program name that --help can show. */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup_printf ("topograph-cli %s", command);
  for (int i = 2; i < argc; i++)
    args[i - 1] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    return topo_cli_usage_error (command, "%s", error->message);

  if (g_strv_length (args) != 2)
    return topo_cli_usage_error (command, "%s",
                                 g_strv_length (args) < 2 ? _("missing input FILE")
                                                          : _("expected exactly one input FILE"));
  if (output == NULL)
    return topo_cli_usage_error (command, _("%s: missing -o OUT"), args[1]);
  if (!(scale > 0) || !isfinite (scale) || scale > 16)
    return topo_cli_usage_error (command, _("%s: --scale must be a number in (0, 16]"), args[1]);
  if (theme_name != NULL)
    {
      if (g_str_equal (theme_name, "dark"))
        theme = TOPO_THEME_DARK;
      else if (!g_str_equal (theme_name, "light"))
        return topo_cli_usage_error (command, _("%s: unknown --theme '%s' (expected light or dark)"),
                                     args[1], theme_name);
    }

  if (topo_cli_is_stdio (args[1]) && topo_cli_is_stdio (diff_against))
    return topo_cli_usage_error (command, _("FILE and --diff-against cannot both be standard input"));
  doc = topo_cli_load_design (args[1], &error);
  if (doc == NULL)
    return topo_cli_usage_error (command, "%s", error->message);
  flags = (no_diagnostics ? TOPO_IMAGE_PLAIN : TOPO_IMAGE_DIAGNOSTICS) |
          (no_notes ? TOPO_IMAGE_NO_NOTES : TOPO_IMAGE_PLAIN) |
          (legend_capacity ? TOPO_IMAGE_CAPACITY : TOPO_IMAGE_PLAIN);

  if (diff_against != NULL)
    {
      g_autoptr(TopoDocument) old_doc = topo_cli_load_design (diff_against, &error);

      if (old_doc == NULL)
        return topo_cli_usage_error (command, "%s", error->message);
      image = topo_diff_image_export_to_bytes (old_doc, doc, format, scale, flags, theme, &error);
    }
  else
    image = topo_image_export_to_bytes (doc, format, scale, flags, theme, &error);
  if (image == NULL)
    return topo_cli_usage_error (command, "%s: %s", topo_cli_display_name (args[1]), error->message);
  if (!topo_cli_write_output (output, g_bytes_get_data (image, NULL), g_bytes_get_size (image),
                              &error))
    return topo_cli_usage_error (command, "%s", error->message);

  return TOPO_CLI_OK;
}
