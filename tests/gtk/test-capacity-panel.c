/* test-capacity-panel.c: the window's Capacity tab (a row selects its computes on the canvas, the
 * rows follow every committed edit) and the inspector's VM size chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include <glib/gstdio.h>

#include "topo-canvas.h"
#include "topo-capacity.h"
#include "topo-capacity-panel.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-image-export.h"
#include "topo-inspector.h"
#include "topo-quota-add-popover.h"
#include "topo-quota-popover.h"
#include "topo-validator.h"
#include "topo-vm-size-chooser.h"
#include "topo-vm-sizes.h"
#include "topo-window-private.h"
#include "gtk-test-init.h"
#include "topo-generator.h"
#include "../design-mutations.h"

typedef struct
{
  TopoWindow        *window;
  TopoCanvas        *canvas;
  TopoDocument      *doc;
  TopoCapacityPanel *panel;
} Fixture;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), "regional-fine-tuning.topograph", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_path (path, &error);

  g_assert_no_error (error);
  f->window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  topo_window_set_document (f->window, doc, NULL);
  f->doc = topo_window_get_document (f->window);
  f->canvas = _topo_window_get_canvas (f->window);
  f->panel = TOPO_CAPACITY_PANEL (find_descendant (GTK_WIDGET (f->window), TOPO_TYPE_CAPACITY_PANEL));
  g_assert_nonnull (f->panel);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* Shows the Capacity tab and lets it bring its rows up to date and draw them. */
static void
show_tab (Fixture *f)
{
  adw_view_stack_set_visible_child_name (f->window->side_stack, "capacity");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->panel));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The item of a region's family ("standardNCSv3Family"), its "total" or its "unknown" sizes. */
static TopoCapacityItem *
find_item (Fixture    *f,
           const char *region,
           const char *title)
{
  GListModel *model = topo_capacity_panel_get_model (f->panel);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TopoCapacityItem) item = g_list_model_get_item (model, i);
      TopoCapacityItemKind kind = topo_capacity_item_get_kind (item);
      g_autofree char *key = NULL;

      if (kind == TOPO_CAPACITY_ITEM_TOTAL)
        key = g_strdup_printf ("2\x1f%s\x1f", region);
      else if (kind == TOPO_CAPACITY_ITEM_UNKNOWN)
        key = g_strdup_printf ("1\x1f%s\x1f", region);
      else if (kind == TOPO_CAPACITY_ITEM_FAMILY)
        key = g_strdup_printf ("0\x1f%s\x1f%s", region, title);
      else
        continue;
      if (g_str_equal (topo_capacity_item_get_key (item), key) &&
          (kind == TOPO_CAPACITY_ITEM_FAMILY || g_str_equal (title, kind == TOPO_CAPACITY_ITEM_TOTAL ? "total" : "unknown")))
        return item;   /* the model keeps it */
    }
  return NULL;
}

/* What a row says: its title, figures and words. */
static char *
item_text (TopoCapacityItem *item)
{
  return g_strdup_printf ("%s|%s|%s|", topo_capacity_item_get_title (item),
                          topo_capacity_item_get_figures (item), topo_capacity_item_get_detail (item));
}

/* What a row widget shows: its visible labels, in order. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static char *
widget_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

static guint
position_of (Fixture          *f,
             TopoCapacityItem *item)
{
  GListModel *model = topo_capacity_panel_get_model (f->panel);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TopoCapacityItem) other = g_list_model_get_item (model, i);

      if (other == item)
        return i;
    }
  g_assert_not_reached ();
}

/* A click on the row: the list selects it. */
static void
select_item (Fixture          *f,
             TopoCapacityItem *item)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (topo_capacity_panel_get_view (f->panel));

  gtk_selection_model_select_item (selection, position_of (f, item), TRUE);
}

static void
test_rows_select_computes (Fixture       *f,
                           gconstpointer  data)
{
  TopoCapacityItem *item;
  g_auto(GStrv) selection = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;

  show_tab (f);
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "3 computes"));
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "every declared quota holds"));

  item = find_item (f, "westeurope", "standardNCSv3Family");
  g_assert_nonnull (item);
  text = item_text (item);
  g_assert_nonnull (strstr (text, "0–48 of 72 vCPUs"));
  g_assert_nonnull (strstr (text, "24 vCPUs free"));
  g_assert_nonnull (strstr (text, "0–8 GPUs (V100)"));
  /* the row on screen says it */
  g_assert_nonnull (topo_capacity_panel_get_row_widget (f->panel, item));
  shown = widget_text (topo_capacity_panel_get_row_widget (f->panel, item));
  g_assert_cmpstr (shown, ==, text);

  /* selecting the row (a click) selects its computes */
  select_item (f, item);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (selection, ((const char *[]) { "gpu-base", NULL }));

  /* the regional total selects every compute of the region; Enter on it does too */
  item = find_item (f, "uksouth", "total");
  g_assert_nonnull (item);
  select_item (f, item);
  g_clear_pointer (&selection, g_strfreev);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (selection, ((const char *[]) { "gpu-ft-uks", NULL }));
  topo_canvas_set_selection (f->canvas, NULL);
  g_signal_emit_by_name (topo_capacity_panel_get_view (f->panel), "activate", position_of (f, item));
  g_clear_pointer (&selection, g_strfreev);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (selection, ((const char *[]) { "gpu-ft-uks", NULL }));
}

