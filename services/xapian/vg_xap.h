/* vg_xap.h: the pure-C face of the Xapian shim (vg_xap.cc), shared by indexer, api and cli.
 *
 * For: writing analysed documents into a Xapian database (one writer per database) and
 * reading them back (search with prefixes, filters and facets; fetch one document).
 * The index schema (term prefixes, value slots, stored data) lives in this shim only and is
 * documented in docs/index-schema.md.
 * Not for: HTTP, wire messages or analysis. No C++ type or exception crosses this header:
 * every Xapian::Error / std::exception is caught and mapped to a vg_status_t + err detail.
 *
 * Ownership: json_t results are new references owned by the caller (json_decref). */
#ifndef VG_XAP_H
#define VG_XAP_H

#include <jansson.h>
#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------- writer (the indexer only) ---------- */
typedef struct vg_xap_writer vg_xap_writer_t;

/* Opens (creating if needed) the database at path for writing. Returns NULL and fills err
 * (VG_E_LOCKED when another writer holds it, VG_E_BACKEND otherwise). */
vg_xap_writer_t *vg_xap_writer_open(const char *path, vg_err_t *err);
/* The same, returning the status: VG_OK (*out set), VG_E_LOCKED (another writer holds the
 * database; the caller may retry later), VG_E_INPUT, VG_E_BACKEND, VG_E_NOMEM. */
int vg_xap_writer_open_st(const char *path, vg_xap_writer_t **out, vg_err_t *err);
/* Stores doc (its notice document, one Xapian document per clause and one per FLAG outcome,
 * linked by doc id), replacing any earlier copy with the same doc->id and its clauses and
 * flags (idempotent). Stored reviews and notes are re-applied to the new flag/clause
 * documents. Versions: the notices sharing doc's procedure key (doc->procedure_id, else
 * doc->id) are re-ranked and the latest (greatest dispatch_date, then last put) is marked
 * version:latest, the others version:superseded (with their clauses and flags).
 * Not durable until vg_xap_writer_commit(). VG_OK, VG_E_INPUT (document cannot be stored:
 * document-level), VG_E_BACKEND. */
int vg_xap_writer_put(vg_xap_writer_t *w, const vg_doc_t *doc, vg_err_t *err);
/* Removes the document doc_id and all its clauses and flags (absent: nothing happens,
 * VG_OK); when it was the latest version of its procedure, the next latest is re-elected.
 * Stored reviews and notes stay (metadata) for a later put of the same ids.
 * Not durable until vg_xap_writer_commit(). VG_OK or VG_E_BACKEND. */
int vg_xap_writer_delete(vg_xap_writer_t *w, const char *doc_id, vg_err_t *err);
/* Makes every put since the last commit durable (atomic). VG_OK or VG_E_BACKEND. */
int vg_xap_writer_commit(vg_xap_writer_t *w, vg_err_t *err);
/* Closes (without committing pending changes: they are discarded). Idempotent. */
void vg_xap_writer_close(vg_xap_writer_t **pw);

/* ---------- reader (api, cli) ---------- */
typedef struct vg_xap_reader vg_xap_reader_t;

/* Opens one or more databases (shards) read-only as one (Xapian add_database: counts, ranks
 * and facets span all shards; a document id should live in one shard only). Returns NULL +
 * err on failure. A reader belongs to one thread at a time: open one per thread. */
vg_xap_reader_t *vg_xap_reader_open(const char *const *paths, size_t npaths, vg_err_t *err);
/* The same, returning the status: VG_OK (*out set), VG_E_NOTFOUND (no database at a path),
 * VG_E_INPUT, VG_E_BACKEND, VG_E_NOMEM. */
int vg_xap_reader_open_st(const char *const *paths, size_t npaths, vg_xap_reader_t **out,
                          vg_err_t *err);
/* Moves to the latest committed revision. VG_OK or VG_E_BACKEND. */
int vg_xap_reader_reopen(vg_xap_reader_t *r, vg_err_t *err);
void vg_xap_reader_close(vg_xap_reader_t **pr);

