/* topo-capacity-panel.c: the Capacity side tab
 *
 * The rows are a GListStore of TopoCapacityItem shown by a GtkListView: a 10 000-resource design
 * has about 1 800 of them (most are workspaces), and a list view makes widgets for the ones on
 * screen only, so neither building them nor drawing a frame pays for the others.
 *
 * The plan is recomputed after a committed undo step (the document's "step-committed") only when
 * a change of that step could have changed it: a move, a resize or a note edit cannot
 * (topo_change_affects_validation), nor an edit of a resource the plan does not read (a storage
 * account, a key vault, …), a team or the design's name. The fresh rows are then compared with the shown ones by key:
 * an item whose figures changed is updated in place (its row widget follows its "changed"
 * signal), and only rows that came or went are inserted or removed. A drag on a large design
 * used to rebuild every row after each step: up to 0.9 s of CPU time at the release.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph"

#include "config.h"

#include <glib/gi18n.h>

#include "topo-capacity-panel.h"
#include "topo-capacity.h"
#include "topo-menu-button-tooltip.h"
#include "topo-quota-add-popover.h"
#include "topo-quota-popover.h"
#include "topo-regions.h"
#include "topo-validator.h"

/* Item */

typedef enum
{
  LEVEL_DIM,        /* the detail in grey */
  LEVEL_WARNING,    /* a GPU family without a quota */
  LEVEL_ERROR,      /* over quota */
} Level;

struct _TopoCapacityItem
{
  GObject              parent_instance;

  TopoCapacityItemKind kind;
  char                *key;
  char                *title;
  char                *figures;
  char                *detail;
  char                *accessible;
  char                *tooltip;
  Level                level;
  gboolean             dim_title;    /* "No environment" */
  gboolean             has_bar;
  gint64               vmin;
  gint64               vmax;
  gint64               quota;
  char                *region;
  char                *family;
  guint                n_computes;
};

enum
{
  ITEM_CHANGED,
  N_ITEM_SIGNALS
};

static guint item_signals[N_ITEM_SIGNALS];

G_DEFINE_FINAL_TYPE (TopoCapacityItem, topo_capacity_item, G_TYPE_OBJECT)

static void
topo_capacity_item_finalize (GObject *object)
{
  TopoCapacityItem *self = TOPO_CAPACITY_ITEM (object);

  g_free (self->key);
  g_free (self->title);
  g_free (self->figures);
  g_free (self->detail);
  g_free (self->accessible);
  g_free (self->tooltip);
  g_free (self->region);
  g_free (self->family);
  G_OBJECT_CLASS (topo_capacity_item_parent_class)->finalize (object);
}

static void
topo_capacity_item_class_init (TopoCapacityItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = topo_capacity_item_finalize;

  /**
   * TopoCapacityItem::changed:
   *
   * The item shows other figures or words (its key and kind never change).
   */
  item_signals[ITEM_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
topo_capacity_item_init (TopoCapacityItem *self)
{
  self->quota = TOPO_CAPACITY_NO_QUOTA;
}

static TopoCapacityItem *
item_new (TopoCapacityItemKind kind,
          char                *key)
{
  TopoCapacityItem *self = g_object_new (TOPO_TYPE_CAPACITY_ITEM, NULL);

  self->kind = kind;
  self->key = key;
  return self;
}

/* Takes what from shows into self (same key); "changed" when anything differs. */
static void
item_assign (TopoCapacityItem *self,
             TopoCapacityItem *from)
{
  gboolean same = g_strcmp0 (self->title, from->title) == 0 &&
                  g_strcmp0 (self->figures, from->figures) == 0 &&
                  g_strcmp0 (self->detail, from->detail) == 0 &&
                  g_strcmp0 (self->accessible, from->accessible) == 0 &&
                  g_strcmp0 (self->tooltip, from->tooltip) == 0 &&
                  g_strcmp0 (self->region, from->region) == 0 &&
                  g_strcmp0 (self->family, from->family) == 0 &&
                  self->level == from->level && self->dim_title == from->dim_title &&
                  self->has_bar == from->has_bar && self->vmin == from->vmin &&
                  self->vmax == from->vmax && self->quota == from->quota &&
                  self->n_computes == from->n_computes;

  if (same)
    return;
#define TAKE(field) G_STMT_START { g_free (self->field); self->field = g_steal_pointer (&from->field); } G_STMT_END
  TAKE (title);
  TAKE (figures);
  TAKE (detail);
  TAKE (accessible);
  TAKE (tooltip);
  TAKE (region);
  TAKE (family);
#undef TAKE
  self->level = from->level;
  self->dim_title = from->dim_title;
  self->has_bar = from->has_bar;
  self->vmin = from->vmin;
  self->vmax = from->vmax;
  self->quota = from->quota;
  self->n_computes = from->n_computes;
  g_signal_emit (self, item_signals[ITEM_CHANGED], 0);
}

TopoCapacityItemKind
topo_capacity_item_get_kind (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), TOPO_CAPACITY_ITEM_FAMILY);
  return self->kind;
}

