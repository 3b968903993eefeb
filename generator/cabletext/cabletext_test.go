package cabletext

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"cablesite/generator/cable"
)

func analyze(text string) *Doc { return analyzeID("09TEST1", text) }

func analyzeID(id, text string) *Doc {
	created, _ := cable.ParseTime("2009-06-01 10:00")
	return Analyze(&cable.Cable{ID: id, Created: created, Text: text})
}

func TestSubject(t *testing.T) {
	for _, tc := range []struct{ from, text, want string }{
		{"10BEIJING326", "TAGS: CH KWMN KTIP PGOV\nSUBJECT: IOM DEEMS CHINA TAKING POSITIVE STEPS TO FIGHT \nHUMAN TRAFFICKING \n \n1. (SBU) In a",
			"IOM DEEMS CHINA TAKING POSITIVE STEPS TO FIGHT HUMAN TRAFFICKING"},
		{"01PRETORIA1173", "SUBJECT: THIN-SKINNED MBEKI WILL REQUIRE DEFT HANDLING \nREF: A. 99 PRETORIA 12315  B. 99 PRETORIA 12316\n",
			"THIN-SKINNED MBEKI WILL REQUIRE DEFT HANDLING"},
		{"08LONDON2143", "SUBJECT: PAKISTAN: UK SEES MUSHARRAF'S DEPARTURE AS A 'GOOD THING' BUT NOT A SOLUTION REF: A. STATE 88734 B. ISLAMABAD 2750\n",
			"PAKISTAN: UK SEES MUSHARRAF'S DEPARTURE AS A 'GOOD THING' BUT NOT A SOLUTION"},
		{"09STATE30927", "TAGS: PINR PGOV AR\n\nSUBJECT: (C)  KUDOS FOR BUENOS AIRES 000174\n", "KUDOS FOR BUENOS AIRES 000174"},
		{"66BUENOSAIRES2481", "TAGS: EFIS, PBTS, AR \nSUBJECT:  EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS \n \nREF: STATE 106206",
			"EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS"},
		{"short subject does not run on", "SUBJECT: SHORT ONE\nCLASSIFIED BY: X\n", "SHORT ONE"},
		{"wrapped subject stops at a paragraph", "SUBJECT: A SUBJECT LONG ENOUGH TO HAVE BEEN WRAPPED BY THE\nSENDER\n1. (C) Text", "A SUBJECT LONG ENOUGH TO HAVE BEEN WRAPPED BY THE SENDER"},
		{"04ANKARA348 (mid-line, mixed case)", "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m. Erdogan goes to washington\n\n(U) Classified",
			"turkish p.m. Erdogan goes to washington"},
		{"a cable whose lines end with a backslash", "SUBJECT: (S) MAFIA BOSS FIXES GOU TENDERS AND JOBS \\\n\\\n1. (S) Text", "MAFIA BOSS FIXES GOU TENDERS AND JOBS"},
		{"none", "1. (C) No subject line at all.", ""},
		{"the subject on the line after the label", "SUBJECT:\nTHE SUBJECT ON THE NEXT LINE\n\n1. (C) Text", "THE SUBJECT ON THE NEXT LINE"},
		{"a word broken after its hyphen", "SUBJECT: COUNTER-\nTERRORISM TALKS\n\n1. (C) Text", "COUNTER-TERRORISM TALKS"},
		{"a character reference", "SUBJECT: ITALY&#8217;S VIEW\n\n1. (C) Text", "ITALY’S VIEW"},
		{"no colon", "SUBJECT SAG AGREES TO USG STEPS TO PROTECT OIL FACILITIES\nREF A. RIYADH 1579\n", "SAG AGREES TO USG STEPS TO PROTECT OIL FACILITIES"},
		{"a short line, then its end in capitals", "TAGS: PREL\nSUBJECT: SUBJECT WHICH HAS a \nSECOND LINE \n\nREF: LIMA 1", "SUBJECT WHICH HAS a SECOND LINE"},
		// Texts whose line breaks were lost after the subject, from the
		// original site's pages.
		{"08TRIPOLI494", "SUBJECT: JOURNALIST JAILED FOR CRITICIZING GOVERNMENT'S \nPOORLY-COORDINATED DEVELOPMENT PROJECTS  CLASSIFIED BY: Chris Stevens, CDA, U.S. Embassy Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (C) Summary:  A respected",
			"JOURNALIST JAILED FOR CRITICIZING GOVERNMENT'S POORLY-COORDINATED DEVELOPMENT PROJECTS"},
		{"09TRIPOLI561", "SUBJECT: AU SUMMIT: A/S CARSON'S MEETING WITH SOMALI PRESIDENT SHEIKH SHARIF TRIPOLI 00000561  001.2 OF 002   CLASSIFIED BY: Gene A. Cretz",
			"AU SUMMIT: A/S CARSON'S MEETING WITH SOMALI PRESIDENT SHEIKH SHARIF"},
		{"07IRANRPODUBAI23", "SUBJECT: REFORMIST MP ON POLITICAL STATE OF PLAY RPO DUBAI 00000023 001.2 OF 002 1. (C) Text",
			"REFORMIST MP ON POLITICAL STATE OF PLAY"},
		{"09CAIRO1046", "SUBJECT: H1N1 OUTBREAK SHUTS DOWN AMERICAN UNIVERSITY IN CAIRO  Sensitive but Unclassified. Please handle accordingly. 1.(SBU): The Ministry",
			"H1N1 OUTBREAK SHUTS DOWN AMERICAN UNIVERSITY IN CAIRO"},
		{"09CAIRO205", "SUBJECT: LESSONS LEARNED FROM EMBASSY CAIRO'S EVACUATION OFAMERICAN CITIZENS FROM GAZA 1.Summary: Embassy Cairo",
			"LESSONS LEARNED FROM EMBASSY CAIRO'S EVACUATION OFAMERICAN CITIZENS FROM GAZA"},
		{"09MANAMA681", "SUBJECT: SCENESETTER FOR MANAMA DIALOGUE, DECEMBER 11-13REF: A. MANAMA 660 B. MANAMA 628",
			"SCENESETTER FOR MANAMA DIALOGUE, DECEMBER 11-13"},
		{"08MANAMA541", "SUBJECT: GENERAL PETRAEUS’ VISIT TO BAHRAINREF: MANAMA 510Classified By: CDA", "GENERAL PETRAEUS’ VISIT TO BAHRAIN"},
		{"07BRASILIA1006", "SUBJECT: Update on GOL-Legacy Crash Legal Case Ref: Brasilia 600 and previous 1. (SBU) Summary:",
			"Update on GOL-Legacy Crash Legal Case"},
		{"09CAIRO1759", "SUBJECT: EGIS CHIEF SOLIMAN AND U.S. AFRICA COMMAND DISCUSS SUDAN AND SOMALIA CAIRO 00001759 001.2 OF 003 ///////// ZFR /////",
			"EGIS CHIEF SOLIMAN AND U.S. AFRICA COMMAND DISCUSS SUDAN AND SOMALIA"},
		{"06YEREVAN1019", "SUBJECT: A PROSTITUTE'S STORY: SEX AND TRAFFICKING IN ...C O N F I D E N T I A L SECTION 01 OF 03 YEREVAN 001019",
			"A PROSTITUTE'S STORY: SEX AND TRAFFICKING IN ..."},
		{"09YEREVAN494", "SUBJECT: ARMENIA CONTINUES AGGRESSIVE PROSECUTION OF TRAF... UNCLAS YEREVAN 000494 SENSITIVE SIPDIS",
			"ARMENIA CONTINUES AGGRESSIVE PROSECUTION OF TRAF..."},
		{"09NEWDELHI594 (the line twice, then in full)", "SUBJECT: INDO-IRANIAN RELATIONSHIP: FORMER AMBASSADORS TO SUBJECT: INDO-IRANIAN RELATIONSHIP: FORMER AMBASSADORS TO IRAN SHARE THEIR VIEWS",
			"INDO-IRANIAN RELATIONSHIP: FORMER AMBASSADORS TO IRAN SHARE THEIR VIEWS"},
		{"09STOCKHOLM569", "SUBJECT: SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN This is an Action request. Please see para 2.",
			"SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN"},
		{"05DUSHANBE1870", "SUBJECT: MODERATE TAJIK ISLAMIC LEADER KABIRI WAL... 46151 11/28/2005 7:02 05DUSHANBE1870 Embassy Dushanbe CONFIDENTIAL",
			"MODERATE TAJIK ISLAMIC LEADER KABIRI WAL..."},
		// What a subject may hold that looks like the start of a field.
		{"07SANJOSE657", "SUBJECT: COSTA RICA: DESIGNATION OF IRAN'S DEFENSE INDUSTRIES ORGANIZATION UNDER E.O. 13382\n",
			"COSTA RICA: DESIGNATION OF IRAN'S DEFENSE INDUSTRIES ORGANIZATION UNDER E.O. 13382"},
		{"a subject about a classified matter", "SUBJECT: SECRET BALLOT IN 2009; UNSCR 1701. (U) NOTES\n", "SECRET BALLOT IN 2009; UNSCR 1701. (U) NOTES"},
	} {
		id, _, _ := strings.Cut(tc.from, " ")
		if got := analyzeID(id, tc.text).Subject; got != tc.want {
			t.Errorf("%s: subject %q, want %q", tc.from, got, tc.want)
		}
	}
}

