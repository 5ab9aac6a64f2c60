/* topo-inspector.c: edits the selected resource, link, or the design itself
 *
 * The page is rebuilt when the selection changes and, in an idle, when the document changes
 * from elsewhere (canvas, undo). Its own edits do not rebuild it, so a row keeps focus while the
 * user works in it. Every edit is one call into topo-edit.h, so one undo step; a refused value
 * marks the row with the "error" style class and shows the reason as its tooltip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-inspector"

#include "config.h"

#include <stdlib.h>
#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "topo-arm-export.h"
#include "topo-edit.h"
#include "topo-inspector.h"
#include "topo-regions.h"
#include "topo-vm-size-chooser.h"
#include "topo-vm-sizes.h"

struct _TopoInspector
{
  GtkWidget     parent_instance;

  TopoDocument *doc;           /* owned */
  gulong        changed_id;
  gulong        committed_id;
  gboolean      stale;         /* the document changed what the page shows; rebuilt per undo step */
  GStrv         ids;           /* selection */
  int           link_index;
  GtkWidget    *page;          /* AdwPreferencesPage, our only child */
  GHashTable   *rows;          /* key → row widget (borrowed) */
  guint         rebuild_id;
  guint         applying;      /* > 0 while our own edits run */
  char         *focus_key;     /* the row to focus after the next rebuild (our own edit's result) */
};

G_DEFINE_FINAL_TYPE (TopoInspector, topo_inspector, GTK_TYPE_WIDGET)

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_rebuild (TopoInspector *self);

/* Focus: a rebuild replaces every row. The focus stays on the row with the same key, or moves
 * to the row our own edit asked for (the team just added, …); without this GTK hands it to the
 * first row of the new page, the design's Name, where the next keystrokes would rename it. */

static void
request_focus (TopoInspector *self,
               const char    *prefix,
               const char    *suffix)
{
  g_free (self->focus_key);
  self->focus_key = g_strconcat (prefix, suffix, NULL);
}

/* The key of the row holding the keyboard focus, if it is in the inspector. */
static const char *
focused_key (TopoInspector *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || self->page == NULL || !gtk_widget_is_ancestor (focus, self->page))
    return NULL;
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    if (g_object_get_data (G_OBJECT (w), "key") != NULL)
      return g_object_get_data (G_OBJECT (w), "key");
  return "";
}

/* Row helpers */

static const char *
subject_id (TopoInspector *self)
{
  return self->ids != NULL && self->ids[0] != NULL && self->ids[1] == NULL ? self->ids[0] : NULL;
}

/* A refused value is explained inline, in a row under the one edited, with a button that
 * applies the suggested value when there is one. */
static void
hint_apply_cb (GtkButton *button,
               GtkWidget *row)
{
  const char *suggestion = g_object_get_data (G_OBJECT (button), "suggestion");
  GtkWidget *spin = g_object_get_data (G_OBJECT (row), "spin");

  if (suggestion == NULL)
    return;
  if (spin != NULL)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), g_ascii_strtod (suggestion, NULL));
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (row), suggestion);
      g_signal_emit_by_name (row, "apply");
    }
}

/* Row titles and subtitles are Pango markup by default in libadwaita 1.2; the inspector shows
 * names, tag keys and values as typed ("R&D <core>"), never markup. */
static GtkWidget *
plain_row (GtkWidget *row)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

/* group: the preferences group or expander row the hint goes into, right after row. The reason
 * takes the row's width and the button applying the suggestion goes under it, right-aligned: a
 * suggestion as long as "Use “Standard_DS3_v2”" beside the text left it a column a few words
 * wide. The reason is also the row's (unshown) title, for assistive technologies and tests. */
static void
add_hint (GtkWidget *group,
          GtkWidget *row)
{
  GtkWidget *hint = plain_row (adw_preferences_row_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (hint), FALSE);
  gtk_widget_add_css_class (hint, "error");
  gtk_widget_add_css_class (hint, "inspector-hint");
  gtk_widget_set_visible (hint, FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_visible (button, FALSE);
  g_signal_connect (button, "clicked", G_CALLBACK (hint_apply_cb), row);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (hint), box);
  g_object_set_data (G_OBJECT (hint), "button", button);
  g_object_set_data (G_OBJECT (hint), "label", label);
  g_object_set_data (G_OBJECT (row), "hint", hint);
  if (ADW_IS_EXPANDER_ROW (group))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (group), hint);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hint);
}

/* reason NULL: the value was accepted. */
static void
show_hint (GtkWidget  *row,
           const char *reason,
           const char *suggestion)
{
  GtkWidget *hint = g_object_get_data (G_OBJECT (row), "hint");
  GtkWidget *button;

  if (reason == NULL)
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
    }
  else
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, reason);
    }
  if (hint == NULL)
    return;
  button = g_object_get_data (G_OBJECT (hint), "button");
  gtk_widget_set_visible (hint, reason != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (hint), reason ? reason : "");
  gtk_label_set_text (GTK_LABEL (g_object_get_data (G_OBJECT (hint), "label")), reason ? reason : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (hint), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reason ? reason : "", -1);
  gtk_widget_set_visible (button, suggestion != NULL);
  if (suggestion != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Use “%s”"), suggestion);
      gtk_button_set_label (GTK_BUTTON (button), label);
      gtk_widget_set_tooltip_text (button, label);
    }
  g_object_set_data_full (G_OBJECT (button), "suggestion", g_strdup (suggestion), g_free);
}

static void
report (TopoInspector *self,
        GtkWidget     *row,
        gboolean       ok,
        GError        *error)
{
  show_hint (row, ok ? NULL : (error ? error->message : _("This value is not allowed")), NULL);
  /* rows without an inline hint say it in a toast as well */
  if (!ok && error != NULL && g_object_get_data (G_OBJECT (row), "hint") == NULL)
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
remember (TopoInspector *self,
          const char    *key,
          GtkWidget     *row)
{
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  g_hash_table_replace (self->rows, g_strdup (key), row);
}

static const char *
row_key (gpointer row)
{
  return g_object_get_data (G_OBJECT (row), "key");
}

/* Escape in an entry row puts back the value it had when last shown or applied, so an edit the
 * user did not apply can be abandoned; a second Escape goes on to the window. */
static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkWidget             *row)
{
  const char *committed = g_object_get_data (G_OBJECT (row), "committed");

  if (keyval != GDK_KEY_Escape || (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), committed ? committed : "") == 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (row), committed ? committed : "");
  gtk_editable_set_position (GTK_EDITABLE (row), -1);
  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, NULL);
  return TRUE;
}

/* Runs after the row's own "apply" handler: a value that was accepted is the new one to revert to. */
static void
entry_applied_cb (GtkWidget *row)
{
  if (!gtk_widget_has_css_class (row, "error"))
    g_object_set_data_full (G_OBJECT (row), "committed",
                            g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))), g_free);
}

static void
track_entry (GtkWidget  *row,
             const char *value)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_object_set_data_full (G_OBJECT (row), "committed", g_strdup (value ? value : ""), g_free);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), row);
  gtk_widget_add_controller (row, keys);
  g_signal_connect (row, "apply", G_CALLBACK (entry_applied_cb), NULL);
}

