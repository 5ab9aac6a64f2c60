/* design-mutations.h: random mutations of designs for property tests (names near their
 * kind's rules, tags, node counts, SKUs, VM sizes, regions, environments, data classification,
 * removed resources and links, bracketed design and team names). Included by the tests that use
 * them; every function is static.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo.h"
#include "topo-regions.h"
#include "topo-resource-private.h"
#include "topo-validator.h"

static const char *const name_chars =
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.()-[]' !/é";

static char *
random_text (GRand *rand,
             guint max_len)
{
  guint len = g_rand_int_range (rand, 0, max_len + 1);
  GString *s = g_string_new (NULL);
  glong n_chars = g_utf8_strlen (name_chars, -1);

  for (guint i = 0; i < len; i++)
    {
      /* Mostly letters and digits, so that some names stay valid. */
      glong pick = g_rand_int_range (rand, 0, 100) < 75 ? g_rand_int_range (rand, 0, 62)
                                                         : g_rand_int_range (rand, 62, n_chars);
      const char *p = g_utf8_offset_to_pointer (name_chars, pick);
      g_string_append_len (s, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (s, FALSE);
}

/* A name near a naming rule: the current one with a character added, removed or changed at
 * either end, cut or padded to the length limits, re-cased; or random text. */
static char *
mutate_text (GRand *rand,
             const char *name,
             const TopoNamingRule *rule)
{
  /* The characters where the rules of the kinds differ, the hyphen most of all. */
  static const char edge[] = "---__..()[' 0aZ";
  char c = edge[g_rand_int_range (rand, 0, sizeof edge - 1)];
  GString *s = g_string_new (name);
  int op = g_rand_int_range (rand, 0, 20);

  if (op < 5)
    g_string_prepend_c (s, c);
  else if (op < 10)
    g_string_append_c (s, c);
  else if (op < 12)
    {
      if (s->len > 0)
        s->str[g_rand_int_range (rand, 0, s->len)] = c;
    }
  else if (op < 15)
    {
      /* Around the limits: min - 1 … min + 1, max - 1 … max + 1 */
      guint targets[] = { rule->min_length - 1, rule->min_length, rule->min_length + 1,
                          rule->max_length - 1, rule->max_length, rule->max_length + 1 };
      guint target = targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))];

      if (s->len > target)
        g_string_truncate (s, target);
      while (s->len < target)
        g_string_append_c (s, "a1b2-"[s->len % 5]);
    }
  else if (op < 16)
    {
      char *up = g_ascii_strup (s->str, -1);
      g_string_assign (s, up);
      g_free (up);
    }
  else if (op < 17)
    {
      if (s->len > 1)
        g_string_erase (s, g_rand_int_range (rand, 0, s->len), 1);
    }
  else
    {
      char *text = random_text (rand, rule->max_length + 4);
      g_string_assign (s, text);
      g_free (text);
    }
  return g_string_free (s, FALSE);
}

static char *
mutate_name (GRand *rand,
             const TopoResource *r)
{
  return mutate_text (rand, topo_resource_get_name (r), topo_naming_rule (r->kind));
}

/* A name for the compute an inference link attaches: near the compute rule, another compute's
 * or attachment's name (taken in the workspace), or NULL (the AKS cluster's own name). */
static char *
mutate_compute_name (GRand *rand,
                     TopoDocument *doc,
                     const TopoLink *link)
{
  const TopoResource *aks = topo_document_lookup (doc, link->to);
  const char *current = link->compute != NULL ? link->compute
                        : aks != NULL ? topo_resource_get_name (aks) : "aks";
  guint n = topo_document_get_n_resources (doc);
  int op = g_rand_int_range (rand, 0, 8);

  if (op == 0)
    return NULL;
  if (op == 1)
    {
      /* another compute's name, or another AKS cluster's (what its link may attach it as) */
      guint start = g_rand_int_range (rand, 0, n);

      for (guint k = 0; k < n; k++)
        {
          const TopoResource *r = topo_document_get_resource (doc, (start + k) % n);

          if (topo_kind_is_compute (r->kind) || r->kind == TOPO_KIND_AKS)
            return g_strdup (topo_resource_get_name (r));
        }
    }
  return mutate_text (rand, current, topo_naming_rule (TOPO_KIND_COMPUTE_CLUSTER));
}

static const char *
pick (GRand *rand,
      const char *const *values,
      guint n)
{
  return values[g_rand_int_range (rand, 0, n)];
}

/* One random mutation; appends what it did to what (refused edits are fine: they change
 * nothing and the design is checked anyway). */
