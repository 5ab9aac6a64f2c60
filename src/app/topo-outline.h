/* topo-outline.h: the design as a tree (lanes → groups → resources, and links), searchable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_TYPE_OUTLINE (topo_outline_get_type ())
G_DECLARE_FINAL_TYPE (TopoOutline, topo_outline, TOPO, OUTLINE, GtkWidget)

GtkWidget *topo_outline_new             (void);
void       topo_outline_set_document    (TopoOutline *self, TopoDocument *doc);
/* diagnostics: GPtrArray of TopoDiagnostic (ref taken), or NULL: searched by rule id. */
void       topo_outline_set_diagnostics (TopoOutline *self, GPtrArray *diagnostics);
/* Highlights the canvas selection's row (the first id, or the link); emits nothing. */
void       topo_outline_set_selection   (TopoOutline *self, const char *const *ids, int link_index);
void       topo_outline_focus_search    (TopoOutline *self);

/* Tests: the rows shown, one string each ("lane:REGION", "res:ID", "links", "link:INDEX"),
 * in display order, and the selected one (NULL if none). */
GStrv      topo_outline_get_rows        (TopoOutline *self);
char      *topo_outline_get_selected    (TopoOutline *self);
GtkWidget *topo_outline_get_search_entry (TopoOutline *self);
/* Selects the row at position as a user would (the canvas follows). */
void       topo_outline_select_row      (TopoOutline *self, guint position);

G_END_DECLS