static gint64
count_or_default (gint64 value,
                  gint64 fallback)
{
  return value == TOPO_COUNT_UNSET ? fallback : value;
}

/* Refuses, inline and before any edit, what Azure would refuse: a name against the kind's naming
 * rule, a minimum node count above the maximum, a typed VM size Azure does not list (with the
 * nearest known size; a size newer than the list is used as typed from the sizes list button,
 * "Use “…”", and CAP001 then judges it). */
static gboolean
check_value (TopoInspector *self,
             GtkWidget     *row,
             const char    *key,
             const char    *value)
{
  const TopoResource *res = topo_document_lookup (self->doc, subject_id (self));
  g_autofree char *reason = NULL;
  g_autofree char *suggestion = NULL;

  if (res == NULL || value == NULL || *value == '\0')
    return TRUE;
  if (g_str_equal (key, "name") && !topo_naming_check (res->kind, value, &reason))
    suggestion = topo_naming_suggest (res->kind, value);
  else if (g_str_equal (key, "vm_size") && g_object_get_data (G_OBJECT (row), "as-typed") == NULL &&
           !topo_vm_size_check (value, &reason))
    {
      g_autofree char *check = g_steal_pointer (&reason);

      suggestion = topo_vm_size_suggest (value);
      reason = g_strdup_printf (_("%s To use it as typed, choose “Use” in the list of sizes."), check);
    }
  else if (g_str_equal (key, "min_nodes") || g_str_equal (key, "max_nodes"))
    {
      gboolean is_min = g_str_equal (key, "min_nodes");
      gint64 v = g_ascii_strtoll (value, NULL, 10);
      gint64 min = is_min ? v : count_or_default (res->min_nodes, TOPO_ARM_DEFAULT_MIN_NODES);
      gint64 max = is_min ? count_or_default (res->max_nodes, TOPO_ARM_DEFAULT_MAX_NODES) : v;

      if (min > max)
        {
          /* %lld, not G_GINT64_FORMAT: xgettext cannot expand a macro inside a msgid */
          reason = g_strdup_printf (_("The minimum node count (%lld) is above the maximum (%lld)"),
                                    (long long) min, (long long) max);
          suggestion = g_strdup_printf ("%" G_GINT64_FORMAT, is_min ? max : min);
        }
    }
  if (reason == NULL)
    return TRUE;
  show_hint (row, reason, suggestion);
  return FALSE;
}

/* Sets a resource property by its file spelling; "" means absent. */
static void
set_property (TopoInspector *self,
              GtkWidget     *row,
              const char    *key,
              const char    *value)
{
  g_autoptr(GError) error = NULL;
  const char *id = subject_id (self);
  gboolean ok;

  if (self->doc == NULL || id == NULL)
    return;
  if (!check_value (self, row, key, value))
    {
      GtkWidget *spin = g_object_get_data (G_OBJECT (row), "spin");

      /* a refused count shows the document's again (the hint says what was refused and why) */
      if (spin != NULL)
        {
          gint64 now = g_str_equal (key, "min_nodes")
                       ? count_or_default (topo_document_lookup (self->doc, id)->min_nodes, TOPO_ARM_DEFAULT_MIN_NODES)
                       : count_or_default (topo_document_lookup (self->doc, id)->max_nodes, TOPO_ARM_DEFAULT_MAX_NODES);

          g_object_set_data (G_OBJECT (spin), "reset-to", GINT_TO_POINTER (TRUE));
          g_object_set_data (G_OBJECT (spin), "reset-value", GINT_TO_POINTER ((int) now));
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), now);
        }
      return;
    }
  self->applying++;
  ok = topo_edit_set_property (self->doc, id, key, value && *value ? value : NULL, &error);
  self->applying--;
  report (self, row, ok, error);
}

static void
property_entry_apply_cb (TopoInspector *self,
                         AdwEntryRow   *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  set_property (self, GTK_WIDGET (row), row_key (row), text);
}

static GtkWidget *
add_entry (TopoInspector *self,
           GtkWidget     *group,
           const char    *title,
           const char    *key,
           const char    *value,
           GCallback      apply_cb)
{
  GtkWidget *row = plain_row (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  remember (self, key, row);
  g_signal_connect_object (row, "apply", apply_cb ? apply_cb : G_CALLBACK (property_entry_apply_cb),
                           self, G_CONNECT_SWAPPED);
  track_entry (row, value);
  /* with the apply button shown, Enter emits "apply" as well (libadwaita 1.2) */
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  add_hint (group, row);
  return row;
}

static void
property_combo_cb (TopoInspector *self,
                   GParamSpec    *pspec,
                   AdwComboRow   *row)
{
  const char *const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);

  if (values == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= g_strv_length ((GStrv) values))
    return;
  set_property (self, GTK_WIDGET (row), row_key (row), values[selected]);
}

/* values: file spellings ("" = absent), labels: what the user sees. Takes both vectors. */
static GtkWidget *
add_combo (TopoInspector *self,
           GtkWidget     *group,
           const char    *title,
           const char    *key,
           GStrv          values,
           GStrv          labels,
           const char    *current,
           GCallback      changed_cb)
{
  GtkWidget *row = plain_row (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char *const *) labels);
  guint selected = 0;

  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], current ? current : "") == 0)
      selected = i;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), "values", values, (GDestroyNotify) g_strfreev);
  g_strfreev (labels);
  remember (self, key, row);
  g_signal_connect_object (row, "notify::selected",
                           changed_cb ? changed_cb : G_CALLBACK (property_combo_cb),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

/* A combo over a NULL-terminated list of spellings; unset_label adds an "absent" entry first. */
static GtkWidget *
add_enum_combo (TopoInspector     *self,
                GtkWidget         *group,
                const char        *title,
                const char        *key,
                const char        *unset_label,
                const char *const *spellings,
                const char        *current)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  gboolean found = current == NULL;

  if (unset_label != NULL)
    {
      g_strv_builder_add (values, "");
      g_strv_builder_add (labels, unset_label);
    }
  for (guint i = 0; spellings[i] != NULL; i++)
    {
      g_strv_builder_add (values, spellings[i]);
      g_strv_builder_add (labels, spellings[i]);
      found |= g_strcmp0 (spellings[i], current) == 0;
    }
  /* keep a value the list does not know (e.g. an environment missing from the policy) */
  if (!found)
    {
      g_strv_builder_add (values, current);
      g_strv_builder_add (labels, current);
    }
  return add_combo (self, group, title, key, g_strv_builder_end (values),
                    g_strv_builder_end (labels), current, NULL);
}

static void
property_switch_cb (TopoInspector *self,
                    GParamSpec    *pspec,
                    GtkSwitch     *sw)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (sw), "row");
  set_property (self, row, row_key (row), gtk_switch_get_active (sw) ? "true" : "false");
}

