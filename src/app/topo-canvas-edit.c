/* topo-canvas-edit.c: the canvas' inline rename, context menu, actions and their keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-canvas"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "topo-canvas-private.h"
#include "topo-edit.h"
#include "topo-interaction.h"
#include "topo-layout.h"
#include "topo-note-editor.h"

/* Inline rename */

GtkWidget *
_topo_canvas_get_rename_entry (TopoCanvas *self)
{
  return self->rename_entry;
}

void
_topo_canvas_begin_rename (TopoCanvas *self,
                           const char *id)
{
  const TopoResource *res;
  GdkRectangle rect;
  double wx, wy;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  g_clear_handle_id (&self->rename_idle_id, g_source_remove);
  if (self->doc == NULL || (res = topo_document_lookup (self->doc, id)) == NULL)
    return;

  topo_layout_update (self->doc);
  g_free (self->rename_id);
  self->rename_id = g_strdup (id);
  topo_canvas_design_to_widget (self, res->bounds.x, res->bounds.y, &wx, &wy);
  rect.x = (int) wx;
  rect.y = (int) wy;
  rect.width = MAX (1, (int) (res->bounds.w * self->scale));
  rect.height = MAX (1, (int) (MIN (res->bounds.h, TOPO_GROUP_HEADER) * self->scale));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->rename_popover), &rect);
  gtk_editable_set_text (GTK_EDITABLE (self->rename_entry), topo_resource_get_name (res));
  gtk_widget_remove_css_class (self->rename_entry, "error");
  gtk_widget_set_tooltip_text (self->rename_entry, NULL);
  gtk_popover_popup (GTK_POPOVER (self->rename_popover));
  gtk_widget_grab_focus (self->rename_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->rename_entry), 0, -1);
}

/* Inline note editing */

GtkWidget *
_topo_canvas_get_note_editor (TopoCanvas *self)
{
  return self->note_editor;
}

void
_topo_canvas_begin_note_edit (TopoCanvas *self,
                              const char *id)
{
  const TopoNote *note;
  GdkRectangle rect;
  double wx, wy;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (self->doc == NULL || (note = topo_document_lookup_note (self->doc, id)) == NULL)
    return;
  topo_layout_update (self->doc);
  topo_canvas_design_to_widget (self, note->bounds.x, note->bounds.y, &wx, &wy);
  rect.x = (int) wx;
  rect.y = (int) wy;
  rect.width = MAX (1, (int) (note->bounds.w * self->scale));
  rect.height = MAX (1, (int) (note->bounds.h * self->scale));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->note_editor), &rect);
  topo_note_editor_edit (TOPO_NOTE_EDITOR (self->note_editor), note->id, note->text);
}

void
topo_canvas_edit_note (TopoCanvas *self,
                       const char *id)
{
  _topo_canvas_begin_note_edit (self, id);
}

static void
topo_canvas_note_commit_cb (TopoCanvas     *self,
                            const char     *id,
                            const char     *text,
                            TopoNoteEditor *editor)
{
  g_autoptr(GError) error = NULL;

  if (self->doc != NULL && topo_document_lookup_note (self->doc, id) != NULL &&
      !topo_edit_set_note_text (self->doc, id, text, &error))
    _topo_canvas_emit_message (self, error->message);
}

static void
topo_canvas_note_closed_cb (TopoCanvas *self,
                            GtkPopover *popover)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static gboolean
begin_rename_idle (gpointer data)
{
  TopoCanvas *self = data;
  g_autofree char *id = g_steal_pointer (&self->rename_id);

  self->rename_idle_id = 0;
  /* the second press started a move: drop it, and stop the gesture so nothing follows */
  if (self->mode != DRAG_NONE)
    {
      _topo_canvas_cancel (self);
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
    }
  if (topo_document_lookup_note (self->doc, id) != NULL)
    _topo_canvas_begin_note_edit (self, id);
  else
    _topo_canvas_begin_rename (self, id);
  return G_SOURCE_REMOVE;
}

