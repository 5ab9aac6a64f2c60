/* topo-diff-output.c: the reports of a semantic diff — text, JSON, Markdown — and the textconv
 * rendering of one design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-diff"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-diff.h"
#include "topo-diff-private.h"
#include "topo-format.h"
#include "topo-text.h"

static const char *const kind_names[TOPO_N_DIFF_KINDS] = {
  "finding-added", "finding-removed",
  "resource-added", "resource-removed", "resource-renamed", "resource-moved", "resource-changed",
  "access-granted", "access-widened", "access-narrowed", "access-revoked",
  "link-added", "link-removed", "link-changed",
  "team-added", "team-removed", "team-changed",
  "policy-changed", "design-changed",
  "note-added", "note-removed", "note-changed", "note-moved",
  "layout-moved",
};

const char *
topo_diff_kind_to_string (TopoDiffKind kind)
{
  g_return_val_if_fail (kind < TOPO_N_DIFF_KINDS, NULL);
  return kind_names[kind];
}

/* Sections of the reports: which kinds each one lists. */
typedef struct
{
  const char   *title;     /* N_() */
  TopoDiffKind  first, last;
} Section;

static const Section sections[] = {
  { N_("New findings"), TOPO_DIFF_FINDING_ADDED, TOPO_DIFF_FINDING_ADDED },
  { N_("Resolved findings"), TOPO_DIFF_FINDING_REMOVED, TOPO_DIFF_FINDING_REMOVED },
  { N_("Resources"), TOPO_DIFF_RESOURCE_ADDED, TOPO_DIFF_RESOURCE_CHANGED },
  { N_("Access"), TOPO_DIFF_ACCESS_GRANTED, TOPO_DIFF_ACCESS_REVOKED },
  { N_("Links"), TOPO_DIFF_LINK_ADDED, TOPO_DIFF_LINK_CHANGED },
  { N_("Teams"), TOPO_DIFF_TEAM_ADDED, TOPO_DIFF_TEAM_CHANGED },
  { N_("Policy and design"), TOPO_DIFF_POLICY_CHANGED, TOPO_DIFF_DESIGN_CHANGED },
  { N_("Notes"), TOPO_DIFF_NOTE_ADDED, TOPO_DIFF_NOTE_MOVED },
  { N_("Layout"), TOPO_DIFF_LAYOUT_MOVED, TOPO_DIFF_LAYOUT_MOVED },
};

const char *
topo_diff_section_title (TopoDiffKind kind)
{
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    if (kind >= sections[s].first && kind <= sections[s].last)
      return _(sections[s].title);
  g_return_val_if_reached (NULL);
}

static guint
section_count (const TopoDiff *diff,
               const Section  *s)
{
  guint n = 0;

  for (TopoDiffKind k = s->first; k <= s->last; k++)
    n += diff->counts[k];
  return n;
}

/* "+" added, "-" removed, "~" changed, ">" moved: the mark of a line in the text report. */
static char
change_mark (TopoDiffKind kind)
{
  switch (kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
    case TOPO_DIFF_RESOURCE_ADDED:
    case TOPO_DIFF_ACCESS_GRANTED:
    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_TEAM_ADDED:
    case TOPO_DIFF_NOTE_ADDED:
      return '+';
    case TOPO_DIFF_FINDING_REMOVED:
    case TOPO_DIFF_RESOURCE_REMOVED:
    case TOPO_DIFF_ACCESS_REVOKED:
    case TOPO_DIFF_LINK_REMOVED:
    case TOPO_DIFF_TEAM_REMOVED:
    case TOPO_DIFF_NOTE_REMOVED:
      return '-';
    case TOPO_DIFF_RESOURCE_MOVED:
    case TOPO_DIFF_NOTE_MOVED:
    case TOPO_DIFF_LAYOUT_MOVED:
      return '>';
    default:
      return '~';
    }
}

static const char *
value_or_none (const char *value)
{
  return value != NULL ? value : _("(none)");
}