const char *
topo_capacity_item_get_key (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), NULL);
  return self->key;
}

const char *
topo_capacity_item_get_title (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), NULL);
  return self->title;
}

const char *
topo_capacity_item_get_figures (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), NULL);
  return self->figures;
}

const char *
topo_capacity_item_get_detail (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), NULL);
  return self->detail;
}

const char *
topo_capacity_item_get_region (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), NULL);
  return self->region;
}

const char *
topo_capacity_item_get_family (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), NULL);
  return self->family;
}

gint64
topo_capacity_item_get_quota (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), TOPO_CAPACITY_NO_QUOTA);
  return self->quota;
}

guint
topo_capacity_item_get_n_computes (TopoCapacityItem *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_ITEM (self), 0);
  return self->n_computes;
}

/* Panel */

struct _TopoCapacityPanel
{
  GtkWidget           parent_instance;

  GtkLabel           *summary_label;
  GtkMenuButton      *add_button;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  GtkLabel           *empty_label;

  GListStore         *store;         /* of TopoCapacityItem */
  GtkSingleSelection *selection;
  TopoCanvas         *canvas;        /* weak */
  gulong              canvas_doc_id;
  TopoDocument       *doc;
  gulong              committed_id;
  gulong              changed_id;
  gboolean            step_plans;    /* a change of the open step could change the plan */
  gboolean            dirty;         /* the rows are brought up to date when next shown */
  guint               update_id;     /* idle: an edit made from a row's popover outlives its handler */
  gboolean            syncing;       /* selecting a row again after an update: not the user's */
  guint               n_updates;
};

G_DEFINE_FINAL_TYPE (TopoCapacityPanel, topo_capacity_panel, GTK_TYPE_WIDGET)

/* What shows one item (the list item's child keeps it). */
typedef struct
{
  TopoCapacityPanel *panel;
  GtkListItem       *list_item;
  GtkWidget         *box;
  GtkWidget         *main;
  GtkWidget         *name;
  GtkWidget         *figures;
  GtkWidget         *bar;
  GtkWidget         *detail;
  GtkWidget         *button;
  TopoCapacityItem  *item;
  gulong             changed_id;
} Row;

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
  const Row *row = data;
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg, accent, error;
  gint64 vmin, vmax, quota;
  double scale, x_min, x_max, x_quota;

  if (row->item == NULL || !row->item->has_bar)
    return;
  vmin = MAX (row->item->vmin, 0);
  vmax = MAX (row->item->vmax, 0);
  quota = row->item->quota;
  scale = (double) MAX (quota, vmax);
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
  x_min = width * MIN (vmin, quota) / scale;
  x_max = width * MIN (vmax, quota) / scale;
  x_quota = width * quota / scale;
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.45);
  cairo_rectangle (cr, 0, 0, x_max, height);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
  cairo_rectangle (cr, 0, 0, x_min, height);
  cairo_fill (cr);
  if (vmax > quota)
    {
      cairo_set_source_rgba (cr, error.red, error.green, error.blue, 1);
      cairo_rectangle (cr, x_quota, 0, width - x_quota, height);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
      cairo_rectangle (cr, MAX (x_quota - 1, 0), 0, 2, height);
      cairo_fill (cr);
    }
  cairo_restore (cr);
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

