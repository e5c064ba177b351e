// Command articleserver behaves as the server program of the article the course follows (its
// main, handleConnection, handleVideo and generateTLSConfig), on quic-go 0.29 as Debian packages it:
//
//   - its certificate is made the way the article makes it: a fresh RSA-1024 key and a
//     self-signed certificate from a template that sets only a serial number, so NotBefore and
//     NotAfter are Go's zero time (GeneralizedTime 00010101000000Z) and it names no host;
//   - its quic.Config sets the article's receive windows (stream 1 MB up to 6 MB, connection
//     2 MB up to 12 MB), ALPN "HLD";
//   - on each stream it reads the business type with a 1-byte Read; 0x05 is a "video" upload,
//     stored as received_<name> (handleVideo's way, see video.go); anything else is text: one
//     Read of up to 1024 bytes, two seconds' pause, the same bytes written back; then the next
//     business type. When the stream ends it closes its side (FIN).
//
// What differs, for tests: -addr (the article's is 127.0.0.1:9000), the first stdout line
// "listening HOST:PORT", -dir instead of the working directory, and -lifetime: it stops by itself.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o ../bin/articleserver .
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"

	quic "github.com/lucas-clemente/quic-go"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "address to listen on (port 0 picks one)")
	dir := flag.String("dir", ".", "where 0x05 uploads are stored, as received_<name>")
	lifetime := flag.Duration("lifetime", time.Minute, "exit after this long")
	flag.Parse()

	tlsConf, err := articleTLSConfig()
	if err != nil {
		log.Fatalf("certificate: %v", err)
	}
	quicConf := &quic.Config{
		InitialStreamReceiveWindow:     1 << 20,
		MaxStreamReceiveWindow:         6 << 20,
		InitialConnectionReceiveWindow: 2 << 20,
		MaxConnectionReceiveWindow:     12 << 20,
	}
	ln, err := quic.ListenAddr(*addr, tlsConf, quicConf)
	if err != nil {
		log.Fatalf("listen on %s: %v", *addr, err)
	}
	fmt.Printf("listening %s\n", ln.Addr())

	ctx, cancel := context.WithTimeout(context.Background(), *lifetime)
	defer cancel()
	for {
		conn, err := ln.Accept(ctx)
		if err != nil {
			log.Printf("accept: %v", err)
			ln.Close()
			return
		}
		fmt.Println("New client connected")
		go serveConnection(conn, *dir)
	}
}

// serveConnection handles every stream the client opens, each in its own goroutine.
func serveConnection(conn quic.Connection, dir string) {
	for {
		str, err := conn.AcceptStream(context.Background())
		if err != nil {
			log.Printf("accept stream: %v", err)
			return
		}
		fmt.Printf("New stream opened: %d from %s\n", str.StreamID(), conn.RemoteAddr())
		go serveStream(str, dir)
	}
}

// serveStream reads a business type, serves it, and reads the next, until the stream ends or a
// video was stored; then it closes the stream's send side.
func serveStream(str quic.Stream, dir string) {
	defer str.Close()
	for {
		bizType := make([]byte, 1)
		if _, err := str.Read(bizType); err != nil {
			log.Printf("read business type: %v", err)
			return
		}
		if bizType[0] == 0x05 {
			storeVideo(str, dir)
			return
		}
		text := make([]byte, 1024)
		n, err := str.Read(text)
		if err != nil {
			log.Printf("read text: %v", err)
			return
		}
		fmt.Printf("Recv: %s\n", text[:n])
		time.Sleep(2 * time.Second)
		if _, err := str.Write(text[:n]); err != nil {
			log.Printf("write text: %v", err)
			return
		}
		fmt.Printf("Send: %s\n", text[:n])
	}
}
