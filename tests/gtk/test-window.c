/* test-window.c: the real window, driven through its controllers' signals (STYLE.md §4.2)
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; prints a TAP skip when there is no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "topo-application.h"
#include "topo-arm-export.h"
#include "topo-canvas-private.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-generator.h"
#include "topo-layout.h"
#include "topo-note-editor.h"
#include "topo-regions.h"
#include "topo-renderer.h"
#include "topo-spatial-index.h"
#include "topo-validator.h"
#include "topo-vm-size-chooser.h"
#include "topo-window-private.h"
#include "gtk-test-init.h"

/* A design with two lanes, one RG holding a workspace, a storage account and a key vault. */
static TopoDocument *
make_document (void)
{
  TopoDocument *doc = topo_document_new ();
  const char *lanes[] = { "westeurope", "northeurope", NULL };
  const char *rg, *ws, *st, *kv;


  topo_document_set_lanes (doc, lanes);
  rg = topo_edit_add_resource (doc, TOPO_KIND_RESOURCE_GROUP, NULL, "westeurope", 16, 16, NULL);
  g_assert_nonnull (rg);
  rg = g_strdup (rg);
  ws = topo_edit_add_resource (doc, TOPO_KIND_WORKSPACE, rg, NULL, 16, 56, NULL);
  g_assert_nonnull (ws);
  st = topo_edit_add_resource (doc, TOPO_KIND_STORAGE, rg, NULL, 232, 56, NULL);
  g_assert_nonnull (st);
  kv = topo_edit_add_resource (doc, TOPO_KIND_KEY_VAULT, rg, NULL, 16, 136, NULL);
  g_assert_nonnull (kv);
  g_free ((char *) rg);
  topo_edit_set_name (doc, "Test design");
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);
  return doc;
}

static const char *
first_of_kind (TopoDocument *doc,
               TopoKind      kind)
{
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    if (topo_document_get_resource (doc, i)->kind == kind)
      return topo_document_get_resource (doc, i)->id;
  return NULL;
}

#define RG first_of_kind (f->doc, TOPO_KIND_RESOURCE_GROUP)

static void run_for (guint ms);
typedef struct _Fixture Fixture;
static gboolean selection_is (Fixture *f, const char *id);

struct _Fixture
{
  TopoWindow   *window;
  TopoCanvas   *canvas;
  TopoDocument *doc;
  gboolean      closed;
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TopoDocument) doc = make_document ();

  f->window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  topo_window_set_document (f->window, doc, NULL);
  f->doc = topo_window_get_document (f->window);
  f->canvas = _topo_window_get_canvas (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->canvas));
  /* identity view: widget coordinates = design coordinates */
  topo_canvas_set_view (f->canvas, 1.0, 0, 0);
  topo_layout_update (f->doc);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *dialog;

  if (f->closed)
    return;
  dialog = _topo_window_get_dialog (f->window);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
drag (Fixture *f,
      double   x0,
      double   y0,
      double   x1,
      double   y1)
{
  GtkGesture *gesture = _topo_canvas_get_drag_gesture (f->canvas);

  g_signal_emit_by_name (gesture, "drag-begin", x0, y0);
  g_signal_emit_by_name (gesture, "drag-update", (x1 - x0) / 2, (y1 - y0) / 2);
  g_signal_emit_by_name (gesture, "drag-update", x1 - x0, y1 - y0);
  g_signal_emit_by_name (gesture, "drag-end", x1 - x0, y1 - y0);
}

static void
click (Fixture *f,
       double   x,
       double   y)
{
  drag (f, x, y, x, y);
}

/* Real X input (xdotool under Xvfb): the events go through the X server and GTK's whole event
 * pipeline (focus, popovers, grabs, key bindings), which emitting controller signals skips. */

static gboolean
xinput_available (Fixture *f)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (f->window))) && xdotool != NULL)
    return TRUE;
#endif
  g_test_skip ("needs an X11 display and xdotool");
  return FALSE;
}

static void
xdo (const char *format,
     ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) argv = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  command = g_strconcat ("xdotool ", args, NULL);
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  /* what GTK asked of the X server (a popover unmapped and its pointer grab released, say) must
   * be there before the input: otherwise a click lands on a popover that is already closed here
   * (GTK then reports the grab broken, and a double-click loses its first click) */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gdk_display_sync (gdk_display_get_default ());
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* let GTK read and dispatch what the X server now holds */
  run_for (120);
}

/* The machine may be busy: give the event loop up to 3 s to get there. */
#define WAIT_UNTIL(cond) \
  G_STMT_START { for (int wait_i_ = 0; wait_i_ < 60 && !(cond); wait_i_++) run_for (50); } G_STMT_END

#ifdef GDK_WINDOWING_X11
static gulong
xid_of (GtkWidget *widget)
{
  return gdk_x11_surface_get_xid (gtk_native_get_surface (gtk_widget_get_native (widget)));
}
#endif

/* Moves the pointer to (x, y) in widget's coordinates, through the X server. */
static void
xdo_move (GtkWidget *widget,
          double     x,
          double     y)
{
#ifdef GDK_WINDOWING_X11
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double tx, ty;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (native, &tx, &ty);
  /* no --sync: it waits for a motion that never comes when the pointer is already there */
  xdo ("mousemove --window %lu %d %d", xid_of (widget), (int) (p.x + tx), (int) (p.y + ty));
#endif
}

/* Gives the window the X keyboard focus (there is no window manager under Xvfb). */
static void
xdo_focus (Fixture *f)
{
#ifdef GDK_WINDOWING_X11
  xdo ("windowfocus --sync %lu", xid_of (GTK_WIDGET (f->window)));
#endif
}

/* The widget with the keyboard focus in widget's window (a popover is its own root). */
static GtkWidget *
focus_in (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

/* Whether widget is focus or holds it (GtkEntry focuses its inner GtkText). */
static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = focus_in (widget);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
palette_drop (Fixture  *f,
              TopoKind  kind,
              double    x,
              double    y)
{
  TopoPalette *palette = _topo_window_get_palette (f->window);
  GtkDragSource *source = topo_palette_get_drag_source (palette, kind);
  GtkDropTarget *target = _topo_canvas_get_drop_target (f->canvas);
  g_autoptr(GdkContentProvider) provider = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_signal_emit_by_name (source, "prepare", 4.0, 4.0, &provider);
  g_assert_nonnull (provider);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (provider, &value, NULL));
  g_assert_true (g_str_has_prefix (g_value_get_string (&value), "palette:"));
  g_signal_emit_by_name (target, "drop", &value, x, y, &handled);
  return handled;
}

static void
test_palette_drop (Fixture       *f,
                   gconstpointer  data)
{
  const TopoResource *rg = topo_document_lookup (f->doc, RG);
  const TopoLane *lane1;
  guint n = topo_document_get_n_resources (f->doc);
  g_auto(GStrv) sel = NULL;
  const TopoResource *added;

  /* an AKS cluster dropped on the RG's empty bottom-right corner goes into that RG */
  g_assert_true (palette_drop (f, TOPO_KIND_AKS, rg->bounds.x + rg->bounds.w - 90,
                               rg->bounds.y + rg->bounds.h - 40));
  g_assert_cmpuint (topo_document_get_n_resources (f->doc), ==, n + 1);
  sel = topo_canvas_get_selection (f->canvas);
  g_assert_cmpuint (g_strv_length (sel), ==, 1);
  added = topo_document_lookup (f->doc, sel[0]);
  g_assert_nonnull (added);
  g_assert_cmpint (added->kind, ==, TOPO_KIND_AKS);
  g_assert_cmpstr (added->group, ==, RG);

  /* a resource dropped outside any RG is refused with a message */
  lane1 = topo_layout_get_lane (f->doc, 1);
  g_assert_false (palette_drop (f, TOPO_KIND_STORAGE, lane1->bounds.x + 400,
                                lane1->bounds.y + 100));
  g_assert_cmpuint (topo_document_get_n_resources (f->doc), ==, n + 1);
  g_assert_cmpstr (_topo_window_get_last_message (f->window), ==,
                   "Put a storage account inside a resource group: drop it onto a group’s box.");

  /* an RG dropped on the second lane is created in that region */
  g_assert_true (palette_drop (f, TOPO_KIND_RESOURCE_GROUP, lane1->bounds.x + 400,
                               lane1->bounds.y + 30));
  g_clear_pointer (&sel, g_strfreev);
  sel = topo_canvas_get_selection (f->canvas);
  added = topo_document_lookup (f->doc, sel[0]);
  g_assert_cmpint (added->kind, ==, TOPO_KIND_RESOURCE_GROUP);
  g_assert_cmpstr (added->region, ==, "northeurope");

  /* each drop is one undo step */
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, 2);
  g_assert_true (topo_document_undo (f->doc));
  g_assert_true (topo_document_undo (f->doc));
  g_assert_cmpuint (topo_document_get_n_resources (f->doc), ==, n);
  g_assert_false (topo_document_get_modified (f->doc));
}

static void
test_move_group_to_lane (Fixture       *f,
                         gconstpointer  data)
{
  const TopoResource *rg = topo_document_lookup (f->doc, RG);
  const TopoLane *lane0 = topo_layout_get_lane (f->doc, 0);
  const TopoLane *lane1 = topo_layout_get_lane (f->doc, 1);
  double x = rg->bounds.x + rg->bounds.w / 2;
  double y = rg->bounds.y + 12;   /* the RG's title band: not a card, not a corner */
  double dy = lane1->bounds.y - lane0->bounds.y;
  guint steps = topo_document_get_n_undo_steps (f->doc);
  g_auto(GStrv) sel = NULL;

  g_assert_cmpstr (rg->region, ==, "westeurope");
  drag (f, x, y, x + 40, y + dy);

  rg = topo_document_lookup (f->doc, RG);
  g_assert_cmpstr (rg->region, ==, "northeurope");
  sel = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (sel, ((const char *[]) { RG, NULL }));
  /* the whole gesture is one undo step, children came along */
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_cmpstr (topo_document_lookup (f->doc, first_of_kind (f->doc, TOPO_KIND_WORKSPACE))->group,
                   ==, RG);
  g_assert_true (topo_document_undo (f->doc));
  g_assert_cmpstr (topo_document_lookup (f->doc, RG)->region, ==, "westeurope");
}

static void
test_move_and_cancel (Fixture       *f,
                      gconstpointer  data)
{
  const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
  const TopoResource *res = topo_document_lookup (f->doc, ws);
  double x = res->bounds.x + 20, y = res->bounds.y + 20;
  double ox = res->layout.x, oy = res->layout.y;
  GtkGesture *gesture = _topo_canvas_get_drag_gesture (f->canvas);

  /* a move inside the RG snaps to the 8-unit grid (clear of the key vault below) */
  drag (f, x, y, x + 13, y + 10);
  res = topo_document_lookup (f->doc, ws);
  g_assert_cmpfloat (res->layout.x, ==, ox + 16);
  g_assert_cmpfloat (res->layout.y, ==, oy + 8);
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, 1);

  /* Escape in the middle of a drag reverts it and leaves no step */
  x = res->bounds.x + 20;
  y = res->bounds.y + 20;
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", 48.0, 0.0);
  g_assert_cmpfloat (topo_document_lookup (f->doc, ws)->layout.x, ==, ox + 16 + 48);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.cancel", NULL));
  g_signal_emit_by_name (gesture, "drag-end", 48.0, 0.0);
  g_assert_cmpfloat (topo_document_lookup (f->doc, ws)->layout.x, ==, ox + 16);
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, 1);

  /* arrow keys nudge by one grid step, Shift by five */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.nudge", "(ii)", 1, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.nudge", "(ii)", 0, 5));
  res = topo_document_lookup (f->doc, ws);
  g_assert_cmpfloat (res->layout.x, ==, ox + 24);
  g_assert_cmpfloat (res->layout.y, ==, oy + 8 + 40);
}

