/* topo-layout.h: geometry of a design (absolute bounds, lane bands) and automatic layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

/* Geometry constants, in design units (1 unit = 1 px at 100 %). */
#define TOPO_LANE_HEADER_WIDTH  168.0   /* lane label column on the left */
#define TOPO_LANE_PADDING        24.0   /* around the RGs inside a lane */
#define TOPO_LANE_MIN_HEIGHT    200.0
#define TOPO_LANE_GAP             0.0
#define TOPO_GROUP_HEADER        44.0   /* RG title band */
#define TOPO_GROUP_PADDING       16.0
#define TOPO_GROUP_MIN_WIDTH    200.0
#define TOPO_GROUP_MIN_HEIGHT   120.0
#define TOPO_GRID_GAP            16.0   /* the nudge and snap step */
/* Between cards placed automatically: wide enough for a link and its R/W pill (17 units) to
 * show on both sides of the pill. */
#define TOPO_CARD_GAP_X          56.0
#define TOPO_CARD_GAP_Y          40.0
/* Automatic layout starts a new row of RGs in a lane rather than pass this width (RG area, right
 * of the label column): about a 1920-pixel screen at 100 %, so a lane reads without panning. */
#define TOPO_LANE_MAX_WIDTH    1800.0

typedef struct
{
  const char *region;       /* belongs to the document */
  TopoRect    bounds;       /* absolute */
  gboolean    implicit;     /* a region used by an RG but missing from "lanes" */
} TopoLane;

/* Recomputes every resource's bounds (TopoResource.bounds, absolute) and the lane bands if the
 * document changed since the last call. O(resources). */
void            topo_layout_update          (TopoDocument *doc);
/* Whether a change may alter what topo_layout_update or the spatial index compute (bounds, lanes,
 * notes, link routes and how links are drawn). FALSE for the changes that touch none of what they
 * read: teams, the policy, the design's name. Such changes leave topo_document_get_layout_serial
 * alone, so the layout and the index are not rebuilt after them. Conservative: TRUE when unsure
 * (a resource, link or note change replaces a struct whose bounds the layout fills in). */
gboolean        topo_change_affects_layout  (const TopoChange *change);
guint           topo_layout_get_n_lanes     (TopoDocument *doc);
const TopoLane *topo_layout_get_lane        (TopoDocument *doc, guint index);
int             topo_layout_lane_index      (TopoDocument *doc, const char *region);   /* -1 */
/* Whole design extent (lanes included). */
TopoRect        topo_layout_get_extent      (TopoDocument *doc);
/* Hit tests on absolute coordinates: the lane, the innermost RG, the topmost resource card. */
int             topo_layout_lane_at         (TopoDocument *doc, double x, double y);
const TopoResource *topo_layout_group_at    (TopoDocument *doc, double x, double y);
const TopoResource *topo_layout_resource_at (TopoDocument *doc, double x, double y);

/* Notes. The lane a note belongs to (a free note's region, its target's RG's lane), -1 if none. */
int             topo_layout_note_lane       (TopoDocument *doc, const TopoNote *note);
/* The point an attached note hangs from: a resource's top-left corner, the middle between a link's
 * two cards. FALSE for a free note or a missing target. */
gboolean        topo_layout_note_anchor     (TopoDocument *doc, const TopoNote *note, double *x,
                                             double *y);
/* The topmost note at a point (notes are drawn over everything else), or NULL. */
const TopoNote *topo_layout_note_at         (TopoDocument *doc, double x, double y);
/* A note card's height for its text at TOPO_NOTE_WIDTH, shaped as the renderer draws it. */
double          _topo_note_height           (const TopoNote *note);
/* Where a note laid out at its bounds may be drawn at any zoom: its card, and zoomed out the
 * chip with its first words, which reaches past the card (damage, the spatial index). */
void            _topo_note_extent           (const TopoNote *note, TopoRect *rect);

/* Places resources that have no layout (has_layout FALSE), directly in the document structs —
 * the loader calls it before the document has history. RGs left to right in their lane, in rows
 * no wider than TOPO_LANE_MAX_WIDTH; resources on a grid inside their RG (TOPO_CARD_GAP_X/Y
 * apart), no overlaps, deterministic, O(resources). Grows RGs without layout to fit their
 * content. */
void            topo_layout_auto            (TopoDocument *doc);
/* A free spot for a new card inside an RG (relative to the RG), or for a new RG in a lane. */
void            topo_layout_free_spot       (TopoDocument *doc, const char *group_or_null,
                                             const char *region, double *x, double *y);

/* Card size of a resource (RGs use their layout w, h). */
void            topo_layout_card_size       (TopoKind kind, double *w, double *h);

gboolean        topo_rect_contains          (const TopoRect *r, double x, double y);
gboolean        topo_rect_intersects        (const TopoRect *a, const TopoRect *b);

G_END_DECLS