// TestRunOn checks each text that ends a subject, through cleanSubject (the
// look for a word before the regular expression, then the expression).
func TestRunOn(t *testing.T) {
	const subject = "TALKS ON THE VISIT AND THE 2009 SUMMIT" // no word that runOn needs
	for _, after := range []string{
		"CLASSIFIED BY: X", "Classified by : X", "REF: A. STATE 1", "Refs: X", "REFTELS: X", "REF(S): X", "REFERENCE: X",
		"Sensitive but unclassified. Please", "This is an action request.", "TAGS: PREL", "E.O. 12958: DECL",
		"1. (C) Summary", "1.(SBU)", "1.Summary: x", "///// ZFR", "46151 11/28/2005 7:02 05DUSHANBE1870", "1201 3/4/1999 17:02 99STATE41",
		"UNCLAS YEREVAN 000494", "CONFIDENTIAL SECTION 01 OF 02 TRIPOLI 000494", "SECRET STATE 123456",
	} {
		if got := cleanSubject(subject+" "+after, "STATE"); got != subject {
			t.Errorf("%q after the subject: %q", after, got)
		}
	}
	for _, after := range []string{"REF: X", "REFTELS: X", "Classified By: X", "CLASSIFIED BY: X", "C O N F I D E N T I A L", "S E C R E T"} {
		if got := cleanSubject(subject+after, "STATE"); got != subject {
			t.Errorf("%q glued to the subject: %q", after, got)
		}
	}
	for _, tc := range []struct{ s, origin, want string }{
		{subject + " TRIPOLI 00000561 001.2 OF 002 x", "TRIPOLI", subject},
		{subject + " BUENOS AIRES 00000561 001.2 OF 002", "BUENOSAIRES", subject},
		{subject + " RPO DUBAI 00000023 001.2 OF 002", "IRANRPODUBAI", subject},
		{subject + " LIMA 00000561 001.2 OF 002", "TRIPOLI", subject + " LIMA"}, // not the cable's origin: kept
		// What a subject holds that looks like what ends one.
		{subject + " UNDER E.O. 13382", "STATE", subject + " UNDER E.O. 13382"},
		{subject + ", UNSCR 1701. (U)", "STATE", subject + ", UNSCR 1701. (U)"},
		{"SECRET BALLOT IN 2009", "STATE", "SECRET BALLOT IN 2009"},
		{"REFUGEES: A REFERENDUM ON REFORM", "STATE", "REFUGEES: A REFERENDUM ON REFORM"},
	} {
		if got := cleanSubject(tc.s, tc.origin); got != tc.want {
			t.Errorf("%q (origin %s): %q, want %q", tc.s, tc.origin, got, tc.want)
		}
	}
}

