/* topo-spatial-index.h: which resources and links lie in a rectangle, without visiting them all
 *
 * A uniform grid over the design extent. Each resource (RG box or card) is filed in the cells its
 * bounds touch; each link in the cells of its route's bounding box. One index per document, kept
 * as object data and rebuilt when topo_document_get_layout_serial changes (not after team, policy
 * or name edits: topo_change_affects_layout).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

typedef struct _TopoSpatialIndex TopoSpatialIndex;

/* Geometry of a link as the renderer draws it, and as hit tests should measure it: either a cubic
 * Bézier (curve, points 0…3) between two cards of one RG with nothing in its way, or an orthogonal
 * polyline (drawn with rounded bends) through the free channels between cards and RGs, crossing
 * no card it does not join and no RG title band. Links that share a stretch of channel are moved
 * apart so they do not merge into one line. Computed by topo_spatial_index_get for every link
 * (bounded work per link: candidates are checked against nearby cards through the grid). */
#define TOPO_LINK_ROUTE_MAX_POINTS 8

typedef struct
{
  gboolean curve;
  guint    n_points;
  double   x[TOPO_LINK_ROUTE_MAX_POINTS];
  double   y[TOPO_LINK_ROUTE_MAX_POINTS];
  double   label_x, label_y;       /* where the R/W or "dev → prod" pill goes */
  TopoRect bounds;                 /* route + arrowhead + label pill */
} TopoLinkRoute;

/* The index of doc, up to date (runs topo_layout_update first). Owned by the document. */
TopoSpatialIndex *topo_spatial_index_get    (TopoDocument *doc);

/* Fills resources with the indices (guint, ascending = document order) of the resources whose
 * bounds intersect rect, and links with the indices of the links whose route bounds intersect it.
 * Either array may be NULL. */
void              topo_spatial_index_query  (TopoSpatialIndex *index, const TopoRect *rect,
                                             GArray *resources, GArray *links);

/* The cached route of link index i (valid until the document changes). */
const TopoLinkRoute *topo_spatial_index_link_route (TopoSpatialIndex *index, guint i);

/* Each build of the index has a generation (ascending). topo_spatial_index_get_damage appends to
 * rects (design units) the places where the drawing may differ from the one of build `since`
 * because of geometry: resources that moved, appeared or went (old and new bounds), lanes that
 * moved, were resized, added, removed or now show another region, notes that moved, appeared or
 * went (their card and leader line), links rerouted, added, removed or drawn differently (type,
 * access, their RGs' environments). Other content changes (names, properties, a note's text,
 * selection, badges) are the caller's to track (topo_render_change_damage). FALSE: not known
 * (too much changed, or since is too old): everything may differ. */
guint64           topo_spatial_index_get_generation (TopoSpatialIndex *index);
gboolean          topo_spatial_index_get_damage     (TopoSpatialIndex *index, guint64 since,
                                                     GArray *rects);

/* Where note id (a note of doc, which index is the index of) draws: its card and its leader line
 * to what it is attached to. FALSE: no such note. */
gboolean          topo_spatial_index_note_reach     (TopoSpatialIndex *index, TopoDocument *doc,
                                                     const char *id, TopoRect *reach);

/* Tests: a and b hold the same grids, geometry, routes and runs (an index updated build after
 * build against one built from scratch). */
gboolean          _topo_spatial_index_equal         (TopoSpatialIndex *a, TopoSpatialIndex *b);

/* The route of a link between two cards that are not in an index (e.g. a removed link drawn by
 * the diff overlay): the plain shapes, around no obstacle. from_group, to_group are their RGs'
 * bounds (NULL when unknown: a curve is used); salt (the link index) spreads links that would
 * share a gap between RGs. Links of a document use topo_spatial_index_link_route. */
void              topo_link_route_compute   (TopoLinkType type, guint salt,
                                             const TopoRect *from, const TopoRect *from_group,
                                             const TopoRect *to, const TopoRect *to_group,
                                             TopoLinkRoute *route);

G_END_DECLS