/* A double-click renames once the button is up and the event fully handled: opened at the
 * second press, the popover lost the focus to the drag gesture (which also sees that press and
 * starts a move, an open undo group) and could take the release as a click outside it. */
static void
topo_canvas_click_released_cb (TopoCanvas      *self,
                               int              n_press,
                               double           wx,
                               double           wy,
                               GtkGestureClick *click)
{
  const TopoResource *item;
  const TopoNote *note;
  double x, y;
  int threshold = 8;

  if (self->doc == NULL || n_press != 2 ||
      gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (click)) != GDK_BUTTON_PRIMARY)
    return;
  /* a click, then a press that dragged the card (a hand selecting, then moving at once): the
   * click gesture still counts two presses, but that was a move, not a double-click */
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-dnd-drag-threshold", &threshold, NULL);
  if (fabs (wx - self->click_x) > threshold || fabs (wy - self->click_y) > threshold)
    return;
  topo_layout_update (self->doc);
  topo_canvas_widget_to_design (self, wx, wy, &x, &y);
  /* notes lie over everything else */
  note = topo_layout_note_at (self->doc, x, y);
  item = note == NULL ? topo_layout_resource_at (self->doc, x, y) : NULL;
  if (note == NULL && (item == NULL || item->kind == TOPO_KIND_RESOURCE_GROUP))
    item = topo_layout_group_at (self->doc, x, y);
  if (item == NULL && note == NULL)
    return;
  g_free (self->rename_id);
  self->rename_id = g_strdup (note != NULL ? note->id : item->id);
  /* not a plain idle: tile rendering keeps higher-priority idles busy for a while */
  if (self->rename_idle_id == 0)
    self->rename_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, begin_rename_idle, self, NULL);
}

static void
topo_canvas_rename_activate_cb (TopoCanvas *self,
                                GtkEntry   *entry)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const TopoResource *res;

  if (self->doc == NULL || self->rename_id == NULL ||
      (res = topo_document_lookup (self->doc, self->rename_id)) == NULL)
    return;

  /* an unchanged name is no edit (and no undo step) */
  if (g_strcmp0 (text, topo_resource_get_name (res)) != 0 &&
      !topo_edit_set_property (self->doc, self->rename_id, "name", text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      _topo_canvas_emit_message (self, error->message);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self->rename_popover));
}

/* Ctrl+S while renaming keeps the name, then saves; a refused name stays in the entry with its
 * reason, and nothing is saved. (The window's shortcuts do not reach into the popover.) */
static gboolean
topo_canvas_rename_save_cb (GtkWidget *popover,
                            GVariant  *args,
                            gpointer   data)
{
  TopoCanvas *self = data;

  topo_canvas_rename_activate_cb (self, GTK_ENTRY (self->rename_entry));
  if (!gtk_widget_get_visible (self->rename_popover))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
  return TRUE;
}

/* Closed by Enter, Escape or a click elsewhere: nothing is pending any more, and the keyboard
 * goes back to the canvas. */
static void
topo_canvas_rename_closed_cb (TopoCanvas *self,
                              GtkPopover *popover)
{
  g_clear_pointer (&self->rename_id, g_free);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Actions */

static void
zoom_at_centre (TopoCanvas *self,
                double      factor)
{
  GtkWidget *widget = GTK_WIDGET (self);

  topo_canvas_zoom_at (self, factor,
                       gtk_widget_get_width (widget) / 2.0,
                       gtk_widget_get_height (widget) / 2.0);
}

static void
action_zoom_in (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  zoom_at_centre (TOPO_CANVAS (widget), 1.25);
}

static void
action_zoom_out (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  zoom_at_centre (TOPO_CANVAS (widget), 1 / 1.25);
}

static void
action_zoom_reset (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);

  zoom_at_centre (self, 1.0 / self->scale);
}

