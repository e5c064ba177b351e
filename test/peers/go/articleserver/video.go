package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	quic "github.com/lucas-clemente/quic-go"
)

// videoChunk is how much each copy step asks for (the article's bufSize).
const videoChunk = 8 * 1024

// storeVideo reads what follows a 0x05 business type the way the article's handleVideo does:
// a 4-byte big-endian length taken from a single Read (fewer bytes is an error), that many bytes
// of "name|size", then the file, copied into dir/received_<name> in 8 KiB steps until at least
// size bytes were asked for or the stream ends. It replies nothing.
func storeVideo(str quic.Stream, dir string) {
	lenBuf := make([]byte, 4)
	if n, err := str.Read(lenBuf); err != nil || n != 4 {
		log.Printf("video: read header length: %d bytes, %v", n, err)
		return
	}
	header := make([]byte, binary.BigEndian.Uint32(lenBuf))
	if _, err := io.ReadFull(str, header); err != nil {
		log.Printf("video: read header: %v", err)
		return
	}
	name, sizeText, found := strings.Cut(string(header), "|")
	if !found {
		log.Printf("video: header %q has no '|'", header)
		return
	}
	size, _ := strconv.ParseInt(sizeText, 10, 64)
	file, err := os.Create(filepath.Join(dir, "received_"+name))
	if err != nil {
		log.Printf("video: %v", err)
		return
	}
	if size == 0 { // the file stays, empty
		log.Printf("video: bad size %q", sizeText)
		file.Close()
		return
	}
	copyVideo(file, str, size)
	// Closed before the message, so whoever reads the message can read the whole file.
	if err := file.Close(); err != nil {
		log.Printf("video: %v", err)
	}
	fmt.Println("File received successfully", name)
}

// copyVideo copies in videoChunk steps until size bytes were asked for or the stream ends: the
// last step may wait for the stream's end, and may take up to videoChunk-1 bytes past size.
func copyVideo(file *os.File, str quic.Stream, size int64) {
	w := bufio.NewWriter(file)
	for asked := int64(0); asked < size; asked += videoChunk {
		if _, err := io.CopyN(w, str, videoChunk); err != nil {
			if err != io.EOF {
				log.Printf("video: copy: %v", err)
			}
			break
		}
	}
	if err := w.Flush(); err != nil {
		log.Printf("video: %v", err)
	}
}
