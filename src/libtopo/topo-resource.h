/* topo-resource.h: resources, links, teams and policy of a design — plain value structs
 *
 * The document owns them; edits replace a whole struct through the document's mutation API
 * (topo-document.h), so undo keeps the exact previous value. Strings are owned, NULL = absent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "topo-types.h"

G_BEGIN_DECLS

typedef struct
{
  double x, y, w, h;
} TopoRect;

typedef struct
{
  char       *team;   /* team id */
  TopoRole    role;
  JsonObject *extra;  /* unknown keys of the entry, NULL = none */
} TopoAccessEntry;

/* Tags keep the order they had in the file. */
typedef struct
{
  char *key;
  char *value;
} TopoTag;

/* A node count that is absent from the file. */
#define TOPO_COUNT_UNSET G_MININT64

typedef struct _TopoResource TopoResource;

struct _TopoResource
{
  char         *id;
  TopoKind      kind;
  char         *name;            /* Azure name; NULL = same as id */
  GArray       *tags;            /* of TopoTag, NULL = no "tags" key */

  gboolean      has_layout;
  TopoRect      layout;          /* x, y relative to the parent RG (RG: to its lane); w, h for RGs */
  JsonObject   *layout_extra;    /* unknown keys inside "layout", NULL = none */

  char         *group;           /* every kind but RG: id of its resource group */

  /* resource-group */
  char         *region;
  char         *environment;
  char         *team;            /* free text label */
  char         *project;         /* free text label */

  /* resource-group, workspace */
  TopoPurpose   purpose;

  /* workspace */
  GArray       *access;          /* of TopoAccessEntry, NULL = no "access" key */
  char         *storage;         /* associated resources (ids) */
  char         *key_vault;
  char         *app_insights;
  char         *container_registry;

  /* workspace, storage */
  TopoTri       public_network_access;

  /* compute-instance, compute-cluster */
  char         *workspace;
  /* compute-*, aks */
  char         *vm_size;
  /* compute-cluster: min_nodes, max_nodes; aks: node_count. TOPO_COUNT_UNSET = absent; negative
   * counts load (the validator reports them: DEP006) */
  gint64        min_nodes;
  gint64        max_nodes;
  gint64        node_count;

  /* storage */
  TopoData      data;
  TopoLevel     sensitivity;
  char         *sku;
  TopoTri       hns;

  /* referenced, not deployed (workspace, its associated resources, AKS): the export refers to
   * the resource by id and never creates it */
  gboolean      existing;

  JsonObject   *extra;           /* unknown keys, written back in their order; NULL = none */

  /* Runtime only (not saved): absolute bounds in design coordinates, kept by topo-layout. */
  TopoRect      bounds;
  /* Runtime only: position in the document, kept by the document (O(1) index lookups). */
  guint         position;
};

typedef struct
{
  TopoLinkType  type;
  char         *from;
  char         *to;
  TopoAccess    access;          /* datastore only; UNSET = absent (read) */
  char         *compute;         /* inference only: the attached compute's name in the workspace;
                                  * NULL = the AKS cluster's name */
  JsonObject   *extra;
} TopoLink;

typedef struct
{
  char         *id;
  char         *name;
  TopoLevel     data_access;     /* UNSET = absent (internal) */
  TopoTri       external;
  JsonObject   *extra;
  guint         position;        /* runtime only: position in the document */
} TopoTeam;

/* A note left on the diagram (design reviews): free on a lane, or attached to a resource, an RG
 * or a link, whom it follows. Exactly one of region, attach, link_from/link_to is set. */
typedef struct
{
  char         *id;              /* unique among notes and resources */
  char         *text;            /* Markdown-light: **bold**, *italics*, "- " list items */
  char         *author;          /* NULL = absent */
  char         *date;            /* ISO 8601 date or date-time, NULL = absent */
  char         *region;          /* free: the lane's region */
  char         *attach;          /* attached to this resource or RG */
  TopoLinkType  link_type;       /* attached to the link link_type from link_from to link_to */
  char         *link_from;
  char         *link_to;
  /* Free: x, y relative to the lane's content origin (as RGs). Attached: offset of the note's
   * top-left corner from the target's anchor (a resource's top-left corner, a link's midpoint).
   * has_layout FALSE: the default place (right of the target, or the lane's origin). */
  gboolean      has_layout;
  double        x, y;
  JsonObject   *layout_extra;
  JsonObject   *extra;
  /* Runtime only: absolute bounds (topo-layout), position in the document. */
  TopoRect      bounds;
  guint         position;
} TopoNote;

