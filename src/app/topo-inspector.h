/* topo-inspector.h: edits the selected resource, link, or the design itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_TYPE_INSPECTOR (topo_inspector_get_type ())
G_DECLARE_FINAL_TYPE (TopoInspector, topo_inspector, TOPO, INSPECTOR, GtkWidget)

GtkWidget *topo_inspector_new           (void);
void       topo_inspector_set_document  (TopoInspector *self, TopoDocument *doc);
/* ids: the selected resources (NULL or empty = the design); link_index >= 0: a link. */
void       topo_inspector_set_selection (TopoInspector *self, const char *const *ids,
                                         int link_index);
/* The editing row of a key ("name", "region", "tag:owner", "policy:naming", "team:fraud:name",
 * "design:name", …) in the current page, or NULL (for tests). */
GtkWidget *topo_inspector_get_row       (TopoInspector *self, const char *key);
/* Rebuilds now instead of in an idle (for tests). */
void       topo_inspector_rebuild       (TopoInspector *self);

G_END_DECLS
