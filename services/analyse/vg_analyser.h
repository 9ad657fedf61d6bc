/* vg_analyser.h: the whole analysis of one document, without sockets.
 *
 * For: bytes in -> analysed vg_doc_t out: parse (notice formats), segment into clauses,
 * classify each clause with the fastText clause model, run the rule catalogue, and write
 * the processing record. Used by the vigie-analyse worker, and by tests and benchmarks
 * that need the same analysis in-process.
 * Not for: transport (vg_worker) or storage (indexer).
 *
 * Determinism: the same bytes with the same model and catalogue give the same document
 * JSON, except processing.worker and processing.stages[*].at/ms (times). */
#ifndef VG_ANALYSER_H
#define VG_ANALYSER_H

#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

typedef struct {
  const char *model_path;      /* clause model (.ftz/.bin); NULL or "" = no classification */
  double low_confidence;       /* below this probability a label is marked low-confidence;
                                  < 0: the threshold in the model's card (<model>.card.json) */
  const char *catalogue_dir;   /* rule catalogue directory */
  const char *worker;          /* name recorded in the processing record */
} vg_analyser_config_t;

typedef struct vg_analyser vg_analyser_t;

/* Loads the model and the catalogue. NULL + err (service-level: bad config). */
vg_analyser_t *vg_analyser_new(const vg_analyser_config_t *cfg, vg_err_t *err);
void vg_analyser_destroy(vg_analyser_t **pa);

/* Analyses buf[0..len) submitted as name. meta (may be NULL) is the submission's metadata
 * object (wire SUBMIT/JOB meta frame): its "container" member ({"name","sha256","kind",
 * "member"}: the zip dossier or TED package the file came from) is copied into
 * doc->fields["container"], which links the document to its dossier. On VG_OK, *out is a
 * new document (caller destroys). On a document-level failure returns the status with err
 * naming the file and the reason. */
int vg_analyser_run(vg_analyser_t *a, const char *name, const json_t *meta, const void *buf,
                    size_t len, vg_doc_t **out, vg_err_t *err);

#endif
