/* test-interaction.c: the canvas' editing rules in the core (topo-interaction.h, the layout
 * invariants of topo-edit.c), without a display, and a property test of random gestures
 *
 * TOPO_TEST_SEED=N runs the property test with seed N as well as the fixed one;
 * TOPO_TEST_STEPS=N changes its length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "topo.h"
#include "topo-spatial-index.h"

static char *
snapshot (TopoDocument *doc)
{
  return topo_format_to_data (doc, NULL);
}

/* Two lanes; in westeurope two groups side by side: A (workspace, storage, key vault) and B
 * (storage); northeurope empty. */
static TopoDocument *
make_document (void)
{
  TopoDocument *doc = topo_document_new ();
  const char *lanes[] = { "westeurope", "northeurope", NULL };
  g_autofree char *a = NULL, *b = NULL;

  topo_document_set_lanes (doc, lanes);
  a = g_strdup (topo_edit_add_resource (doc, TOPO_KIND_RESOURCE_GROUP, NULL, "westeurope", 16, 16, NULL));
  b = g_strdup (topo_edit_add_resource (doc, TOPO_KIND_RESOURCE_GROUP, NULL, "westeurope", 480, 16, NULL));
  g_assert_nonnull (topo_edit_add_resource (doc, TOPO_KIND_WORKSPACE, a, NULL, 16, 56, NULL));
  g_assert_nonnull (topo_edit_add_resource (doc, TOPO_KIND_STORAGE, a, NULL, 200, 56, NULL));
  g_assert_nonnull (topo_edit_add_resource (doc, TOPO_KIND_KEY_VAULT, a, NULL, 16, 136, NULL));
  g_assert_nonnull (topo_edit_add_resource (doc, TOPO_KIND_STORAGE, b, NULL, 16, 56, NULL));
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);
  topo_layout_update (doc);
  return doc;
}

static const TopoResource *
nth_of_kind (TopoDocument *doc,
             TopoKind      kind,
             guint         nth)
{
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == kind && nth-- == 0)
        return r;
    }
  return NULL;
}

/* The invariants; FALSE with a description of the first one broken. */
static gboolean
invariants_hold (TopoDocument  *doc,
                 char         **why)
{
  guint n = topo_document_get_n_resources (doc);

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      const TopoResource *rg;
      double w, h;

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          if (r->layout.w < TOPO_GROUP_MIN_WIDTH || r->layout.h < TOPO_GROUP_MIN_HEIGHT ||
              r->layout.x < 0 || r->layout.y < 0)
            {
              *why = g_strdup_printf ("group %s at %g,%g size %g×%g", r->id, r->layout.x,
                                      r->layout.y, r->layout.w, r->layout.h);
              return FALSE;
            }
          for (guint j = i + 1; j < n; j++)
            {
              const TopoResource *o = topo_document_get_resource (doc, j);

              if (o->kind == TOPO_KIND_RESOURCE_GROUP && g_strcmp0 (o->region, r->region) == 0 &&
                  topo_rect_intersects (&o->layout, &r->layout))
                {
                  *why = g_strdup_printf ("groups %s and %s overlap in %s", r->id, o->id, r->region);
                  return FALSE;
                }
            }
          continue;
        }
      rg = topo_document_get_group_of (doc, r);
      if (rg == NULL)
        continue;
      topo_layout_card_size (r->kind, &w, &h);
      if (r->layout.x < TOPO_GROUP_PADDING || r->layout.y < TOPO_GROUP_HEADER ||
          r->layout.x + w + TOPO_GROUP_PADDING > rg->layout.w ||
          r->layout.y + h + TOPO_GROUP_PADDING > rg->layout.h)
        {
          *why = g_strdup_printf ("card %s at %g,%g outside its group %s (%g×%g)", r->id,
                                  r->layout.x, r->layout.y, rg->id, rg->layout.w, rg->layout.h);
          return FALSE;
        }
    }
  /* Notes: on something that exists, inside their lane (right of its label, below its top). */
  topo_layout_update (doc);
  for (guint i = 0; i < topo_document_get_n_notes (doc); i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);
      int lane = topo_layout_note_lane (doc, note);
      const TopoRect *lb;

      if ((note->attach != NULL && topo_document_lookup (doc, note->attach) == NULL) ||
          (note->link_from != NULL &&
           topo_document_find_link (doc, note->link_type, note->link_from, note->link_to) < 0))
        {
          *why = g_strdup_printf ("note %s is on something gone", note->id);
          return FALSE;
        }
      if (lane < 0)
        continue;
      lb = &topo_layout_get_lane (doc, lane)->bounds;
      if (note->bounds.x < lb->x + TOPO_LANE_HEADER_WIDTH - 1e-6 || note->bounds.y < lb->y - 1e-6)
        {
          *why = g_strdup_printf ("note %s at %g,%g outside its lane (%g,%g)", note->id,
                                  note->bounds.x, note->bounds.y, lb->x, lb->y);
          return FALSE;
        }
    }
  return TRUE;
}

static void
assert_invariants (TopoDocument *doc)
{
  g_autofree char *why = NULL;

  if (!invariants_hold (doc, &why))
    g_error ("invariant broken: %s", why);
}

/* A drag as a mouse makes it: press, small steps, release. */
static gboolean
drag (TopoGesture  *gesture,
      double        x0,
      double        y0,
      double        x1,
      double        y1,
      GError      **error)
{
  for (int i = 1; i <= 8; i++)
    topo_gesture_update (gesture, x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * i / 8, 8);
  return topo_gesture_finish (gesture, error);
}

static gboolean
move (TopoDocument  *doc,
      const char    *id,
      double         dx,
      double         dy,
      GError       **error)
{
  const TopoResource *r = topo_document_lookup (doc, id);
  const char *sel[] = { id, NULL };
  double x, y;
  g_autoptr(TopoGesture) gesture = NULL;

  topo_layout_update (doc);
  /* a group is grabbed by its title band, a card anywhere */
  x = r->bounds.x + r->bounds.w / 2;
  y = r->bounds.y + (r->kind == TOPO_KIND_RESOURCE_GROUP ? 12 : r->bounds.h / 2);
  gesture = topo_gesture_begin_move (doc, sel, x, y);
  return drag (gesture, x, y, x + dx, y + dy, error);
}