static void
test_live_update (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* 20 nodes × 6 vCPUs = 120, over the family quota of 72 and the regional total of 100 */
  g_assert_true (topo_edit_set_property (f->doc, "gpu-base", "max_nodes", "20", &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "2 quotas exceeded"));
  text = item_text (find_item (f, "westeurope", "standardNCSv3Family"));
  g_assert_nonnull (strstr (text, "0–120 of 72 vCPUs"));
  g_assert_nonnull (strstr (text, "over quota by 48 vCPUs"));

  /* undo is a committed step too */
  g_assert_true (topo_document_undo (f->doc));
  g_clear_pointer (&text, g_free);
  text = item_text (find_item (f, "westeurope", "standardNCSv3Family"));
  g_assert_nonnull (strstr (text, "0–48 of 72 vCPUs"));
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "every declared quota holds"));
}

typedef struct
{
  GPtrArray  *items;     /* the model's items, in order */
  GPtrArray  *widgets;   /* the row widgets on screen, NULL for the others */
  GHashTable *changed;   /* item → times it said "changed" */
} Snapshot;

static void
count_changed (TopoCapacityItem *item,
               GHashTable       *changed)
{
  g_hash_table_insert (changed, item, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (changed, item)) + 1));
}

static void
snapshot_take (Fixture  *f,
               Snapshot *snap)
{
  GListModel *model = topo_capacity_panel_get_model (f->panel);

  snap->items = g_ptr_array_new_with_free_func (g_object_unref);
  snap->widgets = g_ptr_array_new ();
  snap->changed = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      TopoCapacityItem *item = g_list_model_get_item (model, i);

      g_ptr_array_add (snap->items, item);
      g_ptr_array_add (snap->widgets, topo_capacity_panel_get_row_widget (f->panel, item));
      g_signal_connect (item, "changed", G_CALLBACK (count_changed), snap->changed);
    }
}

/* The same items and row widgets, none of which said "changed". */
static void
snapshot_assert_same (Fixture  *f,
                      Snapshot *snap)
{
  GListModel *model = topo_capacity_panel_get_model (f->panel);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, snap->items->len);
  for (guint i = 0; i < snap->items->len; i++)
    {
      g_autoptr(TopoCapacityItem) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (snap->items, i));
      g_assert_true (topo_capacity_panel_get_row_widget (f->panel, item) == g_ptr_array_index (snap->widgets, i));
    }
  g_assert_cmpuint (g_hash_table_size (snap->changed), ==, 0);
}

static void
snapshot_clear (Snapshot *snap)
{
  for (guint i = 0; i < snap->items->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (snap->items, i), count_changed, snap->changed);
  g_clear_pointer (&snap->items, g_ptr_array_unref);
  g_clear_pointer (&snap->widgets, g_ptr_array_unref);
  g_clear_pointer (&snap->changed, g_hash_table_unref);
}

static void
spin_to (Fixture    *f,
         const char *key,
         double      value)
{
  GtkWidget *row = topo_inspector_get_row (_topo_window_get_inspector (f->window), key);
  GtkSpinButton *spin = row != NULL ? g_object_get_data (G_OBJECT (row), "spin") : NULL;

  g_assert_nonnull (spin);
  gtk_spin_button_set_value (spin, value);
}

/* Issue 14 and issue 9's move target: the tab follows every committed step in place. A move, a
 * resize, a note edit or an edit of what the plan does not read does not even compute the plan;
 * an edit the plan could show but does not leaves every item and row widget alone; an edit of the plan (the inspector's maximum nodes or VM
 * size, undo, redo) updates the items it changes, in place, with their row widgets. */