static GtkWidget *
add_switch (TopoInspector *self,
            GtkWidget     *group,
            const char    *title,
            const char    *subtitle,
            const char    *key,
            gboolean       active)
{
  GtkWidget *row = plain_row (adw_action_row_new ());
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  g_object_set_data (G_OBJECT (sw), "row", row);
  remember (self, key, row);
  g_object_set_data (G_OBJECT (row), "switch", sw);
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (property_switch_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
property_spin_cb (TopoInspector *self,
                  GtkSpinButton *spin)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (spin), "row");
  g_autofree char *text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));

  /* the document's value that set_property put back (the adjustment's signal does not recurse,
   * so it arrives once the refused value's handler has returned) */
  if (g_object_steal_data (G_OBJECT (spin), "reset-to") != NULL &&
      gtk_spin_button_get_value_as_int (spin) == GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "reset-value")))
    return;
  set_property (self, row, row_key (row), text);
}

/* An unset count shows the value the export will use, and says so. */
static GtkWidget *
add_spin (TopoInspector *self,
          GtkWidget     *group,
          const char    *title,
          const char    *key,
          gint64         value,
          gint64         fallback,
          double         max)
{
  GtkWidget *row = plain_row (adw_action_row_new ());
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (value == TOPO_COUNT_UNSET)
    {
      g_autofree char *subtitle = g_strdup_printf (_("Not set: the export uses %lld"),
                                                   (long long) fallback);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      value = fallback;
    }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value < 0 ? 0 : value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  g_object_set_data (G_OBJECT (spin), "row", row);
  g_object_set_data (G_OBJECT (row), "spin", spin);
  remember (self, key, row);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (property_spin_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  add_hint (group, row);
  return row;
}

static GtkWidget *
add_info (GtkWidget  *group,
          const char *title,
          const char *value)
{
  GtkWidget *row = plain_row (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : "");
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
add_group (TopoInspector *self,
           const char    *title,
           const char    *description)
{
  GtkWidget *group = adw_preferences_group_new ();
  /* a group's title and description are always markup (no use-markup in libadwaita 1.2) */
  g_autofree char *title_markup = g_markup_escape_text (title, -1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title_markup);
  if (description != NULL)
    {
      g_autofree char *description_markup = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description_markup);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
  return group;
}

static GtkWidget *
remove_button (const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* Resource references: a combo of "(none)" + the ids of resources of one kind. */
static GtkWidget *
add_reference_combo (TopoInspector *self,
                     GtkWidget     *group,
                     const char    *title,
                     const char    *key,
                     TopoKind       kind,
                     const char    *current,
                     gboolean       allow_none)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  guint n = topo_document_get_n_resources (self->doc);

  if (allow_none)
    {
      g_strv_builder_add (values, "");
      g_strv_builder_add (labels, _("(none)"));
    }
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *res = topo_document_get_resource (self->doc, i);
      if (res->kind != kind)
        continue;
      g_strv_builder_add (values, res->id);
      g_strv_builder_add (labels, topo_resource_get_name (res));
    }
  return add_combo (self, group, title, key, g_strv_builder_end (values),
                    g_strv_builder_end (labels), current, NULL);
}

/* Tags */

static void
tag_apply_cb (TopoInspector *self,
              AdwEntryRow   *row)
{
  g_autoptr(GError) error = NULL;
  const char *tag = g_object_get_data (G_OBJECT (row), "tag");
  gboolean ok;

  self->applying++;
  ok = topo_edit_set_tag (self->doc, subject_id (self), tag,
                          gtk_editable_get_text (GTK_EDITABLE (row)), &error);
  self->applying--;
  report (self, GTK_WIDGET (row), ok, error);
}

static void
tag_remove_cb (TopoInspector *self,
               GtkButton     *button)
{
  g_autoptr(GError) error = NULL;
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");

  if (!topo_edit_set_tag (self->doc, subject_id (self), tag, NULL, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
  else
    request_focus (self, "tag-add", NULL);
}

static void
tag_add_cb (TopoInspector *self,
            AdwEntryRow   *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  char *eq = strchr (text, '=');
  gboolean ok;

  if (eq == NULL)
    {
      g_set_error_literal (&error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE,
                           _("Write the tag as key=value"));
      report (self, GTK_WIDGET (row), FALSE, error);
      return;
    }
  *eq = '\0';
  g_strstrip (text);
  ok = topo_edit_set_tag (self->doc, subject_id (self), text, g_strstrip (eq + 1), &error);
  report (self, GTK_WIDGET (row), ok, error);
  /* ready for the next tag */
  if (ok)
    request_focus (self, "tag-add", NULL);
}

static void
build_tags (TopoInspector      *self,
            const TopoResource *res)
{
  GtkWidget *group = add_group (self, _("Tags"), NULL);
  const TopoPolicy *policy = topo_document_get_policy (self->doc);
  const char *const *required = topo_policy_required_tags (policy);

  for (guint i = 0; res->tags != NULL && i < res->tags->len; i++)
    {
      const TopoTag *tag = &g_array_index (res->tags, TopoTag, i);
      g_autofree char *key = g_strconcat ("tag:", tag->key, NULL);
      GtkWidget *row = add_entry (self, group, tag->key, key, tag->value, G_CALLBACK (tag_apply_cb));
      GtkWidget *button = remove_button (_("Remove tag"));

      g_object_set_data_full (G_OBJECT (row), "tag", g_strdup (tag->key), g_free);
      g_object_set_data_full (G_OBJECT (button), "tag", g_strdup (tag->key), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (tag_remove_cb), self, G_CONNECT_SWAPPED);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
    }
  /* required tags the resource lacks get an empty row to fill in */
  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      GtkWidget *row;

      if (topo_resource_get_tag (res, required[i]) != NULL)
        continue;
      key = g_strconcat ("tag:", required[i], NULL);
      row = add_entry (self, group, required[i], key, NULL, G_CALLBACK (tag_apply_cb));
      g_object_set_data_full (G_OBJECT (row), "tag", g_strdup (required[i]), g_free);
      gtk_widget_set_tooltip_text (row, _("Required by the policy"));
    }
  add_entry (self, group, _("Add tag (key=value)"), "tag-add", NULL, G_CALLBACK (tag_add_cb));
}

/* Access list of a workspace */

static GStrv
role_spellings (gboolean with_unset)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (with_unset)
    g_strv_builder_add (b, "");
  for (int r = TOPO_ROLE_READER; r < TOPO_N_ROLES; r++)
    g_strv_builder_add (b, topo_role_to_string (r));
  return g_strv_builder_end (b);
}

static void
access_role_cb (TopoInspector *self,
                GParamSpec    *pspec,
                AdwComboRow   *row)
{
  g_autoptr(GError) error = NULL;
  const char *team = g_object_get_data (G_OBJECT (row), "team");
  const char *const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);
  gboolean ok;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  self->applying++;
  ok = topo_edit_set_access (self->doc, subject_id (self), team,
                             topo_role_from_string (values[selected]), &error);
  self->applying--;
  report (self, GTK_WIDGET (row), ok, error);
}

