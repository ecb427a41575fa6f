package whatsapp_test

import (
	"fmt"
	"os"

	"switchboard/backend/channels/whatsapp"
)

// The ingest handler's order of work: verify the raw bytes, then parse.
func ExampleParseWebhook() {
	body, _ := os.ReadFile("testdata/wa_inbound_text.json")
	header := "sha256=1c041e1c07f50386213ac582d2e17d24d70f1ed42949a6e5a5607057b805b5fc"
	if err := whatsapp.VerifySignature("test_app_secret", body, header); err != nil {
		fmt.Println("reject:", err)
		return
	}
	batch, err := whatsapp.ParseWebhook(body)
	if err != nil {
		fmt.Println("reject:", err)
		return
	}
	for _, m := range batch.Messages {
		fmt.Printf("%s from %s (%s) to %s: %q\n", m.Type, m.SenderKey(), m.ProfileName, m.Business.PhoneNumberID, m.Text)
	}
	// Output:
	// text from 16505551234 (Sheena Nelson) to 106540352242922: "Does it come in another color?"
}
