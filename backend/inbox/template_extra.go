package inbox

import (
	"encoding/json"
	"errors"

	"switchboard/backend/channels"
)

// templateExtra is how a template message keeps what it sends.
type templateExtra struct {
	Template *channels.Template `json:"template"`
}

func decodeTemplate(extra json.RawMessage) (*channels.Template, error) {
	var e templateExtra
	if err := json.Unmarshal(extra, &e); err != nil || e.Template == nil {
		return nil, errors.New("the template message lost its template")
	}
	return e.Template, nil
}
