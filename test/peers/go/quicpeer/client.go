package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	quic "github.com/lucas-clemente/quic-go"
)

// session is one dialed connection and the facts of its handshake.
type session struct {
	conn        quic.Connection
	facts       *handshakeFacts
	handshakeMs float64
	deadline    time.Time
}

func runClient(o *options) error {
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	if o.op == "vn-probe" {
		return vnProbe(ctx, o)
	}
	keylog, err := openKeylog(o.keylog)
	if err != nil {
		return err
	}
	if keylog != nil {
		defer keylog.Close()
	}
	tlsConf, err := clientTLSConfig(o, keylog)
	if err != nil {
		return err
	}
	remote, err := net.ResolveUDPAddr("udp", o.addr)
	if err != nil {
		return err
	}
	// Our own socket on the loopback interface (quic.DialAddr would bind 0.0.0.0).
	udp, err := net.ListenUDP("udp", &net.UDPAddr{IP: loopbackOf(remote.IP)})
	if err != nil {
		return err
	}
	defer udp.Close()

	s := &session{facts: &handshakeFacts{}}
	s.deadline, _ = ctx.Deadline()
	conf := &quic.Config{Versions: o.versions, Tracer: s.facts.tracer()}
	start := time.Now()
	s.conn, err = quic.DialContext(ctx, udp, remote, o.addr, tlsConf, conf)
	if err != nil {
		return fmt.Errorf("handshake failed: %v", err)
	}
	defer s.conn.CloseWithError(0, "")
	s.handshakeMs = float64(time.Since(start).Microseconds()) / 1000

	switch o.op {
	case "handshake":
		return s.handshake()
	case "echo":
		return s.echo(ctx, o.msgs)
	case "upload":
		return s.upload(ctx, o)
	case "goodput", "download":
		return s.goodput(ctx, o.bytes)
	case "bulk-send":
		return s.bulkSend(ctx, o)
	}
	return fmt.Errorf("unknown -op %q", o.op)
}

func loopbackOf(ip net.IP) net.IP {
	if ip.To4() != nil {
		return net.IPv4(127, 0, 0, 1)
	}
	return net.IPv6loopback
}

func (s *session) openStream(ctx context.Context) (quic.Stream, error) {
	str, err := s.conn.OpenStreamSync(ctx)
	if err != nil {
		return nil, err
	}
	str.SetDeadline(s.deadline)
	return str, nil
}

// handshake prints "alpn=<x> version=<v>" and what else the handshake showed.
func (s *session) handshake() error {
	version, retry, vn := s.facts.snapshot()
	state := s.conn.ConnectionState().TLS
	fmt.Printf("alpn=%s version=%s retry=%t vn=%t cipher=%s handshake_ms=%.1f\n",
		state.NegotiatedProtocol, version, retry, vn, tls.CipherSuiteName(state.CipherSuite), s.handshakeMs)
	return nil
}

// echo sends each message on its own text stream and prints "echo: <reply>".
func (s *session) echo(ctx context.Context, msgs []string) error {
	if len(msgs) == 0 {
		return errors.New("-op echo needs -msg")
	}
	for _, m := range msgs {
		str, err := s.openStream(ctx)
		if err != nil {
			return err
		}
		if _, err := str.Write(append([]byte{businessText}, m...)); err != nil {
			return err
		}
		str.Close()
		reply, err := io.ReadAll(str)
		if err != nil {
			return fmt.Errorf("echo: %v", err)
		}
		if string(reply) != m {
			return fmt.Errorf("echo mismatch: sent %q, got %q", m, reply)
		}
		fmt.Printf("echo: %s\n", reply)
	}
	return nil
}

func (s *session) upload(ctx context.Context, o *options) error {
	if o.file == "" {
		return errors.New("-op upload needs -file")
	}
	f, err := os.Open(o.file)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	name := o.name
	if name == "" {
		name = filepath.Base(o.file)
	}
	return s.sendUpload(ctx, uploadHeaderText(o, name, info.Size()), f, info.Size())
}

