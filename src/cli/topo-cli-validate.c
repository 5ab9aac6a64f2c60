/* topo-cli-validate.c: `topograph-cli validate` — the validator for people (text) and for
 * pipelines (JSON, SARIF 2.1.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "topo-cli.h"
#include "topo-format.h"
#include "topo-validator.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define INFORMATION_URI "https://github.com/topograph/topograph"

typedef enum
{
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_SARIF,
} OutputFormat;

typedef struct
{
  char         *path;
  TopoDocument *doc;
  GPtrArray    *diagnostics;
} Checked;

static void
checked_free (Checked *c)
{
  g_free (c->path);
  g_clear_object (&c->doc);
  g_clear_pointer (&c->diagnostics, g_ptr_array_unref);
  g_free (c);
}

/* Text output */

typedef struct
{
  gboolean    color;
  const char *bold;
  const char *dim;
  const char *reset;
} Style;

static const char *
severity_color (const Style *style,
                TopoSeverity severity)
{
  if (!style->color)
    return "";
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return "\033[1;31m";
    case TOPO_SEVERITY_WARNING:
      return "\033[1;33m";
    case TOPO_SEVERITY_INFO:
    default:
      return "\033[1;34m";
    }
}

static const char *
severity_heading (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return _("Errors");
    case TOPO_SEVERITY_WARNING:
      return _("Warnings");
    case TOPO_SEVERITY_INFO:
    default:
      return _("Information");
    }
}

static void
print_text (GString *out,
            const Checked *c,
            const Style *style)
{
  guint counts[3] = { 0, 0, 0 };
  g_autofree char *path = topo_cli_escape (c->path);

  for (guint i = 0; i < c->diagnostics->len; i++)
    counts[((TopoDiagnostic *) g_ptr_array_index (c->diagnostics, i))->severity]++;

  /* Only our own style sequences reach the terminal: user text is escaped. */
  g_string_append_printf (out, "%s%s%s: ", style->bold, path, style->reset);
  if (c->diagnostics->len == 0)
    {
      g_string_append_printf (out, "%s\n", _("no findings"));
      return;
    }
  g_string_append_printf (out, _("%u errors, %u warnings, %u infos"), counts[0], counts[1], counts[2]);
  g_string_append_c (out, '\n');

  /* Diagnostics come sorted by severity: a heading starts each group. */
  for (guint i = 0; i < c->diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (c->diagnostics, i);
      g_autofree char *rule = topo_cli_escape (d->rule);
      g_autofree char *message = topo_cli_escape (d->message);

      if (i == 0 || ((TopoDiagnostic *) g_ptr_array_index (c->diagnostics, i - 1))->severity != d->severity)
        g_string_append_printf (out, "\n%s%s (%u)%s\n", severity_color (style, d->severity),
                                severity_heading (d->severity), counts[d->severity], style->reset);
      g_string_append_printf (out, "  %s%-7s%s %s %s\n", severity_color (style, d->severity),
                              topo_severity_to_string (d->severity), style->reset, rule, message);
      if (d->subjects[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (", ", d->subjects);
          g_autofree char *subjects = topo_cli_escape (joined);
          g_string_append_printf (out, "          %s%s %s%s\n", style->dim, _("subjects:"), subjects, style->reset);
        }
      if (d->fix != NULL)
        {
          g_autofree char *fix = topo_cli_escape (d->fix);
          g_string_append_printf (out, "          %s %s\n", _("fix:"), fix);
        }
    }
}

/* JSON output */

static JsonNode *
file_to_json (const Checked *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, c->path);
  json_builder_set_member_name (b, "diagnostics");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (c->diagnostics, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, d->rule);
      json_builder_set_member_name (b, "severity");
      json_builder_add_string_value (b, topo_severity_to_string (d->severity));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, d->message);
      json_builder_set_member_name (b, "subjects");
      json_builder_begin_array (b);
      for (guint s = 0; d->subjects[s] != NULL; s++)
        json_builder_add_string_value (b, d->subjects[s]);
      json_builder_end_array (b);
      if (d->fix != NULL)
        {
          json_builder_set_member_name (b, "fix");
          json_builder_add_string_value (b, d->fix);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* SARIF 2.1.0 output */

static const char *
sarif_level (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return "error";
    case TOPO_SEVERITY_WARNING:
      return "warning";
    case TOPO_SEVERITY_INFO:
    default:
      return "note";
    }
}

static void
add_text_object (JsonBuilder *b,
                 const char *member,
                 const char *text)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
}