static void
test_reparent_by_drag (Fixture       *f,
                       gconstpointer  data)
{
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const TopoResource *res;
  const TopoResource *rg2;
  const char *rg2_id;
  const TopoLane *lane1 = topo_layout_get_lane (f->doc, 1);
  double x, y;

  rg2_id = topo_edit_add_resource (f->doc, TOPO_KIND_RESOURCE_GROUP, NULL, "northeurope", 16, 16, NULL);
  g_assert_nonnull (rg2_id);
  topo_layout_update (f->doc);
  rg2 = topo_document_lookup (f->doc, rg2_id);
  res = topo_document_lookup (f->doc, st);
  lane1 = topo_layout_get_lane (f->doc, 1);
  g_assert_true (topo_rect_contains (&lane1->bounds, rg2->bounds.x + 1, rg2->bounds.y + 1));
  x = res->bounds.x + 10;
  y = res->bounds.y + 10;
  drag (f, x, y,
        rg2->bounds.x + rg2->bounds.w / 2 - res->bounds.w / 2 + 10,
        rg2->bounds.y + rg2->bounds.h / 2 - res->bounds.h / 2 + 10);
  res = topo_document_lookup (f->doc, st);
  g_assert_cmpstr (res->group, ==, rg2_id);

  /* dragging a card out of every RG is refused and reverted */
  res = topo_document_lookup (f->doc, st);
  x = res->bounds.x + 10;
  y = res->bounds.y + 10;
  drag (f, x, y, lane1->bounds.x + lane1->bounds.w - 30, y);
  g_assert_cmpstr (topo_document_lookup (f->doc, st)->group, ==, rg2_id);
  g_assert_nonnull (_topo_window_get_last_message (f->window));
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const char *kv = first_of_kind (f->doc, TOPO_KIND_KEY_VAULT);
  const TopoResource *w = topo_document_lookup (f->doc, ws);
  const TopoResource *s = topo_document_lookup (f->doc, st);
  const TopoResource *k = topo_document_lookup (f->doc, kv);
  const TopoLink *link;
  double hx, hy;

  /* select the workspace, then drag from its connect handle to the storage account */
  click (f, w->bounds.x + 20, w->bounds.y + 20);
  g_assert_true (_topo_canvas_get_connect_handle (f->canvas, ws, &hx, &hy));
  drag (f, hx, hy, s->bounds.x + 30, s->bounds.y + 20);
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 1);
  link = topo_document_get_link (f->doc, 0);
  g_assert_cmpint (link->type, ==, TOPO_LINK_DATASTORE);
  g_assert_cmpstr (link->from, ==, ws);
  g_assert_cmpstr (link->to, ==, st);
  g_assert_cmpint (topo_canvas_get_selected_link (f->canvas), ==, 0);

  /* workspace → key vault is not a link the format allows: refused with the reason */
  click (f, w->bounds.x + 20, w->bounds.y + 20);
  drag (f, hx, hy, k->bounds.x + 30, k->bounds.y + 20);
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 1);
  g_assert_nonnull (_topo_window_get_last_message (f->window));

  /* with the connect tool a drag from anywhere on a card connects */
  g_object_set (f->canvas, "connect-mode", TRUE, NULL);
  drag (f, s->bounds.x + 30, s->bounds.y + 20, w->bounds.x + 30, w->bounds.y + 20);
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 1);   /* storage → workspace: refused */
  g_object_set (f->canvas, "connect-mode", FALSE, NULL);

  /* a click on the link as drawn selects it */
  topo_canvas_set_selection (f->canvas, NULL);
  {
    const TopoLinkRoute *rt = topo_spatial_index_link_route (topo_spatial_index_get (f->doc), 0);
    double mx, my;

    if (rt->curve)
      {
        mx = (rt->x[0] + 3 * rt->x[1] + 3 * rt->x[2] + rt->x[3]) / 8;
        my = (rt->y[0] + 3 * rt->y[1] + 3 * rt->y[2] + rt->y[3]) / 8;
      }
    else
      {
        mx = (rt->x[0] + rt->x[1]) / 2;
        my = (rt->y[0] + rt->y[1]) / 2;
      }
    g_assert_null (topo_layout_resource_at (f->doc, mx, my));
    click (f, mx, my);
    g_assert_cmpint (topo_canvas_get_selected_link (f->canvas), ==, 0);
  }

  /* undo removes the link; Delete removes a selected link */
  g_assert_true (topo_document_undo (f->doc));
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 0);
  g_assert_true (topo_document_redo (f->doc));
  topo_canvas_select_link (f->canvas, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.delete", NULL));
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 0);
}

/* A card moved onto another card, or past its group's left edge, ends inside the group and off
 * the other cards. */
static void
test_move_keeps_cards_apart (Fixture       *f,
                             gconstpointer  data)
{
  const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const TopoResource *w = topo_document_lookup (f->doc, ws);
  const TopoResource *s = topo_document_lookup (f->doc, st);
  const TopoResource *rg = topo_document_lookup (f->doc, RG);
  double sx = s->bounds.x + 20, sy = s->bounds.y + 20;

  drag (f, sx, sy, sx - (s->bounds.x - w->bounds.x) + 6, sy + 4);
  topo_layout_update (f->doc);
  w = topo_document_lookup (f->doc, ws);
  s = topo_document_lookup (f->doc, st);
  rg = topo_document_lookup (f->doc, RG);
  g_assert_false (topo_rect_intersects (&w->bounds, &s->bounds));   /* was mostly on top */
  g_assert_cmpfloat (s->bounds.x, >=, rg->bounds.x + TOPO_GROUP_PADDING);
  g_assert_cmpfloat (s->bounds.x + s->bounds.w, <=, rg->bounds.x + rg->bounds.w);
  g_assert_cmpfloat (s->bounds.y + s->bounds.h, <=, rg->bounds.y + rg->bounds.h);
  /* the move and its corrections are one undo step */
  g_assert_true (topo_document_undo (f->doc));
  g_assert_false (topo_document_can_undo (f->doc));

  /* past the left edge, still over the group: pulled back into the content area */
  topo_layout_update (f->doc);
  s = topo_document_lookup (f->doc, st);
  rg = topo_document_lookup (f->doc, RG);
  sx = s->bounds.x + 20;
  sy = s->bounds.y + 20;
  drag (f, sx, sy, rg->bounds.x + 10, sy);
  topo_layout_update (f->doc);
  s = topo_document_lookup (f->doc, st);
  rg = topo_document_lookup (f->doc, RG);
  g_assert_cmpfloat (s->bounds.x, >=, rg->bounds.x + TOPO_GROUP_PADDING);
  g_assert_cmpfloat (s->bounds.y, >=, rg->bounds.y + TOPO_GROUP_HEADER);
}

/* Dragging from the storage account to the workspace means the workspace's datastore link. */
static void
test_connect_reversed (Fixture       *f,
                       gconstpointer  data)
{
  const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const TopoResource *w = topo_document_lookup (f->doc, ws);
  const TopoResource *s = topo_document_lookup (f->doc, st);
  const TopoLink *link;

  g_object_set (f->canvas, "connect-mode", TRUE, NULL);
  drag (f, s->bounds.x + 30, s->bounds.y + 20, w->bounds.x + 30, w->bounds.y + 20);
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 1);
  link = topo_document_get_link (f->doc, 0);
  g_assert_cmpint (link->type, ==, TOPO_LINK_DATASTORE);
  g_assert_cmpstr (link->from, ==, ws);
  g_assert_cmpstr (link->to, ==, st);
  /* one undo step */
  g_assert_true (topo_document_undo (f->doc));
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 0);
}

static void
test_rubber_band_and_delete (Fixture       *f,
                             gconstpointer  data)
{
  const TopoResource *rg = topo_document_lookup (f->doc, RG);
  const TopoLane *lane0 = topo_layout_get_lane (f->doc, 0);
  g_auto(GStrv) sel = NULL;
  guint n = topo_document_get_n_resources (f->doc);

  /* from the empty lane left of... below the RG, around everything in it */
  drag (f, lane0->bounds.x + lane0->bounds.w - 5, lane0->bounds.y + 2,
        rg->bounds.x - 4, rg->bounds.y + rg->bounds.h + 4);
  sel = topo_canvas_get_selection (f->canvas);
  g_assert_cmpuint (g_strv_length (sel), ==, n);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.delete", NULL));
  g_assert_cmpuint (topo_document_get_n_resources (f->doc), ==, 0);
  g_assert_true (topo_document_undo (f->doc));
  g_assert_cmpuint (topo_document_get_n_resources (f->doc), ==, n);
}

/* A hand-edited file whose groups overlap and whose card sits in a title band is shown tidied,
 * and that is no edit of the user's: not modified, nothing to undo. */
static void
test_open_tidies_layout (Fixture       *f,
                         gconstpointer  data)
{
  static const char *text =
    "{ \"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],"
    "  \"resources\": ["
    "    { \"id\": \"rg-a\", \"type\": \"resource-group\", \"region\": \"westeurope\","
    "      \"layout\": { \"x\": 0, \"y\": 0, \"w\": 400, \"h\": 200 } },"
    "    { \"id\": \"rg-b\", \"type\": \"resource-group\", \"region\": \"westeurope\","
    "      \"layout\": { \"x\": 100, \"y\": 20, \"w\": 400, \"h\": 200 } },"
    "    { \"id\": \"st-a\", \"type\": \"storage\", \"group\": \"rg-a\","
    "      \"layout\": { \"x\": 0, \"y\": 0 } } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "overlap.topograph", &error);
  const TopoResource *a, *b, *st;

  g_assert_no_error (error);
  a = topo_document_lookup (doc, "rg-a");
  b = topo_document_lookup (doc, "rg-b");
  g_assert_true (topo_rect_intersects (&a->layout, &b->layout));
  topo_window_set_document (f->window, doc, NULL);
  a = topo_document_lookup (doc, "rg-a");
  b = topo_document_lookup (doc, "rg-b");
  st = topo_document_lookup (doc, "st-a");
  g_assert_false (topo_rect_intersects (&a->layout, &b->layout));
  g_assert_cmpfloat (st->layout.x, >=, TOPO_GROUP_PADDING);
  g_assert_cmpfloat (st->layout.y, >=, TOPO_GROUP_HEADER);
  g_assert_false (topo_document_get_modified (doc));
  g_assert_false (topo_document_can_undo (doc));
}

static void
test_resize (Fixture       *f,
             gconstpointer  data)
{
  const TopoResource *rg = topo_document_lookup (f->doc, RG);
  double w = rg->bounds.w, h = rg->bounds.h;
  double x = rg->bounds.x + rg->bounds.w, y = rg->bounds.y + rg->bounds.h;

  g_object_set (f->canvas, "snap-to-grid", FALSE, NULL);
  click (f, rg->bounds.x + rg->bounds.w / 2, rg->bounds.y + 10);
  drag (f, x, y, x + 80, y + 40);
  rg = topo_document_lookup (f->doc, RG);
  g_assert_cmpfloat (rg->layout.w, ==, w + 80);
  g_assert_cmpfloat (rg->layout.h, ==, h + 40);
  /* D1: Undo is available as soon as the gesture ends, before any idle runs */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpfloat (topo_document_lookup (f->doc, RG)->layout.w, ==, w);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_cmpfloat (topo_document_lookup (f->doc, RG)->layout.w, ==, w + 80);
  g_assert_true (topo_document_undo (f->doc));
  g_assert_cmpfloat (topo_document_lookup (f->doc, RG)->bounds.w, ==, w);
}

static void
test_inspector (Fixture       *f,
                gconstpointer  data)
{
  TopoInspector *inspector = _topo_window_get_inspector (f->window);
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const char *ids[] = { st, NULL };
  GtkWidget *row;

  topo_canvas_set_selection (f->canvas, ids);
  row = topo_inspector_get_row (inspector, "name");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "stnewname01");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (topo_document_lookup (f->doc, st)->name, ==, "stnewname01");
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, 1);

  /* a switch edit */
  row = topo_inspector_get_row (inspector, "hns");
  g_assert_nonnull (row);
  gtk_switch_set_active (GTK_SWITCH (g_object_get_data (G_OBJECT (row), "switch")), TRUE);
  g_assert_true (topo_resource_hns (topo_document_lookup (f->doc, st)));

  /* a combo edit */
  row = topo_inspector_get_row (inspector, "data");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 3);   /* (unset), none, non-production, production */
  g_assert_cmpint (topo_document_lookup (f->doc, st)->data, ==, TOPO_DATA_PRODUCTION);

  /* tags: add, then a malformed add is marked as an error */
  row = topo_inspector_get_row (inspector, "tag-add");
  gtk_editable_set_text (GTK_EDITABLE (row), "owner=fraud");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (topo_resource_get_tag (topo_document_lookup (f->doc, st), "owner"), ==, "fraud");
  topo_inspector_rebuild (inspector);
  row = topo_inspector_get_row (inspector, "tag-add");
  gtk_editable_set_text (GTK_EDITABLE (row), "no equals sign");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  /* an RG's region combo lists the lanes first: picking the second lane moves the RG there */
  {
    const char *rg_ids[] = { RG, NULL };

    topo_canvas_set_selection (f->canvas, rg_ids);
    row = topo_inspector_get_row (inspector, "region");
    g_assert_true (ADW_IS_COMBO_ROW (row));
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
    g_assert_cmpstr (topo_document_lookup (f->doc, RG)->region, ==, "northeurope");
    row = topo_inspector_get_row (inspector, "environment");
    g_assert_true (ADW_IS_COMBO_ROW (row));
  }

  /* nothing selected: the design page edits the design name and policy */
  topo_canvas_set_selection (f->canvas, NULL);
  row = topo_inspector_get_row (inspector, "design:name");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "Renamed");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (topo_document_get_name (f->doc), ==, "Renamed");
  row = topo_inspector_get_row (inspector, "policy:required_tags");
  gtk_editable_set_text (GTK_EDITABLE (row), "owner, cost-center");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstrv (topo_document_get_policy (f->doc)->required_tags,
                    ((const char *[]) { "owner", "cost-center", NULL }));
  row = topo_inspector_get_row (inspector, "team-add");
  gtk_editable_set_text (GTK_EDITABLE (row), "fraud");
  g_signal_emit_by_name (row, "apply");
  g_assert_nonnull (topo_document_lookup_team (f->doc, "fraud"));

  /* renaming a team's id carries its access entries over, in one step */
  {
    const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
    const TopoResource *w;
    guint steps;

    g_assert_true (topo_edit_set_access (f->doc, ws, "fraud", TOPO_ROLE_DATA_SCIENTIST, NULL));
    topo_inspector_rebuild (inspector);
    row = topo_inspector_get_row (inspector, "team:fraud:id");
    g_assert_nonnull (row);
    steps = topo_document_get_n_undo_steps (f->doc);
    gtk_editable_set_text (GTK_EDITABLE (row), "fraud-analytics");
    g_signal_emit_by_name (row, "apply");
    g_assert_null (topo_document_lookup_team (f->doc, "fraud"));
    g_assert_nonnull (topo_document_lookup_team (f->doc, "fraud-analytics"));
    w = topo_document_lookup (f->doc, ws);
    g_assert_nonnull (w->access);
    g_assert_cmpuint (w->access->len, ==, 1);
    g_assert_cmpstr (g_array_index (w->access, TopoAccessEntry, 0).team, ==, "fraud-analytics");
    g_assert_cmpint (g_array_index (w->access, TopoAccessEntry, 0).role, ==, TOPO_ROLE_DATA_SCIENTIST);
    g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  }

  /* every edit was its own undo step */
  while (topo_document_can_undo (f->doc))
    topo_document_undo (f->doc);
  g_assert_cmpstr (topo_document_lookup (f->doc, st)->name, ==, NULL);
  g_assert_cmpstr (topo_document_get_name (f->doc), ==, "Test design");
}

