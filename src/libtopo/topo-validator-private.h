/* topo-validator-private.h: what the rule families share — one run's indexes and the helpers
 * that create diagnostics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-validator.h"
#include "topo-regions.h"

G_BEGIN_DECLS

/* What a diagnostic's fix does (TopoDiagnostic.fix_kind); the fix applies to the subjects. */
typedef enum
{
  TOPO_FIX_NONE,
  TOPO_FIX_REMOVE_LINK,       /* subjects[0] → subjects[1]; fix_arg: link type */
  TOPO_FIX_LINK_READ_ONLY,    /* datastore link subjects[0] → subjects[1] */
  TOPO_FIX_REVERSE_LINK,      /* promotion link subjects[0] → subjects[1] */
  TOPO_FIX_SET_PROPERTIES,    /* subjects[0]; fix_arg: lines "key=value" or "key" (removes) */
  TOPO_FIX_REPARENT,          /* subjects[0] into the RG fix_arg */
  TOPO_FIX_SET_ROLE,          /* team subjects[1] on workspace subjects[0]; fix_arg: role, NULL removes */
  TOPO_FIX_ADD_TAGS,          /* subjects[0]; fix_arg: keys, one a line */
  TOPO_FIX_UNIFY_TAG,         /* every subject; fix_arg: "key\nvalue" */
  TOPO_FIX_MOVE_GROUP_REGION, /* RG subjects[0] to region fix_arg */
  TOPO_FIX_REMOVE_SUPPRESSION, /* fix_arg: "rule\nsubject\n…" of the suppression;
                                * TOPO_FIX_REMOVE_RULE_OVERRIDE: fix_arg the rule */
  TOPO_FIX_REMOVE_RULE_OVERRIDE,
  TOPO_FIX_SET_MAX_NODES,     /* fix_arg: lines "cluster id=max_nodes" */
  TOPO_FIX_SET_LINK_COMPUTE,  /* inference link subjects[0] → subjects[1]; fix_arg: compute name */
} TopoFixKind;

/* Placeholder value of tags added by the TAG001 fix: visibly something to fill in. */
#define TOPO_TAG_PLACEHOLDER "unset"

/* Pointer → index map (open addressing). The document's own *_index() lookups scan its array,
 * so a run maps the pointers from its O(1) id lookups to indexes itself. */
typedef struct
{
  int                 *slots;   /* index into items, -1 = empty: 4 bytes a slot keeps the table in L2 */
  gsize                mask;
  const gconstpointer *items;   /* index → pointer */
} TopoPtrIndex;

/* Scratch memory of one run. The per-run arrays (about 150 bytes per resource) come from one
 * block kept per thread between runs, so repeated validations (the GUI's, after every edit) do
 * not page-fault fresh memory in each time. Nothing in it outlives a run. */
typedef struct _TopoArena TopoArena;

/* One validation run: every index is built once, in O(resources + links), before the rules run. */
typedef struct
{
  TopoDocument        *doc;
  const TopoPolicy    *policy;
  TopoArena           *arena;
  GPtrArray           *out;           /* of TopoDiagnostic */

  guint                n_resources;
  guint                n_links;
  guint                n_teams;
  guint                n_environments;

  /* Per resource index */
  const TopoResource **res;
  int                 *rg;            /* index of its RG (itself for an RG), -1 when none */
  int                 *env;           /* index in policy.environments of its RG's environment, -1 when absent/unknown */
  guint8              *prod;          /* env >= 0 and production */
  const char         **region;        /* its RG's region, NULL without RG */
  const TopoRegion   **region_info;   /* azure-regions.tsv row of region, NULL when unknown */

  int                 *assoc;         /* workspaces: 4 per resource, indexes of storage, key vault,
                                       * app insights, container registry (-1 = none) */
  int                 *workspace;     /* computes: index of its workspace, -1 when none */

  /* Resource indexes grouped by kind (document order inside a kind): by_kind[kind_off[k] ..
   * kind_off[k + 1]). Rules about one kind walk only those, not every resource. */
  guint               *by_kind;
  guint                kind_off[TOPO_N_KINDS + 1];
  /* Non-RG resources without a group (DEP001) */
  GArray              *ungrouped;

  /* Per link index */
  int                 *link_from;
  int                 *link_to;

  /* Datastore links leaving each resource (CSR): link indexes ds_links[ds_off[i] .. ds_off[i+1]) */
  guint               *ds_off;
  guint               *ds_links;

  TopoPtrIndex         team_index;
  /* topo_validation_team_roles: where a team sits in the current list (valid when its stamp is
   * the current call's), so long access lists dedupe in linear time */
  guint               *team_stamp;
  guint               *team_pos;
  guint                team_call;

  /* region → index of the first production RG there (doc order) */
  GHashTable          *prod_rg_by_region;
  /* index of the first RG, -1 when none */
  int                  first_rg;

  /* per RG index: bit 1 it holds an existing resource, bit 2 one the export deploys (computes
   * aside); 1 alone = a group the export references, not declares (TAG001) */
  guint8              *rg_holds;

  /* topo_validate_export_blockers: overrides of rules that block the export are ignored */
  gboolean             for_export;

  /* private to topo-rules-naming.c */
  gpointer             naming;
} TopoValidation;

