/* topo-rules-security.c: SEC001–SEC002, public network access to what matters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-validator-private.h"

static void
set_disable_fix (TopoDiagnostic *d,
                 const TopoResource *r)
{
  topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                           g_strdup_printf (_("Disable public network access to “%s”"),
                                            topo_resource_get_name (r)),
                           g_strdup ("public_network_access=false"));
}

static void
check (TopoValidation *v,
       guint i)
{
  const TopoResource *r = v->res[i];
  TopoDiagnostic *d;

  if (r->kind == TOPO_KIND_WORKSPACE && v->prod[i] && topo_resource_public_network_access (r))
    {
      d = topo_validation_add (v, "SEC001", TOPO_SEVERITY_WARNING,
                               topo_validation_message ("SEC001",
                                 _("Production workspace “%s” allows public network access."),
                                 topo_resource_get_name (r)),
                               r->id, NULL);
      set_disable_fix (d, r);
    }
  else if (r->kind == TOPO_KIND_STORAGE && topo_resource_public_network_access (r) &&
           (topo_resource_data (r) == TOPO_DATA_PRODUCTION ||
            topo_resource_sensitivity (r) >= TOPO_LEVEL_CONFIDENTIAL))
    {
      d = topo_validation_add (v, "SEC002", TOPO_SEVERITY_WARNING,
                               topo_validation_message ("SEC002",
                                 topo_resource_data (r) == TOPO_DATA_PRODUCTION
                                 ? _("Storage “%s” holds production data and allows public network access.")
                                 /* Translators: %s is a data sensitivity of the format (confidential,
                                  * restricted), not translated */
                                 : _("Storage “%s” holds %s data and allows public network access."),
                                 topo_resource_get_name (r),
                                 topo_level_to_string (topo_resource_sensitivity (r))),
                               r->id, NULL);
      set_disable_fix (d, r);
    }
}

void
topo_rules_security (TopoValidation *v)
{
  /* Workspaces and storage are the only kinds these rules look at. */
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
    check (v, i);
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_STORAGE, i)
    check (v, i);
}
