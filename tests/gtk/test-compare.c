/* test-compare.c: "Compare with…" in the real window — the list of changes, the change colours
 * on the canvas, activating a change, following edits, and closing without touching the design
 *
 * Runs under Xvfb with GSK_RENDERER=cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>


#include "topo-canvas-private.h"
#include "topo-compare-panel.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-generator.h"
#include "topo-layout.h"
#include "topo-window-private.h"
#include "gtk-test-init.h"

typedef struct
{
  TopoWindow       *window;
  TopoCanvas       *canvas;
  TopoComparePanel *panel;
  TopoDocument     *doc;
  GFile            *old_file;
} Fixture;

static char *
source_path (const char *relative)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "..", relative, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *new_path = source_path ("tests/diff/contoso-new.topograph");
  g_autofree char *old_path = source_path ("data/samples/contoso.topograph");
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);

  f->old_file = g_file_new_for_path (old_path);
  f->window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  g_assert_true (topo_window_open_file (f->window, new_file));
  f->doc = topo_window_get_document (f->window);
  f->canvas = _topo_window_get_canvas (f->window);
  f->panel = _topo_window_get_compare (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->canvas));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GtkNativeDialog *chooser = topo_compare_panel_get_chooser (f->panel);

  if (chooser != NULL)
    gtk_native_dialog_hide (chooser);
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->old_file);
}

/* The position of the row that lists the first change of kind (and id, when given). */
static guint
find_row (Fixture      *f,
          TopoDiffKind  kind,
          const char   *id)
{
  const TopoDiff *diff = topo_compare_panel_get_diff (f->panel);

  for (guint i = 0; i < topo_compare_panel_get_n_rows (f->panel); i++)
    {
      int index = topo_compare_panel_get_row_change (f->panel, i);
      const TopoDiffChange *c = index >= 0 ? g_ptr_array_index (diff->changes, index) : NULL;

      if (c != NULL && c->kind == kind && (id == NULL || g_strcmp0 (c->id, id) == 0))
        return i;
    }
  g_assert_not_reached ();
}

/* Every change has one row, in the diff's order, with a heading row before each section. */
static void
assert_rows (Fixture *f)
{
  const TopoDiff *diff = topo_compare_panel_get_diff (f->panel);
  guint next = 0, headings = 0;

  for (guint i = 0; i < topo_compare_panel_get_n_rows (f->panel); i++)
    {
      int index = topo_compare_panel_get_row_change (f->panel, i);

      if (index < 0)
        {
          headings++;
          continue;
        }
      g_assert_cmpint (index, ==, next);
      next++;
    }
  g_assert_cmpuint (next, ==, diff->changes->len);
  g_assert_cmpuint (headings, >=, 1);
}

/* A click on the row at position. */
static void
activate (Fixture *f,
          guint    position)
{
  g_signal_emit_by_name (topo_compare_panel_get_list (f->panel), "activate", position);
}

static void
assert_centred (Fixture        *f,
                const TopoRect *b)
{
  double wx, wy;

  topo_canvas_design_to_widget (f->canvas, b->x + b->w / 2, b->y + b->h / 2, &wx, &wy);
  g_assert_cmpfloat (fabs (wx - gtk_widget_get_width (GTK_WIDGET (f->canvas)) / 2.0), <, 2.0);
  g_assert_cmpfloat (fabs (wy - gtk_widget_get_height (GTK_WIDGET (f->canvas)) / 2.0), <, 2.0);
}

/* The Changes page of the side panel: shown (and in front) only while comparing. */
static void
assert_page (Fixture  *f,
             gboolean  shown)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (f->panel), ADW_TYPE_VIEW_STACK));
  AdwViewStackPage *page = adw_view_stack_get_page (stack, GTK_WIDGET (f->panel));

  g_assert_cmpint (adw_view_stack_page_get_visible (page), ==, shown);
  if (shown)
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "compare");
  else
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), !=, "compare");
}

