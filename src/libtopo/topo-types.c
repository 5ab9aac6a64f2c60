/* topo-types.c: spellings of the format's enumerations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-types"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-types.h"

static const char *const kind_names[TOPO_N_KINDS] = {
  "resource-group", "workspace", "compute-instance", "compute-cluster", "storage",
  "key-vault", "app-insights", "container-registry", "aks",
};
static const char *const link_names[TOPO_N_LINK_TYPES] = {
  "datastore", "inference", "promotion", "replication",
};
static const char *const purpose_names[TOPO_N_PURPOSES] = {
  NULL, "team", "project", "shared", "exploration",
};
static const char *const level_names[TOPO_N_LEVELS] = {
  NULL, "public", "internal", "confidential", "restricted",
};
static const char *const role_names[TOPO_N_ROLES] = {
  NULL, "reader", "compute-operator", "data-scientist", "contributor", "owner",
};
static const char *const data_names[TOPO_N_DATA] = {
  NULL, "none", "non-production", "production",
};
static const char *const access_names[TOPO_N_ACCESS] = { NULL, "read", "write" };
static const char *const residency_names[TOPO_N_RESIDENCY] = { NULL, "none", "geography", "region" };
static const char *const naming_names[TOPO_N_NAMING] = { NULL, "azure", "caf" };

static int
lookup (const char *const *names,
        int         n,
        const char *str)
{
  if (str == NULL)
    return -1;
  for (int i = 0; i < n; i++)
    if (names[i] != NULL && strcmp (names[i], str) == 0)
      return i;
  return -1;
}

static const char *
name_of (const char *const *names,
         int         n,
         int         value)
{
  return value >= 0 && value < n ? names[value] : NULL;
}

#define DEFINE_SPELLING(prefix, Type, names, n)                                   \
  const char *prefix##_to_string (Type value) { return name_of (names, n, value); } \
  int prefix##_from_string (const char *str) { return lookup (names, n, str); }

DEFINE_SPELLING (topo_kind, TopoKind, kind_names, TOPO_N_KINDS)
DEFINE_SPELLING (topo_link_type, TopoLinkType, link_names, TOPO_N_LINK_TYPES)
DEFINE_SPELLING (topo_purpose, TopoPurpose, purpose_names, TOPO_N_PURPOSES)
DEFINE_SPELLING (topo_level, TopoLevel, level_names, TOPO_N_LEVELS)
DEFINE_SPELLING (topo_role, TopoRole, role_names, TOPO_N_ROLES)
DEFINE_SPELLING (topo_data, TopoData, data_names, TOPO_N_DATA)
DEFINE_SPELLING (topo_access, TopoAccess, access_names, TOPO_N_ACCESS)
DEFINE_SPELLING (topo_residency, TopoResidency, residency_names, TOPO_N_RESIDENCY)
DEFINE_SPELLING (topo_naming, TopoNaming, naming_names, TOPO_N_NAMING)

const char *
topo_kind_display_name (TopoKind kind)
{
  switch (kind)
    {
    case TOPO_KIND_RESOURCE_GROUP: return _("Resource group");
    case TOPO_KIND_WORKSPACE: return _("Workspace");
    case TOPO_KIND_COMPUTE_INSTANCE: return _("Compute instance");
    case TOPO_KIND_COMPUTE_CLUSTER: return _("Compute cluster");
    case TOPO_KIND_STORAGE: return _("Storage account");
    case TOPO_KIND_KEY_VAULT: return _("Key vault");
    case TOPO_KIND_APP_INSIGHTS: return _("Application Insights");
    case TOPO_KIND_CONTAINER_REGISTRY: return _("Container registry");
    case TOPO_KIND_AKS: return _("AKS cluster");
    case TOPO_N_KINDS:
    default: return NULL;
    }
}

const char *
topo_kind_indefinite_name (TopoKind kind)
{
  switch (kind)
    {
    case TOPO_KIND_RESOURCE_GROUP: return _("a resource group");
    case TOPO_KIND_WORKSPACE: return _("a workspace");
    case TOPO_KIND_COMPUTE_INSTANCE: return _("a compute instance");
    case TOPO_KIND_COMPUTE_CLUSTER: return _("a compute cluster");
    case TOPO_KIND_STORAGE: return _("a storage account");
    case TOPO_KIND_KEY_VAULT: return _("a key vault");
    case TOPO_KIND_APP_INSIGHTS: return _("an Application Insights resource");
    case TOPO_KIND_CONTAINER_REGISTRY: return _("a container registry");
    case TOPO_KIND_AKS: return _("an AKS cluster");
    case TOPO_N_KINDS:
    default: return NULL;
    }
}

const char *
topo_link_type_display_name (TopoLinkType type)
{
  switch (type)
    {
    case TOPO_LINK_DATASTORE: return _("Datastore");
    case TOPO_LINK_INFERENCE: return _("Inference");
    case TOPO_LINK_PROMOTION: return _("Promotion");
    case TOPO_LINK_REPLICATION: return _("Replication");
    case TOPO_N_LINK_TYPES:
    default: return NULL;
    }
}

int
topo_link_type_for_kinds (TopoKind from,
                          TopoKind to)
{
  for (int t = 0; t < TOPO_N_LINK_TYPES; t++)
    if (topo_link_type_allows (t, from, to))
      return t;
  return -1;
}

gboolean
topo_link_type_allows (TopoLinkType type,
                       TopoKind     from,
                       TopoKind     to)
{
  switch (type)
    {
    case TOPO_LINK_DATASTORE: return from == TOPO_KIND_WORKSPACE && to == TOPO_KIND_STORAGE;
    case TOPO_LINK_INFERENCE: return from == TOPO_KIND_WORKSPACE && to == TOPO_KIND_AKS;
    case TOPO_LINK_PROMOTION: return from == TOPO_KIND_WORKSPACE && to == TOPO_KIND_WORKSPACE;
    case TOPO_LINK_REPLICATION: return from == TOPO_KIND_STORAGE && to == TOPO_KIND_STORAGE;
    case TOPO_N_LINK_TYPES:
    default: return FALSE;
    }
}

gboolean
topo_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
topo_kind_is_compute (TopoKind kind)
{
  return kind == TOPO_KIND_COMPUTE_INSTANCE || kind == TOPO_KIND_COMPUTE_CLUSTER;
}
