/* test-format.c: loading, rejecting, canonical saving and atomic saving of .topograph files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "topo.h"
#include "topo-document-private.h"

#define HEADER "{\"format\": \"topograph\", \"version\": 1, "

static const char *valid_doc =
  "{\n"
  "  \"format\": \"topograph\",\n"
  "  \"version\": 1,\n"
  "  \"name\": \"Small\",\n"
  "  \"future_top\": {\"nested\": [1, 2.5, true, null, \"x\"]},\n"
  "  \"policy\": {\"naming\": \"caf\", \"policy_extra\": 3},\n"
  "  \"lanes\": [\"westeurope\"],\n"
  "  \"teams\": [{\"id\": \"fraud\", \"name\": \"Fraud\", \"data_access\": \"confidential\", \"team_extra\": false}],\n"
  "  \"resources\": [\n"
  "    {\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\", \"environment\": \"dev\",\n"
  "     \"layout\": {\"x\": 24, \"y\": 24, \"w\": 400, \"h\": 200, \"z\": 1}},\n"
  "    {\"id\": \"ws\", \"type\": \"workspace\", \"group\": \"rg\", \"purpose\": \"project\",\n"
  "     \"access\": [{\"team\": \"fraud\", \"role\": \"data-scientist\", \"since\": \"2024\"}],\n"
  "     \"storage\": \"st\", \"colour\": \"blue\", \"layout\": {\"x\": 16.5, \"y\": 44}},\n"
  "    {\"id\": \"st\", \"type\": \"storage\", \"group\": \"rg\", \"data\": \"non-production\", \"region\": \"ignored-on-storage\"},\n"
  "    {\"id\": \"cpu\", \"type\": \"compute-cluster\", \"group\": \"rg\", \"workspace\": \"ws\", \"min_nodes\": 0, \"max_nodes\": 4}\n"
  "  ],\n"
  "  \"links\": [{\"type\": \"datastore\", \"from\": \"ws\", \"to\": \"st\", \"access\": \"write\", \"note\": \"n\"}]\n"
  "}\n";

static TopoDocument *
load_string (const char *text,
             GError    **error)
{
  return topo_format_load_data (text, strlen (text), "test.topograph", error);
}

static void
test_load_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = load_string (valid_doc, &error);
  const TopoResource *ws, *st;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (topo_document_get_name (doc), ==, "Small");
  g_assert_cmpuint (topo_document_get_n_resources (doc), ==, 4);
  ws = topo_document_lookup (doc, "ws");
  g_assert_nonnull (ws);
  g_assert_cmpint (ws->kind, ==, TOPO_KIND_WORKSPACE);
  g_assert_cmpint (topo_resource_get_access (ws, "fraud"), ==, TOPO_ROLE_DATA_SCIENTIST);
  g_assert_cmpfloat (ws->layout.x, ==, 16.5);
  st = topo_document_lookup (doc, "st");
  /* No layout in the file: placed automatically inside its RG. */
  g_assert_true (st->has_layout);
  g_assert_nonnull (st->extra);
  g_assert_true (json_object_has_member (st->extra, "region"));
  g_assert_cmpint (topo_document_get_link (doc, 0)->access, ==, TOPO_ACCESS_WRITE);
  g_assert_false (topo_document_get_modified (doc));
  g_assert_false (topo_document_can_undo (doc));
}

/* Unknown keys anywhere are written back; a saved file round-trips byte for byte. */
static void
test_unknown_keys_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = load_string (valid_doc, &error);
  g_autoptr(TopoDocument) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  first = topo_format_to_data (doc, NULL);
  for (guint i = 0; i < 8; i++)
    {
      const char *kept[] = { "future_top", "policy_extra", "team_extra", "\"z\": 1", "since",
                             "colour", "ignored-on-storage", "\"note\"" };

      g_assert_nonnull (strstr (first, kept[i]));
    }
  g_assert_nonnull (strstr (first, "\"nested\": [\n"));
  g_assert_nonnull (strstr (first, "2.5"));
  g_assert_true (g_str_has_suffix (first, "}\n"));
  g_assert_null (strstr (first, " : "));
  again = load_string (first, &error);
  g_assert_no_error (error);
  second = topo_format_to_data (again, NULL);
  g_assert_cmpstr (first, ==, second);
}

static void
test_generated_round_trip (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (2000, 7);
  g_autofree char *first = topo_format_to_data (doc, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) again = load_string (first, &error);
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  second = topo_format_to_data (again, NULL);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (topo_document_get_n_resources (doc), ==, 2000);
}

