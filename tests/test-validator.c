/* test-validator.c: every v1 rule fires and stays quiet, fixes work and undo, order is
 * deterministic, the naming matchers equal their regexes, the samples are clean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo-edit.h"
#include "topo-format.h"
#include "topo-generator.h"
#include "topo-regions.h"
#include "topo-validator.h"
#include "design-mutations.h"

/* Designs are written with single quotes for readability; they become JSON here. */
static TopoDocument *
load_design (const char *policy,
             const char *teams,
             const char *resources,
             const char *links)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{'format':'topograph','version':1,"
                                           "'policy':{%s},'teams':[%s],'resources':[%s],'links':[%s]}",
                                           policy, teams, resources, links);
  TopoDocument *doc;

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  doc = topo_format_load_data (text, strlen (text), "test.topograph", &error);
  if (doc == NULL)
    g_error ("test design does not load: %s\n%s", error->message, text);
  return doc;
}

/* A dev and a prod RG in westeurope with a workspace each, production storage in prod, plain
 * storage in dev. */
#define RG_DEV "{'id':'rg-dev','type':'resource-group','name':'rg-fraud-dev','region':'westeurope','environment':'dev'}"
#define RG_PROD "{'id':'rg-prod','type':'resource-group','name':'rg-fraud-prod','region':'westeurope','environment':'prod'}"
#define WS_DEV "{'id':'ws-dev','type':'workspace','name':'mlw-fraud-dev','group':'rg-dev'}"
#define WS_PROD "{'id':'ws-prod','type':'workspace','name':'mlw-fraud-prod','group':'rg-prod','public_network_access':false}"
#define ST_PROD "{'id':'st-prod','type':'storage','name':'stfraudprod','group':'rg-prod','data':'production','public_network_access':false}"
#define ST_DEV "{'id':'st-dev','type':'storage','name':'stfrauddev','group':'rg-dev'}"
#define BASE RG_DEV "," RG_PROD "," WS_DEV "," WS_PROD "," ST_PROD "," ST_DEV

static GPtrArray *
findings (TopoDocument *doc,
          const char *rule)
{
  g_autoptr(GPtrArray) all = topo_validate (doc);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_diagnostic_free);

  /* Steal the matching diagnostics so they outlive `all`. */
  for (guint i = 0; i < all->len; )
    {
      TopoDiagnostic *d = g_ptr_array_index (all, i);
      if (g_str_equal (d->rule, rule))
        g_ptr_array_add (out, g_ptr_array_steal_index (all, i));
      else
        i++;
    }
  return out;
}

static char *
subjects_string (const TopoDiagnostic *d)
{
  return g_strjoinv (",", d->subjects);
}

/* Asserts exactly one finding of rule whose subjects are `subjects` (comma separated), with the
 * severity, and whose message names each of the names (comma separated). Returns it. */
static TopoDiagnostic *
assert_fires (TopoDocument *doc,
              const char *rule,
              TopoSeverity severity,
              const char *subjects,
              const char *names)
{
  g_autoptr(GPtrArray) list = findings (doc, rule);
  TopoDiagnostic *found = NULL;
  g_auto(GStrv) name_list = g_strsplit (names, ",", -1);

  for (guint i = 0; i < list->len; i++)
    {
      TopoDiagnostic *d = g_ptr_array_index (list, i);
      g_autofree char *s = subjects_string (d);
      gboolean named = TRUE;

      for (guint n = 0; name_list[n] != NULL; n++)
        named &= name_list[n][0] == '\0' || strstr (d->message, name_list[n]) != NULL;
      if (g_str_equal (s, subjects) && named)
        {
          g_assert_null (found);
          found = g_ptr_array_steal_index (list, i--);
        }
    }
  if (found == NULL)
    {
      g_autoptr(GPtrArray) all = topo_validate (doc);
      for (guint i = 0; i < all->len; i++)
        {
          TopoDiagnostic *d = g_ptr_array_index (all, i);
          g_autofree char *s = subjects_string (d);
          g_test_message ("have %s [%s] %s", d->rule, s, d->message);
        }
      g_error ("%s did not fire for [%s]", rule, subjects);
    }
  g_assert_cmpint (found->severity, ==, severity);
  g_assert_cmpstr (found->rule, ==, rule);
  for (guint i = 0; name_list[i] != NULL; i++)
    if (name_list[i][0] != '\0' && strstr (found->message, name_list[i]) == NULL)
      g_error ("%s message lacks “%s”: %s", rule, name_list[i], found->message);
  /* Every message ends with the rule's reason. */
  g_assert_true (g_str_has_suffix (found->message, "."));
  return found;
}

static void
assert_quiet (TopoDocument *doc,
              const char *rule)
{
  g_autoptr(GPtrArray) list = findings (doc, rule);

  if (list->len > 0)
    {
      TopoDiagnostic *d = g_ptr_array_index (list, 0);
      g_error ("%s fired unexpectedly: %s", rule, d->message);
    }
}

static guint
count_rule (TopoDocument *doc,
            const char *rule)
{
  g_autoptr(GPtrArray) list = findings (doc, rule);
  return list->len;
}

/* Applies d's fix: one undo step, the finding is gone; undo brings it back (same message). */
static void
check_fix (TopoDocument *doc,
           TopoDiagnostic *d)
{
  g_autoptr(GError) error = NULL;
  guint steps = topo_document_get_n_undo_steps (doc);
  g_autofree char *subjects = subjects_string (d);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) back = NULL;
  gboolean present = FALSE;

  g_assert_nonnull (d->fix);
  g_assert_true (topo_diagnostic_apply_fix (d, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps + 1);
  g_assert_cmpstr (topo_document_get_undo_label (doc), ==, d->fix);

  /* Gone: no finding of the rule with the same subjects and the same fix remains. */
  after = findings (doc, d->rule);
  for (guint i = 0; i < after->len; i++)
    {
      TopoDiagnostic *a = g_ptr_array_index (after, i);
      g_autofree char *s = subjects_string (a);
      if (g_str_equal (s, subjects) && g_strcmp0 (a->fix, d->fix) == 0)
        g_error ("%s still fires after its fix: %s", d->rule, a->message);
    }

  /* The fix no longer applies. */
  g_assert_false (topo_diagnostic_apply_fix (d, doc, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (topo_document_undo (doc));
  back = findings (doc, d->rule);
  for (guint i = 0; i < back->len; i++)
    {
      TopoDiagnostic *b = g_ptr_array_index (back, i);
      g_autofree char *s = subjects_string (b);
      present |= g_str_equal (s, subjects) && g_str_equal (b->message, d->message);
    }
  g_assert_true (present);
}

/* Segregation */

static void
test_seg001 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "",
    "{'id':'rg-a','type':'resource-group','name':'rg-alpha','region':'westeurope'},"
    "{'id':'rg-b','type':'resource-group','name':'rg-beta','region':'westeurope','environment':'production'},"
    RG_DEV, "");
  g_autoptr(TopoDiagnostic) a = assert_fires (doc, "SEG001", TOPO_SEVERITY_ERROR, "rg-a", "rg-alpha");
  g_autoptr(TopoDiagnostic) b = assert_fires (doc, "SEG001", TOPO_SEVERITY_ERROR, "rg-b", "rg-beta,production");

  g_assert_cmpuint (count_rule (doc, "SEG001"), ==, 2);   /* rg-dev is fine */
  check_fix (doc, a);
  g_assert_true (topo_diagnostic_apply_fix (b, doc, NULL));
  g_assert_cmpstr (topo_document_lookup (doc, "rg-b")->environment, ==, "dev");
}

static void
test_seg001_custom_environments (void)
{
  g_autoptr(TopoDocument) doc = load_design ("'environments':['lab','live'],'production_environments':['live']", "",
    RG_DEV ",{'id':'rg-l','type':'resource-group','name':'rg-live','region':'westeurope','environment':'live'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "SEG001", TOPO_SEVERITY_ERROR, "rg-dev", "rg-fraud-dev,dev");

  g_assert_cmpuint (count_rule (doc, "SEG001"), ==, 1);
  g_assert_true (g_str_has_prefix (d->fix, "Set the environment to “lab”"));
}

static void
test_seg002 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", BASE,
    "{'type':'datastore','from':'ws-dev','to':'st-prod'},"
    "{'type':'datastore','from':'ws-prod','to':'st-prod'},"
    "{'type':'datastore','from':'ws-dev','to':'st-dev'}");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "SEG002", TOPO_SEVERITY_ERROR, "ws-dev,st-prod",
                                              "mlw-fraud-dev,stfraudprod");

  g_assert_cmpuint (count_rule (doc, "SEG002"), ==, 1);
  check_fix (doc, d);
}

static void
test_seg003 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", BASE
    ",{'id':'st-leak','type':'storage','name':'stleak','group':'rg-dev','data':'production','public_network_access':false}"
    ",{'id':'rg-aus','type':'resource-group','name':'rg-aus','region':'australiaeast','environment':'test'}"
    ",{'id':'st-aus','type':'storage','name':'staus','group':'rg-aus','data':'production','public_network_access':false}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "SEG003", TOPO_SEVERITY_ERROR, "st-leak", "stleak,rg-fraud-dev");
  g_autoptr(TopoDiagnostic) no_fix = assert_fires (doc, "SEG003", TOPO_SEVERITY_ERROR, "st-aus", "staus");

  g_assert_cmpuint (count_rule (doc, "SEG003"), ==, 2);   /* st-prod is in prod */
  g_assert_null (no_fix->fix);                            /* no prod RG in australiaeast */
  g_assert_nonnull (strstr (d->fix, "rg-fraud-prod"));
  check_fix (doc, d);
}

static void
test_seg004 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", BASE,
    "{'type':'datastore','from':'ws-prod','to':'st-prod','access':'write'},"
    "{'type':'datastore','from':'ws-dev','to':'st-dev','access':'write'}");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "SEG004", TOPO_SEVERITY_WARNING, "ws-prod,st-prod",
                                              "mlw-fraud-prod,stfraudprod");

  g_assert_cmpuint (count_rule (doc, "SEG004"), ==, 1);
  check_fix (doc, d);
}

static void
test_seg005 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV "," RG_PROD
    ",{'id':'kv','type':'key-vault','name':'kv-shared','group':'rg-dev'}"
    ",{'id':'kv2','type':'key-vault','name':'kv-dev','group':'rg-dev'}"
    ",{'id':'ws-dev','type':'workspace','name':'mlw-a','group':'rg-dev','key_vault':'kv'}"
    ",{'id':'ws-dev2','type':'workspace','name':'mlw-b','group':'rg-dev','key_vault':'kv2'}"
    ",{'id':'ws-dev3','type':'workspace','name':'mlw-c','group':'rg-dev','key_vault':'kv2'}"
    ",{'id':'ws-prod','type':'workspace','name':'mlw-p','group':'rg-prod','key_vault':'kv','public_network_access':false}", "");

  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "SEG005", TOPO_SEVERITY_WARNING, "kv,ws-dev,ws-prod",
                                              "kv-shared,mlw-a,mlw-p");
  g_assert_cmpuint (count_rule (doc, "SEG005"), ==, 1);   /* kv2 serves dev only */
  g_assert_null (d->fix);
}