/* What a search returns: notices (default), clauses, or flags (one hit per FLAG outcome). */
typedef enum {
  VG_XAP_KIND_NOTICES = 0,
  VG_XAP_KIND_CLAUSES = 1,
  VG_XAP_KIND_FLAGS = 2
} vg_xap_kind_t;

/* Zero-initialise and set what you need: the fields after want_facets are optional. */
typedef struct {
  const char *q;        /* user query (Xapian QueryParser syntax + vigie prefixes); words are
                           ANDed by default (OR, NOT, -word, +word, "phrase", wildcard*) */
  size_t offset;        /* first hit, 0-based */
  size_t limit;         /* hits per page (caller caps it) */
  int want_facets;      /* 1: compute facet counts over all matches (exact, costs more) */
  const char *lang;     /* ISO 639-1 language of the query words (stemming); NULL: every
                           language present in the database */
  int kind;             /* vg_xap_kind_t */
  const char *sort;     /* NULL/"relevance", "published" (newest first), "deadline" (soonest
                           first), "value" (largest first), "flags" (most first); kind FLAGS:
                           "relevance", "published", "deadline", "severity" (high first);
                           a leading '-' reverses. Unknown -> VG_E_QUERY */
  const char *cursor;   /* "next_cursor" of the previous page: continues after its last hit
                           (overrides offset). Sorted queries resume strictly after the last
                           hit's (sort value, document id), so documents added meanwhile do
                           not shift pages; relevance order resumes at an offset. VG_E_QUERY when
                           malformed or made by another query (q, kind, sort, lang,
                           all_versions differ) */
  int all_versions;     /* 1: superseded versions too; 0 (default): latest version only */
} vg_xap_query_t;

/* Runs a search over notices. *out = {"total": estimate, "offset", "limit",
 *   "hits": [{"id","notice_id","title","buyer","country","cpv":[..],"deadline","notice_type",
 *             "procedure","value","currency","dispatch_date","lang","score",
 *             "snippets":[{"clause_id","label","text","highlight"}],
 *             "flags":[{"id","rule_id","rule_version","severity","explanation_en"}]}],
 *   "facets": {"cpv_division":{...}, "country":{...}, "buyer", "procedure", "notice_type",
 *              "lang", "label", "rule", "status"} (when want_facets; value -> count, top 50
 *              each)}.
 * snippets: up to 3 clauses of the notice matching the query words (ORed) and filters;
 * "text" is a plain excerpt (<= 300 bytes + "…"), "highlight" is HTML-escaped text with
 * matches in <mark></mark> (show it as HTML, or use "text").
 * kind == VG_XAP_KIND_CLAUSES: hits are clause objects (vg_clause_to_json shape with "text")
 * plus "score" and "highlight"; no snippets. Total is exact when want_facets.
 * kind == VG_XAP_KIND_FLAGS: one hit per FLAG outcome: {"id","rule_id","rule_version",
 *   "severity","legal_basis","explanation","explanation_en","clause_id","excerpt","page",
 *   "score","doc":{"id","notice_id","title","buyer","country","dispatch_date","deadline"},
 *   "review":{"status","reason","who","role","at","seq"} (just {"status":"open"} when never
 *   reviewed)}; filters rule:/flag:, severity:, status:, buyer: (exact buyer name, any case),
 *   country:, cpv:, published:/deadline: ranges, free text over excerpt and explanations;
 *   facets "rule", "severity", "status", "country", "buyer".
 * Every kind: "next_cursor" (string) unless this is the last page; facets also give "status"
 * (review status of FLAG outcomes: open|confirmed|dismissed|contested). Prefixes added for
 * every kind: status:, severity:, rule: (= flag:), procedure_id:, version: (latest|superseded),
 * dossier: (container sha256); buyer: is a filter matching the whole buyer name (any case)
 * or all its words. Unless all_versions, superseded versions of a procedure are left out
 * (NOT version:superseded).
 * Returns VG_OK, VG_E_QUERY (err: position/reason; a 400 for the API), VG_E_BACKEND. */
