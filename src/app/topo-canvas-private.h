/* topo-canvas-private.h: the canvas' instance struct, shared by its facet files, and its test API
 *
 * TopoCanvas is split by facet (STYLE.md §1.A): topo-canvas.c (the class, selection, document,
 * snapshot), topo-canvas-view.c (zoom, pan and the tile cache), topo-canvas-gestures.c (pointer
 * gestures, hit tests and their feedback), topo-canvas-dnd.c (drops from the palette),
 * topo-canvas-edit.c (inline rename, context menu, actions and keys).
 *
 * The gesture handlers only translate coordinates and call the tool entry points below, so tests
 * can drive the same code either through the controllers' signals or directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "topo-canvas.h"
#include "topo-interaction.h"

G_BEGIN_DECLS

#define MIN_ZOOM 0.005   /* a 10 000-resource design fits in a window */
#define MAX_ZOOM 4.0

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_RESIZE,
  DRAG_CONNECT,
  DRAG_RUBBER,
} DragMode;

typedef struct _TopoTileSet TopoTileSet;

/* What the renderer draws besides the document whose change means new tiles. Document edits,
 * selection, hover and badges re-render only the tiles they touch (see topo-canvas-view.c). */
typedef struct
{
  TopoDocument *doc;
  guint         overlay_serial;
  gboolean      dark;
} ContentKey;

struct _TopoCanvas
{
  GtkWidget      parent_instance;

  /* Owned references */
  TopoDocument  *doc;
  GHashTable    *selection;      /* id → NULL, owned keys */
  GHashTable    *badges;         /* ref, may be NULL */
  const TopoDiffOverlay *diff_overlay;   /* borrowed from the compare panel, may be NULL */
  char          *hovered;
  GtkWidget     *rename_popover;
  GtkWidget     *rename_entry;
  char          *rename_id;
  guint          rename_idle_id; /* a double-click's rename, once the press is handled */
  double         click_x;        /* the click gesture's last press, widget coordinates */
  double         click_y;
  guint          menu_focus_id;  /* the keyboard focus back from the closed context menu */
  GtkWidget     *context_menu;
  GtkWidget     *note_editor;    /* TopoNoteEditor: a note's text, inline */
  GMenu         *connect_menu;   /* the context menu's "Connect to…" submenu, filled on popup */
  GMenu         *edit_menu;      /* the context menu's first section; its item CONNECT_ITEM is the
                                  * submenu, or an insensitive item when nothing can be linked */

  /* Borrowed references: controllers belong to the widget */
  GtkGesture    *drag;
  GtkGesture    *click;
  GtkGesture    *pan_drag;
  GtkGesture    *zoom;
  GtkDropTarget *drop;

  gulong         changed_id;
  int            selected_link;

  double         scale;
  double         origin_x;
  double         origin_y;
  gboolean       view_initialised;
  gboolean       auto_view;      /* the opening fit, redone on resizes until the user moves the view */
  int            auto_width, auto_height;

  gboolean       connect_mode;
  gboolean       snap;

  /* The gesture in progress (design coordinates) */
  DragMode       mode;
  TopoGesture   *gesture;        /* move, resize, connect: the core's operation (one undo step) */
  double         press_x, press_y;
  double         cur_x, cur_y;

  double         gesture_x, gesture_y;   /* drag start, widget coordinates */
  double         pan_origin_x, pan_origin_y;
  double         zoom_start_scale;
  double         pointer_x, pointer_y;   /* last pointer position, widget coordinates */

  /* Drop highlight (design coordinates) */
  gboolean       drop_active;
  gboolean       drop_ok;
  TopoRect       drop_rect;

  /* The view cache (see topo-canvas-view.c) */
  TopoTileSet   *tiles;          /* the set being painted */
  TopoTileSet   *old_tiles;      /* stands in while tiles is incomplete */
  cairo_surface_t *scratch;      /* tiles are rendered here first */
  ContentKey     tiles_key;
  gboolean       tiles_current;
  guint          overlay_serial;
  /* What the tiles show, to re-render only what changed since (topo-canvas-view.c) */
  GArray        *damage;         /* TopoRect, design units: edits since the tiles were checked */
  gboolean       damage_all;
  guint64        tiles_generation;   /* the spatial index build the tiles were checked against */
  GHashTable    *painted_selection;  /* ids drawn selected */
  char          *painted_hovered;
  int            painted_link;
  GArray        *painted_decor;      /* TopoRect: where selection and hover were drawn */
  GHashTable    *painted_badges;     /* the badge table drawn (ref) */
  guint          tiles_rendered;     /* ever: for tests */
  guint          settle_id;
  guint          more_id;
  guint          prefetch_id;
};