static void
test_in_place (Fixture       *f,
               gconstpointer  data)
{
  const char *ids[] = { "gpu-base", NULL };
  g_autoptr(GError) error = NULL;
  Snapshot snap = { 0 };
  TopoCapacityItem *family, *total;
  GtkWidget *family_row;
  guint updates, n_items;
  g_autofree char *text = NULL;

  show_tab (f);
  snapshot_take (f, &snap);
  updates = topo_capacity_panel_get_n_updates (f->panel);
  n_items = snap.items->len;
  g_assert_cmpuint (n_items, >=, 15);

  /* a card moved, a group resized, a note added and edited, each undone: no plan at all */
  {
    const char *card[] = { "gpu-base", NULL };
    const TopoResource *rg = topo_document_lookup (f->doc, "rg-base");
    TopoRect bigger = rg->bounds;
    TopoNote *note = topo_note_new (NULL, "Quota requested?");
    const char *note_id;

    topo_edit_move (f->doc, card, 24, 8);
    bigger.w += 48;
    g_assert_true (topo_edit_resize_group (f->doc, "rg-base", &bigger, &error));
    g_assert_no_error (error);
    topo_note_set_free (note, "westeurope");
    note_id = topo_edit_add_note (f->doc, note, &error);
    g_assert_no_error (error);
    g_assert_true (topo_edit_set_note_text (f->doc, note_id, "Quota requested in May", &error));
    for (guint i = 0; i < 4; i++)
      g_assert_true (topo_document_undo (f->doc));
    for (guint i = 0; i < 4; i++)
      g_assert_true (topo_document_redo (f->doc));
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }
  g_assert_cmpuint (topo_capacity_panel_get_n_updates (f->panel), ==, updates);
  snapshot_assert_same (f, &snap);

  /* a storage account's tag, a team, the design's name: resources and things the plan does
   * not read, no plan either */
  g_assert_true (topo_edit_set_tag (f->doc, "st-base", "owner", "ml-platform", &error));
  g_assert_no_error (error);
  topo_edit_set_name (f->doc, "Renamed");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (topo_capacity_panel_get_n_updates (f->panel), ==, updates);
  snapshot_assert_same (f, &snap);

  /* a compute's tag: the plan could change, so it is computed and compared; nothing differs,
   * and every item and row widget stays as it was */
  g_assert_true (topo_edit_set_tag (f->doc, "gpu-base", "owner", "ml-platform", &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (topo_capacity_panel_get_n_updates (f->panel), ==, updates + 1);
  snapshot_assert_same (f, &snap);

  /* the inspector's maximum nodes: the family row, its total and the roll-ups change in place */
  family = find_item (f, "westeurope", "standardNCSv3Family");
  total = find_item (f, "westeurope", "total");
  family_row = topo_capacity_panel_get_row_widget (f->panel, family);
  g_assert_nonnull (family_row);
  topo_canvas_set_selection (f->canvas, ids);
  spin_to (f, "max_nodes", 20);
  g_assert_cmpint (topo_document_lookup (f->doc, "gpu-base")->max_nodes, ==, 20);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (find_item (f, "westeurope", "standardNCSv3Family") == family);
  g_assert_true (find_item (f, "westeurope", "total") == total);
  g_assert_true (topo_capacity_panel_get_row_widget (f->panel, family) == family_row);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (snap.changed, family)), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (snap.changed, total)), ==, 1);
  text = widget_text (family_row);
  g_assert_nonnull (strstr (text, "0–120 of 72 vCPUs"));
  g_assert_nonnull (strstr (text, "over quota by 48 vCPUs"));
  g_clear_pointer (&text, g_free);
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "2 quotas exceeded"));
  /* uksouth and switzerlandnorth did not change */
  g_assert_null (g_hash_table_lookup (snap.changed, find_item (f, "uksouth", "standardNCSv3Family")));
  g_assert_null (g_hash_table_lookup (snap.changed, find_item (f, "uksouth", "total")));
  g_assert_cmpuint (g_list_model_get_n_items (topo_capacity_panel_get_model (f->panel)), ==, n_items);

  /* undo: back in place */
  g_assert_true (topo_document_undo (f->doc));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (topo_capacity_panel_get_row_widget (f->panel, family) == family_row);
  text = widget_text (family_row);
  g_assert_nonnull (strstr (text, "0–48 of 72 vCPUs"));
  g_clear_pointer (&text, g_free);
  g_assert_true (topo_document_redo (f->doc));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  text = widget_text (family_row);
  g_assert_nonnull (strstr (text, "0–120 of 72 vCPUs"));
  g_clear_pointer (&text, g_free);

  /* the inspector's VM size, to another family: the new family's row comes in the region, the
   * old family keeps its row (its quota is declared) with no computes; the rest stay */
  {
    TopoInspector *inspector = _topo_window_get_inspector (f->window);
    GtkWidget *row = topo_inspector_get_row (inspector, "vm_size");
    TopoVmSizeChooser *chooser = TOPO_VM_SIZE_CHOOSER (find_descendant (row, TOPO_TYPE_VM_SIZE_CHOOSER));
    TopoCapacityItem *t4;

    topo_vm_size_chooser_set_search (chooser, "nc4as_t4");
    topo_vm_size_chooser_choose (chooser, G_MAXUINT);
    g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, "Standard_NC4as_T4_v3");
    while (g_main_context_iteration (NULL, FALSE))
      ;
    t4 = find_item (f, "westeurope", "Standard NCASv3_T4 Family");
    g_assert_nonnull (t4);
    text = item_text (t4);
    /* 20 nodes × 4 vCPUs, no quota declared for a GPU family */
    g_assert_nonnull (strstr (text, "0–80 vCPUs"));
    g_assert_nonnull (strstr (text, "no quota declared; GPU families start at 0"));
    g_clear_pointer (&text, g_free);
    g_assert_true (find_item (f, "westeurope", "standardNCSv3Family") == family);
    text = item_text (family);
    g_assert_nonnull (strstr (text, "0 of 72 vCPUs"));
    g_assert_nonnull (strstr (text, "0 computes"));
    g_clear_pointer (&text, g_free);
    g_assert_true (find_item (f, "uksouth", "total") == g_ptr_array_index (snap.items, position_of (f, find_item (f, "uksouth", "total")) - 1));
    g_assert_cmpuint (g_list_model_get_n_items (topo_capacity_panel_get_model (f->panel)), ==, n_items + 1);
  }
  snapshot_clear (&snap);
}

static guint
count_rule (Fixture    *f,
            const char *rule)
{
  guint n = 0;

  /* the window revalidates in an idle after each step, as the Issues tab shows it */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < f->window->diagnostics->len; i++)
    n += g_str_equal (((TopoDiagnostic *) g_ptr_array_index (f->window->diagnostics, i))->rule, rule);
  return n;
}