func TestTags(t *testing.T) {
	for _, tc := range []struct{ from, text, want string }{
		{"10BEIJING326", "E.O. 12958: N/A \nTAGS: CH KWMN KTIP PGOV\nSUBJECT: X", "CH KWMN KTIP PGOV"},
		{"66BUENOSAIRES2481", "TAGS: EFIS, PBTS, AR \n", "EFIS PBTS AR"},
		{"01PRETORIA1173", "EO 12958 DECL: 02/22/2011 \nTAGS PREL, PGOV, SF\n", "PREL PGOV SF"},
		{"88BAGHDAD28", "Tags: mtcre, parm, prel, ettc\n", "MTCRE PARM PREL ETTC"},
		{"08LONDON2143", "DEPT FOR SCA/PB - TARA FOLEY E.O. 12958: DECL: 08/19/2018 TAGS: PREL PGOV PINR PTER PK UK\n", "PREL PGOV PINR PTER PK UK"},
		{"73TEHRAN2077 (repeated)", "TAGS: PFOR IR PK XF PFOR\n", "PFOR IR PK XF"},
		{"run-in SUBJECT", "TAGS: PREL ECON SUBJECT: TRADE\n", "PREL ECON"},
		{"09STATE15113 (TAG)", "E.O. 12958: DECL: 03/04/2019\nTAG PTER, PGOV, ASEC, EFIN, ENRG, KCIP \nSUBJECT: X", "PTER PGOV ASEC EFIN ENRG KCIP"},
		{"04ANKARA348 (Tags: mid-line)", "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m.", "PREL PGOV PINS TU"},
		{"06SANTODOMINGO409 (glued to a date)", "INR/SAA-BEN-YEHUDAE.O. 12958: DECL: 02/07/2016TAGS: PREL DR HA\n\nClassified By", "PREL DR HA"},
		{"a TAGS line cut short", "E.O. 12958: N/A\nAGS: PGOV PREL\n", "PGOV PREL"},
		{"09USUNNEWYORK885 (two lines)", "TAGS: UNGA AORC PGOV CN GH BK RW LH CY TP SL PM\nSZ, SP, JA, TU, IS \nSUBJECT: UN GENERAL DEBATE", "UNGA AORC PGOV CN GH BK RW LH CY TP SL PM SZ SP JA TU IS"},
		{"08ECTION01OF02MANAMA492 (glued)", "TAGS: KCRM KWMN ASEC PHUMBA\n", "KCRM KWMN ASEC PHUM BA"},
		{"none", "SUBJECT: NO TAGS\n", ""},
	} {
		d := analyze(tc.text)
		if got := strings.Join(d.Tags, " "); got != tc.want {
			t.Errorf("%s: tags %q, want %q", tc.from, got, tc.want)
		}
		for _, l := range d.Links {
			if l.Kind == LinkTag && !strings.Contains(strings.ToUpper(tc.text[l.Start:l.End]), l.Target) && !strings.Contains(l.Target, strings.ToUpper(tc.text[l.Start:l.End])) {
				t.Errorf("%s: tag link over %q targets %q", tc.from, tc.text[l.Start:l.End], l.Target)
			}
		}
	}
}