static char *
artifact_uri (const char *path)
{
  /* Relative paths stay relative (SARIF uri-references), so results map onto the repository. */
  if (g_path_is_absolute (path))
    {
      char *uri = g_filename_to_uri (path, NULL, NULL);
      if (uri != NULL)
        return uri;
    }
  return g_strdup (path);
}

static JsonNode *
sarif_to_json (GPtrArray *checked)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n_rules;
  const TopoRuleInfo *rules = topo_rules_get_all (&n_rules);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "$schema");
  json_builder_add_string_value (b, SARIF_SCHEMA);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, "2.1.0");
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  json_builder_begin_object (b);

  json_builder_set_member_name (b, "tool");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "driver");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "topograph");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "informationUri");
  json_builder_add_string_value (b, INFORMATION_URI);
  json_builder_set_member_name (b, "rules");
  json_builder_begin_array (b);
  for (guint r = 0; r < n_rules; r++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, rules[r].id);
      add_text_object (b, "shortDescription", rules[r].short_description);
      add_text_object (b, "fullDescription", rules[r].help);
      add_text_object (b, "help", rules[r].help);
      json_builder_set_member_name (b, "defaultConfiguration");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "level");
      json_builder_add_string_value (b, sarif_level (rules[r].severity));
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);   /* driver */
  json_builder_end_object (b);   /* tool */

  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint f = 0; f < checked->len; f++)
    {
      const Checked *c = g_ptr_array_index (checked, f);
      g_autofree char *uri = artifact_uri (c->path);

      for (guint i = 0; i < c->diagnostics->len; i++)
        {
          const TopoDiagnostic *d = g_ptr_array_index (c->diagnostics, i);
          int rule_index = 0;
          g_autofree char *text = NULL;

          for (guint r = 0; r < n_rules; r++)
            if (g_str_equal (rules[r].id, d->rule))
              rule_index = r;
          text = d->fix != NULL ? g_strdup_printf ("%s %s %s", d->message, _("Fix:"), d->fix)
                                : g_strdup (d->message);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "ruleId");
          json_builder_add_string_value (b, d->rule);
          json_builder_set_member_name (b, "ruleIndex");
          json_builder_add_int_value (b, rule_index);
          json_builder_set_member_name (b, "level");
          json_builder_add_string_value (b, sarif_level (d->severity));
          add_text_object (b, "message", text);
          json_builder_set_member_name (b, "locations");
          json_builder_begin_array (b);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "physicalLocation");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "artifactLocation");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "uri");
          json_builder_add_string_value (b, uri);
          json_builder_end_object (b);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "logicalLocations");
          json_builder_begin_array (b);
          for (guint s = 0; d->subjects[s] != NULL; s++)
            {
              const TopoResource *res = topo_document_lookup (c->doc, d->subjects[s]);
              gboolean repeated = FALSE;

              /* SARIF wants the entries unique; a team and a resource may share an id. */
              for (guint t = 0; t < s; t++)
                repeated |= g_str_equal (d->subjects[t], d->subjects[s]);
              if (repeated)
                continue;
              json_builder_begin_object (b);
              if (res != NULL)
                {
                  json_builder_set_member_name (b, "name");
                  json_builder_add_string_value (b, topo_resource_get_name (res));
                }
              json_builder_set_member_name (b, "fullyQualifiedName");
              json_builder_add_string_value (b, d->subjects[s]);
              json_builder_set_member_name (b, "kind");
              json_builder_add_string_value (b, res != NULL ? "resource" : "object");
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          json_builder_end_array (b);   /* locations */
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);    /* results */
  json_builder_end_object (b);   /* run */
  json_builder_end_array (b);    /* runs */
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static TopoDocument *
load (const char *path,
      GError **error)
{
  if (g_str_equal (path, "-"))
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      guint8 buffer[65536];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_byte_array_append (data, buffer, n);
      if (ferror (stdin))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "<stdin>: %s", _("could not read standard input"));
          return NULL;
        }
      return topo_format_load_data ((const char *) data->data, data->len, "<stdin>", error);
    }
  return topo_format_load_path (path, error);
}