/* The shown rows equal those of a fresh panel (keys, kinds, words, figures, quotas, computes). */
static void
assert_rows_fresh (TopoCapacityPanel *panel,
                   TopoCanvas        *canvas,
                   const char        *what)
{
  TopoCapacityPanel *fresh = TOPO_CAPACITY_PANEL (g_object_ref_sink (topo_capacity_panel_new ()));
  GListModel *a = topo_capacity_panel_get_model (panel);
  GListModel *b;

  topo_capacity_panel_set_canvas (fresh, canvas);
  b = topo_capacity_panel_get_model (fresh);
  if (g_list_model_get_n_items (a) != g_list_model_get_n_items (b))
    g_error ("after %s: %u rows shown, %u in a fresh panel", what, g_list_model_get_n_items (a),
             g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(TopoCapacityItem) x = g_list_model_get_item (a, i);
      g_autoptr(TopoCapacityItem) y = g_list_model_get_item (b, i);
      g_autofree char *tx = item_text (x);
      g_autofree char *ty = item_text (y);

      if (!g_str_equal (topo_capacity_item_get_key (x), topo_capacity_item_get_key (y)) ||
          g_strcmp0 (tx, ty) != 0 || topo_capacity_item_get_quota (x) != topo_capacity_item_get_quota (y) ||
          topo_capacity_item_get_n_computes (x) != topo_capacity_item_get_n_computes (y) ||
          g_strcmp0 (topo_capacity_item_get_region (x), topo_capacity_item_get_region (y)) != 0 ||
          g_strcmp0 (topo_capacity_item_get_family (x), topo_capacity_item_get_family (y)) != 0)
        g_error ("after %s: row %u shows %s, a fresh panel %s", what, i, tx, ty);
    }
  g_assert_cmpstr (topo_capacity_panel_get_summary (panel), ==, topo_capacity_panel_get_summary (fresh));
  topo_capacity_panel_set_canvas (fresh, NULL);
  g_object_unref (fresh);
}

/* Property: after random edits (names, tags, counts, sizes, regions, environments, removals,
 * links, quotas, moves, lanes), each committed and sometimes undone or redone, the rows the
 * tab updated in place are those a fresh panel makes. */
static void
test_incremental (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (400, 11);
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(GString) what = g_string_new (NULL);
  TopoWindow *window = topo_window_new (NULL);
  TopoCapacityPanel *panel;
  TopoCanvas *canvas;
  static const char *const families[] = { "standardDSv2Family", "Standard NCASv3_T4 Family",
                                          "standardNCSv3Family", "standardDSv3Family" };

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  topo_window_set_document (window, doc, NULL);
  doc = topo_window_get_document (window);
  g_object_ref (doc);
  canvas = _topo_window_get_canvas (window);
  panel = TOPO_CAPACITY_PANEL (find_descendant (GTK_WIDGET (window), TOPO_TYPE_CAPACITY_PANEL));
  gtk_window_present (GTK_WINDOW (window));
  adw_view_stack_set_visible_child_name (window->side_stack, "capacity");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (panel));
  assert_rows_fresh (panel, canvas, "opening");

  for (guint i = 0; i < 80; i++)
    {
      guint n = topo_document_get_n_resources (doc);
      const TopoResource *res = n > 0 ? topo_document_get_resource (doc, g_rand_int_range (rand, 0, n)) : NULL;

      g_string_truncate (what, 0);
      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          {
            const char *region = res != NULL && res->region != NULL ? res->region : "westeurope";
            gint64 vcpus = g_rand_int_range (rand, -1, 200);

            g_string_append_printf (what, "quota %s %" G_GINT64_FORMAT, region, vcpus);
            topo_edit_set_quota (doc, region, g_rand_boolean (rand) ? NULL : families[g_rand_int_range (rand, 0, 4)],
                                 vcpus < 0 ? TOPO_QUOTA_UNSET : vcpus, NULL);
            break;
          }
        case 1:
          if (res != NULL)
            {
              const char *ids[] = { res->id, NULL };

              g_string_append_printf (what, "move %s", res->id);
              topo_edit_move (doc, ids, 16, 8);
            }
          break;
        case 2:
          g_string_append (what, "undo");
          topo_document_undo (doc);
          break;
        case 3:
          g_string_append (what, "redo");
          topo_document_redo (doc);
          break;
        case 4:
          {
            const char *const *lanes = topo_document_get_lanes (doc);
            guint n_lanes = g_strv_length ((char **) lanes);
            g_autoptr(GPtrArray) reversed = g_ptr_array_new ();

            for (guint k = n_lanes; k > 0; k--)
              g_ptr_array_add (reversed, (gpointer) lanes[k - 1]);
            g_ptr_array_add (reversed, NULL);
            g_string_append (what, "lanes reversed");
            topo_edit_set_lanes (doc, (const char *const *) reversed->pdata);
            break;
          }
        default:
          mutate (rand, doc, what);
          break;
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      assert_rows_fresh (panel, canvas, what->str);
    }
  g_object_unref (doc);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Opens the row's "Set Quota…" popover as a click on its button does. */