/* The width of a note card in design units; its height follows its text. */
#define TOPO_NOTE_WIDTH 208.0
/* The gap between a target and a note placed by default. */
#define TOPO_NOTE_GAP    24.0

/* policy.rules: a rule's severity overridden, or the rule turned off. */
typedef enum
{
  TOPO_RULE_LEVEL_OFF,
  TOPO_RULE_LEVEL_INFO,
  TOPO_RULE_LEVEL_WARNING,
  TOPO_RULE_LEVEL_ERROR,
  TOPO_N_RULE_LEVELS
} TopoRuleLevel;

typedef struct
{
  char          *rule;
  TopoRuleLevel  level;
} TopoRuleOverride;

/* An accepted finding: the findings of rule whose subjects are these (in any order) are
 * reported as suppressed until expires ("YYYY-MM-DD", NULL = never). */
typedef struct
{
  char       *rule;
  GStrv       subjects;
  char       *justification;
  char       *expires;
  JsonObject *extra;
} TopoSuppression;

/* policy.quotas: dedicated vCPUs a subscription may use in a region, per quota family
 * ({"region", "family", "vcpus"}) or in total ({"region", "total"}: family NULL). */
typedef struct
{
  char       *region;
  char       *family;   /* as written; compared by topo_vm_family_key. NULL = regional total */
  gint64      vcpus;    /* the family's quota, or the total */
  JsonObject *extra;
} TopoQuota;

typedef struct
{
  /* NULL = key absent; the effective value then comes from the defaults below. */
  GStrv          allowed_regions;
  TopoResidency  residency;
  GStrv          required_tags;
  TopoNaming     naming;
  GStrv          environments;
  GStrv          production_environments;
  GArray        *rules;          /* of TopoRuleOverride, in file order; NULL = no "rules" key */
  GArray        *quotas;         /* of TopoQuota, in file order; NULL = no "quotas" key */
  JsonObject    *extra;
  /* The document's top-level "suppressions" (of TopoSuppression, NULL = no such key). They live
   * with the policy in the model, so that adding one is one policy edit (one undo step). */
  GPtrArray     *suppressions;
} TopoPolicy;

/* Size of a resource card (every kind but RG) in design units. */
#define TOPO_CARD_WIDTH  168.0
#define TOPO_CARD_HEIGHT 56.0

TopoResource *topo_resource_new           (TopoKind kind, const char *id);
TopoResource *topo_resource_copy          (const TopoResource *resource);
void          topo_resource_free          (TopoResource *resource);
gboolean      topo_resource_equal         (const TopoResource *a, const TopoResource *b);
const char   *topo_resource_get_name      (const TopoResource *resource); /* name or id */
const char   *topo_resource_get_tag       (const TopoResource *resource, const char *key);
void          topo_resource_set_tag       (TopoResource *resource, const char *key, const char *value);
gboolean      topo_resource_remove_tag    (TopoResource *resource, const char *key);
/* The role of a team on a workspace (the broadest one when listed twice), UNSET if none. */
TopoRole      topo_resource_get_access    (const TopoResource *resource, const char *team);
/* Sets the team's role (replacing every entry of the team), or removes it with TOPO_ROLE_UNSET. */
void          topo_resource_set_access    (TopoResource *resource, const char *team, TopoRole role);
/* Empty arrays with the right clear functions. */
GArray       *topo_tags_array_new         (void);
GArray       *topo_access_array_new       (void);
/* Effective values with the format's defaults applied. */
gboolean      topo_resource_public_network_access (const TopoResource *resource); /* default TRUE */
TopoData      topo_resource_data          (const TopoResource *resource);  /* default NONE */
TopoLevel     topo_resource_sensitivity   (const TopoResource *resource);  /* default INTERNAL */
const char   *topo_resource_sku           (const TopoResource *resource);  /* default Standard_LRS */
gboolean      topo_resource_hns           (const TopoResource *resource);  /* default FALSE */
/* The associated-resource ids of a workspace, in key order storage, key_vault, app_insights,
 * container_registry; entries may be NULL. */
const char   *topo_resource_associated    (const TopoResource *resource, guint index);
char        **topo_resource_associated_slot (TopoResource *resource, guint index);
extern const char *const topo_associated_keys[4];   /* "storage", "key_vault", … */
extern const TopoKind    topo_associated_kinds[4];