static void
access_remove_cb (TopoInspector *self,
                  GtkButton     *button)
{
  g_autoptr(GError) error = NULL;

  if (!topo_edit_set_access (self->doc, subject_id (self),
                             g_object_get_data (G_OBJECT (button), "team"),
                             TOPO_ROLE_UNSET, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
  else
    request_focus (self, "access-add", NULL);
}

static void
access_add_cb (TopoInspector *self,
               GParamSpec    *pspec,
               AdwComboRow   *row)
{
  g_autoptr(GError) error = NULL;
  const char *const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return;
  /* new entries start with the least privilege */
  if (!topo_edit_set_access (self->doc, subject_id (self), values[selected], TOPO_ROLE_READER,
                             &error))
    {
      report (self, GTK_WIDGET (row), FALSE, error);
      return;
    }
  request_focus (self, "access:", values[selected]);
}

static void
build_access (TopoInspector      *self,
              const TopoResource *res)
{
  GtkWidget *group = add_group (self, _("Access"), _("Teams and their role on this workspace"));
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  guint n_teams = topo_document_get_n_teams (self->doc);

  for (guint i = 0; res->access != NULL && i < res->access->len; i++)
    {
      const TopoAccessEntry *entry = &g_array_index (res->access, TopoAccessEntry, i);
      const TopoTeam *team = topo_document_lookup_team (self->doc, entry->team);
      g_autofree char *key = g_strconcat ("access:", entry->team, NULL);
      GtkWidget *row = add_combo (self, group, team ? topo_team_get_name (team) : entry->team, key,
                                  role_spellings (FALSE), role_spellings (FALSE),
                                  topo_role_to_string (entry->role), G_CALLBACK (access_role_cb));
      GtkWidget *button = remove_button (_("Remove access"));

      g_object_set_data_full (G_OBJECT (row), "team", g_strdup (entry->team), g_free);
      g_object_set_data_full (G_OBJECT (button), "team", g_strdup (entry->team), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (access_remove_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  g_strv_builder_add (values, "");
  g_strv_builder_add (labels, _("Choose a team…"));
  for (guint i = 0; i < n_teams; i++)
    {
      const TopoTeam *team = topo_document_get_team (self->doc, i);
      gboolean has = FALSE;
      for (guint j = 0; res->access != NULL && j < res->access->len; j++)
        has |= g_strcmp0 (g_array_index (res->access, TopoAccessEntry, j).team, team->id) == 0;
      if (has)
        continue;
      g_strv_builder_add (values, team->id);
      g_strv_builder_add (labels, topo_team_get_name (team));
    }
  add_combo (self, group, _("Grant access"), "access-add", g_strv_builder_end (values),
             g_strv_builder_end (labels), "", G_CALLBACK (access_add_cb));
}

/* Resource page */

static GStrv
region_values (TopoInspector *self,
               gboolean       labels)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *const *lanes = topo_document_get_lanes (self->doc);
  const TopoRegion *all;
  guint n_all = 0;

  /* the design's lanes first, then every Azure region */
  for (guint i = 0; lanes != NULL && lanes[i] != NULL; i++)
    if (g_hash_table_add (seen, (gpointer) lanes[i]))
      {
        const TopoRegion *r = topo_region_lookup (lanes[i]);
        if (labels && r != NULL)
          {
            g_autofree char *l = g_strdup_printf ("%s (%s)", r->display_name, r->name);
            g_strv_builder_add (b, l);
          }
        else
          g_strv_builder_add (b, lanes[i]);
      }
  all = topo_regions_get_all (&n_all);
  for (guint i = 0; i < n_all; i++)
    if (all[i].customer && g_hash_table_add (seen, (gpointer) all[i].name))
      {
        if (labels)
          {
            g_autofree char *l = g_strdup_printf ("%s (%s)", all[i].display_name, all[i].name);
            g_strv_builder_add (b, l);
          }
        else
          g_strv_builder_add (b, all[i].name);
      }
  return g_strv_builder_end (b);
}

/* A size chosen from the list is applied as it is: a known one, or the typed text the list
 * offers to use ("Use “…”"), which CAP001 then judges. */
static void
vm_size_chosen_cb (TopoVmSizeChooser *chooser,
                   const char        *name,
                   GtkWidget         *row)
{
  gtk_editable_set_text (GTK_EDITABLE (row), name);
  g_object_set_data (G_OBJECT (row), "as-typed", GINT_TO_POINTER (TRUE));
  g_signal_emit_by_name (row, "apply");
  g_object_set_data (G_OBJECT (row), "as-typed", NULL);
}

/* Unset, the title says which size the export will use; the title gives the size's figures,
 * and the suffix button lists the sizes (free text stays possible: CAP001 judges it). */
static void
add_vm_size (TopoInspector      *self,
             GtkWidget          *group,
             const TopoResource *res)
{
  g_autofree char *title = NULL;
  g_autofree char *figures = topo_vm_size_describe (res->vm_size != NULL ? res->vm_size
                                                                         : TOPO_ARM_DEFAULT_VM_SIZE);
  GtkWidget *row, *chooser;

  if (res->vm_size == NULL)
    title = g_strdup_printf (_("VM Size (not set: the export uses %s)"), TOPO_ARM_DEFAULT_VM_SIZE);
  else if (figures != NULL)
    /* Translators: the size's figures follow, e.g. "6 vCPUs · 112 GiB · 1× V100" */
    title = g_strdup_printf (_("VM Size · %s"), figures);
  row = add_entry (self, group, title ? title : _("VM Size"), "vm_size", res->vm_size, NULL);
  chooser = topo_vm_size_chooser_new ();
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), chooser);
  g_signal_connect_object (chooser, "size-activated", G_CALLBACK (vm_size_chosen_cb), row, 0);
  add_hint (group, row);
  /* a size Azure does not list (used as typed, or from a file): the reason and the nearest one
   * under the row, as CAP001 says in the Issues tab */
  if (res->vm_size != NULL)
    {
      g_autofree char *reason = NULL;

      if (!topo_vm_size_check (res->vm_size, &reason))
        {
          g_autofree char *suggestion = topo_vm_size_suggest (res->vm_size);

          show_hint (row, reason, suggestion);
        }
    }
}

static const char *const purpose_spellings[] = { "team", "project", "shared", "exploration", NULL };
static const char *const data_spellings[] = { "none", "non-production", "production", NULL };
static const char *const level_spellings[] = { "public", "internal", "confidential", "restricted", NULL };
static const char *const residency_spellings[] = { "none", "geography", "region", NULL };
static const char *const naming_spellings[] = { "azure", "caf", NULL };
static const char *const access_spellings[] = { "read", "write", NULL };

static void
build_resource (TopoInspector      *self,
                const TopoResource *res)
{
  GtkWidget *group = add_group (self, topo_kind_display_name (res->kind), NULL);
  const TopoPolicy *policy = topo_document_get_policy (self->doc);

  add_entry (self, group, _("Name"), "name", topo_resource_get_name (res), NULL);
  add_info (group, _("Identifier"), res->id);

  if (res->kind == TOPO_KIND_RESOURCE_GROUP)
    {
      GtkWidget *env_group = add_group (self, _("Placement"), NULL);
      g_autofree char *region = g_strdup (res->region);
      GStrv values = region_values (self, FALSE);
      GStrv labels = region_values (self, TRUE);

      add_combo (self, env_group, _("Region"), "region", values, labels, region, NULL);
      add_enum_combo (self, env_group, _("Environment"), "environment", _("(none)"),
                      topo_policy_environments (policy), res->environment);
      add_enum_combo (self, env_group, _("Purpose"), "purpose", _("(none)"), purpose_spellings,
                      topo_purpose_to_string (res->purpose));
      add_entry (self, env_group, _("Team"), "team", res->team, NULL);
      add_entry (self, env_group, _("Project"), "project", res->project, NULL);
    }
  else
    {
      add_reference_combo (self, group, _("Resource group"), "group", TOPO_KIND_RESOURCE_GROUP,
                           res->group, FALSE);
    }

  switch (res->kind)
    {
    case TOPO_KIND_WORKSPACE:
      {
        GtkWidget *assoc;

        add_enum_combo (self, group, _("Purpose"), "purpose", _("(none)"), purpose_spellings,
                        topo_purpose_to_string (res->purpose));
        add_switch (self, group, _("Public Network Access"), NULL, "public_network_access",
                    topo_resource_public_network_access (res));
        assoc = add_group (self, _("Associated Resources"),
                           _("Missing ones are created by the ARM export"));
        for (guint i = 0; i < 4; i++)
          {
            static const char *titles[4];
            titles[0] = _("Storage account");
            titles[1] = _("Key vault");
            titles[2] = _("Application Insights");
            titles[3] = _("Container registry");
            add_reference_combo (self, assoc, titles[i], topo_associated_keys[i],
                                 topo_associated_kinds[i], topo_resource_associated (res, i), TRUE);
          }
        build_access (self, res);
      }
      break;

    case TOPO_KIND_COMPUTE_INSTANCE:
    case TOPO_KIND_COMPUTE_CLUSTER:
      add_reference_combo (self, group, _("Workspace"), "workspace", TOPO_KIND_WORKSPACE,
                           res->workspace, FALSE);
      add_vm_size (self, group, res);
      if (res->kind == TOPO_KIND_COMPUTE_CLUSTER)
        {
          add_spin (self, group, _("Minimum Nodes"), "min_nodes", res->min_nodes,
                    TOPO_ARM_DEFAULT_MIN_NODES, 1000);
          add_spin (self, group, _("Maximum Nodes"), "max_nodes", res->max_nodes,
                    TOPO_ARM_DEFAULT_MAX_NODES, 1000);
        }
      break;

    case TOPO_KIND_AKS:
      add_vm_size (self, group, res);
      add_spin (self, group, _("Node Count"), "node_count", res->node_count,
                TOPO_ARM_DEFAULT_AKS_NODES, 1000);
      break;

    case TOPO_KIND_STORAGE:
      {
        GtkWidget *data = add_group (self, _("Data"), NULL);

        add_enum_combo (self, data, _("Data"), "data", _("(unset: none)"), data_spellings,
                        topo_data_to_string (res->data));
        add_enum_combo (self, data, _("Sensitivity"), "sensitivity", _("(unset: internal)"),
                        level_spellings, topo_level_to_string (res->sensitivity));
        add_entry (self, group, _("SKU"), "sku", res->sku, NULL);
        add_switch (self, group, _("Hierarchical Namespace"), _("Data Lake Storage Gen2"), "hns",
                    topo_resource_hns (res));
        add_switch (self, group, _("Public Network Access"), NULL, "public_network_access",
                    topo_resource_public_network_access (res));
      }
      break;

    case TOPO_KIND_RESOURCE_GROUP:
    case TOPO_KIND_KEY_VAULT:
    case TOPO_KIND_APP_INSIGHTS:
    case TOPO_KIND_CONTAINER_REGISTRY:
    case TOPO_N_KINDS:
    default:
      break;
    }

  build_tags (self, res);
}

/* Link page */

static void
link_access_cb (TopoInspector *self,
                GParamSpec    *pspec,
                AdwComboRow   *row)
{
  g_autoptr(GError) error = NULL;
  const char *const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);
  gboolean ok;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  self->applying++;
  ok = topo_edit_set_link_access (self->doc, self->link_index,
                                  topo_access_from_string (values[selected]), &error);
  self->applying--;
  report (self, GTK_WIDGET (row), ok, error);
}

static void
link_remove_cb (TopoInspector *self,
                GtkButton     *button)
{
  g_autoptr(GError) error = NULL;

  if (!topo_edit_disconnect (self->doc, self->link_index, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
build_link (TopoInspector  *self,
            const TopoLink *link)
{
  GtkWidget *group = add_group (self, _("Link"), NULL);
  const TopoResource *from = topo_document_lookup (self->doc, link->from);
  const TopoResource *to = topo_document_lookup (self->doc, link->to);
  GtkWidget *button;

  add_info (group, _("Type"), topo_link_type_display_name (link->type));
  add_info (group, _("From"), from ? topo_resource_get_name (from) : link->from);
  add_info (group, _("To"), to ? topo_resource_get_name (to) : link->to);
  if (link->type == TOPO_LINK_DATASTORE)
    {
      GStrv values = g_strdupv ((GStrv) access_spellings);
      GStrv labels = g_strdupv ((GStrv) access_spellings);
      const char *current = topo_access_to_string (topo_link_access (link));

      g_free (labels[0]);
      labels[0] = g_strdup (_("Read"));
      g_free (labels[1]);
      labels[1] = g_strdup (_("Write"));
      add_combo (self, group, _("Access"), "link:access", values, labels, current,
                 G_CALLBACK (link_access_cb));
    }

  button = gtk_button_new_with_mnemonic (_("_Remove Link"));
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect_object (button, "clicked", G_CALLBACK (link_remove_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
}

/* Note page: text (multi-line, Ctrl+Enter or Apply keeps it), author, date, where it is */

static void
note_text_apply (TopoInspector *self,
                 GtkTextView   *view)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  const char *id = subject_id (self);

  if (self->doc == NULL || id == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  self->applying++;
  if (!topo_edit_set_note_text (self->doc, id, text, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
  self->applying--;
}

static void
note_text_button_cb (TopoInspector *self,
                     GtkButton     *button)
{
  note_text_apply (self, g_object_get_data (G_OBJECT (button), "view"));
}

static gboolean
note_text_key_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  TopoInspector         *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      note_text_apply (self, GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
      return TRUE;
    }
  return FALSE;
}

static void
note_entry_cb (TopoInspector *self,
               AdwEntryRow   *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  const char *id = subject_id (self);
  gboolean ok;

  if (self->doc == NULL || id == NULL)
    return;
  self->applying++;
  if (g_str_equal (row_key (row), "note:author"))
    ok = topo_edit_set_note_author (self->doc, id, text, &error);
  else
    ok = topo_edit_set_note_date (self->doc, id, text, &error);
  self->applying--;
  report (self, GTK_WIDGET (row), ok, error);
}

static void
note_detach_cb (TopoInspector *self,
                GtkButton     *button)
{
  g_autoptr(GError) error = NULL;

  if (self->doc != NULL && subject_id (self) != NULL &&
      !topo_edit_attach_note (self->doc, subject_id (self), NULL, -1, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
build_note (TopoInspector  *self,
            const TopoNote *note)
{
  g_autofree char *place = NULL;
  GtkWidget *group, *frame, *view, *button, *row;
  GtkEventController *keys;

  if (note->region != NULL)
    place = g_strdup_printf (_("On the %s lane"), note->region);
  else if (note->attach != NULL)
    {
      const TopoResource *target = topo_document_lookup (self->doc, note->attach);

      place = g_strdup_printf (_("On %s “%s”"), target ? topo_kind_indefinite_name (target->kind) : "",
                               target ? topo_resource_get_name (target) : note->attach);
    }
  else
    place = g_strdup_printf (_("On the %s link %s → %s"), topo_link_type_display_name (note->link_type),
                             note->link_from, note->link_to);
  group = add_group (self, _("Note"), place);

  /* the text, as typed: **bold**, *italics*, "- " list items */
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), note->text, -1);
  gtk_widget_set_size_request (view, -1, 120);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note text"), -1);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (note_text_key_cb), self, 0);
  gtk_widget_add_controller (view, keys);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  remember (self, "note:text", view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);

  button = gtk_button_new_with_mnemonic (_("_Apply Text"));
  gtk_widget_set_tooltip_text (button, _("Keep the text (Ctrl+Enter). Markdown-light: **bold**, *italics*, “- ” list items"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (button, 6);
  g_object_set_data (G_OBJECT (button), "view", view);
  g_signal_connect_object (button, "clicked", G_CALLBACK (note_text_button_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);

  group = add_group (self, _("Details"), NULL);
  add_entry (self, group, _("Author"), "note:author", note->author, G_CALLBACK (note_entry_cb));
  row = add_entry (self, group, _("Date"), "note:date", note->date, G_CALLBACK (note_entry_cb));
  gtk_widget_set_tooltip_text (row, _("ISO 8601: YYYY-MM-DD, or a date and time"));
  if (!topo_note_is_free (note))
    {
      button = gtk_button_new_with_mnemonic (_("_Detach"));
      gtk_widget_set_tooltip_text (button, _("Keep the note where it is, free on its lane"));
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_margin_top (button, 12);
      g_signal_connect_object (button, "clicked", G_CALLBACK (note_detach_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
    }
}

/* Design page: name, lanes, teams, policy */

static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",;", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (b, parts[i]);
    }
  return g_strv_builder_end (b);
}

static char *
join_list (const char *const *list)
{
  return list ? g_strjoinv (", ", (GStrv) list) : g_strdup ("");
}

static void
design_name_cb (TopoInspector *self,
                AdwEntryRow   *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  self->applying++;
  topo_edit_set_name (self->doc, *text ? text : NULL);
  self->applying--;
}

static void
design_lanes_cb (TopoInspector *self,
                 AdwEntryRow   *row)
{
  g_auto(GStrv) lanes = split_list (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; lanes[i] != NULL; i++)
    if (topo_region_lookup (lanes[i]) == NULL)
      {
        g_set_error (&error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE,
                     _("“%s” is not an Azure region name"), lanes[i]);
        report (self, GTK_WIDGET (row), FALSE, error);
        return;
      }
  self->applying++;
  topo_edit_set_lanes (self->doc, (const char *const *) lanes);
  self->applying--;
  report (self, GTK_WIDGET (row), TRUE, NULL);
}

static void
policy_edit (TopoInspector *self,
             GtkWidget     *row,
             const char    *what,
             const char    *text)
{
  g_autoptr(TopoPolicy) policy = topo_policy_copy (topo_document_get_policy (self->doc));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (what, "residency") || g_str_equal (what, "naming"))
    {
      int v = *text ? (g_str_equal (what, "residency") ? topo_residency_from_string (text)
                                                        : topo_naming_from_string (text)) : 0;
      if (v < 0)
        return;
      if (g_str_equal (what, "residency"))
        policy->residency = v;
      else
        policy->naming = v;
    }
  else
    {
      GStrv list = *text ? split_list (text) : NULL;
      GStrv *slot = NULL;

      if (g_str_equal (what, "allowed_regions"))
        {
          for (guint i = 0; list != NULL && list[i] != NULL; i++)
            if (topo_region_lookup (list[i]) == NULL)
              {
                g_set_error (&error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE,
                             _("“%s” is not an Azure region name"), list[i]);
                report (self, row, FALSE, error);
                g_strfreev (list);
                return;
              }
          slot = &policy->allowed_regions;
        }
      else if (g_str_equal (what, "required_tags"))
        slot = &policy->required_tags;
      else if (g_str_equal (what, "environments"))
        slot = &policy->environments;
      else
        slot = &policy->production_environments;
      g_strfreev (*slot);
      *slot = list;
    }

  self->applying++;
  topo_edit_set_policy (self->doc, g_steal_pointer (&policy));
  self->applying--;
  report (self, row, TRUE, NULL);
}

static void
policy_entry_cb (TopoInspector *self,
                 AdwEntryRow   *row)
{
  policy_edit (self, GTK_WIDGET (row), row_key (row) + strlen ("policy:"),
               gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
policy_combo_cb (TopoInspector *self,
                 GParamSpec    *pspec,
                 AdwComboRow   *row)
{
  const char *const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  policy_edit (self, GTK_WIDGET (row), row_key (row) + strlen ("policy:"), values[selected]);
}

static void
team_edit (TopoInspector *self,
           GtkWidget     *row,
           const char    *team_id,
           const char    *what,
           const char    *value)
{
  const TopoTeam *team = topo_document_lookup_team (self->doc, team_id);
  g_autoptr(TopoTeam) copy = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (team == NULL)
    return;
  copy = topo_team_copy (team);
  if (g_str_equal (what, "name"))
    {
      g_free (copy->name);
      copy->name = *value ? g_strdup (value) : NULL;
    }
  else if (g_str_equal (what, "data_access"))
    copy->data_access = *value ? topo_level_from_string (value) : TOPO_LEVEL_UNSET;
  else if (g_str_equal (what, "external"))
    copy->external = g_str_equal (value, "true") ? TOPO_TRI_TRUE : TOPO_TRI_FALSE;

  self->applying++;
  ok = topo_edit_replace_team (self->doc, g_steal_pointer (&copy), &error);
  self->applying--;
  report (self, row, ok, error);
}

/* A team's id is its key: the core re-creates the team under the new id and moves every access
 * entry over, as one undo step. */
static void
team_id_cb (TopoInspector *self,
            AdwEntryRow   *row)
{
  const char *old_id = g_object_get_data (G_OBJECT (row), "team");
  g_autofree char *new_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (new_id, old_id) == 0)
    return;
  if (!topo_edit_rename_team (self->doc, old_id, new_id, &error))
    {
      report (self, GTK_WIDGET (row), FALSE, error);
      return;
    }
  request_focus (self, "team:", new_id);
}

static void
team_name_cb (TopoInspector *self,
              AdwEntryRow   *row)
{
  team_edit (self, GTK_WIDGET (row), g_object_get_data (G_OBJECT (row), "team"), "name",
             gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
team_access_cb (TopoInspector *self,
                GParamSpec    *pspec,
                AdwComboRow   *row)
{
  const char *const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  team_edit (self, GTK_WIDGET (row), g_object_get_data (G_OBJECT (row), "team"), "data_access",
             values[selected]);
}

static void
team_external_cb (TopoInspector *self,
                  GParamSpec    *pspec,
                  GtkSwitch     *sw)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (sw), "row");

  team_edit (self, row, g_object_get_data (G_OBJECT (row), "team"), "external",
             gtk_switch_get_active (sw) ? "true" : "false");
}

static void
team_remove_cb (TopoInspector *self,
                GtkButton     *button)
{
  topo_edit_remove_team (self->doc, g_object_get_data (G_OBJECT (button), "team"));
  request_focus (self, "team-add", NULL);
}

static void
team_add_cb (TopoInspector *self,
             AdwEntryRow   *row)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *id = g_strstrip (g_strdup (text));

  if (!topo_id_is_valid (id))
    {
      g_set_error (&error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("A team id uses only letters, digits, “.”, “_” and “-”"));
      report (self, GTK_WIDGET (row), FALSE, error);
      return;
    }
  if (!topo_edit_add_team (self->doc, topo_team_new (id), &error))
    {
      report (self, GTK_WIDGET (row), FALSE, error);
      return;
    }
  request_focus (self, "team:", id);
}

static void
build_design (TopoInspector *self)
{
  GtkWidget *group = add_group (self, _("Design"), NULL);
  const TopoPolicy *policy = topo_document_get_policy (self->doc);
  g_autofree char *lanes = join_list (topo_document_get_lanes (self->doc));
  g_autofree char *allowed = join_list ((const char *const *) policy->allowed_regions);
  g_autofree char *required = join_list ((const char *const *) policy->required_tags);
  g_autofree char *envs = join_list ((const char *const *) policy->environments);
  g_autofree char *prod = join_list ((const char *const *) policy->production_environments);
  guint n_teams = topo_document_get_n_teams (self->doc);
  GtkWidget *teams, *pol, *row;

  add_entry (self, group, _("Name"), "design:name", topo_document_get_name (self->doc),
             G_CALLBACK (design_name_cb));
  row = add_entry (self, group, _("Region Lanes"), "design:lanes", lanes,
                   G_CALLBACK (design_lanes_cb));
  gtk_widget_set_tooltip_text (row, _("Azure region names, separated by commas"));

  teams = add_group (self, _("Teams"), _("Entra ID groups and the data they may see"));
  for (guint i = 0; i < n_teams; i++)
    {
      const TopoTeam *team = topo_document_get_team (self->doc, i);
      GtkWidget *expander = plain_row (adw_expander_row_new ());
      GtkWidget *name = plain_row (adw_entry_row_new ());
      GtkWidget *access = plain_row (adw_combo_row_new ());
      GtkWidget *ext = plain_row (adw_action_row_new ());
      GtkWidget *sw = gtk_switch_new ();
      GtkWidget *button = remove_button (_("Remove team"));
      g_autoptr(GtkStringList) model = NULL;
      g_autofree char *key = NULL;
      GStrv values;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), topo_team_get_name (team));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), team->id);
      key = g_strconcat ("team:", team->id, NULL);
      remember (self, key, expander);
      g_clear_pointer (&key, g_free);
      /* a team just added opens, ready for its name and data access */
      if (g_strcmp0 (self->focus_key, "team:") > 0 && g_str_equal (self->focus_key + 5, team->id))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      g_object_set_data_full (G_OBJECT (button), "team", g_strdup (team->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (team_remove_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), button);

      {
        GtkWidget *id_row = plain_row (adw_entry_row_new ());
        g_autofree char *id_key = g_strdup_printf ("team:%s:id", team->id);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (id_row), _("Identifier"));
        adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (id_row), TRUE);
        gtk_editable_set_text (GTK_EDITABLE (id_row), team->id);
        g_object_set_data_full (G_OBJECT (id_row), "team", g_strdup (team->id), g_free);
        remember (self, id_key, id_row);
        g_signal_connect_object (id_row, "apply", G_CALLBACK (team_id_cb), self, G_CONNECT_SWAPPED);
        track_entry (id_row, team->id);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), id_row);
        add_hint (expander, id_row);
      }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (name), team->name ? team->name : "");
      g_object_set_data_full (G_OBJECT (name), "team", g_strdup (team->id), g_free);
      key = g_strdup_printf ("team:%s:name", team->id);
      remember (self, key, name);
      g_signal_connect_object (name, "apply", G_CALLBACK (team_name_cb), self, G_CONNECT_SWAPPED);
      track_entry (name, team->name);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), name);
      add_hint (expander, name);

      values = g_strdupv ((GStrv) level_spellings);
      model = gtk_string_list_new (level_spellings);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (access), _("Data Access"));
      adw_combo_row_set_model (ADW_COMBO_ROW (access), G_LIST_MODEL (model));
      adw_combo_row_set_selected (ADW_COMBO_ROW (access), topo_team_data_access (team) - TOPO_LEVEL_PUBLIC);
      g_object_set_data_full (G_OBJECT (access), "values", values, (GDestroyNotify) g_strfreev);
      g_object_set_data_full (G_OBJECT (access), "team", g_strdup (team->id), g_free);
      g_free (key);
      key = g_strdup_printf ("team:%s:data_access", team->id);
      remember (self, key, access);
      g_signal_connect_object (access, "notify::selected", G_CALLBACK (team_access_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), access);
      add_hint (expander, access);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ext), _("External Contributors"));
      gtk_switch_set_active (GTK_SWITCH (sw), topo_team_is_external (team));
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (ext), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (ext), sw);
      g_object_set_data (G_OBJECT (sw), "row", ext);
      g_object_set_data_full (G_OBJECT (ext), "team", g_strdup (team->id), g_free);
      g_signal_connect_object (sw, "notify::active", G_CALLBACK (team_external_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ext);
      add_hint (expander, ext);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (teams), expander);
    }
  add_entry (self, teams, _("Add team (id)"), "team-add", NULL, G_CALLBACK (team_add_cb));

  pol = add_group (self, _("Policy"), NULL);
  row = add_entry (self, pol, _("Allowed Regions"), "policy:allowed_regions", allowed,
                   G_CALLBACK (policy_entry_cb));
  gtk_widget_set_tooltip_text (row, _("Empty: any region"));
  add_combo (self, pol, _("Data Residency"), "policy:residency",
             g_strdupv ((GStrv) residency_spellings), g_strdupv ((GStrv) residency_spellings),
             topo_residency_to_string (topo_policy_residency (policy)), G_CALLBACK (policy_combo_cb));
  add_entry (self, pol, _("Required Tags"), "policy:required_tags", required,
             G_CALLBACK (policy_entry_cb));
  add_combo (self, pol, _("Naming"), "policy:naming",
             g_strdupv ((GStrv) naming_spellings), g_strdupv ((GStrv) naming_spellings),
             topo_naming_to_string (topo_policy_naming (policy)), G_CALLBACK (policy_combo_cb));
  row = add_entry (self, pol, _("Environments"), "policy:environments", envs,
                   G_CALLBACK (policy_entry_cb));
  gtk_widget_set_tooltip_text (row, _("In promotion order; empty: dev, test, qa, staging, prod"));
  add_entry (self, pol, _("Production Environments"), "policy:production_environments", prod,
             G_CALLBACK (policy_entry_cb));
}