static TopoQuotaPopover *
open_quota (Fixture    *f,
            const char *region,
            const char *title)
{
  TopoCapacityItem *item;
  GtkMenuButton *button;
  GtkPopover *popover;

  show_tab (f);
  item = find_item (f, region, title);
  g_assert_nonnull (item);
  button = topo_capacity_panel_get_quota_button (f->panel, item);
  g_assert_nonnull (button);
  gtk_widget_grab_focus (GTK_WIDGET (button));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (TOPO_IS_QUOTA_POPOVER (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  return TOPO_QUOTA_POPOVER (popover);
}

/* Issue 14: quotas are edited on their row. Refused text stays in the popover with the reason
 * and changes nothing; a set quota is one undo step, the row, the summary and CAP002/CAP003
 * follow; a removed one goes. */
static void
test_edit_quota (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = topo_format_to_data (f->doc, NULL);
  g_autofree char *text = NULL;
  guint steps = topo_document_get_n_undo_steps (f->doc);
  TopoQuotaPopover *popover;

  adw_view_stack_set_visible_child_name (f->window->side_stack, "capacity");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->panel));
  /* 48 planned against 72: raise the plan to 20 nodes (120 vCPUs), over the family quota and
   * the regional total of 100 */
  g_assert_true (topo_edit_set_property (f->doc, "gpu-base", "max_nodes", "20", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 1);
  g_assert_cmpuint (count_rule (f, "CAP003"), ==, 1);
  steps = topo_document_get_n_undo_steps (f->doc);
  g_clear_pointer (&before, g_free);
  before = topo_format_to_data (f->doc, NULL);

  popover = open_quota (f, "westeurope", "standardNCSv3Family");
  /* what is declared, ready to be typed over */
  g_assert_true (topo_quota_popover_can_apply (popover));
  g_assert_null (topo_quota_popover_get_error (popover));

  /* not a number: said at once, Set is off, Enter keeps the popover open */
  topo_quota_popover_set_text (popover, "lots");
  g_assert_false (topo_quota_popover_can_apply (popover));
  g_assert_cmpstr (topo_quota_popover_get_error (popover), ==, "Enter a whole number of vCPUs, 0 or more");
  g_assert_false (topo_quota_popover_apply (popover));
  topo_quota_popover_set_text (popover, "-8");
  g_assert_false (topo_quota_popover_apply (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  /* a number the core refuses: its reason */
  topo_quota_popover_set_text (popover, "99999999999");
  g_assert_true (topo_quota_popover_can_apply (popover));
  g_assert_false (topo_quota_popover_apply (popover));
  g_assert_cmpstr (topo_quota_popover_get_error (popover), ==, "A quota is a number of vCPUs from 0 to 2147483647");
  {
    g_autofree char *unchanged = topo_format_to_data (f->doc, NULL);
    g_assert_cmpstr (unchanged, ==, before);
  }
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps);

  /* digits grouped with a space are fine: one step; the row and the findings follow */
  topo_quota_popover_set_text (popover, "1 20");
  g_assert_null (topo_quota_popover_get_error (popover));
  g_assert_true (topo_quota_popover_apply (popover));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "westeurope", "standardNCSv3Family"), ==, 120);
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 0);
  g_assert_cmpuint (count_rule (f, "CAP003"), ==, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  text = widget_text (topo_capacity_panel_get_row_widget (f->panel, find_item (f, "westeurope", "standardNCSv3Family")));
  g_assert_nonnull (strstr (text, "0–120 of 120 vCPUs"));
  g_clear_pointer (&text, g_free);
  /* the row was updated in place: the focus stays on its button */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
    GtkWidget *button = GTK_WIDGET (topo_capacity_panel_get_quota_button (f->panel, find_item (f, "westeurope", "standardNCSv3Family")));

    g_assert_nonnull (focus);
    g_assert_true (focus == button || gtk_widget_is_ancestor (focus, button));
  }

  /* the regional total, from its own row */
  popover = open_quota (f, "westeurope", "total");
  topo_quota_popover_set_text (popover, "150");
  g_assert_true (topo_quota_popover_apply (popover));
  g_assert_cmpuint (count_rule (f, "CAP003"), ==, 0);
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "every declared quota holds"));

  /* removed: the family row says no quota is declared (a GPU family starts at 0: CAP004) */
  popover = open_quota (f, "westeurope", "standardNCSv3Family");
  g_assert_true (topo_quota_popover_remove (popover));
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "westeurope", "standardNCSv3Family"), ==, -1);
  g_assert_cmpuint (count_rule (f, "CAP004"), ==, 1);
  text = item_text (find_item (f, "westeurope", "standardNCSv3Family"));
  g_assert_nonnull (strstr (text, "no quota declared; GPU families start at 0"));

  /* three steps, undone one by one to the bytes before */
  for (guint i = 0; i < 3; i++)
    g_assert_true (topo_document_undo (f->doc));
  {
    g_autofree char *after = topo_format_to_data (f->doc, NULL);
    g_assert_cmpstr (after, ==, before);
  }
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 1);
}

/* A popover without a declared quota offers no Remove and shows the plan as a guide. */
static void
test_quota_new (Fixture       *f,
                gconstpointer  data)
{
  TopoQuotaPopover *popover = open_quota (f, "uksouth", "total");

  g_assert_false (topo_quota_popover_can_apply (popover));   /* empty */
  g_assert_null (topo_quota_popover_get_error (popover));
  g_assert_false (topo_quota_popover_apply (popover));
  g_assert_cmpstr (topo_quota_popover_get_error (popover), ==, "Enter the quota in vCPUs");
  topo_quota_popover_set_text (popover, "36");
  g_assert_true (topo_quota_popover_apply (popover));
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "uksouth", NULL), ==, 36);
}

