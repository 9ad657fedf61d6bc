#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/seeds/<target>/.

For: tests/fuzz/run_fuzz.sh and ctest fuzz.seeds. Every seed is small and written here
from scratch (no copy of the shared corpora): minimal eForms and TED notices, OCDS
releases/packages/records, DECP JSON and XML, DOCX and ODT built as STORED zips (so that
mutations land in the XML instead of the deflate stream), a two-page uncompressed PDF,
HTML, UTF-8 / Windows-1252 text, and segmenter texts (form feed = page break for the
structure segmenter). The dossier fixtures
(tests/fixtures/dossiers) are used as extra seeds in place by run_fuzz.sh.
Not for: regressions (tests/fuzz/regressions/<target>/ holds minimised crash inputs).
Run: /usr/bin/python3 tests/fuzz/make_seeds.py   (standard library only, deterministic)
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "seeds")
DATE = (2026, 1, 1, 0, 0, 0)


def put(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- notices -------------------------------------------------------------------------
UBL = ('xmlns="urn:oasis:names:specification:ubl:schema:xsd:%s-2" '
       'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" '
       'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"')


def eforms(root, body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<%s %s>\n%s\n</%s>\n'
            % (root, UBL % root, body, root))


EF_CN = """<cbc:ID>n-1</cbc:ID><cbc:ContractFolderID>f-1</cbc:ContractFolderID>
<cbc:IssueDate>2024-01-02+01:00</cbc:IssueDate><cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>
<cbc:NoticeLanguageCode>FRA</cbc:NoticeLanguageCode>
<cac:ContractingParty><cac:Party><cac:PartyName><cbc:Name>Ville</cbc:Name></cac:PartyName></cac:Party></cac:ContractingParty>
<cac:TenderingProcess><cbc:ProcedureCode listName="procurement-procedure-type">open</cbc:ProcedureCode></cac:TenderingProcess>
<cac:ProcurementProject><cbc:Name languageID="FRA">Travaux de voirie</cbc:Name>
<cbc:Description languageID="FRA">1. Objet : voirie. 2. Durée : 12 mois. Art. 5 - pénalités de 1,5 %.</cbc:Description>
<cbc:ProcurementTypeCode listName="contract-nature">works</cbc:ProcurementTypeCode>
<cac:MainCommodityClassification><cbc:ItemClassificationCode listName="cpv">45233140</cbc:ItemClassificationCode></cac:MainCommodityClassification>
<cac:RequestedTenderTotal><cbc:EstimatedOverallContractAmount currencyID="EUR">150000</cbc:EstimatedOverallContractAmount></cac:RequestedTenderTotal>
</cac:ProcurementProject>
<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID>
<cac:TenderingProcess><cac:TenderSubmissionDeadlinePeriod><cbc:EndDate>2024-02-01+01:00</cbc:EndDate>
<cbc:EndTime>12:00:00+01:00</cbc:EndTime></cac:TenderSubmissionDeadlinePeriod></cac:TenderingProcess>
<cac:ProcurementProject><cbc:Name languageID="FRA">Lot 1</cbc:Name>
<cac:PlannedPeriod><cbc:DurationMeasure unitCode="MONTH">24</cbc:DurationMeasure></cac:PlannedPeriod>
</cac:ProcurementProject></cac:ProcurementProjectLot>"""

TED = """<TED_EXPORT VERSION="R2.0.9"><CODED_DATA_SECTION><REF_OJS><DATE_PUB>20190105</DATE_PUB></REF_OJS>
<NOTICE_DATA><NO_DOC_OJS>2019/S 001-000001</NO_DOC_OJS><LG_ORIG>FR</LG_ORIG><ISO_COUNTRY VALUE="FR"/>
<ORIGINAL_CPV CODE="45000000">Travaux</ORIGINAL_CPV></NOTICE_DATA>
<CODIF_DATA><DS_DATE_DISPATCH>20190102</DS_DATE_DISPATCH><TD_DOCUMENT_TYPE CODE="3">Avis de marché</TD_DOCUMENT_TYPE>
<PR_PROC CODE="1">Procédure ouverte</PR_PROC></CODIF_DATA></CODED_DATA_SECTION>
<FORM_SECTION><F02_2014 CATEGORY="ORIGINAL" FORM="F02" LG="FR"><CONTRACTING_BODY><ADDRESS_CONTRACTING_BODY>
<OFFICIALNAME>Commune</OFFICIALNAME><COUNTRY VALUE="FR"/></ADDRESS_CONTRACTING_BODY></CONTRACTING_BODY>
<OBJECT_CONTRACT><TITLE><P>Bâtiment</P></TITLE><TYPE_CONTRACT CTYPE="WORKS"/>
<SHORT_DESCR><P>Première ligne. 2.1 Deuxième.</P><P>a) sous-point ; b) autre.</P></SHORT_DESCR>
<OBJECT_DESCR ITEM="1"><LOT_NO>1</LOT_NO><SHORT_DESCR><P>Lot un.</P></SHORT_DESCR>
<DURATION TYPE="MONTH">12</DURATION></OBJECT_DESCR></OBJECT_CONTRACT>
<PROCEDURE><PT_OPEN/><DATE_RECEIPT_TENDERS>2019-02-01</DATE_RECEIPT_TENDERS><TIME_RECEIPT_TENDERS>12:00</TIME_RECEIPT_TENDERS></PROCEDURE>
</F02_2014></FORM_SECTION></TED_EXPORT>"""


def notices():
    put("fuzz_notice", "eforms_cn.xml", eforms("ContractNotice", EF_CN))
    put("fuzz_notice", "eforms_can.xml", eforms("ContractAwardNotice",
        "<cbc:ID>n-2</cbc:ID><cbc:NoticeLanguageCode>ENG</cbc:NoticeLanguageCode>"
        "<cac:ProcurementProject><cbc:Name languageID=\"ENG\">Award</cbc:Name></cac:ProcurementProject>"))
    put("fuzz_notice", "eforms_pin.xml", eforms("PriorInformationNotice",
        "<cbc:ID>n-3</cbc:ID><cac:ProcurementProject><cbc:Description languageID=\"DEU\">"
        "Abs. 3 gilt.</cbc:Description></cac:ProcurementProject>"))
    put("fuzz_notice", "ted_f02.xml", TED)
    put("fuzz_notice", "ted_min.xml", '<TED_EXPORT><FORM_SECTION><F14_2014 LG="EN"><CHANGES>'
        '<CHANGE><TEXT><P>new text</P></TEXT></CHANGE></CHANGES></F14_2014></FORM_SECTION></TED_EXPORT>')


# ---- OCDS / DECP ---------------------------------------------------------------------
RELEASE = ('{"ocid":"ocds-abc-1","id":"r1","date":"2020-01-02T03:04:05Z","tag":["tender"],'
           '"language":"fr","parties":[{"id":"b1","name":"Ville","roles":["buyer"],'
           '"address":{"countryName":"France"}}],"buyer":{"id":"b1","name":"Ville"},'
           '"tender":{"id":"t1","title":"Voirie","description":"1. Objet. 2. Durée : 12 mois.",'
           '"procurementMethod":"open","mainProcurementCategory":"works",'
           '"value":{"amount":150000,"currency":"EUR"},"tenderPeriod":{"endDate":"2020-02-01T12:00:00Z"},'
           '"lots":[{"id":"1","title":"Lot un","description":"Texte du lot.",'
           '"value":{"amount":5e4,"currency":"EUR"}}],'
           '"items":[{"id":"i1","relatedLot":"1","classification":{"scheme":"CPV","id":"45233140-2"},'
           '"additionalClassifications":[{"scheme":"CPV","id":"45000000"}]}],'
           '"documents":[{"id":"d1","title":"CCAP","description":"Cahier."}]},'
           '"awards":[{"id":"a1","title":"Attribution","suppliers":[{"name":"SA"}],'
           '"value":{"amount":140000,"currency":"EUR"}}]}')


def ocds():
    put("fuzz_ocds", "release.json", RELEASE)
    put("fuzz_ocds", "release_package.json",
        '{"uri":"u","publishedDate":"2020-01-03T00:00:00Z","releases":[%s,%s]}'
        % (RELEASE, RELEASE.replace('"r1"', '"r2"').replace("2020-01-02", "2020-01-05")))
    put("fuzz_ocds", "record_package.json",
        '{"uri":"u","records":[{"ocid":"ocds-abc-1","releases":[%s],"compiledRelease":%s}]}'
        % (RELEASE, RELEASE))
    marche = ('{"id":"2024-001","acheteur":{"id":"21750001600019"},"nature":"Marché",'
              '"objet":"Entretien des espaces verts","codeCPV":"77310000","procedure":"Procédure adaptée",'
              '"lieuExecution":{"code":"75","typeCode":"Code département"},"dureeMois":12,'
              '"dateNotification":"2024-03-01","datePublicationDonnees":"2024-03-05","montant":45000.5,'
              '"formePrix":"Forfaitaire","offresRecues":3,"marcheInnovant":false,'
              '"ccag":"Fournitures courantes et services","sousTraitanceDeclaree":true,'
              '"attributionAvance":false,"tauxAvance":0,"typeGroupementOperateurs":"Pas de groupement",'
              '"considerationsSociales":{"considerationSociale":["Clause sociale"]},'
              '"techniques":{"technique":["Accord-cadre"]},"modalitesExecution":{"modaliteExecution":["Bons de commande"]},'
              '"titulaires":[{"titulaire":{"typeIdentifiant":"SIRET","id":"12345678900011"}}],'
              '"modifications":[{"modification":{"id":1,"dureeMois":18,"montant":50000}}]}')
    put("fuzz_ocds", "decp_object.json", '{"marches":{"marche":[%s],"contrat-concession":[]}}' % marche)
    put("fuzz_ocds", "decp_array.json", '{"marches":[%s]}' % marche)
    put("fuzz_ocds", "decp_marche.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<marches><marche><id>2024-002</id>'
        '<acheteur><id>21750001600019</id></acheteur><nature>Marché</nature>'
        '<objet>Travaux de voirie &amp; réseaux</objet><codeCPV>45233140</codeCPV>'
        '<procedure>Appel d\'offres ouvert</procedure><lieuExecution><code>69</code>'
        '<typeCode>Code département</typeCode></lieuExecution><dureeMois>24</dureeMois>'
        '<dateNotification>2024-01-10</dateNotification><montant>250000</montant>'
        '<formePrix>Unitaire</formePrix><offresRecues>5</offresRecues>'
        '<techniques><technique>Accord-cadre</technique></techniques>'
        '<titulaires><titulaire><typeIdentifiant>SIRET</typeIdentifiant><id>1</id></titulaire></titulaires>'
        '<modifications><modification><id>1</id><montant>260000</montant></modification></modifications>'
        '</marche></marches>\n')
    put("fuzz_ocds", "decp_concession.xml",
        '<marches><contrat-concession><id>C-1</id><autoriteConcedante><id>2</id></autoriteConcedante>'
        '<nature>Délégation de service public</nature><objet>Eau</objet><procedure>Procédure négociée ouverte</procedure>'
        '<dureeMois>120</dureeMois><valeurGlobale>1000000</valeurGlobale><montantSubventionPublique>0'
        '</montantSubventionPublique><concessionnaires><concessionnaire><id>3</id></concessionnaire>'
        '</concessionnaires></contrat-concession></marches>')


# ---- DOCX / ODT (stored zips) --------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def stored_zip(target, name, members):
    path = os.path.join(SEEDS, target)
    os.makedirs(path, exist_ok=True)
    with zipfile.ZipFile(os.path.join(path, name), "w", zipfile.ZIP_STORED) as z:
        for n, data in members:
            z.writestr(zipfile.ZipInfo(n, DATE), data)


def docx_odt():
    body = ('<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Article 1 - Objet</w:t></w:r></w:p>'
            '<w:p><w:r><w:t xml:space="preserve">Le marché porte sur </w:t></w:r><w:r><w:t>la voirie.</w:t>'
            '<w:tab/><w:t>Suite</w:t><w:br/><w:t>ligne</w:t><w:cr/></w:r></w:p><w:p/>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Pénalité</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:r><w:t>1 000 €</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
            '<w:p><w:r><w:t><![CDATA[Article 2 - Délais. 2.1 Exécution : 6 mois.]]></w:t></w:r></w:p>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))
    stored_zip("fuzz_docx", "ccap.docx", [
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                'package/2006/content-types"/>'),
        ("word/document.xml", doc)])
    stored_zip("fuzz_docx", "only_document.docx", [("word/document.xml", doc)])
    T = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    TB = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="%s" '
               'xmlns:text="%s" xmlns:table="%s"><office:body><office:text>'
               '<text:tracked-changes><text:changed-region><text:p>supprimé</text:p></text:changed-region>'
               '</text:tracked-changes><text:h text:outline-level="1">Article 1 - Objet</text:h>'
               '<text:p>Le marché<text:s/>porte<text:tab/>sur<text:line-break/>la voirie'
               '<office:annotation><text:p>commentaire</text:p></office:annotation>'
               '<text:note><text:note-body><text:p>note</text:p></text:note-body></text:note>.</text:p>'
               '<text:p/><table:table><table:table-row><table:table-cell><text:p>Pénalité</text:p>'
               '</table:table-cell><table:table-cell><text:p>1 000 €</text:p></table:table-cell>'
               '</table:table-row></table:table></office:text></office:body></office:document-content>'
               % (O, T, TB))
    stored_zip("fuzz_docx", "ccap.odt", [("mimetype", "application/vnd.oasis.opendocument.text"),
                                         ("content.xml", content)])