/* The first finding row (a list row of class "finding") under widget. */
static GtkWidget *
find_finding_row (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_has_css_class (widget, "finding"))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_finding_row (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_rule (TopoDocument *doc,
            const char   *rule)
{
  g_autoptr(GPtrArray) diags = topo_validate (doc);
  guint n = 0;

  for (guint i = 0; i < diags->len; i++)
    n += g_str_equal (((TopoDiagnostic *) g_ptr_array_index (diags, i))->rule, rule);
  return n;
}

/* Issues: grouped by severity and rule, a finding selects its resources, a filter, and "Fix All"
 * of a rule as one undo step. */
static void
test_issues (Fixture       *f,
             gconstpointer  data)
{
  TopoIssuesPanel *issues = _topo_window_get_issues (f->window);
  guint n = _topo_window_validate_now (f->window);
  g_autoptr(GPtrArray) diags = topo_validate (f->doc);
  const TopoDiagnostic *first;
  GtkWidget *expander, *row, *button, *filter;
  g_autoptr(TopoPolicy) policy = NULL;
  guint steps, n_tag;

  /* the test design has no access entries, no tags …: the validator finds something */
  g_assert_cmpuint (n, >, 0);
  first = g_ptr_array_index (diags, 0);
  expander = topo_issues_panel_get_rule_row (issues, first->rule);
  g_assert_true (ADW_IS_EXPANDER_ROW (expander));
  row = find_finding_row (expander);
  g_assert_nonnull (row);
  topo_canvas_set_selection (f->canvas, NULL);
  /* as a click or Enter does: the row's list box reports it activated */
  g_signal_emit_by_name (row, "activate");
  /* the first subject may be a team; a resource subject is now selected */
  for (guint i = 0; first->subjects[i] != NULL; i++)
    if (topo_document_lookup (f->doc, first->subjects[i]) != NULL)
      g_assert_true (selection_is (f, NULL));

  /* the filter keeps one rule */
  filter = topo_issues_panel_get_filter (issues);
  gtk_editable_set_text (GTK_EDITABLE (filter), first->rule);
  g_signal_emit_by_name (filter, "search-changed");
  g_assert_nonnull (topo_issues_panel_get_rule_row (issues, first->rule));
  for (guint i = 0; i < diags->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diags, i);
      if (!g_str_equal (d->rule, first->rule) && strstr (d->message, first->rule) == NULL)
        g_assert_null (topo_issues_panel_get_rule_row (issues, d->rule));
    }
  gtk_editable_set_text (GTK_EDITABLE (filter), "");
  g_signal_emit_by_name (filter, "search-changed");

  /* a required tag every resource lacks: TAG001 on each, fixed all at once in one step */
  policy = topo_policy_copy (topo_document_get_policy (f->doc));
  g_strfreev (policy->required_tags);
  policy->required_tags = g_strsplit ("owner", ",", -1);
  topo_edit_set_policy (f->doc, g_steal_pointer (&policy));
  _topo_window_validate_now (f->window);
  n_tag = count_rule (f->doc, "TAG001");
  g_assert_cmpuint (n_tag, >=, 2);
  button = topo_issues_panel_get_fix_all_button (issues, "TAG001");
  g_assert_true (GTK_IS_BUTTON (button));
  steps = topo_document_get_n_undo_steps (f->doc);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (count_rule (f->doc, "TAG001"), ==, 0);
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  topo_document_undo (f->doc);
  g_assert_cmpuint (count_rule (f->doc, "TAG001"), ==, n_tag);
}

/* What the issues panel shows, in order: group titles, rule rows, finding rows (with the finding
 * each refers to) and buttons. */
static void
describe_issues (GtkWidget *widget,
                 GString   *out)
{
  if (ADW_IS_PREFERENCES_GROUP (widget))
    g_string_append_printf (out, "group %s\n", adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));
  else if (ADW_IS_EXPANDER_ROW (widget))
    g_string_append_printf (out, "rule %s | %s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                            adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (widget)));
  else if (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_has_css_class (widget, "finding"))
    g_string_append_printf (out, "finding %u\n", GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "index")));
  else if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "label %s\n", gtk_label_get_label (GTK_LABEL (widget)));
  else if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (out, "button %s %u\n", gtk_button_get_label (GTK_BUTTON (widget)),
                            GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "index")));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    describe_issues (c, out);
}

static gboolean
badges_equal (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer id, badge;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &id, &badge))
    {
      const TopoBadge *x = badge, *y = g_hash_table_lookup (b, id);

      if (y == NULL || x->errors != y->errors || x->warnings != y->warnings || x->infos != y->infos)
        return FALSE;
    }
  return TRUE;
}

/* The unsuppressed findings of rule, in order. */
static GPtrArray *
findings_of (GPtrArray  *diagnostics,
             const char *rule)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < diagnostics->len; i++)
    {
      TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (!d->suppressed && g_str_equal (d->rule, rule))
        g_ptr_array_add (out, d);
    }
  return out;
}

static gboolean
findings_equal (GPtrArray *a,
                GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!topo_diagnostic_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

/* After each of many random edits, what the window shows of the findings (issues panel, canvas
 * badges, the Issues tab's count) equals what a fresh issues panel and a full recomputation show;
 * a rule whose findings did not change keeps its row widget (when no finding changed, nothing is
 * rebuilt). */
static void
test_issues_incremental (Fixture       *f,
                         gconstpointer  data)
{
  TopoIssuesPanel *issues = _topo_window_get_issues (f->window);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  static const char *const envs[] = { "dev", "prod", "qa" };
  static const char *const datas[] = { "production", "test", "synthetic" };
  guint kept = 0, rebuilt = 0, rules_kept = 0, scheduled = 0;

  _topo_window_validate_now (f->window);
  for (guint step = 0; step < 60; step++)
    {
      g_autoptr(GPtrArray) before = topo_validate (f->doc);
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GHashTable) badges = NULL;
      GtkWidget *panel_fresh;
      g_autoptr(GString) shown = g_string_new (NULL);
      g_autoptr(GString) expected = g_string_new (NULL);
      GtkWidget *rule_row = NULL;
      g_autoptr(GHashTable) rows_before = g_hash_table_new (g_str_hash, g_str_equal);
      guint n_problems = 0;
      const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
      const char *kv = first_of_kind (f->doc, TOPO_KIND_KEY_VAULT);
      int what;

      if (before->len > 0)
        rule_row = topo_issues_panel_get_rule_row (issues, ((TopoDiagnostic *) g_ptr_array_index (before, 0))->rule);
      for (guint i = 0; i < before->len; i++)
        {
          const char *rule = ((TopoDiagnostic *) g_ptr_array_index (before, i))->rule;
          GtkWidget *row = topo_issues_panel_get_rule_row (issues, rule);

          if (row != NULL)
            g_hash_table_insert (rows_before, (gpointer) rule, row);
        }
      what = g_rand_int_range (rand, 0, 5);
      switch (what)
        {
        case 0:
        case 1:
          topo_edit_move (f->doc, (const char *[]) { g_rand_boolean (rand) ? st : kv, NULL },
                          g_rand_int_range (rand, -2, 3) * 8, g_rand_int_range (rand, -2, 3) * 8);
          break;
        case 2:
          topo_edit_set_property (f->doc, RG, "environment", envs[g_rand_int_range (rand, 0, 3)], NULL);
          break;
        case 3:
          topo_edit_set_property (f->doc, st, "data", datas[g_rand_int_range (rand, 0, 3)], NULL);
          break;
        default:
          if (topo_document_can_undo (f->doc))
            topo_document_undo (f->doc);
          break;
        }
      /* a move changes no finding: the window does not even validate */
      if (what <= 1)
        g_assert_cmpuint (f->window->validate_id, ==, 0);
      else
        scheduled += f->window->validate_id != 0;
      _topo_window_validate_now (f->window);
      after = topo_validate (f->doc);

      panel_fresh = g_object_ref_sink (topo_issues_panel_new ());
      topo_issues_panel_set_diagnostics (TOPO_ISSUES_PANEL (panel_fresh), f->doc, after);
      describe_issues (GTK_WIDGET (issues), shown);
      describe_issues (panel_fresh, expected);
      g_assert_cmpstr (shown->str, ==, expected->str);
      g_object_unref (panel_fresh);

      badges = topo_diagnostics_badges (after);
      g_assert_nonnull (f->canvas->badges);
      g_assert_true (badges_equal (badges, f->canvas->badges));
      for (guint i = 0; i < after->len; i++)
        n_problems += topo_diagnostic_counts (g_ptr_array_index (after, i), TOPO_SEVERITY_WARNING);
      g_assert_cmpuint (adw_view_stack_page_get_badge_number (f->window->issues_page), ==, n_problems);

      if (rule_row != NULL && topo_diagnostics_equal (before, after))
        {
          g_assert_true (topo_issues_panel_get_rule_row (issues, ((TopoDiagnostic *) g_ptr_array_index (after, 0))->rule) == rule_row);
          kept++;
        }
      else
        {
          GHashTableIter iter;
          gpointer rule, row;

          rebuilt++;
          g_hash_table_iter_init (&iter, rows_before);
          while (g_hash_table_iter_next (&iter, &rule, &row))
            {
              g_autoptr(GPtrArray) was = findings_of (before, rule);
              g_autoptr(GPtrArray) now = findings_of (after, rule);

              if (findings_equal (was, now))
                {
                  g_assert_true (topo_issues_panel_get_rule_row (issues, rule) == row);
                  rules_kept++;
                }
            }
        }
    }
  /* every path was taken */
  g_assert_cmpuint (kept, >, 0);
  g_assert_cmpuint (rebuilt, >, 0);
  g_assert_cmpuint (rules_kept, >, 0);
  g_assert_cmpuint (scheduled, >, 0);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_group (GtkWidget  *widget,
            const char *title_prefix)
{
  if (ADW_IS_PREFERENCES_GROUP (widget) &&
      g_str_has_prefix (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title_prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title_prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "Suppress…" asks for a reason, adds the suppression as one undo step, and the finding moves
 * to the panel's Suppressed group. */
static void
test_issues_suppress (Fixture       *f,
                      gconstpointer  data)
{
  TopoIssuesPanel *issues = _topo_window_get_issues (f->window);
  guint n = _topo_window_validate_now (f->window);
  guint steps = topo_document_get_n_undo_steps (f->doc);
  GtkWidget *button, *dialog;
  GtkEditable *entry;
  const TopoPolicy *policy;

  g_assert_cmpuint (n, >, 0);
  g_assert_null (find_group (GTK_WIDGET (issues), "Suppressed"));
  button = find_button (GTK_WIDGET (issues), "Suppress…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = topo_issues_panel_get_suppress_dialog (issues);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* No reason, no suppression. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "suppress"));
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  gtk_editable_set_text (entry, "Accepted for the pilot");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "suppress"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "suppress");
  gtk_window_destroy (GTK_WINDOW (dialog));

  policy = topo_document_get_policy (f->doc);
  g_assert_nonnull (policy->suppressions);
  g_assert_cmpuint (policy->suppressions->len, ==, 1);
  g_assert_cmpstr (((TopoSuppression *) g_ptr_array_index (policy->suppressions, 0))->justification, ==,
                   "Accepted for the pilot");
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_cmpuint (_topo_window_validate_now (f->window), ==, n);
  g_assert_nonnull (find_group (GTK_WIDGET (issues), "Suppressed (1)"));

  g_assert_true (topo_document_undo (f->doc));
  _topo_window_validate_now (f->window);
  g_assert_null (find_group (GTK_WIDGET (issues), "Suppressed"));
}

static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) loaded = NULL;

  topo_edit_set_name (f->doc, "Saved design");
  g_assert_true (topo_document_get_modified (f->doc));
  g_assert_true (topo_window_save_to_file (f->window, file, &error));
  g_assert_no_error (error);
  g_assert_false (topo_document_get_modified (f->doc));
  g_assert_true (g_file_equal (topo_window_get_file (f->window), file));

  loaded = topo_format_load_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (topo_document_get_name (loaded), ==, "Saved design");
  g_assert_cmpuint (topo_document_get_n_resources (loaded), ==,
                    topo_document_get_n_resources (f->doc));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  const char *formats[] = { "arm", "png", "svg", "pdf" };
  const char *magic[] = { "{", "\x89PNG", "<?xml", "%PDF" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/out.%s", dir, formats[i]);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      g_assert_true (topo_window_export (f->window, formats[i], path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 100);
      g_assert_true (g_str_has_prefix (contents, magic[i]));
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A key press as the widget's key controllers see it (capture phase first). */
static gboolean
press_key (GtkWidget       *widget,
           guint            keyval,
           GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
    }
  return handled;
}

/* Notes: the palette's Note entry adds one on the selected card and opens its editor; Ctrl+Enter
 * keeps the text, Escape keeps the old one; the inspector and the outline show it; Delete and
 * undo work on it. */
static void
test_notes (Fixture       *f,
            gconstpointer  data)
{
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const char *sel[] = { st, NULL };
  GtkWidget *editor = _topo_canvas_get_note_editor (f->canvas);
  GtkTextView *view = topo_note_editor_get_view (TOPO_NOTE_EDITOR (editor));
  TopoInspector *inspector = _topo_window_get_inspector (f->window);
  g_autofree char *id = NULL;
  const TopoNote *note;
  GtkWidget *row;

  topo_canvas_set_selection (f->canvas, sel);
  g_signal_emit_by_name (_topo_window_get_palette (f->window), "note-activated");
  g_assert_cmpuint (topo_document_get_n_notes (f->doc), ==, 1);
  note = topo_document_get_note (f->doc, 0);
  id = g_strdup (note->id);
  g_assert_cmpstr (note->attach, ==, st);
  g_assert_true (selection_is (f, id));
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_cmpstr (topo_note_editor_get_id (TOPO_NOTE_EDITOR (editor)), ==, id);

  /* typed, then Ctrl+Enter: one undo step with the text */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "**Why** this SKU?", -1);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Return, GDK_CONTROL_MASK));
  run_for (50);
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_cmpstr (topo_document_lookup_note (f->doc, id)->text, ==, "**Why** this SKU?");
  g_assert_cmpstr (topo_document_get_undo_label (f->doc), ==, "Edit Note");

  /* F2 opens it again; Escape leaves the text as it was */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.rename", NULL);
  g_assert_true (gtk_widget_get_visible (editor));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "thrown away", -1);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Escape, 0));
  run_for (50);
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_cmpstr (topo_document_lookup_note (f->doc, id)->text, ==, "**Why** this SKU?");

  /* the inspector edits its author and date (a bad date is refused inline) */
  topo_inspector_rebuild (inspector);
  row = topo_inspector_get_row (inspector, "note:author");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "Ada");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (topo_document_lookup_note (f->doc, id)->author, ==, "Ada");
  row = topo_inspector_get_row (inspector, "note:date");
  gtk_editable_set_text (GTK_EDITABLE (row), "tomorrow");
  g_signal_emit_by_name (row, "apply");
  g_assert_null (topo_document_lookup_note (f->doc, id)->date);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (row), "2026-12-04");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (topo_document_lookup_note (f->doc, id)->date, ==, "2026-12-04");
  g_assert_nonnull (topo_inspector_get_row (inspector, "note:text"));

  /* Delete removes it, undo brings it back on its card */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.delete", NULL);
  g_assert_null (topo_document_lookup_note (f->doc, id));
  g_assert_true (topo_document_undo (f->doc));
  g_assert_cmpstr (topo_document_lookup_note (f->doc, id)->attach, ==, st);

  /* without a selection: free on the first lane */
  topo_canvas_set_selection (f->canvas, NULL);
  g_signal_emit_by_name (_topo_window_get_palette (f->window), "note-activated");
  g_assert_cmpuint (topo_document_get_n_notes (f->doc), ==, 2);
  g_assert_true (topo_note_is_free (topo_document_get_note (f->doc, 1)));
  g_assert_cmpstr (topo_document_get_note (f->doc, 1)->region, ==, "westeurope");
}

