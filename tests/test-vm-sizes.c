/* test-vm-sizes.c: the Azure VM size list and the nearest known name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "topo-vm-sizes.h"

static void
test_known (void)
{
  guint n = 0;
  const char *const *all = topo_vm_sizes_get_all (&n);

  /* the whole copied table, sorted */
  g_assert_cmpuint (n, ==, 1504);   /* 1 502 names + the two specified isolated Ev3 sizes the name list lacks */
  g_assert_null (all[n]);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (g_strcmp0 (all[i - 1], all[i]), <, 0);
  g_assert_true (topo_vm_size_is_known ("Standard_DS3_v2"));
  g_assert_true (topo_vm_size_is_known ("Standard_NC6s_v3"));
  g_assert_false (topo_vm_size_is_known ("standard_ds3_v2"));
  g_assert_false (topo_vm_size_is_known (NULL));
  g_assert_cmpstr (topo_vm_size_quota_family ("Standard_A1_v2"), ==, "standardAv2Family");
  g_assert_null (topo_vm_size_quota_family ("Standard_Nonexistent"));
}

static void
test_suggest (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Standard_DS3_v2", "Standard_DS3_v2" },   /* a known name is its own answer */
    { "standard_ds3_v2", "Standard_DS3_v2" },   /* case */
    { "DS3_v2", "Standard_DS3_v2" },            /* prefix left out */
    { " ds3_v2 ", "Standard_DS3_v2" },          /* both, and spaces */
    { "Standard_DS3v2", "Standard_DS3_v2" },    /* a typo */
    { "Standrad_DS3_v2", "Standard_DS3_v2" },   /* two */
    { "NC6s_v4", "Standard_NC6s_v3" },          /* a typo without the prefix */
    { "banana", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = topo_vm_size_suggest (cases[i].in);
      g_assert_cmpstr (s, ==, cases[i].out);
    }
}

static void
test_check (void)
{
  g_autofree char *reason = NULL;
  g_autofree char *none = NULL;

  g_assert_true (topo_vm_size_check ("Standard_E4s_v3", NULL));
  g_assert_false (topo_vm_size_check ("ds3_v2", &reason));
  g_assert_nonnull (strstr (reason, "Standard_DS3_v2"));
  g_assert_false (topo_vm_size_check ("banana", &none));
  g_assert_nonnull (strstr (none, "banana"));
}

/* Every family once (by key), in the tables' spelling, sorted by key; every size's family is
 * among them (the Add Quota popover lists them). */
static void
test_families (void)
{
  guint n = 0, n_sizes = 0;
  const char *const *families = topo_vm_families_get_all (&n);
  const char *const *sizes = topo_vm_sizes_get_all (&n_sizes);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *previous = NULL;

  g_assert_cmpuint (n, >=, 150);
  g_assert_null (families[n]);
  for (guint i = 0; i < n; i++)
    {
      char *key = topo_vm_family_key (families[i]);

      g_assert_false (g_hash_table_contains (keys, key));
      g_assert_cmpstr (topo_vm_family_canonical (families[i]), ==, families[i]);
      if (previous != NULL)
        g_assert_cmpint (strcmp (previous, key), <, 0);
      g_free (previous);
      previous = g_strdup (key);
      g_hash_table_add (keys, key);
    }
  for (guint i = 0; i < n_sizes; i++)
    {
      g_autofree char *key = topo_vm_family_key (topo_vm_size_quota_family (sizes[i]));

      g_assert_true (g_hash_table_contains (keys, key));
    }
  g_assert_true (g_strv_contains (families, "standardDSv2Family"));
  g_assert_true (g_strv_contains (families, "Standard NCASv3_T4 Family"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topo/vm-sizes/known", test_known);
  g_test_add_func ("/topo/vm-sizes/suggest", test_suggest);
  g_test_add_func ("/topo/vm-sizes/check", test_check);
  g_test_add_func ("/topo/vm-sizes/families", test_families);
  return g_test_run ();
}
