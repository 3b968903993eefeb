package cable

// Edit is the one change of letters that turns a word into another, as
// people mistype words: a letter added (or doubled), dropped or changed,
// or two neighbouring letters swapped.
type Edit uint8

// The edits of a word. NoEdit: the words are the same, or more than one
// edit apart.
const (
	NoEdit Edit = iota
	Added
	Dropped
	Changed
	Swapped
)

// OneEdit returns the edit that turns word into want ("ISLAMABD" to
// "ISLAMABAD": Dropped; "PARSI" to "PARIS": Swapped; "PRL" to "PREL":
// Dropped), or NoEdit.
func OneEdit(word, want string) Edit {
	i := 0
	for i < len(word) && i < len(want) && word[i] == want[i] {
		i++
	}
	switch len(want) - len(word) {
	case 1:
		if word[i:] == want[i+1:] {
			return Dropped
		}
	case -1:
		if word[i+1:] == want[i:] {
			return Added
		}
	case 0:
		switch {
		case i == len(word):
			return NoEdit
		case word[i+1:] == want[i+1:]:
			return Changed
		case i+1 < len(word) && word[i] == want[i+1] && word[i+1] == want[i] && word[i+2:] == want[i+2:]:
			return Swapped
		}
	}
	return NoEdit
}