static void
test_seg006 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", BASE
    ",{'id':'ws-dev2','type':'workspace','name':'mlw-fraud-dev2','group':'rg-dev'}",
    "{'type':'promotion','from':'ws-prod','to':'ws-dev'},"
    "{'type':'promotion','from':'ws-dev','to':'ws-dev2'},"
    "{'type':'promotion','from':'ws-dev2','to':'ws-prod'}");
  g_autoptr(TopoDiagnostic) back = assert_fires (doc, "SEG006", TOPO_SEVERITY_WARNING, "ws-prod,ws-dev",
                                                 "mlw-fraud-prod,mlw-fraud-dev");
  g_autoptr(TopoDiagnostic) same = assert_fires (doc, "SEG006", TOPO_SEVERITY_WARNING, "ws-dev,ws-dev2",
                                                 "mlw-fraud-dev,mlw-fraud-dev2");

  g_assert_cmpuint (count_rule (doc, "SEG006"), ==, 2);
  g_assert_null (same->fix);
  check_fix (doc, back);
  g_assert_true (topo_diagnostic_apply_fix (back, doc, NULL));
  g_assert_cmpint (topo_document_find_link (doc, TOPO_LINK_PROMOTION, "ws-dev", "ws-prod"), >=, 0);
  g_assert_cmpint (topo_document_find_link (doc, TOPO_LINK_PROMOTION, "ws-prod", "ws-dev"), <, 0);
}

static void
test_seg007 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV "," RG_PROD "," ST_PROD
    ",{'id':'ws-x','type':'workspace','name':'mlw-explore','group':'rg-prod','purpose':'exploration','public_network_access':false}"
    ",{'id':'ws-p','type':'workspace','name':'mlw-project','group':'rg-prod','purpose':'project','public_network_access':false}"
    ",{'id':'ws-d','type':'workspace','name':'mlw-devx','group':'rg-dev','purpose':'exploration'}",
    "{'type':'datastore','from':'ws-x','to':'st-prod'},"
    "{'type':'datastore','from':'ws-p','to':'st-prod'},"
    "{'type':'datastore','from':'ws-d','to':'st-prod'}");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "SEG007", TOPO_SEVERITY_WARNING, "ws-x,st-prod",
                                              "mlw-explore,stfraudprod");
  g_autoptr(TopoDiagnostic) both = assert_fires (doc, "SEG007", TOPO_SEVERITY_WARNING, "ws-d,st-prod", "mlw-devx");
  g_autoptr(TopoDiagnostic) seg2 = assert_fires (doc, "SEG002", TOPO_SEVERITY_ERROR, "ws-d,st-prod", "mlw-devx");

  g_assert_cmpuint (count_rule (doc, "SEG007"), ==, 2);
  g_assert_cmpuint (count_rule (doc, "SEG002"), ==, 1);   /* ws-x is prod */
  check_fix (doc, d);
}

/* Access */

#define TEAMS "{'id':'pub','name':'Public team','data_access':'public'}," \
              "{'id':'int','name':'Internal team'}," \
              "{'id':'conf','name':'Confidential team','data_access':'confidential'}," \
              "{'id':'ext','name':'Vendor','external':true}"

static void
test_rbac001 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", TEAMS, RG_DEV "," RG_PROD
    ",{'id':'st-c','type':'storage','name':'stconf','group':'rg-prod','sensitivity':'confidential','public_network_access':false}"
    ",{'id':'st-i','type':'storage','name':'stint','group':'rg-prod','public_network_access':false}"
    ",{'id':'ws','type':'workspace','name':'mlw-data','group':'rg-prod','public_network_access':false,"
    "  'access':[{'team':'int','role':'reader'},{'team':'conf','role':'data-scientist'},{'team':'int','role':'data-scientist'}]}"
    ",{'id':'ws2','type':'workspace','name':'mlw-other','group':'rg-prod','public_network_access':false,"
    "  'access':[{'team':'pub','role':'reader'}]}",
    "{'type':'datastore','from':'ws','to':'st-c'},{'type':'datastore','from':'ws','to':'st-i'},"
    "{'type':'datastore','from':'ws2','to':'st-i'}");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "RBAC001", TOPO_SEVERITY_ERROR, "ws,int,st-c",
                                              "Internal team,mlw-data,stconf");
  g_autoptr(TopoDiagnostic) d2 = assert_fires (doc, "RBAC001", TOPO_SEVERITY_ERROR, "ws2,pub,st-i",
                                               "Public team,mlw-other,stint");

  /* conf may reach both; int is listed twice but reported once */
  g_assert_cmpuint (count_rule (doc, "RBAC001"), ==, 2);
  check_fix (doc, d);
  g_assert_true (topo_diagnostic_apply_fix (d, doc, NULL));
  g_assert_cmpuint (topo_document_lookup (doc, "ws")->access->len, ==, 1);
}

static void
test_rbac002 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", TEAMS, RG_DEV
    ",{'id':'ws','type':'workspace','name':'mlw-mixed','group':'rg-dev',"
    "  'access':[{'team':'int','role':'reader'},{'team':'conf','role':'reader'}]}"
    ",{'id':'ws2','type':'workspace','name':'mlw-same','group':'rg-dev',"
    "  'access':[{'team':'int','role':'reader'},{'team':'ext','role':'reader'}]}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "RBAC002", TOPO_SEVERITY_WARNING, "ws,int,conf",
                                              "mlw-mixed,Internal team,Confidential team");

  g_assert_cmpuint (count_rule (doc, "RBAC002"), ==, 1);
  g_assert_null (d->fix);
}

static void
test_rbac003 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", TEAMS, BASE
    ",{'id':'ws-d2','type':'workspace','name':'mlw-d2','group':'rg-dev','access':[{'team':'int','role':'reader'},{'team':'conf','role':'owner'}]}"
    ",{'id':'ws-p2','type':'workspace','name':'mlw-p2','group':'rg-prod','public_network_access':false,"
    "  'access':[{'team':'int','role':'contributor'},{'team':'conf','role':'owner'},{'team':'pub','role':'owner'}]}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "RBAC003", TOPO_SEVERITY_WARNING, "ws-p2,int",
                                              "Internal team,mlw-p2,contributor,reader");

  /* conf: owner in both; pub: no non-prod access, not compared */
  g_assert_cmpuint (count_rule (doc, "RBAC003"), ==, 1);
  check_fix (doc, d);
  g_assert_true (topo_diagnostic_apply_fix (d, doc, NULL));
  g_assert_cmpint (g_array_index (topo_document_lookup (doc, "ws-p2")->access, TopoAccessEntry, 0).role,
                   ==, TOPO_ROLE_READER);
}

static void
test_rbac004 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", TEAMS, RG_DEV
    ",{'id':'ws-t','type':'workspace','name':'mlw-team','group':'rg-dev','purpose':'team','access':[{'team':'ext','role':'reader'}]}"
    ",{'id':'ws-n','type':'workspace','name':'mlw-none','group':'rg-dev','access':[{'team':'ext','role':'reader'}]}"
    ",{'id':'ws-p','type':'workspace','name':'mlw-proj','group':'rg-dev','purpose':'project','access':[{'team':'ext','role':'reader'},{'team':'int','role':'reader'}]}"
    ",{'id':'ws-i','type':'workspace','name':'mlw-int','group':'rg-dev','purpose':'team','access':[{'team':'int','role':'reader'}]}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "RBAC004", TOPO_SEVERITY_WARNING, "ws-t,ext", "Vendor,mlw-team,team");
  g_autoptr(TopoDiagnostic) n = assert_fires (doc, "RBAC004", TOPO_SEVERITY_WARNING, "ws-n,ext", "Vendor,mlw-none");

  g_assert_cmpuint (count_rule (doc, "RBAC004"), ==, 2);
  check_fix (doc, d);
}

static void
test_rbac005 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", TEAMS, RG_DEV
    ",{'id':'ws','type':'workspace','name':'mlw-roles','group':'rg-dev',"
    "  'access':[{'team':'int','role':'owner'},{'team':'conf','role':'contributor'},{'team':'pub','role':'data-scientist'}]}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "RBAC005", TOPO_SEVERITY_INFO, "ws,int", "Internal team,mlw-roles,owner");
  g_autoptr(TopoDiagnostic) c = assert_fires (doc, "RBAC005", TOPO_SEVERITY_INFO, "ws,conf", "Confidential team");

  g_assert_cmpuint (count_rule (doc, "RBAC005"), ==, 2);
  check_fix (doc, d);
}

/* Regions */

static void
test_reg001 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "",
    "{'id':'rg-x','type':'resource-group','name':'rg-narnia','region':'narnia','environment':'dev'},"
    "{'id':'rg-c','type':'resource-group','name':'rg-canary','region':'centraluseuap','environment':'dev'},"
    RG_DEV, "");
  g_autoptr(TopoDiagnostic) x = assert_fires (doc, "REG001", TOPO_SEVERITY_ERROR, "rg-x", "rg-narnia,narnia");
  g_autoptr(TopoDiagnostic) c = assert_fires (doc, "REG001", TOPO_SEVERITY_ERROR, "rg-c", "rg-canary,centraluseuap");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) lanes = NULL;
  const char *text = "{\"format\":\"topograph\",\"version\":1,\"lanes\":[\"westeurope\",\"eastusstg\"]}";

  g_assert_cmpuint (count_rule (doc, "REG001"), ==, 2);
  g_assert_null (x->fix);   /* no allowed regions, no lanes: nothing to suggest */

  lanes = topo_format_load_data (text, strlen (text), "lanes.topograph", &error);
  g_assert_no_error (error);
  {
    g_autoptr(TopoDiagnostic) l = assert_fires (lanes, "REG001", TOPO_SEVERITY_ERROR, "", "eastusstg");
    g_assert_null (l->subjects[0]);
  }
  g_assert_cmpuint (count_rule (lanes, "REG001"), ==, 1);

  {
    g_autoptr(TopoDocument) fixable = load_design ("", "",
      "{'id':'rg-x','type':'resource-group','name':'rg-narnia','region':'narnia','environment':'dev'}", "");
    g_autoptr(TopoDocument) allowed = load_design ("'allowed_regions':['narnia','northeurope']", "",
      "{'id':'rg-x','type':'resource-group','name':'rg-narnia','region':'narnia','environment':'dev'}", "");
    g_autoptr(TopoDiagnostic) a = assert_fires (allowed, "REG001", TOPO_SEVERITY_ERROR, "rg-x", "narnia");

    g_assert_cmpstr (a->fix, ==, "Move “rg-narnia” to northeurope");
    check_fix (allowed, a);
    topo_edit_set_lanes (fixable, (const char *const[]) { "westeurope", NULL });
    {
      g_autoptr(TopoDiagnostic) f = assert_fires (fixable, "REG001", TOPO_SEVERITY_ERROR, "rg-x", "narnia");
      g_assert_cmpstr (f->fix, ==, "Move “rg-narnia” to westeurope");
      check_fix (fixable, f);
    }
  }
}

static void
test_reg002 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("'allowed_regions':['westeurope']", "", RG_DEV
    ",{'id':'rg-n','type':'resource-group','name':'rg-north','region':'northeurope','environment':'dev'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "REG002", TOPO_SEVERITY_ERROR, "rg-n", "rg-north,northeurope");
  g_autoptr(TopoDocument) open = load_design ("", "", RG_DEV
    ",{'id':'rg-n','type':'resource-group','name':'rg-north','region':'northeurope','environment':'dev'}", "");

  g_assert_cmpuint (count_rule (doc, "REG002"), ==, 1);
  assert_quiet (open, "REG002");
  check_fix (doc, d);
  g_assert_true (topo_diagnostic_apply_fix (d, doc, NULL));
  g_assert_cmpstr (topo_document_lookup (doc, "rg-n")->region, ==, "westeurope");
}

#define RG_AUS "{'id':'rg-aus','type':'resource-group','name':'rg-aus','region':'australiaeast','environment':'prod'}"
#define RG_NEU "{'id':'rg-neu','type':'resource-group','name':'rg-neu','region':'northeurope','environment':'prod'}"

