/* topo-capacity-panel.c: the Capacity side tab
 *
 * The plan (topo-capacity) costs well under a millisecond for 10 000 resources, so every
 * committed undo step recomputes it and rebuilds the rows; the selected row is kept by its key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph"

#include "config.h"

#include <glib/gi18n.h>

#include "topo-capacity-panel.h"
#include "topo-capacity.h"
#include "topo-quota-popover.h"
#include "topo-regions.h"

struct _TopoCapacityPanel
{
  GtkWidget     parent_instance;

  GtkLabel     *summary_label;
  GtkScrolledWindow *scroller;
  GtkListBox   *list;
  GtkListBox   *rollups;
  GtkLabel     *empty_label;

  TopoCanvas   *canvas;          /* weak */
  gulong        canvas_doc_id;
  TopoDocument *doc;
  gulong        committed_id;
  gboolean      dirty;          /* the rows are rebuilt when next shown */
  guint         rebuild_id;     /* idle: an edit made from a row's popover outlives its handler */
};

G_DEFINE_FINAL_TYPE (TopoCapacityPanel, topo_capacity_panel, GTK_TYPE_WIDGET)

/* What a bar draws (set on the drawing area). */
typedef struct
{
  gint64 vmin;
  gint64 vmax;
  gint64 quota;
} Bar;

static gboolean
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *rgba)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (gtk_style_context_lookup_color (context, name, rgba))
    return TRUE;
  return gdk_rgba_parse (rgba, fallback);
}

