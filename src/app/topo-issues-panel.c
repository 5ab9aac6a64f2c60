/* topo-issues-panel.c: the validator's diagnostics as a list
 *
 * Findings grouped by severity, then by rule (an expander per rule, with "Fix All N" as one undo
 * step when several can be fixed), one compact row per finding with its fix as a button; a filter
 * on rule id, message and subject ids. Activating a finding emits "activate-subjects" with its
 * subject ids; the window selects and centres them. "Suppress…" on a finding asks for the
 * reason and adds a suppression (one undo step); suppressed findings have a group of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-issues-panel"

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "topo-issues-panel.h"
#include "topo-validator.h"

struct _TopoIssuesPanel
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkWidget    *box;             /* our child: the filter, then the stack */
  GtkWidget    *filter;
  GtkWidget    *stack;
  GtkWidget    *groups;          /* one AdwPreferencesGroup per severity */

  TopoDocument *doc;             /* owned */
  GPtrArray    *diagnostics;     /* owned ref */
  GHashTable   *rule_rows;       /* rule id → its expander row (borrowed) */
  GHashTable   *fix_all_buttons; /* rule id → its "Fix All" button (borrowed) */
  char         *query;           /* casefolded filter, NULL when empty */
  GtkWidget    *dialog;          /* the "Suppress…" dialog while it is shown */
};

G_DEFINE_FINAL_TYPE (TopoIssuesPanel, topo_issues_panel, GTK_TYPE_WIDGET)