/* Rebuilding */

static void build_page (TopoInspector *self);

void
topo_inspector_rebuild (TopoInspector *self)
{
  g_return_if_fail (TOPO_IS_INSPECTOR (self));

  const char *had = NULL;
  g_autofree char *focus_key = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  had = focused_key (self);
  focus_key = g_strdup (self->focus_key != NULL ? self->focus_key : had);
  /* unset first: removing the focused row would make GTK focus our first row */
  if (had != NULL)
    gtk_root_set_focus (root, NULL);
  g_hash_table_remove_all (self->rows);
  if (self->page != NULL)
    gtk_widget_unparent (self->page);
  self->page = adw_preferences_page_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));

  if (self->doc != NULL)
    build_page (self);
  g_clear_pointer (&self->focus_key, g_free);

  if (had != NULL && focus_key != NULL)
    {
      GtkWidget *row = g_hash_table_lookup (self->rows, focus_key);
      /* an expander row is not focusable itself, its header is */
      if (row != NULL && !gtk_widget_grab_focus (row))
        gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
    }
}

static void
build_page (TopoInspector *self)
{
  if (self->link_index >= 0 && (guint) self->link_index < topo_document_get_n_links (self->doc))
    build_link (self, topo_document_get_link (self->doc, self->link_index));
  else if (self->ids != NULL && self->ids[0] != NULL && self->ids[1] != NULL)
    {
      GtkWidget *group = add_group (self, _("Selection"), NULL);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u resource selected",
                                                            "%u resources selected",
                                                            g_strv_length (self->ids)),
                                               g_strv_length (self->ids));
      add_info (group, text, _("Select one resource to edit its properties"));
    }
  else if (subject_id (self) != NULL && topo_document_lookup (self->doc, subject_id (self)))
    build_resource (self, topo_document_lookup (self->doc, subject_id (self)));
  else if (subject_id (self) != NULL && topo_document_lookup_note (self->doc, subject_id (self)))
    build_note (self, topo_document_lookup_note (self->doc, subject_id (self)));
  else
    build_design (self);
}