/* A note's text on one line, shortened: reports quote it, the file keeps all of it. */
static char *
one_line (const char *text)
{
  GString *out = g_string_new (NULL);
  guint chars = 0;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (chars == 60)
        {
          g_string_append (out, "…");
          break;
        }
      if (*p == '\n')
        g_string_append (out, " / ");
      else
        g_string_append_unichar (out, g_utf8_get_char (p));
      chars++;
    }
  return g_string_free (out, FALSE);
}

static char *
describe_note (const TopoDiffChange *c)
{
  g_autofree char *id = c->old_id != NULL ? g_strdup_printf ("%s (%s %s)", c->id, _("was"), c->old_id)
                                          : g_strdup (c->id);
  g_autofree char *text = one_line (c->name);

  switch (c->kind)
    {
    case TOPO_DIFF_NOTE_ADDED:
      return g_strdup_printf (_("note %s “%s” added on %s"), id, text, c->parent);
    case TOPO_DIFF_NOTE_REMOVED:
      return g_strdup_printf (_("note %s “%s” removed from %s"), id, text, c->parent);
    case TOPO_DIFF_NOTE_MOVED:
      if (g_strcmp0 (c->key, "attach") == 0)
        return g_strdup_printf (_("note %s reattached: %s → %s"), id, c->old_value, c->new_value);
      return g_strdup_printf (_("note %s moved on the canvas: %s → %s"), id,
                              value_or_none (c->old_value), value_or_none (c->new_value));
    case TOPO_DIFF_NOTE_CHANGED:
    default:
      {
        g_autofree char *ov = c->old_value != NULL ? one_line (c->old_value) : NULL;
        g_autofree char *nv = c->new_value != NULL ? one_line (c->new_value) : NULL;

        return g_strdup_printf (_("note %s: %s %s → %s"), id, c->key, value_or_none (ov),
                                value_or_none (nv));
      }
    }
}

static char *
subject_label (const TopoDiffChange *c)
{
  g_autofree char *id = c->old_id != NULL ? g_strdup_printf ("%s (%s %s)", c->id, _("was"), c->old_id)
                                          : g_strdup (c->id);

  if (c->resource_kind >= 0)
    return g_strdup_printf ("%s %s", topo_kind_to_string (c->resource_kind), id);
  return g_strdup_printf ("%s %s", _("team"), id);
}

