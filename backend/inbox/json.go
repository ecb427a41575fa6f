package inbox

import "encoding/json"

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("inbox: " + err.Error())
	}
	return b
}
