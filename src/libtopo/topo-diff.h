/* topo-diff.h: the semantic difference between two versions of a design
 *
 * Resources, teams and links are matched by id, then (for the ones left over on both sides) by
 * type and name, so a design whose ids were regenerated (an ARM import) still diffs by meaning.
 * References in OLD (groups, workspaces, link ends, associated resources, access teams) are
 * translated to the ids of NEW through that matching before they are compared. The findings of
 * the validator are compared too. Linear in the size of both designs (hash tables).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"
#include "topo-validator.h"

G_BEGIN_DECLS

/* In report order: a report lists the kinds in this order (new findings lead). */
typedef enum
{
  TOPO_DIFF_FINDING_ADDED,      /* a finding NEW has and OLD had not */
  TOPO_DIFF_FINDING_REMOVED,    /* resolved: OLD had it, NEW has not */
  TOPO_DIFF_RESOURCE_ADDED,
  TOPO_DIFF_RESOURCE_REMOVED,
  TOPO_DIFF_RESOURCE_RENAMED,   /* same resource, new Azure name */
  TOPO_DIFF_RESOURCE_MOVED,     /* key "group" (another RG) or "region" (an RG to another region) */
  TOPO_DIFF_RESOURCE_CHANGED,   /* key: a property ("sku"), "tags.KEY", "id", or an unknown key */
  TOPO_DIFF_ACCESS_GRANTED,     /* id: the workspace, key: the team; roles in old/new_value */
  TOPO_DIFF_ACCESS_WIDENED,
  TOPO_DIFF_ACCESS_NARROWED,
  TOPO_DIFF_ACCESS_REVOKED,
  TOPO_DIFF_LINK_ADDED,
  TOPO_DIFF_LINK_REMOVED,
  TOPO_DIFF_LINK_CHANGED,       /* key "access" or an unknown key */
  TOPO_DIFF_TEAM_ADDED,
  TOPO_DIFF_TEAM_REMOVED,
  TOPO_DIFF_TEAM_CHANGED,       /* key "name", "data_access", "external", "id" or an unknown key */
  TOPO_DIFF_POLICY_CHANGED,     /* key: the policy key */
  TOPO_DIFF_DESIGN_CHANGED,     /* key "name" or an unknown top-level key */
  TOPO_DIFF_NOTE_ADDED,         /* id: the note, name: its text, parent: where it is */
  TOPO_DIFF_NOTE_REMOVED,
  TOPO_DIFF_NOTE_CHANGED,       /* key "text", "author", "date" or an unknown key */
  TOPO_DIFF_NOTE_MOVED,         /* key "attach" (reattached: what it is on, as parent) or
                                 * "layout" (moved on the canvas; left out by IGNORE_LAYOUT) */
  TOPO_DIFF_LAYOUT_MOVED,       /* a pure layout change: key "layout" (id set) or "lanes" */
  TOPO_N_DIFF_KINDS
} TopoDiffKind;

typedef struct
{
  TopoDiffKind  kind;
  /* The resource or team (the workspace for access changes): its id in NEW, or in OLD when it
   * was removed. NULL for links, policy, design and findings. */
  char         *id;
  char         *old_id;         /* its id in OLD when matched by name with another id, else NULL */
  int           resource_kind;  /* TopoKind of the resource, -1 otherwise */
  char         *name;           /* Azure name of the resource, name of the team; NULL otherwise */
  char         *parent;         /* added / removed resources: the RG (the region for an RG);
                                 * notes: what the note is on ("lane westeurope", an id, a link) */
  char         *key;            /* see the kinds */
  char         *old_value;      /* text form; NULL = absent (or not applicable) */
  char         *new_value;
  /* Links (ids in NEW, in OLD for a removed link) and their position in that document. */
  int           link_type;      /* TopoLinkType, -1 otherwise */
  char         *from;
  char         *to;
  guint         link_index;
  /* Findings. Subjects are ids of NEW (OLD's ids translated) for both kinds. */
  const char   *rule;
  TopoSeverity  severity;
  char         *message;
  GStrv         subjects;
} TopoDiffChange;

typedef struct
{
  GPtrArray *changes;                    /* of TopoDiffChange, in report order */
  guint      counts[TOPO_N_DIFF_KINDS];
  guint      new_by_severity[3];         /* FINDING_ADDED per TopoSeverity */
} TopoDiff;

typedef enum
{
  TOPO_DIFF_FLAGS_NONE     = 0,
  TOPO_DIFF_IGNORE_LAYOUT  = 1 << 0,     /* leave out LAYOUT_MOVED */
  TOPO_DIFF_NO_FINDINGS    = 1 << 1,     /* do not run the validator */
} TopoDiffFlags;

TopoDiff    *topo_diff_compute        (TopoDocument *old_doc, TopoDocument *new_doc,
                                       TopoDiffFlags flags);
void         topo_diff_free           (TopoDiff *diff);
gboolean     topo_diff_is_empty       (const TopoDiff *diff);
/* "resource-added", … (the JSON spelling). */
const char  *topo_diff_kind_to_string (TopoDiffKind kind);
/* The translated title of the report section that lists kind ("New findings", "Resources", …). */
const char  *topo_diff_section_title  (TopoDiffKind kind);
/* One translated line that says what changed ("storage st-x: sku Standard_LRS → Standard_ZRS"). */
char        *topo_diff_change_describe (const TopoDiffChange *change);
/* "3 resources added, 1 new error, …" or "no changes". Translated. */
char        *topo_diff_summary        (const TopoDiff *diff);

/* Reports. old_label / new_label name the two versions (file paths, "REV:path"). */
char        *topo_diff_to_text        (const TopoDiff *diff, const char *old_label,
                                       const char *new_label, gboolean color);
char        *topo_diff_to_json        (const TopoDiff *diff, const char *old_label,
                                       const char *new_label);
char        *topo_diff_to_markdown    (const TopoDiff *diff, const char *old_label,
                                       const char *new_label);

/* A stable, line-oriented rendering of one design for git's textconv: one fact per line,
 * resources grouped under their RG, findings and layout last, so that `git diff` of two such
 * renderings shows the semantic changes. */
char        *topo_diff_textconv       (TopoDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoDiff, topo_diff_free)

G_END_DECLS