/* The model is pointer-rich (every string its own allocation) and a 10 000-resource design does
 * not fit in L2: the per-resource passes prefetch a few resources ahead so that the cache misses
 * overlap instead of queueing. */
#if defined(__GNUC__)
#define TOPO_PREFETCH(p) __builtin_prefetch (p)
#else
#define TOPO_PREFETCH(p) ((void) (p))
#endif
#define TOPO_PREFETCH_DISTANCE 24

/* Iterates i over the resources of kinds first..last (enum order), document order per kind;
 * i_k is i's position in by_kind (for looking ahead). */
#define TOPO_FOREACH_OF_KINDS(v, first, last, i) \
  for (guint i##_k = (v)->kind_off[first], i = 0; \
       i##_k < (v)->kind_off[(last) + 1] && ((i = (v)->by_kind[i##_k]), TRUE); i##_k++)
#define TOPO_FOREACH_OF_KIND(v, kind, i) TOPO_FOREACH_OF_KINDS (v, kind, kind, i)

/* Uninitialised (alloc) or zeroed (alloc0) scratch memory, 16-byte aligned, freed with the run. */
gpointer         topo_validation_alloc      (TopoValidation *v, gsize size);
gpointer         topo_validation_alloc0     (TopoValidation *v, gsize size);
#define topo_validation_new(v, type, n)  ((type *) topo_validation_alloc ((v), sizeof (type) * (gsize) (n)))
#define topo_validation_new0(v, type, n) ((type *) topo_validation_alloc0 ((v), sizeof (type) * (gsize) (n)))

/* Index of the resource (team) with that id, -1 when none; O(1). */
int              topo_validation_index      (TopoValidation *v, const char *id);
int              topo_validation_team_index (TopoValidation *v, const char *id);

/* A workspace's access list with each team once, at its broadest role. */
typedef struct
{
  int          team;    /* team index */
  TopoRole     role;
} TopoTeamRole;

/* Fills scratch (of TopoTeamRole) for workspace index ws; unknown teams are skipped. */
void             topo_validation_team_roles (TopoValidation *v, guint ws, GArray *scratch);

/* Creates a diagnostic (message is taken), subjects are a NULL-terminated list of ids. */
TopoDiagnostic  *topo_validation_add        (TopoValidation *v, const char *rule,
                                             TopoSeverity severity, char *message,
                                             const char *first_subject, ...) G_GNUC_NULL_TERMINATED;
TopoDiagnostic  *topo_validation_addv       (TopoValidation *v, const char *rule,
                                             TopoSeverity severity, char *message,
                                             GPtrArray *subjects);
/* Sets the fix; label and arg are taken. */
void             topo_diagnostic_set_fix    (TopoDiagnostic *d, TopoFixKind kind, char *label,
                                             char *arg);
/* "specific. why" with why the rule's translated one-sentence reason. */
char            *topo_validation_message    (const char *rule, const char *format, ...) G_GNUC_PRINTF (2, 3);
const char      *topo_rule_why              (const char *rule);

static inline const char *
topo_validation_name (TopoValidation *v, int index)
{
  return topo_resource_get_name (v->res[index]);
}

/* The rule families, run in this order (order does not matter: the output is sorted). */
void topo_rules_segregation   (TopoValidation *v);
void topo_rules_access        (TopoValidation *v);
void topo_rules_regions       (TopoValidation *v);
void topo_rules_naming        (TopoValidation *v);
/* The naming family also checks each resource during the validator's single pass over the
 * resource structs (before RGs are resolved: these checks need no RG). */
void topo_rules_naming_begin    (TopoValidation *v);
void topo_rules_naming_resource (TopoValidation *v, guint i, const TopoResource *r);
void topo_rules_deployability (TopoValidation *v);
void topo_rules_security      (TopoValidation *v);
void topo_rules_capacity      (TopoValidation *v);

G_END_DECLS
