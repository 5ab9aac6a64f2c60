/* topo-validator.c: runs the v1 rules (RULES.md), orders the findings, applies fixes
 *
 * One run builds its indexes once (resource → RG, environment, region; link endpoints; datastore
 * links per workspace), then each rule family walks resources or links once. Messages are only
 * formatted for findings, so a clean design costs a few hash lookups per resource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-edit.h"
#include "topo-validator-private.h"

const char *
topo_severity_to_string (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return "error";
    case TOPO_SEVERITY_WARNING:
      return "warning";
    case TOPO_SEVERITY_INFO:
    default:
      return "info";
    }
}

/* Rule metadata: short description, and help = the one-sentence reason plus its source
 * (rule-research.md). The reason alone ends every message. */
typedef struct
{
  const char *why;
  const char *source;
} RuleWhy;

static const TopoRuleInfo rule_infos[] = {
  { "CAP001", TOPO_SEVERITY_ERROR, N_("VM size that Azure does not offer"), NULL, FALSE, TRUE },
  { "CAP002", TOPO_SEVERITY_ERROR, N_("Planned vCPUs of a VM family exceed its quota in a region"), NULL },
  { "CAP003", TOPO_SEVERITY_WARNING, N_("Planned vCPUs exceed the regional total quota"), NULL },
  { "CAP004", TOPO_SEVERITY_WARNING, N_("GPU family used in a region without a declared quota"), NULL },
  { "CAP005", TOPO_SEVERITY_INFO, N_("Cluster keeps dedicated vCPUs allocated while idle outside production"), NULL },
  { "DEP001", TOPO_SEVERITY_ERROR, N_("Resource outside a resource group"), NULL },
  { "DEP002", TOPO_SEVERITY_ERROR, N_("Compute in another resource group than its workspace"), NULL },
  { "DEP003", TOPO_SEVERITY_INFO, N_("Workspace without storage, key vault or Application Insights"), NULL },
  { "DEP004", TOPO_SEVERITY_ERROR, N_("Premium or hierarchical-namespace storage as a workspace's default storage"), NULL, FALSE, TRUE },
  { "DEP005", TOPO_SEVERITY_WARNING, N_("Compute cluster with idle nodes or minimum above maximum"), NULL },
  { "DEP006", TOPO_SEVERITY_ERROR, N_("Negative node count, or an AKS cluster without nodes"), NULL, FALSE, TRUE },
  { "DEP007", TOPO_SEVERITY_ERROR, N_("Storage SKU that Azure does not offer"), NULL, FALSE, TRUE },
  { "NAM001", TOPO_SEVERITY_ERROR, N_("Name breaks its type's length or character rule"), NULL, FALSE, TRUE },
  { "NAM002", TOPO_SEVERITY_ERROR, N_("Names collide in their uniqueness scope"), NULL, FALSE, TRUE },
  { "NAM003", TOPO_SEVERITY_WARNING, N_("Name lacks its CAF abbreviation prefix"), NULL },
  { "RBAC001", TOPO_SEVERITY_ERROR, N_("Team can reach data above its data-access level"), NULL },
  { "RBAC002", TOPO_SEVERITY_WARNING, N_("Teams of different data-access levels share a workspace"), NULL },
  { "RBAC003", TOPO_SEVERITY_WARNING, N_("Broader role in production than in development"), NULL },
  { "RBAC004", TOPO_SEVERITY_WARNING, N_("External team on a workspace that is not a project workspace"), NULL },
  { "RBAC005", TOPO_SEVERITY_INFO, N_("Team holds Owner or Contributor on a workspace"), NULL },
  { "REG001", TOPO_SEVERITY_ERROR, N_("Unknown or non-customer Azure region"), NULL, FALSE, TRUE },
  { "REG002", TOPO_SEVERITY_ERROR, N_("Region not in the policy's allowed regions"), NULL },
  { "REG003", TOPO_SEVERITY_ERROR, N_("Protected data crosses the residency boundary"), NULL, TRUE },
  { "REG004", TOPO_SEVERITY_INFO, N_("Data link between regions"), NULL, TRUE },
  { "REG005", TOPO_SEVERITY_WARNING, N_("Inference cluster in another geography than its workspace"), NULL, TRUE },
  { "REG006", TOPO_SEVERITY_INFO, N_("Associated resource in another region than its workspace"), NULL },
  { "SEC001", TOPO_SEVERITY_WARNING, N_("Production workspace allows public network access"), NULL },
  { "SEC002", TOPO_SEVERITY_WARNING, N_("Storage with protected data allows public network access"), NULL },
  { "SEG001", TOPO_SEVERITY_ERROR, N_("Resource group without a known environment"), NULL },
  { "SEG002", TOPO_SEVERITY_ERROR, N_("Production data linked to a non-production workspace"), NULL, TRUE },
  { "SEG003", TOPO_SEVERITY_ERROR, N_("Production data outside a production resource group"), NULL },
  { "SEG004", TOPO_SEVERITY_WARNING, N_("Write access to production data"), NULL, TRUE },
  { "SEG005", TOPO_SEVERITY_WARNING, N_("Associated resource shared across environments"), NULL },
  { "SEG006", TOPO_SEVERITY_WARNING, N_("Promotion does not go forward through the environments"), NULL, TRUE },
  { "SEG007", TOPO_SEVERITY_WARNING, N_("Exploration workspace linked to production data"), NULL, TRUE },
  { "SUP001", TOPO_SEVERITY_WARNING, N_("Suppression matches no finding"), NULL },
  { "SUP002", TOPO_SEVERITY_WARNING, N_("Suppression has expired"), NULL },
  { "SUP003", TOPO_SEVERITY_WARNING, N_("Severity override for an unknown rule"), NULL },
  { "TAG001", TOPO_SEVERITY_WARNING, N_("Required tag missing"), NULL },
  { "TAG002", TOPO_SEVERITY_WARNING, N_("Tag values differ only by case"), NULL },
};

