/* fuzz-load.c: libFuzzer harness for the .topograph loader
 *
 * Property: any input either fails with an error, or loads; a loaded design saves to canonical
 * text that loads again and saves to the same bytes (load → save → load is a fixed point).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "topo.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data ((const char *) data, size, "fuzz.topograph", &error);
  g_autoptr(TopoDocument) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length, second_length;

  if (doc == NULL)
    {
      g_assert (error != NULL && g_str_has_prefix (error->message, "fuzz.topograph"));
      return 0;
    }
  first = topo_format_to_data (doc, &first_length);
  again = topo_format_load_data (first, first_length, "saved.topograph", &error);
  if (again == NULL)
    g_error ("a saved design does not load: %s", error->message);
  second = topo_format_to_data (again, &second_length);
  g_assert (first_length == second_length && memcmp (first, second, first_length) == 0);
  return 0;
}
