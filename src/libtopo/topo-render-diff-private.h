/* topo-render-diff-private.h: the renderer's hooks for the change colours (topo-render-diff.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-renderer-private.h"
#include "topo-render-diff.h"

G_BEGIN_DECLS

/* Grows the design extent to hold the ghosts (exports place the title and legend around it). */
void     _topo_diff_extend_extent      (const TopoDiffOverlay *overlay, TopoRect *extent);
/* After the groups, before the links: ghost groups and links, halos of added and changed links. */
void     _topo_draw_diff_under_links   (Render *r, const GArray *links);
/* After the cards: the pills that cannot leave a ghost card, ghost cards, outlines of added and
 * changed resources. */
void     _topo_draw_diff_over_cards   (Render *r, const GArray *resources, const GArray *links);
/* After the notes: ghosts of removed notes, outlines of added and changed ones. */
void     _topo_draw_diff_notes         (Render *r);
/* Where a link's pill (pw × ph, centred on *x, *y, the router's place) goes in a change picture:
 * a ghost card under it would be unreadable, so the pill slides along its route to the nearest
 * place that covers no ghost card, no card and no RG title band. FALSE: there is none, and the
 * pill is drawn under the ghost (_topo_draw_link_label_under_ghosts) instead of over it. */
gboolean _topo_diff_place_pill         (Render *r, const TopoLinkRoute *rt, double pw, double ph,
                                        double *x, double *y);
/* The legend's row of changes at x, y (one LEGEND_ROW high), items cell units apart. */
void     _topo_draw_diff_legend        (Render *r, double x, double y, double cell);

/* topo-image-export.c: an export whose options carry the overlay. */
GBytes  *_topo_image_export_with_diff  (TopoDocument *doc, TopoImageFormat format, double scale,
                                        TopoImageFlags flags, TopoTheme theme,
                                        const TopoDiffOverlay *overlay, GError **error);

G_END_DECLS