/* Exporting ARM from a design with error findings lists the errors and asks first. */
static void
test_export_refusal (Fixture       *f,
                     gconstpointer  data)
{
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  GtkWidget *dialog;
  const char *body;

  g_assert_true (topo_edit_set_property (f->doc, st, "name", "ST_001 Bad!", NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "arm");
  dialog = _topo_window_get_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "NAM001"));
  g_assert_nonnull (strstr (body, "ST_001 Bad!"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "export"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  /* Cancel opens no file chooser; "Export Anyway" opens it. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_null (_topo_window_get_chooser (f->window));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "arm");
  dialog = _topo_window_get_dialog (f->window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "export");
  g_assert_nonnull (_topo_window_get_chooser (f->window));
  gtk_native_dialog_hide (_topo_window_get_chooser (f->window));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Each export chooser filters by the format's file type (GTK otherwise shows an empty "(None)"
 * filter next to the export choices). */
static void
test_export_filters (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *format; const char *pattern; } cases[] = {
    { "png", "PNG" }, { "svg", "SVG" }, { "pdf", "PDF" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkNativeDialog *chooser;
      GtkFileFilter *filter;

      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", cases[i].format);
      chooser = _topo_window_get_chooser (f->window);
      g_assert_nonnull (chooser);
      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
      g_assert_nonnull (filter);
      g_assert_nonnull (strstr (gtk_file_filter_get_name (filter), cases[i].pattern));
      gtk_native_dialog_hide (chooser);
    }
}

static void
test_autosave (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (saved);
  g_auto(GStrv) found = NULL;
  TopoWindow *other;
  gboolean listed = FALSE;

  /* nothing unsaved: no copy */
  g_assert_false (_topo_window_autosave_now (f->window));
  topo_edit_set_name (f->doc, "Unsaved work");
  g_assert_true (_topo_window_autosave_now (f->window));
  path = g_strdup (_topo_window_get_autosave_path (f->window));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  found = topo_window_find_autosaves ();
  for (guint i = 0; found[i] != NULL; i++)
    listed |= g_str_equal (found[i], path);
  g_assert_true (listed);

  /* a running window's copy is never adopted by another */
  other = topo_window_new (NULL);
  g_assert_false (topo_window_recover (other, path, NULL));
  /* after a crash (simulated: the copy is let go and its owner recorded as gone), another
   * window recovers it as unsaved work */
  _topo_window_abandon_autosave (f->window);
  g_assert_true (topo_window_recover (other, path, NULL));
  g_assert_cmpstr (topo_document_get_name (topo_window_get_document (other)), ==, "Unsaved work");
  gtk_window_destroy (GTK_WINDOW (other));
  /* closing the recovering window normally drops the copy */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* saving removes the copy */
  g_assert_true (_topo_window_autosave_now (f->window));
  g_free (path);
  path = g_strdup (_topo_window_get_autosave_path (f->window));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (topo_window_save_to_file (f->window, file, NULL));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* unsaved changes to a saved design come back with the design's file */
  topo_edit_set_name (f->doc, "Saved, then changed");
  g_assert_true (_topo_window_autosave_now (f->window));
  other = topo_window_new (NULL);
  g_free (path);
  path = g_strdup (_topo_window_get_autosave_path (f->window));
  _topo_window_abandon_autosave (f->window);
  g_assert_true (topo_window_recover (other, path, NULL));
  g_assert_nonnull (topo_window_get_file (other));
  g_assert_true (g_file_equal (topo_window_get_file (other), file));
  g_assert_cmpstr (topo_document_get_name (topo_window_get_document (other)), ==,
                   "Saved, then changed");
  /* still unsaved work: the title and a bar say so, and Save writes to the original file */
  g_assert_true (g_str_has_suffix (gtk_window_get_title (GTK_WINDOW (other)), "•"));
  g_assert_nonnull (_topo_window_get_recovery_bar (other));
  g_assert_true (gtk_widget_get_visible (_topo_window_get_recovery_bar (other)));
  g_assert_true (topo_window_save_to_file (other, topo_window_get_file (other), NULL));
  g_assert_false (gtk_widget_get_visible (_topo_window_get_recovery_bar (other)));
  gtk_window_destroy (GTK_WINDOW (other));
  {
    g_autoptr(TopoDocument) reloaded = topo_format_load_path (saved, NULL);
    g_assert_nonnull (reloaded);
    g_assert_cmpstr (topo_document_get_name (reloaded), ==, "Saved, then changed");
  }
  g_unlink (saved);
  g_rmdir (dir);
}

/* Another window or program saving the same file: noticed, offered a reload, and a save asks
 * before replacing its work. */
static void
test_changed_on_disk (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shared.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TopoDocument) other = topo_generate (5, 7);
  GtkWidget *dialog;

  topo_edit_set_name (f->doc, "Mine");
  g_assert_true (topo_window_save_to_file (f->window, file, NULL));
  g_assert_false (_topo_window_file_changed_on_disk (f->window));
  /* a second process saves its own version */
  topo_edit_set_name (other, "Theirs, and longer");
  g_assert_true (topo_format_save_path (other, path, NULL));
  g_assert_true (_topo_window_file_changed_on_disk (f->window));
  _topo_window_check_disk (f->window);
  g_assert_nonnull (_topo_window_get_disk_bar (f->window));
  g_assert_true (gtk_widget_get_visible (_topo_window_get_disk_bar (f->window)));

  /* Save warns first; cancelling leaves their file alone */
  topo_edit_set_name (f->doc, "Mine, edited");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  dialog = _topo_window_get_dialog (f->window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  {
    g_autoptr(TopoDocument) on_disk = topo_format_load_path (path, NULL);
    g_assert_cmpstr (topo_document_get_name (on_disk), ==, "Theirs, and longer");
  }
  /* Reload shows their version */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  dialog = _topo_window_get_dialog (f->window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  g_assert_cmpstr (topo_document_get_name (topo_window_get_document (f->window)), ==, "Theirs, and longer");
  g_assert_false (_topo_window_file_changed_on_disk (f->window));
  g_assert_false (gtk_widget_get_visible (_topo_window_get_disk_bar (f->window)));

  /* Save anyway replaces it after the warning */
  g_assert_true (topo_format_save_path (other, path, NULL));
  topo_edit_set_name (topo_window_get_document (f->window), "Mine again");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  dialog = _topo_window_get_dialog (f->window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  {
    g_autoptr(TopoDocument) on_disk = topo_format_load_path (path, NULL);
    g_assert_cmpstr (topo_document_get_name (on_disk), ==, "Mine again");
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* The file deleted (or moved away) by another window or program: the bar says so and offers no
 * reload (there is nothing to reload), and a save writes it again without asking. */
static void
test_deleted_on_disk (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "gone.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *bar;
  GtkWidget *reload;

  topo_edit_set_name (f->doc, "Mine");
  g_assert_true (topo_window_save_to_file (f->window, file, NULL));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (_topo_window_file_changed_on_disk (f->window));
  _topo_window_check_disk (f->window);
  bar = _topo_window_get_disk_bar (f->window);
  g_assert_nonnull (bar);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_nonnull (strstr (gtk_label_get_text (g_object_get_data (G_OBJECT (bar), "label")), "deleted"));
  reload = g_object_get_data (G_OBJECT (bar), "reload");
  g_assert_nonnull (reload);
  g_assert_false (gtk_widget_get_visible (reload));

  topo_edit_set_name (f->doc, "Mine, kept");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  g_assert_null (_topo_window_get_dialog (f->window));
  {
    g_autoptr(TopoDocument) on_disk = topo_format_load_path (path, NULL);

    g_assert_nonnull (on_disk);
    g_assert_cmpstr (topo_document_get_name (on_disk), ==, "Mine, kept");
  }
  g_assert_false (_topo_window_file_changed_on_disk (f->window));
  g_assert_false (gtk_widget_get_visible (bar));

  /* written by someone else again: the bar is the "changed" one, with its reload */
  {
    g_autoptr(TopoDocument) other = topo_generate (5, 7);

    g_assert_true (topo_format_save_path (other, path, NULL));
  }
  _topo_window_check_disk (f->window);
  g_assert_null (strstr (gtk_label_get_text (g_object_get_data (G_OBJECT (bar), "label")), "deleted"));
  g_assert_true (gtk_widget_get_visible (reload));
  g_unlink (path);
  g_rmdir (dir);
}

/* Saved designs are listed in Open Recent, newest first, and open from there. */
static void
test_open_recent (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "first_design.topograph", NULL);
  g_autofree char *b = g_build_filename (dir, "second.topograph", NULL);
  g_autoptr(GFile) fa = g_file_new_for_path (a);
  g_autoptr(GFile) fb = g_file_new_for_path (b);
  g_autofree char *uri_a = g_file_get_uri (fa);
  g_autofree char *uri_b = g_file_get_uri (fb);
  GMenuModel *menu = _topo_window_get_recent_menu (f->window);
  g_autofree char *label = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) uris = NULL;
  gint64 until;

  g_assert_true (topo_window_save_to_file (f->window, fa, NULL));
  /* the recent list orders by modification time, in whole seconds of the wall clock */
  {
    gint64 second = g_get_real_time () / G_USEC_PER_SEC;
    gint64 limit = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (g_get_real_time () / G_USEC_PER_SEC == second && g_get_monotonic_time () < limit)
      run_for (50);
  }
  g_assert_true (topo_window_save_to_file (f->window, fb, NULL));

  /* GtkRecentManager adds items once it has queried the file; the menu follows its "changed"
   * signal */
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until &&
         (g_menu_model_get_n_items (menu) < 2 ||
          !g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_TARGET, "s", &target) ||
          !g_str_equal (target, uri_b)))
    {
      g_clear_pointer (&target, g_free);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpstr (target, ==, uri_b);
  uris = topo_window_get_recent_uris ();
  g_assert_cmpuint (g_strv_length (uris), >=, 2);
  g_assert_cmpstr (uris[0], ==, uri_b);
  g_assert_cmpstr (uris[1], ==, uri_a);
  /* the entries carry the design MIME type (not a guess from the contents: JSON or text) */
  {
    g_autoptr(GtkRecentInfo) info = gtk_recent_manager_lookup_item (gtk_recent_manager_get_default (),
                                                                    uri_b, NULL);

    g_assert_nonnull (info);
    g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, "application/x-topograph");
  }
  g_assert_true (g_menu_model_get_item_attribute (menu, 1, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "first__design");   /* no mnemonic from the underscore */

  /* Ctrl+R shows the same list under the Open button */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-recent", NULL));
  g_assert_true (gtk_widget_get_visible (_topo_window_get_recent_popover (f->window)));
  gtk_popover_popdown (GTK_POPOVER (_topo_window_get_recent_popover (f->window)));

  /* choosing one opens it */
  {
    g_autoptr(TopoDocument) blank = topo_window_new_blank_document ();
    topo_window_set_document (f->window, blank, NULL);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-recent", "s",
                                             uri_a));
  g_assert_nonnull (topo_window_get_file (f->window));
  g_assert_true (g_file_equal (topo_window_get_file (f->window), fa));

  /* a file that is gone is not listed */
  g_unlink (b);
  g_strfreev (uris);
  uris = topo_window_get_recent_uris ();
  g_assert_false (g_strv_contains ((const char *const *) uris, uri_b));
  g_unlink (a);
  g_rmdir (dir);
}

static void
test_open_broken (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TopoDocument *before = topo_window_get_document (f->window);
  GtkWidget *dialog;
  const char *body;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"topograph\", \"version\": 1, \"resources\": [{\"id\": 3}]}", -1, NULL));
  g_assert_false (topo_window_open_file (f->window, file));
  g_assert_true (topo_window_get_document (f->window) == before);
  g_assert_cmpuint (topo_document_get_n_resources (before), ==, 4);
  dialog = _topo_window_get_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  /* the loader's message names the file and the JSON path */
  g_assert_nonnull (strstr (body, "broken.topograph"));
  g_assert_nonnull (strstr (body, "$.resources[0]"));
  g_unlink (path);
  g_rmdir (dir);
}

