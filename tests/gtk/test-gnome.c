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
#include "topo-preferences-window.h"
#include "topo-settings.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-template-chooser.h"
#include "topo-templates.h"
#include "topo-window-private.h"
#include "gtk-test-init.h"

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

/* TOPO_SCREENSHOT_DIR=DIR: the windows the tests open are saved there as PNGs, to look at. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("TOPO_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  gtk_test_widget_wait_for_draw (window);
  run_for (300);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
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
  save_screenshot (chooser, "template-chooser.png");

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

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}


static TopoDocument *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_format_load_file (file, &error);

  g_assert_no_error (error);
  return doc;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = topo_settings_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* The memory backend: what a window, an action or the preferences change comes back in the
 * next window. */
static void
test_settings_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = topo_settings_new ();
  TopoWindow *next;
  TopoPreferencesWindow *prefs;
  gboolean snap = TRUE;
  int width = 0, height = 0;

  reset_settings ();
  /* Snap to Grid: the setting's action, the canvas follows */
  g_assert_true (g_settings_get_boolean (settings, "snap-to-grid"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.snap-to-grid", NULL));
  g_assert_false (g_settings_get_boolean (settings, "snap-to-grid"));
  g_object_get (f->window->canvas, "snap-to-grid", &snap, NULL);
  g_assert_false (snap);

  /* the side tab, the palette's width and the window's size */
  adw_view_stack_set_visible_child_name (f->window->side_stack, "outline");
  g_assert_cmpstr (g_settings_get_string (settings, "side-tab"), ==, "outline");
  gtk_paned_set_position (f->window->outer_paned, 260);
  g_assert_cmpint (g_settings_get_int (settings, "palette-width"), ==, 260);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  next = topo_window_new (f->app);
  gtk_window_get_default_size (GTK_WINDOW (next), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (next->side_stack), ==, "outline");
  g_assert_cmpint (gtk_paned_get_position (next->outer_paned), ==, 260);
  g_object_get (next->canvas, "snap-to-grid", &snap, NULL);
  g_assert_false (snap);

  /* the preferences window shows the setting and changes it for every window */
  prefs = topo_preferences_window_new (GTK_WINDOW (next));
  gtk_window_present (GTK_WINDOW (prefs));
  save_screenshot (GTK_WIDGET (prefs), "preferences.png");
  gtk_widget_activate_action (GTK_WIDGET (next), "win.snap-to-grid", NULL);
  g_object_get (next->canvas, "snap-to-grid", &snap, NULL);
  g_assert_true (snap);
  g_settings_set_enum (settings, "export-theme", 1);
  g_assert_cmpint (topo_settings_get_export_theme (settings), ==, TOPO_THEME_DARK);
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (next));
  reset_settings ();
}

/* Version, links, credits and debug information. */
static void
test_about (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *about = topo_application_show_about (TOPO_APPLICATION (f->app));

  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  g_assert_true (gtk_widget_get_visible (about));
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), "https://"));
  g_assert_true (g_str_has_suffix (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (about)), "/issues"));
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_copyright (ADW_ABOUT_WINDOW (about)));
  g_assert_nonnull (adw_about_window_get_translator_credits (ADW_ABOUT_WINDOW (about)));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)), "GTK 4."));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)), PACKAGE_VERSION));
  save_screenshot (about, "about.png");
  gtk_window_destroy (GTK_WINDOW (about));
}

static guint
count_pdf_pages (const char *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  guint pages = 0;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  /* the file holds compressed streams (NUL bytes): compare bytes, not strings */
  for (gsize i = 0; i + 12 <= length; i++)
    if (memcmp (text + i, "/Type /Page", 11) == 0 && text[i + 11] != 's')
      pages++;
  return pages;
}