enum {
  ACTIVATE_SUBJECTS,
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
severity_icon (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case TOPO_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case TOPO_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
severity_class (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return "error";
    case TOPO_SEVERITY_WARNING:
      return "warning";
    case TOPO_SEVERITY_INFO:
    default:
      return "accent";
    }
}

static void
topo_issues_panel_fix_clicked_cb (TopoIssuesPanel *self,
                                  GtkButton       *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  g_autoptr(GError) error = NULL;

  if (self->diagnostics == NULL || index >= self->diagnostics->len || self->doc == NULL)
    return;
  if (!topo_diagnostic_apply_fix (g_ptr_array_index (self->diagnostics, index), self->doc, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
finding_activated_cb (TopoIssuesPanel *self,
                      GtkListBoxRow   *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));
  const TopoDiagnostic *diag;

  if (self->diagnostics == NULL || index >= self->diagnostics->len)
    return;
  diag = g_ptr_array_index (self->diagnostics, index);
  g_signal_emit (self, signals[ACTIVATE_SUBJECTS], 0, diag->subjects);
}

/* Fixes every finding of a rule as one undo step. Validating again after each fix, rather than
 * applying the list shown, keeps one fix from acting on what an earlier one already changed. */
gboolean
topo_issues_panel_fix_all (TopoIssuesPanel  *self,
                           const char       *rule,
                           GError          **error)
{
  guint limit;

  g_return_val_if_fail (TOPO_IS_ISSUES_PANEL (self), FALSE);

  if (self->doc == NULL || self->diagnostics == NULL)
    return TRUE;
  limit = self->diagnostics->len;
  topo_document_begin_group (self->doc, _("Fix All"));
  for (guint round = 0; round < limit; round++)
    {
      g_autoptr(GPtrArray) diags = topo_validate (self->doc);
      const TopoDiagnostic *next = NULL;

      for (guint i = 0; i < diags->len && next == NULL; i++)
        {
          const TopoDiagnostic *d = g_ptr_array_index (diags, i);
          if (g_str_equal (d->rule, rule) && d->fix != NULL && !d->suppressed)
            next = d;
        }
      if (next == NULL)
        break;
      if (!topo_diagnostic_apply_fix (next, self->doc, error))
        {
          topo_document_cancel_group (self->doc);
          return FALSE;
        }
    }
  topo_document_end_group (self->doc);
  return TRUE;
}

static void
fix_all_clicked_cb (TopoIssuesPanel *self,
                    GtkButton       *button)
{
  g_autoptr(GError) error = NULL;

  if (!topo_issues_panel_fix_all (self, g_object_get_data (G_OBJECT (button), "rule"), &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static gboolean
finding_matches (const TopoDiagnostic *diag,
                 const char           *query)
{
  g_autofree char *message = NULL;
  g_autofree char *rule = NULL;

  if (query == NULL)
    return TRUE;
  message = g_utf8_casefold (diag->message, -1);
  rule = g_utf8_casefold (diag->rule, -1);
  if (strstr (message, query) != NULL || strstr (rule, query) != NULL)
    return TRUE;
  for (guint i = 0; diag->subjects != NULL && diag->subjects[i] != NULL; i++)
    {
      g_autofree char *subject = g_utf8_casefold (diag->subjects[i], -1);
      if (strstr (subject, query) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
suppress_response_cb (TopoIssuesPanel  *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "index"));
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (self->dialog == GTK_WIDGET (dialog))
    self->dialog = NULL;
  if (!g_str_equal (response, "suppress") || self->diagnostics == NULL ||
      index >= self->diagnostics->len || self->doc == NULL)
    return;
  if (!topo_diagnostic_suppress (g_ptr_array_index (self->diagnostics, index), self->doc,
                                 gtk_editable_get_text (entry), NULL, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
suppress_reason_changed_cb (AdwMessageDialog *dialog,
                            GtkEditable      *entry)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "suppress", reason[0] != '\0');
}

static void
suppress_clicked_cb (TopoIssuesPanel *self,
                     GtkButton       *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *entry;

  if (self->diagnostics == NULL || index >= self->diagnostics->len)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Suppress This Finding?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will be listed as suppressed and no longer count. Say why it is accepted; the reason is saved with the design."),
                                  ((TopoDiagnostic *) g_ptr_array_index (self->diagnostics, index))->rule);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Justification"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "suppress", _("_Suppress"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "suppress",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "suppress", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "suppress");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "index", GUINT_TO_POINTER (index));
  g_signal_connect_object (entry, "changed", G_CALLBACK (suppress_reason_changed_cb), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (suppress_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
topo_issues_panel_get_suppress_dialog (TopoIssuesPanel *self)
{
  g_return_val_if_fail (TOPO_IS_ISSUES_PANEL (self), NULL);
  return self->dialog;
}

/* Finding rows are plain list rows (their message needs the full width above the buttons), so
 * activation comes from the expander's list box, like AdwActionRow's "activated". */
static void
finding_list_row_activated_cb (TopoIssuesPanel *self,
                               GtkListBoxRow   *row,
                               GtkListBox      *box)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (row), "finding"))
    finding_activated_cb (self, row);
}

static void
finding_row_parent_cb (GtkWidget       *row,
                       GParamSpec      *pspec,
                       TopoIssuesPanel *self)
{
  GtkWidget *box = gtk_widget_get_parent (row);

  if (GTK_IS_LIST_BOX (box) && g_object_get_data (G_OBJECT (box), "topo-findings") == NULL)
    {
      g_object_set_data (G_OBJECT (box), "topo-findings", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (box, "row-activated", G_CALLBACK (finding_list_row_activated_cb),
                               self, G_CONNECT_SWAPPED);
    }
}

/* A widget that acts on finding index (its row, its buttons): k is the finding's place in its
 * rule's list; indexed (may be NULL) collects the widget, so a rule row kept across an update can
 * be pointed at the new list. */
static void
set_index (GtkWidget *widget,
           guint      index,
           guint      k,
           GPtrArray *indexed)
{
  g_object_set_data (G_OBJECT (widget), "index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (widget), "k", GUINT_TO_POINTER (k));
  if (indexed != NULL)
    g_ptr_array_add (indexed, widget);
}

static GtkWidget *
finding_row (TopoIssuesPanel      *self,
             const TopoDiagnostic *diag,
             guint                 index,
             guint                 k,
             GPtrArray            *indexed)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *message = gtk_label_new (diag->message);
  GtkWidget *buttons;

  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), message);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  diag->message, -1);
  gtk_widget_add_css_class (row, "finding");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Select its resources on the canvas"));
  set_index (row, index, k, indexed);
  g_signal_connect_object (row, "notify::parent", G_CALLBACK (finding_row_parent_cb), self, 0);
  if (diag->suppressed)
    {
      g_autofree char *why = g_strdup_printf (_("%s · suppressed: %s"), diag->rule,
                                              diag->justification != NULL ? diag->justification : "");
      GtkWidget *label = gtk_label_new (why);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (row, "dim-label");
      return row;
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), buttons);
  if (!g_str_has_prefix (diag->rule, "SUP"))
    {
      GtkWidget *button = gtk_button_new_with_label (_("Suppress…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Accept this finding, with a reason"));
      set_index (button, index, k, indexed);
      g_signal_connect_object (button, "clicked", G_CALLBACK (suppress_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (buttons), button);
    }
  if (diag->fix != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (diag->fix);
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      /* wide enough for most fixes on one or two lines in the side panel */
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_widget_set_tooltip_text (button, _("Apply this fix (one undo step)"));
      set_index (button, index, k, indexed);
      g_signal_connect_object (button, "clicked", G_CALLBACK (topo_issues_panel_fix_clicked_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (buttons), button);
    }
  return row;
}

static const char *
severity_title (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return _("Errors");
    case TOPO_SEVERITY_WARNING:
      return _("Warnings");
    case TOPO_SEVERITY_INFO:
    default:
      return _("Information");
    }
}

static GtkWidget *
rule_row (TopoIssuesPanel *self,
          TopoSeverity     severity,
          const char      *rule,
          GArray          *list)
{
  const TopoRuleInfo *info = topo_rules_lookup (rule);
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (severity));
  GPtrArray *indexed = g_ptr_array_new ();   /* borrowed: the expander's descendants */
  GtkWidget *fix_all = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  guint n_fixable = 0;

  title = info != NULL && info->short_description != NULL
          ? g_markup_printf_escaped ("%s · %s", rule, info->short_description)
          : g_markup_escape_text (rule, -1);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u finding", "%u findings",
                                           list->len), list->len);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  gtk_widget_add_css_class (icon, severity_class (severity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  topo_severity_to_string (severity), -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), icon);
  if (info != NULL && info->help != NULL)
    gtk_widget_set_tooltip_text (expander, info->help);
  for (guint k = 0; k < list->len; k++)
    {
      guint index = g_array_index (list, guint, k);
      const TopoDiagnostic *diag = g_ptr_array_index (self->diagnostics, index);

      n_fixable += diag->fix != NULL;
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), finding_row (self, diag, index, k, indexed));
    }
  if (n_fixable >= 2)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fix All %u",
                                                             "Fix All %u", n_fixable), n_fixable);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button,
                                   _("Apply this rule's fix to every finding, as one undo step"));
      g_object_set_data_full (G_OBJECT (button), "rule", g_strdup (rule), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (fix_all_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), button);
      g_hash_table_insert (self->fix_all_buttons, g_strdup (rule), button);
      fix_all = button;
    }
  /* a few findings show at once; a long list stays folded */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), list->len <= 3 || self->query != NULL);
  g_hash_table_insert (self->rule_rows, g_strdup (rule), expander);
  /* what the next update compares to keep this row (rule ids are static strings) */
  g_object_set_data (G_OBJECT (expander), "rule", (gpointer) rule);
  g_object_set_data (G_OBJECT (expander), "severity", GUINT_TO_POINTER (severity));
  g_object_set_data_full (G_OBJECT (expander), "list", g_array_ref (list),
                          (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (expander), "indexed", indexed,
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (expander), "fix-all", fix_all);
  return expander;
}

