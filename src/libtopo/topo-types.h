/* topo-types.h: the enumerations of the .topograph format v1 and their spellings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Resource types. The order is the palette order and the order of the legend. */
typedef enum
{
  TOPO_KIND_RESOURCE_GROUP,
  TOPO_KIND_WORKSPACE,
  TOPO_KIND_COMPUTE_INSTANCE,
  TOPO_KIND_COMPUTE_CLUSTER,
  TOPO_KIND_STORAGE,
  TOPO_KIND_KEY_VAULT,
  TOPO_KIND_APP_INSIGHTS,
  TOPO_KIND_CONTAINER_REGISTRY,
  TOPO_KIND_AKS,
  TOPO_N_KINDS
} TopoKind;

typedef enum
{
  TOPO_LINK_DATASTORE,
  TOPO_LINK_INFERENCE,
  TOPO_LINK_PROMOTION,
  TOPO_LINK_REPLICATION,
  TOPO_N_LINK_TYPES
} TopoLinkType;

/* Every optional enum value has 0 = "absent from the file", so a loaded document writes back
 * exactly the keys it had. Readers that need a value use the topo_*_effective() helpers. */
typedef enum
{
  TOPO_PURPOSE_NONE,
  TOPO_PURPOSE_TEAM,
  TOPO_PURPOSE_PROJECT,
  TOPO_PURPOSE_SHARED,
  TOPO_PURPOSE_EXPLORATION,
  TOPO_N_PURPOSES
} TopoPurpose;

/* Data-access levels of teams and sensitivity of storage: public < internal < confidential < restricted */
typedef enum
{
  TOPO_LEVEL_UNSET,
  TOPO_LEVEL_PUBLIC,
  TOPO_LEVEL_INTERNAL,
  TOPO_LEVEL_CONFIDENTIAL,
  TOPO_LEVEL_RESTRICTED,
  TOPO_N_LEVELS
} TopoLevel;

/* Workspace roles: reader < compute-operator < data-scientist < contributor < owner */
typedef enum
{
  TOPO_ROLE_UNSET,
  TOPO_ROLE_READER,
  TOPO_ROLE_COMPUTE_OPERATOR,
  TOPO_ROLE_DATA_SCIENTIST,
  TOPO_ROLE_CONTRIBUTOR,
  TOPO_ROLE_OWNER,
  TOPO_N_ROLES
} TopoRole;

typedef enum
{
  TOPO_DATA_UNSET,
  TOPO_DATA_NONE,
  TOPO_DATA_NON_PRODUCTION,
  TOPO_DATA_PRODUCTION,
  TOPO_N_DATA
} TopoData;

typedef enum
{
  TOPO_ACCESS_UNSET,
  TOPO_ACCESS_READ,
  TOPO_ACCESS_WRITE,
  TOPO_N_ACCESS
} TopoAccess;

typedef enum
{
  TOPO_RESIDENCY_UNSET,
  TOPO_RESIDENCY_NONE,
  TOPO_RESIDENCY_GEOGRAPHY,
  TOPO_RESIDENCY_REGION,
  TOPO_N_RESIDENCY
} TopoResidency;

typedef enum
{
  TOPO_NAMING_UNSET,
  TOPO_NAMING_AZURE,
  TOPO_NAMING_CAF,
  TOPO_N_NAMING
} TopoNaming;

/* Optional booleans: absent, false or true. */
typedef enum
{
  TOPO_TRI_UNSET = -1,
  TOPO_TRI_FALSE = 0,
  TOPO_TRI_TRUE = 1
} TopoTri;

/* Spellings in the file ("resource-group", "compute-operator", …). Index 0 of the optional enums
 * is NULL. from_string returns -1 for an unknown spelling. */
const char  *topo_kind_to_string        (TopoKind kind);
int          topo_kind_from_string      (const char *str);
const char  *topo_kind_display_name     (TopoKind kind);   /* translated, "Resource group" */
/* Translated, lower case, with its article, for use inside sentences: "an AKS cluster". */
const char  *topo_kind_indefinite_name  (TopoKind kind);
const char  *topo_link_type_to_string   (TopoLinkType type);
int          topo_link_type_from_string (const char *str);
const char  *topo_link_type_display_name (TopoLinkType type);
const char  *topo_purpose_to_string     (TopoPurpose purpose);
int          topo_purpose_from_string   (const char *str);
const char  *topo_level_to_string       (TopoLevel level);
int          topo_level_from_string     (const char *str);
const char  *topo_role_to_string        (TopoRole role);
int          topo_role_from_string      (const char *str);
const char  *topo_data_to_string        (TopoData data);
int          topo_data_from_string      (const char *str);
const char  *topo_access_to_string      (TopoAccess access);
int          topo_access_from_string    (const char *str);
const char  *topo_residency_to_string   (TopoResidency residency);
int          topo_residency_from_string (const char *str);
const char  *topo_naming_to_string      (TopoNaming naming);
int          topo_naming_from_string    (const char *str);

/* The link type the format allows between two resource kinds, or -1 when none does.
 * workspace→storage = datastore, workspace→aks = inference, workspace→workspace = promotion,
 * storage→storage = replication. */
int          topo_link_type_for_kinds   (TopoKind from, TopoKind to);
gboolean     topo_link_type_allows      (TopoLinkType type, TopoKind from, TopoKind to);

/* Identifier pattern of resource and team ids: [A-Za-z0-9._-]+ */
gboolean     topo_id_is_valid           (const char *id);

/* Kinds that carry a workspace reference (compute instance, compute cluster). */
gboolean     topo_kind_is_compute       (TopoKind kind);

G_END_DECLS