# ---- PDF -----------------------------------------------------------------------------
def pdf():
    pages = [["Article 1 - Objet", "Le march\\351 porte sur la voirie."],
             ["Article 2 - D\\351lais", "2.1 Ex\\351cution : 6 mois.", "a) p\\351nalit\\351s."]]
    objs = {1: "<< /Type /Catalog /Pages 2 0 R >>",
            3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
    kids = []
    n = 4
    for lines in pages:
        ops = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join("(%s) '" % ln for ln in lines) + " ET"
        objs[n] = "<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops)
        objs[n + 1] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>" % n)
        kids.append("%d 0 R" % (n + 1))
        n += 2
    objs[2] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(kids), len(kids))
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += ("%d 0 obj\n%s\nendobj\n" % (k, objs[k])).encode("latin-1")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (n)).encode()
    for k in range(1, n):
        out += ("%010d 00000 n \n" % offs[k]).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)).encode()
    put("fuzz_pdf", "two_pages.pdf", out)
    put("fuzz_pdf", "no_xref.pdf", out[:xref] + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def pdf_tounicode():
    """A font with a ToUnicode CMap mapping codes to lone surrogates, U+0000 and U+FFFE:
    what poppler turns them into must still be valid UTF-8 (it is, measured with 22.12)."""
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            "1 begincodespacerange <00> <FF> endcodespacerange 5 beginbfchar <41> <D800> "
            "<42> <DFFF> <43> <0000> <44> <FFFE> <45> <D83DDE00> endbfchar endcmap "
            "CMapName currentdict /CMap defineresource pop end end")
    ops = "BT /F1 12 Tf 72 720 Td (ABCDExyz) Tj ET"
    objs = {1: "<< /Type /Catalog /Pages 2 0 R >>",
            2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
            4: "<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops),
            5: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            6: "<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)}
    out = b"%PDF-1.4\n"
    offs = {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += ("%d 0 obj\n%s\nendobj\n" % (k, objs[k])).encode("latin-1")
    xref = len(out)
    out += b"xref\n0 7\n0000000000 65535 f \n"
    for k in range(1, 7):
        out += ("%010d 00000 n \n" % offs[k]).encode()
    out += ("trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref).encode()
    put("fuzz_pdf", "tounicode.pdf", out)


# ---- HTML / text ---------------------------------------------------------------------
def html_text():
    put("fuzz_html_text", "page.html",
        '<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>'
        '<h1>Article 1 &ndash; Objet</h1><p>Le march&eacute; porte<br>sur la voirie.</p>'
        '<script>var x = "<p>";</script><table><tr><td>P&eacute;nalit&eacute;</td><td>1&nbsp;000 &euro;</td>'
        '</tr></table><ul><li>a) un</li><li>b) deux</li></ul><div><![CDATA[cdata]]></div></body></html>')
    put("fuzz_html_text", "bare.html", "  <html><p>un<p>deux<div>trois")
    put("fuzz_html_text", "utf8.txt", "\ufeffArticle 1 - Objet\nLe marché porte\tsur la voirie.\r\n"
        "2.1 Délais\u00a0: 6 mois.\n\n\fArt. 3 Pénalités.\n")
    put("fuzz_html_text", "cp1252.txt", "Article 1 \x96 March\xe9 \x80 \x93guillemets\x94 \x81.\n"
        .encode("latin-1"))
    put("fuzz_html_text", "ctrl.txt", b"a\x01b\x7fc\x1b[0m\td\n")


# ---- segmenter -----------------------------------------------------------------------
def segment():
    put("fuzz_segment", "fr.txt",
        "Article 1 - Objet du marché\nLe présent marché porte sur la voirie (cf. art. 5). "
        "Le taux est de 2.5 %. M. Dupont, n° 12, est désigné.\n1. Premier point.\n2.1 Sous-point ; "
        "a) alinéa b) autre.\nARTICLE 5.2 Pénalités\x1eSection deux\u00a0: texte.")
    put("fuzz_segment", "en.txt",
        "Section 1. Scope. The contractor shall, e.g. by Dec. 1, deliver the goods. "
        "It is approx. 3.5 km long. (i) first; (ii) second.\n\n\nClause 2 - Payment\x1e\x1e"
        + "Long sentence without end " * 12 + ".")


def structure():
    put("fuzz_structure", "dossier.txt",
        "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\nSommaire\nArticle 1 - Objet ........ 2\n"
        "Article 2 - Délais ........ 3\n\fPage 1/3\nArticle 1 - Objet\n1.1 Le présent marché porte "
        "sur la voirie.\n1.2 Variantes : non.\n\fPage 2/3\nARTICLE 2 – DÉLAIS\n2.1 Exécution\n"
        "Le délai est de 6 mois.\na) tranche ferme ;\nb) tranche optionnelle.\nCCAP - version 2\n"
        "\fPage 3/3\nChapitre II\nSection 1 - Pénalités\nArt. 3 Les pénalités sont de 1/1000.\n")
    put("fuzz_structure", "english.txt",
        "REQUEST FOR PROPOSAL\n1. INTRODUCTION\n1.1 Purpose\nThe buyer seeks bids.\n\f"
        "2. SCOPE OF WORK\n(a) design; (b) build.\nPage 2\n\f\f3. TERMS\nSee Annex A.\n")


def main():
    notices()
    ocds()
    docx_odt()
    pdf()
    pdf_tounicode()
    html_text()
    segment()
    structure()


if __name__ == "__main__":
    main()
