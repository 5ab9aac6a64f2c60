/* topo-quota-popover.c: "Set Quota…" on a Capacity row
 *
 * The popover checks only that the text is a whole number; what a quota may be is the core's
 * rule (topo_edit_set_quota), and its refusal is shown here, with the popover left open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph"

#include "config.h"

#include <glib/gi18n.h>

#include "topo-edit.h"
#include "topo-quota-popover.h"

struct _TopoQuotaPopover
{
  GtkPopover    parent_instance;

  GtkLabel     *heading;
  GtkLabel     *planned;
  GtkEntry     *entry;
  GtkLabel     *error_label;
  GtkButton    *remove_button;
  GtkButton    *set_button;

  TopoDocument *doc;
  char         *region;
  char         *family;      /* NULL: the regional total */
  gint64        quota;       /* declared, or -1 */
};

G_DEFINE_FINAL_TYPE (TopoQuotaPopover, topo_quota_popover, GTK_TYPE_POPOVER)

static void
show_error (TopoQuotaPopover *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

/* Digits, grouped with spaces if the user likes ("1 000"); FALSE for anything else. A number
 * past 64 bits reads as G_MAXINT64, which the core then refuses with its range. */
static gboolean
parse_vcpus (const char *text,
             gint64     *out,
             gboolean   *empty)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
        continue;
      if (c < '0' || c > '9')
        return FALSE;
      g_string_append_c (digits, (char) c);
    }
  *empty = digits->len == 0;
  if (*empty)
    return FALSE;
  if (!g_ascii_string_to_signed (digits->str, 10, 0, G_MAXINT64, out, NULL))
    *out = G_MAXINT64;
  return TRUE;
}

static void
entry_changed_cb (TopoQuotaPopover *self)
{
  gint64 value;
  gboolean empty = FALSE;
  gboolean ok = parse_vcpus (gtk_editable_get_text (GTK_EDITABLE (self->entry)), &value, &empty);

  gtk_widget_set_sensitive (GTK_WIDGET (self->set_button), ok);
  show_error (self, ok || empty ? NULL : _("Enter a whole number of vCPUs, 0 or more"));
}

gboolean
topo_quota_popover_apply (TopoQuotaPopover *self)
{
  g_autoptr(GError) error = NULL;
  gint64 value;
  gboolean empty = FALSE;

  g_return_val_if_fail (TOPO_IS_QUOTA_POPOVER (self), FALSE);

  if (!parse_vcpus (gtk_editable_get_text (GTK_EDITABLE (self->entry)), &value, &empty))
    {
      show_error (self, empty ? _("Enter the quota in vCPUs") : _("Enter a whole number of vCPUs, 0 or more"));
      return FALSE;
    }
  if (!topo_edit_set_quota (self->doc, self->region, self->family, value, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  gtk_popover_popdown (GTK_POPOVER (self));
  return TRUE;
}

gboolean
topo_quota_popover_remove (TopoQuotaPopover *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TOPO_IS_QUOTA_POPOVER (self), FALSE);

  if (!topo_edit_set_quota (self->doc, self->region, self->family, TOPO_QUOTA_UNSET, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  gtk_popover_popdown (GTK_POPOVER (self));
  return TRUE;
}

static void
entry_activate_cb (TopoQuotaPopover *self)
{
  topo_quota_popover_apply (self);
}

static void
set_clicked_cb (TopoQuotaPopover *self)
{
  topo_quota_popover_apply (self);
}

static void
remove_clicked_cb (TopoQuotaPopover *self)
{
  topo_quota_popover_remove (self);
}

void
topo_quota_popover_set_text (TopoQuotaPopover *self,
                             const char       *text)
{
  g_return_if_fail (TOPO_IS_QUOTA_POPOVER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

const char *
topo_quota_popover_get_error (TopoQuotaPopover *self)
{
  g_return_val_if_fail (TOPO_IS_QUOTA_POPOVER (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

gboolean
topo_quota_popover_can_apply (TopoQuotaPopover *self)
{
  g_return_val_if_fail (TOPO_IS_QUOTA_POPOVER (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->set_button));
}

/* The entry starts with the declared quota, selected, so typing replaces it. */
static void
show_cb (TopoQuotaPopover *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

GtkWidget *
topo_quota_popover_new (TopoDocument *doc,
                        const char   *region,
                        const char   *family,
                        gint64        quota,
                        gint64        planned_min,
                        gint64        planned_max)
{
  TopoQuotaPopover *self;
  g_autofree char *heading = NULL;
  g_autofree char *planned = NULL;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (region != NULL, NULL);

  self = g_object_new (TOPO_TYPE_QUOTA_POPOVER, NULL);
  self->doc = g_object_ref (doc);
  self->region = g_strdup (region);
  self->family = g_strdup (family);
  self->quota = quota;

  /* Translators: the quota of a VM family in an Azure region, e.g. "standardNCSv3Family in westeurope" */
  heading = family != NULL ? g_strdup_printf (_("%s in %s"), family, region)
  /* Translators: the quota of all dedicated vCPUs of an Azure region */
                           : g_strdup_printf (_("Regional total in %s"), region);
  gtk_label_set_text (self->heading, heading);
  if (planned_min == planned_max)
    planned = g_strdup_printf (ngettext ("The design plans %lld dedicated vCPU.",
                                         "The design plans %lld dedicated vCPUs.", (gulong) planned_max),
                               (long long) planned_max);
  else
    /* Translators: planned vCPUs with every cluster at its minimum and at its maximum size */
    planned = g_strdup_printf (_("The design plans %lld to %lld dedicated vCPUs."),
                               (long long) planned_min, (long long) planned_max);
  gtk_label_set_text (self->planned, planned);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  family != NULL ? _("Quota in vCPUs") : _("Regional total in vCPUs"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, planned, -1);
  if (quota >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, quota);

      gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
    }
  else
    {
      g_autofree char *hint = g_strdup_printf ("%" G_GINT64_FORMAT, planned_max);

      /* a guide, not a value: the planned maximum fits exactly */
      gtk_entry_set_placeholder_text (self->entry, hint);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), quota >= 0);
  entry_changed_cb (self);
  return GTK_WIDGET (self);
}

static void
topo_quota_popover_finalize (GObject *object)
{
  TopoQuotaPopover *self = TOPO_QUOTA_POPOVER (object);

  g_clear_object (&self->doc);
  g_free (self->region);
  g_free (self->family);
  G_OBJECT_CLASS (topo_quota_popover_parent_class)->finalize (object);
}

static void
topo_quota_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TOPO_TYPE_QUOTA_POPOVER);
  G_OBJECT_CLASS (topo_quota_popover_parent_class)->dispose (object);
}

static void
topo_quota_popover_class_init (TopoQuotaPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_quota_popover_dispose;
  object_class->finalize = topo_quota_popover_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-quota-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoQuotaPopover, heading);
  gtk_widget_class_bind_template_child (widget_class, TopoQuotaPopover, planned);
  gtk_widget_class_bind_template_child (widget_class, TopoQuotaPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, TopoQuotaPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, TopoQuotaPopover, remove_button);
  gtk_widget_class_bind_template_child (widget_class, TopoQuotaPopover, set_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, set_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
topo_quota_popover_init (TopoQuotaPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "show", G_CALLBACK (show_cb), NULL);
}