/* A roll-up row's key: its list ("environments", …) and id ("" for none, which no id is). */
static char *
rollup_key (const char               *list,
            const TopoCapacityRollup *r)
{
  return g_strdup_printf ("%s\x1f%s%s", list, r->id != NULL ? "=" : "", r->id != NULL ? r->id : "");
}

/* Items: what the rows show, made from the plan */

static TopoCapacityItem *
family_item_new (const TopoCapacityRow *row)
{
  TopoCapacityItem *item;
  g_autofree char *planned = vcpus_text (row->vcpus_min, row->vcpus_max);
  g_autoptr(GString) words = g_string_new (NULL);
  const char *title;
  guint n = row->computes->len;

  switch (row->kind)
    {
    case TOPO_CAPACITY_ROW_FAMILY:
      item = item_new (TOPO_CAPACITY_ITEM_FAMILY, row_key (row));
      title = row->family;
      break;
    case TOPO_CAPACITY_ROW_UNKNOWN_SIZE:
      item = item_new (TOPO_CAPACITY_ITEM_UNKNOWN, row_key (row));
      title = _("Unknown VM sizes");
      break;
    case TOPO_CAPACITY_ROW_REGION_TOTAL:
    default:
      item = item_new (TOPO_CAPACITY_ITEM_TOTAL, row_key (row));
      title = _("Regional total");
      break;
    }

  if (row->quota != TOPO_CAPACITY_NO_QUOTA)
    /* Translators: planned vCPUs (a range) of the quota, e.g. "0–48 of 72 vCPUs" */
    item->figures = g_strdup_printf (_("%s of %lld vCPUs"), planned, (long long) row->quota);
  else
    item->figures = g_strdup_printf (_("%s vCPUs"), planned);

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

  item->title = g_strdup (title);
  item->detail = g_strdup (words->str);
  item->accessible = g_strdup_printf ("%s %s: %s. %s", row->region, title, item->figures, words->str);
  if (topo_capacity_row_exceeded (row))
    item->level = LEVEL_ERROR;
  else if (row->gpu_family && row->quota == TOPO_CAPACITY_NO_QUOTA && n > 0)
    item->level = LEVEL_WARNING;
  item->has_bar = row->quota != TOPO_CAPACITY_NO_QUOTA;
  item->vmin = row->vcpus_min;
  item->vmax = row->vcpus_max;
  item->quota = row->quota;
  if (row->kind != TOPO_CAPACITY_ROW_UNKNOWN_SIZE)
    {
      item->region = g_strdup (row->region);
      item->family = g_strdup (row->family);
    }
  item->n_computes = n;
  return item;
}

static TopoCapacityItem *
heading_item_new (TopoCapacityItemKind kind,
                  char                *key,
                  const char          *title,
                  const char          *subtitle)
{
  TopoCapacityItem *item = item_new (kind, key);

  item->title = g_strdup (title);
  item->figures = g_strdup (subtitle);
  item->accessible = subtitle != NULL ? g_strdup_printf ("%s, %s", title, subtitle) : g_strdup (title);
  return item;
}

