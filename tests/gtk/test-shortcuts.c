/* test-shortcuts.c: the Keyboard Shortcuts window lists every key the application binds, and
 * binds every key it lists
 *
 * The keys bound: the application's accelerators (gtk_application_set_accels_for_action) and the
 * window's and canvas's shortcut controllers (class key bindings and the window's own) that
 * activate our actions (app.*, win.*, canvas.*). The keys listed: every GtkShortcutsShortcut of
 * ui/gtk/help-overlay.ui. A few keys are handled by key controllers in editors (no action to
 * enumerate) and a few are variants of a listed key on another key (the keypad, "=" for "+");
 * both lists are below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>


#include "topo-application.h"
#include "topo-window-private.h"
#include "gtk-test-init.h"

typedef struct
{
  guint           keyval;
  GdkModifierType mods;
} Key;

/* A second key for a listed one: not listed on its own. */
static const struct { const char *variant, *listed; } variants[] = {
  { "<Control>equal", "<Control>plus" },
  { "<Control>KP_Add", "<Control>plus" },
  { "<Control>KP_Subtract", "<Control>minus" },
  { "KP_Delete", "Delete" },
};

/* Listed keys that key controllers handle: the note editors keep the text with Ctrl+Enter
 * (topo-note-editor.c, the inspector's note text) and Escape reverts an inspector entry or
 * cancels the note editor (the canvas's Escape is an action too). */
static const char *const handled_by_controllers[] = {
  "<Control>Return",
  "Escape",
};

static Key
parse (const char *accel)
{
  Key key = { 0, 0 };

  g_assert_true (gtk_accelerator_parse (accel, &key.keyval, &key.mods));
  key.keyval = gdk_keyval_to_lower (key.keyval);
  return key;
}

static char *
key_name (Key key)
{
  return gtk_accelerator_name (key.keyval, key.mods);
}

static gboolean
has_key (GArray *keys,
         Key     key)
{
  for (guint i = 0; i < keys->len; i++)
    {
      Key k = g_array_index (keys, Key, i);

      if (k.keyval == key.keyval && k.mods == key.mods)
        return TRUE;
    }
  return FALSE;
}

static void
add_key (GArray *keys,
         Key     key)
{
  if (!has_key (keys, key))
    g_array_append_val (keys, key);
}

/* The keys of widget's shortcut controllers that activate one of our actions. */
static void
add_widget_keys (GArray    *keys,
                 GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          const char *name;
          Key key;

          if (!GTK_IS_NAMED_ACTION (action) || !GTK_IS_KEYVAL_TRIGGER (trigger))
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if (!g_str_has_prefix (name, "app.") && !g_str_has_prefix (name, "win.") &&
              !g_str_has_prefix (name, "canvas."))
            continue;
          key.keyval = gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)));
          key.mods = gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger));
          add_key (keys, key);
        }
    }
}

static void
test_shortcuts_window (void)
{
  g_autoptr(GtkApplication) app = GTK_APPLICATION (topo_application_new ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GArray) bound = g_array_new (FALSE, FALSE, sizeof (Key));
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (Key));
  g_autoptr(GSList) objects = NULL;
  g_auto(GStrv) actions = NULL;
  TopoWindow *window;
  guint n_shortcuts = 0;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = topo_window_new (app);

  /* bound */
  actions = gtk_application_list_action_descriptions (app);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (guint k = 0; accels[k] != NULL; k++)
        add_key (bound, parse (accels[k]));
    }
  g_assert_cmpuint (bound->len, >=, 20);
  add_widget_keys (bound, GTK_WIDGET (window));
  add_widget_keys (bound, GTK_WIDGET (_topo_window_get_canvas (window)));

  /* listed */
  builder = gtk_builder_new_from_resource ("/io/github/topograph/Topograph/gtk/help-overlay.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, NULL);
      g_assert_nonnull (accelerator);
      accels = g_strsplit (accelerator, " ", -1);
      for (guint k = 0; accels[k] != NULL; k++)
        add_key (listed, parse (accels[k]));
      n_shortcuts++;
    }
  g_assert_cmpuint (n_shortcuts, >=, 20);

  /* every bound key is listed (or is a variant of a listed one) */
  for (guint i = 0; i < bound->len; i++)
    {
      Key key = g_array_index (bound, Key, i);
      g_autofree char *name = key_name (key);
      gboolean ok = has_key (listed, key);

      for (guint v = 0; !ok && v < G_N_ELEMENTS (variants); v++)
        {
          Key variant = parse (variants[v].variant);

          if (variant.keyval == key.keyval && variant.mods == key.mods)
            ok = has_key (listed, parse (variants[v].listed));
        }
      if (!ok)
        g_error ("%s is bound but the Keyboard Shortcuts window does not list it", name);
    }

  /* every listed key does something */
  for (guint i = 0; i < listed->len; i++)
    {
      Key key = g_array_index (listed, Key, i);
      g_autofree char *name = key_name (key);
      gboolean ok = has_key (bound, key);

      for (guint h = 0; !ok && h < G_N_ELEMENTS (handled_by_controllers); h++)
        {
          Key handled = parse (handled_by_controllers[h]);

          ok = handled.keyval == key.keyval && handled.mods == key.mods;
        }
      if (!ok)
        g_error ("the Keyboard Shortcuts window lists %s, which nothing binds", name);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  int status = topo_gtk_test_init (&argc, &argv);

  if (status >= 0)
    return status;
  g_test_add_func ("/gtk/shortcuts/window-lists-every-key", test_shortcuts_window);
  return g_test_run ();
}