static void
test_move_card (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (doc);
  g_autofree char *after_undo = NULL;
  const TopoResource *ws = nth_of_kind (doc, TOPO_KIND_WORKSPACE, 0);
  g_autofree char *id = g_strdup (ws->id);
  double ox = ws->layout.x, oy = ws->layout.y;

  /* right into free space: snapped to the grid, one step */
  g_assert_true (move (doc, id, 3, 9, &error));
  g_assert_no_error (error);
  ws = topo_document_lookup (doc, id);
  g_assert_cmpfloat (ws->layout.x, ==, ox);
  g_assert_cmpfloat (ws->layout.y, ==, oy + 8);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 1);
  assert_invariants (doc);
  g_assert_true (topo_document_undo (doc));
  after_undo = snapshot (doc);
  g_assert_cmpstr (after_undo, ==, before);

  /* cancelled half-way: exactly as before, no step */
  {
    const char *sel[] = { id, NULL };
    g_autoptr(TopoGesture) gesture = topo_gesture_begin_move (doc, sel, 100, 100);
    g_autofree char *now = NULL;

    topo_gesture_update (gesture, 180, 140, 8);
    g_assert_cmpfloat (topo_document_lookup (doc, id)->layout.x, ==, ox + 80);
    topo_gesture_cancel (gesture);
    now = snapshot (doc);
    g_assert_cmpstr (now, ==, before);
    g_assert_false (topo_document_can_undo (doc));
  }
}

/* A card dropped on another card goes to the free spot nearest where it was dropped. */
static void
test_move_card_onto_card (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *kv = nth_of_kind (doc, TOPO_KIND_KEY_VAULT, 0);
  const TopoResource *st = nth_of_kind (doc, TOPO_KIND_STORAGE, 0);
  g_autofree char *kv_id = g_strdup (kv->id);
  double sx = st->layout.x, sy = st->layout.y;
  TopoRect a, b;

  g_assert_true (move (doc, kv_id, st->bounds.x - kv->bounds.x + 8, st->bounds.y - kv->bounds.y + 8, &error));
  kv = topo_document_lookup (doc, kv_id);
  st = nth_of_kind (doc, TOPO_KIND_STORAGE, 0);
  g_assert_cmpfloat (st->layout.x, ==, sx);
  g_assert_cmpfloat (st->layout.y, ==, sy);
  a = (TopoRect) { kv->layout.x, kv->layout.y, TOPO_CARD_WIDTH, TOPO_CARD_HEIGHT };
  b = (TopoRect) { st->layout.x, st->layout.y, TOPO_CARD_WIDTH, TOPO_CARD_HEIGHT };
  g_assert_false (topo_rect_intersects (&a, &b));
  /* nearest: within one card of the drop point, not the group's next free slot */
  g_assert_cmpfloat (hypot (kv->layout.x - (sx + 8), kv->layout.y - (sy + 8)), <=,
                     TOPO_CARD_HEIGHT + TOPO_CARD_GAP_Y + 8);
  assert_invariants (doc);
}

static void
test_reparent_and_refuse (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *b = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 1);
  const TopoResource *kv = nth_of_kind (doc, TOPO_KIND_KEY_VAULT, 0);
  g_autofree char *kv_id = g_strdup (kv->id);
  g_autofree char *b_id = g_strdup (b->id);
  g_autofree char *before = NULL, *after = NULL;
  const TopoLane *lane1;

  /* centre over group B: it moves into B */
  g_assert_true (move (doc, kv_id, b->bounds.x + 24 - kv->bounds.x, b->bounds.y + 130 - kv->bounds.y, &error));
  g_assert_cmpstr (topo_document_lookup (doc, kv_id)->group, ==, b_id);
  assert_invariants (doc);

  /* out of every group (onto the empty lane): refused, nothing changed */
  before = snapshot (doc);
  topo_layout_update (doc);
  lane1 = topo_layout_get_lane (doc, 1);
  kv = topo_document_lookup (doc, kv_id);
  g_assert_false (move (doc, kv_id, lane1->bounds.x + 600 - kv->bounds.x, lane1->bounds.y + 90 - kv->bounds.y, &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED);
  after = snapshot (doc);
  g_assert_cmpstr (after, ==, before);
}

static void
test_group_changes_lane (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *a = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  g_autofree char *a_id = g_strdup (a->id);
  const TopoLane *lane0 = topo_layout_get_lane (doc, 0);
  const TopoLane *lane1 = topo_layout_get_lane (doc, 1);
  double dy = lane1->bounds.y - lane0->bounds.y;

  g_assert_true (move (doc, a_id, 40, dy, &error));
  g_assert_cmpstr (topo_document_lookup (doc, a_id)->region, ==, "northeurope");
  g_assert_cmpstr (nth_of_kind (doc, TOPO_KIND_WORKSPACE, 0)->group, ==, a_id);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 1);
  assert_invariants (doc);
  g_assert_true (topo_document_undo (doc));
  g_assert_cmpstr (topo_document_lookup (doc, a_id)->region, ==, "westeurope");
}

/* D4: a group moved onto another covers neither its header nor its cards: the other moves
 * aside, the mover stays where it was dropped, the lane grows. */
