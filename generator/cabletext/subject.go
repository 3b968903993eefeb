package cabletext

import (
	"regexp"
	"strings"
)

// subjectLabel matches the label of a SUBJECT line at the start of a line:
//
//	subject-line = [spaces] ("SUBJECT" | "SUBJ") [spaces] (":" | "-") value
var subjectLabel = regexp.MustCompile(`^[ \t]*(?i:SUBJECT|SUBJ)[ \t]*[:-]`)

// midSubject finds a SUBJECT label that ran into the middle of a line, as in
// texts whose line breaks were lost ("... TAGS: PREL SUBJECT: ...",
// "Tags: prel, tu Subject: turkish p.m. ...").
var midSubject = regexp.MustCompile(`(?:SUBJECT|\b(?i:subject))[ \t]*:`)

// findSubject returns the cleaned subject of the text, or "".
//
// The value of the SUBJECT line is joined with the lines that continue it: a
// subject line that fills the line width (40 characters or more) and is
// followed by a line that does not start another field continues there.
func findSubject(text string, lines []line) string {
	for i, l := range lines {
		s := text[l.Start:l.End]
		if !strings.Contains(s, "UBJ") && !strings.Contains(s, "ubj") {
			continue // no regular expression on lines that cannot match
		}
		loc := subjectLabel.FindStringIndex(s)
		if loc == nil {
			continue
		}
		parts := []string{s[loc[1]:]}
		prev := strings.TrimSpace(s)
		for j := i + 1; j < len(lines) && j <= i+3; j++ {
			next := text[lines[j].Start:lines[j].End]
			if len(prev) < 40 || isBlank(next) || startsField(next) {
				break
			}
			parts = append(parts, next)
			prev = strings.TrimSpace(next)
		}
		return cleanSubject(strings.Join(parts, " "))
	}
	if !strings.Contains(text, "UBJECT") && !strings.Contains(text, "ubject") {
		return ""
	}
	if loc := midSubject.FindStringIndex(text); loc != nil {
		rest := text[loc[1]:]
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[:i]
		}
		return cleanSubject(rest)
	}
	return ""
}

// fieldStart matches the start of a line that opens a new part of the cable
// rather than continuing the one before: a REF line, a classification
// statement, a numbered or marked paragraph, a summary.
var fieldStart = regexp.MustCompile(`^[ \t]*(?:(?i:REF|REFS|REFTEL|REF\(S\)|REFERENCES?)\b|(?i:CLASSIFIED BY)|(?i:BEGIN SUMMARY)|(?i:SUMMARY)[ \t]*:|\((?:U|C|S|SBU|S/NF|C/NF)\)|¶|[0-9]+\.[ \t(]|[A-Z]\.[ \t]|E\.O\.|TAGS\b|(?i:SENSITIVE BUT UNCLASSIFIED)|-{3,}|={3,})`)

func startsField(s string) bool { return fieldStart.MatchString(s) }

// classMark matches a classification mark at the start of a subject: (C),
// (SBU), (U), (S/NF), (C/REL ...).
var classMark = regexp.MustCompile(`^\((?:U|C|S|SBU|FOUO|LOU|TS|NF|U/FOUO|S/NF|C/NF|S//NF|C//NF|C/REL[^)]{0,20}|S/REL[^)]{0,20}|SBU/NF|U/SBU)\)[ \t]*`)

// trailingRef matches REF text that ran into the end of a subject.
var trailingRef = regexp.MustCompile(`[ \t]+(?:REF|REFS|REFTEL|REF\(S\))[ \t]*:.*$`)

// cleanSubject folds the spaces of a subject, drops a classification mark
// before it, REF text after it and line-continuation backslashes.
func cleanSubject(s string) string {
	words := strings.Fields(s)
	kept := words[:0]
	for _, w := range words {
		if w != `\` { // some cables end their lines with a backslash
			kept = append(kept, w)
		}
	}
	s = strings.Join(kept, " ")
	s = classMark.ReplaceAllString(s, "")
	s = trailingRef.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}
