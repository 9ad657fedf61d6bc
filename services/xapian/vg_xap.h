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
/* Stores doc (its notice document, and one Xapian document per clause, linked by doc id),
 * replacing any earlier copy with the same doc->id and its clauses (idempotent).
 * Not durable until vg_xap_writer_commit(). VG_OK, VG_E_INPUT (document cannot be stored:
 * document-level), VG_E_BACKEND. */
int vg_xap_writer_put(vg_xap_writer_t *w, const vg_doc_t *doc, vg_err_t *err);
/* Makes every put since the last commit durable (atomic). VG_OK or VG_E_BACKEND. */
int vg_xap_writer_commit(vg_xap_writer_t *w, vg_err_t *err);
/* Closes (without committing pending changes: they are discarded). Idempotent. */
void vg_xap_writer_close(vg_xap_writer_t **pw);

/* ---------- reader (api, cli) ---------- */
typedef struct vg_xap_reader vg_xap_reader_t;

/* Opens one or more databases (shards) read-only as one. Returns NULL + err on failure. */
vg_xap_reader_t *vg_xap_reader_open(const char *const *paths, size_t npaths, vg_err_t *err);
/* Moves to the latest committed revision. VG_OK or VG_E_BACKEND. */
int vg_xap_reader_reopen(vg_xap_reader_t *r, vg_err_t *err);
void vg_xap_reader_close(vg_xap_reader_t **pr);

typedef struct {
  const char *q;        /* user query (Xapian QueryParser syntax + vigie prefixes) */
  size_t offset;        /* first hit, 0-based */
  size_t limit;         /* hits per page (caller caps it) */
  int want_facets;      /* 1: compute facet counts over all matches */
} vg_xap_query_t;

/* Runs a search over notices. *out = {"total": estimate, "offset", "limit",
 *   "hits": [{"id","notice_id","title","buyer","country","cpv":[..],"deadline","notice_type",
 *             "procedure","value","currency","score",
 *             "snippets":[{"clause_id","label","text"}],
 *             "flags":[{"id","rule_id","rule_version","severity","explanation_en"}]}],
 *   "facets": {"cpv_division":{...}, "country":{...}, ...} (when want_facets)}.
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
