package spreadsheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxRecord bounds one CSV record (a quoted cell may span lines): an
// unterminated quote must not pull the rest of the file into memory.
const maxRecord = 1 << 20

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// openCSV checks the whole file once, then reads it as CSV.
func openCSV(r io.ReaderAt, size int64) (*Reader, error) {
	enc, err := scanText(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	var skip int64
	if enc == EncodingUTF8BOM {
		skip = int64(len(utf8BOM))
	}
	var text io.Reader = io.NewSectionReader(r, skip, size-skip)
	if enc == EncodingWindows1252 {
		text = charmap.Windows1252.NewDecoder().Reader(text)
	}
	br := bufio.NewReaderSize(text, 64<<10)
	sample, _ := br.Peek(32 << 10)
	delim := DetectDelimiter(sample)

	cnt := &recordLimiter{r: br}
	cr := csv.NewReader(cnt)
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	lastLine := 0 // where the previous record ended
	next := func() ([]string, int, error) {
		cnt.mark = cr.InputOffset()
		rec, err := cr.Read()
		if err != nil {
			line := lastLine + 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			switch {
			case errors.Is(err, io.EOF):
				return nil, 0, io.EOF
			case errors.Is(err, errRecordTooLong):
				return nil, line, &Error{Code: "line_too_long", Line: line,
					Message: fmt.Sprintf("a row is longer than %d KiB (an unclosed quote?)", maxRecord>>10)}
			}
			return nil, line, &Error{Code: "bad_csv", Line: line, Message: "the file cannot be read as CSV: " + err.Error()}
		}
		line, _ := cr.FieldPos(0)
		end, _ := cr.FieldPos(len(rec) - 1)
		lastLine = end + strings.Count(rec[len(rec)-1], "\n")
		return rec, line, nil
	}
	return pending(&Reader{Info: Info{Format: FormatCSV, Encoding: enc, Delimiter: string(delim)}, next: next})
}

var errRecordTooLong = errors.New("record too long")

// recordLimiter fails once more than maxRecord bytes were read since mark
// (the input offset where the current record began).
type recordLimiter struct {
	r    io.Reader
	read int64
	mark int64
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.read-l.mark > maxRecord {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// scanText reads the whole file once: it refuses binary content and overlong
// lines, and tells the encoding (UTF-8 with or without BOM, else
// Windows-1252, which is what German Excel writes as "CSV").
func scanText(r io.Reader) (Encoding, error) {
	buf := make([]byte, 64<<10)
	var (
		carry      []byte // an incomplete UTF-8 sequence at a chunk's end
		validUTF8  = true
		line       = 1
		lineLen    = 0
		first      = true
		bom        = false
		nonBlank   = false
		controls   = 0
		firstBytes = 0
	)
	for {
		n, err := io.ReadFull(r, buf)
		chunk := buf[:n]
		if first && n > 0 {
			first = false
			if bytes.HasPrefix(chunk, utf8BOM) {
				bom = true
				chunk = chunk[len(utf8BOM):]
			}
			firstBytes = len(chunk)
		}
		for _, c := range chunk {
			switch {
			case c == '\n':
				line++
				lineLen = 0
				continue
			case c == 0:
				return "", &Error{Code: "binary_content", Line: line,
					Message: "the file contains binary data (a NUL byte), not text; upload a CSV or XLSX file"}
			case c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a:
				controls++
			}
			if c != ' ' && c != '\t' && c != '\r' {
				nonBlank = true
			}
			lineLen++
			if lineLen > MaxLine {
				return "", &Error{Code: "line_too_long", Line: line,
					Message: fmt.Sprintf("a line is longer than %d KiB; this is not a contact list", MaxLine>>10)}
			}
		}
		if firstBytes > 0 && controls*100 > firstBytes {
			return "", &Error{Code: "binary_content", Line: line, Message: "the file contains binary data, not text; upload a CSV or XLSX file"}
		}
		if validUTF8 {
			data := append(carry, chunk...)
			cut := len(data)
			// Hold back a sequence the next chunk completes.
			for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
				if utf8.RuneStart(data[i]) {
					if !utf8.FullRune(data[i:]) {
						cut = i
					}
					break
				}
			}
			validUTF8 = utf8.Valid(data[:cut])
			carry = append(carry[:0:0], data[cut:]...)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("spreadsheet: read: %w", err)
		}
	}
	if !nonBlank {
		return "", fail("empty_file", "the file is empty")
	}
	switch {
	case bom:
		return EncodingUTF8BOM, nil
	case validUTF8 && utf8.Valid(carry):
		return EncodingUTF8, nil
	}
	return EncodingWindows1252, nil
}

// DetectDelimiter picks ",", ";" or tab from the first lines of text: the
// one that occurs outside quotes in the first line and the same number of
// times on most of the following lines. Ties go to ";" (German Excel), then
// ",", then tab. A single-column file gives ",".
func DetectDelimiter(text []byte) rune {
	const maxLines = 20
	cands := []rune{';', ',', '\t'}
	var lines [][3]int
	var cur [3]int
	inQuotes, blank := false, true
	for _, c := range string(text) {
		switch {
		case c == '"':
			inQuotes = !inQuotes
			blank = false
		case c == '\n' && !inQuotes:
			if !blank {
				lines = append(lines, cur)
			}
			cur, blank = [3]int{}, true
		case !inQuotes:
			for i, d := range cands {
				if c == d {
					cur[i]++
				}
			}
			if c != ' ' && c != '\r' {
				blank = false
			}
		}
		if len(lines) == maxLines {
			break
		}
	}
	if !blank && len(lines) < maxLines && !inQuotes {
		lines = append(lines, cur)
	}
	if len(lines) == 0 {
		return ','
	}
	best, bestAgree, bestCount := ',', 0, 0
	for i, d := range cands {
		want := lines[0][i]
		if want == 0 {
			continue
		}
		agree := 0
		for _, l := range lines {
			if l[i] == want {
				agree++
			}
		}
		if agree > bestAgree || (agree == bestAgree && want > bestCount) {
			best, bestAgree, bestCount = d, agree, want
		}
	}
	return best
}
