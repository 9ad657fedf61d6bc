#!/usr/bin/python3
"""gen_eforms_fields.py: writes services/analyse/eforms-fields.tsv, vigie's own selection of
eForms business terms (BT-xx / OPP-xx / OPT-xx fields and ND-xx nodes) with the XPath the
eForms SDK publishes for each, read from the SDK's fields/fields.json.

For: regenerating the mapping table when a new SDK comes out (then run the analyse.bt_map test
against that SDK to see which paths moved). Not for: use at run time (the parser reads the
table built into it from the .tsv) or copying the SDK into the repository: only the selected
ids, their XPath and the SDK version are written.

Usage: /usr/bin/python3 gen_eforms_fields.py [FIELDS_JSON] [OUT_TSV]
  FIELDS_JSON defaults to $VIGIE_CORPORA/eforms-sdk/fields/fields.json
  (VIGIE_CORPORA defaults to ../shared/corpora next to the repository);
  OUT_TSV defaults to services/analyse/eforms-fields.tsv.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

# Scope nodes: their XPath is stripped from the fields of that scope to get the path the
# parser evaluates from each node (one lot, one group...). (node id, scope)
NODES = [
    ("ND-Lot", "lot"),
    ("ND-LotsGroup", "group"),
    ("ND-Part", "part"),
    ("ND-Company", "company"),
    ("ND-GroupComposition", "composition"),
    ("ND-Changes", "changes"),
]

# Fields vigie reads: (field id, vigie target, scope). Order matters: for one target the
# first row yielding a value wins; alternatives of older SDKs follow in LEGACY.
FIELDS = [
    ("BT-701-notice", "notice_id", "notice"),
    ("BT-04-notice", "procedure_id", "notice"),
    ("BT-757-notice", "version", "notice"),
    ("BT-02-notice", "notice_type", "notice"),
    ("BT-03-notice", "notice_family", "notice"),
    ("OPP-070-notice", "notice_subtype", "notice"),
    ("BT-702(a)-notice", "lang", "notice"),
    ("BT-05(a)-notice", "dispatch_date", "notice"),
    ("OPP-012-notice", "published_date", "notice"),
    ("BT-21-Procedure", "title", "notice"),
    ("BT-24-Procedure", "description", "notice"),
    ("BT-105-Procedure", "procedure", "notice"),
    ("BT-23-Procedure", "contract_nature", "notice"),
    ("BT-262-Procedure", "cpv_main", "notice"),
    ("BT-263-Procedure", "cpv_additional", "notice"),
    ("BT-27-Procedure", "value", "notice"),
    ("BT-27-Procedure-Currency", "currency", "notice"),
    ("OPT-300-Procedure-Buyer", "buyer_ref", "notice"),
    ("BT-11-Procedure-Buyer", "buyer_kind", "notice"),
    ("BT-5141-Procedure", "place_country", "notice"),
    ("BT-161-NoticeResult", "awarded_value", "notice"),
    ("BT-161-NoticeResult-Currency", "awarded_currency", "notice"),
    ("BT-758-notice", "changes_notice", "changes"),
    ("BT-13716-notice", "changed_section", "changes"),
    ("OPT-200-Organization-Company", "org_id", "company"),
    ("BT-500-Organization-Company", "org_name", "company"),
    ("BT-514-Organization-Company", "org_country", "company"),
    ("BT-137-Lot", "lot_id", "lot"),
    ("BT-21-Lot", "lot_title", "lot"),
    ("BT-24-Lot", "lot_description", "lot"),
    ("BT-27-Lot", "lot_value", "lot"),
    ("BT-27-Lot-Currency", "lot_currency", "lot"),
    ("BT-262-Lot", "lot_cpv_main", "lot"),
    ("BT-263-Lot", "lot_cpv_additional", "lot"),
    ("BT-23-Lot", "lot_nature", "lot"),
    ("BT-131(d)-Lot", "lot_deadline_date", "lot"),
    ("BT-131(t)-Lot", "lot_deadline_time", "lot"),
    ("BT-1311(d)-Lot", "lot_requests_date", "lot"),
    ("BT-1311(t)-Lot", "lot_requests_time", "lot"),
    ("BT-137-LotsGroup", "lot_id", "group"),
    ("BT-21-LotsGroup", "lot_title", "group"),
    ("BT-27-LotsGroup", "lot_value", "group"),
    ("BT-27-LotsGroup-Currency", "lot_currency", "group"),
    ("BT-137-Part", "lot_id", "part"),
    ("BT-21-Part", "lot_title", "part"),
    ("BT-24-Part", "lot_description", "part"),
    ("BT-27-Part", "lot_value", "part"),
    ("BT-27-Part-Currency", "lot_currency", "part"),
    ("BT-262-Part", "lot_cpv_main", "part"),
    ("BT-263-Part", "lot_cpv_additional", "part"),
    ("BT-23-Part", "lot_nature", "part"),
    ("BT-330-Procedure", "group_id", "composition"),
    ("BT-1375-Procedure", "group_lot", "composition"),
]

# Paths of older SDK versions that later ones dropped or moved, still found in real notices:
# (field id, target, scope, xpath, note). Never compared with fields.json.
LEGACY = [
    ("BT-13716-notice", "changed_section", "changes",
     "/*/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
     "/efac:Changes/efac:Change/efbc:ChangedSectionIdentifier",
     "legacy:SDK<1.3 (no efac:ChangedSection)"),
]


def main():
    corpora = os.environ.get("VIGIE_CORPORA", os.path.join(REPO, "..", "shared", "corpora"))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        corpora, "eforms-sdk", "fields", "fields.json")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        REPO, "services", "analyse", "eforms-fields.tsv")
    with open(src, encoding="utf-8") as f:
        sdk = json.load(f)
    version = sdk.get("sdkVersion", "?").replace("eforms-sdk-", "")
    fields = {x["id"]: x for x in sdk["fields"]}
    nodes = {x["id"]: x for x in sdk["xmlStructure"]}
    rows = []
    for nid, scope in NODES:
        rows.append((nid, "@node", scope, version, nodes[nid]["xpathAbsolute"]))
    for fid, target, scope in FIELDS:
        rows.append((fid, target, scope, version, fields[fid]["xpathAbsolute"]))
    for fid, target, scope, xp, note in LEGACY:
        if fid not in fields:
            sys.exit("legacy row names an unknown field: " + fid)
        rows.append((fid, target, scope, note, xp))
    # every multilingual text: names the sections cut from it
    for f in sdk["fields"]:
        if f["type"] == "text-multilingual":
            rows.append((f["id"], "text", "text", version, f["xpathAbsolute"]))
    for r in rows:
        for c in r:
            if "\t" in c or "\n" in c:
                sys.exit("tab or newline in " + repr(r))
    with open(out, "w", encoding="utf-8") as f:
        f.write("# eforms-fields.tsv: vigie's selection of eForms business terms and the XPath the\n"
                "# eForms SDK publishes for each (generated by tools/gen_eforms_fields.py from the\n"
                "# SDK's fields/fields.json; edit the script, not this file).\n"
                "# Columns: id, vigie target ('@node' = scope node, 'text' = names text sections),\n"
                "# scope (notice|lot|group|part|company|composition|changes|text), SDK version the\n"
                "# path was read from ('legacy:...' = path of an older SDK, kept for old notices),\n"
                "# xpathAbsolute.\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("%s: %d rows from SDK %s" % (out, len(rows), version))


if __name__ == "__main__":
    main()
