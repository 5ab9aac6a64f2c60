/* topo-window-dnd.c: files dropped onto the window
 *
 * Designs dragged from a file manager open as the Open dialog would open them (an open one is
 * presented, not opened twice). The canvas's own drop target (palette kinds) takes precedence
 * over the canvas area, as the innermost target does in GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-window-private.h"

gboolean
_topo_window_drop_files (TopoWindow *self,
                         GSList     *files)
{
  guint n_opened = 0;

  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autofree char *name = g_file_get_basename (file);

      /* a drop that is not a design (an image, a folder) is said so rather than loaded */
      if (name == NULL || !g_str_has_suffix (name, ".topograph"))
        {
          g_autofree char *text = g_strdup_printf (_("“%s” is not a Topograph design (.topograph)"),
                                                   name != NULL ? name : "?");
          topo_window_show_message (self, text);
          continue;
        }
      _topo_window_open_or_present (self, file);
      n_opened++;
    }
  return n_opened > 0;
}

static gboolean
drop_cb (TopoWindow    *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;
  gboolean opened;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  opened = _topo_window_drop_files (self, files);
  g_slist_free (files);
  return opened;
}

void
_topo_window_dnd_init (TopoWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