/* Same order as rule_infos. */
static const RuleWhy rule_whys[] = {
  /* CAP001 */ { N_("Azure rejects a VM size it does not offer, and a misspelt size plans no capacity."),
                 "data/azure-vm-size-families.tsv (Azure Resource SKUs API via Azure/karpenter-provider-azure known_skus.yaml); data/azure-vm-sizes.tsv" },
  /* CAP002 */ { N_("Azure Machine Learning limits dedicated vCPUs per VM family and region, so a cluster that scales past the quota does not get its nodes."),
                 "azure-ai-docs how-to-manage-quotas.md ('split by each VM family and cumulative total cores'); Organize and set up Azure Machine Learning environments ('overhead on quota and compute management')" },
  /* CAP003 */ { N_("Dedicated vCPUs are also limited per region across all families, so the families together may not exceed the regional total."),
                 "azure-ai-docs how-to-manage-quotas.md; Azure ML usages API ('Total Cluster Dedicated Regional vCPUs')" },
  /* CAP004 */ { N_("Specialised GPU families start at a quota of 0, so the first deployment fails unless quota is requested for the region first."),
                 "azure-ai-docs how-to-manage-quotas.md (NCasT4_v3, NC_A100_v4, NDv2 and other GPU families start at 0)" },
  /* CAP005 */ { N_("A cluster's minimum nodes stay allocated when idle, using dedicated quota and billing, which outside production is rarely needed."),
                 "azure-ai-docs how-to-create-attach-compute-cluster.md (set the minimum to 0 to scale down when idle); how-to-manage-quotas.md" },
  /* DEP001 */ { N_("Every Azure resource is deployed into a resource group."),
                 "ARM.md; Azure Resource Manager deployments" },
  /* DEP002 */ { N_("Computes are child resources of their workspace and deploy with it."),
                 "ARM: Microsoft.MachineLearningServices/workspaces/computes" },
  /* DEP003 */ { N_("A workspace needs a storage account, a key vault and Application Insights, and the export creates the missing ones with default settings."),
                 "azure-ai-docs concept-workspace.md ('If not provided by you, these resources are automatically created')" },
  /* DEP004 */ { N_("Azure Machine Learning cannot use premium or hierarchical-namespace storage as a workspace's default storage; attach it as a datastore instead."),
                 "azure-ai-docs concept-workspace.md, how-to-manage-workspace.md" },
  /* DEP005 */ { N_("Nodes above zero are billed while the cluster is idle, and a minimum above the maximum cannot deploy."),
                 "Checkov CKV_AZURE_150; azure-ai-docs how-to-create-attach-compute-cluster.md" },
  /* DEP006 */ { N_("Azure rejects negative node counts, and an AKS cluster's system node pool needs at least one node."),
                 "ARM schema Microsoft.ContainerService/managedClusters 2025-10-01 (agentPoolProfiles count: 1 to 1000 for system pools); azure-ai-docs how-to-create-attach-compute-cluster.md" },
  /* DEP007 */ { N_("A storage account's SKU must be one that Azure offers, or the deployment is rejected."),
                 "ARM schema Microsoft.Storage/storageAccounts 2023-05-01 (sku.name)" },
  /* NAM001 */ { N_("Azure rejects names that break their type's length or character rule."),
                 "resource-name-rules.md; mspnp/AzureNamingTool; PSRule naming rules (data/naming-rules.tsv); "
                 "a compute an inference link attaches is a workspaces/computes child and follows the compute rule" },
  /* NAM002 */ { N_("Azure requires names to be unique in their scope, compared case-insensitively."),
                 "resource-name-rules.md; azure-ai-docs how-to-manage-workspace.md and how-to-create-attach-compute-cluster.md; "
                 "attached computes share their workspace's compute names (one ARM resource id each)" },
  /* NAM003 */ { N_("The Cloud Adoption Framework naming convention starts every name with its type's abbreviation."),
                 "cloud-adoption-framework resource-abbreviations.md" },
  /* RBAC001 */ { N_("A team may only reach data up to its data-access level."),
                  "Organize and set up Azure Machine Learning environments (Contoso: data segregation and compliance)" },
  /* RBAC002 */ { N_("Access control inside one workspace is coarse, so one workspace should serve one data-access level."),
                  "Organize and set up Azure Machine Learning environments ('Granular RBAC and ACLs … are limited within a workspace')" },
  /* RBAC003 */ { N_("Production must be at least as restrictive as development."),
                  "Organize and set up Azure Machine Learning environments ('more access restrictions in downstream environments')" },
  /* RBAC004 */ { N_("External users should get access to project resources only."),
                  "Organize and set up Azure Machine Learning environments (workspace per project)" },
  /* RBAC005 */ { N_("The built-in Azure Machine Learning roles give data scientists what they need without management rights."),
                  "azure-ai-docs how-to-assign-roles.md" },
  /* REG001 */ { N_("Resources deploy only to public Azure regions; canary and stage regions are not for customers."),
                 "ARM Locations API (data/azure-regions.tsv)" },
  /* REG002 */ { N_("The policy's allowed regions enforce geo-compliance and data residency."),
                 "Azure Policy 'Allowed locations' (e56962a6); PSRule Azure.Resource.AllowedRegions" },
  /* REG003 */ { N_("Production or confidential data must stay within its residency boundary."),
                 "Organize and set up Azure Machine Learning environments (regional training and fine-tuning under data movement constraints)" },
  /* REG004 */ { N_("Data crossing regions adds latency and egress cost, and the workspace's metadata stays in its own region."),
                 "Organize and set up Azure Machine Learning environments (attaching storage in another region)" },
  /* REG005 */ { N_("Data collected by the inference endpoint may later need to cross regions for retraining."),
                  "Organize and set up Azure Machine Learning environments (regional serving)" },
  /* REG006 */ { N_("Associated resources in another region add latency and cross-region traffic."),
                 "azure-ai-docs how-to-manage-workspace.md (choose the region closest to users and data)" },
  /* SEC001 */ { N_("Production workspaces should not be reachable from the public internet."),
                 "PSRule Azure.ML.PublicAccess; Azure Policy 438c38d2" },
  /* SEC002 */ { N_("Storage with production or confidential data should not be reachable from the public internet."),
                 "Azure Policy b2982f36; Checkov CKV_AZURE_59, CKV2_AZURE_50" },
  /* SEG001 */ { N_("Every resource group belongs to one known environment, so that development and production stay apart."),
                 "Organize and set up Azure Machine Learning environments ('Dev, Test, QA, Staging, and Production')" },
  /* SEG002 */ { N_("Live production data may not exist in development environments."),
                 "Organize and set up Azure Machine Learning environments (Contoso constraints)" },
  /* SEG003 */ { N_("Production data belongs in production resource groups, whose access is restricted."),
                 "Organize and set up Azure Machine Learning environments (Contoso: resource groups per environment)" },
  /* SEG004 */ { N_("Writer access on production data sources can unintentionally harm data quality."),
                 "Organize and set up Azure Machine Learning environments (single environment)" },
  /* SEG005 */ { N_("A resource shared by several environments undoes their separation."),
                 "Organize and set up Azure Machine Learning environments (multiple environments); concept-workspace.md" },
  /* SEG006 */ { N_("Models and artifacts are promoted forward, from development towards production."),
                 "Organize and set up Azure Machine Learning environments (multiple environments)" },
  /* SEG007 */ { N_("An exploration workspace must not reach live production data."),
                 "Organize and set up Azure Machine Learning environments (Contoso: exploration workspace)" },
  /* SUP001 */ { N_("A suppression that no longer matches a finding hides nothing and should be removed, or it will silently hide a future finding."),
                 "Topograph suppressions (README, the document format); SARIF 2.1.0 §3.35 suppressions" },
  /* SUP002 */ { N_("An expired suppression no longer hides its finding: decide again whether the finding is accepted."),
                 "Topograph suppressions (README, the document format)" },
  /* SUP003 */ { N_("A severity override for a rule this version does not know has no effect."),
                 "Topograph policy.rules (README, the document format)" },
  /* TAG001 */ { N_("Required tags drive cost reports, ownership and policy, and they are not inherited from the resource group."),
                 "cloud-adoption-framework resource-tagging.md; Azure Policy 871b6d14, 96670d01" },
  /* TAG002 */ { N_("Tag values are case-sensitive, so spellings that differ only by case split cost reports."),
                 "cloud-adoption-framework resource-tagging.md" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (rule_infos) == G_N_ELEMENTS (rule_whys));

static TopoRuleInfo *translated_infos;

static const TopoRuleInfo *
get_infos (void)
{
  if (g_once_init_enter (&translated_infos))
    {
      TopoRuleInfo *infos = g_new0 (TopoRuleInfo, G_N_ELEMENTS (rule_infos));

      for (guint i = 0; i < G_N_ELEMENTS (rule_infos); i++)
        {
          g_autofree char *help = g_strdup_printf ("%s %s %s", _(rule_whys[i].why), _("Source:"),
                                                   rule_whys[i].source);

          infos[i] = rule_infos[i];
          infos[i].short_description = g_intern_string (_(rule_infos[i].short_description));
          infos[i].help = g_intern_string (help);
        }
      g_once_init_leave (&translated_infos, infos);
    }
  return translated_infos;
}

const TopoRuleInfo *
topo_rules_get_all (guint *n_rules)
{
  if (n_rules != NULL)
    *n_rules = G_N_ELEMENTS (rule_infos);
  return get_infos ();
}

static int
rule_position (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_infos); i++)
    if (g_str_equal (rule_infos[i].id, id))
      return i;
  return -1;
}

