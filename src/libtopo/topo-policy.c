/* topo-policy.c: document-level compliance settings and their defaults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-policy"

#include "config.h"

#include "topo-resource.h"
#include "topo-resource-private.h"
#include "topo-vm-sizes.h"

#include <string.h>

static const char *const default_environments[] = { "dev", "test", "qa", "staging", "prod", NULL };
static const char *const default_production[] = { "prod", NULL };
static const char *const empty_list[] = { NULL };

static const char *const rule_level_names[TOPO_N_RULE_LEVELS] = { "off", "info", "warning", "error" };

const char *
topo_rule_level_to_string (TopoRuleLevel level)
{
  return level < TOPO_N_RULE_LEVELS ? rule_level_names[level] : NULL;
}

int
topo_rule_level_from_string (const char *str)
{
  for (int i = 0; str != NULL && i < TOPO_N_RULE_LEVELS; i++)
    if (strcmp (rule_level_names[i], str) == 0)
      return i;
  return -1;
}

static void
rule_override_clear (gpointer data)
{
  g_free (((TopoRuleOverride *) data)->rule);
}

static GArray *
rules_copy (const GArray *rules)
{
  GArray *copy;

  if (rules == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, TRUE, sizeof (TopoRuleOverride), rules->len);
  g_array_set_clear_func (copy, rule_override_clear);
  for (guint i = 0; i < rules->len; i++)
    {
      TopoRuleOverride o = g_array_index (rules, TopoRuleOverride, i);

      o.rule = g_strdup (o.rule);
      g_array_append_val (copy, o);
    }
  return copy;
}

static gboolean
rules_equal (const GArray *a,
             const GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const TopoRuleOverride *x = &g_array_index (a, TopoRuleOverride, i);
      const TopoRuleOverride *y = &g_array_index (b, TopoRuleOverride, i);

      if (g_strcmp0 (x->rule, y->rule) != 0 || x->level != y->level)
        return FALSE;
    }
  return TRUE;
}

int
topo_policy_rule_level (const TopoPolicy *p,
                        const char *rule)
{
  /* The last entry wins, as in a JSON object read by most tools. */
  for (guint i = p->rules != NULL ? p->rules->len : 0; i > 0; i--)
    if (g_strcmp0 (g_array_index (p->rules, TopoRuleOverride, i - 1).rule, rule) == 0)
      return g_array_index (p->rules, TopoRuleOverride, i - 1).level;
  return -1;
}

/* The loader needs this array type to fill policy->rules. */
GArray *
_topo_rule_overrides_new (void)
{
  GArray *rules = g_array_new (FALSE, TRUE, sizeof (TopoRuleOverride));

  g_array_set_clear_func (rules, rule_override_clear);
  return rules;
}

static void
quota_clear (gpointer data)
{
  TopoQuota *q = data;

  g_free (q->region);
  g_free (q->family);
  g_clear_pointer (&q->extra, json_object_unref);
}

GArray *
topo_quotas_array_new (void)
{
  GArray *quotas = g_array_new (FALSE, TRUE, sizeof (TopoQuota));

  g_array_set_clear_func (quotas, quota_clear);
  return quotas;
}

static GArray *
quotas_copy (const GArray *quotas)
{
  GArray *copy;

  if (quotas == NULL)
    return NULL;
  copy = topo_quotas_array_new ();
  for (guint i = 0; i < quotas->len; i++)
    {
      TopoQuota q = g_array_index (quotas, TopoQuota, i);

      q.region = g_strdup (q.region);
      q.family = g_strdup (q.family);
      q.extra = _topo_json_object_copy (q.extra);
      g_array_append_val (copy, q);
    }
  return copy;
}

