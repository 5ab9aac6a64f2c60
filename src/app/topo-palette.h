/* topo-palette.h: the resource kinds as drag sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-types.h"

G_BEGIN_DECLS

#define TOPO_TYPE_PALETTE (topo_palette_get_type ())
G_DECLARE_FINAL_TYPE (TopoPalette, topo_palette, TOPO, PALETTE, GtkWidget)

GtkWidget     *topo_palette_new             (void);
/* The drag source of a kind's entry (for tests). */
GtkDragSource *topo_palette_get_drag_source (TopoPalette *self, TopoKind kind);
/* The Note entry's drag source ("palette:note"; for tests). */
GtkDragSource *topo_palette_get_note_drag_source (TopoPalette *self);

G_END_DECLS
