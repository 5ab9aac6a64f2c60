/* test-gnome.c: the window's GNOME integration: template chooser, opening a file that is open
 * already, drops from the file manager
 *
 * Runs under Xvfb; prints a TAP skip when there is no display. The application is registered
 * NON_UNIQUE, so it claims no bus name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "topo-application.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-template-chooser.h"
#include "topo-templates.h"
#include "topo-window-private.h"

/* one per process: an application exports its object path on the bus while it lives */
static GtkApplication *the_app;

typedef struct
{
  GtkApplication *app;
  TopoWindow     *window;
  char           *dir;
  char           *path;     /* a saved design */
  GFile          *file;
} Fixture;

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

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_window_new_blank_document ();
  g_autoptr(TopoDocument) blank = topo_window_new_blank_document ();

  f->app = the_app;

  f->dir = g_dir_make_tmp ("topo-gnome-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "saved.topograph", NULL);
  f->file = g_file_new_for_path (f->path);
  g_assert_nonnull (topo_edit_add_resource (doc, TOPO_KIND_RESOURCE_GROUP, NULL, "westeurope", 16, 16, NULL));
  topo_edit_set_name (doc, "Saved design");
  g_assert_true (topo_format_save_file (doc, f->file, &error));
  g_assert_no_error (error);

  f->window = topo_window_new (f->app);
  topo_window_set_document (f->window, blank, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (f->app));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_clear_object (&f->file);
}

/* Every bundled template has a row with a rendered preview; activating one opens it. */
static void
test_template_chooser (Fixture       *f,
                       gconstpointer  data)
{
  guint n = 0;
  const TopoTemplateInfo *templates = topo_templates_get_all (&n);
  GtkWidget *chooser;
  GtkListBox *list;
  GtkListBoxRow *row;

  g_assert_cmpuint (n, >=, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-from-template", NULL));
  chooser = _topo_window_get_dialog (f->window);
  g_assert_true (TOPO_IS_TEMPLATE_CHOOSER (chooser));
  g_assert_true (gtk_widget_get_visible (chooser));
  list = _topo_template_chooser_get_list (TOPO_TEMPLATE_CHOOSER (chooser));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *preview;
      GdkPaintable *paintable;

      row = gtk_list_box_get_row_at_index (list, i);
      g_assert_nonnull (row);
      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "template"), ==, templates[i].name);
      preview = g_object_get_data (G_OBJECT (row), "preview");
      g_assert_true (GTK_IS_PICTURE (preview));
      paintable = gtk_picture_get_paintable (GTK_PICTURE (preview));
      g_assert_true (GDK_IS_TEXTURE (paintable));
      /* drawn to fit the preview box (twice its size), not an empty picture */
      g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (paintable)), >, 100);
      g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (paintable)), >, 20);
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, n));

  /* the window holds nothing yet: the template opens in it */
  row = gtk_list_box_get_row_at_index (list, 0);
  g_signal_emit_by_name (list, "row-activated", row);
  run_for (20);
  g_assert_cmpuint (topo_document_get_n_resources (topo_window_get_document (f->window)), >, 0);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (f->app)), ==, 1);
}

static guint
n_windows (Fixture *f)
{
  return g_list_length (gtk_application_get_windows (f->app));
}

/* A file open in one window is presented, not opened again, from the Open dialog's path, Open
 * Recent, a drop and the command line alike. */