static gboolean
quotas_equal (const GArray *a,
              const GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const TopoQuota *x = &g_array_index (a, TopoQuota, i);
      const TopoQuota *y = &g_array_index (b, TopoQuota, i);

      if (g_strcmp0 (x->region, y->region) != 0 || g_strcmp0 (x->family, y->family) != 0 ||
          x->vcpus != y->vcpus || !_topo_json_object_equal0 (x->extra, y->extra))
        return FALSE;
    }
  return TRUE;
}

gint64
topo_policy_quota (const TopoPolicy *p,
                   const char       *region,
                   const char       *family)
{
  g_autofree char *key = family != NULL ? topo_vm_family_key (family) : NULL;

  for (guint i = p->quotas != NULL ? p->quotas->len : 0; i > 0; i--)
    {
      const TopoQuota *q = &g_array_index (p->quotas, TopoQuota, i - 1);
      g_autofree char *qkey = NULL;

      if (g_strcmp0 (q->region, region) != 0 || (q->family == NULL) != (family == NULL))
        continue;
      if (family == NULL)
        return q->vcpus;
      qkey = topo_vm_family_key (q->family);
      if (g_str_equal (qkey, key))
        return q->vcpus;
    }
  return -1;
}

TopoSuppression *
topo_suppression_new (const char *rule,
                      const char *const *subjects,
                      const char *justification,
                      const char *expires)
{
  TopoSuppression *s = g_new0 (TopoSuppression, 1);

  s->rule = g_strdup (rule);
  s->subjects = subjects != NULL ? g_strdupv ((char **) subjects) : g_new0 (char *, 1);
  s->justification = g_strdup (justification);
  s->expires = g_strdup (expires);
  return s;
}

TopoSuppression *
topo_suppression_copy (const TopoSuppression *s)
{
  TopoSuppression *c = topo_suppression_new (s->rule, (const char *const *) s->subjects,
                                             s->justification, s->expires);

  c->extra = _topo_json_object_copy (s->extra);
  return c;
}

void
topo_suppression_free (TopoSuppression *s)
{
  if (s == NULL)
    return;
  g_free (s->rule);
  g_strfreev (s->subjects);
  g_free (s->justification);
  g_free (s->expires);
  g_clear_pointer (&s->extra, json_object_unref);
  g_free (s);
}

static gboolean strv_equal0 (GStrv a, GStrv b);

gboolean
topo_suppression_equal (const TopoSuppression *a,
                        const TopoSuppression *b)
{
  return g_strcmp0 (a->rule, b->rule) == 0 && strv_equal0 (a->subjects, b->subjects) &&
         g_strcmp0 (a->justification, b->justification) == 0 &&
         g_strcmp0 (a->expires, b->expires) == 0 && _topo_json_object_equal0 (a->extra, b->extra);
}

static GPtrArray *
suppressions_copy (const GPtrArray *list)
{
  GPtrArray *copy;

  if (list == NULL)
    return NULL;
  copy = g_ptr_array_new_full (list->len, (GDestroyNotify) topo_suppression_free);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (copy, topo_suppression_copy (g_ptr_array_index (list, i)));
  return copy;
}

static gboolean
suppressions_equal (const GPtrArray *a,
                    const GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!topo_suppression_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

gboolean
topo_date_is_valid (const char *text)
{
  guint y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (text, NULL, 10);
  m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return y >= 1 && g_date_valid_dmy (d, m, y);
}

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
  c->rules = rules_copy (p->rules);
  c->quotas = quotas_copy (p->quotas);
  c->extra = _topo_json_object_copy (p->extra);
  c->suppressions = suppressions_copy (p->suppressions);
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
  g_clear_pointer (&p->rules, g_array_unref);
  g_clear_pointer (&p->quotas, g_array_unref);
  g_clear_pointer (&p->extra, json_object_unref);
  g_clear_pointer (&p->suppressions, g_ptr_array_unref);
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
         rules_equal (a->rules, b->rules) &&
         quotas_equal (a->quotas, b->quotas) &&
         _topo_json_object_equal0 (a->extra, b->extra) &&
         suppressions_equal (a->suppressions, b->suppressions);
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
