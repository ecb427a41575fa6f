package whatsapp

import (
	"context"
	"net/http"
	"net/url"

	"switchboard/backend/channels"
)

type sendResponse struct {
	Messages []struct {
		ID            string `json:"id"`
		MessageStatus string `json:"message_status"`
	} `json:"messages"`
}

// Send posts msg to /{SenderID}/messages. Invalid messages fail before any
// request with channels.ErrInvalidMessage. Provider refusals are
// *channels.SendError classified on error.code (see IsPermanentError);
// transport failures and timeouts are transient SendErrors. A nil error means
// accepted: delivery is reported later by status webhooks.
func (c *Client) Send(ctx context.Context, creds channels.Credentials, msg channels.OutboundMessage) (channels.SendResult, error) {
	if err := requireToken(creds); err != nil {
		return channels.SendResult{}, err
	}
	body, err := buildSendRequest(msg)
	if err != nil {
		return channels.SendResult{}, err
	}
	endpoint := baseURL(creds) + "/" + url.PathEscape(msg.SenderID) + "/messages"
	var resp sendResponse
	if err := c.callJSON(ctx, creds, http.MethodPost, endpoint, body, &resp); err != nil {
		return channels.SendResult{}, err
	}
	if len(resp.Messages) == 0 || resp.Messages[0].ID == "" {
		// Accepted without an id we could track: resending may duplicate.
		return channels.SendResult{}, &channels.SendError{
			Provider:   Kind,
			HTTPStatus: http.StatusOK,
			Message:    "response carries no message id",
			Permanent:  true,
		}
	}
	return channels.SendResult{
		ProviderMessageID: resp.Messages[0].ID,
		Status:            channels.StatusAccepted,
		ProviderStatus:    resp.Messages[0].MessageStatus,
	}, nil
}