static void
test_reg003 (void)
{
  const char *resources = RG_PROD "," RG_AUS "," RG_NEU "," WS_PROD
    ",{'id':'st-a','type':'storage','name':'staus','group':'rg-aus','data':'production','public_network_access':false}"
    ",{'id':'st-n','type':'storage','name':'stneu','group':'rg-neu','sensitivity':'confidential','public_network_access':false}"
    ",{'id':'st-w','type':'storage','name':'stweu','group':'rg-prod','sensitivity':'restricted','public_network_access':false}"
    ",{'id':'st-plain','type':'storage','name':'stplain','group':'rg-aus'}";
  const char *links = "{'type':'datastore','from':'ws-prod','to':'st-a'},"
                      "{'type':'datastore','from':'ws-prod','to':'st-n'},"
                      "{'type':'datastore','from':'ws-prod','to':'st-plain'},"
                      "{'type':'replication','from':'st-w','to':'st-plain'}";
  g_autoptr(TopoDocument) doc = load_design ("", "", resources, links);
  g_autoptr(TopoDocument) region = load_design ("'residency':'region'", "", resources, links);
  g_autoptr(TopoDocument) none = load_design ("'residency':'none'", "", resources, links);
  g_autoptr(TopoDiagnostic) a = assert_fires (doc, "REG003", TOPO_SEVERITY_ERROR, "ws-prod,st-a",
                                              "mlw-fraud-prod,staus,westeurope,australiaeast");
  g_autoptr(TopoDiagnostic) r = assert_fires (doc, "REG003", TOPO_SEVERITY_ERROR, "st-w,st-plain", "stweu,stplain");
  g_autoptr(TopoDiagnostic) n = assert_fires (region, "REG003", TOPO_SEVERITY_ERROR, "ws-prod,st-n", "stneu");

  /* geography: northeurope is Europe too; st-plain is neither production nor confidential */
  g_assert_cmpuint (count_rule (doc, "REG003"), ==, 2);
  g_assert_cmpuint (count_rule (region, "REG003"), ==, 3);
  assert_quiet (none, "REG003");
  check_fix (doc, a);
}

static void
test_reg004 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_PROD "," RG_AUS "," RG_NEU "," WS_PROD
    ",{'id':'st-a','type':'storage','name':'staus','group':'rg-aus','data':'production','public_network_access':false}"
    ",{'id':'st-n','type':'storage','name':'stneu','group':'rg-neu'}"
    ",{'id':'st-w','type':'storage','name':'stweu','group':'rg-prod'}",
    "{'type':'datastore','from':'ws-prod','to':'st-a'},"
    "{'type':'datastore','from':'ws-prod','to':'st-n'},"
    "{'type':'datastore','from':'ws-prod','to':'st-w'},"
    "{'type':'replication','from':'st-w','to':'st-n'}");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "REG004", TOPO_SEVERITY_INFO, "ws-prod,st-n",
                                              "mlw-fraud-prod,stneu,westeurope,northeurope");
  g_autoptr(TopoDiagnostic) r = assert_fires (doc, "REG004", TOPO_SEVERITY_INFO, "st-w,st-n", "stweu,stneu");

  /* st-a: REG003 fires instead; st-w: same region */
  g_assert_cmpuint (count_rule (doc, "REG004"), ==, 2);
  g_assert_null (d->fix);
}

static void
test_reg005 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_PROD "," RG_AUS "," RG_NEU "," WS_PROD
    ",{'id':'aks-a','type':'aks','name':'aks-aus','group':'rg-aus'}"
    ",{'id':'aks-n','type':'aks','name':'aks-neu','group':'rg-neu'}",
    "{'type':'inference','from':'ws-prod','to':'aks-a'},{'type':'inference','from':'ws-prod','to':'aks-n'}");
  topo_diagnostic_free (assert_fires (doc, "REG005", TOPO_SEVERITY_WARNING, "ws-prod,aks-a", "mlw-fraud-prod,aks-aus"));
  g_assert_cmpuint (count_rule (doc, "REG005"), ==, 1);
  topo_diagnostic_free (assert_fires (doc, "REG005", TOPO_SEVERITY_WARNING, "ws-prod,aks-a", "Australia,Europe"));
}

static void
test_reg006 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_PROD "," RG_NEU
    ",{'id':'kv-n','type':'key-vault','name':'kv-neu','group':'rg-neu'}"
    ",{'id':'st-w','type':'storage','name':'stweu','group':'rg-prod'}"
    ",{'id':'ws','type':'workspace','name':'mlw-weu','group':'rg-prod','public_network_access':false,'key_vault':'kv-n','storage':'st-w'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "REG006", TOPO_SEVERITY_INFO, "ws,kv-n", "mlw-weu,kv-neu,northeurope");

  g_assert_cmpuint (count_rule (doc, "REG006"), ==, 1);
  g_assert_null (d->fix);
}

/* Naming and tagging */

static void
test_nam001 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "",
    "{'id':'rg-u','type':'resource-group','name':'rg-données','region':'westeurope','environment':'dev'},"
    RG_DEV
    ",{'id':'st','type':'storage','name':'St-Data','group':'rg-dev'}"
    ",{'id':'st-ok','type':'storage','name':'stdata','group':'rg-dev'}"
    ",{'id':'ws','type':'workspace','name':'mlw-dev','group':'rg-dev'}"
    ",{'id':'cpu','type':'compute-cluster','name':'cpu-01','group':'rg-dev','workspace':'ws'}"
    ",{'id':'cpu-ok','type':'compute-cluster','name':'cpu-a1','group':'rg-dev','workspace':'ws'}"
    ",{'id':'ws-dash','type':'workspace','name':'-mlw-dev','group':'rg-dev'}"
    ",{'id':'ws-digit','type':'workspace','name':'1mlw-dev','group':'rg-dev'}", "");
  g_autoptr(TopoDiagnostic) u = assert_fires (doc, "NAM001", TOPO_SEVERITY_ERROR, "rg-u", "rg-données");
  /* The ARM schema of workspaces wants an alphanumeric first character. */
  g_autoptr(TopoDiagnostic) w = assert_fires (doc, "NAM001", TOPO_SEVERITY_ERROR, "ws-dash", "-mlw-dev");
  g_autoptr(TopoDiagnostic) s = assert_fires (doc, "NAM001", TOPO_SEVERITY_ERROR, "st", "St-Data");
  g_autoptr(TopoDiagnostic) c = assert_fires (doc, "NAM001", TOPO_SEVERITY_ERROR, "cpu", "cpu-01");

  g_assert_cmpuint (count_rule (doc, "NAM001"), ==, 4);
  g_assert_cmpstr (w->fix, ==, "Rename to “mlw-dev”");
  g_assert_cmpstr (s->fix, ==, "Rename to “stdata”");
  g_assert_cmpstr (u->fix, ==, "Rename to “rg-donnees”");
  g_assert_cmpstr (c->fix, ==, "Rename to “cpu01”");
  check_fix (doc, s);
  check_fix (doc, u);
  check_fix (doc, c);
}

static void
test_nam001_workspace_fix (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV
    ",{'id':'ws-dash','type':'workspace','name':'-mlw-dev','group':'rg-dev'}", "");
  g_autoptr(TopoDiagnostic) w = assert_fires (doc, "NAM001", TOPO_SEVERITY_ERROR, "ws-dash", "-mlw-dev");

  check_fix (doc, w);
}

static void
test_nam002 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV "," RG_PROD
    ",{'id':'rg-aus','type':'resource-group','name':'RG-Fraud-Dev','region':'australiaeast','environment':'dev'}"
    ",{'id':'st1','type':'storage','name':'stdata','group':'rg-dev'}"
    ",{'id':'st2','type':'storage','name':'stdata','group':'rg-prod','public_network_access':false}"
    ",{'id':'kv1','type':'key-vault','name':'stdata','group':'rg-prod'}"
    ",{'id':'ws1','type':'workspace','name':'mlw-x','group':'rg-dev'}"
    ",{'id':'ws2','type':'workspace','name':'MLW-X','group':'rg-dev'}"
    ",{'id':'ws3','type':'workspace','name':'mlw-x','group':'rg-prod','public_network_access':false}"
    ",{'id':'c1','type':'compute-instance','name':'cpu-box','group':'rg-dev','workspace':'ws1'}"
    ",{'id':'c2','type':'compute-cluster','name':'CPU-box','group':'rg-prod','workspace':'ws3'}"
    ",{'id':'ws4','type':'workspace','name':'mlw-aus','group':'rg-aus'}"
    ",{'id':'c3','type':'compute-instance','name':'cpu-box','group':'rg-aus','workspace':'ws4'}", "");
  g_autoptr(TopoDiagnostic) st = assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "st2,st1", "stdata");
  g_autoptr(TopoDiagnostic) ws = assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "ws2,ws1", "MLW-X,mlw-x");
  g_autoptr(TopoDiagnostic) c = assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "c2,c1", "CPU-box,cpu-box");
  g_autoptr(TopoDiagnostic) rg = assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "rg-aus,rg-dev", "RG-Fraud-Dev");

  /* kv1 is another type; ws3 another RG; c3 another region */
  g_assert_cmpuint (count_rule (doc, "NAM002"), ==, 4);
  g_assert_cmpstr (st->fix, ==, "Rename to “stdata2”");
  g_assert_cmpstr (ws->fix, ==, "Rename to “MLW-X-2”");
  g_assert_cmpstr (c->fix, ==, "Rename to “CPU-box2”");
  check_fix (doc, st);
  check_fix (doc, ws);
  check_fix (doc, c);
}

/* Case-insensitive beyond ASCII: Unicode case folding, and the Kelvin sign folds to "k". */
static void
test_nam002_unicode (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV "," RG_PROD
    ",{'id':'kv1','type':'key-vault','name':'kv-äb','group':'rg-dev'}"
    ",{'id':'kv2','type':'key-vault','name':'kv-ÄB','group':'rg-prod'}"
    ",{'id':'kv3','type':'key-vault','name':'kv-kelvin','group':'rg-dev'}"
    ",{'id':'kv4','type':'key-vault','name':'kv-\u212aelvin','group':'rg-prod'}"
    ",{'id':'kv5','type':'key-vault','name':'kv-öb','group':'rg-prod'}", "");

  topo_diagnostic_free (assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "kv2,kv1", "kv-ÄB,kv-äb"));
  topo_diagnostic_free (assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "kv4,kv3", "kv-kelvin"));
  g_assert_cmpuint (count_rule (doc, "NAM002"), ==, 2);
}

/* The computes inference links attach: named by "compute", or by the AKS cluster's own name,
 * under the compute rule and unique among the workspace's computes and attachments. */