typedef struct
{
  const char *name;
  const char *text;
  const char *path;      /* JSON path or line the message must name */
  const char *problem;   /* words the message must contain */
} Rejection;

static const Rejection rejections[] = {
  { "not-json", "{\"format\": \"topograph\",\n \"version\": 1,,}", "test.topograph:2:", "" },
  { "truncated", HEADER "\"resources\": [{\"id\": \"rg\"", "test.topograph:1:", "" },
  { "empty", "", "test.topograph", "empty" },
  { "root-array", "[1, 2]", "$", "expected a JSON object, got an array" },
  { "format-missing", "{\"version\": 1}", "$", "missing required key \"format\"" },
  { "format-wrong", "{\"format\": \"drawio\", \"version\": 1}", "$.format", "expected \"topograph\"" },
  { "version-missing", "{\"format\": \"topograph\"}", "$", "missing required key \"version\"" },
  { "version-string", "{\"format\": \"topograph\", \"version\": \"1\"}", "$.version", "integer 1" },
  { "version-double", "{\"format\": \"topograph\", \"version\": 1.0}", "$.version", "integer 1" },
  { "version-2", "{\"format\": \"topograph\", \"version\": 2}", "$.version", "integer 1" },
  { "name-null", HEADER "\"name\": null}", "$.name", "expected a string, got null" },
  { "lanes-string", HEADER "\"lanes\": \"westeurope\"}", "$.lanes", "expected an array of strings" },
  { "lanes-number", HEADER "\"lanes\": [\"westeurope\", 3]}", "$.lanes[1]", "expected a string" },
  { "policy-residency", HEADER "\"policy\": {\"residency\": \"continent\"}}", "$.policy.residency", "unknown value 'continent'" },
  { "policy-tags-null", HEADER "\"policy\": {\"required_tags\": null}}", "$.policy.required_tags", "got null" },
  { "policy-rules-level", HEADER "\"policy\": {\"rules\": {\"TAG002\": \"silent\"}}}", "$.policy.rules.TAG002", "unknown value 'silent'" },
  { "policy-rules-array", HEADER "\"policy\": {\"rules\": [\"TAG002\"]}}", "$.policy.rules", "expected an object" },
  { "suppressions-object", HEADER "\"suppressions\": {}}", "$.suppressions", "expected an array" },
  { "suppression-no-reason", HEADER "\"suppressions\": [{\"rule\": \"SEG002\", \"subjects\": [\"a\"]}]}", "$.suppressions[0]", "missing required key \"justification\"" },
  { "suppression-no-subjects", HEADER "\"suppressions\": [{\"rule\": \"SEG002\", \"subjects\": [], \"justification\": \"x\"}]}", "$.suppressions[0].subjects", "at least one subject" },
  { "suppression-date", HEADER "\"suppressions\": [{\"rule\": \"SEG002\", \"subjects\": [\"a\"], \"justification\": \"x\", \"expires\": \"2027-02-30\"}]}", "$.suppressions[0].expires", "not a date" },
  { "team-no-id", HEADER "\"teams\": [{\"name\": \"x\"}]}", "$.teams[0]", "missing required key \"id\"" },
  { "team-bad-id", HEADER "\"teams\": [{\"id\": \"a b\"}]}", "$.teams[0].id", "not a valid id" },
  { "team-level", HEADER "\"teams\": [{\"id\": \"a\", \"data_access\": \"secret\"}]}", "$.teams[0].data_access", "unknown value 'secret'" },
  { "team-external-string", HEADER "\"teams\": [{\"id\": \"a\", \"external\": \"yes\"}]}", "$.teams[0].external", "expected true or false" },
  { "team-duplicate", HEADER "\"teams\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}", "$.teams[1].id", "duplicate team id 'a'" },
  { "resource-no-id", HEADER "\"resources\": [{\"type\": \"storage\"}]}", "$.resources[0]", "missing required key \"id\"" },
  { "resource-no-type", HEADER "\"resources\": [{\"id\": \"x\"}]}", "$.resources[0]", "missing required key \"type\"" },
  { "resource-unknown-type", HEADER "\"resources\": [{\"id\": \"x\", \"type\": \"database\"}]}", "$.resources[0].type", "unknown value 'database'" },
  { "resource-bad-id", HEADER "\"resources\": [{\"id\": \"x/y\", \"type\": \"storage\"}]}", "$.resources[0].id", "not a valid id" },
  { "resource-id-number", HEADER "\"resources\": [{\"id\": 5, \"type\": \"storage\"}]}", "$.resources[0].id", "expected a string, got an integer" },
  { "rg-no-region", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\"}]}", "$.resources[0]", "missing required key \"region\"" },
  { "compute-no-workspace", HEADER "\"resources\": [{\"id\": \"c\", \"type\": \"compute-instance\"}]}", "$.resources[0]", "missing required key \"workspace\"" },
  { "resource-duplicate", HEADER "\"resources\": [{\"id\": \"s\", \"type\": \"storage\"}, {\"id\": \"s\", \"type\": \"aks\"}]}", "$.resources[1].id", "duplicate resource id 's'" },
  { "enum-data", HEADER "\"resources\": [{\"id\": \"s\", \"type\": \"storage\", \"data\": \"prod\"}]}", "$.resources[0].data", "unknown value 'prod'" },
  { "bool-null", HEADER "\"resources\": [{\"id\": \"s\", \"type\": \"storage\", \"hns\": null}]}", "$.resources[0].hns", "got null" },
  { "count-fraction", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"x\"}, {\"id\": \"w\", \"type\": \"workspace\"}, {\"id\": \"c\", \"type\": \"compute-cluster\", \"workspace\": \"w\", \"max_nodes\": 1.5}]}", "$.resources[2].max_nodes", "expected a whole number" },
  { "count-huge", HEADER "\"resources\": [{\"id\": \"a\", \"type\": \"aks\", \"node_count\": 99999999999999}]}", "$.resources[0].node_count", "whole number from" },
  { "layout-huge", HEADER "\"resources\": [{\"id\": \"a\", \"type\": \"aks\", \"layout\": {\"x\": 1e400, \"y\": 0}}]}", "test.topograph:1:", "number out of range" },
  { "layout-missing-w", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"x\", \"layout\": {\"x\": 0, \"y\": 0, \"h\": 9}}]}", "$.resources[0].layout", "missing required key \"w\"" },
  { "layout-string", HEADER "\"resources\": [{\"id\": \"a\", \"type\": \"aks\", \"layout\": {\"x\": \"0\", \"y\": 0}}]}", "$.resources[0].layout.x", "expected a number, got a string" },
  { "tags-number", HEADER "\"resources\": [{\"id\": \"a\", \"type\": \"aks\", \"tags\": {\"owner\": 3}}]}", "$.resources[0].tags.owner", "expected a string tag value" },
  { "access-no-role", HEADER "\"teams\": [{\"id\": \"t\"}], \"resources\": [{\"id\": \"w\", \"type\": \"workspace\", \"access\": [{\"team\": \"t\"}]}]}", "$.resources[0].access[0]", "missing required key \"role\"" },
  { "access-bad-role", HEADER "\"teams\": [{\"id\": \"t\"}], \"resources\": [{\"id\": \"w\", \"type\": \"workspace\", \"access\": [{\"team\": \"t\", \"role\": \"admin\"}]}]}", "$.resources[0].access[0].role", "unknown value 'admin'" },
  { "access-unknown-team", HEADER "\"resources\": [{\"id\": \"w\", \"type\": \"workspace\", \"access\": [{\"team\": \"ghost\", \"role\": \"reader\"}]}]}", "$.resources[0].access[0].team", "no team has the id 'ghost'" },
  { "group-missing", HEADER "\"resources\": [{\"id\": \"s\", \"type\": \"storage\", \"group\": \"rg-x\"}]}", "$.resources[0].group", "no resource has the id 'rg-x'" },
  { "group-not-rg", HEADER "\"resources\": [{\"id\": \"s\", \"type\": \"storage\"}, {\"id\": \"k\", \"type\": \"key-vault\", \"group\": \"s\"}]}", "$.resources[1].group", "'s' is a storage, expected a resource-group" },
  { "workspace-wrong-kind", HEADER "\"resources\": [{\"id\": \"s\", \"type\": \"storage\"}, {\"id\": \"c\", \"type\": \"compute-instance\", \"workspace\": \"s\"}]}", "$.resources[1].workspace", "expected a workspace" },
  { "associated-wrong-kind", HEADER "\"resources\": [{\"id\": \"k\", \"type\": \"key-vault\"}, {\"id\": \"w\", \"type\": \"workspace\", \"storage\": \"k\"}]}", "$.resources[1].storage", "'k' is a key-vault, expected a storage" },
  { "link-no-from", HEADER "\"links\": [{\"type\": \"datastore\", \"to\": \"s\"}]}", "$.links[0]", "missing required key \"from\"" },
  { "link-unknown-type", HEADER "\"links\": [{\"type\": \"peering\", \"from\": \"a\", \"to\": \"b\"}]}", "$.links[0].type", "unknown value 'peering'" },
  { "link-missing-endpoint", HEADER "\"resources\": [{\"id\": \"w\", \"type\": \"workspace\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"nowhere\"}]}", "$.links[0].to", "no resource has the id 'nowhere'" },
  { "link-wrong-kinds", HEADER "\"resources\": [{\"id\": \"w\", \"type\": \"workspace\"}, {\"id\": \"k\", \"type\": \"key-vault\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"k\"}]}", "$.links[0]", "cannot join a workspace to a key-vault" },
  { "link-access", HEADER "\"resources\": [{\"id\": \"w\", \"type\": \"workspace\"}, {\"id\": \"s\", \"type\": \"storage\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"s\", \"access\": \"admin\"}]}", "$.links[0].access", "expected \"read\" or \"write\"" },
  { "notes-object", HEADER "\"notes\": {}}", "$.notes", "expected an array" },
  { "note-no-text", HEADER "\"notes\": [{\"id\": \"n\", \"region\": \"westeurope\"}]}", "$.notes[0]", "missing required key \"text\"" },
  { "note-no-id", HEADER "\"notes\": [{\"text\": \"x\", \"region\": \"westeurope\"}]}", "$.notes[0]", "missing required key \"id\"" },
  { "note-text-number", HEADER "\"notes\": [{\"id\": \"n\", \"text\": 3, \"region\": \"westeurope\"}]}", "$.notes[0].text", "expected a string, got an integer" },
  { "note-nowhere", HEADER "\"notes\": [{\"id\": \"n\", \"text\": \"x\"}]}", "$.notes[0]", "missing required key \"region\" or \"attach\"" },
  { "note-both", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\"}, {\"id\": \"w\", \"type\": \"workspace\", \"group\": \"rg\"}, {\"id\": \"s\", \"type\": \"storage\", \"group\": \"rg\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"s\"}], \"notes\": [{\"id\": \"n\", \"text\": \"x\", \"region\": \"westeurope\", \"attach\": \"s\"}]}", "$.notes[0]", "not both" },
  { "note-date", HEADER "\"notes\": [{\"id\": \"n\", \"text\": \"x\", \"region\": \"r\", \"date\": \"04/12/2026\"}]}", "$.notes[0].date", "not an ISO 8601 date" },
  { "note-date-time", HEADER "\"notes\": [{\"id\": \"n\", \"text\": \"x\", \"region\": \"r\", \"date\": \"2026-12-04T25:00:00Z\"}]}", "$.notes[0].date", "not an ISO 8601 date" },
  { "note-attach-missing", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\"}, {\"id\": \"w\", \"type\": \"workspace\", \"group\": \"rg\"}, {\"id\": \"s\", \"type\": \"storage\", \"group\": \"rg\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"s\"}], \"notes\": [{\"id\": \"n\", \"text\": \"x\", \"attach\": \"ghost\"}]}", "$.notes[0].attach", "no resource has the id 'ghost'" },
  { "note-attach-link-missing", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\"}, {\"id\": \"w\", \"type\": \"workspace\", \"group\": \"rg\"}, {\"id\": \"s\", \"type\": \"storage\", \"group\": \"rg\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"s\"}], \"notes\": [{\"id\": \"n\", \"text\": \"x\", \"attach\": {\"type\": \"datastore\", \"from\": \"s\", \"to\": \"w\"}}]}", "$.notes[0].attach", "no datastore link from 's' to 'w'" },
  { "note-attach-link-key", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\"}, {\"id\": \"w\", \"type\": \"workspace\", \"group\": \"rg\"}, {\"id\": \"s\", \"type\": \"storage\", \"group\": \"rg\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"s\"}], \"notes\": [{\"id\": \"n\", \"text\": \"x\", \"attach\": {\"type\": \"datastore\", \"from\": \"w\", \"to\": \"s\", \"access\": \"read\"}}]}", "$.notes[0].attach.access", "unknown key" },
  { "note-attach-number", HEADER "\"notes\": [{\"id\": \"n\", \"text\": \"x\", \"attach\": 4}]}", "$.notes[0].attach", "expected a resource id or a link" },
  { "note-layout-y", HEADER "\"notes\": [{\"id\": \"n\", \"text\": \"x\", \"region\": \"r\", \"layout\": {\"x\": 1}}]}", "$.notes[0].layout", "missing required key \"y\"" },
  { "note-layout-string", HEADER "\"notes\": [{\"id\": \"n\", \"text\": \"x\", \"region\": \"r\", \"layout\": {\"x\": \"1\", \"y\": 2}}]}", "$.notes[0].layout.x", "expected a number" },
  { "note-duplicate", HEADER "\"notes\": [{\"id\": \"n\", \"text\": \"x\", \"region\": \"r\"}, {\"id\": \"n\", \"text\": \"y\", \"region\": \"r\"}]}", "$.notes[1].id", "duplicate note id 'n'" },
  { "note-resource-id", HEADER "\"resources\": [{\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\"}, {\"id\": \"w\", \"type\": \"workspace\", \"group\": \"rg\"}, {\"id\": \"s\", \"type\": \"storage\", \"group\": \"rg\"}], \"links\": [{\"type\": \"datastore\", \"from\": \"w\", \"to\": \"s\"}], \"notes\": [{\"id\": \"s\", \"text\": \"x\", \"region\": \"r\"}]}", "$.notes[0].id", "already a resource's id" },
};

