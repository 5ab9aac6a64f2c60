/* main.c: the topograph program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "topo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TopoApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* TOPOGRAPH_LOCALEDIR: the build tree's catalogues (build/po), for running uninstalled */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TOPOGRAPH_LOCALEDIR") != NULL
                                   ? g_getenv ("TOPOGRAPH_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Topograph"));
  app = topo_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