func TestParagraphs(t *testing.T) {
	for _, tc := range []struct{ from, text, want string }{
		{"10ABUDHABI103", "CLASSIFIED BY: Doug Greene\n\n1. (C/NF) On the margins\nof a meeting\n\n2. (S/NF) Comment: Ambassador", "par1 par2"},
		{"02ANKARA8852 (lettered REF list)", "REF: A. ANKARA 6856 \n     B. ANKARA 8252 \n     C. ANKARA 7683 \n\n1. (C) Summary", "parB parC par1"},
		{"05MUSCAT679 (no space)", "1.(C) In a June 5 meeting\n2.(C) LTG Ma agreed", "par1 par2"},
		{"01PRETORIA1173 (copied ¶)", "¶1. (C) SUMMARY: RECENT\n¶2. (C) MORE", "par1 par2"},
		{"not paragraphs", "E.O. 12958: N/A\nU.S. forces\n1.4 (b), (c)\n", "t1"},
		{"numbering restarts", "1. First\n2. Second\n1. Again\n", "par1 par2 par1_2"},
		{"text blocks", "First block\nstill first\n\n\nSecond block\n", "t1 t2"},
		{"08TRIPOLI494 (line breaks lost)", "SUBJECT: X  CLASSIFIED BY: Y. REASON: 1.4 (b), (d) 1. (C) Summary: A. End summary.  2. (C) Opposition 3.(S/NF) More",
			"par1 par2 par3"},
		{"one mark in a line is not enough", "REASON: 1.4 (b) 1. (C) Only one.", "t1"},
		{"marks out of order", "x 2. (C) y 1. (C) z", "t1"},
		{"marks inside words", "para1. (C) x para2. (C) y", "t1"},
	} {
		d := analyze(tc.text)
		var ids []string
		for _, p := range d.Paragraphs {
			ids = append(ids, p.ID)
			if p.Start < 0 || p.End > len(tc.text) || p.Start >= p.End {
				t.Errorf("%s: %s spans [%d,%d)", tc.from, p.ID, p.Start, p.End)
			}
		}
		if got := strings.Join(ids, " "); got != tc.want {
			t.Errorf("%s: paragraphs %q, want %q", tc.from, got, tc.want)
		}
	}
	d := analyze("1. (C) One.\n\n2. (C) Two\nlines.\n\n\n")
	if got := "1. (C) One.\n\n2. (C) Two\nlines.\n\n\n"[d.Paragraphs[1].Start:d.Paragraphs[1].End]; got != "2. (C) Two\nlines." {
		t.Errorf("paragraph 2 is %q", got)
	}
	if d.Numbered != 2 {
		t.Errorf("numbered %d, want 2", d.Numbered)
	}
}

