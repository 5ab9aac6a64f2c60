/* topo-window.h: one design in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "topo-autosave.h"
#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_TYPE_WINDOW (topo_window_get_type ())
G_DECLARE_FINAL_TYPE (TopoWindow, topo_window, TOPO, WINDOW, AdwApplicationWindow)

TopoWindow   *topo_window_new              (GtkApplication *app);
TopoDocument *topo_window_get_document     (TopoWindow *self);
GFile        *topo_window_get_file         (TopoWindow *self);
/* Takes a new document (file may be NULL for an unsaved one). */
void          topo_window_set_document     (TopoWindow *self, TopoDocument *doc, GFile *file);
/* Loads file; on failure keeps the current design and shows the loader's message in a dialog. */
gboolean      topo_window_open_file        (TopoWindow *self, GFile *file);
/* Saves atomically to file and makes it the window's file. */
gboolean      topo_window_save_to_file     (TopoWindow *self, GFile *file, GError **error);
/* Exports the design: format "arm", "png", "svg" or "pdf". */
gboolean      topo_window_export           (TopoWindow *self, const char *format, const char *path,
                                            GError **error);
/* A pristine window (no file, no changes) can take a document instead of opening a new window. */
gboolean      topo_window_is_pristine      (TopoWindow *self);
/* Shows a toast. */
void          topo_window_show_message     (TopoWindow *self, const char *message);

/* Crash recovery: the autosave copies left by earlier sessions, and restoring one (the window
 * then holds it as unsaved work). */
char         *topo_window_get_autosave_dir (void);
GStrv         topo_window_find_autosaves   (void);
gboolean      topo_window_recover          (TopoWindow *self, const char *autosave_path,
                                            GError **error);
/* Restores a claimed copy (topo_autosave_claim_orphans; ownership passes to the window) with a
 * bar saying that this is recovered, unsaved work. */
gboolean      topo_window_recover_autosave (TopoWindow *self, TopoAutosave *autosave, GError **error);

/* The designs (.topograph files that still exist) GtkRecentManager lists, newest first, at most
 * 10: the "Open Recent" menu. */
GStrv         topo_window_get_recent_uris  (void);

/* A blank design: one westeurope lane, no history. */
TopoDocument *topo_window_new_blank_document (void);

G_END_DECLS