/* D7: opening a broken file from a window with unsaved changes (the new-window path) shows the
 * loader's error in this window, and keeps the unsaved work, by Open Recent and by Ctrl+O. */
static void
test_open_broken_modified (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GtkApplication) app = GTK_APPLICATION (topo_application_new ());
  g_autoptr(GError) error = NULL;
  GtkNativeDialog *chooser;
  GtkWidget *dialog;
  const char *body;

  /* the real application (its accelerators), without claiming its bus name */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  gtk_window_set_application (GTK_WINDOW (f->window), app);
  g_assert_true (g_file_set_contents (path, "{\"format\": \"topograph\", \"version\": 1, \"resources\": [{\"id\": 3}]}", -1, NULL));

  /* unsaved work */
  topo_edit_set_name (f->doc, "Unsaved work");
  g_assert_true (topo_document_get_modified (f->doc));
  g_assert_false (topo_window_is_pristine (f->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-recent", "s", uri));
  run_for (50);
  dialog = _topo_window_get_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (dialog));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "broken.topograph"));
  g_assert_nonnull (strstr (body, "$.resources[0]"));
  g_assert_true (topo_window_get_document (f->window) == f->doc);
  g_assert_cmpstr (topo_document_get_name (f->doc), ==, "Unsaved work");
  g_assert_true (topo_document_get_modified (f->doc));
  /* no second window was left behind */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (app)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
  run_for (20);

  /* Ctrl+O, then the path typed into the file chooser */
  if (xinput_available (f))
    {
      xdo_focus (f);
      xdo ("key ctrl+o");
      chooser = _topo_window_get_chooser (f->window);
      g_assert_true (GTK_IS_FILE_CHOOSER_NATIVE (chooser));
      run_for (500);
      /* no window manager gives the new dialog the keyboard: do it */
#ifdef GDK_WINDOWING_X11
      {
        GListModel *toplevels = gtk_window_get_toplevels ();
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);
            if (GTK_IS_FILE_CHOOSER_DIALOG (w))
              xdo ("windowfocus --sync %lu", xid_of (w));
          }
      }
#endif
      xdo ("type --delay 10 %s", path);
      run_for (300);

      xdo ("key Return");
      /* the chooser checks the file (asynchronously) before it answers */
      for (int i = 0; i < 100 && _topo_window_get_chooser (f->window) != NULL; i++)
        run_for (50);
    }
  else
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open", NULL);
      chooser = _topo_window_get_chooser (f->window);
      g_assert_true (GTK_IS_FILE_CHOOSER_NATIVE (chooser));
      g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
      g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
    }
  g_assert_null (_topo_window_get_chooser (f->window));
  dialog = _topo_window_get_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "$.resources[0]"));
  g_assert_true (topo_window_get_document (f->window) == f->doc);
  g_assert_true (topo_document_get_modified (f->doc));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (app)), ==, 1);

  gtk_window_set_application (GTK_WINDOW (f->window), NULL);
  g_unlink (path);
  g_rmdir (dir);
}

static void
mark_destroyed (gboolean *destroyed)
{
  *destroyed = TRUE;
}

static void
test_close_prompt (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *dialog;
  gboolean destroyed = FALSE;

  /* an unmodified design closes without asking */
  g_assert_false (topo_document_get_modified (f->doc));

  topo_edit_set_name (f->doc, "Changed");
  g_signal_connect_swapped (f->window, "destroy", G_CALLBACK (mark_destroyed), &destroyed);
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = _topo_window_get_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* "cancel" keeps the window, "discard" closes it */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = _topo_window_get_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_false (destroyed);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  while (!destroyed)
    g_main_context_iteration (NULL, TRUE);
  f->closed = TRUE;
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_rename_inline (Fixture       *f,
                    gconstpointer  data)
{
  const char *kv = first_of_kind (f->doc, TOPO_KIND_KEY_VAULT);
  GtkWidget *entry = _topo_canvas_get_rename_entry (f->canvas);

  _topo_canvas_begin_rename (f->canvas, kv);
  gtk_editable_set_text (GTK_EDITABLE (entry), "kv-renamed");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (topo_document_lookup (f->doc, kv)->name, ==, "kv-renamed");
}

/* D2: a double-click opens the rename popover with its entry focused and the name selected, so
 * typing replaces it and Enter commits it as one undo step, exactly like F2; Escape cancels. */
static void
test_rename_double_click_x (Fixture       *f,
                            gconstpointer  data)
{
  const char *kv = first_of_kind (f->doc, TOPO_KIND_KEY_VAULT);
  GtkWidget *canvas = GTK_WIDGET (f->canvas);
  GtkWidget *entry = _topo_canvas_get_rename_entry (f->canvas);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TopoDocument) saved = NULL;
  g_autoptr(GError) error = NULL;
  const TopoResource *res;
  guint steps;

  if (!xinput_available (f))
    return;
  xdo_focus (f);
  res = topo_document_lookup (f->doc, kv);
  steps = topo_document_get_n_undo_steps (f->doc);

  /* double-click, type, Enter (after a first click that shows the window is taking input: a
   * slow build may still be busy with its first frames) */
  xdo_move (canvas, res->bounds.x + res->bounds.w / 2, res->bounds.y + res->bounds.h / 2);
  xdo ("click 1");
  WAIT_UNTIL (selection_is (f, kv));
  g_assert_true (selection_is (f, kv));
  run_for (600);
  xdo ("click --repeat 2 --delay 60 1");
  WAIT_UNTIL (has_focus_within (entry));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER)));
  g_assert_true (has_focus_within (entry));
  xdo ("type --delay 15 kv-double");
  xdo ("key Return");
  WAIT_UNTIL (g_strcmp0 (topo_document_lookup (f->doc, kv)->name, "kv-double") == 0);
  g_assert_cmpstr (topo_document_lookup (f->doc, kv)->name, ==, "kv-double");
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_true (has_focus_within (canvas));

  /* a second double-click opens it again; clicking into the entry first, as a user unsure of
   * the focus would, commits too */
  xdo_move (canvas, res->bounds.x + res->bounds.w / 2, res->bounds.y + res->bounds.h / 2);
  xdo ("click --repeat 2 --delay 60 1");
  WAIT_UNTIL (has_focus_within (entry));
  g_assert_true (has_focus_within (entry));
  /* the pointer may already be there (the popover opened under it): a real pointer arrives */
  xdo_move (entry, 4, 4);
  xdo_move (entry, gtk_widget_get_width (entry) / 2.0, gtk_widget_get_height (entry) / 2.0);
  xdo ("click 1");
  g_assert_true (has_focus_within (entry));
  xdo ("key ctrl+a");
  xdo ("type --delay 15 kv-clicked");
  xdo ("key Return");
  WAIT_UNTIL (g_strcmp0 (topo_document_lookup (f->doc, kv)->name, "kv-clicked") == 0);
  g_assert_cmpstr (topo_document_lookup (f->doc, kv)->name, ==, "kv-clicked");
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 2);

  /* F2 behaves the same; Escape closes without renaming */
  xdo ("key F2");
  WAIT_UNTIL (has_focus_within (entry));
  g_assert_true (has_focus_within (entry));
  xdo ("type --delay 15 kv-escaped");
  xdo ("key Escape");
  WAIT_UNTIL (!gtk_widget_get_visible (gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER)));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER)));
  g_assert_cmpstr (topo_document_lookup (f->doc, kv)->name, ==, "kv-clicked");
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 2);

  /* the saved file has the name */
  dir = g_dir_make_tmp ("topo-gui-XXXXXX", NULL);
  path = g_build_filename (dir, "renamed.topograph", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (topo_window_save_to_file (f->window, file, &error));
  saved = topo_format_load_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (topo_document_lookup (saved, kv)->name, ==, "kv-clicked");
  g_unlink (path);
  g_rmdir (dir);
}

/* Clicks the middle of widget through the X server. */
static void
xdo_click (GtkWidget *widget)
{
  xdo_move (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
  xdo ("click 1");
}

/* D5: adding a team or granting access leaves the focus where the user acted (the new team's
 * row, the new access row), never in the design's Name field; Escape in an entry reverts what was
 * typed and not applied. */
static void
test_inspector_focus_x (Fixture       *f,
                        gconstpointer  data)
{
  TopoInspector *inspector = _topo_window_get_inspector (f->window);
  const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
  const char *ws_ids[] = { ws, NULL };
  GtkWidget *row;

  if (!xinput_available (f))
    return;
  xdo_focus (f);

  /* add a team by keyboard */
  topo_canvas_set_selection (f->canvas, NULL);
  row = topo_inspector_get_row (inspector, "team-add");
  g_assert_nonnull (row);
  xdo_click (row);
  WAIT_UNTIL (has_focus_within (row));
  g_assert_true (has_focus_within (row));
  xdo ("type --delay 15 fraud");
  xdo ("key Return");
  WAIT_UNTIL (topo_inspector_get_row (inspector, "team:fraud") != NULL);
  g_assert_nonnull (topo_document_lookup_team (f->doc, "fraud"));
  g_assert_false (has_focus_within (topo_inspector_get_row (inspector, "design:name")));
  g_assert_true (has_focus_within (topo_inspector_get_row (inspector, "team:fraud")));
  /* typing now does not land in the design's name */
  xdo ("type --delay 15 zz");
  run_for (300);
  g_assert_cmpstr (topo_document_get_name (f->doc), ==, "Test design");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (topo_inspector_get_row (inspector, "design:name"))),
                   ==, "Test design");

  /* Escape reverts an entry's unapplied text */
  row = topo_inspector_get_row (inspector, "design:name");
  xdo_click (row);
  xdo ("key ctrl+a");
  xdo ("type --delay 15 Oops");
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), "Oops") == 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Oops");
  xdo ("key Escape");
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), "Test design") == 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Test design");
  g_assert_cmpstr (topo_document_get_name (f->doc), ==, "Test design");

  /* grant access on a workspace: the focus stays on the access list */
  topo_canvas_set_selection (f->canvas, ws_ids);
  row = topo_inspector_get_row (inspector, "access-add");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  gtk_widget_grab_focus (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  WAIT_UNTIL (topo_inspector_get_row (inspector, "access:fraud") != NULL);
  g_assert_cmpuint (topo_document_lookup (f->doc, ws)->access->len, ==, 1);
  g_assert_false (has_focus_within (topo_inspector_get_row (inspector, "name")));
  g_assert_true (has_focus_within (topo_inspector_get_row (inspector, "access:fraud")));
  xdo ("type --delay 15 zz");
  run_for (300);
  g_assert_cmpstr (topo_document_lookup (f->doc, ws)->name, ==, NULL);
}

static guint
n_outline_rows (TopoOutline *outline)
{
  g_auto(GStrv) rows = topo_outline_get_rows (outline);
  return g_strv_length (rows);
}

/* The outline: lanes → groups → resources and links, in sync with the canvas both ways, searched
 * by name, type or rule id, rebuilt per undo step; Ctrl+F goes to its search. */
