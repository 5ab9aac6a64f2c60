/* topo-render-diff.h: the change colours of a diff, drawn by the one renderer over the NEW design
 *
 * Added resources and links are outlined in green, changed ones in amber, and removed ones are
 * drawn as red ghosts at their old place (relative to their old group, or lane, when that still
 * exists, so they land where they were even when the layout around them moved). Exports also get
 * a row of the legend that counts the three. Set TopoRenderOptions.diff to draw them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-diff.h"
#include "topo-image-export.h"
#include "topo-renderer.h"

G_BEGIN_DECLS

typedef struct _TopoDiffOverlay TopoDiffOverlay;

typedef enum
{
  TOPO_DIFF_STATE_NONE,
  TOPO_DIFF_STATE_ADDED,
  TOPO_DIFF_STATE_CHANGED,
  TOPO_DIFF_STATE_REMOVED,
} TopoDiffState;

/* diff must be topo_diff_compute (old_doc, new_doc, …). The overlay copies what it needs (ghost
 * geometry in NEW's coordinates, names) and keeps no reference to the documents or the diff; it
 * stays valid for NEW until NEW's layout changes. */
TopoDiffOverlay *topo_diff_overlay_new       (TopoDocument *old_doc, TopoDocument *new_doc,
                                              const TopoDiff *diff);
void             topo_diff_overlay_free      (TopoDiffOverlay *overlay);
/* The state of a resource of NEW (NONE, ADDED or CHANGED). */
TopoDiffState    topo_diff_overlay_state     (const TopoDiffOverlay *overlay, const char *id);
/* Where a removed resource or note (OLD id) is drawn; FALSE if it is not a ghost. */
gboolean         topo_diff_overlay_ghost_bounds (const TopoDiffOverlay *overlay, const char *old_id,
                                                 TopoRect *bounds);
/* How many resources and links are added, changed and removed (the legend's figures). */
void             topo_diff_overlay_counts    (const TopoDiffOverlay *overlay, guint *added,
                                              guint *changed, guint *removed);

/* The NEW design drawn with the change colours and legend, as topo_image_export writes it. */
GBytes          *topo_diff_image_export_to_bytes (TopoDocument *old_doc, TopoDocument *new_doc,
                                                  TopoImageFormat format, double scale,
                                                  TopoImageFlags flags, TopoTheme theme,
                                                  GError **error);
gboolean         topo_diff_image_export      (TopoDocument *old_doc, TopoDocument *new_doc,
                                              TopoImageFormat format, const char *path,
                                              double scale, TopoImageFlags flags,
                                              TopoTheme theme, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoDiffOverlay, topo_diff_overlay_free)

G_END_DECLS
