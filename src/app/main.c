/* main.c: the topograph program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "topo-application.h"

/* What --version and --help printed must have reached its place (a full disk is an error, as in
 * topograph-cli); GOption prints --help and calls exit (0) itself, so this runs at exit. */
static void
check_stdout_at_exit (void)
{
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "topograph: %s: %s\n", _("standard output"), g_strerror (errno));
      _exit (2);
    }
}

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

  atexit (check_stdout_at_exit);
  g_set_application_name (_("Topograph"));
  app = topo_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