/* A rule row of the previous update shows exactly these findings (list: indexes into the new
 * diagnostics; old: the previous ones): then it stays, pointed at the new indexes. */
static gboolean
keep_rule_row (TopoIssuesPanel *self,
               GtkWidget       *expander,
               GPtrArray       *old,
               TopoSeverity     severity,
               GArray          *list)
{
  GArray *was = g_object_get_data (G_OBJECT (expander), "list");
  GPtrArray *indexed = g_object_get_data (G_OBJECT (expander), "indexed");
  GtkWidget *fix_all = g_object_get_data (G_OBJECT (expander), "fix-all");
  const char *rule = g_object_get_data (G_OBJECT (expander), "rule");

  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (expander), "severity")) != severity ||
      was == NULL || was->len != list->len)
    return FALSE;
  for (guint k = 0; k < list->len; k++)
    if (!topo_diagnostic_equal (g_ptr_array_index (old, g_array_index (was, guint, k)),
                                g_ptr_array_index (self->diagnostics, g_array_index (list, guint, k))))
      return FALSE;
  for (guint i = 0; i < indexed->len; i++)
    {
      GObject *widget = g_ptr_array_index (indexed, i);
      guint k = GPOINTER_TO_UINT (g_object_get_data (widget, "k"));

      g_object_set_data (widget, "index", GUINT_TO_POINTER (g_array_index (list, guint, k)));
    }
  g_object_set_data_full (G_OBJECT (expander), "list", g_array_ref (list),
                          (GDestroyNotify) g_array_unref);
  g_hash_table_insert (self->rule_rows, g_strdup (rule), expander);
  if (fix_all != NULL)
    g_hash_table_insert (self->fix_all_buttons, g_strdup (rule), fix_all);
  return TRUE;
}

