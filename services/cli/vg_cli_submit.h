/* vg_cli_submit.h: the client side of SUBMIT/STATUS shared by `vigie ingest` and `vigie watch`.
 *
 * For: turning one path into submissions — a plain file as one document, a TED package or zip
 * dossier as one document per member with its container link in the meta frame, a
 * multi-contract DECP or multi-ocid OCDS file as one document per part
 * (docs/ingestion.md) — with a bounded window of submissions in flight, counting the broker's
 * answers, and asking for a batch's summary. Refusals decided here (an archive member over a
 * limit, a path escaping its archive, a corrupt archive, an unreadable file) are sent as
 * client-side refusals (SUBMIT with empty content and meta {"refused": reason, "status": ...})
 * so that the broker journals and dead-letters them like any failure.
 * Not for: finding files (vg_cli_walk), printing progress (the commands do). */
#ifndef VG_CLI_SUBMIT_H
#define VG_CLI_SUBMIT_H

#include <jansson.h>
#include <stddef.h>

#include "vg_cli_walk.h"
#include "vg_status.h"

typedef struct vg_submit vg_submit_t;

typedef struct {
  long sent;       /* SUBMIT messages sent (documents and refusals) */
  long refused;    /* of which client-side refusals */
  long fresh;      /* answered ACCEPTED "queued": new work */
  long known;      /* answered ACCEPTED with another state: already indexed or failed */
  long rejected;   /* answered REJECTED (printed on stderr) */
  size_t bytes;    /* content bytes sent */
} vg_submit_counts_t;

/* Connects a DEALER to endpoint (the broker's clients socket). force: re-queue documents
 * already indexed or failed. split: a .json/.xml file holding several DECP contracts or OCDS
 * procedures (ocids) is sent as one document per part (vg_split.h): name "<file>#<key>",
 * meta container kind "split". NULL + err on failure. */
vg_submit_t *vg_submit_new(void *zctx, const char *endpoint, int force, int split, vg_err_t *err);
void vg_submit_destroy(vg_submit_t **ps);

/* The batch id later submissions belong to (copied). */
void vg_submit_set_batch(vg_submit_t *s, const char *batch);
/* Writes a new random batch id ("<unix time>-<16 hex>") into out (>= 48 bytes). */
void vg_submit_new_batch_id(char *out, size_t outlen);

/* Submits path: expands TED packages and zip dossiers (vg_cli_archive), else sends the file
 * whole. Members skipped (formats not read) are added to w's skipped list. VG_OK, or
 * VG_E_TIMEOUT / VG_E_IO when the broker does not answer (service-level: stop). */
int vg_submit_path(vg_submit_t *s, const char *path, vg_walk_t *w);
/* Waits for the answer to every submission in flight. VG_OK or VG_E_TIMEOUT. */
int vg_submit_drain(vg_submit_t *s);
const vg_submit_counts_t *vg_submit_counts(const vg_submit_t *s);

/* The broker's STATUS summary of batch (new reference; docs/wire-protocol.md) or NULL when
 * it does not answer. Call after vg_submit_drain(). */
json_t *vg_submit_status(vg_submit_t *s, const char *batch);

#endif