static void
add_rollups (GPtrArray  *items,
             const char *list,
             const char *title,
             GPtrArray  *rollups,
             const char *none)
{
  if (rollups->len == 0)
    return;
  g_ptr_array_add (items, heading_item_new (TOPO_CAPACITY_ITEM_SECTION,
                                            g_strdup_printf ("section\x1f%s", list), title, NULL));
  for (guint i = 0; i < rollups->len; i++)
    {
      const TopoCapacityRollup *r = g_ptr_array_index (rollups, i);
      TopoCapacityItem *item = item_new (TOPO_CAPACITY_ITEM_ROLLUP, rollup_key (list, r));
      g_autofree char *planned = vcpus_text (r->vcpus_min, r->vcpus_max);

      if (r->gpus_max > 0)
        {
          g_autofree char *gpus = vcpus_text (r->gpus_min, r->gpus_max);

          item->figures = g_strdup_printf (_("%s vCPUs, %s GPUs"), planned, gpus);
        }
      else
        item->figures = g_strdup_printf (_("%s vCPUs"), planned);
      item->title = g_strdup (r->name != NULL ? r->name : none);
      item->dim_title = r->name == NULL;
      item->tooltip = g_strdup (item->title);
      item->accessible = g_strdup_printf ("%s: %s", item->title, item->figures);
      item->vmin = r->vcpus_min;
      item->vmax = r->vcpus_max;
      item->n_computes = r->n_computes;
      g_ptr_array_add (items, item);
    }
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

/* The rows of plan, in the order shown: regions in the canvas' lane order, each with its
 * families and its total, then the roll-ups. */
static GPtrArray *
items_from_plan (TopoCapacity *plan,
                 TopoDocument *doc)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) regions = g_ptr_array_sized_new (plan->regions->len);   /* borrowed */

  for (guint i = 0; i < plan->regions->len; i++)
    g_ptr_array_add (regions, g_ptr_array_index (plan->regions, i));
  g_ptr_array_sort_with_data (regions, compare_lane_order, doc);
  for (guint i = 0; i < regions->len; i++)
    {
      const TopoCapacityRow *total = g_ptr_array_index (regions, i);
      const TopoRegion *info = topo_region_lookup (total->region);

      g_ptr_array_add (items, heading_item_new (TOPO_CAPACITY_ITEM_REGION,
                                                g_strdup_printf ("region\x1f%s", total->region),
                                                info != NULL ? info->display_name : total->region,
                                                info != NULL ? total->region : NULL));
      for (guint k = 0; k < plan->rows->len; k++)
        {
          const TopoCapacityRow *row = g_ptr_array_index (plan->rows, k);

          if (row->region == total->region)
            g_ptr_array_add (items, family_item_new (row));
        }
      g_ptr_array_add (items, family_item_new (total));
    }
  add_rollups (items, "environments", _("By environment"), plan->environments, _("No environment"));
  add_rollups (items, "projects", _("By project"), plan->projects, _("No project"));
  add_rollups (items, "workspaces", _("By workspace"), plan->workspaces, _("No workspace"));
  return items;
}

/* Row widgets */