static void
rounded_rect (cairo_t *cr,
              double x, double y, double w, double h)
{
  double r = MIN (h / 2, w / 2);

  if (w <= 0)
    return;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The quota is the full track; the part always allocated (minimum scale) is solid, the part up
 * to the maximum lighter, and what exceeds the quota red, past a tick at the quota. */
static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  const Bar *bar = data;
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg, accent, error;
  double scale = (double) MAX (bar->quota, bar->vmax);
  double x_min, x_max, x_quota;

  lookup_color (widget, "window_fg_color", "#000000", &fg);
  lookup_color (widget, "accent_bg_color", "#3584e4", &accent);
  lookup_color (widget, "error_bg_color", "#e01b24", &error);

  cairo_save (cr);
  rounded_rect (cr, 0, 0, width, height);
  cairo_clip_preserve (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_fill (cr);
  if (scale <= 0)
    {
      cairo_restore (cr);
      return;
    }
  x_min = width * MIN (bar->vmin, bar->quota) / scale;
  x_max = width * MIN (bar->vmax, bar->quota) / scale;
  x_quota = width * bar->quota / scale;
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.45);
  cairo_rectangle (cr, 0, 0, x_max, height);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
  cairo_rectangle (cr, 0, 0, x_min, height);
  cairo_fill (cr);
  if (bar->vmax > bar->quota)
    {
      cairo_set_source_rgba (cr, error.red, error.green, error.blue, 1);
      cairo_rectangle (cr, x_quota, 0, width - x_quota, height);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
      cairo_rectangle (cr, x_quota - 1, 0, 2, height);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static GtkWidget *
bar_new (const TopoCapacityRow *row)
{
  GtkWidget *area = gtk_drawing_area_new ();
  Bar *bar = g_new (Bar, 1);

  bar->vmin = row->vcpus_min;
  bar->vmax = row->vcpus_max;
  bar->quota = row->quota;
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 8);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_bar, bar, g_free);
  gtk_widget_set_margin_top (area, 4);
  gtk_widget_set_margin_bottom (area, 2);
  /* the row's label says the same in words */
  gtk_accessible_update_state (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return area;
}

static char *
vcpus_text (gint64 lo,
            gint64 hi)
{
  /* Translators: a range of vCPUs at minimum and maximum scale, e.g. "0–48" */
  return lo == hi ? g_strdup_printf ("%" G_GINT64_FORMAT, hi)
                  : g_strdup_printf (_("%lld–%lld"), (long long) lo, (long long) hi);
}

static char *
row_key (const TopoCapacityRow *row)
{
  return g_strdup_printf ("%d\x1f%s\x1f%s", row->kind, row->region, row->family ? row->family : "");
}

/* What "Set Quota…" edits. */
typedef struct
{
  TopoCapacityPanel *panel;
  char              *region;
  char              *family;
  gint64             quota;
  gint64             planned_min;
  gint64             planned_max;
} QuotaTarget;

static void
quota_target_free (gpointer data)
{
  QuotaTarget *target = data;

  g_free (target->region);
  g_free (target->family);
  g_free (target);
}

/* A new popover each time, with the figures of the row as it is now. */
static void
create_quota_popover (GtkMenuButton *button,
                      gpointer       data)
{
  QuotaTarget *target = data;

  if (target->panel->doc == NULL)
    return;
  gtk_menu_button_set_popover (button, topo_quota_popover_new (target->panel->doc, target->region,
                                                               target->family, target->quota,
                                                               target->planned_min,
                                                               target->planned_max));
}

static GtkWidget *
quota_button_new (TopoCapacityPanel     *self,
                  const TopoCapacityRow *row,
                  const char            *title)
{
  GtkWidget *button = gtk_menu_button_new ();
  QuotaTarget *target = g_new0 (QuotaTarget, 1);
  g_autofree char *label = NULL;

  target->panel = self;
  target->region = g_strdup (row->region);
  target->family = g_strdup (row->family);
  target->quota = row->quota;
  target->planned_min = row->vcpus_min;
  target->planned_max = row->vcpus_max;
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-edit-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_quota_popover, target,
                                         quota_target_free);
  gtk_widget_set_tooltip_text (button, row->quota != TOPO_CAPACITY_NO_QUOTA ? _("Change Quota…")
                                                                            : _("Set Quota…"));
  /* Translators: the accessible name of the button, e.g. "Quota of standardNCSv3Family in westeurope" */
  label = g_strdup_printf (_("Quota of %s in %s"), title, row->region);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

/* The figures and the words under them; the accessible label says both. */
static GtkWidget *
family_row_new (TopoCapacityPanel     *self,
                const TopoCapacityRow *row)
{
  GtkWidget *list_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name, *figures, *detail;
  g_autofree char *planned = vcpus_text (row->vcpus_min, row->vcpus_max);
  g_autofree char *figure_text = NULL;
  g_autoptr(GString) words = g_string_new (NULL);
  g_autofree char *accessible = NULL;
  const char *title;
  guint n = row->computes->len;

  switch (row->kind)
    {
    case TOPO_CAPACITY_ROW_FAMILY:
      title = row->family;
      break;
    case TOPO_CAPACITY_ROW_UNKNOWN_SIZE:
      title = _("Unknown VM sizes");
      break;
    case TOPO_CAPACITY_ROW_REGION_TOTAL:
    default:
      title = _("Regional total");
      break;
    }

  if (row->quota != TOPO_CAPACITY_NO_QUOTA)
    /* Translators: planned vCPUs (a range) of the quota, e.g. "0–48 of 72 vCPUs" */
    figure_text = g_strdup_printf (_("%s of %lld vCPUs"), planned, (long long) row->quota);
  else
    figure_text = g_strdup_printf (_("%s vCPUs"), planned);

  g_string_append_printf (words, ngettext ("%u compute", "%u computes", n), n);
  if (row->quota != TOPO_CAPACITY_NO_QUOTA)
    {
      gint64 headroom = row->quota - row->vcpus_max;

      g_string_append (words, " · ");
      if (headroom >= 0)
        g_string_append_printf (words, ngettext ("%lld vCPU free", "%lld vCPUs free",
                                                 (gulong) headroom),
                                (long long) headroom);
      else
        g_string_append_printf (words, ngettext ("over quota by %lld vCPU",
                                                 "over quota by %lld vCPUs", (gulong) -headroom),
                                (long long) -headroom);
    }
  else if (row->kind == TOPO_CAPACITY_ROW_REGION_TOTAL)
    g_string_append_printf (words, " · %s", _("no total quota declared"));
  else if (row->kind == TOPO_CAPACITY_ROW_FAMILY && row->gpu_family && n > 0)
    g_string_append_printf (words, " · %s", _("no quota declared; GPU families start at 0"));
  else if (row->kind == TOPO_CAPACITY_ROW_FAMILY)
    g_string_append_printf (words, " · %s", _("no quota declared"));
  if (row->n_unsized > 0)
    {
      g_string_append (words, " · ");
      g_string_append_printf (words, ngettext ("%u without vCPU figures", "%u without vCPU figures",
                                               row->n_unsized), row->n_unsized);
    }
  if (row->gpus_max > 0)
    {
      g_autofree char *gpus = vcpus_text (row->gpus_min, row->gpus_max);

      g_string_append (words, " · ");
      /* Translators: a range of GPUs and their models, e.g. "0–8 GPUs (V100)" */
      g_string_append_printf (words, _("%s GPUs (%s)"), gpus, row->gpu_models ? row->gpu_models : "?");
    }

  name = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  figures = gtk_label_new (figure_text);
  gtk_widget_add_css_class (figures, "numeric");
  if (topo_capacity_row_exceeded (row))
    gtk_widget_add_css_class (figures, "error");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), figures);
  gtk_box_append (GTK_BOX (box), top);

  if (row->quota != TOPO_CAPACITY_NO_QUOTA)
    gtk_box_append (GTK_BOX (box), bar_new (row));

  detail = gtk_label_new (words->str);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (detail, "caption");
  if (topo_capacity_row_exceeded (row))
    gtk_widget_add_css_class (detail, "error");
  else if (row->gpu_family && row->quota == TOPO_CAPACITY_NO_QUOTA && n > 0)
    gtk_widget_add_css_class (detail, "warning");
  else
    gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), detail);
  if (row->kind != TOPO_CAPACITY_ROW_UNKNOWN_SIZE)
    {
      /* beside the figures, bar and words; the row itself still selects its computes */
      GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *button = quota_button_new (self, row, title);

      gtk_widget_set_hexpand (box, TRUE);
      gtk_box_append (GTK_BOX (outer), box);
      gtk_box_append (GTK_BOX (outer), button);
      g_object_set_data (G_OBJECT (list_row), "quota-button", button);
      box = outer;
    }

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), n > 0);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (list_row), n > 0);
  accessible = g_strdup_printf ("%s %s: %s. %s", row->region, title, figure_text, words->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (list_row), "key", row_key (row), g_free);
  return list_row;
}