static void
test_outline (Fixture       *f,
              gconstpointer  data)
{
  TopoOutline *outline = _topo_window_get_outline (f->window);
  const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const char *kv = first_of_kind (f->doc, TOPO_KIND_KEY_VAULT);
  g_autofree char *rg_key = g_strconcat ("res:", RG, NULL);
  g_autofree char *st_key = g_strconcat ("res:", st, NULL);
  g_autofree char *kv_key = g_strconcat ("res:", kv, NULL);
  g_autofree char *ws_key = g_strconcat ("res:", ws, NULL);
  g_autofree char *selected = NULL;
  g_autofree char *rule_query = NULL;
  g_auto(GStrv) rows = topo_outline_get_rows (outline);
  g_auto(GStrv) sel = NULL;
  GtkWidget *search = topo_outline_get_search_entry (outline);
  const char *kv_ids[] = { kv, NULL };
  guint n_diags = _topo_window_validate_now (f->window);
  guint st_row = 0;

  g_assert_cmpstrv (rows, ((const char *[]) { "lane:westeurope", rg_key, ws_key, st_key, kv_key,
                                              "lane:northeurope", NULL }));

  /* a row selects (and shows) its object on the canvas */
  for (guint i = 0; rows[i] != NULL; i++)
    if (g_str_equal (rows[i], st_key))
      st_row = i;
  topo_outline_select_row (outline, st_row);
  sel = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (sel, ((const char *[]) { st, NULL }));
  /* the canvas selection highlights its row */
  topo_canvas_set_selection (f->canvas, kv_ids);
  selected = topo_outline_get_selected (outline);
  g_assert_cmpstr (selected, ==, kv_key);

  /* search: by type, then by the rule id of a finding on the storage account */
  gtk_editable_set_text (GTK_EDITABLE (search), "key vault");
  g_signal_emit_by_name (search, "search-changed");
  g_strfreev (rows);
  rows = topo_outline_get_rows (outline);
  g_assert_cmpstrv (rows, ((const char *[]) { "lane:westeurope", rg_key, kv_key, NULL }));
  g_assert_cmpuint (n_diags, >, 0);
  {
    g_autoptr(GPtrArray) diags = topo_validate (f->doc);
    g_autofree char *subject_key = NULL;

    for (guint i = 0; i < diags->len && rule_query == NULL; i++)
      {
        const TopoDiagnostic *d = g_ptr_array_index (diags, i);
        const TopoResource *r = d->subjects ? topo_document_lookup (f->doc, d->subjects[0]) : NULL;

        /* a rule id that is not also part of a name or type */
        if (r != NULL && r->kind != TOPO_KIND_RESOURCE_GROUP)
          {
            rule_query = g_ascii_strdown (d->rule, -1);
            subject_key = g_strconcat ("res:", r->id, NULL);
          }
      }
    g_assert_nonnull (rule_query);
    gtk_editable_set_text (GTK_EDITABLE (search), rule_query);
    g_signal_emit_by_name (search, "search-changed");
    g_strfreev (rows);
    rows = topo_outline_get_rows (outline);
    g_assert_true (g_strv_contains ((const char *const *) rows, subject_key));
    g_assert_true (g_strv_contains ((const char *const *) rows, rg_key));
  }
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");

  /* a new link and a new resource show after their undo step */
  g_assert_true (topo_edit_connect (f->doc, ws, st, TOPO_ACCESS_UNSET, NULL));
  g_strfreev (rows);
  rows = topo_outline_get_rows (outline);
  g_assert_cmpstr (rows[g_strv_length (rows) - 2], ==, "links");
  g_assert_cmpstr (rows[g_strv_length (rows) - 1], ==, "link:0");

  /* Ctrl+F shows the outline and focuses its search */
  if (xinput_available (f))
    {
      xdo_focus (f);
      gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
      xdo ("key ctrl+f");
      WAIT_UNTIL (has_focus_within (search));
      g_assert_true (has_focus_within (search));
      xdo ("type --delay 15 stor");
      WAIT_UNTIL (n_outline_rows (outline) == 5);
      g_strfreev (rows);
      rows = topo_outline_get_rows (outline);
      /* the storage account, and the link whose type is a "Datastore" */
      g_assert_cmpstrv (rows, ((const char *[]) { "lane:westeurope", rg_key, st_key, "links",
                                                  "link:0", NULL }));
    }
}

static GListModel *
outline_model (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (widget))));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GListModel *found = outline_model (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The outline on screen after random edits lists what a fresh outline of the same design lists;
 * a move (only a layout changed, which the tree does not show) does not rebuild it. */
static void
test_outline_incremental (Fixture       *f,
                          gconstpointer  data)
{
  TopoOutline *outline = _topo_window_get_outline (f->window);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint kept = 0, rebuilt = 0;

  adw_view_stack_set_visible_child_name (f->window->side_stack, "outline");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (outline)));
  for (guint step = 0; step < 40; step++)
    {
      const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
      const char *kv = first_of_kind (f->doc, TOPO_KIND_KEY_VAULT);
      g_auto(GStrv) shown = NULL;
      g_auto(GStrv) expected = NULL;
      GtkWidget *fresh;
      GListModel *before = outline_model (GTK_WIDGET (outline));
      int what = g_rand_int_range (rand, 0, 5);
      g_autofree char *name = g_strdup_printf ("kvoutline%u", step);

      switch (what)
        {
        case 0:
        case 1:
          topo_edit_move (f->doc, (const char *[]) { g_rand_boolean (rand) ? st : kv, NULL },
                          g_rand_int_range (rand, -2, 3) * 8, g_rand_int_range (rand, 1, 3) * 8);
          break;
        case 2:
          g_assert_true (topo_edit_set_property (f->doc, kv, "name", name, NULL));
          break;
        case 3:
          g_assert_nonnull (topo_edit_add_resource (f->doc, TOPO_KIND_STORAGE, RG, NULL, 16,
                                                    g_rand_int_range (rand, 200, 400), NULL));
          break;
        default:
          if (topo_document_can_undo (f->doc))
            topo_document_undo (f->doc);
          break;
        }
      shown = topo_outline_get_rows (outline);
      fresh = g_object_ref_sink (topo_outline_new ());
      topo_outline_set_document (TOPO_OUTLINE (fresh), f->doc);
      expected = topo_outline_get_rows (TOPO_OUTLINE (fresh));
      g_assert_cmpstrv (shown, expected);
      g_object_unref (fresh);
      if (what <= 1)
        {
          g_assert_true (outline_model (GTK_WIDGET (outline)) == before);
          kept++;
        }
      else if (outline_model (GTK_WIDGET (outline)) != before)
        rebuilt++;
    }
  g_assert_cmpuint (kept, >, 0);
  g_assert_cmpuint (rebuilt, >, 0);
}

static GtkWidget *
find_outline_row (GtkWidget  *widget,
                  const char *key)
{
  if (GTK_IS_TREE_EXPANDER (widget) &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "topo-outline-key"), key) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_outline_row (child, key);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Outline rows tell assistive technology their name, type and number of findings (GTK 4.8 has
 * no list item API: the row's child carries the label), and say new counts after validation. */
static void
test_outline_row_labels (Fixture       *f,
                         gconstpointer  data)
{
  TopoOutline *outline = _topo_window_get_outline (f->window);
  const TopoResource *res = NULL;
  g_autofree char *key = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  GtkWidget *row = NULL;
  guint n = 0;

  _topo_window_validate_now (f->window);
  diags = topo_validate (f->doc);
  /* a card with findings */
  for (guint i = 0; i < diags->len && res == NULL; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diags, i);
      const TopoResource *r = d->subjects ? topo_document_lookup (f->doc, d->subjects[0]) : NULL;

      if (r != NULL && r->kind != TOPO_KIND_RESOURCE_GROUP)
        res = r;
    }
  g_assert_nonnull (res);
  key = g_strconcat ("res:", res->id, NULL);
  for (guint i = 0; i < diags->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diags, i);
      n += d->subjects != NULL && g_strv_contains ((const char *const *) d->subjects, res->id);
    }
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "win.find", NULL);
  for (guint i = 0; i < 100 && (row = find_outline_row (GTK_WIDGET (outline), key)) == NULL; i++)
    run_for (50);
  g_assert_nonnull (row);
  expected = g_strdup_printf (n == 1 ? "%s, %s, %u issue" : "%s, %s, %u issues",
                              topo_resource_get_name (res), topo_kind_display_name (res->kind), n);
  message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                expected);
  g_assert_null (message);

  /* no findings: the label says so */
  topo_outline_set_diagnostics (outline, NULL);
  g_free (expected);
  expected = g_strdup_printf ("%s, %s, no issues", topo_resource_get_name (res),
                              topo_kind_display_name (res->kind));
  message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                expected);
  g_assert_null (message);
}

static GtkWidget *
descendant_of_type (GtkWidget *w,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = descendant_of_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
hint_of (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "hint");
}

/* The inspector refuses, inline with the reason and a suggestion, what Azure would refuse; unset
 * counts show the export's defaults. */
static void
test_inspector_validation (Fixture       *f,
                           gconstpointer  data)
{
  TopoInspector *inspector = _topo_window_get_inspector (f->window);
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const char *ids[] = { st, NULL };
  const char *cluster;
  GtkWidget *row, *hint, *button, *spin;
  guint steps = topo_document_get_n_undo_steps (f->doc);

  /* a storage account name with capitals and a dash */
  topo_canvas_set_selection (f->canvas, ids);
  row = topo_inspector_get_row (inspector, "name");
  gtk_editable_set_text (GTK_EDITABLE (row), "St-Churn");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (topo_document_lookup (f->doc, st)->name, ==, NULL);
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps);
  hint = hint_of (row);
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (hint)), !=, "");
  button = g_object_get_data (G_OBJECT (hint), "button");
  g_assert_true (gtk_widget_get_visible (button));
  /* the suggestion is valid and applies in one step */
  g_signal_emit_by_name (button, "clicked");
  g_assert_nonnull (topo_document_lookup (f->doc, st)->name);
  g_assert_true (topo_naming_check (TOPO_KIND_STORAGE, topo_document_lookup (f->doc, st)->name, NULL));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_false (gtk_widget_get_visible (hint));

  /* a compute cluster: defaults shown, a VM size checked, min above max refused */
  cluster = topo_edit_add_resource (f->doc, TOPO_KIND_COMPUTE_CLUSTER, RG, NULL, 232, 136, NULL);
  g_assert_nonnull (cluster);
  {
    const char *cids[] = { cluster, NULL };
    g_autofree char *cid = g_strdup (cluster);

    topo_canvas_set_selection (f->canvas, cids);
    row = topo_inspector_get_row (inspector, "max_nodes");
    spin = g_object_get_data (G_OBJECT (row), "spin");
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, TOPO_ARM_DEFAULT_MAX_NODES);
    g_assert_nonnull (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));

    /* a typed VM size Azure does not list is refused inline, with the nearest known one */
    row = topo_inspector_get_row (inspector, "vm_size");
    steps = topo_document_get_n_undo_steps (f->doc);
    gtk_editable_set_text (GTK_EDITABLE (row), "Standard_DS3v2");
    g_signal_emit_by_name (row, "apply");
    g_assert_null (topo_document_lookup (f->doc, cid)->vm_size);
    g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps);
    g_assert_true (gtk_widget_get_visible (hint_of (row)));
    g_assert_nonnull (g_strrstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (hint_of (row))),
                                 "Standard_DS3_v2"));
    button = g_object_get_data (G_OBJECT (hint_of (row)), "button");
    g_assert_cmpstr (g_object_get_data (G_OBJECT (button), "suggestion"), ==, "Standard_DS3_v2");
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpstr (topo_document_lookup (f->doc, cid)->vm_size, ==, "Standard_DS3_v2");
    topo_inspector_rebuild (inspector);
    row = topo_inspector_get_row (inspector, "vm_size");
    g_assert_false (gtk_widget_get_visible (hint_of (row)));

    /* one used as typed from the list of sizes ("Use “…”") applies, and the validator judges
     * it (CAP001, whose fix is the nearest known size); the inspector says so under the row */
    {
      GtkWidget *chooser = descendant_of_type (row, TOPO_TYPE_VM_SIZE_CHOOSER);

      g_assert_nonnull (chooser);
      g_signal_emit_by_name (chooser, "size-activated", "ds3_v2");
    }
    g_assert_cmpstr (topo_document_lookup (f->doc, cid)->vm_size, ==, "ds3_v2");
    topo_inspector_rebuild (inspector);
    row = topo_inspector_get_row (inspector, "vm_size");
    g_assert_true (gtk_widget_get_visible (hint_of (row)));
    {
      g_autoptr(GPtrArray) diagnostics = topo_validate (f->doc);
      gboolean fixed = FALSE;

      for (guint i = 0; i < diagnostics->len; i++)
        {
          TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

          if (g_str_equal (d->rule, "CAP001") && g_str_equal (d->subjects[0], cid))
            fixed = topo_diagnostic_apply_fix (d, f->doc, NULL);
        }
      g_assert_true (fixed);
    }
    g_assert_cmpstr (topo_document_lookup (f->doc, cid)->vm_size, ==, "Standard_DS3_v2");

    row = topo_inspector_get_row (inspector, "min_nodes");
    spin = g_object_get_data (G_OBJECT (row), "spin");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 9);
    g_assert_true (topo_document_lookup (f->doc, cid)->min_nodes == TOPO_COUNT_UNSET);
    g_assert_true (gtk_widget_get_visible (hint_of (row)));
    /* the refused value is not left on show: the spin button says what the document has */
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, TOPO_ARM_DEFAULT_MIN_NODES);
    button = g_object_get_data (G_OBJECT (hint_of (row)), "button");
    g_assert_cmpstr (g_object_get_data (G_OBJECT (button), "suggestion"), ==, "4");
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (topo_document_lookup (f->doc, cid)->min_nodes == 4);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 4);
    g_assert_false (gtk_widget_get_visible (hint_of (row)));
  }

  /* a team's refused id is explained inline, inside its expander, under the row */
  topo_canvas_set_selection (f->canvas, NULL);
  g_assert_true (topo_edit_add_team (f->doc, topo_team_new ("fraud"), NULL));
  g_assert_true (topo_edit_add_team (f->doc, topo_team_new ("churn"), NULL));
  topo_inspector_rebuild (inspector);
  row = topo_inspector_get_row (inspector, "team:fraud:id");
  g_assert_nonnull (row);
  hint = hint_of (row);
  g_assert_nonnull (hint);
  g_assert_true (gtk_widget_get_ancestor (hint, ADW_TYPE_EXPANDER_ROW) ==
                 topo_inspector_get_row (inspector, "team:fraud"));
  g_assert_false (gtk_widget_get_visible (hint));
  steps = topo_document_get_n_undo_steps (f->doc);
  gtk_editable_set_text (GTK_EDITABLE (row), "churn");   /* taken */
  g_signal_emit_by_name (row, "apply");
  g_assert_nonnull (topo_document_lookup_team (f->doc, "fraud"));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps);
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (hint)), !=, "");
  g_assert_nonnull (hint_of (topo_inspector_get_row (inspector, "team:fraud:name")));
}