const TopoRuleInfo *
topo_rules_lookup (const char *id)
{
  int pos;

  g_return_val_if_fail (id != NULL, NULL);
  pos = rule_position (id);
  return pos < 0 ? NULL : &get_infos ()[pos];
}

char *
topo_rule_help_uri (const char *id)
{
  g_autofree char *lower = g_ascii_strdown (id, -1);

  return g_strconcat (TOPO_RULES_REFERENCE_URI "#", lower, NULL);
}

char *
topo_rules_reference_markdown (void)
{
  GString *md = g_string_new (NULL);
  static const char *const families[][2] = {
    { "SEG", "Segregation of environments and data" }, { "RBAC", "Access (RBAC)" },
    { "REG", "Regions and residency" }, { "NAM", "Naming" }, { "TAG", "Tagging" },
    { "DEP", "Deployability" }, { "SEC", "Security hardening" }, { "CAP", "Capacity and quotas" },
    { "SUP", "Suppressions and overrides" },
  };

  g_string_append (md,
    "<!-- Generated by `topograph-cli rules -o docs/rules.md` from the rule metadata in\n"
    "     src/libtopo/topo-validator.c; tests/test-validator.c checks that it is up to date. -->\n"
    "# Topograph validator rules\n"
    "\n"
    "Every finding names its rule. Ids are stable: an id never changes meaning, and new rules take\n"
    "new ids. A design can accept a finding with a suppression, or change a rule's severity with\n"
    "`policy.rules` (`off`, `info`, `warning`, `error`); see the README's format section.\n"
    "Severity: **error** = the design breaks a stated requirement or cannot deploy (`export arm`\n"
    "refuses it); **warning** = risky, needs a reason; **info** = worth knowing.\n");
  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    {
      g_string_append_printf (md, "\n## %s\n", families[f][1]);
      for (guint i = 0; i < G_N_ELEMENTS (rule_infos); i++)
        {
          const char *id = rule_infos[i].id;
          gsize len = strlen (families[f][0]);

          if (strncmp (id, families[f][0], len) != 0 || !g_ascii_isdigit (id[len]))
            continue;
          g_string_append_printf (md, "\n### %s\n\n**%s** — default severity: %s%s.\n\n%s\n\nSource: %s\n",
                                  id, rule_infos[i].short_description,
                                  topo_severity_to_string (rule_infos[i].severity),
                                  g_str_equal (id, "DEP005") ? " (error when the minimum is above the maximum)" : "",
                                  rule_whys[i].why, rule_whys[i].source);
          if (rule_infos[i].blocks_export)
            g_string_append (md, "\nAzure rejects the template: `export arm` refuses its errors even when a "
                                 "suppression or `policy.rules` accepts them (`--force` exports anyway).\n");
        }
    }
  return g_string_free (md, FALSE);
}

const char *
topo_rule_why (const char *rule)
{
  int pos = rule_position (rule);

  return pos < 0 ? "" : _(rule_whys[pos].why);
}

char *
topo_validation_message (const char *rule,
                         const char *format,
                         ...)
{
  va_list args;
  g_autofree char *specific = NULL;

  va_start (args, format);
  specific = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strconcat (specific, " ", topo_rule_why (rule), NULL);
}

void
topo_diagnostic_free (TopoDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->message);
  g_strfreev (diagnostic->subjects);
  g_free (diagnostic->fix);
  g_free (diagnostic->fix_arg);
  g_free (diagnostic->justification);
  g_free (diagnostic);
}

gboolean
topo_diagnostic_equal (const TopoDiagnostic *a,
                       const TopoDiagnostic *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->severity == b->severity && g_str_equal (a->rule, b->rule) &&
         g_str_equal (a->message, b->message) &&
         g_strv_equal ((const char *const *) a->subjects, (const char *const *) b->subjects) &&
         g_strcmp0 (a->fix, b->fix) == 0 && a->fix_kind == b->fix_kind &&
         g_strcmp0 (a->fix_arg, b->fix_arg) == 0 && a->suppressed == b->suppressed &&
         g_strcmp0 (a->justification, b->justification) == 0;
}

gboolean
topo_change_affects_validation (const TopoChange *change)
{
  const TopoResource *old, *now;
  TopoResource moved;

  g_return_val_if_fail (change != NULL, TRUE);

  switch (change->kind)
    {
    case TOPO_CHANGE_NOTE_ADDED:
    case TOPO_CHANGE_NOTE_REMOVED:
    case TOPO_CHANGE_NOTE_MODIFIED:
      return FALSE;

    case TOPO_CHANGE_RESOURCE_MODIFIED:
      old = change->old_value;
      now = change->new_value;
      if (old == NULL || now == NULL)
        return TRUE;
      /* the old resource with the new layout: equal when the layout alone changed */
      moved = *old;
      moved.has_layout = now->has_layout;
      moved.layout = now->layout;
      moved.layout_extra = now->layout_extra;
      return !topo_resource_equal (&moved, now);

    default:
      return TRUE;
    }
}