static void
action_fit (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  topo_canvas_fit (TOPO_CANVAS (widget));
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);

  if (self->doc == NULL || self->mode != DRAG_NONE)
    return;
  if (self->selected_link >= 0)
    {
      g_autoptr(GError) error = NULL;
      if (!topo_edit_disconnect (self->doc, self->selected_link, &error))
        _topo_canvas_emit_message (self, error->message);
      return;
    }
  if (g_hash_table_size (self->selection) > 0)
    {
      g_auto(GStrv) ids = topo_canvas_get_selection (self);
      topo_edit_remove (self->doc, (const char *const *) ids);
    }
}

static void
action_select_all (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  guint n;

  if (self->doc == NULL)
    return;
  n = topo_document_get_n_resources (self->doc);
  g_hash_table_remove_all (self->selection);
  self->selected_link = -1;
  for (guint i = 0; i < n; i++)
    g_hash_table_add (self->selection, g_strdup (topo_document_get_resource (self->doc, i)->id));
  for (guint i = 0; i < topo_document_get_n_notes (self->doc); i++)
    g_hash_table_add (self->selection, g_strdup (topo_document_get_note (self->doc, i)->id));
  _topo_canvas_selection_changed (self);
}

static void
action_rename (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  const TopoResource *res;

  if (self->doc != NULL && (res = _topo_canvas_single_selected (self)) != NULL)
    _topo_canvas_begin_rename (self, res->id);
  else if (self->doc != NULL && g_hash_table_size (self->selection) == 1)
    {
      g_auto(GStrv) ids = topo_canvas_get_selection (self);

      _topo_canvas_begin_note_edit (self, ids[0]);
    }
}

static void
action_cancel (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);

  if (self->mode != DRAG_NONE)
    {
      _topo_canvas_cancel (self);
      /* also stop the gesture so later motion does not restart anything */
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
    }
  else if (self->connect_mode)
    _topo_canvas_set_connect_mode (self, FALSE);
  else if (g_hash_table_size (self->selection) > 0 || self->selected_link >= 0)
    topo_canvas_set_selection (self, NULL);
}

static void
action_nudge (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  g_auto(GStrv) ids = NULL;
  int dx, dy;

  if (self->doc == NULL || self->mode != DRAG_NONE || g_hash_table_size (self->selection) == 0)
    return;
  g_variant_get (param, "(ii)", &dx, &dy);
  ids = _topo_canvas_movable_selection (self);
  /* the core keeps cards in their group and groups apart */
  topo_interaction_nudge (self->doc, (const char *const *) ids, dx * TOPO_CANVAS_GRID,
                          dy * TOPO_CANVAS_GRID);
}

/* Keyboard: reading order, context menu, connecting without a drag */

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const TopoResource *x = *(const TopoResource **) a, *y = *(const TopoResource **) b;

  if (x->bounds.y != y->bounds.y)
    return x->bounds.y < y->bounds.y ? -1 : 1;
  if (x->bounds.x != y->bounds.x)
    return x->bounds.x < y->bounds.x ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

GStrv
_topo_canvas_reading_order (TopoCanvas *self)
{
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autoptr(GHashTable) cards = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) g_ptr_array_unref);
  guint n;

  if (self->doc == NULL)
    return g_strv_builder_end (order);
  topo_layout_update (self->doc);
  n = topo_document_get_n_resources (self->doc);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *res = topo_document_get_resource (self->doc, i);

      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        g_ptr_array_add (groups, (gpointer) res);
      else if (res->group != NULL)
        {
          GPtrArray *list = g_hash_table_lookup (cards, res->group);
          if (list == NULL)
            g_hash_table_insert (cards, res->group, (list = g_ptr_array_new ()));
          g_ptr_array_add (list, (gpointer) res);
        }
    }
  /* lanes are bands from top to bottom, so sorting groups by position reads lane by lane */
  g_ptr_array_sort (groups, compare_position);
  for (guint i = 0; i < groups->len; i++)
    {
      const TopoResource *rg = g_ptr_array_index (groups, i);
      GPtrArray *list = g_hash_table_lookup (cards, rg->id);

      g_strv_builder_add (order, rg->id);
      if (list == NULL)
        continue;
      g_ptr_array_sort (list, compare_position);
      for (guint j = 0; j < list->len; j++)
        g_strv_builder_add (order, ((const TopoResource *) g_ptr_array_index (list, j))->id);
    }
  return g_strv_builder_end (order);
}