char *
topo_diff_change_describe (const TopoDiffChange *c)
{
  g_autofree char *subject = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  switch (c->kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
    case TOPO_DIFF_FINDING_REMOVED:
      {
        g_autofree char *subjects = g_strjoinv (", ", c->subjects);

        if (*subjects == '\0')
          return g_strdup_printf ("%s %s: %s", topo_severity_to_string (c->severity), c->rule, c->message);
        return g_strdup_printf ("%s %s [%s]: %s", topo_severity_to_string (c->severity), c->rule,
                                subjects, c->message);
      }

    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_LINK_REMOVED:
    case TOPO_DIFF_LINK_CHANGED:
      {
        g_autofree char *link = g_strdup_printf ("%s %s → %s", topo_link_type_to_string (c->link_type),
                                                 c->from, c->to);

        if (c->kind == TOPO_DIFF_LINK_ADDED)
          return g_strdup_printf (_("%s link added"), link);
        if (c->kind == TOPO_DIFF_LINK_REMOVED)
          return g_strdup_printf (_("%s link removed"), link);
        return g_strdup_printf (_("%s link: %s %s → %s"), link, c->key, value_or_none (c->old_value),
                                value_or_none (c->new_value));
      }

    case TOPO_DIFF_POLICY_CHANGED:
      return g_strdup_printf (_("policy %s: %s → %s"), c->key, value_or_none (c->old_value),
                              value_or_none (c->new_value));
    case TOPO_DIFF_DESIGN_CHANGED:
      return g_strdup_printf (_("design %s: %s → %s"), c->key, value_or_none (c->old_value),
                              value_or_none (c->new_value));
    case TOPO_DIFF_NOTE_ADDED:
    case TOPO_DIFF_NOTE_REMOVED:
    case TOPO_DIFF_NOTE_CHANGED:
    case TOPO_DIFF_NOTE_MOVED:
      return describe_note (c);

    default:
      break;
    }

  if (c->kind == TOPO_DIFF_LAYOUT_MOVED && c->id == NULL)
    return g_strdup_printf (_("lanes: %s → %s"), value_or_none (c->old_value), value_or_none (c->new_value));

  subject = subject_label (c);
  switch (c->kind)
    {
    case TOPO_DIFF_RESOURCE_ADDED:
      if (c->parent == NULL)
        return g_strdup_printf (_("%s “%s” added"), subject, c->name);
      return g_strdup_printf (_("%s “%s” added in %s"), subject, c->name, c->parent);
    case TOPO_DIFF_RESOURCE_REMOVED:
      if (c->parent == NULL)
        return g_strdup_printf (_("%s “%s” removed"), subject, c->name);
      return g_strdup_printf (_("%s “%s” removed from %s"), subject, c->name, c->parent);
    case TOPO_DIFF_RESOURCE_RENAMED:
      return g_strdup_printf (_("%s renamed: %s → %s"), subject, c->old_value, c->new_value);
    case TOPO_DIFF_RESOURCE_MOVED:
      if (g_strcmp0 (c->key, "region") == 0)
        return g_strdup_printf (_("%s moved to another region: %s → %s"), subject,
                                value_or_none (c->old_value), value_or_none (c->new_value));
      return g_strdup_printf (_("%s moved to another group: %s → %s"), subject,
                              value_or_none (c->old_value), value_or_none (c->new_value));
    case TOPO_DIFF_ACCESS_GRANTED:
      return g_strdup_printf (_("team %s granted %s on %s"), c->key, c->new_value, subject);
    case TOPO_DIFF_ACCESS_WIDENED:
      return g_strdup_printf (_("team %s widened on %s: %s → %s"), c->key, subject, c->old_value,
                              c->new_value);
    case TOPO_DIFF_ACCESS_NARROWED:
      return g_strdup_printf (_("team %s narrowed on %s: %s → %s"), c->key, subject, c->old_value,
                              c->new_value);
    case TOPO_DIFF_ACCESS_REVOKED:
      return g_strdup_printf (_("team %s revoked on %s (was %s)"), c->key, subject, c->old_value);
    case TOPO_DIFF_TEAM_ADDED:
      return g_strdup_printf (_("%s “%s” added"), subject, c->name);
    case TOPO_DIFF_TEAM_REMOVED:
      return g_strdup_printf (_("%s “%s” removed"), subject, c->name);
    case TOPO_DIFF_LAYOUT_MOVED:
      if (g_strcmp0 (c->key, "layout") == 0)
        return g_strdup_printf (_("%s moved on the canvas: %s → %s"), subject,
                                value_or_none (c->old_value), value_or_none (c->new_value));
      return g_strdup_printf ("%s: %s %s → %s", subject, c->key, value_or_none (c->old_value),
                              value_or_none (c->new_value));
    case TOPO_DIFF_RESOURCE_CHANGED:
    case TOPO_DIFF_TEAM_CHANGED:
    default:
      return g_strdup_printf ("%s: %s %s → %s", subject, c->key, value_or_none (c->old_value),
                              value_or_none (c->new_value));
    }
}

/* Summary --------------------------------------------------------------------------------------- */

/* format is the ngettext of the count, with the count as its one directive */
static void
add_part (GPtrArray  *parts,
          guint       n,
          const char *format)
{
  if (n > 0)
    g_ptr_array_add (parts, g_strdup_printf (format, n));
}