static void
test_compare_file (Fixture       *f,
                   gconstpointer  data)
{
  gsize before_len, after_len;
  g_autofree char *before = topo_format_to_data (f->doc, &before_len);
  g_autofree char *after = NULL;
  guint steps = topo_document_get_n_undo_steps (f->doc);
  g_autoptr(GError) error = NULL;
  const TopoDiff *diff;
  guint row;
  g_auto(GStrv) selection = NULL;
  TopoRect ghost;

  g_assert_false (topo_compare_panel_is_active (f->panel));
  g_assert_null (f->canvas->diff_overlay);
  assert_page (f, FALSE);

  g_assert_true (topo_compare_panel_compare_file (f->panel, f->old_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (topo_compare_panel_is_active (f->panel));
  assert_page (f, TRUE);
  diff = topo_compare_panel_get_diff (f->panel);
  g_assert_nonnull (diff);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_RESOURCE_ADDED], ==, 1);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_RESOURCE_REMOVED], ==, 1);
  /* New findings lead the list. */
  g_assert_cmpint (((TopoDiffChange *) g_ptr_array_index (diff->changes, 0))->kind, ==, TOPO_DIFF_FINDING_ADDED);
  assert_rows (f);
  /* The canvas draws the change colours. */
  g_assert_nonnull (f->canvas->diff_overlay);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->canvas));

  /* An added resource: selected and centred. */
  row = find_row (f, TOPO_DIFF_RESOURCE_ADDED, "st-explore-features");
  activate (f, row);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_nonnull (selection);
  g_assert_cmpstr (selection[0], ==, "st-explore-features");
  g_assert_null (selection[1]);
  assert_centred (f, &topo_document_lookup (f->doc, "st-explore-features")->bounds);
  g_clear_pointer (&selection, g_strfreev);

  /* A removed one: nothing to select, its ghost is centred. */
  row = find_row (f, TOPO_DIFF_RESOURCE_REMOVED, "cpu-churn-qa");
  activate (f, row);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_true (selection == NULL || selection[0] == NULL);
  g_assert_true (topo_diff_overlay_ghost_bounds (f->canvas->diff_overlay, "cpu-churn-qa", &ghost));
  assert_centred (f, &ghost);
  g_clear_pointer (&selection, g_strfreev);

  /* A new finding: its resources are selected. */
  row = find_row (f, TOPO_DIFF_FINDING_ADDED, NULL);
  activate (f, row);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_nonnull (selection);
  g_assert_nonnull (selection[0]);
  g_clear_pointer (&selection, g_strfreev);

  /* An edit shows up in the comparison; its undo takes it out again. */
  g_assert_true (topo_edit_set_property (f->doc, "st-explore", "name", "stexplorerenamedweu", &error));
  g_assert_no_error (error);
  diff = topo_compare_panel_get_diff (f->panel);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_RESOURCE_RENAMED], ==, 2);
  g_assert_true (topo_document_undo (f->doc));
  diff = topo_compare_panel_get_diff (f->panel);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_RESOURCE_RENAMED], ==, 1);

  /* Closing leaves the design as it was. */
  topo_compare_panel_close (f->panel);
  g_assert_false (topo_compare_panel_is_active (f->panel));
  g_assert_null (f->canvas->diff_overlay);
  g_assert_cmpuint (topo_compare_panel_get_n_rows (f->panel), ==, 0);
  assert_page (f, FALSE);
  after = topo_format_to_data (f->doc, &after_len);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (topo_document_get_modified (f->doc));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps);
}