func TestReferences(t *testing.T) {
	for _, tc := range []struct{ from, id, created, text, want string }{
		{"01PRETORIA1173", "01PRETORIA1173", "2001-02-23 00:00",
			"REF: A. 99 PRETORIA 12315  B. 99 PRETORIA 12316  C. 00 PRETORIA 9150  D. 00 CAPE TOWN 2150  E. PRETORIA 425\n",
			"99PRETORIA12315 99PRETORIA12316 00PRETORIA9150 00CAPETOWN2150 01PRETORIA425"},
		{"01HAVANA4690", "01HAVANA4690", "2001-12-14 00:00", "REF: A)STATE 198912  B)HAVANA 3721 C)HAVANA 3817 \n     D)HAVANA 4110   E)HAVANA 4186 \n\nRESPONSES",
			"01STATE198912 01HAVANA3721 01HAVANA3817 01HAVANA4110 01HAVANA4186"},
		{"72TEHRAN1164", "72TEHRAN1164", "1972-02-25 09:30", "REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603 \n", "72TEHRAN1091 72TEHRAN263 72MOSCOW1603"},
		{"66BUENOSAIRES2481", "66BUENOSAIRES2481", "1966-12-28 18:48", "REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966 \n", "66STATE106206"},
		{"02ANKARA8852 (list over lines)", "02ANKARA8852", "2002-12-04 00:00", "REF: A. ANKARA 6856 \n     B. ANKARA 8252 \n\n     C. 01 ANKARA 7683 \n\n (U) Classified", "02ANKARA6856 02ANKARA8252 01ANKARA7683"},
		{"leading zeros, SECSTATE", "10BEIJING400", "2010-03-01 00:00", "REFS: A. BEIJING 000326 B. SECSTATE 12345\n", "10BEIJING326 10STATE12345"},
		{"multi-word origins", "09BRASILIA1", "2009-01-01 00:00", "REF: A. 08 RIO DE JANEIRO 100 B. USUN NEW YORK 55 C. SAO PAULO 7\n", "08RIODEJANEIRO100 09USUNNEWYORK55 09SAOPAULO7"},
		{"not a cable", "09X1", "2009-01-01 00:00", "REF: TELCON OF MAY 3; EMAIL 2009\n", ""},
		{"numbers after one origin", "09LIMA1000", "2009-06-01 00:00", "REFS: A. STATE 123 AND 456 B. STATE 789, 790\n", "09STATE123 09STATE456 09STATE789 09STATE790"},
		{"years every way", "09LIMA1000", "2009-06-01 00:00", "REF: A. 2007 LIMA 123 B. 2007LIMA124 C. LIMA 125 (07) D. O8 LIMA 126\n", "07LIMA123 07LIMA124 07LIMA125 08LIMA126"},
		{"a zero for an O, misspelt origins", "09LIMA1000", "2009-06-01 00:00", "REF: A. 0TTAWA 44 B. PARSI 12 C. ISLAMABD 55\n", "09OTTAWA44 09PARIS12 09ISLAMABAD55"},
		{"REFTEL without colon", "09LIMA1000", "2009-06-01 00:00", "REFTEL LIMA 123\n\n1. (C) Text", "09LIMA123"},
		{"a page head inside", "09LIMA1000", "2009-06-01 00:00", "REF: A. LIMA 00000123 002 OF 004 B. LIMA 4\n", "09LIMA4"},
		{"years after the number", "06QUITO1920", "2006-12-01 00:00", "REF: A. QUITO 4525-91 \n     B. QUITO 1735 \n     C. PANAMA 00789/08 \n     D. AMMAN 07718 99, AMMAN 05986 00\n", "91QUITO4525 06QUITO1735 08PANAMA789 99AMMAN7718 00AMMAN5986"},
		{"a year in parentheses before the number", "02HARARE81", "2002-01-10 00:00", "REFS: A) STATE (01) 201265, B) STATE (01) 213042,C) \n \nSTATE 02034 \n", "01STATE201265 01STATE213042 02STATE2034"},
		{"numbers joined by slashes", "07KABUL1033", "2007-03-28 00:00", "Refs:  A) Kabul 936/935; B) 06 Kabul \n5353/5194 and previous \n", "07KABUL936 07KABUL935 06KABUL5353 06KABUL5194"},
		{"abbreviations, a number sign, a letter O in a number", "07MOSCOW1811", "2007-12-01 00:00", "REF: A. ST. PETERSBURG 75 B. HK 03591 C. HCMC 1497 D. BAGHDAD #3565 E. LAGOS O1512\n", "07STPETERSBURG75 07HONGKONG3591 07HOCHIMINHCITY1497 07BAGHDAD3565 07LAGOS1512"},
		{"07LIMA2129 (a number cut short)", "07LIMA2129", "2007-06-19 17:12", "REF: A. LIMA 1841 \n \n     B. LIMA 2000 \n     C. LIMA 2...\n", "07LIMA1841 07LIMA2000"},
		{"a year in parentheses after the number", "07LIMA900", "2007-06-01 00:00", "REF: A. LIMA 123 (06) B. LIMA 456\n\nClassified By", "06LIMA123 07LIMA456"},
		{"a year glued, four digits", "07LIMA900", "2007-06-01 00:00", "REF: 2006LIMA123\n\nClassified By", "06LIMA123"},
		{"the post's own, lower: the same year", "07LIMA900", "2007-06-01 00:00", "REF: LIMA 899\n", "07LIMA899"},
		{"after the first paragraph", "09X1", "2009-01-01 00:00", "1. (C) See REF: BEIJING 12\n", ""},
	} {
		created, _ := cable.ParseTime(tc.created)
		d := Analyze(&cable.Cable{ID: tc.id, Created: created, Text: tc.text})
		if got := strings.Join(d.IDs(), " "); got != tc.want {
			t.Errorf("%s: references %q, want %q", tc.from, got, tc.want)
		}
	}
}