/* A new popover each time, with the figures of the row as it is now. */
static void
create_quota_popover (GtkMenuButton *button,
                      gpointer       data)
{
  Row *row = data;
  TopoCapacityItem *item = row->item;

  if (row->panel->doc == NULL || item == NULL || item->region == NULL)
    return;
  gtk_menu_button_set_popover (button, topo_quota_popover_new (row->panel->doc, item->region,
                                                               item->family, item->quota,
                                                               item->vmin, item->vmax));
}

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* Shows row->item; the widgets are the same for every kind, shown or hidden. */
static void
sync_row (Row *row)
{
  TopoCapacityItem *item = row->item;
  gboolean heading, figures_row, selectable;

  if (item == NULL)
    return;
  heading = item->kind == TOPO_CAPACITY_ITEM_REGION || item->kind == TOPO_CAPACITY_ITEM_SECTION;
  figures_row = item->kind == TOPO_CAPACITY_ITEM_FAMILY || item->kind == TOPO_CAPACITY_ITEM_UNKNOWN ||
                item->kind == TOPO_CAPACITY_ITEM_TOTAL;

  gtk_label_set_text (GTK_LABEL (row->name), item->title != NULL ? item->title : "");
  set_class (row->name, "heading", heading);
  set_class (row->name, "dim-label", item->dim_title);
  gtk_widget_set_hexpand (row->name, !heading);
  gtk_widget_set_tooltip_text (row->name, item->tooltip);

  gtk_label_set_text (GTK_LABEL (row->figures), item->figures != NULL ? item->figures : "");
  gtk_widget_set_visible (row->figures, item->figures != NULL);
  set_class (row->figures, "numeric", !heading);
  set_class (row->figures, "dim-label", heading);
  set_class (row->figures, "error", item->level == LEVEL_ERROR);

  gtk_widget_set_visible (row->bar, item->has_bar);
  gtk_widget_queue_draw (row->bar);

  gtk_widget_set_visible (row->detail, figures_row);
  gtk_label_set_text (GTK_LABEL (row->detail), figures_row && item->detail != NULL ? item->detail : "");
  set_class (row->detail, "error", item->level == LEVEL_ERROR);
  set_class (row->detail, "warning", item->level == LEVEL_WARNING);
  set_class (row->detail, "dim-label", item->level == LEVEL_DIM);

  gtk_widget_set_visible (row->button, item->region != NULL);
  if (item->region != NULL)
    {
      /* Translators: the accessible name of the button, e.g. "Quota of standardNCSv3Family in westeurope" */
      g_autofree char *label = g_strdup_printf (_("Quota of %s in %s"), item->title, item->region);

      gtk_widget_set_tooltip_text (row->button, item->quota != TOPO_CAPACITY_NO_QUOTA ? _("Change Quota…")
                                                                                      : _("Set Quota…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }

  gtk_widget_set_margin_top (row->box, heading ? 10 : figures_row ? 4 : 0);
  gtk_widget_set_margin_bottom (row->box, figures_row ? 4 : 0);
  gtk_widget_set_tooltip_text (row->box, item->kind == TOPO_CAPACITY_ITEM_ROLLUP && item->n_computes > 0
                                         ? _("Select these computes on the canvas") : NULL);
  /* GTK 4.8 has no accessible API for list items: a screen reader reads the row's child */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  item->accessible != NULL ? item->accessible : "", -1);
  selectable = !heading && item->n_computes > 0;
  gtk_list_item_set_selectable (row->list_item, selectable);
  gtk_list_item_set_activatable (row->list_item, selectable);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  if (row->item != NULL)
    {
      g_clear_signal_handler (&row->changed_id, row->item);
      g_clear_object (&row->item);
    }
  g_free (row);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              TopoCapacityPanel        *self)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->panel = self;
  row->list_item = list_item;
  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->main = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  row->name = gtk_label_new (NULL);
  row->figures = gtk_label_new (NULL);
  row->bar = gtk_drawing_area_new ();
  row->detail = gtk_label_new (NULL);
  row->button = gtk_menu_button_new ();
  topo_menu_button_quiet_tooltip (GTK_MENU_BUTTON (row->button));

  gtk_label_set_xalign (GTK_LABEL (row->name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->name), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (row->figures), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (top), row->name);
  gtk_box_append (GTK_BOX (top), row->figures);
  gtk_box_append (GTK_BOX (row->main), top);

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (row->bar), 8);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (row->bar), draw_bar, row, NULL);
  gtk_widget_set_margin_top (row->bar, 4);
  gtk_widget_set_margin_bottom (row->bar, 2);
  /* the row's label says the same in words */
  gtk_accessible_update_state (GTK_ACCESSIBLE (row->bar), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (row->main), row->bar);

  gtk_label_set_xalign (GTK_LABEL (row->detail), 0);
  gtk_label_set_wrap (GTK_LABEL (row->detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (row->detail), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (row->detail, "caption");
  gtk_box_append (GTK_BOX (row->main), row->detail);

  gtk_widget_set_hexpand (row->main, TRUE);
  gtk_box_append (GTK_BOX (row->box), row->main);

  /* beside the figures, bar and words; the row itself still selects its computes */
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (row->button), "document-edit-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (row->button), create_quota_popover, row, NULL);
  gtk_widget_add_css_class (row->button, "flat");
  gtk_widget_set_valign (row->button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row->box), row->button);

  gtk_widget_set_margin_start (row->box, 6);
  gtk_widget_set_margin_end (row->box, 6);
  g_object_set_data_full (G_OBJECT (row->box), "topo-capacity-row", row, row_free);
  gtk_list_item_set_child (list_item, row->box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             TopoCapacityPanel        *self)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "topo-capacity-row");

  row->item = g_object_ref (gtk_list_item_get_item (list_item));
  row->changed_id = g_signal_connect_swapped (row->item, "changed", G_CALLBACK (sync_row), row);
  sync_row (row);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               TopoCapacityPanel        *self)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "topo-capacity-row");

  if (row->item != NULL)
    {
      g_clear_signal_handler (&row->changed_id, row->item);
      g_clear_object (&row->item);
    }
  /* a quota popover opened from this row describes the old item */
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (row->button), NULL);
}