/* Alt+arrows: the next or previous resource in reading order, brought into view. */
static void
action_select_next (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  g_auto(GStrv) order = _topo_canvas_reading_order (self);
  g_auto(GStrv) sel = topo_canvas_get_selection (self);
  int step = g_variant_get_int32 (param);
  guint n = g_strv_length (order);
  int current = -1;
  const char *ids[2] = { NULL, NULL };

  if (n == 0 || self->mode != DRAG_NONE)
    return;
  for (guint i = 0; sel[0] != NULL && i < n && current < 0; i++)
    if (g_str_equal (order[i], sel[0]))
      current = i;
  if (current < 0)
    current = step > 0 ? -1 : (int) n;
  current = CLAMP (current + step, 0, (int) n - 1);
  ids[0] = order[current];
  topo_canvas_set_selection (self, ids);
  topo_canvas_center_on (self, ids);
}

/* The valid targets of source: linkable in some direction, not linked yet; nearest first. */
typedef struct
{
  const TopoResource *res;
  double              d;
} Target;

static int
compare_target (gconstpointer a,
                gconstpointer b)
{
  const Target *x = a, *y = b;

  return x->d < y->d ? -1 : x->d > y->d ? 1 : g_strcmp0 (x->res->id, y->res->id);
}

#define MAX_CONNECT_TARGETS 25
/* the position of "Connect To" in the context menu's first section (build_context_menu) */
#define CONNECT_ITEM 2

/* Fills the "Connect to…" submenu; FALSE when there is nothing to list (no single resource
 * selected, a resource group, a resource that cannot be linked to anything that is not linked
 * to it already). */
static gboolean
fill_connect_menu (TopoCanvas *self)
{
  const TopoResource *src = _topo_canvas_single_selected (self);
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (Target));
  g_autoptr(GHashTable) linked = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  g_menu_remove_all (self->connect_menu);
  if (self->doc == NULL || src == NULL || src->kind == TOPO_KIND_RESOURCE_GROUP)
    return FALSE;
  for (guint i = 0; i < topo_document_get_n_links (self->doc); i++)
    {
      const TopoLink *link = topo_document_get_link (self->doc, i);
      if (g_str_equal (link->from, src->id))
        g_hash_table_add (linked, link->to);
      else if (g_str_equal (link->to, src->id))
        g_hash_table_add (linked, link->from);
    }
  n = topo_document_get_n_resources (self->doc);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *res = topo_document_get_resource (self->doc, i);
      Target t = { res, 0 };

      if (g_hash_table_contains (linked, res->id) ||
          !topo_interaction_can_connect (self->doc, src->id, res->id))
        continue;
      t.d = hypot (res->bounds.x - src->bounds.x, res->bounds.y - src->bounds.y);
      g_array_append_val (targets, t);
    }
  g_array_sort (targets, compare_target);
  for (guint i = 0; i < targets->len && i < MAX_CONNECT_TARGETS; i++)
    {
      const TopoResource *res = g_array_index (targets, Target, i).res;
      g_autofree char *label = g_strdup_printf ("%s (%s)", topo_resource_get_name (res),
                                                topo_kind_display_name (res->kind));
      g_autoptr(GMenuItem) item = NULL;
      g_autoptr(GString) escaped = g_string_new (label);

      /* an underscore in a name is not a mnemonic */
      g_string_replace (escaped, "_", "__", 0);
      item = g_menu_item_new (escaped->str, NULL);
      g_menu_item_set_action_and_target (item, "canvas.connect-to", "s", res->id);
      g_menu_append_item (self->connect_menu, item);
    }
  return targets->len > 0;
}

/* "Connect To" is the submenu when it has targets, else an insensitive item (its action does
 * not exist): a submenu cannot be made insensitive, and an enabled one that only says that
 * nothing can be linked invites a click for nothing. */
