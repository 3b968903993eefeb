package cabletext

import (
	"strings"
	"testing"

	"cablesite/generator/cable"
)

// refCases are REF lines of real cables of the corpus (the cable each comes
// from names it, with its creation time), as their text has them, and what
// an archivist reads in each, checked by hand against the line. A case
// whose reading is still wrong is marked as a known miss, with what the
// reader gives; the test fails if it starts to read it right (so the mark
// goes) or reads it otherwise.
var refCases = []struct {
	id, created, text, want string
	miss                    string // what the reader gives instead, for a known miss
}{
	{"72TEHRAN1164", "1972-02-25 09:30", "REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603 \n \nCOUNTRY TEAM. MESSAGE", "72TEHRAN1091 72TEHRAN263 72MOSCOW1603", ""},
	{"04PANAMA823", "2004-03-25 00:00", "REF: A. 02 PANAMA 2820 \n     B. 02 PANAMA 1518 \n     C. 03 PANAMA 2451 \n     D. 03 PANAMA 3294 \n     E. PANAMA 0730 \n \n \nClassified By", "02PANAMA2820 02PANAMA1518 03PANAMA2451 03PANAMA3294 04PANAMA730", ""},
	{"04THEHAGUE1923", "2004-07-29 00:00", "REF: A. (A) THE HAGUE 01915 \n     B. (B) THE HAGUE 01903 \n \nClassified By: RSO", "04THEHAGUE1915 04THEHAGUE1903", ""},
	{"04NEWDELHI6983 (an e-mail)", "2004-11-05 00:00", "REF: A. 10/23 CAMP-PYATT E-MAIL\n B. NEW DELHI 6881\n\nClassified By", "10/23 CAMP-PYATT E-MAIL | 04NEWDELHI6881", ""},
	{"04SANJOSE3369 (SECSTATE)", "2004-12-07 00:00", "REF: SECSTATE 249035 \n \n1. (U) The text", "04STATE249035", ""},
	{"05PARIS1142", "2005-02-17 00:00", "REF: A. 04 PARIS 9014 B. PARIS 372 \n\nClassified By", "04PARIS9014 05PARIS372", ""},
	{"05BRASILIA658 (no line break before Classified By)", "2005-03-09 00:00", "REF: A. BRASILIA 574 B. BRASILIA 564 C. 02 BRASILIA 4581 Classified By: AMBASSADOR JOHN DANILOVICH, Reasons 1.4 (b & d) \n\n1. (C) I", "05BRASILIA574 05BRASILIA564 02BRASILIA4581", ""},
	{"05NEWDELHI3647", "2005-05-12 00:00", "REF: A. NEW DELHI 2266      B. 04 NEW DELHI 5630      C. 04 NEW DELHI 5387      D. 03 NEW DELHI 3904      E. 02 STATE 139001 \n\nClassified", "05NEWDELHI2266 04NEWDELHI5630 04NEWDELHI5387 03NEWDELHI3904 02STATE139001", ""},
	{"05SANJOSE2389 (labels in parentheses)", "2005-10-06 00:00", "REF:  (A) SAN JOSE 02008 \n      (B) SAN JOSE 01828 \n \n1.  (SBU) Summary.", "05SANJOSE2008 05SANJOSE1828", ""},
	{"06BERN141 (a four-digit year)", "2006-01-25 00:00", "REF: A. BERN 100  B. BERN 10  C. 2005 BERN 1865    \n\nClassified By", "06BERN100 06BERN10 05BERN1865", ""},
	{"06SANJOSE1087 (a letter O for a zero)", "2006-05-10 00:00", "REF: A. 04 SAN JOSE 2401 \n \n     B. 04 SAN JOSE 2435 \n     C. O4 SAN JOSE 2872 \n     D. SAN JOSE 656 \n \nSummary", "04SANJOSE2401 04SANJOSE2435 04SANJOSE2872 06SANJOSE656", ""},
	{"06MEXICO3465 (A) labels", "2006-07-05 00:00", "REF: A) MEXICO 3325 B) MEXICO 1370 C) MEXICO 3196 \n \nClassified By", "06MEXICO3325 06MEXICO1370 06MEXICO3196", ""},
	{"06BUENOSAIRES1610", "2006-07-19 00:00", "REF: 05 BUENOS AIRES 00141 \n\n \n\nClassified By", "05BUENOSAIRES141", ""},
	{"07SANTIAGO228 (doubled labels)", "2007-02-16 00:00", "REF: A. A) 06 SANTIAGO 2564\nB. B) 06 SANTIAGO 2544\nC. C) SANTIAGO 202\n\nClassified By", "06SANTIAGO2564 06SANTIAGO2544 07SANTIAGO202", ""},
	{"07BRASILIA956", "2007-05-23 00:00", "REF: A) SECSTATE 65523 \nB) 06 BRASILIA 875 \n\nClassified by", "07STATE65523 06BRASILIA875", ""},
	{"07BRASILIA1006 (Ref, in lower case, and previous)", "2007-05-29 00:00", "Ref: Brasilia 600 and previous 1. (SBU) Summary: In a surprise move", "07BRASILIA600", ""},
	{"07BRATISLAVA648", "2007-11-08 00:00", "REF: A. 06 STATE 163201 B. BRATISLAVA 00630 Classified By: Lawrence R. Silverman, Deputy Chief of Mission, reason 1 .4(b) and (d)\n", "06STATE163201 07BRATISLAVA630", ""},
	{"08PARIS137 (REF after TAGS)", "2008-01-30 00:00", "TAGS: PREF SMIG FR IC UK\nSUBJECT: CUBAN MIGRANTS DEMARCHE DELIVERED \n \nREF: 08 STATE 07089 \n \nPolitical", "08STATE7089", ""},
	{"08BUENOSAIRES196", "2008-02-13 00:00", "REF: (A) 07 BUENOS AIRES 2372 (B) BUENOS AIRES 0014 \n \nClassified By", "07BUENOSAIRES2372 08BUENOSAIRES14", ""},
	{"08ISLAMABAD483 (no labels)", "2008-02-05 00:00", "REF: LAHORE 25 07 ISLAMABAD 5138\nClassified By", "08LAHORE25 07ISLAMABAD5138", ""},
	{"08LONDON1001 (reports)", "2008-04-08 00:00", "REF: A. LONDON 825  B. EMBASSY LONDON DAILY REPORT - APRIL 3 (NOTAL)  C. EMBASSY LONDON DAILY REPORT- MARCH 20 (NOTAL)  D. STATE 33008\n\nClassified", "08LONDON825 | EMBASSY LONDON DAILY REPORT - APRIL 3 (NOTAL) | EMBASSY LONDON DAILY REPORT- MARCH 20 (NOTAL) | 08STATE33008", ""},
	{"08STOCKHOLM257", "2008-04-03 00:00", "REF: A. SECSTATE 29096 \nB. SECSTATE 29464 \nC. SECSTATE 29098 \n\nClassified By", "08STATE29096 08STATE29464 08STATE29098", ""},
	{"08BUENOSAIRES733 (mixed case)", "2008-05-28 00:00", "REF: Buenos Aires 0711 and previous \n \n------- \nSummary", "08BUENOSAIRES711", ""},
	{"08NAPLES37", "2008-03-20 00:00", "REF: (A) NAPLES 36 (B) 07 NAPLES 119\n\nNAPLES 00000037 001.2 OF 004\n\n\nCLASSIFIED BY", "08NAPLES36 07NAPLES119", ""},
	{"08SANTIAGO678 (an IIR)", "2008-07-31 00:00", "REF: A. STATE 64659 \n     B. IIR 6817018308 \n \nClassified By", "08STATE64659 | IIR 6817018308", ""},
	{"08TRIPOLI527 (line breaks lost)", "2008-07-02 00:00", "REF: (A) STATE 61922, (B) TRIPOLI 497  CLASSIFIED BY: Chris Stevens, CDA, AmEmbassy Tripoli, State. REASON: 1.4 (b), (d) 1.  (C) On July 1", "08STATE61922 08TRIPOLI497", ""},
	{"09LONDON32", "2009-01-07 00:00", "REF: SECSTATE 134385  Classified By: Acting Economic Minister Counselor Kathleen Doherty for reasons 1.4 (b) and (d)  \n\n1. (C/NF)", "09STATE134385", ""},
	{"09BOGOTA542 (a four-digit year)", "2009-02-24 00:00", "REF: A. 2008 BOGOTA 4165 \nB. BOGOTA 0401 \n\nClassified", "08BOGOTA4165 09BOGOTA401", ""},
	{"09REYKJAVIK28 (Ref, mixed case)", "2009-01-27 00:00", "Ref: Reykjavik 20 and previous \n \n1. (U) Summary", "09REYKJAVIK20", ""},
	{"09PANAMA171 (the post's own, higher: the year before)", "2009-03-04 00:00", "REF: A. STATE 13023 \n     B. PANAMA 00694 \n \n \nClassified By", "09STATE13023 08PANAMA694", ""},
	{"09BOGOTA1506 (glued)", "2009-05-12 00:00", "REF: A. 09BOGOTA1412 \n     B. 09BOGOTA569 \n\nClassified By", "09BOGOTA1412 09BOGOTA569", ""},
	{"09BRASILIA836 (mixed case)", "2009-07-01 00:00", "REF: Sao Paulo 367 \n\n1. (SBU) SUMMARY:", "09SAOPAULO367", ""},
	{"09SANJOSE531 (NOTAL)", "2009-06-19 00:00", "REF:  San Jose 0277 (NOTAL) \n \n1.  (SBU) SUMMARY.", "09SANJOSE277", ""},
	{"09CAIRO1463 (a letter of request)", "2009-07-28 00:00", "REF: A. EGYPTIAN MINISTRY OF DEFENSE LETTER OF REQUEST 08/AD/062 Sensitive but Unclassified. Please Protect Accordingly.\n1.(SBU) D", "EGYPTIAN MINISTRY OF DEFENSE LETTER OF REQUEST 08/AD/062", ""},
	{"09CAIRO1793", "2009-09-14 00:00", "REF: A. CAIRO 1522 B. CAIRO 1550 Classified By: Ambassador Margaret Scobey for reasons 1.4 (b) and (d)\n1. (C) Key Points:", "09CAIRO1522 09CAIRO1550", ""},
	{"09GUATEMALA917", "2009-10-08 00:00", "REF: A. GUATEMALA 254; B. GUATEMALA 009; C. 2008 GUATEMALA 1573 D. 2008 GUATEMALA 1017 \n\nCLASSIFIED BY", "09GUATEMALA254 09GUATEMALA9 08GUATEMALA1573 08GUATEMALA1017", ""},
	{"09TRIPOLI924 (TRIP OLI)", "2009-11-02 00:00", "REF: A) TRIPOLI 883; B) TRIPOLI 685; C) TRIPOLI 212; D) 08 TRIPOLI 699; E) TRIP OLI 487; F) 08 TRIPOLI 870; G) STATE 43049\n\nCLASSIFIED BY", "09TRIPOLI883 09TRIPOLI685 09TRIPOLI212 08TRIPOLI699 09TRIPOLI487 08TRIPOLI870 09STATE43049", ""},
	{"09HAVANA726 (a title in quotes)", "2009-11-24 00:00", "REF: A. HAVANA 683 (\"SPAIN ON THE LOOKOUT FOR SIGNS OF\nCHANGE\")\nB. MADRID 1146\nC. MADRID 1157\n\nHAVANA 00000726  001.2 OF 003\n\nClas", "09HAVANA683 09MADRID1146 09MADRID1157", ""},
	{"09LONDON2697 (REF A repeated)", "2009-12-01 00:00", "REF: A. REF A STATE 122214      B. REF B LONDON 2649      C. REF C LONDON 2638  \n\nClassified By", "09STATE122214 09LONDON2649 09LONDON2638", ""},
	{"09VATICAN134 (USUN)", "2009-12-14 00:00", "REF: A. 08 VATICAN 87\nB. VATICAN 124\nC. 08 USUN 1126\nD. VATICAN 106\n\nVATICAN 00000134", "08VATICAN87 09VATICAN124 08USUNNEWYORK1126 09VATICAN106", ""},
	{"10THEHAGUE42 (an e-mail)", "2010-01-20 00:00", "REF: A. MARCUS - MANN EMAIL 01/13/2010\nB. THE HAGUE 7\nC. 08 THE HAGUE 868\n\nClassified By", "MARCUS - MANN EMAIL 01/13/2010 | 10THEHAGUE7 | 08THEHAGUE868", ""},
	{"10CAIRO163 (semicolons)", "2010-02-02 00:00", "REF: CAIRO 141; CAIRO 64; CAIRO 59; 09 CAIRO 2314; 09 STATE 130658 \n \nCLASSIFIED BY", "10CAIRO141 10CAIRO64 10CAIRO59 09CAIRO2314 09STATE130658", ""},
	{"10MELBOURNE14 (the post's own, higher: the year before)", "2010-02-05 00:00", "REF: A. CANBERRA 100 \nB. CANBERRA 17 \nC. MELBOURNE 114 \nD. 09 MELBOURNE 89 \n\nClassified By", "10CANBERRA100 10CANBERRA17 09MELBOURNE114 09MELBOURNE89", ""},
	{"10SANJOSE210 (a four-digit year)", "2010-02-23 00:00", "REF: 2009 SAN JOSE 747 \n \n1.  SUMMARY (U)", "09SANJOSE747", ""},
}

// TestReferenceCases reads the REF lines of refCases.
func TestReferenceCases(t *testing.T) {
	misses := 0
	for _, tc := range refCases {
		created, err := cable.ParseTime(tc.created)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.Fields(tc.id)[0]
		d := Analyze(&cable.Cable{ID: id, Created: created, Text: tc.text})
		var got []string
		for _, r := range d.References {
			if r.ID != "" {
				got = append(got, r.ID)
			} else {
				got = append(got, r.Text)
			}
		}
		g := strings.Join(got, " | ")
		if !strings.Contains(tc.want, " | ") {
			g = strings.Join(got, " ")
		}
		switch {
		case tc.miss != "" && g == tc.want:
			t.Errorf("%s: read right now: remove the mark of a known miss", tc.id)
		case tc.miss != "" && g != tc.miss:
			t.Errorf("%s (a known miss): %q, want %q", tc.id, g, tc.miss)
		case tc.miss == "" && g != tc.want:
			t.Errorf("%s: %q, want %q", tc.id, g, tc.want)
		}
		if tc.miss != "" {
			misses++
		}
	}
	t.Logf("%d REF lines, %d known misses", len(refCases), misses)
}