static void
test_groups_never_overlap (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *a = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  const TopoResource *b = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 1);
  g_autofree char *a_id = g_strdup (a->id);
  g_autofree char *b_id = g_strdup (b->id);
  g_autofree char *before = snapshot (doc);
  g_autofree char *undone = NULL;
  double lane_h = topo_layout_get_lane (doc, 0)->bounds.h;
  double ax, ay;

  /* B dragged so its box lands on A's header, half-way across */
  g_assert_true (move (doc, b_id, a->bounds.x + 100 - b->bounds.x, a->bounds.y + 20 - b->bounds.y, &error));
  a = topo_document_lookup (doc, a_id);
  b = topo_document_lookup (doc, b_id);
  g_assert_false (topo_rect_intersects (&a->layout, &b->layout));
  ax = a->layout.x;
  ay = a->layout.y;
  /* B is where it was dropped (snapped): A moved */
  g_assert_cmpfloat (fabs (b->layout.x - 116), <=, 8);
  g_assert_true (ax != 16 || ay != 16);
  topo_layout_update (doc);
  g_assert_cmpfloat (topo_layout_get_lane (doc, 0)->bounds.h, >=, lane_h);
  assert_invariants (doc);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 1);
  g_assert_true (topo_document_undo (doc));
  undone = snapshot (doc);
  g_assert_cmpstr (undone, ==, before);

  /* the same through the edit layer directly (inspector, scripts): still apart */
  {
    const char *ids[] = { b_id, NULL };

    topo_edit_move (doc, ids, -400, 0);
    assert_invariants (doc);
  }
}

static void
test_cards_stay_inside (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *st = nth_of_kind (doc, TOPO_KIND_STORAGE, 0);
  const TopoResource *rg = topo_document_get_group_of (doc, st);
  g_autofree char *st_id = g_strdup (st->id);
  g_autofree char *rg_id = g_strdup (rg->id);
  double w = rg->layout.w;

  /* past the group's right edge, centre still inside: the group grows */
  g_assert_true (move (doc, st_id, 60, 0, &error));
  st = topo_document_lookup (doc, st_id);
  rg = topo_document_lookup (doc, rg_id);
  g_assert_cmpstr (st->group, ==, rg_id);
  g_assert_cmpfloat (rg->layout.w, >, w);
  assert_invariants (doc);

  /* into the title band: pushed below it */
  g_assert_true (move (doc, st_id, 0, -40, &error));
  g_assert_cmpfloat (topo_document_lookup (doc, st_id)->layout.y, >=, TOPO_GROUP_HEADER);
  assert_invariants (doc);
}

static void
test_resize_stops_at_cards (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *rg = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  g_autofree char *id = g_strdup (rg->id);
  const TopoResource *ws = nth_of_kind (doc, TOPO_KIND_WORKSPACE, 0);
  g_autofree char *ws_id = g_strdup (ws->id);
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;
  double wx = ws->bounds.x, wy = ws->bounds.y;
  double tight_w = rg->layout.w, tight_h = rg->layout.h;   /* the cards fill it */
  g_autoptr(TopoGesture) gesture = NULL;

  {
    TopoRect r = { rg->layout.x, rg->layout.y, tight_w + 200, tight_h + 100 };

    g_assert_true (topo_edit_resize_group (doc, id, &r, &error));
    topo_document_clear_history (doc);
    topo_layout_update (doc);
    rg = topo_document_lookup (doc, id);
    before = snapshot (doc);
  }

  /* south-east corner dragged far up-left: stops at the cards */
  gesture = topo_gesture_begin_resize (doc, id, TOPO_CORNER_SE, rg->bounds.x + rg->bounds.w,
                                       rg->bounds.y + rg->bounds.h);
  g_assert_true (drag (gesture, rg->bounds.x + rg->bounds.w, rg->bounds.y + rg->bounds.h,
                       rg->bounds.x + 50, rg->bounds.y + 50, &error));
  g_assert_cmpfloat (topo_document_lookup (doc, id)->layout.w, ==, tight_w);
  g_assert_cmpfloat (topo_document_lookup (doc, id)->layout.h, ==, tight_h);
  assert_invariants (doc);
  g_clear_pointer (&gesture, topo_gesture_free);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 1);
  g_assert_true (topo_document_undo (doc));
  undone = snapshot (doc);
  g_assert_cmpstr (undone, ==, before);

  /* north-west corner dragged right and down: the cards keep their place on the canvas */
  topo_layout_update (doc);
  rg = topo_document_lookup (doc, id);
  gesture = topo_gesture_begin_resize (doc, id, TOPO_CORNER_NW, rg->bounds.x, rg->bounds.y);
  g_assert_true (drag (gesture, rg->bounds.x, rg->bounds.y, rg->bounds.x + 300, rg->bounds.y + 300, &error));
  topo_layout_update (doc);
  ws = topo_document_lookup (doc, ws_id);
  g_assert_cmpfloat (ws->bounds.x, ==, wx);
  g_assert_cmpfloat (ws->bounds.y, ==, wy);
  assert_invariants (doc);
}

static void
test_drop_nearest_free_spot (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *b = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 1);
  g_autofree char *b_id = g_strdup (b->id);
  const TopoResource *added;
  const char *id;
  TopoRect zone;
  double px, py;

  /* make B large, then drop far from its top-left: the card lands under the pointer, not in
   * the group's next free slot */
  {
    TopoRect r = b->layout;

    r.w = 800;
    r.h = 400;
    g_assert_true (topo_edit_resize_group (doc, b_id, &r, &error));
  }
  topo_layout_update (doc);
  b = topo_document_lookup (doc, b_id);
  px = b->bounds.x + 600;
  py = b->bounds.y + 300;
  g_assert_true (topo_interaction_drop_zone (doc, TOPO_KIND_KEY_VAULT, px, py, &zone, &error));
  g_assert_cmpfloat (zone.x, ==, b->bounds.x);
  id = topo_interaction_drop (doc, TOPO_KIND_KEY_VAULT, px, py, 8, &error);
  g_assert_no_error (error);
  added = topo_document_lookup (doc, id);
  g_assert_cmpstr (added->group, ==, b_id);
  g_assert_cmpfloat (fabs (added->layout.x + TOPO_CARD_WIDTH / 2 - 600), <=, 8);
  g_assert_cmpfloat (fabs (added->layout.y + TOPO_CARD_HEIGHT / 2 - 300), <=, 8);

  /* dropped onto that card: next to it, close to the pointer */
  id = topo_interaction_drop (doc, TOPO_KIND_APP_INSIGHTS, px, py, 8, &error);
  g_assert_no_error (error);
  added = topo_document_lookup (doc, id);
  g_assert_cmpfloat (hypot (added->layout.x + TOPO_CARD_WIDTH / 2 - 600,
                            added->layout.y + TOPO_CARD_HEIGHT / 2 - 300), <=,
                     TOPO_CARD_HEIGHT + TOPO_CARD_GAP_Y + 8);
  assert_invariants (doc);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 3);

  /* palette activation: next to the selected card */
  {
    g_autofree char *anchor = g_strdup (id);
    const TopoResource *a;

    id = topo_interaction_add (doc, TOPO_KIND_CONTAINER_REGISTRY, anchor, &error);
    g_assert_no_error (error);
    added = topo_document_lookup (doc, id);
    a = topo_document_lookup (doc, anchor);
    g_assert_cmpstr (added->group, ==, b_id);
    g_assert_cmpfloat (hypot (added->layout.x - a->layout.x, added->layout.y - a->layout.y), <=,
                       TOPO_CARD_WIDTH + TOPO_CARD_GAP_X);
    assert_invariants (doc);
  }
}

