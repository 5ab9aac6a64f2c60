/* topo-document.h: a design, its O(1) id lookups, change notification and undo history
 *
 * Every mutation goes through the primitive operations below. Each records its inverse in the
 * open undo group (begin_group/end_group; a lone primitive forms its own group) and emits
 * "changed" with a TopoChange that says exactly what changed. High-level edits (add, remove
 * with links and children, move, reparent, connect, …) are in topo-edit.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "topo-resource.h"

G_BEGIN_DECLS

#define TOPO_TYPE_DOCUMENT (topo_document_get_type ())
G_DECLARE_FINAL_TYPE (TopoDocument, topo_document, TOPO, DOCUMENT, GObject)

typedef enum
{
  TOPO_CHANGE_RESOURCE_ADDED,
  TOPO_CHANGE_RESOURCE_REMOVED,
  TOPO_CHANGE_RESOURCE_MODIFIED,
  TOPO_CHANGE_LINK_ADDED,
  TOPO_CHANGE_LINK_REMOVED,
  TOPO_CHANGE_LINK_MODIFIED,
  TOPO_CHANGE_TEAM_ADDED,
  TOPO_CHANGE_TEAM_REMOVED,
  TOPO_CHANGE_TEAM_MODIFIED,
  TOPO_CHANGE_POLICY,
  TOPO_CHANGE_LANES,
  TOPO_CHANGE_NAME,
  TOPO_CHANGE_NOTE_ADDED,
  TOPO_CHANGE_NOTE_REMOVED,
  TOPO_CHANGE_NOTE_MODIFIED,
  TOPO_CHANGE_RELOADED     /* everything may have changed (e.g. a whole document was loaded in) */
} TopoChangeKind;

/* Passed to "changed" handlers; valid only during emission.
 * old_value / new_value point to TopoResource, TopoLink, TopoTeam or TopoNote (NULL for added / removed
 * respectively); a handler compares them to learn which fields changed. */
typedef struct
{
  TopoChangeKind  kind;
  guint           index;       /* position in its collection (after an add, before a remove) */
  const char     *id;          /* resource, team or note id; NULL for links and document-level changes */
  gconstpointer   old_value;
  gconstpointer   new_value;
} TopoChange;

TopoDocument       *topo_document_new               (void);

/* Read access. Returned pointers belong to the document and stay valid until the next change. */
const char         *topo_document_get_name          (TopoDocument *self);   /* may be NULL */
guint               topo_document_get_n_resources   (TopoDocument *self);
const TopoResource *topo_document_get_resource      (TopoDocument *self, guint index);
const TopoResource *topo_document_lookup            (TopoDocument *self, const char *id);
int                 topo_document_resource_index    (TopoDocument *self, const char *id);  /* -1 if absent */
guint               topo_document_get_n_links       (TopoDocument *self);
const TopoLink     *topo_document_get_link          (TopoDocument *self, guint index);
int                 topo_document_find_link         (TopoDocument *self, TopoLinkType type,
                                                     const char *from, const char *to);
guint               topo_document_get_n_teams       (TopoDocument *self);
const TopoTeam     *topo_document_get_team          (TopoDocument *self, guint index);
const TopoTeam     *topo_document_lookup_team       (TopoDocument *self, const char *id);
int                 topo_document_team_index        (TopoDocument *self, const char *id);
guint               topo_document_get_n_notes       (TopoDocument *self);
const TopoNote     *topo_document_get_note          (TopoDocument *self, guint index);
const TopoNote     *topo_document_lookup_note       (TopoDocument *self, const char *id);
int                 topo_document_note_index        (TopoDocument *self, const char *id);
/* Whether the file had a "notes" key (saved back even when empty, so files keep their bytes). */
gboolean            topo_document_has_notes_key     (TopoDocument *self);
const TopoPolicy   *topo_document_get_policy        (TopoDocument *self);
/* Lanes as written in the file (region names, in order). */
const char *const  *topo_document_get_lanes         (TopoDocument *self);
guint               topo_document_get_n_lanes       (TopoDocument *self);
JsonObject         *topo_document_get_extra         (TopoDocument *self);  /* unknown top-level keys, may be NULL */
/* The RG a resource lives in (itself for an RG), or NULL. */
const TopoResource *topo_document_get_group_of      (TopoDocument *self, const TopoResource *resource);
/* A fresh id "<prefix>", "<prefix>-2", … not used by any resource or note (or team when for_team). */
char               *topo_document_make_unique_id    (TopoDocument *self, const char *prefix, gboolean for_team);

/* Primitive mutations. Ownership of the passed struct moves to the document. */
void                topo_document_insert_resource   (TopoDocument *self, guint index, TopoResource *resource);
void                topo_document_remove_resource   (TopoDocument *self, const char *id);
/* Replaces the resource with the same id. */
void                topo_document_replace_resource  (TopoDocument *self, TopoResource *resource);
void                topo_document_insert_link       (TopoDocument *self, guint index, TopoLink *link);
void                topo_document_remove_link       (TopoDocument *self, guint index);
void                topo_document_replace_link      (TopoDocument *self, guint index, TopoLink *link);
void                topo_document_insert_team       (TopoDocument *self, guint index, TopoTeam *team);
void                topo_document_remove_team       (TopoDocument *self, const char *id);
void                topo_document_replace_team      (TopoDocument *self, TopoTeam *team);
void                topo_document_insert_note       (TopoDocument *self, guint index, TopoNote *note);
void                topo_document_remove_note       (TopoDocument *self, const char *id);
void                topo_document_replace_note      (TopoDocument *self, TopoNote *note);
void                topo_document_set_policy        (TopoDocument *self, TopoPolicy *policy);
void                topo_document_set_lanes         (TopoDocument *self, const char *const *lanes);
void                topo_document_set_name          (TopoDocument *self, const char *name);
/* Used by the loader only: unknown top-level keys. Not recorded in history. */
void                _topo_document_set_extra        (TopoDocument *self, JsonObject *extra);

/* Undo history. Groups nest; only the outermost end_group closes an undo step. An empty group
 * leaves no step. cancel_group reverts everything done since the matching begin_group.
 * Undo and redo are off while a group is open. "can-undo", "can-redo" and "modified" notify
 * whenever their value changes (also when a group opens or closes); "step-committed" is emitted
 * once per step that reaches the history and after each undo and redo. */
void                topo_document_begin_group       (TopoDocument *self, const char *label);
void                topo_document_end_group         (TopoDocument *self);
void                topo_document_cancel_group      (TopoDocument *self);
gboolean            topo_document_can_undo          (TopoDocument *self);
gboolean            topo_document_can_redo          (TopoDocument *self);
const char         *topo_document_get_undo_label    (TopoDocument *self);   /* NULL if none */
const char         *topo_document_get_redo_label    (TopoDocument *self);
gboolean            topo_document_undo              (TopoDocument *self);
gboolean            topo_document_redo              (TopoDocument *self);
guint               topo_document_get_n_undo_steps  (TopoDocument *self);
/* Forget history (after loading). */
void                topo_document_clear_history     (TopoDocument *self);
/* Modified = history position differs from the one marked clean (at load / save). */
gboolean            topo_document_get_modified      (TopoDocument *self);
void                topo_document_mark_clean        (TopoDocument *self);

/* Increments on every change; lets caches (layout, spatial index, validator) know they are stale. */
guint64             topo_document_get_serial        (TopoDocument *self);
/* Like the serial, but left alone by the changes that cannot move anything or reroute a link
 * (topo_change_affects_layout): the layout and the spatial index are keyed on it. */
guint64             topo_document_get_layout_serial (TopoDocument *self);

G_END_DECLS
