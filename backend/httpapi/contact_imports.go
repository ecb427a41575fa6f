package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"switchboard/backend/auth"
	"switchboard/backend/contactimport"
	"switchboard/backend/contacts"
	"switchboard/backend/spreadsheet"
)

// createContactImport takes a multipart form: file, optional mapping (a
// JSON object from header to field), update_existing, group_id (a group
// every contact of the file joins) and preview. With
// preview=true it answers 200 with the first rows and stores nothing;
// otherwise 202 with the queued import.
func (a *API) createContactImport(w http.ResponseWriter, r *http.Request) {
	if !a.parseUpload(w, r, contactimport.MaxFileSize) {
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, mimeType, ok := formFile(w, r)
	if !ok {
		return
	}
	defer f.Close()
	fields := map[string]string{}
	var opts contactimport.Options
	if v := r.FormValue("mapping"); v != "" {
		if err := json.Unmarshal([]byte(v), &opts.Mapping); err != nil {
			fields["mapping"] = "must be a JSON object from column header to field"
		}
	}
	boolField := func(name string) bool {
		v := r.FormValue(name)
		if v == "" {
			return false
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			fields[name] = "must be true or false"
		}
		return b
	}
	opts.UpdateExisting = boolField("update_existing")
	if v := r.FormValue("group_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			fields["group_id"] = "must be a group id"
		}
		opts.GroupID = id
	}
	preview := boolField("preview")
	if len(fields) > 0 {
		writeErrorCode(w, http.StatusUnprocessableEntity, "validation_failed", "invalid form fields", fields)
		return
	}
	up := contactimport.Upload{Name: hdr.Filename, ContentType: mimeType, Size: hdr.Size, File: f}
	p := auth.FromContext(r.Context())
	// Importing into a group changes its members: that needs groups:write too.
	if opts.GroupID != 0 && !a.Authz.Allowed(p.Role, p.AccountID, "groups:write") {
		writeErrorCode(w, http.StatusForbidden, "forbidden", "your role may not change group members", map[string]string{"group_id": "your role may not change group members"})
		return
	}
	if preview {
		pv, err := a.ContactImports.Preview(r.Context(), p.AccountID, up)
		respond(w, r, http.StatusOK, pv, err)
		return
	}
	imp, err := a.ContactImports.Create(r.Context(), p.AccountID, p.UserID, up, opts)
	respond(w, r, http.StatusAccepted, imp, err)
}

func (a *API) getContactImport(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	imp, err := a.ContactImports.Get(r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, imp, err)
}

// contactImportErrors downloads an import's row errors as CSV.
func (a *API) contactImportErrors(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if _, err := a.ContactImports.Get(r.Context(), accountOf(r), id); err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="import-`+strconv.FormatInt(id, 10)+`-errors.csv"`)
	if err := a.ContactImports.WriteErrorsCSV(r.Context(), accountOf(r), id, w); err != nil {
		a.Logger.Warn("contact import errors download", "import_id", id, "err", err)
	}
}

// exportContacts streams the contacts matching the list's filters (or the
// ids given) as CSV or XLSX with the columns asked for.
func (a *API) exportContacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	filter, err := contacts.ParseFilter(q)
	if err != nil {
		writeError(w, r, err)
		return
	}
	req := contactimport.ExportRequest{Format: spreadsheet.Format(q.Get("format")), Filter: filter}
	fields := map[string]string{}
	if v := q.Get("columns"); v != "" {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.TrimSpace(c); c != "" {
				req.Columns = append(req.Columns, c)
			}
		}
	}
	if v := q.Get("ids"); v != "" {
		for s := range strings.SplitSeq(v, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || id <= 0 {
				fields["ids"] = "must be contact ids separated by commas"
				break
			}
			req.IDs = append(req.IDs, id)
		}
	}
	switch d := q.Get("delimiter"); d {
	case "":
		// German Excel expects semicolons.
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "de") {
			req.Delimiter = ';'
		}
	case ",", ";":
		req.Delimiter = rune(d[0])
	case "tab", "\t":
		req.Delimiter = '\t'
	default:
		fields["delimiter"] = "must be , ; or tab"
	}
	if len(fields) > 0 {
		writeErrorCode(w, http.StatusBadRequest, "bad_query", "invalid query parameters", fields)
		return
	}
	exp, err := a.ContactImports.PrepareExport(r.Context(), accountOf(r), req)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", exp.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+exp.FileName(time.Now())+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if err := exp.WriteTo(r.Context(), w); err != nil {
		// The status line is gone; a cut-off download is all that can tell.
		a.Logger.Warn("contact export", "account_id", accountOf(r), "err", err)
	}
}
