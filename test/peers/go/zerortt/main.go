// zerortt: quic-go 0.29's 0-RTT (DialAddrEarly, ListenAddrEarly) against our stack, on the HLD
// text echo (ARCHITECTURE.md §5). Built by test/peers/go.ts like the other Go programs.
//
//	zerortt -role server -addr 127.0.0.1:0   prints "listening ADDR", then "used0RTT=<bool>" per
//	                                         connection once its handshake completes
//	zerortt -role client -addr ADDR -msg M   connects once for a session ticket, resumes with
//	                                         DialAddrEarly and sends M as early data; prints "echo: M"
//	                                         and "0-RTT used" or "0-RTT rejected" (then M is sent
//	                                         again on NextConnection)
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	quic "github.com/lucas-clemente/quic-go"
)

const hldALPN = "HLD"
const businessText = 0x01

func main() {
	role := flag.String("role", "", "server or client")
	addr := flag.String("addr", "127.0.0.1:0", "server: address to listen on; client: server address")
	msg := flag.String("msg", "hello in 0-RTT", "client: the message sent as early data")
	keylog := flag.String("keylog", "", "append TLS secrets in NSS key log format to this file")
	flag.Parse()
	var kl io.Writer
	if *keylog != "" {
		f, err := os.OpenFile(*keylog, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		kl = f
	}
	var err error
	switch *role {
	case "server":
		err = server(*addr, kl)
	case "client":
		err = client(*addr, *msg, kl)
	default:
		err = errors.New("-role must be server or client")
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "zerortt: %v\n", err)
	os.Exit(1)
}

func client(addr, msg string, kl io.Writer) error {
	tlsConf := &tls.Config{
		InsecureSkipVerify: true,
		NextProtos:         []string{hldALPN},
		ClientSessionCache: tls.NewLRUClientSessionCache(4),
		KeyLogWriter:       kl,
	}
	first, err := quic.DialAddr(addr, tlsConf, nil)
	if err != nil {
		return err
	}
	// One round trip: the server's session ticket comes with its first 1-RTT packets.
	if _, err := echo(first, "ticket"); err != nil {
		return err
	}
	time.Sleep(100 * time.Millisecond)
	first.CloseWithError(0, "")

	conn, err := quic.DialAddrEarly(addr, tlsConf, nil)
	if err != nil {
		return err
	}
	defer conn.CloseWithError(0, "")
	reply, err := echo(conn, msg)
	outcome := "0-RTT used"
	if err != nil {
		// quic-go 0.29: after a rejection the early streams fail; send again on NextConnection.
		outcome = "0-RTT rejected"
		if reply, err = echo(conn.NextConnection(), msg); err != nil {
			return err
		}
	} else if !conn.ConnectionState().TLS.Used0RTT {
		outcome = "0-RTT rejected"
	}
	if reply != msg {
		return fmt.Errorf("echo mismatch: sent %q, got %q", msg, reply)
	}
	fmt.Printf("echo: %s\n%s\n", reply, outcome)
	return nil
}

// echo sends 0x01 + msg and FIN, and reads the echo to the server's FIN.
func echo(conn quic.Connection, msg string) (string, error) {
	str, err := conn.OpenStreamSync(context.Background())
	if err != nil {
		return "", err
	}
	if _, err := str.Write(append([]byte{businessText}, msg...)); err != nil {
		return "", err
	}
	str.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, str); err != nil {
		return "", err
	}
	return b.String(), nil
}

func server(addr string, kl io.Writer) error {
	tlsConf, err := selfSignedTLS(kl)
	if err != nil {
		return err
	}
	ln, err := quic.ListenAddrEarly(addr, tlsConf, &quic.Config{})
	if err != nil {
		return err
	}
	fmt.Printf("listening %s\n", ln.Addr())
	for {
		conn, err := ln.Accept(context.Background())
		if err != nil {
			return err
		}
		go serveConn(conn)
	}
}

func serveConn(conn quic.EarlyConnection) {
	go func() {
		<-conn.HandshakeComplete().Done()
		fmt.Printf("used0RTT=%v\n", conn.ConnectionState().TLS.Used0RTT)
	}()
	for {
		str, err := conn.AcceptStream(context.Background())
		if err != nil {
			return
		}
		go func() {
			kind := make([]byte, 1)
			if _, err := io.ReadFull(str, kind); err != nil || kind[0] != businessText {
				str.CancelRead(0x10)
				str.Close()
				return
			}
			io.Copy(str, str)
			str.Close()
		}()
	}
}
