// Command articleclient behaves as the client program of the article the course follows, on
// quic-go 0.29 as Debian packages it: it dials without verifying the certificate
// (InsecureSkipVerify) with ALPN "HLD", opens one stream, writes the business type 0x01, waits two
// seconds, writes "HLD_1", and prints each Read of what comes back as "Recv: …".
//
// What differs: the article's client never exits (it sleeps 10000 s before its next message);
// this one closes the stream and the connection once the echo is complete, exit status 0, or
// exits 1 with the reason on stderr after -timeout. -addr defaults to the article's address.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o ../bin/articleclient .
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"os"
	"time"

	quic "github.com/lucas-clemente/quic-go"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "server address")
	timeout := flag.Duration("timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	time.AfterFunc(*timeout, func() { fail(fmt.Errorf("no echo within %s", *timeout)) })
	if err := run(*addr); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "articleclient:", err)
	os.Exit(1)
}

func run(addr string) error {
	tlsConf := &tls.Config{InsecureSkipVerify: true, NextProtos: []string{"HLD"}}
	conn, err := quic.DialAddr(addr, tlsConf, nil)
	if err != nil {
		return fmt.Errorf("dial %s: %w", addr, err)
	}
	defer conn.CloseWithError(0, "")
	str, err := conn.OpenStreamSync(context.Background())
	if err != nil {
		return fmt.Errorf("open stream: %w", err)
	}
	defer str.Close()

	// The business type and the text are separate writes, two seconds apart, as in the article.
	if _, err := str.Write([]byte{0x01}); err != nil {
		return fmt.Errorf("write business type: %w", err)
	}
	const message = "HLD_1"
	fmt.Printf("Send: %s\n", message)
	time.Sleep(2 * time.Second)
	if _, err := str.Write([]byte(message)); err != nil {
		return fmt.Errorf("write text: %w", err)
	}

	for received := 0; received < len(message); {
		buf := make([]byte, 1024)
		n, err := str.Read(buf)
		if n > 0 {
			fmt.Printf("Recv: %s\n", buf[:n])
			received += n
		}
		if err != nil {
			return fmt.Errorf("read after %d bytes: %w", received, err)
		}
	}
	return nil
}