/* One group per severity, one expander per rule, one compact row per finding. old: the
 * diagnostics the panel showed, when only the diagnostics changed (not the filter): the rule rows
 * whose findings are all the same stay as they are (with the user's expanded state), the others
 * are built again. */
static void
rebuild (TopoIssuesPanel *self,
         GPtrArray       *old)
{
  static const TopoSeverity order[] = { TOPO_SEVERITY_ERROR, TOPO_SEVERITY_WARNING,
                                        TOPO_SEVERITY_INFO };
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  guint shown = 0;
  GtkWidget *child;

  if (old != NULL)
    {
      GHashTableIter iter;
      gpointer row;

      /* taken out of their groups, which go */
      g_hash_table_iter_init (&iter, self->rule_rows);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        {
          GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

          g_hash_table_insert (kept, g_object_get_data (row, "rule"), g_object_ref (row));
          if (group != NULL)
            adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
        }
    }
  g_hash_table_remove_all (self->rule_rows);
  g_hash_table_remove_all (self->fix_all_buttons);
  while ((child = gtk_widget_get_first_child (self->groups)) != NULL)
    gtk_box_remove (GTK_BOX (self->groups), child);

  for (guint s = 0; s < G_N_ELEMENTS (order); s++)
    {
      g_autoptr(GPtrArray) rules = g_ptr_array_new ();   /* rule ids, first seen first */
      g_autoptr(GHashTable) by_rule = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             (GDestroyNotify) g_array_unref);
      g_autofree char *title = NULL;
      GtkWidget *group;
      guint n_sev = 0;

      for (guint i = 0; self->diagnostics != NULL && i < self->diagnostics->len; i++)
        {
          const TopoDiagnostic *diag = g_ptr_array_index (self->diagnostics, i);
          GArray *list;

          if (diag->suppressed || diag->severity != order[s] || !finding_matches (diag, self->query))
            continue;
          if ((list = g_hash_table_lookup (by_rule, diag->rule)) == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (by_rule, (gpointer) diag->rule, list);
              g_ptr_array_add (rules, (gpointer) diag->rule);
            }
          g_array_append_val (list, i);
          n_sev++;
        }
      if (n_sev == 0)
        continue;
      shown += n_sev;

      group = adw_preferences_group_new ();
      title = g_strdup_printf ("%s (%u)", severity_title (order[s]), n_sev);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      for (guint r = 0; r < rules->len; r++)
        {
          const char *rule = g_ptr_array_index (rules, r);
          GArray *list = g_hash_table_lookup (by_rule, rule);
          GtkWidget *row = g_hash_table_lookup (kept, rule);

          if (row == NULL || !keep_rule_row (self, row, old, order[s], list))
            row = rule_row (self, order[s], rule, list);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (GTK_BOX (self->groups), group);
    }

  /* Accepted findings, apart: they do not count. */
  {
    GtkWidget *group = NULL;
    guint n_suppressed = 0;

    for (guint i = 0; self->diagnostics != NULL && i < self->diagnostics->len; i++)
      {
        const TopoDiagnostic *diag = g_ptr_array_index (self->diagnostics, i);

        if (!diag->suppressed || !finding_matches (diag, self->query))
          continue;
        if (group == NULL)
          {
            group = adw_preferences_group_new ();
            gtk_box_append (GTK_BOX (self->groups), group);
          }
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), finding_row (self, diag, i, 0, NULL));
        n_suppressed++;
      }
    if (group != NULL)
      {
        g_autofree char *title = g_strdup_printf (_("Suppressed (%u)"), n_suppressed);

        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
        shown += n_suppressed;
      }
  }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    self->diagnostics == NULL || self->diagnostics->len == 0
                                    ? "empty" : shown == 0 ? "no-match" : "list");
}