/* D3: refused drops have an outline to show in red and a reason that says where to go. */
static void
test_refused_drops (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (doc);
  g_autofree char *after = NULL;
  TopoRect extent = topo_layout_get_extent (doc);
  const TopoLane *lane1 = topo_layout_get_lane (doc, 1);
  TopoRect zone;

  /* a resource group below the lanes */
  g_assert_false (topo_interaction_drop_zone (doc, TOPO_KIND_RESOURCE_GROUP, 400,
                                              extent.y + extent.h + 60, &zone, &error));
  g_assert_cmpfloat (zone.w, >=, TOPO_GROUP_MIN_WIDTH);
  g_assert_cmpfloat (zone.h, >=, TOPO_GROUP_MIN_HEIGHT);
  g_assert_nonnull (strstr (error->message, "lane"));
  g_clear_error (&error);
  g_assert_null (topo_interaction_drop (doc, TOPO_KIND_RESOURCE_GROUP, 400,
                                        extent.y + extent.h + 60, 8, &error));
  g_assert_nonnull (strstr (error->message, "lane"));
  g_clear_error (&error);

  /* a workspace on a lane outside any group */
  g_assert_false (topo_interaction_drop_zone (doc, TOPO_KIND_WORKSPACE, lane1->bounds.x + 500,
                                              lane1->bounds.y + 80, &zone, &error));
  g_assert_cmpfloat (zone.w, ==, TOPO_CARD_WIDTH);
  g_assert_cmpstr (error->message, ==, "Put a workspace inside a resource group: drop it onto a group’s box.");
  g_clear_error (&error);
  g_assert_null (topo_interaction_drop (doc, TOPO_KIND_WORKSPACE, lane1->bounds.x + 500,
                                        lane1->bounds.y + 80, 8, &error));
  g_clear_error (&error);
  after = snapshot (doc);
  g_assert_cmpstr (after, ==, before);

  /* a group on a lane goes there, at the pointer, and pushes nothing into overlap */
  g_assert_nonnull (topo_interaction_drop (doc, TOPO_KIND_RESOURCE_GROUP, lane1->bounds.x + 500,
                                           lane1->bounds.y + 30, 8, &error));
  g_assert_no_error (error);
  assert_invariants (doc);
}

static void
test_connect_either_way (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  g_autoptr(GError) error = NULL;
  const TopoResource *ws = nth_of_kind (doc, TOPO_KIND_WORKSPACE, 0);
  const TopoResource *st = nth_of_kind (doc, TOPO_KIND_STORAGE, 0);
  const TopoResource *kv = nth_of_kind (doc, TOPO_KIND_KEY_VAULT, 0);
  g_autofree char *ws_id = g_strdup (ws->id);
  g_autofree char *st_id = g_strdup (st->id);
  g_autoptr(TopoGesture) gesture = NULL;
  const TopoLink *link;
  gboolean allowed = FALSE;
  int index = -1;

  /* dragged from the storage account to the workspace: workspace → storage */
  gesture = topo_gesture_begin_connect (doc, st_id, st->bounds.x + 10, st->bounds.y + 10);
  topo_gesture_update (gesture, ws->bounds.x + 20, ws->bounds.y + 20, 8);
  g_assert_cmpstr (topo_gesture_get_target (gesture, &allowed), ==, ws_id);
  g_assert_true (allowed);
  g_assert_true (topo_gesture_finish (gesture, &error));
  g_assert_cmpint (topo_gesture_get_link (gesture), ==, 0);
  link = topo_document_get_link (doc, 0);
  g_assert_cmpint (link->type, ==, TOPO_LINK_DATASTORE);
  g_assert_cmpstr (link->from, ==, ws_id);
  g_assert_cmpstr (link->to, ==, st_id);

  /* the link as drawn is hit; empty space is not */
  {
    const TopoLinkRoute *rt = topo_spatial_index_link_route (topo_spatial_index_get (doc), 0);
    double mx = rt->curve ? (rt->x[0] + 3 * rt->x[1] + 3 * rt->x[2] + rt->x[3]) / 8 : (rt->x[0] + rt->x[1]) / 2;
    double my = rt->curve ? (rt->y[0] + 3 * rt->y[1] + 3 * rt->y[2] + rt->y[3]) / 8 : (rt->y[0] + rt->y[1]) / 2;

    g_assert_cmpint (topo_interaction_link_at (doc, mx, my, 4), ==, 0);
    g_assert_cmpint (topo_interaction_link_at (doc, mx, my + 300, 4), ==, -1);
  }

  /* refused, with a short reason and the right article */
  g_assert_false (topo_interaction_can_connect (doc, kv->id, ws_id));
  {
    g_autoptr(TopoDocument) aks_doc = make_document ();
    const char *rg = nth_of_kind (aks_doc, TOPO_KIND_RESOURCE_GROUP, 0)->id;
    g_autofree char *aks = g_strdup (topo_edit_add_resource (aks_doc, TOPO_KIND_AKS, rg, NULL, 16, 220, NULL));
    const char *kv2 = nth_of_kind (aks_doc, TOPO_KIND_KEY_VAULT, 0)->id;

    g_assert_false (topo_interaction_connect (aks_doc, aks, kv2, &index, &error));
    g_assert_cmpint (index, ==, -1);
    g_assert_cmpstr (error->message, ==,
                     "Cannot link an AKS cluster to a key vault: links start at a workspace or a storage account.");
    g_assert_null (strstr (error->message, "a AKS"));
    g_assert_cmpuint (g_utf8_strlen (error->message, -1), <=, 100);
  }
}