/* Whether the canvas selection is exactly id (NULL: something is selected). */
static gboolean
selection_is (Fixture    *f,
              const char *id)
{
  g_auto(GStrv) sel = topo_canvas_get_selection (f->canvas);

  if (id == NULL)
    return sel[0] != NULL;
  return sel[0] != NULL && sel[1] == NULL && g_str_equal (sel[0], id);
}

/* The targets "Connect to…" lists, as resource ids. */
static GStrv
connect_targets (Fixture *f)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (int i = 0; i < g_menu_model_get_n_items (G_MENU_MODEL (f->canvas->connect_menu)); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (
        G_MENU_MODEL (f->canvas->connect_menu), i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      if (target != NULL)
        g_strv_builder_add (b, g_variant_get_string (target, NULL));
    }
  return g_strv_builder_end (b);
}

/* Keyboard on the canvas: Alt+arrows walk the resources in reading order, Shift+F10 opens the
 * context menu at the selection, whose "Connect to…" lists valid targets (not linked yet) and
 * links in one undo step. */
static void
test_canvas_keyboard (Fixture       *f,
                      gconstpointer  data)
{
  const char *ws = first_of_kind (f->doc, TOPO_KIND_WORKSPACE);
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const char *kv = first_of_kind (f->doc, TOPO_KIND_KEY_VAULT);
  g_auto(GStrv) order = _topo_canvas_reading_order (f->canvas);
  g_auto(GStrv) targets = NULL;
  g_auto(GStrv) sel = NULL;
  const char *ws_ids[] = { ws, NULL };
  guint steps;

  g_assert_cmpstrv (order, ((const char *[]) { RG, ws, st, kv, NULL }));
  if (!xinput_available (f))
    return;
  xdo_focus (f);
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  topo_canvas_set_selection (f->canvas, NULL);
  xdo ("key alt+Right");
  WAIT_UNTIL (selection_is (f, NULL));
  sel = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (sel, ((const char *[]) { RG, NULL }));
  xdo ("key alt+Right");
  xdo ("key alt+Right");
  WAIT_UNTIL (selection_is (f, st));
  g_strfreev (sel);
  sel = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (sel, ((const char *[]) { st, NULL }));
  xdo ("key alt+Left");
  WAIT_UNTIL (selection_is (f, ws));
  g_strfreev (sel);
  sel = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (sel, ((const char *[]) { ws, NULL }));

  /* Shift+F10: the context menu, with the workspace's targets */
  topo_canvas_set_selection (f->canvas, ws_ids);
  xdo ("key shift+F10");
  WAIT_UNTIL (gtk_widget_get_visible (f->canvas->context_menu));
  g_assert_true (gtk_widget_get_visible (f->canvas->context_menu));
  targets = connect_targets (f);
  g_assert_true (g_strv_contains ((const char *const *) targets, st));
  g_assert_false (g_strv_contains ((const char *const *) targets, ws));
  xdo ("key Escape");
  WAIT_UNTIL (!gtk_widget_get_visible (f->canvas->context_menu));

  /* connect without a drag: one step, the link selected, the target no longer offered */
  steps = topo_document_get_n_undo_steps (f->doc);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.connect-to", "s", st));
  g_assert_cmpuint (topo_document_get_n_links (f->doc), ==, 1);
  g_assert_cmpstr (topo_document_get_link (f->doc, 0)->from, ==, ws);
  g_assert_cmpstr (topo_document_get_link (f->doc, 0)->to, ==, st);
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_cmpint (topo_canvas_get_selected_link (f->canvas), ==, 0);
  /* from the storage account's side: the workspace is linked already */
  {
    const char *st_ids[] = { st, NULL };
    topo_canvas_set_selection (f->canvas, st_ids);
    _topo_canvas_popup_context_menu (f->canvas, &(GdkRectangle) { 10, 10, 1, 1 });
    g_strfreev (targets);
    targets = connect_targets (f);
    g_assert_false (g_strv_contains ((const char *const *) targets, ws));
    gtk_popover_popdown (GTK_POPOVER (f->canvas->context_menu));
  }
}

/* "Connect To" in the context menu is a submenu only when it has a target: a resource group
 * (groups are never linked) or a resource whose every possible partner is linked to it already
 * shows it insensitive. */
static void
test_connect_menu (Fixture       *f,
                   gconstpointer  data)
{
  const char *rg_ids[] = { RG, NULL };
  const char *ws_ids[] = { first_of_kind (f->doc, TOPO_KIND_WORKSPACE), NULL };
  const char *st_ids[] = { first_of_kind (f->doc, TOPO_KIND_STORAGE), NULL };
  const GdkRectangle at = { 10, 10, 1, 1 };
  g_auto(GStrv) targets = NULL;

  topo_canvas_set_selection (f->canvas, rg_ids);
  _topo_canvas_popup_context_menu (f->canvas, &at);
  g_assert_false (_topo_canvas_connect_menu_enabled (f->canvas));
  targets = connect_targets (f);
  g_assert_cmpstrv (targets, ((const char *[]) { NULL }));
  gtk_popover_popdown (GTK_POPOVER (f->canvas->context_menu));

  /* nothing selected */
  topo_canvas_set_selection (f->canvas, NULL);
  _topo_canvas_popup_context_menu (f->canvas, &at);
  g_assert_false (_topo_canvas_connect_menu_enabled (f->canvas));
  gtk_popover_popdown (GTK_POPOVER (f->canvas->context_menu));

  /* the workspace can be linked to the storage account */
  topo_canvas_set_selection (f->canvas, ws_ids);
  _topo_canvas_popup_context_menu (f->canvas, &at);
  g_assert_true (_topo_canvas_connect_menu_enabled (f->canvas));
  g_strfreev (targets);
  targets = connect_targets (f);
  g_assert_true (g_strv_contains ((const char *const *) targets, st_ids[0]));
  gtk_popover_popdown (GTK_POPOVER (f->canvas->context_menu));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.connect-to", "s", st_ids[0]));

  /* the storage account's only partner here is linked to it now */
  topo_canvas_set_selection (f->canvas, st_ids);
  _topo_canvas_popup_context_menu (f->canvas, &at);
  g_assert_false (_topo_canvas_connect_menu_enabled (f->canvas));
  gtk_popover_popdown (GTK_POPOVER (f->canvas->context_menu));

  /* and the workspace's submenu comes back when it is selected again */
  topo_canvas_set_selection (f->canvas, ws_ids);
  _topo_canvas_popup_context_menu (f->canvas, &at);
  g_assert_cmpint (_topo_canvas_connect_menu_enabled (f->canvas), ==,
                   g_menu_model_get_n_items (G_MENU_MODEL (f->canvas->connect_menu)) > 0);
  gtk_popover_popdown (GTK_POPOVER (f->canvas->context_menu));
}

/* Assistive technologies: the canvas is named, and its description says what is selected (name,
 * kind and group), or how to select with the keyboard when nothing is. */
static void
test_canvas_accessible (Fixture       *f,
                        gconstpointer  data)
{
  const char *st = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  const char *ids[] = { st, NULL };
  const TopoResource *res = topo_document_lookup (f->doc, st);
  const TopoResource *rg = topo_document_lookup (f->doc, RG);
  g_autofree char *expected = NULL;
  char *message;

  message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->canvas), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Design canvas");
  g_assert_null (message);
  topo_canvas_set_selection (f->canvas, ids);
  expected = g_strdup_printf ("Selected: %s, Storage account, in %s", topo_resource_get_name (res),
                              topo_resource_get_name (rg));
  message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->canvas),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
  g_assert_null (message);
  topo_canvas_set_selection (f->canvas, NULL);
  message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->canvas), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                "Nothing selected. Alt+arrow keys select the next or "
                                                "previous resource; the Outline tab lists every object.");
  g_assert_null (message);
}

static void
test_zoom (Fixture       *f,
           gconstpointer  data)
{
  double dx, dy, x, y;

  /* zooming around a point keeps that design point under the pointer */
  topo_canvas_widget_to_design (f->canvas, 300, 200, &dx, &dy);
  topo_canvas_zoom_at (f->canvas, 2.0, 300, 200);
  g_assert_cmpfloat_with_epsilon (topo_canvas_get_zoom (f->canvas), 2.0, 1e-9);
  topo_canvas_design_to_widget (f->canvas, dx, dy, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 300, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, 200, 1e-6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (topo_canvas_get_zoom (f->canvas), 1.6, 1e-9);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.fit", NULL));
  g_assert_cmpfloat (topo_canvas_get_zoom (f->canvas), <=, 1.0);
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (f->canvas);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree guchar *pixels = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int w, h;
  guint32 background;
  guint differing = 0;

  topo_canvas_fit (f->canvas);
  gtk_widget_queue_draw (canvas);
  gtk_test_widget_wait_for_draw (canvas);
  w = gtk_widget_get_width (canvas);
  h = gtk_widget_get_height (canvas);
  g_assert_cmpint (w, >, 100);
  g_assert_cmpint (h, >, 100);

  paintable = gtk_widget_paintable_new (canvas);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (canvas));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (g_get_tmp_dir (), "topograph-test-canvas.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("canvas screenshot: %s", path);

  pixels = g_malloc (4 * w * h);
  gdk_texture_download (texture, pixels, 4 * w);
  background = ((guint32 *) pixels)[(h - 1) * w + (w - 1)];
  for (int i = 0; i < w * h; i++)
    if (((guint32 *) pixels)[i] != background)
      differing++;
  /* lanes, the RG and its cards cover a good part of the canvas */
  g_assert_cmpuint (differing, >, (guint) (w * h / 50));
}

static gboolean
quit_later_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_later_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The canvas' pixels (ARGB32, w × h) once its view cache is complete for exactly this view. */
static guchar *
canvas_pixels (Fixture *f,
               int     *w_out,
               int     *h_out)
{
  GtkWidget *canvas = GTK_WIDGET (f->canvas);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  guchar *pixels;
  int w, h;

  /* past the settle delay, and until the cache has every visible tile for exactly this view: a
   * slow build (ASan, a loaded machine) renders them over several frames within a budget */
  run_for (400);
  gtk_widget_queue_draw (canvas);
  gtk_test_widget_wait_for_draw (canvas);
  for (guint i = 0; i < 400 && (f->canvas->settle_id != 0 || f->canvas->more_id != 0 ||
                                f->canvas->old_tiles != NULL || !f->canvas->tiles_current); i++)
    {
      run_for (50);
      gtk_widget_queue_draw (canvas);
      gtk_test_widget_wait_for_draw (canvas);
    }
  g_assert_true (f->canvas->tiles_current);
  w = gtk_widget_get_width (canvas);
  h = gtk_widget_get_height (canvas);
  g_assert_cmpint (gtk_widget_get_scale_factor (canvas), ==, 1);

  paintable = gtk_widget_paintable_new (canvas);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (canvas)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  pixels = g_malloc (4 * w * h);
  gdk_texture_download (texture, pixels, 4 * w);
  *w_out = w;
  *h_out = h;
  return pixels;
}

/* Pixels of the canvas that differ from topo_render_document drawing the same view (by more
 * than rounding). */
static guint
canvas_differs_from_renderer (Fixture *f)
{
  g_autofree guchar *pixels = NULL;
  TopoRenderOptions options;
  cairo_surface_t *surface;
  cairo_t *cr;
  double ox, oy, scale = topo_canvas_get_zoom (f->canvas);
  int w, h;
  guint differing = 0;

  pixels = canvas_pixels (f, &w, &h);
  topo_render_options_init (&options);
  options.badges = f->canvas->badges;
  options.hovered = _topo_canvas_get_hovered (f->canvas);
  options.scale = scale;
  topo_canvas_get_origin (f->canvas, &ox, &oy);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -ox, -oy);
  topo_render_document (f->doc, cr, &(TopoRect) { ox, oy, w / scale, h / scale }, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (int y = 0; y < h; y++)
    {
      const guint32 *a = (const guint32 *) (pixels + 4 * w * y);
      const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (surface) +
                                            cairo_image_surface_get_stride (surface) * y);
      for (int x = 0; x < w; x++)
        {
          int most = 0;

          /* the tiles place shapes at other absolute offsets: cairo's fixed-point rounding may
           * move an antialiased edge pixel by one level, nothing more */
          for (int c = 0; c < 24; c += 8)
            most = MAX (most, ABS ((int) ((a[x] >> c) & 0xff) - (int) ((b[x] >> c) & 0xff)));
          if (most > 2)
            {
              if (differing < 20)
                g_test_message ("pixel %d,%d: canvas %08x renderer %08x", x, y, a[x], b[x]);
              differing++;
            }
        }
    }
  cairo_surface_destroy (surface);
  return differing;
}

/* The canvas paints cached tiles, stretched or shifted while the view moves; once the view
 * settles the picture is the renderer's own, and edits show at once. */
static void
test_view_cache (Fixture       *f,
                 gconstpointer  data)
{
  const char *ids[] = { NULL, NULL };

  _topo_window_validate_now (f->window);
  topo_canvas_set_selection (f->canvas, NULL);
  g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);

  /* whole-pixel pan: the same tiles, shifted */
  topo_canvas_pan (f->canvas, 37, 23);
  g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);

  /* sub-pixel pan and zoom: stretched tiles until the view settles (not at exactly half a
   * pixel: there the renderer's round() puts shapes cut by the left or top edge of whatever it
   * draws into one pixel off, so the whole-view drawing differs at its own edges) */
  topo_canvas_pan (f->canvas, -10.3, 3.2);
  g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);
  topo_canvas_zoom_at (f->canvas, 1.1, 200, 150);
  g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);
  topo_canvas_zoom_at (f->canvas, 0.5, 10, 10);
  g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);

  /* an edit invalidates the tiles */
  topo_canvas_set_view (f->canvas, 1.0, 0, 0);
  g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);
  ids[0] = first_of_kind (f->doc, TOPO_KIND_STORAGE);
  topo_edit_move (f->doc, ids, 16, 8);
  _topo_window_validate_now (f->window);
  g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);
}

