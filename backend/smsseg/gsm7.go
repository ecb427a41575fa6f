package smsseg

// gsm7Basic holds the characters of the GSM 03.38 default alphabet that cost one
// septet. The set follows Twilio's message-segment-calculator (UnicodeToGSM.ts),
// which is what Twilio bills by: 0x09 is capital 'Ç' only, and the ESC code
// (0x1B) has no character of its own.
var gsm7Basic = map[rune]bool{
	'@': true, '£': true, '$': true, '¥': true, 'è': true, 'é': true, 'ù': true, 'ì': true,
	'ò': true, 'Ç': true, '\n': true, 'Ø': true, 'ø': true, '\r': true, 'Å': true, 'å': true,
	'Δ': true, '_': true, 'Φ': true, 'Γ': true, 'Λ': true, 'Ω': true, 'Π': true, 'Ψ': true,
	'Σ': true, 'Θ': true, 'Ξ': true, 'Æ': true, 'æ': true, 'ß': true, 'É': true,
	' ': true, '!': true, '"': true, '#': true, '¤': true, '%': true, '&': true, '\'': true,
	'(': true, ')': true, '*': true, '+': true, ',': true, '-': true, '.': true, '/': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true,
	'8': true, '9': true, ':': true, ';': true, '<': true, '=': true, '>': true, '?': true,
	'¡': true, 'A': true, 'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true,
	'H': true, 'I': true, 'J': true, 'K': true, 'L': true, 'M': true, 'N': true, 'O': true,
	'P': true, 'Q': true, 'R': true, 'S': true, 'T': true, 'U': true, 'V': true, 'W': true,
	'X': true, 'Y': true, 'Z': true, 'Ä': true, 'Ö': true, 'Ñ': true, 'Ü': true, '§': true,
	'¿': true, 'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true, 'g': true,
	'h': true, 'i': true, 'j': true, 'k': true, 'l': true, 'm': true, 'n': true, 'o': true,
	'p': true, 'q': true, 'r': true, 's': true, 't': true, 'u': true, 'v': true, 'w': true,
	'x': true, 'y': true, 'z': true, 'ä': true, 'ö': true, 'ñ': true, 'ü': true, 'à': true,
}

// gsm7Extension holds the characters sent as ESC + code, costing two septets.
var gsm7Extension = map[rune]bool{
	'\f': true, '^': true, '{': true, '}': true, '\\': true, '[': true, '~': true, ']': true,
	'|': true, '€': true,
}

// gsm7Cost returns the septets r costs in GSM-7, or 0 if r is not in GSM-7.
func gsm7Cost(r rune) int {
	switch {
	case gsm7Basic[r]:
		return 1
	case gsm7Extension[r]:
		return 2
	default:
		return 0
	}
}