TopoLink     *topo_link_new               (TopoLinkType type, const char *from, const char *to);
TopoLink     *topo_link_copy              (const TopoLink *link);
void          topo_link_free              (TopoLink *link);
gboolean      topo_link_equal             (const TopoLink *a, const TopoLink *b);
TopoAccess    topo_link_access            (const TopoLink *link);  /* default READ */

TopoTeam     *topo_team_new               (const char *id);
TopoTeam     *topo_team_copy              (const TopoTeam *team);
void          topo_team_free              (TopoTeam *team);
gboolean      topo_team_equal             (const TopoTeam *a, const TopoTeam *b);
TopoLevel     topo_team_data_access       (const TopoTeam *team);  /* default INTERNAL */
gboolean      topo_team_is_external       (const TopoTeam *team);
const char   *topo_team_get_name          (const TopoTeam *team);  /* name or id */

TopoNote     *topo_note_new               (const char *id, const char *text);
TopoNote     *topo_note_copy              (const TopoNote *note);
void          topo_note_free              (TopoNote *note);
gboolean      topo_note_equal             (const TopoNote *a, const TopoNote *b);
gboolean      topo_note_is_free           (const TopoNote *note);
gboolean      topo_note_on_link           (const TopoNote *note);
/* Makes the note free on region, or attached to a resource (attach) or a link (link != NULL);
 * keeps x, y. */
void          topo_note_set_free          (TopoNote *note, const char *region);
void          topo_note_set_attach        (TopoNote *note, const char *resource_id);
void          topo_note_set_link          (TopoNote *note, const TopoLink *link);
gboolean      topo_note_is_on             (const TopoNote *note, const TopoLink *link);
/* TRUE for "YYYY-MM-DD" or an ISO 8601 date-time ("2026-12-04T10:30:00Z", "…+01:00"). */
gboolean      topo_note_date_is_valid     (const char *text);
/* Pango markup of the Markdown-light text: the text escaped first, then **bold**, *italics*,
 * and "- " / "* " at a line start as bullets. */
char         *topo_note_text_to_markup    (const char *text);
/* The text without the Markdown marks (outline rows, accessible descriptions, diff reports). */
char         *topo_note_text_to_plain     (const char *text);

TopoPolicy   *topo_policy_new             (void);
TopoPolicy   *topo_policy_copy            (const TopoPolicy *policy);
void          topo_policy_free            (TopoPolicy *policy);
gboolean      topo_policy_equal           (const TopoPolicy *a, const TopoPolicy *b);
/* Effective values (never NULL; the returned vectors belong to the policy or are static). */
const char *const *topo_policy_allowed_regions        (const TopoPolicy *policy);
TopoResidency      topo_policy_residency              (const TopoPolicy *policy);
const char *const *topo_policy_required_tags          (const TopoPolicy *policy);
TopoNaming         topo_policy_naming                 (const TopoPolicy *policy);
const char *const *topo_policy_environments           (const TopoPolicy *policy);
const char *const *topo_policy_production_environments (const TopoPolicy *policy);
/* The override of rule, or -1 when the policy has none. */
int                topo_policy_rule_level             (const TopoPolicy *policy, const char *rule);
const char        *topo_rule_level_to_string          (TopoRuleLevel level);   /* "off", "info", … */
/* The declared quota of a family (any spelling) in region, or the regional total with family
 * NULL; -1 when the policy declares none. The last entry wins, as for policy.rules. */
gint64             topo_policy_quota                  (const TopoPolicy *policy, const char *region,
                                                       const char *family);
/* An empty policy.quotas array with its clear function. */
GArray            *topo_quotas_array_new              (void);
int                topo_rule_level_from_string        (const char *str);       /* -1 if unknown */

TopoSuppression   *topo_suppression_new               (const char *rule, const char *const *subjects,
                                                       const char *justification, const char *expires);
TopoSuppression   *topo_suppression_copy              (const TopoSuppression *suppression);
void               topo_suppression_free              (TopoSuppression *suppression);
gboolean           topo_suppression_equal             (const TopoSuppression *a, const TopoSuppression *b);
/* TRUE when text is an ISO date "YYYY-MM-DD" that exists. */
gboolean           topo_date_is_valid                 (const char *text);
/* Position of env in the environments list, or -1. */
int                topo_policy_environment_index      (const TopoPolicy *policy, const char *env);
gboolean           topo_policy_is_production          (const TopoPolicy *policy, const char *env);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoResource, topo_resource_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoLink, topo_link_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoTeam, topo_team_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoNote, topo_note_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoPolicy, topo_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoSuppression, topo_suppression_free)

G_END_DECLS