/* Tiles rendered until the view shows complete again; what the canvas shows then must be what
 * it shows after rendering every tile anew, pixel for pixel (selection handles included). */
static guint
tiles_rendered_by (Fixture *f,
                   guint    before)
{
  g_autofree guchar *partial = NULL;
  g_autofree guchar *full = NULL;
  guint rendered, differing = 0;
  int w, h, w2, h2;

  partial = canvas_pixels (f, &w, &h);
  rendered = f->canvas->tiles_rendered - before;
  _topo_canvas_drop_tiles (f->canvas);
  gtk_widget_queue_draw (GTK_WIDGET (f->canvas));
  full = canvas_pixels (f, &w2, &h2);
  g_assert_cmpint (w, ==, w2);
  g_assert_cmpint (h, ==, h2);
  for (int i = 0; i < w * h; i++)
    {
      guint32 a = ((guint32 *) partial)[i], b = ((guint32 *) full)[i];
      int most = 0;

      /* a text drawn the first time and one copied from the renderer's bitmap cache may differ
       * by a level in an antialiased pixel */
      for (int c = 0; c < 24; c += 8)
        most = MAX (most, ABS ((int) ((a >> c) & 0xff) - (int) ((b >> c) & 0xff)));
      if (most > 2)
      {
        if (differing < 10)
          g_test_message ("pixel %d,%d: partly re-rendered %08x, all re-rendered %08x", i % w, i / w,
                          ((guint32 *) partial)[i], ((guint32 *) full)[i]);
        differing++;
      }
    }
  g_assert_cmpuint (differing, ==, 0);
  return rendered;
}

/* Edits, selection, hover and badges re-render only the tiles they touch, and the picture is
 * still the renderer's own, pixel for pixel, at 100 % and zoomed out. */
static void
test_view_cache_damage (Fixture       *f,
                        gconstpointer  data)
{
  static const double zooms[] = { 1.0, 0.4 };
  g_autoptr(GError) error = NULL;

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      const char *storage = first_of_kind (f->doc, TOPO_KIND_STORAGE);
      const char *ids[] = { storage, NULL };
      const TopoResource *rg = topo_document_lookup (f->doc, RG);
      g_autofree char *added = NULL;
      guint n, all;
      int li;

      topo_canvas_set_view (f->canvas, zooms[z], -36, -28);
      _topo_window_validate_now (f->window);
      topo_canvas_set_selection (f->canvas, NULL);
      n = f->canvas->tiles_rendered;
      g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);
      /* everything once: what a full re-render costs here */
      _topo_canvas_drop_tiles (f->canvas);
      gtk_widget_queue_draw (GTK_WIDGET (f->canvas));
      n = f->canvas->tiles_rendered;
      all = tiles_rendered_by (f, n);
      g_test_message ("zoom %.1f: %u visible tiles", zooms[z], all);
      g_assert_cmpuint (all, >=, 6);

#define PARTIAL(what) G_STMT_START {                                                      \
        guint k = tiles_rendered_by (f, n);                                               \
        g_test_message ("zoom %.1f, %s: %u of %u tiles rendered again", zooms[z], what, k, all); \
        g_assert_cmpuint (k, <, all);                                                     \
        n = f->canvas->tiles_rendered;                                                    \
      } G_STMT_END

      n = f->canvas->tiles_rendered;
      topo_edit_move (f->doc, ids, 24, 8);
      PARTIAL ("move");
      if (z == 0)
        {
          /* a note attached to the storage account follows it, leader line and all */
          TopoNote *note = topo_note_new ("note-damage", "Follows the *storage* account");

          note->attach = g_strdup (storage);
          g_assert_nonnull (topo_edit_add_note (f->doc, note, &error));
          g_assert_no_error (error);
          tiles_rendered_by (f, n);
          n = f->canvas->tiles_rendered;
        }
      topo_edit_move (f->doc, ids, -16, 40);
      PARTIAL ("move with a note attached");
      if (z == 0)
        {
          topo_edit_remove (f->doc, (const char *[]) { "note-damage", NULL });
          tiles_rendered_by (f, n);
          n = f->canvas->tiles_rendered;
        }
      topo_canvas_set_selection (f->canvas, ids);
      PARTIAL ("select");
      f->canvas->hovered = g_strdup (RG);
      gtk_widget_queue_draw (GTK_WIDGET (f->canvas));
      PARTIAL ("hover");
      g_clear_pointer (&f->canvas->hovered, g_free);
      gtk_widget_queue_draw (GTK_WIDGET (f->canvas));
      PARTIAL ("hover off");
      g_assert_true (topo_edit_set_property (f->doc, storage, "name", z ? "stdamagerenamed2" : "stdamagerenamed1", &error));
      g_assert_no_error (error);
      PARTIAL ("rename");
      topo_canvas_set_selection (f->canvas, NULL);
      PARTIAL ("deselect");
      added = g_strdup (topo_edit_add_resource (f->doc, TOPO_KIND_STORAGE, rg->id, NULL, 40, 300, &error));
      g_assert_no_error (error);
      PARTIAL ("add");
      g_assert_true (topo_edit_connect (f->doc, first_of_kind (f->doc, TOPO_KIND_WORKSPACE), added,
                                        TOPO_ACCESS_UNSET, &error));
      g_assert_no_error (error);
      PARTIAL ("connect");
      {
        g_autoptr(GHashTable) badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        TopoBadge *badge = g_new0 (TopoBadge, 1);

        badge->errors = 2;
        g_hash_table_insert (badges, g_strdup (storage), badge);
        topo_canvas_set_badges (f->canvas, badges);
        PARTIAL ("badges set");
      }
      _topo_window_validate_now (f->window);
      PARTIAL ("badges from validation");
      li = (int) topo_document_get_n_links (f->doc) - 1;
      g_assert_true (topo_edit_disconnect (f->doc, li, &error));
      g_assert_no_error (error);
      PARTIAL ("disconnect");
      topo_edit_remove (f->doc, (const char *[]) { added, NULL });
      PARTIAL ("remove");
      g_assert_true (topo_edit_set_property (f->doc, rg->id, "environment", z ? "prod" : "staging", &error));
      g_assert_no_error (error);
      PARTIAL ("environment");
      _topo_window_validate_now (f->window);
      n = f->canvas->tiles_rendered;

      /* notes: a free one on the second lane, its text, moved, removed; one on a card */
      {
        /* long enough that zoomed out its chip reaches past its card, which the shorter text
         * that replaces it must not leave behind */
        TopoNote *note = topo_note_new (NULL, "A *free* note on how long the qa storage accounts keep "
                                              "their data, and who decides it");
        g_autofree char *id = NULL;
        const char *note_ids[] = { NULL, NULL };

        note->region = g_strdup ("northeurope");
        id = g_strdup (topo_edit_add_note (f->doc, note, &error));
        g_assert_no_error (error);
        note_ids[0] = id;
        PARTIAL ("note added");
        g_assert_true (topo_edit_set_note_text (f->doc, id, "Another **text**", &error));
        g_assert_no_error (error);
        PARTIAL ("note text");
        topo_edit_move (f->doc, note_ids, 32, 0);
        PARTIAL ("note moved");
        g_assert_true (topo_edit_attach_note (f->doc, id, storage, -1, &error));
        g_assert_no_error (error);
        PARTIAL ("note attached");
        topo_edit_move (f->doc, ids, 16, 0);
        PARTIAL ("card with the note moved");
        topo_edit_remove (f->doc, note_ids);
        PARTIAL ("note removed");
      }

      /* teams are not drawn; the badges their findings change are */
      {
        TopoTeam *team = topo_team_new (z ? "damage-team-2" : "damage-team-1");
        TopoTeam *renamed = NULL;

        team->name = g_strdup ("Damage team");
        g_assert_true (topo_edit_add_team (f->doc, team, &error));
        g_assert_no_error (error);
        _topo_window_validate_now (f->window);
        PARTIAL ("team added");
        renamed = topo_team_copy (topo_document_lookup_team (f->doc, z ? "damage-team-2" : "damage-team-1"));
        g_free (renamed->name);
        renamed->name = g_strdup ("Damage team, renamed");
        g_assert_true (topo_edit_replace_team (f->doc, renamed, &error));
        g_assert_no_error (error);
        _topo_window_validate_now (f->window);
        PARTIAL ("team modified");
        topo_edit_remove_team (f->doc, z ? "damage-team-2" : "damage-team-1");
        _topo_window_validate_now (f->window);
        PARTIAL ("team removed");
      }

      /* a policy edit that changes no finding draws nothing; one that changes the badges of
       * every resource may redraw everything, and the picture is still the renderer's */
      {
        TopoPolicy *policy = topo_policy_copy (topo_document_get_policy (f->doc));
        const char *regions[] = { "westeurope", "northeurope", "francecentral", NULL };

        g_strfreev (policy->allowed_regions);
        policy->allowed_regions = g_strdupv ((char **) regions);
        topo_edit_set_policy (f->doc, policy);
        _topo_window_validate_now (f->window);
        PARTIAL ("policy, same findings");
        policy = topo_policy_copy (topo_document_get_policy (f->doc));
        g_strfreev (policy->required_tags);
        policy->required_tags = g_strdupv ((char *[]) { (char *) "damage-owner", NULL });
        topo_edit_set_policy (f->doc, policy);
        _topo_window_validate_now (f->window);
        tiles_rendered_by (f, n);
        n = f->canvas->tiles_rendered;
        topo_document_undo (f->doc);
        _topo_window_validate_now (f->window);
        tiles_rendered_by (f, n);
        n = f->canvas->tiles_rendered;
      }

      /* lanes: one added below the others, then removed again; two swapped (their regions
       * change places: the whole of both is redrawn) */
      {
        const char *three[] = { "westeurope", "northeurope", "francecentral", NULL };
        const char *two[] = { "westeurope", "northeurope", NULL };
        const char *swapped[] = { "northeurope", "westeurope", NULL };

        topo_edit_set_lanes (f->doc, three);
        if (z == 0)
          PARTIAL ("lane added");
        else
          tiles_rendered_by (f, n);
        n = f->canvas->tiles_rendered;
        topo_edit_set_lanes (f->doc, two);
        if (z == 0)
          PARTIAL ("lane removed");
        else
          tiles_rendered_by (f, n);
        n = f->canvas->tiles_rendered;
        topo_edit_set_lanes (f->doc, swapped);
        tiles_rendered_by (f, n);
        n = f->canvas->tiles_rendered;
        topo_edit_set_lanes (f->doc, two);
        tiles_rendered_by (f, n);
        n = f->canvas->tiles_rendered;
      }
      topo_edit_set_name (f->doc, z ? "Renamed design 2" : "Renamed design 1");
      PARTIAL ("design renamed");
      _topo_window_validate_now (f->window);
      g_assert_cmpuint (canvas_differs_from_renderer (f), ==, 0);
#undef PARTIAL
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if ((status = topo_gtk_test_init (&argc, &argv)) >= 0)
    return status;
  /* the recent files list is written there (XDG_DATA_HOME points into the build dir) */
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);

#define ADD(path, fn) g_test_add ("/topo/gui/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("palette/drop", test_palette_drop);
  ADD ("canvas/move-group-to-lane", test_move_group_to_lane);
  ADD ("canvas/move-and-cancel", test_move_and_cancel);
  ADD ("canvas/reparent", test_reparent_by_drag);
  ADD ("canvas/connect", test_connect);
  ADD ("canvas/connect-reversed", test_connect_reversed);
  ADD ("canvas/move-keeps-cards-apart", test_move_keeps_cards_apart);
  ADD ("canvas/rubber-band-delete", test_rubber_band_and_delete);
  ADD ("canvas/resize", test_resize);
  ADD ("canvas/open-tidies-layout", test_open_tidies_layout);
  ADD ("canvas/rename-inline", test_rename_inline);
  ADD ("canvas/zoom", test_zoom);
  ADD ("canvas/rename-double-click-x", test_rename_double_click_x);
  ADD ("inspector/edit", test_inspector);
  ADD ("canvas/keyboard-x", test_canvas_keyboard);
  ADD ("canvas/connect-menu", test_connect_menu);
  ADD ("canvas/accessible", test_canvas_accessible);
  ADD ("inspector/validation", test_inspector_validation);
  ADD ("outline/sync-search", test_outline);
  ADD ("inspector/focus-x", test_inspector_focus_x);
  ADD ("issues/activate", test_issues);
  ADD ("issues/incremental", test_issues_incremental);
  ADD ("outline/incremental", test_outline_incremental);
  ADD ("issues/suppress", test_issues_suppress);
  ADD ("window/save", test_save);
  ADD ("window/open-broken", test_open_broken);
  ADD ("window/open-broken-modified", test_open_broken_modified);
  ADD ("window/export", test_export);
  ADD ("window/notes", test_notes);
  ADD ("window/export-refusal", test_export_refusal);
  ADD ("window/autosave", test_autosave);
  ADD ("window/changed-on-disk", test_changed_on_disk);
  ADD ("window/deleted-on-disk", test_deleted_on_disk);
  ADD ("window/export-filters", test_export_filters);
  ADD ("window/open-recent", test_open_recent);
  ADD ("window/close-prompt", test_close_prompt);
  ADD ("window/screenshot", test_screenshot);
  ADD ("canvas/view-cache", test_view_cache);
  ADD ("canvas/view-cache-damage", test_view_cache_damage);
  ADD ("outline/row-labels", test_outline_row_labels);
#undef ADD

  return g_test_run ();
}