gboolean
topo_diagnostics_equal (GPtrArray *a,
                        GPtrArray *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!topo_diagnostic_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

gboolean
topo_diagnostic_counts (const TopoDiagnostic *diagnostic,
                        TopoSeverity threshold)
{
  g_return_val_if_fail (diagnostic != NULL, FALSE);
  return !diagnostic->suppressed && diagnostic->severity <= threshold;
}

TopoDiagnostic *
topo_validation_addv (TopoValidation *v,
                      const char *rule,
                      TopoSeverity severity,
                      char *message,
                      GPtrArray *subjects)
{
  TopoDiagnostic *d = g_new0 (TopoDiagnostic, 1);

  d->rule = rule;
  d->severity = severity;
  d->message = message;
  d->subjects = g_new0 (char *, subjects->len + 1);
  for (guint i = 0; i < subjects->len; i++)
    d->subjects[i] = g_strdup (g_ptr_array_index (subjects, i));
  d->fix_kind = TOPO_FIX_NONE;
  g_ptr_array_add (v->out, d);
  return d;
}

TopoDiagnostic *
topo_validation_add (TopoValidation *v,
                     const char *rule,
                     TopoSeverity severity,
                     char *message,
                     const char *first_subject,
                     ...)
{
  const char *subjects[16];
  guint n = 0;
  va_list args;
  TopoDiagnostic *d = g_new0 (TopoDiagnostic, 1);

  va_start (args, first_subject);
  for (const char *s = first_subject; s != NULL && n < G_N_ELEMENTS (subjects); s = va_arg (args, const char *))
    subjects[n++] = s;
  va_end (args);

  d->rule = rule;
  d->severity = severity;
  d->message = message;
  d->subjects = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    d->subjects[i] = g_strdup (subjects[i]);
  d->fix_kind = TOPO_FIX_NONE;
  g_ptr_array_add (v->out, d);
  return d;
}

void
topo_diagnostic_set_fix (TopoDiagnostic *d,
                         TopoFixKind kind,
                         char *label,
                         char *arg)
{
  g_free (d->fix);
  g_free (d->fix_arg);
  d->fix_kind = kind;
  d->fix = label;
  d->fix_arg = arg;
}

void
topo_validation_team_roles (TopoValidation *v,
                            guint ws,
                            GArray *scratch)
{
  const TopoResource *r = v->res[ws];

  g_array_set_size (scratch, 0);
  if (r->access == NULL)
    return;
  v->team_call++;   /* a fresh stamp for every call */
  for (guint i = 0; i < r->access->len; i++)
    {
      const TopoAccessEntry *e = &g_array_index (r->access, TopoAccessEntry, i);
      int team = e->team != NULL ? topo_validation_team_index (v, e->team) : -1;

      if (team < 0)
        continue;
      if (v->team_stamp[team] == v->team_call)
        {
          TopoTeamRole *tr = &g_array_index (scratch, TopoTeamRole, v->team_pos[team]);
          tr->role = MAX (tr->role, e->role);
        }
      else
        {
          TopoTeamRole tr = { team, e->role };

          v->team_stamp[team] = v->team_call;
          v->team_pos[team] = scratch->len;
          g_array_append_val (scratch, tr);
        }
    }
}

struct _TopoArena
{
  guint8   *block;
  gsize     size;
  gsize     used;
  GSList   *extra;        /* allocations that did not fit in block */
  gsize     extra_size;
  gboolean  busy;
};

static void
arena_free (gpointer data)
{
  TopoArena *arena = data;

  g_slist_free_full (arena->extra, g_free);
  g_free (arena->block);
  g_free (arena);
}

static GPrivate thread_arena = G_PRIVATE_INIT (arena_free);

static TopoArena *
arena_acquire (void)
{
  TopoArena *arena = g_private_get (&thread_arena);

  if (arena == NULL)
    {
      arena = g_new0 (TopoArena, 1);
      g_private_set (&thread_arena, arena);
    }
  if (arena->busy)
    return g_new0 (TopoArena, 1);   /* a run inside a run: a private, throw-away arena */
  arena->busy = TRUE;
  arena->used = 0;
  return arena;
}

static void
arena_release (TopoArena *arena)
{
  gsize needed = arena->used + arena->extra_size;

  g_slist_free_full (arena->extra, g_free);
  arena->extra = NULL;
  arena->extra_size = 0;
  if (arena != g_private_get (&thread_arena))
    {
      g_free (arena->block);
      g_free (arena);
      return;
    }
  /* Grow to what this run needed, so the next run of the same design fits in one block. */
  if (needed > arena->size)
    {
      g_free (arena->block);
      arena->size = needed + needed / 4;
      arena->block = g_malloc (arena->size);
    }
  arena->busy = FALSE;
}

gpointer
topo_validation_alloc (TopoValidation *v,
                       gsize size)
{
  TopoArena *arena = v->arena;
  gpointer mem;

  size = (size + 15) & ~(gsize) 15;
  if (size == 0)
    size = 16;
  if (arena->block != NULL && arena->used + size <= arena->size)
    {
      mem = arena->block + arena->used;
      arena->used += size;
      return mem;
    }
  mem = g_malloc (size);
  arena->extra = g_slist_prepend (arena->extra, mem);
  arena->extra_size += size;
  return mem;
}

gpointer
topo_validation_alloc0 (TopoValidation *v,
                        gsize size)
{
  gpointer mem = topo_validation_alloc (v, size);

  memset (mem, 0, size);
  return mem;
}

static void
ptr_index_init (TopoValidation *v,
                TopoPtrIndex *map,
                guint n,
                const gconstpointer *items)
{
  gsize size = 16;

  while (size < 2 * (gsize) n)
    size <<= 1;
  map->slots = topo_validation_new (v, int, size);
  memset (map->slots, 0xff, size * sizeof (int));
  map->mask = size - 1;
  map->items = items;
}

static inline gsize
ptr_slot (const TopoPtrIndex *map,
          gconstpointer key)
{
  /* Fibonacci hashing of the address; allocations are 16-byte aligned. */
  return (((guintptr) key >> 4) * G_GUINT64_CONSTANT (11400714819323198485)) >> 20 & map->mask;
}

/* items[value] must already be key. */
static void
ptr_index_insert (TopoPtrIndex *map,
                  gconstpointer key,
                  int value)
{
  gsize slot = ptr_slot (map, key);

  while (map->slots[slot] >= 0 && map->items[map->slots[slot]] != key)
    slot = (slot + 1) & map->mask;
  map->slots[slot] = value;
}

static int
ptr_index_lookup (const TopoPtrIndex *map,
                  gconstpointer key)
{
  gsize slot;

  if (key == NULL)
    return -1;
  for (slot = ptr_slot (map, key); map->slots[slot] >= 0; slot = (slot + 1) & map->mask)
    if (map->items[map->slots[slot]] == key)
      return map->slots[slot];
  return -1;
}

/* The document keeps each resource's position, so a resource's index needs no lookup table. */
static inline int
resource_position (const TopoResource *r)
{
  return r != NULL ? (int) r->position : -1;
}

int
topo_validation_index (TopoValidation *v,
                       const char *id)
{
  return id == NULL ? -1 : resource_position (topo_document_lookup (v->doc, id));
}

int
topo_validation_team_index (TopoValidation *v,
                            const char *id)
{
  return id == NULL ? -1 : ptr_index_lookup (&v->team_index, topo_document_lookup_team (v->doc, id));
}

static void
validation_init (TopoValidation *v,
                 TopoDocument *doc)
{
  guint n, m;
  const char *last_from = NULL;
  int last_from_index = -1;

  memset (v, 0, sizeof *v);
  v->doc = doc;
  v->arena = arena_acquire ();
  v->policy = topo_document_get_policy (doc);
  v->out = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_diagnostic_free);
  v->n_resources = n = topo_document_get_n_resources (doc);
  v->n_links = m = topo_document_get_n_links (doc);
  v->n_teams = topo_document_get_n_teams (doc);
  v->n_environments = g_strv_length ((char **) topo_policy_environments (v->policy));
  v->first_rg = -1;

  v->res = topo_validation_new (v, const TopoResource *, n);
  v->rg = topo_validation_new (v, int, n);
  v->rg_holds = topo_validation_new0 (v, guint8, n);
  v->env = topo_validation_new (v, int, n);
  v->prod = topo_validation_new0 (v, guint8, n);
  v->region = topo_validation_new0 (v, const char *, n);
  v->region_info = topo_validation_new0 (v, const TopoRegion *, n);
  v->assoc = topo_validation_new (v, int, (gsize) n * 4);
  v->workspace = topo_validation_new (v, int, n);
  v->link_from = topo_validation_new (v, int, m);
  v->link_to = topo_validation_new (v, int, m);
  v->ds_off = topo_validation_new0 (v, guint, n + 1);
  v->ds_links = topo_validation_new (v, guint, m);
  v->prod_rg_by_region = g_hash_table_new (g_str_hash, g_str_equal);

  {
    gconstpointer *teams = topo_validation_new (v, gconstpointer, v->n_teams);

    ptr_index_init (v, &v->team_index, v->n_teams, teams);
    for (guint i = 0; i < v->n_teams; i++)
      {
        teams[i] = topo_document_get_team (doc, i);
        ptr_index_insert (&v->team_index, teams[i], i);
      }
  }
  v->team_stamp = topo_validation_new0 (v, guint, v->n_teams);
  v->team_pos = topo_validation_new (v, guint, v->n_teams);
  v->by_kind = topo_validation_new (v, guint, n);
  v->ungrouped = g_array_new (FALSE, FALSE, sizeof (guint));

  /* One pass over the resource structs (10 000 of them do not fit in L2, so every extra pass
   * costs): it records the pointers a resource refers to (the document's id lookups give
   * pointers); they become indexes afterwards, over compact arrays, once every resource is in
   * the pointer index, whatever the document order. */
  {
    guint8 *kinds = topo_validation_new (v, guint8, n);
    guint8 *existing = topo_validation_new (v, guint8, n);
    gconstpointer *group_of = topo_validation_new0 (v, gconstpointer, n);
    gconstpointer *refs = topo_validation_new (v, gconstpointer, (gsize) n * 4);
    guint fill[TOPO_N_KINDS];
    const char *last_group = NULL;
    gconstpointer last_group_ptr = NULL;

    memset (v->kind_off, 0, sizeof v->kind_off);
    topo_rules_naming_begin (v);
    for (guint i = 0; i < n; i++)
      {
        const TopoResource *r = topo_document_get_resource (doc, i);

        if (i + 2 * TOPO_PREFETCH_DISTANCE < n)
          {
            const TopoResource *far = topo_document_get_resource (doc, i + 2 * TOPO_PREFETCH_DISTANCE);
            TOPO_PREFETCH (far);
            TOPO_PREFETCH (&far->group);
            TOPO_PREFETCH (&far->workspace);
            TOPO_PREFETCH (&far->tags);
            TOPO_PREFETCH (&far->storage);
          }
        if (i + TOPO_PREFETCH_DISTANCE < n)
          {
            const TopoResource *ahead = topo_document_get_resource (doc, i + TOPO_PREFETCH_DISTANCE);
            TOPO_PREFETCH (ahead->group);
            TOPO_PREFETCH (ahead->name != NULL ? ahead->name : ahead->id);
            if (ahead->tags != NULL)
              TOPO_PREFETCH (ahead->tags->data);
            /* the ids this resource refers to, hashed by the lookups below */
            if (ahead->kind == TOPO_KIND_WORKSPACE)
              {
                TOPO_PREFETCH (ahead->storage);
                TOPO_PREFETCH (ahead->key_vault);
                TOPO_PREFETCH (ahead->app_insights);
                TOPO_PREFETCH (ahead->container_registry);
              }
            else if (ahead->workspace != NULL)
              TOPO_PREFETCH (ahead->workspace);
          }
        if (i + TOPO_PREFETCH_DISTANCE / 2 < n)
          {
            const GArray *tags = topo_document_get_resource (doc, i + TOPO_PREFETCH_DISTANCE / 2)->tags;
            for (guint t = 0; tags != NULL && t < tags->len && t < 4; t++)
              {
                TOPO_PREFETCH (g_array_index (tags, TopoTag, t).key);
                TOPO_PREFETCH (g_array_index (tags, TopoTag, t).value);
              }
          }

        v->res[i] = r;
        topo_rules_naming_resource (v, i, r);
        kinds[i] = r->kind;
        existing[i] = r->existing;
        v->kind_off[r->kind + 1]++;
        v->rg[i] = -1;
        v->env[i] = -1;

        if (r->kind == TOPO_KIND_WORKSPACE)
          for (guint k = 0; k < 4; k++)
            {
              const char *id = topo_resource_associated (r, k);
              refs[i * 4 + k] = id != NULL ? topo_document_lookup (doc, id) : NULL;
            }
        else if (topo_kind_is_compute (r->kind))
          refs[i * 4] = r->workspace != NULL ? topo_document_lookup (doc, r->workspace) : NULL;

        if (r->kind != TOPO_KIND_RESOURCE_GROUP)
          {
            if (r->group == NULL)
              {
                g_array_append_val (v->ungrouped, i);
                continue;
              }
            /* Resources of one RG usually follow each other: a strcmp beats a hash lookup. */
            if (last_group == NULL || strcmp (last_group, r->group) != 0)
              {
                last_group = r->group;
                last_group_ptr = topo_document_lookup (doc, r->group);
              }
            group_of[i] = last_group_ptr;
            continue;
          }
        v->rg[i] = i;
        if (v->first_rg < 0)
          v->first_rg = i;
        v->env[i] = r->environment != NULL
                    ? topo_policy_environment_index (v->policy, r->environment) : -1;
        v->prod[i] = v->env[i] >= 0 && topo_policy_is_production (v->policy, r->environment);
        v->region[i] = r->region;
        v->region_info[i] = topo_region_lookup (r->region);
        if (v->prod[i] && r->region != NULL &&
            !g_hash_table_contains (v->prod_rg_by_region, r->region))
          g_hash_table_insert (v->prod_rg_by_region, (gpointer) r->region, GINT_TO_POINTER (i));
      }
    for (guint k = 0; k < TOPO_N_KINDS; k++)
      v->kind_off[k + 1] += v->kind_off[k];
    memcpy (fill, v->kind_off, sizeof fill);
    for (guint i = 0; i < n; i++)
      v->by_kind[fill[kinds[i]]++] = i;

    for (guint i = 0; i < n; i++)
      {
        int g;

        if (kinds[i] == TOPO_KIND_WORKSPACE)
          for (guint k = 0; k < 4; k++)
            v->assoc[i * 4 + k] = resource_position (refs[i * 4 + k]);
        else if (kinds[i] == TOPO_KIND_COMPUTE_INSTANCE || kinds[i] == TOPO_KIND_COMPUTE_CLUSTER)
          v->workspace[i] = resource_position (refs[i * 4]);

        if (group_of[i] == NULL)
          continue;
        g = resource_position (group_of[i]);
        if (g < 0 || kinds[g] != TOPO_KIND_RESOURCE_GROUP)
          continue;
        v->rg[i] = g;
        if (kinds[i] != TOPO_KIND_COMPUTE_INSTANCE && kinds[i] != TOPO_KIND_COMPUTE_CLUSTER)
          v->rg_holds[g] |= existing[i] ? 1 : 2;
        v->env[i] = v->env[g];
        v->prod[i] = v->prod[g];
        v->region[i] = v->region[g];
        v->region_info[i] = v->region_info[g];
      }
  }

  for (guint l = 0; l < m; l++)
    {
      const TopoLink *link = topo_document_get_link (doc, l);

      if (l + 2 * TOPO_PREFETCH_DISTANCE < m)
        TOPO_PREFETCH (topo_document_get_link (doc, l + 2 * TOPO_PREFETCH_DISTANCE));
      if (l + TOPO_PREFETCH_DISTANCE < m)
        {
          const TopoLink *ahead = topo_document_get_link (doc, l + TOPO_PREFETCH_DISTANCE);
          TOPO_PREFETCH (ahead->from);
          TOPO_PREFETCH (ahead->to);
        }

      /* Links are often drawn from one workspace in a row: a strcmp beats a hash lookup. */
      if (last_from == NULL || strcmp (last_from, link->from) != 0)
        {
          last_from = link->from;
          last_from_index = topo_validation_index (v, link->from);
        }
      v->link_from[l] = last_from_index;
      v->link_to[l] = topo_validation_index (v, link->to);
      if (link->type == TOPO_LINK_DATASTORE && v->link_from[l] >= 0 && v->link_to[l] >= 0)
        v->ds_off[v->link_from[l] + 1]++;
    }
  for (guint i = 0; i < n; i++)
    v->ds_off[i + 1] += v->ds_off[i];
  {
    guint *fill = topo_validation_new (v, guint, n);

    memcpy (fill, v->ds_off, sizeof (guint) * n);

    for (guint l = 0; l < m; l++)
      {
        const TopoLink *link = topo_document_get_link (doc, l);

        if (link->type == TOPO_LINK_DATASTORE && v->link_from[l] >= 0 && v->link_to[l] >= 0)
          v->ds_links[fill[v->link_from[l]]++] = l;
      }
  }
}

