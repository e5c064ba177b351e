// Command quicpeer is an independent QUIC peer for the course's interop tests: a server and a client
// of the HLD protocol (ARCHITECTURE.md §5) on quic-go 0.29 as Debian packages it.
//
// Build in GOPATH mode (Debian ships quic-go's sources under /usr/share/gocode):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o ../bin/quicpeer .
//
// Server: quicpeer -mode server -addr 127.0.0.1:0 [-out DIR] [-retry] ...  prints "listening 127.0.0.1:PORT" first.
// Client: quicpeer -mode client -addr 127.0.0.1:PORT -op echo|upload|goodput|download|handshake|bulk-send|vn-probe ...
//
// Exit status: 0 on success, 1 with a one-line reason on stderr otherwise. Loopback addresses only.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

type options struct {
	mode      string
	addr      string
	cert      string
	key       string
	writeCert string
	ca        string
	sni       string
	alpn      []string
	retry     bool
	versions  []versionNumber
	keylog    string
	timeout   time.Duration
	lifetime  time.Duration
	out       string
	maxUpload int64
	op        string
	msgs      []string
	file      string
	name      string
	header    *string // raw upload header overriding "name|size", for refusal tests
	bytes     int64
}

func main() {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fail(err)
	}
	switch o.mode {
	case "server":
		err = runServer(o)
	case "client":
		err = runClient(o)
	}
	if err != nil {
		fail(err)
	}
}

// fail prints a one-line reason on stderr and exits with status 1.
func fail(err error) {
	fmt.Fprintln(os.Stderr, "quicpeer: "+strings.ReplaceAll(err.Error(), "\n", " "))
	os.Exit(1)
}

func parseFlags(args []string) (*options, error) {
	fs := flag.NewFlagSet("quicpeer", flag.ContinueOnError)
	o := &options{}
	var alpn, versions, msg, header string
	fs.StringVar(&o.mode, "mode", "", "server or client")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "server: address to listen on (port 0 picks one); client: server address")
	fs.StringVar(&o.cert, "cert", "", "server: certificate PEM file (default: fresh self-signed ECDSA P-256)")
	fs.StringVar(&o.key, "key", "", "server: private key PEM file")
	fs.StringVar(&o.writeCert, "write-cert", "", "server: write the certificate in use to this PEM file")
	fs.StringVar(&o.ca, "ca", "", "client: verify the server certificate against this PEM file (default: InsecureSkipVerify)")
	fs.StringVar(&o.sni, "sni", "", "client: TLS server name")
	fs.StringVar(&alpn, "alpn", hldALPN, "comma-separated ALPN protocols")
	fs.BoolVar(&o.retry, "retry", false, "server: send a Retry for every new connection")
	fs.StringVar(&versions, "versions", "", "comma-separated QUIC versions in order of preference: v1, v2, draft29 or hex")
	fs.StringVar(&o.keylog, "keylog", "", "append TLS secrets in NSS key log format to this file")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "client: bound on the whole operation")
	fs.DurationVar(&o.lifetime, "lifetime", 60*time.Second, "server: exit after this long")
	fs.StringVar(&o.out, "out", "", "server: directory for uploads (default: hash and discard)")
	fs.Int64Var(&o.maxUpload, "max-upload", 1<<30, "server: largest accepted upload in bytes")
	fs.StringVar(&o.op, "op", "handshake", "client: echo, upload, goodput, download, handshake, bulk-send or vn-probe")
	fs.StringVar(&msg, "msg", "", "client echo: message (more messages may follow as arguments)")
	fs.StringVar(&o.file, "file", "", "client upload: file to send")
	fs.StringVar(&o.name, "name", "", "client upload/bulk-send: name sent to the server")
	fs.StringVar(&header, "header", "", "client upload/bulk-send: raw header sent instead of name|size")
	fs.Int64Var(&o.bytes, "bytes", 1<<20, "client goodput/download/bulk-send: byte count")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "header" {
			o.header = &header
		}
	})
	if o.mode != "server" && o.mode != "client" {
		return nil, fmt.Errorf("-mode must be server or client")
	}
	if err := requireLoopback(o.addr); err != nil {
		return nil, err
	}
	o.alpn = strings.Split(alpn, ",")
	if versions != "" {
		vs, err := parseVersions(versions)
		if err != nil {
			return nil, err
		}
		o.versions = vs
	}
	if msg != "" {
		o.msgs = append(o.msgs, msg)
	}
	o.msgs = append(o.msgs, fs.Args()...)
	if o.bytes < 0 {
		return nil, fmt.Errorf("-bytes must not be negative")
	}
	return o, nil
}

// requireLoopback keeps the peer on 127.0.0.0/8 or ::1: interop never leaves the machine.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad -addr %q: %v", addr, err)
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q is not a loopback IP address", addr)
	}
	return nil
}
