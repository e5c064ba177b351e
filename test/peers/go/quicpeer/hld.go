package main

import (
	"fmt"
	"strconv"
	"strings"

	quic "github.com/lucas-clemente/quic-go"
)

// The HLD application protocol, ARCHITECTURE.md §5: the first byte of each client-opened
// bidirectional stream names the business.
const (
	hldALPN = "HLD"

	businessText    = 0x01
	businessUpload  = 0x05
	businessGoodput = 0x06

	maxUploadHeaderLen = 4096
	echoChunk          = 1024

	// refusedCode is the application error code of the STOP_SENDING that follows an "ERR" reply.
	refusedCode quic.StreamErrorCode = 0x10
)

// patternBlock holds byte(i % 256) for i in [0, 65536): goodput data, also sent by bulk-send.
var patternBlock = func() []byte {
	b := make([]byte, 1<<16)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

// uploadHeader is the "name|size" header of an upload, split at the last '|'.
type uploadHeader struct {
	name string
	size int64
}

// parseUploadHeader applies §5's refusals; the error text is the reason after "ERR ".
func parseUploadHeader(h string, maxUpload int64) (uploadHeader, error) {
	i := strings.LastIndexByte(h, '|')
	if i < 0 {
		return uploadHeader{}, fmt.Errorf("malformed header: no '|'")
	}
	name, sizeText := h[:i], h[i+1:]
	size, err := parseSize(sizeText)
	if err != nil {
		return uploadHeader{}, err
	}
	if size > maxUpload {
		return uploadHeader{}, fmt.Errorf("size %d over limit %d", size, maxUpload)
	}
	if !validFileName(name) {
		return uploadHeader{}, fmt.Errorf("bad file name %q", name)
	}
	return uploadHeader{name: name, size: size}, nil
}

// parseSize accepts a plain non-negative decimal number only (no sign, no spaces).
func parseSize(s string) (int64, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("bad size %q", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n, nil
}

// validFileName refuses what could leave the output directory: empty, ".", "/", "\", NUL, "..".
func validFileName(name string) bool {
	return name != "" && name != "." && !strings.ContainsAny(name, "/\\\x00") && !strings.Contains(name, "..")
}
