/* topo-arm-export.h: a design as one subscription-scope ARM template (see shared/design/ARM.md)
 *
 * Team parameters: ARM parameter names must be identifiers, team ids may contain '.' and '-'. A
 * team id is mapped by dropping every '.', '-' and '_' and upper-casing the character after it
 * ("data-eng.v2" → "dataEngV2"); an id starting with a digit gets the prefix "team"; a name
 * already taken by an earlier team (document order) gets "2", "3", … appended. The parameter is
 * "<mapped>PrincipalId". The template's metadata.topograph.teams records the mapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_ARM_SUBSCRIPTION_SCHEMA \
  "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
#define TOPO_ARM_DEPLOYMENT_SCHEMA \
  "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

/* Role definition GUIDs (built-in roles). */
#define TOPO_ARM_ROLE_STORAGE_BLOB_READER      "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
#define TOPO_ARM_ROLE_STORAGE_BLOB_CONTRIBUTOR "ba92f5b4-2d11-453d-a403-e96b0029c9fe"

/* GUID of the built-in role for a workspace role, NULL for UNSET. */
const char *topo_arm_role_guid           (TopoRole role);
/* The workspace role of a GUID (case-insensitive), TOPO_ROLE_UNSET if not one of them. */
TopoRole    topo_arm_role_from_guid      (const char *guid);

/* The template; deterministic (same document → same tree). */
JsonNode   *topo_arm_export              (TopoDocument *doc);
/* The template as canonical JSON text (topo_json_to_string), trailing newline included. */
char       *topo_arm_export_to_string    (TopoDocument *doc);
/* Checks the template against Azure's documented limits: at most 800 resources and 4 MB per
 * template (nested deployments' resources included). With text NULL, before exporting: a design
 * of more than 800 resources is refused without building anything; with the exported text, its
 * size and resource count. Errors are TOPO_ARM_ERROR_LIMIT and name the limit. */
/* What the export writes for a value the design leaves unset (the inspector shows these). */
#define TOPO_ARM_DEFAULT_VM_SIZE   "Standard_DS3_v2"
#define TOPO_ARM_DEFAULT_MIN_NODES 0
#define TOPO_ARM_DEFAULT_MAX_NODES 4
#define TOPO_ARM_DEFAULT_AKS_NODES 3

#define TOPO_ARM_MAX_TEMPLATE_RESOURCES 800
#define TOPO_ARM_MAX_TEMPLATE_BYTES     (4 * 1024 * 1024)
gboolean    topo_arm_export_check_limits (TopoDocument *doc, const char *text, GError **error);
/* Writes the text (topo-file.h: atomic, through symbolic links). Callers that hand the template
 * to people (the CLI, the application) check the limits first. */
gboolean    topo_arm_export_to_file      (TopoDocument *doc, const char *path, GError **error);

/* "<mapped team id>PrincipalId" for every team (mapping above); team id → parameter name. */
GHashTable *topo_arm_team_parameters     (TopoDocument *doc);

G_END_DECLS