static void
test_rename_team (void)
{
  g_autoptr(TopoDocument) doc = topo_templates_load ("contoso", NULL);
  g_autoptr(GError) error = NULL;
  const TopoTeam *team = topo_document_get_team (doc, 0);
  g_autofree char *old_id = g_strdup (team->id);
  guint uses = 0, uses_after = 0;

  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    uses += topo_resource_get_access (topo_document_get_resource (doc, i), old_id) != TOPO_ROLE_UNSET;
  g_assert_cmpuint (uses, >, 0);
  g_assert_true (topo_edit_rename_team (doc, old_id, "renamed-team", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (topo_document_get_team (doc, 0)->id, ==, "renamed-team");
  g_assert_null (topo_document_lookup_team (doc, old_id));
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    uses_after += topo_resource_get_access (topo_document_get_resource (doc, i), "renamed-team") != TOPO_ROLE_UNSET;
  g_assert_cmpuint (uses_after, ==, uses);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 1);
  g_assert_false (topo_edit_rename_team (doc, "renamed-team", "bad id!", &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (topo_document_undo (doc));
  g_assert_cmpstr (topo_document_get_team (doc, 0)->id, ==, old_id);
}

/* D6: arrow keys keep a card in its group; a group nudged into its neighbour pushes it aside. */
static void
test_nudge (void)
{
  g_autoptr(TopoDocument) doc = make_document ();
  const TopoResource *ws = nth_of_kind (doc, TOPO_KIND_WORKSPACE, 0);
  const TopoResource *st = nth_of_kind (doc, TOPO_KIND_STORAGE, 0);
  const TopoResource *a = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  const TopoResource *b = nth_of_kind (doc, TOPO_KIND_RESOURCE_GROUP, 1);
  g_autofree char *ws_id = g_strdup (ws->id);
  g_autofree char *st_id = g_strdup (st->id);
  g_autofree char *a_id = g_strdup (a->id);
  g_autofree char *b_id = g_strdup (b->id);
  const char *sel_ws[] = { ws_id, NULL };
  const char *sel_st[] = { st_id, NULL };
  const char *sel_a[] = { a_id, NULL };
  guint steps;

  /* left and up, many times: it stops at the content area, and a nudge against the edge is no
   * undo step */
  for (int i = 0; i < 20; i++)
    {
      topo_interaction_nudge (doc, sel_ws, -8, -8);
      assert_invariants (doc);
    }
  ws = topo_document_lookup (doc, ws_id);
  g_assert_cmpfloat (ws->layout.x, ==, TOPO_GROUP_PADDING);
  g_assert_cmpfloat (ws->layout.y, ==, TOPO_GROUP_HEADER);
  g_assert_cmpstr (ws->group, ==, a_id);
  steps = topo_document_get_n_undo_steps (doc);
  topo_interaction_nudge (doc, sel_ws, -8, 0);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps);

  /* right, many times: still in its group, which grows (and pushes B aside) */
  for (int i = 0; i < 40; i++)
    {
      topo_interaction_nudge (doc, sel_st, 40, 0);
      assert_invariants (doc);
    }
  st = topo_document_lookup (doc, st_id);
  g_assert_cmpstr (st->group, ==, a_id);

  /* group A nudged right into B: B moves aside */
  for (int i = 0; i < 40; i++)
    {
      topo_interaction_nudge (doc, sel_a, 40, 0);
      assert_invariants (doc);
    }
  a = topo_document_lookup (doc, a_id);
  b = topo_document_lookup (doc, b_id);
  g_assert_false (topo_rect_intersects (&a->layout, &b->layout));
}

/* Files break the invariants too: loading keeps the file as written (the CLI and diff see it),
 * topo_edit_enforce_all (the window, on opening) tidies it as one step. */
static void
test_load_restores_invariants (void)
{
  static const char *text =
    "{ \"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],"
    "  \"resources\": ["
    "    { \"id\": \"rg-a\", \"type\": \"resource-group\", \"region\": \"westeurope\","
    "      \"layout\": { \"x\": 0, \"y\": 0, \"w\": 400, \"h\": 200 } },"
    "    { \"id\": \"rg-b\", \"type\": \"resource-group\", \"region\": \"westeurope\","
    "      \"layout\": { \"x\": 100, \"y\": 20, \"w\": 400, \"h\": 200 } },"
    "    { \"id\": \"st-a\", \"type\": \"storage\", \"group\": \"rg-a\","
    "      \"layout\": { \"x\": 0, \"y\": 0 } },"
    "    { \"id\": \"kv-a\", \"type\": \"key-vault\", \"group\": \"rg-a\","
    "      \"layout\": { \"x\": 500, \"y\": 300 } } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "overlap.topograph", &error);
  g_autofree char *why = NULL;

  g_assert_no_error (error);
  g_assert_false (invariants_hold (doc, &why));
  topo_edit_enforce_all (doc);
  assert_invariants (doc);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 1);
  /* already tidy: no step */
  topo_edit_enforce_all (doc);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 1);
}

/* Property test */

typedef struct
{
  guint gestures, refused, cancelled, undos;
} Stats;

static const char *
random_id (TopoDocument *doc,
           GRand        *rand,
           int           want_group)   /* 1 groups, 0 cards, -1 either */
{
  guint n = topo_document_get_n_resources (doc);

  for (int tries = 0; n > 0 && tries < 50; tries++)
    {
      const TopoResource *r = topo_document_get_resource (doc, g_rand_int_range (rand, 0, n));

      if (want_group < 0 || (want_group == 1) == (r->kind == TOPO_KIND_RESOURCE_GROUP))
        return r->id;
    }
  return NULL;
}