static void
validation_clear (TopoValidation *v)
{
  g_array_unref (v->ungrouped);
  g_hash_table_unref (v->prod_rg_by_region);
  arena_release (v->arena);
}

static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const TopoDiagnostic *da = *(const TopoDiagnostic * const *) a;
  const TopoDiagnostic *db = *(const TopoDiagnostic * const *) b;
  int cmp;
  guint i;

  if (da->severity != db->severity)
    return da->severity < db->severity ? -1 : 1;
  if ((cmp = strcmp (da->rule, db->rule)) != 0)
    return cmp;
  if ((cmp = strcmp (da->subjects[0] != NULL ? da->subjects[0] : "",
                     db->subjects[0] != NULL ? db->subjects[0] : "")) != 0)
    return cmp;
  if ((cmp = strcmp (da->message, db->message)) != 0)
    return cmp;
  /* Total order: the remaining subjects decide what the message does not. */
  for (i = 0; da->subjects[i] != NULL && db->subjects[i] != NULL; i++)
    if ((cmp = strcmp (da->subjects[i], db->subjects[i])) != 0)
      return cmp;
  if (da->subjects[i] != NULL || db->subjects[i] != NULL)
    return da->subjects[i] == NULL ? -1 : 1;
  return g_strcmp0 (da->fix_arg, db->fix_arg);
}