char *
topo_diff_summary (const TopoDiff *diff)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const guint *n = diff->counts;
  guint errors, warnings, infos, access, teams, policy, notes;

  g_return_val_if_fail (diff != NULL, NULL);

  if (diff->changes->len == 0)
    return g_strdup (_("no changes"));

  /* One ngettext call per phrase, with literals, so that xgettext sees each singular with its
   * plural. */
  errors = diff->new_by_severity[TOPO_SEVERITY_ERROR];
  warnings = diff->new_by_severity[TOPO_SEVERITY_WARNING];
  infos = diff->new_by_severity[TOPO_SEVERITY_INFO];
  access = n[TOPO_DIFF_ACCESS_GRANTED] + n[TOPO_DIFF_ACCESS_WIDENED] +
           n[TOPO_DIFF_ACCESS_NARROWED] + n[TOPO_DIFF_ACCESS_REVOKED];
  teams = n[TOPO_DIFF_TEAM_ADDED] + n[TOPO_DIFF_TEAM_REMOVED] + n[TOPO_DIFF_TEAM_CHANGED];
  policy = n[TOPO_DIFF_POLICY_CHANGED] + n[TOPO_DIFF_DESIGN_CHANGED];
  add_part (parts, errors, g_dngettext (GETTEXT_PACKAGE, "%u new error", "%u new errors", errors));
  add_part (parts, warnings, g_dngettext (GETTEXT_PACKAGE, "%u new warning", "%u new warnings",
                                          warnings));
  add_part (parts, infos, g_dngettext (GETTEXT_PACKAGE, "%u new info", "%u new infos", infos));
  add_part (parts, n[TOPO_DIFF_FINDING_REMOVED],
            g_dngettext (GETTEXT_PACKAGE, "%u finding resolved", "%u findings resolved",
                         n[TOPO_DIFF_FINDING_REMOVED]));
  add_part (parts, n[TOPO_DIFF_RESOURCE_ADDED],
            g_dngettext (GETTEXT_PACKAGE, "%u resource added", "%u resources added",
                         n[TOPO_DIFF_RESOURCE_ADDED]));
  add_part (parts, n[TOPO_DIFF_RESOURCE_REMOVED],
            g_dngettext (GETTEXT_PACKAGE, "%u resource removed", "%u resources removed",
                         n[TOPO_DIFF_RESOURCE_REMOVED]));
  add_part (parts, n[TOPO_DIFF_RESOURCE_RENAMED],
            g_dngettext (GETTEXT_PACKAGE, "%u renamed", "%u renamed",
                         n[TOPO_DIFF_RESOURCE_RENAMED]));
  add_part (parts, n[TOPO_DIFF_RESOURCE_MOVED],
            g_dngettext (GETTEXT_PACKAGE, "%u moved", "%u moved",
                         n[TOPO_DIFF_RESOURCE_MOVED]));
  add_part (parts, n[TOPO_DIFF_RESOURCE_CHANGED],
            g_dngettext (GETTEXT_PACKAGE, "%u property changed", "%u properties changed",
                         n[TOPO_DIFF_RESOURCE_CHANGED]));
  add_part (parts, access, g_dngettext (GETTEXT_PACKAGE, "%u access change", "%u access changes",
                                        access));
  add_part (parts, n[TOPO_DIFF_LINK_ADDED],
            g_dngettext (GETTEXT_PACKAGE, "%u link added", "%u links added",
                         n[TOPO_DIFF_LINK_ADDED]));
  add_part (parts, n[TOPO_DIFF_LINK_REMOVED],
            g_dngettext (GETTEXT_PACKAGE, "%u link removed", "%u links removed",
                         n[TOPO_DIFF_LINK_REMOVED]));
  add_part (parts, n[TOPO_DIFF_LINK_CHANGED],
            g_dngettext (GETTEXT_PACKAGE, "%u link changed", "%u links changed",
                         n[TOPO_DIFF_LINK_CHANGED]));
  add_part (parts, teams, g_dngettext (GETTEXT_PACKAGE, "%u team change", "%u team changes",
                                       teams));
  add_part (parts, policy,
            g_dngettext (GETTEXT_PACKAGE, "%u policy or design change", "%u policy or design changes",
                         policy));
  notes = n[TOPO_DIFF_NOTE_CHANGED] + n[TOPO_DIFF_NOTE_MOVED];
  add_part (parts, n[TOPO_DIFF_NOTE_ADDED],
            g_dngettext (GETTEXT_PACKAGE, "%u note added", "%u notes added",
                         n[TOPO_DIFF_NOTE_ADDED]));
  add_part (parts, n[TOPO_DIFF_NOTE_REMOVED],
            g_dngettext (GETTEXT_PACKAGE, "%u note removed", "%u notes removed",
                         n[TOPO_DIFF_NOTE_REMOVED]));
  add_part (parts, notes, g_dngettext (GETTEXT_PACKAGE, "%u note change", "%u note changes", notes));
  add_part (parts, n[TOPO_DIFF_LAYOUT_MOVED],
            g_dngettext (GETTEXT_PACKAGE, "%u layout change", "%u layout changes",
                         n[TOPO_DIFF_LAYOUT_MOVED]));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* Text ------------------------------------------------------------------------------------------ */