static void
random_point (TopoDocument *doc,
              GRand        *rand,
              double       *x,
              double       *y)
{
  TopoRect e = topo_layout_get_extent (doc);

  *x = g_rand_double_range (rand, e.x - 50, e.x + e.w + 100);
  *y = g_rand_double_range (rand, e.y - 50, e.y + e.h + 150);
}

static const char *
random_note (TopoDocument *doc,
             GRand        *rand)
{
  guint n = topo_document_get_n_notes (doc);

  return n > 0 ? topo_document_get_note (doc, g_rand_int_range (rand, 0, n))->id : NULL;
}

/* One random gesture; returns TRUE when it left an undo step to check. */
static gboolean
random_gesture (TopoDocument *doc,
                GRand        *rand,
                Stats        *stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoGesture) gesture = NULL;
  guint steps = topo_document_get_n_undo_steps (doc);
  double x0, y0, x1, y1;

  topo_layout_update (doc);
  switch (g_rand_int_range (rand, 0, 10))
    {
    case 7:   /* a Note dropped from the palette anywhere */
      random_point (doc, rand, &x0, &y0);
      if (topo_interaction_drop_note (doc, x0, y0, g_rand_boolean (rand) ? "" : "**why?**",
                                      g_rand_boolean (rand) ? 8 : 0, &error) == NULL)
        stats->refused++;
      break;

    case 8:   /* a note dragged, alone or with what it is on */
      {
        const char *sel[3] = { random_note (doc, rand), NULL, NULL };
        const TopoNote *note;

        if (sel[0] == NULL)
          return FALSE;
        note = topo_document_lookup_note (doc, sel[0]);
        if (g_rand_int_range (rand, 0, 3) == 0)
          sel[1] = note->attach != NULL ? note->attach : random_id (doc, rand, -1);
        x0 = note->bounds.x + 10;
        y0 = note->bounds.y + 10;
        if (g_rand_boolean (rand))
          random_point (doc, rand, &x1, &y1);
        else
          {
            x1 = x0 + g_rand_double_range (rand, -300, 300);
            y1 = y0 + g_rand_double_range (rand, -300, 300);
          }
        gesture = topo_gesture_begin_move (doc, sel, x0, y0);
        if (!drag (gesture, x0, y0, x1, y1, &error))
          stats->refused++;
      }
      break;

    case 9:   /* a note nudged, or deleted */
      {
        const char *sel[] = { random_note (doc, rand), NULL };

        if (sel[0] == NULL)
          return FALSE;
        if (g_rand_int_range (rand, 0, 4) == 0)
          topo_edit_remove (doc, sel);
        else
          topo_interaction_nudge (doc, sel, 8 * g_rand_int_range (rand, -3, 3), 8 * g_rand_int_range (rand, -3, 3));
      }
      break;

    case 0:   /* move one to three items */
    case 1:
      {
        const char *sel[4] = { NULL };
        guint k = g_rand_int_range (rand, 1, 4);
        const TopoResource *first;

        for (guint i = 0; i < k; i++)
          sel[i] = random_id (doc, rand, g_rand_int_range (rand, 0, 4) == 0 ? 1 : -1);
        if (sel[0] == NULL)
          return FALSE;
        /* no duplicates; the list ends at the first gap */
        for (guint i = 1; i < k; i++)
          for (guint j = 0; j < i && sel[i] != NULL; j++)
            if (sel[j] == NULL || g_strcmp0 (sel[j], sel[i]) == 0)
              sel[i] = NULL;
        first = topo_document_lookup (doc, sel[0]);
        x0 = first->bounds.x + first->bounds.w / 2;
        y0 = first->bounds.y + 10;
        if (g_rand_boolean (rand))
          random_point (doc, rand, &x1, &y1);
        else
          {
            x1 = x0 + g_rand_double_range (rand, -300, 300);
            y1 = y0 + g_rand_double_range (rand, -200, 200);
          }
        gesture = topo_gesture_begin_move (doc, sel, x0, y0);
        if (g_rand_int_range (rand, 0, 10) == 0)
          {
            topo_gesture_update (gesture, x1, y1, 8);
            topo_gesture_cancel (gesture);
            stats->cancelled++;
            return FALSE;
          }
        if (!drag (gesture, x0, y0, x1, y1, &error))
          stats->refused++;
      }
      break;

    case 2:   /* resize */
      {
        const char *id = random_id (doc, rand, 1);
        const TopoResource *rg;
        TopoCorner corner = g_rand_int_range (rand, 0, 4);

        if (id == NULL)
          return FALSE;
        rg = topo_document_lookup (doc, id);
        x0 = corner == TOPO_CORNER_NE || corner == TOPO_CORNER_SE ? rg->bounds.x + rg->bounds.w : rg->bounds.x;
        y0 = corner == TOPO_CORNER_SW || corner == TOPO_CORNER_SE ? rg->bounds.y + rg->bounds.h : rg->bounds.y;
        gesture = topo_gesture_begin_resize (doc, id, corner, x0, y0);
        g_assert_true (drag (gesture, x0, y0, x0 + g_rand_double_range (rand, -400, 400),
                             y0 + g_rand_double_range (rand, -300, 300), &error));
      }
      break;

    case 3:   /* palette drop anywhere */
      random_point (doc, rand, &x0, &y0);
      if (topo_interaction_drop (doc, g_rand_int_range (rand, 0, TOPO_N_KINDS), x0, y0,
                                 g_rand_boolean (rand) ? 8 : 0, &error) == NULL)
        stats->refused++;
      break;

    case 4:   /* palette activation next to a selection */
      if (topo_interaction_add (doc, g_rand_int_range (rand, 0, TOPO_N_KINDS),
                                random_id (doc, rand, -1), &error) == NULL)
        stats->refused++;
      break;

    case 5:   /* connect by dragging between two cards */
      {
        const char *a = random_id (doc, rand, 0);
        const char *b = random_id (doc, rand, 0);
        const TopoResource *ra, *rb;

        if (a == NULL || b == NULL)
          return FALSE;
        ra = topo_document_lookup (doc, a);
        rb = topo_document_lookup (doc, b);
        gesture = topo_gesture_begin_connect (doc, a, ra->bounds.x + 5, ra->bounds.y + 5);
        if (!drag (gesture, ra->bounds.x + 5, ra->bounds.y + 5, rb->bounds.x + rb->bounds.w / 2,
                   rb->bounds.y + rb->bounds.h / 2, &error))
          stats->refused++;
      }
      break;

    case 6:   /* arrow keys */
    default:
      {
        const char *sel[] = { random_id (doc, rand, g_rand_int_range (rand, 0, 3) == 0 ? 1 : 0),
                              random_id (doc, rand, -1), NULL };
        int mult = g_rand_boolean (rand) ? 1 : 5;

        if (sel[0] == NULL)
          return FALSE;
        if (g_rand_boolean (rand))
          sel[1] = NULL;
        topo_interaction_nudge (doc, sel, 8 * mult * g_rand_int_range (rand, -1, 2),
                                8 * mult * g_rand_int_range (rand, -1, 2));
      }
      break;
    }
  stats->gestures++;
  return topo_document_get_n_undo_steps (doc) > steps;
}