int vg_xap_search(vg_xap_reader_t *r, const vg_xap_query_t *q, json_t **out, vg_err_t *err);

/* Fetches one document by id: the vg_doc_to_json() object as stored, with every clause
 * carrying its "text" (sliced from the document text by its offsets), plus
 * "latest": bool, "versions": [{"id","notice_id","notice_type","notice_subtype",
 * "dispatch_date","latest"}] (every version of the same procedure, oldest first, itself
 * included); each flag object gains "review" ({"status":"open"} when never reviewed) and each
 * clause with notes gains "notes": [{"note","who","role","at","seq"}] (oldest first).
 * VG_E_NOTFOUND if absent. */
int vg_xap_get_doc(vg_xap_reader_t *r, const char *doc_id, json_t **out, vg_err_t *err);

/* Fetches one clause (vg_clause_to_json() shape, with "text", and "notes" when it has any).
 * VG_E_NOTFOUND if absent. */
int vg_xap_get_clause(vg_xap_reader_t *r, const char *clause_id, json_t **out, vg_err_t *err);

/* Fetches one flag: the vg_flag_to_json() justification + "doc" summary ({"id","notice_id",
 * "title","buyer","country","dispatch_date","deadline"}) + "review" (current; {"status":"open"}
 * when never reviewed) + "history" (every flag.review entry applied to it, oldest first:
 * [{"status","reason","who","role","at","seq"}]). VG_E_NOTFOUND if absent. */
int vg_xap_get_flag(vg_xap_reader_t *r, const char *flag_id, json_t **out, vg_err_t *err);

/* Number of notice documents and of clause documents. */
int vg_xap_counts(vg_xap_reader_t *r, size_t *notices, size_t *clauses, vg_err_t *err);
/* Number of flag documents (FLAG outcomes, every version). */
int vg_xap_count_flags(vg_xap_reader_t *r, size_t *flags, vg_err_t *err);

/* ---------- reviews (writer side, the indexer only) ---------- */

/* Applies one audit-log entry whose "action" is "flag.review" ({"seq","at","who":{"name",
 * "role",...},"flag_id","status":"open|confirmed|dismissed|contested","reason"}) or
 * "clause.note" ({"seq","at","who","clause_id","note"}); other fields are ignored. Stores it
 * as database metadata keyed by the flag/clause id (so it survives a later re-put of the same
 * document: put() re-applies stored reviews to the flag documents it creates), updates the
 * status terms/values of the flag document, its notice and its clauses, and records
 * entry.seq as the last applied seq. An entry whose seq is <= the last applied one is
 * ignored (VG_OK: replay is idempotent). VG_E_NOTFOUND when the flag/clause is not in the
 * database, VG_E_INPUT for a bad entry. Durable at the next vg_xap_writer_commit(). */
int vg_xap_writer_review(vg_xap_writer_t *w, const json_t *entry, vg_err_t *err);
/* Highest audit seq applied (0 when none), pending changes included: the indexer replays
 * later entries at start. VG_OK or VG_E_BACKEND. */
int vg_xap_writer_last_seq(vg_xap_writer_t *w, long long *seq, vg_err_t *err);
/* Checks that a review target exists (pending puts included) before an audit entry is
 * written: kind VG_XAP_KIND_FLAGS (id = flag id) or VG_XAP_KIND_CLAUSES (id = clause id).
 * VG_OK and, when doc_id is not NULL, *doc_id = the id of its document (caller frees);
 * VG_E_NOTFOUND when absent; VG_E_INPUT for another kind. */
int vg_xap_writer_target(vg_xap_writer_t *w, int kind, const char *id, char **doc_id,
                         vg_err_t *err);

#ifdef __cplusplus
}
#endif
#endif
