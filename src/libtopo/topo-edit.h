/* topo-edit.h: user-level edits, each one undo step
 *
 * Every function opens its own group, so a call is one undo step; callers wrapping several calls
 * in topo_document_begin_group/end_group get one step for all of them (one gesture = one step).
 * Functions that can be refused return FALSE with a TOPO_EDIT_ERROR saying why, and change nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_EDIT_ERROR (topo_edit_error_quark ())
GQuark topo_edit_error_quark (void);

typedef enum
{
  TOPO_EDIT_ERROR_NOT_FOUND,
  TOPO_EDIT_ERROR_INVALID_VALUE,
  TOPO_EDIT_ERROR_NOT_ALLOWED,
} TopoEditError;

/* Adds a resource of kind with a fresh id derived from its kind; for non-RG kinds group is the
 * RG (required), for an RG region is required. x, y are relative to the RG (to the lane for an
 * RG). Computes get the first workspace of the RG, or the refusal explains that one is needed.
 * Returns the new id (owned by the document) or NULL. */
const char *topo_edit_add_resource   (TopoDocument *doc, TopoKind kind, const char *group,
                                      const char *region, double x, double y, GError **error);
/* Removes the resources, their links, their children (an RG's resources, a workspace's computes)
 * and clears references to them (associated resources). */
void        topo_edit_remove         (TopoDocument *doc, const char *const *ids);
/* Moves by dx, dy in design units (layout coordinates). */
void        topo_edit_move           (TopoDocument *doc, const char *const *ids, double dx, double dy);
/* Sets an RG's layout rectangle (relative to its lane). */
gboolean    topo_edit_resize_group   (TopoDocument *doc, const char *id, const TopoRect *rect,
                                      GError **error);
/* Moves an RG into another lane: changes its region and position (relative to the new lane). */
gboolean    topo_edit_move_group_to_region (TopoDocument *doc, const char *id, const char *region,
                                            double x, double y, GError **error);
/* Moves a non-RG resource into another RG at x, y (relative to the new RG). */
gboolean    topo_edit_reparent       (TopoDocument *doc, const char *id, const char *group,
                                      double x, double y, GError **error);

/* Sets one key of a resource from its file spelling: value NULL removes the key. Keys: name,
 * region, environment, purpose, team, project, group, workspace, vm_size, min_nodes, max_nodes,
 * node_count, data, sensitivity, sku, hns, public_network_access, storage, key_vault,
 * app_insights, container_registry. Values are checked as the loader checks them. */
gboolean    topo_edit_set_property   (TopoDocument *doc, const char *id, const char *key,
                                      const char *value, GError **error);
gboolean    topo_edit_set_tag        (TopoDocument *doc, const char *id, const char *key,
                                      const char *value, GError **error);  /* value NULL removes */
/* Sets (role != UNSET) or removes (UNSET) a team's access entry on a workspace. */
gboolean    topo_edit_set_access     (TopoDocument *doc, const char *workspace, const char *team,
                                      TopoRole role, GError **error);
/* Replaces a resource with an edited copy (the general "set property"); refuses a copy that the
 * loader would refuse. Ownership of resource moves to the document either way. */
gboolean    topo_edit_replace        (TopoDocument *doc, TopoResource *resource, GError **error);

/* Links: the type is inferred from the endpoint kinds; refused for pairs the format forbids and
 * for a link that already exists. */
gboolean    topo_edit_connect        (TopoDocument *doc, const char *from, const char *to,
                                      TopoAccess access, GError **error);
gboolean    topo_edit_disconnect     (TopoDocument *doc, guint link_index, GError **error);
gboolean    topo_edit_set_link_access (TopoDocument *doc, guint link_index, TopoAccess access,
                                       GError **error);
/* The name an inference link attaches its AKS cluster under in the workspace ("compute"); NULL
 * goes back to the cluster's own name. */
gboolean    topo_edit_set_link_compute (TopoDocument *doc, guint link_index, const char *compute,
                                        GError **error);

/* Teams and policy. Removing a team also removes its access entries. */
gboolean    topo_edit_add_team       (TopoDocument *doc, TopoTeam *team, GError **error);
gboolean    topo_edit_replace_team   (TopoDocument *doc, TopoTeam *team, GError **error);
void        topo_edit_remove_team    (TopoDocument *doc, const char *id);
/* Changes a team's id, keeping its place and every access entry that names it (one step). */
gboolean    topo_edit_rename_team    (TopoDocument *doc, const char *old_id, const char *new_id,
                                      GError **error);
void        topo_edit_set_policy     (TopoDocument *doc, TopoPolicy *policy);
/* Sets a region's quota for a VM family (matched in any spelling), or its regional total with
 * family NULL; vcpus TOPO_QUOTA_UNSET removes it. Refuses an empty region or family and vcpus
 * outside 0…G_MAXINT32 (the loader's range). A new quota goes after the others. */
#define TOPO_QUOTA_UNSET (-1)
gboolean    topo_edit_set_quota      (TopoDocument *doc, const char *region, const char *family,
                                      gint64 vcpus, GError **error);
void        topo_edit_set_lanes      (TopoDocument *doc, const char *const *lanes);
void        topo_edit_set_name       (TopoDocument *doc, const char *name);

/* Notes. Notes and resources share one id space, so topo_edit_remove and topo_edit_move take
 * note ids too: a moved note keeps its attachment (its offset changes) unless what it is attached
 * to moves as well (it follows that). Deleting a resource, RG or link leaves the notes attached
 * to it where they are, free on their lane (undo attaches them again). */
/* Adds note (ownership moves to the document); a NULL id gets a fresh "note", "note-2", ….
 * Refused for a missing target, a bad date or a used id. Returns the id or NULL. */
const char *topo_edit_add_note       (TopoDocument *doc, TopoNote *note, GError **error);
/* The general note edit: replaces the note with the same id (ownership moves either way). */
gboolean    topo_edit_replace_note   (TopoDocument *doc, TopoNote *note, GError **error);
gboolean    topo_edit_set_note_text  (TopoDocument *doc, const char *id, const char *text,
                                      GError **error);
/* NULL or "" removes the author / date; a date is ISO 8601 (topo_note_date_is_valid). */
gboolean    topo_edit_set_note_author (TopoDocument *doc, const char *id, const char *author,
                                       GError **error);
gboolean    topo_edit_set_note_date  (TopoDocument *doc, const char *id, const char *date,
                                      GError **error);
/* Attaches the note to the resource target, or to link link_index (target NULL), or makes it
 * free on the lane under it (target NULL, link_index -1). The note stays where it is. */
gboolean    topo_edit_attach_note    (TopoDocument *doc, const char *id, const char *target,
                                      int link_index, GError **error);

/* Layout invariants hold after every edit (the document restores them before a step closes):
 * cards inside their group's content area, groups big enough for their cards, groups in a lane
 * apart. This applies them to a whole document as one step: an import or a generated design
 * gets them at once; a loaded file stays as written (the CLI and diff see the file) and the
 * window applies them when it opens it. */
void        topo_edit_enforce_all    (TopoDocument *doc);

G_END_DECLS