static GtkWidget *
heading_row_new (const char *text,
                 const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_start (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* A roll-up row's key: its list ("environments", …) and id ("" for none, which no id is). */
static char *
rollup_key (const char               *list,
            const TopoCapacityRollup *r)
{
  return g_strdup_printf ("%s\x1f%s%s", list, r->id != NULL ? "=" : "", r->id != NULL ? r->id : "");
}

static void
add_rollups (TopoCapacityPanel *self,
             const char *list,
             const char *title,
             GPtrArray *rollups,
             const char *none)
{
  if (rollups->len == 0)
    return;
  gtk_list_box_append (self->rollups, heading_row_new (title, NULL));
  for (guint i = 0; i < rollups->len; i++)
    {
      const TopoCapacityRollup *r = g_ptr_array_index (rollups, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *name = gtk_label_new (r->name != NULL ? r->name : none);
      g_autofree char *planned = vcpus_text (r->vcpus_min, r->vcpus_max);
      g_autofree char *text = NULL;
      GtkWidget *figures;

      if (r->gpus_max > 0)
        {
          g_autofree char *gpus = vcpus_text (r->gpus_min, r->gpus_max);

          text = g_strdup_printf (_("%s vCPUs, %s GPUs"), planned, gpus);
        }
      else
        text = g_strdup_printf (_("%s vCPUs"), planned);
      figures = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_set_tooltip_text (name, r->name != NULL ? r->name : none);
      if (r->name == NULL)
        gtk_widget_add_css_class (name, "dim-label");
      gtk_widget_add_css_class (figures, "numeric");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), figures);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), r->n_computes > 0);
      gtk_widget_set_tooltip_text (row, _("Select these computes on the canvas"));
      {
        g_autofree char *accessible = g_strdup_printf ("%s: %s", r->name != NULL ? r->name : none, text);

        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      }
      g_object_set_data_full (G_OBJECT (row), "key", rollup_key (list, r), g_free);
      gtk_list_box_append (self->rollups, row);
    }
}

static void
clear_list (GtkListBox *list)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL;)
    gtk_list_box_remove (list, child);
}

static int
lane_position (TopoDocument *doc,
               const char   *region)
{
  const char *const *lanes = topo_document_get_lanes (doc);

  for (int i = 0; lanes != NULL && lanes[i] != NULL; i++)
    if (g_str_equal (lanes[i], region))
      return i;
  return G_MAXINT;
}

static int
compare_lane_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      doc)
{
  const TopoCapacityRow *x = *(const TopoCapacityRow * const *) a;
  const TopoCapacityRow *y = *(const TopoCapacityRow * const *) b;
  int px = lane_position (doc, x->region), py = lane_position (doc, y->region);

  if (px != py)
    return px < py ? -1 : 1;
  return g_strcmp0 (x->region, y->region);
}