static void
update_connect_item (TopoCanvas *self)
{
  gboolean any = fill_connect_menu (self);
  g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (G_MENU_MODEL (self->edit_menu),
                                                              CONNECT_ITEM, G_MENU_LINK_SUBMENU);

  if (any == (submenu != NULL))
    return;
  g_menu_remove (self->edit_menu, CONNECT_ITEM);
  if (any)
    g_menu_insert_submenu (self->edit_menu, CONNECT_ITEM, _("Connect _To"),
                           G_MENU_MODEL (self->connect_menu));
  else
    g_menu_insert (self->edit_menu, CONNECT_ITEM, _("Connect _To"), "canvas.no-target");
}

gboolean
_topo_canvas_connect_menu_enabled (TopoCanvas *self)
{
  g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (G_MENU_MODEL (self->edit_menu),
                                                              CONNECT_ITEM, G_MENU_LINK_SUBMENU);
  return submenu != NULL;
}

void
_topo_canvas_popup_context_menu (TopoCanvas         *self,
                                 const GdkRectangle *rect)
{
  update_connect_item (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* Shift+F10, Menu: the context menu at the selection (or the middle of the view). */
static void
action_context_menu (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  const TopoResource *res = self->doc ? _topo_canvas_single_selected (self) : NULL;
  GdkRectangle rect = { gtk_widget_get_width (widget) / 2, gtk_widget_get_height (widget) / 2, 1, 1 };

  if (res != NULL)
    {
      double x0, y0, x1, y1;

      topo_layout_update (self->doc);
      topo_canvas_design_to_widget (self, res->bounds.x, res->bounds.y, &x0, &y0);
      topo_canvas_design_to_widget (self, res->bounds.x + res->bounds.w,
                                    res->bounds.y + MIN (res->bounds.h, TOPO_GROUP_HEADER), &x1, &y1);
      rect.x = (int) CLAMP (x0, 0, gtk_widget_get_width (widget) - 1);
      rect.y = (int) CLAMP (y0, 0, gtk_widget_get_height (widget) - 1);
      rect.width = MAX (1, (int) MIN (x1, gtk_widget_get_width (widget)) - rect.x);
      rect.height = MAX (1, (int) MIN (y1, gtk_widget_get_height (widget)) - rect.y);
    }
  _topo_canvas_popup_context_menu (self, &rect);
}

/* "Connect to…": links the selection and the target in whichever direction the format allows,
 * as one undo step, and selects the new link. */
static void
action_connect_to (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  const TopoResource *src = self->doc ? _topo_canvas_single_selected (self) : NULL;
  g_autoptr(GError) error = NULL;
  int index = -1;

  if (src == NULL)
    return;
  if (!topo_interaction_connect (self->doc, src->id, g_variant_get_string (param, NULL), &index,
                                 &error))
    {
      _topo_canvas_emit_message (self, error->message);
      return;
    }
  if (index >= 0)
    topo_canvas_select_link (self, index);
}

/* A context menu item chosen from a submenu (Connect To → a resource) leaves the window's
 * focus on the closed menu's own scrolled window, where no key arrives: Ctrl+S, Delete and the
 * arrows then did nothing. Once the menu has closed, the focus comes back to the canvas when it
 * is nowhere or still inside the menu. */
static gboolean
context_menu_refocus (gpointer data)
{
  TopoCanvas *self = data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  self->menu_focus_id = 0;
  if (root != NULL && !gtk_widget_get_visible (self->context_menu) &&
      (focus == NULL || focus == self->context_menu ||
       gtk_widget_is_ancestor (focus, self->context_menu) || !gtk_widget_get_mapped (focus)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
context_menu_closed_cb (TopoCanvas *self)
{
  if (self->menu_focus_id == 0)
    self->menu_focus_id = g_idle_add (context_menu_refocus, self);
}

static GMenuModel *
build_context_menu (TopoCanvas *self)
{
  GMenu *menu = g_menu_new ();
  GMenu *edit = g_menu_new ();
  g_autoptr(GMenu) view = g_menu_new ();

  g_menu_append (edit, _("_Rename"), "canvas.rename");
  g_menu_append (edit, _("_Delete"), "canvas.delete");
  self->connect_menu = g_menu_new ();
  g_menu_append_submenu (edit, _("Connect _To"), G_MENU_MODEL (self->connect_menu));
  g_assert (g_menu_model_get_n_items (G_MENU_MODEL (edit)) == CONNECT_ITEM + 1);
  g_menu_append (edit, _("_Connect Tool"), "canvas.connect-mode");
  self->edit_menu = edit;   /* owned: update_connect_item changes it */
  g_menu_append (view, _("Select _All"), "canvas.select-all");
  g_menu_append (view, _("_Fit to Window"), "canvas.fit");
  /* the window's setting (topo-settings.h), as in the main menu */
  g_menu_append (view, _("_Snap to Grid"), "win.snap-to-grid");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  return G_MENU_MODEL (menu);
}

void
_topo_canvas_edit_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, action_zoom_in);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, action_zoom_out);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-reset", NULL, action_zoom_reset);
  gtk_widget_class_install_action (widget_class, "canvas.fit", NULL, action_fit);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, action_delete);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, action_select_all);
  gtk_widget_class_install_action (widget_class, "canvas.rename", NULL, action_rename);
  gtk_widget_class_install_action (widget_class, "canvas.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "canvas.nudge", "(ii)", action_nudge);
  gtk_widget_class_install_action (widget_class, "canvas.select-next", "i", action_select_next);
  gtk_widget_class_install_action (widget_class, "canvas.context-menu", NULL, action_context_menu);
  gtk_widget_class_install_action (widget_class, "canvas.connect-to", "s", action_connect_to);
  gtk_widget_class_install_property_action (widget_class, "canvas.connect-mode", "connect-mode");
  gtk_widget_class_install_property_action (widget_class, "canvas.snap-to-grid", "snap-to-grid");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "canvas.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "canvas.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "canvas.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "canvas.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "canvas.select-next", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "canvas.select-next", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "canvas.select-next", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "canvas.select-next", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "canvas.connect-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "canvas.nudge", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "canvas.nudge", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "canvas.nudge", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "canvas.nudge", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", -5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, -5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, 5);
}