/* ---- policy.rules and suppressions ---- */

static gboolean
is_suppression_rule (const char *rule)
{
  return g_str_has_prefix (rule, "SUP");
}

static TopoSeverity
severity_of_level (TopoRuleLevel level)
{
  switch (level)
    {
    case TOPO_RULE_LEVEL_ERROR:
      return TOPO_SEVERITY_ERROR;
    case TOPO_RULE_LEVEL_WARNING:
      return TOPO_SEVERITY_WARNING;
    case TOPO_RULE_LEVEL_INFO:
    case TOPO_RULE_LEVEL_OFF:
    case TOPO_N_RULE_LEVELS:
    default:
      return TOPO_SEVERITY_INFO;
    }
}

/* Applies policy.rules to out[from..]: drops the findings of rules turned off, moves the others
 * to their overridden severity. */
static void
apply_overrides (TopoValidation *v,
                 guint from)
{
  if (v->policy->rules == NULL)
    return;
  for (guint i = from; i < v->out->len; )
    {
      TopoDiagnostic *d = g_ptr_array_index (v->out, i);
      int level = topo_policy_rule_level (v->policy, d->rule);

      if (v->for_export && level >= 0)
        {
          const TopoRuleInfo *info = topo_rules_lookup (d->rule);
          if (info != NULL && info->blocks_export)
            level = -1;   /* Azure does not read policy.rules */
        }
      if (level == TOPO_RULE_LEVEL_OFF)
        {
          g_ptr_array_remove_index (v->out, i);
          continue;
        }
      if (level >= 0)
        d->severity = severity_of_level (level);
      i++;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer data)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* A borrowed view of a string vector, for topo_validation_addv. */
static GPtrArray *
strv_view (char **strv)
{
  GPtrArray *array = g_ptr_array_new ();

  for (guint i = 0; strv[i] != NULL; i++)
    g_ptr_array_add (array, strv[i]);
  return array;
}

/* "rule\x1f" + the subjects sorted, each followed by "\x1f": findings and suppressions with the
 * same key match (subjects in any order). */
static char *
match_key (const char *rule,
           char **subjects)
{
  guint n = g_strv_length (subjects);
  g_autofree char **sorted = g_memdup2 (subjects, sizeof (char *) * (n + 1));
  GString *key = g_string_new (rule);

  g_qsort_with_data (sorted, n, sizeof (char *), compare_strings, NULL);
  g_string_append_c (key, '\x1f');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && g_str_equal (sorted[i], sorted[i - 1]))
        continue;   /* a subject named twice counts once */
      g_string_append (key, sorted[i]);
      g_string_append_c (key, '\x1f');
    }
  return g_string_free (key, FALSE);
}

/* “name”, “name” for the subjects of a suppression (team or resource ids, or the id itself). */
static char *
subject_names (TopoValidation *v,
               char **subjects)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; subjects[i] != NULL; i++)
    {
      const TopoResource *r = topo_document_lookup (v->doc, subjects[i]);
      const TopoTeam *t = r == NULL ? topo_document_lookup_team (v->doc, subjects[i]) : NULL;

      g_string_append_printf (s, "%s“%s”", i > 0 ? ", " : "",
                              r != NULL ? topo_resource_get_name (r)
                              : t != NULL ? topo_team_get_name (t) : subjects[i]);
    }
  return g_string_free (s, FALSE);
}

static char *
suppression_fix_arg (const TopoSuppression *s)
{
  g_autofree char *subjects = g_strjoinv ("\n", s->subjects);

  return g_strconcat (s->rule, "\n", subjects, NULL);
}

static void
apply_suppressions (TopoValidation *v,
                    const char *today)
{
  GPtrArray *list = v->policy->suppressions;
  g_autoptr(GHashTable) by_key = NULL;
  guint first_new = v->out->len;

  if (list != NULL && list->len > 0)
    {
      by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
      for (guint i = 0; i < v->out->len; i++)
        {
          TopoDiagnostic *d = g_ptr_array_index (v->out, i);
          char *key = match_key (d->rule, d->subjects);
          GPtrArray *same = g_hash_table_lookup (by_key, key);

          if (same == NULL)
            {
              same = g_ptr_array_new ();
              g_hash_table_insert (by_key, key, same);
            }
          else
            g_free (key);
          g_ptr_array_add (same, d);
        }
    }
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const TopoSuppression *s = g_ptr_array_index (list, i);
      g_autofree char *key = match_key (s->rule, s->subjects);
      GPtrArray *same = is_suppression_rule (s->rule) ? NULL : g_hash_table_lookup (by_key, key);
      g_autofree char *names = subject_names (v, s->subjects);
      g_autoptr(GPtrArray) subjects = strv_view (s->subjects);
      TopoDiagnostic *d;

      if (s->expires != NULL && strcmp (s->expires, today) < 0)
        {
          d = topo_validation_addv (v, "SUP002", TOPO_SEVERITY_WARNING,
                                    topo_validation_message ("SUP002",
                                      _("The suppression of %s for %s expired on %s (“%s”)."),
                                      s->rule, names, s->expires, s->justification),
                                    subjects);
          topo_diagnostic_set_fix (d, TOPO_FIX_REMOVE_SUPPRESSION,
                                   g_strdup_printf (_("Remove the suppression of %s for %s"), s->rule, names),
                                   suppression_fix_arg (s));
          continue;
        }
      if (same != NULL)
        {
          for (guint k = 0; k < same->len; k++)
            {
              TopoDiagnostic *found = g_ptr_array_index (same, k);

              if (found->suppressed)
                continue;
              found->suppressed = TRUE;
              found->justification = g_strdup (s->justification);
            }
          continue;
        }
      d = topo_validation_addv (v, "SUP001", TOPO_SEVERITY_WARNING,
                                topo_validation_message ("SUP001",
                                  _("The suppression of %s for %s matches no finding."), s->rule, names),
                                subjects);
      topo_diagnostic_set_fix (d, TOPO_FIX_REMOVE_SUPPRESSION,
                               g_strdup_printf (_("Remove the suppression of %s for %s"), s->rule, names),
                               suppression_fix_arg (s));
    }

  /* SUP003: overrides of rules this version does not know. */
  for (guint i = 0; v->policy->rules != NULL && i < v->policy->rules->len; i++)
    {
      const TopoRuleOverride *o = &g_array_index (v->policy->rules, TopoRuleOverride, i);
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      TopoDiagnostic *d;

      if (rule_position (o->rule) >= 0)
        continue;
      d = topo_validation_addv (v, "SUP003", TOPO_SEVERITY_WARNING,
                                topo_validation_message ("SUP003",
                                  _("The policy sets the rule “%s” to “%s”, but there is no such rule."),
                                  o->rule, topo_rule_level_to_string (o->level)),
                                none);
      topo_diagnostic_set_fix (d, TOPO_FIX_REMOVE_RULE_OVERRIDE,
                               g_strdup_printf (_("Remove the override of “%s”"), o->rule),
                               g_strdup (o->rule));
    }
  /* The findings about suppressions follow policy.rules too. */
  apply_overrides (v, first_new);
}

