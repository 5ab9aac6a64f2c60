/* topo-arm-import-private.h: what the ARM importer's files share — import state, helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "topo-arm-export.h"
#include "topo-arm-import.h"
#include "topo-format.h"
#include "topo-json-reader.h"
#include "topo-layout.h"
#include "topo-regions.h"

G_BEGIN_DECLS

#define MAX_NESTING 16
#define DEFAULT_REGION "westeurope"

typedef struct
{
  char   *name;
  char   *location;
  GArray *tags;         /* of TopoTag */
  char   *environment;
  char   *id;
  char   *path;         /* where the template first names it */
  gboolean used;
} Group;

typedef struct
{
  TopoResource *res;         /* id NULL until the second pass; group = RG name (lower-cased key) */
  char         *rg_key;      /* lower-cased RG name */
  char         *parent;      /* computes: workspace Azure name */
  char         *assoc[4];    /* workspaces: associated resource ids as written */
  char         *assoc_path[4];
  char         *path;
} Item;

typedef enum
{
  REF_DATASTORE,
  REF_INFERENCE,
} RefKind;

typedef struct
{
  RefKind   kind;
  char     *ws_rg;
  char     *ws_name;
  char     *target_rg;      /* NULL = same RG as the workspace, then anywhere */
  char     *target_name;
  char     *compute;        /* inference: the attached compute's own name, when it differs */
  char     *location;       /* inference: the attach's computeLocation (the cluster's region) */
  char     *path;
} Ref;

typedef struct
{
  char     *rg;             /* RG of the deployment holding it (NULL at subscription scope) */
  char     *scope;
  char     *role;           /* role definition GUID */
  char     *principal;
  char     *path;
} RoleAssignment;

typedef struct
{
  const char  *display;
  GPtrArray   *warnings;
  GHashTable  *groups;      /* lower-cased name → Group */
  GPtrArray   *group_order;
  GPtrArray   *items;       /* Item */
  GPtrArray   *refs;        /* Ref */
  GPtrArray   *roles;       /* RoleAssignment */
  char        *default_rg;
  char        *default_location;
  JsonObject  *metadata;    /* metadata.topograph of the root template, may be NULL */
  JsonObject  *references;  /* see TopoArmScope.references */
  GError      *limit_error; /* the first evaluation beyond a limit: the import fails with it */
  const char  *environment; /* --environment: the fallback for resource groups */
  const char  *design_text; /* metadata.topograph.design unescaped, see _topo_design_text() */
} Import;

typedef struct
{
  char  *rg;            /* NULL when the id has no resourceGroups segment */
  char  *type;          /* "Microsoft.Storage/storageAccounts" */
  char **names;         /* one per type level */
} ParsedId;

/* topo-arm-import.c */
void  _topo_warn              (Import *im, const char *path, const char *format, ...)
                               G_GNUC_PRINTF (3, 4);
void  _topo_tag_clear         (gpointer data);
Item *_topo_add_item          (Import *im, TopoKind kind, const char *name, const char *rg,
                               const char *path);
Ref  *_topo_add_ref           (Import *im, RefKind kind, const char *rg, const char *ws_name,
                               const char *target_rg, const char *target_name, const char *path);
void  _topo_import_deployment (Import *im, TopoArmScope *scope, JsonObject *res, const char *path,
                               const char *rg, guint nesting);
void  _topo_walk_resources    (Import *im, TopoArmScope *scope, JsonNode *resources,
                               const char *path, const char *rg, const char *parent_type,
                               const char *parent_name, guint nesting);

/* topo-arm-import-eval.c */
JsonNode   *_topo_eval_node           (Import *im, TopoArmScope *scope, JsonNode *node,
                                       const char *path, GError **error);
JsonNode   *_topo_member              (JsonObject *obj, const char *name);
JsonObject *_topo_member_object       (JsonObject *obj, const char *name);
const char *_topo_literal_string      (JsonObject *obj, const char *name);
char       *_topo_eval_string         (Import *im, TopoArmScope *scope, JsonObject *obj,
                                       const char *name, const char *path);
gboolean    _topo_eval_int            (Import *im, TopoArmScope *scope, JsonObject *obj,
                                       const char *name, const char *path, gint64 *out);
TopoTri     _topo_eval_bool           (Import *im, TopoArmScope *scope, JsonObject *obj,
                                       const char *name, const char *path);
TopoTri     _topo_eval_network_access (Import *im, TopoArmScope *scope, JsonObject *props,
                                       const char *path);
char       *_topo_path_member         (const char *path, const char *name);
char       *_topo_path_index          (const char *path, const char *name, guint index);
char       *_topo_normalise_region    (const char *location);
Group      *_topo_ensure_group        (Import *im, const char *name, const char *location,
                                       const char *path);
GArray     *_topo_eval_tags           (Import *im, TopoArmScope *scope, JsonObject *res,
                                       const char *path);
char       *_topo_take_environment    (GArray *tags);
void        _topo_parsed_id_clear     (ParsedId *id);
gboolean    _topo_parse_resource_id   (const char *text, ParsedId *out);
int         _topo_kind_of_type        (const char *type);

/* topo-arm-import-map.c */
Group *_topo_import_group (Import *im, TopoArmScope *scope, JsonObject *res, const char *name,
                           const char *path);
void _topo_import_resource (Import *im, TopoArmScope *scope, JsonObject *res, const char *path,
                            const char *rg, const char *parent_type, const char *parent_name,
                            guint nesting);

/* topo-arm-import-build.c */
TopoDocument *_topo_build (Import *im);
/* metadata.topograph.design of the parsed template where the json-glib copy of it will find
 * one (an object), else NULL; and its text with the export's escaping undone, as
 * topo_json_to_string() would write a json-glib copy of it unescaped. */
TopoJsonValue *_topo_design_value        (TopoJsonValue *root);
char          *_topo_design_text         (const TopoJsonValue *design);
/* metadata.topograph.design of a Topograph export as a document, or NULL (with a warning when
 * it is there but unreadable). */
TopoDocument *_topo_design_from_metadata (Import *im);
/* design (taken) with what the template states winning; see the README. */
TopoDocument *_topo_reconcile (Import *im, TopoDocument *from_template, TopoDocument *design);

G_END_DECLS
