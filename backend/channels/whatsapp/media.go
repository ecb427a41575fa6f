package whatsapp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"

	"switchboard/backend/channels"
)

// UploadMedia uploads r as multipart (fields messaging_product, type, file)
// to /{senderID}/media and returns the media id. The file is streamed, not
// buffered; when r reports its size (bytes.Reader, strings.Reader, a file)
// the request carries a Content-Length.
func (c *Client) UploadMedia(ctx context.Context, creds channels.Credentials, senderID, filename, mime string, r io.Reader) (string, error) {
	if err := requireToken(creds); err != nil {
		return "", err
	}
	if senderID == "" || mime == "" {
		return "", invalidMessage("media upload needs a sender id and a MIME type")
	}
	if filename == "" {
		filename = "file"
	}
	head, tail, boundary, err := multipartFrame(filename, mime)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.DownloadTimeout)
	defer cancel()
	endpoint := baseURL(creds) + "/" + url.PathEscape(senderID) + "/media"
	body := io.MultiReader(bytes.NewReader(head), r, bytes.NewReader(tail))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, body)
	if err != nil {
		return "", fmt.Errorf("whatsapp: build request: %w", err)
	}
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
	if n, ok := readerSize(r); ok {
		req.ContentLength = int64(len(head)) + n + int64(len(tail))
	}
	var resp struct {
		ID string `json:"id"`
	}
	if err := c.doJSON(req, creds.AccessToken, &resp); err != nil {
		return "", err
	}
	if resp.ID == "" {
		return "", &channels.SendError{Provider: Kind, HTTPStatus: http.StatusOK, Message: "upload response carries no media id"}
	}
	return resp.ID, nil
}

// multipartFrame renders everything of the multipart body except the file's
// bytes: the fields and file part header (head) and the closing boundary
// (tail).
func multipartFrame(filename, mime string) (head, tail []byte, boundary string, err error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.WriteField("messaging_product", "whatsapp"); err != nil {
		return nil, nil, "", err
	}
	if err := w.WriteField("type", mime); err != nil {
		return nil, nil, "", err
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, sanitizeFilename(filename)))
	h.Set("Content-Type", mime)
	if _, err := w.CreatePart(h); err != nil {
		return nil, nil, "", err
	}
	head = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := w.Close(); err != nil {
		return nil, nil, "", err
	}
	return head, buf.Bytes(), w.Boundary(), nil
}

// sanitizeFilename keeps a header-safe file name.
func sanitizeFilename(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == '\\' || r == 0x7f {
			return '_'
		}
		return r
	}, name)
}

// readerSize reports how many bytes remain in r, when r can tell.
func readerSize(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len()), true
	case io.Seeker:
		cur, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return 0, false
		}
		end, err := v.Seek(0, io.SeekEnd)
		if err != nil {
			return 0, false
		}
		if _, err := v.Seek(cur, io.SeekStart); err != nil {
			return 0, false
		}
		return end - cur, true
	}
	return 0, false
}

// mediaInfo is the answer of GET /{media-id}.
type mediaInfo struct {
	URL      string     `json:"url"`
	MIMEType string     `json:"mime_type"`
	SHA256   string     `json:"sha256"`
	FileSize flexString `json:"file_size"`
	ID       string     `json:"id"`
}

// FetchMedia downloads the media ref points at. It resolves a download URL
// with GET /{media-id} (unless ref.URL, from the webhook, is set), then GETs
// that URL with the same bearer token. Download URLs expire after minutes;
// on a 404 (or an access error on a webhook-supplied URL) it resolves a
// fresh URL once and retries. The body must be closed; the download,
// including the caller's reading, is bounded by Config.DownloadTimeout.
// The provider's sha256 is not checked here.
func (c *Client) FetchMedia(ctx context.Context, creds channels.Credentials, ref channels.MediaRef) (io.ReadCloser, string, int64, error) {
	if err := requireToken(creds); err != nil {
		return nil, "", 0, err
	}
	if ref.ProviderID == "" && ref.URL == "" {
		return nil, "", 0, invalidMessage("media reference without id or URL")
	}
	info := mediaInfo{URL: ref.URL, MIMEType: ref.MIMEType, FileSize: "-1"}
	fresh := false
	if info.URL == "" {
		var err error
		if info, err = c.mediaInfo(ctx, creds, ref.ProviderID); err != nil {
			return nil, "", 0, err
		}
		fresh = true
	}
	resp, err := c.download(ctx, creds, info.URL)
	if se, ok := channels.AsSendError(err); ok && ref.ProviderID != "" && staleURL(se.HTTPStatus, fresh) {
		if info, err = c.mediaInfo(ctx, creds, ref.ProviderID); err != nil {
			return nil, "", 0, err
		}
		resp, err = c.download(ctx, creds, info.URL)
	}
	if err != nil {
		return nil, "", 0, err
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = info.MIMEType
	}
	size := resp.ContentLength
	if size < 0 {
		if n, err := strconv.ParseInt(string(info.FileSize), 10, 64); err == nil {
			size = n
		}
	}
	return resp.Body, contentType, size, nil
}

// staleURL says whether a failed download deserves a fresh URL: 404 per
// Meta's guidance, and access errors when the URL came from a webhook and
// may simply have expired.
func staleURL(status int, fresh bool) bool {
	if status == http.StatusNotFound {
		return true
	}
	return !fresh && (status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusGone)
}

func (c *Client) mediaInfo(ctx context.Context, creds channels.Credentials, mediaID string) (mediaInfo, error) {
	var info mediaInfo
	endpoint := baseURL(creds) + "/" + url.PathEscape(mediaID)
	if err := c.callJSON(ctx, creds, http.MethodGet, endpoint, nil, &info); err != nil {
		return mediaInfo{}, err
	}
	if info.URL == "" {
		return mediaInfo{}, &channels.SendError{Provider: Kind, HTTPStatus: http.StatusOK, Message: "media response carries no URL", Permanent: true}
	}
	return info, nil
}

// download GETs a media URL. On success the response body's Close also
// releases the download's deadline.
func (c *Client) download(ctx context.Context, creds channels.Credentials, mediaURL string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.DownloadTimeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, mediaURL, nil)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("whatsapp: build request: %w", err)
	}
	resp, err := c.do(req, creds.AccessToken)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
