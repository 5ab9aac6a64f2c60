/* topo-cli-validate.c: `topograph-cli validate` — the validator for people (text) and for
 * pipelines (JSON, SARIF 2.1.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "topo-cli.h"
#include "topo-format.h"
#include "topo-source-map.h"
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
  char          *path;
  TopoDocument  *doc;           /* NULL when the file did not load */
  GPtrArray     *diagnostics;
  TopoSourceMap *map;           /* lines of the file's parts, for SARIF regions */
  char          *load_error;    /* why it did not load */
} Checked;

static void
checked_free (Checked *c)
{
  g_free (c->path);
  g_clear_object (&c->doc);
  g_clear_pointer (&c->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&c->map, topo_source_map_free);
  g_free (c->load_error);
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
print_finding (GString *out,
               const TopoDiagnostic *d,
               const Style *style)
{
  g_autofree char *rule = topo_cli_escape (d->rule);
  g_autofree char *message = topo_cli_escape (d->message);
  const char *color = d->suppressed ? style->dim : severity_color (style, d->severity);

  g_string_append_printf (out, "  %s%-7s%s %s %s\n", color, topo_severity_to_string (d->severity),
                          style->reset, rule, message);
  if (d->subjects[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", d->subjects);
      g_autofree char *subjects = topo_cli_escape (joined);
      g_string_append_printf (out, "          %s%s %s%s\n", style->dim, _("subjects:"), subjects, style->reset);
    }
  if (d->suppressed)
    {
      g_autofree char *why = topo_cli_escape (d->justification != NULL ? d->justification : "");
      g_string_append_printf (out, "          %s %s\n", _("suppressed:"), why);
    }
  else if (d->fix != NULL)
    {
      g_autofree char *fix = topo_cli_escape (d->fix);
      g_string_append_printf (out, "          %s %s\n", _("fix:"), fix);
    }
}

static void
print_text (GString *out,
            const Checked *c,
            const Style *style)
{
  guint counts[3] = { 0, 0, 0 };
  guint n_suppressed = 0;
  g_autofree char *path = topo_cli_escape (c->path);
  int last = -1;

  for (guint i = 0; i < c->diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (c->diagnostics, i);

      if (d->suppressed)
        n_suppressed++;
      else
        counts[d->severity]++;
    }

  /* Only our own style sequences reach the terminal: user text is escaped. */
  g_string_append_printf (out, "%s%s%s: ", style->bold, path, style->reset);
  if (c->diagnostics->len == 0)
    {
      g_string_append_printf (out, "%s\n", _("no findings"));
      return;
    }
  {
    g_autofree char *errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors",
                                                            counts[0]), counts[0]);
    g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning",
                                                              "%u warnings", counts[1]), counts[1]);
    g_autofree char *infos = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u info", "%u infos",
                                                           counts[2]), counts[2]);

    /* Translators: a file's counts of findings: "2 errors, 1 warning, 0 infos" */
    g_string_append_printf (out, _("%s, %s, %s"), errors, warnings, infos);
  }
  if (n_suppressed > 0)
    /* Translators: follows the counts of findings: "…, 0 infos, 2 suppressed" */
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, ", %u suppressed", ", %u suppressed",
                                              n_suppressed), n_suppressed);
  g_string_append_c (out, '\n');

  /* Diagnostics come sorted by severity: a heading starts each group; the suppressed ones
   * follow in a section of their own. */
  for (guint i = 0; i < c->diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (c->diagnostics, i);

      if (d->suppressed)
        continue;
      if ((int) d->severity != last)
        g_string_append_printf (out, "\n%s%s (%u)%s\n", severity_color (style, d->severity),
                                severity_heading (d->severity), counts[d->severity], style->reset);
      last = d->severity;
      print_finding (out, d, style);
    }
  if (n_suppressed == 0)
    return;
  g_string_append_printf (out, "\n%s%s (%u)%s\n", style->dim, _("Suppressed"), n_suppressed, style->reset);
  for (guint i = 0; i < c->diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (c->diagnostics, i);

      if (d->suppressed)
        print_finding (out, d, style);
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
      if (d->suppressed)
        {
          json_builder_set_member_name (b, "suppressed");
          json_builder_add_boolean_value (b, TRUE);
          json_builder_set_member_name (b, "justification");
          json_builder_add_string_value (b, d->justification != NULL ? d->justification : "");
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* SARIF 2.1.0 output, for code scanning: every result has a region (the lines of the object
 * the finding is about), a relative, percent-encoded URI against %SRCROOT% (the working
 * directory), partialFingerprints that survive edits elsewhere in the file, and suppressions
 * for accepted findings; files that did not load are tool execution notifications. */

#define SRCROOT "%SRCROOT%"

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

/* The artifact location of path: absolute paths become file: URIs; relative ones stay relative
 * to %SRCROOT%, percent-encoded (RFC 3986), so results map onto the repository. FALSE for
 * standard input, which has no location. */
static gboolean
add_artifact_location (JsonBuilder *b,
                       const char *path)
{
  g_autofree char *uri = NULL;

  if (g_str_equal (path, "-"))
    return FALSE;
  json_builder_set_member_name (b, "artifactLocation");
  json_builder_begin_object (b);
  if (g_path_is_absolute (path))
    uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    {
      const char *rel = path;

      while (g_str_has_prefix (rel, "./"))
        rel += 2;
      uri = g_uri_escape_string (rel, "/", FALSE);
      json_builder_set_member_name (b, "uriBaseId");
      json_builder_add_string_value (b, SRCROOT);
    }
  json_builder_set_member_name (b, "uri");
  json_builder_add_string_value (b, uri);
  json_builder_end_object (b);
  return TRUE;
}

static void
add_region (JsonBuilder *b,
            guint start_line,
            guint end_line)
{
  json_builder_set_member_name (b, "region");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "startLine");
  json_builder_add_int_value (b, MAX (start_line, 1));
  json_builder_set_member_name (b, "endLine");
  json_builder_add_int_value (b, MAX (MAX (end_line, start_line), 1));
  json_builder_end_object (b);
}

/* Rules whose findings are about one link, named by its endpoints (subjects[0] → [1]). */
static gboolean
is_link_rule (const char *rule)
{
  const TopoRuleInfo *info = topo_rules_lookup (rule);

  return info != NULL && info->about_link;
}

/* The lines of what the finding is about: its link, its first subject (resource or team), the
 * suppression or the policy it is about; the first line of the file when nothing else fits. */
static TopoLineRange
finding_lines (const Checked *c,
               const TopoDiagnostic *d)
{
  TopoLineRange range = { 1, 1 };
  const TopoPolicy *policy = topo_document_get_policy (c->doc);
  int index;

  if (g_str_equal (d->rule, "SUP003"))
    {
      if (!topo_source_map_lookup (c->map, TOPO_SOURCE_POLICY_RULES, 0, &range))
        topo_source_map_lookup (c->map, TOPO_SOURCE_POLICY, 0, &range);
      return range;
    }
  if (g_str_has_prefix (d->rule, "SUP") && policy->suppressions != NULL)
    {
      /* The suppression with the same rule and subjects (fix_arg: "rule\nsubject\n…"). */
      for (guint i = 0; i < policy->suppressions->len; i++)
        {
          const TopoSuppression *s = g_ptr_array_index (policy->suppressions, i);
          g_autofree char *subjects = g_strjoinv ("\n", s->subjects);
          g_autofree char *arg = g_strconcat (s->rule, "\n", subjects, NULL);

          if (d->fix_arg != NULL && g_str_equal (arg, d->fix_arg) &&
              topo_source_map_lookup (c->map, TOPO_SOURCE_SUPPRESSIONS, i, &range))
            return range;
        }
    }
  if (is_link_rule (d->rule) && d->subjects[0] != NULL && d->subjects[1] != NULL)
    for (guint i = 0; i < topo_document_get_n_links (c->doc); i++)
      {
        const TopoLink *link = topo_document_get_link (c->doc, i);

        if (g_str_equal (link->from, d->subjects[0]) && g_str_equal (link->to, d->subjects[1]) &&
            topo_source_map_lookup (c->map, TOPO_SOURCE_LINKS, i, &range))
          return range;
      }
  if (d->subjects[0] == NULL)
    return range;
  /* A name finding about an inference link's endpoints is about the compute it attaches, which
   * the link names. */
  if (g_str_has_prefix (d->rule, "NAM") && d->subjects[1] != NULL)
    {
      index = topo_document_find_link (c->doc, TOPO_LINK_INFERENCE, d->subjects[0], d->subjects[1]);
      if (index >= 0 && topo_source_map_lookup (c->map, TOPO_SOURCE_LINKS, index, &range))
        return range;
    }
  index = topo_document_resource_index (c->doc, d->subjects[0]);
  if (index >= 0 && topo_source_map_lookup (c->map, TOPO_SOURCE_RESOURCES, index, &range))
    return range;
  index = topo_document_team_index (c->doc, d->subjects[0]);
  if (index >= 0)
    topo_source_map_lookup (c->map, TOPO_SOURCE_TEAMS, index, &range);
  return range;
}

/* Stable across edits elsewhere in the file: the rule and the subjects, not the lines. */
static char *
fingerprint (const TopoDiagnostic *d)
{
  g_autofree char *subjects = g_strjoinv ("\x1f", d->subjects);
  g_autofree char *key = g_strconcat (d->rule, "\x1f", subjects, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
}

static void
add_result (JsonBuilder *b,
            const Checked *c,
            const TopoDiagnostic *d,
            int rule_index)
{
  g_autofree char *text = d->fix != NULL ? g_strdup_printf ("%s %s %s", d->message, _("Fix:"), d->fix)
                                         : g_strdup (d->message);
  g_autofree char *print = fingerprint (d);
  TopoLineRange lines = finding_lines (c, d);

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
  if (add_artifact_location (b, c->path))
    add_region (b, lines.start_line, lines.end_line);
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
  json_builder_set_member_name (b, "partialFingerprints");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "topographFinding/v1");
  json_builder_add_string_value (b, print);
  json_builder_end_object (b);
  if (d->suppressed)
    {
      /* In the design file itself: "inSource". */
      json_builder_set_member_name (b, "suppressions");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "inSource");
      json_builder_set_member_name (b, "justification");
      json_builder_add_string_value (b, d->justification != NULL ? d->justification : "");
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* "<file>:LINE:COLUMN: …" in a loader message gives the failure a region. */
static void
add_notification (JsonBuilder *b,
                  const Checked *c)
{
  g_autofree char *prefix = g_strconcat (c->path, ":", NULL);
  guint line = 0;

  if (g_str_has_prefix (c->load_error, prefix) && g_ascii_isdigit (c->load_error[strlen (prefix)]))
    line = (guint) g_ascii_strtoull (c->load_error + strlen (prefix), NULL, 10);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, "error");
  add_text_object (b, "message", c->load_error);
  json_builder_set_member_name (b, "locations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "physicalLocation");
  json_builder_begin_object (b);
  if (add_artifact_location (b, c->path) && line > 0)
    add_region (b, line, line);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static JsonNode *
sarif_to_json (GPtrArray *checked)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *cwd_slash = g_str_has_suffix (cwd, "/") ? g_strdup (cwd) : g_strconcat (cwd, "/", NULL);
  g_autofree char *root_uri = g_filename_to_uri (cwd_slash, NULL, NULL);
  guint n_rules;
  const TopoRuleInfo *rules = topo_rules_get_all (&n_rules);
  gboolean all_loaded = TRUE;

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
      g_autofree char *help_uri = topo_rule_help_uri (rules[r].id);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, rules[r].id);
      add_text_object (b, "shortDescription", rules[r].short_description);
      add_text_object (b, "fullDescription", rules[r].help);
      add_text_object (b, "help", rules[r].help);
      json_builder_set_member_name (b, "helpUri");
      json_builder_add_string_value (b, help_uri);
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

  if (root_uri != NULL)
    {
      json_builder_set_member_name (b, "originalUriBaseIds");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, SRCROOT);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "uri");
      json_builder_add_string_value (b, root_uri);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "invocations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "toolExecutionNotifications");
  json_builder_begin_array (b);
  for (guint f = 0; f < checked->len; f++)
    {
      const Checked *c = g_ptr_array_index (checked, f);

      if (c->doc == NULL)
        {
          add_notification (b, c);
          all_loaded = FALSE;
        }
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "executionSuccessful");
  json_builder_add_boolean_value (b, all_loaded);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint f = 0; f < checked->len; f++)
    {
      const Checked *c = g_ptr_array_index (checked, f);

      for (guint i = 0; c->doc != NULL && i < c->diagnostics->len; i++)
        {
          const TopoDiagnostic *d = g_ptr_array_index (c->diagnostics, i);
          int rule_index = 0;

          for (guint r = 0; r < n_rules; r++)
            if (g_str_equal (rules[r].id, d->rule))
              rule_index = r;
          add_result (b, c, d, rule_index);
        }
    }
  json_builder_end_array (b);    /* results */
  json_builder_end_object (b);   /* run */
  json_builder_end_array (b);    /* runs */
  json_builder_end_object (b);
  return json_builder_get_root (b);
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
  g_autoptr(GError) write_error = NULL;

  g_set_prgname ("topograph-cli validate");
  context = g_option_context_new (_("FILE… — check designs against the validator rules"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs every validator rule (RULES.md) on each FILE (\"-\" reads standard input).\n"
      "\n"
      "text   findings grouped by severity, with their fixes (coloured on a terminal unless\n"
      "       NO_COLOR is set)\n"
      "json   {\"file\": …, \"diagnostics\": [{\"rule\", \"severity\", \"message\", \"subjects\", \"fix\"?,\n"
      "       \"suppressed\"?, \"justification\"?}]} for one FILE; for several FILEs, a JSON array of\n"
      "       such objects in argument order\n"
      "sarif  one SARIF 2.1.0 log with one run whose results cover every FILE"));
  g_option_context_set_description (context,
    _("Findings that a suppression of the design accepts are shown as suppressed and do not\n"
      "count. Exit status: 0 no counting finding at or above --fail-on; 1 some finding is; 2 bad\n"
      "input or usage (the problem is printed on standard error)."));

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
      g_autofree char *contents = NULL;
      gsize length = 0;
      Checked *c = g_new0 (Checked, 1);

      c->path = g_strdup (files[i]);
      g_ptr_array_add (checked, c);
      if (topo_cli_read_input (files[i], &contents, &length, &load_error))
        c->doc = topo_format_load_data (contents, length, topo_cli_display_name (files[i]),
                                        &load_error);
      if (c->doc == NULL)
        {
          topo_cli_printerr ("%s", load_error->message);
          c->load_error = g_strdup (load_error->message);
          bad_input = TRUE;
          continue;
        }
      if (format == FORMAT_SARIF)
        c->map = topo_source_map_new (contents, length);
      c->diagnostics = topo_validate (c->doc);
      for (guint j = 0; j < c->diagnostics->len; j++)
        if (topo_diagnostic_counts (g_ptr_array_index (c->diagnostics, j), fail_on))
          failed = TRUE;
    }

  switch (format)
    {
    case FORMAT_TEXT:
      {
        const char *no_color = g_getenv ("NO_COLOR");
        Style style = { FALSE, "", "", "" };

        if (isatty (STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0'))
          style = (Style) { TRUE, "\033[1m", "\033[2m", "\033[0m" };
        for (guint i = 0, shown = 0; i < checked->len; i++)
          {
            const Checked *c = g_ptr_array_index (checked, i);

            if (c->doc == NULL)
              continue;   /* reported on stderr */
            if (shown++ > 0)
              g_string_append_c (out, '\n');
            print_text (out, c, &style);
          }
        break;
      }

    case FORMAT_JSON:
      {
        g_autoptr(JsonNode) root = NULL;
        g_autofree char *text = NULL;

        if (g_strv_length (files) == 1)
          {
            if (((Checked *) g_ptr_array_index (checked, 0))->doc == NULL)
              break;   /* the only file could not be loaded: nothing to report on stdout */
            root = file_to_json (g_ptr_array_index (checked, 0));
          }
        else
          {
            JsonArray *array = json_array_new ();

            for (guint i = 0; i < checked->len; i++)
              if (((Checked *) g_ptr_array_index (checked, i))->doc != NULL)
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

  if (!topo_cli_write_stdout (out->str, out->len, &write_error))
    {
      topo_cli_printerr ("topograph-cli validate: %s", write_error->message);
      return TOPO_CLI_USAGE;
    }
  if (bad_input)
    return TOPO_CLI_USAGE;
  return failed ? TOPO_CLI_FAILED : TOPO_CLI_OK;
}

int
topo_cli_rules (int argc,
                char **argv)
{
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_set_prgname ("topograph-cli rules");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Prints the rule reference (Markdown) that SARIF helpUris point to; the repository keeps it\n"
      "as docs/rules.md (topograph-cli rules -o docs/rules.md)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return topo_cli_usage_error ("rules", "%s", error->message);
  if (argc > 1)
    return topo_cli_usage_error ("rules", _("unexpected argument '%s' (see --help)"), argv[1]);
  text = topo_rules_reference_markdown ();
  if (!topo_cli_write_output (output != NULL ? output : "-", text, strlen (text), &error))
    {
      topo_cli_printerr ("topograph-cli rules: %s", error->message);
      return TOPO_CLI_USAGE;
    }
  return TOPO_CLI_OK;
}