/* topo-canvas.c */
void              _topo_canvas_emit_message       (TopoCanvas *self, const char *message);
double            _topo_canvas_snap_value         (TopoCanvas *self, double v);
void              _topo_canvas_selection_changed  (TopoCanvas *self);
void              _topo_canvas_select_only        (TopoCanvas *self, const char *id);

/* topo-canvas-view.c */
void              _topo_canvas_initial_view       (TopoCanvas *self);
void              _topo_canvas_allocation_changed (TopoCanvas *self, int width, int height);
void              _topo_canvas_view_changed       (TopoCanvas *self);
void              _topo_canvas_content_key_init   (TopoCanvas *self, ContentKey *key);
void              _topo_canvas_drop_tiles         (TopoCanvas *self);
/* A document change: notes where the drawing may differ. */
void              _topo_canvas_damage_change      (TopoCanvas *self, const TopoChange *change);
void              _topo_canvas_view_finalize      (TopoCanvas *self);
void              _topo_canvas_background_color   (cairo_t *cr, gboolean dark);
/* Paints the document from the tile cache for the current view (widget coordinates). */
void              _topo_canvas_paint_view         (TopoCanvas *self, cairo_t *cr, int sf,
                                                   gboolean dark);

/* topo-canvas-gestures.c */
void              _topo_canvas_gestures_init      (TopoCanvas *self);
const TopoResource *_topo_canvas_single_selected  (TopoCanvas *self);
GStrv             _topo_canvas_movable_selection  (TopoCanvas *self);
/* Handles and gesture previews, in design coordinates. */
void              _topo_canvas_draw_overlay       (TopoCanvas *self, cairo_t *cr);

/* topo-canvas-dnd.c */
void              _topo_canvas_dnd_init           (TopoCanvas *self);
void              _topo_canvas_draw_drop_highlight (TopoCanvas *self, cairo_t *cr);

/* topo-canvas-edit.c */
void              _topo_canvas_edit_class_init    (GtkWidgetClass *widget_class);
void              _topo_canvas_edit_init          (TopoCanvas *self);

/* Test API */
GtkGesture       *_topo_canvas_get_drag_gesture  (TopoCanvas *self);   /* primary button */
GtkGesture       *_topo_canvas_get_click_gesture (TopoCanvas *self);   /* any button */
GtkDropTarget    *_topo_canvas_get_drop_target   (TopoCanvas *self);

/* Widget coordinates. state holds GDK modifier bits (Shift/Ctrl extend the selection). */
void              _topo_canvas_press             (TopoCanvas *self, double wx, double wy,
                                                  GdkModifierType state);
void              _topo_canvas_drag_to           (TopoCanvas *self, double wx, double wy);
void              _topo_canvas_release           (TopoCanvas *self, double wx, double wy);
void              _topo_canvas_cancel            (TopoCanvas *self);
/* A "palette:<kind>" string dropped at widget coordinates; FALSE (and a message) if refused. */
gboolean          _topo_canvas_drop              (TopoCanvas *self, const char *payload,
                                                  double wx, double wy);
/* Connect mode: a drag from a card draws a link instead of moving it. */
void              _topo_canvas_set_connect_mode  (TopoCanvas *self, gboolean connect_mode);
/* The connect handle of a card, in widget coordinates (centre). */
gboolean          _topo_canvas_get_connect_handle (TopoCanvas *self, const char *id,
                                                   double *wx, double *wy);
GtkWidget        *_topo_canvas_get_rename_entry  (TopoCanvas *self);
/* The id (or "link:INDEX") drawn with hover feedback, or NULL. */
const char       *_topo_canvas_get_hovered       (TopoCanvas *self);
void              _topo_canvas_begin_rename      (TopoCanvas *self, const char *id);
/* Opens the inline editor of a note's text (Ctrl+Enter keeps it, Escape cancels). */
void              _topo_canvas_begin_note_edit   (TopoCanvas *self, const char *id);
GtkWidget        *_topo_canvas_get_note_editor   (TopoCanvas *self);
/* Opens the context menu pointing at rect (widget coordinates), its "Connect to…" submenu
 * listing the selection's valid targets. */
void              _topo_canvas_popup_context_menu (TopoCanvas *self, const GdkRectangle *rect);
gboolean          _topo_canvas_connect_menu_enabled (TopoCanvas *self);
/* The resources and groups in reading order (lane by lane, each group then its cards, top to
 * bottom, left to right), for keyboard navigation. */
GStrv             _topo_canvas_reading_order     (TopoCanvas *self);

G_END_DECLS