GPtrArray *
topo_validate (TopoDocument *doc)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  return topo_validate_at (doc, today);
}

static GPtrArray *
validate_run (TopoDocument *doc,
              const char *today,
              gboolean for_export)
{
  TopoValidation v;

  validation_init (&v, doc);
  v.for_export = for_export;
  topo_rules_segregation (&v);
  topo_rules_access (&v);
  topo_rules_regions (&v);
  topo_rules_naming (&v);
  topo_rules_deployability (&v);
  topo_rules_security (&v);
  topo_rules_capacity (&v);
  apply_overrides (&v, 0);
  apply_suppressions (&v, today);
  validation_clear (&v);

  g_ptr_array_sort (v.out, compare_diagnostics);
  return v.out;
}

GPtrArray *
topo_validate_at (TopoDocument *doc,
                  const char *today)
{
  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  return validate_run (doc, today, FALSE);
}

GPtrArray *
topo_validate_export_blockers (TopoDocument *doc)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;
  GPtrArray *all;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y-%m-%d");
  all = validate_run (doc, today, TRUE);
  for (guint i = 0; i < all->len; )
    {
      const TopoDiagnostic *d = g_ptr_array_index (all, i);
      const TopoRuleInfo *info = topo_rules_lookup (d->rule);

      if (d->severity == TOPO_SEVERITY_ERROR && (!d->suppressed || (info != NULL && info->blocks_export)))
        i++;
      else
        g_ptr_array_remove_index (all, i);   /* keeps the order */
    }
  return all;
}

GHashTable *
topo_diagnostics_badges (GPtrArray *diagnostics)
{
  GHashTable *badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (diagnostics != NULL, badges);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->suppressed)
        continue;   /* accepted: no badge on the canvas */
      for (guint s = 0; d->subjects[s] != NULL; s++)
        {
          TopoBadge *badge;
          gboolean repeated = FALSE;

          /* A subject named twice in one finding counts once. */
          for (guint t = 0; t < s; t++)
            repeated |= g_str_equal (d->subjects[t], d->subjects[s]);
          if (repeated)
            continue;
          badge = g_hash_table_lookup (badges, d->subjects[s]);
          if (badge == NULL)
            {
              badge = g_new0 (TopoBadge, 1);
              g_hash_table_insert (badges, g_strdup (d->subjects[s]), badge);
            }
          switch (d->severity)
            {
            case TOPO_SEVERITY_ERROR:
              badge->errors++;
              break;
            case TOPO_SEVERITY_WARNING:
              badge->warnings++;
              break;
            case TOPO_SEVERITY_INFO:
            default:
              badge->infos++;
              break;
            }
        }
    }
  return badges;
}

/* Fixes */

static gboolean
same_diagnostic (const TopoDiagnostic *a,
                 const TopoDiagnostic *b)
{
  return g_str_equal (a->rule, b->rule) && a->fix_kind == b->fix_kind &&
         g_strcmp0 (a->fix_arg, b->fix_arg) == 0 &&
         g_strv_equal ((const char * const *) a->subjects, (const char * const *) b->subjects);
}

static int
find_link_or_fail (TopoDocument *doc,
                   TopoLinkType type,
                   const char *from,
                   const char *to,
                   GError **error)
{
  int index = topo_document_find_link (doc, type, from, to);

  if (index < 0)
    g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_FOUND,
                 _("The %s link from “%s” to “%s” no longer exists"),
                 topo_link_type_to_string (type), from, to);
  return index;
}

static gboolean
fix_set_role (TopoDocument *doc,
              const char *workspace,
              const char *team,
              const char *role_name,
              GError **error)
{
  const TopoResource *ws = topo_document_lookup (doc, workspace);
  TopoResource *copy;
  int role = role_name != NULL ? topo_role_from_string (role_name) : TOPO_ROLE_UNSET;
  gboolean placed = FALSE;

  if (ws == NULL || ws->access == NULL || role < 0)
    {
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_FOUND,
                   _("Workspace “%s” no longer gives access to team “%s”"), workspace, team);
      return FALSE;
    }
  /* Every entry of the team collapses into one (at the first one's place) with the new role,
   * so a team listed twice cannot keep its broader role through the other entry. */
  copy = topo_resource_copy (ws);
  for (guint i = 0; i < copy->access->len; )
    {
      TopoAccessEntry *e = &g_array_index (copy->access, TopoAccessEntry, i);

      if (g_strcmp0 (e->team, team) == 0 && role != TOPO_ROLE_UNSET && !placed)
        {
          e->role = role;
          placed = TRUE;
          i++;
        }
      else if (g_strcmp0 (e->team, team) == 0)
        g_array_remove_index (copy->access, i);   /* the array's clear func frees the entry */
      else
        i++;
    }
  return topo_edit_replace (doc, copy, error);
}

