/* topo-interaction.h: what a pointer or key gesture on the canvas does to a design, without a
 * toolkit
 *
 * The canvas turns events into design coordinates and calls these; the rules live here: what a
 * move, resize or connect drag means (reparenting, changing lane, keeping cards apart), where a
 * dropped or added resource lands, which link lies under the pointer. A gesture is one undo step
 * (begin opens it, finish closes it, cancel takes everything back); the layout invariants of
 * topo-edit.h hold when it closes.
 *
 * Coordinates are absolute design coordinates (TopoResource.bounds), after topo_layout_update.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

typedef enum
{
  TOPO_GESTURE_MOVE,
  TOPO_GESTURE_RESIZE,
  TOPO_GESTURE_CONNECT,
} TopoGestureKind;

typedef enum
{
  TOPO_CORNER_NW,
  TOPO_CORNER_NE,
  TOPO_CORNER_SW,
  TOPO_CORNER_SE,
} TopoCorner;

typedef struct _TopoGesture TopoGesture;

/* Moves the selection (children of a selected group move with it and are left out; notes keep
 * their attachment, and follow what they are attached to when that moves too). Cards follow
 * the pointer live; a move that includes a group is previewed (topo_gesture_get_offset) and
 * applied at finish, since a group moved live would grow its lane under the pointer. At finish a
 * card whose centre is over another group moves into it, a group whose centre is over another
 * lane moves to that region, and a card left on top of another goes to the nearest free spot.
 * Refused (finish FALSE, nothing changed) when a card would end outside every group. */
TopoGesture     *topo_gesture_begin_move      (TopoDocument *doc, const char *const *selection,
                                               double x, double y);
/* Resizes a group by a corner; the cards keep their place and the group cannot shrink below
 * them or below the minimum size. */
TopoGesture     *topo_gesture_begin_resize    (TopoDocument *doc, const char *group,
                                               TopoCorner corner, double x, double y);
/* Draws a link from source to the card under the pointer at finish, in whichever direction the
 * format allows (storage → workspace makes workspace → storage). */
TopoGesture     *topo_gesture_begin_connect   (TopoDocument *doc, const char *source,
                                               double x, double y);
/* grid > 0 snaps the offset (move) or the moved edges (resize) to multiples of grid. */
void             topo_gesture_update          (TopoGesture *gesture, double x, double y,
                                               double grid);
/* Closes the undo step. FALSE with the reason when the gesture is refused; then nothing changed. */
gboolean         topo_gesture_finish          (TopoGesture *gesture, GError **error);
/* Takes back everything the gesture did. */
void             topo_gesture_cancel          (TopoGesture *gesture);
/* Cancels a gesture neither finished nor cancelled. */
void             topo_gesture_free            (TopoGesture *gesture);

TopoGestureKind  topo_gesture_get_kind        (TopoGesture *gesture);
/* Move: the ids that move; resize: the group; connect: the source. */
const char *const *topo_gesture_get_ids       (TopoGesture *gesture);
/* Move: whether the move is previewed rather than applied live, and the offset so far. */
gboolean         topo_gesture_is_preview      (TopoGesture *gesture);
void             topo_gesture_get_offset      (TopoGesture *gesture, double *dx, double *dy);
/* Move of a group: the lane it would land in (-1: none). */
int              topo_gesture_get_target_lane (TopoGesture *gesture);
/* Connect: the card under the pointer (NULL: none) and whether a link to it is allowed. */
const char      *topo_gesture_get_target      (TopoGesture *gesture, gboolean *allowed);
/* Connect, after a successful finish: the new link's index (-1 when nothing was connected). */
int              topo_gesture_get_link        (TopoGesture *gesture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoGesture, topo_gesture_free)

/* The ids of a selection that a move moves: children of a selected group are left out. */
GStrv            topo_interaction_movable     (TopoDocument *doc, const char *const *selection);

/* Where a resource of kind dropped at (x, y) would go. TRUE: zone is the lane (group) or the group
 * (card) it lands in. FALSE: zone is the outline the refused resource would have at the pointer,
 * and error says why and where it can go. */
gboolean         topo_interaction_drop_zone   (TopoDocument *doc, TopoKind kind, double x,
                                               double y, TopoRect *zone, GError **error);
/* Adds a resource dropped at (x, y): a group with its top-left corner at the pointer, a card at
 * the free spot nearest the pointer in the group under it (which grows to fit). One undo step.
 * Returns the new id or NULL with the reason. */
const char      *topo_interaction_drop        (TopoDocument *doc, TopoKind kind, double x,
                                               double y, double grid, GError **error);
/* Adds a resource without a pointer (palette activation) next to anchor (a selected resource,
 * may be NULL): a card at the free spot nearest the anchor in the anchor's group, a group in the
 * anchor's lane (else the first lane) right of the others. */
const char      *topo_interaction_add         (TopoDocument *doc, TopoKind kind,
                                               const char *anchor, GError **error);
/* The free spot for a w × h card in group nearest (want_x, want_y), relative to the group, at
 * least TOPO_CARD_GAP_X / _Y away from the group's other cards (except those in ignore, may be NULL),
 * inside the content area (possibly past the group's right or bottom edge: it grows). */
void             topo_interaction_free_spot   (TopoDocument *doc, const char *group,
                                               GHashTable *ignore, double w, double h,
                                               double want_x, double want_y,
                                               double *x, double *y);

/* Notes. A note dropped at (x, y) is attached to the card under the pointer, else to the link
 * there, else to the group, else it is free on the lane; outside the lanes it is refused. zone is
 * what it would be on (or, refused, the note's outline at the pointer). */
gboolean         topo_interaction_note_drop_zone (TopoDocument *doc, double x, double y,
                                                  TopoRect *zone, GError **error);
/* Adds a note with text dropped at (x, y) (one undo step): on a card it hangs right of it at the
 * pointer's height, otherwise its top-left corner is at the pointer. Returns its id or NULL. */
const char      *topo_interaction_drop_note   (TopoDocument *doc, double x, double y,
                                               const char *text, double grid, GError **error);
/* Adds a note without a pointer: attached to anchor (a resource id), else free on the first lane. */
const char      *topo_interaction_add_note    (TopoDocument *doc, const char *anchor,
                                               const char *text, GError **error);

/* The link drawn under (x, y) within tolerance, or -1 (the route the renderer draws). */
int              topo_interaction_link_at     (TopoDocument *doc, double x, double y,
                                               double tolerance);
/* Whether a and b can be linked in some direction. */
gboolean         topo_interaction_can_connect (TopoDocument *doc, const char *a, const char *b);
/* Links a and b in whichever direction the format allows; the new link's index in link_index. */
gboolean         topo_interaction_connect     (TopoDocument *doc, const char *a, const char *b,
                                               int *link_index, GError **error);
/* Arrow keys: moves the selection by dx, dy as one step. A card stays in its group (its left and
 * top stop at the content area, its group grows right and down); a group stops at its lane's
 * left and top edges and pushes the groups it reaches aside. */
void             topo_interaction_nudge       (TopoDocument *doc, const char *const *selection,
                                               double dx, double dy);

G_END_DECLS