/* Opens "Add Quota…" as a click on the button does. */
static TopoQuotaAddPopover *
open_add (Fixture *f)
{
  GtkMenuButton *button;
  GtkPopover *popover;

  show_tab (f);
  button = topo_capacity_panel_get_add_button (f->panel);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (TOPO_IS_QUOTA_ADD_POPOVER (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  return TOPO_QUOTA_ADD_POPOVER (popover);
}

/* Issue 14: a quota for any region and family, or a regional total, from the tab: the design's
 * regions come first, the families are searched by family, size or GPU; a pair already declared
 * shows its quota and can be changed or removed; each is one undo step and CAP002/CAP004 follow. */
static void
test_add_quota (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  const char *const *regions;
  guint n_regions = 0, steps;
  TopoQuotaAddPopover *popover;
  TopoCapacityItem *item;
  const char *t4 = "Standard NCASv3_T4 Family";

  /* a T4 cluster in westeurope: a GPU family without a quota (CAP004); 8 nodes × 4 vCPUs */
  g_assert_true (topo_edit_set_property (f->doc, "gpu-base", "vm_size", "Standard_NC4as_T4_v3", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (f, "CAP004"), ==, 1);
  before = topo_format_to_data (f->doc, NULL);
  steps = topo_document_get_n_undo_steps (f->doc);

  popover = open_add (f);
  regions = topo_quota_add_popover_get_regions (popover, &n_regions);
  /* the design's lanes first, in order; then every other region once */
  g_assert_cmpstr (regions[0], ==, "westeurope");
  g_assert_cmpstr (regions[1], ==, "uksouth");
  g_assert_cmpstr (regions[2], ==, "switzerlandnorth");
  g_assert_cmpuint (n_regions, >, 40);
  g_assert_true (g_strv_contains (regions, "eastus"));
  for (guint i = 3; i < n_regions; i++)
    g_assert_cmpstr (regions[i], !=, "westeurope");
  /* nothing chosen: no Add */
  g_assert_false (topo_quota_add_popover_can_apply (popover));
  g_assert_false (topo_quota_add_popover_apply (popover));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps);

  /* by size name, by family name, by GPU model */
  topo_quota_add_popover_set_search (popover, "nc4as");
  g_assert_cmpuint (topo_quota_add_popover_get_n_matches (popover), ==, 1);
  g_assert_cmpstr (topo_quota_add_popover_get_match (popover, 0), ==, t4);
  topo_quota_add_popover_set_search (popover, "ncasv3_t4");
  g_assert_cmpstr (topo_quota_add_popover_get_match (popover, 0), ==, t4);
  topo_quota_add_popover_set_search (popover, "t4 gpu");
  g_assert_cmpuint (topo_quota_add_popover_get_n_matches (popover), >=, 1);
  topo_quota_add_popover_set_search (popover, "dsv2");
  g_assert_cmpstr (topo_quota_add_popover_get_match (popover, 0), ==, "standardDSv2Family");
  topo_quota_add_popover_set_search (popover, "no such family");
  g_assert_cmpuint (topo_quota_add_popover_get_n_matches (popover), ==, 0);
  g_assert_false (topo_quota_add_popover_choose (popover, G_MAXUINT));

  /* chosen (Enter in the search: the first match): the design's plan is the starting value */
  topo_quota_add_popover_set_search (popover, "nc4as_t4");
  g_assert_true (topo_quota_add_popover_choose (popover, G_MAXUINT));
  g_assert_true (topo_quota_add_popover_can_apply (popover));
  g_assert_cmpint (topo_quota_add_popover_get_vcpus (popover), ==, 32);
  g_assert_nonnull (strstr (topo_quota_add_popover_get_message (popover), "No quota declared"));
  topo_quota_add_popover_set_vcpus (popover, 16);
  g_assert_true (topo_quota_add_popover_apply (popover));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "westeurope", t4), ==, 16);
  g_assert_cmpuint (count_rule (f, "CAP004"), ==, 0);
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 1);
  item = find_item (f, "westeurope", t4);
  g_assert_nonnull (item);
  text = item_text (item);
  g_assert_nonnull (strstr (text, "0–32 of 16 vCPUs"));
  g_clear_pointer (&text, g_free);

  /* the same pair again: its quota is shown and changed */
  popover = open_add (f);
  g_assert_true (topo_quota_add_popover_set_region (popover, "westeurope"));
  topo_quota_add_popover_set_search (popover, "ncasv3_t4");
  g_assert_true (topo_quota_add_popover_choose (popover, 0));
  g_assert_cmpint (topo_quota_add_popover_get_vcpus (popover), ==, 16);
  g_assert_nonnull (strstr (topo_quota_add_popover_get_message (popover), "Declared: 16 vCPUs"));
  topo_quota_add_popover_set_vcpus (popover, 32);
  g_assert_true (topo_quota_add_popover_apply (popover));
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 0);

  /* a region the design does not use yet: a regional total and a family quota */
  popover = open_add (f);
  g_assert_true (topo_quota_add_popover_set_region (popover, "eastus"));
  topo_quota_add_popover_set_search (popover, "regional total");
  g_assert_null (topo_quota_add_popover_get_match (popover, 0));
  g_assert_true (topo_quota_add_popover_choose (popover, 0));
  g_assert_cmpint (topo_quota_add_popover_get_vcpus (popover), ==, 0);
  topo_quota_add_popover_set_vcpus (popover, 200);
  g_assert_true (topo_quota_add_popover_apply (popover));
  popover = open_add (f);
  /* now a region of the design's quotas: among the first */
  regions = topo_quota_add_popover_get_regions (popover, NULL);
  g_assert_cmpstr (regions[3], ==, "eastus");
  g_assert_true (topo_quota_add_popover_set_region (popover, "eastus"));
  topo_quota_add_popover_set_search (popover, "dsv2");
  g_assert_true (topo_quota_add_popover_choose (popover, 0));
  topo_quota_add_popover_set_vcpus (popover, 100);
  g_assert_true (topo_quota_add_popover_apply (popover));
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "eastus", NULL), ==, 200);
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "eastus", "standardDSv2Family"), ==, 100);
  text = item_text (find_item (f, "eastus", "total"));
  g_assert_nonnull (strstr (text, "0 of 200 vCPUs"));
  g_clear_pointer (&text, g_free);
  text = item_text (find_item (f, "eastus", "standardDSv2Family"));
  g_assert_nonnull (strstr (text, "0 of 100 vCPUs"));
  g_assert_nonnull (strstr (text, "0 computes"));
  g_clear_pointer (&text, g_free);

  /* removed from the popover: the row goes */
  popover = open_add (f);
  g_assert_true (topo_quota_add_popover_set_region (popover, "eastus"));
  topo_quota_add_popover_set_search (popover, "dsv2");
  g_assert_true (topo_quota_add_popover_choose (popover, 0));
  g_assert_true (topo_quota_add_popover_remove (popover));
  g_assert_null (find_item (f, "eastus", "standardDSv2Family"));
  g_assert_nonnull (find_item (f, "eastus", "total"));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 5);

  /* and from the family's row ("Set Quota…"): CAP004 is back */
  {
    TopoQuotaPopover *row_popover = open_quota (f, "westeurope", t4);

    g_assert_true (topo_quota_popover_remove (row_popover));
  }
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "westeurope", t4), ==, -1);
  g_assert_cmpuint (count_rule (f, "CAP004"), ==, 1);

  /* six steps, undone one by one to the bytes before */
  for (guint i = 0; i < 6; i++)
    g_assert_true (topo_document_undo (f->doc));
  {
    g_autofree char *after = topo_format_to_data (f->doc, NULL);
    g_assert_cmpstr (after, ==, before);
  }
  g_assert_null (find_item (f, "eastus", "total"));
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Roll-up rows select their computes too. */
static void
test_rollups_select (Fixture       *f,
                     gconstpointer  data)
{
  GListModel *model;
  g_auto(GStrv) selection = NULL;
  guint n_activated = 0;

  show_tab (f);
  model = topo_capacity_panel_get_model (f->panel);
  for (guint p = 0; p < g_list_model_get_n_items (model); p++)
    {
      g_autoptr(TopoCapacityItem) item = g_list_model_get_item (model, p);
      const char *key = topo_capacity_item_get_key (item);
      g_autoptr(TopoCapacity) plan = NULL;
      g_auto(GStrv) expected = NULL;
      GPtrArray *list;

      if (topo_capacity_item_get_kind (item) != TOPO_CAPACITY_ITEM_ROLLUP)
        continue;
      g_assert_cmpuint (topo_capacity_item_get_n_computes (item), >, 0);
      topo_canvas_set_selection (f->canvas, NULL);
      g_signal_emit_by_name (topo_capacity_panel_get_view (f->panel), "activate", p);
      g_clear_pointer (&selection, g_strfreev);
      selection = topo_canvas_get_selection (f->canvas);
      g_assert_nonnull (selection);
      /* the same computes as the plan's roll-up of that key */
      plan = topo_capacity_compute (f->doc);
      list = g_str_has_prefix (key, "environments") ? plan->environments
           : g_str_has_prefix (key, "projects") ? plan->projects : plan->workspaces;
      for (guint i = 0; i < list->len && expected == NULL; i++)
        {
          const TopoCapacityRollup *r = g_ptr_array_index (list, i);
          const char *id = strchr (key, '\x1f') + 1;

          if (*id == '=' ? g_strcmp0 (r->id, id + 1) == 0 : r->id == NULL)
            expected = topo_capacity_rollup_ids (r, f->doc);
        }
      g_assert_nonnull (expected);
      /* the canvas keeps its selection in its own order */
      qsort (selection, g_strv_length (selection), sizeof (char *), compare_strings);
      qsort (expected, g_strv_length (expected), sizeof (char *), compare_strings);
      g_assert_cmpstrv (selection, expected);
      n_activated++;
    }
  /* dev and prod, one project, three workspaces at least */
  g_assert_cmpuint (n_activated, >=, 5);

  /* the fine-tuning sample: "prod" has the two regional clusters */
  for (guint p = 0; p < g_list_model_get_n_items (model); p++)
    {
      g_autoptr(TopoCapacityItem) item = g_list_model_get_item (model, p);

      if (g_strcmp0 (topo_capacity_item_get_key (item), "environments\x1f=prod") == 0)
        {
          select_item (f, item);
          g_clear_pointer (&selection, g_strfreev);
          selection = topo_canvas_get_selection (f->canvas);
          g_assert_cmpuint (g_strv_length (selection), ==, 2);
        }
    }
}