static void
test_open_already_open (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *uri = g_file_get_uri (f->file);
  g_autoptr(GFile) same = g_file_new_for_path (f->path);
  g_autoptr(TopoDocument) work = topo_window_new_blank_document ();
  TopoWindow *other;
  GSList files = { same, NULL };

  /* the pristine window takes the file */
  _topo_window_open_or_present (f->window, f->file);
  g_assert_true (g_file_equal (topo_window_get_file (f->window), f->file));
  g_assert_cmpuint (n_windows (f), ==, 1);

  /* a second window with work of its own */
  other = topo_window_new (f->app);
  topo_edit_set_name (work, "Other work");
  topo_window_set_document (other, work, NULL);
  gtk_window_present (GTK_WINDOW (other));
  g_assert_cmpuint (n_windows (f), ==, 2);

  /* the Open dialog's path (its response calls this), with another GFile of the same path */
  g_assert_true (topo_application_open_file (TOPO_APPLICATION (f->app), same, other) == f->window);
  _topo_window_open_or_present (other, same);
  g_assert_cmpuint (n_windows (f), ==, 2);
  g_assert_null (topo_window_get_file (other));
  g_assert_cmpstr (topo_document_get_name (topo_window_get_document (other)), ==, "Other work");

  /* Open Recent */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "win.open-recent", "s", uri));
  g_assert_cmpuint (n_windows (f), ==, 2);
  g_assert_null (topo_window_get_file (other));

  /* a drop from the file manager */
  g_assert_true (_topo_window_drop_files (other, &files));
  g_assert_cmpuint (n_windows (f), ==, 2);

  /* the command line */
  g_application_open (G_APPLICATION (f->app), (GFile *[]) { same }, 1, "");
  g_assert_cmpuint (n_windows (f), ==, 2);
}

/* Dropped files: a design opens (here, in a new window when this one has work), anything else
 * is refused with a message naming it. */
static void
test_drop_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text_path = g_build_filename (f->dir, "notes.txt", NULL);
  g_autoptr(GFile) text = g_file_new_for_path (text_path);
  GSList not_design = { text, NULL };
  GSList design = { f->file, NULL };

  g_assert_false (_topo_window_drop_files (f->window, &not_design));
  g_assert_nonnull (strstr (_topo_window_get_last_message (f->window), "notes.txt"));
  g_assert_null (topo_window_get_file (f->window));

  topo_edit_set_name (topo_window_get_document (f->window), "Work");
  g_assert_true (_topo_window_drop_files (f->window, &design));
  g_assert_cmpuint (n_windows (f), ==, 2);
  g_assert_true (topo_application_find_window (TOPO_APPLICATION (f->app), f->file) != f->window);
  g_assert_null (topo_window_get_file (f->window));
}

/* Title and subtitle are window properties the header binds to; "modified" follows the
 * document. */
static void
test_title_binding (Fixture       *f,
                    gconstpointer  data)
{
  gboolean modified = TRUE;
  g_autofree char *subtitle = NULL;

  g_object_get (f->window, "modified", &modified, "subtitle", &subtitle, NULL);
  g_assert_false (modified);
  g_assert_cmpstr (subtitle, ==, "Not saved");
  topo_edit_set_name (topo_window_get_document (f->window), "Renamed");
  g_object_get (f->window, "modified", &modified, NULL);
  g_assert_true (modified);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Renamed •");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_object_get (f->window, "modified", &modified, NULL);
  g_assert_false (modified);
  /* undo's own state follows the document's notifications */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL) &&
                  topo_document_can_undo (topo_window_get_document (f->window)));

  _topo_window_open_or_present (f->window, f->file);
  g_clear_pointer (&subtitle, g_free);
  g_object_get (f->window, "subtitle", &subtitle, NULL);
  g_assert_cmpstr (subtitle, ==, "saved.topograph");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Saved design");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gboolean tap = FALSE;
  int status;

  for (int i = 1; i < argc; i++)
    tap |= g_str_equal (argv[i], "--tap");

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      if (tap)
        {
          g_print ("1..0 # SKIP no display\n");
          return 0;
        }
      return 77;
    }
  adw_init ();
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  the_app = GTK_APPLICATION (topo_application_new ());
  g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (the_app), NULL, &error))
    g_error ("%s", error->message);

#define ADD(path, fn) g_test_add ("/topo/gnome/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("template-chooser", test_template_chooser);
  ADD ("open-already-open", test_open_already_open);
  ADD ("drop-files", test_drop_files);
  ADD ("title-binding", test_title_binding);
#undef ADD

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
