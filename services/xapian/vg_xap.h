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
/* Stores doc (its notice document, and one Xapian document per clause, linked by doc id),
 * replacing any earlier copy with the same doc->id and its clauses (idempotent).
 * Not durable until vg_xap_writer_commit(). VG_OK, VG_E_INPUT (document cannot be stored:
 * document-level), VG_E_BACKEND. */
int vg_xap_writer_put(vg_xap_writer_t *w, const vg_doc_t *doc, vg_err_t *err);
/* Removes the document doc_id and all its clauses (absent: nothing happens, VG_OK).
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

/* What a search returns: notices (default) or clauses. */
typedef enum { VG_XAP_KIND_NOTICES = 0, VG_XAP_KIND_CLAUSES = 1 } vg_xap_kind_t;

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
                           first), "value" (largest first), "flags" (most first); a leading
                           '-' reverses. Unknown -> VG_E_QUERY */
} vg_xap_query_t;

/* Runs a search over notices. *out = {"total": estimate, "offset", "limit",
 *   "hits": [{"id","notice_id","title","buyer","country","cpv":[..],"deadline","notice_type",
 *             "procedure","value","currency","dispatch_date","lang","score",
 *             "snippets":[{"clause_id","label","text","highlight"}],
 *             "flags":[{"id","rule_id","rule_version","severity","explanation_en"}]}],
 *   "facets": {"cpv_division":{...}, "country":{...}, "buyer", "procedure", "notice_type",
 *              "lang", "label", "rule"} (when want_facets; value -> count, top 50 each)}.
 * snippets: up to 3 clauses of the notice matching the query words (ORed) and filters;
 * "text" is a plain excerpt (<= 300 bytes + "…"), "highlight" is HTML-escaped text with
 * matches in <mark></mark> (show it as HTML, or use "text").
 * kind == VG_XAP_KIND_CLAUSES: hits are clause objects (vg_clause_to_json shape with "text")
 * plus "score" and "highlight"; no snippets. Total is exact when want_facets.
 * Returns VG_OK, VG_E_QUERY (err: position/reason; a 400 for the API), VG_E_BACKEND. */
int vg_xap_search(vg_xap_reader_t *r, const vg_xap_query_t *q, json_t **out, vg_err_t *err);

/* Fetches one document by id: the vg_doc_to_json() object as stored, with every clause
 * carrying its "text" (sliced from the document text by its offsets). VG_E_NOTFOUND if absent. */
int vg_xap_get_doc(vg_xap_reader_t *r, const char *doc_id, json_t **out, vg_err_t *err);

/* Fetches one clause (vg_clause_to_json() shape, with "text"). VG_E_NOTFOUND if absent. */
int vg_xap_get_clause(vg_xap_reader_t *r, const char *clause_id, json_t **out, vg_err_t *err);

/* Number of notice documents and of clause documents. */
int vg_xap_counts(vg_xap_reader_t *r, size_t *notices, size_t *clauses, vg_err_t *err);

#ifdef __cplusplus
}
#endif
#endif
