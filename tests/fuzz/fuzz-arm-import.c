/* fuzz-arm-import.c: libFuzzer harness for the ARM template importer
 *
 * Property: any input is refused with an error naming the input, or imported; whatever is
 * imported saves to a design that loads and saves to the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "topo.h"
#include "topo-arm-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(TopoDocument) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length, second_length;

  /* The importer takes text: input with a NUL byte ends there. */
  doc = topo_arm_import_data (text, -1, "fuzz.json", warnings, &error);
  if (doc == NULL)
    {
      g_assert (error != NULL && g_str_has_prefix (error->message, "fuzz.json"));
      return 0;
    }
  first = topo_format_to_data (doc, &first_length);
  again = topo_format_load_data (first, first_length, "imported.topograph", &error);
  if (again == NULL)
    g_error ("an imported design does not load: %s", error->message);
  second = topo_format_to_data (again, &second_length);
  g_assert (first_length == second_length && memcmp (first, second, first_length) == 0);
  return 0;
}