static Row *
row_of_item (TopoCapacityPanel *self,
             TopoCapacityItem  *item)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_widget_get_first_child (child);
      Row *row = box != NULL ? g_object_get_data (G_OBJECT (box), "topo-capacity-row") : NULL;

      if (row != NULL && row->item == item && gtk_widget_get_visible (child))
        return row;
    }
  return NULL;
}

/* Updating */

static void
update_summary (TopoCapacityPanel *self,
                TopoCapacity      *plan)
{
  gboolean empty = plan == NULL || (plan->n_computes == 0 && plan->regions->len == 0);
  gint64 total_max = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), !empty);
  if (empty)
    {
      gtk_label_set_text (self->summary_label, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
      return;
    }
  for (guint i = 0; i < plan->regions->len; i++)
    total_max += ((const TopoCapacityRow *) g_ptr_array_index (plan->regions, i))->vcpus_max;
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
    set_class (GTK_WIDGET (self->summary_label), "error", plan->n_exceeded > 0);
  }
}

/* Brings the rows up to date: items whose key is still there keep their place and object (and
 * say "changed" only when they show something else); only the run of rows between the first
 * and the last difference in keys is replaced. */
static void
update (TopoCapacityPanel *self)
{
  g_autoptr(TopoCapacity) plan = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(TopoCapacityItem) selected = NULL;
  g_autofree char *selected_key = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint prefix = 0, suffix = 0;

  self->dirty = FALSE;
  self->n_updates++;
  if (self->doc != NULL)
    {
      plan = topo_capacity_compute (self->doc);
      fresh = items_from_plan (plan, self->doc);
    }
  else
    fresh = g_ptr_array_new_with_free_func (g_object_unref);

  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected != NULL)
    {
      g_object_ref (selected);
      selected_key = g_strdup (selected->key);
    }

  while (prefix < n_old && prefix < fresh->len)
    {
      g_autoptr(TopoCapacityItem) old = g_list_model_get_item (G_LIST_MODEL (self->store), prefix);
      TopoCapacityItem *item = g_ptr_array_index (fresh, prefix);

      if (!g_str_equal (old->key, item->key))
        break;
      item_assign (old, item);
      prefix++;
    }
  while (suffix < n_old - prefix && suffix < fresh->len - prefix)
    {
      g_autoptr(TopoCapacityItem) old = g_list_model_get_item (G_LIST_MODEL (self->store), n_old - 1 - suffix);
      TopoCapacityItem *item = g_ptr_array_index (fresh, fresh->len - 1 - suffix);

      if (!g_str_equal (old->key, item->key))
        break;
      item_assign (old, item);
      suffix++;
    }
  if (prefix + suffix < n_old || prefix + suffix < fresh->len)
    g_list_store_splice (self->store, prefix, n_old - prefix - suffix,
                         fresh->pdata + prefix, fresh->len - prefix - suffix);

  /* a replaced row that was selected stays selected (its computes are selected already) */
  if (selected_key != NULL && gtk_single_selection_get_selected_item (self->selection) != (gpointer) selected)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
      guint found = GTK_INVALID_LIST_POSITION;

      for (guint i = 0; i < n && found == GTK_INVALID_LIST_POSITION; i++)
        {
          g_autoptr(TopoCapacityItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

          if (g_str_equal (item->key, selected_key) && item->n_computes > 0)
            found = i;
        }
      self->syncing = TRUE;
      gtk_single_selection_set_selected (self->selection, found);
      self->syncing = FALSE;
    }
  update_summary (self, plan);
}

static gboolean
update_idle (gpointer data)
{
  TopoCapacityPanel *self = data;

  self->update_id = 0;
  if (self->dirty && gtk_widget_get_mapped (GTK_WIDGET (self)))
    update (self);
  return G_SOURCE_REMOVE;
}

/* The rows are brought up to date while the panel is on screen only (opening a large design
 * need not plan it before its first frame); on screen, in an idle: the step may come from a
 * row's own quota popover. */
static void
queue_update (TopoCapacityPanel *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->update_id == 0)
    self->update_id = g_idle_add (update_idle, self);
}

static void
map_cb (TopoCapacityPanel *self)
{
  if (self->dirty)
    update (self);
}