static gboolean
rebuild_idle (gpointer data)
{
  TopoInspector *self = data;

  self->rebuild_id = 0;
  topo_inspector_rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (TopoInspector *self)
{
  if (self->rebuild_id == 0)
    /* before the next frame: a plain idle can wait behind the canvas' tile rendering */
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle, self, NULL);
}

static gboolean
only_layout_changed (const TopoResource *a,
                     const TopoResource *b)
{
  g_autoptr(TopoResource) copy = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  copy = topo_resource_copy (a);
  copy->layout = b->layout;
  copy->has_layout = b->has_layout;
  return topo_resource_equal (copy, b);
}

static void
topo_inspector_changed_cb (TopoInspector    *self,
                           const TopoChange *change,
                           TopoDocument     *doc)
{
  const char *id = subject_id (self);

  if (self->applying > 0)
    {
      /* our own edit: the rows already show it, except lists that grow or shrink */
      return;
    }

  if (change->kind == TOPO_CHANGE_NOTE_MODIFIED)
    {
      const TopoNote *a = change->old_value, *b = change->new_value;

      /* a note dragged: nothing shown here changes */
      if (g_strcmp0 (change->id, id) != 0 ||
          (g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->author, b->author) == 0 &&
           g_strcmp0 (a->date, b->date) == 0 && g_strcmp0 (a->attach, b->attach) == 0 &&
           g_strcmp0 (a->region, b->region) == 0 && g_strcmp0 (a->link_from, b->link_from) == 0))
        return;
    }
  if (change->kind == TOPO_CHANGE_RESOURCE_MODIFIED)
    {
      /* moves are frequent (every drag motion) and change nothing shown here */
      if (g_strcmp0 (change->id, id) != 0 || only_layout_changed (change->old_value, change->new_value))
        return;
    }
  self->stale = TRUE;
}