int
topo_cli_validate (int argc,
                   char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *fail_on_name = NULL;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("Output format: text (default), json or sarif"), "FORMAT" },
    { "fail-on", 0, 0, G_OPTION_ARG_STRING, &fail_on_name,
      N_("Exit with 1 when a finding is at least this severe: error (default) or warning"), "SEVERITY" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checked = g_ptr_array_new_with_free_func ((GDestroyNotify) checked_free);
  OutputFormat format = FORMAT_TEXT;
  TopoSeverity fail_on = TOPO_SEVERITY_ERROR;
  gboolean bad_input = FALSE, failed = FALSE;
  g_autoptr(GString) out = g_string_new (NULL);

  g_set_prgname ("topograph-cli validate");
  context = g_option_context_new (_("FILE… — check designs against the validator rules"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs every validator rule (RULES.md) on each FILE (\"-\" reads standard input).\n"
      "\n"
      "text   findings grouped by severity, with their fixes (coloured on a terminal unless\n"
      "       NO_COLOR is set)\n"
      "json   {\"file\": …, \"diagnostics\": [{\"rule\", \"severity\", \"message\", \"subjects\", \"fix\"?}]}\n"
      "       for one FILE; for several FILEs, a JSON array of such objects in argument order\n"
      "sarif  one SARIF 2.1.0 log with one run whose results cover every FILE"));
  g_option_context_set_description (context,
    _("Exit status: 0 no finding at or above --fail-on; 1 some finding is; 2 bad input or usage\n"
      "(the problem is printed on standard error)."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return topo_cli_usage_error ("validate", "%s", error->message);

  if (format_name == NULL || g_str_equal (format_name, "text"))
    format = FORMAT_TEXT;
  else if (g_str_equal (format_name, "json"))
    format = FORMAT_JSON;
  else if (g_str_equal (format_name, "sarif"))
    format = FORMAT_SARIF;
  else
    return topo_cli_usage_error ("validate", _("unknown format '%s' (expected text, json or sarif)"),
                                 format_name);

  if (fail_on_name == NULL || g_str_equal (fail_on_name, "error"))
    fail_on = TOPO_SEVERITY_ERROR;
  else if (g_str_equal (fail_on_name, "warning"))
    fail_on = TOPO_SEVERITY_WARNING;
  else
    return topo_cli_usage_error ("validate", _("unknown severity '%s' (expected error or warning)"),
                                 fail_on_name);

  if (files == NULL || files[0] == NULL)
    return topo_cli_usage_error ("validate", _("no FILE given (see --help)"));

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GError) load_error = NULL;
      TopoDocument *doc = load (files[i], &load_error);
      Checked *c;

      if (doc == NULL)
        {
          topo_cli_printerr ("%s", load_error->message);
          bad_input = TRUE;
          continue;
        }
      c = g_new0 (Checked, 1);
      c->path = g_strdup (files[i]);
      c->doc = doc;
      c->diagnostics = topo_validate (doc);
      for (guint j = 0; j < c->diagnostics->len; j++)
        if (((TopoDiagnostic *) g_ptr_array_index (c->diagnostics, j))->severity <= fail_on)
          failed = TRUE;
      g_ptr_array_add (checked, c);
    }

  switch (format)
    {
    case FORMAT_TEXT:
      {
        const char *no_color = g_getenv ("NO_COLOR");
        Style style = { FALSE, "", "", "" };

        if (isatty (STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0'))
          style = (Style) { TRUE, "\033[1m", "\033[2m", "\033[0m" };
        for (guint i = 0; i < checked->len; i++)
          {
            if (i > 0)
              g_string_append_c (out, '\n');
            print_text (out, g_ptr_array_index (checked, i), &style);
          }
        break;
      }

    case FORMAT_JSON:
      {
        g_autoptr(JsonNode) root = NULL;
        g_autofree char *text = NULL;

        if (g_strv_length (files) == 1)
          {
            if (checked->len == 0)
              break;   /* the only file could not be loaded: nothing to report on stdout */
            root = file_to_json (g_ptr_array_index (checked, 0));
          }
        else
          {
            JsonArray *array = json_array_new ();

            for (guint i = 0; i < checked->len; i++)
              json_array_add_element (array, file_to_json (g_ptr_array_index (checked, i)));
            root = json_node_init_array (json_node_alloc (), array);
            json_array_unref (array);
          }
        text = topo_json_to_string (root);
        g_string_append (out, text);
        break;
      }

    case FORMAT_SARIF:
      {
        g_autoptr(JsonNode) root = sarif_to_json (checked);
        g_autofree char *text = topo_json_to_string (root);

        g_string_append (out, text);
        break;
      }

    default:
      g_assert_not_reached ();
    }

  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);

  if (bad_input)
    return TOPO_CLI_USAGE;
  return failed ? TOPO_CLI_FAILED : TOPO_CLI_OK;
}