/* Printing through GtkPrintOperation's PDF export: one page fitted, or tiles at full size. */
static void
test_print_pdf (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  g_autoptr(GSettings) settings = topo_settings_new ();
  g_autofree char *pdf = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autoptr(GError) error = NULL;
  guint tiled;

  topo_window_set_document (f->window, doc, NULL);
  g_assert_true (_topo_window_print_to_file (f->window, pdf, &error));
  g_assert_no_error (error);
  /* TOPO_KEEP_PRINT=FILE keeps the printed page, to look at */
  if (g_getenv ("TOPO_KEEP_PRINT") != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (pdf);
      g_autoptr(GFile) to = g_file_new_for_path (g_getenv ("TOPO_KEEP_PRINT"));
      g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }
  g_assert_cmpuint (count_pdf_pages (pdf), ==, 1);

  g_settings_set_string (settings, "print-layout", "tiled");
  g_assert_true (_topo_window_print_to_file (f->window, pdf, &error));
  g_assert_no_error (error);
  tiled = count_pdf_pages (pdf);
  /* Contoso is wider than a page at the PDF export's size */
  g_assert_cmpuint (tiled, >, 1);
  g_settings_reset (settings, "print-layout");
  g_unlink (pdf);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GInputStream **stream = user_data;
  g_autoptr(GError) error = NULL;

  *stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);
  g_assert_no_error (error);
}

static void
splice_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error), >, 0);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* The clipboard's image/png, as a document or chat program would ask for it. */
static GBytes *
read_png (GdkClipboard *clipboard)
{
  const char *types[] = { "image/png", NULL };
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  gboolean done = FALSE;

  gdk_clipboard_read_async (clipboard, types, G_PRIORITY_DEFAULT, NULL, read_cb, &stream);
  while (stream == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* the serializer writes from this main loop: splice asynchronously */
  g_output_stream_splice_async (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT,
                                NULL, splice_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
png_size (GBytes *png,
          int    *width,
          int    *height)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (png, NULL);

  g_assert_nonnull (texture);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
}

/* Copy as Image: the whole design, or only the selection, as a PNG on the clipboard. */
static void
test_copy_image (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) part = NULL;
  const char *ids[] = { NULL, NULL };
  int w1, h1, w2, h2;

  topo_window_set_document (f->window, doc, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-image", NULL));
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "image/png"));
  whole = read_png (clipboard);
  g_assert_cmpmem (g_bytes_get_data (whole, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  png_size (whole, &w1, &h1);
  g_assert_cmpint (w1, >, 1000);

  ids[0] = topo_document_get_resource (doc, 0)->id;
  topo_canvas_set_selection (f->window->canvas, ids);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-image", NULL));
  part = read_png (clipboard);
  png_size (part, &w2, &h2);
  g_assert_cmpint (w2, <, w1);
  g_assert_cmpint (w2, >, 16);
  g_assert_nonnull (strstr (_topo_window_get_last_message (f->window), "1 resource"));
}

/* F11's action toggles full screen; Ctrl+A selects every card from anywhere but a text field. */
static void
test_fullscreen_select_all (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TopoDocument) doc = load_sample ("workspace-per-team.topograph");
  g_auto(GStrv) sel = NULL;

  topo_window_set_document (f->window, doc, NULL);
  static const struct { const char *action, *accel; } keys[] = {
    { "win.fullscreen", "F11" }, { "win.print", "<Control>p" }, { "win.copy-image", "<Shift><Control>c" },
    { "win.zoom-in", "<Control>plus" }, { "win.zoom-out", "<Control>minus" },
    { "win.zoom-reset", "<Control>0" }, { "win.fit", "<Control>1" }, { "app.preferences", "<Control>comma" },
  };

  /* application accelerators: they work wherever the focus is, and the menus show them (Xvfb
   * has no window manager to grant full screen, so only the request is made here) */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (f->app, keys[i].action);
      g_assert_true (g_strv_contains ((const char *const *) accels, keys[i].accel));
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.fullscreen", NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-all", NULL));
  sel = topo_canvas_get_selection (f->window->canvas);
  g_assert_cmpuint (g_strv_length (sel), ==, topo_document_get_n_resources (doc));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state_dir = NULL;
  int status;

  /* the command line's path offers crashed sessions' autosaves first: none of other tests' */
  state_dir = g_dir_make_tmp ("topo-gnome-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  if ((status = topo_gtk_test_init (&argc, &argv)) >= 0)
    return status;
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
  ADD ("settings-round-trip", test_settings_round_trip);
  ADD ("about", test_about);
  ADD ("print-pdf", test_print_pdf);
  ADD ("copy-image", test_copy_image);
  ADD ("fullscreen-select-all", test_fullscreen_select_all);
#undef ADD

  status = g_test_run ();
  g_clear_object (&the_app);
  rm_rf (state_dir);
  return status;
}