static void
filter_changed_cb (TopoIssuesPanel *self,
                   GtkSearchEntry  *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  g_clear_pointer (&self->query, g_free);
  if (*text != '\0')
    self->query = g_utf8_casefold (text, -1);
  rebuild (self, NULL);
}

void
topo_issues_panel_set_diagnostics (TopoIssuesPanel *self,
                                   TopoDocument    *doc,
                                   GPtrArray       *diagnostics)
{
  g_autoptr(GPtrArray) old = NULL;
  gboolean same_doc;

  g_return_if_fail (TOPO_IS_ISSUES_PANEL (self));

  same_doc = self->doc == doc;
  /* the same findings in the same order: the rows (which refer to findings by index) stand */
  if (same_doc && diagnostics != NULL && self->diagnostics != NULL &&
      topo_diagnostics_equal (self->diagnostics, diagnostics))
    {
      g_ptr_array_ref (diagnostics);
      g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
      self->diagnostics = diagnostics;
      return;
    }
  g_set_object (&self->doc, doc);
  if (diagnostics != NULL)
    g_ptr_array_ref (diagnostics);
  old = g_steal_pointer (&self->diagnostics);
  self->diagnostics = diagnostics;
  /* other findings of the same design: the rule rows whose findings did not change stay */
  rebuild (self, same_doc && old != NULL && diagnostics != NULL ? old : NULL);
}

GtkWidget *
topo_issues_panel_get_rule_row (TopoIssuesPanel *self,
                                const char      *rule)
{
  return g_hash_table_lookup (self->rule_rows, rule);
}

GtkWidget *
topo_issues_panel_get_fix_all_button (TopoIssuesPanel *self,
                                      const char      *rule)
{
  return g_hash_table_lookup (self->fix_all_buttons, rule);
}

GtkWidget *
topo_issues_panel_get_filter (TopoIssuesPanel *self)
{
  return self->filter;
}

static void
topo_issues_panel_dispose (GObject *object)
{
  TopoIssuesPanel *self = TOPO_ISSUES_PANEL (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->dialog)));
  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_ISSUES_PANEL);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_object (&self->doc);
  if (self->rule_rows != NULL)
    g_hash_table_remove_all (self->rule_rows);
  if (self->fix_all_buttons != NULL)
    g_hash_table_remove_all (self->fix_all_buttons);

  G_OBJECT_CLASS (topo_issues_panel_parent_class)->dispose (object);
}

static void
topo_issues_panel_finalize (GObject *object)
{
  TopoIssuesPanel *self = TOPO_ISSUES_PANEL (object);

  g_clear_pointer (&self->rule_rows, g_hash_table_unref);
  g_clear_pointer (&self->fix_all_buttons, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (topo_issues_panel_parent_class)->finalize (object);
}

static void
topo_issues_panel_class_init (TopoIssuesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_issues_panel_dispose;
  object_class->finalize = topo_issues_panel_finalize;

  signals[ACTIVATE_SUBJECTS] =
    g_signal_new ("activate-subjects", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-issues-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoIssuesPanel, box);
  gtk_widget_class_bind_template_child (widget_class, TopoIssuesPanel, filter);
  gtk_widget_class_bind_template_child (widget_class, TopoIssuesPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TopoIssuesPanel, groups);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topoissues");
}

static void
topo_issues_panel_init (TopoIssuesPanel *self)
{
  self->rule_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->fix_all_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
topo_issues_panel_new (void)
{
  return g_object_new (TOPO_TYPE_ISSUES_PANEL, NULL);
}