static void
test_nam_attached_compute (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_PROD
    ",{'id':'ws','type':'workspace','name':'mlw-a','group':'rg-prod','public_network_access':false}"
    ",{'id':'cpu','type':'compute-cluster','name':'cpu-a','group':'rg-prod','workspace':'ws'}"
    ",{'id':'aks1','type':'aks','name':'aks_inference_1','group':'rg-prod'}"
    ",{'id':'aks2','type':'aks','name':'aks-b','group':'rg-prod'}"
    ",{'id':'aks3','type':'aks','name':'aks-c','group':'rg-prod'}"
    ",{'id':'aks4','type':'aks','name':'aks-d','group':'rg-prod'}"
    ",{'id':'aks5','type':'aks','name':'aks-e','group':'rg-prod'}"
    ",{'id':'aks6','type':'aks','name':'aks-ok','group':'rg-prod'}",
    "{'type':'inference','from':'ws','to':'aks1'}"
    ",{'type':'inference','from':'ws','to':'aks2','compute':'9-bad'}"
    ",{'type':'inference','from':'ws','to':'aks3','compute':'CPU-A'}"
    ",{'type':'inference','from':'ws','to':'aks4','compute':'serve'}"
    ",{'type':'inference','from':'ws','to':'aks5','compute':'Serve'}"
    ",{'type':'inference','from':'ws','to':'aks6','compute':'aks-b'}");
  /* the cluster's own name, with an underscore the compute rule does not allow */
  g_autoptr(TopoDiagnostic) own = assert_fires (doc, "NAM001", TOPO_SEVERITY_ERROR, "ws,aks1",
                                                "aks_inference_1,mlw-a");
  g_autoptr(TopoDiagnostic) given = assert_fires (doc, "NAM001", TOPO_SEVERITY_ERROR, "ws,aks2",
                                                  "9-bad,aks-b,mlw-a");
  /* the workspace's own cluster, and another attachment, compared case-insensitively */
  g_autoptr(TopoDiagnostic) cluster = assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "ws,aks3",
                                                    "CPU-A,cpu-a");
  g_autoptr(TopoDiagnostic) twice = assert_fires (doc, "NAM002", TOPO_SEVERITY_ERROR, "ws,aks5",
                                                  "Serve,serve");

  /* "aks-b" is free: aks2 is attached as "9-bad" */
  g_assert_cmpuint (count_rule (doc, "NAM001"), ==, 2);
  g_assert_cmpuint (count_rule (doc, "NAM002"), ==, 2);
  g_assert_cmpstr (own->fix, ==, "Attach it as “aks-inference1”");
  g_assert_cmpstr (given->fix, ==, "Attach it as “c9-bad”");
  g_assert_cmpstr (cluster->fix, ==, "Attach it as “CPU-A2”");
  g_assert_cmpstr (twice->fix, ==, "Attach it as “Serve2”");
  check_fix (doc, own);
  check_fix (doc, given);
  check_fix (doc, cluster);
  check_fix (doc, twice);
}

/* Another workspace's computes and attachments do not collide; an empty "compute" is invalid. */
static void
test_nam_attached_compute_scope (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_PROD
    ",{'id':'ws1','type':'workspace','name':'mlw-a','group':'rg-prod','public_network_access':false}"
    ",{'id':'ws2','type':'workspace','name':'mlw-b','group':'rg-prod','public_network_access':false}"
    ",{'id':'cpu','type':'compute-cluster','name':'serve','group':'rg-prod','workspace':'ws1'}"
    ",{'id':'aks','type':'aks','name':'aks-a','group':'rg-prod'}",
    "{'type':'inference','from':'ws1','to':'aks'}"
    ",{'type':'inference','from':'ws2','to':'aks','compute':'serve'}");
  g_autoptr(TopoDocument) empty = load_design ("", "", RG_PROD
    ",{'id':'ws','type':'workspace','name':'mlw-a','group':'rg-prod','public_network_access':false}"
    ",{'id':'aks','type':'aks','name':'aks-a','group':'rg-prod'}",
    "{'type':'inference','from':'ws','to':'aks','compute':''}");

  assert_quiet (doc, "NAM001");
  assert_quiet (doc, "NAM002");
  topo_diagnostic_free (assert_fires (empty, "NAM001", TOPO_SEVERITY_ERROR, "ws,aks", "mlw-a"));
}

static void
test_nam003 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("'naming':'caf'", "",
    "{'id':'rg','type':'resource-group','name':'RG-fraud','region':'westeurope','environment':'dev'}"
    ",{'id':'ws','type':'workspace','name':'fraud-dev','group':'rg'}"
    ",{'id':'st','type':'storage','name':'frauddata','group':'rg'}"
    ",{'id':'cr','type':'container-registry','name':'crfraud','group':'rg'}"
    ",{'id':'cpu','type':'compute-cluster','name':'cpu-fraud','group':'rg','workspace':'ws'}", "");
  g_autoptr(TopoDocument) azure = load_design ("", "",
    "{'id':'rg','type':'resource-group','name':'fraud','region':'westeurope','environment':'dev'}", "");
  g_autoptr(TopoDiagnostic) ws = assert_fires (doc, "NAM003", TOPO_SEVERITY_WARNING, "ws", "fraud-dev,mlw");
  g_autoptr(TopoDiagnostic) st = assert_fires (doc, "NAM003", TOPO_SEVERITY_WARNING, "st", "frauddata,st");

  g_assert_cmpuint (count_rule (doc, "NAM003"), ==, 2);
  g_assert_cmpstr (ws->fix, ==, "Rename to “mlw-fraud-dev”");
  g_assert_cmpstr (st->fix, ==, "Rename to “stfrauddata”");
  assert_quiet (azure, "NAM003");
  check_fix (doc, ws);
  check_fix (doc, st);
}

static void
test_tag001 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("'required_tags':['owner','cost-center']", "",
    "{'id':'rg','type':'resource-group','name':'rg-a','region':'westeurope','environment':'dev','tags':{'owner':'fraud'}}"
    ",{'id':'ws','type':'workspace','name':'mlw-a','group':'rg','tags':{'owner':'fraud','cost-center':'42'}}"
    ",{'id':'st','type':'storage','name':'sta','group':'rg','tags':{'Owner':'x','cost-center':'42'}}"
    ",{'id':'cpu','type':'compute-cluster','name':'cpu-a','group':'rg','workspace':'ws'}", "");
  g_autoptr(TopoDiagnostic) rg = assert_fires (doc, "TAG001", TOPO_SEVERITY_WARNING, "rg", "rg-a,cost-center");
  g_autoptr(TopoDiagnostic) st = assert_fires (doc, "TAG001", TOPO_SEVERITY_WARNING, "st", "sta,owner");

  /* ws has both; cpu is a compute (no tags); keys are exact, "Owner" is not "owner" */
  g_assert_cmpuint (count_rule (doc, "TAG001"), ==, 2);
  g_assert_null (strstr (rg->message, "owner,"));
  check_fix (doc, rg);
  g_assert_true (topo_diagnostic_apply_fix (st, doc, NULL));
  g_assert_cmpstr (topo_resource_get_tag (topo_document_lookup (doc, "st"), "owner"), ==, "unset");
}

/* A resource group whose resources are all existing is referenced by the export, not declared:
 * its tags are not the export's to set, as for the existing resources (computes aside, which
 * deploy with their workspace). One resource to create makes it the design's again. */
static void
test_tag001_existing_group (void)
{
  g_autoptr(TopoDocument) doc = load_design ("'required_tags':['owner']", "",
    "{'id':'rg','type':'resource-group','name':'rg-a','region':'westeurope','environment':'dev','tags':{'owner':'x'}}"
    ",{'id':'rg-aks','type':'resource-group','name':'rg-aks','region':'westeurope','environment':'dev'}"
    ",{'id':'rg-empty','type':'resource-group','name':'rg-empty','region':'westeurope','environment':'dev'}"
    ",{'id':'ws','type':'workspace','name':'mlw-a','group':'rg','tags':{'owner':'x'}}"
    ",{'id':'aks','type':'aks','name':'aks-a','group':'rg-aks','existing':true}"
    ",{'id':'kv','type':'key-vault','name':'kv-a','group':'rg-aks','existing':true}"
    ",{'id':'cpu','type':'compute-cluster','name':'cpu-a','group':'rg-aks','workspace':'ws'}", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDiagnostic) empty = assert_fires (doc, "TAG001", TOPO_SEVERITY_WARNING, "rg-empty", "rg-empty,owner");

  g_assert_cmpuint (count_rule (doc, "TAG001"), ==, 1);
  g_assert_true (topo_edit_set_property (doc, "kv", "existing", "false", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (doc, "TAG001"), ==, 3);   /* rg-empty, rg-aks, kv */
  {
    g_autoptr(TopoDiagnostic) rg = assert_fires (doc, "TAG001", TOPO_SEVERITY_WARNING, "rg-aks", "rg-aks,owner");
  }
}

static void
test_tag002 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "",
    "{'id':'rg','type':'resource-group','name':'rg-a','region':'westeurope','environment':'dev','tags':{'env':'prod','team':'Fraud'}}"
    ",{'id':'ws','type':'workspace','name':'mlw-a','group':'rg','tags':{'env':'Prod','team':'fraud'}}"
    ",{'id':'st','type':'storage','name':'sta','group':'rg','tags':{'env':'prod','team':'risk'}}"
    ",{'id':'kv','type':'key-vault','name':'kv-a','group':'rg','tags':{'stage':'Prod','team':'Risk'}}", "");
  g_autoptr(TopoDiagnostic) env = assert_fires (doc, "TAG002", TOPO_SEVERITY_WARNING, "ws", "env,Prod,prod");
  g_autoptr(TopoDiagnostic) team = assert_fires (doc, "TAG002", TOPO_SEVERITY_WARNING, "ws", "team,Fraud,fraud");
  g_autoptr(TopoDocument) clean = load_design ("", "",
    "{'id':'rg','type':'resource-group','name':'rg-a','region':'westeurope','environment':'dev','tags':{'env':'prod'}}"
    ",{'id':'ws','type':'workspace','name':'mlw-a','group':'rg','tags':{'env':'dev','other':'Prod'}}", "");

  /* env: prod ×2 beats Prod; team: Fraud/fraud tie, the first seen wins → ws changes;
   * team risk/Risk: tie, kv changes; stage Prod is another key */
  g_assert_cmpuint (count_rule (doc, "TAG002"), ==, 3);
  g_assert_cmpstr (env->fix, ==, "Use “prod” for every “env” tag");
  assert_quiet (clean, "TAG002");
  check_fix (doc, env);
}

/* Deployability */

static void
test_dep001 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV
    ",{'id':'ws','type':'workspace','name':'mlw-loose'}"
    ",{'id':'ws-in','type':'workspace','name':'mlw-in','group':'rg-dev'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "DEP001", TOPO_SEVERITY_ERROR, "ws", "mlw-loose");

  g_assert_cmpuint (count_rule (doc, "DEP001"), ==, 1);
  check_fix (doc, d);
  g_assert_true (topo_diagnostic_apply_fix (d, doc, NULL));
  g_assert_cmpstr (topo_document_lookup (doc, "ws")->group, ==, "rg-dev");
}

static void
test_dep002 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", BASE
    ",{'id':'cpu','type':'compute-cluster','name':'cpu-a','group':'rg-prod','workspace':'ws-dev'}"
    ",{'id':'ci','type':'compute-instance','name':'ci-a','group':'rg-dev','workspace':'ws-dev'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "DEP002", TOPO_SEVERITY_ERROR, "cpu,ws-dev",
                                              "cpu-a,mlw-fraud-dev,rg-fraud-prod,rg-fraud-dev");

  g_assert_cmpuint (count_rule (doc, "DEP002"), ==, 1);
  check_fix (doc, d);
}

static void
test_dep003 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV
    ",{'id':'st','type':'storage','name':'sta','group':'rg-dev'}"
    ",{'id':'kv','type':'key-vault','name':'kv-a','group':'rg-dev'}"
    ",{'id':'ai','type':'app-insights','name':'appi-a','group':'rg-dev'}"
    ",{'id':'ws','type':'workspace','name':'mlw-bare','group':'rg-dev','storage':'st'}"
    ",{'id':'ws-full','type':'workspace','name':'mlw-full','group':'rg-dev','storage':'st','key_vault':'kv','app_insights':'ai'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "DEP003", TOPO_SEVERITY_INFO, "ws", "mlw-bare,key vault,Application Insights");

  g_assert_cmpuint (count_rule (doc, "DEP003"), ==, 1);
  g_assert_nonnull (strstr (d->message, "has no associated key vault, Application Insights."));
}

