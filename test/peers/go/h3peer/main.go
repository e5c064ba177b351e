// Command h3peer is quic-go 0.29's HTTP/3 (package http3, as Debian packages it) for the course's
// HTTP/3 interop tests: a static file server and a one-GET client.
//
// Build in GOPATH mode (Debian ships quic-go's sources under /usr/share/gocode):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o ../bin/h3peer .
//
// Server: h3peer -mode server -addr 127.0.0.1:0 -root DIR [-lifetime 60s]  prints "listening 127.0.0.1:PORT" first.
// Client: h3peer -mode client -url https://127.0.0.1:PORT/PATH [-timeout 10s]  prints "status N length L sha256 HEX".
//
// Exit status: 0 on success, 1 with a one-line reason on stderr otherwise.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/lucas-clemente/quic-go/http3"
)

func main() {
	mode := flag.String("mode", "", "server or client")
	addr := flag.String("addr", "127.0.0.1:0", "server: address to listen on")
	root := flag.String("root", "", "server: directory to serve")
	lifetime := flag.Duration("lifetime", time.Minute, "server: exit after this long")
	url := flag.String("url", "", "client: the https URL to GET")
	timeout := flag.Duration("timeout", 10*time.Second, "client: give up after this long")
	flag.Parse()
	var err error
	switch *mode {
	case "server":
		err = serve(*addr, *root, *lifetime)
	case "client":
		err = get(*url, *timeout)
	default:
		err = errors.New("-mode must be server or client")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "h3peer: "+strings.ReplaceAll(err.Error(), "\n", " "))
		os.Exit(1)
	}
}

func serve(addr, root string, lifetime time.Duration) error {
	if root == "" {
		return errors.New("-root is required")
	}
	cert, err := selfSignedCert()
	if err != nil {
		return err
	}
	udpAddr, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return err
	}
	conn, err := net.ListenUDP("udp", udpAddr)
	if err != nil {
		return err
	}
	fmt.Printf("listening %s\n", conn.LocalAddr())
	time.AfterFunc(lifetime, func() { os.Exit(0) })
	server := &http3.Server{
		Handler:   http.FileServer(http.Dir(root)),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}},
	}
	return server.Serve(conn)
}

func get(url string, timeout time.Duration) error {
	rt := &http3.RoundTripper{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	defer rt.Close()
	client := &http.Client{Transport: rt, Timeout: timeout}
	res, err := client.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, res.Body)
	if err != nil {
		return err
	}
	fmt.Printf("status %d length %d sha256 %s proto %s\n", res.StatusCode, n, hex.EncodeToString(h.Sum(nil)), res.Proto)
	return nil
}

// selfSignedCert makes an ECDSA P-256 certificate for 127.0.0.1, ::1 and localhost.
func selfSignedCert() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