/* Kinds the plan reads: computes and AKS clusters (sizes, node counts, workspace), resource
 * groups (region, environment, project) and workspaces (names of the roll-ups). */
static gboolean
planned_kind (const TopoResource *res)
{
  if (res == NULL)
    return FALSE;
  switch (res->kind)
    {
    case TOPO_KIND_RESOURCE_GROUP:
    case TOPO_KIND_WORKSPACE:
    case TOPO_KIND_COMPUTE_INSTANCE:
    case TOPO_KIND_COMPUTE_CLUSTER:
    case TOPO_KIND_AKS:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether a change could change the plan. A move, a resize or a note edit cannot (what no rule
 * reads, the plan does not either), nor an edit of a storage account, key vault, Application
 * Insights or registry, a team or the design's name. Links (an AKS cluster rolls up to the
 * workspace of its inference link), the policy and the lanes can. */
static gboolean
plan_may_change (const TopoChange *change)
{
  switch (change->kind)
    {
    case TOPO_CHANGE_RESOURCE_ADDED:
    case TOPO_CHANGE_RESOURCE_REMOVED:
    case TOPO_CHANGE_RESOURCE_MODIFIED:
      return (planned_kind (change->old_value) || planned_kind (change->new_value)) &&
             topo_change_affects_validation (change);
    case TOPO_CHANGE_TEAM_ADDED:
    case TOPO_CHANGE_TEAM_REMOVED:
    case TOPO_CHANGE_TEAM_MODIFIED:
    case TOPO_CHANGE_NAME:
    case TOPO_CHANGE_NOTE_ADDED:
    case TOPO_CHANGE_NOTE_REMOVED:
    case TOPO_CHANGE_NOTE_MODIFIED:
      return FALSE;
    default:
      return TRUE;
    }
}

/* The changes of a step: whether the plan could differ. When it could, the fresh rows are
 * compared with the shown ones and only what differs changes. */
static void
changed_cb (TopoCapacityPanel *self,
            const TopoChange  *change,
            TopoDocument      *doc)
{
  if (change->kind == TOPO_CHANGE_RELOADED)
    queue_update (self);
  else if (!self->step_plans && plan_may_change (change))
    self->step_plans = TRUE;
}

static void
step_committed_cb (TopoCapacityPanel *self,
                   TopoDocument      *doc)
{
  if (self->step_plans)
    queue_update (self);
  self->step_plans = FALSE;
}

/* Selection */

static void
select_ids (TopoCapacityPanel *self,
            GStrv              ids)
{
  if (ids == NULL || ids[0] == NULL || self->canvas == NULL)
    return;
  topo_canvas_set_selection (self->canvas, (const char *const *) ids);
  topo_canvas_center_on (self->canvas, (const char *const *) ids);
}

/* An item's computes: selected and centred on the canvas. Items do not keep the plan (it refers
 * to the document as it was); the key finds the row in a fresh one. */
static void
select_computes (TopoCapacityPanel *self,
                 TopoCapacityItem  *item)
{
  g_autoptr(TopoCapacity) plan = NULL;
  g_auto(GStrv) ids = NULL;
  const char *names[] = { "environments", "projects", "workspaces" };
  GPtrArray *lists[3];

  if (item == NULL || item->n_computes == 0 || self->doc == NULL || self->canvas == NULL)
    return;
  plan = topo_capacity_compute (self->doc);
  if (item->kind == TOPO_CAPACITY_ITEM_ROLLUP)
    {
      lists[0] = plan->environments;
      lists[1] = plan->projects;
      lists[2] = plan->workspaces;
      for (guint l = 0; l < G_N_ELEMENTS (lists) && ids == NULL; l++)
        for (guint i = 0; i < lists[l]->len && ids == NULL; i++)
          {
            g_autofree char *k = rollup_key (names[l], g_ptr_array_index (lists[l], i));

            if (g_str_equal (k, item->key))
              ids = topo_capacity_rollup_ids (g_ptr_array_index (lists[l], i), self->doc);
          }
    }
  else
    for (guint list = 0; list < 2 && ids == NULL; list++)
      {
        GPtrArray *rows = list == 0 ? plan->rows : plan->regions;

        for (guint i = 0; i < rows->len && ids == NULL; i++)
          {
            g_autofree char *k = row_key (g_ptr_array_index (rows, i));

            if (g_str_equal (k, item->key))
              ids = topo_capacity_row_ids (g_ptr_array_index (rows, i), self->doc);
          }
      }
  select_ids (self, ids);
}

static void
selected_cb (TopoCapacityPanel  *self,
             GParamSpec         *pspec,
             GtkSingleSelection *selection)
{
  if (!self->syncing)
    select_computes (self, gtk_single_selection_get_selected_item (selection));
}

/* Enter (or a double-click) on a row: its computes again, e.g. after panning away. */
static void
activate_cb (TopoCapacityPanel *self,
             guint              position,
             GtkListView       *view)
{
  g_autoptr(TopoCapacityItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  select_computes (self, item);
}

/* "Add Quota…": one popover, reloaded as it opens with the design's regions as they are now
 * (its 1 500 family rows are built once). */
static void
create_add_popover (GtkMenuButton *button,
                    gpointer       data)
{
  TopoCapacityPanel *self = data;
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  if (self->doc == NULL)
    return;
  if (TOPO_IS_QUOTA_ADD_POPOVER (popover))
    topo_quota_add_popover_reload (TOPO_QUOTA_ADD_POPOVER (popover), self->doc);
  else
    gtk_menu_button_set_popover (button, topo_quota_add_popover_new (self->doc));
}

/* Document */

static void
set_document (TopoCapacityPanel *self,
              TopoDocument      *doc)
{
  if (self->doc == doc)
    return;
  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  self->step_plans = FALSE;
  if (doc != NULL)
    {
      self->doc = g_object_ref (doc);
      self->committed_id = g_signal_connect_object (doc, "step-committed",
                                                    G_CALLBACK (step_committed_cb), self,
                                                    G_CONNECT_SWAPPED);
      self->changed_id = g_signal_connect_object (doc, "changed", G_CALLBACK (changed_cb), self,
                                                  G_CONNECT_SWAPPED);
    }
  /* another design: none of the rows stands for anything in it */
  self->syncing = TRUE;
  g_list_store_remove_all (self->store);
  self->syncing = FALSE;
  queue_update (self);
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

/* For tests */

GListModel *
topo_capacity_panel_get_model (TopoCapacityPanel *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  if (self->dirty)
    update (self);
  return G_LIST_MODEL (self->store);
}

GtkListView *
topo_capacity_panel_get_view (TopoCapacityPanel *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  return self->list_view;
}

GtkWidget *
topo_capacity_panel_get_row_widget (TopoCapacityPanel *self,
                                    TopoCapacityItem  *item)
{
  Row *row;

  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  row = row_of_item (self, item);
  return row != NULL ? row->box : NULL;
}

GtkMenuButton *
topo_capacity_panel_get_quota_button (TopoCapacityPanel *self,
                                      TopoCapacityItem  *item)
{
  Row *row;

  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  row = row_of_item (self, item);
  return row != NULL && gtk_widget_get_visible (row->button) ? GTK_MENU_BUTTON (row->button) : NULL;
}

const char *
topo_capacity_panel_get_summary (TopoCapacityPanel *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  if (self->dirty)
    update (self);
  return gtk_label_get_text (self->summary_label);
}

GtkMenuButton *
topo_capacity_panel_get_add_button (TopoCapacityPanel *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), NULL);
  return self->add_button;
}

guint
topo_capacity_panel_get_n_updates (TopoCapacityPanel *self)
{
  g_return_val_if_fail (TOPO_IS_CAPACITY_PANEL (self), 0);
  return self->n_updates;
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
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_CAPACITY_PANEL);
  /* the template's box has no id, so dispose_template leaves it */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);

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
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, add_button);
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, TopoCapacityPanel, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topocapacity");
}

static void
topo_capacity_panel_init (TopoCapacityPanel *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->store = g_list_store_new (TOPO_TYPE_CAPACITY_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_menu_button_set_create_popup_func (self->add_button, create_add_popover, self, NULL);
  topo_menu_button_quiet_tooltip (self->add_button);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  update (self);
}