static void
test_dep004 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV
    ",{'id':'st-p','type':'storage','name':'stpremium','group':'rg-dev','sku':'Premium_LRS'}"
    ",{'id':'st-h','type':'storage','name':'sthns','group':'rg-dev','hns':true}"
    ",{'id':'st-ok','type':'storage','name':'stok','group':'rg-dev','sku':'Standard_GRS'}"
    ",{'id':'st-dl','type':'storage','name':'stlake','group':'rg-dev','hns':true,'sku':'Premium_ZRS'}"
    ",{'id':'ws1','type':'workspace','name':'mlw-1','group':'rg-dev','storage':'st-p'}"
    ",{'id':'ws2','type':'workspace','name':'mlw-2','group':'rg-dev','storage':'st-h'}"
    ",{'id':'ws3','type':'workspace','name':'mlw-3','group':'rg-dev','storage':'st-ok'}",
    "{'type':'datastore','from':'ws3','to':'st-dl'}");
  g_autoptr(TopoDiagnostic) p = assert_fires (doc, "DEP004", TOPO_SEVERITY_ERROR, "st-p,ws1", "stpremium,mlw-1,Premium_LRS");
  g_autoptr(TopoDiagnostic) h = assert_fires (doc, "DEP004", TOPO_SEVERITY_ERROR, "st-h,ws2", "sthns,mlw-2");

  /* st-dl is only a datastore */
  g_assert_cmpuint (count_rule (doc, "DEP004"), ==, 2);
  check_fix (doc, p);
  check_fix (doc, h);
}

static void
test_dep005 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV "," WS_DEV
    ",{'id':'idle','type':'compute-cluster','name':'cpu-idle','group':'rg-dev','workspace':'ws-dev','min_nodes':2,'max_nodes':4}"
    ",{'id':'bad','type':'compute-cluster','name':'cpu-bad','group':'rg-dev','workspace':'ws-dev','min_nodes':5,'max_nodes':2}"
    ",{'id':'ok','type':'compute-cluster','name':'cpu-ok','group':'rg-dev','workspace':'ws-dev','min_nodes':0,'max_nodes':2}"
    ",{'id':'dflt','type':'compute-cluster','name':'cpu-dflt','group':'rg-dev','workspace':'ws-dev'}", "");
  g_autoptr(TopoDiagnostic) idle = assert_fires (doc, "DEP005", TOPO_SEVERITY_WARNING, "idle", "cpu-idle");
  g_autoptr(TopoDiagnostic) bad = assert_fires (doc, "DEP005", TOPO_SEVERITY_ERROR, "bad", "cpu-bad");

  g_assert_cmpuint (count_rule (doc, "DEP005"), ==, 2);
  check_fix (doc, idle);
  check_fix (doc, bad);
}

static void
test_dep006 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV "," WS_DEV
    ",{'id':'neg-min','type':'compute-cluster','name':'cpu-a','group':'rg-dev','workspace':'ws-dev','min_nodes':-1,'max_nodes':4}"
    ",{'id':'neg-both','type':'compute-cluster','name':'cpu-b','group':'rg-dev','workspace':'ws-dev','min_nodes':-2,'max_nodes':-3}"
    ",{'id':'neg-max','type':'compute-cluster','name':'cpu-c','group':'rg-dev','workspace':'ws-dev','min_nodes':0,'max_nodes':-3}"
    ",{'id':'ok','type':'compute-cluster','name':'cpu-ok','group':'rg-dev','workspace':'ws-dev','min_nodes':0,'max_nodes':0}"
    ",{'id':'aks-neg','type':'aks','name':'aks-a','group':'rg-dev','node_count':-5}"
    ",{'id':'aks-zero','type':'aks','name':'aks-b','group':'rg-dev','node_count':0}"
    ",{'id':'aks-ok','type':'aks','name':'aks-c','group':'rg-dev','node_count':1}"
    ",{'id':'aks-dflt','type':'aks','name':'aks-d','group':'rg-dev'}", "");
  g_autoptr(TopoDiagnostic) a = assert_fires (doc, "DEP006", TOPO_SEVERITY_ERROR, "neg-min", "cpu-a,-1");
  g_autoptr(TopoDiagnostic) b = assert_fires (doc, "DEP006", TOPO_SEVERITY_ERROR, "neg-both", "cpu-b,-2,-3");
  g_autoptr(TopoDiagnostic) c = assert_fires (doc, "DEP006", TOPO_SEVERITY_ERROR, "neg-max", "cpu-c,-3");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "DEP006", TOPO_SEVERITY_ERROR, "aks-neg", "aks-a,-5");
  g_autoptr(TopoDiagnostic) e = assert_fires (doc, "DEP006", TOPO_SEVERITY_ERROR, "aks-zero", "aks-b");

  g_assert_cmpuint (count_rule (doc, "DEP006"), ==, 5);
  check_fix (doc, a);
  check_fix (doc, b);
  check_fix (doc, c);
  check_fix (doc, d);
  check_fix (doc, e);
  /* The fixes leave no count Azure rejects, and no DEP005 in their place. */
  g_assert_true (topo_diagnostic_apply_fix (a, doc, NULL));
  g_assert_true (topo_diagnostic_apply_fix (b, doc, NULL));
  g_assert_true (topo_diagnostic_apply_fix (c, doc, NULL));
  g_assert_true (topo_diagnostic_apply_fix (d, doc, NULL));
  g_assert_true (topo_diagnostic_apply_fix (e, doc, NULL));
  assert_quiet (doc, "DEP006");
  assert_quiet (doc, "DEP005");
}

static void
test_dep007 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV
    ",{'id':'st-bad','type':'storage','name':'stbad','group':'rg-dev','sku':'Standard'}"
    ",{'id':'st-case','type':'storage','name':'stcase','group':'rg-dev','sku':'standard_ragzrs'}"
    ",{'id':'st-dflt','type':'storage','name':'stdflt','group':'rg-dev'}"
    ",{'id':'st-zrs','type':'storage','name':'stzrs','group':'rg-dev','sku':'Premium_ZRS'}", "");
  g_autoptr(TopoDiagnostic) bad = assert_fires (doc, "DEP007", TOPO_SEVERITY_ERROR, "st-bad", "stbad,Standard");

  g_assert_cmpuint (count_rule (doc, "DEP007"), ==, 1);   /* ARM compares SKUs case-insensitively */
  check_fix (doc, bad);
}

/* Security */

static void
test_sec001 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV "," RG_PROD "," WS_DEV "," WS_PROD
    ",{'id':'ws-open','type':'workspace','name':'mlw-open','group':'rg-prod'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "SEC001", TOPO_SEVERITY_WARNING, "ws-open", "mlw-open");

  g_assert_cmpuint (count_rule (doc, "SEC001"), ==, 1);   /* ws-dev is not prod */
  check_fix (doc, d);
}

static void
test_sec002 (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", BASE
    ",{'id':'st-c','type':'storage','name':'stconf','group':'rg-dev','sensitivity':'confidential'}"
    ",{'id':'st-p','type':'storage','name':'stprodopen','group':'rg-prod','data':'production'}"
    ",{'id':'st-np','type':'storage','name':'stnonprod','group':'rg-dev','data':'non-production'}", "");
  g_autoptr(TopoDiagnostic) c = assert_fires (doc, "SEC002", TOPO_SEVERITY_WARNING, "st-c", "stconf,confidential");
  g_autoptr(TopoDiagnostic) p = assert_fires (doc, "SEC002", TOPO_SEVERITY_WARNING, "st-p", "stprodopen,production");

  g_assert_cmpuint (count_rule (doc, "SEC002"), ==, 2);
  check_fix (doc, c);
}

/* Whole-validator properties */

static void
test_order (void)
{
  g_autoptr(TopoDocument) doc = load_design ("'required_tags':['owner'],'naming':'caf'", TEAMS, BASE
    ",{'id':'rg-x','type':'resource-group','name':'rg-narnia','region':'narnia'}"
    ",{'id':'ws-x','type':'workspace','name':'x','group':'rg-dev','access':[{'team':'ext','role':'owner'}]}",
    "{'type':'datastore','from':'ws-dev','to':'st-prod','access':'write'},"
    "{'type':'promotion','from':'ws-prod','to':'ws-dev'}");
  g_autoptr(GPtrArray) a = topo_validate (doc);
  g_autoptr(GPtrArray) b = topo_validate (doc);

  g_assert_cmpuint (a->len, >, 10);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      TopoDiagnostic *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->rule, ==, y->rule);
      g_assert_cmpstr (x->message, ==, y->message);
      g_assert_true (g_strv_equal ((const char * const *) x->subjects, (const char * const *) y->subjects));
      if (i > 0)
        {
          TopoDiagnostic *p = g_ptr_array_index (a, i - 1);
          int cmp = 0;

          g_assert_cmpint (p->severity, <=, x->severity);
          if (p->severity == x->severity)
            cmp = strcmp (p->rule, x->rule);
          g_assert_cmpint (cmp, <=, 0);
          if (p->severity == x->severity && cmp == 0)
            g_assert_cmpint (g_strcmp0 (p->subjects[0] ? p->subjects[0] : "", x->subjects[0] ? x->subjects[0] : ""), <=, 0);
        }
      /* every subject is a resource or a team */
      for (guint s = 0; x->subjects[s] != NULL; s++)
        g_assert_true (topo_document_lookup (doc, x->subjects[s]) != NULL ||
                       topo_document_lookup_team (doc, x->subjects[s]) != NULL);
    }
}

/* Findings do not depend on the document order: an RG listed after its resources, links
 * before the workspaces they leave from. */
static void
test_document_order (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "",
    ST_PROD "," WS_DEV "," WS_PROD ",{'id':'cpu','type':'compute-cluster','name':'cpu-a','group':'rg-prod','workspace':'ws-dev'},"
    RG_PROD "," RG_DEV,
    "{'type':'datastore','from':'ws-dev','to':'st-prod'}");
  g_autoptr(TopoDocument) ordered = load_design ("", "",
    RG_DEV "," RG_PROD "," WS_DEV "," WS_PROD "," ST_PROD ",{'id':'cpu','type':'compute-cluster','name':'cpu-a','group':'rg-prod','workspace':'ws-dev'}",
    "{'type':'datastore','from':'ws-dev','to':'st-prod'}");
  g_autoptr(GPtrArray) a = topo_validate (doc);
  g_autoptr(GPtrArray) b = topo_validate (ordered);

  topo_diagnostic_free (assert_fires (doc, "SEG002", TOPO_SEVERITY_ERROR, "ws-dev,st-prod", "mlw-fraud-dev"));
  topo_diagnostic_free (assert_fires (doc, "DEP002", TOPO_SEVERITY_ERROR, "cpu,ws-dev", "cpu-a"));
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      TopoDiagnostic *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
      g_assert_cmpstr (x->rule, ==, y->rule);
      g_assert_cmpstr (x->message, ==, y->message);
    }
}

