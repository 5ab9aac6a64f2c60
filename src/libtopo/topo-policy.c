/* topo-policy.c: document-level compliance settings and their defaults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-policy"

#include "config.h"

#include "topo-resource.h"
#include "topo-resource-private.h"

#include <string.h>

static const char *const default_environments[] = { "dev", "test", "qa", "staging", "prod", NULL };
static const char *const default_production[] = { "prod", NULL };
static const char *const empty_list[] = { NULL };

TopoPolicy *
topo_policy_new (void)
{
  return g_new0 (TopoPolicy, 1);
}

TopoPolicy *
topo_policy_copy (const TopoPolicy *p)
{
  TopoPolicy *c = g_new0 (TopoPolicy, 1);

  c->allowed_regions = g_strdupv (p->allowed_regions);
  c->residency = p->residency;
  c->required_tags = g_strdupv (p->required_tags);
  c->naming = p->naming;
  c->environments = g_strdupv (p->environments);
  c->production_environments = g_strdupv (p->production_environments);
  c->extra = _topo_json_object_copy (p->extra);
  return c;
}

void
topo_policy_free (TopoPolicy *p)
{
  if (p == NULL)
    return;
  g_strfreev (p->allowed_regions);
  g_strfreev (p->required_tags);
  g_strfreev (p->environments);
  g_strfreev (p->production_environments);
  g_clear_pointer (&p->extra, json_object_unref);
  g_free (p);
}

static gboolean
strv_equal0 (GStrv a,
             GStrv b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char *const *) a, (const char *const *) b);
}

gboolean
topo_policy_equal (const TopoPolicy *a,
                   const TopoPolicy *b)
{
  return strv_equal0 (a->allowed_regions, b->allowed_regions) &&
         a->residency == b->residency &&
         strv_equal0 (a->required_tags, b->required_tags) &&
         a->naming == b->naming &&
         strv_equal0 (a->environments, b->environments) &&
         strv_equal0 (a->production_environments, b->production_environments) &&
         _topo_json_object_equal0 (a->extra, b->extra);
}

const char *const *
topo_policy_allowed_regions (const TopoPolicy *p)
{
  return p->allowed_regions ? (const char *const *) p->allowed_regions : empty_list;
}

TopoResidency
topo_policy_residency (const TopoPolicy *p)
{
  return p->residency == TOPO_RESIDENCY_UNSET ? TOPO_RESIDENCY_GEOGRAPHY : p->residency;
}

const char *const *
topo_policy_required_tags (const TopoPolicy *p)
{
  return p->required_tags ? (const char *const *) p->required_tags : empty_list;
}

TopoNaming
topo_policy_naming (const TopoPolicy *p)
{
  return p->naming == TOPO_NAMING_UNSET ? TOPO_NAMING_AZURE : p->naming;
}

const char *const *
topo_policy_environments (const TopoPolicy *p)
{
  return p->environments ? (const char *const *) p->environments : default_environments;
}

const char *const *
topo_policy_production_environments (const TopoPolicy *p)
{
  return p->production_environments ? (const char *const *) p->production_environments
                                    : default_production;
}

int
topo_policy_environment_index (const TopoPolicy *p,
                               const char       *env)
{
  const char *const *envs = topo_policy_environments (p);

  if (env == NULL)
    return -1;
  for (int i = 0; envs[i]; i++)
    if (strcmp (envs[i], env) == 0)
      return i;
  return -1;
}

gboolean
topo_policy_is_production (const TopoPolicy *p,
                           const char       *env)
{
  return env != NULL && g_strv_contains (topo_policy_production_environments (p), env);
}