/* Rebuilt once per undo step, never in the middle of a gesture's group. */
static void
topo_inspector_step_committed_cb (TopoInspector *self,
                                  TopoDocument  *doc)
{
  if (!self->stale || self->applying > 0)
    return;
  self->stale = FALSE;
  schedule_rebuild (self);
}

void
topo_inspector_set_document (TopoInspector *self,
                             TopoDocument  *doc)
{
  g_return_if_fail (TOPO_IS_INSPECTOR (self));

  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_object (&self->doc);
    }
  self->stale = FALSE;
  if (doc != NULL)
    {
      self->doc = g_object_ref (doc);
      self->changed_id = g_signal_connect_object (doc, "changed",
                                                  G_CALLBACK (topo_inspector_changed_cb),
                                                  self, G_CONNECT_SWAPPED);
      self->committed_id = g_signal_connect_object (doc, "step-committed",
                                                    G_CALLBACK (topo_inspector_step_committed_cb),
                                                    self, G_CONNECT_SWAPPED);
    }
  g_clear_pointer (&self->ids, g_strfreev);
  self->link_index = -1;
  topo_inspector_rebuild (self);
}

void
topo_inspector_set_selection (TopoInspector     *self,
                              const char *const *ids,
                              int                link_index)
{
  g_return_if_fail (TOPO_IS_INSPECTOR (self));

  if (link_index == self->link_index &&
      ((ids == NULL || ids[0] == NULL) ? (self->ids == NULL || self->ids[0] == NULL)
                                       : (self->ids != NULL && g_strv_equal (ids, (const char *const *) self->ids))))
    return;
  g_clear_pointer (&self->ids, g_strfreev);
  self->ids = g_strdupv ((GStrv) ids);
  self->link_index = link_index;
  topo_inspector_rebuild (self);
}