static void
test_rules_metadata (void)
{
  static const char *const ids[] = {
    "SEG001", "SEG002", "SEG003", "SEG004", "SEG005", "SEG006", "SEG007",
    "RBAC001", "RBAC002", "RBAC003", "RBAC004", "RBAC005",
    "REG001", "REG002", "REG003", "REG004", "REG005", "REG006",
    "NAM001", "NAM002", "NAM003", "TAG001", "TAG002",
    "DEP001", "DEP002", "DEP003", "DEP004", "DEP005", "DEP006", "DEP007", "SEC001", "SEC002",
    "SUP001", "SUP002", "SUP003",
    "CAP001", "CAP002", "CAP003", "CAP004", "CAP005",
  };
  guint n;
  const TopoRuleInfo *all = topo_rules_get_all (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const TopoRuleInfo *info = topo_rules_lookup (ids[i]);
      g_assert_nonnull (info);
      g_assert_cmpstr (info->id, ==, ids[i]);
      g_assert_true (strlen (info->short_description) > 5);
      g_assert_nonnull (strstr (info->help, "Source:"));
    }
  g_assert_null (topo_rules_lookup ("SEG999"));
  g_assert_cmpint (topo_rules_lookup ("RBAC005")->severity, ==, TOPO_SEVERITY_INFO);
  g_assert_cmpint (topo_rules_lookup ("DEP005")->severity, ==, TOPO_SEVERITY_WARNING);
  g_assert_true (all != NULL);
  g_assert_cmpstr (topo_severity_to_string (TOPO_SEVERITY_WARNING), ==, "warning");
}

static gboolean
is_link (TopoDocument *doc,
         char        **subjects)
{
  if (subjects[0] == NULL || subjects[1] == NULL)
    return FALSE;
  for (guint i = 0; i < topo_document_get_n_links (doc); i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);

      if (g_str_equal (link->from, subjects[0]) && g_str_equal (link->to, subjects[1]))
        return TRUE;
    }
  return FALSE;
}

/* The registry says which rules report about one link (SARIF places those findings on the link's
 * lines): every finding of a flagged rule names a link, and a rule whose findings all name links
 * on these designs is flagged. */
static void
test_rules_about_links (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) not_link = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;
  const TopoRuleInfo *all = topo_rules_get_all (&n);
  guint flagged = 0;

  for (guint32 seed = 1; seed <= 12; seed++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (120 + 40 * seed, seed);
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      static const char *const envs[] = { "dev", "qa", "prod", "sandbox" };
      static const char *const regions[] = { "westeurope", "eastus", "japaneast", "northeurope" };

      /* Generated designs are clean: scramble environments, regions and data to get findings. */
      for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
        {
          const TopoResource *r = topo_document_get_resource (doc, i);
          g_autofree char *id = g_strdup (r->id);

          if (r->kind == TOPO_KIND_RESOURCE_GROUP)
            {
              topo_edit_set_property (doc, id, "environment", envs[g_rand_int_range (rand, 0, 4)], NULL);
              topo_edit_set_property (doc, id, "region", regions[g_rand_int_range (rand, 0, 4)], NULL);
            }
          else if (r->kind == TOPO_KIND_STORAGE && g_rand_boolean (rand))
            topo_edit_set_property (doc, id, "data", "production", NULL);
        }
      for (guint i = 0; i < topo_document_get_n_links (doc); i++)
        if (topo_document_get_link (doc, i)->type == TOPO_LINK_DATASTORE && g_rand_boolean (rand))
          topo_edit_set_link_access (doc, i, TOPO_ACCESS_WRITE, NULL);
      diagnostics = topo_validate (doc);

      for (guint i = 0; i < diagnostics->len; i++)
        {
          const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);
          const TopoRuleInfo *info = topo_rules_lookup (d->rule);
          gboolean link = is_link (doc, d->subjects);

          g_assert_nonnull (info);
          g_hash_table_add (seen, (gpointer) info->id);
          if (!link)
            g_hash_table_add (not_link, (gpointer) info->id);
          if (info->about_link && !link)
            g_error ("%s is flagged as about a link, but its finding names %s, %s", d->rule,
                     d->subjects[0], d->subjects[0] != NULL ? d->subjects[1] : NULL);
        }
    }
  for (guint i = 0; i < n; i++)
    {
      flagged += all[i].about_link;
      if (g_hash_table_contains (seen, all[i].id) && !g_hash_table_contains (not_link, all[i].id))
        g_assert_true (all[i].about_link);
    }
  g_assert_cmpuint (flagged, >=, 7);
  /* The scrambled designs do exercise link rules. */
  g_assert_true (g_hash_table_contains (seen, "REG004"));
  g_assert_true (g_hash_table_contains (seen, "SEG002"));
  g_assert_true (topo_rules_lookup ("REG004")->about_link);
  g_assert_false (topo_rules_lookup ("SEG001")->about_link);
}

static void
test_badges (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", BASE
    ",{'id':'rg-x','type':'resource-group','name':'rg-x','region':'narnia'}",
    "{'type':'datastore','from':'ws-dev','to':'st-prod','access':'write'}");
  g_autoptr(GPtrArray) diagnostics = topo_validate (doc);
  g_autoptr(GHashTable) badges = topo_diagnostics_badges (diagnostics);
  TopoBadge *rg = g_hash_table_lookup (badges, "rg-x");
  TopoBadge *st = g_hash_table_lookup (badges, "st-prod");

  g_assert_nonnull (rg);
  g_assert_cmpuint (rg->errors, ==, 2);   /* SEG001, REG001 */
  g_assert_nonnull (st);
  g_assert_cmpuint (st->errors, ==, 1);   /* SEG002 */
  g_assert_cmpuint (st->warnings, ==, 1); /* SEG004 */
  g_assert_null (g_hash_table_lookup (badges, "rg-prod"));
}

static void
test_no_fix (void)
{
  g_autoptr(TopoDocument) doc = load_design ("", "", RG_DEV ",{'id':'ws','type':'workspace','name':'mlw-a','group':'rg-dev'}", "");
  g_autoptr(TopoDiagnostic) d = assert_fires (doc, "DEP003", TOPO_SEVERITY_INFO, "ws", "mlw-a");
  g_autoptr(GError) error = NULL;

  g_assert_false (topo_diagnostic_apply_fix (d, doc, &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, 0);
}

/* Regions and naming data */

static void
test_regions (void)
{
  guint n;
  const TopoRegion *all = topo_regions_get_all (&n);
  const TopoRegion *weu = topo_region_lookup ("westeurope");
  const TopoRegion *canary = topo_region_lookup ("centraluseuap");

  g_assert_cmpuint (n, >=, 60);
  g_assert_nonnull (all);
  g_assert_nonnull (weu);
  g_assert_cmpstr (weu->geography, ==, "Europe");
  g_assert_cmpstr (weu->display_name, ==, "West Europe");
  g_assert_cmpstr (weu->paired_region, ==, "northeurope");
  g_assert_true (weu->customer);
  g_assert_false (canary->customer);
  g_assert_false (topo_region_lookup ("eastus2euap")->customer);
  g_assert_false (topo_region_lookup ("eastusstg")->customer);
  g_assert_null (topo_region_lookup ("austriaeast")->paired_region);
  g_assert_null (topo_region_lookup ("WestEurope"));   /* exact, lower case */
  g_assert_null (topo_region_lookup ("narnia"));
}

static void
test_naming_rules (void)
{
  static const struct { TopoKind kind; const char *prefix; guint min, max; const char *scope; } expected[] = {
    { TOPO_KIND_RESOURCE_GROUP, "rg", 1, 90, "subscription" },
    { TOPO_KIND_WORKSPACE, "mlw", 3, 33, "resource group" },
    { TOPO_KIND_COMPUTE_INSTANCE, NULL, 3, 24, "region" },
    { TOPO_KIND_COMPUTE_CLUSTER, NULL, 3, 24, "region" },
    { TOPO_KIND_STORAGE, "st", 3, 24, "global" },
    { TOPO_KIND_KEY_VAULT, "kv", 3, 24, "global" },
    { TOPO_KIND_APP_INSIGHTS, "appi", 1, 255, "resource group" },
    { TOPO_KIND_CONTAINER_REGISTRY, "cr", 5, 50, "global" },
    { TOPO_KIND_AKS, "aks", 1, 63, "resource group" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const TopoNamingRule *rule = topo_naming_rule (expected[i].kind);
      g_assert_cmpstr (rule->caf_prefix, ==, expected[i].prefix);
      g_assert_cmpuint (rule->min_length, ==, expected[i].min);
      g_assert_cmpuint (rule->max_length, ==, expected[i].max);
      g_assert_cmpstr (rule->scope, ==, expected[i].scope);
    }
  g_assert_null (strstr (topo_naming_pattern (TOPO_KIND_RESOURCE_GROUP), "\\w"));
  g_assert_true (topo_naming_check (TOPO_KIND_RESOURCE_GROUP, "rg-a.(b)_c", NULL));
  g_assert_false (topo_naming_check (TOPO_KIND_RESOURCE_GROUP, "rg-é", NULL));
  g_assert_false (topo_naming_check (TOPO_KIND_RESOURCE_GROUP, "rg.", NULL));
  g_assert_false (topo_naming_check (TOPO_KIND_STORAGE, "stdata\n", NULL));
  g_assert_true (topo_naming_check (TOPO_KIND_COMPUTE_CLUSTER, "cpu-a1", NULL));
  g_assert_false (topo_naming_check (TOPO_KIND_COMPUTE_CLUSTER, "cpu-1", NULL));
  g_assert_false (topo_naming_check (TOPO_KIND_KEY_VAULT, "kv--a", NULL));
  g_assert_true (topo_naming_check (TOPO_KIND_APP_INSIGHTS, "APPI-x", NULL));
  {
    g_autofree char *reason = NULL;
    g_assert_false (topo_naming_check (TOPO_KIND_CONTAINER_REGISTRY, "cr1", &reason));
    g_assert_nonnull (strstr (reason, "3 characters"));
  }
}

/* The hand-written matchers must equal the TSV regexes on every input. */
static void
test_naming_matchers_equal_regexes (void)
{
  static const char *const pieces[] = {
    "a", "z", "A", "Z", "0", "9", "-", "_", ".", "(", ")", "é", "K", "\xe2\x84\xaa" /* Kelvin */,
    " ", "#", "\n", "--", "st", "kv", "x1",
  };
  static const char *const fixed[] = {
    "", "a", "ab", "abc", "a-1", "a-b1", "a-1b", "-ab", "ab-", "a--b", "rg.", "rg.x", "(x)", "a_b",
    "ABC", "abc\n", "a-b-1", "a1-", "\xe2\x84\xaa" "bc",
  };
  GRand *rand = g_rand_new_with_seed (4711);
  guint checked = 0;

  for (guint k = 0; k < TOPO_N_KINDS; k++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
        g_assert_cmpint (topo_naming_chars_match (k, fixed[i]), ==, topo_naming_regex_match (k, fixed[i]));
      for (guint i = 0; i < 4000; i++)
        {
          GString *s = g_string_new (NULL);
          guint len = g_rand_int_range (rand, 0, i % 10 == 0 ? 300 : 40);

          while (s->len < len)
            g_string_append (s, pieces[g_rand_int_range (rand, 0, i % 3 == 0 ? 5 : G_N_ELEMENTS (pieces))]);
          if (topo_naming_chars_match (k, s->str) != topo_naming_regex_match (k, s->str))
            g_error ("%s: matcher and regex %s disagree on “%s”", topo_kind_to_string (k),
                     topo_naming_pattern (k), s->str);
          checked++;
          g_string_free (s, TRUE);
        }
    }
  g_rand_free (rand);
  g_assert_cmpuint (checked, ==, 4000 * TOPO_N_KINDS);
}

static void
test_naming_suggest (void)
{
  static const char *const inputs[] = {
    "", "a", "St-Data", "rg-données.", "1cpu", "cpu-01", "--kv--", "x", "Résumé #1", "aks_", "-",
    "a very long name that goes on and on and on beyond every limit of any azure resource type ever",
  };

  for (guint k = 0; k < TOPO_N_KINDS; k++)
    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autofree char *s = topo_naming_suggest (k, inputs[i]);
        g_assert_nonnull (s);
        if (!topo_naming_check (k, s, NULL))
          g_error ("suggestion “%s” for “%s” is not a valid %s name", s, inputs[i], topo_kind_to_string (k));
      }
}

/* The shipped samples are designs the article recommends: no errors or warnings. */
static void
test_samples (void)
{
  const char *dir_path = g_getenv ("TOPOGRAPH_SAMPLES");
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  guint n = 0;
  GString *problems = g_string_new (NULL);

  if (dir_path == NULL)
    {
      g_test_skip ("TOPOGRAPH_SAMPLES not set");
      g_string_free (problems, TRUE);
      return;
    }
  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;

      if (!g_str_has_suffix (entry, ".topograph"))
        continue;
      path = g_build_filename (dir_path, entry, NULL);
      doc = topo_format_load_path (path, &error);
      g_assert_no_error (error);
      diagnostics = topo_validate (doc);
      for (guint i = 0; i < diagnostics->len; i++)
        {
          TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);
          if (d->severity <= TOPO_SEVERITY_WARNING)
            g_string_append_printf (problems, "%s: %s %s %s\n", entry,
                                    topo_severity_to_string (d->severity), d->rule, d->message);
        }
      n++;
    }
  g_test_message ("%u samples checked", n);
  if (problems->len > 0)
    g_error ("samples with findings:\n%s", problems->str);
  g_string_free (problems, TRUE);
}