/* The inspector's VM size: the list filters as the user types, a chosen size applies in one
 * step, text that is no size applies too and CAP001 then offers the nearest size. */
static void
test_vm_size_chooser (Fixture       *f,
                      gconstpointer  data)
{
  const char *ids[] = { "gpu-base", NULL };
  TopoInspector *inspector = _topo_window_get_inspector (f->window);
  TopoVmSizeChooser *chooser;
  GtkWidget *row;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  guint steps = topo_document_get_n_undo_steps (f->doc);
  const char *first;

  topo_canvas_set_selection (f->canvas, ids);
  row = topo_inspector_get_row (inspector, "vm_size");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "VM Size · 6 vCPUs · 112 GiB · 1× V100"));
  chooser = TOPO_VM_SIZE_CHOOSER (find_descendant (row, TOPO_TYPE_VM_SIZE_CHOOSER));
  g_assert_nonnull (chooser);

  /* a GPU model finds its sizes, and only those */
  topo_vm_size_chooser_set_search (chooser, "a100");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), >=, 5);
  for (guint i = 0; i < topo_vm_size_chooser_get_n_matches (chooser); i++)
    {
      const TopoVmSize *s = topo_vm_size_lookup (topo_vm_size_chooser_get_match (chooser, i));

      /* sizes with figures come first */
      if (s != NULL)
        g_assert_cmpstr (s->gpu_model, ==, "A100");
    }
  first = topo_vm_size_chooser_get_match (chooser, 0);
  g_assert_nonnull (first);
  {
    g_autofree char *chosen = g_strdup (first);

    topo_vm_size_chooser_choose (chooser, 0);
    g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, chosen);
    g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  }

  /* Enter with one match: that size */
  row = topo_inspector_get_row (inspector, "vm_size");
  chooser = TOPO_VM_SIZE_CHOOSER (find_descendant (row, TOPO_TYPE_VM_SIZE_CHOOSER));
  topo_vm_size_chooser_set_search (chooser, "nc4as_t4");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), ==, 1);
  topo_vm_size_chooser_choose (chooser, G_MAXUINT);
  g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, "Standard_NC4as_T4_v3");

  /* free text applies; the validator judges it, and its fix gives the nearest size */
  row = topo_inspector_get_row (inspector, "vm_size");
  chooser = TOPO_VM_SIZE_CHOOSER (find_descendant (row, TOPO_TYPE_VM_SIZE_CHOOSER));
  topo_vm_size_chooser_set_search (chooser, "nc6s_v3");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), ==, 1);
  topo_vm_size_chooser_set_search (chooser, "NC6sv3");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), ==, 0);
  topo_vm_size_chooser_choose (chooser, G_MAXUINT);
  g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, "NC6sv3");
  diagnostics = topo_validate (f->doc);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (d->rule, "CAP001"))
        {
          g_assert_true (topo_diagnostic_apply_fix (d, f->doc, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, "Standard_NC6s_v3");
}

/* The picture export dialog offers the capacity plan in the legend, off by default (what the
 * flag draws is tested in tests/test-capacity.c), and the PNG scale the setting holds. */
static void
test_export_choice (Fixture       *f,
                    gconstpointer  data)
{
  GtkNativeDialog *chooser;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "png");
  chooser = _topo_window_get_chooser (f->window);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "capacity"), ==, "false");
  /* the PNG scale: the setting as it is (2 by default) */
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "scale"), ==, "2");
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "theme"), ==, "light");
  gtk_native_dialog_hide (chooser);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (_topo_window_get_chooser (f->window));

  /* a scale from Preferences between the usual factors, and the command line's largest (16),
   * are offered as they are: exporting no longer rounds the setting to 1×–4× */
  for (guint i = 0; i < 2; i++)
    {
      const char *value = i == 0 ? "2.75" : "16";

      g_settings_set_double (f->window->settings, "export-scale", g_ascii_strtod (value, NULL));
      g_settings_set_string (f->window->settings, "export-theme", i == 0 ? "dark" : "light");
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "png");
      chooser = _topo_window_get_chooser (f->window);
      g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "scale"), ==, value);
      g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "theme"), ==,
                       i == 0 ? "dark" : "light");
      gtk_native_dialog_hide (chooser);
      g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
    }
  g_assert_cmpfloat (g_settings_get_double (f->window->settings, "export-scale"), ==, 16);
  g_settings_reset (f->window->settings, "export-scale");
  g_settings_reset (f->window->settings, "export-theme");
}