/* A Note from the palette lands on the card, link, group or lane under the pointer; moved, it
 * keeps its attachment (a free one changes lane); it follows a moved card. */
static void
test_note_gestures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_templates_load ("contoso", &error);
  const TopoResource *st;
  const TopoResource *rg;
  const TopoLane *lane;
  TopoRect zone;
  const char *id;
  const TopoNote *note;
  int link;
  const TopoLinkRoute *rt;

  g_assert_no_error (error);
  topo_layout_update (doc);
  st = topo_document_lookup (doc, "st-data-churn-dev");
  rg = topo_document_lookup (doc, "rg-churn-dev");
  lane = topo_layout_get_lane (doc, 0);
  link = topo_document_find_link (doc, TOPO_LINK_DATASTORE, "mlw-churn-dev", "st-data-churn-dev");
  /* on a card */
  g_assert_true (topo_interaction_note_drop_zone (doc, st->bounds.x + 20, st->bounds.y + 20, &zone, &error));
  g_assert_cmpfloat (zone.x, ==, st->bounds.x);
  id = topo_interaction_drop_note (doc, st->bounds.x + 20, st->bounds.y + 20, "On the card", 0, &error);
  g_assert_no_error (error);
  note = topo_document_lookup_note (doc, id);
  g_assert_cmpstr (note->attach, ==, "st-data-churn-dev");
  topo_layout_update (doc);
  g_assert_cmpfloat (note->bounds.x, ==, st->bounds.x + st->bounds.w + TOPO_NOTE_GAP);
  assert_invariants (doc);

  /* on a link: a point of its route */
  g_assert_cmpint (link, >=, 0);
  rt = topo_spatial_index_link_route (topo_spatial_index_get (doc), link);
  {
    double lx = rt->curve ? (rt->x[0] + 3 * rt->x[1] + 3 * rt->x[2] + rt->x[3]) / 8 : (rt->x[0] + rt->x[1]) / 2;
    double ly = rt->curve ? (rt->y[0] + 3 * rt->y[1] + 3 * rt->y[2] + rt->y[3]) / 8 : (rt->y[0] + rt->y[1]) / 2;

    id = topo_interaction_drop_note (doc, lx, ly, "On the link", 0, &error);
    g_assert_no_error (error);
    note = topo_document_lookup_note (doc, id);
    g_assert_true (topo_note_on_link (note));
    g_assert_cmpstr (note->link_from, ==, "mlw-churn-dev");
  }

  /* on a group's empty area */
  topo_layout_update (doc);
  rg = topo_document_lookup (doc, "rg-churn-dev");
  id = topo_interaction_drop_note (doc, rg->bounds.x + rg->bounds.w - 10, rg->bounds.y + 20, "On the group", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (topo_document_lookup_note (doc, id)->attach, ==, "rg-churn-dev");

  /* free on the lane, where it was dropped; outside the lanes refused */
  lane = topo_layout_get_lane (doc, 0);
  id = topo_interaction_drop_note (doc, lane->bounds.x + lane->bounds.w - 240, lane->bounds.y + lane->bounds.h - 60,
                                   "Free", 8, &error);
  g_assert_no_error (error);
  note = topo_document_lookup_note (doc, id);
  g_assert_true (topo_note_is_free (note));
  g_assert_cmpstr (note->region, ==, "westeurope");
  g_assert_null (topo_interaction_drop_note (doc, -500, -500, "Nowhere", 0, &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (topo_interaction_note_drop_zone (doc, -500, -500, &zone, &error));
  g_clear_error (&error);
  assert_invariants (doc);

  /* The card moves: its note follows. The note dragged alone keeps its attachment. */
  {
    g_autofree char *card_note = g_strdup (topo_document_get_note (doc, 0)->id);
    double nx, cx;

    topo_layout_update (doc);
    nx = topo_document_lookup_note (doc, card_note)->bounds.x;
    cx = topo_document_lookup (doc, "st-data-churn-dev")->bounds.x;
    g_assert_true (move (doc, "st-data-churn-dev", 0, 96, &error));
    topo_layout_update (doc);
    g_assert_cmpfloat (topo_document_lookup_note (doc, card_note)->bounds.x - nx, ==,
                       topo_document_lookup (doc, "st-data-churn-dev")->bounds.x - cx);
    {
      const char *sel[] = { card_note, NULL };
      g_autoptr(TopoGesture) gesture = NULL;

      note = topo_document_lookup_note (doc, card_note);
      gesture = topo_gesture_begin_move (doc, sel, note->bounds.x + 5, note->bounds.y + 5);
      g_assert_true (drag (gesture, note->bounds.x + 5, note->bounds.y + 5, note->bounds.x + 85,
                           note->bounds.y + 45, &error));
      g_assert_cmpstr (topo_document_lookup_note (doc, card_note)->attach, ==, "st-data-churn-dev");
      g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Move");
    }
  }

  /* A free note dragged out of every lane is refused and stays. */
  {
    const TopoNote *free_note = NULL;
    g_autoptr(TopoGesture) gesture = NULL;
    const char *sel[2] = { NULL, NULL };
    g_autofree char *before = NULL, *after = NULL;

    for (guint i = 0; i < topo_document_get_n_notes (doc); i++)
      if (topo_note_is_free (topo_document_get_note (doc, i)))
        free_note = topo_document_get_note (doc, i);
    g_assert_nonnull (free_note);
    sel[0] = free_note->id;
    before = snapshot (doc);
    gesture = topo_gesture_begin_move (doc, sel, free_note->bounds.x + 5, free_note->bounds.y + 5);
    g_assert_false (drag (gesture, free_note->bounds.x + 5, free_note->bounds.y + 5,
                          free_note->bounds.x + 5, free_note->bounds.y + 5000, &error));
    g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED);
    after = snapshot (doc);
    g_assert_cmpstr (before, ==, after);
  }
}

static void
run_property (TopoDocument *doc,
              guint32       seed,
              guint         n_steps)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Stats stats = { 0 };

  assert_invariants (doc);
  for (guint step = 0; step < n_steps; step++)
    {
      g_autofree char *before = snapshot (doc);
      g_autofree char *after = NULL;
      g_autofree char *why = NULL;
      gboolean made_step;

      if (g_rand_int_range (rand, 0, 12) == 0 && topo_document_can_undo (doc))
        {
          /* undo, then redo or leave it undone */
          g_assert_true (topo_document_undo (doc));
          if (!invariants_hold (doc, &why))
            g_error ("seed %u step %u: after undo: %s", seed, step, why);
          if (g_rand_boolean (rand))
            g_assert_true (topo_document_redo (doc));
          stats.undos++;
          continue;
        }

      made_step = random_gesture (doc, rand, &stats);
      if (!invariants_hold (doc, &why))
        g_error ("seed %u step %u: %s", seed, step, why);
      after = snapshot (doc);
      if (!made_step)
        {
          /* refused, cancelled or no change: exactly as before */
          if (g_strcmp0 (before, after) != 0)
            g_error ("seed %u step %u: a gesture without an undo step changed the design", seed, step);
          continue;
        }
      /* undo returns the exact previous document, redo the exact result */
      g_assert_true (topo_document_undo (doc));
      {
        g_autofree char *undone = snapshot (doc);

        if (g_strcmp0 (undone, before) != 0)
          g_error ("seed %u step %u: undo did not restore the design", seed, step);
      }
      g_assert_true (topo_document_redo (doc));
      {
        g_autofree char *redone = snapshot (doc);

        if (g_strcmp0 (redone, after) != 0)
          g_error ("seed %u step %u: redo did not restore the result", seed, step);
      }
    }
  g_test_message ("seed %u: %u gestures (%u refused, %u cancelled), %u undos", seed,
                  stats.gestures, stats.refused, stats.cancelled, stats.undos);
  g_assert_cmpuint (stats.gestures, >, n_steps / 2);
}

