/* topo-recent.c: designs in the desktop's list of recent files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-recent"

#include "config.h"

#include <gtk/gtk.h>

#include "topo-recent.h"

void
_topo_recent_add_design (GFile *file)
{
  g_autofree char *uri = NULL;
  g_autofree char *exec = NULL;
  GtkRecentData data = { 0 };

  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  /* what gtk_recent_manager_add_item fills in, with the MIME type given instead of guessed */
  exec = g_strdup_printf ("%s %%u", g_get_prgname () != NULL ? g_get_prgname () : "topograph");
  data.mime_type = (char *) TOPO_MIME_TYPE;
  data.app_name = (char *) (g_get_application_name () != NULL ? g_get_application_name ()
                                                              : "Topograph");
  data.app_exec = exec;
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}