static const char *
mark_color (char mark)
{
  switch (mark)
    {
    case '+':
      return "\033[32m";
    case '-':
      return "\033[31m";
    case '>':
      return "\033[36m";
    default:
      return "\033[33m";
    }
}

char *
topo_diff_to_text (const TopoDiff *diff,
                   const char     *old_label,
                   const char     *new_label,
                   gboolean        color)
{
  GString *out = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *safe_old = NULL;
  g_autofree char *safe_new = NULL;
  const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";

  g_return_val_if_fail (diff != NULL, NULL);

  summary = topo_diff_summary (diff);
  /* Names are user text: a terminal shows their control characters escaped, never obeys them. */
  safe_old = topo_text_escape_controls (old_label);
  safe_new = topo_text_escape_controls (new_label);
  g_string_append_printf (out, "%s%s → %s%s: %s\n", bold, safe_old, safe_new, reset, summary);

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      guint n = section_count (diff, &sections[s]);

      if (n == 0)
        continue;
      g_string_append_printf (out, "\n%s%s (%u)%s\n", bold, _(sections[s].title), n, reset);
      for (guint i = 0; i < diff->changes->len; i++)
        {
          const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);
          g_autofree char *line = NULL;
          char mark;

          if (c->kind < sections[s].first || c->kind > sections[s].last)
            continue;
          {
            g_autofree char *raw = topo_diff_change_describe (c);

            line = topo_text_escape_controls (raw);
          }
          mark = change_mark (c->kind);
          g_string_append_printf (out, "  %s%c%s %s\n", color ? mark_color (mark) : "", mark, reset, line);
        }
    }
  return g_string_free (out, FALSE);
}

/* JSON ------------------------------------------------------------------------------------------ */