// bulkSend uploads -bytes bytes of the pattern byte(i % 256).
func (s *session) bulkSend(ctx context.Context, o *options) error {
	name := o.name
	if name == "" {
		name = "bulk.bin"
	}
	return s.sendUpload(ctx, uploadHeaderText(o, name, o.bytes), &patternReader{}, o.bytes)
}

func uploadHeaderText(o *options, name string, size int64) string {
	if o.header != nil {
		return *o.header
	}
	return fmt.Sprintf("%s|%d", name, size)
}

// sendUpload writes the upload framing while reading the reply, prints the reply line and
// checks an OK line's size and sha256 against what was sent. An ERR reply is a failure.
func (s *session) sendUpload(ctx context.Context, header string, body io.Reader, size int64) error {
	str, err := s.openStream(ctx)
	if err != nil {
		return err
	}
	sent := make(chan string, 1)
	go func() {
		hasher := sha256.New()
		frame := make([]byte, 5, 5+len(header))
		frame[0] = businessUpload
		binary.BigEndian.PutUint32(frame[1:], uint32(len(header)))
		frame = append(frame, header...)
		_, err := str.Write(frame)
		if err == nil {
			_, err = io.CopyN(io.MultiWriter(str, hasher), body, size)
		}
		str.Close()
		if err != nil {
			sent <- ""
			return
		}
		sent <- hex.EncodeToString(hasher.Sum(nil))
	}()
	line, err := bufio.NewReader(str).ReadString('\n')
	if err != nil && line == "" {
		str.CancelWrite(refusedCode)
		return fmt.Errorf("upload: no reply: %v", err)
	}
	line = strings.TrimRight(line, "\n")
	fmt.Println(line)
	if !strings.HasPrefix(line, "OK ") {
		str.CancelWrite(refusedCode)
		return errors.New(line)
	}
	want := fmt.Sprintf("OK %d %s", size, <-sent)
	if line != want {
		return fmt.Errorf("upload: server replied %q, expected %q", line, want)
	}
	return nil
}

// patternReader yields byte(i % 256) forever.
type patternReader struct{ off int }

func (r *patternReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], patternBlock[r.off:])
		n += c
		r.off = (r.off + c) % len(patternBlock)
	}
	return n, nil
}

type goodputResult struct {
	Bytes       int64   `json:"bytes"`
	Seconds     float64 `json:"seconds"`
	MbitPerS    float64 `json:"mbit_per_s"`
	HandshakeMs float64 `json:"handshake_ms"`
	Sha256      string  `json:"sha256"`
}

// goodput asks for n pattern bytes, checks every byte and prints one JSON line.
func (s *session) goodput(ctx context.Context, n int64) error {
	str, err := s.openStream(ctx)
	if err != nil {
		return err
	}
	req := make([]byte, 9)
	req[0] = businessGoodput
	binary.BigEndian.PutUint64(req[1:], uint64(n))
	start := time.Now()
	if _, err := str.Write(req); err != nil {
		return err
	}
	str.Close()
	hasher := sha256.New()
	buf := make([]byte, 256<<10)
	var got int64
	for {
		k, err := str.Read(buf)
		for i, b := range buf[:k] {
			if b != byte(got+int64(i)) {
				return fmt.Errorf("goodput: byte %d is 0x%02x, expected 0x%02x", got+int64(i), b, byte(got+int64(i)))
			}
		}
		hasher.Write(buf[:k])
		got += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("goodput: after %d bytes: %v", got, err)
		}
	}
	secs := time.Since(start).Seconds()
	if got != n {
		return fmt.Errorf("goodput: received %d bytes, asked for %d", got, n)
	}
	line, _ := json.Marshal(goodputResult{
		Bytes:       got,
		Seconds:     secs,
		MbitPerS:    float64(got) * 8 / 1e6 / secs,
		HandshakeMs: s.handshakeMs,
		Sha256:      hex.EncodeToString(hasher.Sum(nil)),
	})
	fmt.Println(string(line))
	return nil
}
