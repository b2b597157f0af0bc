package remote

import "encoding/json"

// Codec turns a kind's request and reply values into bytes and back. A kind
// uses JSON unless given another with [WithCodec]; both processes must give
// a kind the same codec. A request or reply in another content type gets a
// bad_request error, never a guess.
type Codec interface {
	// ContentType names the encoding on the wire (the Content-Type header,
	// sent only when it is not JSON's).
	ContentType() string
	// Marshal encodes a request or a reply.
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes data into v, a pointer; it must fail, not panic,
	// on any input.
	Unmarshal(data []byte, v any) error
}

// JSON is the default codec: encoding/json, readable from any language and
// tolerant of fields added by a newer peer.
var JSON Codec = jsonCodec{}

const jsonContentType = "application/json"

type jsonCodec struct{}

func (jsonCodec) ContentType() string                { return jsonContentType }
func (jsonCodec) Marshal(v any) ([]byte, error)      { return json.Marshal(v) }
func (jsonCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