static void
mutate (GRand *rand,
        TopoDocument *doc,
        GString *what)
{
  static const char *const skus[] = { "Standard_LRS", "standard_grs", "Premium_LRS", "Standard_RAGZRS",
                                      "Standard", "[Standard_LRS]", "Premium_ZRS", "" };
  static const char *const vm_sizes[] = { "Standard_DS3_v2", "[Standard_D4s_v3]", "Standard_'quoted'",
                                          "", "Standard_NC6s_v3" };
  static const char *const regions[] = { "westeurope", "northeurope", "eastus", "australiaeast",
                                         "centraluseuap", "WestEurope", "[westeurope]", "moon" };
  static const char *const environments[] = { "dev", "qa", "prod", "test", "staging", "[prod]",
                                              "production" };
  static const char *const datas[] = { "none", "non-production", "production" };
  static const char *const levels[] = { "public", "internal", "confidential", "restricted" };
  static const char *const bools[] = { "true", "false" };
  static const char *const counts[] = { "-3", "-1", "0", "1", "2", "4", "100", "1000", "1001" };
  guint n = topo_document_get_n_resources (doc);
  const TopoResource *r;
  g_autofree char *id = NULL;
  g_autofree char *value = NULL;
  guint op;

  if (n == 0)
    return;
  /* A kind first, so that the rare kinds get as many mutations as the common ones. */
  {
    TopoKind kind = g_rand_int_range (rand, 0, TOPO_N_KINDS);
    guint start = g_rand_int_range (rand, 0, n);

    r = topo_document_get_resource (doc, start);
    for (guint k = 0; k < n; k++)
      if (topo_document_get_resource (doc, (start + k) % n)->kind == kind)
        {
          r = topo_document_get_resource (doc, (start + k) % n);
          break;
        }
  }
  id = g_strdup (r->id);
  op = g_rand_int_range (rand, 0, 21);
  switch (op)
    {
    case 0: case 1: case 2: case 3: case 14: case 15:
      value = mutate_name (rand, r);
      topo_edit_set_property (doc, id, "name", value, NULL);
      g_string_append_printf (what, " name(%s)=“%s”", id, value);
      break;
    case 4: case 5:
      {
        g_autofree char *text = random_text (rand, 12);
        g_autofree char *key = g_rand_boolean (rand) ? g_strconcat ("[", text, NULL) : g_strdup (text);

        value = g_rand_boolean (rand) ? g_strdup ("[v") : random_text (rand, 20);
        topo_edit_set_tag (doc, id, key, value, NULL);
        g_string_append_printf (what, " tag(%s)[“%s”]=“%s”", id, key, value);
        break;
      }
    case 6:
      {
        static const char *const keys[] = { "min_nodes", "max_nodes", "node_count" };
        const char *key = pick (rand, keys, G_N_ELEMENTS (keys));
        const char *count = pick (rand, counts, G_N_ELEMENTS (counts));

        topo_edit_set_property (doc, id, key, count, NULL);
        g_string_append_printf (what, " %s(%s)=%s", key, id, count);
        break;
      }
    case 7:
      {
        const char *sku = pick (rand, skus, G_N_ELEMENTS (skus));
        topo_edit_set_property (doc, id, "sku", sku, NULL);
        g_string_append_printf (what, " sku(%s)=%s", id, sku);
        break;
      }
    case 8:
      {
        const char *size = pick (rand, vm_sizes, G_N_ELEMENTS (vm_sizes));
        topo_edit_set_property (doc, id, "vm_size", size, NULL);
        g_string_append_printf (what, " vm_size(%s)=%s", id, size);
        break;
      }
    case 9:
      {
        const char *region = pick (rand, regions, G_N_ELEMENTS (regions));
        const char *env = pick (rand, environments, G_N_ELEMENTS (environments));
        if (g_rand_boolean (rand))
          {
            topo_edit_set_property (doc, id, "region", region, NULL);
            g_string_append_printf (what, " region(%s)=%s", id, region);
          }
        else
          {
            topo_edit_set_property (doc, id, "environment", env, NULL);
            g_string_append_printf (what, " environment(%s)=%s", id, env);
          }
        break;
      }
    case 10:
      {
        static const char *const keys[] = { "data", "sensitivity", "hns", "public_network_access" };
        const char *key = pick (rand, keys, G_N_ELEMENTS (keys));
        const char *v = g_str_equal (key, "data") ? pick (rand, datas, G_N_ELEMENTS (datas))
                        : g_str_equal (key, "sensitivity") ? pick (rand, levels, G_N_ELEMENTS (levels))
                        : pick (rand, bools, G_N_ELEMENTS (bools));
        topo_edit_set_property (doc, id, key, v, NULL);
        g_string_append_printf (what, " %s(%s)=%s", key, id, v);
        break;
      }
    case 11:
      if (r->kind != TOPO_KIND_RESOURCE_GROUP)
        {
          const char *ids[] = { id, NULL };
          topo_edit_remove (doc, ids);
          g_string_append_printf (what, " remove(%s)", id);
        }
      break;
    case 12:
      if (topo_document_get_n_links (doc) > 0)
        {
          guint l = g_rand_int_range (rand, 0, topo_document_get_n_links (doc));
          topo_edit_disconnect (doc, l, NULL);
          g_string_append_printf (what, " disconnect(%u)", l);
        }
      break;
    case 16:
      {
        guint n_links = topo_document_get_n_links (doc);
        guint start = n_links > 0 ? g_rand_int_range (rand, 0, n_links) : 0;

        for (guint k = 0; k < n_links; k++)
          {
            guint l = (start + k) % n_links;
            const TopoLink *link = topo_document_get_link (doc, l);

            if (link->type != TOPO_LINK_INFERENCE)
              continue;
            value = mutate_compute_name (rand, doc, link);
            if (value != NULL)
              g_string_append_printf (what, " compute-name(%s→%s)=“%s”", link->from, link->to, value);
            else
              g_string_append_printf (what, " compute-reset(%s→%s)", link->from, link->to);
            topo_edit_set_link_compute (doc, l, value, NULL);
            break;
          }
        break;
      }
    case 17:
      {
        const char *v = pick (rand, bools, G_N_ELEMENTS (bools));
        topo_edit_set_property (doc, id, "existing", v, NULL);
        g_string_append_printf (what, " existing(%s)=%s", id, v);
        break;
      }
    case 18:
      {
        /* Every resource of the group existing: a group the export references, not declares. */
        const char *group = r->kind == TOPO_KIND_RESOURCE_GROUP ? r->id : r->group;
        g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

        for (guint k = 0; group != NULL && k < n; k++)
          {
            const TopoResource *o = topo_document_get_resource (doc, k);
            if (o->kind != TOPO_KIND_RESOURCE_GROUP && !topo_kind_is_compute (o->kind) &&
                g_strcmp0 (o->group, group) == 0)
              g_ptr_array_add (ids, g_strdup (o->id));
          }
        for (guint k = 0; k < ids->len; k++)
          topo_edit_set_property (doc, g_ptr_array_index (ids, k), "existing", "true", NULL);
        g_string_append_printf (what, " existing-group(%s)", group != NULL ? group : "-");
        break;
      }
    case 19:
      {
        /* A rule's severity overridden in policy.rules (findings accepted) */
        static const char *const rules[] = { "NAM001", "NAM002", "DEP006", "DEP007", "DEP004", "CAP001",
                                             "REG001", "REG002", "SEG001", "SEG002", "TAG001" };
        static const TopoRuleLevel levels[] = { TOPO_RULE_LEVEL_OFF, TOPO_RULE_LEVEL_INFO, TOPO_RULE_LEVEL_WARNING };
        TopoPolicy *policy = topo_policy_copy (topo_document_get_policy (doc));
        TopoRuleOverride o = { g_strdup (pick (rand, rules, G_N_ELEMENTS (rules))),
                               levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))] };

        if (policy->rules == NULL)
          policy->rules = _topo_rule_overrides_new ();
        g_array_append_val (policy->rules, o);
        g_string_append_printf (what, " rules[%s]=%s", o.rule, topo_rule_level_to_string (o.level));
        topo_edit_set_policy (doc, policy);
        break;
      }
    case 20:
      {
        /* A current error finding suppressed (accepted with a reason) */
        g_autoptr(GPtrArray) found = topo_validate (doc);
        guint start = found->len > 0 ? g_rand_int_range (rand, 0, found->len) : 0;

        for (guint k = 0; k < found->len; k++)
          {
            const TopoDiagnostic *d = g_ptr_array_index (found, (start + k) % found->len);

            if (d->severity != TOPO_SEVERITY_ERROR || d->suppressed)
              continue;
            if (topo_diagnostic_suppress (d, doc, "accepted by the mutation", NULL, NULL))
              g_string_append_printf (what, " suppress(%s %s)", d->rule, d->subjects[0] != NULL ? d->subjects[0] : "");
            break;
          }
        break;
      }
    default:
      {
        value = random_text (rand, 40);
        if (g_rand_boolean (rand))
          {
            g_autofree char *bracketed = g_strconcat ("[", value, NULL);
            topo_edit_set_name (doc, bracketed);
            g_string_append_printf (what, " doc-name=“%s”", bracketed);
          }
        else if (topo_document_get_n_teams (doc) > 0)
          {
            TopoTeam *team = topo_team_copy (topo_document_get_team (doc, g_rand_int_range (rand, 0, topo_document_get_n_teams (doc))));
            g_free (team->name);
            team->name = g_strconcat ("[", value, "'", NULL);
            g_string_append_printf (what, " team-name(%s)=“%s”", team->id, team->name);
            topo_edit_replace_team (doc, team, NULL);
          }
        break;
      }
    }
}