/* A generated design is valid for the loader; the validator must not crash on it and its
 * findings must reference existing ids. */
static void
test_generated (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (2000, 7);
  g_autoptr(GPtrArray) diagnostics = topo_validate (doc);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);
      for (guint s = 0; d->subjects[s] != NULL; s++)
        g_assert_true (topo_document_lookup (doc, d->subjects[s]) != NULL ||
                       topo_document_lookup_team (doc, d->subjects[s]) != NULL);
    }
}

/* Suppressions and severity overrides */

/* The design of test_nam001's storage: one NAM001 error on "st", TAG-free. */
static TopoDocument *
load_with (const char *policy_extra,
           const char *suppressions)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf (
    "{'format':'topograph','version':1,'policy':{%s},"
    "'resources':[" RG_DEV ",{'id':'st','type':'storage','name':'St-Data','group':'rg-dev'},"
    "{'id':'cpu','type':'compute-cluster','name':'cpu-a','group':'rg-dev','workspace':'ws-dev','min_nodes':2},"
    WS_DEV "],'suppressions':[%s]}", policy_extra, suppressions);
  TopoDocument *doc;

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  doc = topo_format_load_data (text, strlen (text), "test.topograph", &error);
  g_assert_no_error (error);
  return doc;
}

static TopoDiagnostic *
find_at (GPtrArray *all,
         const char *rule,
         const char *subjects)
{
  for (guint i = 0; i < all->len; i++)
    {
      TopoDiagnostic *d = g_ptr_array_index (all, i);
      g_autofree char *s = subjects_string (d);

      if (g_str_equal (d->rule, rule) && g_str_equal (s, subjects))
        return d;
    }
  return NULL;
}

static void
test_rule_overrides (void)
{
  g_autoptr(TopoDocument) plain = load_with ("", "");
  g_autoptr(TopoDocument) doc = load_with ("'rules':{'NAM001':'warning','DEP005':'off','DEP003':'error','XYZ001':'info'}", "");
  g_autoptr(GPtrArray) before = topo_validate_at (plain, "2026-12-03");
  g_autoptr(GPtrArray) after = topo_validate_at (doc, "2026-12-03");
  TopoDiagnostic *d;

  g_assert_cmpint (find_at (before, "NAM001", "st")->severity, ==, TOPO_SEVERITY_ERROR);
  g_assert_nonnull (find_at (before, "DEP005", "cpu"));
  g_assert_cmpint (find_at (before, "DEP003", "ws-dev")->severity, ==, TOPO_SEVERITY_INFO);

  g_assert_cmpint (find_at (after, "NAM001", "st")->severity, ==, TOPO_SEVERITY_WARNING);
  g_assert_null (find_at (after, "DEP005", "cpu"));
  g_assert_cmpint (find_at (after, "DEP003", "ws-dev")->severity, ==, TOPO_SEVERITY_ERROR);
  /* Still sorted by severity after the overrides. */
  for (guint i = 1; i < after->len; i++)
    g_assert_cmpint (((TopoDiagnostic *) g_ptr_array_index (after, i - 1))->severity, <=,
                     ((TopoDiagnostic *) g_ptr_array_index (after, i))->severity);
  /* An override of an unknown rule is a finding, whose fix removes it. */
  d = find_at (after, "SUP003", "");
  g_assert_nonnull (d);
  g_assert_nonnull (strstr (d->message, "XYZ001"));
  g_assert_true (topo_diagnostic_apply_fix (d, doc, NULL));
  g_assert_cmpint (topo_policy_rule_level (topo_document_get_policy (doc), "XYZ001"), ==, -1);
  g_assert_cmpint (topo_policy_rule_level (topo_document_get_policy (doc), "DEP005"), ==, TOPO_RULE_LEVEL_OFF);
}

/* The export's blockers: a governance error a team accepted (REG002 suppressed, SEG001 turned
 * off) does not stop the export; an error Azure rejects the template for (NAM001) stops it
 * whether suppressed, downgraded or turned off. */
static void
test_export_blockers (void)
{
  static const char *const accepting[] = {
    "", "'rules':{'NAM001':'off'}", "'rules':{'NAM001':'warning'}", "'rules':{'NAM001':'info'}",
  };

  for (guint k = 0; k < G_N_ELEMENTS (accepting); k++)
    {
      g_autofree char *policy = g_strdup_printf ("'allowed_regions':['northeurope']%s%s",
                                                 accepting[k][0] != '\0' ? "," : "", accepting[k]);
      g_autoptr(TopoDocument) doc = load_with (policy,
        k == 0 ? "{'rule':'NAM001','subjects':['st'],'justification':'legacy name'},"
                 "{'rule':'REG002','subjects':['rg-dev'],'justification':'approved exception'}"
               : "{'rule':'REG002','subjects':['rg-dev'],'justification':'approved exception'}");
      g_autoptr(GPtrArray) all = topo_validate (doc);
      g_autoptr(GPtrArray) blockers = topo_validate_export_blockers (doc);
      TopoDiagnostic *nam = find_at (all, "NAM001", "st");

      /* for validation, accepted */
      g_assert_true (nam == NULL || nam->suppressed || nam->severity != TOPO_SEVERITY_ERROR);
      g_assert_true (find_at (all, "REG002", "rg-dev")->suppressed);
      /* for the export, NAM001 at its own severity; nothing else */
      g_assert_cmpuint (blockers->len, ==, 1);
      g_assert_cmpstr (((TopoDiagnostic *) g_ptr_array_index (blockers, 0))->rule, ==, "NAM001");
      g_assert_cmpint (((TopoDiagnostic *) g_ptr_array_index (blockers, 0))->severity, ==, TOPO_SEVERITY_ERROR);
      g_assert_true (topo_rules_lookup ("NAM001")->blocks_export);
      g_assert_false (topo_rules_lookup ("REG002")->blocks_export);
    }
  {
    /* fixed: nothing blocks */
    g_autoptr(TopoDocument) doc = load_with ("'allowed_regions':['northeurope']",
      "{'rule':'REG002','subjects':['rg-dev'],'justification':'approved exception'}");
    g_autoptr(GPtrArray) blockers = NULL;

    g_assert_true (topo_edit_set_property (doc, "st", "name", "stdata", NULL));
    blockers = topo_validate_export_blockers (doc);
    g_assert_cmpuint (blockers->len, ==, 0);
  }
}

static void
test_suppressions (void)
{
  g_autoptr(TopoDocument) doc = load_with ("",
    "{'rule':'NAM001','subjects':['st'],'justification':'legacy name','expires':'2026-12-31'},"
    "{'rule':'DEP005','subjects':['cpu','nobody'],'justification':'stale'},"
    "{'rule':'DEP003','subjects':['ws-dev'],'justification':'ran out','expires':'2026-01-01'}");
  g_autoptr(GPtrArray) today = topo_validate_at (doc, "2026-12-03");
  g_autoptr(GPtrArray) later = topo_validate_at (doc, "2027-01-01");
  g_autoptr(GHashTable) badges = topo_diagnostics_badges (today);
  TopoDiagnostic *nam, *stale, *expired;

  /* Matched: still reported, marked suppressed, does not count; no badge. */
  nam = find_at (today, "NAM001", "st");
  g_assert_nonnull (nam);
  g_assert_true (nam->suppressed);
  g_assert_cmpstr (nam->justification, ==, "legacy name");
  g_assert_false (topo_diagnostic_counts (nam, TOPO_SEVERITY_INFO));
  g_assert_null (g_hash_table_lookup (badges, "st"));
  /* The expiry day itself still suppresses; the day after does not. */
  g_assert_false (find_at (later, "NAM001", "st")->suppressed);
  g_assert_nonnull (find_at (later, "SUP002", "st"));
  g_assert_true (topo_diagnostic_counts (find_at (later, "NAM001", "st"), TOPO_SEVERITY_ERROR));

  /* Stale: its subjects do not match the finding's. */
  g_assert_false (find_at (today, "DEP005", "cpu")->suppressed);
  stale = find_at (today, "SUP001", "cpu,nobody");
  g_assert_nonnull (stale);
  g_assert_cmpint (stale->severity, ==, TOPO_SEVERITY_WARNING);
  g_assert_nonnull (strstr (stale->message, "DEP005"));

  /* Expired: reported, and its finding counts again. */
  expired = find_at (today, "SUP002", "ws-dev");
  g_assert_nonnull (expired);
  g_assert_nonnull (strstr (expired->message, "2026-01-01"));
  g_assert_false (find_at (today, "DEP003", "ws-dev")->suppressed);
}