static void
test_rejection (gconstpointer data)
{
  const Rejection *rejection = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = load_string (rejection->text, &error);

  g_assert_null (doc);
  g_assert_error (error, TOPO_FORMAT_ERROR, error->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "test.topograph"));
  g_assert_nonnull (strstr (error->message, rejection->path));
  g_assert_nonnull (strstr (error->message, rejection->problem));
}

static void
test_reject_bytes (void)
{
  g_autoptr(GError) error = NULL;
  const char bad_utf8[] = HEADER "\"name\": \"caf\xe9\"}";
  const char with_nul[] = HEADER "\"name\": \"a\0b\"}";
  g_autoptr(TopoDocument) doc = topo_format_load_data (bad_utf8, sizeof bad_utf8 - 1, "test.topograph", &error);
  g_autoptr(GString) deep = g_string_new (HEADER "\"x\": ");

  g_assert_null (doc);
  g_assert_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "test.topograph:1: not valid UTF-8"));
  g_clear_error (&error);

  doc = topo_format_load_data (with_nul, sizeof with_nul - 1, "test.topograph", &error);
  g_assert_null (doc);
  g_assert_nonnull (strstr (error->message, "NUL byte"));
  g_clear_error (&error);

  /* json-glib 1.6 would overflow its stack on this; the loader refuses it first. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  doc = topo_format_load_data (deep->str, deep->len, "test.topograph", &error);
  g_assert_null (doc);
  g_assert_nonnull (strstr (error->message, "nested deeper than"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_path ("/nonexistent/design.topograph", &error);

  g_assert_null (doc);
  g_assert_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/design.topograph: "));
}

/* Random damage to a real file never crashes or hangs the loader, and every error names the file. */
static void
test_fuzz (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (120, 3);
  g_autofree char *text = topo_format_to_data (doc, NULL);
  gsize length = strlen (text);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint rejected = 0;

  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *copy = g_memdup2 (text, length + 1);
      gsize copy_length = length;
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) result = NULL;
      guint mutations = g_rand_int_range (rand, 1, 6);
      static const char *const tokens[] = { "null", "1e999", "-1", "\"\"", "[]", "{}", "true", "\"x y\"", "99999999999999999999" };

      for (guint m = 0; m < mutations && copy_length > 1; m++)
        {
          gsize at = g_rand_int_range (rand, 0, copy_length);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              copy[at] = (char) g_rand_int_range (rand, 1, 256);
              break;
            case 1:
              copy_length = at;
              copy[at] = '\0';
              break;
            case 2:
              copy[at] = "{}[],:\"\\"[g_rand_int_range (rand, 0, 8)];
              break;
            default:
              {
                /* Replace the value after a colon with another JSON type. */
                char *colon = memchr (copy + at, ':', copy_length - at);
                const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
                g_autoptr(GString) s = NULL;
                char *end;

                if (colon == NULL)
                  break;
                end = colon + 1;
                while (end < copy + copy_length && *end != ',' && *end != '\n')
                  end++;
                s = g_string_new_len (copy, colon + 1 - copy);
                g_string_append_c (s, ' ');
                g_string_append (s, token);
                g_string_append_len (s, end, copy + copy_length - end);
                g_free (copy);
                copy_length = s->len;
                copy = g_string_free (g_steal_pointer (&s), FALSE);
              }
            }
        }
      result = topo_format_load_data (copy, copy_length, "fuzz.topograph", &error);
      if (result == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (g_str_has_prefix (error->message, "fuzz.topograph"));
          rejected++;
        }
      else
        {
          /* Whatever loads also saves and reloads. */
          g_autofree char *saved = topo_format_to_data (result, NULL);
          g_autoptr(TopoDocument) reloaded = topo_format_load_data (saved, strlen (saved), "saved", &error);

          g_assert_no_error (error);
          g_assert_nonnull (reloaded);
        }
    }
  g_assert_cmpuint (rejected, >, 1000);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("topograph-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_save_and_reload (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = load_string (valid_doc, &error);
  g_autoptr(TopoDocument) again = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (topo_edit_set_property (doc, "st", "name", "stfraud", &error));
  g_assert_true (topo_document_get_modified (doc));
  g_assert_true (topo_format_save_path (doc, path, &error));
  g_assert_no_error (error);
  g_assert_false (topo_document_get_modified (doc));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  expected = topo_format_to_data (doc, NULL);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  /* Saving over a file keeps its permissions. */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (topo_format_save_path (doc, path, &error));
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  again = topo_format_load_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (topo_resource_get_name (topo_document_lookup (again, "st")), ==, "stfraud");
  g_unlink (path);
  g_rmdir (dir);
}