static void
rebuild (TopoCapacityPanel *self)
{
  g_autoptr(TopoCapacity) plan = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *focused = NULL;
  GtkListBoxRow *current = gtk_list_box_get_selected_row (self->list);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gint64 total_max = 0;
  gboolean empty;

  self->dirty = FALSE;
  if (current != NULL)
    selected = g_strdup (g_object_get_data (G_OBJECT (current), "key"));
  /* a row's quota button keeps the focus across the rebuild its own popover caused */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
      GtkWidget *button = row != NULL ? g_object_get_data (G_OBJECT (row), "quota-button") : NULL;

      /* the menu button's inner toggle button has the focus */
      if (button != NULL && (focus == button || gtk_widget_is_ancestor (focus, button)))
        focused = g_strdup (g_object_get_data (G_OBJECT (row), "key"));
    }
  clear_list (self->list);
  clear_list (self->rollups);
  if (self->doc == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->empty_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->scroller), FALSE);
      return;
    }

  plan = topo_capacity_compute (self->doc);
  /* regions in the canvas' lane order, as the user sees them */
  regions = g_ptr_array_sized_new (plan->regions->len);   /* borrowed rows */
  for (guint i = 0; i < plan->regions->len; i++)
    g_ptr_array_add (regions, g_ptr_array_index (plan->regions, i));
  g_ptr_array_sort_with_data (regions, compare_lane_order, self->doc);
  for (guint i = 0; i < regions->len; i++)
    {
      const TopoCapacityRow *total = g_ptr_array_index (regions, i);
      const TopoRegion *info = topo_region_lookup (total->region);

      total_max += total->vcpus_max;
      gtk_list_box_append (self->list, heading_row_new (info != NULL ? info->display_name : total->region,
                                                        info != NULL ? total->region : NULL));
      for (guint k = 0; k < plan->rows->len; k++)
        {
          const TopoCapacityRow *row = g_ptr_array_index (plan->rows, k);

          if (row->region == total->region)
            gtk_list_box_append (self->list, family_row_new (self, row));
        }
      gtk_list_box_append (self->list, family_row_new (self, total));
    }
  add_rollups (self, "environments", _("By environment"), plan->environments, _("No environment"));
  add_rollups (self, "projects", _("By project"), plan->projects, _("No project"));
  add_rollups (self, "workspaces", _("By workspace"), plan->workspaces, _("No workspace"));

  empty = plan->n_computes == 0 && plan->regions->len == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), !empty);
  if (empty)
    gtk_label_set_text (self->summary_label, "");
  else
    {
      g_autofree char *computes = g_strdup_printf (ngettext ("%u compute", "%u computes", plan->n_computes),
                                                   plan->n_computes);
      g_autofree char *vcpus = g_strdup_printf (ngettext ("up to %lld vCPU", "up to %lld vCPUs",
                                                          (gulong) total_max),
                                                (long long) total_max);
      const TopoPolicy *policy = topo_document_get_policy (self->doc);
      gboolean declared = policy->quotas != NULL && policy->quotas->len > 0;
      g_autofree char *quotas = plan->n_exceeded > 0
        ? g_strdup_printf (ngettext ("%u quota exceeded", "%u quotas exceeded", plan->n_exceeded), plan->n_exceeded)
        : g_strdup (declared ? _("every declared quota holds") : _("no quotas declared"));
      g_autofree char *text = g_strdup_printf ("%s · %s · %s", computes, vcpus, quotas);

      gtk_label_set_text (self->summary_label, text);
      if (plan->n_exceeded > 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
    }

  if (selected != NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "key"), selected) == 0 &&
          gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (child)))
        {
          gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (child));
          break;
        }
  if (focused != NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "key"), focused) == 0 &&
          g_object_get_data (G_OBJECT (child), "quota-button") != NULL)
        {
          gtk_widget_grab_focus (g_object_get_data (G_OBJECT (child), "quota-button"));
          break;
        }
}

static void
select_ids (TopoCapacityPanel *self,
            GStrv              ids)
{
  if (ids == NULL || ids[0] == NULL || self->canvas == NULL)
    return;
  topo_canvas_set_selection (self->canvas, (const char *const *) ids);
  topo_canvas_center_on (self->canvas, (const char *const *) ids);
}

/* A row's computes: selected and centred on the canvas. Rows do not keep the plan (it refers to
 * the document as it was); the key finds the row in a fresh one. */
static void
row_activated_cb (TopoCapacityPanel *self,
                  GtkListBoxRow     *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  g_autoptr(TopoCapacity) plan = NULL;
  g_auto(GStrv) ids = NULL;

  if (key == NULL || self->doc == NULL || self->canvas == NULL)
    return;
  plan = topo_capacity_compute (self->doc);
  for (guint list = 0; list < 2 && ids == NULL; list++)
    {
      GPtrArray *rows = list == 0 ? plan->rows : plan->regions;

      for (guint i = 0; i < rows->len && ids == NULL; i++)
        {
          g_autofree char *k = row_key (g_ptr_array_index (rows, i));

          if (g_str_equal (k, key))
            ids = topo_capacity_row_ids (g_ptr_array_index (rows, i), self->doc);
        }
    }
  select_ids (self, ids);
}