void
_topo_canvas_edit_init (TopoCanvas *self)
{
  g_autoptr(GMenuModel) menu = NULL;

  self->rename_entry = gtk_entry_new ();
  gtk_editable_set_width_chars (GTK_EDITABLE (self->rename_entry), 24);
  g_signal_connect_object (self->rename_entry, "activate", G_CALLBACK (topo_canvas_rename_activate_cb), self, G_CONNECT_SWAPPED);
  self->rename_popover = gtk_popover_new ();
  g_signal_connect_object (self->rename_popover, "closed", G_CALLBACK (topo_canvas_rename_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_popover_set_child (GTK_POPOVER (self->rename_popover), self->rename_entry);
  gtk_popover_set_position (GTK_POPOVER (self->rename_popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->rename_popover, GTK_WIDGET (self));
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_s, GDK_CONTROL_MASK),
                                                            gtk_callback_action_new (topo_canvas_rename_save_cb, self, NULL)));
    gtk_widget_add_controller (self->rename_popover, shortcuts);
  }

  self->note_editor = topo_note_editor_new ();
  g_signal_connect_object (self->note_editor, "commit", G_CALLBACK (topo_canvas_note_commit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_editor, "closed", G_CALLBACK (topo_canvas_note_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (self->note_editor, GTK_WIDGET (self));

  /* the click gesture belongs to topo-canvas-gestures.c, created before this runs */
  g_signal_connect_object (self->click, "released", G_CALLBACK (topo_canvas_click_released_cb), self, G_CONNECT_SWAPPED);

  menu = build_context_menu (self);
  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->context_menu), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  g_signal_connect_object (self->context_menu, "closed", G_CALLBACK (context_menu_closed_cb), self,
                           G_CONNECT_SWAPPED);
}