int
main (int   argc,
      char *argv[])
{
  int status = topo_gtk_test_init (&argc, &argv);

  if (status >= 0)
    return status;
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_test_add ("/gtk/capacity/rows-select-computes", Fixture, NULL, fixture_setup, test_rows_select_computes, fixture_teardown);
  g_test_add ("/gtk/capacity/live-update", Fixture, NULL, fixture_setup, test_live_update, fixture_teardown);
  g_test_add ("/gtk/capacity/in-place", Fixture, NULL, fixture_setup, test_in_place, fixture_teardown);
  g_test_add_func ("/gtk/capacity/incremental", test_incremental);
  g_test_add ("/gtk/capacity/edit-quota", Fixture, NULL, fixture_setup, test_edit_quota, fixture_teardown);
  g_test_add ("/gtk/capacity/quota-new", Fixture, NULL, fixture_setup, test_quota_new, fixture_teardown);
  g_test_add ("/gtk/capacity/add-quota", Fixture, NULL, fixture_setup, test_add_quota, fixture_teardown);
  g_test_add ("/gtk/capacity/rollups-select", Fixture, NULL, fixture_setup, test_rollups_select, fixture_teardown);
  g_test_add ("/gtk/capacity/export-choice", Fixture, NULL, fixture_setup, test_export_choice, fixture_teardown);
  g_test_add ("/gtk/capacity/vm-size-chooser", Fixture, NULL, fixture_setup, test_vm_size_chooser, fixture_teardown);
  return g_test_run ();
}