static gboolean
run_fix (const TopoDiagnostic *d,
         TopoDocument *doc,
         GError **error)
{
  const char *subject = d->subjects[0];
  int index;

  switch ((TopoFixKind) d->fix_kind)
    {
    case TOPO_FIX_REMOVE_LINK:
      index = find_link_or_fail (doc, topo_link_type_from_string (d->fix_arg), subject,
                                 d->subjects[1], error);
      return index >= 0 && topo_edit_disconnect (doc, index, error);

    case TOPO_FIX_LINK_READ_ONLY:
      index = find_link_or_fail (doc, TOPO_LINK_DATASTORE, subject, d->subjects[1], error);
      return index >= 0 && topo_edit_set_link_access (doc, index, TOPO_ACCESS_READ, error);

    case TOPO_FIX_SET_LINK_COMPUTE:
      index = find_link_or_fail (doc, TOPO_LINK_INFERENCE, subject, d->subjects[1], error);
      return index >= 0 && topo_edit_set_link_compute (doc, index, d->fix_arg, error);

    case TOPO_FIX_REVERSE_LINK:
      {
        TopoLink *reversed;

        index = find_link_or_fail (doc, TOPO_LINK_PROMOTION, subject, d->subjects[1], error);
        if (index < 0)
          return FALSE;
        reversed = topo_link_copy (topo_document_get_link (doc, index));
        topo_document_remove_link (doc, index);
        if (topo_document_find_link (doc, TOPO_LINK_PROMOTION, d->subjects[1], subject) < 0)
          {
            char *tmp = reversed->from;
            reversed->from = reversed->to;
            reversed->to = tmp;
            topo_document_insert_link (doc, index, reversed);
          }
        else
          topo_link_free (reversed);  /* the forward link exists already */
        return TRUE;
      }

    case TOPO_FIX_SET_PROPERTIES:
      {
        g_auto(GStrv) lines = g_strsplit (d->fix_arg, "\n", -1);

        for (guint i = 0; lines[i] != NULL; i++)
          {
            char *eq = strchr (lines[i], '=');

            if (eq != NULL)
              *eq = '\0';
            if (!topo_edit_set_property (doc, subject, lines[i], eq != NULL ? eq + 1 : NULL, error))
              return FALSE;
          }
        return TRUE;
      }

    case TOPO_FIX_REPARENT:
      {
        const TopoResource *r = topo_document_lookup (doc, subject);
        double x = r != NULL && r->has_layout ? r->layout.x : 24;
        double y = r != NULL && r->has_layout ? r->layout.y : 40;

        return topo_edit_reparent (doc, subject, d->fix_arg, x, y, error);
      }

    case TOPO_FIX_SET_ROLE:
      return fix_set_role (doc, subject, d->subjects[1], d->fix_arg, error);

    case TOPO_FIX_ADD_TAGS:
      {
        g_auto(GStrv) keys = g_strsplit (d->fix_arg, "\n", -1);

        for (guint i = 0; keys[i] != NULL; i++)
          if (!topo_edit_set_tag (doc, subject, keys[i], TOPO_TAG_PLACEHOLDER, error))
            return FALSE;
        return TRUE;
      }

    case TOPO_FIX_UNIFY_TAG:
      {
        const char *nl = strchr (d->fix_arg, '\n');
        g_autofree char *key = g_strndup (d->fix_arg, nl - d->fix_arg);

        for (guint i = 0; d->subjects[i] != NULL; i++)
          if (!topo_edit_set_tag (doc, d->subjects[i], key, nl + 1, error))
            return FALSE;
        return TRUE;
      }

    case TOPO_FIX_MOVE_GROUP_REGION:
      {
        const TopoResource *r = topo_document_lookup (doc, subject);
        double x = r != NULL && r->has_layout ? r->layout.x : 24;
        double y = r != NULL && r->has_layout ? r->layout.y : 24;

        return topo_edit_move_group_to_region (doc, subject, d->fix_arg, x, y, error);
      }

    case TOPO_FIX_SET_MAX_NODES:
      {
        g_auto(GStrv) lines = g_strsplit (d->fix_arg, "\n", -1);

        for (guint i = 0; lines[i] != NULL; i++)
          {
            char *eq = strrchr (lines[i], '=');

            *eq = '\0';
            if (!topo_edit_set_property (doc, lines[i], "max_nodes", eq + 1, error))
              return FALSE;
          }
        return TRUE;
      }

    case TOPO_FIX_REMOVE_SUPPRESSION:
    case TOPO_FIX_REMOVE_RULE_OVERRIDE:
      {
        g_autoptr(TopoPolicy) policy = topo_policy_copy (topo_document_get_policy (doc));
        g_auto(GStrv) parts = g_strsplit (d->fix_arg, "\n", -1);
        gboolean removed = FALSE;

        if (d->fix_kind == TOPO_FIX_REMOVE_RULE_OVERRIDE)
          for (guint i = policy->rules != NULL ? policy->rules->len : 0; i > 0; i--)
            {
              if (g_str_equal (g_array_index (policy->rules, TopoRuleOverride, i - 1).rule, d->fix_arg))
                {
                  g_array_remove_index (policy->rules, i - 1);
                  removed = TRUE;
                }
            }
        else
          for (guint i = 0; policy->suppressions != NULL && i < policy->suppressions->len && !removed; i++)
            {
              const TopoSuppression *s = g_ptr_array_index (policy->suppressions, i);

              if (g_str_equal (s->rule, parts[0]) &&
                  g_strv_equal ((const char *const *) s->subjects, (const char *const *) parts + 1))
                {
                  g_ptr_array_remove_index (policy->suppressions, i);
                  removed = TRUE;
                }
            }
        if (!removed)
          {
            g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_FOUND,
                         _("The design no longer has this entry"));
            return FALSE;
          }
        topo_document_set_policy (doc, g_steal_pointer (&policy));
        return TRUE;
      }

    case TOPO_FIX_NONE:
    default:
      break;
    }
  g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
               _("This finding has no automatic fix"));
  return FALSE;
}

gboolean
topo_diagnostic_apply_fix (const TopoDiagnostic *diagnostic,
                           TopoDocument *doc,
                           GError **error)
{
  g_autoptr(GPtrArray) current = NULL;
  gboolean still_applies = FALSE;

  g_return_val_if_fail (diagnostic != NULL, FALSE);
  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (diagnostic->fix_kind == TOPO_FIX_NONE || diagnostic->fix == NULL)
    {
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                   _("This finding has no automatic fix"));
      return FALSE;
    }

  /* The diagnostic may be stale (the GUI revalidates in an idle): apply only what the current
   * design still reports, with the same fix. Validation is cheap, so re-run it. */
  current = topo_validate (doc);
  for (guint i = 0; i < current->len && !still_applies; i++)
    still_applies = same_diagnostic (g_ptr_array_index (current, i), diagnostic);
  if (!still_applies)
    {
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_FOUND,
                   _("The finding %s no longer applies to this design"), diagnostic->rule);
      return FALSE;
    }

  topo_document_begin_group (doc, diagnostic->fix);
  if (!run_fix (diagnostic, doc, error))
    {
      topo_document_cancel_group (doc);
      return FALSE;
    }
  topo_document_end_group (doc);
  return TRUE;
}

gboolean
topo_diagnostic_suppress (const TopoDiagnostic *diagnostic,
                          TopoDocument *doc,
                          const char *justification,
                          const char *expires,
                          GError **error)
{
  g_autoptr(TopoPolicy) policy = NULL;
  g_autofree char *label = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (diagnostic != NULL, FALSE);
  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reason = g_strstrip (g_strdup (justification != NULL ? justification : ""));
  if (reason[0] == '\0')
    {
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("A suppression needs a justification: say why the finding is accepted."));
      return FALSE;
    }
  if (expires != NULL && !topo_date_is_valid (expires))
    {
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("“%s” is not a date (expected YYYY-MM-DD)."), expires);
      return FALSE;
    }
  if (diagnostic->suppressed || is_suppression_rule (diagnostic->rule))
    {
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                   diagnostic->suppressed ? _("The finding %s is already suppressed.")
                                          : _("Findings about suppressions (%s) cannot be suppressed; fix the suppression instead."),
                   diagnostic->rule);
      return FALSE;
    }
  policy = topo_policy_copy (topo_document_get_policy (doc));
  if (policy->suppressions == NULL)
    policy->suppressions = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_suppression_free);
  g_ptr_array_add (policy->suppressions,
                   topo_suppression_new (diagnostic->rule, (const char *const *) diagnostic->subjects,
                                         reason, expires));
  label = g_strdup_printf (_("Suppress %s"), diagnostic->rule);
  topo_document_begin_group (doc, label);
  topo_document_set_policy (doc, g_steal_pointer (&policy));
  topo_document_end_group (doc);
  return TRUE;
}
