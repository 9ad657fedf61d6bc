/* vg_decp.h: turns French "données essentielles de la commande publique" (DECP) into a vg_doc_t.
 *
 * For: DECP 2.0.2 XML (<marches><marche>|<contrat-concession>) and 2.0.3 JSON
 * ({"marches": {"marche": [...], "contrat-concession": [...]}}, or "marches": [...]).
 * doc->procedure_id = "decp:<buyer id>/<contract id>" (contract ids are unique per buyer only;
 * "decp:<contract id>" when the buyer has no id), so versions of one contract group together.
 * The ingest client cuts multi-contract files with vg_split() (vg_split.h): each part it
 * submits holds one contract. A file still holding several contracts gives ONE document: the
 * first contract (marchés before concessions, in file order); fields.contracts_count says how
 * many the file holds.
 * Not for: splitting (vg_split.h), segmentation, rules.
 *
 * Safety: bounded by VG_OCDS_MAX_BYTES; XML parsed with libxml2 XML_PARSE_NONET only and any
 * DOCTYPE / entity declaration refused (VG_E_FORBIDDEN); JSON limits as in vg_ocds.h. */
#ifndef VG_DECP_H
#define VG_DECP_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

/* Same contract as vg_ocds_parse(); sets doc->format = "decp". Adds VG_E_FORBIDDEN (DTD). */
int vg_decp_parse(const char *buf, size_t len, const char *name, vg_doc_t *doc, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