GtkWidget *
topo_inspector_get_row (TopoInspector *self,
                        const char    *key)
{
  g_return_val_if_fail (TOPO_IS_INSPECTOR (self), NULL);
  return g_hash_table_lookup (self->rows, key);
}

static void
topo_inspector_dispose (GObject *object)
{
  TopoInspector *self = TOPO_INSPECTOR (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_object (&self->doc);
    }
  if (self->rows != NULL)
    g_hash_table_remove_all (self->rows);
  g_clear_pointer (&self->page, gtk_widget_unparent);

  G_OBJECT_CLASS (topo_inspector_parent_class)->dispose (object);
}

static void
topo_inspector_finalize (GObject *object)
{
  TopoInspector *self = TOPO_INSPECTOR (object);

  g_clear_pointer (&self->ids, g_strfreev);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->focus_key, g_free);

  G_OBJECT_CLASS (topo_inspector_parent_class)->finalize (object);
}

static void
topo_inspector_class_init (TopoInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_inspector_dispose;
  object_class->finalize = topo_inspector_finalize;

  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topoinspector");
}

static void
topo_inspector_init (TopoInspector *self)
{
  self->link_index = -1;
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  topo_inspector_rebuild (self);
}

GtkWidget *
topo_inspector_new (void)
{
  return g_object_new (TOPO_TYPE_INSPECTOR, NULL);
}