/* A full disk in the middle of saving leaves the previous file as it was, and no litter. */
static void
test_save_full_disk (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_generate (300, 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (topo_format_save_path (doc, path, &error));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  topo_edit_set_name (doc, "Changed");
  _topo_format_set_write_fault (5000, FALSE);
  g_assert_false (topo_format_save_path (doc, path, &error));
  _topo_format_set_write_fault (-1, FALSE);
  g_assert_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "previous version is unchanged"));
  g_assert_true (topo_document_get_modified (doc));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

/* A crash (SIGKILL) in the middle of saving leaves the previous file intact. */
static void
test_save_crash (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_generate (300, 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(TopoDocument) reloaded = NULL;
  int status = 0;
  pid_t pid;

  g_assert_true (topo_format_save_path (doc, path, &error));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      topo_edit_set_name (doc, "Changed in the child");
      _topo_format_set_write_fault (20000, TRUE);
      topo_format_save_path (doc, path, NULL);
      _exit (0);   /* not reached: the save kills the process */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  reloaded = topo_format_load_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (topo_document_get_n_resources (reloaded), ==, 300);
  /* The crashed save left only its hidden temporary file behind. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *entry;

    while ((entry = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *full = g_build_filename (dir, entry, NULL);

        g_assert_true (g_str_equal (entry, "design.topograph") || g_str_has_prefix (entry, ".design.topograph."));
        g_unlink (full);
      }
  }
  g_rmdir (dir);
}

static void
test_save_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_generate (50, 1);

  g_assert_false (topo_format_save_path (doc, "/nonexistent-dir/x.topograph", &error));
  g_assert_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent-dir/x.topograph: "));
}

/* PRODUCT.md §2 lists no range for coordinates or node counts: legal files with huge
 * coordinates and negative counts load and save back unchanged (the validator reports the
 * counts, DEP006). */
static void
test_ranges_load (void)
{
  static const char text[] =
    "{\n"
    "  \"format\": \"topograph\",\n"
    "  \"version\": 1,\n"
    "  \"policy\": {},\n"
    "  \"lanes\": [],\n"
    "  \"teams\": [],\n"
    "  \"resources\": [\n"
    "    {\n"
    "      \"id\": \"rg\",\n"
    "      \"type\": \"resource-group\",\n"
    "      \"region\": \"westeurope\",\n"
    "      \"layout\": {\n"
    "        \"x\": 25000000000,\n"
    "        \"y\": -3000000000.5,\n"
    "        \"w\": 520,\n"
    "        \"h\": 200\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"aks\",\n"
    "      \"type\": \"aks\",\n"
    "      \"group\": \"rg\",\n"
    "      \"node_count\": -2,\n"
    "      \"layout\": {\n"
    "        \"x\": 1000000000000,\n"
    "        \"y\": 40\n"
    "      }\n"
    "    }\n"
    "  ],\n"
    "  \"links\": []\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "ranges.topograph", &error);
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpint (topo_document_lookup (doc, "aks")->node_count, ==, -2);
  g_assert_cmpfloat (topo_document_lookup (doc, "rg")->layout.x, ==, 25000000000.0);
  saved = topo_format_to_data (doc, NULL);
  g_assert_cmpstr (saved, ==, text);
}

/* policy.rules and suppressions round-trip byte for byte, wherever "suppressions" stood, and
 * unknown keys inside a suppression are kept. */
static void
test_suppressions_round_trip (void)
{
  static const char text[] =
    "{\n"
    "  \"format\": \"topograph\",\n"
    "  \"version\": 1,\n"
    "  \"policy\": {\n"
    "    \"naming\": \"caf\",\n"
    "    \"rules\": {\n"
    "      \"TAG002\": \"off\",\n"
    "      \"DEP003\": \"warning\"\n"
    "    }\n"
    "  },\n"
    "  \"lanes\": [],\n"
    "  \"teams\": [],\n"
    "  \"resources\": [],\n"
    "  \"links\": [],\n"
    "  \"suppressions\": [\n"
    "    {\n"
    "      \"rule\": \"SEG002\",\n"
    "      \"subjects\": [\n"
    "        \"mlw-fraud-dev\",\n"
    "        \"stfrauddataprod\"\n"
    "      ],\n"
    "      \"justification\": \"Masked extract\",\n"
    "      \"expires\": \"2027-06-30\",\n"
    "      \"x-ticket\": \"SEC-12\"\n"
    "    }\n"
    "  ],\n"
    "  \"x-after\": true\n"
    "}\n";
  static const char first[] =
    "{\"suppressions\": [{\"x-ticket\": \"SEC-12\", \"rule\": \"SEG002\", \"subjects\": [\"mlw-fraud-dev\", \"stfrauddataprod\"],"
    " \"justification\": \"Masked extract\", \"expires\": \"2027-06-30\"}], \"x-after\": true,"
    " \"format\": \"topograph\", \"version\": 1, \"policy\": {\"rules\": {\"TAG002\": \"off\", \"DEP003\": \"warning\"}, \"naming\": \"caf\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "s.topograph", &error);
  g_autoptr(TopoDocument) moved = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_moved = NULL;

  g_assert_no_error (error);
  saved = topo_format_to_data (doc, NULL);
  g_assert_cmpstr (saved, ==, text);
  moved = topo_format_load_data (first, strlen (first), "first.topograph", &error);
  g_assert_no_error (error);
  saved_moved = topo_format_to_data (moved, NULL);
  /* Canonical order: suppressions after the links; the suppression's unknown key after its own. */
  g_assert_nonnull (strstr (saved_moved, "  \"links\": [],\n  \"suppressions\": ["));
  g_assert_nonnull (strstr (saved_moved, "\"expires\": \"2027-06-30\",\n      \"x-ticket\": \"SEC-12\"\n"));
  g_assert_cmpuint (topo_document_get_policy (moved)->suppressions->len, ==, 1);
}

/* Notes round-trip byte for byte (free, on a resource, on a link, unknown keys kept), the loaded
 * values are the file's, and files without notes never gain the key. */
static void
test_notes_round_trip (void)
{
  static const char text[] =
    "{\n"
    "  \"format\": \"topograph\",\n"
    "  \"version\": 1,\n"
    "  \"policy\": {},\n"
    "  \"lanes\": [\n"
    "    \"westeurope\"\n"
    "  ],\n"
    "  \"teams\": [],\n"
    "  \"resources\": [\n"
    "    {\n"
    "      \"id\": \"rg\",\n"
    "      \"type\": \"resource-group\",\n"
    "      \"region\": \"westeurope\",\n"
    "      \"layout\": {\n"
    "        \"x\": 24,\n"
    "        \"y\": 24,\n"
    "        \"w\": 424,\n"
    "        \"h\": 300\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"w\",\n"
    "      \"type\": \"workspace\",\n"
    "      \"group\": \"rg\",\n"
    "      \"layout\": {\n"
    "        \"x\": 16,\n"
    "        \"y\": 60\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"s\",\n"
    "      \"type\": \"storage\",\n"
    "      \"group\": \"rg\",\n"
    "      \"layout\": {\n"
    "        \"x\": 240,\n"
    "        \"y\": 60\n"
    "      }\n"
    "    }\n"
    "  ],\n"
    "  \"links\": [\n"
    "    {\n"
    "      \"type\": \"datastore\",\n"
    "      \"from\": \"w\",\n"
    "      \"to\": \"s\"\n"
    "    }\n"
    "  ],\n"
    "  \"notes\": [\n"
    "    {\n"
    "      \"id\": \"n-free\",\n"
    "      \"text\": \"**Decision:** keep it\\n- one\\n- *two* <&>\",\n"
    "      \"author\": \"Ada\",\n"
    "      \"date\": \"2026-12-04T10:30:00+01:00\",\n"
    "      \"region\": \"westeurope\",\n"
    "      \"layout\": {\n"
    "        \"x\": 500.5,\n"
    "        \"y\": 40,\n"
    "        \"z\": 1\n"
    "      },\n"
    "      \"x-colour\": \"pink\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"n-card\",\n"
    "      \"text\": \"\",\n"
    "      \"date\": \"2026-12-04\",\n"
    "      \"attach\": \"s\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"n-link\",\n"
    "      \"text\": \"Read only\",\n"
    "      \"attach\": {\n"
    "        \"type\": \"datastore\",\n"
    "        \"from\": \"w\",\n"
    "        \"to\": \"s\"\n"
    "      },\n"
    "      \"layout\": {\n"
    "        \"x\": -20,\n"
    "        \"y\": 30\n"
    "      }\n"
    "    }\n"
    "  ]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "n.topograph", &error);
  g_autofree char *saved = NULL;
  const TopoNote *note;

  g_assert_no_error (error);
  saved = topo_format_to_data (doc, NULL);
  g_assert_cmpstr (saved, ==, text);
  g_assert_cmpuint (topo_document_get_n_notes (doc), ==, 3);
  note = topo_document_lookup_note (doc, "n-free");
  g_assert_true (topo_note_is_free (note));
  g_assert_cmpstr (note->region, ==, "westeurope");
  g_assert_cmpfloat (note->x, ==, 500.5);
  g_assert_cmpstr (note->author, ==, "Ada");
  note = topo_document_lookup_note (doc, "n-card");
  g_assert_cmpstr (note->attach, ==, "s");
  g_assert_false (note->has_layout);
  note = topo_document_lookup_note (doc, "n-link");
  g_assert_true (topo_note_on_link (note));
  g_assert_cmpstr (note->link_to, ==, "s");
  g_assert_cmpint (note->link_type, ==, TOPO_LINK_DATASTORE);

  /* Removing every note keeps the (empty) key the file had; a file without it gets none. */
  {
    const char *ids[] = { "n-free", "n-card", "n-link", NULL };
    g_autofree char *emptied = NULL;

    topo_edit_remove (doc, ids);
    emptied = topo_format_to_data (doc, NULL);
    g_assert_nonnull (strstr (emptied, "  ],\n  \"notes\": []\n}"));
  }

  /* Every sample: no notes, the same bytes. */
  {
    g_autoptr(GDir) dir = g_dir_open (g_getenv ("TOPOGRAPH_SAMPLES"), 0, &error);
    const char *name;
    guint n = 0;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), name, NULL);
        g_autofree char *contents = NULL;
        g_autofree char *again = NULL;
        g_autoptr(TopoDocument) sample = NULL;

        if (!g_str_has_suffix (name, ".topograph"))
          continue;
        g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
        sample = topo_format_load_data (contents, strlen (contents), name, &error);
        g_assert_no_error (error);
        g_assert_false (topo_document_has_notes_key (sample));
        again = topo_format_to_data (sample, NULL);
        g_assert_cmpstr (again, ==, contents);
        g_assert_null (strstr (again, "\"notes\""));
        n++;
      }
    g_assert_cmpuint (n, >=, 10);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/format/load-valid", test_load_valid);
  g_test_add_func ("/topo/format/unknown-keys-round-trip", test_unknown_keys_round_trip);
  g_test_add_func ("/topo/format/generated-round-trip", test_generated_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      g_autofree char *path = g_strdup_printf ("/topo/format/reject/%s", rejections[i].name);

      g_test_add_data_func (path, &rejections[i], test_rejection);
    }
  g_test_add_func ("/topo/format/reject/bytes", test_reject_bytes);
  g_test_add_func ("/topo/format/reject/missing-file", test_missing_file);
  g_test_add_func ("/topo/format/fuzz", test_fuzz);
  g_test_add_func ("/topo/format/ranges", test_ranges_load);
  g_test_add_func ("/topo/format/suppressions-round-trip", test_suppressions_round_trip);
  g_test_add_func ("/topo/format/notes-round-trip", test_notes_round_trip);
  g_test_add_func ("/topo/format/save/reload", test_save_and_reload);
  g_test_add_func ("/topo/format/save/full-disk", test_save_full_disk);
  g_test_add_func ("/topo/format/save/crash", test_save_crash);
  g_test_add_func ("/topo/format/save/unwritable", test_save_unwritable);
  return g_test_run ();
}