/* A roll-up's computes, the same way. */
static void
rollup_activated_cb (TopoCapacityPanel *self,
                     GtkListBoxRow     *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  g_autoptr(TopoCapacity) plan = NULL;
  g_auto(GStrv) ids = NULL;
  GPtrArray *lists[3];
  const char *names[] = { "environments", "projects", "workspaces" };

  if (key == NULL || self->doc == NULL)
    return;
  plan = topo_capacity_compute (self->doc);
  lists[0] = plan->environments;
  lists[1] = plan->projects;
  lists[2] = plan->workspaces;
  for (guint l = 0; l < G_N_ELEMENTS (lists) && ids == NULL; l++)
    for (guint i = 0; i < lists[l]->len && ids == NULL; i++)
      {
        g_autofree char *k = rollup_key (names[l], g_ptr_array_index (lists[l], i));

        if (g_str_equal (k, key))
          ids = topo_capacity_rollup_ids (g_ptr_array_index (lists[l], i), self->doc);
      }
  select_ids (self, ids);
}

static gboolean
rebuild_idle (gpointer data)
{
  TopoCapacityPanel *self = data;

  self->rebuild_id = 0;
  if (self->dirty && gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
  return G_SOURCE_REMOVE;
}

/* The rows are built while the panel is on screen only: a 10 000-resource design has hundreds
 * of them, which opening it paid for before its first frame, and every committed step again.
 * On screen, they are rebuilt in an idle: the step may come from a row's own quota popover. */
static void
rebuild_when_shown (TopoCapacityPanel *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
map_cb (TopoCapacityPanel *self)
{
  if (self->dirty)
    rebuild (self);
}

static void
set_document (TopoCapacityPanel *self,
              TopoDocument      *doc)
{
  if (self->doc == doc)
    return;
  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_object (&self->doc);
    }
  if (doc != NULL)
    {
      self->doc = g_object_ref (doc);
      self->committed_id = g_signal_connect_object (doc, "step-committed",
                                                    G_CALLBACK (rebuild_when_shown), self,
                                                    G_CONNECT_SWAPPED);
    }
  rebuild_when_shown (self);
}

static void
canvas_document_cb (TopoCapacityPanel *self)
{
  g_autoptr(TopoDocument) doc = NULL;

  if (self->canvas != NULL)
    g_object_get (self->canvas, "document", &doc, NULL);
  set_document (self, doc);
}

void
topo_capacity_panel_set_canvas (TopoCapacityPanel *self,
                                TopoCanvas        *canvas)
{
  g_return_if_fail (TOPO_IS_CAPACITY_PANEL (self));

  if (self->canvas != NULL)
    {
      g_clear_signal_handler (&self->canvas_doc_id, self->canvas);
      g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
    }
  self->canvas = canvas;
  if (canvas != NULL)
    {
      /* The window may finalize the canvas before this panel. */
      g_object_add_weak_pointer (G_OBJECT (canvas), (gpointer *) &self->canvas);
      self->canvas_doc_id = g_signal_connect_object (canvas, "notify::document",
                                                     G_CALLBACK (canvas_document_cb), self,
                                                     G_CONNECT_SWAPPED);
    }
  canvas_document_cb (self);
}

GtkListBox *
topo_capacity_panel_get_list (TopoCapacityPanel *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  if (self->dirty)
    rebuild (self);
  return self->list;
}

const char *
topo_capacity_panel_get_summary (TopoCapacityPanel *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  if (self->dirty)
    rebuild (self);
  return gtk_label_get_text (self->summary_label);
}

GtkWidget *
topo_capacity_panel_new (void)
{
  return g_object_new (TOPO_TYPE_CAPACITY_PANEL, NULL);
}

static void
topo_capacity_panel_dispose (GObject *object)
{
  TopoCapacityPanel *self = TOPO_CAPACITY_PANEL (object);

  if (self->canvas != NULL)
    {
      g_clear_signal_handler (&self->canvas_doc_id, self->canvas);
      g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
      self->canvas = NULL;
    }
  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_object (&self->doc);
    }
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_CAPACITY_PANEL);
  /* the template's box has no id, so dispose_template leaves it */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (topo_capacity_panel_parent_class)->dispose (object);
}

static void
topo_capacity_panel_class_init (TopoCapacityPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_capacity_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-capacity-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, list);
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, rollups);
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, rollup_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topocapacity");
}

static void
topo_capacity_panel_init (TopoCapacityPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  rebuild (self);
}
