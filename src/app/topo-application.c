/* topo-application.c: the Topograph application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-application"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "topo-application.h"
#include "topo-preferences-window.h"
#include "topo-test-geometry.h"
#include "topo-window-private.h"

struct _TopoApplication
{
  AdwApplication parent_instance;
  gboolean       recovery_done;   /* orphaned autosaves are looked for once per process */
};

#define TOPO_WEBSITE "https://github.com/topograph/topograph"

G_DEFINE_FINAL_TYPE (TopoApplication, topo_application, ADW_TYPE_APPLICATION)

static TopoWindow *
new_window (TopoApplication *self)
{
  g_autoptr(TopoDocument) doc = topo_window_new_blank_document ();
  TopoWindow *window = topo_window_new (GTK_APPLICATION (self));

  topo_window_set_document (window, doc, NULL);
  return window;
}

/* Designs left unsaved by a session that ended unexpectedly (topo-autosave.h): each orphaned copy
 * opens in its own window, with a bar saying so, exactly once, whatever the command line. */
static gboolean
recover_autosaves (TopoApplication *self)
{
  g_autoptr(GPtrArray) claimed = NULL;
  gboolean any = FALSE;

  if (self->recovery_done)
    return FALSE;
  self->recovery_done = TRUE;
  claimed = topo_autosave_claim_orphans (NULL);
  for (guint i = 0; i < claimed->len; i++)
    {
      g_autoptr(GError) error = NULL;
      TopoWindow *window = topo_window_new (GTK_APPLICATION (self));

      if (!topo_window_recover_autosave (window, g_ptr_array_steal_index (claimed, i--), &error))
        {
          g_warning ("%s", error->message);
          gtk_window_destroy (GTK_WINDOW (window));
          continue;
        }
      gtk_window_present (GTK_WINDOW (window));
      any = TRUE;
    }
  return any;
}

TopoWindow *
topo_application_find_window (TopoApplication *self,
                              GFile           *file)
{
  g_return_val_if_fail (TOPO_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TOPO_IS_WINDOW (l->data) && topo_window_get_file (l->data) != NULL &&
        g_file_equal (topo_window_get_file (l->data), file))
      return l->data;
  return NULL;
}

TopoWindow *
topo_application_open_file (TopoApplication *self,
                            GFile           *file,
                            TopoWindow      *into)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  TopoWindow *window;

  g_return_val_if_fail (TOPO_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (into == NULL || TOPO_IS_WINDOW (into), NULL);

  window = topo_application_find_window (self, file);
  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return window;
    }
  if (into != NULL && topo_window_is_pristine (into))
    {
      topo_window_open_file (into, file);
      return into;
    }
  if (into == NULL)
    {
      /* the command line: a broken file leaves a blank design and the loader's message */
      window = new_window (self);
      gtk_window_present (GTK_WINDOW (window));
      topo_window_open_file (window, file);
      return window;
    }
  /* load first: a file that does not load is reported in the window asked from, whose work
   * stays as it is */
  doc = _topo_window_load_design (file, &error);
  if (doc == NULL)
    {
      _topo_window_show_error (into, _("Could Not Open the Design"), error->message);
      return NULL;
    }
  window = topo_window_new (GTK_APPLICATION (self));
  _topo_window_take_loaded (window, doc, file);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
topo_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (recover_autosaves (TOPO_APPLICATION (app)) && window == NULL)
    return;
  if (window == NULL)
    window = GTK_WINDOW (new_window (TOPO_APPLICATION (app)));
  gtk_window_present (window);
}

static void
topo_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  TopoApplication *self = TOPO_APPLICATION (app);

  /* Also when started with files: the crashed session's work is offered first, and a file it
   * belonged to is then presented in that window instead of opening a second copy. */
  recover_autosaves (self);
  for (int i = 0; i < n_files; i++)
    topo_application_open_file (self, files[i], NULL);
}

static void
new_window_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (new_window (TOPO_APPLICATION (user_data))));
}