static void
test_compare_saved (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("topograph-compare-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  const TopoDiff *diff;

  /* Saved, then edited: the saved version is the old one. */
  g_assert_true (topo_window_save_to_file (f->window, file, &error));
  g_assert_no_error (error);
  g_assert_true (topo_edit_set_tag (f->doc, "st-explore", "reviewed", "yes", &error));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-saved", NULL);
  g_assert_true (topo_compare_panel_is_active (f->panel));
  diff = topo_compare_panel_get_diff (f->panel);
  g_assert_cmpuint (diff->changes->len, ==, 1);
  g_assert_cmpint (((TopoDiffChange *) g_ptr_array_index (diff->changes, 0))->kind, ==, TOPO_DIFF_RESOURCE_CHANGED);

  /* A file that does not load: refused with its message (a toast), the comparison in progress
   * stays. */
  g_assert_true (g_file_set_contents (broken, "{\"format\": \"topograph\"", -1, NULL));
  g_assert_false (topo_compare_panel_compare_file (f->panel, broken_file, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.topograph"));
  g_assert_nonnull (strstr (_topo_window_get_last_message (f->window), "broken.topograph"));
  g_clear_error (&error);
  g_assert_true (topo_compare_panel_is_active (f->panel));
  assert_page (f, TRUE);

  /* Never saved: nothing to compare with. */
  topo_compare_panel_close (f->panel);
  g_assert_false (topo_compare_panel_compare_saved (f->panel, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (topo_compare_panel_is_active (f->panel));

  /* "Compare with File…" asks for a file. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-file", NULL);
  g_assert_nonnull (topo_compare_panel_get_chooser (f->panel));

  g_unlink (path);
  g_unlink (broken);
  g_rmdir (dir);
}

/* A removed note has its row; activating it centres its ghost (nothing to select). */
static void
test_removed_note (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *new_path = source_path ("tests/diff/contoso-new.topograph");
  g_autoptr(GFile) same = g_file_new_for_path (new_path);
  const char *note[] = { "note-registry", NULL };
  g_auto(GStrv) selection = NULL;
  const TopoDiff *diff;
  TopoRect ghost;
  guint row;

  g_assert_nonnull (topo_document_lookup_note (f->doc, "note-registry"));
  g_assert_true (topo_compare_panel_compare_file (f->panel, same, NULL, NULL));
  g_assert_true (topo_diff_is_empty (topo_compare_panel_get_diff (f->panel)));
  topo_canvas_set_selection (f->canvas, note);
  topo_edit_remove (f->doc, note);
  diff = topo_compare_panel_get_diff (f->panel);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_NOTE_REMOVED], ==, 1);
  assert_rows (f);

  /* away from it first, so that centring is seen */
  topo_canvas_set_view (f->canvas, 1.0, -5000, -5000);
  row = find_row (f, TOPO_DIFF_NOTE_REMOVED, "note-registry");
  activate (f, row);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_true (selection == NULL || selection[0] == NULL);
  g_assert_true (topo_diff_overlay_ghost_bounds (f->canvas->diff_overlay, "note-registry", &ghost));
  g_assert_cmpfloat (ghost.w, >, 0);
  assert_centred (f, &ghost);
}

/* A label under widget whose text is text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Issue 12: 10 000 resources compared with an empty design list every change (the list used to
 * stop at 400); the last one scrolls into view with its text and activates like the first. */
static void
test_compare_10k (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (10000, 12);
  g_autoptr(TopoDocument) empty = topo_document_new ();
  g_autofree char *dir = g_dir_make_tmp ("topograph-compare-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "empty.topograph", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TopoWindow *window = topo_window_new (NULL);
  TopoComparePanel *panel = _topo_window_get_compare (window);
  TopoCanvas *canvas = _topo_window_get_canvas (window);
  const TopoDiff *diff;
  const TopoDiffChange *last;
  g_autofree char *last_text = NULL;
  g_auto(GStrv) selection = NULL;
  guint n_rows, n_changes = 0;

  g_assert_true (topo_format_save_path (empty, path, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  topo_window_set_document (window, doc, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (canvas));

  g_assert_true (topo_compare_panel_compare_file (panel, file, NULL, &error));
  g_assert_no_error (error);
  diff = topo_compare_panel_get_diff (panel);
  g_assert_cmpuint (diff->counts[TOPO_DIFF_RESOURCE_ADDED], ==, topo_document_get_n_resources (doc));
  g_assert_cmpuint (diff->changes->len, >, 10000);
  n_rows = topo_compare_panel_get_n_rows (panel);
  for (guint i = 0; i < n_rows; i++)
    n_changes += topo_compare_panel_get_row_change (panel, i) >= 0;
  g_assert_cmpuint (n_changes, ==, diff->changes->len);

  /* the last row: scrolled to, bound with its text, activated */
  g_assert_cmpint (topo_compare_panel_get_row_change (panel, n_rows - 1), ==, (int) diff->changes->len - 1);
  last = g_ptr_array_index (diff->changes, diff->changes->len - 1);
  last_text = last->kind == TOPO_DIFF_FINDING_ADDED || last->kind == TOPO_DIFF_FINDING_REMOVED
              ? g_strdup (last->message) : topo_diff_change_describe (last);
  gtk_widget_activate_action (GTK_WIDGET (topo_compare_panel_get_list (panel)), "list.scroll-to-item",
                              "u", n_rows - 1);
  for (guint tries = 0; tries < 50 && !shows_text (GTK_WIDGET (panel), last_text); tries++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (panel));
  g_assert_true (shows_text (GTK_WIDGET (panel), last_text));
  g_signal_emit_by_name (topo_compare_panel_get_list (panel), "activate", n_rows - 1);
  if (last->id != NULL && topo_document_lookup (doc, last->id) != NULL)
    {
      selection = topo_canvas_get_selection (canvas);
      g_assert_nonnull (selection);
      g_assert_cmpstr (selection[0], ==, last->id);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (path);
  g_rmdir (dir);
}

/* Another design in the window ends the comparison: OLD belonged to the previous one. */
static void
test_new_document_closes (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TopoDocument) blank = topo_window_new_blank_document ();

  g_assert_true (topo_compare_panel_compare_file (f->panel, f->old_file, NULL, NULL));
  topo_window_set_document (f->window, blank, NULL);
  g_assert_false (topo_compare_panel_is_active (f->panel));
  g_assert_null (f->canvas->diff_overlay);
  assert_page (f, FALSE);

  /* A design never saved has no saved version: the window says so. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-saved", NULL);
  g_assert_false (topo_compare_panel_is_active (f->panel));
  g_assert_nonnull (strstr (_topo_window_get_last_message (f->window), "not been saved"));
}

int
main (int   argc,
      char *argv[])
{
  int status = topo_gtk_test_init (&argc, &argv);

  if (status >= 0)
    return status;
  g_test_add ("/compare/file", Fixture, NULL, fixture_setup, test_compare_file, fixture_teardown);
  g_test_add ("/compare/saved", Fixture, NULL, fixture_setup, test_compare_saved, fixture_teardown);
  g_test_add ("/compare/new-document", Fixture, NULL, fixture_setup, test_new_document_closes,
              fixture_teardown);
  g_test_add ("/compare/removed-note", Fixture, NULL, fixture_setup, test_removed_note, fixture_teardown);
  g_test_add_func ("/compare/10k", test_compare_10k);

  return g_test_run ();
}
