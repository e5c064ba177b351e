package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	quic "github.com/lucas-clemente/quic-go"
)

// handleStream serves one client-opened bidirectional stream.
func handleStream(str quic.Stream, o *options) {
	var kind [1]byte
	if _, err := io.ReadFull(str, kind[:]); err != nil {
		str.CancelRead(refusedCode)
		str.Close()
		return
	}
	switch kind[0] {
	case businessText:
		serveEcho(str)
	case businessUpload:
		serveUpload(str, o)
	case businessGoodput:
		serveGoodput(str)
	default:
		refuse(str, fmt.Sprintf("unknown business type 0x%02x", kind[0]))
	}
}

// refuse replies "ERR <reason>", stops the peer's sending and finishes the stream.
func refuse(str quic.Stream, reason string) {
	fmt.Fprintf(str, "ERR %s\n", reason)
	str.CancelRead(refusedCode)
	str.Close()
}

// serveEcho echoes in chunks of at most 1024 bytes and finishes when the client does.
func serveEcho(str quic.Stream) {
	buf := make([]byte, echoChunk)
	for {
		n, err := str.Read(buf)
		if n > 0 {
			if _, werr := str.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err == io.EOF {
			str.Close()
			return
		}
		if err != nil {
			str.CancelWrite(refusedCode)
			return
		}
	}
}

func serveGoodput(str quic.Stream) {
	var count [8]byte
	if _, err := io.ReadFull(str, count[:]); err != nil {
		refuse(str, "truncated goodput request")
		return
	}
	if err := writePattern(str, binary.BigEndian.Uint64(count[:])); err != nil {
		return
	}
	str.Close()
}

// writePattern writes n bytes of byte(i % 256).
func writePattern(w io.Writer, n uint64) error {
	for n > 0 {
		chunk := patternBlock
		if n < uint64(len(chunk)) {
			chunk = chunk[:n]
		}
		if _, err := w.Write(chunk); err != nil {
			return err
		}
		n -= uint64(len(chunk))
	}
	return nil
}

func serveUpload(str quic.Stream, o *options) {
	var lenBuf [4]byte
	if _, err := io.ReadFull(str, lenBuf[:]); err != nil {
		refuse(str, "truncated header length")
		return
	}
	headerLen := binary.BigEndian.Uint32(lenBuf[:])
	if headerLen == 0 || headerLen > maxUploadHeaderLen {
		refuse(str, fmt.Sprintf("bad header length %d", headerLen))
		return
	}
	headerBytes := make([]byte, headerLen)
	if _, err := io.ReadFull(str, headerBytes); err != nil {
		refuse(str, "truncated header")
		return
	}
	h, err := parseUploadHeader(string(headerBytes), o.maxUpload)
	if err != nil {
		refuse(str, err.Error())
		return
	}
	sum, err := receiveUpload(str, h, o.out)
	if err != nil {
		refuse(str, err.Error())
		return
	}
	fmt.Fprintf(str, "OK %d %s\n", h.size, sum)
	str.Close()
}

// receiveUpload reads exactly h.size bytes into <out>/received_<name>.*.part and renames it
// into place only when complete, so a broken upload leaves no file. Without -out the bytes
// are only hashed.
func receiveUpload(r io.Reader, h uploadHeader, out string) (string, error) {
	hasher := sha256.New()
	if out == "" {
		return copyExactly(hasher, r, h.size, hasher)
	}
	final := filepath.Join(out, "received_"+h.name)
	part, err := os.CreateTemp(out, "received_"+h.name+".*.part")
	if err != nil {
		return "", fmt.Errorf("cannot store upload")
	}
	sum, err := copyExactly(io.MultiWriter(part, hasher), r, h.size, hasher)
	if err == nil {
		err = commitPart(part, final)
	} else {
		part.Close()
	}
	if err != nil {
		os.Remove(part.Name())
		return "", err
	}
	return sum, nil
}

// commitPart closes the complete part file and renames it to its final name.
func commitPart(part *os.File, final string) error {
	err := part.Chmod(0o644)
	if cerr := part.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(part.Name(), final)
	}
	if err != nil {
		return errors.New("cannot store upload")
	}
	return nil
}

func copyExactly(w io.Writer, r io.Reader, size int64, hasher hash.Hash) (string, error) {
	n, err := io.CopyN(w, r, size)
	if errors.Is(err, io.EOF) {
		return "", fmt.Errorf("upload ended after %d of %d bytes", n, size)
	}
	if err != nil {
		return "", fmt.Errorf("upload broken after %d of %d bytes", n, size)
	}
	return hex.EncodeToString(hasher.Sum(nil)), nil
}