static void
add_string_member (JsonBuilder *b,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

char *
topo_diff_to_json (const TopoDiff *diff,
                   const char     *old_label,
                   const char     *new_label)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (diff != NULL, NULL);

  summary = topo_diff_summary (diff);
  json_builder_begin_object (b);
  add_string_member (b, "old", old_label);
  add_string_member (b, "new", new_label);
  add_string_member (b, "summary", summary);
  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  for (guint k = 0; k < TOPO_N_DIFF_KINDS; k++)
    {
      json_builder_set_member_name (b, kind_names[k]);
      json_builder_add_int_value (b, diff->counts[k]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < diff->changes->len; i++)
    {
      const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);
      g_autofree char *text = topo_diff_change_describe (c);

      json_builder_begin_object (b);
      add_string_member (b, "kind", kind_names[c->kind]);
      if (c->rule != NULL)
        {
          add_string_member (b, "rule", c->rule);
          add_string_member (b, "severity", topo_severity_to_string (c->severity));
          add_string_member (b, "message", c->message);
          json_builder_set_member_name (b, "subjects");
          json_builder_begin_array (b);
          for (guint j = 0; c->subjects[j] != NULL; j++)
            json_builder_add_string_value (b, c->subjects[j]);
          json_builder_end_array (b);
        }
      if (c->link_type >= 0)
        {
          add_string_member (b, "link_type", topo_link_type_to_string (c->link_type));
          add_string_member (b, "from", c->from);
          add_string_member (b, "to", c->to);
        }
      if (c->id != NULL)
        add_string_member (b, "id", c->id);
      if (c->old_id != NULL)
        add_string_member (b, "old_id", c->old_id);
      if (c->resource_kind >= 0)
        add_string_member (b, "type", topo_kind_to_string (c->resource_kind));
      if (c->name != NULL)
        add_string_member (b, c->kind >= TOPO_DIFF_NOTE_ADDED && c->kind <= TOPO_DIFF_NOTE_MOVED
                              ? "note_text" : "name", c->name);
      if (c->parent != NULL)
        add_string_member (b, c->kind >= TOPO_DIFF_NOTE_ADDED && c->kind <= TOPO_DIFF_NOTE_MOVED ? "on"
                              : c->resource_kind == TOPO_KIND_RESOURCE_GROUP ? "region" : "group", c->parent);
      if (c->key != NULL)
        {
          add_string_member (b, c->kind >= TOPO_DIFF_ACCESS_GRANTED && c->kind <= TOPO_DIFF_ACCESS_REVOKED
                                ? "team" : "key", c->key);
          add_string_member (b, "old", c->old_value);
          add_string_member (b, "new", c->new_value);
        }
      add_string_member (b, "text", text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return topo_json_to_string (root);
}

/* Markdown -------------------------------------------------------------------------------------- */

/* User text as literal Markdown: a backslash before every character Markdown could read as markup
 * (code spans, emphasis, links, tables, headings, HTML), `&` as an entity so that no entity
 * reference forms, "@" kept from mentioning anyone, and control characters escaped as on a
 * terminal so that CR or LF cannot end the list item and start a block of their own. */
static void
append_md (GString    *out,
           const char *text)
{
  g_autofree char *safe = topo_text_needs_escape (text) ? topo_text_escape_controls (text) : NULL;

  for (const char *p = safe != NULL ? safe : text; *p != '\0'; p++)
    {
      if (*p == '&')
        g_string_append (out, "&amp;");
      else if (*p == '@')
        /* a zero-width space after it: "@name" in a pull-request comment would mention (and
         * notify) that person or team on every run; it still reads "@name" */
        g_string_append (out, "@&#8203;");
      else
        {
          if (strchr ("\\`*_[]<>|#~!", *p) != NULL)
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }
}

/* User text as a code span: nothing inside is markup, so only the fence needs care (CommonMark:
 * one backtick more than the longest run inside, padded when the text starts or ends with one). */
static void
append_md_code (GString    *out,
                const char *text)
{
  g_autofree char *safe = topo_text_needs_escape (text) ? topo_text_escape_controls (text) : NULL;
  const char *code = safe != NULL ? safe : text;
  guint longest = 0, run = 0;
  gboolean pad;

  for (const char *p = code; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  pad = *code == '`' || (*code != '\0' && code[strlen (code) - 1] == '`');
  for (guint i = 0; i <= longest; i++)
    g_string_append_c (out, '`');
  if (pad)
    g_string_append_c (out, ' ');
  g_string_append (out, code);
  if (pad)
    g_string_append_c (out, ' ');
  for (guint i = 0; i <= longest; i++)
    g_string_append_c (out, '`');
}

char *
topo_diff_to_markdown (const TopoDiff *diff,
                       const char     *old_label,
                       const char     *new_label)
{
  GString *out = g_string_new (NULL);
  g_autofree char *summary = NULL;

  g_return_val_if_fail (diff != NULL, NULL);

  summary = topo_diff_summary (diff);
  g_string_append (out, "### ");
  g_string_append (out, _("Topograph design changes"));
  g_string_append (out, "\n\n**");
  append_md (out, old_label);
  g_string_append (out, " → ");
  append_md (out, new_label);
  g_string_append (out, "**: ");
  append_md (out, summary);
  g_string_append_c (out, '\n');

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      guint n = section_count (diff, &sections[s]);
      gboolean folded = sections[s].first == TOPO_DIFF_LAYOUT_MOVED;

      if (n == 0)
        continue;
      /* Layout moves rarely matter in a review: folded away. */
      if (folded)
        g_string_append_printf (out, "\n<details><summary>%s (%u)</summary>\n\n", _(sections[s].title), n);
      else
        g_string_append_printf (out, "\n#### %s (%u)\n\n", _(sections[s].title), n);
      for (guint i = 0; i < diff->changes->len; i++)
        {
          const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);
          g_autofree char *line = NULL;

          if (c->kind < sections[s].first || c->kind > sections[s].last)
            continue;
          line = topo_diff_change_describe (c);
          g_string_append (out, "- ");
          if (c->kind == TOPO_DIFF_FINDING_ADDED || c->kind == TOPO_DIFF_FINDING_REMOVED)
            {
              g_string_append_printf (out, "**%s** ", topo_severity_to_string (c->severity));
              append_md_code (out, c->rule);
              g_string_append_c (out, ' ');
              append_md (out, c->message);
              if (c->subjects[0] != NULL)
                {
                  g_string_append (out, " (");
                  for (guint j = 0; c->subjects[j] != NULL; j++)
                    {
                      if (j > 0)
                        g_string_append (out, ", ");
                      append_md_code (out, c->subjects[j]);
                    }
                  g_string_append_c (out, ')');
                }
            }
          else
            {
              g_string_append_printf (out, "%s ", change_mark (c->kind) == '+' ? "➕"
                                                  : change_mark (c->kind) == '-' ? "➖" : "✏️");
              append_md (out, line);
            }
          g_string_append_c (out, '\n');
        }
      if (folded)
        g_string_append (out, "\n</details>\n");
    }
  return g_string_free (out, FALSE);
}

/* Textconv -------------------------------------------------------------------------------------- */

/* One line of the textconv rendering (git diff shows it on a terminal): the formatted user text
 * with its control characters escaped, then the newline. */
G_GNUC_PRINTF (2, 3) static void
append_line (GString    *out,
             const char *format,
             ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  if (topo_text_needs_escape (line))
    {
      g_autofree char *safe = topo_text_escape_controls (line);

      g_string_append (out, safe);
    }
  else
    g_string_append (out, line);
  g_string_append_c (out, '\n');
}

static void
textconv_resource (GString            *out,
                   const TopoResource *r)
{
  char buf[TOPO_DIFF_PROP_BUF];

  append_line (out, "%s %s \"%s\"", topo_kind_to_string (r->kind), r->id,
                          topo_resource_get_name (r));
  for (guint p = 0; p < _topo_diff_n_props; p++)
    {
      const char *v = _topo_diff_props[p].get (r, buf);

      if (v != NULL)
        append_line (out, "  %s: %s", _topo_diff_props[p].key, v);
    }
  if (r->tags != NULL)
    for (guint i = 0; i < r->tags->len; i++)
      append_line (out, "  tags.%s: %s", g_array_index (r->tags, TopoTag, i).key,
                              g_array_index (r->tags, TopoTag, i).value);
  if (r->access != NULL)
    for (guint i = 0; i < r->access->len; i++)
      append_line (out, "  access.%s: %s", g_array_index (r->access, TopoAccessEntry, i).team,
                              topo_role_to_string (g_array_index (r->access, TopoAccessEntry, i).role));
  if (r->extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (r->extra);

      for (GList *m = members; m != NULL; m = m->next)
        {
          g_autofree char *v = _topo_diff_json_value (json_object_get_member (r->extra, m->data));
          append_line (out, "  %s: %s", (char *) m->data, v);
        }
    }
}

char *
topo_diff_textconv (TopoDocument *doc)
{
  GString *out = g_string_new (NULL);
  const TopoPolicy *policy;
  guint n, n_links, n_teams;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) children = NULL;
  g_autofree char *lanes = NULL;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  n = topo_document_get_n_resources (doc);
  n_links = topo_document_get_n_links (doc);
  n_teams = topo_document_get_n_teams (doc);
  policy = topo_document_get_policy (doc);

  append_line (out, "design \"%s\"", value_or_none (topo_document_get_name (doc)));
  {
    g_autofree char *regions = _topo_diff_strv_value (topo_policy_allowed_regions (policy));
    g_autofree char *tags = _topo_diff_strv_value (topo_policy_required_tags (policy));
    g_autofree char *envs = _topo_diff_strv_value (topo_policy_environments (policy));
    g_autofree char *prod = _topo_diff_strv_value (topo_policy_production_environments (policy));

    append_line (out, "policy allowed_regions: %s", regions);
    append_line (out, "policy residency: %s", topo_residency_to_string (topo_policy_residency (policy)));
    append_line (out, "policy required_tags: %s", tags);
    append_line (out, "policy naming: %s", topo_naming_to_string (topo_policy_naming (policy)));
    append_line (out, "policy environments: %s", envs);
    append_line (out, "policy production_environments: %s", prod);
    if (policy->quotas != NULL)
      {
        g_autofree char *quotas = _topo_diff_quotas_value (policy->quotas);

        append_line (out, "policy quotas: %s", quotas);
      }
  }

  for (guint i = 0; i < n_teams; i++)
    {
      const TopoTeam *t = topo_document_get_team (doc, i);

      append_line (out, "team %s \"%s\": data_access %s%s", t->id, topo_team_get_name (t),
                              topo_level_to_string (topo_team_data_access (t)),
                              topo_team_is_external (t) ? ", external" : "");
    }

  /* Each RG followed by its resources, so a resource's lines stay together under its group. */
  children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      GPtrArray *list;

      if (r->kind == TOPO_KIND_RESOURCE_GROUP || r->group == NULL)
        continue;
      list = g_hash_table_lookup (children, r->group);
      if (list == NULL)
        g_hash_table_insert (children, r->group, list = g_ptr_array_new ());
      g_ptr_array_add (list, (gpointer) r);
    }
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *rg = topo_document_get_resource (doc, i);
      GPtrArray *list;

      if (rg->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      g_string_append_c (out, '\n');
      textconv_resource (out, rg);
      list = g_hash_table_lookup (children, rg->id);
      for (guint j = 0; list != NULL && j < list->len; j++)
        textconv_resource (out, g_ptr_array_index (list, j));
    }

  if (n_links > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < n_links; i++)
    {
      const TopoLink *l = topo_document_get_link (doc, i);

      if (l->type == TOPO_LINK_DATASTORE)
        append_line (out, "link %s %s -> %s: %s", topo_link_type_to_string (l->type), l->from, l->to,
                     topo_access_to_string (topo_link_access (l)));
      else
        append_line (out, "link %s %s -> %s", topo_link_type_to_string (l->type), l->from, l->to);
    }

  diagnostics = topo_validate (doc);
  if (diagnostics->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_autofree char *subjects = g_strjoinv (", ", d->subjects);

      append_line (out, "finding %s %s [%s]: %s", topo_severity_to_string (d->severity),
                              d->rule, subjects, d->message);
    }

  if (topo_document_get_n_notes (doc) > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < topo_document_get_n_notes (doc); i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);
      g_autofree char *text = one_line (note->text);

      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "note %s on ", note->id);
      if (note->region != NULL)
        g_string_append_printf (line, "lane %s", note->region);
      else if (note->attach != NULL)
        g_string_append (line, note->attach);
      else
        g_string_append_printf (line, "%s %s -> %s", topo_link_type_to_string (note->link_type),
                                note->link_from, note->link_to);
      g_string_append_printf (line, ": \"%s\"", text);
      if (note->author != NULL)
        g_string_append_printf (line, " (%s)", note->author);
      if (note->date != NULL)
        g_string_append_printf (line, " %s", note->date);
      append_line (out, "%s", line->str);
    }

  lanes = _topo_diff_strv_value (topo_document_get_lanes (doc));
  g_string_append_c (out, '\n');
  append_line (out, "layout lanes: %s", value_or_none (lanes));
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      g_autofree char *layout = _topo_diff_layout_value (r);

      if (layout != NULL)
        append_line (out, "layout %s: %s", r->id, layout);
    }
  for (guint i = 0; i < topo_document_get_n_notes (doc); i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);

      if (note->has_layout)
        g_string_append_printf (out, "layout %s: %g, %g\n", note->id, note->x, note->y);
    }
  return g_string_free (out, FALSE);
}