static guint
property_steps (void)
{
  const char *env = g_getenv ("TOPO_TEST_STEPS");

  return env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 600;
}

static void
property_seeds (guint32 *seeds,
                guint   *n_seeds)
{
  const char *env = g_getenv ("TOPO_TEST_SEED");

  seeds[0] = 20261203;
  *n_seeds = 1;
  if (env != NULL && *env != '\0')
    seeds[(*n_seeds)++] = (guint32) g_ascii_strtoull (env, NULL, 10);
}

static void
test_property_generated (void)
{
  guint32 seeds[2];
  guint n_seeds;

  property_seeds (seeds, &n_seeds);
  for (guint s = 0; s < n_seeds; s++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (120, seeds[s]);

      run_property (doc, seeds[s], property_steps ());
    }
}

static void
test_property_samples (void)
{
  guint n_templates;
  const TopoTemplateInfo *templates = topo_templates_get_all (&n_templates);
  guint32 seeds[2];
  guint n_seeds;

  property_seeds (seeds, &n_seeds);
  for (guint s = 0; s < n_seeds; s++)
    for (guint t = 0; t < n_templates; t++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(TopoDocument) doc = topo_templates_load (templates[t].name, &error);

        g_assert_no_error (error);
        /* as the window opens it */
        topo_edit_enforce_all (doc);
        topo_document_clear_history (doc);
        run_property (doc, seeds[s] + t, property_steps () / 2);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/interaction/move-card", test_move_card);
  g_test_add_func ("/topo/interaction/note-gestures", test_note_gestures);
  g_test_add_func ("/topo/interaction/move-card-onto-card", test_move_card_onto_card);
  g_test_add_func ("/topo/interaction/reparent-and-refuse", test_reparent_and_refuse);
  g_test_add_func ("/topo/interaction/group-changes-lane", test_group_changes_lane);
  g_test_add_func ("/topo/interaction/groups-never-overlap", test_groups_never_overlap);
  g_test_add_func ("/topo/interaction/cards-stay-inside", test_cards_stay_inside);
  g_test_add_func ("/topo/interaction/resize-stops-at-cards", test_resize_stops_at_cards);
  g_test_add_func ("/topo/interaction/drop-nearest-free-spot", test_drop_nearest_free_spot);
  g_test_add_func ("/topo/interaction/refused-drops", test_refused_drops);
  g_test_add_func ("/topo/interaction/connect-either-way", test_connect_either_way);
  g_test_add_func ("/topo/interaction/rename-team", test_rename_team);
  g_test_add_func ("/topo/interaction/nudge", test_nudge);
  g_test_add_func ("/topo/interaction/load-restores-invariants", test_load_restores_invariants);
  g_test_add_func ("/topo/interaction/property-generated", test_property_generated);
  g_test_add_func ("/topo/interaction/property-samples", test_property_samples);
  return g_test_run ();
}