// TestReferenceNotes checks that citations of things other than cables
// are kept as text, in order among the cables.
func TestReferenceNotes(t *testing.T) {
	for _, tc := range []struct{ from, id, created, text, want string }{
		{"66BUENOSAIRES2481", "66BUENOSAIRES2481", "1966-12-28 18:48", "REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966 \n",
			"66STATE106206 | STATE CA-3400 NOV 2, 1966"},
		{"a telcon and an e-mail", "09BEIJING1", "2009-03-01 00:00", "REF: A. 08 BEIJING 4410 B. TELCON OF MARCH 3 (WANG/SMITH) C. SMITH E-MAIL OF MARCH 4\n",
			"08BEIJING4410 | TELCON OF MARCH 3 (WANG/SMITH) | SMITH E-MAIL OF MARCH 4"},
	} {
		created, _ := cable.ParseTime(tc.created)
		d := Analyze(&cable.Cable{ID: tc.id, Created: created, Text: tc.text})
		if g := refsRead(d, " | "); g != tc.want {
			t.Errorf("%s: references %q, want %q", tc.from, g, tc.want)
		}
	}
}

func TestSigner(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"6. (SBU) The end.\nHUNTSMAN", "HUNTSMAN"},
		{"text\nvan Voorst\n\n", "van Voorst"},
		{"text\nMULFORD \"\n", "MULFORD"},
		{"text\nRICE\nNNNN\n", "RICE"},
		{"text\nOLSON\n=======================CABLE ENDS===========================\n", "OLSON"},
		{"6. (C) Comment: a long sentence that ends the cable.", ""},
	} {
		if got := analyze(tc.text).Signer; got != tc.want {
			t.Errorf("signer of %q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestResolveOrigin(t *testing.T) {
	for name, want := range map[string]string{
		"BEIJING": "BEIJING", "SECSTATE": "STATE", "STATE": "STATE", "USUN NEW YORK": "USUNNEWYORK",
		"RIO DE JAN": "RIODEJANEIRO", "CAPE TOWN": "CAPETOWN", "TELCON": "", "A": "",
		// Names as people typed them, and misspelt where one origin is
		// clearly meant.
		"PORT-AU-PRINCE": "PORTAUPRINCE", "N'DJAMENA": "NDJAMENA", "MEXICO CITY": "MEXICO", "CASA": "CASABLANCA",
		"ISLAMABD": "ISLAMABAD", "PARSI": "PARIS", "MOSOCW": "MOSCOW", "BEIJINJG": "BEIJING", "SECTATE": "STATE", "SATTE": "STATE",
	} {
		if got := ResolveOrigin(name); got != want {
			t.Errorf("ResolveOrigin(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestMergeLinks(t *testing.T) {
	a := []Link{{Start: 0, End: 4}, {Start: 10, End: 12}}
	b := []Link{{Start: 3, End: 6}, {Start: 6, End: 9}}
	got := mergeLinks(a, b)
	want := []Link{{Start: 0, End: 4}, {Start: 6, End: 9}, {Start: 10, End: 12}}
	if !slices.Equal(got, want) {
		t.Errorf("merge = %v, want %v", got, want)
	}
}

// markRE is what one span that itemMarks finds holds.
var markRE = regexp.MustCompile(`^(?:;|[\s,:]?(?:\([A-Z1-9]\)|[A-Z1-9]\)|[A-Z1-9]\.))$`)

func TestItemMarks(t *testing.T) {
	for _, tc := range []struct{ from, block, want string }{
		{"72HAVANA (glued labels)", "A)STATE 198912  B)HAVANA 3721 C)HAVANA 3817 ", "A)|B)|C)"},
		{"07SANTIAGO228 (doubled labels)", "A. A) 06 SANTIAGO 2564\nB. B) 06 SANTIAGO 2544", "A.|A)|B.|B)"},
		{"06REYKJAVIK305 (initials in a name)", "A) STATE 139903 \n  B) Jaskel - F. Evans - B. Evans emails 8/25", "A)|B)"},
		{"10MANAGUA115 (an abbreviation)", "A) MANAGUA 182 \nB) MANAGUA 49 -- ORTEGA ATTACKS U.S. \"OCCUPATION\"", "A)|B)"},
		{"semicolons", "BRASILIA 1124; IIR 6 809 0156 10", ";"},
	} {
		var got []string
		for _, m := range itemMarks(tc.block) {
			got = append(got, strings.TrimLeft(tc.block[m[0]:m[1]], " \t\n,:"))
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%s: marks %q, want %q", tc.from, g, tc.want)
		}
	}
}

// FuzzItemMarks checks that itemMarks finds marks in order, each a
// semicolon or a list mark, and every semicolon, from REF lines of real
// cables (samples/txt: 72HAVANA..., the Pretoria and Ankara cables).
func FuzzItemMarks(f *testing.F) {
	for _, s := range []string{
		"A)STATE 198912  B)HAVANA 3721 C)HAVANA 3817 ",
		"A. 99 PRETORIA 12315  B. 99 PRETORIA 12316  C. 00 PRETORIA 9150  D. 00 CAPE TOWN 2150  E. PRETORIA 425",
		" A. ANKARA 6856 \n B. (C) TELCON 12/3; 1. STATE 4567",
		"(A) 09 BEIJING 123,(B)STATE 4567:C. E-MAIL",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end, semis := 0, 0
		for _, m := range itemMarks(s) {
			if m[0] < end || m[1] <= m[0] || m[1] > len(s) || !markRE.MatchString(s[m[0]:m[1]]) {
				t.Fatalf("itemMarks(%q): mark %q at %v after %d", s, s[m[0]:min(m[1], len(s))], m, end)
			}
			if s[m[0]] == ';' {
				semis++
			}
			end = m[1]
		}
		if n := strings.Count(s, ";"); semis != n {
			t.Fatalf("itemMarks(%q): %d semicolons of %d", s, semis, n)
		}
	})
}
