/* topo-validator.h: the v1 rules of RULES.md over a document, and their fixes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

typedef enum
{
  TOPO_SEVERITY_ERROR,     /* sorted first */
  TOPO_SEVERITY_WARNING,
  TOPO_SEVERITY_INFO,
} TopoSeverity;

const char *topo_severity_to_string (TopoSeverity severity);   /* "error", "warning", "info" */

typedef struct _TopoDiagnostic TopoDiagnostic;

struct _TopoDiagnostic
{
  const char   *rule;        /* static: "SEG001" */
  TopoSeverity  severity;
  char         *message;     /* names subjects by Azure name, says why in one sentence */
  GStrv         subjects;    /* resource or team ids, the one to fix first comes first */
  char         *fix;         /* human label of the fix ("Make the link read-only"), NULL if none */
  /* private to the validator: what the fix does */
  int           fix_kind;
  char         *fix_arg;
  /* A suppression of the document (topo-document.h) accepts this finding: it is reported, but
   * does not count (exit status, export refusal). justification: the suppression's reason. */
  gboolean      suppressed;
  char         *justification;
};

/* TRUE when the finding is not suppressed and at least as severe as threshold. */
gboolean        topo_diagnostic_counts      (const TopoDiagnostic *diagnostic, TopoSeverity threshold);

/* Every field equal (subjects in order, the fix, suppression). The lists: the same findings in
 * the same order (topo_validate's order is total, so equal designs give equal lists); what the
 * window compares to leave the issues panel, badges and outline alone after an edit that changed
 * no finding (a move, typically). */
/* Whether a change of the document may change what topo_validate reports. No rule reads a
 * resource's layout (its place and size) or the notes: a move, a resize or a note edit does not
 * (tests/test-validator.c checks it over random edits). */
gboolean        topo_change_affects_validation (const TopoChange *change);
gboolean        topo_diagnostic_equal       (const TopoDiagnostic *a, const TopoDiagnostic *b);
gboolean        topo_diagnostics_equal      (GPtrArray *a, GPtrArray *b);
void            topo_diagnostic_free        (TopoDiagnostic *diagnostic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoDiagnostic, topo_diagnostic_free)

/* Runs every rule; returns a GPtrArray of TopoDiagnostic (owned, free func set), ordered by
 * severity, rule id, first subject id (then message, for a total order). O(resources + links):
 * a 10 000-resource design validates in about 5 ms (tests/bench-validate.c), so the GUI
 * simply re-runs it in full from an idle callback after each "changed" signal, coalescing the
 * changes of one main-loop iteration (one pending idle source at a time; compare
 * topo_document_get_serial to skip a run when nothing changed). No incremental API is needed.
 * Pure function of the document; thread-safe as long as the document is not modified meanwhile. */
GPtrArray      *topo_validate               (TopoDocument *doc);
/* The same with the policy's severity overrides and the document's suppressions applied as of
 * today ("YYYY-MM-DD"; topo_validate uses the local date): a rule turned "off" reports nothing,
 * an overridden rule reports at its new severity, findings a current suppression matches are
 * marked suppressed, and stale (SUP001), expired (SUP002) suppressions and overrides of unknown
 * rules (SUP003) are findings of their own. */
GPtrArray      *topo_validate_at            (TopoDocument *doc, const char *today);

/* The findings that stop the ARM export (`export arm` without --force, the application's export
 * without "Export Anyway"): the error findings that count, and — whatever policy.rules or a
 * suppression says — the errors of the rules whose findings Azure rejects the template for
 * (TopoRuleInfo.blocks_export: names, name collisions, SKUs, VM sizes, node counts, regions,
 * default storage). Accepting such a finding keeps validation green, it does not make the
 * template deploy. Sorted like topo_validate's. */
GPtrArray      *topo_validate_export_blockers (TopoDocument *doc);

/* Accepts the finding: adds a suppression of its rule and subjects with the justification (and
 * expires, "YYYY-MM-DD" or NULL) to the document, as one undo step. Refused (FALSE with a
 * TOPO_EDIT_ERROR) for an empty justification, a bad date, a finding already suppressed or a
 * finding about suppressions. */
gboolean        topo_diagnostic_suppress    (const TopoDiagnostic *diagnostic, TopoDocument *doc,
                                             const char *justification, const char *expires,
                                             GError **error);

/* Applies the diagnostic's fix as one undo step (labelled with diagnostic->fix). The diagnostic may
 * come from an older run: it is re-validated first and the fix is refused (FALSE with a
 * TOPO_EDIT_ERROR) when the current design no longer reports the same finding with the same fix,
 * or when it has no fix. */
gboolean        topo_diagnostic_apply_fix   (const TopoDiagnostic *diagnostic, TopoDocument *doc,
                                             GError **error);

/* Static metadata for help texts and SARIF. */
typedef struct
{
  const char   *id;
  TopoSeverity  severity;     /* default level (DEP005 is warning or error; reported as warning) */
  const char   *short_description;
  const char   *help;         /* why the rule exists, with its source */
  gboolean      about_link;   /* each finding is about one link: subjects[0] → subjects[1] */
  gboolean      blocks_export; /* Azure rejects a template with such a finding, accepted or not */
} TopoRuleInfo;

const TopoRuleInfo *topo_rules_get_all      (guint *n_rules);
const TopoRuleInfo *topo_rules_lookup       (const char *id);
/* The rule reference (docs/rules.md, which SARIF helpUris point to), in Markdown, from the
 * metadata above, untranslated: one "## ID" section per rule (anchor "#id"). */
char               *topo_rules_reference_markdown (void);
/* The helpUri of a rule: TOPO_RULES_REFERENCE_URI + "#" + the id in lower case. */
#define TOPO_RULES_REFERENCE_URI "https://github.com/topograph/topograph/blob/main/docs/rules.md"
char               *topo_rule_help_uri      (const char *id);

/* Counts of diagnostics per subject id, for the canvas and image badges. */
typedef struct
{
  guint errors;
  guint warnings;
  guint infos;
} TopoBadge;

/* Returns a hash table id → TopoBadge* (owned by the table). */
GHashTable     *topo_diagnostics_badges     (GPtrArray *diagnostics);

G_END_DECLS
