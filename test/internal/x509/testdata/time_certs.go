//go:build ignore

// Writes the fixtures of certificate.test.ts's validity tests, made by Go's crypto/x509:
//
//	go run time_certs.go
//
// time_certs.pem: self-signed P-256 certificates whose validity dates sit on the boundaries of
// RFC 5280 §4.1.2.5 (Go picks UTCTime for 1950–2049, GeneralizedTime otherwise), in this order:
// UTCTime bounds, GeneralizedTime just outside them, Go's zero time to 99991231235959Z, leap days.
// zero_time_rsa1024.pem: what the article's server presents, from a template that sets only a
// serial number (RSA-1024, NotBefore and NotAfter are Go's zero time).
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"os"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func create(template *x509.Certificate, pub, priv any) []byte {
	der, err := x509.CreateCertificate(rand.Reader, template, template, pub, priv)
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func main() {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	var out []byte
	for i, validity := range [][2]string{
		{"1950-01-01T00:00:00Z", "2049-12-31T23:59:59Z"},
		{"1949-12-31T23:59:59Z", "2050-01-01T00:00:00Z"},
		{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"},
		{"2000-02-29T12:00:00Z", "2400-02-29T12:00:00Z"},
	} {
		template := &x509.Certificate{SerialNumber: big.NewInt(int64(i + 1)), NotBefore: date(validity[0]), NotAfter: date(validity[1])}
		out = append(out, create(template, &key.PublicKey, key)...)
	}
	if err := os.WriteFile("time_certs.pem", out, 0o644); err != nil {
		panic(err)
	}

	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		panic(err)
	}
	article := create(&x509.Certificate{SerialNumber: big.NewInt(1)}, &rsaKey.PublicKey, rsaKey)
	if err := os.WriteFile("zero_time_rsa1024.pem", article, 0o644); err != nil {
		panic(err)
	}
}
