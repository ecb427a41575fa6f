package auth

// APITokenPrefix starts every API token, so leaked tokens are easy to spot.
const APITokenPrefix = "sb_"

// NewAPITokenSecret returns a fresh API token, the short prefix shown in
// lists, and the hash that is stored instead of the token.
func NewAPITokenSecret() (secret, prefix string, hash []byte) {
	secret = APITokenPrefix + randomToken(32)
	return secret, secret[:len(APITokenPrefix)+6], hashSecret(secret)
}
