/* topo-arm-import.h: an existing ARM template as a design
 *
 * Reads resource-group and subscription-scope templates, nested inline deployments included;
 * maps the Azure ML resource types to design resources, links and teams, evaluates the
 * expression subset of topo-arm-expr.h and lays the result out automatically. Everything it
 * cannot map is reported in warnings (never fatal); only input that is not JSON or not an ARM
 * template is an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "topo-arm-expr.h"
#include "topo-document.h"

G_BEGIN_DECLS

/* One thing the importer skipped or guessed. */
typedef struct
{
  char *path;      /* JSON path, "$.resources[2].properties.template.resources[0].name" */
  char *message;   /* translated */
} TopoArmWarning;

void            topo_arm_warning_free   (TopoArmWarning *warning);
/* "FILE: JSONPATH: message" */
char           *topo_arm_warning_format (const TopoArmWarning *warning, const char *display_name);

/* warnings: if not NULL, receives TopoArmWarning* (create it with
 * g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free)).
 * display_name names the input in errors ("FILE: $.resources: …") and, sanitised, the resource
 * group used for resources of an RG-scope template. Errors are TOPO_ARM_ERROR. */
TopoDocument   *topo_arm_import_data    (const char *data, gssize length, const char *display_name,
                                         GPtrArray *warnings, GError **error);
TopoDocument   *topo_arm_import_path    (const char *path, GPtrArray *warnings, GError **error);

/* What a deployment would be given besides the template. */
typedef struct
{
  /* Parameter values (name → value node), as in a parameters file; they win over defaultValue
   * in resource conditions and every other expression. NULL = the defaults only. */
  JsonObject *parameters;
  /* The environment of resource groups whose environment tag and CAF name parts say nothing;
   * NULL = none. */
  const char *environment;
} TopoArmImportOptions;

TopoDocument   *topo_arm_import_data_full (const char *data, gssize length, const char *display_name,
                                           const TopoArmImportOptions *options, GPtrArray *warnings,
                                           GError **error);
TopoDocument   *topo_arm_import_path_full (const char *path, const TopoArmImportOptions *options,
                                           GPtrArray *warnings, GError **error);
/* Reads an ARM parameters file ({"parameters": {"name": {"value": …}}}); returns name → value.
 * Key Vault references ({"reference": …}) cannot be resolved offline: they are left out and
 * listed in warnings. Errors (TOPO_ARM_ERROR) name the file and the JSON path. */
JsonObject     *topo_arm_parameters_load  (const char *path, GPtrArray *warnings, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoArmWarning, topo_arm_warning_free)

G_END_DECLS