/* What a bug report needs: versions of the program and its libraries, and the system. */
static char *
debug_info (void)
{
  g_autoptr(GString) info = g_string_new (NULL);
  g_autofree char *os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  const char *desktop = g_getenv ("XDG_CURRENT_DESKTOP");
  GdkDisplay *display = gdk_display_get_default ();

  g_string_append_printf (info, "Topograph %s (%s)\n\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (info, "GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n", gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n", adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());
  g_string_append_printf (info, "json-glib %s\n", JSON_VERSION_S);
  g_string_append_printf (info, "cairo %s\n", cairo_version_string ());
  g_string_append_printf (info, "Pango %s\n\n", pango_version_string ());
  g_string_append_printf (info, "System: %s\n", os != NULL ? os : "unknown");
  g_string_append_printf (info, "Desktop: %s\n", desktop != NULL ? desktop : "unknown");
  g_string_append_printf (info, "Display: %s\n", display != NULL ? G_OBJECT_TYPE_NAME (display) : "none");
  g_string_append_printf (info, "Language: %s\n", g_get_language_names ()[0]);
  return g_string_free (g_steal_pointer (&info), FALSE);
}

GtkWidget *
topo_application_show_about (TopoApplication *self)
{
  const char *developers[] = { "The Topograph developers https://github.com/topograph/topograph", NULL };
  g_autofree char *info = debug_info ();
  GtkWidget *about = adw_about_window_new ();

  g_return_val_if_fail (TOPO_IS_APPLICATION (self), NULL);

  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Topograph"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Topograph developers"));
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Design, validate and export Azure Machine Learning enterprise topologies"));
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), TOPO_WEBSITE);
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about), TOPO_WEBSITE "/issues");
  adw_about_window_set_support_url (ADW_ABOUT_WINDOW (about), TOPO_WEBSITE "/tree/main/help/C");
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), _("© 2026 The Topograph developers"));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  /* Translators: your names and addresses, one a line; shown in the About window */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("_Command Line and CI"),
                             TOPO_WEBSITE "/tree/main/help/C");
  adw_about_window_set_debug_info (ADW_ABOUT_WINDOW (about), info);
  adw_about_window_set_debug_info_filename (ADW_ABOUT_WINDOW (about), "topograph-debug-info.txt");
  gtk_window_present (GTK_WINDOW (about));
  return about;
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  topo_application_show_about (TOPO_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (topo_preferences_window_new (parent)));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* close each window so unsaved designs get their prompt */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static void
show_help_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GtkWindow *window = GTK_WINDOW (object);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (gtk_show_uri_full_finish (window, result, &error))
    return;
  dialog = adw_message_dialog_new (window, _("Could Not Open the Help"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The user guide opens in a help browser such as Yelp: %s"),
                                  error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* F1 and the menu's Help: the Mallard guide installed with gnome.yelp (help/). */
static void
help_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window == NULL)
    window = GTK_WINDOW (new_window (TOPO_APPLICATION (user_data)));
  gtk_show_uri_full (window, "help:" APP_ID, GDK_CURRENT_TIME, NULL, show_help_cb, NULL);
}

/* --version and --new-window are answered here, in the process that was started: --new-window
 * asks the running instance for the app.new-window action (what the desktop file's "New Window"
 * action calls over D-Bus); with no instance running, this one starts with a window. */
static int
topo_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("topograph %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "new-window"))
    {
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("topograph: %s\n", error->message);
          return 1;
        }
      /* the first instance goes on running: its activation opens the window */
      if (!g_application_get_is_remote (app))
        return -1;
      g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
      return 0;
    }
  return -1;
}

static void
topo_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "new-window", new_window_activated },
    { "about", about_activated },
    { "preferences", preferences_activated },
    { "help", help_activated },
    { "quit", quit_activated },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new-window", { "<Control><Shift>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.show-recent", { "<Control>r", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.export::png", { "<Control>e", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.copy-image", { "<Control><Shift>c", NULL } },
    { "win.fullscreen", { "F11", NULL } },
    /* the view, wherever the focus is in the window (the canvas has the same keys) */
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-reset", { "<Control>0", NULL } },
    { "win.fit", { "<Control>1", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (topo_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  _topo_test_geometry_install (GTK_APPLICATION (app));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
topo_application_class_init (TopoApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = topo_application_activate;
  app_class->open = topo_application_open;
  app_class->startup = topo_application_startup;
  app_class->handle_local_options = topo_application_handle_local_options;
}

static void
topo_application_init (TopoApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { "new-window", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open a new window with a blank design"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  /* Translators: the arguments in "topograph --help"'s first line */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Design, validate and export Azure Machine Learning "
                                              "enterprise topologies. Each FILE (a .topograph "
                                              "design) opens in its own window."));
}

TopoApplication *
topo_application_new (void)
{
  return g_object_new (TOPO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/topograph/Topograph",
                       NULL);
}