static void
test_suppress_edit (void)
{
  g_autoptr(TopoDocument) doc = load_with ("", "");
  g_autoptr(TopoDocument) fresh = NULL;
  g_autoptr(GPtrArray) all = topo_validate (doc);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  TopoDiagnostic *nam = find_at (all, "NAM001", "st");
  guint steps = topo_document_get_n_undo_steps (doc);

  /* A reason is required. */
  g_assert_false (topo_diagnostic_suppress (nam, doc, "  ", NULL, &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (topo_diagnostic_suppress (nam, doc, "why", "2027-02-30", &error));
  g_clear_error (&error);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps);

  g_assert_true (topo_diagnostic_suppress (nam, doc, "Renamed in the next release", "2099-01-01", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps + 1);
  g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Suppress NAM001");
  again = topo_validate (doc);
  g_assert_true (find_at (again, "NAM001", "st")->suppressed);
  g_assert_false (topo_diagnostic_suppress (find_at (again, "NAM001", "st"), doc, "twice", NULL, &error));
  g_clear_error (&error);

  /* Saved as a top-level suppression; loads back the same. */
  saved = topo_format_to_data (doc, NULL);
  g_assert_nonnull (strstr (saved, "  \"suppressions\": [\n    {\n      \"rule\": \"NAM001\",\n"));
  fresh = topo_format_load_data (saved, strlen (saved), "saved.topograph", &error);
  g_assert_no_error (error);
  g_assert_true (topo_policy_equal (topo_document_get_policy (fresh), topo_document_get_policy (doc)));

  g_assert_true (topo_document_undo (doc));
  g_clear_pointer (&again, g_ptr_array_unref);
  again = topo_validate (doc);
  g_assert_false (find_at (again, "NAM001", "st")->suppressed);
}

/* docs/rules.md is generated from the rule metadata (topograph-cli rules -o docs/rules.md):
 * it must be up to date, and every rule's helpUri anchor must be in it. */
static void
test_rules_reference (void)
{
  const char *path = g_getenv ("TOPOGRAPH_RULES_DOC");
  g_autofree char *expected = topo_rules_reference_markdown ();
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint n;
  const TopoRuleInfo *rules = topo_rules_get_all (&n);

  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  if (!g_str_equal (text, expected))
    g_error ("%s is out of date: run `topograph-cli rules -o docs/rules.md` and commit it", path);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *heading = g_strdup_printf ("\n### %s\n", rules[i].id);
      g_autofree char *uri = topo_rule_help_uri (rules[i].id);
      g_autofree char *anchor = g_ascii_strdown (rules[i].id, -1);

      g_assert_nonnull (strstr (text, heading));
      g_assert_true (g_str_has_prefix (uri, TOPO_RULES_REFERENCE_URI "#"));
      g_assert_cmpstr (strchr (uri, '#') + 1, ==, anchor);
    }
}

/* topo_diagnostics_equal, which lets the window keep its panels after an edit that changed no
 * finding: the same design validates to equal lists; a move changes no finding; any field of one
 * finding differing, or one finding more, makes the lists differ. */
static void
test_diagnostics_equal (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (400, 3);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GPtrArray) more = NULL;
  const char *card = NULL;
  const char *rg = NULL;

  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP && rg == NULL)
        rg = r->id;
      else if (r->kind == TOPO_KIND_STORAGE && card == NULL)
        card = r->id;
    }
  g_assert_nonnull (card);
  g_assert_nonnull (rg);
  /* findings to compare: production data in a dev RG */
  topo_edit_set_property (doc, card, "data", "production", NULL);
  before = topo_validate (doc);
  g_assert_cmpuint (before->len, >, 0);
  again = topo_validate (doc);
  g_assert_true (topo_diagnostics_equal (before, again));
  g_assert_true (topo_diagnostics_equal (before, before));
  g_assert_false (topo_diagnostics_equal (before, NULL));
  g_assert_false (topo_diagnostics_equal (NULL, before));

  topo_edit_move (doc, (const char *[]) { card, NULL }, 8, 0);
  moved = topo_validate (doc);
  g_assert_true (topo_diagnostics_equal (before, moved));

  /* each field of one finding */
  for (guint field = 0; field < 8; field++)
    {
      TopoDiagnostic *d = g_ptr_array_index (again, 0);
      TopoDiagnostic saved = *d;
      g_auto(GStrv) subjects = NULL;

      switch (field)
        {
        case 0: d->severity = d->severity == TOPO_SEVERITY_INFO ? TOPO_SEVERITY_ERROR : TOPO_SEVERITY_INFO; break;
        case 1: d->rule = g_str_equal (d->rule, "SEG001") ? "SEG002" : "SEG001"; break;
        case 2: d->message = "another message"; break;
        case 3:
          subjects = g_strdupv (d->subjects);
          subjects[0][0] ^= 1;
          d->subjects = subjects;
          break;
        case 4: d->fix = d->fix != NULL ? NULL : "Fix it"; break;
        case 5: d->fix_arg = d->fix_arg != NULL ? NULL : "arg"; break;
        case 6: d->suppressed = !d->suppressed; break;
        default: d->justification = d->justification != NULL ? NULL : "accepted"; break;
        }
      g_assert_false (topo_diagnostic_equal (g_ptr_array_index (before, 0), d));
      g_assert_false (topo_diagnostics_equal (before, again));
      *d = saved;
      g_assert_true (topo_diagnostics_equal (before, again));
    }

  /* one finding more: a resource without its RG's region … any new finding will do */
  topo_edit_set_property (doc, rg, "environment", "prod", NULL);
  more = topo_validate (doc);
  g_assert_false (topo_diagnostics_equal (before, more));
}

static void
note_affects_cb (TopoDocument     *doc,
                 const TopoChange *change,
                 gboolean         *affects)
{
  *affects |= topo_change_affects_validation (change);
}

/* topo_change_affects_validation, which lets the window skip validating after a move: over random
 * edits (moves of cards and RGs, RG resizes, note edits, and the mutations of design-mutations.h),
 * whenever no change of an edit affects validation, topo_validate reports what it reported
 * before. */
static void
test_change_affects_validation (void)
{
  guint unaffected = 0, affected = 0;

  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (300, seed);
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GPtrArray) last = topo_validate (doc);
      gboolean affects = FALSE;

      g_signal_connect (doc, "changed", G_CALLBACK (note_affects_cb), &affects);
      for (guint step = 0; step < 200; step++)
        {
          guint n = topo_document_get_n_resources (doc);
          const TopoResource *r = n > 0 ? topo_document_get_resource (doc, g_rand_int_range (rand, 0, n)) : NULL;
          g_autoptr(GString) what = g_string_new (NULL);
          g_autoptr(GPtrArray) now = NULL;
          g_autofree char *id = r != NULL ? g_strdup (r->id) : NULL;

          affects = FALSE;
          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:
              mutate (rand, doc, what);
              break;
            case 1:
              if (id != NULL)
                topo_edit_move (doc, (const char *[]) { id, NULL }, g_rand_int_range (rand, -60, 61),
                                g_rand_int_range (rand, -60, 61));
              break;
            case 2:
              if (r != NULL && r->kind == TOPO_KIND_RESOURCE_GROUP)
                {
                  TopoRect rect = r->layout;

                  rect.w += g_rand_int_range (rand, 0, 120);
                  rect.h += g_rand_int_range (rand, 0, 120);
                  topo_edit_resize_group (doc, id, &rect, NULL);
                }
              break;
            case 3:
              {
                TopoNote *note = topo_note_new (NULL, "a *note*");

                if (id != NULL && g_rand_boolean (rand))
                  note->attach = g_strdup (id);
                else
                  note->region = g_strdup ("westeurope");
                topo_edit_add_note (doc, note, NULL);
              }
              break;
            default:
              if (topo_document_get_n_notes (doc) > 0)
                {
                  g_autofree char *note_id = g_strdup (topo_document_get_note (doc, 0)->id);

                  if (g_rand_boolean (rand))
                    topo_edit_set_note_text (doc, note_id, "edited", NULL);
                  else
                    topo_edit_remove (doc, (const char *[]) { note_id, NULL });
                }
              break;
            }
          now = topo_validate (doc);
          if (!affects)
            {
              g_assert_true (topo_diagnostics_equal (last, now));
              unaffected++;
            }
          else
            affected++;
          g_ptr_array_unref (last);
          last = g_steal_pointer (&now);
        }
      g_signal_handlers_disconnect_by_func (doc, note_affects_cb, &affects);
    }
  g_test_message ("%u edits affected validation, %u did not", affected, unaffected);
  g_assert_cmpuint (unaffected, >, 100);
  g_assert_cmpuint (affected, >, 50);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/validator/seg001", test_seg001);
  g_test_add_func ("/topo/validator/seg001/custom-environments", test_seg001_custom_environments);
  g_test_add_func ("/topo/validator/seg002", test_seg002);
  g_test_add_func ("/topo/validator/seg003", test_seg003);
  g_test_add_func ("/topo/validator/seg004", test_seg004);
  g_test_add_func ("/topo/validator/seg005", test_seg005);
  g_test_add_func ("/topo/validator/seg006", test_seg006);
  g_test_add_func ("/topo/validator/seg007", test_seg007);
  g_test_add_func ("/topo/validator/rbac001", test_rbac001);
  g_test_add_func ("/topo/validator/rbac002", test_rbac002);
  g_test_add_func ("/topo/validator/rbac003", test_rbac003);
  g_test_add_func ("/topo/validator/rbac004", test_rbac004);
  g_test_add_func ("/topo/validator/rbac005", test_rbac005);
  g_test_add_func ("/topo/validator/reg001", test_reg001);
  g_test_add_func ("/topo/validator/reg002", test_reg002);
  g_test_add_func ("/topo/validator/reg003", test_reg003);
  g_test_add_func ("/topo/validator/reg004", test_reg004);
  g_test_add_func ("/topo/validator/reg005", test_reg005);
  g_test_add_func ("/topo/validator/reg006", test_reg006);
  g_test_add_func ("/topo/validator/nam001", test_nam001);
  g_test_add_func ("/topo/validator/nam001/workspace-fix", test_nam001_workspace_fix);
  g_test_add_func ("/topo/validator/nam002", test_nam002);
  g_test_add_func ("/topo/validator/nam002/unicode", test_nam002_unicode);
  g_test_add_func ("/topo/validator/nam-attached-compute", test_nam_attached_compute);
  g_test_add_func ("/topo/validator/nam-attached-compute/scope", test_nam_attached_compute_scope);
  g_test_add_func ("/topo/validator/nam003", test_nam003);
  g_test_add_func ("/topo/validator/tag001", test_tag001);
  g_test_add_func ("/topo/validator/tag001-existing-group", test_tag001_existing_group);
  g_test_add_func ("/topo/validator/tag002", test_tag002);
  g_test_add_func ("/topo/validator/dep001", test_dep001);
  g_test_add_func ("/topo/validator/dep002", test_dep002);
  g_test_add_func ("/topo/validator/dep003", test_dep003);
  g_test_add_func ("/topo/validator/dep004", test_dep004);
  g_test_add_func ("/topo/validator/dep005", test_dep005);
  g_test_add_func ("/topo/validator/dep006", test_dep006);
  g_test_add_func ("/topo/validator/dep007", test_dep007);
  g_test_add_func ("/topo/validator/rule-overrides", test_rule_overrides);
  g_test_add_func ("/topo/validator/suppressions", test_suppressions);
  g_test_add_func ("/topo/validator/export-blockers", test_export_blockers);
  g_test_add_func ("/topo/validator/suppress-edit", test_suppress_edit);
  g_test_add_func ("/topo/validator/rules-reference", test_rules_reference);
  g_test_add_func ("/topo/validator/sec001", test_sec001);
  g_test_add_func ("/topo/validator/sec002", test_sec002);
  g_test_add_func ("/topo/validator/order", test_order);
  g_test_add_func ("/topo/validator/document-order", test_document_order);
  g_test_add_func ("/topo/validator/rules-metadata", test_rules_metadata);
  g_test_add_func ("/topo/validator/badges", test_badges);
  g_test_add_func ("/topo/validator/no-fix", test_no_fix);
  g_test_add_func ("/topo/validator/generated", test_generated);
  g_test_add_func ("/topo/validator/samples", test_samples);
  g_test_add_func ("/topo/validator/rules-about-links", test_rules_about_links);
  g_test_add_func ("/topo/validator/diagnostics-equal", test_diagnostics_equal);
  g_test_add_func ("/topo/validator/change-affects-validation", test_change_affects_validation);
  g_test_add_func ("/topo/regions/table", test_regions);
  g_test_add_func ("/topo/regions/naming-rules", test_naming_rules);
  g_test_add_func ("/topo/regions/matchers-equal-regexes", test_naming_matchers_equal_regexes);
  g_test_add_func ("/topo/regions/suggest", test_naming_suggest);

  return g_test_run ();
}
