// verify_chain ROOT.pem LEAF.pem NAME [INTERMEDIATE.pem …]: verifies LEAF (through the
// intermediates) against ROOT for NAME with Go's crypto/x509, the verifier quic-go peers use, as a
// TLS client does (extended key usage serverAuth). Prints OK, or the error and exits 1.
package main

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
)

func load(path string) *x509.Certificate {
	data, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		fail(fmt.Errorf("%s: no PEM block", path))
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		fail(err)
	}
	return cert
}

func fail(err error) {
	fmt.Println(err)
	os.Exit(1)
}

func main() {
	roots := x509.NewCertPool()
	roots.AddCert(load(os.Args[1]))
	intermediates := x509.NewCertPool()
	for _, path := range os.Args[4:] {
		intermediates.AddCert(load(path))
	}
	opts := x509.VerifyOptions{Roots: roots, Intermediates: intermediates, DNSName: os.Args[3]}
	if _, err := load(os.Args[2]).Verify(opts); err != nil {
		fail(err)
	}
	fmt.Println("OK")
}
